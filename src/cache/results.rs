//! Stored results: what a report command printed (stdout, stderr, exit code),
//! kept with the state of the vault it was computed from. A later run of the
//! same command line on the same day, with every note and `kith.yaml`
//! unchanged, prints it again after a walk that only stats the files: no
//! note is read, decoded or indexed.
//!
//! The vault's state is a digest of every note's path and stamp (size, mtime,
//! ctime, inode), `kith.yaml`'s stamp and the walk's problems, summed over
//! the notes so the walk's order does not matter. A result is stored only when
//! no file was modified within `RACY_NS` of the walk (the parse
//! cache's racy rule), and it names the parse cache file's own stamp, so a
//! damaged parse cache is noticed (and rebuilt with its notice) before any
//! stored result is used.
//!
//! One file per command line, `<vault hash>.<command line hash>.result` next
//! to the parse cache; storing one removes all but the `KEEP` newest of the vault's.

use rustc_hash::FxHasher;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::codec::{put_str, Code, Reader};
use super::{checksum, Stamp, RACY_NS};
use crate::diag::Diagnostic;
use crate::path::NotePath;

const MAGIC: &[u8; 8] = b"KITHRS\x00\x01";
/// Bump when the layout of a result file changes.
const VERSION: u32 = 1;
/// Results kept per vault (distinct command lines, days, colour choices).
const KEEP: usize = 8;

/// The vault as the walk saw it, without reading any note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    notes: u64,
    digest: (u64, u64),
    /// Whether every file is older than the racy window: only then may a result be stored.
    settled: bool,
}

impl State {
    /// The state of a walk that started at `scan_start_ns`: its notes with
    /// their stamps, `kith.yaml`'s stamp (default when missing) and the walk's problems.
    pub fn of(notes: &[(NotePath, Stamp)], settings_file: Stamp, problems: &[Diagnostic], scan_start_ns: i64) -> State {
        let mut digest = (0u64, 0u64);
        let mut newest = changed_ns(&settings_file);
        for (path, stamp) in notes {
            let (a, b) = hash_pair(|h| {
                path.as_str().hash(h);
                hash_stamp(stamp, h);
            });
            digest = (digest.0.wrapping_add(a), digest.1.wrapping_add(b));
            newest = newest.max(changed_ns(stamp));
        }
        let (a, b) = hash_pair(|h| {
            hash_stamp(&settings_file, h);
            for problem in problems {
                problem.to_string().hash(h);
            }
        });
        State {
            notes: notes.len() as u64,
            digest: (digest.0 ^ a, digest.1 ^ b),
            settled: newest.saturating_add(RACY_NS) <= scan_start_ns,
        }
    }
}

/// The time the racy rule looks at: the mtime, as for the parse cache (a
/// second change within one mtime tick keeps size and mtime; the ctime, also
/// in the stamp, still tells an edit whose mtime was put back).
fn changed_ns(stamp: &Stamp) -> i64 {
    stamp.mtime_ns
}

fn hash_stamp(stamp: &Stamp, h: &mut impl Hasher) {
    let Stamp { size, mtime_ns, ctime_ns, ino } = *stamp;
    (size, mtime_ns, ctime_ns, ino).hash(h);
}

/// Two independent 64-bit SipHashes (`DefaultHasher::new` has fixed keys, so
/// one binary hashes alike in every run; the query names the binary).
fn hash_pair(feed: impl Fn(&mut DefaultHasher)) -> (u64, u64) {
    let mut first = DefaultHasher::new();
    let mut second = DefaultHasher::new();
    second.write_u8(0x5a);
    feed(&mut first);
    feed(&mut second);
    (first.finish(), second.finish())
}

/// What a command printed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Printed {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub code: u8,
}

/// The result file for a command line (`query`) next to the parse cache file `cache_file`.
fn slot_file(cache_file: &Path, query: &str) -> PathBuf {
    let mut h = FxHasher::default();
    h.write(query.as_bytes());
    cache_file.with_extension(format!("{:016x}.result", h.finish()))
}

/// Remove all but the `KEEP` newest result files of the vault whose parse cache is `cache_file`.
fn evict(cache_file: &Path) {
    let (Some(dir), Some(stem)) = (cache_file.parent(), cache_file.file_stem().and_then(|s| s.to_str())) else {
        return;
    };
    let Ok(read) = std::fs::read_dir(dir) else { return };
    let prefix = format!("{stem}.");
    let mut results: Vec<(std::time::SystemTime, PathBuf)> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".result")))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if results.len() > KEEP {
        results.sort();
        for (_, path) in &results[..results.len() - KEEP] {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Bytes with their length first, as `store` writes them.
fn blob<'a>(r: &mut Reader<'a>) -> Option<&'a [u8]> {
    let n = usize::try_from(u64::get(r)?).ok()?;
    r.bytes(n)
}

fn file_stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map(|m| Stamp::of(&m)).unwrap_or_default()
}

/// The result stored for `query` when the vault is still in `state` and the
/// parse cache file is the one it was stored with. A damaged result file is
/// `Err` with a one-line notice (and is replaced by the next store).
pub fn lookup(cache_file: &Path, query: &str, state: &State) -> Result<Option<Printed>, String> {
    let file = slot_file(cache_file, query);
    let Ok(buf) = std::fs::read(&file) else { return Ok(None) };
    let bad = || format!("kith: the cache {} is damaged; rebuilding it", file.display());
    if buf.len() < 24 || &buf[..8] != MAGIC {
        return Err(bad());
    }
    if u32::from_le_bytes(buf[8..12].try_into().unwrap_or_default()) != VERSION {
        return Ok(None);
    }
    let sum = u64::from_le_bytes(buf[12..20].try_into().unwrap_or_default());
    let len = u32::from_le_bytes(buf[20..24].try_into().unwrap_or_default()) as usize;
    if buf.len() - 24 != len || checksum(&buf[24..]) != sum {
        return Err(bad());
    }
    let mut r = Reader::new(&buf[24..]);
    let read = |r: &mut Reader| -> Option<(String, State, Stamp, Printed)> {
        let stored_query = r.str()?.to_string();
        let state = State {
            notes: Code::get(r)?,
            digest: (
                u64::from_le_bytes(r.bytes(8)?.try_into().ok()?),
                u64::from_le_bytes(r.bytes(8)?.try_into().ok()?),
            ),
            settled: true,
        };
        let cache = Stamp { size: Code::get(r)?, mtime_ns: Code::get(r)?, ctime_ns: Code::get(r)?, ino: Code::get(r)? };
        let code = r.byte()?;
        let stderr = blob(r)?.to_vec();
        let stdout = blob(r)?.to_vec();
        Some((stored_query, state, cache, Printed { stdout, stderr, code }))
    };
    let Some((stored_query, stored_state, cache, printed)) = read(&mut r).filter(|_| r.buf.is_empty()) else {
        return Err(bad());
    };
    let current = State { settled: true, ..*state };
    Ok((stored_query == query && stored_state == current && cache == file_stamp(cache_file)).then_some(printed))
}

/// Store what `query` printed in vault state `state`, when that state is
/// settled (no file within the racy window). Failing to store costs only speed.
pub fn store(cache_file: &Path, query: &str, state: &State, printed: &Printed) -> std::io::Result<()> {
    if !state.settled {
        return Ok(());
    }
    let mut rest = Vec::with_capacity(printed.stdout.len() + printed.stderr.len() + query.len() + 64);
    put_str(query, &mut rest);
    state.notes.put(&mut rest);
    rest.extend_from_slice(&state.digest.0.to_le_bytes());
    rest.extend_from_slice(&state.digest.1.to_le_bytes());
    let Stamp { size, mtime_ns, ctime_ns, ino } = file_stamp(cache_file);
    size.put(&mut rest);
    mtime_ns.put(&mut rest);
    ctime_ns.put(&mut rest);
    ino.put(&mut rest);
    rest.push(printed.code);
    (printed.stderr.len() as u64).put(&mut rest);
    rest.extend_from_slice(&printed.stderr);
    (printed.stdout.len() as u64).put(&mut rest);
    rest.extend_from_slice(&printed.stdout);
    super::write_file(&slot_file(cache_file, query), MAGIC, VERSION, &rest)?;
    evict(cache_file);
    Ok(())
}
