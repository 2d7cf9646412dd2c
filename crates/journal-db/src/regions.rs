//! Regions (municipalities): the record that owns a deployment's schools (R-A9, R-E4).

use crate::schema::{regions, schools};
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
