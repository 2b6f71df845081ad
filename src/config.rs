//! `kith.yaml`: the vault's optional settings, with defaults for everything.

use chrono::{NaiveTime, Weekday};
use serde::Deserialize;
use serde_norway::Value;
use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::note::dates::Cadence;
use crate::note::fields::scalar_text;
pub use crate::note::Folders;
use crate::note::Stage;
use crate::path::NotePath;

pub const FILE_NAME: &str = "kith.yaml";

/// The groups of reminders, in the order `reminders.md` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderGroup {
    Overdue,
    ThisWeek,
    /// Spelled as the README documents it; `next30-days` (what serde's kebab-case
    /// makes of the name, and what kith 0.1 printed) is still read.
    #[serde(rename = "next-30-days", alias = "next30-days")]
    Next30Days,
    Referrals,
    NotContacted,
    Dates,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSettings {
    /// Which groups go into `reminders.ics` (not-contacted people have no date).
    pub calendar: Vec<ReminderGroup>,
    /// Time of day of the calendar alarm on the event's day; `None`: no alarm.
    pub alarm: Option<NaiveTime>,
    /// How many days ahead reminders look.
    pub horizon_days: i64,
}

/// A weekly slot to offer in review drafts, like `Tue 10:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub weekday: Weekday,
    pub time: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSettings {
    pub count: usize,
    pub availability: Vec<Slot>,
}

/// How often to be in touch: by stage, and by tag or circle (`cadence.tags`,
/// `cadence.circles`, keys lowercased without `#`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageCadences {
    pub seed: Cadence,
    pub growing: Cadence,
    pub trusted: Cadence,
    pub tags: BTreeMap<String, Cadence>,
    pub circles: BTreeMap<String, Cadence>,
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

    /// A person's cadence: their own `cadence`, else the shortest rule among
    /// their tags and circles, else their stage's; `None` when pruned.
    pub fn for_person(&self, person: &crate::note::Person) -> Option<Cadence> {
        let stage_default = self.for_stage(person.stage)?;
        if let Some(own) = person.cadence {
            return Some(own);
        }
        let rule = |rules: &BTreeMap<String, Cadence>, key: &str| {
            if rules.is_empty() {
                return None;
            }
            rules.get(&key.trim_start_matches('#').to_lowercase()).copied()
        };
        let by_tag = person.tags.iter().filter_map(|t| rule(&self.tags, t));
        let by_circle = person.circles.iter().filter_map(|c| rule(&self.circles, c));
        Some(by_tag.chain(by_circle).min_by_key(|c| c.approx_days()).unwrap_or(stage_default))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// kith's output folder, relative to the vault.
    pub output: String,
    pub folders: Folders,
    pub cadence: StageCadences,
    pub reminders: ReminderSettings,
    pub review: ReviewSettings,
    /// About you: `me: {interests: [...]}`, for shared interests in `kith prep`.
    pub me_interests: Vec<String>,
    /// Log tags that mark a meeting (after which one asks for three more names).
    pub meeting_tags: Vec<String>,
    /// How markdown pages link to notes.
    pub links: LinkStyle,
    pub pages: PageSettings,
    /// `cache:` the folder for the parse cache (relative to the vault, or
    /// absolute), or `off`; `None`: the default place (see `crate::cache`).
    pub cache: Option<String>,
}

/// How much the pages show: `pages: {limit: 25, plant: 5}` in kith.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSettings {
    /// Items per section on pages and terminal reports; `None` (`limit: all`): every item.
    pub limit: Option<usize>,
    /// People not yet contacted suggested each week as first contacts.
    pub plant: usize,
}

impl Default for PageSettings {
    fn default() -> Self {
        PageSettings { limit: Some(25), plant: 5 }
    }
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
            folders: Folders {
                people: "people".to_string(),
                goals: "goals".to_string(),
                reviews: "reviews".to_string(),
                recognition: crate::note::Recognition::default(),
            },
            reminders: ReminderSettings {
                calendar: vec![
                    ReminderGroup::Overdue,
                    ReminderGroup::ThisWeek,
                    ReminderGroup::Next30Days,
                    ReminderGroup::Referrals,
                    ReminderGroup::Dates,
                ],
                alarm: NaiveTime::from_hms_opt(9, 0, 0),
                horizon_days: 30,
            },
            me_interests: Vec::new(),
            meeting_tags: ["meeting", "coffee", "call"].map(String::from).to_vec(),
            review: ReviewSettings {
                count: 3,
                availability: ["Tue 10:00", "Wed 14:00", "Thu 16:00"].iter().filter_map(|s| parse_slot(s)).collect(),
            },
            cadence: StageCadences {
                seed: Cadence::Days(30),
                growing: Cadence::Days(60),
                trusted: Cadence::Days(90),
                tags: BTreeMap::new(),
                circles: BTreeMap::new(),
            },
            links: LinkStyle::Wikilink,
            pages: PageSettings::default(),
            cache: None,
        }
    }
}

#[derive(Deserialize, Default)]
struct RawSettings {
    output: Option<String>,
    folders: Option<RawFolders>,
    cadence: Option<RawCadence>,
    links: Option<LinkStyle>,
    reminders: Option<RawReminders>,
    review: Option<RawReview>,
    me: Option<RawMe>,
    meeting_tags: Option<Vec<String>>,
    recognise: Option<RawRecognise>,
    pages: Option<RawPages>,
    cache: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawPages {
    /// A number, or `all`.
    limit: Option<Value>,
    plant: Option<usize>,
}

/// More ways to recognise people than kith's own (which always apply).
#[derive(Deserialize, Default)]
struct RawRecognise {
    folders: Option<Vec<String>>,
    tags: Option<Vec<String>>,
    types: Option<Vec<String>>,
    /// kith's field name → more spellings of it.
    fields: Option<std::collections::BTreeMap<String, Vec<String>>>,
}

#[derive(Deserialize, Default)]
struct RawMe {
    interests: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
struct RawFolders {
    people: Option<String>,
    goals: Option<String>,
    reviews: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawReminders {
    calendar: Option<Vec<ReminderGroup>>,
    alarm: Option<String>,
    horizon: Option<u32>,
}

#[derive(Deserialize, Default)]
struct RawReview {
    count: Option<usize>,
    availability: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
struct RawCadence {
    seed: Option<Value>,
    growing: Option<Value>,
    trusted: Option<Value>,
    tags: Option<BTreeMap<String, Value>>,
    circles: Option<BTreeMap<String, Value>>,
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
    let source = text;
    let path = NotePath::new(FILE_NAME);
    let mut problems = Vec::new();
    let raw: RawSettings = if text.trim().is_empty() {
        RawSettings::default()
    } else {
        // Unknown keys are reported and skipped; the known ones still apply.
        let mut unknown = Vec::new();
        // serde_ignored writes `?` for each Option it passes through.
        let parsed = serde_ignored::deserialize(serde_norway::Deserializer::from_str(text), |key| {
            unknown.push(key.to_string().split('.').filter(|part| *part != "?").collect::<Vec<_>>().join("."))
        });
        for key in &unknown {
            let last = key.rsplit('.').next().unwrap_or(key);
            problems.push(
                Diagnostic::warning(&path, line_of(text, last), format!("unknown setting `{key}` is ignored"))
                    .with_hint("see the kith.yaml reference in kith's README")
                    .with_source(text),
            );
        }
        match parsed {
            Ok(raw) => Option::<RawSettings>::unwrap_or_default(raw),
            Err(err) => {
                let (line, _, message) = crate::note::fields::yaml_error(&err, text);
                problems.push(
                    Diagnostic::error(&path, line, format!("settings not used: {message}"))
                        .with_hint("fix kith.yaml; kith uses its defaults until then")
                        .with_source(text),
                );
                return (Settings::default(), problems);
            }
        }
    };
    let cache = raw.cache.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    let mut settings = Settings { links: raw.links.unwrap_or_default(), cache, ..Settings::default() };
    if let Some(output) = raw.output.filter(|o| !o.trim().is_empty()) {
        // An absolute folder stays absolute (it was made relative, a nested copy
        // of its path inside the vault); trailing slashes go.
        let output = output.trim();
        let trimmed = output.trim_end_matches('/');
        settings.output =
            if trimmed.is_empty() { "/".to_string() } else { trimmed.trim_start_matches("./").to_string() };
    }
    if let Some(folders) = raw.folders {
        if let Some(people) = folders.people {
            settings.folders.people = people.trim().trim_matches('/').to_string();
        }
        if let Some(goals) = folders.goals {
            settings.folders.goals = goals.trim().trim_matches('/').to_string();
        }
        if let Some(reviews) = folders.reviews {
            settings.folders.reviews = reviews.trim().trim_matches('/').to_string();
        }
    }
    if let Some(more) = raw.recognise {
        let recognition = &mut settings.folders.recognition;
        more.folders.iter().flatten().for_each(|f| recognition.add_folder(f));
        more.tags.iter().flatten().for_each(|t| recognition.add_tag(t));
        more.types.iter().flatten().for_each(|t| recognition.add_type(t));
        for (field, spellings) in more.fields.iter().flatten() {
            spellings.iter().for_each(|s| recognition.add_synonym(field, s));
        }
    }
    if let Some(reminders) = raw.reminders {
        if let Some(calendar) = reminders.calendar {
            settings.reminders.calendar = calendar;
        }
        if let Some(horizon) = reminders.horizon {
            settings.reminders.horizon_days = i64::from(horizon);
        }
        match reminders.alarm.as_deref().map(str::trim) {
            None => {}
            Some("none" | "off" | "") => settings.reminders.alarm = None,
            Some(text) => match NaiveTime::parse_from_str(text, "%H:%M") {
                Ok(time) => settings.reminders.alarm = Some(time),
                Err(_) => problems.push(
                    Diagnostic::error(
                        &path,
                        line_of(source, "alarm"),
                        format!("reminders.alarm \"{text}\" is not a time like 09:00 (or none)"),
                    )
                    .with_source(source),
                ),
            },
        }
    }
    if let Some(tags) = raw.meeting_tags {
        settings.meeting_tags =
            tags.iter().map(|t| t.trim().trim_start_matches('#').to_lowercase()).filter(|t| !t.is_empty()).collect();
    }
    if let Some(pages) = raw.pages {
        if let Some(plant) = pages.plant {
            settings.pages.plant = plant;
        }
        match pages.limit.as_ref().map(|v| (v, scalar_text(v))) {
            None => {}
            Some((_, Some(text))) if text.trim() == "all" => settings.pages.limit = None,
            Some((Value::Number(n), _)) if n.as_u64().is_some_and(|n| n > 0) => {
                settings.pages.limit = n.as_u64().and_then(|n| usize::try_from(n).ok());
            }
            Some(_) => problems.push(
                Diagnostic::error(&path, line_of(source, "limit"), "pages.limit is not a positive number or `all`")
                    .with_source(source),
            ),
        }
    }
    if let Some(interests) = raw.me.and_then(|me| me.interests) {
        settings.me_interests = interests;
    }
    if let Some(review) = raw.review {
        if let Some(count) = review.count {
            settings.review.count = count.max(1);
        }
        if let Some(slots) = review.availability {
            let mut parsed = Vec::new();
            for slot in &slots {
                match parse_slot(slot) {
                    Some(s) => parsed.push(s),
                    None => problems.push(
                        Diagnostic::error(
                            &path,
                            line_of(source, "availability"),
                            format!("review.availability: \"{slot}\" is not a slot like \"Tue 10:00\""),
                        )
                        .with_source(source),
                    ),
                }
            }
            settings.review.availability = parsed;
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
        for (group, rules, into) in [
            ("tags", cadence.tags, &mut settings.cadence.tags),
            ("circles", cadence.circles, &mut settings.cadence.circles),
        ] {
            for (name, value) in rules.unwrap_or_default() {
                match Cadence::parse(&scalar_text(&value).unwrap_or_default()) {
                    Ok(c) => {
                        into.insert(name.trim_start_matches('#').to_lowercase(), c);
                    }
                    Err(message) => problems.push(
                        Diagnostic::error(&path, line_of(text, &name), format!("cadence.{group}.{name}: {message}"))
                            .with_source(text),
                    ),
                }
            }
        }
    }
    (settings, problems)
}

/// `Tue 10:00`, `tuesday 10:00`: a weekday and a time.
pub fn parse_slot(text: &str) -> Option<Slot> {
    let (day, time) = text.trim().split_once(' ')?;
    let weekday: Weekday = day.trim().parse().ok()?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Some(Slot { weekday, time })
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
        assert_eq!(parse("output: /srv/kith-pages/\n").0.output, "/srv/kith-pages", "absolute stays absolute");
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
        let (s, problems) = parse("outptu: x\ncadence:\n  sed: 5d\n  seed: 2w\n");
        assert_eq!(s.cadence.seed, Cadence::Weeks(2), "known keys still apply");
        let messages: Vec<(u32, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            messages,
            [(1, "unknown setting `outptu` is ignored"), (3, "unknown setting `cadence.sed` is ignored")]
        );
        assert!(!problems[0].is_error());
    }
}
