//! `journal seed-region`: a synthetic region (municipality) of schools for load tests and
//! benchmarks, made by the demo's own rules — its names, families, curriculum, groups, clash-free
//! timetable and journal — with staff enough for each school's load and a whole school year of
//! kept journal up to `today`. Deterministic for a seed: the same names, ids and marks on every
//! run (timestamps aside). Each school is written in one transaction with bulk inserts (`COPY`
//! on PostgreSQL) and one audit event.

use crate::admin::system_event;
use crate::seed::{families, person, Ids, Person, Rng, SUBJECTS};
use crate::seed_journal::{self, Lesson, Page};
use crate::seed_timetable::{self, Plan, Staffing, STREAM_SUBJECT};
use anyhow::{bail, Context, Result};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use journal_db::audit::{self, AuditEvent, AuditKey};
use journal_db::bulk::{self, RoleRow};
use journal_db::diary::ConsentRow;
use journal_db::journal::JournalRows;
use journal_db::regions::{self, Region};
use journal_db::roster::{Class, Guardian, GuardianLink, StaffPosition, Student, Subject};
use journal_db::schools::{self, School};
use journal_db::structure::{self, PeriodRow, YearWithCalendar};
use journal_db::timetable::{ChangeRow, EntryRow};
use journal_db::users::User;
use journal_db::{now, write_tx, Backend, DbConnection, DbPool};
use journal_domain::calendar::{Span, WeekMode};
use journal_domain::marks::Scale;
use journal_domain::timetable::lesson_dates;
use journal_domain::{Role, SchoolId};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub name: String,
    pub schools: usize,
    pub min_students: usize,
    pub max_students: usize,
    pub seed: u64,
    pub password: String,
    /// The journal is kept up to the day before (the school year is the one holding it).
    pub today: NaiveDate,
    /// Schools written at once (PostgreSQL; SQLite writes one at a time).
    pub jobs: usize,
}

/// Students per class the sizes are planned with: the demo's 23–27 and every eighth family's
/// younger sibling.
const STUDENTS_PER_CLASS: f64 = 25.0 * 1.125;
/// A teacher's weekly load the staff is sized for (the rate is 18; most teach more).
const LOAD_PER_TEACHER: i32 = 22;
/// Marks per student and subject in a quarter (R-J2; twice as many in a half).
const MARKS_PER_QUARTER: usize = 10;
/// Of a hundred lessons held, how many a colleague covers (R-T2).
const SUBSTITUTED_PERCENT: u64 = 1;
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
const SUBSTITUTION_REASONS: &[&str] = &[
    "Больничный",
    "Курсы повышения квалификации",
    "Участие в олимпиаде с учениками",
    "Семейные обстоятельства",
];

/// What the generation wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub schools: usize,
    pub classes: usize,
    pub students: usize,
    pub guardians: usize,
    pub staff: usize,
    pub accounts: usize,
    pub entries: usize,
    pub unplaced: usize,
    pub substitutions: usize,
    pub lessons: usize,
    pub marks: usize,
    pub absences: usize,
    pub finals: usize,
    pub rows: usize,
}

impl Totals {
    fn add(&mut self, o: &Totals) {
        self.schools += o.schools;
        self.classes += o.classes;
        self.students += o.students;
        self.guardians += o.guardians;
        self.staff += o.staff;
        self.accounts += o.accounts;
        self.entries += o.entries;
        self.unplaced += o.unplaced;
        self.substitutions += o.substitutions;
        self.lessons += o.lessons;
        self.marks += o.marks;
        self.absences += o.absences;
        self.finals += o.finals;
        self.rows += o.rows;
    }
}

/// The name of school `n` of a region.
fn school_name(n: usize) -> String {
    format!("МБОУ СОШ № {n}")
}

/// Generate the region into the database. Idempotent: a region already complete is left as it
/// is, one interrupted is completed (each school is one transaction, and school `n` comes out the
/// same on every run). Refuses a database holding any school outside this region.
pub fn seed_region(
    pool: &DbPool,
    key: &AuditKey,
    opts: &Options,
    progress: &indicatif::ProgressBar,
) -> Result<String> {
    let mut conn = pool.get()?;
    let conn = &mut *conn;
    if opts.schools == 0 || opts.schools > 999 {
        bail!("--schools must be 1–999");
    }
    if opts.min_students < 100 || opts.min_students > opts.max_students {
        bail!("--min-students must be at least 100 and at most --max-students");
    }
    if opts.name.trim().is_empty() {
        bail!("--name must not be empty");
    }
    let region_id = Ids::seeded(Rng::derived(opts.seed, 0)).id();
    let region = match regions::find_by_name(conn, &opts.name)? {
        Some(r) if r.id != region_id => bail!(
            "the region «{}» in this database was generated with another seed; use another --name or an empty database",
            opts.name
        ),
        found => found,
    };
    if let Some(other) = schools::all(conn)?
        .into_iter()
        .find(|s| region.is_none() || !in_region(conn, &s.id, &region_id))
    {
        bail!(
            "this database holds the school «{}», which is not part of the generated region «{}»; the region is generated only into an empty database",
            other.name,
            opts.name
        );
    }
    let done: HashSet<String> = regions::schools_of(conn, &region_id)?
        .into_iter()
        .map(|s| s.name)
        .collect();
    if done.len() > opts.schools {
        bail!(
            "the region «{}» holds {} schools, more than --schools {}",
            opts.name,
            done.len(),
            opts.schools
        );
    }
    if done.len() == opts.schools {
        return Ok(format!(
            "The region «{}» with {} schools is already loaded; nothing to do.",
            opts.name, opts.schools
        ));
    }
    // One hash for every generated account: they share the published password anyway.
    let hash =
        journal_api::auth::passwords::hash(&opts.password).map_err(|e| anyhow::anyhow!("{e}"))?;
    if region.is_none() {
        write_tx(conn, |conn| -> Result<()> {
            regions::insert(
                conn,
                &Region {
                    id: region_id.clone(),
                    name: opts.name.clone(),
                    created_at: now(),
                },
            )?;
            let mut event = system_event(None, "region.create", "region", region_id.clone());
            event.after = Some(json!({ "name": opts.name, "seed": opts.seed, "generated": true }));
            audit::record(conn, key, &event)?;
            Ok(())
        })?;
    }
    progress.set_length(opts.schools as u64);
    progress.set_position(done.len() as u64);
    let todo: Vec<usize> = (1..=opts.schools)
        .filter(|n| !done.contains(&school_name(*n)))
        .collect();
    // Schools are independent (each its own transaction and audit chain): on PostgreSQL several
    // are written at once, one connection each; SQLite has one writer.
    let jobs = match conn.backend() {
        Backend::Sqlite => 1,
        Backend::Postgres => opts.jobs.clamp(1, 8),
    };
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(Totals::default());
    let work = |conn: &mut DbConnection| -> Result<()> {
        while let Some(&n) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
            let school = generate(opts, n, &hash);
            let written = write_tx(conn, |conn| school.insert(conn, key, &region_id, opts))
                .with_context(|| format!("writing {}", school.school.name))?;
            let mut totals = totals
                .lock()
                .map_err(|_| anyhow::anyhow!("a writer failed"))?;
            totals.add(&written);
            progress.inc(1);
            let secs = started.elapsed().as_secs_f64().max(0.001);
            progress.set_message(format!(
                "{} rows, {:.0} rows/s",
                totals.rows,
                totals.rows as f64 / secs
            ));
        }
        Ok(())
    };
    std::thread::scope(|scope| -> Result<()> {
        let helpers: Vec<_> = (1..jobs)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut own = pool.get()?;
                    work(&mut own)
                })
            })
            .collect();
        let mine = work(conn);
        for h in helpers {
            h.join()
                .map_err(|_| anyhow::anyhow!("a writer panicked"))??;
        }
        mine
    })?;
    let totals = totals
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a writer failed"))?;
    progress.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    Ok(format!(
        "Loaded the region «{}»: {} schools ({} were there), {} classes, {} students, {} guardians, {} staff, {} accounts (password `{}`; logins s001.director, s001.deputy, s001.admin, s001.secretary, …); \
         {} weekly lessons ({} not placed), {} substitutions; journal: {} lessons written, {} marks, {} absences, {} finals; \
         {} rows in {:.1} s ({:.0} rows/s).",
        opts.name,
        totals.schools,
        done.len(),
        totals.classes,
        totals.students,
        totals.guardians,
        totals.staff,
        totals.accounts,
        opts.password,
        totals.entries,
        totals.unplaced,
        totals.substitutions,
        totals.lessons,
        totals.marks,
        totals.absences,
        totals.finals,
        totals.rows,
        secs,
        totals.rows as f64 / secs.max(0.001),
    ))
}

fn in_region(conn: &mut DbConnection, school: &str, region: &str) -> bool {
    regions::schools_of(conn, region)
        .map(|list| list.iter().any(|s| s.id == school))
        .unwrap_or(false)
}

/// One generated school, all its rows in memory.
struct GeneratedSchool {
    school: School,
    number: usize,
    subjects: Vec<Subject>,
    users: Vec<User>,
    roles: Vec<RoleRow>,
    positions: Vec<StaffPosition>,
    year: YearWithCalendar,
    bell_id: String,
    classes: Vec<Class>,
    students: Vec<Student>,
    guardians: Vec<Guardian>,
    links: Vec<GuardianLink>,
    plan: Plan,
    changes: Vec<ChangeRow>,
    journal: JournalRows,
    filled: seed_journal::Filled,
    consents: Vec<ConsentRow>,
    at: NaiveDateTime,
}

/// Make school `n` of the region (no database needed: the same every time).
fn generate(opts: &Options, n: usize, hash: &str) -> GeneratedSchool {
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
        let initials: String = [&p.first, &p.middle]
            .iter()
            .filter_map(|w| w.chars().next())
            .map(|c| translit(&c.to_string()))
            .map(|t| t.chars().next().unwrap_or('x'))
            .collect();
        let base = format!("{}{}.{}", self.prefix, translit(&p.last), initials);
        let mut login = base.clone();
        let mut k = 1;
        while !self.taken.insert(login.clone()) {
            k += 1;
            login = format!("{base}{k}");
        }
        login
    }
}

/// Latin letters for a Russian word, lower-case (for logins).
fn translit(word: &str) -> String {
    let mut out = String::new();
    for c in word.to_lowercase().chars() {
        let t = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' | 'ы' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ю' => "yu",
            'я' => "ya",
            'ъ' | 'ь' => "",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(t);
    }
    out
}

/// A school's kept journal: every lesson of the year held up to the day before `today`, by the
/// demo's rules, with a mark rate that gives about [`MARKS_PER_QUARTER`]; some lessons covered by
/// a free colleague of the subject; each period that has ended closed with its finals.
struct Kept<'a> {
    school: &'a str,
    year: &'a YearWithCalendar,
    classes: &'a [Class],
    students: &'a [Student],
    plan: &'a Plan,
    pool: &'a dyn Fn(&str) -> Vec<String>,
    deputy: &'a str,
    today: NaiveDate,
    at: NaiveDateTime,
}

impl Kept<'_> {
    fn write(
        &self,
        rng: &mut Rng,
        ids: &Ids,
    ) -> (JournalRows, seed_journal::Filled, Vec<ChangeRow>) {
        let calendar = self.year.calendar();
        let mut rows = JournalRows::default();
        let mut filled = seed_journal::Filled::default();
        let mut changes = Vec::new();
        let class_of: HashMap<&str, &Class> =
            self.classes.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut entries_of: HashMap<&str, Vec<(&EntryRow, &str)>> = HashMap::new();
        for (e, subject) in &self.plan.entries {
            entries_of
                .entry(e.assignment_id.as_str())
                .or_default()
                .push((e, subject));
        }
        let mut of_class: HashMap<&str, Vec<Student>> = HashMap::new();
        for st in self.students {
            if let Some(c) = &st.class_id {
                of_class.entry(c.as_str()).or_default().push(st.clone());
            }
        }
        let by_id: HashMap<&str, &Student> =
            self.students.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut of_group: HashMap<&str, Vec<Student>> = HashMap::new();
        for m in &self.plan.members {
            if let Some(st) = by_id.get(m.student_id.as_str()) {
                of_group
                    .entry(m.group_id.as_str())
                    .or_default()
                    .push((*st).clone());
            }
        }
        // Substitutes already covering a lesson: (teacher, date, lesson number).
        let mut covering: HashSet<(String, NaiveDate, i32)> = HashSet::new();
        let yesterday = self.today - Duration::days(1);
        let no_one = |_: &str, _: NaiveDate| false;
        for a in &self.plan.assignments {
            let Some(class) = class_of.get(a.class_id.as_str()) else {
                continue;
            };
            let grade = class.grade.clamp(1, 11) as u8;
            let scale = Scale::default_for_grade(grade);
            let week = WeekMode::from_days(class.week_days.clamp(5, 6) as u8)
                .unwrap_or(WeekMode::FiveDays);
            let entries = entries_of.get(a.id.as_str()).cloned().unwrap_or_default();
            let students: &[Student] = match &a.group_id {
                Some(g) => of_group.get(g.as_str()).map_or(&[], Vec::as_slice),
                None => of_class.get(a.class_id.as_str()).map_or(&[], Vec::as_slice),
            };
            let mut topic_no = 0usize;
            let mut periods: Vec<&PeriodRow> = self
                .year
                .periods
                .iter()
                .filter(|p| (p.grade_from..=p.grade_to).contains(&class.grade))
                .filter(|p| p.starts_on <= yesterday)
                .collect();
            periods.sort_by_key(|p| p.starts_on);
            for period in periods {
                let dates = |e: &EntryRow, to: NaiveDate| {
                    lesson_dates(
                        &e.entry(),
                        Span::new(period.starts_on, to),
                        grade,
                        week,
                        &calendar,
                    )
                };
                let whole: usize = entries
                    .iter()
                    .map(|(e, _)| dates(e, period.ends_on).len())
                    .sum();
                let target = if period.kind == "half" {
                    2 * MARKS_PER_QUARTER
                } else {
                    MARKS_PER_QUARTER
                };
                let mut lessons: Vec<Lesson> = Vec::new();
                for (e, subject) in &entries {
                    for d in dates(e, period.ends_on.min(yesterday)) {
                        let mut writer = a.teacher_id.clone();
                        if rng.chance(SUBSTITUTED_PERCENT) {
                            let free = (self.pool)(subject).into_iter().find(|t| {
                                *t != e.teacher_id
                                    && !self.plan.busy.contains(&(
                                        t.clone(),
                                        e.weekday,
                                        e.lesson_number,
                                    ))
                                    && !covering.contains(&(t.clone(), d, e.lesson_number))
                            });
                            if let Some(sub) = free {
                                covering.insert((sub.clone(), d, e.lesson_number));
                                changes.push(ChangeRow {
                                    id: ids.id(),
                                    school_id: self.school.to_owned(),
                                    entry_id: e.id.clone(),
                                    lesson_date: d,
                                    kind: "substitution".into(),
                                    substitute_id: Some(sub.clone()),
                                    subject_id: None,
                                    room_id: None,
                                    moved_to_date: None,
                                    moved_to_lesson: None,
                                    reason: Some(rng.pick(SUBSTITUTION_REASONS).into()),
                                    created_by: self.deputy.to_owned(),
                                    created_at: (d - Duration::days(1))
                                        .and_hms_opt(17, 0, 0)
                                        .unwrap_or(self.at),
                                });
                                writer = sub;
                            }
                        }
                        lessons.push(Lesson {
                            entry: e.id.clone(),
                            date: d,
                            writer,
                        });
                    }
                }
                lessons.sort_by(|x, y| (x.date, &x.entry).cmp(&(y.date, &y.entry)));
                let page = Page {
                    school: self.school,
                    scale,
                    lessons: &lessons,
                    students,
                    plan: &[],
                    mark_chance: seed_journal::mark_chance_for(target, whole),
                };
                let marks = seed_journal::write_lessons(
                    rng,
                    ids,
                    &page,
                    &mut topic_no,
                    &no_one,
                    &mut rows,
                    &mut filled,
                    self.at,
                );
                // The period is over: finals from the forecast, the page closed (R-F1, R-F2).
                if period.ends_on < self.today && scale == Scale::FivePoint && !students.is_empty()
                {
                    let finals_at = period.ends_on.and_hms_opt(15, 0, 0).unwrap_or(self.at);
                    for st in students {
                        rows.finals.push(seed_journal::final_row(
                            ids,
                            self.school,
                            a,
                            period,
                            st.id.clone(),
                            Some(seed_journal::period_final(scale, marks.get(&st.id))),
                            None,
                            false,
                            period.ends_on,
                            finals_at,
                        ));
                        filled.finals += 1;
                    }
                    rows.locks.push(seed_journal::lock_row(
                        ids,
                        self.school,
                        a,
                        period,
                        "close",
                        None,
                        Some("все итоговые отметки выставлены"),
                        &a.teacher_id,
                        finals_at,
                    ));
                }
            }
        }
        (rows, filled, changes)
    }
}

impl GeneratedSchool {
    /// Store the school (inside the caller's transaction) with one audit event.
    fn insert(
        &self,
        conn: &mut DbConnection,
        key: &AuditKey,
        region: &str,
        opts: &Options,
    ) -> Result<Totals> {
        let school_id: SchoolId = self.school.id.parse()?;
        schools::insert(conn, &self.school)?;
        regions::set_region(conn, &self.school.id, region)?;
        let mut rows = 1;
        rows += bulk::insert_subjects(conn, &self.subjects)?;
        rows += bulk::insert_users(conn, &self.users)?;
        rows += bulk::insert_roles(conn, &self.roles)?;
        rows += bulk::insert_staff(conn, &self.positions)?;
        structure::insert_year(conn, &self.year)?;
        rows += 1 + self.year.periods.len() + self.year.holidays.len();
        let bells = seed_timetable::bells(school_id, &self.bell_id);
        structure::insert_bell_schedule(
            conn,
            school_id,
            &self.bell_id,
            "Основное расписание звонков",
            &bells,
            self.at,
        )?;
        rows += 1 + bells.len();
        rows += bulk::insert_classes(conn, &self.classes)?;
        rows += bulk::insert_students(conn, &self.students)?;
        rows += bulk::insert_guardians(conn, &self.guardians)?;
        rows += bulk::insert_links(conn, &self.links)?;
        rows += self.plan.insert(conn)?;
        rows += bulk::insert_changes(conn, &self.changes)?;
        rows += bulk::insert_journal(conn, &self.journal)?;
        rows += bulk::insert_consents(conn, &self.consents)?;
        let totals = Totals {
            schools: 1,
            classes: self.classes.len(),
            students: self.students.len(),
            guardians: self.guardians.len(),
            staff: self.positions.len(),
            accounts: self.users.len(),
            entries: self.plan.entries.len(),
            unplaced: self.plan.unplaced,
            substitutions: self.changes.len(),
            lessons: self.filled.lessons,
            marks: self.filled.marks,
            absences: self.filled.absences,
            finals: self.filled.finals,
            rows,
        };
        let event = AuditEvent {
            after: Some(json!({
                "region": opts.name,
                "seed": opts.seed,
                "number": self.number,
                "today": opts.today,
                "year": self.year.year.name,
                "classes": totals.classes,
                "students": totals.students,
                "guardians": totals.guardians,
                "staff": totals.staff,
                "accounts": totals.accounts,
                "timetable_entries": totals.entries,
                "substitutions": totals.substitutions,
                "journal_lessons": totals.lessons,
                "marks": totals.marks,
                "absences": totals.absences,
                "finals": totals.finals,
                "rows": rows,
            })),
            ..system_event(
                Some(school_id),
                "region.seed",
                "school",
                self.school.id.clone(),
            )
        };
        audit::record(conn, key, &event)?;
        Ok(totals)
    }
}
