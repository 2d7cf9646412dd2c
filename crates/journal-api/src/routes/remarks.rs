//! Inspection remarks ("Проверка журнала", R-R2): the deputy or the director records a remark on a
//! journal page, or on one lesson of it, with a due date; the page's teacher sees it, answers and
//! marks it done; the deputy or the director confirms it or returns it with a comment, and the
//! teacher answers again. Who may take which step in which state is
//! `journal_domain::remarks::decide`; a step out of turn answers 409 with the domain's code.
//!
//! The deputy and the director see every remark of their school; a teacher those on their own
//! pages; anyone else has none (403). A remark of another school, or another teacher's, answers
//! 404 as a missing one does (R-A11). Every write is one transaction with its history entry and
//! its audit entry (R-P4). "Overdue" goes by the school's today (`Session::today`).

use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::page::load;
use crate::services::{record_audit, utc, uuid_of, Acting};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::remarks::{
    NewRemark, RemarkAnswer, RemarkEvent, RemarkFilter, RemarkReturn, RemarkView,
};
use journal_api_types::{ErrorCode, Page, Problem};
use journal_db::remarks::{self as rdb, ListedRemark, RemarkEventRow, RemarkQuery, RemarkRow};
use journal_db::{now, users, DbConnection};
use journal_domain::remarks::{
    check_due, decide, list_scope, overdue, RemarkEventKind, RemarkRefusal, RemarkRelation,
    RemarkScope, RemarkStatus, RemarkStep,
};
use journal_domain::{Action, Role};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A refusal of the domain as the API answers it: 403 for who the caller is, 422 for a due date
/// in the past, 409 for a step out of turn.
fn refused(r: RemarkRefusal) -> ApiError {
    let status = match r {
        RemarkRefusal::Forbidden => StatusCode::FORBIDDEN,
        RemarkRefusal::DueInPast => StatusCode::UNPROCESSABLE_ENTITY,
        RemarkRefusal::NotOpen | RemarkRefusal::NotDone | RemarkRefusal::Closed => {
            StatusCode::CONFLICT
        }
    };
    ApiError::new(status, r.into(), r.to_string())
}

/// How the caller stands to a remark: their roles and whether they teach its page.
fn relation<'a>(session: &'a Session, remark: &ListedRemark) -> RemarkRelation<'a> {
    RemarkRelation {
        roles: &session.caller.roles,
        page_teacher: remark.teacher_id == session.caller.user_id.to_string(),
    }
}

/// The school's remark `id` if the caller may see it; another school's, another teacher's or a
/// missing one is 404 alike (R-A11). Callers with no remarks at all are refused before (403).
fn visible(conn: &mut DbConnection, session: &Session, id: &str) -> Result<ListedRemark, ApiError> {
    list_scope(&session.caller.roles).map_err(refused)?;
    let remark =
        rdb::remark(conn, session.caller.school_id, id)?.ok_or_else(ApiError::not_found)?;
    if relation(session, &remark).may_read() {
        Ok(remark)
    } else {
        Err(ApiError::not_found())
    }
}

fn status_of(row: &RemarkRow) -> Result<RemarkStatus, ApiError> {
    RemarkStatus::parse(&row.status)
        .ok_or_else(|| ApiError::internal(format!("remark {} has status {}", row.id, row.status)))
}

/// The remarks as the API shows them, with their histories and the names of who wrote what: two
/// queries for any number of remarks.
fn views(
    conn: &mut DbConnection,
    session: &Session,
    rows: Vec<ListedRemark>,
) -> Result<Vec<RemarkView>, ApiError> {
    let school = session.caller.school_id;
    let ids: Vec<String> = rows.iter().map(|r| r.remark.id.clone()).collect();
    let events = rdb::events_of(conn, school, &ids)?;
    let mut people: Vec<String> = rows
        .iter()
        .map(|r| r.remark.created_by.clone())
        .chain(events.iter().map(|e| e.actor_id.clone()))
        .collect();
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = users::find_many(conn, &people)?
        .into_iter()
        .map(|u| (u.id.clone(), u.full_name()))
        .collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut history: HashMap<String, Vec<RemarkEvent>> = HashMap::new();
    for e in events {
        let kind = RemarkEventKind::parse(&e.kind).ok_or_else(|| {
            ApiError::internal(format!("remark event {} has kind {}", e.id, e.kind))
        })?;
        history
            .entry(e.remark_id.clone())
            .or_default()
            .push(RemarkEvent {
                kind,
                text: e.text,
                actor_id: uuid_of(&e.actor_id)?,
                actor_name: name(&e.actor_id),
                at: utc(e.at),
            });
    }
    let today = session.today();
    rows.into_iter()
        .map(|r| {
            let status = status_of(&r.remark)?;
            let class_name = r.class_name();
            let teacher_name = r.teacher_name();
            let row = r.remark;
            Ok(RemarkView {
                id: uuid_of(&row.id)?,
                assignment_id: uuid_of(&row.assignment_id)?,
                period_id: uuid_of(&row.period_id)?,
                class_name,
                group_name: r.group_name,
                subject_name: r.subject_name,
                teacher_id: uuid_of(&r.teacher_id)?,
                teacher_name,
                entry_id: row.entry_id.as_deref().map(uuid_of).transpose()?,
                lesson_date: row.lesson_date,
                overdue: overdue(status, row.due_on, today),
                text: row.text,
                due_on: row.due_on,
                status,
                answer: row.answer,
                created_by_name: name(&row.created_by),
                created_at: utc(row.created_at),
                history: history.remove(&row.id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The one remark `id` as the API shows it (read back after a write).
fn view_of(conn: &mut DbConnection, session: &Session, id: &str) -> Result<RemarkView, ApiError> {
    let remark = visible(conn, session, id)?;
    views(conn, session, vec![remark])?
        .pop()
        .ok_or_else(ApiError::not_found)
}

fn history_entry(
    session: &Session,
    remark: &str,
    kind: RemarkEventKind,
    text: Option<String>,
    at: chrono::NaiveDateTime,
) -> RemarkEventRow {
    RemarkEventRow {
        id: Uuid::new_v4().to_string(),
        school_id: session.caller.school_id.to_string(),
        remark_id: remark.to_owned(),
        kind: kind.as_str().to_owned(),
        text,
        actor_id: session.caller.user_id.to_string(),
        at,
    }
}

/// Record a remark on a journal page, or on one lesson of it (R-R2): the deputy or the director.
/// The lesson (`entry_id` with `lesson_date`) must be a lesson of the page. The page's teacher
/// sees it in `GET /remarks`. Audited `remark.create`.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("assignment_id" = Uuid, Path), ("period_id" = Uuid, Path)), request_body = NewRemark,
    responses(
        (status = 201, body = RemarkView),
        (status = 403, description = "`forbidden`: not the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_such_page`: no such page in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`lesson_not_on_page` (the lesson is not one of the page's, or only one of `entry_id` and `lesson_date` is given), `remark_due_past` (`due_on` before the school's today)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/journal/{assignment_id}/{period_id}/remarks")]
pub async fn create_remark(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, Uuid)>,
    body: Valid<NewRemark>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::InspectJournal)?;
    let (assignment, period) = path.into_inner();
    let input = body.0;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let page = load(conn, school, assignment, period)?;
            let lesson = match (input.entry_id, input.lesson_date) {
                (None, None) => None,
                (Some(entry), Some(date)) if page.lesson(entry, date).is_some() => {
                    Some((entry, date))
                }
                _ => {
                    return Err(ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        ErrorCode::LessonNotOnPage,
                        "the lesson (entry_id with lesson_date) is not a lesson of this page",
                    ))
                }
            };
            check_due(input.due_on, session.today()).map_err(refused)?;
            let at = now();
            let row = RemarkRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                assignment_id: page.assignment.id.clone(),
                period_id: page.period.id.clone(),
                entry_id: lesson.map(|(e, _)| e.to_string()),
                lesson_date: lesson.map(|(_, d)| d),
                text: input.text.trim().to_owned(),
                due_on: input.due_on,
                status: RemarkStatus::Open.as_str().to_owned(),
                answer: None,
                created_by: session.caller.user_id.to_string(),
                created_at: at,
                updated_at: at,
            };
            rdb::insert_remark(conn, &row)?;
            let created = history_entry(
                &session,
                &row.id,
                RemarkEventKind::Created,
                Some(row.text.clone()),
                at,
            );
            rdb::insert_event(conn, &created)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::InspectJournal,
                ("remark.create", "journal_remark", row.id.clone()),
                None,
                Some(json!({
                    "assignment_id": row.assignment_id,
                    "period_id": row.period_id,
                    "entry_id": row.entry_id,
                    "lesson_date": row.lesson_date,
                    "text": row.text,
                    "due_on": row.due_on,
                    "status": row.status,
                })),
            )?;
            view_of(conn, &session, &row.id)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Inspection remarks, newest first (R-R2): the deputy and the director see every remark of the
/// school, a teacher those on their own pages (a `teacher_id` of someone else lists nothing).
/// All filters combine.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(RemarkFilter),
    responses(
        (status = 200, body = Page<RemarkView>),
        (status = 403, description = "`forbidden`: neither the deputy, the director nor a teacher", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/remarks")]
pub async fn list_remarks(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<RemarkFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let f = query.0;
    let scope = list_scope(&session.caller.roles).map_err(refused)?;
    let (offset, limit) = (f.offset.unwrap_or(0), f.limit.unwrap_or(50));
    let me = session.caller.user_id.to_string();
    let teacher = match scope {
        RemarkScope::School => f.teacher_id.map(|t| t.to_string()),
        RemarkScope::OwnPages => {
            if f.teacher_id.is_some_and(|t| t.to_string() != me) {
                return Ok(HttpResponse::Ok().json(Page::<RemarkView> {
                    items: Vec::new(),
                    total: 0,
                    offset,
                    limit,
                }));
            }
            Some(me)
        }
    };
    let q = RemarkQuery {
        id: None,
        status: f.status.map(|s| s.as_str().to_owned()),
        open_only: f.open_only.unwrap_or(false),
        teacher_id: teacher,
        class_id: f.class_id.map(|c| c.to_string()),
        assignment_id: f.assignment_id.map(|a| a.to_string()),
        period_id: f.period_id.map(|p| p.to_string()),
        offset,
        limit,
    };
    let page = state
        .read(move |conn| {
            let listed = rdb::list(conn, session.caller.school_id, &q)?;
            Ok(Page {
                items: views(conn, &session, listed.rows)?,
                total: listed.total,
                offset,
                limit,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One inspection remark with its history (R-R2): the deputy, the director, the page's teacher.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = RemarkView),
        (status = 403, description = "`forbidden`: neither the deputy, the director nor a teacher", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such remark in the caller's school, or not on the caller's pages", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/remarks/{id}")]
pub async fn get_remark(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let view = state.read(move |conn| view_of(conn, &session, &id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Take `step` on remark `id` with its text (the answer or the comment), in one transaction with
/// its history entry and its audit entry; the remark as it is then.
async fn take_step(
    state: &web::Data<AppState>,
    session: Session,
    id: Uuid,
    step: RemarkStep,
    text: Option<String>,
) -> Result<RemarkView, ApiError> {
    let key = state.audit_key.clone();
    state
        .write(move |conn| {
            let id = id.to_string();
            let school = session.caller.school_id;
            // The state is moved by compare-and-swap: a writer that read the same state second
            // finds it moved, reads it again and decides anew (on PostgreSQL it waits for the
            // first one's row lock). SQLite's writers take turns, so it never retries there.
            for _ in 0..3 {
                let remark = visible(conn, &session, &id)?;
                let from = status_of(&remark.remark)?;
                let rel = relation(&session, &remark);
                let to = decide(from, step, &rel).map_err(refused)?;
                let at = now();
                let answer = (step == RemarkStep::Done)
                    .then_some(text.as_deref())
                    .flatten();
                if !rdb::move_status(conn, school, &id, (from.as_str(), to.as_str()), answer, at)? {
                    continue;
                }
                let entry = history_entry(&session, &id, step.event(), text.clone(), at);
                rdb::insert_event(conn, &entry)?;
                let mut after = json!({"status": to.as_str()});
                let (verb, acting) = match step {
                    RemarkStep::Done => {
                        after["answer"] = json!(text);
                        let role = session.acting_as(rel.answers(), &[Role::Teacher]);
                        ("remark.done", Acting::As(role))
                    }
                    RemarkStep::Confirm => ("remark.confirm", Action::InspectJournal.into()),
                    RemarkStep::Return => {
                        after["comment"] = json!(text);
                        ("remark.return", Action::InspectJournal.into())
                    }
                };
                record_audit(
                    conn,
                    &key,
                    &session,
                    acting,
                    (verb, "journal_remark", id.clone()),
                    Some(json!({"status": from.as_str()})),
                    Some(after),
                )?;
                return view_of(conn, &session, &id);
            }
            Err(ApiError::internal(format!("remark {id} kept changing")))
        })
        .await
}

/// The page's teacher answers a remark and marks it done (R-R2): from `open` or `returned`.
/// Audited `remark.done`.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = RemarkAnswer,
    responses(
        (status = 200, body = RemarkView),
        (status = 403, description = "`forbidden`: not the page's teacher (the deputy and the director see the remark but do not answer it), or no remarks at all for the caller's roles", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such remark in the caller's school, or not on the caller's pages", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`remark_not_open` (already done, waiting for confirmation), `remark_closed` (confirmed)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/remarks/{id}/done")]
pub async fn remark_done(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<RemarkAnswer>,
) -> Result<HttpResponse, ApiError> {
    let answer = body.0.answer.trim().to_owned();
    let view = take_step(
        &state,
        auth.0,
        path.into_inner(),
        RemarkStep::Done,
        Some(answer),
    )
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The deputy or the director confirms the teacher's resolution (R-R2): from `done`; final.
/// Audited `remark.confirm`.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = RemarkView),
        (status = 403, description = "`forbidden`: not the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such remark in the caller's school, or not on the caller's pages", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`remark_not_done` (the teacher has not marked it done), `remark_closed` (already confirmed)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/remarks/{id}/confirm")]
pub async fn confirm_remark(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let view = take_step(&state, auth.0, path.into_inner(), RemarkStep::Confirm, None).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The deputy or the director returns the remark to the teacher with a comment (R-R2): from
/// `done`; the teacher answers it again. Audited `remark.return`.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = RemarkReturn,
    responses(
        (status = 200, body = RemarkView),
        (status = 403, description = "`forbidden`: not the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such remark in the caller's school, or not on the caller's pages", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`remark_not_done` (the teacher has not marked it done), `remark_closed` (already confirmed)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/remarks/{id}/return")]
pub async fn return_remark(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<RemarkReturn>,
) -> Result<HttpResponse, ApiError> {
    let comment = body.0.comment.trim().to_owned();
    let view = take_step(
        &state,
        auth.0,
        path.into_inner(),
        RemarkStep::Return,
        Some(comment),
    )
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
