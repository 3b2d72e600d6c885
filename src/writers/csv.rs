//! RFC 4180 CSV: UTF-8, `\n` line ends, quoted only when needed, newlines inside cells kept.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{format_float, io_error, Row, TableWriter, Value};
use crate::error::WriteError;
use crate::schema::TableSchema;

pub struct CsvWriter {
    path: PathBuf,
    inner: csv::Writer<BufWriter<File>>,
    cells: Vec<String>,
}

impl CsvWriter {
    pub fn create(path: &Path, schema: &TableSchema, bom: bool) -> Result<CsvWriter, WriteError> {
        let file = File::create(path).map_err(|e| io_error(path, e))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        if bom {
            out.write_all("\u{FEFF}".as_bytes())
                .map_err(|e| io_error(path, e))?;
        }
        let mut inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        inner
            .write_record(schema.names())
            .map_err(|e| csv_error(path, e))?;
        Ok(CsvWriter {
            path: path.to_path_buf(),
            inner,
            cells: Vec::new(),
        })
    }
}

/// The CSV text of one cell: empty for null, a JSON array for lists.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Str(s) | Value::Date(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::List(items) => serde_json::to_string(items).unwrap_or_else(|_| "[]".to_string()),
    }
}

fn csv_error(path: &Path, e: csv::Error) -> WriteError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io_error(path, io),
        other => WriteError::Format {
            path: path.to_path_buf(),
            message: format!("{other:?}"),
        },
    }
}

impl TableWriter for CsvWriter {
    fn write_row(&mut self, row: &Row) -> Result<(), WriteError> {
        self.cells.clear();
        self.cells.extend(row.iter().map(cell));
        self.inner
            .write_record(&self.cells)
            .map_err(|e| csv_error(&self.path, e))
    }

    fn finish(self: Box<Self>) -> Result<(), WriteError> {
        let path = self.path.clone();
        let buf = self
            .inner
            .into_inner()
            .map_err(|e| io_error(&path, e.into_error()))?;
        let file = buf
            .into_inner()
            .map_err(|e| io_error(&path, e.into_error()))?;
        file.sync_all().map_err(|e| io_error(&path, e))
    }
}
