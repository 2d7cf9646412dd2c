//! Exports (R-B6) that import again unchanged, and the people and list routes in the API
//! description.

use super::*;

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
