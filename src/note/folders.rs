//! Where notes of each kind live by default: plain data the parser reads
//! (kith.yaml can move the folders; `config` fills this in).

use super::Kind;
use crate::path::NotePath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub people: String,
    pub goals: String,
    /// Where `kith review --write` puts the week's review note.
    pub reviews: String,
    /// Person folders, tags, types and field names beyond kith's own (format v1.1).
    pub recognition: super::Recognition,
}

impl Folders {
    /// The kind a note has by its folder alone.
    pub fn kind_of_path(&self, path: &NotePath) -> Option<Kind> {
        if path.is_under(&self.people) {
            Some(Kind::Person)
        } else if path.is_under(&self.goals) {
            Some(Kind::Goal)
        } else if path.is_under(&self.reviews) {
            Some(Kind::Review)
        } else {
            None
        }
    }
}
