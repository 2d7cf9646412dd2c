//! The curriculum (учебный план, R-B4): hours per week of each subject in a grade, per profile
//! ('' is the general curriculum), for a school year.

use crate::schema::curriculum_lines;
use crate::{batch_insert, DbConnection};
use diesel::prelude::*;
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = curriculum_lines)]
pub struct CurriculumLine {
    pub id: String,
    pub school_id: String,
    pub year_id: String,
    pub grade: i32,
    /// '' for the general curriculum, else the profile's name («Технологический»).
    pub profile: String,
    pub subject_id: String,
    pub hours_per_week: i32,
}

/// The curriculum lines of a year, by grade and profile.
pub fn lines(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &str,
) -> QueryResult<Vec<CurriculumLine>> {
    curriculum_lines::table
        .filter(curriculum_lines::school_id.eq(school.to_string()))
        .filter(curriculum_lines::year_id.eq(year))
        .order((
            curriculum_lines::grade.asc(),
            curriculum_lines::profile.asc(),
        ))
        .select(CurriculumLine::as_select())
        .load(conn)
}

/// Replace the lines of one year, grade and profile with `rows` (in the caller's transaction, so
/// atomically). Returns the lines replaced.
pub fn replace_lines(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &str,
    grade: i32,
    profile: &str,
    rows: &[CurriculumLine],
) -> QueryResult<Vec<CurriculumLine>> {
    let before = curriculum_lines::table
        .filter(curriculum_lines::school_id.eq(school.to_string()))
        .filter(curriculum_lines::year_id.eq(year))
        .filter(curriculum_lines::grade.eq(grade))
        .filter(curriculum_lines::profile.eq(profile))
        .select(CurriculumLine::as_select())
        .load(conn)?;
    diesel::delete(
        curriculum_lines::table
            .filter(curriculum_lines::school_id.eq(school.to_string()))
            .filter(curriculum_lines::year_id.eq(year))
            .filter(curriculum_lines::grade.eq(grade))
            .filter(curriculum_lines::profile.eq(profile)),
    )
    .execute(conn)?;
    if !rows.is_empty() {
        batch_insert!(conn, curriculum_lines::table, rows)?;
    }
    Ok(before)
}

/// Store curriculum lines (of any grades and profiles).
pub fn insert_lines(conn: &mut DbConnection, rows: &[CurriculumLine]) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    batch_insert!(conn, curriculum_lines::table, rows)
}
