//! `kith review`: the Friday review, and `--write` for the week's note.

use clap::Args;
use std::io::{self, Write};

use super::{with_vault, Config, Format, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::output::{create_new, CreateOutcome};
use crate::path::NotePath;
use crate::render;
use crate::report::goals::goals;
use crate::report::review::review;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// How many people to pick [default: review.count in kith.yaml, else 3]
    #[arg(long, value_name = "N")]
    count: Option<usize>,
    /// Also write the week's review note (reviews/YYYY-Www.md); never overwrites one
    #[arg(long)]
    write: bool,
}

pub fn run(config: &Config, args: &ReviewArgs, out: &mut dyn Write) -> io::Result<u8> {
    with_vault(config, &[], |vault| {
        let settings = &vault.settings;
        let goals = goals(&vault.index, &settings.cadence, config.today);
        let count = args.count.unwrap_or(settings.review.count).max(1);
        let report = review(&vault.index, settings, &goals, config.today, count);
        match config.format {
            Format::Text => render::review::text(out, &report, &config.palette)?,
            Format::Md => render::review::note(out, &report, &settings.review.availability)?,
            Format::Json => render::json(out, &report.picks)?,
        }
        if !args.write {
            return Ok(EXIT_OK);
        }
        let rel = NotePath::new(format!("{}/{}.md", settings.folders.reviews, report.week));
        let mut note = Vec::new();
        render::review::note(&mut note, &report, &settings.review.availability)?;
        match create_new(&rel.to_fs_path(&vault.root), &note) {
            Ok(CreateOutcome::Created) => {
                // Success goes with the output, unless stdout is JSON for a pipe.
                if config.format == Format::Json {
                    eprintln!("kith: wrote {rel}");
                } else {
                    writeln!(out, "\nwrote {rel}")?;
                }
                Ok(EXIT_OK)
            }
            Ok(CreateOutcome::Exists) => {
                eprintln!("kith: {rel} already exists; kith never overwrites a review note");
                eprintln!("hint: open it, or move it away to write this week's review again");
                Ok(EXIT_PROBLEMS)
            }
            Err(err) => {
                eprintln!("kith: cannot write {rel}: {err}");
                Ok(EXIT_FATAL)
            }
        }
    })
}
