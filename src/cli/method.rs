//! The method's own reports: `kith ledger`, `kith circles`, `kith garden`.

use chrono::NaiveDate;
use clap::Args;
use std::io::{self, Write};

use super::{open_vault, report_problems, Config, Format, EXIT_OK};
use crate::render;
use crate::report::{
    circles::circles, garden::garden, goals::goals, intros::intros, ledger::ledger, referrals::referrals,
};

pub fn run_ledger(config: &Config, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let rows = ledger(&vault.index, config.today);
    match config.format {
        Format::Text => render::ledger::text(out, &rows, &config.palette)?,
        Format::Md => render::ledger::markdown(out, &rows)?,
        Format::Json => render::json(out, &rows)?,
    }
    Ok(EXIT_OK)
}

pub fn run_referrals(config: &Config, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let report = referrals(&vault.index, &vault.settings.cadence, &vault.settings.meeting_tags, config.today);
    match config.format {
        Format::Text => render::referrals::text(out, &report, &config.palette)?,
        Format::Md => render::referrals::markdown(out, &report)?,
        Format::Json => render::json(out, &report)?,
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct IntrosArgs {
    /// Who could introduce you to the second-degree people linked to this goal
    #[arg(long, value_name = "GOAL")]
    goal: Option<String>,
}

pub fn run_intros(config: &Config, args: &IntrosArgs, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    if let Some(goal) = &args.goal {
        if vault.index.resolve_goal(goal).is_none() {
            eprintln!("kith: no goal named \"{goal}\"");
            return Ok(super::EXIT_PROBLEMS);
        }
    }
    let report = intros(&vault.index, &vault.settings.cadence, config.today, args.goal.as_deref());
    match config.format {
        Format::Text => render::intros::text(out, &report, &config.palette)?,
        Format::Md => render::intros::markdown(out, &report)?,
        Format::Json => render::json(out, &report)?,
    }
    Ok(EXIT_OK)
}

pub fn run_circles(config: &Config, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let report = circles(&vault.index);
    match config.format {
        Format::Text => render::circles::text(out, &report, &config.palette)?,
        Format::Md => render::circles::markdown(out, &report)?,
        Format::Json => render::json(out, &report)?,
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct GardenArgs {
    /// Also count who was planted (met) and contacted since this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day)]
    since: Option<NaiveDate>,
}

pub fn run_garden(config: &Config, args: &GardenArgs, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let goals = goals(&vault.index, &vault.settings.cadence, config.today);
    let report = garden(&vault.index, &vault.settings.cadence, &goals, config.today, args.since);
    match config.format {
        Format::Text => render::garden::text(out, &report, &config.palette)?,
        Format::Md => render::garden::markdown(out, &report)?,
        Format::Json => render::json(out, &report)?,
    }
    Ok(EXIT_OK)
}
