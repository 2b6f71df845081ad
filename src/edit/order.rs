//! Where a new log entry goes so the Log keeps the date order it already
//! uses (the order most neighbouring entries keep): oldest-first logs get it
//! after the entries of its day or earlier, newest-first logs before them.

use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::note::dates::date_prefix;

/// One top-level entry of a Log section: where its line starts, the marker
/// before its date (`- `, `* `, `### `), and its date.
struct Entry<'a> {
    line_start: usize,
    marker: &'a str,
    date: NaiveDate,
}

/// Where to insert an entry dated `date` in `section` (the text between the
/// Log heading and the section's end): the offset of the line it goes before
/// (`None`: after the last entry), and the marker its neighbour uses.
pub(super) fn insert_point(section: &str, date: NaiveDate) -> (Option<usize>, Option<&str>) {
    let entries = entries(section);
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else { return (None, None) };
    // The order most neighbours keep: one back-filled entry at the end of an
    // oldest-first log does not make it newest-first.
    let (mut up, mut down) = (0usize, 0usize);
    for pair in entries.windows(2) {
        match pair[0].date.cmp(&pair[1].date) {
            std::cmp::Ordering::Less => up += 1,
            std::cmp::Ordering::Greater => down += 1,
            std::cmp::Ordering::Equal => {}
        }
    }
    let newest_first = if up == down { first.date > last.date } else { down > up };
    let before =
        if newest_first { entries.iter().find(|e| e.date <= date) } else { entries.iter().find(|e| e.date > date) };
    match before {
        Some(entry) => (Some(entry.line_start), Some(entry.marker)),
        None => (None, Some(last.marker)),
    }
}

fn entries(section: &str) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new(section).into_offset_iter() {
        let start = match event {
            Event::Start(Tag::List(_)) => {
                depth += 1;
                continue;
            }
            Event::End(TagEnd::List(_)) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Item) if depth == 1 => range.start,
            Event::Start(Tag::Heading { .. }) if depth == 0 => range.start,
            _ => continue,
        };
        let line_start = section[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = section[line_start..].split('\n').next().unwrap_or("");
        let text = line.trim_start_matches([' ', '\t', '>']);
        let after_marker = text
            .strip_prefix(['-', '*', '+'])
            .or_else(|| text.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix(['.', ')']))
            .or_else(|| text.starts_with('#').then(|| text.trim_start_matches('#')))
            .unwrap_or(text);
        let after_marker = after_marker.trim_start();
        let after_box = after_marker.strip_prefix("[ ] ").or_else(|| after_marker.strip_prefix("[x] "));
        let dated = after_box.unwrap_or(after_marker);
        if let Some((Ok(date), _)) = date_prefix(dated) {
            let marker = &line[..line.len() - dated.len()];
            entries.push(Entry { line_start, marker, date });
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::super::add_log_entry;

    #[test]
    fn back_dated_entries_keep_the_logs_order() {
        let oldest_first = "## Log\n- 2026-01-01 one\n- 2026-03-01 three\n  - detail\n- 2026-05-01 five\n";
        assert_eq!(
            add_log_entry(oldest_first, "2026-03-01 new"),
            "## Log\n- 2026-01-01 one\n- 2026-03-01 three\n  - detail\n- 2026-03-01 new\n- 2026-05-01 five\n"
        );
        assert_eq!(
            add_log_entry(oldest_first, "2025-12-01 new"),
            "## Log\n- 2025-12-01 new\n- 2026-01-01 one\n- 2026-03-01 three\n  - detail\n- 2026-05-01 five\n"
        );
        let newest_first = "## Log\r\n* 2026-05-01 five\r\n* 2026-01-01 one\r\n\r\n## Next\r\n";
        assert_eq!(
            add_log_entry(newest_first, "2026-03-01 new"),
            "## Log\r\n* 2026-05-01 five\r\n* 2026-03-01 new\r\n* 2026-01-01 one\r\n\r\n## Next\r\n"
        );
        assert_eq!(
            add_log_entry(newest_first, "2026-06-01 new"),
            "## Log\r\n* 2026-06-01 new\r\n* 2026-05-01 five\r\n* 2026-01-01 one\r\n\r\n## Next\r\n"
        );
        assert_eq!(
            add_log_entry(newest_first, "2025-01-01 new"),
            "## Log\r\n* 2026-05-01 five\r\n* 2026-01-01 one\r\n* 2025-01-01 new\r\n\r\n## Next\r\n"
        );
    }

    #[test]
    fn one_back_filled_entry_at_the_end_keeps_an_oldest_first_log_oldest_first() {
        let text = "## Log\n- 2026-06-01 a\n- 2026-07-01 b\n- 2026-08-01 c\n- 2026-05-15 back-filled later\n";
        assert_eq!(add_log_entry(text, "2026-11-23 new"), format!("{text}- 2026-11-23 new\n"));
        assert_eq!(
            add_log_entry(text, "2026-07-15 new"),
            "## Log\n- 2026-06-01 a\n- 2026-07-01 b\n- 2026-07-15 new\n- 2026-08-01 c\n- 2026-05-15 back-filled later\n"
        );
        // And the other way round: one old entry left on top of a newest-first log.
        let text = "## Log\n- 2025-01-01 old\n- 2026-08-01 c\n- 2026-07-01 b\n- 2026-06-01 a\n";
        assert_eq!(
            add_log_entry(text, "2026-11-23 new"),
            "## Log\n- 2026-11-23 new\n- 2025-01-01 old\n- 2026-08-01 c\n- 2026-07-01 b\n- 2026-06-01 a\n"
        );
    }

    #[test]
    fn heading_entries_and_a_today_entry_at_the_end() {
        let text = "# Log\n\n### 2026-01-01 Lunch\nDetails.\n\n### 2026-05-01 Call\n";
        assert_eq!(
            add_log_entry(text, "2026-02-01 Coffee"),
            "# Log\n\n### 2026-01-01 Lunch\nDetails.\n\n### 2026-02-01 Coffee\n### 2026-05-01 Call\n"
        );
        let text = "## Log\n- 2026-01-01 one\n- 2026-05-01 five\n";
        assert_eq!(add_log_entry(text, "2026-11-23 today"), format!("{text}- 2026-11-23 today\n"));
    }
}
