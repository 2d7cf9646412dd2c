//! Unit tests of the groups tab's helpers.

use super::card::{iso, named_group, parse_date};
use chrono::NaiveDate;

#[test]
fn a_division_refusal_names_the_other_group() {
    assert_eq!(
        named_group(
            "the student is already in «7А английский язык, 2 группа» of the same division then"
        ),
        Some("7А английский язык, 2 группа")
    );
    assert_eq!(named_group("no group named"), None);
    assert_eq!(named_group("«unfinished"), None);
}

#[test]
fn dates_are_iso_in_inputs() {
    let d = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    assert_eq!(iso(d), "2025-09-01");
    assert_eq!(parse_date("2025-09-01"), Some(d));
    assert_eq!(parse_date(""), None);
}
