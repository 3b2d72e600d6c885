//! The plain data types every stage shares.
//!
//! Each stage is a pure function from one of these values to the next:
//! `Decoded` → `Page` → `Vec<Block>` → `Layout` → `Vec<NumberSpan>` / `Vec<EntitySpan>`.
//! Offsets are part of the model: every span carries the article field it indexes and
//! code-point offsets into it, so a row can always be checked against its text.

use std::borrow::Cow;
use std::fmt;

/// Text encodings the decoder recognises; names are the ones written to `issues.encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
    /// Big5 as the WHATWG Encoding Standard reads it (Big5-HKSCS), traditional characters.
    Big5,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Big5 => "Big5",
        }
    }

    /// Parses a user-given name (`--encoding`); GBK and GB2312 are read as GB18030,
    /// Big5-HKSCS and CP950 as Big5.
    pub fn parse(name: &str) -> Option<Encoding> {
        let n = name.trim().to_ascii_lowercase().replace(['-', '_'], "");
        match n.as_str() {
            "utf8" => Some(Encoding::Utf8),
            "utf16le" => Some(Encoding::Utf16Le),
            "utf16be" => Some(Encoding::Utf16Be),
            "gb18030" | "gbk" | "gb2312" | "cp936" => Some(Encoding::Gb18030),
            "big5" | "big5hkscs" | "cp950" => Some(Encoding::Big5),
            _ => None,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Output of the decode stage: the text as decoded, before any normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// `encoding-guess:ENCODING` when detection could not tell the legacy encodings apart
    /// with confidence and picked `encoding`.
    pub guess_warning: Option<String>,
}

impl Decoded {
    pub fn new(text: String, encoding: Encoding) -> Decoded {
        Decoded {
            text,
            encoding,
            guess_warning: None,
        }
    }
}

/// One line of the normalized page. `no` is the 1-based line number in the raw input,
/// kept through normalization for provenance (`source_lines`, warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: u32,
    pub text: String,
}

/// Output of the normalize stage: every line of the input (blank ones included, as empty
/// strings), normalized.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub lines: Vec<Line>,
}

impl Page {
    /// Code points of the normalized text, lines joined with `\n`.
    pub fn chars(&self) -> usize {
        let chars: usize = self.lines.iter().map(|l| l.text.chars().count()).sum();
        chars + self.lines.len().saturating_sub(1)
    }
}

/// Block classes of extraction.md section 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockClass {
    Headline,
    Kicker,
    Subheadline,
    Byline,
    Credit,
    Caption,
    Section,
    Subhead,
    Body,
    Furniture,
}

/// A non-empty line and its class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based raw line number.
    pub line: u32,
    pub text: String,
    pub class: BlockClass,
    /// Blank lines between this block and the previous one (or the page start); two or
    /// more often mark a jump between page zones.
    pub blank_before: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArticleKind {
    News,
    Commentary,
    Photo,
    Other,
}

impl ArticleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::News => "news",
            ArticleKind::Commentary => "commentary",
            ArticleKind::Photo => "photo",
            ArticleKind::Other => "other",
        }
    }
}

/// Repair flags of the articles table, a fixed vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    HeadlineAttached,
    Reordered,
    Joined,
    Deduplicated,
    Truncated,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::HeadlineAttached => "headline-attached",
            Flag::Reordered => "reordered",
            Flag::Joined => "joined",
            Flag::Deduplicated => "deduplicated",
            Flag::Truncated => "truncated",
        }
    }
}

/// The article (or furniture) field a span indexes. The order of the variants is the order
/// used to number rows within an article (`seq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Kicker,
    Headline,
    Subheadline,
    Byline,
    Dateline,
    Text,
    /// An issue-level furniture line; `Span::line` says which one.
    Furniture,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Kicker => "kicker",
            Field::Headline => "headline",
            Field::Subheadline => "subheadline",
            Field::Byline => "byline",
            Field::Dateline => "dateline",
            Field::Text => "text",
            Field::Furniture => "furniture",
        }
    }
}

/// Roles of persons named in bylines, datelines, credits and furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Reporter,
    Correspondent,
    Commentator,
    Photographer,
    Editor,
    /// 实习生: a student or trainee credited beside the reporters.
    Intern,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reporter => "reporter",
            Role::Correspondent => "correspondent",
            Role::Commentator => "commentator",
            Role::Photographer => "photographer",
            Role::Editor => "editor",
            Role::Intern => "intern",
        }
    }
}

/// A person credited in a byline, dateline or photo credit, found while assembling articles.
/// `start..end` are code-point offsets of the name as printed (padding space included:
/// `周 健`) in `field`; `name` is the name without padding (`周健`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub field: Field,
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub role: Role,
}

/// One article, commentary or photo item, as assembled by the articles stage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    pub kind: Option<ArticleKind>,
    pub section: Option<String>,
    pub kicker: Option<String>,
    pub headline: Option<String>,
    pub subheadline: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// Persons of byline, dateline and credit in printed order; `authors` is their names.
    pub credits: Vec<Credit>,
    pub subheads: Vec<String>,
    /// Paragraphs in reading order; `text` is them joined by `\n`.
    pub paragraphs: Vec<String>,
    /// Raw line numbers of each paragraph, in the order layout repair put them (parallel
    /// to `paragraphs`): which lines were joined into one and where moved fragments went.
    /// Provenance for `inspect`; not a column.
    pub paragraph_lines: Vec<Vec<u32>>,
    /// Raw 1-based line numbers the article was built from (any order, deduplicated on output).
    pub lines: Vec<u32>,
    pub flags: Vec<Flag>,
    /// How sure the assembly is of the article's boundaries, 0–1 (see `articles::confidence`).
    pub confidence: f64,
}

impl Article {
    pub fn kind(&self) -> ArticleKind {
        self.kind.unwrap_or(ArticleKind::News)
    }

    pub fn text(&self) -> String {
        self.paragraphs.join("\n")
    }

    /// Names of the credited persons in printed order, each once (a reporter named in both
    /// the dateline and a closing byline is one author).
    pub fn authors(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::with_capacity(self.credits.len());
        for c in &self.credits {
            if !names.contains(&c.name) {
                names.push(c.name.clone());
            }
        }
        names
    }

    /// The value of a field, for spans that index it: borrowed, except `text`, which is
    /// joined from the paragraphs.
    pub fn field(&self, field: Field) -> Option<Cow<'_, str>> {
        let value = match field {
            Field::Kicker => &self.kicker,
            Field::Headline => &self.headline,
            Field::Subheadline => &self.subheadline,
            Field::Byline => &self.byline,
            Field::Dateline => &self.dateline,
            Field::Text => return Some(Cow::Owned(self.text())),
            Field::Furniture => return None,
        };
        value.as_deref().map(Cow::Borrowed)
    }

    /// `source_lines` as printed in the articles table: sorted ranges, `3-7,51-101`.
    pub fn source_lines(&self) -> String {
        let mut lines = self.lines.clone();
        lines.sort_unstable();
        lines.dedup();
        let mut out = String::new();
        let mut i = 0;
        while i < lines.len() {
            let start = lines[i];
            let mut end = start;
            while i + 1 < lines.len() && lines[i + 1] == end + 1 {
                i += 1;
                end = lines[i];
            }
            if !out.is_empty() {
                out.push(',');
            }
            if start == end {
                out.push_str(&start.to_string());
            } else {
                out.push_str(&format!("{start}-{end}"));
            }
            i += 1;
        }
        out
    }

    /// Flags, sorted and deduplicated, as written.
    pub fn flag_names(&self) -> Vec<String> {
        let mut flags = self.flags.clone();
        flags.sort();
        flags.dedup();
        flags.iter().map(|f| f.as_str().to_string()).collect()
    }
}

/// Output of the articles stage for one issue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub articles: Vec<Article>,
    /// Furniture lines, in page order.
    pub furniture: Vec<String>,
    /// Warning codes with their raw line number: `duplicate-fragment:43`.
    pub warnings: Vec<String>,
    /// Paper name detected from datelines, bylines or masthead lines.
    pub paper: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberKind {
    Money,
    Percent,
    Quantity,
    Cardinal,
    Ordinal,
    Date,
    Time,
}

impl NumberKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NumberKind::Money => "MONEY",
            NumberKind::Percent => "PERCENT",
            NumberKind::Quantity => "QUANTITY",
            NumberKind::Cardinal => "CARDINAL",
            NumberKind::Ordinal => "ORDINAL",
            NumberKind::Date => "DATE",
            NumberKind::Time => "TIME",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Approx,
    Nearly,
    Over,
    AtLeast,
    Under,
    AtMost,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Approx => "approx",
            Qualifier::Nearly => "nearly",
            Qualifier::Over => "over",
            Qualifier::AtLeast => "at_least",
            Qualifier::Under => "under",
            Qualifier::AtMost => "at_most",
        }
    }
}

/// A numeric expression found in one field of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberSpan {
    pub field: Field,
    /// Code-point offsets into the field, end exclusive.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub kind: NumberKind,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<Qualifier>,
    /// DATE only: ISO 8601 at the printed precision (`2022-02-07`, `2022-02`, `2022`, `--02-07`);
    /// the start of a range or period.
    pub date: Option<String>,
    /// DATE only: the first and last day the date covers (inclusive); null without a year.
    pub date_start: Option<chrono::NaiveDate>,
    pub date_end: Option<chrono::NaiveDate>,
    /// MONEY only: ISO 4217 code, when the currency is known.
    pub currency: Option<&'static str>,
    pub context: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Org,
    Gpe,
    Loc,
    Fac,
    Work,
    Law,
    Term,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Fac => "FAC",
            EntityType::Work => "WORK",
            EntityType::Law => "LAW",
            EntityType::Term => "TERM",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s.trim().to_ascii_uppercase().as_str() {
            "PERSON" | "PER" => EntityType::Person,
            "ORG" => EntityType::Org,
            "GPE" => EntityType::Gpe,
            "LOC" => EntityType::Loc,
            "FAC" => EntityType::Fac,
            "WORK" => EntityType::Work,
            "LAW" => EntityType::Law,
            "TERM" => EntityType::Term,
            _ => return None,
        })
    }
}

/// A named-entity mention in one field of an article, or in a furniture line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySpan {
    pub field: Field,
    /// For `Field::Furniture`: index of the furniture line in `Layout::furniture`.
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub kind: EntityType,
    pub role: Option<Role>,
    pub title: Option<String>,
}

/// Everything the pipeline knows about one input file, ready for the tables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssueRecord {
    pub issue_id: String,
    pub source: String,
    pub sha256: String,
    /// Size of the raw input in bytes (not a column; for throughput figures).
    pub bytes: u64,
    pub encoding: Option<Encoding>,
    pub paper: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where `date` came from.
    pub date_source: Option<DateSource>,
    pub year: Option<i32>,
    pub chars: u64,
    pub furniture: Vec<String>,
    pub warnings: Vec<String>,
    /// `None` when the file converted; else the one-line reason.
    pub error: Option<String>,
    pub articles: Vec<ArticleRecord>,
    /// Issue-level entity mentions (furniture).
    pub entities: Vec<EntitySpan>,
}

/// Where an issue's date comes from, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSource {
    Manifest,
    Option,
    Path,
    Page,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Manifest => "manifest",
            DateSource::Option => "option",
            DateSource::Path => "path",
            DateSource::Page => "page",
        }
    }
}

/// An article with its numbers and entities, sorted as they are written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticleRecord {
    pub article: Article,
    pub numbers: Vec<NumberSpan>,
    pub entities: Vec<EntitySpan>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(field: Field, name: &str, role: Role) -> Credit {
        Credit {
            field,
            start: 0,
            end: name.chars().count(),
            name: name.to_string(),
            role,
        }
    }

    #[test]
    fn authors_once_each_in_printed_order() {
        let article = Article {
            credits: vec![
                credit(Field::Dateline, "王明", Role::Reporter),
                credit(Field::Dateline, "李华", Role::Correspondent),
                credit(Field::Byline, "王明", Role::Reporter),
            ],
            ..Article::default()
        };
        assert_eq!(article.authors(), ["王明", "李华"]);
    }

    #[test]
    fn source_lines_as_ranges() {
        let article = Article {
            lines: vec![7, 3, 4, 5, 6, 51, 52, 9],
            ..Article::default()
        };
        assert_eq!(article.source_lines(), "3-7,9,51-52");
    }
}
