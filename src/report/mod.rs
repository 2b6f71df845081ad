//! Reports: pure functions from the index and today's date to plain data.

pub mod check;
pub mod circles;
pub mod garden;
pub mod goals;
pub mod intros;
pub mod ledger;
pub mod overdue;
pub mod people;
pub mod prep;
pub mod referrals;
pub mod remind;
pub mod review;
pub mod show;

use crate::index::Index;
use crate::note::{link, Person};

/// The titles of the goals a person links, resolved where possible, each once.
pub fn goal_titles(index: &Index, person: &Person) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for goal in &person.goals {
        let title = index.goal_title(&goal.target);
        if !titles.contains(&title) {
            titles.push(title);
        }
    }
    titles
}

/// The display names of `introduced_by` links: the person's name, else as written.
pub fn introducer_names(index: &Index, person: &Person) -> Vec<String> {
    person
        .introduced_by
        .iter()
        .map(|l| match index.resolve_person(&l.target) {
            Some((_, p)) => p.name.clone(),
            None => link::target_of(&l.target).unwrap_or(&l.target).to_string(),
        })
        .collect()
}

/// Put `row` into the list sorted by `order` (a total order), or take it out.
pub fn place<T: Clone>(rows: &mut Vec<T>, row: &T, put: bool, order: fn(&T, &T) -> std::cmp::Ordering) {
    match (rows.binary_search_by(|r| order(r, row)), put) {
        (Ok(i), false) => drop(rows.remove(i)),
        (Err(i), true) => rows.insert(i, row.clone()),
        // Already there, or already gone: nothing to do.
        (Ok(_), true) | (Err(_), false) => {}
    }
}
