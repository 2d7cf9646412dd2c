//! Reading the audit log (R-P4, issue 12): filters by the person who acted and by a span of the
//! school's days, and the log as a CSV file for Excel.

use super::*;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_db::audit::AuditEvent;
use journal_db::schema::{audit_log, users};
use journal_domain::{SchoolId, UserId};

/// A UTC time `d.m.y h:m:s`.
fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, s)
        .unwrap()
}

/// The account id of `login`.
fn user_id(db: &TestDb, login: &str) -> String {
    users::table
        .filter(users::login.eq(login))
        .select(users::id)
        .first(&mut db.conn())
        .unwrap()
}

/// Give the account `login` the name `last first middle`.
fn rename(db: &TestDb, login: &str, last: &str, first: &str, middle: &str) {
    let n = diesel::update(users::table.filter(users::login.eq(login)))
        .set((
            users::last_name.eq(last),
            users::first_name.eq(first),
            users::middle_name.eq(Some(middle)),
        ))
        .execute(&mut db.conn())
        .unwrap();
    assert_eq!(n, 1);
}

/// Record marks as `who` made them in `school` (action `journal.mark` on the objects of kind
/// `entity` named by `entity_ids`, the after value given), through the one audit writer.
fn record(
    db: &TestDb,
    school: SchoolId,
    who: &str,
    (entity, entity_ids): (&str, &[&str]),
    after: Value,
) {
    let actor: UserId = user_id(db, who).parse().unwrap();
    let events: Vec<AuditEvent> = entity_ids
        .iter()
        .map(|id| AuditEvent {
            school_id: Some(school),
            actor_id: Some(actor),
            actor_role: Some("teacher".into()),
            action: "journal.mark".into(),
            entity: entity.to_owned(),
            entity_id: Some((*id).to_owned()),
            before: None,
            after: Some(after.clone()),
            request_id: None,
        })
        .collect();
    let key = state(db).audit_key;
    journal_db::write_tx(&mut db.conn(), |c| {
        journal_db::audit::record_many(c, &key, &events)
    })
    .unwrap();
}

/// Move the school's entries about `entity_id` to the UTC time `at` (the writer stamps the
/// server's clock; the test needs entries on given days).
fn move_to(db: &TestDb, school: SchoolId, entity_id: &str, at: NaiveDateTime) {
    let n = diesel::update(
        audit_log::table
            .filter(audit_log::chain.eq(school.to_string()))
            .filter(audit_log::entity_id.eq(entity_id)),
    )
    .set(audit_log::at.eq(at))
    .execute(&mut db.conn())
    .unwrap();
    assert!(n > 0, "{entity_id}");
}

/// The items of `GET path`, which must answer 200.
async fn items<S, B>(app: &S, token: &str, path: &str) -> Vec<Value>
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, page) = call(app, "GET", path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {page}");
    page["items"].as_array().unwrap().clone()
}

/// The export at `path` as CSV records (header first), after checking the answer's type, name
/// and BOM; every record must have the header's nine fields.
async fn export<S, B>(app: &S, token: &str, path: &str) -> (String, Vec<Vec<String>>)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::get()
        .uri(path)
        .insert_header(("Authorization", format!("Bearer {token}")))
        .to_request();
    let resp = test::call_service(app, req).await;
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert!(
        header("content-disposition").starts_with("attachment")
            && header("content-disposition").contains("audit.csv"),
        "{}",
        header("content-disposition")
    );
    let bytes = test::read_body(resp).await.to_vec();
    let text = String::from_utf8(bytes).unwrap();
    let body = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("no BOM: {:?}", &text[..text.len().min(20)]));
    let records = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect::<Vec<_>>();
    assert_eq!(
        records[0],
        [
            "Время",
            "ФИО",
            "Логин",
            "Роль",
            "Действие",
            "Объект",
            "Идентификатор объекта",
            "Было",
            "Стало"
        ]
    );
    (text, records)
}

#[actix_web::test]
async fn the_log_is_filtered_by_the_person_who_acted() {
    let db = TestDb::new();
    school_with(
        &db,
        "Школа",
        &[("admin", &[Role::Admin]), ("deputy", &[Role::Deputy])],
    );
    let app = app!(&db);
    let admin = sign_in(&app, "admin").await;
    let deputy = sign_in(&app, "deputy").await;
    let _ = sign_in(&app, "deputy").await;
    let body = json!({"login": "new.teacher", "last_name": "Новикова", "first_name": "Анна", "roles": ["teacher"]});
    call_ok(&app, "POST", "/api/v1/users", Some(&admin), Some(body)).await;
    let (admin_id, deputy_id) = (user_id(&db, "admin"), user_id(&db, "deputy"));

    let mine = items(&app, &admin, &format!("/api/v1/audit?actor_id={deputy_id}")).await;
    let actions: Vec<&str> = mine.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["auth.login", "auth.login"], "{mine:?}");
    assert!(mine
        .iter()
        .all(|e| e["actor_id"] == deputy_id.as_str() && e["actor_login"] == "deputy"));
    let theirs = items(&app, &deputy, &format!("/api/v1/audit?actor_id={admin_id}")).await;
    let actions: Vec<&str> = theirs
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["user.create", "auth.login"], "newest first");
    // Combined with the other filters (AND).
    let both = items(
        &app,
        &deputy,
        &format!("/api/v1/audit?actor_id={admin_id}&action=user.create"),
    )
    .await;
    assert_eq!(both.len(), 1);
    assert_eq!(both[0]["after"]["login"], "new.teacher");
    let none = items(
        &app,
        &deputy,
        &format!("/api/v1/audit?actor_id={deputy_id}&action=user.create"),
    )
    .await;
    assert!(none.is_empty(), "{none:?}");
    // A person of no school of the caller's: nothing, not an error.
    let stranger = uuid::Uuid::new_v4();
    assert!(
        items(&app, &admin, &format!("/api/v1/audit?actor_id={stranger}"))
            .await
            .is_empty()
    );
}

/// A span keeps the entries of the school's own days: in Vladivostok (UTC+10) the 18th of
/// November runs from 14:00 UTC on the 17th to 14:00 UTC on the 18th.
#[actix_web::test]
async fn a_span_keeps_the_entries_of_the_schools_own_days() {
    let db = TestDb::new();
    let school = school_with(
        &db,
        "Школа",
        &[("deputy", &[Role::Deputy]), ("teacher", &[Role::Teacher])],
    );
    set_timezone(&db, school, "Asia/Vladivostok");
    let app = app!(&db);
    let deputy = sign_in(&app, "deputy").await;
    record(
        &db,
        school,
        "teacher",
        (
            "journal_page",
            &["before", "first", "last", "after", "next-week"],
        ),
        json!({"value": "5"}),
    );
    move_to(&db, school, "before", utc(2025, 11, 17, 13, 59, 59));
    move_to(&db, school, "first", utc(2025, 11, 17, 14, 0, 0));
    move_to(&db, school, "last", utc(2025, 11, 18, 13, 59, 59));
    move_to(&db, school, "after", utc(2025, 11, 18, 14, 0, 0));
    move_to(&db, school, "next-week", utc(2025, 11, 25, 3, 0, 0));
    let ids = |list: &[Value]| -> Vec<String> {
        list.iter()
            .map(|e| e["entity_id"].as_str().unwrap_or_default().to_owned())
            .collect()
    };

    let day = items(&app, &deputy, "/api/v1/audit?from=2025-11-18&to=2025-11-18").await;
    assert_eq!(ids(&day), ["last", "first"], "newest first");
    let from = items(
        &app,
        &deputy,
        "/api/v1/audit?from=2025-11-19&entity=journal_page",
    )
    .await;
    assert_eq!(ids(&from), ["next-week", "after"]);
    let to = items(&app, &deputy, "/api/v1/audit?to=2025-11-17").await;
    assert_eq!(ids(&to), ["before"]);
    let teacher = user_id(&db, "teacher");
    let span = items(
        &app,
        &deputy,
        &format!("/api/v1/audit?from=2025-11-17&to=2025-11-19&actor_id={teacher}"),
    )
    .await;
    assert_eq!(ids(&span), ["after", "last", "first", "before"]);

    // The export keeps the same entries and writes their times on the school's clock.
    let (_, records) = export(
        &app,
        &deputy,
        "/api/v1/audit/export?from=2025-11-18&to=2025-11-18",
    )
    .await;
    let lines: Vec<(&str, &str)> = records[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("18.11.2025 23:59:59", "last"),
            ("18.11.2025 00:00:00", "first")
        ]
    );
}

#[actix_web::test]
async fn a_span_must_run_forwards_and_last_at_most_a_year() {
    let db = TestDb::new();
    school_with(&db, "Школа", &[("director", &[Role::Director])]);
    let app = app!(&db);
    let director = sign_in(&app, "director").await;
    for path in [
        "/api/v1/audit?from=2025-11-19&to=2025-11-18",
        "/api/v1/audit/export?from=2025-11-19&to=2025-11-18",
        "/api/v1/audit?from=2024-01-01&to=2025-01-01",
        "/api/v1/audit/export?from=2024-01-01&to=2025-12-31",
    ] {
        let (status, body) = call(&app, "GET", path, Some(&director), None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_span")),
            "{path}"
        );
    }
    // A whole leap year is a span too.
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/audit?from=2024-01-01&to=2024-12-31",
        Some(&director),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(
        &app,
        "GET",
        "/api/v1/audit/export?actor_id=nobody",
        Some(&director),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[actix_web::test]
async fn the_export_is_a_csv_for_excel_with_names_and_quoted_fields() {
    let db = TestDb::new();
    let school = school_with(
        &db,
        "Школа",
        &[
            ("admin", &[Role::Admin]),
            ("deputy", &[Role::Deputy]),
            ("teacher", &[Role::Teacher]),
        ],
    );
    rename(&db, "teacher", "Ёлкина", "Ольга", "Петровна");
    rename(&db, "admin", "Смирнов", "Игорь", "Павлович");
    let app = app!(&db);
    let admin = sign_in(&app, "admin").await;
    record(
        &db,
        school,
        "teacher",
        ("journal_page", &["page;1"]),
        json!({"topic": "Дроби; \"десятичные\"\nи обыкновенные"}),
    );
    record(
        &db,
        school,
        "teacher",
        ("journal_page", &["page-2"]),
        json!({"value": "=1+2"}),
    );
    let teacher = user_id(&db, "teacher");

    let (text, records) = export(
        &app,
        &admin,
        &format!("/api/v1/audit/export?actor_id={teacher}"),
    )
    .await;
    assert_eq!(records.len(), 3, "the header and one line per entry");
    let newest = &records[1];
    assert_eq!(
        newest[1..7],
        [
            "Ёлкина Ольга Петровна",
            "teacher",
            "teacher",
            "journal.mark",
            "journal_page",
            "page-2"
        ]
    );
    let oldest = &records[2];
    assert_eq!(oldest[6], "page;1");
    let after: Value = serde_json::from_str(&oldest[8]).unwrap();
    assert_eq!(after["topic"], "Дроби; \"десятичные\"\nи обыкновенные");
    assert_eq!(oldest[7], "", "no before");
    assert!(
        text.contains(";\"page;1\";"),
        "a field with `;` is quoted: {text}"
    );
    assert!(text.contains("\r\n"), "CRLF line ends");
    let time = NaiveDateTime::parse_from_str(&oldest[0], "%d.%m.%Y %H:%M:%S");
    assert!(time.is_ok(), "{}", oldest[0]);

    // Everything: the admin's own sign-in among the lines, with the admin's name.
    let (_, all) = export(&app, &admin, "/api/v1/audit/export").await;
    let login = all
        .iter()
        .find(|r| r[4] == "auth.login")
        .unwrap_or_else(|| panic!("{all:?}"));
    assert_eq!(login[1..4], ["Смирнов Игорь Павлович", "admin", "admin"]);
    assert_eq!(
        all.len(),
        1 + 4,
        "two marks, a sign-in and the first export"
    );

    // Each export is audited, with its filters and size, and is in the next one.
    let log = items(&app, &admin, "/api/v1/audit?action=export.audit").await;
    assert_eq!(log.len(), 2);
    assert_eq!(log[1]["after"]["rows"], 2);
    assert_eq!(log[1]["after"]["filter"]["actor_id"], teacher.as_str());
    assert_eq!(log[0]["after"]["rows"], 4);
    assert_eq!(log[0]["actor_role"], "admin");
    let (_, again) = export(&app, &admin, "/api/v1/audit/export").await;
    assert_eq!(again.len(), 1 + 5);
    assert_eq!(again[1][4], "export.audit", "newest first");
}

#[actix_web::test]
async fn only_the_logs_readers_export_it() {
    let db = TestDb::new();
    school_with(
        &db,
        "Школа",
        &[
            ("teacher", &[Role::Teacher]),
            ("secretary", &[Role::Secretary]),
            ("deputy", &[Role::Deputy]),
            ("director", &[Role::Director]),
        ],
    );
    let app = app!(&db);
    for who in ["teacher", "secretary"] {
        let token = sign_in(&app, who).await;
        let (status, body) = call(&app, "GET", "/api/v1/audit/export", Some(&token), None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden")),
            "{who}"
        );
    }
    let (status, _) = call(&app, "GET", "/api/v1/audit/export", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for who in ["deputy", "director"] {
        let token = sign_in(&app, who).await;
        let (_, records) = export(&app, &token, "/api/v1/audit/export").await;
        assert!(records.len() > 1, "{who}: {records:?}");
    }
    // Another school's person acted only in another school's log: nothing of it is exported.
    school_with(&db, "Школа 2", &[("teacher.two", &[Role::Teacher])]);
    let _ = sign_in(&app, "teacher.two").await;
    let other = user_id(&db, "teacher.two");
    let deputy = sign_in(&app, "deputy").await;
    let (text, records) = export(
        &app,
        &deputy,
        &format!("/api/v1/audit/export?actor_id={other}"),
    )
    .await;
    assert_eq!(records.len(), 1, "the header alone: {text}");
}

/// More than 100 000 matching entries are refused; up to 100 000 are all written, read in pages
/// of a few thousand that continue exactly where the last one ended (here the entries of one
/// batch share one time, so the place in the chain orders them).
#[actix_web::test]
async fn a_big_export_is_bounded_and_read_in_pages() {
    let db = TestDb::new();
    let school = school_with(
        &db,
        "Школа",
        &[("deputy", &[Role::Deputy]), ("teacher", &[Role::Teacher])],
    );
    let app = app!(&db);
    let deputy = sign_in(&app, "deputy").await;
    let pages: Vec<String> = (0..100_000).map(|i| format!("p{}", i % 20)).collect();
    let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
    record(
        &db,
        school,
        "teacher",
        ("journal_page", &refs),
        json!({"value": "4"}),
    );
    record(&db, school, "teacher", ("lesson", &["x"]), json!({}));

    let teacher = user_id(&db, "teacher");
    let (status, body) = call(
        &app,
        "GET",
        &format!("/api/v1/audit/export?actor_id={teacher}"),
        Some(&deputy),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("export_too_large")),
        "{body}"
    );
    assert!(
        items(&app, &deputy, "/api/v1/audit?action=export.audit")
            .await
            .is_empty(),
        "a refused export is not recorded"
    );

    // p0 holds 5 000 entries: three pages.
    let (_, records) = export(&app, &deputy, "/api/v1/audit/export?entity_id=p0").await;
    assert_eq!(records.len(), 1 + 5_000);
    assert!(records[1..].iter().all(|r| r[6] == "p0"));
    // Exactly 100 000 is allowed.
    let (_, records) = export(&app, &deputy, "/api/v1/audit/export?entity=journal_page").await;
    assert_eq!(records.len(), 1 + 100_000);
    let stored: Vec<String> = audit_log::table
        .filter(audit_log::chain.eq(school.to_string()))
        .filter(audit_log::entity.eq("journal_page"))
        .order((audit_log::at.desc(), audit_log::seq.desc()))
        .select(audit_log::entity_id.assume_not_null())
        .load(&mut db.conn())
        .unwrap();
    let exported: Vec<&String> = records[1..].iter().map(|r| &r[6]).collect();
    assert_eq!(exported.len(), stored.len());
    assert!(
        exported.iter().zip(&stored).all(|(a, b)| *a == b),
        "every entry once, newest first, across pages"
    );
}
