//! The watch loop behind `kith watch`: report once, then keep every output
//! current as notes change (and write one again when it is deleted),
//! re-reading only the changed notes and rewriting only the outputs whose
//! content changed. When the vault folder itself goes (deleted, or another
//! folder moved into its place), it waits for a folder to be there again,
//! watches that one afresh and reads it whole; it never makes the vault again.

mod live;
mod root;

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
use crate::publish::RenderCache;
use crate::render::plural;
use live::{open, output_folder, Live, Reopened, Said};
use root::RootId;

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
    /// `--once` done, every output written, but notes have errors (as `kith report`).
    OnceWithErrors,
    /// The vault could not be read or the first build could not be written (already reported).
    Failed,
}

/// How often the loop wakes without events: to notice a new day, a stop
/// request, and whether the vault root is still the folder it watches.
const TICK: Duration = Duration::from_millis(200);

/// How long the vault must be quiet before a deleted output folder is made again.
const QUIET_BEFORE_MAKING_OUTPUTS: Duration = Duration::from_secs(1);

pub fn run(options: &Options, out: &mut dyn Write) -> io::Result<Ended> {
    let started = Instant::now();
    // Taken before the first read, so a folder replaced during it is noticed.
    let id = RootId::of(&options.root);
    let vault = match open(options) {
        Ok(vault) => vault,
        Err(message) => {
            eprintln!("{message}");
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
    let dir = match output_folder(&vault, options) {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("{message}");
            return Ok(Ended::Failed);
        }
    };
    let today = || options.fixed_today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut live = Live { vault, dir, cache: RenderCache::watching(), id, read_whole: false, said: Said::Nothing };
    let Some(written) = live.rebuild(today(), Changed::Everything, out)? else {
        return Ok(Ended::Failed);
    };
    writeln!(
        out,
        "built in {} ms: {}, {}; {}",
        started.elapsed().as_millis(),
        plural(live.vault.index.len(), "note", "notes"),
        plural(error_count(&live.vault), "error", "errors"),
        written_summary(&written)
    )?;
    out.flush()?;
    if options.once {
        return Ok(if error_count(&live.vault) > 0 { Ended::OnceWithErrors } else { Ended::Stopped });
    }

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // Ctrl-C and SIGTERM end the loop between rebuilds; writes are atomic, so no
    // output is ever left half-written.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let debounce = options.debounce.max(Duration::from_millis(1));
    let mut events = match Events::start(&options.root, debounce, options.poll) {
        Ok(events) => Some(events),
        Err(message) => {
            eprintln!("kith: {message}");
            return Ok(Ended::Failed);
        }
    };
    writeln!(out, "watching {} (outputs in {}); Ctrl-C to stop", live.vault.root.display(), live.dir.display())?;
    out.flush()?;

    let mut rebuilds = 0u64;
    let mut built_for = today();
    // When the watcher last reported a change: outputs deleted are made again
    // only once the vault has been quiet for a while (see below).
    let mut last_event = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        let received = match &events {
            Some(events) => events.rx.recv_timeout(TICK),
            None => {
                std::thread::sleep(TICK);
                Err(mpsc::RecvTimeoutError::Timeout)
            }
        };
        // A deleted or replaced root sends no event the old watcher could follow.
        match live.root_moved(&options.root) {
            None => {}
            Some(false) => {
                events = None;
                continue;
            }
            Some(true) => {
                events = match Events::start(&options.root, debounce, options.poll) {
                    Ok(events) => Some(events),
                    Err(message) => {
                        eprintln!("kith: {message}");
                        return Ok(Ended::Failed);
                    }
                };
                continue; // read it once the next tick or burst has passed
            }
        }
        let Some(events) = &events else { continue };
        let paths: Vec<PathBuf> = match received {
            Ok(Ok(batch)) => {
                last_event = Instant::now();
                let mut paths = changed_paths(batch);
                // A burst longer than the debounce (a checkout on a busy machine) comes in
                // several batches: take them all before one rebuild.
                while let Ok(Ok(more)) = events.rx.recv_timeout(debounce) {
                    paths.extend(changed_paths(more));
                }
                // Only reads (kith's own, of a vault being read whole): nothing changed.
                if paths.is_empty() {
                    continue;
                }
                // The output folder went too: the vault may be on its way out, file by
                // file (a sync tool). Made again now, the folder would keep the vault from
                // being deleted: write only once the vault has been quiet for a while and
                // is still there (if it is gone, the next tick says so).
                if !live.dir.is_dir() {
                    while let Ok(Ok(more)) = events.rx.recv_timeout(QUIET_BEFORE_MAKING_OUTPUTS) {
                        paths.extend(changed_paths(more));
                    }
                    last_event = Instant::now();
                    if RootId::of(&options.root) != live.id {
                        continue;
                    }
                }
                paths
            }
            Ok(Err(errors)) => {
                for error in errors {
                    writeln!(out, "kith: watcher: {error}")?;
                }
                continue;
            }
            // Outputs deleted with no event to say so (`--out` outside the vault), or
            // after the events of their deletion: made again once all is quiet.
            Err(mpsc::RecvTimeoutError::Timeout) if today() == built_for && !live.read_on_tick() => {
                // A root that came back is read (and its outputs made) on its own terms.
                let quiet = !live.read_whole && last_event.elapsed() >= QUIET_BEFORE_MAKING_OUTPUTS;
                if !quiet || live.cache.missing_outputs(&live.dir) == 0 || RootId::of(&options.root) != live.id {
                    continue;
                }
                Vec::new()
            }
            // A new day: who is due moves even when no note does.
            Err(mpsc::RecvTimeoutError::Timeout) => Vec::new(),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let started = Instant::now();
        let day = today();
        if live.read_whole {
            match live.reopen(options, day, out)? {
                Reopened::NotYet => continue,
                Reopened::Refused => return Ok(Ended::Failed),
                Reopened::Built(written) => {
                    built_for = day;
                    rebuilds += 1;
                    writeln!(
                        out,
                        "rebuilt in {} ms: read the whole vault again ({}); {}; {}",
                        started.elapsed().as_millis(),
                        plural(live.vault.index.len(), "note", "notes"),
                        written_summary(&written),
                        plural(error_count(&live.vault), "error", "errors"),
                    )?;
                    out.flush()?;
                }
            }
            continue;
        }
        let refresh = match live.vault.refresh(&paths) {
            Ok(refresh) => refresh,
            // Reading kith.yaml again failed; a vault that vanished meanwhile is said next tick.
            Err(message) => {
                if RootId::of(&options.root).is_some() {
                    writeln!(out, "kith: {message}")?;
                }
                continue;
            }
        };
        // Only ignored paths: kith's own outputs, hidden folders, other files. Outputs
        // deleted (the output folder, or a file in it) are written again.
        let missing = if refresh.is_empty() && day == built_for { live.cache.missing_outputs(&live.dir) } else { 0 };
        if refresh.is_empty() && day == built_for && missing == 0 {
            continue;
        }
        for problem in new_errors(&live.vault, &refresh) {
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
        let Some(written) = live.rebuild(day, changed, out)? else { continue };
        built_for = day;
        rebuilds += 1;
        writeln!(
            out,
            "rebuilt in {} ms: {}; {}; {}",
            started.elapsed().as_millis(),
            if missing > 0 {
                format!("{} deleted", plural(missing, "output", "outputs"))
            } else if refresh.is_empty() {
                format!("a new day, {day}")
            } else {
                change_summary(&refresh)
            },
            written_summary(&written),
            plural(error_count(&live.vault), "error", "errors"),
        )?;
        out.flush()?;
        release_freed_memory();
    }
    writeln!(out, "stopped after {}", plural(usize::try_from(rebuilds).unwrap_or(usize::MAX), "rebuild", "rebuilds"))?;
    Ok(Ended::Stopped)
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

/// A file watcher on the vault and the channel its debounced events come by.
struct Events {
    rx: mpsc::Receiver<DebounceEventResult>,
    /// Dropping it stops the watch.
    _watcher: Box<dyn std::any::Any>,
}

impl Events {
    fn start(root: &Path, debounce: Duration, poll: Option<f64>) -> Result<Events, String> {
        let (tx, rx) = mpsc::channel::<DebounceEventResult>();
        Ok(Events { _watcher: start_watcher(root, debounce, poll, tx)?, rx })
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

/// A new write time counts: it is how the poller (`--poll`, and the fallback
/// when the system's watches run out) reports every edit of a note.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    use notify::EventKind;
    match kind {
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => true,
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
