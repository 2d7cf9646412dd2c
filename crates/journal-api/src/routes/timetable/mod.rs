//! The weekly timetable, dated lessons, changes to single lessons and the substitution report
//! (R-T1, R-T2, R-R8). The deputy and director form the timetable; a lesson is written by its
//! teacher, or by the substitute when it is covered.

mod changes;
mod entries;
mod lessons;

pub use changes::{
    __path_busy_teachers, __path_change_lesson, __path_substitution_report, __path_withdraw_change,
    busy_teachers, change_lesson, substitution_report, withdraw_change,
};
pub use entries::{
    __path_create_entry, __path_end_entry, __path_list_entries, create_entry, end_entry,
    list_entries,
};
pub use lessons::{
    __path_get_lesson, __path_list_lessons, __path_write_lesson, get_lesson, list_lessons,
    write_lesson,
};

use crate::error::ApiError;
use actix_web::http::StatusCode;
use journal_api_types::ErrorCode;

fn unprocessable(code: ErrorCode, detail: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail)
}
