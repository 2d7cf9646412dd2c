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
            Action::ViewStructure => &[
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
            // R-B7: by the director's order; R-A7: the admin carries it out.
            Action::RolloverYear => &[Role::Director, Role::Admin],
        }
    }
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn any_of_several_roles_is_enough() {
        let c = caller(&[Role::Teacher, Role::Deputy]);
        assert_eq!(c.authorize(Action::ViewAudit), Ok(()));
    }
}
