//! `kith prep NAME`: a one-screen brief before a meeting. Be prepared, get
//! three insights, ask for three more names.

use chrono::NaiveDate;
use serde::Serialize;

use super::referrals::open_referrals_from;
use super::{goal_titles, introducer_names};
use crate::config::Settings;
use crate::index::{contact_dates, Index};
use crate::note::recognise::Recognition;
use crate::note::{LogEntry, Note, Person};
use serde_norway::{Mapping, Value};

/// How many past interactions the brief shows.
pub const LAST_INTERACTIONS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    pub name: String,
    pub path: crate::path::NotePath,
    pub who: Vec<(String, String)>,
    pub how_met: String,
    /// Where or how you met (`met_context:`), as written.
    pub met_context: Option<String>,
    pub last_interactions: Vec<LogEntry>,
    pub open_threads: Vec<String>,
    pub shared_interests: Vec<String>,
    pub goals: Vec<String>,
    pub prompts: Vec<String>,
    pub reminder: String,
}

/// Where or how you met, from the front matter as written: `met_context:` or
/// a spelling of it (`how_we_met:`, `where_met:`, …); a list is joined.
pub fn met_context(front: &Mapping, recognition: &Recognition) -> Option<String> {
    let (_, value) =
        front.iter().find(|(key, _)| key.as_str().is_some_and(|k| recognition.field_of(k) == "metcontext"))?;
    let text = match value {
        Value::Sequence(items) => {
            items.iter().filter_map(crate::note::fields::scalar_text).collect::<Vec<_>>().join(", ")
        }
        other => crate::note::fields::scalar_text(other)?,
    };
    Some(crate::note::fields::one_line(&text)).filter(|t| !t.is_empty())
}

/// `person` should be read with `ParseMode::WithText`, so the log has its text;
/// `met_context` is what `met_context` gives for the note.
pub fn prep(
    index: &Index,
    settings: &Settings,
    today: NaiveDate,
    note: &Note,
    person: &Person,
    met_context: Option<String>,
) -> Brief {
    let mut who = Vec::new();
    let mut push = |k: &str, v: Option<&str>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            who.push((k.to_string(), v.to_string()));
        }
    };
    push("role", person.role);
    push("company", person.company);
    push("email", person.email());
    who.push(("stage".to_string(), person.stage.as_str().to_string()));
    if !person.tags.is_empty() {
        who.push(("tags".to_string(), person.tags.join(", ")));
    }
    if !person.interests.is_empty() {
        who.push(("interests".to_string(), person.interests.join(", ")));
    }
    let introducers = introducer_names(index, person);
    let mut how: Vec<String> = Vec::new();
    how.extend(match (person.met, &met_context) {
        (Some(met), Some(context)) => Some(format!("met {met} ({context})")),
        (Some(met), None) => Some(format!("met {met}")),
        (None, context) => context.clone(),
    });
    if !introducers.is_empty() {
        how.push(format!("introduced by {}", introducers.join(", ")));
    }
    let how_met = if how.is_empty() {
        "not recorded (add `met:`, `met_context:` or `introduced_by:`)".to_string()
    } else {
        how.join(", ")
    };
    let mut past: Vec<LogEntry> = person.log.iter().filter(|e| e.date <= today).cloned().collect();
    // On one day the person's own Log entries come before contacts from dated notes.
    past.sort_by(|a, b| {
        b.date.cmp(&a.date).then(a.source().is_some().cmp(&b.source().is_some())).then(b.line.cmp(&a.line))
    });
    past.truncate(LAST_INTERACTIONS);

    let mut open_threads: Vec<String> = open_referrals_from(index, &settings.cadence, today, note, person)
        .into_iter()
        .map(|r| format!("they gave you {} on {}: not followed up yet", r.name, r.date))
        .collect();
    for ask in person.log.iter().filter(|e| e.date <= today && e.has_tag("ask")).rev().take(3) {
        open_threads.push(format!("you asked on {}: {}", ask.date, ask.text()));
    }
    let last = |tag: &str| person.log.iter().filter(|e| e.date <= today && e.has_tag(tag)).max_by_key(|e| e.date);
    if let Some(got) = last("got").filter(|g| last("gave").is_none_or(|v| v.date < g.date)) {
        open_threads.push(format!("you owe them: on {} {}", got.date, got.text()));
    }
    let shared_interests: Vec<String> = person
        .interests
        .iter()
        .filter(|i| settings.me_interests.iter().any(|m| m.eq_ignore_ascii_case(i)))
        .map(str::to_string)
        .collect();
    let goals = goal_titles(index, person);
    let first = person.name.split_whitespace().next().unwrap_or(&person.name);
    let mut prompts = Vec::new();
    if let Some(entry) = past.first() {
        prompts.push(format!("Last time ({}): \"{}\". What happened since?", entry.date, entry.text()));
    }
    if let Some(goal) = goals.first() {
        prompts.push(format!("What would {first} advise for \"{goal}\"?"));
    }
    if let (Some(role), Some(company)) = (&person.role, &person.company) {
        prompts.push(format!("As {role} at {company}, what is changing in their work this year?"));
    } else if let Some(company) = &person.company {
        prompts.push(format!("What is {company} focused on right now?"));
    }
    if let Some(interest) = shared_interests.first().map(String::as_str).or(person.interests.iter().next()) {
        prompts.push(format!("Small talk: {interest}."));
    }
    // Always three, as the brief's heading promises: a bare imported
    // connection (no log, goal or interest) still gets three questions.
    prompts.push(format!("What is {first} working on that you could help with?"));
    prompts.push(format!("What does {first} wish more people asked them about?"));
    prompts.push(format!("Who does {first} think you should talk to next, and why?"));
    prompts.truncate(3);
    let dates = contact_dates(person, &settings.cadence, today);
    if dates.last_contact.is_none() {
        open_threads.push(match &met_context {
            Some(context) => {
                format!("first contact: remind them where you met ({context}), introduce yourself in one minute, then listen")
            }
            None => "first contact: introduce yourself in one minute, then listen".to_string(),
        });
    }
    Brief {
        name: person.name.clone(),
        path: note.path.clone(),
        who,
        how_met,
        met_context,
        last_interactions: past,
        open_threads,
        shared_interests,
        goals,
        prompts,
        reminder: format!("Before you leave, ask {first} for three more people you should talk to, then thank them."),
    }
}
