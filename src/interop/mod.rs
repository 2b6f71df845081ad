//! Contacts in and out: LinkedIn, vCard and CSV exports parsed into
//! [`Contact`]s, written as front matter ([`fields`]), merged into the vault
//! ([`merge`], [`write`]), and people exported ([`export`], [`card`]). The
//! command line only reads the file and prints.

pub mod card;
pub mod csv;
pub mod export;
pub mod fields;
pub mod linkedin;
pub mod merge;
pub mod names;
pub mod vcard;
pub mod write;

use chrono::NaiveDate;

/// Where contacts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Linkedin,
    Vcard,
    /// Google Contacts or Outlook CSV, recognised by the header.
    Csv,
}

impl Source {
    /// As said in messages: "… in LinkedIn (kept yours)".
    pub fn label(self) -> &'static str {
        match self {
            Source::Linkedin => "LinkedIn",
            Source::Vcard => "the vCard",
            Source::Csv => "the CSV",
        }
    }
}

/// A value with its kind (`work`, `home`, `cell`, a custom label), written in
/// a note as `value (label)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labeled {
    pub value: String,
    pub label: Option<String>,
}

impl Labeled {
    pub fn new(value: impl Into<String>, label: Option<String>) -> Labeled {
        Labeled { value: value.into().trim().to_string(), label: label.filter(|l| !l.trim().is_empty()) }
    }

    /// `+1 555 0100 (cell)`.
    pub fn text(&self) -> String {
        match &self.label {
            Some(label) => format!("{} ({label})", self.value),
            None => self.value.clone(),
        }
    }

    /// Read `value (label)` back; a trailing parenthesis holding only letters,
    /// spaces, `-`, `_` or `,` is the label (so `(555) 123-4567` stays whole).
    pub fn parse(text: &str) -> Labeled {
        let (value, label) = crate::note::fields::split_label(text);
        Labeled::new(value, label.map(String::from))
    }
}

/// A structured name (vCard `N`): each part as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    pub family: String,
    pub given: String,
    pub middle: String,
    pub prefix: String,
    pub suffix: String,
}

impl NameParts {
    pub fn is_empty(&self) -> bool {
        [&self.family, &self.given, &self.middle, &self.prefix, &self.suffix].iter().all(|p| p.trim().is_empty())
    }

    /// The display name the parts spell: `Mr. John Richter James Doe Sr.`;
    /// family name first for Chinese, Japanese and Korean names (`山田 花子`).
    pub fn display(&self) -> String {
        let cjk = |s: &str| {
            !s.is_empty()
                && s.chars().all(
                    |c| matches!(u32::from(c), 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af),
                )
        };
        if cjk(self.given.trim()) && cjk(self.family.trim()) {
            return format!("{} {}", self.family.trim(), self.given.trim());
        }
        [&self.prefix, &self.given, &self.middle, &self.family, &self.suffix]
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One contact, as kith knows people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub name: String,
    pub parts: NameParts,
    pub nickname: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub addresses: Vec<Labeled>,
    pub urls: Vec<Labeled>,
    /// Social profiles other than LinkedIn (`X-SOCIALPROFILE`), labelled by network.
    pub socials: Vec<Labeled>,
    pub linkedin: Option<String>,
    pub tags: Vec<String>,
    /// `1990-04-12` or, without a year, `--04-12`.
    pub birthday: Option<String>,
    pub met: Option<NaiveDate>,
    /// Other yearly dates by label (`anniversary`, …): kith's `dates:`.
    pub dates: Vec<(String, String)>,
    /// The source's own id (vCard `UID`): the surest way to find them again.
    pub uid: Option<String>,
    /// Free text (vCard `NOTE`, CSV `Notes`): kept in the front matter, never in the body.
    pub notes: Option<String>,
    /// The line in the file where the contact starts, for messages.
    pub line: usize,
}

/// What a parser read: the contacts, entries without a name, and messages
/// (`line: what`) about what it could not read.
#[derive(Debug, Default)]
pub struct Parsed {
    pub contacts: Vec<Contact>,
    pub unnamed: usize,
    /// Entries refused whole (a broken card).
    pub refused: Vec<(usize, String)>,
    /// Values left out of an otherwise good entry (an unreadable date).
    pub warnings: Vec<(usize, String)>,
}

/// Parse a whole export. Returns an error when the file is not of that kind at all.
/// Whatever the source, names are on one line with single spaces, and only
/// what looks like an email address is kept as one (the rest is warned about).
pub fn parse(source: Source, text: &str) -> Result<Parsed, String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut parsed = match source {
        Source::Linkedin => linkedin::parse(text),
        Source::Vcard => vcard::parse(text),
        Source::Csv => csv::parse(text),
    }?;
    let Parsed { contacts, warnings, .. } = &mut parsed;
    for contact in contacts {
        contact.name = one_line(&contact.name);
        let parts = &mut contact.parts;
        for part in [&mut parts.family, &mut parts.given, &mut parts.middle, &mut parts.prefix, &mut parts.suffix] {
            *part = one_line(part);
        }
        let name = &contact.name;
        contact.emails.retain(|email| {
            let keep = looks_like_email(&email.value);
            if !keep {
                let message = format!("{name}: \"{}\" is not an email address; left out", one_line(&email.value));
                warnings.push((contact.line, message));
            }
            keep
        });
    }
    Ok(parsed)
}

/// Runs of whitespace (line breaks included) as one space, none at the ends.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `someone@host`: an `@` with text on both sides and no whitespace. Not a
/// full RFC 5322 check: it keeps out what exports put in email columns by
/// mistake (`urn:li:member:664293716`, two addresses in one cell).
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    text.split_once('@').is_some_and(|(local, host)| !local.is_empty() && !host.is_empty())
        && !text.chars().any(char::is_whitespace)
}

/// A file's bytes as text: UTF-8, or else Windows-1252 (older Outlook and
/// Excel exports), never failing.
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// One Windows-1252 byte as a character (Latin-1 plus the 0x80–0x9F punctuation).
pub fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Birthdays as kith writes them: `1990-04-12`, or `--04-12` without a year.
/// Reads `19900412`, `--0412`, `--04-12`, `1990-04-12T00:00:00Z`, Apple's
/// year 1604 (no year), and `4/12/1990` (US order, as Outlook writes them).
pub fn normalize_birthday(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.split('T').next().unwrap_or(t);
    if let Some(rest) = t.strip_prefix("--") {
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let (month, day) = (digits.get(..2)?.parse::<u32>().ok()?, digits.get(2..)?.parse::<u32>().ok()?);
        return (digits.len() == 4 && NaiveDate::from_ymd_opt(2000, month, day).is_some())
            .then(|| format!("--{month:02}-{day:02}"));
    }
    let date = if t.contains('/') {
        NaiveDate::parse_from_str(t, "%m/%d/%Y").ok()?
    } else {
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()?
    };
    use chrono::Datelike;
    if date.year() == 1604 || date.year() <= 1 {
        return Some(format!("--{:02}-{:02}", date.month(), date.day()));
    }
    Some(date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_email_like_values_are_emails() {
        for good in ["a@b.c", "ada.lovelace+kith@example.org", " x@y "] {
            assert!(super::looks_like_email(good), "{good}");
        }
        for bad in ["urn:li:member:664293716", "a@b.c d@e.f", "@x", "x@", "", "a b@c.d", "a@b\nc"] {
            assert!(!super::looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn labels_read_back_and_phone_parentheses_stay() {
        assert_eq!(Labeled::parse("+1 555 0100 (cell)"), Labeled::new("+1 555 0100", Some("cell".into())));
        assert_eq!(Labeled::parse("(555) 123-4567"), Labeled::new("(555) 123-4567", None));
        assert_eq!(Labeled::parse("a@b.c (work, pref)").label.as_deref(), Some("work, pref"));
        let l = Labeled::new("x@y.z", Some("home".into()));
        assert_eq!(Labeled::parse(&l.text()), l);
    }

    #[test]
    fn birthdays_in_every_spelling() {
        for (input, want) in [
            ("19900412", Some("1990-04-12")),
            ("1990-04-12T00:00:00Z", Some("1990-04-12")),
            ("--0412", Some("--04-12")),
            ("--04-12", Some("--04-12")),
            ("1604-11-27", Some("--11-27")),
            ("4/12/1990", Some("1990-04-12")),
            ("--1340", None),
            ("0/0/00", None),
        ] {
            assert_eq!(normalize_birthday(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn windows_1252_text() {
        assert_eq!(decode(b"M\xfcller \x80"), "Müller €");
        assert_eq!(decode("Müller".as_bytes()), "Müller");
    }
}
