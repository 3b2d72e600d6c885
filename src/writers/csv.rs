//! RFC 4180 CSV: UTF-8, `\n` line ends, quoted only when needed, newlines inside cells kept.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use std::fmt::Write as _;

use super::{io_error, push_float, push_json_list, TableWriter, Value};
use crate::error::WriteError;
use crate::schema::TableSchema;

pub struct CsvWriter {
    path: PathBuf,
    inner: csv::Writer<BufWriter<File>>,
    /// Reused for cells that are not borrowed strings.
    cell: String,
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
            cell: String::new(),
        })
    }
}

/// Appends the CSV text of one cell (before quoting) to `out`: empty for null, a JSON array
/// for lists.
fn push_cell(out: &mut String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Str(s) | Value::Date(s) => out.push_str(s),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => push_float(out, *f),
        Value::List(items) => push_json_list(out, items),
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
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<(), WriteError> {
        for value in row {
            let field = match value {
                Value::Str(s) | Value::Date(s) => s.as_bytes(),
                other => {
                    self.cell.clear();
                    push_cell(&mut self.cell, other);
                    self.cell.as_bytes()
                }
            };
            self.inner
                .write_field(field)
                .map_err(|e| csv_error(&self.path, e))?;
        }
        self.inner
            .write_record(None::<&[u8]>)
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
