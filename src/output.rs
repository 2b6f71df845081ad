//! Writing kith's output files: atomically, and only when the content changed,
//! so editors, sync tools and git see no churn.

use std::io::{self, Write};
use std::path::Path;

use crate::output_guard::{absolute, normalise};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

/// Write a generated file (a report) atomically, unless it already holds
/// `contents`. It is not flushed to disk before the rename, unlike a note: a
/// crash can at worst leave a stale or empty report, which the next run finds
/// different and writes again, and `kith watch` stays fast.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> io::Result<WriteOutcome> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return Ok(WriteOutcome::Unchanged);
    }
    write_generated(path, contents)?;
    Ok(WriteOutcome::Written)
}

/// Write a generated file atomically, not flushed to disk first (see
/// `write_if_changed`). Its folder must exist (see `create_output_dir`): a
/// vault deleted meanwhile is never made again to hold a report.
pub fn write_generated(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, Sync::No, persist)
}

/// Write `contents` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees half a file, flushed to disk first so a
/// crash leaves the old version or the new one. Creates the folder if needed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_atomic_with(path, contents, Sync::Yes, persist)
}

/// Make the output folder `dir` if it is missing, but never the vault root nor
/// a folder above it: below the vault root the missing folders are made one at
/// a time, each in a folder that exists (so a vault deleted meanwhile is not
/// made again as an empty shell holding `kith/`); outside the vault only `dir`
/// itself is made, in a parent folder that exists.
pub fn create_output_dir(root: &Path, dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let (root_abs, dir_abs) = (normalise(&absolute(root)), normalise(&absolute(dir)));
    let (mut at, below) = match dir_abs.strip_prefix(&root_abs) {
        Ok(below) => (root_abs.clone(), below.to_path_buf()),
        Err(_) => match (dir_abs.parent(), dir_abs.file_name()) {
            (Some(parent), Some(name)) => (parent.to_path_buf(), Path::new(name).to_path_buf()),
            _ => return Err(io::Error::other("not a folder kith can create")),
        },
    };
    if !at.is_dir() {
        let what = if at == root_abs { "the vault" } else { "its parent folder" };
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{what} {} does not exist, and kith does not create it", at.display()),
        ));
    }
    for part in below.components() {
        at.push(part);
        // `create_dir`, not `create_dir_all`: when a folder above vanishes
        // meanwhile, this fails rather than making it again.
        match std::fs::create_dir(&at) {
            Err(e) if !(e.kind() == io::ErrorKind::AlreadyExists && at.is_dir()) => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

fn persist(temp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    temp.persist(path).map(drop).map_err(|e| e.error)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sync {
    Yes,
    No,
}

/// `write_atomic` with the final rename as a parameter, so tests can make it fail.
fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    sync: Sync,
    persist: impl FnOnce(tempfile::NamedTempFile, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new().prefix(".kith-").suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(contents)?;
    set_permissions(temp.as_file(), std::fs::metadata(path).ok().map(|m| m.permissions()))?;
    if sync == Sync::Yes {
        temp.as_file().sync_all()?;
    }
    // On failure the temporary file is dropped (deleted); the original stays.
    persist(temp, path)?;
    if sync == Sync::Yes {
        crate::write::sync_folder(dir)?;
    }
    Ok(())
}

/// Temporary files are private (0600); the file they become should not be:
/// keep the permissions of the file replaced, or give a new one the usual 0644.
pub(crate) fn set_permissions(file: &std::fs::File, existing: Option<std::fs::Permissions>) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(existing.unwrap_or_else(|| std::fs::Permissions::from_mode(0o644)))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, existing);
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOutcome {
    Created,
    /// A file is already there; it was left untouched.
    Exists,
}

/// Create a new file atomically, never replacing an existing one: the same
/// locked, flushed write path as every note edit (`crate::write::create_note`).
pub fn create_new(path: &Path, contents: &[u8]) -> io::Result<CreateOutcome> {
    crate::write::create_note(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_skips_identical_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("out.md");
        create_output_dir(dir.path(), path.parent().unwrap()).unwrap();
        assert_eq!(write_if_changed(&path, b"a").unwrap(), WriteOutcome::Written);
        assert_eq!(write_if_changed(&path, b"a").unwrap(), WriteOutcome::Unchanged);
        assert_eq!(write_if_changed(&path, b"b").unwrap(), WriteOutcome::Written);
        assert_eq!(std::fs::read(&path).unwrap(), b"b");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }

    #[test]
    fn a_crash_before_the_rename_leaves_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("note.md");
        std::fs::write(&path, b"original").unwrap();
        let failed =
            write_atomic_with(&path, b"new text", Sync::Yes, |_temp, _| Err(io::Error::other("simulated crash")));
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"original");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    }

    #[test]
    fn the_output_folder_is_made_only_below_a_vault_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        let out = vault.join("reports").join("kith");
        assert!(create_output_dir(&vault, &out).is_err(), "a missing vault is not made");
        assert!(!vault.exists());
        assert!(write_if_changed(&out.join("overdue.md"), b"x").is_err(), "nor by writing a report");
        assert!(!vault.exists());
        std::fs::create_dir(&vault).unwrap();
        create_output_dir(&vault, &out).unwrap();
        assert!(out.is_dir(), "folders below the vault root are made");
        create_output_dir(&vault, &out).unwrap();
        // Outside the vault: the folder named, in a parent that exists, and no deeper.
        let elsewhere = dir.path().join("site");
        create_output_dir(&vault, &elsewhere).unwrap();
        assert!(elsewhere.is_dir());
        assert!(create_output_dir(&vault, &dir.path().join("gone").join("site")).is_err());
        assert!(!dir.path().join("gone").exists());
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_like_any_file_and_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_if_changed(&path, b"a").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_if_changed(&path, b"b").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        let new = dir.path().join("new.md");
        assert_eq!(create_new(&new, b"x").unwrap(), CreateOutcome::Created);
        assert_eq!(std::fs::metadata(&new).unwrap().permissions().mode() & 0o777, 0o644);
    }
}
