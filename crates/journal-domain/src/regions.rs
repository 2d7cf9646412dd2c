//! What a region (municipality) reads of its schools (R-A9, R-E4): the aggregated figures of the
//! schools it owns, by school, class, subject and period, and nothing that names a person unless an
//! export is explicitly personal and the account is allowed it.
//!
//! A regional figure is the school reports' own arithmetic (`crate::reports`) summed: the tallies
//! of finals, the students by standing, the absences and the journal filling are counts, so the
//! region's is the sum of its schools' and the per-cent figures are computed from the sums.

use crate::calendar::PeriodKind;
use serde::{Deserialize, Serialize};

/// What a region account asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionRead {
    /// Figures without names: every member reads them.
    Aggregates,
    /// An export that names people: only a member allowed personal exports, each download audited.
    PersonalExport,
}

/// Why a region refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegionDenied {
    /// Not a member of this region (another region's, or no region account at all): nothing of
    /// it is revealed, not even that it exists.
    #[error("not a region of this account")]
    NotMember,
    /// A member without the permission for personal exports.
    #[error("this account reads the region's figures, not exports that name people")]
    NotPersonal,
}

/// Whether a caller whose membership of the region is `member` (`Some(personal_exports)`, or
/// `None` when not a member) may `read` (R-A9).
pub fn may_read(member: Option<bool>, read: RegionRead) -> Result<(), RegionDenied> {
    match (member, read) {
        (None, _) => Err(RegionDenied::NotMember),
        (Some(false), RegionRead::PersonalExport) => Err(RegionDenied::NotPersonal),
        (Some(_), _) => Ok(()),
    }
}

/// The period a regional report is over, the same in every school: a period of a kind and number
/// («2-я четверть», «1-е полугодие») or the whole year's finals. Each school's own period of that
/// kind and number is taken (its dates are the school's); a school without one adds nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodChoice {
    Period(PeriodKind, u8),
    Year,
}

impl PeriodChoice {
    /// Read `quarter-2`, `trimester-1`, `half-2` or `year`; the number must be within the kind's
    /// count a year.
    pub fn parse(s: &str) -> Option<PeriodChoice> {
        if s == "year" {
            return Some(PeriodChoice::Year);
        }
        let (kind, n) = s.split_once('-')?;
        let kind = match kind {
            "quarter" => PeriodKind::Quarter,
            "trimester" => PeriodKind::Trimester,
            "half" => PeriodKind::Half,
            _ => return None,
        };
        let n: u8 = n.parse().ok()?;
        (1..=kind.per_year())
            .contains(&n)
            .then_some(PeriodChoice::Period(kind, n))
    }

    /// Its text, as [`PeriodChoice::parse`] reads it.
    pub fn code(self) -> String {
        match self {
            PeriodChoice::Year => "year".into(),
            PeriodChoice::Period(kind, n) => {
                let kind = match kind {
                    PeriodKind::Quarter => "quarter",
                    PeriodKind::Trimester => "trimester",
                    PeriodKind::Half => "half",
                };
                format!("{kind}-{n}")
            }
        }
    }

    /// Whether a school's period (its kind and number) is the one chosen.
    pub fn is(self, kind: PeriodKind, number: i32) -> bool {
        matches!(self, PeriodChoice::Period(k, n) if k == kind && i32::from(n) == number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R-A9: a member reads figures; only the permitted member reads personal exports; another
    /// region's account reads nothing.
    #[test]
    fn members_read_figures_and_only_permitted_ones_personal_exports() {
        assert_eq!(may_read(Some(false), RegionRead::Aggregates), Ok(()));
        assert_eq!(
            may_read(Some(false), RegionRead::PersonalExport),
            Err(RegionDenied::NotPersonal)
        );
        assert_eq!(may_read(Some(true), RegionRead::PersonalExport), Ok(()));
        assert_eq!(
            may_read(None, RegionRead::Aggregates),
            Err(RegionDenied::NotMember)
        );
        assert_eq!(
            may_read(None, RegionRead::PersonalExport),
            Err(RegionDenied::NotMember)
        );
    }

    #[test]
    fn periods_are_read_within_their_kinds_count() {
        assert_eq!(
            PeriodChoice::parse("quarter-2"),
            Some(PeriodChoice::Period(PeriodKind::Quarter, 2))
        );
        assert_eq!(PeriodChoice::parse("year"), Some(PeriodChoice::Year));
        assert_eq!(
            PeriodChoice::parse("half-2"),
            Some(PeriodChoice::Period(PeriodKind::Half, 2))
        );
        for bad in [
            "quarter-5",
            "half-3",
            "trimester-0",
            "quarter-",
            "week-1",
            "",
            "quarter-x",
        ] {
            assert_eq!(PeriodChoice::parse(bad), None, "{bad}");
        }
        for code in ["quarter-1", "trimester-3", "half-2", "year"] {
            assert_eq!(
                PeriodChoice::parse(code).map(PeriodChoice::code).as_deref(),
                Some(code)
            );
        }
        assert!(PeriodChoice::parse("quarter-2")
            .is_some_and(|p| p.is(PeriodKind::Quarter, 2) && !p.is(PeriodKind::Half, 2)));
        assert!(!PeriodChoice::Year.is(PeriodKind::Quarter, 1));
    }
}
