//! A fresh database per test, on the backend named by `JOURNAL_TEST_BACKEND` (`sqlite`, the default,
//! or `postgres`). PostgreSQL tests create a database of their own on the server at
//! `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`) and drop it afterwards.

use crate::{connect, run_migrations, Backend, DbConnection, DbPool, DbUrl};
use diesel::connection::SimpleConnection;
use diesel::Connection;

/// The PostgreSQL server used when `TEST_POSTGRES_URL` is unset.
pub const DEFAULT_TEST_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The backend the test run is for.
pub fn backend_under_test() -> Backend {
    match std::env::var("JOURNAL_TEST_BACKEND").as_deref() {
        Ok("postgres") | Ok("postgresql") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// A migrated, empty database that disappears when dropped.
pub struct TestDb {
    pub pool: DbPool,
    pub url: DbUrl,
    _cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = self {
            if let Ok(mut admin) = diesel::PgConnection::establish(admin_url) {
                let _ = admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
            }
        }
    }
}

impl TestDb {
    /// A new database on the backend under test. Panics (this is test support) when the backend
    /// cannot be reached.
    #[allow(clippy::expect_used)]
    pub fn new() -> Self {
        Self::on(backend_under_test())
    }

    /// A new database on `backend`, whatever the run is for.
    #[allow(clippy::expect_used)]
    pub fn on(backend: Backend) -> Self {
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                (DbUrl::sqlite_in(dir.path()), Cleanup::Sqlite(dir))
            }
            Backend::Postgres => {
                let admin_url = std::env::var("TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| DEFAULT_TEST_POSTGRES_URL.to_owned());
                let name = format!("journal_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = diesel::PgConnection::establish(&admin_url)
                    .expect("PostgreSQL for tests is reachable (TEST_POSTGRES_URL)");
                admin
                    .batch_execute(&format!("CREATE DATABASE \"{name}\""))
                    .expect("create a test database");
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b);
                let url = DbUrl::parse(&format!("{base}/{name}"));
                (url, Cleanup::Postgres { admin_url, name })
            }
        };
        let pool = connect(&url).expect("test pool");
        let mut conn = pool.get().expect("test connection");
        run_migrations(&mut conn).expect("migrations apply");
        drop(conn);
        Self {
            pool,
            url,
            _cleanup: cleanup,
        }
    }

    /// A connection from the pool.
    #[allow(clippy::expect_used)]
    pub fn conn(&self) -> crate::PooledConn {
        self.pool.get().expect("test connection")
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a connection is the backend under test (sanity check used by suites).
pub fn is_backend_under_test(conn: &DbConnection) -> bool {
    conn.backend() == backend_under_test()
}

/// Revert the newest migration, so a test can write data as it was before it and then run it
/// again with [`crate::run_migrations`] (a migration must keep existing rows).
pub fn revert_last_migration(conn: &mut DbConnection) -> Result<(), String> {
    use diesel_migrations::MigrationHarness;
    match conn {
        DbConnection::Sqlite(c) => c
            .revert_last_migration(crate::conn::SQLITE_MIGRATIONS)
            .map(drop)
            .map_err(|e| e.to_string()),
        DbConnection::Pg(c) => c
            .revert_last_migration(crate::conn::POSTGRES_MIGRATIONS)
            .map(drop)
            .map_err(|e| e.to_string()),
    }
}
