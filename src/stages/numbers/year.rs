//! The issue year when no date is given, inferred from the years the articles print.

use std::collections::HashMap;

use crate::model::Article;

use super::dates;

/// The issue year when no date is given: the most frequent explicit `YYYY年`, ties to the
/// later year.
pub fn infer_year(articles: &[Article]) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for a in articles {
        let fields = [
            a.kicker.as_deref(),
            a.headline.as_deref(),
            a.subheadline.as_deref(),
            a.dateline.as_deref(),
        ];
        // A year is four digits, so none reaches across the \n that `Article::text()`
        // puts between paragraphs: each paragraph is counted on its own.
        for f in fields
            .into_iter()
            .flatten()
            .chain(a.paragraphs.iter().map(String::as_str))
        {
            count_years(f, &mut counts);
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

/// Counts the years printed before each 年 of `text`. `year_before` looks at most five code
/// points back: only those are decoded, and only at a 年.
fn count_years(text: &str, counts: &mut HashMap<i32, usize>) {
    for (at, _) in text.match_indices('年') {
        let mut back = ['\0'; 5];
        let mut n = 0;
        for (slot, ch) in back.iter_mut().rev().zip(text[..at].chars().rev()) {
            *slot = ch;
            n += 1;
        }
        if n >= 4 {
            if let Some(y) = dates::year_before(&back[5 - n..], n) {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
}
