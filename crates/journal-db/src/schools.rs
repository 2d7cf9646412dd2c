//! Schools: the tenants of a deployment (R-B1).

use crate::schema::{audit_chain_heads, schools};
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = schools)]
pub struct School {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub timezone: String,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    /// At most this many control works per class per day (R-T3; default 1).
    pub max_control_works_per_day: i32,
}

/// Create a school, the head of its audit chain and its usual work types (R-J2).
pub fn insert(conn: &mut DbConnection, school: &School) -> QueryResult<()> {
    diesel::insert_into(schools::table)
        .values(school)
        .execute(conn)?;
    diesel::insert_into(audit_chain_heads::table)
        .values((
            audit_chain_heads::chain.eq(&school.id),
            audit_chain_heads::seq.eq(0_i64),
            audit_chain_heads::hash.eq(""),
        ))
        .execute(conn)?;
    crate::journal::insert_default_work_types(conn, &school.id)
}

pub fn find(conn: &mut DbConnection, id: SchoolId) -> QueryResult<Option<School>> {
    schools::table
        .find(id.to_string())
        .select(School::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<School>> {
    schools::table
        .filter(schools::name.eq(name))
        .select(School::as_select())
        .first(conn)
        .optional()
}

/// Every school of the deployment, by name.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<School>> {
    schools::table
        .order(schools::name.asc())
        .select(School::as_select())
        .load(conn)
}
