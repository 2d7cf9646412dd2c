//! Shared test support: the app over a fresh database, schools with accounts, calls with tokens.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test;
use journal_api::accounts::{self, FirstPassword, NewAccount};
use journal_api::auth::jwt::{Claims, JwtKeys, AUDIENCE, ISSUER};
use journal_api::auth::passwords;
use journal_api::AppState;
use journal_db::audit::AuditKey;
use journal_db::schools::{self, School};
use journal_db::testing::TestDb;
use journal_db::{now, write_tx};
use journal_domain::{Role, SchoolId};
use serde_json::{json, Value};

pub const SECRET: &[u8] = b"api-test-secret-of-at-least-32-bytes";
pub const PASSWORD: &str = "проверочный пароль";

pub fn state(db: &TestDb) -> AppState {
    AppState {
        pool: db.pool.clone(),
        backend: db.url.backend,
        jwt: JwtKeys::from_secret(SECRET).unwrap(),
        audit_key: AuditKey::new(b"api-test-audit-key-of-32-bytes!!!!"),
        behind_proxy: false,
    }
}

#[macro_export]
macro_rules! app {
    ($db:expr) => {
        actix_web::test::init_service(
            actix_web::App::new()
                .wrap(actix_web::middleware::from_fn(
                    journal_api::request_id::middleware,
                ))
                .configure(journal_api::mount($crate::common::state($db))),
        )
        .await
    };
}

/// A school with accounts holding the given roles, all with password [`PASSWORD`].
pub fn school_with(db: &TestDb, name: &str, people: &[(&str, &[Role])]) -> SchoolId {
    let mut conn = db.conn();
    let hash = passwords::hash(PASSWORD).unwrap();
    write_tx(&mut conn, |conn| {
        let id = SchoolId::new();
        schools::insert(
            conn,
            &School {
                id: id.to_string(),
                name: name.into(),
                short_name: None,
                timezone: "Europe/Moscow".into(),
                is_demo: false,
                max_control_works_per_day: 1,
                created_at: now(),
            },
        )?;
        for (login, roles) in people {
            let account = NewAccount {
                login: (*login).into(),
                last_name: "Тестова".into(),
                first_name: "Анна".into(),
                middle_name: None,
                roles: roles.to_vec(),
            };
            accounts::create(conn, id, &account, FirstPassword::Permanent(hash.clone())).unwrap();
        }
        Ok::<_, diesel::result::Error>(id)
    })
    .unwrap()
}

pub async fn call<S, B>(
    app: &S,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut req = match method {
        "GET" => test::TestRequest::get(),
        "PUT" => test::TestRequest::put(),
        "DELETE" => test::TestRequest::delete(),
        _ => test::TestRequest::post(),
    }
    .uri(path);
    if let Some(t) = token {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    if let Some(b) = body {
        req = req.set_json(b);
    }
    let resp = test::call_service(app, req.to_request()).await;
    let status = resp.status();
    if status.is_client_error() || status.is_server_error() {
        let ct = resp
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            ct, "application/problem+json",
            "{path}: errors are problem+json"
        );
    }
    let bytes = test::read_body(resp).await;
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, value)
}

pub async fn login<S, B>(app: &S, login: &str, password: &str) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    call(
        app,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({ "login": login, "password": password })),
    )
    .await
}

pub fn token(v: &Value, field: &str) -> String {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} in {v}"))
        .to_owned()
}

pub fn claims(sub: &str, school: SchoolId) -> Claims {
    // Issued a second ahead, as the server does right after an account is created (its `iat` is
    // never earlier than the account's `not_before`, rounded up).
    let now = chrono::Utc::now().timestamp() + 1;
    Claims {
        sub: sub.into(),
        school: school.to_string(),
        roles: vec!["admin".into()],
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        exp: now + 600,
        iat: now,
        typ: "access".into(),
        pwd: false,
    }
}

pub fn sign(claims: &impl serde::Serialize, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}
