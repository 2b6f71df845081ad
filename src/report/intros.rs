//! Introductions, one degree at a time: who you know directly, who you know
//! only through someone, and for a goal who could introduce you to whom.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeSet;

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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// Every node the parts' edges name, each once, with a dense id: the combine
/// step works on ids (a vault of 100k people has millions of edges, and
/// comparing paths for each was most of a `kith report`).
struct Nodes<'a> {
    ids: FxHashMap<&'a Node, u32>,
    nodes: Vec<&'a Node>,
}

impl<'a> Nodes<'a> {
    fn id(&mut self, node: &'a Node) -> u32 {
        *self.ids.entry(node).or_insert_with(|| {
            self.nodes.push(node);
            u32::try_from(self.nodes.len() - 1).expect("fewer than 2^32 people")
        })
    }
}

/// The report from every person's part, in path order.
pub fn combine<'a>(
    index: &Index,
    cadences: &StageCadences,
    today: NaiveDate,
    goal: Option<&str>,
    parts: impl Iterator<Item = (&'a NotePath, &'a Part)> + Clone,
) -> IntrosReport {
    let mut nodes = Nodes { ids: FxHashMap::default(), nodes: Vec::new() };
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for (_, part) in parts.clone() {
        for (from, to) in &part.edges {
            edges.push((nodes.id(from), nodes.id(to)));
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let Nodes { ids, nodes } = nodes;
    let contacted: FxHashMap<&NotePath, bool> = parts.filter_map(|(path, p)| p.contacted.map(|c| (path, c))).collect();
    let note_name = |p: &NotePath| index.get(p).map_or_else(|| p.stem().to_string(), |n| n.display_name().to_string());
    let names: Vec<String> = nodes
        .iter()
        .map(|n| match n {
            Node::Note(p) => note_name(p),
            Node::Name(name) => name.clone(),
        })
        .collect();
    let first: Vec<bool> =
        nodes.iter().map(|n| matches!(n, Node::Note(p) if contacted.get(p) == Some(&true))).collect();
    let mut first_degree: Vec<String> =
        contacted.iter().filter(|(_, ever)| **ever).map(|(p, _)| note_name(p)).collect();
    first_degree.sort();

    // Who each person not known first-hand is known through.
    let mut via: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for &(from, to) in &edges {
        if first[from as usize] && !first[to as usize] {
            via.entry(to).or_default().push(from);
        }
    }
    for through in via.values_mut() {
        through.sort_unstable_by(|a, b| nodes[*a as usize].cmp(nodes[*b as usize]));
    }
    let by_name = |a: &u32, b: &u32| {
        names[*a as usize].cmp(&names[*b as usize]).then_with(|| nodes[*a as usize].cmp(nodes[*b as usize]))
    };
    let mut targets: Vec<u32> = via.keys().copied().collect();
    targets.sort_unstable_by(by_name);
    let mut second_degree = Vec::new();
    let mut known_by_name_only = Vec::new();
    for target in targets {
        let mut through: Vec<String> = via[&target].iter().map(|n| names[*n as usize].clone()).collect();
        through.sort();
        let name = names[target as usize].clone();
        match nodes[target as usize] {
            Node::Note(p) if contacted.contains_key(p) => {
                second_degree.push(Known { name, path: Some(p.clone()), via: through });
            }
            Node::Note(_) => {}
            Node::Name(_) => known_by_name_only.push(Known { name, path: None, via: through }),
        }
    }
    // Names in links nobody first-degree gave (e.g. an unknown introducer) are known by name too.
    let mut listed: BTreeSet<&str> = known_by_name_only.iter().map(|k| k.name.as_str()).collect();
    let mut unlisted: Vec<&str> = Vec::new();
    for node in &nodes {
        if let Node::Name(name) = node {
            if listed.insert(name) {
                unlisted.push(name);
            }
        }
    }
    known_by_name_only.extend(unlisted.into_iter().map(|name| Known {
        name: name.to_string(),
        path: None,
        via: Vec::new(),
    }));
    known_by_name_only.sort_by(|a, b| a.name.cmp(&b.name));

    let mut counts: Vec<usize> = vec![0; nodes.len()];
    for &(from, _) in &edges {
        counts[from as usize] += 1;
    }
    let mut introducers: Vec<(u32, usize)> = counts
        .into_iter()
        .enumerate()
        .filter(|(id, n)| *n > 0 && matches!(nodes[*id], Node::Note(_)))
        .map(|(id, n)| (u32::try_from(id).expect("fewer than 2^32 people"), n))
        .collect();
    introducers.sort_unstable_by(|(a, na), (b, nb)| nb.cmp(na).then_with(|| by_name(a, b)));
    let introducers: Vec<Introducer> = introducers
        .into_iter()
        .filter_map(|(id, introduced)| match nodes[id as usize] {
            Node::Note(path) => Some(Introducer { name: names[id as usize].clone(), path: path.clone(), introduced }),
            Node::Name(_) => None,
        })
        .collect();

    let via_of = |path: &NotePath| {
        let target = ids.get(&Node::Note(path.clone()));
        target.and_then(|t| via.get(t)).into_iter().flatten().map(|id| nodes[*id as usize])
    };
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
            for from in via_of(target_path) {
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
