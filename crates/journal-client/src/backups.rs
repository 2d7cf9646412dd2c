//! Backups (R-P3): what the admin and the director see of them — the schedule, the backups kept
//! and whether the last one is older than the schedule allows. Taking and restoring one is the
//! server operator's (`journal backup`, `journal restore DIR`), not the API's.

use crate::{Client, Result};
use journal_api_types::backups::BackupStatus;
use reqwest::Method;

impl Client {
    /// `GET /api/v1/backups`: the schedule, the backups kept (newest first) and whether the last
    /// one is overdue; the admin and the director, others `403`.
    pub async fn backup_status(&self) -> Result<BackupStatus> {
        Self::send(self.request(Method::GET, "/backups")).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The server leaves out the schedule and the last time when there are none.
    #[test]
    fn a_status_without_schedule_or_backups_reads() {
        let manual: BackupStatus =
            serde_json::from_str(r#"{"keep":14,"overdue":false,"backups":[]}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(manual.every_hours, None);
        assert_eq!(manual.last_at, None);
        let scheduled: BackupStatus = serde_json::from_str(
            r#"{"every_hours":24,"keep":14,"last_at":"2026-12-05T02:00:00Z","overdue":true,
                "backups":[{"name":"backup-20261205T020000Z","created_at":"2026-12-05T02:00:00Z",
                "backend":"sqlite","tables":40,"rows":45678,"size_bytes":12595}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(scheduled.every_hours, Some(24));
        assert!(scheduled.overdue);
        assert_eq!(scheduled.backups[0].name, "backup-20261205T020000Z");
    }
}
