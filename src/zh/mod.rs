//! Chinese text knowledge shared by the stages: character classes and punctuation,
//! quote and title spans, byline/dateline/credit reading. No I/O.

pub mod byline;
pub mod chars;
pub mod labels;
pub mod lexicon;
