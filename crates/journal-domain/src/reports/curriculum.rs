//! Curriculum completion (R-R5, [s002 2.14]): the lessons the timetable planned in a span against
//! the lessons held, per page (a teacher's class-or-group × subject), and per teacher the lessons
//! they actually gave.
//!
//! # Counting rules
//!
//! * **Planned**: the page's dated lessons of the span by the timetable up to the school's today
//!   (holidays excluded by the calendar), cancelled ones included — what the curriculum asked for.
//! * **Held**: those that took place (not cancelled; a moved lesson counts once, where it was held)
//!   and were not marked as not conducted.
//! * **Given by a substitute**: held lessons of the page another teacher gave; they count to the
//!   teacher who gave them, not to the page's teacher ([s002 instr. 9], R-T2).
//! * **Completion** = held ÷ planned, per cent. The lesson plan (КТП) hours of the page are shown
//!   beside it for the year.

use super::percent;
use serde::{Deserialize, Serialize};

/// A page's (or a subject's, a class's) planned and held lessons.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completion {
    pub planned: u32,
    pub held: u32,
    pub cancelled: u32,
    /// Held lessons of the page given by another teacher.
    pub by_substitute: u32,
}

impl Completion {
    /// Count one planned lesson: whether it was held, cancelled, given by someone else.
    pub fn lesson(&mut self, held: bool, cancelled: bool, by_substitute: bool) {
        self.planned += 1;
        self.held += u32::from(held);
        self.cancelled += u32::from(cancelled);
        self.by_substitute += u32::from(held && by_substitute);
    }

    pub fn add(&mut self, o: &Completion) {
        self.planned += o.planned;
        self.held += o.held;
        self.cancelled += o.cancelled;
        self.by_substitute += o.by_substitute;
    }

    /// Held over planned, per cent.
    pub fn share(&self) -> Option<f64> {
        percent(self.held, self.planned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six planned lessons: four held by the page's teacher, one held by a substitute, one
    /// cancelled → held 5 of 6 = 83.3 %, 1 by a substitute, 1 cancelled.
    #[test]
    fn completion_of_a_page() {
        let mut c = Completion::default();
        for _ in 0..4 {
            c.lesson(true, false, false);
        }
        c.lesson(true, false, true);
        c.lesson(false, true, false);
        assert_eq!(
            (c.planned, c.held, c.by_substitute, c.cancelled),
            (6, 5, 1, 1)
        );
        assert_eq!(c.share(), Some(83.3));
        let mut both = c;
        both.add(&c);
        assert_eq!((both.planned, both.share()), (12, Some(83.3)));
    }
}
