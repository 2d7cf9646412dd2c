//! A lesson written from the page and from the lesson screen; homework files.

use super::*;

/// The journal page and the lesson screen write a lesson by one decision (issue 11): a cancelled
/// lesson is refused both ways, to the deputy with `lesson_cancelled` and to its teacher as not
/// hers to write; homework written on the lesson screen is due by the next lesson, as on the page.
#[actix_web::test]
async fn a_lesson_is_written_by_one_rule_from_the_page_and_from_the_lesson_screen() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let lesson = |day: &str| format!("/api/v1/lessons/{}/{day}", s.monday);
    let (status, body) = call(
        &app,
        "POST",
        &format!("{}/change", lesson("2025-11-17")),
        Some(&s.deputy),
        Some(json!({"kind": "cancellation"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let on_page = json!({"changes": [{"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-17", "conducted": true, "topic": "Дроби"}]});
    let on_screen = json!({"conducted": true, "topic": "Дроби"});
    for (who, page_code, screen) in [
        (
            &s.deputy,
            "lesson_cancelled",
            (StatusCode::UNPROCESSABLE_ENTITY, "lesson_cancelled"),
        ),
        (
            &s.ivanova,
            "forbidden",
            (StatusCode::FORBIDDEN, "forbidden"),
        ),
    ] {
        let (_, etag) = read(&app, &s.ivanova, &s.page).await;
        let (status, problem, _) = call_matching(
            &app,
            "POST",
            &s.page,
            Some(who),
            Some(&etag),
            Some(on_page.clone()),
        )
        .await;
        assert_eq!(
            (status, problem["errors"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(page_code)),
            "{problem}"
        );
        let (status, problem) = call(
            &app,
            "PUT",
            &lesson("2025-11-17"),
            Some(who),
            Some(on_screen.clone()),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (screen.0, Some(screen.1)),
            "{problem}"
        );
    }
    let (page, _) = read(&app, &s.ivanova, &s.page).await;
    let monday = page["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lesson_date"] == "2025-11-17")
        .unwrap();
    assert_eq!(
        monday["topic"],
        Value::Null,
        "nothing was written either way"
    );
    // Homework set on the lesson screen is due by the next lesson (Wednesday), as on the page,
    // and the page's version moves so an open page does not overwrite it unseen.
    let (_, before) = read(&app, &s.ivanova, &s.page).await;
    let (status, written) = call(
        &app,
        "PUT",
        &lesson("2025-11-10"),
        Some(&s.ivanova),
        Some(json!({"conducted": true, "topic": "Дроби", "homework": "№ 12"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{written}");
    let (page, after) = read(&app, &s.ivanova, &s.page).await;
    assert_ne!(before, after);
    let l = page["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lesson_date"] == "2025-11-10")
        .unwrap();
    assert_eq!(
        (l["homework"].as_str(), l["homework_due"].as_str()),
        (Some("№ 12"), Some("2025-11-12"))
    );
}

/// A lesson names a topic of its assignment's plan (R-T4): the plan's title stands in for a topic
/// the teacher did not type; a topic of no plan of this assignment is refused, nothing written.
#[actix_web::test]
async fn a_lesson_takes_its_topic_from_the_assignments_plan_and_no_other() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let assignment = s.page.split('/').nth(4).unwrap();
    let req = actix_web::test::TestRequest::post()
        .uri(&format!("/api/v1/assignments/{assignment}/plan/import"))
        .insert_header(("Authorization", format!("Bearer {}", s.ivanova)))
        .insert_header(("Content-Type", "text/csv"))
        .set_payload("№;Тема;Часы\n1;Линейные уравнения;2\n")
        .to_request();
    let resp = actix_web::test::call_service(&app, req).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let plan = call_ok(
        &app,
        "GET",
        &format!("/api/v1/assignments/{assignment}/plan"),
        Some(&s.ivanova),
        None,
    )
    .await;
    let topic = plan["topics"][0]["id"].as_str().unwrap().to_owned();
    let lesson = |plan_topic: &str| json!({"changes": [{"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-10", "conducted": true, "plan_topic_id": plan_topic}]});

    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let elsewhere = uuid::Uuid::new_v4().to_string();
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(lesson(&elsewhere)),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("plan_topic_not_in_plan")
        ),
        "{problem}"
    );
    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    let monday = |page: &Value| {
        page["lessons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["lesson_date"] == "2025-11-10")
            .cloned()
            .unwrap()
    };
    assert_eq!(monday(&page)["topic"], Value::Null, "nothing was written");

    let (saved, _) = save(&app, &s.page, &s.ivanova, &etag, lesson(&topic)).await;
    let l = monday(&saved);
    assert_eq!(
        (l["topic"].as_str(), l["plan_topic_id"].as_str()),
        (Some("Линейные уравнения"), Some(topic.as_str()))
    );
}

#[actix_web::test]
async fn homework_files_are_attached_by_the_teacher_within_the_limit_and_read_by_readers() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let url = format!("/api/v1/lessons/{}/2025-11-10/files", s.monday);
    let pdf = ("application/pdf", b"%PDF-1.4 homework".to_vec());
    let upload = |who: &str, name: &str, body: (&'static str, Vec<u8>)| {
        let (who, path) = (who.to_owned(), format!("{url}?name={name}"));
        let app = &app;
        async move { request(app, "POST", &path, Some(&who), Some(body)).await }
    };
    let (status, _, _) = upload(&s.sidorov, "task.pdf", pdf.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not his lesson");
    let (status, _, body) = upload(&s.ivanova, "task.pdf", pdf.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let file: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (file["file_name"].as_str(), file["size_bytes"].as_u64()),
        (Some("task.pdf"), Some(17))
    );
    // The class teacher reads the lesson, so its files; another teacher does not.
    let (status, list) = call(&app, "GET", &url, Some(&s.petrov), None).await;
    assert_eq!(
        (status, list.as_array().unwrap().len()),
        (StatusCode::OK, 1)
    );
    assert_eq!(
        call(&app, "GET", &url, Some(&s.sidorov), None).await.0,
        StatusCode::FORBIDDEN
    );
    let download = format!("/api/v1/files/{}", file["id"].as_str().unwrap());
    let (status, ct, bytes) = request(&app, "GET", &download, Some(&s.petrov), None).await;
    assert_eq!(
        (status, ct.as_str(), bytes),
        (StatusCode::OK, "application/pdf", pdf.1.clone())
    );
    // Issue 9 (8, 9): a name with CR/LF is cleaned when stored, and a page uploaded as HTML is
    // downloaded as an attachment that no browser renders in the school's origin.
    let page = ("text/html", b"<script>alert(1)</script>".to_vec());
    let (status, _, body) = upload(&s.ivanova, "evil%0D%0AX-Injected:%20yes.html", page).await;
    assert_eq!(status, StatusCode::CREATED);
    let html: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(html["file_name"], "evilX-Injected: yes.html");
    assert_eq!(html["content_type"], "application/octet-stream");
    let req = actix_web::test::TestRequest::get()
        .uri(&format!("/api/v1/files/{}", html["id"].as_str().unwrap()))
        .insert_header(("Authorization", format!("Bearer {}", s.petrov)))
        .to_request();
    let res = actix_web::test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("content-type").unwrap(),
        "application/octet-stream"
    );
    assert_eq!(
        res.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert!(res
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(res.headers().get("x-injected").is_none());
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/files/{}", html["id"].as_str().unwrap()),
        Some(&s.ivanova),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The school's limit (R-J1: attachments with a size limit).
    let (status, _) = call(&app, "PUT", "/api/v1/journal-settings", Some(&s.deputy), Some(json!({"thresholds": {"three": 2.5, "four": 3.5, "five": 4.5}, "min_marks_per_period": 3, "homework_file_kib": 16}))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, body) = upload(
        &s.ivanova,
        "big.bin",
        ("application/octet-stream", vec![7u8; 17 * 1024]),
    )
    .await;
    let problem: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("file_too_large"))
    );
    assert_eq!(
        call(&app, "DELETE", &download, Some(&s.petrov), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&app, "DELETE", &download, Some(&s.ivanova), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let list = call_ok(&app, "GET", &url, Some(&s.ivanova), None).await;
    assert_eq!(list, json!([]));
}
