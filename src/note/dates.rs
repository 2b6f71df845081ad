//! Calendar values of the vault format: ISO dates and cadences.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime};
use serde::{Serialize, Serializer};
use std::fmt;

/// Why a piece of text is not a usable date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not shaped like `YYYY-MM-DD` at all.
    NotADate,
    /// Shaped like a date, but no such day exists (2026-02-30, 2026-13-01).
    Impossible,
}

impl DateError {
    pub fn describe(&self, text: &str) -> String {
        match self {
            DateError::NotADate => format!("\"{text}\" is not a date (expected YYYY-MM-DD)"),
            DateError::Impossible => format!("\"{text}\" is not a real calendar day"),
        }
    }
}

/// Read `YYYY-MM-DD` at the start of `text`. Returns the date and the number of
/// bytes consumed, `None` when the text does not start with a date shape at all.
/// Month and day may be written with one digit, as YAML timestamps allow.
pub fn date_prefix(text: &str) -> Option<(Result<NaiveDate, DateError>, usize)> {
    let b = text.as_bytes();
    let digits = |from: usize, min: usize, max: usize| -> Option<usize> {
        let n = b[from.min(b.len())..].iter().take(max).take_while(|c| c.is_ascii_digit()).count();
        (n >= min).then_some(n)
    };
    let y = digits(0, 4, 4)?;
    if b.get(y) != Some(&b'-') {
        return None;
    }
    let m = digits(y + 1, 1, 2)?;
    if b.get(y + 1 + m) != Some(&b'-') {
        return None;
    }
    let d = digits(y + m + 2, 1, 2)?;
    let end = y + m + 2 + d;
    if b.get(end).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let year = num(&text[..y])? as i32;
    let month = num(&text[y + 1..y + 1 + m])?;
    let day = num(&text[y + m + 2..end])?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::Impossible);
    Some((date, end))
}

/// Parse a whole front-matter date value: `2026-09-01`, optionally followed by a
/// time (`2026-09-01T10:00`, `2026-09-01 10:00:00Z`), which is ignored.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    match date_prefix(text) {
        Some((date, end)) => {
            let rest = &text[end..];
            if rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ') {
                date
            } else {
                Err(DateError::NotADate)
            }
        }
        None => Err(DateError::NotADate),
    }
}

/// Read `HH:MM` at the start of `text` (after the date of a log entry).
pub fn time_prefix(text: &str) -> Option<(Option<NaiveTime>, usize)> {
    let b = text.as_bytes();
    let two = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit) && b.get(i + 1).is_some_and(u8::is_ascii_digit);
    if !(two(0) && b.get(2) == Some(&b':') && two(3)) || b.get(5).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let hour = text[..2].parse().ok()?;
    let minute = text[3..5].parse().ok()?;
    Some((NaiveTime::from_hms_opt(hour, minute, 0), 5))
}

/// How often to be in touch with someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Days(u32),
    Weeks(u32),
    /// Calendar months: 2026-01-31 + 1m = 2026-02-28.
    Months(u32),
    Years(u32),
}

impl Cadence {
    /// Parse `Nd`, `Nw`, `Nm`, `Ny` or a bare number of days. Units are
    /// case-insensitive and may be separated by a space; N must be positive.
    pub fn parse(text: &str) -> Result<Cadence, String> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let unit = unit.trim().to_ascii_lowercase();
        let bad = || {
            let written = match text.to_ascii_lowercase().as_str() {
                "daily" => "; for daily write 1d",
                "weekly" => "; for weekly write 1w",
                "fortnightly" | "biweekly" => "; for every two weeks write 2w",
                "monthly" => "; for monthly write 1m",
                "quarterly" => "; for quarterly write 3m",
                "yearly" | "annually" | "annual" => "; for yearly write 1y",
                _ => "",
            };
            format!(
                "cadence \"{text}\" is not a cadence (expected a number of days or Nd, Nw, Nm, Ny, e.g. 6w){written}"
            )
        };
        let n: u32 = number.parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(format!("cadence \"{text}\" must be at least one day"));
        }
        if n > 100_000 {
            return Err(format!("cadence \"{text}\" is longer than a lifetime"));
        }
        match unit.as_str() {
            "" | "d" | "day" | "days" => Ok(Cadence::Days(n)),
            "w" | "week" | "weeks" => Ok(Cadence::Weeks(n)),
            "m" | "month" | "months" => Ok(Cadence::Months(n)),
            "y" | "year" | "years" => Ok(Cadence::Years(n)),
            _ => Err(bad()),
        }
    }

    /// `date` plus this cadence; `None` only past the end of the calendar.
    pub fn add_to(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Cadence::Days(n) => date.checked_add_days(Days::new(n.into())),
            Cadence::Weeks(n) => date.checked_add_days(Days::new(u64::from(n) * 7)),
            Cadence::Months(n) => date.checked_add_months(Months::new(n)),
            Cadence::Years(n) => date.checked_add_months(Months::new(n.checked_mul(12)?)),
        }
    }
}

impl Cadence {
    /// About how many days the cadence spans (months as 30 days, years as 365):
    /// for rules that multiply it, like "silent for three cadences".
    pub fn approx_days(self) -> u32 {
        match self {
            Cadence::Days(n) => n,
            Cadence::Weeks(n) => n.saturating_mul(7),
            Cadence::Months(n) => n.saturating_mul(30),
            Cadence::Years(n) => n.saturating_mul(365),
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cadence::Days(n) => write!(f, "{n}d"),
            Cadence::Weeks(n) => write!(f, "{n}w"),
            Cadence::Months(n) => write!(f, "{n}m"),
            Cadence::Years(n) => write!(f, "{n}y"),
        }
    }
}

impl Serialize for Cadence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A yearly date: a birthday (`1990-04-12`, or `--04-12` without the year) or
/// an anniversary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnnualDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl AnnualDate {
    pub fn parse(text: &str) -> Result<AnnualDate, DateError> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("--") {
            let (month, day) = rest.split_once('-').ok_or(DateError::NotADate)?;
            let num = |s: &str| {
                (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| s.parse::<u32>().ok())
                    .flatten()
            };
            let (month, day) = (num(month).ok_or(DateError::NotADate)?, num(day).ok_or(DateError::NotADate)?);
            // Any leap year checks the day exists (Feb 29 included).
            NaiveDate::from_ymd_opt(2000, month, day).ok_or(DateError::Impossible)?;
            return Ok(AnnualDate { year: None, month, day });
        }
        let date = parse_date(text)?;
        Ok(AnnualDate { year: Some(date.year()), month: date.month(), day: date.day() })
    }

    /// This date in `year`; Feb 29 falls on Feb 28 in common years.
    pub fn in_year(&self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
    }

    /// The next occurrence on or after `from`.
    pub fn next_on_or_after(&self, from: NaiveDate) -> Option<NaiveDate> {
        let this_year = self.in_year(from.year())?;
        if this_year >= from {
            Some(this_year)
        } else {
            self.in_year(from.year() + 1)
        }
    }

    /// How many years it will be on `date` (an age, or years since), when the year is known.
    pub fn years_on(&self, date: NaiveDate) -> Option<i32> {
        self.year.map(|y| date.year() - y).filter(|&n| n > 0)
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// A `YYYY-MM-DD` command-line value.
pub fn parse_day_arg(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| format!("\"{text}\" is not a date like 2026-11-23"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_plain_and_timestamped_dates() {
        assert_eq!(parse_date("2026-09-01"), Ok(d("2026-09-01")));
        assert_eq!(parse_date(" 2026-9-1 "), Ok(d("2026-09-01")));
        assert_eq!(parse_date("2026-09-01T10:00:00Z"), Ok(d("2026-09-01")));
        assert_eq!(parse_date("2026-09-01 10:00"), Ok(d("2026-09-01")));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert_eq!(parse_date("2026-02-30"), Err(DateError::Impossible));
        assert_eq!(parse_date("2026-13-01"), Err(DateError::Impossible));
        assert_eq!(parse_date("2025-02-29"), Err(DateError::Impossible));
        assert_eq!(parse_date("2024-02-29"), Ok(d("2024-02-29")));
        assert_eq!(parse_date("next week"), Err(DateError::NotADate));
        assert_eq!(parse_date("2026-09-011"), Err(DateError::NotADate));
        assert_eq!(parse_date("01/09/2026"), Err(DateError::NotADate));
        assert_eq!(parse_date("2026-09-01x"), Err(DateError::NotADate));
    }

    #[test]
    fn date_prefix_needs_a_digit_boundary() {
        assert!(date_prefix("2026-10-03 Coffee").is_some());
        assert!(date_prefix("2026-10-031 Coffee").is_none());
        assert!(date_prefix("20261003").is_none());
        assert_eq!(date_prefix("2026-10-03: x").map(|(_, n)| n), Some(10));
    }

    #[test]
    fn time_prefix_reads_hours_and_minutes() {
        assert_eq!(time_prefix("14:30 call").map(|(t, n)| (t.is_some(), n)), Some((true, 5)));
        assert_eq!(time_prefix("25:99 x").map(|(t, _)| t.is_some()), Some(false));
        assert!(time_prefix("1430").is_none());
        assert!(time_prefix("14:301").is_none());
    }

    #[test]
    fn annual_dates_and_leap_days() {
        let b = AnnualDate::parse("--02-29").unwrap();
        assert_eq!(b.year, None);
        assert_eq!(b.next_on_or_after(d("2026-11-23")), Some(d("2027-02-28")));
        assert_eq!(b.next_on_or_after(d("2027-11-23")), Some(d("2028-02-29")));
        let b = AnnualDate::parse("1990-04-12").unwrap();
        assert_eq!(b.next_on_or_after(d("2026-04-12")), Some(d("2026-04-12")));
        assert_eq!(b.next_on_or_after(d("2026-04-13")), Some(d("2027-04-12")));
        assert_eq!(b.years_on(d("2026-04-12")), Some(36));
        assert_eq!(AnnualDate::parse("--02-30"), Err(DateError::Impossible));
        assert_eq!(AnnualDate::parse("--4-x"), Err(DateError::NotADate));
        assert_eq!(AnnualDate::parse("April 12"), Err(DateError::NotADate));
    }

    #[test]
    fn cadence_units() {
        assert_eq!(Cadence::parse("6w"), Ok(Cadence::Weeks(6)));
        assert_eq!(Cadence::parse("45"), Ok(Cadence::Days(45)));
        assert_eq!(Cadence::parse("3 M"), Ok(Cadence::Months(3)));
        assert_eq!(Cadence::parse("1y"), Ok(Cadence::Years(1)));
        assert_eq!(Cadence::parse("10 days"), Ok(Cadence::Days(10)));
        assert!(Cadence::parse("0d").is_err());
        assert!(Cadence::parse("often").is_err());
        assert!(Cadence::parse("-3d").is_err());
        assert!(Cadence::parse("1.5w").is_err());
        // A word for a period is still no cadence, but the error says what to write.
        let monthly = Cadence::parse("Monthly").unwrap_err();
        assert!(monthly.ends_with("; for monthly write 1m"), "{monthly}");
        assert!(Cadence::parse("fortnightly").unwrap_err().ends_with("write 2w"));
        assert!(!Cadence::parse("often").unwrap_err().contains("write"));
        assert!(Cadence::parse("").is_err());
    }

    #[test]
    fn cadence_month_ends_clamp() {
        assert_eq!(Cadence::Months(1).add_to(d("2026-01-31")), Some(d("2026-02-28")));
        assert_eq!(Cadence::Months(1).add_to(d("2028-01-31")), Some(d("2028-02-29")));
        assert_eq!(Cadence::Months(3).add_to(d("2026-11-30")), Some(d("2027-02-28")));
        assert_eq!(Cadence::Years(1).add_to(d("2028-02-29")), Some(d("2029-02-28")));
        assert_eq!(Cadence::Weeks(2).add_to(d("2026-12-25")), Some(d("2027-01-08")));
        assert_eq!(Cadence::Days(30).add_to(d("2026-02-15")), Some(d("2026-03-17")));
    }
}
