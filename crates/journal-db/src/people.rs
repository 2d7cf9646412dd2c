//! Students, guardians, their links and the history of student movement (R-B5); the look-ups
//! imports check rows against and the lists exports write (R-B6). Every query is scoped by school:
//! an id of another school is simply not found (R-A11).

use crate::roster::{Class, Guardian, GuardianLink};
use crate::schema::{classes, guardians, staff, student_guardians, student_movements, students};
use crate::schema::{user_roles, users};
use crate::{batch_insert, DbConnection, Listed};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::collate::ru_key;
use journal_domain::people::{fold, StudentStatus};
use journal_domain::{ClassId, GuardianId, Role, SchoolId, StudentId, UserId};
use std::collections::HashMap;

/// A student row with the columns of the people migration (status and contacts).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = students)]
pub struct StudentRecord {
    pub id: String,
    pub school_id: String,
    /// The current class; `None` once withdrawn.
    pub class_id: Option<String>,
    pub user_id: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub created_at: NaiveDateTime,
    /// `active` or `withdrawn`.
    pub status: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl StudentRecord {
    pub fn status(&self) -> StudentStatus {
        StudentStatus::parse(&self.status).unwrap_or(StudentStatus::Active)
    }
}

/// One dated movement of a student (R-B5).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = student_movements)]
pub struct Movement {
    pub id: String,
    pub school_id: String,
    pub student_id: String,
    /// `admission`, `transfer` or `withdrawal`.
    pub kind: String,
    pub on_date: NaiveDate,
    pub from_class_id: Option<String>,
    pub to_class_id: Option<String>,
    pub reason: Option<String>,
    /// The number of the director's order (приказ), when given.
    pub order_ref: Option<String>,
    pub created_at: NaiveDateTime,
    pub created_by: Option<String>,
}

/// Personal data of a student that can be corrected (R-A5, R-A8).
#[derive(Debug, Clone, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = students, treat_none_as_null = true)]
pub struct StudentPerson {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Personal data of a guardian that can be corrected (R-A5).
#[derive(Debug, Clone, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = guardians, treat_none_as_null = true)]
pub struct GuardianPerson {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Current classes of a school (not those of an archived year, R-B7) by grade and letter.
pub fn classes_of(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<Class>> {
    let archived = crate::roster::archived_year_ids(conn, school)?;
    let mut rows: Vec<Class> = classes::table
        .filter(classes::school_id.eq(school.to_string()))
        .select(Class::as_select())
        .load(conn)?;
    rows.retain(|c| c.year_id.as_ref().is_none_or(|y| !archived.contains(y)));
    rows.sort_by_key(|c| (c.grade, ru_key(&c.letter)));
    Ok(rows)
}

pub fn find_class(
    conn: &mut DbConnection,
    school: SchoolId,
    id: ClassId,
) -> QueryResult<Option<Class>> {
    classes::table
        .filter(classes::school_id.eq(school.to_string()))
        .filter(classes::id.eq(id.to_string()))
        .select(Class::as_select())
        .first(conn)
        .optional()
}

pub fn find_student(
    conn: &mut DbConnection,
    school: SchoolId,
    id: StudentId,
) -> QueryResult<Option<StudentRecord>> {
    students::table
        .filter(students::school_id.eq(school.to_string()))
        .filter(students::id.eq(id.to_string()))
        .select(StudentRecord::as_select())
        .first(conn)
        .optional()
}

/// These students of the school, by id (one query per 500); unknown ids are absent.
pub fn find_students(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<HashMap<String, StudentRecord>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<StudentRecord> = students::table
            .filter(students::school_id.eq(school.to_string()))
            .filter(students::id.eq_any(chunk))
            .select(StudentRecord::as_select())
            .load(conn)?;
        out.extend(rows.into_iter().map(|s| (s.id.clone(), s)));
    }
    Ok(out)
}

/// «Фамилия Имя» of these guardians of the school, by id (one query per 500).
pub fn guardian_names(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<HashMap<String, String>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String, String)> = guardians::table
            .filter(guardians::school_id.eq(school.to_string()))
            .filter(guardians::id.eq_any(chunk))
            .select((guardians::id, guardians::last_name, guardians::first_name))
            .load(conn)?;
        out.extend(
            rows.into_iter()
                .map(|(id, last, first)| (id, format!("{last} {first}"))),
        );
    }
    Ok(out)
}

pub fn find_guardian(
    conn: &mut DbConnection,
    school: SchoolId,
    id: GuardianId,
) -> QueryResult<Option<Guardian>> {
    guardians::table
        .filter(guardians::school_id.eq(school.to_string()))
        .filter(guardians::id.eq(id.to_string()))
        .select(Guardian::as_select())
        .first(conn)
        .optional()
}

/// Filters of the student list.
#[derive(Debug, Clone, Default)]
pub struct StudentFilter {
    pub class_id: Option<ClassId>,
    pub status: Option<StudentStatus>,
    /// Only these students (e.g. a group's members on a date).
    pub only: Option<Vec<String>>,
    pub query: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

fn query_of(q: Option<&str>) -> Option<String> {
    q.map(fold).filter(|q| !q.is_empty())
}

fn name_matches(q: &str, last: &str, first: &str, middle: Option<&str>) -> bool {
    let full = fold(&format!("{last} {first} {}", middle.unwrap_or("")));
    full.contains(q) || fold(&format!("{first} {last}")).contains(q)
}

fn page_of<T>(mut rows: Vec<T>, offset: i64, limit: i64) -> Listed<T> {
    let total = rows.len() as i64;
    let rows = rows
        .drain(..)
        .skip(offset.max(0) as usize)
        .take(limit.max(0) as usize)
        .collect();
    Listed { rows, total }
}

/// Students of a school, in Russian alphabetical order of their names (Ё after Е), with the
/// total matching. `query` matches any part of the full name, case-insensitive, Ё read as Е; it is
/// matched here rather than with LIKE because the databases fold the case of Latin letters only.
/// A school has at most a few thousand students, so the names are sorted here too.
pub fn list_students(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &StudentFilter,
) -> QueryResult<Listed<StudentRecord>> {
    let mut q = students::table
        .filter(students::school_id.eq(school.to_string()))
        .into_boxed();
    if let Some(class) = filter.class_id {
        q = q.filter(students::class_id.eq(class.to_string()));
    }
    if let Some(status) = filter.status {
        q = q.filter(students::status.eq(status.as_str()));
    }
    if let Some(ids) = &filter.only {
        q = q.filter(students::id.eq_any(ids.clone()));
    }
    let mut rows: Vec<StudentRecord> = q.select(StudentRecord::as_select()).load(conn)?;
    if let Some(q) = query_of(filter.query.as_deref()) {
        rows.retain(|s| name_matches(&q, &s.last_name, &s.first_name, s.middle_name.as_deref()));
    }
    rows.sort_by_cached_key(|s| {
        (
            ru_key(&s.last_name),
            ru_key(&s.first_name),
            s.middle_name.as_deref().map(ru_key),
            s.birth_date,
            s.id.clone(),
        )
    });
    Ok(page_of(rows, filter.offset, filter.limit))
}

/// Filters of the guardian list.
#[derive(Debug, Clone, Default)]
pub struct GuardianFilter {
    pub query: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// Guardians of a school in Russian alphabetical order; `query` matches the name or the phone.
pub fn list_guardians(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &GuardianFilter,
) -> QueryResult<Listed<Guardian>> {
    let mut rows: Vec<Guardian> = guardians::table
        .filter(guardians::school_id.eq(school.to_string()))
        .select(Guardian::as_select())
        .load(conn)?;
    if let Some(q) = query_of(filter.query.as_deref()) {
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        rows.retain(|g| {
            name_matches(&q, &g.last_name, &g.first_name, g.middle_name.as_deref())
                || (digits.len() >= 4
                    && g.phone.as_deref().is_some_and(|p| {
                        p.chars()
                            .filter(char::is_ascii_digit)
                            .collect::<String>()
                            .contains(&digits)
                    }))
        });
    }
    rows.sort_by_cached_key(|g| {
        (
            ru_key(&g.last_name),
            ru_key(&g.first_name),
            g.middle_name.as_deref().map(ru_key),
            g.id.clone(),
        )
    });
    Ok(page_of(rows, filter.offset, filter.limit))
}

/// Insert students in chunks (SQLite limits the number of bound parameters per statement).
pub fn insert_students(conn: &mut DbConnection, rows: &[StudentRecord]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(50) {
        n += batch_insert!(conn, students::table, chunk)?;
    }
    Ok(n)
}

pub fn update_student(
    conn: &mut DbConnection,
    school: SchoolId,
    id: StudentId,
    person: &StudentPerson,
) -> QueryResult<usize> {
    diesel::update(
        students::table
            .filter(students::school_id.eq(school.to_string()))
            .filter(students::id.eq(id.to_string())),
    )
    .set(person)
    .execute(conn)
}

/// Record where a student stands after a movement: the current class and the status.
pub fn set_placement(
    conn: &mut DbConnection,
    school: SchoolId,
    id: StudentId,
    class: Option<ClassId>,
    status: StudentStatus,
) -> QueryResult<usize> {
    diesel::update(
        students::table
            .filter(students::school_id.eq(school.to_string()))
            .filter(students::id.eq(id.to_string())),
    )
    .set((
        students::class_id.eq(class.map(|c| c.to_string())),
        students::status.eq(status.as_str()),
    ))
    .execute(conn)
}

pub fn insert_movements(conn: &mut DbConnection, rows: &[Movement]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(50) {
        n += batch_insert!(conn, student_movements::table, chunk)?;
    }
    Ok(n)
}

/// A student's movements, oldest first.
pub fn movements_of(
    conn: &mut DbConnection,
    school: SchoolId,
    student: StudentId,
) -> QueryResult<Vec<Movement>> {
    student_movements::table
        .filter(student_movements::school_id.eq(school.to_string()))
        .filter(student_movements::student_id.eq(student.to_string()))
        .order((
            student_movements::on_date.asc(),
            student_movements::created_at.asc(),
        ))
        .select(Movement::as_select())
        .load(conn)
}

/// The guardians of a student with their relation, in Russian alphabetical order.
pub fn guardians_of(
    conn: &mut DbConnection,
    school: SchoolId,
    student: StudentId,
) -> QueryResult<Vec<(GuardianLink, Guardian)>> {
    guardians_of_students(conn, school, &[student.to_string()])
}

/// The guardians of these students with their relation (two queries whatever the number of
/// students), in Russian alphabetical order of the guardians; the link names the student.
pub fn guardians_of_students(
    conn: &mut DbConnection,
    school: SchoolId,
    students: &[String],
) -> QueryResult<Vec<(GuardianLink, Guardian)>> {
    let mut links: Vec<GuardianLink> = Vec::new();
    for chunk in students.chunks(500) {
        links.extend(
            student_guardians::table
                .filter(student_guardians::school_id.eq(school.to_string()))
                .filter(student_guardians::student_id.eq_any(chunk))
                .select(GuardianLink::as_select())
                .load(conn)?,
        );
    }
    let mut ids: Vec<&String> = links.iter().map(|l| &l.guardian_id).collect();
    ids.sort();
    ids.dedup();
    let mut people: Vec<Guardian> = Vec::new();
    for chunk in ids.chunks(500) {
        people.extend(
            guardians::table
                .filter(guardians::id.eq_any(chunk))
                .select(Guardian::as_select())
                .load(conn)?,
        );
    }
    let mut out: Vec<(GuardianLink, Guardian)> = links
        .into_iter()
        .filter_map(|l| {
            let g = people.iter().find(|g| g.id == l.guardian_id)?.clone();
            Some((l, g))
        })
        .collect();
    out.sort_by_cached_key(|(_, g)| (ru_key(&g.last_name), ru_key(&g.first_name)));
    Ok(out)
}

pub fn insert_guardians(conn: &mut DbConnection, rows: &[Guardian]) -> QueryResult<usize> {
    crate::roster::insert_guardians(conn, rows)
}

pub fn update_guardian(
    conn: &mut DbConnection,
    school: SchoolId,
    id: GuardianId,
    person: &GuardianPerson,
) -> QueryResult<usize> {
    diesel::update(
        guardians::table
            .filter(guardians::school_id.eq(school.to_string()))
            .filter(guardians::id.eq(id.to_string())),
    )
    .set(person)
    .execute(conn)
}

pub fn find_link(
    conn: &mut DbConnection,
    school: SchoolId,
    student: StudentId,
    guardian: GuardianId,
) -> QueryResult<Option<GuardianLink>> {
    student_guardians::table
        .filter(student_guardians::school_id.eq(school.to_string()))
        .filter(student_guardians::student_id.eq(student.to_string()))
        .filter(student_guardians::guardian_id.eq(guardian.to_string()))
        .select(GuardianLink::as_select())
        .first(conn)
        .optional()
}

pub fn delete_link(
    conn: &mut DbConnection,
    school: SchoolId,
    student: StudentId,
    guardian: GuardianId,
) -> QueryResult<usize> {
    diesel::delete(
        student_guardians::table
            .filter(student_guardians::school_id.eq(school.to_string()))
            .filter(student_guardians::student_id.eq(student.to_string()))
            .filter(student_guardians::guardian_id.eq(guardian.to_string())),
    )
    .execute(conn)
}

/// The class teacher of a class, if it has one.
pub fn class_teacher(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &str,
) -> QueryResult<Option<UserId>> {
    let id: Option<Option<String>> = classes::table
        .filter(classes::school_id.eq(school.to_string()))
        .filter(classes::id.eq(class))
        .select(classes::class_teacher_id)
        .first(conn)
        .optional()?;
    Ok(id.flatten().and_then(|s| s.parse().ok()))
}

/// The class teachers of the current classes of a guardian's children (R-A5).
pub fn class_teachers_of_guardian(
    conn: &mut DbConnection,
    school: SchoolId,
    guardian: GuardianId,
) -> QueryResult<Vec<UserId>> {
    let s = school.to_string();
    let children: Vec<String> = student_guardians::table
        .filter(student_guardians::school_id.eq(&s))
        .filter(student_guardians::guardian_id.eq(guardian.to_string()))
        .select(student_guardians::student_id)
        .load(conn)?;
    let class_ids: Vec<Option<String>> = students::table
        .filter(students::school_id.eq(&s))
        .filter(students::id.eq_any(&children))
        .select(students::class_id)
        .load(conn)?;
    let class_ids: Vec<String> = class_ids.into_iter().flatten().collect();
    let teachers: Vec<Option<String>> = classes::table
        .filter(classes::school_id.eq(&s))
        .filter(classes::id.eq_any(&class_ids))
        .select(classes::class_teacher_id)
        .load(conn)?;
    Ok(teachers
        .into_iter()
        .flatten()
        .filter_map(|t| t.parse().ok())
        .collect())
}

/// Every link of a school.
pub fn links_of_school(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Vec<GuardianLink>> {
    student_guardians::table
        .filter(student_guardians::school_id.eq(school.to_string()))
        .select(GuardianLink::as_select())
        .load(conn)
}

/// Every student of a school (any status).
pub fn students_of_school(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Vec<StudentRecord>> {
    list_students(
        conn,
        school,
        &StudentFilter {
            limit: i64::MAX,
            ..StudentFilter::default()
        },
    )
    .map(|l| l.rows)
}

/// Every guardian of a school, in Russian alphabetical order.
pub fn guardians_of_school(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<Vec<Guardian>> {
    list_guardians(
        conn,
        school,
        &GuardianFilter {
            limit: i64::MAX,
            ..GuardianFilter::default()
        },
    )
    .map(|l| l.rows)
}

/// The date of each student's first admission in a school, by student id.
pub fn admission_dates(
    conn: &mut DbConnection,
    school: SchoolId,
) -> QueryResult<HashMap<String, NaiveDate>> {
    let rows: Vec<(String, NaiveDate)> = student_movements::table
        .filter(student_movements::school_id.eq(school.to_string()))
        .filter(student_movements::kind.eq("admission"))
        .order(student_movements::on_date.asc())
        .select((student_movements::student_id, student_movements::on_date))
        .load(conn)?;
    let mut out = HashMap::new();
    for (id, date) in rows {
        out.entry(id).or_insert(date);
    }
    Ok(out)
}

/// Roles held by school staff (everyone but families and machine clients).
fn staff_role_codes() -> Vec<&'static str> {
    Role::ALL
        .into_iter()
        .filter(|r| r.is_staff())
        .map(Role::as_str)
        .collect()
}

/// For each of `logins` (lower-case) that exists in the deployment: whether that account already
/// holds a staff role in `school`.
pub fn existing_logins(
    conn: &mut DbConnection,
    school: SchoolId,
    logins: &[String],
) -> QueryResult<HashMap<String, bool>> {
    let mut out = HashMap::new();
    for chunk in logins.chunks(200) {
        let found: Vec<(String, String)> = users::table
            .filter(users::login.eq_any(chunk))
            .select((users::id, users::login))
            .load(conn)?;
        let ids: Vec<&String> = found.iter().map(|(id, _)| id).collect();
        let staff_ids: Vec<String> = user_roles::table
            .filter(user_roles::school_id.eq(school.to_string()))
            .filter(user_roles::user_id.eq_any(ids))
            .filter(user_roles::role.eq_any(staff_role_codes()))
            .select(user_roles::user_id)
            .load(conn)?;
        for (id, login) in found {
            out.insert(login, staff_ids.contains(&id));
        }
    }
    Ok(out)
}

/// A staff member of a school: the account, its staff roles there and its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub user_id: String,
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub position: Option<String>,
    pub roles: Vec<Role>,
}

/// Accounts holding a staff role in a school, in Russian alphabetical order.
pub fn staff_of(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<StaffMember>> {
    let s = school.to_string();
    let role_rows: Vec<(String, String)> = user_roles::table
        .filter(user_roles::school_id.eq(&s))
        .filter(user_roles::role.eq_any(staff_role_codes()))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?;
    let mut ids: Vec<&String> = role_rows.iter().map(|(id, _)| id).collect();
    ids.sort();
    ids.dedup();
    let people = crate::names::accounts(conn, &ids)?;
    let positions: Vec<(String, String)> = staff::table
        .filter(staff::school_id.eq(&s))
        .select((staff::user_id, staff::position))
        .load(conn)?;
    let mut out: Vec<StaffMember> = people
        .into_iter()
        .map(|(id, login, last_name, first_name, middle_name)| {
            let mut roles: Vec<Role> = role_rows
                .iter()
                .filter(|(u, _)| *u == id)
                .filter_map(|(_, r)| r.parse().ok())
                .collect();
            roles.sort();
            StaffMember {
                position: positions
                    .iter()
                    .find(|(u, _)| *u == id)
                    .map(|(_, p)| p.clone())
                    .filter(|p| !p.is_empty()),
                user_id: id,
                login,
                last_name,
                first_name,
                middle_name,
                roles,
            }
        })
        .collect();
    out.sort_by_cached_key(|m| (ru_key(&m.last_name), ru_key(&m.first_name), m.login.clone()));
    Ok(out)
}

/// Counts used by tests and reports: (students, guardians, links, movements) of a school.
pub fn counts(conn: &mut DbConnection, school: SchoolId) -> QueryResult<(i64, i64, i64, i64)> {
    use diesel::dsl::count_star;
    let s = school.to_string();
    Ok((
        students::table
            .filter(students::school_id.eq(&s))
            .select(count_star())
            .first(conn)?,
        guardians::table
            .filter(guardians::school_id.eq(&s))
            .select(count_star())
            .first(conn)?,
        student_guardians::table
            .filter(student_guardians::school_id.eq(&s))
            .select(count_star())
            .first(conn)?,
        student_movements::table
            .filter(student_movements::school_id.eq(&s))
            .select(count_star())
            .first(conn)?,
    ))
}
