//! Atomic output: tables are written into a staging folder beside the output and renamed
//! into place only when every table is complete, so a failed or killed run leaves the
//! previous complete files (or none), never a torn table.
//!
//! A lock file in the output folder keeps a second run from writing there at the same time:
//! it used to remove the first run's staging folder, so that the first run failed, or worse,
//! was cut in the middle of its renames. A lock left by a killed run is taken over.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::io_error;
use crate::error::WriteError;

const PREFIX: &str = ".baozhi-staging-";
const LOCK: &str = ".baozhi-lock";

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    lock: PathBuf,
    committed: bool,
}

/// Takes the output folder's lock: creates `.baozhi-lock` holding this process id, or finds
/// it held by a live baozhi process (an error), or left by a dead one (taken over).
fn take_lock(out: &Path) -> Result<PathBuf, WriteError> {
    let lock = out.join(LOCK);
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(mut file) => {
                write!(file, "{}", std::process::id()).map_err(|e| io_error(&lock, e))?;
                return Ok(lock);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(&lock)
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok());
                if let Some(pid) = holder.filter(|&pid| is_running_baozhi(pid)) {
                    return Err(WriteError::Format {
                        path: out.to_path_buf(),
                        message: format!(
                            "another baozhi run (process {pid}) is writing to this folder: \
                             wait for it to finish or choose another output folder"
                        ),
                    });
                }
                // Left by a run that was killed.
                let _ = fs::remove_file(&lock);
            }
            Err(e) => return Err(io_error(&lock, e)),
        }
    }
    Err(WriteError::Format {
        path: lock,
        message: "cannot take the output folder's lock".to_string(),
    })
}

/// Whether `pid` is a live baozhi process (Linux `/proc`; elsewhere a lock is never taken
/// to be held, as before the lock existed).
fn is_running_baozhi(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|comm| comm.starts_with("baozhi"))
}

impl Staging {
    /// Creates `out` if needed and a fresh staging folder inside it; removes staging folders
    /// that killed runs left behind.
    pub fn new(out: &Path) -> Result<Staging, WriteError> {
        fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
        let lock = take_lock(out)?;
        // With the lock held, every staging folder here is a killed run's.
        if let Ok(entries) = fs::read_dir(out) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(PREFIX) {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = out.join(format!("{PREFIX}{}", std::process::id()));
        if let Err(e) = fs::create_dir(&dir) {
            let _ = fs::remove_file(&lock);
            return Err(io_error(&dir, e));
        }
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            lock,
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Renames every staged file into the output folder, sub-folders included (partition
    /// trees), in sorted order with the run manifest last; before the manifest, removes the
    /// files of `stale` (paths relative to the output folder: the previous run's files this
    /// run did not write) and the partition folders they leave empty.
    pub fn commit(mut self, stale: &[String]) -> Result<(), WriteError> {
        let mut files = Vec::new();
        let mut stack = vec![PathBuf::new()];
        while let Some(rel) = stack.pop() {
            let dir = self.dir.join(&rel);
            for entry in fs::read_dir(&dir).map_err(|e| io_error(&dir, e))?.flatten() {
                let child = rel.join(entry.file_name());
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    stack.push(child);
                } else {
                    files.push(child);
                }
            }
        }
        let manifest = Path::new(crate::run_manifest::FILE);
        files.sort_by_key(|p| (p == manifest, p.clone()));
        for rel in files {
            if rel == manifest {
                for old in stale {
                    let path = self.out.join(old);
                    match fs::remove_file(&path) {
                        Ok(()) => remove_empty_parents(&self.out, &path),
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(io_error(&path, e)),
                    }
                }
            }
            let to = self.out.join(&rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
            }
            fs::rename(self.dir.join(&rel), &to).map_err(|e| io_error(&to, e))?;
        }
        // Make the renames durable before reporting success.
        if let Ok(dir) = fs::File::open(&self.out) {
            let _ = dir.sync_all();
        }
        self.committed = true;
        fs::remove_dir_all(&self.dir).map_err(|e| io_error(&self.dir, e))
    }
}

/// Removes the folders between `file` and `out` that are left empty.
fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
        let _ = fs::remove_file(&self.lock);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_lands_until_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("t.csv"), "old").unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            fs::write(staging.path().join("t.csv"), "new").unwrap();
            // dropped without commit
        }
        assert_eq!(fs::read_to_string(out.join("t.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
        let staging = Staging::new(&out).unwrap();
        fs::write(staging.path().join("t.csv"), "new").unwrap();
        staging.commit(&[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("t.csv")).unwrap(), "new");
        assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
    }

    #[test]
    fn one_run_at_a_time_and_stale_locks_are_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = Staging::new(&out).unwrap();
        if is_running_baozhi(std::process::id()) {
            let err = Staging::new(&out).err().map(|e| e.to_string());
            assert_eq!(
                err.as_deref(),
                Some(
                    format!(
                        "output {}: another baozhi run (process {}) is writing to this folder: \
                         wait for it to finish or choose another output folder",
                        out.display(),
                        std::process::id()
                    )
                    .as_str()
                )
            );
        }
        drop(first);
        assert!(!out.join(LOCK).exists(), "lock released");
        // A lock left by a process that no longer runs.
        fs::write(out.join(LOCK), "4194303999").unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.commit(&[]).unwrap();
        assert_eq!(fs::read_dir(&out).unwrap().count(), 0);
    }
}
