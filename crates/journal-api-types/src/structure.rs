//! School years, calendars, bells, rooms, subjects, classes and teaching assignments (R-B2–R-B4).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

/// A reporting period of a grade range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PeriodInput {
    /// The stored period's id in answers (the journal's pages are per period); ignored in requests:
    /// a period of the same kind, number and grades keeps its id when the calendar is replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// `quarter`, `trimester` or `half`.
    #[validate(custom(function = "validate_period_kind"))]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(?:quarter|trimester|half)$"))]
    pub kind: String,
    #[validate(range(min = 1, max = 4))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 4))]
    pub number: u8,
    #[validate(range(min = 1, max = 11))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 11))]
    pub grade_from: u8,
    #[validate(range(min = 1, max = 11))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 11))]
    pub grade_to: u8,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

fn validate_period_kind(kind: &str) -> Result<(), ValidationError> {
    match kind {
        "quarter" | "trimester" | "half" => Ok(()),
        _ => Err(ValidationError::new("period_kind")),
    }
}

/// Holidays or a day off, for all grades unless limited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HolidayInput {
    /// E.g. «Осенние каникулы».
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    #[serde(default = "first_grade")]
    #[validate(range(min = 1, max = 11))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 11))]
    pub grade_from: u8,
    #[serde(default = "last_grade")]
    #[validate(range(min = 1, max = 11))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 11))]
    pub grade_to: u8,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

fn first_grade() -> u8 {
    1
}

fn last_grade() -> u8 {
    11
}

/// The periods and holidays of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarInput {
    #[validate(length(min = 1, max = 40), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 40))]
    pub periods: Vec<PeriodInput>,
    #[serde(default)]
    #[validate(length(max = 60), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 60))]
    pub holidays: Vec<HolidayInput>,
}

/// `POST /api/v1/years`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateYearRequest {
    /// E.g. `2025/2026`.
    #[validate(length(min = 1, max = 20))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20))]
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[validate(nested)]
    pub calendar: CalendarInput,
}

/// A school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolYear {
    pub id: Uuid,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// `open`, or `archived` (read-only) after the rollover.
    pub status: String,
}

/// A school year with its calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearDetail {
    pub year: SchoolYear,
    pub periods: Vec<PeriodInput>,
    pub holidays: Vec<HolidayInput>,
}

/// A class moved up at the rollover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Promotion {
    /// «5А» of the old year.
    pub from: String,
    /// «6А» of the new year.
    pub to: String,
}

/// `POST /api/v1/years/{id}/rollover`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RolloverResult {
    /// The new year.
    pub year: YearDetail,
    pub promoted: Vec<Promotion>,
    /// Classes of the last grade, graduated.
    pub graduated: Vec<String>,
    pub students_carried: u32,
    /// Groups carried to the promoted classes with their current members.
    #[serde(default)]
    pub groups_carried: u32,
}

/// One bell: lesson number → start and end, `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BellInput {
    #[validate(range(min = 0, max = 12))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 12))]
    pub lesson_number: u8,
    #[validate(custom(function = "validate_clock"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")
    )]
    pub starts_at: String,
    #[validate(custom(function = "validate_clock"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")
    )]
    pub ends_at: String,
}

/// `HH:MM`, 00:00–23:59.
pub fn validate_clock(t: &str) -> Result<(), ValidationError> {
    // Digits only: `u8::from_str` would also take "+8:30".
    let b = t.as_bytes();
    let ok = b.len() == 5
        && b[2] == b':'
        && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
        && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && t[3..].parse::<u8>().is_ok_and(|m| m < 60);
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("clock_time"))
    }
}

/// `POST /api/v1/bell-schedules`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BellScheduleInput {
    /// E.g. «Основное расписание звонков».
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    #[validate(length(min = 1, max = 13), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 13))]
    pub bells: Vec<BellInput>,
}

/// A bell schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BellSchedule {
    pub id: Uuid,
    pub name: String,
    pub bells: Vec<BellInput>,
}

/// `POST /api/v1/rooms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomInput {
    /// E.g. «Каб. 12» or «Спортзал».
    #[validate(length(min = 1, max = 50))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub name: String,
    #[serde(default)]
    #[validate(range(min = 1, max = 2000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 2000))]
    pub capacity: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Room {
    pub id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i32>,
}

/// `POST /api/v1/subjects`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubjectInput {
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// Short name for the timetable grid, e.g. «Алг.».
    #[validate(length(min = 1, max = 20))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20))]
    pub short_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subject {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
}

/// `POST /api/v1/classes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClassInput {
    pub year_id: Uuid,
    #[validate(range(min = 1, max = 11))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 11))]
    pub grade: u8,
    /// One Cyrillic capital letter, e.g. `А`.
    #[validate(length(min = 1, max = 2), custom(function = "validate_letter"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2, pattern = r"^[А-ЯЁ]*$")
    )]
    pub letter: String,
    #[serde(default)]
    pub class_teacher_id: Option<Uuid>,
    /// 5 or 6 (R-B2).
    #[validate(range(min = 5, max = 6))]
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 6))]
    pub week_days: u8,
    #[serde(default)]
    pub bell_schedule_id: Option<Uuid>,
}

fn validate_letter(letter: &str) -> Result<(), ValidationError> {
    if letter.chars().all(|c| ('А'..='Я').contains(&c) || c == 'Ё') {
        Ok(())
    } else {
        Err(ValidationError::new("class_letter"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Class {
    pub id: Uuid,
    /// «7А».
    pub name: String,
    pub grade: u8,
    pub letter: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_teacher_id: Option<Uuid>,
    pub week_days: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bell_schedule_id: Option<Uuid>,
}

/// `GET /api/v1/classes` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ClassFilter {
    #[serde(default)]
    pub year_id: Option<Uuid>,
}

/// `POST /api/v1/assignments`: who teaches what to whom (R-B4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentInput {
    pub teacher_id: Uuid,
    pub subject_id: Uuid,
    /// The class; with `group_id`, one of the group's classes (the assignment records the group's
    /// first class).
    pub class_id: Uuid,
    #[validate(range(min = 1, max = 12))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 12))]
    pub hours_per_week: u8,
    /// A group of the class's year (subgroup, stream, individual plan) taught instead of the whole
    /// class (R-B3).
    #[serde(default)]
    pub group_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub id: Uuid,
    pub year_id: Uuid,
    pub teacher_id: Uuid,
    pub teacher_name: String,
    pub subject_id: Uuid,
    pub subject_name: String,
    pub class_id: Uuid,
    pub class_name: String,
    pub hours_per_week: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

/// `GET /api/v1/assignments` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AssignmentFilter {
    #[serde(default)]
    pub class_id: Option<Uuid>,
    #[serde(default)]
    pub teacher_id: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert!(validate_clock("08:30").is_ok());
        assert!(validate_clock("23:59").is_ok());
        for bad in ["+8:30", "08:+5", "8:30", "24:00", "08:60", "08-30", "ab:cd"] {
            assert!(validate_clock(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn class_letters_are_cyrillic_capitals() {
        assert!(validate_letter("А").is_ok());
        assert!(validate_letter("Ё").is_ok());
        assert!(validate_letter("A").is_err(), "Latin A");
        assert!(validate_letter("а").is_err());
    }
}
