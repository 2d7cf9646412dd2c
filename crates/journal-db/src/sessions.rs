//! Refresh tokens (R-S3): stored hashed, rotated on use; presenting a used one revokes its family.
//! Sessions (R-S6): one row per sign-in, the family its refresh tokens share.

use crate::schema::{refresh_tokens, user_sessions};
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use journal_domain::{SchoolId, UserId};
use sha2::{Digest, Sha256};

/// The stored form of a refresh token: its SHA-256. The token itself is 256 random bits, so a
/// plain hash is enough (no salt or slow hash needed).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: String,
    pub token_hash: String,
    pub family_id: String,
    pub user_id: String,
    pub school_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Store a new refresh token (`token` is the secret handed to the client).
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConnection,
    token: &str,
    family_id: &str,
    user: UserId,
    school: SchoolId,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<RefreshToken> {
    let row = RefreshToken {
        id: uuid::Uuid::new_v4().to_string(),
        token_hash: token_hash(token),
        family_id: family_id.to_owned(),
        user_id: user.to_string(),
        school_id: school.to_string(),
        created_at: now,
        expires_at,
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(refresh_tokens::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// What presenting a refresh token leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    /// Valid and now spent: issue the next token of the same family.
    Spent(RefreshToken),
    /// Already used before: a copy is in someone else's hands. The whole family is now revoked.
    Reused(RefreshToken),
    /// Unknown, expired or revoked.
    Invalid,
}

/// Spend a presented refresh token. The spend is a conditional update, so two concurrent uses of
/// one token cannot both succeed: the loser is treated as a reuse.
pub fn spend(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> QueryResult<Presented> {
    let Some(row) = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash(token)))
        .select(RefreshToken::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(Presented::Invalid);
    };
    if row.used_at.is_some() {
        revoke_family(conn, &row.family_id, now)?;
        return Ok(Presented::Reused(row));
    }
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Ok(Presented::Invalid);
    }
    let updated = diesel::update(
        refresh_tokens::table
            .find(&row.id)
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    if updated == 1 {
        Ok(Presented::Spent(row))
    } else {
        revoke_family(conn, &row.family_id, now)?;
        Ok(Presented::Reused(row))
    }
}

/// Find a token without spending it (logout).
pub fn find(conn: &mut DbConnection, token: &str) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash(token)))
        .select(RefreshToken::as_select())
        .first(conn)
        .optional()
}

/// Revoke every token of a family (one sign-in and its rotations).
pub fn revoke_family(
    conn: &mut DbConnection,
    family_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
}

/// Revoke every refresh token of a user (log out everywhere, password change).
pub fn revoke_all_of_user(
    conn: &mut DbConnection,
    user: UserId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user.to_string()))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
}

/// A sign-in and its refreshes (R-S6): the id is the refresh tokens' family.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub school_id: String,
    pub started_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub address: Option<String>,
    pub user_agent: Option<String>,
    pub ended_at: Option<NaiveDateTime>,
    /// `logout`, `logout_all`, `ended_by_user`, `reused_token`, `password`, `compromise`,
    /// `by_admin`.
    pub end_reason: Option<String>,
}

/// Record a new sign-in.
pub fn start(conn: &mut DbConnection, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(user_sessions::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// A refresh continued the session.
pub fn seen(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(user_sessions::table.find(id))
        .set(user_sessions::last_seen_at.eq(at))
        .execute(conn)
        .map(drop)
}

/// Whether the session is ended (None: no such session).
pub fn is_ended(conn: &mut DbConnection, id: &str) -> QueryResult<Option<bool>> {
    user_sessions::table
        .find(id)
        .select(user_sessions::ended_at.is_not_null())
        .first(conn)
        .optional()
}

/// End one session: its refresh tokens are revoked and its row marked. Returns whether it was
/// still open.
pub fn end(
    conn: &mut DbConnection,
    id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    revoke_family(conn, id, now)?;
    let ended = diesel::update(
        user_sessions::table
            .find(id)
            .filter(user_sessions::ended_at.is_null()),
    )
    .set((
        user_sessions::ended_at.eq(Some(now)),
        user_sessions::end_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(ended == 1)
}

/// End every open session of a user; returns how many were open.
pub fn end_all_of_user(
    conn: &mut DbConnection,
    user: UserId,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    revoke_all_of_user(conn, user, now)?;
    diesel::update(
        user_sessions::table
            .filter(user_sessions::user_id.eq(user.to_string()))
            .filter(user_sessions::ended_at.is_null()),
    )
    .set((
        user_sessions::ended_at.eq(Some(now)),
        user_sessions::end_reason.eq(Some(reason)),
    ))
    .execute(conn)
}

/// A user's sessions, newest first: every open one (its refresh tokens still valid after `now`)
/// and the sign-ins since `since`, at most `limit`.
pub fn of_user(
    conn: &mut DbConnection,
    user: UserId,
    since: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<SessionRow>> {
    user_sessions::table
        .filter(user_sessions::user_id.eq(user.to_string()))
        .filter(
            user_sessions::ended_at
                .is_null()
                .or(user_sessions::started_at.ge(since)),
        )
        .order((user_sessions::started_at.desc(), user_sessions::id.desc()))
        .limit(limit)
        .select(SessionRow::as_select())
        .load(conn)
}

/// One of the user's sessions.
pub fn of_user_by_id(
    conn: &mut DbConnection,
    user: UserId,
    id: &str,
) -> QueryResult<Option<SessionRow>> {
    user_sessions::table
        .find(id)
        .filter(user_sessions::user_id.eq(user.to_string()))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}
