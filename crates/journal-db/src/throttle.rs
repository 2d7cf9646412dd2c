//! Sign-in throttling counters (R-S4), in the database so every server node shares them. The
//! rule is `journal_domain::throttle`; this module loads a counter and moves it by
//! compare-and-swap, so of two attempts that read the same count only one moves it.

use crate::schema::login_throttle as t;
use crate::DbConnection;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use journal_domain::throttle::Counter;

/// A counter as read, with the version a move must find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub counter: Counter,
    pub version: i64,
}

/// The counter of an account (the login as typed, normalised).
pub fn account_key(login: &str) -> String {
    format!("login:{login}")
}

/// The counter of an address.
pub fn address_key(address: &str) -> String {
    format!("address:{address}")
}

/// The counter under `key`, if any.
pub fn load(conn: &mut DbConnection, key: &str) -> QueryResult<Option<Stored>> {
    t::table
        .filter(t::key.eq(key))
        .select((t::failures, t::since, t::last_at, t::version))
        .first::<(i64, chrono::NaiveDateTime, chrono::NaiveDateTime, i64)>(conn)
        .optional()
        .map(|row| {
            row.map(|(failures, since, last_at, version)| Stored {
                counter: Counter {
                    failures,
                    since,
                    last_at,
                },
                version,
            })
        })
}

/// Store `next` under `key` if the counter is still as `read` (or still absent). `false` when
/// another attempt moved it first; the caller then refuses this attempt. On PostgreSQL a failed
/// insert aborts the transaction: the caller must roll it back (return an error).
pub fn advance(
    conn: &mut DbConnection,
    key: &str,
    read: Option<Stored>,
    next: Counter,
) -> QueryResult<bool> {
    match read {
        Some(read) => diesel::update(
            t::table
                .filter(t::key.eq(key))
                .filter(t::version.eq(read.version)),
        )
        .set((
            t::failures.eq(next.failures),
            t::since.eq(next.since),
            t::last_at.eq(next.last_at),
            t::version.eq(read.version + 1),
        ))
        .execute(conn)
        .map(|n| n == 1),
        None => match diesel::insert_into(t::table)
            .values((
                t::key.eq(key),
                t::failures.eq(next.failures),
                t::since.eq(next.since),
                t::last_at.eq(next.last_at),
                t::version.eq(0_i64),
            ))
            .execute(conn)
        {
            Ok(_) => Ok(true),
            Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
            Err(e) => Err(e),
        },
    }
}

/// A password matched: the account's count starts afresh, and the address gets this attempt
/// back (it was counted as a failure before the check).
pub fn succeeded(conn: &mut DbConnection, login: &str, address: &str) -> QueryResult<()> {
    diesel::delete(t::table.filter(t::key.eq(account_key(login)))).execute(conn)?;
    diesel::update(
        t::table
            .filter(t::key.eq(address_key(address)))
            .filter(t::failures.gt(0)),
    )
    .set((
        t::failures.eq(t::failures - 1),
        t::version.eq(t::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Forget counters last moved before `before` (housekeeping).
pub fn prune(conn: &mut DbConnection, before: chrono::NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(t::table.filter(t::last_at.lt(before))).execute(conn)
}
