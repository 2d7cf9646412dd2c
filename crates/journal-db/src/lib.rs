//! Storage of the Journal: one diesel schema over SQLite (embedded default) and PostgreSQL
//! (production), embedded migrations, data-access functions and the audit writer (R-P4).
//! No HTTP here; rules are decided in `journal-domain`.

pub mod archives;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod clients;
pub mod compromises;
pub mod conn;
pub mod curriculum;
pub mod diary;
pub mod groups;
pub mod journal;
pub mod loader;
pub mod messages;
pub mod names;
pub mod notifications;
pub mod oneroster;
pub mod people;
pub mod planning;
pub mod regions;
pub mod remarks;
pub mod reports;
pub mod rollover;
pub mod roster;
pub mod schema;
pub mod schools;
pub mod sessions;
pub mod structure;
#[cfg(feature = "testing")]
pub mod testing;
pub mod throttle;
pub mod timetable;
pub mod users;

pub use conn::{
    connect, now, run_migrations, write_tx, Backend, DbConnection, DbError, DbPool, DbUrl,
    PooledConn,
};

/// One page of a list and the number of rows matching its filters over all pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed<T> {
    pub rows: Vec<T>,
    pub total: i64,
}
