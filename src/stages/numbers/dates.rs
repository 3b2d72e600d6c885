//! DATE and TIME readers of the numbers scanner: YYYY年[M月[D日]], M月[D日], D日 after a
//! month in the same clause, year and month ranges, ISO-like 2022-02-07, relative years
//! (今年, 明年, 去年, 前年, 后年), lunar dates (正月初七, 腊月二十三, 农历八月十五, 大年初一) and
//! clock times (8时30分, 上午9点, 14:30). Dates carry the printed precision: `2022`,
//! `2022-02`, `2022-02-07`, or `--02-07` when no year is known.

use super::calendar;
use super::lunar;
use super::numeral::{self, can_start, parse, run_end, Num};
use super::scanner::{is_range_sep, Hit, Scanner, Step};
use super::units::{first_at, starts_with, TIME_PREFIXES};
use crate::model::NumberKind;

/// Years read as DATE: beyond this range a 4-digit number before 年 is a duration.
const YEARS: std::ops::RangeInclusive<f64> = 1000.0..=2100.0;

/// The year printed as `YYYY` (Arabic or Chinese digits) right before position `p` (a 年),
/// for the issue-year vote: 1900–2100 only, and not the tail of a longer number.
pub fn year_before(c: &[char], p: usize) -> Option<i32> {
    let s = p.checked_sub(4)?;
    let digits = &c[s..p];
    let before = s.checked_sub(1).and_then(|b| c.get(b));
    let value = if digits.iter().all(|d| d.is_ascii_digit()) {
        if before.is_some_and(|b| b.is_ascii_digit() || *b == '.' || *b == ',') {
            return None;
        }
        // Four ASCII digits: their value directly, as `parse` would read them.
        digits
            .iter()
            .fold(0i32, |acc, d| acc * 10 + (*d as i32 - '0' as i32))
    } else if digits
        .iter()
        .all(|&d| numeral::cn_digit(d).is_some() && d != '两')
    {
        if before.is_some_and(|&b| numeral::is_cn_numeral(b)) {
            return None;
        }
        digits
            .iter()
            .filter_map(|&d| numeral::cn_digit(d))
            .fold(0i32, |acc, d| acc * 10 + i32::from(d))
    } else {
        return None;
    };
    (1900..=2100).contains(&value).then_some(value)
}

pub(super) fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
    }
}

pub(super) fn iso(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Option<String> {
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
        (Some(y), None, _) => Some(format!("{y:04}")),
        (None, Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
        (None, Some(m), None) => Some(format!("--{m:02}")),
        (None, None, _) => None,
    }
}

pub(super) fn int(n: &Num) -> Option<u32> {
    (n.value.fract() == 0.0 && n.value >= 0.0 && n.value < 1e6 && n.digit_string.is_none())
        .then_some(n.value as u32)
}

/// Lunar day words: 初一…初十, 十一…十九, 二十, 廿一…廿九, 三十. Returns (day, end).
fn lunar_day(c: &[char], k: usize) -> Option<(u8, usize)> {
    let first = *c.get(k)?;
    let (day, end) = if first == '初' {
        let d = match c.get(k + 1)? {
            '十' => 10,
            &x => numeral::cn_digit(x).filter(|&d| (1..=9).contains(&d) && x != '两')?,
        };
        (d, k + 2)
    } else if first == '廿' {
        let d = numeral::cn_digit(*c.get(k + 1)?).filter(|&d| (1..=9).contains(&d))?;
        (20 + d, k + 2)
    } else {
        if !matches!(first, '十' | '二' | '三') {
            return None;
        }
        let e = run_end(c, k);
        let n = parse(c, k, e)?;
        let d = int(&n)?;
        if !(11..=30).contains(&d) || n.arabic {
            return None;
        }
        (d as u8, e)
    };
    if matches!(c.get(end), Some('日' | '号')) {
        return None;
    }
    Some((day, end))
}

impl Scanner<'_> {
    /// 今年, 明年, 去年, 前年, 后年, and a month-day right after them (去年12月).
    pub(super) fn relative_year(&self, i: usize) -> Option<Hit> {
        let c = self.c;
        if c.get(i + 1) != Some(&'年') {
            return None;
        }
        let offset = match c[i] {
            '今' => 0,
            '明' => 1,
            '去' => -1,
            '前' => -2,
            '后' => 2,
            _ => return None,
        };
        let before = i.checked_sub(1).and_then(|p| c.get(p)).copied();
        // Words that swallow the first character: 光明, 过去, 以前, 之后, 至今…
        let blocked = match c[i] {
            '明' => "光文聪鲜清说表证英开透发黎分简高昌严修神失澄阐辨标照声",
            '去' => "过失除褪离回上下进出死来归",
            '前' => "提目眼空史此以之面向当跟生战节年日天月岁从几多周超",
            '后' => "之以此然最其今随落背先前善战产老午",
            _ => "至如",
        };
        let year = self.year.map(|y| y + offset);
        let mut h = Hit::new(i, i + 2, NumberKind::Date);
        h.date = year.map(|y| format!("{y:04}"));
        self.after_year(&mut h, i + 2, year);
        // 至今年1月5日 still reads 今年: a month-day after it settles the word.
        let swallowed = h.end == i + 2 && before.is_some_and(|b| blocked.contains(b));
        if swallowed || before.is_some_and(|b| numeral::is_cn_numeral(b) || b.is_ascii_digit()) {
            return None;
        }
        if matches!(c.get(i + 2), Some('轻' | '纪' | '龄' | '华' | '级')) {
            return None;
        }
        Some(h)
    }

    /// What may follow a year (2023年, 今年) in the same DATE: a period (上半年, 一季度,
    /// 前两月), a month range (1至5月) or a month-day with an optional range tail.
    pub(super) fn after_year(&self, h: &mut Hit, k: usize, year: Option<i32>) {
        if let Some((end, m0, m1)) = self.period_at(k).or_else(|| self.month_range(k)) {
            h.end = end;
            h.date = iso(year, Some(m0), None);
            h.span = year.and_then(|y| {
                Some((
                    calendar::first_day(y, Some(m0), None)?,
                    calendar::last_day(y, Some(m1), None)?,
                ))
            });
            return;
        }
        if let Some((end, m, d)) = self.month_day(k, year) {
            h.end = end;
            h.date = iso(year, Some(m), d);
            h.month = Some((year, m));
            self.range_after(h, year, m, d);
        }
    }

    /// M月 and an optional D日/D号 at `k`: (end, month, day).
    pub(super) fn month_day(
        &self,
        k: usize,
        year: Option<i32>,
    ) -> Option<(usize, u32, Option<u32>)> {
        let c = self.c;
        if !c.get(k).copied().is_some_and(can_start) {
            return None;
        }
        let e = run_end(c, k);
        let m = int(&parse(c, k, e)?)?;
        if !(1..=12).contains(&m) || c.get(e) != Some(&'月') {
            return None;
        }
        let mut end = e + 1;
        let mut day = None;
        if c.get(end).copied().is_some_and(can_start) {
            let de = run_end(c, end);
            if let Some(d) = parse(c, end, de).as_ref().and_then(int) {
                if (1..=days_in_month(year, m)).contains(&d)
                    && matches!(c.get(de), Some('日' | '号'))
                {
                    day = Some(d);
                    end = de + 1;
                }
            }
        }
        Some((end, m, day))
    }

    /// Lunar dates: 正月初七, 腊月二十三, 冬月初一, 闰四月初五, 农历八月十五, 大年初一, 大年三十.
    pub(super) fn lunar(&self, i: usize) -> Option<Hit> {
        let c = self.c;
        if !matches!(c[i], '农' | '大' | '正' | '腊' | '冬' | '闰' | '一'..='龥') {
            return None;
        }
        let mut k = i;
        let prefixed = starts_with(c, k, "农历");
        if prefixed {
            k += 2;
        }
        if starts_with(c, k, "大年") {
            let (day, end) = lunar_day(c, k + 2)?;
            let date = match day {
                30 => self.lunar_nearest(-1, lunar::new_years_eve),
                1..=10 if c[k + 2] == '初' => {
                    self.lunar_nearest(0, |y| lunar::to_gregorian(y, 1, false, day))
                }
                _ => return None,
            };
            let mut h = Hit::new(i, end, NumberKind::Date);
            h.date = date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
            return Some(h);
        }
        let leap = c.get(k) == Some(&'闰');
        if leap {
            k += 1;
        }
        let (month, lunar_word, mend) =
            if let Some((w, e)) = first_at(c, k, &["正月", "腊月", "冬月"]) {
                let m = match w {
                    "正月" => 1,
                    "腊月" => 12,
                    _ => 11,
                };
                (m, true, e)
            } else {
                let first = *c.get(k)?;
                if numeral::cn_digit(first).is_none() && first != '十' {
                    return None;
                }
                let e = run_end(c, k);
                let n = parse(c, k, e)?;
                if n.arabic {
                    return None;
                }
                let m = int(&n)?;
                if !(1..=12).contains(&m) || c.get(e) != Some(&'月') {
                    return None;
                }
                (m as u8, false, e + 1)
            };
        let (day, end) = lunar_day(c, mend)?;
        let lunar_style = matches!(c.get(mend), Some('初' | '廿'));
        if !(lunar_word || prefixed || leap || lunar_style || day >= 11) {
            return None;
        }
        let mut h = Hit::new(i, end, NumberKind::Date);
        h.date = self
            .lunar_nearest(0, |y| lunar::to_gregorian(y, month, leap, day))
            .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
        Some(h)
    }

    /// A lunar date `of(lunar year)`: with an issue date, in the lunar year that puts it
    /// nearest the issue date (腊月二十三 in a January issue is a few days back, in a
    /// December issue a few weeks ahead); with only the issue year, in the lunar year
    /// `year + default` (see `lunar.rs`).
    fn lunar_nearest(
        &self,
        default: i32,
        of: impl Fn(i32) -> Option<(i32, u32, u32)>,
    ) -> Option<(i32, u32, u32)> {
        let y = self.year?;
        let Some(today) = self.today else {
            return of(y + default);
        };
        (y - 2..=y + 1).filter_map(&of).min_by_key(|&(gy, gm, gd)| {
            calendar::ymd(gy, gm, gd).map_or(i64::MAX, |x| (x - today).num_days().abs())
        })
    }

    /// A clock time introduced by a day-part word: 上午9点, 晚上8时30分, 凌晨三点.
    pub(super) fn prefixed_time(&self, i: usize) -> Option<Hit> {
        let (_, s) = first_at(self.c, i, TIME_PREFIXES)?;
        if !self.c.get(s).copied().is_some_and(can_start) {
            return None;
        }
        let e = run_end(self.c, s);
        let n = parse(self.c, s, e)?;
        let end = self.clock_tail(e, &n, true)?;
        let mut h = Hit::new(i, end, NumberKind::Time);
        h.core = s;
        Some(h)
    }

    /// The rest of a clock time after the hour run `..e`: 时[M分[S秒]], 点[半|整|钟|M分],
    /// :MM[:SS]. `strong` when a day-part word came first (then a bare 9点 is a time).
    pub(super) fn clock_tail(&self, e: usize, n: &Num, strong: bool) -> Option<usize> {
        let c = self.c;
        let hour = int(n)?;
        if hour > 24 || n.multiplied && !n.chinese {
            return None;
        }
        match c.get(e)? {
            ':' | '：' if n.arabic && n.plain_int_digits.is_some_and(|d| d <= 2) => {
                let two = |k: usize| -> Option<u32> {
                    let a = c.get(k)?.to_digit(10)?;
                    let b = c.get(k + 1)?.to_digit(10)?;
                    if c.get(k + 2).is_some_and(|x| x.is_ascii_digit()) {
                        return None;
                    }
                    Some(a * 10 + b)
                };
                let min = two(e + 1).filter(|&m| m < 60)?;
                let _ = min;
                let mut end = e + 3;
                if matches!(c.get(end), Some(':' | '：')) && two(end + 1).is_some_and(|s| s < 60) {
                    end += 3;
                }
                Some(end)
            }
            '时' => {
                let mut end = e + 1;
                let minutes = self.minutes(end);
                if let Some(me) = minutes {
                    end = me;
                } else if n.chinese && !strong {
                    return None;
                }
                Some(end)
            }
            '点' => {
                let end = e + 1;
                if let Some(me) = self.minutes(end) {
                    return Some(me);
                }
                match c.get(end) {
                    Some('半' | '整') => Some(end + 1),
                    Some('钟') => Some(end + 1),
                    _ if strong && !matches!(c.get(end), Some('多' | '几')) => Some(end),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `M分[S秒]` at `k` (M < 60): the end.
    fn minutes(&self, k: usize) -> Option<usize> {
        let c = self.c;
        if !c.get(k).copied().is_some_and(can_start) {
            return None;
        }
        let e = run_end(c, k);
        let m = int(&parse(c, k, e)?)?;
        if m >= 60 || c.get(e) != Some(&'分') || c.get(e + 1) == Some(&'钟') {
            return None;
        }
        let mut end = e + 1;
        if c.get(end).copied().is_some_and(can_start) {
            let se = run_end(c, end);
            if parse(c, end, se)
                .as_ref()
                .and_then(int)
                .is_some_and(|s| s < 60)
                && c.get(se) == Some(&'秒')
            {
                end = se + 1;
            }
        }
        Some(end)
    }

    /// Dates that start with the run `i..e`: years, months, days in a clause with a month,
    /// year and month ranges, 2022-02-07.
    pub(super) fn date_from(&self, i: usize, e: usize, n: &Num) -> Option<Step> {
        let c = self.c;
        let next = c.get(e).copied()?;
        let year_like = (n.plain_int_digits == Some(4) || n.digit_string == Some(4))
            && YEARS.contains(&n.value);
        if next == '年' && year_like {
            let y = n.value as i32;
            let mut h = Hit::new(i, e + 1, NumberKind::Date);
            h.date = iso(Some(y), None, None);
            self.after_year(&mut h, e + 1, Some(y));
            if h.end == e + 1 {
                // 2021年至2023年: one DATE over both years.
                if let Some((end, y2)) = self.year_tail(e + 1, y) {
                    h.end = end;
                    h.span = Some((
                        calendar::first_day(y, None, None)?,
                        calendar::last_day(y2, None, None)?,
                    ));
                }
            }
            return Some(Step::Hit(h));
        }
        if n.digit_string.is_some() {
            return None;
        }
        // ISO-like: 2022-02-07, 2022.2.7, 2022/02/07.
        if n.plain_int_digits == Some(4) && YEARS.contains(&n.value) && matches!(next, '-' | '/') {
            if let Some(h) = self.iso_date(i, e, n.value as i32, next) {
                return Some(Step::Hit(h));
            }
        }
        if n.value.fract() == 0.0 && is_range_sep(next) {
            // 2021—2025年, 1至11月: one DATE from the first year or month.
            let s2 = e + 1;
            if c.get(s2).copied().is_some_and(can_start) {
                let e2 = run_end(c, s2);
                if let Some(n2) = parse(c, s2, e2) {
                    if n2.value > n.value && n2.arabic == n.arabic {
                        if year_like && c.get(e2) == Some(&'年') && YEARS.contains(&n2.value) {
                            let (y0, y1) = (n.value as i32, n2.value as i32);
                            let mut h = Hit::new(i, e2 + 1, NumberKind::Date);
                            h.date = iso(Some(y0), None, None);
                            h.span = calendar::first_day(y0, None, None)
                                .zip(calendar::last_day(y1, None, None));
                            return Some(Step::Hit(h));
                        }
                        if c.get(e2) == Some(&'月') && n2.value <= 12.0 && n.value >= 1.0 {
                            let (m0, m1) = (n.value as u32, n2.value as u32);
                            // 1至11月 in a January issue: the months of last year.
                            let year = self.clause.and_then(|(y, _)| y).or_else(|| {
                                self.today
                                    .map(|t| calendar::nearest_year(t, m1, None))
                                    .or(self.year)
                            });
                            let mut h = Hit::new(i, e2 + 1, NumberKind::Date);
                            h.date = iso(year, Some(m0), None);
                            h.span = year.and_then(|y| {
                                calendar::first_day(y, Some(m0), None).zip(calendar::last_day(
                                    y,
                                    Some(m1),
                                    None,
                                ))
                            });
                            h.month = Some((year, m1));
                            return Some(Step::Hit(h));
                        }
                        if matches!(c.get(e2), Some('日' | '号')) && n.value >= 1.0 {
                            // 3至5日 after a month in the clause.
                            if let Some((year, m)) = self.clause.or(self.paragraph) {
                                let (d0, d1) = (n.value as u32, n2.value as u32);
                                if d1 <= days_in_month(year, m) {
                                    let mut h = Hit::new(i, e2 + 1, NumberKind::Date);
                                    h.date = iso(year, Some(m), Some(d0));
                                    h.span = year.and_then(|y| {
                                        calendar::ymd(y, m, d0).zip(calendar::ymd(y, m, d1))
                                    });
                                    h.month = Some((year, m));
                                    return Some(Step::Hit(h));
                                }
                            }
                        }
                    }
                }
            }
        }
        if next == '月' {
            // A year printed earlier in the clause wins; else the year that puts the
            // month-day nearest the issue date; else the issue year.
            let printed = self.clause.and_then(|(y, _)| y);
            let (end, m, d) = self.month_day(i, printed.or(self.year))?;
            let year = printed
                .or_else(|| self.today.map(|t| calendar::nearest_year(t, m, d)))
                .or(self.year);
            let mut h = Hit::new(i, end, NumberKind::Date);
            h.date = iso(year, Some(m), d);
            h.month = Some((year, m));
            self.range_after(&mut h, year, m, d);
            return Some(Step::Hit(h));
        }
        if matches!(next, '日' | '号') {
            let d = int(n)?;
            // The month of the clause, else of an earlier clause of the paragraph.
            let month = match next {
                // 3号线, 5号楼: a 号 takes only a month of its own clause.
                '号' => self.clause,
                _ => self.clause.or(self.paragraph),
            };
            if let Some((year, m)) = month {
                if !(1..=days_in_month(year, m)).contains(&d) || self.not_a_day(i, e, n, d) {
                    return None;
                }
                let mut h = Hit::new(i, e + 1, NumberKind::Date);
                h.date = iso(year, Some(m), Some(d));
                return Some(Step::Hit(h));
            }
            return self.bare_day(i, e, n, d).map(Step::Hit);
        }
        None
    }

    fn iso_date(&self, i: usize, e: usize, y: i32, sep: char) -> Option<Hit> {
        let c = self.c;
        let part = |k: usize| -> Option<(u32, usize)> {
            let mut j = k;
            while j < c.len() && j < k + 2 && c[j].is_ascii_digit() {
                j += 1;
            }
            if j == k || c.get(j).is_some_and(|x| x.is_ascii_digit()) {
                return None;
            }
            Some((c[k..j].iter().collect::<String>().parse().ok()?, j))
        };
        let (m, me) = part(e + 1)?;
        if c.get(me) != Some(&sep) {
            return None;
        }
        let (d, de) = part(me + 1)?;
        if !(1..=12).contains(&m) || !(1..=days_in_month(Some(y), m)).contains(&d) {
            return None;
        }
        let mut h = Hit::new(i, de, NumberKind::Date);
        h.date = iso(Some(y), Some(m), Some(d));
        h.month = Some((Some(y), m));
        Some(h)
    }
}
