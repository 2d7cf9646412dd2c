//! OneRoster 1.2 (R-E3): the standard's own records and envelopes, with its camelCase names, as
//! its REST binding defines them (`../shared/oneroster/` in the specification's folder). Only
//! what Journal serves is here; the mapping of our concepts is in `docs/integrations.md`.

use serde::{Deserialize, Serialize};

/// A reference to another record (`GUIDRef`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuidRef {
    /// The record's address in this service.
    pub href: String,
    pub sourced_id: String,
    /// `org`, `academicSession`, `class`, `course`, `user`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// An organisation: a school (`school`) or the municipality that owns it (`district`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Org {
    pub sourced_id: String,
    /// `active`.
    pub status: String,
    /// UTC, `2026-09-01T08:00:00.000Z`.
    pub date_last_modified: String,
    pub name: String,
    /// `school` or `district`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The short name, else the name.
    pub identifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<GuidRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<GuidRef>,
}

/// A school year (`schoolYear`), a term (the year as one term: Russian schools have no
/// semesters) or a grading period (a quarter, trimester or half).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcademicSession {
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    pub end_date: String,
    /// `schoolYear`, `term` or `gradingPeriod`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<GuidRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<GuidRef>,
    /// The year the school year ends in (`2027` for 2026/27), as the standard counts it.
    pub school_year: String,
}

/// `{"orgs": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgSet {
    pub orgs: Vec<Org>,
}

/// `{"org": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SingleOrg {
    pub org: Org,
}

/// `{"academicSessions": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcademicSessionSet {
    pub academic_sessions: Vec<AcademicSession>,
}

/// `{"academicSession": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SingleAcademicSession {
    pub academic_session: AcademicSession,
}

/// One reason of a refusal (`imsx_CodeMinorField`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImsxCodeMinorField {
    /// `TargetEndSystem`.
    #[serde(rename = "imsx_codeMinorFieldName")]
    pub name: String,
    /// `invalid_filter_field`, `invalid_selection_field`, `invaliddata`, `unauthorisedrequest`,
    /// `forbidden`, `server_busy`, `unknownobject` or `internal_server_error`.
    #[serde(rename = "imsx_codeMinorFieldValue")]
    pub value: String,
}

/// `imsx_CodeMinor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImsxCodeMinor {
    #[serde(rename = "imsx_codeMinorField")]
    pub fields: Vec<ImsxCodeMinorField>,
}

/// A OneRoster refusal (`imsx_StatusInfo`): `failure`/`error` and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImsxStatusInfo {
    #[serde(rename = "imsx_codeMajor")]
    pub code_major: String,
    #[serde(rename = "imsx_severity")]
    pub severity: String,
    #[serde(
        rename = "imsx_description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "imsx_CodeMinor",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code_minor: Option<ImsxCodeMinor>,
}

impl ImsxStatusInfo {
    /// A failure for `reason` (a code minor value), described.
    pub fn failure(reason: &str, description: impl Into<String>) -> Self {
        ImsxStatusInfo {
            code_major: "failure".into(),
            severity: "error".into(),
            description: Some(description.into()),
            code_minor: Some(ImsxCodeMinor {
                fields: vec![ImsxCodeMinorField {
                    name: "TargetEndSystem".into(),
                    value: reason.into(),
                }],
            }),
        }
    }
}

/// A course: a subject of the school (`Математика`), or the homeroom course every homeroom
/// class belongs to («Классный коллектив»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Course {
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    pub title: String,
    /// The subject's short name.
    pub course_code: String,
    /// The grades it is taught in (`5`, `7`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    pub org: GuidRef,
}

/// A class: a homeroom class (`7А`, `homeroom`) or the subject taught to a class or one of its
/// groups (`Математика, 7А`, `scheduled`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Class {
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    pub title: String,
    pub class_code: String,
    /// `homeroom` or `scheduled`.
    pub class_type: String,
    pub grades: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    pub course: GuidRef,
    pub school: GuidRef,
    /// The school year (term) of the class.
    pub terms: Vec<GuidRef>,
}

/// A person's role in an org (`RoleDType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrgRole {
    /// `primary` or `secondary`.
    pub role_type: String,
    /// `student`, `parent`, `guardian`, `teacher`, `principal`, `siteAdministrator`,
    /// `systemAdministrator`.
    pub role: String,
    pub org: GuidRef,
}

/// A person: a student, a guardian (`parent` or `guardian`, with the students as `agents`) or a
/// member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub sourced_id: String,
    /// `active`, or `tobedeleted` for a withdrawn student.
    pub status: String,
    pub date_last_modified: String,
    /// `true` when the person has an account in Journal.
    pub enabled_user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    pub given_name: String,
    pub family_name: String,
    /// The patronymic (отчество).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    pub roles: Vec<OrgRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_org: Option<GuidRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A student's guardians; a guardian's students.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<GuidRef>,
    /// A student's grade.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<String>,
}

/// A person in a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Enrollment {
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    pub user: GuidRef,
    pub class: GuidRef,
    pub school: GuidRef,
    /// `student` or `teacher`.
    pub role: String,
    /// `true` for the class's teacher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<String>,
    /// A group member's first day in the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_date: Option<String>,
    /// The day after a group member's last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

/// A student's demographics: the birth date, given only with the demographics scope and where a
/// guardian's personal-data consent is in force and none refused (R-D5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Demographics {
    /// The student's sourcedId.
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
}

macro_rules! envelopes {
    ($($(#[$doc:meta])* $name:ident { $field:ident : $ty:ty })*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[allow(non_snake_case)]
        pub struct $name {
            pub $field: $ty,
        }
    )*};
}

envelopes! {
    /// `{"courses": [...]}`.
    CourseSet { courses: Vec<Course> }
    /// `{"course": {...}}`.
    SingleCourse { course: Course }
    /// `{"classes": [...]}`.
    ClassSet { classes: Vec<Class> }
    /// `{"class": {...}}`.
    SingleClass { class: Class }
    /// `{"users": [...]}`.
    UserSet { users: Vec<User> }
    /// `{"user": {...}}`.
    SingleUser { user: User }
    /// `{"enrollments": [...]}`.
    EnrollmentSet { enrollments: Vec<Enrollment> }
    /// `{"enrollment": {...}}`.
    SingleEnrollment { enrollment: Enrollment }
    /// `{"demographics": [...]}`.
    DemographicsSet { demographics: Vec<Demographics> }
    /// `{"demographics": {...}}`.
    SingleDemographics { demographics: Demographics }
}

/// A gradebook category: a work type of the school with its weight («Контрольная работа», 2.0), or
/// the finals («Итоговая отметка»).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub sourced_id: String,
    /// `active`, or `tobedeleted` for a work type the school archived.
    pub status: String,
    pub date_last_modified: String,
    pub title: String,
    /// The weight in the weighted average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// A line item: a lesson of a scheduled class at which marks were given, or a period's or the
/// year's final of the class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LineItem {
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    /// «Математика, урок 12.11.2026» or «Математика, I четверть».
    pub title: String,
    /// The lesson's topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The lesson's day (or the period's last), at midnight UTC.
    pub assign_date: String,
    pub due_date: String,
    pub class: GuidRef,
    pub school: GuidRef,
    pub category: GuidRef,
    /// The period of a period's final.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading_period: Option<GuidRef>,
    /// The school year.
    pub academic_session: GuidRef,
    pub score_scale: GuidRef,
}

/// A result: a mark, or a final (Н/А and the other words as `textScore`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GradeResult {
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    pub line_item: GuidRef,
    pub student: GuidRef,
    pub class: GuidRef,
    pub score_scale: GuidRef,
    /// `fully graded`.
    pub score_status: String,
    /// A five-point mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Any other value as printed: «н/а», «осв.», «зач.», «незач.».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_score: Option<String>,
    /// `YYYY-MM-DD`.
    pub score_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One value of a score scale and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreScaleValue {
    /// The value as a result shows it (`5`, `н/а`).
    #[serde(rename = "itemValueLHS")]
    pub item_value_lhs: String,
    /// What it means («отлично»).
    #[serde(rename = "itemValueRHS")]
    pub item_value_rhs: String,
}

/// The scale a scheduled class is marked on (its subject's in its grade).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScoreScale {
    pub sourced_id: String,
    pub status: String,
    pub date_last_modified: String,
    pub title: String,
    /// `five_point`, `pass_fail`, `mastery` or `no_marks`.
    #[serde(rename = "type")]
    pub kind: String,
    pub course: GuidRef,
    pub class: GuidRef,
    pub score_scale_value: Vec<ScoreScaleValue>,
}

envelopes! {
    /// `{"categories": [...]}`.
    CategorySet { categories: Vec<Category> }
    /// `{"category": {...}}`.
    SingleCategory { category: Category }
    /// `{"lineItems": [...]}`.
    LineItemSet { lineItems: Vec<LineItem> }
    /// `{"lineItem": {...}}`.
    SingleLineItem { lineItem: LineItem }
    /// `{"results": [...]}`.
    ResultSet { results: Vec<GradeResult> }
    /// `{"result": {...}}`.
    SingleResult { result: GradeResult }
    /// `{"scoreScales": [...]}`.
    ScoreScaleSet { scoreScales: Vec<ScoreScale> }
    /// `{"scoreScale": {...}}`.
    SingleScoreScale { scoreScale: ScoreScale }
}
