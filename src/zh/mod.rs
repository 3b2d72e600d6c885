//! Chinese text knowledge shared by the stages: character classes and punctuation,
//! quote and title spans. No I/O.

pub mod chars;
pub mod lexicon;
