//! Writing an import's notes: every file written in full to a temporary file,
//! made durable once for the whole batch, then renamed into place, so each
//! note is whole or absent and the import pays for one sync, not one per note.
//! A note that changed on disk since it was read is left alone.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

use super::merge::Change;

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
        set_permissions(temp.as_file(), mode)?;
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
    for (change, path, dir, temp) in staged {
        let result = match &change.before {
            None => temp.persist_noclobber(&path).map_err(|e| e.error),
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
        sync_dir(&dir);
    }
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

/// Make the renames durable (a folder's entries are synced through the folder).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn set_permissions(file: &std::fs::File, existing: Option<std::fs::Permissions>) -> io::Result<()> {
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
