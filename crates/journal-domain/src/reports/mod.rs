//! The arithmetic of the control reports (R-R1, R-R3, R-R4, R-R9) and the deadlines they check
//! (R-J5). The server's report endpoints and the SPA both count with this module, so a figure reads
//! the same in the JSON, the XLSX, the CSV and on the screen.
//!
//! Nothing here reads a clock or a database: a handler gathers the facts (the finals in force, the
//! marks, the lessons, the absences, the school's local time of each entry) and asks here. The
//! counting rules — who is in a denominator and why — are written beside each figure and, for the
//! people who read the reports, in `docs/reports.md`.

pub mod achievement;
pub mod attendance;
pub mod deadlines;
pub mod filling;

/// `part` of `whole` in per cent, to one decimal (66.666… → 66.7); `None` when there is nothing
/// to divide by, so an empty class reads «—» rather than 0 %.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}

/// A value rounded to two decimals, as averages are shown.
pub fn two_decimals(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_cent_is_rounded_to_one_decimal_and_empty_is_none() {
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(0, 5), Some(0.0));
        assert_eq!(percent(5, 5), Some(100.0));
        assert_eq!(percent(0, 0), None);
        assert_eq!(two_decimals(3.666_666), 3.67);
    }
}
