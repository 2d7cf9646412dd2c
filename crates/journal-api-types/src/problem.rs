//! Errors as `application/problem+json` (RFC 9457) with a stable `code` the SPA translates.

use serde::{Deserialize, Serialize};

/// An error answer. `code` is stable and documented; `title` and `detail` are for people. The
/// request id is in the `X-Request-Id` response header (and in the audit log and server log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:journal:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short English summary of the kind of problem.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// Stable machine-readable code, e.g. `invalid_credentials`, `validation_failed`.
    pub code: crate::ErrorCode,
    /// What happened in this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Field-level problems of a refused request body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The lesson in the way, for `teacher_double_booked`, `room_double_booked` and
    /// `class_double_booked`: the client says it in its own language (the `detail` is English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clash: Option<Box<Clash>>,
}

/// The lesson a new weekly lesson or a change of one clashes with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clash {
    /// E.g. `7А`.
    pub class_name: String,
    /// The group, for a lesson of a subgroup or a stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_name: String,
    /// Who teaches it (the substitute that day, for a substituted lesson).
    pub teacher_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_name: Option<String>,
    /// A weekly lesson's day, 1 = Monday; absent for a dated lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<u8>,
    /// A dated lesson's day; absent for a weekly lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    pub lesson_number: u8,
}

/// One field of a request body that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field name as in the request body.
    pub field: String,
    /// Stable code of the rule, e.g. `length`, `required`, `password_too_short`.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}
