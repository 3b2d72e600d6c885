//! Typed errors of the library. Each message names what went wrong and, where there is
//! one, what the user can do about it; the caller adds the file name.

use std::path::PathBuf;

use thiserror::Error;

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds only blank lines")]
    Blank,
    #[error("binary data ({what}), not text: convert it to plain text first")]
    Binary { what: String },
    #[error(
        "bytes that are not valid {encoding} at byte {byte} (line {line}){hint}; \
         re-export the file or name its encoding with --encoding"
    )]
    Invalid {
        encoding: &'static str,
        byte: usize,
        line: usize,
        hint: &'static str,
    },
}

/// Problems with the inputs named on the command line or in a manifest.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("{path}: no such file or folder")]
    Missing { path: PathBuf },
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: symbolic link loop, skipped")]
    Loop { path: PathBuf },
}

/// Problems with a `--manifest` file.
#[derive(Debug, Error)]
pub enum ManifestError {
    #[error("manifest {path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("manifest {path}: not a valid CSV: {message}")]
    Csv { path: PathBuf, message: String },
    #[error(
        "manifest {path}: needs a `path` column in its header (and any of issue_id, paper, date)"
    )]
    NoPathColumn { path: PathBuf },
    #[error("manifest {path}, row {row}: date `{date}` is not YYYY-MM-DD")]
    BadDate {
        path: PathBuf,
        row: usize,
        date: String,
    },
}

/// Problems writing the output tables.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("output {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("output {path}: {message}")]
    Format { path: PathBuf, message: String },
}

/// A schema file that does not parse or does not fit the code; a build defect, not a user error.
#[derive(Debug, Error)]
pub enum SchemaError {
    #[error("schema {table}: {message}")]
    Invalid { table: String, message: String },
    #[error("no table named `{0}`: the tables are issues, articles, numbers, entities")]
    UnknownTable(String),
}
