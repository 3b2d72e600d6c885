//! Stage 6, entities: article fields and furniture → entity mentions (extraction.md §6).
//!
//! Each field is read on its own. Candidates come from five sources, in this order of
//! precedence (`PRIO_*`): the user lexicon (`--lexicon`, longest match; an entry inside a
//! longer name yields to it), the page's own structure (credited persons of bylines and
//! datelines, 《》 titles, quoted terms, editor lines, a job title before a name), the
//! tagger (`crate::ner`: persons, organisations and places in running text), rules on
//! jieba's segmentation (`rules`: head words, gazetteer), and repeats of a person name
//! already found in the same article. Within a source the longest candidate wins, so
//! mentions come out flat and outermost; `reconcile` lets a rule name that the tagger's
//! mentions tile take the tagger's rank. The order was set by measuring the table against
//! the raw tagger on the `ner-train` dev split (tests/integration/entities_nertrain.rs).
//!
//! Everything costly (jieba, the model, the gazetteer of `data/`, word lists) is built once
//! in [`EntityExtractor::new`]; per field the work is one jieba pass, one tagger pass and
//! linear scans (speed in BENCHMARKS.md).

mod document;
mod editors;
mod marks;
mod merge;
mod places;
mod rules;

use std::borrow::Cow;
use std::sync::Arc;

use crate::model::{Article, EntitySpan, EntityType, Field, Role};
use crate::ner::{Kind, Model, TagScratch};
use crate::zh::chars::{is_han, title_spans};
use crate::zh::lexicon::{self, Trie, WordSet};
use document::Names;
use editors::{editors, is_job_word, EDITOR_WORDS};
use marks::{is_law, terms};
use merge::{department_end, reconcile};
use places::{body_after_place, road_section_end, structural_facilities, unknown_places};

/// A candidate mention in one field, before overlaps are resolved.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    kind: EntityType,
    /// Source precedence: `PRIO_*`.
    prio: u8,
    /// Tie-break among same-span candidates of one source (lower wins).
    rank: u8,
    role: Option<Role>,
    title: Option<String>,
    /// A county short form: index of the full name the article must also print.
    needs: Option<usize>,
}

impl Cand {
    fn new(start: usize, end: usize, kind: EntityType, prio: u8) -> Cand {
        Cand {
            start,
            end,
            kind,
            prio,
            rank: 0,
            role: None,
            title: None,
            needs: None,
        }
    }

    fn rule(start: usize, end: usize, kind: EntityType, rank: u8) -> Cand {
        Cand {
            rank,
            ..Cand::new(start, end, kind, PRIO_RULES)
        }
    }
}

/// Source precedence (lower wins an overlap): the user lexicon, the page's structure
/// (credits, 《》, quotes, editors, a job title before a name), the tagger, the head-word
/// and gazetteer rules, repeats of a name already found.
const PRIO_LEXICON: u8 = 0;
const PRIO_STRUCTURE: u8 = 1;
const PRIO_MODEL: u8 = 2;
const PRIO_RULES: u8 = 3;
const PRIO_REPEAT: u8 = 4;

/// Holds what is costly to build (jieba, gazetteer, word lists); build once, share by
/// reference across threads.
pub struct EntityExtractor {
    user: Trie<EntityType>,
    rules: rules::Rules,
    model: Arc<Model>,
    /// Job words of editor lines (`EDITOR_WORDS`).
    jobs: WordSet,
}

/// Fields of an article that hold mentions, in row order.
pub const FIELDS: [Field; 6] = [
    Field::Kicker,
    Field::Headline,
    Field::Subheadline,
    Field::Byline,
    Field::Dateline,
    Field::Text,
];

impl EntityExtractor {
    /// `lexicon`: user entries (`--lexicon`), surface and type.
    pub fn new(lexicon: Vec<(String, EntityType)>) -> Self {
        EntityExtractor::with_model(lexicon, Model::embedded())
    }

    /// As [`EntityExtractor::new`], with another tagger model (`--entity-model`).
    pub fn with_model(lexicon: Vec<(String, EntityType)>, model: Arc<Model>) -> Self {
        let mut user = Trie::new();
        for (surface, kind) in &lexicon {
            if !surface.trim().is_empty() {
                user.insert(surface.trim(), *kind);
            }
        }
        EntityExtractor {
            user,
            rules: rules::Rules::new(),
            model,
            jobs: WordSet::new(EDITOR_WORDS),
        }
    }

    /// Mentions in one article's fields.
    pub fn article(&self, article: &Article) -> Vec<EntitySpan> {
        let mut texts: Vec<Cow<str>> = Vec::with_capacity(FIELDS.len());
        let mut fields: Vec<(Field, Vec<char>, Vec<Cand>)> = Vec::with_capacity(FIELDS.len());
        let mut names = Names::default();
        let mut bounds: Vec<Vec<u8>> = Vec::with_capacity(FIELDS.len());
        for field in FIELDS {
            let Some(text) = article.field(field) else {
                continue;
            };
            // Counting first allocates once; collecting grows the buffer step by step.
            let mut chars: Vec<char> = Vec::with_capacity(text.chars().count());
            chars.extend(text.chars());
            let mut cands = Vec::new();
            for c in article.credits.iter().filter(|c| c.field == field) {
                if c.start < c.end && c.end <= chars.len() {
                    let mut cand = Cand::new(c.start, c.end, EntityType::Person, PRIO_STRUCTURE);
                    cand.role = Some(c.role);
                    cands.push(cand);
                }
            }
            // Persons of bylines and datelines come ready in `credits`; read names there only.
            let persons = !matches!(field, Field::Byline | Field::Dateline);
            let mut words = Vec::new();
            self.candidates(&text, &chars, persons, &mut cands, &mut words);
            names.collect(
                &chars,
                &cands,
                |w| self.rules.is_place_name(w),
                |w| self.rules.name_like(&w.iter().collect::<String>()),
            );
            bounds.push(words);
            texts.push(text);
            fields.push((field, chars, cands));
        }
        // A full name holds no newline, so the fields joined by newlines print it exactly
        // when one of them does: no need to join them.
        let printed = |full: &str| texts.iter().any(|t| t.contains(full));
        let mut out = Vec::new();
        let mut taken = Vec::new();
        for ((field, chars, mut cands), words) in fields.into_iter().zip(&bounds) {
            cands.retain(|c| match c.needs {
                Some(n) => self.rules.full_form(n).is_some_and(printed),
                None => true,
            });
            if !matches!(field, Field::Byline | Field::Dateline) {
                names.repeats(&chars, words, &mut cands);
            }
            resolve(field, 0, &chars, cands, &mut taken, &mut out);
        }
        out
    }

    /// Issue-level mentions in the furniture lines.
    pub fn furniture(&self, lines: &[String]) -> Vec<EntitySpan> {
        let mut out = Vec::new();
        let mut taken = Vec::new();
        for (n, line) in lines.iter().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            let mut cands = editors(&self.jobs, &chars);
            self.candidates(line, &chars, false, &mut cands, &mut Vec::new());
            cands.retain(|c| c.needs.is_none());
            resolve(Field::Furniture, n, &chars, cands, &mut taken, &mut out);
        }
        out
    }

    /// All candidates of one field: lexicon, titles, terms, rules. `words` receives the
    /// field's word boundaries (`document::WORD_START`, `WORD_END` per char position).
    fn candidates(
        &self,
        text: &str,
        chars: &[char],
        persons: bool,
        out: &mut Vec<Cand>,
        words: &mut Vec<u8>,
    ) {
        if !self.user.is_empty() {
            let mut i = 0;
            while i < chars.len() {
                match self.user.longest_at(chars, i) {
                    Some((len, kind)) => {
                        out.push(Cand::new(i, i + len, kind, PRIO_LEXICON));
                        i += len;
                    }
                    None => i += 1,
                }
            }
        }
        // Most fields hold no quote or title mark: skip the bracket scans then.
        let marks = chars.iter().any(|c| matches!(c, '“' | '‘' | '《'));
        let titles = if marks {
            title_spans(chars)
        } else {
            Vec::new()
        };
        for &(s, e) in &titles {
            let kind = if is_law(&chars[s..e]) {
                EntityType::Law
            } else {
                EntityType::Work
            };
            if e - s > 2 {
                out.push(Cand::new(s, e, kind, PRIO_STRUCTURE));
            }
        }
        if marks {
            terms(chars, &titles, out);
        }
        if let Some(toks) = self.rules.tokens(text) {
            words.clear();
            words.resize(chars.len() + 1, 0);
            for t in &toks {
                if let Some(b) = words.get_mut(t.s) {
                    *b |= document::WORD_START;
                }
                if let Some(b) = words.get_mut(t.e) {
                    *b |= document::WORD_END;
                }
            }
            let first = out.len();
            self.tagged(chars, &toks, persons, out);
            let model_end = out.len();
            self.rules.candidates(chars, &toks, persons, out);
            reconcile(chars, &self.rules, &mut out[first..], model_end - first);
            // An organisation or natural place that only a head-word rule found, where the
            // tagger saw nothing, is mostly a common noun (外国银行, 国际组织, 大海): on the
            // dev split such names were wrong nine times in ten. Gazetteer places, regions
            // and facilities stay.
            // A job title before a name (发言人 + 强调, 总统 + 国家, 老师 + 公开) names a
            // person only where the tagger also reads one there; the title rule then gives
            // the extent and the title.
            let tagged_person = |c: &Cand, out: &[Cand]| {
                out[first..model_end]
                    .iter()
                    .any(|m| m.kind == EntityType::Person && m.start < c.end && c.start < m.end)
            };
            let mut keep = Vec::with_capacity(out.len() - first);
            for c in &out[first..] {
                keep.push(if c.prio == PRIO_RULES {
                    !(c.kind == EntityType::Org || c.kind == EntityType::Loc && c.rank != 0)
                } else if c.prio == PRIO_STRUCTURE && c.title.is_some() {
                    tagged_person(c, out)
                } else {
                    true
                });
            }
            let mut i = 0;
            out.retain(|_| {
                i += 1;
                i <= first || keep[i - 1 - first]
            });
            // A quoted term that the tagger reads as a name (“金庸”, “紫禁城”), that lies
            // inside one (全国“扫黄”工作小组) or that holds one (“某某时代”, “中国文化月”)
            // yields to that name: the table answers who and what the paper writes about,
            // and mentions are flat. Only names with a proper word (or persons) count, not a
            // quoted common word the tagger calls ORG (“中心”). Measured on the ner-train dev
            // split: msra-ner +0.011 F1, the sample page and own sentences unchanged.
            if marks {
                let named: Vec<(usize, usize)> = out[first..]
                    .iter()
                    .filter(|c| {
                        c.prio == PRIO_MODEL
                            && (c.kind == EntityType::Person
                                || self.rules.has_proper(chars, &toks, c.start, c.end))
                    })
                    .map(|c| (c.start, c.end))
                    .collect();
                let mut i = 0;
                // A storm's name is a term whatever it sounds like (台风“某某”).
                let storm = |c: &Cand| {
                    let before = &chars[..c.start.saturating_sub(1)];
                    lexicon::STORM_WORDS.iter().any(|w| ends_with(before, w))
                };
                out.retain(|c| {
                    i += 1;
                    i > first
                        || c.kind != EntityType::Term
                        || storm(c)
                        || !named
                            .iter()
                            .any(|&(s, e)| s <= c.start && c.end <= e || c.start <= s && e <= c.end)
                });
            }
        }
        // Job words of editor lines are never persons, whichever source proposes them.
        out.retain(|c| {
            c.kind != EntityType::Person
                || c.prio < PRIO_MODEL
                || !is_job_word(&self.jobs, &chars[c.start..c.end])
        });
        // A place and a generic word (某国 + 市场, 某市 + 铁路) is the place's market or
        // railway, no named facility: the place is the mention (the gazetteer gives it).
        out.retain(|c| {
            c.kind != EntityType::Fac
                || c.prio == PRIO_LEXICON
                || !GENERIC_AFTER_PLACE.iter().any(|w| {
                    let n = w.chars().count();
                    c.end - c.start > n
                        && ends_with(&chars[..c.end], w)
                        && self.rules.is_place_name(&chars[c.start..c.end - n])
                })
        });
        // The longest mention wins over a lexicon entry inside it (江城 in 江城晚报): the
        // lexicon decides the type of what it names, not the extent of longer names.
        if out.iter().any(|c| c.prio == PRIO_LEXICON) {
            let longer: Vec<(usize, usize)> = out
                .iter()
                .filter(|c| c.prio > PRIO_LEXICON && c.prio < PRIO_REPEAT)
                .map(|c| (c.start, c.end))
                .collect();
            out.retain(|c| {
                c.prio != PRIO_LEXICON
                    || !longer
                        .iter()
                        .any(|&(s, e)| s <= c.start && c.end <= e && e - s > c.end - c.start)
            });
        }
    }

    /// The tagger's mentions; places typed GPE, LOC or FAC by the gazetteer and head words.
    fn tagged(&self, chars: &[char], toks: &[rules::Tok], persons: bool, out: &mut Vec<Cand>) {
        thread_local! {
            static SCRATCH: std::cell::RefCell<TagScratch> = std::cell::RefCell::default();
        }
        let spans = SCRATCH.with(|s| self.model.tag(chars, toks, &mut s.borrow_mut()));
        let first = out.len();
        for &(s, e, kind) in &spans {
            // An address of divisions printed together (某某省某某市某某区) is one place for
            // the web-news annotation and several for the newspaper one this table follows:
            // when gazetteer names tile the mention, each is its own place.
            if kind == Kind::Loc {
                if let Some(parts) = self.place_chain(chars, s, e) {
                    for (a, b) in parts {
                        out.push(Cand::new(a, b, EntityType::Gpe, PRIO_MODEL));
                    }
                    continue;
                }
            }
            let kind = match kind {
                Kind::Per if persons => EntityType::Person,
                Kind::Per => continue,
                Kind::Org => EntityType::Org,
                Kind::Loc => self.rules.place_type(&chars[s..e]),
            };
            // A mention across a space, a clause mark or an unbalanced bracket is a tagging
            // slip: the rules decide there. Balanced quotes and brackets belong to names
            // (“某某”教堂, 全国“扫黄”工作小组, 某某（集团）公司), and an organisation may
            // list its members (中国、斯洛伐克联合登山队) when it ends with an org head.
            if !clean_mention(&chars[s..e], || {
                kind == EntityType::Org && self.rules.ends_with_org_head(chars, e)
            }) {
                continue;
            }
            // One char: a surname the tagger reads as a person (李大妈, 朱老, 毛主席) or a
            // place in a compound (中美, 访日, 欧美球队, 奥运会, 江淮), as the MSRA and
            // People's Daily annotations have them (the style this table is measured on).
            let kind = if e - s == 1 {
                let c = chars[s];
                match kind {
                    EntityType::Person if crate::char_set!(lexicon::SURNAMES).contains(c) => kind,
                    EntityType::Person | EntityType::Org => continue,
                    _ if !is_han(c) => continue,
                    // Inside a place word that one-char places do not tile (青|藏|高原,
                    // 川|西) the word is the name; 中欧, 欧美 are two places.
                    _ if {
                        let w = toks.partition_point(|t| t.e <= s);
                        toks.get(w).is_some_and(|t| {
                            t.tag == "ns"
                                && (t.s..t.e).any(|i| {
                                    !spans
                                        .iter()
                                        .any(|&(a, b, k)| a == i && b == i + 1 && k == Kind::Loc)
                                })
                        })
                    } =>
                    {
                        continue
                    }
                    _ if crate::char_set!(lexicon::ONE_CHAR_REGIONS).contains(c) => EntityType::Loc,
                    _ => EntityType::Gpe,
                }
            } else {
                // An organisation or place must start where a word starts: one that starts
                // inside a word (白鹤|滩水电站, 小米|科技有限责任公司) is a slip. Its end may
                // fall inside a word: the segmenter glues suffixes on (武汉市|民, 荷兰文,
                // 国防部长, 县委书记). Tokens are in order: bisection.
                // A country's name glued to the name it owns is one word for the segmenter
                // (美国|某某理工学院): the name may start right after a gazetteer place.
                let starts = toks.binary_search_by_key(&s, |t| t.s).is_ok() || {
                    let w = toks.partition_point(|t| t.e <= s);
                    toks.get(w).is_some_and(|t| {
                        t.s < s && self.rules.place_len_at(chars, t.s) == Some(s - t.s)
                    })
                };
                if kind != EntityType::Person && !starts {
                    continue;
                }
                kind
            };
            if kind == EntityType::Org && !self.org_like(chars, toks, s, e) {
                continue;
            }
            let (kind, e) = match kind {
                EntityType::Org => (kind, department_end(chars, toks, s, e)),
                // A division's body printed after it (某某省文化和旅游厅) is one organisation,
                // when the tagger stops at the place.
                EntityType::Gpe => match body_after_place(chars, toks, e) {
                    Some(end) => (EntityType::Org, end),
                    None => (kind, e),
                },
                // A section of a road (某某大道东延线, 某某路北段) belongs to its name.
                EntityType::Fac => (kind, road_section_end(chars, e)),
                _ => (kind, e),
            };
            out.push(Cand::new(s, e, kind, PRIO_MODEL));
        }
        structural_facilities(
            chars,
            toks,
            |c, p| self.rules.place_len_at(c, p),
            out,
            first,
        );
        unknown_places(chars, out, first);
    }
}

impl EntityExtractor {
    /// The parts of `chars[s..e]` when two or more gazetteer places of two chars or more,
    /// each the longest starting where the previous ends, tile it exactly.
    fn place_chain(&self, chars: &[char], s: usize, e: usize) -> Option<Vec<(usize, usize)>> {
        let mut parts = Vec::new();
        let mut p = s;
        while p < e {
            let len = self.rules.place_len_at(chars, p).filter(|&l| l >= 2)?;
            if p + len > e {
                return None;
            }
            parts.push((p, p + len));
            p += len;
        }
        (parts.len() >= 2).then_some(parts)
    }

    /// Whether a tagger organisation can be one: it does not end on a one-char adjective or
    /// adverb that the segmenter cut off the next word (某某大 | 数据中心).
    /// (Dropping organisations of common words only, 区域医疗中心, cost 0.06 ORG F1 on the
    /// msra-ner dev split: annotated news names many bodies by common words.)
    fn org_like(&self, chars: &[char], toks: &[rules::Tok], s: usize, e: usize) -> bool {
        let from = toks.partition_point(|t| t.e <= s);
        let inside = || toks[from..].iter().take_while(|t| t.s < e);
        let cut = inside().last().is_some_and(|t| {
            t.e == e
                && t.len() == 1
                && matches!(t.tag.as_bytes().first(), Some(b'a' | b'd'))
                && !crate::char_set!(lexicon::ORG_TAIL_CHARS).contains(chars[e - 1])
                && chars.get(e).is_some_and(|&c| is_han(c))
        });
        !cut
    }
}

/// Words that after a bare place name make no facility's name (日本市场, 河北高速公路).
const GENERIC_AFTER_PLACE: &[&str] = &["市场", "铁路", "公路", "高速公路", "高速公路网"];

/// Whether `chars` ends with the word `w` (no allocation).
fn ends_with(chars: &[char], w: &str) -> bool {
    let n = w.chars().count();
    chars.len() >= n && chars[chars.len() - n..].iter().copied().eq(w.chars())
}

/// Whether a tagger mention's text can be a name: no space or clause mark, quotes and
/// brackets balanced inside it, a 、 only where `list_ok` (an organisation of members).
fn clean_mention(text: &[char], list_ok: impl FnOnce() -> bool) -> bool {
    let mut depth = [0i32; 3];
    let mut list = false;
    for &c in text {
        let (k, d) = match c {
            '“' => (0, 1),
            '”' => (0, -1),
            '（' | '(' => (1, 1),
            '）' | ')' => (1, -1),
            '‘' => (2, 1),
            '’' => (2, -1),
            '、' => {
                list = true;
                continue;
            }
            c if c.is_whitespace() || "[]【】《》，。：；！？".contains(c) => {
                return false
            }
            _ => continue,
        };
        depth[k] += d;
        if depth[k] < 0 {
            return false;
        }
    }
    let edge = |c: Option<&char>| c.is_some_and(|&c| c == '、');
    depth == [0; 3] && (!list || !edge(text.first()) && !edge(text.last()) && list_ok())
}

/// Picks non-overlapping mentions: higher source first, then longer, then by rank. Appends
/// them to `out` in order of position; `taken` is scratch space reused across fields.
fn resolve(
    field: Field,
    line: usize,
    chars: &[char],
    mut cands: Vec<Cand>,
    taken: &mut Vec<bool>,
    out: &mut Vec<EntitySpan>,
) {
    cands.retain(|c| c.start < c.end && c.end <= chars.len());
    cands.sort_by_key(|c| (c.prio, std::cmp::Reverse(c.end - c.start), c.rank, c.start));
    taken.clear();
    taken.resize(chars.len(), false);
    let first = out.len();
    for c in cands {
        if taken[c.start..c.end].iter().any(|&t| t) {
            continue;
        }
        taken[c.start..c.end].iter_mut().for_each(|t| *t = true);
        out.push(EntitySpan {
            field,
            line,
            start: c.start,
            end: c.end,
            surface: chars[c.start..c.end].iter().collect(),
            kind: c.kind,
            role: c.role,
            title: c.title,
        });
    }
    out[first..].sort_by_key(|e| (e.start, e.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<(String, &'static str)> {
        let x = EntityExtractor::new(Vec::new());
        let a = Article {
            paragraphs: vec![text.to_string()],
            ..Article::default()
        };
        x.article(&a)
            .into_iter()
            .map(|e| (e.surface, e.kind.as_str()))
            .collect()
    }

    #[test]
    fn terms_and_titles() {
        let got = find(
            "他提出“工作要‘稳字当头’推进，快”和“一网通办”，印发《某某市促进条例(试行)》和《年度报告》。",
        );
        assert!(got.contains(&("稳字当头".into(), "TERM")));
        assert!(got.contains(&("一网通办".into(), "TERM")));
        assert!(got.contains(&("《某某市促进条例(试行)》".into(), "LAW")));
        assert!(got.contains(&("《年度报告》".into(), "WORK")));
    }

    #[test]
    fn person_after_title() {
        let x = EntityExtractor::new(Vec::new());
        let a = Article {
            paragraphs: vec!["会上，省委书记张建国讲话。".to_string()],
            ..Article::default()
        };
        let got = x.article(&a);
        let p = got
            .iter()
            .find(|e| e.kind == EntityType::Person)
            .expect("person");
        assert_eq!(p.surface, "张建国");
        assert_eq!(p.title.as_deref(), Some("省委书记"));
    }

    #[test]
    fn furniture_editor() {
        let x = EntityExtractor::new(Vec::new());
        let got = x.furniture(&["值班编委 周 健".to_string()]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].surface, "周 健");
        assert_eq!(got[0].role, Some(Role::Editor));
    }

    #[test]
    fn editor_line_job_words_are_no_persons() {
        let x = EntityExtractor::new(Vec::new());
        let got = x.furniture(&[
            "责任编辑：刘洋 美术编辑：陈静 校对：孙丽 版式 赵丹 统筹：周明".to_string(),
        ]);
        let names: Vec<&str> = got.iter().map(|e| e.surface.as_str()).collect();
        assert_eq!(names, vec!["刘洋", "陈静", "孙丽", "赵丹", "周明"]);
        assert!(got.iter().all(|e| e.role == Some(Role::Editor)));
    }

    #[test]
    fn title_takes_no_place_char() {
        let x = EntityExtractor::new(Vec::new());
        let a = Article {
            paragraphs: vec!["会上，江城市市长林建平讲话。".to_string()],
            ..Article::default()
        };
        let got = x.article(&a);
        let p = got
            .iter()
            .find(|e| e.kind == EntityType::Person)
            .expect("person");
        assert_eq!(p.surface, "林建平");
        assert_eq!(p.title.as_deref(), Some("市长"));
    }

    #[test]
    fn longest_mention_beats_a_short_lexicon_entry() {
        let x = EntityExtractor::new(vec![("江城".to_string(), EntityType::Gpe)]);
        let a = Article {
            paragraphs: vec!["江城晚报记者来到江城市图书馆。江城很美。".to_string()],
            ..Article::default()
        };
        let got = x.article(&a);
        assert!(got.iter().any(|e| e.surface == "江城市图书馆"), "{got:?}");
        assert!(
            got.iter()
                .any(|e| e.surface == "江城" && e.start == 15 && e.kind == EntityType::Gpe),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|e| e.surface == "江城" && e.start == 0),
            "{got:?}"
        );
    }

    fn has(got: &[(String, &'static str)], surface: &str, kind: &str) -> bool {
        got.iter().any(|(s, k)| s == surface && *k == kind)
    }

    #[test]
    fn long_organisation_names_stay_whole() {
        for (text, name) in [
            ("江州市住房和城乡建设局发布通知。", "江州市住房和城乡建设局"),
            ("江汉区民政局工作人员上门走访。", "江汉区民政局"),
            ("湖北省文化和旅游厅公布名单。", "湖北省文化和旅游厅"),
            ("海关总署统计分析司负责人介绍。", "海关总署统计分析司"),
        ] {
            let got = find(text);
            assert!(has(&got, name, "ORG"), "{text}: {got:?}");
        }
    }

    #[test]
    fn an_unknown_place_before_its_office_or_title_is_no_county_glued_to_a_preposition() {
        let got = find("记者昨日从江城市住房和城乡建设局获悉，新规下月实施。");
        assert_eq!(got, vec![("江城市住房和城乡建设局".into(), "ORG")]);
        let got = find("在青禾县农业农村局的支持下，村民种上了新品种。");
        assert!(has(&got, "青禾县农业农村局", "ORG"), "{got:?}");
        let got = find("江城市市长林建平、江北区区长陈刚出席。");
        assert!(has(&got, "江城市", "GPE"), "{got:?}");
        assert!(!has(&got, "江", "LOC"), "{got:?}");
        let got = find("白沙镇人民政府与企业签约。");
        assert!(has(&got, "白沙镇人民政府", "ORG"), "{got:?}");
        // Determiners are no place names (全市, 本县), nor is a word before the place.
        let at =
            |t: &str, e: usize| places::unknown_place_ending(&t.chars().collect::<Vec<_>>(), e);
        assert_eq!(at("从江城市住房", 4), Some(1));
        assert_eq!(at("在全市卫生局", 3), None);
        assert_eq!(at("推动本市卫生局", 4), None);
        assert_eq!(at("经济开发区管委会", 5), None);
    }

    #[test]
    fn a_national_body_belongs_to_the_title() {
        let x = EntityExtractor::new(Vec::new());
        for (text, title) in [
            ("全国人大代表张建国建议加强监管。", "全国人大代表"),
            ("省人大代表王芳说，要多听群众意见。", "省人大代表"),
            ("全国政协委员李明出席会议。", "全国政协委员"),
        ] {
            let a = Article {
                paragraphs: vec![text.to_string()],
                ..Article::default()
            };
            let got = x.article(&a);
            let p = got.iter().find(|e| e.kind == EntityType::Person);
            assert_eq!(p.and_then(|p| p.title.as_deref()), Some(title), "{got:?}");
        }
    }

    #[test]
    fn short_organisation_forms() {
        let got = find("市文旅局、市住建局和区发改委联合检查，中汽协发布数据，省政协委员建议。");
        for name in ["市文旅局", "市住建局", "区发改委", "中汽协", "省政协"] {
            assert!(has(&got, name, "ORG"), "{name}: {got:?}");
        }
    }

    #[test]
    fn facilities_typed_and_never_swallow_a_verb() {
        for (text, name) in [
            ("代表们走进人民大会堂。", "人民大会堂"),
            ("花楼街的老字号。", "花楼街"),
            ("解放大道东延线通车。", "解放大道东延线"),
            ("近万人涌入南门广场。", "南门广场"),
            ("游客来到东湖公园。", "东湖公园"),
        ] {
            let got = find(text);
            assert!(has(&got, name, "FAC"), "{text}: {got:?}");
            assert!(
                got.iter().all(|(s, _)| !s.contains('人') || s == name),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn lines_sections_and_numbered_bridges_are_facilities_in_any_context() {
        for (text, name) in [
            ("记者获悉，解放大道东延线将改造。", "解放大道东延线"),
            ("受施工影响，胜利路北段限行。", "胜利路北段"),
            ("青州地铁5号线二期工程进展顺利。", "青州地铁5号线"),
            ("市民乘坐轨道交通3号线出行。", "轨道交通3号线"),
            ("长江二桥夜间封闭施工。", "长江二桥"),
            ("107国道改造完成。", "107国道"),
        ] {
            let got = find(text);
            assert!(has(&got, name, "FAC"), "{text}: {got:?}");
        }
        // A place's market or railway is the place.
        let got = find("在日本市场找到立足点不容易，河北高速公路网正在建设。");
        assert!(has(&got, "日本", "GPE"), "{got:?}");
        assert!(has(&got, "河北", "GPE"), "{got:?}");
        assert!(got.iter().all(|(_, k)| *k != "FAC"), "{got:?}");
        // The city that runs the line is part of its name.
        let got = find("乘客在深圳地铁14号线换乘。");
        assert!(has(&got, "深圳地铁14号线", "FAC"), "{got:?}");
    }

    #[test]
    fn one_char_places_and_surnames_as_the_news_annotations_have_them() {
        let got = find("中美两国元首会晤后，李大妈说欧美球队很强。");
        assert!(has(&got, "中", "GPE"), "{got:?}");
        assert!(has(&got, "美", "GPE"), "{got:?}");
        assert!(has(&got, "欧", "LOC"), "{got:?}");
        // A one-char place inside a place word is no mention: the word is (青藏高原).
        let got = find("青藏高原东缘发生余震。");
        assert!(got.iter().all(|(s, _)| s.chars().count() > 1), "{got:?}");
    }

    #[test]
    fn a_feature_named_like_a_county_stays_a_feature() {
        let got = find("太湖蓝藻治理取得成效，天山脚下的牧民迎来丰收，浙江推进改革。");
        assert!(has(&got, "太湖", "LOC"), "{got:?}");
        assert!(has(&got, "天山", "LOC"), "{got:?}");
        assert!(has(&got, "浙江", "GPE"), "{got:?}");
    }

    #[test]
    fn clean_mentions_hold_balanced_marks_and_lists_only_in_organisations() {
        let ok = |t: &str, list: bool| clean_mention(&t.chars().collect::<Vec<_>>(), || list);
        assert!(ok("“神圣家族”教堂", false));
        assert!(ok("全国“扫黄”工作小组", false));
        assert!(ok("某某（集团）公司", false));
        assert!(ok("中国、斯洛伐克联合登山队", true));
        assert!(!ok("中国、斯洛伐克", false));
        assert!(!ok("、联合登山队", true));
        assert!(!ok("卡萨布兰卡”", false));
        assert!(!ok("”行动“", false));
        assert!(!ok("北京 上海", false));
        assert!(!ok("新华社北京，", false));
        assert!(!ok("《赫尔辛基新闻》报", false));
    }

    #[test]
    fn an_organisation_never_ends_on_an_adjective_cut_off_a_word() {
        let x = EntityExtractor::new(Vec::new());
        let text = "星河通信武汉大数据中心项目";
        let chars: Vec<char> = text.chars().collect();
        let toks = x.rules.tokens(text).unwrap_or_default();
        assert!(!x.org_like(&chars, &toks, 0, 7), "{toks:?}");
        assert!(x.org_like(&chars, &toks, 0, 4), "{toks:?}");
    }

    #[test]
    fn storm_names_stay_terms() {
        // Whatever the tagger reads in the quotes, a storm's name is a term.
        let got = find("受台风“海燕”影响，江城市暴雨。");
        assert!(has(&got, "海燕", "TERM"), "{got:?}");
    }

    /// An invented article that names its people and companies in full once and then
    /// goes on with the bare name or the short form.
    fn repeat_article() -> Article {
        Article {
            headline: Some("林海峰：云帆要做江城的好邻居".to_string()),
            paragraphs: vec![
                "本报讯 昨日，江城云帆科技股份有限公司董事长林海峰在新厂开工仪式上说，云帆将在三年内新增就业岗位两千个。".to_string(),
                "美国总统唐纳德·特朗普发表讲话。特朗普表示，关税将在下月生效。".to_string(),
                "林海峰介绍，云帆的新厂占地三百亩，员工对此充满信心。".to_string(),
            ],
            ..Article::default()
        }
    }

    #[test]
    fn names_found_once_are_found_at_their_other_occurrences() {
        let x = EntityExtractor::new(Vec::new());
        let a = repeat_article();
        let got = x.article(&a);
        let at = |field: Field, surface: &str, kind: EntityType| {
            got.iter()
                .filter(|e| e.field == field && e.surface == surface && e.kind == kind)
                .count()
        };
        // The model finds the full forms in context; the article-level pass adds the rest.
        assert_eq!(at(Field::Text, "林海峰", EntityType::Person), 2, "{got:?}");
        assert_eq!(
            at(Field::Headline, "林海峰", EntityType::Person),
            1,
            "{got:?}"
        );
        assert_eq!(at(Field::Text, "特朗普", EntityType::Person), 1, "{got:?}");
        // The short form of the company (江城 + 云帆 + 科技 + 股份有限公司): twice more in the
        // body and once in the headline.
        assert_eq!(at(Field::Text, "云帆", EntityType::Org), 2, "{got:?}");
        assert_eq!(at(Field::Headline, "云帆", EntityType::Org), 1, "{got:?}");
        for e in &got {
            let field: Vec<char> = a.field(e.field).unwrap_or_default().chars().collect();
            assert_eq!(field[e.start..e.end].iter().collect::<String>(), e.surface);
        }
    }

    #[test]
    fn shared_across_threads() {
        fn assert_sync_send<T: Sync + Send>() {}
        assert_sync_send::<EntityExtractor>();
    }

    #[test]
    fn lexicon_wins() {
        let x = EntityExtractor::new(vec![("星河湾大道".to_string(), EntityType::Org)]);
        let a = Article {
            paragraphs: vec!["车辆沿星河湾大道行驶。".to_string()],
            ..Article::default()
        };
        let got = x.article(&a);
        assert!(got
            .iter()
            .any(|e| e.surface == "星河湾大道" && e.kind == EntityType::Org));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::model::Credit;
    use proptest::prelude::*;

    /// Chars that exercise every rule: quotes and titles (balanced or not), surnames, titles,
    /// heads, digits, spaces, newlines, and any other char.
    fn text() -> impl Strategy<Value = String> {
        let pieces: Vec<&'static str> = vec![
            "“",
            "”",
            "‘",
            "’",
            "《",
            "》",
            "(",
            ")",
            "（",
            "）",
            "，",
            "。",
            "、",
            "：",
            " ",
            "\n",
            "王",
            "李",
            "欧阳",
            "省委书记",
            "记者",
            "说",
            "表示",
            "公司",
            "有限公司",
            "市",
            "县",
            "区",
            "路",
            "大道",
            "山",
            "湖",
            "中心",
            "大学",
            "部",
            "局",
            "洛",
            "城",
            "北京",
            "某",
            "总统",
            "拜登",
            "·",
            "5G",
            "100",
            "的",
            "在",
            "和",
            "协会",
            "细则",
            "报告",
            "日报社",
            "值班编委",
            "a",
            "é",
            "\u{3000}",
        ];
        let piece = prop_oneof![
            prop::sample::select(pieces).prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string())
        ];
        prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    fn extractor() -> &'static EntityExtractor {
        static X: std::sync::OnceLock<EntityExtractor> = std::sync::OnceLock::new();
        X.get_or_init(|| EntityExtractor::new(vec![("北京大学".to_string(), EntityType::Org)]))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn spans_index_their_field(body in text(), head in text(), byline in text(), a in 0usize..40, b in 0usize..40) {
            let x = extractor();
            let article = Article {
                headline: Some(head),
                byline: Some(byline),
                // Credits may be wrong; they must never cause a panic or a bad span.
                credits: vec![Credit { field: Field::Byline, start: a, end: b, name: String::new(), role: Role::Reporter }],
                paragraphs: body.split('\n').map(str::to_string).collect(),
                ..Article::default()
            };
            for e in x.article(&article) {
                let field: Vec<char> = article.field(e.field).unwrap_or_default().chars().collect();
                prop_assert!(e.start < e.end && e.end <= field.len());
                prop_assert_eq!(field[e.start..e.end].iter().collect::<String>(), e.surface);
            }
            let lines = vec![body.clone(), "值班编委 ".to_string() + &body];
            for e in x.furniture(&lines) {
                let line: Vec<char> = lines[e.line].chars().collect();
                prop_assert_eq!(line[e.start..e.end].iter().collect::<String>(), e.surface);
            }
        }
    }
}

#[cfg(test)]
mod debug {
    /// `ENT_DEBUG=text cargo test --lib entities::debug -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn show() {
        let text = std::env::var("ENT_DEBUG").unwrap_or_default();
        let x = super::EntityExtractor::new(Vec::new());
        for line in text.split('|') {
            let toks = x.rules.tokens(line).unwrap_or_default();
            let t: Vec<String> = toks.iter().map(|t| format!("{}/{}", t.w, t.tag)).collect();
            println!("{}", t.join(" "));
            let a = crate::model::Article {
                paragraphs: vec![line.to_string()],
                ..Default::default()
            };
            for e in x.article(&a) {
                println!("  {} {} {:?}", e.surface, e.kind.as_str(), e.title);
            }
        }
    }
}
