//! The inspect page: one self-contained HTML file (inline CSS, no scripts, no network)
//! rendered from a [`View`] with maud, which escapes every piece of text it is given.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::model::{
    article_label, ArticleView, Dropped, Inner, LineClass, LineView, MarkRef, Piece, View,
};
use crate::model::{EntitySpan, EntityType, NumberKind, NumberSpan};

/// Fonts that hold Chinese on the common systems, then the generic family.
pub const FONTS: &str = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \
    \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif";

/// The style sheet shared by the inspect page and the run report.
pub fn base_css() -> String {
    format!(
        "*{{box-sizing:border-box}}\
body{{font-family:{FONTS};margin:0;color:#1d2430;background:#f6f7f9;font-size:15px;line-height:1.6}}\
header{{background:#1d2a3a;color:#fff;padding:14px 22px}}\
header h1{{margin:0 0 6px;font-size:20px;font-weight:600}}\
header .sub{{color:#b9c6d6;font-size:13px}}\
dl.row{{display:flex;flex-wrap:wrap;gap:4px 18px;margin:8px 0 0;font-size:13px}}\
dl.row div{{display:flex;gap:6px}} dl.row dt{{color:#9fb0c4}} dl.row dd{{margin:0;font-weight:600}}\
h2{{font-size:16px;margin:0 0 8px}}\
.box{{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:12px 14px;margin:12px}}\
.muted{{color:#6b7685;font-size:13px}}\
table{{border-collapse:collapse}}\
code{{font-size:12px;background:#eef1f4;padding:0 4px;border-radius:3px}}\
header code{{background:#33475e;color:#fff;font-size:inherit}}"
    )
}

const CSS: &str = "\
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;font-size:13px}\
.legend .chip{padding:1px 8px;border-radius:4px;border-left:5px solid}\
.legend b{margin-right:4px}\
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0;align-items:start}\
.cols>section{margin:12px;min-width:0}\
.page{width:100%;background:#fff;border:1px solid #dde2e8;font-size:14px}\
.page td{vertical-align:top;padding:1px 6px;border-bottom:1px solid #f0f2f5}\
.page td.no{color:#8a94a3;text-align:right;font-size:12px;width:3.2em;font-variant-numeric:tabular-nums}\
.page td.art{width:3.4em;font-size:12px;font-weight:700;text-align:center}\
.page td.art a{color:#fff;text-decoration:none;border-radius:3px;padding:0 4px;display:inline-block}\
.page td.rep{width:3.6em;font-size:12px;white-space:nowrap;color:#7a4f00}\
.page td.txt{border-left:5px solid transparent;white-space:pre-wrap;word-break:break-all}\
.page tr.blank td{height:8px;padding:0;border-bottom:0}\
.brk{font-family:monospace;font-weight:700;color:#b06000}\
.frag{display:inline-block;min-width:1.5em;text-align:center;border-radius:9px;background:#7a4f00;color:#fff;font-weight:700}\
del{color:#9a3b3b;text-decoration:line-through 2px}\
.partdup{text-decoration:underline wavy #c0392b}\
.c-section{background:#f1ecfb;border-color:#7e57c2!important}\
.c-kicker{background:#fdf3e3;border-color:#e0a030!important}\
.c-headline{background:#fde7e7;border-color:#d64545!important;font-weight:700}\
.c-subheadline{background:#fdeef2;border-color:#e57399!important}\
.c-byline{background:#e6f4ea;border-color:#3c9d5d!important}\
.c-dateline{background:#e3f3f3;border-color:#26a69a!important}\
.c-subhead{background:#eef0fb;border-color:#5c6bc0!important;font-weight:600}\
.c-body{background:#fff;border-color:#c7ced8!important}\
.c-caption{background:#e8f1fb;border-color:#3d84d6!important;font-style:italic}\
.c-credit{background:#e1edf9;border-color:#1e5fa8!important}\
.c-furniture{background:#eceff1;border-color:#90a4ae!important;color:#55616d}\
.a0{background:#1e6fb8}.a1{background:#b8461e}.a2{background:#2e8b57}.a3{background:#7b3fa0}\
.a4{background:#a07a1e}.a5{background:#1e8fa0}.a6{background:#a01e5c}.a7{background:#4a5a6a}\
article{background:#fff;border:1px solid #dde2e8;border-radius:6px;margin:0 0 12px;padding:10px 14px}\
article .top{display:flex;gap:8px;align-items:center;font-size:12px;color:#6b7685;flex-wrap:wrap}\
article .id{color:#fff;font-weight:700;border-radius:3px;padding:0 6px;font-size:13px}\
.tag{border:1px solid #cfd6df;border-radius:10px;padding:0 7px;font-size:12px;background:#f6f7f9}\
.tag.flag{border-color:#e0a030;background:#fdf3e3;color:#7a4f00}\
.f{margin:4px 0}\
.f .k{display:inline-block;min-width:6.5em;font-size:12px;color:#6b7685}\
.f.headline .v{font-size:18px;font-weight:700}\
.text p{margin:6px 0;text-indent:0}\
.text p .pl{font-size:11px;color:#9aa4b1;margin-right:6px}\
mark{background:none;color:inherit;padding:0 1px;border-radius:2px}\
mark.num{border-bottom:2px solid #e08a00;background:#fff4e0}\
mark.ent{border:1px solid;border-radius:3px}\
mark.e-person{border-color:#d64545;background:#fdecec}\
mark.e-org{border-color:#1e6fb8;background:#e8f1fb}\
mark.e-gpe,mark.e-loc,mark.e-fac{border-color:#2e8b57;background:#e6f4ea}\
mark.e-work,mark.e-law,mark.e-term{border-color:#7b3fa0;background:#f1ecfb}\
mark mark{margin:0 1px}\
.warn{color:#9a3b3b}\
.err{background:#fdecec;border-color:#d64545}";

/// Renders the inspect page of one issue.
pub fn render(view: &View) -> String {
    let rec = &view.issue;
    let title = format!("baozhi inspect — {}", rec.source);
    let markup = html! {
        (DOCTYPE)
        html lang="zh-Hans" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // No scripts, nothing fetched: the page works opened from disk.
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                title { (title) }
                style { (PreEscaped(base_css())) (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "What baozhi made of " code { (rec.source) } }
                    div.sub { "Left: the page as read, one row per line. Right: the articles as written to the tables. Hover a mark for its details." }
                    (issue_row(view))
                }
                @if let Some(e) = &rec.error {
                    div.box.err { b { "This file was not converted: " } (e) }
                }
                (legend())
                @if !rec.warnings.is_empty() {
                    div.box {
                        h2 { "Warnings" }
                        @for w in &rec.warnings {
                            span.tag.warn title=(warning_meaning(w)) { (w) } " "
                        }
                    }
                }
                div.cols {
                    section {
                        h2 { "The page, line by line" }
                        (page_table(view))
                        @if !view.furniture.is_empty() {
                            div.box {
                                h2 { "Furniture (issue-level lines, not articles)" }
                                @for (i, line) in view.furniture.iter().enumerate() {
                                    div.f data-furniture=(i) { (pieces(line, &[], &rec.entities)) }
                                }
                            }
                        }
                    }
                    section {
                        h2 { (plural(view.articles.len(), "article")) ", in reading order" }
                        @for (k, a) in view.articles.iter().enumerate() {
                            (article(k, a))
                        }
                    }
                }
            }
        }
    };
    markup.into_string()
}

fn issue_row(view: &View) -> Markup {
    let rec = &view.issue;
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".to_string());
    let cells: Vec<(&str, String)> = vec![
        ("issue_id", rec.issue_id.clone()),
        ("paper", or_dash(rec.paper.clone())),
        ("date", or_dash(rec.date.clone())),
        ("year", or_dash(rec.year.map(|y| y.to_string()))),
        ("encoding", or_dash(rec.encoding.map(|e| e.to_string()))),
        ("chars", rec.chars.to_string()),
        ("articles", view.articles.len().to_string()),
        ("numbers", view.numbers.to_string()),
        ("entities", view.entities.to_string()),
        ("warnings", rec.warnings.len().to_string()),
        (
            "status",
            if rec.error.is_some() { "error" } else { "ok" }.to_string(),
        ),
    ];
    html! {
        dl.row {
            @for (k, v) in &cells {
                div { dt { (k) } dd data-issue=(k) { (v) } }
            }
        }
    }
}

fn legend() -> Markup {
    html! {
        div.box {
            h2 { "How to read this page" }
            div.legend {
                b { "Line classes:" }
                @for c in LineClass::ALL {
                    span class={ "chip c-" (c.css()) } title=(c.meaning()) { (c.css()) }
                }
            }
            div.legend style="margin-top:6px" {
                b { "Repairs:" }
                span { span.art { a.a0 style="color:#fff;padding:0 4px;border-radius:3px" { "a01" } } " article the line went to" }
                span { del { "struck" } " dropped: repeats earlier text" }
                span { span.partdup { "wavy" } " part of the line dropped as a repeat" }
                span { span.brk { "┌ │ └" } " lines joined into one paragraph" }
                span { span.frag { "2" } " fragment moved: its place in reading order" }
            }
            div.legend style="margin-top:6px" {
                b { "Marks:" }
                mark.num { "12万亩" } span { "number (kind, value, unit)" }
                mark.ent.e-person { "人名" } span { "person" }
                mark.ent.e-org { "机构" } span { "organisation" }
                mark.ent.e-gpe { "地名" } span { "place, facility" }
                mark.ent.e-term { "《作品》" } span { "work, law, term" }
            }
        }
    }
}

fn page_table(view: &View) -> Markup {
    html! {
        table.page {
            @for line in &view.lines {
                (line_row(line))
            }
        }
    }
}

fn line_row(line: &LineView) -> Markup {
    let Some(class) = line.class else {
        return html! { tr.blank id={ "L" (line.no) } { td.no {} td.art {} td.rep {} td.txt {} } };
    };
    let row_title = line_title(line, class);
    html! {
        tr id={ "L" (line.no) } data-line=(line.no) data-class=(class.css()) data-article=[line.article.map(article_label)] title=(row_title) {
            td.no { (line.no) }
            td.art {
                @if let Some(k) = line.article {
                    a class={ "a" (k % 8) } href={ "#" (article_label(k)) } { (article_label(k)) }
                }
            }
            td.rep {
                @if let Some(j) = line.join {
                    span.brk { (bracket(j.part, j.parts)) "¶" (j.paragraph) }
                }
                @if let Some(n) = line.fragment {
                    " " span.frag { (n) }
                }
            }
            td class={ "txt c-" (class.css()) } {
                @match line.dropped {
                    Some(Dropped::Whole) => del { (line.text) },
                    Some(Dropped::Part) => span.partdup { (line.text) },
                    None => (line.text),
                }
            }
        }
    }
}

fn bracket(part: usize, parts: usize) -> &'static str {
    if part == 1 {
        "┌"
    } else if part == parts {
        "└"
    } else {
        "│"
    }
}

/// What the row's tooltip says, in words.
fn line_title(line: &LineView, class: LineClass) -> String {
    let mut t = format!("line {}: {}", line.no, class.meaning());
    if let Some(k) = line.article {
        t.push_str(&format!(", in article {}", article_label(k)));
    }
    match line.dropped {
        Some(Dropped::Whole) => t.push_str("; dropped: it repeats text printed earlier"),
        Some(Dropped::Part) => t.push_str("; part of it repeats earlier text and was dropped"),
        None => {}
    }
    if let Some(j) = line.join {
        t.push_str(&format!(
            "; joined into paragraph {} (part {} of {})",
            j.paragraph, j.part, j.parts
        ));
    }
    if let Some(n) = line.fragment {
        t.push_str(&format!("; fragment {n} in reading order"));
    }
    t
}

fn article(k: usize, a: &ArticleView) -> Markup {
    html! {
        article id=(a.id) data-article=(a.id) {
            div.top {
                span class={ "id a" (k % 8) } { (a.id) }
                span.tag title="kind" { (a.kind) }
                @if let Some(s) = &a.section {
                    span.tag title="section" { "section: " span data-field="section" { (s) } }
                }
                span title="source_lines: raw lines the article was built from" { "lines " (a.source_lines) }
                @for f in &a.flags {
                    span.tag.flag title=(flag_meaning(f)) { (f) }
                }
            }
            @for f in &a.fields {
                div class={ "f " (f.field.as_str()) } {
                    span.k { (f.field.as_str()) }
                    span.v data-field=(f.field.as_str()) { (pieces(&f.pieces, &a.numbers, &a.entities)) }
                }
            }
            @if !a.authors.is_empty() {
                div.f { span.k { "authors" } span.v data-field="authors" { (a.authors.join("、")) } }
            }
            div.text data-field="text" {
                @for (p, (ps, lines)) in a.paragraphs.iter().enumerate() {
                    p data-para=(p + 1) {
                        span.pl aria-hidden="true" title={ "paragraph " (p + 1) " from lines " (line_list(lines)) } { "¶" (p + 1) }
                        span.pt { (pieces(ps, &a.numbers, &a.entities)) }
                    }
                }
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn line_list(lines: &[u32]) -> String {
    lines
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text and marks; `numbers` and `entities` are the spans that the `MarkRef`s point into.
fn pieces(ps: &[Piece], numbers: &[NumberSpan], entities: &[EntitySpan]) -> Markup {
    html! {
        @for p in ps {
            @match p {
                Piece::Text(t) => (t),
                Piece::Mark { mark, inner } => {
                    (open_mark(*mark, numbers, entities, html! {
                        @for i in inner {
                            @match i {
                                Inner::Text(t) => (t),
                                Inner::Mark { mark, text } => (open_mark(*mark, numbers, entities, html! { (text) })),
                            }
                        }
                    }))
                }
            }
        }
    }
}

fn open_mark(
    mark: MarkRef,
    numbers: &[NumberSpan],
    entities: &[EntitySpan],
    content: Markup,
) -> Markup {
    match mark {
        MarkRef::Number(i) => match numbers.get(i) {
            Some(n) => html! {
                mark class={ "num n-" (n.kind.as_str().to_ascii_lowercase()) } data-mark={ "n" (i + 1) } data-kind=(n.kind.as_str()) title=(number_title(n)) { (content) }
            },
            None => content,
        },
        MarkRef::Entity(i) => match entities.get(i) {
            Some(e) => html! {
                mark class={ "ent e-" (e.kind.as_str().to_ascii_lowercase()) } data-mark={ "e" (i + 1) } data-kind=(e.kind.as_str()) title=(entity_title(e)) { (content) }
            },
            None => content,
        },
    }
}

/// `MONEY · value 2480 · unit 亿元`: the columns of the numbers row that are set.
pub fn number_title(n: &NumberSpan) -> String {
    let mut parts = vec![format!(
        "{} ({})",
        n.kind.as_str(),
        number_kind_words(n.kind)
    )];
    match (n.value, n.value_max) {
        (Some(v), Some(m)) => parts.push(format!("value {v} to {m}")),
        (Some(v), None) => parts.push(format!("value {v}")),
        _ => {}
    }
    if let Some(u) = &n.unit {
        parts.push(format!("unit {u}"));
    }
    if let Some(q) = n.qualifier {
        parts.push(format!("qualifier {}", q.as_str()));
    }
    if let Some(d) = &n.date {
        parts.push(format!("date {d}"));
    }
    parts.join(" · ")
}

fn number_kind_words(k: NumberKind) -> &'static str {
    match k {
        NumberKind::Money => "amount of money",
        NumberKind::Percent => "percentage",
        NumberKind::Quantity => "measured quantity",
        NumberKind::Cardinal => "count",
        NumberKind::Ordinal => "rank or order",
        NumberKind::Date => "date",
        NumberKind::Time => "time of day",
    }
}

/// `PERSON (person) · role reporter · title 市长`.
pub fn entity_title(e: &EntitySpan) -> String {
    let words = match e.kind {
        EntityType::Person => "person",
        EntityType::Org => "organisation",
        EntityType::Gpe => "country, province, city",
        EntityType::Loc => "place",
        EntityType::Fac => "building, road, facility",
        EntityType::Work => "title of a work",
        EntityType::Law => "law or regulation",
        EntityType::Term => "named campaign or term",
    };
    let mut parts = vec![format!("{} ({words})", e.kind.as_str())];
    if let Some(r) = e.role {
        parts.push(format!("role {}", r.as_str()));
    }
    if let Some(t) = &e.title {
        parts.push(format!("title {t}"));
    }
    parts.join(" · ")
}

fn flag_meaning(flag: &str) -> &'static str {
    match flag {
        "headline-attached" => "the headline stood apart from its text and was attached to it",
        "reordered" => "fragments were put in another order than printed",
        "joined" => "paragraphs broken over lines or columns were joined",
        "deduplicated" => "text repeated from earlier on the page was dropped",
        "truncated" => "a paragraph stops mid-sentence with nothing on the page to finish it",
        _ => "repair flag",
    }
}

/// What a warning code means, for its tooltip.
pub fn warning_meaning(warning: &str) -> &'static str {
    match warning.split(':').next().unwrap_or("") {
        "duplicate-fragment" => "text of this line repeats earlier text and was dropped",
        "truncated" => "this article stops mid-sentence",
        "line-too-long" => "a very long line was split into paragraphs",
        "too-many-blocks" => "the page was assembled in windows",
        "repair-limit" => "layout repair stopped at its limit in this article",
        _ => "warning",
    }
}
