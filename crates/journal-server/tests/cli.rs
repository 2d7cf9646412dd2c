//! The `journal` binary's commands against a fresh database of the backend under test
//! (JOURNAL_TEST_BACKEND; `make test` runs this on SQLite and on PostgreSQL).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use journal_db::schema::{
    audit_log, classes, guardians, schools, student_guardians, students, users,
};
use journal_db::testing::TestDb;
use std::process::{Command, Output};

fn journal(db: &TestDb, data: &tempfile::TempDir, args: &[&str]) -> Output {
    let url = match db.url.backend {
        journal_db::Backend::Sqlite => format!("sqlite://{}", db.url.target),
        journal_db::Backend::Postgres => db.url.target.clone(),
    };
    Command::new(env!("CARGO_BIN_EXE_journal"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("JOURNAL_DATA_DIR", data.path())
        .env_remove("JOURNAL_AUDIT_SECRET")
        .env_remove("JOURNAL_JWT_SECRET")
        .output()
        .expect("run journal")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn demo_school_loads_once_and_its_audit_log_verifies_until_edited() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let seeded = journal(&db, &data, &["seed-demo"]);
    assert!(seeded.status.success(), "{}", text(&seeded));
    assert!(text(&seeded).contains("МАОУ СОШ № 1"));

    let mut conn = db.conn();
    let class_count: i64 = classes::table.count().get_result(&mut conn).unwrap();
    let student_count: i64 = students::table.count().get_result(&mut conn).unwrap();
    assert_eq!(class_count, 22, "1А–11Б");
    assert!(
        (22 * 23..=22 * 30).contains(&student_count),
        "about 25 per class: {student_count}"
    );
    for login in [
        "admin",
        "director",
        "deputy",
        "secretary",
        "teacher",
        "parent",
        "student",
    ] {
        let n: i64 = users::table
            .filter(users::login.eq(login))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(n, 1, "demo account {login}");
    }
    // `parent` is the guardian of two students.
    let parent_id: String = users::table
        .filter(users::login.eq("parent"))
        .select(users::id)
        .first(&mut conn)
        .unwrap();
    let guardian_id: String = guardians::table
        .filter(guardians::user_id.eq(&parent_id))
        .select(guardians::id)
        .first(&mut conn)
        .unwrap();
    let children: i64 = student_guardians::table
        .filter(student_guardians::guardian_id.eq(&guardian_id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(children, 2);
    // `student` is at least 14 today.
    let student_id: String = users::table
        .filter(users::login.eq("student"))
        .select(users::id)
        .first(&mut conn)
        .unwrap();
    let born: chrono::NaiveDate = students::table
        .filter(students::user_id.eq(&student_id))
        .select(students::birth_date)
        .first(&mut conn)
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    assert!(today.years_since(born).unwrap() >= 14);

    // The timetable is full and free of clashes (R-T1): every assignment's hours are placed, and
    // no teacher, room or class is double-booked.
    let entries: Vec<journal_db::timetable::EntryRow> =
        journal_db::schema::timetable_entries::table
            .select(journal_db::timetable::EntryRow::as_select())
            .load(&mut conn)
            .unwrap();
    let hours: Vec<i32> = journal_db::schema::teaching_assignments::table
        .select(journal_db::schema::teaching_assignments::hours_per_week)
        .load(&mut conn)
        .unwrap();
    assert_eq!(entries.len() as i32, hours.iter().sum::<i32>());
    let domain: Vec<_> = entries.iter().map(|e| e.entry()).collect();
    for e in &domain {
        assert_eq!(
            journal_domain::timetable::first_clash(e, &domain),
            None,
            "{e:?}"
        );
    }
    let years: i64 = journal_db::schema::school_years::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(years, 1);

    // Idempotent.
    let again = journal(&db, &data, &["seed-demo"]);
    assert!(again.status.success(), "{}", text(&again));
    let still: i64 = students::table.count().get_result(&mut conn).unwrap();
    assert_eq!(still, student_count);

    let verify = journal(&db, &data, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify));
    assert!(text(&verify).contains("intact"));

    // Someone edits one audit row by hand.
    let (chain, seq): (String, i64) = audit_log::table
        .filter(audit_log::action.eq("user.create"))
        .order(audit_log::seq.asc())
        .select((audit_log::chain, audit_log::seq))
        .first(&mut conn)
        .unwrap();
    diesel::update(
        audit_log::table
            .filter(audit_log::chain.eq(&chain))
            .filter(audit_log::seq.eq(seq)),
    )
    .set(audit_log::actor_role.eq(Some("director")))
    .execute(&mut conn)
    .unwrap();
    let broken = journal(&db, &data, &["audit", "verify"]);
    assert!(!broken.status.success());
    assert!(
        text(&broken).contains(&format!("chain {chain} entry {seq}:")),
        "{}",
        text(&broken)
    );
}

#[test]
fn seed_refuses_a_database_with_a_real_school_and_create_admin_starts_one() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let created = journal(
        &db,
        &data,
        &[
            "user",
            "create-admin",
            "--school",
            "МБОУ СОШ № 7",
            "--login",
            "it.admin",
        ],
    );
    assert!(created.status.success(), "{}", text(&created));
    let out = text(&created);
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("One-time password: "))
        .expect("the one-time password is printed")
        .to_owned();
    assert_eq!(password.len(), 10);

    let mut conn = db.conn();
    let state: String = users::table
        .filter(users::login.eq("it.admin"))
        .select(users::password_state)
        .first(&mut conn)
        .unwrap();
    assert_eq!(
        state, "one_time",
        "the admin must change it at first sign-in"
    );
    // A second admin for the same school reuses the school; a taken login is refused.
    assert!(journal(
        &db,
        &data,
        &[
            "user",
            "create-admin",
            "--school",
            "МБОУ СОШ № 7",
            "--login",
            "second"
        ]
    )
    .status
    .success());
    let schools_n: i64 = schools::table.count().get_result(&mut conn).unwrap();
    assert_eq!(schools_n, 1);
    let dup = journal(
        &db,
        &data,
        &[
            "user",
            "create-admin",
            "--school",
            "МБОУ СОШ № 7",
            "--login",
            "it.admin",
        ],
    );
    assert!(!dup.status.success());
    assert!(text(&dup).contains("login_taken"), "{}", text(&dup));

    let seed = journal(&db, &data, &["seed-demo"]);
    assert!(
        !seed.status.success(),
        "the demo never mixes into real data"
    );
    assert!(text(&seed).contains("МБОУ СОШ № 7"));
    let gentle = journal(&db, &data, &["seed-demo", "--if-empty"]);
    assert!(
        gentle.status.success(),
        "make run leaves a real database alone: {}",
        text(&gentle)
    );
    let students_n: i64 = students::table.count().get_result(&mut conn).unwrap();
    assert_eq!(students_n, 0);
    assert!(journal(&db, &data, &["audit", "verify"]).status.success());
}

#[test]
fn openapi_command_prints_the_committed_contract() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let out = journal(&db, &data, &["openapi"]);
    assert!(out.status.success());
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../openapi/openapi.json"
    ))
    .unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == committed,
        "run `make openapi` and commit openapi/openapi.json"
    );
}
