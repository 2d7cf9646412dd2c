//! The demo school's year: the calendar of the current school year (quarters for 1–9, halves for
//! 10–11, the usual holidays), bells, rooms, teaching assignments by a typical curriculum, a full
//! weekly timetable without clashes, and a few substitutions this week (R-B2–R-B4, R-T1, R-T2).

use crate::seed::Ids;
use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use journal_db::bulk;
use journal_db::curriculum::CurriculumLine;
use journal_db::groups::{GroupClass, GroupRow, MemberRow};
use journal_db::planning::PlanTopic;
use journal_db::roster::{Class, Student, Subject};
use journal_db::structure::{
    Assignment, Bell, HolidayRow, PeriodRow, Room, SchoolYear, YearWithCalendar,
};
use journal_db::timetable::{self, ChangeRow, EntryRow};
use journal_db::users::User;
use journal_db::DbConnection;
use journal_domain::calendar::WeekMode;
use journal_domain::collate::ru_key;
use journal_domain::groups::GroupKind;
use journal_domain::SchoolId;
use std::collections::{HashMap, HashSet};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The school year that contains `today` (1 September – 31 August), with the calendar the
/// 2025/2026 year had, moved to that year.
pub fn current_year(
    ids: &Ids,
    school: SchoolId,
    today: NaiveDate,
    at: NaiveDateTime,
) -> YearWithCalendar {
    let y = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let id = ids.id();
    let s = school.to_string();
    let period =
        |kind: &str, number: i32, grades: (i32, i32), from: NaiveDate, to: NaiveDate| PeriodRow {
            id: ids.id(),
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
        id: ids.id(),
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
pub(crate) fn curriculum(grade: i32) -> Vec<(&'static str, i32)> {
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
    if grade == 10 {
        // Taught to the whole parallel as one stream.
        c.push((STREAM_SUBJECT, 1));
    }
    c
}

/// Subjects taught in two parallel subgroups from grade 5 (R-B3), with the word for group names.
pub(crate) const SPLIT: &[(&str, &str)] = &[
    ("Английский язык", "английский язык"),
    ("Информатика", "информатика"),
];

/// The subject of the demo's cross-class stream: all 10th classes together.
pub const STREAM_SUBJECT: &str = "Индивидуальный проект";

/// Who may teach a subject above the primary grades (logins).
pub(crate) fn pool(subject: &str) -> &'static [&'static str] {
    match subject {
        "Русский язык" | "Литература" => {
            &["volkova.id", "alekseeva.ms", "stepanova.yo", "komarova.sv"]
        }
        "Математика" | "Алгебра" | "Геометрия" | "Вероятность и статистика" => {
            &["teacher", "kozlov.vn", "nikolaeva.ea", "tarasova.ig"]
        }
        "Английский язык" => {
            &["romanova.ka", "sergeeva.dv", "titova.ln", "medvedeva.ok"]
        }
        "Физическая культура" => &["kuzmin.pe", "osipov.ag"],
        "Музыка" => &["frolova.ai"],
        "Изобразительное искусство" | "Труд (технология)" => {
            &["gusev.yk"]
        }
        "Информатика" => &["makarov.is", "belyaev.an"],
        "История" | "Обществознание" => &["zakharova.lp", "andreev.mr"],
        "География" => &["zaytseva.nf"],
        "Биология" => &["borisova.vi"],
        "Физика" => &["yakovlev.ad"],
        "Химия" => &["grigoryeva.om"],
        STREAM_SUBJECT => &["yakovlev.ad", "grigoryeva.om"],
        _ => &["ilyin.so"],
    }
}

/// Subjects a primary teacher teaches their own class.
pub(crate) const PRIMARY_OWN: &[&str] = &[
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
fn demo_plan(class: &str, subject: &str) -> Option<LessonPlan> {
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
pub(crate) fn max_lessons(grade: i32) -> i32 {
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
    pub groups: usize,
    pub entries: usize,
    pub unplaced: usize,
    pub changes: usize,
}

/// Topics of a lesson plan (КТП) with their hours.
pub type LessonPlan = &'static [(&'static str, i32)];

/// What differs between the schools the generator makes: who may teach what, the rooms, the
/// individual-plan student and the lesson plans. The rules (curriculum, groups, placement) are the
/// same for all.
pub struct Staffing<'a> {
    /// Who may teach a subject above the primary grades (user ids), most preferred first.
    pub pool: &'a dyn Fn(&str) -> Vec<String>,
    /// The name of the room of the `i`-th staff member (every staff member has one).
    pub room_name: &'a dyn Fn(usize, &User) -> String,
    /// The class ("8А") whose last student studies on an individual plan, if any.
    pub individual_plan_class: Option<&'a str>,
    /// Lesson plans (КТП) by class name and subject.
    pub lesson_plan: &'a dyn Fn(&str, &str) -> Option<LessonPlan>,
}

impl Staffing<'_> {
    /// Who may teach a group of a subject: its teachers, then (for informatics) the
    /// mathematicians.
    fn group_pool(&self, subject: &str) -> Vec<String> {
        let mut p = (self.pool)(subject);
        if subject == "Информатика" {
            p.extend((self.pool)("Математика"));
        }
        p
    }
}

/// A school's year as rows: rooms, groups with members, teaching assignments, the curriculum,
/// lesson plans and the placed weekly lessons.
#[derive(Default)]
pub struct Plan {
    pub rooms: Vec<Room>,
    pub groups: Vec<GroupRow>,
    pub group_classes: Vec<GroupClass>,
    pub members: Vec<MemberRow>,
    pub assignments: Vec<Assignment>,
    pub curriculum: Vec<CurriculumLine>,
    pub topics: Vec<PlanTopic>,
    /// The weekly lessons with their subjects.
    pub entries: Vec<(EntryRow, &'static str)>,
    /// (teacher, weekday, lesson number) taken by the weekly lessons.
    pub busy: HashSet<(String, i32, i32)>,
    /// Weekly lessons no slot could be found for.
    pub unplaced: usize,
}

impl Plan {
    /// Store every row (in bulk; the caller holds the transaction).
    pub fn insert(&self, conn: &mut DbConnection) -> Result<usize> {
        let entries: Vec<EntryRow> = self.entries.iter().map(|(e, _)| e.clone()).collect();
        Ok(bulk::insert_rooms(conn, &self.rooms)?
            + bulk::insert_groups(conn, &self.groups)?
            + bulk::insert_group_classes(conn, &self.group_classes)?
            + bulk::insert_members(conn, &self.members)?
            + bulk::insert_assignments(conn, &self.assignments)?
            + bulk::insert_plan_topics(conn, &self.topics)?
            + bulk::insert_curriculum(conn, &self.curriculum)?
            + bulk::insert_entries(conn, &entries)?)
    }
}

/// Rooms, assignments, the weekly timetable and this week's substitutions.
#[allow(clippy::too_many_arguments)]
pub fn fill(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &YearWithCalendar,
    classes: &[Class],
    students: &[Student],
    staff: &[User],
    subjects: &[Subject],
    family: &[String],
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<Filled> {
    let id_of = |login: &str| {
        staff
            .iter()
            .find(|u| u.login == login)
            .map(|u| u.id.clone())
    };
    let pool_ids =
        |subject: &str| -> Vec<String> { pool(subject).iter().filter_map(|l| id_of(l)).collect() };
    let room_name = |i: usize, u: &User| match u.login.as_str() {
        "kuzmin.pe" => "Спортзал".to_owned(),
        "osipov.ag" => "Малый спортзал".to_owned(),
        "frolova.ai" => "Актовый зал".to_owned(),
        _ => format!("Каб. {}", 101 + i),
    };
    let staffing = Staffing {
        pool: &pool_ids,
        room_name: &room_name,
        individual_plan_class: Some("8А"),
        lesson_plan: &demo_plan,
    };
    let ids = Ids::random();
    let plan = plan(
        &ids, school, year, classes, students, staff, subjects, &staffing, at,
    );
    plan.insert(conn)?;
    let changes = substitutions(
        conn,
        school,
        year,
        &plan.entries,
        classes,
        &plan.busy,
        staff,
        family,
        today,
        at,
    )?;
    Ok(Filled {
        assignments: plan.assignments.len(),
        groups: plan.groups.len(),
        entries: plan.entries.len(),
        unplaced: plan.unplaced,
        changes,
    })
}

/// Plan a school's year: a room per staff member; groups (R-B3): English and informatics in two
/// parallel subgroups from grade 5, all 10th classes as one stream for the individual project, one
/// student on an individual plan; teaching assignments by the curriculum (R-B4), primary classes
/// taught mostly by their class teacher and the rest by the least loaded teacher of the subject's
/// pool; then every weekly lesson placed without clashes (R-T1).
#[allow(clippy::too_many_arguments)]
pub fn plan(
    ids: &Ids,
    school: SchoolId,
    year: &YearWithCalendar,
    classes: &[Class],
    students: &[Student],
    staff: &[User],
    subjects: &[Subject],
    staffing: &Staffing,
    at: NaiveDateTime,
) -> Plan {
    let s = school.to_string();
    let mut out = Plan::default();
    let subject_id = |name: &str| {
        subjects
            .iter()
            .find(|x| x.name == name)
            .map(|x| x.id.clone())
    };

    let mut room_of: HashMap<String, String> = HashMap::new();
    for (i, u) in staff.iter().enumerate() {
        let room = Room {
            id: ids.id(),
            school_id: s.clone(),
            name: (staffing.room_name)(i, u),
            capacity: Some(30),
        };
        room_of.insert(u.id.clone(), room.id.clone());
        out.rooms.push(room);
    }

    let mut made = Groups {
        ids,
        school,
        year,
        at,
        plan: &mut out,
    };
    let mut by_class: HashMap<&str, Vec<&Student>> = HashMap::new();
    for st in students {
        if let Some(c) = &st.class_id {
            by_class.entry(c.as_str()).or_default().push(st);
        }
    }
    for list in by_class.values_mut() {
        list.sort_by_cached_key(|st| (ru_key(&st.last_name), ru_key(&st.first_name)));
    }
    let of_class = |class: &Class| by_class.get(class.id.as_str()).cloned().unwrap_or_default();
    let mut halves: HashMap<(usize, &'static str), [String; 2]> = HashMap::new();
    for (ci, class) in classes.iter().enumerate().filter(|(_, c)| c.grade >= 5) {
        let list = of_class(class);
        let (first, second) = list.split_at(list.len().div_ceil(2));
        for (subject, word) in SPLIT {
            if !curriculum(class.grade).iter().any(|(x, _)| x == subject) {
                continue;
            }
            let ids = [(1, first), (2, second)].map(|(n, members)| {
                made.add(
                    &format!("{} {word}, {n} группа", class.name()),
                    GroupKind::Subgroup,
                    Some(subject),
                    std::slice::from_ref(&class.id),
                    members,
                )
            });
            halves.insert((ci, subject), ids);
        }
    }
    let tenth: Vec<usize> = (0..classes.len())
        .filter(|i| classes[*i].grade == 10)
        .collect();
    let stream = if tenth.len() >= 2 {
        let ids: Vec<String> = tenth.iter().map(|i| classes[*i].id.clone()).collect();
        let members: Vec<&Student> = tenth.iter().flat_map(|i| of_class(&classes[*i])).collect();
        Some(made.add(
            &format!("10 классы: {}", STREAM_SUBJECT.to_lowercase()),
            GroupKind::Stream,
            None,
            &ids,
            &members,
        ))
    } else {
        None
    };
    let iup_class = staffing
        .individual_plan_class
        .and_then(|name| classes.iter().position(|c| c.name() == name));
    let iup = match iup_class.and_then(|ci| of_class(&classes[ci]).last().copied()) {
        Some(st) => {
            let name = format!(
                "ИУП: {} {}.",
                st.last_name,
                st.first_name.chars().next().unwrap_or(' ')
            );
            let class = iup_class
                .map(|ci| classes[ci].id.clone())
                .unwrap_or_default();
            Some(made.add(&name, GroupKind::Individual, None, &[class], &[st]))
        }
        None => None,
    };

    // Assignments first; then every weekly lesson is placed in the earliest slot where its classes
    // and its teachers are free (at most two lessons of a subject a day); parallel subgroups take
    // one slot together.
    let mut load: HashMap<String, i32> = HashMap::new();
    let mut units: Vec<Unit> = Vec::new();
    let assign = |out: &mut Plan,
                  teacher: &str,
                  subject_id: &str,
                  class: &Class,
                  hours: i32,
                  group: Option<&String>|
     -> String {
        let assignment = Assignment {
            id: ids.id(),
            school_id: s.clone(),
            year_id: year.year.id.clone(),
            teacher_id: teacher.to_owned(),
            subject_id: subject_id.to_owned(),
            class_id: class.id.clone(),
            hours_per_week: hours,
            created_at: at,
            group_id: group.cloned(),
        };
        let id = assignment.id.clone();
        out.assignments.push(assignment);
        id
    };
    let least_loaded =
        |load: &HashMap<String, i32>, pool: &[String], lead: Option<&str>, not: &[String]| {
            pool.iter()
                .filter(|t| !not.contains(t))
                .min_by_key(|t| (Some(t.as_str()) != lead, *load.get(*t).unwrap_or(&0)))
                .cloned()
        };
    let mut grades_done: Vec<i32> = Vec::new();
    for (ci, class) in classes.iter().enumerate() {
        let lead = class.class_teacher_id.as_deref();
        for (subject, hours) in curriculum(class.grade) {
            let Some(subject_id) = subject_id(subject) else {
                continue;
            };
            if !grades_done.contains(&class.grade)
                && !out
                    .curriculum
                    .iter()
                    .any(|l| l.grade == class.grade && l.subject_id == subject_id)
            {
                out.curriculum.push(CurriculumLine {
                    id: ids.id(),
                    school_id: s.clone(),
                    year_id: year.year.id.clone(),
                    grade: class.grade,
                    profile: String::new(),
                    subject_id: subject_id.clone(),
                    hours_per_week: hours,
                });
            }
            if subject == STREAM_SUBJECT {
                // Once, for the whole stream, from its first class.
                if let (Some(g), Some(first)) = (&stream, tenth.first()) {
                    if *first == ci {
                        let Some(teacher) =
                            least_loaded(&load, &(staffing.pool)(subject), None, &[])
                        else {
                            continue;
                        };
                        *load.entry(teacher.clone()).or_default() += hours;
                        let a = assign(&mut out, &teacher, &subject_id, class, hours, Some(g));
                        for _ in 0..hours {
                            units.push(Unit {
                                ci,
                                classes: tenth.clone(),
                                lessons: vec![(teacher.clone(), a.clone(), Some(g.clone()))],
                                subject,
                            });
                        }
                    }
                }
                continue;
            }
            if let Some(groups) = halves.get(&(ci, subject)) {
                let mut lessons = Vec::new();
                let mut taken: Vec<String> = Vec::new();
                for g in groups {
                    let Some(teacher) =
                        least_loaded(&load, &staffing.group_pool(subject), lead, &taken)
                    else {
                        continue;
                    };
                    *load.entry(teacher.clone()).or_default() += hours;
                    let a = assign(&mut out, &teacher, &subject_id, class, hours, Some(g));
                    taken.push(teacher.clone());
                    lessons.push((teacher, a, Some(g.clone())));
                }
                for _ in 0..hours {
                    units.push(Unit {
                        ci,
                        classes: vec![ci],
                        lessons: lessons.clone(),
                        subject,
                    });
                }
                continue;
            }
            let own = class.grade <= 4 && PRIMARY_OWN.contains(&subject);
            let teacher = if own {
                class.class_teacher_id.clone()
            } else {
                least_loaded(&load, &(staffing.pool)(subject), lead, &[])
            };
            let Some(teacher) = teacher else { continue };
            *load.entry(teacher.clone()).or_default() += hours;
            let a = assign(&mut out, &teacher, &subject_id, class, hours, None);
            if let Some(topics) = (staffing.lesson_plan)(&class.name(), subject) {
                out.topics
                    .extend(
                        topics
                            .iter()
                            .zip(1..)
                            .map(|((title, hours), position)| PlanTopic {
                                id: ids.id(),
                                school_id: s.clone(),
                                assignment_id: a.clone(),
                                position,
                                title: (*title).into(),
                                hours: *hours,
                            }),
                    );
            }
            // The individual-plan student has one more Russian lesson with the class's teacher.
            if subject == "Русский язык" && Some(ci) == iup_class {
                if let Some(g) = &iup {
                    *load.entry(teacher.clone()).or_default() += 1;
                    let extra = assign(&mut out, &teacher, &subject_id, class, 1, Some(g));
                    units.push(Unit {
                        ci,
                        classes: vec![ci],
                        lessons: vec![(teacher.clone(), extra, Some(g.clone()))],
                        subject,
                    });
                }
            }
            for _ in 0..hours {
                units.push(Unit {
                    ci,
                    classes: vec![ci],
                    lessons: vec![(teacher.clone(), a.clone(), None)],
                    subject,
                });
            }
        }
        grades_done.push(class.grade);
    }
    // Teachers shared between classes first (their free slots are scarce), a primary class's own
    // teacher last (they teach only that class, so any free slot of the class suits them).
    let own_teacher = |u: &Unit| {
        classes[u.ci].grade <= 4
            && u.lessons
                .iter()
                .all(|(t, _, _)| classes[u.ci].class_teacher_id.as_ref() == Some(t))
    };
    let heaviest = |u: &Unit| {
        u.lessons
            .iter()
            .map(|(t, _, _)| *load.get(t).unwrap_or(&0))
            .max()
            .unwrap_or(0)
    };
    units.sort_by_key(|u| (own_teacher(u), -heaviest(u), u.ci));
    let placed = place(classes, units);
    out.unplaced = placed.unplaced;
    for (unit, day, n) in placed.slots {
        for (teacher, assignment, group) in &unit.lessons {
            out.busy.insert((teacher.clone(), day, n));
            let row = EntryRow {
                id: ids.id(),
                school_id: s.clone(),
                assignment_id: assignment.clone(),
                class_id: classes[unit.ci].id.clone(),
                teacher_id: teacher.clone(),
                room_id: room_of.get(teacher).cloned(),
                weekday: day,
                lesson_number: n,
                valid_from: year.year.starts_on,
                valid_to: year.year.ends_on,
                created_at: at,
                group_id: group.clone(),
            };
            out.entries.push((row, unit.subject));
        }
    }
    out
}

/// Where the weekly lessons went: each unit with its (weekday, lesson number), in the order
/// placed.
struct Placed {
    slots: Vec<(Unit, i32, i32)>,
    unplaced: usize,
}

/// Place every unit in the earliest free slot of its classes and teachers, at most two lessons
/// of a subject a day, the most constrained unit (fewest free slots) first.
fn place(classes: &[Class], units: Vec<Unit>) -> Placed {
    // Slots are kept in flat tables indexed by class, teacher and subject numbers.
    const DAYS: usize = 7;
    const LESSONS: usize = 8;
    let slot = |d: i32, n: i32| d as usize * LESSONS + n as usize;
    let mut teacher_no: HashMap<&str, usize> = HashMap::new();
    let mut subject_no: HashMap<&str, usize> = HashMap::new();
    for u in &units {
        let next = subject_no.len();
        subject_no.entry(u.subject).or_insert(next);
        for (t, _, _) in &u.lessons {
            let next = teacher_no.len();
            teacher_no.entry(t.as_str()).or_insert(next);
        }
    }
    struct Shape {
        classes: Vec<usize>,
        teachers: Vec<usize>,
        subject: usize,
        days: i32,
        most: i32,
    }
    let shapes: Vec<Shape> = units
        .iter()
        .map(|u| Shape {
            classes: u.classes.clone(),
            teachers: u
                .lessons
                .iter()
                .map(|(t, _, _)| teacher_no[t.as_str()])
                .collect(),
            subject: subject_no[u.subject],
            days: u
                .classes
                .iter()
                .map(|c| week_days(classes[*c].grade))
                .min()
                .unwrap_or(5),
            most: u
                .classes
                .iter()
                .map(|c| max_lessons(classes[*c].grade))
                .min()
                .unwrap_or(5),
        })
        .collect();
    let subjects = subject_no.len().max(1);
    let mut busy_teacher = vec![false; teacher_no.len() * DAYS * LESSONS];
    let mut busy_class = vec![false; classes.len() * DAYS * LESSONS];
    let mut per_day = vec![0_i32; classes.len() * subjects * DAYS];
    let free = |shape: &Shape,
                busy_teacher: &[bool],
                busy_class: &[bool],
                per_day: &[i32],
                d: i32,
                n: i32| {
        shape.classes.iter().all(|c| {
            !busy_class[c * DAYS * LESSONS + slot(d, n)]
                && per_day[(c * subjects + shape.subject) * DAYS + d as usize] < 2
        }) && shape
            .teachers
            .iter()
            .all(|t| !busy_teacher[t * DAYS * LESSONS + slot(d, n)])
    };
    let mut out = Placed {
        slots: Vec::new(),
        unplaced: 0,
    };
    let mut remaining: Vec<(Unit, Shape)> = units.into_iter().zip(shapes).collect();
    while !remaining.is_empty() {
        // The most constrained lesson next: the one with the fewest free slots left.
        let count = |s: &Shape| {
            (1..=s.most)
                .flat_map(|n| (1..=s.days).map(move |d| (d, n)))
                .filter(|(d, n)| free(s, &busy_teacher, &busy_class, &per_day, *d, *n))
                .count()
        };
        let Some(pick) = (0..remaining.len()).min_by_key(|i| count(&remaining[*i].1)) else {
            break;
        };
        let (unit, shape) = remaining.remove(pick);
        let mut options: Vec<(i32, i32)> = (1..=shape.most)
            .flat_map(|n| (1..=shape.days).map(move |d| (d, n)))
            .filter(|(d, n)| free(&shape, &busy_teacher, &busy_class, &per_day, *d, *n))
            .collect();
        // Earliest lesson first, then the day with the fewest lessons of the subject.
        options.sort_by_key(|(d, n)| {
            (
                *n,
                per_day[(unit.ci * subjects + shape.subject) * DAYS + *d as usize],
                *d,
            )
        });
        let Some((day, n)) = options.first().copied() else {
            out.unplaced += unit.lessons.len();
            continue;
        };
        for c in &shape.classes {
            busy_class[c * DAYS * LESSONS + slot(day, n)] = true;
            per_day[(c * subjects + shape.subject) * DAYS + day as usize] += 1;
        }
        for t in &shape.teachers {
            busy_teacher[t * DAYS * LESSONS + slot(day, n)] = true;
        }
        out.slots.push((unit, day, n));
    }
    out
}

/// This week: the demo `teacher`'s Wednesday lessons are covered by a free colleague of the same
/// subject, one physical education lesson on Thursday is cancelled, and one history lesson on
/// Friday moves to a free Saturday lesson of a six-day class. One whole-class lesson this week of
/// a class in `family` (the `parent` account's children's) is covered too, so that their diary
/// shows a substitution.
#[allow(clippy::too_many_arguments)]
fn substitutions(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &YearWithCalendar,
    entries: &[(EntryRow, &'static str)],
    classes: &[Class],
    busy: &HashSet<(String, i32, i32)>,
    staff: &[User],
    family: &[String],
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
    // Lessons changed so far and (substitute, weekday, lesson) of the covers.
    let mut changed: Vec<(String, NaiveDate)> = Vec::new();
    let mut covering: Vec<(String, i32, i32)> = Vec::new();
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
            .find(|t| *t != teacher && !busy.contains(&(t.clone(), 3, e.lesson_number)));
        if let Some(sub) = free {
            let mut c = change(e, d, "substitution");
            c.substitute_id = Some(sub);
            c.reason = Some("Курсы повышения квалификации".into());
            timetable::insert_change(conn, &c)?;
            changed.push((c.entry_id.clone(), c.lesson_date));
            covering.push((
                c.substitute_id.clone().unwrap_or_default(),
                3,
                e.lesson_number,
            ));
            count += 1;
        }
    }
    if let Some((e, _)) = entries
        .iter()
        .find(|(e, s)| *s == "Физическая культура" && e.weekday == 4 && teaching(e, day(4)))
    {
        let mut c = change(e, day(4), "cancellation");
        c.reason = Some("Спортзал закрыт на санитарную обработку".into());
        timetable::insert_change(conn, &c)?;
        changed.push((c.entry_id.clone(), c.lesson_date));
        count += 1;
    }
    // The Saturday lesson the history lesson moves to must be free for its teacher, its class
    // and its room, as the API requires of a move (R-T2).
    let taken = |e: &EntryRow, n: i32| {
        entries.iter().any(|(o, _)| {
            o.weekday == 6
                && o.lesson_number == n
                && (o.teacher_id == e.teacher_id
                    || o.class_id == e.class_id
                    || (e.room_id.is_some() && o.room_id == e.room_id))
        })
    };
    let saturday_slot = |e: &EntryRow| {
        (week_days(grade_of(&e.class_id)) == 6)
            .then(|| BELLS.iter().map(|b| b.0).find(|n| !taken(e, *n)))
            .flatten()
    };
    let history = entries.iter().find_map(|(e, s)| {
        let movable =
            *s == "История" && e.weekday == 5 && teaching(e, day(5)) && teaching(e, day(6));
        movable.then(|| saturday_slot(e).map(|n| (e, n))).flatten()
    });
    if let Some((e, n)) = history {
        let mut c = change(e, day(5), "move");
        c.moved_to_date = Some(day(6));
        c.moved_to_lesson = Some(n);
        c.reason = Some("Экскурсия в музей".into());
        timetable::insert_change(conn, &c)?;
        changed.push((c.entry_id.clone(), c.lesson_date));
        count += 1;
    }
    let mut family_lessons: Vec<&(EntryRow, &'static str)> = entries
        .iter()
        .filter(|(e, _)| family.contains(&e.class_id) && e.group_id.is_none())
        .collect();
    family_lessons.sort_by_key(|(e, _)| {
        let class = family.iter().position(|c| *c == e.class_id);
        (class, e.weekday, e.lesson_number)
    });
    let cover = family_lessons.into_iter().find_map(|(e, subject)| {
        let d = day(i64::from(e.weekday));
        if !teaching(e, d) || changed.contains(&(e.id.clone(), d)) {
            return None;
        }
        pool(subject)
            .iter()
            .filter_map(|l| id_of(l))
            .find(|t| {
                *t != e.teacher_id
                    && !busy.contains(&(t.clone(), e.weekday, e.lesson_number))
                    && !covering.contains(&(t.clone(), e.weekday, e.lesson_number))
            })
            .map(|sub| (e, d, sub))
    });
    if let Some((e, d, sub)) = cover {
        let mut c = change(e, d, "substitution");
        c.substitute_id = Some(sub);
        c.reason = Some("Больничный".into());
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

/// Weekly lessons of one slot: a class's lesson, a stream's (all its classes), or parallel
/// subgroups' (one lesson per group, all at once).
struct Unit {
    /// The class whose id the entries record (a stream's first).
    ci: usize,
    /// The classes the slot occupies.
    classes: Vec<usize>,
    /// (teacher, assignment, group) of each lesson given in the slot.
    lessons: Vec<(String, String, Option<String>)>,
    subject: &'static str,
}

/// The groups of a school as they are planned.
struct Groups<'a, 'p> {
    ids: &'a Ids,
    school: SchoolId,
    year: &'a YearWithCalendar,
    at: NaiveDateTime,
    plan: &'p mut Plan,
}

impl Groups<'_, '_> {
    /// A group with its classes and members from the first day of the year; its id.
    fn add(
        &mut self,
        name: &str,
        kind: GroupKind,
        division: Option<&str>,
        classes: &[String],
        members: &[&Student],
    ) -> String {
        let school = self.school.to_string();
        let row = GroupRow {
            id: self.ids.id(),
            school_id: school.clone(),
            year_id: self.year.year.id.clone(),
            name: name.to_owned(),
            kind: kind.as_str().to_owned(),
            division: division.map(str::to_owned),
            created_at: self.at,
        };
        self.plan
            .group_classes
            .extend(classes.iter().map(|c| GroupClass {
                school_id: school.clone(),
                group_id: row.id.clone(),
                class_id: c.clone(),
            }));
        for st in members {
            self.plan.members.push(MemberRow {
                id: self.ids.id(),
                school_id: school.clone(),
                group_id: row.id.clone(),
                student_id: st.id.clone(),
                from_date: self.year.year.starts_on,
                to_date: None,
            });
        }
        let id = row.id.clone();
        self.plan.groups.push(row);
        id
    }
}
