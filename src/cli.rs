//! The command line: `baozhi convert` and `baozhi schema`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::inputs;
use crate::model::{Encoding, EntityType};
use crate::pipeline::{self, Batch, Engine, Options};
use crate::schema::Table;
use crate::stages::entities::EntityExtractor;
use crate::writers::{Format, WriteOptions};

#[derive(Debug, Parser)]
#[command(
    name = "baozhi",
    version,
    about = "Convert plain-text Chinese newspaper issues into CSV, JSON Lines and Parquet tables"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert issue files into the issues, articles, numbers and entities tables.
    Convert(Box<ConvertArgs>),
    /// Print the schema of one table, or of all, as shipped in schemas/.
    Schema {
        /// issues, articles, numbers or entities.
        table: Option<String>,
    },
}

#[derive(Debug, Args, Default)]
pub struct ConvertArgs {
    /// Files or folders (searched recursively for *.txt); `-` reads one issue from standard input.
    /// Default: seeds/
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short = 'o', long = "output", default_value = "out")]
    pub output: PathBuf,
    /// Formats to write, comma-separated: csv, jsonl, parquet.
    #[arg(long, value_delimiter = ',', default_value = "csv,jsonl,parquet")]
    pub format: Vec<String>,
    /// Worker threads, 1 to 256 (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Newspaper name for every input.
    #[arg(long)]
    pub paper: Option<String>,
    /// Issue date for every input, YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<String>,
    /// CSV with columns path and any of issue_id, paper, date, setting them per file.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Input encoding instead of detection: UTF-8, UTF-16LE, UTF-16BE, GB18030 (or GBK), BIG5.
    #[arg(long)]
    pub encoding: Option<String>,
    /// User lexicon: one `surface<TAB>TYPE` per line (TYPE: PERSON, ORG, GPE, LOC, FAC, WORK, LAW, TERM).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Start CSV files with a UTF-8 byte-order mark (for spreadsheet programs).
    #[arg(long)]
    pub csv_bom: bool,
    /// Print only errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also list the files passed over in input folders (not *.txt or *.txt.gz).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// issue_id of the issue read from `-` (standard input; default: stdin).
    #[arg(long)]
    pub issue_id: Option<String>,
    /// source of the issue read from `-` (default: -).
    #[arg(long)]
    pub source: Option<String>,
    /// Derive every issue_id from the file's path relative to DIR, whichever folders are
    /// named (default: relative to the folder named).
    #[arg(long, value_name = "DIR")]
    pub id_root: Option<PathBuf>,
}

/// The most worker threads `--jobs` may ask for.
pub const MAX_JOBS: usize = 256;

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every file converted.
    Ok,
    /// Some files failed; all others were converted and written.
    SomeFailed,
}

/// A mistake in how baozhi was called (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Panics print one line, `baozhi: internal error at FILE:LINE: MESSAGE`, instead of the
/// default report with its note on backtraces: a panic in a file's conversion is caught,
/// and that file's row and stderr line then say which file and stage
/// (`pipeline::convert_guarded`). `RUST_BACKTRACE=1` keeps the default report.
pub fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| !v.is_empty() && v != "0") {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic without a message");
        match info.location() {
            Some(at) => eprintln!("baozhi: internal error at {at}: {message}"),
            None => eprintln!("baozhi: internal error: {message}"),
        }
    }));
}

pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Some(Command::Convert(args)) => convert(*args),
        None => convert(ConvertArgs::parse_defaults()),
        Some(Command::Schema { table }) => {
            match table {
                Some(name) => {
                    let t = Table::parse(&name).map_err(|e| UsageError(e.to_string()))?;
                    print!("{}", t.source());
                }
                None => {
                    let all: Vec<serde_json::Value> = Table::ALL
                        .iter()
                        .map(|t| {
                            serde_json::from_str(t.source()).unwrap_or(serde_json::Value::Null)
                        })
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&all)?);
                }
            }
            Ok(Outcome::Ok)
        }
    }
}

impl ConvertArgs {
    fn parse_defaults() -> ConvertArgs {
        ConvertArgs {
            output: PathBuf::from("out"),
            format: vec!["csv".into(), "jsonl".into(), "parquet".into()],
            ..ConvertArgs::default()
        }
    }
}

fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

fn convert(args: ConvertArgs) -> Result<Outcome> {
    let started = Instant::now();
    let mut formats = Vec::new();
    for name in &args.format {
        match Format::parse(name) {
            Some(f) => formats.push(f),
            None => {
                return Err(usage(format!(
                    "unknown format `{name}`: use any of csv, jsonl, parquet, comma-separated"
                )))
            }
        }
    }
    let encoding = match &args.encoding {
        Some(name) => Some(Encoding::parse(name).ok_or_else(|| {
            usage(format!(
                "unknown encoding `{name}`: use UTF-8, UTF-16LE, UTF-16BE, GB18030 or BIG5"
            ))
        })?),
        None => None,
    };
    if let Some(d) = &args.date {
        if !inputs::is_iso_date(d) {
            let shaped = d.len() == 10
                && d.bytes().enumerate().all(|(i, c)| {
                    matches!(i, 4 | 7) == (c == b'-') && (c == b'-' || c.is_ascii_digit())
                });
            return Err(usage(if shaped {
                format!("--date `{d}`: no such day (dates are written YYYY-MM-DD)")
            } else {
                format!("--date `{d}` is not a date written YYYY-MM-DD")
            }));
        }
    }
    let stdin_named = args.inputs.iter().any(|p| p.as_os_str() == "-");
    for (flag, given) in [("--issue-id", &args.issue_id), ("--source", &args.source)] {
        if given.is_some() && !stdin_named {
            return Err(usage(format!(
                "{flag} names the issue read from standard input: use it with `-` as input"
            )));
        }
    }
    if let Some(root) = &args.id_root {
        if !root.is_dir() {
            return Err(usage(format!(
                "--id-root {}: not a folder (name the folder the issue ids are relative to)",
                root.display()
            )));
        }
    }
    if args.output.exists() && !args.output.is_dir() {
        return Err(usage(format!(
            "-o {}: a file, not a folder: name a folder for the tables (it is created if missing)",
            args.output.display()
        )));
    }
    if args.jobs == Some(0) {
        return Err(usage("--jobs must be at least 1"));
    }
    // Spawning a thread per unit of a mistyped `--jobs 100000` hung the run for minutes.
    if let Some(jobs) = args.jobs.filter(|&j| j > MAX_JOBS) {
        return Err(usage(format!(
            "--jobs {jobs} is more threads than baozhi runs: use at most {MAX_JOBS} (default: one per core)"
        )));
    }
    let lexicon = match &args.lexicon {
        Some(path) => read_lexicon(path)?,
        None => Vec::new(),
    };
    let named = !args.inputs.is_empty();
    let input_paths = if named || args.manifest.is_some() {
        args.inputs.clone()
    } else {
        vec![PathBuf::from("seeds")]
    };
    if !named && args.manifest.is_none() && !Path::new("seeds").is_dir() {
        return Err(usage(
            "no input named: with no command or input, baozhi converts seeds/ (the bundled \
             sample), and there is no seeds/ here. Name the issues to convert: \
             baozhi convert DIR (see baozhi convert --help)",
        ));
    }
    let naming = inputs::Naming {
        id_root: args.id_root.clone(),
        stdin_issue_id: args.issue_id.clone(),
        stdin_source: args.source.clone(),
    };
    let mut found = inputs::find_named(&input_paths, &naming);
    if let Some(manifest) = &args.manifest {
        let entries = inputs::read_manifest(manifest).map_err(|e| usage(e.to_string()))?;
        inputs::apply_manifest(&mut found, &entries, manifest, named);
    }
    // After the manifest, so that problems with the files it lists are printed too.
    for problem in &found.problems {
        eprintln!("baozhi: {problem}");
    }
    if !args.quiet {
        for note in &found.notes {
            eprintln!("baozhi: {note}");
        }
    }
    if args.verbose {
        for path in &found.skipped {
            eprintln!("baozhi: {path}: skipped: not .txt");
        }
    }
    let skipped = found.skipped.len();
    if found.files.is_empty() {
        let missing = found
            .problems
            .iter()
            .any(|p| matches!(p, crate::error::InputError::Missing { .. }));
        if missing || !named {
            return Err(usage(format!(
                "no input found in {}: name issue files or folders of *.txt files (see baozhi convert --help)",
                input_paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            )));
        }
    }
    if found
        .files
        .iter()
        .filter(|f| f.origin == inputs::Origin::Stdin)
        .count()
        > 1
    {
        return Err(usage("`-` (standard input) can be named only once"));
    }
    let failed_lookups = found.problems.len();

    let engine = Engine::new(
        Options {
            encoding,
            paper: args.paper.clone(),
            date: args.date.clone(),
        },
        EntityExtractor::new(lexicon),
    );
    let batch = Batch {
        formats,
        write: WriteOptions {
            csv_bom: args.csv_bom,
        },
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    let total = found.files.len() as u64;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| progress_bar(total));
    let mut observe = |rec: &crate::model::IssueRecord| {
        if let Some(error) = &rec.error {
            let line = format!("baozhi: {}: {}", rec.source, error);
            match &bar {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(bar) = &bar {
            bar.inc_length(0);
            bar.inc(1);
        }
    };
    let summary = pipeline::run_batch(&engine, found.files, &args.output, &batch, &mut observe)
        .map_err(|e| match e {
            crate::error::WriteError::Io { path, source } => usage(format!(
                "{}; nothing was written (check that the output folder is writable and has space)",
                crate::error::WriteError::Io {
                    path: output_folder_of(&path, &args.output),
                    source
                }
            )),
            // The message says what to do (another run is writing there, say).
            crate::error::WriteError::Format { .. } => usage(format!("{e}; nothing was written")),
        })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    // The summary counts every failure the exit code counts: error rows, and inputs that
    // could not be found or searched (they have no row).
    let errors = summary.errors + failed_lookups;
    if !args.quiet {
        let mut line = format!(
            "baozhi: {}, {}, {}, {}, {}",
            count(summary.files, "file"),
            count(summary.articles, "article"),
            count(summary.numbers, "number"),
            count(summary.entities, "entity"),
            count(errors, "error"),
        );
        if failed_lookups > 0 {
            line += &format!(
                " ({} not found or not searched)",
                count(failed_lookups, "input")
            );
        }
        if skipped > 0 {
            line += &format!(", {} skipped: not .txt", count(skipped, "file"));
            if !args.verbose {
                line += " (--verbose lists them)";
            }
        }
        line += &format!(" in {secs:.2}s");
        // A rate over a tiny run is noise ("0.0 MB/s").
        if summary.bytes >= 1_000_000 && secs >= 0.1 {
            line += &format!(" ({:.1} MB/s)", summary.bytes as f64 / 1e6 / secs);
        }
        eprintln!("{line} → {}", args.output.display());
    }
    Ok(if errors > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// `n` and `noun`, plural when `n` is not 1 ("1 file", "2 files", "3 entities").
fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// The folder to name in an output error: the output folder itself when the failing path
/// is baozhi's own lock or staging entry inside it (the user did not name those).
fn output_folder_of(path: &Path, output: &Path) -> PathBuf {
    let internal = path
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with(".baozhi-"));
    if internal {
        output.to_path_buf()
    } else {
        path.to_path_buf()
    }
}

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total);
    let style =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files {per_sec} eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Reads a `--lexicon` file: `surface<TAB>TYPE` per line; `#` starts a comment.
pub fn read_lexicon(path: &Path) -> Result<Vec<(String, EntityType)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--lexicon {}: cannot read it as UTF-8 text", path.display()))?;
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{FEFF}');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((surface, ty)) = line.split_once('\t') else {
            bail!(UsageError(format!(
                "--lexicon {} line {}: expected `surface<TAB>TYPE`",
                path.display(),
                i + 1
            )));
        };
        let Some(ty) = EntityType::parse(ty) else {
            bail!(UsageError(format!(
                "--lexicon {} line {}: unknown type `{}` (use PERSON, ORG, GPE, LOC, FAC, WORK, LAW or TERM)",
                path.display(),
                i + 1,
                ty.trim()
            )));
        };
        entries.push((surface.trim().to_string(), ty));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn counts_are_singular_or_plural() {
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(2, "entity"), "2 entities");
        assert_eq!(count(1, "entity"), "1 entity");
    }
}
