//! Table-driven cases for stage 5 (issue 4): `tests/fixtures/numbers/cases.tsv`.
//!
//! Columns: `year` (the issue year, or the issue date `YYYY-MM-DD`, empty for none), `sentence`, then one expected row:
//! `surface`, `kind`, `value`, `value_max`, `unit`, `qualifier`, `date`. Consecutive lines
//! with the same year and sentence form one case whose rows must come out exactly, in
//! order; a case line with an empty `surface` expects no number at all. Offsets are
//! checked too: every row's surface is its field sliced by start..end.

use baozhi::model::{Article, NumberSpan};
use baozhi::stages::numbers;

use crate::util::repo;

#[derive(Debug, Clone, PartialEq)]
struct Row {
    surface: String,
    kind: String,
    value: String,
    value_max: String,
    unit: String,
    qualifier: String,
    date: String,
}

fn fmt_num(v: Option<f64>) -> String {
    v.map(|v| {
        let s = format!("{v}");
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    })
    .unwrap_or_default()
}

fn actual(n: &NumberSpan) -> Row {
    Row {
        surface: n.surface.clone(),
        kind: n.kind.as_str().to_string(),
        value: fmt_num(n.value),
        value_max: fmt_num(n.value_max),
        unit: n.unit.clone().unwrap_or_default(),
        qualifier: n
            .qualifier
            .map(|q| q.as_str().to_string())
            .unwrap_or_default(),
        date: n.date.clone().unwrap_or_default(),
    }
}

/// Expected values are compared as numbers (exactly), so `1e4` and `10000` both read.
fn same_number(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn same(expected: &Row, got: &Row) -> bool {
    expected.surface == got.surface
        && expected.kind == got.kind
        && same_number(&expected.value, &got.value)
        && same_number(&expected.value_max, &got.value_max)
        && expected.unit == got.unit
        && expected.qualifier == got.qualifier
        && expected.date == got.date
}

struct Case {
    line: usize,
    year: numbers::Reference,
    sentence: String,
    rows: Vec<Row>,
}

fn cases() -> Vec<Case> {
    let path = repo().join("tests/fixtures/numbers/cases.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out: Vec<Case> = Vec::new();
    for (no, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let col = |i: usize| f.get(i).copied().unwrap_or("").to_string();
        let year = reference(&col(0)).unwrap_or_else(|| panic!("cases.tsv:{}: bad year", no + 1));
        let sentence = col(1);
        let row = Row {
            surface: col(2),
            kind: col(3),
            value: col(4),
            value_max: col(5),
            unit: col(6),
            qualifier: col(7),
            date: col(8),
        };
        match out.last_mut() {
            Some(last) if last.year == year && last.sentence == sentence => last.rows.push(row),
            _ => out.push(Case {
                line: no + 1,
                year,
                sentence,
                rows: vec![row],
            }),
        }
    }
    for c in &mut out {
        c.rows.retain(|r| !r.surface.is_empty());
    }
    out
}

/// The `year` column: empty, a year, or an issue date.
fn reference(col: &str) -> Option<numbers::Reference> {
    if col.is_empty() {
        return Some(None.into());
    }
    if col.contains('-') {
        let r = numbers::Reference::new(Some(col), None);
        return r.day.is_some().then_some(r);
    }
    col.parse::<i32>().ok().map(|y| Some(y).into())
}

#[test]
fn numbers_cases_table() {
    let cases = cases();
    assert!(cases.len() >= 300, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let article = Article {
            paragraphs: case.sentence.split("\\n").map(str::to_string).collect(),
            ..Article::default()
        };
        let got = numbers::extract(&article, case.year);
        let text = article.text();
        for n in &got {
            let slice: String = text.chars().skip(n.start).take(n.end - n.start).collect();
            assert_eq!(slice, n.surface, "cases.tsv:{}: bad offsets", case.line);
        }
        let got: Vec<Row> = got.iter().map(actual).collect();
        let ok =
            got.len() == case.rows.len() && case.rows.iter().zip(&got).all(|(e, g)| same(e, g));
        if !ok {
            let show = |rows: &[Row]| {
                rows.iter()
                    .map(|r| {
                        format!(
                            "    {}\t{}\t{}\t{}\t{}\t{}\t{}",
                            r.surface, r.kind, r.value, r.value_max, r.unit, r.qualifier, r.date
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            failures.push(format!(
                "cases.tsv:{} {}\n  expected:\n{}\n  got:\n{}",
                case.line,
                case.sentence,
                show(&case.rows),
                show(&got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Prints the rows of new sentences (`year<TAB>sentence` lines) in the cases format, to
/// start new cases from: `BAOZHI_NUMBERS_SENTENCES=FILE cargo test --test integration
/// numbers_cases_draft -- --ignored --nocapture`. Review every row before adding it.
#[test]
#[ignore]
fn numbers_cases_draft() {
    let Ok(path) = std::env::var("BAOZHI_NUMBERS_SENTENCES") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (year, sentence) = line.split_once('\t').unwrap_or(("", line));
        let article = Article {
            paragraphs: sentence.split("\\n").map(str::to_string).collect(),
            ..Article::default()
        };
        let rows: Vec<Row> = numbers::extract(&article, reference(year).unwrap_or_default())
            .iter()
            .map(actual)
            .collect();
        if rows.is_empty() {
            println!("{year}\t{sentence}\t\t\t\t\t\t\t");
        }
        for r in rows {
            println!(
                "{year}\t{sentence}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.surface, r.kind, r.value, r.value_max, r.unit, r.qualifier, r.date
            );
        }
    }
}
