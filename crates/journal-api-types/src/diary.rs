//! The diary of a student for guardians, students and their teachers (R-D1, R-D2, R-D5, R-D7):
//! `GET /students/{id}/diary` (a week by default), `GET /students/{id}/results` (a period),
//! acknowledgements, the class teacher's acknowledgement sheet, consents and diary accounts.

use crate::journal::{HomeworkFile, PagePeriod};
use crate::structure::HolidayInput;
use crate::timetable::Lesson;
use chrono::{DateTime, NaiveDate, Utc};
use journal_domain::marks::{Forecast, Scale};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// One of the caller's students: a guardian's children, or the student themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyStudent {
    pub id: Uuid,
    /// «Фамилия Имя».
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    /// E.g. `7А`; empty when the student is in no class.
    pub class_name: String,
}

/// `GET /students/{id}/diary`: a span of at most 31 days; without dates, the week holding today.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DiaryQuery {
    /// The first day; a week starting on its Monday when `to` is not given. Not after `to`; the
    /// span holds at most 31 days (else `400 invalid_span`).
    pub from: Option<NaiveDate>,
    /// The last day.
    pub to: Option<NaiveDate>,
}

/// A mark as the diary shows it: with its work type, weight and the teacher's comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiaryMark {
    pub work_type: String,
    /// E.g. «Контрольная работа».
    pub work_type_name: String,
    pub weight: f64,
    /// `5`, `зч`, `нз`, `у`, `ну`…
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The day it was given: later than the lesson for a make-up mark (R-J4).
    pub given_on: NaiveDate,
}

/// An absence or lateness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiaryAttendance {
    pub status: journal_domain::journal::Attendance,
    /// `illness`, `excused` or `unexcused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One lesson of the student's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiaryLesson {
    /// Number, time, subject, teacher, room, the change (substitution, cancellation, move), topic
    /// and homework text.
    pub lesson: Lesson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homework_due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homework_note: Option<String>,
    /// Homework attachments: download with `GET /files/{id}`.
    pub files: Vec<HomeworkFile>,
    pub marks: Vec<DiaryMark>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<DiaryAttendance>,
}

/// A day of the diary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiaryDay {
    pub date: NaiveDate,
    /// The holiday the day falls in, e.g. «Осенние каникулы».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
    pub lessons: Vec<DiaryLesson>,
}

/// A teacher of the class and what they teach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiaryTeacher {
    pub teacher_id: Uuid,
    pub teacher_name: String,
    pub subject_name: String,
}

/// A planned control work of the class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiaryControlWork {
    pub date: NaiveDate,
    pub subject_name: String,
    pub title: String,
}

/// A guardian's acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcknowledgementView {
    /// `week` or `period`.
    pub kind: String,
    pub span_start: NaiveDate,
    pub span_end: NaiveDate,
    pub guardian_id: Uuid,
    pub guardian_name: String,
    pub at: DateTime<Utc>,
    /// The caller's own acknowledgement (a guardian reading their child's diary).
    #[serde(default)]
    pub mine: bool,
}

/// `GET /students/{id}/diary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Diary {
    pub student: MyStudent,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every day of the span, lessons in order; a day without lessons has none.
    pub days: Vec<DiaryDay>,
    /// Control works of the class in the span and the four weeks after it.
    pub control_works: Vec<DiaryControlWork>,
    /// The holidays of the student's year.
    pub holidays: Vec<HolidayInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_teacher_name: Option<String>,
    pub teachers: Vec<DiaryTeacher>,
    /// Acknowledgements of the week(s) of the span.
    pub acknowledgements: Vec<AcknowledgementView>,
}

/// `GET /students/{id}/results`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ResultsQuery {
    /// Default: the period holding today, else the latest one begun.
    pub period_id: Option<Uuid>,
}

/// A final as families see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultFinal {
    /// `period`, `year`, `exam` or `final`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_until: Option<NaiveDate>,
    /// A debt liquidated after the lock (R-F4).
    pub liquidation: bool,
    pub set_on: NaiveDate,
}

/// A dated mark in the period view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultMark {
    pub lesson_date: NaiveDate,
    #[serde(flatten)]
    pub mark: DiaryMark,
}

/// One subject of the period view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectResult {
    pub subject_id: Uuid,
    pub subject_name: String,
    pub teacher_name: String,
    pub scale: Scale,
    pub marks: Vec<ResultMark>,
    /// The weighted average and the forecast, as in the journal (R-F6).
    pub forecast: Forecast,
    /// The finals in force for this period and the year (R-D7).
    pub finals: Vec<ResultFinal>,
    /// Lessons missed in the period.
    pub absences: u32,
}

/// `GET /students/{id}/results`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Results {
    pub student: MyStudent,
    pub period: PagePeriod,
    /// The periods of the student's grade this year, to switch between.
    pub periods: Vec<PagePeriod>,
    pub subjects: Vec<SubjectResult>,
    pub acknowledgements: Vec<AcknowledgementView>,
}

/// `POST /students/{id}/acknowledgements`: a week (any day of it) or a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Acknowledge {
    Week { week_of: NaiveDate },
    Period { period_id: Uuid },
}

/// Nothing to check beyond its shape (its dates are checked at the edge like every date).
impl Validate for Acknowledge {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

/// `GET /classes/{id}/acknowledgements`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementSheetQuery {
    /// Any day of the week; default today.
    pub week_of: Option<NaiveDate>,
    /// Who has not signed in for this many days (default 14).
    #[validate(range(min = 1, max = 365))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 365))]
    pub inactive_days: Option<u16>,
}

/// A guardian on the class teacher's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetGuardian {
    pub guardian_id: Uuid,
    pub name: String,
    /// `mother`, `father` or `guardian`.
    pub relation: String,
    /// Whether the guardian has a diary account.
    pub has_account: bool,
    /// `given`, `refused` or absent when nothing is registered (R-D5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<DateTime<Utc>>,
    /// Has an account and has not signed in for `inactive_days` (or never).
    pub inactive: bool,
    /// When the guardian acknowledged the week, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// A student's line on the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetStudent {
    pub student_id: Uuid,
    pub name: String,
    pub guardians: Vec<SheetGuardian>,
}

/// Which guardians acknowledged a week, and who has not signed in lately (R-D2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcknowledgementSheet {
    pub class_id: Uuid,
    pub class_name: String,
    pub week_start: NaiveDate,
    pub inactive_days: u16,
    pub students: Vec<SheetStudent>,
}

/// `POST /guardians/{id}/consents`: a signed consent or refusal (R-D5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// `given` or `refused`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(?:given|refused)$"))]
    pub decision: String,
    pub decided_on: NaiveDate,
    /// The document's reference, e.g. «Заявление № 14 от 01.09.2025».
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub document: String,
}

/// A registered consent or refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentView {
    pub decision: String,
    pub decided_on: NaiveDate,
    pub document: String,
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
    /// The newest decision is in force.
    pub in_force: bool,
}

/// `POST /guardians/{id}/account` and `POST /students/{id}/account`: the login of the new diary
/// account; its one-time password is returned once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DiaryAccountInput {
    #[validate(length(min = 3, max = 64))]
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 64))]
    pub login: String,
}

/// The account made, with its one-time password (R-S1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiaryAccount {
    pub user_id: Uuid,
    pub login: String,
    pub one_time_password: String,
    pub expires_at: DateTime<Utc>,
}

/// `GET /students/{id}/extract`: a printed extract of marks and attendance for a span of up to
/// 93 days (R-D6), as a PDF or a printable HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ExtractQuery {
    /// The first day: not after `to`; the span holds at most 93 days (else `400 invalid_span`).
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// `pdf` (default) or `html`.
    #[cfg_attr(feature = "openapi", param(pattern = r"^(?:pdf|html)$"))]
    pub format: Option<String>,
}

/// Who a person of a class's diary access is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    Guardian,
    Student,
}

/// Where a person's diary account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStage {
    /// No account yet.
    None,
    /// An account whose one-time password has not yet been replaced: the slip is still to be used
    /// (or was lost).
    Waiting,
    /// The person has set their own password.
    Active,
}

/// One guardian or student (from 14) of a class and their diary access (R-S1, R-D5, R-A3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessPerson {
    /// The guardian or student record.
    pub id: Uuid,
    pub kind: AccessKind,
    /// «Фамилия Имя Отчество».
    pub name: String,
    /// A guardian's children in this class («Иванов Пётр»); empty for a student.
    pub children: Vec<String>,
    pub login: Option<String>,
    pub account: AccountStage,
    /// Why no account can be issued now: `consent_missing`, `consent_refused` or `too_young`.
    pub refused: Option<crate::ErrorCode>,
}

/// `GET /classes/{id}/diary-access`: the class's guardians and students and their diary access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassAccess {
    pub class_id: Uuid,
    pub class_name: String,
    /// Guardians first, then students; each in Russian alphabetical order.
    pub people: Vec<AccessPerson>,
}

/// `POST /classes/{id}/diary-access`: whom to give access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IssueAccess {
    /// Guardian and student ids of the class. Empty: everyone of the class who may have an account
    /// and has none. A listed person who has an account gets a new one-time password, and the old
    /// password (and every session) stops working: a lost slip is re-issued this way.
    #[serde(default)]
    #[validate(length(max = 300))]
    #[cfg_attr(feature = "openapi", schema(max_items = 300))]
    pub people: Vec<Uuid>,
}

/// A slip to hand over: who, the login and the one-time password (R-S1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slip {
    pub person_id: Uuid,
    pub kind: AccessKind,
    pub name: String,
    /// A guardian's children in the class.
    pub children: Vec<String>,
    pub login: String,
    pub one_time_password: String,
    pub expires_at: DateTime<Utc>,
    /// An existing account got a new password (the old slip no longer works).
    pub reissued: bool,
}

/// A person of the class who got no slip, and why: `consent_missing`, `consent_refused`,
/// `too_young` or `not_found` (a named id that is no guardian or student of the class).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkippedPerson {
    pub person_id: Uuid,
    pub name: String,
    pub code: crate::ErrorCode,
}

/// The answer of `POST /classes/{id}/diary-access`: the slips, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedAccess {
    pub school_name: String,
    pub class_name: String,
    pub slips: Vec<Slip>,
    pub skipped: Vec<SkippedPerson>,
}

/// One slip to print: the person and the one-time password from the issue's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlipPassword {
    /// A guardian or student of the class with an account.
    pub person_id: Uuid,
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub one_time_password: String,
}

/// `POST /classes/{id}/diary-access/slips`: slips to typeset as a PDF to print and cut. The
/// server keeps no one-time password, so the passwords come back from the issue's answer; the
/// names, children and logins are read from the class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlipsInput {
    /// The address people open to sign in, as the school gives it (`https://journal.school.ru`).
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub site: String,
    #[validate(length(min = 1, max = 300), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 300))]
    pub slips: Vec<SlipPassword>,
}
