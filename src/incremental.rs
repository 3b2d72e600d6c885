//! `convert --incremental`: converts only the inputs that are new or changed since the
//! output folder's run manifest, and rewrites only the partitions they touch.
//!
//! An input is unchanged when the previous manifest lists its issue_id with the same
//! source, sha256 of the bytes, per-file manifest values and `status = ok`, under the same
//! conversion options. Changed and new inputs are converted first, into a spool file (so
//! the partitions they land in are known before any table is written); then every input
//! is taken in output order: an unchanged one in a touched partition gets its rows back from
//! the previous run's JSON Lines (or CSV, for a CSV-only run), a converted one from the
//! spool. Untouched partitions keep their files. Output order and part boundaries depend only
//! on a partition's own rows, so the result is byte-identical to a full run.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use crate::error::WriteError;
use crate::inputs::{InputFile, Origin};
use crate::inspect;
use crate::model::IssueRecord;
use crate::output::{self, TableFiles};
use crate::pipeline::{self, Batch, Engine, Summary};
use crate::run_manifest::{self, FileEntry, InputEntry, RunManifest, RunOptions};
use crate::schema::{Table, TableSchema};
use crate::tables::IssueRows;
use crate::writers::{self, readback, Format, Row};

/// Which inputs are unchanged, and where their previous rows are read from.
pub struct Plan {
    /// Per input (in output order): its previous entry when it is unchanged.
    unchanged: Vec<Option<InputEntry>>,
    /// The previous run's format rows are read back from.
    source: Format,
}

/// The plan of an incremental run over `files`, or `None` when the previous run cannot be
/// reused (other contract, conversion options or partition layout, no lossless format, or
/// repeated issue_ids): then every input is converted. With `pages` (the output's previous
/// `inspect/` folder, when this run writes inspect pages), an input whose page is missing
/// there is converted again, so every issue keeps its page.
pub fn plan(
    previous: &RunManifest,
    files: &[InputFile],
    options: &RunOptions,
    jobs: usize,
    pages: Option<&Path>,
) -> Option<Plan> {
    let prev = &previous.options;
    if previous.contract != run_manifest::contract_version()
        || !options.same_conversion(prev)
        || options.partition_by != prev.partition_by
        || options.part_bytes != prev.part_bytes
    {
        return None;
    }
    let has = |f: &str| prev.formats.iter().any(|g| g == f);
    let source = if has("jsonl") {
        Format::Jsonl
    } else if has("csv") && options.formats == ["csv"] {
        // CSV does not tell a null from an empty string: read back only to write CSV.
        Format::Csv
    } else {
        return None;
    };
    let by_id: HashMap<&str, &InputEntry> = previous
        .inputs
        .iter()
        .map(|e| (e.issue_id.as_str(), e))
        .collect();
    // Files come sorted by issue_id: a repeat follows its first.
    let repeated = files.windows(2).any(|w| w[0].issue_id == w[1].issue_id);
    if by_id.len() != previous.inputs.len() || repeated {
        return None;
    }
    let candidate = |f: &InputFile| -> Option<&InputEntry> {
        let e = by_id.get(f.issue_id.as_str())?;
        let same = f.error.is_none()
            && matches!(f.origin, Origin::File(_))
            && e.status == "ok"
            && (&e.source, &e.paper, &e.date) == (&f.source, &f.paper, &f.date)
            && pages.is_none_or(|dir| dir.join(inspect::file_name(&e.issue_id)).is_file());
        same.then_some(*e)
    };
    // The bytes of every candidate are hashed, on `jobs` threads.
    let next = AtomicUsize::new(0);
    let results: Vec<Option<(usize, InputEntry)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break };
                        let Some(e) = candidate(f) else { continue };
                        if let Ok(Some(bytes)) = pipeline::read_input(f) {
                            if run_manifest::hex(&Sha256::digest(&bytes)) == e.sha256 {
                                found.push(Some((i, e.clone())));
                            }
                        }
                    }
                    found
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut unchanged = vec![None; files.len()];
    for (i, e) in results.into_iter().flatten() {
        unchanged[i] = Some(e);
    }
    Some(Plan { unchanged, source })
}

impl Plan {
    /// The issue_ids of the inputs whose previous rows (and inspect page) are kept.
    pub fn unchanged_ids(&self) -> impl Iterator<Item = &str> {
        self.unchanged.iter().flatten().map(|e| e.issue_id.as_str())
    }
}

/// What an incremental run works with.
pub struct Step<'a> {
    pub engine: &'a Engine,
    pub files: &'a [InputFile],
    pub previous: &'a RunManifest,
    pub staging: &'a Path,
    pub formats: &'a [Format],
    pub batch: &'a Batch,
    pub options: &'a RunOptions,
    pub summary: &'a mut Summary,
    pub inputs: &'a mut Vec<InputEntry>,
    pub observe: &'a mut dyn FnMut(&IssueRecord),
}

fn spool_error(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError::Format {
        path: path.to_path_buf(),
        message: format!("the spool of converted issues: {e}"),
    }
}

/// Runs the plan: returns the files written and the previous files kept.
pub fn run(step: &mut Step, plan: Plan) -> Result<(Vec<FileEntry>, Vec<FileEntry>), WriteError> {
    let layout = &step.batch.layout;
    let schemas: Vec<TableSchema> = Table::ALL
        .iter()
        .map(|&t| output::file_schema(t, layout))
        .collect();
    // Phase 1: convert what changed, in order, into the spool (one issue per line).
    let to_convert: Vec<InputFile> = step
        .files
        .iter()
        .zip(&plan.unchanged)
        .filter(|(_, u)| u.is_none())
        .map(|(f, _)| f.clone())
        .collect();
    let spool_file =
        tempfile::tempfile_in(step.staging).map_err(|e| writers::io_error(step.staging, e))?;
    let mut spool = BufWriter::new(spool_file);
    let mut converted = Vec::with_capacity(to_convert.len());
    let mut touched = BTreeSet::new();
    let mut line = String::new();
    let pages = step.batch.extras.inspect_pages;
    let pages_dir = step.staging.join("inspect");
    pipeline::convert_ordered(
        step.engine,
        &to_convert,
        step.batch.jobs,
        pages,
        &mut |i, rec, page| {
            if let Some(page) = page {
                let path = pages_dir.join(inspect::file_name(&rec.issue_id));
                std::fs::write(&path, page).map_err(|e| writers::io_error(&path, e))?;
            }
            pipeline::with_rows(&rec, |rec, rows| {
                let key = output::partition_of(layout, &rows.issue);
                step.summary.count(rec, &rows);
                converted.push(pipeline::input_entry(&to_convert[i], rec, key.clone()));
                let issue = output::project_issue(layout, rows.issue);
                line.clear();
                line.push_str("{\"key\":");
                writers::push_json_str(&mut line, &key);
                let tables: [&[Row]; 4] = [
                    std::slice::from_ref(&issue),
                    &rows.articles,
                    &rows.numbers,
                    &rows.entities,
                ];
                for ((table, rows), schema) in Table::ALL.iter().zip(tables).zip(&schemas) {
                    line.push_str(",\"");
                    line.push_str(table.name());
                    line.push_str("\":[");
                    for (j, row) in rows.iter().enumerate() {
                        if j > 0 {
                            line.push(',');
                        }
                        writers::jsonl::push_row(&mut line, schema, row);
                    }
                    line.push(']');
                }
                line.push_str("}\n");
                spool
                    .write_all(line.as_bytes())
                    .map_err(|e| writers::io_error(step.staging, e))?;
                touched.insert(key);
                (step.observe)(rec);
                Ok(())
            })
        },
    )?;
    let mut spool_file = spool
        .into_inner()
        .map_err(|e| writers::io_error(step.staging, e.into_error()))?;
    spool_file
        .rewind()
        .map_err(|e| writers::io_error(step.staging, e))?;
    let mut spool = BufReader::new(spool_file).lines();

    // The previous partitions of inputs that changed or are gone.
    let kept: BTreeSet<&str> = plan
        .unchanged
        .iter()
        .flatten()
        .map(|e| e.issue_id.as_str())
        .collect();
    for e in &step.previous.inputs {
        if !kept.contains(e.issue_id.as_str()) {
            touched.insert(e.partition.clone());
        }
    }
    if !step.options.same_files(&step.previous.options) {
        // Other formats or CSV options: every file is written anew.
        touched.extend(step.previous.inputs.iter().map(|e| e.partition.clone()));
    }

    // Phase 2: every input in output order into the touched partitions.
    let mut tables = TableFiles::new(
        step.staging,
        step.formats,
        step.batch.write,
        layout,
        touched.contains(""),
    )?;
    let mut readers: BTreeMap<(usize, String), readback::IssueRowReader> = BTreeMap::new();
    let mut converted = converted.into_iter();
    for unchanged in &plan.unchanged {
        match unchanged {
            Some(e) => {
                step.summary.files += 1;
                step.summary.skipped += 1;
                step.inputs.push(e.clone());
                if !touched.contains(&e.partition) {
                    continue;
                }
                let mut taken: Vec<Vec<Row<'static>>> = Vec::with_capacity(4);
                for t in 0..Table::ALL.len() {
                    let key = (t, e.partition.clone());
                    if !readers.contains_key(&key) {
                        let reader = previous_rows(step, t, &e.partition, plan.source, &schemas)?;
                        readers.insert(key.clone(), reader);
                    }
                    let rows = match readers.get_mut(&key) {
                        Some(r) => r.take(&e.issue_id)?,
                        None => Vec::new(),
                    };
                    taken.push(rows);
                }
                let mut taken = taken.into_iter();
                let mut issue = taken.next().unwrap_or_default();
                if issue.len() != 1 {
                    return Err(WriteError::Format {
                        path: step.staging.to_path_buf(),
                        message: format!(
                            "the previous tables hold {} issues rows for `{}` (the manifest lists one): \
                             run without --incremental",
                            issue.len(),
                            e.issue_id
                        ),
                    });
                }
                let rows = IssueRows {
                    issue: issue.remove(0),
                    articles: taken.next().unwrap_or_default(),
                    numbers: taken.next().unwrap_or_default(),
                    entities: taken.next().unwrap_or_default(),
                };
                tables.write_issue(&e.partition, &rows)?;
            }
            None => {
                let entry = converted.next();
                let line = spool.next();
                let (Some(entry), Some(line)) = (entry, line) else {
                    return Err(spool_error(step.staging, "ends early"));
                };
                let line = line.map_err(|e| writers::io_error(step.staging, e))?;
                let rows = spooled_rows(&line, &schemas)
                    .ok_or_else(|| spool_error(step.staging, "a line does not parse"))?;
                tables.write_issue(&entry.partition, &rows)?;
                step.inputs.push(entry);
            }
        }
    }
    let written = tables.finish()?;
    let carried = step
        .previous
        .files
        .iter()
        .filter(|f| {
            output::partition_of_path(&f.path).is_some_and(|p| !touched.contains(p))
                && !written.iter().any(|w| w.path == f.path)
        })
        .cloned()
        .collect();
    Ok((written, carried))
}

/// A reader of the previous rows of `table` in partition `key`: its files of format
/// `source`, in part order.
fn previous_rows(
    step: &Step,
    table: usize,
    key: &str,
    source: Format,
    schemas: &[TableSchema],
) -> Result<readback::IssueRowReader, WriteError> {
    let name = Table::ALL[table].name();
    let ext = format!(".{}", source.extension());
    let mut paths: Vec<&str> = step
        .previous
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| {
            if key.is_empty() && !p.contains('/') {
                p.strip_suffix(ext.as_str()) == Some(name)
            } else {
                p.ends_with(ext.as_str())
                    && p.split('/').next() == Some(name)
                    && output::partition_of_path(p) == Some(key)
            }
        })
        .collect();
    paths.sort();
    let out = step.staging.parent().unwrap_or(step.staging);
    readback::IssueRowReader::new(
        schemas[table].clone(),
        source,
        paths.into_iter().map(|p| out.join(p)).collect(),
    )
}

/// One spool line back as an issue's rows.
fn spooled_rows(line: &str, schemas: &[TableSchema]) -> Option<IssueRows<'static>> {
    let json: serde_json::Value = serde_json::from_str(line).ok()?;
    let mut tables = Table::ALL.iter().zip(schemas).map(|(t, schema)| {
        json.get(t.name())?
            .as_array()?
            .iter()
            .map(|r| readback::row_from_json(r, schema))
            .collect::<Option<Vec<_>>>()
    });
    let mut issue = tables.next()??;
    Some(IssueRows {
        issue: (issue.len() == 1).then(|| issue.remove(0))?,
        articles: tables.next()??,
        numbers: tables.next()??,
        entities: tables.next()??,
    })
}
