//! One journal page (R-J1–R-J7, R-F1–R-F6): a teaching assignment in one period, loaded once per
//! request, shown, and written. Every write decision is `journal_domain::journal`'s, asked
//! through [`Deciding`]; this module gathers the facts, writes what was decided and builds the
//! audit entries. The journal's routes and the lesson write (`PUT /lessons/{entry}/{date}`) both
//! save through [`save`].

pub(crate) mod bulk;
mod save;

pub(crate) use save::{add_lock, event, lock_entry, refused_error, restore, save, Refused};

use crate::auth::Session;
use crate::error::ApiError;
use crate::services::lessons::{access_to, dated_lessons, Lookup, Scope};
use crate::services::{utc, uuid_of};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use chrono::NaiveDate;
use journal_api_types::journal::{
    AttendanceCell, FinalView, JournalPage, LockView, MarkCell, PageLesson, PagePeriod,
    PageStudent, WorkTypeView,
};
use journal_api_types::timetable::Lesson;
use journal_api_types::ErrorCode;
use journal_api_types::FieldError;
use journal_db::journal::{
    self as jdb, AttendanceRow, FinalRow, LockRow, MarkRow, Settings, WorkTypeRow,
};
use journal_db::structure::{self as sdb, Assignment, PeriodRow, YearWithCalendar};
use journal_db::timetable::LessonRecord;
use journal_db::{roster, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::locking::{is_locked, LockEvent};
use journal_domain::marks::{forecast, Scale};
use journal_domain::page::{PageAccess as Access, PageRelation};
use journal_domain::timetable::ChangeKind;
use journal_domain::SchoolId;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
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
        (events, auto_lock_days(&self.settings))
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

/// The school's automatic lock (days after a period ends) as the locking rules take it.
pub(crate) fn auto_lock_days(settings: &Settings) -> Option<u16> {
    settings
        .auto_lock_days
        .map(|d| d.clamp(0, i32::from(u16::MAX)) as u16)
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
        Some(c) if c.kind == ChangeKind::Move => c.moved_to_date.unwrap_or(l.date),
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

/// The page as the API shows it to a caller with `access` (asked once per request, by [`access`]).
pub(crate) fn view(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    access: Access,
) -> Result<JournalPage, ApiError> {
    let facts = page.facts(session, access, session.today());
    let entries = &page.entry_ids;
    let (from, to) = (page.period.starts_on, page.period.ends_on);
    let marks = jdb::marks_of(conn, entries, from, to)?;
    let absences = jdb::attendance_of(conn, entries, from, to)?;
    let taken: std::collections::HashSet<(String, chrono::NaiveDate)> =
        jdb::checks_of(conn, entries, from, to)?
            .into_iter()
            .collect();
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
            change: l.change.as_ref().map(|c| c.kind),
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
            attendance_taken: taken.contains(&(l.entry_id.to_string(), l.scheduled_date)),
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
                        status: a.attendance(),
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
        work_types: page.work_types.iter().map(work_type_view).collect(),
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

/// A work type as the API shows it (the page and the journal settings).
pub(crate) fn work_type_view(w: &WorkTypeRow) -> WorkTypeView {
    WorkTypeView {
        code: w.code.clone(),
        name: w.name.clone(),
        weight: w.domain().weight(),
        archived: w.archived,
    }
}
