//! A small explicit binary codec: varints, length-prefixed strings, and the
//! containers and dates built from them. The persistent cache (`crate::cache`)
//! encodes the parsed note types with it; the note types whose fields are
//! private to their module (log entries, name lists) implement it there, so it
//! sits below both.

use chrono::{Datelike, NaiveDate};

use crate::path::NotePath;

pub trait Code: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(r: &mut Reader) -> Option<Self>;
}

/// Reads what `put` wrote; every read is bounds-checked, so garbage fails with `None`.
pub struct Reader<'a> {
    pub buf: &'a [u8],
    /// The interned ids of the texts the writer's name ids stand for, by
    /// those ids (`u32::MAX`: none); see `note::names`.
    pub names: &'a [u32],
}

impl<'a> Reader<'a> {
    /// A reader of `buf` without a table of names.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, names: &[] }
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
        NaiveDate::from_num_days_from_ce_opt(i32::get(r)?)
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
