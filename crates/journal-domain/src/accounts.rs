//! Lifetimes of credentials and tokens (R-S1, R-S3).

use chrono::{DateTime, Duration, Utc};

/// An access token lives a quarter of an hour; the SPA refreshes it silently (R-S3).
pub const ACCESS_TOKEN_TTL: Duration = Duration::minutes(15);
/// A refresh token lives thirty days unless rotated, revoked or its family is revoked (R-S3).
pub const REFRESH_TOKEN_TTL: Duration = Duration::days(30);
/// A one-time initial password is valid for a week: long enough to hand printed slips out in class
/// (R-S1).
pub const INITIAL_PASSWORD_TTL: Duration = Duration::days(7);

/// The state of an account's password as far as signing in is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordState {
    /// A password the user chose.
    Permanent,
    /// A one-time password issued by the admin, valid until the given time or until the user sets
    /// a password of their own; it signs in only to set that password, so a parent who closed the
    /// tab or mistyped the new password signs in with the same slip again.
    OneTime { expires_at: DateTime<Utc> },
    /// No password to sign in with: a placeholder while an account is created, and the state of
    /// one-time passwords spent at the first sign-in by earlier versions. The admin issues a new one.
    OneTimeUsed,
}

/// What a correct password lets the user do right now (R-S1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    /// A full session.
    Full,
    /// A session that may only change the password.
    MustChangePassword,
    /// The one-time password expired (or was spent by an earlier version): the admin must issue a
    /// new one.
    Expired,
}

impl PasswordState {
    /// Decide what signing in with this (correct) password gives at `now`.
    pub fn sign_in(self, now: DateTime<Utc>) -> SignIn {
        match self {
            PasswordState::Permanent => SignIn::Full,
            PasswordState::OneTime { expires_at } if now < expires_at => SignIn::MustChangePassword,
            PasswordState::OneTime { .. } | PasswordState::OneTimeUsed => SignIn::Expired,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_password_signs_in_for_the_change_until_it_expires() {
        let now = Utc::now();
        let fresh = PasswordState::OneTime {
            expires_at: now + INITIAL_PASSWORD_TTL,
        };
        assert_eq!(fresh.sign_in(now), SignIn::MustChangePassword);
        // A second attempt the next day (the first change failed) signs in the same way.
        assert_eq!(
            fresh.sign_in(now + Duration::days(1)),
            SignIn::MustChangePassword
        );
        assert_eq!(fresh.sign_in(now + INITIAL_PASSWORD_TTL), SignIn::Expired);
        assert_eq!(PasswordState::OneTimeUsed.sign_in(now), SignIn::Expired);
        assert_eq!(PasswordState::Permanent.sign_in(now), SignIn::Full);
    }
}

/// Whether a session still works (R-S6): not ended, and its last refresh token not expired (a
/// session is continued only by a refresh, which issues a token valid [`REFRESH_TOKEN_TTL`]).
pub fn session_active(
    ended: bool,
    last_seen: chrono::NaiveDateTime,
    now: chrono::NaiveDateTime,
) -> bool {
    !ended && last_seen + REFRESH_TOKEN_TTL > now
}

/// How far back a person's ended sessions are shown (R-S6: "recent sign-ins").
pub const RECENT_SESSIONS: Duration = Duration::days(30);

#[cfg(test)]
mod session_tests {
    use super::*;

    #[test]
    fn a_session_works_until_ended_or_its_last_refresh_token_expires() {
        let seen = chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap_or_default();
        assert!(session_active(false, seen, seen + Duration::hours(1)));
        assert!(!session_active(true, seen, seen + Duration::hours(1)));
        assert!(!session_active(false, seen, seen + REFRESH_TOKEN_TTL));
    }
}
