//! The reference that partial and relative dates resolve against (the issue date, else
//! the issue year), and calendar arithmetic: the year of a month-day nearest the issue
//! date, and the inclusive day span (`date_start`, `date_end`) of a printed date.

use chrono::{Datelike, NaiveDate};

/// What dates of one issue resolve against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reference {
    /// The issue year: from the issue date, else inferred from the page.
    pub year: Option<i32>,
    /// The issue date, when known: 昨天, 上月, 本周三, bare N日 and the year of M月D日
    /// need it.
    pub day: Option<NaiveDate>,
}

impl Reference {
    /// The reference of an issue dated `day`.
    pub fn dated(day: NaiveDate) -> Reference {
        Reference {
            year: Some(day.year()),
            day: Some(day),
        }
    }

    /// The issue date `YYYY-MM-DD` if it parses, else only `year`.
    pub fn new(date: Option<&str>, year: Option<i32>) -> Reference {
        match date.and_then(parse_iso) {
            Some(day) => Reference::dated(day),
            None => Reference { year, day: None },
        }
    }
}

/// A year alone (no issue date): what callers passed before the issue date was known.
impl From<Option<i32>> for Reference {
    fn from(year: Option<i32>) -> Reference {
        Reference { year, day: None }
    }
}

/// `YYYY-MM-DD` → a date.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
        .unwrap_or(30)
}

/// The first day of a date at printed precision (year, year-month or full date).
pub fn first_day(y: i32, m: Option<u32>, d: Option<u32>) -> Option<NaiveDate> {
    ymd(y, m.unwrap_or(1), d.unwrap_or(1))
}

/// The last day of a date at printed precision.
pub fn last_day(y: i32, m: Option<u32>, d: Option<u32>) -> Option<NaiveDate> {
    let m = m.unwrap_or(12);
    ymd(y, m, d.unwrap_or_else(|| days_in_month(y, m)))
}

/// The inclusive span of a `date` value (`2023`, `2023-03`, `2023-03-05`); `--MM-DD` and
/// `--MM` have none.
pub fn span_of(date: &str) -> Option<(NaiveDate, NaiveDate)> {
    let mut parts = date.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
    let d: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
    Some((first_day(y, m, d)?, last_day(y, m, d)?))
}

/// The year that puts month `m` (day `d`, if printed) nearest to `today`: 12月30日 in a
/// January issue is last December, 1月5日 in a late-December issue is next January.
/// Ties (a month printed exactly six months away) go to the issue year.
pub fn nearest_year(today: NaiveDate, m: u32, d: Option<u32>) -> i32 {
    let y = today.year();
    let distance = |c: i32| -> Option<i64> {
        match d {
            Some(d) => ymd(c, m, d).map(|x| (x - today).num_days().abs()),
            // Whole months apart, counted from the issue's month.
            None => Some(
                (i64::from(c) * 12 + i64::from(m) - i64::from(y) * 12 - i64::from(today.month()))
                    .abs()
                    * 31,
            ),
        }
    };
    [y, y - 1, y + 1]
        .into_iter()
        .filter_map(|c| distance(c).map(|dist| (dist, c)))
        .min_by_key(|&(dist, c)| (dist, c != y))
        .map_or(y, |(_, c)| c)
}

/// Day `d` nearest on or before `today`: this month if `d` has come, else last month.
pub fn day_on_or_before(today: NaiveDate, d: u32) -> Option<NaiveDate> {
    if d <= today.day() {
        return ymd(today.year(), today.month(), d);
    }
    let (y, m) = month_offset(today.year(), today.month(), -1);
    ymd(y, m, d)
}

/// The month `by` months from `y`-`m`.
pub fn month_offset(y: i32, m: u32, by: i32) -> (i32, u32) {
    let k = y * 12 + m as i32 - 1 + by;
    (k.div_euclid(12), k.rem_euclid(12) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    #[test]
    fn nearest_year_around_the_issue() {
        assert_eq!(nearest_year(d("2023-01-03"), 12, Some(30)), 2022);
        assert_eq!(nearest_year(d("2023-01-03"), 1, Some(2)), 2023);
        assert_eq!(nearest_year(d("2022-12-28"), 1, Some(5)), 2023);
        assert_eq!(nearest_year(d("2023-03-07"), 3, Some(6)), 2023);
        assert_eq!(nearest_year(d("2023-03-07"), 9, Some(1)), 2023);
        assert_eq!(nearest_year(d("2023-03-07"), 9, Some(30)), 2022);
        assert_eq!(nearest_year(d("2023-01-10"), 12, None), 2022);
        assert_eq!(nearest_year(d("2023-01-10"), 7, None), 2023);
        // 2月29日 exists only in leap years: the nearest one that exists.
        assert_eq!(nearest_year(d("2025-01-10"), 2, Some(29)), 2024);
    }

    #[test]
    fn days_before_the_issue() {
        assert_eq!(day_on_or_before(d("2023-03-07"), 5), Some(d("2023-03-05")));
        assert_eq!(day_on_or_before(d("2023-03-07"), 7), Some(d("2023-03-07")));
        assert_eq!(day_on_or_before(d("2023-03-07"), 28), Some(d("2023-02-28")));
        assert_eq!(day_on_or_before(d("2023-03-07"), 30), None);
        assert_eq!(day_on_or_before(d("2023-01-02"), 30), Some(d("2022-12-30")));
    }

    #[test]
    fn spans_at_printed_precision() {
        assert_eq!(span_of("2023"), Some((d("2023-01-01"), d("2023-12-31"))));
        assert_eq!(span_of("2024-02"), Some((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(
            span_of("2023-03-04"),
            Some((d("2023-03-04"), d("2023-03-04")))
        );
        assert_eq!(span_of("--03-04"), None);
        assert_eq!(span_of("--03"), None);
        assert_eq!(month_offset(2023, 1, -1), (2022, 12));
        assert_eq!(month_offset(2023, 12, 1), (2024, 1));
    }
}
