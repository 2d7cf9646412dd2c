//! Teaching assignments.

use super::holds;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::record_audit;
use crate::services::structure::{assignment_view, AssignmentNames};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::structure::{Assignment, AssignmentFilter, AssignmentInput};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::now;
use journal_db::structure as db;
use journal_domain::{Action, Role};
use serde_json::json;
use uuid::Uuid;

/// Teaching assignments of the school, of a class or of a teacher.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(AssignmentFilter), responses((status = 200, body = Vec<Assignment>)))]
#[get("/assignments")]
pub async fn list_assignments(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<AssignmentFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let f = query.0;
    let list = state
        .read(move |conn| {
            let rows = db::assignments(
                conn,
                caller.school_id,
                f.class_id.map(|c| c.to_string()).as_deref(),
                f.teacher_id.map(|t| t.to_string()).as_deref(),
            )?;
            let names = AssignmentNames::load(conn, caller.school_id, &rows)?;
            rows.iter()
                .map(|a| names.view(a))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Assign a teacher a subject in a class for the class's year, with hours per week (R-B4); with
/// `group_id`, to a group of the class (a subgroup, a stream it is in, an individual plan) instead
/// of the whole class. The same teacher may teach a subject to several groups of one class.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = AssignmentInput,
    responses(
        (status = 201, body = Assignment),
        (status = 404, description = "the teacher, subject, class or group is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`assignment_exists`, `year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`group_class_mismatch` (the class is not one of the group's)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/assignments")]
pub async fn create_assignment(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<AssignmentInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let created = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let class = db::class(conn, school, &input.class_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            let year_id = class.year_id.clone().ok_or_else(|| {
                ApiError::conflict(
                    ErrorCode::ClassWithoutYear,
                    "the class belongs to no school year",
                )
            })?;
            let year = db::year(conn, school, &year_id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            if db::subject_name(conn, school, &input.subject_id.to_string())?.is_none()
                || !holds(conn, school, input.teacher_id, Role::Teacher)?
            {
                return Err(ApiError::not_found());
            }
            let group = match input.group_id {
                Some(g) => {
                    let g = journal_db::groups::group(conn, school, &g.to_string())?
                        .ok_or_else(ApiError::not_found)?;
                    // The group's classes are of its year, so this checks the year too.
                    if !g.classes.contains(&class.id) {
                        return Err(ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            ErrorCode::GroupClassMismatch,
                            format!("{} is not a class of «{}»", class.name(), g.row.name),
                        ));
                    }
                    Some(g)
                }
                None => None,
            };
            let group_id = group.as_ref().map(|g| g.row.id.clone());
            let duplicate = db::assignments(
                conn,
                school,
                Some(&class.id),
                Some(&input.teacher_id.to_string()),
            )?
            .iter()
            .any(|a| a.subject_id == input.subject_id.to_string() && a.group_id == group_id);
            if duplicate {
                return Err(ApiError::conflict(
                    ErrorCode::AssignmentExists,
                    match &group {
                        Some(g) => format!(
                            "this teacher already teaches this subject to «{}»",
                            g.row.name
                        ),
                        None => "this teacher already teaches this subject in this class".into(),
                    },
                ));
            }
            let class_id = match &group {
                Some(g) => g
                    .first_class()
                    .cloned()
                    .ok_or_else(|| ApiError::internal("group without classes"))?,
                None => class.id.clone(),
            };
            let row = db::Assignment {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                year_id,
                teacher_id: input.teacher_id.to_string(),
                subject_id: input.subject_id.to_string(),
                class_id,
                hours_per_week: i32::from(input.hours_per_week),
                created_at: now(),
                group_id,
            };
            db::insert_assignment(conn, &row)?;
            let view = assignment_view(conn, school, &row)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("assignment.create", "assignment", &row.id),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}
