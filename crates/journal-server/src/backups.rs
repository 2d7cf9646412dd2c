//! `journal backup` and `journal restore` (R-P3): the operator's commands around
//! `journal_api::backups` and `journal_db::backup`.

use anyhow::Result;
use journal_api::backups::Backups;
use journal_db::backup;
use journal_db::DbConnection;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Take a backup now and say where, how many rows and how big.
pub fn run_once(
    conn: &mut DbConnection,
    settings: &Backups,
    to: Option<PathBuf>,
) -> Result<ExitCode> {
    let (dir, m) = settings.take(conn, chrono::Utc::now(), to)?;
    println!(
        "backup written to {}: {} tables, {} rows, {} bytes",
        dir.display(),
        m.tables.len(),
        m.total_rows(),
        m.total_bytes()
    );
    Ok(ExitCode::SUCCESS)
}

/// Restore a backup into this (migrated, empty) database; exit 1 with the reason when refused.
pub fn restore(conn: &mut DbConnection, from: &Path) -> Result<ExitCode> {
    match backup::restore(conn, from) {
        Ok(r) => {
            println!(
                "restored {} tables, {} rows from {}; every table's digest equals the backup's",
                r.tables,
                r.rows,
                from.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("restore refused: {e}");
            Ok(ExitCode::from(1))
        }
    }
}
