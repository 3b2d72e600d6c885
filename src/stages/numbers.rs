//! Stage 5, numbers: article fields → numeric expressions (extraction.md §5).

use crate::model::{Article, NumberSpan};

/// Finds the numeric expressions of one article. `year` resolves month-day and relative dates.
pub fn extract(article: &Article, year: Option<i32>) -> Vec<NumberSpan> {
    let _ = (article, year);
    Vec::new()
}

/// The issue year when no date is given: the most frequent explicit `YYYY年`, ties to the
/// later year.
pub fn infer_year(articles: &[Article]) -> Option<i32> {
    let _ = articles;
    None
}
