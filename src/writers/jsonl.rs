//! JSON Lines: one object per row, keys in schema order, floats with the CSV's digits.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use std::fmt::Write as _;

use super::{io_error, push_float, push_json_list, push_json_str, TableWriter, Value};
use crate::error::WriteError;
use crate::schema::TableSchema;

pub struct JsonlWriter {
    path: PathBuf,
    out: BufWriter<File>,
    /// Pre-encoded `"name":` keys.
    keys: Vec<String>,
    line: String,
}

impl JsonlWriter {
    pub fn create(path: &Path, schema: &TableSchema) -> Result<JsonlWriter, WriteError> {
        let file = File::create(path).map_err(|e| io_error(path, e))?;
        let keys = schema
            .columns
            .iter()
            .map(|c| {
                let mut key = String::new();
                push_json_str(&mut key, &c.name);
                key.push(':');
                key
            })
            .collect();
        Ok(JsonlWriter {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, file),
            keys,
            line: String::new(),
        })
    }
}

/// Appends the JSON encoding of one value.
pub fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Str(s) | Value::Date(s) => push_json_str(out, s),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => push_float(out, *f),
        Value::List(items) => push_json_list(out, items),
    }
}

/// Appends one row as a JSON object, keys in `schema`'s column order (the JSON Lines form).
pub fn push_row(out: &mut String, schema: &TableSchema, row: &[Value]) {
    out.push('{');
    for (i, (column, value)) in schema.columns.iter().zip(row).enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, &column.name);
        out.push(':');
        push_value(out, value);
    }
    out.push('}');
}

impl TableWriter for JsonlWriter {
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<(), WriteError> {
        self.line.clear();
        self.line.push('{');
        for (i, (key, value)) in self.keys.iter().zip(row).enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            self.line.push_str(key);
            push_value(&mut self.line, value);
        }
        self.line.push_str("}\n");
        self.out
            .write_all(self.line.as_bytes())
            .map_err(|e| io_error(&self.path, e))
    }

    fn finish(self: Box<Self>) -> Result<(), WriteError> {
        let path = self.path.clone();
        let file = self
            .out
            .into_inner()
            .map_err(|e| io_error(&path, e.into_error()))?;
        file.sync_all().map_err(|e| io_error(&path, e))
    }
}
