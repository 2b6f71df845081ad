//! `kith show NAME`.

use std::io::{self, Write};

use super::{open_vault, Config, Format, EXIT_OK, EXIT_PROBLEMS};
use crate::index::names::{self, Found};
use crate::load::Vault;
use crate::note::{Kind, Note, Person};
use crate::render;
use crate::report::show::detail;

pub fn run(config: &Config, name: &str, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    let Some((note, person)) = find_person(vault, name, "show") else { return Ok(EXIT_PROBLEMS) };
    // The index keeps no log text; read the note again for display.
    let source = crate::load::reread_with_contacts(vault, &note.path);
    let (shown, front) = match &source {
        Some(source) => (source.note.person().unwrap_or(person), &source.front),
        None => (person, &serde_norway::Mapping::new()),
    };
    let recognition = &vault.settings.folders.recognition;
    let detail = detail(&vault.index, &vault.settings.cadence, config.today, note, shown, front, recognition);
    match config.format {
        Format::Text => render::show::text(out, &detail, &config.palette)?,
        Format::Md => render::show::markdown(out, &detail)?,
        Format::Json => render::json(out, &detail)?,
    }
    Ok(EXIT_OK)
}

/// Find one person by NAME (exactly, accent- and case-insensitively, or by a
/// unique first name), or explain on stderr why not: several candidates, or
/// close names as suggestions. Nothing is ever done to a suggested person.
/// `command` goes into the hint.
pub(super) fn find_person<'a>(vault: &'a Vault, name: &str, command: &str) -> Option<(&'a Note, &'a Person)> {
    // Only the commands that write say they wrote nothing; `show` and `prep` never write.
    let unchanged = if matches!(command, "log" | "snooze") { "; nothing was changed" } else { "" };
    match names::find(&vault.index, name, Kind::Person) {
        Found::One(note, _) => match note.person() {
            Some(person) => Some((note, person)),
            None => {
                // A person note that could not be read: say why, not "no such person".
                eprintln!("kith: {} cannot be read as a person:", note.path);
                for problem in note.problems.iter().filter(|p| p.is_error()) {
                    eprintln!("{problem}");
                }
                None
            }
        },
        Found::Several(notes) => {
            eprintln!("kith: \"{name}\" matches several people{unchanged}:");
            list_candidates(&notes);
            if let Some(first) = notes.first() {
                eprintln!(
                    "hint: name one in full or by its path, e.g. kith {command} \"{}\"",
                    first.path.without_extension()
                );
            }
            None
        }
        Found::Suggest(notes) => {
            eprintln!("kith: no person named \"{name}\" in {}{unchanged}", vault.root.display());
            if !notes.is_empty() {
                eprintln!("did you mean:");
                list_candidates(&notes);
            }
            None
        }
    }
}

/// One candidate a line: name and path, so the user can pick either.
pub(super) fn list_candidates(notes: &[&Note]) {
    for note in notes {
        eprintln!("{}", render::candidate_line(note));
    }
}

/// The link text for a goal the user named (`--win`, `--goal`): the goal's
/// title when it resolves in any spelling; otherwise the candidates or close
/// titles are listed on stderr and `None` says to write nothing.
pub(super) fn find_goal_link(vault: &Vault, name: &str) -> Option<String> {
    let wanted = crate::note::link::target_of(name).unwrap_or(name);
    match names::find(&vault.index, wanted, Kind::Goal) {
        Found::One(_, names::How::Exact) => Some(wanted.to_string()),
        Found::One(note, _) => Some(note.display_name().to_string()),
        Found::Several(notes) => {
            eprintln!("kith: \"{wanted}\" matches several goals; nothing was changed:");
            list_candidates(&notes);
            None
        }
        Found::Suggest(notes) => {
            eprintln!("kith: no goal named \"{wanted}\" in {}; nothing was changed", vault.root.display());
            let (label, shown) = render::goal_candidates(&vault.index, notes);
            if !shown.is_empty() {
                eprintln!("{label}:");
                list_candidates(&shown);
            }
            eprintln!("hint: create the goal note first (goals/{wanted}.md), or use one of its names");
            None
        }
    }
}

/// The link text for a person the user named (`add --introduced-by`): the
/// person's file name when it resolves only in a looser spelling (`anjula` →
/// `Anjula Batra`), so the link written is not a broken one; as typed when it
/// resolves as a link already, or names nobody yet (their note may come
/// later). Several matches are listed on stderr and `None` says to write nothing.
pub(super) fn find_person_link(vault: &Vault, name: &str) -> Option<String> {
    let wanted = crate::note::link::target_of(name).unwrap_or(name);
    // A name no wikilink can hold (`]] [[x`) is written plain, as typed.
    if !crate::render::escape::wikilink_target_ok(wanted) {
        return Some(name.to_string());
    }
    match names::find(&vault.index, wanted, Kind::Person) {
        Found::One(_, names::How::Exact) | Found::Suggest(_) => Some(wanted.to_string()),
        Found::One(note, _) => Some(note.path.stem().to_string()),
        Found::Several(notes) => {
            eprintln!("kith: \"{wanted}\" matches several people; nothing was added:");
            list_candidates(&notes);
            eprintln!("hint: name one in full or by its file name");
            None
        }
    }
}
