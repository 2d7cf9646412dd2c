//! What every fuzz target runs on a table it could read: the import's row rules
//! (`journal_domain::import`) for every kind, against a small school, as the import endpoint does
//! after `journal_api::tables::read`. Nothing here may panic, whatever the cells hold.

use journal_domain::ids::{ClassId, GuardianId, StudentId, UserId};
use journal_domain::import::{self, ImportKind, KnownGuardian, LinkContext, StudentContext, Table};
use std::collections::{HashMap, HashSet};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default()
}

/// Reads `table` as each import kind and checks its rows against a small school: a class `5А`, a
/// staff login, a student and a guardian, so that rows naming them get past the look-up into the
/// later checks.
pub fn check_table(table: &Table) {
    for kind in ImportKind::ALL {
        let _ = kind.columns();
        let Ok(rows) = import::read(kind, table) else {
            continue;
        };
        match kind {
            ImportKind::Staff => {
                let logins = import::staff_logins(&rows);
                let existing: HashMap<String, bool> =
                    logins.into_iter().take(1).map(|l| (l, true)).collect();
                let _ = import::check_staff(&rows, &existing);
            }
            ImportKind::Classes => {
                let existing: HashSet<String> = ["5А".to_owned()].into();
                let staff: HashMap<String, UserId> = [("teacher".to_owned(), UserId::new())].into();
                let _ = import::check_classes(&rows, &existing, &staff);
            }
            ImportKind::Students => {
                let ctx = StudentContext {
                    classes: [("5А".to_owned(), ClassId::new())].into(),
                    existing: HashSet::new(),
                    today: today(),
                };
                let _ = import::check_students(&rows, &ctx);
            }
            ImportKind::Guardians => {
                let _ = import::check_guardians(&rows, &HashSet::new());
            }
            ImportKind::Links => {
                let student = import::student_key("Иванов", "Иван", None, today());
                let guardian = ("иванова".to_owned(), "мария".to_owned(), String::new());
                let ctx = LinkContext {
                    students: [(student, vec![StudentId::new()])].into(),
                    guardians: [(
                        guardian,
                        vec![KnownGuardian {
                            id: GuardianId::new(),
                            phone: "79001234567".into(),
                        }],
                    )]
                    .into(),
                    existing: HashSet::new(),
                };
                let _ = import::check_links(&rows, &ctx);
            }
        }
    }
}
