//! The words of printed documents and files (R-P1): how a stored mark, an absence, a period and a
//! date read on paper in Russian. One place, so the printed journal, the summary sheet and the
//! report files say the same.

use crate::journal::Attendance;
use chrono::{Datelike, NaiveDate};
use std::borrow::Cow;

/// A stored mark or final as printed: «н/а», «осв.», «зач.», «незач.»; numbers as they are.
pub fn mark(value: &str) -> Cow<'_, str> {
    Cow::Borrowed(match value {
        crate::marks::NOT_ATTESTED => "н/а",
        crate::marks::EXEMPT => "осв.",
        "pass" => "зач.",
        "fail" => "незач.",
        "mastered" => "+",
        "not_mastered" => "−",
        other => return Cow::Borrowed(other),
    })
}

/// An absence or lateness in a journal cell, as on the paper journal: «н», «оп».
pub fn attendance(a: Attendance) -> &'static str {
    match a {
        Attendance::Absent => "н",
        Attendance::Late => "оп",
    }
}

/// A Roman numeral for a period's number (1–12; others in Arabic digits).
pub fn roman(n: u8) -> Cow<'static, str> {
    const R: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    match R.get(usize::from(n).wrapping_sub(1)) {
        Some(r) => Cow::Borrowed(r),
        None => Cow::Owned(n.to_string()),
    }
}

/// A period's name: «II четверть», «I полугодие», «III триместр». `kind` as stored.
pub fn period(kind: &str, number: u8) -> String {
    let word = match kind {
        "quarter" => "четверть",
        "trimester" => "триместр",
        "half" => "полугодие",
        _ => "период",
    };
    format!("{} {word}", roman(number))
}

/// A period's short name for a column head: «II четв.», «I полуг.», «III трим.».
pub fn period_short(kind: &str, number: u8) -> String {
    let word = match kind {
        "quarter" => "четв.",
        "trimester" => "трим.",
        "half" => "полуг.",
        _ => "пер.",
    };
    format!("{} {word}", roman(number))
}

const MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// «ноябрь 2025».
pub fn month_year(d: NaiveDate) -> String {
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or_default();
    format!("{month} {}", d.year())
}

/// «05.11.2025».
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// «05.11».
pub fn day_month(d: NaiveDate) -> String {
    d.format("%d.%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_periods_and_dates_read_as_on_paper() {
        assert_eq!(mark("na"), "н/а");
        assert_eq!(mark("exempt"), "осв.");
        assert_eq!(mark("fail"), "незач.");
        assert_eq!(mark("4"), "4");
        assert_eq!(attendance(Attendance::Late), "оп");
        assert_eq!(period("quarter", 2), "II четверть");
        assert_eq!(period("half", 1), "I полугодие");
        assert_eq!(period_short("trimester", 3), "III трим.");
        assert_eq!(roman(0), "0");
        assert_eq!(roman(13), "13");
        let d = NaiveDate::from_ymd_opt(2025, 11, 5).unwrap_or_default();
        assert_eq!(month_year(d), "ноябрь 2025");
        assert_eq!(date(d), "05.11.2025");
        assert_eq!(day_month(d), "05.11");
    }
}
