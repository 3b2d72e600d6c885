//! The `context` column: the clause around a number span.
//!
//! The sentence that holds the span (cut at 。！？!? and paragraph ends; the sentence end is
//! kept), and of it at most `SIDE` code points on each side of the span. Where the limit
//! falls inside a clause, the context starts (or ends) at the nearest clause break (，；：、)
//! within the limit, so it reads as whole clauses, as long as that keeps at least half the
//! room; otherwise (a long clause) it is cut at the limit. The span itself is always whole. Short contexts keep the tables small: the
//! sentence was up to 200 code points for every number, ten times the input in all.

/// Code points kept at most on each side of the span.
pub(super) const SIDE: usize = 30;

const fn is_stop(ch: char) -> bool {
    matches!(ch, '。' | '！' | '？' | '!' | '?' | '\n')
}

const fn is_clause(ch: char) -> bool {
    matches!(ch, '，' | '；' | '：' | '、' | ',' | ';')
}

/// The code-point range of the context of `start..end` in `c`.
pub(super) fn context(c: &[char], start: usize, end: usize) -> (usize, usize) {
    // Left: back to the sentence start, at most SIDE code points.
    let mut s = start;
    while s > 0 && start - s < SIDE && !is_stop(c[s - 1]) {
        s -= 1;
    }
    if s > 0 && !is_stop(c[s - 1]) {
        // The limit fell inside the sentence: start at the earliest clause start within it,
        // unless that leaves less than half the room.
        if let Some(k) = (s + 1..=start).find(|&k| is_clause(c[k - 1])) {
            if start - k >= SIDE / 2 {
                s = k;
            }
        }
    }
    // Right: on to the sentence end (kept), or to the first clause break past SIDE.
    let mut e = end;
    let mut ended = false;
    while e < c.len() && e - end < SIDE {
        let ch = c[e];
        if ch == '\n' {
            ended = true;
            break;
        }
        e += 1;
        if is_stop(ch) {
            ended = true;
            break;
        }
    }
    if !ended && e < c.len() {
        // Cut inside the sentence: end at the last clause break within the limit, unless
        // that leaves less than half the room.
        if let Some(k) = (end + 1..=e).rev().find(|&k| is_clause(c[k - 1])) {
            if k - end >= SIDE / 2 {
                e = k;
            }
        }
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str, span: &str) -> String {
        let c: Vec<char> = text.chars().collect();
        let at = text.find(span).unwrap();
        let start = text[..at].chars().count();
        let end = start + span.chars().count();
        let (s, e) = context(&c, start, end);
        c[s..e].iter().collect()
    }

    #[test]
    fn short_sentences_whole() {
        assert_eq!(
            ctx("前言。投资总规模达2480亿元。后记", "2480亿元"),
            "投资总规模达2480亿元。"
        );
        assert_eq!(ctx("共有5个\n下一段", "5个"), "共有5个");
    }

    #[test]
    fn long_sentences_cut_at_clause_breaks() {
        let left = "一二三四五六七八九十，一二三四五六七八九十一二三四五，一二三四五六七八九十";
        let right =
            "，甲乙丙丁戊己庚辛壬癸，甲乙丙丁戊己庚辛壬癸甲乙丙丁戊，甲乙丙丁戊己庚辛壬癸。";
        let text = format!("{left}增长5%{right}");
        let got = ctx(&text, "增长5%");
        assert_eq!(
            got,
            "一二三四五六七八九十一二三四五，一二三四五六七八九十增长5%，甲乙丙丁戊己庚辛壬癸，甲乙丙丁戊己庚辛壬癸甲乙丙丁戊，"
        );
        // A clause break right after the span would leave too little: cut at the limit.
        let text = format!("{left}2016年，{}。", "长".repeat(40));
        assert_eq!(ctx(&text, "2016年").chars().count(), 26 + 5 + 30);
        // No clause break within the limit: cut at the limit.
        let text = format!("{}共有5个{}。", "长".repeat(300), "句".repeat(300));
        let got = ctx(&text, "5个");
        assert_eq!(got.chars().count(), 2 * SIDE + 2);
    }
}
