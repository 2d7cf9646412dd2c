//! Reports of compromised credentials and what the accounts did (R-S5), for the deputy, the admin
//! and the director: the reports, each with the account's operations in its window and how each
//! stands, and their revert one by one or all at once. The reports themselves are made by the
//! account (`POST /me/compromise`) or its admin (`POST /users/{id}/compromise`).

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::compromise;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::sessions::{
    Compromise, CompromiseDetail, CompromisePaging, RevertOperations, RevertOutcome,
};
use journal_api_types::{Page, Problem};
use journal_db::compromises as cdb;
use journal_domain::Action;
use uuid::Uuid;

/// The school's reports of compromised credentials, newest first.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(CompromisePaging),
    responses(
        (status = 200, body = Page<Compromise>),
        (status = 403, description = "Only the deputy, the admin and the director review compromises", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/compromises")]
pub async fn list_compromises(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<CompromisePaging>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ReviewCompromises)?;
    let (offset, limit) = (query.0.offset.unwrap_or(0), query.0.limit.unwrap_or(50));
    let school = session.caller.school_id;
    let page = state
        .read(move |conn| {
            let (rows, total) = cdb::list(conn, school, offset, limit)?;
            let items = compromise::views(conn, &rows)?;
            Ok(Page {
                items,
                total,
                offset,
                limit,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// A report with a page of the account's operations in its window (newest first), each with how
/// it stands: revertible, reverted, changed later by someone else, or not revertible.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Report id"), CompromisePaging),
    responses(
        (status = 200, body = CompromiseDetail),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report in the caller's school", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/compromises/{id}")]
pub async fn get_compromise(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<CompromisePaging>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ReviewCompromises)?;
    let id = path.into_inner();
    let (offset, limit) = (query.0.offset.unwrap_or(0), query.0.limit.unwrap_or(100));
    let school = session.caller.school_id;
    let detail = state
        .read(move |conn| {
            let row = compromise::find(conn, school, id)?;
            compromise::operations(conn, school, &row, offset, limit)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Revert the report's operations named by their place in the audit log: each cell goes back as
/// it stood before the account changed it, under the journal's rules. What is not put back is
/// refused with its reason (`changed_later`, `reverted`, `not_revertible`, `not_in_report`,
/// `period_locked`, `year_archived`, …), never skipped.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Report id")),
    request_body = RevertOperations,
    responses(
        (status = 200, body = RevertOutcome),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report in the caller's school", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/compromises/{id}/revert")]
pub async fn revert_operations(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<RevertOperations>,
) -> Result<HttpResponse, ApiError> {
    revert(state, auth, path.into_inner(), Some(body.0.seqs)).await
}

/// Revert every operation of the report a revert can put back now (at most 1 000 at a time; call
/// again for more). Operations changed later by someone else stay, and show so in the report.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, body = RevertOutcome),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report in the caller's school", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/compromises/{id}/revert-all")]
pub async fn revert_all(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    revert(state, auth, path.into_inner(), None).await
}

/// Revert `seqs`, or everything revertible.
async fn revert(
    state: web::Data<AppState>,
    auth: Auth,
    id: Uuid,
    seqs: Option<Vec<i64>>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ReviewCompromises)?;
    let key = state.audit_key.clone();
    let outcome = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let row = compromise::find(conn, school, id)?;
            let seqs = match seqs {
                Some(s) => s,
                None => compromise::revertible(conn, school, &row)?,
            };
            if seqs.is_empty() {
                return Ok(RevertOutcome::default());
            }
            compromise::revert(conn, &key, &session, &row, &seqs)
        })
        .await?;
    Ok(HttpResponse::Ok().json(outcome))
}
