//! `kith watch`: the flags, then the watch loop in `crate::watch`.

use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use super::{Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::watch::{self, Ended, Options};

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Write here instead of the vault's output folder
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Report once and exit (for cron and git hooks)
    #[arg(long)]
    once: bool,
    /// Poll the folder every SECS seconds instead of using file system events
    #[arg(long, value_name = "SECS")]
    poll: Option<f64>,
    /// How long a burst of changes may settle before one rebuild, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 200)]
    debounce_ms: u64,
}

pub fn run(config: &Config, args: &WatchArgs, out: &mut dyn Write) -> io::Result<u8> {
    let options = Options {
        root: config.root.clone(),
        out: args.out.clone(),
        once: args.once,
        poll: args.poll,
        debounce: Duration::from_millis(args.debounce_ms),
        fixed_today: config.fixed_today,
        cache: config.cache.clone(),
    };
    Ok(match watch::run(&options, out)? {
        Ended::Stopped => EXIT_OK,
        Ended::OnceWithErrors => EXIT_PROBLEMS,
        Ended::Failed => EXIT_FATAL,
    })
}
