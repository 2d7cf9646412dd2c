//! Files attached to messages: uploading to one's own message and downloading.

use super::{attachment_view, my_thread, MESSAGING_ROLES};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::files::Upload;
use crate::services::record_audit;
use crate::state::AppState;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::journal::FileName;
use journal_api_types::messages::AttachmentView;
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::messages::{self as mdb, AttachmentRow};
use journal_db::now;
use serde_json::json;
use uuid::Uuid;

/// Attach a file to the caller's own message; up to the school's homework file limit
/// (`schools.homework_file_limit`, 5 MiB by default), so one setting bounds every upload.
#[utoipa::path(tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The message"), FileName),
    request_body(description = "The file", content((FileBytes = "application/octet-stream"))),
    responses(
        (status = 201, body = AttachmentView),
        (status = 403, description = "`forbidden`: not the caller's message", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large`, `body_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`empty_file`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/messages/{id}/attachments")]
pub async fn upload_attachment(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    path: web::Path<Uuid>,
    query: ValidQuery<FileName>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let upload = Upload::read(&req, &query.0.name, payload).await?;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let m = mdb::message(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            my_thread(conn, &session, &m.thread_id)?;
            if m.author_id != session.caller.user_id.to_string() {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "files are attached by the message's author",
                ));
            }
            upload.check(conn, school)?;
            let size_bytes = upload.size();
            let row = AttachmentRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                message_id: m.id.clone(),
                file_name: upload.name,
                content_type: upload.content_type,
                size_bytes,
                content: upload.bytes,
                created_at: now(),
            };
            mdb::insert_attachment(conn, &row)?;
            let info = mdb::AttachmentInfo {
                id: row.id.clone(),
                message_id: row.message_id.clone(),
                file_name: row.file_name.clone(),
                content_type: row.content_type.clone(),
                size_bytes: row.size_bytes,
                created_at: row.created_at,
            };
            let view = attachment_view(&info)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                session.acting_role(MESSAGING_ROLES),
                ("message.attach", "message_thread", m.thread_id.clone()),
                None,
                Some(json!({"message_id": m.id, "attachment": view})),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Download an attachment of a thread the caller takes part in.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The file", content((FileBytes = "application/octet-stream"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/message-attachments/{id}")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let file = state
        .read(move |conn| {
            let (file, thread) = mdb::attachment(conn, session.caller.school_id, &id)?
                .ok_or_else(ApiError::not_found)?;
            my_thread(conn, &session, &thread)?;
            Ok(file)
        })
        .await?;
    Ok(crate::services::files::attachment(
        &file.file_name,
        &file.content_type,
        file.content,
    ))
}
