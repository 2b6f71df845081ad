//! `kith check`: every problem in the vault, from parsing and from rules that
//! need the whole index (links, duplicates, dates that contradict each other).

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::config::Settings;
use crate::diag::{self, Diagnostic};
use crate::index::{contact_dates, Index, Resolution};
use crate::note::{link, Kind, LinkRef, Note, NoteBody, Stage};

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub notes: usize,
    pub people: usize,
    pub goals: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Notes with at least one error.
    pub broken_notes: usize,
    pub problems: Vec<Diagnostic>,
    /// How people were recognised, so a user sees at once whether kith understood the vault.
    pub recognition: RecognitionSummary,
}

/// People counted by what made them people, and the contacts dated notes gave them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RecognitionSummary {
    /// ("folder People/", 380), ("tag person", 32): most first.
    pub people_by: Vec<(String, usize)>,
    /// Contacts found in dated notes (daily and meeting notes), planned ones included.
    pub contacts: usize,
    pub dated_notes: usize,
}

pub fn recognition(index: &Index) -> RecognitionSummary {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    let mut contacts = 0;
    let mut sources = std::collections::BTreeSet::new();
    for (_, person) in index.people() {
        *by.entry(person.recognised_by.to_string()).or_default() += 1;
        for source in person.log.iter().filter_map(|e| e.source()) {
            contacts += 1;
            sources.insert(source);
        }
    }
    let mut people_by: Vec<(String, usize)> = by.into_iter().collect();
    people_by.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    RecognitionSummary { people_by, contacts, dated_notes: sources.len() }
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.errors == 0
    }
}

/// `problems`: every problem found while reading the vault (setup first, then per note).
pub fn check(index: &Index, settings: &Settings, mut problems: Vec<Diagnostic>, today: NaiveDate) -> CheckReport {
    for note in index.notes() {
        note_rules(index, settings, note, today, &mut problems);
    }
    duplicate_goal_titles(index, &mut problems);
    diag::sort(&mut problems);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let mut broken: Vec<&str> = problems.iter().filter(|p| p.is_error()).map(|p| p.path.as_str()).collect();
    broken.dedup();
    CheckReport {
        notes: index.len(),
        people: index.people().count(),
        goals: index.goals().count(),
        errors,
        warnings: problems.len() - errors,
        broken_notes: broken.len(),
        problems,
        recognition: recognition(index),
    }
}

/// Log links are checked by their stored text's id: a vault's log entries
/// link the same people over and over, and the index resolves each text once.
fn note_rules(index: &Index, settings: &Settings, note: &Note, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    match &note.body {
        NoteBody::Person(person) => {
            for goal in person.goals.iter() {
                link_rule(index, note, &goal, Some(Kind::Goal), "goal", out);
            }
            for introducer in person.introduced_by.iter() {
                link_rule(index, note, &introducer, Some(Kind::Person), "person", out);
            }
            if let Some(last) = person.last_contact.filter(|&d| d > today) {
                out.push(
                    Diagnostic::warning(
                        &note.path,
                        person.last_contact_line,
                        format!("last_contact {last} is in the future"),
                    )
                    .with_hint("log planned meetings as future log entries instead; last_contact counts as written"),
                );
            }
            let dates = contact_dates(person, &settings.cadence, today);
            if let (Some(follow_up), Some(last)) = (person.follow_up, dates.last_contact) {
                if follow_up < last && person.stage != Stage::Pruned {
                    out.push(
                        Diagnostic::warning(
                            &note.path,
                            person.follow_up_line,
                            format!(
                                "follow_up {follow_up} is before the last contact {last}, and still sets the due date"
                            ),
                        )
                        .with_hint("move follow_up to the next date you mean, or remove it to use the cadence"),
                    );
                }
            }
            let own = person.log.iter().filter(|e| e.source().is_none());
            for entry in own.filter(|e| e.has_tag("ask") && person.stage == Stage::Seed) {
                out.push(
                    Diagnostic::warning(&note.path, entry.line, "#ask logged while the stage is still seed")
                        .with_hint("asked before the relationship is solid: feed it first, or update the stage"),
                );
            }
        }
        NoteBody::Goal(_) => {
            for entry in note.log().iter().filter(|e| e.has_tag("win")) {
                let links_a_goal = entry.links().text_ids().any(|l| index.goal_by_id(l).is_some());
                if !links_a_goal {
                    out.push(
                        Diagnostic::warning(&note.path, entry.line, "#win links no goal, so it counts for none")
                            .with_hint(format!("add the goal's link, e.g. [[{}]]", note.display_name())),
                    );
                }
            }
        }
        NoteBody::Review(review) => {
            for pick in &review.picks {
                link_rule(index, note, pick, Some(Kind::Person), "person", out);
            }
            return;
        }
        NoteBody::Dated(dated) => {
            // Links to no person are ordinary in a daily note; one matching
            // several people gives the contact to the first, as in a person's log.
            for entry in dated.log.iter() {
                for target in entry.links().text_ids() {
                    if matches!(index.resolve_id(target, Some(Kind::Person)), Resolution::Ambiguous(_)) {
                        let link = LinkRef { target: target.text(), line: entry.line };
                        link_rule(index, note, &link, Some(Kind::Person), "person", out);
                    }
                }
            }
            return;
        }
        NoteBody::Other | NoteBody::Broken { .. } => return,
    }
    // Entries from dated notes were checked as lines of those notes.
    for entry in note.log().iter().filter(|e| e.source().is_none()) {
        for target in entry.links().text_ids() {
            if matches!(index.resolve_id(target, None), Resolution::Found(_)) {
                continue;
            }
            let link = LinkRef { target: target.text(), line: entry.line };
            link_rule(index, note, &link, None, "note", out);
        }
    }
}

/// Whether the link resolves to one note (else a warning says why not).
fn link_rule(
    index: &Index,
    note: &Note,
    link: &LinkRef,
    kind: Option<Kind>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> bool {
    match index.resolve(link.target, kind) {
        Resolution::Found(_) => return true,
        Resolution::Missing => {
            let other_kind = kind.is_some() && index.resolve(link.target, None).first().is_some();
            let message = if other_kind {
                format!("[[{}]] is not a {what} note", link.target)
            } else {
                format!("[[{}]] links to no {what} in the vault", link.target)
            };
            let hint = match kind {
                Some(Kind::Goal) => "create the goal note or fix the link's spelling",
                Some(Kind::Person) => "create the person's note (it can be nearly empty) or fix the spelling",
                Some(Kind::Review) => "fix the link's spelling",
                None => "create the note or fix the link's spelling",
            };
            out.push(Diagnostic::warning(&note.path, link.line, message).with_hint(hint));
        }
        Resolution::Ambiguous(notes) => {
            let paths: Vec<&str> = notes.iter().map(|n| n.path.as_str()).collect();
            out.push(
                Diagnostic::warning(
                    &note.path,
                    link.line,
                    format!("[[{}]] matches several notes: {}; using the first", link.target, paths.join(", ")),
                )
                .with_hint(format!(
                    "link by path, e.g. [[{}]], or rename one of the notes",
                    notes.first().map_or("people/Name", |n| n.path.without_extension())
                )),
            );
        }
    }
    false
}

fn duplicate_goal_titles(index: &Index, out: &mut Vec<Diagnostic>) {
    let mut by_title: BTreeMap<String, Vec<&Note>> = BTreeMap::new();
    for (note, goal) in index.goals() {
        by_title.entry(link::key(&goal.title)).or_default().push(note);
    }
    for notes in by_title.values().filter(|n| n.len() > 1) {
        for note in notes {
            let others: Vec<&str> = notes.iter().filter(|n| n.path != note.path).map(|n| n.path.as_str()).collect();
            out.push(
                Diagnostic::warning(
                    &note.path,
                    note.goal().map_or(1, |g| g.title_line),
                    format!("goal title \"{}\" is also used by {}", note.display_name(), others.join(", ")),
                )
                .with_hint("give each goal its own title so wins and links count for the right one"),
            );
        }
    }
}
