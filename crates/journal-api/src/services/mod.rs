//! Services the routes share: what more than one route module needs lives here, so no route
//! module imports another.

pub(crate) mod diary;
pub(crate) mod files;
pub(crate) mod lessons;
pub(crate) mod page;
pub(crate) mod structure;

use crate::auth::Session;
use crate::error::ApiError;
use journal_api_types::ErrorCode;
use journal_db::audit::{AuditEvent, AuditKey};
use journal_db::DbConnection;
use journal_domain::Action;

/// Refuse writes into an archived year (R-B7).
pub(crate) fn ensure_open(year: &journal_db::structure::SchoolYear) -> Result<(), ApiError> {
    if year.is_archived() {
        Err(ApiError::conflict(
            ErrorCode::YearArchived,
            format!("the year {} is archived and read-only", year.name),
        ))
    } else {
        Ok(())
    }
}

/// An audit event for something `session` does to `entity`.
pub(crate) fn audit_event(
    session: &Session,
    acting_role: String,
    action: &str,
    entity: &str,
    entity_id: impl Into<String>,
) -> AuditEvent {
    AuditEvent {
        school_id: Some(session.caller.school_id),
        actor_id: Some(session.caller.user_id),
        actor_role: Some(acting_role),
        action: action.to_owned(),
        entity: entity.to_owned(),
        entity_id: Some(entity_id.into()),
        before: None,
        after: None,
        request_id: Some(session.request_id.clone()),
    }
}

/// Record in the audit log, in the caller's transaction, that `session` did `what` (action,
/// object kind, object id) acting in the role `action` allows it, with the object before and after.
pub(crate) fn record_audit(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    action: Action,
    what: (&str, &str, String),
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), crate::error::ApiError> {
    let (verb, entity, id) = what;
    let mut event = audit_event(
        session,
        session.acting_role(action.allowed_roles()),
        verb,
        entity,
        id,
    );
    event.before = before;
    event.after = after;
    journal_db::audit::record(conn, key, &event)?;
    Ok(())
}

/// Times in API answers are UTC with an offset.
pub(crate) fn utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    t.and_utc()
}

/// A stored id as a UUID (ids are written by this program, so a bad one is corruption).
pub(crate) fn uuid_of(s: &str) -> Result<uuid::Uuid, crate::error::ApiError> {
    uuid::Uuid::parse_str(s).map_err(crate::error::ApiError::internal)
}
