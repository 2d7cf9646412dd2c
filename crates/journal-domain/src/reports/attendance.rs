//! Attendance (R-R4, [s002 2.14; s003 2.4.5]): lessons missed by reason, lateness and whole days
//! missed, per student, added up per class and month.
//!
//! # Counting rules
//!
//! * **A lesson missed** is an absence recorded on a held lesson; its reason is the one the class
//!   teacher set (illness, excused, unexcused) or none yet («без причины», shown apart).
//! * **A late arrival** is counted apart and is not a lesson missed.
//! * **A whole day missed**: a day on which the student missed every lesson the student had
//!   (the lessons of the student's class and groups held that day), at least one.

use serde::{Deserialize, Serialize};

/// Why a student missed a lesson (R-J3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Illness,
    Excused,
    Unexcused,
}

impl Reason {
    pub fn parse(code: &str) -> Option<Reason> {
        match code {
            "illness" => Some(Reason::Illness),
            "excused" => Some(Reason::Excused),
            "unexcused" => Some(Reason::Unexcused),
            _ => None,
        }
    }
}

/// One student's day: how many lessons they had, and what was recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Day {
    /// Lessons held that day for this student.
    pub lessons: u32,
    /// The absences recorded, each with its reason if set.
    pub absences: Vec<Option<Reason>>,
    pub late: u32,
}

/// Attendance counts for a student, a class or a month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Absences {
    pub lessons_missed: u32,
    pub illness: u32,
    pub excused: u32,
    pub unexcused: u32,
    /// Absences whose reason is not set yet.
    pub without_reason: u32,
    pub late: u32,
    pub days_missed: u32,
}

impl Absences {
    /// Count one student's day.
    pub fn day(&mut self, d: &Day) {
        let missed = u32::try_from(d.absences.len()).unwrap_or(u32::MAX);
        self.lessons_missed += missed;
        for r in &d.absences {
            match r {
                Some(Reason::Illness) => self.illness += 1,
                Some(Reason::Excused) => self.excused += 1,
                Some(Reason::Unexcused) => self.unexcused += 1,
                None => self.without_reason += 1,
            }
        }
        self.late += d.late;
        self.days_missed += u32::from(d.lessons > 0 && missed >= d.lessons);
    }

    pub fn add(&mut self, o: &Absences) {
        self.lessons_missed += o.lessons_missed;
        self.illness += o.illness;
        self.excused += o.excused;
        self.unexcused += o.unexcused;
        self.without_reason += o.without_reason;
        self.late += o.late;
        self.days_missed += o.days_missed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two students over three days.
    ///   Анна: Mon 5 lessons, missed all 5 (illness) → 1 whole day; Tue 6 lessons, missed 2
    ///   (excused, none yet); Wed 4 lessons, late once.
    ///   Борис: Mon 5 lessons, missed 1 (unexcused); Tue no lessons recorded (0) — not a day missed.
    /// Анна: missed 7 (illness 5, excused 1, without reason 1), late 1, days 1.
    /// Борис: missed 1 (unexcused 1), days 0. Class: missed 8, days 1, late 1.
    #[test]
    fn lessons_and_whole_days_missed() {
        use Reason::*;
        let anna = [
            Day {
                lessons: 5,
                absences: vec![Some(Illness); 5],
                late: 0,
            },
            Day {
                lessons: 6,
                absences: vec![Some(Excused), None],
                late: 0,
            },
            Day {
                lessons: 4,
                absences: vec![],
                late: 1,
            },
        ];
        let boris = [
            Day {
                lessons: 5,
                absences: vec![Some(Unexcused)],
                late: 0,
            },
            Day::default(),
        ];
        let mut a = Absences::default();
        anna.iter().for_each(|d| a.day(d));
        assert_eq!(
            (
                a.lessons_missed,
                a.illness,
                a.excused,
                a.without_reason,
                a.late,
                a.days_missed
            ),
            (7, 5, 1, 1, 1, 1)
        );
        let mut b = Absences::default();
        boris.iter().for_each(|d| b.day(d));
        assert_eq!((b.lessons_missed, b.unexcused, b.days_missed), (1, 1, 0));
        let mut class = a;
        class.add(&b);
        assert_eq!(
            (class.lessons_missed, class.days_missed, class.late),
            (8, 1, 1)
        );
        assert_eq!(Reason::parse("illness"), Some(Illness));
        assert_eq!(Reason::parse("other"), None);
    }
}
