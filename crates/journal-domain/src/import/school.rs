//! Checking the school's own lists: staff accounts and classes.

use super::{duplicate, finish, login_is_valid, parse_staff_role, Cells, Checked, Row, Seen};
use crate::people::ClassName;
use crate::{Role, UserId};
use std::collections::{HashMap, HashSet};

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
