//! The school's structure: calendars, other schools' ids, the rollover into the next year
//! (R-B2–R-B4).

use super::*;

#[actix_web::test]
async fn calendar_problems_are_listed_and_nothing_is_written() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let deputy = token(&login(&app, "deputy", PASSWORD).await.1, "access_token");
    let mut bad = year_2025();
    bad["calendar"]["periods"][1]["starts_on"] = json!("2025-10-20"); // overlaps the first quarter
    bad["calendar"]["holidays"][1]["ends_on"] = json!("2026-01-12"); // swallows the start of the third
    let (status, problem) = call(&app, "POST", "/api/v1/years", Some(&deputy), Some(bad)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("calendar_invalid"))
    );
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"periods_overlap") && codes.contains(&"holiday_on_period_edge"),
        "{codes:?}"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/years", Some(&deputy), None)
            .await
            .1,
        json!([])
    );
    // Teachers read the structure but do not set it up; the admin does not form the timetable.
    let teacher = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/years",
            Some(&teacher),
            Some(year_2025())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/years", Some(&teacher), None)
            .await
            .0,
        StatusCode::OK
    );
    let admin = token(&login(&app, "admin", PASSWORD).await.1, "access_token");
    let body = json!({"assignment_id": uuid::Uuid::new_v4(), "weekday": 1, "lesson_number": 1});
    assert_eq!(
        call(&app, "POST", "/api/v1/timetable", Some(&admin), Some(body))
            .await
            .1["code"],
        "forbidden"
    );
    let (status, created) = call(
        &app,
        "POST",
        "/api/v1/years",
        Some(&deputy),
        Some(year_2025()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["periods"].as_array().unwrap().len(), 6);
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/years",
            Some(&deputy),
            Some(year_2025())
        )
        .await
        .1["code"],
        "year_exists"
    );
}

#[actix_web::test]
async fn another_schools_structure_is_not_found() {
    let db = TestDb::new();
    school_with(&db, "Школа А", PEOPLE);
    school_with(
        &db,
        "Школа Б",
        &[
            ("deputy.b", &[Role::Deputy]),
            ("teacher.b", &[Role::Teacher]),
        ],
    );
    let app = app!(&db);
    let s = setup!(&app);
    let e = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    let lesson = format!("/api/v1/lessons/{}/2025-11-10", e["id"].as_str().unwrap());
    let deputy_b = token(&login(&app, "deputy.b", PASSWORD).await.1, "access_token");
    assert_eq!(
        call(&app, "GET", &lesson, Some(&deputy_b), None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &lesson,
            Some(&deputy_b),
            Some(json!({"conducted": true}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("{lesson}/change"),
            Some(&deputy_b),
            Some(json!({"kind": "cancellation"}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let body = json!({"assignment_id": s.math_7a, "weekday": 2, "lesson_number": 1});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/timetable",
            Some(&deputy_b),
            Some(body)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            "GET",
            &format!("/api/v1/classes?year_id={}", uuid::Uuid::new_v4()),
            Some(&deputy_b),
            None
        )
        .await
        .1,
        json!([])
    );
    // A teacher of school A cannot be made substitute by school B, nor B's teacher in A.
    let teacher_b = call(
        &app,
        "GET",
        "/api/v1/me",
        Some(&token(
            &login(&app, "teacher.b", PASSWORD).await.1,
            "access_token",
        )),
        None,
    )
    .await
    .1["user_id"]
        .clone();
    let sub = json!({"kind": "substitution", "substitute_id": teacher_b});
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("{lesson}/change"),
            Some(&s.deputy),
            Some(sub)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn rollover_promotes_classes_and_leaves_the_old_year_read_only() {
    let db = TestDb::new();
    let mut people = PEOPLE.to_vec();
    people.push(("director", &[Role::Director]));
    let school = school_with(&db, "Школа", &people);
    let app = app!(&db);
    let s = setup!(&app);
    let old_year = call(&app, "GET", "/api/v1/years", Some(&s.deputy), None)
        .await
        .1[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"year_id": old_year, "grade": 11, "letter": "А", "week_days": 6});
    let (status, eleventh) =
        call(&app, "POST", "/api/v1/classes", Some(&s.deputy), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{eleventh}");
    let e = call_ok(
        &app,
        "POST",
        "/api/v1/timetable",
        Some(&s.deputy),
        Some(entry(&s.math_7a, None, 1, 2)),
    )
    .await;
    let lesson = format!("/api/v1/lessons/{}/2025-11-10", e["id"].as_str().unwrap());
    {
        let mut conn = db.conn();
        let student = |class: &str, last: &str| journal_db::roster::Student {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: school.to_string(),
            class_id: Some(class.to_owned()),
            user_id: None,
            last_name: last.into(),
            first_name: "Ученик".into(),
            middle_name: None,
            birth_date: chrono::NaiveDate::from_ymd_opt(2012, 3, 1).unwrap(),
            created_at: journal_db::now(),
        };
        let rows = [
            student(&s.class_7a, "Алексеев"),
            student(&s.class_7a, "Борисов"),
            student(eleventh["id"].as_str().unwrap(), "Выпускников"),
        ];
        journal_db::roster::insert_students(&mut conn, &rows).unwrap();
    }
    let director = token(&login(&app, "director", PASSWORD).await.1, "access_token");
    let url = format!("/api/v1/years/{old_year}/rollover");
    assert_eq!(
        call(&app, "POST", &url, Some(&s.deputy), Some(year_2026()))
            .await
            .0,
        StatusCode::FORBIDDEN,
        "by the director's order"
    );
    let (status, result) = call(&app, "POST", &url, Some(&director), Some(year_2026())).await;
    assert_eq!(status, StatusCode::CREATED, "{result}");
    let promoted: Vec<(&str, &str)> = result["promoted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["from"].as_str().unwrap(), p["to"].as_str().unwrap()))
        .collect();
    assert_eq!(promoted, [("7А", "8А"), ("7Б", "8Б")]);
    assert_eq!(result["graduated"], json!(["11А"]));
    assert_eq!(result["students_carried"], 2);
    let new_year = result["year"]["year"]["id"].as_str().unwrap();
    let classes = call(
        &app,
        "GET",
        &format!("/api/v1/classes?year_id={new_year}"),
        Some(&s.deputy),
        None,
    )
    .await
    .1;
    let names: Vec<&str> = classes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["8А", "8Б"]);
    assert_eq!(
        classes[0]["class_teacher_id"],
        json!(s.petrov),
        "the class teacher moves up with the class"
    );

    // The old year stays readable and is no longer writable.
    let (status, old) = call(
        &app,
        "GET",
        &format!("/api/v1/years/{old_year}"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(
        (status, old["year"]["status"].as_str()),
        (StatusCode::OK, Some("archived"))
    );
    let calendar = year_2025()["calendar"].clone();
    assert_eq!(
        call(
            &app,
            "PUT",
            &format!("/api/v1/years/{old_year}/calendar"),
            Some(&s.deputy),
            Some(calendar)
        )
        .await
        .1["code"],
        "year_archived"
    );
    let body = json!({"year_id": old_year, "grade": 5, "letter": "В", "week_days": 5});
    assert_eq!(
        call(&app, "POST", "/api/v1/classes", Some(&s.deputy), Some(body))
            .await
            .1["code"],
        "year_archived"
    );
    let ivanova = token(&login(&app, "ivanova", PASSWORD).await.1, "access_token");
    assert_eq!(
        call(&app, "GET", &lesson, Some(&ivanova), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(
            &app,
            "PUT",
            &lesson,
            Some(&ivanova),
            Some(json!({"conducted": true}))
        )
        .await
        .1["code"],
        "year_archived"
    );
    assert_eq!(
        call(&app, "POST", &url, Some(&director), Some(year_2026()))
            .await
            .1["code"],
        "year_archived",
        "a year rolls over once"
    );
    let petrov = token(&login(&app, "petrov", PASSWORD).await.1, "access_token");
    let me = call(&app, "GET", "/api/v1/me", Some(&petrov), None).await.1;
    assert_eq!(me["led_classes"], json!(["8А"]));
}
