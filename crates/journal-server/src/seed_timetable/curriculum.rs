//! The rules of the demo school: curriculum, subgroups, teacher pools, week and lesson plans.

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
pub(super) fn demo_plan(class: &str, subject: &str) -> Option<LessonPlan> {
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

/// Topics of a lesson plan (КТП) with their hours.
pub type LessonPlan = &'static [(&'static str, i32)];
