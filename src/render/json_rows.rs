//! A JSON array written from its items' text kept between rebuilds (`kith
//! watch`): an item equal to one rendered last time is not serialized again,
//! so one changed person rewrites a few rows of a multi-megabyte goals.json or
//! overdue.json, not every row. The bytes are those of `render::json`.

use serde::Serialize;
use std::io::{self, Write};

use super::registry::FileState;

/// The items of the last array written, each with its text, in order.
struct Rows<T> {
    items: Vec<(T, String)>,
}

/// Write `items` as `render::json` would, reusing the text of items equal to
/// the ones at about the same place last time (`state` keeps them).
pub fn json_array<T>(out: &mut dyn Write, items: &[T], state: &mut FileState) -> io::Result<()>
where
    T: Serialize + Clone + PartialEq + Send + 'static,
{
    let kept = state.get_or_insert_with(|| Box::new(Rows::<T> { items: Vec::new() }));
    let Some(rows) = kept.downcast_mut::<Rows<T>>() else { return super::json(out, items) };
    let mut old = std::mem::take(&mut rows.items).into_iter().map(Some).collect::<Vec<_>>();
    let mut next = 0;
    let mut fresh: Vec<(T, String)> = Vec::with_capacity(items.len());
    for item in items {
        // A few rows were taken out or put in: the old row is here or just after.
        let reuse = (next..old.len().min(next + 2)).find(|&at| old[at].as_ref().is_some_and(|(o, _)| o == item));
        // A reused row keeps its kept copy (equal to `item`): nothing is cloned.
        let row = match reuse.and_then(|at| old[at].take().map(|row| (at, row))) {
            Some((at, row)) => {
                next = at + 1;
                row
            }
            None => (item.clone(), item_text(item)?),
        };
        fresh.push(row);
    }
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    write_array(&mut buffered, fresh.iter().map(|(_, text)| text.as_bytes()))?;
    buffered.flush()?;
    rows.items = fresh;
    Ok(())
}

/// An array of items' texts (`item_text`) as `render::json` writes it, line break included.
pub fn write_array<'a>(out: &mut dyn Write, items: impl Iterator<Item = &'a [u8]>) -> io::Result<()> {
    let mut empty = true;
    for (i, text) in items.enumerate() {
        out.write_all(if i == 0 { b"[\n" } else { b",\n" })?;
        out.write_all(text)?;
        empty = false;
    }
    out.write_all(if empty { b"[]\n" } else { b"\n]\n" })
}

/// The length of each item's text in `json`, an array of objects as
/// `render::json` writes it (`write_array`); `None` when it is not one.
/// An item ends at the first line that is a closing brace indented two
/// spaces: its own lines are indented four or more, and its strings hold no
/// raw line break.
pub fn item_lengths(json: &[u8]) -> Option<Vec<u32>> {
    if json == b"[]\n" {
        return Some(Vec::new());
    }
    let body = json.strip_prefix(b"[\n")?.strip_suffix(b"\n]\n")?;
    let mut lengths = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let rest = &body[at..];
        if !rest.starts_with(b"  {") {
            return None;
        }
        let end = memchr::memmem::find(rest, b"\n  }")? + 4;
        lengths.push(u32::try_from(end).ok()?);
        at += end;
        match &body[at..] {
            [] => {}
            [b',', b'\n', _, ..] => at += 2,
            _ => return None,
        }
    }
    Some(lengths)
}

/// One item as serde_json's pretty printer writes it inside an array: every
/// line indented two more spaces (strings hold no raw line break).
pub fn item_text<T: Serialize>(item: &T) -> io::Result<String> {
    let alone = serde_json::to_string_pretty(item).map_err(io::Error::other)?;
    let mut text = String::with_capacity(alone.len() + alone.len() / 8);
    for (i, line) in alone.split('\n').enumerate() {
        text.push_str(if i == 0 { "  " } else { "\n  " });
        text.push_str(line);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Debug, Clone, PartialEq, Serialize)]
    struct Row {
        name: String,
        tags: Vec<String>,
        nested: Vec<Vec<u32>>,
        score: Option<f64>,
    }

    fn row(name: &str, n: u32) -> Row {
        Row {
            name: format!("{name} \"quoted\"\nline\t{n}"),
            tags: (0..n % 3).map(|i| format!("t{i}")).collect(),
            nested: vec![vec![], (0..n % 4).collect()],
            score: (n % 2 == 0).then_some(f64::from(n) / 3.0),
        }
    }

    fn plain(items: &[Row]) -> Vec<u8> {
        let mut out = Vec::new();
        crate::render::json(&mut out, items).unwrap();
        out
    }

    #[test]
    fn the_same_bytes_as_the_plain_writer_after_any_sequence_of_changes() {
        let mut state: FileState = None;
        let mut items: Vec<Row> = Vec::new();
        let mut step = 0u32;
        // Empty, then grown, shrunk, changed in place, moved, and emptied again.
        let edits: [fn(&mut Vec<Row>, u32); 6] = [
            |v, n| v.push(row("pushed", n)),
            |v, n| v.insert(0, row("first", n)),
            |v, n| {
                let at = v.len() / 2;
                v.insert(at, row("middle", n));
            },
            |v, n| {
                let at = n as usize % v.len().max(1);
                if let Some(r) = v.get_mut(at) {
                    r.tags.push("changed".into());
                }
            },
            |v, n| {
                if !v.is_empty() {
                    let at = n as usize % v.len();
                    let moved = v.remove(at);
                    v.insert((at * 7 + 3) % (v.len() + 1), moved);
                }
            },
            |v, n| {
                if !v.is_empty() {
                    v.remove(n as usize % v.len());
                }
            },
        ];
        for round in 0..60 {
            for edit in &edits {
                step += 1;
                if round % 2 == 0 || step % 3 != 0 {
                    edit(&mut items, step);
                }
                let mut out = Vec::new();
                json_array(&mut out, &items, &mut state).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(plain(&items)).unwrap());
            }
        }
        items.clear();
        let mut out = Vec::new();
        json_array(&mut out, &items, &mut state).unwrap();
        assert_eq!(out, plain(&items));
    }
}
