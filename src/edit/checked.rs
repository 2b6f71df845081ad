//! The edits of `kith log`, verified before anything is written: the note is
//! parsed again as kith reads it, and an edit that would not do what it says
//! (an entry that does not count, a front matter that breaks or changes
//! another field) is refused instead of written.

use serde_norway::Value;

use super::{add_log_entry, set_front_field};
use crate::note::log::parse_log;
use crate::note::ParseMode;
use crate::path::NotePath;
use crate::vault::split_front_matter;

/// `add_log_entry`, refused unless the note then has its entries and exactly
/// one more, on the entry's date, and every original byte is kept, in order.
/// (Counting alone is not enough: an entry text opening a `%%` comment hid
/// one entry and showed another, and the count stayed right.)
pub fn log_entry_checked(text: &str, entry: &str) -> Result<String, String> {
    let new = add_log_entry(text, entry);
    if !keeps_every_byte(text, &new) {
        return Err("kith could not add the entry without changing other text".into());
    }
    let date = crate::note::dates::date_prefix(entry).and_then(|(d, _)| d.ok());
    let counted = |t: &str| {
        let mut seen: Vec<(chrono::NaiveDate, Vec<String>)> =
            entries(t).iter().map(|e| (e.date, e.tags().map(str::to_string).collect())).collect();
        seen.sort();
        seen
    };
    let (before, after) = (counted(text), counted(&new));
    // Taking one entry on the day out of the new note must give back the old entries exactly.
    let kept = after.len() == before.len() + 1
        && after.iter().enumerate().any(|(i, (day, _))| {
            date.is_none_or(|d| *day == d) && {
                let mut rest = after.clone();
                rest.remove(i);
                rest == before
            }
        });
    if !kept {
        return Err("a new entry would not count where kith can add it (does the note end inside an unclosed \
                    code fence, <details> block or %% comment?); close it, or add the entry by hand"
            .into());
    }
    Ok(new)
}

fn entries(text: &str) -> Vec<crate::note::LogEntry> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = split_front_matter(text).map_or(text, |s| s.body);
    parse_log(body, 1, &NotePath::new("note.md"), ParseMode::Index, &mut Vec::new())
}

/// Is `old` kept whole inside `new`, with one insertion at a single place?
pub fn keeps_every_byte(old: &str, new: &str) -> bool {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    b.len() >= a.len() && prefix + suffix == a.len()
}

/// `touch_last_contact`, checked like `set_field_checked`.
pub fn touch_checked(text: &str, date: &str) -> Result<String, String> {
    set_field_checked(text, &super::last_contact_key(text), date)
}

/// `set_front_field`, refused (with the reason) unless the front matter still
/// parses, `key` then holds `value` (a date or plain word), and no other field changed.
pub fn set_field_checked(text: &str, key: &str, value: &str) -> Result<String, String> {
    let Some(new) = set_front_field(text, key, value) else { return Err("the note has no front matter".into()) };
    let mapping = |t: &str| -> Option<serde_norway::Mapping> {
        let t = t.strip_prefix('\u{feff}').unwrap_or(t);
        let yaml = split_front_matter(t).ok()?.front?.yaml;
        match serde_norway::from_str::<Value>(yaml).ok()? {
            Value::Mapping(m) => Some(m),
            Value::Null => Some(serde_norway::Mapping::new()),
            _ => None,
        }
    };
    let Some(old) = mapping(text) else { return Err("the front matter does not parse as YAML fields".into()) };
    let Some(changed) = mapping(&new) else {
        return Err("changing last_contact would break the front matter; edit it by hand".into());
    };
    let name = key;
    let key = Value::String(key.into());
    let others_same = old.iter().filter(|(k, _)| **k != key).all(|(k, v)| changed.get(k) == Some(v))
        && changed.iter().filter(|(k, _)| **k != key).count() == old.iter().filter(|(k, _)| **k != key).count();
    if !others_same {
        return Err(format!(
            "{name} shares its value with another field (a YAML anchor and alias); changing it would change \
             that field too; edit it by hand"
        ));
    }
    if changed.get(&key) != Some(&Value::String(value.into())) {
        return Err(format!("kith could not set {name} in this front matter; edit it by hand"));
    }
    Ok(new)
}
