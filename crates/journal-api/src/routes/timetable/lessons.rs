//! Dated lessons: listing them, reading one and writing what was done in it.

use super::unprocessable;
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::lessons::{
    access_to, ensure_lesson_open, lessons, locate, relation, Lookup, Scope, Shown,
};
use crate::services::page;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::{get, put, web, HttpResponse};
use chrono::NaiveDate;
use journal_api_types::journal::CellChange;
use journal_api_types::timetable::{Lesson, LessonFilter, LessonRecordInput};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::audit;
use journal_db::journal as jdb;
use journal_db::timetable::{self as tdb, ChangeRow, EntryRow};
use journal_domain::calendar::Span;
use journal_domain::journal::Refusal;
use journal_domain::Action;
use uuid::Uuid;

/// Longest span of dated lessons one request may ask for.
const MAX_SPAN_DAYS: i64 = 62;

fn span(from: NaiveDate, to: NaiveDate) -> Result<Span, ApiError> {
    crate::input::span(from, to, MAX_SPAN_DAYS)?;
    Ok(Span::new(from, to))
}

/// Dated lessons of a class, or of a teacher including the lessons they cover (R-T1, R-T2):
/// holidays and days outside the periods are skipped; substitutions, cancellations and moves are
/// shown on each lesson.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(LessonFilter),
    responses((status = 200, body = Vec<Lesson>), (status = 400, description = "`class_or_teacher`, `invalid_span`", body = Problem, content_type = "application/problem+json")))]
#[get("/lessons")]
pub async fn list_lessons(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<LessonFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let caller = session.caller.clone();
    caller.authorize(Action::ViewStructure)?;
    let f = query.0;
    if f.class_id.is_none() == f.teacher_id.is_none() {
        return Err(ApiError::bad_request(
            ErrorCode::ClassOrTeacher,
            "give exactly one of class_id and teacher_id",
        ));
    }
    let range = span(f.from, f.to)?;
    let list = state
        .read(move |conn| {
            let school = caller.school_id;
            let class = f.class_id.map(|c| c.to_string());
            let teacher = f.teacher_id.map(|t| t.to_string());
            let entries =
                tdb::entries_in(conn, school, class.as_deref(), teacher.as_deref(), range)?;
            let mut extra = Vec::new();
            if let Some(t) = &teacher {
                let covered = tdb::covered_by(conn, school, t, range)?;
                let ids: Vec<String> = covered.iter().map(|c| c.entry_id.clone()).collect();
                let rows = tdb::entries_among(conn, school, &ids)?;
                for c in covered {
                    if let Some(e) = rows.iter().find(|e| e.id == c.entry_id) {
                        extra.push((e.clone(), c.lesson_date));
                    }
                }
            }
            let mut lookup = Lookup::new(school);
            let in_scope = |e: &EntryRow| {
                class.as_deref() == Some(e.class_id.as_str())
                    || teacher.as_deref() == Some(e.teacher_id.as_str())
            };
            let mut list = lessons(
                conn,
                &mut lookup,
                &entries,
                &extra,
                range,
                Scope::Where(&in_scope),
            )?;
            hide_what_is_not_theirs(&session, &lookup, &mut list);
            Ok(list)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The timetable is open to staff, but what was written in a lesson (held or not, topic,
/// homework) only to those who may read that lesson (R-A4, R-A5, R-A11).
fn hide_what_is_not_theirs(session: &Session, lookup: &Lookup, lessons: &mut [Lesson]) {
    for l in lessons.iter_mut() {
        if !access_to(session, lookup, l).0 {
            l.conducted = false;
            l.topic = None;
            l.homework = None;
        }
    }
}

/// One dated lesson: its teacher, change and what was written. Readable by its teacher (also
/// when covered by someone else), the substitute, the class teacher, the deputy and director.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)),
    responses((status = 200, body = Lesson), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, description = "`no_such_lesson`", body = Problem, content_type = "application/problem+json")))]
#[get("/lessons/{entry_id}/{date}")]
pub async fn get_lesson(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (entry, date) = path.into_inner();
    let lesson = state
        .read(move |conn| {
            let (located, mut lookup) = locate(conn, session.caller.school_id, entry, date)?;
            let change = located.change.as_ref().and_then(ChangeRow::change);
            if !relation(&session, &located, change.as_ref()).may_read() {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "this lesson is not yours",
                ));
            }
            let record = tdb::record_of(conn, &located.entry.id, date)?;
            lookup.lesson_view(
                conn,
                &located.entry,
                located.date,
                located.change.as_ref(),
                record.as_ref(),
                Shown::Held,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(lesson))
}

/// Write what was done in a lesson: held or not, topic, homework (R-J1). Only the lesson's
/// teacher, or the substitute when the deputy registered one (and then only the substitute), and
/// the deputy and director (R-A4, R-T2). The lesson is written on its journal page, by the same
/// decision as the page's save (`journal_domain::journal`): a cancelled lesson takes nothing, a
/// closed period takes nothing, and new homework is due by the next lesson. What only the page
/// sets (plan topic, work types, a homework note, a due date for the same homework) stays.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)), request_body = LessonRecordInput,
    responses(
        (status = 200, body = Lesson),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_such_lesson`, `no_such_page` (the date is in no period of the class)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_page`: the lesson's journal page changed while it was written; try again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`lesson_cancelled`", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`period_locked`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/lessons/{entry_id}/{date}")]
pub async fn write_lesson(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
    body: Valid<LessonRecordInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (entry, date) = path.into_inner();
    let input = body.0;
    let st = state.clone();
    let lesson = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let (located, mut lookup) = locate(conn, school, entry, date)?;
            let mut page = page::of_lesson(conn, school, &located.entry.assignment_id, date)?;
            let access = page::access(&session, &page)?;
            ensure_lesson_open(conn, school, &lookup, &located)?;
            let key = (page.assignment.id.clone(), page.period.id.clone());
            if !jdb::bump_version(conn, school, (&key.0, &key.1), page.version)? {
                return Err(page::stale());
            }
            let before = tdb::record_of(conn, &located.entry.id, date)?;
            let homework = input
                .homework
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty());
            let change = CellChange::Lesson {
                entry_id: entry,
                lesson_date: date,
                conducted: input.conducted,
                topic: input.topic,
                plan_topic_id: before
                    .as_ref()
                    .and_then(|b| b.plan_topic_id.as_deref())
                    .map(uuid_of)
                    .transpose()?,
                work_types: before
                    .as_ref()
                    .map(|b| page::split_codes(&b.work_types))
                    .unwrap_or_default(),
                // A due date set on the page stays while the homework is the same.
                homework_due: before
                    .as_ref()
                    .filter(|b| b.homework == homework)
                    .and_then(|b| b.homework_due),
                homework,
                homework_note: before.as_ref().and_then(|b| b.homework_note.clone()),
                attendance_taken: input.attendance_taken,
            };
            let events =
                page::save(conn, &session, &mut page, access, &[change])?.map_err(|r| match r {
                    page::Refused::Changes(list)
                        if list.iter().any(|(_, r)| *r == Refusal::Forbidden) =>
                    {
                        ApiError::forbidden(
                            ErrorCode::Forbidden,
                            "only the lesson's teacher (or its substitute) writes it",
                        )
                    }
                    page::Refused::Changes(list) => match list.first() {
                        Some((_, r)) => unprocessable((*r).into(), &r.to_string()),
                        None => ApiError::internal("an empty refusal"),
                    },
                    locked => page::refused_error(locked),
                })?;
            audit::record_many(conn, &st.audit_key, &events)?;
            let record = tdb::record_of(conn, &located.entry.id, date)?;
            lookup.lesson_view(
                conn,
                &located.entry,
                date,
                located.change.as_ref(),
                record.as_ref(),
                Shown::Held,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(lesson))
}
