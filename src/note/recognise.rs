//! How kith recognises people and field names in a vault kept its owner's way
//! (format v1.1): plain data with built-in defaults that kith.yaml extends.

use serde_norway::Value;

use super::fields::{link_text, Fields};
use super::Folders;
use super::{link, Kind};
use crate::path::NotePath;

/// Words that mark a person in `type`, `category`, `categories` and `tags`.
const PERSON_WORDS: [&str; 3] = ["person", "people", "contact"];
/// Folder names (any case, any depth) whose notes are people.
const PERSON_FOLDERS: [&str; 2] = ["people", "contacts"];

/// Field names kith reads, and the spellings that mean the same field. Names
/// compare after `normalise`, so `Last Contact` and `last-contact` need no entry.
const SYNONYMS: [(&str, &[&str]); 8] = [
    ("last_contact", &["last_contacted", "last_interaction"]),
    ("met", &["met_date", "date_met", "met_on", "first_met"]),
    ("met_context", &["how_met", "how_we_met", "where_met", "met_where"]),
    ("email", &["e-mail", "mail"]),
    ("company", &["organization", "organisation", "org", "employer"]),
    ("role", &["job_title", "position"]),
    ("follow_up", &["next_contact", "next_follow_up"]),
    ("birthday", &["bday", "birth_date", "date_of_birth"]),
];

/// What makes a note a person, and which field names mean which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    /// Lowercased folder names; a note under one at any depth is a person.
    pub folders: Vec<String>,
    /// Lowercased tags without `#`.
    pub tags: Vec<String>,
    /// Lowercased values of `type`, `category` or `categories`.
    pub types: Vec<String>,
    /// Normalised spelling → kith's field name.
    synonyms: Vec<(String, String)>,
}

impl Default for Recognition {
    fn default() -> Self {
        let words = || PERSON_WORDS.iter().map(|w| w.to_string()).collect();
        let mut recognition = Recognition {
            folders: PERSON_FOLDERS.iter().map(|w| w.to_string()).collect(),
            tags: words(),
            types: words(),
            synonyms: Vec::new(),
        };
        for (field, spellings) in SYNONYMS {
            for spelling in spellings {
                recognition.add_synonym(field, spelling);
            }
        }
        recognition
    }
}

/// Why a note is a person, for `kith check`'s summary. The words are
/// interned: a vault has a few of them, every person one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecognisedBy {
    /// `type`, `category` or `categories` (the field, the word as written).
    Field(&'static str, &'static str),
    Tag(&'static str),
    /// The folder as written in the path, e.g. `People/`.
    Folder(&'static str),
}

impl std::fmt::Display for RecognisedBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecognisedBy::Field(field, word) => write!(f, "{field} {word}"),
            RecognisedBy::Tag(tag) => write!(f, "tag {tag}"),
            RecognisedBy::Folder(folder) => write!(f, "folder {folder}/"),
        }
    }
}

impl Recognition {
    pub fn add_folder(&mut self, name: &str) {
        push_new(&mut self.folders, name.trim().trim_matches('/').to_lowercase());
    }

    pub fn add_tag(&mut self, tag: &str) {
        push_new(&mut self.tags, tag.trim().trim_start_matches('#').to_lowercase());
    }

    pub fn add_type(&mut self, word: &str) {
        push_new(&mut self.types, word.trim().to_lowercase());
    }

    /// `spelling` means kith's `field` from now on.
    pub fn add_synonym(&mut self, field: &str, spelling: &str) {
        let spelling = normalise(spelling);
        if !spelling.is_empty() && !self.synonyms.iter().any(|(s, _)| *s == spelling) {
            self.synonyms.push((spelling, normalise(field)));
        }
    }

    /// The normalised name of the field a key means: synonyms resolved.
    pub fn field_of(&self, key: &str) -> String {
        self.with_field_of(key, str::to_string)
    }

    /// `f` of `field_of(key)`, without building the string for short ASCII keys.
    pub fn with_field_of<R>(&self, key: &str, f: impl FnOnce(&str) -> R) -> R {
        with_normalised(key, |key| match self.synonyms.iter().find(|(s, _)| *s == key) {
            Some((_, field)) => f(field),
            None => f(key),
        })
    }

    /// Whether a `type`/`category` value or a tag names a person.
    pub fn is_person_type(&self, value: &str) -> bool {
        let word = link::target_of(value).unwrap_or(value).trim().to_lowercase();
        self.types.contains(&word)
    }

    pub fn is_person_tag(&self, tag: &str) -> bool {
        let tag = tag.trim().trim_start_matches('#').to_lowercase();
        self.tags.contains(&tag)
    }

    /// The folder (as written) that makes a note a person, if any.
    pub fn person_folder<'p>(&self, path: &'p NotePath) -> Option<&'p str> {
        let text = path.as_str();
        let mut start = 0;
        for (i, _) in text.match_indices('/') {
            let name = &text[start..i];
            if self.folders.iter().any(|f| f.eq_ignore_ascii_case(name)) {
                return Some(&text[..i]);
            }
            start = i + 1;
        }
        None
    }
}

/// What a note is by its fields, then its folder. `type`, `category` or
/// `categories` naming a person, or a person tag, make a person; `type: goal`
/// a goal; any other `type` a note kith does not track (as in format v1).
pub(super) fn kind_of(fields: &mut Fields<'_>, path: &NotePath, folders: &Folders) -> Option<(Kind, RecognisedBy)> {
    let recognition = &folders.recognition;
    let mut typed = false;
    for field in ["type", "category", "categories"] {
        let Some(value) = fields.get(field) else { continue };
        let words = words_of(value);
        if words.is_empty() && field == "type" && !value.as_sequence().is_some_and(Vec::is_empty) {
            let shown = super::fields::describe(value);
            fields.warning("type", format!("`type` should be text like person or goal, not {shown}"));
            continue;
        }
        for word in &words {
            let word = link::target_of(word).unwrap_or(word);
            // A template read anyway (`Templates/People Template.md`) is only a person when its `type` says so.
            if recognition.is_person_type(word) && (field == "type" || !is_template(path)) {
                return Some((Kind::Person, RecognisedBy::Field(field, shared(word))));
            }
            if field == "type" {
                match word.to_lowercase().as_str() {
                    "goal" => return Some((Kind::Goal, RecognisedBy::Field(field, shared(word)))),
                    "review" => return Some((Kind::Review, RecognisedBy::Field(field, shared(word)))),
                    _ => typed = true,
                }
            }
        }
    }
    if is_template(path) {
        return None;
    }
    if let Some(value) = fields.get("tags") {
        for word in words_of(value) {
            for tag in word.split([',', ' ']).filter(|t| !t.is_empty()) {
                if recognition.is_person_tag(tag) {
                    return Some((Kind::Person, RecognisedBy::Tag(shared(tag.trim_start_matches('#')))));
                }
            }
        }
    }
    if typed {
        return None;
    }
    kind_of_folder(path, folders)
}

fn shared(word: &str) -> &'static str {
    super::names::intern_text(word).text()
}

/// What a note is by its folder alone: kith's own folders (kith.yaml may move
/// them), then any folder named like a people folder.
pub fn kind_of_folder(path: &NotePath, folders: &Folders) -> Option<(Kind, RecognisedBy)> {
    if is_folder_page(path) {
        return None;
    }
    if let Some(kind) = folders.kind_of_path(path) {
        let len = folders.people.trim_matches('/').len().min(path.as_str().len());
        let folder = if kind == Kind::Person { &path.as_str()[..len] } else { "" };
        return Some((kind, RecognisedBy::Folder(shared(folder))));
    }
    let folder = folders.recognition.person_folder(path)?;
    Some((Kind::Person, RecognisedBy::Folder(shared(folder))))
}

/// A note inside a folder named `templates` or `template` (any case, any
/// depth): Obsidian's templates carry the fields of the notes made from them
/// (`name: "{{title}}"`, `met: {{date}}`). The scan never reads them; this
/// keeps a template out of the people and dated notes when one is read anyway.
pub fn is_template(path: &NotePath) -> bool {
    let text = path.as_str();
    text.rsplit_once('/').is_some_and(|(folders, _)| folders.split('/').any(crate::vault::is_template_folder))
}

/// A note that describes or serves its folder rather than being one of its
/// notes: a file name starting with `_` (`_template.md`, `_aliases.md`) or
/// `README` or `index` (any case). Its folder alone does not make it a person.
pub fn is_folder_page(path: &NotePath) -> bool {
    let stem = path.stem();
    stem.starts_with('_') || stem.eq_ignore_ascii_case("readme") || stem.eq_ignore_ascii_case("index")
}

/// The text items of a field, without reporting anything (a non-person note's
/// odd fields are not kith's business).
fn words_of(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(link_text).collect(),
        other => link_text(other).into_iter().collect(),
    }
}

/// How a note's front matter already spells kith's `field` (`Last Contact`
/// for `last_contact`), so an edit changes that key instead of adding a
/// second spelling. `None` when the note has no such key.
pub fn spelling_in(front: crate::vault::FrontMatter<'_>, field: &str) -> Option<String> {
    let recognition = Recognition::default();
    let wanted = normalise(field);
    let lines = super::fields::key_lines(front);
    let keys: Vec<&str> = lines.keys().collect();
    if keys.contains(&field) {
        return Some(field.to_string());
    }
    keys.into_iter().find(|k| recognition.field_of(k) == wanted).map(str::to_string)
}

/// A field name for comparison: lowercase, without `-`, `_` and spaces.
pub fn normalise(key: &str) -> String {
    if key.is_ascii() {
        let mut out = String::with_capacity(key.len());
        out.extend(
            key.bytes().filter(|b| !matches!(b, b'-' | b'_' | b' ')).map(|b| char::from(b.to_ascii_lowercase())),
        );
        return out;
    }
    key.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).flat_map(char::to_lowercase).collect()
}

/// `f` of `normalise(key)`, normalised on the stack when the key is short ASCII
/// (every field name kith asks for).
pub fn with_normalised<R>(key: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    if key.is_ascii() && key.len() <= buf.len() {
        let mut len = 0;
        for b in key.bytes().filter(|b| !matches!(b, b'-' | b'_' | b' ')) {
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        }
        // ASCII in, ASCII out.
        return f(std::str::from_utf8(&buf[..len]).unwrap_or_default());
    }
    f(&normalise(key))
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !item.is_empty() && !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_ignore_case_separators_and_know_synonyms() {
        let r = Recognition::default();
        for key in ["last_contact", "Last Contact", "last-contact", "LastContact", "last_contacted", "Last Interaction"]
        {
            assert_eq!(r.field_of(key), "lastcontact", "{key}");
        }
        assert_eq!(r.field_of("E-Mail"), "email");
        assert_eq!(r.field_of("Organisation"), "company");
        assert_eq!(r.field_of("Date of Birth"), "birthday");
        assert_eq!(r.field_of("Phone"), "phone");
        for key in ["last_contact", "Last Contact", "", "-_ ", "Größe", "É-mail", &"x_".repeat(40)] {
            assert_eq!(with_normalised(key, str::to_string), normalise(key), "{key}");
        }
    }

    #[test]
    fn folders_at_any_depth_and_case() {
        let r = Recognition::default();
        let folder = |p: &str| r.person_folder(&NotePath::new(p.to_string())).map(str::to_string);
        assert_eq!(folder("People/Ada.md").as_deref(), Some("People"));
        assert_eq!(folder("Areas/CRM/contacts/Ada.md").as_deref(), Some("Areas/CRM/contacts"));
        assert_eq!(folder("Peoples/Ada.md"), None);
        assert_eq!(folder("people.md"), None);
    }

    #[test]
    fn types_tags_and_links() {
        let r = Recognition::default();
        assert!(r.is_person_type("[[People]]") && r.is_person_type("Contact") && !r.is_person_type("meeting"));
        assert!(r.is_person_tag("#person") && r.is_person_tag("People") && !r.is_person_tag("friend"));
    }
}
