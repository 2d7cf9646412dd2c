//! The answers of the hot reads — a student's diary week, a student's period results and a journal
//! page — for a sample of the demo school loaded as of a fixed date, compared with the answers
//! recorded in `tests/answers/demo.jsonl.gz` (one answer a line) by the code before the reads were rewritten to cost what
//! one student or one page costs (issue 10). Runs on the backend under test (JOURNAL_TEST_BACKEND;
//! `make test` runs it on SQLite and on PostgreSQL), so both backends answer the same.
//!
//! Ids are random on every load and timestamps are the load's clock, so the comparison maps every
//! id to the order of its first appearance and every timestamp to `<datetime>`; a page's `locked`
//! follows the wall clock (the automatic lock) and is left out.
//!
//! `JOURNAL_RECORD_ANSWERS=1` rewrites the file instead of comparing (only when a change of an
//! answer is intended, with the reason in the commit).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test;
use common::{journal, sign_in, state, text};
use diesel::prelude::*;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use journal_db::schema::{classes, periods, students, teaching_assignments};
use journal_db::testing::TestDb;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;

/// A Wednesday of the second quarter: lessons before and after it, a closed first quarter.
const DEMO_DAY: &str = "2026-11-18";
/// The diary weeks asked: the demo day's (with a substitution and this week's marks) and one in
/// the closed first quarter.
const WEEKS: [&str; 2] = ["2026-11-18", "2026-10-07"];
/// The classes whose every journal page of the first two quarters is asked: 7А (the demo
/// teacher's, with a debt and a deferred final) and 10Б (subgroups and the 10th grades' stream).
const PAGE_CLASSES: [(i32, &str); 2] = [(7, "А"), (10, "Б")];

fn seed(db: &TestDb, data: &tempfile::TempDir) {
    let out = journal(db, data, &["seed-demo", "--today", DEMO_DAY]);
    assert!(out.status.success(), "{}", text(&out));
}

/// Lists whose order carries no meaning.
const UNORDERED: [&str; 2] = ["attendance", "marks"];

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::parse_str(s).is_ok()
}

fn is_datetime(s: &str) -> bool {
    s.len() >= 19
        && s.as_bytes().get(10) == Some(&b'T')
        && chrono::NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// `v` with ids numbered by first appearance (in `ids`, shared by the whole record), timestamps
/// masked, the clock-dependent `locked` left out and the [`UNORDERED`] lists sorted.
fn normalise(v: &Value, ids: &mut HashMap<String, usize>) -> Value {
    match v {
        Value::String(s) if is_uuid(s) => {
            let n = ids.len();
            json!(format!("#{}", ids.entry(s.clone()).or_insert(n)))
        }
        Value::String(s) if is_datetime(s) => json!("<datetime>"),
        Value::Array(items) => Value::Array(items.iter().map(|x| normalise(x, ids)).collect()),
        Value::Object(fields) => {
            let mut out = Map::new();
            for (k, x) in fields {
                if k == "locked" {
                    continue;
                }
                let mut x = normalise(x, ids);
                // A page's cells of one date come in the order of their lessons' ids, which is
                // random; the SPA places each by its lesson.
                if let (true, Value::Array(cells)) = (UNORDERED.contains(&k.as_str()), &mut x) {
                    cells.sort_by_cached_key(|c| c.to_string());
                }
                out.insert(k.clone(), x);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn record_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/answers/demo.jsonl.gz")
}

#[actix_web::test]
async fn diary_results_and_journal_pages_answer_as_recorded() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    seed(&db, &data);
    let app =
        test::init_service(actix_web::App::new().configure(journal_api::mount(state(&db)))).await;
    let bearer = sign_in(&app, "deputy").await;
    let get = |uri: String| {
        let req = test::TestRequest::get()
            .uri(&uri)
            .insert_header(("Authorization", bearer.clone()))
            .to_request();
        let app = &app;
        async move {
            let resp = test::call_service(app, req).await;
            let status = resp.status();
            let body: Value = test::read_body_json(resp).await;
            assert_eq!(status, 200, "{uri}: {body}");
            body
        }
    };

    // The sample: the first student (by name) of every class, and every page of a few classes.
    let mut conn = db.conn();
    let class_rows: Vec<(String, i32, String)> = classes::table
        .select((classes::id, classes::grade, classes::letter))
        .order((classes::grade, classes::letter))
        .load(&mut conn)
        .unwrap();
    let mut sample: Vec<(String, String)> = Vec::new();
    for (class, grade, letter) in &class_rows {
        let first: (String, String, String) = students::table
            .filter(students::class_id.eq(class))
            .select((students::id, students::last_name, students::first_name))
            .order((
                students::last_name,
                students::first_name,
                students::birth_date,
            ))
            .first(&mut conn)
            .unwrap();
        sample.push((format!("{grade}{letter}"), first.0));
    }
    let mut recorded = Vec::new();
    for (class, student) in &sample {
        for week in WEEKS {
            let diary = get(format!("/api/v1/students/{student}/diary?from={week}")).await;
            recorded
                .push(json!({ "what": "diary", "class": class, "week": week, "answer": diary }));
        }
        let current = get(format!("/api/v1/students/{student}/results")).await;
        let periods: Vec<String> = current["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(!periods.is_empty(), "{class} has periods");
        for period in periods {
            let results = get(format!(
                "/api/v1/students/{student}/results?period_id={period}"
            ))
            .await;
            recorded.push(json!({ "what": "results", "class": class, "answer": results }));
        }
    }
    for (grade, letter) in PAGE_CLASSES {
        let (class, year): (String, Option<String>) = classes::table
            .filter(classes::grade.eq(grade))
            .filter(classes::letter.eq(letter))
            .select((classes::id, classes::year_id))
            .first(&mut conn)
            .unwrap();
        let year = year.unwrap();
        let mut assignments: Vec<(String, String)> = teaching_assignments::table
            .filter(teaching_assignments::class_id.eq(&class))
            .select((teaching_assignments::id, teaching_assignments::subject_id))
            .load(&mut conn)
            .unwrap();
        let subject_names: HashMap<String, String> = journal_db::schema::subjects::table
            .select((
                journal_db::schema::subjects::id,
                journal_db::schema::subjects::name,
            ))
            .load(&mut conn)
            .unwrap()
            .into_iter()
            .collect();
        assert!(!assignments.is_empty(), "{grade}{letter} is taught");
        // In a stable order: by subject name, then by the first page's teacher and group.
        let mut pages = Vec::new();
        let quarters: Vec<String> = periods::table
            .filter(periods::year_id.eq(&year))
            .filter(periods::grade_from.le(grade))
            .filter(periods::grade_to.ge(grade))
            .order(periods::starts_on)
            .select(periods::id)
            .limit(2)
            .load(&mut conn)
            .unwrap();
        assignments.sort_by_key(|(_, s)| subject_names.get(s).cloned());
        for (assignment, _) in &assignments {
            for period in &quarters {
                let page = get(format!("/api/v1/journal/{assignment}/{period}")).await;
                pages.push(page);
            }
        }
        pages.sort_by_key(|p| {
            (
                p["subject_name"].as_str().unwrap_or_default().to_owned(),
                p["group_name"].as_str().unwrap_or_default().to_owned(),
                p["period"]["starts_on"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        });
        for page in pages {
            recorded.push(
                json!({ "what": "page", "class": format!("{grade}{letter}"), "answer": page }),
            );
        }
    }
    let mut ids = HashMap::new();
    let got: Vec<Value> = recorded.iter().map(|r| normalise(r, &mut ids)).collect();
    let got = Value::Array(got);
    let path = record_path();
    if std::env::var("JOURNAL_RECORD_ANSWERS").as_deref() == Ok("1") {
        let mut file = GzEncoder::new(Vec::new(), Compression::best());
        for answer in got.as_array().unwrap() {
            writeln!(file, "{answer}").unwrap();
        }
        std::fs::write(&path, file.finish().unwrap()).unwrap();
        return;
    }
    // What was got, next to the build's output, for a diff when the comparison fails.
    let got_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("answers-demo.json");
    std::fs::write(
        &got_path,
        serde_json::to_string_pretty(&got).unwrap() + "\n",
    )
    .unwrap();
    let mut lines = String::new();
    GzDecoder::new(std::fs::File::open(&path).unwrap())
        .read_to_string(&mut lines)
        .unwrap();
    let want: Value = Value::Array(
        lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    );
    let (got, want) = (got.as_array().unwrap(), want.as_array().unwrap());
    assert_eq!(got.len(), want.len(), "as many answers as recorded");
    for (g, w) in got.iter().zip(want) {
        assert!(
            g == w,
            "{} of {} differs from the record (all answers got: {}):\n{}",
            w["what"],
            w["class"],
            got_path.display(),
            first_difference(g, w, String::new())
        );
    }
}

/// Where `got` first differs from `want`, as a path and the two values.
fn first_difference(got: &Value, want: &Value, at: String) -> String {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) if gv == wv => {}
                    Some(gv) => return first_difference(gv, wv, format!("{at}.{k}")),
                    None => return format!("{at}.{k}: missing"),
                }
            }
            format!(
                "{at}: extra fields {:?}",
                g.keys().filter(|k| !w.contains_key(*k)).collect::<Vec<_>>()
            )
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (gv, wv)) in g.iter().zip(w).enumerate() {
                if gv != wv {
                    return first_difference(gv, wv, format!("{at}[{i}]"));
                }
            }
            format!("{at}: equal")
        }
        _ => format!("{at}: got {got}, recorded {want}"),
    }
}
