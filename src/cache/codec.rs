//! The cache's binary encoding of the parsed note types, in the small explicit
//! codec of `crate::codec` (varints, length-prefixed strings). Explicit rather than serde because the note
//! types' `Serialize` impls are shaped for JSON output (`6w` cadences, log entries
//! with their text, diagnostics without their source line) and cannot round-trip.
//! Every impl destructures its type without `..`, so a new field fails to compile
//! here instead of being silently dropped from the cache.

use crate::diag::{Diagnostic, Severity};
use crate::note::dates::{AnnualDate, Cadence};
use crate::note::names::{intern_text, TextId};
use crate::note::{
    Dated, FieldLinks, Goal, Kind, LinkRef, Note, NoteBody, Person, Purpose, RecognisedBy, Review, Stage,
};
use crate::path::NotePath;

pub use crate::codec::{put_str, Code, Names, Reader};

/// Enums without data: their position in the list (the match fails to compile when a variant is added).
macro_rules! unit_enum {
    ($t:ident, [$($v:ident),*]) => {
        impl Code for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let all = [$($t::$v),*];
                let _exhaustive = |v: $t| match v { $($t::$v => ()),* };
                out.push(all.iter().position(|v| v == self).unwrap_or(0) as u8);
            }
            fn get(r: &mut Reader) -> Option<Self> {
                [$($t::$v),*].get(usize::from(r.byte()?)).copied()
            }
        }
    };
}
unit_enum!(Stage, [Seed, Growing, Trusted, Pruned]);
unit_enum!(Purpose, [People, Leads]);
unit_enum!(Kind, [Person, Goal, Review]);
unit_enum!(Severity, [Error, Warning]);

impl Code for Cadence {
    fn put(&self, out: &mut Vec<u8>) {
        let (tag, n) = match *self {
            Cadence::Days(n) => (0u8, n),
            Cadence::Weeks(n) => (1, n),
            Cadence::Months(n) => (2, n),
            Cadence::Years(n) => (3, n),
        };
        out.push(tag);
        n.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        let tag = r.byte()?;
        let n = u32::get(r)?;
        Some(match tag {
            0 => Cadence::Days(n),
            1 => Cadence::Weeks(n),
            2 => Cadence::Months(n),
            3 => Cadence::Years(n),
            _ => return None,
        })
    }
}

impl Code for AnnualDate {
    fn put(&self, out: &mut Vec<u8>) {
        let AnnualDate { year, month, day } = *self;
        year.put(out);
        month.put(out);
        day.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(AnnualDate { year: Code::get(r)?, month: Code::get(r)?, day: Code::get(r)? })
    }
}

/// A front matter link's target is interned: stored by its id, through the
/// segment's table of names like the log's links.
impl Code for LinkRef {
    fn put(&self, out: &mut Vec<u8>) {
        let LinkRef { target, line } = self;
        put_interned(target, out);
        line.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(LinkRef { target: get_interned(r)?, line: Code::get(r)? })
    }
}

/// Coded as the list of links it was before (each with its line).
impl Code for FieldLinks {
    fn put(&self, out: &mut Vec<u8>) {
        (self.len() as u64).put(out);
        for link in self.iter() {
            link.put(out);
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        let links: Vec<LinkRef> = Code::get(r)?;
        Some(FieldLinks::new(&links))
    }
}

impl Code for RecognisedBy {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            RecognisedBy::Field(field, word) => {
                out.push(0);
                put_str(field, out);
                put_interned(word, out);
            }
            RecognisedBy::Tag(tag) => {
                out.push(1);
                put_interned(tag, out);
            }
            RecognisedBy::Folder(folder) => {
                out.push(2);
                put_interned(folder, out);
            }
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(match r.byte()? {
            0 => {
                let field = r.str()?;
                // The field names recognition reads (`kind_of`); any other leaks once.
                let field = ["type", "category", "categories"]
                    .into_iter()
                    .find(|f| *f == field)
                    .unwrap_or_else(|| Box::leak(field.into()));
                RecognisedBy::Field(field, get_interned(r)?)
            }
            1 => RecognisedBy::Tag(get_interned(r)?),
            2 => RecognisedBy::Folder(get_interned(r)?),
            _ => return None,
        })
    }
}

impl Code for Diagnostic {
    fn put(&self, out: &mut Vec<u8>) {
        let Diagnostic { path, line, column, severity, message, hint, source_line } = self;
        path.put(out);
        line.put(out);
        column.put(out);
        severity.put(out);
        message.put(out);
        hint.put(out);
        source_line.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Diagnostic {
            path: Code::get(r)?,
            line: Code::get(r)?,
            column: Code::get(r)?,
            severity: Code::get(r)?,
            message: Code::get(r)?,
            hint: Code::get(r)?,
            source_line: Code::get(r)?,
        })
    }
}

/// An interned text (a link target, a person's company or role, the word
/// that recognised a person) is stored by its id in the writing process; the
/// segment's table of names gives its text (see `text_ids`), interned once
/// per segment rather than once per use.
fn put_interned(text: &str, out: &mut Vec<u8>) {
    intern_text(text).put(out);
}

fn get_interned(r: &mut Reader) -> Option<&'static str> {
    Some(TextId::get(r)?.text())
}

fn put_shared(text: Option<&'static str>, out: &mut Vec<u8>) {
    text.is_some().put(out);
    if let Some(text) = text {
        put_interned(text, out);
    }
}

fn get_shared(r: &mut Reader) -> Option<Option<&'static str>> {
    Some(if bool::get(r)? { Some(get_interned(r)?) } else { None })
}

impl Code for Person {
    fn put(&self, out: &mut Vec<u8>) {
        let Person {
            name,
            aliases,
            company,
            role,
            emails,
            phones,
            tags,
            circles,
            interests,
            purpose,
            goals,
            stage,
            met,
            introduced_by,
            cadence,
            follow_up,
            snooze,
            last_contact,
            follow_up_line,
            last_contact_line,
            birthday,
            dates,
            recognised_by,
            log,
        } = self;
        name.put(out);
        aliases.put(out);
        put_shared(*company, out);
        put_shared(*role, out);
        emails.put(out);
        phones.put(out);
        tags.put(out);
        circles.put(out);
        interests.put(out);
        purpose.put(out);
        goals.put(out);
        stage.put(out);
        met.put(out);
        introduced_by.put(out);
        cadence.put(out);
        follow_up.put(out);
        snooze.put(out);
        last_contact.put(out);
        follow_up_line.put(out);
        last_contact_line.put(out);
        birthday.put(out);
        dates.put(out);
        recognised_by.put(out);
        log.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Person {
            name: Code::get(r)?,
            aliases: Code::get(r)?,
            company: get_shared(r)?,
            role: get_shared(r)?,
            emails: Code::get(r)?,
            phones: Code::get(r)?,
            tags: Code::get(r)?,
            circles: Code::get(r)?,
            interests: Code::get(r)?,
            purpose: Code::get(r)?,
            goals: Code::get(r)?,
            stage: Code::get(r)?,
            met: Code::get(r)?,
            introduced_by: Code::get(r)?,
            cadence: Code::get(r)?,
            follow_up: Code::get(r)?,
            snooze: Code::get(r)?,
            last_contact: Code::get(r)?,
            follow_up_line: Code::get(r)?,
            last_contact_line: Code::get(r)?,
            birthday: Code::get(r)?,
            dates: Code::get(r)?,
            recognised_by: Code::get(r)?,
            log: Code::get(r)?,
        })
    }
}

impl Code for Goal {
    fn put(&self, out: &mut Vec<u8>) {
        let Goal { title, aliases, purpose, target, start, deadline, title_line, log } = self;
        title.put(out);
        aliases.put(out);
        purpose.put(out);
        target.put(out);
        start.put(out);
        deadline.put(out);
        title_line.put(out);
        log.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Goal {
            title: Code::get(r)?,
            aliases: Code::get(r)?,
            purpose: Code::get(r)?,
            target: Code::get(r)?,
            start: Code::get(r)?,
            deadline: Code::get(r)?,
            title_line: Code::get(r)?,
            log: Code::get(r)?,
        })
    }
}

impl Code for Review {
    fn put(&self, out: &mut Vec<u8>) {
        let Review { date, picks } = self;
        date.put(out);
        picks.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Review { date: Code::get(r)?, picks: Code::get(r)? })
    }
}

impl Code for Dated {
    fn put(&self, out: &mut Vec<u8>) {
        let Dated { date, log } = self;
        date.put(out);
        log.put(out);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Dated { date: Code::get(r)?, log: Code::get(r)? })
    }
}

impl Code for NoteBody {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            NoteBody::Person(p) => {
                out.push(0);
                p.put(out);
            }
            NoteBody::Goal(g) => {
                out.push(1);
                g.put(out);
            }
            NoteBody::Review(v) => {
                out.push(2);
                v.put(out);
            }
            NoteBody::Dated(d) => {
                out.push(3);
                d.put(out);
            }
            NoteBody::Other => out.push(4),
            NoteBody::Broken { kind } => {
                out.push(5);
                kind.put(out);
            }
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(match r.byte()? {
            0 => NoteBody::Person(Code::get(r)?),
            1 => NoteBody::Goal(Code::get(r)?),
            2 => NoteBody::Review(Code::get(r)?),
            3 => NoteBody::Dated(Code::get(r)?),
            4 => NoteBody::Other,
            5 => NoteBody::Broken { kind: Code::get(r)? },
            _ => return None,
        })
    }
}

/// A note without its path (the cache entry holds it): the body and its problems.
pub fn put_note(note: &Note, out: &mut Vec<u8>) {
    let Note { path: _, body, problems } = note;
    body.put(out);
    problems.put(out);
}

pub fn get_note(path: NotePath, r: &mut Reader) -> Option<Note> {
    Some(Note { path, body: Code::get(r)?, problems: Code::get(r)? })
}

/// Every interned text `put_note` writes as an id (log entries' links, a
/// person's lists, company, role and what recognised them, front matter
/// links): the segment's table of names must hold each, or the note's entry
/// fails to decode (and the note is read again on every run).
pub fn text_ids(note: &Note, mut f: impl FnMut(TextId)) {
    match &note.body {
        NoteBody::Person(p) => {
            for list in [p.aliases, p.tags, p.circles, p.interests] {
                list.text_ids().for_each(&mut f);
            }
            let mut text = |text: &str| f(intern_text(text));
            p.company.into_iter().chain(p.role).for_each(&mut text);
            p.goals.iter().chain(p.introduced_by.iter()).for_each(|l| text(l.target));
            match p.recognised_by {
                RecognisedBy::Field(_, word) => text(word),
                RecognisedBy::Tag(tag) => text(tag),
                RecognisedBy::Folder(folder) => text(folder),
            }
        }
        NoteBody::Review(v) => v.picks.iter().for_each(|l| f(intern_text(l.target))),
        NoteBody::Goal(_) | NoteBody::Dated(_) | NoteBody::Other | NoteBody::Broken { .. } => {}
    }
    for entry in note.log() {
        entry.links().text_ids().for_each(&mut f);
    }
}
