//! The authorisation matrix (issue 9, R-A11): every operation of the OpenAPI document that takes
//! an id — in its path, its query or its body — called by every role of one school with ids it
//! has no right to: another school's objects, another family's child, another teacher's journal
//! page. Every answer must be a refusal (403/404, or 400/422 for a body that does not fit; never
//! 2xx) and nothing may be written: the rows of every table, the audit log among them, are
//! counted before and after each operation.
//!
//! The operations are read from `journal_api::openapi()`, so a new endpoint joins the matrix by
//! being documented. An operation the test cannot build a request for fails the test, unless it
//! is in [`NOT_ID_TAKING`] with the reason. Positive controls call a few operations with the same
//! ids as their owner and expect success, so the ids are real.
//!
//! Runs on the backend named by JOURNAL_TEST_BACKEND (`make test-sqlite`, `make test-postgres`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod exceptions;
mod requests;
mod school;

use actix_web::http::StatusCode;
use common::*;
use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use exceptions::*;
use journal_db::testing::TestDb;
use journal_db::{write_tx, DbConnection};
use journal_domain::{Role, SchoolId};
use requests::*;
use school::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The number of rows of every table of the database.
fn row_counts(db: &TestDb) -> BTreeMap<String, i64> {
    macro_rules! counts {
        ($conn:expr, $list:expr) => {{
            let names: Vec<TableName> = diesel::sql_query($list).load($conn).unwrap();
            assert!(names.len() > 20, "the tables are found: {}", names.len());
            names
                .into_iter()
                .map(|t| {
                    let q = format!("SELECT COUNT(*) AS n FROM \"{}\"", t.name);
                    let n: Vec<Count> = diesel::sql_query(q).load($conn).unwrap();
                    (t.name, n[0].n)
                })
                .collect()
        }};
    }
    let mut conn = db.conn();
    match &mut *conn {
        DbConnection::Sqlite(c) => counts!(
            c,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ),
        DbConnection::Pg(c) => counts!(
            c,
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        ),
    }
}

#[actix_web::test]
async fn no_role_reaches_what_is_not_theirs_by_any_id_taking_operation() {
    let db = TestDb::new();
    let app = app!(&db);
    let a = build_school(&app, &db, "a").await;
    let b = build_school(&app, &db, "b").await;
    assert_ne!(a.school, b.school);

    // Positive controls: the owners reach these very ids.
    let controls: &[(&Side, &str, &str, String)] = &[
        (
            &b,
            "secretary",
            "GET",
            format!("/api/v1/students/{}", b.second["student"]),
        ),
        (
            &b,
            "parent2",
            "GET",
            format!(
                "/api/v1/students/{}/diary?from={LESSON_DATE}",
                b.second["student"]
            ),
        ),
        (
            &a,
            "parent2",
            "GET",
            format!(
                "/api/v1/students/{}/diary?from={LESSON_DATE}",
                a.second["student"]
            ),
        ),
        (
            &a,
            "secretary",
            "GET",
            format!("/api/v1/guardians/{}/consents", a.second["guardian"]),
        ),
        (
            &a,
            "teacher2",
            "GET",
            format!(
                "/api/v1/journal/{}/{}",
                a.second["assignment"], a.second["period"]
            ),
        ),
        (
            &a,
            "teacher2",
            "GET",
            format!("/api/v1/assignments/{}/plan", a.second["assignment"]),
        ),
        (
            &a,
            "teacher2",
            "GET",
            format!("/api/v1/files/{}", a.second["file"]),
        ),
        (
            &b,
            "teacher2",
            "GET",
            format!(
                "/api/v1/journal/{}/{}",
                b.second["assignment"], b.second["period"]
            ),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/groups/{}", b.second["group"]),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/years/{}", b.second["year"]),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/lessons/{}/{LESSON_DATE}", b.second["entry"]),
        ),
        (
            &b,
            "teacher2",
            "GET",
            format!("/api/v1/threads/{}", b.second["thread"]),
        ),
        (
            &b,
            "teacher2",
            "GET",
            format!("/api/v1/message-attachments/{}", b.second["attachment"]),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/classes/{}/finals", b.second["class"]),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/remarks/{}", b.second["remark"]),
        ),
        (
            &a,
            "teacher2",
            "GET",
            format!("/api/v1/remarks/{}", a.second["remark"]),
        ),
    ];
    for (side, who, method, path) in controls {
        let (status, _, body) = request(&app, method, path, Some(&side.tokens[*who]), None).await;
        assert!(
            status.is_success(),
            "control {who} {method} {path}: {status} {}",
            String::from_utf8_lossy(&body)
        );
    }

    let foreign_school = Category {
        name: "another school",
        roles: ROLES,
        ids: b.second.clone(),
        foreign: b.second.keys().copied().collect(),
        home_variants: true,
    };
    let family = |k: &'static str| (k, a.second[k].clone());
    let other_family = Category {
        name: "another family's child",
        roles: &["parent", "student"],
        ids: ["student", "guardian"].into_iter().map(family).collect(),
        foreign: vec!["student", "guardian"],
        home_variants: true,
    };
    // The teacher leads 7А and keeps its families (R-A5): the other family's child and guardian
    // only in the path (linking a guardian record of the school to a child of her own class is
    // hers to do).
    let untaught_child = Category {
        name: "a child the teacher does not teach",
        roles: &["teacher"],
        ids: ["student", "guardian"].into_iter().map(family).collect(),
        foreign: vec!["student", "guardian"],
        home_variants: false,
    };
    let other_teacher = Category {
        name: "another teacher's page",
        roles: &["teacher", "parent", "student"],
        ids: ["assignment", "period", "entry", "date", "file", "remark"]
            .into_iter()
            .map(|k| (k, a.second[k].clone()))
            .collect(),
        foreign: vec!["assignment", "entry", "file", "remark"],
        home_variants: true,
    };
    let categories = [foreign_school, other_family, untaught_child, other_teacher];
    let excepted: BTreeMap<&str, &str> = NOT_ID_TAKING.iter().copied().collect();

    let mut unbuildable = Vec::new();
    let mut failures = Vec::new();
    let mut probed = BTreeSet::new();
    let mut calls = 0;
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut answered_empty = BTreeSet::new();
    let ops = operations();
    let mut counts = row_counts(&db);
    assert!(ops.len() > 90, "the document lists the API: {}", ops.len());
    for op in &ops {
        let key = op.key();
        let takes_ids = !op.path_params.is_empty()
            || op.body_has_ids
            || op
                .query
                .iter()
                .any(|(n, _)| matches!(query_value(n), QueryValue::Id(_)));
        if !takes_ids {
            continue;
        }
        if excepted.contains_key(key.as_str()) {
            continue;
        }
        for cat in &categories {
            let built = match probes(op, cat, &a.first) {
                Ok(b) => b,
                Err(why) => {
                    unbuildable.push(format!("{key}: {why}"));
                    break;
                }
            };
            for (uri, json_body, empty_list_ok) in built {
                let body = match (&op.body, json_body) {
                    (_, Some(v)) => {
                        Some(("application/json".to_owned(), v.to_string().into_bytes()))
                    }
                    (Some(ct), None) if ct != "application/json" => {
                        Some((ct.clone(), raw_body(ct)))
                    }
                    _ => None,
                };
                for role in cat.roles {
                    let probe = Probe {
                        op: key.clone(),
                        category: cat.name,
                        role,
                        method: op.method.clone(),
                        uri: uri.clone(),
                        body: body.clone(),
                        if_match: op.if_match,
                        empty_list_ok,
                    };
                    let (status, bytes) = send_probe(&app, &a.tokens[role], &probe).await;
                    let after = row_counts(&db);
                    let before = std::mem::replace(&mut counts, after.clone());
                    calls += 1;
                    probed.insert(key.clone());
                    *statuses.entry(status.as_u16()).or_default() += 1;
                    let refused = matches!(status.as_u16(), 400 | 403 | 404 | 422);
                    let empty = probe.empty_list_ok
                        && status == StatusCode::OK
                        && serde_json::from_slice::<Value>(&bytes).is_ok_and(|v| lists_nothing(&v));
                    let allowed = ALLOWED.iter().any(|(o, c, r, _)| {
                        *o == probe.op && *c == probe.category && *r == probe.role
                    });
                    if empty {
                        answered_empty.insert(format!("{} ({})", probe.op, probe.category));
                    }
                    if !(refused || empty || allowed) {
                        failures.push(format!(
                            "{} as {} with {}: {} {} → {status} {}",
                            probe.op,
                            probe.role,
                            probe.category,
                            probe.method,
                            probe.uri,
                            String::from_utf8_lossy(&bytes)
                                .chars()
                                .take(200)
                                .map(|c| if c.is_control() { ' ' } else { c })
                                .collect::<String>()
                        ));
                    }
                    if before != after && !allowed {
                        let changed: Vec<String> = after
                            .iter()
                            .filter(|(t, n)| before.get(*t) != Some(n))
                            .map(|(t, n)| {
                                format!("{t}: {} → {n}", before.get(t).copied().unwrap_or(0))
                            })
                            .collect();
                        failures.push(format!(
                            "{} as {} with {} WROTE {}: {status}",
                            probe.op,
                            probe.role,
                            probe.category,
                            changed.join(", ")
                        ));
                    }
                }
            }
        }
    }
    println!(
        "authorisation matrix: {calls} calls over {} operations; statuses {statuses:?}",
        probed.len()
    );
    println!(
        "lists filtered by a foreign id that answered an empty list:\n  {}",
        answered_empty.into_iter().collect::<Vec<_>>().join("\n  ")
    );
    assert!(unbuildable.is_empty(), "operations the matrix cannot call (build a request for them or list them in NOT_ID_TAKING):\n{}", unbuildable.join("\n"));
    assert!(
        failures.is_empty(),
        "{} refusals missing:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every id-taking operation was called at least once.
    let missing: Vec<String> = ops
        .iter()
        .filter(|op| !op.path_params.is_empty() && !excepted.contains_key(op.key().as_str()))
        .map(Operation::key)
        .filter(|k| !probed.contains(k))
        .collect();
    assert!(missing.is_empty(), "operations never called: {missing:?}");
    for (key, _) in NOT_ID_TAKING {
        assert!(
            ops.iter().any(|op| op.key() == *key),
            "the exception {key} names no operation"
        );
    }
}
