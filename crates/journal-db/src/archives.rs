//! Archive packages of closed periods and years and the schools' seal keys (R-P2, R-P5). The
//! packages themselves are directories on disk (`journal_api::archive`); here is what is known of
//! them: where, when, how long each part is kept, and the digest of the sealed manifest.

use crate::schema::{archive_keys, archives};
use crate::DbConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = archives)]
pub struct ArchiveRow {
    pub id: String,
    pub school_id: String,
    pub year_id: String,
    /// None for a year's package.
    pub period_id: Option<String>,
    /// The package's directory under the school's archive folder.
    pub name: String,
    /// «I четверть, 2026/2027 учебный год».
    pub title: String,
    pub created_at: NaiveDateTime,
    /// None when the server made it on its own (a period closed for the whole school).
    pub created_by: Option<String>,
    pub journals_until: NaiveDate,
    pub summary_until: NaiveDate,
    pub files: i32,
    pub size_bytes: i64,
    /// The SHA-256 of `manifest-sha256.txt` as sealed.
    pub manifest_sha256: String,
}

pub fn insert(conn: &mut DbConnection, row: &ArchiveRow) -> QueryResult<()> {
    diesel::insert_into(archives::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The school's packages, newest first.
pub fn list(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<ArchiveRow>> {
    archives::table
        .filter(archives::school_id.eq(school.to_string()))
        .order((archives::created_at.desc(), archives::id.desc()))
        .select(ArchiveRow::as_select())
        .load(conn)
}

pub fn get(conn: &mut DbConnection, school: SchoolId, id: &str) -> QueryResult<Option<ArchiveRow>> {
    archives::table
        .filter(archives::school_id.eq(school.to_string()))
        .filter(archives::id.eq(id))
        .select(ArchiveRow::as_select())
        .first(conn)
        .optional()
}

/// The public half of the school's seal key (hex) and when it was made.
pub fn public_key(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Option<(String, NaiveDateTime)>> {
    archive_keys::table
        .filter(archive_keys::school_id.eq(school.to_string()))
        .select((archive_keys::public_key, archive_keys::created_at))
        .first(conn)
        .optional()
}

/// Record the school's public key once; a second call changes nothing and answers whether this
/// one was recorded.
pub fn set_public_key(
    conn: &mut DbConnection,
    school: SchoolId,
    key: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    if public_key(conn, school)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(archive_keys::table)
        .values((
            archive_keys::school_id.eq(school.to_string()),
            archive_keys::public_key.eq(key),
            archive_keys::created_at.eq(at),
        ))
        .execute(conn)
        .map(|n| n == 1)
}
