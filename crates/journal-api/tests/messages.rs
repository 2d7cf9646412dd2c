//! Messages, class announcements and e-mail notifications through the API (R-D3, R-D4, R-A11).
//! Each test runs on the backend named by JOURNAL_TEST_BACKEND; `make test` runs both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::http::StatusCode;
use base64::Engine;
use common::*;
use diesel::prelude::*;
use journal_api::notify::{self, MailConfig, Mailer};
use journal_db::notifications::outbox_of;
use journal_db::roster::{self, Guardian, GuardianLink, Student};
use journal_db::testing::TestDb;
use journal_db::{now, write_tx};
use journal_domain::{Role, SchoolId};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

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

/// R-D3: a guardian sees and writes to the staff of their child; never to another family.
#[actix_web::test]
async fn guardian_writes_to_the_staff_of_their_child_only() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let (s, list) = call(
        &app,
        "GET",
        "/api/v1/messages/recipients",
        Some(sc.t("mama")),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let rel = |who: &str| -> Option<Vec<String>> {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["user_id"] == sc.u(who))
            .map(|r| {
                r["relations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_owned())
                    .collect()
            })
    };
    assert_eq!(rel("petrov"), Some(vec!["class_teacher".to_owned()]));
    assert_eq!(rel("ivanova"), Some(vec!["teacher".to_owned()]));
    let ivanova = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == sc.u("ivanova"))
        .unwrap();
    assert_eq!(ivanova["about"], json!(["Математика"]));
    assert_eq!(rel("deputy"), Some(vec!["administration".to_owned()]));
    assert_eq!(rel("secretary"), Some(vec!["administration".to_owned()]));
    for stranger in ["sidorov", "other", "boris", "far", "anya", "mama"] {
        assert_eq!(rel(stranger), None, "{stranger} is not offered to mama");
    }

    let (s, t) = start_thread(
        &app,
        sc.t("mama"),
        &[sc.u("petrov")],
        "Справка",
        "Аня болела",
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["messages"].as_array().unwrap().len(), 1);
    let (s, _) = start_thread(
        &app,
        sc.t("mama"),
        &[sc.u("ivanova")],
        "Контрольная",
        "Когда?",
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    for family in ["other", "boris", "far", "anya"] {
        let (s, p) = start_thread(&app, sc.t("mama"), &[sc.u(family)], "Привет", "Текст").await;
        assert_eq!(
            (s, p["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("other_family")),
            "to {family}"
        );
    }
    // Staff plus another family in one go is refused as a whole, writing nothing.
    let (s, p) = start_thread(
        &app,
        sc.t("mama"),
        &[sc.u("petrov"), sc.u("other")],
        "Привет",
        "Текст",
    )
    .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("other_family"))
    );
    let (s, p) = start_thread(&app, sc.t("mama"), &[sc.u("sidorov")], "Вопрос", "Текст").await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("recipient_not_allowed"))
    );
    let nobody = uuid::Uuid::new_v4().to_string();
    let (s, p) = start_thread(&app, sc.t("mama"), &[&nobody], "Вопрос", "Текст").await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("recipient_not_allowed"))
    );
    let (s, p) = start_thread(&app, sc.t("mama"), &[sc.u("mama")], "Себе", "Текст").await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("no_recipients"))
    );

    // A student likewise: their teachers yes, a guardian of another family no.
    let (s, _) = start_thread(
        &app,
        sc.t("boris"),
        &[sc.u("ivanova")],
        "Домашнее задание",
        "Какое?",
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, p) = start_thread(&app, sc.t("boris"), &[sc.u("mama")], "Привет", "Текст").await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("other_family"))
    );
    let (s, p) = start_thread(&app, sc.t("boris"), &[sc.u("sidorov")], "Привет", "Текст").await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("recipient_not_allowed"))
    );

    // Only the threads that were allowed exist: two of mama's, one of boris's.
    let mine = call_ok(&app, "GET", "/api/v1/threads", Some(sc.t("mama")), None).await;
    assert_eq!(mine["total"], 2, "{mine}");
    let audit = audit_actions(&app, sc.t("deputy"), t["thread"]["id"].as_str().unwrap()).await;
    assert_eq!(audit, vec!["thread.create"]);
}

/// Staff write to colleagues and to the families of children they teach, one family a thread.
#[actix_web::test]
async fn staff_write_to_related_families_one_family_per_thread() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let (s, _) = start_thread(
        &app,
        sc.t("ivanova"),
        &[sc.u("sidorov")],
        "Замена",
        "Подмените?",
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = start_thread(
        &app,
        sc.t("ivanova"),
        &[sc.u("mama"), sc.u("anya")],
        "Олимпиада",
        "Приглашаем",
    )
    .await;
    assert_eq!(
        s,
        StatusCode::CREATED,
        "one family: a guardian and her child"
    );
    let (s, p) = start_thread(
        &app,
        sc.t("ivanova"),
        &[sc.u("mama"), sc.u("other")],
        "Собрание",
        "Текст",
    )
    .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("other_family"))
    );
    let (s, p) = start_thread(&app, sc.t("ivanova"), &[sc.u("far")], "Вопрос", "Текст").await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("recipient_not_allowed")),
        "Ivanova does not teach 7Б"
    );
    let (s, _) = start_thread(&app, sc.t("deputy"), &[sc.u("far")], "Вопрос", "Текст").await;
    assert_eq!(
        s,
        StatusCode::CREATED,
        "the administration writes to any family"
    );
    let list = call_ok(
        &app,
        "GET",
        "/api/v1/messages/recipients",
        Some(sc.t("ivanova")),
        None,
    )
    .await;
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user_id"].as_str().unwrap())
        .collect();
    for who in ["mama", "anya", "other", "boris", "sidorov", "deputy"] {
        assert!(ids.contains(&sc.u(who)), "{who} offered to Ivanova: {list}");
    }
    assert!(!ids.contains(&sc.u("far")) && !ids.contains(&sc.u("ivanova")));
}

/// R-A11: threads, messages and attachments answer 404 to whoever takes no part in them.
#[actix_web::test]
async fn threads_messages_and_attachments_are_for_participants_only() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let (_, t) = start_thread(
        &app,
        sc.t("mama"),
        &[sc.u("petrov")],
        "Справка",
        "Прилагаю справку",
    )
    .await;
    let thread = t["thread"]["id"].as_str().unwrap().to_owned();
    let message = t["messages"][0]["id"].as_str().unwrap().to_owned();
    let upload = format!("/api/v1/messages/{message}/attachments?name=spravka.txt");
    let file = "справка от врача".as_bytes().to_vec();
    let (s, _, a) = request(
        &app,
        "POST",
        &upload,
        Some(sc.t("mama")),
        Some(("text/plain", file.clone())),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let a: Value = serde_json::from_slice(&a).unwrap();
    let download = format!("/api/v1/message-attachments/{}", a["id"].as_str().unwrap());
    let (s, _, bytes) = request(&app, "GET", &download, Some(sc.t("petrov")), None).await;
    assert_eq!((s, bytes), (StatusCode::OK, file.clone()));
    let view = call_ok(
        &app,
        "GET",
        &format!("/api/v1/threads/{thread}"),
        Some(sc.t("petrov")),
        None,
    )
    .await;
    assert_eq!(
        view["messages"][0]["attachments"][0]["file_name"],
        "spravka.txt"
    );

    for outsider in ["other", "boris", "sidorov", "ivanova", "far"] {
        let tok = sc.t(outsider);
        let (s, _) = call(
            &app,
            "GET",
            &format!("/api/v1/threads/{thread}"),
            Some(tok),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{outsider} reads the thread");
        let (s, _) = call(
            &app,
            "POST",
            &format!("/api/v1/threads/{thread}/messages"),
            Some(tok),
            Some(json!({"body": "Я тоже"})),
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{outsider} writes to it");
        let (s, _) = call(
            &app,
            "POST",
            &format!("/api/v1/threads/{thread}/read"),
            Some(tok),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _, _) = request(&app, "GET", &download, Some(tok), None).await;
        assert_eq!(
            s,
            StatusCode::NOT_FOUND,
            "{outsider} downloads the attachment"
        );
        let (s, _, _) = request(
            &app,
            "POST",
            &upload,
            Some(tok),
            Some(("text/plain", b"x".to_vec())),
        )
        .await;
        assert_eq!(
            s,
            StatusCode::NOT_FOUND,
            "{outsider} attaches to the message"
        );
    }
    // A participant attaches only to their own messages.
    let (s, _, p) = request(
        &app,
        "POST",
        &upload,
        Some(sc.t("petrov")),
        Some(("text/plain", b"x".to_vec())),
    )
    .await;
    assert_eq!(
        (
            s,
            serde_json::from_slice::<Value>(&p).unwrap()["code"].clone()
        ),
        (StatusCode::FORBIDDEN, json!("forbidden"))
    );
    // The school's file limit bounds attachments.
    let mut conn = db.conn();
    diesel::update(journal_db::schema::schools::table.find(sc.id.to_string()))
        .set(journal_db::schema::schools::homework_file_limit.eq(1024))
        .execute(&mut *conn)
        .unwrap();
    let (s, _, p) = request(
        &app,
        "POST",
        &upload,
        Some(sc.t("mama")),
        Some(("text/plain", vec![b'a'; 2048])),
    )
    .await;
    assert_eq!(
        (
            s,
            serde_json::from_slice::<Value>(&p).unwrap()["code"].clone()
        ),
        (StatusCode::PAYLOAD_TOO_LARGE, json!("file_too_large"))
    );
    let (s, _, p) = request(
        &app,
        "POST",
        &upload,
        Some(sc.t("mama")),
        Some(("text/plain", Vec::new())),
    )
    .await;
    assert_eq!(
        (
            s,
            serde_json::from_slice::<Value>(&p).unwrap()["code"].clone()
        ),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("empty_file"))
    );
    let (s, _) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{}", uuid::Uuid::new_v4()),
        Some(sc.t("mama")),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// `q=` searches subjects and texts of the caller's own threads only (case-insensitive, Ё as Е).
#[actix_web::test]
async fn search_finds_only_the_callers_threads() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    start_thread(
        &app,
        sc.t("mama"),
        &[sc.u("petrov")],
        "Экскурсия в музей",
        "Сколько стоит?",
    )
    .await;
    start_thread(
        &app,
        sc.t("mama"),
        &[sc.u("ivanova")],
        "Оценки",
        "Почему ЁЛКА не засчитана?",
    )
    .await;
    start_thread(
        &app,
        sc.t("other"),
        &[sc.u("petrov")],
        "Экскурсия",
        "Борис поедет",
    )
    .await;
    let search = |who: &'static str, q: &'static str| {
        let tok = sc.t(who).to_owned();
        let app = &app;
        async move {
            let (s, v) = call(
                app,
                "GET",
                &format!("/api/v1/threads?q={}", urlencode(q)),
                Some(&tok),
                None,
            )
            .await;
            assert_eq!(s, StatusCode::OK, "{v}");
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["subject"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("mama", "экскурсия").await, vec!["Экскурсия в музей"]);
    assert_eq!(
        search("mama", "елка").await,
        vec!["Оценки"],
        "body text, Ё folded"
    );
    assert_eq!(search("other", "музей").await, Vec::<String>::new());
    assert_eq!(search("other", "ЭКСКУРСИЯ").await, vec!["Экскурсия"]);
    assert_eq!(search("petrov", "экскурсия").await.len(), 2);
    assert_eq!(search("ivanova", "экскурсия").await.len(), 0);
    assert_eq!(
        search("mama", "%").await.len(),
        0,
        "LIKE wildcards are literal"
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Unread counts per thread and in total: others' messages after what the caller last read.
#[actix_web::test]
async fn unread_counts_follow_reading() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let unread = |who: &'static str| {
        let tok = sc.t(who).to_owned();
        let app = &app;
        async move {
            call(app, "GET", "/api/v1/threads/unread", Some(&tok), None)
                .await
                .1
        }
    };
    let (_, t) = start_thread(
        &app,
        sc.t("mama"),
        &[sc.u("petrov"), sc.u("deputy")],
        "Вопрос",
        "Здравствуйте",
    )
    .await;
    let id = t["thread"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        unread("mama").await["total"],
        0,
        "one's own message is read"
    );
    assert_eq!(
        unread("petrov").await,
        json!({"total": 1, "threads": [{"thread_id": id, "unread": 1}]})
    );
    let (s, _) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{id}"),
        Some(sc.t("petrov")),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        unread("petrov").await["total"],
        0,
        "opening the thread reads it"
    );
    for text in ["Добрый день", "Справку принесите"] {
        let (s, _) = call(
            &app,
            "POST",
            &format!("/api/v1/threads/{id}/messages"),
            Some(sc.t("petrov")),
            Some(json!({"body": text})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    assert_eq!(unread("mama").await["total"], 2);
    assert_eq!(unread("deputy").await["total"], 3);
    let list = call_ok(&app, "GET", "/api/v1/threads", Some(sc.t("mama")), None).await;
    assert_eq!(list["items"][0]["unread"], 2);
    assert_eq!(list["items"][0]["last_message"], "Справку принесите");
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{id}/read"),
        Some(sc.t("mama")),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(unread("mama").await["total"], 0);
    assert_eq!(unread("deputy").await["total"], 3, "reading is per person");
}

/// Announcements: the class teacher of the class (or the deputy, the director) posts; the class's
/// families read without answering; other classes' families and other teachers see nothing.
#[actix_web::test]
async fn class_announcements_reach_the_class_families_read_only() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let body =
        json!({"subject": "Родительское собрание", "body": "В четверг в 18:00, кабинет 12."});
    for who in ["sidorov", "ivanova", "mama", "boris", "secretary"] {
        let (s, p) = call(&app, "POST", &post, Some(sc.t(who)), Some(body.clone())).await;
        assert_eq!(
            (s, p["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden")),
            "{who}"
        );
    }
    let (s, a) = call(
        &app,
        "POST",
        &post,
        Some(sc.t("petrov")),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let id = a["thread"]["id"].as_str().unwrap().to_owned();
    for reader in ["mama", "anya", "other", "boris"] {
        let list = call_ok(
            &app,
            "GET",
            "/api/v1/announcements",
            Some(sc.t(reader)),
            None,
        )
        .await;
        assert_eq!(list["total"], 1, "{reader}: {list}");
        assert_eq!(list["items"][0]["may_post"], false);
        let u = call_ok(
            &app,
            "GET",
            "/api/v1/threads/unread",
            Some(sc.t(reader)),
            None,
        )
        .await;
        assert_eq!(u["total"], 1);
        let (s, p) = call(
            &app,
            "POST",
            &format!("/api/v1/threads/{id}/messages"),
            Some(sc.t(reader)),
            Some(json!({"body": "Ответ всем"})),
        )
        .await;
        assert_eq!(
            (s, p["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("announcement_read_only")),
            "{reader}"
        );
    }
    // A family sees the staff of the announcement, not the other families it went to.
    let v = call_ok(
        &app,
        "GET",
        &format!("/api/v1/threads/{id}"),
        Some(sc.t("mama")),
        None,
    )
    .await;
    let names: Vec<&str> = v["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_id"].as_str().unwrap())
        .collect();
    assert!(names.contains(&sc.u("petrov")) && names.contains(&sc.u("mama")));
    assert!(
        !names.contains(&sc.u("other")) && !names.contains(&sc.u("boris")),
        "{v}"
    );
    for outsider in ["far", "sidorov", "ivanova"] {
        let list = call_ok(
            &app,
            "GET",
            "/api/v1/announcements",
            Some(sc.t(outsider)),
            None,
        )
        .await;
        assert_eq!(list["total"], 0, "{outsider}");
        let (s, _) = call(
            &app,
            "GET",
            &format!("/api/v1/threads/{id}"),
            Some(sc.t(outsider)),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/v1/classes/{}/announcements", sc.class_7b),
        Some(sc.t("deputy")),
        Some(body),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "the deputy announces to any class");
    // Each guardian of 7А with an address has one letter queued, in the same transaction.
    let mut conn = db.conn();
    let mut queued: Vec<(String, String, String)> = outbox_of(&mut conn, sc.id)
        .unwrap()
        .into_iter()
        .map(|r| (r.email, r.subject, r.status))
        .collect();
    queued.sort();
    let subject = "Объявление для 7А: Родительское собрание".to_owned();
    assert_eq!(
        queued,
        vec![
            (
                "far@example.ru".to_owned(),
                "Объявление для 7Б: Родительское собрание".to_owned(),
                "pending".to_owned()
            ),
            (
                "mama@example.ru".to_owned(),
                subject.clone(),
                "pending".to_owned()
            ),
            ("other@example.ru".to_owned(), subject, "pending".to_owned()),
        ]
    );
    assert_eq!(
        audit_actions(&app, sc.t("deputy"), &id).await,
        vec!["announcement.create"]
    );
}

/// R-D4: preferences are the caller's own; a digest choice holds mail for the daily digest, a
/// refused kind queues nothing.
#[actix_web::test]
async fn notification_preferences_decide_what_is_queued() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let path = "/api/v1/me/notification-preferences";
    let (s, p) = call(&app, "GET", path, Some(sc.t("mama")), None).await;
    assert_eq!(
        (s, p),
        (
            StatusCode::OK,
            json!({"marks": true, "absences": true, "announcements": true, "delivery": "immediate"})
        )
    );
    let digest =
        json!({"marks": true, "absences": true, "announcements": true, "delivery": "digest"});
    let (s, _) = call(&app, "PUT", path, Some(sc.t("mama")), Some(digest.clone())).await;
    assert_eq!(s, StatusCode::OK);
    let none =
        json!({"marks": true, "absences": true, "announcements": false, "delivery": "immediate"});
    call_ok(&app, "PUT", path, Some(sc.t("other")), Some(none)).await;
    let p = call_ok(&app, "GET", path, Some(sc.t("mama")), None).await;
    assert_eq!(p, digest);
    let (s, p) = call(
        &app,
        "PUT",
        path,
        Some(sc.t("mama")),
        Some(json!({"marks": true})),
    )
    .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_body"))
    );
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let (s, _) = call(
        &app,
        "POST",
        &post,
        Some(sc.t("petrov")),
        Some(json!({"subject": "Субботник", "body": "В субботу."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let mut conn = db.conn();
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.email.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![("mama@example.ru", "held")],
        "other refused announcements"
    );
    // The digest bundles held mail once its hour has passed, and only once.
    let later = now() + chrono::Duration::days(1);
    assert_eq!(notify::build_digests(&mut conn, later, 18).unwrap(), 1);
    assert_eq!(notify::build_digests(&mut conn, later, 18).unwrap(), 0);
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    let digest = rows.iter().find(|r| r.kind == "digest").unwrap();
    assert_eq!(
        (digest.email.as_str(), digest.status.as_str()),
        ("mama@example.ru", "pending")
    );
    assert!(digest.body.contains("Субботник"), "{}", digest.body);
    assert!(rows
        .iter()
        .any(|r| r.kind == "announcement" && r.status == "digested"));
}

/// Region and integration accounts take no part in messages; students cannot announce.
#[actix_web::test]
async fn accounts_outside_messaging_are_refused() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let id = school_with(&db, "Район", &[("region", &[Role::Region])]);
    let _ = id;
    let region = sign_in(&app, "region").await;
    let (s, p) = call(&app, "GET", "/api/v1/threads", Some(&region), None).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (s, _) = call(
        &app,
        "GET",
        "/api/v1/messages/recipients",
        Some(&region),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/v1/classes/{}/announcements", sc.class_7a),
        Some(sc.t("anya")),
        Some(json!({"subject": "Я", "body": "Тоже"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = call(&app, "GET", "/api/v1/threads", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

// ---- a real SMTP sink on 127.0.0.1 ----

#[derive(Debug, Clone)]
struct Received {
    rcpt: Vec<String>,
    data: String,
    /// Whether the letter came over TLS.
    tls: bool,
}

/// How the sink protects its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SinkTls {
    /// Plain SMTP; STARTTLS is not offered.
    Plain,
    /// Offers STARTTLS (certificate for localhost and 127.0.0.1, signed by the test CA).
    StartTls,
    /// TLS from the first byte (SMTPS).
    Wrapper,
}

/// A connection the sink talks over: plain TCP or TLS over it.
trait Conn: Read + Write + std::fmt::Debug {}
impl<T: Read + Write + std::fmt::Debug> Conn for T {}

fn fixture(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    std::fs::read(dir.join(name)).unwrap()
}

fn tls_acceptor() -> native_tls::TlsAcceptor {
    let identity =
        native_tls::Identity::from_pkcs8(&fixture("server.pem"), &fixture("server.key")).unwrap();
    native_tls::TlsAcceptor::new(identity).unwrap()
}

/// A minimal plain SMTP server: accepts every letter and keeps it.
fn start_sink(listener: TcpListener) -> Arc<Mutex<Vec<Received>>> {
    start_sink_with(listener, SinkTls::Plain)
}

fn start_sink_with(listener: TcpListener, tls: SinkTls) -> Arc<Mutex<Vec<Received>>> {
    let got = Arc::new(Mutex::new(Vec::new()));
    let store = got.clone();
    let acceptor = tls_acceptor();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let _ = match tls {
                SinkTls::Plain => serve_smtp(Box::new(stream), &store, None),
                SinkTls::StartTls => serve_smtp(Box::new(stream), &store, Some(&acceptor)),
                SinkTls::Wrapper => match acceptor.accept(stream) {
                    Ok(secure) => serve_session(Box::new(secure), &store, None, true),
                    Err(_) => continue,
                },
            };
        }
    });
    got
}

fn serve_smtp(
    stream: Box<dyn Conn>,
    store: &Mutex<Vec<Received>>,
    starttls: Option<&native_tls::TlsAcceptor>,
) -> std::io::Result<()> {
    serve_session(stream, store, starttls, false)
}

/// One SMTP session; with `starttls` the server offers STARTTLS and, when asked, goes on over
/// TLS from a fresh greeting-less state (RFC 3207).
fn serve_session(
    mut stream: Box<dyn Conn>,
    store: &Mutex<Vec<Received>>,
    starttls: Option<&native_tls::TlsAcceptor>,
    tls: bool,
) -> std::io::Result<()> {
    if !tls || starttls.is_none() {
        stream.write_all(b"220 sink ESMTP\r\n")?;
    }
    let mut input = BufReader::new(stream);
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_ascii_uppercase();
        let out = input.get_mut();
        if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
            if starttls.is_some() && !tls {
                out.write_all(b"250-sink\r\n250 STARTTLS\r\n")?;
            } else {
                out.write_all(b"250 sink\r\n")?;
            }
        } else if cmd == "STARTTLS" && !tls {
            let Some(acceptor) = starttls else {
                out.write_all(b"502 not offered\r\n")?;
                continue;
            };
            out.write_all(b"220 go ahead\r\n")?;
            let secure = acceptor
                .accept(input.into_inner())
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            return serve_session(Box::new(secure), store, starttls, true);
        } else if cmd.starts_with("MAIL FROM") {
            rcpt.clear();
            out.write_all(b"250 OK\r\n")?;
        } else if cmd.starts_with("RCPT TO") {
            let addr = line.trim_end()[8..]
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned();
            rcpt.push(addr);
            out.write_all(b"250 OK\r\n")?;
        } else if cmd == "DATA" {
            out.write_all(b"354 go on\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if input.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(&line);
            }
            store.lock().unwrap().push(Received {
                rcpt: rcpt.clone(),
                data,
                tls,
            });
            input.get_mut().write_all(b"250 queued\r\n")?;
        } else if cmd == "QUIT" {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"250 OK\r\n")?;
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The `Subject:` header of a letter, RFC 2047 words decoded.
fn subject_of(data: &str) -> String {
    let mut header = String::new();
    let mut inside = false;
    for line in data.split("\r\n") {
        if inside && (line.starts_with(' ') || line.starts_with('\t')) {
            header.push_str(line);
        } else if inside {
            break;
        } else if let Some(rest) = line.strip_prefix("Subject:") {
            header.push_str(rest);
            inside = true;
        }
    }
    let mut out = String::new();
    let mut last_encoded = false;
    for word in header.split_whitespace() {
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                let (_, enc, text) = (parts.next()?, parts.next()?, parts.next()?);
                match enc {
                    "B" | "b" => base64::engine::general_purpose::STANDARD.decode(text).ok(),
                    _ => None,
                }
            })
            .map(|b| String::from_utf8(b).unwrap());
        match decoded {
            Some(d) => {
                if !last_encoded && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&d);
                last_encoded = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
                last_encoded = false;
            }
        }
    }
    out
}

/// R-D4: with the SMTP server down the outbox keeps the letters and counts attempts; once it is up
/// every letter is delivered exactly once, and a further run sends nothing.
#[actix_web::test]
async fn the_worker_delivers_each_letter_exactly_once() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let (s, _) = call(
        &app,
        "POST",
        &post,
        Some(sc.t("petrov")),
        Some(json!({"subject": "Родительское собрание", "body": "В четверг в 18:00."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);

    // A free port with nothing listening: connection refused.
    let port = free_port();
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Электронный журнал <journal@school.test>",
        None,
    )
    .unwrap();
    let config = MailConfig::default();
    let t0 = now();
    let report = notify::run_once(&db.pool, &mailer, &config, t0).unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    let mut conn = db.conn();
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!((r.status.as_str(), r.attempts), ("pending", 1), "{r:?}");
        assert!(r.last_error.is_some() && r.next_attempt_at > t0 && r.lease_token.is_none());
    }
    // Not due yet: a run at the same moment leaves them alone.
    assert_eq!(
        notify::run_once(&db.pool, &mailer, &config, t0).unwrap(),
        notify::RunReport::default()
    );

    let sink = start_sink(TcpListener::bind(("127.0.0.1", port)).unwrap());
    let t1 = t0 + chrono::Duration::hours(1);
    let report = notify::run_once(&db.pool, &mailer, &config, t1).unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    let report =
        notify::run_once(&db.pool, &mailer, &config, t1 + chrono::Duration::hours(1)).unwrap();
    assert_eq!(
        report,
        notify::RunReport::default(),
        "nothing is sent twice"
    );

    let got = sink.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    let mut rcpts: Vec<String> = got.iter().flat_map(|g| g.rcpt.clone()).collect();
    rcpts.sort();
    assert_eq!(rcpts, vec!["mama@example.ru", "other@example.ru"]);
    for letter in &got {
        assert_eq!(
            subject_of(&letter.data),
            "Объявление для 7А: Родительское собрание",
            "{}",
            letter.data
        );
    }
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    assert!(
        rows.iter()
            .all(|r| r.status == "sent" && r.attempts == 2 && r.sent_at.is_some()),
        "{rows:?}"
    );
}

/// Announce to 7А's two families; their two letters wait in the outbox.
async fn announce<S, B>(app: &S, sc: &School, subject: &str)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let (s, _) = call(
        app,
        "POST",
        &post,
        Some(sc.t("petrov")),
        Some(json!({"subject": subject, "body": "Подробности у классного руководителя."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
}

/// R-D4 over TLS: with STARTTLS required, a server whose certificate is not trusted, or one that
/// does not offer STARTTLS, gets nothing (no letter in clear, the outbox keeps it); once the
/// school's CA is trusted the letters go over TLS, by STARTTLS and by SMTPS alike.
#[actix_web::test]
async fn letters_go_only_over_verified_tls_when_tls_is_asked_for() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let config = MailConfig::default();
    let from = "Электронный журнал <journal@school.test>";
    let ca = fixture("ca.pem");
    announce(&app, &sc, "Родительское собрание").await;

    // A STARTTLS server with a certificate from a CA this mailer does not trust.
    let port = free_port();
    let sink = start_sink_with(
        TcpListener::bind(("127.0.0.1", port)).unwrap(),
        SinkTls::StartTls,
    );
    let starttls = format!("smtp://127.0.0.1:{port}?tls=required");
    let untrusting = Mailer::new(&starttls, from, None).unwrap();
    let t0 = now();
    let report = notify::run_once(&db.pool, &untrusting, &config, t0).unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    assert!(
        sink.lock().unwrap().is_empty(),
        "nothing went to an unverified server"
    );

    // A server that does not offer STARTTLS: the mailer will not fall back to plain text.
    let plain_port = free_port();
    let plain = start_sink(TcpListener::bind(("127.0.0.1", plain_port)).unwrap());
    let downgraded = Mailer::new(
        &format!("smtp://127.0.0.1:{plain_port}?tls=required"),
        from,
        Some(&ca),
    )
    .unwrap();
    let t1 = t0 + chrono::Duration::hours(1);
    let report = notify::run_once(&db.pool, &downgraded, &config, t1).unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    assert!(
        plain.lock().unwrap().is_empty(),
        "nothing was sent in clear"
    );

    // Trusting the school's CA: both letters over STARTTLS.
    let trusting = Mailer::new(&starttls, from, Some(&ca)).unwrap();
    let t2 = t1 + chrono::Duration::hours(1);
    let report = notify::run_once(&db.pool, &trusting, &config, t2).unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    let got = sink.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|r| r.tls), "{got:?}");

    // SMTPS, TLS from the first byte, with the CA file read the way `journal serve` reads it.
    announce(&app, &sc, "Субботник").await;
    let smtps_port = free_port();
    let smtps = start_sink_with(
        TcpListener::bind(("127.0.0.1", smtps_port)).unwrap(),
        SinkTls::Wrapper,
    );
    let config = MailConfig {
        smtp_url: Some(format!("smtps://127.0.0.1:{smtps_port}")),
        ca_file: Some(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls/ca.pem"),
        ),
        ..MailConfig::default()
    };
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    let report = notify::run_once(&db.pool, &mailer, &config, t2).unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    let got = smtps.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|r| r.tls), "{got:?}");
    assert!(got
        .iter()
        .all(|r| subject_of(&r.data) == "Объявление для 7А: Субботник"));
    let rows = outbox_of(&mut db.conn(), sc.id).unwrap();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.status == "sent"), "{rows:?}");
}

/// R-D4: the daily digest goes out at the digest hour of each school's own time zone.
#[actix_web::test]
async fn digests_go_out_at_each_schools_own_evening_hour() {
    use journal_db::notifications::{enqueue, OutboxRow};
    let db = TestDb::new();
    let mut conn = db.conn();
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    let mut schools = Vec::new();
    for (name, tz) in [
        ("Школа № 1 (Москва)", "Europe/Moscow"),
        ("Школа № 2 (Владивосток)", "Asia/Vladivostok"),
    ] {
        let school = journal_db::schools::School {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.into(),
            short_name: None,
            timezone: tz.into(),
            is_demo: false,
            created_at: at("2026-09-01 00:00"),
            max_control_works_per_day: 1,
        };
        write_tx(&mut conn, |c| journal_db::schools::insert(c, &school)).unwrap();
        // A mark held for the digest, written at 10:00 Moscow time (17:00 in Vladivostok).
        let held = OutboxRow::new(
            &school.id,
            "mark",
            None,
            "mama@example.ru",
            ("Новая отметка".into(), "Алгебра: 5".into()),
            true,
            at("2026-11-23 07:00"),
        );
        enqueue(&mut conn, &[held]).unwrap();
        schools.push(school.id);
    }
    let digests_of = |conn: &mut _, school: &str| {
        outbox_of(conn, school.parse().unwrap())
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == "digest")
            .count()
    };
    // 09:00 UTC: 19:00 in Vladivostok, past its 18:00; noon in Moscow.
    assert_eq!(
        notify::build_digests(&mut conn, at("2026-11-23 09:00"), 18).unwrap(),
        1
    );
    assert_eq!(
        (
            digests_of(&mut conn, &schools[0]),
            digests_of(&mut conn, &schools[1])
        ),
        (0, 1)
    );
    // 15:00 UTC is 18:00 in Moscow.
    assert_eq!(
        notify::build_digests(&mut conn, at("2026-11-23 14:59"), 18).unwrap(),
        0
    );
    assert_eq!(
        notify::build_digests(&mut conn, at("2026-11-23 15:00"), 18).unwrap(),
        1
    );
    assert_eq!(
        (
            digests_of(&mut conn, &schools[0]),
            digests_of(&mut conn, &schools[1])
        ),
        (1, 1)
    );
}

/// R-D4: a journal save queues, in its transaction, one letter per new mark or absence for each
/// guardian with an address; saving the same cells again queues nothing; a refused save nothing.
#[actix_web::test]
async fn journal_saves_queue_marks_and_absences_for_guardians() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let (deputy, secretary) = (sc.t("deputy").to_owned(), sc.t("secretary").to_owned());
    let years = call_ok(&app, "GET", "/api/v1/years", Some(&deputy), None).await;
    let year_id = years[0]["id"].as_str().unwrap().to_owned();
    let year = call_ok(
        &app,
        "GET",
        &format!("/api/v1/years/{year_id}"),
        Some(&deputy),
        None,
    )
    .await;
    let q2 = year["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "quarter" && p["number"] == 2)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bells = call_ok(
        &app,
        "POST",
        "/api/v1/bell-schedules",
        Some(&deputy),
        Some(json!({"name": "Основное", "bells": [
        {"lesson_number": 1, "starts_at": "08:30", "ends_at": "09:10"}]})),
    )
    .await;
    let body = json!({"year_id": year_id, "grade": 8, "letter": "А", "class_teacher_id": sc.u("petrov"), "week_days": 5, "bell_schedule_id": bells["id"]});
    let (s, class) = call(&app, "POST", "/api/v1/classes", Some(&deputy), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{class}");
    let subject = call_ok(
        &app,
        "POST",
        "/api/v1/subjects",
        Some(&deputy),
        Some(json!({"name": "Физика", "short_name": "Физ."})),
    )
    .await;
    let body = json!({"teacher_id": sc.u("ivanova"), "subject_id": subject["id"], "class_id": class["id"], "hours_per_week": 1});
    let a = call_ok(
        &app,
        "POST",
        "/api/v1/assignments",
        Some(&deputy),
        Some(body),
    )
    .await;
    let body = json!({"assignment_id": a["id"], "weekday": 1, "lesson_number": 1, "valid_from": "2025-09-01", "valid_to": "2026-05-31"});
    let (s, entry) = call(&app, "POST", "/api/v1/timetable", Some(&deputy), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{entry}");
    let mut kids = Vec::new();
    for (surname, email) in [
        ("Гришин", Some("grisha.mama@example.ru")),
        ("Денисов", None),
        ("Ершов", Some("ershova@example.ru")),
    ] {
        let body = json!({"last_name": surname, "first_name": "Саша", "birth_date": "2011-02-03", "class_id": class["id"], "on_date": "2025-09-01"});
        let (s, st) = call(
            &app,
            "POST",
            "/api/v1/students",
            Some(&secretary),
            Some(body),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{st}");
        let body = json!({"last_name": surname, "first_name": "Мама", "email": email});
        let g = call_ok(
            &app,
            "POST",
            "/api/v1/guardians",
            Some(&secretary),
            Some(body),
        )
        .await;
        let sid = st["student"]["id"].as_str().unwrap().to_owned();
        let link = format!("/api/v1/students/{sid}/guardians");
        let (s, l) = call(
            &app,
            "POST",
            &link,
            Some(&secretary),
            Some(json!({"guardian_id": g["id"], "relation": "mother"})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{l}");
        if surname == "Ершов" {
            // R-D5: her refusal is registered, so no letters.
            let consents = format!("/api/v1/guardians/{}/consents", g["id"].as_str().unwrap());
            let body = json!({"decision": "refused", "decided_on": "2025-09-01", "document": "Заявление № 3"});
            let (s, c) = call(&app, "POST", &consents, Some(&secretary), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{c}");
        }
        kids.push(sid);
    }
    let page = format!("/api/v1/journal/{}/{q2}", a["id"].as_str().unwrap());
    let ivanova = sc.t("ivanova").to_owned();
    let e = entry["id"].as_str().unwrap();
    let changes = json!({"changes": [
        {"kind": "mark", "entry_id": e, "lesson_date": "2025-11-10", "student_id": kids[0], "work_type": "oral", "value": "5"},
        {"kind": "attendance", "entry_id": e, "lesson_date": "2025-11-17", "student_id": kids[0], "status": "absent"},
        {"kind": "mark", "entry_id": e, "lesson_date": "2025-11-10", "student_id": kids[1], "work_type": "oral", "value": "4"},
        {"kind": "mark", "entry_id": e, "lesson_date": "2025-11-10", "student_id": kids[2], "work_type": "oral", "value": "3"},
    ]});
    let (s, p, _) = call_matching(
        &app,
        "POST",
        &page,
        Some(&ivanova),
        Some("\"0\""),
        Some(changes.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let mut conn = db.conn();
    let mut rows: Vec<(String, String, String)> = outbox_of(&mut conn, sc.id)
        .unwrap()
        .into_iter()
        .map(|r| (r.kind, r.email, r.subject))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        vec![
            (
                "absence".to_owned(),
                "grisha.mama@example.ru".to_owned(),
                "Пропуск урока: Физика, 17.11.2025".to_owned()
            ),
            (
                "mark".to_owned(),
                "grisha.mama@example.ru".to_owned(),
                "Новая отметка: Физика — 5".to_owned()
            ),
        ],
        "Денисов's mother has no address; Ершов's refused the processing of her data"
    );
    // The same cells again: nothing changed, nothing queued. A stale save writes and queues nothing.
    let (s, _, _) = call_matching(
        &app,
        "POST",
        &page,
        Some(&ivanova),
        Some("\"1\""),
        Some(changes.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = call_matching(
        &app,
        "POST",
        &page,
        Some(&ivanova),
        Some("\"0\""),
        Some(changes),
    )
    .await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
    assert_eq!(outbox_of(&mut conn, sc.id).unwrap().len(), 2);
}

/// Two workers never hold the same letter: a claim leases the rows, a second worker (even
/// concurrently, on another connection) gets none of them until the lease expires, and a worker
/// that lost its lease cannot mark the row sent.
#[actix_web::test]
async fn outbox_claims_are_leased_to_one_worker() {
    use journal_db::notifications::{claim, mark_sent};
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let body = json!({"subject": "Экскурсия", "body": "В пятницу."});
    let (s, _) = call(&app, "POST", &post, Some(sc.t("petrov")), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED);
    let lease = chrono::Duration::minutes(5);
    let t = now();

    // Worker A claims inside an open transaction; worker B claims on another connection meanwhile.
    let (claimed_tx, claimed_rx) = std::sync::mpsc::channel();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let pool = db.pool.clone();
    let a = std::thread::spawn(move || {
        let mut conn = pool.get().unwrap();
        write_tx(&mut conn, |c| {
            let rows = claim(c, "worker-a", t, lease, 50)?;
            claimed_tx.send(rows.len()).unwrap();
            go_rx.recv().unwrap();
            Ok::<_, diesel::result::Error>(rows)
        })
        .unwrap()
    });
    assert_eq!(claimed_rx.recv().unwrap(), 2);
    let pool = db.pool.clone();
    let b = std::thread::spawn(move || {
        let mut conn = pool.get().unwrap();
        write_tx(&mut conn, |c| claim(c, "worker-b", t, lease, 50)).unwrap()
    });
    go_tx.send(()).unwrap();
    let held = a.join().unwrap();
    assert_eq!(held.len(), 2);
    assert!(b.join().unwrap().is_empty(), "B gets nothing A holds");

    let mut conn = db.conn();
    let again = write_tx(&mut conn, |c| {
        claim(c, "worker-b", t + chrono::Duration::minutes(1), lease, 50)
    })
    .unwrap();
    assert!(again.is_empty(), "still leased");
    // A died: after the lease B takes them over, and A's late success no longer counts.
    let later = t + chrono::Duration::minutes(6);
    let taken = write_tx(&mut conn, |c| claim(c, "worker-b", later, lease, 50)).unwrap();
    assert_eq!(taken.len(), 2);
    assert!(taken.iter().all(|r| r.attempts == 2));
    assert!(!mark_sent(&mut conn, &taken[0].id, "worker-a", later).unwrap());
    assert!(mark_sent(&mut conn, &taken[0].id, "worker-b", later).unwrap());
    let statuses: Vec<String> = outbox_of(&mut conn, sc.id)
        .unwrap()
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses.iter().filter(|s| *s == "sent").count(), 1);
}
