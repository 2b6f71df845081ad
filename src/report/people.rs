//! The people list, with filters, and each person's full record for JSON.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use super::goal_titles;
use crate::config::StageCadences;
use crate::index::{contact_dates, ContactDates, Index};
use crate::note::names::NameList;
use crate::note::{fields_to_json, link, Kind, Note, Person, Purpose, Stage};

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub stages: Vec<Stage>,
    pub tags: Vec<String>,
    pub goals: Vec<String>,
    pub circles: Vec<String>,
    pub purposes: Vec<Purpose>,
    pub interests: Vec<String>,
    /// Matches when the company contains the text (any case).
    pub companies: Vec<String>,
    /// Only the pool (never contacted, no follow-up date), listed most relevant first.
    pub uncontacted: bool,
}

impl Filter {
    fn keeps(&self, index: &Index, wanted_goals: &[GoalWanted<'_>], person: &Person) -> bool {
        let any_ci = |wanted: &[String], have: NameList| {
            wanted.is_empty()
                || wanted.iter().any(|w| {
                    let w = w.trim_start_matches('#').to_lowercase();
                    have.iter().any(|h| h.to_lowercase() == w)
                })
        };
        (self.stages.is_empty() || self.stages.contains(&person.stage))
            && (self.purposes.is_empty() || person.purpose.is_some_and(|p| self.purposes.contains(&p)))
            && any_ci(&self.tags, person.tags)
            && any_ci(&self.circles, person.circles)
            && any_ci(&self.interests, person.interests)
            && (self.companies.is_empty()
                || person.company.as_ref().is_some_and(|c| {
                    let c = c.to_lowercase();
                    self.companies.iter().any(|w| c.contains(&w.to_lowercase()))
                }))
            && (wanted_goals.is_empty() || wanted_goals.iter().any(|g| links_goal(index, person, g)))
    }

    fn wanted_goals<'a>(&'a self, index: &'a Index) -> Vec<GoalWanted<'a>> {
        self.goals
            .iter()
            .map(|name| GoalWanted { name, path: index.resolve(name, Some(Kind::Goal)).first().map(|n| &n.path) })
            .collect()
    }
}

/// A `--goal` filter value and the goal note it names, if any.
struct GoalWanted<'a> {
    name: &'a str,
    path: Option<&'a crate::path::NotePath>,
}

/// Does `person` link the wanted goal (by any of its names)?
fn links_goal(index: &Index, person: &Person, wanted: &GoalWanted<'_>) -> bool {
    person.goals.iter().any(|g| match (wanted.path, index.resolve(g.target, Some(Kind::Goal)).first()) {
        (Some(want), Some(have)) => want == &have.path,
        _ => link::key(g.target) == link::key(wanted.name),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub name: String,
    pub path: crate::path::NotePath,
    pub stage: Stage,
    pub company: Option<String>,
    pub goals: Vec<String>,
    pub last_contact: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub days_overdue: Option<i64>,
}

/// Everyone the filter keeps, by name (the pool: most relevant first). For
/// every front matter field, see `record`.
pub fn people(index: &Index, cadences: &StageCadences, today: NaiveDate, filter: &Filter) -> Vec<PersonRow> {
    let wanted_goals = filter.wanted_goals(index);
    let mut rows: Vec<PersonRow> = index
        .people()
        .filter(|(_, p)| filter.keeps(index, &wanted_goals, p))
        .filter(|(_, p)| !filter.uncontacted || super::pool::in_pool(p, cadences, today))
        .map(|(note, person)| {
            let dates = contact_dates(person, cadences, today);
            PersonRow {
                name: person.name.clone(),
                path: note.path.clone(),
                stage: person.stage,
                company: person.company.map(str::to_string),
                goals: goal_titles(index, person),
                last_contact: dates.last_contact,
                due: dates.due,
                days_overdue: dates.days_overdue,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
    if filter.uncontacted {
        let pool = super::pool::pool(index, cadences, today);
        let rank: std::collections::HashMap<&crate::path::NotePath, usize> =
            pool.rows.iter().enumerate().map(|(i, r)| (&r.path, i)).collect();
        rows.sort_by_key(|r| rank.get(&r.path).copied().unwrap_or(usize::MAX));
    }
    rows
}

/// A person as JSON: every front matter field as written, then kith's reading
/// of them (normalised stage, resolved goal titles) and the derived dates.
pub fn record(
    index: &Index,
    note: &Note,
    person: &Person,
    dates: &ContactDates,
    front: &serde_norway::Mapping,
) -> Map<String, Value> {
    let mut map = fields_to_json(front);
    // `Company`, `E-mail`, `Phone`: also under the name kith and other tools read.
    let recognition = crate::note::Recognition::default();
    let spelled: Vec<(String, Value)> = map
        .iter()
        .filter_map(|(key, value)| {
            let field = recognition.field_of(key);
            let name = crate::note::known_field(&field)?;
            (name != key).then(|| (name.to_string(), value.clone()))
        })
        .collect();
    for (name, value) in spelled {
        map.entry(name).or_insert(value);
    }
    // kith's reading of them, whatever spelling (kith.yaml may add some) gave it.
    for (name, value) in [("company", &person.company), ("role", &person.role), ("email", &person.email())] {
        if let Some(value) = value {
            map.entry(name.to_string()).or_insert_with(|| Value::String(value.to_string()));
        }
    }
    let mut set = |k: &str, v: Value| {
        map.insert(k.to_string(), v);
    };
    set("name", Value::String(person.name.clone()));
    set("path", Value::String(note.path.to_string()));
    set("stage", Value::String(person.stage.as_str().to_string()));
    set("goals", json(&goal_titles(index, person)));
    set("last_contact", json(&dates.last_contact));
    set("cadence", json(&dates.cadence));
    set("due", json(&dates.due));
    set("due_reason", json(&dates.due_reason));
    set("days_overdue", json(&dates.days_overdue));
    map
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
