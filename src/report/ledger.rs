//! Give and get: per person, what you gave and got, and where you owe someone.

use chrono::NaiveDate;
use serde::Serialize;

use crate::index::Index;
use crate::note::{Note, Person};
use crate::path::NotePath;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    pub name: String,
    pub path: NotePath,
    pub gave: usize,
    pub last_gave: Option<NaiveDate>,
    pub got: usize,
    pub last_got: Option<NaiveDate>,
    /// gave − got.
    pub balance: i64,
    /// Their last `#got` has no `#gave` on or after it: you owe them.
    pub owe: bool,
}

/// The ledger's rows, and how much pages show of them (JSON: the rows).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct LedgerReport {
    pub rows: Vec<LedgerRow>,
    #[serde(skip)]
    pub limit: super::Limit,
}

/// Everyone with a `#gave` or `#got` dated on or before today: those you owe
/// first (longest-standing first), then by balance, lowest first, then by name.
pub fn ledger(index: &Index, today: NaiveDate) -> Vec<LedgerRow> {
    combine(index.people().filter_map(|(note, person)| row(note, person, today)))
}

/// One person's give and get, when there is any.
pub fn row(note: &Note, person: &Person, today: NaiveDate) -> Option<LedgerRow> {
    let dated =
        |tag: &'static str| person.log.iter().filter(move |e| e.date <= today && e.has_tag(tag)).map(|e| e.date);
    let (gave, got) = (dated("gave").count(), dated("got").count());
    if gave + got == 0 {
        return None;
    }
    let (last_gave, last_got) = (dated("gave").max(), dated("got").max());
    Some(LedgerRow {
        name: person.name.clone(),
        path: note.path.clone(),
        gave,
        last_gave,
        got,
        last_got,
        balance: i64::try_from(gave).unwrap_or(i64::MAX) - i64::try_from(got).unwrap_or(i64::MAX),
        owe: last_got.is_some_and(|g| last_gave.is_none_or(|v| v < g)),
    })
}

pub fn combine(rows: impl Iterator<Item = LedgerRow>) -> Vec<LedgerRow> {
    let mut rows: Vec<LedgerRow> = rows.collect();
    rows.sort_by(order);
    rows
}

/// Those you owe first (longest-standing first), then by balance, name and path.
pub fn order(a: &LedgerRow, b: &LedgerRow) -> std::cmp::Ordering {
    b.owe
        .cmp(&a.owe)
        .then_with(|| if a.owe { a.last_got.cmp(&b.last_got) } else { std::cmp::Ordering::Equal })
        .then_with(|| a.balance.cmp(&b.balance))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.path.cmp(&b.path))
}
