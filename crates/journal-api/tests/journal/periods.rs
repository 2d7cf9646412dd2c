//! Closing and reopening a period, finals and liquidated debts, the summary sheet (R-F1–R-F5).

use super::*;

#[actix_web::test]
async fn a_closed_period_refuses_the_teacher_until_the_deputy_reopens_it() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let one = |value: &str| json!({"changes": [mark(&s.monday, "2025-11-17", &s.students[0], "oral", value)]});
    let (status, closed, etag) = call_matching(
        &app,
        "POST",
        &format!("{}/close", s.page),
        Some(&s.ivanova),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["locked"], true);
    let etag = etag.unwrap();
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(one("5")),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::LOCKED, Some("period_locked"))
    );
    let (page, same) = read(&app, &s.ivanova, &s.page).await;
    assert_eq!(
        (same, student(&page, &s.students[0])["marks"].clone()),
        (etag.clone(), json!([])),
        "nothing written"
    );
    let (status, _) = call(
        &app,
        "POST",
        &format!("{}/close", s.page),
        Some(&s.ivanova),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "already closed");

    // Only the deputy or director reopens, with a reason (R-F2, R-A6).
    let reopen = json!({"reason": "Исправление ошибки в отметке"});
    let (status, _) = call(
        &app,
        "POST",
        &format!("{}/reopen", s.page),
        Some(&s.ivanova),
        Some(reopen.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        "POST",
        &format!("{}/reopen", s.page),
        Some(&s.deputy),
        Some(json!({"reason": ""})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a reason is required");
    let (status, reopened) = call(
        &app,
        "POST",
        &format!("{}/reopen", s.page),
        Some(&s.deputy),
        Some(reopen),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reopened}");
    assert_eq!(reopened["locked"], false);
    assert_eq!(reopened["locks"].as_array().unwrap().len(), 2);
    save(&app, &s.page, &s.ivanova, &etag, one("5")).await;

    // The history shows close, reopen and the write, with their authors, newest first.
    let history = call_ok(
        &app,
        "GET",
        &format!("{}/history", s.page),
        Some(&s.ivanova),
        None,
    )
    .await;
    let steps: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap(),
                h["actor_role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("journal.mark", "teacher"),
            ("journal.reopen", "deputy"),
            ("journal.close", "teacher")
        ]
    );
    assert_eq!(
        history[1]["after"]["reason"],
        "Исправление ошибки в отметке"
    );
}

#[actix_web::test]
async fn finals_close_the_page_and_a_debt_is_liquidated_as_a_new_final() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    // 23 fours, one 2, one deferred for illness (R-F1, R-F3): not all set, still open.
    let mut finals: Vec<Value> = s
        .students
        .iter()
        .take(23)
        .map(|id| final_mark(id, Some("4"), None))
        .collect();
    finals.push(final_mark(&s.students[23], Some("2"), None));
    finals.push(final_mark(&s.students[24], None, Some("2026-01-20")));
    let (page, _) = save(
        &app,
        &s.page,
        &s.ivanova,
        "\"0\"",
        json!({"changes": finals}),
    )
    .await;
    assert_eq!(page["locked"], false, "a deferred final is not set yet");
    assert_eq!(
        student(&page, &s.students[24])["finals"][0]["deferred_until"],
        "2026-01-20"
    );
    // Н/А is a final of the scale; a 6 is not.
    let (status, _, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"1\""),
        Some(json!({"changes": [final_mark(&s.students[24], Some("6"), None)]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The last final closes the page (R-F2).
    let (page, _) = save(
        &app,
        &s.page,
        &s.ivanova,
        "\"1\"",
        json!({"changes": [final_mark(&s.students[24], Some("na"), None)]}),
    )
    .await;
    assert_eq!(page["locked"], true);
    assert_eq!(page["locks"][0]["kind"], "close");

    // After the lock: a good final cannot change, a debt is liquidated as a new final (R-F4).
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"2\""),
        Some(json!({"changes": [final_mark(&s.students[0], Some("5"), None)]})),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("period_locked"))
    );
    let (page, _) = save(&app, &s.page, &s.ivanova, "\"2\"", json!({"changes": [final_mark(&s.students[23], Some("3"), None), final_mark(&s.students[24], Some("4"), None)]})).await;
    let debtor = &student(&page, &s.students[23])["finals"];
    assert_eq!(debtor.as_array().unwrap().len(), 2, "{debtor}");
    assert_eq!(
        (debtor[0]["value"].as_str(), debtor[0]["current"].as_bool()),
        (Some("2"), Some(false))
    );
    assert_eq!(
        (
            debtor[1]["value"].as_str(),
            debtor[1]["current"].as_bool(),
            debtor[1]["liquidation"].as_bool()
        ),
        (Some("3"), Some(true), Some(true))
    );
    assert_eq!(student(&page, &s.students[0])["finals"][0]["value"], "4");

    // The summary sheet of the class (R-F5): the finals in force, for the class teacher.
    let class_id = page["class_id"].as_str().unwrap();
    let url = format!("/api/v1/classes/{class_id}/finals");
    assert_eq!(
        call(&app, "GET", &url, Some(&s.sidorov), None).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, sheet) = call(&app, "GET", &url, Some(&s.petrov), None).await;
    assert_eq!(status, StatusCode::OK, "{sheet}");
    assert_eq!(sheet["subjects"][0]["name"], "Математика");
    let lines = sheet["students"].as_array().unwrap();
    assert_eq!(lines.len(), 25);
    let debtor = lines
        .iter()
        .find(|l| l["student_id"] == s.students[23].as_str())
        .unwrap();
    assert_eq!(
        debtor["finals"],
        json!([{"subject_id": page["subject_id"], "kind": "period", "period_id": page["period"]["id"], "value": "3", "liquidation": true}])
    );
}
