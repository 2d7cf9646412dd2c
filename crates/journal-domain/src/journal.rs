//! The journal write decision (R-J1–R-J4, R-J7, R-F2–R-F4, R-A4–R-A6, R-T2): whether one change
//! of a journal page may be written, and what exactly is written (the date a mark was given, the
//! homework's due date, whether a final liquidates a debt). The server's journal save and its
//! lesson write (`PUT /lessons/{entry}/{date}`) and the SPA's grid all ask here, through
//! [`Page`], so they cannot disagree.
//!
//! A handler gathers the facts ([`PageFacts`], [`LessonFacts`], the finals in force), with
//! "today" being the school's local date; nothing here reads a clock.

use crate::marks::{is_debt, Scale};
use crate::page::PageAccess;
use chrono::NaiveDate;
use uuid::Uuid;

/// A mark of attendance in a lesson (R-J3): absent (the class teacher sets the reasons of these)
/// or late; no mark is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Absent,
    Late,
}

impl Attendance {
    pub const ALL: [Attendance; 2] = [Attendance::Absent, Attendance::Late];

    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Absent => "absent",
            Attendance::Late => "late",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A mark compares with its name, as it travels.
impl PartialEq<&str> for Attendance {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Why a change is refused. Each has a stable code the API sends (`errors[].code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum Refusal {
    #[error("the lesson is not on this page")]
    LessonNotOnPage,
    #[error("the student is not on this page")]
    StudentNotOnPage,
    #[error("the school has no such work type")]
    UnknownWorkType,
    #[error("the subject is taught without marks in this class")]
    NoMarksScale,
    #[error("the mark is not on the page's scale")]
    MarkOutsideScale,
    #[error("a mark is given on the lesson's day or later, and not after today")]
    GivenOnOutsideLesson,
    #[error("the lesson was cancelled")]
    LessonCancelled,
    #[error("the lesson is later than the school's today")]
    LessonInFuture,
    #[error("this cell is not yours to write")]
    Forbidden,
    #[error("the period is closed for this page")]
    PeriodLocked,
    #[error("the topic is not in this assignment's plan")]
    PlanTopicNotInPlan,
}

impl Refusal {
    pub const ALL: [Refusal; 11] = [
        Refusal::LessonNotOnPage,
        Refusal::StudentNotOnPage,
        Refusal::UnknownWorkType,
        Refusal::NoMarksScale,
        Refusal::MarkOutsideScale,
        Refusal::GivenOnOutsideLesson,
        Refusal::LessonCancelled,
        Refusal::LessonInFuture,
        Refusal::Forbidden,
        Refusal::PeriodLocked,
        Refusal::PlanTopicNotInPlan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::LessonNotOnPage => "lesson_not_on_page",
            Refusal::StudentNotOnPage => "student_not_on_page",
            Refusal::UnknownWorkType => "unknown_work_type",
            Refusal::NoMarksScale => "no_marks_scale",
            Refusal::MarkOutsideScale => "mark_outside_scale",
            Refusal::GivenOnOutsideLesson => "given_on_outside_lesson",
            Refusal::LessonCancelled => "lesson_cancelled",
            Refusal::LessonInFuture => "lesson_in_future",
            Refusal::Forbidden => "forbidden",
            Refusal::PeriodLocked => "period_locked",
            Refusal::PlanTopicNotInPlan => "plan_topic_not_in_plan",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Refusal::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The caller's standing on a page and the page's state on the school's today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageFacts {
    pub access: PageAccess,
    /// The caller leads the page's class (sets absence reasons in every subject, R-J3, R-A5).
    pub leads_class: bool,
    pub scale: Scale,
    /// Closed for writing on `today` (R-F2).
    pub locked: bool,
    /// The school's local date.
    pub today: NaiveDate,
}

/// One dated lesson as the caller stands to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonFacts {
    /// The day it takes place (a moved lesson's target day).
    pub held_on: NaiveDate,
    pub cancelled: bool,
    /// The caller writes this lesson: its teacher, its substitute, the deputy or director
    /// ([`crate::timetable::LessonRelation::may_write`]).
    pub caller_writes: bool,
}

/// A final as the lock rule reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalFacts<'a> {
    pub value: Option<&'a str>,
    pub deferred: bool,
}

/// What a journal page knows, as the server loaded it or as the SPA holds it.
pub trait Page {
    fn facts(&self) -> PageFacts;
    /// The lesson of `entry` scheduled on `date`, when it is on the page.
    fn lesson(&self, entry: Uuid, date: NaiveDate) -> Option<LessonFacts>;
    fn has_student(&self, student: Uuid) -> bool;
    /// The work type exists and is not archived.
    fn has_work_type(&self, code: &str) -> bool;
    /// An absence is recorded for the cell (before the change).
    fn recorded_absent(&self, entry: Uuid, date: NaiveDate, student: Uuid) -> bool;
    /// The student's final of `kind` in force (the page's period for a period final).
    fn final_in_force(&self, student: Uuid, kind: &str) -> Option<FinalFacts<'_>>;
    /// The days the page's lessons take place.
    fn lesson_days(&self) -> Vec<NaiveDate>;
    /// What the page's plan (R-T4) says of the topic `id` a lesson names.
    fn plan_topic(&self, id: Uuid) -> PlanTopic<'_>;
}

/// A plan topic a lesson names, as the page knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanTopic<'a> {
    /// In the plan of the page's assignment, with this title.
    Titled(&'a str),
    /// Not in that plan (another assignment's, or removed since).
    NotInPlan,
    /// The page holds no plan to check against: the SPA's grid, which only sends back the topic
    /// the server already accepted; the server always knows.
    Unchecked,
}

/// What a lesson write sends besides the lesson itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LessonWrite<'a> {
    pub topic: Option<&'a str>,
    pub plan_topic: Option<Uuid>,
    pub work_types: &'a [String],
    pub has_homework: bool,
    pub homework_due: Option<NaiveDate>,
}

/// What a change writes, once allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Planned {
    /// A mark given on `given_on`: the lesson's day unless a make-up date was sent (R-J4).
    Mark {
        given_on: NaiveDate,
    },
    Attendance,
    /// What a lesson did: its topic (the teacher's words, else the chosen plan topic's title) and
    /// homework due on `homework_due` (R-J1, R-T4).
    Lesson {
        topic: Option<String>,
        homework_due: Option<NaiveDate>,
    },
    /// A final set on the school's today; after the lock it liquidates a debt (R-F4).
    Final {
        liquidation: bool,
        set_on: NaiveDate,
    },
}

/// Whether the caller writes what was done in a lesson (held, topic, homework, marks,
/// attendance): its teacher or substitute, the deputy or director (R-A4, R-A6, R-T2); never a
/// cancelled lesson, which took no place, nor one later than the school's `today`, which has not
/// taken place yet (R-J1, R-J2: the journal records lessons held). The journal save, the lesson
/// write and the SPA's grid all ask this.
pub fn lesson_write(lesson: LessonFacts, today: NaiveDate) -> Result<(), Refusal> {
    if !lesson.caller_writes {
        return Err(Refusal::Forbidden);
    }
    if lesson.cancelled {
        return Err(Refusal::LessonCancelled);
    }
    if lesson.held_on > today {
        return Err(Refusal::LessonInFuture);
    }
    Ok(())
}

fn written_lesson(page: &impl Page, entry: Uuid, date: NaiveDate) -> Result<LessonFacts, Refusal> {
    let lesson = page.lesson(entry, date).ok_or(Refusal::LessonNotOnPage)?;
    lesson_write(lesson, page.facts().today)?;
    Ok(lesson)
}

fn on_page(page: &impl Page, student: Uuid) -> Result<(), Refusal> {
    page.has_student(student)
        .then_some(())
        .ok_or(Refusal::StudentNotOnPage)
}

fn known_work_type(page: &impl Page, code: &str) -> Result<(), Refusal> {
    page.has_work_type(code)
        .then_some(())
        .ok_or(Refusal::UnknownWorkType)
}

fn marked(scale: Scale) -> Result<(), Refusal> {
    if scale == Scale::NoMarks {
        return Err(Refusal::NoMarksScale);
    }
    Ok(())
}

/// A mark (set, or removed with no `value`), R-J2, R-J4: on a lesson the caller writes, of a
/// student of the page, for a work type of the school, on the page's scale; a make-up date
/// (`given_on`) falls between the lesson's day and the school's today.
pub fn mark(
    page: &impl Page,
    (entry, date, student): (Uuid, NaiveDate, Uuid),
    work_type: &str,
    value: Option<&str>,
    given_on: Option<NaiveDate>,
) -> Result<Planned, Refusal> {
    let lesson = written_lesson(page, entry, date)?;
    on_page(page, student)?;
    known_work_type(page, work_type)?;
    let facts = page.facts();
    marked(facts.scale)?;
    if value.is_some_and(|v| !facts.scale.accepts(v)) {
        return Err(Refusal::MarkOutsideScale);
    }
    if given_on.is_some_and(|g| g < lesson.held_on || g > facts.today) {
        return Err(Refusal::GivenOnOutsideLesson);
    }
    Ok(Planned::Mark {
        given_on: given_on.unwrap_or(lesson.held_on),
    })
}

/// Attendance (`status`, or present with none), R-J3: the lesson's writer records it; the class
/// teacher of the class only sets or corrects the reason of an absence already recorded (R-A5).
pub fn attendance(
    page: &impl Page,
    (entry, date, student): (Uuid, NaiveDate, Uuid),
    status: Option<Attendance>,
) -> Result<Planned, Refusal> {
    on_page(page, student)?;
    let lesson = page.lesson(entry, date).ok_or(Refusal::LessonNotOnPage)?;
    if !lesson.caller_writes {
        let reason_only = page.facts().leads_class
            && status == Some(Attendance::Absent)
            && page.recorded_absent(entry, date, student);
        return if reason_only {
            Ok(Planned::Attendance)
        } else {
            Err(Refusal::Forbidden)
        };
    }
    lesson_write(lesson, page.facts().today)?;
    Ok(Planned::Attendance)
}

/// What a lesson did (R-J1): on a lesson the caller writes, with work types of the school and a
/// topic of the assignment's plan when one is named (R-T4), which also gives the topic when the
/// teacher typed none. Homework is due by the next lesson of the page unless the teacher gives a
/// date.
pub fn lesson(
    page: &impl Page,
    (entry, date): (Uuid, NaiveDate),
    write: LessonWrite,
) -> Result<Planned, Refusal> {
    let lesson = written_lesson(page, entry, date)?;
    for w in write.work_types {
        known_work_type(page, w)?;
    }
    let plan_title = match write.plan_topic.map(|id| page.plan_topic(id)) {
        Some(PlanTopic::NotInPlan) => return Err(Refusal::PlanTopicNotInPlan),
        Some(PlanTopic::Titled(title)) => Some(title),
        Some(PlanTopic::Unchecked) | None => None,
    };
    let typed = write.topic.map(str::trim).filter(|t| !t.is_empty());
    Ok(Planned::Lesson {
        topic: typed.or(plan_title).map(str::to_owned),
        homework_due: due_date(
            write.has_homework,
            write.homework_due,
            lesson.held_on,
            page.lesson_days(),
        ),
    })
}

/// When homework set in a lesson held on `held_on` is due (R-J1): the date the teacher gave,
/// else the next day of `lesson_days` after the lesson; none without homework or date.
pub fn due_date(
    has_homework: bool,
    given: Option<NaiveDate>,
    held_on: NaiveDate,
    lesson_days: impl IntoIterator<Item = NaiveDate>,
) -> Option<NaiveDate> {
    given.or_else(|| {
        has_homework
            .then(|| lesson_days.into_iter().filter(|d| *d > held_on).min())
            .flatten()
    })
}

/// A final of `kind` (R-F1–R-F4): by the page's keeper, for a student of the page, on the
/// page's scale (or Н/А); after the lock only to liquidate a debt, as a new dated final.
pub fn final_mark(
    page: &impl Page,
    student: Uuid,
    kind: &str,
    value: Option<&str>,
) -> Result<Planned, Refusal> {
    let facts = page.facts();
    if facts.access != PageAccess::Keep {
        return Err(Refusal::Forbidden);
    }
    on_page(page, student)?;
    marked(facts.scale)?;
    if value.is_some_and(|v| !facts.scale.accepts_final(v)) {
        return Err(Refusal::MarkOutsideScale);
    }
    if facts.locked && !in_debt(facts.scale, page.final_in_force(student, kind)) {
        return Err(Refusal::PeriodLocked);
    }
    Ok(Planned::Final {
        liquidation: facts.locked,
        set_on: facts.today,
    })
}

fn in_debt(scale: Scale, in_force: Option<FinalFacts<'_>>) -> bool {
    in_force.is_some_and(|f| is_debt(scale, f.value, f.deferred))
}

/// Whether the keeper may set a final of `kind` for a student at all now: any time while the
/// page is open, after the lock only to liquidate a debt (R-F4). The SPA opens the final's form
/// by this; [`final_mark`] checks the value too.
pub fn final_settable(page: &impl Page, student: Uuid, kind: &str) -> bool {
    let facts = page.facts();
    facts.access == PageAccess::Keep
        && facts.scale != Scale::NoMarks
        && (!facts.locked || in_debt(facts.scale, page.final_in_force(student, kind)))
}

/// A batch on a closed page holds finals only (R-F2, R-F4): anything else is refused whole.
pub fn batch(page: &impl Page, only_finals: bool) -> Result<(), Refusal> {
    if page.facts().locked && !only_finals {
        return Err(Refusal::PeriodLocked);
    }
    Ok(())
}

/// Why a page closed by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// Every student of the page has a period final (R-F2).
    AllFinalsSet,
}

impl CloseReason {
    /// The reason as the page's history shows it (the school's language).
    pub fn text(self) -> &'static str {
        match self {
            CloseReason::AllFinalsSet => "все итоговые отметки выставлены",
        }
    }
}

/// Whether a save closes the page (R-F2): once every student of an open page with marks has a
/// period final with a value (not a deferral).
pub fn closes_by_itself(
    facts: PageFacts,
    students: usize,
    with_period_final: usize,
) -> Option<CloseReason> {
    let closes = !facts.locked
        && facts.scale != Scale::NoMarks
        && students > 0
        && with_period_final >= students;
    closes.then_some(CloseReason::AllFinalsSet)
}

/// Which of a student's finals are in force (R-F4): finals are never removed, a later one of the
/// same slot (student, subject, kind, period) supersedes the earlier. `rows` are oldest first;
/// the answer says for each whether it is in force.
pub fn in_force<T, K: PartialEq>(rows: &[T], slot: impl Fn(&T) -> K) -> Vec<bool> {
    let slots: Vec<K> = rows.iter().map(&slot).collect();
    slots
        .iter()
        .enumerate()
        .map(|(i, s)| !slots[i + 1..].contains(s))
        .collect()
}

/// The final in force of one slot among `rows` (oldest first): the latest of it (R-F4).
pub fn final_in_force<T>(rows: &[T], of_slot: impl Fn(&T) -> bool) -> Option<&T> {
    rows.iter().rfind(|r| of_slot(r))
}

/// The make-up date a mark typed today gets (R-J4): today, when the student was absent from a
/// lesson held before today; `None` (the lesson's day) otherwise.
pub fn make_up_date(absent: bool, held_on: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    (absent && held_on < today).then_some(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    const ENTRY: Uuid = Uuid::from_u128(1);
    const STUDENT: Uuid = Uuid::from_u128(2);
    const PLAN_TOPIC: Uuid = Uuid::from_u128(3);
    const STRANGER: Uuid = Uuid::from_u128(3);

    /// A page whose lessons are on 10 (Monday, the one checked), 12 and 17 November, with one
    /// student and the work type `oral`; today is Thursday 13 November.
    #[derive(Clone)]
    struct TestPage {
        facts: PageFacts,
        lesson: LessonFacts,
        absent: bool,
        period_final: Option<(Option<&'static str>, bool)>,
    }

    impl TestPage {
        fn new() -> Self {
            Self {
                facts: PageFacts {
                    access: PageAccess::Keep,
                    leads_class: false,
                    scale: Scale::FivePoint,
                    locked: false,
                    today: d(11, 13),
                },
                lesson: LessonFacts {
                    held_on: d(11, 10),
                    cancelled: false,
                    caller_writes: true,
                },
                absent: false,
                period_final: None,
            }
        }
    }

    impl Page for TestPage {
        fn facts(&self) -> PageFacts {
            self.facts
        }
        fn lesson(&self, entry: Uuid, date: NaiveDate) -> Option<LessonFacts> {
            (entry == ENTRY && date == d(11, 10)).then_some(self.lesson)
        }
        fn has_student(&self, student: Uuid) -> bool {
            student == STUDENT
        }
        fn has_work_type(&self, code: &str) -> bool {
            code == "oral"
        }
        fn recorded_absent(&self, _: Uuid, _: NaiveDate, _: Uuid) -> bool {
            self.absent
        }
        fn final_in_force(&self, _: Uuid, kind: &str) -> Option<FinalFacts<'_>> {
            let (value, deferred) = self.period_final.filter(|_| kind == "period")?;
            Some(FinalFacts { value, deferred })
        }
        fn lesson_days(&self) -> Vec<NaiveDate> {
            vec![d(11, 12), d(11, 10), d(11, 17)]
        }
        fn plan_topic(&self, id: Uuid) -> PlanTopic<'_> {
            if id == PLAN_TOPIC {
                PlanTopic::Titled("Дроби")
            } else {
                PlanTopic::NotInPlan
            }
        }
    }

    /// The student's cell in Monday's lesson.
    fn cell() -> (Uuid, NaiveDate, Uuid) {
        (ENTRY, d(11, 10), STUDENT)
    }

    #[test]
    fn every_refusal_has_its_own_code() {
        let codes: std::collections::HashSet<&str> =
            Refusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Refusal::ALL.len());
        for r in Refusal::ALL {
            assert_eq!(Refusal::parse(r.code()), Some(r));
        }
    }

    #[test]
    fn a_mark_is_dated_by_its_lesson_or_its_make_up_day() {
        let p = TestPage::new();
        assert_eq!(
            mark(&p, cell(), "oral", Some("5"), None),
            Ok(Planned::Mark {
                given_on: d(11, 10)
            })
        );
        assert_eq!(
            mark(&p, cell(), "oral", Some("4"), Some(d(11, 13))),
            Ok(Planned::Mark {
                given_on: d(11, 13)
            })
        );
        // R-J4: not before the lesson, not after the school's today.
        for g in [d(11, 9), d(11, 14)] {
            assert_eq!(
                mark(&p, cell(), "oral", Some("4"), Some(g)),
                Err(Refusal::GivenOnOutsideLesson)
            );
        }
    }

    #[test]
    fn a_mark_is_refused_off_the_page_off_the_scale_or_off_the_list() {
        let p = TestPage::new();
        let elsewhere = (ENTRY, d(11, 11), STUDENT);
        assert_eq!(
            mark(&p, elsewhere, "oral", Some("5"), None),
            Err(Refusal::LessonNotOnPage)
        );
        let stranger = (ENTRY, d(11, 10), STRANGER);
        assert_eq!(
            mark(&p, stranger, "oral", Some("5"), None),
            Err(Refusal::StudentNotOnPage)
        );
        assert_eq!(
            mark(&p, cell(), "essay", Some("5"), None),
            Err(Refusal::UnknownWorkType)
        );
        assert_eq!(
            mark(&p, cell(), "oral", Some("6"), None),
            Err(Refusal::MarkOutsideScale)
        );
        // Removing a mark needs no value on the scale.
        assert!(mark(&p, cell(), "oral", None, None).is_ok());
        let mut first_grade = TestPage::new();
        first_grade.facts.scale = Scale::NoMarks;
        assert_eq!(
            mark(&first_grade, cell(), "oral", Some("5"), None),
            Err(Refusal::NoMarksScale)
        );
        assert_eq!(
            final_mark(&first_grade, STUDENT, "period", Some("5")),
            Err(Refusal::NoMarksScale)
        );
    }

    #[test]
    fn a_cancelled_lesson_takes_nothing_from_anybody() {
        let mut p = TestPage::new();
        p.lesson.cancelled = true;
        // The deputy writes every lesson, but a cancelled one took no place (R-T2).
        assert_eq!(
            lesson_write(p.lesson, p.facts.today),
            Err(Refusal::LessonCancelled)
        );
        assert_eq!(
            mark(&p, cell(), "oral", Some("5"), None),
            Err(Refusal::LessonCancelled)
        );
        assert_eq!(
            attendance(&p, cell(), Some(Attendance::Absent)),
            Err(Refusal::LessonCancelled)
        );
        assert_eq!(
            lesson(
                &p,
                (ENTRY, d(11, 10)),
                LessonWrite {
                    work_types: &[],
                    has_homework: false,
                    homework_due: None,
                    ..LessonWrite::default()
                }
            ),
            Err(Refusal::LessonCancelled)
        );
        // Its teacher does not write it at all.
        p.lesson.caller_writes = false;
        assert_eq!(
            lesson_write(p.lesson, p.facts.today),
            Err(Refusal::Forbidden)
        );
    }

    #[test]
    fn the_class_teacher_only_sets_the_reason_of_a_recorded_absence() {
        let mut p = TestPage::new();
        p.facts.access = PageAccess::Read;
        p.facts.leads_class = true;
        p.lesson.caller_writes = false;
        assert_eq!(
            attendance(&p, cell(), Some(Attendance::Absent)),
            Err(Refusal::Forbidden),
            "no absence recorded yet: the teacher records it"
        );
        p.absent = true;
        assert_eq!(
            attendance(&p, cell(), Some(Attendance::Absent)),
            Ok(Planned::Attendance)
        );
        assert_eq!(attendance(&p, cell(), None), Err(Refusal::Forbidden));
        assert_eq!(
            attendance(&p, cell(), Some(Attendance::Late)),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            mark(&p, cell(), "oral", Some("5"), None),
            Err(Refusal::Forbidden)
        );
        p.facts.leads_class = false;
        assert_eq!(
            attendance(&p, cell(), Some(Attendance::Absent)),
            Err(Refusal::Forbidden)
        );
    }

    #[test]
    fn homework_is_due_by_the_next_lesson_unless_dated() {
        let p = TestPage::new();
        assert_eq!(
            lesson(
                &p,
                (ENTRY, d(11, 10)),
                LessonWrite {
                    work_types: &["oral".into()],
                    has_homework: true,
                    homework_due: None,
                    ..LessonWrite::default()
                }
            ),
            Ok(Planned::Lesson {
                topic: None,
                homework_due: Some(d(11, 12))
            })
        );
        assert_eq!(
            lesson(
                &p,
                (ENTRY, d(11, 10)),
                LessonWrite {
                    work_types: &[],
                    has_homework: true,
                    homework_due: Some(d(11, 20)),
                    ..LessonWrite::default()
                }
            ),
            Ok(Planned::Lesson {
                topic: None,
                homework_due: Some(d(11, 20))
            })
        );
        assert_eq!(
            lesson(
                &p,
                (ENTRY, d(11, 10)),
                LessonWrite {
                    work_types: &[],
                    has_homework: false,
                    homework_due: None,
                    ..LessonWrite::default()
                }
            ),
            Ok(Planned::Lesson {
                topic: None,
                homework_due: None
            })
        );
        assert_eq!(
            lesson(
                &p,
                (ENTRY, d(11, 10)),
                LessonWrite {
                    work_types: &["essay".into()],
                    has_homework: false,
                    homework_due: None,
                    ..LessonWrite::default()
                }
            ),
            Err(Refusal::UnknownWorkType)
        );
        // The last lesson of the page has no next one.
        assert_eq!(due_date(true, None, d(11, 17), p.lesson_days()), None);
    }

    #[test]
    fn a_lesson_later_than_the_schools_today_takes_no_mark_absence_or_topic() {
        // Issue 12: Monday's lesson, with the school's today on the Sunday before.
        let mut p = TestPage::new();
        p.facts.today = d(11, 9);
        let later = Err(Refusal::LessonInFuture);
        assert_eq!(mark(&p, cell(), "oral", Some("5"), None), later);
        assert_eq!(attendance(&p, cell(), Some(Attendance::Absent)), later);
        let topic = LessonWrite {
            topic: Some("Дроби"),
            ..LessonWrite::default()
        };
        assert_eq!(lesson(&p, (ENTRY, d(11, 10)), topic), later);
        // On the lesson's own day it is written.
        p.facts.today = d(11, 10);
        assert!(mark(&p, cell(), "oral", Some("5"), None).is_ok());
        assert!(attendance(&p, cell(), Some(Attendance::Absent)).is_ok());
        assert!(lesson(&p, (ENTRY, d(11, 10)), topic).is_ok());
    }

    #[test]
    fn a_plan_topic_must_be_the_assignments_and_names_an_untitled_lesson() {
        let p = TestPage::new();
        let write = |topic, plan_topic| LessonWrite {
            topic,
            plan_topic,
            ..LessonWrite::default()
        };
        let topic_of = |w| match lesson(&p, (ENTRY, d(11, 10)), w) {
            Ok(Planned::Lesson { topic, .. }) => Ok(topic),
            other => Err(other),
        };
        // R-T4: the plan's title stands in for a topic the teacher did not type.
        assert_eq!(
            topic_of(write(None, Some(PLAN_TOPIC))),
            Ok(Some("Дроби".into()))
        );
        assert_eq!(
            topic_of(write(Some("  "), Some(PLAN_TOPIC))),
            Ok(Some("Дроби".into()))
        );
        assert_eq!(
            topic_of(write(Some(" Дроби: сложение "), Some(PLAN_TOPIC))),
            Ok(Some("Дроби: сложение".into()))
        );
        assert_eq!(topic_of(write(None, None)), Ok(None));
        assert_eq!(
            lesson(
                &p,
                (ENTRY, d(11, 10)),
                write(None, Some(Uuid::from_u128(99)))
            ),
            Err(Refusal::PlanTopicNotInPlan)
        );
    }

    #[test]
    fn after_the_lock_only_a_debt_is_liquidated() {
        let mut p = TestPage::new();
        assert_eq!(
            final_mark(&p, STUDENT, "period", Some("4")),
            Ok(Planned::Final {
                liquidation: false,
                set_on: d(11, 13)
            })
        );
        assert_eq!(
            final_mark(&p, STUDENT, "period", Some("7")),
            Err(Refusal::MarkOutsideScale)
        );
        assert!(final_mark(&p, STUDENT, "period", Some("na")).is_ok());
        p.facts.locked = true;
        assert_eq!(batch(&p, false), Err(Refusal::PeriodLocked));
        assert_eq!(batch(&p, true), Ok(()));
        p.period_final = Some((Some("4"), false));
        assert_eq!(
            final_mark(&p, STUDENT, "period", Some("5")),
            Err(Refusal::PeriodLocked)
        );
        assert!(!final_settable(&p, STUDENT, "period"));
        for debt in [(Some("2"), false), (Some("na"), false), (None, true)] {
            p.period_final = Some(debt);
            assert_eq!(
                final_mark(&p, STUDENT, "period", Some("3")),
                Ok(Planned::Final {
                    liquidation: true,
                    set_on: d(11, 13)
                })
            );
            assert!(final_settable(&p, STUDENT, "period"));
        }
        p.facts.access = PageAccess::Read;
        assert_eq!(
            final_mark(&p, STUDENT, "period", Some("3")),
            Err(Refusal::Forbidden)
        );
        assert!(!final_settable(&p, STUDENT, "period"));
    }

    #[test]
    fn the_page_closes_once_every_student_has_a_period_final() {
        let facts = TestPage::new().facts;
        assert_eq!(closes_by_itself(facts, 25, 24), None);
        assert_eq!(
            closes_by_itself(facts, 25, 25),
            Some(CloseReason::AllFinalsSet)
        );
        assert_eq!(
            closes_by_itself(facts, 0, 0),
            None,
            "an empty page stays open"
        );
        let locked = PageFacts {
            locked: true,
            ..facts
        };
        assert_eq!(closes_by_itself(locked, 25, 25), None, "already closed");
        let no_marks = PageFacts {
            scale: Scale::NoMarks,
            ..facts
        };
        assert_eq!(closes_by_itself(no_marks, 25, 25), None);
        assert_eq!(
            CloseReason::AllFinalsSet.text(),
            "все итоговые отметки выставлены"
        );
    }

    #[test]
    fn the_latest_final_of_a_slot_is_in_force() {
        let rows = [
            ("a", "period", "4"),
            ("b", "period", "5"),
            ("a", "period", "5"),
            ("a", "year", "4"),
        ];
        assert_eq!(
            in_force(&rows, |r| (r.0, r.1)),
            vec![false, true, true, true]
        );
        assert_eq!(
            final_in_force(&rows, |r| r.0 == "a" && r.1 == "period").map(|r| r.2),
            Some("5")
        );
        assert_eq!(final_in_force(&rows, |r| r.0 == "c"), None);
    }

    #[test]
    fn a_mark_typed_after_a_missed_lesson_is_a_make_up_of_today() {
        assert_eq!(make_up_date(true, d(11, 10), d(11, 13)), Some(d(11, 13)));
        assert_eq!(make_up_date(true, d(11, 13), d(11, 13)), None, "same day");
        assert_eq!(make_up_date(false, d(11, 10), d(11, 13)), None);
    }
}
