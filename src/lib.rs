//! baozhi (报纸) turns plain-text dumps of Chinese newspaper issues into open tables.
//!
//! ```text
//! bytes ─decode─▶ text ─normalize─▶ lines ─blocks─▶ blocks ─articles─▶ articles
//!                                                        ├─numbers──▶ number rows
//!                                                        └─entities─▶ entity rows
//!                                   issues / articles / numbers / entities ─writers─▶ CSV, JSONL, Parquet
//! ```

pub mod cli;
pub mod error;
pub mod inputs;
pub mod model;
pub mod pipeline;
pub mod schema;
pub mod stages;
pub mod tables;
pub mod writers;
pub mod zh;
