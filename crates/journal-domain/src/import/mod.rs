//! Import of lists from files (R-B6): the columns of each kind (Russian headers as a school
//! secretary has them, English ones for machines), reading a table of text cells into rows, and
//! checking every row against what the school already has, so that a dry run reports every bad row
//! with its line number (the header is line 1) and a stable reason code.
//!
//! The order of imports is staff → classes → students → guardians → links: each kind refers to the
//! ones before it by name (a class as "5А", a class teacher by login, a student by name and birth
//! date, a guardian by name and phone).

mod families;
mod school;
#[cfg(test)]
mod tests;

pub use families::{
    check_guardians, check_links, check_students, guardian_key, student_key, GuardianKey,
    GuardianRow, KnownGuardian, LinkContext, LinkRow, StudentContext, StudentKey, StudentRow,
};
pub use school::{check_classes, check_staff, staff_logins, ClassRow, StaffRow};

use crate::people::{email_is_valid, fold, phone_is_valid, ClassName};
use crate::{Action, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
