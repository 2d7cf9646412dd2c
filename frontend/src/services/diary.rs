//! The diary as families read it (R-D1, R-D2, R-D7): which student and week an address means,
//! which days a week shows, how marks, attendance, finals and acknowledgements read.

use crate::i18n::{t, tf, Key, Lang};
use crate::services::week::{full_date, monday_of, weekday_number};
use chrono::NaiveDate;
use journal_api_types::diary::{
    AcknowledgementSheet, AcknowledgementView, DiaryAttendance, DiaryControlWork, DiaryDay,
    ExtractQuery, MyStudent, ResultFinal,
};
use journal_api_types::structure::Class;
use journal_domain::marks::format_average;
use uuid::Uuid;

/// The student a diary address means: the one asked for when the caller may read them, else the
/// first (in alphabetical order, as `GET /me` gives them).
pub fn chosen_student(students: &[MyStudent], wanted: Option<Uuid>) -> Option<&MyStudent> {
    wanted
        .and_then(|id| students.iter().find(|s| s.id == id))
        .or_else(|| students.first())
}

/// Whether an address names exactly the student and week shown; otherwise the page replaces it
/// with the canonical one (`/diary/{student}/{monday}`).
pub fn is_canonical(
    wanted: Option<Uuid>,
    date: Option<NaiveDate>,
    student: Uuid,
    monday: NaiveDate,
) -> bool {
    wanted == Some(student) && date == Some(monday)
}

/// The Monday of the week an address asks for; this week without a date.
pub fn week_asked(date: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    monday_of(date.unwrap_or(today))
}

/// The days a week shows: Monday to Friday always, the weekend only when it has lessons.
pub fn shown_days(days: &[DiaryDay]) -> Vec<&DiaryDay> {
    days.iter()
        .filter(|d| weekday_number(d.date) <= 5 || !d.lessons.is_empty())
        .collect()
}

/// A guardian may acknowledge a week once it has begun (the API refuses a future span).
pub fn week_begun(monday: NaiveDate, today: NaiveDate) -> bool {
    monday <= today
}

/// The acknowledgements of the week starting on `monday`.
pub fn week_acknowledgements(
    acks: &[AcknowledgementView],
    monday: NaiveDate,
) -> Vec<&AcknowledgementView> {
    acks.iter()
        .filter(|a| a.kind == "week" && a.span_start <= monday && monday <= a.span_end)
        .collect()
}

/// The acknowledgements of a period.
pub fn period_acknowledgements(
    acks: &[AcknowledgementView],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<&AcknowledgementView> {
    acks.iter()
        .filter(|a| a.kind == "period" && a.span_start <= to && from <= a.span_end)
        .collect()
}

/// The printed extract of the week starting on `monday`, as a PDF (R-D6).
pub fn extract_query(monday: NaiveDate) -> ExtractQuery {
    ExtractQuery {
        from: monday,
        to: monday + chrono::Duration::days(6),
        format: Some("pdf".into()),
    }
}

/// «Выписка 2025-11-10.pdf».
pub fn extract_file_name(monday: NaiveDate) -> String {
    format!("Выписка {}.pdf", monday.format("%Y-%m-%d"))
}

/// Whether the signed-in guardian is among those who acknowledged (the API marks their own).
pub fn acknowledged_by_me(acks: &[&AcknowledgementView]) -> bool {
    acks.iter().any(|a| a.mine)
}

/// A number as Russian readers write it: `2`, `1,5` (a decimal point in English).
pub fn number_text(lang: Lang, value: f64) -> String {
    let text = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').to_owned()
    };
    match lang {
        Lang::Ru => text.replace('.', ","),
        Lang::En => text,
    }
}

/// «вес 2», "weight 1.5".
pub fn weight_text(lang: Lang, weight: f64) -> String {
    tf(lang, Key::DiaryWeight, &[("w", &number_text(lang, weight))])
}

/// The weighted average as the journal shows it: `4,25`; a dash without five-point marks.
pub fn average_text(lang: Lang, average: Option<f64>) -> String {
    match average {
        Some(a) => format_average(a, lang == Lang::Ru),
        None => t(lang, Key::Dash).to_owned(),
    }
}

/// «Отсутствовал(а) по болезни», «Опоздание».
pub fn attendance_text(lang: Lang, a: &DiaryAttendance) -> String {
    let what = if a.status == "late" {
        t(lang, Key::DiaryLate)
    } else {
        t(lang, Key::DiaryAbsent)
    };
    let reason = match a.reason.as_deref() {
        Some("illness") => Some(Key::JrReasonIllness),
        Some("excused") => Some(Key::JrReasonExcused),
        Some("unexcused") => Some(Key::JrReasonUnexcused),
        _ => None,
    };
    match reason {
        Some(key) => format!("{what} {}", t(lang, key)),
        None => what.to_owned(),
    }
}

/// The name of a kind of final mark.
pub fn final_kind_name(lang: Lang, kind: &str) -> &'static str {
    t(
        lang,
        match kind {
            "period" => Key::DiaryFinalPeriod,
            "year" => Key::DiaryFinalYear,
            "exam" => Key::DiaryFinalExam,
            _ => Key::DiaryFinalFinal,
        },
    )
}

/// A final as a line: «5», «Н/А», «отложена до 15.01.2026», «4 (задолженность ликвидирована)».
pub fn final_value_text(lang: Lang, f: &ResultFinal, mark_text: impl Fn(&str) -> String) -> String {
    match (&f.value, f.deferred_until) {
        (Some(v), _) => {
            let value = mark_text(v);
            if f.liquidation {
                format!(
                    "{value} ({})",
                    t(lang, Key::FsLiquidatedLong).to_lowercase()
                )
            } else {
                value
            }
        }
        (None, Some(d)) => tf(lang, Key::FsDeferredLong, &[("date", &full_date(lang, d))]),
        (None, None) => t(lang, Key::Dash).to_owned(),
    }
}

/// Control works from `from` on, soonest first.
pub fn upcoming(works: &[DiaryControlWork], from: NaiveDate) -> Vec<&DiaryControlWork> {
    let mut list: Vec<&DiaryControlWork> = works.iter().filter(|w| w.date >= from).collect();
    list.sort_by(|a, b| (a.date, &a.subject_name).cmp(&(b.date, &b.subject_name)));
    list
}

/// The classes whose acknowledgement sheet the caller may open: every class for the deputy and
/// the director (`leads`), the led ones otherwise.
pub fn sheet_classes(classes: &[Class], leads: bool, me: Uuid) -> Vec<(Uuid, String)> {
    classes
        .iter()
        .filter(|k| leads || k.class_teacher_id == Some(me))
        .map(|k| (k.id, k.name.clone()))
        .collect()
}

/// How many students have at least one guardian who acknowledged the week, of all students.
pub fn sheet_summary(sheet: &AcknowledgementSheet) -> (usize, usize) {
    let done = sheet
        .students
        .iter()
        .filter(|s| s.guardians.iter().any(|g| g.acknowledged_at.is_some()))
        .count();
    (done, sheet.students.len())
}

/// «дано», «отказ», «нет» for a guardian's consent on the sheet.
pub fn consent_key(consent: Option<&str>) -> Key {
    match journal_domain::diary::Consent::parse(consent) {
        journal_domain::diary::Consent::Given => Key::ConsentGiven,
        journal_domain::diary::Consent::Refused => Key::ConsentRefused,
        journal_domain::diary::Consent::Unknown => Key::ConsentNone,
    }
}

/// The choices of «давно не заходил(а)»: days without signing in.
pub const INACTIVE_CHOICES: [u16; 4] = [7, 14, 30, 60];

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn student(n: u128, name: &str) -> MyStudent {
        MyStudent {
            id: Uuid::from_u128(n),
            name: name.into(),
            class_id: None,
            class_name: "2А".into(),
        }
    }

    fn ack(kind: &str, from: NaiveDate, to: NaiveDate, name: &str) -> AcknowledgementView {
        AcknowledgementView {
            kind: kind.into(),
            span_start: from,
            span_end: to,
            guardian_id: Uuid::from_u128(9),
            guardian_name: name.into(),
            at: Utc.with_ymd_and_hms(2025, 9, 20, 18, 0, 0).unwrap(),
            // The signed-in guardian of these tests.
            mine: name == "Егорова Ева",
        }
    }

    #[test]
    fn the_address_picks_the_child_and_the_week() {
        let kids = [student(1, "Егоров Константин"), student(2, "Егоров Лев")];
        assert_eq!(
            chosen_student(&kids, Some(Uuid::from_u128(2))).unwrap().id,
            kids[1].id
        );
        assert_eq!(
            chosen_student(&kids, Some(Uuid::from_u128(7))).unwrap().id,
            kids[0].id,
            "somebody else's child: the first of one's own"
        );
        assert_eq!(chosen_student(&kids, None).unwrap().id, kids[0].id);
        assert!(chosen_student(&[], None).is_none());
        assert_eq!(week_asked(Some(d(9, 17)), d(10, 1)), d(9, 15));
        assert_eq!(week_asked(None, d(10, 1)), d(9, 29));
        let id = Uuid::from_u128(1);
        assert!(is_canonical(Some(id), Some(d(9, 15)), id, d(9, 15)));
        assert!(!is_canonical(Some(id), Some(d(9, 17)), id, d(9, 15)));
        assert!(!is_canonical(None, None, id, d(9, 15)));
    }

    #[test]
    fn the_sheet_counts_acknowledged_students_and_offers_classes() {
        use journal_api_types::diary::{SheetGuardian, SheetStudent};
        let guardian = |acked: bool| SheetGuardian {
            guardian_id: Uuid::nil(),
            name: "Егорова Ева".into(),
            relation: "mother".into(),
            has_account: true,
            consent: Some("given".into()),
            last_login_at: None,
            inactive: false,
            acknowledged_at: acked.then(|| Utc.with_ymd_and_hms(2025, 9, 20, 18, 0, 0).unwrap()),
        };
        let line = |gs: Vec<SheetGuardian>| SheetStudent {
            student_id: Uuid::nil(),
            name: "Егоров Лев".into(),
            guardians: gs,
        };
        let sheet = AcknowledgementSheet {
            class_id: Uuid::nil(),
            class_name: "7А".into(),
            week_start: d(9, 15),
            inactive_days: 14,
            students: vec![
                line(vec![guardian(false), guardian(true)]),
                line(vec![guardian(false)]),
                line(Vec::new()),
            ],
        };
        assert_eq!(sheet_summary(&sheet), (1, 3));
        assert_eq!(consent_key(Some("refused")), Key::ConsentRefused);
        assert_eq!(consent_key(None), Key::ConsentNone);
        let class = |name: &str| Class {
            id: Uuid::new_v4(),
            name: name.into(),
            grade: 7,
            letter: name.trim_start_matches('7').into(),
            year_id: None,
            class_teacher_id: None,
            week_days: 5,
            bell_schedule_id: None,
        };
        let teacher = Uuid::from_u128(7);
        let led = Class {
            class_teacher_id: Some(teacher),
            ..class("7Б")
        };
        let classes = [class("7А"), led];
        assert_eq!(sheet_classes(&classes, false, teacher).len(), 1);
        assert_eq!(sheet_classes(&classes, true, Uuid::nil()).len(), 2);
    }

    #[test]
    fn weekends_show_only_with_lessons() {
        let day = |date: NaiveDate| DiaryDay {
            date,
            holiday: None,
            lessons: Vec::new(),
        };
        let week: Vec<DiaryDay> = (15..=21).map(|n| day(d(9, n))).collect();
        let shown: Vec<NaiveDate> = shown_days(&week).iter().map(|d| d.date).collect();
        assert_eq!(shown, (15..=19).map(|n| d(9, n)).collect::<Vec<_>>());
    }

    #[test]
    fn a_week_is_acknowledged_once_begun_and_by_whom() {
        assert!(week_begun(d(9, 15), d(9, 15)));
        assert!(!week_begun(d(9, 22), d(9, 21)));
        let acks = [
            ack("week", d(9, 15), d(9, 21), "Егорова Ева"),
            ack("week", d(9, 8), d(9, 14), "Егоров Иван"),
            ack("period", d(9, 1), d(10, 26), "Егорова Ева"),
        ];
        let week = week_acknowledgements(&acks, d(9, 15));
        assert_eq!(week.len(), 1);
        assert!(acknowledged_by_me(&week));
        let q = extract_query(d(9, 15));
        assert_eq!(
            (q.from, q.to, q.format.as_deref()),
            (d(9, 15), d(9, 21), Some("pdf"))
        );
        assert_eq!(extract_file_name(d(9, 15)), "Выписка 2025-09-15.pdf");
        let others: Vec<&AcknowledgementView> = week.iter().copied().filter(|a| !a.mine).collect();
        assert!(!acknowledged_by_me(&others));
        assert_eq!(period_acknowledgements(&acks, d(9, 1), d(10, 26)).len(), 1);
    }

    #[test]
    fn numbers_marks_and_attendance_read_naturally() {
        assert_eq!(number_text(Lang::Ru, 2.0), "2");
        assert_eq!(number_text(Lang::Ru, 1.5), "1,5");
        assert_eq!(number_text(Lang::En, 1.25), "1.25");
        assert_eq!(weight_text(Lang::Ru, 2.0), "вес 2");
        assert_eq!(average_text(Lang::Ru, Some(4.256)), "4,26");
        assert_eq!(average_text(Lang::En, Some(4.5)), "4.50");
        assert_eq!(average_text(Lang::Ru, None), "—");
        let absent = DiaryAttendance {
            status: journal_domain::journal::Attendance::Absent,
            reason: Some("illness".into()),
        };
        assert_eq!(
            attendance_text(Lang::Ru, &absent),
            "Отсутствовал(а) по болезни"
        );
        let late = DiaryAttendance {
            status: journal_domain::journal::Attendance::Late,
            reason: None,
        };
        assert_eq!(attendance_text(Lang::Ru, &late), "Опоздание");
    }

    #[test]
    fn finals_read_with_deferrals_and_liquidated_debts() {
        let fin =
            |value: Option<&str>, deferred: Option<NaiveDate>, liquidation: bool| ResultFinal {
                kind: "period".into(),
                value: value.map(str::to_owned),
                deferred_until: deferred,
                liquidation,
                set_on: d(10, 27),
            };
        let plain = |v: &str| v.to_owned();
        assert_eq!(
            final_value_text(Lang::Ru, &fin(Some("5"), None, false), plain),
            "5"
        );
        assert_eq!(
            final_value_text(Lang::Ru, &fin(Some("3"), None, true), plain),
            "3 (задолженность ликвидирована)"
        );
        assert_eq!(
            final_value_text(Lang::Ru, &fin(None, Some(d(11, 15)), false), plain),
            "Аттестация отложена до 15.11.2025"
        );
        assert_eq!(final_kind_name(Lang::Ru, "year"), "Годовая");
    }

    #[test]
    fn control_works_come_soonest_first_from_the_week_shown() {
        let work = |date: NaiveDate, subject: &str| DiaryControlWork {
            date,
            subject_name: subject.into(),
            title: "Контрольная работа".into(),
        };
        let works = [
            work(d(9, 25), "Математика"),
            work(d(9, 10), "История"),
            work(d(9, 16), "Физика"),
        ];
        let list: Vec<&str> = upcoming(&works, d(9, 15))
            .iter()
            .map(|w| w.subject_name.as_str())
            .collect();
        assert_eq!(list, ["Физика", "Математика"]);
    }
}
