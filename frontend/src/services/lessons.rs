//! A dated lesson from the signed-in person's side: who writes it and how it changed (R-A4, R-T2).
//! The server decides with the same domain rule; the interface only avoids offering a form that
//! would be refused.

use journal_api_types::timetable::{Lesson, LessonChange};
use journal_api_types::Role;
use journal_domain::timetable::{Change, LessonRelation};
use journal_domain::UserId;
use uuid::Uuid;

/// The kind of change registered for a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Substitution,
    Cancellation,
    Move,
}

impl ChangeKind {
    pub fn of(change: &LessonChange) -> Option<ChangeKind> {
        match change.kind.as_str() {
            "substitution" => Some(ChangeKind::Substitution),
            "cancellation" => Some(ChangeKind::Cancellation),
            "move" => Some(ChangeKind::Move),
            _ => None,
        }
    }

    /// The code the API takes.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Substitution => "substitution",
            ChangeKind::Cancellation => "cancellation",
            ChangeKind::Move => "move",
        }
    }
}

/// The change of a lesson as the domain rules see it.
pub fn domain_change(change: &LessonChange) -> Option<Change> {
    match ChangeKind::of(change)? {
        ChangeKind::Substitution => Some(Change::Substitution {
            substitute: UserId(change.substitute_id?),
        }),
        ChangeKind::Cancellation => Some(Change::Cancellation),
        ChangeKind::Move => Some(Change::Move {
            to_date: change.moved_to_date?,
            to_lesson: change.moved_to_lesson?,
        }),
    }
}

/// Whether `user` with `roles` writes the lesson: its teacher, or the substitute when there is one;
/// the deputy and director always; nobody a cancelled one (the leadership aside).
pub fn may_write(user: Uuid, roles: &[Role], lesson: &Lesson) -> bool {
    let change = lesson.change.as_ref().and_then(domain_change);
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
        Some(c) if ChangeKind::of(c) == Some(ChangeKind::Substitution) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn lesson(teacher: Uuid, change: Option<LessonChange>) -> Lesson {
        Lesson {
            entry_id: Uuid::new_v4(),
            date: NaiveDate::from_ymd_opt(2025, 9, 15).unwrap(),
            lesson_number: 2,
            starts_at: Some("09:20".into()),
            ends_at: Some("10:00".into()),
            class_id: Uuid::new_v4(),
            class_name: "7В".into(),
            subject_name: "Математика".into(),
            teacher_id: teacher,
            teacher_name: "Иванова Мария Петровна".into(),
            room_name: None,
            change,
            conducted: false,
            topic: None,
            homework: None,
        }
    }

    fn change(kind: &str, substitute: Option<Uuid>) -> LessonChange {
        LessonChange {
            kind: kind.into(),
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
        let covered = lesson(ivanova, Some(change("substitution", Some(kozlov))));
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
        let cancelled = lesson(ivanova, Some(change("cancellation", None)));
        assert!(!may_write(ivanova, &[Role::Teacher], &cancelled));
        assert!(may_write(Uuid::new_v4(), &[Role::Deputy], &cancelled));
        assert_eq!(mine(ivanova, &cancelled), Mine::Own);
    }

    #[test]
    fn an_ordinary_lesson_is_its_teachers() {
        let ivanova = Uuid::new_v4();
        let plain = lesson(ivanova, None);
        assert!(may_write(ivanova, &[Role::Teacher], &plain));
        assert!(!may_write(Uuid::new_v4(), &[Role::Teacher], &plain));
        assert!(
            !may_write(ivanova, &[Role::Guardian], &plain),
            "only as a teacher"
        );
    }
}
