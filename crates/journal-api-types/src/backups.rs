//! Backups (R-P3): what the admin sees of them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One backup in the backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BackupView {
    /// Its folder's name, for `journal restore`.
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// `sqlite` or `postgres`: where it was taken (it restores into either).
    pub backend: String,
    pub tables: u32,
    pub rows: u64,
    /// The compressed size on disk.
    pub size_bytes: u64,
}

/// `GET /api/v1/backups`: the schedule, the backups kept and whether the last one is too old.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BackupStatus {
    /// How often the server takes one; none: only on demand (`journal backup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_hours: Option<u32>,
    /// How many are kept.
    pub keep: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_at: Option<DateTime<Utc>>,
    /// The last backup is older than the schedule allows (or there is none yet).
    pub overdue: bool,
    /// Newest first.
    pub backups: Vec<BackupView>,
}
