//! Rooms of the school.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::Valid;
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::structure::{Room, RoomInput};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::structure as db;
use journal_domain::Action;
use serde_json::json;
use uuid::Uuid;

/// Rooms of the school.
#[utoipa::path(tag = "structure", security(("bearer" = [])), responses((status = 200, body = Vec<Room>)))]
#[get("/rooms")]
pub async fn list_rooms(state: web::Data<AppState>, auth: Auth) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let list = state
        .read(move |conn| {
            db::rooms(conn, caller.school_id)?
                .into_iter()
                .map(|r| {
                    Ok(Room {
                        id: uuid_of(&r.id)?,
                        name: r.name,
                        capacity: r.capacity,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Add a room.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = RoomInput,
    responses((status = 201, body = Room), (status = 409, description = "`room_exists`", body = Problem, content_type = "application/problem+json")))]
#[post("/rooms")]
pub async fn create_room(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<RoomInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let room = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let name = input.name.trim().to_owned();
            if db::rooms(conn, school)?.iter().any(|r| r.name == name) {
                return Err(ApiError::conflict(
                    ErrorCode::RoomExists,
                    format!("the room «{name}» exists"),
                ));
            }
            let id = Uuid::new_v4();
            db::insert_room(
                conn,
                &db::Room {
                    id: id.to_string(),
                    school_id: school.to_string(),
                    name: name.clone(),
                    capacity: input.capacity,
                },
            )?;
            let room = Room {
                id,
                name,
                capacity: input.capacity,
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("room.create", "room", &id.to_string()),
                None,
                Some(json!(room)),
            )?;
            Ok(room)
        })
        .await?;
    Ok(HttpResponse::Created().json(room))
}
