//! Messages, class announcements and e-mail notifications through the API (R-D3, R-D4, R-A11).
//! Each test runs on the backend named by JOURNAL_TEST_BACKEND; `make test` runs both.
//!
//! One test binary: this file holds the school every test sets up and the helpers they share; the
//! tests are in its modules, by area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

use actix_web::http::StatusCode;
use common::*;
use journal_db::notifications::outbox_of;
use journal_db::roster::{self, Guardian, GuardianLink, Student};
use journal_db::testing::TestDb;
use journal_db::{now, write_tx};
use journal_domain::{Role, SchoolId};
use serde_json::{json, Value};
use std::collections::HashMap;

const PEOPLE: &[(&str, &[Role])] = &[
    ("deputy", &[Role::Deputy]),
    ("secretary", &[Role::Secretary]),
    ("ivanova", &[Role::Teacher]),
    ("petrov", &[Role::Teacher]),
    ("sidorov", &[Role::Teacher]),
    ("mama", &[Role::Guardian]),
    ("anya", &[Role::Student]),
    ("other", &[Role::Guardian]),
    ("boris", &[Role::Student]),
    ("far", &[Role::Guardian]),
];

/// 7А (class teacher Petrov; Ivanova teaches it mathematics) with Anya (guardian "mama", own
/// account "anya") and Boris (guardian "other", own account "boris"); 7Б (class teacher Sidorov)
/// with Vera (guardian "far").
struct School {
    id: SchoolId,
    tokens: HashMap<&'static str, String>,
    users: HashMap<&'static str, String>,
    class_7a: String,
    class_7b: String,
}

impl School {
    fn t(&self, who: &str) -> &str {
        &self.tokens[who]
    }
    fn u(&self, who: &str) -> &str {
        &self.users[who]
    }
}

macro_rules! setup {
    ($app:expr, $db:expr) => {{
        let app = $app;
        let db: &TestDb = $db;
        let id = school_with(db, "Школа №1", PEOPLE);
        let mut tokens = HashMap::new();
        let mut users = HashMap::new();
        for (login, _) in PEOPLE {
            let t = sign_in(app, login).await;
            let me = call_ok(app, "GET", "/api/v1/me", Some(&t), None).await;
            users.insert(*login, me["user_id"].as_str().unwrap().to_owned());
            tokens.insert(*login, t);
        }
        let deputy = tokens["deputy"].clone();
        let (s, year) = call(app, "POST", "/api/v1/years", Some(&deputy), Some(year_2025())).await;
        assert_eq!(s, StatusCode::CREATED, "{year}");
        let mut classes = Vec::new();
        for (letter, teacher) in [("А", "petrov"), ("Б", "sidorov")] {
            let body = json!({"year_id": year["year"]["id"], "grade": 7, "letter": letter, "class_teacher_id": users[teacher], "week_days": 5});
            let (s, c) = call(app, "POST", "/api/v1/classes", Some(&deputy), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{c}");
            classes.push(c["id"].as_str().unwrap().to_owned());
        }
        let math = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(json!({"name": "Математика", "short_name": "Мат."}))).await;
        let body = json!({"teacher_id": users["ivanova"], "subject_id": math["id"], "class_id": classes[0], "hours_per_week": 4});
        let (s, a) = call(app, "POST", "/api/v1/assignments", Some(&deputy), Some(body)).await;
        assert_eq!(s, StatusCode::CREATED, "{a}");
        add_families(db, id, &users, &classes[0], &classes[1]);
        // Sign in again: the class teachers' tokens now carry `class_teacher`.
        for who in ["petrov", "sidorov"] {
            tokens.insert(who, sign_in(app, who).await);
        }
        School { id, tokens, users, class_7a: classes[0].clone(), class_7b: classes[1].clone() }
    }};
}

fn add_families(
    db: &TestDb,
    school: SchoolId,
    users: &HashMap<&'static str, String>,
    class_7a: &str,
    class_7b: &str,
) {
    let mut conn = db.conn();
    let s = school.to_string();
    let student = |name: &str, class: &str, user: Option<&str>| Student {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: s.clone(),
        class_id: Some(class.to_owned()),
        user_id: user.map(|u| users[u].clone()),
        last_name: name.to_owned(),
        first_name: "Ученик".into(),
        middle_name: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(2012, 5, 1).unwrap(),
        created_at: now(),
    };
    let guardian = |name: &str, user: &str, email: &str| Guardian {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: s.clone(),
        user_id: Some(users[user].clone()),
        last_name: name.to_owned(),
        first_name: "Родитель".into(),
        middle_name: None,
        phone: None,
        email: Some(email.to_owned()),
        created_at: now(),
    };
    let kids = [
        student("Аннина", class_7a, Some("anya")),
        student("Борисов", class_7a, Some("boris")),
        student("Верина", class_7b, None),
    ];
    let parents = [
        guardian("Мамина", "mama", "mama@example.ru"),
        guardian("Другова", "other", "other@example.ru"),
        guardian("Дальняя", "far", "far@example.ru"),
    ];
    let links: Vec<GuardianLink> = kids
        .iter()
        .zip(parents.iter())
        .map(|(k, p)| GuardianLink {
            school_id: s.clone(),
            student_id: k.id.clone(),
            guardian_id: p.id.clone(),
            relation: "mother".into(),
        })
        .collect();
    write_tx(&mut conn, |c| {
        roster::insert_students(c, &kids)?;
        roster::insert_guardians(c, &parents)?;
        roster::insert_links(c, &links)?;
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
}

async fn start_thread<S, B>(
    app: &S,
    token: &str,
    to: &[&str],
    subject: &str,
    body: &str,
) -> (StatusCode, Value)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    call(
        app,
        "POST",
        "/api/v1/threads",
        Some(token),
        Some(json!({"subject": subject, "body": body, "recipients": to})),
    )
    .await
}

// The tests, by area (declared after `setup!`, which they use).
mod announcements;
mod delivery;
mod notifications;
mod sink;
mod threads;
