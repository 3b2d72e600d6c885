//! Article-level reading: a name the stage found in one place of an article (headline,
//! body, caption) is found again at its other exact occurrences where the tagger was
//! silent, and so is a short form that the article's own full name defines (特朗普 after
//! 唐纳德·特朗普, 某某 after 某某集团).
//!
//! Kept conservative: only names from the lexicon, the page's structure or the tagger (not
//! a head-word rule alone), of two chars at least, of one type within the article, and
//! outside titles and terms; an organisation's or a place's repeat must start and end on
//! the segmenter's word boundaries (中国 is not repeated inside 中国人); repeats come last
//! in the merge order, so any longer mention around them wins.

use super::{Cand, PRIO_MODEL, PRIO_REPEAT, PRIO_STRUCTURE};
use crate::model::EntityType;

/// Word boundaries of one field: bit 1 where a token starts, bit 2 where one ends.
pub(super) const WORD_START: u8 = 1;
pub(super) const WORD_END: u8 = 2;

/// Names found in an article, to be looked for at their other occurrences.
#[derive(Default)]
pub(super) struct Names {
    found: Vec<(Vec<char>, EntityType)>,
    /// Names seen with two types (a place and a team): never repeated.
    clashes: Vec<Vec<char>>,
}

/// Company suffixes whose removal leaves the short name the article goes on to use.
const COMPANY_ENDS: &[&str] = &[
    "集团股份有限公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
];

impl Names {
    /// Adds the confident names among one field's candidates. `is_place` tells whether a
    /// string is a gazetteer place, `is_name` whether it reads as a proper name rather than
    /// a common word (see [`company_short`]).
    pub(super) fn collect(
        &mut self,
        chars: &[char],
        cands: &[Cand],
        is_place: impl Fn(&[char]) -> bool,
        is_name: impl Fn(&[char]) -> bool,
    ) {
        let marked = |c: &Cand| {
            cands.iter().any(|t| {
                t.prio <= PRIO_STRUCTURE
                    && matches!(
                        t.kind,
                        EntityType::Term | EntityType::Work | EntityType::Law
                    )
                    && t.start <= c.start
                    && c.end <= t.end
            })
        };
        for c in cands {
            let repeatable = matches!(
                c.kind,
                EntityType::Person
                    | EntityType::Org
                    | EntityType::Gpe
                    | EntityType::Loc
                    | EntityType::Fac
            );
            // Persons as before: any source but repeats (a title rule's name too).
            let sure = c.prio <= PRIO_MODEL || c.kind == EntityType::Person && c.prio < PRIO_REPEAT;
            if !repeatable || !sure || c.end - c.start < 2 || marked(c) {
                continue;
            }
            let name: Vec<char> = chars[c.start..c.end]
                .iter()
                .copied()
                .filter(|c| !c.is_whitespace())
                .collect();
            self.add(name.clone(), c.kind);
            match c.kind {
                // A foreign name goes on by its family name (唐纳德·特朗普 → 特朗普).
                EntityType::Person => {
                    if let Some(dot) = name.iter().rposition(|&c| c == '·' || c == '•') {
                        if name.len() - dot > 2 {
                            self.add(name[dot + 1..].to_vec(), EntityType::Person);
                        }
                    }
                }
                EntityType::Org => {
                    if let Some(short) = company_short(&name, &is_place, &is_name) {
                        self.add(short.to_vec(), EntityType::Org);
                    }
                }
                _ => {}
            }
        }
    }

    fn add(&mut self, name: Vec<char>, kind: EntityType) {
        if name.len() < 2 || self.clashes.contains(&name) {
            return;
        }
        match self.found.iter().position(|(n, _)| *n == name) {
            Some(i) if self.found[i].1 != kind => {
                self.found.swap_remove(i);
                self.clashes.push(name);
            }
            Some(_) => {}
            None => self.found.push((name, kind)),
        }
    }

    /// Candidates at the other occurrences of the names in one field. `bounds` holds the
    /// field's word boundaries (`WORD_START`, `WORD_END`); persons need none (the segmenter
    /// often glues a name to the next char).
    pub(super) fn repeats(&self, chars: &[char], bounds: &[u8], out: &mut Vec<Cand>) {
        let at = |i: usize, bit: u8| bounds.get(i).is_some_and(|&b| b & bit != 0);
        for (name, kind) in &self.found {
            let n = name.len();
            let first = name[0];
            let mut i = 0;
            while i + n <= chars.len() {
                // Most positions fail on the first char: test it before comparing slices.
                if chars[i] == first && chars[i..i + n] == name[..] {
                    let aligned =
                        *kind == EntityType::Person || at(i, WORD_START) && at(i + n, WORD_END);
                    if aligned {
                        out.push(Cand::new(i, i + n, *kind, PRIO_REPEAT));
                        i += n;
                        continue;
                    }
                }
                i += 1;
            }
        }
    }
}

/// Trade words between a company's brand and its suffix (某某科技有限公司).
const TRADE_WORDS: &[&str] = &[
    "科技", "技术", "网络", "信息", "实业", "控股", "电子", "传媒", "文化", "投资", "发展", "智能",
    "软件", "数码", "国际", "股份",
];

/// The short name of a company (某某 of 江城某某科技股份有限公司): the name without its
/// company suffix, a leading place and a trade word; 2–4 Han chars, not itself a place or
/// starting with one (武汉 of 武汉某某集团 is the city); after a place, a proper name (云帆 of
/// 江城云帆科技, not 钢铁 of 武汉钢铁集团).
fn company_short(
    name: &[char],
    is_place: impl Fn(&[char]) -> bool,
    is_name: impl Fn(&[char]) -> bool,
) -> Option<&[char]> {
    let strip_end = |s: &[char], w: &str| {
        let n = w.chars().count();
        let cut = s.len().checked_sub(n)?;
        s[cut..].iter().copied().eq(w.chars()).then_some(cut)
    };
    let cut = COMPANY_ENDS.iter().find_map(|w| strip_end(name, w))?;
    let mut short = &name[..cut];
    let placed = (2..short.len()).rev().find(|&i| is_place(&short[..i]));
    if let Some(p) = placed {
        short = &short[p..];
    }
    if let Some(cut) = TRADE_WORDS.iter().find_map(|w| strip_end(short, w)) {
        short = &short[..cut];
    }
    let fits = (2..=4).contains(&short.len())
        && short.iter().all(|&c| crate::zh::chars::is_han(c))
        && !(2..=short.len()).any(|i| is_place(&short[..i]))
        && (placed.is_none() || is_name(short));
    fits.then_some(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_short_names() {
        let place = |w: &[char]| matches!(w.iter().collect::<String>().as_str(), "江城" | "武汉");
        let s = |t: &str| {
            let name: Vec<char> = t.chars().collect();
            let brand = |w: &[char]| w.iter().collect::<String>() == "云帆";
            company_short(&name, place, brand).map(|c| c.iter().collect::<String>())
        };
        assert_eq!(s("飞龙集团有限公司").as_deref(), Some("飞龙"));
        assert_eq!(s("江城云帆科技股份有限公司").as_deref(), Some("云帆"));
        assert_eq!(s("武汉钢铁集团"), None);
        assert_eq!(s("江城电缆制造股份有限公司"), None);
        assert_eq!(s("某某局"), None);
    }

    #[test]
    fn names_of_two_types_are_never_repeated() {
        let chars: Vec<char> = "江城队江城".chars().collect();
        let mut names = Names::default();
        let cands = [
            Cand::new(0, 2, EntityType::Gpe, PRIO_MODEL),
            Cand::new(3, 5, EntityType::Org, PRIO_MODEL),
        ];
        names.collect(&chars, &cands, |_| false, |_| true);
        let mut out = Vec::new();
        names.repeats(&chars, &[3; 6], &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn repeats_keep_to_word_boundaries() {
        let chars: Vec<char> = "云帆说云帆人".chars().collect();
        let mut names = Names::default();
        names.collect(
            &chars,
            &[Cand::new(0, 2, EntityType::Org, PRIO_MODEL)],
            |_| false,
            |_| true,
        );
        // tokens 云帆|说|云帆人
        let (s, e) = (WORD_START, WORD_END);
        let bounds = [s, 0, s | e, s | e, 0, 0, e];
        let mut out = Vec::new();
        names.repeats(&chars, &bounds, &mut out);
        let spans: Vec<(usize, usize)> = out.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(spans, vec![(0, 2)]);
    }
}
