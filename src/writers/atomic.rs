//! Atomic output: tables are written into a staging folder beside the output and renamed
//! into place only when every table is complete, so a failed or killed run leaves the
//! previous complete files (or none), never a torn table.

use std::fs;
use std::path::{Path, PathBuf};

use super::io_error;
use crate::error::WriteError;

const PREFIX: &str = ".baozhi-staging-";

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates `out` if needed and a fresh staging folder inside it; removes staging folders
    /// that killed runs left behind.
    pub fn new(out: &Path) -> Result<Staging, WriteError> {
        fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
        if let Ok(entries) = fs::read_dir(out) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(PREFIX) {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = out.join(format!("{PREFIX}{}", std::process::id()));
        fs::create_dir(&dir).map_err(|e| io_error(&dir, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Renames every staged file into the output folder.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let mut names: Vec<_> = fs::read_dir(&self.dir)
            .map_err(|e| io_error(&self.dir, e))?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        names.sort();
        for name in names {
            let to = self.out.join(&name);
            fs::rename(self.dir.join(&name), &to).map_err(|e| io_error(&to, e))?;
        }
        // Make the renames durable before reporting success.
        if let Ok(dir) = fs::File::open(&self.out) {
            let _ = dir.sync_all();
        }
        self.committed = true;
        fs::remove_dir(&self.dir).map_err(|e| io_error(&self.dir, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
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
        staging.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("t.csv")).unwrap(), "new");
        assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
    }
}
