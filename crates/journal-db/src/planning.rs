//! Control works (R-T3) and lesson plans (R-T4).

use crate::schema::{control_works, lesson_records, plan_topics, schools, timetable_entries};
use crate::{batch_insert, DbConnection};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = control_works)]
pub struct ControlWork {
    pub id: String,
    pub school_id: String,
    pub class_id: String,
    pub subject_id: String,
    pub work_date: NaiveDate,
    pub title: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

/// The school's cap of control works per class per day.
pub fn control_work_limit(conn: &mut DbConnection, school: SchoolId) -> QueryResult<i32> {
    schools::table
        .find(school.to_string())
        .select(schools::max_control_works_per_day)
        .first(conn)
}

pub fn insert_control_work(conn: &mut DbConnection, w: &ControlWork) -> QueryResult<()> {
    diesel::insert_into(control_works::table)
        .values(w)
        .execute(conn)
        .map(drop)
}

/// One control work of the school.
pub fn control_work(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<ControlWork>> {
    control_works::table
        .filter(control_works::school_id.eq(school.to_string()))
        .filter(control_works::id.eq(id))
        .select(ControlWork::as_select())
        .first(conn)
        .optional()
}

/// Withdraw a planned control work.
pub fn delete_control_work(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(control_works::table.find(id))
        .execute(conn)
        .map(drop)
}

/// Control works of a class between two dates, by date.
pub fn control_works(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<ControlWork>> {
    control_works::table
        .filter(control_works::school_id.eq(school.to_string()))
        .filter(control_works::class_id.eq(class))
        .filter(control_works::work_date.between(from, to))
        .order((
            control_works::work_date.asc(),
            control_works::created_at.asc(),
        ))
        .select(ControlWork::as_select())
        .load(conn)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = plan_topics)]
pub struct PlanTopic {
    pub id: String,
    pub school_id: String,
    pub assignment_id: String,
    pub position: i32,
    pub title: String,
    pub hours: i32,
}

/// Replace an assignment's lesson plan.
pub fn replace_plan(
    conn: &mut DbConnection,
    assignment: &str,
    topics: &[PlanTopic],
) -> QueryResult<()> {
    diesel::delete(plan_topics::table.filter(plan_topics::assignment_id.eq(assignment)))
        .execute(conn)?;
    for chunk in topics.chunks(100) {
        batch_insert!(conn, plan_topics::table, chunk)?;
    }
    Ok(())
}

pub fn plan(conn: &mut DbConnection, assignment: &str) -> QueryResult<Vec<PlanTopic>> {
    plan_topics::table
        .filter(plan_topics::assignment_id.eq(assignment))
        .order(plan_topics::position.asc())
        .select(PlanTopic::as_select())
        .load(conn)
}

/// Lessons of an assignment marked as held (the "fact" of plan versus fact).
pub fn lessons_held(conn: &mut DbConnection, assignment: &str) -> QueryResult<i64> {
    lesson_records::table
        .inner_join(timetable_entries::table.on(timetable_entries::id.eq(lesson_records::entry_id)))
        .filter(timetable_entries::assignment_id.eq(assignment))
        .filter(lesson_records::conducted.eq(true))
        .count()
        .get_result(conn)
}
