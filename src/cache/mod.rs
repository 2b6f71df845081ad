//! The persistent parse cache: each note's parsed form, keyed by its
//! vault-relative path and the file's size, mtime (ns), ctime (ns) and inode,
//! so a restart re-reads only notes that changed.
//!
//! One file per vault, `<dir>/<hash of the canonical vault path>.cache`:
//! magic, format version, a 64-bit checksum and length of the rest, then a
//! fingerprint (the kith binary and the parse settings: another build or other
//! `folders` settings read nothing from it), the time the scan that wrote it
//! started, and one entry per note (path, stamp, encoded note). A note whose
//! mtime is within `RACY_NS` of that time is read again (git's "racy" rule: it
//! may have changed again within the same timestamp tick after kith read it).
//! A missing cache is built silently; one that is truncated, garbled or of
//! another version is rebuilt with a one-line notice, never trusted.

pub mod codec;
pub mod results;

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::note::Note;
use crate::path::NotePath;
use codec::{put_str, Code, Reader};

const MAGIC: &[u8; 8] = b"KITHPC\x00\x01";
/// Bump when the encoding of any cached type changes.
const VERSION: u32 = 1;
/// A note modified this close to (or after) the scan start is read again:
/// covers file systems with coarse timestamps (FAT: 2 s).
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
    buf: Vec<u8>,
    scan_start_ns: i64,
    entries: FxHashMap<Box<str>, (Stamp, usize, usize)>,
}

/// Why a cache was not used.
pub enum Unusable {
    /// No cache yet, or settings changed: built again without a word.
    Quietly,
    /// Truncated, garbled or of another version: rebuilt with this notice.
    Notice(String),
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

impl Loaded {
    pub fn read(file: &Path, fingerprint: &str) -> Result<Loaded, Unusable> {
        let buf = match std::fs::read(file) {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unusable::Quietly),
            Err(e) => {
                return Err(Unusable::Notice(format!(
                    "kith: cannot read the cache {}: {e}; rebuilding it",
                    file.display()
                )))
            }
        };
        let bad = |why: &str| Unusable::Notice(format!("kith: the cache {} is {why}; rebuilding it", file.display()));
        if buf.len() < 24 || &buf[..8] != MAGIC {
            return Err(bad("not a kith cache or truncated"));
        }
        let version = u32::from_le_bytes(buf[8..12].try_into().unwrap_or_default());
        if version != VERSION {
            return Err(bad("from another version of kith"));
        }
        let sum = u64::from_le_bytes(buf[12..20].try_into().unwrap_or_default());
        let len = u32::from_le_bytes(buf[20..24].try_into().unwrap_or_default()) as usize;
        if buf.len() - 24 != len || checksum(&buf[24..]) != sum {
            return Err(bad("truncated or damaged"));
        }
        let mut r = Reader { buf: &buf[24..] };
        let garbled = || bad("garbled");
        if r.str().ok_or_else(garbled)? != fingerprint {
            return Err(Unusable::Quietly);
        }
        let scan_start_ns = i64::get(&mut r).ok_or_else(garbled)?;
        let count = u64::get(&mut r).ok_or_else(garbled)? as usize;
        let mut entries = FxHashMap::default();
        entries.reserve(count.min(r.buf.len()));
        for _ in 0..count {
            let path: Box<str> = r.str().ok_or_else(garbled)?.into();
            let stamp = Stamp {
                size: Code::get(&mut r).ok_or_else(garbled)?,
                mtime_ns: Code::get(&mut r).ok_or_else(garbled)?,
                ctime_ns: Code::get(&mut r).ok_or_else(garbled)?,
                ino: Code::get(&mut r).ok_or_else(garbled)?,
            };
            let len = u64::get(&mut r).ok_or_else(garbled)? as usize;
            let start = buf.len() - r.buf.len();
            r.bytes(len).ok_or_else(garbled)?;
            entries.insert(path, (stamp, start, len));
        }
        if !r.buf.is_empty() {
            return Err(garbled());
        }
        Ok(Loaded { buf, scan_start_ns, entries })
    }

    /// The cached note at `path` when the file still has `stamp` and was not
    /// modified too close to the scan that cached it; `None` means read it.
    pub fn note(&self, path: &NotePath, stamp: &Stamp) -> Option<Note> {
        let (cached, start, len) = self.entries.get(path.as_str())?;
        if cached != stamp || stamp.mtime_ns.saturating_add(RACY_NS) > self.scan_start_ns {
            return None;
        }
        let mut r = Reader { buf: &self.buf[*start..start + len] };
        codec::get_note(path.clone(), &mut r).filter(|_| r.buf.is_empty())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The current time, read before a scan starts: the cache's write time for the racy rule.
pub fn scan_start() -> i64 {
    nanos_since_epoch(SystemTime::now())
}

/// Write the cache atomically (a temporary file renamed over the old one).
/// `notes` are the notes as read, each with the stamp taken before reading it.
pub fn write(file: &Path, fingerprint: &str, scan_start_ns: i64, notes: &[(&Note, Stamp)]) -> std::io::Result<()> {
    use rayon::prelude::*;
    let chunks: Vec<Vec<u8>> = notes
        .par_chunks(512)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 1024);
            let mut body = Vec::with_capacity(4096);
            for (note, stamp) in chunk {
                put_str(note.path.as_str(), &mut out);
                let Stamp { size, mtime_ns, ctime_ns, ino } = *stamp;
                size.put(&mut out);
                mtime_ns.put(&mut out);
                ctime_ns.put(&mut out);
                ino.put(&mut out);
                body.clear();
                codec::put_note(note, &mut body);
                (body.len() as u64).put(&mut out);
                out.extend_from_slice(&body);
            }
            out
        })
        .collect();
    let mut rest = Vec::with_capacity(chunks.iter().map(Vec::len).sum::<usize>() + fingerprint.len() + 32);
    put_str(fingerprint, &mut rest);
    scan_start_ns.put(&mut rest);
    (notes.len() as u64).put(&mut rest);
    for chunk in &chunks {
        rest.extend_from_slice(chunk);
    }
    drop(chunks);
    write_file(file, MAGIC, VERSION, &rest)
}

/// Write `magic`, `version`, the checksum and length of `rest`, then `rest`,
/// atomically (a temporary file renamed over the old one).
fn write_file(file: &Path, magic: &[u8; 8], version: u32, rest: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(rest.len()).map_err(|_| std::io::Error::other("cache over 4 GB"))?;
    let mut head = Vec::with_capacity(24);
    head.extend_from_slice(magic);
    head.extend_from_slice(&version.to_le_bytes());
    head.extend_from_slice(&checksum(rest).to_le_bytes());
    head.extend_from_slice(&len.to_le_bytes());
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, &head)?;
    std::io::Write::write_all(&mut tmp, rest)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}
