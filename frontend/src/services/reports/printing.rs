//! «Печать журнала» (R-P1) without drawing: the class and the span as the address keeps them,
//! the period a deputy prints by default, and the names of the PDF files.

use super::{file_name, id_of, text_of, ReportQuery};
use crate::i18n::{t, Key, Lang};
use chrono::NaiveDate;
use journal_api_types::reports::ReportFormat;
use journal_api_types::structure::PeriodInput;
use uuid::Uuid;

/// What a printed journal covers: one period of the class's year, or the whole school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintSpan {
    Period(Uuid),
    Year,
}

/// The address's and the select's word for the whole year.
const YEAR: &str = "year";

impl PrintSpan {
    /// The value of the span's select and of `period_id` in the address: the period's id, or
    /// `year`.
    pub fn value(self) -> String {
        match self {
            PrintSpan::Period(id) => id.to_string(),
            PrintSpan::Year => YEAR.to_owned(),
        }
    }

    pub fn parse(value: &str) -> Option<PrintSpan> {
        let value = value.trim();
        if value == YEAR {
            return Some(PrintSpan::Year);
        }
        Uuid::parse_str(value).ok().map(PrintSpan::Period)
    }

    /// The `period_id` of the server's query: none for the whole year.
    pub fn period_id(self) -> Option<Uuid> {
        match self {
            PrintSpan::Period(id) => Some(id),
            PrintSpan::Year => None,
        }
    }
}

/// What the print screen shows: a class and a span, each chosen or not yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintView {
    pub class_id: Option<Uuid>,
    pub span: Option<PrintSpan>,
}

impl PrintView {
    /// The view of an address's query; a wrong id or word is dropped.
    pub fn from_query(q: &ReportQuery) -> PrintView {
        PrintView {
            class_id: id_of(&q.class_id),
            span: q.period_id.as_deref().and_then(PrintSpan::parse),
        }
    }

    pub fn query(self) -> ReportQuery {
        ReportQuery {
            class_id: text_of(self.class_id),
            period_id: self.span.map(PrintSpan::value),
            ..ReportQuery::default()
        }
    }
}

/// The period a printed journal opens on, of `periods` (those of the class's grade): the last one
/// over by `today` — the one the deputy prints and files — else the one holding today, else the
/// first. Of several ending the same day, the one for the most grades.
pub fn default_print_period(periods: &[PeriodInput], today: NaiveDate) -> Option<Uuid> {
    let breadth = |p: &PeriodInput| p.grade_to.saturating_sub(p.grade_from);
    let stored = || periods.iter().filter(|p| p.id.is_some());
    stored()
        .filter(|p| p.ends_on < today)
        .max_by_key(|p| (p.ends_on, breadth(p)))
        .or_else(|| {
            stored()
                .filter(|p| p.starts_on <= today && today <= p.ends_on)
                .max_by_key(|p| breadth(p))
        })
        .or_else(|| stored().next())
        .and_then(|p| p.id)
}

/// The span to print: the chosen one when it is the whole year or a period of `periods`, else
/// [`default_print_period`]; the whole year when the class's year has no periods.
pub fn print_span(
    chosen: Option<PrintSpan>,
    periods: &[PeriodInput],
    today: NaiveDate,
) -> PrintSpan {
    match chosen {
        Some(PrintSpan::Year) => PrintSpan::Year,
        Some(PrintSpan::Period(id)) if periods.iter().any(|p| p.id == Some(id)) => {
            PrintSpan::Period(id)
        }
        _ => default_print_period(periods, today).map_or(PrintSpan::Year, PrintSpan::Period),
    }
}

/// The printed journal's file: «Классный журнал 7А 1 четверть.pdf»; `span` is the period's name,
/// or empty for the whole year.
pub fn journal_file_name(lang: Lang, class: &str, span: &str) -> String {
    let span = if span.is_empty() {
        t(lang, Key::PjFileYear).to_owned()
    } else {
        span.to_owned()
    };
    file_name(
        t(lang, Key::PjFileJournal),
        &[class.to_owned(), span],
        ReportFormat::Pdf,
    )
}

/// The summary sheet's file: «Сводная ведомость 7А.pdf».
pub fn summary_file_name(lang: Lang, class: &str) -> String {
    file_name(
        t(lang, Key::PjFileSummary),
        &[class.to_owned()],
        ReportFormat::Pdf,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew_router::query::{FromQuery, ToQuery};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn quarter(n: u8, from: NaiveDate, to: NaiveDate) -> PeriodInput {
        PeriodInput {
            id: Some(id(u128::from(n))),
            kind: "quarter".into(),
            number: n,
            grade_from: 1,
            grade_to: 9,
            starts_on: from,
            ends_on: to,
        }
    }

    fn quarters() -> Vec<PeriodInput> {
        vec![
            quarter(1, d(2026, 9, 1), d(2026, 10, 25)),
            quarter(2, d(2026, 11, 5), d(2026, 12, 28)),
            quarter(3, d(2027, 1, 12), d(2027, 3, 21)),
            quarter(4, d(2027, 4, 1), d(2027, 5, 26)),
        ]
    }

    #[test]
    fn the_deputy_prints_the_period_just_over() {
        let q = quarters();
        // In the second quarter: the first, over.
        assert_eq!(default_print_period(&q, d(2026, 12, 5)), Some(id(1)));
        // In the holidays after the first: still the first.
        assert_eq!(default_print_period(&q, d(2026, 11, 1)), Some(id(1)));
        // After the year: the last quarter.
        assert_eq!(default_print_period(&q, d(2027, 6, 10)), Some(id(4)));
        // Nothing over yet: the one under way; before the year: the first.
        assert_eq!(default_print_period(&q, d(2026, 9, 10)), Some(id(1)));
        assert_eq!(default_print_period(&q, d(2026, 8, 20)), Some(id(1)));
        assert_eq!(default_print_period(&[], d(2026, 12, 5)), None);
    }

    #[test]
    fn a_chosen_span_stands_while_the_class_has_it() {
        let q = quarters();
        let today = d(2026, 12, 5);
        assert_eq!(print_span(None, &q, today), PrintSpan::Period(id(1)));
        assert_eq!(
            print_span(Some(PrintSpan::Period(id(3))), &q, today),
            PrintSpan::Period(id(3))
        );
        assert_eq!(
            print_span(Some(PrintSpan::Year), &q, today),
            PrintSpan::Year
        );
        // A period of another grade (another class chosen): the default of this one.
        assert_eq!(
            print_span(Some(PrintSpan::Period(id(77))), &q, today),
            PrintSpan::Period(id(1))
        );
        assert_eq!(print_span(None, &[], today), PrintSpan::Year);
        assert_eq!(PrintSpan::Year.period_id(), None);
        assert_eq!(PrintSpan::Period(id(2)).period_id(), Some(id(2)));
    }

    #[test]
    fn the_choice_survives_the_address() {
        for span in [Some(PrintSpan::Period(id(2))), Some(PrintSpan::Year), None] {
            let view = PrintView {
                class_id: Some(id(7)),
                span,
            };
            let text = view.query().to_query().unwrap().into_owned();
            let back = ReportQuery::from_query(&text).unwrap();
            assert_eq!(PrintView::from_query(&back), view, "{text}");
        }
        let wrong = ReportQuery {
            class_id: Some("7А".into()),
            period_id: Some("весь".into()),
            ..ReportQuery::default()
        };
        assert_eq!(PrintView::from_query(&wrong), PrintView::default());
    }

    #[test]
    fn the_files_are_named_after_the_class_and_span() {
        assert_eq!(
            journal_file_name(Lang::Ru, "7А", "1 четверть"),
            "Классный журнал 7А 1 четверть.pdf"
        );
        assert_eq!(
            journal_file_name(Lang::Ru, "7А", ""),
            "Классный журнал 7А учебный год.pdf"
        );
        assert_eq!(
            summary_file_name(Lang::Ru, "7А"),
            "Сводная ведомость 7А.pdf"
        );
        assert_eq!(summary_file_name(Lang::En, "7A"), "Summary sheet 7A.pdf");
    }
}
