//! The run manifest, `OUT/manifest.json`: what one complete run wrote into an output folder
//! (contract version, options, inputs with their sha256, every table file with its row
//! count and sha256). Written last, so a reader can tell whether the tables in a folder come
//! from one complete run (`baozhi verify`), and read back by `convert --incremental` to find
//! the inputs that changed. Byte-stable: sorted, no times, no absolute paths.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::schema::Table;

/// The manifest's file name in the output folder.
pub const FILE: &str = "manifest.json";
/// Version of the manifest's own layout.
pub const LAYOUT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunManifest {
    /// Layout of this file (`LAYOUT`).
    pub manifest: u32,
    /// Contract version of the tables (schemas/).
    pub contract: String,
    pub options: RunOptions,
    pub input_count: usize,
    /// Sorted by issue_id, then source.
    pub inputs: Vec<InputEntry>,
    /// Every file written, sorted by path.
    pub files: Vec<FileEntry>,
}

/// The options of a run that decide the bytes of its tables. Paths are not recorded; a
/// lexicon is recorded by the sha256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RunOptions {
    pub formats: Vec<String>,
    pub encoding: Option<String>,
    pub paper: Option<String>,
    pub date: Option<String>,
    pub lexicon_sha256: Option<String>,
    pub csv_bom: bool,
    pub partition_by: Vec<String>,
    /// Size bound of one part file of a partition (see `writers::hive`).
    pub part_bytes: u64,
}

impl RunOptions {
    /// Whether rows converted under `self` are the rows `other` would produce (formats and
    /// file layout aside).
    pub fn same_conversion(&self, other: &RunOptions) -> bool {
        (
            &self.encoding,
            &self.paper,
            &self.date,
            &self.lexicon_sha256,
        ) == (
            &other.encoding,
            &other.paper,
            &other.date,
            &other.lexicon_sha256,
        )
    }

    /// Whether the table files of an untouched partition written under `other` are the
    /// files `self` would write.
    pub fn same_files(&self, other: &RunOptions) -> bool {
        self.same_conversion(other)
            && (
                &self.formats,
                self.csv_bom,
                &self.partition_by,
                self.part_bytes,
            ) == (
                &other.formats,
                other.csv_bom,
                &other.partition_by,
                other.part_bytes,
            )
    }
}

/// One input of the run, as known before and after converting it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    pub issue_id: String,
    pub source: String,
    /// Of the raw bytes; empty when the file could not be read.
    pub sha256: String,
    /// Set per file by an input manifest (`--manifest`), not by options.
    pub paper: Option<String>,
    pub date: Option<String>,
    /// `ok` or `error` (the issues row's status).
    pub status: String,
    /// The partition folder of its rows (`year=2022`), empty without `--partition-by`.
    pub partition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// Data rows (CSV header not counted); absent for files that are not tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    pub sha256: String,
}

/// Problems reading a manifest or checking a folder against it.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a baozhi run manifest: {message}")]
    Invalid { path: String, message: String },
}

impl RunManifest {
    /// The manifest as written: pretty JSON, a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The manifest of `dir`, or `None` when the folder has none.
    pub fn read(dir: &Path) -> Result<Option<RunManifest>, ManifestError> {
        let path = dir.join(FILE);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(ManifestError::Read {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        let m: RunManifest = serde_json::from_str(&text).map_err(|e| ManifestError::Invalid {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        if m.manifest != LAYOUT {
            return Err(ManifestError::Invalid {
                path: path.display().to_string(),
                message: format!("layout {} (this baozhi reads {LAYOUT})", m.manifest),
            });
        }
        Ok(Some(m))
    }
}

/// The contract version the tables of this build carry.
pub fn contract_version() -> String {
    Table::Issues.schema().version.clone()
}

/// SHA-256 of a file, lowercase hex, streamed.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks the files of `dir` against its manifest: every listed file present with its
/// sha256, and no table file the manifest does not list. Returns one line per problem
/// (empty: the folder is one complete run).
pub fn verify(dir: &Path) -> Result<Vec<String>, ManifestError> {
    let Some(m) = RunManifest::read(dir)? else {
        return Err(ManifestError::Read {
            path: dir.join(FILE).display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no manifest: the folder was not written by a complete baozhi run",
            ),
        });
    };
    let mut problems = Vec::new();
    for f in &m.files {
        match sha256_file(&dir.join(&f.path)) {
            Ok(sha) if sha == f.sha256 => {}
            Ok(_) => problems.push(format!(
                "{}: differs from the manifest (sha256 does not match)",
                f.path
            )),
            Err(e) => problems.push(format!("{}: {e}", f.path)),
        }
    }
    let listed: BTreeSet<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
    for path in table_files(dir) {
        if !listed.contains(path.as_str()) {
            problems.push(format!("{path}: a table file the manifest does not list"));
        }
    }
    Ok(problems)
}

/// Table files of a folder: `TABLE.EXT` at the top and every file in the `TABLE/` trees,
/// relative and `/`-separated, sorted. Iterative walk (no recursion over the folder depth).
pub fn table_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for table in Table::ALL {
        for ext in ["csv", "jsonl", "parquet"] {
            let name = format!("{}.{ext}", table.name());
            if dir.join(&name).is_file() {
                found.push(name);
            }
        }
        let mut stack = vec![table.name().to_string()];
        while let Some(rel) = stack.pop() {
            let Ok(entries) = fs::read_dir(dir.join(&rel)) else {
                continue;
            };
            for entry in entries.flatten() {
                let child = format!("{rel}/{}", entry.file_name().to_string_lossy());
                match entry.file_type() {
                    Ok(t) if t.is_dir() => stack.push(child),
                    Ok(_) => found.push(child),
                    Err(_) => {}
                }
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(files: Vec<FileEntry>) -> RunManifest {
        RunManifest {
            manifest: LAYOUT,
            contract: contract_version(),
            options: RunOptions::default(),
            input_count: 0,
            inputs: Vec::new(),
            files,
        }
    }

    #[test]
    fn verify_names_the_file_that_differs_and_unlisted_tables() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("issues.csv"), "a\n").unwrap();
        let sha = sha256_file(&dir.join("issues.csv")).unwrap();
        let m = manifest(vec![FileEntry {
            path: "issues.csv".into(),
            rows: Some(0),
            sha256: sha,
        }]);
        fs::write(dir.join(FILE), m.to_json()).unwrap();
        assert_eq!(verify(dir).unwrap(), Vec::<String>::new());
        fs::write(dir.join("issues.csv"), "b\n").unwrap();
        fs::create_dir_all(dir.join("articles/year=2022")).unwrap();
        fs::write(dir.join("articles/year=2022/part-00000.csv"), "").unwrap();
        assert_eq!(
            verify(dir).unwrap(),
            [
                "issues.csv: differs from the manifest (sha256 does not match)",
                "articles/year=2022/part-00000.csv: a table file the manifest does not list"
            ]
        );
    }

    #[test]
    fn manifest_round_trips_and_is_sorted_json() {
        let m = manifest(Vec::new());
        let back: RunManifest = serde_json::from_str(&m.to_json()).unwrap();
        assert_eq!(back, m);
        assert!(m
            .to_json()
            .starts_with("{\n  \"manifest\": 1,\n  \"contract\""));
    }
}
