//! Stage 5, numbers: article fields → numeric expressions (extraction.md §5, tables.md
//! `numbers`).
//!
//! Each field is scanned once, left to right, over its code points. At each position the
//! scanner tries, in order: relative years (今年), lunar dates (正月初七), clock times with a
//! day-part word (上午9点), ordinals (第四位), 百分之-percentages, and numeral runs; a run is
//! then read by what follows it: a year, month or day, a clock time, a range, a percent
//! form, a unit or measure word, qualifier words. Spans inside a TERM (“…”) or a 《》
//! title, numerals inside idioms, codes (5G, COVID-19), X大 + noun and a bare 一 with a
//! classifier are dropped.
//!
//! - `numeral.rs` reads numeral runs (Arabic, Chinese, 大写, mixed).
//! - `units.rs` holds the word lists.
//! - `dates.rs` reads years, months, days, clock times, relative years and lunar dates.
//! - `lunar.rs` converts lunar dates with the issue year.
//! - `scanner.rs` tries the matchers at each position and reads a run by what follows it.
//! - `exclusions.rs` finds where numerals are no numbers (TERMs, titles, idioms).
//! - `context.rs` cuts the `context` column; `year.rs` infers the issue year.
//!
//! Readings the spec leaves open, decided here:
//! - Month-day dates take the year printed earlier in the same clause, else the issue
//!   year, else come out as `--MM-DD`; a month alone is `YYYY-MM` (or `--MM`). A D日 counts
//!   only after a month in the same clause (clauses end at ，。；：！？ and paragraph ends).
//! - 去年12月, 今年1月5日: a relative year and the month-day after it are one DATE.
//! - Ranges of years or months (2021—2025年, 1至11月) are one DATE dated by their start.
//! - Lunar dates need the issue year (else `date` is null); 腊月 and 冬月 belong to the lunar
//!   year that began in the issue year, 大年三十 to the eve of its Spring Festival
//!   (see `lunar.rs`).
//! - Vague amounts (数万, 几十, 十几, 上百, 二十几万, 千万级) are their lower bound, qualifier
//!   `over` (README); two digits in a row (三五个) are skipped; quarter names (二季度) are
//!   skipped like 首季, while 前三季度 and 3个季度 are counts.
//! - 8,000 without a unit is a bare CARDINAL; a Chinese numeral needs a unit, a percent
//!   form or a 万/亿 multiplier to count, or must stand alone (a headline 四百五十).
//! - `view.rs` folds traditional characters and drops spaces inside numbers before the
//!   scan; rows map back to the field, so surfaces and offsets are as printed.

mod context;
mod counts;
mod dates;
mod exclusions;
mod lunar;
mod numeral;
mod scanner;
mod units;
mod view;
mod year;

use crate::model::{Article, Field, NumberSpan};
use crate::zh::chars::is_clause_punct;

use context::context;
use exclusions::{blocked_spans, idiom_cancels};
use numeral::tidy;
use scanner::{is_marked, Scanner, Step};
use view::View;
pub use year::infer_year;

/// Finds the numeric expressions of one article. `year` resolves month-day and relative dates.
pub fn extract(article: &Article, year: Option<i32>) -> Vec<NumberSpan> {
    let mut out = Vec::new();
    let fields = [
        (Field::Kicker, article.kicker.as_deref()),
        (Field::Headline, article.headline.as_deref()),
        (Field::Subheadline, article.subheadline.as_deref()),
        (Field::Dateline, article.dateline.as_deref()),
    ];
    for (field, text) in fields {
        if let Some(text) = text {
            scan_field(field, text, year, &mut out);
        }
    }
    scan_field(Field::Text, &article.text(), year, &mut out);
    out
}

fn scan_field(field: Field, text: &str, year: Option<i32>, out: &mut Vec<NumberSpan>) {
    let ix = View::new(text);
    let c = ix.chars.as_slice();
    let slice = |s: usize, e: usize| ix.slice(text, s, e).to_string();
    let blocked = blocked_spans(c);
    let mut sc = Scanner {
        c,
        year,
        clause: None,
    };
    let mut i = 0;
    let mut floor = 0;
    while i < c.len() {
        // Most code points neither break a clause nor can start a number: pass them with
        // one table lookup (`at` would only skip them).
        if !is_marked(c[i]) {
            i += 1;
            continue;
        }
        if is_clause_break(c[i]) {
            sc.clause = None;
            i += 1;
            continue;
        }
        match sc.at(i, floor) {
            Step::Hit(h) => {
                let next = h.end.max(i + 1);
                let overlaps_blocked = blocked.iter().any(|&(s, e)| h.start < e && s < h.end);
                if !overlaps_blocked && !idiom_cancels(c, h.core) {
                    if h.month.is_some() {
                        sc.clause = h.month;
                    }
                    let (cs, ce) = context(c, h.start, h.end);
                    let (start, end) = ix.field_range(h.start, h.end);
                    out.push(NumberSpan {
                        field,
                        start,
                        end,
                        surface: slice(h.start, h.end),
                        kind: h.kind,
                        value: h.value.map(tidy),
                        value_max: h.value_max.map(tidy),
                        unit: h.unit,
                        qualifier: h.qualifier,
                        date: h.date,
                        context: slice(cs, ce),
                    });
                    floor = next;
                }
                i = next;
            }
            Step::Skip(next) => i = next.max(i + 1),
        }
    }
}

pub(super) const fn is_clause_break(c: char) -> bool {
    is_clause_punct(c) || c == '\n'
}

#[cfg(test)]
mod tests {
    use super::scanner::may_start;
    use super::*;
    use crate::model::{NumberKind, Qualifier};
    use proptest::prelude::*;

    fn one(text: &str, year: Option<i32>) -> Vec<NumberSpan> {
        let a = Article {
            paragraphs: text.split('\n').map(str::to_string).collect(),
            ..Article::default()
        };
        extract(&a, year)
    }

    fn surfaces(text: &str) -> Vec<String> {
        one(text, Some(2022))
            .into_iter()
            .map(|n| n.surface)
            .collect()
    }

    #[test]
    fn money_with_multiplier() {
        let r = one("投资总规模达2480亿元。", Some(2022));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].surface, "2480亿元");
        assert_eq!(r[0].kind, NumberKind::Money);
        assert_eq!(r[0].value, Some(248_000_000_000.0));
        assert_eq!(r[0].unit.as_deref(), Some("元"));
        assert_eq!(r[0].context, "投资总规模达2480亿元。");
    }

    #[test]
    fn qualifiers_both_sides() {
        let r = one(
            "约63亿元，增长12%以上，近35万人次，逾2300万元，300余篇",
            None,
        );
        let q: Vec<_> = r
            .iter()
            .map(|n| (n.surface.as_str(), n.qualifier))
            .collect();
        assert_eq!(
            q,
            [
                ("约63亿元", Some(Qualifier::Approx)),
                ("12%以上", Some(Qualifier::AtLeast)),
                ("近35万人次", Some(Qualifier::Nearly)),
                ("逾2300万元", Some(Qualifier::Over)),
                ("300余篇", Some(Qualifier::Over)),
            ]
        );
    }

    #[test]
    fn exclusions() {
        assert!(surfaces("建设5G基站和4S店，抗击COVID-19。").is_empty());
        assert!(surfaces("深入实施六大工程，一大批项目，每一个人，拧成一股绳").is_empty());
        assert!(surfaces("引进“世界100强”企业，发布《2022年工作要点》").is_empty());
        assert_eq!(surfaces("“实施六大工程，新建120个站点”"), ["120个"]);
    }

    #[test]
    fn dates_and_clause_days() {
        let r = one("2月7日至10日举行，正月初七开工；10日", Some(2022));
        let d: Vec<_> = r
            .iter()
            .map(|n| (n.surface.as_str(), n.date.as_deref()))
            .collect();
        assert_eq!(
            d,
            [
                ("2月7日", Some("2022-02-07")),
                ("10日", Some("2022-02-10")),
                ("正月初七", Some("2022-02-07")),
            ]
        );
        let r = one("2月7日", None);
        assert_eq!(r[0].date.as_deref(), Some("--02-07"));
    }

    #[test]
    fn context_is_cut_to_200() {
        let long = format!("{}共有5个{}。", "长".repeat(300), "句".repeat(300));
        let r = one(&long, None);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].context.chars().count(), 200);
        assert!(r[0].context.contains("5个"));
    }

    #[test]
    fn long_unpunctuated_paragraph() {
        // A number table printed as one line: every cell counts, contexts stay bounded.
        let text = "12个 ".repeat(20_000);
        let r = one(&text, None);
        assert_eq!(r.len(), 20_000);
        assert!(r.iter().all(|n| n.context.chars().count() <= 200));
    }

    #[test]
    fn long_runs_of_multipliers_and_spaces() {
        // Each position looks a bounded way ahead: these finish at once and give no row.
        for text in [
            "万".repeat(50_000),
            "百 ".repeat(50_000),
            "数千".repeat(30_000),
        ] {
            assert!(one(&text, None).len() <= 1, "{}", &text[..6]);
        }
    }

    #[test]
    fn traditional_and_spaced_rows_index_the_field() {
        let r = one("約有 八千 三百 萬元，", None);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].start, r[0].end), (3, 11));
        assert_eq!(r[0].surface, "八千 三百 萬元");
        assert_eq!(r[0].value, Some(83_000_000.0));
        assert_eq!(r[0].unit.as_deref(), Some("元"));
    }

    #[test]
    fn marked_table_matches_predicates() {
        for u in 0..0x11000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_marked(c), may_start(c) || is_clause_break(c), "{u:#x}");
            }
        }
    }

    #[test]
    fn infer_year_most_frequent_then_later() {
        let a = |t: &str| Article {
            paragraphs: vec![t.to_string()],
            ..Article::default()
        };
        assert_eq!(infer_year(&[a("2021年和2022年")]), Some(2022));
        assert_eq!(infer_year(&[a("2021年、2021年"), a("2022年")]), Some(2021));
        assert_eq!(infer_year(&[a("没有年份，3年")]), None);
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            "0",
            "1",
            "2",
            "3",
            "9",
            ".",
            ",",
            "%",
            "-",
            "～",
            "一",
            "二",
            "两",
            "十",
            "百",
            "千",
            "万",
            "亿",
            "零",
            "〇",
            "壹",
            "点",
            "年",
            "月",
            "日",
            "号",
            "时",
            "分",
            "第",
            "位",
            "个",
            "元",
            "吨",
            "千米",
            "平方",
            "成",
            "折",
            "多",
            "余",
            "约",
            "近",
            "超过",
            "以上",
            "左右",
            "今年",
            "去年",
            "正月",
            "初七",
            "腊月",
            "廿",
            "闰",
            "农历",
            "大年",
            "上午",
            "点",
            "半",
            ":",
            "“",
            "”",
            "《",
            "》",
            "‘",
            "’",
            "，",
            "。",
            "\n",
            "G",
            "S",
            "a",
            "至",
            "到",
            "大",
            "人民币",
            "¥",
            "零下",
            "分之",
            "百分之",
            "之",
            "几",
            "数",
            "/",
            "个百分点",
            " ",
            "X",
            "界",
            "𠀀",
            "萬",
            "億",
            "兆",
            "點",
            "個",
            "上",
            "男",
            "女",
            "打",
            "受伤",
            "电话",
            "比",
            "k",
            "w",
            "负增长",
            "角",
            "又",
            "美分",
            "级",
            "旬",
            "历史",
            "\u{3000}",
        ]);
        prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn offsets_index_their_field(text in text_strategy(), year in prop::option::of(1890i32..2110)) {
            let a = Article {
                headline: Some(text.replace('\n', "")),
                paragraphs: text.split('\n').map(str::to_string).collect(),
                ..Article::default()
            };
            for n in extract(&a, year) {
                let field = a.field(n.field).unwrap_or_default();
                let slice: String = field.chars().skip(n.start).take(n.end - n.start).collect();
                prop_assert!(n.start < n.end);
                prop_assert_eq!(&slice, &n.surface);
                prop_assert!(n.context.contains(&n.surface) || n.context.chars().count() == 200);
            }
        }

        #[test]
        fn any_text_no_panic(text in "\\PC{0,60}") {
            let a = Article { paragraphs: vec![text], ..Article::default() };
            for n in extract(&a, Some(2022)) {
                let field = a.text();
                let slice: String = field.chars().skip(n.start).take(n.end - n.start).collect();
                prop_assert_eq!(slice, n.surface);
            }
        }
    }
}
