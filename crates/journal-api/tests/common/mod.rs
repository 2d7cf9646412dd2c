//! Shared test support: the app over a fresh database, schools with accounts, calls with tokens.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test;
use journal_api::accounts::{self, FirstPassword, NewAccount};
use journal_api::auth::jwt::{Claims, JwtKeys, AUDIENCE, ISSUER};
use journal_api::auth::passwords;
use journal_api::clock::Clock;
use journal_api::AppState;
use journal_db::audit::AuditKey;
use journal_db::roster::{self, Class};
use journal_db::schools::{self, School};
use journal_db::testing::TestDb;
use journal_db::{now, write_tx};
use journal_domain::{Role, SchoolId};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The application under test, as `actix_web::test::init_service` gives it: what the request
/// helpers below take.
pub trait TestApp<B>:
    Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>
{
}

impl<S, B> TestApp<B> for S where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>
{
}

pub const SECRET: &[u8] = b"api-test-secret-of-at-least-32-bytes";
pub const PASSWORD: &str = "проверочный пароль";

pub fn state(db: &TestDb) -> AppState {
    state_at(db, Clock::system())
}

/// [`state`] with the server's clock reading `clock`.
pub fn state_at(db: &TestDb, clock: Clock) -> AppState {
    AppState {
        pool: db.pool.clone(),
        backend: db.url.backend,
        jwt: JwtKeys::from_secret(SECRET).unwrap(),
        audit_key: AuditKey::new(b"api-test-audit-key-of-32-bytes!!!!"),
        behind_proxy: false,
        guard: journal_api::state::Guard::default(),
        clock,
        archive: journal_api::archive::Store::new(
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("archives")
                .join(uuid::Uuid::new_v4().to_string()),
        ),
        backups: journal_api::backups::Backups {
            dir: std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("backups")
                .join(uuid::Uuid::new_v4().to_string()),
            every: None,
            keep: 7,
        },
    }
}

#[macro_export]
macro_rules! app {
    ($db:expr) => {
        $crate::app!($db, journal_api::clock::Clock::system())
    };
    ($db:expr, $clock:expr) => {
        actix_web::test::init_service(
            actix_web::App::new()
                .wrap(actix_web::middleware::from_fn(
                    journal_api::request_id::middleware,
                ))
                .wrap(actix_web::middleware::from_fn(
                    journal_api::input::path_dates,
                ))
                .wrap(actix_web::middleware::from_fn(
                    journal_api::security_headers::middleware,
                ))
                .configure(journal_api::mount($crate::common::state_at($db, $clock))),
        )
        .await
    };
}

/// A school with accounts holding the given roles, all with password [`PASSWORD`].
pub fn school_with(db: &TestDb, name: &str, people: &[(&str, &[Role])]) -> SchoolId {
    school_with_classes(db, name, people, &[]).0
}

/// [`school_with`], and classes (of no school year) led by some of its people: `classes` is
/// `(name, class teacher login)`. Returns the school and its class ids by name.
pub fn school_with_classes(
    db: &TestDb,
    name: &str,
    people: &[(&str, &[Role])],
    classes: &[(&str, Option<&str>)],
) -> (SchoolId, HashMap<String, String>) {
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
        let mut logins = HashMap::new();
        for (login, roles) in people {
            let account = NewAccount {
                login: (*login).into(),
                last_name: "Тестова".into(),
                first_name: "Анна".into(),
                middle_name: None,
                roles: roles.to_vec(),
            };
            let (user, _) =
                accounts::create(conn, id, &account, FirstPassword::Permanent(hash.clone()))
                    .unwrap();
            logins.insert((*login).to_owned(), user.id);
        }
        let mut ids = HashMap::new();
        let rows: Vec<Class> = classes
            .iter()
            .map(|(class, teacher)| {
                let (grade, letter) = class.split_at(class.len() - "А".len());
                let c = Class {
                    id: uuid::Uuid::new_v4().to_string(),
                    school_id: id.to_string(),
                    grade: grade.parse().unwrap(),
                    letter: letter.into(),
                    class_teacher_id: teacher.map(|t| logins[t].clone()),
                    created_at: now(),
                    year_id: None,
                    week_days: 5,
                    bell_schedule_id: None,
                };
                ids.insert((*class).to_owned(), c.id.clone());
                c
            })
            .collect();
        roster::insert_classes(conn, &rows)?;
        Ok::<_, diesel::result::Error>((id, ids))
    })
    .unwrap()
}

/// Move a school to the time zone `zone` (an IANA name).
pub fn set_timezone(db: &TestDb, school: SchoolId, zone: &str) {
    use diesel::prelude::*;
    use journal_db::schema::schools::dsl;
    let n = diesel::update(dsl::schools.find(school.to_string()))
        .set(dsl::timezone.eq(zone))
        .execute(&mut db.conn())
        .unwrap();
    assert_eq!(n, 1, "the school exists");
}

/// The id of the item named `name` in the list `GET path` answers.
pub async fn id_named<S, B>(app: &S, token: &str, path: &str, name: &str) -> Value
where
    S: TestApp<B>,
    B: MessageBody,
{
    let (_, list) = call(app, "GET", path, Some(token), None).await;
    list.as_array()
        .and_then(|l| l.iter().find(|x| x["name"] == name))
        .unwrap_or_else(|| panic!("no {name} in {path}: {list}"))["id"]
        .clone()
}

/// A request with a body of any type: the status, the content type and the body's bytes. Errors
/// must be problem+json.
pub async fn request<S, B>(
    app: &S,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> (StatusCode, String, Vec<u8>)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let (status, ct, bytes, _) = send(app, method, path, token, None, body).await;
    (status, ct, bytes)
}

/// [`request`] with an optional `If-Match` header, also answering the response's `ETag`.
pub async fn send<S, B>(
    app: &S,
    method: &str,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> (StatusCode, String, Vec<u8>, Option<String>)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let mut req = match method {
        "GET" => test::TestRequest::get(),
        "PUT" => test::TestRequest::put(),
        "PATCH" => test::TestRequest::patch(),
        "DELETE" => test::TestRequest::delete(),
        _ => test::TestRequest::post(),
    }
    .uri(path);
    if let Some(t) = token {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    if let Some(m) = if_match {
        req = req.insert_header(("If-Match", m.to_owned()));
    }
    if let Some((content_type, bytes)) = body {
        req = req
            .insert_header(("Content-Type", content_type.to_owned()))
            .set_payload(bytes);
    }
    let resp = test::call_service(app, req.to_request()).await;
    let status = resp.status();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let ct = header("content-type").unwrap_or_default();
    let etag = header("etag");
    if status.is_client_error() || status.is_server_error() {
        assert_eq!(
            ct, "application/problem+json",
            "{path}: errors are problem+json"
        );
    }
    (status, ct, test::read_body(resp).await.to_vec(), etag)
}

/// A JSON request: the status and the JSON answer (`null` for an empty body).
pub async fn call<S, B>(
    app: &S,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let (status, value, _) = call_matching(app, method, path, token, None, body).await;
    (status, value)
}

/// [`call`] for a setup step that must succeed: fails the test at once, naming the call, when
/// the answer is not 2xx, so a failed setup cannot make a later "not found" pass. Answers the body.
pub async fn call_ok<S, B>(
    app: &S,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Value
where
    S: TestApp<B>,
    B: MessageBody,
{
    let (status, value) = call(app, method, path, token, body).await;
    assert!(
        status.is_success(),
        "setup {method} {path} answered {status}: {value}"
    );
    value
}

/// [`call`] with an optional `If-Match` header, also answering the response's `ETag`.
pub async fn call_matching<S, B>(
    app: &S,
    method: &str,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value, Option<String>)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let body = body.map(|b| ("application/json", b.to_string().into_bytes()));
    let (status, _, bytes, etag) = send(app, method, path, token, if_match, body).await;
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, value, etag)
}

/// The 2025/2026 school year: quarters for 1–9, halves for 10–11, the usual holidays.
pub fn year_2025() -> Value {
    let q = |n: u8, a: &str, b: &str| json!({"kind": "quarter", "number": n, "grade_from": 1, "grade_to": 9, "starts_on": a, "ends_on": b});
    let h = |n: u8, a: &str, b: &str| json!({"kind": "half", "number": n, "grade_from": 10, "grade_to": 11, "starts_on": a, "ends_on": b});
    json!({
        "name": "2025/2026",
        "starts_on": "2025-09-01",
        "ends_on": "2026-08-31",
        "calendar": {
            "periods": [
                q(1, "2025-09-01", "2025-10-24"), q(2, "2025-11-05", "2025-12-26"),
                q(3, "2026-01-12", "2026-03-20"), q(4, "2026-03-30", "2026-05-26"),
                h(1, "2025-09-01", "2025-12-26"), h(2, "2026-01-12", "2026-05-26"),
            ],
            "holidays": [
                {"name": "Осенние каникулы", "starts_on": "2025-10-25", "ends_on": "2025-11-04"},
                {"name": "Зимние каникулы", "starts_on": "2025-12-27", "ends_on": "2026-01-11"},
                {"name": "Весенние каникулы", "starts_on": "2026-03-21", "ends_on": "2026-03-29"},
                {"name": "Дополнительные каникулы", "grade_from": 1, "grade_to": 1, "starts_on": "2026-02-14", "ends_on": "2026-02-22"},
            ]
        }
    })
}

pub async fn login<S, B>(app: &S, login: &str, password: &str) -> (StatusCode, Value)
where
    S: TestApp<B>,
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

/// Sign in with [`PASSWORD`], which must succeed; the access token.
pub async fn sign_in<S, B>(app: &S, who: &str) -> String
where
    S: TestApp<B>,
    B: MessageBody,
{
    let (status, body) = login(app, who, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{who}: {body}");
    token(&body, "access_token")
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
        sid: None,
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

/// The actions the audit log records for one object, newest first.
pub async fn audit_actions<S, B>(app: &S, reader: &str, entity_id: &str) -> Vec<String>
where
    S: TestApp<B>,
    B: MessageBody,
{
    let path = format!("/api/v1/audit?entity_id={entity_id}&limit=100");
    let (status, log) = call(app, "GET", &path, Some(reader), None).await;
    assert_eq!(status, StatusCode::OK);
    log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

/// The text of a PDF the server typeset (R-P1: searchable, Russian), without spaces: the
/// extractor sets some glyphs apart.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf)
        .unwrap()
        .split_whitespace()
        .collect()
}
