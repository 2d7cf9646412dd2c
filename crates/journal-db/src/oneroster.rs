//! OneRoster 1.2 (R-E3): the school's people, classes and enrollments as the standard sees them,
//! read through the views of migration `2026-12-09-100000_oneroster_views`, counted, ordered and
//! paged by the database so that a request reads only its page.

use crate::conn::MultiBackend;
use crate::schema::{student_guardians, students, subjects, user_roles};
use crate::DbConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::SchoolId;

diesel::table! {
    or_users (sourced_id) {
        school_id -> Text,
        sourced_id -> Text,
        kind -> Text,
        status -> Text,
        date_last_modified -> Timestamp,
        username -> Nullable<Text>,
        given_name -> Text,
        family_name -> Text,
        middle_name -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        account_id -> Nullable<Text>,
        grade -> Nullable<Text>,
    }
}

diesel::table! {
    or_classes (sourced_id) {
        school_id -> Text,
        sourced_id -> Text,
        class_type -> Text,
        date_last_modified -> Timestamp,
        title -> Text,
        class_code -> Text,
        year_id -> Nullable<Text>,
        course_id -> Nullable<Text>,
        grade -> Text,
        subject -> Nullable<Text>,
        homeroom_id -> Text,
        group_id -> Nullable<Text>,
    }
}

diesel::table! {
    or_enrollments (sourced_id) {
        school_id -> Text,
        sourced_id -> Text,
        class_id -> Text,
        user_id -> Text,
        role -> Text,
        is_primary -> Text,
        date_last_modified -> Timestamp,
        begin_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(or_users, or_classes, or_enrollments);

/// Which page of a list: `offset` and `limit` in `sourcedId` order (or its reverse), or, for a
/// scan, the next `limit` after `after`.
#[derive(Debug, Clone, Default)]
pub struct Window {
    pub after: Option<String>,
    pub offset: i64,
    pub limit: i64,
    pub descending: bool,
}

/// A person as OneRoster lists them.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = or_users)]
pub struct UserRow {
    pub sourced_id: String,
    /// `student`, `guardian`, `teacher` or `staff`.
    pub kind: String,
    pub status: String,
    pub date_last_modified: NaiveDateTime,
    pub username: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub middle_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub account_id: Option<String>,
    pub grade: Option<String>,
}

/// A homeroom or scheduled class.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = or_classes)]
pub struct ClassRow {
    pub sourced_id: String,
    /// `homeroom` or `scheduled`.
    pub class_type: String,
    pub date_last_modified: NaiveDateTime,
    pub title: String,
    pub class_code: String,
    pub year_id: Option<String>,
    pub course_id: Option<String>,
    pub grade: String,
    pub subject: Option<String>,
    pub homeroom_id: String,
    pub group_id: Option<String>,
}

/// One person in one class.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = or_enrollments)]
pub struct EnrollmentRow {
    pub sourced_id: String,
    pub class_id: String,
    pub user_id: String,
    /// `student` or `teacher`.
    pub role: String,
    /// `true` or `false`.
    pub is_primary: String,
    pub date_last_modified: NaiveDateTime,
    pub begin_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

/// Which people.
#[derive(Debug, Clone)]
pub enum People {
    All,
    /// Of these kinds (`student`, `guardian`, `teacher`, `staff`).
    Kinds(Vec<&'static str>),
    /// Enrolled in a class with this role.
    InClass {
        class: String,
        role: &'static str,
    },
    /// These.
    Ids(Vec<String>),
}

/// Which classes.
#[derive(Debug, Clone)]
pub enum Classes {
    All,
    /// Of a school year (term).
    Term(String),
    /// Of a subject (course).
    Course(String),
    /// Homeroom classes (the homeroom course).
    Homeroom,
    /// Where this person is enrolled (with this role, when given).
    OfPerson {
        user: String,
        role: Option<&'static str>,
    },
    Ids(Vec<String>),
}

/// Which enrollments.
#[derive(Debug, Clone)]
pub enum Enrollments {
    All,
    /// Of one class.
    Class(String),
    Ids(Vec<String>),
}

fn users_query(school: SchoolId, set: &People) -> or_users::BoxedQuery<'static, MultiBackend> {
    let mut q = or_users::table
        .filter(or_users::school_id.eq(school.to_string()))
        .into_boxed();
    match set {
        People::All => {}
        People::Kinds(k) => q = q.filter(or_users::kind.eq_any(k.clone())),
        People::InClass { class, role } => {
            q = q.filter(
                or_users::sourced_id.eq_any(
                    or_enrollments::table
                        .filter(or_enrollments::school_id.eq(school.to_string()))
                        .filter(or_enrollments::class_id.eq(class.clone()))
                        .filter(or_enrollments::role.eq(*role))
                        .select(or_enrollments::user_id),
                ),
            )
        }
        People::Ids(ids) => q = q.filter(or_users::sourced_id.eq_any(ids.clone())),
    }
    q
}

fn classes_query(school: SchoolId, set: &Classes) -> or_classes::BoxedQuery<'static, MultiBackend> {
    let mut q = or_classes::table
        .filter(or_classes::school_id.eq(school.to_string()))
        .into_boxed();
    match set {
        Classes::All => {}
        Classes::Term(y) => q = q.filter(or_classes::year_id.eq(y.clone())),
        Classes::Course(c) => q = q.filter(or_classes::course_id.eq(c.clone())),
        Classes::Homeroom => q = q.filter(or_classes::class_type.eq("homeroom")),
        Classes::OfPerson { user, role } => {
            let enrolled = or_enrollments::table
                .filter(or_enrollments::school_id.eq(school.to_string()))
                .filter(or_enrollments::user_id.eq(user.clone()));
            q = match role {
                Some(r) => q.filter(
                    or_classes::sourced_id.eq_any(
                        enrolled
                            .filter(or_enrollments::role.eq(*r))
                            .select(or_enrollments::class_id),
                    ),
                ),
                None => q.filter(
                    or_classes::sourced_id.eq_any(enrolled.select(or_enrollments::class_id)),
                ),
            }
        }
        Classes::Ids(ids) => q = q.filter(or_classes::sourced_id.eq_any(ids.clone())),
    }
    q
}

fn enrollments_query(
    school: SchoolId,
    set: &Enrollments,
) -> or_enrollments::BoxedQuery<'static, MultiBackend> {
    let mut q = or_enrollments::table
        .filter(or_enrollments::school_id.eq(school.to_string()))
        .into_boxed();
    match set {
        Enrollments::All => {}
        Enrollments::Class(c) => q = q.filter(or_enrollments::class_id.eq(c.clone())),
        Enrollments::Ids(ids) => q = q.filter(or_enrollments::sourced_id.eq_any(ids.clone())),
    }
    q
}

/// Apply a window to a boxed query over a view with a `sourced_id`.
macro_rules! windowed {
    ($q:expr, $id:expr, $w:expr) => {{
        let w: &Window = $w;
        let mut q = $q;
        if let Some(after) = &w.after {
            q = if w.descending {
                q.filter($id.lt(after.clone()))
            } else {
                q.filter($id.gt(after.clone()))
            };
        }
        q = if w.descending {
            q.order($id.desc())
        } else {
            q.order($id.asc())
        };
        q.offset(w.offset).limit(w.limit)
    }};
}

/// How many people of the set.
pub fn users_count(conn: &mut DbConnection, school: SchoolId, set: &People) -> QueryResult<i64> {
    users_query(school, set).count().get_result(conn)
}

/// A page of the set's people.
pub fn users_page(
    conn: &mut DbConnection,
    school: SchoolId,
    set: &People,
    w: &Window,
) -> QueryResult<Vec<UserRow>> {
    windowed!(users_query(school, set), or_users::sourced_id, w)
        .select(UserRow::as_select())
        .load(conn)
}

/// How many classes of the set.
pub fn classes_count(conn: &mut DbConnection, school: SchoolId, set: &Classes) -> QueryResult<i64> {
    classes_query(school, set).count().get_result(conn)
}

/// A page of the set's classes.
pub fn classes_page(
    conn: &mut DbConnection,
    school: SchoolId,
    set: &Classes,
    w: &Window,
) -> QueryResult<Vec<ClassRow>> {
    windowed!(classes_query(school, set), or_classes::sourced_id, w)
        .select(ClassRow::as_select())
        .load(conn)
}

/// How many enrollments of the set.
pub fn enrollments_count(
    conn: &mut DbConnection,
    school: SchoolId,
    set: &Enrollments,
) -> QueryResult<i64> {
    enrollments_query(school, set).count().get_result(conn)
}

/// A page of the set's enrollments.
pub fn enrollments_page(
    conn: &mut DbConnection,
    school: SchoolId,
    set: &Enrollments,
    w: &Window,
) -> QueryResult<Vec<EnrollmentRow>> {
    windowed!(
        enrollments_query(school, set),
        or_enrollments::sourced_id,
        w
    )
    .select(EnrollmentRow::as_select())
    .load(conn)
}

/// The school roles of these accounts: (account, role).
pub fn roles_of(
    conn: &mut DbConnection,
    school: SchoolId,
    accounts: &[String],
) -> QueryResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in accounts.chunks(500) {
        out.extend(
            user_roles::table
                .filter(user_roles::school_id.eq(school.to_string()))
                .filter(user_roles::user_id.eq_any(chunk))
                .order((user_roles::user_id, user_roles::role))
                .select((user_roles::user_id, user_roles::role))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(out)
}

/// The guardian links of these people, students or guardians: (student, guardian, relation).
pub fn links_of(
    conn: &mut DbConnection,
    school: SchoolId,
    people: &[String],
) -> QueryResult<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for chunk in people.chunks(500) {
        out.extend(
            student_guardians::table
                .filter(student_guardians::school_id.eq(school.to_string()))
                .filter(
                    student_guardians::student_id
                        .eq_any(chunk)
                        .or(student_guardians::guardian_id.eq_any(chunk)),
                )
                .order((
                    student_guardians::student_id,
                    student_guardians::guardian_id,
                ))
                .select((
                    student_guardians::student_id,
                    student_guardians::guardian_id,
                    student_guardians::relation,
                ))
                .load::<(String, String, String)>(conn)?,
        );
    }
    Ok(out)
}

/// A subject as a course: (id, name, short name).
pub fn courses(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Vec<(String, String, String)>> {
    subjects::table
        .filter(subjects::school_id.eq(school.to_string()))
        .order(subjects::id)
        .select((subjects::id, subjects::name, subjects::short_name))
        .load(conn)
}

/// The grades each subject is taught in (from its teaching assignments): (subject, grade).
pub fn course_grades(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Vec<(String, String)>> {
    or_classes::table
        .filter(or_classes::school_id.eq(school.to_string()))
        .filter(or_classes::course_id.is_not_null())
        .select((or_classes::course_id.assume_not_null(), or_classes::grade))
        .distinct()
        .order((or_classes::course_id, or_classes::grade))
        .load(conn)
}

/// The birth dates of these students: (student, date).
pub fn birth_dates(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<Vec<(String, NaiveDate)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            students::table
                .filter(students::school_id.eq(school.to_string()))
                .filter(students::id.eq_any(chunk))
                .select((students::id, students::birth_date))
                .load::<(String, NaiveDate)>(conn)?,
        );
    }
    Ok(out)
}
