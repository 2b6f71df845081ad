//! Opening a vault: settings, scan, parallel parse, index. The one place that
//! ties the vault on disk to the in-memory index.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::config::{self, Settings};
use crate::diag::Diagnostic;
use crate::index::{Changed, Index};
use crate::note::{parse_note, parse_note_with_front, Note, NoteBody, ParseMode, ParsedNote};
use crate::path::NotePath;
use crate::vault::{self, Found, ScanOptions};

pub struct Vault {
    pub root: PathBuf,
    pub settings: Settings,
    pub index: Index,
    /// Problems outside any one note: `kith.yaml`, unreadable folders, symlinks.
    pub setup_problems: Vec<Diagnostic>,
    /// Vault-relative folders never read: the output folder first, then `--out` inside the vault.
    scan_excluded: Vec<String>,
    /// Where the parse cache may live (kept for a reload after `kith.yaml` changes).
    cache_place: CachePlace,
    /// The one-line notice when a cache existed but could not be used (garbled, other version).
    pub cache_notice: Option<String>,
    /// When asked for (`Scanned::keep_stamps`) and the parse cache is on:
    /// every note's stamp as the walk saw it, in path order, and the walk.
    pub stamps: Option<(Vec<(NotePath, crate::cache::Stamp)>, crate::cache::Walk)>,
}

/// Whether to use the persistent parse cache and where by default: the cli
/// decides (`--no-cache`, `$XDG_CACHE_HOME`), `kith.yaml`'s `cache:` may move it.
#[derive(Debug, Clone, Default)]
pub struct CachePlace {
    /// `--no-cache`: neither read nor write a cache.
    pub off: bool,
    /// `$XDG_CACHE_HOME/kith`, else `~/.cache/kith`; `None`: no cache unless `kith.yaml` names a folder.
    pub default_dir: Option<PathBuf>,
}

impl CachePlace {
    /// The cache file for this vault, or `None` when caching is off.
    fn file(&self, root: &Path, settings: &Settings) -> Option<PathBuf> {
        if self.off {
            return None;
        }
        let dir = match settings.cache.as_deref() {
            Some("off") => return None,
            Some(dir) => root.join(dir),
            None => self.default_dir.clone()?,
        };
        Some(crate::cache::file_for(&dir, root))
    }
}

impl Vault {
    /// Read the whole vault. Fails only when `root` is not a readable folder;
    /// every problem inside it is collected instead.
    pub fn open(root: &Path, extra_excluded: &[String]) -> Result<Vault, String> {
        Vault::open_with(root, extra_excluded, &CachePlace { off: true, default_dir: None })
    }

    /// `open`, restoring unchanged notes from the parse cache and writing it
    /// back when anything was read (see `crate::cache`).
    pub fn open_with(root: &Path, extra_excluded: &[String], cache_place: &CachePlace) -> Result<Vault, String> {
        Vault::scan(root, extra_excluded, cache_place).map(Vault::from_scan)
    }

    /// The first half of `open_with`: settings, and when the parse cache is on,
    /// the walk with every note's stamp (no note read yet). Fails only when
    /// `root` is not a readable folder.
    pub fn scan(root: &Path, extra_excluded: &[String], cache_place: &CachePlace) -> Result<Scanned, String> {
        let meta = std::fs::metadata(root).map_err(|e| format!("vault {}: {e}", root.display()))?;
        if !meta.is_dir() {
            return Err(format!("vault {} is not a folder", root.display()));
        }
        let (settings, setup_problems) = config::load(root);
        // The output folder is never read as notes; an absolute one counts
        // when it lies inside the vault.
        let output = Path::new(&settings.output);
        let output = if output.is_absolute() {
            output.strip_prefix(root).ok().map(|p| p.to_string_lossy().into_owned())
        } else {
            Some(settings.output.clone())
        };
        let mut excluded: Vec<String> = output.into_iter().filter(|o| !o.trim_matches('/').is_empty()).collect();
        excluded.extend(extra_excluded.iter().cloned());
        let scan_options = ScanOptions { excluded };
        let cached = cache_place.file(root, &settings).map(|file| stat_all(root, &scan_options, file));
        Ok(Scanned {
            root: root.to_path_buf(),
            settings,
            setup_problems,
            scan_options,
            cache_place: cache_place.clone(),
            cached,
            keep_stamps: false,
        })
    }

    /// The second half of `open_with`: read what the cache does not hold, then index.
    pub fn from_scan(scanned: Scanned) -> Vault {
        let Scanned { root, settings, mut setup_problems, scan_options, cache_place, cached, keep_stamps } = scanned;
        let (notes, walk_problems, cache_notice, stamps) = match cached {
            None => {
                let (notes, problems) = read_all(&root, &scan_options, &settings);
                (notes, problems, None, None)
            }
            Some(stats) => {
                let found = stats.found.into_notes();
                let stamps = keep_stamps.then(|| {
                    let mut stamps = found.clone();
                    stamps.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                    (stamps, stats.walk)
                });
                let (notes, notice) = read_cached(&root, &settings, &stats.file, stats.walk, found);
                (notes, stats.walk_problems, notice, stamps)
            }
        };
        setup_problems.extend(walk_problems);
        let index = Index::from_notes(notes);
        Vault {
            root,
            index,
            settings,
            setup_problems,
            scan_excluded: scan_options.excluded,
            cache_place,
            cache_notice,
            stamps,
        }
    }

    /// Why this folder is not a kith vault, with how to fix it: it has no
    /// `kith.yaml` and no person or goal note (most likely the wrong folder).
    pub fn not_a_vault(&self) -> Option<String> {
        let kith_note = |n: &Note| matches!(n.kind(), Some(crate::note::Kind::Person | crate::note::Kind::Goal));
        if self.root.join(config::FILE_NAME).is_file() || self.index.notes().any(kith_note) {
            return None;
        }
        Some(format!(
            "kith: {} is not a kith vault: it has no kith.yaml and no person or goal notes\n\
             hint: pass --vault DIR or set KITH_VAULT=DIR to the folder that holds your notes,\n      \
             or start a vault here with `kith init`\n{}{}",
            self.root.display(),
            crate::render::check::NO_PEOPLE,
            self.unread_notes()
        ))
    }

    /// The walk's warnings on notes it left unread (a people folder that is a
    /// symlink out of the vault, say), one per line with its hint, each line
    /// starting with a newline: what "no person notes" must not keep quiet.
    pub fn unread_notes(&self) -> String {
        let mut out = String::new();
        for problem in self.setup_problems.iter().filter(|p| crate::vault::is_unread(p)) {
            out.push_str(&format!("\n{problem}"));
            if let Some(hint) = &problem.hint {
                out.push_str(&format!("\n    = hint: {hint}"));
            }
        }
        out
    }

    /// Where new person notes go: the configured folder when it exists, else
    /// the folder most people already live in (`People/`, `Areas/Contacts/`),
    /// else a top-level folder named like a people folder in any case, else
    /// the configured name. `add` and `import` follow the vault, not kith.
    pub fn people_folder(&self) -> String {
        let folders = &self.settings.folders;
        let configured = folders.people.trim_matches('/');
        if self.root.join(configured).is_dir() {
            return configured.to_string();
        }
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for (_, person) in self.index.people() {
            if let crate::note::RecognisedBy::Folder(folder) = &person.recognised_by {
                *counts.entry(folder).or_default() += 1;
            }
        }
        if let Some((folder, _)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))) {
            return folder.to_string();
        }
        let named_like = |name: &str| {
            name.eq_ignore_ascii_case(configured)
                || folders.recognition.folders.iter().any(|f| f.eq_ignore_ascii_case(name))
        };
        let found = std::fs::read_dir(&self.root).into_iter().flatten().flatten().find_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            (entry.path().is_dir() && named_like(&name)).then_some(name)
        });
        found.unwrap_or_else(|| configured.to_string())
    }

    /// Why new person notes cannot go into `people_folder`: it is (or lies
    /// under) a symlink to a folder outside the vault, where kith does not read,
    /// so a note added or imported there would never show. `None` when fine.
    pub fn people_folder_outside(&self) -> Option<String> {
        let folder = self.people_folder();
        let (Ok(root), Ok(target)) = (self.root.canonicalize(), self.root.join(&folder).canonicalize()) else {
            return None; // missing: made inside the vault when written
        };
        if target.starts_with(&root) {
            return None;
        }
        Some(format!(
            "kith: {folder} is a symlink to {}, outside the vault: kith does not read notes there, so nothing was written\n\
             hint: move the folder into the vault (a symlink the other way round keeps it where other programs look)",
            target.display()
        ))
    }

    /// Every problem: setup first, then per note in path order.
    pub fn problems(&self) -> Vec<Diagnostic> {
        self.setup_problems.iter().chain(self.index.note_problems()).cloned().collect()
    }
}

/// A vault walked, nothing read yet (see `Vault::scan`).
pub struct Scanned {
    root: PathBuf,
    settings: Settings,
    setup_problems: Vec<Diagnostic>,
    scan_options: ScanOptions,
    cache_place: CachePlace,
    /// With the parse cache on: every note's stamp.
    cached: Option<Stats>,
    /// Whether the vault keeps the stamps (`Vault::stamps`).
    keep_stamps: bool,
}

/// The walk of a vault with the parse cache on: every note with its stamp.
struct Stats {
    /// The parse cache file.
    file: PathBuf,
    /// When the walk ran (the racy rule's reference).
    walk: crate::cache::Walk,
    found: vault::StatedNotes<crate::cache::Stamp>,
    walk_problems: Vec<Diagnostic>,
    state: crate::cache::results::State,
}

impl Scanned {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The parse cache file and the state of the vault, when the cache is on.
    pub fn state(&self) -> Option<(&Path, &crate::cache::results::State)> {
        self.cached.as_ref().map(|s| (s.file.as_path(), &s.state))
    }

    /// Have the vault keep every note's stamp (`Vault::stamps`).
    pub fn keep_stamps(&mut self) {
        self.keep_stamps = true;
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Problems of the settings and the walk, so far.
    pub fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.setup_problems.iter().chain(self.cached.iter().flat_map(|s| s.walk_problems.iter()))
    }

    /// With the parse cache on: every note the walk found (folder, file
    /// name, stamp; in no particular order) and the walk.
    pub fn stamps(&self) -> Option<(&vault::StatedNotes<crate::cache::Stamp>, crate::cache::Walk)> {
        self.cached.as_ref().map(|s| (&s.found, s.walk))
    }
}

/// Walk the vault and stat every note (in parallel), without reading any.
fn stat_all(root: &Path, scan_options: &ScanOptions, file: PathBuf) -> Stats {
    use crate::cache::{results::State, Stamp, Walk};
    let start = Walk::now();
    let (found, walk_problems) =
        vault::stat_notes(root, scan_options, |meta| meta.map(|m| Stamp::of(&m)).unwrap_or_default());
    let settings_file = std::fs::metadata(root.join(config::FILE_NAME)).map(|m| Stamp::of(&m)).unwrap_or_default();
    let walk = Walk { start, end: Walk::now() };
    let state = State::of(&found, settings_file, &walk_problems, walk);
    Stats { file, walk, found, walk_problems, state }
}

/// What one refresh changed in the index.
#[derive(Debug, Default)]
pub struct Refresh {
    /// Notes read again (added or modified), in path order.
    pub updated: Vec<NotePath>,
    /// Notes gone from the vault.
    pub removed: Vec<NotePath>,
    /// `kith.yaml` changed: everything was read again.
    pub reloaded: bool,
    /// A note was added, or a changed one is not a person with the same names
    /// as before (see `links_may_move`).
    pub reshaped: bool,
    /// Notes that became unreadable as people or goals (broken YAML), and
    /// whether a good version of them was in the index until now.
    pub broke: Vec<(NotePath, bool)>,
}

impl Refresh {
    pub fn is_empty(&self) -> bool {
        self.updated.is_empty() && self.removed.is_empty() && !self.reloaded
    }

    /// Whether links may resolve differently now: everything was read again,
    /// or a note was added, removed, renamed or turned into another kind.
    pub fn links_may_move(&self) -> bool {
        self.reloaded || self.reshaped || !self.removed.is_empty()
    }
}

impl<'a> From<&'a Refresh> for Changed<'a> {
    /// Only people's own notes changed: only their shares are computed again.
    fn from(refresh: &'a Refresh) -> Changed<'a> {
        if refresh.links_may_move() {
            Changed::Everything
        } else {
            Changed::People(&refresh.updated)
        }
    }
}

impl Vault {
    /// Bring the index up to date with changed paths (absolute, as a file
    /// watcher reports them): re-read changed notes, drop deleted ones, rescan
    /// a folder that appeared, and read everything again if `kith.yaml` changed.
    /// Paths kith never reads (hidden, output folder, not markdown) are ignored.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> Result<Refresh, String> {
        let mut refresh = Refresh::default();
        let root = self.root.clone();
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let mut rels: Vec<PathBuf> = changed
            .iter()
            .filter_map(|p| p.strip_prefix(&root).or_else(|_| p.strip_prefix(&canonical_root)).ok())
            .map(Path::to_path_buf)
            .collect();
        rels.sort();
        rels.dedup();
        if rels.iter().any(|r| r == Path::new(config::FILE_NAME)) {
            let extra: Vec<String> = self.scan_excluded.iter().skip(1).cloned().collect();
            *self = Vault::open_with(&root, &extra, &self.cache_place.clone())?;
            refresh.reloaded = true;
            return Ok(refresh);
        }
        for rel in rels {
            // A name that is not UTF-8 is never read (the scan warns about it).
            if rel.as_os_str().is_empty() || rel.to_str().is_none() || vault::is_ignored(&rel, &self.scan_options()) {
                continue;
            }
            let path = NotePath::from_relative(&rel);
            match std::fs::symlink_metadata(root.join(&rel)) {
                Ok(meta) if meta.is_dir() => self.rescan_folder(&rel, &mut refresh),
                Ok(meta) if meta.is_file() && vault::is_markdown_path(&rel) => {
                    self.update(read_note(&root, path, &self.settings.folders), &mut refresh);
                }
                Ok(_) => {}
                Err(_) => {
                    // Gone: a note, or a whole folder of them.
                    if self.index.remove(&path).is_some() {
                        refresh.removed.push(path.clone());
                    }
                    for inside in self.index.paths_under(path.as_str()) {
                        self.index.remove(&inside);
                        refresh.removed.push(inside);
                    }
                }
            }
        }
        refresh.updated.sort();
        refresh.updated.dedup();
        refresh.removed.sort();
        refresh.removed.dedup();
        if refresh.links_may_move() {
            self.index.link_dated_notes();
        }
        Ok(refresh)
    }

    /// Put a freshly read note in the index, unless it reads exactly as before
    /// (editors touch files without changing them; events come twice).
    fn update(&mut self, mut note: Note, refresh: &mut Refresh) {
        let old = self.index.get(&note.path);
        if !old.is_some_and(|old| old.reads_as(&note)) {
            let same_person = old.is_some_and(|old| {
                old.person().is_some() && note.person().is_some() && crate::index::same_names(old, &note)
            });
            // A dated note's contacts move between people's logs.
            let dated = |n: &Note| matches!(n.body, NoteBody::Dated(_));
            let reshaped = !same_person || dated(&note) || old.is_some_and(dated);
            refresh.reshaped |= reshaped;
            if let (false, Some(old), NoteBody::Person(person)) = (reshaped, old, &mut note.body) {
                // The same person, and no dated note changed: the contacts dated
                // notes log with them are the same, and come after their own entries
                // as `Index::link_dated_notes` puts them (it need not walk every note).
                let from_dated = old.log().iter().filter(|e| e.source().is_some());
                if from_dated.clone().next().is_some() {
                    person.log = person.log.iter().cloned().chain(from_dated.cloned()).collect();
                }
            }
            let broken = |n: &Note| matches!(n.body, NoteBody::Broken { kind: Some(_) });
            if broken(&note) && !old.is_some_and(broken) {
                refresh.broke.push((note.path.clone(), old.is_some()));
            }
            refresh.updated.push(note.path.clone());
            self.index.upsert(note);
        }
    }

    fn scan_options(&self) -> ScanOptions {
        ScanOptions { excluded: self.scan_excluded.clone() }
    }

    /// A folder appeared or changed as a whole (moved in, renamed): read what is
    /// in it now and drop what the index had under it that is gone.
    fn rescan_folder(&mut self, rel: &Path, refresh: &mut Refresh) {
        let options = self.scan_options();
        let dir = self.root.join(rel);
        let mut seen = std::collections::BTreeSet::new();
        let found: Vec<Found> = vault::walk_under(&self.root, &dir, &options).collect();
        for item in found {
            if let Found::Note(path) = item {
                seen.insert(path.clone());
                self.update(read_note(&self.root, path, &self.settings.folders), refresh);
            }
        }
        for old in self.index.paths_under(NotePath::from_relative(rel).as_str()) {
            if !seen.contains(&old) {
                self.index.remove(&old);
                refresh.removed.push(old);
            }
        }
    }
}

/// Read and parse one note; unreadable files become broken notes with their problem.
/// Every note read and parsed while the walk goes on (the index sorts by
/// path, so order does not matter), and the walk's problems in order.
fn read_all(root: &Path, scan_options: &ScanOptions, settings: &Settings) -> (Vec<Note>, Vec<Diagnostic>) {
    let folders = &settings.folders;
    let found: Vec<Result<Note, Diagnostic>> = vault::walk(root, scan_options)
        .par_bridge()
        .map(|found| match found {
            Found::Note(path) => Ok(read_note(root, path, folders)),
            Found::Problem(problem) => Err(problem),
        })
        .collect();
    split_found(found)
}

fn split_found<T>(found: Vec<Result<T, Diagnostic>>) -> (Vec<T>, Vec<Diagnostic>) {
    let mut items = Vec::with_capacity(found.len());
    let mut problems = Vec::new();
    for f in found {
        match f {
            Ok(item) => items.push(item),
            Err(problem) => problems.push(problem),
        }
    }
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    (items, problems)
}

/// `read_all` through the parse cache, for the notes the walk found (each
/// with its stamp): a note whose file still has the stamp the cache holds is
/// restored from it, every other one is read. The cache is written again when
/// anything was read or removed.
fn read_cached(
    root: &Path,
    settings: &Settings,
    file: &Path,
    walk: crate::cache::Walk,
    found: Vec<(NotePath, crate::cache::Stamp)>,
) -> (Vec<Note>, Option<String>) {
    use crate::cache::{self, Loaded, Stamp, Unusable};
    let scan_start = walk.start;
    let folders = &settings.folders;
    let fingerprint = cache::fingerprint(root, folders);
    let (loaded, problem) = match Loaded::read(file, &fingerprint) {
        Ok(loaded) => (Some(loaded), None),
        Err(Unusable::Quietly) => (None, None),
        Err(Unusable::Notice(problem)) => (None, Some(problem)),
    };
    let mut notice = None;
    let found: Vec<(Note, Stamp, Hit)> = found
        .into_par_iter()
        .map(|(path, stamp)| {
            let hit = match loaded.as_ref() {
                Some(loaded) => match loaded.note(&path, &stamp, &walk) {
                    Some(note) => return (note, stamp, Hit::Restored),
                    None if loaded.holds(path.as_str()) => Hit::Stale,
                    None => Hit::Absent,
                },
                None => Hit::Absent,
            };
            let (note, read) = read_note_text(root, path, folders);
            (note, stamp, if read { hit } else { Hit::Unread })
        })
        .collect();
    // A cache that cannot be written only costs the next run its speed:
    // said only when one that could not be used is left in place.
    let all = || {
        let cached = found.iter().filter(|(_, _, hit)| *hit != Hit::Unread);
        cached.map(|(note, stamp, _)| (note, *stamp)).collect::<Vec<(&Note, Stamp)>>()
    };
    match &loaded {
        None => {
            let written = cache::write(file, &fingerprint, scan_start, &all());
            notice = problem.map(|problem| cache::rebuilt(file, &problem, written));
        }
        Some(loaded) => {
            // A note within the racy window would never be trusted: not appended.
            let read: Vec<(&Note, Stamp)> = found
                .iter()
                .filter(|(_, stamp, hit)| matches!(hit, Hit::Stale | Hit::Absent) && walk.settled(stamp))
                .map(|(note, stamp, _)| (note, *stamp))
                .collect();
            let held = found.iter().filter(|(_, _, hit)| matches!(hit, Hit::Restored | Hit::Stale)).count();
            let removed: Vec<&str> = if held == loaded.len() {
                Vec::new()
            } else {
                let here: rustc_hash::FxHashSet<&str> = found.iter().map(|(note, _, _)| note.path.as_str()).collect();
                let mut gone: Vec<&str> = loaded.paths().filter(|p| !here.contains(p)).collect();
                gone.sort_unstable();
                gone
            };
            if !read.is_empty() || !removed.is_empty() {
                let _ = cache::update(file, loaded, &fingerprint, scan_start, &read, &removed, &all());
            }
        }
    }
    drop(loaded);
    (found.into_iter().map(|(note, _, _)| note).collect(), notice)
}

/// Where a note came from on a run with the parse cache.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hit {
    /// Decoded from the cache.
    Restored,
    /// Read: the cache held another version of it.
    Stale,
    /// Read: the cache did not hold it.
    Absent,
    /// Its text could not be read: never cached (see `read_note_text`).
    Unread,
}

pub fn read_note(root: &Path, path: NotePath, folders: &config::Folders) -> Note {
    read_note_text(root, path, folders).0
}

/// `read_note`, and whether the note's text could be read. One that could not
/// is not cached: the error may pass (an I/O error on a network folder), and a
/// cached one would be said on every run until the file changed; a binary or
/// non-UTF-8 note is cheap to try again.
fn read_note_text(root: &Path, path: NotePath, folders: &config::Folders) -> (Note, bool) {
    vault::with_text(root, &path.clone(), |text| match text {
        Ok(text) => (parse_note(path, text, folders), true),
        Err(problem) => (Note::unreadable(path, problem, folders), false),
    })
}

/// A note read again for display: log text included, and its front matter
/// exactly as written (every field, known or not) with each key's line, from
/// the same parse that gave the index its fields.
pub type NoteSource = ParsedNote;

pub fn reread(root: &Path, path: &NotePath, folders: &config::Folders) -> Option<NoteSource> {
    let text = vault::read_text(root, path).ok()?;
    Some(parse_note_with_front(path.clone(), &text, folders, ParseMode::WithText))
}

/// A person's note read again for display, with the contacts dated notes log
/// with them (their lines' text read again too), each marked with its note.
pub fn reread_with_contacts(vault: &Vault, path: &NotePath) -> Option<NoteSource> {
    let folders = &vault.settings.folders;
    let mut source = reread(&vault.root, path, folders)?;
    let Some(indexed) = vault.index.get(path).and_then(Note::person) else { return Some(source) };
    let NoteBody::Person(person) = &mut source.note.body else { return Some(source) };
    let mut by_note: std::collections::BTreeMap<&NotePath, Vec<&crate::note::LogEntry>> = Default::default();
    for entry in indexed.log.iter() {
        if let Some(dated) = entry.source() {
            by_note.entry(dated).or_default().push(entry);
        }
    }
    let mut extra = Vec::new();
    for (dated, entries) in by_note {
        let fresh = reread(&vault.root, dated, folders);
        let fresh_log = fresh.as_ref().map_or(&[][..], |f| f.note.log());
        for entry in entries {
            match fresh_log.iter().find(|f| f.line == entry.line && f.date == entry.date) {
                Some(with_text) => extra.push(with_text.from_note(dated)),
                None => extra.push(entry.clone()),
            }
        }
    }
    person.log = person.log.iter().cloned().chain(extra).collect();
    Some(source)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    /// A note whose text could not be read is not kept in the parse cache
    /// (its error could pass): the next run reads it again, while the other
    /// notes come from the cache.
    #[test]
    fn a_note_whose_text_could_not_be_read_is_read_again_by_the_next_run() {
        use crate::cache::{Loaded, Stamp, Walk};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("vault");
        std::fs::create_dir_all(root.join("people")).unwrap();
        std::fs::write(root.join("people/Ada.md"), "---\nstage: seed\n---\n").unwrap();
        std::fs::write(root.join("people/Bin.md"), b"not\0text").unwrap();
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let settings = Settings::default();
        let file = dir.path().join("v.cache");
        let fingerprint = crate::cache::fingerprint(&root, &settings.folders);
        let mut found = Vec::new();
        for name in ["people/Ada.md", "people/Bin.md"] {
            let note = std::fs::File::options().write(true).open(root.join(name)).unwrap();
            note.set_modified(an_hour_ago).unwrap();
            found.push((NotePath::new(name), Stamp::of(&note.metadata().unwrap())));
        }
        for run in 0..2 {
            let walk = Walk { start: Walk::now(), end: Walk::now() };
            let (notes, notice) = read_cached(&root, &settings, &file, walk, found.clone());
            assert_eq!(notice, None);
            assert_eq!(notes.len(), 2);
            assert!(notes[1].problems.iter().any(|p| p.message.contains("binary")), "{:?}", notes[1].problems);
            let loaded = Loaded::read(&file, &fingerprint).ok().unwrap();
            assert!(loaded.holds("people/Ada.md"), "run {run}");
            assert!(!loaded.holds("people/Bin.md"), "run {run}");
        }
    }

    #[test]
    fn a_note_named_in_latin1_that_appears_while_watching_is_not_read_as_a_broken_note() {
        let dir = tempfile::tempdir().unwrap();
        let person = "---\nstage: seed\n---\n";
        std::fs::create_dir_all(dir.path().join("people/new")).unwrap();
        std::fs::write(dir.path().join("people/Ada.md"), person).unwrap();
        let mut vault = Vault::open(dir.path(), &[]).unwrap();
        let note = dir.path().join("people").join(OsStr::from_bytes(b"Ren\xe9e.md"));
        std::fs::write(&note, person).unwrap();
        std::fs::write(dir.path().join("people/new").join(OsStr::from_bytes(b"Zo\xeb.md")), person).unwrap();
        let refresh = vault.refresh(&[note, dir.path().join("people/new")]).unwrap();
        assert!(refresh.is_empty(), "{refresh:?}");
        assert_eq!(vault.index.len(), 1);
    }
}
