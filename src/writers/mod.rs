//! Stage 7, emit: rows + schema in, files out. Writers know nothing of Chinese or of the
//! pipeline: a row is a list of [`Value`]s in the schema's column order.

pub mod atomic;
pub mod csv;
pub mod datapackage;
pub mod hive;
pub mod jsonl;
pub mod parquet;
pub mod readback;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::WriteError;
use crate::schema::{Table, TableSchema};

/// One cell. Strings borrow from the record they describe where they can, so building a
/// row copies no text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Str(Cow<'a, str>),
    Int(i64),
    Float(f64),
    List(Cow<'a, [String]>),
    /// `YYYY-MM-DD`, validated before it gets here.
    Date(Cow<'a, str>),
}

impl<'a> From<Option<&'a String>> for Value<'a> {
    fn from(v: Option<&'a String>) -> Value<'a> {
        v.map_or(Value::Null, |s| Value::Str(Cow::Borrowed(s)))
    }
}

impl From<Option<String>> for Value<'_> {
    fn from(v: Option<String>) -> Self {
        v.map_or(Value::Null, |s| Value::Str(Cow::Owned(s)))
    }
}

impl From<String> for Value<'_> {
    fn from(v: String) -> Self {
        Value::Str(Cow::Owned(v))
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Value<'a> {
        Value::Str(Cow::Borrowed(v))
    }
}

impl From<Option<f64>> for Value<'_> {
    fn from(v: Option<f64>) -> Self {
        match v {
            Some(f) if f.is_finite() => Value::Float(f),
            _ => Value::Null,
        }
    }
}

impl From<Vec<String>> for Value<'_> {
    fn from(v: Vec<String>) -> Self {
        Value::List(Cow::Owned(v))
    }
}

impl<'a> From<&'a [String]> for Value<'a> {
    fn from(v: &'a [String]) -> Value<'a> {
        Value::List(Cow::Borrowed(v))
    }
}

pub type Row<'a> = Vec<Value<'a>>;

/// Output formats (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::Jsonl, Format::Parquet];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == name.trim().to_ascii_lowercase())
    }
}

/// Options that change bytes on disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Start CSV files with a UTF-8 BOM, for spreadsheet programs.
    pub csv_bom: bool,
}

/// A table being written in one format. Rows arrive in output order.
pub trait TableWriter: Send {
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<(), WriteError>;
    /// Flushes and closes the file; a writer that is dropped unfinished leaves a torn file
    /// in the staging folder, never in the output folder.
    fn finish(self: Box<Self>) -> Result<(), WriteError>;
}

/// Opens a writer for `table` in `format` at `dir/{table}.{ext}`.
pub fn open(
    dir: &Path,
    table: Table,
    format: Format,
    options: WriteOptions,
) -> Result<Box<dyn TableWriter>, WriteError> {
    let path = dir.join(format!("{}.{}", table.name(), format.extension()));
    open_file(&path, table.schema(), format, options)
}

/// Opens a writer of rows of `schema` in `format` at `path`.
pub fn open_file(
    path: &Path,
    schema: &TableSchema,
    format: Format,
    options: WriteOptions,
) -> Result<Box<dyn TableWriter>, WriteError> {
    let path = path.to_path_buf();
    Ok(match format {
        Format::Csv => Box::new(csv::CsvWriter::create(&path, schema, options.csv_bom)?),
        Format::Jsonl => Box::new(jsonl::JsonlWriter::create(&path, schema)?),
        Format::Parquet => Box::new(parquet::ParquetWriter::create(&path, schema)?),
    })
}

/// Appends the shortest decimal that round-trips, never with an exponent, integral values
/// without `.0` (tables.md): Rust's `Display` for `f64` is exactly that.
pub(crate) fn push_float(out: &mut String, f: f64) {
    if f == 0.0 {
        // Both zeros print as `0`.
        out.push('0');
    } else {
        let _ = write!(out, "{f}");
    }
}

/// Appends `s` as a JSON string, escaped exactly as serde_json does (only `"`, `\` and
/// control characters), without building a serializer per cell.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    // Most cells hold no byte to escape: find the next one with a table lookup per byte and
    // copy the run before it whole.
    while let Some(k) = bytes[start..]
        .iter()
        .position(|&b| NEEDS_ESCAPE[usize::from(b)])
    {
        let i = start + k;
        out.push_str(&s[start..i]);
        match bytes[i] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Bytes JSON requires escaped: control characters, `"` and `\`.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Appends a list of strings as a JSON array (the CSV and JSON Lines form of lists).
pub(crate) fn push_json_list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, item);
    }
    out.push(']');
}

pub(crate) fn io_error(path: &Path, source: std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format_float(f: f64) -> String {
        let mut out = String::new();
        push_float(&mut out, f);
        out
    }

    #[test]
    fn floats_as_the_contract_says() {
        assert_eq!(format_float(248000000000.0), "248000000000");
        assert_eq!(format_float(49900.0), "49900");
        assert_eq!(format_float(45.33), "45.33");
        assert_eq!(format_float(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_float(1e21), "1000000000000000000000");
        assert_eq!(format_float(1.5e-7), "0.00000015");
        assert_eq!(format_float(-0.0), "0");
    }

    #[test]
    fn json_strings_as_serde_json_writes_them() {
        let mut all: String = (0u32..0x250).filter_map(char::from_u32).collect();
        all.push_str("报纸\u{2028}\u{FEFF}😀\"\\/");
        let mut cases: Vec<String> = all.chars().map(String::from).collect();
        cases.push(all);
        cases.push(String::new());
        for case in cases {
            let mut ours = String::new();
            push_json_str(&mut ours, &case);
            assert_eq!(ours, serde_json::to_string(&case).unwrap(), "{case:?}");
        }
    }
}
