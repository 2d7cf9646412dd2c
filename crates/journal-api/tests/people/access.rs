//! Who reads and writes people: the class teacher for their own class, no family, no other
//! school.

use super::*;

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
