//! Fuzz targets (issue 12) as proptest properties, on stable Rust: front
//! matter, Log parsing, wikilinks, `kith log` insertion, and the iCalendar and
//! vCard writers. Each asserts invariants a real bug would break, not only
//! "does not panic". Inputs come from grammars of what notes hold and from
//! mutations of a seed corpus (`tests/fuzz/corpus/`, `example-vault/`).
//!
//! `cargo test --test fuzz` runs each target for a few hundred cases.
//! `KITH_FUZZ_SECS=600 cargo test --release --locked --test fuzz` runs each
//! for that many seconds instead (two targets at a time with
//! `-- --test-threads=2`). A failure is shrunk, printed, and its seed saved
//! in `tests/fuzz/<target>.regressions`, replayed first by every later run.

mod cards;
mod corpus;
mod found;
mod front_matter;
mod insert;
mod links;
mod log;

use std::fmt::Debug;
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

/// Run `test` on values of `strategy`: `quick_cases` of them, or for
/// `KITH_FUZZ_SECS` seconds when that is set.
pub fn fuzz<S>(
    source_file: &'static str,
    quick_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Debug,
{
    let budget = std::env::var("KITH_FUZZ_SECS").ok().and_then(|s| s.parse::<u64>().ok());
    let config = |cases| Config {
        cases,
        source_file: Some(source_file),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        max_shrink_iters: 4_000,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let Some(secs) = budget else {
        let mut runner = TestRunner::new(config(quick_cases));
        if let Err(err) = runner.run(&strategy, &test) {
            panic!("{source_file}: {err}");
        }
        return;
    };
    let start = Instant::now();
    let mut cases = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        let round = 500;
        let mut runner = TestRunner::new(config(round));
        if let Err(err) = runner.run(&strategy, &test) {
            panic!("{source_file}: after {cases} cases in {:?}: {err}", start.elapsed());
        }
        cases += u64::from(round);
    }
    eprintln!("fuzz {source_file}: {cases} cases in {:.0?}, no failure", start.elapsed());
}

/// Lines of a file as editors number them (a last line without `\n` counts).
pub fn line_count(text: &str) -> u32 {
    u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX)
}
