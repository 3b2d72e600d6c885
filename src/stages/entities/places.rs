//! Places and what is printed around them: an unknown place before its office or title, a
//! division's body after it, a road's section.

use super::{rules, Cand, PRIO_MODEL};
use crate::model::EntityType;
use crate::zh::chars::is_han;

/// One-char prepositions and verbs the segmenter glues onto the name after them (从 + 江城市,
/// 在 + 青禾县, 赴 + 某某区): they may stand right before an unknown place.
const GLUED: &str = "从在向赴到与和至往于据经由对为同跟及";

/// Where an unknown place (two Han chars and 市, 县 or 区: 江城市, 青禾县) ends at `e`, its
/// start; the char before it must be no name char (a boundary, or a glued preposition).
pub(super) fn unknown_place_ending(chars: &[char], e: usize) -> Option<usize> {
    let a = e.checked_sub(3)?;
    let name_char = |c: char| is_han(c) && !crate::char_set!("全本该各我此每两多众诸").contains(c);
    let ok = "市县区".contains(chars[e - 1])
        && chars[a..e - 1]
            .iter()
            .all(|&c| name_char(c) && !crate::char_set!(rules::NON_NAME).contains(c))
        && (a == 0 || !is_han(chars[a - 1]) || GLUED.contains(chars[a - 1]));
    ok.then_some(a)
}

/// An unknown place the gazetteer lacks, printed before its office (江城市 + 住房和城乡建设局)
/// or its head's title (江城市 + 市长): the tagger often stops at the office or glues the
/// place to the preposition before it (从江, a county's short form, in 从江城市). The office
/// takes the place in as one ORG; before a title the place is a GPE. A tagger place that
/// starts inside the place or on the preposition before it yields.
pub(super) fn unknown_places(chars: &[char], out: &mut Vec<Cand>, first: usize) {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (k, c) in out.iter().enumerate().skip(first) {
        if c.kind != EntityType::Org || c.start < 3 {
            continue;
        }
        let Some(a) = unknown_place_ending(chars, c.start) else {
            continue;
        };
        found.push((k, a, c.start));
    }
    // Before a title that starts with the place's own suffix (江城市 + 市长, 某某县 + 县委书记).
    for e in 3..chars.len() {
        let suffix = chars[e - 1];
        let title =
            chars.get(e) == Some(&suffix) && chars.get(e + 1).is_some_and(|&c| "长委".contains(c));
        if !title || found.iter().any(|f| f.2 == e) {
            continue;
        }
        if let Some(a) = unknown_place_ending(chars, e) {
            found.push((usize::MAX, a, e));
        }
    }
    if found.is_empty() {
        return;
    }
    // The tagger's own name there wins when it already covers the place from its start.
    found.retain(|&(_, a, e)| {
        !out[first..]
            .iter()
            .any(|m| m.start == a && m.end >= e && m.kind != EntityType::Person)
    });
    let mut made = Vec::with_capacity(found.len());
    for &(k, a, e) in &found {
        match out.get_mut(k) {
            Some(c) => {
                c.start = a;
                made.push(k);
            }
            None => {
                made.push(out.len());
                out.push(Cand::new(a, e, EntityType::Gpe, PRIO_MODEL));
            }
        }
    }
    let mut i = 0;
    out.retain(|m| {
        i += 1;
        i <= first
            || made.contains(&(i - 1))
            || m.kind == EntityType::Person
            || !found
                .iter()
                .any(|&(_, a, e)| m.start + 1 >= a && m.start < e)
    });
}

/// Bodies every division has, named by the division before them (某某镇人民政府). A bare 政府
/// stays out: a place before it is the place (日本 + 政府, 某某市 + 政府), as the annotated
/// news have it (−0.002 ORG F1 on the msra-ner dev split with it).
const PLACE_BODIES: &[&str] = &[
    "人民政府",
    "人民法院",
    "中级人民法院",
    "人民检察院",
    "管委会",
    "公安局",
    "人大常委会",
    "政协",
];

/// Where a body named after the place ending at `e` ends: nouns (and one-char conjunctions
/// between them, 文化和旅游) of at most ten chars closing with a government head word
/// (厅, 局, 署, 办), or the division's own body (`PLACE_BODIES`); `None` when no such name
/// follows.
pub(super) fn body_after_place(chars: &[char], toks: &[rules::Tok], e: usize) -> Option<usize> {
    let mut k = toks.binary_search_by_key(&e, |t| t.s).ok()?;
    let mut nouns = 0;
    while let Some(t) = toks.get(k) {
        if t.e - e > 10 || !t.w.chars().all(is_han) {
            return None;
        }
        let nominal = t.tag.starts_with('n') || matches!(t.tag, "vn" | "j");
        let conj = t.tag == "c" && t.len() == 1 && nouns > 0;
        if !nominal && !conj {
            return None;
        }
        let last = chars[t.e - 1];
        // The division's own government, court or committee (某某镇 + 人民政府, 某某区 + 人民法院).
        let own_body = nominal && PLACE_BODIES.iter().any(|b| t.w.ends_with(b));
        if nominal && nouns > 0 && t.len() >= 2 && "厅局署办".contains(last)
            || nouns > 0 && t.len() == 1 && "厅局".contains(last)
            || own_body
        {
            return Some(t.e);
        }
        if nominal {
            nouns += 1;
        }
        k += 1;
    }
    None
}

/// Where a road name ending at `e` ends with the section printed after it: a direction and
/// 段 or 延线 (东延线, 北段); `e` when none follows.
pub(super) fn road_section_end(chars: &[char], e: usize) -> usize {
    let road = chars[..e].last().is_some_and(|&c| "路街道".contains(c));
    let rest = &chars[e..];
    if !road || !rest.first().is_some_and(|&c| "东西南北".contains(c)) {
        return e;
    }
    match rest.get(1..) {
        Some(['段', ..]) => e + 2,
        Some(['延', '线', ..]) => e + 3,
        _ => e,
    }
}

/// Numerals of line and bridge numbers (5号线, 二桥).
const NUMERALS: &str = "0123456789一二三四五六七八九十零〇";

/// Facilities that the print's structure names whatever the tagger reads there: a numbered
/// metro line (地铁5号线, 轨道交通3号线, with the city before it), a road with its section
/// (某某大道东延线, 某某路北段, also where the name is a verb: 解放大道), a numbered bridge
/// after its river or place (长江二桥). `place_len_at` gives the gazetteer place starting at
/// a position. The tagger's other mentions over them (某某地铁5号线二) yield; `first` is the
/// index of the tagger's first mention in `out`.
pub(super) fn structural_facilities(
    chars: &[char],
    toks: &[rules::Tok],
    place_len_at: impl Fn(&[char], usize) -> Option<usize>,
    out: &mut Vec<Cand>,
    first: usize,
) {
    let made = out.len();
    let tok_ending = |e: usize| toks.iter().find(|t| t.e == e);
    for i in 0..chars.len() {
        // 地铁 + number + 号线
        if chars[i..].starts_with(&['号', '线']) {
            let mut s = i;
            while s > 0 && NUMERALS.contains(chars[s - 1]) {
                s -= 1;
            }
            let kind_len = ["地铁", "轨道交通", "轻轨"].iter().find_map(|w| {
                let n = w.chars().count();
                (s < i && s >= n && chars[s - n..s].iter().copied().eq(w.chars())).then_some(n)
            });
            if let Some(n) = kind_len {
                let mut start = s - n;
                // The city that runs it (某某地铁2号线).
                if let Some(p) = (start.saturating_sub(4)..start.saturating_sub(1))
                    .find(|&p| place_len_at(chars, p) == Some(start - p))
                {
                    start = p;
                }
                out.push(Cand::new(start, i + 2, EntityType::Fac, PRIO_MODEL));
            }
        }
        // A road's section where the tagger saw no road: the head closes a word.
        let e = i + 1;
        let end = road_section_end(chars, e);
        if end > e {
            if let Some(t) = tok_ending(e) {
                let head_only = matches!(t.w, "路" | "街" | "大道" | "大街");
                let name = if head_only {
                    toks.iter()
                        .find(|p| p.e == t.s)
                        .filter(|p| {
                            (2..=4).contains(&p.len())
                                && p.w.chars().all(is_han)
                                && (p.tag.starts_with('n') || p.tag.starts_with('v'))
                        })
                        .map(|p| p.s)
                } else {
                    (t.len() >= 3 && t.w.chars().all(is_han)).then_some(t.s)
                };
                if let Some(s) = name {
                    out.push(Cand::new(s, end, EntityType::Fac, PRIO_MODEL));
                }
            }
        }
        // River or place + number + 桥 (长江二桥).
        if i > 0 && NUMERALS.contains(chars[i]) && chars.get(i + 1) == Some(&'桥') {
            if let Some(t) = tok_ending(i) {
                let place = t.len() >= 2
                    && (t.tag == "ns"
                        || place_len_at(chars, t.s) == Some(t.len())
                        || "江河湖".contains(chars[i - 1]));
                if place {
                    out.push(Cand::new(t.s, i + 2, EntityType::Fac, PRIO_MODEL));
                }
            }
        }
    }
    if out.len() > made {
        let facs: Vec<(usize, usize)> = out[made..].iter().map(|c| (c.start, c.end)).collect();
        let mut i = 0;
        out.retain(|c| {
            i += 1;
            i <= first
                || i > made
                || c.kind == EntityType::Person
                || !facs.iter().any(|&(s, e)| c.start < e && s < c.end)
        });
    }
}
