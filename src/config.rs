//! `kith.yaml`: the vault's optional settings, with defaults for everything.

use serde::Deserialize;
use serde_norway::Value;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::note::dates::Cadence;
use crate::note::fields::scalar_text;
use crate::note::{Kind, Stage};
use crate::path::NotePath;

pub const FILE_NAME: &str = "kith.yaml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub people: String,
    pub goals: String,
}

impl Folders {
    /// The kind a note has by its folder alone.
    pub fn kind_of_path(&self, path: &NotePath) -> Option<Kind> {
        if path.is_under(&self.people) {
            Some(Kind::Person)
        } else if path.is_under(&self.goals) {
            Some(Kind::Goal)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageCadences {
    pub seed: Cadence,
    pub growing: Cadence,
    pub trusted: Cadence,
}

impl StageCadences {
    /// The default cadence of a stage; `None` for pruned people, who are never due.
    pub fn for_stage(&self, stage: Stage) -> Option<Cadence> {
        match stage {
            Stage::Seed => Some(self.seed),
            Stage::Growing => Some(self.growing),
            Stage::Trusted => Some(self.trusted),
            Stage::Pruned => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// kith's output folder, relative to the vault.
    pub output: String,
    pub folders: Folders,
    pub cadence: StageCadences,
    /// How markdown pages link to notes.
    pub links: LinkStyle,
}

/// `[[wikilinks]]` read best in Obsidian; relative links on GitHub and elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStyle {
    #[default]
    Wikilink,
    Relative,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            output: "kith".to_string(),
            folders: Folders { people: "people".to_string(), goals: "goals".to_string() },
            cadence: StageCadences { seed: Cadence::Days(30), growing: Cadence::Days(60), trusted: Cadence::Days(90) },
            links: LinkStyle::Wikilink,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    output: Option<String>,
    folders: Option<RawFolders>,
    cadence: Option<RawCadence>,
    links: Option<LinkStyle>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFolders {
    people: Option<String>,
    goals: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCadence {
    seed: Option<Value>,
    growing: Option<Value>,
    trusted: Option<Value>,
}

/// Load `kith.yaml` from the vault root. A missing file means defaults; a broken
/// one is reported and the defaults are used, so reports still run.
pub fn load(root: &Path) -> (Settings, Vec<Diagnostic>) {
    let path = NotePath::new(FILE_NAME);
    let text = match std::fs::read(root.join(FILE_NAME)) {
        Ok(bytes) => match crate::vault::decode(&path, bytes) {
            Ok(text) => text,
            Err(problem) => return (Settings::default(), vec![problem]),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Settings::default(), Vec::new()),
        Err(e) => return (Settings::default(), vec![Diagnostic::error(&path, 1, format!("cannot read: {e}"))]),
    };
    parse(&text)
}

pub fn parse(text: &str) -> (Settings, Vec<Diagnostic>) {
    let path = NotePath::new(FILE_NAME);
    let mut problems = Vec::new();
    let raw: RawSettings = if text.trim().is_empty() {
        RawSettings::default()
    } else {
        match serde_norway::from_str::<Option<RawSettings>>(text) {
            Ok(raw) => raw.unwrap_or_default(),
            Err(err) => {
                let (line, _, message) = crate::note::fields::yaml_error(&err);
                problems.push(
                    Diagnostic::error(&path, line, format!("settings not used: {message}"))
                        .with_hint("fix kith.yaml; kith uses its defaults until then")
                        .with_source(text),
                );
                return (Settings::default(), problems);
            }
        }
    };
    let mut settings = Settings { links: raw.links.unwrap_or_default(), ..Settings::default() };
    if let Some(output) = raw.output.filter(|o| !o.trim().is_empty()) {
        settings.output = output.trim().trim_matches('/').to_string();
    }
    if let Some(folders) = raw.folders {
        if let Some(people) = folders.people {
            settings.folders.people = people.trim().trim_matches('/').to_string();
        }
        if let Some(goals) = folders.goals {
            settings.folders.goals = goals.trim().trim_matches('/').to_string();
        }
    }
    if let Some(cadence) = raw.cadence {
        let mut set = |name: &str, value: Option<Value>, slot: &mut Cadence| {
            let Some(value) = value else { return };
            match Cadence::parse(&scalar_text(&value).unwrap_or_default()) {
                Ok(c) => *slot = c,
                Err(message) => {
                    let line = line_of(text, name);
                    problems
                        .push(Diagnostic::error(&path, line, format!("cadence.{name}: {message}")).with_source(text));
                }
            }
        };
        set("seed", cadence.seed, &mut settings.cadence.seed);
        set("growing", cadence.growing, &mut settings.cadence.growing);
        set("trusted", cadence.trusted, &mut settings.cadence.trusted);
    }
    (settings, problems)
}

fn line_of(text: &str, key: &str) -> u32 {
    text.lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
        .map_or(1, |i| u32::try_from(i + 1).unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let (settings, problems) = parse("");
        assert_eq!(settings, Settings::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn overrides_and_cadence_units() {
        let (s, problems) = parse("output: out/\nfolders:\n  people: contacts\ncadence:\n  seed: 2w\n  trusted: 120\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.output, "out");
        assert_eq!(s.folders.people, "contacts");
        assert_eq!(s.folders.goals, "goals");
        assert_eq!(s.cadence.seed, Cadence::Weeks(2));
        assert_eq!(s.cadence.growing, Cadence::Days(60));
        assert_eq!(s.cadence.trusted, Cadence::Days(120));
    }

    #[test]
    fn broken_settings_fall_back_with_a_located_error() {
        let (s, problems) = parse("output: kith\ncadence:\n  seed: often\n");
        assert_eq!(s.cadence.seed, Cadence::Days(30));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
        let (s, problems) = parse("outptu: x\n");
        assert_eq!(s, Settings::default());
        assert!(problems[0].message.contains("unknown field"), "{}", problems[0].message);
        assert_eq!(problems[0].line, 1);
    }
}
