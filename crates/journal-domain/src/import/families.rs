//! Checking the family lists: students, guardians and the links between them.

use super::{duplicate, finish, format_date, problem, Cells, Checked, Row, Seen};
use crate::people::{fold, phone_digits, Relation};
use crate::{ClassId, GuardianId, StudentId};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

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
