//! The archive (R-P2, R-P5) of the demo school's first quarter: written on demand and on a
//! whole-school close, sealed with the school's key, checked by the API and by
//! `journal archive verify`, which name the file after one byte of it changes and the seal after
//! the manifest changes. Runs on the backend under test (JOURNAL_TEST_BACKEND).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test;
use common::{journal, sign_in, state, text};
use diesel::prelude::*;
use journal_db::schema::{classes, periods, school_years, schools};
use journal_db::testing::TestDb;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const DEMO_DAY: &str = "2026-11-18";

/// `journal archive verify PATH --key KEY`: its exit code and what it printed.
fn verify(package: &Path, key: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_journal"))
        .args(["archive", "verify"])
        .arg(package)
        .args(["--key", key])
        .output()
        .unwrap();
    (out.status.code().unwrap(), text(&out))
}

/// Change a sealed (read-only) file as someone tampering with it would.
fn tamper(path: &Path, f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).unwrap();
    let original = std::fs::read(path).unwrap();
    let mut bytes = original.clone();
    f(&mut bytes);
    std::fs::write(path, bytes).unwrap();
    original
}

#[actix_web::test]
async fn a_quarter_is_archived_sealed_and_checked() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let out = journal(&db, &data, &["seed-demo", "--today", DEMO_DAY]);
    assert!(out.status.success(), "{}", text(&out));
    let mut st = state(&db);
    st.archive = st.archive.clone().written_on_close();
    let store = st.archive.clone();
    let app = test::init_service(actix_web::App::new().configure(journal_api::mount(st))).await;
    let deputy = sign_in(&app, "deputy").await;

    let mut conn = db.conn();
    let school: String = schools::table.select(schools::id).first(&mut conn).unwrap();
    let year: String = classes::table
        .filter(classes::grade.eq(7))
        .filter(classes::letter.eq("А"))
        .select(classes::year_id)
        .first::<Option<String>>(&mut conn)
        .unwrap()
        .unwrap();
    let year_ends: chrono::NaiveDate = school_years::table
        .find(&year)
        .select(school_years::ends_on)
        .first(&mut conn)
        .unwrap();
    let q1: String = periods::table
        .filter(periods::year_id.eq(&year))
        .filter(periods::number.eq(1))
        .filter(periods::grade_from.le(7))
        .filter(periods::grade_to.ge(7))
        .select(periods::id)
        .first(&mut conn)
        .unwrap();

    let call = |method: &'static str, uri: String, bearer: String, body: Option<Value>| {
        let app = &app;
        async move {
            let mut req = match method {
                "POST" => test::TestRequest::post(),
                _ => test::TestRequest::get(),
            }
            .uri(&uri)
            .insert_header(("Authorization", bearer));
            if let Some(b) = body {
                req = req.set_json(b);
            }
            let resp = test::call_service(app, req.to_request()).await;
            let status = resp.status().as_u16();
            (status, test::read_body(resp).await.to_vec())
        }
    };
    let json = |b: &[u8]| -> Value { serde_json::from_slice(b).unwrap() };

    // Before any package there is no key.
    let (status, body) = call("GET", "/api/v1/archive-key".into(), deputy.clone(), None).await;
    assert_eq!(status, 404);
    assert_eq!(json(&body)["code"], "no_archive_key");

    // The deputy archives the first quarter: every class's six files and school.json.
    let (status, body) = call(
        "POST",
        "/api/v1/archives".into(),
        deputy.clone(),
        Some(json!({ "period_id": q1 })),
    )
    .await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let archive = json(&body);
    let grades: (i32, i32) = periods::table
        .find(&q1)
        .select((periods::grade_from, periods::grade_to))
        .first(&mut conn)
        .unwrap();
    let classes: i64 = classes::table
        .filter(classes::year_id.eq(&year))
        .filter(classes::grade.between(grades.0, grades.1))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(archive["files"], classes * 6 + 1);
    assert!(archive["title"]
        .as_str()
        .unwrap()
        .starts_with("I четверть, "));
    let ends = year_ends;
    assert_eq!(
        archive["journals_until"],
        (ends + chrono::Months::new(60)).to_string()
    );
    assert_eq!(
        archive["summary_until"],
        (ends + chrono::Months::new(300)).to_string()
    );
    let package: PathBuf = store
        .school_dir(school.parse().unwrap())
        .join(archive["name"].as_str().unwrap());
    let journal_pdf = package.join("data/classes/7А/journal.pdf");
    let text7a = pdf_extract::extract_text_from_mem(&std::fs::read(&journal_pdf).unwrap()).unwrap();
    assert!(text7a
        .split_whitespace()
        .collect::<String>()
        .contains("7Акласс"));
    let info = std::fs::read_to_string(package.join("bag-info.txt")).unwrap();
    assert!(
        info.contains(&format!(
            "Journal-Summary-Sheets-Kept-Until: {}",
            archive["summary_until"].as_str().unwrap()
        )),
        "{info}"
    );

    // The key: its public half and fingerprint, and a page to print for the director's order.
    let (status, body) = call("GET", "/api/v1/archive-key".into(), deputy.clone(), None).await;
    assert_eq!(status, 200);
    let key = json(&body);
    let public = key["public_key"].as_str().unwrap().to_owned();
    assert_eq!(public.len(), 64);
    assert!(info.contains(&public));
    let (status, pdf) = call(
        "GET",
        "/api/v1/archive-key?format=pdf".into(),
        deputy.clone(),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let page: String = pdf_extract::extract_text_from_mem(&pdf)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(
        page.contains(&public[..32])
            && page.contains(&key["fingerprint"].as_str().unwrap().replace(' ', ""))
    );

    // A fresh package checks, by the API and by the command.
    let check_uri = format!(
        "/api/v1/archives/{}/verify",
        archive["id"].as_str().unwrap()
    );
    let (status, body) = call("POST", check_uri.clone(), deputy.clone(), None).await;
    assert_eq!(status, 200);
    let check = json(&body);
    assert_eq!(
        (check["ok"].clone(), check["files"].clone()),
        (json!(true), archive["files"].clone())
    );
    let (code, said) = verify(&package, &public);
    assert_eq!(code, 0, "{said}");
    assert!(said.starts_with("OK: "), "{said}");

    // One byte of 7А's marks changes: the file is named.
    let marks = package.join("data/classes/7А/marks.csv");
    let original = tamper(&marks, |b| {
        let i = b.len() / 2;
        b[i] ^= 1;
    });
    let (code, said) = verify(&package, &public);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("BROKEN: data/classes/7А/marks.csv: its SHA-256 differs"),
        "{said}"
    );
    let (_, body) = call("POST", check_uri.clone(), deputy.clone(), None).await;
    let check = json(&body);
    assert_eq!(check["ok"], false);
    assert_eq!(check["problem"]["part"], "file");
    assert_eq!(check["problem"]["fault"], "file_changed");
    assert_eq!(check["problem"]["path"], "data/classes/7А/marks.csv");
    std::fs::write(&marks, original).unwrap();
    assert_eq!(verify(&package, &public).0, 0);

    // The manifest changes (to match a forged file): the seal is named.
    let manifest = package.join("manifest-sha256.txt");
    tamper(&manifest, |b| b[0] = if b[0] == b'a' { b'b' } else { b'a' });
    let (code, said) = verify(&package, &public);
    assert_eq!(code, 1);
    assert!(
        said.contains("BROKEN: seal: manifest-sha256.txt differs"),
        "{said}"
    );
    let (_, body) = call("POST", check_uri, deputy.clone(), None).await;
    assert_eq!(json(&body)["problem"]["part"], "seal");
    assert_eq!(json(&body)["problem"]["fault"], "tag_file_changed");
    // Another key than the school's: the seal is named too.
    let other = ed25519_dalek::SigningKey::from_bytes(&[1; 32]).verifying_key();
    let (code, said) = verify(&package, &hex::encode(other.as_bytes()));
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("BROKEN: seal: sealed with another key"),
        "{said}"
    );

    // Who may: the leadership and the admin read; a teacher and a parent do not.
    for (login, expected) in [
        ("admin", 200),
        ("director", 200),
        ("teacher", 403),
        ("parent", 403),
    ] {
        let bearer = sign_in(&app, login).await;
        assert_eq!(
            call("GET", "/api/v1/archives".into(), bearer, None).await.0,
            expected,
            "{login}"
        );
    }
    let teacher = sign_in(&app, "teacher").await;
    let (status, _) = call(
        "POST",
        "/api/v1/archives".into(),
        teacher,
        Some(json!({ "period_id": q1 })),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = call(
        "POST",
        "/api/v1/archives".into(),
        deputy.clone(),
        Some(json!({ "period_id": q1, "year_id": year })),
    )
    .await;
    assert_eq!(
        (status, json(&body)["code"].clone()),
        (400, json!("period_or_year"))
    );

    // Closing a period for the whole school writes its package by itself: reopen the closed first
    // quarter and close it again; the second package appears when sealed.
    let (status, body) = call(
        "POST",
        "/api/v1/journal/reopen".into(),
        deputy.clone(),
        Some(json!({ "period_id": q1, "reason": "исправление ошибки" })),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let (status, body) = call(
        "POST",
        "/api/v1/journal/close".into(),
        deputy.clone(),
        Some(json!({ "period_id": q1 })),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert!(!json(&body)["done"].as_array().unwrap().is_empty());
    let mut listed = Vec::new();
    for _ in 0..600 {
        let (_, body) = call("GET", "/api/v1/archives".into(), deputy.clone(), None).await;
        listed = json(&body).as_array().unwrap().clone();
        if listed.len() == 2 {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(listed.len(), 2, "the package of the close is written");
    let newest = store
        .school_dir(school.parse().unwrap())
        .join(listed[0]["name"].as_str().unwrap());
    assert_eq!(verify(&newest, &public).0, 0);
}
