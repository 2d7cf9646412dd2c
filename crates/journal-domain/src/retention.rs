//! How long the school keeps what it archives (R-P2, [s001 5.1; s002 1.5, 1.13; s003 3.4]): the
//! journals 5 years, the summary sheets of finals 25 years, counted from the end of the school year
//! the archive is of. A package holds both, so it is kept until the later of the two; before that
//! nothing may remove it.

use chrono::{Datelike, NaiveDate};

/// Years a class journal is kept.
pub const JOURNAL_YEARS: i32 = 5;
/// Years a summary sheet of finals is kept.
pub const SUMMARY_YEARS: i32 = 25;

/// The same day `years` later (29 February becomes 28 February).
fn years_after(day: NaiveDate, years: i32) -> NaiveDate {
    let year = day.year().saturating_add(years);
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
        .unwrap_or(NaiveDate::MAX)
}

/// Until when the journals of a school year ending on `year_ends_on` are kept.
pub fn journals_until(year_ends_on: NaiveDate) -> NaiveDate {
    years_after(year_ends_on, JOURNAL_YEARS)
}

/// Until when the summary sheets of that year are kept.
pub fn summary_until(year_ends_on: NaiveDate) -> NaiveDate {
    years_after(year_ends_on, SUMMARY_YEARS)
}

/// Whether a package kept until `kept_until` may be removed on `today` (the school's date): only
/// after that day.
pub fn may_remove(kept_until: NaiveDate, today: NaiveDate) -> bool {
    today > kept_until
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn journals_five_years_summary_sheets_twenty_five() {
        assert_eq!(journals_until(d(2026, 5, 31)), d(2031, 5, 31));
        assert_eq!(summary_until(d(2026, 5, 31)), d(2051, 5, 31));
        // A year ending on 29 February (a leap day) is kept to 28 February.
        assert_eq!(journals_until(d(2028, 2, 29)), d(2033, 2, 28));
    }

    #[test]
    fn nothing_is_removed_on_or_before_its_last_day() {
        let until = d(2051, 5, 31);
        assert!(!may_remove(until, d(2031, 6, 1)));
        assert!(!may_remove(until, until));
        assert!(may_remove(until, d(2051, 6, 1)));
    }
}
