//! Accounts managed by the school's admin (R-A7, R-S1).

use chrono::{DateTime, Utc};
use journal_domain::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

/// `POST /api/v1/users`: create an account with roles in the caller's school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// Unique in the deployment: latin letters, digits, `.`, `-`, `_`; 3–64 characters.
    #[validate(length(min = 3, max = 64), custom(function = "validate_login"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 64, pattern = r"^[A-Za-z0-9._-]*$")
    )]
    pub login: String,
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub last_name: String,
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub first_name: String,
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    #[serde(default)]
    pub middle_name: Option<String>,
    /// At least one grantable role (`class_teacher` follows from leading a class).
    #[validate(length(min = 1, max = 10), custom(function = "validate_roles"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = grantable_roles))]
    pub roles: Vec<Role>,
}

/// Logins are ASCII so they can be typed on any keyboard layout.
pub fn validate_login(login: &str) -> Result<(), ValidationError> {
    let ok = login
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("login_characters"))
    }
}

/// The schema of `roles` as `validate_roles` checks it: 1–10 of the grantable roles.
#[cfg(feature = "openapi")]
fn grantable_roles() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let grantable = Role::ALL
        .iter()
        .filter(|r| r.is_grantable())
        .map(|r| r.as_str());
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(grantable)),
        )
        .min_items(Some(1))
        .max_items(Some(10))
        .description(Some(
            "At least one grantable role (`class_teacher` follows from leading a class).",
        ))
        .build()
}

fn validate_roles(roles: &[Role]) -> Result<(), ValidationError> {
    if roles.iter().all(|r| r.is_grantable()) {
        Ok(())
    } else {
        Err(ValidationError::new("role_not_grantable"))
    }
}

/// An account as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: Uuid,
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Roles in the caller's school.
    pub roles: Vec<Role>,
    /// The account still has a one-time password.
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<DateTime<Utc>>,
}

/// A one-time initial password, shown once to the admin to hand over (R-S1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InitialPassword {
    pub user: UserSummary,
    /// Valid once, until `expires_at`; the person must change it at first sign-in.
    pub initial_password: String,
    pub expires_at: DateTime<Utc>,
}

/// `GET /api/v1/users` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserFilter {
    /// Only accounts holding this role.
    #[serde(default)]
    pub role: Option<Role>,
    /// Part of the login or the last name, case-insensitive.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused() {
        let body = r#"{"login":"ivanova","last_name":"Иванова","first_name":"Мария","roles":["teacher"],"admin":true}"#;
        assert!(serde_json::from_str::<CreateUserRequest>(body).is_err());
    }

    #[test]
    fn class_teacher_cannot_be_granted_directly() {
        let req = CreateUserRequest {
            login: "petrov".into(),
            last_name: "Петров".into(),
            first_name: "Пётр".into(),
            middle_name: None,
            roles: vec![Role::ClassTeacher],
        };
        assert!(req.validate().is_err());
    }

    #[test]
    fn cyrillic_logins_are_refused() {
        assert!(validate_login("иванова").is_err());
        assert!(validate_login("ivanova.m_2").is_ok());
    }
}
