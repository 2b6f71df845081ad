//! Stored results: what a report command printed (stdout, stderr, exit code),
//! kept with the state of the vault it was computed from. A later run of the
//! same command line on the same day, with every note and `kith.yaml`
//! unchanged, prints it again after a walk that only stats the files: no
//! note is read, decoded or indexed.
//!
//! The vault's state is a digest of every note's path and stamp (size, mtime,
//! ctime, inode), `kith.yaml`'s stamp and the walk's problems, summed over
//! the notes so the walk's order does not matter. The parse cache's racy rule
//! (`Walk::trusts`) holds for the whole vault: a result is stored only when no
//! file changed within `RACY_NS` of the walk, and used only when no file's time
//! lies within `RACY_NS` of the span from the storing walk's start to this
//! walk's end (a note dated in the future stays out of the way until that
//! time comes near). A result names the parse cache file's own stamp, so a
//! damaged parse cache is noticed (and rebuilt with its notice) before any
//! stored result is used.
//!
//! One file per command line, `<vault hash>.<command line hash>.result` next
//! to the parse cache; storing one removes all but the `KEEP` newest of the vault's.
//! A result is checked and printed block by block: a warm run's memory does
//! not grow with what it prints.

use rustc_hash::FxHasher;
use std::hash::Hasher;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::codec::{put_str, Code, Reader};
use super::{checksum, Stamp, Walk};
use crate::diag::Diagnostic;
use crate::vault::StatedNotes;

const MAGIC: &[u8; 8] = b"KITHRS\x00\x01";
/// Bump when the layout of a result file changes.
const VERSION: u32 = 3;
/// Results kept per vault (distinct command lines, days, colour choices).
const KEEP: usize = 8;

/// The vault as the walk saw it, without reading any note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    notes: u64,
    digest: (u64, u64),
    walk: Walk,
    /// The newest time at which a file changed (`Stamp::changed_before` the walk's end).
    changed: i64,
}

impl State {
    /// The state `walk` saw: its notes with their stamps, `kith.yaml`'s stamp
    /// (default when missing) and the walk's problems.
    pub fn of(notes: &StatedNotes<Stamp>, settings_file: Stamp, problems: &[Diagnostic], walk: Walk) -> State {
        use rayon::prelude::*;
        let (digest, newest) = notes
            .par_iter()
            .map_init(Vec::new, |buf, (folder, name, stamp)| {
                // The note's vault-relative path, a byte no path holds, its stamp.
                buf.clear();
                if !folder.is_empty() {
                    buf.extend_from_slice(folder.as_bytes());
                    buf.push(b'/');
                }
                buf.extend_from_slice(name.as_bytes());
                buf.push(0xff);
                put_stamp(stamp, buf);
                (digest_of(buf), stamp.changed_before(walk.end))
            })
            .reduce(
                || ((0, 0), i64::MIN),
                |(a, newest_a), (b, newest_b)| ((a.0.wrapping_add(b.0), a.1.wrapping_add(b.1)), newest_a.max(newest_b)),
            );
        let newest = newest.max(settings_file.changed_before(walk.end));
        let mut rest = Vec::new();
        put_stamp(&settings_file, &mut rest);
        for problem in problems {
            rest.extend_from_slice(problem.to_string().as_bytes());
            rest.push(0xff);
        }
        let (a, b) = digest_of(&rest);
        State { notes: notes.len() as u64, digest: (digest.0 ^ a, digest.1 ^ b), walk, changed: newest }
    }

    /// Whether a result computed in this state may be stored: a later walk would trust it.
    fn settled(&self) -> bool {
        self.walk.trusts(self.changed, self.walk.start)
    }
}

fn put_stamp(stamp: &Stamp, buf: &mut Vec<u8>) {
    let Stamp { size, mtime_ns, ctime_ns, ino } = *stamp;
    for word in [size.to_le_bytes(), mtime_ns.to_le_bytes(), ctime_ns.to_le_bytes(), ino.to_le_bytes()] {
        buf.extend_from_slice(&word);
    }
}

/// XXH3-128 of `bytes` in two halves: each note's are added up over the
/// notes, so the order the walk found them in does not count.
fn digest_of(bytes: &[u8]) -> (u64, u64) {
    let digest = xxhash_rust::xxh3::xxh3_128(bytes);
    (digest as u64, (digest >> 64) as u64)
}

/// What a command printed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Printed {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub code: u8,
}

impl Printed {
    /// The checksum a result file holds of what was printed: it names a
    /// stored result (`stdout_of`).
    pub fn sum(&self) -> u64 {
        sum_of(&self.stderr, &self.stdout)
    }
}

fn sum_of(stderr: &[u8], stdout: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    part_sum(&mut h, stderr);
    part_sum(&mut h, stdout);
    h.finish()
}

/// The result file for a command line (`query`) next to the parse cache file `cache_file`.
fn slot_file(cache_file: &Path, query: &str) -> PathBuf {
    file_beside(cache_file, query, "result")
}

/// Whether a result of `query` is stored beside the parse cache `cache_file`
/// (of any vault state): the command line ran before.
pub fn stored(cache_file: &Path, query: &str) -> bool {
    slot_file(cache_file, query).is_file()
}

/// A file of one command line (`query`) beside the parse cache file
/// `cache_file`: `<vault hash>.<command line hash>.<extension>`.
pub fn file_beside(cache_file: &Path, query: &str, extension: &str) -> PathBuf {
    let mut h = FxHasher::default();
    h.write(query.as_bytes());
    cache_file.with_extension(format!("{:016x}.{extension}", h.finish()))
}

/// Remove all but the `KEEP` newest `extension` files beside the parse
/// cache `file` (or beside it, as `file_beside` names them).
pub fn evict(file: &Path, extension: &str) {
    let (Some(dir), Some(name)) = (file.parent(), file.file_name().and_then(|s| s.to_str())) else {
        return;
    };
    let Some(stem) = name.split('.').next() else { return };
    let Ok(read) = std::fs::read_dir(dir) else { return };
    let prefix = format!("{stem}.");
    let suffix = format!(".{extension}");
    let mut results: Vec<(std::time::SystemTime, PathBuf)> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix) && n.ends_with(&suffix)))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if results.len() > KEEP {
        results.sort();
        for (_, path) in &results[..results.len() - KEEP] {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A file's stamp, the default when it cannot be read.
pub fn file_stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map(|m| Stamp::of(&m)).unwrap_or_default()
}

/// The fixed head of a result file: magic, version, the length and checksum
/// of the description that follows (command line, vault state, parse cache
/// stamp, exit code, lengths of what was printed), and the checksum of what
/// was printed (stderr then stdout), which follows the description.
const HEAD: usize = 32;
/// What was printed is checksummed, read and written in blocks of this size,
/// so a stored result is printed without holding it in memory.
const BLOCK: usize = 256 * 1024;
/// A description longer than this is not one kith wrote.
const MAX_DESCRIPTION: usize = 1 << 20;

/// The checksum of a part of what was printed, fed block by block.
fn part_sum(h: &mut FxHasher, part: &[u8]) {
    for block in part.chunks(BLOCK) {
        h.write(block);
    }
    h.write_usize(part.len());
}

/// A result file's description (see `HEAD`).
struct Described {
    query: String,
    notes: u64,
    digest: (u64, u64),
    /// When the walk of the run that stored it started.
    walk_start: i64,
    /// The parse cache file's stamp then.
    cache: Stamp,
    code: u8,
    stderr_len: u64,
    stdout_len: u64,
}

impl Described {
    fn read(r: &mut Reader) -> Option<Described> {
        let query = r.str()?.to_string();
        let notes = Code::get(r)?;
        let digest =
            (u64::from_le_bytes(r.bytes(8)?.try_into().ok()?), u64::from_le_bytes(r.bytes(8)?.try_into().ok()?));
        let walk_start = Code::get(r)?;
        let cache = Stamp::get(r)?;
        let code = r.byte()?;
        Some(Described {
            query,
            notes,
            digest,
            walk_start,
            cache,
            code,
            stderr_len: Code::get(r)?,
            stdout_len: Code::get(r)?,
        })
    }
}

/// A stored result that matches the vault: `print` prints it.
pub struct Stored {
    file: std::fs::File,
    stderr_len: u64,
    stdout_len: u64,
    code: u8,
}

impl Stored {
    /// Print what was stored: stderr first, then stdout, block by block
    /// (the file was checked whole before), and give its exit code.
    pub fn print(mut self, err: &mut dyn Write, out: &mut dyn Write) -> std::io::Result<u8> {
        let mut buf = vec![0u8; BLOCK];
        copy_part(&mut self.file, self.stderr_len, &mut buf, &mut |block| err.write_all(block))?;
        copy_part(&mut self.file, self.stdout_len, &mut buf, &mut |block| out.write_all(block))?;
        Ok(self.code)
    }
}

/// Read `len` bytes from `file` in blocks of `buf`'s size, handing each to `each`.
fn copy_part(
    file: &mut std::fs::File,
    len: u64,
    buf: &mut [u8],
    each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut left = len;
    while left > 0 {
        let n = usize::try_from(left).map_or(buf.len(), |left| left.min(buf.len()));
        file.read_exact(&mut buf[..n])?;
        each(&buf[..n])?;
        left -= n as u64;
    }
    Ok(())
}

/// The result stored for `query` when the vault is still in `state` and the
/// parse cache file is the one it was stored with. A damaged result file is
/// `Err` with a one-line notice (and is removed: see `damaged`). What was
/// printed is checked block by block here and read again by `Stored::print`
/// from the same open file (a store renames a new file over it: this one
/// stays as it was).
pub fn lookup(cache_file: &Path, query: &str, state: &State) -> Result<Option<Stored>, String> {
    let path = slot_file(cache_file, query);
    let Ok(mut file) = std::fs::File::open(&path) else { return Ok(None) };
    let bad = || damaged(&path);
    let size = file.metadata().map_err(|_| bad())?.len();
    let mut head = [0u8; HEAD];
    if file.read_exact(&mut head).is_err() || &head[..8] != MAGIC {
        return Err(bad());
    }
    let word = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().unwrap_or_default());
    if u32::from_le_bytes(head[8..12].try_into().unwrap_or_default()) != VERSION {
        return Ok(None);
    }
    let description_len = u32::from_le_bytes(head[12..16].try_into().unwrap_or_default()) as usize;
    let (description_sum, printed_sum) = (word(16), word(24));
    if description_len > MAX_DESCRIPTION || (HEAD + description_len) as u64 > size {
        return Err(bad());
    }
    let mut description = vec![0u8; description_len];
    if file.read_exact(&mut description).is_err() || checksum(&description) != description_sum {
        return Err(bad());
    }
    let mut r = Reader::new(&description);
    let Some(Described { query: stored_query, notes, digest, walk_start, cache, code, stderr_len, stdout_len }) =
        Described::read(&mut r).filter(|_| r.buf.is_empty())
    else {
        return Err(bad());
    };
    let body = (HEAD + description_len) as u64;
    if stderr_len.checked_add(stdout_len).and_then(|n| n.checked_add(body)) != Some(size) {
        return Err(bad());
    }
    if stored_query != query
        || (notes, digest) != (state.notes, state.digest)
        || !state.walk.trusts(state.changed, walk_start)
        || cache != file_stamp(cache_file)
    {
        return Ok(None);
    }
    let mut buf = vec![0u8; BLOCK];
    let mut h = FxHasher::default();
    for len in [stderr_len, stdout_len] {
        copy_part(&mut file, len, &mut buf, &mut |block| {
            h.write(block);
            Ok(())
        })
        .map_err(|_| bad())?;
        h.write_usize(len as usize);
    }
    if h.finish() != printed_sum {
        return Err(bad());
    }
    file.seek(SeekFrom::Start(body)).map_err(|_| bad())?;
    Ok(Some(Stored { file, stderr_len, stdout_len, code }))
}

/// The one line on a damaged result file, which is removed (and stored
/// again by this run when it can be); when it cannot be removed (a folder kith
/// cannot write), said on each run of its command line until that is fixed.
fn damaged(path: &Path) -> String {
    match std::fs::remove_file(path) {
        Ok(()) => format!("kith: the cache {} is damaged; rebuilding it", path.display()),
        Err(err) => {
            format!("kith: the cache {} is damaged, and cannot be removed ({err}); running without it", path.display())
        }
    }
}

/// A result file's head and description (see `HEAD`).
fn head(
    cache_file: &Path,
    query: &str,
    state: &State,
    code: u8,
    stderr_len: u64,
    stdout_len: u64,
    sum: u64,
) -> std::io::Result<Vec<u8>> {
    let mut description = Vec::with_capacity(query.len() + 96);
    put_str(query, &mut description);
    state.notes.put(&mut description);
    description.extend_from_slice(&state.digest.0.to_le_bytes());
    description.extend_from_slice(&state.digest.1.to_le_bytes());
    state.walk.start.put(&mut description);
    file_stamp(cache_file).put(&mut description);
    description.push(code);
    stderr_len.put(&mut description);
    stdout_len.put(&mut description);
    let mut head = Vec::with_capacity(HEAD + description.len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&VERSION.to_le_bytes());
    let description_len =
        u32::try_from(description.len()).map_err(|_| std::io::Error::other("command line too long"))?;
    head.extend_from_slice(&description_len.to_le_bytes());
    head.extend_from_slice(&checksum(&description).to_le_bytes());
    head.extend_from_slice(&sum.to_le_bytes());
    head.extend_from_slice(&description);
    Ok(head)
}

/// Store what `query` printed in vault state `state` (`sum`: `printed.sum()`),
/// when that state is settled (no file within the racy window): whether it
/// was. Failing to store costs only speed.
pub fn store(cache_file: &Path, query: &str, state: &State, printed: &Printed, sum: u64) -> std::io::Result<bool> {
    if !state.settled() {
        return Ok(false);
    }
    let (stderr, stdout) = (printed.stderr.len() as u64, printed.stdout.len() as u64);
    let head = head(cache_file, query, state, printed.code, stderr, stdout, sum)?;
    let file = slot_file(cache_file, query);
    let mut tmp = super::temp_beside(&file)?;
    tmp.write_all(&head)?;
    tmp.write_all(&printed.stderr)?;
    tmp.write_all(&printed.stdout)?;
    tmp.persist(&file).map_err(|e| e.error)?;
    evict(cache_file, "result");
    Ok(true)
}

/// Prints a command's stdout (it printed nothing to stderr) and stores it as
/// the result of `query` in the same pass, block by block, its length known
/// before: nothing is held whole. `finish` gives the checksum (`Printed::sum`).
pub struct Printing<'a> {
    out: &'a mut dyn Write,
    block: Vec<u8>,
    sum: FxHasher,
    len: u64,
    /// The length the stored result's head gives.
    declared: u64,
    /// The result file being written (`None`: not stored, see `store`).
    storing: Option<(tempfile::NamedTempFile, PathBuf)>,
    cache_file: &'a Path,
}

impl<'a> Printing<'a> {
    /// Print `len` bytes to `out` (exit code `code`), storing them for `query` in vault state `state`.
    pub fn new(
        out: &'a mut dyn Write,
        cache_file: &'a Path,
        query: &str,
        state: &State,
        len: u64,
        code: u8,
    ) -> std::io::Result<Printing<'a>> {
        let mut sum = FxHasher::default();
        part_sum(&mut sum, &[]);
        let storing = if state.settled() {
            let file = slot_file(cache_file, query);
            let mut tmp = super::temp_beside(&file)?;
            // The checksum of what is printed is written last, in place.
            tmp.write_all(&head(cache_file, query, state, code, 0, len, 0)?)?;
            Some((tmp, file))
        } else {
            None
        };
        Ok(Printing { out, block: Vec::with_capacity(BLOCK), sum, len: 0, declared: len, storing, cache_file })
    }

    fn write_block(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.block)?;
        self.sum.write(&self.block);
        if let Some((tmp, _)) = &mut self.storing {
            // Failing to store costs only speed: the output goes on.
            if tmp.write_all(&self.block).is_err() {
                self.storing = None;
            }
        }
        self.block.clear();
        Ok(())
    }

    /// Print the rest; store the result. The checksum of what was printed.
    pub fn finish(mut self) -> std::io::Result<u64> {
        if !self.block.is_empty() {
            self.write_block()?;
        }
        self.out.flush()?;
        self.sum.write_usize(self.len as usize);
        let sum = self.sum.finish();
        if let Some((mut tmp, file)) = self.storing.take().filter(|_| self.len == self.declared) {
            let stored = tmp.seek(SeekFrom::Start(24)).and_then(|_| tmp.write_all(&sum.to_le_bytes()));
            if stored.is_ok() && tmp.persist(&file).is_ok() {
                evict(self.cache_file, "result");
            }
        }
        Ok(sum)
    }
}

impl Write for Printing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(BLOCK - self.block.len());
        self.block.extend_from_slice(&buf[..n]);
        self.len += n as u64;
        if self.block.len() == BLOCK {
            self.write_block()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the result stored for `query` printed to stdout, whatever vault
/// state it was stored in, when what it printed has the checksum `sum`
/// (`Printed::sum`) and the file holds it whole; else `None`. The file's
/// bytes, and where stdout starts in them (it runs to their end).
pub(crate) fn stdout_of(cache_file: &Path, query: &str, sum: u64) -> Option<(super::Bytes, usize)> {
    let bytes = super::map(&slot_file(cache_file, query)).ok()?;
    let head = bytes.get(..HEAD)?;
    let word = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().unwrap_or_default());
    if &head[..8] != MAGIC || head[8..12] != VERSION.to_le_bytes() || word(24) != sum {
        return None;
    }
    let description_len = u32::from_le_bytes(head[12..16].try_into().ok()?) as usize;
    let description = bytes.get(HEAD..HEAD + description_len)?;
    if checksum(description) != word(16) {
        return None;
    }
    let mut r = Reader::new(description);
    let described = Described::read(&mut r).filter(|d| r.buf.is_empty() && d.query == query)?;
    let stderr_at = HEAD + description_len;
    let stdout_at = stderr_at + usize::try_from(described.stderr_len).ok()?;
    if stdout_at.checked_add(usize::try_from(described.stdout_len).ok()?) != Some(bytes.len()) {
        return None;
    }
    (sum_of(&bytes[stderr_at..stdout_at], &bytes[stdout_at..]) == sum).then_some((bytes, stdout_at))
}
