//! Files given with a lesson's homework (R-J1): uploaded by whoever writes the lesson, up to the
//! school's size limit; read by whoever reads the lesson, and downloaded by the students who take
//! it and their guardians (R-D1). The raw request body is the file; its name comes in `?name=`.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::files::{attachment, view, Upload};
use crate::services::lessons::{locate, relation};
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use journal_api_types::import::FileBytes;
use journal_api_types::journal::{FileName, HomeworkFile};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::journal::{self as jdb, HomeworkFileRow};
use journal_db::timetable::ChangeRow;
use journal_db::{now, DbConnection};
use journal_domain::SchoolId;
use serde_json::json;
use uuid::Uuid;

/// How the caller stands to a lesson (R-A4, R-A5, R-T2).
struct LessonAccess {
    read: bool,
    write: bool,
    /// The role its audit entries record: `teacher` for whoever gives the lesson.
    acting: String,
}

fn lesson_access(
    conn: &mut DbConnection,
    session: &crate::auth::Session,
    school: SchoolId,
    entry: Uuid,
    date: NaiveDate,
) -> Result<LessonAccess, ApiError> {
    let (located, _) = locate(conn, school, entry, date)?;
    let change = located.change.as_ref().and_then(ChangeRow::change);
    let r = relation(session, &located, change.as_ref());
    Ok(LessonAccess {
        read: r.may_read(),
        write: r.may_write(),
        acting: session.acting_as(
            r.gives_it(),
            &[journal_domain::Role::Deputy, journal_domain::Role::Director],
        ),
    })
}

/// Attach a file to a lesson's homework: the lesson's teacher (or its substitute), the deputy or
/// the director; up to the school's limit (5 MiB by default).
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path), FileName),
    request_body(description = "The file", content((FileBytes = "application/octet-stream"))),
    responses(
        (status = 201, body = HomeworkFile),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_such_lesson`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large`, `body_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`empty_file`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/lessons/{entry_id}/{date}/files")]
pub async fn upload(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    path: web::Path<(Uuid, NaiveDate)>,
    query: ValidQuery<FileName>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (entry, date) = path.into_inner();
    let upload = Upload::read(&req, &query.0.name, payload).await?;
    let st = state.clone();
    let file = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let access = lesson_access(conn, &session, school, entry, date)?;
            if !access.write {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "only the lesson's teacher attaches homework",
                ));
            }
            upload.check(conn, school)?;
            let size_bytes = upload.size();
            let row = HomeworkFileRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                entry_id: entry.to_string(),
                lesson_date: date,
                file_name: upload.name,
                content_type: upload.content_type,
                size_bytes,
                content: upload.bytes,
                uploaded_by: session.caller.user_id.to_string(),
                created_at: now(),
            };
            jdb::insert_file(conn, &row)?;
            let view = view(
                row.id.clone(),
                row.file_name.clone(),
                row.content_type.clone(),
                row.size_bytes,
                row.created_at,
            )?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                access.acting,
                ("homework_file.upload", "lesson", format!("{entry}/{date}")),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(file))
}

/// The files of a lesson's homework, for whoever reads the lesson.
#[utoipa::path(tag = "journal", security(("bearer" = [])),
    params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)),
    responses(
        (status = 200, body = Vec<HomeworkFile>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/lessons/{entry_id}/{date}/files")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (entry, date) = path.into_inner();
    let files = state
        .read(move |conn| {
            if !lesson_access(conn, &session, session.caller.school_id, entry, date)?.read {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "this lesson is not yours",
                ));
            }
            jdb::files_of(conn, &entry.to_string(), date)?
                .into_iter()
                .map(|(id, name, ct, size, at)| view(id, name, ct, size, at))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(files))
}

/// Download a homework file.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The file", content((FileBytes = "application/octet-stream"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/files/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let file = state
        .read(move |conn| {
            let school = session.caller.school_id;
            let f = jdb::file(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            let (entry, date) = (uuid_of(&f.entry_id)?, f.lesson_date);
            if !lesson_access(conn, &session, school, entry, date)?.read
                && !crate::services::diary::family_takes_lesson(conn, &session, &f.entry_id, date)?
            {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "this lesson is not yours",
                ));
            }
            Ok(f)
        })
        .await?;
    Ok(attachment(
        &file.file_name,
        &file.content_type,
        file.content,
    ))
}

/// Remove a homework file: whoever writes the lesson.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/files/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let st = state.clone();
    state
        .write(move |conn| {
            let school = session.caller.school_id;
            let f = jdb::file(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            let access =
                lesson_access(conn, &session, school, uuid_of(&f.entry_id)?, f.lesson_date)?;
            if !access.write {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "only the lesson's teacher removes its files",
                ));
            }
            jdb::delete_file(conn, &f.id)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                access.acting,
                (
                    "homework_file.delete",
                    "lesson",
                    format!("{}/{}", f.entry_id, f.lesson_date),
                ),
                Some(json!({"id": f.id, "file_name": f.file_name, "size_bytes": f.size_bytes})),
                None,
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
