//! Finding the notes of a vault: every `*.md` file, skipping hidden folders,
//! template folders, kith's output folder, and anything reached through a symlink.

use crate::diag::Diagnostic;
use crate::path::NotePath;
use std::path::{Path, PathBuf};
use walkdir::{DirEntry, WalkDir};

#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Vault-relative folders never read (kith's output folder, `--out` inside the vault).
    pub excluded: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Scan {
    /// Sorted vault-relative paths of every note file.
    pub notes: Vec<NotePath>,
    pub problems: Vec<Diagnostic>,
}

/// Symlinks are never followed: a link to a file inside the vault would count
/// the note twice, and one pointing outside would read files the user did not
/// put in the vault. Loops are therefore harmless.
pub fn scan(root: &Path, options: &ScanOptions) -> Scan {
    let mut scan = Scan::default();
    for found in walk(root, options) {
        match found {
            Found::Note(path) => scan.notes.push(path),
            Found::Problem(problem) => scan.problems.push(problem),
        }
    }
    scan.notes.sort();
    scan
}

/// What the walk finds: a note to read, or a problem to report.
pub enum Found {
    Note(NotePath),
    Problem(Diagnostic),
}

/// The walk as a lazy iterator, so notes can be parsed while the walk goes on.
pub fn walk<'a>(root: &'a Path, options: &'a ScanOptions) -> impl Iterator<Item = Found> + Send + 'a {
    walk_under(root, root, options)
}

/// The walk of one folder inside the vault (paths stay relative to `root`).
pub fn walk_under<'a>(
    root: &'a Path,
    dir: &'a Path,
    options: &'a ScanOptions,
) -> impl Iterator<Item = Found> + Send + 'a {
    WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(move |entry| entry.path() == dir || !skipped(root, entry, options))
        .filter_map(move |entry| match entry {
            Ok(entry) => visit(root, &entry),
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_else(|| NotePath::new("."));
                Some(Found::Problem(Diagnostic::warning(&path, 1, format!("cannot read: {err}"))))
            }
        })
}

fn visit(root: &Path, entry: &DirEntry) -> Option<Found> {
    let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
    if rel.to_str().is_none() {
        return not_utf8(root, entry, rel);
    }
    if !is_markdown(entry.file_name()) {
        return None;
    }
    let file_type = entry.file_type();
    if file_type.is_file() {
        Some(Found::Note(relative(root, entry.path())))
    } else if file_type.is_symlink() && points_outside(root, entry.path()) {
        Some(Found::Problem(
            Diagnostic::warning(&relative(root, entry.path()), 1, "symlink to a file outside the vault; not read")
                .with_hint("copy the note into the vault if kith should read it"),
        ))
    } else {
        None
    }
}

/// A note or folder whose name is not valid UTF-8. Notes are named, linked
/// and written back by their paths as text, so kith does not read it, and
/// says so once, with the name shown lossily: for a note, or for the
/// outermost such folder that holds notes.
fn not_utf8(root: &Path, entry: &DirEntry, rel: &Path) -> Option<Found> {
    if rel.parent().is_some_and(|parent| parent.to_str().is_none()) {
        return None; // inside a folder already reported
    }
    let path = relative(root, entry.path());
    let hint = "rename it with a UTF-8 name (for example with `convmv`) so kith can read it";
    let file_type = entry.file_type();
    if file_type.is_dir() {
        let notes = WalkDir::new(entry.path())
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && is_markdown(e.file_name()))
            .count();
        let message = match notes {
            0 => return None,
            1 => "folder name is not valid UTF-8; the note in it is not read".to_string(),
            n => format!("folder name is not valid UTF-8; the {n} notes in it are not read"),
        };
        Some(Found::Problem(Diagnostic::warning(&path, 1, message).with_hint(hint)))
    } else if file_type.is_file() && is_markdown(entry.file_name()) {
        Some(Found::Problem(Diagnostic::warning(&path, 1, "file name is not valid UTF-8; not read").with_hint(hint)))
    } else {
        None
    }
}

fn skipped(root: &Path, entry: &DirEntry, options: &ScanOptions) -> bool {
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') {
        return true;
    }
    if !entry.file_type().is_dir() {
        return false;
    }
    if is_template_folder(&name) {
        return true;
    }
    let rel = relative(root, entry.path());
    options.excluded.iter().any(|ex| rel.as_str().eq_ignore_ascii_case(ex.trim_matches('/')))
}

/// A folder of templates, never read as notes: `templates` or `template`
/// (any case, any depth). Obsidian's templates carry the fields of the notes
/// made from them (`type: person`, `name: "{{title}}"`, `met: {{date}}`).
pub fn is_template_folder(name: &str) -> bool {
    name.eq_ignore_ascii_case("templates") || name.eq_ignore_ascii_case("template")
}

fn is_markdown(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.len() > 3 && name.is_char_boundary(name.len() - 3) && name[name.len() - 3..].eq_ignore_ascii_case(".md")
}

fn points_outside(root: &Path, link: &Path) -> bool {
    let (Ok(root), Ok(target)) = (root.canonicalize(), link.canonicalize()) else {
        return false; // dangling or looping link: nothing to read either way
    };
    !target.starts_with(root)
}

/// Is this vault-relative path one kith never reads: inside a hidden folder,
/// a hidden file, a template folder or inside an excluded folder (the output folder)?
pub fn is_ignored(rel: &Path, options: &ScanOptions) -> bool {
    let hidden = rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') || is_template_folder(&name)
    });
    let path = NotePath::from_relative(rel);
    hidden
        || options.excluded.iter().any(|ex| {
            let ex = ex.trim_matches('/');
            path.as_str().eq_ignore_ascii_case(ex) || path.is_under(ex)
        })
}

pub fn is_markdown_path(path: &Path) -> bool {
    path.file_name().is_some_and(is_markdown)
}

fn relative(root: &Path, path: &Path) -> NotePath {
    NotePath::from_relative(path.strip_prefix(root).unwrap_or(path))
}

/// Resolve `--out` or the configured output folder to a vault-relative folder name
/// when it lies inside the vault, so the scan can skip it.
pub fn relative_inside(root: &Path, folder: &Path) -> Option<String> {
    let abs: PathBuf =
        if folder.is_absolute() { folder.to_path_buf() } else { std::env::current_dir().ok()?.join(folder) };
    let root = root.canonicalize().ok()?;
    let parent = abs.parent()?.canonicalize().ok()?;
    let full = parent.join(abs.file_name()?);
    full.strip_prefix(&root).ok().map(|p| NotePath::from_relative(p).as_str().to_string())
}
