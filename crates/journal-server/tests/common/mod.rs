//! Shared by the binary's test files: the `journal` binary run against a test database.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use journal_db::testing::TestDb;
use std::process::{Command, Output};

/// `journal ARGS` against `db` with `data` as its data directory (fresh keys: no secrets from the
/// environment).
pub fn journal(db: &TestDb, data: &tempfile::TempDir, args: &[&str]) -> Output {
    let url = match db.url.backend {
        journal_db::Backend::Sqlite => format!("sqlite://{}", db.url.target),
        journal_db::Backend::Postgres => db.url.target.clone(),
    };
    Command::new(env!("CARGO_BIN_EXE_journal"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("JOURNAL_DATA_DIR", data.path())
        .env_remove("JOURNAL_AUDIT_SECRET")
        .env_remove("JOURNAL_JWT_SECRET")
        .output()
        .expect("run journal")
}

/// What a run printed, standard output then standard error.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
