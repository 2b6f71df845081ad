//! kith: a networking CRM over a folder of markdown notes.
//!
//! Data flows one way: `vault` (files) → `note` (parsed records) → `index`
//! (people, goals, links, derived dates) → `report` (plain data) → `render`
//! (text, markdown, JSON, HTML, iCalendar; and `render::REPORTS`, the registry
//! of every report) → `publish` (each note's shares kept, outputs rendered) →
//! `output` (atomic files). `load` ties the vault to the index; `interop`
//! reads and writes other tools' formats; `watch` and `cli` drive it all.
//! Below them all: `path`, `diag`, `text` (line breaks, one-line text) and
//! `codec` (the binary encoding the parse cache and the note types share).

/// Every message kith writes to stderr goes through the terminal filter
/// (`render::escape::TerminalWriter`): note text and file names quoted in a
/// message cannot send escape sequences to the terminal. Defined before the
/// modules, so it shadows the standard `eprintln!` in all of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut err = $crate::render::escape::stderr();
        let _ = writeln!(err, $($arg)*);
        let _ = err.flush();
    }};
}

pub mod cache;
pub mod cli;
pub mod codec;
pub mod config;
pub mod diag;
pub mod edit;
pub mod index;
pub mod interop;
pub mod kept;
pub mod load;
pub mod new_note;
pub mod note;
pub mod output;
pub mod output_guard;
pub mod path;
pub mod publish;
pub mod render;
pub mod report;
pub mod template;
pub mod text;
pub mod vault;
pub mod watch;
pub mod write;
