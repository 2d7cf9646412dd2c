//! Groups in storage (R-B3, R-B7): the groups migration keeps existing rows and lets one teacher
//! take two subgroups of a class; memberships follow the date; the rollover carries groups. Each
//! test runs on the backend named by JOURNAL_TEST_BACKEND.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use journal_db::groups::{self, GroupRow, MemberRow};
use journal_db::people::StudentRecord;
use journal_db::roster::Class;
use journal_db::structure::{self, SchoolYear, YearWithCalendar};
use journal_db::testing::{revert_last_migration, TestDb};
use journal_db::timetable::EntryRow;
use journal_db::{now, run_migrations, DbConnection};
use journal_domain::SchoolId;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn count(conn: &mut DbConnection, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<N>(conn)
        .unwrap()
        .n
}

#[test]
fn the_groups_migration_keeps_the_timetable_and_lets_one_teacher_take_two_subgroups() {
    let db = TestDb::new();
    let mut conn = db.conn();
    revert_last_migration(&mut conn).unwrap();
    // Data written before groups existed: an assignment with a lesson, its record and its plan.
    conn.batch_execute(
        "INSERT INTO schools (id, name, timezone, is_demo, created_at, max_control_works_per_day)
             VALUES ('s', 'Школа', 'Europe/Moscow', FALSE, '2025-08-01 00:00:00', 1);
         INSERT INTO users (id, login, password_hash, password_state, last_name, first_name,
                            not_before, created_at)
             VALUES ('u', 'ivanova', 'x', 'permanent', 'Иванова', 'Анна',
                     '2025-08-01 00:00:00', '2025-08-01 00:00:00');
         INSERT INTO school_years (id, school_id, name, starts_on, ends_on, status, created_at)
             VALUES ('y', 's', '2025/2026', '2025-09-01', '2026-08-31', 'open', '2025-08-01 00:00:00');
         INSERT INTO subjects (id, school_id, name, short_name) VALUES ('sub', 's', 'Английский язык', 'Англ.');
         INSERT INTO classes (id, school_id, grade, letter, created_at, year_id)
             VALUES ('c', 's', 7, 'А', '2025-08-01 00:00:00', 'y');
         INSERT INTO teaching_assignments (id, school_id, year_id, teacher_id, subject_id, class_id,
                                           hours_per_week, created_at)
             VALUES ('a', 's', 'y', 'u', 'sub', 'c', 3, '2025-08-01 00:00:00');
         INSERT INTO timetable_entries (id, school_id, assignment_id, class_id, teacher_id, weekday,
                                        lesson_number, valid_from, valid_to, created_at)
             VALUES ('e', 's', 'a', 'c', 'u', 1, 2, '2025-09-01', '2026-05-31', '2025-08-01 00:00:00');
         INSERT INTO lesson_records (school_id, entry_id, lesson_date, conducted, topic, updated_by, updated_at)
             VALUES ('s', 'e', '2025-09-01', TRUE, 'Present Simple', 'u', '2025-09-01 10:00:00');
         INSERT INTO plan_topics (id, school_id, assignment_id, position, title, hours)
             VALUES ('p', 's', 'a', 1, 'Present Simple', 1);",
    )
    .unwrap();
    assert_eq!(run_migrations(&mut conn).unwrap(), 1);
    for table in [
        "teaching_assignments",
        "timetable_entries",
        "lesson_records",
        "plan_topics",
    ] {
        assert_eq!(count(&mut conn, table), 1, "{table} kept its row");
    }
    // One teacher, one subject, two subgroups of the class: allowed now.
    conn.batch_execute(
        "INSERT INTO groups (id, school_id, year_id, name, kind, division, created_at) VALUES
             ('g1', 's', 'y', '7А англ., 1 группа', 'subgroup', 'Английский язык', '2025-08-01 00:00:00'),
             ('g2', 's', 'y', '7А англ., 2 группа', 'subgroup', 'Английский язык', '2025-08-01 00:00:00');
         INSERT INTO teaching_assignments (id, school_id, year_id, teacher_id, subject_id, class_id,
                                           hours_per_week, created_at, group_id) VALUES
             ('a1', 's', 'y', 'u', 'sub', 'c', 3, '2025-08-01 00:00:00', 'g1'),
             ('a2', 's', 'y', 'u', 'sub', 'c', 3, '2025-08-01 00:00:00', 'g2');",
    )
    .unwrap();
    // The same group twice, or the whole class twice, is still refused.
    for dup in [
        "INSERT INTO teaching_assignments (id, school_id, year_id, teacher_id, subject_id, class_id,
                                           hours_per_week, created_at, group_id)
             VALUES ('a3', 's', 'y', 'u', 'sub', 'c', 3, '2025-08-01 00:00:00', 'g1')",
        "INSERT INTO teaching_assignments (id, school_id, year_id, teacher_id, subject_id, class_id,
                                           hours_per_week, created_at)
             VALUES ('a4', 's', 'y', 'u', 'sub', 'c', 3, '2025-08-01 00:00:00')",
    ] {
        assert!(conn.batch_execute(dup).is_err(), "{dup}");
    }
    // Foreign keys are on again: a lesson of a missing assignment is refused.
    assert!(conn
        .batch_execute(
            "INSERT INTO timetable_entries (id, school_id, assignment_id, class_id, teacher_id,
                 weekday, lesson_number, valid_from, valid_to, created_at)
             VALUES ('e2', 's', 'nope', 'c', 'u', 1, 3, '2025-09-01', '2026-05-31', '2025-08-01 00:00:00')"
        )
        .is_err());
}

/// A school with a 2025/2026 year, classes 7А and 11А and three students in each.
struct Fixture {
    school: SchoolId,
    year: SchoolYear,
    class_7a: Class,
    class_11a: Class,
    students_7a: Vec<String>,
    students_11a: Vec<String>,
}

fn fixture(conn: &mut DbConnection) -> Fixture {
    let school = SchoolId::new();
    let s = school.to_string();
    journal_db::schools::insert(
        conn,
        &journal_db::schools::School {
            id: s.clone(),
            name: "Школа".into(),
            short_name: None,
            timezone: "Europe/Moscow".into(),
            is_demo: false,
            max_control_works_per_day: 1,
            created_at: now(),
        },
    )
    .unwrap();
    let year = SchoolYear {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: s.clone(),
        name: "2025/2026".into(),
        starts_on: d(2025, 9, 1),
        ends_on: d(2026, 8, 31),
        status: "open".into(),
        created_at: now(),
    };
    structure::insert_year(
        conn,
        &YearWithCalendar {
            year: year.clone(),
            periods: vec![],
            holidays: vec![],
        },
    )
    .unwrap();
    let class = |grade: i32| Class {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: s.clone(),
        grade,
        letter: "А".into(),
        class_teacher_id: None,
        created_at: now(),
        year_id: Some(year.id.clone()),
        week_days: 5,
        bell_schedule_id: None,
    };
    let (class_7a, class_11a) = (class(7), class(11));
    structure::insert_class(conn, &class_7a).unwrap();
    structure::insert_class(conn, &class_11a).unwrap();
    let students = |conn: &mut DbConnection, class: &Class, names: &[&str]| {
        let rows: Vec<StudentRecord> = names
            .iter()
            .map(|n| StudentRecord {
                id: uuid::Uuid::new_v4().to_string(),
                school_id: s.clone(),
                class_id: Some(class.id.clone()),
                user_id: None,
                last_name: (*n).into(),
                first_name: "Ученик".into(),
                middle_name: None,
                birth_date: d(2012, 1, 1),
                created_at: now(),
                status: "active".into(),
                phone: None,
                email: None,
            })
            .collect();
        journal_db::people::insert_students(conn, &rows).unwrap();
        rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    let students_7a = students(conn, &class_7a, &["Яковлев", "Ёлкин", "Андреев"]);
    let students_11a = students(conn, &class_11a, &["Борисов", "Волков", "Громов"]);
    Fixture {
        school,
        year,
        class_7a,
        class_11a,
        students_7a,
        students_11a,
    }
}

fn group(f: &Fixture, name: &str, kind: &str, division: Option<&str>) -> GroupRow {
    GroupRow {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: f.school.to_string(),
        year_id: f.year.id.clone(),
        name: name.into(),
        kind: kind.into(),
        division: division.map(str::to_owned),
        created_at: now(),
    }
}

fn member(
    f: &Fixture,
    g: &GroupRow,
    student: &str,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> MemberRow {
    MemberRow {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: f.school.to_string(),
        group_id: g.id.clone(),
        student_id: student.into(),
        from_date: from,
        to_date: to,
    }
}

#[test]
fn a_group_lesson_is_given_to_the_members_of_that_day() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let f = fixture(&mut conn);
    let g = group(
        &f,
        "7А англ., 1 группа",
        "subgroup",
        Some("Английский язык"),
    );
    groups::insert_group(&mut conn, &g, std::slice::from_ref(&f.class_7a.id)).unwrap();
    groups::insert_members(
        &mut conn,
        &[
            member(&f, &g, &f.students_7a[0], d(2025, 9, 1), None),
            member(
                &f,
                &g,
                &f.students_7a[1],
                d(2025, 9, 1),
                Some(d(2025, 12, 26)),
            ),
            member(&f, &g, &f.students_7a[2], d(2026, 1, 12), None),
        ],
    )
    .unwrap();
    let entry = |group_id: Option<String>| EntryRow {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: f.school.to_string(),
        assignment_id: "a".into(),
        class_id: f.class_7a.id.clone(),
        teacher_id: "t".into(),
        room_id: None,
        weekday: 1,
        lesson_number: 1,
        valid_from: f.year.starts_on,
        valid_to: f.year.ends_on,
        created_at: now(),
        group_id,
    };
    let names = |conn: &mut DbConnection, e: &EntryRow, day: NaiveDate| {
        journal_db::timetable::lesson_students(conn, f.school, e, day)
            .unwrap()
            .into_iter()
            .map(|s| s.last_name)
            .collect::<Vec<_>>()
    };
    let lesson = entry(Some(g.id.clone()));
    assert_eq!(
        names(&mut conn, &lesson, d(2025, 10, 6)),
        ["Ёлкин", "Яковлев"]
    );
    assert_eq!(
        names(&mut conn, &lesson, d(2025, 12, 26)),
        ["Ёлкин", "Яковлев"],
        "the last day counts"
    );
    assert_eq!(
        names(&mut conn, &lesson, d(2026, 1, 12)),
        ["Андреев", "Яковлев"]
    );
    assert_eq!(
        names(&mut conn, &entry(None), d(2025, 10, 6)),
        ["Андреев", "Ёлкин", "Яковлев"],
        "a whole-class lesson: the class, Ё after Е"
    );
    // Another school's view of the group is empty.
    assert!(journal_db::timetable::lesson_students(
        &mut conn,
        SchoolId::new(),
        &lesson,
        d(2025, 10, 6)
    )
    .unwrap()
    .is_empty());
    assert!(groups::group(&mut conn, SchoolId::new(), &g.id)
        .unwrap()
        .is_none());
}

#[test]
fn the_rollover_carries_groups_with_their_members_and_drops_graduates() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let f = fixture(&mut conn);
    let english = group(
        &f,
        "7А английский язык, 1 группа",
        "subgroup",
        Some("Английский язык"),
    );
    groups::insert_group(&mut conn, &english, std::slice::from_ref(&f.class_7a.id)).unwrap();
    let iup = group(&f, "ИУП: Яковлев", "individual", None);
    groups::insert_group(&mut conn, &iup, std::slice::from_ref(&f.class_7a.id)).unwrap();
    let senior = group(&f, "11А профиль", "subgroup", None);
    groups::insert_group(&mut conn, &senior, std::slice::from_ref(&f.class_11a.id)).unwrap();
    groups::insert_members(
        &mut conn,
        &[
            member(&f, &english, &f.students_7a[0], d(2025, 9, 1), None),
            member(
                &f,
                &english,
                &f.students_7a[1],
                d(2025, 9, 1),
                Some(d(2025, 12, 26)),
            ),
            member(&f, &iup, &f.students_7a[0], d(2025, 9, 1), None),
            member(&f, &senior, &f.students_11a[0], d(2025, 9, 1), None),
        ],
    )
    .unwrap();
    let new = YearWithCalendar {
        year: SchoolYear {
            id: uuid::Uuid::new_v4().to_string(),
            name: "2026/2027".into(),
            starts_on: d(2026, 9, 1),
            ends_on: d(2027, 8, 31),
            ..f.year.clone()
        },
        periods: vec![],
        holidays: vec![],
    };
    let done = journal_db::write_tx(&mut conn, |conn| {
        journal_db::rollover::rollover(conn, f.school, &f.year, &new, now())
    })
    .unwrap();
    assert_eq!(done.groups_carried, 2, "the 11А group graduated");
    let carried = groups::groups(&mut conn, f.school, Some(&new.year.id), None).unwrap();
    let names: Vec<&str> = carried.iter().map(|g| g.row.name.as_str()).collect();
    assert_eq!(names, ["ИУП: Яковлев", "8А английский язык, 1 группа"]);
    let english_8 = &carried[1];
    assert_eq!(english_8.row.division.as_deref(), Some("Английский язык"));
    assert_eq!(english_8.row.kind, "subgroup");
    let members =
        groups::members(&mut conn, f.school, &english_8.row.id, Some(d(2026, 9, 1))).unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| m.student_id.as_str())
            .collect::<Vec<_>>(),
        [f.students_7a[0].as_str()],
        "only the current member carries over"
    );
    assert_eq!(members[0].from_date, d(2026, 9, 1));
    // The old membership ended with the old year.
    let old = groups::members(&mut conn, f.school, &english.id, None).unwrap();
    assert!(old
        .iter()
        .all(|m| m.to_date.is_some_and(|t| t <= d(2026, 8, 31))));
    // The new group draws from the promoted class.
    let class_8a = structure::classes(&mut conn, f.school, Some(&new.year.id))
        .unwrap()
        .into_iter()
        .find(|c| c.grade == 8)
        .unwrap();
    assert_eq!(english_8.classes, [class_8a.id]);
}
