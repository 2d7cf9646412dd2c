//! The audit log as read through the API (R-P4).

use chrono::{DateTime, NaiveDate, Utc};
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
    /// Only entries made by this person (the account that acted).
    #[serde(default)]
    pub actor_id: Option<Uuid>,
    /// Only entries from this day on, by the school's clock (inclusive). Not after `to`, and the
    /// span at most 366 days (else `400 invalid_span`).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Only entries up to the end of this day, by the school's clock (inclusive).
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<i64>,
}

/// `GET /api/v1/audit/export` filters: those of [`AuditFilter`] without the paging, all combined.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditExportQuery {
    /// Only entries of this action, e.g. `auth.login_failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub action: Option<String>,
    /// Only entries about this object kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub entity: Option<String>,
    /// Only entries about this object id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub entity_id: Option<String>,
    /// Only entries made by this person (the account that acted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// Only entries from this day on, by the school's clock (inclusive). Not after `to`, and the
    /// span at most 366 days (else `400 invalid_span`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Only entries up to the end of this day, by the school's clock (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

impl From<&AuditFilter> for AuditExportQuery {
    /// The filters of a list, without its paging: the export of what the list shows.
    fn from(f: &AuditFilter) -> Self {
        Self {
            action: f.action.clone(),
            entity: f.entity.clone(),
            entity_id: f.entity_id.clone(),
            actor_id: f.actor_id,
            from: f.from,
            to: f.to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_takes_the_lists_filters_without_its_paging() {
        let f = AuditFilter {
            action: Some("user.create".into()),
            actor_id: Some(Uuid::nil()),
            from: NaiveDate::from_ymd_opt(2025, 11, 1),
            to: NaiveDate::from_ymd_opt(2025, 11, 30),
            offset: Some(50),
            limit: Some(50),
            ..AuditFilter::default()
        };
        let q = AuditExportQuery::from(&f);
        assert_eq!(q.action.as_deref(), Some("user.create"));
        assert_eq!((q.actor_id, q.from, q.to), (f.actor_id, f.from, f.to));
        let text = serde_json::to_value(&q).unwrap().to_string();
        assert!(
            !text.contains("offset") && !text.contains("limit"),
            "{text}"
        );
    }
}
