//! The issue year when no date is given, inferred from the years the articles print.

use std::collections::HashMap;

use crate::model::Article;

use super::dates;

/// The issue year when no date is given: the most frequent `YYYY年` of the datelines
/// (新华社北京2023年3月5日电), else of the rest of the text, ties to the later year. A year
/// named as a plan or target (到2035年, 力争2025年, 2024年底投产, the end of 2021—2025年) is
/// not counted: it says when something will be, not when the page was printed.
pub fn infer_year(articles: &[Article]) -> Option<i32> {
    let mut datelines: HashMap<i32, usize> = HashMap::new();
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for a in articles {
        if let Some(d) = a.dateline.as_deref() {
            count_years(d, &mut datelines);
        }
        let fields = [
            a.kicker.as_deref(),
            a.headline.as_deref(),
            a.subheadline.as_deref(),
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
    let best = |counts: HashMap<i32, usize>| {
        counts
            .into_iter()
            .max_by_key(|&(y, n)| (n, y))
            .map(|(y, _)| y)
    };
    best(datelines).or_else(|| best(counts))
}

/// Words before a year that make it a plan or target.
const PLAN_BEFORE: &[&str] = &[
    "到", "力争", "争取", "计划", "预计", "有望", "将于", "将在", "将", "预期", "目标", "—", "-",
    "～", "~", "–",
];

/// Words after 年 (after an optional 底 / 末 / 内 / 中) that make the year a plan.
const PLAN_AFTER: &[&str] = &[
    "前", "以前", "之前", "远景", "目标", "将", "要", "有望", "力争", "投产", "建成", "完工",
    "竣工", "通车", "开通", "达到", "实现",
];

/// Whether the year whose digits start at byte `s` and whose 年 is at byte `at` of `text`
/// is named as a plan.
fn is_plan_year(text: &str, s: usize, at: usize) -> bool {
    let before = &text[..s];
    if before.ends_with('至') {
        // 截至2022年 and 直至 look back; 至2035年 looks ahead.
        return !(before.ends_with("截至") || before.ends_with("直至"));
    }
    if PLAN_BEFORE.iter().any(|w| before.ends_with(w)) {
        return true;
    }
    let mut after = &text[at + '年'.len_utf8()..];
    for part in ["底", "末", "内", "中"] {
        if let Some(rest) = after.strip_prefix(part) {
            after = rest;
            break;
        }
    }
    PLAN_AFTER.iter().any(|w| after.starts_with(w))
}

/// Counts the years printed before each 年 of `text`. `year_before` looks at most five code
/// points back: only those are decoded, and only at a 年.
fn count_years(text: &str, counts: &mut HashMap<i32, usize>) {
    for (at, _) in text.match_indices('年') {
        let mut back = ['\0'; 5];
        let mut n = 0;
        let mut digits_start = at;
        for (slot, (b, ch)) in back.iter_mut().rev().zip(text[..at].char_indices().rev()) {
            *slot = ch;
            n += 1;
            if n == 4 {
                digits_start = b;
            }
        }
        if n >= 4 {
            if let Some(y) = dates::year_before(&back[5 - n..], n) {
                if !is_plan_year(text, digits_start, at) {
                    *counts.entry(y).or_default() += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(t: &str) -> Article {
        Article {
            paragraphs: vec![t.to_string()],
            ..Article::default()
        }
    }

    #[test]
    fn plan_years_do_not_count() {
        assert_eq!(
            infer_year(&[a("项目预计2024年底投产，2023年完成投资。")]),
            Some(2023)
        );
        assert_eq!(
            infer_year(&[a("到2035年基本实现现代化。2023年开局良好。")]),
            Some(2023)
        );
        assert_eq!(infer_year(&[a("到2035年基本实现现代化。")]), None);
        assert_eq!(
            infer_year(&[a("“十四五”（2021—2025年）规划，2022年")]),
            Some(2022)
        );
        assert_eq!(
            infer_year(&[a("截至2022年底，累计2022年、2023年")]),
            Some(2022)
        );
    }

    #[test]
    fn datelines_first() {
        let dated = Article {
            dateline: Some("新华社北京2023年3月5日电".to_string()),
            ..Article::default()
        };
        assert_eq!(infer_year(&[a("2022年、2022年"), dated]), Some(2023));
    }
}
