//! «Расписание»: the week of a class or of a teacher as a grid of dated lessons (R-T1), with the
//! deputy's and director's tools: adding weekly lessons (clashes are refused and named), ending
//! them, and registering a substitution, cancellation or move of one lesson (R-T2).

mod add_form;
mod change_form;
mod entries;
mod page;
mod panel;
mod week;

pub use page::TimetablePage;
pub use week::{change_badge, lesson_number};

use uuid::Uuid;

/// Whose week the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Class,
    Teacher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Class(Uuid),
    Teacher(Uuid),
}

impl Target {
    fn class_id(self) -> Option<Uuid> {
        match self {
            Target::Class(id) => Some(id),
            Target::Teacher(_) => None,
        }
    }

    fn teacher_id(self) -> Option<Uuid> {
        match self {
            Target::Teacher(id) => Some(id),
            Target::Class(_) => None,
        }
    }
}
