//! Who may keep or read a journal page (class-or-group × subject × period): R-A4, R-A5, R-A6,
//! R-T2. The server builds a [`PageRelation`] from the caller's roles and the page's teacher,
//! class and lessons; the rule lives here so it is stated and tested once.

use crate::Role;

/// How the caller stands to one journal page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRelation<'a> {
    pub roles: &'a [Role],
    /// The caller is the teacher of the page's teaching assignment.
    pub page_teacher: bool,
    /// The caller leads the page's class (a relation, whatever the token's roles say).
    pub class_teacher: bool,
    /// The caller substitutes in at least one of the page's lessons.
    pub covers_a_lesson: bool,
}

/// What the caller may do with a page as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PageAccess {
    /// Write marks, attendance, topics, homework and finals, close the period: the deputy, the
    /// director, the page's teacher (R-A4, R-A6).
    Keep,
    /// Read the page: the class teacher (who also sets absence reasons, R-A5, R-J3), or a
    /// substitute who writes only the lessons they cover (R-T2).
    Read,
}

/// Why a page is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PageDenied {
    /// Students read their diary, never the class journal.
    #[error("students have no journal")]
    Student,
    /// No relation to the page.
    #[error("this journal page is not yours")]
    NotYours,
}

impl PageRelation<'_> {
    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn access(&self) -> Result<PageAccess, PageDenied> {
        if self.has(Role::Student) && self.roles.len() == 1 {
            return Err(PageDenied::Student);
        }
        if self.has(Role::Deputy) || self.has(Role::Director) {
            return Ok(PageAccess::Keep);
        }
        if self.has(Role::Teacher) && self.page_teacher {
            return Ok(PageAccess::Keep);
        }
        if self.class_teacher || self.covers_a_lesson {
            return Ok(PageAccess::Read);
        }
        Err(PageDenied::NotYours)
    }
}

/// The sheets of a whole class — the finals summary (R-F5) and the guardians' acknowledgements
/// (R-D2): its class teacher, the deputy and the director.
pub fn may_read_class_sheets(roles: &[Role], leads_class: bool) -> bool {
    leads_class || roles.contains(&Role::Deputy) || roles.contains(&Role::Director)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(roles: &[Role]) -> PageRelation<'_> {
        PageRelation {
            roles,
            page_teacher: false,
            class_teacher: false,
            covers_a_lesson: false,
        }
    }

    #[test]
    fn the_administration_and_the_pages_teacher_keep_it() {
        assert_eq!(rel(&[Role::Deputy]).access(), Ok(PageAccess::Keep));
        assert_eq!(rel(&[Role::Director]).access(), Ok(PageAccess::Keep));
        let teacher = PageRelation {
            page_teacher: true,
            ..rel(&[Role::Teacher])
        };
        assert_eq!(teacher.access(), Ok(PageAccess::Keep));
        // Being named on the assignment is not enough without the teacher role.
        let former = PageRelation {
            page_teacher: true,
            ..rel(&[Role::Secretary])
        };
        assert_eq!(former.access(), Err(PageDenied::NotYours));
    }

    #[test]
    fn class_teachers_and_substitutes_read_it() {
        let leads = PageRelation {
            class_teacher: true,
            ..rel(&[Role::Teacher])
        };
        assert_eq!(leads.access(), Ok(PageAccess::Read));
        let covers = PageRelation {
            covers_a_lesson: true,
            ..rel(&[Role::Teacher])
        };
        assert_eq!(covers.access(), Ok(PageAccess::Read));
    }

    #[test]
    fn others_are_refused_and_students_have_no_journal() {
        assert_eq!(rel(&[Role::Teacher]).access(), Err(PageDenied::NotYours));
        assert_eq!(rel(&[Role::Guardian]).access(), Err(PageDenied::NotYours));
        assert_eq!(rel(&[Role::Secretary]).access(), Err(PageDenied::NotYours));
        let student = PageRelation {
            class_teacher: true,
            ..rel(&[Role::Student])
        };
        assert_eq!(student.access(), Err(PageDenied::Student));
    }

    #[test]
    fn class_sheets_are_for_the_class_teacher_and_the_administration() {
        assert!(may_read_class_sheets(&[Role::Teacher], true));
        assert!(may_read_class_sheets(&[Role::Deputy], false));
        assert!(may_read_class_sheets(&[Role::Director], false));
        assert!(!may_read_class_sheets(&[Role::Teacher], false));
        assert!(!may_read_class_sheets(
            &[Role::Secretary, Role::Guardian],
            false
        ));
    }
}
