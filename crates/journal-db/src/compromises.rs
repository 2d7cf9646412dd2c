//! Reports that an account's credentials leaked (R-S5). What the account did is read from the
//! audit log (`audit::list_where` with the account and the window); here is only the report.

use crate::schema::compromises;
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = compromises)]
pub struct CompromiseRow {
    pub id: String,
    pub school_id: String,
    /// The account whose credentials leaked.
    pub user_id: String,
    pub reported_by: String,
    pub reported_at: NaiveDateTime,
    /// The window of what is listed starts here (UTC) and ends at `reported_at`.
    pub suspected_since: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &CompromiseRow) -> QueryResult<()> {
    diesel::insert_into(compromises::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The school's reports, newest first, at most `limit` after skipping `offset`; and their count.
pub fn list(
    conn: &mut DbConnection,
    school: SchoolId,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<CompromiseRow>, i64)> {
    let total = compromises::table
        .filter(compromises::school_id.eq(school.to_string()))
        .count()
        .get_result(conn)?;
    let rows = compromises::table
        .filter(compromises::school_id.eq(school.to_string()))
        .order((compromises::reported_at.desc(), compromises::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(CompromiseRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn get(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<CompromiseRow>> {
    compromises::table
        .filter(compromises::school_id.eq(school.to_string()))
        .filter(compromises::id.eq(id))
        .select(CompromiseRow::as_select())
        .first(conn)
        .optional()
}
