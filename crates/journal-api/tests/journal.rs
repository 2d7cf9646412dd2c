//! The class journal through the API (R-J1–R-J7, R-F1–R-F6, R-P4, R-A4–R-A6). Each test runs on
//! the backend named by JOURNAL_TEST_BACKEND; `make test` runs the suite on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::http::StatusCode;
use common::*;
use journal_db::testing::TestDb;
use journal_domain::Role;
use serde_json::{json, Value};

const PEOPLE: &[(&str, &[Role])] = &[
    ("deputy", &[Role::Deputy]),
    ("secretary", &[Role::Secretary]),
    ("ivanova", &[Role::Teacher]),
    ("petrov", &[Role::Teacher]),
    ("sidorov", &[Role::Teacher]),
    ("pupil", &[Role::Student]),
];

const SURNAMES: [&str; 25] = [
    "Алексеев",
    "Белова",
    "Васильев",
    "Григорьева",
    "Дмитриев",
    "Егорова",
    "Ёлкин",
    "Жукова",
    "Зайцев",
    "Ильина",
    "Кузнецов",
    "Лебедева",
    "Морозов",
    "Никитина",
    "Орлов",
    "Павлова",
    "Романов",
    "Соколова",
    "Тихонов",
    "Устинова",
    "Фёдоров",
    "Харитонова",
    "Цветков",
    "Чернова",
    "Шубин",
];

/// What the tests set up: 7А with 25 students, Ivanova's mathematics on Mondays (2nd) and
/// Wednesdays (3rd), and the page of the second quarter.
struct School {
    deputy: String,
    ivanova: String,
    petrov: String,
    sidorov: String,
    pupil: String,
    /// `/api/v1/journal/{assignment}/{second quarter}`.
    page: String,
    monday: String,
    wednesday: String,
    /// Students in Russian order, as the page lists them.
    students: Vec<String>,
    class_7b: String,
}

macro_rules! setup {
    ($app:expr) => {{
        let app = $app;
        let tok = |who: &'static str| async move { token(&login(app, who, PASSWORD).await.1, "access_token") };
        let deputy = tok("deputy").await;
        let secretary = tok("secretary").await;
        let (ivanova, petrov, sidorov, pupil) = (tok("ivanova").await, tok("petrov").await, tok("sidorov").await, tok("pupil").await);
        let user_id = |t: String| async move { call(app, "GET", "/api/v1/me", Some(&t), None).await.1["user_id"].as_str().unwrap().to_owned() };
        let (s, year) = call(app, "POST", "/api/v1/years", Some(&deputy), Some(year_2025())).await;
        assert_eq!(s, StatusCode::CREATED, "{year}");
        let q2 = year["periods"].as_array().unwrap().iter()
            .find(|p| p["kind"] == "quarter" && p["number"] == 2).unwrap()["id"].as_str().unwrap().to_owned();
        let bells = call_ok(app, "POST", "/api/v1/bell-schedules", Some(&deputy), Some(json!({"name": "Основное", "bells": [
            {"lesson_number": 1, "starts_at": "08:30", "ends_at": "09:10"},
            {"lesson_number": 2, "starts_at": "09:20", "ends_at": "10:00"},
            {"lesson_number": 3, "starts_at": "10:20", "ends_at": "11:00"}]}))).await;
        let mut classes = Vec::new();
        for (letter, teacher) in [("А", user_id(petrov.clone()).await), ("Б", user_id(sidorov.clone()).await)] {
            let body = json!({"year_id": year["year"]["id"], "grade": 7, "letter": letter, "class_teacher_id": teacher, "week_days": 5, "bell_schedule_id": bells["id"]});
            let (s, c) = call(app, "POST", "/api/v1/classes", Some(&deputy), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{c}");
            classes.push(c["id"].as_str().unwrap().to_owned());
        }
        let math = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(json!({"name": "Математика", "short_name": "Мат."}))).await;
        let body = json!({"teacher_id": user_id(ivanova.clone()).await, "subject_id": math["id"], "class_id": classes[0], "hours_per_week": 2});
        let (s, a) = call(app, "POST", "/api/v1/assignments", Some(&deputy), Some(body)).await;
        assert_eq!(s, StatusCode::CREATED, "{a}");
        let mut entries = Vec::new();
        for (day, n) in [(1, 2), (3, 3)] {
            let body = json!({"assignment_id": a["id"], "weekday": day, "lesson_number": n, "valid_from": "2025-09-01", "valid_to": "2026-05-31"});
            let (s, e) = call(app, "POST", "/api/v1/timetable", Some(&deputy), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{e}");
            entries.push(e["id"].as_str().unwrap().to_owned());
        }
        for (i, surname) in SURNAMES.iter().enumerate() {
            let body = json!({"last_name": surname, "first_name": "Саша", "birth_date": format!("2012-03-{:02}", i + 1), "class_id": classes[0], "on_date": "2025-09-01"});
            let (s, st) = call(app, "POST", "/api/v1/students", Some(&secretary), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{st}");
        }
        let body = json!({"last_name": "Чужой", "first_name": "Ученик", "birth_date": "2012-01-01", "class_id": classes[1], "on_date": "2025-09-01"});
        call_ok(app, "POST", "/api/v1/students", Some(&secretary), Some(body)).await;
        let page = format!("/api/v1/journal/{}/{q2}", a["id"].as_str().unwrap());
        let (s, p) = call(app, "GET", &page, Some(&ivanova), None).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        let students = p["students"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect();
        School {
            deputy, ivanova, petrov, sidorov, pupil, page,
            monday: entries[0].clone(), wednesday: entries[1].clone(), students,
            class_7b: classes[1].clone(),
        }
    }};
}

fn mark(entry: &str, date: &str, student: &str, work_type: &str, value: &str) -> Value {
    json!({"kind": "mark", "entry_id": entry, "lesson_date": date, "student_id": student, "work_type": work_type, "value": value})
}

fn absent(entry: &str, date: &str, student: &str) -> Value {
    json!({"kind": "attendance", "entry_id": entry, "lesson_date": date, "student_id": student, "status": "absent"})
}

fn final_mark(student: &str, value: Option<&str>, deferred: Option<&str>) -> Value {
    json!({"kind": "final", "student_id": student, "final_kind": "period", "value": value, "deferred_until": deferred})
}

/// The page and its ETag.
async fn read<S, B>(app: &S, token: &str, page: &str) -> (Value, String)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, body, etag) = call_matching(app, "GET", page, Some(token), None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (body, etag.unwrap())
}

fn student<'a>(page: &'a Value, id: &str) -> &'a Value {
    page["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
}

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
    let (status, saved, etag) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(json!({"changes": changes})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
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
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(changes),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
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
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(one("5")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");

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
    let (status, saved, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"0\""),
        Some(changes),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
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
    let batch = |changes: Vec<Value>| Some(json!({"changes": changes}));
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
            batch(good.clone()),
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
        batch(bad),
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
    let (status, _, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"0\""),
        batch(vec![absent(&s.monday, "2025-11-10", &s.students[3])]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
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
        batch(good.clone()),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("forbidden"))
    );
    let mut reason = absent(&s.monday, "2025-11-10", &s.students[3]);
    reason["reason"] = json!("illness");
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.petrov),
        Some("\"1\""),
        batch(vec![reason]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        student(&page, &s.students[3])["attendance"][0]["reason"],
        "illness"
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
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"0\""),
        Some(json!({"changes": finals})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
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
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"1\""),
        Some(json!({"changes": [final_mark(&s.students[24], Some("na"), None)]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
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
    let (status, page, _) = call_matching(&app, "POST", &s.page, Some(&s.ivanova), Some("\"2\""), Some(json!({"changes": [final_mark(&s.students[23], Some("3"), None), final_mark(&s.students[24], Some("4"), None)]}))).await;
    assert_eq!(status, StatusCode::OK, "{page}");
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

#[actix_web::test]
async fn a_make_up_mark_counts_for_the_missed_lesson_and_the_absence_stays() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let who = &s.students[4];
    let (status, _, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"0\""),
        Some(json!({"changes": [absent(&s.monday, "2025-11-10", who)]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
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
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"1\""),
        Some(json!({"changes": [make_up]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
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

#[actix_web::test]
async fn the_school_sets_thresholds_weights_and_scales_and_the_page_follows() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    // 4 oral and 3 oral: 3.5 → 4 by the usual thresholds.
    let marks = json!({"changes": [mark(&s.monday, "2025-11-10", &s.students[0], "oral", "4"), mark(&s.monday, "2025-11-17", &s.students[0], "oral", "3")]});
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some("\"0\""),
        Some(marks),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
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
    let (status, page, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(json!({"changes": [mark(&s.monday, "2025-11-24", &s.students[0], "homework", "5")]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
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
    let (status, _, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        Some(&etag),
        Some(
            json!({"changes": [mark(&s.wednesday, "2025-11-26", &s.students[1], "oral", "pass")]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
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
