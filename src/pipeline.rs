//! Runs the stages for one issue, in order, and drives a batch: files converted in
//! parallel in a bounded window, rows streamed to the writers in output order.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use crate::error::WriteError;
use crate::incremental;
use crate::inputs::{InputFile, Origin};
use crate::inspect;
use crate::model::{ArticleRecord, Block, DateSource, Encoding, IssueRecord, Layout, Line, Page};
use crate::output::{self, FileLayout, TableFiles};
use crate::run_manifest::{self, FileEntry, InputEntry, RunManifest, RunOptions};
use crate::schema::Table;
use crate::stages::{
    articles, blocks, decode, entities::EntityExtractor, issue_date, normalize, numbers,
};
use crate::tables;
use crate::writers::{self, atomic::Staging, datapackage, Format, WriteOptions};

/// Largest input file read; a larger one is an error row.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;
/// Longest line kept whole; longer ones are split into paragraphs (warning `line-too-long`).
pub const MAX_LINE_CHARS: usize = 100_000;
/// Most blocks assembled together; more are assembled in windows (warning `too-many-blocks`).
pub const MAX_BLOCKS: usize = 20_000;

/// Stack of each worker thread: 8 MiB, what the main thread gets on Linux, so `--jobs 1`
/// and `--jobs N` run every file with the same room (Rust's default for spawned threads is
/// 2 MiB). No stage recurses over its input (ARCHITECTURE.md, "Recursion"); this is the
/// margin for what an audit could miss, not a limit any page should reach. Only touched
/// pages are committed, so 256 workers cost address space, not memory.
pub const WORKER_STACK_BYTES: usize = 8 << 20;

/// Options that apply to every issue of a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--encoding`: skip detection.
    pub encoding: Option<Encoding>,
    /// `--paper`: the paper of every issue (a manifest value still wins per file).
    pub paper: Option<String>,
    /// `--date`: the date of every issue, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Paper names declared in `--lexicon` (type PAPER): their masthead lines are
    /// furniture, and the one a page prints is its paper.
    pub papers: Vec<String>,
}

/// What is costly to build, built once per process and shared by reference across threads.
pub struct Engine {
    pub options: Options,
    pub entities: EntityExtractor,
}

impl Engine {
    pub fn new(options: Options, entities: EntityExtractor) -> Engine {
        Engine { options, entities }
    }
}

/// Converts one issue's bytes: every stage in order. Never fails: a file that cannot be
/// decoded comes back with `error` set.
pub fn convert_bytes(engine: &Engine, input: &InputFile, bytes: &[u8]) -> IssueRecord {
    convert_traced(engine, input, bytes).0
}

/// What the stages made of one issue before the record: the normalized page and its
/// classified blocks (empty when the file did not decode). For `inspect`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    pub page: Page,
    pub blocks: Vec<Block>,
}

/// `convert_bytes`, also returning the page and blocks it went through.
pub fn convert_traced(engine: &Engine, input: &InputFile, bytes: &[u8]) -> (IssueRecord, Trace) {
    let mut rec = IssueRecord {
        sha256: hex(&Sha256::digest(bytes)),
        bytes: bytes.len() as u64,
        ..known_before_reading(engine, input)
    };
    if let Some(error) = &input.error {
        rec.error = Some(error.clone());
        return (rec, Trace::default());
    }
    enter_stage("decode", bytes);
    let decoded = match decode::decode(bytes, engine.options.encoding) {
        Ok(d) => d,
        Err(e) => {
            rec.error = Some(e.to_string());
            return (rec, Trace::default());
        }
    };
    rec.encoding = Some(decoded.encoding);
    let mut limit_warnings: Vec<String> = decoded.guess_warning.iter().cloned().collect();
    enter_stage("normalize", bytes);
    let page = normalize::normalize(&decoded.text);
    // Counted before long lines are split: `chars` is the size of the text as printed.
    rec.chars = page.chars() as u64;
    let page = cap_line_length(page, &mut limit_warnings);
    drop(decoded);
    date_from_page(&mut rec, &page, &mut limit_warnings);
    enter_stage("blocks", bytes);
    let blocks = blocks::classify_with(&page, &engine.options.papers);
    enter_stage("articles", bytes);
    let layout = assemble_bounded(&blocks, &mut limit_warnings);
    if rec.paper.is_none() {
        rec.paper = blocks::declared_paper(&blocks, &engine.options.papers)
            .or_else(|| layout.paper.clone());
    }
    rec.year = match &rec.date {
        Some(d) => d.get(..4).and_then(|y| y.parse().ok()),
        None => numbers::infer_year(&layout.articles),
    };
    let reference = numbers::Reference::new(rec.date.as_deref(), rec.year);
    enter_stage("entities", bytes);
    rec.entities = engine.entities.furniture(&layout.furniture);
    rec.furniture = layout.furniture;
    rec.warnings = limit_warnings;
    rec.warnings.extend(layout.warnings);
    rec.articles = layout
        .articles
        .into_iter()
        .map(|article| {
            enter_stage("numbers", bytes);
            let mut numbers = numbers::extract(&article, reference);
            numbers.sort_by_key(|n| (n.field, n.start, n.end));
            enter_stage("entities", bytes);
            let mut entities = engine.entities.article(&article);
            entities.sort_by_key(|e| (e.field, e.start, e.end));
            ArticleRecord {
                article,
                numbers,
                entities,
            }
        })
        .collect();
    (rec, Trace { page, blocks })
}

thread_local! {
    /// The stage the current thread is running, for the message of a caught panic.
    static STAGE: std::cell::Cell<&'static str> = const { std::cell::Cell::new("read") };
}

/// Marks the start of `stage` on this thread. In debug builds only, the testing-only
/// environment variable `BAOZHI_TEST_PANIC=STAGE` makes the stage panic on a file whose
/// bytes hold `BAOZHI_TEST_PANIC`, so the tests can check that a panic stays in its file.
fn enter_stage(stage: &'static str, bytes: &[u8]) {
    STAGE.with(|s| s.set(stage));
    #[cfg(debug_assertions)]
    {
        static INJECT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
        let inject = INJECT.get_or_init(|| std::env::var("BAOZHI_TEST_PANIC").ok());
        let marker = b"BAOZHI_TEST_PANIC";
        if inject.as_deref() == Some(stage) && bytes.windows(marker.len()).any(|w| w == marker) {
            panic!("injected panic for testing");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = bytes;
}

/// Reads and converts one input like `convert_input`, with a backstop: a panic anywhere in
/// the stages (a bug: no input should cause one) becomes this file's error record,
/// `internal error in STAGE: MESSAGE — please report this file`, and the batch goes on.
/// A stack overflow cannot be caught; that is why no stage recurses over its input.
pub fn convert_guarded(engine: &Engine, input: &InputFile) -> IssueRecord {
    convert_guarded_traced(engine, input).0
}

/// `convert_guarded`, also returning the page and blocks (empty after a caught panic).
pub fn convert_guarded_traced(engine: &Engine, input: &InputFile) -> (IssueRecord, Trace) {
    STAGE.with(|s| s.set("read"));
    // Nothing is shared across the unwind but `engine`, which is only read.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert_input_traced(engine, input)
    }))
    .unwrap_or_else(|payload| {
        let rec = panic_record(known_before_reading(engine, input), &*payload);
        (rec, Trace::default())
    })
}

/// Calls `f` with `rec` and its rows, built with the same backstop as the stages: a panic
/// while building them makes `f` see the file's error record (and its rows) instead, and
/// the batch goes on.
pub(crate) fn with_rows<R>(
    rec: &IssueRecord,
    f: impl FnOnce(&IssueRecord, tables::IssueRows<'_>) -> R,
) -> R {
    STAGE.with(|s| s.set("tables"));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        enter_stage("tables", rec.source.as_bytes());
        tables::rows(rec)
    }));
    match caught {
        Ok(rows) => f(rec, rows),
        Err(payload) => {
            let base = IssueRecord {
                issue_id: rec.issue_id.clone(),
                source: rec.source.clone(),
                paper: rec.paper.clone(),
                date: rec.date.clone(),
                date_source: rec.date_source,
                ..IssueRecord::default()
            };
            let failed = panic_record(base, &*payload);
            let rows = tables::rows(&failed);
            f(&failed, rows)
        }
    }
}

/// `base` (what is known of the file before reading) as the error record of a caught panic
/// in the current stage.
fn panic_record(base: IssueRecord, payload: &(dyn std::any::Any + Send)) -> IssueRecord {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    // One line, like every error.
    let message = message.lines().next().unwrap_or("").trim().to_string();
    IssueRecord {
        error: Some(format!(
            "internal error in {}: {message} — please report this file",
            STAGE.with(|s| s.get())
        )),
        ..base
    }
}

/// What the command line, the manifest and the path say of an input, before its bytes
/// are read. The date: manifest, else `--date`, else the path.
fn known_before_reading(engine: &Engine, input: &InputFile) -> IssueRecord {
    let (date, date_source) = if let Some(d) = &input.date {
        (Some(d.clone()), Some(DateSource::Manifest))
    } else if let Some(d) = &engine.options.date {
        (Some(d.clone()), Some(DateSource::Option))
    } else {
        match path_date(input) {
            Some(d) => (Some(d), Some(DateSource::Path)),
            None => (None, None),
        }
    };
    IssueRecord {
        issue_id: input.issue_id.clone(),
        source: input.source.clone(),
        paper: input.paper.clone().or_else(|| engine.options.paper.clone()),
        date,
        date_source,
        ..IssueRecord::default()
    }
}

/// The date spelled in the input's path: the path as found (root included) for a file,
/// the source otherwise.
fn path_date(input: &InputFile) -> Option<String> {
    let date = match &input.origin {
        Origin::File(path) => issue_date::from_path(&path.to_string_lossy()),
        Origin::Stdin => issue_date::from_path(&input.source),
    };
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

/// The date of a masthead line, when nothing before it gave one; a path date that the
/// page contradicts stays, with warning `date-conflict:LINE`.
fn date_from_page(rec: &mut IssueRecord, page: &Page, warnings: &mut Vec<String>) {
    if rec.date_source == Some(DateSource::Manifest) || rec.date_source == Some(DateSource::Option)
    {
        return;
    }
    let Some((date, line)) = issue_date::from_page(page) else {
        return;
    };
    let date = date.format("%Y-%m-%d").to_string();
    match &rec.date {
        None => {
            rec.date = Some(date);
            rec.date_source = Some(DateSource::Page);
        }
        Some(path) if *path != date => warnings.push(format!("date-conflict:{line}")),
        Some(_) => {}
    }
}

/// The bytes of an input, `None` past `MAX_INPUT_BYTES`.
pub fn read_input(input: &InputFile) -> std::io::Result<Option<Vec<u8>>> {
    match &input.origin {
        // `*.txt.gz` is read through gzip (archives are often stored compressed); the size
        // limit applies to the text.
        Origin::File(path) if is_gzip_name(path) => std::fs::File::open(path)
            .and_then(|f| read_bounded(flate2::read::MultiGzDecoder::new(f)))
            .map_err(|e| std::io::Error::new(e.kind(), format!("not readable as gzip: {e}"))),
        Origin::File(path) => std::fs::File::open(path).and_then(read_bounded),
        Origin::Stdin => read_bounded(std::io::stdin().lock()),
    }
}

/// Reads and converts one input; a read failure becomes the record's error.
pub fn convert_input(engine: &Engine, input: &InputFile) -> IssueRecord {
    convert_input_traced(engine, input).0
}

/// `convert_input`, also returning the page and blocks it went through.
pub fn convert_input_traced(engine: &Engine, input: &InputFile) -> (IssueRecord, Trace) {
    let bytes = read_input(input);
    let error = match bytes {
        Ok(Some(bytes)) => return convert_traced(engine, input, &bytes),
        Ok(None) => format!(
            "the file is larger than {} MiB: split it into one file per issue or page",
            MAX_INPUT_BYTES >> 20
        ),
        Err(e) => format!("cannot read the file: {e}"),
    };
    let rec = IssueRecord {
        error: Some(input.error.clone().unwrap_or(error)),
        ..known_before_reading(engine, input)
    };
    (rec, Trace::default())
}

fn is_gzip_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Reads at most `MAX_INPUT_BYTES`; `None` when there is more (a runaway dump or a device
/// such as /dev/zero never exhausts memory).
fn read_bounded(reader: impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= MAX_INPUT_BYTES).then_some(buf))
}

/// Splits lines longer than `MAX_LINE_CHARS` at the last sentence end before the limit (or
/// at the limit), with an empty line between the pieces so they become paragraphs; the
/// repair stages then stay fast on a file that is one huge line.
fn cap_line_length(page: Page, warnings: &mut Vec<String>) -> Page {
    if page.lines.iter().all(|l| l.text.len() <= MAX_LINE_CHARS) {
        return page; // byte length bounds the code points
    }
    let mut lines = Vec::with_capacity(page.lines.len());
    for line in page.lines {
        if line.text.chars().nth(MAX_LINE_CHARS).is_none() {
            lines.push(line);
            continue;
        }
        warnings.push(format!("line-too-long:{}", line.no));
        let chars: Vec<char> = line.text.chars().collect();
        let mut at = 0;
        while at < chars.len() {
            let hard = (at + MAX_LINE_CHARS).min(chars.len());
            let cut = if hard == chars.len() {
                hard
            } else {
                (at + 1..hard)
                    .rev()
                    .find(|&i| matches!(chars[i - 1], '。' | '！' | '？'))
                    .unwrap_or(hard)
            };
            if at > 0 {
                lines.push(Line {
                    no: line.no,
                    text: String::new(),
                });
            }
            lines.push(Line {
                no: line.no,
                text: chars[at..cut].iter().collect(),
            });
            at = cut;
        }
    }
    Page { lines }
}

/// Assembles articles from at most `MAX_BLOCKS` blocks at a time: nothing is dropped, and
/// layout repair, which compares blocks with each other, stays bounded on any page.
fn assemble_bounded(blocks: &[Block], warnings: &mut Vec<String>) -> Layout {
    if blocks.len() <= MAX_BLOCKS {
        return articles::assemble(blocks);
    }
    warnings.push(format!("too-many-blocks:{}", blocks[MAX_BLOCKS].line));
    let mut layout = Layout::default();
    for window in blocks.chunks(MAX_BLOCKS) {
        let part = articles::assemble(window);
        layout.articles.extend(part.articles);
        layout.furniture.extend(part.furniture);
        layout.warnings.extend(part.warnings);
        layout.paper = layout.paper.or(part.paper);
    }
    layout
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sorts inputs into output order and marks every repeat of an `issue_id` as an error
/// (the one whose source sorts later gets it, whatever the command-line order).
pub fn order_inputs(mut files: Vec<InputFile>) -> Vec<InputFile> {
    files.sort_by(|a, b| (&a.issue_id, &a.source).cmp(&(&b.issue_id, &b.source)));
    files.dedup_by(|a, b| a.origin == b.origin && a.issue_id == b.issue_id);
    // Sorted, the repeats of an id follow its first file: no map of all ids needed, which
    // mattered at tens of thousands of files.
    let mut first = 0;
    for i in 1..files.len() {
        if files[i].issue_id != files[first].issue_id {
            first = i;
            continue;
        }
        let message = format!(
            "duplicate issue_id `{}`: {} has it too",
            files[i].issue_id, files[first].source
        );
        files[i].error = Some(message);
    }
    files.shrink_to_fit();
    files
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    /// Inputs an incremental run found unchanged and did not convert (not in the counts of
    /// articles, numbers and entities).
    pub skipped: usize,
    pub articles: usize,
    pub numbers: usize,
    pub entities: usize,
    pub bytes: u64,
}

impl Summary {
    pub(crate) fn count(&mut self, rec: &IssueRecord, rows: &tables::IssueRows) {
        self.files += 1;
        self.errors += usize::from(rec.error.is_some());
        self.articles += rows.articles.len();
        self.numbers += rows.numbers.len();
        self.entities += rows.entities.len();
        self.bytes += rec.bytes;
    }
}

/// Batch settings.
#[derive(Debug, Clone)]
pub struct Batch {
    pub formats: Vec<Format>,
    pub write: WriteOptions,
    /// Worker threads; 0 or 1 converts on the calling thread.
    pub jobs: usize,
    /// One file per table, or partition trees.
    pub layout: FileLayout,
    /// Convert only inputs that changed since the output folder's manifest.
    pub incremental: bool,
    /// The conversion options for the manifest (formats and layout are filled in here).
    pub options: RunOptions,
    /// Report and inspect pages written with the tables.
    pub extras: Extras,
}

/// Outputs of a run besides the tables, staged and committed with them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// `report.html`: a summary of the run.
    pub report: bool,
    /// `inspect/ISSUE.html`: every issue's inspect page (rendered on the workers).
    pub inspect_pages: bool,
}

impl Default for Batch {
    fn default() -> Batch {
        Batch {
            formats: Format::ALL.to_vec(),
            write: WriteOptions::default(),
            jobs: 1,
            layout: FileLayout::default(),
            incremental: false,
            options: RunOptions::default(),
            extras: Extras::default(),
        }
    }
}

/// What the run manifest records of one input.
pub(crate) fn input_entry(input: &InputFile, rec: &IssueRecord, partition: String) -> InputEntry {
    InputEntry {
        issue_id: rec.issue_id.clone(),
        source: rec.source.clone(),
        sha256: rec.sha256.clone(),
        paper: input.paper.clone(),
        date: input.date.clone(),
        status: if rec.error.is_some() { "error" } else { "ok" }.to_string(),
        partition,
    }
}

/// Converts `files` into the tables under `out`, atomically, with the run manifest written
/// last. `observe` sees every record converted (progress, error messages).
pub fn run_batch(
    engine: &Engine,
    files: Vec<InputFile>,
    out: &Path,
    batch: &Batch,
    observe: &mut dyn FnMut(&IssueRecord),
) -> Result<Summary, WriteError> {
    let files = order_inputs(files);
    let staging = Staging::new(out)?;
    // An unreadable manifest is treated as none: the run then writes every table anew.
    let previous = RunManifest::read(out).ok().flatten();
    let mut formats = batch.formats.clone();
    formats.sort();
    formats.dedup();
    let options = RunOptions {
        formats: formats.iter().map(|f| f.extension().to_string()).collect(),
        csv_bom: batch.write.csv_bom,
        partition_by: batch.layout.partition_by.clone(),
        part_bytes: batch.layout.part_bytes,
        ..batch.options.clone()
    };
    let inspect_dir = staging.path().join("inspect");
    if batch.extras.inspect_pages {
        std::fs::create_dir(&inspect_dir).map_err(|e| writers::io_error(&inspect_dir, e))?;
    }
    let mut report = batch
        .extras
        .report
        .then(|| inspect::report::Report::new(batch.extras.inspect_pages));
    let mut summary = Summary::default();
    let mut inputs = Vec::with_capacity(files.len());
    let old_pages = out.join("inspect");
    let pages = batch.extras.inspect_pages.then_some(old_pages.as_path());
    let plan = match (&previous, batch.incremental) {
        (Some(prev), true) => incremental::plan(prev, &files, &options, batch.jobs, pages),
        _ => None,
    };
    // The pages of unchanged issues stay from the previous run: they are not rendered again.
    let kept_pages: BTreeSet<String> = plan
        .iter()
        .flat_map(|p| p.unchanged_ids())
        .map(inspect::file_name)
        .collect();
    let (mut entries, carried) = match (plan, &previous) {
        (Some(plan), Some(prev)) => {
            if let Some(report) = &mut report {
                report.keep(kept_pages.len());
            }
            // The report counts the issues this run converted; the kept ones are named.
            let observe = &mut |rec: &IssueRecord| {
                if let Some(report) = &mut report {
                    report.add(rec);
                }
                observe(rec);
            };
            let mut step = incremental::Step {
                engine,
                files: &files,
                previous: prev,
                staging: staging.path(),
                formats: &formats,
                batch,
                options: &options,
                summary: &mut summary,
                inputs: &mut inputs,
                observe,
            };
            incremental::run(&mut step, plan)?
        }
        _ => {
            let mut tables =
                TableFiles::new(staging.path(), &formats, batch.write, &batch.layout, true)?;
            let pages = batch.extras.inspect_pages;
            convert_ordered(engine, &files, batch.jobs, pages, &mut |i, rec, page| {
                if let Some(page) = page {
                    let path = inspect_dir.join(inspect::file_name(&rec.issue_id));
                    std::fs::write(&path, page).map_err(|e| writers::io_error(&path, e))?;
                }
                with_rows(&rec, |rec, rows| {
                    if let Some(report) = &mut report {
                        report.add(rec);
                    }
                    let key = output::partition_of(&batch.layout, &rows.issue);
                    inputs.push(input_entry(&files[i], rec, key.clone()));
                    summary.count(rec, &rows);
                    let rows = tables::IssueRows {
                        issue: output::project_issue(&batch.layout, rows.issue),
                        ..rows
                    };
                    tables.write_issue(&key, &rows)?;
                    observe(rec);
                    Ok(())
                })
            })?;
            (tables.finish()?, Vec::new())
        }
    };
    if let Some(report) = &report {
        let path = staging.path().join("report.html");
        std::fs::write(&path, report.render()).map_err(|e| writers::io_error(&path, e))?;
    }
    // The data package describes one CSV file per table: not written for partition trees.
    if formats.contains(&Format::Csv) && !batch.layout.partitioned() {
        let path = staging.path().join("datapackage.json");
        std::fs::write(&path, datapackage::datapackage(&Table::ALL))
            .map_err(|e| writers::io_error(&path, e))?;
        let sha256 = run_manifest::sha256_file(&path).map_err(|e| writers::io_error(&path, e))?;
        entries.push(FileEntry {
            path: "datapackage.json".into(),
            rows: None,
            sha256,
        });
    }
    entries.extend(carried);
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = RunManifest {
        manifest: run_manifest::LAYOUT,
        contract: run_manifest::contract_version(),
        options,
        input_count: inputs.len(),
        inputs,
        files: entries,
    };
    let path = staging.path().join(run_manifest::FILE);
    std::fs::write(&path, manifest.to_json()).map_err(|e| writers::io_error(&path, e))?;
    // The previous run's files this run did not write (other formats, partitions now
    // empty, parts no longer needed): removed, so the folder holds one run.
    let mut stale: Vec<String> = previous
        .iter()
        .flat_map(|p| &p.files)
        .filter(|f| !manifest.files.iter().any(|g| g.path == f.path))
        .map(|f| f.path.clone())
        .collect();
    if batch.extras.inspect_pages {
        // Inspect pages are not in the manifest: the previous run's that this run did not
        // write go too, so `inspect/` shows one run.
        stale.extend(stale_pages(&old_pages, &inspect_dir, &kept_pages));
    }
    staging.commit(&stale)?;
    Ok(summary)
}

/// The pages in `old` (the output's `inspect/`) with no namesake in `new` (the staged one)
/// and not `kept`, as paths relative to the output folder.
fn stale_pages(old: &Path, new: &Path, kept: &BTreeSet<String>) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(old) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.file_name())
        .filter(|name| !new.join(name).exists() && !kept.contains(&*name.to_string_lossy()))
        .map(|name| format!("inspect/{}", name.to_string_lossy()))
        .collect()
}

/// Converts `files` with `jobs` threads and hands the records to `sink` in order, with
/// their index in `files`.
pub(crate) fn convert_ordered(
    engine: &Engine,
    files: &[InputFile],
    jobs: usize,
    inspect_pages: bool,
    sink: &mut dyn FnMut(usize, IssueRecord, Option<String>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    // With inspect pages, each is rendered where its issue was converted (on the workers).
    let convert = |f: &InputFile| -> (IssueRecord, Option<String>) {
        if !inspect_pages {
            return (convert_guarded(engine, f), None);
        }
        let (rec, trace) = convert_guarded_traced(engine, f);
        let page = inspect::page(&rec, &trace);
        (rec, Some(page))
    };
    if jobs <= 1 {
        // One thread: convert and write in turn, no hand-off.
        for (i, f) in files.iter().enumerate() {
            let (rec, page) = convert(f);
            sink(i, rec, page)?;
        }
        return Ok(());
    }
    // Workers take issues in output order from a shared counter, at most `window` ahead
    // of the writer (this thread), which puts finished records back in order. No batch
    // barrier, so one long issue never idles the other workers; memory stays bounded.
    let window = jobs * 4;
    let gate = Gate::new(window);
    let (tx, rx) = mpsc::channel::<(usize, (IssueRecord, Option<String>))>();
    std::thread::scope(|scope| -> Result<(), WriteError> {
        for _ in 0..jobs {
            let (tx, gate, convert) = (tx.clone(), &gate, &convert);
            std::thread::Builder::new()
                .name("baozhi-worker".into())
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    let _stop = StopOnPanic(gate);
                    while let Some(i) = gate.take(files.len()) {
                        if tx.send((i, convert(&files[i]))).is_err() {
                            break;
                        }
                    }
                })
                .map_err(|e| {
                    gate.stop();
                    WriteError::Format {
                        path: PathBuf::from("."),
                        message: format!("cannot start worker threads: {e}"),
                    }
                })?;
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, rec) in rx {
            pending.insert(i, rec);
            while let Some((rec, page)) = pending.remove(&next) {
                if let Err(e) = sink(next, rec, page) {
                    gate.stop();
                    return Err(e);
                }
                next += 1;
                gate.written(next);
            }
        }
        Ok(())
    })
}

/// Hands out issue indexes in order, holding a worker back while it is `window` issues
/// ahead of the writer.
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
    window: usize,
}

#[derive(Default)]
struct GateState {
    taken: usize,
    written: usize,
    stopped: bool,
}

impl Gate {
    fn new(window: usize) -> Gate {
        Gate {
            state: Mutex::new(GateState::default()),
            moved: Condvar::new(),
            window,
        }
    }

    /// The next index below `len` to convert; `None` when all are taken or the run stopped.
    fn take(&self, len: usize) -> Option<usize> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if state.stopped || state.taken >= len {
                return None;
            }
            if state.taken < state.written + self.window {
                state.taken += 1;
                return Some(state.taken - 1);
            }
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn written(&self, count: usize) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .written = count;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stopped = true;
        self.moved.notify_all();
    }
}

/// Stops the gate if a worker panics, so the others and the writer finish instead of
/// waiting for a record that will never come (the scope then re-raises the panic).
struct StopOnPanic<'a>(&'a Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn input(issue_id: &str, source: &str) -> InputFile {
        InputFile {
            origin: Origin::File(source.into()),
            issue_id: issue_id.into(),
            source: source.into(),
            paper: None,
            date: None,
            error: None,
        }
    }

    #[test]
    fn every_repeat_of_an_issue_id_names_the_first_source() {
        let files = order_inputs(vec![
            input("b", "z/b.txt"),
            input("a", "y/a.txt"),
            input("b", "x/b.txt"),
            input("b", "y/b.txt"),
            input("c", "c.txt"),
        ]);
        let got: Vec<_> = files
            .iter()
            .map(|f| (f.source.as_str(), f.error.as_deref()))
            .collect();
        let dup = Some("duplicate issue_id `b`: x/b.txt has it too");
        assert_eq!(
            got,
            [
                ("y/a.txt", None),
                ("x/b.txt", None),
                ("y/b.txt", dup),
                ("z/b.txt", dup),
                ("c.txt", None),
            ]
        );
    }

    #[test]
    fn gate_hands_out_indexes_in_order_and_stops_at_the_end() {
        let gate = Gate::new(8);
        let taken: Vec<_> = std::iter::from_fn(|| gate.take(3)).collect();
        assert_eq!(taken, [0, 1, 2]);
        assert_eq!(gate.take(3), None);
    }

    #[test]
    fn gate_holds_a_worker_until_the_writer_catches_up() {
        let gate = Gate::new(2);
        assert_eq!((gate.take(10), gate.take(10)), (Some(0), Some(1)));
        std::thread::scope(|scope| {
            let worker = scope.spawn(|| gate.take(10));
            std::thread::sleep(Duration::from_millis(50));
            assert!(
                !worker.is_finished(),
                "a third issue ran ahead of the window"
            );
            gate.written(1);
            assert_eq!(worker.join().unwrap(), Some(2));
        });
    }

    #[test]
    fn stopping_the_gate_releases_waiting_workers() {
        let gate = Gate::new(1);
        assert_eq!(gate.take(10), Some(0));
        std::thread::scope(|scope| {
            let worker = scope.spawn(|| gate.take(10));
            std::thread::sleep(Duration::from_millis(50));
            gate.stop();
            assert_eq!(worker.join().unwrap(), None);
        });
        assert_eq!(gate.take(10), None);
    }
}
