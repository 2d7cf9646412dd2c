//! The class journal's storage (R-J1–R-J7, R-F1–R-F6): school settings for marks, subject scales,
//! work types, marks, attendance, finals, page versions (the ETag of a page, R-J7) and the close /
//! reopen history of pages (R-F2). Rules live in `journal_domain::marks` and `::locking`.

use crate::schema::{
    attendance, finals, journal_pages, marks, page_locks, schools, subject_scales, work_types,
};
use crate::DbConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::locking::LockEvent;
use journal_domain::marks::{Scale, Thresholds, WorkType, DEFAULT_WORK_TYPES};
use journal_domain::SchoolId;

/// A school's settings for marks and locking.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub thresholds: Thresholds,
    pub min_marks_per_period: i32,
    pub auto_lock_days: Option<i32>,
    pub homework_file_limit: i32,
}

pub fn settings(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Settings> {
    let (three, four, five, min_marks_per_period, auto_lock_days, homework_file_limit) =
        schools::table
            .find(school.to_string())
            .select((
                schools::forecast_three,
                schools::forecast_four,
                schools::forecast_five,
                schools::min_marks_per_period,
                schools::auto_lock_days,
                schools::homework_file_limit,
            ))
            .first::<(f64, f64, f64, i32, Option<i32>, i32)>(conn)?;
    Ok(Settings {
        thresholds: Thresholds { three, four, five },
        min_marks_per_period,
        auto_lock_days,
        homework_file_limit,
    })
}

pub fn save_settings(conn: &mut DbConnection, school: SchoolId, s: &Settings) -> QueryResult<()> {
    diesel::update(schools::table.find(school.to_string()))
        .set((
            schools::forecast_three.eq(s.thresholds.three),
            schools::forecast_four.eq(s.thresholds.four),
            schools::forecast_five.eq(s.thresholds.five),
            schools::min_marks_per_period.eq(s.min_marks_per_period),
            schools::auto_lock_days.eq(s.auto_lock_days),
            schools::homework_file_limit.eq(s.homework_file_limit),
        ))
        .execute(conn)
        .map(drop)
}

/// Scales the school set explicitly: (subject, grade, scale).
pub fn scales(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<(String, i32, Scale)>> {
    let rows: Vec<(String, i32, String)> = subject_scales::table
        .filter(subject_scales::school_id.eq(school.to_string()))
        .select((
            subject_scales::subject_id,
            subject_scales::grade,
            subject_scales::scale,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, g, c)| Scale::parse(&c).map(|c| (s, g, c)))
        .collect())
}

/// The scale of a subject in a grade: the school's choice, or the default (R-J2).
pub fn scale_of(conn: &mut DbConnection, subject: &str, grade: i32) -> QueryResult<Scale> {
    let set: Option<String> = subject_scales::table
        .filter(subject_scales::subject_id.eq(subject))
        .filter(subject_scales::grade.eq(grade))
        .select(subject_scales::scale)
        .first(conn)
        .optional()?;
    Ok(set
        .as_deref()
        .and_then(Scale::parse)
        .unwrap_or_else(|| Scale::default_for_grade(grade.clamp(0, 11) as u8)))
}

/// [`scale_of`] for each of `subjects` in one query.
pub fn scales_of(
    conn: &mut DbConnection,
    subjects: &[String],
    grade: i32,
) -> QueryResult<std::collections::HashMap<String, Scale>> {
    let set: Vec<(String, String)> = subject_scales::table
        .filter(subject_scales::subject_id.eq_any(subjects))
        .filter(subject_scales::grade.eq(grade))
        .select((subject_scales::subject_id, subject_scales::scale))
        .load(conn)?;
    Ok(subjects
        .iter()
        .map(|s| {
            let chosen = set
                .iter()
                .find(|(x, _)| x == s)
                .and_then(|(_, c)| Scale::parse(c));
            let scale =
                chosen.unwrap_or_else(|| Scale::default_for_grade(grade.clamp(0, 11) as u8));
            (s.clone(), scale)
        })
        .collect())
}

pub fn set_scale(
    conn: &mut DbConnection,
    school: SchoolId,
    subject: &str,
    grade: i32,
    scale: Scale,
) -> QueryResult<()> {
    diesel::delete(
        subject_scales::table
            .filter(subject_scales::subject_id.eq(subject))
            .filter(subject_scales::grade.eq(grade)),
    )
    .execute(conn)?;
    diesel::insert_into(subject_scales::table)
        .values((
            subject_scales::school_id.eq(school.to_string()),
            subject_scales::subject_id.eq(subject),
            subject_scales::grade.eq(grade),
            subject_scales::scale.eq(scale.code()),
        ))
        .execute(conn)
        .map(drop)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = work_types)]
pub struct WorkTypeRow {
    pub school_id: String,
    pub code: String,
    pub name: String,
    pub weight_tenths: i32,
    pub position: i32,
    pub archived: bool,
}

impl WorkTypeRow {
    pub fn domain(&self) -> WorkType {
        WorkType {
            code: self.code.clone(),
            name: self.name.clone(),
            weight_tenths: self.weight_tenths.clamp(0, i32::from(u16::MAX)) as u16,
        }
    }
}

/// The school's work types in their order, archived ones too.
pub fn work_types(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<WorkTypeRow>> {
    work_types::table
        .filter(work_types::school_id.eq(school.to_string()))
        .order((work_types::position.asc(), work_types::code.asc()))
        .select(WorkTypeRow::as_select())
        .load(conn)
}

/// Give a new school the usual work types (R-J2).
pub fn insert_default_work_types(conn: &mut DbConnection, school: &str) -> QueryResult<()> {
    for (i, (code, name, weight)) in DEFAULT_WORK_TYPES.iter().enumerate() {
        diesel::insert_into(work_types::table)
            .values(&WorkTypeRow {
                school_id: school.to_owned(),
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                weight_tenths: i32::from(*weight),
                position: i32::try_from(i + 1).unwrap_or(i32::MAX),
                archived: false,
            })
            .execute(conn)?;
    }
    Ok(())
}

/// Add or change one work type.
pub fn save_work_type(conn: &mut DbConnection, w: &WorkTypeRow) -> QueryResult<()> {
    let updated = diesel::update(
        work_types::table
            .filter(work_types::school_id.eq(&w.school_id))
            .filter(work_types::code.eq(&w.code)),
    )
    .set((
        work_types::name.eq(&w.name),
        work_types::weight_tenths.eq(w.weight_tenths),
        work_types::position.eq(w.position),
        work_types::archived.eq(w.archived),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(work_types::table)
            .values(w)
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = marks)]
pub struct MarkRow {
    pub id: String,
    pub school_id: String,
    pub entry_id: String,
    pub lesson_date: NaiveDate,
    pub student_id: String,
    pub work_type: String,
    pub value: String,
    pub comment: Option<String>,
    pub given_on: NaiveDate,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
    /// When the mark was first entered (an edit keeps it): what R-J5's deadline is checked
    /// against.
    pub entered_at: NaiveDateTime,
}

/// Marks of lessons of `entries` scheduled between `from` and `to`.
pub fn marks_of(
    conn: &mut DbConnection,
    entries: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<MarkRow>> {
    marks::table
        .filter(marks::entry_id.eq_any(entries))
        .filter(marks::lesson_date.between(from, to))
        .order((marks::lesson_date.asc(), marks::updated_at.asc()))
        .select(MarkRow::as_select())
        .load(conn)
}

/// Marks of one student between two dates (their diary, the forecast).
pub fn marks_of_student(
    conn: &mut DbConnection,
    school: SchoolId,
    student: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<MarkRow>> {
    marks::table
        .filter(marks::school_id.eq(school.to_string()))
        .filter(marks::student_id.eq(student))
        .filter(marks::lesson_date.between(from, to))
        .order((marks::lesson_date.asc(), marks::updated_at.asc()))
        .select(MarkRow::as_select())
        .load(conn)
}

/// The cells of one journal save: these students in lessons of these entries scheduled between
/// `from` and `to`.
#[derive(Debug, Clone, Copy)]
pub struct Among<'a> {
    pub school: SchoolId,
    pub entries: &'a [String],
    pub students: &'a [String],
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Marks of the cells `among` names, in one query.
pub fn marks_among(conn: &mut DbConnection, among: &Among<'_>) -> QueryResult<Vec<MarkRow>> {
    marks::table
        .filter(marks::school_id.eq(among.school.to_string()))
        .filter(marks::entry_id.eq_any(among.entries))
        .filter(marks::student_id.eq_any(among.students))
        .filter(marks::lesson_date.between(among.from, among.to))
        .select(MarkRow::as_select())
        .load(conn)
}

/// Attendance of the cells `among` names, in one query.
pub fn attendance_among(
    conn: &mut DbConnection,
    among: &Among<'_>,
) -> QueryResult<Vec<AttendanceRow>> {
    attendance::table
        .filter(attendance::school_id.eq(among.school.to_string()))
        .filter(attendance::entry_id.eq_any(among.entries))
        .filter(attendance::student_id.eq_any(among.students))
        .filter(attendance::lesson_date.between(among.from, among.to))
        .select(AttendanceRow::as_select())
        .load(conn)
}

pub fn mark_at(
    conn: &mut DbConnection,
    entry: &str,
    date: NaiveDate,
    student: &str,
    work_type: &str,
) -> QueryResult<Option<MarkRow>> {
    marks::table
        .filter(marks::entry_id.eq(entry))
        .filter(marks::lesson_date.eq(date))
        .filter(marks::student_id.eq(student))
        .filter(marks::work_type.eq(work_type))
        .select(MarkRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_mark(conn: &mut DbConnection, m: &MarkRow) -> QueryResult<()> {
    diesel::insert_into(marks::table)
        .values(m)
        .execute(conn)
        .map(drop)
}

pub fn update_mark(conn: &mut DbConnection, m: &MarkRow) -> QueryResult<()> {
    diesel::update(marks::table.find(&m.id))
        .set((
            marks::value.eq(&m.value),
            marks::comment.eq(&m.comment),
            marks::given_on.eq(m.given_on),
            marks::updated_by.eq(&m.updated_by),
            marks::updated_at.eq(m.updated_at),
        ))
        .execute(conn)
        .map(drop)
}

pub fn delete_mark(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(marks::table.find(id))
        .execute(conn)
        .map(drop)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = attendance)]
pub struct AttendanceRow {
    pub school_id: String,
    pub entry_id: String,
    pub lesson_date: NaiveDate,
    pub student_id: String,
    pub status: String,
    pub reason: Option<String>,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
}

impl AttendanceRow {
    /// The mark as the domain names it; the table's CHECK holds `status` to `absent` or `late`.
    pub fn attendance(&self) -> journal_domain::journal::Attendance {
        use journal_domain::journal::Attendance;
        Attendance::parse(&self.status).unwrap_or(Attendance::Absent)
    }
}

/// Absences and lateness in lessons of `entries` scheduled between `from` and `to`.
pub fn attendance_of(
    conn: &mut DbConnection,
    entries: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<AttendanceRow>> {
    attendance::table
        .filter(attendance::entry_id.eq_any(entries))
        .filter(attendance::lesson_date.between(from, to))
        .select(AttendanceRow::as_select())
        .load(conn)
}

/// The lessons of `entries` scheduled between `from` and `to` at which attendance was taken.
pub fn checks_of(
    conn: &mut DbConnection,
    entries: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(String, NaiveDate)>> {
    use crate::schema::attendance_checks;
    attendance_checks::table
        .filter(attendance_checks::entry_id.eq_any(entries))
        .filter(attendance_checks::lesson_date.between(from, to))
        .select((attendance_checks::entry_id, attendance_checks::lesson_date))
        .load(conn)
}

/// One student's absences and lateness in lessons scheduled between `from` and `to`.
pub fn attendance_of_student(
    conn: &mut DbConnection,
    school: SchoolId,
    student: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<AttendanceRow>> {
    attendance::table
        .filter(attendance::school_id.eq(school.to_string()))
        .filter(attendance::student_id.eq(student))
        .filter(attendance::lesson_date.between(from, to))
        .select(AttendanceRow::as_select())
        .load(conn)
}

/// Weekly entries of these teaching assignments (every validity).
pub fn entries_of_assignments(
    conn: &mut DbConnection,
    school: SchoolId,
    assignments: &[String],
) -> QueryResult<Vec<crate::timetable::EntryRow>> {
    use crate::schema::timetable_entries;
    timetable_entries::table
        .filter(timetable_entries::school_id.eq(school.to_string()))
        .filter(timetable_entries::assignment_id.eq_any(assignments))
        .select(crate::timetable::EntryRow::as_select())
        .load(conn)
}

pub fn attendance_at(
    conn: &mut DbConnection,
    entry: &str,
    date: NaiveDate,
    student: &str,
) -> QueryResult<Option<AttendanceRow>> {
    attendance::table
        .filter(attendance::entry_id.eq(entry))
        .filter(attendance::lesson_date.eq(date))
        .filter(attendance::student_id.eq(student))
        .select(AttendanceRow::as_select())
        .first(conn)
        .optional()
}

/// Set a student's absence or lateness in a lesson, or clear it with `None`.
pub fn set_attendance(
    conn: &mut DbConnection,
    key: (&str, NaiveDate, &str),
    row: Option<&AttendanceRow>,
) -> QueryResult<()> {
    let (entry, date, student) = key;
    diesel::delete(
        attendance::table
            .filter(attendance::entry_id.eq(entry))
            .filter(attendance::lesson_date.eq(date))
            .filter(attendance::student_id.eq(student)),
    )
    .execute(conn)?;
    if let Some(r) = row {
        diesel::insert_into(attendance::table)
            .values(r)
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = finals)]
pub struct FinalRow {
    pub id: String,
    pub school_id: String,
    pub student_id: String,
    pub subject_id: String,
    pub year_id: String,
    pub kind: String,
    pub period_id: Option<String>,
    pub value: Option<String>,
    pub deferred_until: Option<NaiveDate>,
    pub liquidation: bool,
    pub set_on: NaiveDate,
    pub comment: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl FinalRow {
    /// Two finals of the same student, subject, kind and period: the later supersedes the earlier
    /// (R-F4).
    pub fn same_slot(&self, other: &FinalRow) -> bool {
        (
            &self.student_id,
            &self.subject_id,
            &self.kind,
            &self.period_id,
        ) == (
            &other.student_id,
            &other.subject_id,
            &other.kind,
            &other.period_id,
        )
    }
}

/// Whether each of `rows` (oldest first) is the final in force: no later row of its slot.
pub fn in_force(rows: &[&FinalRow]) -> Vec<bool> {
    rows.iter()
        .enumerate()
        .map(|(i, f)| !rows[i + 1..].iter().any(|g| g.same_slot(f)))
        .collect()
}

/// Every final of these students in a year (of one subject, when given; all kinds, the
/// superseded ones too), oldest first.
pub fn finals_of_students(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &str,
    subject: Option<&str>,
    students: &[String],
) -> QueryResult<Vec<FinalRow>> {
    let mut q = finals::table
        .filter(finals::school_id.eq(school.to_string()))
        .filter(finals::year_id.eq(year))
        .filter(finals::student_id.eq_any(students))
        .into_boxed();
    if let Some(s) = subject {
        q = q.filter(finals::subject_id.eq(s.to_owned()));
    }
    q.order((finals::created_at.asc(), finals::id.asc()))
        .select(FinalRow::as_select())
        .load(conn)
}

/// Every final of a year's students of the school, oldest first (the summary sheet, R-F5).
pub fn finals_of_year(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &str,
) -> QueryResult<Vec<FinalRow>> {
    finals::table
        .filter(finals::school_id.eq(school.to_string()))
        .filter(finals::year_id.eq(year))
        .order((finals::created_at.asc(), finals::id.asc()))
        .select(FinalRow::as_select())
        .load(conn)
}

pub fn insert_final(conn: &mut DbConnection, f: &FinalRow) -> QueryResult<()> {
    diesel::insert_into(finals::table)
        .values(f)
        .execute(conn)
        .map(drop)
}

/// The version of a page: 0 before its first change.
pub fn page_version(conn: &mut DbConnection, assignment: &str, period: &str) -> QueryResult<i32> {
    Ok(journal_pages::table
        .filter(journal_pages::assignment_id.eq(assignment))
        .filter(journal_pages::period_id.eq(period))
        .select(journal_pages::version)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// Move a page from version `expected` to the next one; `false` when someone else changed it
/// first (the caller answers 412 and rolls back, R-J7). Runs inside the write transaction.
pub fn bump_version(
    conn: &mut DbConnection,
    school: SchoolId,
    page: (&str, &str),
    expected: i32,
) -> QueryResult<bool> {
    let (assignment, period) = page;
    let updated = diesel::update(
        journal_pages::table
            .filter(journal_pages::assignment_id.eq(assignment))
            .filter(journal_pages::period_id.eq(period))
            .filter(journal_pages::version.eq(expected)),
    )
    .set(journal_pages::version.eq(expected + 1))
    .execute(conn)?;
    if updated == 1 {
        return Ok(true);
    }
    if expected != 0 || page_version(conn, assignment, period)? != 0 {
        return Ok(false);
    }
    // The first change of a page: a concurrent first change collides on the primary key.
    let inserted = diesel::insert_into(journal_pages::table)
        .values((
            journal_pages::school_id.eq(school.to_string()),
            journal_pages::assignment_id.eq(assignment),
            journal_pages::period_id.eq(period),
            journal_pages::version.eq(1),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = page_locks)]
pub struct LockRow {
    pub id: String,
    pub school_id: String,
    pub assignment_id: String,
    pub period_id: String,
    pub kind: String,
    pub until: Option<NaiveDate>,
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl LockRow {
    pub fn event(&self) -> LockEvent {
        match self.kind.as_str() {
            "reopen" => LockEvent::Reopen { until: self.until },
            _ => LockEvent::Close,
        }
    }
}

/// Closes and reopens of a page, oldest first.
pub fn locks_of(
    conn: &mut DbConnection,
    assignment: &str,
    period: &str,
) -> QueryResult<Vec<LockRow>> {
    page_locks::table
        .filter(page_locks::assignment_id.eq(assignment))
        .filter(page_locks::period_id.eq(period))
        .order((page_locks::created_at.asc(), page_locks::id.asc()))
        .select(LockRow::as_select())
        .load(conn)
}

/// Closes and reopens of many pages of one period of a school, in one query (a period of a
/// school has hundreds of pages: issue 12), by assignment, each oldest first. A page without
/// any has no entry.
pub fn locks_of_pages(
    conn: &mut DbConnection,
    school: SchoolId,
    period: &str,
    assignments: &[String],
) -> QueryResult<std::collections::HashMap<String, Vec<LockRow>>> {
    let mut out: std::collections::HashMap<String, Vec<LockRow>> = std::collections::HashMap::new();
    // One statement for any school (well under either backend's limit of bound values); a
    // longer list is read in parts rather than refused.
    for chunk in assignments.chunks(10_000) {
        let rows: Vec<LockRow> = page_locks::table
            .filter(page_locks::school_id.eq(school.to_string()))
            .filter(page_locks::period_id.eq(period))
            .filter(page_locks::assignment_id.eq_any(chunk))
            .order((page_locks::created_at.asc(), page_locks::id.asc()))
            .select(LockRow::as_select())
            .load(conn)?;
        for row in rows {
            out.entry(row.assignment_id.clone()).or_default().push(row);
        }
    }
    Ok(out)
}

pub fn insert_lock(conn: &mut DbConnection, l: &LockRow) -> QueryResult<()> {
    diesel::insert_into(page_locks::table)
        .values(l)
        .execute(conn)
        .map(drop)
}

/// Weekly entries of one teaching assignment (every validity).
pub fn entries_of_assignment(
    conn: &mut DbConnection,
    school: SchoolId,
    assignment: &str,
) -> QueryResult<Vec<crate::timetable::EntryRow>> {
    use crate::schema::timetable_entries;
    timetable_entries::table
        .filter(timetable_entries::school_id.eq(school.to_string()))
        .filter(timetable_entries::assignment_id.eq(assignment))
        .select(crate::timetable::EntryRow::as_select())
        .load(conn)
}

/// A movement as a page's students need it: id, student, date, from class, to class.
type MovementSide = (String, String, NaiveDate, Option<String>, Option<String>);

/// The students who belonged to `class` at some day between `from` and `to`: its current students
/// and those who left it during or after the span, less those who joined it only after the span
/// (R-B5: movement is dated).
pub fn class_students_during(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<crate::roster::Student>> {
    use crate::schema::{student_movements, students};
    // Movements out of the class and into it, and the students of the class and those who left
    // it during the span: each read through its own index (an `OR` of the two reads every row of
    // the school, which grows with the school, not with the class).
    let mut moves: Vec<MovementSide> = Vec::new();
    for into in [false, true] {
        let side = student_movements::table
            .filter(student_movements::school_id.eq(school.to_string()))
            .into_boxed();
        let side = if into {
            side.filter(student_movements::to_class_id.eq(class))
        } else {
            side.filter(student_movements::from_class_id.eq(class))
        };
        moves.extend(
            side.select((
                student_movements::id,
                student_movements::student_id,
                student_movements::on_date,
                student_movements::from_class_id,
                student_movements::to_class_id,
            ))
            .load::<MovementSide>(conn)?,
        );
    }
    moves.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
    moves.dedup_by(|a, b| a.0 == b.0);
    let moves: Vec<(String, NaiveDate, Option<String>, Option<String>)> = moves
        .into_iter()
        .map(|(_, s, d, f, t)| (s, d, f, t))
        .collect();
    let left_after_start: Vec<String> = moves
        .iter()
        .filter(|m| m.2.as_deref() == Some(class) && m.1 >= from)
        .map(|m| m.0.clone())
        .collect();
    let mut list: Vec<crate::roster::Student> = students::table
        .filter(students::school_id.eq(school.to_string()))
        .filter(students::class_id.eq(class))
        .select(crate::roster::Student::as_select())
        .load(conn)?;
    let left: Vec<&String> = left_after_start
        .iter()
        .filter(|id| !list.iter().any(|s| &s.id == *id))
        .collect();
    if !left.is_empty() {
        list.extend(
            students::table
                .filter(students::school_id.eq(school.to_string()))
                .filter(students::id.eq_any(left))
                .select(crate::roster::Student::as_select())
                .load::<crate::roster::Student>(conn)?,
        );
    }
    // A student whose first arrival in the class is after the span was not in it then.
    Ok(list
        .into_iter()
        .filter(|s| {
            let arrivals: Vec<&NaiveDate> = moves
                .iter()
                .filter(|m| m.0 == s.id && m.3.as_deref() == Some(class))
                .map(|m| &m.1)
                .collect();
            arrivals.is_empty() || arrivals.iter().any(|d| **d <= to)
        })
        .collect())
}

/// The students who were members of `group` at some day between `from` and `to` (R-B3:
/// memberships follow the date).
pub fn group_students_during(
    conn: &mut DbConnection,
    school: SchoolId,
    group: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<crate::roster::Student>> {
    use crate::schema::students;
    let ids: Vec<String> = crate::groups::members(conn, school, group, None)?
        .into_iter()
        .filter(|m| m.from_date <= to && m.to_date.is_none_or(|t| t >= from))
        .map(|m| m.student_id)
        .collect();
    students::table
        .filter(students::school_id.eq(school.to_string()))
        .filter(students::id.eq_any(ids))
        .select(crate::roster::Student::as_select())
        .load(conn)
}

/// A lesson at which attendance was taken (R-R1): an absence or lateness recorded, or «все
/// присутствуют» confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = crate::schema::attendance_checks)]
pub struct AttendanceCheck {
    pub school_id: String,
    pub entry_id: String,
    pub lesson_date: NaiveDate,
    pub checked_by: String,
    pub checked_at: NaiveDateTime,
}

/// Rows of the journal to insert together (`crate::bulk`).
#[derive(Debug, Default)]
pub struct JournalRows {
    pub records: Vec<crate::timetable::LessonRecord>,
    pub marks: Vec<MarkRow>,
    pub attendance: Vec<AttendanceRow>,
    pub checks: Vec<AttendanceCheck>,
    pub finals: Vec<FinalRow>,
    pub locks: Vec<LockRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = crate::schema::homework_files)]
pub struct HomeworkFileRow {
    pub id: String,
    pub school_id: String,
    pub entry_id: String,
    pub lesson_date: NaiveDate,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub content: Vec<u8>,
    pub uploaded_by: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_file(conn: &mut DbConnection, f: &HomeworkFileRow) -> QueryResult<()> {
    diesel::insert_into(crate::schema::homework_files::table)
        .values(f)
        .execute(conn)
        .map(drop)
}

/// A file without its content: id, name, content type, size, upload time.
pub type FileListing = (String, String, String, i32, NaiveDateTime);

/// The files of a lesson, without their content, oldest first.
pub fn files_of(
    conn: &mut DbConnection,
    entry: &str,
    date: NaiveDate,
) -> QueryResult<Vec<FileListing>> {
    use crate::schema::homework_files as f;
    f::table
        .filter(f::entry_id.eq(entry))
        .filter(f::lesson_date.eq(date))
        .order(f::created_at.asc())
        .select((
            f::id,
            f::file_name,
            f::content_type,
            f::size_bytes,
            f::created_at,
        ))
        .load(conn)
}

/// The files of many lessons at once, without their content: (entry id, lesson date, file),
/// oldest first; for lists that show a span of lessons.
pub fn files_of_lessons(
    conn: &mut DbConnection,
    entries: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(String, NaiveDate, FileListing)>> {
    use crate::schema::homework_files as f;
    let rows: Vec<(
        String,
        NaiveDate,
        String,
        String,
        String,
        i32,
        NaiveDateTime,
    )> = f::table
        .filter(f::entry_id.eq_any(entries))
        .filter(f::lesson_date.between(from, to))
        .order(f::created_at.asc())
        .select((
            f::entry_id,
            f::lesson_date,
            f::id,
            f::file_name,
            f::content_type,
            f::size_bytes,
            f::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(entry, date, id, name, ct, size, at)| (entry, date, (id, name, ct, size, at)))
        .collect())
}

pub fn file(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<HomeworkFileRow>> {
    use crate::schema::homework_files as f;
    f::table
        .filter(f::school_id.eq(school.to_string()))
        .filter(f::id.eq(id))
        .select(HomeworkFileRow::as_select())
        .first(conn)
        .optional()
}

pub fn delete_file(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(crate::schema::homework_files::table.find(id))
        .execute(conn)
        .map(drop)
}
