//! The report registry (the list itself is `render::REPORTS`): every report kith computes is declared once (its name,
//! each note's share, the combine step, the files it writes and how it renders
//! in each format), and `kith report`, `kith watch`, the command line and the
//! change detection all iterate over `REPORTS`. A report cannot be forgotten
//! by one of them: there is no other list.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::any::Any;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::io::{self, Write};

use super::{style::Palette, Linker, REPORTS};
use crate::codec::Reader;
use crate::config::Settings;
use crate::index::Index;
use crate::note::Note;
use crate::path::NotePath;
use crate::report::referrals;

// The flags of a report that has none of its own.
#[derive(Debug, Default, clap::Args)]
pub struct NoArgs {}

/// Declares each report's module under `render/` and lists its declaration in `REPORTS`.
macro_rules! reports {
    ($($module:ident :: $report:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every report, in the order their data is combined.
        pub static REPORTS: &[&dyn registry::Published] = &[$(&registry::Entry($module::$report)),*];
    };
}
pub(crate) use reports;

/// What every share and combine step may read.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub index: &'a Index,
    pub settings: &'a Settings,
    pub today: NaiveDate,
}

/// Facts about one note that several reports need, computed once per note
/// before any share: a person's referrals (open ones feed goals and reminders).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    /// Boxed, and `None` when the person has no meeting or referral (most
    /// people): one `Facts` per note is alive while a report is combined.
    pub referrals: Option<Box<referrals::Part>>,
}

impl Facts {
    pub fn of(ctx: &Ctx<'_>, note: &Note, wanted: bool) -> Facts {
        let referrals = note.person().filter(|_| wanted).and_then(|person| {
            let settings = ctx.settings;
            let part = referrals::part(ctx.index, &settings.cadence, &settings.meeting_tags, ctx.today, note, person);
            (!part.is_empty()).then(|| Box::new(part))
        });
        Facts { referrals }
    }

    /// The person's open referrals (empty for other notes).
    pub fn open_referrals(&self) -> &[referrals::OpenReferral] {
        self.referrals.as_ref().map_or(&[], |r| &r.open)
    }

    /// The notes whose change can change this note's shares: those its referrals name.
    pub fn depends_on(&self) -> &[NotePath] {
        self.referrals.as_ref().map_or(&[], |r| &r.refers_to)
    }
}

/// Where a page is written: how it links to notes.
pub struct Page<'a> {
    pub links: &'a Linker,
    /// The relative way from the page to the vault root (`../` for `kith/`).
    pub note_prefix: &'a str,
}

/// What a file's renderer may keep between rebuilds (the calendar keeps its
/// rendered events); `None` at first.
pub type FileState = Option<Box<dyn Any + Send>>;

/// One file `kith report` writes for a report.
pub struct OutFile<D: 'static> {
    pub name: &'static str,
    pub render: fn(&D, &Page<'_>, &mut FileState, &mut dyn Write) -> io::Result<()>,
}

/// A report's declaration. Its renderers live beside it in `render/`, its
/// computation in `report/`.
pub trait Report: Send + Sync + 'static {
    /// The subcommand, and the name other reports need it by.
    const NAME: &'static str;
    /// One line of `kith --help`.
    const ABOUT: &'static str;
    /// Reports whose data `combine` reads; they come first in `REPORTS`.
    const NEEDS: &'static [&'static str] = &[];
    /// The needs `json` reads (a part of `NEEDS`): `--format json` combines
    /// only these, so a need that only decorates pages costs a script nothing.
    /// `combine` takes a need left out here with `Combined::get_if`.
    const JSON_NEEDS: &'static [&'static str] = Self::NEEDS;
    /// Whether the shares read `Facts::referrals` (computing them costs a pass over each log).
    const USES_REFERRALS: bool = false;
    /// The files `kith report` writes, in the order it lists them.
    const FILES: &'static [OutFile<Self::Data>];
    /// Whether a `--format json` run may keep every note's part for the next
    /// run, which then computes again only the parts a change can reach
    /// (`crate::kept`). A kept report promises: its JSON needs no other
    /// report and no referrals; a person's part reads of the index only the
    /// notes `Index::reads` gives for them, and of those only what
    /// `index::lent` covers (a goal's fields, not its log); every other note's part is the
    /// same whatever the index holds; `check_args` reads no note; and
    /// `get_part` gives back what `put_part` was given.
    const KEPT: bool = false;

    /// A part, encoded for keeping (see `KEPT`).
    fn put_part(_part: &Self::Part, _out: &mut Vec<u8>) {}

    /// A part `put_part` encoded, of the note at `path`; `None` when garbled.
    fn get_part(_r: &mut Reader<'_>, _path: &NotePath) -> Option<Self::Part> {
        None
    }

    /// A kept report whose JSON is an array of objects, at most one per
    /// note, each made from that note's part alone (`row_text`) and placed
    /// by `row_order` (a total order): the path of each row of `data`'s
    /// JSON, in order. A run from kept parts then patches the JSON printed
    /// last (`Published::patch_kept`) instead of printing every row again.
    fn json_rows(_data: &Self::Data) -> Option<Vec<&NotePath>> {
        None
    }

    /// The JSON row a part makes (see `json_rows`), as the whole array holds
    /// it; `None` when it makes none.
    fn row_text(_part: &Self::Part) -> Option<io::Result<String>> {
        None
    }

    /// The order of two parts' rows in the JSON (see `json_rows`).
    fn row_order(_a: &Self::Part, _b: &Self::Part) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }

    /// One note's share; compared between rebuilds to know what changed.
    type Part: Clone + PartialEq + Debug + Send + Sync + 'static;
    /// The combined report: plain data.
    type Data: Serialize + Send + Sync + 'static;
    /// The subcommand's own flags.
    type Args: clap::Args + Default + Send + Sync;

    fn part(ctx: &Ctx<'_>, facts: &Facts, note: &Note) -> Self::Part;

    /// The report from every note's part, in path order.
    fn combine<'a>(
        ctx: &Ctx<'_>,
        args: &Self::Args,
        needs: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Self::Data;

    /// `combine` for a one-shot command, whose parts are not kept (`paths`
    /// and `parts` in path order): a report whose data copies rows out of its
    /// parts may take them instead.
    fn combine_once(
        ctx: &Ctx<'_>,
        args: &Self::Args,
        needs: &Combined<'_>,
        paths: &[&NotePath],
        parts: Vec<Self::Part>,
    ) -> Self::Data {
        Self::combine(ctx, args, needs, paths.iter().copied().zip(parts.iter()))
    }

    /// Bring `data` up to date after some notes' parts changed (old, new), all
    /// parts being `parts` now, or a needed report changed (`changes` may then
    /// be empty): what `combine` takes from `needs` must be taken again.
    /// `Some(differs)` when done in place, `None` to combine again.
    fn update<'a>(
        _ctx: &Ctx<'_>,
        _data: &mut Self::Data,
        _needs: &Combined<'_>,
        _changes: &[(&Self::Part, &Self::Part)],
        _parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        None
    }

    /// Refuse flags that make no sense for this vault (exit 1 with the message).
    fn check_args(_ctx: &Ctx<'_>, _args: &Self::Args) -> Result<(), String> {
        Ok(())
    }

    fn text(data: &Self::Data, palette: &Palette, out: &mut dyn Write) -> io::Result<()>;
    fn markdown(data: &Self::Data, page: &Page<'_>, out: &mut dyn Write) -> io::Result<()>;
    /// `--format json`: the whole data unless a contract says otherwise.
    fn json(data: &Self::Data, out: &mut dyn Write) -> io::Result<()> {
        super::json(out, data)
    }
}

/// The data of the reports combined so far, for the reports that need them.
pub struct Combined<'a> {
    pub data: &'a [Option<Box<dyn Any + Send + Sync>>],
}

impl Combined<'_> {
    /// A needed report's data. Panics when the report did not declare the
    /// need (a programming error the registry test catches).
    pub fn get<R: Report>(&self) -> &R::Data {
        slot_of(R::NAME)
            .and_then(|slot| self.data.get(slot))
            .and_then(|d| d.as_ref())
            .and_then(|d| d.downcast_ref::<R::Data>())
            .unwrap_or_else(|| panic!("report {} is not combined yet: declare it in NEEDS", R::NAME))
    }

    /// A need that this output may go without (one `Report::JSON_NEEDS`
    /// leaves out): `None` when it was not combined.
    pub fn get_if<R: Report>(&self) -> Option<&R::Data> {
        slot_of(R::NAME)
            .and_then(|slot| self.data.get(slot))
            .and_then(|d| d.as_ref())
            .and_then(|d| d.downcast_ref::<R::Data>())
    }
}

/// Where the report named `name` sits in `REPORTS`.
pub fn slot_of(name: &str) -> Option<usize> {
    REPORTS.iter().position(|r| r.name() == name)
}

/// The report named `name`.
pub fn find(name: &str) -> Option<&'static dyn Published> {
    REPORTS.iter().copied().find(|r| r.name() == name)
}

/// A report with its types erased, as the registry holds it.
pub trait Published: Sync {
    fn name(&self) -> &'static str;
    fn about(&self) -> &'static str;
    fn needs(&self) -> &'static [&'static str];
    fn json_needs(&self) -> &'static [&'static str];
    fn uses_referrals(&self) -> bool;
    fn file_names(&self) -> Vec<&'static str>;
    fn part(&self, ctx: &Ctx<'_>, facts: &Facts, note: &Note) -> Box<dyn Share>;
    /// Whether `--format json` may keep its parts (see `Report::KEPT`).
    fn kept_json(&self) -> bool;
    /// A note's part of a kept report, computed and encoded.
    fn put_part(&self, ctx: &Ctx<'_>, note: &Note, out: &mut Vec<u8>);
    /// `run` with `--format json` from kept parts (`parts[i]` encodes the
    /// part of the note at `paths[i]`, in path order); `None` when a part is
    /// garbled. `rows` gets the position of each row's note (`Report::json_rows`).
    fn run_kept(
        &self,
        ctx: &Ctx<'_>,
        args: &clap::ArgMatches,
        paths: &[NotePath],
        parts: &[&[u8]],
        out: &mut dyn Write,
        rows: &mut Option<Vec<u32>>,
    ) -> Option<io::Result<Result<(), String>>>;
    /// `run_kept` from the JSON printed last (see `Report::json_rows` and
    /// `Patch`): the rows of the notes computed again taken out, their new
    /// rows put in place. The rows to print, in order; `None` when the
    /// report's JSON is not patched so, its flags are refused, or `patch`
    /// does not fit together (the caller runs `run_kept`).
    fn patch_kept(&self, ctx: &Ctx<'_>, args: &clap::ArgMatches, patch: &Patch<'_>) -> Option<io::Result<Vec<Row>>>;
    fn combine(&self, ctx: &Ctx<'_>, needs: &Combined<'_>, parts: &PartsOf<'_>) -> Box<dyn Any + Send + Sync>;
    /// See `Report::update`.
    fn update(
        &self,
        ctx: &Ctx<'_>,
        data: &mut (dyn Any + Send + Sync),
        needs: &Combined<'_>,
        changes: &[(&dyn Share, &dyn Share)],
        parts: &PartsOf<'_>,
    ) -> Option<bool>;
    fn render_file(
        &self,
        file: usize,
        data: &(dyn Any + Send + Sync),
        page: &Page<'_>,
        state: &mut FileState,
        out: &mut dyn Write,
    ) -> io::Result<()>;
    /// The subcommand with its own flags.
    fn command(&self) -> clap::Command;
    /// Run the subcommand: `Err` is a problem to report with exit 1. With
    /// `keep` (a kept report's JSON, see `Report::KEPT`), what is kept of the run is put there.
    fn run(
        &self,
        ctx: &Ctx<'_>,
        args: &clap::ArgMatches,
        form: &Form<'_>,
        out: &mut dyn Write,
        keep: Option<&mut Keeping>,
    ) -> io::Result<Result<(), String>>;
}

/// What a run of a kept report's JSON hands back for keeping (`crate::kept`).
#[derive(Debug, Default)]
pub struct Keeping {
    /// Every note's part, encoded, in path order.
    pub parts: Vec<Vec<u8>>,
    /// The note (by position in path order) of each row of the JSON, in
    /// order, when its rows are patched (`Report::json_rows`).
    pub rows: Option<Vec<u32>>,
}

/// A row of a patched JSON: its note (by position) and its text.
#[derive(Debug)]
pub struct Row {
    pub note: u32,
    pub text: RowText,
}

#[derive(Debug)]
pub enum RowText {
    /// Where it lies in `Patch::old`.
    Old(std::ops::Range<usize>),
    New(String),
}

impl Row {
    pub fn text_len(&self) -> usize {
        match &self.text {
            RowText::Old(range) => range.len(),
            RowText::New(text) => text.len(),
        }
    }

    /// Its text (`old`: the JSON patched).
    pub fn text<'a>(&'a self, old: &'a [u8]) -> &'a [u8] {
        match &self.text {
            RowText::Old(range) => &old[range.clone()],
            RowText::New(text) => text.as_bytes(),
        }
    }
}

/// What `Published::patch_kept` patches.
pub struct Patch<'a> {
    /// The JSON printed last.
    pub old: &'a [u8],
    /// Its rows in order: the row's note (a position in `paths`) and the length of its text.
    pub rows: &'a [(u32, u32)],
    /// Every note's path, in path order.
    pub paths: &'a [&'a str],
    /// Every note's part when `old` was printed, encoded.
    pub before: &'a [&'a [u8]],
    /// The notes whose parts were computed again (their rows in `old` are
    /// taken out), each with its new part, encoded.
    pub again: &'a [(u32, &'a [u8])],
}

/// How a subcommand prints.
pub enum Form<'a> {
    Text(&'a Palette),
    Markdown(&'a Page<'a>),
    Json,
}

/// One note's share of one report, its type erased.
pub trait Share: Any + Debug + Send + Sync {
    fn same(&self, other: &dyn Share) -> bool;
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + PartialEq + Debug + Send + Sync> Share for T {
    fn same(&self, other: &dyn Share) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Every note's share of one report, in path order.
pub struct PartsOf<'a> {
    pub notes: &'a [(&'a NotePath, &'a dyn Share)],
}

/// Wraps a `Report` to hold it as `dyn Published`.
pub struct Entry<R: Report>(pub R);

fn typed<'a, R: Report>(parts: &'a PartsOf<'a>) -> impl Iterator<Item = (&'a NotePath, &'a R::Part)> + Clone {
    parts.notes.iter().map(|(path, share)| (*path, downcast::<R>(*share)))
}

fn downcast<R: Report>(share: &dyn Share) -> &R::Part {
    share.as_any().downcast_ref::<R::Part>().expect("a share of the report it was computed for")
}

fn data_of<R: Report>(data: &(dyn Any + Send + Sync)) -> &R::Data {
    data.downcast_ref::<R::Data>().expect("the data of the report it was combined for")
}

impl<R: Report> Published for Entry<R> {
    fn name(&self) -> &'static str {
        R::NAME
    }

    fn about(&self) -> &'static str {
        R::ABOUT
    }

    fn needs(&self) -> &'static [&'static str] {
        R::NEEDS
    }

    fn json_needs(&self) -> &'static [&'static str] {
        R::JSON_NEEDS
    }

    fn uses_referrals(&self) -> bool {
        R::USES_REFERRALS
    }

    fn file_names(&self) -> Vec<&'static str> {
        R::FILES.iter().map(|f| f.name).collect()
    }

    fn part(&self, ctx: &Ctx<'_>, facts: &Facts, note: &Note) -> Box<dyn Share> {
        Box::new(R::part(ctx, facts, note))
    }

    fn kept_json(&self) -> bool {
        R::KEPT && needed_slots(R::JSON_NEEDS).is_empty() && !R::USES_REFERRALS
    }

    fn put_part(&self, ctx: &Ctx<'_>, note: &Note, out: &mut Vec<u8>) {
        R::put_part(&R::part(ctx, &Facts::default(), note), out);
    }

    fn run_kept(
        &self,
        ctx: &Ctx<'_>,
        args: &clap::ArgMatches,
        paths: &[NotePath],
        parts: &[&[u8]],
        out: &mut dyn Write,
        rows: &mut Option<Vec<u32>>,
    ) -> Option<io::Result<Result<(), String>>> {
        let args = match args_of::<R>(ctx, args) {
            Ok(args) => args,
            Err(message) => return Some(Ok(Err(message))),
        };
        let decoded: Option<Vec<R::Part>> =
            paths.par_iter().zip(parts).map(|(path, bytes)| decode_part::<R>(path, bytes)).collect();
        let refs: Vec<&NotePath> = paths.iter().collect();
        let data = R::combine_once(ctx, &args, &Combined { data: &[] }, &refs, decoded?);
        *rows = row_positions::<R>(&data, &refs);
        let printed = R::json(&data, out).map(Ok);
        // A one-shot command: the process ends next, and freeing 100k rows one by one costs more than that.
        std::mem::forget(data);
        Some(printed)
    }

    fn patch_kept(&self, ctx: &Ctx<'_>, args: &clap::ArgMatches, patch: &Patch<'_>) -> Option<io::Result<Vec<Row>>> {
        if !R::KEPT || args_of::<R>(ctx, args).is_err() {
            return None;
        }
        patch_rows::<R>(patch)
    }

    fn combine(&self, ctx: &Ctx<'_>, needs: &Combined<'_>, parts: &PartsOf<'_>) -> Box<dyn Any + Send + Sync> {
        Box::new(R::combine(ctx, &R::Args::default(), needs, typed::<R>(parts)))
    }

    fn update(
        &self,
        ctx: &Ctx<'_>,
        data: &mut (dyn Any + Send + Sync),
        needs: &Combined<'_>,
        changes: &[(&dyn Share, &dyn Share)],
        parts: &PartsOf<'_>,
    ) -> Option<bool> {
        let data = data.downcast_mut::<R::Data>()?;
        let changes: Vec<(&R::Part, &R::Part)> =
            changes.iter().map(|(a, b)| (downcast::<R>(*a), downcast::<R>(*b))).collect();
        R::update(ctx, data, needs, &changes, typed::<R>(parts))
    }

    fn render_file(
        &self,
        file: usize,
        data: &(dyn Any + Send + Sync),
        page: &Page<'_>,
        state: &mut FileState,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        (R::FILES[file].render)(data_of::<R>(data), page, state, out)
    }

    fn command(&self) -> clap::Command {
        // After the flags: clap's derive would give the flags struct's own doc as the about.
        <R::Args as clap::Args>::augment_args(clap::Command::new(R::NAME)).about(R::ABOUT)
    }

    fn run(
        &self,
        ctx: &Ctx<'_>,
        args: &clap::ArgMatches,
        form: &Form<'_>,
        out: &mut dyn Write,
        keep: Option<&mut Keeping>,
    ) -> io::Result<Result<(), String>> {
        let args = match args_of::<R>(ctx, args) {
            Ok(args) => args,
            Err(message) => return Ok(Err(message)),
        };
        let needs = if matches!(form, Form::Json) { R::JSON_NEEDS } else { R::NEEDS };
        let mut keep = keep.filter(|_| R::KEPT);
        let data = one_shot::<R>(ctx, &args, needs, keep.as_mut().map(|k| &mut k.parts));
        if let Some(keep) = keep {
            let paths: Vec<&NotePath> = ctx.index.notes().map(|n| &n.path).collect();
            keep.rows = row_positions::<R>(&data, &paths);
        }
        match form {
            Form::Text(palette) => R::text(&data, palette, out)?,
            Form::Markdown(page) => R::markdown(&data, page, out)?,
            Form::Json => R::json(&data, out)?,
        }
        Ok(Ok(()))
    }
}

fn decode_part<R: Report>(path: &NotePath, bytes: &[u8]) -> Option<R::Part> {
    let mut r = Reader::new(bytes);
    R::get_part(&mut r, path).filter(|_| r.buf.is_empty())
}

/// The position in `paths` (path order) of the note of each of `data`'s JSON rows (`Report::json_rows`).
fn row_positions<R: Report>(data: &R::Data, paths: &[&NotePath]) -> Option<Vec<u32>> {
    R::json_rows(data)?
        .into_iter()
        .map(|path| paths.binary_search(&path).ok().and_then(|at| u32::try_from(at).ok()))
        .collect()
}

/// `Published::patch_kept`. Each new row's place among the old rows is found
/// by a binary search over the old rows' parts (in `row_order`, as printed);
/// the old rows between are copied from the old text.
fn patch_rows<R: Report>(patch: &Patch<'_>) -> Option<io::Result<Vec<Row>>> {
    let Patch { old, rows, paths, before, again } = *patch;
    let part_of = |at: u32, bytes: &[u8]| decode_part::<R>(&NotePath::new(*paths.get(at as usize)?), bytes);
    // Where the old rows lie, checked against the text they were cut from.
    let mut texts: Vec<std::ops::Range<usize>> = Vec::with_capacity(rows.len());
    let mut at = 2;
    for &(_, len) in rows {
        let text = old.get(at..at + len as usize)?;
        if !text.starts_with(b"  {") || !text.ends_with(b"\n  }") {
            return None;
        }
        texts.push(at..at + len as usize);
        at += len as usize + 2;
    }
    let whole = if rows.is_empty() { 3 } else { at + 1 };
    if old.len() != whole {
        return None;
    }
    let mut out_of: Vec<u32> = again.iter().map(|&(at, _)| at).collect();
    out_of.sort_unstable();
    // The new rows, in order, each with its place: before the old row at that index.
    let mut fresh: Vec<(u32, R::Part, String)> = Vec::new();
    for &(at, bytes) in again {
        let part = part_of(at, bytes)?;
        match R::row_text(&part) {
            Some(Ok(text)) => fresh.push((at, part, text)),
            Some(Err(err)) => return Some(Err(err)),
            None => {}
        }
    }
    fresh.sort_by(|a, b| R::row_order(&a.1, &b.1));
    let mut places = Vec::with_capacity(fresh.len());
    for (_, part, _) in &fresh {
        let (mut low, mut high) = (0, rows.len());
        while low < high {
            let mid = (low + high) / 2;
            let note = rows[mid].0;
            let old_part = part_of(note, before.get(note as usize)?)?;
            if R::row_order(&old_part, part) == std::cmp::Ordering::Less {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        places.push(low);
    }
    let mut patched: Vec<Row> = Vec::with_capacity(rows.len() + fresh.len());
    let mut next = fresh.into_iter().zip(places).peekable();
    for (index, (&(note, _), range)) in rows.iter().zip(texts).enumerate() {
        while let Some(((at, _, new), _)) = next.next_if(|(_, place)| *place == index) {
            patched.push(Row { note: at, text: RowText::New(new) });
        }
        if out_of.binary_search(&note).is_err() {
            patched.push(Row { note, text: RowText::Old(range) });
        }
    }
    patched.extend(next.map(|((at, _, new), _)| Row { note: at, text: RowText::New(new) }));
    Some(Ok(patched))
}

/// The subcommand's own flags, read and checked (`Report::check_args`); `Err`
/// is the problem to report with exit 1.
fn args_of<R: Report>(ctx: &Ctx<'_>, args: &clap::ArgMatches) -> Result<R::Args, String> {
    let args = <R::Args as clap::FromArgMatches>::from_arg_matches(args).map_err(|err| err.to_string())?;
    R::check_args(ctx, &args)?;
    Ok(args)
}

/// One report for one command run: the reports in `needs` (its `NEEDS` or
/// `JSON_NEEDS`) and theirs, then its own, each from every note's share
/// (computed in parallel, combined in path order).
pub fn one_shot<R: Report>(ctx: &Ctx<'_>, args: &R::Args, needs: &[&str], keep: Option<&mut Vec<Vec<u8>>>) -> R::Data {
    let mut data: Vec<Option<Box<dyn Any + Send + Sync>>> = REPORTS.iter().map(|_| None).collect();
    let needed = needed_slots(needs);
    let wants_referrals = needed.iter().any(|&s| REPORTS[s].uses_referrals()) || R::USES_REFERRALS;
    let notes: Vec<&Note> = ctx.index.notes().collect();
    let facts: Vec<Facts> = notes.par_iter().map(|note| Facts::of(ctx, note, wants_referrals)).collect();
    for slot in needed {
        let report: &dyn Published = REPORTS[slot];
        let shares: Vec<Box<dyn Share>> =
            notes.par_iter().zip(&facts).map(|(note, facts)| report.part(ctx, facts, note)).collect();
        let parts: Vec<(&NotePath, &dyn Share)> =
            notes.iter().map(|n| &n.path).zip(shares.iter().map(|s| &**s)).collect();
        data[slot] = Some(report.combine(ctx, &Combined { data: &data }, &PartsOf { notes: &parts }));
    }
    let parts: Vec<R::Part> = notes.par_iter().zip(&facts).map(|(note, facts)| R::part(ctx, facts, note)).collect();
    if let Some(keep) = keep {
        *keep = parts
            .par_iter()
            .map(|part| {
                let mut bytes = Vec::new();
                R::put_part(part, &mut bytes);
                bytes
            })
            .collect();
    }
    let paths: Vec<&NotePath> = notes.iter().map(|n| &n.path).collect();
    R::combine_once(ctx, args, &Combined { data: &data }, &paths, parts)
}

/// The slots of the reports in `needs` and every report they need, in registry order.
fn needed_slots(needs: &[&str]) -> Vec<usize> {
    let mut wanted: BTreeSet<usize> = BTreeSet::new();
    let mut todo: Vec<&str> = needs.to_vec();
    while let Some(need) = todo.pop() {
        if let Some(slot) = slot_of(need) {
            if wanted.insert(slot) {
                todo.extend(REPORTS[slot].needs());
            }
        }
    }
    wanted.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_files_are_unique_and_needs_come_first() {
        let mut names = Vec::new();
        let mut files = Vec::new();
        for (slot, report) in REPORTS.iter().enumerate() {
            assert!(!names.contains(&report.name()), "two reports named {}", report.name());
            names.push(report.name());
            for need in report.needs() {
                let at = slot_of(need).unwrap_or_else(|| panic!("{} needs unknown report {need}", report.name()));
                assert!(at < slot, "{} needs {need}, which must come before it", report.name());
            }
            for need in report.json_needs() {
                assert!(report.needs().contains(need), "{}'s JSON needs {need}, which NEEDS lacks", report.name());
            }
            for file in report.file_names() {
                assert!(!files.contains(&file), "two reports write {file}");
                files.push(file);
            }
        }
    }
}
