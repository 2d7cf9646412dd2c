//! The queue of typed changes: the page shown with the queue applied, undo, refused changes.

use super::cells::student_of;
use super::decide::Deciding;
use chrono::NaiveDate;
use journal_api_types::journal::{
    AttendanceCell, CellChange, FinalView, JournalPage, MarkCell, PageStudent,
};
use journal_domain::journal::{self, Planned};
use journal_domain::marks::forecast;
use std::collections::HashMap;

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
            work_types,
            homework,
            homework_note,
            attendance_taken,
            ..
        } => {
            let Planned::Lesson {
                topic: planned_topic,
                homework_due,
            } = plan
            else {
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
                l.topic = planned_topic;
                l.work_types = work_types.clone();
                l.homework = clean(homework);
                l.homework_due = homework_due;
                l.homework_note = clean(homework_note);
                l.attendance_taken |= *attendance_taken;
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
            // Writing a lesson's attendance is taking it (R-R1), as the server records.
            if let Some(l) = page
                .lessons
                .iter_mut()
                .find(|l| l.entry_id == *entry_id && l.lesson_date == *lesson_date)
            {
                l.attendance_taken = true;
            }
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
                // Taking attendance is not undone: the inverse leaves it as it is.
                attendance_taken: false,
            })
        }
        CellChange::Final { .. } => None,
    }
}

/// The index of a refused change in a batch: `changes[3]` → 3.
pub fn refused_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("changes[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}
