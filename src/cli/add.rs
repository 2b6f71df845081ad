//! `kith add NAME`: plant a person, from the vault's template when it has one.

use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

use super::{open_vault, Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};

use crate::interop::names::safe_file_name;
use crate::new_note::{list, person_note, text, Field};
use crate::note::{Purpose, Stage};
use crate::output::{create_new, CreateOutcome};

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The person's name (also the file name, made safe for every system)
    name: String,
    /// Where they work
    #[arg(long)]
    company: Option<String>,
    /// Their job title
    #[arg(long)]
    role: Option<String>,
    /// Their email address (also checked for duplicates)
    #[arg(long)]
    email: Option<String>,
    /// Another name you call them by, for lookups and [[links]] (repeatable)
    #[arg(long, value_name = "NAME")]
    alias: Vec<String>,
    /// A tag (repeatable)
    #[arg(long)]
    tag: Vec<String>,
    /// A goal they are linked to, by its title (repeatable; the goal must exist)
    #[arg(long, value_name = "GOAL")]
    goal: Vec<String>,
    /// Who introduced you (a name as `show` takes it, or someone with no note yet)
    #[arg(long, value_name = "NAME")]
    introduced_by: Option<String>,
    /// Where the relationship stands
    #[arg(long, value_name = "STAGE", default_value = "seed", value_parser = stage_parser())]
    stage: Stage,
    /// Why you keep in touch: to meet people, or for leads
    #[arg(long, value_name = "PURPOSE", value_parser = purpose_parser())]
    purpose: Option<Purpose>,
    /// The day you met [default: not set; give --met today for today]
    #[arg(long, value_name = "YYYY-MM-DD|today", value_parser = parse_met)]
    met: Option<Met>,
    /// Add even when a person with a near-identical name or the same email exists
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy)]
enum Met {
    Today,
    On(NaiveDate),
}

/// The vault's own person template, used when present.
const PERSON_TEMPLATE: &str = "templates/person.md";

fn parse_met(text: &str) -> Result<Met, String> {
    if text.trim().eq_ignore_ascii_case("today") {
        return Ok(Met::Today);
    }
    super::parse_day(text).map(Met::On)
}

fn stage_parser() -> impl clap::builder::TypedValueParser<Value = Stage> {
    PossibleValuesParser::new(Stage::ALL.map(|(name, _)| name)).map(|s| Stage::parse(&s).unwrap_or(Stage::Seed))
}

fn purpose_parser() -> impl clap::builder::TypedValueParser<Value = Purpose> {
    let purpose = |s: String| Purpose::ALL.iter().find(|(name, _)| *name == s).map_or(Purpose::People, |(_, p)| *p);
    PossibleValuesParser::new(Purpose::ALL.map(|(name, _)| name)).map(purpose)
}

pub fn run_add(config: &Config, args: &AddArgs, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    // Written in NFC, like the file name, so the note reads the same in every tool.
    let name = crate::note::link::nfc(args.name.trim());
    let name: &str = &name;
    if name.is_empty() {
        eprintln!("kith: the name is empty");
        return Ok(EXIT_PROBLEMS);
    }
    if let Some(message) = vault.people_folder_outside() {
        eprintln!("{message}");
        return Ok(EXIT_FATAL);
    }
    if !args.force {
        let mut similar: Vec<&crate::note::Note> = crate::index::names::near_duplicates(&vault.index, name);
        if let Some(email) = &args.email {
            let same = |p: &crate::note::Person| p.email().is_some_and(|e| e.eq_ignore_ascii_case(email));
            similar.extend(vault.index.people().filter(|(_, p)| same(p)).map(|(n, _)| n));
            similar.sort_by(|a, b| a.path.cmp(&b.path));
            similar.dedup_by(|a, b| a.path == b.path);
        }
        if !similar.is_empty() {
            eprintln!("kith: already in the vault, or a near-duplicate; nothing was added:");
            super::show::list_candidates(&similar);
            eprintln!("hint: log to them with kith log, or add anyway with --force");
            return Ok(EXIT_PROBLEMS);
        }
    }
    let mut goal_links = Vec::new();
    for goal in &args.goal {
        let Some(link) = super::show::find_goal_link(vault, goal) else { return Ok(EXIT_PROBLEMS) };
        goal_links.push(front_matter_link(&link));
    }
    let mut fields: Vec<Field<'_>> = vec![("name", text(name))];
    for (key, value) in [("company", &args.company), ("role", &args.role), ("email", &args.email)] {
        fields.extend(value.as_ref().map(|v| (key, text(v))));
    }
    let tags: Vec<&str> = args.tag.iter().map(|t| t.trim_start_matches('#')).collect();
    let aliases: Vec<&str> = args.alias.iter().map(String::as_str).collect();
    let goals: Vec<&str> = goal_links.iter().map(String::as_str).collect();
    for (key, items) in [("aliases", &aliases), ("tags", &tags), ("goals", &goals)] {
        if !items.is_empty() {
            fields.push((key, list(items)));
        }
    }
    let introducer = match &args.introduced_by {
        Some(by) => match super::show::find_person_link(vault, by) {
            Some(link) => Some(front_matter_link(&link)),
            None => return Ok(EXIT_PROBLEMS),
        },
        None => None,
    };
    fields.extend(introducer.as_ref().map(|by| ("introduced_by", text(by))));
    fields.push(("stage", text(args.stage.as_str())));
    fields.extend(args.purpose.map(|p| ("purpose", text(p.as_str()))));
    let met = args.met.map(|met| match met {
        Met::Today => config.today,
        Met::On(day) => day,
    });
    fields.extend(met.map(|day| ("met", text(&day.to_string()))));
    let template = std::fs::read_to_string(vault.root.join(PERSON_TEMPLATE)).ok();
    let front = match person_note(&fields, template.as_deref(), name, &config.today.to_string()) {
        Ok(front) => front,
        Err(err) => {
            eprintln!("kith: cannot write the new note's front matter: {err}");
            return Ok(EXIT_FATAL);
        }
    };
    let folder = vault.root.join(vault.people_folder());
    let base = safe_file_name(name);
    // Taken as links resolve (any case, NFC or NFD), not only byte for byte: with
    // --force, `José` beside an NFD `José.md` must not become a second, identical-looking file.
    let key = |file: &std::ffi::OsStr| crate::note::link::key(&file.to_string_lossy());
    let taken: std::collections::HashSet<String> =
        std::fs::read_dir(&folder).into_iter().flatten().flatten().map(|e| key(&e.file_name())).collect();
    let path: PathBuf = (1..100)
        .map(|n| folder.join(if n == 1 { format!("{base}.md") } else { format!("{base} {n}.md") }))
        .find(|p| !p.exists() && !p.file_name().is_some_and(|f| taken.contains(&key(f))))
        .unwrap_or_else(|| folder.join(format!("{base}.md")));
    match create_new(&path, front.as_bytes()) {
        Ok(CreateOutcome::Created) => {
            writeln!(out, "added {}", path.strip_prefix(&vault.root).unwrap_or(&path).display())?;
            Ok(EXIT_OK)
        }
        Ok(CreateOutcome::Exists) => {
            eprintln!("kith: {} already exists; not overwritten", path.display());
            Ok(EXIT_PROBLEMS)
        }
        Err(err) => {
            eprintln!("kith: cannot write {}: {err}", path.display());
            Ok(EXIT_FATAL)
        }
    }
}

/// A link field's value: `[[name]]`, or the plain name when a wikilink cannot
/// hold it (`]]`, `|`, `#`, …): link fields resolve plain names the same way,
/// and `]] [[x` must not become a second link.
fn front_matter_link(name: &str) -> String {
    if crate::render::escape::wikilink_target_ok(name) {
        format!("[[{name}]]")
    } else {
        name.to_string()
    }
}
