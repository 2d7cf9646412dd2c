//! Integration clients (R-A10): their registrations, secrets (hashed) and use.

use crate::schema::integration_clients;
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = integration_clients)]
pub struct ClientRow {
    /// The `client_id`.
    pub id: String,
    pub school_id: String,
    pub name: String,
    /// Space-separated scope URIs (`journal_domain::clients::split`).
    pub scopes: String,
    pub secret_hash: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub secret_set_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &ClientRow) -> QueryResult<()> {
    diesel::insert_into(integration_clients::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// A client by its id, whatever its school (the token endpoint knows no school yet).
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ClientRow>> {
    integration_clients::table
        .find(id)
        .select(ClientRow::as_select())
        .first(conn)
        .optional()
}

/// A client of the school; `None` for another school's.
pub fn of_school(
    conn: &mut DbConnection,
    school: &str,
    id: &str,
) -> QueryResult<Option<ClientRow>> {
    integration_clients::table
        .filter(integration_clients::school_id.eq(school))
        .filter(integration_clients::id.eq(id))
        .select(ClientRow::as_select())
        .first(conn)
        .optional()
}

/// The school's clients, newest first (a school registers a handful).
pub fn list(conn: &mut DbConnection, school: &str) -> QueryResult<Vec<ClientRow>> {
    integration_clients::table
        .filter(integration_clients::school_id.eq(school))
        .order((
            integration_clients::created_at.desc(),
            integration_clients::id.asc(),
        ))
        .select(ClientRow::as_select())
        .load(conn)
}

/// A new secret: tokens issued before `at` stop working.
pub fn set_secret(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(integration_clients::table.find(id))
        .set((
            integration_clients::secret_hash.eq(hash),
            integration_clients::secret_set_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

pub fn revoke(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(integration_clients::table.find(id))
        .filter(integration_clients::revoked_at.is_null())
        .set(integration_clients::revoked_at.eq(at))
        .execute(conn)
        .map(drop)
}

/// Note a use, at most once a minute per client (the list shows when each was last used).
pub fn used(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    let stale = at - chrono::Duration::minutes(1);
    diesel::update(integration_clients::table.find(id))
        .filter(
            integration_clients::last_used_at
                .is_null()
                .or(integration_clients::last_used_at.lt(stale)),
        )
        .set(integration_clients::last_used_at.eq(at))
        .execute(conn)
        .map(drop)
}
