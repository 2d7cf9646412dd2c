//! The class journal (R-J1–R-J7, R-F1–R-F6, R-P4). A page is one teaching assignment in one
//! period: its lessons (from the timetable, with changes), its students (who were in the class
//! during the period), marks, attendance, finals, the forecast, and its close/reopen history.
//! `GET` gives the page and its version as `ETag`; `POST` with `If-Match` saves a batch of changes
//! in one transaction, or answers 412 with nothing written. Every changed cell is audited with
//! before and after; the page's history reads those entries back.

use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::page::bulk::{self, Bulk};
use crate::services::page::{
    self, access, add_lock, load, page_response, stale, view, work_type_view,
};
use crate::services::{print, record_audit};
use crate::services::{utc, uuid_of};
use crate::state::AppState;
use actix_web::http::header::{self};
use actix_web::http::StatusCode;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::journal::{
    BulkClose, BulkLockResult, BulkReopen, ClosePage, HistoryFilter, HistoryItem, JournalPage,
    JournalSettings, JournalSettingsInput, ReopenPage, SaveCells, SheetFormat, SubjectScale,
    SummaryQuery, SummarySheet, WorkTypeInput,
};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::audit::{self};
use journal_db::journal::{self as jdb, WorkTypeRow};
use journal_db::structure::{self as sdb};
use journal_db::{users, DbConnection};
use journal_domain::locking::{may_close, may_reopen, reopen_until};
use journal_domain::page::PageAccess as Access;
use journal_domain::{Action, Role, SchoolId};
use journal_print::Template;
use serde_json::{json, Value};
use std::collections::HashMap;
use uuid::Uuid;

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
            let access = access(&session, &page)?;
            view(conn, &session, &mut page, access)
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
                ErrorCode::IfMatchRequired,
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
            ApiError::bad_request(
                ErrorCode::InvalidIfMatch,
                "If-Match must be an ETag of the page",
            )
        })
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
            let events = page::save(conn, &session, &mut page, access, &changes)?
                .map_err(page::refused_error)?;
            page.version = expected + 1;
            let shown = view(conn, &session, &mut page, access)?;
            audit::record_many(conn, &st.audit_key, &events)?;
            Ok(shown)
        })
        .await?;
    Ok(page_response(StatusCode::OK, &page))
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
            let access = access(&session, &page)?;
            if access != Access::Keep {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "only the page's teacher closes it",
                ));
            }
            ensure_open(&page.year.year)?;
            let today = session.today();
            let (events, auto) = page.lock_inputs();
            may_close(&events, page.period.ends_on, auto, today)
                .map_err(|p| ApiError::conflict(p.into(), p.to_string()))?;
            let e = add_lock(conn, &session, &mut page, "close", None, reason)?;
            audit::record(conn, &st.audit_key, &e)?;
            view(conn, &session, &mut page, access)
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
            ErrorCode::Forbidden,
            "only the deputy or director reopens a period",
        ));
    }
    let (assignment, period) = path.into_inner();
    let input = body.0;
    let st = state.clone();
    let page = state
        .write(move |conn| {
            let mut page = load(conn, session.caller.school_id, assignment, period)?;
            let access = access(&session, &page)?;
            ensure_open(&page.year.year)?;
            let today = session.today();
            let (events, auto) = page.lock_inputs();
            may_reopen(&events, page.period.ends_on, auto, today, input.until).map_err(|p| {
                let status = if p == journal_domain::locking::LockProblem::UntilInThePast {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::CONFLICT
                };
                ApiError::new(status, p.into(), p.to_string())
            })?;
            let reason = Some(input.reason.trim().to_owned());
            let e = add_lock(conn, &session, &mut page, "reopen", input.until, reason)?;
            audit::record(conn, &st.audit_key, &e)?;
            view(conn, &session, &mut page, access)
        })
        .await?;
    Ok(page_response(StatusCode::OK, &page))
}

/// Close or reopen the pages of a period for a class or the school (`(period, class)`) in one
/// write transaction, each page decided and audited by `services::page::bulk`.
async fn bulk_lock(
    state: &web::Data<AppState>,
    session: Session,
    (period, class): (Uuid, Option<Uuid>),
    bulk: Bulk,
    reason: Option<String>,
) -> Result<BulkLockResult, ApiError> {
    let key = state.audit_key.clone();
    state
        .write(move |conn| {
            let pages = bulk::pages(conn, session.caller.school_id, period, class)?;
            let today = session.today();
            bulk::apply(conn, &key, &session, pages, bulk, reason, today)
        })
        .await
}

/// Close a period for every page of a class — its own and those of the groups drawing from it —
/// or, without `class_id`, of the whole school (R-F2; issue 12): the deputy or the director. Each
/// page is decided as its own close is (`locking::may_close`); a page already closed, or of an
/// archived year, is listed in `skipped` with its code and left as it is. Every close is written
/// and audited (`journal.close`) in one transaction. Closing for the whole school also writes the
/// period's archive package (R-P2) in the background: it appears in `GET /archives` when sealed.
#[utoipa::path(tag = "journal", security(("bearer" = [])), request_body = BulkClose,
    responses(
        (status = 200, body = BulkLockResult),
        (status = 403, description = "`forbidden`: not the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: the period or the class is not the school's (or the class not of the period's year)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/journal/close")]
pub async fn close_period(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<BulkClose>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::LockPeriods)?;
    let input = body.0;
    let reason = input
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let closer = session.clone();
    let result = bulk_lock(
        &state,
        session,
        (input.period_id, input.class_id),
        Bulk::Close,
        reason,
    )
    .await?;
    // R-P2: a period closed for the whole school is archived, in the background (it takes a
    // while for a large school); the package is listed under /archives when sealed.
    if input.class_id.is_none() && !result.done.is_empty() {
        let what = crate::archive::What::Period(input.period_id);
        crate::archive::in_background(&state, closer, what);
    }
    Ok(HttpResponse::Ok().json(result))
}

/// Reopen a period for every closed page of a class or of the whole school, with a reason, for
/// good or until a date (R-F2; issue 12): the deputy or the director. `until` before today refuses
/// the whole request (`422 reopen_until_past`) before anything is written; otherwise each page is
/// decided as its own reopen is (`locking::may_reopen`), and a page not closed, or of an archived
/// year, is listed in `skipped`. Every reopen is written and audited (`journal.reopen`) in one
/// transaction.
#[utoipa::path(tag = "journal", security(("bearer" = [])), request_body = BulkReopen,
    responses(
        (status = 200, body = BulkLockResult),
        (status = 403, description = "`forbidden`: not the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: the period or the class is not the school's (or the class not of the period's year)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reopen_until_past`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/journal/reopen")]
pub async fn reopen_period(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<BulkReopen>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::LockPeriods)?;
    let input = body.0;
    let today = session.today();
    reopen_until(today, input.until)
        .map_err(|p| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, p.into(), p.to_string()))?;
    let reason = Some(input.reason.trim().to_owned());
    let bulk = Bulk::Reopen { until: input.until };
    let result = bulk_lock(
        &state,
        session,
        (input.period_id, input.class_id),
        bulk,
        reason,
    )
    .await?;
    Ok(HttpResponse::Ok().json(result))
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
            .map(work_type_view)
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
            ErrorCode::ThresholdsNotRising,
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
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageJournalSettings,
                (
                    "journal_settings.update",
                    "journal_settings",
                    session.caller.school_id.to_string(),
                ),
                Some(json!(&before)),
                Some(json!(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
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
            ErrorCode::WorkTypeCode,
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
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageJournalSettings,
                (
                    "work_type.save",
                    "journal_settings",
                    session.caller.school_id.to_string(),
                ),
                Some(json!(&before)),
                Some(json!(&after)),
            )?;
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
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageJournalSettings,
                (
                    "subject_scale.save",
                    "journal_settings",
                    session.caller.school_id.to_string(),
                ),
                Some(json!(&before)),
                Some(json!(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The summary sheet of final marks of a class (R-F5): every student's finals in force per
/// subject, period, year, exam and final. The class teacher, the deputy and the director. With
/// `format=pdf`, the sheet typeset for printing (R-P1).
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("class_id" = Uuid, Path), SummaryQuery),
    responses(
        (status = 200, description = "The sheet; with `format=pdf` the sheet to print", content(
            (SummarySheet = "application/json"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/classes/{class_id}/finals")]
pub async fn summary_sheet(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let class_id = path.into_inner();
    let today = session.today();
    if query.0.format == SheetFormat::Json {
        let sheet = state
            .read(move |conn| print::summary_of(conn, &session, class_id))
            .await?;
        return Ok(HttpResponse::Ok().json(sheet));
    }
    let doc = state
        .read(move |conn| print::summary_doc(conn, &session, class_id))
        .await?;
    let file = format!("svodnaya-vedomost-{}", doc.class_name);
    let bytes = crate::pdf::print(&state.guard.heavy, Template::Summary, doc, today).await?;
    Ok(crate::pdf::attachment(bytes, &file))
}
