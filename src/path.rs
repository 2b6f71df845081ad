//! `NotePath`: a note's location relative to the vault root, always `/`-separated.

use serde::Serialize;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Shared (`Arc`) because the index refers to each path from several places.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NotePath(Arc<str>);

impl Serialize for NotePath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl NotePath {
    /// Build from a path relative to the vault root. Non-UTF-8 components are
    /// replaced lossily, for messages: the scan reads no such file (it warns).
    pub fn from_relative(relative: &Path) -> Self {
        let mut path = String::with_capacity(relative.as_os_str().len());
        for part in relative.components() {
            if let Component::Normal(part) = part {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str(&part.to_string_lossy());
            }
        }
        NotePath(path.into())
    }

    pub fn new(path: impl Into<String>) -> Self {
        NotePath(path.into().into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file name without its `.md` extension: the note's link name.
    pub fn stem(&self) -> &str {
        // A byte scan: paths are short, and '/' is never part of a longer UTF-8 character.
        let name = match self.0.bytes().rposition(|b| b == b'/') {
            Some(slash) => &self.0[slash + 1..],
            None => &self.0,
        };
        strip_md(name)
    }

    /// The path without `.md`, for path-style links like `[[people/Ada]]`.
    pub fn without_extension(&self) -> &str {
        strip_md(&self.0)
    }

    /// Is this note inside `folder` (a vault-relative folder), compared case-insensitively
    /// because vaults move between case-insensitive and case-sensitive file systems?
    pub fn is_under(&self, folder: &str) -> bool {
        let folder = folder.trim_matches('/');
        if folder.is_empty() {
            return false;
        }
        let path = self.0.as_bytes();
        path.len() > folder.len()
            && path[folder.len()] == b'/'
            && path[..folder.len()].eq_ignore_ascii_case(folder.as_bytes())
    }

    pub fn to_fs_path(&self, root: &Path) -> PathBuf {
        // One buffer: `join` per part made a new path each time.
        let mut path = PathBuf::with_capacity(root.as_os_str().len() + 1 + self.0.len());
        path.push(root);
        for part in self.0.split('/') {
            path.push(part);
        }
        path
    }
}

fn strip_md(name: &str) -> &str {
    let n = name.len();
    if n >= 3 && name.is_char_boundary(n - 3) && name[n - 3..].eq_ignore_ascii_case(".md") {
        &name[..n - 3]
    } else {
        name
    }
}

impl fmt::Display for NotePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_forward_slashes() {
        let p = NotePath::from_relative(Path::new("people").join("london").join("Ada.md").as_path());
        assert_eq!(p.as_str(), "people/london/Ada.md");
        assert_eq!(p.stem(), "Ada");
        assert_eq!(p.without_extension(), "people/london/Ada");
    }

    #[test]
    fn folder_membership_is_case_insensitive_and_whole_component() {
        let p = NotePath::new("People/Ada.md");
        assert!(p.is_under("people"));
        assert!(p.is_under("people/"));
        assert!(!NotePath::new("peoplex/Ada.md").is_under("people"));
        assert!(!NotePath::new("people.md").is_under("people"));
    }

    #[test]
    fn stem_strips_uppercase_extension() {
        assert_eq!(NotePath::new("x/Grace.MD").stem(), "Grace");
        assert_eq!(NotePath::new("é.md").stem(), "é");
    }
}
