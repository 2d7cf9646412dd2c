//! The printed journal (R-P1) of the demo school's 7А for its first quarter, read back from the
//! PDF: the class and period on the title sheet, every subject of the class, a student's marks of a
//! month in the order the journal page holds them, the summary sheet, and the page count on the
//! title sheet equal to the pages numbered. Also who may print it, the summary sheet alone and a
//! report as PDF. Runs on the backend under test (JOURNAL_TEST_BACKEND).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test;
use common::{journal, sign_in, state, text};
use diesel::prelude::*;
use journal_db::schema::{classes, periods};
use journal_db::testing::TestDb;
use serde_json::Value;

/// A Wednesday of the second quarter: the first quarter is over and closed.
const DEMO_DAY: &str = "2026-11-18";

fn squeezed(s: &str) -> String {
    s.split_whitespace().collect()
}

#[actix_web::test]
async fn the_printed_journal_of_7a_for_the_first_quarter_reads_back() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let out = journal(&db, &data, &["seed-demo", "--today", DEMO_DAY]);
    assert!(out.status.success(), "{}", text(&out));
    let app =
        test::init_service(actix_web::App::new().configure(journal_api::mount(state(&db)))).await;
    let deputy = sign_in(&app, "deputy").await;

    let mut conn = db.conn();
    let (class, year): (String, Option<String>) = classes::table
        .filter(classes::grade.eq(7))
        .filter(classes::letter.eq("А"))
        .select((classes::id, classes::year_id))
        .first(&mut conn)
        .unwrap();
    let q1: String = periods::table
        .filter(periods::year_id.eq(year.unwrap()))
        .filter(periods::number.eq(1))
        .filter(periods::grade_from.le(7))
        .filter(periods::grade_to.ge(7))
        .select(periods::id)
        .first(&mut conn)
        .unwrap();

    let get = |uri: String, bearer: String| {
        let app = &app;
        async move { common::get(app, &uri, &bearer).await }
    };
    let json = |body: &[u8]| -> Value { serde_json::from_slice(body).unwrap() };

    let uri = format!("/api/v1/classes/{class}/printed-journal?period_id={q1}");
    let (status, ct, pdf) = get(uri.clone(), deputy.clone()).await;
    assert_eq!(
        (status, ct.as_str()),
        (200, "application/pdf"),
        "{}",
        String::from_utf8_lossy(&pdf)
    );
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let flat = squeezed(&text);
    for needle in [
        "КЛАССНЫЙ ЖУРНАЛ",
        "7А класс",
        "I четверть",
        "Содержание",
        "Сводная ведомость учёта успеваемости",
        "Директор",
    ] {
        assert!(
            flat.contains(&squeezed(needle)),
            "{needle:?} is not in the journal"
        );
    }
    // Every subject of the class is in it (the summary sheet's subjects are the class's).
    let (status, _, sheet) = get(format!("/api/v1/classes/{class}/finals"), deputy.clone()).await;
    assert_eq!(status, 200);
    let sheet = json(&sheet);
    let subjects = sheet["subjects"].as_array().unwrap();
    assert!(
        subjects.len() >= 10,
        "7А learns many subjects: {subjects:?}"
    );
    for s in subjects {
        let name = s["name"].as_str().unwrap();
        assert!(
            flat.contains(&squeezed(name)),
            "{name} is not in the journal"
        );
    }
    // The page count on the title sheet is the number of the last page, which is numbered.
    let count: usize = text
        .split("В журнале ")
        .nth(1)
        .and_then(|rest| rest.split("стр.").next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count on the title sheet"));
    assert!(
        count > subjects.len(),
        "a page at least per subject: {count}"
    );
    assert!(flat.contains(&squeezed(&format!("Страница {count} из {count}"))));
    assert!(!flat.contains(&squeezed(&format!("Страница {} из", count + 1))));

    // A known row: the first student with marks in September on the algebra page holds, on the
    // printed September sheet of algebra, those marks in the order of the lessons.
    let (status, _, pages) = get(
        format!("/api/v1/assignments?class_id={class}"),
        deputy.clone(),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pages));
    let pages = json(&pages);
    let algebra = pages
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["subject_name"] == "Алгебра")
        .unwrap_or_else(|| panic!("7А has algebra: {pages}"));
    let (status, _, page) = get(
        format!("/api/v1/journal/{}/{q1}", algebra["id"].as_str().unwrap()),
        deputy.clone(),
    )
    .await;
    assert_eq!(status, 200);
    let page = json(&page);
    let september: Vec<(&str, &str)> = page["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["change"] != "cancellation")
        .filter(|l| l["held_on"].as_str().unwrap().starts_with("2026-09"))
        .map(|l| {
            (
                l["entry_id"].as_str().unwrap(),
                l["lesson_date"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(!september.is_empty());
    let (name, marks) = page["students"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|s| {
            let marks: Vec<String> = september
                .iter()
                .flat_map(|(entry, date)| {
                    let at = |c: &&Value| c["entry_id"] == *entry && c["lesson_date"] == *date;
                    let absent = s["attendance"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(at)
                        .map(|a| {
                            if a["status"] == "absent" {
                                "н"
                            } else {
                                "оп"
                            }
                            .to_owned()
                        });
                    let given = s["marks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(at)
                        .map(|m| m["value"].as_str().unwrap().to_owned());
                    absent.chain(given).collect::<Vec<_>>()
                })
                .collect();
            (marks.len() >= 2).then(|| (s["name"].as_str().unwrap().to_owned(), marks))
        })
        .expect("a student with marks in September");
    let row = squeezed(&format!("{name} {}", marks.join(" ")));
    assert!(flat.contains(&row), "the row {row} is not in the journal");

    // The class teacher prints it too; a parent and a student do not.
    let teacher = sign_in(&app, "teacher").await;
    assert_eq!(get(uri.clone(), teacher).await.0, 200);
    for login in ["parent", "student"] {
        let bearer = sign_in(&app, login).await;
        assert_eq!(get(uri.clone(), bearer).await.0, 403, "{login}");
    }
    // A period of the class's year unknown to it: 404.
    let other = format!(
        "/api/v1/classes/{class}/printed-journal?period_id={}",
        uuid::Uuid::new_v4()
    );
    assert_eq!(get(other, deputy.clone()).await.0, 404);

    // The summary sheet alone, and a report printed.
    let (status, ct, pdf) = get(
        format!("/api/v1/classes/{class}/finals?format=pdf"),
        deputy.clone(),
    )
    .await;
    assert_eq!((status, ct.as_str()), (200, "application/pdf"));
    let summary = squeezed(&pdf_extract::extract_text_from_mem(&pdf).unwrap());
    assert!(summary.contains(&squeezed("Сводная ведомость учёта успеваемости")));
    assert!(summary.contains(&squeezed(subjects[0]["name"].as_str().unwrap())));
    let (status, ct, pdf) = get(
        format!("/api/v1/reports/achievement?period_id={q1}&format=pdf"),
        deputy.clone(),
    )
    .await;
    assert_eq!((status, ct.as_str()), (200, "application/pdf"));
    let report = squeezed(&pdf_extract::extract_text_from_mem(&pdf).unwrap());
    assert!(report.contains(&squeezed("Успеваемость и качество знаний")));
    assert!(report.contains("7А"));
}
