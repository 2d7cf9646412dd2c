//! Sessions (R-S6): each sign-in is a session with its time, address and device; the person sees
//! them and ends any, and an ended session's tokens stop working at once.

use super::*;

/// Sign in as `who` from a browser named by `user_agent`: the token pair.
async fn sign_in_from<S, B>(app: &S, who: &str, user_agent: &str) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .insert_header(("User-Agent", user_agent))
        .set_json(json!({"login": who, "password": PASSWORD}))
        .to_request();
    let resp = test::call_service(app, req).await;
    assert_eq!(resp.status(), StatusCode::OK);
    test::read_body_json(resp).await
}

const PHONE: &str = "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const DESKTOP: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

#[actix_web::test]
async fn a_person_sees_their_sessions_with_devices_and_ends_one_at_once() {
    let db = TestDb::new();
    let school = school_with(
        &db,
        "Школа",
        &[("teacher", &[Role::Teacher]), ("other", &[Role::Teacher])],
    );
    let app = app!(&db);
    let phone = sign_in_from(&app, "teacher", PHONE).await;
    let desktop = sign_in_from(&app, "teacher", DESKTOP).await;
    let (phone_access, desktop_access) = (
        token(&phone, "access_token"),
        token(&desktop, "access_token"),
    );
    // A refresh continues the phone's session rather than starting another.
    let refreshed = call_ok(
        &app,
        "POST",
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": phone["refresh_token"]})),
    )
    .await;

    let listed = call_ok(
        &app,
        "GET",
        "/api/v1/me/sessions",
        Some(&desktop_access),
        None,
    )
    .await;
    let sessions = listed.as_array().unwrap();
    assert_eq!(sessions.len(), 2, "{listed}");
    assert_eq!(sessions[0]["device"], "Firefox, Windows", "newest first");
    assert_eq!(sessions[0]["current"], true);
    assert_eq!(sessions[1]["device"], "Chrome, Android");
    assert_eq!(sessions[1]["current"], false);
    assert!(sessions
        .iter()
        .all(|s| s["active"] == true && s["address"].is_string()));
    let phone_session = sessions[1]["id"].as_str().unwrap().to_owned();

    // Someone else cannot end it.
    let other = sign_in(&app, "other").await;
    let end = format!("/api/v1/me/sessions/{phone_session}/end");
    let (status, _) = call(&app, "POST", &end, Some(&other), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The owner ends the phone's session from the desktop: its tokens stop at once.
    let (status, body) = call(&app, "POST", &end, Some(&desktop_access), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    for access in [&phone_access, &token(&refreshed, "access_token")] {
        let (status, _) = call(&app, "GET", "/api/v1/me", Some(access), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": refreshed["refresh_token"]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(&app, "GET", "/api/v1/me", Some(&desktop_access), None).await;
    assert_eq!(status, StatusCode::OK, "the other session goes on");

    let listed = call_ok(
        &app,
        "GET",
        "/api/v1/me/sessions",
        Some(&desktop_access),
        None,
    )
    .await;
    let ended = &listed.as_array().unwrap()[1];
    assert_eq!(
        (ended["active"].clone(), ended["end_reason"].clone()),
        (json!(false), json!("ended_by_user"))
    );

    // Signing out ends the desktop's session too, and the list says so.
    let again = sign_in_from(&app, "teacher", DESKTOP).await;
    call_ok(
        &app,
        "POST",
        "/api/v1/auth/logout",
        None,
        Some(json!({"refresh_token": desktop["refresh_token"]})),
    )
    .await;
    let listed = call_ok(
        &app,
        "GET",
        "/api/v1/me/sessions",
        Some(&token(&again, "access_token")),
        None,
    )
    .await;
    let reasons: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["end_reason"].as_str().unwrap_or("open"))
        .collect();
    assert_eq!(reasons, ["open", "logout", "ended_by_user"]);

    let mut conn = db.conn();
    let filter = audit::ListFilter {
        action: Some("auth.session_end".into()),
        limit: 10,
        ..audit::ListFilter::default()
    };
    let entries = audit::list(&mut conn, school, &filter).unwrap();
    assert_eq!(entries.total, 1, "ending a session is audited");
}

#[actix_web::test]
async fn a_leak_reported_by_an_account_of_two_schools_is_reviewed_in_each() {
    // R-S5: the password is one for the deployment, so each school's admin sees the report and
    // what was done there.
    let db = TestDb::new();
    school_with(
        &db,
        "Школа 1",
        &[("teacher", &[Role::Teacher]), ("admin.one", &[Role::Admin])],
    );
    let two = school_with(&db, "Школа 2", &[("admin.two", &[Role::Admin])]);
    {
        let mut conn = db.conn();
        journal_db::write_tx(&mut conn, |conn| {
            journal_api::accounts::grant(conn, two, "teacher", Role::Teacher)
        })
        .unwrap();
    }
    let app = app!(&db);
    let teacher = sign_in(&app, "teacher").await;
    let (status, reported) = call(
        &app,
        "POST",
        "/api/v1/me/compromise",
        Some(&teacher),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{reported}");
    for admin in ["admin.one", "admin.two"] {
        let token = sign_in(&app, admin).await;
        let list = call_ok(&app, "GET", "/api/v1/compromises", Some(&token), None).await;
        assert_eq!(list["total"], 1, "{admin}: {list}");
        assert_eq!(list["items"][0]["user_login"], "teacher");
        let path = format!(
            "/api/v1/compromises/{}",
            list["items"][0]["id"].as_str().unwrap()
        );
        let detail = call_ok(&app, "GET", &path, Some(&token), None).await;
        let logins = detail["operations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["entry"]["action"] == "auth.login")
            .count();
        // The sign-in is recorded in the school it opened (the first by name).
        assert_eq!(
            logins,
            usize::from(admin == "admin.one"),
            "{admin}: {detail}"
        );
    }
}
