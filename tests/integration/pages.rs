//! Hand-made pages (tests/fixtures/pages/NAME.txt) run through decode → normalize → blocks →
//! articles; the whole Layout must equal NAME.expected.json: paper, furniture, warnings and
//! every article field, credits with their spans included. `BAOZHI_BLESS=1` rewrites the
//! expected files from the current output (review the diff before committing it).

use std::path::{Path, PathBuf};

use baozhi::model::{Article, Layout};
use baozhi::stages::{articles, blocks, decode, normalize};
use pretty_assertions::assert_eq;
use serde_json::{json, Value};

fn pages_dir() -> PathBuf {
    crate::util::repo().join("tests/fixtures/pages")
}

fn layout_of(bytes: &[u8]) -> Layout {
    let decoded = decode::decode(bytes, None).unwrap_or_else(|e| panic!("decode: {e}"));
    let page = normalize::normalize(&decoded.text);
    articles::assemble(&blocks::classify(&page))
}

fn article_json(a: &Article) -> Value {
    let text = a.text();
    let fields = |f: baozhi::model::Field| -> String { a.field(f).unwrap_or_default() };
    json!({
        "kind": a.kind().as_str(),
        "section": a.section,
        "kicker": a.kicker,
        "headline": a.headline,
        "subheadline": a.subheadline,
        "byline": a.byline,
        "dateline": a.dateline,
        "authors": a.authors(),
        "credits": a.credits.iter().map(|c| {
            // The span as printed, so the file shows at a glance that it indexes the field.
            let span: String = fields(c.field).chars().skip(c.start).take(c.end - c.start).collect();
            json!({"field": c.field.as_str(), "start": c.start, "end": c.end,
                   "printed": span, "name": c.name, "role": c.role.as_str()})
        }).collect::<Vec<_>>(),
        "subheads": a.subheads,
        "text": text,
        "paragraphs": a.paragraphs.len(),
        "chars": text.chars().count(),
        "source_lines": a.source_lines(),
        "flags": a.flag_names(),
    })
}

fn layout_json(l: &Layout) -> Value {
    json!({
        "paper": l.paper,
        "furniture": l.furniture,
        "warnings": l.warnings,
        "articles": l.articles.iter().map(article_json).collect::<Vec<_>>(),
    })
}

fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("tests/fixtures/pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    out.sort();
    out
}

fn expected_path(txt: &Path) -> PathBuf {
    txt.with_extension("expected.json")
}

#[test]
fn pages_give_their_expected_layout() {
    let bless = std::env::var_os("BAOZHI_BLESS").is_some();
    let pages = fixtures();
    assert!(pages.len() >= 25, "only {} fixture pages", pages.len());
    for txt in pages {
        let bytes = std::fs::read(&txt).expect("read fixture");
        let got = layout_json(&layout_of(&bytes));
        let got_text = serde_json::to_string_pretty(&got).expect("json") + "\n";
        let exp = expected_path(&txt);
        if bless {
            std::fs::write(&exp, &got_text).expect("write expected");
            continue;
        }
        let want_text = std::fs::read_to_string(&exp)
            .unwrap_or_else(|e| panic!("{}: {e} (BAOZHI_BLESS=1 writes it)", exp.display()));
        let want: Value = serde_json::from_str(&want_text).expect("expected json");
        let want_text = serde_json::to_string_pretty(&want).expect("json") + "\n";
        assert_eq!(
            want_text,
            got_text,
            "{}: the layout differs from the expected file (left: expected, right: got)",
            txt.display()
        );
    }
}

#[test]
fn credit_spans_index_their_field() {
    for txt in fixtures() {
        let l = layout_of(&std::fs::read(&txt).expect("read"));
        for a in &l.articles {
            for c in &a.credits {
                let field = a.field(c.field).unwrap_or_default();
                let span: String = field.chars().skip(c.start).take(c.end - c.start).collect();
                assert_eq!(
                    span.replace([' ', '\u{3000}'], ""),
                    c.name,
                    "{}",
                    txt.display()
                );
                assert!(c.end <= field.chars().count(), "{}", txt.display());
            }
        }
    }
}
