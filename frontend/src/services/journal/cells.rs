//! Reading a journal page: the cells, marks, attendance and finals of a student in a lesson.

use chrono::NaiveDate;
use journal_api_types::journal::{
    AttendanceCell, CellChange, FinalView, JournalPage, MarkCell, PageLesson, PageStudent,
};
use journal_domain::journal::{self, Attendance};
use uuid::Uuid;

/// The work type of a mark typed into a lesson that names none (R-J2).
pub const DEFAULT_WORK_TYPE: &str = "oral";

/// The work type a typed mark gets in `lesson`: the first the lesson did, else an oral answer.
pub fn default_work_type(lesson: &PageLesson) -> &str {
    lesson
        .work_types
        .first()
        .map(String::as_str)
        .unwrap_or(DEFAULT_WORK_TYPE)
}

/// One cell of a lesson column: a student in a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellKey {
    pub student: Uuid,
    pub entry: Uuid,
    pub date: NaiveDate,
}

impl CellKey {
    pub fn of(student: &PageStudent, lesson: &PageLesson) -> Self {
        CellKey {
            student: student.id,
            entry: lesson.entry_id,
            date: lesson.lesson_date,
        }
    }
}

/// The cell a change is about (`None` for a lesson's own record or a final).
pub fn cell_of(change: &CellChange) -> Option<CellKey> {
    match change {
        CellChange::Mark {
            entry_id,
            lesson_date,
            student_id,
            ..
        }
        | CellChange::Attendance {
            entry_id,
            lesson_date,
            student_id,
            ..
        } => Some(CellKey {
            student: *student_id,
            entry: *entry_id,
            date: *lesson_date,
        }),
        _ => None,
    }
}

/// The student a change is about.
pub fn student_of(change: &CellChange) -> Option<Uuid> {
    match change {
        CellChange::Mark { student_id, .. }
        | CellChange::Attendance { student_id, .. }
        | CellChange::Final { student_id, .. } => Some(*student_id),
        CellChange::Lesson { .. } => None,
    }
}

/// The marks of a student in a lesson, in the order of the page's work types.
pub fn marks_in<'a>(page: &JournalPage, s: &'a PageStudent, l: &PageLesson) -> Vec<&'a MarkCell> {
    let mut marks: Vec<&MarkCell> = s
        .marks
        .iter()
        .filter(|m| m.entry_id == l.entry_id && m.lesson_date == l.lesson_date)
        .collect();
    let rank = |code: &str| {
        page.work_types
            .iter()
            .position(|w| w.code == code)
            .unwrap_or(usize::MAX)
    };
    marks.sort_by_key(|m| rank(&m.work_type));
    marks
}

/// The absence or lateness of a student in a lesson.
pub fn attendance_in<'a>(s: &'a PageStudent, l: &PageLesson) -> Option<&'a AttendanceCell> {
    s.attendance
        .iter()
        .find(|a| a.entry_id == l.entry_id && a.lesson_date == l.lesson_date)
}

/// The period final in force.
pub fn period_final(s: &PageStudent) -> Option<&FinalView> {
    s.finals
        .iter()
        .rev()
        .find(|f| f.kind == "period" && f.current)
}

/// The make-up date a mark typed now gets (R-J4): `journal_domain::journal::make_up_date` for the
/// student's attendance in the lesson.
pub fn make_up_date(
    student: &PageStudent,
    lesson: &PageLesson,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let absent = attendance_in(student, lesson).is_some_and(|a| a.status == Attendance::Absent);
    journal::make_up_date(absent, lesson.held_on, today)
}

/// Whether a mark was given after its lesson: a make-up of a missed topic (R-J4).
pub fn is_make_up(mark: &MarkCell, lesson: &PageLesson) -> bool {
    mark.given_on > lesson.held_on
}

/// The finals of a student of one kind (for `period`, of the page's period), oldest first: the
/// last is the one in force, the earlier ones are its history (R-F4).
pub fn finals_of<'a>(page: &JournalPage, s: &'a PageStudent, kind: &str) -> Vec<&'a FinalView> {
    let period = (kind == "period").then_some(page.period.id);
    let mut out: Vec<&FinalView> = s
        .finals
        .iter()
        .filter(|f| f.kind == kind && (kind != "period" || f.period_id == period))
        .collect();
    out.sort_by_key(|f| (f.current, f.set_on));
    out
}
