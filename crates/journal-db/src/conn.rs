//! Connections: the backend is chosen explicitly from `DATABASE_URL`, never guessed by trying.

use chrono::{NaiveDateTime, SubsecRound, Utc};
use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One connection to either backend; every query in this crate is written once for both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(diesel::SqliteConnection),
    Pg(diesel::PgConnection),
}

pub(crate) const SQLITE_MIGRATIONS: EmbeddedMigrations =
    embed_migrations!("../../migrations/sqlite");
pub(crate) const POSTGRES_MIGRATIONS: EmbeddedMigrations =
    embed_migrations!("../../migrations/postgres");

/// SQLite pragmas for every connection (the wait first: switching to WAL needs the lock): WAL for
/// concurrent readers, enforced foreign keys, a wait
/// instead of an immediate "database is locked", and FULL sync so an acknowledged write survives a
/// power cut.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";

/// The database backend in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgres`, as reported by the health endpoint.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A parsed `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUrl {
    pub backend: Backend,
    /// What the driver gets: a file path for SQLite, the URL itself for PostgreSQL.
    pub target: String,
}

impl DbUrl {
    /// `postgres://…`/`postgresql://…` → PostgreSQL; `sqlite://path`, `sqlite:path` or a bare path
    /// → SQLite.
    pub fn parse(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Self {
                backend: Backend::Postgres,
                target: url.to_owned(),
            };
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        Self {
            backend: Backend::Sqlite,
            target: path.to_owned(),
        }
    }

    /// The SQLite file at `data_dir/journal.db`: the default when `DATABASE_URL` is unset.
    pub fn sqlite_in(data_dir: &Path) -> Self {
        Self {
            backend: Backend::Sqlite,
            target: data_dir.join("journal.db").to_string_lossy().into_owned(),
        }
    }

    /// The URL with any password hidden, for logs.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.target),
            Backend::Postgres => match (self.target.find("://"), self.target.rfind('@')) {
                (Some(scheme), Some(at)) if at > scheme => {
                    let userinfo = &self.target[scheme + 3..at];
                    let user = userinfo.split(':').next().unwrap_or("");
                    format!(
                        "{}{}:***{}",
                        &self.target[..scheme + 3],
                        user,
                        &self.target[at..]
                    )
                }
                _ => self.target.clone(),
            },
        }
    }
}

/// Errors of setting up storage.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Query(#[from] DieselError),
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("cannot prepare the database directory {0}: {1}")]
    Directory(PathBuf, std::io::Error),
}

/// Opens connections of one backend for the pool, with the SQLite pragmas applied.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DbUrl,
}

impl Manager {
    fn open(&self) -> Result<DbConnection, DbError> {
        match self.url.backend {
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(&self.url.target)?;
                conn.batch_execute(SQLITE_PRAGMAS)?;
                Ok(DbConnection::Sqlite(conn))
            }
            Backend::Postgres => Ok(DbConnection::Pg(diesel::PgConnection::establish(
                &self.url.target,
            )?)),
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        self.open()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        Ok(conn.batch_execute("SELECT 1")?)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        // A connection left inside a transaction (a panic mid-request) must not be reused.
        std::thread::panicking()
            || !matches!(
                <DbConnection as Connection>::TransactionManager::transaction_manager_status_mut(
                    conn
                )
                .transaction_depth(),
                Ok(None)
            )
    }
}

pub type DbPool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Open a pool for `url`, creating the SQLite file's directory when needed.
pub fn connect(url: &DbUrl) -> Result<DbPool, DbError> {
    if url.backend == Backend::Sqlite {
        if let Some(dir) = Path::new(&url.target).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| DbError::Directory(dir.to_owned(), e))?;
            }
        }
    }
    let size = match url.backend {
        Backend::Sqlite => 8,
        Backend::Postgres => 16,
    };
    // All connections open at start (r2d2's default): with fewer kept idle, the pool opens more
    // on a background thread, which a short command (migrate, seed-demo) can exit in the middle
    // of, and libpq crashes the exit.
    Ok(r2d2::Pool::builder()
        .max_size(size)
        // No `SELECT 1` before every use (two round trips per API request): a connection that
        // broke while idle fails its next query, which answers 500 once, and the pool then drops
        // it (`has_broken`).
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(10))
        .build(Manager { url: url.clone() })?)
}

impl DbConnection {
    /// The backend of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Sqlite(_) => Backend::Sqlite,
            DbConnection::Pg(_) => Backend::Postgres,
        }
    }
}

/// Insert many rows in one statement. Multi-row `INSERT` does not go through the
/// `MultiConnection` (each backend's batch insert is its own type), so this is the per-backend
/// escape hatch: the same diesel expression, compiled once per concrete connection.
#[macro_export]
macro_rules! batch_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::DbConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::DbConnection::Pg(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

/// Apply pending migrations of the connection's backend; returns how many ran.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, DbError> {
    let applied: Result<usize, String> = match conn {
        DbConnection::Sqlite(c) => {
            let applied = c
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map(|v| v.len())
                .map_err(|e| e.to_string());
            // A migration that runs outside diesel's transaction (it turns foreign keys off to
            // rebuild a table, see migrations/sqlite/*/metadata.toml) opens its own; if it failed
            // half-way, roll that back (an error here only means none was open) and turn the
            // foreign keys on again either way.
            if applied.is_err() {
                let _ = c.batch_execute("ROLLBACK");
            }
            c.batch_execute("PRAGMA foreign_keys = ON")?;
            applied
        }
        DbConnection::Pg(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len())
            .map_err(|e| e.to_string()),
    };
    applied.map_err(DbError::Migration)
}

/// Run `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite (the write lock is taken up front, so
/// two writers wait for each other instead of failing on lock upgrade), `BEGIN` on PostgreSQL.
/// Committed when `f` succeeds, rolled back otherwise.
pub fn write_tx<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    type Tm = <DbConnection as Connection>::TransactionManager;
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::connection::AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        DbConnection::Pg(_) => Tm::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            Tm::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            // The original error matters more than a failed rollback; the pool discards a
            // connection left in a transaction.
            let _ = Tm::rollback_transaction(conn);
            Err(e)
        }
    }
}

/// The current UTC time truncated to microseconds, so both backends store and read back the same
/// value (SQLite would keep nanoseconds, PostgreSQL keeps microseconds).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_is_chosen_from_the_scheme() {
        assert_eq!(DbUrl::parse("postgres://u@h/db").backend, Backend::Postgres);
        assert_eq!(
            DbUrl::parse("postgresql://u@h/db").backend,
            Backend::Postgres
        );
        let sqlite = DbUrl::parse("sqlite://data/j.db");
        assert_eq!(
            (sqlite.backend, sqlite.target.as_str()),
            (Backend::Sqlite, "data/j.db")
        );
        assert_eq!(
            DbUrl::parse("/var/lib/journal.db").target,
            "/var/lib/journal.db"
        );
    }

    #[test]
    fn passwords_are_hidden_in_logs() {
        let url = DbUrl::parse("postgres://journal:s3cret@db.local:5432/journal");
        assert_eq!(
            url.redacted(),
            "postgres://journal:***@db.local:5432/journal"
        );
    }
}
