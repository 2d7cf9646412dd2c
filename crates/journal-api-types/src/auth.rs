//! Sign-in, tokens and the caller's own account (R-S1–R-S6).

use chrono::{DateTime, Utc};
use journal_domain::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub login: String,
    #[validate(length(min = 1, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub password: String,
}

/// Tokens issued by sign-in, refresh, password change and school switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// Short-lived JWT for `Authorization: Bearer …`.
    pub access_token: String,
    /// Opaque token for `POST /api/v1/auth/refresh`; rotated on every use.
    pub refresh_token: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
    /// Always `Bearer`.
    pub token_type: String,
    /// When true the access token only allows `POST /api/v1/auth/password` (first sign-in with a
    /// one-time password).
    pub must_change_password: bool,
}

/// `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 256))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub refresh_token: String,
}

/// `POST /api/v1/auth/password`: change one's own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The current (or one-time) password.
    #[validate(length(min = 1, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub current_password: String,
    /// At least 8 characters, not a common password, not the login (R-S2).
    #[validate(length(min = 1, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub new_password: String,
}

/// `POST /api/v1/auth/switch-school`: continue in another school where the person holds roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SwitchSchoolRequest {
    pub school_id: Uuid,
}

/// A school and the caller's roles in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub school_id: Uuid,
    pub school_name: String,
    pub roles: Vec<Role>,
}

/// `GET /api/v1/me`: who the caller is and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user_id: Uuid,
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// The school the access token is active for.
    pub school_id: Uuid,
    pub school_name: String,
    /// Roles in the active school, `class_teacher` included when the person leads a class.
    pub roles: Vec<Role>,
    /// Classes the person leads in the active school, e.g. `7А`.
    pub led_classes: Vec<String>,
    /// Every school where the person holds roles, for the school switcher.
    pub memberships: Vec<Membership>,
    pub must_change_password: bool,
    /// The current session's sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<DateTime<Utc>>,
    /// The sign-in before it: what the person sees as «Последний вход».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_login_at: Option<DateTime<Utc>>,
    /// The students whose diary the caller reads as family: a guardian's children, a student
    /// themselves (R-A2, R-A3). Empty for staff.
    #[serde(default)]
    pub students: Vec<crate::diary::MyStudent>,
    /// The school's time zone (IANA name, e.g. `Asia/Vladivostok`) and its offset from UTC now,
    /// in minutes: the interface's "today" is the school's, not the browser's.
    pub timezone: String,
    pub utc_offset_minutes: i32,
}
