//! Reads rows back from the JSON Lines or CSV files baozhi wrote, as the [`Value`]s they
//! were written from (an incremental run reuses the rows of unchanged issues this way).
//! Exact: JSON Lines keeps nulls, strings and floats as written (serde_json parses floats
//! exactly with `float_roundtrip`); CSV cannot tell a null from an empty string, so it is
//! only read back to write CSV again, where both print the same.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::{Format, Row, Value};
use crate::error::WriteError;
use crate::schema::{ColumnType, TableSchema};

fn bad(path: &Path, message: impl Into<String>) -> WriteError {
    WriteError::Format {
        path: path.to_path_buf(),
        message: format!(
            "cannot read back the previous run's rows: {}; run without --incremental",
            message.into()
        ),
    }
}

/// One JSON value as the cell of a column of type `ty`.
fn cell(json: &Json, ty: ColumnType) -> Option<Value<'static>> {
    Some(match (json, ty) {
        (Json::Null, _) => Value::Null,
        (Json::String(s), ColumnType::String) => Value::Str(Cow::Owned(s.clone())),
        (Json::String(s), ColumnType::Date) => Value::Date(Cow::Owned(s.clone())),
        (Json::Number(n), ColumnType::Int32 | ColumnType::Int64) => Value::Int(n.as_i64()?),
        (Json::Number(n), ColumnType::Float64) => Value::Float(n.as_f64()?),
        (Json::Array(items), ColumnType::ListString) => Value::List(Cow::Owned(
            items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()?,
        )),
        _ => return None,
    })
}

/// A JSON object (one JSON Lines row) as a row of `schema`; `None` when it does not fit.
pub fn row_from_json(json: &Json, schema: &TableSchema) -> Option<Row<'static>> {
    let obj = json.as_object()?;
    schema
        .columns
        .iter()
        .map(|c| cell(obj.get(&c.name).unwrap_or(&Json::Null), c.ty))
        .collect()
}

/// One CSV record as a row of `schema`: empty cells are null in nullable columns.
fn row_from_csv(record: &csv::StringRecord, schema: &TableSchema) -> Option<Row<'static>> {
    if record.len() != schema.columns.len() {
        return None;
    }
    schema
        .columns
        .iter()
        .zip(record.iter())
        .map(|(c, s)| {
            if s.is_empty() && c.nullable {
                return Some(Value::Null);
            }
            Some(match c.ty {
                ColumnType::String => Value::Str(Cow::Owned(s.to_string())),
                ColumnType::Date => Value::Date(Cow::Owned(s.to_string())),
                ColumnType::Int32 | ColumnType::Int64 => Value::Int(s.parse().ok()?),
                ColumnType::Float64 => Value::Float(s.parse().ok()?),
                ColumnType::ListString => Value::List(Cow::Owned(serde_json::from_str(s).ok()?)),
            })
        })
        .collect()
}

enum Open {
    Jsonl(std::io::Lines<BufReader<File>>),
    Csv(csv::StringRecordsIntoIter<BufReader<File>>),
}

/// The rows of a table's files (the parts of one partition, in order), handed out issue by
/// issue. Files are in issue order, so reading is one pass and memory holds one issue.
pub struct IssueRowReader {
    schema: TableSchema,
    format: Format,
    files: VecDeque<PathBuf>,
    path: PathBuf,
    open: Option<Open>,
    peeked: Option<(String, Row<'static>)>,
    id_col: usize,
}

impl IssueRowReader {
    /// Reads `files` (JSON Lines or CSV, as `format` says) of rows of `schema`, which must
    /// have an `issue_id` column.
    pub fn new(
        schema: TableSchema,
        format: Format,
        files: Vec<PathBuf>,
    ) -> Result<IssueRowReader, WriteError> {
        let id_col = schema
            .columns
            .iter()
            .position(|c| c.name == "issue_id")
            .ok_or_else(|| bad(Path::new(&schema.name), "the table has no issue_id column"))?;
        Ok(IssueRowReader {
            schema,
            format,
            files: files.into(),
            path: PathBuf::new(),
            open: None,
            peeked: None,
            id_col,
        })
    }

    fn next_row(&mut self) -> Result<Option<(String, Row<'static>)>, WriteError> {
        loop {
            let Some(open) = &mut self.open else {
                let Some(path) = self.files.pop_front() else {
                    return Ok(None);
                };
                let file = File::open(&path).map_err(|e| super::io_error(&path, e))?;
                let reader = BufReader::with_capacity(1 << 16, file);
                self.open = Some(match self.format {
                    Format::Csv => {
                        let mut r = csv::ReaderBuilder::new()
                            .has_headers(true)
                            .from_reader(reader);
                        // Skips a byte-order mark with the header.
                        r.headers().map_err(|e| bad(&path, e.to_string()))?;
                        Open::Csv(r.into_records())
                    }
                    _ => Open::Jsonl(reader.lines()),
                });
                self.path = path;
                continue;
            };
            let row = match open {
                Open::Jsonl(lines) => match lines.next() {
                    None => None,
                    Some(line) => {
                        let line = line.map_err(|e| super::io_error(&self.path, e))?;
                        let json: Json = serde_json::from_str(&line)
                            .map_err(|e| bad(&self.path, e.to_string()))?;
                        Some(row_from_json(&json, &self.schema))
                    }
                },
                Open::Csv(records) => match records.next() {
                    None => None,
                    Some(record) => {
                        let record = record.map_err(|e| bad(&self.path, e.to_string()))?;
                        Some(row_from_csv(&record, &self.schema))
                    }
                },
            };
            match row {
                None => self.open = None,
                Some(None) => return Err(bad(&self.path, "a row does not fit the schema")),
                Some(Some(row)) => {
                    let id = match &row[self.id_col] {
                        Value::Str(s) => s.to_string(),
                        _ => return Err(bad(&self.path, "a row without issue_id")),
                    };
                    return Ok(Some((id, row)));
                }
            }
        }
    }

    /// The rows of issue `id`; rows of issues sorting before it (issues that are gone or
    /// changed) are passed over.
    pub fn take(&mut self, id: &str) -> Result<Vec<Row<'static>>, WriteError> {
        let mut rows = Vec::new();
        loop {
            if self.peeked.is_none() {
                self.peeked = self.next_row()?;
            }
            match &self.peeked {
                None => return Ok(rows),
                Some((got, _)) if got.as_str() < id => self.peeked = None,
                Some((got, _)) if got == id => {
                    if let Some((_, row)) = self.peeked.take() {
                        rows.push(row);
                    }
                }
                Some(_) => return Ok(rows),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Table;
    use crate::writers::jsonl::push_row;

    #[test]
    fn json_rows_read_back_as_written() {
        let schema = Table::Numbers.schema();
        let row: Row = schema
            .columns
            .iter()
            .map(|c| match c.ty {
                ColumnType::String => Value::from("数字\"\n"),
                ColumnType::Int32 | ColumnType::Int64 => Value::Int(-7),
                ColumnType::Float64 => Value::Float(0.1 + 0.2),
                ColumnType::Date => Value::Null,
                ColumnType::ListString => Value::from(vec!["a".to_string()]),
            })
            .collect();
        let mut line = String::new();
        push_row(&mut line, schema, &row);
        let back = row_from_json(&serde_json::from_str(&line).unwrap(), schema).unwrap();
        assert_eq!(back, row);
    }

    #[test]
    fn take_hands_out_rows_issue_by_issue() {
        let tmp = tempfile::tempdir().unwrap();
        let schema = Table::Issues.schema().clone();
        let ids = ["a", "b", "b", "d"];
        let mut text = String::new();
        for id in ids {
            let row: Row = schema
                .columns
                .iter()
                .map(|c| match (c.name.as_str(), c.ty) {
                    ("issue_id", _) => Value::from(id),
                    (_, ColumnType::Int32 | ColumnType::Int64) => Value::Int(1),
                    (_, ColumnType::ListString) => Value::from(Vec::new()),
                    _ => Value::Null,
                })
                .collect();
            push_row(&mut text, &schema, &row);
            text.push('\n');
        }
        let path = tmp.path().join("issues.jsonl");
        std::fs::write(&path, text).unwrap();
        let mut r = IssueRowReader::new(schema, Format::Jsonl, vec![path]).unwrap();
        assert_eq!(r.take("b").unwrap().len(), 2);
        assert_eq!(r.take("c").unwrap().len(), 0);
        assert_eq!(r.take("d").unwrap().len(), 1);
        assert_eq!(r.take("e").unwrap().len(), 0);
    }
}
