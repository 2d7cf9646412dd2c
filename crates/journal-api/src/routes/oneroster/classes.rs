//! Rostering: courses and classes (R-E3).
//!
//! Mapping: each subject of the school is a course (`Математика`), and one more course,
//! «Классный коллектив», is the course of every homeroom class (its `sourcedId` derived from the
//! school's: `journal_domain::oneroster::homeroom_course`). A homeroom class (7А) is a class of
//! type `homeroom`; each teaching assignment — a subject taught to a class or to one of its groups
//! — a class of type `scheduled` (`Английский язык, 7А (группа 1)`). A class's term is its school
//! year.

use super::{
    list, nested, one, own_school, paged, read, reference, single, timestamp, Batch, Built, Called,
    ListQuery, OrError, Source,
};
use crate::error::ApiError;
use actix_web::get;
use journal_api_types::oneroster::{
    Class, ClassSet, Course, CourseSet, ImsxStatusInfo, SingleClass, SingleCourse,
};
use journal_db::oneroster::{self as odb, ClassRow, Classes, People, Window};
use journal_db::structure as sdb;
use journal_db::DbConnection;
use journal_domain::clients::Scope;
use journal_domain::oneroster::homeroom_course;
use journal_domain::SchoolId;

const COURSE_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "courseCode",
    "grades",
    "subjects",
    "org",
];
const CLASS_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "classCode",
    "classType",
    "grades",
    "subjects",
    "course",
    "school",
    "terms",
];

/// The school's courses: the homeroom course, then its subjects.
fn courses_of(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
) -> Result<Vec<Course>, ApiError> {
    let s = journal_db::schools::find(conn, school)?.ok_or_else(ApiError::not_found)?;
    let since = timestamp(s.created_at);
    let org = reference(req, "schools", &s.id, "org");
    let grades = odb::course_grades(conn, school)?;
    let mut out = vec![Course {
        sourced_id: homeroom_course(school.0).to_string(),
        status: "active".into(),
        date_last_modified: since.clone(),
        title: "Классный коллектив".into(),
        course_code: "КК".into(),
        grades: Vec::new(),
        subjects: Vec::new(),
        org: org.clone(),
    }];
    for (id, name, short) in odb::courses(conn, school)? {
        out.push(Course {
            grades: grades
                .iter()
                .filter(|(c, _)| *c == id)
                .map(|(_, g)| g.clone())
                .collect(),
            sourced_id: id,
            status: "active".into(),
            date_last_modified: since.clone(),
            subjects: vec![name.clone()],
            title: name,
            course_code: short,
            org: org.clone(),
        });
    }
    Ok(out)
}

/// A class as OneRoster shows it; `year` is the school's newest year, the term of a class that
/// has none of its own.
fn class_of(req: &Called, school: SchoolId, year: Option<&str>, row: ClassRow) -> Class {
    let course = row
        .course_id
        .unwrap_or_else(|| homeroom_course(school.0).to_string());
    Class {
        status: "active".into(),
        date_last_modified: timestamp(row.date_last_modified),
        title: row.title,
        class_code: row.class_code,
        class_type: row.class_type,
        grades: vec![row.grade],
        subjects: row.subject.into_iter().collect(),
        course: reference(req, "courses", &course, "course"),
        school: reference(req, "schools", &school.to_string(), "org"),
        terms: row
            .year_id
            .as_deref()
            .or(year)
            .map(|y| reference(req, "terms", y, "academicSession"))
            .into_iter()
            .collect(),
        sourced_id: row.sourced_id,
    }
}

/// The classes of a set, from the database.
pub(crate) fn classes_source<'a>(
    conn: &mut DbConnection,
    req: &'a Called,
    school: SchoolId,
    set: Classes,
) -> Result<Source<'a, Class>, ApiError> {
    let year = sdb::years(conn, school)?.into_iter().next().map(|y| y.id);
    let counted = set.clone();
    Ok(Source {
        count: Some(Box::new(move |conn: &mut DbConnection| {
            Ok(odb::classes_count(conn, school, &counted)?)
        })),
        fetch: Box::new(move |conn: &mut DbConnection, w: &Window| {
            let rows = odb::classes_page(conn, school, &set, w)?;
            let classes = rows
                .into_iter()
                .map(|r| class_of(req, school, year.as_deref(), r))
                .collect();
            Ok(Batch::all(classes, |c: &Class| &c.sourced_id))
        }),
    })
}

/// The classes of a set as a list.
fn classes_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    set: Classes,
) -> Built {
    let source = classes_source(conn, req, school, set)?;
    Ok(paged(conn, req, q, "classes", CLASS_FIELDS, source))
}

/// Whether a person of these kinds is in the school (else `unknownobject`).
pub(crate) fn person_exists(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
    kinds: &[&'static str],
    what: &str,
) -> Result<Result<(), OrError>, ApiError> {
    let found = odb::users_page(
        conn,
        school,
        &People::Ids(vec![id.to_owned()]),
        &Window {
            limit: 1,
            ..Window::default()
        },
    )?;
    Ok(match found.first() {
        Some(u) if kinds.is_empty() || kinds.contains(&u.kind.as_str()) => Ok(()),
        _ => Err(OrError::unknown(what, id)),
    })
}

/// Whether a class is the school's (else `unknownobject`).
pub(crate) fn class_exists(
    conn: &mut DbConnection,
    school: SchoolId,
    id: &str,
) -> Result<Result<(), OrError>, ApiError> {
    let n = odb::classes_count(conn, school, &Classes::Ids(vec![id.to_owned()]))?;
    Ok(if n > 0 {
        Ok(())
    } else {
        Err(OrError::unknown("class", id))
    })
}

or_list!(
    /// The school's courses: its subjects and the homeroom course.
    list_courses, "/courses", Scope::RosterCore, CourseSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        let courses = courses_of(conn, req, school)?;
        Ok(list(conn, req, q, "courses", COURSE_FIELDS, &courses))
    }
);

or_single!(
    /// One course.
    get_course, "/courses/{sourcedId}", Scope::RosterCore, SingleCourse,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        Ok(match courses_of(conn, req, school)?.into_iter().find(|c| c.sourced_id == id) {
            Some(c) => Ok(single("course", &c)),
            None => Err(OrError::unknown("course", id)),
        })
    }
);

or_nested!(
    /// The courses of the client's school.
    school_courses, "/schools/{schoolSourcedId}/courses", "schoolSourcedId", "The school",
    Scope::Roster, CourseSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        let courses = courses_of(conn, req, school)?;
        Ok(list(conn, req, q, "courses", COURSE_FIELDS, &courses))
    }
);

or_list!(
    /// The school's homeroom and scheduled classes.
    list_classes, "/classes", Scope::RosterCore, ClassSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        classes_where(conn, req, school, q, Classes::All)
    }
);

or_single!(
    /// One class.
    get_class, "/classes/{sourcedId}", Scope::RosterCore, SingleClass,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        let source = classes_source(conn, req, school, Classes::Ids(vec![id.to_owned()]))?;
        one(conn, source, "class", "class", id)
    }
);

or_nested!(
    /// The classes of the client's school.
    school_classes, "/schools/{schoolSourcedId}/classes", "schoolSourcedId", "The school",
    Scope::Roster, ClassSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        classes_where(conn, req, school, q, Classes::All)
    }
);

or_nested!(
    /// The classes of a course: a subject's scheduled classes, or every homeroom class.
    course_classes, "/courses/{courseSourcedId}/classes", "courseSourcedId", "The course",
    Scope::Roster, ClassSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        let set = if id == homeroom_course(school.0).to_string() {
            Classes::Homeroom
        } else if odb::courses(conn, school)?.iter().any(|(c, _, _)| c == id) {
            Classes::Course(id.to_owned())
        } else {
            return Ok(Err(OrError::unknown("course", id)));
        };
        classes_where(conn, req, school, q, set)
    }
);

or_nested!(
    /// The classes of a term (a school year).
    term_classes, "/terms/{termSourcedId}/classes", "termSourcedId", "The term (school year)",
    Scope::Roster, ClassSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if !sdb::years(conn, school)?.iter().any(|y| y.id == id) {
            return Ok(Err(OrError::unknown("term", id)));
        }
        classes_where(conn, req, school, q, Classes::Term(id.to_owned()))
    }
);

/// The classes a person of these kinds is enrolled in (with this role, when given).
fn classes_of_person(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    id: &str,
    kinds: &[&'static str],
    role: Option<&'static str>,
) -> Built {
    if let Err(e) = person_exists(conn, school, id, kinds, "user")? {
        return Ok(Err(e));
    }
    let set = Classes::OfPerson {
        user: id.to_owned(),
        role,
    };
    classes_where(conn, req, school, q, set)
}

or_nested!(
    /// The classes a student is in: their homeroom class and its (or their groups') subjects.
    student_classes, "/students/{studentSourcedId}/classes", "studentSourcedId", "The student",
    Scope::Roster, ClassSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        classes_of_person(conn, req, school, q, id, &["student"], Some("student"))
    }
);

or_nested!(
    /// The classes a teacher teaches or leads.
    teacher_classes, "/teachers/{teacherSourcedId}/classes", "teacherSourcedId", "The teacher",
    Scope::Roster, ClassSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        classes_of_person(conn, req, school, q, id, &["teacher", "staff"], Some("teacher"))
    }
);

or_nested!(
    /// The classes a person is enrolled in (none for a guardian).
    user_classes, "/users/{userSourcedId}/classes", "userSourcedId", "The person",
    Scope::Roster, ClassSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        classes_of_person(conn, req, school, q, id, &[], None)
    }
);
