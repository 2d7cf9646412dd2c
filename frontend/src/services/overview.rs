//! The home screen's «what needs attention» without drawing (`GET /reports/overview`, R-R1, R-R2):
//! the words of a lesson's gaps, a teacher's lessons by day, the figures that are a problem, and
//! the address of the control report narrowed to one teacher.

use crate::i18n::{t, Key, Lang};
use crate::services::remarks::page_title;
use crate::services::week::iso;
use chrono::NaiveDate;
use journal_api_types::reports::{Filling, LessonGap, PageGap, PageRef};
use serde::Serialize;
use uuid::Uuid;

/// What is missing from a lesson, as a teacher reads it: «нет темы», «посещаемость не отмечена».
pub fn gap_key(gap: LessonGap) -> Key {
    match gap {
        LessonGap::NoTopic => Key::HmGapNoTopic,
        LessonGap::NoHomework => Key::HmGapNoHomework,
        LessonGap::NoAttendance => Key::HmGapNoAttendance,
        LessonGap::LateMarks => Key::HmGapLateMarks,
        LessonGap::LateTopic => Key::HmGapLateTopic,
        LessonGap::LateHomework => Key::HmGapLateHomework,
    }
}

/// A lesson's gaps in words, in the server's order: «нет темы, нет домашнего задания».
pub fn gaps_words(lang: Lang, gaps: &[LessonGap]) -> String {
    gaps.iter()
        .map(|g| t(lang, gap_key(*g)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Marks, topics and homework entered late, together.
pub fn late_entries(f: &Filling) -> u32 {
    f.late_marks + f.late_topics + f.late_homework
}

/// A page's name: «7А — Алгебра», «7А (Группа 1) — Английский язык».
pub fn page_name(page: &PageRef) -> String {
    page_title(
        &page.class_name,
        page.group_name.as_deref(),
        &page.subject_name,
    )
}

/// A teacher's lessons with gaps by the day they were held, the days in order and the lessons
/// of a day by their number.
pub fn gaps_by_day(lessons: &[PageGap]) -> Vec<(NaiveDate, Vec<&PageGap>)> {
    let mut sorted: Vec<&PageGap> = lessons.iter().collect();
    sorted.sort_by_key(|g| (g.lesson.date, g.lesson.lesson_number));
    let mut days: Vec<(NaiveDate, Vec<&PageGap>)> = Vec::new();
    for g in sorted {
        match days.last_mut() {
            Some((date, list)) if *date == g.lesson.date => list.push(g),
            _ => days.push((g.lesson.date, vec![g])),
        }
    }
    days
}

/// The filters of the journal-control report in its address (`?from=…&to=…&teacher_id=…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlQuery {
    pub from: String,
    pub to: String,
    pub teacher_id: String,
}

impl ControlQuery {
    /// The control report over `from`–`to` narrowed to one teacher.
    pub fn teacher(from: NaiveDate, to: NaiveDate, teacher_id: Uuid) -> ControlQuery {
        ControlQuery {
            from: iso(from),
            to: iso(to),
            teacher_id: teacher_id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::reports::GapLesson;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, d).unwrap_or_default()
    }

    fn gap(date: NaiveDate, number: u8, class: &str) -> PageGap {
        PageGap {
            page: PageRef {
                assignment_id: Uuid::from_u128(1),
                class_id: Uuid::from_u128(2),
                class_name: class.into(),
                group_name: None,
                subject_id: Uuid::from_u128(3),
                subject_name: "Алгебра".into(),
                teacher_id: Uuid::from_u128(4),
                teacher_name: "Петрова Анна Ивановна".into(),
            },
            period_id: Some(Uuid::from_u128(5)),
            lesson: GapLesson {
                entry_id: Uuid::from_u128(6),
                date,
                lesson_number: number,
                teacher_id: Uuid::from_u128(4),
                teacher_name: "Петрова Анна Ивановна".into(),
                gaps: vec![LessonGap::NoTopic],
            },
        }
    }

    #[test]
    fn gaps_read_as_a_teacher_says_them() {
        let all = [
            LessonGap::NoTopic,
            LessonGap::NoHomework,
            LessonGap::NoAttendance,
            LessonGap::LateMarks,
            LessonGap::LateTopic,
            LessonGap::LateHomework,
        ];
        assert_eq!(
            gaps_words(Lang::Ru, &all),
            "нет темы, нет домашнего задания, посещаемость не отмечена, \
             отметки выставлены с опозданием, тема записана с опозданием, \
             домашнее задание записано с опозданием"
        );
        assert_eq!(gaps_words(Lang::En, &all[..2]), "no topic, no homework");
        assert_eq!(gaps_words(Lang::Ru, &[]), "");
    }

    #[test]
    fn lessons_with_gaps_go_by_day_then_number() {
        let lessons = vec![
            gap(day(19), 3, "7А"),
            gap(day(17), 2, "8Б"),
            gap(day(19), 1, "9В"),
            gap(day(17), 5, "7А"),
        ];
        let days: Vec<(NaiveDate, Vec<(u8, String)>)> = gaps_by_day(&lessons)
            .into_iter()
            .map(|(d, list)| {
                (
                    d,
                    list.iter()
                        .map(|g| (g.lesson.lesson_number, g.page.class_name.clone()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            days,
            [
                (day(17), vec![(2, "8Б".into()), (5, "7А".into())]),
                (day(19), vec![(1, "9В".into()), (3, "7А".into())]),
            ]
        );
        assert!(gaps_by_day(&[]).is_empty());
    }

    #[test]
    fn filling_and_names() {
        let f = Filling {
            late_topics: 2,
            late_marks: 1,
            ..Filling::default()
        };
        assert_eq!(late_entries(&f), 3);
        let mut g = gap(day(17), 1, "7А");
        assert_eq!(page_name(&g.page), "7А — Алгебра");
        g.page.group_name = Some("Группа 1".into());
        assert_eq!(page_name(&g.page), "7А (Группа 1) — Алгебра");
    }

    #[test]
    fn the_control_report_link_names_the_week_and_the_teacher() {
        let q = ControlQuery::teacher(day(17), day(19), Uuid::from_u128(9));
        assert_eq!(
            serde_json::to_value(&q).unwrap_or_default(),
            serde_json::json!({
                "from": "2025-11-17",
                "to": "2025-11-19",
                "teacher_id": "00000000-0000-0000-0000-000000000009",
            })
        );
    }
}
