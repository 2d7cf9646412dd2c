//! Messages and class announcements (R-D3): threads, their participants, messages and attachments,
//! and the relations that decide who may write to whom (computed here, decided in
//! `journal_domain::messaging`).

use crate::schema::{
    classes, group_members, guardians, message_attachments, message_threads, messages,
    student_guardians, students, teaching_assignments, thread_participants, user_roles, users,
};
use crate::{batch_insert, DbConnection, Listed};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use journal_domain::SchoolId;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = message_threads)]
pub struct ThreadRow {
    pub id: String,
    pub school_id: String,
    /// `direct` or `announcement`.
    pub kind: String,
    pub subject: String,
    pub search: String,
    pub class_id: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub last_message_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = thread_participants)]
pub struct ParticipantRow {
    pub school_id: String,
    pub thread_id: String,
    pub user_id: String,
    pub may_post: bool,
    pub last_read_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = messages)]
pub struct MessageRow {
    pub id: String,
    pub school_id: String,
    pub thread_id: String,
    pub author_id: String,
    pub body: String,
    pub search: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = message_attachments)]
pub struct AttachmentRow {
    pub id: String,
    pub school_id: String,
    pub message_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub content: Vec<u8>,
    pub created_at: NaiveDateTime,
}

/// An attachment without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub id: String,
    pub message_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub created_at: NaiveDateTime,
}

pub fn insert_thread(conn: &mut DbConnection, row: &ThreadRow) -> QueryResult<()> {
    diesel::insert_into(message_threads::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Insert participants in chunks (SQLite limits bound parameters per statement).
pub fn insert_participants(conn: &mut DbConnection, rows: &[ParticipantRow]) -> QueryResult<()> {
    for chunk in rows.chunks(100) {
        batch_insert!(conn, thread_participants::table, chunk)?;
    }
    Ok(())
}

/// Add a message and move the thread's last activity to it.
pub fn insert_message(conn: &mut DbConnection, row: &MessageRow) -> QueryResult<()> {
    diesel::insert_into(messages::table)
        .values(row)
        .execute(conn)?;
    diesel::update(message_threads::table.find(&row.thread_id))
        .set(message_threads::last_message_at.eq(row.created_at))
        .execute(conn)
        .map(drop)
}

pub fn insert_attachment(conn: &mut DbConnection, row: &AttachmentRow) -> QueryResult<()> {
    diesel::insert_into(message_attachments::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn thread(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<ThreadRow>> {
    message_threads::table
        .filter(message_threads::school_id.eq(school.to_string()))
        .filter(message_threads::id.eq(id))
        .select(ThreadRow::as_select())
        .first(conn)
        .optional()
}

/// The caller's place in a thread, if they take part in it.
pub fn participant(
    conn: &mut DbConnection,
    school: SchoolId,
    thread: &str,
    user: &str,
) -> QueryResult<Option<ParticipantRow>> {
    thread_participants::table
        .filter(thread_participants::school_id.eq(school.to_string()))
        .filter(thread_participants::thread_id.eq(thread))
        .filter(thread_participants::user_id.eq(user))
        .select(ParticipantRow::as_select())
        .first(conn)
        .optional()
}

/// The user's participation in each of these threads (one query), by thread id.
pub fn participations(
    conn: &mut DbConnection,
    school: SchoolId,
    threads: &[String],
    user: &str,
) -> QueryResult<std::collections::HashMap<String, ParticipantRow>> {
    let rows: Vec<ParticipantRow> = thread_participants::table
        .filter(thread_participants::school_id.eq(school.to_string()))
        .filter(thread_participants::thread_id.eq_any(threads))
        .filter(thread_participants::user_id.eq(user))
        .select(ParticipantRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|p| (p.thread_id.clone(), p)).collect())
}

/// A participant with their last, first and middle name.
pub type NamedParticipant = (ParticipantRow, String, String, Option<String>);

/// The participants of a thread with their names.
pub fn participants_of(
    conn: &mut DbConnection,
    thread: &str,
) -> QueryResult<Vec<NamedParticipant>> {
    thread_participants::table
        .inner_join(users::table.on(users::id.eq(thread_participants::user_id)))
        .filter(thread_participants::thread_id.eq(thread))
        .select((
            ParticipantRow::as_select(),
            users::last_name,
            users::first_name,
            users::middle_name,
        ))
        .load(conn)
}

pub fn messages_of(conn: &mut DbConnection, thread: &str) -> QueryResult<Vec<MessageRow>> {
    messages::table
        .filter(messages::thread_id.eq(thread))
        .order((messages::created_at.asc(), messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)
}

pub fn message(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<MessageRow>> {
    messages::table
        .filter(messages::school_id.eq(school.to_string()))
        .filter(messages::id.eq(id))
        .select(MessageRow::as_select())
        .first(conn)
        .optional()
}

/// The attachments of some messages, without content.
pub fn attachments_of(
    conn: &mut DbConnection,
    message_ids: &[String],
) -> QueryResult<Vec<AttachmentInfo>> {
    let rows: Vec<(String, String, String, String, i32, NaiveDateTime)> =
        message_attachments::table
            .filter(message_attachments::message_id.eq_any(message_ids))
            .order((
                message_attachments::created_at.asc(),
                message_attachments::id.asc(),
            ))
            .select((
                message_attachments::id,
                message_attachments::message_id,
                message_attachments::file_name,
                message_attachments::content_type,
                message_attachments::size_bytes,
                message_attachments::created_at,
            ))
            .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, message_id, file_name, content_type, size_bytes, created_at)| AttachmentInfo {
                id,
                message_id,
                file_name,
                content_type,
                size_bytes,
                created_at,
            },
        )
        .collect())
}

/// An attachment with the thread of its message.
pub fn attachment(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> QueryResult<Option<(AttachmentRow, String)>> {
    message_attachments::table
        .inner_join(messages::table.on(messages::id.eq(message_attachments::message_id)))
        .filter(message_attachments::school_id.eq(school.to_string()))
        .filter(message_attachments::id.eq(id))
        .select((AttachmentRow::as_select(), messages::thread_id))
        .first(conn)
        .optional()
}

/// Filters of the caller's thread list.
#[derive(Debug, Clone, Default)]
pub struct ThreadFilter {
    /// Folded search text (see `journal_domain::messaging::fold`): matches the subject or any
    /// message's body.
    pub query: Option<String>,
    pub kind: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

fn like_pattern(q: &str) -> String {
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The threads `user` takes part in, newest activity first, with the total matching.
pub fn list_threads(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
    filter: &ThreadFilter,
) -> QueryResult<Listed<ThreadRow>> {
    let build = || {
        let mine = thread_participants::table
            .filter(thread_participants::school_id.eq(school.to_string()))
            .filter(thread_participants::user_id.eq(user.to_owned()))
            .select(thread_participants::thread_id);
        let mut q = message_threads::table
            .filter(message_threads::school_id.eq(school.to_string()))
            .filter(message_threads::id.eq_any(mine))
            .into_boxed();
        if let Some(kind) = &filter.kind {
            q = q.filter(message_threads::kind.eq(kind.clone()));
        }
        if let Some(text) = filter.query.as_deref().filter(|t| !t.is_empty()) {
            let pattern = like_pattern(text);
            let in_bodies = messages::table
                .filter(messages::school_id.eq(school.to_string()))
                .filter(messages::search.like(pattern.clone()).escape('\\'))
                .select(messages::thread_id);
            q = q.filter(
                message_threads::search
                    .like(pattern)
                    .escape('\\')
                    .or(message_threads::id.eq_any(in_bodies)),
            );
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((
            message_threads::last_message_at.desc(),
            message_threads::id.asc(),
        ))
        .offset(filter.offset.max(0))
        .limit(filter.limit.max(0))
        .select(ThreadRow::as_select())
        .load(conn)?;
    Ok(Listed { rows, total })
}

/// Unread messages per thread for `user`: messages by others newer than what they last read.
pub fn unread(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
) -> QueryResult<BTreeMap<String, i64>> {
    let rows: Vec<(String, i64)> = messages::table
        .inner_join(
            thread_participants::table.on(thread_participants::thread_id
                .eq(messages::thread_id)
                .and(thread_participants::user_id.eq(user.to_owned()))),
        )
        .filter(thread_participants::school_id.eq(school.to_string()))
        .filter(messages::author_id.ne(user.to_owned()))
        .filter(
            thread_participants::last_read_at
                .is_null()
                .or(messages::created_at
                    .nullable()
                    .gt(thread_participants::last_read_at)),
        )
        .group_by(messages::thread_id)
        .select((messages::thread_id, count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Everything in the thread up to its newest message is read by `user`.
pub fn mark_read(conn: &mut DbConnection, thread: &str, user: &str) -> QueryResult<()> {
    let newest: Option<NaiveDateTime> = messages::table
        .filter(messages::thread_id.eq(thread))
        .select(diesel::dsl::max(messages::created_at))
        .first(conn)?;
    if let Some(at) = newest {
        diesel::update(
            thread_participants::table
                .filter(thread_participants::thread_id.eq(thread))
                .filter(thread_participants::user_id.eq(user)),
        )
        .set(thread_participants::last_read_at.eq(Some(at)))
        .execute(conn)?;
    }
    Ok(())
}

/// The newest message of each of these threads.
pub fn last_messages(
    conn: &mut DbConnection,
    threads: &[String],
) -> QueryResult<BTreeMap<String, MessageRow>> {
    let rows: Vec<MessageRow> = messages::table
        .filter(messages::thread_id.eq_any(threads))
        .order((messages::created_at.asc(), messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|m| (m.thread_id.clone(), m)).collect())
}

// ---- relations (who may write to whom) ----

/// The students a family account is: its own student records and the children it is a guardian
/// of, active ones only.
pub fn children_of(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
) -> QueryResult<Vec<String>> {
    let s = school.to_string();
    let linked = student_guardians::table
        .inner_join(guardians::table.on(guardians::id.eq(student_guardians::guardian_id)))
        .filter(guardians::school_id.eq(s.clone()))
        .filter(guardians::user_id.eq(user.to_owned()))
        .select(student_guardians::student_id);
    students::table
        .filter(students::school_id.eq(s))
        .filter(students::status.eq("active"))
        .filter(
            students::user_id
                .eq(user.to_owned())
                .or(students::id.eq_any(linked)),
        )
        .order(students::id.asc())
        .select(students::id)
        .load(conn)
}

/// How a staff member is related to a family's child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StaffRelation {
    ClassTeacher,
    Teacher,
    Administration,
}

/// A staff member related to some children, with the subjects they teach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedStaff {
    pub user_id: String,
    pub relations: BTreeSet<StaffRelation>,
    pub subject_ids: BTreeSet<String>,
}

/// A student, their class, its class teacher and its school year.
type Placement = (String, Option<String>, Option<String>, Option<String>);

/// The staff related to these children (R-D3): the class teacher of each child's class, the
/// teachers with an assignment in the class's school year for the class or a group the child is a
/// member of on `today`, and the administration (director, deputy, secretary).
pub fn staff_of_children(
    conn: &mut DbConnection,
    school: SchoolId,
    children: &[String],
    today: NaiveDate,
) -> QueryResult<BTreeMap<String, RelatedStaff>> {
    let s = school.to_string();
    let mut out: BTreeMap<String, RelatedStaff> = BTreeMap::new();
    let mut add = |user: String, rel: StaffRelation, subject: Option<String>| {
        let e = out.entry(user.clone()).or_insert_with(|| RelatedStaff {
            user_id: user,
            relations: BTreeSet::new(),
            subject_ids: BTreeSet::new(),
        });
        e.relations.insert(rel);
        if let Some(sub) = subject {
            e.subject_ids.insert(sub);
        }
    };
    if !children.is_empty() {
        let placed: Vec<Placement> = students::table
            .left_join(classes::table.on(classes::id.nullable().eq(students::class_id)))
            .filter(students::school_id.eq(s.clone()))
            .filter(students::id.eq_any(children))
            .select((
                students::id,
                students::class_id,
                classes::class_teacher_id.nullable(),
                classes::year_id.nullable(),
            ))
            .load(conn)?;
        let groups: Vec<String> = group_members::table
            .filter(group_members::school_id.eq(s.clone()))
            .filter(group_members::student_id.eq_any(children))
            .filter(group_members::from_date.le(today))
            .filter(
                group_members::to_date
                    .is_null()
                    .or(group_members::to_date.ge(today)),
            )
            .select(group_members::group_id)
            .load(conn)?;
        for (_, class, teacher, year) in &placed {
            if let Some(t) = teacher {
                add(t.clone(), StaffRelation::ClassTeacher, None);
            }
            let Some(class) = class else { continue };
            let mut q = teaching_assignments::table
                .filter(teaching_assignments::school_id.eq(s.clone()))
                .filter(teaching_assignments::class_id.eq(class.clone()))
                .filter(
                    teaching_assignments::group_id
                        .is_null()
                        .or(teaching_assignments::group_id.eq_any(groups.clone())),
                )
                .into_boxed();
            if let Some(year) = year {
                q = q.filter(teaching_assignments::year_id.eq(year.clone()));
            }
            let taught: Vec<(String, String)> = q
                .select((
                    teaching_assignments::teacher_id,
                    teaching_assignments::subject_id,
                ))
                .load(conn)?;
            for (t, subject) in taught {
                add(t, StaffRelation::Teacher, Some(subject));
            }
        }
        // Cross-class groups: assignments of the child's groups held by another class's row.
        if !groups.is_empty() {
            let taught: Vec<(String, String)> = teaching_assignments::table
                .filter(teaching_assignments::school_id.eq(s.clone()))
                .filter(teaching_assignments::group_id.eq_any(groups))
                .select((
                    teaching_assignments::teacher_id,
                    teaching_assignments::subject_id,
                ))
                .load(conn)?;
            for (t, subject) in taught {
                add(t, StaffRelation::Teacher, Some(subject));
            }
        }
        for user in administration(conn, school)? {
            add(user, StaffRelation::Administration, None);
        }
    }
    Ok(out)
}

/// Director, deputy and secretary accounts of the school.
pub fn administration(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<String>> {
    user_roles::table
        .filter(user_roles::school_id.eq(school.to_string()))
        .filter(user_roles::role.eq_any(["director", "deputy", "secretary"]))
        .select(user_roles::user_id)
        .distinct()
        .load(conn)
}

/// Accounts holding any of `roles` in the school, with their roles.
pub fn accounts_with_roles(
    conn: &mut DbConnection,
    school: SchoolId,
    roles: &[&str],
) -> QueryResult<BTreeMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = user_roles::table
        .filter(user_roles::school_id.eq(school.to_string()))
        .filter(user_roles::role.eq_any(roles))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (u, r) in rows {
        out.entry(u).or_default().push(r);
    }
    Ok(out)
}

/// Students of the school a staff member is related to (R-D3): all active ones for the
/// administration, otherwise those of the classes they lead and of the classes and groups they
/// teach on `today`.
pub fn students_of_staff(
    conn: &mut DbConnection,
    school: SchoolId,
    staff: &str,
    administration: bool,
    today: NaiveDate,
) -> QueryResult<Vec<String>> {
    let s = school.to_string();
    let active = students::table
        .filter(students::school_id.eq(s.clone()))
        .filter(students::status.eq("active"));
    if administration {
        return active.select(students::id).load(conn);
    }
    let mut class_ids: Vec<String> = classes::table
        .filter(classes::school_id.eq(s.clone()))
        .filter(classes::class_teacher_id.eq(staff.to_owned()))
        .select(classes::id)
        .load(conn)?;
    let taught: Vec<(String, Option<String>, String)> = teaching_assignments::table
        .inner_join(classes::table.on(classes::id.eq(teaching_assignments::class_id)))
        .filter(teaching_assignments::school_id.eq(s.clone()))
        .filter(teaching_assignments::teacher_id.eq(staff.to_owned()))
        .filter(
            classes::year_id
                .is_null()
                .or(classes::year_id.eq(teaching_assignments::year_id.nullable())),
        )
        .select((
            teaching_assignments::class_id,
            teaching_assignments::group_id,
            teaching_assignments::year_id,
        ))
        .load(conn)?;
    let mut group_ids = Vec::new();
    for (class, group, _) in taught {
        match group {
            Some(g) => group_ids.push(g),
            None => class_ids.push(class),
        }
    }
    let mut ids: Vec<String> = active
        .filter(students::class_id.eq_any(class_ids))
        .select(students::id)
        .load(conn)?;
    if !group_ids.is_empty() {
        let members: Vec<String> = group_members::table
            .inner_join(students::table.on(students::id.eq(group_members::student_id)))
            .filter(group_members::school_id.eq(s))
            .filter(group_members::group_id.eq_any(group_ids))
            .filter(group_members::from_date.le(today))
            .filter(
                group_members::to_date
                    .is_null()
                    .or(group_members::to_date.ge(today)),
            )
            .filter(students::status.eq("active"))
            .select(group_members::student_id)
            .load(conn)?;
        ids.extend(members);
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// A family account related to some students.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyAccount {
    pub user_id: String,
    /// `guardian` or `student`.
    pub kind: &'static str,
    pub student_ids: BTreeSet<String>,
}

/// The accounts of these students and of their guardians.
pub fn families_of(
    conn: &mut DbConnection,
    school: SchoolId,
    student_ids: &[String],
) -> QueryResult<BTreeMap<String, FamilyAccount>> {
    let s = school.to_string();
    let mut out: BTreeMap<String, FamilyAccount> = BTreeMap::new();
    for chunk in student_ids.chunks(500) {
        let own: Vec<(String, Option<String>)> = students::table
            .filter(students::school_id.eq(s.clone()))
            .filter(students::id.eq_any(chunk))
            .filter(students::user_id.is_not_null())
            .select((students::id, students::user_id))
            .load(conn)?;
        for (student, user) in own {
            if let Some(u) = user {
                out.entry(u.clone())
                    .or_insert_with(|| FamilyAccount {
                        user_id: u,
                        kind: "student",
                        student_ids: BTreeSet::new(),
                    })
                    .student_ids
                    .insert(student);
            }
        }
        let linked: Vec<(String, Option<String>)> = student_guardians::table
            .inner_join(guardians::table.on(guardians::id.eq(student_guardians::guardian_id)))
            .filter(student_guardians::school_id.eq(s.clone()))
            .filter(student_guardians::student_id.eq_any(chunk))
            .filter(guardians::user_id.is_not_null())
            .select((student_guardians::student_id, guardians::user_id))
            .load(conn)?;
        for (student, user) in linked {
            if let Some(u) = user {
                out.entry(u.clone())
                    .or_insert_with(|| FamilyAccount {
                        user_id: u,
                        kind: "guardian",
                        student_ids: BTreeSet::new(),
                    })
                    .student_ids
                    .insert(student);
            }
        }
    }
    Ok(out)
}

/// Active students of a class.
pub fn students_of_class(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &str,
) -> QueryResult<Vec<String>> {
    students::table
        .filter(students::school_id.eq(school.to_string()))
        .filter(students::class_id.eq(class.to_owned()))
        .filter(students::status.eq("active"))
        .select(students::id)
        .load(conn)
}
