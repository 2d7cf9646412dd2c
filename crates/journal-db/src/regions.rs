//! Regions (municipalities): the record that owns a deployment's schools (R-A9, R-E4).

use crate::schema::{region_members, regions, schools};
use crate::schools::School;
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = regions)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, region: &Region) -> QueryResult<()> {
    diesel::insert_into(regions::table)
        .values(region)
        .execute(conn)
        .map(drop)
}

pub fn find_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<Region>> {
    regions::table
        .filter(regions::name.eq(name))
        .select(Region::as_select())
        .first(conn)
        .optional()
}

/// Every region of the deployment, by name.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Region>> {
    regions::table
        .order(regions::name.asc())
        .select(Region::as_select())
        .load(conn)
}

/// Put a school into a region.
pub fn set_region(conn: &mut DbConnection, school: &str, region: &str) -> QueryResult<()> {
    diesel::update(schools::table.find(school))
        .set(schools::region_id.eq(Some(region)))
        .execute(conn)
        .map(drop)
}

/// The schools of a region, by name.
pub fn schools_of(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<School>> {
    schools::table
        .filter(schools::region_id.eq(region))
        .order(schools::name.asc())
        .select(School::as_select())
        .load(conn)
}

/// Schools that belong to no region.
pub fn schools_outside_regions(conn: &mut DbConnection) -> QueryResult<Vec<School>> {
    schools::table
        .filter(schools::region_id.is_null())
        .order(schools::name.asc())
        .select(School::as_select())
        .load(conn)
}

/// A region account's membership (R-A9).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = region_members)]
pub struct Member {
    pub region_id: String,
    pub user_id: String,
    /// Allowed the exports that name people.
    pub personal_exports: bool,
    pub created_at: NaiveDateTime,
}

/// Make an account a member of a region, or change its permission when it already is.
pub fn add_member(conn: &mut DbConnection, member: &Member) -> QueryResult<()> {
    diesel::delete(
        region_members::table
            .filter(region_members::region_id.eq(&member.region_id))
            .filter(region_members::user_id.eq(&member.user_id)),
    )
    .execute(conn)?;
    diesel::insert_into(region_members::table)
        .values(member)
        .execute(conn)
        .map(drop)
}

/// The regions an account reads, by name, with its membership.
pub fn of_member(conn: &mut DbConnection, user: &str) -> QueryResult<Vec<(Region, Member)>> {
    regions::table
        .inner_join(region_members::table)
        .filter(region_members::user_id.eq(user))
        .order(regions::name.asc())
        .select((Region::as_select(), Member::as_select()))
        .load(conn)
}

/// The account's membership of one region, if any.
pub fn membership(
    conn: &mut DbConnection,
    user: &str,
    region: &str,
) -> QueryResult<Option<Member>> {
    region_members::table
        .filter(region_members::user_id.eq(user))
        .filter(region_members::region_id.eq(region))
        .select(Member::as_select())
        .first(conn)
        .optional()
}

/// Whether the account is a member of the region the school belongs to.
pub fn reads_school(conn: &mut DbConnection, user: &str, school: &str) -> QueryResult<bool> {
    let region = schools::table
        .find(school.to_owned())
        .select(schools::region_id)
        .single_value()
        .assume_not_null();
    let n: i64 = region_members::table
        .filter(region_members::user_id.eq(user))
        .filter(region_members::region_id.nullable().eq(region.nullable()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The school a region account's sign-in is anchored to: the first (by name) of its regions'
/// schools; `None` when its regions have no school yet.
pub fn home_school_of_member(conn: &mut DbConnection, user: &str) -> QueryResult<Option<String>> {
    schools::table
        .inner_join(
            region_members::table.on(schools::region_id.eq(region_members::region_id.nullable())),
        )
        .filter(region_members::user_id.eq(user))
        .order((schools::name.asc(), schools::id.asc()))
        .select(schools::id)
        .first(conn)
        .optional()
}

/// Find a region by id.
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Region>> {
    regions::table
        .find(id)
        .select(Region::as_select())
        .first(conn)
        .optional()
}
