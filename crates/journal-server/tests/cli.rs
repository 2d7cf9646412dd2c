//! The `journal` binary's commands against a fresh database of the backend under test
//! (JOURNAL_TEST_BACKEND; `make test` runs this on SQLite and on PostgreSQL).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{journal, text};
use diesel::prelude::*;
use journal_db::schema::{
    audit_log, classes, guardians, schools, student_guardians, students, users,
};
use journal_db::testing::TestDb;

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
    let school: journal_domain::SchoolId = entries[0].school_id.parse().unwrap();
    let domain = journal_db::timetable::domain_entries(&mut conn, school, &entries).unwrap();
    for e in &domain {
        assert_eq!(
            journal_domain::timetable::first_clash(e, &domain),
            None,
            "{e:?}"
        );
    }
    // This week's move goes to a slot free for the lesson's teacher, class and room (R-T2).
    let moves: Vec<journal_db::timetable::ChangeRow> = journal_db::schema::lesson_changes::table
        .filter(journal_db::schema::lesson_changes::kind.eq("move"))
        .select(journal_db::timetable::ChangeRow::as_select())
        .load(&mut conn)
        .unwrap();
    for m in &moves {
        let moved = domain.iter().find(|e| e.id == m.entry_id).unwrap();
        let (to, n) = (m.moved_to_date.unwrap(), m.moved_to_lesson.unwrap());
        let there = journal_domain::timetable::Entry {
            id: format!("{} moved", moved.id),
            weekday: journal_domain::timetable::weekday_number(to),
            lesson_number: u8::try_from(n).unwrap(),
            valid: journal_domain::calendar::Span::new(to, to),
            ..moved.clone()
        };
        assert_eq!(
            journal_domain::timetable::first_clash(&there, &domain),
            None,
            "{m:?}"
        );
    }
    // Groups (R-B3): English and informatics in parallel subgroups from grade 5, a stream of the
    // 10th classes, one individual plan; their lessons are among the placed ones.
    let kinds: Vec<String> = journal_db::schema::groups::table
        .select(journal_db::schema::groups::kind)
        .load(&mut conn)
        .unwrap();
    let count = |k: &str| kinds.iter().filter(|x| *x == k).count();
    assert_eq!(
        count("subgroup"),
        14 * 2 + 10 * 2,
        "5–11: English; 7–11: informatics"
    );
    assert_eq!((count("stream"), count("individual")), (1, 1));
    let group_lessons = entries.iter().filter(|e| e.group_id.is_some()).count();
    assert!(group_lessons > 100, "{group_lessons}");
    let parallel = domain.iter().any(|a| {
        domain.iter().any(|b| {
            a.id != b.id
                && a.weekday == b.weekday
                && a.lesson_number == b.lesson_number
                && a.class_id == b.class_id
        })
    });
    assert!(parallel, "parallel subgroups share slots");
    let members: i64 = journal_db::schema::group_members::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(members > 500, "{members}");
    let lines: i64 = journal_db::schema::curriculum_lines::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(lines > 100, "a curriculum for every grade: {lines}");
    // The journal (R-J1, R-F1–R-F4): weeks of marks and absences, the previous period's finals
    // with a deferral and a liquidated debt, closed pages and one reopened by the deputy.
    // Before the first period ends there is no previous period to have finals of.
    let first_ends: chrono::NaiveDate = journal_db::schema::periods::table
        .filter(journal_db::schema::periods::grade_from.eq(1))
        .select(journal_db::schema::periods::ends_on)
        .order(journal_db::schema::periods::ends_on.asc())
        .first(&mut conn)
        .unwrap();
    let finals: Vec<journal_db::journal::FinalRow> = journal_db::schema::finals::table
        .select(journal_db::journal::FinalRow::as_select())
        .load(&mut conn)
        .unwrap();
    if today <= first_ends {
        assert!(finals.is_empty());
    } else {
        let count = |n: i64, what: &str| assert!(n > 1000, "{what}: {n}");
        count(
            journal_db::schema::marks::table
                .count()
                .get_result(&mut conn)
                .unwrap(),
            "marks",
        );
        count(
            journal_db::schema::attendance::table
                .count()
                .get_result(&mut conn)
                .unwrap(),
            "absences",
        );
        count(
            journal_db::schema::lesson_records::table
                .count()
                .get_result(&mut conn)
                .unwrap(),
            "lessons written",
        );
        assert!(finals
            .iter()
            .any(|f| f.deferred_until.is_some() && f.value.is_none()));
        let liquidated = finals.iter().find(|f| f.liquidation).unwrap();
        assert!(finals.iter().any(|f| f.student_id == liquidated.student_id
            && f.subject_id == liquidated.subject_id
            && !f.liquidation
            && f.value.as_deref() == Some("2")));
        let kinds: Vec<String> = journal_db::schema::page_locks::table
            .select(journal_db::schema::page_locks::kind)
            .load(&mut conn)
            .unwrap();
        assert!(kinds.iter().filter(|k| *k == "close").count() > 100);
        assert_eq!(kinds.iter().filter(|k| *k == "reopen").count(), 1);
    }
    // The diary (R-D2, R-D5): every guardian's decision registered, two refusals; the parent has
    // acknowledged past weeks of both children.
    let decisions: Vec<String> = journal_db::schema::guardian_consents::table
        .select(journal_db::schema::guardian_consents::decision)
        .load(&mut conn)
        .unwrap();
    let guardians: i64 = journal_db::schema::guardians::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(decisions.len() as i64, guardians);
    assert_eq!(decisions.iter().filter(|d| *d == "refused").count(), 2);
    let acknowledged: Vec<String> = journal_db::schema::acknowledgements::table
        .select(journal_db::schema::acknowledgements::student_id)
        .load(&mut conn)
        .unwrap();
    let mut children = acknowledged.clone();
    children.sort();
    children.dedup();
    let year_starts: chrono::NaiveDate = journal_db::schema::school_years::table
        .select(journal_db::schema::school_years::starts_on)
        .first(&mut conn)
        .unwrap();
    // Only whole weeks that have passed are acknowledged.
    if today - year_starts >= chrono::Duration::days(14) {
        assert_eq!(children.len(), 2, "{acknowledged:?}");
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

/// Issue 9 (2): `journal user grant` gives an existing account a role in a second school, and
/// `journal user reset-password` (the operator's way for such an account) ends its sessions with
/// a new one-time password recorded in both schools' audit logs.
#[test]
fn an_account_gets_a_second_school_and_its_reset_is_audited_in_both() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    for (school, login) in [("Школа № 1", "director.one"), ("Школа № 2", "admin.two")]
    {
        let o = journal(
            &db,
            &data,
            &["user", "create-admin", "--school", school, "--login", login],
        );
        assert!(o.status.success(), "{}", text(&o));
    }
    let granted = journal(
        &db,
        &data,
        &[
            "user",
            "grant",
            "--login",
            "director.one",
            "--school",
            "Школа № 2",
            "--role",
            "teacher",
        ],
    );
    assert!(granted.status.success(), "{}", text(&granted));
    assert!(text(&granted).contains("teacher"));
    let refused = journal(
        &db,
        &data,
        &[
            "user",
            "grant",
            "--login",
            "director.one",
            "--school",
            "Школа № 2",
            "--role",
            "guardian",
        ],
    );
    assert!(!refused.status.success());
    let unknown = journal(
        &db,
        &data,
        &[
            "user",
            "grant",
            "--login",
            "nobody",
            "--school",
            "Школа № 2",
            "--role",
            "teacher",
        ],
    );
    assert!(!unknown.status.success());

    let mut conn = db.conn();
    let id: String = users::table
        .filter(users::login.eq("director.one"))
        .select(users::id)
        .first(&mut conn)
        .unwrap();
    let roles: i64 = journal_db::schema::user_roles::table
        .filter(journal_db::schema::user_roles::user_id.eq(&id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(roles, 2, "admin in one school, teacher in the other");

    let reset = journal(
        &db,
        &data,
        &["user", "reset-password", "--login", "director.one"],
    );
    assert!(reset.status.success(), "{}", text(&reset));
    assert!(text(&reset).contains("New one-time password"));
    let logged: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("user.initial_password"))
        .filter(audit_log::entity_id.eq(&id))
        .select(audit_log::chain)
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        logged.len(),
        2,
        "recorded in each school's chain: {logged:?}"
    );
    let verified = journal(&db, &data, &["audit", "verify"]);
    assert!(verified.status.success(), "{}", text(&verified));
}
