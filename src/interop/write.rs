//! Writing an import's notes: every file written in full to a temporary file,
//! all of them flushed to disk together, then each renamed into place, so each
//! note is whole or absent and the import does not wait on the disk note by note.
//! The renames happen under each folder's lock (`crate::write::FolderLock`, the
//! one other kith writes take), each a compare-and-swap: a read-only note is
//! left alone with a message, and a note that changed on disk since it was read
//! gets the merge done again on what it holds now, through the one write path
//! every other note edit takes (`crate::write::edit_note`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

use super::merge::{redo, Change};
use crate::note::recognise::Recognition;
use crate::write::{edit_note, FolderLock};

/// Why a staged note was not renamed into place.
enum Held {
    /// It changed since the plan read it: merge again on what it holds now.
    Changed,
    Failed(io::Error),
}

/// What happened to the notes that could not be written (`path: why`).
pub fn write_all(root: &Path, changes: &[Change], recognition: &Recognition) -> io::Result<Vec<String>> {
    let mut staged = Vec::with_capacity(changes.len());
    for change in changes {
        let path = change.path.to_fs_path(root);
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&dir)?;
        let mut temp = tempfile::Builder::new().prefix(".kith-").suffix(".tmp").tempfile_in(&dir)?;
        temp.write_all(change.after.as_bytes())?;
        let mode = std::fs::metadata(&path).ok().map(|m| m.permissions());
        crate::output::set_permissions(temp.as_file(), mode)?;
        // Closed now: thousands of notes must not hold thousands of descriptors.
        staged.push((change, path, dir, temp.into_temp_path()));
    }
    sync_all(staged.iter().map(|(_, _, _, temp)| temp.as_ref()).collect())?;
    let mut problems = Vec::new();
    let mut changed_meanwhile = Vec::new();
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
            None => temp.persist_noclobber(&path).map_err(|e| Held::Failed(e.error)),
            Some(_) if std::fs::metadata(&path).is_ok_and(|m| m.permissions().readonly()) => {
                Err(Held::Failed(io::Error::other("the note is read-only; kith never writes a note you protected")))
            }
            Some(before) => {
                // Compare-and-swap: only if the note still holds what the plan read.
                if std::fs::read(&path).is_ok_and(|now| now == before.as_bytes()) {
                    temp.persist(&path).map_err(|e| Held::Failed(e.error))
                } else {
                    Err(Held::Changed)
                }
            }
        };
        match result {
            Ok(()) => {
                dirs.insert(dir);
            }
            Err(Held::Changed) => changed_meanwhile.push((change, path)),
            Err(Held::Failed(err)) if err.kind() == io::ErrorKind::AlreadyExists => {
                problems.push(format!("{}: appeared meanwhile; not overwritten", change.path));
            }
            Err(Held::Failed(err)) => problems.push(format!("{}: {err}", change.path)),
        }
    }
    for dir in dirs {
        crate::write::sync_folder(&dir)?;
    }
    drop(locks);
    // Each changed note is merged again, one at a time, under its folder's lock
    // (taken by `edit_note`, so only after the batch's locks are released).
    for (change, path) in changed_meanwhile {
        let edited = edit_note(&path, |now| Ok(redo(change, now, recognition).unwrap_or_else(|| now.to_string())));
        if let Err(err) = edited {
            problems.push(format!("{}: {err}", change.path));
        }
    }
    Ok(problems)
}

/// Flush every staged file to disk before any is renamed into place. The
/// flushes run side by side, so the file system commits them together (one
/// journal commit for many files) instead of waiting on the disk once per note.
fn sync_all(paths: Vec<&Path>) -> io::Result<()> {
    const WORKERS: usize = 16;
    let chunk = paths.len().div_ceil(WORKERS).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().try_for_each(|p| std::fs::File::open(p)?.sync_all())))
            .collect();
        workers.into_iter().try_for_each(|w| w.join().unwrap_or_else(|_| Err(io::Error::other("sync failed"))))
    })
}
