//! Opening the next school year from this one (R-B7).

use super::{ensure_year_name_free, new_year, year_detail, year_rows};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::Valid;
use crate::services::ensure_open;
use crate::services::record_audit;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use journal_api_types::structure::{CreateYearRequest, Promotion, RolloverResult};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::now;
use journal_db::structure as db;
use journal_domain::Action;
use serde_json::json;
use uuid::Uuid;

/// Open the new school year from this one (R-B7): classes move up a grade with their students and
/// class teachers, the last grade graduates, groups follow their classes with their current
/// members (a leading class name in a group's name is promoted too), and this year becomes
/// read-only. The new year's
/// calendar is checked like any year's.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CreateYearRequest,
    responses(
        (status = 201, body = RolloverResult),
        (status = 409, description = "`year_archived` (already rolled over), `year_exists`, `years_overlap`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`calendar_invalid`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/years/{id}/rollover")]
pub async fn rollover(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<CreateYearRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::RolloverYear)?;
    let closed = path.into_inner();
    let old_id = closed.to_string();
    let req = body.0;
    let school = session.caller.school_id;
    let year = new_year(school, &req.name, req.starts_on, req.ends_on);
    let rows = year_rows(school, year, &req.calendar)?;
    let st = state.clone();
    let closer = session.clone();
    let result = state
        .write(move |conn| {
            let old = db::year(conn, school, &old_id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&old.year)?;
            ensure_year_name_free(&db::years(conn, school)?, &rows.year.name)?;
            if rows.year.starts_on <= old.year.ends_on {
                return Err(ApiError::conflict(
                    ErrorCode::YearsOverlap,
                    "the new year must start after the old one ends",
                ));
            }
            let done = journal_db::rollover::rollover(conn, school, &old.year, &rows, now())?;
            let result = RolloverResult {
                year: year_detail(&rows)?,
                promoted: done
                    .promoted
                    .iter()
                    .map(|(from, to)| Promotion {
                        from: from.clone(),
                        to: to.clone(),
                    })
                    .collect(),
                graduated: done.graduated.clone(),
                students_carried: u32::try_from(done.students_carried).unwrap_or(u32::MAX),
                groups_carried: u32::try_from(done.groups_carried).unwrap_or(u32::MAX),
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::RolloverYear,
                ("year.rollover", "school_year", old_id.clone()),
                Some(json!({ "year": old.year.name, "status": "open" })),
                Some(json!(result)),
            )?;
            Ok(result)
        })
        .await?;
    // R-P2: the closed year is archived, in the background (a whole year of a large school takes
    // a while); the package is listed under /archives when sealed.
    crate::archive::in_background(&state, closer, crate::archive::What::Year(closed));
    Ok(HttpResponse::Created().json(result))
}
