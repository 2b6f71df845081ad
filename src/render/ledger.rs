//! The give-and-get ledger as text and markdown.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::{or_dash, wikilink};
use crate::report::ledger::LedgerRow;

pub fn text(out: &mut dyn Write, rows: &[LedgerRow], palette: &Palette) -> io::Result<()> {
    let owed = rows.iter().filter(|r| r.owe).count();
    writeln!(out, "{}", palette.heading(&format!("Give and get: {} people, you owe {owed}", rows.len())))?;
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let flag = if r.owe { "you owe" } else { "" };
            vec![
                Cell::styled(flag, palette.warn(flag)),
                Cell::new(&r.name),
                Cell::new(format!("gave {} (last {})", r.gave, or_dash(r.last_gave))),
                Cell::new(format!("got {} (last {})", r.got, or_dash(r.last_got))),
                Cell::new(format!("balance {:+}", r.balance)).right(),
            ]
        })
        .collect();
    table::write(out, "  ", &cells)
}

pub fn markdown(out: &mut dyn Write, rows: &[LedgerRow]) -> io::Result<()> {
    writeln!(out, "| Person | Gave | Last gave | Got | Last got | Balance | You owe |")?;
    writeln!(out, "|---|---:|---|---:|---|---:|---|")?;
    for r in rows {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:+} | {} |",
            wikilink(&r.path, &r.name, true),
            r.gave,
            or_dash(r.last_gave),
            r.got,
            or_dash(r.last_got),
            r.balance,
            if r.owe { "yes" } else { "" }
        )?;
    }
    Ok(())
}
