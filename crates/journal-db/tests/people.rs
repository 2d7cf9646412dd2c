//! Storage of people (R-B5) on the backend named by JOURNAL_TEST_BACKEND.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use journal_db::people::{self, Movement, StudentFilter};
use journal_db::roster::{self, Class, Guardian, GuardianLink, Student};
use journal_db::schools::{self, School};
use journal_db::testing::TestDb;
use journal_db::users::{self, User};
use journal_db::{now, DbConnection};
use journal_domain::people::StudentStatus;
use journal_domain::{ClassId, GuardianId, SchoolId, StudentId, UserId};

fn school(conn: &mut DbConnection) -> SchoolId {
    let id = SchoolId::new();
    schools::insert(
        conn,
        &School {
            id: id.to_string(),
            name: format!("Школа {id}"),
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

fn teacher(conn: &mut DbConnection, login: &str) -> UserId {
    let id = UserId::new();
    users::insert(
        conn,
        &User {
            id: id.to_string(),
            login: login.into(),
            password_hash: "x".into(),
            password_state: "permanent".into(),
            password_expires_at: None,
            last_name: "Учитель".into(),
            first_name: "Тест".into(),
            middle_name: None,
            not_before: now(),
            created_at: now(),
            last_login_at: None,
            previous_login_at: None,
        },
    )
    .unwrap();
    id
}

fn class(
    conn: &mut DbConnection,
    school: SchoolId,
    grade: i32,
    teacher: Option<UserId>,
) -> ClassId {
    let id = ClassId::new();
    roster::insert_classes(
        conn,
        &[Class {
            id: id.to_string(),
            school_id: school.to_string(),
            grade,
            letter: "А".into(),
            class_teacher_id: teacher.map(|t| t.to_string()),
            created_at: now(),
            year_id: None,
            week_days: 5,
            bell_schedule_id: None,
        }],
    )
    .unwrap();
    id
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A student written the way the foundation (the demo seed) writes them: no status column.
fn student(conn: &mut DbConnection, school: SchoolId, class: ClassId, last: &str) -> StudentId {
    let id = StudentId::new();
    roster::insert_students(
        conn,
        &[Student {
            id: id.to_string(),
            school_id: school.to_string(),
            class_id: Some(class.to_string()),
            user_id: None,
            last_name: last.into(),
            first_name: "Иван".into(),
            middle_name: None,
            birth_date: d(2012, 5, 4),
            created_at: now(),
        }],
    )
    .unwrap();
    id
}

#[test]
fn students_are_active_by_default_and_listed_in_russian_order() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn);
    let other = school(&mut conn);
    let c5 = class(&mut conn, s, 5, None);
    let c6 = class(&mut conn, s, 6, None);
    for (last, c) in [
        ("Жуков", c5),
        ("Ёлкин", c6),
        ("Егоров", c5),
        ("Абрамов", c6),
    ] {
        student(&mut conn, s, c, last);
    }
    let gone = student(&mut conn, s, c5, "Ершов");
    let foreign_class = class(&mut conn, other, 5, None);
    student(&mut conn, other, foreign_class, "Борисов");

    let found = people::find_student(&mut conn, s, gone).unwrap().unwrap();
    assert_eq!(found.status(), StudentStatus::Active);
    assert_eq!(people::find_student(&mut conn, other, gone).unwrap(), None);
    people::set_placement(&mut conn, s, gone, None, StudentStatus::Withdrawn).unwrap();

    let list = |conn: &mut DbConnection, f: StudentFilter| {
        people::list_students(conn, s, &StudentFilter { limit: 50, ..f })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.last_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        list(&mut conn, StudentFilter::default()),
        ["Абрамов", "Егоров", "Ершов", "Ёлкин", "Жуков"]
    );
    let active_5 = StudentFilter {
        class_id: Some(c5),
        status: Some(StudentStatus::Active),
        ..StudentFilter::default()
    };
    assert_eq!(list(&mut conn, active_5), ["Егоров", "Жуков"]);
    let withdrawn = StudentFilter {
        status: Some(StudentStatus::Withdrawn),
        ..StudentFilter::default()
    };
    assert_eq!(list(&mut conn, withdrawn), ["Ершов"]);
    let search = StudentFilter {
        query: Some(" ЕЛКИН ".into()),
        ..StudentFilter::default()
    };
    assert_eq!(list(&mut conn, search), ["Ёлкин"]);
    let page = people::list_students(
        &mut conn,
        s,
        &StudentFilter {
            offset: 1,
            limit: 2,
            ..StudentFilter::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(
        page.rows
            .iter()
            .map(|r| r.last_name.as_str())
            .collect::<Vec<_>>(),
        ["Егоров", "Ершов"]
    );
}

#[test]
fn movements_read_back_oldest_first_and_guardians_know_their_class_teachers() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let s = school(&mut conn);
    let t5 = teacher(&mut conn, "kt5");
    let t6 = teacher(&mut conn, "kt6");
    let c5 = class(&mut conn, s, 5, Some(t5));
    let c6 = class(&mut conn, s, 6, Some(t6));
    let pupil = student(&mut conn, s, c6, "Петров");
    let movement =
        |kind: &str, on: NaiveDate, from: Option<ClassId>, to: Option<ClassId>| Movement {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: s.to_string(),
            student_id: pupil.to_string(),
            kind: kind.into(),
            on_date: on,
            from_class_id: from.map(|c| c.to_string()),
            to_class_id: to.map(|c| c.to_string()),
            reason: None,
            order_ref: None,
            created_at: now(),
            created_by: None,
        };
    people::insert_movements(
        &mut conn,
        &[
            movement("transfer", d(2026, 1, 12), Some(c5), Some(c6)),
            movement("admission", d(2025, 9, 1), None, Some(c5)),
        ],
    )
    .unwrap();
    let history: Vec<(String, NaiveDate)> = people::movements_of(&mut conn, s, pupil)
        .unwrap()
        .into_iter()
        .map(|m| (m.kind, m.on_date))
        .collect();
    assert_eq!(
        history,
        [
            ("admission".to_owned(), d(2025, 9, 1)),
            ("transfer".to_owned(), d(2026, 1, 12))
        ]
    );
    assert_eq!(
        people::admission_dates(&mut conn, s).unwrap()[&pupil.to_string()],
        d(2025, 9, 1)
    );
    // A movement kind outside the three is refused by the database itself.
    assert!(people::insert_movements(
        &mut conn,
        &[movement("expulsion", d(2026, 2, 1), None, None)]
    )
    .is_err());

    let g = GuardianId::new();
    people::insert_guardians(
        &mut conn,
        &[Guardian {
            id: g.to_string(),
            school_id: s.to_string(),
            user_id: None,
            last_name: "Петрова".into(),
            first_name: "Мария".into(),
            middle_name: None,
            phone: Some("+7 912 000-00-01".into()),
            email: None,
            created_at: now(),
        }],
    )
    .unwrap();
    assert_eq!(
        people::class_teachers_of_guardian(&mut conn, s, g).unwrap(),
        []
    );
    roster::insert_links(
        &mut conn,
        &[GuardianLink {
            school_id: s.to_string(),
            student_id: pupil.to_string(),
            guardian_id: g.to_string(),
            relation: "mother".into(),
        }],
    )
    .unwrap();
    // The class teacher of the child's current class (6А), not of the class it left.
    assert_eq!(
        people::class_teachers_of_guardian(&mut conn, s, g).unwrap(),
        [t6]
    );
    assert_eq!(people::counts(&mut conn, s).unwrap(), (1, 1, 1, 2));
    let found = people::list_guardians(
        &mut conn,
        s,
        &people::GuardianFilter {
            query: Some("0000001".into()),
            offset: 0,
            limit: 10,
        },
    )
    .unwrap();
    assert_eq!(found.total, 1, "found by phone digits");
    // A journal page lists who was in the class at some day of its span: Петров in 5th grade
    // until the transfer, in 6th from it; Сидоров, always in 6th, in every span of the 6th.
    student(&mut conn, s, c6, "Сидоров");
    let during = |conn: &mut DbConnection, c: ClassId, from: NaiveDate, to: NaiveDate| {
        let mut names: Vec<String> =
            journal_db::journal::class_students_during(conn, s, &c.to_string(), from, to)
                .unwrap()
                .into_iter()
                .map(|st| st.last_name)
                .collect();
        names.sort();
        names
    };
    let (autumn, winter, spring) = (
        (d(2025, 9, 1), d(2025, 12, 31)),
        (d(2026, 1, 1), d(2026, 1, 31)),
        (d(2026, 2, 1), d(2026, 3, 31)),
    );
    assert_eq!(during(&mut conn, c5, autumn.0, autumn.1), ["Петров"]);
    assert_eq!(during(&mut conn, c5, winter.0, winter.1), ["Петров"]);
    assert!(during(&mut conn, c5, spring.0, spring.1).is_empty());
    assert_eq!(during(&mut conn, c6, autumn.0, autumn.1), ["Сидоров"]);
    assert_eq!(
        during(&mut conn, c6, winter.0, winter.1),
        ["Петров", "Сидоров"]
    );
}
