//! The vault a watch keeps: read whole at the start and whenever its root
//! comes back or is replaced, its output folder, and the rebuild that writes it.

use chrono::NaiveDate;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::root::RootId;
use super::Options;
use crate::index::Changed;
use crate::load::Vault;
use crate::output::{create_output_dir, WriteOutcome};
use crate::publish::{output_dir, prefix_to_vault, render_all, write_all, RenderCache};
use crate::vault::relative_inside;

/// Read the vault whole; `Err` is the message to print.
pub(super) fn open(options: &Options) -> Result<Vault, String> {
    let excluded: Vec<String> =
        options.out.as_deref().and_then(|dir| relative_inside(&options.root, dir)).into_iter().collect();
    let vault = Vault::open_with(&options.root, &excluded, &options.cache).map_err(|m| format!("kith: {m}"))?;
    if let Some(notice) = &vault.cache_notice {
        eprintln!("{notice}");
    }
    Ok(vault)
}

/// The output folder, when kith may write there (a warning is printed);
/// `Err` is the message to print.
pub(super) fn output_folder(vault: &Vault, options: &Options) -> Result<PathBuf, String> {
    let dir = output_dir(vault, options.out.as_deref());
    // Temporary files a killed kith left there (none if the folder is not there yet).
    crate::write::clean_stale_temps(&dir);
    match crate::output_guard::check_output_dir(&vault.root, &vault.settings.folders, &dir) {
        Err(message) => Err(format!("kith: {message}")),
        Ok(Some(warning)) => {
            eprintln!("kith: {warning}");
            Ok(dir)
        }
        Ok(None) => Ok(dir),
    }
}

/// The vault being watched and what is kept between rebuilds.
pub(super) struct Live {
    pub(super) vault: Vault,
    pub(super) dir: PathBuf,
    pub(super) cache: RenderCache,
    /// The folder the root was when last seen; `None` while it is gone.
    pub(super) id: Option<RootId>,
    /// The root came back or was replaced: read it whole before writing again.
    pub(super) read_whole: bool,
    /// What was said about the root since it last changed, so it is said once.
    pub(super) said: Said,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    Nothing,
    Gone,
    NotAVault,
}

pub(super) enum Reopened {
    /// Read and written.
    Built(Vec<(PathBuf, WriteOutcome)>),
    /// Not readable as a vault yet (still being put back); nothing written.
    NotYet,
    /// Its output folder is refused (already reported).
    Refused,
}

impl Live {
    /// Whether the root is another folder than last seen: `Some(false)` when it
    /// is gone, `Some(true)` when a folder is there again, possibly another one.
    /// Says so on stderr, once.
    pub(super) fn root_moved(&mut self, root: &Path) -> Option<bool> {
        let now = RootId::of(root);
        if now == self.id {
            return None;
        }
        let was = std::mem::replace(&mut self.id, now);
        if now.is_none() {
            eprintln!(
                "kith: vault {} is gone; waiting for it to come back (nothing is written meanwhile)",
                root.display()
            );
            self.said = Said::Gone;
            return Some(false);
        }
        if was.is_none() {
            eprintln!("kith: vault {} is back; reading it whole", root.display());
        } else {
            eprintln!("kith: vault {} is another folder now (moved into place); reading it whole", root.display());
        }
        (self.read_whole, self.said) = (true, Said::Nothing);
        Some(true)
    }

    /// Read the vault that came back, whole, and write every output anew.
    pub(super) fn reopen(&mut self, options: &Options, today: NaiveDate, out: &mut dyn Write) -> io::Result<Reopened> {
        let vault = match open(options) {
            Ok(vault) => vault,
            // Gone again: the next tick notices.
            Err(_) if RootId::of(&options.root).is_none() => return Ok(Reopened::NotYet),
            Err(message) => {
                self.say_once(Said::NotAVault, &message);
                return Ok(Reopened::NotYet);
            }
        };
        if vault.not_a_vault().is_some() {
            let message = format!(
                "kith: {} has no kith.yaml and no person or goal notes yet; outputs are written once it has",
                vault.root.display()
            );
            self.say_once(Said::NotAVault, &message);
            return Ok(Reopened::NotYet);
        }
        for problem in vault.problems().iter().filter(|p| p.is_error()) {
            writeln!(out, "{problem}")?;
        }
        self.dir = match output_folder(&vault, options) {
            Ok(dir) => dir,
            Err(message) => {
                eprintln!("{message}");
                return Ok(Reopened::Refused);
            }
        };
        (self.vault, self.cache, self.read_whole) = (vault, RenderCache::watching(), false);
        Ok(match self.rebuild(today, Changed::Everything, out)? {
            Some(written) => Reopened::Built(written),
            None => Reopened::NotYet,
        })
    }

    /// A vault that came back is read once a tick passes without events; one
    /// that was not yet a vault then, only when something in it changes.
    pub(super) fn read_on_tick(&self) -> bool {
        self.read_whole && self.said != Said::NotAVault
    }

    pub(super) fn say_once(&mut self, what: Said, message: &str) {
        if self.said != what {
            eprintln!("{message}");
            self.said = what;
        }
    }

    /// Render and write every output; `None` when writing failed (already
    /// reported, unless the vault vanished meanwhile: the next tick says so).
    pub(super) fn rebuild(
        &mut self,
        today: NaiveDate,
        changed: Changed<'_>,
        out: &mut dyn Write,
    ) -> io::Result<Option<Vec<(PathBuf, WriteOutcome)>>> {
        let (vault, dir) = (&self.vault, &self.dir);
        let written = create_output_dir(&vault.root, dir)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display())))
            .and_then(|()| {
                let outputs = render_all(vault, today, &prefix_to_vault(dir, &vault.root), changed, &mut self.cache)?;
                write_all(dir, outputs)
            });
        match written {
            Ok(written) => Ok(Some(written)),
            Err(_) if RootId::of(&vault.root).is_none() => Ok(None),
            Err(err) => {
                writeln!(out, "kith: {err}")?;
                Ok(None)
            }
        }
    }
}
