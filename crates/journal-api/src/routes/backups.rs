//! Backups as the admin sees them (R-P3): the schedule, the backups kept with their size and age,
//! and a warning when the last one is older than the schedule allows. Backups are taken by
//! `journal serve` on its schedule and by `journal backup`; they hold every school of the server,
//! so only what they are is shown, never their content.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::services::utc;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use journal_api_types::backups::{BackupStatus, BackupView};
use journal_api_types::{ErrorCode, Problem};
use journal_domain::Action;

/// The backups and their schedule: the admin and the director.
#[utoipa::path(tag = "system", security(("bearer" = [])),
    responses(
        (status = 200, body = BackupStatus),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/backups")]
pub async fn backup_status(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ViewBackups).map_err(|_| {
        ApiError::forbidden(
            ErrorCode::Forbidden,
            "backups are the admin's and the director's",
        )
    })?;
    let backups = state.backups.clone();
    let now = session.clock.now().naive_utc();
    let status = state
        .guard
        .heavy
        .run(move || {
            let found = backups.list();
            let last = found.first().map(|f| f.manifest.created_at);
            Ok(BackupStatus {
                every_hours: backups
                    .every
                    .map(|d| u32::try_from(d.as_secs() / 3600).unwrap_or(u32::MAX)),
                keep: u32::try_from(backups.keep).unwrap_or(u32::MAX),
                last_at: last.map(utc),
                overdue: backups.overdue(last, now),
                backups: found
                    .into_iter()
                    .map(|f| BackupView {
                        created_at: utc(f.manifest.created_at),
                        backend: f.manifest.backend.clone(),
                        tables: u32::try_from(f.manifest.tables.len()).unwrap_or(u32::MAX),
                        rows: f.manifest.total_rows(),
                        size_bytes: f.manifest.total_bytes(),
                        name: f.name,
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(status))
}
