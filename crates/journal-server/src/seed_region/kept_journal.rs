//! A school's kept journal: the year's lessons held up to today, marks, substitutions, finals.

use crate::seed::{Ids, Rng};
use crate::seed_journal::{self, Lesson, Page};
use crate::seed_timetable::Plan;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use journal_db::journal::JournalRows;
use journal_db::roster::{Class, Student};
use journal_db::structure::{PeriodRow, YearWithCalendar};
use journal_db::timetable::{ChangeRow, EntryRow};
use journal_domain::calendar::{Span, WeekMode};
use journal_domain::marks::Scale;
use journal_domain::timetable::lesson_dates;
use std::collections::{HashMap, HashSet};

/// Marks per student and subject in a quarter (R-J2; twice as many in a half).
const MARKS_PER_QUARTER: usize = 10;
/// Of a hundred lessons held, how many a colleague covers (R-T2).
const SUBSTITUTED_PERCENT: u64 = 1;
const SUBSTITUTION_REASONS: &[&str] = &[
    "Больничный",
    "Курсы повышения квалификации",
    "Участие в олимпиаде с учениками",
    "Семейные обстоятельства",
];

/// A school's kept journal: every lesson of the year held up to the day before `today`, by the
/// demo's rules, with a mark rate that gives about [`MARKS_PER_QUARTER`]; some lessons covered by
/// a free colleague of the subject; each period that has ended closed with its finals.
pub(super) struct Kept<'a> {
    pub(super) school: &'a str,
    pub(super) year: &'a YearWithCalendar,
    pub(super) classes: &'a [Class],
    pub(super) students: &'a [Student],
    pub(super) plan: &'a Plan,
    pub(super) pool: &'a dyn Fn(&str) -> Vec<String>,
    pub(super) deputy: &'a str,
    pub(super) today: NaiveDate,
    pub(super) at: NaiveDateTime,
}

impl Kept<'_> {
    pub(super) fn write(
        &self,
        rng: &mut Rng,
        ids: &Ids,
    ) -> (JournalRows, seed_journal::Filled, Vec<ChangeRow>) {
        let calendar = self.year.calendar();
        let mut rows = JournalRows::default();
        let mut filled = seed_journal::Filled::default();
        let mut changes = Vec::new();
        let class_of: HashMap<&str, &Class> =
            self.classes.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut entries_of: HashMap<&str, Vec<(&EntryRow, &str)>> = HashMap::new();
        for (e, subject) in &self.plan.entries {
            entries_of
                .entry(e.assignment_id.as_str())
                .or_default()
                .push((e, subject));
        }
        let mut of_class: HashMap<&str, Vec<Student>> = HashMap::new();
        for st in self.students {
            if let Some(c) = &st.class_id {
                of_class.entry(c.as_str()).or_default().push(st.clone());
            }
        }
        let by_id: HashMap<&str, &Student> =
            self.students.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut of_group: HashMap<&str, Vec<Student>> = HashMap::new();
        for m in &self.plan.members {
            if let Some(st) = by_id.get(m.student_id.as_str()) {
                of_group
                    .entry(m.group_id.as_str())
                    .or_default()
                    .push((*st).clone());
            }
        }
        // Substitutes already covering a lesson: (teacher, date, lesson number).
        let mut covering: HashSet<(String, NaiveDate, i32)> = HashSet::new();
        let yesterday = self.today - Duration::days(1);
        let no_one = |_: &str, _: NaiveDate| false;
        for a in &self.plan.assignments {
            let Some(class) = class_of.get(a.class_id.as_str()) else {
                continue;
            };
            let grade = class.grade.clamp(1, 11) as u8;
            let scale = Scale::default_for_grade(grade);
            let week = WeekMode::from_days(class.week_days.clamp(5, 6) as u8)
                .unwrap_or(WeekMode::FiveDays);
            let entries = entries_of.get(a.id.as_str()).cloned().unwrap_or_default();
            let students: &[Student] = match &a.group_id {
                Some(g) => of_group.get(g.as_str()).map_or(&[], Vec::as_slice),
                None => of_class.get(a.class_id.as_str()).map_or(&[], Vec::as_slice),
            };
            let mut topic_no = 0usize;
            let mut periods: Vec<&PeriodRow> = self
                .year
                .periods
                .iter()
                .filter(|p| (p.grade_from..=p.grade_to).contains(&class.grade))
                .filter(|p| p.starts_on <= yesterday)
                .collect();
            periods.sort_by_key(|p| p.starts_on);
            for period in periods {
                let dates = |e: &EntryRow, to: NaiveDate| {
                    lesson_dates(
                        &e.entry(),
                        Span::new(period.starts_on, to),
                        grade,
                        week,
                        &calendar,
                    )
                };
                let whole: usize = entries
                    .iter()
                    .map(|(e, _)| dates(e, period.ends_on).len())
                    .sum();
                let target = if period.kind == "half" {
                    2 * MARKS_PER_QUARTER
                } else {
                    MARKS_PER_QUARTER
                };
                let mut lessons: Vec<Lesson> = Vec::new();
                for (e, subject) in &entries {
                    for d in dates(e, period.ends_on.min(yesterday)) {
                        let mut writer = a.teacher_id.clone();
                        if rng.chance(SUBSTITUTED_PERCENT) {
                            let free = (self.pool)(subject).into_iter().find(|t| {
                                *t != e.teacher_id
                                    && !self.plan.busy.contains(&(
                                        t.clone(),
                                        e.weekday,
                                        e.lesson_number,
                                    ))
                                    && !covering.contains(&(t.clone(), d, e.lesson_number))
                            });
                            if let Some(sub) = free {
                                covering.insert((sub.clone(), d, e.lesson_number));
                                changes.push(ChangeRow {
                                    id: ids.id(),
                                    school_id: self.school.to_owned(),
                                    entry_id: e.id.clone(),
                                    lesson_date: d,
                                    kind: "substitution".into(),
                                    substitute_id: Some(sub.clone()),
                                    subject_id: None,
                                    room_id: None,
                                    moved_to_date: None,
                                    moved_to_lesson: None,
                                    reason: Some(rng.pick(SUBSTITUTION_REASONS).into()),
                                    created_by: self.deputy.to_owned(),
                                    created_at: (d - Duration::days(1))
                                        .and_hms_opt(17, 0, 0)
                                        .unwrap_or(self.at),
                                });
                                writer = sub;
                            }
                        }
                        lessons.push(Lesson {
                            entry: e.id.clone(),
                            date: d,
                            writer,
                        });
                    }
                }
                lessons.sort_by(|x, y| (x.date, &x.entry).cmp(&(y.date, &y.entry)));
                let page = Page {
                    school: self.school,
                    scale,
                    lessons: &lessons,
                    students,
                    plan: &[],
                    mark_chance: seed_journal::mark_chance_for(target, whole),
                };
                let marks = seed_journal::write_lessons(
                    rng,
                    ids,
                    &page,
                    &mut topic_no,
                    &no_one,
                    &mut rows,
                    &mut filled,
                    self.at,
                );
                // The period is over: finals from the forecast, the page closed (R-F1, R-F2).
                if period.ends_on < self.today && scale == Scale::FivePoint && !students.is_empty()
                {
                    let finals_at = period.ends_on.and_hms_opt(15, 0, 0).unwrap_or(self.at);
                    for st in students {
                        rows.finals.push(seed_journal::final_row(
                            ids,
                            self.school,
                            a,
                            period,
                            st.id.clone(),
                            Some(seed_journal::period_final(scale, marks.get(&st.id))),
                            None,
                            false,
                            period.ends_on,
                            finals_at,
                        ));
                        filled.finals += 1;
                    }
                    rows.locks.push(seed_journal::lock_row(
                        ids,
                        self.school,
                        a,
                        period,
                        "close",
                        None,
                        Some("все итоговые отметки выставлены"),
                        &a.teacher_id,
                        finals_at,
                    ));
                }
            }
        }
        (rows, filled, changes)
    }
}
