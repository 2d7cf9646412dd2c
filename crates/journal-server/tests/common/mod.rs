//! Shared by the binary's test files: the `journal` binary run against a test database.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use journal_db::testing::TestDb;
use std::process::{Command, Output};

/// `journal ARGS` against `db` with `data` as its data directory (fresh keys: no secrets from the
/// environment).
pub fn journal(db: &TestDb, data: &tempfile::TempDir, args: &[&str]) -> Output {
    let url = match db.url.backend {
        journal_db::Backend::Sqlite => format!("sqlite://{}", db.url.target),
        journal_db::Backend::Postgres => db.url.target.clone(),
    };
    Command::new(env!("CARGO_BIN_EXE_journal"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("JOURNAL_DATA_DIR", data.path())
        .env_remove("JOURNAL_AUDIT_SECRET")
        .env_remove("JOURNAL_JWT_SECRET")
        .output()
        .expect("run journal")
}

/// What a run printed, standard output then standard error.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The API over `db` as `journal serve` mounts it, with test keys and the system clock.
pub fn state(db: &TestDb) -> journal_api::AppState {
    journal_api::AppState {
        pool: db.pool.clone(),
        backend: db.url.backend,
        jwt: journal_api::auth::jwt::JwtKeys::from_secret(
            b"answers-test-secret-of-at-least-32-bytes",
        )
        .unwrap(),
        audit_key: journal_db::audit::AuditKey::new(b"answers-test-audit-key-of-32-bytes"),
        behind_proxy: false,
        guard: journal_api::state::Guard::default(),
        clock: journal_api::clock::Clock::system(),
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

/// A bearer token of a demo account (password `journal-demo`).
pub async fn sign_in<S, B>(app: &S, login: &str) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let req = actix_web::test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(serde_json::json!({ "login": login, "password": "journal-demo" }))
        .to_request();
    let resp = actix_web::test::call_service(app, req).await;
    assert_eq!(resp.status(), 200, "{login} signs in");
    let body: serde_json::Value = actix_web::test::read_body_json(resp).await;
    format!("Bearer {}", body["access_token"].as_str().unwrap())
}

/// `GET uri` with a bearer token: the status, the content type and the body.
pub async fn get<S, B>(app: &S, uri: &str, bearer: &str) -> (u16, String, Vec<u8>)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let req = actix_web::test::TestRequest::get()
        .uri(uri)
        .insert_header(("Authorization", bearer.to_owned()))
        .to_request();
    let resp = actix_web::test::call_service(app, req).await;
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, actix_web::test::read_body(resp).await.to_vec())
}
