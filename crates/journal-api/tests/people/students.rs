//! Students (R-B5): the list in Russian order, the dated movement history.

use super::*;

#[actix_web::test]
async fn students_list_in_russian_order_with_filters_and_pages() {
    let db = TestDb::new();
    let (_, classes) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let teacher = sign_in(&app, "teacher").await;
    let (c7, c8) = (&classes["7А"], &classes["8Б"]);
    for (last, class) in [
        ("Жуков", c7),
        ("Ёлкин", c8),
        ("Егоров", c7),
        ("Яшин", c7),
        ("Абрамов", c8),
        ("Ершов", c7),
    ] {
        admit(&app, &secretary, last, class, "2025-09-01").await;
    }
    let gone = admit(&app, &secretary, "Борисов", c7, "2025-09-01").await;
    let body = json!({"on_date": "2025-12-01", "reason": "переезд"});
    let path = format!("/api/v1/students/{gone}/withdraw");
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(body))
            .await
            .0,
        StatusCode::OK
    );

    // Staff read the list; Ё comes right after Е, not after Я.
    let (status, all) = call(
        &app,
        "GET",
        "/api/v1/students?limit=50",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(
        names(&all),
        [
            "Абрамов",
            "Борисов",
            "Егоров",
            "Ершов",
            "Ёлкин",
            "Жуков",
            "Яшин"
        ]
    );
    assert_eq!(all["total"], 7);
    let elkin = &all["items"][4];
    assert_eq!(
        (elkin["class_name"].as_str(), elkin["class_id"].as_str()),
        (Some("8Б"), Some(c8.as_str()))
    );
    assert_eq!(elkin["birth_date"], "2012-05-04");
    assert_eq!(all["items"][1]["status"], "withdrawn");
    assert!(
        all["items"][1].get("class_id").is_none(),
        "withdrawn: no class"
    );

    let path = format!("/api/v1/students?class_id={c7}&status=active");
    let in_7a = call_ok(&app, "GET", &path, Some(&teacher), None).await;
    assert_eq!(names(&in_7a), ["Егоров", "Ершов", "Жуков", "Яшин"]);
    let withdrawn = call_ok(
        &app,
        "GET",
        "/api/v1/students?status=withdrawn",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(names(&withdrawn), ["Борисов"]);

    // Case-insensitive Cyrillic search; Ё and Е alike.
    for q in ["%D1%91%D0%BB%D0%BA", "%D0%95%D0%9B%D0%9A"] {
        let found = call_ok(
            &app,
            "GET",
            &format!("/api/v1/students?q={q}"),
            Some(&teacher),
            None,
        )
        .await;
        assert_eq!(names(&found), ["Ёлкин"], "q={q}");
    }

    // Pages: offset and limit over the sorted list, with the total of all pages.
    let page = call_ok(
        &app,
        "GET",
        "/api/v1/students?status=active&offset=2&limit=2",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(names(&page), ["Ершов", "Ёлкин"]);
    assert_eq!(
        (page["total"].clone(), page["offset"].clone()),
        (json!(6), json!(2))
    );
    let (status, bad) = call(
        &app,
        "GET",
        "/api/v1/students?status=expelled",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(
        (status, bad["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query"))
    );
}

#[actix_web::test]
async fn movement_history_is_dated_and_never_goes_backwards() {
    let db = TestDb::new();
    let (school, classes) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let deputy = sign_in(&app, "deputy").await;
    let admin = sign_in(&app, "admin").await;
    let (c7, c8) = (&classes["7А"], &classes["8Б"]);
    let id = admit(&app, &secretary, "Петров", c7, "2025-09-01").await;
    let before = counts(&db, school);

    // A transfer dated before the admission is refused, with a code, and writes nothing.
    let path = format!("/api/v1/students/{id}/transfer");
    let early = json!({"to_class_id": c8, "on_date": "2025-08-31"});
    let (status, problem) = call(&app, "POST", &path, Some(&deputy), Some(early)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("movement_date_before_previous")
        ),
        "{problem}"
    );
    assert_eq!(counts(&db, school), before);
    let same = json!({"to_class_id": c7, "on_date": "2025-10-01"});
    assert_eq!(
        call(&app, "POST", &path, Some(&deputy), Some(same)).await.1["code"],
        "same_class"
    );

    let ok = json!({"to_class_id": c8, "on_date": "2026-01-12", "order_ref": "№ 17-у"});
    let (status, moved) = call(&app, "POST", &path, Some(&deputy), Some(ok)).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["student"]["class_name"], "8Б");

    // Withdrawal needs a reason and cannot come before the transfer either.
    let path = format!("/api/v1/students/{id}/withdraw");
    let no_reason = json!({"on_date": "2026-03-01", "reason": "  "});
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(no_reason))
            .await
            .1["code"],
        "validation_failed"
    );
    let backwards = json!({"on_date": "2026-01-11", "reason": "переезд"});
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(backwards))
            .await
            .1["code"],
        "movement_date_before_previous"
    );
    let leave = json!({"on_date": "2026-03-01", "reason": "переезд в другой город"});
    let (status, gone) = call(&app, "POST", &path, Some(&secretary), Some(leave.clone())).await;
    assert_eq!(status, StatusCode::OK, "{gone}");
    assert_eq!(gone["student"]["status"], "withdrawn");
    assert!(gone["student"].get("class_id").is_none());
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(leave))
            .await
            .1["code"],
        "student_withdrawn"
    );

    // The whole history, oldest first, with class names.
    let (status, student) = call(
        &app,
        "GET",
        &format!("/api/v1/students/{id}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let history: Vec<(String, String, Value, Value)> = student["movements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap().to_owned(),
                m["on_date"].as_str().unwrap().to_owned(),
                m["from_class_name"].clone(),
                m["to_class_name"].clone(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (
                "admission".into(),
                "2025-09-01".into(),
                Value::Null,
                json!("7А")
            ),
            (
                "transfer".into(),
                "2026-01-12".into(),
                json!("7А"),
                json!("8Б")
            ),
            (
                "withdrawal".into(),
                "2026-03-01".into(),
                json!("8Б"),
                Value::Null
            ),
        ]
    );
    assert_eq!(student["movements"][1]["order_ref"], "№ 17-у");
    assert_eq!(student["movements"][2]["reason"], "переезд в другой город");

    // Each movement is in the audit log with before and after, and nothing for the refusals.
    assert_eq!(
        audit_actions(&app, &admin, &id).await,
        ["student.withdraw", "student.transfer", "student.admit"]
    );
    let log = call_ok(
        &app,
        "GET",
        &format!("/api/v1/audit?entity_id={id}&action=student.transfer"),
        Some(&admin),
        None,
    )
    .await;
    let entry = &log["items"][0];
    assert_eq!(entry["before"]["class_name"], "7А");
    assert_eq!(entry["after"]["student"]["class_name"], "8Б");
    assert_eq!(entry["actor_role"], "deputy");

    // An admission before the birth date is refused too.
    let body = json!({"last_name": "Рано", "first_name": "Иван", "birth_date": "2012-05-04",
                      "class_id": c7, "on_date": "2012-05-03"});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/students",
            Some(&secretary),
            Some(body)
        )
        .await
        .1["code"],
        "date_before_birth"
    );
}
