//! The reports of finals, attendance, control works, the class teacher, curriculum completion and
//! movement through the API (R-R3–R-R7, R-R9): each report's figures for a hand-made period worked
//! out in the tests' comments, and who reads it (tested with foreign ids).

use super::reports::{report, status_of};
use super::*;

/// Achievement of the second quarter in mathematics, 7А (R-R3). Finals: Алексеев 5, Белова 4,
/// Васильев 3, Григорьева Н/А, Дмитриев 2 (with a 2 on 10 November's «Линейные уравнения»),
/// Егорова 5 — but she is withdrawn on 1 December, before the quarter ends: out. Everyone else
/// has no final yet.
///
/// By hand: counted 5 (5, 4, 3, Н/А, 2); missing 24 − 5 = 19; успеваемость 3/5 = 60 %; качество
/// 2/5 = 40 %; СОУ (100 + 64 + 36 + 7 + 16)/5 = 223/5 = 44.6 %; average (5 + 4 + 3 + 2)/4 = 3.5.
/// Class: отличник Алексеев, хорошист Белова (a single 4), Васильев a single 3, failing
/// Григорьева (Н/А) and Дмитриев (2, «Линейные уравнения»): успеваемость 60 %, качество 40 %.
#[actix_web::test]
async fn achievement_counts_finals_by_the_documented_rules() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let st = &s.students;
    let mut changes = vec![
        json!({"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-10", "conducted": true, "topic": "Линейные уравнения"}),
        mark(&s.monday, "2025-11-10", &st[4], "oral", "2"),
    ];
    for (i, v) in [(0, "5"), (1, "4"), (2, "3"), (3, "na"), (4, "2"), (5, "5")] {
        changes.push(final_mark(&st[i], Some(v), None));
    }
    save(
        &app,
        &s.page,
        &s.ivanova,
        &etag,
        json!({"changes": changes}),
    )
    .await;
    let secretary = sign_in(&app, "secretary").await;
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/students/{}/withdraw", st[5]),
        Some(&secretary),
        Some(json!({"on_date": "2025-12-01", "reason": "переезд"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let q2 = s.page.rsplit('/').next().unwrap().to_owned();
    let r = report(
        &app,
        &s.deputy,
        &format!("/api/v1/reports/achievement?period_id={q2}"),
    )
    .await;
    let line = &r["pages"][0];
    let t = &line["tally"];
    assert_eq!(
        [
            "fives",
            "fours",
            "threes",
            "twos",
            "not_attested",
            "missing"
        ]
        .map(|k| t[k].as_u64().unwrap()),
        [1, 1, 1, 1, 1, 19],
        "{t}"
    );
    assert_eq!(
        line["figures"],
        json!({"success": 60.0, "quality": 40.0, "sou": 44.6, "average": 3.5})
    );
    let class = &r["classes"][0];
    assert_eq!(class["class_name"], "7А");
    assert_eq!(
        (class["success"].as_f64(), class["quality"].as_f64()),
        (Some(60.0), Some(40.0))
    );
    let name = |v: &Value| v["name"].as_str().unwrap().to_owned();
    assert_eq!(
        class["excellent"]
            .as_array()
            .unwrap()
            .iter()
            .map(name)
            .collect::<Vec<_>>(),
        ["Алексеев Саша"]
    );
    assert_eq!(
        class["good"]
            .as_array()
            .unwrap()
            .iter()
            .map(name)
            .collect::<Vec<_>>(),
        ["Белова Саша"]
    );
    assert_eq!(class["single_four"][0]["student"]["name"], "Белова Саша");
    assert_eq!(class["single_three"][0]["student"]["name"], "Васильев Саша");
    let failing: Vec<(String, Value)> = class["failing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (name(&f["student"]), f["subjects"][0].clone()))
        .collect();
    assert_eq!(
        failing,
        [
            (
                "Григорьева Саша".to_owned(),
                json!({"subject_name": "Математика", "value": "na", "topics": []})
            ),
            (
                "Дмитриев Саша".to_owned(),
                json!({"subject_name": "Математика", "value": "2", "topics": ["Линейные уравнения"]})
            ),
        ]
    );
    assert_eq!(r["total"], *t);

    // Who reads it: Petrov (7А's class teacher) his class; Sidorov not 7А; Ivanova not 7Б.
    let petrov = sign_in(&app, "petrov").await;
    let sidorov = sign_in(&app, "sidorov").await;
    let class_id = class["class_id"].as_str().unwrap();
    let by_class = format!("/api/v1/reports/achievement?period_id={q2}&class_id={class_id}");
    assert_eq!(
        report(&app, &petrov, &by_class).await["classes"][0]["class_name"],
        "7А"
    );
    assert_eq!(
        status_of(&app, &sidorov, &by_class).await,
        StatusCode::FORBIDDEN
    );
    let theirs = format!(
        "/api/v1/reports/achievement?period_id={q2}&class_id={}",
        s.class_7b
    );
    assert_eq!(
        status_of(&app, &s.ivanova, &theirs).await,
        StatusCode::FORBIDDEN
    );
    let own = report(
        &app,
        &s.ivanova,
        &format!("/api/v1/reports/achievement?period_id={q2}"),
    )
    .await;
    assert_eq!(
        (
            own["pages"].as_array().unwrap().len(),
            own["classes"].as_array().unwrap().len()
        ),
        (1, 0),
        "her page, no class's figures"
    );
    assert_eq!(
        status_of(&app, &s.deputy, "/api/v1/reports/achievement").await,
        StatusCode::BAD_REQUEST
    );
    let unknown = uuid::Uuid::new_v4();
    assert_eq!(
        status_of(
            &app,
            &s.deputy,
            &format!("/api/v1/reports/achievement?period_id={unknown}")
        )
        .await,
        StatusCode::NOT_FOUND
    );
}

/// Attendance of 7А for 10–16 November (R-R4): Белова misses Monday's only lesson (illness) and
/// Wednesday's (no reason yet), Васильев is late on Monday.
///
/// By hand: 2 lessons held; missed 2 (illness 1, no reason 1), late 1, whole days 2 (each day she
/// missed every lesson she had); all in 2025-11. Белова's missed lessons: Monday «Дроби», Wednesday.
#[actix_web::test]
async fn attendance_counts_lessons_reasons_and_whole_days() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    school_with(&db, "Другая школа", &[("deputy2", &[Role::Deputy])]);
    let app = app!(&db);
    let s = setup!(&app);
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let st = &s.students;
    let mut ill = absent(&s.monday, "2025-11-10", &st[1]);
    ill["reason"] = json!("illness");
    let changes = json!({"changes": [
        {"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-10", "conducted": true, "topic": "Дроби"},
        ill,
        absent(&s.wednesday, "2025-11-12", &st[1]),
        {"kind": "attendance", "entry_id": s.monday, "lesson_date": "2025-11-10", "student_id": st[2], "status": "late"},
    ]});
    save(&app, &s.page, &s.ivanova, &etag, changes).await;
    let base = "/api/v1/reports/attendance?from=2025-11-10&to=2025-11-16";
    let r = report(&app, &s.deputy, base).await;
    let class = &r["classes"][0];
    assert_eq!(
        (class["class_name"].as_str(), class["lessons_held"].as_u64()),
        (Some("7А"), Some(2))
    );
    let total = &class["total"];
    assert_eq!(
        [
            "lessons_missed",
            "illness",
            "excused",
            "unexcused",
            "without_reason",
            "late",
            "days_missed"
        ]
        .map(|k| total[k].as_u64().unwrap()),
        [2, 1, 0, 0, 1, 1, 2],
        "{total}"
    );
    assert_eq!(
        class["months"],
        json!([{"month": "2025-11", "absences": total}])
    );
    let belova = class["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["student"]["student_id"] == st[1])
        .unwrap();
    assert_eq!(
        (
            belova["absences"]["lessons_missed"].as_u64(),
            belova["absences"]["days_missed"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let theirs = report(&app, &s.deputy, &format!("{base}&student_id={}", st[1])).await;
    let missed: Vec<(String, Value)> = theirs["missed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["date"].as_str().unwrap().to_owned(), m["topic"].clone()))
        .collect();
    assert_eq!(
        missed,
        [
            ("2025-11-10".to_owned(), json!("Дроби")),
            ("2025-11-12".to_owned(), Value::Null)
        ]
    );
    // The class teacher of 7А reads it; 7Б's does not, nor another school's deputy.
    let petrov = sign_in(&app, "petrov").await;
    let sidorov = sign_in(&app, "sidorov").await;
    let other = sign_in(&app, "deputy2").await;
    let class_id = class["class_id"].as_str().unwrap();
    assert_eq!(
        report(&app, &petrov, base).await["classes"][0]["class_id"],
        class_id
    );
    assert_eq!(
        status_of(&app, &sidorov, &format!("{base}&class_id={class_id}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status_of(&app, &sidorov, &format!("{base}&student_id={}", st[1])).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        report(&app, &s.ivanova, base).await["classes"],
        json!([]),
        "a subject teacher leads no class"
    );
    assert_eq!(
        status_of(&app, &other, &format!("{base}&student_id={}", st[1])).await,
        StatusCode::NOT_FOUND
    );
}

/// A control work in mathematics written by 7А and 7Б on 17 November (R-R9). 7А (Ivanova): 5, 4,
/// 4, 3, 2 and twenty without a mark; 7Б (Sidorov's lesson 1 on Mondays): its one student a 5.
///
/// By hand: 7А — wrote 5, успеваемость 4/5 = 80 %, качество 3/5 = 60 %, СОУ (100 + 64 + 64 + 36 +
/// 16)/5 = 56 %; 7Б — 100 %, 100 %, 100 %; together — 6 wrote, 5/6 = 83.3 %, 4/6 = 66.7 %.
#[actix_web::test]
async fn control_work_results_are_compared_across_classes() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let page_7a = report(&app, &s.ivanova, &s.page).await;
    let math = page_7a["subject_id"].as_str().unwrap().to_owned();
    let class_7a = page_7a["class_id"].as_str().unwrap().to_owned();
    let sidorov_id = report(&app, &s.sidorov, "/api/v1/me").await["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"teacher_id": sidorov_id, "subject_id": math, "class_id": s.class_7b, "hours_per_week": 2});
    let (status, a) = call(
        &app,
        "POST",
        "/api/v1/assignments",
        Some(&s.deputy),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let body = json!({"assignment_id": a["id"], "weekday": 1, "lesson_number": 1, "valid_from": "2025-09-01", "valid_to": "2026-05-31"});
    let (status, entry_7b) = call(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{entry_7b}");
    for class in [&class_7a, &s.class_7b] {
        let body = json!({"class_id": class, "subject_id": math, "date": "2025-11-17", "title": "Контрольная работа № 2"});
        let (status, w) = call(
            &app,
            "POST",
            "/api/v1/control-works",
            Some(&s.deputy),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{w}");
    }
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let changes: Vec<Value> = ["5", "4", "4", "3", "2"]
        .iter()
        .enumerate()
        .map(|(i, v)| mark(&s.monday, "2025-11-17", &s.students[i], "control", v))
        .collect();
    save(
        &app,
        &s.page,
        &s.ivanova,
        &etag,
        json!({"changes": changes}),
    )
    .await;
    let q2 = s.page.rsplit('/').next().unwrap();
    let page_7b = format!("/api/v1/journal/{}/{q2}", a["id"].as_str().unwrap());
    let (p, etag) = read(&app, &s.sidorov, &page_7b).await;
    let pupil = p["students"][0]["id"].as_str().unwrap().to_owned();
    let entry = entry_7b["id"].as_str().unwrap();
    save(
        &app,
        &page_7b,
        &s.sidorov,
        &etag,
        json!({"changes": [mark(entry, "2025-11-17", &pupil, "control", "5")]}),
    )
    .await;

    let path = "/api/v1/reports/control-works?from=2025-11-01&to=2025-11-30";
    let r = report(&app, &s.deputy, path).await;
    let works = r["works"].as_array().unwrap();
    assert_eq!(works.len(), 1, "one work compared across 7А and 7Б: {r}");
    let w = &works[0];
    assert_eq!(
        (w["subject_name"].as_str(), w["grade"].as_u64()),
        (Some("Математика"), Some(7))
    );
    let figures: Vec<(String, u64, u64, Value)> = w["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["class_name"].as_str().unwrap().to_owned(),
                c["tally"]["missing"].as_u64().unwrap(),
                c["tally"]["fives"].as_u64().unwrap(),
                c["figures"].clone(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            (
                "7А".to_owned(),
                20,
                1,
                json!({"success": 80.0, "quality": 60.0, "sou": 56.0, "average": 3.6})
            ),
            (
                "7Б".to_owned(),
                0,
                1,
                json!({"success": 100.0, "quality": 100.0, "sou": 100.0, "average": 5.0})
            ),
        ]
    );
    assert_eq!(
        (
            w["total_figures"]["success"].as_f64(),
            w["total_figures"]["quality"].as_f64()
        ),
        (Some(83.3), Some(66.7))
    );
    // Ivanova reads her 7А work only; Sidorov (7Б's class teacher and teacher) his.
    let own = report(&app, &s.ivanova, path).await;
    assert_eq!(own["works"][0]["classes"].as_array().unwrap().len(), 1);
    assert_eq!(own["works"][0]["classes"][0]["class_name"], "7А");
    assert_eq!(
        status_of(&app, &s.ivanova, &format!("{path}&class_id={}", s.class_7b)).await,
        StatusCode::FORBIDDEN
    );
}

/// The class teacher's period report and preliminary report of 7А for the second quarter (R-R7):
/// finals Алексеев 5, Белова Н/А (absent on 10 November); marks Васильев 5, 5 and Григорьева 2.
/// The period report shows the finals with Алексеев's average 5.00 and Белова's absence; the
/// preliminary report forecasts Васильев 5 and Григорьева 2 (at risk).
#[actix_web::test]
async fn the_class_teacher_reads_the_period_and_preliminary_reports_of_the_class() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let st = &s.students;
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let changes = json!({"changes": [
        final_mark(&st[0], Some("5"), None),
        final_mark(&st[1], Some("na"), None),
        absent(&s.monday, "2025-11-10", &st[1]),
        mark(&s.monday, "2025-11-10", &st[2], "oral", "5"),
        mark(&s.wednesday, "2025-11-12", &st[2], "oral", "5"),
        mark(&s.monday, "2025-11-10", &st[3], "oral", "2"),
    ]});
    save(&app, &s.page, &s.ivanova, &etag, changes).await;
    let petrov = sign_in(&app, "petrov").await;
    let page = report(&app, &s.ivanova, &s.page).await;
    let class_id = page["class_id"].as_str().unwrap().to_owned();
    let q2 = s.page.rsplit('/').next().unwrap();
    let path = format!("/api/v1/reports/class/{class_id}?period_id={q2}");
    let r = report(&app, &petrov, &path).await;
    assert_eq!(r["subjects"][0]["subject_name"], "Математика");
    let row = |r: &Value, id: &str| {
        r["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["student"]["student_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            row(&r, &st[0])["values"].clone(),
            row(&r, &st[0])["average"].as_f64()
        ),
        (json!(["5"]), Some(5.0))
    );
    assert_eq!(row(&r, &st[1])["values"], json!(["na"]));
    assert_eq!(row(&r, &st[1])["absences"]["lessons_missed"], 1);
    assert_eq!(
        r["results"]["standings"]["students"], 2,
        "Алексеев and Белова have finals"
    );
    let pre = report(&app, &petrov, &format!("{path}&kind=preliminary")).await;
    assert_eq!(row(&pre, &st[2])["values"], json!(["5"]));
    assert_eq!(
        (
            row(&pre, &st[3])["values"].clone(),
            row(&pre, &st[3])["at_risk"].clone()
        ),
        (json!(["2"]), json!([true]))
    );
    assert!(pre.get("results").is_none());
    // Only the leadership and 7А's class teacher read it.
    let sidorov = sign_in(&app, "sidorov").await;
    assert_eq!(
        status_of(&app, &sidorov, &path).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status_of(&app, &s.ivanova, &path).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(report(&app, &s.deputy, &path).await["class_name"], "7А");
    let (status, ct, bytes) = request(
        &app,
        "GET",
        &format!("{path}&format=xlsx"),
        Some(&petrov),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ct}");
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Отчёт за период").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..3], ["Ученик", "Математика", "Средний балл"]);
}

/// Curriculum completion of Ivanova's mathematics in 7А for 10–23 November (R-R5): four lessons
/// planned (Mondays and Wednesdays); Wednesday the 12th cancelled, Monday the 17th given by Petrov.
///
/// By hand: planned 4, held 3, cancelled 1, by a substitute 1 → 75 %. Ivanova gave 2 and gave
/// 1 away; Petrov gave 1 for others.
#[actix_web::test]
async fn curriculum_completion_counts_substitutions_to_who_gave_the_lesson() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let petrov_id = report(&app, &s.petrov, "/api/v1/me").await["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (entry, day, body) in [
        (&s.wednesday, "2025-11-12", json!({"kind": "cancellation"})),
        (
            &s.monday,
            "2025-11-17",
            json!({"kind": "substitution", "substitute_id": petrov_id}),
        ),
    ] {
        let path = format!("/api/v1/lessons/{entry}/{day}/change");
        let (status, body) = call(&app, "POST", &path, Some(&s.deputy), Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let r = report(
        &app,
        &s.deputy,
        "/api/v1/reports/curriculum?from=2025-11-10&to=2025-11-23",
    )
    .await;
    let line = &r["pages"][0];
    assert_eq!(
        (
            line["completion"].clone(),
            line["share"].as_f64(),
            line["hours_per_week"].as_u64()
        ),
        (
            json!({"planned": 4, "held": 3, "cancelled": 1, "by_substitute": 1}),
            Some(75.0),
            Some(2)
        )
    );
    let teachers: Vec<(String, u64, u64, u64)> = r["teachers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["teacher"]["teacher_id"].as_str().unwrap().to_owned(),
                t["own"].as_u64().unwrap(),
                t["for_others"].as_u64().unwrap(),
                t["given_away"].as_u64().unwrap(),
            )
        })
        .collect();
    let ivanova_id = line["page"]["teacher_id"].as_str().unwrap().to_owned();
    assert!(teachers.contains(&(ivanova_id, 2, 0, 1)), "{teachers:?}");
    assert!(teachers.contains(&(petrov_id, 0, 1, 0)), "{teachers:?}");
}

/// Movement of November 2025 (R-R6): Алексеев transferred from 7А to 7Б on the 10th, Белова
/// withdrawn on the 20th. By hand: 7А 25 → 23 (out 1, withdrawn 1), 7Б 1 → 2 (in 1); basic level
/// (grades 5–9): 2 classes, 25 students.
#[actix_web::test]
async fn movement_balances_class_sizes_with_admissions_transfers_and_withdrawals() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let secretary = sign_in(&app, "secretary").await;
    let st = &s.students;
    for (path, body) in [
        (
            format!("/api/v1/students/{}/transfer", st[0]),
            json!({"to_class_id": s.class_7b, "on_date": "2025-11-10", "order_ref": "№ 41"}),
        ),
        (
            format!("/api/v1/students/{}/withdraw", st[1]),
            json!({"on_date": "2025-11-20", "reason": "переезд"}),
        ),
    ] {
        let (status, body) = call(&app, "POST", &path, Some(&secretary), Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let r = report(
        &app,
        &s.deputy,
        "/api/v1/reports/movement?from=2025-11-01&to=2025-11-30",
    )
    .await;
    let classes: Vec<(String, Value)> = r["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["class_name"].as_str().unwrap().to_owned(),
                c["movement"].clone(),
            )
        })
        .collect();
    assert_eq!(
        classes,
        [
            (
                "7А".to_owned(),
                json!({"at_start": 25, "admitted": 0, "transferred_in": 0, "transferred_out": 1, "withdrawn": 1, "at_end": 23})
            ),
            (
                "7Б".to_owned(),
                json!({"at_start": 1, "admitted": 0, "transferred_in": 1, "transferred_out": 0, "withdrawn": 0, "at_end": 2})
            ),
        ]
    );
    assert_eq!(
        r["levels"],
        json!([{"level": 2, "classes": 2, "students": 25}])
    );
    let kinds: Vec<&str> = r["movements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["transfer", "withdrawal"]);
    assert_eq!(r["movements"][0]["order_ref"], "№ 41");
    // Ivanova leads no class: nothing; Petrov (7А) his class only.
    assert_eq!(
        report(
            &app,
            &s.ivanova,
            "/api/v1/reports/movement?from=2025-11-01&to=2025-11-30"
        )
        .await["classes"],
        json!([])
    );
    let petrov = sign_in(&app, "petrov").await;
    let led = report(
        &app,
        &petrov,
        "/api/v1/reports/movement?from=2025-11-01&to=2025-11-30",
    )
    .await;
    assert_eq!(led["classes"].as_array().unwrap().len(), 1);
    assert_eq!(led["classes"][0]["class_name"], "7А");
}
