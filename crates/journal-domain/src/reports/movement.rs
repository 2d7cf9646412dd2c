//! Student movement and class sizes (R-R6, [s003 2.4.5]): how many students each class had at the
//! start and the end of a span, and how they came and went.
//!
//! # Counting rules
//!
//! * A class's size on a day is the students in it that day ([`crate::people::class_on`]: on a
//!   movement's date the student is already where it moved them).
//! * A movement counts for a span when its date is in the span. An admission brings a student in,
//!   a withdrawal takes one out, a transfer takes one out of its source class and into its target.
//! * Size at the end = size at the start (the day before the span) + in − out, for every class.
//! * The school's report on 20 September counts the classes' sizes on that day by level: primary
//!   (grades 1–4), basic (5–9), secondary (10–11).

use serde::{Deserialize, Serialize};

/// How a student moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    Admission,
    Transfer,
    Withdrawal,
}

impl MoveKind {
    /// The kind of a movement from one class (none: from outside) to another (none: out).
    pub fn of(from: Option<&str>, to: Option<&str>) -> Option<MoveKind> {
        match (from, to) {
            (None, Some(_)) => Some(MoveKind::Admission),
            (Some(_), Some(_)) => Some(MoveKind::Transfer),
            (Some(_), None) => Some(MoveKind::Withdrawal),
            (None, None) => None,
        }
    }
}

/// A class's movement over a span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassMovement {
    /// Students the day before the span.
    pub at_start: u32,
    pub admitted: u32,
    pub transferred_in: u32,
    pub transferred_out: u32,
    pub withdrawn: u32,
    /// Students on the span's last day.
    pub at_end: u32,
}

impl ClassMovement {
    /// Count one movement of the span as it touches `class`.
    pub fn count(&mut self, class: &str, from: Option<&str>, to: Option<&str>) {
        match MoveKind::of(from, to) {
            Some(MoveKind::Admission) if to == Some(class) => self.admitted += 1,
            Some(MoveKind::Transfer) if to == Some(class) => self.transferred_in += 1,
            Some(MoveKind::Transfer) if from == Some(class) => self.transferred_out += 1,
            Some(MoveKind::Withdrawal) if from == Some(class) => self.withdrawn += 1,
            _ => {}
        }
    }

    /// Whether the counts add up: start + in − out = end (a check the report makes visible).
    pub fn balances(&self) -> bool {
        self.at_start + self.admitted + self.transferred_in
            == self.at_end + self.transferred_out + self.withdrawn
    }

    pub fn add(&mut self, o: &ClassMovement) {
        self.at_start += o.at_start;
        self.admitted += o.admitted;
        self.transferred_in += o.transferred_in;
        self.transferred_out += o.transferred_out;
        self.withdrawn += o.withdrawn;
        self.at_end += o.at_end;
    }
}

/// The level of education of a grade: 1 primary (1–4), 2 basic (5–9), 3 secondary (10–11).
pub fn level_of(grade: u8) -> u8 {
    match grade {
        0..=4 => 1,
        5..=9 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 7А in September: 25 on 31 August; Ершов admitted (01.09), Жуков transferred in from 7Б,
    /// Зуев transferred out to 7В, Ильин withdrawn → in 2, out 2, 25 at the end.
    #[test]
    fn a_class_balances_its_comings_and_goings() {
        let mut m = ClassMovement {
            at_start: 25,
            at_end: 25,
            ..ClassMovement::default()
        };
        m.count("7А", None, Some("7А"));
        m.count("7А", Some("7Б"), Some("7А"));
        m.count("7А", Some("7А"), Some("7В"));
        m.count("7А", Some("7А"), None);
        // Another class's transfer: nothing.
        m.count("7А", Some("8Б"), Some("8В"));
        assert_eq!(
            (m.admitted, m.transferred_in, m.transferred_out, m.withdrawn),
            (1, 1, 1, 1)
        );
        assert!(m.balances());
        m.at_end = 26;
        assert!(!m.balances());
        assert_eq!(
            (
                level_of(1),
                level_of(4),
                level_of(5),
                level_of(9),
                level_of(11)
            ),
            (1, 1, 2, 2, 3)
        );
        assert_eq!(MoveKind::of(None, None), None);
    }
}
