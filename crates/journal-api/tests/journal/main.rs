//! The class journal through the API (R-J1–R-J7, R-F1–R-F6, R-P4, R-A4–R-A6). Each test runs on
//! the backend named by JOURNAL_TEST_BACKEND; `make test` runs the suite on both.
//!
//! One test binary: this file holds the school every test sets up and the helpers they share; the
//! tests are in its modules, by area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

use actix_web::http::StatusCode;
use common::*;
use journal_db::testing::TestDb;
use journal_domain::Role;
use serde_json::{json, Value};

const PEOPLE: &[(&str, &[Role])] = &[
    ("admin", &[Role::Admin]),
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

/// Saves a batch of changes (`body`: `{"changes": […]}`) on the page at `page` as `token`, sent
/// with `If-Match: etag`; the save must land (`200`). The page as saved and its new `ETag`.
async fn save<S, B>(
    app: &S,
    page: &str,
    token: &str,
    etag: &str,
    body: Value,
) -> (Value, Option<String>)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, saved, etag) =
        call_matching(app, "POST", page, Some(token), Some(etag), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    (saved, etag)
}

fn student<'a>(page: &'a Value, id: &str) -> &'a Value {
    page["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
}

// The tests, by area (declared after `setup!`, which they use).
mod compromise;
mod lessons;
mod marks;
mod periods;
mod remarks;
mod report_figures;
mod reports;
mod settings;
