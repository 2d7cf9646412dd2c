//! The class journal (R-J1–R-J7, R-F1–R-F6, R-P4). A page is one teaching assignment in one
//! period: its lessons (from the timetable, with changes), its students (who were in the class
//! during the period), marks, attendance, finals, the forecast, and its close/reopen history.
//! `GET` gives the page and its version as `ETag`; `POST` with `If-Match` saves a batch of changes
//! in one transaction, or answers 412 with nothing written. Every changed cell is audited with
//! before and after; the page's history reads those entries back.

use super::lessons::{dated_lessons, Lookup, Scope};
use super::structure::ensure_open;
use super::timetable::access_to;
use super::{audit_event, utc, uuid_of};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::notify::Written;
use crate::state::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use journal_api_types::journal::{
    AttendanceCell, CellChange, ClosePage, FinalView, HistoryFilter, HistoryItem, JournalPage,
    JournalSettings, JournalSettingsInput, LockView, MarkCell, PageLesson, PagePeriod, PageStudent,
    ReopenPage, SaveCells, SubjectScale, SummaryFinal, SummaryLine, SummarySheet, SummarySubject,
    WorkTypeInput, WorkTypeView,
};
use journal_api_types::timetable::Lesson;
use journal_api_types::{FieldError, Problem};
use journal_db::audit::{self, AuditEvent};
use journal_db::journal::{
    self as jdb, AttendanceRow, FinalRow, LockRow, MarkRow, Settings, WorkTypeRow,
};
use journal_db::structure::{self as sdb, Assignment, PeriodRow, YearWithCalendar};
use journal_db::timetable::{self as tdb, LessonRecord};
use journal_db::{now, roster, users, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::locking::{is_locked, may_close, may_reopen, LockEvent};
use journal_domain::marks::{forecast, is_debt, Scale};
use journal_domain::page::{may_read_class_sheets, PageAccess as Access, PageRelation};
use journal_domain::{Action, Role, SchoolId};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Everything one page is made of, loaded once per request.
struct Page {
    assignment: Assignment,
    class: roster::Class,
    year: YearWithCalendar,
    period: PeriodRow,
    scale: Scale,
    settings: Settings,
    work_types: Vec<WorkTypeRow>,
    locks: Vec<LockRow>,
    /// One per lesson (entry, scheduled date) of the period, in the order they take place.
    lessons: Vec<Lesson>,
    /// What was written in those lessons, by (entry, scheduled date).
    records: HashMap<(Uuid, NaiveDate), LessonRecord>,
    /// The assignment's weekly entries (every validity).
    entry_ids: Vec<String>,
    students: Vec<roster::Student>,
    version: i32,
    lookup: Lookup,
}

impl Page {
    fn key(&self) -> String {
        format!("{}/{}", self.assignment.id, self.period.id)
    }

    /// The page's closes and reopens, and the school's automatic lock, as the locking rules take
    /// them.
    fn lock_inputs(&self) -> (Vec<LockEvent>, Option<u16>) {
        let events = self.locks.iter().map(LockRow::event).collect();
        let auto = self
            .settings
            .auto_lock_days
            .map(|d| d.clamp(0, i32::from(u16::MAX)) as u16);
        (events, auto)
    }

    fn locked(&self, today: NaiveDate) -> bool {
        let (events, auto) = self.lock_inputs();
        is_locked(&events, self.period.ends_on, auto, today)
    }

    fn lesson(&self, entry: Uuid, date: NaiveDate) -> Option<&Lesson> {
        self.lessons
            .iter()
            .find(|l| l.entry_id == entry && l.scheduled_date == date)
    }

    /// Every final of the page's subject in its year of the page's students, oldest first.
    fn finals(&self, conn: &mut DbConnection, school: SchoolId) -> Result<Vec<FinalRow>, ApiError> {
        let ids: Vec<String> = self.students.iter().map(|s| s.id.clone()).collect();
        Ok(jdb::finals_of_students(
            conn,
            school,
            &self.year.year.id,
            Some(&self.assignment.subject_id),
            &ids,
        )?)
    }

    fn has_student(&self, id: Uuid) -> bool {
        let id = id.to_string();
        self.students.iter().any(|s| s.id == id)
    }
}

fn no_page() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_such_page",
        "no journal page for this assignment and period",
    )
}

fn load(
    conn: &mut DbConnection,
    school: SchoolId,
    assignment: Uuid,
    period: Uuid,
) -> Result<Page, ApiError> {
    let a = sdb::assignment(conn, school, &assignment.to_string())?.ok_or_else(no_page)?;
    let year = sdb::year(conn, school, &a.year_id)?.ok_or_else(no_page)?;
    let class = sdb::class(conn, school, &a.class_id)?.ok_or_else(no_page)?;
    let period = year
        .periods
        .iter()
        .find(|p| p.id == period.to_string())
        .filter(|p| (p.grade_from..=p.grade_to).contains(&class.grade))
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
fn held_on(l: &Lesson) -> NaiveDate {
    match &l.change {
        Some(c) if c.kind == "move" => c.moved_to_date.unwrap_or(l.date),
        _ => l.date,
    }
}

/// The caller's access to a page, by the domain rule (`journal_domain::page`).
fn access(session: &Session, page: &Page) -> Result<Access, ApiError> {
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
    .map_err(|e| ApiError::forbidden("forbidden", e.to_string()))
}

fn person_name(s: &roster::Student) -> String {
    match &s.middle_name {
        Some(m) => format!("{} {} {}", s.last_name, s.first_name, m),
        None => format!("{} {}", s.last_name, s.first_name),
    }
}

/// The current final of each kind (and period) is the latest one.
fn final_views(rows: &[&FinalRow]) -> Result<Vec<FinalView>, ApiError> {
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

fn view(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
) -> Result<JournalPage, ApiError> {
    let today = session.today();
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
        locked: page.locked(today),
        locks,
        lessons,
        students,
    })
}

fn split_codes(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn etag(version: i32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

fn page_response(status: StatusCode, page: &JournalPage) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag(page.version)))
        .json(page)
}

/// A journal page: lessons, students, marks, attendance, averages and forecast, finals, lock
/// state (R-J1–R-J4, R-F1–R-F6). The page's teacher, the class teacher (read-only), a substitute
/// covering one of its lessons (read-only but that lesson), the deputy and director.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("assignment_id" = Uuid, Path), ("period_id" = Uuid, Path)),
    responses(
        (status = 200, body = JournalPage, headers(("ETag" = String, description = "The page's version, for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_such_page`", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/journal/{assignment_id}/{period_id}")]
pub async fn get_page(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (assignment, period) = path.into_inner();
    let page = state
        .read(move |conn| {
            let mut page = load(conn, session.caller.school_id, assignment, period)?;
            access(&session, &page)?;
            view(conn, &session, &mut page)
        })
        .await?;
    Ok(page_response(StatusCode::OK, &page))
}

/// The version an `If-Match` header names: `"7"` or `W/"7"`, 1–9 digits.
fn if_match(req: &HttpRequest) -> Result<i32, ApiError> {
    let raw = req
        .headers()
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "if_match_required",
                "send the page's ETag in If-Match",
            )
        })?;
    // Exactly the pattern the contract states for the header.
    let version = raw.strip_prefix("W/").unwrap_or(raw);
    version
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .filter(|v| (1..=9).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            ApiError::bad_request("invalid_if_match", "If-Match must be an ETag of the page")
        })
}

fn stale() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "stale_page",
        "the page changed since it was read: reload it and apply your changes again",
    )
}

fn locked_error() -> ApiError {
    ApiError::new(
        StatusCode::LOCKED,
        "period_locked",
        "the period is closed for this page: the deputy or director can reopen it",
    )
}

/// One refused change of a batch.
fn bad(i: usize, code: &str) -> FieldError {
    FieldError {
        field: format!("changes[{i}]"),
        code: code.to_owned(),
        message: None,
    }
}

/// Check one change against the page; `None` when it may be written.
fn refusal(
    session: &Session,
    page: &Page,
    access: Access,
    today: NaiveDate,
    finals: &[FinalRow],
    change: &CellChange,
) -> Option<&'static str> {
    let lesson_rights = |entry: Uuid, date: NaiveDate| -> Result<&Lesson, &'static str> {
        let l = page.lesson(entry, date).ok_or("lesson_not_on_page")?;
        if !access_to(session, &page.lookup, l).1 {
            return Err("forbidden");
        }
        if l.change.as_ref().is_some_and(|c| c.kind == "cancellation") {
            return Err("lesson_cancelled");
        }
        Ok(l)
    };
    let student = |id: Uuid| {
        page.has_student(id)
            .then_some(())
            .ok_or("student_not_on_page")
    };
    let work_type = |code: &str| {
        page.work_types
            .iter()
            .any(|w| w.code == code && !w.archived)
            .then_some(())
            .ok_or("unknown_work_type")
    };
    let result: Result<(), &'static str> = (|| match change {
        CellChange::Mark {
            entry_id,
            lesson_date,
            student_id,
            work_type: wt,
            value,
            given_on,
            ..
        } => {
            let l = lesson_rights(*entry_id, *lesson_date)?;
            student(*student_id)?;
            work_type(wt)?;
            if page.scale == Scale::NoMarks {
                return Err("no_marks_scale");
            }
            if value.as_deref().is_some_and(|v| !page.scale.accepts(v)) {
                return Err("mark_outside_scale");
            }
            if given_on.is_some_and(|g| g < held_on(l) || g > today) {
                return Err("given_on_outside_lesson");
            }
            Ok(())
        }
        CellChange::Attendance {
            entry_id,
            lesson_date,
            student_id,
            status,
            ..
        } => {
            student(*student_id)?;
            let Some(l) = page.lesson(*entry_id, *lesson_date) else {
                return Err("lesson_not_on_page");
            };
            // The class teacher sets and corrects absence reasons of their class (R-J3, R-A5).
            let class_teacher = page.class.class_teacher_id.as_deref()
                == Some(session.caller.user_id.to_string().as_str());
            if !access_to(session, &page.lookup, l).1 {
                let reason_only = class_teacher && status.as_deref() == Some("absent");
                return if reason_only {
                    Ok(())
                } else {
                    Err("forbidden")
                };
            }
            if l.change.as_ref().is_some_and(|c| c.kind == "cancellation") {
                return Err("lesson_cancelled");
            }
            Ok(())
        }
        CellChange::Lesson {
            entry_id,
            lesson_date,
            work_types,
            ..
        } => {
            lesson_rights(*entry_id, *lesson_date)?;
            for w in work_types {
                work_type(w)?;
            }
            Ok(())
        }
        CellChange::Final {
            student_id,
            value,
            final_kind,
            ..
        } => {
            if access != Access::Keep {
                return Err("forbidden");
            }
            student(*student_id)?;
            if page.scale == Scale::NoMarks {
                return Err("no_marks_scale");
            }
            if value
                .as_deref()
                .is_some_and(|v| !page.scale.accepts_final(v))
            {
                return Err("mark_outside_scale");
            }
            if page.locked(today) {
                // After the lock only a debt is liquidated, as a new dated final (R-F4).
                let current = current_final(finals, &student_id.to_string(), final_kind, page);
                let in_debt = current.is_some_and(|f| {
                    is_debt(page.scale, f.value.as_deref(), f.deferred_until.is_some())
                });
                if !in_debt {
                    return Err("period_locked");
                }
            }
            Ok(())
        }
    })();
    result.err()
}

fn current_final<'a>(
    finals: &'a [FinalRow],
    student: &str,
    kind: &str,
    page: &Page,
) -> Option<&'a FinalRow> {
    let period = (kind == "period").then(|| page.period.id.clone());
    finals
        .iter()
        .rfind(|f| f.student_id == student && f.kind == kind && f.period_id == period)
}

/// Save a batch of changes to a page atomically (R-J7): marks, attendance, what lessons did,
/// finals. `If-Match` must carry the page's `ETag`; a stale one answers 412 and writes nothing, as
/// does any refused change (422 `invalid_changes` lists each by index with its code). A closed
/// period answers 423 `period_locked`, except a liquidated debt (R-F2, R-F4). Setting the last
/// missing period final closes the page.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("assignment_id" = Uuid, Path), ("period_id" = Uuid, Path), ("If-Match" = String, Header, pattern = r#"^(?:W/)?"[0-9]{1,9}"$"#, description = "The page's ETag, `\"7\"` or `W/\"7\"` (else `400 invalid_if_match`)")),
    request_body = SaveCells,
    responses(
        (status = 200, body = JournalPage, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_such_page`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_page`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_changes`: `errors[]` names each refused change (`changes[i]`) with `lesson_not_on_page`, `student_not_on_page`, `unknown_work_type`, `mark_outside_scale`, `no_marks_scale`, `lesson_cancelled`, `given_on_outside_lesson`, `forbidden`, `period_locked`", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`period_locked`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`if_match_required`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/journal/{assignment_id}/{period_id}")]
pub async fn save_page(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: Valid<SaveCells>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let expected = if_match(&req)?;
    let (assignment, period) = path.into_inner();
    let changes = body.0.changes;
    let st = state.clone();
    let page = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let mut page = load(conn, school, assignment, period)?;
            let access = access(&session, &page)?;
            ensure_open(&page.year.year)?;
            if !jdb::bump_version(
                conn,
                school,
                (&page.assignment.id, &page.period.id),
                expected,
            )? {
                return Err(stale());
            }
            let today = session.today();
            let finals = page.finals(conn, school)?;
            let locked = page.locked(today);
            if locked
                && changes
                    .iter()
                    .any(|c| !matches!(c, CellChange::Final { .. }))
            {
                return Err(locked_error());
            }
            let refused: Vec<FieldError> = changes
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    refusal(&session, &page, access, today, &finals, c).map(|code| bad(i, code))
                })
                .collect();
            if !refused.is_empty() {
                let mut e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_changes",
                    "some changes were refused; nothing was written",
                );
                e.errors = refused;
                return Err(e);
            }
            // The cells as they stand, one query per kind; the audit entries go in last, so the
            // school's audit chain is held only from there to the commit.
            let mut cells = Cells::load(conn, school, &changes)?;
            let mut events = Vec::with_capacity(changes.len());
            for c in &changes {
                events.extend(apply(conn, &session, &page, locked, today, c, &mut cells)?);
            }
            // R-D4: e-mail the guardians about marks and absences this save wrote.
            crate::notify::journal_saved(
                conn,
                school,
                &page.assignment.subject_id,
                &page.work_types,
                &page.students,
                &cells.written(),
            )?;
            page.version = expected + 1;
            events.extend(close_when_all_finals_set(conn, &session, &mut page, today)?);
            page.locks = jdb::locks_of(conn, &page.assignment.id, &page.period.id)?;
            let shown = view(conn, &session, &mut page)?;
            audit::record_many(conn, &st.audit_key, &events)?;
            Ok(shown)
        })
        .await?;
    Ok(page_response(StatusCode::OK, &page))
}

fn acting(session: &Session, page: &Page) -> String {
    if session.caller.has(Role::Teacher)
        && page.assignment.teacher_id == session.caller.user_id.to_string()
    {
        "teacher".to_owned()
    } else {
        session.acting_role(&[
            Role::Deputy,
            Role::Director,
            Role::Teacher,
            Role::ClassTeacher,
        ])
    }
}

/// The audit entry of a change to the page.
fn event(
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
struct Cells {
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
fn apply(
    conn: &mut DbConnection,
    session: &Session,
    page: &Page,
    locked: bool,
    today: NaiveDate,
    change: &CellChange,
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
            given_on,
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
            let held = page
                .lesson(*entry_id, *lesson_date)
                .map(held_on)
                .unwrap_or(*lesson_date);
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
                        given_on: given_on.unwrap_or(held),
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
            let l = page.lesson(*entry_id, *lesson_date);
            let writes_lesson = l.is_some_and(|l| access_to(session, &page.lookup, l).1);
            if !writes_lesson && before.as_ref().map(|b| b.status.as_str()) != Some("absent") {
                // A class teacher corrects reasons of absences the teacher recorded, nothing else.
                return Err(ApiError::forbidden(
                    "forbidden",
                    "only the lesson's teacher records attendance",
                ));
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
            homework_due,
            homework_note,
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
                                "plan_topic_not_in_plan",
                                "the topic is not in this assignment's plan",
                            )
                        })?;
                    Some(t)
                }
                None => None,
            };
            let homework = clean(homework);
            // Homework is due by the next lesson of the subject unless the teacher says otherwise.
            let due = homework_due.or_else(|| {
                homework.as_ref()?;
                let this = page.lesson(*entry_id, *lesson_date).map(held_on)?;
                page.lessons.iter().map(held_on).filter(|d| *d > this).min()
            });
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
                liquidation: locked,
                set_on: today,
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
fn close_when_all_finals_set(
    conn: &mut DbConnection,
    session: &Session,
    page: &mut Page,
    today: NaiveDate,
) -> Result<Option<AuditEvent>, ApiError> {
    if page.locked(today) || page.students.is_empty() || page.scale == Scale::NoMarks {
        return Ok(None);
    }
    let finals = page.finals(conn, session.caller.school_id)?;
    let all_set = page
        .students
        .iter()
        .all(|s| current_final(&finals, &s.id, "period", page).is_some_and(|f| f.value.is_some()));
    if !all_set {
        return Ok(None);
    }
    let reason = Some("все итоговые отметки выставлены".to_owned());
    add_lock(conn, session, page, "close", None, reason).map(Some)
}

/// Record a close or reopen of the page; returns its audit entry (with the reason) to record.
fn add_lock(
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

/// Close the period for this page (R-F2): its teacher, the deputy or the director. Marks,
/// attendance and finals become read-only until the deputy or director reopens it.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("assignment_id" = Uuid, Path), ("period_id" = Uuid, Path)), request_body = ClosePage,
    responses(
        (status = 200, body = JournalPage),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`period_already_closed`, `year_archived`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/journal/{assignment_id}/{period_id}/close")]
pub async fn close_page(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, Uuid)>,
    body: Valid<ClosePage>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (assignment, period) = path.into_inner();
    let reason = body.0.reason;
    let st = state.clone();
    let page = state
        .write(move |conn| {
            let mut page = load(conn, session.caller.school_id, assignment, period)?;
            if access(&session, &page)? != Access::Keep {
                return Err(ApiError::forbidden(
                    "forbidden",
                    "only the page's teacher closes it",
                ));
            }
            ensure_open(&page.year.year)?;
            let today = session.today();
            let (events, auto) = page.lock_inputs();
            may_close(&events, page.period.ends_on, auto, today)
                .map_err(|p| ApiError::conflict(p.code(), p.to_string()))?;
            let e = add_lock(conn, &session, &mut page, "close", None, reason)?;
            audit::record(conn, &st.audit_key, &e)?;
            view(conn, &session, &mut page)
        })
        .await?;
    Ok(page_response(StatusCode::OK, &page))
}

/// Reopen a closed page (R-F2): deputy or director only, with a reason, for good or until a date.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("assignment_id" = Uuid, Path), ("period_id" = Uuid, Path)), request_body = ReopenPage,
    responses(
        (status = 200, body = JournalPage),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`period_not_closed`, `year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reopen_until_past`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/journal/{assignment_id}/{period_id}/reopen")]
pub async fn reopen_page(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, Uuid)>,
    body: Valid<ReopenPage>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    if !(session.caller.has(Role::Deputy) || session.caller.has(Role::Director)) {
        return Err(ApiError::forbidden(
            "forbidden",
            "only the deputy or director reopens a period",
        ));
    }
    let (assignment, period) = path.into_inner();
    let input = body.0;
    let st = state.clone();
    let page = state
        .write(move |conn| {
            let mut page = load(conn, session.caller.school_id, assignment, period)?;
            ensure_open(&page.year.year)?;
            let today = session.today();
            let (events, auto) = page.lock_inputs();
            may_reopen(&events, page.period.ends_on, auto, today, input.until).map_err(|p| {
                let status = if p == journal_domain::locking::LockProblem::UntilInThePast {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::CONFLICT
                };
                ApiError::new(status, p.code(), p.to_string())
            })?;
            let reason = Some(input.reason.trim().to_owned());
            let e = add_lock(conn, &session, &mut page, "reopen", input.until, reason)?;
            audit::record(conn, &st.audit_key, &e)?;
            view(conn, &session, &mut page)
        })
        .await?;
    Ok(page_response(StatusCode::OK, &page))
}

/// The history of a page, or of one cell with the filters (R-P4): who changed what, when, from
/// what to what; closes and reopens with their reasons. Newest first.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("assignment_id" = Uuid, Path), ("period_id" = Uuid, Path), HistoryFilter),
    responses(
        (status = 200, body = Vec<HistoryItem>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/journal/{assignment_id}/{period_id}/history")]
pub async fn page_history(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, Uuid)>,
    query: ValidQuery<HistoryFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (assignment, period) = path.into_inner();
    let f = query.0;
    let items = state
        .read(move |conn| {
            let page = load(conn, session.caller.school_id, assignment, period)?;
            access(&session, &page)?;
            let listed = audit::list(
                conn,
                session.caller.school_id,
                &audit::ListFilter {
                    action: None,
                    entity: Some("journal_page".into()),
                    entity_id: Some(page.key()),
                    offset: 0,
                    limit: 10_000,
                },
            )?;
            let matches = |v: &Option<Value>, key: &str, want: Option<String>| match want {
                None => true,
                Some(w) => v
                    .as_ref()
                    .is_some_and(|v| v[key].as_str() == Some(w.as_str())),
            };
            let ids: Vec<String> = listed
                .rows
                .iter()
                .filter_map(|(r, _)| r.actor_id.clone())
                .collect();
            let names: HashMap<String, String> = users::find_many(conn, &ids)?
                .into_iter()
                .map(|u| (u.id.clone(), u.full_name()))
                .collect();
            let mut out = Vec::new();
            for (row, login) in listed.rows {
                let before: Option<Value> = row
                    .before_json
                    .as_deref()
                    .and_then(|b| serde_json::from_str(b).ok());
                let after: Option<Value> = row
                    .after_json
                    .as_deref()
                    .and_then(|a| serde_json::from_str(a).ok());
                let cell = |key: &str, want: Option<String>| {
                    matches(&after, key, want.clone()) || matches(&before, key, want)
                };
                let wanted = cell("student_id", f.student_id.map(|s| s.to_string()))
                    && cell("entry_id", f.entry_id.map(|e| e.to_string()))
                    && cell("lesson_date", f.lesson_date.map(|d| d.to_string()));
                if !wanted {
                    continue;
                }
                out.push(HistoryItem {
                    at: utc(row.at),
                    action: row.action.clone(),
                    actor_id: row.actor_id.as_deref().map(uuid_of).transpose()?,
                    actor_name: row
                        .actor_id
                        .as_ref()
                        .and_then(|a| names.get(a).cloned())
                        .or(login)
                        .unwrap_or_default(),
                    actor_role: row.actor_role.clone(),
                    before,
                    after,
                });
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(items))
}

fn settings_view(conn: &mut DbConnection, school: SchoolId) -> Result<JournalSettings, ApiError> {
    let s = jdb::settings(conn, school)?;
    let mut scales = Vec::new();
    for (subject, grade, scale) in jdb::scales(conn, school)? {
        scales.push(SubjectScale {
            subject_id: uuid_of(&subject)?,
            grade: grade.clamp(1, 11) as u8,
            scale,
        });
    }
    Ok(JournalSettings {
        thresholds: s.thresholds,
        min_marks_per_period: s.min_marks_per_period.clamp(0, 255) as u8,
        auto_lock_days: s
            .auto_lock_days
            .map(|d| d.clamp(0, i32::from(u16::MAX)) as u16),
        homework_file_kib: u32::try_from(s.homework_file_limit / 1024).unwrap_or(0),
        work_types: jdb::work_types(conn, school)?
            .iter()
            .map(|w| WorkTypeView {
                code: w.code.clone(),
                name: w.name.clone(),
                weight: w.domain().weight(),
                archived: w.archived,
            })
            .collect(),
        scales,
    })
}

/// How the school's journal marks: rounding thresholds of the forecast, the fewest marks for a
/// period mark, the automatic lock, work types with weights, scales per subject and grade (R-J2,
/// R-F2, R-F6). Staff.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    responses((status = 200, body = JournalSettings), (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/journal-settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let view = state
        .read(move |conn| settings_view(conn, caller.school_id))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Change the thresholds, the fewest marks and the automatic lock; deputy or director (R-A6).
#[utoipa::path(tag = "journal", security(("bearer" = [])), request_body = JournalSettingsInput,
    responses(
        (status = 200, body = JournalSettings),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`thresholds_not_rising`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/journal-settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<JournalSettingsInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageJournalSettings)?;
    let input = body.0;
    input.thresholds.check().map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "thresholds_not_rising",
            e.to_string(),
        )
    })?;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let before = settings_view(conn, school)?;
            let mut s = jdb::settings(conn, school)?;
            s.thresholds = input.thresholds;
            s.min_marks_per_period = i32::from(input.min_marks_per_period);
            s.auto_lock_days = input.auto_lock_days.map(i32::from);
            if let Some(kib) = input.homework_file_kib {
                s.homework_file_limit = i32::try_from(kib * 1024).unwrap_or(i32::MAX);
            }
            jdb::save_settings(conn, school, &s)?;
            let after = settings_view(conn, school)?;
            settings_audit(
                conn,
                &st,
                &session,
                "journal_settings.update",
                &before,
                &after,
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

fn settings_audit(
    conn: &mut DbConnection,
    st: &AppState,
    session: &Session,
    action: &str,
    before: &JournalSettings,
    after: &JournalSettings,
) -> Result<(), ApiError> {
    let mut event = audit_event(
        session,
        session.acting_role(Action::ManageJournalSettings.allowed_roles()),
        action,
        "journal_settings",
        session.caller.school_id.to_string(),
    );
    event.before = Some(json!(before));
    event.after = Some(json!(after));
    audit::record(conn, &st.audit_key, &event)?;
    Ok(())
}

/// Add or change a work type and its weight; deputy or director. Work types in use are archived
/// rather than removed (R-J2).
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("code" = String, Path, pattern = r"^[a-z0-9_]{1,32}$", description = "1–32 lowercase Latin letters, digits or _")), request_body = WorkTypeInput,
    responses(
        (status = 200, body = JournalSettings),
        (status = 400, description = "`work_type_code`", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/work-types/{code}")]
pub async fn put_work_type(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<String>,
    body: Valid<WorkTypeInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageJournalSettings)?;
    let code = path.into_inner();
    let code_ok = (1..=32).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !code_ok {
        return Err(ApiError::bad_request(
            "work_type_code",
            "a work type code is 1–32 lowercase Latin letters, digits or _",
        ));
    }
    let input = body.0;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let before = settings_view(conn, school)?;
            let existing = jdb::work_types(conn, school)?;
            let position = match input.position {
                Some(p) => i32::from(p),
                None => existing
                    .iter()
                    .find(|w| w.code == code)
                    .map(|w| w.position)
                    .unwrap_or_else(|| existing.iter().map(|w| w.position).max().unwrap_or(0) + 1),
            };
            jdb::save_work_type(
                conn,
                &WorkTypeRow {
                    school_id: school.to_string(),
                    code: code.clone(),
                    name: input.name.trim().to_owned(),
                    weight_tenths: (input.weight * 10.0).round() as i32,
                    position,
                    archived: input.archived,
                },
            )?;
            let after = settings_view(conn, school)?;
            settings_audit(conn, &st, &session, "work_type.save", &before, &after)?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Set a subject's mark scale in a grade; deputy or director (R-J2). Marks already given stay.
#[utoipa::path(tag = "journal", security(("bearer" = [])), request_body = SubjectScale,
    responses(
        (status = 200, body = JournalSettings),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/subject-scales")]
pub async fn put_subject_scale(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<SubjectScale>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageJournalSettings)?;
    let input = body.0;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let subject = input.subject_id.to_string();
            sdb::subject_name(conn, school, &subject)?.ok_or_else(ApiError::not_found)?;
            let before = settings_view(conn, school)?;
            jdb::set_scale(conn, school, &subject, i32::from(input.grade), input.scale)?;
            let after = settings_view(conn, school)?;
            settings_audit(conn, &st, &session, "subject_scale.save", &before, &after)?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The summary sheet of final marks of a class (R-F5): every student's finals in force per
/// subject, period, year, exam and final. The class teacher, the deputy and the director.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("class_id" = Uuid, Path)),
    responses(
        (status = 200, body = SummarySheet),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/classes/{class_id}/finals")]
pub async fn summary_sheet(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let class_id = path.into_inner().to_string();
    let sheet = state
        .read(move |conn| {
            let school = session.caller.school_id;
            let class = sdb::class(conn, school, &class_id)?.ok_or_else(ApiError::not_found)?;
            let me = session.caller.user_id.to_string();
            let leads = class.class_teacher_id.as_deref() == Some(me.as_str());
            if !may_read_class_sheets(&session.caller.roles, leads) {
                return Err(ApiError::forbidden(
                    "forbidden",
                    "the summary sheet is the class teacher's",
                ));
            }
            let year_id = class.year_id.clone().ok_or_else(ApiError::not_found)?;
            let year = sdb::year(conn, school, &year_id)?.ok_or_else(ApiError::not_found)?;
            // The school's subject names once, not a query per assignment.
            let names: HashMap<String, String> = sdb::subjects(conn, school)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
            let mut subjects: Vec<SummarySubject> = Vec::new();
            for a in sdb::assignments(conn, school, Some(&class.id), None)? {
                let id = uuid_of(&a.subject_id)?;
                if !subjects.iter().any(|s| s.id == id) {
                    let name = names.get(&a.subject_id).cloned().unwrap_or_default();
                    subjects.push(SummarySubject { id, name });
                }
            }
            subjects.sort_by_cached_key(|s| ru_key(&s.name));
            let mut students = jdb::class_students_during(
                conn,
                school,
                &class.id,
                year.year.starts_on,
                year.year.ends_on,
            )?;
            students.sort_by_cached_key(|s| ru_key(&format!("{} {}", s.last_name, s.first_name)));
            let finals = jdb::finals_of_year(conn, school, &year_id)?;
            let mut lines = Vec::new();
            for st in &students {
                let mine: Vec<&FinalRow> =
                    finals.iter().filter(|f| f.student_id == st.id).collect();
                let mut current = Vec::new();
                for (f, _) in mine.iter().zip(jdb::in_force(&mine)).filter(|(_, c)| *c) {
                    current.push(SummaryFinal {
                        subject_id: uuid_of(&f.subject_id)?,
                        kind: f.kind.clone(),
                        period_id: f.period_id.as_deref().map(uuid_of).transpose()?,
                        value: f.value.clone(),
                        deferred_until: f.deferred_until,
                        liquidation: f.liquidation,
                    });
                }
                lines.push(SummaryLine {
                    student_id: uuid_of(&st.id)?,
                    name: person_name(st),
                    finals: current,
                });
            }
            let mut periods = Vec::new();
            for p in year
                .periods
                .iter()
                .filter(|p| (p.grade_from..=p.grade_to).contains(&class.grade))
            {
                periods.push(PagePeriod {
                    id: uuid_of(&p.id)?,
                    kind: p.kind.clone(),
                    number: p.number.clamp(0, 255) as u8,
                    starts_on: p.starts_on,
                    ends_on: p.ends_on,
                });
            }
            periods.sort_by_key(|p| p.starts_on);
            Ok(SummarySheet {
                class_id: uuid_of(&class.id)?,
                class_name: class.name(),
                subjects,
                periods,
                students: lines,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(sheet))
}
