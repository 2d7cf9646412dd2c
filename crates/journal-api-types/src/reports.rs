//! The control reports (R-R1, R-R3, R-R4, R-R9): what the deputy, the director, the class teacher
//! and the teacher read every week. Every report is a JSON read; `format=csv` or `format=xlsx`
//! answers the same figures as a file. The arithmetic is `journal_domain::reports`, so the figures
//! here are the ones the SPA would compute.

use chrono::{NaiveDate, NaiveDateTime};
pub use journal_domain::reports::achievement::{Standings, Tally};
pub use journal_domain::reports::attendance::Absences;
pub use journal_domain::reports::filling::Filling;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// How a report is answered: JSON (the default), or a file with the same figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    #[default]
    Json,
    /// UTF-8 with a BOM, `;`-separated, decimal commas: what Russian Excel opens.
    Csv,
    Xlsx,
    /// The tables typeset for printing (A4 landscape).
    Pdf,
}

/// The filters of the journal-keeping control (R-R1) and of attendance (R-R4): a span of days
/// (at most 400) and optionally one class, subject or teacher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SpanFilter {
    /// First day: not after `to` (else `400 invalid_span`).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher_id: Option<Uuid>,
    /// `json` (the default), `csv`, `xlsx` or `pdf`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: ReportFormat,
}

/// The filters of achievement (R-R3): a period, or the year's finals (`year_id`), and optionally
/// one class, subject or teacher. Exactly one of `period_id` and `year_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PeriodFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    /// The year's finals instead of a period's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher_id: Option<Uuid>,
    /// `json` (the default), `csv`, `xlsx` or `pdf`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: ReportFormat,
}

/// The figures computed from a [`Tally`]: per cent to one decimal, the average to two; `null`
/// when nobody is counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// «Успеваемость»: finals 3, 4, 5, «зачёт» over students counted.
    pub success: Option<f64>,
    /// «Качество»: 4 and 5 over students with a five-point final or Н/А.
    pub quality: Option<f64>,
    /// СОУ: 5 → 100 %, 4 → 64 %, 3 → 36 %, 2 → 16 %, Н/А → 7 %.
    pub sou: Option<f64>,
    /// The mean five-point final.
    pub average: Option<f64>,
}

impl Figures {
    pub fn of(t: &Tally) -> Figures {
        Figures {
            success: t.success(),
            quality: t.quality(),
            sou: t.sou(),
            average: t.average(),
        }
    }
}

/// A student named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudentRef {
    pub student_id: Uuid,
    /// «Фамилия Имя».
    pub name: String,
}

/// A journal page named in a report: a teacher's class-or-group × subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageRef {
    pub assignment_id: Uuid,
    pub class_id: Uuid,
    pub class_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_id: Uuid,
    pub subject_name: String,
    pub teacher_id: Uuid,
    pub teacher_name: String,
}

/// A teacher named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherRef {
    pub teacher_id: Uuid,
    pub teacher_name: String,
}

// ---------------------------------------------------------------------------------------------
// Journal-keeping control (R-R1, R-J5)

/// What is wrong with one held lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LessonGap {
    NoTopic,
    NoHomework,
    NoAttendance,
    LateMarks,
    LateTopic,
    LateHomework,
}

/// A held lesson with its gaps: what a figure of the control report opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GapLesson {
    pub entry_id: Uuid,
    /// The day it was held.
    pub date: NaiveDate,
    pub lesson_number: u8,
    /// The teacher who gave it (the substitute, for a substituted lesson).
    pub teacher_id: Uuid,
    pub teacher_name: String,
    pub gaps: Vec<LessonGap>,
}

/// One page's line of the control report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ControlLine {
    pub page: PageRef,
    /// The period the span's last day falls in, to open the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    /// Whether the page is taught with marks (else the mark shares are empty).
    pub with_marks: bool,
    pub filling: Filling,
    /// Share of students without a mark in the span, per cent.
    pub without_marks_share: Option<f64>,
    /// Share of students with a single mark in the span, per cent.
    pub one_mark_share: Option<f64>,
    /// Share of held lessons with a topic, per cent.
    pub topics_share: Option<f64>,
    /// Held lessons with a gap or a late entry.
    pub lessons: Vec<GapLesson>,
    pub students_without_marks: Vec<StudentRef>,
    pub students_with_one_mark: Vec<StudentRef>,
}

/// One teacher's line: their pages added up, and their last entry anywhere in the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherControl {
    pub teacher: TeacherRef,
    pub filling: Filling,
    pub without_marks_share: Option<f64>,
    pub one_mark_share: Option<f64>,
    pub topics_share: Option<f64>,
    /// The teacher's last mark, attendance or lesson entry (school-local time), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_entry_at: Option<NaiveDateTime>,
}

/// Guardians' and students' activity in a class over the span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyActivity {
    pub class_id: Uuid,
    pub class_name: String,
    pub students: u32,
    /// Students who signed in during the span.
    pub students_signed_in: u32,
    /// Guardians linked to the class's students.
    pub guardians: u32,
    pub guardians_signed_in: u32,
    /// Guardians who acknowledged a week or period of the span (R-D2).
    pub guardians_acknowledged: u32,
}

/// `GET /reports/journal-control`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalControl {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The school's today the report was computed with.
    pub today: NaiveDate,
    pub pages: Vec<ControlLine>,
    pub teachers: Vec<TeacherControl>,
    pub families: Vec<FamilyActivity>,
}

// ---------------------------------------------------------------------------------------------
// Achievement (R-R3)

/// One page's line of achievement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AchievementLine {
    pub page: PageRef,
    pub tally: Tally,
    pub figures: Figures,
}

/// A student and the subject of their single 3 or single 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudentSubject {
    pub student: StudentRef,
    pub subject_name: String,
}

/// A failing final and the topics of the lessons the student got a 2 (or 1) in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailedSubject {
    pub subject_name: String,
    /// `2`, `1`, `fail`, `not_mastered` or `na`.
    pub value: String,
    pub topics: Vec<String>,
}

/// A student with a failing final.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailingStudent {
    pub student: StudentRef,
    pub subjects: Vec<FailedSubject>,
}

/// A class's achievement over its students.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassAchievement {
    pub class_id: Uuid,
    pub class_name: String,
    /// All the class's finals of the period.
    pub tally: Tally,
    pub figures: Figures,
    /// Students by standing.
    pub standings: Standings,
    /// «Успеваемость» over students: without a failing final.
    pub success: Option<f64>,
    /// «Качество» over students: отличники and хорошисты.
    pub quality: Option<f64>,
    pub excellent: Vec<StudentRef>,
    pub good: Vec<StudentRef>,
    pub single_three: Vec<StudentSubject>,
    pub single_four: Vec<StudentSubject>,
    pub failing: Vec<FailingStudent>,
}

/// A teacher's pages added up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherAchievement {
    pub teacher: TeacherRef,
    pub tally: Tally,
    pub figures: Figures,
}

/// `GET /reports/achievement`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Achievement {
    /// The period, or `null` for the year's finals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    pub year_id: Uuid,
    /// The day the roster is taken on: the period's (or year's) last day.
    pub roster_on: NaiveDate,
    pub pages: Vec<AchievementLine>,
    pub classes: Vec<ClassAchievement>,
    pub teachers: Vec<TeacherAchievement>,
    /// The whole report's finals.
    pub total: Tally,
    pub total_figures: Figures,
}

// ---------------------------------------------------------------------------------------------
// Attendance (R-R4)

/// The filters of attendance (R-R4): a span (at most 400 days), optionally one class, or one
/// student (then the lessons they missed are listed with their topics, for catching up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AttendanceFilter {
    /// First day: not after `to` (else `400 invalid_span`).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    /// One student: their missed lessons with topics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_id: Option<Uuid>,
    /// `json` (the default), `csv`, `xlsx` or `pdf`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: ReportFormat,
}

/// A class's absences in one month of the span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthAbsences {
    /// `YYYY-MM`.
    pub month: String,
    pub absences: Absences,
}

/// One student's absences over the span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudentAbsences {
    pub student: StudentRef,
    pub absences: Absences,
}

/// A class's attendance: by month, per student (the summary sheet), and in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassAttendance {
    pub class_id: Uuid,
    pub class_name: String,
    /// Lessons held for the class in the span (its own and its groups').
    pub lessons_held: u32,
    pub total: Absences,
    pub months: Vec<MonthAbsences>,
    pub students: Vec<StudentAbsences>,
}

/// A lesson a student missed, with its topic to catch up on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissedLesson {
    pub entry_id: Uuid,
    pub date: NaiveDate,
    pub lesson_number: u8,
    pub subject_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homework: Option<String>,
    /// `absent` or `late`.
    pub status: String,
    /// `illness`, `excused`, `unexcused`, or none yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /reports/attendance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub classes: Vec<ClassAttendance>,
    /// With `student_id`: the lessons the student missed or came late to, in date order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<StudentRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missed: Vec<MissedLesson>,
}

// ---------------------------------------------------------------------------------------------
// Control-work results (R-R9)

/// One class's results of a control work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ControlWorkResult {
    pub control_work_id: Uuid,
    pub date: NaiveDate,
    pub title: String,
    pub class_id: Uuid,
    pub class_name: String,
    /// The teacher of the subject in the class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher: Option<TeacherRef>,
    /// Students of the class on the day; those without a mark are `tally.missing`.
    pub students: u32,
    pub tally: Tally,
    pub figures: Figures,
}

/// A control work compared across the classes that wrote it: one subject and grade, one title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ControlWorkGroup {
    pub subject_id: Uuid,
    pub subject_name: String,
    pub grade: u8,
    pub title: String,
    pub classes: Vec<ControlWorkResult>,
    pub total: Tally,
    pub total_figures: Figures,
}

/// `GET /reports/control-works`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ControlWorksReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub works: Vec<ControlWorkGroup>,
}

// ---------------------------------------------------------------------------------------------
// The class teacher's reports (R-R7)

/// Which class report: the period's finals, or the forecasts before the period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClassReportKind {
    /// Each student's finals of the period (the period report).
    #[default]
    Period,
    /// Each student's forecast from the current marks (the preliminary report, R-F6).
    Preliminary,
}

/// `GET /reports/class/{class_id}`: a period of the class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ClassReportQuery {
    pub period_id: Uuid,
    /// `period` (the default) or `preliminary`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub kind: ClassReportKind,
    /// `json` (the default), `csv`, `xlsx` or `pdf`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: ReportFormat,
}

/// A subject (column) of the class report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectRef {
    pub subject_id: Uuid,
    pub subject_name: String,
}

/// One student's line: a value per subject (in the order of `subjects`), the average, absences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassReportRow {
    pub student: StudentRef,
    /// The final (`5`…`1`, `pass`, `fail`, `na`, `exempt`) or the forecast mark, per subject;
    /// `null` where there is none (or the student does not study it).
    pub values: Vec<Option<String>>,
    /// Per subject: the forecast flags the student as at risk (R-F6); the period report leaves
    /// them all `false`.
    pub at_risk: Vec<bool>,
    /// The mean of the five-point values, to two decimals.
    pub average: Option<f64>,
    /// Absences in the period (to its last day or today).
    pub absences: Absences,
}

/// `GET /reports/class/{class_id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassReport {
    pub class_id: Uuid,
    pub class_name: String,
    pub period_id: Uuid,
    pub kind: ClassReportKind,
    pub subjects: Vec<SubjectRef>,
    pub students: Vec<ClassReportRow>,
    /// The class results (achievement of the period's finals); the preliminary report has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<ClassAchievement>,
}

// ---------------------------------------------------------------------------------------------
// Curriculum completion (R-R5)

pub use journal_domain::reports::curriculum::Completion;

/// One page's planned and held lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletionLine {
    pub page: PageRef,
    /// Hours a week of the teaching assignment.
    pub hours_per_week: u32,
    /// Hours a week the curriculum gives the subject in the class's grade, if it is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curriculum_hours_per_week: Option<u32>,
    /// Hours of the page's lesson plan (КТП) for the year.
    pub plan_hours: u32,
    pub completion: Completion,
    /// Held over planned, per cent.
    pub share: Option<f64>,
}

/// The lessons a teacher gave in the span: on their own pages and for others (substitutions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeacherLessons {
    pub teacher: TeacherRef,
    pub own: u32,
    pub for_others: u32,
    /// Own pages' lessons given by a substitute.
    pub given_away: u32,
}

/// `GET /reports/curriculum`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurriculumReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub pages: Vec<CompletionLine>,
    pub teachers: Vec<TeacherLessons>,
    pub total: Completion,
}

// ---------------------------------------------------------------------------------------------
// Movement and class sizes (R-R6)

pub use journal_domain::reports::movement::{ClassMovement, MoveKind};

/// The filters of movement (R-R6): a span (at most 400 days), optionally one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MovementFilter {
    /// First day: not after `to` (else `400 invalid_span`).
    pub from: NaiveDate,
    /// Last day: the class sizes by level are those of this day.
    pub to: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    /// `json` (the default), `csv`, `xlsx` or `pdf`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: ReportFormat,
}

/// A class's sizes and movement over the span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassMovementLine {
    pub class_id: Uuid,
    pub class_name: String,
    pub grade: u8,
    pub movement: ClassMovement,
}

/// One movement of the span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovementLine {
    pub student: StudentRef,
    pub kind: MoveKind,
    pub on_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The order (приказ) it was made by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_ref: Option<String>,
}

/// Class sizes on the span's last day by level of education (the 20 September counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelSize {
    /// 1 primary (grades 1–4), 2 basic (5–9), 3 secondary (10–11).
    pub level: u8,
    pub classes: u32,
    pub students: u32,
}

/// `GET /reports/movement`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovementReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub classes: Vec<ClassMovementLine>,
    pub total: ClassMovement,
    pub levels: Vec<LevelSize>,
    pub movements: Vec<MovementLine>,
}

// ---------------------------------------------------------------------------------------------
// The home screen at a glance

/// A lesson with gaps on a page, for the teacher's home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageGap {
    pub page: PageRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    pub lesson: GapLesson,
}

/// `GET /reports/overview`: what needs attention this week. The deputy and the director see the
/// school; a teacher (or class teacher) their own pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub today: NaiveDate,
    /// Monday of the school's current week.
    pub week_from: NaiveDate,
    /// Whether the figures are the whole school's (the leadership) or the caller's own pages.
    pub whole_school: bool,
    /// Journal filling this week (held lessons, without topic, homework, attendance, late entries;
    /// no roster shares here).
    pub filling: Filling,
    /// Held lessons with a topic, per cent.
    pub topics_share: Option<f64>,
    /// The leadership: the teachers with gaps this week, most first (at most 10).
    pub teachers: Vec<TeacherControl>,
    /// A teacher: their own lessons with gaps this week, to fix (at most 50).
    pub lessons: Vec<PageGap>,
    /// The leadership: substitutions, cancellations and moves today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes_today: Option<u32>,
    /// Inspection remarks not yet confirmed (the school's, or on the caller's pages).
    pub open_remarks: u32,
    /// Of those, the ones past their due date that still wait for the teacher.
    pub overdue_remarks: u32,
    /// Students who got a 2 (or 1) this week: the school's, or in the caller's lessons.
    pub students_with_failing_marks: u32,
    /// The leadership: guardians with an account, and how many acknowledged last week (R-D2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardians_with_accounts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_last_week: Option<u32>,
}
