//! The demo school «МАОУ СОШ № 1»: classes 1А–11Б of about 25 students each with Russian names,
//! teachers of the usual subjects, the administration, class teachers, guardians linked to their
//! children (some with two). Deterministic: the same data on every machine.

use crate::admin::system_event;
use crate::seed_timetable;
use anyhow::{bail, Result};
use chrono::{Duration, NaiveDate};
use journal_api::accounts::{self, FirstPassword, NewAccount};
use journal_api::auth::passwords;
use journal_db::audit::{self, AuditKey};
use journal_db::roster::{self, Class, Guardian, GuardianLink, StaffPosition, Student, Subject};
use journal_db::schools::{self, School};
use journal_db::structure;
use journal_db::users::User;
use journal_db::{now, write_tx, DbConnection};
use journal_domain::{Role, SchoolId};
use serde_json::json;

pub const DEMO_SCHOOL: &str = "МАОУ СОШ № 1";
/// The demo school's region (R-A9): its account `region` reads the school's aggregated figures.
pub const DEMO_REGION: &str = "Демонстрационный муниципальный округ";
pub const DEMO_PASSWORD: &str = "journal-demo";
/// The demo school's time zone.
pub const DEMO_TIMEZONE: chrono_tz::Tz = chrono_tz::Europe::Moscow;

/// Today in the demo school's time zone.
pub fn demo_today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&DEMO_TIMEZONE)
        .date_naive()
}

/// A small deterministic generator (xorshift64*): the demo must not differ between runs.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// A generator of its own for the `n`-th part of a seeded whole (splitmix64 of both, never
    /// the all-zero state xorshift cannot leave).
    pub(crate) fn derived(seed: u64, n: u64) -> Self {
        let mut z = seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Self((z ^ (z >> 31)) | 1)
    }
}

/// Where generated rows get their ids: random ones (the demo) or the same on every run from a
/// seeded generator (a generated region).
pub(crate) struct Ids(Option<std::cell::Cell<u64>>);

impl Ids {
    pub(crate) fn random() -> Self {
        Self(None)
    }

    pub(crate) fn seeded(rng: Rng) -> Self {
        Self(Some(std::cell::Cell::new(rng.0)))
    }

    /// A version-4 UUID.
    pub(crate) fn uuid(&self) -> uuid::Uuid {
        match &self.0 {
            None => uuid::Uuid::new_v4(),
            Some(state) => {
                let mut rng = Rng(state.get());
                let (a, b) = (rng.next(), rng.next());
                state.set(rng.0);
                let bytes = ((u128::from(a) << 64) | u128::from(b)).to_be_bytes();
                uuid::Builder::from_random_bytes(bytes).into_uuid()
            }
        }
    }

    pub(crate) fn id(&self) -> String {
        self.uuid().to_string()
    }
}

pub(crate) const MALE_NAMES: &[&str] = &[
    "Александр",
    "Алексей",
    "Андрей",
    "Артём",
    "Богдан",
    "Василий",
    "Виктор",
    "Владимир",
    "Глеб",
    "Даниил",
    "Денис",
    "Дмитрий",
    "Егор",
    "Иван",
    "Илья",
    "Кирилл",
    "Константин",
    "Лев",
    "Макар",
    "Максим",
    "Марк",
    "Матвей",
    "Михаил",
    "Никита",
    "Николай",
    "Павел",
    "Роман",
    "Сергей",
    "Степан",
    "Тимофей",
    "Фёдор",
    "Ярослав",
];
pub(crate) const FEMALE_NAMES: &[&str] = &[
    "Алиса",
    "Алёна",
    "Анастасия",
    "Анна",
    "Арина",
    "Валерия",
    "Варвара",
    "Вера",
    "Виктория",
    "Дарья",
    "Ева",
    "Екатерина",
    "Елизавета",
    "Ксения",
    "Любовь",
    "Маргарита",
    "Марина",
    "Мария",
    "Милана",
    "Надежда",
    "Наталья",
    "Ольга",
    "Полина",
    "Светлана",
    "София",
    "Таисия",
    "Татьяна",
    "Ульяна",
    "Юлия",
    "Яна",
];
/// Fathers' names with the patronymic forms (male, female).
pub(crate) const PATRONYMICS: &[(&str, &str, &str)] = &[
    ("Александр", "Александрович", "Александровна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Константин", "Константинович", "Константиновна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"),
    ("Роман", "Романович", "Романовна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
];
/// Surnames (male form, female form).
pub(crate) const SURNAMES: &[(&str, &str)] = &[
    ("Иванов", "Иванова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Васильев", "Васильева"),
    ("Петров", "Петрова"),
    ("Соколов", "Соколова"),
    ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"),
    ("Лебедев", "Лебедева"),
    ("Семёнов", "Семёнова"),
    ("Егоров", "Егорова"),
    ("Павлов", "Павлова"),
    ("Козлов", "Козлова"),
    ("Степанов", "Степанова"),
    ("Николаев", "Николаева"),
    ("Орлов", "Орлова"),
    ("Андреев", "Андреева"),
    ("Макаров", "Макарова"),
    ("Никитин", "Никитина"),
    ("Захаров", "Захарова"),
    ("Зайцев", "Зайцева"),
    ("Соловьёв", "Соловьёва"),
    ("Борисов", "Борисова"),
    ("Яковлев", "Яковлева"),
    ("Григорьев", "Григорьева"),
    ("Романов", "Романова"),
    ("Воробьёв", "Воробьёва"),
    ("Сергеев", "Сергеева"),
    ("Кузьмин", "Кузьмина"),
    ("Фролов", "Фролова"),
    ("Александров", "Александрова"),
    ("Дмитриев", "Дмитриева"),
    ("Королёв", "Королёва"),
    ("Гусев", "Гусева"),
    ("Киселёв", "Киселёва"),
    ("Ильин", "Ильина"),
    ("Максимов", "Максимова"),
    ("Поляков", "Полякова"),
    ("Сорокин", "Сорокина"),
    ("Виноградов", "Виноградова"),
    ("Ковалёв", "Ковалёва"),
    ("Белов", "Белова"),
    ("Медведев", "Медведева"),
    ("Антонов", "Антонова"),
    ("Тарасов", "Тарасова"),
    ("Жуков", "Жукова"),
    ("Баранов", "Баранова"),
    ("Филиппов", "Филиппова"),
    ("Комаров", "Комарова"),
    ("Давыдов", "Давыдова"),
    ("Беляев", "Беляева"),
    ("Герасимов", "Герасимова"),
    ("Богданов", "Богданова"),
    ("Осипов", "Осипова"),
    ("Ёлкин", "Ёлкина"),
    ("Ершов", "Ершова"),
    ("Яшин", "Яшина"),
    ("Щербаков", "Щербакова"),
    ("Чернов", "Чернова"),
];

pub(crate) const SUBJECTS: &[(&str, &str)] = &[
    ("Русский язык", "Рус. яз."),
    ("Литературное чтение", "Лит. чт."),
    ("Литература", "Лит-ра"),
    ("Математика", "Мат."),
    ("Алгебра", "Алг."),
    ("Геометрия", "Геом."),
    ("Вероятность и статистика", "Вер. и стат."),
    ("Информатика", "Инф."),
    ("Окружающий мир", "Окр. мир"),
    ("История", "Ист."),
    ("Обществознание", "Общ."),
    ("География", "Геогр."),
    ("Биология", "Биол."),
    ("Физика", "Физ."),
    ("Химия", "Хим."),
    ("Английский язык", "Англ. яз."),
    ("Музыка", "Муз."),
    ("Изобразительное искусство", "ИЗО"),
    ("Труд (технология)", "Труд"),
    ("Физическая культура", "Физ-ра"),
    ("Основы безопасности и защиты Родины", "ОБЗР"),
    (seed_timetable::STREAM_SUBJECT, "Инд. проект"),
];

/// A staff member of the demo school.
struct StaffSeed {
    login: &'static str,
    last: &'static str,
    first: &'static str,
    middle: &'static str,
    position: &'static str,
    roles: &'static [Role],
}

const fn staff(
    login: &'static str,
    last: &'static str,
    first: &'static str,
    middle: &'static str,
    position: &'static str,
    roles: &'static [Role],
) -> StaffSeed {
    StaffSeed {
        login,
        last,
        first,
        middle,
        position,
        roles,
    }
}

const T: &[Role] = &[Role::Teacher];

/// The fixed demo accounts come first; `teacher` leads 7А.
#[rustfmt::skip]
const STAFF: &[StaffSeed] = &[
    staff("director", "Смирнова", "Ольга", "Викторовна", "Директор", &[Role::Director, Role::Teacher]),
    staff("deputy", "Кузнецов", "Андрей", "Павлович", "Заместитель директора по учебно-воспитательной работе", &[Role::Deputy, Role::Teacher]),
    staff("admin", "Орлов", "Денис", "Игоревич", "Системный администратор", &[Role::Admin]),
    staff("secretary", "Белова", "Ирина", "Сергеевна", "Секретарь учебной части", &[Role::Secretary]),
    staff("teacher", "Иванова", "Мария", "Петровна", "Учитель математики", T),
    staff("sokolova.nv", "Соколова", "Наталья", "Владимировна", "Учитель начальных классов", T),
    staff("petrova.ea", "Петрова", "Елена", "Александровна", "Учитель начальных классов", T),
    staff("vasilyeva.ti", "Васильева", "Татьяна", "Ивановна", "Учитель начальных классов", T),
    staff("morozova.sn", "Морозова", "Светлана", "Николаевна", "Учитель начальных классов", T),
    staff("lebedeva.ov", "Лебедева", "Оксана", "Викторовна", "Учитель начальных классов", T),
    staff("novikova.ay", "Новикова", "Анна", "Юрьевна", "Учитель начальных классов", T),
    staff("egorova.lm", "Егорова", "Людмила", "Михайловна", "Учитель начальных классов", T),
    staff("fedorova.gk", "Фёдорова", "Галина", "Константиновна", "Учитель начальных классов", T),
    staff("volkova.id", "Волкова", "Ирина", "Дмитриевна", "Учитель русского языка и литературы", T),
    staff("alekseeva.ms", "Алексеева", "Марина", "Сергеевна", "Учитель русского языка и литературы", T),
    staff("stepanova.yo", "Степанова", "Юлия", "Олеговна", "Учитель русского языка и литературы", T),
    staff("komarova.sv", "Комарова", "Светлана", "Васильевна", "Учитель русского языка и литературы", T),
    staff("kozlov.vn", "Козлов", "Виктор", "Николаевич", "Учитель математики", T),
    staff("nikolaeva.ea", "Николаева", "Екатерина", "Андреевна", "Учитель математики", T),
    staff("tarasova.ig", "Тарасова", "Инна", "Геннадьевна", "Учитель математики", T),
    staff("makarov.is", "Макаров", "Игорь", "Сергеевич", "Учитель информатики", T),
    staff("zakharova.lp", "Захарова", "Лариса", "Павловна", "Учитель истории и обществознания", T),
    staff("andreev.mr", "Андреев", "Михаил", "Романович", "Учитель истории и обществознания", T),
    staff("zaytseva.nf", "Зайцева", "Нина", "Фёдоровна", "Учитель географии", T),
    staff("borisova.vi", "Борисова", "Вера", "Игоревна", "Учитель биологии", T),
    staff("yakovlev.ad", "Яковлев", "Алексей", "Дмитриевич", "Учитель физики", T),
    staff("grigoryeva.om", "Григорьева", "Ольга", "Михайловна", "Учитель химии", T),
    staff("romanova.ka", "Романова", "Ксения", "Алексеевна", "Учитель английского языка", T),
    staff("sergeeva.dv", "Сергеева", "Дарья", "Владимировна", "Учитель английского языка", T),
    staff("titova.ln", "Титова", "Лилия", "Николаевна", "Учитель английского языка", T),
    staff("kuzmin.pe", "Кузьмин", "Павел", "Евгеньевич", "Учитель физической культуры", T),
    staff("osipov.ag", "Осипов", "Артём", "Григорьевич", "Учитель физической культуры", T),
    staff("frolova.ai", "Фролова", "Алла", "Ивановна", "Учитель музыки", T),
    staff("gusev.yk", "Гусев", "Юрий", "Константинович", "Учитель изобразительного искусства и труда", T),
    staff("ilyin.so", "Ильин", "Сергей", "Олегович", "Преподаватель-организатор ОБЗР", T),
    staff("polyakova.ev", "Полякова", "Евгения", "Викторовна", "Педагог-психолог", T),
    staff("medvedeva.ok", "Медведева", "Ольга", "Кирилловна", "Учитель английского языка", T),
    staff("belyaev.an", "Беляев", "Антон", "Николаевич", "Учитель информатики", T),
];

/// Class teachers by class name: primary teachers lead 1–4, subject teachers 5–11.
#[rustfmt::skip]
const CLASS_TEACHERS: &[(&str, &str)] = &[
    ("1А", "sokolova.nv"), ("1Б", "petrova.ea"), ("2А", "vasilyeva.ti"), ("2Б", "morozova.sn"),
    ("3А", "lebedeva.ov"), ("3Б", "novikova.ay"), ("4А", "egorova.lm"), ("4Б", "fedorova.gk"),
    ("5А", "volkova.id"), ("5Б", "romanova.ka"), ("6А", "alekseeva.ms"), ("6Б", "zaytseva.nf"),
    ("7А", "teacher"), ("7Б", "kozlov.vn"), ("8А", "stepanova.yo"), ("8Б", "borisova.vi"),
    ("9А", "zakharova.lp"), ("9Б", "nikolaeva.ea"), ("10А", "yakovlev.ad"), ("10Б", "grigoryeva.om"),
    ("11А", "andreev.mr"), ("11Б", "makarov.is"),
];

/// Whether the database holds the demo school already, or something else.
enum Existing {
    Empty,
    Demo,
    Other(String),
}

fn existing(conn: &mut DbConnection) -> Result<Existing> {
    let all = schools::all(conn)?;
    if let Some(other) = all.iter().find(|s| !s.is_demo) {
        return Ok(Existing::Other(other.name.clone()));
    }
    Ok(if all.is_empty() {
        Existing::Empty
    } else {
        Existing::Demo
    })
}

/// Whether the database holds any school that is not the demo.
pub fn holds_other_schools(conn: &mut DbConnection) -> Result<bool> {
    Ok(matches!(existing(conn)?, Existing::Other(_)))
}

/// A seeded person.
pub(crate) struct Person {
    pub(crate) last: String,
    pub(crate) first: String,
    pub(crate) middle: String,
}

pub(crate) fn person(rng: &mut Rng, surname: Option<(&str, &str)>, male: bool) -> Person {
    let (m, f) = surname.unwrap_or_else(|| SURNAMES[rng.below(SURNAMES.len())]);
    let (_, pm, pf) = PATRONYMICS[rng.below(PATRONYMICS.len())];
    Person {
        last: if male { m } else { f }.to_owned(),
        first: rng
            .pick(if male { MALE_NAMES } else { FEMALE_NAMES })
            .to_owned(),
        middle: if male { pm } else { pf }.to_owned(),
    }
}

/// Load the demo school as it stands on `today` (its year holds that date; its journal is kept up
/// to it). Idempotent: a database that already holds it is left as it is. Refuses a database that
/// holds any other school.
pub fn seed_demo(conn: &mut DbConnection, key: &AuditKey, today: NaiveDate) -> Result<String> {
    match existing(conn)? {
        Existing::Demo => return Ok(format!("The demo school «{DEMO_SCHOOL}» is already loaded; nothing to do.")),
        Existing::Other(name) => bail!(
            "this database holds the school «{name}», which is not demo data; the demo is loaded only into an empty database"
        ),
        Existing::Empty => {}
    }
    // One hash for every demo account: they share the published password anyway.
    let demo_hash = passwords::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let summary = write_tx(conn, |conn| -> Result<String> {
        let school = SchoolId::new();
        let at = now();
        schools::insert(
            conn,
            &School {
                id: school.to_string(),
                name: DEMO_SCHOOL.into(),
                short_name: Some("СОШ № 1".into()),
                timezone: DEMO_TIMEZONE.name().into(),
                is_demo: true,
                max_control_works_per_day: 1,
                created_at: at,
            },
        )?;
        let mut event = system_event(Some(school), "school.create", "school", school.to_string());
        event.after = Some(json!({ "name": DEMO_SCHOOL, "demo": true }));
        audit::record(conn, key, &event)?;

        let s = school.to_string();
        let subjects: Vec<Subject> = SUBJECTS
            .iter()
            .map(|(name, short)| Subject {
                id: uuid::Uuid::new_v4().to_string(),
                school_id: s.clone(),
                name: (*name).into(),
                short_name: (*short).into(),
            })
            .collect();
        roster::insert_subjects(conn, &subjects)?;

        let mut staff_users: Vec<User> = Vec::new();
        let mut positions = Vec::new();
        for st in STAFF {
            let account = NewAccount {
                login: st.login.into(),
                last_name: st.last.into(),
                first_name: st.first.into(),
                middle_name: Some(st.middle.into()),
                roles: st.roles.to_vec(),
            };
            let user = create_account(conn, key, school, &account, &demo_hash)?;
            positions.push(StaffPosition {
                school_id: s.clone(),
                user_id: user.id.clone(),
                position: st.position.into(),
            });
            staff_users.push(user);
        }
        roster::insert_staff(conn, &positions)?;
        // The municipality the school belongs to, and its specialist who reads its figures.
        let region = crate::regions::insert(conn, key, DEMO_REGION, Some(json!({ "demo": true })))?;
        crate::regions::put_school(conn, key, &region, school)?;
        crate::regions::add_account(
            conn,
            key,
            &region,
            &crate::regions::Person {
                login: "region",
                last_name: "Соколова",
                first_name: "Марина",
                middle_name: Some("Игоревна"),
            },
            false,
            Some(&demo_hash),
        )?;

        let staff_id = |login: &str| {
            staff_users
                .iter()
                .find(|u| u.login == login)
                .map(|u| u.id.clone())
        };
        let year = seed_timetable::current_year(&Ids::random(), school, today, at);
        structure::insert_year(conn, &year)?;
        let bell_id = uuid::Uuid::new_v4().to_string();
        structure::insert_bell_schedule(
            conn,
            school,
            &bell_id,
            "Основное расписание звонков",
            &seed_timetable::bells(school, &bell_id),
            at,
        )?;
        let classes: Vec<Class> = CLASS_TEACHERS
            .iter()
            .map(|(name, teacher)| {
                let (grade, letter) = name.split_at(name.len() - "А".len());
                Class {
                    id: uuid::Uuid::new_v4().to_string(),
                    school_id: s.clone(),
                    grade: grade.parse().unwrap_or(1),
                    letter: letter.into(),
                    class_teacher_id: staff_id(teacher),
                    created_at: at,
                    year_id: Some(year.year.id.clone()),
                    week_days: seed_timetable::week_days(grade.parse().unwrap_or(1)),
                    bell_schedule_id: Some(bell_id.clone()),
                }
            })
            .collect();
        roster::insert_classes(conn, &classes)?;

        let (students, guardians, links) = families(
            &mut Rng(0x5EED_2025_0901_0001),
            &Ids::random(),
            &s,
            &classes,
            2017,
            at,
        );
        roster::insert_students(conn, &students)?;
        roster::insert_guardians(conn, &guardians)?;
        roster::insert_links(conn, &links)?;

        // The classes of the `parent` account's children: their diary shows this week's
        // substitution, marks and homework whatever the weekday.
        // The oldest child's class first: first graders get no marks, so the substitution goes
        // where the marks are.
        let children: Vec<String> = demo_family(&guardians, &links, &students)
            .map(|(_, children)| children.iter().map(|c| c.id.clone()).collect())
            .unwrap_or_default();
        let mut family: Vec<String> = students
            .iter()
            .filter(|s| children.contains(&s.id))
            .filter_map(|s| s.class_id.clone())
            .collect();
        family.sort_by_key(|id| {
            std::cmp::Reverse(classes.iter().find(|c| c.id == *id).map_or(0, |c| c.grade))
        });
        let filled = seed_timetable::fill(
            conn,
            school,
            &year,
            &classes,
            &students,
            &staff_users,
            &subjects,
            &family,
            today,
            at,
        )?;
        let journal = crate::seed_journal::fill(
            conn,
            school,
            &year,
            &classes,
            &staff_users,
            &family,
            &children,
            today,
            at,
        )?;
        let (parent, student, mother) = family_accounts(
            conn, key, school, &demo_hash, &classes, &students, &guardians, &links,
        )?;
        let (consents, acknowledgements) = crate::seed_diary::fill(
            conn,
            &s,
            &guardians,
            &links,
            &staff_id("secretary").unwrap_or_default(),
            &mother,
            year.year.starts_on,
            today,
            at,
        )?;
        let threads = crate::seed_messages::fill(conn, school, &classes, today, at)?;
        let mut event = system_event(Some(school), "demo.seed", "school", s.clone());
        event.after = Some(json!({
            "subjects": subjects.len(),
            "staff": staff_users.len(),
            "classes": classes.len(),
            "students": students.len(),
            "guardians": guardians.len(),
            "year": year.year.name,
            "assignments": filled.assignments,
            "groups": filled.groups,
            "timetable_entries": filled.entries,
            "lesson_changes": filled.changes,
            "journal_lessons": journal.lessons,
            "marks": journal.marks,
            "absences": journal.absences,
            "finals": journal.finals,
            "parent_children": parent,
            "consents": consents,
            "acknowledgements": acknowledgements,
            "student": student,
            "message_threads": threads,
        }));
        audit::record(conn, key, &event)?;
        Ok(format!(
            "Loaded the demo school «{DEMO_SCHOOL}»: year {}, {} classes, {} students, {} guardians, {} staff; \
             {} groups, {} teaching assignments, {} weekly lessons ({} not placed), {} changes this week; \
             journal: {} lessons written, {} marks, {} absences, {} finals.\n\
             Demo accounts (password `{DEMO_PASSWORD}`): admin, director, deputy, secretary, teacher (class teacher of 7А), \
             parent ({parent}), student ({student}); region (the municipality «{DEMO_REGION}»).",
            year.year.name,
            classes.len(),
            students.len(),
            guardians.len(),
            staff_users.len(),
            filled.groups,
            filled.assignments,
            filled.entries,
            filled.unplaced,
            filled.changes,
            journal.lessons,
            journal.marks,
            journal.absences,
            journal.finals,
        ))
    })?;
    Ok(summary)
}

fn create_account(
    conn: &mut DbConnection,
    key: &AuditKey,
    school: SchoolId,
    account: &NewAccount,
    hash: &str,
) -> Result<User> {
    let (user, _) = accounts::create(
        conn,
        school,
        account,
        FirstPassword::Permanent(hash.to_owned()),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut event = system_event(Some(school), "user.create", "user", user.id.clone());
    event.after = Some(json!({ "login": user.login, "roles": account.roles, "demo": true }));
    audit::record(conn, key, &event)?;
    Ok(user)
}

/// Students of every class (23–27 each) with their mothers and (mostly) fathers; every eighth
/// family has a second child in a younger class. First-graders were born from September of
/// `first_grade_born` to August of the next year.
pub(crate) fn families(
    rng: &mut Rng,
    ids: &Ids,
    school: &str,
    classes: &[Class],
    first_grade_born: i32,
    at: chrono::NaiveDateTime,
) -> (Vec<Student>, Vec<Guardian>, Vec<GuardianLink>) {
    let mut students = Vec::new();
    let mut guardians: Vec<Guardian> = Vec::new();
    let mut links = Vec::new();
    let guardian = |rng: &mut Rng, p: &Person| Guardian {
        id: ids.id(),
        school_id: school.to_owned(),
        user_id: None,
        last_name: p.last.clone(),
        first_name: p.first.clone(),
        middle_name: Some(p.middle.clone()),
        phone: Some(format!(
            "+7 9{:02} {:03}-{:02}-{:02}",
            rng.below(100),
            rng.below(1000),
            rng.below(100),
            rng.below(100)
        )),
        email: None,
        created_at: at,
    };
    for class in classes {
        let size = 23 + rng.below(5);
        for _ in 0..size {
            let family = SURNAMES[rng.below(SURNAMES.len())];
            let male = rng.chance(50);
            let child = person(rng, Some(family), male);
            let student = new_student(rng, ids, school, class, &child, first_grade_born, at);
            let mother = person(rng, Some(family), false);
            let mother = guardian(rng, &mother);
            links.push(link(school, &student.id, &mother.id, "mother"));
            if rng.chance(60) {
                let father = person(rng, Some(family), true);
                let father = guardian(rng, &father);
                links.push(link(school, &student.id, &father.id, "father"));
                guardians.push(father);
            }
            guardians.push(mother);
            students.push(student);
        }
    }
    // Second children: a younger sibling in another class joins an existing family.
    let family_count = students.len();
    for i in (0..family_count).step_by(8) {
        let elder = students[i].clone();
        let Some(elder_class) = classes
            .iter()
            .find(|c| Some(&c.id) == elder.class_id.as_ref())
        else {
            continue;
        };
        let younger: Vec<&Class> = classes
            .iter()
            .filter(|c| c.grade < elder_class.grade)
            .collect();
        if younger.is_empty() {
            continue;
        }
        let class = younger[rng.below(younger.len())];
        let male = rng.chance(50);
        let family = SURNAMES
            .iter()
            .find(|(m, f)| *m == elder.last_name || *f == elder.last_name)
            .copied();
        let child = person(rng, family, male);
        let student = new_student(rng, ids, school, class, &child, first_grade_born, at);
        let parents: Vec<GuardianLink> = links
            .iter()
            .filter(|l| l.student_id == elder.id)
            .cloned()
            .collect();
        for p in parents {
            links.push(link(school, &student.id, &p.guardian_id, &p.relation));
        }
        students.push(student);
    }
    (students, guardians, links)
}

fn new_student(
    rng: &mut Rng,
    ids: &Ids,
    school: &str,
    class: &Class,
    p: &Person,
    first_grade_born: i32,
    at: chrono::NaiveDateTime,
) -> Student {
    // E.g. in the 2025/2026 year a first-grader was born between September 2017 and August 2018.
    let start =
        NaiveDate::from_ymd_opt(first_grade_born + 1 - class.grade, 9, 1).unwrap_or_default();
    Student {
        id: ids.id(),
        school_id: school.to_owned(),
        class_id: Some(class.id.clone()),
        user_id: None,
        last_name: p.last.clone(),
        first_name: p.first.clone(),
        middle_name: Some(p.middle.clone()),
        birth_date: start + Duration::days(rng.below(365) as i64),
        created_at: at,
    }
}

fn link(school: &str, student: &str, guardian: &str, relation: &str) -> GuardianLink {
    GuardianLink {
        school_id: school.to_owned(),
        student_id: student.to_owned(),
        guardian_id: guardian.to_owned(),
        relation: relation.to_owned(),
    }
}

/// The mother the `parent` account belongs to (the first with two children) and her children.
fn demo_family<'a>(
    guardians: &'a [Guardian],
    links: &[GuardianLink],
    students: &'a [Student],
) -> Option<(&'a Guardian, Vec<&'a Student>)> {
    let children_of = |guardian: &str| -> Vec<&'a Student> {
        links
            .iter()
            .filter(|l| l.guardian_id == guardian && l.relation == "mother")
            .filter_map(|l| students.iter().find(|s| s.id == l.student_id))
            .collect()
    };
    guardians
        .iter()
        .map(|gd| (gd, children_of(&gd.id)))
        .find(|(_, children)| children.len() == 2)
}

/// The `parent` account is a mother with two children; the `student` account is a 9А student.
/// Returns descriptions of both for the summary.
#[allow(clippy::too_many_arguments)]
fn family_accounts(
    conn: &mut DbConnection,
    key: &AuditKey,
    school: SchoolId,
    hash: &str,
    classes: &[Class],
    students: &[Student],
    guardians: &[Guardian],
    links: &[GuardianLink],
) -> Result<(String, String, String)> {
    use diesel::prelude::*;
    use journal_db::schema::{guardians as g, students as st};
    let Some((mother, children)) = demo_family(guardians, links, students) else {
        bail!("the demo has no family with two children");
    };
    let account = NewAccount {
        login: "parent".into(),
        last_name: mother.last_name.clone(),
        first_name: mother.first_name.clone(),
        middle_name: mother.middle_name.clone(),
        roles: vec![Role::Guardian],
    };
    let parent = create_account(conn, key, school, &account, hash)?;
    diesel::update(g::table.find(&mother.id))
        .set(g::user_id.eq(Some(&parent.id)))
        .execute(conn)?;
    let children: Vec<String> = children
        .iter()
        .map(|c| format!("{} {}", c.last_name, c.first_name))
        .collect();

    let ninth = classes
        .iter()
        .find(|c| c.grade == 9 && c.letter == "А")
        .map(|c| c.id.as_str());
    let Some(pupil) = students.iter().find(|s| s.class_id.as_deref() == ninth) else {
        bail!("the demo has no 9А student");
    };
    let account = NewAccount {
        login: "student".into(),
        last_name: pupil.last_name.clone(),
        first_name: pupil.first_name.clone(),
        middle_name: pupil.middle_name.clone(),
        roles: vec![Role::Student],
    };
    let student = create_account(conn, key, school, &account, hash)?;
    diesel::update(st::table.find(&pupil.id))
        .set(st::user_id.eq(Some(&student.id)))
        .execute(conn)?;
    Ok((
        format!("mother of {}", children.join(" and ")),
        format!("{} {}, 9А", pupil.last_name, pupil.first_name),
        mother.id.clone(),
    ))
}
