//! Issue 12: one hostile file never takes down a batch. Every paired mark nested 100,000
//! deep in every field a page can hold it, huge runs of lines, paragraphs, digits, ■ and
//! names, each converted in one batch next to the sample page at `--jobs 1` and `--jobs 4`:
//! each gets an ok row or a one-line error row, the sample keeps its 5 articles, exactly as
//! converted alone. A panic injected into any stage (debug builds only) becomes that file's
//! error row and the batch goes on.
//!
//! The hostile files are batched into one invocation per `--jobs` value: about 60 MB of
//! pages, some 40 s of CPU in a debug build for each.

use std::path::Path;

use baozhi::inputs::{InputFile, Origin};
use baozhi::pipeline::{self, Engine, Options};
use baozhi::stages::entities::EntityExtractor;
use serde_json::Value;

use crate::robust::{assert_nothing_lost, issues_by_id, wait_or_fail};
use crate::util::*;

const DEPTH: usize = 100_000;

/// The paired marks of issue 12.
const PAIRS: [(&str, &str, &str); 11] = [
    ("dq", "“", "”"),
    ("sq", "‘", "’"),
    ("title", "《", "》"),
    ("angle", "〈", "〉"),
    ("fparen", "（", "）"),
    ("paren", "(", ")"),
    ("lent", "【", "】"),
    ("corner", "「", "」"),
    ("wcorner", "『", "』"),
    ("bracket", "[", "]"),
    ("brace", "{", "}"),
];

/// A page holding `x` in one field; the other lines make the field what it is.
fn in_field(field: &str, x: &str) -> String {
    match field {
        "headline" => format!("{x}\n\n本报讯 今天天气很好，市民纷纷出游。\n"),
        "kicker" => format!("{x}\n\n春耕备耕正当时\n\n本报讯 今天天气很好，市民纷纷出游。\n"),
        "byline" => {
            format!("春耕备耕正当时\n\n■本报记者 {x}\n\n本报讯 今天天气很好，市民纷纷出游。\n")
        }
        "dateline" => {
            format!("春耕备耕正当时\n\n本报北京3月5日电（记者 {x}）今天天气很好，市民纷纷出游。\n")
        }
        "caption" => format!("4月16日，游客在景区拍照{x}。\n\n■记者 方 圆 摄\n"),
        "body" => format!("春耕备耕正当时\n\n本报讯 今天天气很好，{x}市民纷纷出游。\n"),
        "furniture" => format!(
            "春耕备耕正当时\n\n本报讯 今天天气很好，市民纷纷出游。\n\n责任编辑 {x}\n第2版\n"
        ),
        _ => unreachable!("{field}"),
    }
}

const FIELDS: [&str; 7] = [
    "headline",
    "kicker",
    "byline",
    "dateline",
    "caption",
    "body",
    "furniture",
];

/// `depth` openers, a place name, `depth` closers.
fn nest(open: &str, close: &str, depth: usize) -> String {
    format!("{}衡阳{}", open.repeat(depth), close.repeat(depth))
}

/// The hostile pages, by file stem.
fn hostile_pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for (name, open, close) in PAIRS {
        for field in FIELDS {
            pages.push((
                format!("nest-{name}-{field}"),
                in_field(field, &nest(open, close, DEPTH)),
            ));
        }
        // 45,000 deep fits one line (below the 100,000-code-point line limit, which cuts
        // the deeper nests apart): the marks really pair up here.
        pages.push((
            format!("nest-{name}-one-line"),
            in_field("body", &nest(open, close, 45_000)),
        ));
    }
    let names = vec!["张三"; 10_000].join(" ");
    pages.extend([
        ("one-char-lines".into(), "字\n".repeat(100_000)),
        (
            "empty-paragraphs".into(),
            format!("第一个标题\n{}第二个标题\n\n正文。\n", "\n".repeat(100_000)),
        ),
        (
            "million-digits".into(),
            format!("春耕\n\n本报讯 {}元。\n", "7".repeat(1_000_000)),
        ),
        ("squares-one-line".into(), "■".repeat(50_000) + "\n"),
        ("squares-lines".into(), "■记者 王明\n".repeat(50_000)),
        (
            "dateline-names".into(),
            format!("春耕备耕正当时\n\n本报北京3月5日电（记者 {names}）今天天气很好。\n"),
        ),
    ]);
    pages
}

/// Writes the hostile pages and the sample page into `dir`.
fn write_batch(dir: &Path) -> Vec<(String, String)> {
    let pages = hostile_pages();
    for (stem, text) in &pages {
        std::fs::write(dir.join(format!("{stem}.txt")), text).unwrap();
    }
    std::fs::write(dir.join("000_aac00d1867b0bacf.txt"), sample()).unwrap();
    pages
}

/// The sample page's rows as committed in `out/` (its conversion alone).
fn sample_articles_alone() -> Vec<Value> {
    jsonl(&repo().join("out/articles.jsonl"))
}

fn hostile_batch(jobs: &str) {
    let tmp = tempdir();
    let pages = write_batch(tmp.path());
    let args = [
        "convert", ".", "-o", "out", "--format", "jsonl", "--quiet", "--jobs", jobs,
    ];
    let child = std::process::Command::new(bin())
        .args(args)
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let run = wait_or_fail(child, 900, &format!("hostile batch --jobs {jobs}"));
    let out = tmp.path().join("out");
    let issues = issues_by_id(&out);
    let articles = jsonl(&out.join("articles.jsonl"));
    assert_eq!(issues.len(), pages.len() + 1, "one row per input");
    for (stem, text) in &pages {
        let rows = &issues[stem.as_str()];
        assert_eq!(rows.len(), 1, "{stem}");
        let row = &rows[0];
        match row["status"].as_str() {
            // Pages without repeated lines keep every character (repeats may be dropped
            // as fragments printed twice).
            Some("ok") if stem.starts_with("nest-") => {
                assert_nothing_lost(stem, text, row, &articles)
            }
            Some("ok") => {}
            Some("error") => {
                let e = row["error"].as_str().unwrap_or("");
                assert!(!e.is_empty() && !e.contains('\n'), "{stem}: {e:?}");
            }
            other => panic!("{stem}: status {other:?}"),
        }
    }
    // No hostile page is an internal error: the stages handle them all.
    let internal: Vec<&String> = issues
        .iter()
        .filter(|(_, r)| {
            r[0]["error"]
                .as_str()
                .is_some_and(|e| e.contains("internal error"))
        })
        .map(|(id, _)| id)
        .collect();
    assert!(internal.is_empty(), "internal errors: {internal:?}");
    let errors = issues
        .values()
        .filter(|r| r[0]["status"] == "error")
        .count();
    assert_eq!(
        run.status.code(),
        Some(i32::from(errors > 0)),
        "exit code with {errors} error rows; stderr:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let sample: Vec<&Value> = articles
        .iter()
        .filter(|a| a["issue_id"] == "000_aac00d1867b0bacf")
        .collect();
    assert_eq!(sample.len(), 5, "the sample page keeps its 5 articles");
    let alone = sample_articles_alone();
    assert!(
        sample.iter().copied().eq(alone.iter()),
        "the sample page's rows differ from its conversion alone"
    );
}

#[test]
fn hostile_pages_next_to_a_good_one_jobs_1() {
    hostile_batch("1");
}

#[test]
fn hostile_pages_next_to_a_good_one_jobs_4() {
    hostile_batch("4");
}

/// Quotes nested 45,000 deep in one line, converted on a thread with a 1 MiB stack: the
/// stages hold no recursion whose depth the page sets (the entities stage used to recurse
/// once per level and overflowed a worker's stack at 20,000).
#[test]
fn deep_nesting_needs_no_stack() {
    let engine = Engine::new(Options::default(), EntityExtractor::new(Vec::new()));
    let input = InputFile {
        origin: Origin::File("deep.txt".into()),
        issue_id: "deep".into(),
        source: "deep.txt".into(),
        paper: None,
        date: None,
        error: None,
    };
    for (name, open, close) in PAIRS {
        let page = in_field("body", &nest(open, close, 45_000));
        let rec = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(1 << 20)
                .spawn_scoped(s, || {
                    pipeline::convert_bytes(&engine, &input, page.as_bytes())
                })
                .unwrap()
                .join()
                .unwrap()
        });
        assert_eq!(rec.error, None, "{name}");
        assert_eq!(rec.articles.len(), 1, "{name}");
    }
}

/// A panic injected into a stage (debug builds: `BAOZHI_TEST_PANIC=STAGE` panics on a file
/// whose bytes, or for `tables` whose name, hold `BAOZHI_TEST_PANIC`) becomes that file's
/// error row naming the stage, one stderr line names the file, the other files convert, and
/// the exit code is 1, at `--jobs 1` and `--jobs 4`.
#[cfg(debug_assertions)]
#[test]
fn a_panic_is_that_files_error_row() {
    for stage in [
        "decode",
        "normalize",
        "blocks",
        "articles",
        "numbers",
        "entities",
        "tables",
    ] {
        for jobs in ["1", "4"] {
            let tmp = tempdir();
            let marked = "标题\n\n本报讯 BAOZHI_TEST_PANIC 正文。\n";
            std::fs::write(tmp.path().join("BAOZHI_TEST_PANIC.txt"), marked).unwrap();
            std::fs::write(tmp.path().join("000_aac00d1867b0bacf.txt"), sample()).unwrap();
            let out = std::process::Command::new(bin())
                .args([
                    "convert", ".", "-o", "out", "--format", "jsonl", "--jobs", jobs,
                ])
                .current_dir(tmp.path())
                .env("BAOZHI_TEST_PANIC", stage)
                .env_remove("RUST_BACKTRACE")
                .output()
                .unwrap();
            let what = format!("{stage} --jobs {jobs}");
            assert_eq!(out.status.code(), Some(1), "{what}");
            let message = format!(
                "internal error in {stage}: injected panic for testing — please report this file"
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains(&format!("baozhi: BAOZHI_TEST_PANIC.txt: {message}\n")),
                "{what}: {stderr}"
            );
            let issues = issues_by_id(&tmp.path().join("out"));
            let row = &issues["BAOZHI_TEST_PANIC"][0];
            assert_eq!(
                (row["status"].as_str(), row["error"].as_str()),
                (Some("error"), Some(message.as_str())),
                "{what}"
            );
            let articles = jsonl(&tmp.path().join("out/articles.jsonl"));
            assert!(
                articles
                    .iter()
                    .all(|a| a["issue_id"] != "BAOZHI_TEST_PANIC"),
                "{what}: an error row has articles"
            );
            assert_eq!(
                articles.len(),
                5,
                "{what}: the sample page keeps its articles"
            );
        }
    }
}
