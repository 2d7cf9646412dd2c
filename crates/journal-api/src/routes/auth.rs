//! Sign-in and sessions (R-S1–R-S5).

use crate::accounts::end_all_sessions;
use crate::auth::check::{self, Checked};
use crate::auth::passwords;
use crate::auth::tokens::{issue, Family, Origin};
use crate::auth::{Auth, PendingAuth};
use crate::error::ApiError;
use crate::input::Valid;
use crate::request_id::RequestId;
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::{post, web, HttpRequest, HttpResponse};
use journal_api_types::auth::{
    ChangePasswordRequest, LoginRequest, RefreshRequest, SwitchSchoolRequest, TokenPair,
};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::audit::{self, AuditEvent};
use journal_db::sessions::{self, Presented};
use journal_db::users::{self, normalize_login, User};
use journal_db::{now, throttle, DbConnection};
use journal_domain::accounts::{PasswordState, SignIn};
use journal_domain::password::check_new_password;
use journal_domain::{SchoolId, UserId};
use serde_json::json;

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized(ErrorCode::InvalidCredentials, "wrong login or password")
}

fn user_id(user: &User) -> Result<UserId, ApiError> {
    Ok(UserId(uuid_of(&user.id)?))
}

/// The school a sign-in opens: the first (by name) where the person holds a role; for a region
/// account (R-A9), the first school of its region.
fn home_school(conn: &mut DbConnection, user: UserId) -> Result<Option<SchoolId>, ApiError> {
    let school = match users::memberships(conn, user)?.into_iter().next() {
        Some(m) => Some(m.school_id),
        None => journal_db::regions::home_school_of_member(conn, &user.to_string())?,
    };
    school.map(|s| uuid_of(&s).map(SchoolId)).transpose()
}

/// What a checked sign-in came to.
enum Attempt {
    Wrong(Option<User>),
    Expired(User),
    Accepted(User),
}

/// Sign in with login and password. Unknown logins and wrong passwords get the same answer in the
/// same time; too many failures for an account or an address are held back (R-S4). A one-time
/// password opens a session that may only set the user's own password; it signs in for that again
/// (after a failed or abandoned change) until it expires or the user's own password replaces it
/// (R-S1).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_credentials` (wrong login or password, same answer for both) or `initial_password_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`no_school`: the account holds no role in any school", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`: this account or address must wait (README, Security); see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: too many password checks queued; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    request_id: RequestId,
    body: Valid<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { login, password } = body.0;
    let login = normalize_login(&login);
    let origin = Origin::of(&req, &state);
    let address = origin.address.clone();
    let attempt = match check::password(&state, &login, &address, password).await? {
        Checked::Wrong(user) => Attempt::Wrong(user),
        Checked::Right(user) => match user.password_state().sign_in(state.clock.now()) {
            SignIn::Expired => Attempt::Expired(user),
            SignIn::Full | SignIn::MustChangePassword => Attempt::Accepted(user),
        },
    };

    let keys = state.jwt.clone();
    let audit_key = state.audit_key.clone();
    let rid = request_id.0;
    let outcome: Result<TokenPair, ApiError> = state
        .write(move |conn| {
            let at = now();
            let mut event = AuditEvent {
                action: String::new(),
                entity: "user".into(),
                request_id: Some(rid),
                after: Some(json!({ "login": login, "address": address })),
                ..AuditEvent::default()
            };
            let failed = |conn: &mut DbConnection,
                          mut event: AuditEvent,
                          user: Option<&User>,
                          action: &str|
             -> Result<(), ApiError> {
                if let Some(user) = user {
                    let id = user_id(user)?;
                    event.school_id = home_school(conn, id)?;
                    event.actor_id = Some(id);
                    event.entity_id = Some(user.id.clone());
                }
                event.action = action.into();
                audit::record(conn, &audit_key, &event)?;
                Ok(())
            };
            match attempt {
                Attempt::Wrong(user) => {
                    failed(conn, event, user.as_ref(), "auth.login_failed")?;
                    Ok(Err(invalid_credentials()))
                }
                Attempt::Expired(user) => {
                    failed(conn, event, Some(&user), "auth.login_expired_password")?;
                    Ok(Err(ApiError::unauthorized(
                        ErrorCode::InitialPasswordExpired,
                        "the one-time password has expired; ask the administrator for a new one",
                    )))
                }
                Attempt::Accepted(user) => {
                    let id = user_id(&user)?;
                    let Some(school) = home_school(conn, id)? else {
                        failed(conn, event, Some(&user), "auth.login_no_school")?;
                        return Ok(Err(ApiError::forbidden(
                            ErrorCode::NoSchool,
                            "the account holds no role in any school",
                        )));
                    };
                    throttle::succeeded(conn, &login, &address)?;
                    users::touch_last_login(conn, id, at)?;
                    let tokens = issue(conn, &keys, &user, school, Family::New(origin))?;
                    event.school_id = Some(school);
                    event.actor_id = Some(id);
                    event.actor_role = users::roles_in(conn, id, school)?
                        .first()
                        .map(|r| r.as_str().to_owned());
                    event.entity_id = Some(user.id.clone());
                    event.action = "auth.login".into();
                    event.after = Some(json!({
                        "login": login,
                        "address": address,
                        "one_time_password": tokens.must_change_password,
                    }));
                    audit::record(conn, &audit_key, &event)?;
                    Ok(Ok(tokens))
                }
            }
        })
        .await?;
    Ok(HttpResponse::Ok().json(outcome?))
}

/// Trade a refresh token for a new pair. The presented token stops working; presenting it again
/// later revokes every token of its session (R-S3).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenPair),
        (status = 401, description = "`invalid_refresh_token`: unknown, expired, revoked or reused (the session is then revoked)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    request_id: RequestId,
    body: Valid<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.0.refresh_token;
    let keys = state.jwt.clone();
    let audit_key = state.audit_key.clone();
    let invalid = || ApiError::unauthorized(ErrorCode::InvalidRefreshToken, "sign in again");
    let outcome: Result<TokenPair, ApiError> = state
        .write(move |conn| match sessions::spend(conn, &token, now())? {
            Presented::Invalid => Ok(Err(invalid())),
            Presented::Reused(row) => {
                sessions::end(conn, &row.family_id, "reused_token", now())?;
                let event = AuditEvent {
                    school_id: Some(SchoolId(uuid_of(&row.school_id)?)),
                    actor_id: Some(UserId(uuid_of(&row.user_id)?)),
                    action: "auth.refresh_reused".into(),
                    entity: "session".into(),
                    entity_id: Some(row.family_id.clone()),
                    after: Some(json!({ "revoked_family": row.family_id })),
                    request_id: Some(request_id.0),
                    ..AuditEvent::default()
                };
                audit::record(conn, &audit_key, &event)?;
                Ok(Err(invalid()))
            }
            Presented::Spent(row) => {
                let id = UserId(uuid_of(&row.user_id)?);
                let school = SchoolId(uuid_of(&row.school_id)?);
                let Some(user) = users::find(conn, id)? else {
                    return Ok(Err(invalid()));
                };
                if users::roles_in(conn, id, school)?.is_empty() {
                    return Ok(Err(invalid()));
                }
                Ok(Ok(issue(
                    conn,
                    &keys,
                    &user,
                    school,
                    Family::Continue(row.family_id),
                )?))
            }
        })
        .await?;
    Ok(HttpResponse::Ok().json(outcome?))
}

/// End the session the refresh token belongs to. Answers 204 even for an unknown token, so the call
/// can be repeated safely.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "The session is ended"))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    request_id: RequestId,
    body: Valid<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.0.refresh_token;
    let audit_key = state.audit_key.clone();
    state
        .write(move |conn| {
            let Some(row) = sessions::find(conn, &token)? else {
                return Ok(());
            };
            if sessions::end(conn, &row.family_id, "logout", now())? {
                let event = AuditEvent {
                    school_id: Some(SchoolId(uuid_of(&row.school_id)?)),
                    actor_id: Some(UserId(uuid_of(&row.user_id)?)),
                    action: "auth.logout".into(),
                    entity: "session".into(),
                    entity_id: Some(row.family_id),
                    request_id: Some(request_id.0),
                    ..AuditEvent::default()
                };
                audit::record(conn, &audit_key, &event)?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Log out everywhere: all of the caller's sessions end, on every device.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session of the caller is ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout-all")]
pub async fn logout_all(
    state: web::Data<AppState>,
    auth: PendingAuth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let audit_key = state.audit_key.clone();
    state
        .write(move |conn| {
            let revoked = end_all_sessions(conn, session.caller.user_id, "logout_all")?;
            record_audit(
                conn,
                &audit_key,
                &session,
                session.acting_role(&[]),
                (
                    "auth.logout_all",
                    "user",
                    session.caller.user_id.to_string(),
                ),
                None,
                Some(json!({ "revoked_sessions": revoked })),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change one's own password (also the forced change after a one-time password). All other
/// sessions end; the answer carries a fresh token pair for this one.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; fresh tokens", body = TokenPair),
        (status = 403, description = "`invalid_credentials`: the current password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`: too many wrong current passwords for this account or address (the sign-in rules); see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: too many password checks queued; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`password_too_short`, `password_too_long`, `password_too_common`, `password_same_as_login`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    auth: PendingAuth,
    req: HttpRequest,
    body: Valid<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.0;
    let user_id = session.caller.user_id;
    let own_login = state
        .read(move |conn| {
            users::find(conn, user_id)?.map(|u| u.login).ok_or_else(|| {
                ApiError::unauthorized(ErrorCode::InvalidToken, "the account no longer exists")
            })
        })
        .await?;
    check_new_password(&new_password, &own_login)?;
    // The current password is guessed like a sign-in: the same counters hold it back (R-S4).
    let origin = Origin::of(&req, &state);
    let address = origin.address.clone();
    match check::password(&state, &own_login, &address, current_password).await? {
        Checked::Right(user) if user.id == user_id.to_string() => {}
        _ => {
            return Err(ApiError::forbidden(
                ErrorCode::InvalidCredentials,
                "the current password is wrong",
            ))
        }
    };
    let hash = state
        .guard
        .heavy
        .run(move || passwords::hash(&new_password).map_err(ApiError::internal))
        .await?;
    let keys = state.jwt.clone();
    let audit_key = state.audit_key.clone();
    let tokens = state
        .write(move |conn| {
            throttle::succeeded(conn, &own_login, &address)?;
            users::set_password(conn, user_id, &hash, PasswordState::Permanent)?;
            end_all_sessions(conn, user_id, "password")?;
            let user = users::find(conn, user_id)?.ok_or_else(ApiError::not_found)?;
            let tokens = issue(
                conn,
                &keys,
                &user,
                session.caller.school_id,
                Family::New(origin),
            )?;
            record_audit(
                conn,
                &audit_key,
                &session,
                session.acting_role(&[]),
                ("auth.password_change", "user", user_id.to_string()),
                None,
                Some(json!({ "was_one_time": session.must_change_password })),
            )?;
            Ok(tokens)
        })
        .await?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Continue in another school where the caller holds roles: new tokens for that school.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = SwitchSchoolRequest,
    responses(
        (status = 200, description = "Tokens for the other school", body = TokenPair),
        (status = 404, description = "The caller holds no role in that school", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/switch-school")]
pub async fn switch_school(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    body: Valid<SwitchSchoolRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    // The same sign-in goes on in the other school (R-S6: one session in the list).
    let family = match &session.session_id {
        Some(id) => Family::Continue(id.clone()),
        None => Family::New(Origin::of(&req, &state)),
    };
    let target = SchoolId(body.0.school_id);
    let keys = state.jwt.clone();
    let audit_key = state.audit_key.clone();
    let tokens = state
        .write(move |conn| {
            let user_id = session.caller.user_id;
            if users::roles_in(conn, user_id, target)?.is_empty() {
                return Err(ApiError::not_found());
            }
            let user = users::find(conn, user_id)?.ok_or_else(ApiError::not_found)?;
            let tokens = issue(conn, &keys, &user, target, family)?;
            record_audit(
                conn,
                &audit_key,
                &session,
                session.acting_role(&[]),
                ("auth.switch_school", "user", user_id.to_string()),
                None,
                Some(json!({ "school_id": target.to_string() })),
            )?;
            Ok(tokens)
        })
        .await?;
    Ok(HttpResponse::Ok().json(tokens))
}
