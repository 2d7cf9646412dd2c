//! Issuing token pairs.

use super::jwt::{issued_at, Claims, JwtKeys, ACCESS_TYPE, AUDIENCE, ISSUER};
use super::passwords::random_token;
use crate::error::ApiError;
use chrono::Utc;
use journal_api_types::auth::TokenPair;
use journal_db::users::User;
use journal_db::{now, roster, sessions, users, DbConnection};
use journal_domain::accounts::{ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL};
use journal_domain::{Role, SchoolId, UserId};

/// The roles a person acts in within a school: the granted ones plus `class_teacher` when they
/// lead a class there (R-A1, R-A5).
pub fn effective_roles(
    conn: &mut DbConnection,
    user: UserId,
    school: SchoolId,
) -> Result<Vec<Role>, ApiError> {
    let mut roles = users::roles_in(conn, user, school)?;
    if !roster::led_classes(conn, school, user)?.is_empty() {
        roles.push(Role::ClassTeacher);
        roles.sort();
    }
    Ok(roles)
}

/// Issue an access token and a refresh token for `user` in `school`. `family` continues a session
/// (refresh rotation); `None` starts a new one.
pub fn issue(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    user: &User,
    school: SchoolId,
    family: Option<String>,
) -> Result<TokenPair, ApiError> {
    let user_id: UserId = user.id.parse().map_err(ApiError::internal)?;
    let roles = effective_roles(conn, user_id, school)?;
    let must_change = user.must_change_password();
    let iat = issued_at(Utc::now(), user.not_before.and_utc());
    let claims = Claims {
        sub: user.id.clone(),
        school: school.to_string(),
        roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        exp: iat + ACCESS_TOKEN_TTL.num_seconds(),
        iat,
        typ: ACCESS_TYPE.into(),
        pwd: must_change,
    };
    let access_token = keys.sign(&claims).map_err(ApiError::internal)?;
    let refresh_token = random_token();
    let family = family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let issued = now();
    sessions::insert(
        conn,
        &refresh_token,
        &family,
        user_id,
        school,
        issued,
        issued + REFRESH_TOKEN_TTL,
    )?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        expires_in: ACCESS_TOKEN_TTL.num_seconds(),
        token_type: "Bearer".into(),
        must_change_password: must_change,
    })
}
