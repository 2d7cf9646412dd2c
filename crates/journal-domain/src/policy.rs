//! Who may do what (R-A1–R-A11). Handlers ask [`Caller::authorize`] or [`Caller::authorize_in`]; no
//! handler decides access on its own.

use crate::{Role, SchoolId, UserId};
use serde::{Deserialize, Serialize};

/// The authenticated person making a request, in the school their token is active for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    pub user_id: UserId,
    pub school_id: SchoolId,
    pub roles: Vec<Role>,
}

/// Something a caller asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the accounts of the school and their roles.
    ViewAccounts,
    /// Create accounts, grant roles, issue one-time passwords, end someone's sessions (R-A7, R-S1).
    ManageAccounts,
    /// Read the audit log of the school (R-P4).
    ViewAudit,
    /// See the school's structure: years, calendars, bells, rooms, subjects, classes, assignments,
    /// the timetable (R-B2–R-B4, R-T1).
    ViewStructure,
    /// Set up years, calendars, bells, rooms, subjects, classes and assignments (R-A7, R-A6).
    ManageStructure,
    /// Form the timetable and register substitutions, cancellations and moves (R-A6, R-T2).
    ManageTimetable,
    /// Open the new school year from the old one (R-B7).
    RolloverYear,
    /// Read students, guardians, their links and movement history (R-B5). Staff only: families
    /// see their own diary, never the roster (R-A2, R-A3).
    ViewPeople,
    /// Admit, transfer and withdraw students (R-B5; R-A8 secretary, R-A6 deputy and director,
    /// R-A7 admin).
    MoveStudents,
    /// Edit a student's or a guardian's personal data, create guardians and link or unlink them
    /// (R-B5). The office roles may do it for any student of the school; a class teacher only for
    /// the students of a class they lead and those students' guardians (R-A5, R-A11).
    EditPeople,
    /// Import students, guardians and their links from a file (R-B6; R-A7 admin, R-A8 the
    /// secretary keeps the student records).
    ImportPeople,
    /// Import staff (creates accounts with one-time passwords) and classes (school structure):
    /// the admin's (R-B6, R-A7, R-S1).
    ImportStructure,
    /// Export any of the importable lists (R-B6; R-A7 admin, R-A8 secretary).
    ExportLists,
    /// Add students to a group and take them out (R-B3). Whoever manages the structure may do it
    /// for any group; a class teacher for the subgroups of a class they lead (R-A5 "splits the
    /// class into groups"): the handler puts the class teacher into the object's scope only for a
    /// subgroup.
    ManageGroupMembers,
    /// Set how the journal marks: scales per subject and grade, work types and their weights, the
    /// forecast's rounding thresholds, the automatic lock (R-J2, R-F2, R-F6; R-A6).
    ManageJournalSettings,
    /// Confirm having seen a child's week or period (R-D2): the child's guardian; the handler
    /// checks the link (`diary::StudentRelation`).
    AcknowledgeDiary,
    /// Close or reopen a period for every page of a class, or of the whole school, at once
    /// (R-F2: the deputy or the director reopens; R-A6). Each page is still decided by
    /// `locking::may_close` / `locking::may_reopen`.
    LockPeriods,
    /// Inspect the journal (R-R2): record remarks on journal pages, confirm the teachers'
    /// resolutions or return them. The deputy and the director (R-A6); the page's teacher answers
    /// a remark by `remarks::decide`, not by this action.
    InspectJournal,
    /// See the school's archive packages and check their integrity, and the seal key's public half
    /// (R-P2, R-P5): the leadership and the admin who keeps the system.
    ViewArchives,
    /// Write an archive package of a period or a year (R-P2): the deputy and the director (it is
    /// also written by itself when a period is closed for the whole school).
    CreateArchives,
    /// See the backups: their schedule, size and age (R-P3: the responsible person, the admin;
    /// and the director who answers for them).
    ViewBackups,
    /// See the reports of compromised credentials and what the account did, and revert it
    /// (R-S5: "listed for the deputy/admin, who can revert them"); the director too (R-A6).
    ReviewCompromises,
    /// Register integration clients, rotate their secrets, revoke them (R-A10: "the school's
    /// admin registers an integration client"; R-A7: the admin runs the system's connections).
    ManageIntegrations,
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// The caller's roles do not allow the action.
    #[error("the caller's roles do not allow this")]
    Role,
    /// The object belongs to another school; answered as "not found" so nothing is revealed (R-A11).
    #[error("the object belongs to another school")]
    OtherSchool,
}

impl Action {
    /// The roles that may perform the action in their own school.
    pub fn allowed_roles(self) -> &'static [Role] {
        match self {
            // R-A7: the admin manages accounts; R-A6/R-A8: leadership and the secretary look them up.
            Action::ViewAccounts => &[Role::Admin, Role::Director, Role::Deputy, Role::Secretary],
            Action::ManageAccounts => &[Role::Admin],
            // R-P4: the log is for those who control the journal and run the system.
            Action::ViewAudit => &[Role::Admin, Role::Director, Role::Deputy],
            Action::ViewStructure | Action::ViewPeople => &[
                Role::Admin,
                Role::Director,
                Role::Deputy,
                Role::Secretary,
                Role::Teacher,
                Role::ClassTeacher,
            ],
            Action::ManageStructure => &[Role::Admin, Role::Director, Role::Deputy],
            // R-A6: only the deputy and the director form the timetable and register substitutions.
            Action::ManageTimetable => &[Role::Director, Role::Deputy],
            Action::ManageJournalSettings => &[Role::Director, Role::Deputy],
            // R-F2: closing or reopening many pages at once is the leadership's.
            Action::LockPeriods => &[Role::Deputy, Role::Director],
            // R-R2: the deputy records remarks and confirms them; the director may too (R-A6).
            Action::InspectJournal => &[Role::Deputy, Role::Director],
            Action::AcknowledgeDiary => &[Role::Guardian],
            // R-P2: the archive is the school's record, kept by its leadership and its admin.
            Action::ViewArchives => &[Role::Admin, Role::Director, Role::Deputy],
            Action::CreateArchives => &[Role::Director, Role::Deputy],
            Action::ViewBackups => &[Role::Admin, Role::Director],
            Action::ReviewCompromises => &[Role::Admin, Role::Director, Role::Deputy],
            Action::ManageIntegrations => &[Role::Admin],
            // R-B7: by the director's order; R-A7: the admin carries it out.
            Action::RolloverYear => &[Role::Director, Role::Admin],
            Action::MoveStudents => &[Role::Secretary, Role::Admin, Role::Deputy, Role::Director],
            // `ClassTeacher` is bound to the object: see `Caller::authorize_on` (R-A5).
            Action::EditPeople => &[
                Role::Secretary,
                Role::Admin,
                Role::Deputy,
                Role::Director,
                Role::ClassTeacher,
            ],
            Action::ImportPeople | Action::ExportLists => &[Role::Admin, Role::Secretary],
            Action::ImportStructure => &[Role::Admin],
            // `ClassTeacher` is bound to the object: see `Caller::authorize_on` (R-A5).
            Action::ManageGroupMembers => &[
                Role::Admin,
                Role::Director,
                Role::Deputy,
                Role::ClassTeacher,
            ],
        }
    }
}

/// What the policy needs to know about one object (a student, a guardian) to decide on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectScope {
    /// The school owning the object.
    pub school: SchoolId,
    /// The class teachers of the classes the object belongs to: for a student, of their current
    /// class; for a guardian, of the current classes of their linked children.
    pub class_teachers: Vec<UserId>,
}

/// Roles that hold only for objects the caller is related to: a class teacher acts on their own
/// class, not on every class (R-A5).
fn bound_to_object(role: Role) -> bool {
    role == Role::ClassTeacher
}

impl Caller {
    /// Whether the caller holds `role` in the active school.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// May the caller do `action` in their own school?
    pub fn authorize(&self, action: Action) -> Result<(), Denied> {
        if action.allowed_roles().iter().any(|r| self.has(*r)) {
            Ok(())
        } else {
            Err(Denied::Role)
        }
    }

    /// May the caller do `action` to an object owned by `school`? An object of another school is
    /// refused as [`Denied::OtherSchool`] before roles are looked at (R-A11).
    pub fn authorize_in(&self, action: Action, school: SchoolId) -> Result<(), Denied> {
        if school != self.school_id {
            return Err(Denied::OtherSchool);
        }
        self.authorize(action)
    }

    /// May the caller do `action` to this object? Another school's object is [`Denied::OtherSchool`]
    /// (R-A11). A role bound to the object (class teacher) counts only when the caller leads a class
    /// the object belongs to (R-A5): an object-level check, not a role-only one.
    pub fn authorize_on(&self, action: Action, object: &ObjectScope) -> Result<(), Denied> {
        if object.school != self.school_id {
            return Err(Denied::OtherSchool);
        }
        let allowed = action.allowed_roles().iter().any(|r| {
            self.has(*r) && (!bound_to_object(*r) || object.class_teachers.contains(&self.user_id))
        });
        if allowed {
            Ok(())
        } else {
            Err(Denied::Role)
        }
    }
}

/// Why the caller may not manage an account's credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsDenied {
    /// The caller may not manage accounts at all, or the account holds no role in the caller's
    /// school (then answered as "not found", R-A11).
    #[error("{0}")]
    Denied(Denied),
    /// The account also belongs to schools where the caller is not an administrator.
    #[error(
        "the account also belongs to {0} other school(s) where the caller is not an administrator"
    )]
    OtherSchools(usize),
}

/// May the caller reset the password of an account or end all its sessions (R-A7, R-S1, R-S5)?
///
/// An account's password and sessions are one for the whole deployment, not one per school: a
/// reset in one school opens every school the account belongs to. So an administrator may manage
/// the credentials only of an account every school of which they administer (`admin_of`: the
/// schools where the caller holds the admin role; `account_in`: the schools where the account
/// holds any role). An account in another school is "not found" (R-A11); one that also belongs to
/// a school the caller does not administer is refused, and is reset by an administrator of all
/// its schools or with `journal user reset-password` on the server.
/// The role an audit entry records for what the caller does (R-P4): `teacher` when they act on
/// teaching that is theirs (their assignment, a lesson they give) and hold the teacher role;
/// otherwise the first of the roles allowing the action (`allowed`, in the order given) that they
/// hold, else their first role. The journal, the plans, the lesson files and every other audited
/// write ask this one rule.
pub fn acting_role(roles: &[Role], teaches_it: bool, allowed: &[Role]) -> Option<Role> {
    if teaches_it && roles.contains(&Role::Teacher) {
        return Some(Role::Teacher);
    }
    allowed
        .iter()
        .find(|r| roles.contains(r))
        .or(roles.first())
        .copied()
}

pub fn may_manage_credentials(
    caller: &Caller,
    admin_of: &[SchoolId],
    account_in: &[SchoolId],
) -> Result<(), CredentialsDenied> {
    caller
        .authorize(Action::ManageAccounts)
        .map_err(CredentialsDenied::Denied)?;
    if !account_in.contains(&caller.school_id) {
        return Err(CredentialsDenied::Denied(Denied::OtherSchool));
    }
    let foreign = account_in.iter().filter(|s| !admin_of.contains(s)).count();
    if foreign > 0 {
        return Err(CredentialsDenied::OtherSchools(foreign));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_of_an_account_in_several_schools_need_an_admin_of_each() {
        let (one, two) = (SchoolId::new(), SchoolId::new());
        let admin_of_two = Caller {
            user_id: UserId::new(),
            school_id: two,
            roles: vec![Role::Admin],
        };
        // Only in the caller's school: allowed.
        assert_eq!(
            may_manage_credentials(&admin_of_two, &[two], &[two]),
            Ok(())
        );
        // Also in school one, which the caller does not administer: refused.
        assert_eq!(
            may_manage_credentials(&admin_of_two, &[two], &[one, two]),
            Err(CredentialsDenied::OtherSchools(1))
        );
        // An admin of both may.
        assert_eq!(
            may_manage_credentials(&admin_of_two, &[one, two], &[one, two]),
            Ok(())
        );
        // Not in the caller's school at all: not found.
        assert_eq!(
            may_manage_credentials(&admin_of_two, &[one, two], &[one]),
            Err(CredentialsDenied::Denied(Denied::OtherSchool))
        );
        // Not an admin: refused by role.
        let teacher = Caller {
            roles: vec![Role::Teacher],
            ..admin_of_two
        };
        assert_eq!(
            may_manage_credentials(&teacher, &[], &[two]),
            Err(CredentialsDenied::Denied(Denied::Role))
        );
    }

    fn caller(roles: &[Role]) -> Caller {
        Caller {
            user_id: UserId::new(),
            school_id: SchoolId::new(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn only_admin_manages_accounts() {
        assert_eq!(
            caller(&[Role::Admin]).authorize(Action::ManageAccounts),
            Ok(())
        );
        for role in [Role::Director, Role::Teacher, Role::Guardian, Role::Student] {
            assert_eq!(
                caller(&[role]).authorize(Action::ManageAccounts),
                Err(Denied::Role),
                "{role}"
            );
        }
    }

    #[test]
    fn families_never_see_accounts_or_audit() {
        for role in [Role::Guardian, Role::Student] {
            let c = caller(&[role]);
            assert!(c.authorize(Action::ViewAccounts).is_err());
            assert!(c.authorize(Action::ViewAudit).is_err());
        }
    }

    #[test]
    fn another_school_is_refused_even_for_admin() {
        let c = caller(&[Role::Admin]);
        assert_eq!(
            c.authorize_in(Action::ManageAccounts, SchoolId::new()),
            Err(Denied::OtherSchool)
        );
        assert_eq!(c.authorize_in(Action::ManageAccounts, c.school_id), Ok(()));
    }

    #[test]
    fn class_teacher_edits_people_of_their_own_class_only() {
        let c = caller(&[Role::Teacher, Role::ClassTeacher]);
        let own = ObjectScope {
            school: c.school_id,
            class_teachers: vec![c.user_id],
        };
        let other = ObjectScope {
            school: c.school_id,
            class_teachers: vec![UserId::new()],
        };
        assert_eq!(c.authorize_on(Action::EditPeople, &own), Ok(()));
        assert_eq!(
            c.authorize_on(Action::EditPeople, &other),
            Err(Denied::Role)
        );
        assert_eq!(
            c.authorize_on(Action::MoveStudents, &own),
            Err(Denied::Role)
        );
        let foreign = ObjectScope {
            school: SchoolId::new(),
            class_teachers: vec![c.user_id],
        };
        assert_eq!(
            c.authorize_on(Action::EditPeople, &foreign),
            Err(Denied::OtherSchool)
        );
        // The secretary needs no relation to the class.
        let s = caller(&[Role::Secretary]);
        let scope = ObjectScope {
            school: s.school_id,
            class_teachers: vec![],
        };
        assert_eq!(s.authorize_on(Action::EditPeople, &scope), Ok(()));
    }

    #[test]
    fn families_never_see_the_roster_and_only_office_roles_import() {
        for role in [Role::Guardian, Role::Student] {
            let c = caller(&[role]);
            assert!(c.authorize(Action::ViewPeople).is_err());
            assert!(c.authorize(Action::EditPeople).is_err());
        }
        for role in [Role::Admin, Role::Secretary] {
            assert_eq!(caller(&[role]).authorize(Action::ImportPeople), Ok(()));
            assert_eq!(caller(&[role]).authorize(Action::ExportLists), Ok(()));
        }
        assert_eq!(
            caller(&[Role::Admin]).authorize(Action::ImportStructure),
            Ok(())
        );
        assert!(caller(&[Role::Secretary])
            .authorize(Action::ImportStructure)
            .is_err());
        for role in [
            Role::Director,
            Role::Deputy,
            Role::Teacher,
            Role::ClassTeacher,
        ] {
            assert!(caller(&[role]).authorize(Action::ImportPeople).is_err());
        }
        assert!(caller(&[Role::Teacher])
            .authorize(Action::MoveStudents)
            .is_err());
    }

    #[test]
    fn only_leadership_forms_the_timetable() {
        assert_eq!(
            caller(&[Role::Deputy]).authorize(Action::ManageTimetable),
            Ok(())
        );
        for role in [Role::Admin, Role::Teacher, Role::Secretary] {
            assert!(
                caller(&[role]).authorize(Action::ManageTimetable).is_err(),
                "{role}"
            );
        }
        assert!(caller(&[Role::Guardian])
            .authorize(Action::ViewStructure)
            .is_err());
    }

    #[test]
    fn only_the_deputy_and_the_director_close_a_period_for_many_pages() {
        // R-F2, R-A6: a teacher closes their own page, never a class's or the school's.
        for role in [Role::Deputy, Role::Director] {
            assert_eq!(caller(&[role]).authorize(Action::LockPeriods), Ok(()));
        }
        for role in [
            Role::Admin,
            Role::Secretary,
            Role::Teacher,
            Role::ClassTeacher,
            Role::Guardian,
            Role::Student,
        ] {
            assert_eq!(
                caller(&[role]).authorize(Action::LockPeriods),
                Err(Denied::Role),
                "{role}"
            );
        }
    }

    #[test]
    fn class_teacher_keeps_the_group_lists_of_their_own_class_only() {
        let c = caller(&[Role::Teacher, Role::ClassTeacher]);
        let own = ObjectScope {
            school: c.school_id,
            class_teachers: vec![c.user_id],
        };
        let other = ObjectScope {
            school: c.school_id,
            class_teachers: vec![],
        };
        assert_eq!(c.authorize_on(Action::ManageGroupMembers, &own), Ok(()));
        assert_eq!(
            c.authorize_on(Action::ManageGroupMembers, &other),
            Err(Denied::Role)
        );
        assert!(
            c.authorize(Action::ManageStructure).is_err(),
            "but makes no groups"
        );
        let d = caller(&[Role::Deputy]);
        let scope = ObjectScope {
            school: d.school_id,
            class_teachers: vec![],
        };
        assert_eq!(d.authorize_on(Action::ManageGroupMembers, &scope), Ok(()));
        let t = caller(&[Role::Teacher]);
        assert!(t.authorize(Action::ManageGroupMembers).is_err());
    }

    #[test]
    fn any_of_several_roles_is_enough() {
        let c = caller(&[Role::Teacher, Role::Deputy]);
        assert_eq!(c.authorize(Action::ViewAudit), Ok(()));
    }

    #[test]
    fn the_audit_records_the_teacher_only_for_their_own_teaching() {
        use super::acting_role;
        let deputy_who_teaches = [Role::Deputy, Role::Teacher];
        // R-P4: on her own page she acts as its teacher, on another's as the deputy.
        assert_eq!(
            acting_role(&deputy_who_teaches, true, &[Role::Deputy, Role::Director]),
            Some(Role::Teacher)
        );
        assert_eq!(
            acting_role(&deputy_who_teaches, false, &[Role::Deputy, Role::Director]),
            Some(Role::Deputy)
        );
        // Owning the teaching without the teacher role is not acting as one.
        assert_eq!(
            acting_role(&[Role::Director], true, &[Role::Deputy, Role::Director]),
            Some(Role::Director)
        );
        assert_eq!(
            acting_role(&[Role::Secretary], false, &[]),
            Some(Role::Secretary)
        );
        assert_eq!(acting_role(&[], false, &[Role::Deputy]), None);
    }
}
