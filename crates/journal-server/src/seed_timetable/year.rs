//! The school year's calendar (quarters, halves, holidays) and the bells.

use crate::seed::Ids;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use journal_db::structure::{Bell, HolidayRow, PeriodRow, SchoolYear, YearWithCalendar};
use journal_domain::SchoolId;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The school year that contains `today` (1 September – 31 August), with the calendar the
/// 2025/2026 year had, moved to that year.
pub fn current_year(
    ids: &Ids,
    school: SchoolId,
    today: NaiveDate,
    at: NaiveDateTime,
) -> YearWithCalendar {
    let y = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let id = ids.id();
    let s = school.to_string();
    let period =
        |kind: &str, number: i32, grades: (i32, i32), from: NaiveDate, to: NaiveDate| PeriodRow {
            id: ids.id(),
            school_id: s.clone(),
            year_id: id.clone(),
            kind: kind.into(),
            number,
            grade_from: grades.0,
            grade_to: grades.1,
            starts_on: from,
            ends_on: to,
        };
    let holiday = |name: &str, grades: (i32, i32), from: NaiveDate, to: NaiveDate| HolidayRow {
        id: ids.id(),
        school_id: s.clone(),
        year_id: id.clone(),
        name: name.into(),
        grade_from: grades.0,
        grade_to: grades.1,
        starts_on: from,
        ends_on: to,
    };
    let n = y + 1;
    let q = [
        (date(y, 9, 1), date(y, 10, 24)),
        (date(y, 11, 5), date(y, 12, 26)),
        (date(n, 1, 12), date(n, 3, 20)),
        (date(n, 3, 30), date(n, 5, 26)),
    ];
    let mut periods: Vec<PeriodRow> = q
        .iter()
        .zip(1..)
        .map(|((a, b), i)| period("quarter", i, (1, 9), *a, *b))
        .collect();
    periods.push(period("half", 1, (10, 11), q[0].0, q[1].1));
    periods.push(period("half", 2, (10, 11), q[2].0, q[3].1));
    let all = (1, 11);
    let holidays = vec![
        holiday("Осенние каникулы", all, date(y, 10, 25), date(y, 11, 4)),
        holiday("Зимние каникулы", all, date(y, 12, 27), date(n, 1, 11)),
        holiday(
            "Дополнительные каникулы для первых классов",
            (1, 1),
            date(n, 2, 14),
            date(n, 2, 22),
        ),
        holiday(
            "День защитника Отечества",
            all,
            date(n, 2, 23),
            date(n, 2, 23),
        ),
        holiday(
            "Международный женский день",
            all,
            date(n, 3, 9),
            date(n, 3, 9),
        ),
        holiday("Весенние каникулы", all, date(n, 3, 21), date(n, 3, 29)),
        holiday("Праздник Весны и Труда", all, date(n, 5, 1), date(n, 5, 1)),
        holiday("День Победы", all, date(n, 5, 11), date(n, 5, 11)),
        holiday("Летние каникулы", all, date(n, 5, 27), date(n, 8, 31)),
    ];
    YearWithCalendar {
        year: SchoolYear {
            id,
            school_id: s.clone(),
            name: format!("{y}/{n}"),
            starts_on: date(y, 9, 1),
            ends_on: date(n, 8, 31),
            status: "open".into(),
            created_at: at,
        },
        periods,
        holidays,
    }
}

/// The bells of the demo: seven lessons from 8:30.
pub const BELLS: &[(i32, &str, &str)] = &[
    (1, "08:30", "09:10"),
    (2, "09:20", "10:00"),
    (3, "10:20", "11:00"),
    (4, "11:20", "12:00"),
    (5, "12:10", "12:50"),
    (6, "13:00", "13:40"),
    (7, "13:50", "14:30"),
];

/// Bell rows of a schedule.
pub fn bells(school: SchoolId, schedule: &str) -> Vec<Bell> {
    BELLS
        .iter()
        .map(|(n, a, b)| Bell {
            school_id: school.to_string(),
            schedule_id: schedule.to_owned(),
            lesson_number: *n,
            starts_at: (*a).into(),
            ends_at: (*b).into(),
        })
        .collect()
}
