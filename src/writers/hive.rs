//! Hive-style partition folders (`year=2022/paper=某某日报`): values escaped as Hive and
//! Spark escape them, so that every Hive reader maps a folder back to its value.

use std::fmt::Write as _;

use super::Value;

/// The folder value of a missing (null or empty) partition value.
pub const DEFAULT_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Upper bound of the rows of one part file, counted in the bytes of their values (the
/// same for every format, so CSV, JSON Lines and Parquet parts hold the same rows); a
/// partition that grows past it rolls over to the next part.
pub const PART_BYTES: u64 = 256 << 20;

/// Whether Hive's `FileUtils.escapePathName` escapes `c` (control characters and
/// `"#%'*/:=?\{[]^` and DEL).
fn needs_escape(c: char) -> bool {
    (c as u32) < 0x20 || c == '\u{7F}' || "\"#%'*/:=?\\{[]^".contains(c)
}

/// `value` as a folder-name segment: escaped characters become `%XX` (uppercase hex);
/// everything else, Chinese included, stays as it is.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if needs_escape(c) {
            let _ = write!(out, "%{:02X}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// The folder segment of one cell: strings escaped, integers in decimal, null or empty the
/// default partition.
pub fn segment(name: &str, value: &Value) -> String {
    let v = match value {
        Value::Str(s) | Value::Date(s) if !s.is_empty() => escape(s),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => {
            let mut s = String::new();
            super::push_float(&mut s, *f);
            s
        }
        _ => DEFAULT_PARTITION.to_string(),
    };
    format!("{}={v}", escape(name))
}

/// The name of part `n` of a partition.
pub fn part_name(n: usize, ext: &str) -> String {
    format!("part-{n:05}.{ext}")
}

/// What a row weighs against [`PART_BYTES`]: the bytes of its strings, 8 per other value.
pub fn weight(row: &[Value]) -> u64 {
    row.iter()
        .map(|v| match v {
            Value::Str(s) | Value::Date(s) => s.len() as u64 + 1,
            Value::List(items) => items.iter().map(|s| s.len() as u64 + 3).sum::<u64>() + 2,
            _ => 8,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_hive_does() {
        assert_eq!(escape("某某日报"), "某某日报");
        assert_eq!(escape("a/b=c:d%e"), "a%2Fb%3Dc%3Ad%25e");
        assert_eq!(
            escape("x\ny#?*'\"[]{}^\\\u{7f}"),
            "x%0Ay%23%3F%2A%27%22%5B%5D%7B}%5E%5C%7F"
        );
        assert_eq!(escape("a b,c"), "a b,c");
    }

    #[test]
    fn segments_of_values() {
        assert_eq!(segment("year", &Value::Int(2022)), "year=2022");
        assert_eq!(
            segment("year", &Value::Null),
            "year=__HIVE_DEFAULT_PARTITION__"
        );
        assert_eq!(
            segment("paper", &Value::from("")),
            "paper=__HIVE_DEFAULT_PARTITION__"
        );
        assert_eq!(segment("paper", &Value::from("A/B")), "paper=A%2FB");
        assert_eq!(part_name(1, "csv"), "part-00001.csv");
    }
}
