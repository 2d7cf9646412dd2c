//! «Показатели школ» (R-A9, R-E4): what a region (municipality) account's page chooses — the
//! region, the school year and the period — and how it names them. The periods are the domain's
//! ([`PeriodChoice`]), so the page offers exactly what the server reads.

use crate::i18n::{t, tf, Key, Lang};
use chrono::{Datelike, NaiveDate};
use journal_api_types::regions::RegionSummary;
use journal_domain::calendar::PeriodKind;
use journal_domain::regions::PeriodChoice;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The server path of a region's aggregates, for their files.
pub fn aggregates_path(region: Uuid) -> String {
    format!("/regions/{region}/aggregates")
}

/// How many school years before the current one the year select offers.
const YEARS_BACK: i32 = 4;

/// The kinds of period, in the order the select lists them.
const KINDS: [PeriodKind; 3] = [PeriodKind::Quarter, PeriodKind::Trimester, PeriodKind::Half];

/// The page's choices in the address (`?region_id=…&year=2026&period=quarter-2`). Every value
/// is text, so an address edited by hand with a wrong value still opens the page, with that
/// choice dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// The page's choices as read from the address; `None` is "not chosen" (the default applies).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegionView {
    pub region: Option<Uuid>,
    /// The school year by the calendar year it starts in (2026 for 2026/27).
    pub year: Option<i32>,
    pub period: Option<PeriodChoice>,
}

impl RegionView {
    /// The choices of an address; a value that does not read is dropped.
    pub fn from_query(q: &RegionQuery) -> RegionView {
        RegionView {
            region: q
                .region_id
                .as_deref()
                .and_then(|v| Uuid::parse_str(v.trim()).ok()),
            year: q
                .year
                .as_deref()
                .and_then(|v| v.trim().parse::<i32>().ok())
                .filter(|y| (2000..=2100).contains(y)),
            period: q
                .period
                .as_deref()
                .and_then(|v| PeriodChoice::parse(v.trim())),
        }
    }

    /// The address of these choices.
    pub fn query(&self) -> RegionQuery {
        RegionQuery {
            region_id: self.region.map(|r| r.to_string()),
            year: self.year.map(|y| y.to_string()),
            period: self.period.map(PeriodChoice::code),
        }
    }
}

/// The school year holding `today`, by the calendar year it starts in (1 September).
pub fn default_year(today: NaiveDate) -> i32 {
    if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The period shown when none is chosen: the first quarter.
pub fn default_period() -> PeriodChoice {
    PeriodChoice::Period(PeriodKind::Quarter, 1)
}

/// The region shown: the chosen one when it is the caller's, else the first.
pub fn chosen_region(regions: &[RegionSummary], chosen: Option<Uuid>) -> Option<&RegionSummary> {
    chosen
        .and_then(|id| regions.iter().find(|r| r.region_id == id))
        .or_else(|| regions.first())
}

/// The school years the select offers, newest first: the current one and a few before it, and
/// `chosen` too when an address asks for another.
pub fn year_choices(current: i32, chosen: i32) -> Vec<i32> {
    let mut years: Vec<i32> = (current - YEARS_BACK..=current).rev().collect();
    if !years.contains(&chosen) {
        years.push(chosen);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    years
}

/// A school year as people write it: «2026/27».
pub fn year_label(year: i32) -> String {
    format!("{year}/{:02}", (year + 1).rem_euclid(100))
}

/// A school year in a file name, where «/» is not allowed: «2026-27».
pub fn year_file_label(year: i32) -> String {
    format!("{year}-{:02}", (year + 1).rem_euclid(100))
}

/// Every period the page offers, in the select's order: the quarters, the trimesters, the halves
/// (as many as the domain counts in a year), then the year.
pub fn period_choices() -> Vec<PeriodChoice> {
    KINDS
        .into_iter()
        .flat_map(|kind| (1..=kind.per_year()).map(move |n| PeriodChoice::Period(kind, n)))
        .chain(std::iter::once(PeriodChoice::Year))
        .collect()
}

/// A period's name: «2 четверть», «1 полугодие», «Год».
pub fn period_label(lang: Lang, choice: PeriodChoice) -> String {
    match choice {
        PeriodChoice::Year => t(lang, Key::RgWholeYear).to_owned(),
        PeriodChoice::Period(kind, n) => {
            let key = match kind {
                PeriodKind::Quarter => Key::JrQuarter,
                PeriodKind::Trimester => Key::JrTrimester,
                PeriodKind::Half => Key::JrHalf,
            };
            tf(lang, key, &[("n", &n.to_string())])
        }
    }
}

/// The select's group a period belongs to: «Четверти», «Триместры», «Полугодия»; none for the
/// year.
pub fn kind_label(lang: Lang, kind: PeriodKind) -> &'static str {
    t(
        lang,
        match kind {
            PeriodKind::Quarter => Key::RgQuarters,
            PeriodKind::Trimester => Key::RgTrimesters,
            PeriodKind::Half => Key::RgHalves,
        },
    )
}

/// The kinds of period in the select's order.
pub fn kinds() -> [PeriodKind; 3] {
    KINDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn region(n: u128, name: &str) -> RegionSummary {
        RegionSummary {
            region_id: Uuid::from_u128(n),
            name: name.into(),
            schools: 1,
            personal_exports: false,
        }
    }

    #[test]
    fn the_school_year_starts_on_the_first_of_september() {
        assert_eq!(default_year(d(2026, 11, 16)), 2026);
        assert_eq!(default_year(d(2026, 9, 1)), 2026);
        assert_eq!(default_year(d(2026, 8, 31)), 2025);
        assert_eq!(default_year(d(2027, 1, 10)), 2026);
        assert_eq!(year_label(2026), "2026/27");
        assert_eq!(year_label(2099), "2099/00");
        assert_eq!(year_file_label(2026), "2026-27");
    }

    #[test]
    fn the_year_select_offers_the_current_year_first_and_a_chosen_older_one() {
        assert_eq!(year_choices(2026, 2026), vec![2026, 2025, 2024, 2023, 2022]);
        assert_eq!(
            year_choices(2026, 2015),
            vec![2026, 2025, 2024, 2023, 2022, 2015]
        );
        assert_eq!(
            year_choices(2026, 2027),
            vec![2027, 2026, 2025, 2024, 2023, 2022]
        );
    }

    #[test]
    fn the_periods_are_the_domains_and_the_first_quarter_comes_first() {
        let codes: Vec<String> = period_choices()
            .into_iter()
            .map(PeriodChoice::code)
            .collect();
        assert_eq!(
            codes,
            [
                "quarter-1",
                "quarter-2",
                "quarter-3",
                "quarter-4",
                "trimester-1",
                "trimester-2",
                "trimester-3",
                "half-1",
                "half-2",
                "year"
            ]
        );
        for choice in period_choices() {
            assert_eq!(PeriodChoice::parse(&choice.code()), Some(choice));
        }
        assert_eq!(default_period().code(), "quarter-1");
        assert_eq!(period_choices().first(), Some(&default_period()));
    }

    #[test]
    fn periods_are_named_in_both_languages() {
        let q2 = PeriodChoice::Period(PeriodKind::Quarter, 2);
        assert_eq!(period_label(Lang::Ru, q2), "2 четверть");
        assert_eq!(period_label(Lang::En, q2), "Quarter 2");
        assert_eq!(
            period_label(Lang::Ru, PeriodChoice::Period(PeriodKind::Half, 1)),
            "1 полугодие"
        );
        assert_eq!(period_label(Lang::Ru, PeriodChoice::Year), "Год");
        assert_eq!(period_label(Lang::En, PeriodChoice::Year), "Year");
        for kind in kinds() {
            assert!(!kind_label(Lang::Ru, kind).is_empty());
        }
    }

    #[test]
    fn the_address_keeps_the_choices_and_drops_what_does_not_read() {
        let view = RegionView {
            region: Some(Uuid::from_u128(7)),
            year: Some(2025),
            period: PeriodChoice::parse("half-2"),
        };
        assert_eq!(RegionView::from_query(&view.query()), view);
        let bad = RegionQuery {
            region_id: Some("not-an-id".into()),
            year: Some("20x6".into()),
            period: Some("quarter-5".into()),
        };
        assert_eq!(RegionView::from_query(&bad), RegionView::default());
        let far = RegionQuery {
            year: Some("1900".into()),
            ..RegionQuery::default()
        };
        assert_eq!(RegionView::from_query(&far).year, None);
        assert_eq!(RegionView::default().query(), RegionQuery::default());
    }

    #[test]
    fn the_chosen_region_is_the_callers_else_the_first() {
        let regions = [region(1, "Первый"), region(2, "Второй")];
        assert_eq!(
            chosen_region(&regions, None).map(|r| r.name.as_str()),
            Some("Первый")
        );
        assert_eq!(
            chosen_region(&regions, Some(Uuid::from_u128(2))).map(|r| r.name.as_str()),
            Some("Второй")
        );
        assert_eq!(
            chosen_region(&regions, Some(Uuid::from_u128(9))).map(|r| r.name.as_str()),
            Some("Первый")
        );
        assert!(chosen_region(&[], None).is_none());
    }
}
