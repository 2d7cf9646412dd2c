//! What is queued for e-mail (R-D4): notification preferences, marks and absences saved in the
//! journal.

use super::*;
use journal_api::notify;

/// R-D4: preferences are the caller's own; a digest choice holds mail for the daily digest, a
/// refused kind queues nothing.
#[actix_web::test]
async fn notification_preferences_decide_what_is_queued() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let path = "/api/v1/me/notification-preferences";
    let (s, p) = call(&app, "GET", path, Some(sc.t("mama")), None).await;
    assert_eq!(
        (s, p),
        (
            StatusCode::OK,
            json!({"marks": true, "absences": true, "announcements": true, "delivery": "immediate"})
        )
    );
    let digest =
        json!({"marks": true, "absences": true, "announcements": true, "delivery": "digest"});
    let (s, _) = call(&app, "PUT", path, Some(sc.t("mama")), Some(digest.clone())).await;
    assert_eq!(s, StatusCode::OK);
    let none =
        json!({"marks": true, "absences": true, "announcements": false, "delivery": "immediate"});
    call_ok(&app, "PUT", path, Some(sc.t("other")), Some(none)).await;
    let p = call_ok(&app, "GET", path, Some(sc.t("mama")), None).await;
    assert_eq!(p, digest);
    let (s, p) = call(
        &app,
        "PUT",
        path,
        Some(sc.t("mama")),
        Some(json!({"marks": true})),
    )
    .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_body"))
    );
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let (s, _) = call(
        &app,
        "POST",
        &post,
        Some(sc.t("petrov")),
        Some(json!({"subject": "Субботник", "body": "В субботу."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let mut conn = db.conn();
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.email.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![("mama@example.ru", "held")],
        "other refused announcements"
    );
    // The digest bundles held mail once its hour has passed, and only once.
    let later = now() + chrono::Duration::days(1);
    assert_eq!(notify::build_digests(&mut conn, later, 18).unwrap(), 1);
    assert_eq!(notify::build_digests(&mut conn, later, 18).unwrap(), 0);
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    let digest = rows.iter().find(|r| r.kind == "digest").unwrap();
    assert_eq!(
        (digest.email.as_str(), digest.status.as_str()),
        ("mama@example.ru", "pending")
    );
    assert!(digest.body.contains("Субботник"), "{}", digest.body);
    assert!(rows
        .iter()
        .any(|r| r.kind == "announcement" && r.status == "digested"));
}

/// R-D4: a journal save queues, in its transaction, one letter per new mark or absence for each
/// guardian with an address; saving the same cells again queues nothing; a refused save nothing.
#[actix_web::test]
async fn journal_saves_queue_marks_and_absences_for_guardians() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let (deputy, secretary) = (sc.t("deputy").to_owned(), sc.t("secretary").to_owned());
    let years = call_ok(&app, "GET", "/api/v1/years", Some(&deputy), None).await;
    let year_id = years[0]["id"].as_str().unwrap().to_owned();
    let year = call_ok(
        &app,
        "GET",
        &format!("/api/v1/years/{year_id}"),
        Some(&deputy),
        None,
    )
    .await;
    let q2 = year["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "quarter" && p["number"] == 2)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bells = call_ok(
        &app,
        "POST",
        "/api/v1/bell-schedules",
        Some(&deputy),
        Some(json!({"name": "Основное", "bells": [
        {"lesson_number": 1, "starts_at": "08:30", "ends_at": "09:10"}]})),
    )
    .await;
    let body = json!({"year_id": year_id, "grade": 8, "letter": "А", "class_teacher_id": sc.u("petrov"), "week_days": 5, "bell_schedule_id": bells["id"]});
    let (s, class) = call(&app, "POST", "/api/v1/classes", Some(&deputy), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{class}");
    let subject = call_ok(
        &app,
        "POST",
        "/api/v1/subjects",
        Some(&deputy),
        Some(json!({"name": "Физика", "short_name": "Физ."})),
    )
    .await;
    let body = json!({"teacher_id": sc.u("ivanova"), "subject_id": subject["id"], "class_id": class["id"], "hours_per_week": 1});
    let a = call_ok(
        &app,
        "POST",
        "/api/v1/assignments",
        Some(&deputy),
        Some(body),
    )
    .await;
    let body = json!({"assignment_id": a["id"], "weekday": 1, "lesson_number": 1, "valid_from": "2025-09-01", "valid_to": "2026-05-31"});
    let (s, entry) = call(&app, "POST", "/api/v1/timetable", Some(&deputy), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{entry}");
    let mut kids = Vec::new();
    for (surname, email) in [
        ("Гришин", Some("grisha.mama@example.ru")),
        ("Денисов", None),
        ("Ершов", Some("ershova@example.ru")),
    ] {
        let body = json!({"last_name": surname, "first_name": "Саша", "birth_date": "2011-02-03", "class_id": class["id"], "on_date": "2025-09-01"});
        let (s, st) = call(
            &app,
            "POST",
            "/api/v1/students",
            Some(&secretary),
            Some(body),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{st}");
        let body = json!({"last_name": surname, "first_name": "Мама", "email": email});
        let g = call_ok(
            &app,
            "POST",
            "/api/v1/guardians",
            Some(&secretary),
            Some(body),
        )
        .await;
        let sid = st["student"]["id"].as_str().unwrap().to_owned();
        let link = format!("/api/v1/students/{sid}/guardians");
        let (s, l) = call(
            &app,
            "POST",
            &link,
            Some(&secretary),
            Some(json!({"guardian_id": g["id"], "relation": "mother"})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{l}");
        if surname == "Ершов" {
            // R-D5: her refusal is registered, so no letters.
            let consents = format!("/api/v1/guardians/{}/consents", g["id"].as_str().unwrap());
            let body = json!({"decision": "refused", "decided_on": "2025-09-01", "document": "Заявление № 3"});
            let (s, c) = call(&app, "POST", &consents, Some(&secretary), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{c}");
        }
        kids.push(sid);
    }
    let page = format!("/api/v1/journal/{}/{q2}", a["id"].as_str().unwrap());
    let ivanova = sc.t("ivanova").to_owned();
    let e = entry["id"].as_str().unwrap();
    let changes = json!({"changes": [
        {"kind": "mark", "entry_id": e, "lesson_date": "2025-11-10", "student_id": kids[0], "work_type": "oral", "value": "5"},
        {"kind": "attendance", "entry_id": e, "lesson_date": "2025-11-17", "student_id": kids[0], "status": "absent"},
        {"kind": "mark", "entry_id": e, "lesson_date": "2025-11-10", "student_id": kids[1], "work_type": "oral", "value": "4"},
        {"kind": "mark", "entry_id": e, "lesson_date": "2025-11-10", "student_id": kids[2], "work_type": "oral", "value": "3"},
    ]});
    let (s, p, _) = call_matching(
        &app,
        "POST",
        &page,
        Some(&ivanova),
        Some("\"0\""),
        Some(changes.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let mut conn = db.conn();
    let mut rows: Vec<(String, String, String)> = outbox_of(&mut conn, sc.id)
        .unwrap()
        .into_iter()
        .map(|r| (r.kind, r.email, r.subject))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        vec![
            (
                "absence".to_owned(),
                "grisha.mama@example.ru".to_owned(),
                "Пропуск урока: Физика, 17.11.2025".to_owned()
            ),
            (
                "mark".to_owned(),
                "grisha.mama@example.ru".to_owned(),
                "Новая отметка: Физика — 5".to_owned()
            ),
        ],
        "Денисов's mother has no address; Ершов's refused the processing of her data"
    );
    // The same cells again: nothing changed, nothing queued. A stale save writes and queues nothing.
    let (s, _, _) = call_matching(
        &app,
        "POST",
        &page,
        Some(&ivanova),
        Some("\"1\""),
        Some(changes.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = call_matching(
        &app,
        "POST",
        &page,
        Some(&ivanova),
        Some("\"0\""),
        Some(changes),
    )
    .await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    assert_eq!(outbox_of(&mut conn, sc.id).unwrap().len(), 2);
}
