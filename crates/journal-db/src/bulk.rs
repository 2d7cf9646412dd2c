//! Loading many generated rows at once (`journal seed-region`, the demo school): multi-row
//! `INSERT`s in chunks that stay under the backend's limit of bound values, and on PostgreSQL
//! `COPY … FROM STDIN` (binary) for anything bigger than one statement. Rows are the usual row
//! types; the caller holds the transaction.
//!
//! Rows go in as tuples of `column.eq(value)`, not through the row types' `Insertable`: those treat
//! `None` as `DEFAULT`, which makes diesel insert SQLite batches row by row and which `COPY`
//! cannot express.

pub use crate::audit::insert_audit_rows;
use crate::curriculum::CurriculumLine;
use crate::diary::ConsentRow;
use crate::groups::{GroupClass, GroupRow, MemberRow};
use crate::journal::{AttendanceCheck, AttendanceRow, FinalRow, LockRow, MarkRow};
use crate::roster::{Class, Guardian, GuardianLink, StaffPosition, Student, Subject};
use crate::schema::{
    attendance, attendance_checks, classes, curriculum_lines, finals, group_classes, group_members,
    groups, guardian_consents, guardians, lesson_changes, lesson_records, marks, page_locks,
    plan_topics, rooms, staff, student_guardians, students, subjects, teaching_assignments,
    timetable_entries, user_roles, users,
};
use crate::structure::{Assignment, Room};
use crate::timetable::{ChangeRow, EntryRow, LessonRecord};
use crate::users::User;
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::loader::bulk_loader;
pub use crate::loader::{rows_per_statement, POSTGRES_MAX_BINDS, SQLITE_MAX_BINDS};

/// A role of an account in a school (a `user_roles` row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    pub school_id: String,
    pub user_id: String,
    /// The role's code (`teacher`, `guardian`, …).
    pub role: String,
    pub created_at: NaiveDateTime,
}

bulk_loader!(
    /// Accounts, as they are (the caller hashed the passwords and lower-cased the logins).
    insert_users, User, users,
    [id, login, password_hash, password_state, password_expires_at, last_name, first_name,
     middle_name, not_before, created_at, last_login_at, previous_login_at]
);

bulk_loader!(
    /// Roles of accounts in schools.
    insert_roles, RoleRow, user_roles, [school_id, user_id, role, created_at]
);
bulk_loader!(
    insert_subjects,
    Subject,
    subjects,
    [id, school_id, name, short_name]
);
bulk_loader!(
    insert_staff,
    StaffPosition,
    staff,
    [school_id, user_id, position]
);
bulk_loader!(
    insert_classes,
    Class,
    classes,
    [
        id,
        school_id,
        grade,
        letter,
        class_teacher_id,
        created_at,
        year_id,
        week_days,
        bell_schedule_id
    ]
);
bulk_loader!(
    insert_students,
    Student,
    students,
    [
        id,
        school_id,
        class_id,
        user_id,
        last_name,
        first_name,
        middle_name,
        birth_date,
        created_at
    ]
);
bulk_loader!(
    insert_guardians,
    Guardian,
    guardians,
    [
        id,
        school_id,
        user_id,
        last_name,
        first_name,
        middle_name,
        phone,
        email,
        created_at
    ]
);
bulk_loader!(
    insert_links,
    GuardianLink,
    student_guardians,
    [school_id, student_id, guardian_id, relation]
);
bulk_loader!(insert_rooms, Room, rooms, [id, school_id, name, capacity]);
bulk_loader!(
    insert_groups,
    GroupRow,
    groups,
    [id, school_id, year_id, name, kind, division, created_at]
);
bulk_loader!(
    insert_group_classes,
    GroupClass,
    group_classes,
    [school_id, group_id, class_id]
);
bulk_loader!(
    insert_members,
    MemberRow,
    group_members,
    [id, school_id, group_id, student_id, from_date, to_date]
);
bulk_loader!(
    insert_curriculum,
    CurriculumLine,
    curriculum_lines,
    [
        id,
        school_id,
        year_id,
        grade,
        profile,
        subject_id,
        hours_per_week
    ]
);
bulk_loader!(
    insert_plan_topics,
    crate::planning::PlanTopic,
    plan_topics,
    [id, school_id, assignment_id, position, title, hours]
);
bulk_loader!(
    insert_assignments,
    Assignment,
    teaching_assignments,
    [
        id,
        school_id,
        year_id,
        teacher_id,
        subject_id,
        class_id,
        hours_per_week,
        created_at,
        group_id
    ]
);
bulk_loader!(
    insert_entries,
    EntryRow,
    timetable_entries,
    [
        id,
        school_id,
        assignment_id,
        class_id,
        teacher_id,
        room_id,
        weekday,
        lesson_number,
        valid_from,
        valid_to,
        created_at,
        group_id
    ]
);
bulk_loader!(
    insert_changes,
    ChangeRow,
    lesson_changes,
    [
        id,
        school_id,
        entry_id,
        lesson_date,
        kind,
        substitute_id,
        subject_id,
        room_id,
        moved_to_date,
        moved_to_lesson,
        reason,
        created_by,
        created_at
    ]
);
bulk_loader!(
    insert_records,
    LessonRecord,
    lesson_records,
    [
        school_id,
        entry_id,
        lesson_date,
        conducted,
        topic,
        homework,
        updated_by,
        updated_at,
        plan_topic_id,
        work_types,
        homework_due,
        homework_note,
        topic_entered_at,
        homework_entered_at
    ]
);
bulk_loader!(
    insert_marks,
    MarkRow,
    marks,
    [
        id,
        school_id,
        entry_id,
        lesson_date,
        student_id,
        work_type,
        value,
        comment,
        given_on,
        updated_by,
        updated_at,
        entered_at
    ]
);
bulk_loader!(
    insert_attendance,
    AttendanceRow,
    attendance,
    [
        school_id,
        entry_id,
        lesson_date,
        student_id,
        status,
        reason,
        updated_by,
        updated_at
    ]
);
bulk_loader!(
    insert_checks,
    AttendanceCheck,
    attendance_checks,
    [school_id, entry_id, lesson_date, checked_by, checked_at]
);
bulk_loader!(
    insert_finals,
    FinalRow,
    finals,
    [
        id,
        school_id,
        student_id,
        subject_id,
        year_id,
        kind,
        period_id,
        value,
        deferred_until,
        liquidation,
        set_on,
        comment,
        created_by,
        created_at
    ]
);
bulk_loader!(
    insert_locks,
    LockRow,
    page_locks,
    [
        id,
        school_id,
        assignment_id,
        period_id,
        kind,
        until,
        reason,
        created_by,
        created_at
    ]
);
bulk_loader!(
    insert_consents,
    ConsentRow,
    guardian_consents,
    [
        id,
        school_id,
        guardian_id,
        decision,
        decided_on,
        document,
        recorded_by,
        recorded_at
    ]
);

/// Record that attendance was taken at these lessons; a lesson already recorded keeps its first
/// record. One read of those already recorded and one insert of the rest, however many.
pub fn check_attendance(conn: &mut DbConnection, rows: &[AttendanceCheck]) -> QueryResult<()> {
    use crate::schema::attendance_checks::dsl as ac;
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let entries: Vec<&String> = rows.iter().map(|r| &r.entry_id).collect();
    let known: std::collections::HashSet<(String, chrono::NaiveDate)> = ac::attendance_checks
        .filter(ac::school_id.eq(&first.school_id))
        .filter(ac::entry_id.eq_any(entries))
        .select((ac::entry_id, ac::lesson_date))
        .load::<(String, chrono::NaiveDate)>(conn)?
        .into_iter()
        .collect();
    let mut seen = std::collections::HashSet::new();
    let new: Vec<&AttendanceCheck> = rows
        .iter()
        .filter(|r| !known.contains(&(r.entry_id.clone(), r.lesson_date)))
        .filter(|r| seen.insert((r.entry_id.clone(), r.lesson_date)))
        .collect();
    let new: Vec<AttendanceCheck> = new.into_iter().cloned().collect();
    insert_checks(conn, &new).map(drop)
}

/// The journal rows of [`crate::journal::JournalRows`], each table in bulk.
pub fn insert_journal(
    conn: &mut DbConnection,
    rows: &crate::journal::JournalRows,
) -> QueryResult<usize> {
    Ok(insert_records(conn, &rows.records)?
        + insert_marks(conn, &rows.marks)?
        + insert_attendance(conn, &rows.attendance)?
        + insert_checks(conn, &rows.checks)?
        + insert_finals(conn, &rows.finals)?
        + insert_locks(conn, &rows.locks)?)
}
