//! Renderers: turn report data into text, markdown or JSON on any writer.

pub mod check;
pub mod escape;
pub mod html;
pub mod ics;
pub mod json_rows;
pub mod people;
pub mod prep;
pub mod registry;
pub mod review;
pub mod show;
pub mod style;
pub mod svg;
pub mod table;
pub mod vcard;

// Every report, in the order their data is combined: a report comes after the
// reports it `NEEDS`. Adding a report is one line here: its module (beside
// `report/<name>.rs`) and its declaration.
registry::reports! {
    pool::Pool,
    overdue::Overdue,
    goals::Goals,
    remind::Remind,
    ledger::Ledger,
    referrals::Referrals,
    intros::Intros,
    circles::Circles,
    garden::Garden,
}

use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

use crate::path::NotePath;

/// Pretty JSON with a trailing newline: stable and diff-friendly.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // Through a buffer: the serializer's many small writes are then direct, not through `dyn Write`.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    // `io::Error::from` keeps a write error's kind (a closed pipe is not a failure).
    serde_json::to_writer_pretty(&mut buffered, value).map_err(io::Error::from)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// `json` of a list, its items serialised on every core: each run of items
/// as serde_json's pretty printer writes it inside the whole list (a list of
/// the run, without its brackets), the runs joined as the whole list joins
/// its items. The same bytes as `json(out, items)`. A few runs a core are
/// serialised at a time and written before the next, so the text in memory
/// stays a few hundred kilobytes, not the whole list's 15-20 MB at 100k rows.
pub fn json_list<T: Serialize + Sync>(out: &mut dyn Write, items: &[T]) -> io::Result<()> {
    use rayon::prelude::*;
    /// Items per run: enough that each run's buffer is worth a thread.
    const RUN: usize = 2048;
    /// Runs serialised at a time, per core.
    const RUNS_PER_CORE: usize = 2;
    if items.len() <= RUN {
        return json(out, items);
    }
    let batch = RUN * RUNS_PER_CORE * rayon::current_num_threads().max(1);
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    buffered.write_all(b"[\n")?;
    for (b, items) in items.chunks(batch).enumerate() {
        let runs: Vec<Vec<u8>> = items
            .par_chunks(RUN)
            .map(|run| {
                let mut text = serde_json::to_vec_pretty(run).map_err(io::Error::from)?;
                // `[\n` … `\n]`: the items, indented as inside the whole list.
                text.truncate(text.len() - 2);
                text.drain(..2);
                Ok(text)
            })
            .collect::<io::Result<_>>()?;
        for (i, run) in runs.iter().enumerate() {
            if b > 0 || i > 0 {
                buffered.write_all(b",\n")?;
            }
            buffered.write_all(run)?;
        }
    }
    buffered.write_all(b"\n]\n")?;
    buffered.flush()
}

/// A wikilink to a note, showing `name` when it differs from the file name.
/// `in_table` escapes the `|` as Obsidian requires inside tables. A file name
/// or name a wikilink cannot hold (`]]`, `|`, `#`, `^`, `[`, a line break)
/// becomes a markdown link to the vault path instead, so it stays one link.
pub fn wikilink(path: &NotePath, name: &str, in_table: bool) -> String {
    let stem = path.stem();
    if !escape::wikilink_target_ok(stem) || !escape::wikilink_label_ok(name) {
        // md_text escapes `|` too, so the link is table-safe either way.
        let text = escape::md_text(name);
        return format!("[{text}]({})", escape::url_path(path.as_str()));
    }
    if stem == name {
        format!("[[{stem}]]")
    } else if in_table {
        format!("[[{stem}\\|{}]]", md_cell(name))
    } else {
        format!("[[{stem}|{name}]]")
    }
}

/// A `[[wikilink]]` to a name no note was found for (a link target as
/// written): a wikilink when one can hold it, else the name as escaped text.
pub fn name_link(name: &str) -> String {
    if escape::wikilink_target_ok(name) {
        format!("[[{name}]]")
    } else {
        escape::md_text(name)
    }
}

/// How markdown output links to notes: `[[wikilinks]]` (Obsidian) or relative
/// links (GitHub, any viewer) through `prefix`, the way from the page to the vault root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linker {
    Wiki,
    Relative { prefix: String },
}

impl Linker {
    pub fn link(&self, path: &NotePath, name: &str, in_table: bool) -> String {
        match self {
            Linker::Wiki => wikilink(path, name, in_table),
            Linker::Relative { prefix } => {
                let (text, _) = (escape::md_text(name), in_table);
                format!("[{text}]({})", escape::url_path(&format!("{prefix}{path}")))
            }
        }
    }
}

/// Text safe inside a markdown table cell (see `escape::md_cell`).
pub fn md_cell(text: &str) -> Cow<'_, str> {
    escape::md_cell(text)
}

/// Why a person is due: their follow-up date, their snooze, or their cadence.
pub fn due_reason(reason: Option<crate::index::DueReason>, cadence: Option<crate::note::dates::Cadence>) -> String {
    match (reason, cadence) {
        (Some(crate::index::DueReason::FollowUp), _) => "follow-up date".to_string(),
        (Some(crate::index::DueReason::Snoozed), _) => "snoozed".to_string(),
        (_, Some(cadence)) => format!("every {cadence}"),
        _ => "cadence".to_string(),
    }
}

pub fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "—".to_string(), |v| v.to_string())
}

pub use crate::report::plural;

/// One candidate as a "did you mean" list shows it: `  Name  (path)`.
pub fn candidate_line(note: &crate::note::Note) -> String {
    format!("  {}  ({})", escape::terminal(note.display_name()), escape::terminal(&note.path.to_string()))
}

/// What to list when a goal name matched no goal: the `close` titles
/// ("did you mean"), else every goal ("the goals are").
pub fn goal_candidates<'a>(
    index: &'a crate::index::Index,
    close: Vec<&'a crate::note::Note>,
) -> (&'static str, Vec<&'a crate::note::Note>) {
    if close.is_empty() {
        ("the goals are", index.goals().map(|(n, _)| n).collect())
    } else {
        ("did you mean", close)
    }
}

/// A log entry's text, and the dated note it came from when it is not the person's own Log.
pub fn entry_text(entry: &crate::note::LogEntry) -> String {
    match entry.source() {
        Some(note) => format!("{}  (in {note})", entry.text()),
        None => entry.text().to_string(),
    }
}

pub use crate::report::Limit;

/// `_…and 12 more: `kith overdue --all`._` under a markdown section, when
/// items were left out; `all` says where every item is.
pub fn more_md(out: &mut dyn Write, hidden: usize, all: &str) -> io::Result<()> {
    if hidden > 0 {
        writeln!(out)?;
        writeln!(out, "_…and {hidden} more: {all}._")?;
    }
    Ok(())
}

/// The same for terminal text, indented like the section's rows.
pub fn more_text(out: &mut dyn Write, palette: &style::Palette, hidden: usize, all: &str) -> io::Result<()> {
    if hidden > 0 {
        writeln!(out, "  {}", palette.dim(&format!("…and {hidden} more: {}", all.replace('`', ""))))?;
    }
    Ok(())
}

/// What pages show of the reports that list people not contacted yet:
/// `limit` items per section and, of those people, only this week's plant.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub limit: Limit,
    /// This week's suggested first contacts; `None`: everyone not contacted yet.
    pub plant: Option<&'a [NotePath]>,
}

/// Where every person not contacted yet is listed.
pub const POOL_ALL: &str = "`kith pool` lists them all, most relevant first";

impl<'a> Shown<'a> {
    /// Of people not contacted yet (in the report's order), those this week's plant
    /// holds, and how many are left out.
    pub fn pool<'r, T>(&self, rows: &'r [T], path: impl Fn(&T) -> Option<&NotePath>) -> (Vec<&'r T>, usize) {
        let shown: Vec<&T> = match &self.plant {
            Some(plant) => rows.iter().filter(|r| path(r).is_some_and(|p| plant.contains(p))).collect(),
            None => rows.iter().collect(),
        };
        let hidden = rows.len() - shown.len();
        (shown, hidden)
    }
}

#[cfg(test)]
mod json_list_tests {
    use serde::Serialize;

    #[derive(Serialize)]
    struct Row {
        name: String,
        goals: Vec<&'static str>,
        nested: Vec<Vec<u32>>,
        score: Option<f64>,
    }

    /// Lists on either side of a run's length and of several runs, with
    /// escapes, empty and nested lists: the same bytes as the plain writer.
    #[test]
    fn a_list_written_on_every_core_is_the_same_bytes_as_written_whole() {
        for len in [0, 1, 2047, 2048, 2049, 4096, 5000, 40_000] {
            let rows: Vec<Row> = (0..len)
                .map(|i| Row {
                    name: format!("Ada \"{i}\"\n\tü\u{1b}"),
                    goals: if i % 3 == 0 { vec![] } else { vec!["Find a mentor", "Ship"] },
                    nested: vec![vec![], (0..i % 4).collect()],
                    score: (i % 2 == 0).then_some(f64::from(i) / 3.0),
                })
                .collect();
            let (mut whole, mut listed) = (Vec::new(), Vec::new());
            super::json(&mut whole, &rows).unwrap();
            super::json_list(&mut listed, &rows).unwrap();
            assert!(whole == listed, "{len} rows");
        }
    }
}
