//! Configuration from the environment (the contract documented in the README).

use anyhow::{bail, Context, Result};
use journal_api::auth::jwt::{JwtKeys, MIN_SECRET_LEN};
use journal_api::auth::passwords::random_token;
use journal_db::audit::AuditKey;
use journal_db::DbUrl;
use std::path::{Path, PathBuf};

/// Settings shared by every command.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub db_url: DbUrl,
}

impl Config {
    /// `JOURNAL_DATA_DIR` (default `./data`) and `DATABASE_URL` (default: SQLite at
    /// `<data dir>/journal.db`).
    pub fn from_env() -> Self {
        let data_dir = std::env::var_os("JOURNAL_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from("data"), PathBuf::from);
        let db_url = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => DbUrl::parse(url.trim()),
            _ => DbUrl::sqlite_in(&data_dir),
        };
        Self { data_dir, db_url }
    }

    /// The JWT signing secret: `JOURNAL_JWT_SECRET`, or one generated once and kept in
    /// `<data dir>/jwt.key` so restarts keep sessions.
    pub fn jwt_keys(&self) -> Result<JwtKeys> {
        let secret = secret("JOURNAL_JWT_SECRET", &self.data_dir.join("jwt.key"))?;
        JwtKeys::from_secret(secret.as_bytes()).map_err(anyhow::Error::msg)
    }

    /// Where archive packages and the schools' seal keys are kept (R-P2): `JOURNAL_ARCHIVE_DIR`,
    /// or `<data dir>/archives`. Put it on storage that is backed up and kept for 25 years.
    pub fn archive_dir(&self) -> PathBuf {
        std::env::var_os("JOURNAL_ARCHIVE_DIR")
            .filter(|v| !v.is_empty())
            .map_or_else(|| self.data_dir.join("archives"), PathBuf::from)
    }

    /// Backups (R-P3): `JOURNAL_BACKUP_DIR` (default `<data dir>/backups`; mount other storage
    /// there), `JOURNAL_BACKUP_INTERVAL_HOURS` (default 24; 0: only `journal backup`) and
    /// `JOURNAL_BACKUP_KEEP` (default 14).
    pub fn backup_settings(&self) -> journal_api::backups::Backups {
        let number = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(default)
        };
        let hours = number("JOURNAL_BACKUP_INTERVAL_HOURS", 24);
        journal_api::backups::Backups {
            dir: std::env::var_os("JOURNAL_BACKUP_DIR")
                .filter(|v| !v.is_empty())
                .map_or_else(|| self.data_dir.join("backups"), PathBuf::from),
            every: (hours > 0).then(|| std::time::Duration::from_secs(hours.saturating_mul(3600))),
            keep: usize::try_from(number("JOURNAL_BACKUP_KEEP", 14)).unwrap_or(14),
        }
    }

    /// The audit chain key: `JOURNAL_AUDIT_SECRET`, or one generated once and kept in
    /// `<data dir>/audit.key`. Losing it makes the chain unverifiable, so back it up with the data.
    pub fn audit_key(&self) -> Result<AuditKey> {
        let secret = secret("JOURNAL_AUDIT_SECRET", &self.data_dir.join("audit.key"))?;
        Ok(AuditKey::new(secret.as_bytes()))
    }
}

/// The mail worker's settings: `JOURNAL_SMTP_URL` (unset: nothing is sent, mail waits in the
/// outbox), `JOURNAL_SMTP_CA_FILE` (a PEM certificate trusted besides the system's),
/// `JOURNAL_MAIL_FROM`, `JOURNAL_DIGEST_HOUR` (the daily digest's hour in each school's time
/// zone, default 18) and `JOURNAL_MAIL_INTERVAL` (seconds between runs, default 30).
pub fn mail_from_env() -> journal_api::notify::MailConfig {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let defaults = journal_api::notify::MailConfig::default();
    journal_api::notify::MailConfig {
        smtp_url: var("JOURNAL_SMTP_URL"),
        ca_file: var("JOURNAL_SMTP_CA_FILE").map(PathBuf::from),
        from: var("JOURNAL_MAIL_FROM").unwrap_or(defaults.from),
        digest_hour: var("JOURNAL_DIGEST_HOUR")
            .and_then(|h| h.trim().parse().ok())
            .filter(|h| *h < 24)
            .unwrap_or(defaults.digest_hour),
        interval_secs: var("JOURNAL_MAIL_INTERVAL")
            .and_then(|h| h.trim().parse().ok())
            .unwrap_or(defaults.interval_secs),
    }
}

/// What protects the server (README, Security): `JOURNAL_LOGIN_ADDRESS_LIMIT` (failed password
/// checks from one address per 15 minutes before it waits; 0 turns the per-address limit off;
/// default 100), `JOURNAL_HEAVY_JOBS` (password checks and file reads at once; default: the
/// number of cores) and `JOURNAL_HEAVY_QUEUE` (how many more may wait before `503 server_busy`;
/// default eight per core).
pub fn guard_from_env() -> journal_api::state::Guard {
    use journal_api::state::{Guard, Heavy};
    use journal_domain::throttle::{Settings, DEFAULT_ADDRESS_LIMIT};
    let number = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let jobs = number("JOURNAL_HEAVY_JOBS")
        .filter(|n| *n > 0)
        .unwrap_or(cores);
    let queue = number("JOURNAL_HEAVY_QUEUE").unwrap_or(cores * 8);
    Guard {
        heavy: Heavy::new(jobs, queue),
        throttle: Settings {
            address_limit: number("JOURNAL_LOGIN_ADDRESS_LIMIT")
                .map_or(DEFAULT_ADDRESS_LIMIT, |n| n.min(i64::MAX as usize) as i64),
        },
        ..Guard::default()
    }
}

fn secret(var: &str, file: &Path) -> Result<String> {
    if let Ok(value) = std::env::var(var) {
        if value.len() < MIN_SECRET_LEN {
            bail!("{var} must be at least {MIN_SECRET_LEN} bytes long");
        }
        return Ok(value);
    }
    if file.exists() {
        let value = std::fs::read_to_string(file)
            .with_context(|| format!("reading {}", file.display()))?
            .trim()
            .to_owned();
        if value.len() < MIN_SECRET_LEN {
            bail!(
                "{} holds a secret shorter than {MIN_SECRET_LEN} bytes",
                file.display()
            );
        }
        return Ok(value);
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let value = random_token();
    write_private(file, &value).with_context(|| format!("writing {}", file.display()))?;
    tracing::info!(file = %file.display(), "generated a new secret ({var} unset)");
    Ok(value)
}

#[cfg(unix)]
fn write_private(file: &Path, value: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)?;
    f.write_all(value.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(file: &Path, value: &str) -> std::io::Result<()> {
    std::fs::write(file, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secret_is_kept_across_restarts() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("jwt.key");
        let first = secret("JOURNAL_TEST_UNSET_SECRET", &file)?;
        let second = secret("JOURNAL_TEST_UNSET_SECRET", &file)?;
        assert_eq!(first, second);
        assert!(first.len() >= MIN_SECRET_LEN);
        Ok(())
    }
}
