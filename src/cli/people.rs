//! `kith people`.

use clap::Args;
use std::io::{self, Write};

use super::{remembered, Before, Config, Format, EXIT_OK};
use crate::index::contact_dates;
use crate::load::{reread, Vault};
use crate::note::{Purpose, Stage};
use crate::render;
use crate::report::people::{people, record, Filter, PersonRow};

#[derive(Debug, Args)]
pub struct PeopleArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only people at this stage (repeatable)
    #[arg(long, value_parser = parse_stage, value_name = "STAGE")]
    stage: Vec<Stage>,
    /// Only people with this tag (repeatable; any matches)
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Only people working for this goal (title, alias or file name)
    #[arg(long, value_name = "GOAL")]
    goal: Vec<String>,
    /// Only people in this circle (repeatable)
    #[arg(long, value_name = "CIRCLE")]
    circle: Vec<String>,
    /// Only people with this interest (repeatable)
    #[arg(long, value_name = "INTEREST")]
    interest: Vec<String>,
    /// Only people whose company contains this text (repeatable)
    #[arg(long, value_name = "COMPANY")]
    company: Vec<String>,
    /// Only people with this purpose: people or leads
    #[arg(long, value_parser = parse_purpose, value_name = "PURPOSE")]
    purpose: Vec<Purpose>,
    /// Only the pool: people never contacted and without a follow-up date, most relevant first
    #[arg(long)]
    uncontacted: bool,
}

fn parse_stage(text: &str) -> Result<Stage, String> {
    Stage::parse(text).ok_or_else(|| format!("unknown stage \"{text}\" (use seed, growing, trusted or pruned)"))
}

fn parse_purpose(text: &str) -> Result<Purpose, String> {
    let lower = text.trim().to_lowercase();
    Purpose::ALL
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, p)| *p)
        .ok_or_else(|| format!("unknown purpose \"{text}\" (use people or leads)"))
}

impl FilterArgs {
    pub fn to_filter(&self) -> Filter {
        Filter {
            stages: self.stage.clone(),
            tags: self.tag.clone(),
            goals: self.goal.clone(),
            circles: self.circle.clone(),
            purposes: self.purpose.clone(),
            interests: self.interest.clone(),
            companies: self.company.clone(),
            uncontacted: self.uncontacted,
        }
    }
}

pub fn run(config: &Config, args: &PeopleArgs, out: &mut dyn Write) -> io::Result<u8> {
    remembered(config, Before::Problems, out, |vault, out, _| {
        let filter = args.filter.to_filter();
        let rows = people(&vault.index, &vault.settings.cadence, config.today, &filter);
        match config.format {
            Format::Text => render::people::text(out, &rows, &config.palette)?,
            Format::Md => render::people::markdown(out, &rows)?,
            Format::Json => {
                let records: Vec<serde_json::Value> = rows.iter().map(|row| full_record(vault, config, row)).collect();
                render::json(out, &records)?;
            }
        }
        Ok(EXIT_OK)
    })
}

/// Every front matter field (read from the file) merged with kith's reading.
pub(super) fn full_record(vault: &Vault, config: &Config, row: &PersonRow) -> serde_json::Value {
    let Some((note, person)) = vault.index.get(&row.path).and_then(|n| n.person().map(|p| (n, p))) else {
        return serde_json::Value::Null;
    };
    let front = reread(&vault.root, &row.path, &vault.settings.folders).map(|s| s.front).unwrap_or_default();
    let dates = contact_dates(person, &vault.settings.cadence, config.today);
    serde_json::Value::Object(record(&vault.index, note, person, &dates, &front))
}
