//! Which folder the vault root is: a folder deleted, or another one moved into
//! its place, is told apart from the one the watch started on by its (device,
//! inode) identity, so the watch notices it even when no event says so.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RootId {
    dev: u64,
    ino: u64,
}

impl RootId {
    /// The folder at `root` now (symlinks followed); `None` when nothing, or
    /// something other than a folder, is there.
    pub fn of(root: &Path) -> Option<RootId> {
        let meta = std::fs::metadata(root).ok().filter(std::fs::Metadata::is_dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(RootId { dev: meta.dev(), ino: meta.ino() })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            Some(RootId { dev: 0, ino: 0 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_moved_into_place_is_another_root() {
        let dir = tempfile::tempdir().unwrap();
        let (root, other) = (dir.path().join("vault"), dir.path().join("other"));
        std::fs::create_dir(&root).unwrap();
        std::fs::create_dir(&other).unwrap();
        let first = RootId::of(&root).unwrap();
        assert_eq!(RootId::of(&root), Some(first));
        std::fs::rename(&root, dir.path().join("old")).unwrap();
        assert_eq!(RootId::of(&root), None);
        std::fs::rename(&other, &root).unwrap();
        assert!(RootId::of(&root).is_some_and(|id| id != first));
        std::fs::remove_dir(&root).unwrap();
        std::fs::write(&root, "a file").unwrap();
        assert_eq!(RootId::of(&root), None, "a file is no vault");
    }
}
