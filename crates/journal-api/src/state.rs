//! What every handler shares: the pool, the keys, the backend.

use crate::auth::jwt::JwtKeys;
use crate::error::ApiError;
use actix_web::web;
use journal_db::audit::AuditKey;
use journal_db::{write_tx, Backend, DbConnection, DbPool};

/// Application state, cloned into every worker.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub backend: Backend,
    pub jwt: JwtKeys,
    pub audit_key: AuditKey,
    /// Trust `X-Forwarded-For`/`Forwarded` for the caller's address (only behind a known proxy).
    pub behind_proxy: bool,
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
        web::block(move || {
            let mut conn = pool.get()?;
            write_tx(&mut conn, f)
        })
        .await?
    }
}
