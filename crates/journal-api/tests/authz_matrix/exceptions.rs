//! What the matrix leaves out, each with its reason: operations that take no id of a school,
//! and answers that are not refusals on purpose.

/// Operations with a path parameter that names no object of a school, with the reason. Anything
/// else the test cannot build a request for fails it.
pub(crate) const NOT_ID_TAKING: &[(&str, &str)] = &[
    ("GET /ims/oneroster/gradebook/v1p2/categories/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/categories", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/lineItems", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/results", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/scoreScales", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/classes/{classSourcedId}/students/{studentSourcedId}/results", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/lineItems/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/results/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/schools/{schoolSourcedId}/scoreScales", ONEROSTER),
    ("GET /ims/oneroster/gradebook/v1p2/scoreScales/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/academicSessions/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/classes/{classSourcedId}/students", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/classes/{classSourcedId}/teachers", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/classes/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/courses/{courseSourcedId}/classes", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/courses/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/demographics/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/enrollments/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/gradingPeriods/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/orgs/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/classes", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/classes/{classSourcedId}/students", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/courses", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/enrollments", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/students", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/teachers", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/terms", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/schools/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/students/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/students/{studentSourcedId}/classes", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/teachers/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/teachers/{teacherSourcedId}/classes", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/terms/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/terms/{termSourcedId}/classes", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/terms/{termSourcedId}/gradingPeriods", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/users/{sourcedId}", ONEROSTER),
    ("GET /ims/oneroster/rostering/v1p2/users/{userSourcedId}/classes", ONEROSTER),
    (
        "GET /api/v1/export/{kind}",
        "`kind` names a list (staff, students…); the export is of the caller's own school",
    ),
    (
        "POST /api/v1/import/{kind}",
        "`kind` names a list; the rows are matched by names within the caller's own school, never by id",
    ),
    (
        "PUT /api/v1/work-types/{code}",
        "`code` is a work type of the caller's own school (created when missing)",
    ),
];

/// Why the OneRoster routes are not probed with people's tokens.
pub(crate) const ONEROSTER: &str =
    "OneRoster answers integration clients only (R-A10, R-E3): every person's token is refused \
     with 401 whatever the id; a client's reach (its own school only, `unknownobject` for \
     another's) is tested in tests/api/integrations.rs and journal-server's tests/oneroster.rs";

/// Why the log's readers may export it filtered by another school's ids.
pub(crate) const AUDIT_EXPORT: &str =
    "the export is always of the caller's own school's log: a filter by an \
     id of another school (`actor_id`, `entity_id`) matches nothing there, so the file is the \
     header line alone; and every export is itself recorded in the log (`export.audit`, R-P4)";

/// Answers that are not refusals on purpose, with the reason: `(operation, category, role, why)`.
/// Such a call may succeed (and write); every other call of the matrix must be refused.
pub(crate) const ALLOWED: &[(&str, &str, &str, &str)] = &[
    (
        "GET /api/v1/audit/export",
        "another school",
        "admin",
        AUDIT_EXPORT,
    ),
    (
        "GET /api/v1/audit/export",
        "another school",
        "director",
        AUDIT_EXPORT,
    ),
    (
        "GET /api/v1/audit/export",
        "another school",
        "deputy",
        AUDIT_EXPORT,
    ),
    (
        "GET /api/v1/assignments/{id}/plan",
        "another teacher's page",
        "teacher",
        "a lesson plan is school structure (Action::ViewStructure): colleagues read it; only its \
         teacher, the deputy and the director change it (R-T4)",
    ),
    (
        "GET /api/v1/students/{id}",
        "a child the teacher does not teach",
        "teacher",
        "staff read the school's student cards (Action::ViewPeople); the diary, results and \
         extract of a child the teacher does not teach stay refused",
    ),
];
