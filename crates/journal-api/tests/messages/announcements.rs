//! Class announcements: posted by the class's teacher, read by its families.

use super::*;

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
