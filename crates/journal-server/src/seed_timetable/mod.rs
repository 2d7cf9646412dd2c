//! The demo school's year: the calendar of the current school year (quarters for 1–9, halves for
//! 10–11, the usual holidays), bells, rooms, teaching assignments by a typical curriculum, a full
//! weekly timetable without clashes, and a few substitutions this week (R-B2–R-B4, R-T1, R-T2).

mod curriculum;
mod plan;
mod substitutions;
mod year;

pub(crate) use curriculum::{curriculum, PRIMARY_OWN, SPLIT};
pub use curriculum::{week_days, STREAM_SUBJECT};
pub use plan::{plan, Plan, Staffing};
pub use year::{bells, current_year};

use curriculum::{demo_plan, pool};
use substitutions::substitutions;

use crate::seed::Ids;
use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use journal_db::roster::{Class, Student, Subject};
use journal_db::structure::YearWithCalendar;
use journal_db::users::User;
use journal_db::DbConnection;
use journal_domain::SchoolId;

/// What the timetable part of the demo created.
pub struct Filled {
    pub assignments: usize,
    pub groups: usize,
    pub entries: usize,
    pub unplaced: usize,
    pub changes: usize,
}

/// Rooms, assignments, the weekly timetable and this week's substitutions.
#[allow(clippy::too_many_arguments)]
pub fn fill(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &YearWithCalendar,
    classes: &[Class],
    students: &[Student],
    staff: &[User],
    subjects: &[Subject],
    family: &[String],
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<Filled> {
    let id_of = |login: &str| {
        staff
            .iter()
            .find(|u| u.login == login)
            .map(|u| u.id.clone())
    };
    let pool_ids =
        |subject: &str| -> Vec<String> { pool(subject).iter().filter_map(|l| id_of(l)).collect() };
    let room_name = |i: usize, u: &User| match u.login.as_str() {
        "kuzmin.pe" => "Спортзал".to_owned(),
        "osipov.ag" => "Малый спортзал".to_owned(),
        "frolova.ai" => "Актовый зал".to_owned(),
        _ => format!("Каб. {}", 101 + i),
    };
    let staffing = Staffing {
        pool: &pool_ids,
        room_name: &room_name,
        individual_plan_class: Some("8А"),
        lesson_plan: &demo_plan,
    };
    let ids = Ids::random();
    let plan = plan(
        &ids, school, year, classes, students, staff, subjects, &staffing, at,
    );
    plan.insert(conn)?;
    let changes = substitutions(
        conn,
        school,
        year,
        &plan.entries,
        classes,
        &plan.busy,
        staff,
        family,
        today,
        at,
    )?;
    Ok(Filled {
        assignments: plan.assignments.len(),
        groups: plan.groups.len(),
        entries: plan.entries.len(),
        unplaced: plan.unplaced,
        changes,
    })
}
