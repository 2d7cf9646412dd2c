//! Backups and restores (R-P3): a logical copy of every table, the same on both backends, so a
//! backup of SQLite restores into PostgreSQL and back (a school that grows into a region moves
//! without loss).
//!
//! A backup is a folder: `manifest.json` (format, when, from which backend, the migrations the
//! schema is at, and per table its rows and the SHA-256 of its rows) and `tables/<table>.jsonl.gz`
//! (one row a line, in primary-key order, in a canonical form: a JSON object with sorted keys,
//! timestamps `YYYY-MM-DDTHH:MM:SS.ffffff`, booleans as booleans, binary as hex). The digest of a
//! table is the SHA-256 of its canonical lines, so a copy on either backend has the same digests
//! as its source, and `restore` checks them before it commits.
//!
//! The tables, their columns, keys and references are read from the database's own catalog: a
//! new migration needs nothing here. The copy is read in one read-only transaction (SQLite's
//! snapshot, PostgreSQL's repeatable read), so it is consistent while the server writes; rows are
//! read in pages of [`PAGE`] by key and written as they come, never a whole table in memory.

use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Rows read (and inserted) at a time.
pub const PAGE: usize = 500;
/// The format written in `manifest.json`.
pub const FORMAT: &str = "journal-backup/1";
const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

/// What a column holds, as the canonical form writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Real,
    Boolean,
    Date,
    Timestamp,
    Blob,
}

impl Kind {
    /// The kind of a declared type (SQLite's `TIMESTAMP`, PostgreSQL's `timestamp without time
    /// zone`…).
    fn of(declared: &str) -> Kind {
        let t = declared.to_ascii_uppercase();
        if t.contains("TIMESTAMP") {
            Kind::Timestamp
        } else if t.contains("DATE") {
            Kind::Date
        } else if t.contains("BOOL") {
            Kind::Boolean
        } else if t.contains("INT") {
            Kind::Integer
        } else if t.contains("REAL")
            || t.contains("DOUBLE")
            || t.contains("FLOA")
            || t.contains("NUMERIC")
        {
            Kind::Real
        } else if t.contains("BLOB") || t.contains("BYTEA") {
            Kind::Blob
        } else {
            Kind::Text
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// A table as the catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// The primary key's columns, in key order (empty: none).
    pub key: Vec<String>,
    /// The tables its foreign keys refer to.
    pub refers_to: BTreeSet<String>,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    declared: String,
    #[diesel(sql_type = Integer)]
    key: i32,
}

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Nullable<Text>)]
    j: Option<String>,
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Every table of the application (not the migrations' own), parents before the tables that
/// refer to them.
pub fn tables(conn: &mut DbConnection) -> QueryResult<Vec<Table>> {
    let mut all = Vec::new();
    match conn {
        DbConnection::Sqlite(c) => {
            let names: Vec<Name> = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations' ORDER BY name",
            )
            .load(c)?;
            for n in names {
                let q = quote_literal(&n.name);
                let cols: Vec<ColumnRow> = diesel::sql_query(format!(
                    "SELECT name, type AS declared, pk AS key FROM pragma_table_info({q}) ORDER BY cid"
                ))
                .load(c)?;
                let refs: Vec<Name> = diesel::sql_query(format!(
                    "SELECT DISTINCT \"table\" AS name FROM pragma_foreign_key_list({q})"
                ))
                .load(c)?;
                all.push(table_of(n.name, cols, refs));
            }
        }
        DbConnection::Pg(c) => {
            let names: Vec<Name> = diesel::sql_query(
                "SELECT table_name::text AS name FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> '__diesel_schema_migrations' ORDER BY table_name",
            )
            .load(c)?;
            for n in names {
                let q = quote_literal(&n.name);
                let cols: Vec<ColumnRow> = diesel::sql_query(format!(
                    "SELECT c.column_name::text AS name, c.data_type::text AS declared, \
                     COALESCE((SELECT k.ordinal_position::int FROM information_schema.table_constraints t \
                       JOIN information_schema.key_column_usage k \
                         ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema \
                       WHERE t.table_schema = current_schema() AND t.table_name = c.table_name \
                         AND t.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name), 0) AS key \
                     FROM information_schema.columns c \
                     WHERE c.table_schema = current_schema() AND c.table_name = {q} \
                     ORDER BY c.ordinal_position"
                ))
                .load(c)?;
                let refs: Vec<Name> = diesel::sql_query(format!(
                    "SELECT DISTINCT p.relname::text AS name FROM pg_constraint k \
                     JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid \
                     JOIN pg_namespace s ON s.oid = t.relnamespace \
                     WHERE k.contype = 'f' AND s.nspname = current_schema() AND t.relname = {q}"
                ))
                .load(c)?;
                all.push(table_of(n.name, cols, refs));
            }
        }
    }
    Ok(in_reference_order(all))
}

fn table_of(name: String, cols: Vec<ColumnRow>, refs: Vec<Name>) -> Table {
    let mut key: Vec<(i32, String)> = cols
        .iter()
        .filter(|c| c.key > 0)
        .map(|c| (c.key, c.name.clone()))
        .collect();
    key.sort();
    Table {
        refers_to: refs
            .into_iter()
            .map(|r| r.name)
            .filter(|r| *r != name)
            .collect(),
        name,
        key: key.into_iter().map(|(_, n)| n).collect(),
        columns: cols
            .into_iter()
            .map(|c| Column {
                kind: Kind::of(&c.declared),
                name: c.name,
            })
            .collect(),
    }
}

/// Parents first (a stable topological order by name); tables in a reference cycle, if any ever
/// appear, go last in name order.
fn in_reference_order(tables: Vec<Table>) -> Vec<Table> {
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut left: Vec<Table> = tables;
    let mut ordered = Vec::new();
    loop {
        let (ready, waiting): (Vec<Table>, Vec<Table>) = left
            .into_iter()
            .partition(|t| t.refers_to.iter().all(|r| placed.contains(r)));
        if ready.is_empty() {
            ordered.extend(waiting);
            return ordered;
        }
        placed.extend(ready.iter().map(|t| t.name.clone()));
        ordered.extend(ready);
        left = waiting;
    }
}

/// The versions of the migrations the database is at.
pub fn migrations(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = Text)]
        version: String,
    }
    let q = format!("SELECT version FROM {MIGRATIONS_TABLE} ORDER BY version");
    let rows: Vec<Version> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(q).load(c)?,
        DbConnection::Pg(c) => diesel::sql_query(q).load(c)?,
    };
    Ok(rows.into_iter().map(|v| v.version).collect())
}

/// The SELECT of one page of `t` as JSON text per row, after the key `after` (none: the first).
fn page_query(conn: &DbConnection, t: &Table, after: Option<&Map<String, Value>>) -> String {
    let pg = matches!(conn, DbConnection::Pg(_));
    let source = quote_ident(&t.name);
    let select = if pg {
        format!("SELECT row_to_json(x)::text AS j FROM {source} x")
    } else {
        let pairs: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                let col = quote_ident(&c.name);
                let value = if c.kind == Kind::Blob {
                    format!("hex({col})")
                } else {
                    col
                };
                format!("{}, {value}", quote_literal(&c.name))
            })
            .collect();
        format!(
            "SELECT json_object({}) AS j FROM {source}",
            pairs.join(", ")
        )
    };
    let order_cols: Vec<&Column> = if t.key.is_empty() {
        t.columns.iter().collect()
    } else {
        t.key
            .iter()
            .filter_map(|k| t.columns.iter().find(|c| &c.name == k))
            .collect()
    };
    // Text in byte order on both backends: PostgreSQL's collation would order it otherwise.
    let ordered = |c: &Column| {
        let col = quote_ident(&c.name);
        if pg && c.kind == Kind::Text {
            format!("{col} COLLATE \"C\"")
        } else {
            col
        }
    };
    let mut q = select;
    if let (Some(after), false) = (after, t.key.is_empty()) {
        let left: Vec<String> = order_cols.iter().map(|c| ordered(c)).collect();
        let right: Vec<String> = order_cols
            .iter()
            .map(|c| literal(after.get(&c.name), c.kind, pg))
            .collect();
        q.push_str(&format!(
            " WHERE ({}) > ({})",
            left.join(", "),
            right.join(", ")
        ));
    }
    let order: Vec<String> = order_cols.iter().map(|c| ordered(c)).collect();
    q.push_str(&format!(" ORDER BY {} LIMIT {PAGE}", order.join(", ")));
    q
}

/// A key value as an SQL literal for the page's `WHERE`, in the form the backend stores.
fn literal(v: Option<&Value>, kind: Kind, pg: bool) -> String {
    match v {
        None | Some(Value::Null) => "NULL".into(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => {
            if pg {
                b.to_string()
            } else {
                i32::from(*b).to_string()
            }
        }
        Some(Value::String(s)) => match kind {
            Kind::Timestamp => quote_literal(&stored_timestamp(s, pg)),
            _ => quote_literal(s),
        },
        Some(other) => quote_literal(&other.to_string()),
    }
}

/// A canonical timestamp in the form the backend stores it: PostgreSQL reads the canonical form;
/// SQLite rows hold diesel's `YYYY-MM-DD HH:MM:SS[.f]`, which must match byte for byte in
/// comparisons.
fn stored_timestamp(canonical: &str, pg: bool) -> String {
    match canonical.parse::<NaiveDateTime>() {
        Ok(t) if !pg => t.format("%F %T%.f").to_string(),
        _ => canonical.to_owned(),
    }
}

/// One value in the canonical form.
fn canonical(v: Value, kind: Kind) -> Value {
    match (kind, v) {
        (_, Value::Null) => Value::Null,
        (Kind::Boolean, Value::Number(n)) => Value::Bool(n.as_i64().unwrap_or(0) != 0),
        (Kind::Timestamp, Value::String(s)) => {
            let t = s.replacen(' ', "T", 1).parse::<NaiveDateTime>();
            match t {
                Ok(t) => Value::String(t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()),
                Err(_) => Value::String(s),
            }
        }
        (Kind::Blob, Value::String(s)) => {
            Value::String(s.trim_start_matches("\\x").to_ascii_lowercase())
        }
        (Kind::Real, Value::Number(n)) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        (_, other) => other,
    }
}

/// Read `t` in key order, page by page, handing each row in the canonical form to `row`; the
/// number of rows.
pub fn read_table(
    conn: &mut DbConnection,
    t: &Table,
    mut row: impl FnMut(&Map<String, Value>) -> io::Result<()>,
) -> Result<u64, BackupError> {
    let mut after: Option<Map<String, Value>> = None;
    let mut count = 0u64;
    let mut offset = 0usize;
    loop {
        let mut q = page_query(conn, t, after.as_ref());
        if t.key.is_empty() && offset > 0 {
            q.push_str(&format!(" OFFSET {offset}"));
        }
        let rows: Vec<JsonRow> = match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(q).load(c)?,
            DbConnection::Pg(c) => diesel::sql_query(q).load(c)?,
        };
        let n = rows.len();
        for r in rows {
            let raw: Map<String, Value> = serde_json::from_str(r.j.as_deref().unwrap_or("{}"))?;
            let mut out = Map::new();
            for c in &t.columns {
                let v = raw.get(&c.name).cloned().unwrap_or(Value::Null);
                out.insert(c.name.clone(), canonical(v, c.kind));
            }
            row(&out)?;
            count += 1;
            after = Some(out);
        }
        offset += n;
        if n < PAGE {
            return Ok(count);
        }
    }
}

/// What went wrong with a backup or a restore.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("file: {0}")]
    Io(#[from] io::Error),
    #[error("unreadable row: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Refused(String),
}

/// One table in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub rows: u64,
    /// The SHA-256 of the table's canonical lines.
    pub sha256: String,
    /// The compressed file's size in bytes.
    pub bytes: u64,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: NaiveDateTime,
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub migrations: Vec<String>,
    pub tables: Vec<TableEntry>,
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Manifest, BackupError> {
        let text = fs::read_to_string(dir.join("manifest.json"))?;
        let m: Manifest = serde_json::from_str(&text)?;
        if m.format != FORMAT {
            return Err(BackupError::Refused(format!(
                "{} is a {} backup; this version reads {FORMAT}",
                dir.display(),
                m.format
            )));
        }
        Ok(m)
    }

    pub fn total_bytes(&self) -> u64 {
        self.tables.iter().map(|t| t.bytes).sum()
    }

    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

fn backend_name(conn: &DbConnection) -> &'static str {
    match conn {
        DbConnection::Sqlite(_) => "sqlite",
        DbConnection::Pg(_) => "postgres",
    }
}

/// A line's bytes: the row's JSON (keys sorted) and a newline.
fn line_of(row: &Map<String, Value>) -> Result<Vec<u8>, serde_json::Error> {
    let mut line = serde_json::to_vec(row)?;
    line.push(b'\n');
    Ok(line)
}

/// Run `f` in one read-only snapshot of the database.
fn in_snapshot<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, BackupError>,
) -> Result<T, BackupError> {
    conn.transaction(|conn| {
        if let DbConnection::Pg(c) = conn {
            c.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        }
        f(conn)
    })
}

/// Write a backup of the whole database into the new folder `dir` (written as `dir.partial` and
/// renamed when complete).
pub fn write(
    conn: &mut DbConnection,
    dir: &Path,
    now: NaiveDateTime,
) -> Result<Manifest, BackupError> {
    if dir.exists() {
        return Err(BackupError::Refused(format!("{} exists", dir.display())));
    }
    let partial = PathBuf::from(format!("{}.partial", dir.display()));
    if partial.exists() {
        fs::remove_dir_all(&partial)?;
    }
    fs::create_dir_all(partial.join("tables"))?;
    let manifest = in_snapshot(conn, |conn| {
        let migrations = migrations(conn)?;
        let mut entries = Vec::new();
        for t in tables(conn)? {
            let path = partial.join("tables").join(format!("{}.jsonl.gz", t.name));
            let mut out = GzEncoder::new(
                BufWriter::new(File::create(&path)?),
                flate2::Compression::fast(),
            );
            let mut digest = Sha256::new();
            let rows = read_table(conn, &t, |row| {
                let line = line_of(row)?;
                digest.update(&line);
                out.write_all(&line)
            })?;
            out.finish()?.flush()?;
            entries.push(TableEntry {
                bytes: fs::metadata(&path)?.len(),
                name: t.name,
                rows,
                sha256: hex::encode(digest.finalize()),
            });
        }
        Ok(Manifest {
            format: FORMAT.into(),
            created_at: now,
            backend: backend_name(conn).into(),
            migrations,
            tables: entries,
        })
    })?;
    fs::write(
        partial.join("manifest.json"),
        serde_json::to_vec_pretty(&manifest)?,
    )?;
    fs::rename(&partial, dir)?;
    Ok(manifest)
}

/// Every table's rows and digest as the database holds them now (in one snapshot).
pub fn digests(conn: &mut DbConnection) -> Result<Vec<TableEntry>, BackupError> {
    in_snapshot(conn, digests_now)
}

fn digests_now(conn: &mut DbConnection) -> Result<Vec<TableEntry>, BackupError> {
    let mut entries = Vec::new();
    for t in tables(conn)? {
        let mut digest = Sha256::new();
        let rows = read_table(conn, &t, |row| {
            digest.update(&line_of(row)?);
            Ok(())
        })?;
        entries.push(TableEntry {
            name: t.name,
            rows,
            sha256: hex::encode(digest.finalize()),
            bytes: 0,
        });
    }
    Ok(entries)
}

/// The table whose rows the migrations themselves insert: the deployment's audit chain head at
/// sequence 0 (no entry yet).
const SEEDED_BY_MIGRATIONS: &str = "audit_chain_heads";

/// Whether the database holds nothing but what its migrations put there: every table empty but
/// the audit chain heads, which hold no entry yet.
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, BackupError> {
    #[derive(QueryableByName)]
    struct One {
        #[diesel(sql_type = Integer)]
        #[allow(dead_code)]
        one: i32,
    }
    for t in tables(conn)? {
        let filter = if t.name == SEEDED_BY_MIGRATIONS {
            " WHERE seq <> 0"
        } else {
            ""
        };
        let q = format!(
            "SELECT 1 AS one FROM {}{filter} LIMIT 1",
            quote_ident(&t.name)
        );
        let found: Vec<One> = match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(q).load(c)?,
            DbConnection::Pg(c) => diesel::sql_query(q).load(c)?,
        };
        if !found.is_empty() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Insert a page of canonical rows into `t`.
fn insert_page(conn: &mut DbConnection, t: &Table, rows: &[Map<String, Value>]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let pg = matches!(conn, DbConnection::Pg(_));
    // Values in the form each backend stores: SQLite's timestamps as diesel writes them, and
    // PostgreSQL's binary as `\x…`.
    let stored: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut out = Map::new();
            for c in &t.columns {
                let v = r.get(&c.name).cloned().unwrap_or(Value::Null);
                let v = match (c.kind, v) {
                    (Kind::Timestamp, Value::String(s)) => Value::String(stored_timestamp(&s, pg)),
                    (Kind::Blob, Value::String(s)) if pg => Value::String(format!("\\x{s}")),
                    (_, v) => v,
                };
                out.insert(c.name.clone(), v);
            }
            Value::Object(out)
        })
        .collect();
    let json = Value::Array(stored).to_string();
    let name = quote_ident(&t.name);
    match conn {
        DbConnection::Pg(c) => {
            diesel::sql_query(format!(
                "INSERT INTO {name} SELECT * FROM json_populate_recordset(NULL::{name}, $1::json)"
            ))
            .bind::<Text, _>(json)
            .execute(c)?;
        }
        DbConnection::Sqlite(c) => {
            let cols: Vec<String> = t.columns.iter().map(|c| quote_ident(&c.name)).collect();
            let values: Vec<String> = t
                .columns
                .iter()
                .map(|c| {
                    let path = quote_literal(&format!("$.\"{}\"", c.name));
                    let v = format!("json_extract(value, {path})");
                    if c.kind == Kind::Blob {
                        format!("unhex({v})")
                    } else {
                        v
                    }
                })
                .collect();
            diesel::sql_query(format!(
                "INSERT INTO {name} ({}) SELECT {} FROM json_each(?)",
                cols.join(", "),
                values.join(", ")
            ))
            .bind::<Text, _>(json)
            .execute(c)?;
        }
    }
    Ok(())
}

/// What a restore did: the tables and rows it wrote, each table's digest checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub tables: usize,
    pub rows: u64,
}

/// Restore the backup in `dir` into `conn`'s database, which must be migrated to the backup's
/// migrations and hold no rows. One transaction: the rows are written table by table, parents
/// first, then every table's digest is computed from the database and compared with the
/// manifest's; any difference rolls everything back.
pub fn restore(conn: &mut DbConnection, dir: &Path) -> Result<Restored, BackupError> {
    let manifest = Manifest::read(dir)?;
    let at = migrations(conn)?;
    if at != manifest.migrations {
        return Err(BackupError::Refused(format!(
            "the database's schema ({} migrations, last {}) is not the backup's ({} migrations, last {}): restore with the version of Journal that made the backup",
            at.len(),
            at.last().map_or("none", String::as_str),
            manifest.migrations.len(),
            manifest.migrations.last().map_or("none", String::as_str)
        )));
    }
    if !is_empty(conn)? {
        return Err(BackupError::Refused(
            "the database is not empty: restore only into a new, empty database".into(),
        ));
    }
    let listed: BTreeMap<&str, &TableEntry> = manifest
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    crate::write_tx(conn, |conn| {
        // The migrations' own rows give way to the backup's.
        let clear = format!("DELETE FROM {}", quote_ident(SEEDED_BY_MIGRATIONS));
        match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(clear).execute(c)?,
            DbConnection::Pg(c) => diesel::sql_query(clear).execute(c)?,
        };
        let tables = tables(conn)?;
        for t in &tables {
            let Some(entry) = listed.get(t.name.as_str()) else {
                return Err(BackupError::Refused(format!(
                    "the backup has no table {}",
                    t.name
                )));
            };
            let path = dir.join("tables").join(format!("{}.jsonl.gz", entry.name));
            let reader = BufReader::new(GzDecoder::new(File::open(&path)?));
            let mut page = Vec::with_capacity(PAGE);
            for line in reader.lines() {
                let line = line?;
                page.push(serde_json::from_str::<Map<String, Value>>(&line)?);
                if page.len() == PAGE {
                    insert_page(conn, t, &page)?;
                    page.clear();
                }
            }
            insert_page(conn, t, &page)?;
        }
        let now = digests_now(conn)?;
        for got in &now {
            let want = listed.get(got.name.as_str());
            if want.map(|w| (w.rows, &w.sha256)) != Some((got.rows, &got.sha256)) {
                return Err(BackupError::Refused(format!(
                    "table {} restored differs from the backup ({} rows, digest {}); nothing was written",
                    got.name, got.rows, got.sha256
                )));
            }
        }
        Ok(Restored {
            tables: now.len(),
            rows: now.iter().map(|t| t.rows).sum(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_read_as_kinds() {
        assert_eq!(Kind::of("TIMESTAMP"), Kind::Timestamp);
        assert_eq!(Kind::of("timestamp without time zone"), Kind::Timestamp);
        assert_eq!(Kind::of("DATE"), Kind::Date);
        assert_eq!(Kind::of("boolean"), Kind::Boolean);
        assert_eq!(Kind::of("BIGINT"), Kind::Integer);
        assert_eq!(Kind::of("bytea"), Kind::Blob);
        assert_eq!(Kind::of("double precision"), Kind::Real);
        assert_eq!(Kind::of("TEXT"), Kind::Text);
    }

    #[test]
    fn both_backends_values_read_the_same() {
        let ts = |s: &str| canonical(Value::String(s.into()), Kind::Timestamp);
        assert_eq!(ts("2026-12-05 15:30:00"), ts("2026-12-05T15:30:00"));
        assert_eq!(
            ts("2026-12-05 15:30:00.5"),
            ts("2026-12-05T15:30:00.500000")
        );
        assert_eq!(
            ts("2026-12-05 15:30:00.5"),
            Value::String("2026-12-05T15:30:00.500000".into())
        );
        assert_eq!(canonical(Value::from(1), Kind::Boolean), Value::Bool(true));
        assert_eq!(
            canonical(Value::Bool(false), Kind::Boolean),
            Value::Bool(false)
        );
        assert_eq!(
            canonical(Value::String("\\x0aff".into()), Kind::Blob),
            canonical(Value::String("0AFF".into()), Kind::Blob)
        );
        assert_eq!(
            stored_timestamp("2026-12-05T15:30:00.000000", false),
            "2026-12-05 15:30:00"
        );
        assert_eq!(
            stored_timestamp("2026-12-05T15:30:00.250000", false),
            "2026-12-05 15:30:00.250"
        );
    }

    #[test]
    fn parents_come_before_the_tables_that_refer_to_them() {
        let t = |name: &str, refs: &[&str]| Table {
            name: name.into(),
            columns: vec![],
            key: vec![],
            refers_to: refs.iter().map(|r| (*r).to_owned()).collect(),
        };
        let order: Vec<String> = in_reference_order(vec![
            t("marks", &["students", "schools"]),
            t("students", &["schools"]),
            t("schools", &[]),
        ])
        .into_iter()
        .map(|t| t.name)
        .collect();
        assert_eq!(order, ["schools", "students", "marks"]);
    }
}
