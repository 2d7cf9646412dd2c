//! Marks and attendance on the page: saving a lesson, concurrent saves, the order of changes,
//! refused cells and pages, make-up marks and the school's own day (R-J1–R-J4, R-J7, R-P4).

use super::*;

#[actix_web::test]
async fn a_teacher_fills_a_lesson_and_the_page_keeps_it_with_averages() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    assert_eq!(etag, "\"0\"");
    assert_eq!(
        page["students"].as_array().unwrap().len(),
        25,
        "the other class's student is not on the page"
    );
    assert_eq!(
        page["students"][6]["name"], "Ёлкин Саша",
        "Russian order: Ё after Е"
    );
    // Mondays and Wednesdays of 5 November – 26 December.
    let dates: Vec<&str> = page["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lesson_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates.len(), 15);
    assert_eq!((dates[0], dates[14]), ("2025-11-05", "2025-12-24"));
    assert_eq!(page["scale"], "five_point");

    // One lesson: topic, homework, work types, a control-work mark for 23 students, an oral mark
    // for the first, two absences (R-J1–R-J3).
    let mut changes = vec![
        json!({"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-10", "conducted": true,
        "topic": "Линейные уравнения", "homework": "№ 112, 114", "work_types": ["oral", "control"]}),
    ];
    for (i, id) in s.students.iter().enumerate().take(23) {
        changes.push(mark(
            &s.monday,
            "2025-11-10",
            id,
            "control",
            ["5", "4", "3"][i % 3],
        ));
    }
    changes.push(mark(&s.monday, "2025-11-10", &s.students[0], "oral", "4"));
    changes.push(absent(&s.monday, "2025-11-10", &s.students[23]));
    changes.push(absent(&s.monday, "2025-11-10", &s.students[24]));
    let (_, etag) = save(
        &app,
        &s.page,
        &s.ivanova,
        &etag,
        json!({"changes": changes}),
    )
    .await;
    assert_eq!(etag.as_deref(), Some("\"1\""));

    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    assert_eq!(etag, "\"1\"");
    let lesson = page["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lesson_date"] == "2025-11-10")
        .unwrap();
    assert_eq!(lesson["topic"], "Линейные уравнения");
    assert_eq!(
        lesson["homework_due"], "2025-11-12",
        "due by the next lesson of the subject"
    );
    assert_eq!(lesson["work_types"], json!(["oral", "control"]));
    // 5 for a control work (weight 2) and 4 oral (weight 1): 14 / 3 = 4.67 → 5, with two marks
    // fewer than the minimum of three (R-F6).
    let first = student(&page, &s.students[0]);
    let average = first["forecast"]["average"].as_f64().unwrap();
    assert!((average - 14.0 / 3.0).abs() < 1e-9, "{average}");
    assert_eq!(first["forecast"]["mark"], 5);
    assert_eq!(first["forecast"]["risks"], json!(["too_few_marks"]));
    assert_eq!(student(&page, &s.students[2])["marks"][0]["value"], "3");
    assert_eq!(
        student(&page, &s.students[23])["attendance"][0]["status"],
        "absent"
    );
    assert_eq!(student(&page, &s.students[24])["marks"], json!([]));
    // Every change is in the page's history, with its author (R-P4).
    let history = call_ok(
        &app,
        "GET",
        &format!("{}/history", s.page),
        Some(&s.ivanova),
        None,
    )
    .await;
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 1 + 24 + 2);
    assert!(history.iter().all(|h| h["actor_role"] == "teacher"));
    let cell = call_ok(
        &app,
        "GET",
        &format!("{}/history?student_id={}", s.page, s.students[0]),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(cell.as_array().unwrap().len(), 2, "{cell}");

    // Changing a mark keeps its history; removing one too.
    let changes = json!({"changes": [mark(&s.monday, "2025-11-10", &s.students[1], "control", "5"),
        {"kind": "mark", "entry_id": s.monday, "lesson_date": "2025-11-10", "student_id": s.students[2], "work_type": "control"}]});
    let (page, _) = save(&app, &s.page, &s.ivanova, &etag, changes).await;
    assert_eq!(student(&page, &s.students[1])["marks"][0]["value"], "5");
    assert_eq!(student(&page, &s.students[2])["marks"], json!([]));
    let cell = call_ok(
        &app,
        "GET",
        &format!("{}/history?student_id={}", s.page, s.students[1]),
        Some(&s.ivanova),
        None,
    )
    .await;
    assert_eq!(
        (
            cell[0]["before"]["value"].as_str(),
            cell[0]["after"]["value"].as_str()
        ),
        (Some("4"), Some("5"))
    );
}

#[actix_web::test]
async fn of_two_saves_with_the_same_etag_exactly_one_lands() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let batch = |value: &str| json!({"changes": s.students.iter().take(5).map(|id| mark(&s.wednesday, "2025-11-12", id, "oral", value)).collect::<Vec<_>>()});
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        None,
        Some(batch("5")),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::PRECONDITION_REQUIRED, Some("if_match_required"))
    );
    let (a, b) = futures_util::future::join(
        call_matching(
            &app,
            "POST",
            &s.page,
            Some(&s.ivanova),
            Some("\"0\""),
            Some(batch("5")),
        ),
        call_matching(
            &app,
            "POST",
            &s.page,
            Some(&s.deputy),
            Some("\"0\""),
            Some(batch("3")),
        ),
    )
    .await;
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::PRECONDITION_FAILED],
        "{} / {}",
        a.1,
        b.1
    );
    let winner = if a.0 == StatusCode::OK { "5" } else { "3" };
    let loser = if a.0 == StatusCode::OK { &b.1 } else { &a.1 };
    assert_eq!(loser["code"], "stale_page");
    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    assert_eq!(etag, "\"1\"");
    for id in s.students.iter().take(5) {
        assert_eq!(student(&page, id)["marks"][0]["value"], winner);
    }
    // The audit log holds exactly the winner's five changes.
    let history = call_ok(
        &app,
        "GET",
        &format!("{}/history", s.page),
        Some(&s.deputy),
        None,
    )
    .await;
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 5);
    assert!(history.iter().all(|h| h["after"]["value"] == winner));
    // A stale ETag stays stale.
    let (status, _, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"0\""),
        Some(batch("4")),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
}

/// A save applies its changes in order: a cell changed twice ends as its last change, and each
/// step is in the history with what it replaced (R-J2, R-P4).
#[actix_web::test]
async fn a_cell_changed_twice_in_one_save_keeps_the_last_change_and_both_steps() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let (who, other) = (&s.students[0], &s.students[1]);
    let mut cleared = absent(&s.monday, "2025-11-10", other);
    cleared["status"] = Value::Null;
    let changes = json!({"changes": [
        mark(&s.monday, "2025-11-10", who, "oral", "3"),
        absent(&s.monday, "2025-11-10", other),
        mark(&s.monday, "2025-11-10", who, "oral", "5"),
        cleared,
        mark(&s.monday, "2025-11-10", who, "oral", "5"),
    ]});
    let (saved, _) = save(&app, &s.page, &s.ivanova, "\"0\"", changes).await;
    let marks = &student(&saved, who)["marks"];
    assert_eq!(marks.as_array().unwrap().len(), 1, "{marks}");
    assert_eq!(marks[0]["value"], "5");
    assert_eq!(student(&saved, other)["attendance"], json!([]));
    let history = call_ok(
        &app,
        "GET",
        &format!("{}/history", s.page),
        Some(&s.ivanova),
        None,
    )
    .await;
    // Newest first; the repeated 5 changed nothing and left no entry.
    let steps: Vec<(&str, &Value, &Value)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["action"].as_str().unwrap(), &h["before"], &h["after"]))
        .collect();
    assert_eq!(steps.len(), 4, "{history}");
    assert_eq!(steps[0].0, "journal.attendance");
    assert_eq!(
        (steps[0].1["status"].as_str(), steps[0].2["status"].as_str()),
        (Some("absent"), None)
    );
    assert_eq!(steps[1].0, "journal.mark");
    assert_eq!(
        (steps[1].1["value"].as_str(), steps[1].2["value"].as_str()),
        (Some("3"), Some("5"))
    );
    assert_eq!(
        (steps[3].0, steps[3].1, &steps[3].2["value"]),
        ("journal.mark", &Value::Null, &json!("3"))
    );
}

#[actix_web::test]
async fn foreign_pages_and_bad_cells_are_refused_and_nothing_is_written() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    school_with(&db, "Другая школа", &[("director2", &[Role::Director])]);
    let app = app!(&db);
    let s = setup!(&app);
    let batch = |changes: Vec<Value>| json!({"changes": changes});
    let good = vec![mark(&s.monday, "2025-11-10", &s.students[0], "oral", "5")];
    // Another teacher, a student, another school (R-A3, R-A4, R-A11).
    for who in [&s.sidorov, &s.pupil] {
        assert_eq!(
            call(&app, "GET", &s.page, Some(who), None).await.0,
            StatusCode::FORBIDDEN
        );
        let (status, _, _) = call_matching(
            &app,
            "POST",
            &s.page,
            Some(who),
            Some("\"0\""),
            Some(batch(good.clone())),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let other = token(&login(&app, "director2", PASSWORD).await.1, "access_token");
    let (status, problem) = call(&app, "GET", &s.page, Some(&other), None).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("no_such_page"))
    );

    // Bad cells: each named, nothing written (R-J2).
    let stranger = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students?class_id={}", s.class_7b),
        Some(&s.deputy),
        None,
    )
    .await;
    let stranger = stranger["items"][0]["id"].as_str().unwrap().to_owned();
    let bad = vec![
        good[0].clone(),
        mark(&s.monday, "2025-11-10", &s.students[1], "oral", "6"),
        mark(&s.monday, "2025-11-10", &stranger, "oral", "5"),
        mark(&s.monday, "2025-11-11", &s.students[1], "oral", "5"),
        mark(
            &s.monday,
            "2025-11-10",
            &s.students[1],
            "essay_of_the_week",
            "5",
        ),
    ];
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"0\""),
        Some(batch(bad)),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_changes")),
        "{problem}"
    );
    let errors: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            ("changes[1]", "mark_outside_scale"),
            ("changes[2]", "student_not_on_page"),
            ("changes[3]", "lesson_not_on_page"),
            ("changes[4]", "unknown_work_type"),
        ]
    );
    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    assert_eq!(etag, "\"0\"", "the refused batch did not count");
    assert_eq!(
        student(&page, &s.students[0])["marks"],
        json!([]),
        "not even its good change"
    );

    // The class teacher reads every subject of the class but writes no marks; he sets the reason
    // of an absence the teacher recorded (R-A5, R-J3).
    save(
        &app,
        &s.page,
        &s.ivanova,
        "\"0\"",
        batch(vec![absent(&s.monday, "2025-11-10", &s.students[3])]),
    )
    .await;
    assert_eq!(
        call(&app, "GET", &s.page, Some(&s.petrov), None).await.0,
        StatusCode::OK
    );
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.petrov),
        Some("\"1\""),
        Some(batch(good.clone())),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("forbidden"))
    );
    let mut reason = absent(&s.monday, "2025-11-10", &s.students[3]);
    reason["reason"] = json!("illness");
    let (page, _) = save(&app, &s.page, &s.petrov, "\"1\"", batch(vec![reason])).await;
    assert_eq!(
        student(&page, &s.students[3])["attendance"][0]["reason"],
        "illness"
    );
}

#[actix_web::test]
async fn a_make_up_mark_counts_for_the_missed_lesson_and_the_absence_stays() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let who = &s.students[4];
    save(
        &app,
        &s.page,
        &s.ivanova,
        "\"0\"",
        json!({"changes": [absent(&s.monday, "2025-11-10", who)]}),
    )
    .await;
    // R-J4: a week later the student answers the missed topic; the mark belongs to that lesson.
    let mut make_up = mark(&s.monday, "2025-11-10", who, "oral", "4");
    make_up["given_on"] = json!("2025-11-17");
    let mut too_early = mark(&s.monday, "2025-11-10", &s.students[5], "oral", "4");
    too_early["given_on"] = json!("2025-11-03");
    let (status, problem, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"1\""),
        Some(json!({"changes": [too_early]})),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("given_on_outside_lesson")
        )
    );
    let (page, _) = save(
        &app,
        &s.page,
        &s.ivanova,
        "\"1\"",
        json!({"changes": [make_up]}),
    )
    .await;
    let row = student(&page, who);
    assert_eq!(
        (
            row["marks"][0]["lesson_date"].as_str(),
            row["marks"][0]["given_on"].as_str()
        ),
        (Some("2025-11-10"), Some("2025-11-17"))
    );
    assert_eq!(
        row["attendance"][0]["status"], "absent",
        "the absence stays"
    );
}

/// "Today" is the school's own date (ARCHITECTURE, Time): a teacher in Vladivostok (UTC+10)
/// marking at 08:30 on Monday marks that Monday's lesson while UTC still says Sunday, and a
/// Moscow make-up mark at 00:30 on Tuesday is dated Tuesday while UTC says Monday. The day after
/// the school's today is refused in both.
#[actix_web::test]
async fn a_mark_goes_by_the_schools_own_day_in_vladivostok_and_in_moscow() {
    use chrono::TimeZone;
    let utc = |d: u32, h: u32, m: u32| chrono::Utc.with_ymd_and_hms(2025, 11, d, h, m, 0).unwrap();
    for (zone, at, offset, today, tomorrow) in [
        (
            "Asia/Vladivostok",
            utc(16, 22, 30),
            600,
            "2025-11-17",
            "2025-11-18",
        ),
        (
            "Europe/Moscow",
            utc(17, 21, 30),
            180,
            "2025-11-18",
            "2025-11-19",
        ),
    ] {
        let db = TestDb::new();
        let school = school_with(&db, "Школа", PEOPLE);
        set_timezone(&db, school, zone);
        let app = app!(&db, journal_api::clock::Clock::fixed(at));
        let s = setup!(&app);
        let (status, me) = call(&app, "GET", "/api/v1/me", Some(&s.ivanova), None).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(
            (me["timezone"].as_str(), me["utc_offset_minutes"].as_i64()),
            (Some(zone), Some(offset))
        );
        // Monday's lesson (17 November), marked on the school's today.
        let who = &s.students[0];
        let mut on_today = mark(&s.monday, "2025-11-17", who, "oral", "5");
        on_today["given_on"] = json!(today);
        let mut on_tomorrow = mark(&s.monday, "2025-11-17", &s.students[1], "oral", "4");
        on_tomorrow["given_on"] = json!(tomorrow);
        let (status, problem, _) = call_matching(
            &app,
            "POST",
            &s.page,
            Some(&s.ivanova),
            Some("\"0\""),
            Some(json!({"changes": [on_tomorrow]})),
        )
        .await;
        assert_eq!(
            (status, problem["errors"][0]["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("given_on_outside_lesson")
            ),
            "{zone}: the school's tomorrow is refused"
        );
        let (status, page, _) = call_matching(
            &app,
            "POST",
            &s.page,
            Some(&s.ivanova),
            Some("\"0\""),
            Some(json!({"changes": [on_today]})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{zone}: {page}");
        let row = student(&page, who);
        assert_eq!(
            (
                row["marks"][0]["lesson_date"].as_str(),
                row["marks"][0]["given_on"].as_str()
            ),
            (Some("2025-11-17"), Some(today)),
            "{zone}"
        );
    }
}

/// Issue 12: a mark, an absence or a topic on a lesson later than the school's today is refused
/// (`lesson_in_future`), on the page and on the lesson screen; the same save on today's lesson
/// passes. Monday 17 November 2025, 10:00 in Moscow; Wednesday's lesson is two days ahead.
#[actix_web::test]
async fn a_lesson_later_than_the_schools_today_takes_no_mark_absence_or_topic() {
    use chrono::TimeZone;
    let db = TestDb::new();
    let school = school_with(&db, "Школа", PEOPLE);
    set_timezone(&db, school, "Europe/Moscow");
    let monday_10am = chrono::Utc.with_ymd_and_hms(2025, 11, 17, 7, 0, 0).unwrap();
    let app = app!(&db, journal_api::clock::Clock::fixed(monday_10am));
    let s = setup!(&app);
    let who = &s.students[0];
    let topic = |entry: &str, date: &str| json!({"kind": "lesson", "entry_id": entry, "lesson_date": date, "conducted": true, "topic": "Дроби"});
    for change in [
        mark(&s.wednesday, "2025-11-19", who, "oral", "5"),
        absent(&s.wednesday, "2025-11-19", who),
        topic(&s.wednesday, "2025-11-19"),
    ] {
        let (status, problem, _) = call_matching(
            &app,
            "POST",
            &s.page,
            Some(&s.ivanova),
            Some("\"0\""),
            Some(json!({ "changes": [change] })),
        )
        .await;
        assert_eq!(
            (status, problem["errors"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("lesson_in_future")),
            "{problem}"
        );
    }
    let (status, problem) = call(
        &app,
        "PUT",
        &format!("/api/v1/lessons/{}/2025-11-19", s.wednesday),
        Some(&s.ivanova),
        Some(json!({"conducted": true, "topic": "Дроби"})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("lesson_in_future")),
        "{problem}"
    );
    let (page, etag) = read(&app, &s.ivanova, &s.page).await;
    assert!(
        student(&page, who)["marks"].as_array().unwrap().is_empty(),
        "nothing was written"
    );
    // Today's lesson takes the same changes.
    let today = json!({"changes": [
        mark(&s.monday, "2025-11-17", who, "oral", "5"),
        absent(&s.monday, "2025-11-17", &s.students[1]),
        topic(&s.monday, "2025-11-17"),
    ]});
    let (page, _) = save(&app, &s.page, &s.ivanova, &etag, today).await;
    assert_eq!(student(&page, who)["marks"][0]["value"], "5");
    assert_eq!(
        student(&page, &s.students[1])["attendance"][0]["status"],
        "absent"
    );
}
