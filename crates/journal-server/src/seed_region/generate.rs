//! One school of the region made in memory: its staff, classes, families, timetable and journal.

use super::kept_journal::Kept;
use super::{school_name, GeneratedSchool, Options};
use crate::seed::{families, person, Ids, Person, Rng, SUBJECTS};
use crate::seed_timetable::{self, Staffing, STREAM_SUBJECT};
use chrono::Datelike;
use journal_db::bulk::RoleRow;
use journal_db::now;
use journal_db::roster::{Class, StaffPosition, Subject};
use journal_db::schools::School;
use journal_db::users::User;
use journal_domain::logins::login_base;
use journal_domain::{Role, SchoolId};
use std::collections::{HashMap, HashSet};

/// Students per class the sizes are planned with: the demo's 23–27 and every eighth family's
/// younger sibling.
const STUDENTS_PER_CLASS: f64 = 25.0 * 1.125;
/// A teacher's weekly load the staff is sized for (the rate is 18; most teach more).
const LOAD_PER_TEACHER: i32 = 22;
const LETTERS: &[&str] = &["А", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "К", "Л", "М"];

/// Subject teachers by position, with the subjects their pool teaches (the demo's pools).
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "Учитель русского языка и литературы",
        &["Русский язык", "Литература"],
    ),
    (
        "Учитель математики",
        &[
            "Математика",
            "Алгебра",
            "Геометрия",
            "Вероятность и статистика",
        ],
    ),
    ("Учитель английского языка", &["Английский язык"]),
    ("Учитель физической культуры", &["Физическая культура"]),
    ("Учитель музыки", &["Музыка"]),
    (
        "Учитель изобразительного искусства и труда",
        &["Изобразительное искусство", "Труд (технология)"],
    ),
    ("Учитель информатики", &["Информатика"]),
    (
        "Учитель истории и обществознания",
        &["История", "Обществознание"],
    ),
    ("Учитель географии", &["География"]),
    ("Учитель биологии", &["Биология"]),
    ("Учитель физики", &["Физика", STREAM_SUBJECT]),
    ("Учитель химии", &["Химия", STREAM_SUBJECT]),
    (
        "Преподаватель-организатор ОБЗР",
        &["Основы безопасности и защиты Родины"],
    ),
];
const PRIMARY_TEACHER: &str = "Учитель начальных классов";
/// The administration: login word, position, roles.
const OFFICE: &[(&str, &str, &[Role])] = &[
    ("director", "Директор", &[Role::Director, Role::Teacher]),
    (
        "deputy",
        "Заместитель директора по учебно-воспитательной работе",
        &[Role::Deputy, Role::Teacher],
    ),
    ("admin", "Системный администратор", &[Role::Admin]),
    ("secretary", "Секретарь учебной части", &[Role::Secretary]),
];

/// Make school `n` of the region (no database needed: the same every time).
pub(super) fn generate(opts: &Options, n: usize, hash: &str) -> GeneratedSchool {
    let mut rng = Rng::derived(opts.seed, n as u64);
    let ids = Ids::seeded(Rng::derived(
        opts.seed ^ 0x1D5_u64.rotate_left(40),
        n as u64,
    ));
    let at = now();
    let school_id = SchoolId(ids.uuid());
    let s = school_id.to_string();
    let school = School {
        id: s.clone(),
        name: school_name(n),
        short_name: Some(format!("СОШ № {n}")),
        timezone: crate::seed::DEMO_TIMEZONE.name().into(),
        is_demo: false,
        max_control_works_per_day: 1,
        created_at: at,
    };
    let subjects: Vec<Subject> = SUBJECTS
        .iter()
        .map(|(name, short)| Subject {
            id: ids.id(),
            school_id: s.clone(),
            name: (*name).into(),
            short_name: (*short).into(),
        })
        .collect();
    let year = seed_timetable::current_year(&ids, school_id, opts.today, at);
    let bell_id = ids.id();

    // Classes: about 28 students each (with the younger siblings), more parallels in the lower
    // grades when the count does not divide by eleven.
    let span = opts.max_students - opts.min_students;
    let target = opts.min_students + rng.below(span + 1);
    let count = ((target as f64 / STUDENTS_PER_CLASS).round() as usize).max(11);
    let mut classes: Vec<Class> = Vec::new();
    for grade in 1..=11 {
        let parallels = count / 11 + usize::from((grade as usize) <= count % 11);
        for letter in LETTERS.iter().take(parallels.min(LETTERS.len())) {
            classes.push(Class {
                id: ids.id(),
                school_id: s.clone(),
                grade,
                letter: (*letter).into(),
                class_teacher_id: None,
                created_at: at,
                year_id: Some(year.year.id.clone()),
                week_days: seed_timetable::week_days(grade),
                bell_schedule_id: Some(bell_id.clone()),
            });
        }
    }

    let mut logins = Logins::new(n);
    let mut users: Vec<User> = Vec::new();
    let mut roles: Vec<RoleRow> = Vec::new();
    let mut positions: Vec<StaffPosition> = Vec::new();
    let mut account = |p: &Person, login: String, granted: &[Role]| -> String {
        let id = ids.id();
        users.push(User {
            id: id.clone(),
            login,
            password_hash: hash.to_owned(),
            password_state: "permanent".into(),
            password_expires_at: None,
            last_name: p.last.clone(),
            first_name: p.first.clone(),
            middle_name: Some(p.middle.clone()),
            not_before: at,
            created_at: at,
            last_login_at: None,
            previous_login_at: None,
        });
        roles.extend(granted.iter().map(|r| RoleRow {
            school_id: s.clone(),
            user_id: id.clone(),
            role: r.as_str().into(),
            created_at: at,
        }));
        id
    };
    let mut hire = |rng: &mut Rng, login: Option<&str>, position: &str, granted: &[Role]| {
        let male = rng.chance(20);
        let p = person(rng, None, male);
        let login = match login {
            Some(word) => logins.fixed(word),
            None => logins.of(&p),
        };
        let id = account(&p, login, granted);
        positions.push(StaffPosition {
            school_id: s.clone(),
            user_id: id.clone(),
            position: position.into(),
        });
        id
    };
    let mut office = Vec::new();
    for (word, position, granted) in OFFICE {
        office.push(hire(&mut rng, Some(word), position, granted));
    }
    // A primary teacher leads each class of 1–4; subject teachers lead 5–11 in turn.
    for class in classes.iter_mut().filter(|c| c.grade <= 4) {
        class.class_teacher_id = Some(hire(&mut rng, None, PRIMARY_TEACHER, &[Role::Teacher]));
    }
    let load = family_loads(&classes);
    let mut pools: HashMap<&str, Vec<String>> = HashMap::new();
    let mut subject_teachers = Vec::new();
    for (fi, (position, taught)) in FAMILIES.iter().enumerate() {
        let needed = (load[fi] + LOAD_PER_TEACHER - 1) / LOAD_PER_TEACHER;
        // Two English teachers at least: the subgroups of a class learn at once.
        let least = if taught.contains(&"Английский язык") {
            2
        } else {
            1
        };
        for _ in 0..needed.max(least) {
            let t = hire(&mut rng, None, position, &[Role::Teacher]);
            for subject in *taught {
                pools.entry(subject).or_default().push(t.clone());
            }
            subject_teachers.push(t);
        }
    }
    // Leaders from every family in turn, so a class teacher is rarely the only one of a subject.
    for (class, teacher) in classes
        .iter_mut()
        .filter(|c| c.grade >= 5)
        .zip(subject_teachers.iter())
    {
        class.class_teacher_id = Some(teacher.clone());
    }
    let staff_count = positions.len();

    let first_grade_born = year.year.starts_on.year() - 8;
    let (mut students, mut guardians, links) =
        families(&mut rng, &ids, &s, &classes, first_grade_born, at);
    // R-A3: students get their own account from 14.
    for st in students.iter_mut() {
        if opts.today.years_since(st.birth_date).unwrap_or(0) >= 14 {
            let p = Person {
                last: st.last_name.clone(),
                first: st.first_name.clone(),
                middle: st.middle_name.clone().unwrap_or_default(),
            };
            let login = logins.of(&p);
            st.user_id = Some(account(&p, login, &[Role::Student]));
        }
    }
    for g in guardians.iter_mut() {
        let p = Person {
            last: g.last_name.clone(),
            first: g.first_name.clone(),
            middle: g.middle_name.clone().unwrap_or_default(),
        };
        let login = logins.of(&p);
        g.user_id = Some(account(&p, login, &[Role::Guardian]));
    }

    let staff_users: Vec<User> = users[..staff_count].to_vec();
    let pool = |subject: &str| -> Vec<String> {
        pools
            .get(subject)
            .or_else(|| pools.get("Основы безопасности и защиты Родины"))
            .cloned()
            .unwrap_or_default()
    };
    let gyms = ["Спортзал", "Малый спортзал"];
    let pe: Vec<&String> = pools
        .get("Физическая культура")
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let room_name = |i: usize, u: &User| match pe.iter().position(|t| **t == u.id) {
        Some(k) if k < gyms.len() => gyms[k].to_owned(),
        Some(k) => format!("Спортзал {}", k + 1),
        None => format!("Каб. {}", 101 + i),
    };
    let staffing = Staffing {
        pool: &pool,
        room_name: &room_name,
        individual_plan_class: None,
        lesson_plan: &|_, _| None,
    };
    let plan = seed_timetable::plan(
        &ids,
        school_id,
        &year,
        &classes,
        &students,
        &staff_users,
        &subjects,
        &staffing,
        at,
    );
    let deputy = office.get(1).cloned().unwrap_or_default();
    let secretary = office.get(3).cloned().unwrap_or_default();
    let kept = Kept {
        school: &s,
        year: &year,
        classes: &classes,
        students: &students,
        plan: &plan,
        pool: &pool,
        deputy: &deputy,
        today: opts.today,
        at,
    };
    let (journal, filled, changes) = kept.write(&mut rng, &ids);
    let consents = crate::seed_diary::consents(
        &ids,
        &s,
        &guardians,
        &secretary,
        None,
        year.year.starts_on,
        at,
    );
    GeneratedSchool {
        school,
        number: n,
        subjects,
        users,
        roles,
        positions,
        year,
        bell_id,
        classes,
        students,
        guardians,
        links,
        plan,
        changes,
        journal,
        filled,
        consents,
        at,
    }
}

/// Weekly hours each teacher family (by [`FAMILIES`] index) gives in a school with `classes`.
fn family_loads(classes: &[Class]) -> Vec<i32> {
    let family = |subject: &str| FAMILIES.iter().position(|(_, s)| s.contains(&subject));
    let mut load = vec![0; FAMILIES.len()];
    let tenth = classes.iter().filter(|c| c.grade == 10).count();
    for class in classes {
        for (subject, hours) in seed_timetable::curriculum(class.grade) {
            if class.grade <= 4 && seed_timetable::PRIMARY_OWN.contains(&subject) {
                continue;
            }
            let hours = if subject == STREAM_SUBJECT {
                if tenth < 2 || class.grade != 10 {
                    continue;
                }
                // One stream lesson for all the 10th classes: counted once, for the first.
                if classes.iter().find(|c| c.grade == 10).map(|c| &c.id) != Some(&class.id) {
                    continue;
                }
                hours
            } else if class.grade >= 5 && seed_timetable::SPLIT.iter().any(|(s, _)| *s == subject) {
                hours * 2
            } else {
                hours
            };
            if let Some(f) = family(subject) {
                load[f] += hours;
            }
        }
    }
    load
}

/// Logins of one school: `s017.` and the transliterated surname with initials, numbered when
/// taken (unique across the region by the school's number).
struct Logins {
    prefix: String,
    taken: HashSet<String>,
}

impl Logins {
    fn new(school: usize) -> Self {
        Self {
            prefix: format!("s{school:03}."),
            taken: HashSet::new(),
        }
    }

    fn fixed(&mut self, word: &str) -> String {
        let login = format!("{}{word}", self.prefix);
        self.taken.insert(login.clone());
        login
    }

    fn of(&mut self, p: &Person) -> String {
        let base = format!(
            "{}{}",
            self.prefix,
            login_base(&p.last, &p.first, Some(&p.middle))
        );
        let mut login = base.clone();
        let mut k = 1;
        while !self.taken.insert(login.clone()) {
            k += 1;
            login = format!("{base}{k}");
        }
        login
    }
}
