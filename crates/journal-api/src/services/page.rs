//! One journal page (R-J1–R-J7, R-F1–R-F6): a teaching assignment in one period, loaded once per
//! request, shown, and written. Every write decision is `journal_domain::journal`'s, asked
//! through [`Deciding`]; this module gathers the facts, writes what was decided and builds the
//! audit entries. The journal's routes and the lesson write (`PUT /lessons/{entry}/{date}`) both
//! save through [`save`].

use super::lessons::{access_to, dated_lessons, Lookup, Scope};
use super::{audit_event, utc, uuid_of};
use crate::auth::Session;
use crate::error::ApiError;
use crate::notify::Written;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use chrono::NaiveDate;
use journal_api_types::journal::{
    AttendanceCell, CellChange, FinalView, JournalPage, LockView, MarkCell, PageLesson, PagePeriod,
    PageStudent, WorkTypeView,
};
use journal_api_types::timetable::Lesson;
use journal_api_types::ErrorCode;
use journal_api_types::FieldError;
use journal_db::audit::AuditEvent;
use journal_db::journal::{
    self as jdb, AttendanceRow, FinalRow, LockRow, MarkRow, Settings, WorkTypeRow,
};
use journal_db::structure::{self as sdb, Assignment, PeriodRow, YearWithCalendar};
use journal_db::timetable::{self as tdb, LessonRecord};
use journal_db::{now, roster, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::journal::{self, FinalFacts, LessonFacts, PageFacts, Planned, Refusal};
use journal_domain::locking::{is_locked, LockEvent};
use journal_domain::marks::{forecast, Scale};
use journal_domain::page::{PageAccess as Access, PageRelation};
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
    let school = session.caller.school_id;
    let finals = page.finals(conn, school)?;
    // The cells as they stand, one query per kind.
    let mut cells = Cells::load(conn, school, changes)?;
    let facts = page.facts(session, access, session.today());
    let deciding = Deciding {
        page,
        session,
        facts,
        finals: &finals,
        cells: &cells,
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

/// Everything one page is made of, loaded once per request.
pub(crate) struct Page {
    pub(crate) assignment: Assignment,
    pub(crate) class: roster::Class,
    pub(crate) year: YearWithCalendar,
    pub(crate) period: PeriodRow,
    pub(crate) scale: Scale,
    pub(crate) settings: Settings,
    pub(crate) work_types: Vec<WorkTypeRow>,
    pub(crate) locks: Vec<LockRow>,
    /// One per lesson (entry, scheduled date) of the period, in the order they take place.
    pub(crate) lessons: Vec<Lesson>,
    /// What was written in those lessons, by (entry, scheduled date).
    pub(crate) records: HashMap<(Uuid, NaiveDate), LessonRecord>,
    /// The assignment's weekly entries (every validity).
    pub(crate) entry_ids: Vec<String>,
    pub(crate) students: Vec<roster::Student>,
    pub(crate) version: i32,
    pub(crate) lookup: Lookup,
}

impl Page {
    pub(crate) fn key(&self) -> String {
        format!("{}/{}", self.assignment.id, self.period.id)
    }

    /// The page's closes and reopens, and the school's automatic lock, as the locking rules take
    /// them.
    pub(crate) fn lock_inputs(&self) -> (Vec<LockEvent>, Option<u16>) {
        let events = self.locks.iter().map(LockRow::event).collect();
        let auto = self
            .settings
            .auto_lock_days
            .map(|d| d.clamp(0, i32::from(u16::MAX)) as u16);
        (events, auto)
    }

    pub(crate) fn locked(&self, today: NaiveDate) -> bool {
        let (events, auto) = self.lock_inputs();
        is_locked(&events, self.period.ends_on, auto, today)
    }

    pub(crate) fn lesson(&self, entry: Uuid, date: NaiveDate) -> Option<&Lesson> {
        self.lessons
            .iter()
            .find(|l| l.entry_id == entry && l.scheduled_date == date)
    }

    /// Every final of the page's subject in its year of the page's students, oldest first.
    pub(crate) fn finals(
        &self,
        conn: &mut DbConnection,
        school: SchoolId,
    ) -> Result<Vec<FinalRow>, ApiError> {
        let ids: Vec<String> = self.students.iter().map(|s| s.id.clone()).collect();
        Ok(jdb::finals_of_students(
            conn,
            school,
            &self.year.year.id,
            Some(&self.assignment.subject_id),
            &ids,
        )?)
    }

    pub(crate) fn has_student(&self, id: Uuid) -> bool {
        let id = id.to_string();
        self.students.iter().any(|s| s.id == id)
    }
}

pub(crate) fn no_page() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NoSuchPage,
        "no journal page for this assignment and period",
    )
}

pub(crate) fn load(
    conn: &mut DbConnection,
    school: SchoolId,
    assignment: Uuid,
    period: Uuid,
) -> Result<Page, ApiError> {
    let period = period.to_string();
    load_where(conn, school, &assignment.to_string(), |p| p.id == period)
}

/// The page a dated lesson is on: its assignment in the period (of its class's grade) holding
/// the lesson's scheduled date.
pub(crate) fn of_lesson(
    conn: &mut DbConnection,
    school: SchoolId,
    assignment: &str,
    date: NaiveDate,
) -> Result<Page, ApiError> {
    load_where(conn, school, assignment, |p| {
        Span::new(p.starts_on, p.ends_on).contains(date)
    })
}

/// The page of `assignment` in the first period of its class's grade that `period` picks.
fn load_where(
    conn: &mut DbConnection,
    school: SchoolId,
    assignment: &str,
    period: impl Fn(&PeriodRow) -> bool,
) -> Result<Page, ApiError> {
    let a = sdb::assignment(conn, school, assignment)?.ok_or_else(no_page)?;
    let year = sdb::year(conn, school, &a.year_id)?.ok_or_else(no_page)?;
    let class = sdb::class(conn, school, &a.class_id)?.ok_or_else(no_page)?;
    let period = year
        .periods
        .iter()
        .filter(|p| (p.grade_from..=p.grade_to).contains(&class.grade))
        .find(|p| period(p))
        .cloned()
        .ok_or_else(no_page)?;
    let scale = jdb::scale_of(conn, &a.subject_id, class.grade)?;
    let settings = jdb::settings(conn, school)?;
    let work_types = jdb::work_types(conn, school)?;
    let locks = jdb::locks_of(conn, &a.id, &period.id)?;
    let version = jdb::page_version(conn, &a.id, &period.id)?;
    let range = Span::new(period.starts_on, period.ends_on);
    let entries = jdb::entries_of_assignment(conn, school, &a.id)?;
    let mut lookup = Lookup::new(school);
    let listed = dated_lessons(conn, &mut lookup, &entries, &[], range, Scope::Listed)?;
    // One column per lesson of the period: where it takes place, or its scheduled slot when it
    // was moved out of the period.
    let mut seen = HashSet::new();
    let mut page_lessons: Vec<Lesson> = Vec::new();
    let mut records = HashMap::new();
    let (held, moved_away): (Vec<_>, Vec<_>) =
        listed.into_iter().partition(|d| !d.lesson.is_moved_away());
    for d in held {
        let l = d.lesson;
        if range.contains(l.scheduled_date) && seen.insert((l.entry_id, l.scheduled_date)) {
            records.extend(d.record.map(|r| ((l.entry_id, l.scheduled_date), r)));
            page_lessons.push(l);
        }
    }
    for d in moved_away {
        let l = d.lesson;
        if seen.insert((l.entry_id, l.scheduled_date)) {
            records.extend(d.record.map(|r| ((l.entry_id, l.scheduled_date), r)));
            page_lessons.push(l);
        }
    }
    page_lessons.sort_by_key(|l| (held_on(l), l.lesson_number));
    let (from, to) = (period.starts_on, period.ends_on);
    let mut students = match &a.group_id {
        Some(g) => jdb::group_students_during(conn, school, g, from, to)?,
        None => jdb::class_students_during(conn, school, &a.class_id, from, to)?,
    };
    students.sort_by_cached_key(|s| ru_key(&format!("{} {}", s.last_name, s.first_name)));
    Ok(Page {
        assignment: a,
        class,
        year,
        period,
        scale,
        settings,
        work_types,
        locks,
        lessons: page_lessons,
        records,
        entry_ids: entries.into_iter().map(|e| e.id).collect(),
        students,
        version,
        lookup,
    })
}

/// When a lesson takes place: a moved lesson at the move's target.
pub(crate) fn held_on(l: &Lesson) -> NaiveDate {
    match &l.change {
        Some(c) if c.kind == "move" => c.moved_to_date.unwrap_or(l.date),
        _ => l.date,
    }
}

/// The caller's access to a page, by the domain rule (`journal_domain::page`).
pub(crate) fn access(session: &Session, page: &Page) -> Result<Access, ApiError> {
    let c = &session.caller;
    let me = c.user_id.to_string();
    PageRelation {
        roles: &c.roles,
        page_teacher: page.assignment.teacher_id == me,
        class_teacher: page.class.class_teacher_id.as_deref() == Some(me.as_str()),
        covers_a_lesson: page
            .lessons
            .iter()
            .any(|l| access_to(session, &page.lookup, l).1),
    }
    .access()
    .map_err(|e| ApiError::forbidden(ErrorCode::Forbidden, e.to_string()))
}

pub(crate) fn person_name(s: &roster::Student) -> String {
    match &s.middle_name {
        Some(m) => format!("{} {} {}", s.last_name, s.first_name, m),
        None => format!("{} {}", s.last_name, s.first_name),
    }
}

/// The current final of each kind (and period) is the latest one.
pub(crate) fn final_views(rows: &[&FinalRow]) -> Result<Vec<FinalView>, ApiError> {
    rows.iter()
        .zip(jdb::in_force(rows))
        .map(|(f, current)| {
            Ok(FinalView {
                kind: f.kind.clone(),
                period_id: f.period_id.as_deref().map(uuid_of).transpose()?,
                value: f.value.clone(),
                deferred_until: f.deferred_until,
                liquidation: f.liquidation,
                set_on: f.set_on,
                comment: f.comment.clone(),
                current,
            })
        })
        .collect()
}

pub(crate) fn view(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
) -> Result<JournalPage, ApiError> {
    let facts = page.facts(session, access(session, page)?, session.today());
    let entries = &page.entry_ids;
    let (from, to) = (page.period.starts_on, page.period.ends_on);
    let marks = jdb::marks_of(conn, entries, from, to)?;
    let absences = jdb::attendance_of(conn, entries, from, to)?;
    let finals = page.finals(conn, session.caller.school_id)?;
    let weights: HashMap<&str, f64> = page
        .work_types
        .iter()
        .map(|w| (w.code.as_str(), w.domain().weight()))
        .collect();
    let mut lessons = Vec::new();
    for l in &page.lessons {
        let r = page.records.get(&(l.entry_id, l.scheduled_date));
        lessons.push(PageLesson {
            entry_id: l.entry_id,
            lesson_date: l.scheduled_date,
            held_on: held_on(l),
            lesson_number: if l.is_moved_away() {
                l.change
                    .as_ref()
                    .and_then(|c| c.moved_to_lesson)
                    .unwrap_or(l.lesson_number)
            } else {
                l.lesson_number
            },
            change: l.change.as_ref().map(|c| c.kind.clone()),
            conducted: r.is_some_and(|r| r.conducted),
            topic: r.and_then(|r| r.topic.clone()),
            plan_topic_id: r
                .and_then(|r| r.plan_topic_id.as_deref())
                .map(uuid_of)
                .transpose()?,
            work_types: r.map(|r| split_codes(&r.work_types)).unwrap_or_default(),
            homework: r.and_then(|r| r.homework.clone()),
            homework_due: r.and_then(|r| r.homework_due),
            homework_note: r.and_then(|r| r.homework_note.clone()),
            writable: access_to(session, &page.lookup, l).1,
        });
    }
    let mut marks_of: HashMap<&str, Vec<&MarkRow>> = HashMap::new();
    for m in &marks {
        marks_of.entry(m.student_id.as_str()).or_default().push(m);
    }
    let mut absences_of: HashMap<&str, Vec<&AttendanceRow>> = HashMap::new();
    for a in &absences {
        absences_of
            .entry(a.student_id.as_str())
            .or_default()
            .push(a);
    }
    let mut finals_of: HashMap<&str, Vec<&FinalRow>> = HashMap::new();
    for f in &finals {
        finals_of.entry(f.student_id.as_str()).or_default().push(f);
    }
    let mut students = Vec::new();
    for s in &page.students {
        let mine = marks_of.remove(s.id.as_str()).unwrap_or_default();
        let for_forecast: Vec<(&str, f64)> = mine
            .iter()
            .map(|m| {
                (
                    m.value.as_str(),
                    weights.get(m.work_type.as_str()).copied().unwrap_or(1.0),
                )
            })
            .collect();
        let f = forecast(
            page.scale,
            &for_forecast,
            &page.settings.thresholds,
            usize::try_from(page.settings.min_marks_per_period).unwrap_or(0),
        );
        let their_finals: Vec<&FinalRow> = finals_of
            .remove(s.id.as_str())
            .unwrap_or_default()
            .into_iter()
            .filter(|x| {
                x.period_id.is_none() || x.period_id.as_deref() == Some(page.period.id.as_str())
            })
            .collect();
        students.push(PageStudent {
            id: uuid_of(&s.id)?,
            name: person_name(s),
            marks: mine
                .iter()
                .map(|m| {
                    Ok(MarkCell {
                        entry_id: uuid_of(&m.entry_id)?,
                        lesson_date: m.lesson_date,
                        work_type: m.work_type.clone(),
                        value: m.value.clone(),
                        comment: m.comment.clone(),
                        given_on: m.given_on,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
            attendance: absences_of
                .remove(s.id.as_str())
                .unwrap_or_default()
                .into_iter()
                .map(|a| {
                    Ok(AttendanceCell {
                        entry_id: uuid_of(&a.entry_id)?,
                        lesson_date: a.lesson_date,
                        status: a.status.clone(),
                        reason: a.reason.clone(),
                    })
                })
                .collect::<Result<_, ApiError>>()?,
            forecast: f,
            finals: final_views(&their_finals)?,
        });
    }
    let mut locks = Vec::new();
    for l in &page.locks {
        locks.push(LockView {
            kind: l.kind.clone(),
            until: l.until,
            reason: l.reason.clone(),
            by_name: page.lookup.person(conn, &l.created_by)?,
            at: utc(l.created_at),
        });
    }
    let teacher_name = page.lookup.person(conn, &page.assignment.teacher_id)?;
    let group = match &page.assignment.group_id {
        Some(g) => journal_db::groups::group(conn, session.caller.school_id, g)?,
        None => None,
    };
    Ok(JournalPage {
        assignment_id: uuid_of(&page.assignment.id)?,
        class_id: uuid_of(&page.class.id)?,
        class_name: page.class.name(),
        group_id: page
            .assignment
            .group_id
            .as_deref()
            .map(uuid_of)
            .transpose()?,
        group_name: group.map(|g| g.row.name),
        subject_id: uuid_of(&page.assignment.subject_id)?,
        subject_name: sdb::subject_name(
            conn,
            session.caller.school_id,
            &page.assignment.subject_id,
        )?
        .unwrap_or_default(),
        teacher_id: uuid_of(&page.assignment.teacher_id)?,
        teacher_name,
        period: PagePeriod {
            id: uuid_of(&page.period.id)?,
            kind: page.period.kind.clone(),
            number: page.period.number.clamp(0, 255) as u8,
            starts_on: page.period.starts_on,
            ends_on: page.period.ends_on,
        },
        scale: page.scale,
        work_types: page
            .work_types
            .iter()
            .map(|w| WorkTypeView {
                code: w.code.clone(),
                name: w.name.clone(),
                weight: w.domain().weight(),
                archived: w.archived,
            })
            .collect(),
        thresholds: page.settings.thresholds,
        min_marks: u16::try_from(page.settings.min_marks_per_period.max(0)).unwrap_or(u16::MAX),
        version: page.version,
        locked: facts.locked,
        access: facts.access,
        leads_class: facts.leads_class,
        locks,
        lessons,
        students,
    })
}

pub(crate) fn split_codes(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn etag(version: i32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

pub(crate) fn page_response(status: StatusCode, page: &JournalPage) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag(page.version)))
        .json(page)
}

pub(crate) fn stale() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        ErrorCode::StalePage,
        "the page changed since it was read: reload it and apply your changes again",
    )
}

pub(crate) fn locked_error() -> ApiError {
    ApiError::new(
        StatusCode::LOCKED,
        ErrorCode::PeriodLocked,
        "the period is closed for this page: the deputy or director can reopen it",
    )
}

/// One refused change of a batch.
pub(crate) fn bad(i: usize, code: &str) -> FieldError {
    FieldError {
        field: format!("changes[{i}]"),
        code: code.to_owned(),
        message: None,
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
            cancelled: l.change.as_ref().is_some_and(|c| c.kind == "cancellation"),
            caller_writes: access_to(self.session, &self.page.lookup, l).1,
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
            .is_some_and(|a| a.status == journal::ABSENT)
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
}

/// The role the page's audit entries record: `teacher` for the page's own teacher.
pub(crate) fn acting(session: &Session, page: &Page) -> String {
    let own = page.assignment.teacher_id == session.caller.user_id.to_string();
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
    page: &Page,
    change: &CellChange,
    plan: Planned,
    cells: &mut Cells,
) -> Result<Option<AuditEvent>, ApiError> {
    let school = session.caller.school_id.to_string();
    let me = session.caller.user_id.to_string();
    let at = now();
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
                status: s.clone(),
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
            topic,
            plan_topic_id,
            work_types,
            homework,
            homework_note,
            ..
        } => {
            let entry = entry_id.to_string();
            let clean = |s: &Option<String>| {
                s.as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
            };
            let plan_topic = match plan_topic_id {
                Some(id) => {
                    let topics = journal_db::planning::plan(conn, &page.assignment.id)?;
                    let t = topics
                        .into_iter()
                        .find(|t| t.id == id.to_string())
                        .ok_or_else(|| {
                            ApiError::new(
                                StatusCode::UNPROCESSABLE_ENTITY,
                                Refusal::PlanTopicNotInPlan.into(),
                                Refusal::PlanTopicNotInPlan.to_string(),
                            )
                        })?;
                    Some(t)
                }
                None => None,
            };
            let homework = clean(homework);
            let Planned::Lesson { homework_due: due } = plan else {
                return Err(ApiError::internal("a lesson planned as another change"));
            };
            let before = tdb::record_of(conn, &entry, *lesson_date)?;
            let row = LessonRecord {
                school_id: school.clone(),
                entry_id: entry.clone(),
                lesson_date: *lesson_date,
                conducted: *conducted,
                topic: clean(topic).or_else(|| plan_topic.as_ref().map(|t| t.title.clone())),
                homework,
                updated_by: me.clone(),
                updated_at: at,
                plan_topic_id: plan_topic.map(|t| t.id),
                work_types: work_types.join(","),
                homework_due: due,
                homework_note: clean(homework_note),
            };
            let shown = |r: &LessonRecord| json!({"entry_id": entry_id, "lesson_date": lesson_date, "conducted": r.conducted, "topic": r.topic, "homework": r.homework, "homework_due": r.homework_due, "work_types": r.work_types});
            tdb::save_record(conn, &row)?;
            Ok(Some(event(
                session,
                page,
                "journal.lesson",
                before.as_ref().map(shown),
                Some(shown(&row)),
            )))
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
    let row = LockRow {
        id: Uuid::new_v4().to_string(),
        school_id: session.caller.school_id.to_string(),
        assignment_id: page.assignment.id.clone(),
        period_id: page.period.id.clone(),
        kind: kind.into(),
        until,
        reason,
        created_by: session.caller.user_id.to_string(),
        created_at: now(),
    };
    jdb::insert_lock(conn, &row)?;
    let after = json!({"reason": row.reason, "until": row.until});
    let e = event(session, page, &format!("journal.{kind}"), None, Some(after));
    page.locks.push(row);
    Ok(e)
}
