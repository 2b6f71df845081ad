//! The persistent parse cache: each note's parsed form, keyed by its
//! vault-relative path and the file's size, mtime (ns), ctime (ns) and inode,
//! so a restart re-reads only notes that changed.
//!
//! One file per vault, `<dir>/<hash of the canonical vault path>.cache`:
//! magic and format version, then segments, each with its length and a 64-bit
//! checksum. A segment holds a hash of its fingerprint (the kith binary and the
//! parse settings: another build or other `folders` settings read nothing from it),
//! the time the scan that wrote it started, the interned texts its notes use
//! (link names, a person's lists, company and role: each stored and interned
//! once per segment, an id wherever a note uses it; see `codec::text_ids`),
//! the paths it removes and one entry per note (path, stamp, encoded note).
//! The file is mapped, not read into memory, and entries point into it. The first
//! segment holds every note; a run that read a few notes again appends a
//! segment with just those (and the notes gone), later segments winning, and
//! the file is written again whole (temp file, then rename) once the appended
//! segments pass a quarter of the first one. A note is read again when its
//! mtime or ctime lies within `RACY_NS` of any moment from the start of the
//! walk that cached it to the end of this run's walk (git's "racy" rule: it
//! may have changed again within the same timestamp tick after kith read it;
//! see `Walk::trusts`). A time further in the future than that (a clock-skewed
//! file from a sync tool) is not racy: any change before that moment comes
//! sets the file's times to an earlier tick.
//! A missing cache is built silently; one that is truncated, garbled or of
//! another version is rebuilt with a one-line notice, never trusted (see
//! `rebuilt` for one that cannot be written again). A segment that cannot be
//! appended whole (a full disk) is taken back.

pub mod codec;
pub mod results;

use rustc_hash::{FxHashSet, FxHasher};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU32;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::note::Note;
use crate::path::NotePath;
use codec::{put_str, Code, Names, Reader};

const MAGIC: &[u8; 8] = b"KITHPC\x00\x01";
/// Bump when the layout or the encoding of any cached type changes.
const VERSION: u32 = 4;
/// Magic and version.
const HEAD: usize = 12;
/// A segment's length (u32) and checksum (u64).
const SEGMENT_HEAD: usize = 12;
/// A note changed this close to a walk that relied on its stamp is read
/// again: covers file systems with coarse timestamps (FAT: 2 s).
const RACY_NS: i64 = 2_000_000_000;

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub ino: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: meta.size(),
                mtime_ns: meta.mtime().saturating_mul(1_000_000_000).saturating_add(meta.mtime_nsec()),
                ctime_ns: meta.ctime().saturating_mul(1_000_000_000).saturating_add(meta.ctime_nsec()),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime_ns = meta.modified().ok().map_or(0, |t| nanos_since_epoch(t));
            Stamp { size: meta.len(), mtime_ns, ctime_ns: 0, ino: 0 }
        }
    }

    /// The newest of the file's times (mtime, ctime) that is not beyond the
    /// racy window of a walk that ended at `end`, `i64::MIN` when both are:
    /// when the file last changed, as far as the racy rule is concerned. The
    /// ctime counts because an edit whose mtime was put back (`touch -m -d`,
    /// a sync tool) still sets it to now; a time further in the future is left
    /// out (see `Walk`).
    pub fn changed_before(&self, end: i64) -> i64 {
        let horizon = end.saturating_add(RACY_NS);
        [self.mtime_ns, self.ctime_ns].into_iter().filter(|&t| t <= horizon).max().unwrap_or(i64::MIN)
    }
}

/// When a walk that stamped notes ran: the clock read before its first stat
/// and after its last. A stamp taken by one walk (`first`) may be trusted by a
/// later one (`self`) only when neither of the file's times lies within
/// `RACY_NS` of any moment in between: from `first.start` to `self.end`. A
/// change in that span sets the file's ctime (and mtime, unless it is put
/// back) to that moment's tick, so a time clear of the span, older or newer,
/// tells that no change went unseen; a time inside it may be the tick of a
/// second change that kept the stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walk {
    pub start: i64,
    pub end: i64,
}

impl Walk {
    /// The clock now, for a walk's start or end. Debug builds (the tests) add
    /// `KITH_TEST_CLOCK_AHEAD` seconds to it, as if kith ran that much later
    /// than the notes were written: a test cannot put a file's ctime back, so
    /// it moves the clock instead. Release builds never read the variable.
    pub fn now() -> i64 {
        let now = nanos_since_epoch(SystemTime::now());
        #[cfg(debug_assertions)]
        if let Some(ahead) = std::env::var("KITH_TEST_CLOCK_AHEAD").ok().and_then(|s| s.parse::<i64>().ok()) {
            return now.saturating_add(ahead.saturating_mul(1_000_000_000));
        }
        now
    }

    /// Whether this walk may trust a stamp cached by a walk that started at
    /// `first_start`, the file's `changed_before` this walk's end being `changed`.
    pub fn trusts(&self, changed: i64, first_start: i64) -> bool {
        changed.saturating_add(RACY_NS) <= first_start
    }

    /// Whether `stamp`, taken by this walk, is worth caching: a later walk trusts it.
    pub fn settled(&self, stamp: &Stamp) -> bool {
        self.trusts(stamp.changed_before(self.end), self.start)
    }
}

/// Stored field by field, as the parse cache, the stored results and the
/// kept parts each hold stamps.
impl Code for Stamp {
    fn put(&self, out: &mut Vec<u8>) {
        let Stamp { size, mtime_ns, ctime_ns, ino } = *self;
        size.put(out);
        mtime_ns.put(out);
        ctime_ns.put(out);
        ino.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Stamp { size: Code::get(r)?, mtime_ns: Code::get(r)?, ctime_ns: Code::get(r)?, ino: Code::get(r)? })
    }
}

fn nanos_since_epoch(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Where a vault's cache lives: `dir/<hash of the canonical vault path>.cache`.
pub fn file_for(dir: &Path, root: &Path) -> PathBuf {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut h = FxHasher::default();
    h.write(canonical.as_os_str().as_encoded_bytes());
    dir.join(format!("{:016x}.cache", h.finish()))
}

/// What a cache must match to be used: this kith binary, this vault and its parse settings.
pub fn fingerprint(root: &Path, settings: &impl std::fmt::Debug) -> String {
    let exe = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok()).map(|m| Stamp::of(&m));
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    format!("kith {} {exe:?}\n{}\n{settings:?}", env!("CARGO_PKG_VERSION"), canonical.display())
}

/// A cache read from disk: each note's stamp and where its encoding starts.
pub struct Loaded {
    buf: Bytes,
    segments: Vec<Segment>,
    /// By path (the path's text is read from `buf`, not copied).
    entries: hashbrown::HashTable<Entry>,
    /// Bytes of the first segment, and of the segments appended after it.
    base_bytes: usize,
    appended_bytes: usize,
}

/// What a segment's entries are read with.
struct Segment {
    scan_start_ns: i64,
    /// The interned id of each name id the writer used (`u32::MAX`: unused;
    /// `Names::NOT_YET`: interned on first use, from its span in `spans`).
    names: Vec<AtomicU32>,
    spans: Vec<(usize, u32)>,
}

/// Which entries a read keeps: every one, or those of a few paths (their
/// segments' names then interned as the notes are decoded, not all at once).
#[derive(Clone, Copy)]
enum Reading<'a> {
    All,
    Only(&'a FxHashSet<&'a str>),
}

struct Entry {
    /// Where the path's text is in `buf`.
    path_start: usize,
    path_len: u32,
    segment: u32,
    stamp: Stamp,
    /// Where the note's encoding is in `buf`.
    start: usize,
    len: usize,
}

fn hash_path(path: &[u8]) -> u64 {
    std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, path)
}

/// Why a cache was not used.
pub enum Unusable {
    /// No cache yet, or settings changed: built again without a word.
    Quietly,
    /// Truncated, garbled, of another version or unreadable: what is wrong
    /// with it (`the cache X is garbled`), for `rebuilt` to word the notice.
    Notice(String),
}

/// The one line on a cache that could not be used (`problem`, from
/// `Unusable::Notice`), once writing a new one gave `written`: rebuilt; or,
/// when no new one can be written (a full disk), removed, so the next runs
/// read every note without a word, as where no cache can be kept; or, when it
/// cannot be removed either (a folder kith cannot write), left, and said so
/// on each run that needs it until its folder is fixed.
pub fn rebuilt(file: &Path, problem: &str, written: std::io::Result<()>) -> String {
    match written {
        Ok(()) => format!("kith: {problem}; rebuilding it"),
        Err(err) => {
            let err = plain(&err);
            match std::fs::remove_file(file) {
                Ok(()) => format!("kith: {problem}; removed it, as no new one can be written ({err})"),
                Err(_) => format!("kith: {problem}, and cannot replace it ({err}); running without it"),
            }
        }
    }
}

/// An error as the system words it, without the temporary file's name
/// `tempfile` adds (that file is gone by the time it is said).
pub(crate) fn plain(err: &std::io::Error) -> String {
    err.raw_os_error()
        .map_or_else(|| err.kind().to_string(), |code| std::io::Error::from_raw_os_error(code).to_string())
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// What one segment's payload failed on.
enum Bad {
    Garbled,
    /// Written for another build or other settings.
    Foreign,
}

impl Loaded {
    pub fn read(file: &Path, fingerprint: &str) -> Result<Loaded, Unusable> {
        Loaded::read_as(file, fingerprint, Reading::All)
    }

    /// The cache with only the entries of `paths` (others are not there, as
    /// if never cached): for a run that needs a few notes of a big vault.
    pub fn read_only(file: &Path, fingerprint: &str, paths: &FxHashSet<&str>) -> Result<Loaded, Unusable> {
        Loaded::read_as(file, fingerprint, Reading::Only(paths))
    }

    fn read_as(file: &Path, fingerprint: &str, reading: Reading) -> Result<Loaded, Unusable> {
        let buf = match read_locked(file) {
            Ok(buf) => buf,
            // No cache there, nor can there be one (a file where its folder
            // should be): the run reads every note, and writing one fails quietly.
            Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
                return Err(Unusable::Quietly)
            }
            Err(e) => return Err(Unusable::Notice(format!("cannot read the cache {}: {e}", file.display()))),
        };
        let bad = |why: &str| Unusable::Notice(format!("the cache {} is {why}", file.display()));
        if buf.len() < HEAD + SEGMENT_HEAD || &buf[..8] != MAGIC {
            return Err(bad("not a kith cache or truncated"));
        }
        let version = u32::from_le_bytes(buf[8..12].try_into().unwrap_or_default());
        if version != VERSION {
            return Err(bad("from another version of kith"));
        }
        let mut loaded = Loaded {
            buf: Bytes::Empty,
            segments: Vec::new(),
            entries: hashbrown::HashTable::new(),
            base_bytes: 0,
            appended_bytes: 0,
        };
        let mut at = HEAD;
        while at < buf.len() {
            let Some(head) = buf.get(at..at + SEGMENT_HEAD) else { return Err(bad("truncated or damaged")) };
            let len = u32::from_le_bytes(head[..4].try_into().unwrap_or_default()) as usize;
            let sum = u64::from_le_bytes(head[4..].try_into().unwrap_or_default());
            let start = at + SEGMENT_HEAD;
            let Some(payload) = buf.get(start..start + len) else { return Err(bad("truncated or damaged")) };
            if checksum(payload) != sum {
                return Err(bad("truncated or damaged"));
            }
            let first = at == HEAD;
            match loaded.add_segment(&buf, start..start + len, fingerprint, reading) {
                Ok(()) => {}
                Err(Bad::Foreign) if first => return Err(Unusable::Quietly),
                // Appended by a run with other settings: its notes are read again.
                Err(Bad::Foreign) => {}
                Err(Bad::Garbled) => return Err(bad("garbled")),
            }
            if first {
                loaded.base_bytes = SEGMENT_HEAD + len;
            } else {
                loaded.appended_bytes += SEGMENT_HEAD + len;
            }
            at = start + len;
        }
        loaded.buf = buf;
        Ok(loaded)
    }

    /// Read one segment's payload, at `range` in the file `buf`.
    fn add_segment(
        &mut self,
        buf: &[u8],
        range: std::ops::Range<usize>,
        fingerprint: &str,
        reading: Reading,
    ) -> Result<(), Bad> {
        let offset = range.start;
        let payload = &buf[range];
        let mut r = Reader::new(payload);
        let garbled = || Bad::Garbled;
        if r.bytes(8).ok_or(Bad::Garbled)? != checksum(fingerprint.as_bytes()).to_le_bytes() {
            return Err(Bad::Foreign);
        }
        let scan_start_ns = i64::get(&mut r).ok_or_else(garbled)?;
        let count = u64::get(&mut r).ok_or_else(garbled)? as usize;
        // A used name is its length plus one, then its text; 0 is an unused id.
        // Each id's text as (start in `buf`, length), `None` when unused.
        let mut spans: Vec<Option<(usize, u32)>> = Vec::with_capacity(count.min(r.buf.len()));
        let mut texts: Vec<&str> = Vec::new();
        let at = |r: &Reader| offset + payload.len() - r.buf.len();
        for _ in 0..count {
            spans.push(match u64::get(&mut r).ok_or_else(garbled)? {
                0 => None,
                n => {
                    let len = u32::try_from(n - 1).map_err(|_| Bad::Garbled)?;
                    let start = at(&r);
                    let text =
                        std::str::from_utf8(r.bytes(len as usize).ok_or_else(garbled)?).map_err(|_| Bad::Garbled)?;
                    if let Reading::All = reading {
                        texts.push(text);
                    }
                    Some((start, len))
                }
            });
        }
        let (names, spans): (Vec<AtomicU32>, _) = match reading {
            // Tens of thousands of names (every person a link names) interned at once.
            Reading::All => {
                let mut ids = crate::note::names::intern_texts(&texts).into_iter();
                let names = spans
                    .iter()
                    .map(|span| AtomicU32::new(span.and_then(|_| ids.next()).map_or(u32::MAX, |id| id.index() as u32)))
                    .collect();
                (names, Vec::new())
            }
            Reading::Only(_) => (
                spans
                    .iter()
                    .map(|span| AtomicU32::new(if span.is_some() { Names::NOT_YET } else { u32::MAX }))
                    .collect(),
                spans.into_iter().map(Option::unwrap_or_default).collect(),
            ),
        };
        let removed = u64::get(&mut r).ok_or_else(garbled)?;
        for _ in 0..removed {
            let path = r.str().ok_or_else(garbled)?;
            if let Ok(entry) =
                self.entries.find_entry(hash_path(path.as_bytes()), |e| path_bytes(buf, e) == path.as_bytes())
            {
                entry.remove();
            }
        }
        let segment = u32::try_from(self.segments.len()).map_err(|_| Bad::Garbled)?;
        let count = u64::get(&mut r).ok_or_else(garbled)? as usize;
        self.entries.reserve(count.min(r.buf.len()), |e| hash_path(path_bytes(buf, e)));
        for _ in 0..count {
            let path_len = usize::try_from(u64::get(&mut r).ok_or_else(garbled)?).map_err(|_| Bad::Garbled)?;
            let path_start = at(&r);
            let path = std::str::from_utf8(r.bytes(path_len).ok_or_else(garbled)?).map_err(|_| Bad::Garbled)?;
            let stamp = Stamp::get(&mut r).ok_or_else(garbled)?;
            let len = u64::get(&mut r).ok_or_else(garbled)? as usize;
            let start = at(&r);
            r.bytes(len).ok_or_else(garbled)?;
            let path_len = u32::try_from(path_len).map_err(|_| Bad::Garbled)?;
            if let Reading::Only(paths) = reading {
                if !paths.contains(path) {
                    continue;
                }
            }
            let entry = Entry { path_start, path_len, segment, stamp, start, len };
            let hash = hash_path(path.as_bytes());
            match self.entries.find_mut(hash, |e| path_bytes(buf, e) == path.as_bytes()) {
                Some(old) => *old = entry,
                None => {
                    self.entries.insert_unique(hash, entry, |e| hash_path(path_bytes(buf, e)));
                }
            }
        }
        if !r.buf.is_empty() {
            return Err(Bad::Garbled);
        }
        self.segments.push(Segment { scan_start_ns, names, spans });
        Ok(())
    }

    fn entry(&self, path: &str) -> Option<&Entry> {
        self.entries.find(hash_path(path.as_bytes()), |e| path_bytes(&self.buf, e) == path.as_bytes())
    }

    /// The cached note at `path` when the file still has `stamp` and no time
    /// of it is racy between the walk that cached it and this one (`walk`);
    /// `None` means read it.
    pub fn note(&self, path: &NotePath, stamp: &Stamp, walk: &Walk) -> Option<Note> {
        let entry = self.entry(path.as_str())?;
        let segment = &self.segments[entry.segment as usize];
        if entry.stamp != *stamp || !walk.trusts(stamp.changed_before(walk.end), segment.scan_start_ns) {
            return None;
        }
        let names = Names { ids: &segment.names, spans: &segment.spans, file: &self.buf };
        let mut r = Reader { buf: &self.buf[entry.start..entry.start + entry.len], names };
        codec::get_note(path.clone(), &mut r).filter(|_| r.buf.is_empty())
    }

    /// Whether the cache holds an entry (of any stamp) for `path`.
    pub fn holds(&self, path: &str) -> bool {
        self.entry(path).is_some()
    }

    /// The paths the cache holds.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| entry_path(&self.buf, e))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn path_bytes<'b>(buf: &'b [u8], entry: &Entry) -> &'b [u8] {
    buf.get(entry.path_start..entry.path_start + entry.path_len as usize).unwrap_or_default()
}

/// The path of `entry` (checked as UTF-8 when the entry was read).
fn entry_path<'b>(buf: &'b [u8], entry: &Entry) -> &'b str {
    std::str::from_utf8(path_bytes(buf, entry)).unwrap_or_default()
}

/// The cache file's bytes: mapped, not copied (90 MB on a 100k vault: a copy
/// cost the kernel's copy and a fault for each fresh page of the copy).
pub(crate) enum Bytes {
    Empty,
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Empty => &[],
            Bytes::Mapped(map) => map,
        }
    }
}

/// A file kith only ever replaces whole (a stored result, kept parts), mapped.
pub(crate) fn map(file: &Path) -> std::io::Result<Bytes> {
    let f = std::fs::File::open(file)?;
    if f.metadata()?.len() == 0 {
        return Ok(Bytes::Empty);
    }
    // SAFETY: as in `read_locked`: a new file renamed over this one leaves
    // the mapping on the old one.
    let map = unsafe { memmap2::Mmap::map(&f)? };
    Ok(Bytes::Mapped(map))
}

/// The whole file, mapped under a shared lock (an appending run holds an
/// exclusive one, so no half-written segment is mapped).
fn read_locked(file: &Path) -> std::io::Result<Bytes> {
    let f = std::fs::File::open(file)?;
    let _ = fs4::fs_std::FileExt::lock_shared(&f);
    if f.metadata()?.len() == 0 {
        return Ok(Bytes::Empty);
    }
    // SAFETY: kith never changes a cache file's bytes in place: a run replaces
    // the whole file (a new file renamed over it, which leaves this mapping
    // on the old one) or appends past the length mapped here (and takes back
    // a half-written append, past it too). Only a process outside kith
    // truncating the file while it is read could make the mapping fail
    // (SIGBUS), as with any program that maps its input.
    let map = unsafe { memmap2::Mmap::map(&f)? };
    // The mapping holds the open file, and with it the lock: released here, or
    // this run could not append to the cache it read (`update`).
    let _ = fs4::fs_std::FileExt::unlock(&f);
    Ok(Bytes::Mapped(map))
}

/// One segment, its length and checksum first: `notes` (each with the stamp
/// taken before reading it) and the `removed` paths.
fn segment(
    fingerprint: &str,
    scan_start_ns: i64,
    notes: &[(&Note, Stamp)],
    removed: &[&str],
) -> std::io::Result<Vec<u8>> {
    use rayon::prelude::*;
    // The name ids these notes use, and each one's text.
    let max = notes
        .par_iter()
        .filter_map(|(note, _)| {
            let mut max = None;
            codec::text_ids(note, |id| max = max.max(Some(id.index())));
            max
        })
        .max();
    let mut used = vec![None; max.map_or(0, |m| m + 1)];
    for (note, _) in notes {
        codec::text_ids(note, |id| used[id.index()] = Some(id));
    }
    let chunks: Vec<Vec<u8>> = notes
        .par_chunks(512)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 1024);
            let mut body = Vec::with_capacity(4096);
            for (note, stamp) in chunk {
                put_str(note.path.as_str(), &mut out);
                stamp.put(&mut out);
                body.clear();
                codec::put_note(note, &mut body);
                (body.len() as u64).put(&mut out);
                out.extend_from_slice(&body);
            }
            out
        })
        .collect();
    let mut payload = Vec::with_capacity(chunks.iter().map(Vec::len).sum::<usize>() + fingerprint.len() + 64);
    payload.extend_from_slice(&checksum(fingerprint.as_bytes()).to_le_bytes());
    scan_start_ns.put(&mut payload);
    (used.len() as u64).put(&mut payload);
    for id in &used {
        if let Some(id) = id {
            let text = id.text();
            (text.len() as u64 + 1).put(&mut payload);
            payload.extend_from_slice(text.as_bytes());
        } else {
            payload.push(0);
        }
    }
    (removed.len() as u64).put(&mut payload);
    for path in removed {
        put_str(path, &mut payload);
    }
    (notes.len() as u64).put(&mut payload);
    let mut out = Vec::with_capacity(SEGMENT_HEAD + payload.len() + chunks.iter().map(Vec::len).sum::<usize>());
    let len = payload.len() + chunks.iter().map(Vec::len).sum::<usize>();
    let len = u32::try_from(len).map_err(|_| std::io::Error::other("cache segment over 4 GB"))?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&payload);
    drop(payload);
    for chunk in &chunks {
        out.extend_from_slice(chunk);
    }
    drop(chunks);
    let sum = checksum(&out[SEGMENT_HEAD..]);
    out[4..SEGMENT_HEAD].copy_from_slice(&sum.to_le_bytes());
    Ok(out)
}

/// Write the whole cache atomically (a temporary file renamed over the old one).
/// `notes` are the notes as read, each with the stamp taken before reading it.
pub fn write(file: &Path, fingerprint: &str, scan_start_ns: i64, notes: &[(&Note, Stamp)]) -> std::io::Result<()> {
    let segment = segment(fingerprint, scan_start_ns, notes, &[])?;
    let mut tmp = temp_beside(file)?;
    let mut head = Vec::with_capacity(HEAD);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&VERSION.to_le_bytes());
    std::io::Write::write_all(&mut tmp, &head)?;
    std::io::Write::write_all(&mut tmp, &segment)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file beside `file`, to write it whole and rename it over
/// `file` (its folder made if need be). Named after `file`
/// (`.NAME.XXXXXX.tmp`), so that those a killed run left behind (as big as
/// the file each) are removed here once they are older than any write takes.
pub(crate) fn temp_beside(file: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let prefix = format!(".{}.", file.file_name().and_then(|n| n.to_str()).unwrap_or("kith"));
    if let Ok(entries) = std::fs::read_dir(dir) {
        let stale = SystemTime::now() - std::time::Duration::from_secs(3600);
        for entry in entries.filter_map(Result::ok) {
            let ours = entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".tmp"));
            if ours && entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < stale) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    tempfile::Builder::new().prefix(&prefix).suffix(".tmp").tempfile_in(dir)
}

/// Bring the cache `loaded` was read from up to date with the notes read
/// again (`read`) and the paths gone (`removed`): a segment appended to it,
/// or the whole file written again (`all`: every note) once the appended
/// segments would pass a quarter of the first one.
pub fn update(
    file: &Path,
    loaded: &Loaded,
    fingerprint: &str,
    scan_start_ns: i64,
    read: &[(&Note, Stamp)],
    removed: &[&str],
    all: &[(&Note, Stamp)],
) -> std::io::Result<()> {
    let appended = segment(fingerprint, scan_start_ns, read, removed)?;
    if loaded.appended_bytes + appended.len() > loaded.base_bytes / 4 {
        return write(file, fingerprint, scan_start_ns, all);
    }
    append_bytes(file, &appended, None)
}

/// Append a segment's bytes; half a segment (a full disk) is taken back:
/// the cache stays as it was.
/// Append `segment` to `file` under an exclusive lock (and nothing when
/// the file is no longer `expected` bytes long); half a segment (a full disk)
/// is taken back.
pub(crate) fn append_bytes(file: &Path, segment: &[u8], expected: Option<u64>) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().append(true).open(file)?;
    fs4::fs_std::FileExt::lock_exclusive(&f)?;
    let len = f.metadata()?.len();
    if expected.is_some_and(|expected| expected != len) {
        return Ok(());
    }
    std::io::Write::write_all(&mut f, segment).inspect_err(|_| {
        let _ = f.set_len(len);
    })
}

/// Whether the parse cache `file` (of this `fingerprint`) may take another
/// appended segment without reading it: its first segment is this build's
/// and the appended ones are still under a quarter of it (past that, a run
/// that reads the cache writes it again whole: see `update`).
pub fn appendable(file: &Path, fingerprint: &str) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(file) else { return false };
    let mut head = [0u8; HEAD + SEGMENT_HEAD + 8];
    if f.read_exact(&mut head).is_err() || &head[..8] != MAGIC || head[8..HEAD] != VERSION.to_le_bytes() {
        return false;
    }
    let base = SEGMENT_HEAD as u64 + u64::from(u32::from_le_bytes(head[HEAD..HEAD + 4].try_into().unwrap_or_default()));
    let ours = head[HEAD + SEGMENT_HEAD..] == checksum(fingerprint.as_bytes()).to_le_bytes();
    let Ok(len) = f.metadata().map(|m| m.len()) else { return false };
    ours && len >= HEAD as u64 + base && len - HEAD as u64 - base <= base / 4
}

/// Append a segment of `notes` (read by a walk that started at
/// `scan_start_ns`; each settled) to the parse cache `file` without reading
/// it (see `appendable`); half a segment (a full disk) is taken back.
pub fn append(file: &Path, fingerprint: &str, scan_start_ns: i64, notes: &[(&Note, Stamp)]) -> std::io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    append_bytes(file, &segment(fingerprint, scan_start_ns, notes, &[])?, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1_000_000_000;
    const HOUR: i64 = 3600 * SECOND;

    fn stamp(mtime_ns: i64, ctime_ns: i64) -> Stamp {
        Stamp { size: 10, mtime_ns, ctime_ns, ino: 1 }
    }

    fn walk_at(start: i64) -> Walk {
        Walk { start, end: start + SECOND / 10 }
    }

    /// An edit whose mtime was put back still sets the ctime: it is racy by it.
    #[test]
    fn a_recent_ctime_makes_an_old_mtime_racy() {
        let now = 1_800_000_000 * SECOND;
        let walk = walk_at(now);
        assert!(walk.settled(&stamp(now - HOUR, now - HOUR)));
        assert!(!walk.settled(&stamp(now - HOUR, now - SECOND)), "ctime a second before the walk");
        assert!(!walk.settled(&stamp(now - HOUR, now + SECOND / 20)), "ctime during the walk");
        assert!(!walk.settled(&stamp(now - SECOND, now - HOUR)), "mtime a second before the walk");
    }

    /// A time further in the future than the racy window of every walk from
    /// the one that cached a stamp to this one is not racy; one that came
    /// near or passed between them is.
    #[test]
    fn a_time_in_the_future_is_racy_only_once_it_comes_near() {
        let now = 1_800_000_000 * SECOND;
        let skewed = stamp(now + HOUR, now - HOUR);
        let first = walk_at(now);
        assert!(first.settled(&skewed));
        let trusted = |later: Walk| later.trusts(skewed.changed_before(later.end), first.start);
        assert!(trusted(walk_at(now + HOUR / 2)), "half an hour later, still in the future");
        assert!(!trusted(walk_at(now + HOUR - SECOND)), "a second before that time");
        assert!(!trusted(walk_at(now + 2 * HOUR)), "that time came between the two walks");
        assert!(walk_at(now + 2 * HOUR).settled(&skewed), "cached again after it, it is trusted");
        let clock_set_back = stamp(now - HOUR, now + HOUR);
        assert!(first.settled(&clock_set_back), "a ctime in the future (the clock was set back)");
    }

    /// A folder for a cache file, a note's stamp and a walk an hour after it.
    fn fixture() -> (tempfile::TempDir, Stamp, Walk) {
        (tempfile::tempdir().unwrap(), Stamp { size: 10, mtime_ns: 1, ctime_ns: 1, ino: 7 }, walk_at(HOUR))
    }

    fn note(path: &str, text: &str) -> Note {
        crate::note::parse_note(NotePath::new(path), text, &crate::config::Settings::default().folders)
    }

    /// Every interned text a note holds goes through the segment's table of
    /// names: a text missing from it would fail the note's decoding, and the
    /// note would be read again on every run without anything else showing it.
    #[test]
    fn every_interned_text_is_restored_from_the_segments_table_of_names() {
        let notes = [
            note(
                "people/Ada.md",
                "---\ntype: person\naliases: [Countess, Ada L]\ntags: [maths, speaking]\ncircles: [london]\n\
                 interests: [poetry, horses]\ngoals: [\"[[Ship it]]\", Write more]\nintroduced_by: \"[[Bo Li]]\"\n\
                 company: Analytical Engines\nrole: CTO\n---\n\
                 ## Log\n- 2026-10-03 Coffee with [[Bo Li]] and [[Cy|Cyrus]] #gave #other\n- 2026-10-05 #win [[Ship it]]\n",
            ),
            note("goals/Ship it.md", "---\ntype: goal\ntarget: 3\n---\n## Log\n- 2026-10-01 with [[Ada]]\n"),
            note("reviews/2026-W48.md", "---\ntype: review\ndate: 2026-11-27\npicks: [\"[[Ada]]\", \"[[Bo Li]]\"]\n---\n"),
            note("daily/2026-11-02.md", "- lunch with [[Ada]] #gave\n"),
            // A person by folder alone, and one by tag.
            note("people/Dee.md", "---\nrole: Engineer at Large\n---\n"),
            note("notes/Cy.md", "---\ntags: [contact]\n---\n"),
        ];
        let person = notes[0].person().expect("a person");
        assert!(person.tags.len() == 2 && person.goals.len() == 2 && person.introduced_by.len() == 1);
        assert!(person.company.is_some() && person.role.is_some());
        assert!(notes[4].person().is_some() && notes[5].person().is_some());
        let (dir, stamp, walk) = fixture();
        let file = dir.path().join("v.cache");
        let stamped: Vec<(&Note, Stamp)> = notes.iter().map(|n| (n, stamp)).collect();
        write(&file, "fp", HOUR, &stamped).unwrap();
        let loaded = Loaded::read(&file, "fp").ok().expect("the cache just written");
        assert_eq!(loaded.len(), notes.len());
        for original in &notes {
            let restored = loaded.note(&original.path, &stamp, &walk);
            assert_eq!(restored.as_ref(), Some(original), "{}", original.path.as_str());
        }
        // Paths are read from the file itself.
        let mut paths: Vec<&str> = loaded.paths().collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            [
                "daily/2026-11-02.md",
                "goals/Ship it.md",
                "notes/Cy.md",
                "people/Ada.md",
                "people/Dee.md",
                "reviews/2026-W48.md"
            ]
        );
        assert!(loaded.holds("people/Ada.md") && !loaded.holds("people/Bo Li.md"));
    }

    /// A run killed while writing the cache leaves its temporary file (as big
    /// as the cache); the next write removes it once it is an hour old, and
    /// leaves a younger one (another run may be writing it).
    #[test]
    fn a_temporary_file_left_by_a_killed_write_is_removed_by_a_later_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("v.cache");
        let left = dir.path().join(".v.cache.AbCdEf.tmp");
        let writing = dir.path().join(".v.cache.GhIjKl.tmp");
        let other = dir.path().join(".w.cache.MnOpQr.tmp");
        for path in [&left, &writing, &other] {
            std::fs::write(path, "half a cache").unwrap();
        }
        let two_hours_ago = SystemTime::now() - std::time::Duration::from_secs(7200);
        for path in [&left, &other] {
            std::fs::File::options().write(true).open(path).unwrap().set_modified(two_hours_ago).unwrap();
        }
        let ada = note("people/Ada.md", "---\ntype: person\n---\n");
        write(&file, "fp", HOUR, &[(&ada, Stamp::default())]).unwrap();
        assert!(Loaded::read(&file, "fp").is_ok());
        assert!(!left.exists(), "left by a killed run");
        assert!(writing.exists() && other.exists(), "being written, or another file's");
        let names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    /// Later segments win over earlier ones, and a segment's removed paths leave.
    #[test]
    fn appended_segments_replace_and_remove_entries() {
        let (dir, stamp, walk) = fixture();
        let file = dir.path().join("v.cache");
        let ada = note("people/Ada.md", "---\ntype: person\n---\n## Log\n- 2026-10-03 with [[Bo]]\n");
        let bo = note("people/Bo.md", "---\ntype: person\n---\n");
        // Enough notes that one more is appended, not the whole file written again.
        let others: Vec<Note> = (0..40).map(|i| note(&format!("people/P{i}.md"), "---\ntype: person\n---\n")).collect();
        let mut all = vec![(&ada, stamp), (&bo, stamp)];
        all.extend(others.iter().map(|n| (n, stamp)));
        write(&file, "fp", HOUR, &all).unwrap();
        let first = Loaded::read(&file, "fp").ok().unwrap();
        let first_len = std::fs::metadata(&file).unwrap().len();
        let edited = note("people/Ada.md", "---\ntype: person\n---\n## Log\n- 2026-11-03 with [[Cy]]\n");
        let newer = Stamp { size: 11, ..stamp };
        update(&file, &first, "fp", HOUR, &[(&edited, newer)], &["people/Bo.md"], &[]).unwrap();
        drop(first);
        assert!(std::fs::read(&file).unwrap().len() as u64 > first_len, "a segment was appended");
        let loaded = Loaded::read(&file, "fp").ok().unwrap();
        assert_eq!(loaded.len(), 41);
        assert!(loaded.note(&ada.path, &stamp, &walk).is_none(), "the old version's stamp no longer matches");
        assert_eq!(loaded.note(&ada.path, &newer, &walk).as_ref(), Some(&edited));
        assert!(!loaded.holds("people/Bo.md"));
    }

    /// A read of a few paths holds those (as a whole read decodes them, the
    /// newest segment's version, their names interned as they are decoded)
    /// and no other.
    #[test]
    fn a_read_of_some_paths_holds_those_alone() {
        let (dir, stamp, walk) = fixture();
        let file = dir.path().join("v.cache");
        let people: Vec<Note> = (0..40)
            .map(|i| {
                let text = format!(
                    "---\ntype: person\ntags: [t{i}, shared]\ncompany: Co {i}\n---\n## Log\n- 2026-10-0{} with [[P{}]] and [[Zed {i}]]\n",
                    1 + i % 9,
                    (i + 1) % 40
                );
                note(&format!("people/P{i}.md"), &text)
            })
            .collect();
        let stamped: Vec<(&Note, Stamp)> = people.iter().map(|n| (n, stamp)).collect();
        write(&file, "fp", HOUR, &stamped).unwrap();
        // A later segment holds a newer version of one asked path and of one other.
        let edited =
            note("people/P3.md", "---\ntype: person\ntags: [new tag]\n---\n## Log\n- 2026-11-03 with [[Newcomer]]\n");
        let other = note("people/P4.md", "---\ntype: person\n---\n");
        let newer = Stamp { size: 11, ..stamp };
        let first = Loaded::read(&file, "fp").ok().unwrap();
        update(&file, &first, "fp", HOUR, &[(&edited, newer), (&other, newer)], &[], &[]).unwrap();
        drop(first);
        let asked: FxHashSet<&str> =
            ["people/P1.md", "people/P3.md", "people/P7.md", "people/Gone.md"].into_iter().collect();
        let some = Loaded::read_only(&file, "fp", &asked).ok().expect("the cache just written");
        let all = Loaded::read(&file, "fp").ok().unwrap();
        assert_eq!(some.len(), 3);
        for path in ["people/P1.md", "people/P7.md"] {
            let path = NotePath::new(path);
            let read = some.note(&path, &stamp, &walk);
            assert!(read.is_some(), "{}", path.as_str());
            assert_eq!(read, all.note(&path, &stamp, &walk));
            assert_eq!(read.as_ref(), people.iter().find(|p| p.path == path));
        }
        assert_eq!(some.note(&edited.path, &newer, &walk).as_ref(), Some(&edited));
        assert!(some.note(&edited.path, &stamp, &walk).is_none(), "the older version's stamp");
        for path in ["people/P0.md", "people/P4.md", "people/Gone.md"] {
            assert!(!some.holds(path), "{path}");
        }
    }
}
