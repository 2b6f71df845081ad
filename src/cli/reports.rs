//! Every registered report as a subcommand (`kith overdue`, `kith goals`, …):
//! the subcommands, their flags and their run all come from `render::REPORTS`.

use clap::{ArgMatches, Command, FromArgMatches, Subcommand};
use std::io::{self, Write};

use super::{remembered_or_kept, Before, Config, Format, EXIT_OK, EXIT_PROBLEMS};
use crate::render::registry::{Ctx, Form, Page};
use crate::render::REPORTS;

/// A report's subcommand, with its own flags still to be read by the report.
#[derive(Debug, Clone)]
pub struct ReportCommand {
    name: String,
    matches: ArgMatches,
}

impl FromArgMatches for ReportCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        match matches.subcommand() {
            Some((name, sub)) if Self::has_subcommand(name) => {
                Ok(ReportCommand { name: name.to_string(), matches: sub.clone() })
            }
            _ => Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand)),
        }
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for ReportCommand {
    fn augment_subcommands(cmd: Command) -> Command {
        REPORTS.iter().fold(cmd, |cmd, report| cmd.subcommand(report.command()))
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        REPORTS.iter().any(|r| r.name() == name)
    }
}

pub fn run(config: &Config, command: &ReportCommand, out: &mut dyn Write) -> io::Result<u8> {
    let Some(report) = crate::render::registry::find(&command.name) else { return Ok(super::EXIT_FATAL) };
    // Pages say themselves that there are no people; JSON (an empty list) leaves it to stderr.
    let before = if config.format == Format::Json { Before::Problems } else { Before::ProblemsOnly };
    let keep = (config.format == Format::Json && report.kept_json()).then_some(crate::kept::Keep {
        report,
        args: &command.matches,
        all: config.all,
    });
    remembered_or_kept(config, before, out, keep, |vault, out, err, parts| {
        // `--all`: as if kith.yaml said `pages: {limit: all}`.
        let all = config.all.then(|| {
            let mut settings = vault.settings.clone();
            settings.pages.limit = None;
            settings
        });
        let ctx = Ctx { index: &vault.index, settings: all.as_ref().unwrap_or(&vault.settings), today: config.today };
        // Printed, not saved: relative links start at the vault root.
        let links = crate::publish::linker(vault, "");
        let page = Page { links: &links, note_prefix: "" };
        // No person notes: say so and how kith recognises people, not an empty success.
        if config.format != Format::Json && vault.index.people().next().is_none() {
            writeln!(out, "{}{}", crate::render::check::NO_PEOPLE, vault.unread_notes())?;
            return Ok(EXIT_OK);
        }
        let form = match config.format {
            Format::Text => Form::Text(&config.palette),
            Format::Md => Form::Markdown(&page),
            Format::Json => Form::Json,
        };
        Ok(match report.run(&ctx, &command.matches, &form, out, parts)? {
            Ok(()) => EXIT_OK,
            Err(message) => {
                writeln!(err, "kith: {message}")?;
                EXIT_PROBLEMS
            }
        })
    })
}
