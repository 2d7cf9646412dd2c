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
