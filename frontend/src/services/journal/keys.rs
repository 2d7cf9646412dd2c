//! What a key press in the grid means: a mark, attendance or final typed, or where the cell moves.

use super::cells::{attendance_in, make_up_date, marks_in};
use chrono::NaiveDate;
use journal_api_types::journal::{CellChange, JournalPage, PageLesson, PageStudent};
use journal_domain::journal::Attendance;
use journal_domain::marks::{Scale, NOT_ATTESTED};

/// What a key typed in a lesson cell does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellKeyAction {
    /// A mark of the scale.
    Mark(String),
    /// «н»: absent, or present again when already absent.
    ToggleAbsent,
    /// «о»: late, or on time again.
    ToggleLate,
    /// Delete or Backspace: marks and attendance removed.
    Clear,
}

impl CellKeyAction {
    /// Whether the active cell goes on down the column after it: a mark, «н» and «о» do, as a
    /// teacher goes through the class; clearing a cell stays on it.
    pub fn moves_down(&self) -> bool {
        !matches!(self, CellKeyAction::Clear)
    }
}

/// Reads a typed key: 1–5 on the five-point scale («+»/«-» for pass/fail and mastery), «н»/«n»,
/// «о»/«o», Delete and Backspace.
pub fn cell_key_action(scale: Scale, key: &str) -> Option<CellKeyAction> {
    match key {
        "н" | "Н" | "n" | "N" => Some(CellKeyAction::ToggleAbsent),
        "о" | "О" | "o" | "O" => Some(CellKeyAction::ToggleLate),
        "Delete" | "Backspace" => Some(CellKeyAction::Clear),
        _ => mark_of_key(scale, key).map(CellKeyAction::Mark),
    }
}

/// The keys of the phone's mark picker, in the order shown: the scale's marks from the best, then
/// «н», «о» and clearing — the same keys the keyboard takes, so a tap does what the key does.
pub fn picker_keys(scale: Scale) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = match scale {
        Scale::FivePoint => scale.values().to_vec(),
        Scale::PassFail | Scale::Mastery => vec!["+", "-"],
        Scale::NoMarks => Vec::new(),
    };
    keys.extend(["н", "о", "Delete"]);
    keys
}

/// The mark a key types on a scale.
pub fn mark_of_key(scale: Scale, key: &str) -> Option<String> {
    let value = match (scale, key) {
        (Scale::FivePoint, k) if scale.accepts(k) => k,
        (Scale::PassFail, "+") => "pass",
        (Scale::PassFail, "-") => "fail",
        (Scale::Mastery, "+") => "mastered",
        (Scale::Mastery, "-") => "not_mastered",
        _ => return None,
    };
    Some(value.to_owned())
}

/// The final a key types in the finals column: a mark of the scale, or «н» for Н/А.
pub fn final_of_key(scale: Scale, key: &str) -> Option<String> {
    match key {
        "н" | "Н" | "n" | "N" if scale != Scale::NoMarks => Some(NOT_ATTESTED.to_owned()),
        _ => mark_of_key(scale, key),
    }
}

/// The changes a key makes in a cell of `page` (empty when it changes nothing).
pub fn cell_changes(
    page: &JournalPage,
    student: &PageStudent,
    lesson: &PageLesson,
    work_type: &str,
    action: &CellKeyAction,
    today: NaiveDate,
) -> Vec<CellChange> {
    let (entry_id, lesson_date, student_id) = (lesson.entry_id, lesson.lesson_date, student.id);
    let attendance = |status: Option<Attendance>| CellChange::Attendance {
        entry_id,
        lesson_date,
        student_id,
        status,
        reason: None,
    };
    let mark = |work_type: &str, value: Option<String>| CellChange::Mark {
        entry_id,
        lesson_date,
        student_id,
        work_type: work_type.to_owned(),
        value,
        comment: None,
        given_on: None,
    };
    let now = attendance_in(student, lesson).map(|a| a.status);
    match action {
        CellKeyAction::Mark(v) => {
            if page.scale == Scale::NoMarks {
                return Vec::new();
            }
            let existing = marks_in(page, student, lesson)
                .into_iter()
                .find(|m| m.work_type == work_type);
            match existing {
                Some(m) if m.value == *v => Vec::new(),
                // A new value keeps the mark's comment and make-up date.
                Some(m) => vec![CellChange::Mark {
                    entry_id,
                    lesson_date,
                    student_id,
                    work_type: work_type.to_owned(),
                    value: Some(v.clone()),
                    comment: m.comment.clone(),
                    given_on: Some(m.given_on),
                }],
                None => vec![CellChange::Mark {
                    entry_id,
                    lesson_date,
                    student_id,
                    work_type: work_type.to_owned(),
                    value: Some(v.clone()),
                    comment: None,
                    given_on: make_up_date(student, lesson, today),
                }],
            }
        }
        CellKeyAction::ToggleAbsent => {
            vec![attendance(
                (now != Some(Attendance::Absent)).then_some(Attendance::Absent),
            )]
        }
        CellKeyAction::ToggleLate => {
            vec![attendance(
                (now != Some(Attendance::Late)).then_some(Attendance::Late),
            )]
        }
        CellKeyAction::Clear => {
            let mut out: Vec<CellChange> = marks_in(page, student, lesson)
                .iter()
                .map(|m| mark(&m.work_type, None))
                .collect();
            if now.is_some() {
                out.push(attendance(None));
            }
            out
        }
    }
}

/// Where the active cell goes on a movement key, in a grid of `rows` × `cols`; `None` when the key
/// moves nothing (Tab at the last cell leaves the grid).
pub fn moved(
    key: &str,
    shift: bool,
    (r, c): (usize, usize),
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    if rows == 0 || cols == 0 {
        return None;
    }
    let (last_r, last_c) = (rows - 1, cols - 1);
    match (key, shift) {
        ("ArrowUp", _) => Some((r.saturating_sub(1), c)),
        ("ArrowDown", _) => Some(((r + 1).min(last_r), c)),
        ("ArrowLeft", _) => Some((r, c.saturating_sub(1))),
        ("ArrowRight", _) => Some((r, (c + 1).min(last_c))),
        ("Home", _) => Some((r, 0)),
        ("End", _) => Some((r, last_c)),
        // Tab is not a move: the grid is one Tab stop, and Tab leaves it (WCAG 2.1.1, issue 12).
        _ => None,
    }
}
