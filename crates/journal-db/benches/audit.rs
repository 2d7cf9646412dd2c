//! `make bench-audit`: how many audited writes per second the storage takes, and how fast the chain
//! verifies, on the backend named by JOURNAL_TEST_BACKEND (SQLite by default). Prints timings; asserts
//! nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use journal_db::audit::{self, AuditEvent, AuditKey};
use journal_db::schools::{self, School};
use journal_db::testing::{backend_under_test, TestDb};
use journal_db::{now, write_tx};
use journal_domain::SchoolId;
use std::time::Instant;

fn main() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let key = AuditKey::new(b"bench-audit-key-of-thirty-two-bytes!");
    let school = SchoolId::new();
    schools::insert(
        &mut conn,
        &School {
            id: school.to_string(),
            name: "Бенчмарк".into(),
            short_name: None,
            timezone: "Europe/Moscow".into(),
            is_demo: false,
            max_control_works_per_day: 1,
            created_at: now(),
        },
    )
    .unwrap();
    let n = 2_000;
    let start = Instant::now();
    for i in 0..n {
        let event = AuditEvent {
            school_id: Some(school),
            action: "mark.set".into(),
            entity: "mark".into(),
            entity_id: Some(i.to_string()),
            after: Some(serde_json::json!({ "value": 5, "work_type": "oral" })),
            ..AuditEvent::default()
        };
        write_tx(&mut conn, |c| audit::record(c, &key, &event)).unwrap();
    }
    let write = start.elapsed();
    let start = Instant::now();
    let verified = audit::verify(&mut conn, &key).unwrap();
    let verify = start.elapsed();
    assert!(verified.first_break.is_none());
    println!(
        "backend {}: {n} audited write transactions in {:.2?} ({:.0}/s, durable commits); \
         chain of {} entries verified in {:.2?} ({:.0} entries/s)",
        backend_under_test().as_str(),
        write,
        f64::from(n) / write.as_secs_f64(),
        verified.entries,
        verify,
        verified.entries as f64 / verify.as_secs_f64(),
    );
}
