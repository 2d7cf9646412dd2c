//! Threads and messages (R-D3, R-A11): who writes to whom, attachments, search, unread counts.

use super::*;
use diesel::prelude::*;

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

/// Issue 12: a parent of two children sees whose teacher each member of staff is.
#[actix_web::test]
async fn a_parent_of_two_sees_whose_teacher_each_one_is() {
    use journal_db::schema::{guardians, student_guardians, students};
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    {
        // Mama's second child: Vera of 7Б.
        let mut conn = db.conn();
        let (guardian, school): (String, String) = guardians::table
            .filter(guardians::last_name.eq("Мамина"))
            .select((guardians::id, guardians::school_id))
            .first(&mut conn)
            .unwrap();
        let vera: String = students::table
            .filter(students::last_name.eq("Верина"))
            .select(students::id)
            .first(&mut conn)
            .unwrap();
        diesel::insert_into(student_guardians::table)
            .values((
                student_guardians::school_id.eq(&school),
                student_guardians::student_id.eq(&vera),
                student_guardians::guardian_id.eq(&guardian),
                student_guardians::relation.eq("mother"),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    let list = call_ok(
        &app,
        "GET",
        "/api/v1/messages/recipients",
        Some(sc.t("mama")),
        None,
    )
    .await;
    let children = |who: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["user_id"] == sc.u(who))
            .map(|r| r["children"].clone())
    };
    assert_eq!(children("petrov"), Some(json!(["Аннина Ученик, 7А"])));
    assert_eq!(children("sidorov"), Some(json!(["Верина Ученик, 7Б"])));
    assert_eq!(
        children("deputy"),
        Some(json!(["Аннина Ученик, 7А", "Верина Ученик, 7Б"]))
    );
    // A family of one child needs no label.
    let boris = call_ok(
        &app,
        "GET",
        "/api/v1/messages/recipients",
        Some(sc.t("other")),
        None,
    )
    .await;
    assert!(boris
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["children"] == json!([])));
}
