//! Integration clients (R-A10): the school's admin registers a client (a name and the scopes it
//! may ask for) and gets its secret once; rotates the secret; revokes the client. The client gets
//! short-lived tokens at `POST /oauth/token` with the OAuth 2.0 client-credentials grant (RFC 6749
//! §4.4), authenticating with HTTP Basic or the form's `client_id`/`client_secret`. Secrets are
//! kept as argon2 hashes and checked under the sign-in throttling (R-S4), the client id as its
//! counter. Which scopes a token gets is `journal_domain::clients::granted`.

use crate::auth::check::{self, client_address};
use crate::auth::passwords;
use crate::auth::{client, Auth, Session};
use crate::error::ApiError;
use crate::input::Valid;
use crate::request_id::RequestId;
use crate::services::{record_audit, utc, uuid_of};
use crate::state::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use journal_api_types::integrations::{
    ClientSecret, ClientToken, IntegrationClient, IntegrationClients, NewIntegrationClient,
    OAuthError, TokenRequest,
};
use journal_api_types::Problem;
use journal_db::audit;
use journal_db::clients::{self as cdb, ClientRow};
use journal_db::{names, now, throttle, DbConnection};
use journal_domain::clients::{granted, join, split, GrantError};
use journal_domain::Action;
use serde_json::json;
use uuid::Uuid;

/// The token endpoint's path.
pub const TOKEN_PATH: &str = "/oauth/token";
/// The largest token request read.
const MAX_TOKEN_REQUEST: usize = 4096;

fn view(row: &ClientRow, created_by_name: String) -> Result<IntegrationClient, ApiError> {
    Ok(IntegrationClient {
        client_id: uuid_of(&row.id)?,
        name: row.name.clone(),
        scopes: split(&row.scopes).unwrap_or_default(),
        created_at: utc(row.created_at),
        created_by_name,
        secret_set_at: utc(row.secret_set_at),
        last_used_at: row.last_used_at.map(utc),
        revoked_at: row.revoked_at.map(utc),
    })
}

/// The clients with the names of who registered them, read in one query.
fn views(conn: &mut DbConnection, rows: &[ClientRow]) -> Result<Vec<IntegrationClient>, ApiError> {
    let ids: Vec<&String> = rows.iter().map(|r| &r.created_by).collect();
    let people: std::collections::HashMap<String, String> = names::accounts(conn, &ids)?
        .into_iter()
        .map(|(id, _, last, first, _)| (id, format!("{last} {first}")))
        .collect();
    rows.iter()
        .map(|r| view(r, people.get(&r.created_by).cloned().unwrap_or_default()))
        .collect()
}

/// The school's integration clients, newest first.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    responses(
        (status = 200, body = IntegrationClients),
        (status = 403, description = "Only the school's admin manages integration clients", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/integration-clients")]
pub async fn list_clients(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageIntegrations)?;
    let school = session.caller.school_id.to_string();
    let clients = state
        .read(move |conn| {
            let rows = cdb::list(conn, &school)?;
            views(conn, &rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(IntegrationClients {
        clients,
        token_path: TOKEN_PATH.into(),
    }))
}

/// A new secret and its hash, hashed in the heavy pool.
async fn new_secret(state: &AppState) -> Result<(String, String), ApiError> {
    state
        .guard
        .heavy
        .run(|| {
            let secret = passwords::random_token();
            let hash = passwords::hash(&secret).map_err(ApiError::internal)?;
            Ok((secret, hash))
        })
        .await
}

/// Register a client: its secret is in this answer only.
#[utoipa::path(tag = "integrations", security(("bearer" = [])), request_body = NewIntegrationClient,
    responses(
        (status = 201, body = ClientSecret),
        (status = 400, description = "`validation_failed`: no name, or no scope", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the school's admin manages integration clients", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/integration-clients")]
pub async fn create_client(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<NewIntegrationClient>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageIntegrations)?;
    let req = body.0;
    let (secret, hash) = new_secret(&state).await?;
    let key = state.audit_key.clone();
    let client = state
        .write(move |conn| {
            let at = now();
            let row = ClientRow {
                id: Uuid::new_v4().to_string(),
                school_id: session.caller.school_id.to_string(),
                name: req.name.trim().to_owned(),
                scopes: join(&req.scopes),
                secret_hash: hash,
                created_by: session.caller.user_id.to_string(),
                created_at: at,
                secret_set_at: at,
                last_used_at: None,
                revoked_at: None,
            };
            cdb::insert(conn, &row)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::ManageIntegrations,
                ("integration.create", "integration_client", row.id.clone()),
                None,
                Some(json!({ "name": row.name, "scopes": row.scopes })),
            )?;
            Ok(views(conn, std::slice::from_ref(&row))?.remove(0))
        })
        .await?;
    Ok(HttpResponse::Created().json(ClientSecret {
        client,
        client_secret: secret,
    }))
}

/// The caller's school's client `id`, or 404.
fn own_client(conn: &mut DbConnection, session: &Session, id: Uuid) -> Result<ClientRow, ApiError> {
    cdb::of_school(conn, &session.caller.school_id.to_string(), &id.to_string())?
        .ok_or_else(ApiError::not_found)
}

/// The admin changed `row` by `action`: audited, and the client answered as it now stands.
fn changed(
    conn: &mut DbConnection,
    key: &audit::AuditKey,
    session: &Session,
    row: &ClientRow,
    action: &str,
) -> Result<IntegrationClient, ApiError> {
    record_audit(
        conn,
        key,
        session,
        Action::ManageIntegrations,
        (action, "integration_client", row.id.clone()),
        None,
        Some(json!({ "name": row.name })),
    )?;
    let row = cdb::of_school(conn, &row.school_id, &row.id)?.ok_or_else(ApiError::not_found)?;
    Ok(views(conn, std::slice::from_ref(&row))?.remove(0))
}

/// A new secret for a client: the old one and every token issued with it stop working.
#[utoipa::path(tag = "integrations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The client id")),
    responses(
        (status = 200, body = ClientSecret),
        (status = 403, description = "Only the school's admin manages integration clients", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a client of the school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`client_revoked`: a revoked client gets no new secret", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/integration-clients/{id}/rotate-secret")]
pub async fn rotate_secret(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageIntegrations)?;
    let id = path.into_inner();
    let (secret, hash) = new_secret(&state).await?;
    let key = state.audit_key.clone();
    let client = state
        .write(move |conn| {
            let row = own_client(conn, &session, id)?;
            if row.revoked_at.is_some() {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    journal_api_types::ErrorCode::ClientRevoked,
                    "the client is revoked; register a new one",
                ));
            }
            // The next whole second after now and after the previous secret: every token
            // issued so far is void, tokens issued from now on are not (as for `not_before`).
            let at =
                crate::auth::jwt::next_not_before(now().and_utc(), row.secret_set_at.and_utc())
                    .naive_utc();
            cdb::set_secret(conn, &row.id, &hash, at)?;
            changed(conn, &key, &session, &row, "integration.rotate")
        })
        .await?;
    Ok(HttpResponse::Ok().json(ClientSecret {
        client,
        client_secret: secret,
    }))
}

/// Revoke a client: it gets no token and its tokens stop working at once. Revoking a revoked
/// client changes nothing.
#[utoipa::path(tag = "integrations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The client id")),
    responses(
        (status = 200, body = IntegrationClient),
        (status = 403, description = "Only the school's admin manages integration clients", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a client of the school", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/integration-clients/{id}/revoke")]
pub async fn revoke_client(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageIntegrations)?;
    let id = path.into_inner();
    let key = state.audit_key.clone();
    let client = state
        .write(move |conn| {
            let row = own_client(conn, &session, id)?;
            if row.revoked_at.is_some() {
                return Ok(views(conn, std::slice::from_ref(&row))?.remove(0));
            }
            cdb::revoke(conn, &row.id, now())?;
            changed(conn, &key, &session, &row, "integration.revoke")
        })
        .await?;
    Ok(HttpResponse::Ok().json(client))
}

/// An RFC 6749 §5.2 error: 401 with `WWW-Authenticate` for a client that authenticated with
/// HTTP Basic and failed, 400 otherwise.
fn oauth_error(error: &str, description: &str, basic: bool) -> HttpResponse {
    let status = if error == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let mut r = HttpResponse::build(status);
    r.insert_header((header::CACHE_CONTROL, "no-store"));
    if status == StatusCode::UNAUTHORIZED {
        let scheme = if basic {
            "Basic realm=\"journal\""
        } else {
            "Basic realm=\"journal\", charset=\"UTF-8\""
        };
        r.insert_header((header::WWW_AUTHENTICATE, scheme));
    }
    r.json(OAuthError {
        error: error.into(),
        error_description: Some(description.into()),
    })
}

/// The credentials of HTTP Basic: `client_id:client_secret`, each form-urlencoded (RFC 6749
/// §2.3.1). `Err` for a malformed header.
fn basic_credentials(req: &HttpRequest) -> Result<Option<(String, String)>, ()> {
    use base64::Engine;
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(drop)?;
    let Some(encoded) = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
    else {
        return Err(());
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(drop)?;
    let text = String::from_utf8(bytes).map_err(drop)?;
    let (id, secret) = text.split_once(':').ok_or(())?;
    let decode = |s: &str| -> Result<String, ()> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(&format!("v={s}")).map_err(drop)?;
        pairs.into_iter().next().map(|(_, v)| v).ok_or(())
    };
    Ok(Some((decode(id)?, decode(secret)?)))
}

/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4): a short-lived bearer token for an
/// integration client, with the scopes asked (each registered for it) or all its registered ones.
#[utoipa::path(tag = "integrations",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The token (`Cache-Control: no-store`)", body = ClientToken),
        (status = 400, description = "`invalid_request`, `unsupported_grant_type` or `invalid_scope` (RFC 6749 §5.2)", body = OAuthError),
        (status = 401, description = "`invalid_client`: unknown client, wrong secret, or revoked", body = OAuthError),
        (status = 429, description = "`too_many_attempts`: too many wrong secrets; wait for `Retry-After`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: the secret checks are queued full; try again", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/token")]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    request_id: RequestId,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(oauth_error(
            "invalid_request",
            "send the parameters as application/x-www-form-urlencoded",
            false,
        ));
    }
    let body = crate::input::body_upto(
        payload,
        MAX_TOKEN_REQUEST,
        "a token request is at most 4 KiB",
    )
    .await?;
    let Ok(form) = serde_urlencoded::from_bytes::<TokenRequest>(&body) else {
        return Ok(oauth_error(
            "invalid_request",
            "the form is malformed or repeats a parameter",
            false,
        ));
    };
    match form.grant_type.as_deref() {
        None => {
            return Ok(oauth_error(
                "invalid_request",
                "grant_type is missing",
                false,
            ))
        }
        Some("client_credentials") => {}
        Some(_) => {
            return Ok(oauth_error(
                "unsupported_grant_type",
                "only client_credentials is supported",
                false,
            ))
        }
    }
    let basic = match basic_credentials(&req) {
        Ok(b) => b,
        Err(()) => {
            return Ok(oauth_error(
                "invalid_client",
                "the Authorization header is not valid HTTP Basic",
                true,
            ))
        }
    };
    let used_basic = basic.is_some();
    let (id, secret) = match (basic, form.client_id, form.client_secret) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Ok(oauth_error(
                "invalid_request",
                "authenticate one way: HTTP Basic or the form's client_id and client_secret",
                false,
            ))
        }
        (Some(pair), None, None) => pair,
        (None, Some(id), Some(secret)) => (id, secret),
        _ => {
            return Ok(oauth_error(
                "invalid_client",
                "authenticate with HTTP Basic or client_id and client_secret",
                used_basic,
            ))
        }
    };
    let denied = || {
        oauth_error(
            "invalid_client",
            "unknown client or wrong secret",
            used_basic,
        )
    };
    let Ok(client_id) = id.parse::<Uuid>() else {
        return Ok(denied());
    };
    if secret.len() > 256 {
        return Ok(denied());
    }
    let counter = format!("client:{client_id}");
    let address = client_address(&req, &state);
    let (client, right) = check::secret(
        &state,
        &counter,
        &address,
        secret,
        |conn, counter| cdb::find(conn, counter.trim_start_matches("client:")),
        |c: &ClientRow| c.secret_hash.as_str(),
    )
    .await?;
    let Some(client) = client.filter(|c| right && c.revoked_at.is_none()) else {
        return Ok(denied());
    };
    let registered = split(&client.scopes).unwrap_or_default();
    let scopes = match granted(form.scope.as_deref(), &registered) {
        Ok(s) => s,
        Err(GrantError::InvalidScope) => {
            return Ok(oauth_error(
                "invalid_scope",
                "a scope asked for is unknown or not registered for this client",
                false,
            ))
        }
    };
    let (access_token, expires_in) = client::issue(&state, &client, &scopes)?;
    let key = state.audit_key.clone();
    let request_id = request_id.0;
    let scope = join(&scopes);
    let recorded = scope.clone();
    state
        .write(move |conn| {
            throttle::succeeded(conn, &counter, &address)?;
            let event = client::client_event(
                &client,
                "integration.token",
                json!({ "client": client.name, "scope": recorded, "address": address }),
                request_id,
            )?;
            audit::record(conn, &key, &event)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(ClientToken {
            access_token,
            token_type: "Bearer".into(),
            expires_in,
            scope,
        }))
}
