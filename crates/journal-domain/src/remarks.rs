//! Inspection remarks ("Проверка журнала", R-R2 [s001 3.5.13, 3.6.7; s004 5.2.3]): the deputy or
//! the director records a remark on a journal page (a teaching assignment in a period), or on one
//! lesson of it, with a due date; the page's teacher answers it and marks it done; the deputy or
//! the director confirms it (final) or returns it with a comment, and the teacher answers again.
//!
//! ```text
//!            done (teacher)              confirm (leadership)
//!   open ───────────────────▶ done ───────────────────────────▶ confirmed
//!                              ▲  │
//!              done (teacher)  │  │ return (leadership, with a comment)
//!                              │  ▼
//!                            returned
//! ```
//!
//! The server gathers the facts (the caller's roles, whether they teach the page, the school's
//! today) and asks here; nothing here reads a clock or the database.

use crate::policy::Action;
use crate::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a remark stands (R-R2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RemarkStatus {
    /// Recorded by the deputy or the director; the teacher has not answered yet.
    Open,
    /// The teacher answered and says it is resolved; waits for the deputy or the director.
    Done,
    /// The deputy or the director found the answer wanting and gave it back with a comment.
    Returned,
    /// The deputy or the director confirmed the resolution: final.
    Confirmed,
}

impl RemarkStatus {
    pub const ALL: [RemarkStatus; 4] = [
        RemarkStatus::Open,
        RemarkStatus::Done,
        RemarkStatus::Returned,
        RemarkStatus::Confirmed,
    ];

    /// The stable code, in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            RemarkStatus::Open => "open",
            RemarkStatus::Done => "done",
            RemarkStatus::Returned => "returned",
            RemarkStatus::Confirmed => "confirmed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The teacher still owes an answer: open, or returned to them.
    pub fn awaits_teacher(self) -> bool {
        matches!(self, RemarkStatus::Open | RemarkStatus::Returned)
    }

    /// Not yet confirmed: the remark still needs someone's attention.
    pub fn is_open(self) -> bool {
        self != RemarkStatus::Confirmed
    }
}

/// One step of a remark's history (R-R2, R-P4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RemarkEventKind {
    /// The remark was recorded (its text).
    Created,
    /// The teacher marked it done (their answer).
    Done,
    /// The deputy or the director confirmed it.
    Confirmed,
    /// The deputy or the director returned it (their comment).
    Returned,
}

impl RemarkEventKind {
    pub const ALL: [RemarkEventKind; 4] = [
        RemarkEventKind::Created,
        RemarkEventKind::Done,
        RemarkEventKind::Confirmed,
        RemarkEventKind::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RemarkEventKind::Created => "created",
            RemarkEventKind::Done => "done",
            RemarkEventKind::Confirmed => "confirmed",
            RemarkEventKind::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What someone asks to do with a recorded remark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemarkStep {
    /// The page's teacher answers and marks it done.
    Done,
    /// The deputy or the director confirms the resolution.
    Confirm,
    /// The deputy or the director gives it back with a comment.
    Return,
}

impl RemarkStep {
    pub const ALL: [RemarkStep; 3] = [RemarkStep::Done, RemarkStep::Confirm, RemarkStep::Return];

    /// The state the step leads to.
    pub fn target(self) -> RemarkStatus {
        match self {
            RemarkStep::Done => RemarkStatus::Done,
            RemarkStep::Confirm => RemarkStatus::Confirmed,
            RemarkStep::Return => RemarkStatus::Returned,
        }
    }

    /// The history entry the step writes.
    pub fn event(self) -> RemarkEventKind {
        match self {
            RemarkStep::Done => RemarkEventKind::Done,
            RemarkStep::Confirm => RemarkEventKind::Confirmed,
            RemarkStep::Return => RemarkEventKind::Returned,
        }
    }
}

/// Why a remark step (or a new remark) is refused. Each has a stable code the API sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum RemarkRefusal {
    /// Not the caller's to do: only the page's teacher marks a remark done; only the deputy or
    /// the director records, confirms or returns one.
    #[error("this step of the remark is not yours to take")]
    Forbidden,
    /// Marking done a remark that is already done and waits for confirmation.
    #[error("the remark is already done and waits for confirmation")]
    NotOpen,
    /// Confirming or returning a remark the teacher has not marked done.
    #[error("the remark is not marked done by the teacher")]
    NotDone,
    /// Any step on a confirmed remark.
    #[error("the remark is confirmed and closed")]
    Closed,
    /// A new remark due before the school's today.
    #[error("the due date is before today")]
    DueInPast,
}

impl RemarkRefusal {
    pub const ALL: [RemarkRefusal; 5] = [
        RemarkRefusal::Forbidden,
        RemarkRefusal::NotOpen,
        RemarkRefusal::NotDone,
        RemarkRefusal::Closed,
        RemarkRefusal::DueInPast,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RemarkRefusal::Forbidden => "forbidden",
            RemarkRefusal::NotOpen => "remark_not_open",
            RemarkRefusal::NotDone => "remark_not_done",
            RemarkRefusal::Closed => "remark_closed",
            RemarkRefusal::DueInPast => "remark_due_past",
        }
    }

    /// A refusal by who the caller is (403), not by where the remark stands (409) or what the
    /// request asks (422).
    pub fn is_forbidden(self) -> bool {
        self == RemarkRefusal::Forbidden
    }
}

/// Whether `roles` lead the inspection of the journal: the deputy or the director
/// ([`Action::InspectJournal`], R-A6).
pub fn leads(roles: &[Role]) -> bool {
    Action::InspectJournal
        .allowed_roles()
        .iter()
        .any(|r| roles.contains(r))
}

/// How the caller stands to one remark: their roles, and whether they are the teacher of the
/// remark's page (the teacher of its teaching assignment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemarkRelation<'a> {
    pub roles: &'a [Role],
    pub page_teacher: bool,
}

impl RemarkRelation<'_> {
    /// The page's teacher, acting as a teacher (being named on the assignment without the teacher
    /// role is not enough, as for the page itself: `page::PageRelation`).
    pub fn answers(&self) -> bool {
        self.page_teacher && self.roles.contains(&Role::Teacher)
    }

    /// The deputy or the director.
    pub fn leads(&self) -> bool {
        leads(self.roles)
    }

    /// Who sees the remark: the leadership (any remark of the school) and the page's teacher.
    /// Anyone else is answered as if it did not exist (R-A11).
    pub fn may_read(&self) -> bool {
        self.leads() || self.answers()
    }
}

/// Which remarks a list shows the caller (R-R2, R-A4, R-A6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemarkScope {
    /// Every remark of the school: the deputy and the director.
    School,
    /// The remarks on the caller's own pages: a teacher.
    OwnPages,
}

/// The list scope of a caller with `roles`; other roles have no remarks to read.
pub fn list_scope(roles: &[Role]) -> Result<RemarkScope, RemarkRefusal> {
    if leads(roles) {
        Ok(RemarkScope::School)
    } else if roles.contains(&Role::Teacher) {
        Ok(RemarkScope::OwnPages)
    } else {
        Err(RemarkRefusal::Forbidden)
    }
}

/// May `step` be taken on a remark that is `status`, by a caller standing to it as `rel`? The
/// state the remark moves to. Who the caller is is checked before where the remark stands.
pub fn decide(
    status: RemarkStatus,
    step: RemarkStep,
    rel: &RemarkRelation<'_>,
) -> Result<RemarkStatus, RemarkRefusal> {
    let allowed = match step {
        RemarkStep::Done => rel.answers(),
        RemarkStep::Confirm | RemarkStep::Return => rel.leads(),
    };
    if !allowed {
        return Err(RemarkRefusal::Forbidden);
    }
    match (status, step) {
        (RemarkStatus::Confirmed, _) => Err(RemarkRefusal::Closed),
        (RemarkStatus::Open | RemarkStatus::Returned, RemarkStep::Done) => Ok(RemarkStatus::Done),
        (RemarkStatus::Done, RemarkStep::Done) => Err(RemarkRefusal::NotOpen),
        (RemarkStatus::Done, RemarkStep::Confirm | RemarkStep::Return) => Ok(step.target()),
        (RemarkStatus::Open | RemarkStatus::Returned, RemarkStep::Confirm | RemarkStep::Return) => {
            Err(RemarkRefusal::NotDone)
        }
    }
}

/// A new remark is due on `due_on`, not before the school's `today` (R-R2: the teacher is given
/// time to resolve it).
pub fn check_due(due_on: NaiveDate, today: NaiveDate) -> Result<(), RemarkRefusal> {
    if due_on < today {
        Err(RemarkRefusal::DueInPast)
    } else {
        Ok(())
    }
}

/// Whether a remark is overdue on the school's `today`: its due day has passed and the teacher
/// still owes an answer (open or returned). A remark marked done waits for the leadership, not
/// the teacher; a confirmed one is closed.
pub fn overdue(status: RemarkStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status.awaits_teacher() && today > due_on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const DEPUTY: &[Role] = &[Role::Deputy];
    const DIRECTOR: &[Role] = &[Role::Director];
    const TEACHER: &[Role] = &[Role::Teacher];

    fn rel(roles: &[Role], page_teacher: bool) -> RemarkRelation<'_> {
        RemarkRelation {
            roles,
            page_teacher,
        }
    }

    #[test]
    fn r_r2_the_whole_round_open_done_returned_done_confirmed() {
        let teacher = rel(TEACHER, true);
        let deputy = rel(DEPUTY, false);
        let s = RemarkStatus::Open;
        let s = decide(s, RemarkStep::Done, &teacher).unwrap();
        assert_eq!(s, RemarkStatus::Done);
        let s = decide(s, RemarkStep::Return, &deputy).unwrap();
        assert_eq!(s, RemarkStatus::Returned);
        let s = decide(s, RemarkStep::Done, &teacher).unwrap();
        assert_eq!(s, RemarkStatus::Done);
        let s = decide(s, RemarkStep::Confirm, &rel(DIRECTOR, false)).unwrap();
        assert_eq!(s, RemarkStatus::Confirmed);
    }

    #[test]
    fn r_r2_only_the_pages_teacher_answers_and_only_the_leadership_confirms_or_returns() {
        // Another teacher, the leadership, or the page's own teacher named without the teacher
        // role: not theirs to mark done.
        for r in [
            rel(TEACHER, false),
            rel(DEPUTY, false),
            rel(DIRECTOR, false),
            rel(&[Role::Secretary], true),
        ] {
            assert_eq!(
                decide(RemarkStatus::Open, RemarkStep::Done, &r),
                Err(RemarkRefusal::Forbidden),
                "{r:?}"
            );
        }
        // The teacher never confirms or returns, not even on their own page.
        for step in [RemarkStep::Confirm, RemarkStep::Return] {
            assert_eq!(
                decide(RemarkStatus::Done, step, &rel(TEACHER, true)),
                Err(RemarkRefusal::Forbidden)
            );
            for roles in [
                &[Role::Admin][..],
                &[Role::Secretary],
                &[Role::ClassTeacher, Role::Teacher],
                &[Role::Guardian],
                &[Role::Student],
            ] {
                assert_eq!(
                    decide(RemarkStatus::Done, step, &rel(roles, false)),
                    Err(RemarkRefusal::Forbidden)
                );
            }
        }
        // A deputy who teaches the page answers as its teacher.
        let both = [Role::Deputy, Role::Teacher];
        assert_eq!(
            decide(RemarkStatus::Open, RemarkStep::Done, &rel(&both, true)),
            Ok(RemarkStatus::Done)
        );
    }

    #[test]
    fn r_r2_steps_out_of_turn_are_refused_with_their_codes() {
        let teacher = rel(TEACHER, true);
        let deputy = rel(DEPUTY, false);
        assert_eq!(
            decide(RemarkStatus::Done, RemarkStep::Done, &teacher),
            Err(RemarkRefusal::NotOpen)
        );
        for s in [RemarkStatus::Open, RemarkStatus::Returned] {
            for step in [RemarkStep::Confirm, RemarkStep::Return] {
                assert_eq!(decide(s, step, &deputy), Err(RemarkRefusal::NotDone));
            }
        }
        assert_eq!(
            decide(RemarkStatus::Confirmed, RemarkStep::Done, &teacher),
            Err(RemarkRefusal::Closed)
        );
        for step in [RemarkStep::Confirm, RemarkStep::Return] {
            assert_eq!(
                decide(RemarkStatus::Confirmed, step, &deputy),
                Err(RemarkRefusal::Closed)
            );
        }
        // Who the caller is comes first: a stranger learns nothing about the state.
        assert_eq!(
            decide(
                RemarkStatus::Confirmed,
                RemarkStep::Done,
                &rel(TEACHER, false)
            ),
            Err(RemarkRefusal::Forbidden)
        );
    }

    #[test]
    fn r_r2_every_allowed_step_lands_on_its_target_and_confirmed_is_final() {
        let everyone = [rel(TEACHER, true), rel(DEPUTY, false)];
        for status in RemarkStatus::ALL {
            for step in RemarkStep::ALL {
                for r in &everyone {
                    if let Ok(next) = decide(status, step, r) {
                        assert_eq!(next, step.target());
                        assert_ne!(status, RemarkStatus::Confirmed);
                    }
                }
            }
        }
    }

    #[test]
    fn r_r2_who_reads_and_lists_remarks() {
        assert!(rel(DEPUTY, false).may_read());
        assert!(rel(DIRECTOR, false).may_read());
        assert!(rel(TEACHER, true).may_read());
        assert!(!rel(TEACHER, false).may_read());
        assert!(!rel(&[Role::Guardian], true).may_read());
        assert_eq!(list_scope(DEPUTY), Ok(RemarkScope::School));
        assert_eq!(
            list_scope(&[Role::Teacher, Role::Director]),
            Ok(RemarkScope::School)
        );
        assert_eq!(list_scope(TEACHER), Ok(RemarkScope::OwnPages));
        for role in [
            Role::Admin,
            Role::Secretary,
            Role::Guardian,
            Role::Student,
            Role::Region,
            Role::Integration,
        ] {
            assert_eq!(list_scope(&[role]), Err(RemarkRefusal::Forbidden), "{role}");
        }
        assert!(leads(DEPUTY) && leads(DIRECTOR) && !leads(TEACHER) && !leads(&[Role::Admin]));
    }

    #[test]
    fn r_r2_due_dates_and_overdue_go_by_the_schools_today() {
        let due = d(2025, 11, 20);
        assert_eq!(check_due(due, d(2025, 11, 20)), Ok(()));
        assert_eq!(
            check_due(due, d(2025, 11, 21)),
            Err(RemarkRefusal::DueInPast)
        );
        assert!(!overdue(RemarkStatus::Open, due, d(2025, 11, 20)));
        assert!(overdue(RemarkStatus::Open, due, d(2025, 11, 21)));
        assert!(overdue(RemarkStatus::Returned, due, d(2025, 11, 21)));
        assert!(!overdue(RemarkStatus::Done, due, d(2025, 11, 21)));
        assert!(!overdue(RemarkStatus::Confirmed, due, d(2026, 1, 1)));
    }

    #[test]
    fn codes_and_names_are_stable() {
        for s in RemarkStatus::ALL {
            assert_eq!(RemarkStatus::parse(s.as_str()), Some(s));
        }
        for k in RemarkEventKind::ALL {
            assert_eq!(RemarkEventKind::parse(k.as_str()), Some(k));
        }
        let codes: Vec<&str> = RemarkRefusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                "forbidden",
                "remark_not_open",
                "remark_not_done",
                "remark_closed",
                "remark_due_past"
            ]
        );
        assert!(RemarkRefusal::Forbidden.is_forbidden());
        assert!(!RemarkRefusal::Closed.is_forbidden());
    }
}
