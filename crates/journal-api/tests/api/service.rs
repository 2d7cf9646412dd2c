//! The service as a whole: health, the served contract and its docs page, bad input refused
//! clearly and far dates refused at the edge.

use super::*;

#[actix_web::test]
async fn health_names_the_backend() {
    let db = TestDb::new();
    let app = app!(&db);
    let (status, body) = call(&app, "GET", "/api/v1/health", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], db.url.backend.as_str());
    assert_eq!(body["status"], "ok");
}

#[actix_web::test]
async fn bad_input_is_refused_clearly_and_writes_nothing() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("admin", &[Role::Admin])]);
    let app = app!(&db);
    let admin = token(&login(&app, "admin", PASSWORD).await.1, "access_token");
    let count = |page: &Value| page["total"].as_i64().unwrap();
    let before = count(
        &call(&app, "GET", "/api/v1/users", Some(&admin), None)
            .await
            .1,
    );

    let bad = json!({"login": "иванова", "last_name": "", "first_name": "Мария", "roles": ["class_teacher"]});
    let (status, problem) = call(&app, "POST", "/api/v1/users", Some(&admin), Some(bad)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("validation_failed"))
    );
    let fields: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("last_name", "length"),
            ("login", "login_characters"),
            ("roles", "role_not_grantable")
        ]
    );

    let unknown_field = json!({"login": "ok.login", "last_name": "Иванова", "first_name": "Мария", "roles": ["teacher"], "is_admin": true});
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/users",
        Some(&admin),
        Some(unknown_field),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_body"))
    );
    let wrong_role = json!({"login": "ok.login", "last_name": "Иванова", "first_name": "Мария", "roles": ["root"]});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/users",
            Some(&admin),
            Some(wrong_role)
        )
        .await
        .1["code"],
        "invalid_body"
    );
    let (status, problem) = call(
        &app,
        "GET",
        "/api/v1/users?limit=100000",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("validation_failed"))
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/users?sort=evil", Some(&admin), None)
            .await
            .1["code"],
        "invalid_query"
    );

    let taken = json!({"login": "admin", "last_name": "Двойник", "first_name": "Админ", "roles": ["teacher"]});
    assert_eq!(
        call(&app, "POST", "/api/v1/users", Some(&admin), Some(taken))
            .await
            .1["code"],
        "login_taken"
    );
    assert_eq!(
        count(
            &call(&app, "GET", "/api/v1/users", Some(&admin), None)
                .await
                .1
        ),
        before,
        "nothing was written"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/nowhere", None, None).await.1["code"],
        "no_such_endpoint"
    );
}

#[actix_web::test]
async fn served_openapi_matches_the_committed_contract() {
    let db = TestDb::new();
    let app = app!(&db);
    let (status, served) = call(&app, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("openapi/openapi.json exists"))
            .unwrap();
    assert!(
        served == committed,
        "openapi/openapi.json is out of date: run `make openapi` (journal openapi > openapi/openapi.json) and commit it"
    );
    // Every route the client calls is documented.
    for p in [
        "/api/v1/health",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/logout-all",
        "/api/v1/auth/password",
        "/api/v1/auth/switch-school",
        "/api/v1/me",
        "/api/v1/users",
        "/api/v1/users/{id}/initial-password",
        "/api/v1/users/{id}/logout-all",
        "/api/v1/audit",
    ] {
        assert!(served["paths"].get(p).is_some(), "{p} is documented");
    }
}

#[actix_web::test]
async fn docs_page_is_served_without_internet() {
    let db = TestDb::new();
    let app = app!(&db);
    let resp = test::call_service(&app, test::TestRequest::get().uri("/docs/").to_request()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        !html.contains("https://"),
        "no CDN references in the docs page"
    );
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/docs/swagger-ui-bundle.js")
            .to_request(),
    )
    .await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "the Swagger UI assets are vendored"
    );
}

/// Issue 9 (7): dates outside 1900–2100 are refused at the edge, in queries, bodies and paths,
/// and nothing panics.
#[actix_web::test]
async fn far_dates_are_refused_at_the_edge() {
    let db = TestDb::new();
    school_with(
        &db,
        "Школа",
        &[
            ("deputy", &[Role::Deputy]),
            ("secretary", &[Role::Secretary]),
        ],
    );
    let app = app!(&db);
    let deputy = sign_in(&app, "deputy").await;
    for query in [
        "from=%2B262142-12-25&to=%2B262142-12-26",
        "from=-262143-01-01&to=2026-01-01",
        "from=2026-01-01&to=9999-12-31",
    ] {
        let (status, body) = call(
            &app,
            "GET",
            &format!("/api/v1/reports/substitutions?{query}"),
            Some(&deputy),
            None,
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("date_out_of_range")),
            "{query}"
        );
    }
    let (status, body) = call(
        &app,
        "GET",
        "/api/v1/reports/substitutions?from=2020-01-01&to=2026-01-01",
        Some(&deputy),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_span"))
    );
    let id = uuid::Uuid::new_v4();
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/lessons/{id}/%2B262142-12-25"),
        Some(&deputy),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let secretary = sign_in(&app, "secretary").await;
    let (status, body) = call(&app, "POST", "/api/v1/students", Some(&secretary), Some(json!({"last_name": "Иванова", "first_name": "Анна", "birth_date": "0000-01-01", "admission_date": "2026-09-01"}))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("date_out_of_range")),
        "{body}"
    );
}
