//! Roles (R-A1).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A role a person holds in one school (R-A1). A person may hold several; `ClassTeacher` is a relation
/// (the teacher leads a class) and is derived, never stored on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Director,
    Deputy,
    Admin,
    Secretary,
    Teacher,
    ClassTeacher,
    Guardian,
    Student,
    Region,
    Integration,
}

impl Role {
    /// Every role, in the order the interface lists them.
    pub const ALL: [Role; 10] = [
        Role::Director,
        Role::Deputy,
        Role::Admin,
        Role::Secretary,
        Role::Teacher,
        Role::ClassTeacher,
        Role::Guardian,
        Role::Student,
        Role::Region,
        Role::Integration,
    ];

    /// The stable code used in the database, tokens and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Director => "director",
            Role::Deputy => "deputy",
            Role::Admin => "admin",
            Role::Secretary => "secretary",
            Role::Teacher => "teacher",
            Role::ClassTeacher => "class_teacher",
            Role::Guardian => "guardian",
            Role::Student => "student",
            Role::Region => "region",
            Role::Integration => "integration",
        }
    }

    /// Whether the role can be granted directly. `class_teacher` follows from leading a class.
    pub fn is_grantable(self) -> bool {
        self != Role::ClassTeacher
    }

    /// Whether the role belongs to school staff (as opposed to families and machine clients).
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Director
                | Role::Deputy
                | Role::Admin
                | Role::Secretary
                | Role::Teacher
                | Role::ClassTeacher
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not a known role code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn class_teacher_is_a_relation_not_a_grant() {
        assert!(!Role::ClassTeacher.is_grantable());
        assert!(Role::Teacher.is_grantable());
    }
}
