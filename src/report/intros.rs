//! Introductions, one degree at a time: who you know directly, who you know
//! only through someone, and for a goal who could introduce you to whom.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::config::StageCadences;
use crate::index::{contact_dates, Index};
use crate::note::names::TextId;
use crate::note::{link, Kind, Note, Person, Stage};
use crate::path::NotePath;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Known {
    pub name: String,
    /// `None` for people known by name only (no note yet).
    pub path: Option<NotePath>,
    /// The first-degree people they are known through.
    pub via: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Introducer {
    pub name: String,
    pub path: NotePath,
    pub introduced: usize,
}

/// One way to reach a second-degree person linked to the goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntroPath {
    pub target: String,
    pub target_path: NotePath,
    pub via: String,
    pub via_path: NotePath,
    pub via_stage: Stage,
    pub via_last_contact: Option<NaiveDate>,
    /// What you gave minus what you got with the introducer: positive is in your favour.
    pub via_balance: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntrosReport {
    pub first_degree: Vec<String>,
    pub second_degree: Vec<Known>,
    pub known_by_name_only: Vec<Known>,
    pub introducers: Vec<Introducer>,
    /// With `--goal`: paths to the goal's second-degree people, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    pub paths: Vec<IntroPath>,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
}

/// Someone a note names: a person note, or a name with no note yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Note(NotePath),
    Name(String),
}

/// One person's share: the introductions their note records (introducer →
/// introduced), and whether they were ever contacted (`None` when pruned).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    edges: Vec<(Node, Node)>,
    contacted: Option<bool>,
}

pub fn intros(index: &Index, cadences: &StageCadences, today: NaiveDate, goal: Option<&str>) -> IntrosReport {
    let parts: Vec<(&NotePath, Part)> =
        index.people().map(|(note, person)| (&note.path, part(index, cadences, today, note, person))).collect();
    combine(index, cadences, today, goal, parts.iter().map(|(path, part)| (*path, part)))
}

/// The node a link `target` makes: the `person` it resolves to, none when it
/// resolves to another note (`other`), else the name as written.
fn node_of(person: Option<&Note>, other: impl FnOnce() -> bool, target: &str) -> Option<Node> {
    match person {
        Some(note) => Some(Node::Note(note.path.clone())),
        None if other() => None,
        None => Some(Node::Name(link::target_of(target).unwrap_or(target).to_string())),
    }
}

pub fn part(index: &Index, cadences: &StageCadences, today: NaiveDate, note: &Note, person: &Person) -> Part {
    // A link to a goal or any other note is not a person.
    let node = |target: &str| {
        node_of(
            index.resolve(target, Some(Kind::Person)).first(),
            || index.resolve(target, None).first().is_some(),
            target,
        )
    };
    let log_node = |id: TextId| {
        node_of(index.first_by_id(id, Some(Kind::Person)), || index.first_by_id(id, None).is_some(), id.text())
    };
    let me = Node::Note(note.path.clone());
    let mut edges = Vec::new();
    for by in person.introduced_by.iter().filter_map(|by| node(by.target)) {
        edges.push((by, me.clone()));
    }
    for entry in person.log.iter().filter(|e| e.date <= today && (e.has_tag("intro") || e.has_tag("referral"))) {
        for target in entry.links().text_ids().filter_map(log_node) {
            edges.push((me.clone(), target));
        }
    }
    edges.retain(|(from, to)| from != to);
    let contacted =
        (person.stage != Stage::Pruned).then(|| contact_dates(person, cadences, today).last_contact.is_some());
    Part { edges, contacted }
}

/// The report from every person's part, in path order.
pub fn combine<'a>(
    index: &Index,
    cadences: &StageCadences,
    today: NaiveDate,
    goal: Option<&str>,
    parts: impl Iterator<Item = (&'a NotePath, &'a Part)> + Clone,
) -> IntrosReport {
    let edges: BTreeSet<&(Node, Node)> = parts.clone().flat_map(|(_, p)| p.edges.iter()).collect();
    let contacted: FxHashMap<&NotePath, bool> = parts.filter_map(|(path, p)| p.contacted.map(|c| (path, c))).collect();
    let note_name = |p: &NotePath| index.get(p).map_or_else(|| p.stem().to_string(), |n| n.display_name().to_string());
    let name_of = |n: &Node| match n {
        Node::Note(p) => note_name(p),
        Node::Name(name) => name.clone(),
    };
    let first = |n: &Node| matches!(n, Node::Note(p) if contacted.get(p) == Some(&true));
    let mut first_degree: Vec<String> =
        contacted.iter().filter(|(_, ever)| **ever).map(|(p, _)| note_name(p)).collect();
    first_degree.sort();

    let mut via: BTreeMap<&Node, Vec<&Node>> = BTreeMap::new();
    for (from, to) in edges.iter().copied() {
        if first(from) && !first(to) {
            via.entry(to).or_default().push(from);
        }
    }
    let mut second_degree = Vec::new();
    let mut known_by_name_only = Vec::new();
    for (target, through) in &via {
        let mut names: Vec<String> = through.iter().map(|n| name_of(n)).collect();
        names.sort();
        match target {
            Node::Note(p) if contacted.contains_key(p) => {
                second_degree.push(Known { name: name_of(target), path: Some(p.clone()), via: names });
            }
            Node::Note(_) => {}
            Node::Name(name) => known_by_name_only.push(Known { name: name.clone(), path: None, via: names }),
        }
    }
    // Names in links nobody first-degree gave (e.g. an unknown introducer) are known by name too.
    let mut listed: BTreeSet<String> = known_by_name_only.iter().map(|k| k.name.clone()).collect();
    for (from, to) in &edges {
        for n in [from, to] {
            if let Node::Name(name) = n {
                if listed.insert(name.clone()) {
                    known_by_name_only.push(Known { name: name.clone(), path: None, via: Vec::new() });
                }
            }
        }
    }
    second_degree.sort_by(|a, b| a.name.cmp(&b.name));
    known_by_name_only.sort_by(|a, b| a.name.cmp(&b.name));

    let mut counts: BTreeMap<NotePath, usize> = BTreeMap::new();
    for (from, _) in &edges {
        if let Node::Note(p) = from {
            *counts.entry(p.clone()).or_default() += 1;
        }
    }
    let mut introducers: Vec<Introducer> = counts
        .into_iter()
        .map(|(p, n)| Introducer { name: name_of(&Node::Note(p.clone())), path: p, introduced: n })
        .collect();
    introducers.sort_by(|a, b| b.introduced.cmp(&a.introduced).then_with(|| a.name.cmp(&b.name)));

    let goal_note = goal.and_then(|g| index.resolve_goal(g)).map(|(n, g)| (n.path.clone(), g.title.clone()));
    let mut paths = Vec::new();
    if let Some((goal_path, _)) = &goal_note {
        for known in &second_degree {
            let Some(target_path) = &known.path else { continue };
            let Some(person) = index.get(target_path).and_then(|n| n.person()) else { continue };
            let linked =
                person.goals.iter().any(|g| index.resolve_goal(g.target).is_some_and(|(n, _)| &n.path == goal_path));
            if !linked {
                continue;
            }
            for from in via.get(&Node::Note(target_path.clone())).into_iter().flatten() {
                let Node::Note(via_path) = from else { continue };
                let Some(introducer) = index.get(via_path).and_then(|n| n.person()) else { continue };
                let tagged = |tag: &str| introducer.log.iter().filter(|e| e.date <= today && e.has_tag(tag)).count();
                paths.push(IntroPath {
                    target: known.name.clone(),
                    target_path: target_path.clone(),
                    via: introducer.name.clone(),
                    via_path: via_path.clone(),
                    via_stage: introducer.stage,
                    via_last_contact: contact_dates(introducer, cadences, today).last_contact,
                    via_balance: i64::try_from(tagged("gave")).unwrap_or(0) - i64::try_from(tagged("got")).unwrap_or(0),
                });
            }
        }
    }
    // Best first: trusted over growing over seed, then the most recent contact,
    // then reciprocity in your favour, then names.
    let rank = |s: Stage| match s {
        Stage::Trusted => 0,
        Stage::Growing => 1,
        Stage::Seed => 2,
        Stage::Pruned => 3,
    };
    paths.sort_by(|a, b| {
        rank(a.via_stage)
            .cmp(&rank(b.via_stage))
            .then_with(|| b.via_last_contact.cmp(&a.via_last_contact))
            .then_with(|| b.via_balance.cmp(&a.via_balance))
            .then_with(|| a.target.cmp(&b.target))
            .then_with(|| a.via.cmp(&b.via))
    });
    IntrosReport {
        first_degree,
        second_degree,
        known_by_name_only,
        introducers,
        goal: goal_note.map(|(_, t)| t),
        paths,
        limit: super::Limit::ALL,
    }
}
