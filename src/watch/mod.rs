//! The watch loop behind `kith watch`: report once, then keep every output
//! current as notes change, re-reading only the changed notes and rewriting
//! only the outputs whose content changed.

use chrono::NaiveDate;
use notify_debouncer_full::notify::{self, PollWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, new_debouncer_opt, DebounceEventResult, RecommendedCache};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::index::Changed;
use crate::load::{Refresh, Vault};
use crate::output::WriteOutcome;
use crate::publish::{output_dir, prefix_to_vault, render_all, write_all, RenderCache};
use crate::render::plural;
use crate::vault::relative_inside;

/// What to watch and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Write here instead of the vault's output folder.
    pub out: Option<PathBuf>,
    /// Report once and return.
    pub once: bool,
    /// Poll every this many seconds instead of using file system events.
    pub poll: Option<f64>,
    /// How long a burst of changes may settle before one rebuild.
    pub debounce: Duration,
    /// A fixed day; else the clock's, read anew after each wait (a new day rebuilds).
    pub fixed_today: Option<NaiveDate>,
    /// The parse cache the first build starts from.
    pub cache: crate::load::CachePlace,
}

/// How a watch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `--once` done, or stopped by Ctrl-C/SIGTERM.
    Stopped,
    /// The vault could not be read or the first build could not be written (already reported).
    Failed,
}

pub fn run(options: &Options, out: &mut dyn Write) -> io::Result<Ended> {
    let excluded: Vec<String> =
        options.out.as_deref().and_then(|dir| relative_inside(&options.root, dir)).into_iter().collect();
    let started = Instant::now();
    let mut vault = match Vault::open_with(&options.root, &excluded, &options.cache) {
        Ok(vault) => {
            if let Some(notice) = &vault.cache_notice {
                eprintln!("{notice}");
            }
            vault
        }
        Err(message) => {
            eprintln!("kith: {message}");
            return Ok(Ended::Failed);
        }
    };
    if let Some(message) = vault.not_a_vault() {
        eprintln!("{message}");
        return Ok(Ended::Failed);
    }
    for problem in vault.problems().iter().filter(|p| p.is_error()) {
        writeln!(out, "{problem}")?;
    }
    let dir = output_dir(&vault, options.out.as_deref());
    match crate::output_guard::check_output_dir(&vault.root, &vault.settings.folders, &dir) {
        Err(message) => {
            eprintln!("kith: {message}");
            return Ok(Ended::Failed);
        }
        Ok(Some(warning)) => eprintln!("kith: {warning}"),
        Ok(None) => {}
    }
    let today = || options.fixed_today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut cache = RenderCache::default();
    let Some(written) = rebuild(&vault, &dir, today(), Changed::Everything, &mut cache, out)? else {
        return Ok(Ended::Failed);
    };
    writeln!(
        out,
        "built in {} ms: {}, {}; {}",
        started.elapsed().as_millis(),
        plural(vault.index.len(), "note", "notes"),
        plural(error_count(&vault), "error", "errors"),
        written_summary(&written)
    )?;
    out.flush()?;
    if options.once {
        return Ok(Ended::Stopped);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // Ctrl-C and SIGTERM end the loop between rebuilds; writes are atomic, so no
    // output is ever left half-written.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let debounce = options.debounce.max(Duration::from_millis(1));
    let _watcher = match start_watcher(&vault.root, debounce, options.poll, tx) {
        Ok(watcher) => watcher,
        Err(message) => {
            eprintln!("kith: {message}");
            return Ok(Ended::Failed);
        }
    };
    writeln!(out, "watching {} (outputs in {}); Ctrl-C to stop", vault.root.display(), dir.display())?;
    out.flush()?;

    let mut rebuilds = 0u64;
    let mut built_for = today();
    while !stop.load(Ordering::SeqCst) {
        let paths: Vec<PathBuf> = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(events)) => {
                let mut paths = changed_paths(events);
                // A burst longer than the debounce (a checkout on a busy machine) comes in
                // several batches: take them all before one rebuild.
                while let Ok(Ok(more)) = rx.recv_timeout(debounce) {
                    paths.extend(changed_paths(more));
                }
                paths
            }
            Ok(Err(errors)) => {
                for error in errors {
                    writeln!(out, "kith: watcher: {error}")?;
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) if today() == built_for => continue,
            // A new day: who is due moves even when no note does.
            Err(mpsc::RecvTimeoutError::Timeout) => Vec::new(),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let started = Instant::now();
        let day = today();
        let refresh = match vault.refresh(&paths) {
            Ok(refresh) => refresh,
            Err(message) => {
                writeln!(out, "kith: {message}")?;
                continue;
            }
        };
        if refresh.is_empty() && day == built_for {
            continue; // only ignored paths: kith's own outputs, hidden folders, other files
        }
        for problem in new_errors(&vault, &refresh) {
            writeln!(out, "{problem}")?;
        }
        for (path, had_good_version) in &refresh.broke {
            if *had_good_version {
                writeln!(out, "{path}: cannot be read now; its last good version is left out until it is fixed")?;
            } else {
                writeln!(out, "{path}: cannot be read; left out until it is fixed")?;
            }
        }
        let changed = Changed::from(&refresh);
        let Some(written) = rebuild(&vault, &dir, day, changed, &mut cache, out)? else { continue };
        built_for = day;
        rebuilds += 1;
        writeln!(
            out,
            "rebuilt in {} ms: {}; {}; {}",
            started.elapsed().as_millis(),
            if refresh.is_empty() { format!("a new day, {day}") } else { change_summary(&refresh) },
            written_summary(&written),
            plural(error_count(&vault), "error", "errors"),
        )?;
        out.flush()?;
        release_freed_memory();
    }
    writeln!(out, "stopped after {}", plural(usize::try_from(rebuilds).unwrap_or(usize::MAX), "rebuild", "rebuilds"))?;
    Ok(Ended::Stopped)
}

/// Render and write every output; `None` when writing failed (already reported).
fn rebuild(
    vault: &Vault,
    dir: &Path,
    today: NaiveDate,
    changed: Changed<'_>,
    cache: &mut RenderCache,
    out: &mut dyn Write,
) -> io::Result<Option<Vec<(PathBuf, WriteOutcome)>>> {
    std::fs::create_dir_all(dir)?;
    let outputs = render_all(vault, today, &prefix_to_vault(dir, &vault.root), changed, cache)?;
    match write_all(dir, outputs) {
        Ok(written) => Ok(Some(written)),
        Err(err) => {
            writeln!(out, "kith: {err}")?;
            Ok(None)
        }
    }
}

/// Give freed memory back to the system. A changed note is parsed on this
/// thread while the first build parsed it on a worker, so glibc's per-thread
/// arenas keep the old copy's space as holes; without this, a watch that sees
/// every note change once grows by about the index's size.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn start_watcher(
    root: &Path,
    debounce: Duration,
    poll: Option<f64>,
    tx: mpsc::Sender<DebounceEventResult>,
) -> Result<Box<dyn std::any::Any>, String> {
    let poll_every = |secs: f64| Duration::from_secs_f64(secs.clamp(0.05, 3600.0));
    if let Some(secs) = poll {
        return start_polling(root, debounce, poll_every(secs), tx);
    }
    let native =
        new_debouncer(debounce, None, tx.clone()).and_then(|mut d| d.watch(root, RecursiveMode::Recursive).map(|()| d));
    match native {
        Ok(debouncer) => Ok(Box::new(debouncer)),
        Err(err) => {
            eprintln!("kith: cannot watch with file system events ({err}); polling every 2 s instead");
            eprintln!("hint: on Linux, raise the inotify limit: sudo sysctl fs.inotify.max_user_watches=524288");
            start_polling(root, debounce, poll_every(2.0), tx)
        }
    }
}

fn start_polling(
    root: &Path,
    debounce: Duration,
    every: Duration,
    tx: mpsc::Sender<DebounceEventResult>,
) -> Result<Box<dyn std::any::Any>, String> {
    let config = notify::Config::default().with_poll_interval(every);
    let mut debouncer =
        new_debouncer_opt::<_, PollWatcher, RecommendedCache>(debounce, None, tx, RecommendedCache::new(), config)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    debouncer.watch(root, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    Ok(Box::new(debouncer))
}

/// The paths of the events that change content: reading a note is an event too (access).
fn changed_paths(events: Vec<notify_debouncer_full::DebouncedEvent>) -> Vec<PathBuf> {
    events.into_iter().filter(|e| changes_content(&e.event.kind)).flat_map(|e| e.event.paths).collect()
}

fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::ModifyKind;
    use notify::EventKind;
    match kind {
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any | EventKind::Other | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

fn new_errors<'a>(vault: &'a Vault, refresh: &'a Refresh) -> impl Iterator<Item = &'a Diagnostic> {
    refresh.updated.iter().filter_map(|p| vault.index.get(p)).flat_map(|n| n.problems.iter()).filter(|p| p.is_error())
}

fn error_count(vault: &Vault) -> usize {
    vault.problems().iter().filter(|p| p.is_error()).count()
}

fn change_summary(refresh: &Refresh) -> String {
    if refresh.reloaded {
        return "kith.yaml changed, read everything again".to_string();
    }
    let mut parts = Vec::new();
    let list = |paths: &[crate::path::NotePath]| -> String {
        let shown: Vec<&str> = paths.iter().take(3).map(|p| p.as_str()).collect();
        let more = paths.len().saturating_sub(3);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    if !refresh.updated.is_empty() {
        parts.push(format!("{} changed ({})", refresh.updated.len(), list(&refresh.updated)));
    }
    if !refresh.removed.is_empty() {
        parts.push(format!("{} removed ({})", refresh.removed.len(), list(&refresh.removed)));
    }
    parts.join(", ")
}

fn written_summary(written: &[(PathBuf, WriteOutcome)]) -> String {
    let names: Vec<String> = written
        .iter()
        .filter(|(_, o)| *o == WriteOutcome::Written)
        .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if names.is_empty() {
        "outputs unchanged".to_string()
    } else {
        format!("wrote {}", names.join(", "))
    }
}
