//! CSV and JSONL bytes do not depend on the number of threads or on input order.

use std::path::Path;

use crate::util::*;

/// A folder of several issues: the sample, re-encoded and cut variants of it, and a bad file.
fn corpus(dir: &Path) {
    let text = String::from_utf8(sample()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::create_dir_all(dir.join("2022/02")).unwrap();
    std::fs::create_dir_all(dir.join("2021/12")).unwrap();
    std::fs::write(dir.join("2022/02/p01.txt"), &text).unwrap();
    std::fs::write(
        dir.join("2022/02/p02.txt"),
        lines[..lines.len() / 2].join("\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("2021/12/p01.txt"),
        lines[lines.len() / 2..].join("\r\n"),
    )
    .unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(dir.join("2021/12/p02.txt"), gb).unwrap();
    std::fs::write(dir.join("2021/12/bad.txt"), b"\xC0\xAF\xFF not text").unwrap();
    for i in 0..6 {
        std::fs::write(
            dir.join(format!("2022/02/x{i}.txt")),
            lines[i * 8..].join("\n"),
        )
        .unwrap();
    }
}

#[test]
fn same_bytes_for_any_jobs_and_input_order() {
    let tmp = tempdir();
    corpus(&tmp.path().join("in"));
    run_ok(
        tmp.path(),
        &["convert", "in", "-o", "j1", "--jobs", "1", "--quiet"],
        1,
    );
    run_ok(
        tmp.path(),
        &["convert", "in", "-o", "j4", "--jobs", "4", "--quiet"],
        1,
    );
    assert_same_outputs(&tmp.path().join("j1"), &tmp.path().join("j4"));
    // Subfolders named one by one, in reverse order: ids are then relative to each folder,
    // so compare two orders of the same named inputs.
    let forward = [
        "convert", "in/2021", "in/2022", "-o", "fwd", "--jobs", "2", "--quiet",
    ];
    let reverse = [
        "convert", "in/2022", "in/2021", "-o", "rev", "--jobs", "3", "--quiet",
    ];
    run_ok(tmp.path(), &forward, 1);
    run_ok(tmp.path(), &reverse, 1);
    assert_same_outputs(&tmp.path().join("fwd"), &tmp.path().join("rev"));
}

#[test]
fn rows_are_sorted_and_ids_unique() {
    let tmp = tempdir();
    corpus(&tmp.path().join("in"));
    run_ok(
        tmp.path(),
        &["convert", "in", "-o", "out", "--format", "jsonl", "--quiet"],
        1,
    );
    let out = tmp.path().join("out");
    let issues = jsonl(&out.join("issues.jsonl"));
    let ids: Vec<&str> = issues
        .iter()
        .map(|r| r["issue_id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    for (table, id) in [
        ("articles", "article_id"),
        ("numbers", "number_id"),
        ("entities", "entity_id"),
    ] {
        let rows = jsonl(&out.join(format!("{table}.jsonl")));
        let mut seen = std::collections::HashSet::new();
        for r in &rows {
            assert!(
                seen.insert(r[id].as_str().unwrap().to_string()),
                "{table}: duplicate {id} {}",
                r[id]
            );
        }
        let keys: Vec<(String, String, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r["issue_id"].as_str().unwrap().to_string(),
                    r.get("article_id")
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string(),
                    r["seq"].as_i64().unwrap(),
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{table} rows are not sorted");
    }
}
