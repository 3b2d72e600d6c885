//! Options, defaults, exit codes and usage errors.

use crate::util::*;

#[test]
fn default_run_converts_seeds_into_out() {
    let tmp = tempdir();
    std::fs::create_dir(tmp.path().join("seeds")).unwrap();
    std::fs::write(tmp.path().join("seeds/page.txt"), sample()).unwrap();
    let out = run_ok(tmp.path(), &["convert"], 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 files,") && stderr.contains("0 errors"),
        "summary line: {stderr}"
    );
    let mut names: Vec<String> = std::fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = TABLES
        .iter()
        .flat_map(|t| ["csv", "jsonl", "parquet"].map(|e| format!("{t}.{e}")))
        .chain(["datapackage.json".to_string(), "manifest.json".to_string()])
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    // No subcommand at all is the same run.
    std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
    run_ok(tmp.path(), &[], 0);
    assert!(tmp.path().join("out/issues.parquet").exists());
}

#[test]
fn formats_subset_and_quiet() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("p.txt"), sample()).unwrap();
    let out = run_ok(
        tmp.path(),
        &[
            "convert", "p.txt", "-o", "o", "--format", "jsonl", "--quiet",
        ],
        0,
    );
    assert!(
        out.stderr.is_empty(),
        "--quiet printed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(tmp.path().join("o"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "articles.jsonl",
            "entities.jsonl",
            "issues.jsonl",
            "manifest.json",
            "numbers.jsonl"
        ]
    );
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("p.txt"), sample()).unwrap();
    for (args, needle) in [
        (
            &["convert", "p.txt", "--format", "xls"][..],
            "unknown format",
        ),
        (&["convert", "missing.txt"][..], "no input found"),
        (
            &["convert", "p.txt", "--date", "2022-13-01"][..],
            "YYYY-MM-DD",
        ),
        (
            &["convert", "p.txt", "--encoding", "latin9"][..],
            "unknown encoding",
        ),
        (&["convert", "p.txt", "--bogus"][..], "--bogus"),
        (&["schema", "pages"][..], "no table named"),
    ] {
        let out = run_ok(tmp.path(), args, 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn manifest_sets_id_paper_and_date() {
    let tmp = tempdir();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    std::fs::write(tmp.path().join("in/a.txt"), sample()).unwrap();
    std::fs::write(tmp.path().join("in/b.txt"), sample()).unwrap();
    std::fs::write(
        tmp.path().join("in/manifest.csv"),
        "path,issue_id,paper,date\na.txt,2022/02/12/p01,某某日报,2022-02-12\nb.txt,,,2022-02-30\nmissing.txt,gone,,\n",
    )
    .unwrap();
    run_ok(
        tmp.path(),
        &[
            "convert",
            "--manifest",
            "in/manifest.csv",
            "-o",
            "out",
            "--format",
            "jsonl",
            "--quiet",
        ],
        1,
    );
    let issues = jsonl(&tmp.path().join("out/issues.jsonl"));
    let row = |id: &str| {
        issues
            .iter()
            .find(|r| r["issue_id"] == id)
            .unwrap_or_else(|| panic!("no {id}: {issues:?}"))
            .clone()
    };
    let a = row("2022/02/12/p01");
    assert_eq!(
        (a["paper"].as_str(), a["date"].as_str(), a["year"].as_i64()),
        (Some("某某日报"), Some("2022-02-12"), Some(2022))
    );
    assert_eq!(row("b")["status"], "error");
    assert!(row("b")["error"].as_str().unwrap().contains("2022-02-30"));
    assert_eq!(row("gone")["status"], "error");
}

#[test]
fn stdin_is_one_issue() {
    use std::io::Write;
    let tmp = tempdir();
    let mut child = std::process::Command::new(bin())
        .args([
            "convert",
            "-",
            "-o",
            "out",
            "--format",
            "jsonl",
            "--quiet",
            "--paper",
            "某报",
            "--date",
            "2021-06-01",
        ])
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&sample()).unwrap();
    assert!(child.wait().unwrap().success());
    let issues = jsonl(&tmp.path().join("out/issues.jsonl"));
    assert_eq!(issues.len(), 1);
    assert_eq!(
        (
            issues[0]["issue_id"].as_str(),
            issues[0]["source"].as_str(),
            issues[0]["paper"].as_str()
        ),
        (Some("stdin"), Some("-"), Some("某报"))
    );
    assert_eq!(issues[0]["year"], 2021);
}

#[test]
fn schema_command_prints_the_shipped_schema() {
    let tmp = tempdir();
    let out = run_ok(tmp.path(), &["schema", "numbers"], 0);
    assert_eq!(
        out.stdout,
        std::fs::read(repo().join("schemas/numbers.schema.json")).unwrap()
    );
    let all = run_ok(tmp.path(), &["schema"], 0);
    let parsed: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(parsed.as_array().map(|a| a.len()), Some(4));
}

#[test]
fn csv_bom_option() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("p.txt"), sample()).unwrap();
    run_ok(
        tmp.path(),
        &[
            "convert",
            "p.txt",
            "-o",
            "o",
            "--format",
            "csv",
            "--csv-bom",
            "--quiet",
        ],
        0,
    );
    let csv = std::fs::read(tmp.path().join("o/issues.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBFissue_id,source,"));
    run_ok(
        tmp.path(),
        &["convert", "p.txt", "-o", "p", "--format", "csv", "--quiet"],
        0,
    );
    assert!(std::fs::read(tmp.path().join("p/issues.csv"))
        .unwrap()
        .starts_with(b"issue_id,source,"));
}

/// The help text is user-facing: a change to it is deliberate (regenerate the golden file
/// with `baozhi convert --help > tests/fixtures/help/convert.txt`).
#[test]
fn convert_help_matches_golden_file() {
    let tmp = tempdir();
    let out = run_ok(tmp.path(), &["convert", "--help"], 0);
    let golden = std::fs::read_to_string(repo().join("tests/fixtures/help/convert.txt")).unwrap();
    pretty_assertions::assert_eq!(String::from_utf8_lossy(&out.stdout), golden);
}
