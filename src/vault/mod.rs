//! The vault on disk: which files are notes, reading them, splitting front matter.

mod frontmatter;
mod scan;

pub use frontmatter::{split_front_matter, FrontMatter, Split};
pub use scan::{
    is_ignored, is_markdown_path, is_template_folder, is_unread, relative_inside, scan, stat_notes, walk, walk_under,
    Found, Scan, ScanOptions, StatedNotes,
};

use crate::diag::Diagnostic;
use crate::path::NotePath;
use std::path::Path;

/// Read a note as text. Binary and non-UTF-8 files are reported, not guessed at.
/// A UTF-8 byte-order mark is removed; line numbers are unaffected.
pub fn read_text(root: &Path, path: &NotePath) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path.to_fs_path(root))
        .map_err(|e| Diagnostic::error(path, 1, format!("cannot read file: {e}")))?;
    decode(path, bytes)
}

/// Turn file bytes into note text, with the same checks as `read_text`.
pub fn decode(path: &NotePath, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if let Some(nul) = memchr_nul(&bytes) {
        let line = line_of_offset(&bytes, nul);
        return Err(Diagnostic::error(path, line, "binary file (contains NUL bytes); not read as a note")
            .with_hint("move non-markdown files out of the vault or rename them without .md"));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = line_of_offset(e.as_bytes(), offset);
        Diagnostic::error(path, line, format!("not valid UTF-8 (bad byte at offset {offset}); not read as a note"))
            .with_hint("re-save the file as UTF-8 in your editor")
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

fn line_of_offset(bytes: &[u8], offset: usize) -> u32 {
    let newlines = memchr::memchr_iter(b'\n', &bytes[..offset.min(bytes.len())]).count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_rejects_binary_and_latin1() {
        let p = NotePath::new("a.md");
        assert_eq!(decode(&p, b"\xEF\xBB\xBF---\n".to_vec()).unwrap(), "---\n");
        let err = decode(&p, b"ok\nbad\0".to_vec()).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("binary"));
        let err = decode(&p, b"a\nb\nname: Ren\xe9e\n".to_vec()).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("UTF-8"));
    }
}
