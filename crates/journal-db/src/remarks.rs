//! Inspection remarks on journal pages and their history (R-R2). Whether a step is allowed is
//! `journal_domain::remarks`'; here the rows are stored, moved from one state to the next by
//! compare-and-swap, and read in set-based queries: a list of remarks (of the school, or of a
//! teacher's pages) with the names its view shows is one query, their histories one more.

use crate::schema::{
    classes, group_classes, groups, journal_remark_events, journal_remarks, subjects,
    teaching_assignments, users,
};
use crate::{DbConnection, Listed};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::SchoolId;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = journal_remarks)]
pub struct RemarkRow {
    pub id: String,
    pub school_id: String,
    pub assignment_id: String,
    pub period_id: String,
    /// The lesson (timetable entry and scheduled date), for a remark on one lesson.
    pub entry_id: Option<String>,
    pub lesson_date: Option<NaiveDate>,
    pub text: String,
    pub due_on: NaiveDate,
    /// `journal_domain::remarks::RemarkStatus::as_str`.
    pub status: String,
    /// The teacher's latest answer.
    pub answer: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = journal_remark_events)]
pub struct RemarkEventRow {
    pub id: String,
    pub school_id: String,
    pub remark_id: String,
    /// `journal_domain::remarks::RemarkEventKind::as_str`.
    pub kind: String,
    pub text: Option<String>,
    pub actor_id: String,
    pub at: NaiveDateTime,
}

/// A remark with what its view names: its page's teacher, subject, class and group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedRemark {
    pub remark: RemarkRow,
    pub teacher_id: String,
    pub teacher_last_name: String,
    pub teacher_first_name: String,
    pub teacher_middle_name: Option<String>,
    pub subject_name: String,
    pub class_grade: i32,
    pub class_letter: String,
    pub group_name: Option<String>,
}

impl ListedRemark {
    pub fn class_name(&self) -> String {
        format!("{}{}", self.class_grade, self.class_letter)
    }

    pub fn teacher_name(&self) -> String {
        match &self.teacher_middle_name {
            Some(m) => format!("{} {} {m}", self.teacher_last_name, self.teacher_first_name),
            None => format!("{} {}", self.teacher_last_name, self.teacher_first_name),
        }
    }
}

/// A row of [`list`] as the query answers it.
type ListedTuple = (
    RemarkRow,
    String,
    String,
    String,
    Option<String>,
    String,
    i32,
    String,
    Option<String>,
);

/// Which remarks of a school to read; every filter narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemarkQuery {
    /// One remark.
    pub id: Option<String>,
    /// Of this state.
    pub status: Option<String>,
    /// Not yet confirmed.
    pub open_only: bool,
    /// On the pages of this teacher (a teacher's own list passes themselves).
    pub teacher_id: Option<String>,
    /// On the pages of this class: its own assignments and those of the groups drawing from it.
    pub class_id: Option<String>,
    pub assignment_id: Option<String>,
    pub period_id: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

pub fn insert_remark(conn: &mut DbConnection, row: &RemarkRow) -> QueryResult<()> {
    diesel::insert_into(journal_remarks::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn insert_event(conn: &mut DbConnection, row: &RemarkEventRow) -> QueryResult<()> {
    diesel::insert_into(journal_remark_events::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Move the school's remark `id` from state `from` to `to` (with the teacher's `answer`, when
/// given), only if it still is `from`: `false` when another writer moved it first (the caller
/// reads it again and decides anew).
pub fn move_status(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
    (from, to): (&str, &str),
    answer: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let target = journal_remarks::table
        .filter(journal_remarks::school_id.eq(school.to_string()))
        .filter(journal_remarks::id.eq(id))
        .filter(journal_remarks::status.eq(from));
    let n = match answer {
        Some(a) => diesel::update(target)
            .set((
                journal_remarks::status.eq(to),
                journal_remarks::answer.eq(a),
                journal_remarks::updated_at.eq(at),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                journal_remarks::status.eq(to),
                journal_remarks::updated_at.eq(at),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// The school's remarks that `q` picks, newest first, each with the names its view shows, and
/// how many match over all pages: one query for the page of rows, one for the count.
pub fn list(
    conn: &mut DbConnection,
    school: SchoolId,
    q: &RemarkQuery,
) -> QueryResult<Listed<ListedRemark>> {
    let build = || {
        let mut query = journal_remarks::table
            .inner_join(
                teaching_assignments::table
                    .on(teaching_assignments::id.eq(journal_remarks::assignment_id)),
            )
            .inner_join(classes::table.on(classes::id.eq(teaching_assignments::class_id)))
            .inner_join(subjects::table.on(subjects::id.eq(teaching_assignments::subject_id)))
            .inner_join(users::table.on(users::id.eq(teaching_assignments::teacher_id)))
            .left_join(groups::table.on(groups::id.nullable().eq(teaching_assignments::group_id)))
            .filter(journal_remarks::school_id.eq(school.to_string()))
            .into_boxed();
        if let Some(id) = &q.id {
            query = query.filter(journal_remarks::id.eq(id.clone()));
        }
        if let Some(status) = &q.status {
            query = query.filter(journal_remarks::status.eq(status.clone()));
        }
        if q.open_only {
            query = query.filter(journal_remarks::status.ne("confirmed"));
        }
        if let Some(teacher) = &q.teacher_id {
            query = query.filter(teaching_assignments::teacher_id.eq(teacher.clone()));
        }
        if let Some(class) = &q.class_id {
            let groups_of_class = group_classes::table
                .filter(group_classes::school_id.eq(school.to_string()))
                .filter(group_classes::class_id.eq(class.clone()))
                .select(group_classes::group_id.nullable());
            query = query.filter(
                teaching_assignments::class_id
                    .eq(class.clone())
                    .or(teaching_assignments::group_id.eq_any(groups_of_class)),
            );
        }
        if let Some(assignment) = &q.assignment_id {
            query = query.filter(journal_remarks::assignment_id.eq(assignment.clone()));
        }
        if let Some(period) = &q.period_id {
            query = query.filter(journal_remarks::period_id.eq(period.clone()));
        }
        query
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((
            journal_remarks::created_at.desc(),
            journal_remarks::id.asc(),
        ))
        .offset(q.offset.max(0))
        .limit(q.limit.max(0))
        .select((
            RemarkRow::as_select(),
            teaching_assignments::teacher_id,
            users::last_name,
            users::first_name,
            users::middle_name,
            subjects::name,
            classes::grade,
            classes::letter,
            groups::name.nullable(),
        ))
        .load::<ListedTuple>(conn)?
        .into_iter()
        .map(
            |(remark, teacher_id, last, first, middle, subject, grade, letter, group)| {
                ListedRemark {
                    remark,
                    teacher_id,
                    teacher_last_name: last,
                    teacher_first_name: first,
                    teacher_middle_name: middle,
                    subject_name: subject,
                    class_grade: grade,
                    class_letter: letter,
                    group_name: group,
                }
            },
        )
        .collect();
    Ok(Listed { rows, total })
}

/// The school's remark `id` with the names its view shows.
pub fn remark(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<ListedRemark>> {
    let q = RemarkQuery {
        id: Some(id.to_owned()),
        limit: 1,
        ..RemarkQuery::default()
    };
    Ok(list(conn, school, &q)?.rows.into_iter().next())
}

/// The histories of these remarks of the school in one query, each oldest first.
pub fn events_of(
    conn: &mut DbConnection,
    school: SchoolId,
    remarks: &[String],
) -> QueryResult<Vec<RemarkEventRow>> {
    let mut out = Vec::new();
    // A page of remarks is at most a few hundred; a longer list is read in parts.
    for chunk in remarks.chunks(10_000) {
        let rows: Vec<RemarkEventRow> = journal_remark_events::table
            .filter(journal_remark_events::school_id.eq(school.to_string()))
            .filter(journal_remark_events::remark_id.eq_any(chunk))
            .order((
                journal_remark_events::at.asc(),
                journal_remark_events::id.asc(),
            ))
            .select(RemarkEventRow::as_select())
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}
