//! The school year: periods per grade range, holidays, week mode (R-B2), and which dates are
//! teaching days (R-T1).

/// The first year of the dates the journal accepts from anyone: births of the oldest staff and
/// guardians fit, and no date arithmetic near the ends of the calendar can overflow.
pub const EARLIEST_YEAR: i32 = 1900;
/// The last year of the dates the journal accepts.
pub const LATEST_YEAR: i32 = 2100;

/// Whether a year is within the dates the journal accepts.
pub fn year_accepted(year: i64) -> bool {
    (i64::from(EARLIEST_YEAR)..=i64::from(LATEST_YEAR)).contains(&year)
}

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Grades `from..=to` (1–11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grades {
    pub from: u8,
    pub to: u8,
}

impl Grades {
    pub const ALL: Grades = Grades { from: 1, to: 11 };

    pub fn new(from: u8, to: u8) -> Self {
        Self { from, to }
    }

    pub fn contains(self, grade: u8) -> bool {
        (self.from..=self.to).contains(&grade)
    }

    pub fn intersects(self, other: Grades) -> bool {
        self.from <= other.to && other.from <= self.to
    }

    fn is_valid(self) -> bool {
        1 <= self.from && self.from <= self.to && self.to <= 11
    }
}

/// Kind of reporting period (R-B2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Quarter,
    Trimester,
    Half,
}

impl PeriodKind {
    /// How many periods of this kind make a year.
    pub fn per_year(self) -> u8 {
        match self {
            PeriodKind::Quarter => 4,
            PeriodKind::Trimester => 3,
            PeriodKind::Half => 2,
        }
    }
}

/// Days the school teaches in a week (R-B2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WeekMode {
    FiveDays,
    SixDays,
}

impl WeekMode {
    pub fn from_days(days: u8) -> Option<Self> {
        match days {
            5 => Some(WeekMode::FiveDays),
            6 => Some(WeekMode::SixDays),
            _ => None,
        }
    }

    pub fn days(self) -> u8 {
        match self {
            WeekMode::FiveDays => 5,
            WeekMode::SixDays => 6,
        }
    }

    /// Whether lessons may be held on `day`.
    pub fn teaches_on(self, day: Weekday) -> bool {
        match day {
            Weekday::Sun => false,
            Weekday::Sat => self == WeekMode::SixDays,
            _ => true,
        }
    }
}

/// A date span, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Span {
    pub fn new(starts_on: NaiveDate, ends_on: NaiveDate) -> Self {
        Self { starts_on, ends_on }
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        self.starts_on <= d && d <= self.ends_on
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.starts_on <= other.ends_on && other.starts_on <= self.ends_on
    }

    pub fn within(self, outer: Span) -> bool {
        outer.starts_on <= self.starts_on && self.ends_on <= outer.ends_on
    }

    fn is_ordered(self) -> bool {
        self.starts_on <= self.ends_on
    }

    /// Every date of the span in order.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.starts_on
            .iter_days()
            .take_while(move |d| *d <= self.ends_on)
    }
}

/// A reporting period for a range of grades.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub number: u8,
    pub grades: Grades,
    pub span: Span,
}

/// Holidays (каникулы) and days off, optionally only for some grades (e.g. the extra February
/// week of first-graders).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub name: String,
    pub grades: Grades,
    pub span: Span,
}

/// A school year with its periods and holidays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub year: Span,
    pub periods: Vec<Period>,
    pub holidays: Vec<Holiday>,
}

/// What is wrong with a calendar. Each names the items involved (by position in their lists) so
/// the API can point at them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CalendarProblem {
    #[error("the year must start before it ends and last at most a year")]
    YearDates,
    #[error("period {index}: its dates are reversed or its grades are not within 1–11")]
    PeriodInvalid { index: usize },
    #[error("period {index} lies outside the school year")]
    PeriodOutsideYear { index: usize },
    #[error("periods {first} and {second} overlap for the same grades")]
    PeriodsOverlap { first: usize, second: usize },
    #[error("grades {from}–{to}: periods must be numbered 1, 2, … in date order with one kind")]
    PeriodNumbering { from: u8, to: u8 },
    #[error("holiday {index}: its dates are reversed or its grades are not within 1–11")]
    HolidayInvalid { index: usize },
    #[error("holiday {index} lies outside the school year")]
    HolidayOutsideYear { index: usize },
    #[error("holidays {first} and {second} overlap for the same grades")]
    HolidaysOverlap { first: usize, second: usize },
    #[error("holiday {holiday} covers the first or last day of period {period}")]
    HolidayOnPeriodEdge { holiday: usize, period: usize },
}

impl CalendarProblem {
    /// Stable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarProblem::YearDates => "year_dates",
            CalendarProblem::PeriodInvalid { .. } => "period_invalid",
            CalendarProblem::PeriodOutsideYear { .. } => "period_outside_year",
            CalendarProblem::PeriodsOverlap { .. } => "periods_overlap",
            CalendarProblem::PeriodNumbering { .. } => "period_numbering",
            CalendarProblem::HolidayInvalid { .. } => "holiday_invalid",
            CalendarProblem::HolidayOutsideYear { .. } => "holiday_outside_year",
            CalendarProblem::HolidaysOverlap { .. } => "holidays_overlap",
            CalendarProblem::HolidayOnPeriodEdge { .. } => "holiday_on_period_edge",
        }
    }
}

impl Calendar {
    /// Check the calendar (R-B2); every problem is reported, not only the first.
    pub fn check(&self) -> Result<(), Vec<CalendarProblem>> {
        let mut problems = Vec::new();
        let year_days = (self.year.ends_on - self.year.starts_on).num_days();
        if !self.year.is_ordered() || year_days == 0 || year_days > 366 {
            problems.push(CalendarProblem::YearDates);
        }
        for (i, p) in self.periods.iter().enumerate() {
            if !p.span.is_ordered() || !p.grades.is_valid() {
                problems.push(CalendarProblem::PeriodInvalid { index: i });
            } else if !p.span.within(self.year) {
                problems.push(CalendarProblem::PeriodOutsideYear { index: i });
            }
            for (j, q) in self.periods.iter().enumerate().skip(i + 1) {
                if p.grades.intersects(q.grades) && p.span.overlaps(q.span) {
                    problems.push(CalendarProblem::PeriodsOverlap {
                        first: i,
                        second: j,
                    });
                }
            }
        }
        self.check_numbering(&mut problems);
        for (i, h) in self.holidays.iter().enumerate() {
            if !h.span.is_ordered() || !h.grades.is_valid() {
                problems.push(CalendarProblem::HolidayInvalid { index: i });
                continue;
            }
            if !h.span.within(self.year) {
                problems.push(CalendarProblem::HolidayOutsideYear { index: i });
            }
            for (j, other) in self.holidays.iter().enumerate().skip(i + 1) {
                if h.grades.intersects(other.grades) && h.span.overlaps(other.span) {
                    problems.push(CalendarProblem::HolidaysOverlap {
                        first: i,
                        second: j,
                    });
                }
            }
            for (k, p) in self.periods.iter().enumerate() {
                let edge = h.span.contains(p.span.starts_on) || h.span.contains(p.span.ends_on);
                if h.grades.intersects(p.grades) && edge {
                    problems.push(CalendarProblem::HolidayOnPeriodEdge {
                        holiday: i,
                        period: k,
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Per grade, periods must be one kind, numbered 1.. in date order.
    fn check_numbering(&self, problems: &mut Vec<CalendarProblem>) {
        for grade in 1..=11_u8 {
            let mut own: Vec<&Period> = self
                .periods
                .iter()
                .filter(|p| p.grades.contains(grade))
                .collect();
            if own.is_empty() {
                continue;
            }
            own.sort_by_key(|p| p.span.starts_on);
            let one_kind = own.iter().all(|p| p.kind == own[0].kind);
            let numbered = own
                .iter()
                .enumerate()
                .all(|(i, p)| usize::from(p.number) == i + 1);
            if !(one_kind && numbered) {
                let range = own[0].grades;
                let problem = CalendarProblem::PeriodNumbering {
                    from: range.from,
                    to: range.to,
                };
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
    }

    /// The period of `grade` that `date` falls in.
    pub fn period_of(&self, grade: u8, date: NaiveDate) -> Option<&Period> {
        self.periods
            .iter()
            .find(|p| p.grades.contains(grade) && p.span.contains(date))
    }

    /// The holiday of `grade` on `date`, if any.
    pub fn holiday_on(&self, grade: u8, date: NaiveDate) -> Option<&Holiday> {
        self.holidays
            .iter()
            .find(|h| h.grades.contains(grade) && h.span.contains(date))
    }

    /// Whether `grade` has lessons on `date`: inside one of its periods, not a holiday, and a
    /// weekday of the week mode (R-T1).
    pub fn is_teaching_day(&self, grade: u8, week: WeekMode, date: NaiveDate) -> bool {
        week.teaches_on(date.weekday())
            && self.period_of(grade, date).is_some()
            && self.holiday_on(grade, date).is_none()
    }
}

/// The grade a class moves to at the year rollover (R-B7): the next one, or none after the last
/// (the class graduates).
pub fn promoted_grade(grade: u8) -> Option<u8> {
    (grade < 11).then_some(grade + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    /// The 2025/2026 year: quarters for 1–9, halves for 10–11, the usual holidays.
    pub(crate) fn year_2025() -> Calendar {
        let q = |n, a, b| Period {
            kind: PeriodKind::Quarter,
            number: n,
            grades: Grades::new(1, 9),
            span: Span::new(a, b),
        };
        let h = |n, a, b| Period {
            kind: PeriodKind::Half,
            number: n,
            grades: Grades::new(10, 11),
            span: Span::new(a, b),
        };
        let hol = |name: &str, grades, a, b| Holiday {
            name: name.into(),
            grades,
            span: Span::new(a, b),
        };
        Calendar {
            year: Span::new(d(2025, 9, 1), d(2026, 8, 31)),
            periods: vec![
                q(1, d(2025, 9, 1), d(2025, 10, 24)),
                q(2, d(2025, 11, 5), d(2025, 12, 26)),
                q(3, d(2026, 1, 12), d(2026, 3, 20)),
                q(4, d(2026, 3, 30), d(2026, 5, 26)),
                h(1, d(2025, 9, 1), d(2025, 12, 26)),
                h(2, d(2026, 1, 12), d(2026, 5, 26)),
            ],
            holidays: vec![
                hol(
                    "Осенние каникулы",
                    Grades::ALL,
                    d(2025, 10, 25),
                    d(2025, 11, 4),
                ),
                hol(
                    "Зимние каникулы",
                    Grades::ALL,
                    d(2025, 12, 27),
                    d(2026, 1, 11),
                ),
                hol(
                    "Дополнительные каникулы",
                    Grades::new(1, 1),
                    d(2026, 2, 14),
                    d(2026, 2, 22),
                ),
                hol(
                    "Весенние каникулы",
                    Grades::ALL,
                    d(2026, 3, 21),
                    d(2026, 3, 29),
                ),
                hol(
                    "День защитника Отечества",
                    Grades::ALL,
                    d(2026, 2, 23),
                    d(2026, 2, 23),
                ),
            ],
        }
    }

    #[test]
    fn classes_move_up_and_the_eleventh_graduates() {
        assert_eq!(promoted_grade(5), Some(6));
        assert_eq!(promoted_grade(10), Some(11));
        assert_eq!(promoted_grade(11), None);
    }

    #[test]
    fn the_usual_year_is_valid() {
        assert_eq!(year_2025().check(), Ok(()));
    }

    #[test]
    fn overlapping_periods_for_the_same_grades_are_refused() {
        let mut c = year_2025();
        c.periods[1].span.starts_on = d(2025, 10, 20);
        let problems = c.check().unwrap_err();
        assert!(problems.contains(&CalendarProblem::PeriodsOverlap {
            first: 0,
            second: 1
        }));
        // Halves for 10–11 overlap quarters in dates, but not in grades: no complaint about them.
        assert!(!problems
            .iter()
            .any(|p| matches!(p, CalendarProblem::PeriodsOverlap { second: 4, .. })));
    }

    #[test]
    fn periods_and_holidays_stay_inside_the_year() {
        let mut c = year_2025();
        c.periods[0].span.starts_on = d(2025, 8, 25);
        c.holidays[1].span.ends_on = d(2026, 9, 5);
        let problems = c.check().unwrap_err();
        assert!(problems.contains(&CalendarProblem::PeriodOutsideYear { index: 0 }));
        assert!(problems.contains(&CalendarProblem::HolidayOutsideYear { index: 1 }));
    }

    #[test]
    fn a_holiday_cannot_swallow_the_start_of_a_period() {
        let mut c = year_2025();
        c.holidays[0].span.ends_on = d(2025, 11, 6);
        let problems = c.check().unwrap_err();
        assert!(problems.contains(&CalendarProblem::HolidayOnPeriodEdge {
            holiday: 0,
            period: 1
        }));
    }

    #[test]
    fn periods_are_numbered_in_date_order() {
        let mut c = year_2025();
        c.periods.swap(0, 1);
        c.periods[0].number = 1;
        c.periods[1].number = 2;
        let problems = c.check().unwrap_err();
        assert!(problems.contains(&CalendarProblem::PeriodNumbering { from: 1, to: 9 }));
    }

    #[test]
    fn teaching_days_skip_holidays_weekends_and_the_gaps_between_periods() {
        let c = year_2025();
        let five = WeekMode::FiveDays;
        assert!(
            c.is_teaching_day(5, five, d(2025, 9, 1)),
            "Monday, 1 September"
        );
        assert!(
            !c.is_teaching_day(5, five, d(2025, 9, 6)),
            "Saturday in a five-day week"
        );
        assert!(c.is_teaching_day(5, WeekMode::SixDays, d(2025, 9, 6)));
        assert!(
            !c.is_teaching_day(5, five, d(2025, 10, 27)),
            "autumn holidays"
        );
        assert!(
            !c.is_teaching_day(1, five, d(2026, 2, 16)),
            "first-graders' extra week"
        );
        assert!(
            c.is_teaching_day(2, five, d(2026, 2, 16)),
            "…only for first-graders"
        );
        assert!(
            !c.is_teaching_day(10, five, d(2026, 5, 28)),
            "after the last period"
        );
    }
}
