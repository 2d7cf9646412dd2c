//! This week's substitutions, cancellation and move in the demo school.

use super::curriculum::{pool, week_days};
use super::year::BELLS;
use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use journal_db::roster::Class;
use journal_db::structure::YearWithCalendar;
use journal_db::timetable::{self, ChangeRow, EntryRow};
use journal_db::users::User;
use journal_db::DbConnection;
use journal_domain::calendar::WeekMode;
use journal_domain::SchoolId;
use std::collections::HashSet;

/// This week: the demo `teacher`'s Wednesday lessons are covered by a free colleague of the same
/// subject, one physical education lesson on Thursday is cancelled, and one history lesson on
/// Friday moves to a free Saturday lesson of a six-day class. One whole-class lesson this week of
/// a class in `family` (the `parent` account's children's) is covered too, so that their diary
/// shows a substitution.
#[allow(clippy::too_many_arguments)]
pub(super) fn substitutions(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &YearWithCalendar,
    entries: &[(EntryRow, &'static str)],
    classes: &[Class],
    busy: &HashSet<(String, i32, i32)>,
    staff: &[User],
    family: &[String],
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<usize> {
    let calendar = year.calendar();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let day = |n: i64| monday + Duration::days(n - 1);
    let grade_of = |class: &str| {
        classes
            .iter()
            .find(|c| c.id == class)
            .map_or(1, |c| c.grade)
    };
    let teaching = |e: &EntryRow, d: NaiveDate| {
        let g = grade_of(&e.class_id);
        let week =
            WeekMode::from_days(week_days(g).clamp(5, 6) as u8).unwrap_or(WeekMode::FiveDays);
        calendar.is_teaching_day(g.clamp(1, 11) as u8, week, d)
    };
    let id_of = |login: &str| {
        staff
            .iter()
            .find(|u| u.login == login)
            .map(|u| u.id.clone())
    };
    let by = id_of("deputy").unwrap_or_default();
    let change = |e: &EntryRow, d: NaiveDate, kind: &str| ChangeRow {
        id: uuid::Uuid::new_v4().to_string(),
        school_id: school.to_string(),
        entry_id: e.id.clone(),
        lesson_date: d,
        kind: kind.into(),
        substitute_id: None,
        subject_id: None,
        room_id: None,
        moved_to_date: None,
        moved_to_lesson: None,
        reason: None,
        created_by: by.clone(),
        created_at: at,
    };
    let mut count = 0;
    // Lessons changed so far and (substitute, weekday, lesson) of the covers.
    let mut changed: Vec<(String, NaiveDate)> = Vec::new();
    let mut covering: Vec<(String, i32, i32)> = Vec::new();
    let teacher = id_of("teacher").unwrap_or_default();
    for (e, subject) in entries
        .iter()
        .filter(|(e, _)| e.teacher_id == teacher && e.weekday == 3)
    {
        let d = day(3);
        if !teaching(e, d) {
            continue;
        }
        let free = pool(subject)
            .iter()
            .filter_map(|l| id_of(l))
            .find(|t| *t != teacher && !busy.contains(&(t.clone(), 3, e.lesson_number)));
        if let Some(sub) = free {
            let mut c = change(e, d, "substitution");
            c.substitute_id = Some(sub);
            c.reason = Some("Курсы повышения квалификации".into());
            timetable::insert_change(conn, &c)?;
            changed.push((c.entry_id.clone(), c.lesson_date));
            covering.push((
                c.substitute_id.clone().unwrap_or_default(),
                3,
                e.lesson_number,
            ));
            count += 1;
        }
    }
    if let Some((e, _)) = entries
        .iter()
        .find(|(e, s)| *s == "Физическая культура" && e.weekday == 4 && teaching(e, day(4)))
    {
        let mut c = change(e, day(4), "cancellation");
        c.reason = Some("Спортзал закрыт на санитарную обработку".into());
        timetable::insert_change(conn, &c)?;
        changed.push((c.entry_id.clone(), c.lesson_date));
        count += 1;
    }
    // The Saturday lesson the history lesson moves to must be free for its teacher, its class
    // and its room, as the API requires of a move (R-T2).
    let taken = |e: &EntryRow, n: i32| {
        entries.iter().any(|(o, _)| {
            o.weekday == 6
                && o.lesson_number == n
                && (o.teacher_id == e.teacher_id
                    || o.class_id == e.class_id
                    || (e.room_id.is_some() && o.room_id == e.room_id))
        })
    };
    let saturday_slot = |e: &EntryRow| {
        (week_days(grade_of(&e.class_id)) == 6)
            .then(|| BELLS.iter().map(|b| b.0).find(|n| !taken(e, *n)))
            .flatten()
    };
    let history = entries.iter().find_map(|(e, s)| {
        let movable =
            *s == "История" && e.weekday == 5 && teaching(e, day(5)) && teaching(e, day(6));
        movable.then(|| saturday_slot(e).map(|n| (e, n))).flatten()
    });
    if let Some((e, n)) = history {
        let mut c = change(e, day(5), "move");
        c.moved_to_date = Some(day(6));
        c.moved_to_lesson = Some(n);
        c.reason = Some("Экскурсия в музей".into());
        timetable::insert_change(conn, &c)?;
        changed.push((c.entry_id.clone(), c.lesson_date));
        count += 1;
    }
    let mut family_lessons: Vec<&(EntryRow, &'static str)> = entries
        .iter()
        .filter(|(e, _)| family.contains(&e.class_id) && e.group_id.is_none())
        .collect();
    family_lessons.sort_by_key(|(e, _)| {
        let class = family.iter().position(|c| *c == e.class_id);
        (class, e.weekday, e.lesson_number)
    });
    let cover = family_lessons.into_iter().find_map(|(e, subject)| {
        let d = day(i64::from(e.weekday));
        if !teaching(e, d) || changed.contains(&(e.id.clone(), d)) {
            return None;
        }
        pool(subject)
            .iter()
            .filter_map(|l| id_of(l))
            .find(|t| {
                *t != e.teacher_id
                    && !busy.contains(&(t.clone(), e.weekday, e.lesson_number))
                    && !covering.contains(&(t.clone(), e.weekday, e.lesson_number))
            })
            .map(|sub| (e, d, sub))
    });
    if let Some((e, d, sub)) = cover {
        let mut c = change(e, d, "substitution");
        c.substitute_id = Some(sub);
        c.reason = Some("Больничный".into());
        timetable::insert_change(conn, &c)?;
        count += 1;
    }
    Ok(count)
}
