//! The class journal: a page is one teaching assignment (class-or-group × subject × teacher) in one
//! period (R-J1–R-J7, R-F1–R-F6). `GET /journal/{assignment_id}/{period_id}` returns the whole page
//! with its version in `ETag`; `POST` the same path with `If-Match` saves a batch of cell changes
//! atomically, or answers 412 with nothing written (R-J7).

use chrono::{DateTime, NaiveDate, Utc};
use journal_domain::journal::{self, Attendance, Planned, Refusal};
use journal_domain::marks::{Forecast, Scale, Thresholds};
use journal_domain::timetable::ChangeKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

/// A work type of the school with its weight (R-J2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkTypeView {
    pub code: String,
    pub name: String,
    /// The weight in the average, e.g. 2.0 for a control work.
    pub weight: f64,
    pub archived: bool,
}

/// The period of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PagePeriod {
    pub id: Uuid,
    /// `quarter`, `trimester` or `half`.
    pub kind: String,
    pub number: u8,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// One lesson column of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageLesson {
    pub entry_id: Uuid,
    /// The lesson's identity date (see `Lesson.scheduled_date`).
    pub lesson_date: NaiveDate,
    /// When it takes place (a moved lesson: the move's target).
    pub held_on: NaiveDate,
    pub lesson_number: u8,
    /// The kind of change, when the deputy registered one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeKind>,
    pub conducted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_topic_id: Option<Uuid>,
    pub work_types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homework: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homework_due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homework_note: Option<String>,
    /// Whether the caller may write this lesson's column (their own lesson, or one they cover).
    pub writable: bool,
    /// Whether attendance was taken at the lesson (R-R1): an absence or lateness recorded, or
    /// «все присутствуют» confirmed.
    #[serde(default)]
    pub attendance_taken: bool,
}

/// A mark in a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkCell {
    pub entry_id: Uuid,
    pub lesson_date: NaiveDate,
    pub work_type: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was given: after the lesson for a make-up of a missed topic (R-J4).
    pub given_on: NaiveDate,
}

/// An absence or lateness in a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceCell {
    pub entry_id: Uuid,
    pub lesson_date: NaiveDate,
    pub status: Attendance,
    /// `illness`, `excused` or `unexcused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A final mark; a later one of the same kind supersedes it, which stays in the history (R-F4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalView {
    /// `period`, `year`, `exam` or `final`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    /// A mark of the scale, `na` (Н/А) or `exempt` («осв.»); none while deferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_until: Option<NaiveDate>,
    /// A liquidated academic debt (R-F4).
    pub liquidation: bool,
    pub set_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The final in force (the latest of its kind).
    pub current: bool,
}

/// One student row of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageStudent {
    pub id: Uuid,
    pub name: String,
    pub marks: Vec<MarkCell>,
    pub attendance: Vec<AttendanceCell>,
    pub forecast: Forecast,
    pub finals: Vec<FinalView>,
}

/// A close or reopen of the page (R-F2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockView {
    /// `close` or `reopen`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// `GET /api/v1/journal/{assignment_id}/{period_id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalPage {
    pub assignment_id: Uuid,
    pub class_id: Uuid,
    pub class_name: String,
    /// The group, for a page of a subgroup, a stream or an individual plan (R-B3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_id: Uuid,
    pub subject_name: String,
    pub teacher_id: Uuid,
    pub teacher_name: String,
    pub period: PagePeriod,
    pub scale: Scale,
    pub work_types: Vec<WorkTypeView>,
    pub thresholds: Thresholds,
    /// The school's minimum number of marks for a period mark: fewer flags `too_few_marks` in the
    /// forecast (R-F6). The SPA recomputes forecasts with it while marks are being entered.
    #[serde(default)]
    pub min_marks: u16,
    /// The page's version; the same value is the `ETag`.
    pub version: i32,
    /// Closed for writing (R-F2).
    pub locked: bool,
    /// What the caller may do with the page: `keep` it (marks, finals, closing) or `read` it
    /// (and write only the lessons they cover, R-T2).
    pub access: journal_domain::page::PageAccess,
    /// The caller leads the page's class: sets absence reasons in every subject (R-J3, R-A5).
    pub leads_class: bool,
    pub locks: Vec<LockView>,
    pub lessons: Vec<PageLesson>,
    pub students: Vec<PageStudent>,
}

fn check_mark_kind(kind: &str) -> Result<(), ValidationError> {
    match kind {
        "period" | "year" | "exam" | "final" => Ok(()),
        _ => Err(ValidationError::new("final_kind")),
    }
}

/// One change in a `POST /journal/{assignment_id}/{period_id}` batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CellChange {
    /// Set (`value`) or remove (no `value`) a student's mark for a work type in a lesson.
    Mark {
        entry_id: Uuid,
        lesson_date: NaiveDate,
        student_id: Uuid,
        #[cfg_attr(feature = "openapi", schema(max_length = 32))]
        work_type: String,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 16))]
        value: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        comment: Option<String>,
        /// For a make-up after the lesson (R-J4): when the mark was given.
        #[serde(default)]
        given_on: Option<NaiveDate>,
    },
    /// Mark a student absent or late in a lesson (`status`), or present (no `status`).
    Attendance {
        entry_id: Uuid,
        lesson_date: NaiveDate,
        student_id: Uuid,
        #[serde(default)]
        status: Option<Attendance>,
        #[serde(default)]
        #[cfg_attr(
            feature = "openapi",
            schema(pattern = r"^(?:illness|excused|unexcused)$")
        )]
        reason: Option<String>,
    },
    /// What the lesson did (R-J1).
    Lesson {
        entry_id: Uuid,
        lesson_date: NaiveDate,
        conducted: bool,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        topic: Option<String>,
        #[serde(default)]
        plan_topic_id: Option<Uuid>,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_items = 12))]
        work_types: Vec<String>,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
        homework: Option<String>,
        #[serde(default)]
        homework_due: Option<NaiveDate>,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
        homework_note: Option<String>,
        /// Attendance was taken at the lesson: everyone not marked absent or late was present
        /// («все присутствуют»), R-R1. Once taken it stays taken; recording any absence or
        /// lateness of the lesson takes it too.
        #[serde(default)]
        attendance_taken: bool,
    },
    /// A final of the student in this subject: `period` (this page's period), `year`, `exam` or
    /// `final`; a value or a deferral (R-F1, R-F3). After the lock, only as a debt liquidation.
    Final {
        student_id: Uuid,
        #[cfg_attr(feature = "openapi", schema(pattern = r"^(?:period|year|exam|final)$"))]
        final_kind: String,
        #[serde(default)]
        value: Option<String>,
        #[serde(default)]
        deferred_until: Option<NaiveDate>,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        comment: Option<String>,
    },
}

impl CellChange {
    /// The journal write decision for this change (`journal_domain::journal`): refused with its
    /// code, or what it writes. The server's save and the SPA's grid both decide through here.
    pub fn decide(&self, page: &impl journal::Page) -> Result<Planned, Refusal> {
        match self {
            CellChange::Mark {
                entry_id,
                lesson_date,
                student_id,
                work_type,
                value,
                given_on,
                ..
            } => journal::mark(
                page,
                (*entry_id, *lesson_date, *student_id),
                work_type,
                value.as_deref(),
                *given_on,
            ),
            CellChange::Attendance {
                entry_id,
                lesson_date,
                student_id,
                status,
                ..
            } => journal::attendance(page, (*entry_id, *lesson_date, *student_id), *status),
            CellChange::Lesson {
                entry_id,
                lesson_date,
                topic,
                plan_topic_id,
                work_types,
                homework,
                homework_due,
                ..
            } => journal::lesson(
                page,
                (*entry_id, *lesson_date),
                journal::LessonWrite {
                    topic: topic.as_deref(),
                    plan_topic: *plan_topic_id,
                    work_types,
                    has_homework: homework.as_deref().is_some_and(|h| !h.trim().is_empty()),
                    homework_due: *homework_due,
                },
            ),
            CellChange::Final {
                student_id,
                final_kind,
                value,
                ..
            } => journal::final_mark(page, *student_id, final_kind, value.as_deref()),
        }
    }

    /// The field-level checks of one change; scale and membership are checked by the server.
    pub fn check(&self) -> Result<(), ValidationError> {
        let short =
            |s: &Option<String>, max: usize| s.as_ref().is_none_or(|t| t.chars().count() <= max);
        let ok = match self {
            CellChange::Mark {
                comment,
                value,
                work_type,
                ..
            } => short(comment, 500) && short(value, 16) && work_type.chars().count() <= 32,
            CellChange::Attendance { status, reason, .. } => {
                reason
                    .as_deref()
                    .is_none_or(|r| matches!(r, "illness" | "excused" | "unexcused"))
                    && (status.is_some() || reason.is_none())
            }
            CellChange::Lesson {
                topic,
                homework,
                homework_note,
                work_types,
                ..
            } => {
                short(topic, 500)
                    && short(homework, 4000)
                    && short(homework_note, 1000)
                    && work_types.len() <= 12
            }
            CellChange::Final {
                final_kind,
                value,
                deferred_until,
                comment,
                ..
            } => {
                check_mark_kind(final_kind).is_ok()
                    && short(comment, 500)
                    && (value.is_some() != deferred_until.is_some())
            }
        };
        if ok {
            Ok(())
        } else {
            Err(ValidationError::new("invalid_change"))
        }
    }
}

fn check_changes(changes: &[CellChange]) -> Result<(), ValidationError> {
    changes.iter().try_for_each(CellChange::check)
}

/// `POST /api/v1/journal/{assignment_id}/{period_id}` with `If-Match: "<version>"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveCells {
    #[validate(length(min = 1, max = 2000), custom(function = "check_changes"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 2000))]
    pub changes: Vec<CellChange>,
}

/// `POST /api/v1/journal/{assignment_id}/{period_id}/close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClosePage {
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// `POST /api/v1/journal/{assignment_id}/{period_id}/reopen`: deputy or director, with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReopenPage {
    #[validate(length(min = 3, max = 500))]
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 500))]
    pub reason: String,
    /// Reopened until the end of this day; for good without it.
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        Err(ValidationError::new("blank"))
    } else {
        Ok(())
    }
}

/// `POST /api/v1/journal/close`: close a period for every page of a class — its own and those of
/// the groups drawing from it — or, without `class_id`, of the whole school (R-F2). The deputy or
/// the director.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkClose {
    pub period_id: Uuid,
    /// The class; the whole school without it.
    #[serde(default)]
    pub class_id: Option<Uuid>,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// `POST /api/v1/journal/reopen`: reopen a period for every closed page of a class, or of the
/// whole school, with a reason, for good or until a date (R-F2). The deputy or the director.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkReopen {
    pub period_id: Uuid,
    /// The class; the whole school without it.
    #[serde(default)]
    pub class_id: Option<Uuid>,
    #[validate(length(min = 1, max = 500), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 500,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub reason: String,
    /// Reopened until the end of this day; for good without it. A day before today refuses the
    /// whole request (`422 reopen_until_past`).
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

/// One page of a bulk close or reopen: the teaching assignment in the request's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkLockPage {
    pub assignment_id: Uuid,
    /// The assignment's class (a stream's first class for a stream).
    pub class_id: Uuid,
    pub class_name: String,
    /// The group taught, when not the whole class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_name: String,
    pub teacher_name: String,
}

/// A page a bulk close or reopen left as it was, and why: `period_already_closed`,
/// `period_not_closed`, `year_archived`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkLockSkip {
    pub page: BulkLockPage,
    pub code: crate::ErrorCode,
}

/// The answer of `POST /journal/close` and `POST /journal/reopen`: the pages closed (or reopened)
/// and those left as they were, by class, subject and teacher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkLockResult {
    pub done: Vec<BulkLockPage>,
    pub skipped: Vec<BulkLockSkip>,
}

/// One change in the history of a page or a cell (R-P4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryItem {
    pub at: DateTime<Utc>,
    /// e.g. `journal.mark`, `journal.attendance`, `journal.final`, `journal.close`, `journal.reopen`.
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
}

/// `GET /api/v1/journal/{assignment_id}/{period_id}/history`: narrow to one cell with these.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct HistoryFilter {
    #[serde(default)]
    pub student_id: Option<Uuid>,
    #[serde(default)]
    pub entry_id: Option<Uuid>,
    #[serde(default)]
    pub lesson_date: Option<NaiveDate>,
}

/// A subject's mark scale in one grade (R-J2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubjectScale {
    pub subject_id: Uuid,
    #[validate(range(min = 1, max = 11))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 11))]
    pub grade: u8,
    pub scale: Scale,
}

/// `GET /api/v1/journal-settings`: how the school's journal marks (R-J2, R-F2, R-F6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalSettings {
    pub thresholds: Thresholds,
    /// The fewest marks for a period mark; fewer flag the student (R-F6).
    pub min_marks_per_period: u8,
    /// Pages lock this many days after their period ends; never without it (R-F2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_lock_days: Option<u16>,
    /// The largest homework file, in KiB.
    pub homework_file_kib: u32,
    pub work_types: Vec<WorkTypeView>,
    /// Scales set explicitly; elsewhere grade 1 has no marks and other grades five points.
    pub scales: Vec<SubjectScale>,
}

/// `PUT /api/v1/journal-settings`: deputy or director.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JournalSettingsInput {
    pub thresholds: Thresholds,
    #[validate(range(min = 0, max = 20))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 20))]
    pub min_marks_per_period: u8,
    #[serde(default)]
    #[validate(range(min = 0, max = 60))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 60))]
    pub auto_lock_days: Option<u16>,
    /// The largest homework file, in KiB (at most 5 MiB); unchanged without it.
    #[serde(default)]
    #[validate(range(min = 16, max = 5120))]
    #[cfg_attr(feature = "openapi", schema(minimum = 16, maximum = 5120))]
    pub homework_file_kib: Option<u32>,
}

/// `PUT /api/v1/work-types/{code}`: add or change a work type (deputy or director).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkTypeInput {
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// 0.1 – 10.0, one decimal.
    #[validate(range(min = 0.1, max = 10.0))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0.1, maximum = 10.0))]
    pub weight: f64,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub position: Option<u8>,
}

/// One student's line of the summary sheet: their finals in force per subject (R-F5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryLine {
    pub student_id: Uuid,
    pub name: String,
    pub finals: Vec<SummaryFinal>,
}

/// A final in force on the summary sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryFinal {
    pub subject_id: Uuid,
    /// `period`, `year`, `exam` or `final`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_until: Option<NaiveDate>,
    pub liquidation: bool,
}

/// `GET /api/v1/classes/{id}/finals`: the summary sheet of final marks of a class (R-F5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummarySheet {
    pub class_id: Uuid,
    pub class_name: String,
    /// The subjects taught to the class this year, in Russian order.
    pub subjects: Vec<SummarySubject>,
    pub periods: Vec<PagePeriod>,
    pub students: Vec<SummaryLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummarySubject {
    pub id: Uuid,
    pub name: String,
}

/// A file given with a lesson's homework (R-J1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeworkFile {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub uploaded_at: DateTime<Utc>,
}

/// `POST /api/v1/lessons/{entry_id}/{date}/files?name=…`: the file's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct FileName {
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 200))]
    pub name: String,
}

/// `GET /api/v1/classes/{class_id}/printed-journal`: the printed journal of one period, or of the
/// whole year without `period_id` (R-P1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PrintedJournalQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
}

/// How a sheet is answered: JSON (the default) or a PDF to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    #[default]
    Json,
    Pdf,
}

/// `GET /api/v1/classes/{class_id}/finals?format=pdf`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    /// `json` (the default) or `pdf`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: SheetFormat,
}
