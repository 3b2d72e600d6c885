//! Partitioned output, the run manifest, `verify`, and incremental runs that must give the
//! bytes of a full run.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{run, run_ok, sample, tempdir};

/// Issue `i` of the test corpus: the sample page made distinct, with its date and paper.
fn issue(i: usize) -> (String, Vec<u8>, Option<String>, &'static str) {
    // Short pages keep the debug-build runs of this file fast.
    let bytes = format!(
        "城市新增绿地{i}处\n\n本报讯（记者 王明）3月{d}日，全市新增绿地{i}公顷，投资{i}.5亿元。\n\n\
         市民休闲有去处\n\n新华社北京电 {i}个公园今天开放，游客达{i}万人次。\n",
        d = i % 28 + 1
    )
    .into_bytes();
    let date = match i % 4 {
        0 => Some(format!("2020-03-{:02}", i % 28 + 1)),
        1 => Some(format!("2021-06-{:02}", i % 28 + 1)),
        2 => Some(format!("2022-09-{:02}", i % 28 + 1)),
        _ => None, // the year comes from the text
    };
    let paper = ["某某日报", "晚报/周末版"][i % 2];
    (format!("{}/p{i:02}.txt", 2020 + i % 3), bytes, date, paper)
}

/// Writes issues `ids` into `dir` with an input manifest giving dates and papers, plus an
/// empty (bad) file.
fn corpus(dir: &Path, ids: &[usize], bad: bool) {
    let mut manifest = String::from("path,paper,date\n");
    for &i in ids {
        let (rel, bytes, date, paper) = issue(i);
        std::fs::create_dir_all(dir.join(&rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(&rel), bytes).unwrap();
        manifest.push_str(&format!("{rel},{paper},{}\n", date.unwrap_or_default()));
    }
    if bad {
        std::fs::write(dir.join("bad.txt"), b"").unwrap();
    }
    std::fs::write(dir.join("manifest.csv"), manifest).unwrap();
}

/// Every file of a folder, relative path → bytes (staging and lock files would show up).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn assert_same_folders(a: &Path, b: &Path) {
    let (x, y) = (files(a), files(b));
    assert_eq!(
        x.keys().collect::<Vec<_>>(),
        y.keys().collect::<Vec<_>>(),
        "the two folders hold different files"
    );
    for (name, bytes) in &x {
        assert!(bytes == &y[name], "{name} differs");
    }
}

fn convert(cwd: &Path, input: &str, out: &str, extra: &[&str]) -> String {
    let manifest = format!("{input}/manifest.csv");
    let mut args = vec![
        "convert",
        input,
        "--manifest",
        &manifest,
        "-o",
        out,
        "-j",
        "2",
    ];
    args.extend_from_slice(extra);
    let out = run(cwd, &args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const LAYOUTS: [&[&str]; 4] = [
    &[],
    &["--partition-by", "year", "--part-bytes", "300"],
    &["--partition-by", "year,paper"],
    &["--partition-by", "paper", "--format", "csv"],
];

#[test]
fn incremental_runs_give_the_bytes_of_a_full_run() {
    let tmp = tempdir();
    let cwd = tmp.path();
    let all: Vec<usize> = (0..12).collect();
    corpus(&cwd.join("all"), &all, true);
    corpus(&cwd.join("half"), &all[..6], false);
    // Changed since the first run: issue 3's bytes, issue 9 gone, a new issue 12.
    let mut later: Vec<usize> = all.iter().copied().filter(|&i| i != 9).collect();
    later.push(12);
    corpus(&cwd.join("later"), &later, true);
    std::fs::write(
        cwd.join("later/2020/p03.txt"),
        "改版后的一条新闻。\n\n本报讯 今天。\n",
    )
    .unwrap();
    for (n, layout) in LAYOUTS.iter().enumerate() {
        let (full, inc) = (format!("full{n}"), format!("inc{n}"));
        convert(cwd, "all", &full, layout);
        convert(cwd, "half", &inc, layout);
        let msg = convert(cwd, "all", &inc, &[layout, &["--incremental"][..]].concat());
        assert!(
            msg.contains("13 files (6 unchanged, skipped)"),
            "{layout:?}: {msg}"
        );
        assert_same_folders(&cwd.join(&full), &cwd.join(&inc));
        run_ok(cwd, &["verify", &inc], 0);

        // Nothing changed: everything skipped, nothing differs.
        let msg = convert(cwd, "all", &inc, &[layout, &["--incremental"][..]].concat());
        assert!(
            msg.contains("13 files (12 unchanged, skipped)"),
            "{layout:?}: {msg}"
        );
        assert_same_folders(&cwd.join(&full), &cwd.join(&inc));

        // A changed, a removed and a new input.
        let (full2, _) = (format!("full{n}b"), ());
        convert(cwd, "later", &full2, layout);
        let msg = convert(
            cwd,
            "later",
            &inc,
            &[layout, &["--incremental"][..]].concat(),
        );
        assert!(
            msg.contains("13 files (10 unchanged, skipped)"),
            "{layout:?}: {msg}"
        );
        assert_same_folders(&cwd.join(&full2), &cwd.join(&inc));
    }
}

#[test]
fn partitions_are_hive_folders_without_the_partition_column() {
    let tmp = tempdir();
    let cwd = tmp.path();
    corpus(&cwd.join("in"), &(0..8).collect::<Vec<_>>(), true);
    convert(
        cwd,
        "in",
        "out",
        &["--partition-by", "year,paper", "--part-bytes", "300"],
    );
    let names: Vec<String> = files(&cwd.join("out"))
        .into_keys()
        .filter(|k| k.starts_with("issues/") && k.ends_with(".jsonl"))
        .collect();
    assert!(
        names.contains(&"issues/year=2021/paper=晚报%2F周末版/part-00000.jsonl".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(
            &"issues/year=__HIVE_DEFAULT_PARTITION__/paper=__HIVE_DEFAULT_PARTITION__/part-00000.jsonl"
                .to_string()
        ),
        "{names:?}"
    );
    let rolled = files(&cwd.join("out"))
        .into_keys()
        .any(|k| k.starts_with("articles/") && k.ends_with("part-00001.parquet"));
    assert!(
        rolled,
        "a partition past --part-bytes rolls over to part-00001"
    );
    let row =
        crate::util::jsonl(&cwd.join("out/issues/year=2021/paper=晚报%2F周末版/part-00000.jsonl"));
    let keys: Vec<&String> = row[0].as_object().unwrap().keys().collect();
    assert!(
        !keys.iter().any(|k| *k == "year" || *k == "paper"),
        "{keys:?}"
    );
    assert!(keys.iter().any(|k| *k == "issue_id"));
}

#[test]
fn fewer_formats_remove_the_previous_runs_other_tables_and_verify_names_the_file() {
    let tmp = tempdir();
    let cwd = tmp.path();
    corpus(&cwd.join("in"), &[0, 1], false);
    std::fs::create_dir(cwd.join("out")).unwrap();
    std::fs::write(cwd.join("out/notes.txt"), "mine").unwrap();
    convert(cwd, "in", "out", &[]);
    convert(cwd, "in", "out", &["--format", "csv"]);
    let left: Vec<String> = files(&cwd.join("out")).into_keys().collect();
    assert_eq!(
        left,
        [
            "articles.csv",
            "datapackage.json",
            "entities.csv",
            "issues.csv",
            "manifest.json",
            "notes.txt",
            "numbers.csv"
        ]
    );
    run_ok(cwd, &["verify", "out"], 0);
    std::fs::write(cwd.join("out/numbers.csv"), "x\n").unwrap();
    let out = run_ok(cwd, &["verify", "out"], 1);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("numbers.csv: differs from the manifest"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stdout_mode_prints_every_tables_rows_tagged() {
    let tmp = tempdir();
    let mut child = std::process::Command::new(crate::util::bin())
        .args([
            "convert",
            "-",
            "--stdout",
            "--issue-id",
            "2022/p01",
            "--source",
            "s3://b/p01.txt",
        ])
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&sample()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |t: &str| lines.iter().filter(|l| l["table"] == t).count();
    assert_eq!((count("issues"), count("articles")), (1, 5));
    assert_eq!(lines[0]["row"]["issue_id"], "2022/p01");
    assert_eq!(lines[0]["row"]["source"], "s3://b/p01.txt");
    assert_eq!(lines[1]["year"], 2022);
    assert_eq!(count("numbers"), 76);
    // A bad file is data: one error row, exit 0.
    let bad = run_ok(tmp.path(), &["convert", "-", "--stdout"], 0);
    let text = String::from_utf8_lossy(&bad.stdout);
    assert!(text.contains("\"status\":\"error\""), "{text}");
}
