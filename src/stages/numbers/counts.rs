//! When a bare 一 counts: the generic 一 of phrasing (一批项目, 一个地方, 一次, 一起) is no
//! number (extraction.md §5), but a person or thing counted as news is (一名警察受伤,
//! 一男一女受伤, 一教师身亡, 售出一台): a person measure word or a person noun after the
//! 一, and an event word (casualties, arrests, rescues, prizes, sales) in the same clause.

use super::is_clause_break;
use super::units::{first_at, starts_with, EVENT_WORDS, PERSON_MEASURES, PERSON_NOUNS};

/// How far from the count an event word is looked for, each side, within the clause.
const WINDOW: usize = 16;

/// Whether the clause around `s..e` holds an event word.
pub(super) fn event_near(c: &[char], s: usize, e: usize) -> bool {
    let mut lo = s;
    while lo > 0 && s - lo < WINDOW && !is_clause_break(c[lo - 1]) && c[lo - 1] != '、' {
        lo -= 1;
    }
    let mut hi = e;
    while hi < c.len() && hi - e < WINDOW && !is_clause_break(c[hi]) {
        hi += 1;
    }
    (lo..hi).any(|k| {
        EVENT_WORDS
            .iter()
            .any(|w| w.starts_with(c[k]) && starts_with(c, k, w))
    })
}

/// Whether `unit` (after a bare 一) is a person measure word.
pub(super) fn person_measure(unit: &str) -> bool {
    PERSON_MEASURES.contains(&unit)
}

/// A person noun counted at `k` (after a numeral run): its end. 男/女 alone only in pairs
/// (一男一女, 两男一女): alone they begin words (男篮, 女儿).
pub(super) fn person_noun(c: &[char], k: usize) -> Option<usize> {
    let (w, end) = first_at(c, k, PERSON_NOUNS)?;
    if matches!(w, "男" | "女") {
        let numeral_next = c
            .get(end)
            .is_some_and(|&n| super::numeral::cn_digit(n).is_some());
        let after_pair = k >= 2 && c[k - 2] == '男' && w == "女";
        if !(numeral_next || after_pair) {
            return None;
        }
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn event_words_within_the_clause() {
        let c = chars("一名警察在执勤时受伤");
        assert!(event_near(&c, 0, 2));
        // The event is in another clause.
        let c = chars("一名警察，另有三人受伤");
        assert!(!event_near(&c, 0, 2));
        let c = chars("这是一个好地方");
        assert!(!event_near(&c, 2, 4));
    }

    #[test]
    fn men_and_women_only_in_pairs() {
        let c = chars("一男一女受伤");
        assert_eq!(person_noun(&c, 1), Some(2));
        assert_eq!(person_noun(&c, 3), Some(4));
        assert_eq!(person_noun(&chars("一女儿"), 1), None);
        assert_eq!(person_noun(&chars("一男子"), 1), Some(3));
    }
}
