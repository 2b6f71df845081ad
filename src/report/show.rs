//! One person in full: fields, derived dates and recent log.

use chrono::NaiveDate;
use serde::Serialize;

use super::{goal_titles, introducer_names};
use crate::config::StageCadences;
use crate::index::{contact_dates, ContactDates, Index};
use crate::note::{LogEntry, Note, Person};
use crate::path::NotePath;

/// How many log entries `show` prints, newest first.
pub const RECENT_ENTRIES: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct PersonDetail {
    pub name: String,
    pub path: NotePath,
    pub aliases: Vec<String>,
    pub stage: crate::note::Stage,
    pub company: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    /// Every email and phone as written, labels included.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub purpose: Option<crate::note::Purpose>,
    pub tags: Vec<String>,
    pub circles: Vec<String>,
    pub interests: Vec<String>,
    pub goals: Vec<String>,
    pub met: Option<NaiveDate>,
    /// Where or how you met (`met_context:` or a spelling of it).
    pub met_context: Option<String>,
    pub introduced_by: Vec<String>,
    pub follow_up: Option<NaiveDate>,
    #[serde(flatten)]
    pub dates: ContactDates,
    pub log_entries: usize,
    pub recent: Vec<LogEntry>,
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// `person` should come from the note read with `ParseMode::WithText` (so the
/// log has its text) and `front` is its front matter as written.
pub fn detail(
    index: &Index,
    cadences: &StageCadences,
    today: NaiveDate,
    note: &Note,
    person: &Person,
    front: &serde_norway::Mapping,
    recognition: &crate::note::recognise::Recognition,
) -> PersonDetail {
    let mut recent = person.log.to_vec();
    // On one day the person's own Log entries come before contacts from dated notes.
    recent.sort_by(|a, b| {
        (b.date.cmp(&a.date).then(b.time().cmp(&a.time())))
            .then(a.source().is_some().cmp(&b.source().is_some()))
            .then(a.line.cmp(&b.line))
    });
    recent.truncate(RECENT_ENTRIES);
    PersonDetail {
        name: person.name.clone(),
        path: note.path.clone(),
        aliases: person.aliases.to_strings(),
        stage: person.stage,
        company: person.company.map(str::to_string),
        role: person.role.map(str::to_string),
        email: person.email().map(str::to_string),
        emails: person.emails.to_vec(),
        phones: person.phones.to_vec(),
        purpose: person.purpose,
        tags: person.tags.to_strings(),
        circles: person.circles.to_strings(),
        interests: person.interests.to_strings(),
        goals: goal_titles(index, person),
        met: person.met,
        met_context: super::prep::met_context(front, recognition),
        introduced_by: introducer_names(index, person),
        follow_up: person.follow_up,
        dates: contact_dates(person, cadences, today),
        log_entries: person.log.len(),
        recent,
        fields: crate::note::fields_to_json(front),
    }
}
