//! The restore drill (R-P3): the demo school backed up with `journal backup`, restored with
//! `journal restore` into a new database, every table's rows and digest equal to the backup's and
//! the audit chain verifying on the copy. A restore into a database that is not empty is refused,
//! and a backup changed after it was taken is refused with nothing written. On the PostgreSQL run
//! the backup also crosses backends: SQLite → PostgreSQL → SQLite.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{journal, sign_in, state, text};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use journal_db::backup::{self, Manifest};
use journal_db::testing::{backend_under_test, TestDb};
use journal_db::Backend;
use std::io::{Read, Write};
use std::path::Path;

const DEMO_DAY: &str = "2026-11-18";

fn seeded(backend: Backend, data: &tempfile::TempDir) -> TestDb {
    let db = TestDb::on(backend);
    let out = journal(&db, data, &["seed-demo", "--today", DEMO_DAY]);
    assert!(out.status.success(), "{}", text(&out));
    db
}

fn back_up(db: &TestDb, data: &tempfile::TempDir, to: &Path) -> Manifest {
    let out = journal(db, data, &["backup", "--to", to.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("backup written to"), "{}", text(&out));
    Manifest::read(to).unwrap()
}

/// Restore `from` into a new database of `backend` and check it: the command's success, every
/// table's rows and digest as in the manifest, and the audit chain.
fn restore_and_check(backend: Backend, data: &tempfile::TempDir, from: &Path) -> TestDb {
    let target = TestDb::on(backend);
    let out = journal(&target, data, &["restore", from.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let manifest = Manifest::read(from).unwrap();
    let now = backup::digests(&mut target.conn()).unwrap();
    assert_eq!(now.len(), manifest.tables.len());
    for (got, want) in now.iter().zip(&manifest.tables) {
        assert_eq!(
            (&got.name, got.rows, &got.sha256),
            (&want.name, want.rows, &want.sha256),
            "table {} on {backend:?}",
            want.name
        );
    }
    let verify = journal(&target, data, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify));
    assert!(
        text(&verify).contains("audit log intact"),
        "{}",
        text(&verify)
    );
    target
}

#[actix_web::test]
async fn a_backup_restores_into_an_empty_database_with_every_table_equal() {
    let backend = backend_under_test();
    let data = tempfile::tempdir().unwrap();
    let source = seeded(backend, &data);
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let manifest = back_up(&source, &data, &first);
    let count = |name: &str| {
        manifest
            .tables
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.rows)
            .unwrap_or_else(|| panic!("no table {name}"))
    };
    assert!(count("marks") > 1000 && count("audit_log") > 0 && count("students") > 500);
    assert!(manifest
        .tables
        .iter()
        .all(|t| t.name != "__diesel_schema_migrations"));

    // The admin sees it, its size and age, on a daily schedule; a teacher does not.
    let mut st = state(&source);
    st.backups.dir = dir.path().to_owned();
    st.backups.every = Some(std::time::Duration::from_secs(24 * 3600));
    let app =
        actix_web::test::init_service(actix_web::App::new().configure(journal_api::mount(st)))
            .await;
    let get = |bearer: String| {
        let req = actix_web::test::TestRequest::get()
            .uri("/api/v1/backups")
            .insert_header(("Authorization", bearer))
            .to_request();
        actix_web::test::call_service(&app, req)
    };
    let resp = get(sign_in(&app, "admin").await).await;
    assert_eq!(resp.status(), 200);
    let status: serde_json::Value = actix_web::test::read_body_json(resp).await;
    assert_eq!(status["every_hours"], 24);
    assert_eq!(status["overdue"], false, "{status}");
    assert_eq!(status["backups"][0]["name"], "first");
    assert_eq!(status["backups"][0]["rows"], manifest.total_rows());
    assert_eq!(status["backups"][0]["size_bytes"], manifest.total_bytes());
    let resp = get(sign_in(&app, "teacher").await).await;
    assert_eq!(resp.status(), 403);

    let copy = restore_and_check(backend, &data, &first);

    // A second restore into the copy: refused, and the copy unchanged.
    let again = journal(&copy, &data, &["restore", first.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(text(&again).contains("not empty"), "{}", text(&again));

    // One value of the backup changed after it was taken: refused, nothing written.
    let subjects = first.join("tables/subjects.jsonl.gz");
    let mut lines = String::new();
    GzDecoder::new(std::fs::File::open(&subjects).unwrap())
        .read_to_string(&mut lines)
        .unwrap();
    let forged = lines.replacen("Алгебра", "Алхимия", 1);
    assert_ne!(forged, lines);
    let mut gz = GzEncoder::new(
        std::fs::File::create(&subjects).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(forged.as_bytes()).unwrap();
    gz.finish().unwrap();
    let target = TestDb::on(backend);
    let refused = journal(&target, &data, &["restore", first.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("table subjects restored differs"),
        "{}",
        text(&refused)
    );
    assert!(
        backup::is_empty(&mut target.conn()).unwrap(),
        "nothing was written"
    );
}

/// A school that grows into a region moves from SQLite to PostgreSQL, and back, without loss.
#[test]
fn a_sqlite_backup_restores_into_postgresql_and_back() {
    if backend_under_test() != Backend::Postgres {
        return; // The PostgreSQL run crosses backends; the SQLite run needs no server.
    }
    let data = tempfile::tempdir().unwrap();
    let source = seeded(Backend::Sqlite, &data);
    let dir = tempfile::tempdir().unwrap();
    let from_sqlite = dir.path().join("from-sqlite");
    let original = back_up(&source, &data, &from_sqlite);
    assert_eq!(original.backend, "sqlite");
    let on_pg = restore_and_check(Backend::Postgres, &data, &from_sqlite);
    let from_pg = dir.path().join("from-postgres");
    let moved = back_up(&on_pg, &data, &from_pg);
    assert_eq!(moved.backend, "postgres");
    assert_eq!(moved.tables, {
        let mut t = original.tables.clone();
        // Only the compressed sizes may differ.
        for (a, b) in t.iter_mut().zip(&moved.tables) {
            a.bytes = b.bytes;
        }
        t
    });
    restore_and_check(Backend::Sqlite, &data, &from_pg);
}
