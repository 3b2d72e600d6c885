//! Numeral runs: Arabic digits (decimals, thousands separators), Chinese and 大写 numerals
//! and their mixes (3千万, 1.2万, 100万三千), read into a value or rejected as malformed.
//!
//! A *run* is the maximal stretch of numeral characters at a position; the caller decides
//! from what follows the run (年, 月, %, a unit…) what the run means.

/// Value of a Chinese or 大写 digit; 〇 and 零 are 0, 两 is 2.
pub const fn cn_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '两' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// 十, 百, 千 (and their 大写 forms): multipliers inside a section below 万.
pub const fn cn_small(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// 万, 亿 and 兆 (10^12, as Taiwan and Hong Kong papers use it): section multipliers.
pub const fn cn_big(c: char) -> Option<f64> {
    Some(match c {
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        '兆' => 1e12,
        _ => return None,
    })
}

pub const fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || cn_small(c).is_some() || cn_big(c).is_some()
}

/// Whether a run may start at `c`: a digit of any script, or 十 (十二个). A run starting
/// with 百/千/万/亿 is an approximation or a word (百强, 千家万户, 万众一心).
pub fn can_start(c: char) -> bool {
    c.is_ascii_digit() || cn_digit(c).is_some() || matches!(c, '十' | '拾')
}

/// Units that begin with a multiplier character: the run must stop before them
/// (3千米 is 3 km, not 3000 m; 0.5个百分点).
const UNIT_AFTER_MULTIPLIER: &[&str] = &[
    "千瓦时",
    "千米",
    "千克",
    "千瓦",
    "千伏",
    "千帕",
    "千卡",
    "千兆",
    "兆瓦",
    "兆帕",
    "兆赫",
    "兆焦",
    "兆字节",
    "兆比特",
    "百分点",
    "百帕",
];

fn ascii_digit(c: &[char], i: usize) -> bool {
    c.get(i).is_some_and(|d| d.is_ascii_digit())
}

/// End of the numeral run starting at `i` (`i` itself when no run starts there).
pub fn run_end(c: &[char], i: usize) -> usize {
    let mut j = i;
    while let Some(&ch) = c.get(j) {
        let digit_part = ch.is_ascii_digit()
            || (ch == '.' && j > i && ascii_digit(c, j - 1) && ascii_digit(c, j + 1))
            || (ch == ','
                && j > i
                && ascii_digit(c, j - 1)
                && (1..=3).all(|k| ascii_digit(c, j + k))
                && !ascii_digit(c, j + 4))
            // Chinese decimal point: 三点五亿. Times (三点半) are read before runs.
            || (ch == '点'
                && j > i
                && c.get(j - 1).and_then(|&p| cn_digit(p)).is_some()
                && c.get(j + 1).and_then(|&n| cn_digit(n)).is_some());
        if digit_part {
            j += 1;
        } else if is_cn_numeral(ch) {
            if j > i
                && UNIT_AFTER_MULTIPLIER
                    .iter()
                    .any(|u| super::units::starts_with(c, j, u))
            {
                break;
            }
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// A run read into a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub value: f64,
    /// Any Chinese numeral character in the run.
    pub chinese: bool,
    /// Any Arabic digit in the run.
    pub arabic: bool,
    /// The run is exactly 一 (or 壹): with a classifier it is figurative (extraction.md §5).
    pub bare_yi: bool,
    /// A 万/亿/千/百/十 multiplier was applied.
    pub multiplied: bool,
    /// Chinese digits written one by one (二〇二二, 八五): meaningful only as a year or a
    /// discount; `value` is the digits read as a decimal string.
    pub digit_string: Option<usize>,
    /// An Arabic integer with no separators or decimals, and its number of digits.
    pub plain_int_digits: Option<usize>,
}

enum Tok {
    Arabic(f64),
    Digit(u8),
    Small(u32),
    Big(f64),
    Point(f64),
}

/// Reads `c[start..end]` (a run) into a number; `None` when the run is malformed
/// (一二, 十十, 百千, 七八十).
pub fn parse(c: &[char], start: usize, end: usize) -> Option<Num> {
    let run = c.get(start..end)?;
    if run.is_empty() {
        return None;
    }
    let mut toks: Vec<Tok> = Vec::with_capacity(run.len());
    let mut arabic = false;
    let mut chinese = false;
    let mut plain_int_digits = None;
    let mut k = 0;
    while k < run.len() {
        let ch = run[k];
        if ch.is_ascii_digit() {
            let s = k;
            let mut has_sep = false;
            while k < run.len() && (run[k].is_ascii_digit() || run[k] == '.' || run[k] == ',') {
                has_sep |= !run[k].is_ascii_digit();
                k += 1;
            }
            let text: String = run[s..k].iter().filter(|&&d| d != ',').collect();
            let v: f64 = text.parse().ok()?;
            if !has_sep {
                plain_int_digits = Some(k - s);
            }
            toks.push(Tok::Arabic(v));
            arabic = true;
            continue;
        }
        chinese = true;
        if ch == '点' {
            // Fraction digits follow, one by one.
            let mut frac = 0.0;
            let mut scale = 0.1;
            k += 1;
            while let Some(d) = run.get(k).and_then(|&d| cn_digit(d)) {
                frac += f64::from(d) * scale;
                scale /= 10.0;
                k += 1;
            }
            toks.push(Tok::Point(frac));
            continue;
        }
        if let Some(d) = cn_digit(ch) {
            toks.push(Tok::Digit(d));
        } else if let Some(u) = cn_small(ch) {
            toks.push(Tok::Small(u));
        } else if let Some(b) = cn_big(ch) {
            toks.push(Tok::Big(b));
        } else {
            return None;
        }
        k += 1;
    }
    if arabic && toks.len() > 1 {
        // A mix is only an Arabic number with multipliers (and a Chinese tail after 万/亿).
        plain_int_digits = None;
    }
    let bare_yi = run.len() == 1 && matches!(run[0], '一' | '壹');
    // Digits one by one: 二〇二二, 八五.
    if toks.len() >= 2 && toks.iter().all(|t| matches!(t, Tok::Digit(_))) {
        let mut v = 0.0;
        for t in &toks {
            if let Tok::Digit(d) = t {
                v = v * 10.0 + f64::from(*d);
            }
        }
        return Some(Num {
            value: v,
            chinese,
            arabic,
            bare_yi,
            multiplied: false,
            digit_string: Some(toks.len()),
            plain_int_digits: None,
        });
    }
    // Terms closed by a big multiplier, as (multiplier, value): 五兆六十二亿四万 is
    // [(1e12, 5e12), (1e8, 6.2e9), (1e4, 4e4)]. A bigger multiplier takes in the terms
    // below it (三万五千亿 = 3.5e12, 一万亿 = 1e12).
    let mut terms: Vec<(f64, f64)> = Vec::new();
    let mut section = 0.0_f64;
    let mut num: Option<(f64, bool)> = None; // (value, is a Chinese digit)
    let mut last_small = 10_000_u32;
    let mut last_mult = 0.0_f64; // the last multiplier, for 三千五 = 3500
    let mut zero = false;
    // The big multiplier just read, 0 after anything else.
    let mut prev_big = 0.0_f64;
    let mut multiplied = false;
    let mut idx = 0;
    while idx < toks.len() {
        let total_nonzero = !terms.is_empty();
        match toks[idx] {
            Tok::Arabic(v) => {
                if num.is_some() {
                    return None;
                }
                num = Some((v, false));
                prev_big = 0.0;
            }
            Tok::Digit(0) if idx == 0 && matches!(toks.get(1), Some(Tok::Point(_))) => {
                // 零点五
                num = Some((0.0, true));
            }
            Tok::Digit(0) => {
                if num.is_some() || (!total_nonzero && section == 0.0) {
                    return None;
                }
                zero = true;
                prev_big = 0.0;
            }
            Tok::Digit(d) => {
                if num.is_some() {
                    return None;
                }
                num = Some((f64::from(d), true));
                prev_big = 0.0;
            }
            Tok::Point(f) => match num {
                Some((v, true)) if v < 10.0 => num = Some((v + f, false)),
                _ => return None,
            },
            Tok::Small(u) => {
                if u >= last_small {
                    return None;
                }
                let n = match num {
                    Some((v, is_cn)) => {
                        if is_cn && v >= 10.0 {
                            return None;
                        }
                        v
                    }
                    // 十二; 百万 after a qualifier (近百万元): an implicit 一.
                    None if !total_nonzero && section == 0.0 && !zero => 1.0,
                    None if u == 10 && zero => 1.0,
                    None => return None,
                };
                section += n * f64::from(u);
                last_small = u;
                last_mult = f64::from(u);
                num = None;
                zero = false;
                multiplied = true;
                prev_big = 0.0;
            }
            Tok::Big(b) => {
                let s = section + num.map_or(0.0, |(v, _)| v);
                // 万亿: a bigger multiplier right after a smaller one scales it.
                let stacked = s == 0.0 && prev_big > 0.0 && prev_big < b;
                let s = if s == 0.0 && idx == 0 { 1.0 } else { s };
                if s == 0.0 && !stacked {
                    return None;
                }
                let mut below = 0.0;
                while let Some(&(m, v)) = terms.last() {
                    if m >= b {
                        break;
                    }
                    below += v;
                    terms.pop();
                }
                // 万 after 万 (or 亿 after 亿) with no bigger multiplier between.
                if terms.last().is_some_and(|&(m, _)| m == b) {
                    return None;
                }
                terms.push((b, (below + s) * b));
                last_mult = if stacked { prev_big * b } else { b };
                section = 0.0;
                num = None;
                last_small = 10_000;
                zero = false;
                multiplied = true;
                prev_big = b;
            }
        }
        idx += 1;
    }
    let total: f64 = terms.iter().map(|&(_, v)| v).sum();
    if let Some((v, is_cn)) = num {
        if is_cn && last_mult > 0.0 && !zero && matches!(toks.last(), Some(Tok::Digit(_))) {
            // 三千五 = 3500, 两万五 = 25000.
            section += v * last_mult / 10.0;
        } else {
            section += v;
        }
    }
    let value = total + section;
    if !value.is_finite() {
        return None;
    }
    Some(Num {
        value,
        chinese,
        arabic,
        bare_yi,
        multiplied,
        digit_string: None,
        plain_int_digits,
    })
}

/// Rounds away binary noise from decimal arithmetic (4.99 × 1e4 = 49900.000000000007).
pub fn tidy(v: f64) -> f64 {
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    // An integer of at most 12 digits prints exactly in 13 significant digits: it is its
    // own rounding, and most values are such integers.
    if v.fract() == 0.0 && v.abs() < 1e12 {
        return v;
    }
    format!("{v:.12e}").parse().unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn val(s: &str) -> Option<f64> {
        let c: Vec<char> = s.chars().collect();
        let end = run_end(&c, 0);
        assert_eq!(end, c.len(), "run of {s}");
        parse(&c, 0, end)
            .filter(|n| n.digit_string.is_none())
            .map(|n| tidy(n.value))
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(val("三千五百万"), Some(35_000_000.0));
        assert_eq!(val("一百零一"), Some(101.0));
        assert_eq!(val("十二"), Some(12.0));
        assert_eq!(val("两"), Some(2.0));
        assert_eq!(val("一亿三千万"), Some(130_000_000.0));
        assert_eq!(val("五万亿"), Some(5e12));
        assert_eq!(val("三千五"), Some(3500.0));
        assert_eq!(val("两万五"), Some(25000.0));
        assert_eq!(val("壹万贰仟"), Some(12000.0));
        assert_eq!(val("三点五"), Some(3.5));
        assert_eq!(val("零点五"), Some(0.5));
        assert_eq!(val("二十万"), Some(200_000.0));
        assert_eq!(val("三万五千亿"), Some(3.5e12));
        assert_eq!(val("五兆六十二亿四万五千二"), Some(5_006_200_045_200.0));
        assert_eq!(val("一万亿三千万"), Some(1_000_030_000_000.0));
        assert_eq!(val("7万5千4百"), Some(75_400.0));
        assert_eq!(val("4兆"), Some(4e12));
    }

    #[test]
    fn mixed_and_arabic() {
        assert_eq!(val("3千万"), Some(30_000_000.0));
        assert_eq!(val("1.2万"), Some(12000.0));
        assert_eq!(val("100万三千"), Some(1_003_000.0));
        assert_eq!(val("82,225.00"), Some(82225.0));
        assert_eq!(val("4.99万"), Some(49900.0));
        assert_eq!(val("3798.13万"), Some(37_981_300.0));
        assert_eq!(val("1亿2000万"), Some(120_000_000.0));
    }

    #[test]
    fn malformed() {
        assert_eq!(val("十十"), None);
        assert_eq!(val("百千"), None);
        assert_eq!(val("七八十"), None);
        assert_eq!(val("一万万"), None);
        assert_eq!(val("零"), None);
        assert_eq!(val("一亿亿"), None);
        assert_eq!(val(&"9".repeat(400)), None);
    }

    #[test]
    fn digit_strings() {
        let c: Vec<char> = "二〇二二".chars().collect();
        let n = parse(&c, 0, 4).unwrap();
        assert_eq!((n.value, n.digit_string), (2022.0, Some(4)));
    }

    #[test]
    fn run_stops_before_units_that_start_with_a_multiplier() {
        let c: Vec<char> = "3千米".chars().collect();
        assert_eq!(run_end(&c, 0), 1);
        let c: Vec<char> = "3万千瓦".chars().collect();
        assert_eq!(run_end(&c, 0), 2);
        let c: Vec<char> = "50兆瓦".chars().collect();
        assert_eq!(run_end(&c, 0), 2);
    }
}
