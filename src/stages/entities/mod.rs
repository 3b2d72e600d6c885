//! Stage 6, entities: article fields and furniture → entity mentions (extraction.md §6).
//!
//! Each field is read on its own. Candidates come from four sources, in this order of
//! precedence: the user lexicon (`--lexicon`, longest match), the page's own structure
//! (credited persons of bylines and datelines, 《》 titles, quoted terms, the duty editor),
//! rules on jieba's segmentation (`rules`), and repeats of a person name already confirmed
//! in the same article. Within a source the longest candidate wins, so mentions come out
//! flat and outermost.
//!
//! Everything costly (jieba, the gazetteer of `data/`, word lists) is built once in
//! [`EntityExtractor::new`]; per field the work is one jieba pass plus linear scans, about
//! 24 MiB/s of page text on one core, most of it jieba's tagging (29 MiB/s alone; BENCHMARKS.md).

mod rules;

use std::borrow::Cow;

use crate::model::{Article, EntitySpan, EntityType, Field, Role};
use crate::zh::chars::{is_clause_punct, is_han, quotes_where, title_spans};
use crate::zh::lexicon::Trie;

/// A candidate mention in one field, before overlaps are resolved.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    kind: EntityType,
    /// Source precedence: 0 user lexicon, 1 structure, 2 rules, 3 repeated names.
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
            ..Cand::new(start, end, kind, 2)
        }
    }
}

/// Holds what is costly to build (jieba, gazetteer, word lists); build once, share by
/// reference across threads.
pub struct EntityExtractor {
    user: Trie<EntityType>,
    rules: rules::Rules,
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

/// Job words of furniture lines that name editors (值班编委 某某).
const EDITOR_WORDS: &[&str] = &[
    "值班编委",
    "值班总编",
    "值班主任",
    "责任编辑",
    "值班编辑",
    "总编辑",
    "责编",
    "编辑",
    "美编",
    "校对",
    "审读",
    "签发",
    "版式",
    "组版",
];

/// Endings of 《》 titles that make them laws, regulations, rules or plans (LAW, not WORK).
const LAW_ENDINGS: &[&str] = &[
    "法", "条例", "办法", "细则", "规定", "意见", "方案", "通知", "规划", "纲要", "决定", "规则",
    "准则", "章程", "公约", "条约", "协定", "法典", "守则", "规范", "决议",
];

impl EntityExtractor {
    /// `lexicon`: user entries (`--lexicon`), surface and type.
    pub fn new(lexicon: Vec<(String, EntityType)>) -> Self {
        let mut user = Trie::new();
        for (surface, kind) in &lexicon {
            if !surface.trim().is_empty() {
                user.insert(surface.trim(), *kind);
            }
        }
        EntityExtractor {
            user,
            rules: rules::Rules::new(),
        }
    }

    /// Mentions in one article's fields.
    pub fn article(&self, article: &Article) -> Vec<EntitySpan> {
        let mut texts: Vec<Cow<str>> = Vec::with_capacity(FIELDS.len());
        let mut fields: Vec<(Field, Vec<char>, Vec<Cand>)> = Vec::with_capacity(FIELDS.len());
        let mut names: Vec<Vec<char>> = Vec::new();
        let mut name: Vec<char> = Vec::new();
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
                    let mut cand = Cand::new(c.start, c.end, EntityType::Person, 1);
                    cand.role = Some(c.role);
                    cands.push(cand);
                }
            }
            // Persons of bylines and datelines come ready in `credits`; read names there only.
            let persons = !matches!(field, Field::Byline | Field::Dateline);
            self.candidates(&text, &chars, persons, &mut cands);
            for c in &cands {
                if c.kind == EntityType::Person && c.prio <= 2 {
                    name.clear();
                    name.extend(chars[c.start..c.end].iter().filter(|c| !c.is_whitespace()));
                    if name.len() >= 2 && !names.contains(&name) {
                        names.push(name.clone());
                    }
                }
            }
            texts.push(text);
            fields.push((field, chars, cands));
        }
        // A full name holds no newline, so the fields joined by newlines print it exactly
        // when one of them does: no need to join them.
        let printed = |full: &str| texts.iter().any(|t| t.contains(full));
        let mut out = Vec::new();
        let mut taken = Vec::new();
        for (field, chars, mut cands) in fields {
            cands.retain(|c| match c.needs {
                Some(n) => self.rules.full_form(n).is_some_and(printed),
                None => true,
            });
            if !matches!(field, Field::Byline | Field::Dateline) {
                repeats(&chars, &names, &mut cands);
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
            let mut cands = editors(&chars);
            self.candidates(line, &chars, false, &mut cands);
            cands.retain(|c| c.needs.is_none());
            resolve(Field::Furniture, n, &chars, cands, &mut taken, &mut out);
        }
        out
    }

    /// All candidates of one field: lexicon, titles, terms, rules.
    fn candidates(&self, text: &str, chars: &[char], persons: bool, out: &mut Vec<Cand>) {
        if !self.user.is_empty() {
            let mut i = 0;
            while i < chars.len() {
                match self.user.longest_at(chars, i) {
                    Some((len, kind)) => {
                        out.push(Cand::new(i, i + len, kind, 0));
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
                out.push(Cand::new(s, e, kind, 1));
            }
        }
        if marks {
            terms(chars, &titles, out);
        }
        if let Some(toks) = self.rules.tokens(text) {
            self.rules.candidates(chars, &toks, persons, out);
        }
    }
}

/// Whether a 《》 title (marks included) names a law, regulation, rule or plan: its last
/// word, before a bracketed note such as (试行) or （草案）, is a LAW ending.
fn is_law(title: &[char]) -> bool {
    let mut end = title.len().saturating_sub(1);
    let inner = &title[..end];
    if matches!(inner.last(), Some(')' | '）')) {
        if let Some(open) = inner.iter().rposition(|&c| c == '(' || c == '（') {
            end = open;
        }
    }
    let body: String = title[..end].iter().collect();
    LAW_ENDINGS.iter().any(|w| body.ends_with(w))
}

/// TERM candidates: the content of “…”/‘…’, 2–16 code points, no clause punctuation, not
/// inside a 《》 title. A quote that fails (a whole quoted sentence) is searched for inner
/// quotes that pass (iteratively: nesting depth is the page's to choose).
fn terms(chars: &[char], titles: &[(usize, usize)], out: &mut Vec<Cand>) {
    let accept = |body: &[char]| {
        (2..=16).contains(&body.len())
            && !body
                .iter()
                .any(|&c| is_clause_punct(c) || c == '\n' || c == '《' || c == '》')
    };
    for (s, e) in quotes_where(chars, titles, accept) {
        out.push(Cand::new(s, e, EntityType::Term, 1));
    }
}

/// Editors named in a furniture line: 值班编委 凌某, 责任编辑：张三 李四.
fn editors(chars: &[char]) -> Vec<Cand> {
    let mut out = Vec::new();
    let line: String = chars.iter().collect();
    for word in EDITOR_WORDS {
        let Some(byte) = line.find(word) else {
            continue;
        };
        let mut i = line[..byte].chars().count() + word.chars().count();
        // Names follow, separated by spaces or 、; a one-char name padded with a space is
        // the first half of a two-char name (周 健).
        while i < chars.len() {
            while i < chars.len() && matches!(chars[i], ' ' | ':' | '：' | '、' | '，' | ',') {
                i += 1;
            }
            let s = i;
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            let mut e = i;
            if e == s + 1
                && e + 1 < chars.len()
                && chars[e] == ' '
                && is_han(chars[e + 1])
                && chars.get(e + 2).is_none_or(|c| !is_han(*c))
            {
                e += 2;
                i = e;
            }
            let han = chars[s..e].iter().filter(|c| is_han(**c)).count();
            if (2..=4).contains(&han) {
                let mut c = Cand::new(s, e, EntityType::Person, 1);
                c.role = Some(Role::Editor);
                out.push(c);
            } else if e == s {
                break;
            }
        }
        break;
    }
    out
}

/// Later mentions of a person already named in the article (by credit or rule).
fn repeats(chars: &[char], names: &[Vec<char>], out: &mut Vec<Cand>) {
    for name in names {
        let n = name.len();
        let Some(&first) = name.first() else {
            continue;
        };
        let mut i = 0;
        while i + n <= chars.len() {
            // Most positions fail on the first char: test it before comparing slices.
            if chars[i] == first && chars[i..i + n] == name[..] {
                out.push(Cand::new(i, i + n, EntityType::Person, 3));
                i += n;
            } else {
                i += 1;
            }
        }
    }
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
