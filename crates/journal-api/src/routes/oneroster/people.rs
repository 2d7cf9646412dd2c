//! Rostering: users, students, teachers, enrollments and demographics (R-E3).
//!
//! Mapping: a student is a user with the role `student` (their record's id; `agents` their
//! guardians; `grades` their class's grade); a guardian a user with the role `parent` (a mother
//! or father) or `guardian` (a legal guardian), their students as `agents`; a member of staff a
//! user whose roles are told by `journal_domain::oneroster::staff_roles` (teaching first). A
//! student is enrolled in their homeroom class and in each subject taught to it (or to their
//! group, with the membership's dates); a class teacher in the homeroom class they lead, a teacher
//! in each class they teach — both `primary`. Demographics are a student's birth date, given only
//! where `journal_domain::diary::shares_personal_data` allows (R-D5).

use super::classes::class_exists;
use super::{
    nested, one, own_school, paged, read, reference, single, timestamp, Batch, Built, Called,
    ListQuery, OrError, Source,
};
use crate::error::ApiError;
use actix_web::get;
use journal_api_types::oneroster::{
    Demographics, DemographicsSet, Enrollment, EnrollmentSet, ImsxStatusInfo, OrgRole,
    SingleDemographics, SingleEnrollment, SingleUser, User, UserSet,
};
use journal_db::oneroster::{self as odb, EnrollmentRow, Enrollments, People, UserRow, Window};
use journal_db::DbConnection;
use journal_domain::clients::Scope;
use journal_domain::diary::{shares_personal_data, Consent};
use journal_domain::oneroster::{guardian_role, record_status, staff_roles};
use journal_domain::people::Relation;
use journal_domain::{Role, SchoolId};
use std::collections::HashMap;

const USER_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "enabledUser",
    "username",
    "givenName",
    "familyName",
    "middleName",
    "roles",
    "primaryOrg",
    "email",
    "phone",
    "agents",
    "grades",
];
const ENROLLMENT_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "user",
    "class",
    "school",
    "role",
    "primary",
    "beginDate",
    "endDate",
];
const DEMOGRAPHICS_FIELDS: &[&str] = &["sourcedId", "status", "dateLastModified", "birthDate"];

/// Guardian links by person, both ways: a student's (guardian, relation)s and a guardian's
/// (student, relation)s (their ids never meet: they are different records' UUIDs).
fn linked(links: Vec<(String, String, String)>) -> HashMap<String, Vec<(String, String)>> {
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (student, guardian, relation) in links {
        out.entry(student.clone())
            .or_default()
            .push((guardian.clone(), relation.clone()));
        out.entry(guardian).or_default().push((student, relation));
    }
    out
}

/// A page of people as OneRoster users: their roles and agents read for the page at once.
fn users_of(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    rows: Vec<UserRow>,
) -> Result<Vec<User>, ApiError> {
    let accounts: Vec<String> = rows
        .iter()
        .filter(|r| r.kind == "teacher" || r.kind == "staff")
        .filter_map(|r| r.account_id.clone())
        .collect();
    let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
    for (account, role) in odb::roles_of(conn, school, &accounts)? {
        if let Ok(r) = role.parse::<Role>() {
            roles.entry(account).or_default().push(r);
        }
    }
    let family: Vec<String> = rows
        .iter()
        .filter(|r| r.kind == "student" || r.kind == "guardian")
        .map(|r| r.sourced_id.clone())
        .collect();
    let links = linked(odb::links_of(conn, school, &family)?);
    let school_id = school.to_string();
    let org = reference(req, "schools", &school_id, "org");
    let user_ref = |id: &str| reference(req, "users", id, "user");
    let none = Vec::new();
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = links.get(&r.sourced_id).unwrap_or(&none);
            let (names, agents): (Vec<&'static str>, Vec<_>) = match r.kind.as_str() {
                "student" => (
                    vec!["student"],
                    mine.iter().map(|(g, _)| user_ref(g)).collect(),
                ),
                "guardian" => (
                    vec![guardian_role(
                        mine.iter().filter_map(|(_, rel)| Relation::parse(rel)),
                    )],
                    mine.iter().map(|(s, _)| user_ref(s)).collect(),
                ),
                _ => (
                    staff_roles(
                        r.account_id
                            .as_ref()
                            .and_then(|a| roles.get(a))
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    ),
                    Vec::new(),
                ),
            };
            User {
                status: record_status(&r.status).into(),
                date_last_modified: timestamp(r.date_last_modified),
                enabled_user: r.account_id.is_some().to_string(),
                username: r.username,
                given_name: r.given_name,
                family_name: r.family_name,
                middle_name: r.middle_name,
                roles: names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| OrgRole {
                        role_type: if i == 0 { "primary" } else { "secondary" }.into(),
                        role: (*name).into(),
                        org: org.clone(),
                    })
                    .collect(),
                primary_org: Some(org.clone()),
                email: r.email,
                phone: r.phone,
                agents,
                grades: r.grade.into_iter().collect(),
                sourced_id: r.sourced_id,
            }
        })
        .collect())
}

/// The people of a set, from the database.
fn users_source<'a>(req: &'a Called, school: SchoolId, set: People) -> Source<'a, User> {
    let counted = set.clone();
    Source {
        count: Some(Box::new(move |conn: &mut DbConnection| {
            Ok(odb::users_count(conn, school, &counted)?)
        })),
        fetch: Box::new(move |conn: &mut DbConnection, w: &Window| {
            let rows = odb::users_page(conn, school, &set, w)?;
            let users = users_of(conn, req, school, rows)?;
            Ok(Batch::all(users, |u: &User| &u.sourced_id))
        }),
    }
}

/// The people of a set as a list.
fn users_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    set: People,
) -> Built {
    Ok(paged(
        conn,
        req,
        q,
        "users",
        USER_FIELDS,
        users_source(req, school, set),
    ))
}

/// One person of these kinds (any, when none are named).
fn user_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    id: &str,
    kinds: &[&str],
) -> Built {
    let rows = odb::users_page(
        conn,
        school,
        &People::Ids(vec![id.to_owned()]),
        &Window {
            limit: 1,
            ..Window::default()
        },
    )?;
    let rows: Vec<UserRow> = rows
        .into_iter()
        .filter(|r| kinds.is_empty() || kinds.contains(&r.kind.as_str()))
        .collect();
    Ok(
        match users_of(conn, req, school, rows)?.into_iter().next() {
            Some(u) => Ok(single("user", &u)),
            None => Err(OrError::unknown("user", id)),
        },
    )
}

const STUDENTS: &[&str] = &["student"];
const TEACHERS: &[&str] = &["teacher"];

or_list!(
    /// The school's people: students, guardians and staff.
    list_users, "/users", Scope::RosterCore, UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        users_where(conn, req, school, q, People::All)
    }
);

or_single!(
    /// One person.
    get_user, "/users/{sourcedId}", Scope::RosterCore, SingleUser,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        user_where(conn, req, school, id, &[])
    }
);

or_list!(
    /// The school's students.
    list_students, "/students", Scope::RosterCore, UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        users_where(conn, req, school, q, People::Kinds(STUDENTS.to_vec()))
    }
);

or_single!(
    /// One student.
    get_student, "/students/{sourcedId}", Scope::RosterCore, SingleUser,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        user_where(conn, req, school, id, STUDENTS)
    }
);

or_list!(
    /// The school's teachers.
    list_teachers, "/teachers", Scope::RosterCore, UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        users_where(conn, req, school, q, People::Kinds(TEACHERS.to_vec()))
    }
);

or_single!(
    /// One teacher.
    get_teacher, "/teachers/{sourcedId}", Scope::RosterCore, SingleUser,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        user_where(conn, req, school, id, TEACHERS)
    }
);

or_nested!(
    /// The students of the client's school.
    school_students, "/schools/{schoolSourcedId}/students", "schoolSourcedId", "The school",
    Scope::Roster, UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        users_where(conn, req, school, q, People::Kinds(STUDENTS.to_vec()))
    }
);

or_nested!(
    /// The teachers of the client's school.
    school_teachers, "/schools/{schoolSourcedId}/teachers", "schoolSourcedId", "The school",
    Scope::Roster, UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        users_where(conn, req, school, q, People::Kinds(TEACHERS.to_vec()))
    }
);

/// The people enrolled in a class with a role.
fn class_people(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    class: &str,
    role: &'static str,
) -> Built {
    if let Err(e) = class_exists(conn, school, class)? {
        return Ok(Err(e));
    }
    let set = People::InClass {
        class: class.to_owned(),
        role,
    };
    users_where(conn, req, school, q, set)
}

or_nested!(
    /// The students of a class.
    class_students, "/classes/{classSourcedId}/students", "classSourcedId", "The class",
    Scope::Roster, UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        class_people(conn, req, school, q, id, "student")
    }
);

or_nested!(
    /// The teachers of a class (its class teacher, or the teacher of its subject).
    class_teachers, "/classes/{classSourcedId}/teachers", "classSourcedId", "The class",
    Scope::Roster, UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        class_people(conn, req, school, q, id, "teacher")
    }
);

or_school_class!(
    /// The students of a class of the client's school.
    school_class_students, "/schools/{schoolSourcedId}/classes/{classSourcedId}/students", UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, class: &str| -> Built {
        class_people(conn, req, school, q, class, "student")
    }
);

or_school_class!(
    /// The teachers of a class of the client's school.
    school_class_teachers, "/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers", UserSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, class: &str| -> Built {
        class_people(conn, req, school, q, class, "teacher")
    }
);

fn enrollment_of(req: &Called, school: &str, r: EnrollmentRow) -> Enrollment {
    let teacher = r.role == "teacher";
    Enrollment {
        status: "active".into(),
        date_last_modified: timestamp(r.date_last_modified),
        user: reference(req, "users", &r.user_id, "user"),
        class: reference(req, "classes", &r.class_id, "class"),
        school: reference(req, "schools", school, "org"),
        role: r.role,
        primary: teacher.then_some(r.is_primary),
        begin_date: r.begin_date.map(|d| d.to_string()),
        // The standard's end is exclusive; a membership's last day is not.
        end_date: r.end_date.and_then(|d| d.succ_opt()).map(|d| d.to_string()),
        sourced_id: r.sourced_id,
    }
}

/// The enrollments of a set, from the database.
fn enrollments_source<'a>(
    req: &'a Called,
    school: SchoolId,
    set: Enrollments,
) -> Source<'a, Enrollment> {
    let counted = set.clone();
    let school_id = school.to_string();
    Source {
        count: Some(Box::new(move |conn: &mut DbConnection| {
            Ok(odb::enrollments_count(conn, school, &counted)?)
        })),
        fetch: Box::new(move |conn: &mut DbConnection, w: &Window| {
            let rows = odb::enrollments_page(conn, school, &set, w)?;
            let records = rows
                .into_iter()
                .map(|r| enrollment_of(req, &school_id, r))
                .collect();
            Ok(Batch::all(records, |e: &Enrollment| &e.sourced_id))
        }),
    }
}

fn enrollments_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    set: Enrollments,
) -> Built {
    let source = enrollments_source(req, school, set);
    Ok(paged(
        conn,
        req,
        q,
        "enrollments",
        ENROLLMENT_FIELDS,
        source,
    ))
}

or_list!(
    /// The school's enrollments.
    list_enrollments, "/enrollments", Scope::RosterCore, EnrollmentSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        enrollments_where(conn, req, school, q, Enrollments::All)
    }
);

or_single!(
    /// One enrollment.
    get_enrollment, "/enrollments/{sourcedId}", Scope::RosterCore, SingleEnrollment,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        let source = enrollments_source(req, school, Enrollments::Ids(vec![id.to_owned()]));
        one(conn, source, "enrollment", "enrollment", id)
    }
);

or_nested!(
    /// The enrollments of the client's school.
    school_enrollments, "/schools/{schoolSourcedId}/enrollments", "schoolSourcedId", "The school",
    Scope::Roster, EnrollmentSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        enrollments_where(conn, req, school, q, Enrollments::All)
    }
);

or_school_class!(
    /// The enrollments of a class of the client's school.
    school_class_enrollments, "/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments", EnrollmentSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, class: &str| -> Built {
        if let Err(e) = class_exists(conn, school, class)? {
            return Ok(Err(e));
        }
        enrollments_where(conn, req, school, q, Enrollments::Class(class.to_owned()))
    }
);

/// The demographics of a set of students: those whose guardians' consent allows, each with the
/// birth date (read for the page at once).
fn demographics_source(school: SchoolId, set: People) -> Source<'static, Demographics> {
    Source {
        // Who may be shown is known only when read: they are counted as they are.
        count: None,
        fetch: Box::new(move |conn: &mut DbConnection, w: &Window| {
            let rows = odb::users_page(conn, school, &set, w)?;
            let read = rows.len();
            let last = rows.last().map(|r| r.sourced_id.clone());
            let students: Vec<&UserRow> = rows.iter().filter(|r| r.kind == "student").collect();
            let ids: Vec<String> = students.iter().map(|r| r.sourced_id.clone()).collect();
            let rows_of_links = odb::links_of(conn, school, &ids)?;
            let guardians: Vec<String> = rows_of_links.iter().map(|(_, g, _)| g.clone()).collect();
            let links = linked(rows_of_links);
            let consents = journal_db::diary::consents_in_force(conn, school, &guardians)?;
            let births: HashMap<String, chrono::NaiveDate> =
                odb::birth_dates(conn, school, &ids)?.into_iter().collect();
            let records = students
                .into_iter()
                .filter(|s| {
                    let theirs: Vec<Consent> = links
                        .get(&s.sourced_id)
                        .into_iter()
                        .flatten()
                        .map(|(g, _)| consents.get(g).copied().unwrap_or(Consent::Unknown))
                        .collect();
                    shares_personal_data(&theirs)
                })
                .filter_map(|s| {
                    Some(Demographics {
                        birth_date: births.get(&s.sourced_id)?.to_string(),
                        sourced_id: s.sourced_id.clone(),
                        status: record_status(&s.status).into(),
                        date_last_modified: timestamp(s.date_last_modified),
                    })
                })
                .collect();
            Ok(Batch {
                records,
                read,
                last,
            })
        }),
    }
}

or_list!(
    /// The students' demographics (their birth dates), where their guardians' consent allows.
    list_demographics, "/demographics", Scope::RosterDemographics, DemographicsSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        let source = demographics_source(school, People::Kinds(STUDENTS.to_vec()));
        Ok(paged(conn, req, q, "demographics", DEMOGRAPHICS_FIELDS, source))
    }
);

or_single!(
    /// One student's demographics, where their guardians' consent allows.
    get_demographics, "/demographics/{sourcedId}", Scope::RosterDemographics, SingleDemographics,
    |conn: &mut DbConnection, _req: &Called, school: SchoolId, id: &str| -> Built {
        let source = demographics_source(school, People::Ids(vec![id.to_owned()]));
        one(conn, source, "demographics", "demographics", id)
    }
);
