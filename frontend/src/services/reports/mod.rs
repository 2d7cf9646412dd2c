//! The control reports' screens without drawing (R-R1, R-R3): the filters as the address keeps
//! them, the default span and period, and the lists a caller may narrow by; the figures as people
//! read them are in [`figures`].
//!
//! The figures themselves come counted from the server (`journal_domain::reports`); nothing here
//! counts them again.

mod figures;
mod printing;
mod views;

pub use figures::*;
pub use printing::*;
pub use views::*;

use crate::i18n::Key;
use crate::services::week::{iso, monday_of, parse_iso, school_year_start};
use chrono::{Datelike, Duration, NaiveDate};
use journal_api_types::auth::Me;
use journal_api_types::reports::{PeriodFilter, ReportFormat, SpanFilter};
use journal_api_types::structure::{Assignment, Class, PeriodInput, Subject};
use journal_domain::collate::ru_key;
use journal_domain::reports::Reach;
use journal_domain::{Caller, SchoolId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The longest span of days the journal-control report takes (else `400 invalid_span`).
pub const MAX_SPAN_DAYS: i64 = 400;

/// The server path of the journal-keeping control report (R-R1), for its files.
pub const CONTROL_PATH: &str = "/reports/journal-control";
/// The server path of the achievement report (R-R3), for its files.
pub const ACHIEVEMENT_PATH: &str = "/reports/achievement";
/// The server path of the attendance report (R-R4), for its files.
pub const ATTENDANCE_PATH: &str = "/reports/attendance";
/// The server path of the control-work results (R-R9), for their files.
pub const CONTROL_WORKS_PATH: &str = "/reports/control-works";
/// The server path of curriculum completion (R-R5), for its files.
pub const CURRICULUM_PATH: &str = "/reports/curriculum";
/// The server path of movement and class sizes (R-R6), for its files.
pub const MOVEMENT_PATH: &str = "/reports/movement";

/// The server path of a class's reports (R-R7), for their files.
pub fn class_path(class_id: Uuid) -> String {
    format!("/reports/class/{class_id}")
}

/// Whose figures the signed-in person reads, by the domain's rule (`None`: no reports);
/// `led` are the classes they lead.
pub fn reach_of(me: &Me, led: Vec<Uuid>) -> Option<Reach> {
    let caller = Caller {
        user_id: UserId(me.user_id),
        school_id: SchoolId(me.school_id),
        roles: me.roles.clone(),
    };
    Reach::of(&caller, led)
}

/// Whether the person reads the figures of whole classes — attendance, movement, the class
/// reports (R-R4, R-R6, R-R7): the deputy and the director, and a class teacher (of the classes
/// they lead; the server checks which).
pub fn reads_classes(me: &Me) -> bool {
    reach_of(me, Vec::new()).is_some_and(|r| r.whole_school())
        || me.roles.contains(&journal_api_types::Role::ClassTeacher)
}

/// A report's filters in the address (`?from=…&class_id=…`), as yew-router reads and writes
/// them. Every value is text, so an address edited by hand with a wrong date or id still opens
/// the report, with that filter dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher_id: Option<String>,
    /// Attendance of one student (R-R4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_id: Option<String>,
    /// The class report's kind: `period` or `preliminary` (R-R7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

pub(crate) fn id_of(value: &Option<String>) -> Option<Uuid> {
    value
        .as_deref()
        .and_then(|v| Uuid::parse_str(v.trim()).ok())
}

pub(crate) fn text_of(id: Option<Uuid>) -> Option<String> {
    id.map(|id| id.to_string())
}

/// One class, subject or teacher a report is narrowed to (each optional).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Narrowing {
    pub class_id: Option<Uuid>,
    pub subject_id: Option<Uuid>,
    pub teacher_id: Option<Uuid>,
}

impl Narrowing {
    fn of(q: &ReportQuery) -> Narrowing {
        Narrowing {
            class_id: id_of(&q.class_id),
            subject_id: id_of(&q.subject_id),
            teacher_id: id_of(&q.teacher_id),
        }
    }

    fn write(&self, q: &mut ReportQuery) {
        q.class_id = text_of(self.class_id);
        q.subject_id = text_of(self.subject_id);
        q.teacher_id = text_of(self.teacher_id);
    }

    /// Whether anything is narrowed.
    pub fn any(&self) -> bool {
        self.class_id.is_some() || self.subject_id.is_some() || self.teacher_id.is_some()
    }
}

/// The quick spans of the report filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanPreset {
    /// «Эта неделя»: Monday of this week to today.
    ThisWeek,
    /// «Прошлая неделя»: Monday to Sunday of the week before.
    LastWeek,
    /// «Месяц»: the first of this month to today.
    Month,
    /// «Прошлый месяц»: the whole month before this one.
    LastMonth,
    /// «С начала учебного года»: 1 September to today.
    SchoolYear,
    /// «На 20 сентября»: 1 to 20 September of this school year, the day a school reports its
    /// class sizes (R-R6).
    September20,
}

impl SpanPreset {
    /// The quick spans of journal-keeping control (R-R1).
    pub const ALL: [SpanPreset; 3] = [
        SpanPreset::ThisWeek,
        SpanPreset::LastWeek,
        SpanPreset::Month,
    ];
    /// The quick spans of attendance (R-R4).
    pub const ATTENDANCE: [SpanPreset; 4] = [
        SpanPreset::ThisWeek,
        SpanPreset::Month,
        SpanPreset::LastMonth,
        SpanPreset::SchoolYear,
    ];
    /// The quick spans of the reports over a longer stretch: control works, curriculum (R-R5,
    /// R-R9).
    pub const LONG: [SpanPreset; 3] = [
        SpanPreset::Month,
        SpanPreset::LastMonth,
        SpanPreset::SchoolYear,
    ];
    /// The quick spans of movement (R-R6).
    pub const MOVEMENT: [SpanPreset; 3] = [
        SpanPreset::September20,
        SpanPreset::Month,
        SpanPreset::SchoolYear,
    ];

    /// The days of the preset when today is `today`.
    pub fn span(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let monday = monday_of(today);
        let first = today.with_day(1).unwrap_or(today);
        match self {
            SpanPreset::ThisWeek => (monday, today),
            SpanPreset::LastWeek => (monday - Duration::days(7), monday - Duration::days(1)),
            SpanPreset::Month => (first, today),
            SpanPreset::LastMonth => {
                let last = first - Duration::days(1);
                (last.with_day(1).unwrap_or(last), last)
            }
            SpanPreset::SchoolYear => (school_year_start(today), today),
            SpanPreset::September20 => september_20(today),
        }
    }

    /// The preset of `presets` that gives exactly `from`–`to` today, if any (shown as pressed).
    pub fn among(
        presets: &[SpanPreset],
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Option<SpanPreset> {
        presets
            .iter()
            .copied()
            .find(|p| p.span(today) == (from, to))
    }

    pub fn key(self) -> Key {
        match self {
            SpanPreset::ThisWeek => Key::RpThisWeek,
            SpanPreset::LastWeek => Key::RpLastWeek,
            SpanPreset::Month => Key::RpMonth,
            SpanPreset::LastMonth => Key::RpLastMonth,
            SpanPreset::SchoolYear => Key::RpSchoolYear,
            SpanPreset::September20 => Key::RpSeptember20,
        }
    }

    /// The preset's part of its button's id: `month`, `september-20`.
    pub fn code(self) -> &'static str {
        match self {
            SpanPreset::ThisWeek => "this-week",
            SpanPreset::LastWeek => "last-week",
            SpanPreset::Month => "month",
            SpanPreset::LastMonth => "last-month",
            SpanPreset::SchoolYear => "school-year",
            SpanPreset::September20 => "september-20",
        }
    }
}

/// 1–20 September of the school year holding `today` (R-R6: the class sizes a school reports on
/// 20 September are those of the span's last day).
pub fn september_20(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = school_year_start(today);
    let end = start.with_day(20).unwrap_or(start);
    (start, end)
}

/// A span of days in the address (`from`, `to`); `default` when either is missing or wrong, or
/// the span is one the server refuses.
pub fn span_of(q: &ReportQuery, default: (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    let date = |v: &Option<String>| v.as_deref().and_then(parse_iso);
    match (date(&q.from), date(&q.to)) {
        (Some(from), Some(to)) if valid_span(from, to) => (from, to),
        _ => default,
    }
}

/// Whether the server takes `from`–`to` as a span: not backwards, under [`MAX_SPAN_DAYS`].
pub fn valid_span(from: NaiveDate, to: NaiveDate) -> bool {
    from <= to && (to - from).num_days() < MAX_SPAN_DAYS
}

/// What the journal-control screen shows: a span and a narrowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub narrowing: Narrowing,
}

impl ControlView {
    /// The view of an address's query; without a valid span, this school week up to today.
    pub fn from_query(q: &ReportQuery, today: NaiveDate) -> ControlView {
        ControlView::from_query_or(q, SpanPreset::ThisWeek.span(today))
    }

    /// The view of an address's query; without a valid span, `default` (the reports over a
    /// longer stretch open on the school year so far).
    pub fn from_query_or(q: &ReportQuery, default: (NaiveDate, NaiveDate)) -> ControlView {
        let (from, to) = span_of(q, default);
        ControlView {
            from,
            to,
            narrowing: Narrowing::of(q),
        }
    }

    pub fn query(self) -> ReportQuery {
        let mut q = ReportQuery {
            from: Some(iso(self.from)),
            to: Some(iso(self.to)),
            ..ReportQuery::default()
        };
        self.narrowing.write(&mut q);
        q
    }

    /// The server's filter of this view, answered as `format`.
    pub fn filter(&self, format: ReportFormat) -> SpanFilter {
        SpanFilter {
            from: self.from,
            to: self.to,
            class_id: self.narrowing.class_id,
            subject_id: self.narrowing.subject_id,
            teacher_id: self.narrowing.teacher_id,
            format,
        }
    }
}

/// Whose finals achievement counts: a period's, or the year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finals {
    Period(Uuid),
    Year(Uuid),
}

impl Finals {
    /// The value of the period chooser: `p:<id>` or `y:<id>`.
    pub fn value(self) -> String {
        match self {
            Finals::Period(id) => format!("p:{id}"),
            Finals::Year(id) => format!("y:{id}"),
        }
    }

    pub fn parse(value: &str) -> Option<Finals> {
        let (kind, id) = value.split_once(':')?;
        let id = Uuid::parse_str(id).ok()?;
        match kind {
            "p" => Some(Finals::Period(id)),
            "y" => Some(Finals::Year(id)),
            _ => None,
        }
    }
}

/// What the achievement screen shows: the finals (none in the address: the current period,
/// chosen once the periods are known) and a narrowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AchievementView {
    pub finals: Option<Finals>,
    pub narrowing: Narrowing,
}

impl AchievementView {
    /// The view of an address's query; a period wins over a year when both are given.
    pub fn from_query(q: &ReportQuery) -> AchievementView {
        let finals = id_of(&q.period_id)
            .map(Finals::Period)
            .or_else(|| id_of(&q.year_id).map(Finals::Year));
        AchievementView {
            finals,
            narrowing: Narrowing::of(q),
        }
    }

    pub fn query(self) -> ReportQuery {
        let mut q = ReportQuery::default();
        match self.finals {
            Some(Finals::Period(id)) => q.period_id = Some(id.to_string()),
            Some(Finals::Year(id)) => q.year_id = Some(id.to_string()),
            None => {}
        }
        self.narrowing.write(&mut q);
        q
    }

    /// The server's filter for `finals`, answered as `format`.
    pub fn filter(&self, finals: Finals, format: ReportFormat) -> PeriodFilter {
        let (period_id, year_id) = match finals {
            Finals::Period(id) => (Some(id), None),
            Finals::Year(id) => (None, Some(id)),
        };
        PeriodFilter {
            period_id,
            year_id,
            class_id: self.narrowing.class_id,
            subject_id: self.narrowing.subject_id,
            teacher_id: self.narrowing.teacher_id,
            format,
        }
    }
}

/// The period to show first: the one holding `today`, else the last one ended (when a class is
/// chosen, of the periods of its `grade` first); of several, the one for the most grades; with
/// nothing before today, the first.
pub fn current_period(
    periods: &[PeriodInput],
    today: NaiveDate,
    grade: Option<u8>,
) -> Option<Uuid> {
    let breadth = |p: &PeriodInput| p.grade_to.saturating_sub(p.grade_from);
    let pick = |of_grade: bool| {
        let fits = |p: &&PeriodInput| {
            !of_grade || grade.is_none_or(|g| p.grade_from <= g && g <= p.grade_to)
        };
        let holding = periods
            .iter()
            .filter(fits)
            .filter(|p| p.starts_on <= today && today <= p.ends_on)
            .max_by_key(|p| breadth(p));
        holding.or_else(|| {
            periods
                .iter()
                .filter(fits)
                .filter(|p| p.ends_on < today)
                .max_by_key(|p| (p.ends_on, breadth(p)))
        })
    };
    pick(true)
        .or_else(|| pick(false))
        .or_else(|| periods.first())
        .and_then(|p| p.id)
}

/// Something to choose in a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: Uuid,
    pub name: String,
}

/// The lists a caller may narrow a report by; an empty list hides its filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offer {
    pub classes: Vec<Choice>,
    pub subjects: Vec<Choice>,
    pub teachers: Vec<Choice>,
}

/// The school's structure of the current year, as the structure endpoints give it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub year_id: Option<Uuid>,
    /// The year's periods (with their stored ids).
    pub periods: Vec<PeriodInput>,
    /// The classes of the year, by grade and letter.
    pub classes: Vec<Class>,
    pub subjects: Vec<Subject>,
    /// The assignments of the year.
    pub assignments: Vec<Assignment>,
}

impl Structure {
    /// The classes the person leads this year.
    pub fn led_by(&self, me: Uuid) -> Vec<Uuid> {
        self.classes
            .iter()
            .filter(|c| c.class_teacher_id == Some(me))
            .map(|c| c.id)
            .collect()
    }

    /// The grade of a class of the year.
    pub fn grade_of(&self, class: Uuid) -> Option<u8> {
        self.classes.iter().find(|c| c.id == class).map(|c| c.grade)
    }

    /// The classes whose figures `reach` reads as a whole (attendance, movement, the class
    /// reports): every class for the leadership, the classes led for a class teacher.
    pub fn whole_classes(&self, reach: &Reach) -> Vec<Choice> {
        self.classes
            .iter()
            .filter(|c| reach.sees_class(c.id))
            .map(|c| Choice {
                id: c.id,
                name: c.name.clone(),
            })
            .collect()
    }

    /// What `reach` may narrow by, with `class` chosen (R-R1, R-R3, `Reach::allows`): the
    /// leadership every class, subject and teacher of the year; anyone else the classes they
    /// teach or lead and the subjects of those pages, and the teachers only of a class they lead
    /// once it is chosen (another teacher's pages elsewhere are not theirs to read).
    pub fn offer(&self, reach: &Reach, me: Uuid, class: Option<Uuid>) -> Offer {
        let whole = reach.whole_school();
        let mine = |a: &&Assignment| whole || a.teacher_id == me || reach.sees_class(a.class_id);
        let pages: Vec<&Assignment> = self.assignments.iter().filter(mine).collect();
        let classes = self
            .classes
            .iter()
            .filter(|c| whole || reach.sees_class(c.id) || pages.iter().any(|a| a.class_id == c.id))
            .map(|c| Choice {
                id: c.id,
                name: c.name.clone(),
            })
            .collect();
        let subjects = sorted(
            self.subjects
                .iter()
                .filter(|s| whole || pages.iter().any(|a| a.subject_id == s.id))
                .map(|s| (s.id, s.name.clone())),
        );
        let teachers = if whole {
            sorted(pages.iter().map(|a| (a.teacher_id, a.teacher_name.clone())))
        } else {
            match class.filter(|c| reach.sees_class(*c)) {
                Some(c) => sorted(
                    pages
                        .iter()
                        .filter(|a| a.class_id == c)
                        .map(|a| (a.teacher_id, a.teacher_name.clone())),
                ),
                None => Vec::new(),
            }
        };
        Offer {
            classes,
            subjects,
            teachers,
        }
    }
}

/// Distinct choices in Russian alphabetical order.
fn sorted(items: impl Iterator<Item = (Uuid, String)>) -> Vec<Choice> {
    let unique: BTreeMap<Uuid, String> = items.collect();
    let mut out: Vec<Choice> = unique
        .into_iter()
        .map(|(id, name)| Choice { id, name })
        .collect();
    out.sort_by_cached_key(|c| ru_key(&c.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::Role;
    use yew_router::query::{FromQuery, ToQuery};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// The address keeps a view: written, read back, the same view.
    #[test]
    fn the_filters_survive_the_address() {
        let today = d(2025, 11, 20);
        let view = ControlView {
            from: d(2025, 11, 3),
            to: d(2025, 11, 16),
            narrowing: Narrowing {
                class_id: Some(id(7)),
                subject_id: None,
                teacher_id: Some(id(9)),
            },
        };
        let text = view.query().to_query().unwrap().into_owned();
        assert_eq!(
            text,
            format!(
                "from=2025-11-03&to=2025-11-16&class_id={}&teacher_id={}",
                id(7),
                id(9)
            )
        );
        let back = ReportQuery::from_query(&text).unwrap();
        assert_eq!(ControlView::from_query(&back, today), view);

        let ach = AchievementView {
            finals: Some(Finals::Period(id(3))),
            narrowing: Narrowing {
                subject_id: Some(id(5)),
                ..Narrowing::default()
            },
        };
        let text = ach.query().to_query().unwrap().into_owned();
        let back = ReportQuery::from_query(&text).unwrap();
        assert_eq!(AchievementView::from_query(&back), ach);
        let year = AchievementView {
            finals: Some(Finals::Year(id(4))),
            narrowing: Narrowing::default(),
        };
        let text = year.query().to_query().unwrap().into_owned();
        assert_eq!(text, format!("year_id={}", id(4)));
        let back = ReportQuery::from_query(&text).unwrap();
        assert_eq!(AchievementView::from_query(&back), year);
    }

    #[test]
    fn a_bare_or_spoilt_address_opens_this_school_week() {
        let today = d(2025, 11, 20); // a Thursday
        let week = (d(2025, 11, 17), today);
        let bare = ControlView::from_query(&ReportQuery::default(), today);
        assert_eq!((bare.from, bare.to), week);
        assert!(!bare.narrowing.any());
        let spoilt =
            ReportQuery::from_query("from=2025-13-01&to=x&class_id=nonsense&extra=1").unwrap();
        let v = ControlView::from_query(&spoilt, today);
        assert_eq!(
            (v.from, v.to, v.narrowing),
            (week.0, week.1, Narrowing::default())
        );
        let backwards = ReportQuery::from_query("from=2025-11-20&to=2025-11-01").unwrap();
        let v = ControlView::from_query(&backwards, today);
        assert_eq!((v.from, v.to), week);
        let too_long = ReportQuery::from_query("from=2024-01-01&to=2025-11-01").unwrap();
        assert_eq!(ControlView::from_query(&too_long, today).from, week.0);
        assert!(valid_span(d(2025, 1, 1), d(2026, 2, 4)), "399 days");
        assert!(!valid_span(d(2025, 1, 1), d(2026, 2, 5)), "400 days");
        let both =
            ReportQuery::from_query(&format!("period_id={}&year_id={}", id(1), id(2))).unwrap();
        assert_eq!(
            AchievementView::from_query(&both).finals,
            Some(Finals::Period(id(1)))
        );
        assert_eq!(
            AchievementView::from_query(&ReportQuery::default()).finals,
            None
        );
    }

    #[test]
    fn the_quick_spans() {
        let today = d(2025, 11, 20); // a Thursday
        assert_eq!(SpanPreset::ThisWeek.span(today), (d(2025, 11, 17), today));
        assert_eq!(
            SpanPreset::LastWeek.span(today),
            (d(2025, 11, 10), d(2025, 11, 16))
        );
        assert_eq!(SpanPreset::Month.span(today), (d(2025, 11, 1), today));
        let monday = d(2025, 12, 1);
        assert_eq!(SpanPreset::ThisWeek.span(monday), (monday, monday));
        assert_eq!(
            SpanPreset::among(&SpanPreset::ALL, d(2025, 11, 10), d(2025, 11, 16), today),
            Some(SpanPreset::LastWeek)
        );
        assert_eq!(
            SpanPreset::among(&SpanPreset::ALL, d(2025, 11, 9), d(2025, 11, 16), today),
            None
        );
        for p in SpanPreset::ALL {
            let (from, to) = p.span(today);
            assert!(valid_span(from, to), "{p:?}");
        }
    }

    #[test]
    fn the_longer_quick_spans() {
        let today = d(2025, 11, 20);
        assert_eq!(
            SpanPreset::LastMonth.span(today),
            (d(2025, 10, 1), d(2025, 10, 31))
        );
        assert_eq!(
            SpanPreset::LastMonth.span(d(2026, 1, 9)),
            (d(2025, 12, 1), d(2025, 12, 31)),
            "over the new year"
        );
        assert_eq!(SpanPreset::SchoolYear.span(today), (d(2025, 9, 1), today));
        assert_eq!(
            SpanPreset::SchoolYear.span(d(2026, 5, 25)),
            (d(2025, 9, 1), d(2026, 5, 25))
        );
        // «На 20 сентября»: of the school year holding today, whatever the month.
        for day in [d(2025, 9, 3), today, d(2026, 5, 25), d(2026, 8, 31)] {
            assert_eq!(september_20(day), (d(2025, 9, 1), d(2025, 9, 20)), "{day}");
            assert_eq!(SpanPreset::September20.span(day), september_20(day));
        }
        assert_eq!(september_20(d(2026, 9, 1)), (d(2026, 9, 1), d(2026, 9, 20)));
        for list in [
            &SpanPreset::ALL[..],
            &SpanPreset::ATTENDANCE[..],
            &SpanPreset::LONG[..],
            &SpanPreset::MOVEMENT[..],
        ] {
            for p in list {
                let (from, to) = p.span(d(2026, 8, 31));
                assert!(valid_span(from, to), "{p:?}");
            }
        }
        assert_eq!(
            SpanPreset::among(&SpanPreset::MOVEMENT, d(2025, 9, 1), d(2025, 9, 20), today),
            Some(SpanPreset::September20)
        );
        assert_eq!(
            SpanPreset::among(&SpanPreset::ALL, d(2025, 9, 1), d(2025, 9, 20), today),
            None,
            "not a journal-control span"
        );
        let codes: std::collections::HashSet<&str> = [
            SpanPreset::ThisWeek,
            SpanPreset::LastWeek,
            SpanPreset::Month,
            SpanPreset::LastMonth,
            SpanPreset::SchoolYear,
            SpanPreset::September20,
        ]
        .into_iter()
        .map(SpanPreset::code)
        .collect();
        assert_eq!(codes.len(), 6);
        // The longer reports open on the school year so far.
        let v =
            ControlView::from_query_or(&ReportQuery::default(), SpanPreset::SchoolYear.span(today));
        assert_eq!((v.from, v.to), (d(2025, 9, 1), today));
    }

    #[test]
    fn the_finals_chooser_values() {
        assert_eq!(
            Finals::parse(&Finals::Period(id(1)).value()),
            Some(Finals::Period(id(1)))
        );
        assert_eq!(
            Finals::parse(&Finals::Year(id(2)).value()),
            Some(Finals::Year(id(2)))
        );
        assert_eq!(Finals::parse("q:1"), None);
        assert_eq!(Finals::parse(""), None);
        let v = AchievementView {
            finals: None,
            narrowing: Narrowing {
                class_id: Some(id(8)),
                ..Narrowing::default()
            },
        };
        let f = v.filter(Finals::Year(id(2)), ReportFormat::Xlsx);
        assert_eq!(
            (f.period_id, f.year_id, f.class_id),
            (None, Some(id(2)), Some(id(8)))
        );
        assert_eq!(f.format, ReportFormat::Xlsx);
    }

    fn period(
        n: u128,
        kind: &str,
        number: u8,
        grades: (u8, u8),
        from: NaiveDate,
        to: NaiveDate,
    ) -> PeriodInput {
        PeriodInput {
            id: Some(id(n)),
            kind: kind.into(),
            number,
            grade_from: grades.0,
            grade_to: grades.1,
            starts_on: from,
            ends_on: to,
        }
    }

    #[test]
    fn the_current_period() {
        let periods = [
            period(1, "quarter", 1, (1, 9), d(2025, 9, 1), d(2025, 10, 26)),
            period(2, "quarter", 2, (1, 9), d(2025, 11, 5), d(2025, 12, 28)),
            period(3, "half", 1, (10, 11), d(2025, 9, 1), d(2025, 12, 28)),
        ];
        assert_eq!(
            current_period(&periods, d(2025, 11, 20), None),
            Some(id(2)),
            "most grades"
        );
        assert_eq!(
            current_period(&periods, d(2025, 11, 20), Some(10)),
            Some(id(3))
        );
        assert_eq!(
            current_period(&periods, d(2025, 11, 20), Some(7)),
            Some(id(2))
        );
        // The autumn holidays: the quarter just ended.
        assert_eq!(
            current_period(&periods, d(2025, 11, 1), Some(5)),
            Some(id(1))
        );
        // Before the year: the first.
        assert_eq!(current_period(&periods, d(2025, 8, 20), None), Some(id(1)));
        assert_eq!(current_period(&[], d(2025, 8, 20), None), None);
    }

    fn me(roles: &[Role]) -> Me {
        Me {
            user_id: id(100),
            login: "t".into(),
            last_name: "Егорова".into(),
            first_name: "Ева".into(),
            middle_name: None,
            school_id: id(200),
            school_name: "Школа".into(),
            roles: roles.to_vec(),
            led_classes: Vec::new(),
            memberships: Vec::new(),
            must_change_password: false,
            last_login_at: None,
            previous_login_at: None,
            students: Vec::new(),
            timezone: "Europe/Moscow".into(),
            utc_offset_minutes: 180,
        }
    }

    fn structure() -> Structure {
        let class = |n: u128, name: &str, grade: u8, teacher: Option<Uuid>| Class {
            id: id(n),
            name: name.into(),
            grade,
            letter: name.chars().last().unwrap().to_string(),
            year_id: Some(id(50)),
            class_teacher_id: teacher,
            week_days: 5,
            bell_schedule_id: None,
        };
        let subject = |n: u128, name: &str| Subject {
            id: id(n),
            name: name.into(),
            short_name: name.into(),
        };
        let page = |n: u128,
                    teacher: u128,
                    tname: &str,
                    subject: u128,
                    sname: &str,
                    class: u128,
                    cname: &str| Assignment {
            id: id(n),
            year_id: id(50),
            teacher_id: id(teacher),
            teacher_name: tname.into(),
            subject_id: id(subject),
            subject_name: sname.into(),
            class_id: id(class),
            class_name: cname.into(),
            hours_per_week: 3,
            group_id: None,
            group_name: None,
        };
        Structure {
            year_id: Some(id(50)),
            periods: Vec::new(),
            classes: vec![
                class(11, "5А", 5, Some(id(100))),
                class(12, "6Б", 6, None),
                class(13, "7В", 7, None),
            ],
            subjects: vec![
                subject(21, "Физика"),
                subject(22, "Алгебра"),
                subject(23, "Химия"),
            ],
            assignments: vec![
                page(31, 100, "Егорова Ева", 22, "Алгебра", 12, "6Б"),
                page(32, 101, "Белов Борис", 21, "Физика", 11, "5А"),
                page(33, 102, "Архипова Анна", 23, "Химия", 13, "7В"),
            ],
        }
    }

    fn names(c: &[Choice]) -> Vec<&str> {
        c.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn each_reader_narrows_by_what_they_may_read() {
        let s = structure();
        let deputy = reach_of(&me(&[Role::Deputy]), s.led_by(id(100))).unwrap();
        let all = s.offer(&deputy, id(100), None);
        assert_eq!(names(&all.classes), ["5А", "6Б", "7В"]);
        assert_eq!(names(&all.subjects), ["Алгебра", "Физика", "Химия"]);
        assert_eq!(
            names(&all.teachers),
            ["Архипова Анна", "Белов Борис", "Егорова Ева"]
        );

        let ct = reach_of(&me(&[Role::Teacher, Role::ClassTeacher]), s.led_by(id(100))).unwrap();
        let o = s.offer(&ct, id(100), None);
        assert_eq!(names(&o.classes), ["5А", "6Б"], "led and taught");
        assert_eq!(names(&o.subjects), ["Алгебра", "Физика"]);
        assert!(
            o.teachers.is_empty(),
            "no teacher filter without a led class"
        );
        let o = s.offer(&ct, id(100), Some(id(11)));
        assert_eq!(
            names(&o.teachers),
            ["Белов Борис"],
            "the teachers of the led class"
        );
        assert!(s.offer(&ct, id(100), Some(id(12))).teachers.is_empty());

        let teacher = reach_of(&me(&[Role::Teacher]), s.led_by(id(100))).unwrap();
        let o = s.offer(&teacher, id(100), Some(id(11)));
        assert_eq!(
            names(&o.classes),
            ["6Б"],
            "a class led needs the class teacher's role"
        );
        assert_eq!(names(&o.subjects), ["Алгебра"]);
        assert!(o.teachers.is_empty());

        assert_eq!(names(&s.whole_classes(&deputy)), ["5А", "6Б", "7В"]);
        assert_eq!(names(&s.whole_classes(&ct)), ["5А"], "the class led only");
        assert!(s.whole_classes(&teacher).is_empty());
        assert!(reads_classes(&me(&[Role::Deputy])));
        assert!(reads_classes(&me(&[Role::Teacher, Role::ClassTeacher])));
        assert!(!reads_classes(&me(&[Role::Teacher])));
        assert!(!reads_classes(&me(&[Role::Secretary])));

        assert!(reach_of(&me(&[Role::Secretary]), Vec::new()).is_none());
        assert!(reach_of(&me(&[Role::Guardian]), Vec::new()).is_none());
        assert_eq!(s.grade_of(id(13)), Some(7));
    }
}
