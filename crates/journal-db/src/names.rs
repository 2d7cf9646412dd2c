//! What a view names, by id, in one query per kind: the classes, subjects, rooms, groups,
//! teaching assignments and bells that a page of lessons shows. A read loads only the rows it
//! shows, never a school's whole lists (issue 10: a request costs what its answer holds).

use crate::roster::Class;
use crate::schema::{bells, classes, groups, rooms, subjects, teaching_assignments, users};
use crate::structure::{Assignment, Bell};
use crate::DbConnection;
use diesel::prelude::*;
use journal_domain::SchoolId;

/// The school's classes of these ids.
pub fn classes(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<Class>> {
    classes::table
        .filter(classes::school_id.eq(school.to_string()))
        .filter(classes::id.eq_any(ids))
        .select(Class::as_select())
        .load(conn)
}

/// (id, name) of the school's subjects of these ids.
pub fn subjects(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    subjects::table
        .filter(subjects::school_id.eq(school.to_string()))
        .filter(subjects::id.eq_any(ids))
        .select((subjects::id, subjects::name))
        .load(conn)
}

/// (id, name) of the school's rooms of these ids.
pub fn rooms(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    rooms::table
        .filter(rooms::school_id.eq(school.to_string()))
        .filter(rooms::id.eq_any(ids))
        .select((rooms::id, rooms::name))
        .load(conn)
}

/// (id, name) of the school's groups of these ids.
pub fn groups(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    groups::table
        .filter(groups::school_id.eq(school.to_string()))
        .filter(groups::id.eq_any(ids))
        .select((groups::id, groups::name))
        .load(conn)
}

/// The school's teaching assignments of these ids.
pub fn assignments(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<Assignment>> {
    teaching_assignments::table
        .filter(teaching_assignments::school_id.eq(school.to_string()))
        .filter(teaching_assignments::id.eq_any(ids))
        .select(Assignment::as_select())
        .load(conn)
}

/// The bells of these bell schedules of the school.
pub fn bells(
    conn: &mut DbConnection,
    school: SchoolId,
    schedules: &[String],
) -> QueryResult<Vec<Bell>> {
    bells::table
        .filter(bells::school_id.eq(school.to_string()))
        .filter(bells::schedule_id.eq_any(schedules))
        .select(Bell::as_select())
        .load(conn)
}

/// An account's (id, login, last name, first name, middle name).
pub type AccountName = (String, String, String, String, Option<String>);

/// The names of the accounts of these ids, in one query.
pub fn accounts(conn: &mut DbConnection, ids: &[&String]) -> QueryResult<Vec<AccountName>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((
            users::id,
            users::login,
            users::last_name,
            users::first_name,
            users::middle_name,
        ))
        .load(conn)
}

/// (id, «Фамилия Имя») of the school's students of these ids.
pub fn students(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    let rows: Vec<(String, String, String)> = crate::schema::students::table
        .filter(crate::schema::students::school_id.eq(school.to_string()))
        .filter(crate::schema::students::id.eq_any(ids))
        .select((
            crate::schema::students::id,
            crate::schema::students::last_name,
            crate::schema::students::first_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, last, first)| (id, format!("{last} {first}")))
        .collect())
}
