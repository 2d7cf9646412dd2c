//! Sessions (R-S6) and compromised credentials (R-S5).

use crate::audit::AuditEntry;
use crate::users::InitialPassword;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// One sign-in and its refreshes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    /// The last time it was used to get fresh tokens.
    pub last_seen_at: DateTime<Utc>,
    /// The network address it signed in from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The browser and system, e.g. `Chrome, Android`; none when the browser is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The browser's own description (its user agent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// It still works (not ended, its refresh token not expired).
    pub active: bool,
    /// The session this request comes from.
    pub current: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it ended: `logout`, `logout_all`, `ended_by_user`, `reused_token`, `password`,
    /// `compromise`, `by_admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
}

/// A report that credentials leaked: `POST /me/compromise`, `POST /users/{id}/compromise`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportCompromise {
    /// Since when the credentials may have been in someone else's hands; not after now. Without
    /// it, the 30 days before the report.
    #[serde(default)]
    pub suspected_since: Option<DateTime<Utc>>,
}

/// A report of compromised credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Compromise {
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_login: String,
    /// «Фамилия Имя Отчество».
    pub user_name: String,
    pub reported_by: Uuid,
    pub reported_by_name: String,
    pub reported_at: DateTime<Utc>,
    /// The window of invalid operations: from here to `reported_at`.
    pub suspected_since: DateTime<Utc>,
}

/// `POST /users/{id}/compromise`: the report and the account's new one-time password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompromiseReported {
    pub compromise: Compromise,
    pub password: InitialPassword,
}

/// How a listed operation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OperationStanding {
    /// A revert puts it back.
    Revertible,
    /// Already reverted (`by_seq` is the revert).
    Reverted,
    /// Someone else changed the same cell since (`by_seq`): a revert would overwrite their work.
    ChangedLater,
    /// Not a kind of change a revert puts back (a sign-in, a message, a final): judge it and undo
    /// it by hand where needed.
    NotRevertible,
}

/// One operation the account made in the window, with how it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompromisedOperation {
    pub entry: AuditEntry,
    /// For a journal cell: the page's subject and class, «Математика, 7Б».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_name: Option<String>,
    /// For a journal cell: the student, «Фамилия Имя».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_name: Option<String>,
    /// For a mark: its work type's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_type_name: Option<String>,
    pub standing: OperationStanding,
    /// The revert, or the later change by someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_seq: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_at: Option<DateTime<Utc>>,
}

/// `GET /compromises/{id}`: the report and a page of the account's operations in the window,
/// newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompromiseDetail {
    pub compromise: Compromise,
    pub operations: Vec<CompromisedOperation>,
    /// Every operation in the window.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

/// `GET /compromises/{id}` paging.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CompromisePaging {
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<i64>,
}

/// `POST /compromises/{id}/revert`: the operations to revert, by their place in the log.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevertOperations {
    #[validate(length(min = 1, max = 1000))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub seqs: Vec<i64>,
}

/// An operation a revert did not put back, and why: `changed_later`, `reverted`, `not_revertible`,
/// `not_in_report`, or the journal's own refusal (`period_locked`, `year_archived`, a change's
/// code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevertRefusal {
    pub seq: i64,
    pub code: String,
}

/// What a revert did: each asked operation is either reverted or refused, never skipped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevertOutcome {
    /// Put back (with the account's later changes to the same cells).
    pub reverted: Vec<i64>,
    pub refused: Vec<RevertRefusal>,
}
