//! The deadlines of journal entries (R-J5, [s002 instr. 3, 5, 8, 10, 11]): not hard blocks, but
//! what the journal-keeping control (R-R1) counts as entered late.
//!
//! * A mark, a topic or an absence: during the lesson or within the lesson's day («во время
//!   проведения урока или в течение текущего учебного дня»), i.e. before midnight that day.
//! * Homework: within 1.5 hours after the class's lessons end that day («в течение 1,5 часа после
//!   окончания занятий в данном конкретном классе»); when the bells are not known, within the day.
//! * Marks for a control work: within 3 days of the day it was written (by the end of the third
//!   day after it).
//! * Marks for a written work (an essay, a dictation): within one week (by the end of the seventh
//!   day after it).
//!
//! All times are the school's local time: the handler converts the UTC time the server stored with
//! the entry (the same instant as its audit entry) into the school's time zone before asking.

use crate::marks::CONTROL_WORK;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// Work types whose marks are due within a week: written works and essays, dictations.
pub const WRITTEN_WORKS: [&str; 2] = ["written", "dictation"];

/// What was written into the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// A mark of an ordinary work type.
    Mark,
    /// A mark for a control work.
    ControlMark,
    /// A mark for a written work.
    WrittenMark,
    Topic,
    Homework,
    Absence,
}

impl Entry {
    /// The kind of a mark of `work_type`.
    pub fn mark_of(work_type: &str) -> Entry {
        if work_type == CONTROL_WORK {
            Entry::ControlMark
        } else if WRITTEN_WORKS.contains(&work_type) {
            Entry::WrittenMark
        } else {
            Entry::Mark
        }
    }
}

/// The first moment (school-local) an entry of `kind` for the lesson held on `lesson_date` is
/// late. `lessons_end` is when the class's last lesson that day ends, for homework.
pub fn late_from(
    kind: Entry,
    lesson_date: NaiveDate,
    lessons_end: Option<NaiveTime>,
) -> NaiveDateTime {
    let midnight_after =
        |days: i64| (lesson_date + Duration::days(days + 1)).and_time(NaiveTime::MIN);
    match kind {
        Entry::Mark | Entry::Topic | Entry::Absence => midnight_after(0),
        Entry::ControlMark => midnight_after(3),
        Entry::WrittenMark => midnight_after(7),
        Entry::Homework => match lessons_end {
            Some(end) => lesson_date.and_time(end) + Duration::minutes(90),
            None => midnight_after(0),
        },
    }
}

/// Whether an entry of `kind` made at `entered` (school-local) for the lesson of `lesson_date` was
/// made after its deadline.
pub fn is_late(
    kind: Entry,
    lesson_date: NaiveDate,
    lessons_end: Option<NaiveTime>,
    entered: NaiveDateTime,
) -> bool {
    entered >= late_from(kind, lesson_date, lessons_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: (i32, u32, u32), h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(d.0, d.1, d.2)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    /// A lesson on Tuesday 2026-12-01. A mark entered at 23:50 that day is on time; at 00:10 on
    /// Wednesday it is late (local times of the school).
    #[test]
    fn a_mark_at_23_50_is_on_time_and_at_00_10_next_day_is_late() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert!(!is_late(Entry::Mark, day, None, at((2026, 12, 1), 23, 50)));
        assert!(is_late(Entry::Mark, day, None, at((2026, 12, 2), 0, 10)));
        assert!(!is_late(Entry::Topic, day, None, at((2026, 12, 1), 8, 0)));
        assert!(is_late(Entry::Topic, day, None, at((2026, 12, 2), 0, 0)));
    }

    /// The class's lessons end at 14:05: homework until 15:34 is on time, from 15:35 late.
    #[test]
    fn homework_is_due_ninety_minutes_after_the_class_day_ends() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let end = NaiveTime::from_hms_opt(14, 5, 0);
        assert!(!is_late(
            Entry::Homework,
            day,
            end,
            at((2026, 12, 1), 15, 34)
        ));
        assert!(is_late(
            Entry::Homework,
            day,
            end,
            at((2026, 12, 1), 15, 35)
        ));
        assert!(!is_late(
            Entry::Homework,
            day,
            None,
            at((2026, 12, 1), 22, 0)
        ));
    }

    /// A control work written on 2026-12-01: marks until 23:59 on 12-04 are on time, on 12-05
    /// late. A written work: until 23:59 on 12-08, late on 12-09.
    #[test]
    fn control_works_have_three_days_and_written_works_a_week() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let control = Entry::mark_of("control");
        assert_eq!(control, Entry::ControlMark);
        assert!(!is_late(control, day, None, at((2026, 12, 4), 23, 59)));
        assert!(is_late(control, day, None, at((2026, 12, 5), 0, 0)));
        let essay = Entry::mark_of("written");
        assert_eq!(Entry::mark_of("dictation"), Entry::WrittenMark);
        assert!(!is_late(essay, day, None, at((2026, 12, 8), 23, 59)));
        assert!(is_late(essay, day, None, at((2026, 12, 9), 0, 1)));
        assert_eq!(Entry::mark_of("oral"), Entry::Mark);
    }
}
