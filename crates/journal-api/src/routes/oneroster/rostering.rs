//! Rostering: orgs, schools and academic sessions (`roster-core.readonly`).
//!
//! Mapping: the client's school is an org of type `school`; the municipality that owns it a
//! `district` (its parent). A school year is an academic session of type `term` (Russian schools
//! have no semesters: the year is the one term the classes belong to), and each of its periods —
//! quarters, trimesters, halves, each for its grades — a `gradingPeriod` inside it.

use super::{
    list, nested, own_school, read, reference, single, timestamp, Built, Called, ListQuery, OrError,
};
use crate::error::ApiError;
use actix_web::get;
use journal_api_types::oneroster::{
    AcademicSession, AcademicSessionSet, ImsxStatusInfo, Org, OrgSet, SingleAcademicSession,
    SingleOrg,
};
use journal_db::schema::schools;
use journal_db::structure::{self as sdb, PeriodRow, SchoolYear};
use journal_db::{regions, DbConnection};
use journal_domain::clients::Scope;
use journal_domain::SchoolId;

const ORG_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "name",
    "type",
    "identifier",
    "parent",
    "children",
];
const SESSION_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "startDate",
    "endDate",
    "type",
    "parent",
    "children",
    "schoolYear",
];

/// The client's school and, when it has one, its municipality.
fn orgs_of(conn: &mut DbConnection, req: &Called, school: SchoolId) -> Result<Vec<Org>, ApiError> {
    use diesel::prelude::*;
    let s = journal_db::schools::find(conn, school)?.ok_or_else(ApiError::not_found)?;
    let region_id: Option<String> = schools::table
        .find(&s.id)
        .select(schools::region_id)
        .first(conn)?;
    let region = match region_id {
        Some(r) => regions::find(conn, &r)?,
        None => None,
    };
    let mut out = vec![Org {
        sourced_id: s.id.clone(),
        status: "active".into(),
        date_last_modified: timestamp(s.created_at),
        identifier: s.short_name.clone().unwrap_or_else(|| s.name.clone()),
        name: s.name.clone(),
        kind: "school".into(),
        parent: region
            .as_ref()
            .map(|r| reference(req, "orgs", &r.id, "org")),
        children: Vec::new(),
    }];
    if let Some(r) = region {
        out.push(Org {
            sourced_id: r.id.clone(),
            status: "active".into(),
            date_last_modified: timestamp(r.created_at),
            identifier: r.name.clone(),
            name: r.name,
            kind: "district".into(),
            parent: None,
            // Only the client's own school: the region's others are not its to know.
            children: vec![reference(req, "orgs", &s.id, "org")],
        });
    }
    Ok(out)
}

/// The school's years (as terms) and their periods (as grading periods), oldest first.
fn sessions_of(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
) -> Result<Vec<AcademicSession>, ApiError> {
    let mut years = sdb::years(conn, school)?;
    years.reverse();
    let mut out = Vec::new();
    for y in years {
        let calendar = sdb::year(conn, school, &y.id)?.ok_or_else(ApiError::not_found)?;
        out.push(term(req, &y, &calendar.periods));
        for p in &calendar.periods {
            out.push(grading_period(req, &y, p));
        }
    }
    Ok(out)
}

fn term(req: &Called, y: &SchoolYear, periods: &[PeriodRow]) -> AcademicSession {
    AcademicSession {
        sourced_id: y.id.clone(),
        status: "active".into(),
        date_last_modified: timestamp(y.created_at),
        title: format!("{} учебный год", y.name),
        start_date: y.starts_on.to_string(),
        end_date: y.ends_on.to_string(),
        kind: "term".into(),
        parent: None,
        children: periods
            .iter()
            .map(|p| reference(req, "gradingPeriods", &p.id, "academicSession"))
            .collect(),
        school_year: chrono::Datelike::year(&y.ends_on).to_string(),
    }
}

fn grading_period(req: &Called, y: &SchoolYear, p: &PeriodRow) -> AcademicSession {
    let number = u8::try_from(p.number).unwrap_or(0);
    AcademicSession {
        sourced_id: p.id.clone(),
        status: "active".into(),
        date_last_modified: timestamp(y.created_at),
        title: format!(
            "{}, {}–{} классы",
            journal_domain::printed::period(&p.kind, number),
            p.grade_from,
            p.grade_to
        ),
        start_date: p.starts_on.to_string(),
        end_date: p.ends_on.to_string(),
        kind: "gradingPeriod".into(),
        parent: Some(reference(req, "terms", &y.id, "academicSession")),
        children: Vec::new(),
        school_year: chrono::Datelike::year(&y.ends_on).to_string(),
    }
}

fn sessions_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    kind: Option<&str>,
) -> Built {
    let all: Vec<AcademicSession> = sessions_of(conn, req, school)?
        .into_iter()
        .filter(|s| kind.is_none_or(|k| s.kind == k))
        .collect();
    Ok(list(conn, req, q, "academicSessions", SESSION_FIELDS, &all))
}

fn session_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    id: &str,
    kind: Option<&str>,
) -> Built {
    let found = sessions_of(conn, req, school)?
        .into_iter()
        .find(|s| s.sourced_id == id && kind.is_none_or(|k| s.kind == k));
    Ok(match found {
        Some(s) => Ok(single("academicSession", &s)),
        None => Err(OrError::unknown("academic session", id)),
    })
}

or_list!(
    /// The client's school and its municipality.
    list_orgs, "/orgs", Scope::RosterCore, OrgSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        let orgs = orgs_of(conn, req, school)?;
        Ok(list(conn, req, q, "orgs", ORG_FIELDS, &orgs))
    }
);

or_single!(
    /// One org: the client's school or its municipality.
    get_org, "/orgs/{sourcedId}", Scope::RosterCore, SingleOrg,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        Ok(match orgs_of(conn, req, school)?.into_iter().find(|o| o.sourced_id == id) {
            Some(o) => Ok(single("org", &o)),
            None => Err(OrError::unknown("org", id)),
        })
    }
);

or_list!(
    /// The client's school (as the list of schools).
    list_schools, "/schools", Scope::RosterCore, OrgSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        let schools: Vec<Org> = orgs_of(conn, req, school)?
            .into_iter()
            .filter(|o| o.kind == "school")
            .collect();
        Ok(list(conn, req, q, "orgs", ORG_FIELDS, &schools))
    }
);

or_single!(
    /// The client's school.
    get_school, "/schools/{sourcedId}", Scope::RosterCore, SingleOrg,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        let found = orgs_of(conn, req, school)?
            .into_iter()
            .find(|o| o.sourced_id == id && o.kind == "school");
        Ok(match found {
            Some(o) => Ok(single("org", &o)),
            None => Err(OrError::unknown("school", id)),
        })
    }
);

or_list!(
    /// The school's years (as terms) and periods (as grading periods).
    list_academic_sessions, "/academicSessions", Scope::RosterCore, AcademicSessionSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        sessions_where(conn, req, school, q, None)
    }
);

or_single!(
    /// One year or period.
    get_academic_session, "/academicSessions/{sourcedId}", Scope::RosterCore, SingleAcademicSession,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        session_where(conn, req, school, id, None)
    }
);

or_list!(
    /// The school's years, each the term its classes belong to.
    list_terms, "/terms", Scope::RosterCore, AcademicSessionSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        sessions_where(conn, req, school, q, Some("term"))
    }
);

or_single!(
    /// One year (term).
    get_term, "/terms/{sourcedId}", Scope::RosterCore, SingleAcademicSession,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        session_where(conn, req, school, id, Some("term"))
    }
);

or_list!(
    /// The school's periods: quarters, trimesters and halves, each for its grades.
    list_grading_periods, "/gradingPeriods", Scope::RosterCore, AcademicSessionSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        sessions_where(conn, req, school, q, Some("gradingPeriod"))
    }
);

or_single!(
    /// One period.
    get_grading_period, "/gradingPeriods/{sourcedId}", Scope::RosterCore, SingleAcademicSession,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        session_where(conn, req, school, id, Some("gradingPeriod"))
    }
);

or_nested!(
    /// The terms of the client's school.
    school_terms, "/schools/{schoolSourcedId}/terms", "schoolSourcedId", "The school",
    Scope::Roster, AcademicSessionSet,
    |conn: &mut DbConnection, r: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        sessions_where(conn, r, school, q, Some("term"))
    }
);

or_nested!(
    /// The grading periods of a term (a school year).
    term_grading_periods, "/terms/{termSourcedId}/gradingPeriods", "termSourcedId", "The term (school year)",
    Scope::Roster, AcademicSessionSet,
    |conn: &mut DbConnection, r: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        let all = sessions_of(conn, r, school)?;
        if !all.iter().any(|s| s.sourced_id == id && s.kind == "term") {
            return Ok(Err(OrError::unknown("term", id)));
        }
        let periods: Vec<AcademicSession> = all
            .into_iter()
            .filter(|s| {
                s.kind == "gradingPeriod" && s.parent.as_ref().is_some_and(|p| p.sourced_id == id)
            })
            .collect();
        Ok(list(conn, r, q, "academicSessions", SESSION_FIELDS, &periods))
    }
);
