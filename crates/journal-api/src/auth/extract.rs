//! Extractors: [`Auth`] for a full session, [`PendingAuth`] also for a session that may only change
//! its password. Both verify the JWT and check the account's `not_before` on every request.

use super::jwt::{issued_after, ACCESS_TYPE};
use crate::clock::{self, Clock};
use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use journal_api_types::ErrorCode;
use journal_db::users;
use journal_domain::{Caller, Role, SchoolId, UserId};

/// A verified access token.
#[derive(Debug, Clone)]
pub struct Session {
    pub caller: Caller,
    /// The session was opened with a one-time password and may only change it.
    pub must_change_password: bool,
    /// The sign-in the token belongs to (R-S6).
    pub session_id: Option<String>,
    pub request_id: String,
    /// The time zone of the caller's school and the server's clock: [`Session::today`].
    pub zone: chrono_tz::Tz,
    pub clock: Clock,
    /// A view of one school of the caller's region, made by the server for the regional
    /// aggregates (R-A9, R-E4): the school reports' builders read the whole school
    /// (`journal_domain::reports::Reach::regional`), and only their counts leave the server.
    /// Never true for a request's own session.
    pub regional: bool,
}

impl Session {
    /// Today in the caller's school (its time zone): the date every rule goes by.
    pub fn today(&self) -> chrono::NaiveDate {
        clock::local_date(self.clock.now(), self.zone)
    }

    /// The view of `school` (in its time zone `zone`) the regional aggregates read it through
    /// ([`Session::regional`]); the caller stays who they are.
    pub fn regional_view(&self, school: SchoolId, zone: &str) -> Session {
        Session {
            caller: Caller {
                user_id: self.caller.user_id,
                school_id: school,
                roles: vec![Role::Region],
            },
            must_change_password: false,
            session_id: self.session_id.clone(),
            request_id: self.request_id.clone(),
            zone: clock::school_tz(zone),
            clock: self.clock,
            regional: true,
        }
    }

    /// Now, as the caller's school's wall clock shows it.
    pub fn local_now(&self) -> chrono::NaiveDateTime {
        self.clock.now().with_timezone(&self.zone).naive_local()
    }

    /// The role recorded in the audit log for what the caller does with `needed` roles: the first
    /// of them the caller holds.
    pub fn acting_role(&self, needed: &[Role]) -> String {
        self.acting_as(false, needed)
    }

    /// [`Session::acting_role`] for an action on teaching that may be the caller's own
    /// (`teaches_it`): `teacher` then (`journal_domain::policy::acting_role`).
    pub fn acting_as(&self, teaches_it: bool, needed: &[Role]) -> String {
        journal_domain::policy::acting_role(&self.caller.roles, teaches_it, needed)
            .map_or_else(|| "none".to_owned(), |r| r.as_str().to_owned())
    }
}

/// A full session: refused with 403 `password_change_required` while the password must change.
#[derive(Debug, Clone)]
pub struct Auth(pub Session);

/// Any valid session, including one that may only change its password.
#[derive(Debug, Clone)]
pub struct PendingAuth(pub Session);

fn invalid(detail: &str) -> ApiError {
    ApiError::unauthorized(ErrorCode::InvalidToken, detail)
}

/// The request's bearer token; 401 `unauthorized` saying `missing` when there is none.
pub(crate) fn bearer(req: &HttpRequest, missing: &str) -> Result<String, ApiError> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_owned())
        .ok_or_else(|| ApiError::unauthorized(ErrorCode::Unauthorized, missing))
}

async fn session(req: HttpRequest) -> Result<Session, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = bearer(&req, "sign in first (Authorization: Bearer …)")?;
    let claims = state
        .jwt
        .verify(&token)
        .map_err(|_| invalid("the access token is not valid"))?;
    if claims.typ != ACCESS_TYPE {
        return Err(invalid("not an access token"));
    }
    let user_id: UserId = claims
        .sub
        .parse()
        .map_err(|_| invalid("malformed subject"))?;
    let school_id: SchoolId = claims
        .school
        .parse()
        .map_err(|_| invalid("malformed school"))?;
    let roles = claims
        .roles
        .iter()
        .map(|r| r.parse::<Role>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| invalid("unknown role"))?;
    let sid = claims.sid.clone();
    let facts = state
        .read(move |conn| {
            Ok(users::session_facts(
                conn,
                user_id,
                school_id,
                sid.as_deref(),
            )?)
        })
        .await?
        .ok_or_else(|| invalid("the account no longer exists"))?;
    if facts.ended || !issued_after(claims.iat, facts.not_before.and_utc()) {
        return Err(invalid("the session was ended; sign in again"));
    }
    let zone = facts.zone;
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    Ok(Session {
        caller: Caller {
            user_id,
            school_id,
            roles,
        },
        must_change_password: claims.pwd,
        session_id: claims.sid,
        request_id,
        zone: clock::school_tz(zone.as_deref().unwrap_or_default()),
        clock: state.clock,
        regional: false,
    })
}

impl FromRequest for PendingAuth {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { session(req).await.map(PendingAuth) })
    }
}

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let s = session(req).await?;
            if s.must_change_password {
                return Err(ApiError::forbidden(
                    ErrorCode::PasswordChangeRequired,
                    "change the one-time password first (POST /api/v1/auth/password)",
                ));
            }
            Ok(Auth(s))
        })
    }
}
