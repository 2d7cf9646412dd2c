//! School years and their calendars.

use super::{ensure_year_name_free, new_year, year_detail, year_rows, year_view};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::Valid;
use crate::services::ensure_open;
use crate::services::record_audit;
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpResponse};
use journal_api_types::structure::{CalendarInput, CreateYearRequest, SchoolYear, YearDetail};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::structure as db;
use journal_domain::calendar::Span;
use journal_domain::Action;
use serde_json::json;
use uuid::Uuid;

/// The school's years, newest first.
#[utoipa::path(tag = "structure", security(("bearer" = [])),
    responses((status = 200, body = Vec<SchoolYear>), (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/years")]
pub async fn list_years(state: web::Data<AppState>, auth: Auth) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let years = state
        .read(move |conn| {
            db::years(conn, caller.school_id)?
                .iter()
                .map(year_view)
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(years))
}

/// Open a school year with its periods (per grade range) and holidays (R-B2). The calendar is
/// checked as a whole: periods inside the year, not overlapping for the same grades, numbered in
/// date order; holidays inside the year, not overlapping, not on a period's first or last day.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = CreateYearRequest,
    responses(
        (status = 201, body = YearDetail),
        (status = 409, description = "`year_exists`, `years_overlap`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`calendar_invalid` with one entry per problem in `errors`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/years")]
pub async fn create_year(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<CreateYearRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let req = body.0;
    let school = session.caller.school_id;
    let year = new_year(school, &req.name, req.starts_on, req.ends_on);
    let rows = year_rows(school, year, &req.calendar)?;
    let st = state.clone();
    let detail = state
        .write(move |conn| {
            let years = db::years(conn, school)?;
            ensure_year_name_free(&years, &rows.year.name)?;
            let overlapping = years.into_iter().find(|y| {
                Span::new(y.starts_on, y.ends_on)
                    .overlaps(Span::new(rows.year.starts_on, rows.year.ends_on))
            });
            if let Some(y) = overlapping {
                return Err(ApiError::conflict(
                    ErrorCode::YearsOverlap,
                    format!("the dates overlap the year {}", y.name),
                ));
            }
            db::insert_year(conn, &rows)?;
            let detail = year_detail(&rows)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("year.create", "school_year", &rows.year.id),
                None,
                Some(json!(detail)),
            )?;
            Ok(detail)
        })
        .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// A year with its calendar.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = YearDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/years/{id}")]
pub async fn get_year(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let id = path.into_inner().to_string();
    let detail = state
        .read(move |conn| {
            year_detail(&db::year(conn, caller.school_id, &id)?.ok_or_else(ApiError::not_found)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Replace the periods and holidays of an open year (an archived year is read-only, R-B7).
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CalendarInput,
    responses(
        (status = 200, body = YearDetail),
        (status = 409, description = "`year_archived`, `period_in_use` (a period with journal finals, closes or inspection remarks would be removed)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`calendar_invalid`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/years/{id}/calendar")]
pub async fn replace_calendar(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<CalendarInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let id = path.into_inner().to_string();
    let input = body.0;
    let st = state.clone();
    let detail = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let old = db::year(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&old.year)?;
            let mut rows = year_rows(school, old.year.clone(), &input)?;
            for gone in old
                .periods
                .iter()
                .filter(|o| !rows.periods.iter().any(|p| db::same_period(o, p)))
            {
                if db::period_in_use(conn, &gone.id)? {
                    return Err(ApiError::conflict(
                        ErrorCode::PeriodInUse,
                        format!(
                            "{} {} (grades {}–{}) has journal finals or closes and cannot be removed",
                            gone.kind, gone.number, gone.grade_from, gone.grade_to
                        ),
                    ));
                }
            }
            db::replace_calendar(conn, &mut rows)?;
            let detail = year_detail(&rows)?;
            record_audit(conn, &st.audit_key, &session, Action::ManageStructure, ("year.calendar", "school_year", id.clone()), Some(json!(year_detail(&old)?)), Some(json!(detail)))?;
            Ok(detail)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}
