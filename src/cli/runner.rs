//! The steps every command that reads the vault starts with: open it (or say
//! why not, exit 2), print its errors, then run.

use std::io::{self, Write};

use super::{Config, EXIT_FATAL};
use crate::diag::Diagnostic;
use crate::load::Vault;

/// Open the vault or explain why not (exit 2). The vault lives until the
/// process exits: a one-shot command does not spend time freeing 100k notes
/// one allocation at a time just before the operating system reclaims them.
pub(super) fn open_vault(config: &Config, extra_excluded: &[String]) -> Result<&'static Vault, u8> {
    let vault = Vault::open_with(&config.root, extra_excluded, &config.cache).map_err(|message| {
        eprintln!("kith: {message}");
        eprintln!("hint: pass --vault DIR or set KITH_VAULT to the folder that holds your notes");
        EXIT_FATAL
    })?;
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
            report_problems(vault);
            if vault.index.people().next().is_none() {
                eprintln!("kith: {}", crate::render::check::NO_PEOPLE);
            }
            command(vault)
        }
        Err(code) => Ok(code),
    }
}

/// For report commands: parse errors go to stderr as `path:line: message`
/// with a count; warnings stay quiet (`kith check` lists them). The report
/// itself still covers every readable note.
pub(super) fn report_problems(vault: &Vault) {
    let problems: Vec<Diagnostic> = vault.problems();
    let errors: Vec<&Diagnostic> = problems.iter().filter(|p| p.is_error()).collect();
    if errors.is_empty() {
        return;
    }
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for problem in &errors {
        let _ = writeln!(err, "{problem}");
    }
    let count = crate::render::plural(errors.len(), "error", "errors");
    let _ =
        writeln!(err, "kith: {count} in the vault (those fields or notes are left out); `kith check` explains each");
}
