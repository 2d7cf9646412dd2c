//! The contract tells the truth: what the server answers where the OpenAPI document says it does
//! (wrong methods, numbers, preconditions). The whole document is checked against the running
//! server by `make schemathesis`; these pin the fixes it led to, on both backends.

mod common;

use actix_web::http::{header, StatusCode};
use actix_web::test;
use common::*;
use journal_db::testing::TestDb;
use journal_domain::Role;
use serde_json::{json, Value};

#[actix_web::test]
async fn a_known_path_asked_with_another_method_answers_405_with_allow() {
    let db = TestDb::new();
    let app = app!(&db);
    let response = test::call_service(
        &app,
        test::TestRequest::delete()
            .uri("/api/v1/users")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers().get(header::ALLOW).unwrap(), "GET, POST");
    assert_eq!(
        response.headers().get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    let body: Value = test::read_body_json(response).await;
    assert_eq!(body["code"], "method_not_allowed");
    assert_eq!(body["status"], 405);

    // A path with parameters: matched by its template.
    let response = test::call_service(
        &app,
        test::TestRequest::put()
            .uri("/api/v1/students/00000000-0000-0000-0000-000000000000/diary")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers().get(header::ALLOW).unwrap(), "GET");

    // An unknown path stays 404.
    let (status, problem) = call(&app, "DELETE", "/api/v1/nowhere", None, None).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("no_such_endpoint"))
    );
}

#[actix_web::test]
async fn a_number_without_a_fraction_is_an_integer() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("admin", &[Role::Admin])]);
    let app = app!(&db);
    let admin = token(&login(&app, "admin", PASSWORD).await.1, "access_token");
    let (status, room) = call(
        &app,
        "POST",
        "/api/v1/rooms",
        Some(&admin),
        Some(json!({"name": "Каб. 12", "capacity": 30.0})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{room}");
    assert_eq!(room["capacity"], 30);
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/rooms",
        Some(&admin),
        Some(json!({"name": "Каб. 13", "capacity": 30.5})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_body"))
    );
}

#[actix_web::test]
async fn if_match_is_an_etag_as_the_contract_writes_it() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    let teacher = token(&login(&app, "teacher", PASSWORD).await.1, "access_token");
    let page = format!(
        "/api/v1/journal/{}/{}",
        uuid::Uuid::new_v4(),
        uuid::Uuid::new_v4()
    );
    let body = json!({"changes": [{"kind": "lesson", "entry_id": uuid::Uuid::new_v4(), "lesson_date": "2026-09-01", "conducted": true}]});
    for bad in ["+1", "\"+1\"", "W/W/\"1\"", "\"1", "\"1234567890\"", ""] {
        let (status, problem, _) = call_matching(
            &app,
            "POST",
            &page,
            Some(&teacher),
            Some(bad),
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_if_match")),
            "{bad}"
        );
    }
    for good in ["\"1\"", "W/\"1\""] {
        let (status, _, _) = call_matching(
            &app,
            "POST",
            &page,
            Some(&teacher),
            Some(good),
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{good}: no such page");
    }
}

/// PostgreSQL cannot store U+0000 in text: it used to answer 500 there (found by schemathesis).
/// Now every backend refuses it at the edge, in bodies and query strings alike.
#[actix_web::test]
async fn text_holding_nul_is_refused_on_every_backend() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("admin", &[Role::Admin])]);
    let app = app!(&db);
    let admin = token(&login(&app, "admin", PASSWORD).await.1, "access_token");
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/guardians",
        Some(&admin),
        Some(json!({"last_name": "Ив\u{0}анова", "first_name": "Мария"})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("nul_character")),
        "{problem}"
    );
    let (status, problem) = call(
        &app,
        "GET",
        "/api/v1/audit?entity=%00user",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("nul_character")),
        "{problem}"
    );
    // The same without the NUL is fine.
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/guardians",
        Some(&admin),
        Some(json!({"last_name": "Иванова", "first_name": "Мария"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}
