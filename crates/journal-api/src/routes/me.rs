//! The caller's own account.

use crate::auth::tokens::effective_roles;
use crate::auth::PendingAuth;
use crate::clock::offset_minutes;
use crate::error::ApiError;
use crate::input::Valid;
use crate::services::compromise;
use crate::services::{record_audit, utc, uuid_of};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::auth::{Me, Membership};
use journal_api_types::sessions::{Compromise, ReportCompromise, SessionView};
use journal_api_types::Problem;
use journal_db::{now, roster, schools, sessions, users};
use journal_domain::accounts::{session_active, RECENT_SESSIONS};
use journal_domain::devices::describe;
use journal_domain::SchoolId;
use uuid::Uuid;

/// Who the caller is, in which school, with which roles, and where else they hold roles.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, auth: PendingAuth) -> Result<HttpResponse, ApiError> {
    let auth_session = auth.0;
    let caller = auth_session.caller.clone();
    let must_change = auth_session.must_change_password;
    let me = state
        .read(move |conn| {
            let user = users::find(conn, caller.user_id)?.ok_or_else(ApiError::not_found)?;
            let school = schools::find(conn, caller.school_id)?.ok_or_else(ApiError::not_found)?;
            let memberships = users::memberships(conn, caller.user_id)?
                .into_iter()
                .map(|m| {
                    Ok(Membership {
                        school_id: uuid_of(&m.school_id)?,
                        school_name: m.school_name,
                        roles: m.roles,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            Ok(Me {
                user_id: caller.user_id.0,
                login: user.login.clone(),
                last_name: user.last_name.clone(),
                first_name: user.first_name.clone(),
                middle_name: user.middle_name.clone(),
                school_id: caller.school_id.0,
                school_name: school.name,
                roles: effective_roles(conn, caller.user_id, caller.school_id)?,
                led_classes: roster::led_classes(conn, caller.school_id, caller.user_id)?,
                memberships,
                must_change_password: must_change || user.must_change_password(),
                last_login_at: user.last_login_at.map(utc),
                previous_login_at: user.previous_login_at.map(utc),
                students: crate::services::diary::my_students(conn, &auth_session)?,
                utc_offset_minutes: offset_minutes(auth_session.clock.now(), auth_session.zone),
                timezone: school.timezone,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// The caller's sessions (R-S6), newest first: every active one and the sign-ins of the last 30
/// days, at most 50, with the address and the device each came from.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's sessions", body = Vec<SessionView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/sessions")]
pub async fn my_sessions(
    state: web::Data<AppState>,
    auth: PendingAuth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let now = session.clock.now().naive_utc();
    let list = state
        .read(move |conn| {
            let rows = sessions::of_user(
                conn,
                session.caller.user_id,
                now - RECENT_SESSIONS,
                MAX_SESSIONS,
            )?;
            rows.into_iter()
                .map(|r| {
                    Ok(SessionView {
                        id: uuid_of(&r.id)?,
                        started_at: utc(r.started_at),
                        last_seen_at: utc(r.last_seen_at),
                        device: r.user_agent.as_deref().and_then(|ua| describe(ua).label()),
                        user_agent: r.user_agent,
                        address: r.address,
                        active: session_active(r.ended_at.is_some(), r.last_seen_at, now),
                        current: session.session_id.as_deref() == Some(r.id.as_str()),
                        ended_at: r.ended_at.map(utc),
                        end_reason: r.end_reason,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The most sessions listed.
const MAX_SESSIONS: i64 = 50;

/// End one of the caller's sessions (R-S6): its tokens stop working at once. Ending the current
/// one signs this device out.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Ended (or already over)"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/sessions/{id}/end")]
pub async fn end_my_session(
    state: web::Data<AppState>,
    auth: PendingAuth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let audit_key = state.audit_key.clone();
    state
        .write(move |conn| {
            if sessions::of_user_by_id(conn, session.caller.user_id, &id)?.is_none() {
                return Err(ApiError::not_found());
            }
            if sessions::end(conn, &id, "ended_by_user", now())? {
                record_audit(
                    conn,
                    &audit_key,
                    &session,
                    session.acting_role(&[]),
                    ("auth.session_end", "session", id.clone()),
                    None,
                    None,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Report one's own credentials compromised (R-S5): every session and token of the account stops
/// working at once, this one too, and the old password with them. The new one-time password is
/// not in the answer (whoever holds the leaked password could read it): the admin hands it over in
/// person (`POST /users/{id}/initial-password`).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = ReportCompromise,
    responses(
        (status = 201, description = "Reported; every session of the caller is ended", body = Compromise),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`since_in_future`: `suspected_since` is after now", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/compromise")]
pub async fn report_my_compromise(
    state: web::Data<AppState>,
    auth: PendingAuth,
    body: Valid<ReportCompromise>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let since = body.0.suspected_since.map(|t| t.naive_utc());
    let audit_key = state.audit_key.clone();
    let reported = state
        .write(move |conn| {
            let account = session.caller.user_id;
            let schools = users::memberships(conn, account)?
                .iter()
                .map(|m| uuid_of(&m.school_id).map(SchoolId))
                .collect::<Result<Vec<_>, ApiError>>()?;
            let (row, _) =
                compromise::report(conn, &audit_key, &session, account, since, &schools)?;
            compromise::view(conn, &row)
        })
        .await?;
    Ok(HttpResponse::Created().json(reported))
}
