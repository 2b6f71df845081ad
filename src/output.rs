//! Writing kith's output files: atomically, and only when the content changed,
//! so editors, sync tools and git see no churn.

use std::io::{self, Write};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

/// Write `contents` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees half a file. Creates the folder if needed.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> io::Result<WriteOutcome> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return Ok(WriteOutcome::Unchanged);
    }
    write_atomic(path, contents)?;
    Ok(WriteOutcome::Written)
}

pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new().prefix(".kith-").suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOutcome {
    Created,
    /// A file is already there; it was left untouched.
    Exists,
}

/// Create a new file atomically, never replacing an existing one (the rename
/// itself refuses, so a file appearing meanwhile is safe too).
pub fn create_new(path: &Path, contents: &[u8]) -> io::Result<CreateOutcome> {
    if path.exists() {
        return Ok(CreateOutcome::Exists);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new().prefix(".kith-").suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(CreateOutcome::Created),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(CreateOutcome::Exists),
        Err(e) => Err(e.error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_skips_identical_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("out.md");
        assert_eq!(write_if_changed(&path, b"a").unwrap(), WriteOutcome::Written);
        assert_eq!(write_if_changed(&path, b"a").unwrap(), WriteOutcome::Unchanged);
        assert_eq!(write_if_changed(&path, b"b").unwrap(), WriteOutcome::Written);
        assert_eq!(std::fs::read(&path).unwrap(), b"b");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }
}
