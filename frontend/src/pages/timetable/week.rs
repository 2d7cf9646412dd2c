//! The week grid's rows (lessons with bell times), days off, and the badge of a changed lesson.

use crate::i18n::Lang;
use crate::services::lessons::ChangeKind;
use chrono::NaiveDate;
use journal_api_types::structure::{BellInput, YearDetail};
use journal_api_types::timetable::Lesson;
use yew::prelude::*;

/// A row of the grid: a lesson number with its bell times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub number: u8,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
}

impl Slot {
    /// `08:30–09:10`, when the bells are known.
    pub fn time(&self) -> Option<String> {
        match (&self.starts_at, &self.ends_at) {
            (Some(a), Some(b)) => Some(format!("{a}–{b}")),
            _ => None,
        }
    }
}

/// The rows of a week: the lesson numbers of the bell schedule and of the lessons, in order; the
/// usual seven when neither says anything.
pub fn slots(bells: &[BellInput], lessons: &[Lesson]) -> Vec<Slot> {
    let mut numbers: Vec<u8> = bells
        .iter()
        .map(|b| b.lesson_number)
        .chain(lessons.iter().map(|l| l.lesson_number))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.is_empty() {
        numbers = (1..=7).collect();
    }
    numbers
        .into_iter()
        .map(|n| {
            let bell = bells.iter().find(|b| b.lesson_number == n);
            let lesson = lessons
                .iter()
                .find(|l| l.lesson_number == n && l.starts_at.is_some());
            Slot {
                number: n,
                starts_at: bell
                    .map(|b| b.starts_at.clone())
                    .or_else(|| lesson.and_then(|l| l.starts_at.clone())),
                ends_at: bell
                    .map(|b| b.ends_at.clone())
                    .or_else(|| lesson.and_then(|l| l.ends_at.clone())),
            }
        })
        .collect()
}

/// Why a day of a class has no lessons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Holiday(String),
    OutsidePeriods,
}

/// Whether `date` is a holiday or outside every period for a class of `grade`.
pub fn day_off(year: &YearDetail, grade: u8, date: NaiveDate) -> Option<DayOff> {
    let grades = |from: u8, to: u8| from <= grade && grade <= to;
    if let Some(h) = year
        .holidays
        .iter()
        .find(|h| grades(h.grade_from, h.grade_to) && h.starts_on <= date && date <= h.ends_on)
    {
        return Some(DayOff::Holiday(h.name.clone()));
    }
    let in_period = year
        .periods
        .iter()
        .any(|p| grades(p.grade_from, p.grade_to) && p.starts_on <= date && date <= p.ends_on);
    (!in_period).then_some(DayOff::OutsidePeriods)
}

pub use crate::services::lessons::{change_text, lesson_number};

/// The change of a lesson as a coloured badge holding [`change_text`]; nothing without a change.
pub fn change_badge(lang: Lang, l: &Lesson) -> Html {
    let Some(change) = &l.change else {
        return Html::default();
    };
    let class = match Some(change.kind) {
        Some(ChangeKind::Substitution) => "sub",
        Some(ChangeKind::Cancellation) => "cancel",
        Some(ChangeKind::Move) => "move",
        None => "",
    };
    html! { <span class={classes!("badge", "change", class)}>{ change_text(lang, l) }</span> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::structure::{HolidayInput, PeriodInput, SchoolYear};
    use journal_api_types::timetable::LessonChange;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn bell(n: u8, a: &str, b: &str) -> BellInput {
        BellInput {
            lesson_number: n,
            starts_at: a.into(),
            ends_at: b.into(),
        }
    }

    fn lesson(n: u8, change: Option<LessonChange>) -> Lesson {
        Lesson {
            lesson_number: n,
            scheduled_lesson: n,
            starts_at: Some("14:00".into()),
            ends_at: Some("14:40".into()),
            ..crate::services::lessons::sample_lesson(Uuid::new_v4(), change)
        }
    }

    #[test]
    fn rows_follow_the_bells_and_the_lessons() {
        let bells = [bell(1, "08:30", "09:10"), bell(2, "09:20", "10:00")];
        let rows = slots(&bells, &[lesson(7, None)]);
        assert_eq!(rows.iter().map(|s| s.number).collect::<Vec<_>>(), [1, 2, 7]);
        assert_eq!(rows[0].time().as_deref(), Some("08:30–09:10"));
        assert_eq!(rows[2].time().as_deref(), Some("14:00–14:40"));
        assert_eq!(
            slots(&[], &[]).len(),
            7,
            "seven lessons when nothing is known"
        );
    }

    #[test]
    fn changes_read_in_a_few_words() {
        use crate::services::lessons::sample_lesson;
        let teacher = Uuid::new_v4();
        let sub = LessonChange {
            kind: ChangeKind::Substitution,
            substitute_id: Some(Uuid::new_v4()),
            substitute_name: Some("Козлов Виктор Николаевич".into()),
            subject_name: None,
            moved_to_date: None,
            moved_to_lesson: None,
            reason: None,
        };
        let covered = sample_lesson(teacher, Some(sub.clone()));
        assert_eq!(change_text(Lang::Ru, &covered), "Замена: Козлов В. Н.");
        let moved = LessonChange {
            kind: ChangeKind::Move,
            moved_to_date: Some(d(2025, 9, 18)),
            moved_to_lesson: Some(3),
            ..sub
        };
        let away = sample_lesson(teacher, Some(moved.clone()));
        assert_eq!(change_text(Lang::Ru, &away), "Перенесён на 18.09, 3-й урок");
        assert_eq!(change_text(Lang::En, &away), "Moved to Sep 18, lesson 3");
        let here = Lesson {
            date: d(2025, 9, 18),
            lesson_number: 3,
            ..away.clone()
        };
        assert_eq!(change_text(Lang::Ru, &here), "Перенесён с 15.09 (2-й урок)");
        assert_eq!(change_text(Lang::En, &here), "Moved from Sep 15 (lesson 2)");
        let cancelled = sample_lesson(
            teacher,
            Some(LessonChange {
                kind: ChangeKind::Cancellation,
                ..moved
            }),
        );
        assert_eq!(change_text(Lang::Ru, &cancelled), "Урок отменён");
        assert_eq!(change_text(Lang::Ru, &sample_lesson(teacher, None)), "");
    }

    #[test]
    fn holidays_and_days_outside_the_periods_are_named() {
        let year = YearDetail {
            year: SchoolYear {
                id: Uuid::new_v4(),
                name: "2025/2026".into(),
                starts_on: d(2025, 9, 1),
                ends_on: d(2026, 8, 31),
                status: "open".into(),
            },
            periods: vec![PeriodInput {
                id: None,
                kind: "quarter".into(),
                number: 1,
                grade_from: 1,
                grade_to: 9,
                starts_on: d(2025, 9, 1),
                ends_on: d(2025, 10, 24),
            }],
            holidays: vec![HolidayInput {
                name: "День учителя".into(),
                grade_from: 5,
                grade_to: 9,
                starts_on: d(2025, 10, 6),
                ends_on: d(2025, 10, 6),
            }],
        };
        assert_eq!(day_off(&year, 7, d(2025, 9, 15)), None);
        assert_eq!(
            day_off(&year, 7, d(2025, 10, 6)),
            Some(DayOff::Holiday("День учителя".into()))
        );
        assert_eq!(day_off(&year, 3, d(2025, 10, 6)), None, "not for grade 3");
        assert_eq!(
            day_off(&year, 7, d(2025, 10, 27)),
            Some(DayOff::OutsidePeriods)
        );
        assert_eq!(
            day_off(&year, 10, d(2025, 9, 15)),
            Some(DayOff::OutsidePeriods)
        );
    }
}
