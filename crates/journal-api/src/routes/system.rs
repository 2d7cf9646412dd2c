//! Service information.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;
use journal_api_types::system::Health;
use journal_api_types::ErrorCode;
use journal_api_types::Problem;

/// Whether the service and its database answer; no sign-in needed.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "The service and its database answer", body = Health),
        (status = 503, description = "The database is unreachable", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .read(|conn| {
            conn.batch_execute("SELECT 1").map_err(|e| {
                tracing::error!(error = %e, "health check query failed");
                ApiError::new(
                    actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::DatabaseUnavailable,
                    "the database does not answer",
                )
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.backend.as_str().into(),
    }))
}
