//! Sign-in throttling (R-S4). The counts come from the database (several server nodes share them);
//! this module only decides.

use chrono::Duration;

/// Failures are counted over this window.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failed attempts on one account within the window before it is held back.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Failed attempts from one address within the window before it is held back. Higher than the
/// account limit: a whole class may sign in from one school address.
pub const ADDRESS_LIMIT: i64 = 50;

/// Recent failed attempts relevant to one sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecentFailures {
    /// Failures for the login being tried (known or not: an unknown login is counted the same way,
    /// so the answers do not tell them apart).
    pub account: i64,
    /// Failures from the caller's address.
    pub address: i64,
}

/// Whether a sign-in attempt may be checked at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Too many failures: try again after this many seconds.
    HeldBack {
        retry_after_secs: i64,
    },
}

/// Decide whether to check the password now (R-S4).
pub fn verdict(recent: RecentFailures) -> Verdict {
    if recent.account >= ACCOUNT_LIMIT || recent.address >= ADDRESS_LIMIT {
        Verdict::HeldBack {
            retry_after_secs: WINDOW.num_seconds(),
        }
    } else {
        Verdict::Allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_is_held_back_at_the_limit() {
        let under = RecentFailures {
            account: ACCOUNT_LIMIT - 1,
            address: 0,
        };
        assert_eq!(verdict(under), Verdict::Allowed);
        let at = RecentFailures {
            account: ACCOUNT_LIMIT,
            address: 0,
        };
        assert!(matches!(verdict(at), Verdict::HeldBack { .. }));
    }

    #[test]
    fn address_is_held_back_at_its_own_limit() {
        let busy_school = RecentFailures {
            account: 0,
            address: ADDRESS_LIMIT - 1,
        };
        assert_eq!(verdict(busy_school), Verdict::Allowed);
        let attack = RecentFailures {
            account: 0,
            address: ADDRESS_LIMIT,
        };
        assert!(matches!(verdict(attack), Verdict::HeldBack { .. }));
    }
}
