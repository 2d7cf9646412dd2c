//! Stored files as every upload and download takes them: a homework file of a lesson and a
//! message's attachment share the upload's checks, the safe list of content types and the clean
//! file name.

use super::{utc, uuid_of};
use crate::error::ApiError;
use crate::input::body_bytes;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use actix_web::{web, HttpRequest};
use journal_api_types::journal::HomeworkFile;
use journal_api_types::ErrorCode;
use journal_db::journal as jdb;
use journal_db::DbConnection;
use journal_domain::SchoolId;

/// An uploaded file as every upload endpoint takes it: the body, its declared type (at most 100
/// characters) and its name without path separators.
pub(crate) struct Upload {
    pub bytes: Vec<u8>,
    pub content_type: String,
    pub name: String,
}

impl Upload {
    pub(crate) async fn read(
        req: &HttpRequest,
        name: &str,
        payload: web::Payload,
    ) -> Result<Self, ApiError> {
        let bytes = body_bytes(payload).await?;
        let declared = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(Self {
            bytes,
            content_type: safe_content_type(declared).to_owned(),
            name: safe_file_name(name),
        })
    }

    /// Refuse an empty file, and one above the school's limit (`homework_file_limit`, 5 MiB by
    /// default: one setting bounds every upload). Called once the caller may upload, so that
    /// nobody learns more from these answers than from a refusal.
    pub(crate) fn check(&self, conn: &mut DbConnection, school: SchoolId) -> Result<(), ApiError> {
        if self.bytes.is_empty() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::EmptyFile,
                "the file is empty",
            ));
        }
        let limit = jdb::settings(conn, school)?.homework_file_limit;
        if i64::try_from(self.bytes.len()).unwrap_or(i64::MAX) > i64::from(limit) {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::FileTooLarge,
                format!("files up to {} KiB are accepted", limit / 1024),
            ));
        }
        Ok(())
    }

    pub(crate) fn size(&self) -> i32 {
        i32::try_from(self.bytes.len()).unwrap_or(i32::MAX)
    }
}

/// Content types a stored file is served with; anything else (HTML, SVG, scripts) is served as
/// `application/octet-stream`, so an uploaded page never runs in the school's origin.
const SAFE_CONTENT_TYPES: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "application/rtf",
    "application/zip",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "audio/mpeg",
    "video/mp4",
];

/// The declared type if it is on the safe list (parameters dropped), else
/// `application/octet-stream`.
pub(crate) fn safe_content_type(declared: &str) -> &'static str {
    let essence = declared.split(';').next().unwrap_or("").trim();
    SAFE_CONTENT_TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(essence))
        .copied()
        .unwrap_or("application/octet-stream")
}

/// A file name safe to store and to send back in a header: no control characters (CR/LF would
/// break the download's headers), no path separators or quotes, at most 150 characters; «файл»
/// when nothing is left.
pub(crate) fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, '/' | '\\' | '"') {
                '_'
            } else {
                c
            }
        })
        .take(150)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
        "файл".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// A stored file sent for download: always an attachment, with a type from the safe list and a
/// clean name (rows stored before names were cleaned are cleaned again here).
pub(crate) fn attachment(name: &str, content_type: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, safe_content_type(content_type)))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(safe_file_name(name))],
        })
        .body(bytes)
}

/// A stored file as the API lists it.
pub(crate) fn view(
    id: String,
    name: String,
    ct: String,
    size: i32,
    at: chrono::NaiveDateTime,
) -> Result<HomeworkFile, ApiError> {
    Ok(HomeworkFile {
        id: uuid_of(&id)?,
        file_name: name,
        content_type: ct,
        size_bytes: u64::try_from(size).unwrap_or(0),
        uploaded_at: utc(at),
    })
}
