//! School years with periods and holidays, bell schedules, rooms, classes and teaching assignments
//! (R-B2–R-B4).

use crate::roster::Class;
use crate::schema::{
    bell_schedules, bells, classes, group_classes, holidays, periods, rooms, school_years,
    subjects, teaching_assignments,
};
use crate::{batch_insert, DbConnection};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::calendar::{Calendar, Grades, Holiday, Period, PeriodKind, Span};
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = school_years)]
pub struct SchoolYear {
    pub id: String,
    pub school_id: String,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: String,
    pub created_at: NaiveDateTime,
}

impl SchoolYear {
    /// An archived year is read-only (R-B7).
    pub fn is_archived(&self) -> bool {
        self.status == "archived"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = periods)]
pub struct PeriodRow {
    pub id: String,
    pub school_id: String,
    pub year_id: String,
    pub kind: String,
    pub number: i32,
    pub grade_from: i32,
    pub grade_to: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = holidays)]
pub struct HolidayRow {
    pub id: String,
    pub school_id: String,
    pub year_id: String,
    pub name: String,
    pub grade_from: i32,
    pub grade_to: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

pub fn period_kind_code(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Quarter => "quarter",
        PeriodKind::Trimester => "trimester",
        PeriodKind::Half => "half",
    }
}

/// The kind of a stored period.
pub fn period_kind(code: &str) -> PeriodKind {
    match code {
        "trimester" => PeriodKind::Trimester,
        "half" => PeriodKind::Half,
        _ => PeriodKind::Quarter,
    }
}

fn grades(from: i32, to: i32) -> Grades {
    Grades::new(from.clamp(0, 11) as u8, to.clamp(0, 11) as u8)
}

/// A year with its calendar, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearWithCalendar {
    pub year: SchoolYear,
    pub periods: Vec<PeriodRow>,
    pub holidays: Vec<HolidayRow>,
}

impl YearWithCalendar {
    /// The domain view for the calendar rules.
    pub fn calendar(&self) -> Calendar {
        Calendar {
            year: Span::new(self.year.starts_on, self.year.ends_on),
            periods: self
                .periods
                .iter()
                .map(|p| Period {
                    kind: period_kind(&p.kind),
                    number: p.number.clamp(0, 255) as u8,
                    grades: grades(p.grade_from, p.grade_to),
                    span: Span::new(p.starts_on, p.ends_on),
                })
                .collect(),
            holidays: self
                .holidays
                .iter()
                .map(|h| Holiday {
                    name: h.name.clone(),
                    grades: grades(h.grade_from, h.grade_to),
                    span: Span::new(h.starts_on, h.ends_on),
                })
                .collect(),
        }
    }
}

/// Store a year and its calendar (checked by the caller).
pub fn insert_year(conn: &mut DbConnection, y: &YearWithCalendar) -> QueryResult<()> {
    diesel::insert_into(school_years::table)
        .values(&y.year)
        .execute(conn)?;
    // A new year has no stored periods: every period keeps the id it came with.
    replace_calendar(conn, &mut y.clone())
}

/// The same period in two versions of a calendar: kind, number and grades.
pub fn same_period(a: &PeriodRow, b: &PeriodRow) -> bool {
    (a.kind.as_str(), a.number, a.grade_from, a.grade_to)
        == (b.kind.as_str(), b.number, b.grade_from, b.grade_to)
}

/// Replace the periods and holidays of a stored year. A period kept (same kind, number and
/// grades) keeps its id, so the journal pages, finals and locks of that period stay with it; its
/// dates may change. `y.periods` get the ids they are stored under.
pub fn replace_calendar(conn: &mut DbConnection, y: &mut YearWithCalendar) -> QueryResult<()> {
    let old: Vec<PeriodRow> = periods::table
        .filter(periods::year_id.eq(&y.year.id))
        .select(PeriodRow::as_select())
        .load(conn)?;
    for p in y.periods.iter_mut() {
        if let Some(o) = old.iter().find(|o| same_period(o, p)) {
            p.id = o.id.clone();
        }
    }
    for o in &old {
        match y.periods.iter().find(|p| p.id == o.id) {
            Some(p) => {
                diesel::update(periods::table.find(&o.id))
                    .set((
                        periods::starts_on.eq(p.starts_on),
                        periods::ends_on.eq(p.ends_on),
                    ))
                    .execute(conn)?;
            }
            None => {
                diesel::delete(periods::table.find(&o.id)).execute(conn)?;
            }
        }
    }
    let new: Vec<PeriodRow> = y
        .periods
        .iter()
        .filter(|p| !old.iter().any(|o| o.id == p.id))
        .cloned()
        .collect();
    diesel::delete(holidays::table.filter(holidays::year_id.eq(&y.year.id))).execute(conn)?;
    if !new.is_empty() {
        batch_insert!(conn, periods::table, &new)?;
    }
    if !y.holidays.is_empty() {
        batch_insert!(conn, holidays::table, &y.holidays)?;
    }
    Ok(())
}

/// Whether the journal holds anything of a period: pages, finals, closes, inspection remarks (a
/// calendar change must not drop it).
pub fn period_in_use(conn: &mut DbConnection, period: &str) -> QueryResult<bool> {
    use crate::schema::{finals, journal_pages, journal_remarks, page_locks};
    let pages: i64 = journal_pages::table
        .filter(journal_pages::period_id.eq(period))
        .count()
        .get_result(conn)?;
    let finals: i64 = finals::table
        .filter(finals::period_id.eq(period))
        .count()
        .get_result(conn)?;
    let locks: i64 = page_locks::table
        .filter(page_locks::period_id.eq(period))
        .count()
        .get_result(conn)?;
    let remarks: i64 = journal_remarks::table
        .filter(journal_remarks::period_id.eq(period))
        .count()
        .get_result(conn)?;
    Ok(pages + finals + locks + remarks > 0)
}

/// Years of a school, newest first.
pub fn years(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<SchoolYear>> {
    school_years::table
        .filter(school_years::school_id.eq(school.to_string()))
        .order(school_years::starts_on.desc())
        .select(SchoolYear::as_select())
        .load(conn)
}

/// The open year new classes belong to: the one containing `today`, else the latest open one.
pub fn current_year(
    conn: &mut DbConnection,
    school: SchoolId,
    today: NaiveDate,
) -> QueryResult<Option<SchoolYear>> {
    let open: Vec<SchoolYear> = years(conn, school)?
        .into_iter()
        .filter(|y| !y.is_archived())
        .collect();
    Ok(open
        .iter()
        .find(|y| y.starts_on <= today && today <= y.ends_on)
        .or(open.first())
        .cloned())
}

/// A year of the school with its calendar; `None` for an unknown id or another school's year.
pub fn year(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<YearWithCalendar>> {
    let Some(year) = school_years::table
        .filter(school_years::school_id.eq(school.to_string()))
        .filter(school_years::id.eq(id))
        .select(SchoolYear::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let periods = periods::table
        .filter(periods::year_id.eq(id))
        .order((periods::grade_from.asc(), periods::starts_on.asc()))
        .select(PeriodRow::as_select())
        .load(conn)?;
    let holidays = holidays::table
        .filter(holidays::year_id.eq(id))
        .order(holidays::starts_on.asc())
        .select(HolidayRow::as_select())
        .load(conn)?;
    Ok(Some(YearWithCalendar {
        year,
        periods,
        holidays,
    }))
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = bells)]
pub struct Bell {
    pub school_id: String,
    pub schedule_id: String,
    pub lesson_number: i32,
    pub starts_at: String,
    pub ends_at: String,
}

/// Store a bell schedule with its bells.
pub fn insert_bell_schedule(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
    name: &str,
    rows: &[Bell],
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(bell_schedules::table)
        .values((
            bell_schedules::id.eq(id),
            bell_schedules::school_id.eq(school.to_string()),
            bell_schedules::name.eq(name),
            bell_schedules::created_at.eq(at),
        ))
        .execute(conn)?;
    if !rows.is_empty() {
        batch_insert!(conn, bells::table, rows)?;
    }
    Ok(())
}

/// Bell schedules of a school: (id, name, bells by lesson number).
pub fn bell_schedules(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Vec<(String, String, Vec<Bell>)>> {
    let schedules: Vec<(String, String)> = bell_schedules::table
        .filter(bell_schedules::school_id.eq(school.to_string()))
        .order(bell_schedules::name.asc())
        .select((bell_schedules::id, bell_schedules::name))
        .load(conn)?;
    let all: Vec<Bell> = bells::table
        .filter(bells::school_id.eq(school.to_string()))
        .order(bells::lesson_number.asc())
        .select(Bell::as_select())
        .load(conn)?;
    Ok(schedules
        .into_iter()
        .map(|(id, name)| {
            let own = all
                .iter()
                .filter(|b| b.schedule_id == id)
                .cloned()
                .collect();
            (id, name, own)
        })
        .collect())
}

/// Whether a bell schedule belongs to the school.
pub fn bell_schedule_exists(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<bool> {
    let n: i64 = bell_schedules::table
        .filter(bell_schedules::school_id.eq(school.to_string()))
        .filter(bell_schedules::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = rooms)]
pub struct Room {
    pub id: String,
    pub school_id: String,
    pub name: String,
    pub capacity: Option<i32>,
}

pub fn insert_room(conn: &mut DbConnection, room: &Room) -> QueryResult<()> {
    diesel::insert_into(rooms::table)
        .values(room)
        .execute(conn)
        .map(drop)
}

pub fn rooms(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<Room>> {
    rooms::table
        .filter(rooms::school_id.eq(school.to_string()))
        .order(rooms::name.asc())
        .select(Room::as_select())
        .load(conn)
}

pub fn room(conn: &mut DbConnection, school: SchoolId, id: &str) -> QueryResult<Option<Room>> {
    rooms::table
        .filter(rooms::school_id.eq(school.to_string()))
        .filter(rooms::id.eq(id))
        .select(Room::as_select())
        .first(conn)
        .optional()
}

pub fn insert_class(conn: &mut DbConnection, class: &Class) -> QueryResult<()> {
    diesel::insert_into(classes::table)
        .values(class)
        .execute(conn)
        .map(drop)
}

/// Classes of a school (of one year, when given), by grade and letter.
pub fn classes(
    conn: &mut DbConnection,
    school: SchoolId,
    year: Option<&str>,
) -> QueryResult<Vec<Class>> {
    let mut rows: Vec<Class> = match year {
        Some(y) => classes::table
            .filter(classes::school_id.eq(school.to_string()))
            .filter(classes::year_id.eq(y))
            .select(Class::as_select())
            .load(conn)?,
        None => classes::table
            .filter(classes::school_id.eq(school.to_string()))
            .select(Class::as_select())
            .load(conn)?,
    };
    rows.sort_by_key(|c| (c.grade, journal_domain::collate::ru_key(&c.letter)));
    Ok(rows)
}

pub fn class(conn: &mut DbConnection, school: SchoolId, id: &str) -> QueryResult<Option<Class>> {
    classes::table
        .filter(classes::school_id.eq(school.to_string()))
        .filter(classes::id.eq(id))
        .select(Class::as_select())
        .first(conn)
        .optional()
}

/// Whether a subject belongs to the school; its name.
pub fn subject_name(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<String>> {
    subjects::table
        .filter(subjects::school_id.eq(school.to_string()))
        .filter(subjects::id.eq(id))
        .select(subjects::name)
        .first(conn)
        .optional()
}

pub fn subjects(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Vec<crate::roster::Subject>> {
    let mut rows: Vec<crate::roster::Subject> = subjects::table
        .filter(subjects::school_id.eq(school.to_string()))
        .select(crate::roster::Subject::as_select())
        .load(conn)?;
    rows.sort_by_cached_key(|s| journal_domain::collate::ru_key(&s.name));
    Ok(rows)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = teaching_assignments)]
pub struct Assignment {
    pub id: String,
    pub school_id: String,
    pub year_id: String,
    pub teacher_id: String,
    pub subject_id: String,
    /// The group's class (a stream's first) when the assignment is to a group.
    pub class_id: String,
    pub hours_per_week: i32,
    pub created_at: NaiveDateTime,
    /// The group taught, when not the whole class (R-B3).
    pub group_id: Option<String>,
}

pub fn insert_assignment(conn: &mut DbConnection, a: &Assignment) -> QueryResult<()> {
    diesel::insert_into(teaching_assignments::table)
        .values(a)
        .execute(conn)
        .map(drop)
}

pub fn assignment(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<Assignment>> {
    teaching_assignments::table
        .filter(teaching_assignments::school_id.eq(school.to_string()))
        .filter(teaching_assignments::id.eq(id))
        .select(Assignment::as_select())
        .first(conn)
        .optional()
}

/// Assignments of a school, optionally of one class (with those of the groups drawing from it:
/// a stream's too) or one teacher.
pub fn assignments(
    conn: &mut DbConnection,
    school: SchoolId,
    class: Option<&str>,
    teacher: Option<&str>,
) -> QueryResult<Vec<Assignment>> {
    let of_school = || {
        let mut q = teaching_assignments::table
            .filter(teaching_assignments::school_id.eq(school.to_string()))
            .into_boxed();
        if let Some(t) = teacher {
            q = q.filter(teaching_assignments::teacher_id.eq(t.to_owned()));
        }
        q
    };
    let mut rows: Vec<Assignment> = match class {
        None => of_school().select(Assignment::as_select()).load(conn)?,
        // The class's assignments and those of the groups it shares, each through its own index
        // (an `OR` of the two reads every assignment of the school).
        Some(c) => {
            let mut rows: Vec<Assignment> = of_school()
                .filter(teaching_assignments::class_id.eq(c.to_owned()))
                .select(Assignment::as_select())
                .load(conn)?;
            let of_class = group_ids_of_class(conn, school, c)?;
            if !of_class.is_empty() {
                let mine: std::collections::HashSet<String> =
                    rows.iter().map(|a| a.id.clone()).collect();
                rows.extend(
                    of_school()
                        .filter(teaching_assignments::group_id.eq_any(of_class))
                        .select(Assignment::as_select())
                        .load::<Assignment>(conn)?
                        .into_iter()
                        .filter(|a| !mine.contains(&a.id)),
                );
            }
            rows
        }
    };
    rows.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(rows)
}

/// The teaching assignments of one year of a school: every page of one of its periods (issue 12).
pub fn assignments_of_year(
    conn: &mut DbConnection,
    school: SchoolId,
    year: &str,
) -> QueryResult<Vec<Assignment>> {
    teaching_assignments::table
        .filter(teaching_assignments::school_id.eq(school.to_string()))
        .filter(teaching_assignments::year_id.eq(year))
        .order((
            teaching_assignments::created_at.asc(),
            teaching_assignments::id.asc(),
        ))
        .select(Assignment::as_select())
        .load(conn)
}

/// A period of the school's calendars; `None` for an unknown id or another school's period.
pub fn period(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<PeriodRow>> {
    periods::table
        .filter(periods::school_id.eq(school.to_string()))
        .filter(periods::id.eq(id))
        .select(PeriodRow::as_select())
        .first(conn)
        .optional()
}

/// A class's pages of a year: its own assignments and its groups' (subgroups, streams, individual
/// plans), in the order they were made.
pub fn assignments_of_class_year(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &str,
    year: &str,
) -> QueryResult<Vec<Assignment>> {
    let groups = group_ids_of_class(conn, school, class)?;
    Ok(assignments_of_year(conn, school, year)?
        .into_iter()
        .filter(|a| match &a.group_id {
            None => a.class_id == class,
            Some(g) => groups.contains(g),
        })
        .collect())
}

/// Ids of the groups drawing from a class (its subgroups, the streams it is in, its
/// individual-plan students).
pub fn group_ids_of_class(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &str,
) -> QueryResult<Vec<String>> {
    group_classes::table
        .filter(group_classes::school_id.eq(school.to_string()))
        .filter(group_classes::class_id.eq(class))
        .select(group_classes::group_id)
        .load(conn)
}
