//! Finds the input files of a run and what is known of each before it is read: its
//! `issue_id`, `source`, and manifest values (`paper`, `date`).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{InputError, ManifestError};

/// Where an issue's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Stdin,
}

/// One issue to convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub origin: Origin,
    pub issue_id: String,
    /// Path relative to the input root given on the command line, `/`-separated.
    pub source: String,
    pub paper: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Set when the file cannot be converted before it is even read (manifest problems).
    pub error: Option<String>,
}

/// Inputs found, and problems met while looking (each reported, none silent).
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<InputFile>,
    pub problems: Vec<InputError>,
    /// What was passed over for a good reason (a folder reached twice through a symbolic
    /// link): worth a line on stderr, not a failure.
    pub notes: Vec<String>,
    /// Files under an input folder that are not inputs (not `*.txt` or `*.txt.gz`), relative
    /// to their folder: counted in the summary, listed with `--verbose`.
    pub skipped: Vec<String>,
}

/// Canonical folders of one folder walk: those on the way down (a link back to one of them
/// is a loop) and all those searched (a link to one of them would find its files twice).
#[derive(Default)]
struct Walked {
    ancestors: Vec<PathBuf>,
    searched: HashSet<PathBuf>,
}

/// How inputs are named in the tables (`issue_id`, `source`).
#[derive(Debug, Clone, Default)]
pub struct Naming {
    /// `--id-root DIR`: every `issue_id` is the file's path relative to DIR, whatever
    /// folder was named.
    pub id_root: Option<PathBuf>,
    /// `--issue-id` for `-` (default `stdin`).
    pub stdin_issue_id: Option<String>,
    /// `--source` for `-` (default `-`).
    pub stdin_source: Option<String>,
}

/// Finds the inputs: files as named, folders searched recursively for `*.txt`, `-` for
/// standard input.
pub fn find(inputs: &[PathBuf]) -> Found {
    find_named(inputs, &Naming::default())
}

/// `find` with `naming`. `issue_id` is the path relative to the folder named (a file named
/// directly: its name), without `.txt`; with `--id-root`, relative to that folder.
/// `source` is relative to the folder named too, unless the inputs lie in different folders:
/// then it is the path relative to the current folder, so two `p01.txt` are told apart.
pub fn find_named(inputs: &[PathBuf], naming: &Naming) -> Found {
    let mut found = Found::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.files.push(InputFile {
                origin: Origin::Stdin,
                issue_id: naming
                    .stdin_issue_id
                    .clone()
                    .unwrap_or_else(|| "stdin".to_string()),
                source: naming
                    .stdin_source
                    .clone()
                    .unwrap_or_else(|| "-".to_string()),
                paper: None,
                date: None,
                error: None,
            });
            continue;
        }
        match fs::metadata(input) {
            Ok(meta) if meta.is_dir() => {
                walk(input, input, &mut Walked::default(), &mut found);
            }
            Ok(_) => {
                let name = input
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                found.files.push(InputFile {
                    origin: Origin::File(input.clone()),
                    issue_id: strip_txt(&name).to_string(),
                    source: name,
                    paper: None,
                    date: None,
                    error: None,
                });
            }
            Err(_) => found.problems.push(InputError::Missing {
                path: input.clone(),
            }),
        }
    }
    if several_roots(inputs) {
        for file in &mut found.files {
            if let Origin::File(path) = &file.origin {
                file.source = from_current_folder(path);
            }
        }
    }
    if let Some(root) = &naming.id_root {
        for file in &mut found.files {
            if let Origin::File(path) = &file.origin {
                match id_under(root, path) {
                    Some(id) => file.issue_id = id,
                    None => {
                        file.error = Some(format!(
                            "not under --id-root {}: name a folder that holds every input",
                            root.display()
                        ))
                    }
                }
            }
        }
    }
    found
}

/// Whether the inputs lie in more than one folder (a folder counts as its own, a file as
/// its parent's).
fn several_roots(inputs: &[PathBuf]) -> bool {
    // A missing input is no folder of inputs: it must not change the others' sources.
    let mut roots = inputs
        .iter()
        .filter(|p| p.as_os_str() != "-" && p.exists())
        .filter_map(|p| {
            let dir = if p.is_dir() {
                p.as_path()
            } else {
                p.parent().unwrap_or(Path::new(""))
            };
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            fs::canonicalize(dir).ok()
        })
        .collect::<Vec<_>>();
    roots.sort();
    roots.dedup();
    roots.len() > 1
}

/// `path` relative to the current folder, `/`-separated (`../x` kept as such); an absolute
/// path outside the current folder stays absolute.
fn from_current_folder(path: &Path) -> String {
    let path = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => path.strip_prefix(&cwd).unwrap_or(path),
        _ => path,
    };
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            Component::RootDir => Some(String::new()),
            Component::CurDir | Component::Prefix(_) => None,
        })
        .collect();
    parts.join("/")
}

/// The issue id of `path` under `root` (both canonical), or `None` when it is not under it.
fn id_under(root: &Path, path: &Path) -> Option<String> {
    let root = fs::canonicalize(root).ok()?;
    // The file itself may be a link: its folder is canonicalized, its name kept.
    let name = path.file_name()?;
    let dir = fs::canonicalize(
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
    .ok()?;
    let full = dir.join(name);
    full.strip_prefix(&root).ok()?;
    Some(strip_txt(&relative(&root, &full)).to_string())
}

/// Searches the folder `top` for inputs, depth first in sorted order. Iterative, with an
/// explicit stack of pending entries: how deep folders nest is the archive's to choose.
fn walk(root: &Path, top: &Path, walked: &mut Walked, found: &mut Found) {
    enum Step {
        /// A folder entry to look at (folder or file).
        Entry(PathBuf),
        /// The folder entered last is done: it is no longer an ancestor.
        Leave,
    }
    let mut todo = vec![Step::Entry(top.to_path_buf())];
    while let Some(step) = todo.pop() {
        let path = match step {
            Step::Leave => {
                walked.ancestors.pop();
                continue;
            }
            Step::Entry(path) => path,
        };
        // A broken link has no metadata: it stays an input and its read error becomes its
        // issues row.
        let meta = fs::metadata(&path).ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            if let Some(entries) = enter(&path, walked, found) {
                todo.push(Step::Leave);
                todo.extend(entries.into_iter().rev().map(Step::Entry));
            }
        } else if is_input_name(&path) {
            if let Some(problem) = meta.as_ref().and_then(|m| special_file(&path, m)) {
                found.problems.push(problem);
                continue;
            }
            let rel = relative(root, &path);
            found.files.push(InputFile {
                origin: Origin::File(path),
                issue_id: strip_txt(&rel).to_string(),
                source: rel,
                paper: None,
                date: None,
                error: None,
            });
        } else {
            found.skipped.push(relative(root, &path));
        }
    }
}

/// Enters the folder `dir`: its entries, sorted, or `None` when it is not searched (a
/// loop, a folder searched already, one that cannot be read).
fn enter(dir: &Path, walked: &mut Walked, found: &mut Found) -> Option<Vec<PathBuf>> {
    let canonical = match fs::canonicalize(dir) {
        Ok(canonical) => canonical,
        Err(source) => {
            found.problems.push(InputError::Read {
                path: dir.to_path_buf(),
                source,
            });
            return None;
        }
    };
    if walked.ancestors.contains(&canonical) {
        found.problems.push(InputError::Loop {
            path: dir.to_path_buf(),
        });
        return None;
    }
    // A link to a folder searched already (`latest -> 2022-02-12`) is no loop: its files are
    // converted once, under the first path that reached them.
    if !walked.searched.insert(canonical.clone()) {
        found.notes.push(format!(
            "{}: a link to a folder already searched, skipped (its files are converted once)",
            dir.display()
        ));
        return None;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            found.problems.push(InputError::Read {
                path: dir.to_path_buf(),
                source,
            });
            return None;
        }
    };
    walked.ancestors.push(canonical);
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    Some(paths)
}

/// Whether a file found in a folder is an input: `*.txt`, or `*.txt.gz` (read through gzip).
fn is_input_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    lower.len() > 4 && lower.ends_with(".txt") || lower.len() > 7 && lower.ends_with(".txt.gz")
}

/// A FIFO, socket or device found in a folder or listed in a manifest: reading it could
/// block forever (a FIFO with no writer) or never end (`/dev/zero`), so it is reported and
/// not read. Named directly on the command line it is read: `baozhi convert <(zcat x.gz)`.
fn special_file(path: &Path, meta: &fs::Metadata) -> Option<InputError> {
    if meta.is_file() || meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    let kind = {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            "a FIFO (named pipe)"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let kind = "not a regular file";
    Some(InputError::Read {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!(
            "{kind}, not a regular file: skipped, since reading it could block or never end"
        )),
    })
}

/// `path` relative to `root`, `/`-separated.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `name` without a final `.txt` or `.txt.gz` (any case). Byte slicing goes through `get`
/// because the last bytes of a name like `湘江晚报` do not start on a character boundary.
fn strip_txt(name: &str) -> &str {
    let strip = |name: &'_ str, ext: &str| -> Option<usize> {
        let n = name.len().checked_sub(ext.len())?;
        let (stem, tail) = (name.get(..n)?, name.get(n..)?);
        (!stem.is_empty() && tail.eq_ignore_ascii_case(ext)).then_some(n)
    };
    match strip(name, ".txt.gz").or_else(|| strip(name, ".txt")) {
        Some(n) => &name[..n],
        None => name,
    }
}

/// One manifest row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestEntry {
    pub path: PathBuf,
    pub issue_id: Option<String>,
    pub paper: Option<String>,
    pub date: Option<String>,
    /// A problem with this row (a bad date); the file gets `status = error`.
    pub error: Option<String>,
    /// Line of the row in the manifest (the header is line 1).
    pub row: usize,
}

/// Reads a manifest: a CSV with a header holding `path` and any of `issue_id`, `paper`, `date`.
pub fn read_manifest(path: &Path) -> Result<Vec<ManifestEntry>, ManifestError> {
    let bytes = fs::read(path).map_err(|source| ManifestError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let csv_error = |e: csv::Error| ManifestError::Csv {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader.headers().map_err(csv_error)?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let path_col = col("path").ok_or_else(|| ManifestError::NoPathColumn {
        path: path.to_path_buf(),
    })?;
    let (id_col, paper_col, date_col) = (col("issue_id"), col("paper"), col("date"));
    let base = path.parent().unwrap_or(Path::new("."));
    let mut entries = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(csv_error)?;
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(file) = get(Some(path_col)) else {
            continue;
        };
        let file = PathBuf::from(file);
        let date = get(date_col);
        let error = match &date {
            Some(d) if !is_iso_date(d) => Some(format!(
                "manifest {} row {}: date `{d}` is not YYYY-MM-DD",
                path.display(),
                i + 2
            )),
            _ => None,
        };
        entries.push(ManifestEntry {
            path: if file.is_absolute() {
                file
            } else {
                base.join(file)
            },
            issue_id: get(id_col),
            paper: get(paper_col),
            date: if error.is_some() { None } else { date },
            error,
            row: i + 2,
        });
    }
    Ok(entries)
}

/// Applies manifest rows to the found inputs (matched by canonical path). With no inputs
/// named, the manifest's own files are the inputs; a listed file that does not exist
/// becomes an error row.
pub fn apply_manifest(
    found: &mut Found,
    manifest: &[ManifestEntry],
    manifest_path: &Path,
    inputs_named: bool,
) {
    let base = manifest_path.parent().unwrap_or(Path::new("."));
    let mut by_path: BTreeMap<PathBuf, &ManifestEntry> = BTreeMap::new();
    // A file listed twice with different values: which row is meant cannot be guessed.
    let mut conflicts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for entry in manifest {
        if let Ok(c) = fs::canonicalize(&entry.path) {
            match by_path.get(&c) {
                None => {
                    by_path.insert(c, entry);
                }
                Some(first)
                    if (&first.issue_id, &first.paper, &first.date, &first.error)
                        != (&entry.issue_id, &entry.paper, &entry.date, &entry.error) =>
                {
                    let message = format!(
                        "listed twice in manifest {} with different values (rows {} and {})",
                        manifest_path.display(),
                        first.row,
                        entry.row
                    );
                    conflicts.entry(c).or_insert(message);
                }
                Some(_) => {}
            }
        } else if !inputs_named {
            let source = relative(base, &entry.path);
            found.files.push(InputFile {
                origin: Origin::File(entry.path.clone()),
                issue_id: entry
                    .issue_id
                    .clone()
                    .unwrap_or_else(|| strip_txt(&source).to_string()),
                error: Some(format!(
                    "listed in manifest {} but not found",
                    manifest_path.display()
                )),
                source,
                paper: entry.paper.clone(),
                date: None,
            });
        }
    }
    if !inputs_named {
        for (canonical, entry) in &by_path {
            if let Some(problem) = fs::metadata(canonical)
                .ok()
                .and_then(|m| special_file(&entry.path, &m))
            {
                found.problems.push(problem);
                continue;
            }
            let source = relative(base, &entry.path);
            found.files.push(InputFile {
                origin: Origin::File(entry.path.clone()),
                issue_id: strip_txt(&source).to_string(),
                source,
                paper: None,
                date: None,
                error: None,
            });
        }
    }
    for file in &mut found.files {
        let Origin::File(p) = &file.origin else {
            continue;
        };
        let Ok(c) = fs::canonicalize(p) else { continue };
        if let Some(entry) = by_path.get(&c) {
            if let Some(id) = &entry.issue_id {
                file.issue_id = id.clone();
            }
            if entry.paper.is_some() {
                file.paper = entry.paper.clone();
            }
            if entry.date.is_some() {
                file.date = entry.date.clone();
            }
            if entry.error.is_some() {
                file.error = entry.error.clone();
            }
        }
        if let Some(conflict) = conflicts.get(&c) {
            file.error = Some(conflict.clone());
        }
    }
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD` (ASCII digits only: `+202-02-12`
/// and `2022-+2-12` parse as integers but are not dates).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && crate::writers::parquet::days_since_epoch(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_relative_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let day = tmp.path().join("2022/02/12");
        fs::create_dir_all(&day).unwrap();
        fs::write(day.join("p01.txt"), "x").unwrap();
        fs::write(day.join("notes.md"), "x").unwrap();
        fs::write(tmp.path().join("a.TXT"), "x").unwrap();
        let found = find(&[tmp.path().to_path_buf()]);
        let ids: Vec<(&str, &str)> = found
            .files
            .iter()
            .map(|f| (f.issue_id.as_str(), f.source.as_str()))
            .collect();
        assert_eq!(
            ids,
            [("2022/02/12/p01", "2022/02/12/p01.txt"), ("a", "a.TXT")]
        );
        let direct = find(&[day.join("p01.txt")]);
        assert_eq!(direct.files[0].issue_id, "p01");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_reported_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        fs::write(tmp.path().join("a.txt"), "x").unwrap();
        let found = find(&[tmp.path().to_path_buf()]);
        assert_eq!(found.files.len(), 1);
        assert_eq!(found.files[0].issue_id, "a");
        let problems: Vec<String> = found.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("pipe.txt: cannot read: a FIFO (named pipe), not a regular file"),
            "{problems:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn link_to_a_searched_folder_is_a_note_a_link_up_is_a_loop() {
        let tmp = tempfile::tempdir().unwrap();
        let day = tmp.path().join("2022-02-12");
        fs::create_dir(&day).unwrap();
        fs::write(day.join("p01.txt"), "x").unwrap();
        std::os::unix::fs::symlink("2022-02-12", tmp.path().join("latest")).unwrap();
        std::os::unix::fs::symlink("..", day.join("up")).unwrap();
        let found = find(&[tmp.path().to_path_buf()]);
        let ids: Vec<&str> = found.files.iter().map(|f| f.issue_id.as_str()).collect();
        assert_eq!(ids, ["2022-02-12/p01"]);
        let problems: Vec<String> = found.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            [format!(
                "{}: symbolic link loop, skipped",
                day.join("up").display()
            )]
        );
        assert_eq!(
            found.notes,
            [format!(
                "{}: a link to a folder already searched, skipped (its files are converted once)",
                tmp.path().join("latest").display()
            )]
        );
    }

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2022-02-12"));
        assert!(!is_iso_date("2022-2-12"));
        assert!(!is_iso_date("2022-02-30"));
        assert!(!is_iso_date("+202-02-12"));
        assert!(!is_iso_date("2022-+2-12"));
        assert!(!is_iso_date("2022-0é-1"));
    }

    #[test]
    fn strip_txt_on_any_name() {
        assert_eq!(strip_txt("p01.txt"), "p01");
        assert_eq!(strip_txt("p01.TXT"), "p01");
        assert_eq!(strip_txt("p01.txt.gz"), "p01");
        assert_eq!(strip_txt("p01.TXT.GZ"), "p01");
        assert_eq!(strip_txt(".txt.gz"), ".txt.gz");
        assert_eq!(strip_txt(".txt"), ".txt");
        assert_eq!(strip_txt("湘江晚报"), "湘江晚报");
        assert_eq!(strip_txt("湘江晚报.txt"), "湘江晚报");
        assert_eq!(strip_txt("报"), "报");
        assert_eq!(strip_txt(""), "");
    }
}
