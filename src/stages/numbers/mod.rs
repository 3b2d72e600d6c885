//! Stage 5, numbers: article fields → numeric expressions (extraction.md §5, tables.md
//! `numbers`).
//!
//! Each field is scanned once, left to right, over its code points. At each position the
//! scanner tries, in order: relative years (今年), relative days, months, weeks and periods
//! (昨天, 上月, 本周三, 一季度), lunar dates (正月初七), clock times with a
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
//! - `periods.rs` reads 昨天 / 上月 / 本周X, periods (一季度, 上半年, 前两月), bare N日 and
//!   range tails (2月28日至3月3日).
//! - `calendar.rs` holds the reference (issue date or year), the nearest-year rule and the
//!   day spans of `date_start` / `date_end`; `currency.rs` the ISO 4217 codes.
//! - `context.rs` cuts the `context` column; `year.rs` infers the issue year.
//!
//! Readings the spec leaves open, decided here:
//! - Month-day dates take the year printed earlier in the same clause, else the year that
//!   puts them nearest the issue date (12月30日 in a January issue is last December), else
//!   the issue year, else come out as `--MM-DD`; a month alone is `YYYY-MM` (or `--MM`).
//! - A D日 takes the month of its clause, else of an earlier clause of the paragraph
//!   (clauses end at ，。；：！？, paragraphs at \n), else it is the nearest such day on or
//!   before the issue date; with no issue date it is `---DD`.
//! - 去年12月, 今年1月5日, 今年一季度: a year and the month-day or period after it are one DATE.
//! - Ranges (2021—2025年, 1至11月, 2月28日至3月3日) and periods (一季度, 上半年) are one DATE
//!   dated by their start; `date_start` / `date_end` give the span.
//! - Lunar dates need the issue year (else `date` is null); with an issue date they fall in
//!   the lunar year that puts them nearest it, with only the year 腊月 and 冬月 belong to
//!   the lunar year that began in the issue year and 大年三十 to the eve of its Spring
//!   Festival (see `lunar.rs`).
//! - Vague amounts (数万, 几十, 十几, 上百, 二十几万, 千万级) are their lower bound, qualifier
//!   `over` (README); two digits in a row (三五个) are skipped; 首季 is no date, while
//!   3个季度 is a count.
//! - 8,000 without a unit is a bare CARDINAL; a Chinese numeral needs a unit, a percent
//!   form or a 万/亿 multiplier to count, or must stand alone (a headline 四百五十).
//! - `view.rs` folds traditional characters and drops spaces inside numbers before the
//!   scan; rows map back to the field, so surfaces and offsets are as printed.

mod calendar;
mod context;
mod counts;
mod currency;
mod dates;
mod exclusions;
mod lunar;
mod numeral;
mod periods;
mod scanner;
mod units;
mod view;
mod year;

use crate::model::{Article, Field, NumberKind, NumberSpan};
use crate::zh::chars::is_clause_punct;

pub use calendar::Reference;
use context::context;
use exclusions::{blocked_spans, idiom_cancels, overlaps};
use numeral::tidy;
use scanner::{is_marked, Scanner, Step};
use view::View;
pub use year::infer_year;

/// Finds the numeric expressions of one article. `reference` (the issue date, or only the
/// issue year) resolves partial and relative dates.
pub fn extract(article: &Article, reference: impl Into<Reference>) -> Vec<NumberSpan> {
    let reference = reference.into();
    let mut out = Vec::new();
    // Read only when a MONEY row has a plain 元 (most articles have none).
    let script = std::cell::OnceCell::new();
    let traditional = || {
        *script.get_or_init(|| {
            crate::zh::chars::is_traditional(
                [article.headline.as_deref().unwrap_or("")]
                    .into_iter()
                    .chain(article.paragraphs.iter().map(String::as_str)),
            )
        })
    };
    let fields = [
        (Field::Kicker, article.kicker.as_deref()),
        (Field::Headline, article.headline.as_deref()),
        (Field::Subheadline, article.subheadline.as_deref()),
        (Field::Dateline, article.dateline.as_deref()),
    ];
    for (field, text) in fields {
        if let Some(text) = text {
            scan_field(field, text, reference, &traditional, &mut out);
        }
    }
    scan_field(
        Field::Text,
        &article.text(),
        reference,
        &traditional,
        &mut out,
    );
    out
}

fn scan_field(
    field: Field,
    text: &str,
    reference: Reference,
    traditional: &dyn Fn() -> bool,
    out: &mut Vec<NumberSpan>,
) {
    let ix = View::new(text);
    let c = ix.chars.as_slice();
    let slice = |s: usize, e: usize| ix.slice(text, s, e).to_string();
    let blocked = blocked_spans(c);
    let mut sc = Scanner {
        c,
        year: reference.year,
        today: reference.day,
        clause: None,
        paragraph: None,
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
            if c[i] == '\n' {
                sc.paragraph = None;
            }
            i += 1;
            continue;
        }
        match sc.at(i, floor) {
            Step::Hit(h) => {
                let next = h.end.max(i + 1);
                let overlaps_blocked = overlaps(&blocked, h.start, h.end);
                if !overlaps_blocked && !idiom_cancels(c, h.core) {
                    if h.month.is_some() {
                        sc.clause = h.month;
                        sc.paragraph = h.month;
                    }
                    let (start, end) = ix.field_range(h.start, h.end);
                    let (mut cs, mut ce) = context(c, h.start, h.end);
                    // The view reads through spaces; the contract counts the field's code
                    // points, spaces too, on each side of the span.
                    while cs < h.start && start - ix.field_range(cs, ce).0 > context::SIDE {
                        cs += 1;
                    }
                    while ce > h.end && ix.field_range(cs, ce).1 - end > context::SIDE {
                        ce -= 1;
                    }
                    let (date_start, date_end) = match h.kind {
                        NumberKind::Date => h
                            .span
                            .or_else(|| h.date.as_deref().and_then(calendar::span_of))
                            .unzip(),
                        _ => (None, None),
                    };
                    let surface = slice(h.start, h.end);
                    let currency = match h.kind {
                        NumberKind::Money => {
                            let folded: String = c[h.start..h.end].iter().collect();
                            let plain = matches!(h.unit.as_deref(), Some("元" | "块" | "圆"));
                            currency::iso4217(h.unit.as_deref(), &folded, plain && traditional())
                        }
                        _ => None,
                    };
                    out.push(NumberSpan {
                        field,
                        start,
                        end,
                        surface,
                        kind: h.kind,
                        value: h.value.map(tidy),
                        value_max: h.value_max.map(tidy),
                        unit: h.unit,
                        qualifier: h.qualifier,
                        date: h.date,
                        date_start,
                        date_end,
                        currency,
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

    fn dates(text: &str, reference: impl Into<Reference>) -> Vec<(String, Option<String>)> {
        let reference = reference.into();
        one_ref(text, reference)
            .into_iter()
            .filter(|n| n.kind == NumberKind::Date)
            .map(|n| (n.surface, n.date))
            .collect()
    }

    fn one_ref(text: &str, reference: Reference) -> Vec<NumberSpan> {
        let a = Article {
            paragraphs: text.split('\n').map(str::to_string).collect(),
            ..Article::default()
        };
        extract(&a, reference)
    }

    fn on(date: &str) -> Reference {
        Reference::new(Some(date), None)
    }

    fn pairs(v: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        v.iter()
            .map(|(s, d)| (s.to_string(), d.map(str::to_string)))
            .collect()
    }

    #[test]
    fn dates_and_clause_days() {
        // A range between two dates is one row; a D日 in a later clause takes the month of
        // the paragraph's last date.
        let r = one("2月7日至10日举行，正月初七开工；12日", Some(2022));
        let d: Vec<_> = r
            .iter()
            .map(|n| (n.surface.as_str(), n.date.as_deref()))
            .collect();
        assert_eq!(
            d,
            [
                ("2月7日至10日", Some("2022-02-07")),
                ("正月初七", Some("2022-02-07")),
                ("12日", Some("2022-02-12")),
            ]
        );
        let span = |n: &NumberSpan| {
            (
                n.date_start.map(|d| d.to_string()),
                n.date_end.map(|d| d.to_string()),
            )
        };
        assert_eq!(
            span(&r[0]),
            (Some("2022-02-07".into()), Some("2022-02-10".into()))
        );
        let r = one("2月7日", None);
        assert_eq!(r[0].date.as_deref(), Some("--02-07"));
        assert_eq!(span(&r[0]), (None, None));
    }

    #[test]
    fn month_day_nearest_the_issue_date() {
        let got = dates(
            "12月30日，我市召开总结大会。1月2日起实施。",
            on("2023-01-03"),
        );
        assert_eq!(
            got,
            pairs(&[
                ("12月30日", Some("2022-12-30")),
                ("1月2日", Some("2023-01-02"))
            ])
        );
        // With only the year, the issue year.
        let got = dates("12月30日，我市召开总结大会。", Some(2023));
        assert_eq!(got, pairs(&[("12月30日", Some("2023-12-30"))]));
        // A year printed in the clause wins.
        let got = dates("2021年3月5日至4月2日开展行动。", on("2023-01-03"));
        assert_eq!(got, pairs(&[("2021年3月5日至4月2日", Some("2021-03-05"))]));
    }

    #[test]
    fn bare_days_and_relative_days() {
        let t = "5日上午，市里召开会议。6日发布的数据显示，昨日、昨天和前天都有雨。";
        let got = dates(t, on("2023-03-07"));
        assert_eq!(
            got,
            pairs(&[
                ("5日", Some("2023-03-05")),
                ("6日", Some("2023-03-06")),
                ("昨日", Some("2023-03-06")),
                ("昨天", Some("2023-03-06")),
                ("前天", Some("2023-03-05")),
            ])
        );
        // A day after the issue day is last month's.
        assert_eq!(
            dates("28日晚，大会闭幕。", on("2023-03-07")),
            pairs(&[("28日", Some("2023-02-28"))])
        );
        // Without an issue date: DATE rows with no date.
        assert_eq!(
            dates("5日上午，昨天", None),
            pairs(&[("5日", Some("---05")), ("昨天", None)])
        );
        // Not dates: spans of days, yen, line numbers, 当天 / 次日 / 近日.
        let none = dates(
            "连续3日降雨，3日内办结，100日元，3号线，当天、次日、近日",
            on("2023-03-07"),
        );
        assert_eq!(none, pairs(&[]));
    }

    #[test]
    fn months_and_weeks_relative_to_the_issue() {
        let got = dates("上月，本月15日，本周三，上周五，下月", on("2023-03-07"));
        assert_eq!(
            got,
            pairs(&[
                ("上月", Some("2023-02")),
                ("本月15日", Some("2023-03-15")),
                ("本周三", Some("2023-03-08")),
                ("上周五", Some("2023-03-03")),
                ("下月", Some("2023-04")),
            ])
        );
        // 以上月份, 线上月活: 上月 inside other words.
        assert_eq!(dates("以上月份，线上月活", on("2023-03-07")), pairs(&[]));
        // January: last month is last year's December.
        assert_eq!(
            dates("上月", on("2023-01-10")),
            pairs(&[("上月", Some("2022-12"))])
        );
    }

    #[test]
    fn periods_and_ranges() {
        let r = one_ref(
            "一季度增长5%，2023年第一季度，今年上半年，下半年，前两月，1—2月，2月28日至3月3日，2021年至2023年，首季、全年、春节",
            on("2023-07-10"),
        );
        let got: Vec<_> = r
            .iter()
            .filter(|n| n.kind == NumberKind::Date)
            .map(|n| {
                (
                    n.surface.as_str(),
                    n.date.as_deref(),
                    n.date_start.map(|d| d.to_string()),
                    n.date_end.map(|d| d.to_string()),
                )
            })
            .collect();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            [
                ("一季度", Some("2023-01"), s("2023-01-01"), s("2023-03-31")),
                (
                    "2023年第一季度",
                    Some("2023-01"),
                    s("2023-01-01"),
                    s("2023-03-31")
                ),
                (
                    "今年上半年",
                    Some("2023-01"),
                    s("2023-01-01"),
                    s("2023-06-30")
                ),
                ("下半年", Some("2023-07"), s("2023-07-01"), s("2023-12-31")),
                ("前两月", Some("2023-01"), s("2023-01-01"), s("2023-02-28")),
                ("1—2月", Some("2023-01"), s("2023-01-01"), s("2023-02-28")),
                (
                    "2月28日至3月3日",
                    Some("2023-02-28"),
                    s("2023-02-28"),
                    s("2023-03-03")
                ),
                (
                    "2021年至2023年",
                    Some("2021"),
                    s("2021-01-01"),
                    s("2023-12-31")
                ),
            ]
        );
    }

    #[test]
    fn lunar_dates_nearest_the_issue_date() {
        // 腊月二十三 (小年) in a January 2023 issue is a few days back, in lunar 2022.
        assert_eq!(
            dates("腊月二十三", on("2023-01-10")),
            pairs(&[("腊月二十三", Some("2023-01-14"))])
        );
        // In a December 2023 issue it is weeks ahead, in lunar 2023.
        assert_eq!(
            dates("腊月二十三", on("2023-12-20")),
            pairs(&[("腊月二十三", Some("2024-02-02"))])
        );
        assert_eq!(
            dates("大年初一", on("2023-12-20")),
            pairs(&[("大年初一", Some("2024-02-10"))])
        );
    }

    #[test]
    fn currency_codes() {
        let r = one(
            "投资2480亿元，折合3亿美元、5000元新台币，增长5%。",
            Some(2022),
        );
        let got: Vec<_> = r.iter().map(|n| (n.surface.as_str(), n.currency)).collect();
        assert_eq!(
            got,
            [
                ("2480亿元", Some("CNY")),
                ("3亿美元", Some("USD")),
                ("5000元新台币", Some("TWD")),
                ("5%", None),
            ]
        );
    }

    #[test]
    fn a_plain_yuan_in_traditional_script_has_no_currency() {
        let r = one(
            "這個計劃為市民節省2480萬元，另有5000元新台幣與3億港元的開支。",
            Some(2022),
        );
        let got: Vec<_> = r.iter().map(|n| (n.surface.as_str(), n.currency)).collect();
        assert_eq!(
            got,
            [
                ("2480萬元", None),
                ("5000元新台幣", Some("TWD")),
                ("3億港元", Some("HKD")),
            ]
        );
    }

    #[test]
    fn context_is_the_clause() {
        let long = format!("{}共有5个{}。", "长".repeat(300), "句".repeat(300));
        let r = one(&long, None);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].context.chars().count(), 62);
        assert!(r[0].context.contains("5个"));
        let r = one(
            "前文。今年以来，全省已发放创业担保贷款逾120亿元。后文",
            Some(2023),
        );
        assert_eq!(r[1].context, "今年以来，全省已发放创业担保贷款逾120亿元。");
    }

    #[test]
    fn context_counts_spaces_in_its_bound() {
        // The scanner reads through spaces; the context's 30 a side count them.
        let text = format!(
            "{}今年{}　{}",
            "长".repeat(30),
            "句".repeat(20),
            "尾".repeat(20)
        );
        let r = one(&text, None);
        let n = r.iter().find(|n| n.surface == "今年").expect("今年 found");
        assert_eq!(n.context.chars().count(), 62, "{n:?}");
        assert_eq!(
            n.context,
            format!(
                "{}今年{}　{}",
                "长".repeat(30),
                "句".repeat(20),
                "尾".repeat(9)
            )
        );
    }

    #[test]
    fn long_unpunctuated_paragraph() {
        // A number table printed as one line: every cell counts, contexts stay bounded.
        let text = "12个 ".repeat(20_000);
        let r = one(&text, None);
        assert_eq!(r.len(), 20_000);
        assert!(r.iter().all(|n| n.context.chars().count() <= 60 + 3));
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
            "昨天",
            "前天",
            "上月",
            "本月",
            "本周",
            "季度",
            "上半年",
            "号",
            "电",
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
                prop_assert!(n.context.contains(&n.surface));
                prop_assert!(n.context.chars().count() <= n.surface.chars().count() + 60);
            }
        }

        #[test]
        fn offsets_with_an_issue_date(text in text_strategy(), days in 0i64..73_000) {
            let a = Article {
                paragraphs: text.split('\n').map(str::to_string).collect(),
                ..Article::default()
            };
            let day = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            for n in extract(&a, Reference::dated(day)) {
                let field = a.text();
                let slice: String = field.chars().skip(n.start).take(n.end - n.start).collect();
                prop_assert_eq!(&slice, &n.surface);
                if let (Some(s), Some(e)) = (n.date_start, n.date_end) {
                    prop_assert!(s <= e, "{} {:?}", n.surface, n.date);
                }
                prop_assert_eq!(n.date_start.is_some(), n.date_end.is_some());
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
