//! Sign-in attempts, kept in the database so every server node sees the same counts (R-S4).

use crate::schema::login_attempts;
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::dsl::{count_star, max};
use diesel::prelude::*;
use journal_domain::throttle::RecentFailures;

/// Record one attempt. `login` is the normalised login as typed, known or not.
pub fn record(
    conn: &mut DbConnection,
    login: &str,
    address: &str,
    succeeded: bool,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::id.eq(uuid::Uuid::new_v4().to_string()),
            login_attempts::login.eq(login),
            login_attempts::address.eq(address),
            login_attempts::succeeded.eq(succeeded),
            login_attempts::at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// Failures since `since`: for the login, only those after its last successful sign-in.
pub fn recent_failures(
    conn: &mut DbConnection,
    login: &str,
    address: &str,
    since: NaiveDateTime,
) -> QueryResult<RecentFailures> {
    let last_success: Option<NaiveDateTime> = login_attempts::table
        .filter(login_attempts::login.eq(login))
        .filter(login_attempts::succeeded.eq(true))
        .select(max(login_attempts::at))
        .first(conn)?;
    let account_since = last_success.map_or(since, |s| s.max(since));
    let account = login_attempts::table
        .filter(login_attempts::login.eq(login))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::at.gt(account_since))
        .select(count_star())
        .first(conn)?;
    let address = login_attempts::table
        .filter(login_attempts::address.eq(address))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::at.gt(since))
        .select(count_star())
        .first(conn)?;
    Ok(RecentFailures { account, address })
}

/// Forget attempts older than `before` (housekeeping).
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(login_attempts::table.filter(login_attempts::at.lt(before))).execute(conn)
}
