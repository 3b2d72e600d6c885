//! The issue date when neither the manifest nor `--date` gives it: from the input's path
//! (`2023/03/05/p01.txt`, `rmrb20230305.txt`, `2023-03-05/A01.txt`), else from a masthead or
//! furniture line of the normalized page (`2023年3月5日 星期日 农历二月十四`,
//! `东海商报 2023年3月7日 星期二 B03 财经`, `2023年3月5日 第8123期`).
//!
//! Pure functions of a path string and a `Page`: they read no block classes, so layout
//! analysis may change without moving the date. A page line is a masthead when it is short,
//! holds no sentence end, and prints next to the full date a cue that only furniture
//! prints: a weekday (星期日, 周日, 礼拜天), the lunar date (农历…), an issue number
//! (第8123期, 总第…期) or a page number (16版). A dateline (新华社北京3月5日电) or a sentence
//! that names a date is none of these.

use chrono::NaiveDate;

use crate::model::Page;

/// Longest line read as a masthead, in code points.
const MAX_MASTHEAD: usize = 64;

/// The rightmost date spelled in `path` (the one nearest the file): `YYYY/MM/DD`,
/// `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD`, `YYYYMM/DD` or `YYYYMMDD`, with no digit
/// right before or after it. Digits inside a long hexadecimal token (a hash) are skipped.
pub fn from_path(path: &str) -> Option<NaiveDate> {
    let b = path.as_bytes();
    let digits_at = |k: usize, n: usize| -> Option<u32> {
        let s = b.get(k..k + n)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| s.iter().fold(0, |a, d| a * 10 + u32::from(d - b'0')))
    };
    let is_sep = |k: usize| matches!(b.get(k), Some(b'/' | b'\\' | b'-' | b'_' | b'.'));
    let free_after = |k: usize| !b.get(k).is_some_and(u8::is_ascii_digit);
    let mut found = None;
    for k in 0..b.len() {
        if k > 0 && b[k - 1].is_ascii_digit() || in_hex_token(b, k) {
            continue;
        }
        let Some(y) = digits_at(k, 4) else { continue };
        let date = |m: u32, d: u32| {
            (1900..=2100)
                .contains(&y)
                .then(|| NaiveDate::from_ymd_opt(y as i32, m, d))
                .flatten()
        };
        // YYYY<sep>M[M]<sep>D[D]
        let sep_form = || -> Option<NaiveDate> {
            if !is_sep(k + 4) {
                return None;
            }
            let (m, ml) = one_or_two(b, k + 5)?;
            if !is_sep(k + 5 + ml) {
                return None;
            }
            let (d, dl) = one_or_two(b, k + 6 + ml)?;
            free_after(k + 6 + ml + dl).then(|| date(m, d)).flatten()
        };
        let compact = || -> Option<NaiveDate> {
            let (m, d) = (digits_at(k + 4, 2)?, digits_at(k + 6, 2)?);
            free_after(k + 8).then(|| date(m, d)).flatten()
        };
        let month_folder = || -> Option<NaiveDate> {
            let m = digits_at(k + 4, 2)?;
            if !is_sep(k + 6) || !free_after(k + 9) {
                return None;
            }
            date(m, digits_at(k + 7, 2)?)
        };
        if let Some(d) = sep_form().or_else(compact).or_else(month_folder) {
            found = Some(d);
        }
    }
    found
}

fn one_or_two(b: &[u8], k: usize) -> Option<(u32, usize)> {
    let first = b.get(k).filter(|c| c.is_ascii_digit())?;
    let v = u32::from(first - b'0');
    match b.get(k + 1) {
        Some(c) if c.is_ascii_digit() => Some((v * 10 + u32::from(c - b'0'), 2)),
        _ => Some((v, 1)),
    }
}

/// Whether byte `k` lies in a run of 16 or more hexadecimal characters (a hash or id).
fn in_hex_token(b: &[u8], k: usize) -> bool {
    let mut s = k;
    while s > 0 && b[s - 1].is_ascii_hexdigit() {
        s -= 1;
    }
    let mut e = k;
    while e < b.len() && b[e].is_ascii_hexdigit() {
        e += 1;
    }
    e - s >= 16
}

/// The first masthead line of the page that prints a full date: (date, raw line number).
pub fn from_page(page: &Page) -> Option<(NaiveDate, u32)> {
    page.lines.iter().find_map(|line| {
        // Bytes bound code points: most lines are passed over without decoding.
        if line.text.len() > MAX_MASTHEAD * 4 || !line.text.contains(['年', '-', '.', '/']) {
            return None;
        }
        let c: Vec<char> = line.text.chars().collect();
        if c.len() > MAX_MASTHEAD
            || c.iter()
                .any(|&ch| matches!(ch, '。' | '！' | '？' | '电' | '讯'))
        {
            return None;
        }
        let (date, s, e) = full_date(&c)?;
        let rest: String = c[..s].iter().chain(&c[e..]).collect();
        has_cue(&rest).then_some((date, line.no))
    })
}

/// Whether a line's text beside the date holds a cue of page furniture.
fn has_cue(rest: &str) -> bool {
    let c: Vec<char> = rest.chars().collect();
    let weekday = |k: usize| c.get(k).is_some_and(|x| "一二三四五六日天".contains(*x));
    for (k, &ch) in c.iter().enumerate() {
        let next = |w: &str| c[k..].iter().copied().take(w.chars().count()).eq(w.chars());
        if (next("星期") && weekday(k + 2)) || (next("礼拜") && weekday(k + 2)) {
            return true;
        }
        if ch == '周'
            && weekday(k + 1)
            && !c.get(k + 2).is_some_and(|x| crate::zh::chars::is_han(*x))
        {
            return true;
        }
        if next("农历") || next("总第") {
            return true;
        }
        // 第8123期, 16版, B03版
        if (ch == '期' || ch == '版') && k > 0 && c[k - 1].is_ascii_digit() {
            return true;
        }
    }
    false
}

/// The first full date on a line: `YYYY年M月D日` (Arabic or Chinese digits, 日 or 号) or
/// `YYYY-MM-DD` / `YYYY.MM.DD` / `YYYY/MM/DD`; (date, start, end) in code points.
fn full_date(c: &[char]) -> Option<(NaiveDate, usize, usize)> {
    for s in 0..c.len() {
        if s > 0 && digit(c[s - 1]).is_some() {
            continue;
        }
        let year: Option<u32> = (0..4).try_fold(0, |a, k| Some(a * 10 + digit(*c.get(s + k)?)?));
        let Some(y) = year.filter(|y| (1900..=2100).contains(y)) else {
            continue;
        };
        let sep = c.get(s + 4).copied();
        let unit =
            |k: usize, u: &[char]| (c.get(k).is_some_and(|x| u.contains(x))).then_some(k + 1);
        let parsed = if sep == Some('年') {
            small(c, s + 5).and_then(|(m, k)| {
                let k = unit(k, &['月'])?;
                let (d, k) = small(c, k)?;
                Some((m, d, unit(k, &['日', '号'])?))
            })
        } else if matches!(sep, Some('-' | '.' | '/')) {
            small(c, s + 5).and_then(|(m, k)| {
                (c.get(k) == sep.as_ref()).then_some(())?;
                let (d, k) = small(c, k + 1)?;
                (!c.get(k).is_some_and(|x| x.is_ascii_digit())).then_some((m, d, k))
            })
        } else {
            None
        };
        if let Some((m, d, e)) = parsed {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                return Some((date, s, e));
            }
        }
    }
    None
}

/// A digit of a year: ASCII or Chinese (二〇二三).
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '〇' | '零' | 'Ｏ' | 'O' => Some(0),
        _ => "一二三四五六七八九".find(c).map(|b| b as u32 / 3 + 1),
    }
}

/// A month or day number at `k`: 1–2 ASCII digits, or a Chinese numeral up to 三十一.
fn small(c: &[char], k: usize) -> Option<(u32, usize)> {
    if c.get(k)?.is_ascii_digit() {
        let a = c[k].to_digit(10)?;
        return match c.get(k + 1).and_then(|x| x.to_digit(10)) {
            Some(b) => Some((a * 10 + b, k + 2)),
            None => Some((a, k + 1)),
        };
    }
    let unit = |x: Option<&char>| x.and_then(|&x| digit(x)).filter(|&d| d > 0);
    match (c.get(k), c.get(k + 1), c.get(k + 2)) {
        (Some('十'), _, _) => match unit(c.get(k + 1)) {
            Some(d) => Some((10 + d, k + 2)),
            None => Some((10, k + 1)),
        },
        (Some(_), Some('十'), _) => {
            let tens = unit(c.get(k))?;
            match unit(c.get(k + 2)) {
                Some(d) => Some((tens * 10 + d, k + 3)),
                None => Some((tens * 10, k + 2)),
            }
        }
        _ => unit(c.get(k)).map(|d| (d, k + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Line;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_in_paths() {
        let cases = [
            ("2023/03/05/p01.txt", Some("2023-03-05")),
            ("archive/东海商报/2023/3/7/B03.txt", Some("2023-03-07")),
            ("rmrb20230305.txt", Some("2023-03-05")),
            ("20230305_01.txt", Some("2023-03-05")),
            ("2023-03-05/A01.txt", Some("2023-03-05")),
            (
                "2023-03/05/nw.D110000renmrb_20230305_1-01.txt",
                Some("2023-03-05"),
            ),
            ("202303/05/node_1.txt", Some("2023-03-05")),
            ("2022/issues/2023-01-02.txt", Some("2023-01-02")),
            ("000_aac00d1867b0bacf.txt", None),
            ("f1e2d3c420230305aa11bb22.txt", None),
            ("2023/13/05/p01.txt", None),
            ("123456789.txt", None),
            ("page-2023.txt", None),
            ("-", None),
        ];
        for (path, want) in cases {
            assert_eq!(from_path(path), want.map(d), "{path}");
        }
    }

    fn page(lines: &[&str]) -> Page {
        Page {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| Line {
                    no: i as u32 + 1,
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn mastheads() {
        let cases = [
            (
                "2023年3月5日 星期日 农历二月十四 今日16版",
                Some("2023-03-05"),
            ),
            ("东海商报 2023年3月7日 星期二 B03 财经", Some("2023-03-07")),
            ("2023年3月5日 第8123期", Some("2023-03-05")),
            ("二〇二三年三月五日 星期日", Some("2023-03-05")),
            ("2023年12月31日 周日", Some("2023-12-31")),
            ("2023-03-05 星期日 A01", Some("2023-03-05")),
            ("农历癸卯年二月十四 2023年3月5日", Some("2023-03-05")),
            // Sentences and datelines name dates without being mastheads.
            ("2023年3月5日，我市召开大会。", None),
            ("新华社北京2023年3月5日电 星期日", None),
            ("2023年3月5日", None),
            ("2023年3月5日周日晚间举行的比赛结束后全队返回驻地", None),
            ("2023年2月30日 星期四", None),
        ];
        for (line, want) in cases {
            let got = from_page(&page(&["", line])).map(|(d, _)| d);
            assert_eq!(got, want.map(d), "{line}");
        }
        let p = page(&[
            "头版",
            "正文。",
            "2023年3月5日 星期日",
            "2023年3月6日 星期一",
        ]);
        assert_eq!(from_page(&p), Some((d("2023-03-05"), 3)));
    }
}
