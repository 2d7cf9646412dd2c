//! Finals without drawing (R-F1–R-F5): the columns of a class's summary sheet, what a final shows
//! (a mark, Н/А, a deferral with its date, a liquidated debt), and which finals are debts.

use chrono::NaiveDate;
use journal_api_types::journal::{SummaryFinal, SummaryLine, SummarySheet};
use uuid::Uuid;

/// One column of a subject on the summary sheet: a period, or the year, the exam, the final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Period(Uuid),
    Kind(&'static str),
}

impl Column {
    fn matches(&self, f: &SummaryFinal) -> bool {
        match self {
            Column::Period(id) => f.kind == "period" && f.period_id == Some(*id),
            Column::Kind(kind) => f.kind == *kind,
        }
    }
}

/// What part of the sheet is shown: everything, or one column of every subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetView {
    All,
    Only(Column),
}

/// The columns of a subject: every period of the class, the year, and the exam and the final
/// when some student of the class has one in the subject (grades 9 and 11).
pub fn columns(sheet: &SummarySheet, subject: Uuid, view: SheetView) -> Vec<Column> {
    let mut out: Vec<Column> = sheet.periods.iter().map(|p| Column::Period(p.id)).collect();
    out.push(Column::Kind("year"));
    for kind in ["exam", "final"] {
        let any = sheet
            .students
            .iter()
            .flat_map(|s| &s.finals)
            .any(|f| f.subject_id == subject && f.kind == kind);
        if any {
            out.push(Column::Kind(kind));
        }
    }
    match view {
        SheetView::All => out,
        SheetView::Only(c) => vec![c],
    }
}

/// The final in force of a student in a subject's column.
pub fn final_in(line: &SummaryLine, subject: Uuid, column: Column) -> Option<&SummaryFinal> {
    line.finals
        .iter()
        .rev()
        .find(|f| f.subject_id == subject && column.matches(f))
}

/// Whether a final is an academic debt: failing (1, 2, незачёт, не усвоено), Н/А, or deferred.
pub fn is_debt(value: Option<&str>, deferred_until: Option<NaiveDate>) -> bool {
    journal_domain::marks::is_debt_on_any_scale(value, deferred_until.is_some())
}

/// The debts of a student on the sheet: finals in force that are failing, Н/А or deferred.
pub fn debts(line: &SummaryLine) -> usize {
    line.finals
        .iter()
        .filter(|f| is_debt(f.value.as_deref(), f.deferred_until))
        .count()
}

/// How a final reads in a cell, apart from the words of the interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinalText {
    /// A mark of the scale or `na`.
    Value {
        value: String,
        liquidation: bool,
    },
    /// Deferred until a day (R-F3).
    Deferred(NaiveDate),
    Empty,
}

pub fn final_text(
    value: Option<&str>,
    deferred_until: Option<NaiveDate>,
    liquidation: bool,
) -> FinalText {
    match (value, deferred_until) {
        (Some(v), _) => FinalText::Value {
            value: v.to_owned(),
            liquidation,
        },
        (None, Some(d)) => FinalText::Deferred(d),
        (None, None) => FinalText::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::journal::{PagePeriod, SummarySubject};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default()
    }

    fn fin(subject: u128, kind: &str, period: Option<u128>, value: Option<&str>) -> SummaryFinal {
        SummaryFinal {
            subject_id: Uuid::from_u128(subject),
            kind: kind.into(),
            period_id: period.map(Uuid::from_u128),
            value: value.map(str::to_owned),
            deferred_until: None,
            liquidation: false,
        }
    }

    fn sheet() -> SummarySheet {
        let period = |id: u128, n: u8, from: NaiveDate, to: NaiveDate| PagePeriod {
            id: Uuid::from_u128(id),
            kind: "quarter".into(),
            number: n,
            starts_on: from,
            ends_on: to,
        };
        let mut deferred = fin(10, "period", Some(1), None);
        deferred.deferred_until = Some(d(11, 28));
        let mut liquidated = fin(11, "period", Some(1), Some("3"));
        liquidated.liquidation = true;
        SummarySheet {
            class_id: Uuid::nil(),
            class_name: "9А".into(),
            subjects: vec![
                SummarySubject {
                    id: Uuid::from_u128(10),
                    name: "Алгебра".into(),
                },
                SummarySubject {
                    id: Uuid::from_u128(11),
                    name: "Физика".into(),
                },
            ],
            periods: vec![
                period(1, 1, d(9, 1), d(10, 26)),
                period(2, 2, d(11, 5), d(12, 28)),
            ],
            students: vec![
                SummaryLine {
                    student_id: Uuid::from_u128(100),
                    name: "Агеев Антон".into(),
                    finals: vec![deferred, liquidated, fin(10, "exam", None, Some("4"))],
                },
                SummaryLine {
                    student_id: Uuid::from_u128(101),
                    name: "Ёлкина Ева".into(),
                    finals: vec![
                        fin(10, "period", Some(1), Some("5")),
                        fin(11, "period", Some(1), Some("na")),
                    ],
                },
            ],
        }
    }

    #[test]
    fn a_subject_has_its_periods_the_year_and_exams_only_when_held() {
        let s = sheet();
        let algebra = columns(&s, Uuid::from_u128(10), SheetView::All);
        assert_eq!(
            algebra,
            [
                Column::Period(Uuid::from_u128(1)),
                Column::Period(Uuid::from_u128(2)),
                Column::Kind("year"),
                Column::Kind("exam"),
            ]
        );
        assert_eq!(columns(&s, Uuid::from_u128(11), SheetView::All).len(), 3);
        assert_eq!(
            columns(
                &s,
                Uuid::from_u128(11),
                SheetView::Only(Column::Kind("year"))
            ),
            [Column::Kind("year")]
        );
    }

    #[test]
    fn cells_show_marks_deferrals_and_liquidations() {
        let s = sheet();
        let first = &s.students[0];
        let q1 = Column::Period(Uuid::from_u128(1));
        let algebra =
            final_in(first, Uuid::from_u128(10), q1).unwrap_or_else(|| panic!("a deferral"));
        assert_eq!(
            final_text(
                algebra.value.as_deref(),
                algebra.deferred_until,
                algebra.liquidation
            ),
            FinalText::Deferred(d(11, 28))
        );
        let physics =
            final_in(first, Uuid::from_u128(11), q1).unwrap_or_else(|| panic!("a liquidation"));
        assert_eq!(
            final_text(
                physics.value.as_deref(),
                physics.deferred_until,
                physics.liquidation
            ),
            FinalText::Value {
                value: "3".into(),
                liquidation: true
            }
        );
        assert!(final_in(
            first,
            Uuid::from_u128(10),
            Column::Period(Uuid::from_u128(2))
        )
        .is_none());
        assert_eq!(
            final_in(first, Uuid::from_u128(10), Column::Kind("exam"))
                .and_then(|f| f.value.as_deref()),
            Some("4")
        );
    }

    #[test]
    fn debts_are_failing_not_attested_or_deferred_finals() {
        let s = sheet();
        assert_eq!(
            debts(&s.students[0]),
            1,
            "the deferral; the debt liquidated with 3 is not"
        );
        assert_eq!(debts(&s.students[1]), 1, "Н/А");
        assert!(is_debt(Some("2"), None));
        assert!(is_debt(Some("fail"), None));
        assert!(!is_debt(Some("pass"), None));
        assert!(!is_debt(None, None));
    }
}
