//! `convert --report`: a summary of a run as one HTML page with inline SVG charts.
//!
//! A batch streams its issues, so the report keeps only small aggregates: counters, a
//! bounded list of issues and errors, and name counts pruned when they grow large.

use std::collections::{BTreeMap, HashMap};

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::html::{base_css, warning_meaning};
use crate::model::{EntityType, IssueRecord};

/// Issues listed one per row; a larger run lists the first ones and says how many more.
pub const MAX_ISSUE_ROWS: usize = 2_000;
/// Errors listed with their reason.
pub const MAX_ERROR_ROWS: usize = 500;
/// Distinct names counted per group before names seen once are forgotten (the top of a
/// large archive is kept, the long tail is not).
const MAX_NAMES: usize = 50_000;
/// Upper bounds (code points) of the article-length bins; the last bin is open.
const LENGTH_BINS: [usize; 8] = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, usize::MAX];

#[derive(Debug, Clone, PartialEq, Eq)]
struct IssueLine {
    issue_id: String,
    source: String,
    articles: usize,
    numbers: usize,
    entities: usize,
    warnings: usize,
    error: bool,
}

/// The aggregates of a run, fed one issue at a time in output order.
#[derive(Debug, Default)]
pub struct Report {
    files: usize,
    /// Unchanged issues an incremental run kept from the previous run (not counted here).
    kept: usize,
    bytes: u64,
    articles: usize,
    numbers: usize,
    entities: usize,
    errors: Vec<(String, String)>,
    error_count: usize,
    warnings: BTreeMap<String, usize>,
    flags: BTreeMap<String, usize>,
    kinds: BTreeMap<&'static str, usize>,
    number_kinds: BTreeMap<&'static str, usize>,
    entity_types: BTreeMap<&'static str, usize>,
    lengths: [usize; LENGTH_BINS.len()],
    issues: Vec<IssueLine>,
    persons: Names,
    orgs: Names,
    places: Names,
    /// Issues have an inspect page at `inspect/…`.
    linked: bool,
}

/// Counts of names, bounded.
#[derive(Debug, Default)]
struct Names(HashMap<String, u64>);

impl Names {
    fn add(&mut self, name: &str) {
        if let Some(n) = self.0.get_mut(name) {
            *n += 1;
            return;
        }
        if self.0.len() >= MAX_NAMES {
            self.0.retain(|_, n| *n > 1);
            if self.0.len() >= MAX_NAMES {
                return;
            }
        }
        self.0.insert(name.to_string(), 1);
    }

    /// The most frequent names, ties in name order.
    fn top(&self, n: usize) -> Vec<(String, u64)> {
        let mut all: Vec<(&String, &u64)> = self.0.iter().collect();
        all.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        all.into_iter()
            .take(n)
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }
}

impl Report {
    /// A report whose issues link to their inspect pages (`--inspect-pages`).
    pub fn new(linked: bool) -> Report {
        Report {
            linked,
            ..Report::default()
        }
    }

    /// Notes `n` issues an incremental run kept unchanged: the report counts only the
    /// issues it converted, and says so.
    pub fn keep(&mut self, n: usize) {
        self.kept += n;
    }

    pub fn add(&mut self, rec: &IssueRecord) {
        self.files += 1;
        self.bytes += rec.bytes;
        if let Some(e) = &rec.error {
            self.error_count += 1;
            if self.errors.len() < MAX_ERROR_ROWS {
                self.errors.push((rec.source.clone(), e.clone()));
            }
        }
        for w in &rec.warnings {
            let code = w.split(':').next().unwrap_or(w);
            *self.warnings.entry(code.to_string()).or_default() += 1;
        }
        let mut numbers = 0;
        let mut entities = rec.entities.len();
        for e in &rec.entities {
            self.entity(e.kind, &e.surface);
        }
        for a in &rec.articles {
            for f in a.article.flag_names() {
                *self.flags.entry(f).or_default() += 1;
            }
            *self.kinds.entry(a.article.kind().as_str()).or_default() += 1;
            let len: usize = a.article.paragraphs.iter().map(|p| p.chars().count()).sum();
            let bin = LENGTH_BINS.iter().position(|&b| len < b).unwrap_or(0);
            self.lengths[bin] += 1;
            for n in &a.numbers {
                *self.number_kinds.entry(n.kind.as_str()).or_default() += 1;
            }
            for e in &a.entities {
                self.entity(e.kind, &e.surface);
            }
            numbers += a.numbers.len();
            entities += a.entities.len();
        }
        self.articles += rec.articles.len();
        self.numbers += numbers;
        self.entities += entities;
        if self.issues.len() < MAX_ISSUE_ROWS {
            self.issues.push(IssueLine {
                issue_id: rec.issue_id.clone(),
                source: rec.source.clone(),
                articles: rec.articles.len(),
                numbers,
                entities,
                warnings: rec.warnings.len(),
                error: rec.error.is_some(),
            });
        }
    }

    fn entity(&mut self, kind: EntityType, surface: &str) {
        *self.entity_types.entry(kind.as_str()).or_default() += 1;
        match kind {
            EntityType::Person => self.persons.add(surface),
            EntityType::Org => self.orgs.add(surface),
            EntityType::Gpe | EntityType::Loc => self.places.add(surface),
            _ => {}
        }
    }

    /// The report page.
    pub fn render(&self) -> String {
        let count = |m: &BTreeMap<String, usize>| -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> = m.iter().map(|(k, v)| (k.clone(), *v as u64)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let stat = |m: &BTreeMap<&'static str, usize>| -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> =
                m.iter().map(|(k, v)| (k.to_string(), *v as u64)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let lengths: Vec<(String, u64)> = LENGTH_BINS
            .iter()
            .enumerate()
            .map(|(i, &hi)| {
                let lo = if i == 0 { 0 } else { LENGTH_BINS[i - 1] };
                let k = |n: usize| {
                    if n >= 1000 {
                        format!("{}k", n / 1000)
                    } else {
                        n.to_string()
                    }
                };
                let label = if hi == usize::MAX {
                    format!("≥{}", k(lo))
                } else if hi <= 1000 {
                    format!("{lo}–{}", hi - 1)
                } else {
                    format!("{}–{}", k(lo), k(hi))
                };
                (label, self.lengths[i] as u64)
            })
            .collect();
        let max_articles = self.issues.iter().map(|i| i.articles).max().unwrap_or(0);
        let markup = html! {
            (DOCTYPE)
            html lang="zh-Hans" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                    title { "baozhi run report" }
                    style { (PreEscaped(base_css())) (PreEscaped(CSS)) }
                }
                body {
                    header {
                        h1 { "baozhi run report" }
                        div.sub { "What one conversion run produced. Bars show counts; hover for exact numbers." }
                        @if self.kept > 0 {
                            div.sub data-kept=(self.kept) { "An incremental run: these counts cover the issues it converted; " (self.kept) " unchanged " (if self.kept == 1 { "issue was" } else { "issues were" }) " kept from the previous run." }
                        }
                        dl.row {
                            @for (k, v) in [("files", self.files as u64), ("errors", self.error_count as u64), ("articles", self.articles as u64), ("numbers", self.numbers as u64), ("entities", self.entities as u64), ("bytes", self.bytes)] {
                                div { dt { (k) } dd data-total=(k) { (v) } }
                            }
                        }
                    }
                    div.grid {
                        div.box { h2 { "Article length (characters of text)" } (columns(&lengths)) }
                        div.box { h2 { "Articles by kind" } (bars(&stat(&self.kinds))) }
                        div.box { h2 { "Numbers by kind" } (bars(&stat(&self.number_kinds))) }
                        div.box { h2 { "Entities by type" } (bars(&stat(&self.entity_types))) }
                        div.box { h2 { "Most mentioned persons" } (bars(&self.persons.top(15))) }
                        div.box { h2 { "Most mentioned organisations" } (bars(&self.orgs.top(15))) }
                        div.box { h2 { "Most mentioned places" } (bars(&self.places.top(15))) }
                        div.box { h2 { "Repair flags on articles" } (bars(&count(&self.flags))) }
                        div.box {
                            h2 { "Warnings by code" }
                            (bars(&count(&self.warnings)))
                            @for (code, _) in &self.warnings {
                                div.muted { code { (code) } ": " (warning_meaning(code)) }
                            }
                        }
                    }
                    div.box.errors {
                        h2 { "Errors (" (self.error_count) ")" }
                        @if self.errors.is_empty() {
                            p.muted { "Every file converted." }
                        } @else {
                            table.t {
                                tr { th { "file" } th { "reason" } }
                                @for (source, reason) in &self.errors {
                                    tr { td { code { (source) } } td.reason { (reason) } }
                                }
                            }
                            @if self.error_count > self.errors.len() {
                                p.muted { "… and " (self.error_count - self.errors.len()) " more (see the issues table, status = error)." }
                            }
                        }
                    }
                    div.box {
                        h2 { "Issues" }
                        @if self.linked {
                            p.muted { "Each issue id opens its inspect page: the page line by line beside its articles." }
                        } @else {
                            p.muted { "Run with " code { "--report --inspect-pages" } " to get a page per issue, linked from here." }
                        }
                        table.t {
                            tr { th { "issue" } th { "source" } th.n { "articles" } th.n { "numbers" } th.n { "entities" } th.n { "warnings" } th {} }
                            @for i in &self.issues {
                                tr.bad[i.error] {
                                    td {
                                        @if self.linked {
                                            a href=(super::href(&i.issue_id)) { (i.issue_id) }
                                        } @else {
                                            (i.issue_id)
                                        }
                                    }
                                    td { code { (i.source) } }
                                    td.n { (i.articles) }
                                    td.n { (i.numbers) }
                                    td.n { (i.entities) }
                                    td.n { (i.warnings) }
                                    td { (spark(i.articles, max_articles)) }
                                }
                            }
                        }
                        @if self.files > self.issues.len() {
                            p.muted { "… and " (self.files - self.issues.len()) " more issues (see issues.csv)." }
                        }
                    }
                }
            }
        };
        markup.into_string()
    }
}

const CSS: &str = "\
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:0}\
.t{width:100%;font-size:13px}.t th{text-align:left;color:#6b7685;font-weight:600;border-bottom:1px solid #dde2e8}\
.t td{border-bottom:1px solid #f0f2f5;padding:2px 6px;vertical-align:top}\
.t .n{text-align:right;font-variant-numeric:tabular-nums}\
.t tr.bad td{background:#fdecec}\
.reason{color:#9a3b3b}\
svg text{font-family:inherit;font-size:12px;fill:#1d2430}\
svg .bar{fill:#3d84d6}svg .col{fill:#2e8b57}svg .spark{fill:#e0a030}";

/// A horizontal bar chart: one bar per label.
fn bars(items: &[(String, u64)]) -> Markup {
    if items.is_empty() {
        return html! { p.muted { "none" } };
    }
    let max = items.iter().map(|i| i.1).max().unwrap_or(1).max(1);
    let row = 20;
    let (label_w, bar_w) = (150.0, 180.0);
    let height = items.len() * row + 4;
    html! {
        svg width="380" height=(height) viewBox={ "0 0 380 " (height) } role="img" {
            @for (i, (label, n)) in items.iter().enumerate() {
                @let y = i * row;
                @let w = (*n as f64 / max as f64 * bar_w).max(1.0);
                g {
                    title { (label) ": " (n) }
                    text x=(label_w - 6.0) y=(y + 14) text-anchor="end" { (clip(label, label_w - 10.0)) }
                    rect.bar x=(label_w) y=(y + 3) width=(format!("{w:.1}")) height=(row - 6) {}
                    text x=(label_w + w + 4.0) y=(y + 14) { (n) }
                }
            }
        }
    }
}

/// A column chart (the length histogram).
fn columns(items: &[(String, u64)]) -> Markup {
    let max = items.iter().map(|i| i.1).max().unwrap_or(1).max(1);
    let (col, h) = (46usize, 120.0);
    let width = items.len() * col + 10;
    html! {
        svg width=(width) height="170" viewBox={ "0 0 " (width) " 170" } role="img" {
            @for (i, (label, n)) in items.iter().enumerate() {
                @let x = 5 + i * col;
                @let bh = *n as f64 / max as f64 * h;
                g {
                    title { (label) " characters: " (n) " articles" }
                    rect.col x=(x + 4) y=(format!("{:.1}", 20.0 + h - bh)) width=(col - 8) height=(format!("{bh:.1}")) {}
                    text x=(x + col / 2) y=(format!("{:.1}", 16.0 + h - bh)) text-anchor="middle" { (n) }
                    text x=(x + col / 2) y="158" text-anchor="middle" font-size="10" { (label) }
                }
            }
        }
    }
}

/// A small inline bar for a table cell.
fn spark(n: usize, max: usize) -> Markup {
    let w = if max == 0 {
        0.0
    } else {
        n as f64 / max as f64 * 80.0
    };
    html! {
        svg width="82" height="10" { rect.spark x="0" y="1" width=(format!("{w:.1}")) height="8" {} }
    }
}

/// As much of `s` as fits in about `width` pixels at 12px (CJK twice as wide as Latin),
/// with an ellipsis when cut.
fn clip(s: &str, width: f64) -> String {
    let w = |c: char| if c.is_ascii() { 6.6 } else { 12.0 };
    if s.chars().map(w).sum::<f64>() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 12.0; // the ellipsis
    for c in s.chars() {
        used += w(c);
        if used > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleRecord, EntitySpan, Field};

    fn person(name: &str) -> EntitySpan {
        EntitySpan {
            field: Field::Text,
            line: 0,
            start: 0,
            end: name.chars().count(),
            surface: name.into(),
            kind: EntityType::Person,
            role: None,
            title: None,
        }
    }

    fn issue(id: &str, names: &[&str], text_len: usize) -> IssueRecord {
        IssueRecord {
            issue_id: id.into(),
            source: format!("{id}.txt"),
            warnings: vec!["truncated:a01".into(), "duplicate-fragment:4".into()],
            articles: vec![ArticleRecord {
                article: Article {
                    paragraphs: vec!["字".repeat(text_len)],
                    ..Article::default()
                },
                numbers: Vec::new(),
                entities: names.iter().map(|n| person(n)).collect(),
            }],
            ..IssueRecord::default()
        }
    }

    #[test]
    fn aggregates_counts_bins_and_names() {
        let mut r = Report::new(true);
        r.add(&issue("a", &["王明", "李华"], 150));
        r.add(&issue("b", &["王明"], 40));
        r.add(&IssueRecord {
            issue_id: "c".into(),
            source: "c.txt".into(),
            error: Some("cannot decode <b>".into()),
            ..IssueRecord::default()
        });
        assert_eq!(
            (r.files, r.articles, r.entities, r.error_count),
            (3, 2, 3, 1)
        );
        assert_eq!(r.lengths[..3], [1, 1, 0]);
        assert_eq!(r.warnings.get("truncated"), Some(&2));
        assert_eq!(
            r.persons.top(5),
            [("王明".to_string(), 2), ("李华".to_string(), 1)]
        );
        let html = r.render();
        assert!(html.contains("cannot decode &lt;b&gt;"));
        assert!(html.contains(r#"href="inspect/a.html""#));
    }

    #[test]
    fn name_counts_stay_bounded() {
        let mut n = Names::default();
        for i in 0..MAX_NAMES + 10 {
            n.add(&format!("名{i}"));
        }
        n.add("名0");
        assert!(n.0.len() <= MAX_NAMES);
    }

    #[test]
    fn issue_rows_are_capped() {
        let mut r = Report::new(false);
        for i in 0..MAX_ISSUE_ROWS + 3 {
            r.add(&issue(&i.to_string(), &[], 10));
        }
        assert_eq!(r.issues.len(), MAX_ISSUE_ROWS);
        assert!(r.render().contains("… and 3 more issues"));
    }

    #[test]
    fn labels_clipped_to_their_width() {
        assert_eq!(clip("duplicate-fragment", 140.0), "duplicate-fragment");
        assert_eq!(
            clip("城乡居民基本医疗保险服务中心", 100.0),
            "城乡居民基本医…"
        );
    }
}
