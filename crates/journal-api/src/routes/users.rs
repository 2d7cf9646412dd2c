//! Accounts of a school, managed by its admin (R-A7, R-S1).

use crate::accounts::{self, end_all_sessions, set_one_time_password, FirstPassword, NewAccount};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::compromise;
use crate::services::record_audit;
use crate::services::{audit_event, utc, uuid_of};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::sessions::{CompromiseReported, ReportCompromise};
use journal_api_types::users::{CreateUserRequest, InitialPassword, UserFilter, UserSummary};
use journal_api_types::{Page, Problem};
use journal_db::users::{self, ListFilter, User};
use journal_db::{audit, DbConnection};
use journal_domain::policy::may_manage_credentials;
use journal_domain::{Action, Role, SchoolId, UserId};
use serde_json::json;
use uuid::Uuid;

fn summary(user: &User, roles: Vec<Role>) -> Result<UserSummary, ApiError> {
    Ok(UserSummary {
        id: uuid_of(&user.id)?,
        login: user.login.clone(),
        last_name: user.last_name.clone(),
        first_name: user.first_name.clone(),
        middle_name: user.middle_name.clone(),
        roles,
        must_change_password: user.must_change_password(),
        created_at: utc(user.created_at),
        last_login_at: user.last_login_at.map(utc),
    })
}

/// Accounts holding roles in the caller's school, in Russian alphabetical order.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserFilter),
    responses(
        (status = 200, description = "A page of accounts", body = Page<UserSummary>),
        (status = 403, description = "The caller's role may not see accounts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<UserFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewAccounts)?;
    let f = query.0;
    let filter = ListFilter {
        role: f.role,
        query: f.q,
        offset: f.offset.unwrap_or(0),
        limit: f.limit.unwrap_or(50),
    };
    let page = state
        .read(move |conn| {
            let listed = users::list_in_school(conn, caller.school_id, &filter)?;
            let items = listed
                .rows
                .iter()
                .map(|(u, roles)| summary(u, roles.clone()))
                .collect::<Result<Vec<_>, _>>()?;
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

/// Create an account with roles in the caller's school. The answer holds a one-time password to
/// hand over in person; it works once, within a week, and must be changed at first sign-in.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created, with the one-time password", body = InitialPassword),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the admin creates accounts", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`login_taken`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageAccounts)?;
    let req = body.0;
    let audit_key = state.audit_key.clone();
    let created = state
        .write(move |conn| {
            let account = NewAccount {
                login: req.login.clone(),
                last_name: req.last_name.clone(),
                first_name: req.first_name.clone(),
                middle_name: req.middle_name.clone(),
                roles: req.roles.clone(),
            };
            let (user, one_time) = accounts::create(
                conn,
                session.caller.school_id,
                &account,
                FirstPassword::OneTime,
            )?;
            let one_time = one_time.ok_or_else(|| ApiError::internal("no one-time password"))?;
            let id = user.id.clone();
            let roles = users::roles_in(conn, UserId(uuid_of(&id)?), session.caller.school_id)?;
            let summary = summary(&user, roles)?;
            record_audit(
                conn,
                &audit_key,
                &session,
                Action::ManageAccounts,
                ("user.create", "user", id),
                None,
                Some(json!(summary)),
            )?;
            Ok(InitialPassword {
                user: summary,
                initial_password: one_time.password,
                expires_at: one_time.expires_at,
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// An account whose credentials the caller may manage, with its roles in the caller's school and
/// every school it belongs to. Another school's account is "not found" (R-A11); one that also
/// belongs to a school the caller does not administer is refused
/// (`journal_domain::policy::may_manage_credentials`).
fn managed_account(
    conn: &mut DbConnection,
    session: &Session,
    id: Uuid,
) -> Result<(User, Vec<Role>, Vec<SchoolId>), ApiError> {
    let schools_of = |conn: &mut DbConnection, user: UserId, admins_only: bool| {
        users::memberships(conn, user)?
            .into_iter()
            .filter(|m| !admins_only || m.roles.contains(&Role::Admin))
            .map(|m| uuid_of(&m.school_id).map(SchoolId))
            .collect::<Result<Vec<_>, ApiError>>()
    };
    let id = UserId(id);
    let account_in = schools_of(conn, id, false)?;
    let admin_of = schools_of(conn, session.caller.user_id, true)?;
    may_manage_credentials(&session.caller, &admin_of, &account_in)?;
    let roles = users::roles_in(conn, id, session.caller.school_id)?;
    let user = users::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    Ok((user, roles, account_in))
}

/// Record `event` in the audit log of every school the account belongs to: a reset there opens
/// them all, so each school's log shows it.
fn audit_in_each(
    conn: &mut DbConnection,
    key: &audit::AuditKey,
    event: audit::AuditEvent,
    schools: &[SchoolId],
) -> Result<(), ApiError> {
    for school in schools {
        let mut event = event.clone();
        event.school_id = Some(*school);
        audit::record(conn, key, &event)?;
    }
    Ok(())
}

/// Issue a new one-time password (the person forgot theirs, or the first one expired). Every
/// session of the account ends.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 200, description = "The new one-time password", body = InitialPassword),
        (status = 403, description = "`forbidden`: only the admin issues passwords; `account_in_other_schools`: the account also belongs to a school the caller does not administer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the caller's school", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/initial-password")]
pub async fn issue_initial_password(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    auth.0.caller.authorize(Action::ManageAccounts)?;
    let id = path.into_inner();
    let audit_key = state.audit_key.clone();
    let issued = state
        .write(move |conn| {
            let (_, roles, schools) = managed_account(conn, &auth.0, id)?;
            let user_id = UserId(id);
            end_all_sessions(conn, user_id, "password")?;
            let one_time = set_one_time_password(conn, user_id)?;
            let user = users::find(conn, user_id)?.ok_or_else(ApiError::not_found)?;
            let session = &auth.0;
            let mut event = audit_event(
                session,
                Action::ManageAccounts,
                "user.initial_password",
                "user",
                id.to_string(),
            );
            event.after = Some(json!({ "expires_at": one_time.expires_at }));
            audit_in_each(conn, &audit_key, event, &schools)?;
            Ok(InitialPassword {
                user: summary(&user, roles)?,
                initial_password: one_time.password,
                expires_at: one_time.expires_at,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(issued))
}

/// End every session of an account at once (lost phone, suspected compromise, R-S5).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 204, description = "Every session of the account is ended"),
        (status = 403, description = "`forbidden`: only the admin ends others' sessions; `account_in_other_schools`: the account also belongs to a school the caller does not administer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the caller's school", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/logout-all")]
pub async fn logout_user_everywhere(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    auth.0.caller.authorize(Action::ManageAccounts)?;
    let id = path.into_inner();
    let audit_key = state.audit_key.clone();
    state
        .write(move |conn| {
            let (_, _, schools) = managed_account(conn, &auth.0, id)?;
            let revoked = end_all_sessions(conn, UserId(id), "by_admin")?;
            let session = &auth.0;
            let mut event = audit_event(
                session,
                Action::ManageAccounts,
                "user.logout_all",
                "user",
                id.to_string(),
            );
            event.after = Some(json!({ "revoked_sessions": revoked }));
            audit_in_each(conn, &audit_key, event, &schools)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Report the account's credentials compromised (R-S5): at once every session and token of the
/// account stops working and the answer holds a new one-time password to hand over in person;
/// what the account did since `suspected_since` is listed under `GET /compromises/{id}`.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Account id")),
    request_body = ReportCompromise,
    responses(
        (status = 201, description = "Reported; the account's new one-time password", body = CompromiseReported),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: only the admin reports for another account; `account_in_other_schools`: the account also belongs to a school the caller does not administer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`since_in_future`: `suspected_since` is after now", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/compromise")]
pub async fn report_compromise(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<ReportCompromise>,
) -> Result<HttpResponse, ApiError> {
    auth.0.caller.authorize(Action::ManageAccounts)?;
    let id = path.into_inner();
    let since = body.0.suspected_since.map(|t| t.naive_utc());
    let audit_key = state.audit_key.clone();
    let reported = state
        .write(move |conn| {
            let session = &auth.0;
            let (_, roles, schools) = managed_account(conn, session, id)?;
            let (row, one_time) =
                compromise::report(conn, &audit_key, session, UserId(id), since, &schools)?;
            let user = users::find(conn, UserId(id))?.ok_or_else(ApiError::not_found)?;
            Ok(CompromiseReported {
                compromise: compromise::view(conn, &row)?,
                password: InitialPassword {
                    user: summary(&user, roles)?,
                    initial_password: one_time.password,
                    expires_at: one_time.expires_at,
                },
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(reported))
}
