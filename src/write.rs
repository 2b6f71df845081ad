//! The one way kith changes a user's note (`log`, `add`, `review --write`,
//! import merges): under a lock, compare-and-swap, atomically, durably.
//!
//! Editing a note: read it and compute the edit; take the folder's advisory
//! lock (`.kith.lock`, so concurrent kith processes take turns); check the note
//! is still exactly what was read (size, modification time and every byte) and
//! otherwise redo the edit on the new text; write a temporary `.kith-*.tmp` in
//! the same folder, flush it, check once more (an editor may have saved
//! meanwhile), rename it over the note and flush the folder. A note you made
//! read-only is never written. Temporary files left by a killed process are
//! removed by the next write in that folder once they are a few minutes old;
//! they are hidden files, so they are never read as notes.

use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::output::CreateOutcome;

/// Temporary files this old are leftovers of a killed process.
const STALE_TEMP_AGE: Duration = Duration::from_secs(5 * 60);
/// How many times an edit is redone when the note keeps changing under it.
const ATTEMPTS: usize = 20;
const LOCK_FILE: &str = ".kith.lock";

#[derive(Debug)]
pub enum WriteError {
    /// The note (or the file in the way) has no write permission.
    ReadOnly(PathBuf),
    NotUtf8(PathBuf),
    /// The edit itself refused the note's text (the message says why).
    Refused(String),
    /// The note kept changing while kith tried to write it.
    Busy(PathBuf),
    Io(PathBuf, io::Error),
}

/// Messages without the path: callers print `path: message`.
impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::ReadOnly(_) => {
                f.write_str("the note is read-only; kith never writes a note you protected (make it writable first)")
            }
            WriteError::NotUtf8(_) => f.write_str("the note is not UTF-8"),
            WriteError::Refused(why) => f.write_str(why),
            WriteError::Busy(_) => f.write_str("the note kept changing while kith tried to write it"),
            WriteError::Io(p, err) => write!(f, "cannot write {}: {err}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    Written,
    /// The edit left the text as it was; nothing was written.
    Unchanged,
}

/// What kith read: the note is "still what was read" when all of these match.
struct Snapshot {
    len: u64,
    modified: Option<SystemTime>,
    bytes: Vec<u8>,
}

fn snapshot(path: &Path) -> Result<(Snapshot, Metadata), WriteError> {
    let io_err = |e| WriteError::Io(path.to_path_buf(), e);
    let mut file = File::open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    io::Read::read_to_end(&mut file, &mut bytes).map_err(io_err)?;
    Ok((Snapshot { len: meta.len(), modified: meta.modified().ok(), bytes }, meta))
}

fn still_same(path: &Path, read: &Snapshot) -> Result<bool, WriteError> {
    let meta = fs::metadata(path).map_err(|e| WriteError::Io(path.to_path_buf(), e))?;
    if meta.len() != read.len || meta.modified().ok() != read.modified {
        return Ok(false);
    }
    Ok(snapshot(path)?.0.bytes == read.bytes)
}

/// Apply `edit` to the note at `path` (see the module docs). `edit` may run
/// more than once, on newer text each time; it returns the new text, or an
/// error message to refuse the note as it is.
pub fn edit_note(path: &Path, mut edit: impl FnMut(&str) -> Result<String, String>) -> Result<Edited, WriteError> {
    let dir = folder(path);
    let (mut read, meta) = snapshot(path)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    let text_of =
        |s: &Snapshot| String::from_utf8(s.bytes.clone()).map_err(|_| WriteError::NotUtf8(path.to_path_buf()));
    let mut new = edit(&text_of(&read)?).map_err(WriteError::Refused)?;
    let _lock = FolderLock::acquire(dir)?;
    clean_stale_temps(dir);
    for _ in 0..ATTEMPTS {
        if !still_same(path, &read)? {
            let (again, meta) = snapshot(path)?;
            if meta.permissions().readonly() {
                return Err(WriteError::ReadOnly(path.to_path_buf()));
            }
            read = again;
            new = edit(&text_of(&read)?).map_err(WriteError::Refused)?;
        }
        if new.as_bytes() == read.bytes {
            return Ok(Edited::Unchanged);
        }
        let temp = temp_with(dir, new.as_bytes(), Some(meta_permissions(path)))
            .map_err(|e| WriteError::Io(path.to_path_buf(), e))?;
        if !still_same(path, &read)? {
            continue; // saved by someone else meanwhile: redo the edit on their text
        }
        temp.persist(path).map_err(|e| WriteError::Io(path.to_path_buf(), e.error))?;
        sync_folder(dir).map_err(|e| WriteError::Io(path.to_path_buf(), e))?;
        return Ok(Edited::Written);
    }
    Err(WriteError::Busy(path.to_path_buf()))
}

fn meta_permissions(path: &Path) -> Option<fs::Permissions> {
    fs::metadata(path).ok().map(|m| m.permissions())
}

/// Create a new note, never replacing an existing file (the rename itself
/// refuses, so a file appearing meanwhile is safe too), under the folder's lock.
pub fn create_note(path: &Path, contents: &[u8]) -> io::Result<CreateOutcome> {
    if path.symlink_metadata().is_ok() {
        return Ok(CreateOutcome::Exists);
    }
    let dir = folder(path);
    fs::create_dir_all(dir)?;
    let _lock = FolderLock::acquire(dir).map_err(|e| match e {
        WriteError::Io(_, e) => e,
        other => io::Error::other(other.to_string()),
    })?;
    clean_stale_temps(dir);
    let temp = temp_with(dir, contents, None)?;
    match temp.persist_noclobber(path) {
        Ok(_) => {
            sync_folder(dir)?;
            Ok(CreateOutcome::Created)
        }
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(CreateOutcome::Exists),
        Err(e) => Err(e.error),
    }
}

fn folder(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A flushed temporary file in `dir` holding `contents`, with the permissions
/// of the file it replaces (or the usual 0644 for a new one).
fn temp_with(
    dir: &Path,
    contents: &[u8],
    existing: Option<Option<fs::Permissions>>,
) -> io::Result<tempfile::NamedTempFile> {
    let mut temp = tempfile::Builder::new().prefix(".kith-").suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(contents)?;
    crate::output::set_permissions(temp.as_file(), existing.flatten())?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Make the rename itself durable: flush the folder's entry list.
pub fn sync_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Remove `.kith-*.tmp` files older than a few minutes from `dir`: what a
/// killed kith left behind. Younger ones may belong to a write in progress.
pub fn clean_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".kith-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_TEMP_AGE);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The advisory lock on a folder's `.kith.lock`, held until dropped; the
/// file is removed on release so no lock file stays in the vault.
pub struct FolderLock {
    file: File,
    path: PathBuf,
}

impl FolderLock {
    pub fn acquire(dir: &Path) -> Result<FolderLock, WriteError> {
        let path = dir.join(LOCK_FILE);
        let io_err = |e| WriteError::Io(path.clone(), e);
        loop {
            let file = fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path);
            let file = file.map_err(io_err)?;
            fs4::fs_std::FileExt::lock_exclusive(&file).map_err(io_err)?;
            // The holder before us may have removed the file after we opened it:
            // then our lock is on a file nobody else sees; start again.
            if same_file(&file, &path) {
                return Ok(FolderLock { file, path });
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Remove while still holding the lock, then release it.
        let _ = fs::remove_file(&self.path);
        let _ = fs4::fs_std::FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_save_during_an_edit_is_kept_and_the_edit_redone_on_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Ada.md");
        fs::write(&path, "one\n").unwrap();
        let mut seen = Vec::new();
        let outcome = edit_note(&path, |text| {
            seen.push(text.to_string());
            if seen.len() == 1 {
                // The editor saves while kith is between reading and renaming.
                fs::write(&path, "one\ntwo from the editor\n").unwrap();
            }
            Ok(format!("{text}three from kith\n"))
        })
        .unwrap();
        assert_eq!(outcome, Edited::Written);
        assert_eq!(seen, ["one\n", "one\ntwo from the editor\n"]);
        assert_eq!(fs::read_to_string(&path).unwrap(), "one\ntwo from the editor\nthree from kith\n");
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Ada.md");
        fs::write(&path, "text").unwrap();
        let err = edit_note(&path, |_| Err("no".to_string())).unwrap_err();
        assert_eq!(err.to_string(), "no");
        assert_eq!(fs::read_to_string(&path).unwrap(), "text");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no lock or temporary file left");
    }

    #[test]
    fn create_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/new.md");
        assert_eq!(create_note(&path, b"a").unwrap(), CreateOutcome::Created);
        assert_eq!(create_note(&path, b"b").unwrap(), CreateOutcome::Exists);
        assert_eq!(fs::read(&path).unwrap(), b"a");
    }
}
