//! The audit log as read through the API (R-P4).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// One audited change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Position in the school's chain, from 1.
    pub seq: i64,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_login: Option<String>,
    /// Role the actor acted in, e.g. `admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_role: Option<String>,
    /// What was done, e.g. `user.create`, `auth.login_failed`.
    pub action: String,
    /// Kind of object, e.g. `user`.
    pub entity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// `GET /api/v1/audit` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    /// Only entries of this action, e.g. `auth.login_failed`.
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub action: Option<String>,
    /// Only entries about this object kind.
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub entity: Option<String>,
    /// Only entries about this object id.
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub entity_id: Option<String>,
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<i64>,
}
