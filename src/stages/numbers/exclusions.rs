//! Where numerals are not numbers: inside TERMs and 《》 titles, and inside idioms.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::zh::chars::{inside, is_clause_punct, quote_spans, title_spans};

use super::units::IDIOMS;

/// Code-point spans where no number is counted: 《》 titles and TERMs (quoted content of
/// 2–16 code points without clause punctuation, extraction.md §6). A longer quotation is no
/// TERM, but quotes nested in it may be.
pub(super) fn blocked_spans(c: &[char]) -> Vec<(usize, usize)> {
    if !c.iter().any(|&ch| matches!(ch, '“' | '‘' | '《')) {
        return Vec::new();
    }
    let titles = title_spans(c);
    let mut out = titles.clone();
    let mut todo: Vec<(usize, usize)> = quote_spans(c);
    while let Some((s, e)) = todo.pop() {
        if inside(&titles, s, e) {
            continue;
        }
        let inner = &c[s..e];
        if (2..=16).contains(&inner.len()) && !inner.iter().any(|&ch| is_clause_punct(ch)) {
            out.push((s, e));
        } else {
            todo.extend(quote_spans(inner).into_iter().map(|(a, b)| (a + s, b + s)));
        }
    }
    out
}

/// Idioms grouped by first code point, sorted for binary search: SipHashing nine code
/// points per span cost more than the search.
static IDIOMS_BY_FIRST: LazyLock<Vec<(char, Vec<Vec<char>>)>> = LazyLock::new(|| {
    let mut m: HashMap<char, Vec<Vec<char>>> = HashMap::new();
    for w in IDIOMS {
        let chars: Vec<char> = w.chars().collect();
        if let Some(&f) = chars.first() {
            m.entry(f).or_default().push(chars);
        }
    }
    let mut v: Vec<(char, Vec<Vec<char>>)> = m.into_iter().collect();
    v.sort_unstable_by_key(|(f, _)| *f);
    v
});

fn idioms_starting(first: char) -> Option<&'static [Vec<char>]> {
    let table = &*IDIOMS_BY_FIRST;
    let k = table.binary_search_by_key(&first, |(f, _)| *f).ok()?;
    Some(&table[k].1)
}

const MAX_IDIOM: usize = 8;

/// Whether an idiom starting at or before `core` covers it (三天两头, 十分, 一成不变).
pub(super) fn idiom_cancels(c: &[char], core: usize) -> bool {
    for s in core.saturating_sub(MAX_IDIOM)..=core {
        let Some(list) = c.get(s).and_then(|&f| idioms_starting(f)) else {
            continue;
        };
        for w in list {
            if s + w.len() > core && c.get(s..s + w.len()) == Some(w.as_slice()) {
                return true;
            }
        }
    }
    false
}
