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
    let fields =
        |f: baozhi::model::Field| -> String { a.field(f).unwrap_or_default().into_owned() };
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

mod no_panic {
    //! Random pages built from newspaper-like pieces: the stages never panic, and every
    //! paragraph of every article is made of text that stood in the input.
    use super::*;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("本报讯（记者 张 三 通讯员 李四）".to_string()),
            Just("新华社北京6月1日电(记者 王五)".to_string()),
            Just("江城日报社(通讯员 文 静)3月2日".to_string()),
            Just("■本报记者 赵 六".to_string()),
            Just("■本报评论员".to_string()),
            Just("■孙七 摄".to_string()),
            Just("——副题在此".to_string()),
            Just("社论".to_string()),
            Just("扫码看专题".to_string()),
            Just("值班编委 周八".to_string()),
            Just("图为".to_string()),
            Just("(吴 刚 刘星)".to_string()),
            Just("（".to_string()),
            Just("）".to_string()),
            Just("。".to_string()),
            Just("，".to_string()),
            Just(" ".to_string()),
            "[\\u{4e00}-\\u{4e20}]{1,30}",
            "[\\u{4e00}-\\u{4e10}，。、“”！]{1,60}",
            "[0-9a-z（）()■—]{0,5}",
        ]
    }

    fn page() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::collection::vec(piece(), 0..4), 0..40).prop_map(|lines| {
            lines
                .into_iter()
                .map(|l| l.concat())
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Whether `para` can be cut into pieces each found in some input line (joins and
    /// two-line subheads glue pieces, a space may sit between them).
    fn from_input(para: &str, lines: &[String]) -> bool {
        let chars: Vec<char> = para.chars().collect();
        let mut at = 0;
        while at < chars.len() {
            if chars[at] == ' ' {
                at += 1;
                continue;
            }
            let longest = (at + 1..=chars.len()).rev().find(|&e| {
                let s: String = chars[at..e].iter().collect();
                lines.iter().any(|l| l.contains(&s))
            });
            match longest {
                Some(e) => at = e,
                None => return false,
            }
        }
        true
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn stages_never_panic_and_text_comes_from_input(text in page()) {
            let page = normalize::normalize(&text);
            let layout = articles::assemble(&blocks::classify(&page));
            let lines: Vec<String> = page.lines.iter().map(|l| l.text.clone()).collect();
            for a in &layout.articles {
                for p in &a.paragraphs {
                    prop_assert!(!p.is_empty(), "empty paragraph in {:?}", a);
                    prop_assert!(from_input(p, &lines), "paragraph not from input: {p:?}");
                }
                for c in &a.credits {
                    let field = a.field(c.field).unwrap_or_default();
                    prop_assert!(c.start < c.end && c.end <= field.chars().count());
                }
            }
        }
    }
}
