//! Parquet read back with the parquet crate equals the JSON Lines rows, with the schema's
//! Arrow types, ZSTD and statistics.

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use baozhi::schema::Table;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::reader::FileReader;
use serde_json::{json, Value};

use crate::util::*;

fn cell(col: &dyn Array, i: usize) -> Value {
    if col.is_null(i) {
        return Value::Null;
    }
    match col.data_type() {
        DataType::Utf8 => json!(col.as_string::<i32>().value(i)),
        DataType::Int32 => json!(col.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => json!(col.as_primitive::<Int64Type>().value(i)),
        DataType::Float64 => {
            let f = col.as_primitive::<Float64Type>().value(i);
            // JSON Lines writes integral floats without `.0`.
            if f.fract() == 0.0 && f.abs() < 9e15 {
                json!(f as i64)
            } else {
                json!(f)
            }
        }
        // Compared as days since the epoch (the JSON side is converted below).
        DataType::Date32 => json!(col.as_primitive::<Date32Type>().value(i)),
        DataType::List(_) => {
            let list = col.as_list::<i32>().value(i);
            let items = list.as_string::<i32>();
            json!((0..items.len()).map(|j| items.value(j)).collect::<Vec<_>>())
        }
        other => panic!("unexpected type {other}"),
    }
}

fn rows(batch: &RecordBatch) -> Vec<Value> {
    (0..batch.num_rows())
        .map(|i| {
            let mut obj = serde_json::Map::new();
            for (f, col) in batch.schema().fields().iter().zip(batch.columns()) {
                obj.insert(f.name().clone(), cell(col.as_ref(), i));
            }
            Value::Object(obj)
        })
        .collect()
}

#[test]
fn parquet_equals_jsonl_with_schema_types() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("a.txt"), sample()).unwrap();
    std::fs::write(tmp.path().join("b.txt"), b"").unwrap();
    run_ok(
        tmp.path(),
        &[
            "convert",
            "a.txt",
            "b.txt",
            "-o",
            "out",
            "--quiet",
            "--date",
            "2022-02-12",
        ],
        1,
    );
    for table in Table::ALL {
        let path = tmp.path().join(format!("out/{}.parquet", table.name()));
        let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
        let schema = builder.schema().clone();
        let expected = table.schema().arrow_schema();
        for (got, want) in schema.fields().iter().zip(expected.fields()) {
            assert_eq!(
                (got.name(), got.data_type().to_string()),
                (want.name(), want.data_type().to_string()),
                "{}",
                table.name()
            );
        }
        assert_eq!(schema.fields().len(), expected.fields().len());
        let mut parquet_rows = Vec::new();
        for batch in builder.build().unwrap() {
            parquet_rows.extend(rows(&batch.unwrap()));
        }
        let mut jsonl_rows = jsonl(&tmp.path().join(format!("out/{}.jsonl", table.name())));
        for row in &mut jsonl_rows {
            for (name, value) in row.as_object_mut().unwrap() {
                if expected
                    .field_with_name(name)
                    .map(|f| f.data_type() == &DataType::Date32)
                    .unwrap_or(false)
                {
                    if let Some(s) = value.as_str() {
                        *value = json!(baozhi::writers::parquet::days_since_epoch(s).unwrap());
                    }
                }
            }
        }
        assert_eq!(parquet_rows, jsonl_rows, "{}", table.name());

        let reader =
            parquet::file::reader::SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
        for rg in reader.metadata().row_groups() {
            for col in rg.columns() {
                assert!(
                    col.compression().to_string().starts_with("ZSTD"),
                    "{}: {}",
                    col.column_path(),
                    col.compression()
                );
                assert!(
                    col.statistics().is_some(),
                    "{}: no statistics",
                    col.column_path()
                );
            }
        }
    }
}
