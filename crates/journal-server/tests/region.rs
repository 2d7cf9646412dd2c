//! `journal seed-region` against a fresh database of the backend under test (JOURNAL_TEST_BACKEND;
//! `make test` runs this on SQLite and on PostgreSQL): a small region is whole, clash-free,
//! realistic in its proportions and the same for the same seed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, NaiveDate};
use common::{journal, text};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double};
use journal_db::schema::{
    audit_log, lesson_changes, lesson_records, marks, periods, regions, schools, students,
    timetable_entries, users,
};
use journal_db::testing::TestDb;
use std::collections::HashMap;
use std::process::Output;

/// The day the small regions stand on: the first quarter is over, the second three weeks in.
const TODAY: &str = "2026-11-20";

fn seed(db: &TestDb, data: &tempfile::TempDir, schools: &str, seed: &str) -> Output {
    journal(
        db,
        data,
        &[
            "seed-region",
            "--schools",
            schools,
            "--min-students",
            "300",
            "--max-students",
            "340",
            "--seed",
            seed,
            "--today",
            TODAY,
        ],
    )
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The count a query (`SELECT count(*) AS n …`) answers.
fn count(conn: &mut journal_db::DbConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<N>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

#[test]
fn a_small_region_is_whole_clash_free_and_kept_in_realistic_proportions() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let out = seed(&db, &data, "3", "7");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("3 schools"), "{}", text(&out));
    let mut conn = db.conn();

    // One region owns the three schools.
    let region: String = regions::table.select(regions::id).first(&mut conn).unwrap();
    let owned: Vec<Option<String>> = schools::table
        .select(schools::region_id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(owned, vec![Some(region.clone()); 3]);

    // Referential integrity across schools: students in classes of their school, every mark and
    // absence on a written lesson of the student's own class or group, teachers on the staff of
    // the school they teach in.
    for (what, sql) in [
        (
            "students outside their school's classes",
            "SELECT count(*) AS n FROM students s JOIN classes c ON c.id = s.class_id
             WHERE c.school_id <> s.school_id",
        ),
        (
            "marks without their lesson",
            "SELECT count(*) AS n FROM marks m LEFT JOIN lesson_records r
               ON r.entry_id = m.entry_id AND r.lesson_date = m.lesson_date
             WHERE r.entry_id IS NULL",
        ),
        (
            "marks of students of another school or class",
            "SELECT count(*) AS n FROM marks m
               JOIN timetable_entries e ON e.id = m.entry_id
               JOIN students s ON s.id = m.student_id
             WHERE s.school_id <> m.school_id OR e.school_id <> m.school_id
                OR (e.group_id IS NULL AND s.class_id <> e.class_id)
                OR (e.group_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM group_members gm
                     WHERE gm.group_id = e.group_id AND gm.student_id = m.student_id))",
        ),
        (
            "absences without their lesson",
            "SELECT count(*) AS n FROM attendance a LEFT JOIN lesson_records r
               ON r.entry_id = a.entry_id AND r.lesson_date = a.lesson_date
             WHERE r.entry_id IS NULL",
        ),
        (
            "assignments of teachers from elsewhere",
            "SELECT count(*) AS n FROM teaching_assignments a LEFT JOIN staff st
               ON st.user_id = a.teacher_id AND st.school_id = a.school_id
             WHERE st.user_id IS NULL",
        ),
        (
            "class teachers from elsewhere",
            "SELECT count(*) AS n FROM classes c LEFT JOIN staff st
               ON st.user_id = c.class_teacher_id AND st.school_id = c.school_id
             WHERE st.user_id IS NULL",
        ),
        (
            "guardians linked to students of another school",
            "SELECT count(*) AS n FROM student_guardians l
               JOIN students s ON s.id = l.student_id JOIN guardians g ON g.id = l.guardian_id
             WHERE s.school_id <> l.school_id OR g.school_id <> l.school_id",
        ),
        (
            "lessons written by someone who neither teaches nor covers them",
            "SELECT count(*) AS n FROM lesson_records r JOIN timetable_entries e ON e.id = r.entry_id
             WHERE r.updated_by <> e.teacher_id AND NOT EXISTS (SELECT 1 FROM lesson_changes c
               WHERE c.entry_id = r.entry_id AND c.lesson_date = r.lesson_date
                 AND c.substitute_id = r.updated_by)",
        ),
        (
            "students without a guardian",
            "SELECT count(*) AS n FROM students s WHERE NOT EXISTS
               (SELECT 1 FROM student_guardians l WHERE l.student_id = s.id)",
        ),
        (
            "guardians without an account or a consent",
            "SELECT count(*) AS n FROM guardians g WHERE g.user_id IS NULL OR NOT EXISTS
               (SELECT 1 FROM guardian_consents c WHERE c.guardian_id = g.id)",
        ),
    ] {
        assert_eq!(count(&mut conn, sql), 0, "{what}");
    }

    // A clash-free timetable (R-T1): no teacher in two places at one weekday and lesson, no class
    // in two lessons at once except parallel subgroups of one division (a stream occupies all its
    // classes).
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM (SELECT teacher_id FROM timetable_entries
               GROUP BY teacher_id, weekday, lesson_number HAVING count(*) > 1) x"
        ),
        0,
        "a teacher in two places"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM (
               SELECT o.class_id FROM (
                 SELECT e.class_id, e.weekday, e.lesson_number, e.group_id
                   FROM timetable_entries e WHERE e.group_id IS NULL
                 UNION ALL
                 SELECT gc.class_id, e.weekday, e.lesson_number, e.group_id
                   FROM timetable_entries e JOIN group_classes gc ON gc.group_id = e.group_id
               ) o LEFT JOIN groups g ON g.id = o.group_id
               GROUP BY o.class_id, o.weekday, o.lesson_number
               HAVING count(*) > 1 AND (count(*) > count(o.group_id)
                   OR count(DISTINCT coalesce(g.division, g.id)) > 1)) x"
        ),
        0,
        "a class in two lessons at once"
    );
    let hours = count(
        &mut conn,
        "SELECT coalesce(sum(hours_per_week), 0) AS n FROM teaching_assignments",
    );
    let entries: i64 = timetable_entries::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(entries, hours, "every assignment's hours are placed");
    // Substitutes were free at the lessons they cover.
    let weekly: Vec<(String, i32, i32)> = timetable_entries::table
        .select((
            timetable_entries::teacher_id,
            timetable_entries::weekday,
            timetable_entries::lesson_number,
        ))
        .load(&mut conn)
        .unwrap();
    let slot_of: HashMap<String, (i32, i32)> = timetable_entries::table
        .select((
            timetable_entries::id,
            timetable_entries::weekday,
            timetable_entries::lesson_number,
        ))
        .load::<(String, i32, i32)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(id, d, n)| (id, (d, n)))
        .collect();
    let covers: Vec<(String, NaiveDate, Option<String>)> = lesson_changes::table
        .select((
            lesson_changes::entry_id,
            lesson_changes::lesson_date,
            lesson_changes::substitute_id,
        ))
        .load(&mut conn)
        .unwrap();
    assert!(!covers.is_empty(), "some lessons were covered");
    for (entry, date, substitute) in &covers {
        let (d, n) = slot_of[entry];
        assert_eq!(d, date.weekday().number_from_monday() as i32);
        let sub = substitute.as_ref().unwrap();
        assert!(
            !weekly.contains(&(sub.clone(), d, n)),
            "{sub} covers {entry} on {date} while teaching"
        );
    }

    // Proportions: about 25 students a class, ~1.6 guardians a student, about ten marks per
    // student and subject in the closed first quarter, finals and closed pages for it.
    let students_n: i64 = students::table.count().get_result(&mut conn).unwrap();
    assert!(
        (3 * 280..=3 * 420).contains(&students_n),
        "three schools of about 300: {students_n}"
    );
    let links = count(&mut conn, "SELECT count(*) AS n FROM student_guardians");
    let per_student = links as f64 / students_n as f64;
    assert!((1.4..=2.0).contains(&per_student), "{per_student}");
    let (q1_from, q1_to): (NaiveDate, NaiveDate) = periods::table
        .filter(periods::kind.eq("quarter"))
        .filter(periods::number.eq(1))
        .select((periods::starts_on, periods::ends_on))
        .first(&mut conn)
        .unwrap();
    #[derive(QueryableByName)]
    struct Avg {
        #[diesel(sql_type = Double)]
        avg: f64,
    }
    let avg = diesel::sql_query(format!(
        "SELECT CAST(count(*) AS DOUBLE PRECISION) / count(DISTINCT m.student_id || '/' || a.subject_id) AS avg
           FROM marks m JOIN timetable_entries e ON e.id = m.entry_id
           JOIN teaching_assignments a ON a.id = e.assignment_id
           JOIN classes c ON c.id = a.class_id
         WHERE c.grade BETWEEN 2 AND 9 AND m.lesson_date BETWEEN '{q1_from}' AND '{q1_to}'"
    ))
    .get_result::<Avg>(&mut conn)
    .unwrap()
    .avg;
    assert!((7.0..=13.0).contains(&avg), "marks a quarter: {avg}");
    let kinds = count(
        &mut conn,
        "SELECT count(DISTINCT work_type) AS n FROM marks",
    );
    assert!(kinds >= 3, "several work types: {kinds}");
    let absent = count(&mut conn, "SELECT count(*) AS n FROM attendance") as f64;
    let held = count(
        &mut conn,
        "SELECT count(*) AS n FROM marks WHERE work_type = 'control'",
    ) as f64;
    assert!(absent > held / 20.0, "absences: {absent}");
    let finals_q1 = count(
        &mut conn,
        &format!(
            "SELECT count(*) AS n FROM finals f JOIN periods p ON p.id = f.period_id
             WHERE p.kind = 'quarter' AND p.number = 1 AND p.ends_on = '{q1_to}'"
        ),
    );
    assert!(finals_q1 > students_n * 5, "Q1 finals: {finals_q1}");
    let closed = count(
        &mut conn,
        "SELECT count(*) AS n FROM page_locks WHERE kind = 'close'",
    );
    assert!(closed > 100, "closed pages: {closed}");
    let written: i64 = lesson_records::table.count().get_result(&mut conn).unwrap();
    let marks_n: i64 = marks::table.count().get_result(&mut conn).unwrap();
    assert!(
        marks_n > written * 5,
        "{marks_n} marks in {written} lessons"
    );

    // Accounts: staff, every guardian and the students of 14 and older, each login once,
    // prefixed by its school's number.
    let today: NaiveDate = TODAY.parse().unwrap();
    let born: Vec<(NaiveDate, Option<String>)> = students::table
        .select((students::birth_date, students::user_id))
        .load(&mut conn)
        .unwrap();
    assert!(born.iter().any(|(_, u)| u.is_some()));
    for (b, user) in &born {
        let fourteen = today.years_since(*b).unwrap_or(0) >= 14;
        assert_eq!(user.is_some(), fourteen, "born {b}");
    }
    // … and the region's own account, which reads the figures of all three (R-A9).
    let logins: Vec<String> = users::table.select(users::login).load(&mut conn).unwrap();
    assert!(logins
        .iter()
        .all(|l| l == "region" || ["s001.", "s002.", "s003."].iter().any(|p| l.starts_with(p))));
    let member: i64 = journal_db::schema::region_members::table
        .filter(journal_db::schema::region_members::region_id.eq(&region))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(member, 1, "the account `region` reads the region");
    for fixed in [
        "s001.director",
        "s002.deputy",
        "s003.admin",
        "s001.secretary",
    ] {
        assert!(logins.iter().any(|l| l == fixed), "{fixed}");
    }

    // One audit event per school and one for the region account's reading of it, and the
    // region's in the deployment chain; the chains verify.
    let events: Vec<(String, String)> = audit_log::table
        .select((audit_log::chain, audit_log::action))
        .load(&mut conn)
        .unwrap();
    assert_eq!(events.len(), 7, "{events:?}");
    assert_eq!(events.iter().filter(|(_, a)| a == "region.seed").count(), 3);
    assert_eq!(
        events
            .iter()
            .filter(|(_, a)| a == "region.add_account")
            .count(),
        3
    );
    assert!(events.contains(&("deployment".into(), "region.create".into())));
    let verify = journal(&db, &data, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify));
    assert!(text(&verify).contains("intact"));

    // The demo is never mixed into it.
    let demo = journal(&db, &data, &["seed-demo"]);
    assert!(!demo.status.success());
    assert!(text(&demo).contains("МБОУ СОШ № 1"), "{}", text(&demo));
}

/// Counts of the tables a region fills, and the first ids of a few.
fn fingerprint(conn: &mut journal_db::DbConnection) -> Vec<String> {
    let mut out = Vec::new();
    for table in [
        "schools",
        "users",
        "students",
        "guardians",
        "student_guardians",
        "classes",
        "groups",
        "group_members",
        "teaching_assignments",
        "timetable_entries",
        "lesson_changes",
        "lesson_records",
        "marks",
        "attendance",
        "finals",
        "page_locks",
    ] {
        out.push(format!(
            "{table}: {}",
            count(conn, &format!("SELECT count(*) AS n FROM {table}"))
        ));
    }
    let first = |ids: Vec<String>| ids.join(",");
    out.push(first(
        schools::table
            .select(schools::id)
            .order(schools::id)
            .load(conn)
            .unwrap(),
    ));
    out.push(first(
        students::table
            .select(students::id)
            .order(students::id)
            .limit(3)
            .load(conn)
            .unwrap(),
    ));
    out.push(first(
        marks::table
            .select(marks::id)
            .order(marks::id)
            .limit(3)
            .load(conn)
            .unwrap(),
    ));
    out.push(first(
        users::table
            .select(users::login)
            .order(users::login)
            .limit(3)
            .load(conn)
            .unwrap(),
    ));
    out
}

#[test]
fn the_same_seed_gives_the_same_region_and_a_second_run_changes_nothing() {
    let (a, b) = (TestDb::new(), TestDb::new());
    let data = tempfile::tempdir().unwrap();
    for db in [&a, &b] {
        let out = seed(db, &data, "2", "11");
        assert!(out.status.success(), "{}", text(&out));
    }
    let first = fingerprint(&mut a.conn());
    assert_eq!(first, fingerprint(&mut b.conn()));

    // Run again: nothing to do. Another seed under the same name, or more schools than there
    // are, would mix two regions: refused, nothing written.
    let again = seed(&a, &data, "2", "11");
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("nothing to do"), "{}", text(&again));
    let other = seed(&a, &data, "2", "12");
    assert!(!other.status.success());
    assert!(text(&other).contains("another seed"), "{}", text(&other));
    assert_eq!(first, fingerprint(&mut a.conn()));

    // More schools of the same region: the first two stay as they are, the third is added.
    let grown = seed(&a, &data, "3", "11");
    assert!(grown.status.success(), "{}", text(&grown));
    assert!(text(&grown).contains("(2 were there)"), "{}", text(&grown));
    let mut conn = a.conn();
    let n: i64 = schools::table.count().get_result(&mut conn).unwrap();
    assert_eq!(n, 3);
    let verify = journal(&a, &data, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify));
}

#[test]
fn the_region_refuses_a_database_with_other_schools() {
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
    let out = seed(&db, &data, "2", "7");
    assert!(!out.status.success());
    assert!(text(&out).contains("МБОУ СОШ № 7"), "{}", text(&out));
    let n: i64 = schools::table.count().get_result(&mut db.conn()).unwrap();
    assert_eq!(n, 1);
}
