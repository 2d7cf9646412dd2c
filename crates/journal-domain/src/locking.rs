//! Locking a journal page after the period's finals (R-F2): a class-or-group × subject × period
//! closes when its teacher closes it (or sets all finals), or automatically a number of days after
//! the period ends if the school says so; the deputy or director reopens it with a reason, for good
//! or until a date. The latest close or reopen decides.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// One close or reopen of a page, in the order they happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LockEvent {
    /// The teacher closed the period (explicitly or by setting the last final).
    Close,
    /// The deputy or director reopened it, until the end of `until` if given.
    Reopen { until: Option<NaiveDate> },
}

/// Whether a page is locked on `today`, given its close/reopen history (oldest first), the
/// period's last day and the school's automatic lock (`auto_lock_days` after the period ends).
pub fn is_locked(
    events: &[LockEvent],
    period_ends_on: NaiveDate,
    auto_lock_days: Option<u16>,
    today: NaiveDate,
) -> bool {
    match events.last() {
        Some(LockEvent::Close) => true,
        Some(LockEvent::Reopen { until }) => until.is_some_and(|u| today > u),
        None => {
            auto_lock_days.is_some_and(|n| today > period_ends_on + Duration::days(i64::from(n)))
        }
    }
}

/// Why a close or reopen is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LockProblem {
    #[error("the period is already closed")]
    AlreadyClosed,
    #[error("the period is not closed")]
    NotClosed,
    #[error("a reopen must last at least until today")]
    UntilInThePast,
}

impl LockProblem {
    pub fn code(self) -> &'static str {
        match self {
            LockProblem::AlreadyClosed => "period_already_closed",
            LockProblem::NotClosed => "period_not_closed",
            LockProblem::UntilInThePast => "reopen_until_past",
        }
    }
}

/// Check that a page may be closed now.
pub fn may_close(
    events: &[LockEvent],
    period_ends_on: NaiveDate,
    auto_lock_days: Option<u16>,
    today: NaiveDate,
) -> Result<(), LockProblem> {
    if is_locked(events, period_ends_on, auto_lock_days, today) {
        Err(LockProblem::AlreadyClosed)
    } else {
        Ok(())
    }
}

/// Check that a page may be reopened now, until `until` if given.
pub fn may_reopen(
    events: &[LockEvent],
    period_ends_on: NaiveDate,
    auto_lock_days: Option<u16>,
    today: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<(), LockProblem> {
    if !is_locked(events, period_ends_on, auto_lock_days, today) {
        return Err(LockProblem::NotClosed);
    }
    reopen_until(today, until)
}

/// Check the last day of a reopen on its own: it may not be before today. A reopen of many pages
/// at once asks this before any page (the whole request is refused), then [`may_reopen`] for each.
pub fn reopen_until(today: NaiveDate, until: Option<NaiveDate>) -> Result<(), LockProblem> {
    if until.is_some_and(|u| u < today) {
        Err(LockProblem::UntilInThePast)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn close_locks_reopen_unlocks_until_its_date() {
        let end = d(2025, 10, 24);
        let today = d(2025, 10, 27);
        assert!(!is_locked(&[], end, None, today), "open without a close");
        assert!(is_locked(&[LockEvent::Close], end, None, today));
        let reopened = [
            LockEvent::Close,
            LockEvent::Reopen {
                until: Some(d(2025, 10, 30)),
            },
        ];
        assert!(!is_locked(&reopened, end, None, d(2025, 10, 30)));
        assert!(
            is_locked(&reopened, end, None, d(2025, 10, 31)),
            "locks again after the reopen's last day"
        );
        let closed_again = [reopened[0], reopened[1], LockEvent::Close];
        assert!(is_locked(&closed_again, end, None, d(2025, 10, 28)));
    }

    #[test]
    fn the_automatic_lock_comes_n_days_after_the_period() {
        let end = d(2025, 10, 24);
        assert!(!is_locked(&[], end, Some(5), d(2025, 10, 29)));
        assert!(is_locked(&[], end, Some(5), d(2025, 10, 30)));
        let reopened = [LockEvent::Reopen { until: None }];
        assert!(!is_locked(&reopened, end, Some(5), d(2025, 12, 1)));
    }

    #[test]
    fn closing_twice_and_reopening_an_open_page_are_refused() {
        let end = d(2025, 10, 24);
        let today = d(2025, 10, 27);
        assert_eq!(
            may_close(&[LockEvent::Close], end, None, today),
            Err(LockProblem::AlreadyClosed)
        );
        assert_eq!(
            may_reopen(&[], end, None, today, None),
            Err(LockProblem::NotClosed)
        );
        assert_eq!(
            may_reopen(&[LockEvent::Close], end, None, today, Some(d(2025, 10, 26))),
            Err(LockProblem::UntilInThePast)
        );
        assert!(may_reopen(&[LockEvent::Close], end, None, today, Some(today)).is_ok());
        assert_eq!(
            reopen_until(today, Some(d(2025, 10, 26))),
            Err(LockProblem::UntilInThePast)
        );
        assert_eq!(reopen_until(today, Some(today)), Ok(()));
        assert_eq!(reopen_until(today, None), Ok(()));
    }

    fn events() -> impl Strategy<Value = Vec<LockEvent>> {
        prop::collection::vec(
            prop_oneof![
                Just(LockEvent::Close),
                Just(LockEvent::Reopen { until: None }),
                (0i64..60).prop_map(|n| LockEvent::Reopen {
                    until: Some(d(2025, 10, 24) + Duration::days(n)),
                }),
            ],
            0..8,
        )
    }

    proptest! {
        #[test]
        fn a_close_always_locks(ev in events(), auto in proptest::option::of(0u16..30), day in 0i64..90) {
            let mut ev = ev;
            ev.push(LockEvent::Close);
            let today = d(2025, 10, 1) + Duration::days(day);
            prop_assert!(is_locked(&ev, d(2025, 10, 24), auto, today));
        }

        #[test]
        fn a_reopen_for_good_always_unlocks(ev in events(), auto in proptest::option::of(0u16..30), day in 0i64..90) {
            let mut ev = ev;
            ev.push(LockEvent::Reopen { until: None });
            let today = d(2025, 10, 1) + Duration::days(day);
            prop_assert!(!is_locked(&ev, d(2025, 10, 24), auto, today));
        }

        #[test]
        fn once_locked_by_time_a_page_stays_locked(ev in events(), auto in proptest::option::of(0u16..30), a in 0i64..90, b in 0i64..90) {
            let (early, late) = (d(2025, 10, 1) + Duration::days(a.min(b)), d(2025, 10, 1) + Duration::days(a.max(b)));
            let end = d(2025, 10, 24);
            if is_locked(&ev, end, auto, early) {
                prop_assert!(is_locked(&ev, end, auto, late));
            }
        }
    }
}
