//! Weekly timetable entries, changes of single lessons and what was written for a lesson (R-T1,
//! R-T2, R-J1).

use crate::groups::member_ids_on;
use crate::people::StudentRecord;
use crate::schema::{lesson_changes, lesson_records, students, timetable_entries};
use crate::DbConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::timetable::{Change, Entry, EntryGroup};
use journal_domain::{ClassId, SchoolId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = timetable_entries)]
pub struct EntryRow {
    pub id: String,
    pub school_id: String,
    pub assignment_id: String,
    pub class_id: String,
    pub teacher_id: String,
    pub room_id: Option<String>,
    pub weekday: i32,
    pub lesson_number: i32,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub created_at: NaiveDateTime,
    /// The group taught, for a group lesson (the assignment's group).
    pub group_id: Option<String>,
}

impl EntryRow {
    /// The domain view without the group's details: enough for dates, not for clashes (use
    /// [`domain_entries`] there). Ids written by this program always parse.
    pub fn entry(&self) -> Entry {
        self.entry_with(None)
    }

    /// The domain view with the group the entry is given to.
    pub fn entry_with(&self, group: Option<EntryGroup>) -> Entry {
        Entry {
            id: self.id.clone(),
            group,
            class_id: self
                .class_id
                .parse()
                .unwrap_or_else(|_| ClassId(uuid::Uuid::nil())),
            teacher_id: self
                .teacher_id
                .parse()
                .unwrap_or_else(|_| UserId(uuid::Uuid::nil())),
            room_id: self.room_id.clone(),
            weekday: self.weekday.clamp(0, 7) as u8,
            lesson_number: self.lesson_number.clamp(0, 255) as u8,
            valid: Span::new(self.valid_from, self.valid_to),
        }
    }
}

/// The domain view of `rows` with their groups (classes and division), for the clash rules.
pub fn domain_entries(
    conn: &mut DbConnection,
    school: SchoolId,
    rows: &[EntryRow],
) -> QueryResult<Vec<Entry>> {
    let mut ids: Vec<String> = rows.iter().filter_map(|r| r.group_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let groups = crate::groups::entry_groups(conn, school, &ids)?;
    Ok(rows
        .iter()
        .map(|r| r.entry_with(r.group_id.as_ref().and_then(|g| groups.get(g).cloned())))
        .collect())
}

pub fn insert_entry(conn: &mut DbConnection, e: &EntryRow) -> QueryResult<()> {
    diesel::insert_into(timetable_entries::table)
        .values(e)
        .execute(conn)
        .map(drop)
}

pub fn entry(conn: &mut DbConnection, school: SchoolId, id: &str) -> QueryResult<Option<EntryRow>> {
    timetable_entries::table
        .filter(timetable_entries::school_id.eq(school.to_string()))
        .filter(timetable_entries::id.eq(id))
        .select(EntryRow::as_select())
        .first(conn)
        .optional()
}

/// These entries of the school, in the order of `ids` (one query; an id of no entry is an error).
pub fn entries_by_ids(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<EntryRow>> {
    let rows: Vec<EntryRow> = timetable_entries::table
        .filter(timetable_entries::school_id.eq(school.to_string()))
        .filter(timetable_entries::id.eq_any(ids))
        .select(EntryRow::as_select())
        .load(conn)?;
    ids.iter()
        .map(|id| {
            rows.iter()
                .find(|r| &r.id == id)
                .cloned()
                .ok_or(diesel::result::Error::NotFound)
        })
        .collect()
}

/// Entries at one weekday and lesson number whose validity overlaps `valid`: the candidates for
/// a clash with a new entry.
pub fn entries_at(
    conn: &mut DbConnection,
    school: SchoolId,
    weekday: i32,
    lesson_number: i32,
    valid: Span,
) -> QueryResult<Vec<EntryRow>> {
    timetable_entries::table
        .filter(timetable_entries::school_id.eq(school.to_string()))
        .filter(timetable_entries::weekday.eq(weekday))
        .filter(timetable_entries::lesson_number.eq(lesson_number))
        .filter(timetable_entries::valid_from.le(valid.ends_on))
        .filter(timetable_entries::valid_to.ge(valid.starts_on))
        .select(EntryRow::as_select())
        .load(conn)
}

/// Entries valid at some point of `range`, of one class (with the lessons of the groups drawing
/// from it: subgroups, streams, individual plans) or of one teacher.
pub fn entries_in(
    conn: &mut DbConnection,
    school: SchoolId,
    class: Option<&str>,
    teacher: Option<&str>,
    range: Span,
) -> QueryResult<Vec<EntryRow>> {
    let in_range = || {
        let mut q = timetable_entries::table
            .filter(timetable_entries::school_id.eq(school.to_string()))
            .filter(timetable_entries::valid_from.le(range.ends_on))
            .filter(timetable_entries::valid_to.ge(range.starts_on))
            .into_boxed();
        if let Some(t) = teacher {
            q = q.filter(timetable_entries::teacher_id.eq(t.to_owned()));
        }
        q
    };
    let mut rows: Vec<EntryRow> = match class {
        None => in_range().select(EntryRow::as_select()).load(conn)?,
        // The class's entries and those of the groups it shares, each through its own index
        // (an `OR` of the two would read every entry of the school).
        Some(c) => {
            let mut rows: Vec<EntryRow> = in_range()
                .filter(timetable_entries::class_id.eq(c.to_owned()))
                .select(EntryRow::as_select())
                .load(conn)?;
            let of_class = crate::structure::group_ids_of_class(conn, school, c)?;
            if !of_class.is_empty() {
                let mine: std::collections::HashSet<String> =
                    rows.iter().map(|e| e.id.clone()).collect();
                rows.extend(
                    in_range()
                        .filter(timetable_entries::group_id.eq_any(of_class))
                        .select(EntryRow::as_select())
                        .load::<EntryRow>(conn)?
                        .into_iter()
                        .filter(|e| !mine.contains(&e.id)),
                );
            }
            rows
        }
    };
    rows.sort_by(|a, b| {
        (a.weekday, a.lesson_number, &a.id).cmp(&(b.weekday, b.lesson_number, &b.id))
    });
    Ok(rows)
}

/// End an entry's validity on `last_day` (the timetable changes mid-year; lessons already held
/// keep their entry).
pub fn end_entry(conn: &mut DbConnection, id: &str, last_day: NaiveDate) -> QueryResult<usize> {
    diesel::update(timetable_entries::table.find(id))
        .set(timetable_entries::valid_to.eq(last_day))
        .execute(conn)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = lesson_changes)]
pub struct ChangeRow {
    pub id: String,
    pub school_id: String,
    pub entry_id: String,
    pub lesson_date: NaiveDate,
    pub kind: String,
    pub substitute_id: Option<String>,
    pub subject_id: Option<String>,
    pub room_id: Option<String>,
    pub moved_to_date: Option<NaiveDate>,
    pub moved_to_lesson: Option<i32>,
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl ChangeRow {
    /// The kind of change; the table's CHECK holds `kind` to the three the domain names.
    pub fn change_kind(&self) -> journal_domain::timetable::ChangeKind {
        use journal_domain::timetable::ChangeKind;
        ChangeKind::parse(&self.kind).unwrap_or(ChangeKind::Cancellation)
    }

    /// The domain view of the change.
    pub fn change(&self) -> Option<Change> {
        match self.kind.as_str() {
            "substitution" => self
                .substitute_id
                .as_deref()
                .and_then(|s| s.parse().ok())
                .map(|substitute| Change::Substitution { substitute }),
            "cancellation" => Some(Change::Cancellation),
            "move" => match (self.moved_to_date, self.moved_to_lesson) {
                (Some(to_date), Some(n)) => Some(Change::Move {
                    to_date,
                    to_lesson: n.clamp(0, 255) as u8,
                }),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Withdraw the change of one dated lesson.
pub fn delete_change(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(lesson_changes::table.find(id)).execute(conn)
}

pub fn insert_change(conn: &mut DbConnection, c: &ChangeRow) -> QueryResult<()> {
    diesel::insert_into(lesson_changes::table)
        .values(c)
        .execute(conn)
        .map(drop)
}

pub fn change_of(
    conn: &mut DbConnection,
    entry: &str,
    date: NaiveDate,
) -> QueryResult<Option<ChangeRow>> {
    lesson_changes::table
        .filter(lesson_changes::entry_id.eq(entry))
        .filter(lesson_changes::lesson_date.eq(date))
        .select(ChangeRow::as_select())
        .first(conn)
        .optional()
}

/// Changes of the school's lessons scheduled in `range` or moved into it, by date and in the order
/// they were made.
pub fn changes_in(
    conn: &mut DbConnection,
    school: SchoolId,
    range: Span,
) -> QueryResult<Vec<ChangeRow>> {
    changes(conn, school, None, range)
}

/// [`changes_in`] of the lessons of `entries` only: the changes a view of those entries' lessons
/// shows, without the rest of the school's.
pub fn changes_of_entries(
    conn: &mut DbConnection,
    school: SchoolId,
    entries: &[String],
    range: Span,
) -> QueryResult<Vec<ChangeRow>> {
    changes(conn, school, Some(entries), range)
}

fn changes(
    conn: &mut DbConnection,
    school: SchoolId,
    entries: Option<&[String]>,
    range: Span,
) -> QueryResult<Vec<ChangeRow>> {
    let mut q = lesson_changes::table
        .filter(lesson_changes::school_id.eq(school.to_string()))
        .filter(
            lesson_changes::lesson_date
                .between(range.starts_on, range.ends_on)
                .or(lesson_changes::moved_to_date.between(range.starts_on, range.ends_on)),
        )
        .into_boxed();
    if let Some(ids) = entries {
        q = q.filter(lesson_changes::entry_id.eq_any(ids.to_vec()));
    }
    q.order((
        lesson_changes::lesson_date.asc(),
        lesson_changes::created_at.asc(),
    ))
    .select(ChangeRow::as_select())
    .load(conn)
}

/// Substitutions a teacher covers in `range`.
pub fn covered_by(
    conn: &mut DbConnection,
    school: SchoolId,
    teacher: &str,
    range: Span,
) -> QueryResult<Vec<ChangeRow>> {
    lesson_changes::table
        .filter(lesson_changes::school_id.eq(school.to_string()))
        .filter(lesson_changes::substitute_id.eq(teacher))
        .filter(lesson_changes::lesson_date.between(range.starts_on, range.ends_on))
        .select(ChangeRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = lesson_records)]
pub struct LessonRecord {
    pub school_id: String,
    pub entry_id: String,
    pub lesson_date: NaiveDate,
    pub conducted: bool,
    pub topic: Option<String>,
    pub homework: Option<String>,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
    /// The plan topic the lesson followed (R-T4, R-J1).
    pub plan_topic_id: Option<String>,
    /// The work types done, as comma-separated codes (R-J1, R-J2).
    pub work_types: String,
    pub homework_due: Option<NaiveDate>,
    pub homework_note: Option<String>,
    /// When the topic was first written (R-J5); cleared with the topic.
    pub topic_entered_at: Option<NaiveDateTime>,
    /// When the homework was first written (R-J5); cleared with the homework.
    pub homework_entered_at: Option<NaiveDateTime>,
}

pub fn record_of(
    conn: &mut DbConnection,
    entry: &str,
    date: NaiveDate,
) -> QueryResult<Option<LessonRecord>> {
    lesson_records::table
        .filter(lesson_records::entry_id.eq(entry))
        .filter(lesson_records::lesson_date.eq(date))
        .select(LessonRecord::as_select())
        .first(conn)
        .optional()
}

/// Records of the lessons of `entries` scheduled between `from` and `to`.
pub fn records_of(
    conn: &mut DbConnection,
    entries: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<LessonRecord>> {
    lesson_records::table
        .filter(lesson_records::entry_id.eq_any(entries))
        .filter(lesson_records::lesson_date.between(from, to))
        .select(LessonRecord::as_select())
        .load(conn)
}

/// The school's entries of these ids (an id of no entry is left out).
pub fn entries_among(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<EntryRow>> {
    timetable_entries::table
        .filter(timetable_entries::school_id.eq(school.to_string()))
        .filter(timetable_entries::id.eq_any(ids))
        .select(EntryRow::as_select())
        .load(conn)
}

/// Write a lesson's record (update, or insert the first time).
pub fn save_record(conn: &mut DbConnection, r: &LessonRecord) -> QueryResult<()> {
    let updated = diesel::update(
        lesson_records::table
            .filter(lesson_records::entry_id.eq(&r.entry_id))
            .filter(lesson_records::lesson_date.eq(r.lesson_date)),
    )
    .set((
        lesson_records::conducted.eq(r.conducted),
        lesson_records::topic.eq(&r.topic),
        lesson_records::homework.eq(&r.homework),
        lesson_records::updated_by.eq(&r.updated_by),
        lesson_records::updated_at.eq(r.updated_at),
        lesson_records::plan_topic_id.eq(&r.plan_topic_id),
        lesson_records::work_types.eq(&r.work_types),
        lesson_records::homework_due.eq(r.homework_due),
        lesson_records::homework_note.eq(&r.homework_note),
        lesson_records::topic_entered_at.eq(r.topic_entered_at),
        lesson_records::homework_entered_at.eq(r.homework_entered_at),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(lesson_records::table)
            .values(r)
            .execute(conn)?;
    }
    Ok(())
}

/// The students a dated lesson is given to, in Russian order of their names: for a group lesson
/// the group's members on that date (R-B3: memberships follow the date); for a whole-class lesson
/// the students now in the class (the current class only: transfers are not replayed by date).
pub fn lesson_students(
    conn: &mut DbConnection,
    school: SchoolId,
    entry: &EntryRow,
    date: NaiveDate,
) -> QueryResult<Vec<StudentRecord>> {
    let mut rows: Vec<StudentRecord> = match &entry.group_id {
        Some(g) => {
            let ids = member_ids_on(conn, school, g, date)?;
            students::table
                .filter(students::school_id.eq(school.to_string()))
                .filter(students::id.eq_any(ids))
                .select(StudentRecord::as_select())
                .load(conn)?
        }
        None => students::table
            .filter(students::school_id.eq(school.to_string()))
            .filter(students::class_id.eq(&entry.class_id))
            .filter(students::status.eq("active"))
            .select(StudentRecord::as_select())
            .load(conn)?,
    };
    rows.sort_by_cached_key(|s| {
        (
            ru_key(&s.last_name),
            ru_key(&s.first_name),
            s.middle_name.as_deref().map(ru_key),
            s.id.clone(),
        )
    });
    Ok(rows)
}
