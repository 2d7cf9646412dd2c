//! The journal write decision asked on the page as shown: which cells and finals the caller writes.

use chrono::NaiveDate;
use journal_api_types::journal::{JournalPage, PageLesson, PageStudent};
use journal_domain::journal::{self, Attendance, FinalFacts, LessonFacts, PageFacts, PlanTopic};
use journal_domain::timetable::ChangeKind;
use uuid::Uuid;

/// The page as the journal write decision reads it (`journal_domain::journal`), on the school's
/// `today`: the grid asks the same rule the server applies before it queues a change.
pub struct Deciding<'a> {
    pub page: &'a JournalPage,
    pub today: NaiveDate,
}

impl journal::Page for Deciding<'_> {
    fn facts(&self) -> PageFacts {
        PageFacts {
            access: self.page.access,
            leads_class: self.page.leads_class,
            scale: self.page.scale,
            locked: self.page.locked,
            today: self.today,
        }
    }

    fn lesson(&self, entry: Uuid, date: NaiveDate) -> Option<LessonFacts> {
        let l = self
            .page
            .lessons
            .iter()
            .find(|l| l.entry_id == entry && l.lesson_date == date)?;
        Some(lesson_facts(l))
    }

    fn has_student(&self, student: Uuid) -> bool {
        self.page.students.iter().any(|s| s.id == student)
    }

    fn has_work_type(&self, code: &str) -> bool {
        self.page
            .work_types
            .iter()
            .any(|w| w.code == code && !w.archived)
    }

    fn recorded_absent(&self, entry: Uuid, date: NaiveDate, student: Uuid) -> bool {
        self.page
            .students
            .iter()
            .find(|s| s.id == student)
            .is_some_and(|s| {
                s.attendance.iter().any(|a| {
                    a.entry_id == entry && a.lesson_date == date && a.status == Attendance::Absent
                })
            })
    }

    fn final_in_force(&self, student: Uuid, kind: &str) -> Option<FinalFacts<'_>> {
        let period = (kind == "period").then_some(self.page.period.id);
        let s = self.page.students.iter().find(|s| s.id == student)?;
        let f = journal::final_in_force(&s.finals, |f| f.kind == kind && f.period_id == period)?;
        Some(FinalFacts {
            value: f.value.as_deref(),
            deferred: f.deferred_until.is_some(),
        })
    }

    fn lesson_days(&self) -> Vec<NaiveDate> {
        self.page.lessons.iter().map(|l| l.held_on).collect()
    }

    /// The grid holds no plan: it only sends back the topic the server accepted, and the server
    /// checks it.
    fn plan_topic(&self, _: Uuid) -> PlanTopic<'_> {
        PlanTopic::Unchecked
    }
}

/// A lesson column as the write decision reads it.
pub fn lesson_facts(l: &PageLesson) -> LessonFacts {
    LessonFacts {
        held_on: l.held_on,
        cancelled: l.change == Some(ChangeKind::Cancellation),
        caller_writes: l.writable,
    }
}

/// Whether the caller types into the cells of a lesson column on the school's `today`: an open
/// page and a lesson they write that took place (the rule of
/// `journal_domain::journal::lesson_write`).
pub fn cells_writable(page: &JournalPage, l: &PageLesson, today: NaiveDate) -> bool {
    !page.locked && journal::lesson_write(lesson_facts(l), today).is_ok()
}

/// Whether the caller may set a final of `kind` for a student: the keeper, any time while the
/// page is open, after the lock only to liquidate a debt (`journal_domain::journal`, R-F4).
pub fn final_settable(page: &JournalPage, s: &PageStudent, kind: &str, today: NaiveDate) -> bool {
    journal::final_settable(&Deciding { page, today }, s.id, kind)
}
