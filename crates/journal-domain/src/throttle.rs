//! Sign-in throttling (R-S4). The counters live in the database (several server nodes share
//! them); this module only decides.
//!
//! Two counters guard every password check (a sign-in, or the current password of a password
//! change):
//!
//! - **per account** (the login as typed, known or not, so answers do not tell them apart):
//!   [`FREE_FAILURES`] failures cost nothing; after that each attempt waits [`FIRST_DELAY`],
//!   doubling with every further failure up to [`MAX_DELAY`]. The account is never locked: its
//!   owner waits at most [`MAX_DELAY`] however many strangers guessed, and a correct password
//!   clears the count. Failures older than [`FORGET_AFTER`] are forgotten.
//! - **per address**: at most `address_limit` failures in [`WINDOW`] (a setting: a whole school
//!   may sign in from one NAT address), then the address waits for the window to end; 0 turns it
//!   off. A successful sign-in takes its attempt back, so a school's busy morning never counts.
//!
//! An attempt is counted *before* its password is checked (as a failure until it succeeds), in
//! the same transaction that read the counters, so a burst of parallel guesses gets at most the
//! free attempts checked.

use chrono::{Duration, NaiveDateTime};

/// Failures of an account that cost no waiting.
pub const FREE_FAILURES: i64 = 5;
/// The wait after the first failure past the free ones; it doubles with each further failure.
pub const FIRST_DELAY: Duration = Duration::seconds(30);
/// The longest an account ever waits between attempts.
pub const MAX_DELAY: Duration = Duration::minutes(10);
/// An account's failures are forgotten this long after the last one.
pub const FORGET_AFTER: Duration = Duration::hours(24);
/// The window of the per-address count.
pub const WINDOW: Duration = Duration::minutes(15);
/// Default failures per address within [`WINDOW`].
pub const DEFAULT_ADDRESS_LIMIT: i64 = 100;

/// The deployment's throttling settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Failures from one address within [`WINDOW`] before it waits; 0 = no per-address limit.
    pub address_limit: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            address_limit: DEFAULT_ADDRESS_LIMIT,
        }
    }
}

/// A counter as stored: failures since `since`, the last at `last_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub failures: i64,
    /// Start of the count (the address's window).
    pub since: NaiveDateTime,
    /// The latest counted attempt.
    pub last_at: NaiveDateTime,
}

/// Whether a password may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Check it; store these counters first (the attempt counted as a failure).
    Allowed { account: Counter, address: Counter },
    /// Not now: try again after this many seconds.
    HeldBack { retry_after_secs: i64 },
}

/// How long an account with `failures` consecutive failures waits after the last one.
pub fn account_delay(failures: i64) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::zero();
    }
    let doublings = (failures - FREE_FAILURES).min(16) as i32;
    (FIRST_DELAY * 2_i32.pow(doublings as u32)).min(MAX_DELAY)
}

fn live_account(c: Option<Counter>, now: NaiveDateTime) -> Option<Counter> {
    c.filter(|c| now - c.last_at < FORGET_AFTER)
}

fn live_address(c: Option<Counter>, now: NaiveDateTime) -> Option<Counter> {
    c.filter(|c| now - c.since < WINDOW)
}

fn secs_until(at: NaiveDateTime, now: NaiveDateTime) -> i64 {
    // Round up, and never answer "retry after 0 seconds".
    ((at - now).num_milliseconds() + 999)
        .div_euclid(1000)
        .max(1)
}

/// Decide an attempt at `now` from the stored counters (R-S4).
pub fn verdict(
    settings: Settings,
    account: Option<Counter>,
    address: Option<Counter>,
    now: NaiveDateTime,
) -> Verdict {
    let account = live_account(account, now);
    let address = live_address(address, now);
    let mut wait_until: Option<NaiveDateTime> = None;
    if let Some(a) = account {
        let until = a.last_at + account_delay(a.failures);
        if until > now {
            wait_until = Some(until);
        }
    }
    if let Some(a) = address {
        if settings.address_limit > 0 && a.failures >= settings.address_limit {
            let until = a.since + WINDOW;
            wait_until = Some(wait_until.map_or(until, |w| w.max(until)));
        }
    }
    if let Some(until) = wait_until {
        return Verdict::HeldBack {
            retry_after_secs: secs_until(until, now),
        };
    }
    let count = |c: Option<Counter>| match c {
        Some(c) => Counter {
            failures: c.failures + 1,
            since: c.since,
            last_at: now,
        },
        None => Counter {
            failures: 1,
            since: now,
            last_at: now,
        },
    };
    Verdict::Allowed {
        account: count(account),
        address: count(address),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t0() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 4)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
    }

    /// Run `n` failed attempts at the earliest moments they are allowed; the time of the last.
    fn fail(
        settings: Settings,
        account: &mut Option<Counter>,
        address: &mut Option<Counter>,
        mut now: NaiveDateTime,
        n: usize,
    ) -> NaiveDateTime {
        for _ in 0..n {
            loop {
                match verdict(settings, *account, *address, now) {
                    Verdict::Allowed {
                        account: a,
                        address: b,
                    } => {
                        *account = Some(a);
                        *address = Some(b);
                        break;
                    }
                    Verdict::HeldBack { retry_after_secs } => {
                        now += Duration::seconds(retry_after_secs);
                    }
                }
            }
        }
        now
    }

    #[test]
    fn the_first_failures_are_free_then_the_wait_doubles_to_its_cap() {
        assert_eq!(account_delay(FREE_FAILURES - 1), Duration::zero());
        assert_eq!(account_delay(FREE_FAILURES), FIRST_DELAY);
        assert_eq!(account_delay(FREE_FAILURES + 1), FIRST_DELAY * 2);
        assert_eq!(account_delay(FREE_FAILURES + 2), FIRST_DELAY * 4);
        assert_eq!(account_delay(FREE_FAILURES + 100), MAX_DELAY);
        assert_eq!(account_delay(i64::MAX), MAX_DELAY);
    }

    #[test]
    fn a_burst_gets_only_the_free_attempts_checked() {
        let settings = Settings::default();
        let (mut account, mut address) = (None, None);
        let now = t0();
        let mut checked = 0;
        for _ in 0..150 {
            if let Verdict::Allowed {
                account: a,
                address: b,
            } = verdict(settings, account, address, now)
            {
                account = Some(a);
                address = Some(b);
                checked += 1;
            }
        }
        assert_eq!(checked, FREE_FAILURES);
        assert_eq!(
            verdict(settings, account, address, now),
            Verdict::HeldBack {
                retry_after_secs: FIRST_DELAY.num_seconds()
            }
        );
    }

    #[test]
    fn the_owner_is_never_locked_out_for_longer_than_the_cap() {
        let settings = Settings { address_limit: 0 };
        let (mut account, mut address) = (None, None);
        // A stranger keeps guessing for a day.
        let last = fail(settings, &mut account, &mut address, t0(), 200);
        match verdict(settings, account, None, last) {
            Verdict::HeldBack { retry_after_secs } => {
                assert!(retry_after_secs <= MAX_DELAY.num_seconds())
            }
            v => panic!("expected a wait, got {v:?}"),
        }
        assert!(matches!(
            verdict(settings, account, None, last + MAX_DELAY),
            Verdict::Allowed { .. }
        ));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let settings = Settings::default();
        let (mut account, mut address) = (None, None);
        let last = fail(settings, &mut account, &mut address, t0(), 8);
        match verdict(settings, account, address, last + FORGET_AFTER) {
            Verdict::Allowed { account, .. } => assert_eq!(account.failures, 1),
            v => panic!("expected a check, got {v:?}"),
        }
    }

    #[test]
    fn an_address_waits_for_its_window_at_the_limit_and_zero_turns_it_off() {
        let settings = Settings { address_limit: 3 };
        let now = t0();
        let busy = Counter {
            failures: 3,
            since: now - Duration::minutes(5),
            last_at: now,
        };
        assert_eq!(
            verdict(settings, None, Some(busy), now),
            Verdict::HeldBack {
                retry_after_secs: (WINDOW - Duration::minutes(5)).num_seconds()
            }
        );
        // A new window starts afresh.
        match verdict(settings, None, Some(busy), busy.since + WINDOW) {
            Verdict::Allowed { address, .. } => assert_eq!(address.failures, 1),
            v => panic!("expected a check, got {v:?}"),
        }
        assert!(matches!(
            verdict(Settings { address_limit: 0 }, None, Some(busy), now),
            Verdict::Allowed { .. }
        ));
    }
}
