//! The table files of one run in a staging folder: one file per table and format, or with
//! `--partition-by` a Hive-style tree per table (`articles/year=2022/part-00000.parquet`)
//! whose parts roll over past a size bound. Partition columns are issues columns named in
//! schemas/; they are kept out of the files, as Hive readers expect.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::WriteError;
use crate::run_manifest::{self, FileEntry};
use crate::schema::{Table, TableSchema};
use crate::tables::IssueRows;
use crate::writers::{self, hive, Format, Row, TableWriter, Value, WriteOptions};

/// The partition columns `--partition-by` accepts.
pub const PARTITION_COLUMNS: [&str; 2] = ["year", "paper"];

/// How the files of a table are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLayout {
    /// Issues columns, in folder order; empty: one file per table.
    pub partition_by: Vec<String>,
    /// Bound of one part file (see [`hive::PART_BYTES`]).
    pub part_bytes: u64,
}

impl Default for FileLayout {
    fn default() -> FileLayout {
        FileLayout {
            partition_by: Vec::new(),
            part_bytes: hive::PART_BYTES,
        }
    }
}

impl FileLayout {
    pub fn partitioned(&self) -> bool {
        !self.partition_by.is_empty()
    }

    /// The columns of `--partition-by NAMES`, or what is wrong with them.
    pub fn parse_columns(names: &[String]) -> Result<Vec<String>, String> {
        let mut out: Vec<String> = Vec::new();
        for name in names.iter().map(|n| n.trim()) {
            if !PARTITION_COLUMNS.contains(&name) {
                return Err(format!(
                    "--partition-by `{name}`: partition by year, paper or year,paper"
                ));
            }
            if out.iter().any(|n| n == name) {
                return Err(format!("--partition-by names `{name}` twice"));
            }
            out.push(name.to_string());
        }
        Ok(out)
    }
}

/// The schema of a table's files: the table's schema less the partition columns.
pub fn file_schema(table: Table, layout: &FileLayout) -> TableSchema {
    let mut schema = table.schema().clone();
    schema
        .columns
        .retain(|c| !layout.partition_by.contains(&c.name));
    schema
}

/// Where the rows of an issue go: the partition folder (`year=2022/paper=X`), empty when
/// not partitioned, from the issue's full `issues` row.
pub fn partition_of(layout: &FileLayout, issue_row: &[Value]) -> String {
    let schema = Table::Issues.schema();
    layout
        .partition_by
        .iter()
        .map(|name| {
            let value = schema
                .columns
                .iter()
                .position(|c| &c.name == name)
                .and_then(|i| issue_row.get(i))
                .unwrap_or(&Value::Null);
            hive::segment(name, value)
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The `issues` row as written to the files: without the partition columns.
pub fn project_issue<'a>(layout: &FileLayout, row: Row<'a>) -> Row<'a> {
    if !layout.partitioned() {
        return row;
    }
    Table::Issues
        .schema()
        .columns
        .iter()
        .zip(row)
        .filter(|(c, _)| !layout.partition_by.contains(&c.name))
        .map(|(_, v)| v)
        .collect()
}

/// The partition folder of a table file's path (`articles/year=2022/part-00000.csv` →
/// `year=2022`); empty for a table file that is not in a tree.
pub fn partition_of_path(path: &str) -> Option<&str> {
    let (first, rest) = path.split_once('/')?;
    Table::ALL.iter().find(|t| t.name() == first)?;
    Some(rest.rsplit_once('/').map_or("", |(dir, _)| dir))
}

struct OpenFile {
    rel: String,
    writer: Box<dyn TableWriter>,
    rows: u64,
}

/// The open part of one (table, partition), in every format.
struct Sink {
    part: usize,
    weight: u64,
    files: Vec<OpenFile>,
}

pub struct TableFiles {
    dir: PathBuf,
    formats: Vec<Format>,
    options: WriteOptions,
    layout: FileLayout,
    schemas: Vec<TableSchema>,
    sinks: BTreeMap<(usize, String), Sink>,
    done: Vec<(String, u64)>,
}

impl TableFiles {
    /// Without partitions and with `open_all`, every table gets its files now, empty or not.
    pub fn new(
        dir: &Path,
        formats: &[Format],
        options: WriteOptions,
        layout: &FileLayout,
        open_all: bool,
    ) -> Result<TableFiles, WriteError> {
        let mut files = TableFiles {
            dir: dir.to_path_buf(),
            formats: formats.to_vec(),
            options,
            layout: layout.clone(),
            schemas: Table::ALL.iter().map(|&t| file_schema(t, layout)).collect(),
            sinks: BTreeMap::new(),
            done: Vec::new(),
        };
        if open_all && !layout.partitioned() {
            for t in 0..Table::ALL.len() {
                files.sink(t, "")?;
            }
        }
        Ok(files)
    }

    fn open(&self, table: usize, key: &str, part: usize) -> Result<Sink, WriteError> {
        let name = Table::ALL[table].name();
        let mut files = Vec::new();
        for &format in &self.formats {
            let rel = if self.layout.partitioned() {
                format!("{name}/{key}/{}", hive::part_name(part, format.extension()))
            } else {
                format!("{name}.{}", format.extension())
            };
            let path = self.dir.join(&rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| writers::io_error(parent, e))?;
            }
            let writer = writers::open_file(&path, &self.schemas[table], format, self.options)?;
            files.push(OpenFile {
                rel,
                writer,
                rows: 0,
            });
        }
        Ok(Sink {
            part,
            weight: 0,
            files,
        })
    }

    fn sink(&mut self, table: usize, key: &str) -> Result<&mut Sink, WriteError> {
        let k = (table, key.to_string());
        if !self.sinks.contains_key(&k) {
            let sink = self.open(table, key, 0)?;
            self.sinks.insert(k.clone(), sink);
        }
        self.sinks.get_mut(&k).ok_or_else(|| WriteError::Format {
            path: self.dir.clone(),
            message: "internal error: a table writer went missing".into(),
        })
    }

    fn close(&mut self, sink: Sink) -> Result<(), WriteError> {
        for f in sink.files {
            f.writer.finish()?;
            self.done.push((f.rel, f.rows));
        }
        Ok(())
    }

    /// Writes one issue's rows (its `issues` row already projected) into partition `key`.
    pub fn write_issue(&mut self, key: &str, rows: &IssueRows<'_>) -> Result<(), WriteError> {
        let tables: [&[Row]; 4] = [
            std::slice::from_ref(&rows.issue),
            &rows.articles,
            &rows.numbers,
            &rows.entities,
        ];
        let bound = self.layout.part_bytes;
        let partitioned = self.layout.partitioned();
        for (t, table_rows) in tables.into_iter().enumerate() {
            if table_rows.is_empty() {
                continue;
            }
            // The table's sink is taken out of the map for its rows and put back after: one
            // map lookup per table and issue, not two per row (they were 2 % of a run).
            let k = (t, key.to_string());
            let mut sink = match self.sinks.remove(&k) {
                Some(sink) => sink,
                None => self.open(t, key, 0)?,
            };
            for row in table_rows {
                if partitioned {
                    let w = hive::weight(row);
                    if sink.weight > 0 && sink.weight + w > bound {
                        let fresh = self.open(t, key, sink.part + 1)?;
                        let old = std::mem::replace(&mut sink, fresh);
                        self.close(old)?;
                    }
                    sink.weight += w;
                }
                for f in &mut sink.files {
                    f.writer.write_row(row)?;
                    f.rows += 1;
                }
            }
            self.sinks.insert(k, sink);
        }
        Ok(())
    }

    /// Closes every file; their manifest entries, sorted by path.
    pub fn finish(mut self) -> Result<Vec<FileEntry>, WriteError> {
        let sinks = std::mem::take(&mut self.sinks);
        for (_, sink) in sinks {
            self.close(sink)?;
        }
        let mut entries = Vec::new();
        for (rel, rows) in std::mem::take(&mut self.done) {
            let path = self.dir.join(&rel);
            let sha256 =
                run_manifest::sha256_file(&path).map_err(|e| writers::io_error(&path, e))?;
            entries.push(FileEntry {
                path: rel,
                rows: Some(rows),
                sha256,
            });
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }
}

/// One issue's rows as JSON Lines tagged by table, for `convert --stdout`: one object per
/// row, `{"table":"articles","year":2022,"paper":"…","row":{…}}`, issues row first; `year`
/// and `paper` are the issue's, so a caller can partition every table by them.
pub fn tagged_lines(rows: &IssueRows<'_>) -> String {
    let issues = Table::Issues.schema();
    let col = |name: &str| {
        issues
            .columns
            .iter()
            .position(|c| c.name == name)
            .and_then(|i| rows.issue.get(i))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let (year, paper) = (col("year"), col("paper"));
    let tables: [&[Row]; 4] = [
        std::slice::from_ref(&rows.issue),
        &rows.articles,
        &rows.numbers,
        &rows.entities,
    ];
    let mut out = String::new();
    for (table, table_rows) in Table::ALL.iter().zip(tables) {
        for row in table_rows {
            out.push_str("{\"table\":");
            writers::push_json_str(&mut out, table.name());
            out.push_str(",\"year\":");
            writers::jsonl::push_value(&mut out, &year);
            out.push_str(",\"paper\":");
            writers::jsonl::push_value(&mut out, &paper);
            out.push_str(",\"row\":");
            writers::jsonl::push_row(&mut out, table.schema(), row);
            out.push_str("}\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_columns_are_checked() {
        assert_eq!(
            FileLayout::parse_columns(&["year".into(), "paper".into()]),
            Ok(vec!["year".to_string(), "paper".to_string()])
        );
        assert!(FileLayout::parse_columns(&["month".into()]).is_err());
        assert!(FileLayout::parse_columns(&["year".into(), "year".into()]).is_err());
    }

    #[test]
    fn partition_columns_leave_the_files() {
        let layout = FileLayout {
            partition_by: vec!["year".into()],
            ..FileLayout::default()
        };
        let schema = file_schema(Table::Issues, &layout);
        assert!(!schema.names().contains(&"year"));
        assert_eq!(
            schema.columns.len() + 1,
            Table::Issues.schema().columns.len()
        );
        assert_eq!(
            file_schema(Table::Articles, &layout).names(),
            Table::Articles.schema().names()
        );
    }

    #[test]
    fn partitions_of_paths() {
        assert_eq!(partition_of_path("articles.csv"), None);
        assert_eq!(
            partition_of_path("articles/year=2022/part-00000.csv"),
            Some("year=2022")
        );
        assert_eq!(
            partition_of_path("issues/year=2022/paper=X/part-00001.csv"),
            Some("year=2022/paper=X")
        );
        assert_eq!(partition_of_path("datapackage.json"), None);
    }
}
