//! Reports: pure functions from the index and today's date to plain data.

pub mod check;
pub mod circles;
pub mod garden;
pub mod goals;
pub mod intros;
pub mod ledger;
pub mod overdue;
pub mod people;
pub mod pool;
pub mod prep;
pub mod referrals;
pub mod remind;
pub mod review;
pub mod show;

use crate::index::Index;
use crate::note::names::intern_text;
use crate::note::{link, Person};

/// The titles of the goals a person links, resolved where possible, each once.
pub fn goal_titles(index: &Index, person: &Person) -> Vec<String> {
    goal_names(index, person).into_iter().map(str::to_string).collect()
}

/// `goal_titles` as interned texts: a row per person keeps them without a
/// heap block per title (a vault has a few goals, 100k people link them).
pub fn goal_names(index: &Index, person: &Person) -> Vec<&'static str> {
    let mut titles: Vec<&'static str> = Vec::with_capacity(person.goals.len());
    for goal in person.goals.iter() {
        let title = match index.resolve_goal(goal.target) {
            Some((_, resolved)) => intern_text(&resolved.title).text(),
            // The target as written (interned already), or its link's name.
            None => link::target_of(goal.target).map_or(goal.target, |t| intern_text(t).text()),
        };
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
        .map(|l| match index.resolve_person(l.target) {
            Some((_, p)) => p.name.clone(),
            None => link::target_of(l.target).unwrap_or(l.target).to_string(),
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

/// How many items a page or terminal report shows per section: the first
/// ones of each list (lists are already ordered by what matters most), the
/// rest counted with a pointer to where every item is (`pages.limit` in
/// kith.yaml, `--all`). Reports carry it (never serialized): the data stays
/// complete, the renderers summarise. `Default` shows everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limit(pub Option<usize>);

impl Limit {
    /// Every item.
    pub const ALL: Limit = Limit(None);

    /// The items to show and how many are left out.
    pub fn split<T>(self, items: &[T]) -> (&[T], usize) {
        let shown = self.0.map_or(items.len(), |n| n.min(items.len()));
        (&items[..shown], items.len() - shown)
    }

    /// The last items to show (the latest, of a list in date order) and how many are left out.
    pub fn split_last<T>(self, items: &[T]) -> (&[T], usize) {
        let hidden = self.0.map_or(0, |n| items.len().saturating_sub(n));
        (&items[hidden..], hidden)
    }

    /// At most `n` (a small section, like a goal card's names), unless everything is shown.
    pub fn at_most(self, n: usize) -> Limit {
        Limit(self.0.map(|limit| limit.min(n)))
    }
}

impl Limit {
    /// The limit the settings ask for (`pages.limit`).
    pub fn of(settings: &crate::config::Settings) -> Limit {
        Limit(settings.pages.limit)
    }
}

/// `1 person`, `2 people`, `1,565 people`: every count in a sentence goes through here.
pub fn plural<N: std::fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let word = if n == N::from(1) { one } else { many };
    format!("{} {word}", thousands(n))
}

/// A count in digits grouped by three: 1204 → "1,204".
pub fn thousands(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{plural, thousands};

    #[test]
    fn counts_are_grouped_by_three_in_every_sentence() {
        assert_eq!(plural(1usize, "person", "people"), "1 person");
        assert_eq!(plural(999u32, "note", "notes"), "999 notes");
        assert_eq!(plural(1565usize, "person", "people"), "1,565 people");
        assert_eq!(plural(1_000_000i64, "day", "days"), "1,000,000 days");
        assert_eq!(thousands(100_000usize), "100,000");
        // Not a plain count: as it is.
        assert_eq!(thousands(-1204i64), "-1204");
    }
}
