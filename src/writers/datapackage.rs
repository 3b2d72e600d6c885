//! `datapackage.json`: a Frictionless Tabular Data Package describing the CSV tables,
//! built from the same schemas as the tables.

use serde_json::{json, Map, Value as Json};

use crate::schema::Table;

/// The data package for `tables`, as pretty JSON with a final newline.
pub fn datapackage(tables: &[Table]) -> String {
    let resources: Vec<Json> = tables.iter().map(|t| resource(*t)).collect();
    let version = Table::Issues.schema().version.clone();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "baozhi-output",
        "title": "Chinese newspaper issues as tables (baozhi)",
        "version": version,
        "resources": resources,
    });
    let mut s = serde_json::to_string_pretty(&package).unwrap_or_default();
    s.push('\n');
    s
}

fn resource(table: Table) -> Json {
    let schema = table.schema();
    let fields: Vec<Json> = schema
        .columns
        .iter()
        .map(|c| {
            let mut f = Map::new();
            f.insert("name".into(), json!(c.name));
            f.insert("type".into(), json!(c.ty.frictionless()));
            f.insert("description".into(), json!(c.description));
            if !c.nullable && !c.may_be_empty {
                f.insert("constraints".into(), json!({"required": true}));
            }
            Json::Object(f)
        })
        .collect();
    json!({
        "profile": "tabular-data-resource",
        "name": schema.name,
        "path": format!("{}.csv", schema.name),
        "description": schema.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": "\"", "doubleQuote": true, "header": true},
        "schema": {
            "fields": fields,
            "primaryKey": schema.primary_key,
            "missingValues": [""],
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_resource_per_table_with_schema_columns() {
        let pkg: Json = serde_json::from_str(&datapackage(&Table::ALL)).unwrap();
        let resources = pkg["resources"].as_array().unwrap();
        assert_eq!(resources.len(), 4);
        for (r, t) in resources.iter().zip(Table::ALL) {
            assert_eq!(r["path"], format!("{}.csv", t.name()));
            let names: Vec<&str> = r["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            assert_eq!(names, t.schema().names());
        }
    }
}
