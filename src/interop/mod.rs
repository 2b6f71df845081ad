//! Contacts in and out: LinkedIn, vCard and CSV exports parsed into
//! [`Contact`]s, merged into the vault ([`merge`]), and people exported
//! ([`export`]). The command line only reads the file and prints.

pub mod export;
pub mod linkedin;
pub mod merge;
pub mod names;
pub mod vcard;

/// Where contacts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Linkedin,
    Vcard,
}

/// One contact, as kith fields.
pub struct Contact {
    pub name: String,
    /// `key`, YAML text of the value.
    pub fields: Vec<(&'static str, String)>,
    pub url: Option<String>,
    pub email: Option<String>,
    /// Free text for a new note's body (a vCard's NOTE).
    pub body: Option<String>,
}

/// Parse a whole export (BOM already stripped). Returns the contacts and how
/// many entries had no name.
pub fn parse(source: Source, text: &str) -> Result<(Vec<Contact>, usize), String> {
    match source {
        Source::Linkedin => linkedin::parse(text),
        Source::Vcard => vcard::parse(text),
    }
}
