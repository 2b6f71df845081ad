//! Link targets as log entries keep them: each distinct text stored once per
//! process, and each entry's list of them a 4-byte handle into one shared
//! table, read without locks.
//!
//! Why: a heavy vault writes six `[[links]]` in every log entry, a few
//! thousand names a million times. As a boxed string each (and a boxed list
//! of them per entry) they took more memory than the notes' own bytes; as
//! interned ids they take 4 bytes a link. The tables only grow: a re-read
//! note (`kith watch`) adds its lists again, a few hundred bytes an edit.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{OnceLock, PoisonError, RwLock};

const CHUNK_BITS: u32 = 16;
const CHUNK: usize = 1 << CHUNK_BITS;
const MAX_CHUNKS: usize = 1 << 14;

/// An append-only table of `CHUNK`-sized chunks, each made on first use.
struct Chunks<T: 'static> {
    chunks: [OnceLock<Box<[T]>>; MAX_CHUNKS],
}

impl<T: Default> Chunks<T> {
    const fn new() -> Self {
        Chunks { chunks: [const { OnceLock::new() }; MAX_CHUNKS] }
    }

    fn chunk(&self, index: usize) -> &[T] {
        self.chunks[index].get_or_init(|| (0..CHUNK).map(|_| T::default()).collect())
    }

    fn slot(&self, id: u32) -> &T {
        &self.chunk((id >> CHUNK_BITS) as usize)[id as usize & (CHUNK - 1)]
    }
}

/// Every distinct text, by id.
static TEXTS: Chunks<OnceLock<&'static str>> = Chunks::new();
static NEXT_TEXT: AtomicU32 = AtomicU32::new(0);
/// Text → id. Lookups share the read lock and take it once for a whole batch
/// (a note's links); only texts seen for the first time take the write lock.
static TABLE: RwLock<Table> = RwLock::new(Table::new());

/// Texts this long or shorter are compared in the table's own slot.
const INLINE: usize = 24;

/// Lookups in a batch issued together (see `Table::find_batch`).
const BATCH: usize = 32;

/// One text's place in the table: its id and hash bits, and the text itself
/// (its first `INLINE` bytes, zero-padded). Why inline: a vault's names are
/// looked up millions of times; comparing against a string stored elsewhere
/// made every hit a second cache miss. 32 bytes: a slot never spans two
/// cache lines.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// 0 when empty; else `Key::head`.
    head: u64,
    inline: [u8; INLINE],
}

/// A text ready to be looked up: its hash, the slot head it must have (but
/// for the id) and its first bytes as a slot holds them.
struct Key<'t> {
    text: &'t str,
    hash: u64,
    tag: u64,
    inline: [u8; INLINE],
}

/// What `find_batch` gives a text not in the table.
const NOT_FOUND: u32 = u32::MAX;

/// The slot head's bits above the id: the top bit (never empty), hash bits
/// the slot index does not use, and the length (255 for 255 and longer).
const ID_BITS: u32 = 32;
const TAG_MASK: u64 = 0xffff_ff00_0000_0000;

impl<'t> Key<'t> {
    fn new(text: &'t str) -> Key<'t> {
        let inline = inline_head(text.as_bytes());
        let hash = hash_of(text);
        // The head of the slot holding this text, without its id.
        let tag = ((hash | 1 << 63) & TAG_MASK) | (text.len().min(255) as u64) << ID_BITS;
        Key { text, hash, tag, inline }
    }

    const EMPTY: Key<'static> = Key { text: "", hash: 0, tag: 0, inline: [0; INLINE] };

    fn held_by(&self, slot: &Slot) -> Option<u32> {
        let matches = slot.head & !u64::from(u32::MAX) == self.tag
            && slot.inline == self.inline
            && (self.text.len() <= INLINE || text_of(slot.head as u32) == self.text);
        matches.then_some(slot.head as u32)
    }
}

/// The first `INLINE` bytes of `bytes`, zero-padded. Copied in fixed-size
/// pieces (two that overlap cover any length between them) rather than by a
/// call to `memcpy` for each of a vault's millions of links.
fn inline_head(bytes: &[u8]) -> [u8; INLINE] {
    fn piece<const N: usize>(inline: &mut [u8; INLINE], bytes: &[u8], at: usize) {
        if let (Some(to), Some(from)) = (inline.get_mut(at..at + N), bytes.get(at..at + N)) {
            to.copy_from_slice(from);
        }
    }
    let mut inline = [0u8; INLINE];
    let len = bytes.len().min(INLINE);
    match len {
        16.. => {
            piece::<16>(&mut inline, bytes, 0);
            piece::<8>(&mut inline, bytes, len - 8);
        }
        8.. => {
            piece::<8>(&mut inline, bytes, 0);
            piece::<8>(&mut inline, bytes, len - 8);
        }
        4.. => {
            piece::<4>(&mut inline, bytes, 0);
            piece::<4>(&mut inline, bytes, len - 4);
        }
        _ => {
            for (to, from) in inline.iter_mut().zip(bytes) {
                *to = *from;
            }
        }
    }
    inline
}

/// An open-addressing table (linear probing) of slots, at most 3/4 full.
struct Table {
    slots: Vec<Slot>,
    len: usize,
    /// The unused end of the current block of text bytes: texts are packed
    /// together rather than each in an allocation of its own.
    free: &'static mut [u8],
}

/// Bytes per block of stored texts.
const TEXT_BLOCK: usize = 8 << 10;

impl Table {
    const fn new() -> Table {
        Table { slots: Vec::new(), len: 0, free: &mut [] }
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The id of `key`, probing from the slot whose head is `first` (read
    /// earlier, so that a batch's cache misses overlap).
    fn find_from(&self, key: &Key, first: u64) -> Option<u32> {
        let mask = self.mask();
        let mut at = key.hash as usize & mask;
        let mut head = first;
        loop {
            if head == 0 {
                return None;
            }
            let slot = &self.slots[at];
            if let Some(id) = key.held_by(slot) {
                return Some(id);
            }
            at = (at + 1) & mask;
            head = self.slots[at].head;
        }
    }

    fn first_head(&self, key: &Key) -> u64 {
        self.slots.get(key.hash as usize & self.mask()).map_or(0, |slot| slot.head)
    }

    fn find(&self, key: &Key) -> Option<u32> {
        self.find_from(key, self.first_head(key))
    }

    /// The id of each key (`NOT_FOUND` for one not in the table). Every key's
    /// first slot is read before any is compared: the reads do not wait on
    /// each other, so their cache misses overlap instead of following one another.
    fn find_batch(&self, keys: &[Key], ids: &mut [u32]) {
        let mut first = [0u64; BATCH];
        for (head, key) in first.iter_mut().zip(keys) {
            *head = self.first_head(key);
        }
        for ((id, key), head) in ids.iter_mut().zip(keys).zip(first) {
            *id = self.find_from(key, head).unwrap_or(NOT_FOUND);
        }
    }

    /// The id of `key`, stored now if it is new.
    fn insert(&mut self, key: &Key) -> u32 {
        if let Some(id) = self.find(key) {
            return id;
        }
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let stored = self.store(key.text);
        let id = NEXT_TEXT.fetch_add(1, Ordering::Relaxed);
        // Set before the id is handed out: whoever holds the id finds its text.
        let _ = TEXTS.slot(id).set(stored);
        self.place(Slot { head: key.tag | u64::from(id), inline: key.inline }, key.hash);
        self.len += 1;
        id
    }

    fn place(&mut self, slot: Slot, hash: u64) {
        let mask = self.mask();
        let mut at = hash as usize & mask;
        while self.slots[at].head != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|slot| slot.head != 0) {
            self.place(slot, hash_of(text_of(slot.head as u32)));
        }
    }

    /// A copy of `text` that lives as long as the process.
    fn store(&mut self, text: &str) -> &'static str {
        let bytes: &'static mut [u8] = if text.len() > TEXT_BLOCK / 4 {
            Box::leak(text.as_bytes().into())
        } else {
            if self.free.len() < text.len() {
                self.free = Box::leak(vec![0u8; TEXT_BLOCK].into_boxed_slice());
            }
            let (bytes, rest) = std::mem::take(&mut self.free).split_at_mut(text.len());
            self.free = rest;
            bytes.copy_from_slice(text.as_bytes());
            bytes
        };
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

fn hash_of(text: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(text)
}

/// The id of `text`, stored on first sight.
fn intern(text: &str) -> u32 {
    let mut id = [0];
    intern_batch(&[text], &mut id);
    id[0]
}

/// The id of each text, in order, each stored on first sight: one read lock
/// for the batch, and the write lock only when some text is new.
fn intern_batch(texts: &[&str], ids: &mut [u32]) {
    {
        let table = TABLE.read().unwrap_or_else(PoisonError::into_inner);
        let mut keys = [const { Key::EMPTY }; BATCH];
        for (texts, ids) in texts.chunks(BATCH).zip(ids.chunks_mut(BATCH)) {
            for (key, text) in keys.iter_mut().zip(texts) {
                *key = Key::new(text);
            }
            table.find_batch(&keys[..texts.len()], ids);
        }
    }
    if ids.contains(&NOT_FOUND) {
        let mut table = TABLE.write().unwrap_or_else(PoisonError::into_inner);
        for (id, text) in ids.iter_mut().zip(texts).filter(|(id, _)| **id == NOT_FOUND) {
            *id = table.insert(&Key::new(text));
        }
    }
}

fn text_of(id: u32) -> &'static str {
    TEXTS.slot(id).get().copied().unwrap_or("")
}

/// One stored text, by its id: the same text has the same id for the life of
/// the process, and ids are dense from 0 (for tables indexed by them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextId(u32);

impl TextId {
    pub fn text(self) -> &'static str {
        text_of(self.0)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Lists: a length, then that many text ids, never across a chunk. Chunk 0
/// is never handed out, so position 0 is the empty list.
static LISTS: Chunks<AtomicU32> = Chunks::new();
static NEXT_LIST_CHUNK: AtomicU32 = AtomicU32::new(1);

thread_local! {
    /// This thread's free run of list slots: (next position, end).
    static FREE: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
}

/// A list of names (wikilink targets as written), 4 bytes, compared by content.
#[derive(Clone, Copy, Default)]
pub struct NameList(u32);

impl NameList {
    /// The list of `names`, in order (at most 65,535; more are not kept).
    pub fn new<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> NameList {
        let len = names.len().min(CHUNK - 1);
        let (mut short, mut long) = ([""; SHORT], Vec::new());
        let texts = scratch(&mut short, &mut long, len, "");
        for (slot, name) in texts.iter_mut().zip(names) {
            *slot = name;
        }
        let mut list = [NameList(0)];
        interned_lists(texts, &[len], &mut list);
        list[0]
    }

    /// A list of `len` ids (at most 65,535; more are not kept).
    fn filled(len: usize, ids: impl Iterator<Item = u32>) -> NameList {
        let (list, slots) = NameList::reserve(len);
        for (slot, id) in slots.iter().zip(ids) {
            slot.store(id, Ordering::Relaxed);
        }
        list
    }

    /// A list of `len` ids (at most 65,535) and its slots for them, to fill
    /// before the list is read.
    fn reserve(len: usize) -> (NameList, &'static [AtomicU32]) {
        let len = len.min(CHUNK - 1);
        if len == 0 {
            return (NameList(0), &[]);
        }
        let need = len as u32 + 1;
        let start = FREE.with(|free| {
            let (mut next, mut end) = free.get();
            if end - next < need {
                let chunk = NEXT_LIST_CHUNK.fetch_add(1, Ordering::Relaxed);
                next = chunk << CHUNK_BITS;
                end = next + CHUNK as u32;
            }
            free.set((next + need, end));
            next
        });
        let chunk = LISTS.chunk((start >> CHUNK_BITS) as usize);
        let at = start as usize & (CHUNK - 1);
        chunk[at].store(len as u32, Ordering::Relaxed);
        (NameList(start), &chunk[at + 1..=at + len])
    }

    fn ids(self) -> &'static [AtomicU32] {
        if self.0 == 0 {
            return &[];
        }
        let chunk = LISTS.chunk((self.0 >> CHUNK_BITS) as usize);
        let at = self.0 as usize & (CHUNK - 1);
        let len = chunk[at].load(Ordering::Relaxed) as usize;
        &chunk[at + 1..=at + len]
    }

    pub fn len(self) -> usize {
        self.ids().len()
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The texts as owned strings, for report rows.
    pub fn to_strings(self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// The texts with `separator` between them.
    pub fn join(self, separator: &str) -> String {
        self.iter().collect::<Vec<_>>().join(separator)
    }

    /// The texts, in order (they live as long as the process: any lifetime will do).
    pub fn iter<'a>(self) -> impl ExactSizeIterator<Item = &'a str> + Clone {
        self.ids().iter().map(|id| -> &'a str { text_of(id.load(Ordering::Relaxed)) })
    }

    /// The names as ids, in order: the same text gives the same id.
    pub fn text_ids(self) -> impl ExactSizeIterator<Item = TextId> + Clone {
        self.ids().iter().map(|id| TextId(id.load(Ordering::Relaxed)))
    }

    /// The list of texts already interned in this process, by id (see `intern_text`).
    pub fn from_ids(ids: &[TextId]) -> NameList {
        NameList::filled(ids.len(), ids.iter().map(|id| id.0))
    }
}

/// Lists of names gathered while one note is parsed, interned together when
/// it is done: one lock for the note's hundred-odd links, and their lookups'
/// cache misses overlapping (see `Table::find_batch`).
#[derive(Default)]
pub struct ListBatch {
    /// The names, one after another.
    text: String,
    /// Where each name ends in `text`.
    ends: Vec<usize>,
    /// How many names each list has.
    lens: Vec<usize>,
    /// How many names the ended lists hold together.
    listed: usize,
}

impl ListBatch {
    /// Room for about `names` names of `bytes` bytes in all, gathered without regrowing.
    pub fn with_capacity(names: usize, bytes: usize) -> ListBatch {
        ListBatch { text: String::with_capacity(bytes), ends: Vec::with_capacity(names), ..ListBatch::default() }
    }

    /// Add `name` to the list being gathered.
    pub fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len());
    }

    /// End the list being gathered (it may be empty) and start the next.
    pub fn end_list(&mut self) {
        self.lens.push(self.ends.len() - self.listed);
        self.listed = self.ends.len();
    }

    /// The lists, in the order they were pushed.
    pub fn finish(&self) -> Vec<NameList> {
        let mut start = 0;
        let names: Vec<&str> = self
            .ends
            .iter()
            .map(|&end| {
                let name = &self.text[start..end];
                start = end;
                name
            })
            .collect();
        let mut lists = vec![NameList(0); self.lens.len()];
        interned_lists(&names, &self.lens, &mut lists);
        lists
    }
}

/// Lists up to this long are gathered on the stack (most are).
const SHORT: usize = 16;

/// `len` slots to fill: `short`'s when there are enough, else `long` grown with `fill`.
fn scratch<'a, T: Copy>(short: &'a mut [T; SHORT], long: &'a mut Vec<T>, len: usize, fill: T) -> &'a mut [T] {
    if len <= SHORT {
        return &mut short[..len];
    }
    long.resize(len, fill);
    long
}

/// `texts` interned in one batch (see `intern_batch`), then cut in order
/// into `lists`, the n-th of `lens[n]` ids.
fn interned_lists(texts: &[&str], lens: &[usize], lists: &mut [NameList]) {
    let (mut short, mut long) = ([0; SHORT], Vec::new());
    let ids = scratch(&mut short, &mut long, texts.len(), 0);
    intern_batch(texts, ids);
    let mut rest = &ids[..];
    for (list, &len) in lists.iter_mut().zip(lens) {
        let (these, after) = rest.split_at(len);
        rest = after;
        *list = NameList::filled(len, these.iter().copied());
    }
}

/// The id of `text` in this process, stored on first sight.
pub fn intern_text(text: &str) -> TextId {
    TextId(intern(text))
}

/// The id of each of `texts`, in order, each stored on first sight (one lock
/// for them all: a parse cache's table of names).
pub fn intern_texts(texts: &[&str]) -> Vec<TextId> {
    let mut ids = vec![0; texts.len()];
    intern_batch(texts, &mut ids);
    ids.into_iter().map(TextId).collect()
}

impl PartialEq for NameList {
    fn eq(&self, other: &NameList) -> bool {
        let ids = |l: &NameList| l.ids().iter().map(|id| id.load(Ordering::Relaxed));
        self.0 == other.0 || ids(self).eq(ids(other))
    }
}

impl Eq for NameList {}

impl std::fmt::Debug for NameList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for NameList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The persistent cache stores each text by its id in the writing process,
/// with a table of those ids' texts (`Reader::names`: each text interned again
/// once per cache segment, not once per use).
mod cache_code {
    use super::{NameList, TextId, CHUNK};
    use crate::codec::{Code, Names, Reader};
    use std::sync::atomic::Ordering;

    impl Code for TextId {
        fn put(&self, out: &mut Vec<u8>) {
            (self.index() as u64).put(out);
        }
        fn get(r: &mut Reader) -> Option<Self> {
            let at = usize::try_from(u64::get(r)?).ok()?;
            let slot = r.names.ids.get(at)?;
            let id = match slot.load(Ordering::Relaxed) {
                u32::MAX => return None,
                // Interned by whichever thread reads it first (the same id
                // for the same text, so a race stores the same id twice).
                Names::NOT_YET => {
                    let id = super::intern(r.names.text(at)?);
                    slot.store(id, Ordering::Relaxed);
                    id
                }
                id => id,
            };
            Some(TextId(id))
        }
    }

    impl Code for NameList {
        fn put(&self, out: &mut Vec<u8>) {
            (self.len() as u64).put(out);
            for id in self.text_ids() {
                id.put(out);
            }
        }
        fn get(r: &mut Reader) -> Option<Self> {
            let len = usize::try_from(u64::get(r)?).ok()?;
            // Each id takes a byte at least: a garbled length reserves nothing.
            if len > r.buf.len() {
                return None;
            }
            if len < CHUNK {
                // Straight into the list's slots (13 million links on a 100k
                // vault): a list left half filled by a garbled entry is never read.
                let (list, slots) = NameList::reserve(len);
                for slot in slots {
                    slot.store(TextId::get(r)?.0, Ordering::Relaxed);
                }
                return Some(list);
            }
            let ids: Option<Vec<TextId>> = (0..len).map(|_| TextId::get(r)).collect();
            Some(NameList::from_ids(&ids?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_their_names_in_order_and_compare_by_content() {
        let a = NameList::new(["Ada", "Bo Li", "Ada", "é"].into_iter());
        let b = NameList::new(["Ada", "Bo Li", "Ada", "é"].into_iter());
        assert_eq!(a.iter().collect::<Vec<_>>(), ["Ada", "Bo Li", "Ada", "é"]);
        assert_eq!(a, b);
        assert_ne!(a, NameList::new(["Ada"].into_iter()));
        assert!(NameList::new(std::iter::empty()).is_empty());
        assert_eq!(NameList::default(), NameList::new(std::iter::empty()));
        assert_eq!(a.len(), 4);
        let ids: Vec<TextId> = a.text_ids().collect();
        assert_eq!(ids[0], ids[2]);
        assert_ne!(ids[0], ids[1]);
        assert_eq!(ids.iter().map(|id| id.text()).collect::<Vec<_>>(), ["Ada", "Bo Li", "Ada", "é"]);
        assert!(b.text_ids().eq(a.text_ids()));
    }

    /// Short texts are compared in the table's slot, longer ones where they are
    /// stored; both, and texts too long for a shared block, find their one id.
    #[test]
    fn texts_of_every_length_get_one_id_each() {
        let texts: Vec<String> = [1, INLINE - 1, INLINE, INLINE + 1, 100, TEXT_BLOCK / 4 + 1, TEXT_BLOCK + 5]
            .iter()
            .map(|&n| "ä".repeat(n / 2) + &"x".repeat(n % 2))
            .collect();
        let ids: Vec<u32> = texts.iter().map(|t| intern(t)).collect();
        for (text, id) in texts.iter().zip(&ids) {
            assert_eq!(intern(text), *id);
            assert_eq!(intern(&text.clone()), *id);
            assert_eq!(text_of(*id), text);
        }
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), ids.len());
        // A text that is a prefix of a stored one is another text.
        assert_ne!(intern(&texts[3][..INLINE]), ids[3]);
    }

    /// A note's lists interned together are the lists interned one by one:
    /// empty ones included, past a batch's length, on either side of the
    /// stack's room, texts new and seen before.
    #[test]
    fn a_batch_of_lists_gives_each_list_as_alone() {
        let names: Vec<String> = (0..3 * BATCH).map(|i| format!("batch name {}", i % (2 * BATCH))).collect();
        let lists: Vec<&[String]> = vec![
            &names[..0],
            &names[..6],
            &names[..0],
            &names,
            &names[5..BATCH + 7],
            &names[..SHORT],
            &names[..SHORT + 1],
        ];
        let mut batch = ListBatch::default();
        for list in &lists {
            for name in *list {
                batch.push(name);
            }
            batch.end_list();
        }
        let batched = batch.finish();
        assert_eq!(batched.len(), lists.len());
        for (got, list) in batched.iter().zip(&lists) {
            assert!(got.iter().eq(list.iter().map(String::as_str)));
            assert_eq!(*got, NameList::new(list.iter().map(String::as_str)));
        }
        assert!(ListBatch::default().finish().is_empty());
    }

    /// The table grows many times over; every text keeps its id through it.
    #[test]
    fn inline_heads_are_the_first_bytes_zero_padded() {
        let text = "abcdefghijklmnopqrstuvwxyz0123";
        for len in 0..=text.len() {
            let mut want = [0u8; INLINE];
            let head = len.min(INLINE);
            want[..head].copy_from_slice(&text.as_bytes()[..head]);
            assert_eq!(inline_head(&text.as_bytes()[..len]), want, "{len}");
        }
    }

    #[test]
    fn ids_survive_the_table_growing() {
        let texts: Vec<String> = (0..20_000).map(|i| format!("grow {i}")).collect();
        let ids: Vec<u32> = texts.iter().map(|t| intern(t)).collect();
        for (text, id) in texts.iter().zip(&ids) {
            assert_eq!(intern(text), *id);
            assert_eq!(text_of(*id), text);
        }
    }

    #[test]
    fn many_lists_from_many_threads_fill_chunks_without_mixing() {
        let lists: Vec<Vec<(NameList, Vec<String>)>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|t| {
                    s.spawn(move || {
                        (0..40_000)
                            .map(|i| {
                                let names: Vec<String> =
                                    (0..(i % 7)).map(|k| format!("n{t}-{}", (i + k) % 500)).collect();
                                (NameList::new(names.iter().map(String::as_str)), names)
                            })
                            .collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (list, names) in lists.iter().flatten() {
            assert!(list.iter().eq(names.iter().map(String::as_str)));
        }
    }
}
