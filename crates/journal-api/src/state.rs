//! What every handler shares: the pool, the keys, the backend.

use crate::auth::jwt::JwtKeys;
use crate::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::web;
use journal_api_types::ErrorCode;
use journal_db::audit::AuditKey;
use journal_db::{write_tx, Backend, DbConnection, DbPool};
use journal_domain::throttle;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Application state, cloned into every worker.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub backend: Backend,
    pub jwt: JwtKeys,
    pub audit_key: AuditKey,
    /// Trust `X-Forwarded-For`/`Forwarded` for the caller's address (only behind a known proxy).
    pub behind_proxy: bool,
    /// What protects the server from heavy or hostile use.
    pub guard: Guard,
    /// The time the server goes by (fixed in tests); see [`crate::clock`].
    pub clock: crate::clock::Clock,
    /// Where archive packages and the schools' seal keys are kept (R-P2).
    pub archive: crate::archive::Store,
    /// Where backups are kept and how often they are taken (R-P3).
    pub backups: crate::backups::Backups,
}

/// Limits that keep the server serving under load and abuse (see README, Security).
#[derive(Clone, Default)]
pub struct Guard {
    /// The bounded pool of CPU- and memory-heavy work.
    pub heavy: Heavy,
    /// Sign-in throttling settings (R-S4).
    pub throttle: throttle::Settings,
    /// SQLite takes one writer at a time. Writers of this process queue here, in turn, instead of
    /// retrying on SQLite's busy handler, whose sleeps let a late writer win and an early one
    /// wait past the busy timeout (a 500 under a burst of saves). Other processes (the CLI) still
    /// meet the busy timeout.
    pub sqlite_writer: Arc<std::sync::Mutex<()>>,
    /// Each integration client's calls in its current minute (R-A10,
    /// `journal_domain::clients::admit`), kept by this server process.
    pub client_calls: Arc<std::sync::Mutex<ClientCalls>>,
}

/// The call windows of integration clients, by client id.
pub type ClientCalls = std::collections::HashMap<String, (chrono::NaiveDateTime, u32)>;

/// A bounded pool for CPU- or memory-heavy work (argon2 password checks at 19 MiB each, reading
/// uploaded spreadsheets): at most `running` jobs at once on the blocking threads, at most
/// `waiting` more queued; past that the caller gets `503 server_busy` at once instead of memory
/// and threads growing without bound.
#[derive(Clone)]
pub struct Heavy {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
}

impl Default for Heavy {
    /// As many jobs as cores, and eight times as many waiting.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::new(cores, cores * 8)
    }
}

/// A place in the heavy pool: held while the job runs.
pub struct HeavyPermit {
    _admitted: OwnedSemaphorePermit,
    _running: OwnedSemaphorePermit,
}

impl Heavy {
    pub fn new(running: usize, waiting: usize) -> Self {
        Self {
            running: Arc::new(Semaphore::new(running.max(1))),
            admitted: Arc::new(Semaphore::new(running.max(1) + waiting)),
        }
    }

    /// Wait for a place to run, or `503 server_busy` when the queue is full.
    pub async fn enter(&self) -> Result<HeavyPermit, ApiError> {
        let admitted = self.admitted.clone().try_acquire_owned().map_err(|_| {
            let mut e = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::ServerBusy,
                "the server is busy; try again in a moment",
            );
            e.retry_after = Some(1);
            e
        })?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        Ok(HeavyPermit {
            _admitted: admitted,
            _running: running,
        })
    }

    /// Run `f` in the pool on a blocking thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.enter().await?;
        let out = web::block(f).await?;
        drop(permit);
        out
    }
}

impl AppState {
    /// Run `f` with a pooled connection on the blocking thread pool (diesel is synchronous).
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Run `f` inside one write transaction: everything it writes, audit entries included, is
    /// committed together or not at all.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let writer = (self.backend == Backend::Sqlite).then(|| self.guard.sqlite_writer.clone());
        web::block(move || {
            // A writer that panicked leaves nothing half-written (its transaction is rolled
            // back), so a poisoned lock is still a good one.
            let _turn = writer
                .as_ref()
                .map(|w| w.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            let mut conn = pool.get()?;
            write_tx(&mut conn, f)
        })
        .await?
    }
}
