//! Reading the audit log (R-P4).

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::{utc, uuid_of};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use journal_api_types::audit::{AuditEntry, AuditFilter};
use journal_api_types::{Page, Problem};
use journal_db::audit::{self, ListFilter};
use journal_domain::Action;

fn parse_json(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// The caller's school's audit log, newest first.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditFilter),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditEntry>),
        (status = 403, description = "Only the admin, deputy and director read the log", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewAudit)?;
    let f = query.0;
    let filter = ListFilter {
        action: f.action,
        entity: f.entity,
        entity_id: f.entity_id,
        offset: f.offset.unwrap_or(0),
        limit: f.limit.unwrap_or(50),
    };
    let page = state
        .read(move |conn| {
            let listed = audit::list(conn, caller.school_id, &filter)?;
            let items = listed
                .rows
                .into_iter()
                .map(|(r, login)| {
                    Ok(AuditEntry {
                        seq: r.seq,
                        at: utc(r.at),
                        actor_id: r.actor_id.as_deref().map(uuid_of).transpose()?,
                        actor_login: login,
                        actor_role: r.actor_role,
                        action: r.action,
                        entity: r.entity,
                        entity_id: r.entity_id,
                        before: parse_json(r.before_json),
                        after: parse_json(r.after_json),
                        request_id: r.request_id,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            Ok(Page {
                items,
                total: listed.total,
                offset: filter.offset,
                limit: filter.limit,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
