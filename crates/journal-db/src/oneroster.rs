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

diesel::table! {
    or_line_items (sourced_id) {
        school_id -> Text,
        sourced_id -> Text,
        class_id -> Text,
        kind -> Text,
        item_date -> Date,
        date_last_modified -> Timestamp,
        description -> Nullable<Text>,
        work_types -> Text,
        subject -> Text,
        period_id -> Nullable<Text>,
        period_kind -> Nullable<Text>,
        period_number -> Nullable<Integer>,
        year_id -> Text,
    }
}

diesel::table! {
    or_results (sourced_id) {
        school_id -> Text,
        sourced_id -> Text,
        line_item_id -> Text,
        class_id -> Text,
        student_id -> Text,
        value -> Text,
        score_date -> Date,
        date_last_modified -> Timestamp,
        comment -> Nullable<Text>,
        category -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    or_users,
    or_classes,
    or_enrollments,
    or_line_items,
    or_results
);

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
    /// A student's stored status (`active`, `withdrawn`); `active` for the others.
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
    /// Scheduled classes (teaching assignments).
    Scheduled,
    /// These, if scheduled.
    ScheduledIds(Vec<String>),
    /// Where this person is enrolled (with this role, when given).
    OfPerson {
        user: String,
        role: Option<&'static str>,
    },
    Ids(Vec<String>),
}

/// A lesson with marks, or a period's or the year's final, of a scheduled class.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = or_line_items)]
pub struct LineItemRow {
    pub sourced_id: String,
    pub class_id: String,
    /// `lesson`, `period` or `year`.
    pub kind: String,
    /// The lesson's day, or the period's or year's last.
    pub item_date: NaiveDate,
    pub date_last_modified: NaiveDateTime,
    /// The lesson's topic.
    pub description: Option<String>,
    /// The lesson's work types, comma-separated.
    pub work_types: String,
    pub subject: String,
    pub period_id: Option<String>,
    pub period_kind: Option<String>,
    pub period_number: Option<i32>,
    pub year_id: String,
}

/// A mark or a final.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = or_results)]
pub struct ResultRow {
    pub sourced_id: String,
    pub line_item_id: String,
    pub class_id: String,
    pub student_id: String,
    /// As stored: `5`, `pass`, `na`…
    pub value: String,
    pub score_date: NaiveDate,
    pub date_last_modified: NaiveDateTime,
    pub comment: Option<String>,
    /// The mark's work type, or `final`.
    pub category: String,
}

/// Which line items.
#[derive(Debug, Clone)]
pub enum LineItems {
    All,
    Class(String),
    Ids(Vec<String>),
}

/// Which results.
#[derive(Debug, Clone)]
pub enum Results {
    All,
    Class(String),
    /// Of a line item of a class.
    LineItem {
        class: String,
        item: String,
    },
    /// Of a student in a class.
    Student {
        class: String,
        student: String,
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
        Classes::Scheduled => q = q.filter(or_classes::class_type.eq("scheduled")),
        Classes::ScheduledIds(ids) => {
            q = q
                .filter(or_classes::class_type.eq("scheduled"))
                .filter(or_classes::sourced_id.eq_any(ids.clone()))
        }
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

fn line_items_query(
    school: SchoolId,
    set: &LineItems,
) -> or_line_items::BoxedQuery<'static, MultiBackend> {
    let mut q = or_line_items::table
        .filter(or_line_items::school_id.eq(school.to_string()))
        .into_boxed();
    match set {
        LineItems::All => {}
        LineItems::Class(c) => q = q.filter(or_line_items::class_id.eq(c.clone())),
        LineItems::Ids(ids) => q = q.filter(or_line_items::sourced_id.eq_any(ids.clone())),
    }
    q
}

fn results_query(school: SchoolId, set: &Results) -> or_results::BoxedQuery<'static, MultiBackend> {
    let mut q = or_results::table
        .filter(or_results::school_id.eq(school.to_string()))
        .into_boxed();
    match set {
        Results::All => {}
        Results::Class(c) => q = q.filter(or_results::class_id.eq(c.clone())),
        Results::LineItem { class, item } => {
            q = q
                .filter(or_results::class_id.eq(class.clone()))
                .filter(or_results::line_item_id.eq(item.clone()))
        }
        Results::Student { class, student } => {
            q = q
                .filter(or_results::class_id.eq(class.clone()))
                .filter(or_results::student_id.eq(student.clone()))
        }
        Results::Ids(ids) => q = q.filter(or_results::sourced_id.eq_any(ids.clone())),
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

/// How many line items of the set.
pub fn line_items_count(
    conn: &mut DbConnection,
    school: SchoolId,
    set: &LineItems,
) -> QueryResult<i64> {
    line_items_query(school, set).count().get_result(conn)
}

/// A page of the set's line items.
pub fn line_items_page(
    conn: &mut DbConnection,
    school: SchoolId,
    set: &LineItems,
    w: &Window,
) -> QueryResult<Vec<LineItemRow>> {
    windowed!(line_items_query(school, set), or_line_items::sourced_id, w)
        .select(LineItemRow::as_select())
        .load(conn)
}

/// How many results of the set.
pub fn results_count(conn: &mut DbConnection, school: SchoolId, set: &Results) -> QueryResult<i64> {
    results_query(school, set).count().get_result(conn)
}

/// A page of the set's results.
pub fn results_page(
    conn: &mut DbConnection,
    school: SchoolId,
    set: &Results,
    w: &Window,
) -> QueryResult<Vec<ResultRow>> {
    windowed!(results_query(school, set), or_results::sourced_id, w)
        .select(ResultRow::as_select())
        .load(conn)
}
