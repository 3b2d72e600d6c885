//! Where numerals are not numbers: inside TERMs and 《》 titles, and inside idioms.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::zh::chars::{is_clause_punct, quotes_where, title_spans};

use super::units::IDIOMS;

/// Code-point spans where no number is counted: 《》 titles and TERMs (quoted content of
/// 2–16 code points without clause punctuation, extraction.md §6). A longer quotation is no
/// TERM, but quotes nested in it may be.
pub(super) fn blocked_spans(c: &[char]) -> Vec<(usize, usize)> {
    if !c.iter().any(|&ch| matches!(ch, '“' | '‘' | '《')) {
        return Vec::new();
    }
    let titles = title_spans(c);
    // One pass over the nesting (no rescans, no recursion): the depth is the page's.
    let terms = quotes_where(c, &titles, |q| {
        (2..=16).contains(&q.len()) && !q.iter().any(|&ch| is_clause_punct(ch))
    });
    merge_spans(titles.into_iter().chain(terms).collect())
}

/// The union of `spans` as sorted, disjoint spans, so that overlap with it is one binary
/// search (`overlaps`), not a scan per number.
fn merge_spans(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether `start..end` overlaps one of the sorted, disjoint `spans`.
pub(super) fn overlaps(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    // The first span that ends after `start` is the only candidate.
    let i = spans.partition_point(|&(_, e)| e <= start);
    spans.get(i).is_some_and(|&(s, _)| s < end)
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

/// Words right before a number that make it a phone number, hotline or postcode (拨打12345,
/// 邮编310000, 电话：0571-88888888).
const CONTACT_WORDS: &[&str] = &[
    "电话",
    "热线",
    "专线",
    "拨打",
    "致电",
    "传真",
    "手机",
    "号码",
    "邮编",
    "邮政编码",
    "服务台",
];

/// Words right after a number that make it a hotline (12345热线, 110报警).
const CONTACT_AFTER: &[&str] = &["热线", "专线", "服务热线", "报警", "急救"];

fn digits(c: &[char], k: usize) -> usize {
    c.get(k..)
        .map_or(0, |r| r.iter().take_while(|d| d.is_ascii_digit()).count())
}

/// Phone numbers and postcodes are no numbers: the end of the code starting at `i` (a run
/// of plain digits ending at `e`), or `None`. A code is a number with a leading 0 and three
/// or more digits (0571, 010), an 11-digit mobile number (13…–19…), digit groups joined by hyphens
/// with ten digits or more (0571-88888888, 400-800-1234), or digits right after a contact
/// word (拨打12345, 邮编310000) or right before a hotline word.
pub(super) fn contact_code(c: &[char], i: usize, e: usize) -> Option<usize> {
    let n = e - i;
    if n == 0 || !c[i..e].iter().all(char::is_ascii_digit) {
        return None;
    }
    // Hyphenated groups: 0571-88888888, 400-800-1234.
    let (mut k, mut total, mut groups) = (e, n, 1);
    while matches!(c.get(k), Some('-' | '－')) && digits(c, k + 1) > 0 {
        let g = digits(c, k + 1);
        total += g;
        groups += 1;
        k += 1 + g;
    }
    if groups >= 2 && total >= 10 {
        return Some(k);
    }
    let decimal_after = matches!(c.get(e), Some('.')) && digits(c, e + 1) > 0;
    let mobile = n == 11 && c[i] == '1' && c[i + 1] >= '3';
    if (c[i] == '0' && n >= 3 && !decimal_after) || mobile {
        return Some(e);
    }
    let mut b = i;
    // 电话：…, 热线为…
    while b > 0 && matches!(c[b - 1], '：' | ':' | ' ' | '为' | '是') && i - b < 2 {
        b -= 1;
    }
    let before = CONTACT_WORDS
        .iter()
        .any(|w| super::units::ends_with(c, b, w).is_some());
    // 12345热线, 12345公众服务热线: a hotline word a few Han characters on.
    // Not after a measure word: 3000名市民拨打热线 is a count.
    let after = super::units::UNITS.at(c, e).is_none()
        && (e..e + 6)
            .take_while(|&k| c.get(k).is_some_and(|&h| crate::zh::chars::is_han(h)))
            .any(|k| {
                CONTACT_AFTER
                    .iter()
                    .any(|w| super::units::starts_with(c, k, w))
            });
    (before || after).then_some(e)
}

/// Sport scores and ratios are no numbers: 3:1, 3∶1, 3比1, 101:99 (not a clock time, which
/// needs two-digit minutes and an hour up to 24). The end of the score, or `None`.
pub(super) fn score(c: &[char], i: usize, e: usize) -> Option<usize> {
    if !c[i..e].iter().all(char::is_ascii_digit) {
        return None;
    }
    let sep = *c.get(e)?;
    if !matches!(sep, ':' | '：' | '∶' | '比') {
        return None;
    }
    let m = digits(c, e + 1);
    if m == 0 || matches!(c.get(e + 1 + m), Some('.')) {
        return None;
    }
    let clock = matches!(sep, ':' | '：') && m == 2 && e - i <= 2 && {
        let h: u32 = c[i..e]
            .iter()
            .filter_map(|d| d.to_digit(10))
            .fold(0, |a, d| a * 10 + d);
        let mm = c[e + 1].to_digit(10).unwrap_or(9) * 10 + c[e + 2].to_digit(10).unwrap_or(9);
        h <= 24 && mm < 60
    };
    (!clock).then_some(e + 1 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Option<usize> {
        let c: Vec<char> = s.chars().collect();
        let i = c.iter().position(char::is_ascii_digit)?;
        let e = i + c[i..].iter().take_while(|d| d.is_ascii_digit()).count();
        contact_code(&c, i, e).map(|k| k - i)
    }

    #[test]
    fn phone_numbers_and_postcodes() {
        assert_eq!(code("0571-88888888"), Some(13));
        assert_eq!(code("400-800-1234"), Some(12));
        assert_eq!(code("13812345678"), Some(11));
        assert_eq!(code("邮编310006"), Some(6));
        assert_eq!(code("拨打12345"), Some(5));
        assert_eq!(code("12345热线"), Some(5));
        assert_eq!(code("12345公众服务热线"), Some(5));
        assert_eq!(code("3000人拨打热线"), None);
        assert_eq!(code("3000名市民拨打热线"), None);
        assert_eq!(code("2021-2025年"), None);
        assert_eq!(code("共3000人"), None);
        assert_eq!(code("0.5元"), None);
    }

    #[test]
    fn scores_are_not_clock_times() {
        let s = |t: &str| {
            let c: Vec<char> = t.chars().collect();
            let e = c.iter().take_while(|d| d.is_ascii_digit()).count();
            score(&c, 0, e)
        };
        assert_eq!(s("3:1"), Some(3));
        assert_eq!(s("3比0"), Some(3));
        assert_eq!(s("101:99"), Some(6));
        assert_eq!(s("14:30"), None);
        assert_eq!(s("3.5"), None);
    }
}
