//! Unit tests of the calendar rows and the suggested new year.

use super::calendar::{calendar_message, calendar_of, place_of, HolidayRow, PeriodRow, Place};
use super::editor::suggested_year;
use crate::i18n::Lang;
use crate::services::week::{school_year_start, today};
use chrono::Datelike;
use journal_api_types::FieldError;

#[test]
fn problems_are_placed_by_row() {
    assert_eq!(place_of("calendar.periods[1]"), Place::Period(1));
    assert_eq!(place_of("periods[0].number"), Place::Period(0));
    assert_eq!(place_of("calendar.holidays[12]"), Place::Holiday(12));
    assert_eq!(place_of("calendar.periods"), Place::Periods);
    assert_eq!(place_of("starts_on"), Place::Year);
    assert_eq!(place_of("name"), Place::Year);
}

#[test]
fn calendar_problems_are_translated() {
    let e = FieldError {
        field: "calendar.periods[1]".into(),
        code: "periods_overlap".into(),
        message: Some("periods 0 and 1 overlap for the same grades".into()),
    };
    assert!(calendar_message(Lang::Ru, &e).contains("пересекается"));
    let unknown = FieldError {
        field: "calendar.periods[1]".into(),
        code: "something_new".into(),
        message: Some("as the server says".into()),
    };
    assert_eq!(calendar_message(Lang::Ru, &unknown), "as the server says");
}

#[test]
fn rows_become_a_calendar_or_name_the_incomplete_ones() {
    let period = PeriodRow {
        kind: "quarter".into(),
        number: "1".into(),
        grade_from: "1".into(),
        grade_to: "11".into(),
        starts_on: "2025-09-01".into(),
        ends_on: "2025-10-24".into(),
    };
    let holiday = HolidayRow {
        name: " Осенние каникулы ".into(),
        grade_from: "1".into(),
        grade_to: "11".into(),
        starts_on: "2025-10-25".into(),
        ends_on: "2025-11-04".into(),
    };
    let calendar = calendar_of(std::slice::from_ref(&period), &[holiday]).unwrap();
    assert_eq!(calendar.periods.len(), 1);
    assert_eq!(calendar.holidays[0].name, "Осенние каникулы");
    let blank = PeriodRow {
        ends_on: String::new(),
        ..period.clone()
    };
    let errors = calendar_of(&[period, blank], &[]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(place_of(&errors[0].field), Place::Period(1));
}

#[test]
fn a_new_year_follows_the_known_ones() {
    let (name, start, end) = suggested_year(&[]);
    assert_eq!(start, school_year_start(today()));
    assert_eq!(end.month(), 8);
    assert_eq!(name, format!("{}/{}", start.year(), start.year() + 1));
    let (next, next_start, _) = suggested_year(&[name]);
    assert_eq!(next_start.year(), start.year() + 1);
    assert_ne!(next, "");
}
