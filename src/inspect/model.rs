//! The view of one converted issue that `inspect` renders: a pure function of what the
//! pipeline produced (the page, its blocks and the issue record), with no HTML in it.
//!
//! Per raw line: its number, its class, the article it went to, whether it was dropped as a
//! duplicate, joined into a paragraph with other lines, or moved (the fragment's place in
//! reading order). Per article: its fields and paragraphs cut into text and marks (numbers
//! and entities at their offsets).

use std::collections::{BTreeSet, HashMap};

use crate::model::{Article, BlockClass, EntitySpan, Field, IssueRecord, NumberSpan};
use crate::pipeline::Trace;

/// What a line was read as: the block classes, plus `Dateline` for a body line that opens
/// with its article's dateline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineClass {
    Section,
    Kicker,
    Headline,
    Subheadline,
    Byline,
    Dateline,
    Subhead,
    Body,
    Caption,
    Credit,
    Furniture,
}

impl LineClass {
    /// All classes in legend order.
    pub const ALL: [LineClass; 11] = [
        LineClass::Section,
        LineClass::Kicker,
        LineClass::Headline,
        LineClass::Subheadline,
        LineClass::Byline,
        LineClass::Dateline,
        LineClass::Subhead,
        LineClass::Body,
        LineClass::Caption,
        LineClass::Credit,
        LineClass::Furniture,
    ];

    fn of(class: BlockClass) -> LineClass {
        match class {
            BlockClass::Headline => LineClass::Headline,
            BlockClass::Kicker => LineClass::Kicker,
            BlockClass::Subheadline => LineClass::Subheadline,
            BlockClass::Byline => LineClass::Byline,
            BlockClass::Credit => LineClass::Credit,
            BlockClass::Caption => LineClass::Caption,
            BlockClass::Section => LineClass::Section,
            BlockClass::Subhead => LineClass::Subhead,
            BlockClass::Body => LineClass::Body,
            BlockClass::Furniture => LineClass::Furniture,
        }
    }

    /// CSS class name (also the key of the legend).
    pub fn css(self) -> &'static str {
        match self {
            LineClass::Section => "section",
            LineClass::Kicker => "kicker",
            LineClass::Headline => "headline",
            LineClass::Subheadline => "subheadline",
            LineClass::Byline => "byline",
            LineClass::Dateline => "dateline",
            LineClass::Subhead => "subhead",
            LineClass::Body => "body",
            LineClass::Caption => "caption",
            LineClass::Credit => "credit",
            LineClass::Furniture => "furniture",
        }
    }

    /// What the legend says of it.
    pub fn meaning(self) -> &'static str {
        match self {
            LineClass::Section => "column or section label",
            LineClass::Kicker => "line above the headline",
            LineClass::Headline => "headline",
            LineClass::Subheadline => "line below the headline",
            LineClass::Byline => "reporters, authors",
            LineClass::Dateline => "本报讯 opening of the text",
            LineClass::Subhead => "heading inside the text",
            LineClass::Body => "article text",
            LineClass::Caption => "photo caption",
            LineClass::Credit => "photo credit",
            LineClass::Furniture => "page furniture (not an article)",
        }
    }
}

/// What layout repair did to a line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// All of its text repeated earlier text and was dropped.
    Whole,
    /// Part of it did.
    Part,
}

/// A line's place in a paragraph built from several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Join {
    /// 1-based paragraph number within the article.
    pub paragraph: usize,
    /// 1-based place of the line in the paragraph, and how many lines it has.
    pub part: usize,
    pub parts: usize,
}

/// One raw line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineView {
    pub no: u32,
    pub text: String,
    /// `None` for a blank line.
    pub class: Option<LineClass>,
    /// Index into `View::articles`.
    pub article: Option<usize>,
    pub dropped: Option<Dropped>,
    pub join: Option<Join>,
    /// When the article's fragments were put in another order than the page's: the
    /// 1-based place of this line's fragment in reading order.
    pub fragment: Option<usize>,
}

/// A number or entity found in the text, by index into the article's (or issue's) spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkRef {
    Number(usize),
    Entity(usize),
}

/// A run of text inside at most two levels of marks (an entity holding a number, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Mark { mark: MarkRef, inner: Vec<Inner> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inner {
    Text(String),
    Mark { mark: MarkRef, text: String },
}

/// An article field as printed (kicker, headline, …) with its marks.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldView {
    pub field: Field,
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticleView {
    /// `a01`, `a02`, … as in `article_id`.
    pub id: String,
    pub kind: &'static str,
    pub section: Option<String>,
    /// Kicker, headline, subheadline, byline, dateline: those the article has.
    pub fields: Vec<FieldView>,
    pub authors: Vec<String>,
    pub flags: Vec<String>,
    pub source_lines: String,
    /// Paragraphs of the text in reading order, with the raw lines each was built from.
    pub paragraphs: Vec<(Vec<Piece>, Vec<u32>)>,
    pub numbers: Vec<NumberSpan>,
    pub entities: Vec<EntitySpan>,
}

/// Everything the inspect page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub issue: IssueRecord,
    pub lines: Vec<LineView>,
    pub articles: Vec<ArticleView>,
    /// Furniture lines with their entity marks (indices into `issue.entities`).
    pub furniture: Vec<Vec<Piece>>,
    pub numbers: usize,
    pub entities: usize,
}

/// `a01` for the first article.
pub fn article_label(index: usize) -> String {
    format!("a{:02}", index + 1)
}

/// Builds the view of one issue from the pipeline's record and trace.
pub fn build(rec: &IssueRecord, trace: &Trace) -> View {
    let class_of: HashMap<u32, BlockClass> =
        trace.blocks.iter().map(|b| (b.line, b.class)).collect();
    let duplicates: BTreeSet<u32> = rec
        .warnings
        .iter()
        .filter_map(|w| w.strip_prefix("duplicate-fragment:"))
        .filter_map(|n| n.parse().ok())
        .collect();
    let mut article_of: HashMap<u32, usize> = HashMap::new();
    let mut in_paragraph: HashMap<u32, usize> = HashMap::new();
    let mut join: HashMap<u32, Join> = HashMap::new();
    let mut fragment: HashMap<u32, usize> = HashMap::new();
    for (k, a) in rec.articles.iter().enumerate() {
        let a = &a.article;
        for &l in &a.lines {
            article_of.entry(l).or_insert(k);
        }
        for (p, lines) in a.paragraph_lines.iter().enumerate() {
            for (i, &l) in lines.iter().enumerate() {
                in_paragraph.entry(l).or_insert(k);
                let subheads = lines
                    .iter()
                    .all(|l| class_of.get(l) == Some(&BlockClass::Subhead));
                if lines.len() > 1 && !subheads {
                    join.entry(l).or_insert(Join {
                        paragraph: p + 1,
                        part: i + 1,
                        parts: lines.len(),
                    });
                }
            }
        }
        for (l, n) in fragments(a) {
            fragment.entry(l).or_insert(n);
        }
    }
    let datelines: HashMap<usize, &str> = rec
        .articles
        .iter()
        .enumerate()
        .filter_map(|(k, a)| a.article.dateline.as_deref().map(|d| (k, d)))
        .collect();
    let lines = trace
        .page
        .lines
        .iter()
        .map(|line| {
            let article = article_of.get(&line.no).copied();
            let mut class = class_of.get(&line.no).map(|&c| LineClass::of(c));
            if class == Some(LineClass::Body)
                && article
                    .and_then(|k| datelines.get(&k))
                    .is_some_and(|d| line.text.trim().starts_with(d))
            {
                class = Some(LineClass::Dateline);
            }
            if line.text.trim().is_empty() {
                class = None;
            }
            let dropped = duplicates.contains(&line.no).then(|| {
                if in_paragraph.contains_key(&line.no) {
                    Dropped::Part
                } else {
                    Dropped::Whole
                }
            });
            LineView {
                no: line.no,
                text: line.text.clone(),
                class,
                article: article.filter(|_| class.is_some()),
                dropped,
                join: join.get(&line.no).copied(),
                fragment: fragment.get(&line.no).copied(),
            }
        })
        .collect();
    let articles = rec
        .articles
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let art = &a.article;
            let fields = [
                Field::Kicker,
                Field::Headline,
                Field::Subheadline,
                Field::Byline,
                Field::Dateline,
            ]
            .into_iter()
            .filter_map(|f| {
                let text = art.field(f)?;
                Some(FieldView {
                    field: f,
                    pieces: pieces(&text, &marks_in(a, f, 0, usize::MAX)),
                })
            })
            .collect();
            let mut at = 0;
            let paragraphs = art
                .paragraphs
                .iter()
                .enumerate()
                .map(|(p, text)| {
                    let len = text.chars().count();
                    let marks = marks_in(a, Field::Text, at, at + len);
                    at += len + 1; // the `\n` between paragraphs
                    let lines = art.paragraph_lines.get(p).cloned().unwrap_or_default();
                    (pieces(text, &marks), lines)
                })
                .collect();
            ArticleView {
                id: article_label(k),
                kind: art.kind().as_str(),
                section: art.section.clone(),
                fields,
                authors: art.authors(),
                flags: art.flag_names(),
                source_lines: art.source_lines(),
                paragraphs,
                numbers: a.numbers.clone(),
                entities: a.entities.clone(),
            }
        })
        .collect();
    let furniture = rec
        .furniture
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let marks: Vec<(usize, usize, MarkRef)> = rec
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.field == Field::Furniture && e.line == i)
                .map(|(j, e)| (e.start, e.end, MarkRef::Entity(j)))
                .collect();
            pieces(text, &marks)
        })
        .collect();
    View {
        numbers: rec.articles.iter().map(|a| a.numbers.len()).sum(),
        entities: rec.entities.len() + rec.articles.iter().map(|a| a.entities.len()).sum::<usize>(),
        issue: rec.clone(),
        lines,
        articles,
        furniture,
    }
}

/// Marks of `field` within code points `from..to` of it, shifted to start at `from`.
fn marks_in(
    a: &crate::model::ArticleRecord,
    field: Field,
    from: usize,
    to: usize,
) -> Vec<(usize, usize, MarkRef)> {
    let numbers = a
        .numbers
        .iter()
        .enumerate()
        .map(|(i, n)| (n.field, n.start, n.end, MarkRef::Number(i)));
    let entities = a
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.field, e.start, e.end, MarkRef::Entity(i)));
    numbers
        .chain(entities)
        .filter(|&(f, s, e, _)| f == field && s < to && e > from && s < e)
        .map(|(_, s, e, m)| (s.max(from) - from, e.min(to) - from, m))
        .collect()
}

/// The fragments of an article's text in reading order, when that is not the page's order:
/// each content line with the 1-based number of its fragment. A fragment is a run of lines
/// that follow each other among the article's lines both on the page and in reading order.
fn fragments(a: &Article) -> Vec<(u32, usize)> {
    let order: Vec<u32> = a.paragraph_lines.iter().flatten().copied().collect();
    let mut on_page = order.clone();
    on_page.sort_unstable();
    on_page.dedup();
    let rank: HashMap<u32, usize> = on_page.iter().enumerate().map(|(i, &l)| (l, i)).collect();
    let mut out = Vec::with_capacity(order.len());
    let mut n = 1;
    for (i, &l) in order.iter().enumerate() {
        if i > 0 && rank.get(&l) != rank.get(&order[i - 1]).map(|r| r + 1).as_ref() {
            n += 1;
        }
        out.push((l, n));
    }
    if n == 1 {
        return Vec::new();
    }
    out
}

/// Cuts `text` into plain runs and marks. Marks are nested as far as two levels (an outer
/// mark holding inner ones); one that crosses another is cut into pieces that each carry
/// it, so every mark's pieces still join to its surface.
pub fn pieces(text: &str, marks: &[(usize, usize, MarkRef)]) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut cuts: Vec<usize> = vec![0, chars.len()];
    for &(s, e, _) in marks {
        cuts.push(s.min(chars.len()));
        cuts.push(e.min(chars.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Piece> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s == e {
            continue;
        }
        let run: String = chars[s..e].iter().collect();
        // Covering marks, outermost first (earliest start, then latest end).
        let mut cover: Vec<&(usize, usize, MarkRef)> =
            marks.iter().filter(|m| m.0 <= s && m.1 >= e).collect();
        cover.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
        match (cover.first(), cover.get(1)) {
            (None, _) => match out.last_mut() {
                Some(Piece::Text(t)) => t.push_str(&run),
                _ => out.push(Piece::Text(run)),
            },
            (Some(outer), inner) => {
                let inner = match inner {
                    Some(m) => Inner::Mark {
                        mark: m.2,
                        text: run,
                    },
                    None => Inner::Text(run),
                };
                match out.last_mut() {
                    Some(Piece::Mark { mark, inner: parts }) if *mark == outer.2 => {
                        match (parts.last_mut(), &inner) {
                            (Some(Inner::Text(t)), Inner::Text(r)) => t.push_str(r),
                            (
                                Some(Inner::Mark { mark: a, text: t }),
                                Inner::Mark { mark: b, text: r },
                            ) if a == b => t.push_str(r),
                            _ => parts.push(inner),
                        }
                    }
                    _ => out.push(Piece::Mark {
                        mark: outer.2,
                        inner: vec![inner],
                    }),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::{InputFile, Origin};
    use crate::pipeline::{convert_traced, Engine, Options};
    use crate::stages::entities::EntityExtractor;

    fn view(page: &str) -> View {
        let input = InputFile {
            origin: Origin::Stdin,
            issue_id: "t".into(),
            source: "t.txt".into(),
            paper: None,
            date: Some("2023-03-06".into()),
            error: None,
        };
        let engine = Engine::new(Options::default(), EntityExtractor::new(Vec::new()));
        let (rec, trace) = convert_traced(&engine, &input, page.as_bytes());
        build(&rec, &trace)
    }

    fn row(v: &View, no: u32) -> (Option<LineClass>, Option<String>) {
        let l = v.lines.iter().find(|l| l.no == no).expect("line");
        (l.class, l.article.map(article_label))
    }

    #[test]
    fn each_line_has_its_class_and_article() {
        let v = view(
            "春耕备耕忙\n\n本报讯（记者 王明）3月5日，全县完成春播面积12万亩。\n\n第二篇的标题\n\n本报讯 全市新建学校8所，新增学位1.2万个。\n\n责任编辑：李华",
        );
        use LineClass::*;
        let got: Vec<_> = (1..=7).map(|n| row(&v, n)).collect();
        let a = |s: &str| Some(s.to_string());
        assert_eq!(
            got,
            [
                (Some(Headline), a("a01")),
                (None, None),
                (Some(Dateline), a("a01")),
                (None, None),
                (Some(Headline), a("a02")),
                (None, None),
                (Some(Dateline), a("a02")),
            ]
        );
        assert_eq!(v.articles.len(), 2);
        assert_eq!(v.articles[1].id, "a02");
    }

    #[test]
    fn furniture_has_no_article() {
        let v = view("标题一行\n\n本报讯 正文在这里，说了一件事。\n\n责任编辑：李华 校对：王明");
        let last = v.lines.last().expect("lines");
        assert_eq!(last.class, Some(LineClass::Furniture));
        assert_eq!(last.article, None);
        assert_eq!(v.furniture.len(), 1);
    }

    #[test]
    fn split_paragraph_lines_are_joined_in_order() {
        // A paragraph broken mid-sentence over two lines is one paragraph of two parts.
        let v = view("标题\n\n本报讯 全市今年将新建一批\n学校和幼儿园，新增学位一万个。");
        let joins: Vec<_> = v.lines.iter().map(|l| l.join).collect();
        assert_eq!(
            joins,
            [
                None,
                None,
                Some(Join {
                    paragraph: 1,
                    part: 1,
                    parts: 2
                }),
                Some(Join {
                    paragraph: 1,
                    part: 2,
                    parts: 2
                }),
            ]
        );
        assert!(v.articles[0].flags.contains(&"joined".to_string()));
    }

    #[test]
    fn fragments_numbered_in_reading_order() {
        let a = Article {
            paragraph_lines: vec![vec![9, 10], vec![3], vec![4, 5]],
            ..Article::default()
        };
        assert_eq!(fragments(&a), [(9, 1), (10, 1), (3, 2), (4, 2), (5, 2)]);
        let in_order = Article {
            paragraph_lines: vec![vec![3], vec![5, 9]],
            ..Article::default()
        };
        assert_eq!(fragments(&in_order), []);
    }

    #[test]
    fn repeated_text_is_marked_dropped() {
        let long = "今年要完成老旧管网改造八十六公里，新增口袋公园十二处、绿道四十公里，打造一刻钟便民生活圈。";
        let page = format!("标题\n\n本报讯 {long}\n\n{long}\n\n另一段话到此结束。");
        let v = view(&page);
        let dropped: Vec<_> = v.lines.iter().map(|l| (l.no, l.dropped)).collect();
        assert!(dropped.contains(&(5, Some(Dropped::Whole))), "{dropped:?}");
        assert!(dropped.contains(&(3, None)));
    }

    #[test]
    fn marks_nest_and_cross() {
        let n = MarkRef::Number(0);
        let e = MarkRef::Entity(0);
        // An entity holding a number.
        assert_eq!(
            pieces("去3号线站", &[(1, 4, e), (1, 3, n)]),
            [
                Piece::Text("去".into()),
                Piece::Mark {
                    mark: e,
                    inner: vec![
                        Inner::Mark {
                            mark: n,
                            text: "3号".into()
                        },
                        Inner::Text("线".into())
                    ]
                },
                Piece::Text("站".into()),
            ]
        );
        // Crossing marks: each is cut, and its pieces join to its surface.
        let got = pieces("甲乙丙丁", &[(0, 2, e), (1, 3, n)]);
        let surface = |m: MarkRef| -> String {
            got.iter()
                .map(|p| match p {
                    Piece::Mark { mark, inner } => inner
                        .iter()
                        .map(|i| match i {
                            Inner::Text(t) if *mark == m => t.clone(),
                            Inner::Mark { mark: x, text } if *x == m || *mark == m => text.clone(),
                            _ => String::new(),
                        })
                        .collect(),
                    Piece::Text(_) => String::new(),
                })
                .collect()
        };
        assert_eq!(surface(e), "甲乙");
        assert_eq!(surface(n), "乙丙");
        // Out-of-range marks never panic.
        assert_eq!(
            pieces("甲", &[(0, 9, n)]),
            [Piece::Mark {
                mark: n,
                inner: vec![Inner::Text("甲".into())]
            }]
        );
    }
}
