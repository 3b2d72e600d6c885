//! The issue date (issue 15): given by the manifest or `--date`, found in the path, found on
//! a masthead line, or absent; and the dates of the numbers table resolved against it.

use std::path::Path;

use serde_json::Value;

use crate::util::{jsonl, run_ok, tempdir};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// (issue_id, date, date_source, warnings) of each issue, and (issue_id, surface, date,
/// date_start, date_end) of each DATE row.
type Issues = Vec<(String, Value, Value, Value)>;
type Dates = Vec<(String, String, Value, Value, Value)>;

fn convert(dir: &Path, extra: &[&str]) -> (Issues, Dates) {
    let mut args = vec!["convert", "in", "-o", "out", "--format", "jsonl", "--quiet"];
    args.extend(extra);
    run_ok(dir, &args, 0);
    let issues = jsonl(&dir.join("out/issues.jsonl"))
        .into_iter()
        .map(|r| {
            (
                r["issue_id"].as_str().unwrap().to_string(),
                r["date"].clone(),
                r["date_source"].clone(),
                r["warnings"].clone(),
            )
        })
        .collect();
    let dates = jsonl(&dir.join("out/numbers.jsonl"))
        .into_iter()
        .filter(|r| r["kind"] == "DATE")
        .map(|r| {
            (
                r["issue_id"].as_str().unwrap().to_string(),
                r["surface"].as_str().unwrap().to_string(),
                r["date"].clone(),
                r["date_start"].clone(),
                r["date_end"].clone(),
            )
        })
        .collect();
    (issues, dates)
}

const BODY: &str =
    "会议召开\n\n5日上午，市里召开会议，12月30日的总结大会精神得到传达，项目预计2024年底投产。\n";

#[test]
fn issue_date_from_path_page_or_none() {
    let dir = tempdir();
    let root = dir.path().join("in");
    write(&root, "2023/01/05/p01.txt", BODY);
    write(
        &root,
        "masthead/p01.txt",
        &format!("东海商报 2023年1月7日 星期六 A01 要闻\n\n{BODY}"),
    );
    write(
        &root,
        "2023-01-08/conflict.txt",
        &format!("2023年1月7日 星期六 农历腊月十六\n\n{BODY}"),
    );
    write(&root, "plain/p01.txt", BODY);
    let (issues, dates) = convert(dir.path(), &[]);
    let s = |x: &str| Value::String(x.to_string());
    assert_eq!(
        issues,
        [
            (
                "2023-01-08/conflict".to_string(),
                s("2023-01-08"),
                s("path"),
                serde_json::json!(["date-conflict:1"])
            ),
            (
                "2023/01/05/p01".into(),
                s("2023-01-05"),
                s("path"),
                serde_json::json!([])
            ),
            (
                "masthead/p01".into(),
                s("2023-01-07"),
                s("page"),
                serde_json::json!([])
            ),
            (
                "plain/p01".into(),
                Value::Null,
                Value::Null,
                serde_json::json!([])
            ),
        ]
    );
    let find = |id: &str, surface: &str| {
        dates
            .iter()
            .find(|d| d.0 == id && d.1 == surface)
            .map(|d| (d.2.clone(), d.3.clone(), d.4.clone()))
            .unwrap_or_else(|| panic!("{id}: no DATE {surface} in {dates:?}"))
    };
    let day = |x: &str| (s(x), s(x), s(x));
    // Bare 5日 is the nearest 5th on or before the issue date; 12月30日 in a January issue
    // is last December; 2024年 stays a year.
    assert_eq!(find("2023/01/05/p01", "5日"), day("2023-01-05"));
    assert_eq!(find("2023/01/05/p01", "12月30日"), day("2022-12-30"));
    assert_eq!(find("masthead/p01", "5日"), day("2023-01-05"));
    assert_eq!(find("masthead/p01", "12月30日"), day("2022-12-30"));
    assert_eq!(
        find("masthead/p01", "2024年"),
        (s("2024"), s("2024-01-01"), s("2024-12-31"))
    );
    // No issue date, and the only year is a plan year: no year for 12月30日.
    assert_eq!(
        find("plain/p01", "5日"),
        (s("---05"), Value::Null, Value::Null)
    );
    assert_eq!(
        find("plain/p01", "12月30日"),
        (s("--12-30"), Value::Null, Value::Null)
    );
}

#[test]
fn issue_date_given_wins() {
    let dir = tempdir();
    let root = dir.path().join("in");
    write(
        &root,
        "2023/05/05/p01.txt",
        &format!("2023年5月5日 星期五\n\n{BODY}"),
    );
    let (issues, dates) = convert(dir.path(), &["--date", "2023-01-03"]);
    assert_eq!(issues[0].1, "2023-01-03");
    assert_eq!(issues[0].2, "option");
    assert_eq!(issues[0].3, serde_json::json!([]));
    let thirtieth = dates.iter().find(|d| d.1 == "12月30日").unwrap();
    assert_eq!(thirtieth.2, "2022-12-30");
    // 5日 in a January 3 issue is last month's 5th.
    let fifth = dates.iter().find(|d| d.1 == "5日").unwrap();
    assert_eq!(fifth.2, "2022-12-05");

    write(
        &root,
        "manifest.csv",
        "path,date\n2023/05/05/p01.txt,2023-06-01\n",
    );
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    let (issues, _) = convert(
        dir.path(),
        &["--date", "2023-01-03", "--manifest", "in/manifest.csv"],
    );
    assert_eq!(issues[0].1, "2023-06-01");
    assert_eq!(issues[0].2, "manifest");
}
