//! People (R-B5) and import/export (R-B6) through the real actix stack with real tokens. Each test
//! runs on the backend named by JOURNAL_TEST_BACKEND; `make test` runs the suite on SQLite and on
//! PostgreSQL.
//!
//! One test binary: this file holds the school the tests set up and the helpers they share; the
//! tests are in its modules, by area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use common::*;
use journal_db::testing::TestDb;
use journal_db::{now, people, users};
use journal_domain::{Role, SchoolId, UserId};
use serde_json::{json, Value};
use std::collections::HashMap;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The usual school: the office, two class teachers (7А, 8Б), a subject teacher and a family.
fn school_a(db: &TestDb) -> (SchoolId, HashMap<String, String>) {
    school_with_classes(
        db,
        "Школа А",
        &[
            ("admin", &[Role::Admin]),
            ("secretary", &[Role::Secretary]),
            ("director", &[Role::Director]),
            ("deputy", &[Role::Deputy]),
            ("kt7a", &[Role::Teacher]),
            ("kt8b", &[Role::Teacher]),
            ("teacher", &[Role::Teacher]),
            ("parent", &[Role::Guardian]),
            ("pupil", &[Role::Student]),
        ],
        &[("7А", Some("kt7a")), ("8Б", Some("kt8b")), ("5А", None)],
    )
}

/// Import a file; answers the status and the report (for 422, the report inside the problem).
async fn import<S, B>(
    app: &S,
    token: &str,
    kind: &str,
    dry_run: bool,
    content_type: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let path = format!("/api/v1/import/{kind}?dry_run={dry_run}");
    let (status, _, body) =
        request(app, "POST", &path, Some(token), Some((content_type, bytes))).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    if status == StatusCode::UNPROCESSABLE_ENTITY && v["code"] == "import_rejected" {
        return (status, v["report"].clone());
    }
    (status, v)
}

async fn export<S, B>(app: &S, token: &str, kind: &str, format: &str) -> (String, Vec<u8>)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let path = format!("/api/v1/export/{kind}?format={format}");
    let (status, ct, body) = request(app, "GET", &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    (ct, body)
}

/// `(line, code)` of each problem of a report.
fn problems(report: &Value) -> Vec<(u64, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["last_name"].as_str().unwrap().to_owned())
        .collect()
}

/// (students, guardians, links, movements) of a school, read straight from storage.
fn counts(db: &TestDb, school: SchoolId) -> (i64, i64, i64, i64) {
    people::counts(&mut db.conn(), school).unwrap()
}

async fn admit<S, B>(app: &S, token: &str, last: &str, class: &str, on: &str) -> String
where
    S: TestApp<B>,
    B: MessageBody,
{
    let body = json!({
        "last_name": last, "first_name": "Иван", "birth_date": "2012-05-04",
        "class_id": class, "on_date": on,
    });
    let (status, created) = call(app, "POST", "/api/v1/students", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["student"]["id"].as_str().unwrap().to_owned()
}

async fn new_guardian<S, B>(app: &S, token: &str, last: &str) -> String
where
    S: TestApp<B>,
    B: MessageBody,
{
    let body = json!({"last_name": last, "first_name": "Мария", "phone": "+7 912 000-00-01"});
    let (status, created) = call(app, "POST", "/api/v1/guardians", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

// The tests, by area.
mod access;
mod exports;
mod imports;
mod students;
