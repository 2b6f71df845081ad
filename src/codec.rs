//! A small explicit binary codec: varints, length-prefixed strings, and the
//! containers and dates built from them. The persistent cache (`crate::cache`)
//! encodes the parsed note types with it; the note types whose fields are
//! private to their module (log entries, name lists) implement it there, so it
//! sits below both.

use std::sync::atomic::AtomicU32;

use chrono::{Datelike, NaiveDate};

use crate::path::NotePath;

pub trait Code: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(r: &mut Reader) -> Option<Self>;
}

/// Reads what `put` wrote; every read is bounds-checked, so garbage fails with `None`.
pub struct Reader<'a> {
    pub buf: &'a [u8],
    /// What the writer's name ids stand for; see `note::names`.
    pub names: Names<'a>,
}

/// The texts a writer's name ids stand for: by id, the interned id of each
/// (`u32::MAX`: an id the writer did not use), or `Names::NOT_YET` for a text
/// interned on first use, read from `file` at its span in `spans` (a reader
/// of a few notes need not intern a whole table).
#[derive(Clone, Copy, Default)]
pub struct Names<'a> {
    pub ids: &'a [AtomicU32],
    pub spans: &'a [(usize, u32)],
    pub file: &'a [u8],
}

impl<'a> Names<'a> {
    pub const NOT_YET: u32 = u32::MAX - 1;

    /// The text of name id `at`, when it is interned on first use.
    pub fn text(&self, at: usize) -> Option<&'a str> {
        let &(start, len) = self.spans.get(at)?;
        std::str::from_utf8(self.file.get(start..start + len as usize)?).ok()
    }
}

impl<'a> Reader<'a> {
    /// A reader of `buf` without a table of names.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, names: Names::default() }
    }

    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.buf.split_first()?;
        self.buf = rest;
        Some(b)
    }

    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.buf.len() {
            return None;
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Some(head)
    }

    pub fn str(&mut self) -> Option<&'a str> {
        let n = usize::try_from(u64::get(self)?).ok()?;
        std::str::from_utf8(self.bytes(n)?).ok()
    }
}

impl Code for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        let mut v = *self;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        // Most numbers take one to three bytes (a link's name id, a line, a
        // length): read without a loop. The same value as the loop's.
        match *r.buf {
            [b0, ref rest @ ..] if b0 < 0x80 => {
                r.buf = rest;
                return Some(u64::from(b0));
            }
            [b0, b1, ref rest @ ..] if b1 < 0x80 => {
                r.buf = rest;
                return Some(u64::from(b0 & 0x7f) | u64::from(b1) << 7);
            }
            [b0, b1, b2, ref rest @ ..] if b2 < 0x80 => {
                r.buf = rest;
                return Some(u64::from(b0 & 0x7f) | u64::from(b1 & 0x7f) << 7 | u64::from(b2) << 14);
            }
            _ => {}
        }
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = r.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

impl Code for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        (((*self << 1) ^ (*self >> 63)) as u64).put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        let v = u64::get(r)?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
}

macro_rules! via {
    ($t:ty, $wide:ty) => {
        impl Code for $t {
            fn put(&self, out: &mut Vec<u8>) {
                <$wide>::from(*self).put(out);
            }
            fn get(r: &mut Reader) -> Option<Self> {
                <$t>::try_from(<$wide>::get(r)?).ok()
            }
        }
    };
}
via!(u32, u64);
via!(u16, u64);
via!(i32, i64);

impl Code for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn get(r: &mut Reader) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

/// A string: its length, then its bytes (read back with `Reader::str`).
pub fn put_str(s: &str, out: &mut Vec<u8>) {
    (s.len() as u64).put(out);
    out.extend_from_slice(s.as_bytes());
}

impl Code for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_str(self, out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        r.str().map(str::to_string)
    }
}

impl Code for Box<str> {
    fn put(&self, out: &mut Vec<u8>) {
        put_str(self, out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        r.str().map(Box::from)
    }
}

impl<T: Code> Code for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.is_some().put(out);
        if let Some(v) = self {
            v.put(out);
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(if bool::get(r)? { Some(T::get(r)?) } else { None })
    }
}

impl<T: Code> Code for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (self.len() as u64).put(out);
        for v in self {
            v.put(out);
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        let n = usize::try_from(u64::get(r)?).ok()?;
        // Each item takes at least one byte: a garbled length cannot reserve more than the buffer.
        let mut v = Vec::with_capacity(n.min(r.buf.len()));
        for _ in 0..n {
            v.push(T::get(r)?);
        }
        Some(v)
    }
}

impl<T: Code> Code for Box<[T]> {
    fn put(&self, out: &mut Vec<u8>) {
        (self.len() as u64).put(out);
        for v in self.iter() {
            v.put(out);
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Vec::<T>::get(r).map(Vec::into_boxed_slice)
    }
}

impl<T: Code> Code for Box<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        T::get(r).map(Box::new)
    }
}

impl<A: Code, B: Code> Code for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some((A::get(r)?, B::get(r)?))
    }
}

impl Code for NaiveDate {
    fn put(&self, out: &mut Vec<u8>) {
        self.num_days_from_ce().put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        date_of_day(i32::get(r)?)
    }
}

impl Code for NotePath {
    fn put(&self, out: &mut Vec<u8>) {
        put_str(self.as_str(), out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        r.str().map(NotePath::new)
    }
}

/// `NaiveDate::from_num_days_from_ce_opt`, remembered: a vault's millions of
/// log entries fall on a few thousand days, and working out a day's date
/// (year, leap year, ordinal) costs more than the rest of an entry's decoding.
fn date_of_day(days: i32) -> Option<NaiveDate> {
    use std::cell::Cell;
    const SLOTS: usize = 4096;
    thread_local! {
        static DAYS: [Cell<(i32, NaiveDate)>; SLOTS] = const { [const { Cell::new((i32::MIN, NaiveDate::MIN)) }; SLOTS] };
    }
    DAYS.with(|slots| {
        let slot = &slots[days.rem_euclid(SLOTS as i32) as usize];
        match slot.get() {
            // i32::MIN marks an empty slot (and is no date).
            (held, date) if held == days && days != i32::MIN => Some(date),
            _ => {
                let date = NaiveDate::from_num_days_from_ce_opt(days)?;
                slot.set((days, date));
                Some(date)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Code + PartialEq + std::fmt::Debug>(value: T) {
        let mut out = Vec::new();
        value.put(&mut out);
        let mut r = Reader::new(&out);
        assert_eq!(T::get(&mut r).as_ref(), Some(&value));
        assert!(r.buf.is_empty());
        // Cut short anywhere, it fails rather than reading a wrong value.
        for cut in 0..out.len() {
            assert_eq!(T::get(&mut Reader::new(&out[..cut])), None, "{value:?} cut at {cut}");
        }
    }

    /// The one- to three-byte reads give what the loop gives, at every length's edges.
    #[test]
    fn numbers_of_every_length_read_back() {
        for shift in 0..64 {
            for v in [1u64 << shift, (1u64 << shift) - 1, (1u64 << shift) + 1] {
                round_trip(v);
            }
        }
        round_trip(u64::MAX);
        for v in [0i64, -1, 1, i64::MIN, i64::MAX, -8193, 8192] {
            round_trip(v);
        }
    }

    /// Dates read back through the remembered days, those sharing a slot included.
    #[test]
    fn dates_read_back_through_the_remembered_days() {
        let base = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for offset in [0, 1, -1, 4096, -4096, 8192, 365, 0, 4096] {
            round_trip(base + chrono::Duration::days(offset));
        }
        round_trip(NaiveDate::MIN);
        round_trip(NaiveDate::MAX);
        let mut out = Vec::new();
        i32::MIN.put(&mut out);
        assert_eq!(NaiveDate::get(&mut Reader::new(&out)), None, "no date that day");
    }
}
