//! Unit tests of reading and checking import files.

use super::*;
use crate::people::Relation;
use crate::{ClassId, GuardianId, StudentId, UserId};
use std::collections::HashSet;

fn table(header: &[&str], rows: &[&[&str]]) -> Table {
    Table {
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r.iter().map(|c| (*c).to_owned()).collect()))
            .collect(),
    }
}

fn codes(problems: &[Problem]) -> Vec<(usize, &str)> {
    problems.iter().map(|p| (p.line, p.code)).collect()
}

#[test]
fn russian_and_english_headers_are_both_read() {
    let ru = table(
        &[
            "\u{feff}Фамилия",
            "Имя",
            "Отчество",
            "Дата рождения",
            "класс",
        ],
        &[&["Ёлкин", "Иван", "", "01.09.2014", "5а"]],
    );
    let en = table(
        &["last_name", "first_name", "birth_date", "class"],
        &[&["Ёлкин", "Иван", "2014-09-01", "5А"]],
    );
    for t in [ru, en] {
        let rows = read(ImportKind::Students, &t).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("last_name"), Some("Ёлкин"));
        assert_eq!(rows[0].get("middle_name"), None);
        assert_eq!(
            rows[0].get("birth_date").and_then(parse_date),
            NaiveDate::from_ymd_opt(2014, 9, 1)
        );
    }
}

#[test]
fn a_bad_header_names_each_problem_on_line_one() {
    let t = table(&["Фамилия", "Имя", "Имя", "Рост"], &[]);
    let problems = read(ImportKind::Students, &t).err().unwrap_or_default();
    let mut got: Vec<&str> = problems.iter().map(|p| p.code).collect();
    got.sort();
    assert_eq!(
        got,
        [
            "duplicate_column",
            "missing_column",
            "missing_column",
            "unknown_column"
        ]
    );
    assert!(problems.iter().all(|p| p.line == 1));
}

#[test]
fn every_bad_student_row_is_reported_with_its_line() {
    let t = table(
        &["Фамилия", "Имя", "Дата рождения", "Класс", "Email"],
        &[
            &["Иванов", "Пётр", "01.02.2014", "5А", ""],
            &["", "Анна", "01.02.2014", "5А", ""],
            &["Сидоров", "Олег", "31.02.2014", "5А", ""],
            &["Орлова", "Вера", "01.02.2014", "9Я", ""],
            &["иванов", "петр", "2014-02-01", "5 а", ""],
            &["Белов", "Лев", "01.02.2014", "5А", "not-an-email"],
            &["", "", "", "", ""],
            &["Старый", "Ученик", "03.03.2013", "5А", ""],
        ],
    );
    let rows = read(ImportKind::Students, &t).unwrap_or_default();
    let class = ClassId::new();
    let ctx = StudentContext {
        classes: HashMap::from([("5А".to_owned(), class)]),
        existing: HashSet::from([student_key(
            "Старый",
            "Ученик",
            None,
            NaiveDate::from_ymd_opt(2013, 3, 3).unwrap_or_default(),
        )]),
        today: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default(),
    };
    let checked = check_students(&rows, &ctx);
    assert_eq!(
        codes(&checked.problems),
        [
            (3, "missing_field"),
            (4, "bad_date"),
            (5, "unknown_class"),
            (6, "duplicate_in_file"),
            (7, "bad_email"),
            (9, "already_exists")
        ]
    );
    assert_eq!(checked.rows.len(), 1);
    assert_eq!(checked.rows[0].1.class, class);
    assert_eq!(checked.rows[0].1.admission_date, ctx.today);
    assert!(checked.problems[3].message.contains("line 2"));
}

#[test]
fn staff_logins_taken_elsewhere_differ_from_staff_already_here() {
    let t = table(
        &["Фамилия", "Имя", "Логин", "Должность", "Роли"],
        &[
            &[
                "Петрова",
                "Елена",
                "Petrova",
                "учитель",
                "учитель, классный руководитель",
            ],
            &["Сидорова", "Анна", "sidorova", "завуч", "завуч, учитель"],
            &["Орлов", "Иван", "orlov", "учитель", "teacher"],
            &["Козлов", "Илья", "kozlov", "учитель", "teacher"],
            &["Козлова", "Ия", "KOZLOV", "учитель", "teacher"],
            &["Кириллица", "Ия", "логин", "учитель", "teacher"],
        ],
    );
    let rows = read(ImportKind::Staff, &t).unwrap_or_default();
    let existing = HashMap::from([("orlov".to_owned(), false), ("sidorova".to_owned(), true)]);
    let checked = check_staff(&rows, &existing);
    assert_eq!(
        codes(&checked.problems),
        [
            (2, "bad_role"),
            (3, "already_exists"),
            (4, "login_taken"),
            (6, "duplicate_in_file"),
            (7, "bad_login")
        ]
    );
    assert_eq!(checked.rows.len(), 1);
    assert_eq!(checked.rows[0].1.login, "kozlov");
    assert_eq!(parse_staff_role("Завуч"), Some(Role::Deputy));
    assert_eq!(parse_staff_role("guardian"), None);
}

#[test]
fn links_find_exactly_one_student_and_guardian() {
    let birth = NaiveDate::from_ymd_opt(2014, 2, 1).unwrap_or_default();
    let s1 = StudentId::new();
    let g1 = GuardianId::new();
    let g2 = GuardianId::new();
    let g3 = GuardianId::new();
    let ctx = LinkContext {
        students: HashMap::from([(student_key("Иванов", "Пётр", None, birth), vec![s1])]),
        guardians: HashMap::from([
            (
                ("иванова".to_owned(), "мария".to_owned(), String::new()),
                vec![KnownGuardian {
                    id: g1,
                    phone: "79120000001".into(),
                }],
            ),
            (
                ("петров".to_owned(), "иван".to_owned(), String::new()),
                vec![
                    KnownGuardian {
                        id: g2,
                        phone: "79120000002".into(),
                    },
                    KnownGuardian {
                        id: g3,
                        phone: "79120000003".into(),
                    },
                ],
            ),
        ]),
        existing: HashSet::new(),
    };
    let t = table(
        &[
            "Фамилия ученика",
            "Имя ученика",
            "Дата рождения ученика",
            "Фамилия родителя",
            "Имя родителя",
            "Телефон родителя",
            "Кем приходится",
        ],
        &[
            &[
                "Иванов",
                "Петр",
                "01.02.2014",
                "Иванова",
                "Мария",
                "",
                "мать",
            ],
            &["Иванов", "Пётр", "01.02.2014", "Петров", "Иван", "", "отец"],
            &[
                "Иванов",
                "Пётр",
                "01.02.2014",
                "Петров",
                "Иван",
                "8 912 000-00-03",
                "отец",
            ],
            &[
                "Иванов",
                "Пётр",
                "02.02.2014",
                "Иванова",
                "Мария",
                "",
                "мать",
            ],
            &[
                "Иванов",
                "Пётр",
                "01.02.2014",
                "Иванова",
                "Мария",
                "",
                "тётя",
            ],
            &[
                "Иванов",
                "Пётр",
                "01.02.2014",
                "Иванова",
                "Мария",
                "",
                "мать",
            ],
        ],
    );
    let rows = read(ImportKind::Links, &t).unwrap_or_default();
    let checked = check_links(&rows, &ctx);
    assert_eq!(
        codes(&checked.problems),
        [
            (3, "ambiguous_guardian"),
            (5, "unknown_student"),
            (6, "bad_relation"),
            (7, "duplicate_in_file")
        ]
    );
    let linked: Vec<(GuardianId, Relation)> = checked
        .rows
        .iter()
        .map(|(_, l)| (l.guardian, l.relation))
        .collect();
    assert_eq!(linked, [(g1, Relation::Mother), (g3, Relation::Father)]);
}

#[test]
fn classes_are_unique_and_teachers_known() {
    let t = table(
        &["Класс", "Классный руководитель"],
        &[
            &["5А", "petrova"],
            &["5 а", ""],
            &["6Б", "nobody"],
            &["7В", ""],
            &["13А", ""],
        ],
    );
    let rows = read(ImportKind::Classes, &t).unwrap_or_default();
    let teacher = UserId::new();
    let checked = check_classes(
        &rows,
        &HashSet::from(["7В".to_owned()]),
        &HashMap::from([("petrova".to_owned(), teacher)]),
    );
    assert_eq!(
        codes(&checked.problems),
        [
            (3, "duplicate_in_file"),
            (4, "unknown_teacher"),
            (5, "already_exists"),
            (6, "bad_class_name")
        ]
    );
    assert_eq!(checked.rows.len(), 1);
    assert_eq!(checked.rows[0].1.class_teacher, Some(teacher));
}

#[test]
fn dates_in_russian_and_iso_form() {
    let d = NaiveDate::from_ymd_opt(2014, 9, 1);
    assert_eq!(parse_date("01.09.2014"), d);
    assert_eq!(parse_date("1.9.2014"), d);
    assert_eq!(parse_date("2014-09-01"), d);
    assert_eq!(parse_date("31.02.2014"), None);
    assert_eq!(parse_date("01/09/2014"), None);
    assert_eq!(d.map(format_date).as_deref(), Some("01.09.2014"));
}
