//! Saving a page (R-J7): the write decision asked through [`Deciding`] for every change first,
//! then each change written with its audit entry, the guardians' letters queued and the page closed
//! once its last period final is set.

use super::*;
use crate::auth::Session;
use crate::error::ApiError;
use crate::notify::Written;
use crate::services::audit_event;
use crate::services::lessons::access_to;
use actix_web::http::StatusCode;
use chrono::{NaiveDate, NaiveDateTime};
use journal_api_types::journal::CellChange;
use journal_api_types::ErrorCode;
use journal_db::audit::AuditEvent;
use journal_db::journal::{self as jdb, AttendanceRow, FinalRow, LockRow, MarkRow};
use journal_db::planning::PlanTopic as PlanTopicRow;
use journal_db::timetable::{self as tdb, LessonRecord};
use journal_db::{now, DbConnection};
use journal_domain::journal::Attendance;
use journal_domain::journal::{
    self, FinalFacts, LessonFacts, PageFacts, PlanTopic, Planned, Refusal,
};
use journal_domain::page::PageAccess as Access;
use journal_domain::timetable::ChangeKind;
use journal_domain::{Role, SchoolId};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
/// Why a batch was refused as a whole: the page is closed, or changes were refused (by index).
pub(crate) enum Refused {
    Locked,
    Changes(Vec<(usize, Refusal)>),
}

/// Decide and write a batch of changes to a loaded page (R-J7), in the caller's transaction: every
/// change is decided first and nothing is written when one is refused; then each is written, the
/// guardians' letters are queued (R-D4), and the page closes once the last period final is set
/// (R-F2). Returns the audit entries, to record last. The caller has checked the version.
pub(crate) fn save(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    access: Access,
    changes: &[CellChange],
) -> Result<Result<Vec<AuditEvent>, Refused>, ApiError> {
    save_with(conn, session, page, access, changes, false)
}

/// [`save`] of a revert of a compromised account's changes (R-S5): the cells go back as they
/// stood, by the deputy, the director or the admin, whoever teaches the lessons; every other rule
/// of the page (its lock, cancelled and future lessons, the scale) holds.
pub(crate) fn restore(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    changes: &[CellChange],
) -> Result<Result<Vec<AuditEvent>, Refused>, ApiError> {
    save_with(conn, session, page, Access::Keep, changes, true)
}

fn save_with(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    access: Access,
    changes: &[CellChange],
    restoring: bool,
) -> Result<Result<Vec<AuditEvent>, Refused>, ApiError> {
    let school = session.caller.school_id;
    let finals = page.finals(conn, school)?;
    // The cells as they stand, one query per kind.
    let mut cells = Cells::load(conn, school, changes)?;
    let facts = page.facts(session, access, session.today());
    let names_a_plan_topic = changes.iter().any(|c| {
        matches!(
            c,
            CellChange::Lesson {
                plan_topic_id: Some(_),
                ..
            }
        )
    });
    let plan = if names_a_plan_topic {
        journal_db::planning::plan(conn, &page.assignment.id)?
    } else {
        Vec::new()
    };
    let deciding = Deciding {
        page,
        session,
        facts,
        finals: &finals,
        cells: &cells,
        plan: &plan,
        restoring,
    };
    let only_finals = changes
        .iter()
        .all(|c| matches!(c, CellChange::Final { .. }));
    if journal::batch(&deciding, only_finals).is_err() {
        return Ok(Err(Refused::Locked));
    }
    let mut plans = Vec::with_capacity(changes.len());
    let mut refused = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        match c.decide(&deciding) {
            Ok(plan) => plans.push(plan),
            Err(r) => refused.push((i, r)),
        }
    }
    if !refused.is_empty() {
        return Ok(Err(Refused::Changes(refused)));
    }
    let mut events = Vec::with_capacity(changes.len());
    for (c, plan) in changes.iter().zip(plans) {
        events.extend(apply(conn, session, page, c, plan, &mut cells)?);
    }
    crate::notify::journal_saved(
        conn,
        school,
        &page.assignment.subject_id,
        &page.work_types,
        &page.students,
        &cells.written(),
    )?;
    events.extend(close_when_all_finals_set(conn, session, page, facts)?);
    page.locks = jdb::locks_of(conn, &page.assignment.id, &page.period.id)?;
    Ok(Ok(events))
}

/// The answer to a refused batch of the journal save: 423 when closed, else 422
/// `invalid_changes` naming each refused change.
pub(crate) fn refused_error(r: Refused) -> ApiError {
    match r {
        Refused::Locked => locked_error(),
        Refused::Changes(list) => {
            let mut e = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidChanges,
                "some changes were refused; nothing was written",
            );
            e.errors = list.into_iter().map(|(i, r)| bad(i, r.code())).collect();
            e
        }
    }
}

/// The page as the journal write decision reads it (`journal_domain::journal`): the loaded page,
/// the caller, and the finals and cells as they stand before the save.
pub(crate) struct Deciding<'a> {
    page: &'a Page,
    session: &'a Session,
    facts: PageFacts,
    finals: &'a [FinalRow],
    cells: &'a Cells,
    /// The assignment's plan (R-T4), read when a change names a plan topic.
    plan: &'a [PlanTopicRow],
    /// A revert of a compromised account's changes ([`restore`]).
    restoring: bool,
}

impl Page {
    /// The caller's standing on the page on the school's `today`.
    pub(crate) fn facts(&self, session: &Session, access: Access, today: NaiveDate) -> PageFacts {
        PageFacts {
            access,
            leads_class: self.class.class_teacher_id.as_deref()
                == Some(session.caller.user_id.to_string().as_str()),
            scale: self.scale,
            locked: self.locked(today),
            today,
        }
    }

    /// The final of `kind` in force of a student among `finals` (this page's period for a
    /// period final).
    pub(crate) fn final_in_force<'f>(
        &self,
        finals: &'f [FinalRow],
        student: &str,
        kind: &str,
    ) -> Option<&'f FinalRow> {
        let period = (kind == "period").then(|| self.period.id.clone());
        journal::final_in_force(finals, |f| {
            f.student_id == student && f.kind == kind && f.period_id == period
        })
    }
}

impl journal::Page for Deciding<'_> {
    fn facts(&self) -> PageFacts {
        self.facts
    }

    fn lesson(&self, entry: Uuid, date: NaiveDate) -> Option<LessonFacts> {
        let l = self.page.lesson(entry, date)?;
        Some(LessonFacts {
            held_on: held_on(l),
            cancelled: l
                .change
                .as_ref()
                .is_some_and(|c| c.kind == ChangeKind::Cancellation),
            caller_writes: self.restoring || access_to(self.session, &self.page.lookup, l).1,
        })
    }

    fn has_student(&self, student: Uuid) -> bool {
        self.page.has_student(student)
    }

    fn has_work_type(&self, code: &str) -> bool {
        self.page
            .work_types
            .iter()
            .any(|w| w.code == code && !w.archived)
    }

    fn recorded_absent(&self, entry: Uuid, date: NaiveDate, student: Uuid) -> bool {
        self.cells
            .attendance
            .get(&(entry.to_string(), date, student.to_string()))
            .is_some_and(|a| a.attendance() == Attendance::Absent)
    }

    fn final_in_force(&self, student: Uuid, kind: &str) -> Option<FinalFacts<'_>> {
        let f = self
            .page
            .final_in_force(self.finals, &student.to_string(), kind)?;
        Some(FinalFacts {
            value: f.value.as_deref(),
            deferred: f.deferred_until.is_some(),
        })
    }

    fn lesson_days(&self) -> Vec<NaiveDate> {
        self.page.lessons.iter().map(held_on).collect()
    }

    fn plan_topic(&self, id: Uuid) -> PlanTopic<'_> {
        let id = id.to_string();
        self.plan
            .iter()
            .find(|t| t.id == id)
            .map_or(PlanTopic::NotInPlan, |t| PlanTopic::Titled(&t.title))
    }
}

/// The role the page's audit entries record: `teacher` for the page's own teacher.
pub(crate) fn acting(session: &Session, page: &Page) -> String {
    acting_on(session, &page.assignment)
}

/// The role recorded for what `session` does to a page of `assignment`.
fn acting_on(session: &Session, assignment: &Assignment) -> String {
    let own = assignment.teacher_id == session.caller.user_id.to_string();
    session.acting_as(
        own,
        &[
            Role::Deputy,
            Role::Director,
            Role::Teacher,
            Role::ClassTeacher,
        ],
    )
}

/// The audit entry of a change to the page.
pub(crate) fn event(
    session: &Session,
    page: &Page,
    action: &str,
    before: Option<Value>,
    after: Option<Value>,
) -> AuditEvent {
    let mut event = audit_event(
        session,
        acting(session, page),
        action,
        "journal_page",
        page.key(),
    );
    event.before = before;
    event.after = after;
    event
}

/// The marks and attendance of the cells a save touches, as they stand before it: read in one
/// query per kind, and kept up to date as the changes apply (a cell changed twice in one save
/// compares with its first change). Rows written by the save carry its time.
pub(crate) struct Cells {
    marks: HashMap<(String, NaiveDate, String, String), MarkRow>,
    attendance: HashMap<(String, NaiveDate, String), AttendanceRow>,
    /// The cells the save wrote, in order: (mark key or attendance key).
    touched: Vec<Touched>,
}

enum Touched {
    Mark((String, NaiveDate, String, String)),
    Attendance((String, NaiveDate, String)),
}

impl Cells {
    fn load(
        conn: &mut DbConnection,
        school: SchoolId,
        changes: &[CellChange],
    ) -> Result<Self, ApiError> {
        let (mut entries, mut students, mut dates) = (Vec::new(), Vec::new(), Vec::new());
        let (mut with_marks, mut with_attendance) = (false, false);
        for c in changes {
            let (entry, date, student) = match c {
                CellChange::Mark {
                    entry_id,
                    lesson_date,
                    student_id,
                    ..
                } => {
                    with_marks = true;
                    (entry_id, lesson_date, student_id)
                }
                CellChange::Attendance {
                    entry_id,
                    lesson_date,
                    student_id,
                    ..
                } => {
                    with_attendance = true;
                    (entry_id, lesson_date, student_id)
                }
                _ => continue,
            };
            entries.push(entry.to_string());
            students.push(student.to_string());
            dates.push(*date);
        }
        for v in [&mut entries, &mut students] {
            v.sort();
            v.dedup();
        }
        let mut cells = Self {
            marks: HashMap::new(),
            attendance: HashMap::new(),
            touched: Vec::new(),
        };
        let (Some(from), Some(to)) = (dates.iter().min(), dates.iter().max()) else {
            return Ok(cells);
        };
        let among = jdb::Among {
            school,
            entries: &entries,
            students: &students,
            from: *from,
            to: *to,
        };
        if with_marks {
            for m in jdb::marks_among(conn, &among)? {
                cells.marks.insert(
                    (
                        m.entry_id.clone(),
                        m.lesson_date,
                        m.student_id.clone(),
                        m.work_type.clone(),
                    ),
                    m,
                );
            }
        }
        if with_attendance {
            for a in jdb::attendance_among(conn, &among)? {
                cells
                    .attendance
                    .insert((a.entry_id.clone(), a.lesson_date, a.student_id.clone()), a);
            }
        }
        Ok(cells)
    }

    /// What the save wrote and still stands, each cell once, for the guardians' letters.
    fn written(&self) -> Vec<Written<'_>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for t in &self.touched {
            match t {
                Touched::Mark(k)
                    if seen.insert((k.0.clone(), k.1, k.2.clone(), Some(k.3.clone()))) =>
                {
                    out.extend(self.marks.get(k).map(Written::Mark));
                }
                Touched::Attendance(k) if seen.insert((k.0.clone(), k.1, k.2.clone(), None)) => {
                    out.extend(self.attendance.get(k).map(Written::Attendance));
                }
                _ => {}
            }
        }
        out
    }
}

/// Write one change; returns its audit entry, or `None` when the cell already held it.
pub(crate) fn apply(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    change: &CellChange,
    plan: Planned,
    cells: &mut Cells,
) -> Result<Option<AuditEvent>, ApiError> {
    let school = session.caller.school_id.to_string();
    let me = session.caller.user_id.to_string();
    // The server's clock (a fixed one in tests): what R-J5's deadlines are checked against.
    let at = session.clock.now().naive_utc();
    match change {
        CellChange::Mark {
            entry_id,
            lesson_date,
            student_id,
            work_type,
            value,
            comment,
            ..
        } => {
            let (entry, student) = (entry_id.to_string(), student_id.to_string());
            let cell = json!({"entry_id": entry_id, "lesson_date": lesson_date, "student_id": student_id, "work_type": work_type});
            let key = (
                entry.clone(),
                *lesson_date,
                student.clone(),
                work_type.clone(),
            );
            let before = cells.marks.get(&key).cloned();
            let shown = |m: &MarkRow| {
                let mut v = cell.clone();
                v["value"] = json!(m.value);
                v["comment"] = json!(m.comment);
                v["given_on"] = json!(m.given_on);
                v
            };
            let Planned::Mark { given_on } = plan else {
                return Err(ApiError::internal("a mark planned as another change"));
            };
            let after = match (value, &before) {
                (None, None) => return Ok(None),
                (None, Some(b)) => {
                    jdb::delete_mark(conn, &b.id)?;
                    cells.marks.remove(&key);
                    None
                }
                (Some(v), _) => {
                    let row = MarkRow {
                        id: before
                            .as_ref()
                            .map_or_else(|| Uuid::new_v4().to_string(), |b| b.id.clone()),
                        school_id: school.clone(),
                        entry_id: entry.clone(),
                        lesson_date: *lesson_date,
                        student_id: student.clone(),
                        work_type: work_type.clone(),
                        value: v.clone(),
                        comment: comment
                            .as_deref()
                            .map(str::trim)
                            .filter(|c| !c.is_empty())
                            .map(str::to_owned),
                        given_on,
                        updated_by: me.clone(),
                        updated_at: at,
                        entered_at: before.as_ref().map_or(at, |b| b.entered_at),
                    };
                    if before.as_ref().is_some_and(|b| {
                        b.value == row.value
                            && b.comment == row.comment
                            && b.given_on == row.given_on
                    }) {
                        return Ok(None);
                    }
                    if before.is_some() {
                        jdb::update_mark(conn, &row)?;
                    } else {
                        jdb::insert_mark(conn, &row)?;
                    }
                    let shown_row = shown(&row);
                    cells.marks.insert(key.clone(), row);
                    Some(shown_row)
                }
            };
            cells.touched.push(Touched::Mark(key));
            Ok(Some(event(
                session,
                page,
                "journal.mark",
                before.as_ref().map(shown),
                after.or(Some(cell)),
            )))
        }
        CellChange::Attendance {
            entry_id,
            lesson_date,
            student_id,
            status,
            reason,
        } => {
            let (entry, student) = (entry_id.to_string(), student_id.to_string());
            let cell =
                json!({"entry_id": entry_id, "lesson_date": lesson_date, "student_id": student_id});
            let key = (entry.clone(), *lesson_date, student.clone());
            let before = cells.attendance.get(&key).cloned();
            let shown = |a: &AttendanceRow| {
                let mut v = cell.clone();
                v["status"] = json!(a.status);
                v["reason"] = json!(a.reason);
                v
            };
            let row = status.as_ref().map(|s| AttendanceRow {
                school_id: school.clone(),
                entry_id: entry.clone(),
                lesson_date: *lesson_date,
                student_id: student.clone(),
                status: s.as_str().to_owned(),
                reason: reason.clone(),
                updated_by: me.clone(),
                updated_at: at,
            });
            let same = match (&before, &row) {
                (None, None) => true,
                (Some(b), Some(r)) => b.status == r.status && b.reason == r.reason,
                _ => false,
            };
            if same {
                return Ok(None);
            }
            jdb::set_attendance(conn, (&entry, *lesson_date, &student), row.as_ref())?;
            // Writing a lesson's attendance is taking it (R-R1).
            journal_db::bulk::check_attendance(
                conn,
                &[jdb::AttendanceCheck {
                    school_id: school.clone(),
                    entry_id: entry.clone(),
                    lesson_date: *lesson_date,
                    checked_by: me.clone(),
                    checked_at: at,
                }],
            )?;
            let e = event(
                session,
                page,
                "journal.attendance",
                before.as_ref().map(shown),
                Some(row.as_ref().map_or(cell.clone(), shown)),
            );
            match row {
                Some(r) => cells.attendance.insert(key.clone(), r),
                None => cells.attendance.remove(&key),
            };
            cells.touched.push(Touched::Attendance(key));
            Ok(Some(e))
        }
        CellChange::Lesson {
            entry_id,
            lesson_date,
            conducted,
            plan_topic_id,
            work_types,
            homework,
            homework_note,
            attendance_taken,
            ..
        } => {
            let entry = entry_id.to_string();
            let clean = |s: &Option<String>| {
                s.as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
            };
            let homework = clean(homework);
            let Planned::Lesson {
                topic,
                homework_due: due,
            } = plan
            else {
                return Err(ApiError::internal("a lesson planned as another change"));
            };
            let before = tdb::record_of(conn, &entry, *lesson_date)?;
            let row = LessonRecord {
                school_id: school.clone(),
                entry_id: entry.clone(),
                lesson_date: *lesson_date,
                conducted: *conducted,
                topic,
                homework,
                updated_by: me.clone(),
                updated_at: at,
                plan_topic_id: plan_topic_id.map(|t| t.to_string()),
                work_types: work_types.join(","),
                homework_due: due,
                homework_note: clean(homework_note),
                topic_entered_at: None,
                homework_entered_at: None,
            };
            // A topic or homework keeps the moment it was first written while it stays (R-J5).
            let first = |had: Option<NaiveDateTime>, has: bool| has.then(|| had.unwrap_or(at));
            let row = LessonRecord {
                topic_entered_at: first(
                    before.as_ref().and_then(|b| b.topic_entered_at),
                    row.topic.is_some(),
                ),
                homework_entered_at: first(
                    before.as_ref().and_then(|b| b.homework_entered_at),
                    row.homework.is_some(),
                ),
                ..row
            };
            let shown = |r: &LessonRecord| json!({"entry_id": entry_id, "lesson_date": lesson_date, "conducted": r.conducted, "topic": r.topic, "plan_topic_id": r.plan_topic_id, "homework": r.homework, "homework_due": r.homework_due, "homework_note": r.homework_note, "work_types": r.work_types, "attendance_taken": *attendance_taken});
            tdb::save_record(conn, &row)?;
            if *attendance_taken {
                journal_db::bulk::check_attendance(
                    conn,
                    &[jdb::AttendanceCheck {
                        school_id: school.clone(),
                        entry_id: entry.clone(),
                        lesson_date: *lesson_date,
                        checked_by: me.clone(),
                        checked_at: at,
                    }],
                )?;
            }
            let e = event(
                session,
                page,
                "journal.lesson",
                before.as_ref().map(shown),
                Some(shown(&row)),
            );
            // The page answered after the save shows the lesson as written.
            page.records.insert((*entry_id, *lesson_date), row);
            Ok(Some(e))
        }
        CellChange::Final {
            student_id,
            final_kind,
            value,
            deferred_until,
            comment,
        } => {
            let Planned::Final {
                liquidation,
                set_on,
            } = plan
            else {
                return Err(ApiError::internal("a final planned as another change"));
            };
            let student = student_id.to_string();
            let row = FinalRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.clone(),
                student_id: student.clone(),
                subject_id: page.assignment.subject_id.clone(),
                year_id: page.year.year.id.clone(),
                kind: final_kind.clone(),
                period_id: (final_kind == "period").then(|| page.period.id.clone()),
                value: value.clone(),
                deferred_until: *deferred_until,
                liquidation,
                set_on,
                comment: comment
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned),
                created_by: me.clone(),
                created_at: at,
            };
            jdb::insert_final(conn, &row)?;
            let shown = json!({"student_id": student_id, "final_kind": final_kind, "value": row.value, "deferred_until": row.deferred_until, "liquidation": row.liquidation, "comment": row.comment});
            Ok(Some(event(
                session,
                page,
                "journal.final",
                None,
                Some(shown),
            )))
        }
    }
}

/// Once every student of the page has a period final (not deferred), the page closes (R-F2).
pub(crate) fn close_when_all_finals_set(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    facts: PageFacts,
) -> Result<Option<AuditEvent>, ApiError> {
    if journal::closes_by_itself(facts, page.students.len(), page.students.len()).is_none() {
        return Ok(None);
    }
    let finals = page.finals(conn, session.caller.school_id)?;
    let with_final = page
        .students
        .iter()
        .filter(|s| {
            page.final_in_force(&finals, &s.id, "period")
                .is_some_and(|f| f.value.is_some())
        })
        .count();
    let Some(reason) = journal::closes_by_itself(facts, page.students.len(), with_final) else {
        return Ok(None);
    };
    add_lock(
        conn,
        session,
        page,
        "close",
        None,
        Some(reason.text().to_owned()),
    )
    .map(Some)
}

/// Record a close or reopen of the page; returns its audit entry (with the reason) to record.
pub(crate) fn add_lock(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    kind: &str,
    until: Option<NaiveDate>,
    reason: Option<String>,
) -> Result<AuditEvent, ApiError> {
    let (row, e) = lock_entry(
        session,
        &page.assignment,
        &page.period.id,
        kind,
        until,
        reason,
    );
    jdb::insert_lock(conn, &row)?;
    page.locks.push(row);
    Ok(e)
}

/// A close or reopen (`kind`) of the page of `assignment` in `period` by `session`, and its audit
/// entry `journal.close` / `journal.reopen` with the reason and the last day (R-F2, R-P4): the
/// same for one page and for a class's or the school's pages at once. Not yet written.
pub(crate) fn lock_entry(
    session: &Session,
    assignment: &Assignment,
    period: &str,
    kind: &str,
    until: Option<NaiveDate>,
    reason: Option<String>,
) -> (LockRow, AuditEvent) {
    let row = LockRow {
        id: Uuid::new_v4().to_string(),
        school_id: session.caller.school_id.to_string(),
        assignment_id: assignment.id.clone(),
        period_id: period.to_owned(),
        kind: kind.into(),
        until,
        reason,
        created_by: session.caller.user_id.to_string(),
        created_at: now(),
    };
    let mut e = audit_event(
        session,
        acting_on(session, assignment),
        &format!("journal.{kind}"),
        "journal_page",
        format!("{}/{}", assignment.id, period),
    );
    e.after = Some(json!({"reason": row.reason, "until": row.until}));
    (row, e)
}
