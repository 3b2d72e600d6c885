//! baozhi (报纸) turns plain-text dumps of Chinese newspaper issues into open tables.
//!
//! ```text
//! bytes ─decode─▶ text ─normalize─▶ lines ─blocks─▶ blocks ─articles─▶ articles
//!                                                        ├─numbers──▶ number rows
//!                                                        └─entities─▶ entity rows
//!                                   issues / articles / numbers / entities ─writers─▶ CSV, JSONL, Parquet
//! ```
//!
//! Each stage is a pure function in [`stages`]; [`pipeline`] runs them in order for one issue
//! ([`pipeline::convert_bytes`]) or for a batch written to disk ([`pipeline::run_batch`]).
//!
//! ```
//! use baozhi::inputs::{InputFile, Origin};
//! use baozhi::pipeline::{convert_bytes, Engine, Options};
//! use baozhi::stages::entities::EntityExtractor;
//!
//! let page = "春耕备耕忙\n\n本报讯（记者 王明）3月5日，全县完成春播面积12万亩。\n";
//! let input = InputFile {
//!     origin: Origin::Stdin,
//!     issue_id: "2023/03/06/p01".into(),
//!     source: "p01.txt".into(),
//!     paper: None,
//!     date: Some("2023-03-06".into()),
//!     error: None,
//! };
//! let engine = Engine::new(Options::default(), EntityExtractor::new(Vec::new()));
//! let issue = convert_bytes(&engine, &input, page.as_bytes());
//! assert!(issue.error.is_none());
//! assert_eq!(issue.year, Some(2023));
//! let text: String = issue.articles.iter().map(|a| a.article.text()).collect();
//! assert!(text.contains("全县完成春播面积12万亩。"));
//! ```

pub mod cli;
pub mod error;
pub mod incremental;
pub mod inputs;
pub mod inspect;
pub mod model;
pub mod ner;
pub mod output;
pub mod pipeline;
pub mod run_manifest;
pub mod schema;
pub mod stages;
pub mod tables;
pub mod writers;
pub mod zh;
