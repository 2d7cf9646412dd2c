//! Set-based reads of the control reports (R-R1, R-R3, R-R4, R-R9): each a few queries whatever the
//! school's size — never one per student, lesson or page — filtered by school and day through the
//! indexes of `2026-12-05-120000_report_facts`. The counting is `journal_domain::reports`.

use crate::groups::MemberRow;
use crate::journal::FinalRow;
use crate::roster::Student;
use crate::schema::{
    attendance, attendance_checks, audit_log, finals, group_members, marks, student_movements,
    students,
};
use crate::DbConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use journal_domain::calendar::Span;
use journal_domain::SchoolId;
use std::collections::BTreeSet;

/// A student's movement as the roster replays it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct MoveRow {
    pub student_id: String,
    pub on_date: NaiveDate,
    pub from_class_id: Option<String>,
    pub to_class_id: Option<String>,
}

/// The students who were ever in some classes, with every movement of theirs in date order: what
/// `journal_domain::people::class_on` needs to say who was where on a day.
#[derive(Debug, Default)]
pub struct Rosters {
    pub students: Vec<Student>,
    pub moves: Vec<MoveRow>,
}

impl Rosters {
    /// The movements of one student, in date order.
    pub fn moves_of<'a>(&'a self, student: &'a str) -> impl Iterator<Item = &'a MoveRow> + 'a {
        self.moves.iter().filter(move |m| m.student_id == student)
    }
}

/// The students of `classes` now, and those who moved into or out of them at any time, with all
/// their movements: four queries.
pub fn rosters(
    conn: &mut DbConnection,
    school: SchoolId,
    classes: &[String],
) -> QueryResult<Rosters> {
    if classes.is_empty() {
        return Ok(Rosters::default());
    }
    let school = school.to_string();
    let mut ids: BTreeSet<String> = student_movements::table
        .filter(student_movements::school_id.eq(&school))
        .filter(student_movements::from_class_id.eq_any(classes))
        .select(student_movements::student_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    ids.extend(
        student_movements::table
            .filter(student_movements::school_id.eq(&school))
            .filter(student_movements::to_class_id.eq_any(classes))
            .select(student_movements::student_id)
            .load::<String>(conn)?,
    );
    let mut list: Vec<Student> = students::table
        .filter(students::school_id.eq(&school))
        .filter(students::class_id.eq_any(classes))
        .select(Student::as_select())
        .load(conn)?;
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !list.iter().any(|s| &&s.id == id))
        .collect();
    if !missing.is_empty() {
        list.extend(
            students::table
                .filter(students::school_id.eq(&school))
                .filter(students::id.eq_any(missing))
                .select(Student::as_select())
                .load::<Student>(conn)?,
        );
    }
    let moves = if ids.is_empty() {
        Vec::new()
    } else {
        student_movements::table
            .filter(student_movements::school_id.eq(&school))
            .filter(student_movements::student_id.eq_any(&ids))
            .order((
                student_movements::on_date.asc(),
                student_movements::created_at.asc(),
            ))
            .select((
                student_movements::student_id,
                student_movements::on_date,
                student_movements::from_class_id,
                student_movements::to_class_id,
            ))
            .load(conn)?
    };
    Ok(Rosters {
        students: list,
        moves,
    })
}

/// The memberships of `groups` (every tenure; the caller picks the day).
pub fn memberships(
    conn: &mut DbConnection,
    school: SchoolId,
    groups: &[String],
) -> QueryResult<Vec<MemberRow>> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    group_members::table
        .filter(group_members::school_id.eq(school.to_string()))
        .filter(group_members::group_id.eq_any(groups))
        .select(MemberRow::as_select())
        .load(conn)
}

/// The lessons of the span at which attendance was taken: (entry, date).
pub fn attendance_checks_in(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
) -> QueryResult<Vec<(String, NaiveDate)>> {
    attendance_checks::table
        .filter(attendance_checks::school_id.eq(school.to_string()))
        .filter(attendance_checks::lesson_date.between(range.starts_on, range.ends_on))
        .select((attendance_checks::entry_id, attendance_checks::lesson_date))
        .load(conn)
}

/// A mark as the reports count it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct MarkFact {
    pub entry_id: String,
    pub lesson_date: NaiveDate,
    pub student_id: String,
    pub work_type: String,
    pub value: String,
    pub entered_at: NaiveDateTime,
}

/// The marks of the school's lessons in the span (of the listed weekly entries only, when a
/// report is narrowed to a few pages).
pub fn marks_in(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
    entries: Option<&[String]>,
) -> QueryResult<Vec<MarkFact>> {
    let mut q = marks::table
        .filter(marks::school_id.eq(school.to_string()))
        .filter(marks::lesson_date.between(range.starts_on, range.ends_on))
        .into_boxed();
    if let Some(e) = entries {
        q = q.filter(marks::entry_id.eq_any(e.to_vec()));
    }
    q.select((
        marks::entry_id,
        marks::lesson_date,
        marks::student_id,
        marks::work_type,
        marks::value,
        marks::entered_at,
    ))
    .load(conn)
}

/// An absence or lateness as the reports count it: (entry, date, student, status, reason).
pub type AttendanceFact = (String, NaiveDate, String, String, Option<String>);

/// The absences and lateness of the school's lessons in the span (of the listed entries only,
/// when narrowed).
pub fn attendance_in(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
    entries: Option<&[String]>,
) -> QueryResult<Vec<AttendanceFact>> {
    let mut q = attendance::table
        .filter(attendance::school_id.eq(school.to_string()))
        .filter(attendance::lesson_date.between(range.starts_on, range.ends_on))
        .into_boxed();
    if let Some(e) = entries {
        q = q.filter(attendance::entry_id.eq_any(e.to_vec()));
    }
    q.select((
        attendance::entry_id,
        attendance::lesson_date,
        attendance::student_id,
        attendance::status,
        attendance::reason,
    ))
    .load(conn)
}

/// Each of `actors`' last journal entry (a mark, attendance, a lesson's record, a final), from the
/// audit log: one grouped query.
pub fn last_journal_entries(
    conn: &mut DbConnection,
    school: SchoolId,
    actors: &[String],
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    if actors.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<String>, Option<NaiveDateTime>)> = audit_log::table
        .filter(audit_log::chain.eq(school.to_string()))
        .filter(audit_log::actor_id.eq_any(actors))
        .filter(audit_log::action.like("journal.%"))
        .group_by(audit_log::actor_id)
        .select((audit_log::actor_id, max(audit_log::at)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(a, at)| Some((a?, at?)))
        .collect())
}

/// Every final of `kind` of the school's year (of `period` for period finals), in the order they
/// were set: the handler takes the one in force per student and subject.
pub fn finals_of(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &str,
    kind: &str,
    period: Option<&str>,
) -> QueryResult<Vec<FinalRow>> {
    let mut q = finals::table
        .filter(finals::school_id.eq(school.to_string()))
        .filter(finals::year_id.eq(year))
        .filter(finals::kind.eq(kind))
        .into_boxed();
    if let Some(p) = period {
        q = q.filter(finals::period_id.eq(p));
    }
    q.order((finals::created_at.asc(), finals::id.asc()))
        .select(FinalRow::as_select())
        .load(conn)
}

/// The failing marks (2 and 1) of `students` in the span: (entry, lesson date, student), for the
/// topics they failed.
pub fn failing_marks(
    conn: &mut DbConnection,
    school: SchoolId,
    students: &[String],
    range: Span,
) -> QueryResult<Vec<(String, NaiveDate, String)>> {
    if students.is_empty() {
        return Ok(Vec::new());
    }
    marks::table
        .filter(marks::school_id.eq(school.to_string()))
        .filter(marks::student_id.eq_any(students))
        .filter(marks::lesson_date.between(range.starts_on, range.ends_on))
        .filter(marks::value.eq_any(["1", "2"]))
        .order((marks::lesson_date.asc(), marks::entry_id.asc()))
        .select((marks::entry_id, marks::lesson_date, marks::student_id))
        .load(conn)
}

/// The school's students of these ids (members of a group from other classes).
pub fn students_by_ids(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<Student>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    students::table
        .filter(students::school_id.eq(school.to_string()))
        .filter(students::id.eq_any(ids))
        .select(Student::as_select())
        .load(conn)
}

/// The guardians of these students: (student, guardian, the guardian's account if any).
pub fn guardians_of(
    conn: &mut DbConnection,
    school: SchoolId,
    students: &[String],
) -> QueryResult<Vec<(String, String, Option<String>)>> {
    use crate::schema::{guardians, student_guardians};
    if students.is_empty() {
        return Ok(Vec::new());
    }
    student_guardians::table
        .inner_join(guardians::table.on(guardians::id.eq(student_guardians::guardian_id)))
        .filter(student_guardians::school_id.eq(school.to_string()))
        .filter(student_guardians::student_id.eq_any(students))
        .select((
            student_guardians::student_id,
            student_guardians::guardian_id,
            guardians::user_id,
        ))
        .load(conn)
}

/// Which of these accounts signed in to the school between `from` and `until` (UTC, `until`
/// excluded), from the audit log's sign-ins.
pub fn signed_in(
    conn: &mut DbConnection,
    school: SchoolId,
    users: &[String],
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<BTreeSet<String>> {
    if users.is_empty() {
        return Ok(BTreeSet::new());
    }
    let rows: Vec<Option<String>> = audit_log::table
        .filter(audit_log::chain.eq(school.to_string()))
        .filter(audit_log::at.ge(from))
        .filter(audit_log::at.lt(until))
        .filter(audit_log::action.eq("auth.login"))
        .filter(audit_log::actor_id.eq_any(users))
        .select(audit_log::actor_id)
        .distinct()
        .load(conn)?;
    Ok(rows.into_iter().flatten().collect())
}

/// The guardians who acknowledged a week or a period of these students between `from` and
/// `until` (UTC, `until` excluded), R-D2.
pub fn acknowledging(
    conn: &mut DbConnection,
    school: SchoolId,
    students: &[String],
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<BTreeSet<String>> {
    use crate::schema::acknowledgements;
    if students.is_empty() {
        return Ok(BTreeSet::new());
    }
    Ok(acknowledgements::table
        .filter(acknowledgements::school_id.eq(school.to_string()))
        .filter(acknowledgements::student_id.eq_any(students))
        .filter(acknowledgements::acknowledged_at.ge(from))
        .filter(acknowledgements::acknowledged_at.lt(until))
        .select(acknowledgements::guardian_id)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// The school's scheduled control works in the span (of one class, when given), by date.
pub fn control_works_in(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
    class: Option<&str>,
) -> QueryResult<Vec<crate::planning::ControlWork>> {
    use crate::schema::control_works;
    let mut q = control_works::table
        .filter(control_works::school_id.eq(school.to_string()))
        .filter(control_works::work_date.between(range.starts_on, range.ends_on))
        .into_boxed();
    if let Some(c) = class {
        q = q.filter(control_works::class_id.eq(c.to_owned()));
    }
    q.order((
        control_works::work_date.asc(),
        control_works::created_at.asc(),
    ))
    .select(crate::planning::ControlWork::as_select())
    .load(conn)
}

/// The marks of `work_type` given in the span: (entry, lesson date, student, value).
pub fn marks_of_work_type(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
    work_type: &str,
) -> QueryResult<Vec<(String, NaiveDate, String, String)>> {
    marks::table
        .filter(marks::school_id.eq(school.to_string()))
        .filter(marks::lesson_date.between(range.starts_on, range.ends_on))
        .filter(marks::work_type.eq(work_type))
        .select((
            marks::entry_id,
            marks::lesson_date,
            marks::student_id,
            marks::value,
        ))
        .load(conn)
}

/// The teaching assignments of these classes (any year).
pub fn assignments_of_classes(
    conn: &mut DbConnection,
    school: SchoolId,
    classes: &[String],
) -> QueryResult<Vec<crate::structure::Assignment>> {
    use crate::schema::teaching_assignments;
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    teaching_assignments::table
        .filter(teaching_assignments::school_id.eq(school.to_string()))
        .filter(teaching_assignments::class_id.eq_any(classes))
        .select(crate::structure::Assignment::as_select())
        .load(conn)
}

/// The lesson plan (КТП) hours of each of these pages.
pub fn plan_hours(
    conn: &mut DbConnection,
    assignments: &[String],
) -> QueryResult<std::collections::HashMap<String, i64>> {
    use crate::schema::plan_topics;
    let mut out = std::collections::HashMap::new();
    if assignments.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(String, i32)> = plan_topics::table
        .filter(plan_topics::assignment_id.eq_any(assignments))
        .select((plan_topics::assignment_id, plan_topics::hours))
        .load(conn)?;
    for (a, h) in rows {
        *out.entry(a).or_insert(0) += i64::from(h);
    }
    Ok(out)
}

/// A movement as the movement report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct MovementFact {
    pub student_id: String,
    pub on_date: NaiveDate,
    pub from_class_id: Option<String>,
    pub to_class_id: Option<String>,
    pub reason: Option<String>,
    pub order_ref: Option<String>,
}

/// The school's movements dated in the span, in date order.
pub fn movements_in(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
) -> QueryResult<Vec<MovementFact>> {
    student_movements::table
        .filter(student_movements::school_id.eq(school.to_string()))
        .filter(student_movements::on_date.between(range.starts_on, range.ends_on))
        .order((
            student_movements::on_date.asc(),
            student_movements::created_at.asc(),
        ))
        .select((
            student_movements::student_id,
            student_movements::on_date,
            student_movements::from_class_id,
            student_movements::to_class_id,
            student_movements::reason,
            student_movements::order_ref,
        ))
        .load(conn)
}

/// The students with a failing mark (2 or 1) in the span, on the listed weekly entries when given.
pub fn failing_students(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
    entries: Option<&[String]>,
) -> QueryResult<Vec<String>> {
    let mut q = marks::table
        .filter(marks::school_id.eq(school.to_string()))
        .filter(marks::lesson_date.between(range.starts_on, range.ends_on))
        .filter(marks::value.eq_any(["1", "2"]))
        .into_boxed();
    if let Some(e) = entries {
        q = q.filter(marks::entry_id.eq_any(e.to_vec()));
    }
    q.select(marks::student_id).distinct().load(conn)
}

/// How many lessons of the school were substituted, cancelled or moved on `day`.
pub fn changes_on(conn: &mut DbConnection, school: SchoolId, day: NaiveDate) -> QueryResult<i64> {
    use crate::schema::lesson_changes;
    lesson_changes::table
        .filter(lesson_changes::school_id.eq(school.to_string()))
        .filter(lesson_changes::lesson_date.eq(day))
        .count()
        .get_result(conn)
}

/// Guardians of the school with an account, and how many of them acknowledged the week that
/// starts on `monday` (R-D2).
pub fn week_acknowledgements(
    conn: &mut DbConnection,
    school: SchoolId,
    monday: NaiveDate,
) -> QueryResult<(i64, i64)> {
    use crate::schema::{acknowledgements, guardians};
    let with_accounts = guardians::table
        .filter(guardians::school_id.eq(school.to_string()))
        .filter(guardians::user_id.is_not_null())
        .count()
        .get_result(conn)?;
    let acknowledged: Vec<String> = acknowledgements::table
        .filter(acknowledgements::school_id.eq(school.to_string()))
        .filter(acknowledgements::kind.eq("week"))
        .filter(acknowledgements::span_start.eq(monday))
        .select(acknowledgements::guardian_id)
        .distinct()
        .load(conn)?;
    Ok((
        with_accounts,
        i64::try_from(acknowledged.len()).unwrap_or(i64::MAX),
    ))
}

/// The school's remarks not yet confirmed (on `teacher`'s pages only, when given): their state
/// and due date.
pub fn open_remarks(
    conn: &mut DbConnection,
    school: SchoolId,
    teacher: Option<&str>,
) -> QueryResult<Vec<(String, NaiveDate)>> {
    use crate::schema::{journal_remarks, teaching_assignments};
    let mut q = journal_remarks::table
        .inner_join(
            teaching_assignments::table
                .on(teaching_assignments::id.eq(journal_remarks::assignment_id)),
        )
        .filter(journal_remarks::school_id.eq(school.to_string()))
        .filter(journal_remarks::status.ne("confirmed"))
        .into_boxed();
    if let Some(t) = teacher {
        q = q.filter(teaching_assignments::teacher_id.eq(t.to_owned()));
    }
    q.select((journal_remarks::status, journal_remarks::due_on))
        .load(conn)
}
