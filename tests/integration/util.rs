//! Shared helpers: a temp dir per test, running the binary, reading outputs back.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TABLES: [&str; 4] = ["issues", "articles", "numbers", "entities"];

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_baozhi"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample page's raw bytes.
pub fn sample() -> Vec<u8> {
    std::fs::read(repo().join("seeds/000_aac00d1867b0bacf.txt")).expect("seeds/ sample")
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Runs `baozhi` with `args` in `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run baozhi")
}

/// Runs `baozhi` and fails the test, showing stderr, unless the exit code is `code`.
pub fn run_ok(cwd: &Path, args: &[&str], code: i32) -> Output {
    let out = run(cwd, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "baozhi {args:?} exited {:?}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Reads a JSON Lines file into values.
pub fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}

/// Every CSV and JSONL file of an output folder, by name, as bytes.
pub fn text_outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for table in TABLES {
        for ext in ["csv", "jsonl"] {
            let name = format!("{table}.{ext}");
            let bytes = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            out.push((name, bytes));
        }
    }
    out
}

/// Asserts two output folders hold byte-identical CSV and JSONL tables, naming the first
/// differing line.
pub fn assert_same_outputs(a: &Path, b: &Path) {
    for ((name, x), (_, y)) in text_outputs(a).into_iter().zip(text_outputs(b)) {
        if x != y {
            let (xs, ys) = (String::from_utf8_lossy(&x), String::from_utf8_lossy(&y));
            let line = xs
                .lines()
                .zip(ys.lines())
                .position(|(l, m)| l != m)
                .unwrap_or(0);
            panic!(
                "{name} differs at line {}:\n  {}\n  {}",
                line + 1,
                xs.lines().nth(line).unwrap_or(""),
                ys.lines().nth(line).unwrap_or("")
            );
        }
    }
}
