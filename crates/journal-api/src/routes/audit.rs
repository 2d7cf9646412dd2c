//! Reading the audit log (R-P4): the list, filtered by action, object, person and a span of the
//! school's days, and the same entries as a CSV file for Excel.

use crate::auth::{Auth, Session};
use crate::clock::day_start_utc;
use crate::error::ApiError;
use crate::input::{span, ValidQuery};
use crate::services::{audit_entry, record_audit};
use crate::state::AppState;
use crate::tables::{csv_head, csv_lines, CSV_MIME};
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{get, web, HttpResponse};
use chrono::TimeZone;
use futures_util::stream::{self, StreamExt};
use journal_api_types::audit::{AuditEntry, AuditExportQuery, AuditFilter};
use journal_api_types::import::FileBytes;
use journal_api_types::{ErrorCode, Page, Problem};
use journal_db::audit::{self, Actor, AuditRow, Conditions, Cursor};
use journal_domain::{Action, UserId};
use serde_json::json;

/// The longest span of days the filters take: a year, a leap one too.
const MAX_SPAN_DAYS: i64 = 366;
/// The most entries one export holds; more answer `422 export_too_large`.
pub const MAX_EXPORT_ROWS: i64 = 100_000;
/// Entries read from the database at a time while an export is sent.
const EXPORT_PAGE: i64 = 2_000;
/// The columns of the exported file.
const EXPORT_HEADER: [&str; 9] = [
    "Время",
    "ФИО",
    "Логин",
    "Роль",
    "Действие",
    "Объект",
    "Идентификатор объекта",
    "Было",
    "Стало",
];

/// The database filter of the request's filters (combined with AND): the span of the school's
/// days (its time zone, the session's) as UTC times, since entries are stored in UTC. `400
/// invalid_span` when `from` is after `to` or the span is longer than [`MAX_SPAN_DAYS`].
fn filter_of(session: &Session, q: &AuditExportQuery) -> Result<Conditions, ApiError> {
    if let (Some(from), Some(to)) = (q.from, q.to) {
        span(from, to, MAX_SPAN_DAYS)?;
    }
    Ok(Conditions {
        action: q.action.clone(),
        entity: q.entity.clone(),
        entity_id: q.entity_id.clone(),
        actor_id: q.actor_id.map(UserId::from),
        since: q.from.map(|d| day_start_utc(d, session.zone)),
        until: q
            .to
            .and_then(|d| d.succ_opt())
            .map(|d| day_start_utc(d, session.zone)),
    })
}

/// The caller's school's audit log, newest first. The filters combine: an action, an object kind
/// or id, the person who acted, and a span of days by the school's clock.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditFilter),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditEntry>),
        (status = 400, description = "`invalid_span`: `from` after `to`, or more than 366 days", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the admin, deputy and director read the log", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ViewAudit)?;
    let f = query.0;
    let filter = filter_of(&session, &AuditExportQuery::from(&f))?;
    let (offset, limit) = (f.offset.unwrap_or(0), f.limit.unwrap_or(50));
    let school = session.caller.school_id;
    let page = state
        .read(move |conn| {
            let listed = audit::list_where(conn, school, &filter, offset, limit)?;
            let items = listed
                .rows
                .into_iter()
                .map(|(r, login)| audit_entry(r, login))
                .collect::<Result<Vec<_>, ApiError>>()?;
            Ok(Page {
                items,
                total: listed.total,
                offset,
                limit,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One line of the exported file: the time on the school's clock, the person, what was done to
/// what, before and after.
fn export_line(row: &AuditRow, actor: Option<&Actor>, zone: chrono_tz::Tz) -> Vec<String> {
    let at = zone.from_utc_datetime(&row.at);
    vec![
        at.format("%d.%m.%Y %H:%M:%S").to_string(),
        actor.map(|a| a.name.clone()).unwrap_or_default(),
        actor.map(|a| a.login.clone()).unwrap_or_default(),
        row.actor_role.clone().unwrap_or_default(),
        row.action.clone(),
        row.entity.clone(),
        row.entity_id.clone().unwrap_or_default(),
        row.before_json.clone().unwrap_or_default(),
        row.after_json.clone().unwrap_or_default(),
    ]
}

/// The caller's school's audit log as a file for Excel (R-P4), with the filters of the list:
/// UTF-8 with a BOM, `;`-separated, a header line and one line per entry, newest first. At most
/// 100 000 entries; the file is sent as it is read, a few thousand entries at a time. The export
/// itself is audited (`export.audit`): the log holds personal data leaving the system (152-FZ).
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditExportQuery),
    responses(
        (status = 200, description = "`audit.csv`: UTF-8 with a BOM, `;`-separated, CRLF; columns: time on the school's clock (`DD.MM.YYYY HH:MM:SS`), full name, login, role, action code, object kind, object id, before and after (JSON); newest first", content(
            (FileBytes = "text/csv"),
        )),
        (status = 400, description = "`invalid_span`: `from` after `to`, or more than 366 days", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the admin, deputy and director read the log", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more than 100 000 entries match; narrow the filters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit/export")]
pub async fn export_audit(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<AuditExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ViewAudit)?;
    let q = query.0;
    let filter = filter_of(&session, &q)?;
    let school = session.caller.school_id;
    let zone = session.zone;
    // What is exported is fixed here: the entries up to the chain's last one now.
    let counted = filter.clone();
    let (upto, rows) = state
        .read(move |conn| {
            let upto = audit::last_seq(conn, school)?;
            let rows = audit::count_upto(conn, school, &counted, upto, MAX_EXPORT_ROWS)?;
            Ok((upto, rows))
        })
        .await?;
    if rows > MAX_EXPORT_ROWS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ExportTooLarge,
            format!(
                "more than {MAX_EXPORT_ROWS} entries match; narrow the span of days or the other filters"
            ),
        ));
    }
    let key = state.audit_key.clone();
    state
        .write(move |conn| {
            record_audit(
                conn,
                &key,
                &session,
                Action::ViewAudit,
                ("export.audit", "export", "audit"),
                None,
                Some(json!({"rows": rows, "format": "csv", "filter": q})),
            )
        })
        .await?;

    let head = Bytes::from(csv_head(&EXPORT_HEADER)?);
    let state = state.clone();
    // `Some(after)`: the next page starts after `after` (the first at the newest); `None`: done.
    let pages = stream::try_unfold(Some(None::<Cursor>), move |next| {
        let (state, filter) = (state.clone(), filter.clone());
        async move {
            let Some(after) = next else {
                return Ok(None);
            };
            let (bytes, next) = state
                .read(move |conn| {
                    let page = audit::export_page(conn, school, &filter, upto, after, EXPORT_PAGE)?;
                    let next = page
                        .last()
                        .filter(|_| page.len() as i64 == EXPORT_PAGE)
                        .map(|(r, _)| Some((r.at, r.seq)));
                    let lines: Vec<Vec<String>> = page
                        .iter()
                        .map(|(r, a)| export_line(r, a.as_ref(), zone))
                        .collect();
                    Ok((csv_lines(&lines)?, next))
                })
                .await
                .inspect_err(|e| tracing::error!(error = %e, "audit export broken off"))?;
            Ok::<_, actix_web::Error>(Some((Bytes::from(bytes), next)))
        }
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(head) }).chain(pages);
    Ok(HttpResponse::Ok()
        .content_type(CSV_MIME)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename("audit.csv".to_owned())],
        })
        .streaming(body))
}
