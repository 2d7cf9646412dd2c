//! Journal-keeping control (R-R1, [s001 3.4.6, 3.7.4; s002 1.11, 2.11; s004 5.2.3]): what a
//! deputy checks every week on each page (a teacher's class-or-group × subject).
//!
//! # Counting rules
//!
//! * **A lesson held** is a dated lesson of the span, not cancelled, on or before the school's
//!   today, and not marked as not conducted. A lesson moved to another day counts on the day it
//!   was held; a substituted lesson counts to the teacher who gave it (R-T2).
//! * **Without a topic / homework / attendance**: a held lesson with no topic written, no homework
//!   written, or attendance never taken (neither an absence nor «все присутствуют» recorded).
//! * **Students without marks / with a single mark**: among the page's students on the roster on
//!   the span's last day, those with no mark (on any work type) dated in the span, and those with
//!   exactly one; shares over those students. Pages taught without marks have neither figure.
//! * **Late entries**: marks, topics and homework first entered after their deadline
//!   ([`super::deadlines`]).

use super::percent;
use serde::{Deserialize, Serialize};

/// What is known of one held lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldLesson {
    pub has_topic: bool,
    pub has_homework: bool,
    pub attendance_taken: bool,
}

/// Whether a dated lesson counts as held: not cancelled, not after `today`, not marked as not
/// conducted (`conducted` is `None` when nothing was written yet: a lesson is held by default).
pub fn is_held(
    cancelled: bool,
    date: chrono::NaiveDate,
    today: chrono::NaiveDate,
    conducted: Option<bool>,
) -> bool {
    !cancelled && date <= today && conducted != Some(false)
}

/// The counts of one page (or a teacher's pages added up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Filling {
    pub lessons_held: u32,
    pub without_topic: u32,
    pub without_homework: u32,
    pub without_attendance: u32,
    pub late_marks: u32,
    pub late_topics: u32,
    pub late_homework: u32,
    /// Students on the page at the span's end (pages with marks only).
    pub students: u32,
    pub students_without_marks: u32,
    pub students_with_one_mark: u32,
}

impl Filling {
    /// Count one held lesson.
    pub fn lesson(&mut self, l: HeldLesson) {
        self.lessons_held += 1;
        self.without_topic += u32::from(!l.has_topic);
        self.without_homework += u32::from(!l.has_homework);
        self.without_attendance += u32::from(!l.attendance_taken);
    }

    /// Count the students of a page by how many marks each has in the span.
    pub fn marks_per_student(&mut self, counts: impl IntoIterator<Item = usize>) {
        for n in counts {
            self.students += 1;
            self.students_without_marks += u32::from(n == 0);
            self.students_with_one_mark += u32::from(n == 1);
        }
    }

    pub fn add(&mut self, o: &Filling) {
        self.lessons_held += o.lessons_held;
        self.without_topic += o.without_topic;
        self.without_homework += o.without_homework;
        self.without_attendance += o.without_attendance;
        self.late_marks += o.late_marks;
        self.late_topics += o.late_topics;
        self.late_homework += o.late_homework;
        self.students += o.students;
        self.students_without_marks += o.students_without_marks;
        self.students_with_one_mark += o.students_with_one_mark;
    }

    /// Share of students without a mark, per cent.
    pub fn without_marks_share(&self) -> Option<f64> {
        percent(self.students_without_marks, self.students)
    }

    /// Share of students with a single mark, per cent.
    pub fn one_mark_share(&self) -> Option<f64> {
        percent(self.students_with_one_mark, self.students)
    }

    /// Share of held lessons with a topic, per cent: the "filling" a chart shows per teacher.
    pub fn topics_share(&self) -> Option<f64> {
        percent(self.lessons_held - self.without_topic, self.lessons_held)
    }

    /// Gaps and late entries counted together: how far behind a page or a teacher is (the home
    /// screen lists the teachers most behind first).
    pub fn gaps(&self) -> u32 {
        self.without_topic
            + self.without_homework
            + self.without_attendance
            + self.late_marks
            + self.late_topics
            + self.late_homework
    }

    /// Whether the page needs the deputy's attention: any gap or late entry, or a student without
    /// marks.
    pub fn has_gaps(&self) -> bool {
        self.gaps() > 0 || self.students_without_marks > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A page of a week, today Thursday 2026-12-03:
    ///   Mon 11-30 topic, homework, attendance — fine;
    ///   Tue 12-01 topic, no homework, attendance;
    ///   Wed 12-02 no topic, no homework, no attendance;
    ///   Thu 12-03 cancelled — not held;
    ///   Fri 12-04 after today — not held.
    /// Held 3: without topic 1, without homework 2, without attendance 1; topics 2/3 = 66.7 %.
    /// Students (marks in the span): 0, 1, 1, 3, 2 → 5 students, without marks 1 (20 %), one mark
    /// 2 (40 %).
    #[test]
    fn a_week_of_one_page() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        let nov30 = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let lessons = [
            (nov30, false, Some(true), (true, true, true)),
            (d(1), false, None, (true, false, true)),
            (d(2), false, None, (false, false, false)),
            (d(3), true, None, (false, false, false)),
            (d(4), false, None, (false, false, false)),
        ];
        let mut f = Filling::default();
        for (date, cancelled, conducted, (topic, homework, attendance)) in lessons {
            if is_held(cancelled, date, today, conducted) {
                f.lesson(HeldLesson {
                    has_topic: topic,
                    has_homework: homework,
                    attendance_taken: attendance,
                });
            }
        }
        assert_eq!(
            (
                f.lessons_held,
                f.without_topic,
                f.without_homework,
                f.without_attendance
            ),
            (3, 1, 2, 1)
        );
        assert_eq!(f.topics_share(), Some(66.7));
        f.marks_per_student([0, 1, 1, 3, 2]);
        assert_eq!(f.without_marks_share(), Some(20.0));
        assert_eq!(f.one_mark_share(), Some(40.0));
        assert!(f.has_gaps());
        assert_eq!(
            f.gaps(),
            4,
            "1 without topic, 2 without homework, 1 without attendance"
        );
        assert!(!is_held(false, d(2), today, Some(false)), "not conducted");
    }
}
