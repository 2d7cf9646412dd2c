//! People (R-B5) and import/export (R-B6) through the real actix stack with real tokens. Each test
//! runs on the backend named by JOURNAL_TEST_BACKEND; `make test` runs the suite on SQLite and on
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use common::*;
use journal_db::testing::TestDb;
use journal_db::{now, people, users};
use journal_domain::{Role, SchoolId, UserId};
use serde_json::{json, Value};
use std::collections::HashMap;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The usual school: the office, two class teachers (7А, 8Б), a subject teacher and a family.
fn school_a(db: &TestDb) -> (SchoolId, HashMap<String, String>) {
    school_with_classes(
        db,
        "Школа А",
        &[
            ("admin", &[Role::Admin]),
            ("secretary", &[Role::Secretary]),
            ("director", &[Role::Director]),
            ("deputy", &[Role::Deputy]),
            ("kt7a", &[Role::Teacher]),
            ("kt8b", &[Role::Teacher]),
            ("teacher", &[Role::Teacher]),
            ("parent", &[Role::Guardian]),
            ("pupil", &[Role::Student]),
        ],
        &[("7А", Some("kt7a")), ("8Б", Some("kt8b")), ("5А", None)],
    )
}

/// Import a file; answers the status and the report (for 422, the report inside the problem).
async fn import<S, B>(
    app: &S,
    token: &str,
    kind: &str,
    dry_run: bool,
    content_type: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let path = format!("/api/v1/import/{kind}?dry_run={dry_run}");
    let (status, _, body) =
        request(app, "POST", &path, Some(token), Some((content_type, bytes))).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    if status == StatusCode::UNPROCESSABLE_ENTITY && v["code"] == "import_rejected" {
        return (status, v["report"].clone());
    }
    (status, v)
}

async fn export<S, B>(app: &S, token: &str, kind: &str, format: &str) -> (String, Vec<u8>)
where
    S: TestApp<B>,
    B: MessageBody,
{
    let path = format!("/api/v1/export/{kind}?format={format}");
    let (status, ct, body) = request(app, "GET", &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    (ct, body)
}

/// `(line, code)` of each problem of a report.
fn problems(report: &Value) -> Vec<(u64, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["last_name"].as_str().unwrap().to_owned())
        .collect()
}

/// (students, guardians, links, movements) of a school, read straight from storage.
fn counts(db: &TestDb, school: SchoolId) -> (i64, i64, i64, i64) {
    people::counts(&mut db.conn(), school).unwrap()
}

async fn admit<S, B>(app: &S, token: &str, last: &str, class: &str, on: &str) -> String
where
    S: TestApp<B>,
    B: MessageBody,
{
    let body = json!({
        "last_name": last, "first_name": "Иван", "birth_date": "2012-05-04",
        "class_id": class, "on_date": on,
    });
    let (status, created) = call(app, "POST", "/api/v1/students", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["student"]["id"].as_str().unwrap().to_owned()
}

async fn new_guardian<S, B>(app: &S, token: &str, last: &str) -> String
where
    S: TestApp<B>,
    B: MessageBody,
{
    let body = json!({"last_name": last, "first_name": "Мария", "phone": "+7 912 000-00-01"});
    let (status, created) = call(app, "POST", "/api/v1/guardians", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn students_list_in_russian_order_with_filters_and_pages() {
    let db = TestDb::new();
    let (_, classes) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let teacher = sign_in(&app, "teacher").await;
    let (c7, c8) = (&classes["7А"], &classes["8Б"]);
    for (last, class) in [
        ("Жуков", c7),
        ("Ёлкин", c8),
        ("Егоров", c7),
        ("Яшин", c7),
        ("Абрамов", c8),
        ("Ершов", c7),
    ] {
        admit(&app, &secretary, last, class, "2025-09-01").await;
    }
    let gone = admit(&app, &secretary, "Борисов", c7, "2025-09-01").await;
    let body = json!({"on_date": "2025-12-01", "reason": "переезд"});
    let path = format!("/api/v1/students/{gone}/withdraw");
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(body))
            .await
            .0,
        StatusCode::OK
    );

    // Staff read the list; Ё comes right after Е, not after Я.
    let (status, all) = call(
        &app,
        "GET",
        "/api/v1/students?limit=50",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(
        names(&all),
        [
            "Абрамов",
            "Борисов",
            "Егоров",
            "Ершов",
            "Ёлкин",
            "Жуков",
            "Яшин"
        ]
    );
    assert_eq!(all["total"], 7);
    let elkin = &all["items"][4];
    assert_eq!(
        (elkin["class_name"].as_str(), elkin["class_id"].as_str()),
        (Some("8Б"), Some(c8.as_str()))
    );
    assert_eq!(elkin["birth_date"], "2012-05-04");
    assert_eq!(all["items"][1]["status"], "withdrawn");
    assert!(
        all["items"][1].get("class_id").is_none(),
        "withdrawn: no class"
    );

    let path = format!("/api/v1/students?class_id={c7}&status=active");
    let in_7a = call_ok(&app, "GET", &path, Some(&teacher), None).await;
    assert_eq!(names(&in_7a), ["Егоров", "Ершов", "Жуков", "Яшин"]);
    let withdrawn = call_ok(
        &app,
        "GET",
        "/api/v1/students?status=withdrawn",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(names(&withdrawn), ["Борисов"]);

    // Case-insensitive Cyrillic search; Ё and Е alike.
    for q in ["%D1%91%D0%BB%D0%BA", "%D0%95%D0%9B%D0%9A"] {
        let found = call_ok(
            &app,
            "GET",
            &format!("/api/v1/students?q={q}"),
            Some(&teacher),
            None,
        )
        .await;
        assert_eq!(names(&found), ["Ёлкин"], "q={q}");
    }

    // Pages: offset and limit over the sorted list, with the total of all pages.
    let page = call_ok(
        &app,
        "GET",
        "/api/v1/students?status=active&offset=2&limit=2",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(names(&page), ["Ершов", "Ёлкин"]);
    assert_eq!(
        (page["total"].clone(), page["offset"].clone()),
        (json!(6), json!(2))
    );
    let (status, bad) = call(
        &app,
        "GET",
        "/api/v1/students?status=expelled",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(
        (status, bad["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query"))
    );
}

#[actix_web::test]
async fn movement_history_is_dated_and_never_goes_backwards() {
    let db = TestDb::new();
    let (school, classes) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let deputy = sign_in(&app, "deputy").await;
    let admin = sign_in(&app, "admin").await;
    let (c7, c8) = (&classes["7А"], &classes["8Б"]);
    let id = admit(&app, &secretary, "Петров", c7, "2025-09-01").await;
    let before = counts(&db, school);

    // A transfer dated before the admission is refused, with a code, and writes nothing.
    let path = format!("/api/v1/students/{id}/transfer");
    let early = json!({"to_class_id": c8, "on_date": "2025-08-31"});
    let (status, problem) = call(&app, "POST", &path, Some(&deputy), Some(early)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("movement_date_before_previous")
        ),
        "{problem}"
    );
    assert_eq!(counts(&db, school), before);
    let same = json!({"to_class_id": c7, "on_date": "2025-10-01"});
    assert_eq!(
        call(&app, "POST", &path, Some(&deputy), Some(same)).await.1["code"],
        "same_class"
    );

    let ok = json!({"to_class_id": c8, "on_date": "2026-01-12", "order_ref": "№ 17-у"});
    let (status, moved) = call(&app, "POST", &path, Some(&deputy), Some(ok)).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["student"]["class_name"], "8Б");

    // Withdrawal needs a reason and cannot come before the transfer either.
    let path = format!("/api/v1/students/{id}/withdraw");
    let no_reason = json!({"on_date": "2026-03-01", "reason": "  "});
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(no_reason))
            .await
            .1["code"],
        "validation_failed"
    );
    let backwards = json!({"on_date": "2026-01-11", "reason": "переезд"});
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(backwards))
            .await
            .1["code"],
        "movement_date_before_previous"
    );
    let leave = json!({"on_date": "2026-03-01", "reason": "переезд в другой город"});
    let (status, gone) = call(&app, "POST", &path, Some(&secretary), Some(leave.clone())).await;
    assert_eq!(status, StatusCode::OK, "{gone}");
    assert_eq!(gone["student"]["status"], "withdrawn");
    assert!(gone["student"].get("class_id").is_none());
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(leave))
            .await
            .1["code"],
        "student_withdrawn"
    );

    // The whole history, oldest first, with class names.
    let (status, student) = call(
        &app,
        "GET",
        &format!("/api/v1/students/{id}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let history: Vec<(String, String, Value, Value)> = student["movements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap().to_owned(),
                m["on_date"].as_str().unwrap().to_owned(),
                m["from_class_name"].clone(),
                m["to_class_name"].clone(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (
                "admission".into(),
                "2025-09-01".into(),
                Value::Null,
                json!("7А")
            ),
            (
                "transfer".into(),
                "2026-01-12".into(),
                json!("7А"),
                json!("8Б")
            ),
            (
                "withdrawal".into(),
                "2026-03-01".into(),
                json!("8Б"),
                Value::Null
            ),
        ]
    );
    assert_eq!(student["movements"][1]["order_ref"], "№ 17-у");
    assert_eq!(student["movements"][2]["reason"], "переезд в другой город");

    // Each movement is in the audit log with before and after, and nothing for the refusals.
    assert_eq!(
        audit_actions(&app, &admin, &id).await,
        ["student.withdraw", "student.transfer", "student.admit"]
    );
    let log = call_ok(
        &app,
        "GET",
        &format!("/api/v1/audit?entity_id={id}&action=student.transfer"),
        Some(&admin),
        None,
    )
    .await;
    let entry = &log["items"][0];
    assert_eq!(entry["before"]["class_name"], "7А");
    assert_eq!(entry["after"]["student"]["class_name"], "8Б");
    assert_eq!(entry["actor_role"], "deputy");

    // An admission before the birth date is refused too.
    let body = json!({"last_name": "Рано", "first_name": "Иван", "birth_date": "2012-05-04",
                      "class_id": c7, "on_date": "2012-05-03"});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/students",
            Some(&secretary),
            Some(body)
        )
        .await
        .1["code"],
        "date_before_birth"
    );
}

#[actix_web::test]
async fn class_teacher_keeps_the_data_of_their_own_class_only() {
    let db = TestDb::new();
    let (_, classes) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let kt7a = sign_in(&app, "kt7a").await;
    let teacher = sign_in(&app, "teacher").await;
    let mine = admit(&app, &secretary, "Свой", &classes["7А"], "2025-09-01").await;
    let theirs = admit(&app, &secretary, "Чужой", &classes["8Б"], "2025-09-01").await;
    let their_parent = new_guardian(&app, &secretary, "Чужая").await;
    let link = json!({"guardian_id": their_parent, "relation": "mother"});
    let path = format!("/api/v1/students/{theirs}/guardians");
    assert_eq!(
        call(&app, "POST", &path, Some(&secretary), Some(link))
            .await
            .0,
        StatusCode::CREATED
    );

    let edit = |last: &str| {
        json!({"last_name": last, "first_name": "Иван", "birth_date": "2012-05-04",
               "phone": "8 (912) 111-22-33", "email": "ivan@example.ru"})
    };
    // Their own class: yes.
    let (status, updated) = call(
        &app,
        "PUT",
        &format!("/api/v1/students/{mine}"),
        Some(&kt7a),
        Some(edit("Свой-Исправленный")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["student"]["last_name"], "Свой-Исправленный");
    assert_eq!(updated["phone"], "8 (912) 111-22-33");
    let parent = new_guardian(&app, &kt7a, "Своя").await;
    let link = json!({"guardian_id": parent, "relation": "mother"});
    let (status, linked) = call(
        &app,
        "POST",
        &format!("/api/v1/students/{mine}/guardians"),
        Some(&kt7a),
        Some(link.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{linked}");
    assert_eq!(linked["relation"], "mother");
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("/api/v1/students/{mine}/guardians"),
            Some(&kt7a),
            Some(link)
        )
        .await
        .1["code"],
        "already_linked"
    );
    let guardian_edit =
        json!({"last_name": "Своя", "first_name": "Мария", "email": "mama@example.ru"});
    assert_eq!(
        call(
            &app,
            "PUT",
            &format!("/api/v1/guardians/{parent}"),
            Some(&kt7a),
            Some(guardian_edit.clone())
        )
        .await
        .0,
        StatusCode::OK
    );

    // Another class: no, and nothing changes.
    let (status, body) = call(
        &app,
        "PUT",
        &format!("/api/v1/students/{theirs}"),
        Some(&kt7a),
        Some(edit("Взлом")),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let link = json!({"guardian_id": parent, "relation": "father"});
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("/api/v1/students/{theirs}/guardians"),
            Some(&kt7a),
            Some(link)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &format!("/api/v1/guardians/{their_parent}"),
            Some(&kt7a),
            Some(guardian_edit)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("/api/v1/students/{theirs}/guardians/{their_parent}"),
            Some(&kt7a),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let still = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{theirs}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(still["student"]["last_name"], "Чужой");
    assert_eq!(still["guardians"].as_array().unwrap().len(), 1);
    assert_eq!(still["guardians"][0]["guardian"]["last_name"], "Чужая");

    // A class teacher neither admits nor moves students; a subject teacher only reads.
    let body = json!({"last_name": "Новый", "first_name": "Иван", "birth_date": "2012-05-04",
                      "class_id": classes["7А"], "on_date": "2025-09-02"});
    assert_eq!(
        call(&app, "POST", "/api/v1/students", Some(&kt7a), Some(body))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &format!("/api/v1/students/{mine}"),
            Some(&teacher),
            Some(edit("Учитель"))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, read) = call(
        &app,
        "GET",
        &format!("/api/v1/students/{mine}"),
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["guardians"][0]["guardian"]["email"], "mama@example.ru");

    // Unlinking in their own class works; the guardian list stays searchable by name.
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("/api/v1/students/{mine}/guardians/{parent}"),
            Some(&kt7a),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    let found = call_ok(
        &app,
        "GET",
        "/api/v1/guardians?q=%D1%81%D0%B2%D0%BE%D1%8F",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(names(&found), ["Своя"]);
    let all = call_ok(
        &app,
        "GET",
        "/api/v1/guardians?limit=1",
        Some(&teacher),
        None,
    )
    .await;
    assert_eq!(
        (names(&all), all["total"].clone()),
        (vec!["Своя".to_owned()], json!(2))
    );
}

#[actix_web::test]
async fn families_get_403_on_people_and_lists() {
    let db = TestDb::new();
    let (school, classes) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let id = admit(&app, &secretary, "Петров", &classes["7А"], "2025-09-01").await;
    let guardian = new_guardian(&app, &secretary, "Петрова").await;
    let before = counts(&db, school);
    let csv = "Фамилия;Имя\nИванова;Анна\n".as_bytes().to_vec();
    for who in ["parent", "pupil"] {
        let token = sign_in(&app, who).await;
        for (method, path, body) in [
            ("GET", "/api/v1/students".to_owned(), None),
            ("GET", format!("/api/v1/students/{id}"), None),
            ("GET", "/api/v1/guardians".to_owned(), None),
            (
                "POST",
                "/api/v1/guardians".to_owned(),
                Some(json!({"last_name": "Х", "first_name": "Y"})),
            ),
            (
                "PUT",
                format!("/api/v1/guardians/{guardian}"),
                Some(json!({"last_name": "Х", "first_name": "Y"})),
            ),
            (
                "POST",
                format!("/api/v1/students/{id}/withdraw"),
                Some(json!({"on_date": "2026-01-01", "reason": "x"})),
            ),
            (
                "POST",
                format!("/api/v1/students/{id}/guardians"),
                Some(json!({"guardian_id": guardian, "relation": "mother"})),
            ),
            ("GET", "/api/v1/export/students".to_owned(), None),
        ] {
            let (status, problem) = call(&app, method, &path, Some(&token), body).await;
            assert_eq!(
                (status, problem["code"].as_str()),
                (StatusCode::FORBIDDEN, Some("forbidden")),
                "{who} {method} {path}"
            );
        }
        let (status, _) = import(&app, &token, "guardians", false, "text/csv", csv.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who} import");
    }
    // Import of staff and classes is the admin's, not the secretary's.
    let staff = "Фамилия;Имя;Логин;Роли\nИванова;Анна;ivanova;учитель\n"
        .as_bytes()
        .to_vec();
    assert_eq!(
        import(&app, &secretary, "staff", true, "text/csv", staff)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(counts(&db, school), before);
}

#[actix_web::test]
async fn another_schools_ids_are_not_found_and_nothing_is_written() {
    let db = TestDb::new();
    let (school, classes) = school_a(&db);
    let (school_b, classes_b) = school_with_classes(
        &db,
        "Школа Б",
        &[("secretary.b", &[Role::Secretary])],
        &[("7А", None), ("9В", None)],
    );
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let admin = sign_in(&app, "admin").await;
    let secretary_b = sign_in(&app, "secretary.b").await;
    let mine = admit(&app, &secretary, "Свой", &classes["7А"], "2025-09-01").await;
    let my_parent = new_guardian(&app, &secretary, "Своя").await;
    let theirs = admit(&app, &secretary_b, "Чужой", &classes_b["7А"], "2025-09-01").await;
    let their_parent = new_guardian(&app, &secretary_b, "Чужая").await;
    let link = json!({"guardian_id": their_parent, "relation": "mother"});
    call(
        &app,
        "POST",
        &format!("/api/v1/students/{theirs}/guardians"),
        Some(&secretary_b),
        Some(link),
    )
    .await;
    let (before_a, before_b) = (counts(&db, school), counts(&db, school_b));
    let b_before = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{theirs}"),
        Some(&secretary_b),
        None,
    )
    .await;

    let person = json!({"last_name": "Взлом", "first_name": "Иван", "birth_date": "2012-05-04"});
    let guardian = json!({"last_name": "Взлом", "first_name": "Мария"});
    for (method, path, body) in [
        ("GET", format!("/api/v1/students/{theirs}"), None),
        ("PUT", format!("/api/v1/students/{theirs}"), Some(person)),
        (
            "POST",
            format!("/api/v1/students/{theirs}/transfer"),
            Some(json!({"to_class_id": classes["8Б"], "on_date": "2026-01-01"})),
        ),
        (
            "POST",
            format!("/api/v1/students/{mine}/transfer"),
            Some(json!({"to_class_id": classes_b["9В"], "on_date": "2026-01-01"})),
        ),
        (
            "POST",
            format!("/api/v1/students/{theirs}/withdraw"),
            Some(json!({"on_date": "2026-01-01", "reason": "взлом"})),
        ),
        (
            "POST",
            "/api/v1/students".to_owned(),
            Some(
                json!({"last_name": "Новый", "first_name": "Иван", "birth_date": "2012-05-04",
                         "class_id": classes_b["9В"], "on_date": "2025-09-01"}),
            ),
        ),
        (
            "PUT",
            format!("/api/v1/guardians/{their_parent}"),
            Some(guardian),
        ),
        (
            "POST",
            format!("/api/v1/students/{mine}/guardians"),
            Some(json!({"guardian_id": their_parent, "relation": "mother"})),
        ),
        (
            "POST",
            format!("/api/v1/students/{theirs}/guardians"),
            Some(json!({"guardian_id": my_parent, "relation": "mother"})),
        ),
        (
            "DELETE",
            format!("/api/v1/students/{theirs}/guardians/{their_parent}"),
            None,
        ),
    ] {
        let (status, problem) = call(&app, method, &path, Some(&admin), body).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{method} {path}: {problem}"
        );
    }
    let listed = call_ok(&app, "GET", "/api/v1/students", Some(&admin), None).await;
    assert_eq!(names(&listed), ["Свой"], "only the own school is listed");
    let listed = call_ok(&app, "GET", "/api/v1/guardians", Some(&admin), None).await;
    assert_eq!(names(&listed), ["Своя"]);
    assert_eq!(
        (counts(&db, school), counts(&db, school_b)),
        (before_a, before_b)
    );
    let b_after = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{theirs}"),
        Some(&secretary_b),
        None,
    )
    .await;
    assert_eq!(b_before, b_after, "school B's student is untouched");
    assert_eq!(
        audit_actions(&app, &admin, &mine).await,
        ["student.admit"],
        "no audit entry for the refused writes"
    );
}

const STUDENTS_BAD: &str = "\u{feff}Фамилия;Имя;Отчество;Дата рождения;Класс;Телефон\r\n\
Иванов;Пётр;Сергеевич;01.02.2014;7А;\r\n\
;Анна;;03.04.2014;7А;\r\n\
Сидоров;Олег;;31.02.2014;7А;\r\n\
Орлова;Вера;;05.06.2014;9Я;\r\n\
иванов;петр;сергеевич;2014-02-01;7 а;\r\n\
Белов;Лев;;07.08.2014;8Б;позвоните маме\r\n";

const STUDENTS_FIXED: &str = "\u{feff}Фамилия;Имя;Отчество;Дата рождения;Класс;Телефон\r\n\
Иванов;Пётр;Сергеевич;01.02.2014;7А;\r\n\
Смирнова;Анна;;03.04.2014;7А;\r\n\
Сидоров;Олег;;28.02.2014;7А;\r\n\
Орлова;Вера;;05.06.2014;5А;\r\n\
Иванов;Павел;Сергеевич;2014-02-01;7 а;\r\n\
Белов;Лев;;07.08.2014;8Б;+7 912 345-67-89\r\n";

#[actix_web::test]
async fn dry_run_lists_every_bad_row_and_writes_nothing_then_the_fixed_file_imports() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let admin = sign_in(&app, "admin").await;
    let before = counts(&db, school);
    let expected = [
        (3, "missing_field".to_owned()),
        (4, "bad_date".to_owned()),
        (5, "unknown_class".to_owned()),
        (6, "duplicate_in_file".to_owned()),
        (7, "bad_phone".to_owned()),
    ];

    let bad = STUDENTS_BAD.as_bytes().to_vec();
    let (status, report) =
        import(&app, &secretary, "students", true, "text/csv", bad.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(problems(&report), expected);
    assert_eq!(
        (
            report["rows"].clone(),
            report["valid"].clone(),
            report["imported"].clone()
        ),
        (json!(6), json!(1), json!(0))
    );
    assert_eq!(report["problems"][0]["column"], "last_name");
    assert!(report["problems"][3]["message"]
        .as_str()
        .unwrap()
        .contains("line 2"));
    assert_eq!(counts(&db, school), before, "a dry run writes nothing");

    // The same file for real: refused whole, with the same report.
    let (status, rejected) = import(&app, &secretary, "students", false, "text/csv", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problems(&rejected), expected);
    assert_eq!(
        counts(&db, school),
        before,
        "a refused import writes nothing"
    );

    // Fixed: the dry run is clean and the real run imports every row, each with its admission.
    let fixed = STUDENTS_FIXED.as_bytes().to_vec();
    let (status, clean) = import(
        &app,
        &secretary,
        "students",
        true,
        "text/csv",
        fixed.clone(),
    )
    .await;
    assert_eq!((status, problems(&clean)), (StatusCode::OK, vec![]));
    assert_eq!(counts(&db, school), before);
    let (status, done) = import(
        &app,
        &secretary,
        "students",
        false,
        "text/csv",
        fixed.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["imported"], 6);
    assert_eq!(
        counts(&db, school),
        (before.0 + 6, before.1, before.2, before.3 + 6)
    );
    let listed = call_ok(
        &app,
        "GET",
        "/api/v1/students?limit=50",
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(
        names(&listed),
        ["Белов", "Иванов", "Иванов", "Орлова", "Сидоров", "Смирнова"]
    );
    let belov = listed["items"][0]["id"].as_str().unwrap().to_owned();
    let detail = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{belov}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(detail["student"]["class_name"], "8Б");
    assert_eq!(detail["phone"], "+7 912 345-67-89");
    assert_eq!(detail["movements"][0]["kind"], "admission");
    assert_eq!(audit_actions(&app, &admin, &belov).await, ["student.admit"]);
    let summary = call_ok(
        &app,
        "GET",
        "/api/v1/audit?action=import.students",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(summary["items"][0]["after"]["imported"], 6);

    // Importing it again: every row already exists.
    let (_, again) = import(&app, &secretary, "students", true, "text/csv", fixed).await;
    assert_eq!(
        problems(&again).iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6, 7]
    );
    assert!(problems(&again).iter().all(|(_, c)| c == "already_exists"));
}

#[actix_web::test]
async fn a_real_import_with_one_bad_row_writes_nothing() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    // English headers, comma-separated, one bad e-mail on line 4 of 5.
    let file = "last_name,first_name,middle_name,phone,email\n\
                Иванова,Мария,Петровна,+7 912 000-00-01,ivanova@example.ru\n\
                Петров,Иван,,8 912 000 00 02,\n\
                Сидорова,Анна,,,sidorova(at)example.ru\n\
                Орлов,Олег,,,\n";
    let before = counts(&db, school);
    let (status, report) = import(
        &app,
        &secretary,
        "guardians",
        false,
        "text/csv",
        file.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(problems(&report), [(4, "bad_email".to_owned())]);
    assert_eq!(report["imported"], 0);
    assert_eq!(counts(&db, school), before);
    let listed = call_ok(&app, "GET", "/api/v1/guardians", Some(&secretary), None).await;
    assert_eq!(listed["total"], 0);

    // A header it cannot map is reported on line 1, and nothing is read further.
    let (status, report) = import(
        &app,
        &secretary,
        "guardians",
        true,
        "text/csv",
        "Фамилия;Имя;Рост\nИванова;Мария;170\n".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(problems(&report), [(1, "unknown_column".to_owned())]);

    // An unknown list is no endpoint at all.
    let (status, _, _) = request(
        &app,
        "POST",
        "/api/v1/import/teachers?dry_run=true",
        Some(&secretary),
        Some(("text/csv", b"a;b\n".to_vec())),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn staff_import_creates_accounts_with_one_time_passwords() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    school_with_classes(&db, "Школа Б", &[("taken", &[Role::Teacher])], &[]);
    let app = app!(&db);
    let admin = sign_in(&app, "admin").await;
    let file = "Фамилия;Имя;Отчество;Логин;Должность;Роли\n\
                Петрова;Елена;Александровна;Petrova.EA;учитель математики;учитель\n\
                Сидоров;Олег;;sidorov;заместитель директора по УВР;\"завуч, учитель\"\n\
                Занятый;Логин;;taken;учитель;учитель\n\
                Уже;Здесь;;teacher;учитель;учитель\n";
    let (status, report) = import(
        &app,
        &admin,
        "staff",
        true,
        "text/csv",
        file.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        problems(&report),
        [
            (4, "login_taken".to_owned()),
            (5, "already_exists".to_owned())
        ]
    );
    let fixed: String = file.lines().take(3).map(|l| format!("{l}\n")).collect();
    let (status, report) =
        import(&app, &admin, "staff", false, "text/csv", fixed.into_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let creds = report["credentials"].as_array().unwrap();
    assert_eq!(creds.len(), 2);
    assert_eq!(creds[0]["login"], "petrova.ea");
    assert_eq!(creds[0]["full_name"], "Петрова Елена Александровна");
    let otp = creds[1]["initial_password"].as_str().unwrap().to_owned();

    // The one-time password signs in once and forces a change (R-S1).
    let (status, first) = call(
        &app,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"login": "sidorov", "password": otp})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["must_change_password"], true);
    let mut conn = db.conn();
    let sidorov = users::find_by_login(&mut conn, "sidorov").unwrap().unwrap();
    let roles = users::roles_in(&mut conn, sidorov.id.parse::<UserId>().unwrap(), school).unwrap();
    assert_eq!(roles, [Role::Deputy, Role::Teacher]);
    drop(conn);
    let log = call_ok(
        &app,
        "GET",
        "/api/v1/audit?action=user.create",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(log["total"], 2);
    assert!(!log.to_string().contains(&otp), "no password in the log");

    // Export writes the same columns back: the imported rows come out as they went in.
    let (_, csv) = export(&app, &admin, "staff", "csv").await;
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("Петрова;Елена;Александровна;petrova.ea;учитель математики;учитель\r\n"));
    assert!(text.contains(
        "Сидоров;Олег;;sidorov;заместитель директора по УВР;заместитель директора, учитель\r\n"
    ));
    // Re-importing the export finds every row already on the staff.
    let (_, again) = import(&app, &admin, "staff", true, "text/csv", text.into_bytes()).await;
    let codes: Vec<String> = problems(&again).into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        again["rows"], 9,
        "seven accounts of the fixture and the two imported"
    );
    assert!(
        codes.iter().all(|c| c == "already_exists") && codes.len() == 9,
        "{again}"
    );
}

#[actix_web::test]
async fn xlsx_with_excel_dates_and_numbers_imports() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in [
        "Фамилия",
        "Имя",
        "Дата рождения",
        "Класс",
        "Дата зачисления",
        "Телефон",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let born = rust_xlsxwriter::ExcelDateTime::from_ymd(2014, 3, 8).unwrap();
    ws.write_string(1, 0, "Ёлкина").unwrap();
    ws.write_string(1, 1, "Алёна").unwrap();
    ws.write_datetime_with_format(1, 2, &born, &date).unwrap();
    ws.write_string(1, 3, "8Б").unwrap();
    ws.write_string(1, 4, "01.09.2025").unwrap();
    ws.write_number(1, 5, 79123456789.0).unwrap();
    ws.write_string(2, 0, "Без").unwrap();
    ws.write_string(2, 1, "Даты").unwrap();
    ws.write_string(2, 3, "8Б").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    // Detected by content: the type says octet-stream, the bytes are a ZIP.
    let (status, report) = import(
        &app,
        &secretary,
        "students",
        false,
        "application/octet-stream",
        bytes.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problems(&report), [(3, "missing_field".to_owned())]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "Фамилия",
        "Имя",
        "Дата рождения",
        "Класс",
        "Дата зачисления",
        "Телефон",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Ёлкина").unwrap();
    ws.write_string(1, 1, "Алёна").unwrap();
    ws.write_datetime_with_format(1, 2, &born, &date).unwrap();
    ws.write_string(1, 3, "8Б").unwrap();
    ws.write_string(1, 4, "01.09.2025").unwrap();
    ws.write_number(1, 5, 79123456789.0).unwrap();
    let (status, report) = import(
        &app,
        &secretary,
        "students",
        false,
        XLSX,
        book.save_to_buffer().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&db, school).0, 1);
    let id = report["created_ids"][0].as_str().unwrap();
    let s = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{id}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(s["student"]["birth_date"], "2014-03-08");
    assert_eq!(s["phone"], "79123456789");
    assert_eq!(s["movements"][0]["on_date"], "2025-09-01");
}

/// Cells of an exported file: CSV (checking the BOM and `;`) or XLSX.
fn cells_of(format: &str, bytes: &[u8]) -> Vec<Vec<String>> {
    if format == "csv" {
        let text = std::str::from_utf8(bytes).unwrap();
        let text = text
            .strip_prefix('\u{feff}')
            .expect("CSV exports start with a BOM");
        text.split("\r\n")
            .filter(|l| !l.is_empty())
            .map(|l| l.split(';').map(str::to_owned).collect())
            .collect()
    } else {
        let table = journal_api::tables::read(journal_api::tables::Format::Xlsx, bytes).unwrap();
        std::iter::once(table.header)
            .chain(table.rows.into_iter().map(|(_, r)| r))
            .collect()
    }
}

#[actix_web::test]
async fn exports_reimport_into_another_school_unchanged() {
    let db = TestDb::new();
    let (_, classes) = school_a(&db);
    // The class teachers also teach at school B, so class files name teachers B knows.
    let (school_b, _) = school_with_classes(&db, "Школа Б", &[("admin.b", &[Role::Admin])], &[]);
    for login in ["kt7a", "kt8b"] {
        let mut conn = db.conn();
        let teacher = users::find_by_login(&mut conn, login).unwrap().unwrap();
        users::grant_role(
            &mut conn,
            school_b,
            teacher.id.parse().unwrap(),
            Role::Teacher,
            now(),
        )
        .unwrap();
    }
    let app = app!(&db);
    let admin = sign_in(&app, "admin").await;
    let admin_b = sign_in(&app, "admin.b").await;
    let a = admit(&app, &admin, "Ёлкин", &classes["7А"], "2025-09-01").await;
    let b = admit(&app, &admin, "Егоров", &classes["8Б"], "2025-09-02").await;
    let mother = new_guardian(&app, &admin, "Ёлкина").await;
    let father = new_guardian(&app, &admin, "Егоров").await;
    for (student, guardian, relation) in [
        (&a, &mother, "mother"),
        (&b, &father, "father"),
        (&b, &mother, "guardian"),
    ] {
        let body = json!({"guardian_id": guardian, "relation": relation});
        let path = format!("/api/v1/students/{student}/guardians");
        assert_eq!(
            call(&app, "POST", &path, Some(&admin), Some(body)).await.0,
            StatusCode::CREATED
        );
    }

    for (kind, format) in [
        ("classes", "csv"),
        ("students", "xlsx"),
        ("guardians", "csv"),
        ("links", "xlsx"),
    ] {
        let (ct, file) = export(&app, &admin, kind, format).await;
        let content_type = if format == "csv" { "text/csv" } else { XLSX };
        assert!(ct.starts_with(content_type), "{kind}: {ct}");
        let (status, report) =
            import(&app, &admin_b, kind, false, content_type, file.clone()).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {report}");
        assert!(report["imported"].as_u64().unwrap() > 0, "{kind}");
        // School B exports exactly what school A did.
        let (_, again) = export(&app, &admin_b, kind, format).await;
        assert_eq!(cells_of(format, &again), cells_of(format, &file), "{kind}");
    }
    let (_, csv) = export(&app, &admin_b, "links", "csv").await;
    let rows = cells_of("csv", &csv);
    assert_eq!(
        rows[0],
        [
            "Фамилия ученика",
            "Имя ученика",
            "Отчество ученика",
            "Дата рождения ученика",
            "Фамилия родителя",
            "Имя родителя",
            "Отчество родителя",
            "Телефон родителя",
            "Кем приходится"
        ]
    );
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][0], "Егоров", "Е before Ё");
    assert_eq!(rows[1][3], "04.05.2012");
    let (_, students) = export(&app, &admin_b, "students", "csv").await;
    let students = cells_of("csv", &students);
    assert_eq!(
        students[1][..6],
        ["Егоров", "Иван", "", "04.05.2012", "8Б", "02.09.2025"]
    );
    assert_eq!(counts(&db, school_b), (2, 2, 3, 2));
}

#[actix_web::test]
async fn people_and_list_routes_are_in_the_openapi_document() {
    let db = TestDb::new();
    let app = app!(&db);
    let (status, served) = call(&app, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    for (path, method) in [
        ("/api/v1/students", "get"),
        ("/api/v1/students", "post"),
        ("/api/v1/students/{id}", "get"),
        ("/api/v1/students/{id}", "put"),
        ("/api/v1/students/{id}/transfer", "post"),
        ("/api/v1/students/{id}/withdraw", "post"),
        ("/api/v1/students/{id}/guardians", "post"),
        ("/api/v1/students/{id}/guardians/{guardian_id}", "delete"),
        ("/api/v1/guardians", "get"),
        ("/api/v1/guardians", "post"),
        ("/api/v1/guardians/{id}", "put"),
        ("/api/v1/import/{kind}", "post"),
        ("/api/v1/export/{kind}", "get"),
    ] {
        assert!(
            served["paths"][path].get(method).is_some(),
            "{method} {path} is documented"
        );
    }
    let dry_run = &served["paths"]["/api/v1/import/{kind}"]["post"]["parameters"][1];
    assert_eq!(
        (dry_run["name"].as_str(), dry_run["in"].as_str()),
        (Some("dry_run"), Some("query"))
    );
}
