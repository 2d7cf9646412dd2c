//! «Ученики» (R-B5): the students of the school with filters and pages, the admission of a new
//! student, and a student's card — contacts, guardians and their links, the movement history,
//! transfer and withdrawal, each guardian's personal-data consents (R-D5) and the diary accounts
//! of guardians and of students from 14 (R-A3, R-S1). Staff read it (R-A5, R-A6, R-A8); the office
//! (secretary, admin, deputy, director) admits, transfers and withdraws; the office and the class
//! teacher of the student's class keep personal data, guardians, consents and diary access. The
//! server checks every rule again (R-A11).

mod admit;
mod card;
mod class_access;
mod consents;
mod diary_access;
mod forms;
mod guardians;
mod list;
mod movements;

pub use card::StudentPage;
pub use class_access::ClassAccessPage;
pub use list::StudentsPage;

use crate::i18n::{t, Key, Lang};
use crate::services::access::{full_name, may};
use journal_api_types::auth::Me;
use journal_api_types::people::{GuardianView, StudentSummary};
use journal_api_types::structure::Class;
use journal_domain::people::{Relation, StudentStatus};
use journal_domain::Action;
use yew::prelude::*;

const PAGE_SIZE: i64 = 25;

/// Does the person act for the whole school (not only as a class teacher)?
fn office(me: &Me) -> bool {
    may(me, Action::MoveStudents)
}

/// The classes the person leads in the current year.
fn led_classes(me: &Me, classes: &[Class]) -> Vec<Class> {
    classes
        .iter()
        .filter(|c| c.class_teacher_id == Some(me.user_id))
        .cloned()
        .collect()
}

pub fn relation_name(lang: Lang, relation: Relation) -> &'static str {
    t(
        lang,
        match relation {
            Relation::Mother => Key::RelMother,
            Relation::Father => Key::RelFather,
            Relation::Guardian => Key::RelGuardian,
        },
    )
}

fn relation_options(lang: Lang) -> Vec<(String, String)> {
    [Relation::Mother, Relation::Father, Relation::Guardian]
        .iter()
        .map(|r| (r.as_str().to_owned(), relation_name(lang, *r).to_owned()))
        .collect()
}

fn class_options(classes: &[Class]) -> Vec<(String, String)> {
    classes
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

fn status_badge(lang: Lang, status: StudentStatus) -> Html {
    match status {
        StudentStatus::Active => {
            html! { <span class="badge ok">{ t(lang, Key::BadgeOnRoll) }</span> }
        }
        StudentStatus::Withdrawn => {
            html! { <span class="badge warn">{ t(lang, Key::BadgeWithdrawn) }</span> }
        }
    }
}

fn student_name(s: &StudentSummary) -> String {
    full_name(&s.last_name, &s.first_name, s.middle_name.as_deref())
}

fn guardian_name(g: &GuardianView) -> String {
    full_name(&g.last_name, &g.first_name, g.middle_name.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relation_is_named_in_both_languages() {
        for lang in [Lang::Ru, Lang::En] {
            let options = relation_options(lang);
            assert_eq!(options.len(), 3);
            assert!(options
                .iter()
                .all(|(v, text)| !v.is_empty() && !text.is_empty()));
        }
        assert_eq!(relation_name(Lang::Ru, Relation::Mother), "мать");
    }
}
