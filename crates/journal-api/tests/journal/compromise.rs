//! The compromise drill (R-S5, issue 14): a teacher's password leaks, an intruder changes marks and
//! attendance on two pages, the admin reports the compromise from before those changes; the
//! intruder is out at once, the deputy sees exactly those changes and reverts them, one and then
//! all; a cell someone else corrected since is refused and shown, not overwritten; the audit log
//! holds the changes, the report and the reverts.

use super::*;

/// The value of a student's mark of `work_type` in the lesson on `date`, if any.
fn mark_of(page: &Value, student_id: &str, date: &str, work_type: &str) -> Option<String> {
    student(page, student_id)["marks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["lesson_date"] == date && m["work_type"] == work_type)
        .map(|m| m["value"].as_str().unwrap().to_owned())
}

/// What the Monday lesson of 10 November recorded: held, with `topic`, a control work.
fn lesson(entry: &str, topic: &str) -> Value {
    json!({"kind": "lesson", "entry_id": entry, "lesson_date": "2025-11-10", "conducted": true,
        "topic": topic, "work_types": ["control"]})
}

fn absent_on(page: &Value, student_id: &str, date: &str) -> bool {
    student(page, student_id)["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["lesson_date"] == date)
}

#[actix_web::test]
async fn a_leaked_password_is_reported_the_intruder_is_out_and_the_deputy_reverts_the_changes() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let admin = sign_in(&app, "admin").await;
    let (s0, s1, s2) = (&s.students[0], &s.students[1], &s.students[2]);

    // A second page of Ivanova's: mathematics in 7Б on Tuesdays.
    let q2 = s.page.rsplit('/').next().unwrap().to_owned();
    let me = call_ok(&app, "GET", "/api/v1/me", Some(&s.ivanova), None).await;
    let assignment: Value = {
        let (p7a, _) = read(&app, &s.ivanova, &s.page).await;
        let body = json!({"teacher_id": me["user_id"], "subject_id": p7a["subject_id"], "class_id": s.class_7b, "hours_per_week": 1});
        let (st, a) = call(
            &app,
            "POST",
            "/api/v1/assignments",
            Some(&s.deputy),
            Some(body),
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "{a}");
        a
    };
    let body = json!({"assignment_id": assignment["id"], "weekday": 2, "lesson_number": 1, "valid_from": "2025-09-01", "valid_to": "2026-05-31"});
    let (st, tuesday) = call(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(body),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{tuesday}");
    let tuesday = tuesday["id"].as_str().unwrap().to_owned();
    let page_7b = format!(
        "/api/v1/journal/{}/{q2}",
        assignment["id"].as_str().unwrap()
    );
    let (p7b, _) = read(&app, &s.ivanova, &page_7b).await;
    let alien = p7b["students"][0]["id"].as_str().unwrap().to_owned();

    // Ivanova's own work, before the leak: a «4» for the first student.
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let own = json!({"changes": [
        lesson(&s.monday, "Линейные уравнения"),
        mark(&s.monday, "2025-11-10", s0, "control", "4"),
    ]});
    save(&app, &s.page, &s.ivanova, &etag, own).await;
    let since = chrono::Utc::now();

    // The password leaks: someone else signs in with it and spoils marks on both pages.
    let (st, stolen) = login(&app, "ivanova", PASSWORD).await;
    assert_eq!(st, StatusCode::OK, "{stolen}");
    let intruder = token(&stolen, "access_token");
    let (_, etag) = read(&app, &intruder, &s.page).await;
    let spoiled = json!({"changes": [
        lesson(&s.monday, "Ерунда"),
        mark(&s.monday, "2025-11-10", s0, "control", "2"),
        mark(&s.monday, "2025-11-10", s1, "control", "2"),
        mark(&s.monday, "2025-11-10", s2, "control", "2"),
    ]});
    save(&app, &s.page, &intruder, &etag, spoiled).await;
    let (_, etag) = read(&app, &intruder, &page_7b).await;
    let spoiled = json!({"changes": [
        mark(&tuesday, "2025-11-11", &alien, "oral", "2"),
        absent(&tuesday, "2025-11-11", &alien),
    ]});
    save(&app, &page_7b, &intruder, &etag, spoiled).await;
    // The deputy, meanwhile, corrects the third student's mark in good faith.
    let (_, etag) = read(&app, &s.deputy, &s.page).await;
    let corrected = json!({"changes": [mark(&s.monday, "2025-11-10", s2, "control", "5")]});
    save(&app, &s.page, &s.deputy, &etag, corrected).await;

    // The admin reports the compromise from before those changes.
    let ivanova_id = me["user_id"].as_str().unwrap();
    let path = format!("/api/v1/users/{ivanova_id}/compromise");
    let report = json!({"suspected_since": since});
    let (st, reported) = call(&app, "POST", &path, Some(&admin), Some(report)).await;
    assert_eq!(st, StatusCode::CREATED, "{reported}");
    let one_time = reported["password"]["initial_password"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = reported["compromise"]["id"].as_str().unwrap().to_owned();
    assert_eq!(reported["compromise"]["user_login"], "ivanova");

    // At once the intruder's tokens stop working, and the old password with them.
    let (st, _) = call(&app, "GET", "/api/v1/me", Some(&intruder), None).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let refresh = json!({"refresh_token": stolen["refresh_token"]});
    let (st, _) = call(&app, "POST", "/api/v1/auth/refresh", None, Some(refresh)).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let (st, _) = call(&app, "GET", "/api/v1/me", Some(&s.ivanova), None).await;
    assert_eq!(
        st,
        StatusCode::UNAUTHORIZED,
        "every session of the account ends"
    );
    let (st, _) = login(&app, "ivanova", PASSWORD).await;
    assert_eq!(
        st,
        StatusCode::UNAUTHORIZED,
        "the leaked password no longer opens"
    );
    let (st, fresh) = login(&app, "ivanova", &one_time).await;
    assert_eq!(st, StatusCode::OK, "{fresh}");
    assert_eq!(fresh["must_change_password"], true);

    // The deputy sees exactly what was done with the leaked password.
    let list = call_ok(&app, "GET", "/api/v1/compromises", Some(&s.deputy), None).await;
    assert_eq!(list["total"], 1, "{list}");
    let detail_path = format!("/api/v1/compromises/{id}");
    let detail = call_ok(&app, "GET", &detail_path, Some(&s.deputy), None).await;
    let ops = detail["operations"].as_array().unwrap();
    let mut actions: Vec<&str> = ops
        .iter()
        .map(|o| o["entry"]["action"].as_str().unwrap())
        .collect();
    actions.sort_unstable();
    assert_eq!(
        actions,
        [
            "auth.login",
            "journal.attendance",
            "journal.lesson",
            "journal.mark",
            "journal.mark",
            "journal.mark",
            "journal.mark"
        ],
        "{detail}"
    );
    let standing_of = |detail: &Value, student: &str| -> (i64, String) {
        let op = detail["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| {
                o["entry"]["action"] == "journal.mark"
                    && o["entry"]["after"]["student_id"] == student
            })
            .unwrap_or_else(|| panic!("no mark of {student} in {detail}"));
        (
            op["entry"]["seq"].as_i64().unwrap(),
            op["standing"].as_str().unwrap().to_owned(),
        )
    };
    let (first, standing) = standing_of(&detail, s0);
    assert_eq!(standing, "revertible");
    let (corrected_seq, standing) = standing_of(&detail, s2);
    assert_eq!(
        standing, "changed_later",
        "the deputy's correction came since"
    );
    let attendance = ops
        .iter()
        .find(|o| o["entry"]["action"] == "journal.attendance")
        .unwrap();
    assert_eq!(attendance["page_name"], "Математика, 7Б", "{attendance}");
    let alien_name = p7b["students"][0]["name"].as_str().unwrap();
    assert!(alien_name.starts_with(attendance["student_name"].as_str().unwrap()));
    let login_op = ops
        .iter()
        .find(|o| o["entry"]["action"] == "auth.login")
        .unwrap();
    assert_eq!(login_op["standing"], "not_revertible");

    // A teacher may not review it; the admin may.
    let (st, _) = call(&app, "GET", &detail_path, Some(&s.petrov), None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // One by one: the first student's mark is back to Ivanova's «4».
    let revert = format!("{detail_path}/revert");
    let done = call_ok(
        &app,
        "POST",
        &revert,
        Some(&s.deputy),
        Some(json!({"seqs": [first]})),
    )
    .await;
    assert_eq!(done["reverted"], json!([first]), "{done}");
    let (page, _) = read(&app, &s.deputy, &s.page).await;
    assert_eq!(
        mark_of(&page, s0, "2025-11-10", "control").as_deref(),
        Some("4")
    );
    let again = call_ok(
        &app,
        "POST",
        &revert,
        Some(&s.deputy),
        Some(json!({"seqs": [first]})),
    )
    .await;
    assert_eq!(
        again["refused"],
        json!([{"seq": first, "code": "reverted"}])
    );

    // All at once: the rest comes back; the deputy's correction is refused, not overwritten.
    let all = format!("{detail_path}/revert-all");
    let done = call_ok(&app, "POST", &all, Some(&admin), None).await;
    assert_eq!(done["reverted"].as_array().unwrap().len(), 4, "{done}");
    assert_eq!(
        done["refused"],
        json!([]),
        "revert-all takes what can be put back"
    );
    let (page, _) = read(&app, &s.deputy, &s.page).await;
    assert_eq!(mark_of(&page, s1, "2025-11-10", "control"), None);
    let monday = page["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lesson_date"] == "2025-11-10")
        .unwrap();
    assert_eq!(
        monday["topic"], "Линейные уравнения",
        "the lesson's own topic is back"
    );
    assert_eq!(
        mark_of(&page, s2, "2025-11-10", "control").as_deref(),
        Some("5"),
        "someone else's later work stays"
    );
    let (page, _) = read(&app, &s.deputy, &page_7b).await;
    assert_eq!(mark_of(&page, &alien, "2025-11-11", "oral"), None);
    assert!(!absent_on(&page, &alien, "2025-11-11"));
    let refused = call_ok(
        &app,
        "POST",
        &revert,
        Some(&s.deputy),
        Some(json!({"seqs": [corrected_seq, 1]})),
    )
    .await;
    assert_eq!(
        refused["refused"],
        json!([{"seq": 1, "code": "not_in_report"}, {"seq": corrected_seq, "code": "changed_later"}])
    );
    let detail = call_ok(&app, "GET", &detail_path, Some(&s.deputy), None).await;
    let left: Vec<&str> = detail["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["standing"].as_str().unwrap())
        .filter(|s| *s == "revertible")
        .collect();
    assert!(left.is_empty(), "{detail}");

    // The audit log: the changes, the report and the reverts, each by whom it was.
    let audit = |action: &'static str| {
        let app = &app;
        let deputy = s.deputy.clone();
        async move {
            let path = format!("/api/v1/audit?action={action}&limit=100");
            call_ok(app, "GET", &path, Some(&deputy), None).await["items"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let reports = audit("user.compromise").await;
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["entity_id"], ivanova_id);
    // Every revert asked is on record, the refused ones too: one, its repeat, all, the refused pair.
    assert_eq!(audit("compromise.revert").await.len(), 4);
    let reverts: Vec<Value> = audit("journal.mark")
        .await
        .into_iter()
        .filter(|e| e["after"]["reverts"].is_array())
        .collect();
    assert_eq!(reverts.len(), 3, "each reverted mark names what it reverts");
    assert!(reverts.iter().all(|e| e["actor_login"] != "ivanova"));
}

#[actix_web::test]
async fn the_account_reports_its_own_leak_and_every_session_ends_without_a_new_password_shown() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let other = sign_in(&app, "petrov").await;
    let mine = sign_in(&app, "petrov").await;
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let (st, e) = call(
        &app,
        "POST",
        "/api/v1/me/compromise",
        Some(&mine),
        Some(json!({"suspected_since": later})),
    )
    .await;
    assert_eq!(
        (st, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("since_in_future"))
    );
    let (st, reported) = call(
        &app,
        "POST",
        "/api/v1/me/compromise",
        Some(&mine),
        Some(json!({})),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{reported}");
    assert!(reported.get("password").is_none() && reported.get("initial_password").is_none());
    assert_eq!(reported["user_login"], "petrov");
    for token in [&other, &mine] {
        let (st, _) = call(&app, "GET", "/api/v1/me", Some(token), None).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED);
    }
    let (st, _) = login(&app, "petrov", PASSWORD).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let admin = sign_in(&app, "admin").await;
    let list = call_ok(&app, "GET", "/api/v1/compromises", Some(&admin), None).await;
    assert_eq!(
        list["items"][0]["reported_by_name"],
        list["items"][0]["user_name"]
    );
}
