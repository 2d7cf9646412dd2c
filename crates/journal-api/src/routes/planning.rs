//! Control works (R-T3) and lesson plans (R-T4).

use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::structure::assignment_view;
use crate::services::{record_audit, uuid_of};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use journal_api_types::planning::{
    ControlWork, ControlWorkFilter, ControlWorkInput, Plan, PlanInput, PlanTopic,
};
use journal_api_types::ErrorCode;
use journal_api_types::{FieldError, Problem};
use journal_db::planning::{self as pdb, PlanTopic as TopicRow};
use journal_db::structure as sdb;
use journal_db::{now, DbConnection};
use journal_domain::calendar::WeekMode;
use journal_domain::plan::{
    control_work_fits, parse_plan_csv, progress, PlannedTopic, TopicProgress,
};
use journal_domain::{Action, Role, SchoolId};
use serde_json::json;
use uuid::Uuid;

fn control_work_view(
    conn: &mut DbConnection,
    school: SchoolId,
    w: &pdb::ControlWork,
) -> Result<ControlWork, ApiError> {
    Ok(ControlWork {
        id: uuid_of(&w.id)?,
        class_id: uuid_of(&w.class_id)?,
        class_name: sdb::class(conn, school, &w.class_id)?
            .map(|c| c.name())
            .unwrap_or_default(),
        subject_id: uuid_of(&w.subject_id)?,
        subject_name: sdb::subject_name(conn, school, &w.subject_id)?.unwrap_or_default(),
        date: w.work_date,
        title: w.title.clone(),
    })
}

/// The school year of a class, refused when it is archived (`year_archived`): control works of
/// an archived year are neither planned nor withdrawn.
fn open_year_of(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &journal_db::roster::Class,
) -> Result<sdb::YearWithCalendar, ApiError> {
    let year_id = class.year_id.as_deref().ok_or_else(|| {
        ApiError::conflict(
            ErrorCode::ClassWithoutYear,
            "the class belongs to no school year",
        )
    })?;
    let year = sdb::year(conn, school, year_id)?.ok_or_else(ApiError::not_found)?;
    ensure_open(&year.year)?;
    Ok(year)
}

/// Plan a control work for a class on a date (R-T3): deputy and director. The date must be a
/// teaching day of the class, and a class has at most the school's limit a day (one by default).
#[utoipa::path(tag = "planning", security(("bearer" = [])), request_body = ControlWorkInput,
    responses(
        (status = 201, body = ControlWork),
        (status = 409, description = "`control_work_limit` (names the work already planned), `year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`not_a_teaching_day`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/control-works")]
pub async fn create_control_work(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<ControlWorkInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageTimetable)?;
    let input = body.0;
    let st = state.clone();
    let work = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let class = sdb::class(conn, school, &input.class_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            sdb::subject_name(conn, school, &input.subject_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            let year = open_year_of(conn, school, &class)?;
            let week = WeekMode::from_days(class.week_days.clamp(0, 7) as u8)
                .unwrap_or(WeekMode::FiveDays);
            if !year
                .calendar()
                .is_teaching_day(class.grade.clamp(0, 11) as u8, week, input.date)
            {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::NotATeachingDay,
                    format!("{} has no lessons on {}", class.name(), input.date),
                ));
            }
            let same_day = pdb::control_works(conn, school, &class.id, input.date, input.date)?;
            let limit = pdb::control_work_limit(conn, school)?;
            if !control_work_fits(same_day.len() as u32, limit.max(0) as u32) {
                let names: Vec<String> =
                    same_day.iter().map(|w| format!("«{}»", w.title)).collect();
                return Err(ApiError::conflict(
                    ErrorCode::ControlWorkLimit,
                    format!(
                        "{} already has {} on {} (at most {limit} a day)",
                        class.name(),
                        names.join(", "),
                        input.date
                    ),
                ));
            }
            let row = pdb::ControlWork {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                class_id: class.id.clone(),
                subject_id: input.subject_id.to_string(),
                work_date: input.date,
                title: input.title.trim().to_owned(),
                created_by: session.caller.user_id.to_string(),
                created_at: now(),
            };
            pdb::insert_control_work(conn, &row)?;
            let view = control_work_view(conn, school, &row)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageTimetable,
                ("control_work.create", "control_work", row.id.clone()),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(work))
}

/// Withdraw a planned control work (R-T3): deputy and director, as they plan it. The audit log
/// keeps what was withdrawn.
#[utoipa::path(tag = "planning", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "The control work is withdrawn"),
        (status = 403, description = "Not the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such control work in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/control-works/{id}")]
pub async fn delete_control_work(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageTimetable)?;
    let id = path.into_inner().to_string();
    let st = state.clone();
    state
        .write(move |conn| {
            let school = session.caller.school_id;
            let work = pdb::control_work(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            let class =
                sdb::class(conn, school, &work.class_id)?.ok_or_else(ApiError::not_found)?;
            open_year_of(conn, school, &class)?;
            let before = control_work_view(conn, school, &work)?;
            pdb::delete_control_work(conn, &work.id)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageTimetable,
                ("control_work.delete", "control_work", work.id.clone()),
                Some(json!(before)),
                None,
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Control works of a class between two dates.
#[utoipa::path(tag = "planning", security(("bearer" = [])), params(ControlWorkFilter), responses(
    (status = 200, body = Vec<ControlWork>),
    (status = 400, description = "`invalid_span`: `from` after `to` or more than 400 days; `date_out_of_range`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such class", body = Problem, content_type = "application/problem+json"),
))]
#[get("/control-works")]
pub async fn list_control_works(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<ControlWorkFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let f = query.0;
    crate::input::span(f.from, f.to, 400)?;
    let list = state
        .read(move |conn| {
            let school = caller.school_id;
            sdb::class(conn, school, &f.class_id.to_string())?.ok_or_else(ApiError::not_found)?;
            let rows = pdb::control_works(conn, school, &f.class_id.to_string(), f.from, f.to)?;
            rows.iter()
                .map(|w| control_work_view(conn, school, w))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

fn plan_view(
    conn: &mut DbConnection,
    school: SchoolId,
    a: &sdb::Assignment,
) -> Result<Plan, ApiError> {
    let rows = pdb::plan(conn, school_check(school, a)?)?;
    let held = u32::try_from(pdb::lessons_held(conn, &a.id)?).unwrap_or(0);
    let topics: Vec<PlannedTopic> = rows
        .iter()
        .map(|t| PlannedTopic {
            title: t.title.clone(),
            hours: t.hours.clamp(0, 1000) as u16,
        })
        .collect();
    let states = progress(&topics, held);
    Ok(Plan {
        assignment: assignment_view(conn, school, a)?,
        topics: topics
            .iter()
            .zip(states)
            .zip(&rows)
            .enumerate()
            .map(|(i, ((t, p), row))| {
                Ok(PlanTopic {
                    id: uuid_of(&row.id)?,
                    position: (i + 1) as u16,
                    title: t.title.clone(),
                    hours: t.hours,
                    progress: match p {
                        TopicProgress::Done => "done",
                        TopicProgress::InProgress => "in_progress",
                        TopicProgress::Ahead => "ahead",
                    }
                    .into(),
                })
            })
            .collect::<Result<_, ApiError>>()?,
        planned_hours: topics.iter().map(|t| u32::from(t.hours)).sum(),
        held,
    })
}

fn school_check(school: SchoolId, a: &sdb::Assignment) -> Result<&str, ApiError> {
    if a.school_id == school.to_string() {
        Ok(&a.id)
    } else {
        Err(ApiError::not_found())
    }
}

/// The lesson plan of a teaching assignment with plan versus fact.
#[utoipa::path(tag = "planning", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Plan), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/assignments/{id}/plan")]
pub async fn get_plan(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let id = path.into_inner().to_string();
    let plan = state
        .read(move |conn| {
            let a =
                sdb::assignment(conn, caller.school_id, &id)?.ok_or_else(ApiError::not_found)?;
            plan_view(conn, caller.school_id, &a)
        })
        .await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// The assignment's own teacher, the deputy and the director keep its plan (R-T4).
fn may_keep_plan(session: &Session, a: &sdb::Assignment) -> bool {
    session.caller.has(Role::Deputy)
        || session.caller.has(Role::Director)
        || (session.caller.has(Role::Teacher) && a.teacher_id == session.caller.user_id.to_string())
}

async fn save_plan(
    state: web::Data<AppState>,
    session: Session,
    id: String,
    topics: Vec<PlannedTopic>,
) -> Result<Plan, ApiError> {
    let st = state.clone();
    state
        .write(move |conn| {
            let school = session.caller.school_id;
            let a = sdb::assignment(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            if !may_keep_plan(&session, &a) {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "only the assignment's teacher, the deputy or the director keep its plan",
                ));
            }
            let year = sdb::year(conn, school, &a.year_id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            let before = plan_view(conn, school, &a)?;
            let rows: Vec<TopicRow> = topics
                .iter()
                .enumerate()
                .map(|(i, t)| TopicRow {
                    id: Uuid::new_v4().to_string(),
                    school_id: school.to_string(),
                    assignment_id: a.id.clone(),
                    position: i as i32 + 1,
                    title: t.title.trim().to_owned(),
                    hours: i32::from(t.hours),
                })
                .collect();
            pdb::replace_plan(conn, &a.id, &rows)?;
            let after = plan_view(conn, school, &a)?;
            let own = a.teacher_id == session.caller.user_id.to_string();
            let role = session.acting_as(own, &[Role::Deputy, Role::Director]);
            record_audit(
                conn,
                &st.audit_key,
                &session,
                role,
                ("plan.replace", "assignment", a.id.clone()),
                Some(json!(before.topics)),
                Some(json!(after.topics)),
            )?;
            Ok(after)
        })
        .await
}

/// Replace the lesson plan of an assignment.
#[utoipa::path(tag = "planning", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = PlanInput,
    responses((status = 200, body = Plan), (status = 403, body = Problem, content_type = "application/problem+json")))]
#[put("/assignments/{id}/plan")]
pub async fn replace_plan(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<PlanInput>,
) -> Result<HttpResponse, ApiError> {
    let topics = body
        .0
        .topics
        .into_iter()
        .map(|t| PlannedTopic {
            title: t.title,
            hours: t.hours,
        })
        .collect();
    let plan = save_plan(state, auth.0, path.into_inner().to_string(), topics).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// Import the lesson plan of an assignment from CSV (`topic;hours` per line; an optional `№`
/// column and header are recognised). Every bad line is reported and nothing is written.
#[utoipa::path(tag = "planning", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body(content = String, content_type = "text/csv", description = "`№;Тема;Часы` lines, UTF-8 or Windows-1251"),
    responses(
        (status = 200, body = Plan),
        (status = 422, description = "`plan_invalid`: `errors[]` names each bad line (`field` = `line N`); `bad_encoding`: neither UTF-8 nor Windows-1251", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/assignments/{id}/plan/import")]
pub async fn import_plan(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    // Read as every uploaded file is: bounded, and every refusal a problem.
    let bytes = crate::input::body_bytes(payload).await?;
    let body = crate::tables::text_of(&bytes)?.into_owned();
    let topics = parse_plan_csv(&body).map_err(|problems| {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PlanInvalid,
            "the file has bad lines; nothing was imported",
        );
        e.errors = problems
            .into_iter()
            .map(|p| FieldError {
                field: format!("line {}", p.line),
                code: p.code,
                message: Some(p.message),
            })
            .collect();
        e
    })?;
    let plan = save_plan(state, auth.0, path.into_inner().to_string(), topics).await?;
    Ok(HttpResponse::Ok().json(plan))
}
