//! School structure and the timetable through the API (R-B2–R-B4, R-T1, R-T2, R-R8). Each test runs
//! on the backend named by JOURNAL_TEST_BACKEND; `make test` runs the suite on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::http::StatusCode;
use common::*;
use journal_db::testing::TestDb;
use journal_domain::Role;
use serde_json::{json, Value};

/// Ids of what the tests set up.
struct School {
    deputy: String,
    ivanova: String,
    petrov: String,
    sidorov: String,
    class_7a: String,
    class_7b: String,
    math_7a: String,
    room_12: String,
}

const PEOPLE: &[(&str, &[Role])] = &[
    ("deputy", &[Role::Deputy]),
    ("admin", &[Role::Admin]),
    ("ivanova", &[Role::Teacher]),
    ("petrov", &[Role::Teacher]),
    ("sidorov", &[Role::Teacher]),
];

macro_rules! setup {
    ($app:expr) => {{
        let app = $app;
        let deputy = token(&login(app, "deputy", PASSWORD).await.1, "access_token");
        let id_of = |v: &Value| v["id"].as_str().unwrap().to_owned();
        let me = |t: &str| {
            let t = t.to_owned();
            async move { token(&login(app, &t, PASSWORD).await.1, "access_token") }
        };
        let (s, year) = call(app, "POST", "/api/v1/years", Some(&deputy), Some(year_2025())).await;
        assert_eq!(s, StatusCode::CREATED, "{year}");
        let year_id = year["year"]["id"].as_str().unwrap().to_owned();
        let user_id = |t: String| async move { call(app, "GET", "/api/v1/me", Some(&t), None).await.1["user_id"].as_str().unwrap().to_owned() };
        let ivanova = user_id(me("ivanova").await).await;
        let petrov = user_id(me("petrov").await).await;
        let sidorov = user_id(me("sidorov").await).await;
        let (s, bells) = call(app, "POST", "/api/v1/bell-schedules", Some(&deputy), Some(json!({"name": "Основное", "bells": [
            {"lesson_number": 1, "starts_at": "08:30", "ends_at": "09:10"},
            {"lesson_number": 2, "starts_at": "09:20", "ends_at": "10:00"},
            {"lesson_number": 3, "starts_at": "10:20", "ends_at": "11:00"}]}))).await;
        assert_eq!(s, StatusCode::CREATED, "{bells}");
        let mk_class = |letter: &str, teacher: &str| {
            let body = json!({"year_id": year_id, "grade": 7, "letter": letter, "class_teacher_id": teacher, "week_days": 5, "bell_schedule_id": bells["id"]});
            let deputy = deputy.clone();
            async move {
                let (s, c) = call(app, "POST", "/api/v1/classes", Some(&deputy), Some(body)).await;
                assert_eq!(s, StatusCode::CREATED, "{c}");
                id_of(&c)
            }
        };
        let class_7a = mk_class("А", &petrov).await;
        let class_7b = mk_class("Б", &sidorov).await;
        let math = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(json!({"name": "Математика", "short_name": "Мат."}))).await;
        let physics = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(json!({"name": "Физика", "short_name": "Физ."}))).await;
        let room = call_ok(app, "POST", "/api/v1/rooms", Some(&deputy), Some(json!({"name": "Каб. 12"}))).await;
        let assign = |teacher: &str, subject: &Value, class: &str| {
            let body = json!({"teacher_id": teacher, "subject_id": subject["id"], "class_id": class, "hours_per_week": 4});
            let deputy = deputy.clone();
            async move {
                let (s, a) = call(app, "POST", "/api/v1/assignments", Some(&deputy), Some(body)).await;
                assert_eq!(s, StatusCode::CREATED, "{a}");
                id_of(&a)
            }
        };
        let math_7a = assign(&ivanova, &math, &class_7a).await;
        let _physics_7b = assign(&petrov, &physics, &class_7b).await;
        School { deputy, ivanova, petrov, sidorov, class_7a, class_7b, math_7a, room_12: id_of(&room) }
    }};
}

fn entry(assignment: &str, room: Option<&str>, weekday: u8, n: u8) -> Value {
    json!({"assignment_id": assignment, "room_id": room, "weekday": weekday, "lesson_number": n, "valid_from": "2025-09-01", "valid_to": "2026-05-31"})
}

#[actix_web::test]
async fn a_week_of_dated_lessons_skips_the_holidays() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    for n in [2, 3] {
        let (status, e) = call(
            &app,
            "POST",
            "/api/v1/timetable",
            Some(&s.deputy),
            Some(entry(&s.math_7a, Some(&s.room_12), 1, n)),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
        assert_eq!(e["subject_name"], "Математика");
    }
    let url = format!(
        "/api/v1/lessons?class_id={}&from=2025-10-20&to=2025-11-16",
        s.class_7a
    );
    let (status, lessons) = call(&app, "GET", &url, Some(&s.deputy), None).await;
    assert_eq!(status, StatusCode::OK, "{lessons}");
    let got: Vec<(String, u64)> = lessons
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["date"].as_str().unwrap().to_owned(),
                l["lesson_number"].as_u64().unwrap(),
            )
        })
        .collect();
    // 27 October and 3 November fall in the autumn holidays.
    assert_eq!(
        got,
        [
            ("2025-10-20".to_owned(), 2),
            ("2025-10-20".to_owned(), 3),
            ("2025-11-10".to_owned(), 2),
            ("2025-11-10".to_owned(), 3)
        ]
    );
    assert_eq!(
        lessons[0]["starts_at"], "09:20",
        "times come from the class's bell schedule"
    );
    assert_eq!(lessons[0]["room_name"], "Каб. 12");
    // The teacher's own week.
    let ivanova = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    let url = format!(
        "/api/v1/lessons?teacher_id={}&from=2025-11-10&to=2025-11-16",
        s.ivanova
    );
    assert_eq!(
        call(&app, "GET", &url, Some(&ivanova), None)
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The weekly grid of the class.
    let url = format!("/api/v1/timetable?class_id={}&date=2025-11-10", s.class_7a);
    assert_eq!(
        call(&app, "GET", &url, Some(&ivanova), None)
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[actix_web::test]
async fn double_bookings_are_refused_naming_the_clash() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/timetable",
            Some(&s.deputy),
            Some(entry(&s.math_7a, Some(&s.room_12), 1, 2))
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let assignments = call(
        &app,
        "GET",
        &format!("/api/v1/assignments?class_id={}", s.class_7b),
        Some(&s.deputy),
        None,
    )
    .await
    .1;
    let physics_7b = assignments[0]["id"].as_str().unwrap().to_owned();

    // Another class, another teacher, the same room at the same time.
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&physics_7b, Some(&s.room_12), 1, 2)),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("room_double_booked"))
    );
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains("Каб. 12") && detail.contains("7А") && detail.contains("Математика"),
        "{detail}"
    );

    // The same teacher in another class at the same time.
    let math_id = id_named(&app, &s.deputy, "/api/v1/subjects", "Математика").await;
    let a = call_ok(&app, "POST", "/api/v1/assignments", Some(&s.deputy), Some(json!({"teacher_id": s.ivanova, "subject_id": math_id, "class_id": s.class_7b, "hours_per_week": 4}))).await;
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(a["id"].as_str().unwrap(), None, 1, 2)),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("teacher_double_booked"))
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("Тестова Анна"),
        "names the teacher: {problem}"
    );

    // The class already has a lesson then.
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    // The next slot is free; Saturday is not a lesson day of a five-day class.
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/timetable",
            Some(&s.deputy),
            Some(entry(&physics_7b, Some(&s.room_12), 1, 3))
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&physics_7b, None, 6, 1)),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("weekday_not_in_week_mode")
        )
    );
    let url = format!("/api/v1/timetable?teacher_id={}&date=2025-11-10", s.petrov);
    assert_eq!(
        call(&app, "GET", &url, Some(&s.deputy), None)
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1,
        "refused entries were not written"
    );
}

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

    // Ivanova is busy with the moved lesson on Wednesday 1st: she cannot cover 7Б's physics then.
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

#[actix_web::test]
async fn a_mid_year_change_keeps_the_lessons_already_held() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let e = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    let id = e["id"].as_str().unwrap();
    let (status, ended) = call(
        &app,
        "POST",
        &format!("/api/v1/timetable/{id}/end"),
        Some(&s.deputy),
        Some(json!({"last_day": "2025-11-10"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    let url = format!(
        "/api/v1/lessons?class_id={}&from=2025-11-01&to=2025-11-30",
        s.class_7a
    );
    let dates: Vec<String> = call(&app, "GET", &url, Some(&s.deputy), None)
        .await
        .1
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["date"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(dates, ["2025-11-10"]);
    // The freed slot takes a new entry from the next week.
    let mut next = entry(&s.math_7a, None, 1, 2);
    next["valid_from"] = json!("2025-11-11");
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/timetable",
            Some(&s.deputy),
            Some(next)
        )
        .await
        .0,
        StatusCode::CREATED
    );
}

#[actix_web::test]
async fn calendar_problems_are_listed_and_nothing_is_written() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let deputy = token(&login(&app, "deputy", PASSWORD).await.1, "access_token");
    let mut bad = year_2025();
    bad["calendar"]["periods"][1]["starts_on"] = json!("2025-10-20"); // overlaps the first quarter
    bad["calendar"]["holidays"][1]["ends_on"] = json!("2026-01-12"); // swallows the start of the third
    let (status, problem) = call(&app, "POST", "/api/v1/years", Some(&deputy), Some(bad)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("calendar_invalid"))
    );
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"periods_overlap") && codes.contains(&"holiday_on_period_edge"),
        "{codes:?}"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/years", Some(&deputy), None)
            .await
            .1,
        json!([])
    );
    // Teachers read the structure but do not set it up; the admin does not form the timetable.
    let teacher = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/years",
            Some(&teacher),
            Some(year_2025())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/years", Some(&teacher), None)
            .await
            .0,
        StatusCode::OK
    );
    let admin = token(&login(&app, "admin", PASSWORD).await.1, "access_token");
    let body = json!({"assignment_id": uuid::Uuid::new_v4(), "weekday": 1, "lesson_number": 1});
    assert_eq!(
        call(&app, "POST", "/api/v1/timetable", Some(&admin), Some(body))
            .await
            .1["code"],
        "forbidden"
    );
    let (status, created) = call(
        &app,
        "POST",
        "/api/v1/years",
        Some(&deputy),
        Some(year_2025()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["periods"].as_array().unwrap().len(), 6);
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/years",
            Some(&deputy),
            Some(year_2025())
        )
        .await
        .1["code"],
        "year_exists"
    );
}

#[actix_web::test]
async fn another_schools_structure_is_not_found() {
    let db = TestDb::new();
    school_with(&db, "Школа А", PEOPLE);
    school_with(
        &db,
        "Школа Б",
        &[
            ("deputy.b", &[Role::Deputy]),
            ("teacher.b", &[Role::Teacher]),
        ],
    );
    let app = app!(&db);
    let s = setup!(&app);
    let e = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    let lesson = format!("/api/v1/lessons/{}/2025-11-10", e["id"].as_str().unwrap());
    let deputy_b = token(&login(&app, "deputy.b", PASSWORD).await.1, "access_token");
    assert_eq!(
        call(&app, "GET", &lesson, Some(&deputy_b), None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &lesson,
            Some(&deputy_b),
            Some(json!({"conducted": true}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("{lesson}/change"),
            Some(&deputy_b),
            Some(json!({"kind": "cancellation"}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let body = json!({"assignment_id": s.math_7a, "weekday": 2, "lesson_number": 1});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/timetable",
            Some(&deputy_b),
            Some(body)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            "GET",
            &format!("/api/v1/classes?year_id={}", uuid::Uuid::new_v4()),
            Some(&deputy_b),
            None
        )
        .await
        .1,
        json!([])
    );
    // A teacher of school A cannot be made substitute by school B, nor B's teacher in A.
    let teacher_b = call(
        &app,
        "GET",
        "/api/v1/me",
        Some(&token(
            &login(&app, "teacher.b", PASSWORD).await.1,
            "access_token",
        )),
        None,
    )
    .await
    .1["user_id"]
        .clone();
    let sub = json!({"kind": "substitution", "substitute_id": teacher_b});
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("{lesson}/change"),
            Some(&s.deputy),
            Some(sub)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

/// The next year's calendar, in the shape of [`year_2025`].
fn year_2026() -> Value {
    let text = year_2025()
        .to_string()
        .replace("2026", "2027")
        .replace("2025", "2026");
    serde_json::from_str(&text).unwrap()
}

#[actix_web::test]
async fn rollover_promotes_classes_and_leaves_the_old_year_read_only() {
    let db = TestDb::new();
    let mut people = PEOPLE.to_vec();
    people.push(("director", &[Role::Director]));
    let school = school_with(&db, "Школа", &people);
    let app = app!(&db);
    let s = setup!(&app);
    let old_year = call(&app, "GET", "/api/v1/years", Some(&s.deputy), None)
        .await
        .1[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"year_id": old_year, "grade": 11, "letter": "А", "week_days": 6});
    let (status, eleventh) =
        call(&app, "POST", "/api/v1/classes", Some(&s.deputy), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{eleventh}");
    let e = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    let lesson = format!("/api/v1/lessons/{}/2025-11-10", e["id"].as_str().unwrap());
    {
        let mut conn = db.conn();
        let student = |class: &str, last: &str| journal_db::roster::Student {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: school.to_string(),
            class_id: Some(class.to_owned()),
            user_id: None,
            last_name: last.into(),
            first_name: "Ученик".into(),
            middle_name: None,
            birth_date: chrono::NaiveDate::from_ymd_opt(2012, 3, 1).unwrap(),
            created_at: journal_db::now(),
        };
        let rows = [
            student(&s.class_7a, "Алексеев"),
            student(&s.class_7a, "Борисов"),
            student(eleventh["id"].as_str().unwrap(), "Выпускников"),
        ];
        journal_db::roster::insert_students(&mut conn, &rows).unwrap();
    }
    let director = token(&login(&app, "director", PASSWORD).await.1, "access_token");
    let url = format!("/api/v1/years/{old_year}/rollover");
    assert_eq!(
        call(&app, "POST", &url, Some(&s.deputy), Some(year_2026()))
            .await
            .0,
        StatusCode::FORBIDDEN,
        "by the director's order"
    );
    let (status, result) = call(&app, "POST", &url, Some(&director), Some(year_2026())).await;
    assert_eq!(status, StatusCode::CREATED, "{result}");
    let promoted: Vec<(&str, &str)> = result["promoted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["from"].as_str().unwrap(), p["to"].as_str().unwrap()))
        .collect();
    assert_eq!(promoted, [("7А", "8А"), ("7Б", "8Б")]);
    assert_eq!(result["graduated"], json!(["11А"]));
    assert_eq!(result["students_carried"], 2);
    let new_year = result["year"]["year"]["id"].as_str().unwrap();
    let classes = call(
        &app,
        "GET",
        &format!("/api/v1/classes?year_id={new_year}"),
        Some(&s.deputy),
        None,
    )
    .await
    .1;
    let names: Vec<&str> = classes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["8А", "8Б"]);
    assert_eq!(
        classes[0]["class_teacher_id"],
        json!(s.petrov),
        "the class teacher moves up with the class"
    );

    // The old year stays readable and is no longer writable.
    let (status, old) = call(
        &app,
        "GET",
        &format!("/api/v1/years/{old_year}"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(
        (status, old["year"]["status"].as_str()),
        (StatusCode::OK, Some("archived"))
    );
    let calendar = year_2025()["calendar"].clone();
    assert_eq!(
        call(
            &app,
            "PUT",
            &format!("/api/v1/years/{old_year}/calendar"),
            Some(&s.deputy),
            Some(calendar)
        )
        .await
        .1["code"],
        "year_archived"
    );
    let body = json!({"year_id": old_year, "grade": 5, "letter": "В", "week_days": 5});
    assert_eq!(
        call(&app, "POST", "/api/v1/classes", Some(&s.deputy), Some(body))
            .await
            .1["code"],
        "year_archived"
    );
    let ivanova = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    assert_eq!(
        call(&app, "GET", &lesson, Some(&ivanova), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &lesson,
            Some(&ivanova),
            Some(json!({"conducted": true}))
        )
        .await
        .1["code"],
        "year_archived"
    );
    assert_eq!(
        call(&app, "POST", &url, Some(&director), Some(year_2026()))
            .await
            .1["code"],
        "year_archived",
        "a year rolls over once"
    );
    let petrov = token(&login(&app, "petrov", PASSWORD).await.1, "access_token");
    let me = call(&app, "GET", "/api/v1/me", Some(&petrov), None).await.1;
    assert_eq!(me["led_classes"], json!(["8А"]));
}

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
