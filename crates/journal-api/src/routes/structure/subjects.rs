//! Subjects of the school.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::Valid;
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::structure::{Subject, SubjectInput};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::roster;
use journal_db::structure as db;
use journal_domain::Action;
use serde_json::json;
use uuid::Uuid;

/// Subjects of the school, in Russian alphabetical order.
#[utoipa::path(tag = "structure", security(("bearer" = [])), responses((status = 200, body = Vec<Subject>)))]
#[get("/subjects")]
pub async fn list_subjects(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let list = state
        .read(move |conn| {
            db::subjects(conn, caller.school_id)?
                .into_iter()
                .map(|s| {
                    Ok(Subject {
                        id: uuid_of(&s.id)?,
                        name: s.name,
                        short_name: s.short_name,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Add a subject (R-B3).
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = SubjectInput,
    responses((status = 201, body = Subject), (status = 409, description = "`subject_exists`", body = Problem, content_type = "application/problem+json")))]
#[post("/subjects")]
pub async fn create_subject(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<SubjectInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let subject = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let name = input.name.trim().to_owned();
            if db::subjects(conn, school)?.iter().any(|s| s.name == name) {
                return Err(ApiError::conflict(
                    ErrorCode::SubjectExists,
                    format!("the subject «{name}» exists"),
                ));
            }
            let id = Uuid::new_v4();
            let row = roster::Subject {
                id: id.to_string(),
                school_id: school.to_string(),
                name: name.clone(),
                short_name: input.short_name.trim().to_owned(),
            };
            roster::insert_subjects(conn, std::slice::from_ref(&row))?;
            let subject = Subject {
                id,
                name,
                short_name: row.short_name,
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("subject.create", "subject", &id.to_string()),
                None,
                Some(json!(subject)),
            )?;
            Ok(subject)
        })
        .await?;
    Ok(HttpResponse::Created().json(subject))
}
