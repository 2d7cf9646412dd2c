//! The journal grid without drawing (R-J1–R-J7, R-F1–R-F6): the page as the server sent it, the
//! changes typed since (the queue, saved in batches with `If-Match`), the page as shown (server page
//! plus queue, averages and forecasts recomputed with `journal_domain::marks` exactly as the server
//! does), undo, and what a key press in a cell means.

use chrono::NaiveDate;
use journal_api_types::journal::{
    AttendanceCell, CellChange, FinalView, JournalPage, MarkCell, PageLesson, PageStudent,
};
use journal_domain::journal::{self, Attendance, FinalFacts, LessonFacts, PageFacts, Planned};
use journal_domain::marks::{forecast, Scale, NOT_ATTESTED};
use journal_domain::timetable::ChangeKind;
use std::collections::HashMap;
use uuid::Uuid;

/// The page as the journal write decision reads it (`journal_domain::journal`), on the school's
/// `today`: the grid asks the same rule the server applies before it queues a change.
pub struct Deciding<'a> {
    pub page: &'a JournalPage,
    pub today: NaiveDate,
}

impl journal::Page for Deciding<'_> {
    fn facts(&self) -> PageFacts {
        PageFacts {
            access: self.page.access,
            leads_class: self.page.leads_class,
            scale: self.page.scale,
            locked: self.page.locked,
            today: self.today,
        }
    }

    fn lesson(&self, entry: Uuid, date: NaiveDate) -> Option<LessonFacts> {
        let l = self
            .page
            .lessons
            .iter()
            .find(|l| l.entry_id == entry && l.lesson_date == date)?;
        Some(lesson_facts(l))
    }

    fn has_student(&self, student: Uuid) -> bool {
        self.page.students.iter().any(|s| s.id == student)
    }

    fn has_work_type(&self, code: &str) -> bool {
        self.page
            .work_types
            .iter()
            .any(|w| w.code == code && !w.archived)
    }

    fn recorded_absent(&self, entry: Uuid, date: NaiveDate, student: Uuid) -> bool {
        self.page
            .students
            .iter()
            .find(|s| s.id == student)
            .is_some_and(|s| {
                s.attendance.iter().any(|a| {
                    a.entry_id == entry && a.lesson_date == date && a.status == Attendance::Absent
                })
            })
    }

    fn final_in_force(&self, student: Uuid, kind: &str) -> Option<FinalFacts<'_>> {
        let period = (kind == "period").then_some(self.page.period.id);
        let s = self.page.students.iter().find(|s| s.id == student)?;
        let f = journal::final_in_force(&s.finals, |f| f.kind == kind && f.period_id == period)?;
        Some(FinalFacts {
            value: f.value.as_deref(),
            deferred: f.deferred_until.is_some(),
        })
    }

    fn lesson_days(&self) -> Vec<NaiveDate> {
        self.page.lessons.iter().map(|l| l.held_on).collect()
    }
}

/// A lesson column as the write decision reads it.
pub fn lesson_facts(l: &PageLesson) -> LessonFacts {
    LessonFacts {
        held_on: l.held_on,
        cancelled: l.change == Some(ChangeKind::Cancellation),
        caller_writes: l.writable,
    }
}

/// Whether the caller types into the cells of a lesson column: an open page and a lesson they
/// write that took place (the rule of `journal_domain::journal::lesson_write`).
pub fn cells_writable(page: &JournalPage, l: &PageLesson) -> bool {
    !page.locked && journal::lesson_write(lesson_facts(l)).is_ok()
}

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

/// Recomputes a student's forecast from their marks, as the server does (R-F6).
pub fn refresh_forecast(page: &JournalPage, student: &mut PageStudent) {
    let weights: HashMap<&str, f64> = page
        .work_types
        .iter()
        .map(|w| (w.code.as_str(), w.weight))
        .collect();
    let marks: Vec<(&str, f64)> = student
        .marks
        .iter()
        .map(|m| {
            (
                m.value.as_str(),
                weights.get(m.work_type.as_str()).copied().unwrap_or(1.0),
            )
        })
        .collect();
    student.forecast = forecast(
        page.scale,
        &marks,
        &page.thresholds,
        usize::from(page.min_marks),
    );
}

/// Applies one change to a page the way the server will store it: as the journal write decision
/// plans it (`journal_domain::journal`); a change the decision refuses leaves the page as it is.
pub fn apply(page: &mut JournalPage, change: &CellChange, today: NaiveDate) {
    let Ok(plan) = change.decide(&Deciding { page, today }) else {
        return;
    };
    match change {
        CellChange::Lesson {
            entry_id,
            lesson_date,
            conducted,
            topic,
            work_types,
            homework,
            homework_note,
            ..
        } => {
            let Planned::Lesson { homework_due } = plan else {
                return;
            };
            if let Some(l) = page
                .lessons
                .iter_mut()
                .find(|l| l.entry_id == *entry_id && l.lesson_date == *lesson_date)
            {
                let clean = |s: &Option<String>| {
                    s.as_deref()
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                };
                l.conducted = *conducted;
                l.topic = clean(topic);
                l.work_types = work_types.clone();
                l.homework = clean(homework);
                l.homework_due = homework_due;
                l.homework_note = clean(homework_note);
            }
            return;
        }
        CellChange::Mark {
            entry_id,
            lesson_date,
            work_type,
            value,
            comment,
            ..
        } => {
            let Planned::Mark { given_on } = plan else {
                return;
            };
            let Some(s) = student_mut(page, change) else {
                return;
            };
            let at = s.marks.iter().position(|m| {
                m.entry_id == *entry_id
                    && m.lesson_date == *lesson_date
                    && m.work_type == *work_type
            });
            match (value, at) {
                (None, Some(i)) => {
                    s.marks.remove(i);
                }
                (None, None) => {}
                (Some(v), Some(i)) => {
                    s.marks[i].value = v.clone();
                    s.marks[i].comment = clean(comment);
                    s.marks[i].given_on = given_on;
                }
                (Some(v), None) => s.marks.push(MarkCell {
                    entry_id: *entry_id,
                    lesson_date: *lesson_date,
                    work_type: work_type.clone(),
                    value: v.clone(),
                    comment: clean(comment),
                    given_on,
                }),
            }
        }
        CellChange::Attendance {
            entry_id,
            lesson_date,
            status,
            reason,
            ..
        } => {
            let Some(s) = student_mut(page, change) else {
                return;
            };
            s.attendance
                .retain(|a| !(a.entry_id == *entry_id && a.lesson_date == *lesson_date));
            if let Some(status) = status {
                s.attendance.push(AttendanceCell {
                    entry_id: *entry_id,
                    lesson_date: *lesson_date,
                    status: *status,
                    reason: reason.clone(),
                });
            }
        }
        CellChange::Final {
            final_kind,
            value,
            deferred_until,
            comment,
            ..
        } => {
            let Planned::Final {
                liquidation,
                set_on,
            } = plan
            else {
                return;
            };
            let period = page.period.id;
            let Some(s) = student_mut(page, change) else {
                return;
            };
            s.finals.push(FinalView {
                kind: final_kind.clone(),
                period_id: (final_kind == "period").then_some(period),
                value: value.clone(),
                deferred_until: *deferred_until,
                liquidation,
                set_on,
                comment: comment.clone(),
                current: true,
            });
            let current = journal::in_force(&s.finals, |f| (f.kind.clone(), f.period_id));
            for (f, c) in s.finals.iter_mut().zip(current) {
                f.current = c;
            }
        }
    }
    let Some(id) = student_of(change) else {
        return;
    };
    let snapshot = page.clone();
    if let Some(s) = page.students.iter_mut().find(|s| s.id == id) {
        refresh_forecast(&snapshot, s);
    }
}

/// A text as the server keeps it: trimmed, none when blank.
fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn student_mut<'a>(page: &'a mut JournalPage, change: &CellChange) -> Option<&'a mut PageStudent> {
    let id = student_of(change)?;
    page.students.iter_mut().find(|s| s.id == id)
}

/// The page as shown: the server's page with the queued changes applied.
pub fn shown(server: &JournalPage, queue: &[CellChange], today: NaiveDate) -> JournalPage {
    let mut page = server.clone();
    for c in queue {
        apply(&mut page, c, today);
    }
    page
}

/// The change that puts a cell back as it is in `page` before `change` (for undo). Finals are not
/// undone (a final is never removed, only superseded): `None`.
pub fn inverse(page: &JournalPage, change: &CellChange) -> Option<CellChange> {
    match change {
        CellChange::Mark {
            entry_id,
            lesson_date,
            student_id,
            work_type,
            ..
        } => {
            let s = page.students.iter().find(|s| s.id == *student_id)?;
            let before = s.marks.iter().find(|m| {
                m.entry_id == *entry_id
                    && m.lesson_date == *lesson_date
                    && m.work_type == *work_type
            });
            Some(CellChange::Mark {
                entry_id: *entry_id,
                lesson_date: *lesson_date,
                student_id: *student_id,
                work_type: work_type.clone(),
                value: before.map(|m| m.value.clone()),
                comment: before.and_then(|m| m.comment.clone()),
                given_on: before.map(|m| m.given_on),
            })
        }
        CellChange::Attendance {
            entry_id,
            lesson_date,
            student_id,
            ..
        } => {
            let s = page.students.iter().find(|s| s.id == *student_id)?;
            let before = s
                .attendance
                .iter()
                .find(|a| a.entry_id == *entry_id && a.lesson_date == *lesson_date);
            Some(CellChange::Attendance {
                entry_id: *entry_id,
                lesson_date: *lesson_date,
                student_id: *student_id,
                status: before.map(|a| a.status),
                reason: before.and_then(|a| a.reason.clone()),
            })
        }
        CellChange::Lesson {
            entry_id,
            lesson_date,
            ..
        } => {
            let l = page
                .lessons
                .iter()
                .find(|l| l.entry_id == *entry_id && l.lesson_date == *lesson_date)?;
            Some(CellChange::Lesson {
                entry_id: *entry_id,
                lesson_date: *lesson_date,
                conducted: l.conducted,
                topic: l.topic.clone(),
                plan_topic_id: l.plan_topic_id,
                work_types: l.work_types.clone(),
                homework: l.homework.clone(),
                homework_due: l.homework_due,
                homework_note: l.homework_note.clone(),
            })
        }
        CellChange::Final { .. } => None,
    }
}

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

/// Whether the caller may set a final of `kind` for a student: the keeper, any time while the
/// page is open, after the lock only to liquidate a debt (`journal_domain::journal`, R-F4).
pub fn final_settable(page: &JournalPage, s: &PageStudent, kind: &str, today: NaiveDate) -> bool {
    journal::final_settable(&Deciding { page, today }, s.id, kind)
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

/// The index of a refused change in a batch: `changes[3]` → 3.
pub fn refused_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("changes[")?
        .strip_suffix(']')?
        .parse()
        .ok()
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
        ("Tab", false) if c < last_c => Some((r, c + 1)),
        ("Tab", false) if r < last_r => Some((r + 1, 0)),
        ("Tab", true) if c > 0 => Some((r, c - 1)),
        ("Tab", true) if r > 0 => Some((r - 1, last_c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_domain::marks::Risk;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default()
    }

    fn page() -> JournalPage {
        let lesson = |day: u32| {
            serde_json::json!({"entry_id": Uuid::nil(), "lesson_date": d(11, day), "held_on": d(11, day),
                "lesson_number": 2, "conducted": false, "work_types": [], "writable": true})
        };
        let student = |n: u128, name: &str| {
            serde_json::json!({"id": Uuid::from_u128(n), "name": name, "marks": [], "attendance": [],
                "forecast": {"average": null, "marks": 0, "mark": null, "risks": ["too_few_marks"]},
                "finals": []})
        };
        serde_json::from_value(serde_json::json!({
            "assignment_id": Uuid::nil(), "class_id": Uuid::nil(), "class_name": "7А",
            "subject_id": Uuid::nil(), "subject_name": "Математика",
            "teacher_id": Uuid::nil(), "teacher_name": "Иванова Мария Петровна",
            "period": {"id": Uuid::from_u128(9), "kind": "quarter", "number": 2,
                "starts_on": d(11, 5), "ends_on": d(12, 28)},
            "scale": "five_point",
            "work_types": [
                {"code": "oral", "name": "Устный ответ", "weight": 1.0, "archived": false},
                {"code": "control", "name": "Контрольная работа", "weight": 2.0, "archived": false}],
            "thresholds": {"three": 2.5, "four": 3.5, "five": 4.5}, "min_marks": 3,
            "version": 1, "locked": false, "access": "keep", "leads_class": false, "locks": [],
            "lessons": [lesson(10), lesson(12), lesson(17)],
            "students": [student(1, "Агеев Антон"), student(2, "Ёлкина Ева")]
        }))
        .unwrap_or_else(|e| panic!("a page: {e}"))
    }

    fn typed(p: &JournalPage, row: usize, col: usize, wt: &str, key: &str) -> Vec<CellChange> {
        let action = cell_key_action(p.scale, key).unwrap_or_else(|| panic!("key {key}"));
        cell_changes(p, &p.students[row], &p.lessons[col], wt, &action, d(11, 20))
    }

    #[test]
    fn typed_marks_recompute_the_average_and_forecast_like_the_server() {
        let today = d(11, 20);
        let mut p = page();
        let mut queue = Vec::new();
        queue.extend(typed(&p, 0, 0, "oral", "5"));
        p = shown(&p, &queue, today);
        queue.extend(typed(&p, 0, 1, "control", "3"));
        p = shown(&page(), &queue, today);
        let f = &p.students[0].forecast;
        // (5·1 + 3·2) / 3 = 3.67 → 4, two marks of three wanted.
        assert_eq!(f.marks, 2);
        assert!((f.average.unwrap_or_default() - 11.0 / 3.0).abs() < 1e-9);
        assert_eq!(f.mark, Some(4));
        assert_eq!(f.risks, vec![Risk::TooFewMarks]);
        queue.extend(typed(&p, 0, 2, "oral", "2"));
        let p = shown(&page(), &queue, today);
        assert_eq!(p.students[0].forecast.marks, 3);
        assert!(p.students[0].forecast.risks.is_empty(), "13/4 = 3.25 → 3");
        assert_eq!(
            p.students[1].forecast.marks, 0,
            "the other row is untouched"
        );
    }

    #[test]
    fn a_cell_holds_a_mark_per_work_type_and_clears_at_once() {
        let today = d(11, 20);
        let base = page();
        let mut queue = typed(&base, 1, 0, "control", "4");
        let p = shown(&base, &queue, today);
        queue.extend(typed(&p, 1, 0, "oral", "5"));
        let p = shown(&base, &queue, today);
        let values: Vec<&str> = marks_in(&p, &p.students[1], &p.lessons[0])
            .iter()
            .map(|m| m.value.as_str())
            .collect();
        assert_eq!(values, ["5", "4"], "in the order of the page's work types");
        assert!(
            typed(&p, 1, 0, "oral", "5").is_empty(),
            "the same mark again"
        );
        queue.extend(typed(&p, 1, 0, "oral", "н"));
        let p = shown(&base, &queue, today);
        assert_eq!(p.students[1].attendance[0].status, "absent");
        let clear = typed(&p, 1, 0, "oral", "Delete");
        assert_eq!(clear.len(), 3, "two marks and the absence");
        queue.extend(clear);
        let p = shown(&base, &queue, today);
        assert!(p.students[1].marks.is_empty() && p.students[1].attendance.is_empty());
    }

    #[test]
    fn absence_and_lateness_toggle() {
        let today = d(11, 20);
        let base = page();
        let on = typed(&base, 0, 1, "oral", "n");
        let p = shown(&base, &on, today);
        assert_eq!(
            attendance_in(&p.students[0], &p.lessons[1]).map(|a| a.status.as_str()),
            Some("absent")
        );
        let late = typed(&p, 0, 1, "oral", "о");
        let p2 = shown(&p, &late, today);
        assert_eq!(
            attendance_in(&p2.students[0], &p2.lessons[1]).map(|a| a.status.as_str()),
            Some("late")
        );
        let off = typed(&p, 0, 1, "oral", "н");
        let p3 = shown(&p, &off, today);
        assert!(attendance_in(&p3.students[0], &p3.lessons[1]).is_none());
    }

    #[test]
    fn undo_puts_the_cell_back() {
        let today = d(11, 20);
        let base = page();
        let first = typed(&base, 0, 0, "oral", "3");
        let p = shown(&base, &first, today);
        let second = typed(&p, 0, 0, "oral", "5");
        let back = inverse(&p, &second[0]).unwrap_or_else(|| panic!("an inverse"));
        let p2 = shown(&p, &[second[0].clone(), back], today);
        assert_eq!(p2.students[0].marks[0].value, "3");
        let gone = inverse(&base, &first[0]).unwrap_or_else(|| panic!("an inverse"));
        let p3 = shown(&p, &[gone], today);
        assert!(p3.students[0].marks.is_empty());
    }

    #[test]
    fn lesson_homework_is_due_by_the_next_lesson_unless_said() {
        let base = page();
        let change = CellChange::Lesson {
            entry_id: Uuid::nil(),
            lesson_date: d(11, 10),
            conducted: true,
            topic: Some("  Дроби ".into()),
            plan_topic_id: None,
            work_types: vec!["control".into()],
            homework: Some("№ 12".into()),
            homework_due: None,
            homework_note: None,
        };
        let p = shown(&base, &[change], d(11, 10));
        let l = &p.lessons[0];
        assert_eq!(l.topic.as_deref(), Some("Дроби"));
        assert_eq!(l.homework_due, Some(d(11, 12)));
        assert_eq!(default_work_type(l), "control");
        assert_eq!(default_work_type(&p.lessons[1]), DEFAULT_WORK_TYPE);
    }

    #[test]
    fn finals_supersede_and_accept_not_attested() {
        let mut base = page();
        assert_eq!(final_of_key(base.scale, "н").as_deref(), Some(NOT_ATTESTED));
        assert_eq!(final_of_key(base.scale, "4").as_deref(), Some("4"));
        assert_eq!(final_of_key(base.scale, "7"), None);
        let set = |v: &str| CellChange::Final {
            student_id: Uuid::from_u128(1),
            final_kind: "period".into(),
            value: Some(v.into()),
            deferred_until: None,
            comment: None,
        };
        for v in ["3", "4"] {
            apply(&mut base, &set(v), d(12, 20));
        }
        let f = period_final(&base.students[0]).and_then(|f| f.value.as_deref());
        assert_eq!(f, Some("4"));
        assert_eq!(
            base.students[0].finals.iter().filter(|f| f.current).count(),
            1
        );
    }

    #[test]
    fn a_mark_for_an_absent_student_is_a_make_up_dated_today() {
        let today = d(11, 20);
        let base = page();
        let absent = typed(&base, 0, 0, "oral", "н");
        let p = shown(&base, &absent, today);
        let mark = typed(&p, 0, 0, "oral", "4");
        assert!(matches!(&mark[0], CellChange::Mark { given_on: Some(g), .. } if *g == today));
        let p = shown(&base, &[absent, mark].concat(), today);
        let l = &p.lessons[0];
        let m = marks_in(&p, &p.students[0], l)[0];
        assert!(is_make_up(m, l), "given later than the lesson");
        assert_eq!(
            attendance_in(&p.students[0], l).map(|a| a.status.as_str()),
            Some("absent"),
            "the absence stays visible alongside"
        );
        // Present students get marks on the lesson's day.
        let plain = typed(&base, 1, 0, "oral", "5");
        assert!(matches!(&plain[0], CellChange::Mark { given_on: None, .. }));
        // A later lesson than today is no make-up.
        assert_eq!(make_up_date(&p.students[0], &p.lessons[0], d(11, 10)), None);
    }

    #[test]
    fn retyping_a_mark_keeps_its_comment_and_make_up_date() {
        let today = d(11, 20);
        let base = page();
        let l = base.lessons[0].clone();
        let s = base.students[0].clone();
        let edit = MarkEdit {
            work_type: "oral".into(),
            value: "3".into(),
            comment: " Не выучил правило ".into(),
            given_on: Some(d(11, 14)),
        };
        let first = cell_edit_changes(&s, &l, None, None, &[edit], false);
        assert_eq!(first.len(), 1, "only the mark: attendance unchanged");
        let p = shown(&base, &first, today);
        let m = marks_in(&p, &p.students[0], &p.lessons[0])[0];
        assert_eq!(m.comment.as_deref(), Some("Не выучил правило"));
        assert_eq!(m.given_on, d(11, 14));
        let again = typed(&p, 0, 0, "oral", "4");
        let p2 = shown(&p, &again, today);
        let m = marks_in(&p2, &p2.students[0], &p2.lessons[0])[0];
        assert_eq!(m.value, "4");
        assert_eq!(m.comment.as_deref(), Some("Не выучил правило"));
        assert_eq!(m.given_on, d(11, 14));
        // The panel unchanged sends nothing; a removed value removes the mark.
        let same = MarkEdit::of(m, &p2.lessons[0]);
        assert!(cell_edit_changes(
            &p2.students[0],
            &p2.lessons[0],
            None,
            None,
            std::slice::from_ref(&same),
            false
        )
        .is_empty());
        let gone = MarkEdit {
            value: String::new(),
            ..same
        };
        let out = cell_edit_changes(&p2.students[0], &p2.lessons[0], None, None, &[gone], false);
        assert!(matches!(&out[..], [CellChange::Mark { value: None, .. }]));
    }

    #[test]
    fn the_class_teacher_sends_only_reasons_of_absences() {
        let today = d(11, 20);
        let base = page();
        let absent = typed(&base, 0, 1, "oral", "н");
        let p = shown(&base, &absent, today);
        let (s, l) = (&p.students[0], &p.lessons[1]);
        let mark = MarkEdit {
            work_type: "oral".into(),
            value: "5".into(),
            ..MarkEdit::default()
        };
        let out = cell_edit_changes(
            s,
            l,
            Some("absent"),
            Some("illness"),
            std::slice::from_ref(&mark),
            true,
        );
        assert_eq!(
            out,
            [CellChange::Attendance {
                entry_id: l.entry_id,
                lesson_date: l.lesson_date,
                student_id: s.id,
                status: Some(Attendance::Absent),
                reason: Some("illness".into()),
            }],
            "no mark, only the reason"
        );
        // Nothing to correct where the student was present, or a status change.
        assert!(cell_edit_changes(
            &p.students[1],
            l,
            Some("absent"),
            Some("illness"),
            &[],
            true
        )
        .is_empty());
        assert!(cell_edit_changes(s, l, None, None, &[], true).is_empty());
        // The lesson's teacher changes status and reason; a reason without a status is dropped.
        let out = cell_edit_changes(s, l, None, Some("illness"), &[], false);
        assert!(matches!(
            &out[..],
            [CellChange::Attendance {
                status: None,
                reason: None,
                ..
            }]
        ));
    }

    #[test]
    fn finals_of_every_kind_and_liquidation_after_the_lock() {
        let mut p = page();
        let student = Uuid::from_u128(1);
        let set = |kind: &str, v: &str| final_change(student, kind, v, None, "");
        assert_eq!(
            final_change(student, "year", "", None, ""),
            None,
            "nothing chosen"
        );
        let deferral = final_change(student, "exam", "", Some(d(12, 20)), " по болезни ");
        assert!(
            matches!(&deferral, Some(CellChange::Final { value: None, deferred_until: Some(_), comment: Some(c), .. }) if c == "по болезни")
        );
        let both = final_change(student, "year", "4", Some(d(12, 20)), "");
        assert!(
            matches!(
                &both,
                Some(CellChange::Final {
                    value: Some(_),
                    deferred_until: None,
                    ..
                })
            ),
            "a value wins"
        );
        for c in [set("period", "2"), set("year", "4"), deferral]
            .into_iter()
            .flatten()
        {
            apply(&mut p, &c, d(12, 20));
        }
        let today = d(12, 20);
        assert!(final_settable(&p, &p.students[0], "year", today));
        let reader = JournalPage {
            access: journal_domain::page::PageAccess::Read,
            ..p.clone()
        };
        assert!(
            !final_settable(&reader, &reader.students[0], "year", today),
            "not the keeper"
        );
        p.locked = true;
        let s = p.students[0].clone();
        assert!(final_settable(&p, &s, "period", today), "a 2 is a debt");
        assert!(
            final_settable(&p, &s, "exam", today),
            "a deferral is a debt"
        );
        assert!(!final_settable(&p, &s, "year", today), "a 4 is no debt");
        assert!(
            !final_settable(&p, &s, "final", today),
            "nothing to liquidate"
        );
        if let Some(c) = set("period", "3") {
            apply(&mut p, &c, d(12, 27));
        }
        let history = finals_of(&p, &p.students[0], "period");
        assert_eq!(history.len(), 2, "the earlier final stays in the history");
        let now = history[1];
        assert!(now.current && now.liquidation && now.value.as_deref() == Some("3"));
        assert!(!history[0].current);
        assert_eq!(
            period_final(&p.students[0]).map(|f| f.liquidation),
            Some(true)
        );
    }

    #[test]
    fn keys_move_the_active_cell_within_the_grid() {
        assert_eq!(moved("ArrowDown", false, (0, 0), 3, 4), Some((1, 0)));
        assert_eq!(moved("ArrowDown", false, (2, 0), 3, 4), Some((2, 0)));
        assert_eq!(moved("ArrowLeft", false, (0, 0), 3, 4), Some((0, 0)));
        assert_eq!(moved("Tab", false, (0, 3), 3, 4), Some((1, 0)));
        assert_eq!(moved("Tab", true, (1, 0), 3, 4), Some((0, 3)));
        assert_eq!(moved("Tab", false, (2, 3), 3, 4), None, "leaves the grid");
        assert_eq!(moved("x", false, (0, 0), 3, 4), None);
        assert_eq!(refused_index("changes[12]"), Some(12));
        assert_eq!(refused_index("changes"), None);
        assert_eq!(cell_key_action(Scale::FivePoint, "6"), None);
        assert_eq!(
            cell_key_action(Scale::PassFail, "+"),
            Some(CellKeyAction::Mark("pass".into()))
        );
    }
}
