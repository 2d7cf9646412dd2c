//! The school roster the foundation needs: subjects, staff positions, classes with their class
//! teachers, students and guardians with their links (R-B3, R-B5). The structure issue grows these.

use crate::schema::{
    classes, guardians, school_years, staff, student_guardians, students, subjects,
};
use crate::{batch_insert, DbConnection};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use journal_domain::collate::ru_key;
use journal_domain::{SchoolId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = subjects)]
pub struct Subject {
    pub id: String,
    pub school_id: String,
    pub name: String,
    pub short_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff)]
pub struct StaffPosition {
    pub school_id: String,
    pub user_id: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = classes)]
pub struct Class {
    pub id: String,
    pub school_id: String,
    pub grade: i32,
    pub letter: String,
    pub class_teacher_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub year_id: Option<String>,
    /// 5 or 6 (R-B2).
    pub week_days: i32,
    pub bell_schedule_id: Option<String>,
}

impl Class {
    /// "7А".
    pub fn name(&self) -> String {
        format!("{}{}", self.grade, self.letter)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = students)]
pub struct Student {
    pub id: String,
    pub school_id: String,
    pub class_id: Option<String>,
    pub user_id: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = guardians)]
pub struct Guardian {
    pub id: String,
    pub school_id: String,
    pub user_id: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = student_guardians)]
pub struct GuardianLink {
    pub school_id: String,
    pub student_id: String,
    pub guardian_id: String,
    /// `mother`, `father` or `guardian`.
    pub relation: String,
}

pub fn insert_subjects(conn: &mut DbConnection, rows: &[Subject]) -> QueryResult<usize> {
    batch_insert!(conn, subjects::table, rows)
}

pub fn insert_staff(conn: &mut DbConnection, rows: &[StaffPosition]) -> QueryResult<usize> {
    batch_insert!(conn, staff::table, rows)
}

pub fn insert_classes(conn: &mut DbConnection, rows: &[Class]) -> QueryResult<usize> {
    batch_insert!(conn, classes::table, rows)
}

/// Insert students in chunks (SQLite limits the number of bound parameters per statement).
pub fn insert_students(conn: &mut DbConnection, rows: &[Student]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(100) {
        n += batch_insert!(conn, students::table, chunk)?;
    }
    Ok(n)
}

pub fn insert_guardians(conn: &mut DbConnection, rows: &[Guardian]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(100) {
        n += batch_insert!(conn, guardians::table, chunk)?;
    }
    Ok(n)
}

pub fn insert_links(conn: &mut DbConnection, rows: &[GuardianLink]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(200) {
        n += batch_insert!(conn, student_guardians::table, chunk)?;
    }
    Ok(n)
}

/// Names of the classes a teacher leads in a school ("7А"), in grade order: classes of open years
/// (an archived year's classes have moved on, R-B7).
pub fn led_classes(
    conn: &mut DbConnection,
    school: SchoolId,
    teacher: UserId,
) -> QueryResult<Vec<String>> {
    Ok(led_class_rows(conn, school, teacher)?
        .iter()
        .map(Class::name)
        .collect())
}

/// The classes a teacher leads in a school, as [`led_classes`] names them.
pub fn led_class_rows(
    conn: &mut DbConnection,
    school: SchoolId,
    teacher: UserId,
) -> QueryResult<Vec<Class>> {
    let archived = archived_year_ids(conn, school)?;
    let mut rows: Vec<Class> = classes::table
        .filter(classes::school_id.eq(school.to_string()))
        .filter(classes::class_teacher_id.eq(teacher.to_string()))
        .select(Class::as_select())
        .load(conn)?;
    rows.retain(|c| c.year_id.as_ref().is_none_or(|y| !archived.contains(y)));
    rows.sort_by_key(|c| (c.grade, ru_key(&c.letter)));
    Ok(rows)
}

/// Counts of the roster of a school: (classes, students, guardians).
pub fn counts(conn: &mut DbConnection, school: SchoolId) -> QueryResult<(i64, i64, i64)> {
    let s = school.to_string();
    let c = classes::table
        .filter(classes::school_id.eq(&s))
        .select(count_star())
        .first(conn)?;
    let st = students::table
        .filter(students::school_id.eq(&s))
        .select(count_star())
        .first(conn)?;
    let g = guardians::table
        .filter(guardians::school_id.eq(&s))
        .select(count_star())
        .first(conn)?;
    Ok((c, st, g))
}

/// Ids of the school's archived (read-only) years.
pub fn archived_year_ids(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<String>> {
    school_years::table
        .filter(school_years::school_id.eq(school.to_string()))
        .filter(school_years::status.eq("archived"))
        .select(school_years::id)
        .load(conn)
}
