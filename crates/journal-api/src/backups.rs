//! Backups on a schedule and on demand (R-P3, [s002 5.2; s004 5.1.7, 6.1]): where they are kept,
//! how often they are taken and how many are kept; taking one (`journal_db::backup::write`),
//! pruning the oldest beyond the count, and what the admin sees: the last backups, their size and
//! age, and whether the last one is older than the schedule allows.

use chrono::{DateTime, NaiveDateTime, Utc};
use journal_db::backup::{self, BackupError, Manifest};
use journal_db::{DbConnection, DbPool};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The backup settings (`JOURNAL_BACKUP_DIR`, `JOURNAL_BACKUP_INTERVAL_HOURS`,
/// `JOURNAL_BACKUP_KEEP`).
#[derive(Debug, Clone)]
pub struct Backups {
    /// Put it on other storage than the database's (a mounted external disk or share).
    pub dir: PathBuf,
    /// How often `journal serve` takes one; none: only on demand.
    pub every: Option<Duration>,
    /// How many are kept; older ones are removed after a new one is written.
    pub keep: usize,
}

/// A backup found in the folder.
#[derive(Debug, Clone)]
pub struct Found {
    pub name: String,
    pub manifest: Manifest,
}

impl Backups {
    /// The backups in the folder, newest first (folders without a readable manifest — a backup
    /// being written, or not ours — are left out).
    pub fn list(&self) -> Vec<Found> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<Found> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .filter_map(|e| {
                let manifest = Manifest::read(&e.path()).ok()?;
                Some(Found {
                    name: e.file_name().to_string_lossy().into_owned(),
                    manifest,
                })
            })
            .collect();
        found.sort_by_key(|f| std::cmp::Reverse(f.manifest.created_at));
        found
    }

    /// Whether the last backup is older than the schedule allows at `now` (with an hour's grace
    /// for the backup itself to run), or there is none though a schedule is set.
    pub fn overdue(&self, last: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
        let Some(every) = self.every else {
            return false;
        };
        let allowed = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX)
            + chrono::Duration::hours(1);
        last.is_none_or(|at| now - at > allowed)
    }

    /// Take a backup now into `backup-<time>` (or `to`), then keep only the newest [`keep`].
    ///
    /// [`keep`]: Backups::keep
    pub fn take(
        &self,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
        to: Option<PathBuf>,
    ) -> Result<(PathBuf, Manifest), BackupError> {
        let dir = match to {
            Some(dir) => dir,
            None => {
                std::fs::create_dir_all(&self.dir)?;
                self.dir
                    .join(format!("backup-{}", now.format("%Y%m%dT%H%M%SZ")))
            }
        };
        let manifest = backup::write(conn, &dir, now.naive_utc())?;
        if dir.parent() == Some(self.dir.as_path()) {
            self.prune()?;
        }
        Ok((dir, manifest))
    }

    /// Remove the oldest backups beyond [`Backups::keep`] (never the newest), and what backups
    /// cut short left behind (`*.partial` folders a day old: a backup takes minutes, so no running
    /// one is touched).
    fn prune(&self) -> std::io::Result<()> {
        for old in self.list().into_iter().skip(self.keep.max(1)) {
            remove(&self.dir.join(old.name))?;
        }
        let day = Duration::from_secs(24 * 3600);
        for entry in std::fs::read_dir(&self.dir)?.filter_map(Result::ok) {
            let stale = entry.file_name().to_string_lossy().ends_with(".partial")
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > day);
            if stale {
                remove(&entry.path())?;
            }
        }
        Ok(())
    }

    /// Take backups on the schedule in a thread of its own, off the request workers: the first
    /// when the last one is due (at once if none), then every interval. Failures are logged and
    /// retried at the next interval; the admin sees the age of the last good one.
    pub fn spawn(self, pool: DbPool) -> std::io::Result<()> {
        let Some(every) = self.every else {
            return Ok(());
        };
        std::thread::Builder::new()
            .name("journal-backups".into())
            .spawn(move || loop {
                let now = Utc::now();
                let last = self.list().first().map(|f| f.manifest.created_at);
                let since = last.map(|at| (now.naive_utc() - at).to_std().unwrap_or_default());
                match since {
                    Some(age) if age < every => std::thread::sleep(every - age),
                    _ => {
                        let taken = pool
                            .get()
                            .map_err(|e| BackupError::Refused(e.to_string()))
                            .and_then(|mut conn| self.take(&mut conn, Utc::now(), None));
                        match taken {
                            Ok((dir, m)) => tracing::info!(
                                backup = %dir.display(),
                                rows = m.total_rows(),
                                bytes = m.total_bytes(),
                                "backup written"
                            ),
                            Err(e) => {
                                tracing::error!(error = %e, "the scheduled backup failed");
                                std::thread::sleep(every);
                            }
                        }
                    }
                }
            })
            .map(|_| ())
    }
}

/// Remove a backup folder (its files are left writable: a backup is not an archive).
fn remove(path: &Path) -> std::io::Result<()> {
    std::fs::remove_dir_all(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_backup_is_overdue_after_the_interval_and_an_hour() {
        let b = Backups {
            dir: PathBuf::new(),
            every: Some(Duration::from_secs(24 * 3600)),
            keep: 7,
        };
        let at = |h: i64| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default()
                + chrono::Duration::hours(h)
        };
        assert!(!b.overdue(Some(at(0)), at(24)));
        assert!(!b.overdue(Some(at(0)), at(25)));
        assert!(b.overdue(Some(at(0)), at(26)));
        assert!(b.overdue(None, at(0)), "a schedule and no backup yet");
        let manual = Backups { every: None, ..b };
        assert!(!manual.overdue(None, at(0)));
    }

    #[test]
    fn a_day_old_partial_backup_is_cleared_and_a_running_one_is_not() {
        let dir = std::env::temp_dir().join(format!("journal-prune-{}", uuid::Uuid::new_v4()));
        let (stale, running) = (dir.join("backup-1.partial"), dir.join("backup-2.partial"));
        for d in [&stale, &running] {
            std::fs::create_dir_all(d.join("tables")).unwrap_or_else(|e| panic!("{e}"));
        }
        let two_days_ago = std::time::SystemTime::now() - Duration::from_secs(48 * 3600);
        std::fs::File::open(&stale)
            .and_then(|f| f.set_modified(two_days_ago))
            .unwrap_or_else(|e| panic!("{e}"));
        let b = Backups {
            dir: dir.clone(),
            every: None,
            keep: 3,
        };
        b.prune().unwrap_or_else(|e| panic!("{e}"));
        assert!(!stale.exists(), "left behind a day ago");
        assert!(running.exists(), "may be being written now");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
