//! Loading many rows at once: as many rows per statement as the backend's limit of bound values
//! allows, and `COPY` on PostgreSQL past one statement. The seeders' bulk loaders (`bulk`) and the
//! audit writer's batches use it.

/// SQLite's limit of bound values in one statement (`SQLITE_MAX_VARIABLE_NUMBER` of the bundled
/// library).
pub const SQLITE_MAX_BINDS: usize = 32_766;
/// PostgreSQL's limit of bound values in one statement (the protocol counts them in 16 bits).
pub const POSTGRES_MAX_BINDS: usize = 65_535;

/// How many rows of `columns` values fit in one statement under `limit` bound values.
pub fn rows_per_statement(limit: usize, columns: usize) -> usize {
    (limit / columns.max(1)).max(1)
}

/// Defines `pub fn $name(conn, rows: &[$row]) -> QueryResult<usize>` loading rows whose fields are
/// named like the table's columns.
macro_rules! bulk_loader {
    ($(#[$doc:meta])* $name:ident, $row:ty, $table:ident, [$($col:ident),+ $(,)?]) => {
        $(#[$doc])*
        pub fn $name(conn: &mut $crate::DbConnection, rows: &[$row]) -> QueryResult<usize> {
            const COLUMNS: usize = [$(stringify!($col)),+].len();
            let mut n = 0;
            match conn {
                $crate::DbConnection::Sqlite(c) => {
                    for chunk in rows.chunks($crate::loader::rows_per_statement($crate::loader::SQLITE_MAX_BINDS, COLUMNS)) {
                        let v: Vec<_> = chunk.iter().map(|r| ($($table::$col.eq(&r.$col)),+)).collect();
                        n += diesel::insert_into($table::table).values(v).execute(c)?;
                    }
                }
                $crate::DbConnection::Pg(c) if rows.len() <= $crate::loader::rows_per_statement($crate::loader::POSTGRES_MAX_BINDS, COLUMNS) => {
                    if !rows.is_empty() {
                        let v: Vec<_> = rows.iter().map(|r| ($($table::$col.eq(&r.$col)),+)).collect();
                        n += diesel::insert_into($table::table).values(v).execute(c)?;
                    }
                }
                $crate::DbConnection::Pg(c) => {
                    let v: Vec<_> = rows.iter().map(|r| ($($table::$col.eq(&r.$col)),+)).collect();
                    n += diesel::copy_from($table::table).from_insertable(v).execute(c)?;
                }
            }
            Ok(n)
        }
    };
}

pub(crate) use bulk_loader;
