//! The timetable, dated lessons, substitutions and changes (R-T1, R-T2, R-R8).

use chrono::NaiveDate;
use journal_domain::timetable::ChangeKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// `POST /api/v1/timetable`: a weekly lesson of a teaching assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EntryInput {
    pub assignment_id: Uuid,
    /// The assignment's group, when it has one (optional: taken from the assignment; given, it
    /// must match).
    #[serde(default)]
    pub group_id: Option<Uuid>,
    #[serde(default)]
    pub room_id: Option<Uuid>,
    /// 1 = Monday … 6 = Saturday.
    #[validate(range(min = 1, max = 6))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 6))]
    pub weekday: u8,
    #[validate(range(min = 0, max = 12))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 12))]
    pub lesson_number: u8,
    /// Default: the first day of the class's school year (or today, if later).
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Default: the last day of the class's school year.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
}

/// A weekly timetable entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub class_id: Uuid,
    pub class_name: String,
    /// The group taught, for a group lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_id: Uuid,
    pub subject_name: String,
    pub teacher_id: Uuid,
    pub teacher_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_name: Option<String>,
    pub weekday: u8,
    pub lesson_number: u8,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// `GET /api/v1/timetable`: the entries of a class or of a teacher valid on a date.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TimetableFilter {
    /// The class's lessons, its groups' included. Exactly one of `class_id` and `teacher_id`, or
    /// `group_id` alone (else `400 class_or_teacher`).
    #[serde(default)]
    pub class_id: Option<Uuid>,
    /// The teacher's lessons. Exactly one of `class_id` and `teacher_id`, or `group_id` alone.
    #[serde(default)]
    pub teacher_id: Option<Uuid>,
    /// Only this group's lessons (with `class_id`, or alone).
    #[serde(default)]
    pub group_id: Option<Uuid>,
    /// Default: today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// `POST /api/v1/timetable/{id}/end`: the entry's last day (the timetable changes mid-year; lessons
/// already held stay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EndEntryRequest {
    pub last_day: NaiveDate,
}

/// `GET /api/v1/lessons`: dated lessons of a class or a teacher (including lessons the teacher
/// covers as a substitute), at most 62 days.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct LessonFilter {
    /// A class's lessons. Exactly one of `class_id` and `teacher_id` (else `400 class_or_teacher`).
    #[serde(default)]
    pub class_id: Option<Uuid>,
    /// A teacher's lessons, the covered ones included. Exactly one of `class_id` and `teacher_id`.
    #[serde(default)]
    pub teacher_id: Option<Uuid>,
    /// First day; not after `to` (else `400 invalid_span`).
    pub from: NaiveDate,
    /// Last day; the span holds at most 62 days (else `400 invalid_span`).
    pub to: NaiveDate,
}

/// A change registered for a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonChange {
    pub kind: journal_domain::timetable::ChangeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_name: Option<String>,
    /// The subject taught instead, when the substitute teaches another one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to_lesson: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl LessonChange {
    /// The change as the domain rules see it (who may read and write the lesson, where it is
    /// held); `None` for an unknown kind or a move without its target.
    pub fn domain(&self) -> Option<journal_domain::timetable::Change> {
        use journal_domain::timetable::Change;
        match self.kind {
            ChangeKind::Substitution => self.substitute_id.map(|s| Change::Substitution {
                substitute: journal_domain::UserId(s),
            }),
            ChangeKind::Cancellation => Some(Change::Cancellation),
            ChangeKind::Move => Some(Change::Move {
                to_date: self.moved_to_date?,
                to_lesson: self.moved_to_lesson?,
            }),
        }
    }
}

/// One dated lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lesson {
    pub entry_id: Uuid,
    /// When the lesson takes place: for a moved lesson, the move's target (R-T2). A moved lesson
    /// is listed twice: at its target, and at its scheduled slot marked as moved away.
    pub date: NaiveDate,
    pub lesson_number: u8,
    /// The date the weekly timetable gives the lesson: with `entry_id`, the lesson's identity in
    /// `/lessons/{entry_id}/{scheduled_date}`.
    pub scheduled_date: NaiveDate,
    pub scheduled_lesson: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
    pub class_id: Uuid,
    pub class_name: String,
    /// The group taught, for a group lesson: its students are the group's members that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_name: String,
    pub teacher_id: Uuid,
    pub teacher_name: String,
    /// The room: the change's room when the deputy gave one, otherwise the timetable's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<LessonChange>,
    /// Whether the lesson was marked as held.
    pub conducted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homework: Option<String>,
}

impl Lesson {
    /// This is the scheduled slot of a lesson moved elsewhere: nothing takes place here.
    pub fn is_moved_away(&self) -> bool {
        self.change.as_ref().is_some_and(|c| {
            c.kind == ChangeKind::Move
                && (c.moved_to_date, c.moved_to_lesson)
                    != (Some(self.date), Some(self.lesson_number))
        })
    }

    /// This is a lesson moved here from its scheduled slot.
    pub fn is_moved_here(&self) -> bool {
        self.change
            .as_ref()
            .is_some_and(|c| c.kind == ChangeKind::Move)
            && !self.is_moved_away()
    }

    /// The lesson takes place at `date`, lesson `lesson_number`: not cancelled, not moved away.
    pub fn takes_place(&self) -> bool {
        !self.is_moved_away()
            && self
                .change
                .as_ref()
                .is_none_or(|c| c.kind != ChangeKind::Cancellation)
    }

    /// Who teaches it: the substitute of a covered lesson, otherwise the timetable's teacher.
    pub fn teacher_in_charge(&self) -> Uuid {
        self.change
            .as_ref()
            .and_then(|c| c.substitute_id)
            .unwrap_or(self.teacher_id)
    }
}

/// `PUT /api/v1/lessons/{entry_id}/{date}`: what was done in the lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LessonRecordInput {
    pub conducted: bool,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub topic: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub homework: Option<String>,
    /// Attendance was taken: everyone not marked absent or late was present (R-R1).
    #[serde(default)]
    pub attendance_taken: bool,
}

/// `POST /api/v1/lessons/{entry_id}/{date}/change`: the deputy registers a substitution, a
/// cancellation or a move (R-T2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    /// `substitution`, `cancellation` or `move`.
    #[validate(custom(function = "validate_change_kind"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(?:substitution|cancellation|move)$")
    )]
    pub kind: String,
    /// Required for a substitution.
    #[serde(default)]
    pub substitute_id: Option<Uuid>,
    /// For a substitution with another subject.
    #[serde(default)]
    pub subject_id: Option<Uuid>,
    #[serde(default)]
    pub room_id: Option<Uuid>,
    /// Required for a move.
    #[serde(default)]
    pub to_date: Option<NaiveDate>,
    /// Required for a move.
    #[serde(default)]
    #[validate(range(min = 0, max = 12))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 12))]
    pub to_lesson: Option<u8>,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

fn validate_change_kind(kind: &str) -> Result<(), validator::ValidationError> {
    match kind {
        "substitution" | "cancellation" | "move" => Ok(()),
        _ => Err(validator::ValidationError::new("change_kind")),
    }
}

/// `GET /api/v1/reports/substitutions`: what pays substitution hours (R-R8).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ReportSpan {
    /// First day: not after `to` (else `400 invalid_span`).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// One teacher's line of the substitution report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubstitutionLine {
    pub teacher_id: Uuid,
    pub teacher_name: String,
    /// Lessons this teacher covered for others.
    pub covered: u32,
    /// Own lessons covered by someone else.
    pub substituted: u32,
    /// Own lessons cancelled.
    pub cancelled: u32,
    /// Own lessons moved.
    pub moved: u32,
    /// Every change, in date order.
    pub lessons: Vec<Lesson>,
}

/// A teacher with a lesson at a dated lesson's time: `GET /lessons/{entry_id}/{date}/busy`, the
/// substitute picker's hint of who is free then (R-T2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusyTeacher {
    pub teacher_id: Uuid,
    pub class_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_name: String,
}
