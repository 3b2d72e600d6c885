//! The pipeline stages, in order. Each is a pure function of the previous stage's output;
//! `crate::pipeline` is the only place that calls them in sequence.
//!
//! 1. [`decode`] bytes → text + encoding (extraction.md §1–2)
//! 2. [`normalize`] text → numbered, normalized lines (§1–2)
//! 3. [`blocks`] lines → classified blocks (§3)
//! 4. [`articles`] blocks → articles in reading order, layout repaired (§4)
//! 5. [`numbers`] article fields → numeric expressions (§5)
//! 6. [`entities`] article fields and furniture → entity mentions (§6)
//!
//! Beside them, [`issue_date`] reads the issue date from the input's path and the normalized
//! lines (after stage 2), when neither the manifest nor `--date` gives it.
//!
//! Stage 7, emitting the tables, is `crate::writers`.

pub mod articles;
pub mod blocks;
pub mod decode;
pub mod entities;
pub mod issue_date;
pub mod normalize;
pub mod numbers;
