//! What the interface offers to whom. The server decides (it asks the same domain policy); the
//! interface only hides what the caller's roles would be refused anyway.

use journal_api_types::auth::Me;
use journal_api_types::Role;
use journal_domain::Action;

/// May the signed-in person do `action` in the active school?
pub fn may(me: &Me, action: Action) -> bool {
    action
        .allowed_roles()
        .iter()
        .any(|role| me.roles.contains(role))
}

/// «Ученики»: the office keeps the school's students, a class teacher their class (R-A5, R-A8).
pub fn sees_students(me: &Me) -> bool {
    may(me, Action::ViewPeople)
        && (may(me, Action::MoveStudents) || me.roles.contains(&Role::ClassTeacher))
}

/// «Импорт и выгрузка»: whoever imports or exports any list (R-B6).
pub fn sees_import(me: &Me) -> bool {
    [
        Action::ImportPeople,
        Action::ImportStructure,
        Action::ExportLists,
    ]
    .into_iter()
    .any(|a| may(me, a))
}

/// «Контрольные работы»: the deputy and the director plan them, teachers read them (R-T3).
pub fn sees_control_works(me: &Me) -> bool {
    may(me, Action::ManageTimetable)
        || me.roles.contains(&Role::Teacher)
        || me.roles.contains(&Role::ClassTeacher)
}

/// «Тематическое планирование»: teachers keep their plans, the deputy and the director any (R-T4).
pub fn sees_plans(me: &Me) -> bool {
    may(me, Action::ManageTimetable) || me.roles.contains(&Role::Teacher)
}

/// «Настройки журнала»: the deputy and the director (R-J2, R-A6).
pub fn sees_journal_settings(me: &Me) -> bool {
    may(me, Action::ManageJournalSettings)
}

/// «Сводная ведомость»: the class teacher of their class, the deputy and the director (R-F5).
pub fn sees_finals(me: &Me) -> bool {
    journal_domain::page::may_read_class_sheets(&me.roles, leads_a_class(me))
}

/// The person leads a class: the server gives the `class_teacher` role with the classes led.
fn leads_a_class(me: &Me) -> bool {
    !me.led_classes.is_empty() || me.roles.contains(&Role::ClassTeacher)
}

/// «Дневник»: guardians of their children, students of themselves (R-A2, R-A3).
pub fn sees_diary(me: &Me) -> bool {
    !me.students.is_empty()
        || me.roles.contains(&Role::Guardian)
        || me.roles.contains(&Role::Student)
}

/// Guardians and students without a staff role open the diary instead of the home page.
pub fn lands_on_diary(me: &Me) -> bool {
    sees_diary(me)
        && me
            .roles
            .iter()
            .all(|r| matches!(r, Role::Guardian | Role::Student))
}

/// «Показатели школ»: a region (municipality) account reads its schools' figures (R-A9, R-E4).
pub fn sees_region(me: &Me) -> bool {
    me.roles.contains(&Role::Region)
}

/// A region account and nothing else opens «Показатели школ» instead of the home page: every
/// school page would refuse it.
pub fn lands_on_region(me: &Me) -> bool {
    sees_region(me) && me.roles.iter().all(|r| *r == Role::Region)
}

/// Only a guardian acknowledges a week or a period (R-D2); a student cannot.
pub fn acknowledges(me: &Me) -> bool {
    me.roles.contains(&Role::Guardian)
}

/// «Ознакомление родителей»: the class teacher of their class, the deputy and the director (R-D2).
pub fn sees_acknowledgement_sheet(me: &Me) -> bool {
    sees_finals(me)
}

/// «Сообщения»: staff of the school and families (R-D3); not the region or an integration.
pub fn sees_messages(me: &Me) -> bool {
    me.roles.iter().any(|r| {
        matches!(
            r,
            Role::Director
                | Role::Deputy
                | Role::Secretary
                | Role::Admin
                | Role::Teacher
                | Role::ClassTeacher
                | Role::Guardian
                | Role::Student
        )
    })
}

/// «Объявления»: families read their children's classes' announcements, the class teacher, the
/// deputy and the director post them (R-D3).
pub fn sees_announcements(me: &Me) -> bool {
    posts_announcements(me)
        || me.roles.contains(&Role::Guardian)
        || me.roles.contains(&Role::Student)
}

/// Who may post a class announcement: the domain's rule, for a class the person leads.
pub fn posts_announcements(me: &Me) -> bool {
    journal_domain::messaging::may_announce(&me.roles, leads_a_class(me))
}

/// «Уведомления»: a guardian's e-mail notifications (R-D4).
pub fn sees_notifications(me: &Me) -> bool {
    me.roles.contains(&Role::Guardian)
}

/// «Отчёты»: the deputy and the director of the school, a teacher or class teacher of their own
/// pages and classes (R-R1, R-R3; `journal_domain::reports::Reach`).
pub fn sees_reports(me: &Me) -> bool {
    crate::services::reports::reach_of(me, Vec::new()).is_some()
}

/// «Резервные копии» on the home screen: the admin and the director (R-P3).
pub fn sees_backups(me: &Me) -> bool {
    may(me, Action::ViewBackups)
}

/// "Фамилия Имя Отчество".
pub fn full_name(last: &str, first: &str, middle: Option<&str>) -> String {
    match middle.filter(|m| !m.is_empty()) {
        Some(middle) => format!("{last} {first} {middle}"),
        None => format!("{last} {first}"),
    }
}

/// How a person is addressed: "Мария Ивановна" (first name and patronymic).
pub fn address_name(me: &Me) -> String {
    match me.middle_name.as_deref().filter(|m| !m.is_empty()) {
        Some(middle) => format!("{} {middle}", me.first_name),
        None => me.first_name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::diary::MyStudent;
    use uuid::Uuid;

    fn me(roles: &[Role], led: &[&str], students: usize) -> Me {
        Me {
            user_id: Uuid::nil(),
            login: "x".into(),
            last_name: "Егорова".into(),
            first_name: "Ева".into(),
            middle_name: None,
            school_id: Uuid::nil(),
            school_name: "МАОУ СОШ № 1".into(),
            roles: roles.to_vec(),
            led_classes: led.iter().map(|c| (*c).to_owned()).collect(),
            memberships: Vec::new(),
            must_change_password: false,
            last_login_at: None,
            previous_login_at: None,
            students: (0..students)
                .map(|i| MyStudent {
                    id: Uuid::from_u128(i as u128 + 1),
                    name: "Егоров Лев".into(),
                    class_id: None,
                    class_name: "1Б".into(),
                })
                .collect(),
            timezone: "Europe/Moscow".into(),
            utc_offset_minutes: 180,
        }
    }

    #[test]
    fn families_land_on_the_diary_and_only_guardians_acknowledge() {
        let parent = me(&[Role::Guardian], &[], 2);
        assert!(sees_diary(&parent) && lands_on_diary(&parent) && acknowledges(&parent));
        let student = me(&[Role::Student], &[], 1);
        assert!(sees_diary(&student) && lands_on_diary(&student));
        assert!(!acknowledges(&student), "a student cannot acknowledge");
        let teacher_parent = me(&[Role::Teacher, Role::Guardian], &[], 1);
        assert!(sees_diary(&teacher_parent));
        assert!(
            !lands_on_diary(&teacher_parent),
            "staff keep their home page"
        );
        let teacher = me(&[Role::Teacher], &[], 0);
        assert!(!sees_diary(&teacher) && !lands_on_diary(&teacher));
    }

    #[test]
    fn a_region_account_lands_on_its_figures_and_sees_no_school_page() {
        let region = me(&[Role::Region], &[], 0);
        assert!(sees_region(&region) && lands_on_region(&region));
        assert!(!lands_on_diary(&region));
        for (what, seen) in [
            ("diary", sees_diary(&region)),
            ("students", sees_students(&region)),
            ("import", sees_import(&region)),
            ("control works", sees_control_works(&region)),
            ("plans", sees_plans(&region)),
            ("journal settings", sees_journal_settings(&region)),
            ("finals", sees_finals(&region)),
            ("acknowledgements", sees_acknowledgement_sheet(&region)),
            ("messages", sees_messages(&region)),
            ("announcements", sees_announcements(&region)),
            ("notifications", sees_notifications(&region)),
            ("reports", sees_reports(&region)),
            ("backups", sees_backups(&region)),
            ("journal", crate::pages::journal::sees_journal(&region)),
            ("remarks", crate::services::remarks::sees_remarks(&region)),
        ] {
            assert!(!seen, "a region account does not see {what}");
        }
        for action in [
            Action::ViewAccounts,
            Action::ViewAudit,
            Action::ManageTimetable,
            Action::ManageStructure,
            Action::ViewArchives,
            Action::ReviewCompromises,
        ] {
            assert!(!may(&region, action), "{action:?}");
        }
        // Someone who also works in a school keeps their home page and sees the figures too.
        let director = me(&[Role::Director, Role::Region], &[], 0);
        assert!(sees_region(&director) && !lands_on_region(&director));
        assert!(!sees_region(&me(&[Role::Director], &[], 0)));
        assert!(!lands_on_region(&me(&[], &[], 0)));
    }

    #[test]
    fn the_acknowledgement_sheet_is_for_class_teachers_and_the_leadership() {
        assert!(sees_acknowledgement_sheet(&me(
            &[Role::Teacher, Role::ClassTeacher],
            &["7А"],
            0
        )));
        assert!(sees_acknowledgement_sheet(&me(&[Role::Deputy], &[], 0)));
        assert!(sees_acknowledgement_sheet(&me(&[Role::Director], &[], 0)));
        assert!(!sees_acknowledgement_sheet(&me(&[Role::Teacher], &[], 0)));
        assert!(!sees_acknowledgement_sheet(&me(&[Role::Guardian], &[], 2)));
    }

    #[test]
    fn messages_are_for_staff_and_families() {
        for role in [
            Role::Director,
            Role::Deputy,
            Role::Secretary,
            Role::Admin,
            Role::Teacher,
            Role::ClassTeacher,
            Role::Guardian,
            Role::Student,
        ] {
            assert!(sees_messages(&me(&[role], &[], 0)), "{role:?}");
        }
        assert!(!sees_messages(&me(&[Role::Region], &[], 0)));
        assert!(!sees_messages(&me(&[Role::Integration], &[], 0)));
    }

    #[test]
    fn announcements_are_read_by_families_and_posted_by_class_teachers_and_heads() {
        assert!(sees_announcements(&me(&[Role::Guardian], &[], 0)));
        assert!(!posts_announcements(&me(&[Role::Guardian], &[], 0)));
        assert!(sees_announcements(&me(&[Role::Student], &[], 0)));
        assert!(posts_announcements(&me(
            &[Role::Teacher, Role::ClassTeacher],
            &[],
            0
        )));
        assert!(posts_announcements(&me(&[Role::Deputy], &[], 0)));
        assert!(posts_announcements(&me(&[Role::Director], &[], 0)));
        assert!(!sees_announcements(&me(&[Role::Teacher], &[], 0)));
        assert!(!sees_announcements(&me(&[Role::Secretary], &[], 0)));
    }

    #[test]
    fn reports_are_for_the_leadership_and_teachers() {
        for role in [
            Role::Deputy,
            Role::Director,
            Role::Teacher,
            Role::ClassTeacher,
        ] {
            assert!(sees_reports(&me(&[role], &[], 0)), "{role:?}");
        }
        for role in [
            Role::Admin,
            Role::Secretary,
            Role::Guardian,
            Role::Student,
            Role::Region,
        ] {
            assert!(!sees_reports(&me(&[role], &[], 0)), "{role:?}");
        }
    }

    #[test]
    fn backups_are_for_the_admin_and_the_director() {
        assert!(sees_backups(&me(&[Role::Admin], &[], 0)));
        assert!(sees_backups(&me(&[Role::Director], &[], 0)));
        for role in [
            Role::Deputy,
            Role::Secretary,
            Role::Teacher,
            Role::ClassTeacher,
            Role::Guardian,
            Role::Student,
        ] {
            assert!(!sees_backups(&me(&[role], &[], 0)), "{role:?}");
        }
    }

    #[test]
    fn notification_settings_are_for_guardians() {
        assert!(sees_notifications(&me(&[Role::Guardian], &[], 0)));
        assert!(!sees_notifications(&me(&[Role::Student], &[], 0)));
        assert!(!sees_notifications(&me(
            &[Role::Teacher, Role::ClassTeacher],
            &[],
            0
        )));
    }
}
