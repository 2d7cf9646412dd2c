//! The arithmetic of the control reports (R-R1, R-R3, R-R4, R-R9) and the deadlines they check
//! (R-J5). The server's report endpoints and the SPA both count with this module, so a figure reads
//! the same in the JSON, the XLSX, the CSV and on the screen.
//!
//! Nothing here reads a clock or a database: a handler gathers the facts (the finals in force, the
//! marks, the lessons, the absences, the school's local time of each entry) and asks here. The
//! counting rules — who is in a denominator and why — are written beside each figure and, for the
//! people who read the reports, in `docs/reports.md`.

pub mod achievement;
pub mod attendance;
pub mod curriculum;
pub mod deadlines;
pub mod filling;
pub mod movement;

use crate::{Caller, Role};
use uuid::Uuid;

/// Whose figures a caller reads (R-R1, R-R3, R-A5, R-A6): the deputy and the director the whole
/// school; a class teacher every page and the class figures of the classes they lead; a teacher
/// their own pages. Nobody else reads reports (the admin and the secretary keep records, not
/// control them; families read the diary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    whole_school: bool,
    me: Uuid,
    led: Vec<Uuid>,
}

impl Reach {
    /// The reach of `caller`, who leads the classes `led`; `None` when they read no reports.
    pub fn of(caller: &Caller, led: Vec<Uuid>) -> Option<Reach> {
        let whole_school = caller.has(Role::Deputy) || caller.has(Role::Director);
        let teaches = caller.has(Role::Teacher) || caller.has(Role::ClassTeacher);
        (whole_school || teaches).then(|| Reach {
            whole_school,
            me: caller.user_id.0,
            led: if caller.has(Role::ClassTeacher) {
                led
            } else {
                Vec::new()
            },
        })
    }

    /// The reach of the region's aggregates over one of its schools (R-A9, R-E4): the whole
    /// school's figures, of which only counts leave the server, never a name.
    pub fn regional(caller: &Caller) -> Reach {
        Reach {
            whole_school: true,
            me: caller.user_id.0,
            led: Vec::new(),
        }
    }

    pub fn whole_school(&self) -> bool {
        self.whole_school
    }

    /// Whether the caller reads the page of `teacher` in `class`.
    pub fn sees_page(&self, teacher: Uuid, class: Uuid) -> bool {
        self.whole_school || teacher == self.me || self.led.contains(&class)
    }

    /// Whether the caller reads the figures of `class` as a whole (over all its subjects).
    pub fn sees_class(&self, class: Uuid) -> bool {
        self.whole_school || self.led.contains(&class)
    }

    /// Whether a report narrowed to `class` and `teacher` is the caller's to read: anything for
    /// the leadership; otherwise a class they lead, or their own pages (a class they teach in,
    /// `teaches_in`, or no class named). Another teacher's pages or another class's figures are
    /// refused, not answered empty.
    pub fn allows(&self, class: Option<Uuid>, teacher: Option<Uuid>, teaches_in: bool) -> bool {
        if self.whole_school {
            return true;
        }
        match (class, teacher) {
            (Some(c), _) if self.led.contains(&c) => true,
            (Some(_), t) => teaches_in && t.is_none_or(|t| t == self.me),
            (None, t) => t.is_none_or(|t| t == self.me),
        }
    }
}

/// `part` of `whole` in per cent, to one decimal (66.666… → 66.7); `None` when there is nothing
/// to divide by, so an empty class reads «—» rather than 0 %.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}

/// A value rounded to two decimals, as averages are shown.
pub fn two_decimals(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::{SchoolId, UserId};

    fn caller(roles: &[Role]) -> Caller {
        Caller {
            user_id: UserId::new(),
            school_id: SchoolId::new(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn who_reads_which_report() {
        let (own, other) = (Uuid::new_v4(), Uuid::new_v4());
        let deputy = Reach::of(&caller(&[Role::Deputy]), vec![]).unwrap();
        assert!(deputy.allows(Some(other), Some(Uuid::new_v4()), false));
        assert!(deputy.sees_page(Uuid::new_v4(), other) && deputy.sees_class(other));

        let c = caller(&[Role::Teacher, Role::ClassTeacher]);
        let me = c.user_id.0;
        let teacher = Reach::of(&c, vec![own]).unwrap();
        assert!(
            teacher.allows(Some(own), Some(Uuid::new_v4()), false),
            "their class, any teacher"
        );
        assert!(teacher.sees_page(Uuid::new_v4(), own) && teacher.sees_class(own));
        assert!(
            teacher.allows(Some(other), None, true),
            "own pages in a class they teach"
        );
        assert!(!teacher.allows(Some(other), None, false), "another class");
        assert!(
            !teacher.allows(Some(other), Some(Uuid::new_v4()), true),
            "another teacher's pages"
        );
        assert!(!teacher.allows(None, Some(Uuid::new_v4()), false));
        assert!(teacher.allows(None, Some(me), false) && teacher.sees_page(me, other));
        assert!(!teacher.sees_class(other) && !teacher.sees_page(Uuid::new_v4(), other));

        let plain = Reach::of(&caller(&[Role::Teacher]), vec![own]).unwrap();
        assert!(
            !plain.sees_class(own),
            "leading a class is the class teacher's role"
        );
        assert!(Reach::of(&caller(&[Role::Admin, Role::Secretary]), vec![]).is_none());
        assert!(Reach::of(&caller(&[Role::Guardian]), vec![]).is_none());
        // A region account reads no school report of its own; the regional aggregates read the
        // whole school's counts.
        assert!(Reach::of(&caller(&[Role::Region]), vec![]).is_none());
        assert!(Reach::regional(&caller(&[Role::Region])).whole_school());
    }

    #[test]
    fn per_cent_is_rounded_to_one_decimal_and_empty_is_none() {
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(0, 5), Some(0.0));
        assert_eq!(percent(5, 5), Some(100.0));
        assert_eq!(percent(0, 0), None);
        assert_eq!(two_decimals(3.666_666), 3.67);
    }
}
