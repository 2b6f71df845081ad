//! Circles and interests: who is in each, for small talk and introductions.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::index::Index;
use crate::note::Stage;

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
}

/// Circles and interests (compared case-insensitively, shown as first written),
/// largest first, then by name; pruned people are left out.
pub fn circles(index: &Index) -> CirclesReport {
    let mut circles: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut interests: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for (_, person) in index.people().filter(|(_, p)| p.stage != Stage::Pruned) {
        for (values, groups) in [(&person.circles, &mut circles), (&person.interests, &mut interests)] {
            for value in values {
                let entry = groups.entry(value.to_lowercase()).or_insert_with(|| (value.clone(), Vec::new()));
                if !entry.1.contains(&person.name) {
                    entry.1.push(person.name.clone());
                }
            }
        }
    }
    let finish = |groups: BTreeMap<String, (String, Vec<String>)>| {
        let mut list: Vec<Group> = groups
            .into_values()
            .map(|(name, mut people)| {
                people.sort();
                Group { name, count: people.len(), people }
            })
            .collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
        list
    };
    CirclesReport { circles: finish(circles), interests: finish(interests) }
}
