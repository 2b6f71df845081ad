//! `kith snooze NAME 2w|DATE`: not due before a day, whatever the cadence says.

use chrono::NaiveDate;
use clap::Args;
use std::io::{self, Write};

use super::show::find_person;
use super::{open_vault, Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::edit::set_field_checked;
use crate::note::dates::Cadence;
use crate::write::{edit_note, WriteError};

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The person: a name, alias or file name (accents and case do not matter)
    name: String,
    /// How long (2w, 10d, 3m: from today) or until when (YYYY-MM-DD)
    #[arg(value_name = "FOR|UNTIL")]
    until: String,
}

/// The snooze day: a date as written, or today plus a span.
fn snooze_day(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    if let Ok(day) = super::parse_day(text) {
        return Ok(day);
    }
    let span = Cadence::parse(text)
        .map_err(|_| format!("\"{text}\" is neither a span like 2w, 10d, 3m nor a date like 2026-12-24"))?;
    span.add_to(today).ok_or_else(|| format!("\"{text}\" goes past the end of the calendar"))
}

pub fn run(config: &Config, args: &SnoozeArgs, out: &mut dyn Write) -> io::Result<u8> {
    let day = match snooze_day(&args.until, config.today) {
        Ok(day) if day > config.today => day,
        Ok(day) => {
            eprintln!("kith: {day} is not after today ({}); nothing was changed", config.today);
            return Ok(EXIT_FATAL);
        }
        Err(message) => {
            eprintln!("kith: {message}");
            return Ok(EXIT_FATAL);
        }
    };
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    let Some((note, _)) = find_person(vault, &args.name, "snooze") else { return Ok(EXIT_PROBLEMS) };
    let path = note.path.to_fs_path(&vault.root);
    // The shared locked, compare-and-swap write path; the edit is checked.
    if let Err(err) = edit_note(&path, |text| set_field_checked(text, "snooze", &day.to_string())) {
        eprintln!("kith: {}: {err}; the note is unchanged", note.path);
        if matches!(err, WriteError::Refused(_)) {
            eprintln!("hint: add `snooze: {day}` to its front matter yourself");
            return Ok(EXIT_PROBLEMS);
        }
        return Ok(EXIT_FATAL);
    }
    writeln!(out, "{}: snooze: {day} (not due before then)", note.path)?;
    Ok(EXIT_OK)
}
