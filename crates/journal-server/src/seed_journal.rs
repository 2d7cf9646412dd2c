//! The demo journal (R-J1–R-J4, R-F1–R-F5): the lessons held so far in the current period (at
//! most the last four weeks) and the whole previous period, with topics from the lesson plans,
//! homework, marks of several work types and absences; the previous period's finals, its pages
//! closed, one of the demo teacher's pages reopened by the deputy, a deferral and a liquidated
//! debt.

use crate::seed::{Ids, Rng};
use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use journal_db::journal::{
    self as jdb, AttendanceCheck, AttendanceRow, FinalRow, JournalRows, LockRow, MarkRow,
};
use journal_db::roster::{Class, Student};
use journal_db::structure::{self as sdb, Assignment, PeriodRow, YearWithCalendar};
use journal_db::timetable::{self as tdb, LessonRecord};
use journal_db::users::User;
use journal_db::DbConnection;
use journal_domain::calendar::{Span, WeekMode};
use journal_domain::diary::week_start;
use journal_domain::marks::{forecast, Scale, Thresholds, DEFAULT_WORK_TYPES};
use journal_domain::timetable::lesson_dates;
use journal_domain::SchoolId;
use std::collections::HashMap;

/// What the demo journal holds.
#[derive(Debug, Default)]
pub struct Filled {
    pub lessons: usize,
    pub marks: usize,
    pub absences: usize,
    pub finals: usize,
}

const HOMEWORK: &[&str] = &[
    "§ {n}, вопросы 1–3",
    "Упр. {n}",
    "№ {n}, {m}",
    "Выучить правило на с. {n}",
    "Прочитать § {n}, ответить на вопросы в конце параграфа",
    "Повторить § {n}, подготовиться к самостоятельной работе",
];

/// The period of `grade` containing `day`, or the last one before it.
fn period_at(year: &YearWithCalendar, grade: i32, day: NaiveDate) -> Option<&PeriodRow> {
    let of_grade = |p: &&PeriodRow| (p.grade_from..=p.grade_to).contains(&grade);
    year.periods
        .iter()
        .filter(of_grade)
        .filter(|p| p.starts_on <= day)
        .max_by_key(|p| p.starts_on)
}

fn previous<'a>(year: &'a YearWithCalendar, p: &PeriodRow) -> Option<&'a PeriodRow> {
    year.periods
        .iter()
        .filter(|q| {
            q.grade_from == p.grade_from && q.grade_to == p.grade_to && q.ends_on < p.starts_on
        })
        .max_by_key(|q| q.starts_on)
}

#[allow(clippy::too_many_arguments)]
pub fn fill(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &YearWithCalendar,
    classes: &[Class],
    staff: &[User],
    family: &[String],
    children: &[String],
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<Filled> {
    let s = school.to_string();
    let calendar = year.calendar();
    let login_id = |login: &str| {
        staff
            .iter()
            .find(|u| u.login == login)
            .map(|u| u.id.clone())
    };
    let deputy = login_id("deputy").unwrap_or_default();
    let demo_teacher = login_id("teacher").unwrap_or_default();
    let mut rng = Rng(0x005e_ed0f_10a2_7a1e);
    let mut rows = JournalRows::default();
    let mut filled = Filled::default();
    let mut demo_pages = 0;
    let changes = tdb::changes_in(
        conn,
        school,
        Span::new(year.year.starts_on, year.year.ends_on),
    )?;
    // In an order of names, not of the random ids, so that the same date gives the same journal.
    let subject_names: HashMap<String, String> = sdb::subjects(conn, school)?
        .into_iter()
        .map(|x| (x.id, x.name))
        .collect();
    let login_of = |id: &str| staff.iter().find(|u| u.id == id).map(|u| u.login.clone());
    let mut assignments = sdb::assignments(conn, school, None, None)?;
    assignments.sort_by_cached_key(|a| {
        let class = classes.iter().find(|c| c.id == a.class_id);
        (
            class.map(|c| (c.grade, c.letter.clone())),
            subject_names.get(&a.subject_id).cloned(),
            a.group_id.is_some(),
            login_of(&a.teacher_id),
        )
    });
    for a in assignments {
        let Some(class) = classes.iter().find(|c| c.id == a.class_id) else {
            continue;
        };
        let Some(current) = period_at(year, class.grade, today) else {
            continue;
        };
        let scale = Scale::default_for_grade(class.grade.clamp(0, 11) as u8);
        let week =
            WeekMode::from_days(class.week_days.clamp(5, 6) as u8).unwrap_or(WeekMode::FiveDays);
        let entries = jdb::entries_of_assignment(conn, school, &a.id)?;
        let plan = journal_db::planning::plan(conn, &a.id)?;
        let mut topic_no = 0usize;
        let recent = (today - Duration::weeks(4)).max(current.starts_on);
        let mut spans = Vec::new();
        let prev = previous(year, current);
        if let Some(p) = prev {
            spans.push((p.clone(), p.starts_on, p.ends_on));
        }
        if today > current.starts_on {
            // The `parent` account's children's classes have today written too, so that their
            // diary holds marks and homework of this week even on a Monday.
            let last = if family.contains(&a.class_id) {
                today
            } else {
                today - Duration::days(1)
            };
            spans.push((current.clone(), recent, last.min(current.ends_on)));
        }
        for (period, from, to) in spans {
            if from > to {
                continue;
            }
            let mut students = match &a.group_id {
                Some(g) => {
                    jdb::group_students_during(conn, school, g, period.starts_on, period.ends_on)?
                }
                None => jdb::class_students_during(
                    conn,
                    school,
                    &a.class_id,
                    period.starts_on,
                    period.ends_on,
                )?,
            };
            students.sort_by_cached_key(|st| {
                (
                    st.last_name.clone(),
                    st.first_name.clone(),
                    st.middle_name.clone(),
                    st.birth_date,
                )
            });
            let mut dated: Vec<Lesson> = Vec::new();
            for e in &entries {
                for d in lesson_dates(
                    &e.entry(),
                    Span::new(from, to),
                    class.grade.clamp(1, 11) as u8,
                    week,
                    &calendar,
                ) {
                    let changed = changes
                        .iter()
                        .any(|c| c.entry_id == e.id && c.lesson_date == d);
                    if !changed {
                        dated.push(Lesson {
                            entry: e.id.clone(),
                            date: d,
                            writer: a.teacher_id.clone(),
                        });
                    }
                }
            }
            dated.sort_by_key(|l| l.date);
            let titles: Vec<&str> = plan.iter().map(|t| t.title.as_str()).collect();
            let page = Page {
                school: &s,
                scale,
                lessons: &dated,
                students: &students,
                plan: &titles,
                mark_chance: 12,
            };
            // The `parent` account's children are present and marked in every lesson of this
            // week, so their diary shows this week's marks (R-D1) on any weekday.
            let shown = |student: &str, date: NaiveDate| {
                children.iter().any(|c| c == student) && date >= week_start(today)
            };
            let page_marks = write_lessons(
                &mut rng,
                &Ids::random(),
                &page,
                &mut topic_no,
                &shown,
                &mut rows,
                &mut filled,
                at,
            );
            // The previous period is over: finals from the forecast, the page closed.
            if Some(&period) == prev && scale == Scale::FivePoint && !students.is_empty() {
                let demo = a.teacher_id == demo_teacher;
                let finals_at = period.ends_on.and_hms_opt(15, 0, 0).unwrap_or(at);
                for (k, st) in students.iter().enumerate() {
                    let mut value = period_final(scale, page_marks.get(&st.id));
                    let mut deferred = None;
                    if demo && demo_pages == 0 && k == 0 {
                        value = "2".into();
                    }
                    if demo && demo_pages == 0 && k == 1 {
                        deferred = Some(period.ends_on + Duration::days(30));
                    }
                    rows.finals.push(final_row(
                        &Ids::random(),
                        &s,
                        &a,
                        &period,
                        st.id.clone(),
                        (deferred.is_none()).then_some(value),
                        deferred,
                        false,
                        period.ends_on,
                        finals_at,
                    ));
                    filled.finals += 1;
                    if demo && demo_pages == 0 && k == 0 {
                        // The debt is liquidated after the holidays as a new dated final (R-F4).
                        // The previous period ended before today: there is a day for it.
                        let later =
                            (period.ends_on + Duration::days(14)).min(today - Duration::days(1));
                        let when = later
                            .and_hms_opt(16, 0, 0)
                            .unwrap_or(at)
                            .max(finals_at + Duration::hours(1));
                        rows.finals.push(final_row(
                            &Ids::random(),
                            &s,
                            &a,
                            &period,
                            st.id.clone(),
                            Some("3".into()),
                            None,
                            true,
                            later,
                            when,
                        ));
                    }
                }
                rows.locks.push(lock_row(
                    &Ids::random(),
                    &s,
                    &a,
                    &period,
                    "close",
                    None,
                    Some("все итоговые отметки выставлены"),
                    &a.teacher_id,
                    finals_at,
                ));
                if demo && demo_pages == 1 {
                    // The deputy reopened one of the demo teacher's pages to correct a mark.
                    let reopened = finals_at + Duration::days(2);
                    rows.locks.push(lock_row(
                        &Ids::random(),
                        &s,
                        &a,
                        &period,
                        "reopen",
                        None,
                        Some("Исправление ошибочно выставленной отметки по заявлению родителей"),
                        &deputy,
                        reopened,
                    ));
                }
                if demo {
                    demo_pages += 1;
                }
            }
        }
    }
    journal_db::bulk::insert_journal(conn, &rows)?;
    Ok(filled)
}

/// A lesson to write: its weekly entry, its date and who writes it (the teacher, or the
/// substitute who covered it, R-T2).
pub struct Lesson {
    pub entry: String,
    pub date: NaiveDate,
    pub writer: String,
}

/// A journal page's lessons of one period to write (R-J1).
pub struct Page<'a> {
    pub school: &'a str,
    pub scale: Scale,
    /// By date.
    pub lessons: &'a [Lesson],
    pub students: &'a [Student],
    /// Topics of the lesson plan, followed in order (numbered topics without a plan).
    pub plan: &'a [&'a str],
    /// The chance (percent) that a present student gets a mark for an oral answer or homework
    /// at a lesson that is not a control work.
    pub mark_chance: u64,
}

/// The marks of each student on a page: (value, work type).
pub type PageMarks = HashMap<String, Vec<(String, String)>>;

/// Write a page's lessons: every ninth lesson on the five-point scale is a control work that
/// marks everyone present, the others have a topic and homework due by the next lesson and mark
/// a student with `mark_chance`; 4 % of students are absent, mostly ill. Each student has a usual
/// level and marks scatter around it. `shown` students are present and marked whatever the
/// chance.
#[allow(clippy::too_many_arguments)]
pub fn write_lessons(
    rng: &mut Rng,
    ids: &Ids,
    page: &Page,
    topic_no: &mut usize,
    shown: &dyn Fn(&str, NaiveDate) -> bool,
    rows: &mut JournalRows,
    filled: &mut Filled,
    at: NaiveDateTime,
) -> PageMarks {
    let mut page_marks = PageMarks::new();
    let scale = page.scale;
    for (i, lesson) in page.lessons.iter().enumerate() {
        let control = scale == Scale::FivePoint && i % 9 == 8;
        let topic = page
            .plan
            .get(*topic_no % page.plan.len().max(1))
            .map(|t| (*t).to_owned())
            .unwrap_or_else(|| format!("Тема {} по рабочей программе", *topic_no + 1));
        *topic_no += 1;
        let n = 10 + rng.below(190);
        let homework = rng
            .pick(HOMEWORK)
            .replace("{n}", &n.to_string())
            .replace("{m}", &(n + 2).to_string());
        let next = page.lessons.get(i + 1).map(|l| l.date);
        // When things were entered, for the control report (R-J5): most on the lesson's day in
        // the morning (UTC, the afternoon at the latest in any Russian time zone), some topics and
        // some lessons' marks the next day, late.
        let on_day = |h: u32| lesson.date.and_hms_opt(h, 0, 0).unwrap_or(at);
        let next_day = (lesson.date + chrono::Duration::days(1))
            .and_hms_opt(6, 0, 0)
            .unwrap_or(at);
        let topic_at = if (i + *topic_no) % 17 == 5 {
            next_day
        } else {
            on_day(9)
        };
        let marks_at = if i % 13 == 7 { next_day } else { on_day(9) };
        let mut attendance_taken = i % 11 != 10;
        rows.records.push(LessonRecord {
            school_id: page.school.to_owned(),
            entry_id: lesson.entry.clone(),
            lesson_date: lesson.date,
            conducted: true,
            topic: Some(if control {
                format!("Контрольная работа: {topic}")
            } else {
                topic
            }),
            homework: (!control).then_some(homework),
            updated_by: lesson.writer.clone(),
            updated_at: at,
            plan_topic_id: None,
            work_types: if control {
                "control".into()
            } else {
                "oral,homework".into()
            },
            homework_due: if control { None } else { next },
            homework_note: None,
            topic_entered_at: Some(topic_at),
            homework_entered_at: (!control).then(|| on_day(10)),
        });
        filled.lessons += 1;
        for st in page.students {
            let shown = shown(&st.id, lesson.date);
            if !shown && rng.chance(4) {
                rows.attendance.push(AttendanceRow {
                    school_id: page.school.to_owned(),
                    entry_id: lesson.entry.clone(),
                    lesson_date: lesson.date,
                    student_id: st.id.clone(),
                    status: "absent".into(),
                    reason: Some(
                        rng.pick(&["illness", "excused", "unexcused", "illness"])
                            .into(),
                    ),
                    updated_by: lesson.writer.clone(),
                    updated_at: at,
                });
                attendance_taken = true;
                filled.absences += 1;
                continue;
            }
            if scale != Scale::FivePoint {
                continue;
            }
            let (work_type, given) = if control {
                ("control", true)
            } else if shown || rng.chance(page.mark_chance) {
                (if rng.chance(50) { "oral" } else { "homework" }, true)
            } else {
                ("oral", false)
            };
            if !given {
                continue;
            }
            let level = 2
                + (format!("{}{}{}", st.last_name, st.first_name, st.birth_date)
                    .bytes()
                    .map(u32::from)
                    .sum::<u32>()
                    % 3) as usize;
            let value = (level + rng.below(3)).clamp(2, 5).to_string();
            page_marks
                .entry(st.id.clone())
                .or_default()
                .push((value.clone(), work_type.into()));
            rows.marks.push(MarkRow {
                id: ids.id(),
                school_id: page.school.to_owned(),
                entry_id: lesson.entry.clone(),
                lesson_date: lesson.date,
                student_id: st.id.clone(),
                work_type: work_type.into(),
                value,
                comment: None,
                given_on: lesson.date,
                updated_by: lesson.writer.clone(),
                updated_at: at,
                entered_at: marks_at,
            });
            filled.marks += 1;
        }
        if attendance_taken {
            rows.checks.push(AttendanceCheck {
                school_id: page.school.to_owned(),
                entry_id: lesson.entry.clone(),
                lesson_date: lesson.date,
                checked_by: lesson.writer.clone(),
                checked_at: on_day(9),
            });
        }
    }
    page_marks
}

/// The chance (percent) of a mark per lesson that gives a student about `target` marks over
/// `lessons` lessons, counting the control works every ninth lesson and the 4 % absent.
pub fn mark_chance_for(target: usize, lessons: usize) -> u64 {
    let controls = lessons / 9;
    let others = lessons.saturating_sub(controls);
    if others == 0 {
        return 0;
    }
    let wanted = target.saturating_sub(controls) as f64 / 0.96;
    ((wanted / others as f64 * 100.0).round() as u64).min(100)
}

/// A period's final from a student's marks (R-F1): the forecast of the weighted average (R-F6),
/// Н/А without marks.
pub fn period_final(scale: Scale, marks: Option<&Vec<(String, String)>>) -> String {
    let marks: Vec<(&str, f64)> = marks
        .map(|m| m.iter().map(|(v, w)| (v.as_str(), weight(w))).collect())
        .unwrap_or_default();
    let f = forecast(scale, &marks, &Thresholds::default(), 1);
    f.mark.map(|m| m.to_string()).unwrap_or_else(|| "na".into())
}

/// The default weight of a work type (R-J2).
fn weight(code: &str) -> f64 {
    DEFAULT_WORK_TYPES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(1.0, |(_, _, w)| f64::from(*w) / 10.0)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn final_row(
    ids: &Ids,
    school: &str,
    a: &Assignment,
    period: &PeriodRow,
    student: String,
    value: Option<String>,
    deferred_until: Option<NaiveDate>,
    liquidation: bool,
    set_on: NaiveDate,
    at: NaiveDateTime,
) -> FinalRow {
    FinalRow {
        id: ids.id(),
        school_id: school.to_owned(),
        student_id: student,
        subject_id: a.subject_id.clone(),
        year_id: a.year_id.clone(),
        kind: "period".into(),
        period_id: Some(period.id.clone()),
        value,
        deferred_until,
        liquidation,
        set_on,
        comment: deferred_until.map(|_| "Отсрочка по болезни (справка)".to_owned()),
        created_by: a.teacher_id.clone(),
        created_at: at,
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn lock_row(
    ids: &Ids,
    school: &str,
    a: &Assignment,
    period: &PeriodRow,
    kind: &str,
    until: Option<NaiveDate>,
    reason: Option<&str>,
    by: &str,
    at: NaiveDateTime,
) -> LockRow {
    LockRow {
        id: ids.id(),
        school_id: school.to_owned(),
        assignment_id: a.id.clone(),
        period_id: period.id.clone(),
        kind: kind.into(),
        until,
        reason: reason.map(str::to_owned),
        created_by: by.to_owned(),
        created_at: at,
    }
}
