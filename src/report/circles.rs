//! Circles and interests: who is in each, for small talk and introductions.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::index::Index;
use crate::note::names::NameList;
use crate::note::{Person, Stage};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    pub count: usize,
    pub people: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CirclesReport {
    pub circles: Vec<Group>,
    pub interests: Vec<Group>,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
}

/// One person's circles and interests, each as (lowercased key, as written).
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    name: String,
    circles: Vec<(String, String)>,
    interests: Vec<(String, String)>,
}

/// Circles and interests (compared case-insensitively, shown as first written),
/// largest first, then by name; pruned people are left out.
pub fn circles(index: &Index) -> CirclesReport {
    let members: Vec<Membership> = index.people().filter_map(|(_, person)| membership(person)).collect();
    combine(members.iter())
}

/// What one person adds; nothing for pruned people.
pub fn membership(person: &Person) -> Option<Membership> {
    if person.stage == Stage::Pruned {
        return None;
    }
    let keyed = |values: NameList| values.iter().map(|v| (v.to_lowercase(), v.to_string())).collect();
    Some(Membership { name: person.name.clone(), circles: keyed(person.circles), interests: keyed(person.interests) })
}

/// The report from every person's membership, in path order.
pub fn combine<'a>(members: impl Iterator<Item = &'a Membership>) -> CirclesReport {
    let mut circles: BTreeMap<&str, (&str, Vec<&str>)> = BTreeMap::new();
    let mut interests: BTreeMap<&str, (&str, Vec<&str>)> = BTreeMap::new();
    for member in members {
        for (values, groups) in [(&member.circles, &mut circles), (&member.interests, &mut interests)] {
            for (key, shown) in values {
                groups.entry(key).or_insert_with(|| (shown, Vec::new())).1.push(&member.name);
            }
        }
    }
    let finish = |groups: BTreeMap<&str, (&str, Vec<&str>)>| {
        let mut list: Vec<Group> = groups
            .into_values()
            .map(|(name, mut people)| {
                people.sort_unstable();
                people.dedup();
                let people: Vec<String> = people.into_iter().map(str::to_string).collect();
                Group { name: name.to_string(), count: people.len(), people }
            })
            .collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
        list
    };
    CirclesReport { circles: finish(circles), interests: finish(interests), limit: super::Limit::ALL }
}
