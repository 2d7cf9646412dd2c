//! Accounts: managed by an admin of the same school (of every school of the account), audited in
//! an intact chain.

use super::*;

#[actix_web::test]
async fn accounts_are_managed_by_the_admin_of_the_same_school_only() {
    let db = TestDb::new();
    school_with(
        &db,
        "Школа А",
        &[
            ("admin.a", &[Role::Admin]),
            ("teacher.a", &[Role::Teacher]),
            ("director.a", &[Role::Director]),
        ],
    );
    school_with(&db, "Школа Б", &[("teacher.b", &[Role::Teacher])]);
    let app = app!(&db);
    let admin = token(&login(&app, "admin.a", PASSWORD).await.1, "access_token");
    let teacher = token(&login(&app, "teacher.a", PASSWORD).await.1, "access_token");
    let director = token(&login(&app, "director.a", PASSWORD).await.1, "access_token");
    let teacher_b = token(&login(&app, "teacher.b", PASSWORD).await.1, "access_token");
    let b_id = call(&app, "GET", "/api/v1/me", Some(&teacher_b), None)
        .await
        .1["user_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Only own school's accounts are listed.
    let (status, page) = call(&app, "GET", "/api/v1/users?limit=10", Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK);
    let logins: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(page["total"], 3);
    assert!(!logins.contains(&"teacher.b"));
    // Another school's account does not exist for this admin.
    for action in ["initial-password", "logout-all"] {
        let (status, body) = call(
            &app,
            "POST",
            &format!("/api/v1/users/{b_id}/{action}"),
            Some(&admin),
            None,
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{action}"
        );
    }
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&teacher_b), None)
            .await
            .0,
        StatusCode::OK,
        "B's sessions untouched"
    );
    // Roles: a teacher sees neither accounts nor the log; the director reads but does not create.
    assert_eq!(
        call(&app, "GET", "/api/v1/users", Some(&teacher), None)
            .await
            .1["code"],
        "forbidden"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/audit", Some(&teacher), None)
            .await
            .1["code"],
        "forbidden"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/users", Some(&director), None)
            .await
            .0,
        StatusCode::OK
    );
    let body = json!({"login": "new.one", "last_name": "Новый", "first_name": "Сотрудник", "roles": ["teacher"]});
    assert_eq!(
        call(&app, "POST", "/api/v1/users", Some(&director), Some(body))
            .await
            .1["code"],
        "forbidden"
    );
    // Malformed id in the path: not found, not a 500.
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/users/not-a-uuid/logout-all",
            Some(&admin),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn accounts_and_sign_ins_are_audited_in_an_intact_chain() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("admin", &[Role::Admin])]);
    let app = app!(&db);
    assert_eq!(
        login(&app, "admin", "wrong").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, "stranger", "wrong").await.0,
        StatusCode::UNAUTHORIZED
    );
    let admin = token(&login(&app, "admin", PASSWORD).await.1, "access_token");
    let body = json!({"login": "new.teacher", "last_name": "Новикова", "first_name": "Анна", "roles": ["teacher"]});
    let otp = token(
        &call(&app, "POST", "/api/v1/users", Some(&admin), Some(body))
            .await
            .1,
        "initial_password",
    );
    let pending = token(&login(&app, "new.teacher", &otp).await.1, "access_token");
    let change = json!({"current_password": otp, "new_password": "осенний лес шумит"});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/auth/password",
            Some(&pending),
            Some(change)
        )
        .await
        .0,
        StatusCode::OK
    );

    let (status, log) = call(&app, "GET", "/api/v1/audit?limit=50", Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK);
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "auth.password_change",
            "auth.login",
            "user.create",
            "auth.login",
            "auth.login_failed"
        ],
        "newest first"
    );
    assert_eq!(
        log["items"][3]["actor_role"], "admin",
        "a sign-in records the role signed in as"
    );
    let created = &log["items"][2];
    assert_eq!(created["actor_login"], "admin");
    assert_eq!(created["actor_role"], "admin");
    assert_eq!(created["after"]["login"], "new.teacher");
    assert!(created["request_id"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    assert!(
        log.to_string().find(&otp).is_none(),
        "no password in the log"
    );

    let mut conn = db.conn();
    let verified = audit::verify(&mut conn, &state(&db).audit_key).unwrap();
    assert_eq!(verified.first_break, None);
    assert!(
        verified.entries >= 6,
        "the unknown-login failure is in the deployment chain too"
    );
}

/// Issue 9 (2): an account that belongs to two schools — given its second school the way
/// `journal user grant` does — is not reset or logged out by the admin of one of them alone; an
/// admin of both may, and both schools' logs record it.
#[actix_web::test]
async fn an_account_of_two_schools_is_reset_only_by_an_admin_of_both() {
    let db = TestDb::new();
    let one = school_with(
        &db,
        "Школа 1",
        &[
            ("director.one", &[Role::Director]),
            ("admin.one", &[Role::Admin]),
        ],
    );
    let two = school_with(&db, "Школа 2", &[("admin.two", &[Role::Admin])]);
    {
        let mut conn = db.conn();
        journal_db::write_tx(&mut conn, |conn| {
            journal_api::accounts::grant(conn, two, "director.one", Role::Teacher)
        })
        .unwrap();
    }
    let app = app!(&db);
    let director = sign_in(&app, "director.one").await;
    let director_id = call(&app, "GET", "/api/v1/me", Some(&director), None)
        .await
        .1["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin_two = sign_in(&app, "admin.two").await;
    for action in ["initial-password", "logout-all"] {
        let (status, body) = call(
            &app,
            "POST",
            &format!("/api/v1/users/{director_id}/{action}"),
            Some(&admin_two),
            None,
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("account_in_other_schools")),
            "{action}"
        );
    }
    // Nothing happened to the account: its session and password still work.
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&director), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        login(&app, "director.one", PASSWORD).await.0,
        StatusCode::OK
    );

    // An admin of both schools may; the reset is in both schools' logs.
    {
        let mut conn = db.conn();
        journal_db::write_tx(&mut conn, |conn| {
            journal_api::accounts::grant(conn, two, "admin.one", Role::Admin)
        })
        .unwrap();
    }
    let admin_one = sign_in(&app, "admin.one").await;
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{director_id}/initial-password"),
        Some(&admin_one),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        call(&app, "GET", "/api/v1/me", Some(&director), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let admin_two = sign_in(&app, "admin.two").await;
    for reader in [&admin_one, &admin_two] {
        assert!(audit_actions(&app, reader, &director_id)
            .await
            .contains(&"user.initial_password".to_owned()));
    }
    let _ = one;
}

/// Issue 12: «Последний вход» is the sign-in before the current one; the first time there is none.
#[actix_web::test]
async fn the_last_sign_in_a_person_sees_is_the_one_before_this_session() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("teacher", &[Role::Teacher])]);
    let app = app!(&db);
    let me = |token: String| {
        let app = &app;
        async move { call_ok(app, "GET", "/api/v1/me", Some(&token), None).await }
    };
    let first = me(token(
        &login(&app, "teacher", PASSWORD).await.1,
        "access_token",
    ))
    .await;
    assert!(first["last_login_at"].is_string(), "{first}");
    assert!(first.get("previous_login_at").is_none(), "{first}");
    let second = me(token(
        &login(&app, "teacher", PASSWORD).await.1,
        "access_token",
    ))
    .await;
    assert_eq!(second["previous_login_at"], first["last_login_at"]);
    assert_ne!(second["last_login_at"], first["last_login_at"]);
}
