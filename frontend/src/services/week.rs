//! School weeks and dates as the timetable screens show them, and short names of people.

use crate::i18n::{t, Key, Lang};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use journal_api_types::structure::SchoolYear;
use std::cell::Cell;
use uuid::Uuid;

thread_local! {
    /// The school's offset from UTC in minutes, as the server gave it with the caller's account.
    static SCHOOL_OFFSET: Cell<Option<i32>> = const { Cell::new(None) };
}

/// Go by the school's clock from now on: `minutes` east of UTC (`Me::utc_offset_minutes`).
pub fn set_school_offset(minutes: i32) {
    SCHOOL_OFFSET.set(Some(minutes));
}

/// Today in the school's time zone (the browser's until the account is loaded): a teacher in
/// Vladivostok travelling with a laptop set to Moscow time still sees Vladivostok's day.
pub fn today() -> NaiveDate {
    match SCHOOL_OFFSET.get() {
        Some(minutes) => date_at(Utc::now(), minutes),
        None => chrono::Local::now().date_naive(),
    }
}

/// The school's offset from UTC in minutes, once the account is loaded.
pub fn school_offset() -> Option<i32> {
    SCHOOL_OFFSET.get()
}

/// The date at `now` at `minutes` east of UTC.
pub fn date_at(now: DateTime<Utc>, minutes: i32) -> NaiveDate {
    (now + Duration::minutes(i64::from(minutes))).date_naive()
}

/// The Monday of the week holding `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// 1 = Monday … 7 = Sunday, as the timetable numbers weekdays.
pub fn weekday_number(date: NaiveDate) -> u8 {
    // num_days_from_monday is 0–6.
    date.weekday().num_days_from_monday() as u8 + 1
}

/// The date of weekday `n` (1 = Monday) of the week starting on `monday`.
pub fn day_of_week(monday: NaiveDate, n: u8) -> NaiveDate {
    monday + Duration::days(i64::from(n.saturating_sub(1)))
}

/// `YYYY-MM-DD`, the form of dates in the API, in addresses and in `<input type="date">`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Reads the value of an `<input type="date">`; empty or malformed gives `None`.
pub fn parse_iso(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// A date as people read it: `15.09.2025` in Russian, `2025-09-15` in English.
pub fn full_date(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Ru => date.format("%d.%m.%Y").to_string(),
        Lang::En => iso(date),
    }
}

/// A day of a week without the year: `15.09` in Russian, `Sep 15` in English.
pub fn day_month(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Ru => date.format("%d.%m").to_string(),
        Lang::En => date.format("%b %-d").to_string(),
    }
}

/// The name of weekday `n` (1 = Monday … 7 = Sunday).
pub fn weekday_name(lang: Lang, n: u8) -> &'static str {
    let key = match n {
        1 => Key::Monday,
        2 => Key::Tuesday,
        3 => Key::Wednesday,
        4 => Key::Thursday,
        5 => Key::Friday,
        6 => Key::Saturday,
        _ => Key::Sunday,
    };
    t(lang, key)
}

/// The short name of weekday `n`: «Пн», «Mon».
pub fn weekday_short(lang: Lang, n: u8) -> &'static str {
    let key = match n {
        1 => Key::MondayShort,
        2 => Key::TuesdayShort,
        3 => Key::WednesdayShort,
        4 => Key::ThursdayShort,
        5 => Key::FridayShort,
        6 => Key::SaturdayShort,
        _ => Key::SundayShort,
    };
    t(lang, key)
}

/// The week as a span: `15.09.2025 – 20.09.2025` (Monday to the last school day shown).
pub fn week_span(lang: Lang, monday: NaiveDate, days: u8) -> String {
    format!(
        "{} – {}",
        full_date(lang, monday),
        full_date(lang, day_of_week(monday, days))
    )
}

/// "Иванова Мария Петровна" → "Иванова М. П.": how timetables and journals name people.
pub fn short_person(full: &str) -> String {
    let mut parts = full.split_whitespace();
    let Some(last) = parts.next() else {
        return String::new();
    };
    let initials: Vec<String> = parts
        .filter_map(|p| p.chars().next())
        .map(|c| format!("{c}."))
        .collect();
    if initials.is_empty() {
        last.to_owned()
    } else {
        format!("{last} {}", initials.join(" "))
    }
}

/// The school year (1 September – 31 August) that holds `date`, as its first day.
pub fn school_year_start(date: NaiveDate) -> NaiveDate {
    let year = if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(date)
}

/// The year to show first: the one holding `date`, else the newest.
pub fn current_year(years: &[SchoolYear], date: NaiveDate) -> Option<Uuid> {
    years
        .iter()
        .find(|y| y.starts_on <= date && date <= y.ends_on)
        .or_else(|| years.first())
        .map(|y| y.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_screens_today_is_the_schools() {
        use chrono::TimeZone;
        // Sunday 22:30 UTC is Monday 08:30 in Vladivostok (UTC+10)...
        let at = Utc.with_ymd_and_hms(2025, 11, 16, 22, 30, 0).unwrap();
        assert_eq!(date_at(at, 600), d(2025, 11, 17));
        // ...and still Sunday in Kaliningrad (UTC+2) until 22:00 UTC.
        assert_eq!(date_at(at, 120), d(2025, 11, 17));
        let evening = Utc.with_ymd_and_hms(2025, 11, 16, 21, 30, 0).unwrap();
        assert_eq!(date_at(evening, 120), d(2025, 11, 16));
        assert_eq!(date_at(evening, 180), d(2025, 11, 17));
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday_of(d(2025, 9, 17)), d(2025, 9, 15), "Wednesday");
        assert_eq!(monday_of(d(2025, 9, 15)), d(2025, 9, 15), "Monday");
        assert_eq!(monday_of(d(2025, 9, 21)), d(2025, 9, 15), "Sunday");
        assert_eq!(weekday_number(d(2025, 9, 20)), 6, "Saturday");
        assert_eq!(day_of_week(d(2025, 9, 15), 6), d(2025, 9, 20));
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(full_date(Lang::Ru, d(2025, 9, 5)), "05.09.2025");
        assert_eq!(full_date(Lang::En, d(2025, 9, 5)), "2025-09-05");
        assert_eq!(day_month(Lang::Ru, d(2025, 9, 5)), "05.09");
        assert_eq!(day_month(Lang::En, d(2025, 9, 5)), "Sep 5");
        assert_eq!(
            week_span(Lang::Ru, d(2025, 9, 15), 5),
            "15.09.2025 – 19.09.2025"
        );
        assert_eq!(weekday_name(Lang::Ru, 1), "Понедельник");
        assert_eq!(weekday_short(Lang::Ru, 6), "Сб");
        assert_eq!(parse_iso("2025-09-15"), Some(d(2025, 9, 15)));
        assert_eq!(parse_iso(""), None);
        assert_eq!(iso(d(2025, 9, 5)), "2025-09-05");
    }

    #[test]
    fn people_are_named_with_initials() {
        assert_eq!(short_person("Иванова Мария Петровна"), "Иванова М. П.");
        assert_eq!(short_person("Козлов Виктор"), "Козлов В.");
        assert_eq!(short_person("Козлов"), "Козлов");
        assert_eq!(short_person(""), "");
    }

    #[test]
    fn the_current_year_holds_today_else_the_newest_is_shown() {
        let year = |name: &str, from: NaiveDate, to: NaiveDate| SchoolYear {
            id: Uuid::new_v4(),
            name: name.into(),
            starts_on: from,
            ends_on: to,
            status: "open".into(),
        };
        let years = [
            year("2026/2027", d(2026, 9, 1), d(2027, 8, 31)),
            year("2025/2026", d(2025, 9, 1), d(2026, 8, 31)),
        ];
        assert_eq!(current_year(&years, d(2025, 10, 1)), Some(years[1].id));
        assert_eq!(current_year(&years, d(2030, 1, 1)), Some(years[0].id));
        assert_eq!(current_year(&[], d(2030, 1, 1)), None);
    }

    #[test]
    fn school_years_start_in_september() {
        assert_eq!(school_year_start(d(2025, 10, 1)), d(2025, 9, 1));
        assert_eq!(school_year_start(d(2026, 5, 20)), d(2025, 9, 1));
        assert_eq!(school_year_start(d(2025, 9, 1)), d(2025, 9, 1));
        assert_eq!(school_year_start(d(2025, 8, 31)), d(2024, 9, 1));
    }
}
