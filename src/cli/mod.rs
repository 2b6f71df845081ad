//! The command line: raw flags → a validated `Config` → one command module.

mod add;
mod check;
mod export;
mod import;
mod init;
mod log;
mod people;
mod prep;
mod report;
mod reports;
mod review;
mod runner;
mod show;
mod snooze;
mod watch;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use crate::render::style::Palette;
use runner::{open_vault, remembered, remembered_or_kept, report_problems, with_vault, Before};

/// The heading of the options every command takes, apart from each command's own.
const GLOBAL: &str = "Global options";

/// A networking CRM over a folder of markdown notes.
///
/// Your contacts are markdown files with YAML front matter in a folder (the
/// vault). kith reads them and tells you who to follow up with, how your
/// networking goals are going, and where the problems in your notes are.
#[derive(Debug, Parser)]
#[command(name = "kith", version, max_term_width = 100)]
pub struct Cli {
    /// The vault folder [default: $KITH_VAULT, else the current folder]
    #[arg(long, global = true, help_heading = GLOBAL, env = "KITH_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Compute everything as of this day instead of today's date
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<NaiveDate>,

    /// Output format of reports
    #[arg(long, global = true, help_heading = GLOBAL, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// When to colour terminal output (never with NO_COLOR set)
    #[arg(long, global = true, help_heading = GLOBAL, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Show every item of every section (reports show the first `pages.limit` of each)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub all: bool,
    /// Use no cache: every note is read, and neither stored results nor kept parts are used or written
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every problem in the vault as path:line: message; exit 1 if any is an error
    Check,
    /// Every report of the registry: overdue, goals, remind, ledger, referrals, intros, circles, garden
    #[command(flatten)]
    Report(reports::ReportCommand),
    /// The Friday review: who to write to this week, why, and how to open
    Review(review::ReviewArgs),
    /// List people, optionally filtered
    People(people::PeopleArgs),
    /// Show one person: fields, next due date, recent log
    Show {
        /// A name, alias or file name, matched like a [[wikilink]]
        name: String,
    },
    /// Keep every output of `report` current as notes change (Ctrl-C to stop)
    Watch(watch::WatchArgs),
    /// A one-screen brief before meeting someone: who, history, open threads, three questions
    Prep {
        /// A name, alias or file name, matched like a [[wikilink]]
        name: String,
    },
    /// Start a vault: folders, a commented kith.yaml, templates, .gitignore (never overwrites)
    Init {
        /// The folder [default: --vault, else the current folder]
        dir: Option<PathBuf>,
    },
    /// Add a person: a new note from the template (never overwrites; warns about near-duplicates)
    Add(add::AddArgs),
    /// Import contacts: kith import linkedin Connections.csv [--dry-run]
    #[command(subcommand)]
    Import(import::ImportSource),
    /// Export all or filtered people as CSV, JSON or vCard
    Export(export::ExportArgs),
    /// Add a dated entry to a person's Log (nothing else in the note changes)
    Log(log::LogArgs),
    /// Not due before a day: kith snooze "Wei Zhang" 2w (sets `snooze:`, nothing else changes)
    Snooze(snooze::SnoozeArgs),
    /// Print shell completions: kith completions bash > ~/.local/share/bash-completion/completions/kith
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page: kith man > ~/.local/share/man/man1/kith.1
    Man,
    /// Write every report into the output folder (default: kith/ in the vault)
    #[command(name = "report")]
    Publish {
        /// Write here instead of the vault's output folder
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// `$XDG_CACHE_HOME/kith`, else `$HOME/.cache/kith` (absolute paths only, per the XDG spec).
fn default_cache_dir() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    let base = std::env::var_os("XDG_CACHE_HOME")
        .and_then(absolute)
        .or_else(|| std::env::var_os("HOME").and_then(absolute).map(|home| home.join(".cache")))?;
    Some(base.join("kith"))
}

pub(crate) fn parse_day(text: &str) -> Result<NaiveDate, String> {
    crate::note::dates::parse_day_arg(text)
}

/// Everything a command needs, validated once.
pub struct Config {
    pub root: PathBuf,
    pub today: NaiveDate,
    /// `--today` when given; long-running commands otherwise follow the clock.
    pub fixed_today: Option<NaiveDate>,
    pub format: Format,
    pub palette: Palette,
    /// `--all`: no section is summarised.
    pub all: bool,
    /// The parse cache: `--no-cache`, and its default folder from the environment.
    pub cache: crate::load::CachePlace,
}

/// Exit codes: 0 success, 1 the command found problems (check errors, no such
/// person), 2 usage or fatal errors (no vault, cannot write).
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_FATAL: u8 = 2;

pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { EXIT_FATAL } else { EXIT_OK };
        }
    };
    let stdout = io::stdout();
    // Text for people: no escape sequence from a note reaches the terminal.
    // File formats (md, json, exports, completions) are escaped by their renderers.
    let plain_text = cli.format == Format::Text
        && !matches!(cli.command, Command::Export(_) | Command::Completions { .. } | Command::Man);
    let mut out: Box<dyn Write> = if plain_text {
        Box::new(crate::render::escape::TerminalWriter::new(io::BufWriter::new(stdout.lock())))
    } else {
        Box::new(io::BufWriter::new(stdout.lock()))
    };
    match run(cli, &mut out).and_then(|code| out.flush().map(|_| code)) {
        Ok(code) => code,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(err) => {
            eprintln!("kith: {err}");
            EXIT_FATAL
        }
    }
}

pub fn run(cli: Cli, out: &mut dyn Write) -> io::Result<u8> {
    let config = Config {
        root: cli.vault.clone().unwrap_or_else(|| PathBuf::from(".")),
        today: cli.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
        fixed_today: cli.today,
        format: cli.format,
        palette: Palette { enabled: color_enabled(cli.color, cli.format) },
        all: cli.all,
        cache: crate::load::CachePlace { off: cli.no_cache, default_dir: default_cache_dir() },
    };
    match cli.command {
        Command::Check => check::run(&config, out),
        Command::Report(command) => reports::run(&config, &command, out),
        Command::Review(args) => review::run(&config, &args, out),
        Command::People(args) => people::run(&config, &args, out),
        Command::Show { name } => show::run(&config, &name, out),
        Command::Prep { name } => prep::run(&config, &name, out),
        Command::Publish { out: dir } => report::run(&config, dir.as_deref(), out),
        Command::Watch(args) => watch::run(&config, &args, out),
        Command::Log(args) => log::run(&config, &args, out),
        Command::Snooze(args) => snooze::run(&config, &args, out),
        Command::Init { dir } => init::run_init(dir.as_deref().unwrap_or(&config.root), out),
        Command::Add(args) => add::run_add(&config, &args, out),
        Command::Export(args) => export::run(&config, &args, out),
        Command::Import(source) => import::run(&config, &source, out),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "kith", out);
            Ok(EXIT_OK)
        }
        Command::Man => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
            Ok(EXIT_OK)
        }
    }
}

fn color_enabled(choice: ColorChoice, format: Format) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        _ if format != Format::Text => false,
        ColorChoice::Never => false,
        ColorChoice::Always => !no_color,
        ColorChoice::Auto => !no_color && io::stdout().is_terminal(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
