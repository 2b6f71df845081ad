//! `kith log NAME TEXT`: add a dated entry to a person's Log, changing nothing else.

use chrono::NaiveDate;
use clap::Args;
use std::io::{self, Write};

use super::show::{find_goal_link, find_person};
use super::{open_vault, Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::edit::{log_entry_checked, touch_checked};
use crate::write::edit_note;

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The person: a name, alias or file name, matched like a [[wikilink]]
    name: String,
    /// What happened; may contain [[links]] and #tags
    text: String,
    /// The day it happened [default: --today, else today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day)]
    date: Option<NaiveDate>,
    /// You gave something (#gave)
    #[arg(long)]
    gave: bool,
    /// You got something (#got)
    #[arg(long)]
    got: bool,
    /// You asked for something (#ask)
    #[arg(long)]
    ask: bool,
    /// An introduction (#intro)
    #[arg(long)]
    intro: bool,
    /// They referred someone (#referral); link them in the text
    #[arg(long)]
    referral: bool,
    /// A win for this goal (#win [[GOAL]])
    #[arg(long, value_name = "GOAL")]
    win: Option<String>,
    /// Also set last_contact in the front matter (only that line changes)
    #[arg(long)]
    touch: bool,
}

pub fn run(config: &Config, args: &LogArgs, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    let Some((note, person)) = find_person(vault, &args.name, "log") else { return Ok(EXIT_PROBLEMS) };
    let date = args.date.unwrap_or(config.today);
    let touch = args.touch && touch_allowed(person.last_contact, date, config.today);
    let mut entry = format!("{date} {}", crate::edit::entry_text(&args.text));
    for (on, tag) in [
        (args.gave, "#gave"),
        (args.got, "#got"),
        (args.ask, "#ask"),
        (args.intro, "#intro"),
        (args.referral, "#referral"),
    ] {
        if on && !entry.split_whitespace().any(|w| w.eq_ignore_ascii_case(tag)) {
            entry.push(' ');
            entry.push_str(tag);
        }
    }
    if let Some(goal) = &args.win {
        let Some(goal) = find_goal_link(vault, goal) else { return Ok(EXIT_PROBLEMS) };
        entry.push_str(&format!(" #win [[{goal}]]"));
    }
    let path = note.path.to_fs_path(&vault.root);
    let mut not_touched = None;
    let edited = edit_note(&path, |text| {
        not_touched = None;
        let new = log_entry_checked(text, &entry)?;
        if !touch {
            return Ok(new);
        }
        match touch_checked(&new, &date.to_string()) {
            Ok(touched) => Ok(touched),
            Err(why) => {
                not_touched = Some(why);
                Ok(new)
            }
        }
    });
    if let Err(err) = edited {
        eprintln!("kith: {}: {err}; the note is unchanged", note.path);
        return Ok(EXIT_FATAL);
    }
    if let Some(why) = not_touched {
        eprintln!("kith: {}: last_contact not set: {why}", note.path);
    }
    writeln!(out, "{}: {entry}", note.path)?;
    if let Some(follow_up) = person.follow_up.filter(|&f| f <= date && date <= config.today) {
        // `follow_up` wins over the cadence: this contact does not make them due later.
        eprintln!(
            "kith: {}: follow_up {follow_up} has passed and still decides when {} is due, so they stay \
             overdue: change or remove it, or `kith snooze \"{}\" 4w`",
            note.path, person.name, person.name
        );
    }
    Ok(EXIT_OK)
}

/// `--touch` never moves `last_contact` back, nor into the future (a planned
/// contact is not a contact yet); says why on stderr when it does not touch.
fn touch_allowed(current: Option<NaiveDate>, date: NaiveDate, today: NaiveDate) -> bool {
    match current {
        _ if date > today => eprintln!("kith: {date} is after today (a planned contact); last_contact not changed"),
        Some(current) if current >= date => {
            eprintln!("kith: last_contact stays {current}, not moved back to {date}")
        }
        _ => return true,
    }
    false
}
