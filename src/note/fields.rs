//! Reading typed values out of a front matter mapping, reporting each bad field
//! with its line and leaving it out rather than dropping the whole note.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_norway::{Mapping, Value};

use super::dates::{parse_date, AnnualDate, Cadence};
use super::link::{find_links, target_of};
use super::names::{intern_text, NameList};
use super::recognise::{normalise, with_normalised, Recognition};
use crate::diag::Diagnostic;
use crate::path::NotePath;
use crate::vault::FrontMatter;

/// A link written in front matter, kept as written and with its line. The
/// target is interned (`names::intern_text`): most are a few goals' titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub target: &'static str,
    pub line: u32,
}

/// The links of one front matter field of a person (`goals`,
/// `introduced_by`): an interned list and the field's line, 8 bytes and no
/// heap block of its own (100k people are alive at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldLinks {
    targets: NameList,
    line: u32,
}

impl FieldLinks {
    /// Links of one field: they share its line.
    pub fn new(links: &[LinkRef]) -> FieldLinks {
        let line = links.first().map_or(0, |l| l.line);
        FieldLinks { targets: NameList::new(links.iter().map(|l| l.target)), line }
    }

    /// The links as written, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = LinkRef> + Clone {
        let line = self.line;
        self.targets.iter().map(move |target| LinkRef { target, line })
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }
}

/// A note's front matter as `Fields` reads it: the full mapping, or the
/// fast path's fields with their keys as written (`simple_yaml::parse_fields`),
/// when nothing needs the mapping itself.
#[derive(Clone, Copy)]
pub enum Front<'a> {
    Map(&'a Mapping),
    Fields(&'a [(&'a str, Value)]),
}

impl<'a> Front<'a> {
    fn get(self, key: &str) -> Option<&'a Value> {
        match self {
            Front::Map(map) => map.get(key),
            Front::Fields(fields) => fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
        }
    }

    fn len(self) -> usize {
        match self {
            Front::Map(map) => map.len(),
            Front::Fields(fields) => fields.len(),
        }
    }

    /// Every key that is text (or a number or boolean), in order.
    fn keys(self) -> impl Iterator<Item = Cow<'a, str>> {
        let (map, fields) = match self {
            Front::Map(map) => (Some(map), None),
            Front::Fields(fields) => (None, Some(fields)),
        };
        let map_keys = map.into_iter().flat_map(|map| map.keys().filter_map(scalar_str));
        map_keys.chain(fields.into_iter().flat_map(|fields| fields.iter().map(|(k, _)| Cow::Borrowed(*k))))
    }
}

pub struct Fields<'a> {
    pub front: Front<'a>,
    pub lines: &'a KeyLines,
    pub path: &'a NotePath,
    pub problems: &'a mut Vec<Diagnostic>,
    pub names: &'a FieldNames,
}

/// Which key of a note's front matter holds each field kith reads: names match
/// case- and separator-insensitively, with synonyms (`E-mail` is `email`).
#[derive(Debug, Clone, Default)]
pub struct FieldNames {
    /// Each key's field name (normalised), then the key as written, one
    /// after another (one buffer, not two strings a key).
    text: String,
    /// Where each key's name and key end in `text`, in the note's order.
    ends: Vec<(u32, u32)>,
}

impl FieldNames {
    pub fn new(front: Front<'_>, recognition: &Recognition) -> FieldNames {
        // Room for each key and its field name at a usual length, gathered without regrowing.
        let mut names =
            FieldNames { text: String::with_capacity(front.len() * 24), ends: Vec::with_capacity(front.len()) };
        for key in front.keys() {
            recognition.with_field_of(&key, |name| names.text.push_str(name));
            let name_end = names.text.len();
            names.text.push_str(&key);
            names.ends.push((offset(name_end), offset(names.text.len())));
        }
        names
    }

    /// (field name, normalised; key as written), in the note's order.
    fn keys(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(name_end, key_end)| {
            let (name_end, key_end) = (name_end as usize, key_end as usize);
            let pair = (&self.text[start..name_end], &self.text[name_end..key_end]);
            start = key_end;
            pair
        })
    }

    /// The key as written for kith's `field`: kith's own spelling when the
    /// note has it, else the first spelling that means the field.
    pub fn key_for<'k>(&'k self, field: &'k str) -> Option<&'k str> {
        if self.keys().any(|(_, key)| key == field) {
            return Some(field);
        }
        // Normalised once, then compared whole (most names differ in length).
        with_normalised(field, |wanted| self.keys().find(|(name, _)| *name == wanted).map(|(_, key)| key))
    }

    /// Fields written under more than one spelling: (kith's field, the spellings).
    pub fn repeated<'k>(&'k self, fields: &'k [&'k str]) -> impl Iterator<Item = (&'k str, Vec<&'k str>)> + 'k {
        // Most notes spell every field once: nothing to look for then.
        let names: Vec<&str> = self.keys().map(|(name, _)| name).collect();
        let any_twice = names.iter().enumerate().any(|(i, name)| names[..i].contains(name));
        fields.iter().filter(move |_| any_twice).filter_map(move |field| {
            let wanted = normalise(field);
            let spellings: Vec<&str> = self.keys().filter(|(name, _)| *name == wanted).map(|(_, key)| key).collect();
            (spellings.len() > 1).then_some((*field, spellings))
        })
    }

    /// Whether the note has a field (under any spelling).
    pub fn has(&self, field: &str) -> bool {
        self.key_for(field).is_some()
    }
}

impl<'a> Fields<'a> {
    /// The value of `key`, with YAML tags unwrapped; `null` counts as absent.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        let key = self.names.key_for(key)?;
        let mut value = self.front.get(key)?;
        while let Value::Tagged(tagged) = value {
            value = &tagged.value;
        }
        (!value.is_null()).then_some(value)
    }

    /// The file line of a top-level key, for messages.
    pub fn line(&self, key: &str) -> u32 {
        self.lines.line(self.names.key_for(key).unwrap_or(key))
    }

    pub fn error(&mut self, key: &str, message: String, hint: Option<&str>) {
        let mut diagnostic = Diagnostic::error(self.path, self.line(key), message);
        if let Some(hint) = hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.problems.push(diagnostic);
    }

    /// Warn about each field written under two spellings (`Company` and `company`).
    pub fn warn_repeated(&mut self, fields: &[&str]) {
        let repeated: Vec<(&str, Vec<&str>)> = self.names.repeated(fields).collect();
        for (field, spellings) in repeated {
            let used = self.names.key_for(field).unwrap_or(field);
            for other in spellings.iter().filter(|s| **s != used) {
                let line = self.lines.line(other);
                self.problems.push(
                    Diagnostic::warning(
                        self.path,
                        line,
                        format!("`{other}` and `{used}` both give {field}; kith reads `{used}`"),
                    )
                    .with_hint("keep one spelling of the field"),
                );
            }
        }
    }

    pub fn warning(&mut self, key: &str, message: String) {
        let line = self.line(key);
        self.problems.push(Diagnostic::warning(self.path, line, message));
    }

    /// A single piece of text. Numbers and booleans are taken as their text;
    /// an empty string counts as absent.
    pub fn string(&mut self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        // Obsidian list properties: `org: ["[[Obsidian]]"]` reads as "Obsidian".
        if let Value::Sequence(items) = value {
            let texts: Option<Vec<Cow<str>>> = items.iter().map(link_str).collect();
            if let Some(texts) = texts {
                let shown: Vec<&str> = texts
                    .iter()
                    .map(|t| if t.starts_with("[[") { target_of(t).unwrap_or(t) } else { t.trim() })
                    .collect();
                let joined = shown.into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join(", ");
                let joined = one_line(&joined);
                return (!joined.is_empty()).then_some(joined);
            }
        }
        match scalar_str(value) {
            Some(text) if text.trim().is_empty() => None,
            Some(text) => Some(one_line(&text)),
            None => {
                self.error(key, format!("`{key}` should be text, not {}", describe(value)), None);
                None
            }
        }
    }

    /// `string`, interned: for texts many notes share (a company, a role).
    pub fn shared_string(&mut self, key: &str) -> Option<&'static str> {
        self.string(key).map(|text| intern_text(&text).text())
    }

    /// A list of text values. A single value counts as a one-item list; with
    /// `split_commas`, `tags: a, b` gives two items. `#` prefixes are kept
    /// (callers for tags strip them).
    pub fn strings(&mut self, key: &str, split_commas: bool) -> Vec<String> {
        let mut out: Vec<String> = self.texts(key, split_commas).into_iter().map(Cow::into_owned).collect();
        // Kept for the whole run: no spare capacity (the index holds 100k of these).
        out.shrink_to_fit();
        out
    }

    /// `strings`, borrowed from the front matter where nothing had to change
    /// (for lists that are interned rather than kept).
    pub fn texts(&mut self, key: &str, split_commas: bool) -> Vec<Cow<'a, str>> {
        let Some(value) = self.get(key) else { return Vec::new() };
        let items = match value {
            Value::Sequence(seq) => seq.as_slice(),
            other => std::slice::from_ref(other),
        };
        let mut out = Vec::new();
        for item in items {
            match link_str(item) {
                Some(Cow::Borrowed(text)) if split_commas && !text.starts_with("[[") => {
                    out.extend(text.split(',').map(one_line_of).filter(|s| !s.is_empty()));
                }
                Some(Cow::Owned(text)) if split_commas && !text.starts_with("[[") => {
                    let parts = text.split(',').map(one_line_of).filter(|s| !s.is_empty());
                    out.extend(parts.map(|part| Cow::Owned(part.into_owned())));
                }
                Some(Cow::Borrowed(text)) if !text.trim().is_empty() => out.push(one_line_of(text)),
                Some(Cow::Owned(text)) if !text.trim().is_empty() => out.push(Cow::Owned(one_line(&text))),
                Some(_) => {}
                None if item.is_null() => {}
                None => {
                    self.error(key, format!("`{key}` should be a list of text, but holds {}", describe(item)), None);
                }
            }
        }
        out
    }

    /// Links to other notes: `"[[Name]]"`, plain `Name`, or the unquoted
    /// `[[Name]]` that YAML reads as a nested list.
    pub fn links(&mut self, key: &str) -> Vec<LinkRef> {
        let line = self.line(key);
        let mut links = Vec::new();
        for raw in self.texts(key, false) {
            // `"[[A]], [[B]]"` in one string holds two links.
            if super::link::opens_two_links(&raw) {
                links
                    .extend(find_links(&raw).iter().map(|target| LinkRef { target: intern_text(target).text(), line }));
            } else if let Some(target) = target_of(&raw) {
                links.push(LinkRef { target: intern_text(target).text(), line });
            }
        }
        links.shrink_to_fit();
        links
    }

    pub fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let value = self.get(key)?;
        let Some(text) = scalar_str(value) else {
            self.error(key, format!("`{key}` should be a date (YYYY-MM-DD), not {}", describe(value)), None);
            return None;
        };
        if text.trim().is_empty() {
            return None;
        }
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(err) => {
                let message = format!("`{key}`: {}", err.describe(text.trim()));
                self.error(key, message, Some("write dates as YYYY-MM-DD, e.g. 2026-12-01"));
                None
            }
        }
    }

    /// A yearly date (`1990-04-12` or `--04-12`).
    pub fn annual(&mut self, key: &str) -> Option<AnnualDate> {
        let value = self.get(key)?;
        let text = scalar_str(value).unwrap_or_default();
        match AnnualDate::parse(&text) {
            Ok(date) => Some(date),
            Err(err) => {
                let message =
                    format!("`{key}`: {}", err.describe(text.trim()).replace("YYYY-MM-DD", "YYYY-MM-DD or --MM-DD"));
                self.error(key, message, Some("write 1990-04-12, or --04-12 without the year"));
                None
            }
        }
    }

    /// A mapping of names to yearly dates, like `dates: {work anniversary: 2019-03-01}`.
    pub fn annual_map(&mut self, key: &str) -> Vec<(String, AnnualDate)> {
        let Some(value) = self.get(key) else { return Vec::new() };
        let Value::Mapping(map) = value else {
            self.error(key, format!("`{key}` should be named dates, like `work anniversary: 2019-03-01`"), None);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, date) in map {
            let (Some(name), Some(text)) = (scalar_text(name), scalar_text(date)) else { continue };
            match AnnualDate::parse(&text) {
                Ok(date) => out.push((name, date)),
                Err(err) => self.error(key, format!("`{key}.{name}`: {}", err.describe(text.trim())), None),
            }
        }
        out
    }

    pub fn cadence(&mut self, key: &str) -> Option<Cadence> {
        let value = self.get(key)?;
        let text = scalar_str(value).unwrap_or_default();
        if text.trim().is_empty() && !value.is_sequence() && !value.is_mapping() {
            return None;
        }
        match Cadence::parse(&text) {
            Ok(cadence) => Some(cadence),
            Err(message) => {
                let message = if text.is_empty() {
                    format!("`{key}` should be a cadence, not {}", describe(value))
                } else {
                    message
                };
                self.error(
                    key,
                    message,
                    Some("use a number of days or Nd, Nw, Nm, Ny, e.g. 6w; the stage default applies meanwhile"),
                );
                None
            }
        }
    }

    /// One of a fixed set of lowercase words, matched case-insensitively.
    pub fn choice<T: Copy>(&mut self, key: &str, choices: &[(&str, T)]) -> Option<T> {
        let text = self.string(key)?;
        let lower = text.to_lowercase();
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == lower) {
            return Some(*value);
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        self.error(key, format!("unknown {key} \"{text}\""), Some(&format!("use one of: {}", names.join(", "))));
        None
    }

    /// A positive whole number (`5` or `"5"`).
    pub fn positive_integer(&mut self, key: &str) -> Option<u32> {
        let value = self.get(key)?;
        let parsed = match value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse::<u64>().ok(),
            _ => None,
        };
        match parsed.and_then(|n| u32::try_from(n).ok()).filter(|&n| n > 0) {
            Some(n) => Some(n),
            None => {
                let shown = scalar_text(value).unwrap_or_else(|| describe(value).to_string());
                self.error(key, format!("`{key}` should be a positive whole number, not {shown}"), None);
                None
            }
        }
    }
}

/// A YAML parser error as (1-based line within the parsed text, column, message
/// without serde's own " at line … column …" suffix, which kith states itself).
/// The line and column are counted from the error's byte offset in `yaml`, the
/// way the file's lines are (LF ends a line): libyaml's own line number also
/// counts a bare CR, NEL, LS and PS as line breaks, and pointed past the front
/// matter in a note that has one.
pub fn yaml_error(err: &serde_norway::Error, yaml: &str) -> (u32, Option<u32>, String) {
    let (line, column) = err.location().map_or((1, None), |l| {
        let mut at = l.index().min(yaml.len());
        while !yaml.is_char_boundary(at) {
            at -= 1;
        }
        let line_start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
        (1 + yaml[..at].matches('\n').count(), Some(1 + yaml[line_start..at].chars().count()))
    });
    let message = err.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    (u32::try_from(line.max(1)).unwrap_or(1), column.map(|c| u32::try_from(c).unwrap_or(1)), message)
}

/// `value (label)` as kith writes typed emails and phones: the label is a
/// trailing parenthesis of letters, spaces, `-`, `_` or `,` (so a phone's
/// `(555) 123-4567` stays whole).
pub fn split_label(text: &str) -> (&str, Option<&str>) {
    let text = text.trim();
    if let Some(open) = text.strip_suffix(')').and_then(|t| t.rfind(" (")) {
        let label = &text[open + 2..text.len() - 1];
        if !label.is_empty() && label.chars().all(|c| c.is_alphabetic() || " -_,".contains(c)) {
            return (text[..open].trim_end(), Some(label));
        }
    }
    (text, None)
}

/// A text field's value as one trimmed line: a name, company, title or tag
/// is never several lines, so line breaks become spaces and other control
/// characters go (`crate::text::one_line`). Nothing read from a field can
/// then add a line, a heading or an escape sequence to any output.
pub fn one_line(text: &str) -> String {
    one_line_of(text).into_owned()
}

/// `one_line`, borrowed when nothing had to change.
fn one_line_of(text: &str) -> Cow<'_, str> {
    match crate::text::one_line(text.trim()) {
        Cow::Borrowed(line) => Cow::Borrowed(line.trim()),
        Cow::Owned(line) => Cow::Owned(line.trim().to_string()),
    }
}

/// The text of a scalar value (strings, numbers, booleans).
pub fn scalar_text(value: &Value) -> Option<String> {
    scalar_str(value).map(Cow::into_owned)
}

/// `scalar_text`, borrowed when the value is a string (most are: no copy to
/// read a field that is then trimmed, parsed or copied once anyway).
fn scalar_str(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        Value::Tagged(t) => scalar_str(&t.value),
        _ => None,
    }
}

/// Like `scalar_text`, but also reads `[[Name]]` written without quotes, which
/// YAML parses as a list holding a list holding `Name` (or, as a list item,
/// a list holding `Name`).
pub fn link_text(value: &Value) -> Option<String> {
    link_str(value).map(Cow::into_owned)
}

/// `link_text`, borrowed when the value is a string.
fn link_str(value: &Value) -> Option<Cow<'_, str>> {
    if let Some(text) = scalar_str(value) {
        return Some(text);
    }
    match value {
        Value::Sequence(outer) => match outer.as_slice() {
            [Value::Sequence(inner)] => match inner.as_slice() {
                [single] => scalar_str(single).map(|t| Cow::Owned(format!("[[{t}]]"))),
                _ => None,
            },
            [single] => scalar_str(single).map(|t| Cow::Owned(format!("[[{t}]]"))),
            _ => None,
        },
        _ => None,
    }
}

pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The file line of every top-level key: unindented lines of the form
/// `key:` (optionally quoted). Front matter is short, so this is cheap.
pub fn key_lines(front: FrontMatter<'_>) -> KeyLines {
    // Keys are shorter than their lines: room for them all without regrowing.
    let count = memchr::memchr_iter(b'\n', front.yaml.as_bytes()).count() + 1;
    let (mut text, mut lines) = (String::with_capacity(front.yaml.len()), Vec::with_capacity(count));
    // Split as `str::lines` would: a CR before the LF only ends a value, never a key.
    for (i, line) in crate::text::split_lines(front.yaml).enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let key = if let Some(rest) = line.strip_prefix('"') {
            rest.split_once('"').map(|(k, _)| k)
        } else if let Some(rest) = line.strip_prefix('\'') {
            rest.split_once('\'').map(|(k, _)| k)
        } else {
            line.split_once(':').map(|(k, _)| k.trim_end())
        };
        if let Some(key) = key {
            text.push_str(key);
            lines.push((offset(text.len()), front.first_line + u32::try_from(i).unwrap_or(0)));
        }
    }
    KeyLines { text, lines, fallback: front.first_line }
}

/// A position in a note's short texts (front matter keys), as stored.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Where each front matter key is, for messages about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    /// The keys, one after another (one buffer, not a string a key).
    text: String,
    /// Where each key ends in `text`, and its line.
    lines: Vec<(u32, u32)>,
    fallback: u32,
}

impl KeyLines {
    /// (key, line), in order.
    fn entries(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let mut start = 0;
        self.lines.iter().map(move |&(end, line)| {
            let key = &self.text[start..end as usize];
            start = end as usize;
            (key, line)
        })
    }

    /// Every line a key appears on (more than one when it is repeated).
    pub fn all<'k>(&'k self, key: &'k str) -> impl Iterator<Item = u32> + 'k {
        self.entries().filter(move |(k, _)| *k == key).map(|(_, l)| l)
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries().map(|(k, _)| k)
    }

    /// A field given outside the front matter (a Dataview `Key:: value` line).
    pub fn push(&mut self, key: String, line: u32) {
        self.text.push_str(&key);
        self.lines.push((offset(self.text.len()), line));
    }

    pub fn line(&self, key: &str) -> u32 {
        self.entries().find(|(k, _)| *k == key).map_or(self.fallback.max(1), |(_, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::parse_note;

    #[test]
    fn a_persons_front_matter_links_keep_their_targets_order_and_line() {
        let text =
            "---\nname: Ada\ngoals: [\"[[Speak]]\", \"[[Write|a book]]\", Speak]\nintroduced_by: \"[[Bo Li]]\"\n---\n";
        let note = parse_note(NotePath::new("people/Ada.md"), text, &crate::config::Settings::default().folders);
        let person = note.person().expect("a person");
        let goals: Vec<LinkRef> = person.goals.iter().collect();
        let link = |target, line| LinkRef { target, line };
        assert_eq!(goals, [link("Speak", 3), link("Write", 3), link("Speak", 3)]);
        assert_eq!(person.introduced_by.iter().collect::<Vec<_>>(), [link("Bo Li", 4)]);
        let plain = parse_note(
            NotePath::new("people/Bo Li.md"),
            "---\nname: Bo\n---\n",
            &crate::config::Settings::default().folders,
        );
        let plain = plain.person().expect("a person");
        assert!(plain.goals.is_empty() && plain.introduced_by.is_empty());
        assert_eq!(plain.goals, FieldLinks::default());
    }
}
