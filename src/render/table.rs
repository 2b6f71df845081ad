//! Column-aligned plain-text tables, measured in display width so names in
//! any script line up.

use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// A cell: the text to measure and the (possibly coloured) text to print.
pub struct Cell {
    plain: String,
    shown: String,
    right: bool,
}

impl Cell {
    pub fn new(plain: impl Into<String>) -> Self {
        let plain = plain.into();
        Cell { shown: plain.clone(), plain, right: false }
    }
    pub fn styled(plain: impl Into<String>, shown: String) -> Self {
        Cell { plain: plain.into(), shown, right: false }
    }
    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }
}

/// Print rows with two-space gutters, indented by `indent`. The last column is not padded.
pub fn write(out: &mut dyn Write, indent: &str, rows: &[Vec<Cell>]) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|cell| cell.plain.width()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::from(indent);
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(cell.plain.width()));
            let last = c + 1 == row.len();
            if c > 0 {
                line.push_str("  ");
            }
            if cell.right {
                line.push_str(&pad);
                line.push_str(&cell.shown);
            } else {
                line.push_str(&cell.shown);
                if !last {
                    line.push_str(&pad);
                }
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
