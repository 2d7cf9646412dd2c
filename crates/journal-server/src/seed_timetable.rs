//! The demo school's year: the calendar of the current school year (quarters for 1–9, halves for
//! 10–11, the usual holidays), bells, rooms, teaching assignments by a typical curriculum, a full
//! weekly timetable without clashes, and a few substitutions this week (R-B2–R-B4, R-T1, R-T2).

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use journal_db::roster::{Class, Subject};
use journal_db::structure::{
    self, Bell, HolidayRow, PeriodRow, Room, SchoolYear, YearWithCalendar,
};
use journal_db::timetable::{self, ChangeRow, EntryRow};
use journal_db::users::User;
use journal_db::DbConnection;
use journal_domain::calendar::WeekMode;
use journal_domain::SchoolId;
use std::collections::HashMap;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The school year that contains `today` (1 September – 31 August), with the calendar the
/// 2025/2026 year had, moved to that year.
pub fn current_year(school: SchoolId, today: NaiveDate, at: NaiveDateTime) -> YearWithCalendar {
    let y = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let id = uuid::Uuid::new_v4().to_string();
    let s = school.to_string();
    let period =
        |kind: &str, number: i32, grades: (i32, i32), from: NaiveDate, to: NaiveDate| PeriodRow {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: s.clone(),
            year_id: id.clone(),
            kind: kind.into(),
            number,
            grade_from: grades.0,
            grade_to: grades.1,
            starts_on: from,
            ends_on: to,
        };
    let holiday = |name: &str, grades: (i32, i32), from: NaiveDate, to: NaiveDate| HolidayRow {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: s.clone(),
        year_id: id.clone(),
        name: name.into(),
        grade_from: grades.0,
        grade_to: grades.1,
        starts_on: from,
        ends_on: to,
    };
    let n = y + 1;
    let q = [
        (date(y, 9, 1), date(y, 10, 24)),
        (date(y, 11, 5), date(y, 12, 26)),
        (date(n, 1, 12), date(n, 3, 20)),
        (date(n, 3, 30), date(n, 5, 26)),
    ];
    let mut periods: Vec<PeriodRow> = q
        .iter()
        .zip(1..)
        .map(|((a, b), i)| period("quarter", i, (1, 9), *a, *b))
        .collect();
    periods.push(period("half", 1, (10, 11), q[0].0, q[1].1));
    periods.push(period("half", 2, (10, 11), q[2].0, q[3].1));
    let all = (1, 11);
    let holidays = vec![
        holiday("Осенние каникулы", all, date(y, 10, 25), date(y, 11, 4)),
        holiday("Зимние каникулы", all, date(y, 12, 27), date(n, 1, 11)),
        holiday(
            "Дополнительные каникулы для первых классов",
            (1, 1),
            date(n, 2, 14),
            date(n, 2, 22),
        ),
        holiday(
            "День защитника Отечества",
            all,
            date(n, 2, 23),
            date(n, 2, 23),
        ),
        holiday(
            "Международный женский день",
            all,
            date(n, 3, 9),
            date(n, 3, 9),
        ),
        holiday("Весенние каникулы", all, date(n, 3, 21), date(n, 3, 29)),
        holiday("Праздник Весны и Труда", all, date(n, 5, 1), date(n, 5, 1)),
        holiday("День Победы", all, date(n, 5, 11), date(n, 5, 11)),
        holiday("Летние каникулы", all, date(n, 5, 27), date(n, 8, 31)),
    ];
    YearWithCalendar {
        year: SchoolYear {
            id,
            school_id: s.clone(),
            name: format!("{y}/{n}"),
            starts_on: date(y, 9, 1),
            ends_on: date(n, 8, 31),
            status: "open".into(),
            created_at: at,
        },
        periods,
        holidays,
    }
}

/// The bells of the demo: seven lessons from 8:30.
pub const BELLS: &[(i32, &str, &str)] = &[
    (1, "08:30", "09:10"),
    (2, "09:20", "10:00"),
    (3, "10:20", "11:00"),
    (4, "11:20", "12:00"),
    (5, "12:10", "12:50"),
    (6, "13:00", "13:40"),
    (7, "13:50", "14:30"),
];

/// Weekly hours by subject for a grade: a typical curriculum (учебный план).
fn curriculum(grade: i32) -> Vec<(&'static str, i32)> {
    let mut c = match grade {
        1..=4 => vec![
            ("Русский язык", 5),
            ("Литературное чтение", 4),
            ("Математика", 4),
            ("Окружающий мир", 2),
            ("Музыка", 1),
            ("Изобразительное искусство", 1),
            ("Труд (технология)", 1),
            ("Физическая культура", 2),
        ],
        5 | 6 => vec![
            ("Русский язык", 5),
            ("Литература", 3),
            ("Математика", 5),
            ("Английский язык", 3),
            ("История", 2),
            ("География", 1),
            ("Биология", 1),
            ("Музыка", 1),
            ("Изобразительное искусство", 1),
            ("Труд (технология)", 2),
            ("Физическая культура", 2),
        ],
        7..=9 => vec![
            ("Русский язык", if grade == 7 { 4 } else { 3 }),
            ("Литература", 2),
            ("Алгебра", 3),
            ("Геометрия", 2),
            ("Вероятность и статистика", 1),
            ("Информатика", 1),
            ("История", 2),
            ("Обществознание", 1),
            ("География", 2),
            ("Биология", if grade == 7 { 1 } else { 2 }),
            ("Физика", if grade == 9 { 3 } else { 2 }),
            ("Английский язык", 3),
            ("Физическая культура", 2),
        ],
        _ => vec![
            ("Русский язык", 2),
            ("Литература", 3),
            ("Алгебра", 4),
            ("Геометрия", 3),
            ("Вероятность и статистика", 1),
            ("Информатика", 1),
            ("История", 2),
            ("Обществознание", 2),
            ("География", 1),
            ("Биология", 1),
            ("Физика", 2),
            ("Химия", 1),
            ("Английский язык", 3),
            ("Физическая культура", 2),
            ("Основы безопасности и защиты Родины", 1),
        ],
    };
    if (2..=4).contains(&grade) {
        c.push(("Английский язык", 2));
    }
    if grade == 7 {
        c.extend([
            ("Труд (технология)", 1),
            ("Музыка", 1),
            ("Изобразительное искусство", 1),
        ]);
    }
    if grade == 8 || grade == 9 {
        c.extend([("Химия", 2), ("Основы безопасности и защиты Родины", 1)]);
    }
    if grade == 8 {
        c.push(("Труд (технология)", 1));
    }
    c
}

/// Who may teach a subject above the primary grades (logins).
fn pool(subject: &str) -> &'static [&'static str] {
    match subject {
        "Русский язык" | "Литература" => {
            &["volkova.id", "alekseeva.ms", "stepanova.yo", "komarova.sv"]
        }
        "Математика" | "Алгебра" | "Геометрия" | "Вероятность и статистика" => {
            &["teacher", "kozlov.vn", "nikolaeva.ea", "tarasova.ig"]
        }
        "Английский язык" => &["romanova.ka", "sergeeva.dv", "titova.ln"],
        "Физическая культура" => &["kuzmin.pe", "osipov.ag"],
        "Музыка" => &["frolova.ai"],
        "Изобразительное искусство" | "Труд (технология)" => {
            &["gusev.yk"]
        }
        "Информатика" => &["makarov.is"],
        "История" | "Обществознание" => &["zakharova.lp", "andreev.mr"],
        "География" => &["zaytseva.nf"],
        "Биология" => &["borisova.vi"],
        "Физика" => &["yakovlev.ad"],
        "Химия" => &["grigoryeva.om"],
        _ => &["ilyin.so"],
    }
}

/// Subjects a primary teacher teaches their own class.
const PRIMARY_OWN: &[&str] = &[
    "Русский язык",
    "Литературное чтение",
    "Математика",
    "Окружающий мир",
    "Изобразительное искусство",
    "Труд (технология)",
];

/// Lesson plans (КТП, R-T4) of a few demo assignments: the demo teacher's algebra and geometry in
/// 7А and Russian in 5А.
#[rustfmt::skip]
fn demo_plan(class: &str, subject: &str) -> Option<&'static [(&'static str, i32)]> {
    match (class, subject) {
        ("7А", "Алгебра") => Some(&[
            ("Повторение курса математики 5–6 классов", 4), ("Выражения, тождества, уравнения", 20),
            ("Функции", 11), ("Степень с натуральным показателем", 11), ("Многочлены", 17),
            ("Формулы сокращённого умножения", 19), ("Системы линейных уравнений", 16), ("Итоговое повторение", 4),
        ]),
        ("7А", "Геометрия") => Some(&[
            ("Начальные геометрические сведения", 10), ("Треугольники", 17),
            ("Параллельные прямые", 13), ("Соотношения между сторонами и углами треугольника", 20), ("Повторение", 8),
        ]),
        ("5А", "Русский язык") => Some(&[
            ("Язык и общение", 3), ("Повторение изученного в начальных классах", 20),
            ("Синтаксис. Пунктуация. Культура речи", 30), ("Фонетика. Орфоэпия. Графика", 15),
            ("Лексика. Культура речи", 10), ("Морфемика. Орфография", 22), ("Морфология. Имя существительное", 20),
            ("Имя прилагательное", 25), ("Глагол", 20), ("Повторение", 5),
        ]),
        _ => None,
    }
}

/// Most lessons a day for a grade (first-graders have a fifth lesson on one day at most, which the
/// two-a-day rule and the early-slot preference keep rare).
fn max_lessons(grade: i32) -> i32 {
    match grade {
        1 => 5,
        2..=4 => 5,
        _ => 7,
    }
}

/// The week mode of a grade in the demo: 10–11 study six days.
pub fn week_days(grade: i32) -> i32 {
    if grade >= 10 {
        6
    } else {
        5
    }
}

/// What the timetable part of the demo created.
pub struct Filled {
    pub assignments: usize,
    pub entries: usize,
    pub unplaced: usize,
    pub changes: usize,
}

/// Rooms, assignments, the weekly timetable and this week's substitutions.
#[allow(clippy::too_many_arguments)]
pub fn fill(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &YearWithCalendar,
    classes: &[Class],
    staff: &[User],
    subjects: &[Subject],
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<Filled> {
    let s = school.to_string();
    let id_of = |login: &str| {
        staff
            .iter()
            .find(|u| u.login == login)
            .map(|u| u.id.clone())
    };
    let subject_id = |name: &str| {
        subjects
            .iter()
            .find(|x| x.name == name)
            .map(|x| x.id.clone())
    };

    // A room per teacher: homerooms for primary teachers, subject rooms, two gyms.
    let mut room_of: HashMap<String, String> = HashMap::new();
    for (i, u) in staff.iter().enumerate() {
        let name = match u.login.as_str() {
            "kuzmin.pe" => "Спортзал".to_owned(),
            "osipov.ag" => "Малый спортзал".to_owned(),
            "frolova.ai" => "Актовый зал".to_owned(),
            _ => format!("Каб. {}", 101 + i),
        };
        let room = Room {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: s.clone(),
            name,
            capacity: Some(30),
        };
        structure::insert_room(conn, &room)?;
        room_of.insert(u.id.clone(), room.id);
    }

    // Assignments first; then every weekly lesson is placed in the earliest slot where both the class and the teacher are free (at most two lessons of a
    // subject a day).
    let mut assignments = 0;
    let mut load: HashMap<String, i32> = HashMap::new();
    let mut units: Vec<(usize, String, String, &'static str)> = Vec::new();
    for (ci, class) in classes.iter().enumerate() {
        for (subject, hours) in curriculum(class.grade) {
            let Some(subject_id) = subject_id(subject) else {
                continue;
            };
            let own = class.grade <= 4 && PRIMARY_OWN.contains(&subject);
            let teacher = if own {
                class.class_teacher_id.clone()
            } else {
                let lead = class.class_teacher_id.as_deref();
                pool(subject)
                    .iter()
                    .filter_map(|l| id_of(l))
                    .min_by_key(|t| (Some(t.as_str()) != lead, *load.get(t).unwrap_or(&0)))
            };
            let Some(teacher) = teacher else { continue };
            *load.entry(teacher.clone()).or_default() += hours;
            let assignment = structure::Assignment {
                id: uuid::Uuid::new_v4().to_string(),
                school_id: s.clone(),
                year_id: year.year.id.clone(),
                teacher_id: teacher.clone(),
                subject_id,
                class_id: class.id.clone(),
                hours_per_week: hours,
                created_at: at,
            };
            structure::insert_assignment(conn, &assignment)?;
            assignments += 1;
            if let Some(topics) = demo_plan(&class.name(), subject) {
                let rows: Vec<journal_db::planning::PlanTopic> = topics
                    .iter()
                    .zip(1..)
                    .map(
                        |((title, hours), position)| journal_db::planning::PlanTopic {
                            id: uuid::Uuid::new_v4().to_string(),
                            school_id: s.clone(),
                            assignment_id: assignment.id.clone(),
                            position,
                            title: (*title).into(),
                            hours: *hours,
                        },
                    )
                    .collect();
                journal_db::planning::replace_plan(conn, &assignment.id, &rows)?;
            }
            for _ in 0..hours {
                units.push((ci, teacher.clone(), assignment.id.clone(), subject));
            }
        }
    }
    // Teachers shared between classes first (their free slots are scarce), a primary class's own
    // teacher last (they teach only that class, so any free slot of the class suits them).
    let own_teacher = |ci: &usize, t: &String| {
        classes[*ci].grade <= 4 && classes[*ci].class_teacher_id.as_ref() == Some(t)
    };
    units.sort_by_key(|(ci, t, _, _)| (own_teacher(ci, t), -*load.get(t).unwrap_or(&0), *ci));
    let mut busy_teacher: HashMap<(String, i32, i32), ()> = HashMap::new();
    let mut busy_class: HashMap<(usize, i32, i32), ()> = HashMap::new();
    let mut per_day: HashMap<(usize, &'static str, i32), i32> = HashMap::new();
    let mut entries: Vec<(EntryRow, String)> = Vec::new();
    let mut unplaced = 0;
    let mut remaining = units;
    while !remaining.is_empty() {
        // The most constrained lesson next: the one with the fewest free slots left.
        let slots =
            |(ci, teacher, _, subject): &(usize, String, String, &'static str)| -> Vec<(i32, i32)> {
                let days = week_days(classes[*ci].grade);
                let mut out = Vec::new();
                for n in 1..=max_lessons(classes[*ci].grade) {
                    for d in 1..=days {
                        let free = !busy_class.contains_key(&(*ci, d, n))
                            && !busy_teacher.contains_key(&(teacher.clone(), d, n))
                            && *per_day.get(&(*ci, *subject, d)).unwrap_or(&0) < 2;
                        if free {
                            out.push((d, n));
                        }
                    }
                }
                out
            };
        let Some(pick) = (0..remaining.len()).min_by_key(|i| slots(&remaining[*i]).len()) else {
            break;
        };
        let unit = remaining.remove(pick);
        let mut options = slots(&unit);
        let (ci, teacher, assignment, subject) = unit;
        // Earliest lesson first, then the day with the fewest lessons of the subject.
        options.sort_by_key(|(d, n)| (*n, *per_day.get(&(ci, subject, *d)).unwrap_or(&0), *d));
        let class = &classes[ci];
        let Some((day, n)) = options.first().copied() else {
            unplaced += 1;
            continue;
        };
        busy_class.insert((ci, day, n), ());
        busy_teacher.insert((teacher.clone(), day, n), ());
        *per_day.entry((ci, subject, day)).or_default() += 1;
        let row = EntryRow {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: s.clone(),
            assignment_id: assignment,
            class_id: class.id.clone(),
            teacher_id: teacher.clone(),
            room_id: room_of.get(&teacher).cloned(),
            weekday: day,
            lesson_number: n,
            valid_from: year.year.starts_on,
            valid_to: year.year.ends_on,
            created_at: at,
        };
        timetable::insert_entry(conn, &row)?;
        entries.push((row, subject.to_owned()));
    }

    let changes = substitutions(
        conn,
        school,
        year,
        &entries,
        classes,
        &busy_teacher,
        staff,
        today,
        at,
    )?;
    Ok(Filled {
        assignments,
        entries: entries.len(),
        unplaced,
        changes,
    })
}

/// This week: the demo `teacher`'s Wednesday lessons are covered by a free colleague of the same
/// subject, one physical education lesson on Thursday is cancelled, and one history lesson on
/// Friday moves to Saturday's first lesson of a six-day class.
#[allow(clippy::too_many_arguments)]
fn substitutions(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &YearWithCalendar,
    entries: &[(EntryRow, String)],
    classes: &[Class],
    busy: &HashMap<(String, i32, i32), ()>,
    staff: &[User],
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<usize> {
    let calendar = year.calendar();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let day = |n: i64| monday + Duration::days(n - 1);
    let grade_of = |class: &str| {
        classes
            .iter()
            .find(|c| c.id == class)
            .map_or(1, |c| c.grade)
    };
    let teaching = |e: &EntryRow, d: NaiveDate| {
        let g = grade_of(&e.class_id);
        let week =
            WeekMode::from_days(week_days(g).clamp(5, 6) as u8).unwrap_or(WeekMode::FiveDays);
        calendar.is_teaching_day(g.clamp(1, 11) as u8, week, d)
    };
    let id_of = |login: &str| {
        staff
            .iter()
            .find(|u| u.login == login)
            .map(|u| u.id.clone())
    };
    let by = id_of("deputy").unwrap_or_default();
    let change = |e: &EntryRow, d: NaiveDate, kind: &str| ChangeRow {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: school.to_string(),
        entry_id: e.id.clone(),
        lesson_date: d,
        kind: kind.into(),
        substitute_id: None,
        subject_id: None,
        room_id: None,
        moved_to_date: None,
        moved_to_lesson: None,
        reason: None,
        created_by: by.clone(),
        created_at: at,
    };
    let mut count = 0;
    let teacher = id_of("teacher").unwrap_or_default();
    for (e, subject) in entries
        .iter()
        .filter(|(e, _)| e.teacher_id == teacher && e.weekday == 3)
    {
        let d = day(3);
        if !teaching(e, d) {
            continue;
        }
        let free = pool(subject)
            .iter()
            .filter_map(|l| id_of(l))
            .find(|t| *t != teacher && !busy.contains_key(&(t.clone(), 3, e.lesson_number)));
        if let Some(sub) = free {
            let mut c = change(e, d, "substitution");
            c.substitute_id = Some(sub);
            c.reason = Some("Курсы повышения квалификации".into());
            timetable::insert_change(conn, &c)?;
            count += 1;
        }
    }
    if let Some((e, _)) = entries
        .iter()
        .find(|(e, s)| s == "Физическая культура" && e.weekday == 4 && teaching(e, day(4)))
    {
        let mut c = change(e, day(4), "cancellation");
        c.reason = Some("Спортзал закрыт на санитарную обработку".into());
        timetable::insert_change(conn, &c)?;
        count += 1;
    }
    let saturday_free = |e: &EntryRow| {
        !busy.contains_key(&(e.teacher_id.clone(), 6, 1)) && week_days(grade_of(&e.class_id)) == 6
    };
    if let Some((e, _)) = entries
        .iter()
        .find(|(e, s)| s == "История" && e.weekday == 5 && teaching(e, day(5)) && saturday_free(e))
    {
        let mut c = change(e, day(5), "move");
        c.moved_to_date = Some(day(6));
        c.moved_to_lesson = Some(1);
        c.reason = Some("Экскурсия в музей".into());
        timetable::insert_change(conn, &c)?;
        count += 1;
    }
    Ok(count)
}

/// Bell rows of a schedule.
pub fn bells(school: SchoolId, schedule: &str) -> Vec<Bell> {
    BELLS
        .iter()
        .map(|(n, a, b)| Bell {
            school_id: school.to_string(),
            schedule_id: schedule.to_owned(),
            lesson_number: *n,
            starts_at: (*a).into(),
            ends_at: (*b).into(),
        })
        .collect()
}
