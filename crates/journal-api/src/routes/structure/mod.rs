//! School years and calendars, bell schedules, rooms, subjects, classes and teaching assignments
//! (R-B2–R-B4). Set up by the admin, deputy and director; read by staff.

mod assignments;
mod bells;
mod classes;
mod rooms;
mod subjects;
mod year_rollover;
mod years;

pub use assignments::{
    __path_create_assignment, __path_list_assignments, create_assignment, list_assignments,
};
pub use bells::{
    __path_create_bell_schedule, __path_list_bell_schedules, create_bell_schedule,
    list_bell_schedules,
};
pub use classes::{__path_create_class, __path_list_classes, create_class, list_classes};
pub use rooms::{__path_create_room, __path_list_rooms, create_room, list_rooms};
pub use subjects::{__path_create_subject, __path_list_subjects, create_subject, list_subjects};
pub use year_rollover::{__path_rollover, rollover};
pub use years::{
    __path_create_year, __path_get_year, __path_list_years, __path_replace_calendar, create_year,
    get_year, list_years, replace_calendar,
};

use crate::error::ApiError;
use crate::services::uuid_of;
use actix_web::http::StatusCode;
use journal_api_types::structure::{
    CalendarInput, HolidayInput, PeriodInput, SchoolYear, YearDetail,
};
use journal_api_types::ErrorCode;
use journal_api_types::FieldError;
use journal_db::structure::{self as db, YearWithCalendar};
use journal_db::{users, DbConnection};
use journal_domain::calendar::{Calendar, CalendarProblem};
use journal_domain::{Role, SchoolId, UserId};
use uuid::Uuid;

fn calendar_problem(problems: Vec<CalendarProblem>) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::CalendarInvalid,
        "the calendar of the year does not hold together",
    );
    e.errors = problems
        .iter()
        .map(|p| FieldError {
            field: match p {
                CalendarProblem::YearDates => "starts_on".into(),
                CalendarProblem::PeriodInvalid { index }
                | CalendarProblem::PeriodOutsideYear { index }
                | CalendarProblem::PeriodsOverlap { second: index, .. } => {
                    format!("calendar.periods[{index}]")
                }
                CalendarProblem::PeriodNumbering { .. } => "calendar.periods".into(),
                CalendarProblem::HolidayInvalid { index }
                | CalendarProblem::HolidayOutsideYear { index }
                | CalendarProblem::HolidaysOverlap { second: index, .. }
                | CalendarProblem::HolidayOnPeriodEdge { holiday: index, .. } => {
                    format!("calendar.holidays[{index}]")
                }
            },
            code: p.code().into(),
            message: Some(p.to_string()),
        })
        .collect();
    e
}

/// A new open year of the school (R-B2): created, or made by the rollover.
fn new_year(
    school: SchoolId,
    name: &str,
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
) -> db::SchoolYear {
    db::SchoolYear {
        id: Uuid::new_v4().to_string(),
        school_id: school.to_string(),
        name: name.trim().to_owned(),
        starts_on,
        ends_on,
        status: "open".into(),
        created_at: journal_db::now(),
    }
}

/// `409 year_exists` when one of the school's `years` already has the new year's name.
fn ensure_year_name_free(years: &[db::SchoolYear], name: &str) -> Result<(), ApiError> {
    if years.iter().any(|y| y.name == name) {
        return Err(ApiError::conflict(
            ErrorCode::YearExists,
            format!("the year {name} exists"),
        ));
    }
    Ok(())
}

/// The stored form of a year and its calendar; checked by the calendar rules (R-B2).
fn year_rows(
    school: SchoolId,
    year: db::SchoolYear,
    input: &CalendarInput,
) -> Result<YearWithCalendar, ApiError> {
    let s = school.to_string();
    let y = YearWithCalendar {
        periods: input
            .periods
            .iter()
            .map(|p| db::PeriodRow {
                id: Uuid::new_v4().to_string(),
                school_id: s.clone(),
                year_id: year.id.clone(),
                kind: p.kind.clone(),
                number: i32::from(p.number),
                grade_from: i32::from(p.grade_from),
                grade_to: i32::from(p.grade_to),
                starts_on: p.starts_on,
                ends_on: p.ends_on,
            })
            .collect(),
        holidays: input
            .holidays
            .iter()
            .map(|h| db::HolidayRow {
                id: Uuid::new_v4().to_string(),
                school_id: s.clone(),
                year_id: year.id.clone(),
                name: h.name.trim().to_owned(),
                grade_from: i32::from(h.grade_from),
                grade_to: i32::from(h.grade_to),
                starts_on: h.starts_on,
                ends_on: h.ends_on,
            })
            .collect(),
        year,
    };
    let calendar: Calendar = y.calendar();
    calendar.check().map_err(calendar_problem)?;
    Ok(y)
}

fn year_view(y: &db::SchoolYear) -> Result<SchoolYear, ApiError> {
    Ok(SchoolYear {
        id: uuid_of(&y.id)?,
        name: y.name.clone(),
        starts_on: y.starts_on,
        ends_on: y.ends_on,
        status: y.status.clone(),
    })
}

fn year_detail(y: &YearWithCalendar) -> Result<YearDetail, ApiError> {
    let small = |n: i32| n.clamp(0, 255) as u8;
    Ok(YearDetail {
        year: year_view(&y.year)?,
        periods: y
            .periods
            .iter()
            .map(|p| {
                Ok(PeriodInput {
                    id: Some(uuid_of(&p.id)?),
                    kind: p.kind.clone(),
                    number: small(p.number),
                    grade_from: small(p.grade_from),
                    grade_to: small(p.grade_to),
                    starts_on: p.starts_on,
                    ends_on: p.ends_on,
                })
            })
            .collect::<Result<_, ApiError>>()?,
        holidays: y
            .holidays
            .iter()
            .map(|h| HolidayInput {
                name: h.name.clone(),
                grade_from: small(h.grade_from),
                grade_to: small(h.grade_to),
                starts_on: h.starts_on,
                ends_on: h.ends_on,
            })
            .collect(),
    })
}

/// Whether `user` holds `role` in the school: the check behind every person id in a request body.
fn holds(
    conn: &mut DbConnection,
    school: SchoolId,
    user: Uuid,
    role: Role,
) -> Result<bool, ApiError> {
    Ok(users::roles_in(conn, UserId(user), school)?.contains(&role))
}
