//! Import of lists from files (R-B6): the columns of each kind (Russian headers as a school
//! secretary has them, English ones for machines), reading a table of text cells into rows, and
//! checking every row against what the school already has, so that a dry run reports every bad row
//! with its line number (the header is line 1) and a stable reason code.
//!
//! The order of imports is staff → classes → students → guardians → links: each kind refers to the
//! ones before it by name (a class as "5А", a class teacher by login, a student by name and birth
//! date, a guardian by name and phone).

use crate::people::{email_is_valid, fold, phone_digits, phone_is_valid, ClassName, Relation};
use crate::{Action, ClassId, GuardianId, Role, StudentId, UserId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ImportKind {
    Staff,
    Classes,
    Students,
    Guardians,
    Links,
}

impl ImportKind {
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Staff,
        ImportKind::Classes,
        ImportKind::Students,
        ImportKind::Guardians,
        ImportKind::Links,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Staff => "staff",
            ImportKind::Classes => "classes",
            ImportKind::Students => "students",
            ImportKind::Guardians => "guardians",
            ImportKind::Links => "links",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The action that importing this kind needs: staff creates accounts and classes are school
    /// structure (the admin's, R-A7); people lists are also the secretary's (R-A8).
    pub fn import_action(self) -> Action {
        match self {
            ImportKind::Staff | ImportKind::Classes => Action::ImportStructure,
            ImportKind::Students | ImportKind::Guardians | ImportKind::Links => {
                Action::ImportPeople
            }
        }
    }

    /// The columns of this kind, in the order an export writes them.
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Staff => STAFF,
            ImportKind::Classes => CLASSES,
            ImportKind::Students => STUDENTS,
            ImportKind::Guardians => GUARDIANS,
            ImportKind::Links => LINKS,
        }
    }
}

/// One column of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The English header (`last_name`).
    pub key: &'static str,
    /// The Russian header (`Фамилия`), written by exports.
    pub ru: &'static str,
    pub required: bool,
    /// Other accepted headers.
    pub aliases: &'static [&'static str],
}

const fn col(key: &'static str, ru: &'static str, required: bool) -> Column {
    Column {
        key,
        ru,
        required,
        aliases: &[],
    }
}

const EMAIL: Column = Column {
    key: "email",
    ru: "Email",
    required: false,
    aliases: &["E-mail", "Эл. почта", "Электронная почта"],
};

const STAFF: &[Column] = &[
    col("last_name", "Фамилия", true),
    col("first_name", "Имя", true),
    col("middle_name", "Отчество", false),
    col("login", "Логин", true),
    col("position", "Должность", false),
    Column {
        key: "roles",
        ru: "Роли",
        required: true,
        aliases: &["Роль"],
    },
];

const CLASSES: &[Column] = &[
    Column {
        key: "class",
        ru: "Класс",
        required: true,
        aliases: &["name", "class_name"],
    },
    Column {
        key: "class_teacher_login",
        ru: "Классный руководитель",
        required: false,
        aliases: &["class_teacher", "Логин классного руководителя"],
    },
];

const STUDENTS: &[Column] = &[
    col("last_name", "Фамилия", true),
    col("first_name", "Имя", true),
    col("middle_name", "Отчество", false),
    col("birth_date", "Дата рождения", true),
    col("class", "Класс", true),
    Column {
        key: "admission_date",
        ru: "Дата зачисления",
        required: false,
        aliases: &["Дата поступления"],
    },
    col("phone", "Телефон", false),
    EMAIL,
];

const GUARDIANS: &[Column] = &[
    col("last_name", "Фамилия", true),
    col("first_name", "Имя", true),
    col("middle_name", "Отчество", false),
    col("phone", "Телефон", false),
    EMAIL,
];

const LINKS: &[Column] = &[
    col("student_last_name", "Фамилия ученика", true),
    col("student_first_name", "Имя ученика", true),
    col("student_middle_name", "Отчество ученика", false),
    col("student_birth_date", "Дата рождения ученика", true),
    col("guardian_last_name", "Фамилия родителя", true),
    col("guardian_first_name", "Имя родителя", true),
    col("guardian_middle_name", "Отчество родителя", false),
    col("guardian_phone", "Телефон родителя", false),
    Column {
        key: "relation",
        ru: "Кем приходится",
        required: true,
        aliases: &["Степень родства", "Родство"],
    },
];

/// Longest name, position or contact accepted.
pub const MAX_TEXT: usize = 100;

/// One problem of a file: its line (the header is line 1), the column when one is to blame, a
/// stable code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: usize,
    pub column: Option<String>,
    pub code: &'static str,
    pub message: String,
}

fn problem(line: usize, column: Option<&str>, code: &'static str, message: String) -> Problem {
    Problem {
        line,
        column: column.map(str::to_owned),
        code,
        message,
    }
}

/// A file's cells as text: the header (line 1) and the data rows with their line numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// A data row: its line and its cells by column key (blank cells absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    /// The trimmed cell of a column, `None` when blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.cells.get(key).map(String::as_str)
    }
}

fn header_key(h: &str) -> String {
    fold(&h.trim_start_matches('\u{feff}').replace('_', " "))
}

/// Map the header to the kind's columns and read the data rows; blank rows are skipped. A header
/// with an unknown, repeated or missing required column is refused as a whole (line 1).
pub fn read(kind: ImportKind, table: &Table) -> Result<Vec<Row>, Vec<Problem>> {
    let columns = kind.columns();
    let mut problems = Vec::new();
    let mut mapping: Vec<Option<&'static str>> = Vec::new();
    for h in &table.header {
        let k = header_key(h);
        if k.is_empty() {
            mapping.push(None);
            continue;
        }
        let found = columns.iter().find(|c| {
            header_key(c.key) == k
                || header_key(c.ru) == k
                || c.aliases.iter().any(|a| header_key(a) == k)
        });
        match found {
            Some(c) if mapping.contains(&Some(c.key)) => problems.push(problem(
                1,
                Some(c.key),
                "duplicate_column",
                format!("the column «{}» appears twice", h.trim()),
            )),
            Some(c) => {
                mapping.push(Some(c.key));
                continue;
            }
            None => problems.push(problem(
                1,
                None,
                "unknown_column",
                format!(
                    "unknown column «{}»; expected: {}",
                    h.trim(),
                    columns.iter().map(|c| c.ru).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
        mapping.push(None);
    }
    for c in columns.iter().filter(|c| c.required) {
        if !mapping.contains(&Some(c.key)) {
            problems.push(problem(
                1,
                Some(c.key),
                "missing_column",
                format!("the required column «{}» ({}) is missing", c.ru, c.key),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let rows = table
        .rows
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| Row {
            line: *line,
            cells: mapping
                .iter()
                .zip(cells)
                .filter_map(|(key, value)| {
                    let value = value.trim();
                    match key {
                        Some(k) if !value.is_empty() => Some((*k, value.to_owned())),
                        _ => None,
                    }
                })
                .collect(),
        })
        .collect();
    Ok(rows)
}

/// The rows that passed, ready to write, and the problems of the ones that did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<T> {
    pub rows: Vec<(usize, T)>,
    pub problems: Vec<Problem>,
}

impl<T> Default for Checked<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// A date as a Russian list writes it (`ДД.ММ.ГГГГ`, also `Д.М.ГГГГ`) or ISO (`ГГГГ-ММ-ДД`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

/// `ДД.ММ.ГГГГ`, as exports write dates.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// The Russian name of a staff role, as exports write it.
pub fn role_ru(role: Role) -> &'static str {
    match role {
        Role::Director => "директор",
        Role::Deputy => "заместитель директора",
        Role::Admin => "администратор",
        Role::Secretary => "секретарь",
        Role::Teacher => "учитель",
        Role::ClassTeacher => "классный руководитель",
        Role::Guardian => "родитель",
        Role::Student => "ученик",
        Role::Region => "регион",
        Role::Integration => "интеграция",
    }
}

/// A staff role from a file: its code or Russian name. Only roles that can be granted to staff.
pub fn parse_staff_role(s: &str) -> Option<Role> {
    let f = fold(s);
    let role = match f.as_str() {
        "завуч" | "заместитель" | "заместитель директора по увр" => {
            Some(Role::Deputy)
        }
        "админ" => Some(Role::Admin),
        _ => Role::ALL
            .into_iter()
            .find(|r| r.as_str() == f || fold(role_ru(*r)) == f),
    }?;
    (role.is_staff() && role.is_grantable()).then_some(role)
}

/// Logins are ASCII so they can be typed on any keyboard layout (as `POST /users` requires).
pub fn login_is_valid(login: &str) -> bool {
    (3..=64).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Reads the cells of one row, collecting every problem of the row.
struct Cells<'a> {
    row: &'a Row,
    problems: Vec<Problem>,
}

impl<'a> Cells<'a> {
    fn new(row: &'a Row) -> Self {
        Self {
            row,
            problems: Vec::new(),
        }
    }

    fn fail(&mut self, column: &str, code: &'static str, message: String) {
        self.problems
            .push(problem(self.row.line, Some(column), code, message));
    }

    fn optional(&mut self, key: &str) -> Option<String> {
        let value = self.row.get(key)?;
        if value.chars().count() > MAX_TEXT {
            self.fail(
                key,
                "too_long",
                format!("«{key}» is longer than {MAX_TEXT} characters"),
            );
            return None;
        }
        Some(value.to_owned())
    }

    fn required(&mut self, key: &str) -> Option<String> {
        if self.row.get(key).is_none() {
            self.fail(key, "missing_field", format!("«{key}» is empty"));
            return None;
        }
        self.optional(key)
    }

    fn date(&mut self, key: &str, required: bool) -> Option<NaiveDate> {
        let text = if required {
            self.required(key)?
        } else {
            self.optional(key)?
        };
        let date = parse_date(&text);
        if date.is_none() {
            self.fail(
                key,
                "bad_date",
                format!("«{text}» is not a date (ДД.ММ.ГГГГ or ГГГГ-ММ-ДД)"),
            );
        }
        date
    }

    fn phone(&mut self, key: &str) -> Option<String> {
        let text = self.optional(key)?;
        if !phone_is_valid(&text) {
            self.fail(key, "bad_phone", format!("«{text}» is not a phone number"));
            return None;
        }
        Some(text)
    }

    fn email(&mut self, key: &str) -> Option<String> {
        let text = self.optional(key)?;
        if !email_is_valid(&text) {
            self.fail(
                key,
                "bad_email",
                format!("«{text}» is not an e-mail address"),
            );
            return None;
        }
        Some(text)
    }

    fn class_name(&mut self, key: &str, required: bool) -> Option<ClassName> {
        let text = if required {
            self.required(key)?
        } else {
            self.optional(key)?
        };
        let name = ClassName::parse(&text);
        if name.is_none() {
            self.fail(
                key,
                "bad_class_name",
                format!("«{text}» is not a class name (grade 1–11 and a letter, e.g. 5А)"),
            );
        }
        name
    }
}

/// Tracks the keys seen so far in a file, to report the second occurrence of one.
struct Seen<K>(HashMap<K, usize>);

impl<K: std::hash::Hash + Eq> Seen<K> {
    fn new() -> Self {
        Self(HashMap::new())
    }

    /// The line where `key` first appeared, or `None` (and remember this line).
    fn first(&mut self, key: K, line: usize) -> Option<usize> {
        match self.0.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.0.insert(key, line);
                None
            }
        }
    }
}

fn duplicate(line: usize, first: usize, what: &str) -> Problem {
    problem(
        line,
        None,
        "duplicate_in_file",
        format!("{what} already appears on line {first}"),
    )
}

fn finish<T>(out: &mut Checked<T>, line: usize, cells: Cells<'_>, value: Option<T>) {
    if cells.problems.is_empty() {
        if let Some(v) = value {
            out.rows.push((line, v));
        }
    } else {
        out.problems.extend(cells.problems);
    }
}

/// A staff member to create: an account with roles and a position (R-A7, R-S1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    /// Lower-case.
    pub login: String,
    /// The staff position (учитель математики); accounts created by the admin may have none.
    pub position: Option<String>,
    pub roles: Vec<Role>,
}

/// Logins named in a staff file (lower-case), to look up before [`check_staff`].
pub fn staff_logins(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| r.get("login"))
        .map(|l| l.to_ascii_lowercase())
        .collect()
}

/// Check staff rows. `existing` maps each login of the file that already exists in the
/// deployment to whether that account is already staff of this school (`already_exists`) or
/// belongs to someone else (`login_taken`).
pub fn check_staff(rows: &[Row], existing: &HashMap<String, bool>) -> Checked<StaffRow> {
    let mut out = Checked::default();
    let mut seen = Seen::new();
    for row in rows {
        let mut c = Cells::new(row);
        let last_name = c.required("last_name");
        let first_name = c.required("first_name");
        let middle_name = c.optional("middle_name");
        let position = c.optional("position");
        let login = c.required("login").map(|l| l.to_ascii_lowercase());
        if let Some(l) = &login {
            if !login_is_valid(l) {
                c.fail(
                    "login",
                    "bad_login",
                    format!("«{l}»: 3–64 latin letters, digits, «.», «-», «_»"),
                );
            }
        }
        let mut roles = Vec::new();
        if let Some(text) = c.required("roles") {
            for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match parse_staff_role(part) {
                    Some(r) => roles.push(r),
                    None => c.fail(
                        "roles",
                        "bad_role",
                        format!(
                            "«{part}» is not a staff role (директор, заместитель директора, \
                             администратор, секретарь, учитель)"
                        ),
                    ),
                }
            }
        }
        roles.sort();
        roles.dedup();
        if c.problems.is_empty() {
            if let Some(l) = &login {
                if let Some(first) = seen.first(l.clone(), row.line) {
                    c.problems
                        .push(duplicate(row.line, first, &format!("the login «{l}»")));
                } else if let Some(in_school) = existing.get(l) {
                    let (code, message) = if *in_school {
                        ("already_exists", format!("«{l}» is already on the staff"))
                    } else {
                        ("login_taken", format!("the login «{l}» is taken"))
                    };
                    c.fail("login", code, message);
                }
            }
        }
        let value = match (last_name, first_name, login) {
            (Some(last_name), Some(first_name), Some(login)) => Some(StaffRow {
                last_name,
                first_name,
                middle_name,
                login,
                position,
                roles,
            }),
            _ => None,
        };
        finish(&mut out, row.line, c, value);
    }
    out
}

/// A class to create (R-B3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRow {
    pub name: ClassName,
    pub class_teacher: Option<UserId>,
}

/// Check class rows against the school's class names ("5А") and its staff by login.
pub fn check_classes(
    rows: &[Row],
    existing: &HashSet<String>,
    staff: &HashMap<String, UserId>,
) -> Checked<ClassRow> {
    let mut out = Checked::default();
    let mut seen = Seen::new();
    for row in rows {
        let mut c = Cells::new(row);
        let name = c.class_name("class", true);
        let mut class_teacher = None;
        if let Some(login) = c.optional("class_teacher_login") {
            let login = login.to_ascii_lowercase();
            match staff.get(&login) {
                Some(id) => class_teacher = Some(*id),
                None => c.fail(
                    "class_teacher_login",
                    "unknown_teacher",
                    format!("no staff member with the login «{login}» in this school"),
                ),
            }
        }
        if let Some(n) = &name {
            let key = n.to_string();
            if let Some(first) = seen.first(key.clone(), row.line) {
                c.problems
                    .push(duplicate(row.line, first, &format!("the class {key}")));
            } else if existing.contains(&key) {
                c.fail(
                    "class",
                    "already_exists",
                    format!("the class {key} already exists"),
                );
            }
        }
        let value = name.map(|name| ClassRow {
            name,
            class_teacher,
        });
        finish(&mut out, row.line, c, value);
    }
    out
}

/// How a student is recognised: folded names and birth date.
pub type StudentKey = (String, String, String, NaiveDate);

pub fn student_key(
    last: &str,
    first: &str,
    middle: Option<&str>,
    birth_date: NaiveDate,
) -> StudentKey {
    (
        fold(last),
        fold(first),
        fold(middle.unwrap_or("")),
        birth_date,
    )
}

/// A student to admit (R-B5): created in a class with an admission dated `admission_date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRow {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub class: ClassId,
    pub admission_date: NaiveDate,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// What student rows are checked against.
#[derive(Debug, Clone, Default)]
pub struct StudentContext {
    /// Classes of the school by name ("5А").
    pub classes: HashMap<String, ClassId>,
    /// Students already in the school.
    pub existing: HashSet<StudentKey>,
    /// The admission date of rows that give none, and the latest birth date accepted.
    pub today: NaiveDate,
}

pub fn check_students(rows: &[Row], ctx: &StudentContext) -> Checked<StudentRow> {
    let mut out = Checked::default();
    let mut seen = Seen::new();
    for row in rows {
        let mut c = Cells::new(row);
        let last_name = c.required("last_name");
        let first_name = c.required("first_name");
        let middle_name = c.optional("middle_name");
        let birth_date = c.date("birth_date", true);
        let class_name = c.class_name("class", true);
        let admission_date = c.date("admission_date", false);
        let phone = c.phone("phone");
        let email = c.email("email");
        let mut class = None;
        if let Some(n) = &class_name {
            class = ctx.classes.get(&n.to_string()).copied();
            if class.is_none() {
                c.fail(
                    "class",
                    "unknown_class",
                    format!("there is no class {n} in this school; import classes first"),
                );
            }
        }
        if let Some(b) = birth_date {
            if b > ctx.today {
                c.fail(
                    "birth_date",
                    "bad_date",
                    format!("the birth date {} is in the future", format_date(b)),
                );
            }
        }
        let admission_date = admission_date.unwrap_or(ctx.today);
        if let Some(b) = birth_date {
            if crate::people::admit(b, admission_date).is_err() {
                c.fail(
                    "admission_date",
                    "date_before_birth",
                    "the admission date is before the birth date".into(),
                );
            }
        }
        let value = match (last_name, first_name, birth_date, class) {
            (Some(last_name), Some(first_name), Some(birth_date), Some(class)) => {
                Some(StudentRow {
                    last_name,
                    first_name,
                    middle_name,
                    birth_date,
                    class,
                    admission_date,
                    phone,
                    email,
                })
            }
            _ => None,
        };
        if let (Some(v), true) = (&value, c.problems.is_empty()) {
            let key = student_key(
                &v.last_name,
                &v.first_name,
                v.middle_name.as_deref(),
                v.birth_date,
            );
            let who = format!(
                "the student {} {} born {}",
                v.last_name,
                v.first_name,
                format_date(v.birth_date)
            );
            if let Some(first) = seen.first(key.clone(), row.line) {
                c.problems.push(duplicate(row.line, first, &who));
            } else if ctx.existing.contains(&key) {
                c.problems.push(problem(
                    row.line,
                    None,
                    "already_exists",
                    format!("{who} is already in the school"),
                ));
            }
        }
        finish(&mut out, row.line, c, value);
    }
    out
}

/// How a guardian is recognised: folded names and the phone's digits (empty when none).
pub type GuardianKey = (String, String, String, String);

pub fn guardian_key(
    last: &str,
    first: &str,
    middle: Option<&str>,
    phone: Option<&str>,
) -> GuardianKey {
    (
        fold(last),
        fold(first),
        fold(middle.unwrap_or("")),
        phone.map(phone_digits).unwrap_or_default(),
    )
}

/// A guardian to create (R-B5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianRow {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Check guardian rows against the guardians the school has (by [`guardian_key`]).
pub fn check_guardians(rows: &[Row], existing: &HashSet<GuardianKey>) -> Checked<GuardianRow> {
    let mut out = Checked::default();
    let mut seen = Seen::new();
    for row in rows {
        let mut c = Cells::new(row);
        let last_name = c.required("last_name");
        let first_name = c.required("first_name");
        let middle_name = c.optional("middle_name");
        let phone = c.phone("phone");
        let email = c.email("email");
        let value = match (last_name, first_name) {
            (Some(last_name), Some(first_name)) => Some(GuardianRow {
                last_name,
                first_name,
                middle_name,
                phone,
                email,
            }),
            _ => None,
        };
        if let (Some(v), true) = (&value, c.problems.is_empty()) {
            let key = guardian_key(
                &v.last_name,
                &v.first_name,
                v.middle_name.as_deref(),
                v.phone.as_deref(),
            );
            let who = format!("the guardian {} {}", v.last_name, v.first_name);
            if let Some(first) = seen.first(key.clone(), row.line) {
                c.problems.push(duplicate(row.line, first, &who));
            } else if existing.contains(&key) {
                c.problems.push(problem(
                    row.line,
                    None,
                    "already_exists",
                    format!("{who} is already in the school"),
                ));
            }
        }
        finish(&mut out, row.line, c, value);
    }
    out
}

/// A guardian as a links file can find them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownGuardian {
    pub id: GuardianId,
    /// Digits of the phone, empty when none.
    pub phone: String,
}

/// What link rows are checked against.
#[derive(Debug, Clone, Default)]
pub struct LinkContext {
    pub students: HashMap<StudentKey, Vec<StudentId>>,
    /// By folded (last, first, middle) names.
    pub guardians: HashMap<(String, String, String), Vec<KnownGuardian>>,
    pub existing: HashSet<(StudentId, GuardianId)>,
}

/// A guardian linked to a student (R-B5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkRow {
    pub student: StudentId,
    pub guardian: GuardianId,
    pub relation: Relation,
}

/// Check link rows: the student by names and birth date, the guardian by names and (when given)
/// phone; each must be found exactly once.
pub fn check_links(rows: &[Row], ctx: &LinkContext) -> Checked<LinkRow> {
    let mut out = Checked::default();
    let mut seen = Seen::new();
    for row in rows {
        let mut c = Cells::new(row);
        let s_last = c.required("student_last_name");
        let s_first = c.required("student_first_name");
        let s_middle = c.optional("student_middle_name");
        let s_birth = c.date("student_birth_date", true);
        let g_last = c.required("guardian_last_name");
        let g_first = c.required("guardian_first_name");
        let g_middle = c.optional("guardian_middle_name");
        let g_phone = c.phone("guardian_phone");
        let relation = c.required("relation").and_then(|text| {
            let r = Relation::parse_any(&text);
            if r.is_none() {
                c.fail(
                    "relation",
                    "bad_relation",
                    format!("«{text}»: мать, отец or опекун (mother, father, guardian)"),
                );
            }
            r
        });
        let student = match (&s_last, &s_first, s_birth) {
            (Some(last), Some(first), Some(birth)) => {
                let key = student_key(last, first, s_middle.as_deref(), birth);
                match ctx.students.get(&key).map(Vec::as_slice) {
                    Some([one]) => Some(*one),
                    Some([_, _, ..]) => {
                        c.fail(
                            "student_last_name",
                            "ambiguous_student",
                            format!(
                                "several students {last} {first} born {}",
                                format_date(birth)
                            ),
                        );
                        None
                    }
                    _ => {
                        c.fail(
                            "student_last_name",
                            "unknown_student",
                            format!("no student {last} {first} born {}", format_date(birth)),
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        let guardian = match (&g_last, &g_first) {
            (Some(last), Some(first)) => {
                let names = (
                    fold(last),
                    fold(first),
                    fold(g_middle.as_deref().unwrap_or("")),
                );
                let phone = g_phone.as_deref().map(phone_digits);
                let found: Vec<GuardianId> = ctx
                    .guardians
                    .get(&names)
                    .map(|all| {
                        all.iter()
                            .filter(|g| phone.as_ref().is_none_or(|p| *p == g.phone))
                            .map(|g| g.id)
                            .collect()
                    })
                    .unwrap_or_default();
                match found.as_slice() {
                    [one] => Some(*one),
                    [] => {
                        c.fail(
                            "guardian_last_name",
                            "unknown_guardian",
                            format!("no guardian {last} {first}; import guardians first"),
                        );
                        None
                    }
                    _ => {
                        c.fail(
                            "guardian_phone",
                            "ambiguous_guardian",
                            format!("several guardians {last} {first}: give the phone"),
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        let value = match (student, guardian, relation) {
            (Some(student), Some(guardian), Some(relation)) => Some(LinkRow {
                student,
                guardian,
                relation,
            }),
            _ => None,
        };
        if let (Some(v), true) = (&value, c.problems.is_empty()) {
            if let Some(first) = seen.first((v.student, v.guardian), row.line) {
                c.problems.push(duplicate(row.line, first, "this link"));
            } else if ctx.existing.contains(&(v.student, v.guardian)) {
                c.problems.push(problem(
                    row.line,
                    None,
                    "already_exists",
                    "the guardian is already linked to this student".into(),
                ));
            }
        }
        finish(&mut out, row.line, c, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
