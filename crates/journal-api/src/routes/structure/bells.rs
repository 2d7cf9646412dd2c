//! Bell schedules.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::Valid;
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::structure::{BellInput, BellSchedule, BellScheduleInput};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::now;
use journal_db::structure as db;
use journal_domain::Action;
use serde_json::json;
use uuid::Uuid;

/// Bell schedules of the school.
#[utoipa::path(tag = "structure", security(("bearer" = [])), responses((status = 200, body = Vec<BellSchedule>)))]
#[get("/bell-schedules")]
pub async fn list_bell_schedules(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let list = state
        .read(move |conn| {
            db::bell_schedules(conn, caller.school_id)?
                .into_iter()
                .map(|(id, name, bells)| {
                    Ok(BellSchedule {
                        id: uuid_of(&id)?,
                        name,
                        bells: bells.into_iter().map(bell_view).collect(),
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

fn bell_view(b: db::Bell) -> BellInput {
    BellInput {
        lesson_number: b.lesson_number.clamp(0, 255) as u8,
        starts_at: b.starts_at,
        ends_at: b.ends_at,
    }
}

/// Create a bell schedule (lesson number → start and end, R-B2). Bells must be in order, each
/// ending after it starts and before the next one starts.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = BellScheduleInput,
    responses((status = 201, body = BellSchedule), (status = 422, description = "`bells_out_of_order`", body = Problem, content_type = "application/problem+json")))]
#[post("/bell-schedules")]
pub async fn create_bell_schedule(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<BellScheduleInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let mut input = body.0;
    input.bells.sort_by_key(|b| b.lesson_number);
    let ordered = input
        .bells
        .windows(2)
        .all(|w| w[0].ends_at <= w[1].starts_at && w[0].lesson_number < w[1].lesson_number)
        && input.bells.iter().all(|b| b.starts_at < b.ends_at);
    if !ordered {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BellsOutOfOrder,
            "each lesson must end after it starts and before the next one starts",
        ));
    }
    let st = state.clone();
    let created = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let id = Uuid::new_v4();
            let rows: Vec<db::Bell> = input
                .bells
                .iter()
                .map(|b| db::Bell {
                    school_id: school.to_string(),
                    schedule_id: id.to_string(),
                    lesson_number: i32::from(b.lesson_number),
                    starts_at: b.starts_at.clone(),
                    ends_at: b.ends_at.clone(),
                })
                .collect();
            db::insert_bell_schedule(
                conn,
                school,
                &id.to_string(),
                input.name.trim(),
                &rows,
                now(),
            )?;
            let view = BellSchedule {
                id,
                name: input.name.trim().to_owned(),
                bells: input.bells.clone(),
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("bell_schedule.create", "bell_schedule", &id.to_string()),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}
