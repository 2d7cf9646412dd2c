//! The diary for guardians and students through the API (R-D1, R-D2, R-D5, R-D7, R-A2, R-A3,
//! R-A11). Each test runs on the backend named by JOURNAL_TEST_BACKEND; `make test` runs the suite
//! on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

use actix_web::http::StatusCode;
use common::*;
use journal_db::testing::TestDb;
use journal_db::write_tx;
use journal_domain::Role;
use serde_json::{json, Value};

const PEOPLE: &[(&str, &[Role])] = &[
    ("deputy", &[Role::Deputy]),
    ("secretary", &[Role::Secretary]),
    ("ivanova", &[Role::Teacher]),
    ("petrov", &[Role::Teacher]),
    ("sidorov", &[Role::Teacher]),
    ("mama", &[Role::Guardian]),
    ("stranger", &[Role::Guardian]),
    ("pupil", &[Role::Student]),
];

/// 7А (class teacher Petrov) with Белова and Орлов, whose mother is `mama`; 7Б (Sidorov) with
/// Чужой, whose guardian is `stranger`; Ivanova's mathematics in 7А on Mondays (2nd) and
/// Wednesdays (3rd); `pupil` is Белова's own account.
struct School {
    deputy: String,
    secretary: String,
    ivanova: String,
    petrov: String,
    sidorov: String,
    mama: String,
    stranger: String,
    pupil: String,
    /// Белова, Орлов (7А), Чужой (7Б).
    belova: String,
    orlov: String,
    alien: String,
    /// Mama's and the stranger's guardian records.
    mama_guardian: String,
    stranger_guardian: String,
    monday: String,
    page: String,
    class_7a: String,
}

async fn user_id<S, B>(app: &S, token: &str) -> String
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let me = call_ok(app, "GET", "/api/v1/me", Some(token), None).await;
    me["user_id"].as_str().unwrap().to_owned()
}

/// Link a guardian record to its account, as the office does when it gives one.
fn attach_account(db: &TestDb, guardian: &str, user: &str) {
    let mut conn = db.pool.get().unwrap();
    write_tx(&mut conn, |c| {
        journal_db::diary::set_guardian_user(c, guardian, user)
    })
    .unwrap();
}

fn attach_student(db: &TestDb, student: &str, user: &str) {
    let mut conn = db.pool.get().unwrap();
    write_tx(&mut conn, |c| {
        journal_db::diary::set_student_user(c, student, user)
    })
    .unwrap();
}

macro_rules! setup {
    ($app:expr, $db:expr) => {{
        let app = $app;
        let tok = |who: &'static str| async move { sign_in(app, who).await };
        let (deputy, secretary) = (tok("deputy").await, tok("secretary").await);
        let (ivanova, petrov, sidorov) = (tok("ivanova").await, tok("petrov").await, tok("sidorov").await);
        let (mama, stranger, pupil) = (tok("mama").await, tok("stranger").await, tok("pupil").await);
        let (s, year) = call(app, "POST", "/api/v1/years", Some(&deputy), Some(year_2025())).await;
        assert_eq!(s, StatusCode::CREATED, "{year}");
        let q2 = year["periods"].as_array().unwrap().iter()
            .find(|p| p["kind"] == "quarter" && p["number"] == 2).unwrap()["id"].as_str().unwrap().to_owned();
        let bells = call_ok(app, "POST", "/api/v1/bell-schedules", Some(&deputy), Some(json!({"name": "Основное", "bells": [
            {"lesson_number": 1, "starts_at": "08:30", "ends_at": "09:10"},
            {"lesson_number": 2, "starts_at": "09:20", "ends_at": "10:00"},
            {"lesson_number": 3, "starts_at": "10:20", "ends_at": "11:00"}]}))).await;
        let mut classes = Vec::new();
        for (letter, teacher) in [("А", user_id(app, &petrov).await), ("Б", user_id(app, &sidorov).await)] {
            let body = json!({"year_id": year["year"]["id"], "grade": 7, "letter": letter, "class_teacher_id": teacher, "week_days": 5, "bell_schedule_id": bells["id"]});
            let (s, c) = call(app, "POST", "/api/v1/classes", Some(&deputy), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{c}");
            classes.push(c["id"].as_str().unwrap().to_owned());
        }
        let math = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(json!({"name": "Математика", "short_name": "Мат."}))).await;
        let body = json!({"teacher_id": user_id(app, &ivanova).await, "subject_id": math["id"], "class_id": classes[0], "hours_per_week": 2});
        let (s, a) = call(app, "POST", "/api/v1/assignments", Some(&deputy), Some(body)).await;
        assert_eq!(s, StatusCode::CREATED, "{a}");
        let mut entries = Vec::new();
        for (day, n) in [(1, 2), (3, 3)] {
            let body = json!({"assignment_id": a["id"], "weekday": day, "lesson_number": n, "valid_from": "2025-09-01", "valid_to": "2026-05-31"});
            let (s, e) = call(app, "POST", "/api/v1/timetable", Some(&deputy), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{e}");
            entries.push(e["id"].as_str().unwrap().to_owned());
        }
        let mut students = Vec::new();
        for (surname, class, born) in [("Белова", &classes[0], "2011-03-01"), ("Орлов", &classes[0], "2013-05-02"), ("Чужой", &classes[1], "2012-01-01")] {
            let body = json!({"last_name": surname, "first_name": "Саша", "birth_date": born, "class_id": class, "on_date": "2025-09-01"});
            let (s, st) = call(app, "POST", "/api/v1/students", Some(&secretary), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{st}");
            students.push(st["student"]["id"].as_str().unwrap().to_owned());
        }
        let mut guardians = Vec::new();
        for (name, children) in [("Белова", vec![&students[0], &students[1]]), ("Чужая", vec![&students[2]])] {
            let (s, g) = call(app, "POST", "/api/v1/guardians", Some(&secretary),
                Some(json!({"last_name": name, "first_name": "Мария", "email": "parent@example.org"}))).await;
            assert_eq!(s, StatusCode::CREATED, "{g}");
            for child in children {
                let (s, l) = call(app, "POST", &format!("/api/v1/students/{child}/guardians"), Some(&secretary),
                    Some(json!({"guardian_id": g["id"], "relation": "mother"}))).await;
                assert_eq!(s, StatusCode::CREATED, "{l}");
            }
            guardians.push(g["id"].as_str().unwrap().to_owned());
        }
        attach_account($db, &guardians[0], &user_id(app, &mama).await);
        attach_account($db, &guardians[1], &user_id(app, &stranger).await);
        attach_student($db, &students[0], &user_id(app, &pupil).await);
        // Signed in again: leading a class shows in the token from the next sign-in.
        let (petrov, sidorov) = (tok("petrov").await, tok("sidorov").await);
        School {
            deputy, secretary, ivanova, petrov, sidorov, mama, stranger, pupil,
            belova: students[0].clone(), orlov: students[1].clone(), alien: students[2].clone(),
            mama_guardian: guardians[0].clone(), stranger_guardian: guardians[1].clone(),
            monday: entries[0].clone(),
            page: format!("/api/v1/journal/{}/{q2}", a["id"].as_str().unwrap()),
            class_7a: classes[0].clone(),
        }
    }};
}

/// Ivanova writes the lesson of Monday 10 November: topic, homework, a commented control-work
/// mark and an oral mark for Белова, Орлов absent; Wednesday's lesson is covered by Sidorov.
async fn fill_the_week<S, B>(app: &S, s: &School)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (_, _, etag) = call_matching(app, "GET", &s.page, Some(&s.ivanova), None, None).await;
    let changes = json!([
        {"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-10", "conducted": true,
         "topic": "Линейные уравнения", "homework": "№ 112, 114", "work_types": ["oral", "control"]},
        {"kind": "mark", "entry_id": s.monday, "lesson_date": "2025-11-10", "student_id": s.belova,
         "work_type": "control", "value": "5", "comment": "Отличное решение"},
        {"kind": "mark", "entry_id": s.monday, "lesson_date": "2025-11-10", "student_id": s.belova,
         "work_type": "oral", "value": "4"},
        {"kind": "attendance", "entry_id": s.monday, "lesson_date": "2025-11-10", "student_id": s.orlov,
         "status": "absent", "reason": "illness"},
    ]);
    let (status, body, _) = call_matching(
        app,
        "POST",
        &s.page,
        Some(&s.ivanova),
        etag.as_deref(),
        Some(json!({ "changes": changes })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, file, _) = send(
        app,
        "POST",
        &format!("/api/v1/lessons/{}/2025-11-10/files?name=%D0%B7%D0%B0%D0%B4%D0%B0%D0%BD%D0%B8%D0%B5.txt", s.monday),
        Some(&s.ivanova),
        None,
        Some(("text/plain", "№ 112, 114 и 115*".as_bytes().to_vec())),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&file)
    );
    let lessons = call_ok(
        app,
        "GET",
        &format!(
            "/api/v1/lessons?class_id={}&from=2025-11-12&to=2025-11-12",
            s.class_7a
        ),
        Some(&s.deputy),
        None,
    )
    .await;
    let wednesday = lessons[0]["entry_id"].as_str().unwrap().to_owned();
    let sidorov = user_id(app, &s.sidorov).await;
    let (status, body) = call(
        app,
        "POST",
        &format!("/api/v1/lessons/{wednesday}/2025-11-12/change"),
        Some(&s.deputy),
        Some(json!({"kind": "substitution", "substitute_id": sidorov})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

fn diary_of(student: &str) -> String {
    format!("/api/v1/students/{student}/diary?from=2025-11-10")
}

fn lessons_of<'a>(diary: &'a Value, date: &str) -> &'a Vec<Value> {
    diary["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == date)
        .unwrap()["lessons"]
        .as_array()
        .unwrap()
}

#[actix_web::test]
async fn a_guardian_sees_the_week_of_each_child_with_marks_homework_and_the_substitution() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app, &db);
    fill_the_week(&app, &s).await;

    // `GET /me` lists the guardian's children, in Russian order (R-A2).
    let me = call_ok(&app, "GET", "/api/v1/me", Some(&s.mama), None).await;
    let kids: Vec<&str> = me["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["Белова Саша", "Орлов Саша"]);
    assert_eq!(me["students"][0]["class_name"], "7А");
    let me = call_ok(&app, "GET", "/api/v1/me", Some(&s.pupil), None).await;
    assert_eq!(me["students"][0]["id"], s.belova.as_str());

    let (status, diary) = call(&app, "GET", &diary_of(&s.belova), Some(&s.mama), None).await;
    assert_eq!(status, StatusCode::OK, "{diary}");
    assert_eq!(
        (diary["from"].as_str(), diary["to"].as_str()),
        (Some("2025-11-10"), Some("2025-11-16"))
    );
    assert_eq!(diary["days"].as_array().unwrap().len(), 7);
    let monday = lessons_of(&diary, "2025-11-10");
    assert_eq!(monday.len(), 1);
    let lesson = &monday[0];
    assert_eq!(lesson["lesson"]["subject_name"], "Математика");
    assert_eq!(lesson["lesson"]["starts_at"], "09:20");
    assert_eq!(lesson["lesson"]["topic"], "Линейные уравнения");
    assert_eq!(lesson["lesson"]["homework"], "№ 112, 114");
    assert_eq!(
        lesson["homework_due"], "2025-11-12",
        "due by the next lesson"
    );
    let marks = lesson["marks"].as_array().unwrap();
    assert_eq!(marks.len(), 2);
    let control = marks.iter().find(|m| m["work_type"] == "control").unwrap();
    assert_eq!(control["value"], "5");
    assert_eq!(control["work_type_name"], "Контрольная работа");
    assert_eq!(control["weight"], 2.0);
    assert_eq!(control["comment"], "Отличное решение");
    assert!(lesson.get("attendance").is_none());
    // The homework file: the family downloads it, another family cannot (R-D1, R-A2).
    assert_eq!(lesson["files"][0]["file_name"], "задание.txt");
    let file = format!(
        "/api/v1/files/{}",
        lesson["files"][0]["id"].as_str().unwrap()
    );
    let (status, _, bytes, _) = send(&app, "GET", &file, Some(&s.mama), None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, "№ 112, 114 и 115*".as_bytes());
    let (status, _, _, _) = send(&app, "GET", &file, Some(&s.pupil), None, None).await;
    assert_eq!(status, StatusCode::OK, "the student themselves");
    let (status, _, _, _) = send(&app, "GET", &file, Some(&s.stranger), None, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The substitution is shown plainly (R-D1, R-T2).
    let wednesday = lessons_of(&diary, "2025-11-12");
    assert_eq!(wednesday[0]["lesson"]["change"]["kind"], "substitution");
    assert!(wednesday[0]["lesson"]["change"]["substitute_name"].is_string());
    assert!(lessons_of(&diary, "2025-11-15").is_empty(), "Saturday");
    assert_eq!(
        diary["class_teacher_name"].as_str().map(|n| !n.is_empty()),
        Some(true)
    );
    assert_eq!(diary["teachers"][0]["subject_name"], "Математика");

    // The other child: the absence with its reason, no marks.
    let (status, diary) = call(&app, "GET", &diary_of(&s.orlov), Some(&s.mama), None).await;
    assert_eq!(status, StatusCode::OK, "{diary}");
    let lesson = &lessons_of(&diary, "2025-11-10")[0];
    assert_eq!(lesson["attendance"]["status"], "absent");
    assert_eq!(lesson["attendance"]["reason"], "illness");
    assert_eq!(lesson["marks"], json!([]));

    // The holidays of the year and the week of the autumn break.
    let autumn = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{}/diary?from=2025-10-27", s.belova),
        Some(&s.mama),
        None,
    )
    .await;
    assert_eq!(autumn["days"][0]["holiday"], "Осенние каникулы");
    assert!(lessons_of(&autumn, "2025-10-27").is_empty());

    // The period view: the weighted average (5×2 + 4×1) / 3 as in the journal (R-F6, R-D7).
    let (status, results) = call(
        &app,
        "GET",
        &format!("/api/v1/students/{}/results", s.belova),
        Some(&s.pupil),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    // The year is over by now: the latest period begun is shown.
    assert_eq!(results["period"]["number"], 4);
    assert_eq!(results["subjects"][0]["subject_name"], "Математика");
    assert_eq!(results["periods"].as_array().unwrap().len(), 4);
    let q2 = call_ok(
        &app,
        "GET",
        &format!(
            "/api/v1/students/{}/results?period_id={}",
            s.belova,
            s.page.rsplit('/').next().unwrap()
        ),
        Some(&s.pupil),
        None,
    )
    .await;
    let average = q2["subjects"][0]["forecast"]["average"].as_f64().unwrap();
    assert!((average - 14.0 / 3.0).abs() < 1e-9, "{average}");
    assert_eq!(q2["subjects"][0]["marks"].as_array().unwrap().len(), 2);

    // The printed extract of two weeks (R-D6): a PDF, and the same as a printable page.
    let extract = |student: &str, format: &str| {
        format!("/api/v1/students/{student}/extract?from=2025-11-10&to=2025-11-23&format={format}")
    };
    let (status, ct, pdf, _) = send(
        &app,
        "GET",
        &extract(&s.belova, "pdf"),
        Some(&s.mama),
        None,
        None,
    )
    .await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/pdf"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Среднийбалл:4,67"), "{text}");
    let (status, ct, page, _) = send(
        &app,
        "GET",
        &extract(&s.orlov, "html"),
        Some(&s.petrov),
        None,
        None,
    )
    .await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("Орлов Саша, 7А класс"), "{page}");
    assert!(page.contains("10.11: отсутствие по болезни"), "{page}");
    let (_, _, page, _) = send(
        &app,
        "GET",
        &extract(&s.belova, "html"),
        Some(&s.mama),
        None,
        None,
    )
    .await;
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("10.11: 5 (контрольная работа), 4 (устный ответ)"),
        "{page}"
    );
    assert!(page.contains("Средний балл: 4,67"), "{page}");
    let (status, _, _, _) = send(
        &app,
        "GET",
        &extract(&s.belova, "pdf"),
        Some(&s.stranger),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = call(
        &app,
        "GET",
        &format!(
            "/api/v1/students/{}/extract?from=2025-09-01&to=2025-12-31",
            s.belova
        ),
        Some(&s.mama),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_span"))
    );

    // Teachers of the student and the class teacher read it too; a teacher of another class not.
    for reader in [&s.ivanova, &s.petrov, &s.deputy] {
        let (status, _) = call(&app, "GET", &diary_of(&s.belova), Some(reader), None).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = call(&app, "GET", &diary_of(&s.belova), Some(&s.sidorov), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = call(
        &app,
        "GET",
        &format!(
            "/api/v1/students/{}/diary?from=2025-09-01&to=2025-11-01",
            s.belova
        ),
        Some(&s.mama),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_span"))
    );
}

#[actix_web::test]
async fn nobody_reads_a_child_not_theirs_by_any_endpoint() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    school_with(&db, "Другая школа", &[("faraway", &[Role::Guardian])]);
    let app = app!(&db);
    let s = setup!(&app, &db);
    fill_the_week(&app, &s).await;
    let missing = uuid::Uuid::new_v4().to_string();
    let faraway = sign_in(&app, "faraway").await;
    // The stranger's child, a made-up id, and Белова for a guardian of another school: 404 alike,
    // nothing revealed (R-A2, R-A11).
    for (who, student) in [
        (&s.mama, &s.alien),
        (&s.mama, &missing),
        (&s.stranger, &s.belova),
        (&s.pupil, &s.orlov),
        (&faraway, &s.belova),
    ] {
        for path in [
            diary_of(student),
            format!("/api/v1/students/{student}/results"),
        ] {
            let (status, body) = call(&app, "GET", &path, Some(who), None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        }
        let (status, _) = call(
            &app,
            "POST",
            &format!("/api/v1/students/{student}/acknowledgements"),
            Some(who),
            Some(json!({"kind": "week", "week_of": "2025-11-10"})),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // Families see no roster, no lesson list, no homework files of other lessons.
    for who in [&s.mama, &s.pupil] {
        for path in [
            format!("/api/v1/students/{}", s.belova),
            format!(
                "/api/v1/lessons?class_id={}&from=2025-11-10&to=2025-11-16",
                s.class_7a
            ),
            format!("/api/v1/lessons/{}/2025-11-10/files", s.monday),
            format!("/api/v1/classes/{}/acknowledgements", s.class_7a),
            format!("/api/v1/guardians/{}/consents", s.stranger_guardian),
        ] {
            let (status, body) = call(&app, "GET", &path, Some(who), None).await;
            assert!(
                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                "{path}: {status} {body}"
            );
        }
    }
    // A pupil acknowledges nothing: only guardians do (R-D2).
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/students/{}/acknowledgements", s.belova),
        Some(&s.pupil),
        Some(json!({"kind": "week", "week_of": "2025-11-10"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_student_token_gets_403_on_every_journal_endpoint() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app, &db);
    let history = format!("{}/history", s.page);
    let close = format!("{}/close", s.page);
    let lesson = format!("/api/v1/lessons/{}/2025-11-10", s.monday);
    let finals = format!("/api/v1/classes/{}/finals", s.class_7a);
    let gets = [
        s.page.as_str(),
        history.as_str(),
        lesson.as_str(),
        finals.as_str(),
        "/api/v1/journal-settings",
    ];
    for path in gets {
        let (status, body) = call(&app, "GET", path, Some(&s.pupil), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
    }
    let (status, _, _) = call_matching(
        &app,
        "POST",
        &s.page,
        Some(&s.pupil),
        Some("\"0\""),
        Some(
            json!({"changes": [{"kind": "mark", "entry_id": s.monday, "lesson_date": "2025-11-10",
            "student_id": s.belova, "work_type": "oral", "value": "5"}]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(&app, "POST", &close, Some(&s.pupil), Some(json!({}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = call(
        &app,
        "PUT",
        &lesson,
        Some(&s.pupil),
        Some(json!({"conducted": true, "topic": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_guardian_acknowledges_the_week_and_the_class_teacher_sees_it() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app, &db);
    let path = format!("/api/v1/students/{}/acknowledgements", s.belova);
    let week = json!({"kind": "week", "week_of": "2025-11-12"});
    let (status, first) = call(&app, "POST", &path, Some(&s.mama), Some(week.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["span_start"], "2025-11-10");
    assert_eq!(first["span_end"], "2025-11-16");
    let (status, again) = call(&app, "POST", &path, Some(&s.mama), Some(week)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["at"], first["at"], "acknowledged once");
    let (status, body) = call(
        &app,
        "POST",
        &path,
        Some(&s.mama),
        Some(json!({"kind": "week", "week_of": "2099-01-05"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("future_span"))
    );
    let actions = audit_actions(&app, &s.deputy, &s.belova).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "diary.acknowledge").count(),
        1,
        "{actions:?}"
    );

    // The diary shows it to the family.
    let diary = call_ok(&app, "GET", &diary_of(&s.belova), Some(&s.mama), None).await;
    assert_eq!(diary["acknowledgements"][0]["kind"], "week");
    assert_eq!(diary["acknowledgements"][0]["mine"], true);
    let seen_by_teacher = call_ok(&app, "GET", &diary_of(&s.belova), Some(&s.petrov), None).await;
    assert_eq!(seen_by_teacher["acknowledgements"][0]["mine"], false);

    // The class teacher's sheet: Белова's mother acknowledged; Орлов's did not (R-D2).
    let sheet = format!(
        "/api/v1/classes/{}/acknowledgements?week_of=2025-11-10&inactive_days=7",
        s.class_7a
    );
    let (status, body) = call(&app, "GET", &sheet, Some(&s.petrov), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let line = |name: &str| {
        body["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == name)
            .unwrap()
            .clone()
    };
    let belova = line("Белова Саша");
    assert!(belova["guardians"][0]["acknowledged_at"].is_string());
    assert_eq!(belova["guardians"][0]["has_account"], true);
    assert_eq!(belova["guardians"][0]["inactive"], false, "signed in today");
    assert!(line("Орлов Саша")["guardians"][0]["acknowledged_at"].is_null());
    // Another class's teacher may not see it.
    let (status, _) = call(&app, "GET", &sheet, Some(&s.sidorov), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, "GET", &sheet, Some(&s.deputy), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[actix_web::test]
async fn consent_governs_the_guardians_diary_and_accounts_follow_the_rules() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app, &db);
    // A new guardian without a registered consent gets no account (R-D5).
    let g = call_ok(
        &app,
        "POST",
        "/api/v1/guardians",
        Some(&s.secretary),
        Some(json!({"last_name": "Орлов", "first_name": "Пётр"})),
    )
    .await;
    let g = g["id"].as_str().unwrap().to_owned();
    call(
        &app,
        "POST",
        &format!("/api/v1/students/{}/guardians", s.orlov),
        Some(&s.secretary),
        Some(json!({"guardian_id": g, "relation": "father"})),
    )
    .await;
    let account = format!("/api/v1/guardians/{g}/account");
    let open_account = async |login: &str| {
        call(
            &app,
            "POST",
            &account,
            Some(&s.petrov),
            Some(json!({"login": login})),
        )
        .await
    };
    let (status, body) = open_account("orlov.papa").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("consent_missing"))
    );
    let consents = format!("/api/v1/guardians/{g}/consents");
    // A refusal is said as such: the school gives printed extracts instead.
    let refused = json!({"decision": "refused", "decided_on": "2025-09-01", "document": "Заявление № 6 от 01.09.2025"});
    let (status, _) = call(&app, "POST", &consents, Some(&s.petrov), Some(refused)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = open_account("orlov.papa").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("consent_refused"))
    );
    let given = json!({"decision": "given", "decided_on": "2025-09-01", "document": "Заявление № 7 от 01.09.2025"});
    // Only the office or the class teacher of the child (Petrov leads 7А; Sidorov does not).
    let (status, _) = call(
        &app,
        "POST",
        &consents,
        Some(&s.sidorov),
        Some(given.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(&app, "POST", &consents, Some(&s.petrov), Some(given)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, made) = open_account("orlov.papa").await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let (status, _) = login(
        &app,
        "orlov.papa",
        made["one_time_password"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the one-time password signs in");
    let (status, body) = open_account("orlov.papa2").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("account_exists"))
    );

    // Mama refuses: her diary closes with a clear code; the history keeps both decisions.
    let mama_consents = format!("/api/v1/guardians/{}/consents", s.mama_guardian);
    for decision in ["given", "refused"] {
        let (status, _) = call(
            &app,
            "POST",
            &mama_consents,
            Some(&s.secretary),
            Some(
                json!({"decision": decision, "decided_on": "2025-11-01", "document": "Заявление"}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, body) = call(&app, "GET", &diary_of(&s.belova), Some(&s.mama), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("consent_refused"))
    );
    let history = call_ok(&app, "GET", &mama_consents, Some(&s.petrov), None).await;
    let decisions: Vec<(&str, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["decision"].as_str().unwrap(),
                c["in_force"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(decisions, [("given", false), ("refused", true)]);
    let (status, body) = call(
        &app,
        "POST",
        &mama_consents,
        Some(&s.secretary),
        Some(json!({"decision": "maybe", "decided_on": "2025-11-01", "document": "x"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_decision"))
    );

    // Students get their own account from 14 (R-A3): Орлов, born 2013, is too young.
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/students/{}/account", s.orlov),
        Some(&s.petrov),
        Some(json!({"login": "orlov"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("too_young"))
    );
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/students/{}/account", s.alien),
        Some(&s.sidorov),
        Some(json!({"login": "chuzhoy"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let actions = audit_actions(&app, &s.deputy, &g).await;
    assert!(
        actions.contains(&"guardian.consent".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"guardian.account".to_owned()),
        "{actions:?}"
    );
}

// Diary access for whole classes (declared after `setup!`, which it uses).
mod access;
