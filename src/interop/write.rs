//! Writing an import's notes: every file written in full to a temporary file,
//! made durable once for the whole batch, then renamed into place, so each
//! note is whole or absent and the import pays for one sync, not one per note.
//! The renames happen under each folder's lock (`crate::write::FolderLock`, the
//! one other kith writes take), each a compare-and-swap: a note that changed
//! on disk since it was read, or that is read-only, is left alone with a message.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

use super::merge::Change;
use crate::write::FolderLock;

/// What happened to the notes that could not be written (`path: why`).
pub fn write_all(root: &Path, changes: &[Change]) -> io::Result<Vec<String>> {
    let mut staged = Vec::with_capacity(changes.len());
    for change in changes {
        let path = change.path.to_fs_path(root);
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&dir)?;
        let mut temp = tempfile::Builder::new().prefix(".kith-").suffix(".tmp").tempfile_in(&dir)?;
        temp.write_all(change.after.as_bytes())?;
        let mode = std::fs::metadata(&path).ok().map(|m| m.permissions());
        crate::output::set_permissions(temp.as_file(), mode)?;
        if !SYNC_FS {
            temp.as_file().sync_all()?;
        }
        // Closed now: thousands of notes must not hold thousands of descriptors.
        staged.push((change, path, dir, temp.into_temp_path()));
    }
    if let Some((_, _, dir, _)) = staged.first() {
        sync_fs(dir)?;
    }
    let mut problems = Vec::new();
    let mut dirs = BTreeSet::new();
    let mut locks = BTreeMap::new();
    for (_, _, dir, _) in &staged {
        if !locks.contains_key(dir) {
            let lock = FolderLock::acquire(dir).map_err(|e| io::Error::other(e.to_string()))?;
            crate::write::clean_stale_temps(dir);
            locks.insert(dir.clone(), lock);
        }
    }
    for (change, path, dir, temp) in staged {
        let result = match &change.before {
            None => temp.persist_noclobber(&path).map_err(|e| e.error),
            Some(_) if std::fs::metadata(&path).is_ok_and(|m| m.permissions().readonly()) => {
                Err(io::Error::other("the note is read-only; kith never writes a note you protected"))
            }
            Some(before) => {
                // Compare-and-swap: only if the note still holds what the plan read.
                if std::fs::read(&path).is_ok_and(|now| now == before.as_bytes()) {
                    temp.persist(&path).map_err(|e| e.error)
                } else {
                    Err(io::Error::other("changed since it was read; left as it is, import again"))
                }
            }
        };
        match result {
            Ok(()) => {
                dirs.insert(dir);
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                problems.push(format!("{}: appeared meanwhile; not overwritten", change.path));
            }
            Err(err) => problems.push(format!("{}: {err}", change.path)),
        }
    }
    for dir in dirs {
        crate::write::sync_folder(&dir)?;
    }
    drop(locks);
    Ok(problems)
}

/// Whether one `syncfs` makes the whole batch durable (else each file is synced as written).
const SYNC_FS: bool = cfg!(all(target_os = "linux", target_env = "gnu"));

/// Make every staged file on the file system holding `dir` durable at once.
fn sync_fs(dir: &Path) -> io::Result<()> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::fd::AsRawFd;
        let handle = std::fs::File::open(dir)?;
        // SAFETY: syncfs only reads the descriptor of a folder we hold open.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    let _ = dir;
    Ok(())
}
