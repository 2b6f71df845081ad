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
    with_text(root, path, |text| text.map(str::to_owned))
}

/// `f` of the note's text (see `read_text`), read into this thread's reused
/// buffer: a cold scan reads 100k files, and `std::fs::read` allocates a
/// buffer for each (and asks the kernel for the file's size first).
pub fn with_text<R>(root: &Path, path: &NotePath, f: impl FnOnce(Result<&str, Diagnostic>) -> R) -> R {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        // Taken out, not borrowed: `f` may read another note on this thread.
        let mut bytes = buffer.take();
        let read = std::fs::File::open(path.to_fs_path(root)).and_then(|file| read_all(file, &mut bytes));
        let result = match read {
            Ok(len) => f(decode_slice(path, &bytes[..len])),
            Err(e) => f(Err(Diagnostic::error(path, 1, format!("cannot read file: {e}")))),
        };
        // A rare huge note does not keep its memory.
        if bytes.len() <= 1 << 20 {
            buffer.replace(bytes);
        }
        result
    })
}

/// Read `file` to its end into `buffer` (whose length is its capacity, grown
/// as needed), returning how many bytes it holds. `Read::read_to_end` on a
/// file asks the kernel for its size and position first: two more system
/// calls a note.
fn read_all(mut file: std::fs::File, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize(buffer.len() + buffer.len().max(16 << 10), 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(filled),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// File bytes as note text: binary and non-UTF-8 files are reported, a
/// UTF-8 byte-order mark is left out.
fn decode_slice<'b>(path: &NotePath, bytes: &'b [u8]) -> Result<&'b str, Diagnostic> {
    if let Some(nul) = memchr_nul(bytes) {
        let line = line_of_offset(bytes, nul);
        return Err(Diagnostic::error(path, line, "binary file (contains NUL bytes); not read as a note")
            .with_hint("move non-markdown files out of the vault or rename them without .md"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = line_of_offset(bytes, offset);
        Diagnostic::error(path, line, format!("not valid UTF-8 (bad byte at offset {offset}); not read as a note"))
            .with_hint("re-save the file as UTF-8 in your editor")
    })
}

/// Turn file bytes into note text, with the same checks as `read_text`.
pub fn decode(path: &NotePath, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    decode_slice(path, &bytes).map(str::to_owned)
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

    /// The reused buffer reads every file as `std::fs::read` does: text, BOM,
    /// binary, Latin-1, missing, and a long file after a short one.
    #[test]
    fn with_text_reads_as_std_fs_read() {
        let dir = tempfile::tempdir().unwrap();
        let files: [(&str, Vec<u8>); 6] = [
            ("a.md", b"---\nname: A\n---\nbody\n".to_vec()),
            ("bom.md", b"\xEF\xBB\xBFtext\n".to_vec()),
            ("nul.md", b"line\nbin\0ary\n".to_vec()),
            ("latin1.md", b"one\ntwo \xE9\n".to_vec()),
            ("long.md", "é".repeat(40_000).into_bytes()),
            ("short.md", b"x".to_vec()),
        ];
        for (name, bytes) in &files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        for name in files.iter().map(|(n, _)| *n).chain(["missing.md"]) {
            let path = NotePath::new(name);
            let mine = with_text(dir.path(), &path, |text| text.map(str::to_string));
            let theirs = std::fs::read(path.to_fs_path(dir.path()))
                .map_err(|e| Diagnostic::error(&path, 1, format!("cannot read file: {e}")))
                .and_then(|bytes| decode(&path, bytes));
            match (mine, theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
                (Err(a), Err(b)) => assert_eq!((a.line, a.message), (b.line, b.message), "{name}"),
                (a, b) => panic!("{name}: {a:?} vs {b:?}"),
            }
        }
    }

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
