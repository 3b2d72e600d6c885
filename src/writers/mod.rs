//! Stage 7, emit: rows + schema in, files out. Writers know nothing of Chinese or of the
//! pipeline: a row is a list of [`Value`]s in the schema's column order.

pub mod atomic;
pub mod csv;
pub mod datapackage;
pub mod jsonl;
pub mod parquet;

use std::path::Path;

use crate::error::WriteError;
use crate::schema::{Table, TableSchema};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    List(Vec<String>),
    /// `YYYY-MM-DD`, validated before it gets here.
    Date(String),
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Value {
        v.map_or(Value::Null, Value::Str)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Str(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Str(v.to_string())
    }
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Value {
        match v {
            Some(f) if f.is_finite() => Value::Float(f),
            _ => Value::Null,
        }
    }
}

impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Value {
        Value::List(v)
    }
}

pub type Row = Vec<Value>;

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
    fn write_row(&mut self, row: &Row) -> Result<(), WriteError>;
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
    let schema: &'static TableSchema = table.schema();
    let path = dir.join(format!("{}.{}", table.name(), format.extension()));
    Ok(match format {
        Format::Csv => Box::new(csv::CsvWriter::create(&path, schema, options.csv_bom)?),
        Format::Jsonl => Box::new(jsonl::JsonlWriter::create(&path, schema)?),
        Format::Parquet => Box::new(parquet::ParquetWriter::create(&path, schema)?),
    })
}

/// The shortest decimal that round-trips, never with an exponent, integral values without
/// `.0` (tables.md): Rust's `Display` for `f64` is exactly that.
pub fn format_float(f: f64) -> String {
    let s = f.to_string();
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
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
}
