//! Parquet through Arrow: ZSTD, column statistics, dictionary encoding on the schema's
//! low-cardinality columns, row groups bounded in bytes so memory stays bounded.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{Field as ArrowField, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use super::{TableWriter, Value};
use crate::error::WriteError;
use crate::schema::{ColumnType, TableSchema};

/// Rows buffered before they become an Arrow batch.
const BATCH_ROWS: usize = 4096;
/// Upper bound of a row group's encoded size.
const ROW_GROUP_BYTES: usize = 4 << 20;
/// Upper bound of a data page before compression: every column holds one page open, so
/// this times the columns of all four tables is memory in flight.
const PAGE_BYTES: usize = 256 << 10;

pub struct ParquetWriter {
    path: PathBuf,
    arrow: Arc<Schema>,
    writer: ArrowWriter<File>,
    /// One builder per column: rows are appended straight into Arrow buffers.
    columns: Vec<Column>,
    rows: usize,
}

/// The writer properties of every Parquet file baozhi writes.
pub fn writer_properties(schema: &TableSchema) -> WriterProperties {
    let mut builder = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).unwrap_or_default()))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(None)
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
        .set_data_page_size_limit(PAGE_BYTES)
        // List items named `element`, as pyarrow and the Parquet spec expect.
        .set_coerce_types(true)
        .set_created_by(format!("baozhi {}", env!("CARGO_PKG_VERSION")))
        .set_dictionary_enabled(false);
    for column in schema.columns.iter().filter(|c| c.dictionary) {
        builder =
            builder.set_column_dictionary_enabled(ColumnPath::from(column.name.as_str()), true);
    }
    builder.build()
}

impl ParquetWriter {
    pub fn create(path: &Path, schema: &TableSchema) -> Result<ParquetWriter, WriteError> {
        let file = File::create(path).map_err(|e| super::io_error(path, e))?;
        let arrow = Arc::new(schema.arrow_schema());
        let writer = ArrowWriter::try_new(file, arrow.clone(), Some(writer_properties(schema)))
            .map_err(|e| format_error(path, e))?;
        Ok(ParquetWriter {
            path: path.to_path_buf(),
            arrow,
            writer,
            columns: schema.columns.iter().map(|c| Column::new(c.ty)).collect(),
            rows: 0,
        })
    }

    fn flush_batch(&mut self) -> Result<(), WriteError> {
        if self.rows == 0 {
            return Ok(());
        }
        let columns = self.columns.iter_mut().map(Column::finish).collect();
        self.rows = 0;
        let batch =
            RecordBatch::try_new(self.arrow.clone(), columns).map_err(|e| WriteError::Format {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
        self.writer
            .write(&batch)
            .map_err(|e| format_error(&self.path, e))
    }
}

fn format_error(path: &Path, e: parquet::errors::ParquetError) -> WriteError {
    match e {
        parquet::errors::ParquetError::External(inner) => {
            match inner.downcast::<std::io::Error>() {
                Ok(io) => super::io_error(path, *io),
                Err(other) => WriteError::Format {
                    path: path.to_path_buf(),
                    message: other.to_string(),
                },
            }
        }
        other => WriteError::Format {
            path: path.to_path_buf(),
            message: other.to_string(),
        },
    }
}

/// An Arrow builder for one column type of the schema.
enum Column {
    String(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Float64(Float64Builder),
    Date(Date32Builder),
    ListString(ListBuilder<StringBuilder>),
}

impl Column {
    fn new(ty: ColumnType) -> Column {
        match ty {
            ColumnType::String => Column::String(StringBuilder::new()),
            ColumnType::Int32 => Column::Int32(Int32Builder::new()),
            ColumnType::Int64 => Column::Int64(Int64Builder::new()),
            ColumnType::Float64 => Column::Float64(Float64Builder::new()),
            ColumnType::Date => Column::Date(Date32Builder::new()),
            ColumnType::ListString => {
                let item = ArrowField::new("element", arrow_schema::DataType::Utf8, false);
                Column::ListString(
                    ListBuilder::new(StringBuilder::new()).with_field(Arc::new(item)),
                )
            }
        }
    }

    /// Appends one cell; a value of the wrong type is written as null.
    fn append(&mut self, v: &Value) {
        match self {
            Column::String(b) => match v {
                Value::Str(s) | Value::Date(s) => b.append_value(s),
                _ => b.append_null(),
            },
            Column::Int32(b) => match v {
                Value::Int(i) => b.append_option(i32::try_from(*i).ok()),
                _ => b.append_null(),
            },
            Column::Int64(b) => match v {
                Value::Int(i) => b.append_value(*i),
                _ => b.append_null(),
            },
            Column::Float64(b) => match v {
                Value::Float(f) => b.append_value(*f),
                Value::Int(i) => b.append_value(*i as f64),
                _ => b.append_null(),
            },
            Column::Date(b) => match v {
                Value::Date(s) => b.append_option(days_since_epoch(s)),
                _ => b.append_null(),
            },
            Column::ListString(b) => {
                if let Value::List(items) = v {
                    for item in items.iter() {
                        b.values().append_value(item);
                    }
                }
                // Lists are never null in the contract: a missing list is an empty one.
                b.append(true);
            }
        }
    }

    /// The column so far as an array; the builder starts empty again.
    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::String(b) => Arc::new(b.finish()),
            Column::Int32(b) => Arc::new(b.finish()),
            Column::Int64(b) => Arc::new(b.finish()),
            Column::Float64(b) => Arc::new(b.finish()),
            Column::Date(b) => Arc::new(b.finish()),
            Column::ListString(b) => Arc::new(b.finish()),
        }
    }
}

/// Days from 1970-01-01 of an ISO `YYYY-MM-DD` date (proleptic Gregorian).
pub fn days_since_epoch(date: &str) -> Option<i32> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146097 + doe - 719468).ok()
}

pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl TableWriter for ParquetWriter {
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<(), WriteError> {
        for (i, column) in self.columns.iter_mut().enumerate() {
            column.append(row.get(i).unwrap_or(&Value::Null));
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        self.flush_batch()?;
        let path = self.path.clone();
        let file = self
            .writer
            .into_inner()
            .map_err(|e| format_error(&path, e))?;
        file.sync_all().map_err(|e| super::io_error(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_to_days() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2022-02-07"), Some(19030));
        assert_eq!(days_since_epoch("2000-02-29"), Some(11016));
        assert_eq!(days_since_epoch("2022-02-29"), None);
        assert_eq!(days_since_epoch("2022-13-01"), None);
        assert_eq!(days_since_epoch("x"), None);
    }
}
