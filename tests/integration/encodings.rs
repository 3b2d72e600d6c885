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

/// A page of traditional text, written for these tests.
const TRADITIONAL: &str = "臺北市政府推動綠色交通\n\n捷運新線明年通車\n\n■本報記者 林志明\n\n本報訊 臺北市政府昨日宣佈，捷運環狀線北段工程進度已達八成，預計明年年底通車，屆時沿線居民通勤時間可縮短二十分鐘。\n\n市府交通局長表示，今年將再增設三百個公共自行車站點，並擴大電動公車車隊規模，全市電動公車比例將提高至百分之四十。\n\n「我們希望讓市民少開車、多搭乘大眾運輸。」他說。\n\n責任編輯 陳美玲\n";

/// Simplified text whose GBK bytes are valid Big5 too (checked below).
const LOOKS_LIKE_BIG5: &str = "据了解，今年市计划种植早稻80万亩，目前已完成育秧面积的九成以上。\n\n此次改造重点解决管网老化、路面破损、停车难等问题，同步加装电梯、建设充电设施。\n";

fn encode(text: &str, enc: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{} cannot encode the page", enc.name());
    bytes.into_owned()
}

/// Big5 pages are detected and decoded; GBK pages stay GB18030, also those whose bytes are
/// valid Big5; a page too short to tell gets `encoding-guess`.
#[test]
fn big5_is_told_from_gbk() {
    let gbk_bytes = encode(LOOKS_LIKE_BIG5, encoding_rs::GBK);
    assert!(
        encoding_rs::BIG5
            .decode_without_bom_handling_and_without_replacement(&gbk_bytes)
            .is_some(),
        "the GBK page must be valid Big5 too, or it tests nothing"
    );
    let big5_bytes = encode(TRADITIONAL, encoding_rs::BIG5);
    assert!(encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&big5_bytes)
        .is_some());
    let short = "臺北訊 市政府今日宣佈新措施。\n";
    // (case, bytes, text, encoding, warning)
    type Case = (
        &'static str,
        Vec<u8>,
        &'static str,
        Encoding,
        Option<&'static str>,
    );
    let cases: [Case; 4] = [
        (
            "traditional in Big5",
            big5_bytes,
            TRADITIONAL,
            Encoding::Big5,
            None,
        ),
        (
            "traditional in GBK",
            encode(TRADITIONAL, encoding_rs::GBK),
            TRADITIONAL,
            Encoding::Gb18030,
            None,
        ),
        (
            "GBK valid as Big5",
            gbk_bytes,
            LOOKS_LIKE_BIG5,
            Encoding::Gb18030,
            None,
        ),
        (
            "short Big5",
            encode(short, encoding_rs::BIG5),
            short,
            Encoding::Big5,
            Some("encoding-guess:Big5"),
        ),
    ];
    for (name, bytes, text, encoding, warning) in cases {
        let decoded = decode::decode(&bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (
                decoded.encoding,
                decoded.text.as_str(),
                decoded.guess_warning.as_deref()
            ),
            (encoding, text, warning),
            "{name}"
        );
    }
}

/// Through the binary: a Big5 page converts to the rows of its UTF-8 original, with
/// `encoding = Big5`; `--encoding BIG5` is accepted; a short page carries the warning.
#[test]
fn big5_pages_convert_like_their_utf8_original() {
    let tmp = tempdir();
    let dir = tmp.path();
    std::fs::write(dir.join("big5.txt"), encode(TRADITIONAL, encoding_rs::BIG5)).unwrap();
    std::fs::write(dir.join("utf8.txt"), TRADITIONAL).unwrap();
    let short = encode("臺北訊 市政府今日宣佈新措施。\n", encoding_rs::BIG5);
    std::fs::write(dir.join("short.txt"), &short).unwrap();
    let args = [
        "convert",
        "big5.txt",
        "utf8.txt",
        "short.txt",
        "-o",
        "out",
        "--format",
        "jsonl",
        "--quiet",
    ];
    run_ok(dir, &args, 0);
    let issues = jsonl(&dir.join("out/issues.jsonl"));
    let got: Vec<(&str, &str, String)> = issues
        .iter()
        .map(|r| {
            (
                r["issue_id"].as_str().unwrap(),
                r["encoding"].as_str().unwrap(),
                r["warnings"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("big5", "Big5", "[]".to_string()),
            ("short", "Big5", r#"["encoding-guess:Big5"]"#.to_string()),
            ("utf8", "UTF-8", "[]".to_string()),
        ]
    );
    let articles = jsonl(&dir.join("out/articles.jsonl"));
    let texts = |id: &str| -> Vec<String> {
        articles
            .iter()
            .filter(|a| a["issue_id"] == id)
            .map(|a| format!("{} / {}", a["headline"], a["text"]))
            .collect()
    };
    assert!(!texts("big5").is_empty());
    assert_eq!(texts("big5"), texts("utf8"));
    // Forced: the short page, no guess.
    let args = [
        "convert",
        "short.txt",
        "-o",
        "forced",
        "--format",
        "jsonl",
        "--quiet",
        "--encoding",
        "BIG5",
    ];
    run_ok(dir, &args, 0);
    let row = &jsonl(&dir.join("forced/issues.jsonl"))[0];
    assert_eq!(
        (
            row["encoding"].as_str(),
            row["warnings"].to_string().as_str()
        ),
        (Some("Big5"), "[]")
    );
}
