//! Control works (R-T3) and lesson plans with plan versus fact (R-T4).

use crate::structure::Assignment;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// `POST /api/v1/control-works`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ControlWorkInput {
    pub class_id: Uuid,
    pub subject_id: Uuid,
    pub date: NaiveDate,
    /// E.g. «Контрольная работа № 2 по теме „Дроби“».
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ControlWork {
    pub id: Uuid,
    pub class_id: Uuid,
    pub class_name: String,
    pub subject_id: Uuid,
    pub subject_name: String,
    pub date: NaiveDate,
    pub title: String,
}

/// `GET /api/v1/control-works`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ControlWorkFilter {
    pub class_id: Uuid,
    /// First day: not after `to`; the span holds at most 400 days (else `400 invalid_span`).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// One topic of a lesson plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanTopicInput {
    #[validate(length(min = 1, max = 300))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 200))]
    pub hours: u16,
}

/// `PUT /api/v1/assignments/{id}/plan`: the whole plan, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    #[validate(length(min = 1, max = 400), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 400))]
    pub topics: Vec<PlanTopicInput>,
}

/// A planned topic with its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanTopic {
    /// What a lesson names as its `plan_topic_id` (the journal page's lesson change).
    pub id: Uuid,
    /// From 1.
    pub position: u16,
    pub title: String,
    pub hours: u16,
    /// `done`, `in_progress` or `ahead`, by the lessons held so far.
    pub progress: String,
}

/// A lesson plan against the lessons held so far (plan versus fact, R-T4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub assignment: Assignment,
    pub topics: Vec<PlanTopic>,
    pub planned_hours: u32,
    /// Lessons of the assignment marked as held.
    pub held: u32,
}
