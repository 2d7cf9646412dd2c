//! Integration clients' tokens and the extractor of their calls (R-A10).
//!
//! A client token is a JWT like a person's (HS256, `iss`, `aud`, `exp`, `sub` required) with
//! `typ` = `client`, `sub` the client id, `school` its school and `scope` the scopes granted; a
//! person's extractor refuses it (it has no roles) and [`ClientAuth`] refuses a person's. Every call
//! checks that the client is not revoked and its secret not rotated since the token, counts the
//! call against the client's minute (`journal_domain::clients::admit`) and is written to the
//! school's audit log with the client's name.

use super::jwt::{issued_after, AUDIENCE, ISSUER};
use crate::clock::{self, Clock};
use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use journal_api_types::ErrorCode;
use journal_db::audit::{self, AuditEvent};
use journal_db::clients::{self as cdb, ClientRow};
use journal_db::schema::schools;
use journal_domain::clients::{admit, split, Scope, CALLS_PER_MINUTE, CLIENT_TOKEN_TTL};
use journal_domain::SchoolId;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The `typ` of a client's token.
pub const CLIENT_TYPE: &str = "client";

/// The claims of a client's access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientClaims {
    /// The client id.
    pub sub: String,
    pub school: String,
    /// The scopes granted, space-separated.
    pub scope: String,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub typ: String,
}

/// Sign a token for `client` with `scopes`, issued now; answers it and its lifetime in seconds.
pub fn issue(
    state: &AppState,
    client: &ClientRow,
    scopes: &[Scope],
) -> Result<(String, i64), ApiError> {
    let now = state.clock.now();
    // Never before the secret was set, so a token right after a rotation works.
    let iat = super::jwt::issued_at(now, client.secret_set_at.and_utc());
    let ttl = CLIENT_TOKEN_TTL.num_seconds();
    let claims = ClientClaims {
        sub: client.id.clone(),
        school: client.school_id.clone(),
        scope: journal_domain::clients::join(scopes),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        exp: iat + ttl,
        iat,
        typ: CLIENT_TYPE.into(),
    };
    let token = state.jwt.sign_as(&claims).map_err(ApiError::internal)?;
    Ok((token, ttl))
}

/// An audit entry of what a client did itself (a token, a call), in its school's log with its
/// name; no person acted.
pub fn client_event(
    client: &ClientRow,
    action: &str,
    after: serde_json::Value,
    request_id: String,
) -> Result<AuditEvent, ApiError> {
    Ok(AuditEvent {
        school_id: Some(SchoolId(
            client.school_id.parse().map_err(ApiError::internal)?,
        )),
        actor_id: None,
        actor_role: Some("integration".into()),
        action: action.into(),
        entity: "integration_client".into(),
        entity_id: Some(client.id.clone()),
        before: None,
        after: Some(after),
        request_id: Some(request_id),
    })
}

/// A verified call of an integration client.
#[derive(Debug, Clone)]
pub struct ClientCaller {
    pub client_id: String,
    pub name: String,
    pub school_id: SchoolId,
    /// The scopes its token was granted.
    pub scopes: Vec<Scope>,
    pub request_id: String,
    pub zone: chrono_tz::Tz,
    pub clock: Clock,
}

impl ClientCaller {
    /// Today in the client's school.
    pub fn today(&self) -> chrono::NaiveDate {
        clock::local_date(self.clock.now(), self.zone)
    }

    /// 403 `insufficient_scope` unless the token's scopes cover `needed`.
    pub fn require(&self, needed: Scope) -> Result<(), ApiError> {
        if journal_domain::clients::allows(&self.scopes, needed) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                ErrorCode::Forbidden,
                format!("this needs the scope {}", needed.as_str()),
            ))
        }
    }
}

/// The extractor of a client's call.
#[derive(Debug, Clone)]
pub struct ClientAuth(pub ClientCaller);

fn invalid(detail: &str) -> ApiError {
    ApiError::unauthorized(ErrorCode::InvalidToken, detail)
}

/// Authenticate a client's call (what [`ClientAuth`] extracts), for handlers that answer its
/// refusals in their own shape (OneRoster's `imsx_StatusInfo`).
pub async fn authenticate(req: &HttpRequest) -> Result<ClientCaller, ApiError> {
    let req = req.clone();
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = super::extract::bearer(
        &req,
        "a client's access token is needed (POST /oauth/token, then Authorization: Bearer …)",
    )?;
    let claims: ClientClaims = state
        .jwt
        .verify_as(&token)
        .map_err(|_| invalid("the access token is not valid"))?;
    if claims.typ != CLIENT_TYPE {
        return Err(invalid("not an integration client's token"));
    }
    let scopes = split(&claims.scope).ok_or_else(|| invalid("unknown scope"))?;
    let school_id: SchoolId = claims
        .school
        .parse()
        .map_err(|_| invalid("malformed school"))?;
    let (id, school) = (claims.sub.clone(), claims.school.clone());
    let (client, zone) = state
        .read(move |conn| {
            use diesel::prelude::*;
            let client = cdb::of_school(conn, &school, &id)?;
            let zone: Option<String> = schools::table
                .find(&school)
                .select(schools::timezone)
                .first(conn)
                .optional()?;
            Ok((client, zone))
        })
        .await?;
    let client = client.ok_or_else(|| invalid("no such client"))?;
    if client.revoked_at.is_some() {
        return Err(invalid("the client was revoked"));
    }
    if !issued_after(claims.iat, client.secret_set_at.and_utc()) {
        return Err(invalid(
            "the client's secret was rotated; ask for a new token",
        ));
    }
    let now = state.clock.now().naive_utc();
    {
        let mut calls = state
            .guard
            .client_calls
            .lock()
            .map_err(|_| ApiError::internal("client call counter poisoned"))?;
        let window = calls.get(&client.id).copied();
        match admit(window, now, CALLS_PER_MINUTE) {
            Ok(next) => {
                calls.insert(client.id.clone(), next);
            }
            Err(retry_after) => {
                let mut e = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorCode::TooManyAttempts,
                    format!("at most {CALLS_PER_MINUTE} calls a minute; try again after the time in Retry-After"),
                );
                e.retry_after = Some(retry_after);
                return Err(e);
            }
        }
    }
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    // Every call is audited with the client's name; the list shows when it was last used.
    let event = client_event(
        &client,
        "integration.call",
        json!({
            "client": client.name,
            "method": req.method().as_str(),
            "path": req.path(),
            "query": req.query_string(),
        }),
        request_id.clone(),
    )?;
    let key = state.audit_key.clone();
    let used_id = client.id.clone();
    state
        .write(move |conn| {
            audit::record(conn, &key, &event)?;
            cdb::used(conn, &used_id, now)?;
            Ok(())
        })
        .await?;
    Ok(ClientCaller {
        client_id: client.id,
        name: client.name,
        school_id,
        scopes,
        request_id,
        zone: clock::school_tz(zone.as_deref().unwrap_or_default()),
        clock: state.clock,
    })
}

impl FromRequest for ClientAuth {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await.map(ClientAuth) })
    }
}
