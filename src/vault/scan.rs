//! Finding the notes of a vault: every `*.md` file, skipping hidden folders,
//! template folders, kith's output folder, and anything reached through a
//! symlink (a symlinked file or folder outside the vault holding notes is
//! reported, not read).

use crate::diag::Diagnostic;
use crate::path::NotePath;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
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
            Ok(entry) => visit(root, &entry, options),
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_else(|| NotePath::new("."));
                Some(Found::Problem(Diagnostic::warning(&path, 1, format!("cannot read: {err}"))))
            }
        })
}

/// Every note with what `stat` makes of its metadata (taken without following
/// a symlink), and the walk's problems sorted: exactly what `walk` finds and
/// reports, but folders are read in parallel, no skipped folder is opened, and
/// each note is looked up by its name in its open folder (one path component
/// for the kernel to resolve, not the whole path from the root).
pub fn stat_notes<T, F>(root: &Path, options: &ScanOptions, stat: F) -> (StatedNotes<T>, Vec<Diagnostic>)
where
    T: Send,
    F: Fn(std::io::Result<std::fs::Metadata>) -> T + Sync,
{
    let walk = StatWalk { root, options, stat: &stat, found: Mutex::new(Vec::new()), problems: Mutex::new(Vec::new()) };
    rayon::scope(|scope| walk.folder(scope, root.to_path_buf(), Some(String::new())));
    let StatWalk { found, problems, .. } = walk;
    let folders = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut problems = problems.into_inner().unwrap_or_else(PoisonError::into_inner);
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    (StatedNotes { folders }, problems)
}

/// The notes a stat walk found, each with what `stat` made of its metadata,
/// kept by folder: the folder's path once and the names packed in one string,
/// a few bytes per note besides its name where a path of its own would be an
/// allocation per note (a warm run needs only their digest).
pub struct StatedNotes<T> {
    folders: Vec<StatedFolder<T>>,
}

/// Notes of one folder (or of one chunk of a big folder).
struct StatedFolder<T> {
    /// The vault-relative folder, `""` for the vault's root.
    path: String,
    names: String,
    /// Where each note's name ends in `names`, and its value.
    notes: Vec<(u32, T)>,
}

impl<T> StatedFolder<T> {
    fn iter(&self) -> impl Iterator<Item = (&str, &str, &T)> + '_ {
        let mut start = 0;
        self.notes.iter().map(move |(end, value)| {
            let name = &self.names[start..*end as usize];
            start = *end as usize;
            (self.path.as_str(), name, value)
        })
    }
}

impl<T> StatedNotes<T> {
    pub fn len(&self) -> usize {
        self.folders.iter().map(|f| f.notes.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each note as its folder's vault-relative path (`""` at the root), its
    /// file name, and its value; in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &T)> + '_ {
        self.folders.iter().flat_map(StatedFolder::iter)
    }

    /// The notes by folder (vault-relative, `""` the root), each folder
    /// once, its notes in no particular order.
    pub fn by_folder(&self) -> Vec<(&str, Vec<(&str, &T)>)> {
        let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        let mut folders: Vec<(&str, Vec<(&str, &T)>)> = Vec::new();
        for folder in &self.folders {
            let slot = *at.entry(folder.path.as_str()).or_insert_with(|| {
                folders.push((folder.path.as_str(), Vec::new()));
                folders.len() - 1
            });
            folders[slot].1.extend(folder.iter().map(|(_, name, value)| (name, value)));
        }
        folders
    }

    /// `iter` on every core.
    pub fn par_iter(&self) -> impl rayon::iter::ParallelIterator<Item = (&str, &str, &T)> + '_
    where
        T: Sync,
    {
        use rayon::prelude::*;
        self.folders.par_iter().flat_map_iter(StatedFolder::iter)
    }

    /// Each note's path with its value (a path allocated per note: for the
    /// runs that read notes anyway).
    pub fn into_notes(self) -> Vec<(NotePath, T)>
    where
        T: Send + Clone + Sync,
    {
        use rayon::prelude::*;
        self.folders
            .par_iter()
            .flat_map_iter(|folder| {
                folder.iter().map(|(dir, name, value)| {
                    let path = if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") };
                    (NotePath::new(path), value.clone())
                })
            })
            .collect()
    }
}

/// Notes of one folder stated by one task: enough to share the work of a big folder.
const STAT_CHUNK: usize = 512;

struct StatWalk<'a, T, F> {
    root: &'a Path,
    options: &'a ScanOptions,
    stat: &'a F,
    found: Mutex<Vec<StatedFolder<T>>>,
    problems: Mutex<Vec<Diagnostic>>,
}

impl<'a, T, F> StatWalk<'a, T, F>
where
    T: Send,
    F: Fn(std::io::Result<std::fs::Metadata>) -> T + Sync,
{
    /// Read the folder at `full` (vault-relative `rel`, `None` when a name on
    /// the way is not UTF-8: nothing in it is a note then, as in `visit`).
    fn folder<'s>(&'s self, scope: &rayon::Scope<'s>, full: PathBuf, rel: Option<String>) {
        let read = match std::fs::read_dir(&full) {
            Ok(read) => read,
            Err(err) => return self.cannot_read(&full, &err),
        };
        let mut notes: Vec<std::fs::DirEntry> = Vec::new();
        for entry in read {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let problem = Diagnostic::warning(&NotePath::new("."), 1, format!("cannot read: {err}"));
                    self.problem(problem);
                    continue;
                }
            };
            let file_type = match entry.file_type() {
                Ok(file_type) => file_type,
                Err(err) => {
                    self.cannot_read(&entry.path(), &err);
                    continue;
                }
            };
            let name = entry.file_name();
            let Some(rel) = &rel else {
                // Inside a folder already reported: only its problems count.
                if file_type.is_dir() && !self.skipped_lossy(&entry.path(), &name, file_type) {
                    scope.spawn(move |scope| self.folder(scope, entry.path(), None));
                }
                continue;
            };
            let Some(name) = name.to_str() else {
                let path = entry.path();
                if self.skipped_lossy(&path, &name, file_type) {
                    continue;
                }
                let path_rel = path.strip_prefix(self.root).unwrap_or(&path).to_path_buf();
                if let Some(Found::Problem(problem)) = not_utf8(self.root, &path, &path_rel, file_type) {
                    self.problem(problem);
                }
                if file_type.is_dir() {
                    scope.spawn(move |scope| self.folder(scope, path, None));
                }
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let entry_rel = || if rel.is_empty() { name.to_string() } else { format!("{rel}/{name}") };
            if file_type.is_dir() {
                let entry_rel = entry_rel();
                if is_template_folder(name) || self.excluded(&entry_rel) {
                    continue;
                }
                scope.spawn(move |scope| self.folder(scope, entry.path(), Some(entry_rel)));
            } else if file_type.is_symlink() {
                if let Some(problem) = outside_symlink(self.root, &entry.path(), &entry_rel(), self.options) {
                    self.problem(problem);
                }
            } else if file_type.is_file() && is_markdown_name(name) {
                notes.push(entry);
            }
        }
        let Some(rel) = rel else { return };
        while notes.len() > STAT_CHUNK {
            let chunk = notes.split_off(notes.len() - STAT_CHUNK);
            let rel = rel.clone();
            scope.spawn(move |_| self.stat_all(rel, chunk));
        }
        self.stat_all(rel, notes);
    }

    /// Stat the notes `entries` of the folder `rel`, each by its name in the open folder.
    fn stat_all(&self, rel: String, entries: Vec<std::fs::DirEntry>) {
        if entries.is_empty() {
            return;
        }
        let mut names = String::new();
        let mut notes = Vec::with_capacity(entries.len());
        for entry in entries {
            let name = entry.file_name();
            // Only notes with UTF-8 names were kept.
            names.push_str(&name.to_string_lossy());
            let Ok(end) = u32::try_from(names.len()) else { break };
            notes.push((end, (self.stat)(entry.metadata())));
        }
        names.shrink_to_fit();
        let folder = StatedFolder { path: rel, names, notes };
        self.found.lock().unwrap_or_else(PoisonError::into_inner).push(folder);
    }

    /// `skipped` for an entry whose path is not all UTF-8 (names compared lossily, as there).
    fn skipped_lossy(&self, path: &Path, name: &std::ffi::OsStr, file_type: std::fs::FileType) -> bool {
        is_skipped(self.root, path, name, file_type.is_dir(), self.options)
    }

    fn excluded(&self, rel: &str) -> bool {
        is_excluded(self.options, rel)
    }

    /// A folder or entry that cannot be read, worded as `walk` words it (walkdir's error).
    fn cannot_read(&self, path: &Path, err: &std::io::Error) {
        let message = format!("cannot read: IO error for operation on {}: {err}", path.display());
        self.problem(Diagnostic::warning(&relative(self.root, path), 1, message));
    }

    fn problem(&self, problem: Diagnostic) {
        self.problems.lock().unwrap_or_else(PoisonError::into_inner).push(problem);
    }
}

/// Whether `problem` is the walk's word on notes it left unread (a symlink out
/// of the vault, a name that is not UTF-8): every such message ends so.
pub fn is_unread(problem: &Diagnostic) -> bool {
    problem.message.ends_with("not read")
}

/// A symlink kith does not follow (see `scan`) that is worth a word: one to
/// a note outside the vault, or to a folder outside it that holds notes, so a
/// `people` folder kept elsewhere and linked in is not silently missing. A
/// link to a place inside the vault is its notes' second name (they are read
/// once, by their real path); a linked template or output folder is never read
/// anyway.
fn outside_symlink(root: &Path, link: &Path, rel: &str, options: &ScanOptions) -> Option<Diagnostic> {
    if !points_outside(root, link) {
        return None;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let path = NotePath::new(rel);
    if !std::fs::metadata(link).is_ok_and(|m| m.is_dir()) {
        return is_markdown_name(name).then(|| {
            Diagnostic::warning(&path, 1, "symlink to a file outside the vault; not read")
                .with_hint("copy the note into the vault if kith should read it")
        });
    }
    if is_template_folder(name) || is_excluded(options, rel) {
        return None;
    }
    let hint = "kith does not follow symlinks: move the folder into the vault \
                (a symlink the other way round keeps it where other programs look)";
    unread_folder(&path, link, "symlink to a folder outside the vault", hint)
}

/// How many entries of a folder kith does not read are looked at to count its
/// notes: a symlink to a big tree outside the vault (a home folder, `/usr`)
/// was walked to its end on every run, warm ones too (0.3 s for 114k files).
const UNREAD_LOOKED_AT: usize = 10_000;

/// The warning for a folder kith does not read, saying how many notes it
/// holds (hidden folders aside); none when it holds no note.
fn unread_folder(path: &NotePath, dir: &Path, why: &str, hint: &str) -> Option<Diagnostic> {
    unread_folder_within(path, dir, why, hint, UNREAD_LOOKED_AT)
}

/// `unread_folder`, counting among the first `limit` entries only: past
/// them, the notes found so far are "at least" (and none found is no warning).
fn unread_folder_within(path: &NotePath, dir: &Path, why: &str, hint: &str, limit: usize) -> Option<Diagnostic> {
    let mut looked_at = 0;
    let notes = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .take(limit.saturating_add(1))
        .inspect(|_| looked_at += 1)
        .filter(|e| e.file_type().is_file() && is_markdown(e.file_name()))
        .count();
    let message = match notes {
        0 => return None,
        n if looked_at > limit => format!("{why}; the notes in it (at least {n}) are not read"),
        1 => format!("{why}; the note in it is not read"),
        n => format!("{why}; the {n} notes in it are not read"),
    };
    Some(Diagnostic::warning(path, 1, message).with_hint(hint))
}

fn visit(root: &Path, entry: &DirEntry, options: &ScanOptions) -> Option<Found> {
    let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
    if rel.to_str().is_none() {
        return not_utf8(root, entry.path(), rel, entry.file_type());
    }
    let file_type = entry.file_type();
    if file_type.is_symlink() {
        outside_symlink(root, entry.path(), relative(root, entry.path()).as_str(), options).map(Found::Problem)
    } else if file_type.is_file() && is_markdown(entry.file_name()) {
        Some(Found::Note(relative(root, entry.path())))
    } else {
        None
    }
}

/// A note or folder whose name is not valid UTF-8. Notes are named, linked
/// and written back by their paths as text, so kith does not read it, and
/// says so once, with the name shown lossily: for a note, or for the
/// outermost such folder that holds notes.
fn not_utf8(root: &Path, full: &Path, rel: &Path, file_type: std::fs::FileType) -> Option<Found> {
    if rel.parent().is_some_and(|parent| parent.to_str().is_none()) {
        return None; // inside a folder already reported
    }
    let path = relative(root, full);
    let hint = "rename it with a UTF-8 name (for example with `convmv`) so kith can read it";
    if file_type.is_dir() {
        unread_folder(&path, full, "folder name is not valid UTF-8", hint).map(Found::Problem)
    } else if file_type.is_file() && full.file_name().is_some_and(is_markdown) {
        Some(Found::Problem(Diagnostic::warning(&path, 1, "file name is not valid UTF-8; not read").with_hint(hint)))
    } else {
        None
    }
}

fn skipped(root: &Path, entry: &DirEntry, options: &ScanOptions) -> bool {
    is_skipped(root, entry.path(), entry.file_name(), entry.file_type().is_dir(), options)
}

/// Never walked into or read: a hidden file or folder, a template folder, the
/// output folder (names compared lossily when they are not UTF-8).
fn is_skipped(root: &Path, path: &Path, name: &std::ffi::OsStr, is_dir: bool, options: &ScanOptions) -> bool {
    let name = name.to_string_lossy();
    if name.starts_with('.') {
        return true;
    }
    is_dir && (is_template_folder(&name) || is_excluded(options, relative(root, path).as_str()))
}

/// A folder of templates, never read as notes: `templates` or `template`
/// (any case, any depth). Obsidian's templates carry the fields of the notes
/// made from them (`type: person`, `name: "{{title}}"`, `met: {{date}}`).
pub fn is_template_folder(name: &str) -> bool {
    name.eq_ignore_ascii_case("templates") || name.eq_ignore_ascii_case("template")
}

fn is_markdown(name: &std::ffi::OsStr) -> bool {
    is_markdown_name(&name.to_string_lossy())
}

/// The output folder (or another excluded one), by its vault-relative path.
fn is_excluded(options: &ScanOptions, rel: &str) -> bool {
    options.excluded.iter().any(|ex| rel.eq_ignore_ascii_case(ex.trim_matches('/')))
}

fn is_markdown_name(name: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder kith does not read (a symlink to a big tree outside the
    /// vault) is walked only so far to count its notes; a small one whole.
    #[test]
    fn a_big_unread_folder_is_not_walked_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        for i in 0..30 {
            std::fs::write(dir.path().join(format!("sub/N{i}.md")), "x").unwrap();
        }
        let path = NotePath::new("linked");
        let said = |limit| unread_folder_within(&path, dir.path(), "why", "hint", limit).map(|d| d.message);
        assert_eq!(said(100).as_deref(), Some("why; the 30 notes in it are not read"));
        assert_eq!(said(32).as_deref(), Some("why; the 30 notes in it are not read"), "the folder, sub and 30 notes");
        let cut = said(10).unwrap();
        assert!(cut.starts_with("why; the notes in it (at least ") && cut.ends_with(") are not read"), "{cut}");
        assert!(is_unread(&Diagnostic::warning(&path, 1, cut)));
        let empty = tempfile::tempdir().unwrap();
        for i in 0..20 {
            std::fs::write(empty.path().join(format!("f{i}.png")), "x").unwrap();
        }
        assert_eq!(unread_folder_within(&path, empty.path(), "why", "hint", 5), None);
    }

    /// The stat walk's notes, packed by folder and split into chunks, are the
    /// scan's notes, path for path, each with its own file's metadata.
    #[test]
    fn stat_notes_packs_the_paths_scan_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut files = vec!["Top.md".to_string(), "a/b/c/Deep.md".to_string(), "a/Ünïcode née.md".to_string()];
        files.extend((0..1100).map(|i| format!("big/N{i}.md")));
        for (i, file) in files.iter().enumerate() {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x".repeat(i)).unwrap();
        }
        std::fs::write(root.join("a/notes.txt"), "not a note").unwrap();
        let options = ScanOptions::default();
        let (stated, problems) = stat_notes(root, &options, |meta| meta.map(|m| m.len()).unwrap_or(u64::MAX));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(stated.len(), files.len());
        let mut from_iter: Vec<(String, u64)> = stated
            .iter()
            .map(|(folder, name, len)| {
                (if folder.is_empty() { name.to_string() } else { format!("{folder}/{name}") }, *len)
            })
            .collect();
        from_iter.sort();
        let mut expected: Vec<(String, u64)> =
            files.iter().enumerate().map(|(i, file)| (file.clone(), i as u64)).collect();
        expected.sort();
        assert_eq!(from_iter, expected);
        let mut notes: Vec<NotePath> = stated.into_notes().into_iter().map(|(path, _)| path).collect();
        notes.sort();
        assert_eq!(notes, scan(root, &options).notes);
    }
}
