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
//! - Approximations are skipped: 三五个, 几十, 十几, 数百, 上百; quarter names (二季度) are
//!   skipped like 首季, while 前三季度 and 3个季度 are counts.
//! - 8,000 without a unit is a bare CARDINAL; a Chinese numeral needs a unit, a percent
//!   form or a 万/亿 multiplier to count.

mod dates;
mod lunar;
mod numeral;
mod units;

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::{Article, Field, NumberKind, NumberSpan, Qualifier};
use crate::zh::chars::{is_clause_punct, quotes_where, title_spans};

use numeral::{can_start, parse, run_end, tidy, Num};
use units::{
    ends_with, first_at, starts_with, UnitClass, IDIOMS, ORDINAL_MEASURES, ORDINAL_PHRASES,
    PREFIX_BLOCKERS, PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS, UNITS,
};

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

/// A field's code points, and the byte offset where each starts (and the end): rows cut
/// their surface and context from the text as slices instead of re-encoding code points.
struct Indexed {
    chars: Vec<char>,
    offs: Vec<usize>,
}

impl Indexed {
    fn new(text: &str) -> Indexed {
        // Sized once: collecting would grow both from a quarter of the byte length.
        let n = text.chars().count();
        let mut chars = Vec::with_capacity(n);
        let mut offs = Vec::with_capacity(n + 1);
        for (at, ch) in text.char_indices() {
            chars.push(ch);
            offs.push(at);
        }
        offs.push(text.len());
        Indexed { chars, offs }
    }
}

/// The issue year when no date is given: the most frequent explicit `YYYY年`, ties to the
/// later year.
pub fn infer_year(articles: &[Article]) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for a in articles {
        let fields = [
            a.kicker.as_deref(),
            a.headline.as_deref(),
            a.subheadline.as_deref(),
            a.dateline.as_deref(),
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
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

/// Counts the years printed before each 年 of `text`. `year_before` looks at most five code
/// points back: only those are decoded, and only at a 年.
fn count_years(text: &str, counts: &mut HashMap<i32, usize>) {
    for (at, _) in text.match_indices('年') {
        let mut back = ['\0'; 5];
        let mut n = 0;
        for (slot, ch) in back.iter_mut().rev().zip(text[..at].chars().rev()) {
            *slot = ch;
            n += 1;
        }
        if n >= 4 {
            if let Some(y) = dates::year_before(&back[5 - n..], n) {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
}

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
}

impl Hit {
    fn new(start: usize, end: usize, kind: NumberKind) -> Hit {
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
    /// The month named last in the current clause (for a following D日).
    pub clause: Option<(Option<i32>, u32)>,
}

fn scan_field(field: Field, text: &str, year: Option<i32>, out: &mut Vec<NumberSpan>) {
    let ix = Indexed::new(text);
    let c = ix.chars.as_slice();
    let slice = |s: usize, e: usize| text[ix.offs[s]..ix.offs[e]].to_string();
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
                let overlaps_blocked = overlaps(&blocked, h.start, h.end);
                if !overlaps_blocked && !idiom_cancels(c, h.core) {
                    if h.month.is_some() {
                        sc.clause = h.month;
                    }
                    let (cs, ce) = context(c, h.start, h.end);
                    out.push(NumberSpan {
                        field,
                        start: h.start,
                        end: h.end,
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

const fn is_clause_break(c: char) -> bool {
    is_clause_punct(c) || c == '\n'
}

/// The sentence holding `start..end` (split at 。！？ and paragraph ends), cut to at most
/// 200 code points around the span: its code-point range.
fn context(c: &[char], start: usize, end: usize) -> (usize, usize) {
    const MAX: usize = 200;
    let is_stop = |ch: char| matches!(ch, '。' | '！' | '？' | '!' | '?');
    // Never look further than the cut could reach: keeps long unpunctuated paragraphs
    // (number tables) linear.
    let mut s = start;
    while s > 0 && start - s < MAX && !is_stop(c[s - 1]) && c[s - 1] != '\n' {
        s -= 1;
    }
    let mut e = end;
    while e < c.len() && e - end < MAX && c[e] != '\n' {
        e += 1;
        if is_stop(c[e - 1]) {
            break;
        }
    }
    if e - s > MAX {
        let span = end - start;
        if span >= MAX {
            s = start;
            e = start + MAX;
        } else {
            let room = MAX - span;
            let left = (start - s).min(room / 2);
            let right = (e - end).min(room - left);
            let left = (start - s).min(room - right);
            s = start - left;
            e = end + right;
        }
    }
    (s, e)
}

/// Code-point spans where no number is counted: 《》 titles and TERMs (quoted content of
/// 2–16 code points without clause punctuation, extraction.md §6). A longer quotation is no
/// TERM, but quotes nested in it may be.
fn blocked_spans(c: &[char]) -> Vec<(usize, usize)> {
    if !c.iter().any(|&ch| matches!(ch, '“' | '‘' | '《')) {
        return Vec::new();
    }
    let titles = title_spans(c);
    let terms = quotes_where(c, &titles, |q| {
        (2..=16).contains(&q.len()) && !q.iter().any(|&ch| is_clause_punct(ch))
    });
    merge_spans(titles.into_iter().chain(terms).collect())
}

/// The union of `spans` as sorted, disjoint spans, so that overlap with it is one binary
/// search (`overlaps`), not a scan per number.
fn merge_spans(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether `start..end` overlaps one of the sorted, disjoint `spans`.
fn overlaps(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    // The first span that ends after `start` is the only candidate.
    let i = spans.partition_point(|&(_, e)| e <= start);
    spans.get(i).is_some_and(|&(s, _)| s < end)
}

/// Idioms grouped by first code point, sorted for binary search: SipHashing nine code
/// points per span cost more than the search.
static IDIOMS_BY_FIRST: LazyLock<Vec<(char, Vec<Vec<char>>)>> = LazyLock::new(|| {
    let mut m: HashMap<char, Vec<Vec<char>>> = HashMap::new();
    for w in IDIOMS {
        let chars: Vec<char> = w.chars().collect();
        if let Some(&f) = chars.first() {
            m.entry(f).or_default().push(chars);
        }
    }
    let mut v: Vec<(char, Vec<Vec<char>>)> = m.into_iter().collect();
    v.sort_unstable_by_key(|(f, _)| *f);
    v
});

fn idioms_starting(first: char) -> Option<&'static [Vec<char>]> {
    let table = &*IDIOMS_BY_FIRST;
    let k = table.binary_search_by_key(&first, |(f, _)| *f).ok()?;
    Some(&table[k].1)
}

const MAX_IDIOM: usize = 8;

/// Whether an idiom starting at or before `core` covers it (三天两头, 十分, 一成不变).
fn idiom_cancels(c: &[char], core: usize) -> bool {
    for s in core.saturating_sub(MAX_IDIOM)..=core {
        let Some(list) = c.get(s).and_then(|&f| idioms_starting(f)) else {
            continue;
        };
        for w in list {
            if s + w.len() > core && c.get(s..s + w.len()) == Some(w.as_slice()) {
                return true;
            }
        }
    }
    false
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
fn is_marked(c: char) -> bool {
    let u = c as usize;
    MARKED.get(u >> 6).is_some_and(|&w| w >> (u & 63) & 1 != 0)
}

/// Whether any matcher can start at `c`: a cheap test that lets the scanner pass over
/// most characters of running text without trying each matcher.
const fn may_start(c: char) -> bool {
    c.is_ascii_digit()
        || numeral::is_cn_numeral(c)
        || matches!(
            c,
            '第' | '首'
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
        )
}

fn is_range_sep(c: char) -> bool {
    matches!(c, '至' | '到' | '-' | '~' | '～' | '—' | '－' | '–' | '〜')
}

fn is_multiplier(c: char) -> Option<f64> {
    numeral::cn_big(c).or(numeral::cn_small(c).map(f64::from))
}

impl Scanner<'_> {
    fn ch(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }

    /// Tries every matcher at `i`; `floor` is the end of the previous span (prefix words
    /// may not reach before it).
    fn at(&mut self, i: usize, floor: usize) -> Step {
        let ch = self.c[i];
        if !may_start(ch) {
            return Step::Skip(i + 1);
        }
        if let Some(h) = self.relative_year(i) {
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
        if let Some(step) = self.percent_words(i, floor) {
            return step;
        }
        // 近百万元, 逾千人, 百余人: a bare 百/千/万 counts after a qualifier or before 余/多.
        let prev = i.checked_sub(1).and_then(|p| self.ch(p));
        let after_qualifier = matches!(ch, '百' | '千' | '万')
            && (prev.is_some_and(|p| matches!(p, '近' | '逾' | '超' | '约'))
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

    /// 百分之五, 千分之三, 万分之一, 百分之百.
    fn percent_words(&self, i: usize, floor: usize) -> Option<Step> {
        let (word, s) = first_at(self.c, i, &["百分之", "千分之", "万分之"])?;
        let scale = match word {
            "百分之" => 1.0,
            "千分之" => 0.1,
            _ => 0.01,
        };
        let (value, e) = if word == "百分之" && matches!(self.ch(s), Some('百' | '佰')) {
            (100.0, s + 1)
        } else {
            if !self.ch(s).is_some_and(can_start) {
                return Some(Step::Skip(s));
            }
            let e = run_end(self.c, s);
            match parse(self.c, s, e) {
                Some(n) if n.digit_string.is_none() => (n.value, e),
                _ => return Some(Step::Skip(e)),
            }
        };
        let mut h = Hit::new(i, e, NumberKind::Percent);
        h.core = s;
        h.value = Some(value * scale);
        h.unit = Some("%".to_string());
        self.suffix_qualifier(&mut h);
        self.prefixes(&mut h, floor);
        Some(Step::Hit(h))
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
        let before = i.checked_sub(1).and_then(|p| self.ch(p));
        if matches!(self.ch(e), Some('几' | '来' | '把')) && n.chinese
            || matches!(before, Some('几' | '数' | '上' | '成'))
                && n.chinese
                && !n.arabic
                && numeral::cn_small(self.c[i]).is_some()
        {
            return Step::Skip(e);
        }
        if self.ch(e) == Some('几') {
            return Step::Skip(e);
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
        let mut value = n.value;
        let mut end = e;
        let mut qualifier = None;
        let mut multiplied = n.multiplied;
        let big_in_run = c[i..e].iter().any(|&ch| numeral::cn_big(ch).is_some());
        // 10多万, 300余篇, 20多个.
        if let Some('多' | '余') = self.ch(end) {
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
                }
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
                }
                _ => return Step::Skip(e3.max(end)),
            }
        } else if next == Some('日') && UNITS.at(c, end).is_none_or(|(ue, _)| ue == end + 1) {
            // D日 with no month in the clause is no date (extraction.md §5), nor a count.
            return Step::Skip(end + 1);
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
        } else if n.chinese && !n.arabic && !big_in_run {
            // A Chinese numeral states a quantity only with a measure word (extraction.md §5).
            return Step::Skip(e);
        }
        // A bare 一 with a measure word is figurative (一批, 一项, 一级抓一级); with a
        // physical or currency unit it counts (一吨, 一亿元).
        let figurative_unit = classifier || h.unit.is_none() || h.unit.as_deref() == Some("级");
        if n.bare_yi
            && figurative_unit
            && matches!(h.kind, NumberKind::Cardinal | NumberKind::Quantity)
        {
            return Step::Skip(end);
        }
        h.end = end;
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
        if !self.ch(s).is_some_and(can_start) {
            return None;
        }
        let e2 = run_end(self.c, s);
        let n2 = parse(self.c, s, e2)?;
        if n2.digit_string.is_some() || n2.arabic != first.arabic || self.code_like(s, e2) {
            return None;
        }
        if matches!(sep, '-' | '－' | '–') && !first.arabic {
            return None;
        }
        let mut low = low;
        if !low_multiplied && n2.multiplied {
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

    /// Words before the number that belong to the span: a sign (-5℃, 负3.2亿元), currency,
    /// 零下, qualifiers.
    fn prefixes(&self, h: &mut Hit, floor: usize) {
        let c = self.c;
        if h.start > floor && h.start == h.core {
            let sign = c[h.start - 1];
            let before = h.start.checked_sub(2).and_then(|p| c.get(p)).copied();
            // Not a hyphen after a code nor the 负 of 胜负, 正负, 抱负.
            let minus = matches!(sign, '-' | '－' | '−')
                && !before.is_some_and(|b| b.is_ascii_alphanumeric());
            let fu = sign == '负' && !before.is_some_and(|b| "胜抱担辜自欺正肩身".contains(b));
            if minus || fu {
                h.value = h.value.map(|v| -v);
                h.value_max = h.value_max.map(|v| -v);
                h.start -= 1;
            }
        }
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
        if h.start >= floor + 2 && ends_with(c, h.start, "零下").is_some() {
            h.value = h.value.map(|v| -v);
            h.value_max = h.value_max.map(|v| -v);
            h.start -= 2;
            return;
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

#[cfg(test)]
mod tests {
    use super::*;
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
