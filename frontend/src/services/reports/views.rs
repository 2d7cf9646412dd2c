//! The filters of attendance (R-R4), movement (R-R6) and the class teacher's reports (R-R7) as
//! the address keeps them, and the words those reports read in: months, the values of a class
//! report, the reasons of a missed lesson.

use super::{id_of, span_of, text_of, ReportQuery, SpanPreset};
use crate::i18n::{t, Key, Lang};
use crate::services::week::iso;
use chrono::NaiveDate;
use journal_api_types::reports::{
    AttendanceFilter, ClassReportKind, ClassReportQuery, MoveKind, MovementFilter, ReportFormat,
};
use journal_domain::marks::{EXEMPT, NOT_ATTESTED};
use uuid::Uuid;

/// What the attendance screen shows: a span, a class, and one student of it (their missed
/// lessons with topics, for catching up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttendanceView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub class_id: Option<Uuid>,
    pub student_id: Option<Uuid>,
}

impl AttendanceView {
    /// The view of an address's query; without a valid span, the school year so far.
    pub fn from_query(q: &ReportQuery, today: NaiveDate) -> AttendanceView {
        let (from, to) = span_of(q, SpanPreset::SchoolYear.span(today));
        AttendanceView {
            from,
            to,
            class_id: id_of(&q.class_id),
            student_id: id_of(&q.student_id),
        }
    }

    pub fn query(self) -> ReportQuery {
        ReportQuery {
            from: Some(iso(self.from)),
            to: Some(iso(self.to)),
            class_id: text_of(self.class_id),
            student_id: text_of(self.student_id),
            ..ReportQuery::default()
        }
    }

    /// The server's filter of this view, answered as `format`.
    pub fn filter(&self, format: ReportFormat) -> AttendanceFilter {
        AttendanceFilter {
            from: self.from,
            to: self.to,
            class_id: self.class_id,
            student_id: self.student_id,
            format,
        }
    }

    /// The same span and class, one student's lessons.
    pub fn of_student(self, class_id: Uuid, student_id: Uuid) -> AttendanceView {
        AttendanceView {
            class_id: Some(class_id),
            student_id: Some(student_id),
            ..self
        }
    }
}

/// What the movement screen shows: a span and a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovementView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub class_id: Option<Uuid>,
}

impl MovementView {
    /// The view of an address's query; without a valid span, the school year so far.
    pub fn from_query(q: &ReportQuery, today: NaiveDate) -> MovementView {
        let (from, to) = span_of(q, SpanPreset::SchoolYear.span(today));
        MovementView {
            from,
            to,
            class_id: id_of(&q.class_id),
        }
    }

    pub fn query(self) -> ReportQuery {
        ReportQuery {
            from: Some(iso(self.from)),
            to: Some(iso(self.to)),
            class_id: text_of(self.class_id),
            ..ReportQuery::default()
        }
    }

    /// The server's filter of this view, answered as `format`.
    pub fn filter(&self, format: ReportFormat) -> MovementFilter {
        MovementFilter {
            from: self.from,
            to: self.to,
            class_id: self.class_id,
            format,
        }
    }
}

/// What a class report shows (the class is in the path): a period (none in the address: the
/// current one of the class's grade, once the periods are known) and the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassReportView {
    pub period_id: Option<Uuid>,
    pub kind: ClassReportKind,
}

impl ClassReportView {
    /// The view of an address's query: any kind but `preliminary` is the period report.
    pub fn from_query(q: &ReportQuery) -> ClassReportView {
        let kind = match q.kind.as_deref().map(str::trim) {
            Some("preliminary") => ClassReportKind::Preliminary,
            _ => ClassReportKind::Period,
        };
        ClassReportView {
            period_id: id_of(&q.period_id),
            kind,
        }
    }

    pub fn query(self) -> ReportQuery {
        ReportQuery {
            period_id: text_of(self.period_id),
            kind: Some(kind_code(self.kind).to_owned()),
            ..ReportQuery::default()
        }
    }

    /// The server's query for `period`, answered as `format`.
    pub fn filter(&self, period_id: Uuid, format: ReportFormat) -> ClassReportQuery {
        ClassReportQuery {
            period_id,
            kind: self.kind,
            format,
        }
    }
}

/// The address's word for a class report's kind.
pub fn kind_code(kind: ClassReportKind) -> &'static str {
    match kind {
        ClassReportKind::Period => "period",
        ClassReportKind::Preliminary => "preliminary",
    }
}

/// The year and month of a `YYYY-MM` month of a report.
pub fn month_of(code: &str) -> Option<(i32, u32)> {
    let (year, month) = code.trim().split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// The name of a month (1 = January).
pub fn month_key(month: u32) -> Key {
    match month {
        1 => Key::RpJanuary,
        2 => Key::RpFebruary,
        3 => Key::RpMarch,
        4 => Key::RpApril,
        5 => Key::RpMay,
        6 => Key::RpJune,
        7 => Key::RpJuly,
        8 => Key::RpAugust,
        9 => Key::RpSeptember,
        10 => Key::RpOctober,
        11 => Key::RpNovember,
        _ => Key::RpDecember,
    }
}

/// A month of a report as people read it: «Сентябрь 2025», «September 2025»; a month the
/// server spells otherwise stays as it came.
pub fn month_label(lang: Lang, code: &str) -> String {
    match month_of(code) {
        Some((year, month)) => format!("{} {year}", t(lang, month_key(month))),
        None => code.to_owned(),
    }
}

/// A value of the class report as its cell reads: «5»…«1», «зач.», «незач.», «н/а», «осв.»;
/// an unknown value stays as it came.
pub fn value_word(lang: Lang, value: &str) -> String {
    let key = match value {
        "pass" => Key::RpValPass,
        "fail" => Key::RpValFail,
        NOT_ATTESTED => Key::RpValNa,
        EXEMPT => Key::RpValExempt,
        "mastered" => Key::RpValMastered,
        "not_mastered" => Key::RpValNotMastered,
        other => return other.to_owned(),
    };
    t(lang, key).to_owned()
}

/// A value of the class report that is a problem: 2, 1, незачёт, не усвоено, Н/А.
pub fn value_is_failing(value: &str) -> bool {
    journal_domain::marks::is_debt_on_any_scale(Some(value), false)
}

/// The reason of a missed lesson in words: «по болезни», «без уважительной», «причина не
/// указана» when none is set yet.
pub fn reason_key(reason: Option<&str>) -> Key {
    match reason {
        Some("illness") => Key::RpReasonIllness,
        Some("excused") => Key::RpReasonExcused,
        Some("unexcused") => Key::RpReasonUnexcused,
        _ => Key::RpReasonNone,
    }
}

/// The name of a level of education (R-R6): 1 primary (grades 1–4), 2 basic (5–9), 3 secondary
/// (10–11).
pub fn level_key(level: u8) -> Key {
    match level {
        1 => Key::RpLevelPrimary,
        2 => Key::RpLevelBasic,
        _ => Key::RpLevelSecondary,
    }
}

/// A movement in words: «Зачисление», «Перевод», «Выбытие».
pub fn move_key(kind: MoveKind) -> Key {
    match kind {
        MoveKind::Admission => Key::RpMoveAdmission,
        MoveKind::Transfer => Key::RpMoveTransfer,
        MoveKind::Withdrawal => Key::RpMoveWithdrawal,
    }
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

    fn round_trip(q: ReportQuery) -> (String, ReportQuery) {
        let text = q.to_query().unwrap().into_owned();
        let back = ReportQuery::from_query(&text).unwrap();
        (text, back)
    }

    #[test]
    fn attendance_filters_survive_the_address() {
        let today = d(2025, 11, 20);
        let view = AttendanceView {
            from: d(2025, 10, 1),
            to: d(2025, 10, 31),
            class_id: Some(id(7)),
            student_id: Some(id(8)),
        };
        let (text, back) = round_trip(view.query());
        assert_eq!(
            text,
            format!(
                "from=2025-10-01&to=2025-10-31&class_id={}&student_id={}",
                id(7),
                id(8)
            )
        );
        assert_eq!(AttendanceView::from_query(&back, today), view);
        let f = view.filter(ReportFormat::Csv);
        assert_eq!(
            (f.from, f.to, f.class_id, f.student_id, f.format),
            (
                view.from,
                view.to,
                Some(id(7)),
                Some(id(8)),
                ReportFormat::Csv
            )
        );
        // A bare address: the school year so far, the whole school.
        let bare = AttendanceView::from_query(&ReportQuery::default(), today);
        assert_eq!((bare.from, bare.to), (d(2025, 9, 1), today));
        assert_eq!((bare.class_id, bare.student_id), (None, None));
        // A student clicked in a class of the school-wide sheet.
        let one = bare.of_student(id(3), id(4));
        assert_eq!(
            (one.from, one.class_id, one.student_id),
            (bare.from, Some(id(3)), Some(id(4)))
        );
        let spoilt = ReportQuery::from_query("from=2025-10-01&to=nope&student_id=x").unwrap();
        let v = AttendanceView::from_query(&spoilt, today);
        assert_eq!((v.from, v.student_id), (d(2025, 9, 1), None));
    }

    #[test]
    fn movement_filters_survive_the_address() {
        let today = d(2026, 3, 2);
        let view = MovementView {
            from: d(2025, 9, 1),
            to: d(2025, 9, 20),
            class_id: Some(id(5)),
        };
        let (text, back) = round_trip(view.query());
        assert_eq!(
            text,
            format!("from=2025-09-01&to=2025-09-20&class_id={}", id(5))
        );
        assert_eq!(MovementView::from_query(&back, today), view);
        let bare = MovementView::from_query(&ReportQuery::default(), today);
        assert_eq!(
            (bare.from, bare.to, bare.class_id),
            (d(2025, 9, 1), today, None)
        );
        let f = bare.filter(ReportFormat::Xlsx);
        assert_eq!(
            (f.from, f.to, f.format),
            (bare.from, today, ReportFormat::Xlsx)
        );
    }

    #[test]
    fn class_report_filters_survive_the_address() {
        let view = ClassReportView {
            period_id: Some(id(2)),
            kind: ClassReportKind::Preliminary,
        };
        let (text, back) = round_trip(view.query());
        assert_eq!(text, format!("period_id={}&kind=preliminary", id(2)));
        assert_eq!(ClassReportView::from_query(&back), view);
        let period = ClassReportView {
            period_id: None,
            kind: ClassReportKind::Period,
        };
        let (text, back) = round_trip(period.query());
        assert_eq!(text, "kind=period");
        assert_eq!(ClassReportView::from_query(&back), period);
        let odd = ReportQuery::from_query("kind=other&period_id=bad").unwrap();
        assert_eq!(ClassReportView::from_query(&odd), period);
        let q = view.filter(id(9), ReportFormat::Csv);
        assert_eq!(
            (q.period_id, q.kind, q.format),
            (id(9), ClassReportKind::Preliminary, ReportFormat::Csv)
        );
    }

    #[test]
    fn months_read_in_russian() {
        assert_eq!(month_label(Lang::Ru, "2025-09"), "Сентябрь 2025");
        assert_eq!(month_label(Lang::Ru, "2026-01"), "Январь 2026");
        assert_eq!(month_label(Lang::Ru, "2026-05"), "Май 2026");
        assert_eq!(month_label(Lang::En, "2025-12"), "December 2025");
        assert_eq!(month_label(Lang::Ru, "2025-13"), "2025-13");
        assert_eq!(month_label(Lang::Ru, "сентябрь"), "сентябрь");
        assert_eq!(month_of("2025-09"), Some((2025, 9)));
        assert_eq!(month_of("2025-00"), None);
        let mut seen = std::collections::HashSet::new();
        for m in 1..=12 {
            assert!(seen.insert(t(Lang::Ru, month_key(m))), "month {m}");
        }
    }

    #[test]
    fn values_read_as_on_a_class_report() {
        for v in ["5", "4", "3", "2", "1"] {
            assert_eq!(value_word(Lang::Ru, v), v);
        }
        assert_eq!(value_word(Lang::Ru, "pass"), "зач.");
        assert_eq!(value_word(Lang::Ru, "fail"), "незач.");
        assert_eq!(value_word(Lang::Ru, "na"), "н/а");
        assert_eq!(value_word(Lang::Ru, "exempt"), "осв.");
        assert_eq!(value_word(Lang::En, "na"), "N/A");
        assert_eq!(value_word(Lang::En, "exempt"), "exempt");
        assert_eq!(value_word(Lang::Ru, "4.5"), "4.5");
        assert!(value_is_failing("2") && value_is_failing("1"));
        assert!(value_is_failing("fail") && value_is_failing("na"));
        assert!(!value_is_failing("3") && !value_is_failing("pass"));
        assert!(!value_is_failing("exempt"));
    }

    #[test]
    fn reasons_read_in_words() {
        assert_eq!(t(Lang::Ru, reason_key(Some("illness"))), "по болезни");
        assert_eq!(t(Lang::Ru, reason_key(None)), "причина не указана");
        assert_eq!(
            t(Lang::Ru, reason_key(Some("something"))),
            "причина не указана"
        );
        assert_ne!(reason_key(Some("excused")), reason_key(Some("unexcused")));
    }

    #[test]
    fn levels_and_movements_read_in_words() {
        assert!(t(Lang::Ru, level_key(1)).starts_with("Начальное"));
        assert!(t(Lang::Ru, level_key(2)).starts_with("Основное"));
        assert!(t(Lang::Ru, level_key(3)).starts_with("Среднее"));
        assert_eq!(
            level_key(journal_domain::reports::movement::level_of(10)),
            Key::RpLevelSecondary
        );
        assert_eq!(t(Lang::Ru, move_key(MoveKind::Admission)), "Зачисление");
        assert_eq!(t(Lang::Ru, move_key(MoveKind::Withdrawal)), "Выбытие");
        assert_eq!(t(Lang::En, move_key(MoveKind::Transfer)), "Transfer");
    }
}
