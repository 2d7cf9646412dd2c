//! Changes of one dated lesson: a substitution, a cancellation and a move, the substitutions report
//! (R-T2, R-A6, R-R8).

use super::*;

#[actix_web::test]
async fn the_substitute_writes_only_the_covered_lesson_and_the_teacher_reads_it() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let second = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    let third = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 3)),
    )
    .await;
    let covered = format!(
        "/api/v1/lessons/{}/2025-11-10",
        second["id"].as_str().unwrap()
    );
    let next = format!(
        "/api/v1/lessons/{}/2025-11-10",
        third["id"].as_str().unwrap()
    );
    let ivanova = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    let sidorov = token(&login(&app, "sidorov", PASSWORD).await.1, "access_token");
    let petrov = token(&login(&app, "petrov", PASSWORD).await.1, "access_token");
    let write = json!({"conducted": true, "topic": "Линейные уравнения", "homework": "№ 112, 114"});

    // Only the deputy or director registers changes (R-A6).
    let sub = json!({"kind": "substitution", "substitute_id": s.sidorov, "reason": "Больничный"});
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("{covered}/change"),
            Some(&ivanova),
            Some(sub.clone())
        )
        .await
        .1["code"],
        "forbidden"
    );
    let (status, lesson) = call(
        &app,
        "POST",
        &format!("{covered}/change"),
        Some(&s.deputy),
        Some(sub.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{lesson}");
    assert_eq!(lesson["change"]["substitute_name"], "Тестова Анна");
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("{covered}/change"),
            Some(&s.deputy),
            Some(sub)
        )
        .await
        .1["code"],
        "lesson_already_changed"
    );

    let (status, written) = call(&app, "PUT", &covered, Some(&sidorov), Some(write.clone())).await;
    assert_eq!(status, StatusCode::OK, "{written}");
    let (status, problem) = call(&app, "PUT", &next, Some(&sidorov), Some(write.clone())).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden")),
        "the next lesson of the class is not covered"
    );
    assert_eq!(
        call(&app, "PUT", &covered, Some(&ivanova), Some(write.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN,
        "the covered lesson is the substitute's now"
    );
    let (status, read) = call(&app, "GET", &covered, Some(&ivanova), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (read["topic"].as_str(), read["change"]["kind"].as_str()),
        (Some("Линейные уравнения"), Some("substitution"))
    );
    // Petrov is the class teacher of 7А: reads it, does not write it.
    assert_eq!(
        call(&app, "GET", &covered, Some(&petrov), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, "PUT", &covered, Some(&petrov), Some(write.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    // Ivanova still writes her own next lesson.
    assert_eq!(
        call(&app, "PUT", &next, Some(&ivanova), Some(write))
            .await
            .0,
        StatusCode::OK
    );
    // A date that is not a lesson of that entry.
    let none = format!(
        "/api/v1/lessons/{}/2025-11-11",
        second["id"].as_str().unwrap()
    );
    assert_eq!(
        call(&app, "GET", &none, Some(&ivanova), None).await.1["code"],
        "no_such_lesson"
    );

    // Listing the class: the class teacher sees what was written; a colleague sees the timetable
    // but not the topics of lessons that are not theirs.
    let class_week = format!(
        "/api/v1/lessons?class_id={}&from=2025-11-10&to=2025-11-10",
        s.class_7a
    );
    let topics = |list: Value| -> Vec<Option<String>> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|l| l["topic"].as_str().map(str::to_owned))
            .collect()
    };
    let written = Some("Линейные уравнения".to_owned());
    assert_eq!(
        topics(call(&app, "GET", &class_week, Some(&petrov), None).await.1),
        [written.clone(), written.clone()]
    );
    assert_eq!(
        topics(call(&app, "GET", &class_week, Some(&sidorov), None).await.1),
        [written, None]
    );

    // The substitute's week shows the covered lesson; the teacher's shows it substituted.
    let url = format!(
        "/api/v1/lessons?teacher_id={}&from=2025-11-10&to=2025-11-16",
        s.sidorov
    );
    let week = call(&app, "GET", &url, Some(&sidorov), None).await.1;
    assert_eq!(week.as_array().unwrap().len(), 1);
    assert_eq!(week[0]["change"]["kind"], "substitution");

    // A cancellation called off: withdrawn by the deputy, the lesson is Ivanova's to write again.
    let friday = format!(
        "/api/v1/lessons/{}/2025-11-24",
        third["id"].as_str().unwrap()
    );
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("{friday}/change"),
            Some(&s.deputy),
            Some(json!({"kind": "cancellation"}))
        )
        .await
        .0,
        StatusCode::CREATED
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &friday,
            Some(&ivanova),
            Some(json!({"conducted": true}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("{friday}/change"),
            Some(&ivanova),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("{friday}/change"),
            Some(&s.deputy),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("{friday}/change"),
            Some(&s.deputy),
            None
        )
        .await
        .1["code"],
        "no_change"
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &friday,
            Some(&ivanova),
            Some(json!({"conducted": true}))
        )
        .await
        .0,
        StatusCode::OK
    );

    // Cancellation and the report that pays substitution hours (R-R8).
    let cancel = format!(
        "/api/v1/lessons/{}/2025-11-17/change",
        third["id"].as_str().unwrap()
    );
    assert_eq!(
        call(
            &app,
            "POST",
            &cancel,
            Some(&s.deputy),
            Some(json!({"kind": "cancellation"}))
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (status, report) = call(
        &app,
        "GET",
        "/api/v1/reports/substitutions?from=2025-11-01&to=2025-11-30",
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let line = |id: &str| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["teacher_id"] == id)
            .cloned()
            .unwrap()
    };
    let (iv, sid) = (line(&s.ivanova), line(&s.sidorov));
    assert_eq!(
        (
            iv["substituted"].as_u64(),
            iv["cancelled"].as_u64(),
            iv["covered"].as_u64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(
        (sid["covered"].as_u64(), sid["substituted"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        call(
            &app,
            "GET",
            "/api/v1/reports/substitutions?from=2025-11-01&to=2025-11-30",
            Some(&ivanova),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn a_moved_lesson_takes_place_at_a_free_target_and_shows_at_both_slots() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let add = |body: Value| {
        let deputy = s.deputy.clone();
        let app = &app;
        async move {
            let (status, e) =
                call(app, "POST", "/api/v1/timetable", Some(&deputy), Some(body)).await;
            assert_eq!(status, StatusCode::CREATED, "{e}");
            e["id"].as_str().unwrap().to_owned()
        }
    };
    // Ivanova: 7А mathematics on Monday 2nd (room 12) and Wednesday 3rd. Petrov: 7Б physics on
    // Wednesday 1st (no room) and 2nd (room 12).
    let monday = add(entry(&s.math_7a, Some(&s.room_12), 1, 2)).await;
    add(entry(&s.math_7a, None, 3, 3)).await;
    let physics = id_named(&app, &s.deputy, "/api/v1/subjects", "Физика").await;
    let list = call_ok(
        &app,
        "GET",
        &format!("/api/v1/assignments?class_id={}", s.class_7b),
        Some(&s.deputy),
        None,
    )
    .await;
    let physics_7b = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["subject_id"] == physics)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let physics_wed_1 = add(entry(&physics_7b, None, 3, 1)).await;
    add(entry(&physics_7b, Some(&s.room_12), 3, 2)).await;

    let change = |date: &str, body: Value| {
        let url = format!("/api/v1/lessons/{monday}/{date}/change");
        let deputy = s.deputy.clone();
        let app = &app;
        async move { call(app, "POST", &url, Some(&deputy), Some(body)).await }
    };
    let moved = |to: &str, n: u8| json!({"kind": "move", "to_date": to, "to_lesson": n, "reason": "Олимпиада"});
    // The target must be free for the teacher, the room and the class (R-T1, R-T2).
    for (to, n, code) in [
        ("2025-11-12", 3, "teacher_double_booked"),
        ("2025-11-12", 2, "room_double_booked"),
        ("2025-11-03", 1, "move_target_not_teaching_day"),
        ("2025-11-15", 1, "move_target_not_teaching_day"),
        ("2025-11-12", 7, "no_such_lesson_number"),
        ("2025-11-10", 2, "move_to_same_slot"),
    ] {
        let (status, problem) = change("2025-11-10", moved(to, n)).await;
        assert_eq!(problem["code"], code, "{to} #{n}: {problem}");
        assert!(status.is_client_error(), "{status}");
    }
    let unchanged = call_ok(
        &app,
        "GET",
        &format!("/api/v1/lessons/{monday}/2025-11-10"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert!(
        unchanged.get("change").is_none(),
        "refused moves write nothing: {unchanged}"
    );

    let (status, lesson) = change("2025-11-10", moved("2025-11-12", 1)).await;
    assert_eq!(status, StatusCode::CREATED, "{lesson}");
    assert_eq!(
        (
            lesson["date"].as_str(),
            lesson["lesson_number"].as_u64(),
            lesson["scheduled_date"].as_str(),
            lesson["starts_at"].as_str()
        ),
        (
            Some("2025-11-12"),
            Some(1),
            Some("2025-11-10"),
            Some("08:30")
        )
    );

    // The class's week shows it at both slots: moved away on Monday, held on Wednesday.
    let week = |who: String, from: &str, to: &str| {
        let url = format!("/api/v1/lessons?{who}&from={from}&to={to}");
        let deputy = s.deputy.clone();
        let (app, monday) = (&app, monday.clone());
        async move {
            let (status, list) = call(app, "GET", &url, Some(&deputy), None).await;
            assert_eq!(status, StatusCode::OK, "{list}");
            list.as_array()
                .unwrap()
                .iter()
                .filter(|l| l["entry_id"] == monday.as_str())
                .map(|l| {
                    (
                        l["date"].as_str().unwrap().to_owned(),
                        l["lesson_number"].as_u64().unwrap(),
                        l["scheduled_date"].as_str().unwrap().to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let both = vec![
        ("2025-11-10".to_owned(), 2, "2025-11-10".to_owned()),
        ("2025-11-12".to_owned(), 1, "2025-11-10".to_owned()),
    ];
    assert_eq!(
        week(
            format!("class_id={}", s.class_7a),
            "2025-11-10",
            "2025-11-14"
        )
        .await,
        both
    );
    assert_eq!(
        week(
            format!("teacher_id={}", s.ivanova),
            "2025-11-10",
            "2025-11-14"
        )
        .await,
        both
    );
    // A day that holds only the moved-in lesson lists it, a day that holds only its slot too.
    assert_eq!(
        week(
            format!("class_id={}", s.class_7a),
            "2025-11-12",
            "2025-11-12"
        )
        .await,
        both[1..].to_vec()
    );
    assert_eq!(
        week(
            format!("class_id={}", s.class_7a),
            "2025-11-10",
            "2025-11-10"
        )
        .await,
        both[..1].to_vec()
    );
    // Its page shows where it takes place.
    let page = call_ok(
        &app,
        "GET",
        &format!("/api/v1/lessons/{monday}/2025-11-10"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(
        (page["date"].as_str(), page["lesson_number"].as_u64()),
        (Some("2025-11-12"), Some(1))
    );

    // Ivanova is busy with the moved lesson on Wednesday 1st: the substitute picker says so
    // (issue 12), and she cannot cover 7Б's physics then.
    let busy_path = format!("/api/v1/lessons/{physics_wed_1}/2025-11-12/busy");
    let busy = call_ok(&app, "GET", &busy_path, Some(&s.deputy), None).await;
    let busy = busy.as_array().unwrap();
    assert!(
        busy.iter()
            .any(|b| b["teacher_id"] == s.ivanova && b["class_name"] == "7А"),
        "{busy:?}"
    );
    assert!(
        busy.iter().all(|b| b["class_name"] != "7Б"),
        "the lesson itself is not in the way: {busy:?}"
    );
    let teacher = sign_in(&app, "ivanova").await;
    let (status, _) = call(&app, "GET", &busy_path, Some(&teacher), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only who registers changes");
    let (status, problem) = call(
        &app,
        "POST",
        &format!("/api/v1/lessons/{physics_wed_1}/2025-11-12/change"),
        Some(&s.deputy),
        Some(json!({"kind": "substitution", "substitute_id": s.ivanova})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("teacher_double_booked")),
        "{problem}"
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("7А"),
        "{problem}"
    );
    assert_eq!(
        (
            problem["clash"]["class_name"].as_str(),
            problem["clash"]["date"].as_str(),
        ),
        (Some("7А"), Some("2025-11-12")),
        "{problem}"
    );
    // Withdrawing the move frees the slot again.
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/lessons/{monday}/2025-11-10/change"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, problem) = call(
        &app,
        "POST",
        &format!("/api/v1/lessons/{physics_wed_1}/2025-11-12/change"),
        Some(&s.deputy),
        Some(json!({"kind": "substitution", "substitute_id": s.ivanova})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{problem}");
}
