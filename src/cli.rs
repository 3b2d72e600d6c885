//! The command line: `baozhi convert`, `baozhi inspect` and `baozhi schema`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::inputs;
use crate::model::{Encoding, EntityType};
use crate::ner::data::{self, Sentence};
use crate::ner::{train, Model};
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
    /// Check the table files of an output folder against its run manifest (manifest.json).
    Verify {
        /// The output folder.
        dir: PathBuf,
    },
    /// Write one issue as an HTML page: its lines with their classes and articles beside the
    /// articles with their numbers and entities marked.
    Inspect(InspectArgs),
    /// Print the schema of one table, or of all, as shipped in schemas/.
    Schema {
        /// issues, articles, numbers or entities.
        table: Option<String>,
    },
    /// Train an entity model (persons, organisations, places) on labelled JSON Lines.
    TrainEntities(TrainArgs),
    /// Exact-span precision, recall and F1 of an entity model on labelled JSON Lines.
    EvalEntities(EvalArgs),
}

/// The seeded dev split shared by `train-entities` and `eval-entities`.
#[derive(Debug, Args, Clone, Copy)]
pub struct SplitArgs {
    /// Share of each file held out as the dev split (never trained on).
    #[arg(long, default_value_t = 0.05)]
    pub dev_fraction: f64,
    /// Seed of the dev split and of the training order.
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Labelled sentences, JSON Lines: {"text": "…", "entities": [[start, end, "PER"|"ORG"|"LOC"], …]}.
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    #[command(flatten)]
    pub split: SplitArgs,
    /// Passes over the training sentences.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Feature table size as a power of two (larger: fewer collisions, but a bigger file
    /// and slower tagging once the table outgrows the caches).
    #[arg(long, default_value_t = 19)]
    pub bits: u8,
    /// Adapt the model to this one of the DATA files (its annotation conventions win where
    /// the files differ; the others still teach what they share with it). Default: one model
    /// for all files alike.
    #[arg(long, value_name = "FILE")]
    pub adapt_to: Option<PathBuf>,
    /// One head per DATA file, kept in the model, and a classifier trained alongside that
    /// picks the head of each sentence from its text (newspaper prose or short web news,
    /// say): each file's annotation conventions are kept, and no file name is needed when
    /// tagging.
    #[arg(long, conflicts_with = "adapt_to")]
    pub domain_heads: bool,
    /// Print only errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The model file, or `builtin` for the one baozhi ships.
    pub model: String,
    /// Labelled sentences, JSON Lines (as for train-entities).
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Score only the dev split that train-entities held out (same --seed and --dev-fraction).
    #[arg(long)]
    pub dev_only: bool,
    #[command(flatten)]
    pub split: SplitArgs,
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
    #[command(flatten)]
    pub issue: IssueArgs,
    /// CSV with columns path and any of issue_id, paper, date, setting them per file.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Start CSV files with a UTF-8 byte-order mark (for spreadsheet programs).
    #[arg(long)]
    pub csv_bom: bool,
    /// Print only errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also list the files passed over in input folders (not *.txt or *.txt.gz).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Derive every issue_id from the file's path relative to DIR, whichever folders are
    /// named (default: relative to the folder named).
    #[arg(long, value_name = "DIR")]
    pub id_root: Option<PathBuf>,
    /// Write each table as a Hive-style tree partitioned by issue columns: year, paper or
    /// year,paper (TABLE/year=2022/part-00000.EXT).
    #[arg(long, value_delimiter = ',')]
    pub partition_by: Vec<String>,
    /// Convert only inputs that are new or changed since the output folder's manifest, and
    /// rewrite only the partitions they touch.
    #[arg(long)]
    pub incremental: bool,
    /// Print every table's rows to standard output as JSON Lines tagged by table
    /// ({"table":…,"year":…,"paper":…,"row":{…}}) and write no files; a file that fails is
    /// its issues row (status error), and the exit status is 0.
    #[arg(long, conflicts_with_all = ["incremental", "partition_by"])]
    pub stdout: bool,
    /// issue_id of the issue read from standard input (`-`); default `stdin`.
    #[arg(long)]
    pub issue_id: Option<String>,
    /// source of the issue read from standard input (`-`); default `-`.
    #[arg(long)]
    pub source: Option<String>,
    /// Bound of one part file of a partition, in bytes of values (tests use small ones).
    #[arg(long, hide = true)]
    pub part_bytes: Option<u64>,
    /// Also write OUTPUT/report.html: files, errors, warnings, flags and counts of the run.
    #[arg(long)]
    pub report: bool,
    /// Also write OUTPUT/inspect/ISSUE.html for every issue (see `baozhi inspect`); linked
    /// from the report.
    #[arg(long)]
    pub inspect_pages: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The issue file (`-` reads it from standard input).
    pub page: PathBuf,
    /// The HTML file to write. Default: PAGE.inspect.html in the current folder.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub issue: IssueArgs,
}

/// How issues are read and what entities are looked for: the options `convert` and
/// `inspect` share, so that `inspect` shows what `convert` writes.
#[derive(Debug, Args, Default)]
pub struct IssueArgs {
    /// Newspaper name of every issue read.
    #[arg(long)]
    pub paper: Option<String>,
    /// Issue date of every issue read, YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<String>,
    /// Input encoding instead of detection: UTF-8, UTF-16LE, UTF-16BE, GB18030 (or GBK), BIG5.
    #[arg(long)]
    pub encoding: Option<String>,
    /// User lexicon: one `surface<TAB>TYPE` per line (TYPE: PERSON, ORG, GPE, LOC, FAC, WORK, LAW, TERM; PAPER declares a paper's name).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Entity model to use instead of the built-in one (made by `baozhi train-entities`).
    #[arg(long)]
    pub entity_model: Option<PathBuf>,
}

/// What `IssueArgs` give once checked: the engine, and what the run manifest records.
struct Checked {
    engine: Engine,
    encoding: Option<Encoding>,
    lexicon_sha256: Option<String>,
}

impl IssueArgs {
    /// Checks the options and builds the engine (usage errors exit 2).
    fn engine(&self) -> Result<Checked> {
        let encoding = match &self.encoding {
            Some(name) => Some(Encoding::parse(name).ok_or_else(|| {
                usage(format!(
                    "unknown encoding `{name}`: use UTF-8, UTF-16LE, UTF-16BE, GB18030 or BIG5"
                ))
            })?),
            None => None,
        };
        if let Some(d) = &self.date {
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
        let (lexicon, papers, lexicon_sha256) = match &self.lexicon {
            Some(path) => (
                read_lexicon(path)?,
                read_lexicon_papers(path)?,
                Some(
                    crate::run_manifest::sha256_file(path)
                        .with_context(|| format!("--lexicon {}", path.display()))?,
                ),
            ),
            None => (Vec::new(), Vec::new(), None),
        };
        let entities = match &self.entity_model {
            Some(path) => EntityExtractor::with_model(lexicon, load_model(path)?),
            None => EntityExtractor::new(lexicon),
        };
        let options = Options {
            encoding,
            paper: self.paper.clone(),
            date: self.date.clone(),
            papers,
        };
        Ok(Checked {
            engine: Engine::new(options, entities),
            encoding,
            lexicon_sha256,
        })
    }
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
        Some(Command::TrainEntities(args)) => train_entities(args),
        Some(Command::EvalEntities(args)) => eval_entities(args),
        None => convert(ConvertArgs::parse_defaults()),
        Some(Command::Inspect(args)) => inspect(args),
        Some(Command::Verify { dir }) => {
            let problems = crate::run_manifest::verify(&dir).map_err(|e| usage(e.to_string()))?;
            for p in &problems {
                eprintln!("baozhi: {}: {p}", dir.display());
            }
            if problems.is_empty() {
                println!(
                    "{}: every file matches {}",
                    dir.display(),
                    crate::run_manifest::FILE
                );
                Ok(Outcome::Ok)
            } else {
                Ok(Outcome::SomeFailed)
            }
        }
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
    let Checked {
        engine,
        encoding,
        lexicon_sha256,
    } = args.issue.engine()?;
    let partition_by =
        crate::output::FileLayout::parse_columns(&args.partition_by).map_err(usage)?;
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
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if args.stdout {
        return convert_to_stdout(&engine, found.files, jobs);
    }
    let batch = Batch {
        formats,
        write: WriteOptions {
            csv_bom: args.csv_bom,
        },
        jobs,
        layout: crate::output::FileLayout {
            partition_by,
            part_bytes: args.part_bytes.unwrap_or(crate::writers::hive::PART_BYTES),
        },
        incremental: args.incremental,
        options: crate::run_manifest::RunOptions {
            encoding: encoding.map(|e| e.as_str().to_string()),
            paper: args.issue.paper.clone(),
            date: args.issue.date.clone(),
            lexicon_sha256,
            ..Default::default()
        },
        extras: pipeline::Extras {
            report: args.report,
            inspect_pages: args.inspect_pages,
        },
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
        let skipped_unchanged = if args.incremental {
            format!(" ({} unchanged, skipped)", summary.skipped)
        } else {
            String::new()
        };
        let mut line = format!(
            "baozhi: {}, {}, {}, {}, {}",
            count(summary.files, "file") + &skipped_unchanged,
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
        if args.report {
            eprintln!(
                "baozhi: report → {}",
                args.output.join("report.html").display()
            );
        }
    }
    Ok(if errors > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// `baozhi inspect`: converts one page as `convert` would and writes its inspect page.
fn inspect(args: InspectArgs) -> Result<Outcome> {
    if args.page.is_dir() {
        return Err(usage(format!(
            "{} is a folder: inspect takes one issue file (for a folder, use convert --report --inspect-pages)",
            args.page.display()
        )));
    }
    let engine = args.issue.engine()?.engine;
    let found = inputs::find(std::slice::from_ref(&args.page));
    if let Some(problem) = found.problems.first() {
        return Err(usage(problem.to_string()));
    }
    let Some(input) = found.files.into_iter().next() else {
        return Err(usage(format!("no input found at {}", args.page.display())));
    };
    let (rec, trace) = pipeline::convert_input_traced(&engine, &input);
    let html = crate::inspect::page(&rec, &trace);
    let output = args.output.clone().unwrap_or_else(|| {
        let stem = args
            .page
            .file_stem()
            .filter(|_| args.page.as_os_str() != "-")
            .map_or_else(|| "stdin".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from(format!("{stem}.inspect.html"))
    });
    write_whole(&output, html.as_bytes())
        .with_context(|| format!("cannot write {}", output.display()))?;
    if let Some(e) = &rec.error {
        eprintln!("baozhi: {}: {e}", rec.source);
    }
    eprintln!(
        "baozhi: {} article{}, {} lines → {}",
        rec.articles.len(),
        if rec.articles.len() == 1 { "" } else { "s" },
        trace.page.lines.len(),
        output.display()
    );
    Ok(if rec.error.is_some() {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// Writes a file through a temporary one beside it, so a reader never sees half of it.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(UsageError(format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    // Not a `NamedTempFile`: that would leave the page readable by its owner only.
    let name = path.file_name().map_or_else(
        || "inspect.html".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

/// `convert --stdout`: every input's rows as tagged JSON Lines on standard output, in
/// issue order. A file that fails is data (its issues row); only a failure to write stdout
/// is an error.
fn convert_to_stdout(
    engine: &Engine,
    files: Vec<inputs::InputFile>,
    jobs: usize,
) -> Result<Outcome> {
    use std::io::Write;
    let files = pipeline::order_inputs(files);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    pipeline::convert_ordered(engine, &files, jobs, false, &mut |_, rec, _| {
        if let Some(error) = &rec.error {
            eprintln!("baozhi: {}: {}", rec.source, error);
        }
        let rows = crate::tables::rows(&rec);
        out.write_all(crate::output::tagged_lines(&rows).as_bytes())
            .map_err(|e| crate::writers::io_error(Path::new("<stdout>"), e))
    })?;
    out.flush().context("standard output")?;
    Ok(Outcome::Ok)
}

/// Reads a model file; a missing, foreign or corrupt file is a usage error naming it.
pub fn load_model(path: &Path) -> Result<std::sync::Arc<Model>> {
    let bytes = std::fs::read(path)
        .map_err(|e| usage(format!("entity model {}: cannot read: {e}", path.display())))?;
    let model = Model::from_bytes(&bytes)
        .map_err(|e| usage(format!("entity model {}: {e}", path.display())))?;
    Ok(std::sync::Arc::new(model))
}

/// Sentences of each file, split into (train, dev) by the seeded mask of that file.
fn read_split(paths: &[PathBuf], split: SplitArgs) -> Result<Vec<(Vec<Sentence>, Vec<Sentence>)>> {
    if !(0.0..1.0).contains(&split.dev_fraction) {
        return Err(usage("--dev-fraction must be at least 0 and less than 1"));
    }
    let mut out = Vec::new();
    for path in paths {
        let all = data::read_jsonl(path).map_err(|e| usage(e.to_string()))?;
        let mask = data::dev_mask(all.len(), split.dev_fraction, split.seed);
        let (mut train, mut dev) = (Vec::new(), Vec::new());
        for (s, d) in all.into_iter().zip(mask) {
            if d {
                dev.push(s);
            } else {
                train.push(s);
            }
        }
        out.push((train, dev));
    }
    Ok(out)
}

fn train_entities(args: TrainArgs) -> Result<Outcome> {
    let started = Instant::now();
    if !(crate::ner::MIN_BITS..=crate::ner::MAX_BITS).contains(&args.bits) {
        return Err(usage(format!(
            "--bits must be {} to {}",
            crate::ner::MIN_BITS,
            crate::ner::MAX_BITS
        )));
    }
    let adapt = match &args.adapt_to {
        Some(a) => Some(args.data.iter().position(|d| d == a).ok_or_else(|| {
            usage(format!(
                "--adapt-to {}: not one of the data files",
                a.display()
            ))
        })?),
        None => None,
    };
    let parts = read_split(&args.data, args.split)?;
    let mut dev = Vec::new();
    let mut train_parts = Vec::new();
    for (t, d) in parts {
        train_parts.push(t);
        dev.extend(d);
    }
    let n_train: usize = train_parts.iter().map(Vec::len).sum();
    if n_train == 0 {
        return Err(usage("no training sentences left after the dev split"));
    }
    if !args.quiet {
        eprintln!(
            "baozhi: training on {} sentences, {} held out as dev",
            n_train,
            dev.len()
        );
    }
    let show = !args.quiet && std::io::stderr().is_terminal();
    let bar = show.then(|| {
        let bar = indicatif::ProgressBar::new((n_train * args.epochs.max(1)) as u64);
        let style = indicatif::ProgressStyle::with_template(
            "{bar:30} epoch {msg} {pos}/{len} sentences eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    });
    let epochs = args.epochs.max(1);
    let total = n_train;
    let quiet = args.quiet;
    let mut report = |ev: train::Event| match ev {
        train::Event::Step { done, .. } => {
            if let Some(bar) = &bar {
                bar.set_position(bar.position() - bar.position() % total as u64 + done as u64);
            }
        }
        train::Event::Epoch { epoch, errors, dev } => {
            let mut line = format!("epoch {epoch}/{epochs}: {errors} training sentences wrong");
            if let Some(d) = dev {
                let (p, r, f) = d.prf(None);
                line += &format!(", dev P {p:.4} R {r:.4} F1 {f:.4}");
            }
            if let Some(bar) = &bar {
                bar.set_position((epoch * total) as u64);
                bar.set_message(format!("{}", epoch + 1));
                bar.println(line);
            } else if !quiet {
                eprintln!("{line}");
            }
        }
    };
    let opts = train::TrainOptions {
        epochs,
        seed: args.split.seed,
        bits: args.bits,
        heads: args.domain_heads,
    };
    let slices: Vec<&[Sentence]> = train_parts.iter().map(Vec::as_slice).collect();
    let model = train::train_domains(&slices, adapt, &dev, opts, &mut report);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let bytes = model.to_bytes();
    std::fs::write(&args.output, &bytes)
        .map_err(|e| usage(format!("{}: cannot write: {e}", args.output.display())))?;
    if !quiet {
        eprintln!(
            "baozhi: model of {:.1} MB written to {} in {:.0}s",
            bytes.len() as f64 / 1e6,
            args.output.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Outcome::Ok)
}

fn eval_entities(args: EvalArgs) -> Result<Outcome> {
    let model = if args.model == "builtin" {
        Model::embedded()
    } else {
        load_model(Path::new(&args.model))?
    };
    let split = if args.dev_only {
        args.split
    } else {
        SplitArgs {
            dev_fraction: 0.0,
            ..args.split
        }
    };
    let mut sentences = Vec::new();
    for (train, dev) in read_split(&args.data, split)? {
        sentences.extend(if args.dev_only { dev } else { train });
    }
    let scores = train::evaluate(&model, &jieba_rs::Jieba::new(), &sentences);
    println!("{} sentences", sentences.len());
    if model.heads() > 1 {
        let mut n = vec![0usize; model.heads()];
        let mut dom = Vec::new();
        for s in &sentences {
            n[model.head_of(&s.text, &mut dom)] += 1;
        }
        let n: Vec<String> = n.iter().map(usize::to_string).collect();
        println!(
            "sentences per head (chosen from the text): {}",
            n.join(" / ")
        );
    }
    print!("{}", scores.report());
    Ok(Outcome::Ok)
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
        // PAPER declares a paper's name (read by `read_lexicon_papers`), not an entity type.
        if ty.trim() == "PAPER" {
            continue;
        }
        let Some(ty) = EntityType::parse(ty) else {
            bail!(UsageError(format!(
                "--lexicon {} line {}: unknown type `{}` (use PERSON, ORG, GPE, LOC, FAC, WORK, LAW, TERM or PAPER)",
                path.display(),
                i + 1,
                ty.trim()
            )));
        };
        entries.push((surface.trim().to_string(), ty));
    }
    Ok(entries)
}

/// The paper names a `--lexicon` declares with type PAPER (`江城晚报<TAB>PAPER`): a masthead
/// line naming one is furniture, and the issue's paper is that name.
pub fn read_lexicon_papers(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--lexicon {}: cannot read it as UTF-8 text", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.trim_start_matches('\u{FEFF}'))
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(surface, ty)| ty.trim() == "PAPER" && !surface.trim().is_empty())
        .map(|(surface, _)| surface.trim().to_string())
        .collect())
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
