//! What the diary needs beyond the journal: guardians' acknowledgements (R-D2), personal-data
//! consents (R-D5) and the relations of a caller to a student (R-A2, R-A3).

use crate::schema::{
    acknowledgements, guardian_consents, guardians, student_guardians, students,
    teaching_assignments,
};
use crate::DbConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::diary::Consent;
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = acknowledgements)]
pub struct AcknowledgementRow {
    pub id: String,
    pub school_id: String,
    pub student_id: String,
    pub guardian_id: String,
    /// `week` or `period`.
    pub kind: String,
    pub span_start: NaiveDate,
    pub span_end: NaiveDate,
    pub period_id: Option<String>,
    pub acknowledged_at: NaiveDateTime,
}

/// The guardian's acknowledgement of this span, if any.
pub fn acknowledgement(
    conn: &mut DbConnection,
    school: SchoolId,
    student: &str,
    guardian: &str,
    kind: &str,
    span_start: NaiveDate,
) -> QueryResult<Option<AcknowledgementRow>> {
    acknowledgements::table
        .filter(acknowledgements::school_id.eq(school.to_string()))
        .filter(acknowledgements::student_id.eq(student))
        .filter(acknowledgements::guardian_id.eq(guardian))
        .filter(acknowledgements::kind.eq(kind))
        .filter(acknowledgements::span_start.eq(span_start))
        .select(AcknowledgementRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_acknowledgement(
    conn: &mut DbConnection,
    row: &AcknowledgementRow,
) -> QueryResult<()> {
    diesel::insert_into(acknowledgements::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Acknowledgements of `students` for spans starting between two dates.
pub fn acknowledgements_of(
    conn: &mut DbConnection,
    school: SchoolId,
    students: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<AcknowledgementRow>> {
    acknowledgements::table
        .filter(acknowledgements::school_id.eq(school.to_string()))
        .filter(acknowledgements::student_id.eq_any(students))
        .filter(acknowledgements::span_start.between(from, to))
        .order(acknowledgements::acknowledged_at.asc())
        .select(AcknowledgementRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = guardian_consents)]
pub struct ConsentRow {
    pub id: String,
    pub school_id: String,
    pub guardian_id: String,
    /// `given` or `refused`.
    pub decision: String,
    pub decided_on: NaiveDate,
    /// The document's reference (number and date of the signed form).
    pub document: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_consent(conn: &mut DbConnection, row: &ConsentRow) -> QueryResult<()> {
    diesel::insert_into(guardian_consents::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// A guardian's consents and refusals, oldest first.
pub fn consents_of(
    conn: &mut DbConnection,
    school: SchoolId,
    guardian: &str,
) -> QueryResult<Vec<ConsentRow>> {
    guardian_consents::table
        .filter(guardian_consents::school_id.eq(school.to_string()))
        .filter(guardian_consents::guardian_id.eq(guardian))
        .order((
            guardian_consents::recorded_at.asc(),
            guardian_consents::id.asc(),
        ))
        .select(ConsentRow::as_select())
        .load(conn)
}

/// The decision in force: the newest one registered.
pub fn consent_of(
    conn: &mut DbConnection,
    school: SchoolId,
    guardian: &str,
) -> QueryResult<Consent> {
    let rows = consents_of(conn, school, guardian)?;
    Ok(Consent::parse(rows.last().map(|r| r.decision.as_str())))
}

/// The decision in force of each of these guardians (one query; guardians with nothing registered
/// are absent).
pub fn consents_in_force(
    conn: &mut DbConnection,
    school: SchoolId,
    guardians: &[String],
) -> QueryResult<std::collections::HashMap<String, Consent>> {
    let mut out = std::collections::HashMap::new();
    for chunk in guardians.chunks(500) {
        let rows: Vec<(String, String)> = guardian_consents::table
            .filter(guardian_consents::school_id.eq(school.to_string()))
            .filter(guardian_consents::guardian_id.eq_any(chunk))
            .order((
                guardian_consents::recorded_at.asc(),
                guardian_consents::id.asc(),
            ))
            .select((guardian_consents::guardian_id, guardian_consents::decision))
            .load(conn)?;
        // Oldest first: the last one written for a guardian is in force.
        for (g, d) in rows {
            out.insert(g, Consent::parse(Some(&d)));
        }
    }
    Ok(out)
}

/// The guardian records of a user account in a school (one person may be registered once per
/// school; several rows only if the office created duplicates).
pub fn guardian_ids_of_user(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
) -> QueryResult<Vec<String>> {
    guardians::table
        .filter(guardians::school_id.eq(school.to_string()))
        .filter(guardians::user_id.eq(user))
        .select(guardians::id)
        .load(conn)
}

/// The students linked to the guardian records of a user account, with the guardian record that
/// links each.
pub fn children_of_user(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
) -> QueryResult<Vec<(String, String)>> {
    let ids = guardian_ids_of_user(conn, school, user)?;
    student_guardians::table
        .filter(student_guardians::school_id.eq(school.to_string()))
        .filter(student_guardians::guardian_id.eq_any(ids))
        .select((
            student_guardians::student_id,
            student_guardians::guardian_id,
        ))
        .load(conn)
}

/// The student record of a student's own account.
pub fn student_of_user(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
) -> QueryResult<Option<String>> {
    students::table
        .filter(students::school_id.eq(school.to_string()))
        .filter(students::user_id.eq(user))
        .select(students::id)
        .first(conn)
        .optional()
}

/// Whether `teacher` has a teaching assignment this year for `class` or one of `groups`.
pub fn teaches(
    conn: &mut DbConnection,
    school: SchoolId,
    teacher: &str,
    class: &str,
    groups: &[String],
) -> QueryResult<bool> {
    let n: i64 = teaching_assignments::table
        .filter(teaching_assignments::school_id.eq(school.to_string()))
        .filter(teaching_assignments::teacher_id.eq(teacher))
        .filter(
            teaching_assignments::class_id
                .eq(class)
                .or(teaching_assignments::group_id.eq_any(groups)),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Link a guardian record to the user account just made for it.
pub fn set_guardian_user(conn: &mut DbConnection, guardian: &str, user: &str) -> QueryResult<()> {
    diesel::update(guardians::table.find(guardian))
        .set(guardians::user_id.eq(Some(user)))
        .execute(conn)
        .map(drop)
}

/// Link a student record to their own account.
pub fn set_student_user(conn: &mut DbConnection, student: &str, user: &str) -> QueryResult<()> {
    diesel::update(students::table.find(student))
        .set(students::user_id.eq(Some(user)))
        .execute(conn)
        .map(drop)
}

/// The students now in a class, in no particular order.
pub fn active_students_of_class(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &str,
) -> QueryResult<Vec<crate::people::StudentRecord>> {
    students::table
        .filter(students::school_id.eq(school.to_string()))
        .filter(students::class_id.eq(class))
        .filter(students::status.eq("active"))
        .select(crate::people::StudentRecord::as_select())
        .load(conn)
}
