//! School structure and the timetable through the API (R-B2–R-B4, R-T1, R-T2, R-R8). Each test runs
//! on the backend named by JOURNAL_TEST_BACKEND; `make test` runs the suite on both.
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

/// The next year's calendar, in the shape of [`year_2025`].
fn year_2026() -> Value {
    let text = year_2025()
        .to_string()
        .replace("2026", "2027")
        .replace("2025", "2026");
    serde_json::from_str(&text).unwrap()
}

// The tests, by area (declared after `setup!`, which they use).
mod changes;
mod planning;
mod structure;
mod weekly;
