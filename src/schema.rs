//! The table schemas of `schemas/`, embedded at build time: the single source of truth for
//! the CSV header, the JSON Lines key order, the Arrow/Parquet schema and `datapackage.json`.

use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field as ArrowField, Schema};
use serde::Deserialize;

use crate::error::SchemaError;

/// The four output tables, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Issues,
    Articles,
    Numbers,
    Entities,
}

impl Table {
    pub const ALL: [Table; 4] = [
        Table::Issues,
        Table::Articles,
        Table::Numbers,
        Table::Entities,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Issues => "issues",
            Table::Articles => "articles",
            Table::Numbers => "numbers",
            Table::Entities => "entities",
        }
    }

    pub fn parse(name: &str) -> Result<Table, SchemaError> {
        Table::ALL
            .into_iter()
            .find(|t| t.name() == name.trim())
            .ok_or_else(|| SchemaError::UnknownTable(name.to_string()))
    }

    /// The schema file as shipped in `schemas/`.
    pub fn source(self) -> &'static str {
        match self {
            Table::Issues => include_str!("../schemas/issues.schema.json"),
            Table::Articles => include_str!("../schemas/articles.schema.json"),
            Table::Numbers => include_str!("../schemas/numbers.schema.json"),
            Table::Entities => include_str!("../schemas/entities.schema.json"),
        }
    }

    /// The parsed schema. The files are part of the build, so a file that does not parse is
    /// a defect caught by the tests, not a user error.
    pub fn schema(self) -> &'static TableSchema {
        static SCHEMAS: OnceLock<Vec<TableSchema>> = OnceLock::new();
        let all = SCHEMAS.get_or_init(|| {
            Table::ALL
                .iter()
                .map(|t| TableSchema::parse(t.source()).unwrap_or_else(|e| panic!("{e}")))
                .collect()
        });
        &all[self as usize]
    }
}

/// Column types of the contract (tables.md, "Encodings of values").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ColumnType {
    #[serde(rename = "string")]
    String,
    #[serde(rename = "int32")]
    Int32,
    #[serde(rename = "int64")]
    Int64,
    #[serde(rename = "float64")]
    Float64,
    #[serde(rename = "list<string>")]
    ListString,
    #[serde(rename = "date")]
    Date,
}

impl ColumnType {
    pub fn arrow(self) -> DataType {
        match self {
            ColumnType::String => DataType::Utf8,
            ColumnType::Int32 => DataType::Int32,
            ColumnType::Int64 => DataType::Int64,
            ColumnType::Float64 => DataType::Float64,
            ColumnType::ListString => {
                DataType::List(Arc::new(ArrowField::new("element", DataType::Utf8, false)))
            }
            ColumnType::Date => DataType::Date32,
        }
    }

    /// The Frictionless Table Schema type of the CSV column.
    pub fn frictionless(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Int32 | ColumnType::Int64 => "integer",
            ColumnType::Float64 => "number",
            ColumnType::ListString => "array",
            ColumnType::Date => "date",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub nullable: bool,
    pub description: String,
    /// Low-cardinality column: dictionary-encoded in Parquet.
    #[serde(default)]
    pub dictionary: bool,
    /// Not null, but may hold the empty string (so not `required` for Frictionless).
    #[serde(default)]
    pub may_be_empty: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSchema {
    pub name: String,
    pub version: String,
    pub description: String,
    pub primary_key: Vec<String>,
    #[serde(rename = "fields")]
    pub columns: Vec<Column>,
}

impl TableSchema {
    pub fn parse(source: &str) -> Result<TableSchema, SchemaError> {
        serde_json::from_str(source).map_err(|e| SchemaError::Invalid {
            table: "?".to_string(),
            message: e.to_string(),
        })
    }

    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    pub fn arrow_schema(&self) -> Schema {
        Schema::new(
            self.columns
                .iter()
                .map(|c| ArrowField::new(&c.name, c.ty.arrow(), c.nullable))
                .collect::<Vec<_>>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_parses_and_shares_one_version() {
        let versions: Vec<&str> = Table::ALL
            .iter()
            .map(|t| t.schema().version.as_str())
            .collect();
        assert!(versions.iter().all(|v| *v == versions[0]), "{versions:?}");
        for t in Table::ALL {
            let s = t.schema();
            assert_eq!(s.name, t.name());
            for key in &s.primary_key {
                assert!(
                    s.names().contains(&key.as_str()),
                    "{}: primary key {key} is not a column",
                    s.name
                );
            }
        }
    }

    #[test]
    fn arrow_types_follow_the_contract() {
        let issues = Table::Issues.schema().arrow_schema();
        assert_eq!(
            issues
                .field_with_name("date")
                .map(|f| f.data_type().clone())
                .ok(),
            Some(DataType::Date32)
        );
        assert_eq!(
            issues
                .field_with_name("chars")
                .map(|f| f.data_type().clone())
                .ok(),
            Some(DataType::Int64)
        );
        let numbers = Table::Numbers.schema().arrow_schema();
        assert_eq!(
            numbers
                .field_with_name("value")
                .map(|f| f.is_nullable())
                .ok(),
            Some(true)
        );
    }
}
