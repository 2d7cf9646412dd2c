//! The school's journal settings: thresholds, the fewest marks, work types' weights, subject
//! scales (R-F6, R-J2).

use super::*;

#[actix_web::test]
async fn the_school_sets_thresholds_weights_and_scales_and_the_page_follows() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    // 4 oral and 3 oral: 3.5 → 4 by the usual thresholds.
    let marks = json!({"changes": [mark(&s.monday, "2025-11-10", &s.students[0], "oral", "4"), mark(&s.monday, "2025-11-17", &s.students[0], "oral", "3")]});
    let (page, _) = save(&app, &s.page, &s.ivanova, "\"0\"", marks).await;
    assert_eq!(student(&page, &s.students[0])["forecast"]["mark"], 4);

    let strict =
        json!({"thresholds": {"three": 2.6, "four": 3.6, "five": 4.6}, "min_marks_per_period": 2});
    assert_eq!(
        call(
            &app,
            "PUT",
            "/api/v1/journal-settings",
            Some(&s.ivanova),
            Some(strict.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let falling =
        json!({"thresholds": {"three": 3.5, "four": 2.5, "five": 4.5}, "min_marks_per_period": 3});
    let (status, problem) = call(
        &app,
        "PUT",
        "/api/v1/journal-settings",
        Some(&s.deputy),
        Some(falling),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("thresholds_not_rising")
        )
    );
    let (status, settings) = call(
        &app,
        "PUT",
        "/api/v1/journal-settings",
        Some(&s.deputy),
        Some(strict),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let (page, _) = read(&app, &s.ivanova, &s.page).await;
    let first = student(&page, &s.students[0]);
    assert_eq!(
        (
            first["forecast"]["mark"].as_u64(),
            first["forecast"]["risks"].clone()
        ),
        (Some(3), json!([])),
        "3.5 < 3.6, and two marks are enough now"
    );

    // Oral answers weigh 3 now: (12 + 3) / 4 = 3.75.
    let (status, settings) = call(
        &app,
        "PUT",
        "/api/v1/work-types/oral",
        Some(&s.deputy),
        Some(json!({"name": "Устный ответ", "weight": 3.0})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/work-types/Bad-Code",
        Some(&s.deputy),
        Some(json!({"name": "x", "weight": 1.0})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    assert_eq!(
        student(&page, &s.students[0])["forecast"]["average"],
        3.5,
        "both oral: weights cancel"
    );
    let (page, _) = save(
        &app,
        &s.page,
        &s.ivanova,
        &etag,
        json!({"changes": [mark(&s.monday, "2025-11-24", &s.students[0], "homework", "5")]}),
    )
    .await;
    let average = student(&page, &s.students[0])["forecast"]["average"]
        .as_f64()
        .unwrap();
    assert!(
        (average - (12.0 + 9.0 + 5.0) / 7.0).abs() < 1e-9,
        "{average}"
    );

    // Mathematics in grade 7 marked pass/fail: a 5 is refused, «зачёт» accepted (R-J2).
    let subject = page["subject_id"].clone();
    let (status, settings) = call(
        &app,
        "PUT",
        "/api/v1/subject-scales",
        Some(&s.deputy),
        Some(json!({"subject_id": subject, "grade": 7, "scale": "pass_fail"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    assert_eq!(page["scale"], "pass_fail");
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(json!({"changes": [mark(&s.wednesday, "2025-11-26", &s.students[1], "oral", "5")]})),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("mark_outside_scale"))
    );
    save(
        &app,
        &s.page,
        &s.ivanova,
        &etag,
        json!({"changes": [mark(&s.wednesday, "2025-11-26", &s.students[1], "oral", "pass")]}),
    )
    .await;
    // Every settings change is audited.
    let audit = call_ok(
        &app,
        "GET",
        "/api/v1/audit?entity=journal_settings",
        Some(&s.deputy),
        None,
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "subject_scale.save",
            "work_type.save",
            "journal_settings.update"
        ]
    );
}
