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

/// The pages a bulk close or reopen names, as `(class, subject, group)`, in the answer's order.
fn named(list: &Value) -> Vec<(String, String, Option<String>)> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|p| {
            let p = if p["page"].is_object() { &p["page"] } else { p };
            (
                p["class_name"].as_str().unwrap().to_owned(),
                p["subject_name"].as_str().unwrap().to_owned(),
                p["group_name"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn codes(skipped: &Value) -> Vec<&str> {
    skipped
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect()
}

/// The lock state of each page and how many closes and reopens it has.
async fn lock_states<S, B>(app: &S, token: &str, pages: &[&str]) -> Vec<(bool, usize)>
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let mut out = Vec::new();
    for page in pages {
        let (p, _) = read(app, token, page).await;
        out.push((
            p["locked"].as_bool().unwrap(),
            p["locks"].as_array().unwrap().len(),
        ));
    }
    out
}

#[actix_web::test]
async fn the_deputy_closes_and_reopens_a_period_for_a_class_and_for_the_school() {
    // R-F2; issue 12, item 8: one action for every page of a class or of the school.
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let (math, _) = read(&app, &s.ivanova, &s.page).await;
    let period = math["period"]["id"].as_str().unwrap().to_owned();
    let class_7a = math["class_id"].as_str().unwrap().to_owned();
    let years = call_ok(&app, "GET", "/api/v1/years", Some(&s.deputy), None).await;
    let year = years[0]["id"].as_str().unwrap().to_owned();
    let user_id = |t: String| {
        let app = &app;
        async move {
            call_ok(app, "GET", "/api/v1/me", Some(&t), None).await["user_id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let (petrov, sidorov) = (
        user_id(s.petrov.clone()).await,
        user_id(s.sidorov.clone()).await,
    );
    let subject = |name: &'static str| {
        let (app, deputy) = (&app, s.deputy.clone());
        async move {
            let body = json!({"name": name, "short_name": name});
            let v = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(body)).await;
            v["id"].as_str().unwrap().to_owned()
        }
    };
    let (russian, informatics) = (subject("Русский язык").await, subject("Информатика").await);
    let body = json!({"year_id": year, "name": "7 поток: информатика", "kind": "stream", "class_ids": [class_7a, s.class_7b]});
    let (status, stream) = call(&app, "POST", "/api/v1/groups", Some(&s.deputy), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{stream}");
    let assign = |teacher: &str, subject: &str, class: &str, group: Option<&str>| {
        let body = json!({"teacher_id": teacher, "subject_id": subject, "class_id": class, "hours_per_week": 2, "group_id": group});
        let (app, deputy, period) = (&app, s.deputy.clone(), period.clone());
        async move {
            let (status, a) = call(
                app,
                "POST",
                "/api/v1/assignments",
                Some(&deputy),
                Some(body),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{a}");
            format!("/api/v1/journal/{}/{period}", a["id"].as_str().unwrap())
        }
    };
    let russian_7a = assign(&petrov, &russian, &class_7a, None).await;
    let stream_page = assign(&sidorov, &informatics, &class_7a, stream["id"].as_str()).await;
    let russian_7b = assign(&petrov, &russian, &s.class_7b, None).await;
    let pages_7a = [s.page.as_str(), russian_7a.as_str(), stream_page.as_str()];
    let all = [
        s.page.as_str(),
        russian_7a.as_str(),
        stream_page.as_str(),
        russian_7b.as_str(),
    ];

    // Petrov closed his own page of 7А before.
    call_ok(
        &app,
        "POST",
        &format!("{russian_7a}/close"),
        Some(&s.petrov),
        Some(json!({})),
    )
    .await;

    // Only the deputy or the director closes for a class or the school (R-A6).
    let close_7a = json!({"period_id": period, "class_id": class_7a, "reason": "Конец четверти"});
    for teacher in [&s.ivanova, &s.petrov] {
        let (status, problem) = call(
            &app,
            "POST",
            "/api/v1/journal/close",
            Some(teacher),
            Some(close_7a.clone()),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden"))
        );
    }
    assert_eq!(
        lock_states(&app, &s.deputy, &all).await,
        [(false, 0), (true, 1), (false, 0), (false, 0)],
        "a refused request writes nothing"
    );
    // A period or a class the school does not have.
    for body in [
        json!({"period_id": uuid::Uuid::new_v4(), "class_id": class_7a}),
        json!({"period_id": period, "class_id": uuid::Uuid::new_v4()}),
    ] {
        let (status, _) = call(
            &app,
            "POST",
            "/api/v1/journal/close",
            Some(&s.deputy),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    // The class: its own pages and the stream's; Petrov's page is listed as already closed.
    let (status, result) = call(
        &app,
        "POST",
        "/api/v1/journal/close",
        Some(&s.deputy),
        Some(close_7a.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    let page = |class: &str, subject: &str, group: Option<&str>| {
        (
            class.to_owned(),
            subject.to_owned(),
            group.map(str::to_owned),
        )
    };
    assert_eq!(
        named(&result["done"]),
        [
            page("7А", "Математика", None),
            page("7А", "Информатика", Some("7 поток: информатика")),
        ],
        "the class's own pages first, then its groups'"
    );
    assert_eq!(
        named(&result["skipped"]),
        [page("7А", "Русский язык", None)]
    );
    assert_eq!(codes(&result["skipped"]), ["period_already_closed"]);
    assert_eq!(result["done"][0]["teacher_name"], "Тестова Анна");
    assert_eq!(result["done"][0]["assignment_id"], math["assignment_id"]);
    assert_eq!(
        lock_states(&app, &s.deputy, &all).await,
        [(true, 1), (true, 1), (true, 1), (false, 0)],
        "every page of 7А is closed once, 7Б's stays open"
    );
    // The teacher's marks are refused now (R-F2).
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let one = json!({"changes": [mark(&s.monday, "2025-11-17", &s.students[0], "oral", "5")]});
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(one.clone()),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::LOCKED, Some("period_locked"))
    );
    // Audited as a close of each page, by the deputy, with the reason (R-P4).
    let history = call_ok(
        &app,
        "GET",
        &format!("{}/history", s.page),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(history[0]["action"], "journal.close");
    assert_eq!(history[0]["actor_role"], "deputy");
    assert_eq!(history[0]["after"]["reason"], "Конец четверти");

    // The whole school: only 7Б's page was open.
    let (status, result) = call(
        &app,
        "POST",
        "/api/v1/journal/close",
        Some(&s.deputy),
        Some(json!({"period_id": period})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(named(&result["done"]), [page("7Б", "Русский язык", None)]);
    assert_eq!(
        codes(&result["skipped"]),
        ["period_already_closed"; 3],
        "{result}"
    );
    assert_eq!(
        lock_states(&app, &s.deputy, &all).await,
        [(true, 1), (true, 1), (true, 1), (true, 1)]
    );

    // Reopening: the deputy or the director, with a reason; a last day before today refuses the
    // whole request and changes nothing.
    let reopen_7a =
        json!({"period_id": period, "class_id": class_7a, "reason": "Исправление отметок"});
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/journal/reopen",
        Some(&s.ivanova),
        Some(reopen_7a.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/journal/reopen",
        Some(&s.deputy),
        Some(json!({"period_id": period, "reason": "Исправление", "until": "2025-01-10"})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reopen_until_past"))
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/journal/reopen",
        Some(&s.deputy),
        Some(json!({"period_id": period, "reason": "   "})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a reason is required");
    assert_eq!(
        lock_states(&app, &s.deputy, &all).await,
        [(true, 1), (true, 1), (true, 1), (true, 1)],
        "nothing reopened"
    );

    let (status, result) = call(
        &app,
        "POST",
        "/api/v1/journal/reopen",
        Some(&s.deputy),
        Some(reopen_7a),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(named(&result["done"]).len(), 3, "{result}");
    assert_eq!(result["skipped"], json!([]));
    assert_eq!(
        lock_states(&app, &s.deputy, &all).await,
        [(false, 2), (false, 2), (false, 2), (true, 1)]
    );
    for page in pages_7a {
        let history = call_ok(
            &app,
            "GET",
            &format!("{page}/history"),
            Some(&s.deputy),
            None,
        )
        .await;
        assert_eq!(
            (
                history[0]["action"].as_str(),
                history[0]["actor_role"].as_str(),
                history[0]["after"]["reason"].as_str()
            ),
            (
                Some("journal.reopen"),
                Some("deputy"),
                Some("Исправление отметок")
            ),
            "{page}: {history}"
        );
    }
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    save(&app, &s.page, &s.ivanova, &etag, one).await;

    // The school again, until a later day: 7Б's page reopens, the open ones are listed.
    let until = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive();
    let (status, result) = call(
        &app,
        "POST",
        "/api/v1/journal/reopen",
        Some(&s.deputy),
        Some(json!({"period_id": period, "reason": "Исправление", "until": until})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(named(&result["done"]), [page("7Б", "Русский язык", None)]);
    assert_eq!(codes(&result["skipped"]), ["period_not_closed"; 3]);
    let (p, _) = read(&app, &s.deputy, &russian_7b).await;
    assert_eq!(p["locked"], false);
    assert_eq!(p["locks"][1]["until"], until.to_string());

    // An archived year is read-only (R-B7): every page is listed, none closed.
    {
        use diesel::RunQueryDsl;
        let mut conn = db.conn();
        let sql = diesel::sql_query(format!(
            "UPDATE school_years SET status = 'archived' WHERE id = '{year}'"
        ));
        match &mut *conn {
            journal_db::DbConnection::Sqlite(c) => sql.execute(c),
            journal_db::DbConnection::Pg(c) => sql.execute(c),
        }
        .unwrap();
    }
    let (status, result) = call(
        &app,
        "POST",
        "/api/v1/journal/close",
        Some(&s.deputy),
        Some(json!({"period_id": period})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["done"], json!([]));
    assert_eq!(codes(&result["skipped"]), ["year_archived"; 4]);
    assert_eq!(
        lock_states(&app, &s.deputy, &all).await,
        [(false, 2), (false, 2), (false, 2), (false, 2)]
    );
}
