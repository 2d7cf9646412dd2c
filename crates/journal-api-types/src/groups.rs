//! Groups (subgroups, streams, individual-plan students) with dated members (R-B3), and the
//! curriculum with its check against the teaching assignments (R-B4).

use chrono::NaiveDate;
pub use journal_domain::groups::GroupKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        Err(ValidationError::new("blank"))
    } else {
        Ok(())
    }
}

/// `POST /api/v1/groups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    pub year_id: Uuid,
    /// Unique in the year, e.g. «7А английский язык, 1 группа» or «ИУП: Петров П.».
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub name: String,
    pub kind: GroupKind,
    /// Groups of one division (e.g. «Английский язык») are parallel: a student is in at most one
    /// of them at a time, and their lessons may run at the same time.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub division: Option<String>,
    /// One class for a subgroup or an individual plan; two or more of the year for a stream.
    #[validate(length(min = 1, max = 20))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub class_ids: Vec<Uuid>,
}

/// `PATCH /api/v1/groups/{id}`: rename, or change the division (an empty string clears it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub division: Option<String>,
}

/// A class a group draws from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupClass {
    pub id: Uuid,
    /// «7А».
    pub name: String,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    pub id: Uuid,
    pub year_id: Uuid,
    pub name: String,
    pub kind: GroupKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// In grade and letter order; the first is the class the group's assignments record.
    pub classes: Vec<GroupClass>,
    /// Members today.
    pub member_count: u32,
}

/// `GET /api/v1/groups` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct GroupFilter {
    #[serde(default)]
    pub year_id: Option<Uuid>,
    /// Groups drawing from this class (its subgroups, the streams it is in, its individual plans).
    #[serde(default)]
    pub class_id: Option<Uuid>,
}

/// `GET /api/v1/groups/{id}/members`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MembersQuery {
    /// The members on this date (default today); `all=true` lists every membership instead.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    #[serde(default)]
    pub all: Option<bool>,
}

/// A student's membership of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMember {
    pub student_id: Uuid,
    pub last_name: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    pub from_date: NaiveDate,
    /// The last day; absent while still a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_date: Option<NaiveDate>,
}

/// `POST /api/v1/groups/{id}/members`: a student joins from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddMemberRequest {
    pub student_id: Uuid,
    pub from_date: NaiveDate,
    /// The last day, when already known.
    #[serde(default)]
    pub to_date: Option<NaiveDate>,
}

/// `POST /api/v1/groups/{id}/members/{student_id}/leave`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LeaveGroupRequest {
    /// The last day in the group.
    pub last_day: NaiveDate,
}

/// One line of the curriculum: hours per week of a subject in a grade and profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurriculumLine {
    pub grade: u8,
    /// Empty for the general curriculum.
    pub profile: String,
    pub subject_id: Uuid,
    pub subject_name: String,
    pub hours_per_week: u8,
}

/// `GET /api/v1/curriculum` and `/curriculum/check`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CurriculumQuery {
    pub year_id: Uuid,
}

/// Hours of one subject in a `PUT /api/v1/curriculum`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CurriculumLineInput {
    pub subject_id: Uuid,
    #[validate(range(min = 0, max = 40))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 40))]
    pub hours_per_week: u8,
}

/// `PUT /api/v1/curriculum`: the lines of one year, grade and profile, replaced as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CurriculumInput {
    pub year_id: Uuid,
    #[validate(range(min = 1, max = 11))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 11))]
    pub grade: u8,
    /// Empty (the default) for the general curriculum.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub profile: String,
    #[validate(length(max = 60), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 60))]
    pub lines: Vec<CurriculumLineInput>,
}

/// How a class's assigned hours of a subject compare with the curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HoursStatus {
    /// As many hours as the curriculum gives.
    Ok,
    /// Fewer: someone still has to be assigned.
    Under,
    /// More than the curriculum gives.
    Over,
    /// Assigned, but not in the curriculum of the grade.
    NotInCurriculum,
}

/// One class and subject in the deputy's workload check (R-B4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurriculumCheckLine {
    pub class_id: Uuid,
    pub class_name: String,
    pub subject_id: Uuid,
    pub subject_name: String,
    /// Hours per week of the general curriculum of the class's grade.
    pub curriculum_hours: u8,
    /// Hours per week a student of the class gets: whole-class assignments plus the largest of
    /// its subgroups' and streams' (parallel groups each teach the same hours).
    pub assigned_hours: u8,
    /// Hours per week teachers are paid for: every assignment of the class and its groups,
    /// individual plans included.
    pub teacher_hours: u8,
    pub status: HoursStatus,
}
