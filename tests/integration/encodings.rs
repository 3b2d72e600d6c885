//! Every supported encoding of the same page decodes to the same normalized text and
//! converts to the same rows.

use baozhi::model::Encoding;
use baozhi::stages::{decode, normalize};

use crate::util::*;

fn variants() -> Vec<(&'static str, Vec<u8>, Encoding)> {
    let text = String::from_utf8(sample()).expect("sample is UTF-8");
    let crlf = text.replace('\n', "\r\n");
    let cr = text.replace('\n', "\r");
    let utf16 = |le: bool, bom: bool| -> Vec<u8> {
        let mut out: Vec<u8> = match (le, bom) {
            (true, true) => vec![0xFF, 0xFE],
            (false, true) => vec![0xFE, 0xFF],
            _ => vec![],
        };
        out.extend(text.encode_utf16().flat_map(|u| {
            if le {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        }));
        out
    };
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    vec![
        ("utf8", text.as_bytes().to_vec(), Encoding::Utf8),
        ("utf8-bom", bom, Encoding::Utf8),
        ("utf8-crlf", crlf.into_bytes(), Encoding::Utf8),
        ("utf8-cr", cr.into_bytes(), Encoding::Utf8),
        ("utf16le", utf16(true, true), Encoding::Utf16Le),
        ("utf16be", utf16(false, true), Encoding::Utf16Be),
        ("utf16le-nobom", utf16(true, false), Encoding::Utf16Le),
        ("gb18030", gb.into_owned(), Encoding::Gb18030),
    ]
}

#[test]
fn every_encoding_gives_the_same_normalized_text() {
    let reference = normalize::normalize(&String::from_utf8(sample()).unwrap());
    assert!(reference.lines.len() > 50);
    for (name, bytes, encoding) in variants() {
        let decoded = decode::decode(&bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.encoding, encoding, "{name}");
        assert_eq!(normalize::normalize(&decoded.text), reference, "{name}");
    }
}

#[test]
fn every_encoding_converts_to_the_same_rows() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let all = variants();
    for (name, bytes, _) in &all {
        std::fs::write(input.join(format!("{name}.txt")), bytes).unwrap();
    }
    run_ok(
        tmp.path(),
        &["convert", "in", "-o", "out", "--format", "jsonl", "--quiet"],
        0,
    );
    let issues = jsonl(&tmp.path().join("out/issues.jsonl"));
    let mut encodings: Vec<(String, String)> = issues
        .iter()
        .map(|r| {
            (
                r["issue_id"].as_str().unwrap().to_string(),
                r["encoding"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    encodings.sort();
    let mut expected: Vec<(String, String)> = all
        .iter()
        .map(|(n, _, e)| (n.to_string(), e.as_str().to_string()))
        .collect();
    expected.sort();
    assert_eq!(encodings, expected);
    // Articles, numbers and entities differ only in their ids.
    for table in ["articles", "numbers", "entities"] {
        let rows = jsonl(&tmp.path().join(format!("out/{table}.jsonl")));
        let mut by_issue: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for mut r in rows {
            let issue = r["issue_id"].as_str().unwrap().to_string();
            let obj = r.as_object_mut().unwrap();
            for key in ["issue_id", "article_id", "number_id", "entity_id"] {
                obj.remove(key);
            }
            by_issue
                .entry(issue)
                .or_default()
                .push(serde_json::to_string(&r).unwrap());
        }
        let reference = by_issue.get("utf8").cloned().unwrap_or_default();
        for (issue, rows) in &by_issue {
            assert_eq!(rows, &reference, "{table} of {issue} differ from utf8");
        }
    }
}
