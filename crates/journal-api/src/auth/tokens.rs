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

/// Where a sign-in came from (R-S6): the address and the browser's user agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub address: String,
    pub user_agent: Option<String>,
}

/// The longest user agent kept (longer ones are cut: they are read, never parsed whole).
const MAX_USER_AGENT: usize = 512;

impl Origin {
    /// The request's address (as throttling sees it) and user agent.
    pub fn of(req: &actix_web::HttpRequest, state: &crate::state::AppState) -> Self {
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(MAX_USER_AGENT).collect::<String>())
            .filter(|ua| !ua.trim().is_empty());
        Origin {
            address: super::check::client_address(req, state),
            user_agent,
        }
    }
}

/// Which session a token pair belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Family {
    /// A new sign-in from here: a session starts (R-S6).
    New(Origin),
    /// A refresh of this session (its id, the refresh tokens' family).
    Continue(String),
}

/// Issue an access token and a refresh token for `user` in `school`, in a new session or
/// continuing one (refresh rotation).
pub fn issue(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    user: &User,
    school: SchoolId,
    family: Family,
) -> Result<TokenPair, ApiError> {
    let issued = now();
    let family = match family {
        Family::Continue(id) => {
            sessions::seen(conn, &id, issued)?;
            id
        }
        Family::New(origin) => {
            let id = uuid::Uuid::new_v4().to_string();
            sessions::start(
                conn,
                &sessions::SessionRow {
                    id: id.clone(),
                    user_id: user.id.clone(),
                    school_id: school.to_string(),
                    started_at: issued,
                    last_seen_at: issued,
                    address: Some(origin.address),
                    user_agent: origin.user_agent,
                    ended_at: None,
                    end_reason: None,
                },
            )?;
            id
        }
    };
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
        sid: Some(family.clone()),
    };
    let access_token = keys.sign(&claims).map_err(ApiError::internal)?;
    let refresh_token = random_token();
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
