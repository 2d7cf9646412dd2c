//! A dated lesson from the signed-in person's side: who writes it and how it changed (R-A4, R-T2).
//! The server decides with the same domain rule; the interface only avoids offering a form that
//! would be refused.

use crate::i18n::{t, tf, Key, Lang};
use crate::services::week::{day_month, short_person};
use journal_api_types::timetable::{Lesson, LessonChange};
use journal_api_types::Role;
use journal_domain::timetable::LessonRelation;
use journal_domain::UserId;
use uuid::Uuid;

pub use journal_domain::timetable::ChangeKind;

/// Whether `user` with `roles` writes the lesson: its teacher, or the substitute when there is one;
/// the deputy and director always; nobody a cancelled one (the leadership aside).
pub fn may_write(user: Uuid, roles: &[Role], lesson: &Lesson) -> bool {
    let change = lesson.change.as_ref().and_then(LessonChange::domain);
    LessonRelation {
        caller: UserId(user),
        roles,
        teacher: UserId(lesson.teacher_id),
        class_teacher: None,
        change: change.as_ref(),
    }
    .may_write()
}

/// How a lesson of a teacher's week relates to that teacher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mine {
    /// Their own lesson, as planned or cancelled or moved.
    Own,
    /// They cover the lesson of `teacher`.
    Covering { teacher: String },
    /// Their own lesson is covered by `substitute`.
    CoveredBy { substitute: String },
}

pub fn mine(user: Uuid, lesson: &Lesson) -> Mine {
    match &lesson.change {
        Some(c) if c.kind == ChangeKind::Substitution => {
            if c.substitute_id == Some(user) && lesson.teacher_id != user {
                Mine::Covering {
                    teacher: lesson.teacher_name.clone(),
                }
            } else if lesson.teacher_id == user {
                Mine::CoveredBy {
                    substitute: c.substitute_name.clone().unwrap_or_default(),
                }
            } else {
                Mine::Own
            }
        }
        _ => Mine::Own,
    }
}

/// «2-й урок», "lesson 2".
pub fn lesson_number(lang: Lang, n: u8) -> String {
    tf(lang, Key::LessonNumber, &[("n", &n.to_string())])
}

/// The change of a lesson in a few words: «Замена: Козлов В. Н.», «Урок отменён»,
/// «Перенесён на 18.09, 3-й урок» at its scheduled slot, «Перенесён с 15.09, 2-й урок» where it
/// takes place instead. Empty for a lesson without a change.
pub fn change_text(lang: Lang, l: &Lesson) -> String {
    let Some(change) = &l.change else {
        return String::new();
    };
    match Some(change.kind) {
        Some(ChangeKind::Substitution) => {
            let who = short_person(change.substitute_name.as_deref().unwrap_or_default());
            let mut text = tf(lang, Key::SubstitutedBy, &[("name", &who)]);
            if let Some(subject) = &change.subject_name {
                text.push_str(&format!(" ({subject})"));
            }
            text
        }
        Some(ChangeKind::Cancellation) => t(lang, Key::LessonCancelled).to_owned(),
        Some(ChangeKind::Move) if l.is_moved_here() => tf(
            lang,
            Key::MovedFrom,
            &[
                ("date", &day_month(lang, l.scheduled_date)),
                ("lesson", &lesson_number(lang, l.scheduled_lesson)),
            ],
        ),
        Some(ChangeKind::Move) => match (change.moved_to_date, change.moved_to_lesson) {
            (Some(date), Some(n)) => tf(
                lang,
                Key::MovedTo,
                &[
                    ("date", &day_month(lang, date)),
                    ("lesson", &lesson_number(lang, n)),
                ],
            ),
            _ => t(lang, Key::LessonMoved).to_owned(),
        },
        None => String::new(),
    }
}

/// A lesson for tests: Monday 15 September 2025, lesson 2, 7В, mathematics.
#[cfg(test)]
pub(crate) fn sample_lesson(teacher: Uuid, change: Option<LessonChange>) -> Lesson {
    let date = chrono::NaiveDate::from_ymd_opt(2025, 9, 15).unwrap();
    Lesson {
        entry_id: Uuid::new_v4(),
        date,
        lesson_number: 2,
        scheduled_date: date,
        scheduled_lesson: 2,
        starts_at: Some("09:20".into()),
        ends_at: Some("10:00".into()),
        class_id: Uuid::new_v4(),
        class_name: "7В".into(),
        group_id: None,
        group_name: None,
        subject_name: "Математика".into(),
        teacher_id: teacher,
        teacher_name: "Иванова Мария Петровна".into(),
        room_id: None,
        room_name: None,
        change,
        conducted: false,
        topic: None,
        homework: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: &str, substitute: Option<Uuid>) -> LessonChange {
        LessonChange {
            kind: ChangeKind::parse(kind).unwrap(),
            substitute_id: substitute,
            substitute_name: substitute.map(|_| "Козлов Виктор Николаевич".into()),
            subject_name: None,
            moved_to_date: None,
            moved_to_lesson: None,
            reason: None,
        }
    }

    #[test]
    fn the_substitute_writes_a_covered_lesson_and_its_teacher_reads_it() {
        let (ivanova, kozlov) = (Uuid::new_v4(), Uuid::new_v4());
        let covered = sample_lesson(ivanova, Some(change("substitution", Some(kozlov))));
        let teacher = [Role::Teacher];
        assert!(may_write(kozlov, &teacher, &covered));
        assert!(!may_write(ivanova, &teacher, &covered));
        assert_eq!(
            mine(kozlov, &covered),
            Mine::Covering {
                teacher: "Иванова Мария Петровна".into()
            }
        );
        assert_eq!(
            mine(ivanova, &covered),
            Mine::CoveredBy {
                substitute: "Козлов Виктор Николаевич".into()
            }
        );
    }

    #[test]
    fn a_cancelled_lesson_is_written_by_nobody_but_the_leadership() {
        let ivanova = Uuid::new_v4();
        let cancelled = sample_lesson(ivanova, Some(change("cancellation", None)));
        assert!(!may_write(ivanova, &[Role::Teacher], &cancelled));
        assert!(may_write(Uuid::new_v4(), &[Role::Deputy], &cancelled));
        assert_eq!(mine(ivanova, &cancelled), Mine::Own);
    }

    #[test]
    fn a_change_reads_plainly() {
        let ivanova = Uuid::new_v4();
        let covered = sample_lesson(ivanova, Some(change("substitution", Some(Uuid::new_v4()))));
        assert_eq!(change_text(Lang::Ru, &covered), "Замена: Козлов В. Н.");
        let cancelled = sample_lesson(ivanova, Some(change("cancellation", None)));
        assert_eq!(change_text(Lang::Ru, &cancelled), "Урок отменён");
        let mut moved = change("move", None);
        moved.moved_to_date = chrono::NaiveDate::from_ymd_opt(2025, 9, 18);
        moved.moved_to_lesson = Some(3);
        let away = sample_lesson(ivanova, Some(moved.clone()));
        assert_eq!(change_text(Lang::Ru, &away), "Перенесён на 18.09, 3-й урок");
        let mut here = sample_lesson(ivanova, Some(moved));
        here.date = chrono::NaiveDate::from_ymd_opt(2025, 9, 18).unwrap();
        here.lesson_number = 3;
        assert_eq!(change_text(Lang::Ru, &here), "Перенесён с 15.09 (2-й урок)");
        assert_eq!(change_text(Lang::Ru, &sample_lesson(ivanova, None)), "");
        assert_eq!(lesson_number(Lang::Ru, 2), "2-й урок");
    }

    #[test]
    fn an_ordinary_lesson_is_its_teachers() {
        let ivanova = Uuid::new_v4();
        let plain = sample_lesson(ivanova, None);
        assert!(may_write(ivanova, &[Role::Teacher], &plain));
        assert!(!may_write(Uuid::new_v4(), &[Role::Teacher], &plain));
        assert!(
            !may_write(ivanova, &[Role::Guardian], &plain),
            "only as a teacher"
        );
    }
}
