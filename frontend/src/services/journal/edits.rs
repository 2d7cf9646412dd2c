//! What the cell panel and the finals panel send: the changes of an edited cell and a set final.

use super::cells::{attendance_in, is_make_up};
use chrono::NaiveDate;
use journal_api_types::journal::{CellChange, MarkCell, PageLesson, PageStudent};
use journal_domain::journal::Attendance;
use uuid::Uuid;

/// The reasons for an absence, in the order of the form.
pub const REASONS: [&str; 3] = ["illness", "excused", "unexcused"];

/// A mark of a cell as edited in the cell panel: the value (empty removes it), the comment, the
/// make-up date (empty: the lesson's day).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkEdit {
    pub work_type: String,
    pub value: String,
    pub comment: String,
    pub given_on: Option<NaiveDate>,
}

impl MarkEdit {
    pub fn of(m: &MarkCell, lesson: &PageLesson) -> Self {
        MarkEdit {
            work_type: m.work_type.clone(),
            value: m.value.clone(),
            comment: m.comment.clone().unwrap_or_default(),
            given_on: is_make_up(m, lesson).then_some(m.given_on),
        }
    }
}

/// What the cell panel sends: the attendance and each mark that differ from the cell as shown.
/// `reason_only` (the class teacher, not the lesson's teacher) sends only a reason for an absence.
pub fn cell_edit_changes(
    student: &PageStudent,
    lesson: &PageLesson,
    status: Option<&str>,
    reason: Option<&str>,
    marks: &[MarkEdit],
    reason_only: bool,
) -> Vec<CellChange> {
    let (entry_id, lesson_date, student_id) = (lesson.entry_id, lesson.lesson_date, student.id);
    let mut out = Vec::new();
    let now = attendance_in(student, lesson);
    let reason = status.and(reason).map(str::to_owned);
    let status = status.and_then(Attendance::parse);
    let same_attendance =
        now.map(|a| a.status) == status && now.and_then(|a| a.reason.clone()) == reason;
    if reason_only {
        let absent = now.is_some_and(|a| a.status == Attendance::Absent);
        if absent && status == Some(Attendance::Absent) && !same_attendance {
            out.push(CellChange::Attendance {
                entry_id,
                lesson_date,
                student_id,
                status,
                reason,
            });
        }
        return out;
    }
    if !same_attendance {
        out.push(CellChange::Attendance {
            entry_id,
            lesson_date,
            student_id,
            status,
            reason,
        });
    }
    for edit in marks {
        let before = student.marks.iter().find(|m| {
            m.entry_id == entry_id && m.lesson_date == lesson_date && m.work_type == edit.work_type
        });
        let value = Some(edit.value.trim().to_owned()).filter(|v| !v.is_empty());
        let comment = Some(edit.comment.trim().to_owned()).filter(|c| !c.is_empty());
        let given_on = edit.given_on.filter(|d| *d > lesson.held_on);
        let unchanged = match (before, &value) {
            (None, None) => true,
            (Some(b), Some(v)) => {
                b.value == *v
                    && b.comment == comment
                    && b.given_on == given_on.unwrap_or(lesson.held_on)
            }
            _ => false,
        };
        if unchanged {
            continue;
        }
        out.push(CellChange::Mark {
            entry_id,
            lesson_date,
            student_id,
            work_type: edit.work_type.clone(),
            value,
            comment,
            given_on,
        });
    }
    out
}

/// The final a form sets: a value or a deferral, never both (R-F1, R-F3); `None` without either.
pub fn final_change(
    student_id: Uuid,
    kind: &str,
    value: &str,
    deferred_until: Option<NaiveDate>,
    comment: &str,
) -> Option<CellChange> {
    let value = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
    let deferred_until = if value.is_some() {
        None
    } else {
        deferred_until
    };
    if value.is_none() && deferred_until.is_none() {
        return None;
    }
    Some(CellChange::Final {
        student_id,
        final_kind: kind.to_owned(),
        value,
        deferred_until,
        comment: Some(comment.trim().to_owned()).filter(|c| !c.is_empty()),
    })
}
