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
        stderr.contains("baozhi: 1 file, 5 articles,")
            && stderr.contains("0 errors in")
            && !stderr.contains("MB/s"),
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

/// Runs `baozhi` with `stdin` as standard input.
fn run_stdin(cwd: &std::path::Path, args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn ids_and_sources(out: &std::path::Path) -> Vec<(String, String, String)> {
    jsonl(&out.join("issues.jsonl"))
        .iter()
        .map(|r| {
            (
                r["issue_id"].as_str().unwrap_or("").to_string(),
                r["source"].as_str().unwrap_or("").to_string(),
                r["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// `--issue-id` and `--source` name the issue read from `-`; without `-` they are a usage
/// error.
#[test]
fn stdin_issue_id_and_source() {
    let tmp = tempdir();
    let args = [
        "convert",
        "-",
        "-o",
        "out",
        "--format",
        "jsonl",
        "--quiet",
        "--issue-id",
        "2022/p01",
        "--source",
        "2022/p01.txt",
    ];
    let out = run_stdin(tmp.path(), &args, &sample());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        ids_and_sources(&tmp.path().join("out")),
        [("2022/p01".into(), "2022/p01.txt".into(), String::new())]
    );
    std::fs::write(tmp.path().join("p.txt"), sample()).unwrap();
    let out = run_ok(tmp.path(), &["convert", "p.txt", "--issue-id", "x"], 2);
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--issue-id names the issue read from standard input"));
}

/// Two folders both holding `p01.txt`: `source` tells them apart (relative to the current
/// folder), the duplicate id names the other file; `--id-root .` gives distinct ids.
#[test]
fn two_folders_with_the_same_file_name() {
    let tmp = tempdir();
    for dir in ["a", "b"] {
        std::fs::create_dir(tmp.path().join(dir)).unwrap();
        std::fs::write(tmp.path().join(dir).join("p01.txt"), sample()).unwrap();
    }
    let base = ["convert", "a", "b", "--format", "jsonl", "--quiet", "-o"];
    run_ok(tmp.path(), &[&base[..], &["o1"]].concat(), 1);
    assert_eq!(
        ids_and_sources(&tmp.path().join("o1")),
        [
            ("p01".into(), "a/p01.txt".into(), String::new()),
            (
                "p01".into(),
                "b/p01.txt".into(),
                "duplicate issue_id `p01`: a/p01.txt has it too".into()
            ),
        ]
    );
    run_ok(
        tmp.path(),
        &[&base[..], &["o2", "--id-root", "."]].concat(),
        0,
    );
    assert_eq!(
        ids_and_sources(&tmp.path().join("o2")),
        [
            ("a/p01".into(), "a/p01.txt".into(), String::new()),
            ("b/p01".into(), "b/p01.txt".into(), String::new()),
        ]
    );
    // Ids do not depend on which folder is named: `a` alone under --id-root . is still a/p01.
    run_ok(
        tmp.path(),
        &[
            "convert",
            "a",
            "--format",
            "jsonl",
            "--quiet",
            "-o",
            "o3",
            "--id-root",
            ".",
        ],
        0,
    );
    assert_eq!(
        ids_and_sources(&tmp.path().join("o3")),
        [("a/p01".into(), "p01.txt".into(), String::new())]
    );
}

/// A missing input next to a folder is counted in the summary like the exit code counts
/// it; files that are not `*.txt` are counted and, with `--verbose`, listed; `*.txt.gz` is
/// read through gzip.
#[test]
fn missing_inputs_and_skipped_files_are_counted() {
    use std::io::Write;
    let tmp = tempdir();
    let arch = tmp.path().join("archive");
    std::fs::create_dir(&arch).unwrap();
    std::fs::write(arch.join("p01.txt"), sample()).unwrap();
    std::fs::write(arch.join("p03.text"), sample()).unwrap();
    std::fs::write(arch.join("notes.md"), "x").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&sample()).unwrap();
    std::fs::write(arch.join("p07.txt.gz"), gz.finish().unwrap()).unwrap();
    let out = run_ok(
        tmp.path(),
        &[
            "convert",
            "nosuch.txt",
            "archive",
            "-o",
            "o",
            "--format",
            "jsonl",
        ],
        1,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("baozhi: nosuch.txt: no such file or folder\n")
            && stderr.contains(
                "1 error (1 input not found or not searched), 2 files skipped: not .txt (--verbose lists them)"
            ),
        "{stderr}"
    );
    assert!(!stderr.contains("p03.text"), "{stderr}");
    // The missing input does not make the folder's sources relative to the current folder.
    let sources: Vec<String> = ids_and_sources(&tmp.path().join("o"))
        .into_iter()
        .map(|(_, source, _)| source)
        .collect();
    assert_eq!(sources, ["p01.txt", "p07.txt.gz"]);
    let out = run_ok(
        tmp.path(),
        &[
            "convert",
            "archive",
            "-o",
            "v",
            "--format",
            "jsonl",
            "--verbose",
        ],
        0,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("baozhi: notes.md: skipped: not .txt\nbaozhi: p03.text: skipped: not .txt\n")
            && stderr.contains("0 errors, 2 files skipped: not .txt in"),
        "{stderr}"
    );
    // The gzipped page gives the rows of the plain one.
    let articles = jsonl(&tmp.path().join("v/articles.jsonl"));
    let texts = |id: &str| -> Vec<String> {
        articles
            .iter()
            .filter(|a| a["issue_id"] == id)
            .map(|a| a["text"].to_string())
            .collect()
    };
    assert_eq!(texts("p07").len(), 5);
    assert_eq!(texts("p07"), texts("p01"));
}

/// Messages of issue 12: an impossible day, `-o` naming a file, no input outside the
/// repository.
#[test]
fn messages_say_what_to_do() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("p.txt"), sample()).unwrap();
    std::fs::write(tmp.path().join("f.csv"), "x").unwrap();
    for (args, needle) in [
        (&["convert", "p.txt", "--date", "2023-02-30"][..], "baozhi: --date `2023-02-30`: no such day (dates are written YYYY-MM-DD)\n"),
        (
            &["convert", "p.txt", "-o", "f.csv"][..],
            "baozhi: -o f.csv: a file, not a folder: name a folder for the tables (it is created if missing)\n",
        ),
        (&[][..], "no command or input, baozhi converts seeds/"),
        (&["convert"][..], "Name the issues to convert: baozhi convert DIR"),
    ] {
        let out = run_ok(tmp.path(), args, 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn lexicon_paper_entries_declare_the_paper() {
    let tmp = tempdir();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    // A paper whose name has no common ending: only the lexicon makes it a paper.
    std::fs::write(
        tmp.path().join("in/a.txt"),
        "江城视界 2024年5月8日 星期三\n\n地铁新线今起试运行\n\n本报讯 记者昨日获悉，地铁5号线今天起试运行。\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("lex.tsv"),
        "# papers and entities\n江城视界\tPAPER\n地铁5号线\tFAC\n",
    )
    .unwrap();
    run_ok(
        tmp.path(),
        &[
            "convert",
            "in",
            "--lexicon",
            "lex.tsv",
            "-o",
            "out",
            "--format",
            "jsonl",
            "--quiet",
        ],
        0,
    );
    let issues = jsonl(&tmp.path().join("out/issues.jsonl"));
    assert_eq!(issues[0]["paper"].as_str(), Some("江城视界"), "{issues:?}");
    assert_eq!(
        issues[0]["furniture"],
        serde_json::json!(["江城视界 2024年5月8日 星期三"])
    );
    let articles = jsonl(&tmp.path().join("out/articles.jsonl"));
    assert_eq!(articles.len(), 1, "{articles:?}");
    assert_eq!(articles[0]["headline"].as_str(), Some("地铁新线今起试运行"));
}
