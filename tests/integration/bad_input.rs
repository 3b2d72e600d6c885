//! Bad files become error rows with a reason while the rest of the batch converts; output
//! problems leave the previous tables untouched.

use crate::util::*;

#[test]
fn bad_files_are_error_rows_and_the_batch_goes_on() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), sample()).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("blank.txt"), b"\n\n  \n").unwrap();
    std::fs::write(input.join("png.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let mut broken = "第一段正文内容，说明情况。第二句话也在这里。\n"
        .repeat(3)
        .into_bytes();
    broken.extend_from_slice(b"\xC0\xAF\xFF");
    std::fs::write(input.join("broken.txt"), broken).unwrap();
    let out = run_ok(
        tmp.path(),
        &["convert", "in", "-o", "out", "--format", "jsonl,csv"],
        1,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["empty.txt", "blank.txt", "png.txt", "broken.txt"] {
        assert!(
            stderr.contains(&format!("baozhi: {name}: ")),
            "stderr does not name {name}:\n{stderr}"
        );
    }
    let issues = jsonl(&tmp.path().join("out/issues.jsonl"));
    let status: Vec<(String, String, String)> = issues
        .iter()
        .map(|r| {
            (
                r["issue_id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect = |id: &str, needle: &str| {
        let row = status
            .iter()
            .find(|(i, _, _)| i == id)
            .unwrap_or_else(|| panic!("no row for {id}"));
        assert_eq!(
            row.1,
            if needle.is_empty() { "ok" } else { "error" },
            "{id}: {row:?}"
        );
        assert!(row.2.contains(needle), "{id}: `{}` lacks `{needle}`", row.2);
    };
    expect("good", "");
    expect("empty", "empty");
    expect("blank", "blank");
    expect("png", "PNG");
    expect("broken", "not valid UTF-8 at byte");
    let articles = jsonl(&tmp.path().join("out/articles.jsonl"));
    assert!(!articles.is_empty());
    assert!(articles.iter().all(|a| a["issue_id"] == "good"));
}

#[test]
fn unwritable_output_keeps_previous_tables() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("p.txt"), sample()).unwrap();
    run_ok(tmp.path(), &["convert", "p.txt", "-o", "out", "--quiet"], 0);
    let before = text_outputs(&tmp.path().join("out"));
    // Output path that is a file.
    std::fs::write(tmp.path().join("file"), b"x").unwrap();
    let out = run_ok(
        tmp.path(),
        &["convert", "p.txt", "-o", "file", "--quiet"],
        2,
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("file"),
        "message names the output"
    );
    assert_eq!(std::fs::read(tmp.path().join("file")).unwrap(), b"x");
    // A failed run (unknown format) never touches the previous tables.
    run_ok(
        tmp.path(),
        &["convert", "p.txt", "-o", "out", "--format", "xls"],
        2,
    );
    assert_eq!(text_outputs(&tmp.path().join("out")), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}
