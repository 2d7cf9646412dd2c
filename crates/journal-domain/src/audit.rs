//! Every kind of action the audit log records (R-P4): one list, so the log's readers (the SPA's
//! filter and its words, exports) know them all. The server checks in debug builds, and so in every
//! test, that nothing is recorded under a name missing here.

/// The audited actions, `object.verb`, grouped as the filter shows them.
pub const ACTIONS: &[&str] = &[
    // Sign-in and sessions.
    "auth.login",
    "auth.login_failed",
    "auth.login_expired_password",
    "auth.login_no_school",
    "auth.refresh_reused",
    "auth.logout",
    "auth.logout_all",
    "auth.password_change",
    "auth.switch_school",
    "auth.session_end",
    // Accounts.
    "user.create",
    "user.grant_role",
    "user.initial_password",
    "user.logout_all",
    "user.compromise",
    "compromise.revert",
    "school.create",
    "demo.seed",
    "region.create",
    "region.seed",
    "region.add_school",
    "region.add_account",
    "integration.create",
    "integration.rotate",
    "integration.revoke",
    "integration.token",
    "integration.call",
    // The journal.
    "journal.mark",
    "journal.attendance",
    "journal.lesson",
    "journal.final",
    "journal.close",
    "journal.reopen",
    "homework_file.upload",
    "homework_file.delete",
    "journal_settings.update",
    "work_type.save",
    "subject_scale.save",
    // Inspection of the journal (R-R2).
    "remark.create",
    "remark.done",
    "remark.confirm",
    "remark.return",
    // The timetable and plans.
    "timetable.create",
    "timetable.end",
    "lesson.substitution",
    "lesson.cancellation",
    "lesson.move",
    "lesson.change_withdrawn",
    "control_work.create",
    "control_work.delete",
    "plan.replace",
    // The school's structure.
    "year.create",
    "year.calendar",
    "year.rollover",
    "calendar.periods",
    "bell_schedule.create",
    "room.create",
    "subject.create",
    "class.create",
    "assignment.create",
    "curriculum.replace",
    "group.create",
    "group.update",
    "group.delete",
    "group.member_add",
    "group.member_leave",
    // Students and families.
    "student.admit",
    "student.update",
    "student.birth_date",
    "student.transfer",
    "student.withdraw",
    "student.link_guardian",
    "student.unlink_guardian",
    "student.account",
    "guardian.create",
    "guardian.update",
    "guardian.consent",
    "guardian.account",
    "diary.acknowledge",
    // Messages.
    "thread.create",
    "message.send",
    "message.attach",
    "announcement.create",
    "notification_preferences.update",
    // Imports and exports.
    "import.staff",
    "import.classes",
    "import.students",
    "import.guardians",
    "import.links",
    "export.staff",
    "export.classes",
    "export.students",
    "export.guardians",
    "export.links",
    "export.audit",
    // The archive (R-P2).
    "archive.create",
];

/// The kinds of object an audited action is done to.
pub const ENTITIES: &[&str] = &[
    "user",
    "session",
    "compromise",
    "school",
    "region",
    "integration_client",
    "journal_page",
    "journal_settings",
    "journal_remark",
    "lesson",
    "timetable_entry",
    "control_work",
    "assignment",
    "curriculum",
    "school_year",
    "bell_schedule",
    "room",
    "subject",
    "class",
    "group",
    "student",
    "guardian",
    "message_thread",
    "import",
    "export",
    "archive",
];

/// Whether `action` is one the log knows.
pub fn is_known(action: &str) -> bool {
    ACTIONS.contains(&action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_named_once_as_object_dot_verb() {
        let mut seen = std::collections::HashSet::new();
        for a in ACTIONS {
            assert!(seen.insert(a), "{a} twice");
            let (object, verb) = a.split_once('.').unwrap_or_default();
            assert!(!object.is_empty() && !verb.is_empty(), "{a}");
            assert!(
                a.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'),
                "{a}"
            );
        }
        assert!(is_known("journal.mark") && !is_known("journal.unheard_of"));
    }
}
