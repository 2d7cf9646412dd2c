//! Control works (R-T3) and lesson plans (R-T4).

use super::*;

#[actix_web::test]
async fn control_works_are_one_a_day_per_class_on_teaching_days() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let subjects = call(&app, "GET", "/api/v1/subjects", Some(&s.deputy), None)
        .await
        .1;
    let math = subjects
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Математика")
        .unwrap()["id"]
        .clone();
    let physics = subjects
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Физика")
        .unwrap()["id"]
        .clone();
    let work = |subject: &Value, date: &str, title: &str| json!({"class_id": s.class_7a, "subject_id": subject, "date": date, "title": title});
    let (status, first) = call(
        &app,
        "POST",
        "/api/v1/control-works",
        Some(&s.deputy),
        Some(work(&math, "2025-11-12", "Контрольная работа № 2")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/control-works",
        Some(&s.deputy),
        Some(work(&physics, "2025-11-12", "Контрольная по физике")),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("control_work_limit"))
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Контрольная работа № 2"),
        "{problem}"
    );
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/control-works",
        Some(&s.deputy),
        Some(work(&physics, "2025-10-28", "В каникулы")),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_a_teaching_day"))
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/control-works",
            Some(&s.deputy),
            Some(work(&physics, "2025-11-13", "Контрольная по физике"))
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let ivanova = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/control-works",
            Some(&ivanova),
            Some(work(&math, "2025-11-14", "x"))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let url = format!(
        "/api/v1/control-works?class_id={}&from=2025-11-01&to=2025-11-30",
        s.class_7a
    );
    let list = call(&app, "GET", &url, Some(&ivanova), None).await.1;
    let dates: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2025-11-12", "2025-11-13"],
        "the class's schedule, refused ones not written"
    );
}

#[actix_web::test]
async fn a_control_work_is_withdrawn_by_the_deputy_and_the_log_keeps_it() {
    let db = TestDb::new();
    let mut people = PEOPLE.to_vec();
    people.push(("director", &[Role::Director]));
    school_with(&db, "Школа", &people);
    school_with(&db, "Другая школа", &[("other", &[Role::Deputy])]);
    let app = app!(&db);
    let s = setup!(&app);
    let math = id_named(&app, &s.deputy, "/api/v1/subjects", "Математика").await;
    let plan = |date: &str, title: &str| {
        let body =
            json!({"class_id": s.class_7a, "subject_id": math, "date": date, "title": title});
        let deputy = s.deputy.clone();
        let app = &app;
        async move {
            let (status, w) = call(
                app,
                "POST",
                "/api/v1/control-works",
                Some(&deputy),
                Some(body),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{w}");
            format!("/api/v1/control-works/{}", w["id"].as_str().unwrap())
        }
    };
    let work = plan("2025-11-12", "Контрольная работа № 2").await;
    let ivanova = sign_in(&app, "ivanova").await;
    let other = sign_in(&app, "other").await;
    assert_eq!(
        call(&app, "DELETE", &work, Some(&ivanova), None).await.0,
        StatusCode::FORBIDDEN,
        "a teacher does not withdraw control works"
    );
    assert_eq!(
        call(&app, "DELETE", &work, Some(&other), None).await.0,
        StatusCode::NOT_FOUND,
        "another school's work is not found"
    );
    let (status, body) = call(&app, "DELETE", &work, Some(&s.deputy), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        call(&app, "DELETE", &work, Some(&s.deputy), None).await.0,
        StatusCode::NOT_FOUND,
        "withdrawn once"
    );
    let url = format!(
        "/api/v1/control-works?class_id={}&from=2025-11-01&to=2025-11-30",
        s.class_7a
    );
    assert_eq!(
        call(&app, "GET", &url, Some(&s.deputy), None).await.1,
        json!([])
    );
    let id = work.rsplit('/').next().unwrap();
    assert_eq!(
        audit_actions(&app, &s.deputy, id).await,
        ["control_work.delete", "control_work.create"]
    );
    let log = call_ok(
        &app,
        "GET",
        &format!("/api/v1/audit?entity_id={id}&action=control_work.delete"),
        Some(&s.deputy),
        None,
    )
    .await;
    let entry = &log["items"][0];
    assert_eq!(entry["before"]["title"], "Контрольная работа № 2");
    assert_eq!(entry["before"]["date"], "2025-11-12");
    assert_eq!(entry["actor_role"], "deputy");

    // The day is free again; once the year is archived its works stay.
    let again = plan("2025-11-12", "Контрольная работа № 2 (перенос)").await;
    let old_year = call(&app, "GET", "/api/v1/years", Some(&s.deputy), None)
        .await
        .1[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let director = sign_in(&app, "director").await;
    let (status, result) = call(
        &app,
        "POST",
        &format!("/api/v1/years/{old_year}/rollover"),
        Some(&director),
        Some(year_2026()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{result}");
    let (status, problem) = call(&app, "DELETE", &again, Some(&director), None).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("year_archived"))
    );
    assert_eq!(
        call(&app, "GET", &url, Some(&s.deputy), None).await.1[0]["title"],
        "Контрольная работа № 2 (перенос)"
    );
}

#[actix_web::test]
async fn lesson_plan_imports_from_csv_and_shows_plan_versus_fact() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let ivanova = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    let petrov = token(&login(&app, "petrov", PASSWORD).await.1, "access_token");
    let import = format!("/api/v1/assignments/{}/plan/import", s.math_7a);
    let post_csv = |token: String, body: &'static str| {
        let req = actix_web::test::TestRequest::post()
            .uri(&import)
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("Content-Type", "text/csv"))
            .set_payload(body)
            .to_request();
        actix_web::test::call_service(&app, req)
    };
    let resp = post_csv(
        ivanova.clone(),
        "№;Тема;Часы\n1;Линейные уравнения;2\n2;;3\n3;Системы уравнений;много\n",
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = actix_web::test::read_body_json(resp).await;
    let lines: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(lines, ["line 3", "line 4"]);
    let plan_url = format!("/api/v1/assignments/{}/plan", s.math_7a);
    assert_eq!(
        call(&app, "GET", &plan_url, Some(&ivanova), None).await.1["topics"],
        json!([]),
        "nothing imported"
    );
    assert_eq!(
        post_csv(petrov, "Тема;1\n").await.status(),
        StatusCode::FORBIDDEN,
        "not petrov's assignment"
    );
    let resp = post_csv(
        ivanova.clone(),
        "№;Тема;Часы\n1;Линейные уравнения;2\n2;Системы уравнений;3\n",
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);

    // Two lessons held (the third not): the first topic is done, the second not begun.
    let e = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    for date in ["2025-11-10", "2025-11-17", "2025-11-24"] {
        let conducted = date != "2025-11-24";
        let url = format!("/api/v1/lessons/{}/{date}", e["id"].as_str().unwrap());
        assert_eq!(
            call(
                &app,
                "PUT",
                &url,
                Some(&ivanova),
                Some(json!({"conducted": conducted}))
            )
            .await
            .0,
            StatusCode::OK
        );
    }
    let plan = call(&app, "GET", &plan_url, Some(&ivanova), None).await.1;
    assert_eq!(
        (plan["planned_hours"].as_u64(), plan["held"].as_u64()),
        (Some(5), Some(2))
    );
    let progress: Vec<&str> = plan["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["progress"].as_str().unwrap())
        .collect();
    assert_eq!(progress, ["done", "ahead"]);
}
