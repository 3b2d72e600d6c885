//! The scanner: at each marked position, tries every matcher and reads a numeral run by
//! what follows it (dates, times, ranges, percent forms, units, qualifiers).

use chrono::NaiveDate;

use crate::model::{NumberKind, Qualifier};

use super::counts::{event_near, person_measure, person_noun};
use super::exclusions::{contact_code, score};
use super::is_clause_break;
use super::numeral::{self, can_start, parse, run_end, Num};
use super::units::{
    ends_with, first_at, starts_with, UnitClass, DOZEN_GOODS, MINOR_CURRENCY, ORDINAL_MEASURES,
    ORDINAL_PHRASES, PREFIX_BLOCKERS, PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS, UNITS,
};

/// A span found by the scanner, before it becomes a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    /// Where the numeral itself starts (after prefix words); idioms are checked from here.
    pub core: usize,
    pub kind: NumberKind,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<Qualifier>,
    pub date: Option<String>,
    /// (year, month) of a date that names a month: later D日 in the clause use it.
    pub month: Option<(Option<i32>, u32)>,
    /// DATE: the inclusive day span when it is not the one `date` spells (ranges, periods).
    pub span: Option<(NaiveDate, NaiveDate)>,
}

impl Hit {
    pub(super) fn new(start: usize, end: usize, kind: NumberKind) -> Hit {
        Hit {
            start,
            end,
            core: start,
            kind,
            value: None,
            value_max: None,
            unit: None,
            qualifier: None,
            date: None,
            month: None,
            span: None,
        }
    }
}

/// What the scanner found at a position.
pub(crate) enum Step {
    Hit(Hit),
    /// Nothing here; go on from this position (past a run that was read and rejected).
    Skip(usize),
}

pub(crate) struct Scanner<'a> {
    pub c: &'a [char],
    pub year: Option<i32>,
    /// The issue date, when known (see `calendar.rs`).
    pub today: Option<NaiveDate>,
    /// The month named last in the current clause (for a following D日).
    pub clause: Option<(Option<i32>, u32)>,
    /// The month named last in the paragraph, for a D日 in a later clause.
    pub paragraph: Option<(Option<i32>, u32)>,
}

/// One bit per BMP code point: `may_start` or `is_clause_break`, computed at compile time.
/// One load per code point of running text instead of two chains of comparisons; 8 KiB
/// stays in cache.
static MARKED: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut u = 0u32;
    while u < 0x10000 {
        if let Some(c) = char::from_u32(u) {
            if may_start(c) || is_clause_break(c) {
                t[(u >> 6) as usize] |= 1 << (u & 63);
            }
        }
        u += 1;
    }
    t
};

/// Whether the scanner must stop at `c` (`may_start` or `is_clause_break`). Neither holds
/// beyond the BMP.
pub(super) fn is_marked(c: char) -> bool {
    let u = c as usize;
    MARKED.get(u >> 6).is_some_and(|&w| w >> (u & 63) & 1 != 0)
}

/// Whether any matcher can start at `c`: a cheap test that lets the scanner pass over
/// most characters of running text without trying each matcher.
pub(super) const fn may_start(c: char) -> bool {
    c.is_ascii_digit()
        || numeral::is_cn_numeral(c)
        || matches!(
            c,
            '第' | '首'
                | '数'
                | '几'
                | '今'
                | '明'
                | '去'
                | '前'
                | '后'
                | '农'
                | '大'
                | '正'
                | '腊'
                | '冬'
                | '闰'
                | '凌'
                | '清'
                | '早'
                | '上'
                | '中'
                | '下'
                | '傍'
                | '晚'
                | '夜'
                | '深'
                | '本'
                | '昨'
        )
}

/// Words after N年 that make it a duration (2000年历史), not a year.
const DURATION_AFTER_YEAR: &[&str] = &["历史", "之久", "的历史", "文明", "悠久", "传统"];

/// Whether a multiplier of 万 or more is among `run`.
fn c_big_in(run: &[char]) -> bool {
    run.iter().any(|&m| numeral::cn_big(m).is_some())
}

/// 初二学生, 高三学生, 大一学生: the numeral names a school year, it counts nobody.
fn grade_before(c: &[char], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| c.get(p))
        .is_some_and(|b| "初高大研博第".contains(*b))
}

/// 几 after these reads as "and some" (二十几万, 十几人, 一百零几万).
fn several_may_follow(c: char) -> bool {
    matches!(c, '十' | '拾' | '百' | '千' | '万' | '零')
}

pub(super) fn is_range_sep(c: char) -> bool {
    matches!(c, '至' | '到' | '-' | '~' | '～' | '—' | '－' | '–' | '〜')
}

fn is_multiplier(c: char) -> Option<f64> {
    numeral::cn_big(c).or(numeral::cn_small(c).map(f64::from))
}

impl Scanner<'_> {
    pub(super) fn ch(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }

    /// Tries every matcher at `i`; `floor` is the end of the previous span (prefix words
    /// may not reach before it).
    pub(super) fn at(&mut self, i: usize, floor: usize) -> Step {
        let ch = self.c[i];
        if !may_start(ch) {
            return Step::Skip(i + 1);
        }
        if let Some(h) = self.relative_year(i) {
            return Step::Hit(h);
        }
        if let Some(h) = self.calendar_word(i) {
            return Step::Hit(h);
        }
        if let Some(h) = self.lunar(i) {
            return Step::Hit(h);
        }
        if let Some(h) = self.prefixed_time(i) {
            return Step::Hit(h);
        }
        if ch == '第' {
            return self.ordinal(i);
        }
        if ch == '首' && self.ch(i + 1) == Some('位') {
            let mut h = Hit::new(i, i + 2, NumberKind::Ordinal);
            h.value = Some(1.0);
            return Step::Hit(h);
        }
        if let Some(step) = self.fraction_words(i, floor) {
            return step;
        }
        if let Some(step) = self.vague_prefix(i, floor) {
            return step;
        }
        // 近百万元, 逾千人, 百余人: a bare 百/千/万 counts after a qualifier or before 余/多.
        let prev = i.checked_sub(1).and_then(|p| self.ch(p));
        let after_qualifier = matches!(ch, '百' | '千' | '万' | '亿')
            && (prev.is_some_and(|p| matches!(p, '近' | '逾' | '超' | '约'))
                || self.magnitude_at(i)
                || (matches!(self.ch(i + 1), Some('余' | '多'))
                    && !prev.is_some_and(|p| {
                        numeral::is_cn_numeral(p) || matches!(p, '几' | '数' | '上' | '成')
                    })));
        if !can_start(ch) && !after_qualifier {
            return Step::Skip(i + 1);
        }
        self.number(i, floor)
    }

    fn ordinal(&self, i: usize) -> Step {
        if let Some((_, e)) = first_at(self.c, i, ORDINAL_PHRASES) {
            return Step::Skip(e);
        }
        let s = i + 1;
        if !self.ch(s).is_some_and(can_start) {
            return Step::Skip(s);
        }
        let e = run_end(self.c, s);
        let Some(n) = parse(self.c, s, e) else {
            return Step::Skip(e);
        };
        if n.digit_string.is_some() || n.value.fract() != 0.0 || self.code_like(s, e) {
            return Step::Skip(e);
        }
        let end = first_at(self.c, e, ORDINAL_MEASURES).map_or(e, |(_, me)| me);
        let mut h = Hit::new(i, end, NumberKind::Ordinal);
        h.value = Some(n.value);
        Step::Hit(h)
    }

    /// Fractions with a multiplier word as the denominator: 百分之五 (PERCENT), 千分之三
    /// (0.003), 万分之一, 十万分之一, 万万分之七; and 几分之一 (at least a ninth).
    fn fraction_words(&self, i: usize, floor: usize) -> Option<Step> {
        let c = self.c;
        let mut k = i;
        let mut denominator = 1.0;
        // Bounded: a long run of multipliers must not make the scan quadratic.
        while k - i < 5 {
            let Some(m) = self.ch(k).and_then(is_multiplier) else {
                break;
            };
            denominator *= m;
            k += 1;
        }
        let several = k == i && self.ch(i) == Some('几');
        if several {
            k += 1;
        }
        if k == i || k - i > 4 || !starts_with(c, k, "分之") {
            return None;
        }
        let s = k + 2;
        let percent = denominator == 100.0 && k == i + 1;
        let (value, e) = if percent && matches!(self.ch(s), Some('百' | '佰')) {
            (100.0, s + 1)
        } else {
            if !self.ch(s).is_some_and(can_start) {
                return Some(Step::Skip(s));
            }
            let e = run_end(c, s);
            match parse(c, s, e) {
                Some(n) if n.digit_string.is_none() => (n.value, e),
                _ => return Some(Step::Skip(e)),
            }
        };
        let kind = if percent {
            NumberKind::Percent
        } else {
            NumberKind::Cardinal
        };
        // 百分之十几, 百分之二十多: the lower bound, `over`.
        let (e, vague) = match self.ch(e) {
            Some('几') if several_may_follow(c[e - 1]) => (e + 1, true),
            Some('多' | '余') if c[e - 1] == '十' => (e + 1, true),
            _ => (e, false),
        };
        let mut h = Hit::new(i, e, kind);
        if vague {
            h.qualifier = Some(Qualifier::Over);
        }
        h.core = s;
        if percent {
            h.value = Some(value);
            h.unit = Some("%".to_string());
        } else if several {
            // 几 is at most 9: 几分之一 is at least a ninth, like 几十 is at least ten.
            h.value = Some(value / 9.0);
            h.qualifier = Some(Qualifier::Over);
        } else {
            h.value = Some(value / denominator);
        }
        if h.qualifier.is_none() {
            self.suffix_qualifier(&mut h);
        }
        self.prefixes(&mut h, floor);
        Some(Step::Hit(h))
    }

    /// 数万人, 数百万元, 几十万, 上百名, 上千万元: the lower bound (数/几 read as 一) with the
    /// multipliers applied, qualifier `over`.
    fn vague_prefix(&self, i: usize, floor: usize) -> Option<Step> {
        let c = self.c;
        let first = self.ch(i + 1)?;
        let ok = match c[i] {
            '数' | '几' => is_multiplier(first).is_some(),
            '上' => numeral::cn_big(first).is_some() || matches!(first, '百' | '千'),
            _ => false,
        };
        if !ok {
            return None;
        }
        let e = run_end(c, i + 1);
        if !c[i + 1..e].iter().all(|&m| is_multiplier(m).is_some()) {
            return None;
        }
        let n = parse(c, i + 1, e)?;
        match self.measure(i + 1, e, n, floor) {
            Step::Hit(mut h) => {
                if h.start == h.core {
                    h.start = i;
                }
                if h.qualifier.is_none() {
                    h.qualifier = Some(Qualifier::Over);
                }
                Some(Step::Hit(h))
            }
            Step::Skip(k) => Some(Step::Skip(k)),
        }
    }

    /// A run of multipliers alone before 级 names an order of magnitude: 千万级, 亿级.
    fn magnitude_at(&self, i: usize) -> bool {
        let mut k = i;
        while k - i < 5 && self.ch(k).and_then(is_multiplier).is_some() {
            k += 1;
        }
        k > i
            && self.ch(k) == Some('级')
            // 万级 and up: 十级 is a wind force, 拾级 climbing steps.
            && c_big_in(&self.c[i..k])
            && !i
                .checked_sub(1)
                .and_then(|p| self.ch(p))
                .is_some_and(|p| numeral::is_cn_numeral(p) || p.is_ascii_digit())
    }

    /// Digits glued to Latin letters are codes and names: 5G, 4S店, COVID-19, H7N9.
    fn code_like(&self, s: usize, e: usize) -> bool {
        if !self.c[s..e].iter().any(|d| d.is_ascii_digit()) {
            return false;
        }
        let before = s.checked_sub(1).and_then(|p| self.ch(p));
        let before2 = s.checked_sub(2).and_then(|p| self.ch(p));
        if before.is_some_and(|b| b.is_ascii_alphabetic() || b == '_')
            || (matches!(before, Some('-' | '.'))
                && before2.is_some_and(|b| b.is_ascii_alphabetic()))
        {
            return true;
        }
        match self.ch(e) {
            Some(a) if a.is_ascii_alphabetic() => UNITS.at(self.c, e).is_none(),
            Some('-') => self.ch(e + 1).is_some_and(|a| a.is_ascii_alphabetic()),
            _ => false,
        }
    }

    /// A numeral run at `i` and what follows it.
    fn number(&mut self, i: usize, floor: usize) -> Step {
        let e = run_end(self.c, i);
        let Some(n) = parse(self.c, i, e) else {
            return Step::Skip(e);
        };
        if n.arabic && !n.chinese {
            if let Some(k) = contact_code(self.c, i, e).or_else(|| score(self.c, i, e)) {
                return Step::Skip(k);
            }
            // 3.2k, 12w: thousands and 万 written as a Latin letter.
            let letter = match self.ch(e) {
                Some('k') => 1e3,
                Some('w') => 1e4,
                _ => 0.0,
            };
            if letter > 0.0 && !self.ch(e + 1).is_some_and(|a| a.is_ascii_alphanumeric()) {
                let mut n = n;
                n.value *= letter;
                n.multiplied = true;
                n.plain_int_digits = None;
                return self.measure(i, e + 1, n, floor);
            }
        }
        if self.code_like(i, e) {
            // Skip the whole code, letters and digits, so its tail is not read again.
            let mut k = e;
            while self
                .ch(k)
                .is_some_and(|a| a.is_ascii_alphanumeric() || a == '-')
            {
                k += 1;
            }
            return Step::Skip(k);
        }
        // 几十, 十几, 数百: approximations, not numbers.
        // (二十几万, 十几人 are read in `measure`; 三五个 below.)
        let before = i.checked_sub(1).and_then(|p| self.ch(p));
        let several_after = self.ch(e) == Some('几') && several_may_follow(self.c[e - 1]);
        // (成千上万 and 成百上千 are idioms; 造成十余人, 桌上十个 count.)
        if matches!(self.ch(e), Some('来' | '把')) && n.chinese
            || matches!(before, Some('几' | '数'))
                && n.chinese
                && !n.arabic
                && numeral::cn_small(self.c[i]).is_some()
        {
            return Step::Skip(e);
        }
        if self.ch(e) == Some('几') && !several_after {
            return Step::Skip(e);
        }
        // 2000年历史, 1000年之久: a duration, not a year.
        if self.ch(e) == Some('年') && first_at(self.c, e + 1, DURATION_AFTER_YEAR).is_some() {
            return self.measure(i, e, n, floor);
        }
        // X大 + noun: 六大工程, 十大工程.
        if self.ch(e) == Some('大') {
            return Step::Skip(e);
        }
        if let Some(step) = self.date_from(i, e, &n) {
            return step;
        }
        if let Some(end) = self.clock_tail(e, &n, false) {
            let mut h = Hit::new(i, end, NumberKind::Time);
            h.core = i;
            return Step::Hit(h);
        }
        if let Some(len) = n.digit_string {
            // 八五折 is the only reading of two digits in a row; 三五个 is an approximation.
            if len == 2 && self.ch(e) == Some('折') {
                let mut h = Hit::new(i, e + 1, NumberKind::Percent);
                h.value = Some(n.value);
                h.unit = Some("%".to_string());
                return Step::Hit(h);
            }
            return Step::Skip(e);
        }
        self.measure(i, e, n, floor)
    }

    /// Multiplier after 多/余, ranges, percent forms, units, qualifiers.
    fn measure(&self, i: usize, e: usize, n: Num, floor: usize) -> Step {
        let c = self.c;
        // A sign belongs to the low end only: -3℃至8℃ is −3 … 8.
        let sign = self.sign_before(i, floor);
        let mut value = if sign.is_some() { -n.value } else { n.value };
        let mut end = e;
        let mut qualifier = None;
        let mut multiplied = n.multiplied;
        let mut big_in_run = c[i..e].iter().any(|&ch| numeral::cn_big(ch).is_some());
        // 10多万, 300余篇, 20多个, 二十几万, 一百零几万: the lower bound, qualifier `over`.
        let several = self.ch(end) == Some('几') && end > i && several_may_follow(c[end - 1]);
        if matches!(self.ch(end), Some('多' | '余')) || several {
            let next = end + 1;
            let mult = self.ch(next).and_then(is_multiplier);
            if mult.is_some()
                || UNITS.at(c, next).is_some()
                || matches!(self.ch(next), Some('%' | '年' | '岁'))
            {
                qualifier = Some(Qualifier::Over);
                end = next;
                if let Some(m) = mult {
                    let (m, len) = self.multiplier_at(end).unwrap_or((m, 1));
                    value *= m;
                    end += len;
                    multiplied = true;
                    big_in_run |= m >= 1e4;
                }
            } else if several {
                return Step::Skip(next);
            }
        }
        // Ranges: 3至5个, 3-5个, 3～5万元, 3%-5%.
        let mut value_max = None;
        let mut percent_first = false;
        {
            let mut k = end;
            if self.ch(k) == Some('%') && self.ch(k + 1).is_some_and(is_range_sep) {
                k += 1;
                percent_first = true;
            }
            if let Some(sep) = self.ch(k).filter(|&s| is_range_sep(s)) {
                if let Some((v_lo, v_hi, e2)) = self.range_end(k + 1, sep, value, multiplied, &n) {
                    if !percent_first || self.ch(e2) == Some('%') {
                        value = v_lo;
                        value_max = Some(v_hi);
                        end = e2;
                    }
                }
            }
        }
        let mut h = Hit::new(i, end, NumberKind::Cardinal);
        h.core = i;
        h.value = Some(value);
        h.value_max = value_max;
        h.qualifier = qualifier;
        let scale = |h: &mut Hit, f: f64| {
            h.value = h.value.map(|v| v * f);
            h.value_max = h.value_max.map(|v| v * f);
        };
        let mut classifier = false;
        let mut dozen = false;
        let next = self.ch(end);
        if matches!(next, Some('%' | '％')) {
            h.kind = NumberKind::Percent;
            h.unit = Some("%".to_string());
            end += 1;
        } else if next == Some('‰') {
            h.kind = NumberKind::Percent;
            h.unit = Some("%".to_string());
            scale(&mut h, 0.1);
            end += 1;
        } else if let Some((w, we)) = first_at(c, end, &["个百分点", "百分点", "个基点", "基点"])
        {
            h.kind = NumberKind::Percent;
            h.unit = Some(w.to_string());
            end = we;
        } else if (next == Some('成') && value <= 10.0 && !self.verb_after(end + 1, '成'))
            || (next == Some('折') && value < 10.0 && !self.verb_after(end + 1, '折'))
        {
            // X成 and X折 are tenths: 三成 = 30%, 八折 = 80%, 两成半 = 25%.
            h.kind = NumberKind::Percent;
            h.unit = Some("%".to_string());
            end += 1;
            if self.ch(end) == Some('半') && h.value_max.is_none() {
                h.value = h.value.map(|v| v + 0.5);
                end += 1;
            }
            scale(&mut h, 10.0);
        } else if starts_with(c, end, "分之") {
            let s = end + 2;
            let e3 = run_end(c, s);
            match parse(c, s, e3) {
                Some(m)
                    if value > 0.0
                        && m.digit_string.is_none()
                        && self.ch(s).is_some_and(can_start) =>
                {
                    h.value = Some(m.value / value);
                    h.value_max = None;
                    end = e3;
                    // 十几分之一: more than ten in the denominator is less than a tenth.
                    if h.qualifier == Some(Qualifier::Over) {
                        h.qualifier = Some(Qualifier::Under);
                    }
                }
                _ => return Step::Skip(e3.max(end)),
            }
        } else if next == Some('日') && UNITS.at(c, end).is_none_or(|(ue, _)| ue == end + 1) {
            // D日 with no month in the clause is no date (extraction.md §5), nor a count.
            return Step::Skip(end + 1);
        } else if next == Some('级') && self.magnitude_at(i) {
            // 千万级: an order of magnitude, at least the number.
            end += 1;
            h.qualifier = Some(Qualifier::Over);
        } else if let Some((ue, class)) = UNITS.at(c, end) {
            let mut class = class;
            if next == Some('块') && ue == end + 1 {
                // 50块 is money; 3块地 is a count.
                if self.ch(ue).is_some_and(crate::zh::chars::is_han) {
                    class = UnitClass::Classifier;
                }
            }
            let mut unit: String = c[end..ue].iter().collect();
            end = ue;
            // 元/吨, 公里/小时.
            if self.ch(end) == Some('/') {
                if let Some((ue2, _)) = UNITS.at(c, end + 1) {
                    unit.extend(&c[end..ue2]);
                    end = ue2;
                }
            }
            if class == UnitClass::Currency && unit == "元" {
                // 5000元新台币, 500万元人民币: the currency named after the unit joins the span.
                if let Some((ce, UnitClass::Currency)) = UNITS.at(c, end) {
                    if ce > end + 1 {
                        end = ce;
                    }
                }
            }
            if class == UnitClass::Currency && h.value_max.is_none() {
                if let Some((minor, me)) = self.minor_currency(end, &unit) {
                    h.value = h.value.map(|v| v + minor);
                    end = me;
                }
            }
            // 3000元至3500元, 3万元至5万元: the unit printed on both ends.
            if h.value_max.is_none() {
                if let Some(sep) = self.ch(end).filter(|&s| is_range_sep(s)) {
                    if let Some((lo, hi, e2)) = self.range_end(end + 1, sep, value, true, &n) {
                        let unit_chars: Vec<char> = unit.chars().collect();
                        let ue2 = e2 + unit_chars.len();
                        if c.get(e2..ue2) == Some(unit_chars.as_slice()) {
                            h.value = Some(lo);
                            h.value_max = Some(hi);
                            end = ue2;
                        }
                    }
                }
            }
            // 二季度 names a quarter, like 首季, not a count (前三季度 and 3个季度 are counts).
            if unit == "季度"
                && value <= 4.0
                && !i
                    .checked_sub(1)
                    .and_then(|p| self.ch(p))
                    .is_some_and(|p| matches!(p, '前' | '后' | '近' | '续' | '个'))
            {
                return Step::Skip(end);
            }
            h.kind = class.kind();
            h.unit = Some(unit);
            classifier = class == UnitClass::Classifier;
        } else if let Some(de) = self.dozen(end) {
            h.unit = Some("打".to_string());
            end = de;
            dozen = true;
        } else if let Some(pe) = person_noun(c, end).filter(|_| !grade_before(c, i)) {
            // 一男子, 两男一女: people counted without a measure word.
            h.unit = Some(c[end..pe].iter().collect());
            end = pe;
            classifier = true;
        } else if n.chinese && !n.arabic && !big_in_run && !self.standalone(i, end, &n) {
            // A Chinese numeral states a quantity only with a measure word (extraction.md §5),
            // or standing alone as a count in a headline or list (四百五十).
            return Step::Skip(e);
        }
        // A bare 一 with a measure word is figurative (一批, 一项, 一级抓一级); with a
        // physical or currency unit it counts (一吨, 一亿元).
        // It counts when people are counted as news (一名警察受伤, 一男子落水身亡).
        let figurative_unit = classifier || h.unit.is_none() || h.unit.as_deref() == Some("级");
        let news_count = h.unit.as_deref().is_some_and(|u| {
            person_measure(u) || person_noun(c, end - u.chars().count()).is_some()
        }) && event_near(c, i, end);
        if n.bare_yi
            && figurative_unit
            && !dozen
            && !news_count
            && matches!(h.kind, NumberKind::Cardinal | NumberKind::Quantity)
        {
            return Step::Skip(end);
        }
        h.end = end;
        if let Some(s) = sign {
            h.start = s;
        }
        if h.qualifier.is_none() {
            self.suffix_qualifier(&mut h);
        }
        self.prefixes(&mut h, floor);
        Step::Hit(h)
    }

    /// 成 and 折 that begin a word (成为, 成员, 折合) are no percentages.
    fn verb_after(&self, k: usize, what: char) -> bool {
        let Some(n) = self.ch(k) else { return false };
        let words = if what == '成' {
            "为立员果绩交本功长熟就型都效品人事片分千百万才全败色年因语"
        } else {
            "合算射叠扣旧服腾返"
        };
        words.contains(n)
    }

    /// A multiplier word at `k`: 万亿 (1e12), 万, 亿, 千, 百, 十.
    fn multiplier_at(&self, k: usize) -> Option<(f64, usize)> {
        if starts_with(self.c, k, "万亿") {
            return Some((1e12, 2));
        }
        if starts_with(self.c, k, "千万") {
            return Some((1e7, 2));
        }
        if starts_with(self.c, k, "百万") {
            return Some((1e6, 2));
        }
        self.ch(k).and_then(is_multiplier).map(|m| (m, 1))
    }

    /// The upper end of a range whose second number starts at `s`: (low, high, end).
    fn range_end(
        &self,
        s: usize,
        sep: char,
        low: f64,
        low_multiplied: bool,
        first: &Num,
    ) -> Option<(f64, f64, usize)> {
        // The high end may carry its own sign: -8℃至-3℃, 零下8至零下3℃.
        let signed = if matches!(self.ch(s), Some('-' | '－' | '−' | '负')) {
            1
        } else if starts_with(self.c, s, "零下") {
            2
        } else {
            0
        };
        let s = s + signed;
        if !self.ch(s).is_some_and(can_start) {
            return None;
        }
        let e2 = run_end(self.c, s);
        let mut n2 = parse(self.c, s, e2)?;
        if n2.digit_string.is_some() || n2.arabic != first.arabic || self.code_like(s, e2) {
            return None;
        }
        if matches!(sep, '-' | '－' | '–') && !first.arabic {
            return None;
        }
        let mut low = low;
        if signed > 0 {
            n2.value = -n2.value;
        } else if !low_multiplied && n2.multiplied && low > 0.0 {
            // 3至5万元 = 30000–50000: the multiplier printed once applies to both ends.
            let mut core_end = e2;
            while core_end > s && is_multiplier(self.c[core_end - 1]).is_some() {
                core_end -= 1;
            }
            if core_end > s && core_end < e2 {
                if let Some(base) = parse(self.c, s, core_end) {
                    if base.value > 0.0 {
                        let m = n2.value / base.value;
                        if low * m <= n2.value {
                            low *= m;
                        }
                    }
                }
            }
        }
        if n2.value <= low {
            return None;
        }
        Some((low, n2.value, e2))
    }

    fn suffix_qualifier(&self, h: &mut Hit) {
        for (w, q) in SUFFIX_QUALIFIERS {
            if starts_with(self.c, h.end, w) {
                let after = self.ch(h.end + 2);
                if *w == "上下"
                    && after.is_some_and(|a| {
                        matches!(
                            a,
                            '游' | '班' | '级' | '文' | '楼' | '课' | '车' | '一' | '联' | '同'
                        )
                    })
                {
                    return;
                }
                h.qualifier = Some(*q);
                h.end += 2;
                return;
            }
        }
    }

    /// A sign right before the number at `i`: -5℃, 负3.2亿元, 零下5℃, 负增长2.1%. Its start.
    fn sign_before(&self, i: usize, floor: usize) -> Option<usize> {
        let c = self.c;
        if i <= floor {
            return None;
        }
        let sign = c[i - 1];
        let before = i.checked_sub(2).and_then(|p| c.get(p)).copied();
        // Not a hyphen after a code or a number (A-3, 4-5) nor the 负 of 胜负, 正负, 抱负.
        if matches!(sign, '-' | '－' | '−') && !before.is_some_and(|b| b.is_ascii_alphanumeric())
        {
            return Some(i - 1);
        }
        let word = |w: &str| ends_with(c, i, w).filter(|&s| s >= floor);
        if let Some(s) = word("负增长") {
            return Some(s);
        }
        if sign == '负' && !before.is_some_and(|b| "胜抱担辜自欺正肩身".contains(b)) {
            return Some(i - 1);
        }
        word("零下")
    }

    /// 打 as a measure word (a dozen) at `k`: before goods sold by the dozen or a clause end,
    /// never before a verb (打开, 打造). Its end.
    fn dozen(&self, k: usize) -> Option<usize> {
        if self.ch(k) != Some('打') {
            return None;
        }
        let after = self.ch(k + 1);
        let ok = after.is_none_or(|a| !crate::zh::chars::is_han(a))
            || first_at(self.c, k + 1, DOZEN_GOODS).is_some();
        ok.then_some(k + 1)
    }

    /// A minor currency unit after `unit` at `k` (3元5角, 两美元又三美分, 3元5角2分): its
    /// value in the major unit, and its end.
    fn minor_currency(&self, k: usize, unit: &str) -> Option<(f64, usize)> {
        let yuan = matches!(unit, "元" | "块" | "圆");
        let mut k = k;
        if matches!(self.ch(k), Some('又' | '零')) {
            k += 1;
        }
        let mut total = 0.0;
        let mut end = None;
        let mut last = f64::INFINITY;
        while self.ch(k).is_some_and(can_start) {
            let e = run_end(self.c, k);
            let n = parse(self.c, k, e).filter(|n| n.digit_string.is_none())?;
            let (w, f) = MINOR_CURRENCY
                .iter()
                .find(|(w, _)| starts_with(self.c, e, w))
                .copied()?;
            let we = e + w.chars().count();
            // 分 alone is money only after 元/块; 分钟 is a duration.
            if f >= last
                || (w == "分" || w == "角" || w == "毛") && !yuan
                || self.ch(we) == Some('钟')
            {
                break;
            }
            total += n.value * f;
            last = f;
            k = we;
            end = Some(we);
        }
        end.map(|e| (total, e))
    }

    /// A Chinese numeral with no measure word that still counts: standing alone in a
    /// headline or list (一百, 四百五十), neither inside a word nor a list marker (十二、).
    fn standalone(&self, i: usize, end: usize, n: &Num) -> bool {
        let han = |k: Option<char>| k.is_some_and(crate::zh::chars::is_han);
        let before = i.checked_sub(1).and_then(|p| self.ch(p));
        let after = self.ch(end);
        end - i >= 2
            && n.multiplied
            && n.digit_string.is_none()
            && !han(before)
            && !han(after)
            && !matches!(after, Some('、' | '．' | '.' | '）' | ')' | '-' | '—'))
            && !matches!(before, Some('（' | '(' | '-' | '—'))
    }

    /// Words before the number that belong to the span: currency and qualifiers.
    fn prefixes(&self, h: &mut Hit, floor: usize) {
        let c = self.c;
        if h.start >= floor + 3 && ends_with(c, h.start, "人民币").is_some() {
            if h.kind == NumberKind::Cardinal && h.unit.is_none() {
                h.kind = NumberKind::Money;
                h.unit = Some("人民币".to_string());
            }
            if h.kind == NumberKind::Money {
                h.start -= 3;
            }
        } else if h.start > floor {
            if let Some(sym @ ('¥' | '￥' | '$' | '€' | '£')) = self.ch(h.start - 1) {
                if matches!(h.kind, NumberKind::Cardinal | NumberKind::Money) {
                    if h.unit.is_none() {
                        h.unit = Some(sym.to_string());
                    }
                    h.kind = NumberKind::Money;
                    h.start -= 1;
                }
            }
        }
        for (w, q) in PREFIX_QUALIFIERS {
            if let Some(s) = ends_with(c, h.start, w) {
                if s < floor {
                    continue;
                }
                if w.chars().count() == 1
                    && s.checked_sub(1)
                        .and_then(|p| c.get(p))
                        .is_some_and(|b| PREFIX_BLOCKERS.contains(b))
                {
                    continue;
                }
                // 约5万人次左右: both words belong to the span, the first qualifier is kept.
                if h.qualifier.is_none() || h.qualifier == Some(Qualifier::Over) {
                    h.qualifier = Some(*q);
                }
                h.start = s;
                return;
            }
        }
    }
}
