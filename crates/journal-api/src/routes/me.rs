//! The caller's own account.

use crate::auth::tokens::effective_roles;
use crate::auth::PendingAuth;
use crate::clock::offset_minutes;
use crate::error::ApiError;
use crate::services::{utc, uuid_of};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use journal_api_types::auth::{Me, Membership};
use journal_api_types::Problem;
use journal_db::{roster, schools, users};

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
