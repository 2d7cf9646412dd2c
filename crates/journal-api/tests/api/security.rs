//! Security: one answer for a wrong password and an unknown login, forged and stale tokens,
//! refresh rotation, signing out everywhere, one-time passwords, throttled guessing, tokens bound
//! to one school, hardening headers (R-S4, R-S5, issue 9).

use super::*;

#[actix_web::test]
async fn unknown_login_and_wrong_password_get_the_same_answer() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("admin", &[Role::Admin])]);
    let app = app!(&db);
    let (s1, wrong_password) = login(&app, "admin", "не тот пароль").await;
    let (s2, unknown) = login(&app, "nobody", "не тот пароль").await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(wrong_password, unknown);
    assert_eq!(unknown["code"], "invalid_credentials");
    let (ok, tokens) = login(&app, "ADMIN", PASSWORD).await;
    assert_eq!(ok, StatusCode::OK, "logins are case-insensitive: {tokens}");
    let (status, me) = call(
        &app,
        "GET",
        "/api/v1/me",
        Some(&token(&tokens, "access_token")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["school_name"], "Школа");
    assert_eq!(me["roles"], json!(["admin"]));
}

#[actix_web::test]
async fn forged_and_stale_tokens_are_refused() {
    let db = TestDb::new();
    let school = school_with(&db, "Школа", &[("admin", &[Role::Admin])]);
    let app = app!(&db);
    let (_, tokens) = login(&app, "admin", PASSWORD).await;
    let access = token(&tokens, "access_token");
    let me = call_ok(&app, "GET", "/api/v1/me", Some(&access), None).await;
    let sub = me["user_id"].as_str().unwrap().to_owned();

    let good = claims(&sub, school);
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&sign(&good, SECRET)), None)
            .await
            .0,
        StatusCode::OK
    );

    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let alg_none = format!(
        "{}.{}.",
        b64(json!({"alg": "none", "typ": "JWT"})),
        b64(serde_json::to_value(&good).unwrap())
    );
    let wrong_key = sign(&good, b"another-secret-another-secret-another");
    let wrong_aud = sign(
        &Claims {
            aud: "someone-else".into(),
            ..good.clone()
        },
        SECRET,
    );
    let wrong_iss = sign(
        &Claims {
            iss: "evil".into(),
            ..good.clone()
        },
        SECRET,
    );
    let expired = sign(
        &Claims {
            exp: good.iat - 3600,
            iat: good.iat - 7200,
            ..good.clone()
        },
        SECRET,
    );
    let mut no_exp = serde_json::to_value(&good).unwrap();
    no_exp.as_object_mut().unwrap().remove("exp");
    let no_exp = sign(&no_exp, SECRET);
    let not_access = sign(
        &Claims {
            typ: "refresh".into(),
            ..good.clone()
        },
        SECRET,
    );
    let refresh_as_access = token(&tokens, "refresh_token");
    let before_not_before = sign(
        &Claims {
            iat: good.iat - 3600,
            ..good.clone()
        },
        SECRET,
    );

    for (name, t) in [
        ("alg none", alg_none),
        ("wrong signing key", wrong_key),
        ("wrong aud", wrong_aud),
        ("wrong iss", wrong_iss),
        ("expired", expired),
        ("missing exp", no_exp),
        ("typ not access", not_access),
        ("refresh token as access token", refresh_as_access),
        ("issued before the account's not_before", before_not_before),
    ] {
        let (status, body) = call(&app, "GET", "/api/v1/me", Some(&t), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}: {body}");
        assert_eq!(body["code"], "invalid_token", "{name}");
    }
    let (status, body) = call(&app, "GET", "/api/v1/me", None, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
}

#[actix_web::test]
async fn logout_everywhere_ends_every_token_at_once() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    let (_, phone) = login(&app, "teacher", PASSWORD).await;
    let (_, laptop) = login(&app, "teacher", PASSWORD).await;
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/auth/logout-all",
        Some(&token(&laptop, "access_token")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for session in [&phone, &laptop] {
        assert_eq!(
            call(
                &app,
                "GET",
                "/api/v1/me",
                Some(&token(session, "access_token")),
                None
            )
            .await
            .0,
            StatusCode::UNAUTHORIZED
        );
        let (s, b) = call(
            &app,
            "POST",
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": token(session, "refresh_token")})),
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("invalid_refresh_token"))
        );
    }
    let (status, fresh) = login(&app, "teacher", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        call(
            &app,
            "GET",
            "/api/v1/me",
            Some(&token(&fresh, "access_token")),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    let (_, first) = login(&app, "teacher", PASSWORD).await;
    let r1 = token(&first, "refresh_token");
    let (status, second) = call(
        &app,
        "POST",
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": r1})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let r2 = token(&second, "refresh_token");
    assert_ne!(r1, r2);
    assert_eq!(
        call(
            &app,
            "GET",
            "/api/v1/me",
            Some(&token(&second, "access_token")),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    // The old token is presented again (stolen copy): refused, and the whole family is revoked.
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": r1})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": r2})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the legitimate latest token dies with its family"
    );
    // Logout of an unrelated session is unaffected and idempotent.
    let (_, other) = login(&app, "teacher", PASSWORD).await;
    let body = json!({"refresh_token": token(&other, "refresh_token")});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/auth/logout",
            None,
            Some(body.clone())
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/auth/logout",
            None,
            Some(body.clone())
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&app, "POST", "/api/v1/auth/refresh", None, Some(body))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
/// R-S1 (issue 12): a one-time password opens only the forced change, and keeps doing so after a
/// failed or abandoned change until it expires or the user's own password replaces it.
async fn one_time_password_survives_a_failed_change_and_only_allows_the_forced_change() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("admin", &[Role::Admin])]);
    let app = app!(&db);
    let (_, admin) = login(&app, "admin", PASSWORD).await;
    let admin = token(&admin, "access_token");
    let new_user = json!({"login": "Petrova.EA", "last_name": "Петрова", "first_name": "Елена", "middle_name": "Александровна", "roles": ["teacher"]});
    let (status, created) = call(&app, "POST", "/api/v1/users", Some(&admin), Some(new_user)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["user"]["login"], "petrova.ea");
    assert_eq!(created["user"]["must_change_password"], true);
    let otp = token(&created, "initial_password");

    let (status, first) = login(&app, "petrova.ea", &otp).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["must_change_password"], true);
    let pending = token(&first, "access_token");
    // The session only allows the change (and reading who one is).
    let (status, body) = call(&app, "GET", "/api/v1/users", Some(&pending), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("password_change_required"))
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&pending), None)
            .await
            .1["must_change_password"],
        true
    );
    // R-S2: weak choices are refused with their own codes; nothing changes.
    for (weak, code) in [
        ("short", "password_too_short"),
        ("qwerty123", "password_too_common"),
        ("petrova.ea", "password_same_as_login"),
    ] {
        let body = json!({"current_password": otp, "new_password": weak});
        let (status, problem) = call(
            &app,
            "POST",
            "/api/v1/auth/password",
            Some(&pending),
            Some(body),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code))
        );
    }
    let wrong_current = json!({"current_password": "not it", "new_password": "весна пришла рано"});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/auth/password",
            Some(&pending),
            Some(wrong_current)
        )
        .await
        .1["code"],
        "invalid_credentials"
    );

    // The tab was closed after the failed change: the same slip signs in again, for the change
    // only, until the password expires a week after it was issued.
    let (status, again) = login(&app, "petrova.ea", &otp).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["must_change_password"], true);
    let pending_again = token(&again, "access_token");
    let a_week_on =
        journal_api::clock::Clock::fixed(chrono::Utc::now() + chrono::Duration::days(8));
    let late = app!(&db, a_week_on);
    let (status, body) = login(&late, "petrova.ea", &otp).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("initial_password_expired"))
    );

    let body = json!({"current_password": otp, "new_password": "весна пришла рано"});
    let (status, changed) = call(
        &app,
        "POST",
        "/api/v1/auth/password",
        Some(&pending_again),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["must_change_password"], false);
    let full = token(&changed, "access_token");
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&full), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&pending), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "the one-time session ended"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&pending_again), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "the second one-time session ended too"
    );
    assert_eq!(
        login(&app, "petrova.ea", "весна пришла рано").await.0,
        StatusCode::OK
    );
    assert_eq!(
        login(&app, "petrova.ea", &otp).await.1["code"],
        "invalid_credentials"
    );
}

#[actix_web::test]
async fn sign_in_is_held_back_after_repeated_failures() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    for _ in 0..journal_domain::throttle::FREE_FAILURES {
        assert_eq!(
            login(&app, "teacher", "wrong").await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            login(&app, "ghost", "wrong").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, known) = login(&app, "teacher", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    let (status, unknown) = login(&app, "ghost", "wrong").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(known, unknown, "an unknown login is held back the same way");
    assert_eq!(known["code"], "too_many_attempts");
}

#[actix_web::test]
async fn a_token_for_one_school_never_sees_another_and_switching_issues_new_tokens() {
    let db = TestDb::new();
    let a = school_with(&db, "Гимназия № 2", &[("both", &[Role::Admin])]);
    let b = school_with(
        &db,
        "Лицей № 3",
        &[("admin.b", &[Role::Admin]), ("teacher.b", &[Role::Teacher])],
    );
    {
        let mut conn = db.conn();
        let id = journal_db::users::find_by_login(&mut conn, "both")
            .unwrap()
            .unwrap()
            .id;
        journal_db::users::grant_role(&mut conn, b, id.parse().unwrap(), Role::Teacher, now())
            .unwrap();
    }
    let app = app!(&db);
    let tokens = login(&app, "both", PASSWORD).await.1;
    let in_a = token(&tokens, "access_token");
    let me = call(&app, "GET", "/api/v1/me", Some(&in_a), None).await.1;
    assert_eq!(me["school_id"], a.to_string());
    assert_eq!(me["memberships"].as_array().unwrap().len(), 2);
    let users_a = call(&app, "GET", "/api/v1/users", Some(&in_a), None)
        .await
        .1;
    assert!(users_a.to_string().find("teacher.b").is_none());

    let (status, switched) = call(
        &app,
        "POST",
        "/api/v1/auth/switch-school",
        Some(&in_a),
        Some(json!({"school_id": b})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let in_b = token(&switched, "access_token");
    let me = call(&app, "GET", "/api/v1/me", Some(&in_b), None).await.1;
    assert_eq!(
        (me["school_name"].as_str(), me["roles"].clone()),
        (Some("Лицей № 3"), json!(["teacher"]))
    );
    // In school B this person is only a teacher: no account management there.
    assert_eq!(
        call(&app, "GET", "/api/v1/users", Some(&in_b), None)
            .await
            .1["code"],
        "forbidden"
    );
    let nowhere = json!({"school_id": uuid::Uuid::new_v4()});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/auth/switch-school",
            Some(&in_a),
            Some(nowhere)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

/// Issue 9 (3): a burst of parallel wrong passwords gets at most the free attempts checked, the
/// rest are held back (429) or turned away by the bounded password pool (503), and the right
/// password right after waits like any other attempt (R-S4).
#[actix_web::test]
async fn a_burst_of_parallel_guesses_gets_only_the_free_attempts_checked() {
    use journal_domain::throttle::{FIRST_DELAY, FREE_FAILURES};
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    let guesses = (0..150).map(|i| {
        let app = &app;
        async move { login(app, "teacher", &format!("guess {i}")).await }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        (1..=FREE_FAILURES as usize).contains(&checked),
        "{checked} passwords were checked"
    );
    for (status, body) in &answers {
        assert!(
            matches!(
                (status.as_u16(), body["code"].as_str()),
                (401, Some("invalid_credentials"))
                    | (429, Some("too_many_attempts"))
                    | (503, Some("server_busy"))
            ),
            "{status} {body}"
        );
    }
    // Whatever was checked is in the audit log, one entry each: nothing else was.
    let failed: i64 = {
        use diesel::prelude::*;
        use journal_db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq("auth.login_failed"))
            .count()
            .get_result(&mut db.conn())
            .unwrap()
    };
    assert_eq!(failed as usize, checked);
    // The owner, right after: held back for at most the first delay (README, Security).
    let (status, body) = login(&app, "teacher", PASSWORD).await;
    if checked == FREE_FAILURES as usize {
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts"))
        );
    } else {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert!(FIRST_DELAY.num_seconds() <= 60);
}

/// Issue 10: sign-ins with right passwords arriving together from one address (a school behind
/// one NAT) all get in: attempts racing for the address counter decide again instead of being held
/// back (on PostgreSQL the race is real; on SQLite writers take turns).
#[actix_web::test]
async fn right_passwords_from_one_address_at_once_all_get_in() {
    let db = TestDb::new();
    let logins: Vec<String> = (1..=8).map(|i| format!("teacher{i}")).collect();
    let people: Vec<(&str, &[Role])> = logins
        .iter()
        .map(|l| (l.as_str(), &[Role::Teacher][..]))
        .collect();
    school_with(&db, "Школа", &people);
    let app = app!(&db);
    let attempts = logins.iter().map(|l| {
        let app = &app;
        async move { login(app, l, PASSWORD).await }
    });
    for (status, body) in futures_util::future::join_all(attempts).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// Issue 9 (4): the current password of a password change is throttled like a sign-in.
#[actix_web::test]
async fn guessing_the_current_password_is_held_back_like_a_sign_in() {
    use journal_domain::throttle::FREE_FAILURES;
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    let token = sign_in(&app, "teacher").await;
    let change = |current: &str| json!({ "current_password": current, "new_password": "совсем новый пароль 2026" });
    for i in 0..FREE_FAILURES {
        let (status, body) = call(
            &app,
            "POST",
            "/api/v1/auth/password",
            Some(&token),
            Some(change(&format!("guess {i}"))),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("invalid_credentials"))
        );
    }
    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/auth/password",
        Some(&token),
        Some(change(PASSWORD)),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts"))
    );
    // Nothing changed: the old password is still the password (after the wait, which a sign-in
    // from the same account shares).
    let (status, _) = login(&app, "teacher", "совсем новый пароль 2026").await;
    assert_ne!(status, StatusCode::OK);
}

/// Issue 9 (8): hardening headers on every answer; the sign-in's tokens are never cached; token
/// errors say nothing of the library's internals.
#[actix_web::test]
async fn every_answer_carries_the_hardening_headers() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(json!({"login": "teacher", "password": PASSWORD}))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("'unsafe-inline'; script"));
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
    let (status, body) = call(
        &app,
        "GET",
        "/api/v1/me",
        Some("eyJhbGciOiJub25lIn0.e30."),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["detail"], "the access token is not valid");
}
