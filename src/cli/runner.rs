//! The steps every command that reads the vault starts with: open it (or say
//! why not, exit 2), print its errors, then run.

use std::io::{self, Write};

use super::{Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::cache::results::{self, Printed};
use crate::diag::Diagnostic;
use crate::load::{Scanned, Vault};
use crate::render::registry::Keeping;

/// Open the vault or explain why not (exit 2). The vault lives until the
/// process exits: a one-shot command does not spend time freeing 100k notes
/// one allocation at a time just before the operating system reclaims them.
pub(super) fn open_vault(config: &Config, extra_excluded: &[String]) -> Result<&'static Vault, u8> {
    open_scanned(scan_vault(config, extra_excluded)?)
}

/// The walk of `open_vault` (settings, every note's stamp), or why not (exit 2).
fn scan_vault(config: &Config, extra_excluded: &[String]) -> Result<Scanned, u8> {
    Vault::scan(&config.root, extra_excluded, &config.cache).map_err(|message| {
        eprintln!("kith: {message}");
        eprintln!("hint: pass --vault DIR or set KITH_VAULT to the folder that holds your notes");
        EXIT_FATAL
    })
}

fn open_scanned(scanned: Scanned) -> Result<&'static Vault, u8> {
    let vault = Vault::from_scan(scanned);
    if let Some(notice) = &vault.cache_notice {
        eprintln!("{notice}");
    }
    is_a_vault(&vault)?;
    Ok(Box::leak(Box::new(vault)))
}

/// A folder with neither `kith.yaml` nor a single person or goal note (even a
/// broken one) is not a vault
/// (most likely the wrong folder): say so and how to fix it (exit 2), before
/// any command writes anything into it.
pub(super) fn is_a_vault(vault: &Vault) -> Result<(), u8> {
    match vault.not_a_vault() {
        None => Ok(()),
        Some(message) => {
            eprintln!("{message}");
            Err(EXIT_FATAL)
        }
    }
}

/// The sequence every command that reads the vault starts with: open it (or
/// explain why not, exit 2), print its errors to stderr, then run `command`.
pub(super) fn with_vault(
    config: &Config,
    extra_excluded: &[String],
    command: impl FnOnce(&'static Vault) -> io::Result<u8>,
) -> io::Result<u8> {
    match open_vault(config, extra_excluded) {
        Ok(vault) => {
            problems_and_no_people(vault, &mut crate::render::escape::stderr());
            command(vault).map(|code| with_errors(vault, code))
        }
        Err(code) => Ok(code),
    }
}

/// What `remembered` prints to stderr before the command runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Before {
    Nothing,
    /// The vault's errors, and that it holds no person notes.
    Problems,
    /// The vault's errors only: the command's own output says there are no people.
    ProblemsOnly,
}

/// What `with_vault` prints to `err` before the command runs.
fn problems_and_no_people(vault: &Vault, err: &mut dyn Write) {
    problems_before(vault, err, Before::Problems);
}

fn problems_before(vault: &Vault, err: &mut dyn Write, before: Before) {
    if before == Before::Nothing {
        return;
    }
    write_problems(vault, err);
    if before == Before::Problems && vault.index.people().next().is_none() {
        let _ = writeln!(err, "kith: {}{}", crate::render::check::NO_PEOPLE, vault.unread_notes());
    }
}

/// `with_vault` for commands whose whole output follows from the notes, the
/// settings, the day and the command line (reports, `people`, `check`): when
/// no note changed since the same command line last ran, print what it
/// printed then without reading any note (`crate::cache::results`); else run
/// `command` (given stdout and stderr) and keep what it prints. `before`:
/// what to print to stderr first (`with_vault` prints `Before::Problems`).
pub(super) fn remembered(
    config: &Config,
    before: Before,
    out: &mut dyn Write,
    command: impl FnOnce(&'static Vault, &mut dyn Write, &mut dyn Write) -> io::Result<u8>,
) -> io::Result<u8> {
    remembered_or_kept(config, before, out, None, |vault, out, err, _| command(vault, out, err))
}

/// `remembered` for a command whose parts may be kept (`crate::kept`):
/// without a stored result, a run from the kept parts when the vault
/// changed in a way they can follow; after a run the whole way, its parts
/// are kept for the next.
pub(super) fn remembered_or_kept(
    config: &Config,
    before: Before,
    out: &mut dyn Write,
    keep: Option<crate::kept::Keep<'_>>,
    command: impl FnOnce(&'static Vault, &mut dyn Write, &mut dyn Write, Option<&mut Keeping>) -> io::Result<u8>,
) -> io::Result<u8> {
    let mut scanned = match scan_vault(config, &[]) {
        Ok(scanned) => scanned,
        Err(code) => return Ok(code),
    };
    let kept = scanned.state().map(|(file, state)| {
        let query = query(config, &scanned);
        (file.to_path_buf(), *state, query)
    });
    if let Some((file, state, query)) = &kept {
        match results::lookup(file, query, state) {
            Ok(Some(stored)) => return stored.print(&mut crate::render::escape::stderr(), out),
            Ok(None) => {}
            Err(notice) => eprintln!("{notice}"),
        }
        if let Some(keep) = &keep {
            if let Some(ran) = crate::kept::rerun(&scanned, state, query, config.today, keep, out) {
                return ran;
            }
        }
    }
    // Parts are kept for a command line run before (its result is stale
    // now): a one-off (another day) does not pay for keeping them.
    let keep = keep.filter(|_| kept.as_ref().is_some_and(|(file, _, query)| results::stored(file, query)));
    if keep.is_some() {
        scanned.keep_stamps();
    }
    let mut keeping = keep.as_ref().map(|_| Keeping::default());
    let vault = match open_scanned(scanned) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    // Without a place to store the result (`--no-cache`), nothing is copied:
    // a 100k-person report's output would otherwise be held whole in memory.
    let copy = || kept.is_some().then(Vec::new);
    let mut err = Tee { inner: &mut crate::render::escape::stderr(), copy: copy() };
    let mut printed = Tee { inner: out, copy: copy() };
    problems_before(vault, &mut err, before);
    let code = with_errors(vault, command(vault, &mut printed, &mut err, keeping.as_mut())?);
    if let (Some((file, state, query)), Some(stdout), Some(stderr)) = (&kept, printed.copy, err.copy) {
        let printed = Printed { stdout, stderr, code };
        // A result that cannot be stored only costs the next run its speed.
        let sum = printed.sum();
        let stored = results::store(file, query, state, &printed, sum).unwrap_or(false);
        if let (Some(_), Some(keeping), EXIT_OK) = (&keep, keeping, code) {
            crate::kept::store(vault, file, query, keeping, &printed.stdout, stored.then_some(sum));
        }
    }
    Ok(code)
}

/// Everything besides the notes that decides what a command prints: the
/// command line, the day, colour, this kith binary, the vault and its settings.
fn query(config: &Config, scanned: &Scanned) -> String {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    format!(
        "{args:?}\ntoday {}\ncolour {}\n{}",
        config.today,
        config.palette.enabled,
        crate::cache::fingerprint(&config.root, scanned.settings())
    )
}

/// Writes through to `inner` and keeps a copy when it has one to keep.
struct Tee<'a> {
    inner: &'a mut dyn Write,
    copy: Option<Vec<u8>>,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(copy) = &mut self.copy {
            copy.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A command that reports on the vault and succeeded exits 1 all the same
/// when a note has an error (its output covers every readable note, and
/// stderr names what was left out), as `check` does: a cron job or script
/// learns that something is broken.
pub(super) fn with_errors(vault: &Vault, code: u8) -> u8 {
    let errors = vault.setup_problems.iter().chain(vault.index.note_problems()).any(Diagnostic::is_error);
    if code == EXIT_OK && errors {
        EXIT_PROBLEMS
    } else {
        code
    }
}

/// For report commands: parse errors go to stderr as `path:line: message`
/// with a count; warnings stay quiet (`kith check` lists them). The report
/// itself still covers every readable note.
/// Returns how many errors it printed.
pub(super) fn report_problems(vault: &Vault) -> usize {
    write_problems(vault, &mut crate::render::escape::stderr())
}

fn write_problems(vault: &Vault, err: &mut dyn Write) -> usize {
    let problems: Vec<Diagnostic> = vault.problems();
    let errors: Vec<&Diagnostic> = problems.iter().filter(|p| p.is_error()).collect();
    if errors.is_empty() {
        return 0;
    }
    for problem in &errors {
        let _ = writeln!(err, "{problem}");
    }
    let count = crate::render::plural(errors.len(), "error", "errors");
    let _ =
        writeln!(err, "kith: {count} in the vault (those fields or notes are left out); `kith check` explains each");
    errors.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tee_keeps_a_copy_only_when_it_has_one_to_keep() {
        let mut out = Vec::new();
        let mut tee = Tee { inner: &mut out, copy: None };
        tee.write_all(b"[1, 2]\n").unwrap();
        assert!(tee.copy.is_none());
        let mut kept = Tee { inner: &mut out, copy: Some(Vec::new()) };
        kept.write_all(b"[3]\n").unwrap();
        assert_eq!(kept.copy.as_deref(), Some(&b"[3]\n"[..]));
        assert_eq!(out, b"[1, 2]\n[3]\n");
    }
}
