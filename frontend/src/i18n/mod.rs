//! Every string of the interface, in Russian (the default) and English.
//!
//! Strings are looked up by [`Key`] (declared in `keys.rs`); [`t`] returns both translations at
//! once from the table of the key's area (`common.rs`, `errors.rs` for every `Err…` key,
//! `people.rs`, `timetable.rs`, `structure.rs`, `journal.rs`, `diary.rs`, `messages.rs`,
//! `reports.rs`, `remarks.rs`, `archive.rs`, `backups.rs`, `sessions.rs`, `regions.rs`,
//! `integrations.rs`). Every key has its texts in exactly one table, checked when the crate
//! compiles, so a key without a translation does not compile.
//! Texts with blanks use `{name}` placeholders filled by [`tf`].

mod archive;
mod audit;
mod backups;
mod common;
mod diary;
mod errors;
mod integrations;
mod journal;
mod keys;
mod messages;
mod people;
mod regions;
mod remarks;
mod reports;
mod sessions;
mod structure;
mod timetable;

pub use errors::{error_key, field_problem_key, problem_key};
pub use keys::Key;

use journal_api_types::Role;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// The code kept in localStorage and set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the switch toggles between the two).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    in_lang(lang, texts(key))
}

/// The words of a (Russian, English) pair in `lang`.
fn in_lang(lang: Lang, (ru, en): (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// The text of `key` in `lang` with `{name}` placeholders replaced.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let mut text = t(lang, key).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The Russian and English text of `key` in each area's table, in the order looked up.
const fn area_texts(key: Key) -> [Option<(&'static str, &'static str)>; 15] {
    [
        common::texts(key),
        errors::texts(key),
        people::texts(key),
        timetable::texts(key),
        structure::texts(key),
        journal::texts(key),
        diary::texts(key),
        messages::texts(key),
        reports::texts(key),
        remarks::texts(key),
        archive::texts(key),
        backups::texts(key),
        sessions::texts(key),
        regions::texts(key),
        integrations::texts(key),
    ]
}

/// Every key has its texts in exactly one area table: a key without them, or with them in two
/// tables, does not compile.
const _: () = {
    let mut i = 0;
    while i < Key::ALL.len() {
        let found = area_texts(Key::ALL[i]);
        let mut tables = 0;
        let mut j = 0;
        while j < found.len() {
            if found[j].is_some() {
                tables += 1;
            }
            j += 1;
        }
        assert!(
            tables == 1,
            "every i18n Key needs its texts in exactly one area table"
        );
        i += 1;
    }
};

/// Russian and English text of every key.
fn texts(key: Key) -> (&'static str, &'static str) {
    area_texts(key)
        .into_iter()
        .flatten()
        .next()
        .unwrap_or(("", ""))
}

/// Of the one/few/many forms of a count, the one that goes with `n`: Russian «1 файл», «2 файла»,
/// «5 файлов», «21 файл»; English «1 file», «2 files».
pub fn plural_key(lang: Lang, n: u64, [one, few, many]: [Key; 3]) -> Key {
    match lang {
        Lang::En => {
            if n == 1 {
                one
            } else {
                many
            }
        }
        Lang::Ru => {
            let (m10, m100) = (n % 10, n % 100);
            if m10 == 1 && m100 != 11 {
                one
            } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                few
            } else {
                many
            }
        }
    }
}

/// The name of a role.
pub fn role_name(lang: Lang, role: Role) -> &'static str {
    t(
        lang,
        match role {
            Role::Director => Key::RoleDirector,
            Role::Deputy => Key::RoleDeputy,
            Role::Admin => Key::RoleAdmin,
            Role::Secretary => Key::RoleSecretary,
            Role::Teacher => Key::RoleTeacher,
            Role::ClassTeacher => Key::RoleClassTeacher,
            Role::Guardian => Key::RoleGuardian,
            Role::Student => Key::RoleStudent,
            Role::Region => Key::RoleRegion,
            Role::Integration => Key::RoleIntegration,
        },
    )
}

/// Roles as one line; `class_teacher` is followed by the led classes, e.g. "Классный руководитель (7А)".
pub fn roles_line(lang: Lang, roles: &[Role], led_classes: &[String]) -> String {
    roles
        .iter()
        .map(|role| {
            let name = role_name(lang, *role);
            if *role == Role::ClassTeacher && !led_classes.is_empty() {
                format!("{name} ({})", led_classes.join(", "))
            } else {
                name.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Actions of the audit log, in the order of the filter: every action the server records.
pub const AUDIT_ACTIONS: &[&str] = journal_domain::audit::ACTIONS;

/// The name of an audited action, when known.
pub fn action_name(lang: Lang, action: &str) -> Option<&'static str> {
    audit::action_words(action).map(|words| in_lang(lang, words))
}

/// Object kinds of the audit log, in the order of the filter.
pub const AUDIT_ENTITIES: &[&str] = journal_domain::audit::ENTITIES;

/// The name of an audited object kind, when known.
pub fn entity_name(lang: Lang, entity: &str) -> Option<&'static str> {
    audit::entity_words(entity).map(|words| in_lang(lang, words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::ErrorCode;

    /// Issue 11: every problem code the API has reads in both languages, Russian in Cyrillic.
    #[test]
    fn every_problem_code_has_russian_and_english_words() {
        for code in ErrorCode::ALL {
            let cyrillic = |s: &str| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
            let (ru, en) = (t(Lang::Ru, error_key(*code)), t(Lang::En, error_key(*code)));
            assert!(cyrillic(ru), "{code}: {ru}");
            assert!(!en.is_empty() && !cyrillic(en), "{code}: {en}");
        }
    }

    #[test]
    fn the_switch_names_the_other_language() {
        assert_eq!(t(Lang::Ru, Key::LangSwitch), "English");
        assert_eq!(t(Lang::En, Key::LangSwitch), "Русский");
        assert_eq!(t(Lang::Ru, Key::Logout), "Выйти");
        assert_eq!(t(Lang::En, Key::Logout), "Log out");
    }

    #[test]
    fn placeholders_are_filled() {
        let s = tf(
            Lang::Ru,
            Key::PagerRange,
            &[("from", "1"), ("to", "50"), ("total", "120")],
        );
        assert_eq!(s, "1–50 из 120");
    }

    #[test]
    fn class_teacher_lists_classes() {
        let line = roles_line(
            Lang::Ru,
            &[Role::Teacher, Role::ClassTeacher],
            &["7А".to_owned()],
        );
        assert_eq!(line, "Учитель, Классный руководитель (7А)");
    }

    #[test]
    fn the_api_problem_codes_are_translated() {
        for code in [
            "invalid_credentials",
            "too_many_attempts",
            "server_busy",
            "date_out_of_range",
            "account_in_other_schools",
            "too_many_columns",
            "file_too_large_unpacked",
            "file_too_complex",
            "initial_password_expired",
            "password_too_short",
            "password_too_long",
            "password_too_common",
            "password_same_as_login",
            "validation_failed",
            "login_taken",
            "login_characters",
            "role_not_grantable",
            "invalid_token",
            "password_change_required",
            "teacher_double_booked",
            "room_double_booked",
            "class_double_booked",
            "lesson_already_changed",
            "substitute_required",
            "substitute_is_teacher",
            "move_target_required",
            "move_target_not_teaching_day",
            "no_such_lesson_number",
            "move_to_same_slot",
            "no_such_lesson",
            "weekday_not_in_week_mode",
            "entry_dates",
            "year_archived",
            "year_exists",
            "room_exists",
            "subject_exists",
            "class_exists",
            "class_teacher_not_teacher",
            "class_without_year",
            "assignment_exists",
            "bells_out_of_order",
            "calendar_invalid",
            "invalid_span",
            "movement_date_before_previous",
            "date_before_birth",
            "student_withdrawn",
            "same_class",
            "already_linked",
            "phone",
            "email",
            "blank",
            "import_rejected",
            "bad_encoding",
            "unreadable_file",
            "empty_file",
            "body_too_large",
            "too_many_rows",
            "control_work_limit",
            "not_a_teaching_day",
            "plan_invalid",
            "group_exists",
            "group_classes",
            "group_class_year",
            "group_has_assignments",
            "division_taken",
            "membership_dates",
            "student_not_in_group_class",
            "already_member",
            "individual_group_taken",
            "not_a_member",
            "duplicate_subject",
            "thresholds_not_rising",
            "work_type_code",
            "file_too_large",
            "period_locked",
            "stale_page",
            "given_on_outside_lesson",
            "consent_missing",
            "account_exists",
            "login_taken",
            "too_young",
            "consent_refused",
            "future_span",
            "other_family",
            "recipient_not_allowed",
            "announcement_read_only",
            "no_recipients",
        ] {
            assert!(problem_key(code).is_some(), "{code}");
        }
        assert_eq!(
            t(
                Lang::Ru,
                problem_key("invalid_credentials").unwrap_or(Key::ErrInternal)
            ),
            "Неверный логин или пароль"
        );
        assert_eq!(
            field_problem_key("login", "length"),
            Some(Key::ErrLoginLength)
        );
        assert_eq!(
            field_problem_key("roles", "length"),
            Some(Key::ErrRolesRequired)
        );
        assert_eq!(
            field_problem_key("document", "length"),
            Some(Key::ErrDocumentLength)
        );
        assert_eq!(
            field_problem_key("last_name", "length"),
            Some(Key::ErrNameLength)
        );
    }

    /// Issue 12: every action the server records has its words, Russian in Cyrillic, so the
    /// audit log never shows `journal.mark`.
    #[test]
    fn every_known_action_is_translated() {
        for action in AUDIT_ACTIONS {
            let ru = action_name(Lang::Ru, action).unwrap_or_default();
            assert!(
                ru.chars()
                    .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
                "{action}: {ru:?}"
            );
            assert!(action_name(Lang::En, action).is_some(), "{action}");
        }
        for entity in AUDIT_ENTITIES {
            assert!(entity_name(Lang::Ru, entity).is_some(), "{entity}");
            assert!(entity_name(Lang::En, entity).is_some(), "{entity}");
        }
    }
}
