//! Dates that name a period or point relative to the issue date, and date ranges:
//! 昨天 / 昨日 / 前天, 上月 / 本月 / 下月 [D日], 本周X / 上周X / 下周X, 一季度 / 第一季度 /
//! 上半年 / 下半年 / 前两月 / 前三季度, 1—2月, and the tail of a range between two dates
//! (2月28日至3月3日, 2021年至2023年). A range or period is one DATE row: `date` is its start
//! at the printed precision, `span` its first and last day.

use chrono::{Datelike, Duration, NaiveDate};

use super::calendar;
use super::dates::{days_in_month, int, iso};
use super::numeral::{can_start, is_cn_numeral, parse, run_end};
use super::scanner::{is_range_sep, Hit, Scanner};
use super::units::first_at;
use crate::model::NumberKind;

/// Characters that make 前 part of an earlier word (提前, 目前, 以前…), as for 前年.
const QIAN_BLOCKERS: &str = "提目眼空史此以之面向当跟生战节年日天月岁从几多周超";

impl Scanner<'_> {
    /// 昨天, 上月, 本周三, and periods with no year before them (一季度, 上半年, 前两月).
    /// Without an issue date the row is a DATE with a null `date` (a period still takes
    /// the issue year).
    pub(super) fn calendar_word(&self, i: usize) -> Option<Hit> {
        let c = self.c;
        let before = i.checked_sub(1).map(|p| c[p]);
        // Most positions are numerals: only a period can start there, so the word
        // matchers are tried at their first characters alone.
        let word = matches!(c[i], '昨' | '前' | '上' | '本' | '下' | '这');
        if !word && c[i] != '第' && !can_start(c[i]) {
            return None;
        }
        if word {
            if let Some(h) = self.relative_word(i, before) {
                return Some(h);
            }
        }
        // 每一季度, 几个季度, 三个季度: counts, not a period.
        if before.is_some_and(|b| {
            matches!(b, '每' | '几' | '个' | '近' | '后' | '续') || is_cn_numeral(b)
        }) {
            return None;
        }
        let (end, m0, m1) = self.period_at(i)?;
        let year = self.clause.and_then(|(y, _)| y).or(self.year);
        let mut h = Hit::new(i, end, NumberKind::Date);
        h.date = iso(year, Some(m0), None);
        h.span = year.and_then(|y| months_span(y, m0, m1));
        Some(h)
    }

    /// 昨天, 昨日, 前天, 上月, 本周三.
    fn relative_word(&self, i: usize, before: Option<char>) -> Option<Hit> {
        let c = self.c;
        if let Some((w, end)) = first_at(c, i, &["昨天", "昨日", "前天"]) {
            // 提前天数, 前天津市长: 前 belongs to another word.
            if w == "前天"
                && (before.is_some_and(|b| QIAN_BLOCKERS.contains(b)) || c.get(end) == Some(&'津'))
            {
                return None;
            }
            let mut h = Hit::new(i, end, NumberKind::Date);
            let back = if w == "前天" { 2 } else { 1 };
            h.date = self.today.map(|t| day_iso(t - Duration::days(back)));
            return Some(h);
        }
        if let Some(h) = self.relative_month(i, before) {
            return Some(h);
        }
        self.relative_weekday(i, before)
    }

    /// 上月, 本月, 下月, 上个月, 下个月, and a D日 right after them (本月15日).
    fn relative_month(&self, i: usize, before: Option<char>) -> Option<Hit> {
        let c = self.c;
        let (w, end) = first_at(c, i, &["上个月", "下个月", "上月", "本月", "下月"])?;
        let blockers = if w.starts_with('本') {
            "成基资根日"
        } else {
            "以线马向之月楼地天"
        };
        if before.is_some_and(|b| blockers.contains(b)) {
            return None;
        }
        let by = match w.chars().next() {
            Some('上') => -1,
            Some('下') => 1,
            _ => 0,
        };
        let mut h = Hit::new(i, end, NumberKind::Date);
        let Some(today) = self.today else {
            return Some(h);
        };
        let (y, m) = calendar::month_offset(today.year(), today.month(), by);
        h.date = iso(Some(y), Some(m), None);
        h.month = Some((Some(y), m));
        if c.get(end).copied().is_some_and(can_start) {
            let de = run_end(c, end);
            if let Some(d) = parse(c, end, de).as_ref().and_then(int) {
                if (1..=days_in_month(Some(y), m)).contains(&d)
                    && matches!(c.get(de), Some('日' | '号'))
                {
                    h.end = de + 1;
                    h.date = iso(Some(y), Some(m), Some(d));
                }
            }
        }
        Some(h)
    }

    /// 本周三, 上周五, 下周一: weeks start on Monday (GB/T 7408).
    fn relative_weekday(&self, i: usize, before: Option<char>) -> Option<Hit> {
        let c = self.c;
        let (w, k) = first_at(c, i, &["本周", "上周", "下周", "这周"])?;
        let day = "一二三四五六日天".find(*c.get(k)?)? / '一'.len_utf8();
        if before.is_some_and(|b| "日基资根成以线".contains(b)) {
            return None;
        }
        let weeks = match w {
            "上周" => -1,
            "下周" => 1,
            _ => 0,
        };
        let mut h = Hit::new(i, k + 1, NumberKind::Date);
        h.date = self.today.map(|t| {
            let monday = t - Duration::days(i64::from(t.weekday().num_days_from_monday()));
            let offset = (day.min(6)) as i64 + 7 * weeks;
            day_iso(monday + Duration::days(offset))
        });
        Some(h)
    }

    /// A period of a year at `k`: 上半年, 下半年, [第]一季度…四季度, 前N季度, 前N[个]月.
    /// Returns (end, first month, last month).
    pub(super) fn period_at(&self, k: usize) -> Option<(usize, u32, u32)> {
        let c = self.c;
        if let Some((w, end)) = first_at(c, k, &["上半年", "下半年"]) {
            return Some(if w == "上半年" {
                (end, 1, 6)
            } else {
                (end, 7, 12)
            });
        }
        let ahead = c.get(k) == Some(&'前');
        let s = if ahead || c.get(k) == Some(&'第') {
            k + 1
        } else {
            k
        };
        if !c.get(s).copied().is_some_and(can_start) {
            return None;
        }
        let run = run_end(c, s);
        let e = if ahead && c.get(run) == Some(&'个') {
            run + 1
        } else {
            run
        };
        // What follows decides before the run is read: most runs are no period.
        let quarter = first_at(c, e, &["季度"]).is_some();
        let months = ahead && c.get(e) == Some(&'月');
        if !(quarter || months) {
            return None;
        }
        let n = int(&parse(c, s, run)?)?;
        if quarter && (1..=4).contains(&n) {
            return Some(if ahead {
                (n >= 2).then_some((e + 2, 1, 3 * n))?
            } else {
                (e + 2, 3 * n - 2, 3 * n)
            });
        }
        if ahead && c.get(e) == Some(&'月') && (2..=12).contains(&n) {
            return Some((e + 1, 1, n));
        }
        None
    }

    /// 1至5月, 1—2月 at `k`: (end, first month, last month).
    pub(super) fn month_range(&self, k: usize) -> Option<(usize, u32, u32)> {
        let c = self.c;
        if !c.get(k).copied().is_some_and(can_start) {
            return None;
        }
        let e = run_end(c, k);
        let a = parse(c, k, e)?;
        let m0 = int(&a)?;
        if !c.get(e).copied().is_some_and(is_range_sep) {
            return None;
        }
        let s2 = e + 1;
        if !c.get(s2).copied().is_some_and(can_start) {
            return None;
        }
        let e2 = run_end(c, s2);
        let b = parse(c, s2, e2)?;
        let m1 = int(&b)?;
        (a.arabic == b.arabic && (1..m1).contains(&m0) && m1 <= 12 && c.get(e2) == Some(&'月'))
            .then_some((e2 + 1, m0, m1))
    }

    /// Extends a date that ends at `h.end` (year `y`, month `m`, day `d`) over a range
    /// tail: 至3月3日, —4月, 至10日, 至2023年2月. The span runs to the last day of the tail.
    pub(super) fn range_after(&self, h: &mut Hit, y: Option<i32>, m: u32, d: Option<u32>) {
        let c = self.c;
        let k = h.end;
        if !c.get(k).copied().is_some_and(is_range_sep) {
            return;
        }
        let s = k + 1;
        if !c.get(s).copied().is_some_and(can_start) {
            return;
        }
        let e = run_end(c, s);
        let Some(n) = parse(c, s, e) else { return };
        let (end, y2, m2, d2) = match c.get(e) {
            Some('年') if n.plain_int_digits == Some(4) || n.digit_string == Some(4) => {
                let y2 = n.value as i32;
                let Some((end, m2, d2)) = self.month_day(e + 1, Some(y2)) else {
                    return;
                };
                (end, Some(y2), m2, d2)
            }
            Some('月') => {
                let Some((end, m2, d2)) = self.month_day(s, y) else {
                    return;
                };
                // 12月20日至1月5日: the tail is in the next year.
                (end, y.map(|y| if m2 < m { y + 1 } else { y }), m2, d2)
            }
            Some('日' | '号') if d.is_some() => {
                let Some(d2) = int(&n) else { return };
                if !(1..=days_in_month(y, m)).contains(&d2) {
                    return;
                }
                (e + 1, y, m, Some(d2))
            }
            _ => return,
        };
        if d.is_some() != d2.is_some() {
            return;
        }
        let span = y.zip(y2).and_then(|(y, y2)| {
            Some((
                calendar::first_day(y, Some(m), d)?,
                calendar::last_day(y2, Some(m2), d2)?,
            ))
        });
        if span.is_some_and(|(a, b)| b <= a) || (y.is_none() && (m2, d2) <= (m, d)) {
            return;
        }
        h.end = end;
        h.span = span;
        h.month = Some((y2, m2));
    }

    /// 至2023年 after a year `y` at `k`: (end, last year).
    pub(super) fn year_tail(&self, k: usize, y: i32) -> Option<(usize, i32)> {
        let c = self.c;
        if !c.get(k).copied().is_some_and(is_range_sep) || !c.get(k + 1)?.is_ascii_digit() {
            return None;
        }
        let e = run_end(c, k + 1);
        let n = parse(c, k + 1, e)?;
        let y2 = n.value as i32;
        (n.plain_int_digits == Some(4) && c.get(e) == Some(&'年') && y2 > y && y2 <= 2100)
            .then_some((e + 1, y2))
    }

    /// A D日 with no month before it in the paragraph: 5日上午, 6日发布, 12日电. With an
    /// issue date it is the nearest such day on or before it. Spans of days (连续3日, 3日内,
    /// 100日元) are not dates; a Chinese numeral counts only before a time-of-day word or
    /// a dateline's 电/讯, and 号 only there too (3号线 is a name).
    pub(super) fn bare_day(
        &self,
        i: usize,
        e: usize,
        n: &super::numeral::Num,
        d: u32,
    ) -> Option<Hit> {
        let c = self.c;
        if self.not_a_day(i, e, n, d) {
            return None;
        }
        let cue = first_at(
            c,
            e + 1,
            &[
                "上午", "下午", "中午", "晚", "凌晨", "早", "夜", "电", "讯", "起", "至", "到",
            ],
        )
        .is_some();
        if (!n.arabic || c[e] == '号') && !cue {
            return None;
        }
        let mut h = Hit::new(i, e + 1, NumberKind::Date);
        match self.today {
            Some(today) => {
                let day = calendar::day_on_or_before(today, d)?;
                h.date = Some(day_iso(day));
                h.month = Some((Some(day.year()), day.month()));
            }
            // The day of a month not known: ISO 8601's truncated `---DD` (XML's gDay).
            None => h.date = Some(format!("---{d:02}")),
        }
        Some(h)
    }
}

impl Scanner<'_> {
    /// A D日 at `i..e` that spans days or names something else: 连续3日, 3日内, 3日游,
    /// 100日元, 第3日.
    pub(super) fn not_a_day(&self, i: usize, e: usize, n: &super::numeral::Num, d: u32) -> bool {
        let c = self.c;
        let before = i.checked_sub(1).map(|p| c[p]);
        let after = c.get(e + 1).copied();
        !(1..=31).contains(&d)
            || n.multiplied
            || before.is_some_and(|b| {
                "连续近前后每逾约数这那共历用达满过隔第仅头月".contains(b) || b.is_ascii_digit()
            })
            || after.is_some_and(|a| "内游间之元左余多来本期".contains(a))
    }
}

fn day_iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn months_span(y: i32, m0: u32, m1: u32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        calendar::first_day(y, Some(m0), None)?,
        calendar::last_day(y, Some(m1), None)?,
    ))
}
