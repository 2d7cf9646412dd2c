//! Students, guardians, their links and student movement (R-B5).

use chrono::{DateTime, NaiveDate, Utc};
use journal_domain::people::{
    email_is_valid, phone_is_valid, MovementKind, Relation, StudentStatus,
};
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

fn valid_phone(s: &str) -> Result<(), ValidationError> {
    if phone_is_valid(s.trim()) {
        Ok(())
    } else {
        Err(ValidationError::new("phone"))
    }
}

fn valid_email(s: &str) -> Result<(), ValidationError> {
    if email_is_valid(s.trim()) {
        Ok(())
    } else {
        Err(ValidationError::new("email"))
    }
}

/// `GET /api/v1/students` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StudentFilter {
    /// Only the students now in this class.
    #[serde(default)]
    pub class_id: Option<Uuid>,
    /// `active` or `withdrawn`; both when absent.
    #[serde(default)]
    pub status: Option<StudentStatus>,
    /// Only the members of this group on `on` (R-B3).
    #[serde(default)]
    pub group_id: Option<Uuid>,
    /// Only the students on an individual plan on `on`.
    #[serde(default)]
    pub individual_plan: Option<bool>,
    /// The date of `group_id` and `individual_plan`; default today.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// Part of the full name, case-insensitive, Ё and Е alike.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<i64>,
}

/// A student in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudentSummary {
    pub id: Uuid,
    pub last_name: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    /// The current class; absent once withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    /// "7А".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    pub status: StudentStatus,
}

/// A guardian of a student and who they are to the child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedGuardian {
    pub guardian: GuardianView,
    pub relation: Relation,
}

/// One dated movement of a student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovementView {
    pub id: Uuid,
    pub kind: MovementKind,
    pub on_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_class_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_class_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_ref: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A student with contacts, guardians and movement history (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudentDetail {
    pub student: StudentSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub guardians: Vec<LinkedGuardian>,
    pub movements: Vec<MovementView>,
}

/// `POST /api/v1/students`: admit a student into a class on a date (R-B5, R-A8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdmitStudentRequest {
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub last_name: String,
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub first_name: String,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub class_id: Uuid,
    /// The admission date.
    pub on_date: NaiveDate,
    /// The number of the order (приказ о зачислении).
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub order_ref: Option<String>,
    #[serde(default)]
    #[validate(length(max = 30), custom(function = "valid_phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 30,
            pattern = r"^[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[ +()-]*(?:[0-9][ +()-]*){5,15}[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub phone: Option<String>,
    #[serde(default)]
    #[validate(length(max = 254), custom(function = "valid_email"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+@[^@.\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\.[^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^@.\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub email: Option<String>,
}

/// `POST /api/v1/students/{id}/transfer`: into another class of the school from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    pub to_class_id: Uuid,
    pub on_date: NaiveDate,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub order_ref: Option<String>,
}

/// `POST /api/v1/students/{id}/withdraw`: the student leaves the school on a date, for a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub on_date: NaiveDate,
    /// E.g. "перевод в другую школу", "смена места жительства".
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
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub order_ref: Option<String>,
}

/// `PUT /api/v1/students/{id}`: the student's personal data as it should now be (every field;
/// an absent optional field is cleared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateStudentRequest {
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub last_name: String,
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub first_name: String,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    #[serde(default)]
    #[validate(length(max = 30), custom(function = "valid_phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 30,
            pattern = r"^[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[ +()-]*(?:[0-9][ +()-]*){5,15}[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub phone: Option<String>,
    #[serde(default)]
    #[validate(length(max = 254), custom(function = "valid_email"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+@[^@.\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\.[^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^@.\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub email: Option<String>,
}

/// `GET /api/v1/guardians` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct GuardianFilter {
    /// Part of the full name (case-insensitive, Ё and Е alike) or at least four digits of the
    /// phone.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<i64>,
}

/// A guardian (parent or legal representative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuardianView {
    pub id: Uuid,
    pub last_name: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `POST /api/v1/guardians` and `PUT /api/v1/guardians/{id}`: a guardian's data (for PUT, every
/// field as it should now be; an absent optional field is cleared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GuardianRequest {
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub last_name: String,
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub first_name: String,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub middle_name: Option<String>,
    #[serde(default)]
    #[validate(length(max = 30), custom(function = "valid_phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 30,
            pattern = r"^[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[ +()-]*(?:[0-9][ +()-]*){5,15}[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub phone: Option<String>,
    #[serde(default)]
    #[validate(length(max = 254), custom(function = "valid_email"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+@[^@.\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\.[^@\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^@.\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub email: Option<String>,
}

/// `POST /api/v1/students/{id}/guardians`: link an existing guardian to the student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkGuardianRequest {
    pub guardian_id: Uuid,
    pub relation: Relation,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_and_blank_names_are_checked() {
        let req = GuardianRequest {
            last_name: "  ".into(),
            first_name: "Мария".into(),
            middle_name: None,
            phone: Some("позвоните мне".into()),
            email: Some("mama@".into()),
        };
        let errors = req.validate().err().map(|e| {
            let mut f: Vec<String> = e.field_errors().keys().map(|k| k.to_string()).collect();
            f.sort();
            f
        });
        assert_eq!(
            errors,
            Some(vec![
                "email".to_owned(),
                "last_name".to_owned(),
                "phone".to_owned()
            ])
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let body = r#"{"on_date":"2025-09-01","reason":"переезд","class_id":"x"}"#;
        assert!(serde_json::from_str::<WithdrawRequest>(body).is_err());
    }
}
