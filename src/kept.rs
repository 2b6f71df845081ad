//! Kept parts: a report command's part of every note (its share), stored
//! with what each was computed from, so that a run after a few notes changed
//! computes again only the parts those changes can reach, instead of reading
//! and indexing every note.
//!
//! A report may be kept when each person's part reads, besides their own
//! note, only the notes `Index::reads` names (the dated notes that log
//! contacts with them, the goals they link), and no other report
//! (`Report::KEPT`; `overdue --format json` is one). A run that finds the kept
//! file of its command line, and a vault where notes changed but none was
//! added, removed or renamed, none changed kind or names, and none changed
//! which notes its part reads (`index::shape`, `index::reach`), reads the
//! changed notes, the people whose parts read them, and the notes those
//! people's parts read (an index of those alone gives each of those people
//! the same log and goals as the whole vault's: see `Index::reads`); computes
//! those people's parts again; and combines them with every other note's
//! kept part. Anything else (a note added or removed, an error anywhere, more
//! than an eighth of the notes changed, in a vault of over 512) runs the whole way, which keeps the
//! parts again.
//!
//! One file per command line, `<vault hash>.<command line hash>.kept` next
//! to the parse cache: magic, version, then segments, each its length and
//! checksum first. The first holds the parse cache file's stamp (a run that
//! changed or damaged the parse cache leaves kept parts unused, as it leaves
//! stored results; see `crate::cache::results`), the command line, the starts
//! of the walks its stamps come from, and per note in path order: path,
//! stamp, its walk, shape, reach, what other notes' parts read of it, the
//! notes its part reads (by position) and the part; then the rows of the
//! JSON it printed (`Rows`). A run from kept parts appends a segment of what
//! it changed (the parse cache's stamp again, its walk's start, each note
//! read or computed again with its stamp, walk, `lent` and part, and the rows
//! it printed) until those come to a quarter of the first segment; then, and
//! after a run the whole way, the file is written whole (temp file, then
//! rename). A stamp is trusted as the parse cache trusts one (`Walk::trusts`,
//! against the start of the walk that took it). A damaged file is not
//! trusted: the run goes the whole way and writes it again.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::borrow::Cow;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cache::results::{file_stamp, Printed, Printing, State};
use crate::cache::Stamp;
use crate::codec::{put_str, Code, Reader};
use crate::config::Settings;
use crate::index::{lent, reach, shape, Index};
use crate::load::{read_note, Scanned, Vault};
use crate::note::{Note, NoteBody};
use crate::path::NotePath;
use crate::render::json_rows::write_array;
use crate::render::registry::{Ctx, Keeping, Patch, Published};

const MAGIC: &[u8; 8] = b"KITHKP\x00\x01";
/// Bump when the layout, or the encoding of any kept part, changes.
const VERSION: u32 = 4;
/// Magic, version.
const HEAD: usize = 12;
/// A segment's length and checksum.
const SEGMENT_HEAD: usize = 12;
/// Reading and parsing a note costs about as much as reading this many bytes
/// of the parse cache (9 µs and 1 ms a megabyte, on 100k vaults of 1 to 8 KB notes).
const READ_NOTE_PER_CACHE_BYTES: u64 = 9_000;
/// Walks a kept file names before it is written whole again (each run from
/// kept parts appends one).
const MAX_WALKS: usize = 64;
/// A stamp no file has: the note is read again.
const UNTRUSTED: Stamp = Stamp { size: u64::MAX, mtime_ns: i64::MIN, ctime_ns: i64::MIN, ino: u64::MAX };

/// A report command whose parts may be kept: the report and its flags.
#[derive(Clone, Copy)]
pub struct Keep<'a> {
    pub report: &'static dyn Published,
    pub args: &'a clap::ArgMatches,
    /// `--all`: every row on pages (settings as if `pages: {limit: all}`).
    pub all: bool,
}

impl Keep<'_> {
    fn settings(&self, settings: &Settings) -> Settings {
        let mut settings = settings.clone();
        if self.all {
            settings.pages.limit = None;
        }
        settings
    }
}

/// One note as kept.
#[derive(Clone)]
struct Kept<'a> {
    path: &'a str,
    stamp: Stamp,
    /// Which of the file's walk starts the stamp was taken after.
    walk: u32,
    shape: u64,
    reach: u64,
    /// What other notes' parts read of it (`index::lent`).
    lent: u64,
    /// A dated note: what it reads (every note its links by a shared name or
    /// by path may resolve to, see `Index::reads`) must be in any index that
    /// holds it, or its links may name someone else there.
    dated: bool,
    /// The notes its part reads, by position (see `Reads`).
    reads: Reads<'a>,
    part: Cow<'a, [u8]>,
}

/// A list of positions as the file holds it: its length, then each (varints).
#[derive(Clone, Copy)]
struct Reads<'a>(&'a [u8]);

impl<'a> Reads<'a> {
    /// The encoded list at the start of `r`, checked: each position below `count`.
    fn get(r: &mut Reader<'a>, count: usize) -> Option<Reads<'a>> {
        let start = r.buf;
        let n = u64::get(r)?;
        for _ in 0..n {
            if u32::get(r)? as usize >= count {
                return None;
            }
        }
        Some(Reads(&start[..start.len() - r.buf.len()]))
    }

    fn encode(positions: &[u32], out: &mut Vec<u8>) {
        (positions.len() as u64).put(out);
        positions.iter().for_each(|p| p.put(out));
    }

    fn iter(self) -> impl Iterator<Item = usize> + 'a {
        let mut r = Reader::new(self.0);
        let n = u64::get(&mut r).unwrap_or(0);
        (0..n).filter_map(move |_| u32::get(&mut r).map(|p| p as usize))
    }
}

/// A kept file, read.
struct File<'a> {
    walks: Vec<i64>,
    notes: Vec<Kept<'a>>,
    rows: Option<Rows>,
    /// Its length, and its first segment's (the rest are changes appended).
    len: usize,
    base: usize,
}

/// The rows of the JSON the run that kept the parts printed (see
/// `Report::json_rows`), so that the next run patches it.
struct Rows {
    /// The checksum of what it printed (`Printed::sum`): which stored result holds that JSON.
    sum: u64,
    /// Each row's note (by position) and the length of its text, in order.
    layout: Vec<(u32, u32)>,
}

/// The kept file for `query`, beside the parse cache `cache_file`.
fn file_for(cache_file: &Path, query: &str) -> PathBuf {
    crate::cache::results::file_beside(cache_file, query, "kept")
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

fn read<'a>(bytes: &'a [u8], query: &str, cache_file: &Path) -> Option<File<'a>> {
    if bytes.len() < HEAD || &bytes[..8] != MAGIC || bytes[8..12] != VERSION.to_le_bytes() {
        return None;
    }
    let mut segments = Segments { bytes, at: HEAD };
    let mut r = Reader::new(segments.next()?.ok()?);
    let base = segments.at;
    let mut cache = Stamp::get(&mut r).filter(|_| r.str() == Some(query))?;
    let mut walks: Vec<i64> = Code::get(&mut r)?;
    let count = usize::try_from(u64::get(&mut r)?).ok()?;
    let mut notes = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let path = r.str()?;
        let stamp = Stamp::get(&mut r)?;
        let walk = u32::get(&mut r)?;
        let shape = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
        let reach = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
        let lent = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
        let dated = bool::get(&mut r)?;
        let reads = Reads::get(&mut r, count)?;
        let len = usize::try_from(u64::get(&mut r)?).ok()?;
        let part = Cow::Borrowed(r.bytes(len)?);
        walks.get(walk as usize)?;
        notes.push(Kept { path, stamp, walk, shape, reach, lent, dated, reads, part });
    }
    let mut rows = Rows::get(&mut r, count)?;
    if !r.buf.is_empty() {
        return None;
    }
    // Each appended segment: the notes a run from kept parts changed.
    for segment in segments {
        let mut r = Reader::new(segment.ok()?);
        cache = Stamp::get(&mut r)?;
        walks.push(i64::get(&mut r)?);
        for _ in 0..u64::get(&mut r)? {
            let note = notes.get_mut(usize::try_from(u32::get(&mut r)?).ok()?)?;
            note.stamp = Stamp::get(&mut r)?;
            note.walk = u32::get(&mut r).filter(|&walk| (walk as usize) < walks.len())?;
            note.lent = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
            let len = usize::try_from(u64::get(&mut r)?).ok()?;
            note.part = Cow::Borrowed(r.bytes(len)?);
        }
        rows = Rows::get(&mut r, count)?;
        if !r.buf.is_empty() {
            return None;
        }
    }
    (cache == file_stamp(cache_file)).then_some(File { walks, notes, rows, len: bytes.len(), base })
}

/// The payloads of a kept file's segments, each checked; `Err` when one is cut short or damaged.
struct Segments<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Segments<'a> {
    type Item = Result<&'a [u8], ()>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.bytes.get(self.at..).filter(|rest| !rest.is_empty())?;
        let Some(head) = rest.get(..SEGMENT_HEAD) else { return Some(Err(())) };
        let len = u32::from_le_bytes(head[..4].try_into().unwrap_or_default()) as usize;
        let payload = rest.get(SEGMENT_HEAD..SEGMENT_HEAD + len).filter(|p| head[4..] == checksum(p).to_le_bytes());
        self.at += SEGMENT_HEAD + len;
        Some(payload.ok_or(()))
    }
}

/// `payload` as a segment: its length and checksum first.
fn segment(payload: &[u8]) -> std::io::Result<Vec<u8>> {
    let len = u32::try_from(payload.len()).map_err(|_| std::io::Error::other("kept parts too big"))?;
    let mut out = Vec::with_capacity(SEGMENT_HEAD + payload.len());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}

impl Rows {
    fn put(rows: Option<&Rows>, out: &mut Vec<u8>) {
        match rows {
            None => out.push(0),
            Some(Rows { sum, layout }) => {
                out.push(1);
                out.extend_from_slice(&sum.to_le_bytes());
                (layout.len() as u64).put(out);
                for (at, len) in layout {
                    at.put(out);
                    len.put(out);
                }
            }
        }
    }

    /// Rows of notes among `count`.
    fn get(r: &mut Reader, count: usize) -> Option<Option<Rows>> {
        if r.byte()? == 0 {
            return Some(None);
        }
        let sum = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
        let n = usize::try_from(u64::get(r)?).ok()?;
        let mut layout = Vec::with_capacity(n.min(count));
        for _ in 0..n {
            let at = u32::get(r).filter(|&at| (at as usize) < count)?;
            layout.push((at, u32::get(r)?));
        }
        Some(Some(Rows { sum, layout }))
    }
}

/// Append to the kept `file` (read when `len` bytes long) what a run from
/// kept parts changed: the notes at `changed` in `notes` (a note read again
/// has the walk that started at `walk_start`, the last of them), and the
/// rows it printed. Not when the file
/// changed since it was read (another run's parts are there). Failing costs only speed.
fn append(
    file: &Path,
    cache_file: &Path,
    len: usize,
    walk_start: i64,
    notes: &[Kept<'_>],
    changed: &[u32],
    rows: Option<&Rows>,
) -> std::io::Result<()> {
    let mut payload = Vec::with_capacity(changed.len() * 64);
    file_stamp(cache_file).put(&mut payload);
    walk_start.put(&mut payload);
    (changed.len() as u64).put(&mut payload);
    for &at in changed {
        let note = &notes[at as usize];
        at.put(&mut payload);
        note.stamp.put(&mut payload);
        note.walk.put(&mut payload);
        payload.extend_from_slice(&note.lent.to_le_bytes());
        (note.part.len() as u64).put(&mut payload);
        payload.extend_from_slice(&note.part);
    }
    Rows::put(rows, &mut payload);
    crate::cache::append_bytes(file, &segment(&payload)?, Some(len as u64))
}

/// Write `notes` (in path order) and `rows` for `query`, whole. Failing costs only speed.
fn write(
    file: &Path,
    cache_file: &Path,
    query: &str,
    walks: &[i64],
    notes: &[Kept<'_>],
    rows: Option<&Rows>,
) -> std::io::Result<()> {
    let mut body = Vec::with_capacity(notes.len() * 64 + query.len());
    file_stamp(cache_file).put(&mut body);
    put_str(query, &mut body);
    walks.to_vec().put(&mut body);
    (notes.len() as u64).put(&mut body);
    for note in notes {
        let Kept { path, stamp, walk, shape, reach, lent, dated, reads, part } = note;
        put_str(path, &mut body);
        stamp.put(&mut body);
        walk.put(&mut body);
        body.extend_from_slice(&shape.to_le_bytes());
        body.extend_from_slice(&reach.to_le_bytes());
        body.extend_from_slice(&lent.to_le_bytes());
        dated.put(&mut body);
        body.extend_from_slice(reads.0);
        (part.len() as u64).put(&mut body);
        body.extend_from_slice(part);
    }
    Rows::put(rows, &mut body);
    let mut tmp = crate::cache::temp_beside(file)?;
    tmp.write_all(MAGIC)?;
    tmp.write_all(&VERSION.to_le_bytes())?;
    tmp.write_all(&segment(&body)?)?;
    tmp.persist(file).map_err(|e| e.error)?;
    crate::cache::results::evict(file, "kept");
    Ok(())
}

/// Where the notes of `folder` (vault-relative, `""` the root) lie in
/// `paths` (path order): every path that starts with `folder/`.
fn folder_run(paths: &[&str], folder: &str) -> std::ops::Range<usize> {
    if folder.is_empty() {
        return 0..paths.len();
    }
    let prefix = format!("{folder}/");
    let start = paths.partition_point(|p| *p < prefix.as_str());
    start..start + paths[start..].partition_point(|p| p.starts_with(&prefix))
}

/// Whether a vault's problems keep a run from being kept: a kept run prints
/// no problems, so the run it was kept from must have had none to print.
fn has_errors<'a>(mut problems: impl Iterator<Item = &'a crate::diag::Diagnostic>) -> bool {
    problems.any(|p| p.is_error())
}

/// After a whole run of a kept command: keep every note's part for the next
/// run (and where the rows of the JSON it printed, `stdout`, lie, when the
/// result holding it was stored, `sum`), when the parse cache is on, the
/// run printed no problem and the vault holds people.
pub fn store(vault: &Vault, cache_file: &Path, query: &str, keeping: Keeping, stdout: &[u8], sum: Option<u64>) {
    let Keeping { parts, rows } = keeping;
    let Some((stamps, walk)) = &vault.stamps else { return };
    let index = &vault.index;
    if has_errors(vault.problems().iter()) || index.people().next().is_none() || stamps.len() != index.len() {
        return;
    }
    let notes: Vec<&Note> = index.notes().collect();
    if parts.len() != notes.len() || notes.iter().zip(stamps).any(|(note, (path, _))| note.path != *path) {
        return;
    }
    let position: FxHashMap<&NotePath, u32> = notes.iter().zip(0..).map(|(n, at)| (&n.path, at)).collect();
    // Each note's list of what it reads, encoded.
    let reads: Vec<Vec<u8>> = notes
        .par_iter()
        .map(|note| {
            let read: Vec<u32> = index.reads(note).into_iter().filter_map(|p| position.get(p).copied()).collect();
            let mut out = Vec::new();
            Reads::encode(&read, &mut out);
            out
        })
        .collect();
    let kept: Vec<Kept> = notes
        .par_iter()
        .zip(stamps)
        .zip(&reads)
        .zip(parts)
        .map(|(((note, (_, stamp)), reads), part)| Kept {
            path: note.path.as_str(),
            stamp: if walk.settled(stamp) { *stamp } else { UNTRUSTED },
            walk: 0,
            shape: shape(note),
            reach: reach(note),
            lent: lent(note),
            dated: matches!(note.body, NoteBody::Dated(_)),
            reads: Reads(reads),
            part: Cow::Owned(part),
        })
        .collect();
    let rows = sum.zip(rows).and_then(|(sum, rows)| Some(Rows { sum, layout: layout(rows, stdout)? }));
    let _ = write(&file_for(cache_file, query), cache_file, query, &[walk.start], &kept, rows.as_ref());
}

/// Each row's note (`notes`, by position) with the length of its text in
/// `json`, when `json` is an array of as many objects.
fn layout(notes: Vec<u32>, json: &[u8]) -> Option<Vec<(u32, u32)>> {
    let lengths = crate::render::json_rows::item_lengths(json)?;
    (lengths.len() == notes.len()).then(|| notes.into_iter().zip(lengths).collect())
}

/// The run of a kept command from its kept parts, when the vault changed in
/// a way they can follow: it prints to `out`, stores its result (as in
/// vault state `state`) and keeps the parts again, and gives its exit code.
/// `None`: run the whole way (nothing was printed).
pub fn rerun(
    scanned: &Scanned,
    state: &State,
    query: &str,
    today: chrono::NaiveDate,
    keep: &Keep<'_>,
    out: &mut dyn Write,
) -> Option<std::io::Result<u8>> {
    let (cache_file, _) = scanned.state()?;
    let (found, walk) = scanned.stamps()?;
    if has_errors(scanned.problems()) {
        return None;
    }
    // A parse cache due to be written whole is left to a run that reads it.
    let fingerprint = crate::cache::fingerprint(scanned.root(), &scanned.settings().folders);
    if !crate::cache::appendable(cache_file, &fingerprint) {
        return None;
    }
    let file = file_for(cache_file, query);
    let bytes = crate::cache::map(&file).ok()?;
    let File { mut walks, mut notes, rows, len, base } = read(&bytes, query, cache_file)?;
    if found.len() != notes.len() {
        return None;
    }
    // Which notes changed: every note found must be kept, with a trusted stamp or not.
    // Each folder's notes, sorted by name, are found in one pass through
    // the kept notes of that folder: in path order, the run of paths that
    // start with the folder's (its subfolders' notes among them).
    let paths: Vec<&str> = notes.iter().map(|n| n.path).collect();
    let found: Vec<Vec<Option<(u32, Stamp)>>> = found
        .by_folder()
        .into_par_iter()
        .map(|(folder, mut names)| {
            names.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let run = folder_run(&paths, folder);
            let skip = if folder.is_empty() { 0 } else { folder.len() + 1 };
            let mut at = run.start;
            let mut found = Vec::with_capacity(names.len());
            for (name, stamp) in names {
                if !paths.get(at).is_some_and(|p| at < run.end && p[skip..] == *name) {
                    at += paths.get(at..run.end)?.binary_search_by(|p| p[skip..].cmp(name)).ok()?;
                }
                let kept = &notes[at];
                let trusted =
                    kept.stamp == *stamp && walk.trusts(stamp.changed_before(walk.end), walks[kept.walk as usize]);
                found.push((!trusted).then_some((at as u32, *stamp)));
                at += 1;
            }
            Some(found)
        })
        .collect::<Option<_>>()?;
    let changed: Vec<(u32, Stamp)> = found.into_iter().flatten().flatten().collect();
    // Distinct paths, as many as kept: every kept note was found.
    if changed.len() > (notes.len() / 8).max(64) {
        return None;
    }
    let root = scanned.root();
    let folders = &scanned.settings().folders;
    let read_at = |path: &str| read_note(root, NotePath::new(path), folders);
    let fresh: Vec<Note> = changed.par_iter().map(|&(at, _)| read_at(notes[at as usize].path)).collect();
    for (note, &(at, _)) in fresh.iter().zip(&changed) {
        let kept = &notes[at as usize];
        if shape(note) != kept.shape || reach(note) != kept.reach || has_errors(note.problems.iter()) {
            return None;
        }
    }
    // The parse cache takes the changed notes as read, before the index links them.
    let settled: Vec<(&Note, Stamp)> =
        fresh.iter().zip(&changed).filter(|(_, (_, stamp))| walk.settled(stamp)).map(|(n, (_, s))| (n, *s)).collect();
    let _ = crate::cache::append(cache_file, &fingerprint, walk.start, &settled);
    drop(settled);
    // The parts to compute again: the changed notes' and those that read them.
    // Which changes reach other notes' parts: a goal's fields (people's parts
    // read it; a line added to its log reaches none), a dated note's entries
    // (a line without links added reaches none),
    // not a person's (only dated notes read a person, and their parts are
    // empty whatever the index holds: see `Report::KEPT`).
    let mut own = vec![false; notes.len()];
    let mut dirty = vec![false; notes.len()];
    for (note, &(at, _)) in fresh.iter().zip(&changed) {
        own[at as usize] = true;
        let lent = lent(note);
        let kept = &mut notes[at as usize];
        dirty[at as usize] = match note.body {
            NoteBody::Dated(_) | NoteBody::Goal(_) => lent != kept.lent,
            NoteBody::Person(_) => false,
            _ => true,
        };
        // What the next run compares with.
        kept.lent = lent;
    }
    let again: Vec<u32> = (0..notes.len() as u32)
        .filter(|&at| own[at as usize] || notes[at as usize].reads.iter().any(|r| dirty[r]))
        .collect();
    // The notes an index must hold for those parts: theirs, what they read,
    // and what the dated notes among those read (every note their links by a
    // shared name or by path may resolve to: `Index::reads`; a person's own
    // dated notes are left out: they would need theirs in turn).
    let mut wanted = vec![false; notes.len()];
    for &at in &again {
        wanted[at as usize] = true;
        for read in notes[at as usize].reads.iter() {
            wanted[read] = true;
            if notes[read].dated {
                notes[read].reads.iter().for_each(|next| wanted[next] = true);
            }
        }
    }
    // The changed notes were read above (one copy of each: the parse cache
    // may still hold a racy one as it was, under its kept stamp).
    let unchanged: Vec<u32> = (0..notes.len() as u32).filter(|&at| wanted[at as usize] && !own[at as usize]).collect();
    // Many of them (a dated note names people whose dated notes name others):
    // decoded from the parse cache, when reading its megabytes costs less
    // (only their entries, and only the names they hold interned).
    let loaded = std::fs::metadata(cache_file)
        .is_ok_and(|m| unchanged.len() as u64 * READ_NOTE_PER_CACHE_BYTES > m.len())
        .then(|| {
            let paths: FxHashSet<&str> = unchanged.iter().map(|&at| notes[at as usize].path).collect();
            crate::cache::Loaded::read_only(cache_file, &fingerprint, &paths).ok()
        })
        .flatten();
    let read_again: Vec<Note> = unchanged
        .par_iter()
        .map(|&at| {
            let kept = &notes[at as usize];
            let cached = loaded.as_ref().and_then(|l| l.note(&NotePath::new(kept.path), &kept.stamp, &walk));
            cached.unwrap_or_else(|| read_at(kept.path))
        })
        .collect();
    drop(loaded);
    if read_again.iter().any(|note| has_errors(note.problems.iter())) {
        return None;
    }
    let index = Index::from_notes(fresh.into_iter().chain(read_again));
    let settings = keep.settings(scanned.settings());
    let ctx = Ctx { index: &index, settings: &settings, today };
    let parts: Vec<(u32, Vec<u8>)> = again
        .par_iter()
        .filter_map(|&at| {
            let note = index.get(&NotePath::new(notes[at as usize].path))?;
            let mut part = Vec::new();
            keep.report.put_part(&ctx, note, &mut part);
            Some((at, part))
        })
        .collect();
    if parts.len() != again.len() {
        return None;
    }
    // The JSON printed last patched (its rows were made from the parts as
    // read), else every part combined again.
    let paths: Vec<&str> = notes.iter().map(|n| n.path).collect();
    let before: Vec<&[u8]> = notes.iter().map(|n| &*n.part).collect();
    let old =
        rows.as_ref().and_then(|rows| Some((rows, crate::cache::results::stdout_of(cache_file, query, rows.sum)?)));
    let patched = old.as_ref().and_then(|(rows, (old, at))| {
        let again: Vec<(u32, &[u8])> = parts.iter().map(|(at, part)| (*at, part.as_slice())).collect();
        let patch = Patch { old: &old[*at..], rows: &rows.layout, paths: &paths, before: &before, again: &again };
        keep.report.patch_kept(&ctx, keep.args, &patch).map(|rows| (rows, &old[*at..]))
    });
    let printed = match patched {
        Some((Ok(rows), old)) => Print::Patched(rows, old),
        Some((Err(_), _)) => return None,
        None => {
            let mut now = before.clone();
            for (at, part) in &parts {
                now[*at as usize] = part;
            }
            let paths: Vec<NotePath> = paths.iter().map(|p| NotePath::new(*p)).collect();
            let mut rows = None;
            let mut stdout = Vec::new();
            match keep.report.run_kept(&ctx, keep.args, &paths, &now, &mut stdout, &mut rows)? {
                Ok(Ok(())) => {}
                // Refused flags, or output that cannot be written: the whole way says so.
                _ => return None,
            }
            // As the rows: not freed one by one just before the process ends.
            std::mem::forget(paths);
            let layout = rows.and_then(|rows| layout(rows, &stdout));
            Print::Combined(stdout, layout)
        }
    };
    test_log(changed.len(), parts.len(), matches!(printed, Print::Patched(..)));
    drop((paths, before));
    let mut touched: Vec<u32> = parts.iter().map(|(at, _)| *at).collect();
    for (at, part) in parts {
        notes[at as usize].part = Cow::Owned(part);
    }
    // Keep the new stamps, each with this walk.
    let this_walk = walks.len() as u32;
    walks.push(walk.start);
    for (at, stamp) in changed {
        let note = &mut notes[at as usize];
        note.stamp = if walk.settled(&stamp) { stamp } else { UNTRUSTED };
        note.walk = this_walk;
        touched.push(at);
    }
    touched.sort_unstable();
    touched.dedup();
    // The changes are appended, until they come to a quarter of the parts
    // kept whole: then the file is written whole again, with no walk nothing uses.
    let whole = len - base > base / 4 || walks.len() > MAX_WALKS;
    if whole {
        let mut used: Vec<u32> = notes.iter().map(|n| n.walk).collect();
        used.sort_unstable();
        used.dedup();
        let renumber: FxHashMap<u32, u32> = used.iter().zip(0..).map(|(&old, new)| (old, new)).collect();
        notes.iter_mut().for_each(|n| n.walk = renumber[&n.walk]);
        walks = used.iter().map(|&w| walks[w as usize]).collect();
    }
    // Printed (and stored) while the parts are kept again, with the rows printed.
    let (rows_tx, rows_rx) = std::sync::mpsc::channel::<Option<Rows>>();
    let notes = &notes;
    Some(std::thread::scope(|scope| {
        // Owned here: a print that fails (`?`) drops it, so the writer above
        // stops waiting for rows (kept without them) and the scope ends.
        let rows_tx = rows_tx;
        scope.spawn(move || {
            let rows = rows_rx.recv().ok().flatten();
            if whole {
                write(&file, cache_file, query, &walks, notes, rows.as_ref())
            } else {
                append(&file, cache_file, len, walk.start, notes, &touched, rows.as_ref())
            }
        });
        let code = crate::cli::EXIT_OK;
        let (sum, layout) = match printed {
            Print::Patched(rows, old) => {
                let len = if rows.is_empty() { 3 } else { rows.iter().map(|r| r.text_len() + 2).sum::<usize>() + 3 };
                let mut printing = Printing::new(out, cache_file, query, state, len as u64, code)?;
                write_array(&mut printing, rows.iter().map(|row| row.text(old)))?;
                let layout = rows.iter().map(|row| Some((row.note, u32::try_from(row.text_len()).ok()?))).collect();
                (printing.finish()?, layout)
            }
            Print::Combined(stdout, layout) => {
                out.write_all(&stdout)?;
                let printed = Printed { stdout, stderr: Vec::new(), code };
                let sum = printed.sum();
                let stored = crate::cache::results::store(cache_file, query, state, &printed, sum).unwrap_or(false);
                (sum, layout.filter(|_| stored))
            }
        };
        let _ = rows_tx.send(layout.map(|layout| Rows { sum, layout }));
        Ok(code)
    }))
}

/// What a run from kept parts prints: the JSON printed last, patched (its
/// rows in order, and the old text the kept ones lie in), or every part
/// combined (the output, and where its rows lie).
enum Print<'a> {
    Patched(Vec<crate::render::registry::Row>, &'a [u8]),
    Combined(Vec<u8>, Option<Vec<(u32, u32)>>),
}

/// Debug builds (the tests) append what a run from kept parts did to the
/// file `KITH_TEST_KEPT_LOG` names: the notes that changed, the parts
/// computed again, and whether the JSON printed last was patched
/// (`patched`) or every part combined (`combined`). A run the whole way
/// appends nothing.
fn test_log(changed: usize, recomputed: usize, patched: bool) {
    #[cfg(debug_assertions)]
    if let Some(log) = std::env::var_os("KITH_TEST_KEPT_LOG") {
        use std::io::Write;
        if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(log) {
            let how = if patched { "patched" } else { "combined" };
            let _ = writeln!(file, "{changed} {recomputed} {how}");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = (changed, recomputed, patched);
}
