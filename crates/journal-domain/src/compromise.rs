//! Compromised credentials (R-S5). When an account's password leaked, what it did from the
//! reported moment (or an earlier "suspected since") up to the report is invalid: the audit log
//! lists it, and the deputy or the admin reverts each change one by one or all at once. A revert
//! puts the cell back as it stood before the change, through the journal's ordinary write rules.
//!
//! A change stands in one of four ways ([`standing`]), judged from what was recorded on the same
//! cell after it:
//! - **reverted**: a later revert names it;
//! - **changed later**: someone other than the account (in the window) changed the cell since, not
//!   as a revert: reverting would overwrite their work, so it is refused and shown, never skipped;
//! - **revertible**: otherwise, for the kinds of change a revert can put back ([`REVERTIBLE`]);
//! - **not revertible**: everything else the account did (a sign-in, a message): listed to be
//!   judged and, where needed, undone by hand.

use chrono::{Duration, NaiveDateTime};

/// The audit actions a revert can put back: one journal cell each (a mark, an attendance, what a
/// lesson recorded: held, topic, homework). A period final is not among them: it is replaced by a
/// new one with its own reasons (R-F3), so it is judged and set again by hand.
pub const REVERTIBLE: &[&str] = &["journal.mark", "journal.attendance", "journal.lesson"];

/// Without a "suspected since", the window opens this long before the report.
pub const DEFAULT_WINDOW: Duration = Duration::days(30);

/// Why a report's window is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    /// "Suspected since" lies after the report.
    #[error("`suspected_since` is after the report")]
    SinceInFuture,
}

/// Where the window of a report made at `reported_at` opens (UTC): `suspected_since`, or
/// [`DEFAULT_WINDOW`] before the report.
pub fn window_start(
    reported_at: NaiveDateTime,
    suspected_since: Option<NaiveDateTime>,
) -> Result<NaiveDateTime, WindowError> {
    match suspected_since {
        Some(since) if since > reported_at => Err(WindowError::SinceInFuture),
        Some(since) => Ok(since),
        None => Ok(reported_at - DEFAULT_WINDOW),
    }
}

/// A later entry on the same cell as a listed change, as [`standing`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Later {
    /// Its place in the school's audit chain.
    pub seq: i64,
    /// Made by the compromised account within the report's window (so itself one of the invalid
    /// changes).
    pub by_account: bool,
    /// The changes it reverts (empty for an ordinary change).
    pub reverts: Vec<i64>,
}

/// How a listed change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Revertible,
    /// Reverted by the entry at this chain place.
    Reverted {
        by: i64,
    },
    /// Someone else changed the cell since, at this chain place.
    ChangedLater {
        by: i64,
    },
    NotRevertible,
}

/// How the change `action` at chain place `seq` stands, given the entries on the same cell after
/// it, in chain order (R-S5).
pub fn standing(action: &str, seq: i64, later: &[Later]) -> Standing {
    if !REVERTIBLE.contains(&action) {
        return Standing::NotRevertible;
    }
    if let Some(r) = later.iter().find(|l| l.reverts.contains(&seq)) {
        return Standing::Reverted { by: r.seq };
    }
    match later.iter().find(|l| !l.by_account && l.reverts.is_empty()) {
        Some(other) => Standing::ChangedLater { by: other.seq },
        None => Standing::Revertible,
    }
}

/// What reverting the change at `seq` undoes: the change itself and the account's later changes
/// to the same cell not yet reverted (the cell goes back to how it stood before `seq`, so they are
/// undone with it). Ask [`standing`] first.
pub fn undone_with(seq: i64, later: &[Later]) -> Vec<i64> {
    let reverted: Vec<i64> = later.iter().flat_map(|l| l.reverts.clone()).collect();
    let mut out = vec![seq];
    out.extend(
        later
            .iter()
            .filter(|l| l.by_account && l.reverts.is_empty() && !reverted.contains(&l.seq))
            .map(|l| l.seq),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    fn intruder(seq: i64) -> Later {
        Later {
            seq,
            by_account: true,
            reverts: vec![],
        }
    }

    fn someone_else(seq: i64) -> Later {
        Later {
            seq,
            by_account: false,
            reverts: vec![],
        }
    }

    fn revert(seq: i64, of: &[i64]) -> Later {
        Later {
            seq,
            by_account: false,
            reverts: of.to_vec(),
        }
    }

    #[test]
    fn the_window_opens_at_the_suspected_moment_or_a_month_before_the_report() {
        assert_eq!(window_start(at(12), Some(at(9))), Ok(at(9)));
        assert_eq!(window_start(at(12), None), Ok(at(12) - Duration::days(30)));
        assert_eq!(
            window_start(at(12), Some(at(13))),
            Err(WindowError::SinceInFuture)
        );
    }

    #[test]
    fn a_change_nobody_touched_since_is_revertible_and_only_cells_are() {
        assert_eq!(standing("journal.mark", 5, &[]), Standing::Revertible);
        assert_eq!(standing("journal.attendance", 5, &[]), Standing::Revertible);
        assert_eq!(standing("journal.lesson", 5, &[]), Standing::Revertible);
        assert_eq!(standing("auth.login", 5, &[]), Standing::NotRevertible);
        assert_eq!(standing("journal.final", 5, &[]), Standing::NotRevertible);
    }

    #[test]
    fn a_later_change_by_someone_else_stops_the_revert_but_the_accounts_own_do_not() {
        // R-S5: "refused where a later change by someone else would be overwritten".
        assert_eq!(
            standing("journal.mark", 5, &[intruder(7), someone_else(9)]),
            Standing::ChangedLater { by: 9 }
        );
        assert_eq!(
            standing("journal.mark", 5, &[intruder(7)]),
            Standing::Revertible
        );
        // A revert of a later change by the account is not someone else's work.
        assert_eq!(
            standing("journal.mark", 5, &[intruder(7), revert(9, &[7])]),
            Standing::Revertible
        );
    }

    #[test]
    fn a_reverted_change_says_by_which_entry() {
        assert_eq!(
            standing("journal.mark", 5, &[revert(8, &[5, 7])]),
            Standing::Reverted { by: 8 }
        );
        // Reverted, then changed by someone else: still shown as reverted.
        assert_eq!(
            standing("journal.mark", 5, &[revert(8, &[5]), someone_else(9)]),
            Standing::Reverted { by: 8 }
        );
    }

    #[test]
    fn reverting_a_change_undoes_the_accounts_later_changes_to_the_cell_not_yet_reverted() {
        assert_eq!(undone_with(5, &[]), vec![5]);
        assert_eq!(undone_with(5, &[intruder(7), intruder(8)]), vec![5, 7, 8]);
        assert_eq!(
            undone_with(5, &[intruder(7), revert(8, &[7]), intruder(9)]),
            vec![5, 9]
        );
    }
}
