//! Opening a new school year after the old one (R-B7): a write across the structure (classes and
//! their students) and the groups, kept apart from both so neither depends on the other.

use crate::groups;
use crate::roster::Class;
use crate::schema::school_years;
use crate::structure::{classes, insert_class, insert_year, SchoolYear, YearWithCalendar};
use crate::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use journal_domain::groups::Promotion;
use journal_domain::SchoolId;

/// What a rollover did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rollover {
    /// (old class name, new class name).
    pub promoted: Vec<(String, String)>,
    /// Names of the classes that graduated.
    pub graduated: Vec<String>,
    /// Students carried into the new year's classes.
    pub students_carried: usize,
    /// Groups carried to the promoted classes with their current members.
    pub groups_carried: usize,
}

/// Open `new` after `old` (R-B7): every class of the old year moves up a grade into the new year
/// (same letter, class teacher, week mode and bells) with its students; the last grade graduates
/// (its students stay recorded in their old class); groups follow their classes with their current
/// members ([`crate::groups::carry_into`]); the old year is archived, read-only.
pub fn rollover(
    conn: &mut DbConnection,
    school: SchoolId,
    old: &SchoolYear,
    new: &YearWithCalendar,
    at: NaiveDateTime,
) -> QueryResult<Rollover> {
    use crate::schema::students;
    insert_year(conn, new)?;
    let mut done = Rollover::default();
    let mut promoted = std::collections::HashMap::new();
    for class in classes(conn, school, Some(&old.id))? {
        let grade = class.grade.clamp(0, 11) as u8;
        match journal_domain::calendar::promoted_grade(grade) {
            Some(next) => {
                let moved = Class {
                    id: uuid::Uuid::new_v4().to_string(),
                    grade: i32::from(next),
                    year_id: Some(new.year.id.clone()),
                    created_at: at,
                    ..class.clone()
                };
                insert_class(conn, &moved)?;
                done.students_carried +=
                    diesel::update(students::table.filter(students::class_id.eq(&class.id)))
                        .set(students::class_id.eq(Some(&moved.id)))
                        .execute(conn)?;
                done.promoted.push((class.name(), moved.name()));
                promoted.insert(
                    class.id.clone(),
                    Promotion {
                        to: moved.id.clone(),
                        old_name: class.name(),
                        new_name: moved.name(),
                    },
                );
            }
            None => done.graduated.push(class.name()),
        }
    }
    done.groups_carried = groups::carry_into(
        conn,
        school,
        (&old.id, old.ends_on),
        (&new.year.id, new.year.starts_on),
        &promoted,
        at,
    )?;
    diesel::update(school_years::table.find(&old.id))
        .set(school_years::status.eq("archived"))
        .execute(conn)?;
    Ok(done)
}
