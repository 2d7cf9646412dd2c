//! Integration clients (R-A10): machines that read a school's (or a region's) data with the
//! OAuth 2.0 client-credentials grant (RFC 6749 §4.4). A client is registered by its school's
//! admin with a name and scopes; it gets its secret once (stored hashed, rotated, revoked); a token
//! carries the scopes granted, read-only unless a scope says otherwise.
//!
//! This module decides which scopes a token request gets and whether a scope covers an operation;
//! the server gathers the facts (the client's registration, the request) and answers.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// How long a client's access token lives: clients ask again, with their secret, when it ends.
pub const CLIENT_TOKEN_TTL: Duration = Duration::hours(1);

/// Calls one client may make in a minute; past them it waits for the next minute (429).
pub const CALLS_PER_MINUTE: u32 = 600;

/// Count a call of a client whose current window (its start and calls so far) is `window`:
/// the window as it stands after this call, or the seconds to wait when the minute is used up.
pub fn admit(
    window: Option<(NaiveDateTime, u32)>,
    now: NaiveDateTime,
    limit: u32,
) -> Result<(NaiveDateTime, u32), i64> {
    match window {
        Some((start, calls)) if now < start + Duration::minutes(1) => {
            if calls >= limit {
                Err((start + Duration::minutes(1) - now).num_seconds().max(1))
            } else {
                Ok((start, calls + 1))
            }
        }
        _ => Ok((now, 1)),
    }
}

/// The longest client name.
pub const MAX_NAME: usize = 120;

/// A scope a client may hold: OneRoster 1.2's own URIs (so rostering and gradebook software asks
/// for what it knows), and Journal's own for what OneRoster does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scope {
    /// `…/scope/roster-core.readonly`: orgs, academic sessions, classes, courses, users,
    /// enrollments.
    #[serde(rename = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly")]
    RosterCore,
    /// `…/scope/roster.readonly`: every rostering read except demographics (covers roster-core).
    #[serde(rename = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly")]
    Roster,
    /// `…/scope/roster-demographics.readonly`: demographics, where the guardian's consent allows.
    #[serde(rename = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly")]
    RosterDemographics,
    /// `…/scope/gradebook-core.readonly`: line items and results.
    #[serde(rename = "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook-core.readonly")]
    GradebookCore,
    /// `…/scope/gradebook.readonly`: every gradebook read (covers gradebook-core).
    #[serde(rename = "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.readonly")]
    Gradebook,
    /// `journal.exports.readonly`: Journal's streaming exports of the school's (or region's)
    /// records (R-E2).
    #[serde(rename = "journal.exports.readonly")]
    Exports,
}

impl Scope {
    pub const ALL: [Scope; 6] = [
        Scope::RosterCore,
        Scope::Roster,
        Scope::RosterDemographics,
        Scope::GradebookCore,
        Scope::Gradebook,
        Scope::Exports,
    ];

    /// The scope's URI (or name), as tokens and registrations carry it.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::RosterCore => {
                "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly"
            }
            Scope::Roster => "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly",
            Scope::RosterDemographics => {
                "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly"
            }
            Scope::GradebookCore => {
                "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook-core.readonly"
            }
            Scope::Gradebook => "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.readonly",
            Scope::Exports => "journal.exports.readonly",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether holding `self` covers an operation that needs `needed`: a scope covers itself,
    /// `roster.readonly` covers `roster-core.readonly`, `gradebook.readonly` covers
    /// `gradebook-core.readonly`.
    pub fn covers(self, needed: Scope) -> bool {
        self == needed
            || matches!(
                (self, needed),
                (Scope::Roster, Scope::RosterCore) | (Scope::Gradebook, Scope::GradebookCore)
            )
    }
}

/// Whether any of `held` covers `needed`.
pub fn allows(held: &[Scope], needed: Scope) -> bool {
    held.iter().any(|h| h.covers(needed))
}

/// A list of scopes as stored and sent: their URIs separated by single spaces (RFC 6749 §3.3).
pub fn join(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Read a space-separated list; `None` when a scope is unknown. Repeats are kept once, in order.
pub fn split(list: &str) -> Option<Vec<Scope>> {
    let mut out: Vec<Scope> = Vec::new();
    for s in list.split(' ').filter(|s| !s.is_empty()) {
        let scope = Scope::parse(s)?;
        if !out.contains(&scope) {
            out.push(scope);
        }
    }
    Some(out)
}

/// What a token request is refused with, as RFC 6749 §5.2 names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    /// `invalid_scope`: a scope unknown, or not registered for the client.
    #[error("invalid_scope")]
    InvalidScope,
}

/// The scopes a token gets (RFC 6749 §3.3): the requested ones, each registered for the client,
/// or, with no `scope` asked, all the registered ones. An empty request (`scope=`) is the same as
/// none asked.
pub fn granted(requested: Option<&str>, registered: &[Scope]) -> Result<Vec<Scope>, GrantError> {
    let asked = match requested.map(str::trim).filter(|s| !s.is_empty()) {
        None => return Ok(registered.to_vec()),
        Some(list) => split(list).ok_or(GrantError::InvalidScope)?,
    };
    if asked.iter().all(|s| registered.contains(s)) {
        Ok(asked)
    } else {
        Err(GrantError::InvalidScope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R-A10, RFC 6749 §3.3: the registered scopes when none are asked; a subset when asked;
    /// anything beyond them refused.
    #[test]
    fn a_token_gets_what_was_asked_within_the_registration() {
        let registered = [Scope::RosterCore, Scope::GradebookCore];
        assert_eq!(granted(None, &registered), Ok(registered.to_vec()));
        assert_eq!(granted(Some("  "), &registered), Ok(registered.to_vec()));
        assert_eq!(
            granted(Some(Scope::GradebookCore.as_str()), &registered),
            Ok(vec![Scope::GradebookCore])
        );
        assert_eq!(
            granted(Some(Scope::RosterDemographics.as_str()), &registered),
            Err(GrantError::InvalidScope)
        );
        assert_eq!(
            granted(Some("write-everything"), &registered),
            Err(GrantError::InvalidScope)
        );
        let both = format!(
            "{} {}",
            Scope::RosterCore.as_str(),
            Scope::RosterCore.as_str()
        );
        assert_eq!(
            granted(Some(&both), &registered),
            Ok(vec![Scope::RosterCore])
        );
    }

    /// R-A10: a client is throttled per minute, and the next minute starts afresh.
    #[test]
    fn calls_are_counted_per_minute() {
        let t0 = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default();
        let mut w = admit(None, t0, 3);
        assert_eq!(w, Ok((t0, 1)));
        for n in 2..=3 {
            w = admit(w.ok(), t0 + Duration::seconds(10), 3);
            assert_eq!(w, Ok((t0, n)));
        }
        assert_eq!(admit(w.ok(), t0 + Duration::seconds(45), 3), Err(15));
        let later = t0 + Duration::seconds(60);
        assert_eq!(admit(w.ok(), later, 3), Ok((later, 1)));
    }

    #[test]
    fn the_wider_oneroster_scopes_cover_their_core() {
        assert!(allows(&[Scope::Roster], Scope::RosterCore));
        assert!(!allows(&[Scope::RosterCore], Scope::Roster));
        assert!(!allows(&[Scope::Roster], Scope::RosterDemographics));
        assert!(allows(&[Scope::Gradebook], Scope::GradebookCore));
        assert!(!allows(&[Scope::GradebookCore], Scope::Gradebook));
        assert!(!allows(&[], Scope::Exports));
    }

    #[test]
    fn scopes_read_back_as_written() {
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::from(s.as_str()))
            );
        }
        assert_eq!(split(&join(&Scope::ALL)), Some(Scope::ALL.to_vec()));
        assert_eq!(split("roster.readonly"), None);
    }
}
