//! The `Log` section of a note: dated entries written as list items or headings.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime, Timelike};
use memchr::memmem;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::dates::{date_prefix, time_prefix, DateError};
use super::link::{cut_target, for_each_link, for_each_tag};
use super::names::{ListBatch, NameList};
use crate::diag::Diagnostic;
use crate::path::NotePath;

mod quick;

/// Tags kith gives meaning to, kept as bits so a log entry stays small: a
/// 100k-note vault holds millions of entries.
const KNOWN_TAGS: [&str; 9] = ["gave", "got", "ask", "intro", "referral", "win", "meeting", "coffee", "call"];

/// One dated interaction or event in a note's log. Kept compact (24 bytes):
/// links are a handle into the shared name table (`names.rs`); other tags and
/// the text live in a box only entries that have them pay for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub date: NaiveDate,
    /// The file line the entry starts on.
    pub line: u32,
    /// Minutes after midnight, `u16::MAX` when no time was written.
    minute: u16,
    known_tags: u16,
    links: NameList,
    extra: Option<Box<EntryExtra>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct EntryExtra {
    other_tags: Box<[Box<str>]>,
    /// Only when parsed for display (`ParseMode::WithText`).
    text: Option<Box<str>>,
    /// The dated note the entry came from, when it is not the person's own Log.
    source: Option<NotePath>,
}

impl LogEntry {
    pub fn new(
        date: NaiveDate,
        time: Option<NaiveTime>,
        line: u32,
        tags: TagSet,
        links: NameList,
        text: Option<String>,
    ) -> Self {
        let TagSet { known: known_tags, other: other_tags } = tags;
        let minute = time.map_or(u16::MAX, |t| u16::try_from(t.hour() * 60 + t.minute()).unwrap_or(u16::MAX));
        let extra = (!other_tags.is_empty() || text.is_some()).then(|| {
            Box::new(EntryExtra {
                other_tags: other_tags.into_boxed_slice(),
                text: text.map(String::into_boxed_str),
                source: None,
            })
        });
        LogEntry { date, line, minute, known_tags, links, extra }
    }

    pub fn time(&self) -> Option<NaiveTime> {
        (self.minute != u16::MAX)
            .then(|| NaiveTime::from_hms_opt(u32::from(self.minute / 60), u32::from(self.minute % 60), 0))
            .flatten()
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        match KNOWN_TAGS.iter().position(|k| *k == tag) {
            Some(bit) => self.known_tags & (1 << bit) != 0,
            None => self.extra.as_ref().is_some_and(|e| e.other_tags.iter().any(|t| &**t == tag)),
        }
    }

    /// Lowercased tags without `#`: kith's own first, then the user's.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        let known = KNOWN_TAGS.iter().enumerate().filter(|(bit, _)| self.known_tags & (1 << bit) != 0).map(|(_, t)| *t);
        known.chain(self.extra.iter().flat_map(|e| e.other_tags.iter().map(|t| &**t)))
    }

    /// Feed everything the entry holds to `h`, its links by their text (a
    /// text's id differs from one run to the next): two entries that hash
    /// alike in any two runs are equal.
    pub fn hash_stable(&self, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let LogEntry { date, line, minute, known_tags, links, extra } = self;
        (date, line, minute, known_tags, links.len()).hash(h);
        links.iter().for_each(|text| text.hash(h));
        extra.as_deref().map(|e| (&e.other_tags, &e.text, &e.source)).hash(h);
    }

    /// The dated note this entry came from; `None` for a note's own Log.
    pub fn source(&self) -> Option<&NotePath> {
        self.extra.as_ref().and_then(|e| e.source.as_ref())
    }

    /// The same entry, as a contact found in the dated note `source`.
    pub fn from_note(&self, source: &NotePath) -> LogEntry {
        let mut entry = self.clone();
        entry.extra.get_or_insert_with(Box::default).source = Some(source.clone());
        entry
    }

    /// Wikilink targets, as written (`links().iter()` gives each as text).
    pub fn links(&self) -> NameList {
        self.links
    }

    /// The entry's text after the date (markup removed); empty unless the note
    /// was parsed with `ParseMode::WithText` or the entry is a `#win`.
    pub fn text(&self) -> &str {
        self.extra.as_ref().and_then(|e| e.text.as_deref()).unwrap_or("")
    }
}

impl Serialize for LogEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("LogEntry", 7)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("time", &self.time().map(|t| t.format("%H:%M").to_string()))?;
        st.serialize_field("text", self.text())?;
        st.serialize_field("tags", &self.tags().collect::<Vec<_>>())?;
        st.serialize_field("links", &self.links())?;
        st.serialize_field("line", &self.line)?;
        match self.source() {
            Some(source) => st.serialize_field("source", source)?,
            None => st.skip_field("source")?,
        }
        st.end()
    }
}

/// The tags of one entry while it is parsed: kith's own as bits, others in order.
#[derive(Debug, Default)]
pub struct TagSet {
    known: u16,
    other: Vec<Box<str>>,
}

impl TagSet {
    pub fn has(&self, tag: &str) -> bool {
        match KNOWN_TAGS.iter().position(|k| *k == tag) {
            Some(bit) => self.known & (1 << bit) != 0,
            None => self.other.iter().any(|t| &**t == tag),
        }
    }

    pub fn add(&mut self, tag: &str) {
        match KNOWN_TAGS.iter().position(|k| *k == tag) {
            Some(bit) => self.known |= 1 << bit,
            None if !self.other.iter().any(|t| &**t == tag) => self.other.push(tag.into()),
            None => {}
        }
    }
}

/// Whether log entries keep their text: not in the index (memory), yes for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseMode {
    Index,
    WithText,
}

/// Parse every `Log` section of `body`. `body_line` is the file line the body starts on.
pub fn parse_log(
    body: &str,
    body_line: u32,
    path: &NotePath,
    mode: ParseMode,
    problems: &mut Vec<Diagnostic>,
) -> Vec<LogEntry> {
    if !contains_log_word(body) {
        return Vec::new();
    }
    // Commented-out text (`%% … %%`, `<!-- … -->`) does not count; offsets stay.
    let body = &*super::comments::blank(body);
    let mut quick_problems = Vec::new();
    if let Some(entries) = quick::parse(body, body_line, path, mode, &mut quick_problems) {
        problems.append(&mut quick_problems);
        return entries;
    }
    parse_log_cmark(body, body_line, path, mode, problems)
}

/// `parse_log` through the full CommonMark parse.
fn parse_log_cmark(
    body: &str,
    body_line: u32,
    path: &NotePath,
    mode: ParseMode,
    problems: &mut Vec<Diagnostic>,
) -> Vec<LogEntry> {
    let mut walker = LogWalker::new(body, body_line, path, mode, problems);
    let options = Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        walker.event(event, range.start);
    }
    walker.finish()
}

/// Cheap pre-filter: no heading can be named Log without these letters.
fn contains_log_word(body: &str) -> bool {
    // The usual spellings first, with a vector search: a long note's prose
    // has hundreds of `l`s before its `## Log`.
    static USUAL: [LazyLock<memmem::Finder<'static>>; 2] =
        [LazyLock::new(|| memmem::Finder::new("Log")), LazyLock::new(|| memmem::Finder::new("log"))];
    let bytes = body.as_bytes();
    if USUAL.iter().any(|finder| finder.find(bytes).is_some()) {
        return true;
    }
    memchr::memchr2_iter(b'l', b'L', bytes).any(|i| bytes.get(i..i + 3).is_some_and(|w| w.eq_ignore_ascii_case(b"log")))
}

/// Text gathered for one candidate entry, with the byte ranges of code spans,
/// which hide tags and links. One buffer: most entries have no code at all.
#[derive(Default)]
struct Gathered {
    text: String,
    code: Vec<(usize, usize)>,
}

impl Gathered {
    fn push_text(&mut self, t: &str) {
        self.text.push_str(t);
    }
    fn push_code(&mut self, t: &str) {
        let start = self.text.len();
        self.text.push_str(t);
        self.code.push((start, self.text.len()));
    }
    fn absorb(&mut self, other: &Gathered) {
        self.text.push(' ');
        let offset = self.text.len();
        self.text.push_str(&other.text);
        self.code.extend(other.code.iter().map(|(a, b)| (a + offset, b + offset)));
    }
    /// The text with code spans blanked out, for finding tags and links. The
    /// blank is a line break, which no link spans: `[[a `b` c]]` is no link
    /// (with spaces it was one, its target as long as the code, which a code
    /// span across a CRLF line end made one character longer than across LF).
    fn scan(&self) -> std::borrow::Cow<'_, str> {
        if self.code.is_empty() {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut bytes = self.text.clone().into_bytes();
        for &(a, b) in &self.code {
            bytes[a..b].fill(b'\n');
        }
        std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
    }
}

struct ItemFrame {
    line: u32,
    gathered: Gathered,
    has_dated_child: bool,
    /// Nested in an item that starts with a date: part of that entry, dated or not.
    in_entry: bool,
    /// Whether this item's own text starts with a date (known once a child item starts).
    dated: Option<bool>,
}

struct HeadingEntry {
    line: u32,
    head: Gathered,
    details: Gathered,
}

struct LogWalker<'a> {
    path: &'a NotePath,
    mode: ParseMode,
    problems: &'a mut Vec<Diagnostic>,
    lines: LineCounter<'a>,
    entries: Vec<LogEntry>,
    /// Inside a Log section opened by a heading of this level.
    log_level: Option<HeadingLevel>,
    heading: Option<(HeadingLevel, u32, Gathered)>,
    heading_entry: Option<HeadingEntry>,
    items: Vec<ItemFrame>,
    /// A top-level paragraph in the log whose first text is not yet seen.
    paragraph_pending: Option<u32>,
    /// Emptied buffers of finished items, reused for the next ones.
    spare: Vec<Gathered>,
    /// Each entry's link targets, interned together once the note is read.
    links: ListBatch,
}

impl<'a> LogWalker<'a> {
    fn new(
        body: &'a str,
        body_line: u32,
        path: &'a NotePath,
        mode: ParseMode,
        problems: &'a mut Vec<Diagnostic>,
    ) -> Self {
        LogWalker {
            path,
            mode,
            problems,
            lines: LineCounter { body, offset: 0, line: body_line },
            entries: Vec::new(),
            log_level: None,
            heading: None,
            heading_entry: None,
            items: Vec::new(),
            paragraph_pending: None,
            spare: Vec::new(),
            // A `[[` opens each link: room for them all, at the length of a name.
            links: {
                let links = memchr::memchr_iter(b'[', body.as_bytes()).count() / 2;
                ListBatch::with_capacity(links, links * 24)
            },
        }
    }

    /// The entries, once every line is read.
    fn finish(mut self) -> Vec<LogEntry> {
        self.flush_heading_entry();
        for (entry, links) in self.entries.iter_mut().zip(self.links.finish()) {
            entry.links = links;
        }
        self.entries
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let line = self.lines.line_at(offset);
                self.heading = Some((level, line, Gathered::default()));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((_, line, gathered)) = self.heading.take() {
                    self.heading_done(level, line, gathered);
                }
            }
            _ if self.heading.is_some() => {
                if let Some((_, _, gathered)) = self.heading.as_mut() {
                    gather(gathered, &event);
                }
            }
            _ if self.log_level.is_none() => {}
            Event::Start(Tag::Item) => {
                let line = self.lines.line_at(offset);
                let gathered = self.spare.pop().unwrap_or_default();
                let in_entry = self.items.last_mut().is_some_and(|parent| {
                    // The parent's text so far is its own line: its children come after it.
                    let dated = *parent.dated.get_or_insert_with(|| {
                        date_prefix(strip_daily_link(parent.gathered.text.trim_start())).is_some()
                    });
                    parent.in_entry || dated
                });
                self.items.push(ItemFrame { line, gathered, has_dated_child: false, in_entry, dated: None });
            }
            Event::End(TagEnd::Item) => {
                if let Some(frame) = self.items.pop() {
                    self.item_done(frame);
                }
            }
            Event::Start(Tag::Paragraph) if self.items.is_empty() && self.heading_entry.is_none() => {
                self.paragraph_pending = Some(self.lines.line_at(offset));
            }
            _ => {
                if let Some(line) = self.paragraph_pending.take() {
                    if let Event::Text(t) = &event {
                        if date_prefix(t.trim_start()).is_some() {
                            self.problems.push(
                                Diagnostic::warning(
                                    self.path,
                                    line,
                                    "log line is not a list item, so it is not counted",
                                )
                                .with_hint("start log entries with \"- \", e.g. \"- 2026-10-03 Coffee with Ada\""),
                            );
                        }
                    }
                }
                if let Some(frame) = self.items.last_mut() {
                    gather(&mut frame.gathered, &event);
                } else if let Some(entry) = self.heading_entry.as_mut() {
                    gather(&mut entry.details, &event);
                }
            }
        }
    }

    fn heading_done(&mut self, level: HeadingLevel, line: u32, gathered: Gathered) {
        if gathered.text.trim().eq_ignore_ascii_case("log") {
            self.flush_heading_entry();
            self.log_level = Some(level);
            return;
        }
        let Some(log_level) = self.log_level else { return };
        self.flush_heading_entry();
        if level <= log_level {
            self.log_level = None;
            return;
        }
        if date_prefix(strip_daily_link(gathered.text.trim_start())).is_some() {
            self.heading_entry = Some(HeadingEntry { line, head: gathered, details: Gathered::default() });
        }
    }

    fn item_done(&mut self, mut frame: ItemFrame) {
        self.item_outcome(&frame);
        frame.gathered.text.clear();
        frame.gathered.code.clear();
        self.spare.push(frame.gathered);
    }

    fn item_outcome(&mut self, frame: &ItemFrame) {
        if !frame.in_entry && self.dated_entry(frame.line, &frame.gathered, None) {
            if let Some(parent) = self.items.last_mut() {
                parent.has_dated_child = true;
            }
            return;
        }
        if let Some(parent) = self.items.last_mut() {
            parent.gathered.absorb(&frame.gathered);
            parent.has_dated_child |= frame.has_dated_child;
        } else if let Some(entry) = self.heading_entry.as_mut() {
            entry.details.absorb(&frame.gathered);
        } else if !frame.has_dated_child && !frame.gathered.text.trim().is_empty() {
            self.undated_item(frame.line);
        }
    }

    fn undated_item(&mut self, line: u32) {
        self.problems.push(
            Diagnostic::warning(self.path, line, "log item has no date, so it is not counted")
                .with_hint("start the item with the day it happened, e.g. \"- 2026-10-03 …\""),
        );
    }

    /// A top-level list item of one line, as the quick path read it: `links`
    /// are where its wikilinks' targets are in `text` (found while checking
    /// the line, so it is not scanned for them again). What `item_outcome`
    /// makes of the item.
    fn quick_item(&mut self, line: u32, text: &str, links: &[(usize, usize)]) {
        if self.heading_entry.is_some() || !self.items.is_empty() {
            let gathered = Gathered { text: text.to_string(), code: Vec::new() };
            let frame = ItemFrame { line, gathered, has_dated_child: false, in_entry: false, dated: None };
            return self.item_outcome(&frame);
        }
        let dated = self.entry(line, text, |tags, batch| {
            for_each_tag(text, |tag| tags.add(tag));
            for &(start, end) in links {
                if let Some(target) = cut_target(&text[start..end]) {
                    batch.push(target);
                }
            }
        });
        if !dated && !text.trim().is_empty() {
            self.undated_item(line);
        }
    }

    fn flush_heading_entry(&mut self) {
        if let Some(entry) = self.heading_entry.take() {
            self.dated_entry(entry.line, &entry.head, Some(&entry.details));
        }
    }

    /// Record `gathered` as an entry if it starts with a date. Returns whether it
    /// looked like a dated entry at all (even one with an impossible date).
    fn dated_entry(&mut self, line: u32, gathered: &Gathered, details: Option<&Gathered>) -> bool {
        self.entry(line, &gathered.text, |tags, links| {
            let (scan, details_scan) = (gathered.scan(), details.map(Gathered::scan));
            for scan in std::iter::once(&scan).chain(details_scan.as_ref()) {
                for_each_tag(scan, |tag| tags.add(tag));
                for_each_link(scan, |target| links.push(target));
            }
        })
    }

    /// `dated_entry` for an entry's whole text, given how to find its tags
    /// and links (the quick path has found its links while checking the line).
    fn entry(&mut self, line: u32, text: &str, tags_and_links: impl FnOnce(&mut TagSet, &mut ListBatch)) -> bool {
        let text = strip_daily_link(text.trim_start());
        let Some((date, end)) = date_prefix(text) else { return false };
        let date = match date {
            Ok(date) => date,
            Err(err) => {
                let shown = &text[..end];
                let message = match err {
                    DateError::Impossible => {
                        format!("log entry date {shown} is not a real calendar day; entry skipped")
                    }
                    DateError::NotADate => format!("log entry date {shown} is not a date; entry skipped"),
                };
                self.problems.push(Diagnostic::error(self.path, line, message));
                return true;
            }
        };
        let mut rest = &text[end..];
        // (`trim_start_matches("]]")` built a substring searcher for every entry.)
        while let Some(after) = rest.strip_prefix("]]") {
            rest = after;
        }
        let mut time = None;
        let after_sep = rest.trim_start_matches([' ', 'T', '\t']);
        if let Some((parsed, len)) = time_prefix(after_sep) {
            if parsed.is_none() {
                self.problems.push(Diagnostic::warning(
                    self.path,
                    line,
                    format!("log entry time {} is not a time of day; the date still counts", &after_sep[..len]),
                ));
            }
            time = parsed;
            rest = &after_sep[len..];
        }
        let mut tags = TagSet::default();
        tags_and_links(&mut tags, &mut self.links);
        self.links.end_list();
        // Wins are rare and goal pages list them, so the index keeps their text.
        let keep_text = self.mode == ParseMode::WithText || tags.has("win");
        let text =
            keep_text.then(|| collapse_spaces(rest.trim_start_matches([' ', '\t', ':', '-', '–', '—']).trim_end()));
        self.entries.push(LogEntry::new(date, time, line, tags, NameList::default(), text));
        true
    }
}

fn gather(gathered: &mut Gathered, event: &Event<'_>) {
    match event {
        Event::Text(t) => gathered.push_text(t),
        Event::Code(t) => gathered.push_code(t),
        Event::SoftBreak | Event::HardBreak => gathered.push_text(" "),
        _ => {}
    }
}

/// Obsidian users often link the day: `[[2026-10-03]] Coffee`.
fn strip_daily_link(text: &str) -> &str {
    match text.strip_prefix("[[") {
        Some(rest) if date_prefix(rest).is_some() => rest,
        _ => text,
    }
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// File line numbers for increasing byte offsets, counted incrementally.
struct LineCounter<'a> {
    body: &'a str,
    offset: usize,
    line: u32,
}

impl LineCounter<'_> {
    fn line_at(&mut self, offset: usize) -> u32 {
        if offset < self.offset {
            // Offsets of start events only move forward; recount if not.
            self.line -= count_newlines(&self.body.as_bytes()[offset..self.offset]);
        } else {
            self.line += count_newlines(&self.body.as_bytes()[self.offset..offset]);
        }
        self.offset = offset;
        self.line
    }
}

fn count_newlines(bytes: &[u8]) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', bytes).count()).unwrap_or(u32::MAX)
}

/// The persistent cache's encoding of entries (their fields are private to this module).
mod cache_code {
    use super::{EntryExtra, LogEntry};
    use crate::codec::{Code, Reader};
    impl Code for LogEntry {
        fn put(&self, out: &mut Vec<u8>) {
            let LogEntry { date, line, minute, known_tags, links, extra } = self;
            date.put(out);
            line.put(out);
            minute.put(out);
            known_tags.put(out);
            links.put(out);
            extra.put(out);
        }
        fn get(r: &mut Reader) -> Option<Self> {
            Some(LogEntry {
                date: Code::get(r)?,
                line: Code::get(r)?,
                minute: Code::get(r)?,
                known_tags: Code::get(r)?,
                links: Code::get(r)?,
                extra: Code::get(r)?,
            })
        }
    }

    impl Code for EntryExtra {
        fn put(&self, out: &mut Vec<u8>) {
            let EntryExtra { other_tags, text, source } = self;
            other_tags.put(out);
            text.put(out);
            source.put(out);
        }
        fn get(r: &mut Reader) -> Option<Self> {
            Some(EntryExtra { other_tags: Code::get(r)?, text: Code::get(r)?, source: Code::get(r)? })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> (Vec<LogEntry>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let entries = parse_log(body, 1, &NotePath::new("p.md"), ParseMode::WithText, &mut problems);
        (entries, problems)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn list_entries_with_tags_links_and_lines() {
        let body = "Intro #notatag-outside\n\n## Log\n- 2026-10-03 Coffee at the Barbican. #gave article\n- 2026-10-20 14:30 She offered to introduce me to [[Mary Somerville|Mary]] #intro #got\n\n## Notes\n- 2026-11-01 not a log entry\n";
        let (entries, problems) = parse(body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].date, d("2026-10-03"));
        assert_eq!(entries[0].text(), "Coffee at the Barbican. #gave article");
        assert_eq!(entries[0].tags().collect::<Vec<_>>(), vec!["gave"]);
        assert_eq!(entries[0].line, 4);
        assert_eq!(entries[1].time(), NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(entries[1].links().iter().collect::<Vec<_>>(), vec!["Mary Somerville"]);
        assert_eq!(entries[1].tags().collect::<Vec<_>>(), vec!["got", "intro"]);
        assert_eq!(entries[1].line, 5);
    }

    #[test]
    fn heading_entries_take_tags_from_their_details() {
        let body = "# LOG\n\n### 2026-10-03 Coffee\nTalked about engines. #gave\n- follow up with [[Ada]]\n\n### 2026-10-05 Call\n\n# Other\n";
        let (entries, _) = parse(body);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].text(), "Coffee");
        assert_eq!(entries[0].tags().collect::<Vec<_>>(), vec!["gave"]);
        assert_eq!(entries[0].links().iter().collect::<Vec<_>>(), vec!["Ada"]);
        assert_eq!(entries[0].line, 3);
        assert_eq!(entries[1].date, d("2026-10-05"));
    }

    #[test]
    fn nested_details_belong_to_their_entry() {
        let body = "## log\n- 2026-10-03 Coffee\n  - she asked for help #ask\n  - 2026-10-04 sent the deck #gave [[Deck]]\n    - 2026-10-05 deeper #got\n- 2026-10-06 Call\n";
        let (entries, problems) = parse(body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            entries.iter().map(|e| (e.date, e.line)).collect::<Vec<_>>(),
            [(d("2026-10-03"), 2), (d("2026-10-06"), 6)]
        );
        let coffee = &entries[0];
        assert_eq!(coffee.tags().collect::<Vec<_>>(), vec!["gave", "got", "ask"]);
        assert_eq!(coffee.links().iter().collect::<Vec<_>>(), vec!["Deck"]);
    }

    /// Issue 12: a nested item that starts with a date is part of its dated
    /// parent entry (one contact), not a contact of its own.
    #[test]
    fn nested_dated_sub_item_is_not_its_own_contact() {
        let body =
            "## Log\n- 2026-10-03 Coffee\n  - 2026-02-30 not a day, just text\n  1. 2026-10-04 sent the deck #gave\n";
        let (entries, problems) = parse(body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries.len(), 1);
        assert!(entries[0].has_tag("gave"));
        // Under an undated grouping item, dated items are entries.
        let (entries, _) =
            parse("## Log\n- October\n  - 2026-10-03 Coffee\n    - 2026-10-04 detail\n  - 2026-10-05 Call\n");
        assert_eq!(entries.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 5]);
    }

    /// Issue 12: entries in a blockquote or an Obsidian callout count.
    #[test]
    fn entries_in_blockquotes_and_callouts_count() {
        let body = "## Log\n> [!note] Early days\n> - 2026-10-03 Coffee #gave\n>   - detail [[Ada]]\n\n> - 2026-10-04 Call\n- 2026-10-05 Lunch\n";
        let (entries, problems) = parse(body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 6, 7]);
        assert!(entries[0].has_tag("gave"));
        assert_eq!(entries[0].links().iter().collect::<Vec<_>>(), vec!["Ada"]);
    }

    /// Issue 12: what the user commented out (`%% %%`, `<!-- -->`) does not count.
    #[test]
    fn entries_in_obsidian_and_html_comments_do_not_count() {
        let body = "## Log\n- 2026-10-01 one %%#win [[Secret]]%% #got\n%%\n- 2026-10-02 hidden\n%%\n<!--\n- 2026-10-03 hidden\n-->\n- 2026-10-04 four <!-- #gave -->\n%% - 2026-10-05 hidden %%\n- 2026-10-06 six\n";
        let (entries, problems) = parse(body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 9, 11]);
        assert_eq!(entries[0].tags().collect::<Vec<_>>(), vec!["got"]);
        assert!(entries[0].links().is_empty());
        assert_eq!(entries[0].text(), "one #got");
        assert_eq!(entries[1].tags().count(), 0);
        // A `## Log` heading inside a comment is no Log.
        let (entries, _) = parse("%%\n## Log\n- 2026-10-01 x\n%%\n");
        assert!(entries.is_empty());
        // In code, `%%` is text.
        let (entries, _) = parse("## Log\n- 2026-10-01 ran `%%` #gave\n- 2026-10-02 two\n");
        assert_eq!(entries.len(), 2);
        assert!(entries[0].has_tag("gave"));
    }

    #[test]
    fn impossible_dates_and_undated_items_are_reported() {
        let body =
            "## Log\n- 2026-02-30 Lunch\n- Lunch someday\n- [x] 2026-03-01 task style\n\n2026-03-02 plain line\n";
        let (entries, problems) = parse(body);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].text(), "task style");
        let lines: Vec<(u32, bool)> = problems.iter().map(|p| (p.line, p.is_error())).collect();
        assert_eq!(lines, vec![(2, true), (3, false), (6, false)]);
    }

    #[test]
    fn code_spans_hide_tags_and_crlf_counts_lines() {
        let body =
            "## Log\r\n\r\n- 2026-10-03 wrote `#gave` in code [[2026-10-03]]\r\n- [[2026-10-04]] daily link #got\r\n";
        let (entries, _) = parse(body);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].tags().count(), 0);
        assert_eq!(entries[0].line, 3);
        assert_eq!(entries[1].date, d("2026-10-04"));
        assert_eq!(entries[1].tags().collect::<Vec<_>>(), vec!["got"]);
    }

    #[test]
    fn log_ends_at_same_level_heading_but_not_deeper() {
        let body = "## Log\n### Older\n- 2025-01-01 old\n## Next\n- 2025-02-02 outside\n";
        let (entries, _) = parse(body);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].text(), "old");
    }

    #[test]
    fn entries_keep_every_link_past_the_first_sixteen() {
        let names: Vec<String> = (0..40).map(|i| format!("P{i}")).collect();
        for count in [0, 1, 15, 16, 17, 40] {
            let links: String = names[..count].iter().map(|n| format!(" [[{n}]]")).collect();
            let (entries, _) = parse(&format!("## Log\n- 2026-10-03 met{links}\n"));
            assert!(entries[0].links().iter().eq(names[..count].iter().map(String::as_str)), "{count}");
        }
    }

    #[test]
    fn grouping_items_without_dates_are_fine() {
        let body = "## Log\n- October\n  - 2026-10-03 Coffee\n";
        let (entries, problems) = parse(body);
        assert_eq!(entries.len(), 1);
        assert!(problems.is_empty());
    }
}
