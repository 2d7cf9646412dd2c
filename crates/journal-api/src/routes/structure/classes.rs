//! Classes of a year.

use super::holds;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::structure::{Class, ClassFilter, ClassInput};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::now;
use journal_db::roster::Class as ClassRow;
use journal_db::structure as db;
use journal_domain::{Action, Role};
use serde_json::json;
use uuid::Uuid;

pub(crate) fn class_view(c: &ClassRow) -> Result<Class, ApiError> {
    let opt = |s: &Option<String>| s.as_deref().map(uuid_of).transpose();
    Ok(Class {
        id: uuid_of(&c.id)?,
        name: c.name(),
        grade: c.grade.clamp(0, 255) as u8,
        letter: c.letter.clone(),
        year_id: opt(&c.year_id)?,
        class_teacher_id: opt(&c.class_teacher_id)?,
        week_days: c.week_days.clamp(0, 255) as u8,
        bell_schedule_id: opt(&c.bell_schedule_id)?,
    })
}

/// Classes of the school (of one year), by grade and letter.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(ClassFilter), responses((status = 200, body = Vec<Class>)))]
#[get("/classes")]
pub async fn list_classes(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<ClassFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let year = query.0.year_id.map(|y| y.to_string());
    let list = state
        .read(move |conn| {
            db::classes(conn, caller.school_id, year.as_deref())?
                .iter()
                .map(class_view)
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Open a class in a year, with its class teacher, week mode and bell schedule (R-B2, R-B3).
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = ClassInput,
    responses(
        (status = 201, body = Class),
        (status = 404, description = "the year, teacher or bell schedule is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`class_exists`, `year_archived`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/classes")]
pub async fn create_class(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<ClassInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let class = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let year = db::year(conn, school, &input.year_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            if let Some(t) = input.class_teacher_id {
                if !holds(conn, school, t, Role::Teacher)? {
                    return Err(ApiError::bad_request(
                        ErrorCode::ClassTeacherNotTeacher,
                        "the class teacher must be a teacher of the school",
                    ));
                }
            }
            if let Some(b) = input.bell_schedule_id {
                if !db::bell_schedule_exists(conn, school, &b.to_string())? {
                    return Err(ApiError::not_found());
                }
            }
            let exists = db::classes(conn, school, Some(&year.year.id))?
                .iter()
                .any(|c| c.grade == i32::from(input.grade) && c.letter == input.letter);
            if exists {
                return Err(ApiError::conflict(
                    ErrorCode::ClassExists,
                    format!(
                        "{}{} exists in {}",
                        input.grade, input.letter, year.year.name
                    ),
                ));
            }
            let row = ClassRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                grade: i32::from(input.grade),
                letter: input.letter.clone(),
                class_teacher_id: input.class_teacher_id.map(|t| t.to_string()),
                created_at: now(),
                year_id: Some(year.year.id.clone()),
                week_days: i32::from(input.week_days),
                bell_schedule_id: input.bell_schedule_id.map(|b| b.to_string()),
            };
            db::insert_class(conn, &row)?;
            let view = class_view(&row)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("class.create", "class", &row.id),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(class))
}
