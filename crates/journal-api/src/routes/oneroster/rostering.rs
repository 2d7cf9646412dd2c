//! Rostering: orgs, schools and academic sessions (`roster-core.readonly`).
//!
//! Mapping: the client's school is an org of type `school`; the municipality that owns it a
//! `district` (its parent). A school year is an academic session of type `term` (Russian schools
//! have no semesters: the year is the one term the classes belong to), and each of its periods —
//! quarters, trimesters, halves, each for its grades — a `gradingPeriod` inside it.

use super::{
    client_for, list, single, timestamp, Answer as Ready, Called, ListQuery, OrError,
    ROSTERING_BASE,
};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web, HttpRequest, HttpResponse};
use journal_api_types::oneroster::{
    AcademicSession, AcademicSessionSet, GuidRef, ImsxStatusInfo, Org, OrgSet,
    SingleAcademicSession, SingleOrg,
};
use journal_db::schema::schools;
use journal_db::structure::{self as sdb, PeriodRow, SchoolYear};
use journal_db::{regions, DbConnection};
use journal_domain::clients::Scope;
use journal_domain::SchoolId;
use uuid::Uuid;

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

fn reference(req: &Called, path: &str, id: &str, kind: &str) -> GuidRef {
    GuidRef {
        href: format!("{}{ROSTERING_BASE}/{path}/{id}", req.origin),
        sourced_id: id.to_owned(),
        kind: kind.to_owned(),
    }
}

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

/// Run a read for a client with `scope`: its answer, or the refusal in the standard's shape.
async fn read<F>(state: &AppState, req: &HttpRequest, scope: Scope, f: F) -> HttpResponse
where
    F: FnOnce(&mut DbConnection, SchoolId) -> Result<Result<Ready, OrError>, ApiError>
        + Send
        + 'static,
{
    let outcome = async {
        let client = client_for(req, scope).await?;
        let school = client.school_id;
        state
            .read(move |conn| f(conn, school))
            .await
            .map_err(OrError::from)?
    }
    .await;
    match outcome {
        Ok(answer) => answer.response(),
        Err(e) => e.response(),
    }
}

macro_rules! or_list {
    ($(#[$doc:meta])* $fn:ident, $path:literal, $body:ty, $build:expr) => {
        $(#[$doc])*
        #[utoipa::path(tag = "oneroster", security(("oauth2" = [])),
            params(
                ("limit" = Option<u32>, Query, description = "At most this many (default 100, at most 1 000)"),
                ("offset" = Option<u32>, Query, description = "Skip this many"),
                ("sort" = Option<String>, Query, description = "A field to sort by"),
                ("orderBy" = Option<String>, Query, description = "`asc` or `desc`"),
                ("filter" = Option<String>, Query, description = "`field='value'`, up to two clauses joined by ` AND ` or ` OR `; predicates = != > >= < <= ~"),
                ("fields" = Option<String>, Query, description = "Comma-separated fields to answer"),
            ),
            responses(
                (status = 200, description = "The records; `X-Total-Count` and `Link` headers", body = $body),
                (status = 400, description = "`invalid_filter_field`, `invalid_selection_field` or `invaliddata`", body = ImsxStatusInfo),
                (status = 401, description = "`unauthorisedrequest`: no valid client token", body = ImsxStatusInfo),
                (status = 403, description = "`forbidden`: the token lacks the scope", body = ImsxStatusInfo),
                (status = 429, description = "`server_busy`: too many calls; wait for `Retry-After`", body = ImsxStatusInfo),
        (status = 500, description = "`internal_server_error`: an unexpected failure, logged with the request id", body = ImsxStatusInfo),
        (status = 503, description = "`server_busy`: the database does not answer; try again shortly", body = ImsxStatusInfo),
            ))]
        #[get($path)]
        pub async fn $fn(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
            // The query is judged after the client is (an unknown caller learns nothing).
            let q = ListQuery::of(&req);
            let r = Called::of(&req);
            read(&state, &req, Scope::RosterCore, move |conn, school| {
                let q = match q {
                    Ok(q) => q,
                    Err(e) => return Ok(Err(e)),
                };
                #[allow(clippy::redundant_closure_call)]
                $build(conn, &r, school, &q)
            })
            .await
        }
    };
}

macro_rules! or_single {
    ($(#[$doc:meta])* $fn:ident, $path:literal, $body:ty, $build:expr) => {
        $(#[$doc])*
        #[utoipa::path(tag = "oneroster", security(("oauth2" = [])),
            params(("sourcedId" = String, Path, description = "The record's sourcedId")),
            responses(
                (status = 200, body = $body),
                (status = 401, description = "`unauthorisedrequest`: no valid client token", body = ImsxStatusInfo),
                (status = 403, description = "`forbidden`: the token lacks the scope", body = ImsxStatusInfo),
                (status = 404, description = "`unknownobject`: no such record in the client's school", body = ImsxStatusInfo),
                (status = 429, description = "`server_busy`: too many calls; wait for `Retry-After`", body = ImsxStatusInfo),
        (status = 500, description = "`internal_server_error`: an unexpected failure, logged with the request id", body = ImsxStatusInfo),
        (status = 503, description = "`server_busy`: the database does not answer; try again shortly", body = ImsxStatusInfo),
            ))]
        #[get($path)]
        pub async fn $fn(
            state: web::Data<AppState>,
            req: HttpRequest,
            path: web::Path<String>,
        ) -> HttpResponse {
            let id = path.into_inner();
            let r = Called::of(&req);
            read(&state, &req, Scope::RosterCore, move |conn, school| {
                #[allow(clippy::redundant_closure_call)]
                $build(conn, &r, school, id)
            })
            .await
        }
    };
}

type Answer = Result<Result<Ready, OrError>, ApiError>;

fn sessions_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    kind: Option<&str>,
) -> Answer {
    let all: Vec<AcademicSession> = sessions_of(conn, req, school)?
        .into_iter()
        .filter(|s| kind.is_none_or(|k| s.kind == k))
        .collect();
    Ok(list(req, q, "academicSessions", SESSION_FIELDS, &all))
}

fn session_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    id: &str,
    kind: Option<&str>,
) -> Answer {
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
    list_orgs, "/orgs", OrgSet,
    |conn: &mut DbConnection, req: &Called, school, q: &ListQuery| -> Answer {
        Ok(list(req, q, "orgs", ORG_FIELDS, &orgs_of(conn, req, school)?))
    }
);

or_single!(
    /// One org: the client's school or its municipality.
    get_org, "/orgs/{sourcedId}", SingleOrg,
    |conn: &mut DbConnection, req: &Called, school, id: String| -> Answer {
        Ok(match orgs_of(conn, req, school)?.into_iter().find(|o| o.sourced_id == id) {
            Some(o) => Ok(single("org", &o)),
            None => Err(OrError::unknown("org", &id)),
        })
    }
);

or_list!(
    /// The client's school (as the list of schools).
    list_schools, "/schools", OrgSet,
    |conn: &mut DbConnection, req: &Called, school, q: &ListQuery| -> Answer {
        let schools: Vec<Org> = orgs_of(conn, req, school)?
            .into_iter()
            .filter(|o| o.kind == "school")
            .collect();
        Ok(list(req, q, "orgs", ORG_FIELDS, &schools))
    }
);

or_single!(
    /// The client's school.
    get_school, "/schools/{sourcedId}", SingleOrg,
    |conn: &mut DbConnection, req: &Called, school, id: String| -> Answer {
        let found = orgs_of(conn, req, school)?
            .into_iter()
            .find(|o| o.sourced_id == id && o.kind == "school");
        Ok(match found {
            Some(o) => Ok(single("org", &o)),
            None => Err(OrError::unknown("school", &id)),
        })
    }
);

or_list!(
    /// The school's years (as terms) and periods (as grading periods).
    list_academic_sessions, "/academicSessions", AcademicSessionSet,
    |conn: &mut DbConnection, req: &Called, school, q: &ListQuery| -> Answer {
        sessions_where(conn, req, school, q, None)
    }
);

or_single!(
    /// One year or period.
    get_academic_session, "/academicSessions/{sourcedId}", SingleAcademicSession,
    |conn: &mut DbConnection, req: &Called, school, id: String| -> Answer {
        session_where(conn, req, school, &id, None)
    }
);

or_list!(
    /// The school's years, each the term its classes belong to.
    list_terms, "/terms", AcademicSessionSet,
    |conn: &mut DbConnection, req: &Called, school, q: &ListQuery| -> Answer {
        sessions_where(conn, req, school, q, Some("term"))
    }
);

or_single!(
    /// One year (term).
    get_term, "/terms/{sourcedId}", SingleAcademicSession,
    |conn: &mut DbConnection, req: &Called, school, id: String| -> Answer {
        session_where(conn, req, school, &id, Some("term"))
    }
);

or_list!(
    /// The school's periods: quarters, trimesters and halves, each for its grades.
    list_grading_periods, "/gradingPeriods", AcademicSessionSet,
    |conn: &mut DbConnection, req: &Called, school, q: &ListQuery| -> Answer {
        sessions_where(conn, req, school, q, Some("gradingPeriod"))
    }
);

or_single!(
    /// One period.
    get_grading_period, "/gradingPeriods/{sourcedId}", SingleAcademicSession,
    |conn: &mut DbConnection, req: &Called, school, id: String| -> Answer {
        session_where(conn, req, school, &id, Some("gradingPeriod"))
    }
);

/// A list under a record (`/schools/{id}/terms`): the client judged first, then its query, then
/// `build` over the record's id.
async fn nested(
    state: &AppState,
    req: &HttpRequest,
    id: String,
    build: fn(&mut DbConnection, &Called, SchoolId, &ListQuery, &str) -> Answer,
) -> HttpResponse {
    let q = ListQuery::of(req);
    let r = Called::of(req);
    read(state, req, Scope::RosterCore, move |conn, school| match q {
        Ok(q) => build(conn, &r, school, &q, &id),
        Err(e) => Ok(Err(e)),
    })
    .await
}

/// Whether `id` is the client's school (else `unknownobject`).
fn own_school(school: SchoolId, id: &str) -> Result<(), OrError> {
    if id.parse::<Uuid>().ok() == Some(school.0) {
        Ok(())
    } else {
        Err(OrError::unknown("school", id))
    }
}

/// The terms of the client's school.
#[utoipa::path(tag = "oneroster", security(("oauth2" = [])),
    params(("schoolSourcedId" = String, Path, description = "The school")),
    responses(
        (status = 200, description = "The school's terms; `X-Total-Count` and `Link` headers", body = AcademicSessionSet),
        (status = 400, description = "`invalid_filter_field`, `invalid_selection_field` or `invaliddata`", body = ImsxStatusInfo),
        (status = 401, description = "`unauthorisedrequest`: no valid client token", body = ImsxStatusInfo),
        (status = 403, description = "`forbidden`: the token lacks the scope", body = ImsxStatusInfo),
        (status = 404, description = "`unknownobject`: not the client's school", body = ImsxStatusInfo),
        (status = 429, description = "`server_busy`: too many calls; wait for `Retry-After`", body = ImsxStatusInfo),
        (status = 500, description = "`internal_server_error`: an unexpected failure, logged with the request id", body = ImsxStatusInfo),
        (status = 503, description = "`server_busy`: the database does not answer; try again shortly", body = ImsxStatusInfo),
    ))]
#[get("/schools/{schoolSourcedId}/terms")]
pub async fn school_terms(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    nested(&state, &req, path.into_inner(), |conn, r, school, q, id| {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        sessions_where(conn, r, school, q, Some("term"))
    })
    .await
}

/// The grading periods of a term (a school year).
#[utoipa::path(tag = "oneroster", security(("oauth2" = [])),
    params(("termSourcedId" = String, Path, description = "The term (school year)")),
    responses(
        (status = 200, description = "The term's grading periods; `X-Total-Count` and `Link` headers", body = AcademicSessionSet),
        (status = 400, description = "`invalid_filter_field`, `invalid_selection_field` or `invaliddata`", body = ImsxStatusInfo),
        (status = 401, description = "`unauthorisedrequest`: no valid client token", body = ImsxStatusInfo),
        (status = 403, description = "`forbidden`: the token lacks the scope", body = ImsxStatusInfo),
        (status = 404, description = "`unknownobject`: no such term in the client's school", body = ImsxStatusInfo),
        (status = 429, description = "`server_busy`: too many calls; wait for `Retry-After`", body = ImsxStatusInfo),
        (status = 500, description = "`internal_server_error`: an unexpected failure, logged with the request id", body = ImsxStatusInfo),
        (status = 503, description = "`server_busy`: the database does not answer; try again shortly", body = ImsxStatusInfo),
    ))]
#[get("/terms/{termSourcedId}/gradingPeriods")]
pub async fn term_grading_periods(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    nested(&state, &req, path.into_inner(), |conn, r, school, q, id| {
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
        Ok(list(r, q, "academicSessions", SESSION_FIELDS, &periods))
    })
    .await
}
