//! Typed notes: person and goal records parsed from one file's text.

pub mod comments;
pub mod dated;
pub mod dates;
pub mod fields;
mod folders;
pub mod link;
pub mod log;
mod md_link;
pub mod names;
pub mod recognise;
pub mod simple_yaml;
#[cfg(test)]
mod simple_yaml_props;

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;
use serde_norway::{Mapping, Value};

use crate::diag::{self, Diagnostic};
use crate::path::NotePath;
use crate::vault::{split_front_matter, FrontMatter};
use dates::{AnnualDate, Cadence};
pub use fields::{FieldLinks, KeyLines, LinkRef};
use fields::{FieldNames, Fields, Front};
pub use folders::Folders;
pub use log::{LogEntry, ParseMode};
use names::NameList;
pub use recognise::{RecognisedBy, Recognition};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Seed,
    Growing,
    Trusted,
    Pruned,
}

impl Stage {
    pub const ALL: [(&'static str, Stage); 4] =
        [("seed", Stage::Seed), ("growing", Stage::Growing), ("trusted", Stage::Trusted), ("pruned", Stage::Pruned)];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Seed => "seed",
            Stage::Growing => "growing",
            Stage::Trusted => "trusted",
            Stage::Pruned => "pruned",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        let lower = text.trim().to_lowercase();
        Stage::ALL.iter().find(|(name, _)| *name == lower).map(|(_, s)| *s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    People,
    Leads,
}

impl Purpose {
    pub const ALL: [(&'static str, Purpose); 2] = [("people", Purpose::People), ("leads", Purpose::Leads)];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::People => "people",
            Purpose::Leads => "leads",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Goal,
    /// A weekly review note written by `kith review --write`.
    Review,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    /// Aliases, tags, circles and interests are short texts many people
    /// share: interned lists (4 bytes each, no allocation per person).
    pub aliases: NameList,
    /// Company and role are shared by many people too: interned texts (no
    /// allocation per person).
    pub company: Option<&'static str>,
    pub role: Option<&'static str>,
    /// Every `email` and `phone` item as written (`a@b.org (work)`); `email()`
    /// is the first address.
    /// Lists a person's note sets once are boxed slices (no spare capacity,
    /// 8 bytes less each than a `Vec`: 100k people are alive at once).
    pub emails: Box<[String]>,
    pub phones: Box<[String]>,
    pub tags: NameList,
    pub circles: NameList,
    pub interests: NameList,
    pub purpose: Option<Purpose>,
    pub goals: FieldLinks,
    pub stage: Stage,
    pub met: Option<NaiveDate>,
    pub introduced_by: FieldLinks,
    pub cadence: Option<Cadence>,
    pub follow_up: Option<NaiveDate>,
    /// Not due before this day (`kith snooze`), whatever the cadence says.
    pub snooze: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    /// Lines of the fields `kith check` may point at after parsing.
    pub follow_up_line: u32,
    pub last_contact_line: u32,
    pub birthday: Option<AnnualDate>,
    /// Other yearly dates: `dates: {work anniversary: 2019-03-01}`.
    pub dates: Box<[(String, AnnualDate)]>,
    /// What made this note a person (for `kith check`'s summary).
    pub recognised_by: RecognisedBy,
    /// Front matter keys kith does not know are not kept in memory: read
    /// them with `parse_note_with_front` when a command shows every field.
    pub log: Box<[LogEntry]>,
}

impl Person {
    /// The first address of `email` (text, or a list when there are several), without its `(label)`.
    pub fn email(&self) -> Option<&str> {
        self.emails.first().map(|e| fields::split_label(e).0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub title: String,
    pub aliases: Vec<String>,
    pub purpose: Option<Purpose>,
    pub target: Option<u32>,
    pub start: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub title_line: u32,
    pub log: Box<[LogEntry]>,
}

/// A weekly review note: who was picked, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub date: Option<NaiveDate>,
    pub picks: Vec<LinkRef>,
}

/// A note dated by its file name or `date:` that is neither a person nor a goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    pub date: NaiveDate,
    /// Every line that links something, as an entry dated by the note.
    pub log: Box<[LogEntry]>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoteBody {
    Person(Box<Person>),
    Goal(Box<Goal>),
    Review(Box<Review>),
    /// A daily or meeting note: its links to people are contacts on its date.
    Dated(Box<Dated>),
    /// A note kith does not track.
    Other,
    /// A note that could not be read; `kind` when its folder or type says what it was meant to be.
    Broken {
        kind: Option<Kind>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub path: NotePath,
    pub body: NoteBody,
    pub problems: Vec<Diagnostic>,
}

impl Note {
    pub fn person(&self) -> Option<&Person> {
        match &self.body {
            NoteBody::Person(p) => Some(p),
            _ => None,
        }
    }

    pub fn goal(&self) -> Option<&Goal> {
        match &self.body {
            NoteBody::Goal(g) => Some(g),
            _ => None,
        }
    }

    pub fn kind(&self) -> Option<Kind> {
        match &self.body {
            NoteBody::Person(_) => Some(Kind::Person),
            NoteBody::Goal(_) => Some(Kind::Goal),
            NoteBody::Review(_) => Some(Kind::Review),
            NoteBody::Dated(_) | NoteBody::Other => None,
            NoteBody::Broken { kind } => *kind,
        }
    }

    /// The note's log, empty for notes without one.
    pub fn log(&self) -> &[LogEntry] {
        match &self.body {
            NoteBody::Person(p) => &p.log,
            NoteBody::Goal(g) => &g.log,
            NoteBody::Dated(d) => &d.log,
            _ => &[],
        }
    }

    /// Whether a freshly read version of this note reads the same, leaving
    /// out the contacts the index gave a person from dated notes.
    pub fn reads_as(&self, fresh: &Note) -> bool {
        match (&self.body, &fresh.body) {
            (NoteBody::Person(old), NoteBody::Person(_)) if old.log.iter().any(|e| e.source().is_some()) => {
                let mut own = (**old).clone();
                own.log = old.log.iter().filter(|e| e.source().is_none()).cloned().collect();
                let old = Note {
                    path: self.path.clone(),
                    body: NoteBody::Person(Box::new(own)),
                    problems: self.problems.clone(),
                };
                old == *fresh
            }
            _ => self == fresh,
        }
    }

    /// Its display name: a person's name or a goal's title.
    pub fn display_name(&self) -> &str {
        match &self.body {
            NoteBody::Person(p) => &p.name,
            NoteBody::Goal(g) => &g.title,
            _ => self.path.stem(),
        }
    }

    /// Every name a link may use for this note besides its file name.
    pub fn aliases(&self) -> Vec<&str> {
        match &self.body {
            NoteBody::Person(p) => std::iter::once(p.name.as_str()).chain(p.aliases.iter()).collect(),
            NoteBody::Goal(g) => {
                std::iter::once(g.title.as_str()).chain(g.aliases.iter().map(String::as_str)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// A note that could not be read at all.
    /// A file that could not be read as text (binary, not UTF-8): by the rule
    /// front matter errors follow, an error in a people or goals folder, else a
    /// warning and the note is ignored.
    pub fn unreadable(path: NotePath, problem: Diagnostic, folders: &Folders) -> Note {
        let mut problems = Vec::with_capacity(1);
        let (body, _, _) = unreadable(&path, folders, problem, &mut problems);
        Note { path, body, problems }
    }
}

/// More problems than this in one note are summarised, not listed.
const MAX_PROBLEMS_PER_NOTE: usize = 50;

/// Parse one note's text for the index. Never fails: problems are collected
/// in `Note::problems`.
pub fn parse_note(path: NotePath, text: &str, folders: &Folders) -> Note {
    parse_note_as(path, text, folders, ParseMode::Index)
}

pub fn parse_note_as(path: NotePath, text: &str, folders: &Folders, mode: ParseMode) -> Note {
    let mut problems = Vec::new();
    let (body, _, _) = parse_body(&path, text, folders, mode, false, &mut problems);
    finish_problems(&path, text, &mut problems);
    Note { path, body, problems }
}

/// A note with its front matter as written (every field, known or not) and
/// each key's line: what `show`, `people --format json` and `export` print.
/// The front matter comes from the same parse the note's fields came from,
/// so a command can never read a field the index read differently; when that
/// parse failed, `front` is empty and the note is broken with the error.
#[derive(Debug, Clone)]
pub struct ParsedNote {
    pub note: Note,
    pub front: Mapping,
    pub lines: KeyLines,
}

/// The one way kith reads a note: every command goes through here.
pub fn parse_note_with_front(path: NotePath, text: &str, folders: &Folders, mode: ParseMode) -> ParsedNote {
    let mut problems = Vec::new();
    let (body, front, lines) = parse_body(&path, text, folders, mode, true, &mut problems);
    finish_problems(&path, text, &mut problems);
    ParsedNote { note: Note { path, body, problems }, front, lines }
}

/// The note's body, and with `want_front` its front matter as a mapping (else
/// an empty one: the fields are then read from the fast path's list of them
/// when it answers, which builds no mapping).
fn parse_body(
    path: &NotePath,
    text: &str,
    folders: &Folders,
    mode: ParseMode,
    want_front: bool,
    problems: &mut Vec<Diagnostic>,
) -> (NoteBody, Mapping, KeyLines) {
    let Ok(split) = split_front_matter(text) else {
        let problem = Diagnostic::error(path, 1, "front matter never closes")
            .with_hint("add a line with just --- after the last front matter field");
        return unreadable(path, folders, problem, problems);
    };
    // Dataview `Key:: value` lines give the fields the front matter lacks.
    let inline = dated::inline_fields(split.body, split.body_line);
    let fast = split
        .front
        .filter(|_| !want_front && inline.is_empty())
        .and_then(|front| Some((simple_yaml::parse_fields(front.yaml)?, front)));
    let (mut map, fast_fields, front) = match (fast, split.front) {
        (Some((fields, front)), _) => (Mapping::new(), fields, front),
        (None, None) => (Mapping::new(), Vec::new(), FrontMatter { yaml: "", first_line: 1 }),
        (None, Some(front)) => match parse_front_matter(path, front) {
            Ok(map) => (map, Vec::new(), front),
            Err(problem) => return unreadable(path, folders, problem, problems),
        },
    };
    let mut lines = fields::key_lines(front);
    if !inline.is_empty() {
        let names = FieldNames::new(Front::Map(&map), &folders.recognition);
        for (key, value, line) in inline {
            if !names.has(&folders.recognition.field_of(&key)) && !map.contains_key(key.as_str()) {
                lines.push(key.clone(), line);
                map.insert(Value::String(key), Value::String(value));
            }
        }
    }
    let front = if fast_fields.is_empty() { Front::Map(&map) } else { Front::Fields(&fast_fields) };
    let names = FieldNames::new(front, &folders.recognition);
    let mut fields = Fields { front, lines: &lines, path, problems, names: &names };
    let body = match recognise::kind_of(&mut fields, path, folders) {
        None => match dated_on(&fields, path).filter(|_| !recognise::is_template(path)) {
            Some(date) => {
                // Front matter lines count too: `attendees: ["[[Ada]]"]` in a meeting note.
                // They read as the note (its title), not as YAML.
                let title = split
                    .front
                    .filter(|f| f.yaml.contains("[[") || f.yaml.contains("]("))
                    .map(|_| dated::title(path.stem(), split.body));
                let front = title.as_deref().map(|title| (split.body_line, title));
                let folder = path.as_str().rsplit_once('/').map_or("", |(folder, _)| folder);
                let log = dated::linked_lines(text, 1, date, mode, front, folder).into_boxed_slice();
                NoteBody::Dated(Box::new(Dated { date, log }))
            }
            None => NoteBody::Other,
        },
        Some((kind, by)) => {
            let log = log::parse_log(split.body, split.body_line, path, mode, fields.problems).into_boxed_slice();
            fields.warn_repeated(KNOWN_FIELDS);
            match kind {
                Kind::Person => NoteBody::Person(Box::new(person(&mut fields, path, log, by))),
                Kind::Goal => NoteBody::Goal(Box::new(goal(&mut fields, path, log))),
                Kind::Review => {
                    NoteBody::Review(Box::new(Review { date: fields.date("date"), picks: fields.links("picks") }))
                }
            }
        }
    };
    (body, map, lines)
}

/// Every field kith reads from a person or goal note.
const KNOWN_FIELDS: &[&str] = &[
    "type",
    "name",
    "aliases",
    "company",
    "role",
    "email",
    "tags",
    "circles",
    "interests",
    "purpose",
    "goals",
    "stage",
    "met",
    "met_context",
    "introduced_by",
    "cadence",
    "follow_up",
    "last_contact",
    "birthday",
    "dates",
    "title",
    "target",
    "start",
    "deadline",
    "snooze",
    "phone",
    "linkedin",
    "website",
];

/// kith's spelling of a field from its normalised name (`lastcontact` → `last_contact`).
pub fn known_field(normalised: &str) -> Option<&'static str> {
    KNOWN_FIELDS.iter().copied().find(|f| recognise::normalise(f) == normalised)
}

/// The date of a note that is neither a person nor a goal: its file name's, else its `date:`.
fn dated_on(fields: &Fields<'_>, path: &NotePath) -> Option<NaiveDate> {
    dated::date_of_name(path.stem())
        .or_else(|| fields.get("date").and_then(fields::scalar_text).and_then(|t| dated::date_of_value(&t)))
}

/// A note whose front matter cannot be read: an error when its folder says it
/// is a person or goal, else a warning (the note is ignored), since a clipping
/// with odd YAML must not make `check` fail.
fn unreadable(
    path: &NotePath,
    folders: &Folders,
    problem: Diagnostic,
    problems: &mut Vec<Diagnostic>,
) -> (NoteBody, Mapping, KeyLines) {
    let kind = recognise::kind_of_folder(path, folders).map(|(kind, _)| kind);
    let body = match kind {
        Some(_) => {
            problems.push(problem);
            NoteBody::Broken { kind }
        }
        None => {
            let mut warning = Diagnostic::warning(path, problem.line, problem.message).with_hint(
                "this note is not in a people or goals folder, so kith ignores it; fix it if it is a person",
            );
            warning.column = problem.column;
            problems.push(warning);
            NoteBody::Other
        }
    };
    (body, Mapping::new(), KeyLines::default())
}

/// The front matter's YAML as a mapping: the fast path when it answers (a
/// property test proves it then agrees with the full parser), else
/// serde_norway. Whatever the full parser rejects is an error with its line.
pub fn parse_front_matter(path: &NotePath, front: FrontMatter<'_>) -> Result<Mapping, Diagnostic> {
    if let Some(map) = simple_yaml::parse(front.yaml) {
        return Ok(map);
    }
    match serde_norway::from_str::<Value>(front.yaml) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(other) => Err(Diagnostic::error(
            path,
            front.first_line,
            format!("front matter should be `key: value` fields, not {}", fields::describe(&other)),
        )),
        Err(err) => {
            let (line, mut column, message) = fields::yaml_error(&err, front.yaml);
            let mut line = front.first_line + line - 1;
            // The parser points at the mapping; the user needs the repeated key.
            if let Some(key) = message.strip_prefix("duplicate entry with key \"").and_then(|k| k.strip_suffix('"')) {
                if let Some(second) = fields::key_lines(front).all(key).nth(1) {
                    (line, column) = (second, None);
                }
            }
            let mut diagnostic = Diagnostic::error(path, line, format!("YAML error: {message}"))
                .with_hint("fix the front matter; this note is left out of every report until then");
            if let Some(column) = column {
                diagnostic = diagnostic.with_column(column);
            }
            Err(diagnostic)
        }
    }
}

fn person(fields: &mut Fields<'_>, path: &NotePath, log: Box<[LogEntry]>, by: RecognisedBy) -> Person {
    let list = |texts: Vec<Cow<str>>| NameList::new(texts.iter().map(|t| &**t));
    let strip_hash = |tags: Vec<Cow<str>>| {
        let stripped: Vec<&str> = tags.iter().map(|t| t.trim_start_matches('#')).filter(|t| !t.is_empty()).collect();
        NameList::new(stripped.into_iter())
    };
    let emails = fields.strings("email", false);
    Person {
        name: fields.string("name").unwrap_or_else(|| fields::one_line(path.stem())),
        aliases: list(fields.texts("aliases", false)),
        company: fields.shared_string("company"),
        role: fields.shared_string("role"),
        emails: emails.into(),
        phones: fields.strings("phone", false).into(),
        tags: strip_hash(fields.texts("tags", true)),
        circles: list(fields.texts("circles", true)),
        interests: list(fields.texts("interests", true)),
        purpose: fields.choice("purpose", &Purpose::ALL),
        goals: FieldLinks::new(&fields.links("goals")),
        stage: fields.choice("stage", &Stage::ALL).unwrap_or(Stage::Seed),
        met: fields.date("met"),
        introduced_by: FieldLinks::new(&fields.links("introduced_by")),
        cadence: fields.cadence("cadence"),
        follow_up: fields.date("follow_up"),
        snooze: fields.date("snooze"),
        last_contact: fields.date("last_contact"),
        follow_up_line: fields.line("follow_up"),
        last_contact_line: fields.line("last_contact"),
        birthday: fields.annual("birthday"),
        dates: fields.annual_map("dates").into(),
        recognised_by: by,
        log,
    }
}

fn goal(fields: &mut Fields<'_>, path: &NotePath, log: Box<[LogEntry]>) -> Goal {
    let goal = Goal {
        title: fields.string("title").unwrap_or_else(|| fields::one_line(path.stem())),
        aliases: fields.strings("aliases", false),
        purpose: fields.choice("purpose", &Purpose::ALL),
        target: fields.positive_integer("target"),
        start: fields.date("start"),
        deadline: fields.date("deadline"),
        title_line: fields.line("title"),
        log,
    };
    if let (Some(start), Some(deadline)) = (goal.start, goal.deadline) {
        if deadline < start {
            fields.error(
                "deadline",
                format!("deadline {deadline} is before start {start}"),
                Some("swap the dates or fix the typo; pace is not judged meanwhile"),
            );
        }
    }
    if goal.target.is_none() && fields.get("target").is_none() {
        fields.warning("title", "goal has no `target`, so its progress cannot be measured".to_string());
    }
    goal
}

/// Attach source lines, order the problems, and cap runaway counts.
fn finish_problems(path: &NotePath, text: &str, problems: &mut Vec<Diagnostic>) {
    if problems.is_empty() {
        return;
    }
    diag::sort(problems);
    if problems.len() > MAX_PROBLEMS_PER_NOTE {
        let more = problems.len() - MAX_PROBLEMS_PER_NOTE;
        let line = problems[MAX_PROBLEMS_PER_NOTE].line;
        problems.truncate(MAX_PROBLEMS_PER_NOTE);
        problems.push(Diagnostic::warning(path, line, format!("… and {more} more problems in this note (not listed)")));
    }
    let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    for problem in problems.iter_mut() {
        let i = problem.line as usize - 1;
        if let Some(&start) = starts.get(i) {
            let end = starts.get(i + 1).map_or(text.len(), |&e| e);
            let line = text[start..end].trim_end_matches(['\n', '\r']);
            problem.source_line = Some(diag::truncate_chars(line, 120));
        }
    }
}

/// The front matter as JSON, for `people --format json` and exports.
pub fn fields_to_json(map: &Mapping) -> serde_json::Map<String, serde_json::Value> {
    map.iter().map(|(k, v)| (fields::scalar_text(k).unwrap_or_else(|| format!("{k:?}")), yaml_to_json(v))).collect()
}

fn yaml_to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number)
            }
        }
        Value::String(s) => J::String(s.clone()),
        Value::Sequence(seq) => J::Array(seq.iter().map(yaml_to_json).collect()),
        Value::Mapping(map) => J::Object(fields_to_json(map)),
        Value::Tagged(t) => yaml_to_json(&t.value),
    }
}
