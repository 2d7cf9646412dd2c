//! Inspection remarks ("Проверка журнала", R-R2): the deputy or the director records a remark on a
//! journal page (or one lesson of it) with a due date; the page's teacher answers it and marks it
//! done; the deputy or the director confirms it or returns it with a comment. The states and who
//! moves them are `journal_domain::remarks`.

use chrono::{DateTime, NaiveDate, Utc};
pub use journal_domain::remarks::{RemarkEventKind, RemarkStatus};
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

/// `POST /api/v1/journal/{assignment_id}/{period_id}/remarks`: a remark on the page, or on one of
/// its lessons (`entry_id` with `lesson_date`, as the page lists them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRemark {
    /// What is to be put right, e.g. «Не заполнены темы уроков за ноябрь».
    #[validate(length(min = 1, max = 2000), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub text: String,
    /// The day by which the teacher is to resolve it; not before the school's today (else `422
    /// remark_due_past`).
    pub due_on: NaiveDate,
    /// The lesson's timetable entry, for a remark on one lesson: with `lesson_date`, a lesson of
    /// the page (else `422 lesson_not_on_page`, also when only one of the two is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<Uuid>,
    /// The lesson's scheduled date, with `entry_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson_date: Option<NaiveDate>,
}

/// `POST /api/v1/remarks/{id}/done`: the teacher's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemarkAnswer {
    /// What the teacher did, e.g. «Темы заполнены».
    #[validate(length(min = 1, max = 2000), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub answer: String,
}

/// `POST /api/v1/remarks/{id}/return`: why the resolution is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemarkReturn {
    #[validate(length(min = 1, max = 2000), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub comment: String,
}

/// One step of a remark's history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemarkEvent {
    pub kind: RemarkEventKind,
    /// The remark's text (`created`), the teacher's answer (`done`), the comment (`returned`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub actor_id: Uuid,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// An inspection remark as the API shows it (R-R2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemarkView {
    pub id: Uuid,
    /// The page: its teaching assignment and period (`/journal/{assignment_id}/{period_id}`).
    pub assignment_id: Uuid,
    pub period_id: Uuid,
    pub class_name: String,
    /// The group, for a page of a subgroup, a stream or an individual plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub subject_name: String,
    /// The page's teacher, who answers the remark.
    pub teacher_id: Uuid,
    pub teacher_name: String,
    /// The lesson, for a remark on one lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson_date: Option<NaiveDate>,
    pub text: String,
    pub due_on: NaiveDate,
    /// The due day has passed on the school's clock and the teacher still owes an answer (`open`
    /// or `returned`).
    pub overdue: bool,
    pub status: RemarkStatus,
    /// The teacher's latest answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub history: Vec<RemarkEvent>,
}

/// `GET /api/v1/remarks`: all filters combined. The deputy and the director see the school's
/// remarks; a teacher those on their own pages only.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RemarkFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RemarkStatus>,
    /// Remarks on the pages of this teacher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher_id: Option<Uuid>,
    /// Remarks on the pages of this class (its own assignments and its groups').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    /// Only remarks not yet confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_one_to_2000_characters_not_blank() {
        let remark = |text: &str| NewRemark {
            text: text.into(),
            due_on: NaiveDate::from_ymd_opt(2025, 11, 20).unwrap(),
            entry_id: None,
            lesson_date: None,
        };
        assert!(remark("Не заполнены темы").validate().is_ok());
        assert!(remark("").validate().is_err());
        assert!(remark("   ").validate().is_err());
        assert!(remark(&"я".repeat(2000)).validate().is_ok());
        assert!(remark(&"я".repeat(2001)).validate().is_err());
        assert!(RemarkAnswer { answer: " ".into() }.validate().is_err());
        assert!(RemarkReturn {
            comment: "Не все темы".into()
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn unknown_fields_are_refused_and_states_travel_as_names() {
        let bad = serde_json::json!({"text": "x", "due_on": "2025-11-20", "severity": 1});
        assert!(serde_json::from_value::<NewRemark>(bad).is_err());
        assert_eq!(
            serde_json::to_value(RemarkStatus::Returned).unwrap(),
            "returned"
        );
        let f: RemarkFilter =
            serde_json::from_value(serde_json::json!({"status": "done", "open_only": true}))
                .unwrap();
        assert_eq!(f.status, Some(RemarkStatus::Done));
    }
}
