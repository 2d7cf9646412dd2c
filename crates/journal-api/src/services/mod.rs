//! Services the routes share: what more than one route module needs lives here, so no route
//! module imports another.

pub(crate) mod compromise;
pub(crate) mod diary;
pub(crate) mod files;
pub(crate) mod lessons;
pub(crate) mod page;
pub(crate) mod print;
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

/// The role an audit entry records for the caller: the one `Action` allows (the caller's first
/// role among them), or one the handler decided itself (a teacher's own page, a sign-in).
pub(crate) enum Acting {
    For(Action),
    As(String),
}

impl From<Action> for Acting {
    fn from(a: Action) -> Self {
        Acting::For(a)
    }
}

impl From<String> for Acting {
    fn from(role: String) -> Self {
        Acting::As(role)
    }
}

/// An audit entry for something `session` does (`verb`, e.g. `user.create`) to `entity` `id`,
/// acting in the role `acting` gives. Handlers that record one entry use [`record_audit`]; those
/// that gather several build them here and record them at once with `audit::record_many`.
pub(crate) fn audit_event(
    session: &Session,
    acting: impl Into<Acting>,
    verb: &str,
    entity: &str,
    entity_id: impl Into<String>,
) -> AuditEvent {
    debug_assert!(
        journal_domain::audit::is_known(verb),
        "the audit action {verb} is not in journal_domain::audit::ACTIONS"
    );
    let role = match acting.into() {
        Acting::For(action) => session.acting_role(action.allowed_roles()),
        Acting::As(role) => role,
    };
    AuditEvent {
        school_id: Some(session.caller.school_id),
        actor_id: Some(session.caller.user_id),
        actor_role: Some(role),
        action: verb.to_owned(),
        entity: entity.to_owned(),
        entity_id: Some(entity_id.into()),
        before: None,
        after: None,
        request_id: Some(session.request_id.clone()),
    }
}

/// Record in the audit log, in the caller's transaction, that `session` did `what` (verb, object
/// kind, object id) acting as `acting`, with the object before and after. The one way a handler
/// writes a single audit entry (ARCHITECTURE, Audit).
pub(crate) fn record_audit(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    acting: impl Into<Acting>,
    what: (&str, &str, impl Into<String>),
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), ApiError> {
    let (verb, entity, id) = what;
    let mut event = audit_event(session, acting, verb, entity, id);
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

/// An audit log entry as the API shows it, with its actor's login.
pub(crate) fn audit_entry(
    r: journal_db::audit::AuditRow,
    login: Option<String>,
) -> Result<journal_api_types::audit::AuditEntry, ApiError> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    Ok(journal_api_types::audit::AuditEntry {
        seq: r.seq,
        at: utc(r.at),
        actor_id: r.actor_id.as_deref().map(uuid_of).transpose()?,
        actor_login: login,
        actor_role: r.actor_role,
        action: r.action,
        entity: r.entity,
        entity_id: r.entity_id,
        before: json(r.before_json),
        after: json(r.after_json),
        request_id: r.request_id,
    })
}
