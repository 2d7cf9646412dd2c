//! The region's aggregated figures (R-A9, R-E4) over the demo school: the demo municipality's
//! account reads them, they equal the sums of the school's own reports (achievement and
//! attendance as its deputy reads them), and nothing of another region or of a school's personal
//! data reaches it. The regions, schools and accounts are made with `journal region …`. Runs on
//! the backend under test (JOURNAL_TEST_BACKEND).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test;
use chrono::Datelike;
use common::{journal, sign_in, state, text};
use diesel::prelude::*;
use journal_db::schema::{classes, periods, school_years};
use journal_db::testing::TestDb;
use serde_json::{Map, Value};
use std::collections::HashMap;

const DEMO_DAY: &str = "2026-11-18";

/// Add the numbers of `v` into `acc`, field by field.
fn add_into(acc: &mut Map<String, Value>, v: &Value) {
    for (k, x) in v.as_object().unwrap() {
        let sum = acc.get(k).and_then(Value::as_u64).unwrap_or(0) + x.as_u64().unwrap();
        acc.insert(k.clone(), Value::from(sum));
    }
}

#[actix_web::test]
async fn a_region_reads_its_schools_figures_equal_to_their_reports_and_nothing_else() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = journal(&db, &data, args);
        assert!(out.status.success(), "journal {args:?}: {}", text(&out));
        text(&out)
    };
    run(&["seed-demo", "--today", DEMO_DAY]);
    // A neighbouring municipality with a school of its own, made by the operator's commands.
    run(&[
        "user",
        "create-admin",
        "--school",
        "МБОУ СОШ № 2",
        "--login",
        "admin2",
    ]);
    assert!(run(&["region", "create", "--name", "Соседний округ"]).contains("created"));
    run(&[
        "region",
        "add-school",
        "--region",
        "Соседний округ",
        "--school",
        "МБОУ СОШ № 2",
    ]);
    let added = run(&[
        "region",
        "add-account",
        "--region",
        "Соседний округ",
        "--login",
        "neighbour",
    ]);
    assert!(added.contains("One-time password"), "{added}");
    let refused = journal(
        &db,
        &data,
        &[
            "region",
            "add-school",
            "--region",
            "Нет такого",
            "--school",
            "МБОУ СОШ № 2",
        ],
    );
    assert!(!refused.status.success(), "an unknown region is refused");

    let app =
        test::init_service(actix_web::App::new().configure(journal_api::mount(state(&db)))).await;
    let region = sign_in(&app, "region").await;
    let deputy = sign_in(&app, "deputy").await;
    let get = |uri: String, bearer: String| {
        let app = &app;
        async move { common::get(app, &uri, &bearer).await }
    };
    let json = |body: &[u8]| -> Value { serde_json::from_slice(body).unwrap() };

    // The account's region: the demo municipality with its one school.
    let (status, _, body) = get("/api/v1/regions".into(), region.clone()).await;
    assert_eq!(status, 200);
    let mine = json(&body);
    let regions = mine["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 1, "{mine}");
    assert_eq!(regions[0]["schools"], 1);
    assert_eq!(regions[0]["personal_exports"], false);
    let region_id = regions[0]["region_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get("/api/v1/regions".into(), deputy.clone()).await;
    assert_eq!(
        json(&body)["regions"],
        Value::Array(vec![]),
        "staff read no region"
    );

    let uri = format!("/api/v1/regions/{region_id}/aggregates?year=2026&period=quarter-1");
    let (status, _, body) = get(uri.clone(), region.clone()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let figures = json(&body);
    assert_eq!(figures["period"], "quarter-1");
    let schools = figures["schools"].as_array().unwrap();
    assert_eq!(schools.len(), 1);
    let school = &schools[0];
    assert_eq!(school["school_name"], "МАОУ СОШ № 1");
    assert!(
        !school["classes"].as_array().unwrap().is_empty(),
        "the demo's classes are there"
    );
    assert!(
        school["counts"]["tally"]["fives"].as_u64().unwrap() > 0,
        "the demo's first quarter has finals: {}",
        school["counts"]
    );
    // No person is named anywhere in the answer.
    let flat = figures.to_string();
    for personal in [
        "student_id",
        "\"students\":[{",
        "teacher_name",
        "excellent\":[",
        "Кузнецов",
    ] {
        assert!(!flat.contains(personal), "{personal} in {flat}");
    }

    // The same figures from the school's own reports, as its deputy reads them.
    let mut conn = db.conn();
    let year: (String, chrono::NaiveDate) = school_years::table
        .order(school_years::starts_on.desc())
        .select((school_years::id, school_years::starts_on))
        .first(&mut conn)
        .unwrap();
    assert_eq!(year.1.year(), 2026);
    let quarters: Vec<(String, i32, i32, chrono::NaiveDate, chrono::NaiveDate)> = periods::table
        .filter(periods::year_id.eq(&year.0))
        .filter(periods::kind.eq("quarter"))
        .filter(periods::number.eq(1))
        .select((
            periods::id,
            periods::grade_from,
            periods::grade_to,
            periods::starts_on,
            periods::ends_on,
        ))
        .load(&mut conn)
        .unwrap();
    assert!(!quarters.is_empty());
    let grades: HashMap<String, i32> = classes::table
        .filter(classes::year_id.eq(&year.0))
        .select((classes::id, classes::grade))
        .load(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    let (mut tally, mut standings, mut absences) = (Map::new(), Map::new(), Map::new());
    let mut lessons_held = 0;
    for (id, from_grade, to_grade, from, to) in &quarters {
        let (status, _, body) = get(
            format!("/api/v1/reports/achievement?period_id={id}"),
            deputy.clone(),
        )
        .await;
        assert_eq!(status, 200);
        let report = json(&body);
        add_into(&mut tally, &report["total"]);
        for c in report["classes"].as_array().unwrap() {
            add_into(&mut standings, &c["standings"]);
        }
        let (status, _, body) = get(
            format!("/api/v1/reports/attendance?from={from}&to={to}"),
            deputy.clone(),
        )
        .await;
        assert_eq!(status, 200);
        for c in json(&body)["classes"].as_array().unwrap() {
            let grade = grades[c["class_id"].as_str().unwrap()];
            if (*from_grade..=*to_grade).contains(&grade) {
                add_into(&mut absences, &c["total"]);
                lessons_held += c["lessons_held"].as_u64().unwrap();
            }
        }
    }
    let counts = &school["counts"];
    assert_eq!(counts["tally"], Value::Object(tally), "finals");
    assert_eq!(counts["standings"], Value::Object(standings), "students");
    assert_eq!(counts["absences"], Value::Object(absences), "absences");
    assert_eq!(counts["lessons_held"], lessons_held);
    assert!(lessons_held > 0);
    // The region's total is the sum of its schools (one here), classes sum to their school.
    assert_eq!(figures["total"], school["counts"]);
    let mut class_students = 0;
    for c in school["classes"].as_array().unwrap() {
        class_students += c["counts"]["standings"]["students"].as_u64().unwrap();
    }
    assert_eq!(counts["standings"]["students"], class_students);

    // As a file: the same figures in XLSX and CSV.
    let (status, ct, _) = get(format!("{uri}&format=xlsx"), region.clone()).await;
    assert_eq!(
        (status, ct.as_str()),
        (
            200,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    );
    let (status, _, csv) = get(format!("{uri}&format=csv"), region.clone()).await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("МАОУ СОШ № 1") && csv.contains("Итого"),
        "{csv}"
    );

    // Another region's figures, an unknown region, the school's deputy: nothing is revealed.
    let other: String = journal_db::schema::regions::table
        .filter(journal_db::schema::regions::name.eq("Соседний округ"))
        .select(journal_db::schema::regions::id)
        .first(&mut conn)
        .unwrap();
    for (uri, bearer) in [
        (
            format!("/api/v1/regions/{other}/aggregates?year=2026&period=quarter-1"),
            region.clone(),
        ),
        (
            format!(
                "/api/v1/regions/{}/aggregates?year=2026&period=quarter-1",
                uuid::Uuid::new_v4()
            ),
            region.clone(),
        ),
        (uri.clone(), deputy.clone()),
    ] {
        let (status, _, body) = get(uri.clone(), bearer).await;
        assert_eq!(status, 404, "{uri}: {}", String::from_utf8_lossy(&body));
    }
    for bad in ["quarter-5", "week-1"] {
        let (status, _, body) = get(
            format!("/api/v1/regions/{region_id}/aggregates?year=2026&period={bad}"),
            region.clone(),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(json(&body)["code"], "invalid_query");
    }
    // The school's own reports and records name people: a region account reads none of them.
    let q1 = &quarters[0].0;
    for uri in [
        format!("/api/v1/reports/achievement?period_id={q1}"),
        "/api/v1/students".to_owned(),
        "/api/v1/users".to_owned(),
    ] {
        let (status, _, body) = get(uri.clone(), region.clone()).await;
        assert_eq!(status, 403, "{uri}: {}", String::from_utf8_lossy(&body));
    }
}
