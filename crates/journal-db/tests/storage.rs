//! Storage tests. Each runs on the backend named by JOURNAL_TEST_BACKEND (make test runs the suite
//! once on SQLite and once on PostgreSQL).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use journal_db::audit::{self, AuditEvent, AuditKey};
use journal_db::schema::audit_log;
use journal_db::schools::{self, School};
use journal_db::sessions::{self, Presented};
use journal_db::testing::{backend_under_test, is_backend_under_test, TestDb};
use journal_db::users::{self, ListFilter, User};
use journal_db::{now, write_tx, DbConnection};
use journal_domain::{Role, SchoolId, UserId};

fn key() -> AuditKey {
    AuditKey::new(b"test-audit-key-of-thirty-two-bytes!!")
}

fn school(conn: &mut DbConnection, name: &str) -> SchoolId {
    let id = SchoolId::new();
    schools::insert(
        conn,
        &School {
            id: id.to_string(),
            name: name.into(),
            short_name: None,
            timezone: "Europe/Moscow".into(),
            is_demo: false,
            max_control_works_per_day: 1,
            created_at: now(),
        },
    )
    .unwrap();
    id
}

fn user(
    conn: &mut DbConnection,
    school: SchoolId,
    login: &str,
    last: &str,
    roles: &[Role],
) -> UserId {
    let id = UserId::new();
    let at = now();
    users::insert(
        conn,
        &User {
            id: id.to_string(),
            login: login.into(),
            password_hash: "x".into(),
            password_state: "permanent".into(),
            password_expires_at: None,
            last_name: last.into(),
            first_name: "Тест".into(),
            middle_name: None,
            not_before: at,
            created_at: at,
            last_login_at: None,
            previous_login_at: None,
        },
    )
    .unwrap();
    for r in roles {
        users::grant_role(conn, school, id, *r, at).unwrap();
    }
    id
}

fn event(school: SchoolId, action: &str) -> AuditEvent {
    AuditEvent {
        school_id: Some(school),
        action: action.into(),
        entity: "test".into(),
        entity_id: Some("1".into()),
        after: Some(serde_json::json!({ "n": 1, "имя": "Ёжиков" })),
        ..AuditEvent::default()
    }
}

#[test]
fn runs_on_the_backend_under_test() {
    let db = TestDb::new();
    let conn = db.conn();
    assert!(is_backend_under_test(&conn));
    eprintln!("storage suite backend: {}", backend_under_test().as_str());
}

#[test]
fn audit_chain_verifies_and_names_the_edited_entry() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn, "Школа № 1");
    for i in 0..5 {
        write_tx(&mut conn, |c| {
            audit::record(c, &key(), &event(s, &format!("test.step{i}")))
        })
        .unwrap();
    }
    let ok = audit::verify(&mut conn, &key()).unwrap();
    assert_eq!(ok.first_break, None);
    assert_eq!(ok.entries, 5);

    // A wrong key cannot vouch for the chain.
    let wrong = audit::verify(
        &mut conn,
        &AuditKey::new(b"another-key-of-thirty-two-bytes!!!!"),
    )
    .unwrap();
    assert_eq!(wrong.first_break.map(|b| b.seq), Some(1));

    // Edit entry 3 by hand, as someone with database access might.
    diesel::update(
        audit_log::table
            .filter(audit_log::chain.eq(s.to_string()))
            .filter(audit_log::seq.eq(3)),
    )
    .set(audit_log::after_json.eq(Some(r#"{"n":2}"#)))
    .execute(&mut conn)
    .unwrap();
    let broken = audit::verify(&mut conn, &key())
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(
        (broken.chain.as_str(), broken.seq),
        (s.to_string().as_str(), 3)
    );
}

#[test]
fn audit_detects_a_deleted_entry_and_a_cut_tail() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn, "Школа № 2");
    for i in 0..4 {
        audit::record(&mut conn, &key(), &event(s, &format!("a{i}"))).unwrap();
    }
    diesel::delete(audit_log::table.filter(audit_log::seq.eq(4)))
        .execute(&mut conn)
        .unwrap();
    let b = audit::verify(&mut conn, &key())
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(b.seq, 4, "{}", b.reason);
    diesel::delete(audit_log::table.filter(audit_log::seq.eq(2)))
        .execute(&mut conn)
        .unwrap();
    let b = audit::verify(&mut conn, &key())
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(b.seq, 2, "{}", b.reason);
}

#[test]
fn audit_entry_is_rolled_back_with_its_write() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn, "Школа № 3");
    let result: Result<(), diesel::result::Error> = write_tx(&mut conn, |c| {
        audit::record(c, &key(), &event(s, "doomed"))?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(result.is_err());
    let journal_db::Listed { rows, total } = audit::list(
        &mut conn,
        s,
        &audit::ListFilter {
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((rows.len(), total), (0, 0));
    assert_eq!(audit::verify(&mut conn, &key()).unwrap().first_break, None);
}

#[test]
fn concurrent_writers_keep_one_unbroken_chain() {
    let db = TestDb::new();
    let s = school(&mut db.conn(), "Школа № 4");
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let pool = db.pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                for i in 0..10 {
                    write_tx(&mut conn, |c| {
                        audit::record(c, &key(), &event(s, &format!("t{t}.{i}")))
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let v = audit::verify(&mut db.conn(), &key()).unwrap();
    assert_eq!((v.entries, v.first_break), (40, None));
}

/// A batch (one save of a journal page) takes consecutive numbers in each chain it touches, in the
/// order given, between other writers' entries, and the chains still verify (R-P4).
#[test]
fn batches_of_entries_chain_like_single_ones() {
    let db = TestDb::new();
    let (a, b) = {
        let mut conn = db.conn();
        (
            school(&mut conn, "Школа № 6"),
            school(&mut conn, "Школа № 7"),
        )
    };
    let threads: Vec<_> = (0..3)
        .map(|t| {
            let pool = db.pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                for i in 0..6 {
                    let batch: Vec<AuditEvent> = (0..4)
                        .map(|k| event(if k % 2 == 0 { a } else { b }, &format!("t{t}.{i}.{k}")))
                        .collect();
                    let seqs =
                        write_tx(&mut conn, |c| audit::record_many(c, &key(), &batch)).unwrap();
                    // Events 0 and 2 went to one chain, 1 and 3 to the other: one after another.
                    assert_eq!((seqs[2] - seqs[0], seqs[3] - seqs[1]), (1, 1));
                    write_tx(&mut conn, |c| {
                        audit::record(c, &key(), &event(a, &format!("t{t}.{i}.single")))
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let v = audit::verify(&mut db.conn(), &key()).unwrap();
    assert_eq!((v.entries, v.first_break), (3 * 6 * 5, None));
    let in_a: Vec<(i64, String)> = audit_log::table
        .filter(audit_log::chain.eq(a.to_string()))
        .order(audit_log::seq.asc())
        .select((audit_log::seq, audit_log::action))
        .load(&mut db.conn())
        .unwrap();
    assert_eq!(
        in_a.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        (1..=54).collect::<Vec<i64>>()
    );
    // Each batch's two entries of this chain sit next to each other, in the order given.
    for (seq, action) in &in_a {
        if let Some(first) = action.strip_suffix(".0") {
            let next = &in_a[*seq as usize].1;
            assert_eq!(next, &format!("{first}.2"));
        }
    }
}

#[test]
fn refresh_token_rotates_once_and_reuse_revokes_the_family() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn, "Школа № 5");
    let u = user(&mut conn, s, "ivanova", "Иванова", &[Role::Teacher]);
    let t = now();
    sessions::insert(
        &mut conn,
        "first",
        "fam",
        u,
        s,
        t,
        t + chrono::Duration::days(1),
    )
    .unwrap();
    assert!(matches!(
        sessions::spend(&mut conn, "first", now()).unwrap(),
        Presented::Spent(_)
    ));
    sessions::insert(
        &mut conn,
        "second",
        "fam",
        u,
        s,
        t,
        t + chrono::Duration::days(1),
    )
    .unwrap();
    // The first token comes back: someone copied it. The whole family dies, the second included.
    assert!(matches!(
        sessions::spend(&mut conn, "first", now()).unwrap(),
        Presented::Reused(_)
    ));
    assert_eq!(
        sessions::spend(&mut conn, "second", now()).unwrap(),
        Presented::Invalid
    );
    assert_eq!(
        sessions::spend(&mut conn, "never-issued", now()).unwrap(),
        Presented::Invalid
    );
}

#[test]
fn expired_refresh_token_is_invalid() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn, "Школа № 6");
    let u = user(&mut conn, s, "petrov", "Петров", &[Role::Teacher]);
    let t = now() - chrono::Duration::days(2);
    sessions::insert(
        &mut conn,
        "old",
        "f2",
        u,
        s,
        t,
        t + chrono::Duration::days(1),
    )
    .unwrap();
    assert_eq!(
        sessions::spend(&mut conn, "old", now()).unwrap(),
        Presented::Invalid
    );
}

#[test]
fn accounts_list_in_russian_order_within_one_school() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn, "Школа № 7");
    let other = school(&mut conn, "Школа № 8");
    for (login, last) in [
        ("zh", "Жуков"),
        ("yo", "Ёлкин"),
        ("ye", "Егоров"),
        ("a", "Абрамов"),
    ] {
        user(&mut conn, s, login, last, &[Role::Teacher]);
    }
    user(&mut conn, s, "adm", "Яшин", &[Role::Admin]);
    user(&mut conn, other, "stranger", "Борисов", &[Role::Teacher]);
    let all = ListFilter {
        limit: 50,
        ..Default::default()
    };
    let journal_db::Listed { rows, total } = users::list_in_school(&mut conn, s, &all).unwrap();
    let names: Vec<&str> = rows.iter().map(|(u, _)| u.last_name.as_str()).collect();
    assert_eq!(names, ["Абрамов", "Егоров", "Ёлкин", "Жуков", "Яшин"]);
    assert_eq!(total, 5);

    let teachers = ListFilter {
        role: Some(Role::Teacher),
        limit: 2,
        offset: 1,
        ..Default::default()
    };
    let journal_db::Listed { rows, total } =
        users::list_in_school(&mut conn, s, &teachers).unwrap();
    assert_eq!(total, 4);
    assert_eq!(
        rows.iter()
            .map(|(u, _)| u.last_name.as_str())
            .collect::<Vec<_>>(),
        ["Егоров", "Ёлкин"]
    );

    let search = ListFilter {
        query: Some("ёлк".into()),
        limit: 50,
        ..Default::default()
    };
    let rows = users::list_in_school(&mut conn, s, &search).unwrap().rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, vec![Role::Teacher]);
}

#[test]
fn throttle_counters_move_only_from_the_version_read() {
    use journal_db::throttle::{self, account_key, address_key};
    use journal_domain::throttle::Counter;
    let db = TestDb::new();
    let mut conn = db.conn();
    let at = now();
    let key = account_key("ivanova");
    let first = Counter {
        failures: 1,
        since: at,
        last_at: at,
    };
    assert!(throttle::advance(&mut conn, &key, None, first).unwrap());
    let read = throttle::load(&mut conn, &key).unwrap().unwrap();
    assert_eq!(read.counter, first);
    let second = Counter {
        failures: 2,
        ..first
    };
    assert!(throttle::advance(&mut conn, &key, Some(read), second).unwrap());
    // A second attempt that read the same version finds it moved.
    assert!(!throttle::advance(&mut conn, &key, Some(read), second).unwrap());
    assert_eq!(
        throttle::load(&mut conn, &key)
            .unwrap()
            .unwrap()
            .counter
            .failures,
        2
    );
    // A success clears the account and gives the address its attempt back.
    let addr = address_key("10.0.0.1");
    assert!(throttle::advance(&mut conn, &addr, None, second).unwrap());
    throttle::succeeded(&mut conn, "ivanova", "10.0.0.1").unwrap();
    assert_eq!(throttle::load(&mut conn, &key).unwrap(), None);
    assert_eq!(
        throttle::load(&mut conn, &addr)
            .unwrap()
            .unwrap()
            .counter
            .failures,
        1
    );
}

#[test]
fn logins_are_unique_in_the_deployment() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let a = school(&mut conn, "Школа № 9");
    let b = school(&mut conn, "Школа № 10");
    user(&mut conn, a, "same", "Первый", &[Role::Teacher]);
    let at = now();
    let dup = users::insert(
        &mut conn,
        &User {
            id: UserId::new().to_string(),
            login: "same".into(),
            password_hash: "x".into(),
            password_state: "permanent".into(),
            password_expires_at: None,
            last_name: "Второй".into(),
            first_name: "Тест".into(),
            middle_name: None,
            not_before: at,
            created_at: at,
            last_login_at: None,
            previous_login_at: None,
        },
    );
    assert!(dup.is_err());
    let _ = b;
}

#[test]
fn one_person_holds_roles_in_two_schools() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let a = school(&mut conn, "Гимназия № 2");
    let b = school(&mut conn, "Лицей № 3");
    let u = user(&mut conn, a, "teacher2", "Сидорова", &[Role::Teacher]);
    users::grant_role(&mut conn, b, u, Role::Teacher, now()).unwrap();
    users::grant_role(&mut conn, b, u, Role::Guardian, now()).unwrap();
    let m = users::memberships(&mut conn, u).unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].school_name, "Гимназия № 2");
    assert_eq!(m[1].roles, vec![Role::Teacher, Role::Guardian]);
    assert_eq!(
        users::roles_in(&mut conn, u, a).unwrap(),
        vec![Role::Teacher]
    );
}

#[test]
fn times_read_back_exactly() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn, "Школа № 11");
    let u = user(&mut conn, s, "t", "Т", &[Role::Teacher]);
    let t = now();
    users::set_not_before(&mut conn, u, t).unwrap();
    assert_eq!(users::not_before(&mut conn, u).unwrap(), Some(t));
}
