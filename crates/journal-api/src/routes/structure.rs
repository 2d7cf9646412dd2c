//! School years and calendars, bell schedules, rooms, subjects, classes and teaching assignments
//! (R-B2–R-B4). Set up by the admin, deputy and director; read by staff.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::record_audit;
use crate::services::structure::{assignment_view, AssignmentNames};
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, put, web, HttpResponse};
use journal_api_types::structure::{
    Assignment, AssignmentFilter, AssignmentInput, BellInput, BellSchedule, BellScheduleInput,
    CalendarInput, Class, ClassFilter, ClassInput, CreateYearRequest, HolidayInput, PeriodInput,
    Promotion, RolloverResult, Room, RoomInput, SchoolYear, Subject, SubjectInput, YearDetail,
};
use journal_api_types::ErrorCode;
use journal_api_types::{FieldError, Problem};
use journal_db::roster::{self, Class as ClassRow};
use journal_db::structure::{self as db, YearWithCalendar};
use journal_db::{now, users, DbConnection};
use journal_domain::calendar::{Calendar, CalendarProblem, Span};
use journal_domain::{Action, Role, SchoolId, UserId};
use serde_json::json;
use uuid::Uuid;

fn calendar_problem(problems: Vec<CalendarProblem>) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::CalendarInvalid,
        "the calendar of the year does not hold together",
    );
    e.errors = problems
        .iter()
        .map(|p| FieldError {
            field: match p {
                CalendarProblem::YearDates => "starts_on".into(),
                CalendarProblem::PeriodInvalid { index }
                | CalendarProblem::PeriodOutsideYear { index }
                | CalendarProblem::PeriodsOverlap { second: index, .. } => {
                    format!("calendar.periods[{index}]")
                }
                CalendarProblem::PeriodNumbering { .. } => "calendar.periods".into(),
                CalendarProblem::HolidayInvalid { index }
                | CalendarProblem::HolidayOutsideYear { index }
                | CalendarProblem::HolidaysOverlap { second: index, .. }
                | CalendarProblem::HolidayOnPeriodEdge { holiday: index, .. } => {
                    format!("calendar.holidays[{index}]")
                }
            },
            code: p.code().into(),
            message: Some(p.to_string()),
        })
        .collect();
    e
}

/// The stored form of a year and its calendar; checked by the calendar rules (R-B2).
fn year_rows(
    school: SchoolId,
    year: db::SchoolYear,
    input: &CalendarInput,
) -> Result<YearWithCalendar, ApiError> {
    let s = school.to_string();
    let y = YearWithCalendar {
        periods: input
            .periods
            .iter()
            .map(|p| db::PeriodRow {
                id: Uuid::new_v4().to_string(),
                school_id: s.clone(),
                year_id: year.id.clone(),
                kind: p.kind.clone(),
                number: i32::from(p.number),
                grade_from: i32::from(p.grade_from),
                grade_to: i32::from(p.grade_to),
                starts_on: p.starts_on,
                ends_on: p.ends_on,
            })
            .collect(),
        holidays: input
            .holidays
            .iter()
            .map(|h| db::HolidayRow {
                id: Uuid::new_v4().to_string(),
                school_id: s.clone(),
                year_id: year.id.clone(),
                name: h.name.trim().to_owned(),
                grade_from: i32::from(h.grade_from),
                grade_to: i32::from(h.grade_to),
                starts_on: h.starts_on,
                ends_on: h.ends_on,
            })
            .collect(),
        year,
    };
    let calendar: Calendar = y.calendar();
    calendar.check().map_err(calendar_problem)?;
    Ok(y)
}

fn year_view(y: &db::SchoolYear) -> Result<SchoolYear, ApiError> {
    Ok(SchoolYear {
        id: uuid_of(&y.id)?,
        name: y.name.clone(),
        starts_on: y.starts_on,
        ends_on: y.ends_on,
        status: y.status.clone(),
    })
}

fn year_detail(y: &YearWithCalendar) -> Result<YearDetail, ApiError> {
    let small = |n: i32| n.clamp(0, 255) as u8;
    Ok(YearDetail {
        year: year_view(&y.year)?,
        periods: y
            .periods
            .iter()
            .map(|p| {
                Ok(PeriodInput {
                    id: Some(uuid_of(&p.id)?),
                    kind: p.kind.clone(),
                    number: small(p.number),
                    grade_from: small(p.grade_from),
                    grade_to: small(p.grade_to),
                    starts_on: p.starts_on,
                    ends_on: p.ends_on,
                })
            })
            .collect::<Result<_, ApiError>>()?,
        holidays: y
            .holidays
            .iter()
            .map(|h| HolidayInput {
                name: h.name.clone(),
                grade_from: small(h.grade_from),
                grade_to: small(h.grade_to),
                starts_on: h.starts_on,
                ends_on: h.ends_on,
            })
            .collect(),
    })
}

/// The school's years, newest first.
#[utoipa::path(tag = "structure", security(("bearer" = [])),
    responses((status = 200, body = Vec<SchoolYear>), (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/years")]
pub async fn list_years(state: web::Data<AppState>, auth: Auth) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let years = state
        .read(move |conn| {
            db::years(conn, caller.school_id)?
                .iter()
                .map(year_view)
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(years))
}

/// Open a school year with its periods (per grade range) and holidays (R-B2). The calendar is
/// checked as a whole: periods inside the year, not overlapping for the same grades, numbered in
/// date order; holidays inside the year, not overlapping, not on a period's first or last day.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = CreateYearRequest,
    responses(
        (status = 201, body = YearDetail),
        (status = 409, description = "`year_exists`, `years_overlap`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`calendar_invalid` with one entry per problem in `errors`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/years")]
pub async fn create_year(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<CreateYearRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let req = body.0;
    let school = session.caller.school_id;
    let year = db::SchoolYear {
        id: Uuid::new_v4().to_string(),
        school_id: school.to_string(),
        name: req.name.trim().to_owned(),
        starts_on: req.starts_on,
        ends_on: req.ends_on,
        status: "open".into(),
        created_at: now(),
    };
    let rows = year_rows(school, year, &req.calendar)?;
    let st = state.clone();
    let detail = state
        .write(move |conn| {
            if db::years(conn, school)?
                .iter()
                .any(|y| y.name == rows.year.name)
            {
                return Err(ApiError::conflict(
                    ErrorCode::YearExists,
                    format!("the year {} exists", rows.year.name),
                ));
            }
            let overlapping = db::years(conn, school)?.into_iter().find(|y| {
                Span::new(y.starts_on, y.ends_on)
                    .overlaps(Span::new(rows.year.starts_on, rows.year.ends_on))
            });
            if let Some(y) = overlapping {
                return Err(ApiError::conflict(
                    ErrorCode::YearsOverlap,
                    format!("the dates overlap the year {}", y.name),
                ));
            }
            db::insert_year(conn, &rows)?;
            let detail = year_detail(&rows)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("year.create", "school_year", &rows.year.id),
                None,
                Some(json!(detail)),
            )?;
            Ok(detail)
        })
        .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// A year with its calendar.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = YearDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/years/{id}")]
pub async fn get_year(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let id = path.into_inner().to_string();
    let detail = state
        .read(move |conn| {
            year_detail(&db::year(conn, caller.school_id, &id)?.ok_or_else(ApiError::not_found)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Replace the periods and holidays of an open year (an archived year is read-only, R-B7).
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CalendarInput,
    responses(
        (status = 200, body = YearDetail),
        (status = 409, description = "`year_archived`, `period_in_use` (a period with journal finals or closes would be removed)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`calendar_invalid`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/years/{id}/calendar")]
pub async fn replace_calendar(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<CalendarInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let id = path.into_inner().to_string();
    let input = body.0;
    let st = state.clone();
    let detail = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let old = db::year(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&old.year)?;
            let mut rows = year_rows(school, old.year.clone(), &input)?;
            for gone in old
                .periods
                .iter()
                .filter(|o| !rows.periods.iter().any(|p| db::same_period(o, p)))
            {
                if db::period_in_use(conn, &gone.id)? {
                    return Err(ApiError::conflict(
                        ErrorCode::PeriodInUse,
                        format!(
                            "{} {} (grades {}–{}) has journal finals or closes and cannot be removed",
                            gone.kind, gone.number, gone.grade_from, gone.grade_to
                        ),
                    ));
                }
            }
            db::replace_calendar(conn, &mut rows)?;
            let detail = year_detail(&rows)?;
            record_audit(conn, &st.audit_key, &session, Action::ManageStructure, ("year.calendar", "school_year", id.clone()), Some(json!(year_detail(&old)?)), Some(json!(detail)))?;
            Ok(detail)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Open the new school year from this one (R-B7): classes move up a grade with their students and
/// class teachers, the last grade graduates, groups follow their classes with their current
/// members (a leading class name in a group's name is promoted too), and this year becomes
/// read-only. The new year's
/// calendar is checked like any year's.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CreateYearRequest,
    responses(
        (status = 201, body = RolloverResult),
        (status = 409, description = "`year_archived` (already rolled over), `year_exists`, `years_overlap`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`calendar_invalid`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/years/{id}/rollover")]
pub async fn rollover(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<CreateYearRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::RolloverYear)?;
    let old_id = path.into_inner().to_string();
    let req = body.0;
    let school = session.caller.school_id;
    let year = db::SchoolYear {
        id: Uuid::new_v4().to_string(),
        school_id: school.to_string(),
        name: req.name.trim().to_owned(),
        starts_on: req.starts_on,
        ends_on: req.ends_on,
        status: "open".into(),
        created_at: now(),
    };
    let rows = year_rows(school, year, &req.calendar)?;
    let st = state.clone();
    let result = state
        .write(move |conn| {
            let old = db::year(conn, school, &old_id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&old.year)?;
            if db::years(conn, school)?
                .iter()
                .any(|y| y.name == rows.year.name)
            {
                return Err(ApiError::conflict(
                    ErrorCode::YearExists,
                    format!("the year {} exists", rows.year.name),
                ));
            }
            if rows.year.starts_on <= old.year.ends_on {
                return Err(ApiError::conflict(
                    ErrorCode::YearsOverlap,
                    "the new year must start after the old one ends",
                ));
            }
            let done = journal_db::rollover::rollover(conn, school, &old.year, &rows, now())?;
            let result = RolloverResult {
                year: year_detail(&rows)?,
                promoted: done
                    .promoted
                    .iter()
                    .map(|(from, to)| Promotion {
                        from: from.clone(),
                        to: to.clone(),
                    })
                    .collect(),
                graduated: done.graduated.clone(),
                students_carried: u32::try_from(done.students_carried).unwrap_or(u32::MAX),
                groups_carried: u32::try_from(done.groups_carried).unwrap_or(u32::MAX),
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::RolloverYear,
                ("year.rollover", "school_year", old_id.clone()),
                Some(json!({ "year": old.year.name, "status": "open" })),
                Some(json!(result)),
            )?;
            Ok(result)
        })
        .await?;
    Ok(HttpResponse::Created().json(result))
}

/// Bell schedules of the school.
#[utoipa::path(tag = "structure", security(("bearer" = [])), responses((status = 200, body = Vec<BellSchedule>)))]
#[get("/bell-schedules")]
pub async fn list_bell_schedules(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let list = state
        .read(move |conn| {
            db::bell_schedules(conn, caller.school_id)?
                .into_iter()
                .map(|(id, name, bells)| {
                    Ok(BellSchedule {
                        id: uuid_of(&id)?,
                        name,
                        bells: bells.into_iter().map(bell_view).collect(),
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

fn bell_view(b: db::Bell) -> BellInput {
    BellInput {
        lesson_number: b.lesson_number.clamp(0, 255) as u8,
        starts_at: b.starts_at,
        ends_at: b.ends_at,
    }
}

/// Create a bell schedule (lesson number → start and end, R-B2). Bells must be in order, each
/// ending after it starts and before the next one starts.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = BellScheduleInput,
    responses((status = 201, body = BellSchedule), (status = 422, description = "`bells_out_of_order`", body = Problem, content_type = "application/problem+json")))]
#[post("/bell-schedules")]
pub async fn create_bell_schedule(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<BellScheduleInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let mut input = body.0;
    input.bells.sort_by_key(|b| b.lesson_number);
    let ordered = input
        .bells
        .windows(2)
        .all(|w| w[0].ends_at <= w[1].starts_at && w[0].lesson_number < w[1].lesson_number)
        && input.bells.iter().all(|b| b.starts_at < b.ends_at);
    if !ordered {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BellsOutOfOrder,
            "each lesson must end after it starts and before the next one starts",
        ));
    }
    let st = state.clone();
    let created = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let id = Uuid::new_v4();
            let rows: Vec<db::Bell> = input
                .bells
                .iter()
                .map(|b| db::Bell {
                    school_id: school.to_string(),
                    schedule_id: id.to_string(),
                    lesson_number: i32::from(b.lesson_number),
                    starts_at: b.starts_at.clone(),
                    ends_at: b.ends_at.clone(),
                })
                .collect();
            db::insert_bell_schedule(
                conn,
                school,
                &id.to_string(),
                input.name.trim(),
                &rows,
                now(),
            )?;
            let view = BellSchedule {
                id,
                name: input.name.trim().to_owned(),
                bells: input.bells.clone(),
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("bell_schedule.create", "bell_schedule", &id.to_string()),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Rooms of the school.
#[utoipa::path(tag = "structure", security(("bearer" = [])), responses((status = 200, body = Vec<Room>)))]
#[get("/rooms")]
pub async fn list_rooms(state: web::Data<AppState>, auth: Auth) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let list = state
        .read(move |conn| {
            db::rooms(conn, caller.school_id)?
                .into_iter()
                .map(|r| {
                    Ok(Room {
                        id: uuid_of(&r.id)?,
                        name: r.name,
                        capacity: r.capacity,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Add a room.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = RoomInput,
    responses((status = 201, body = Room), (status = 409, description = "`room_exists`", body = Problem, content_type = "application/problem+json")))]
#[post("/rooms")]
pub async fn create_room(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<RoomInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let room = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let name = input.name.trim().to_owned();
            if db::rooms(conn, school)?.iter().any(|r| r.name == name) {
                return Err(ApiError::conflict(
                    ErrorCode::RoomExists,
                    format!("the room «{name}» exists"),
                ));
            }
            let id = Uuid::new_v4();
            db::insert_room(
                conn,
                &db::Room {
                    id: id.to_string(),
                    school_id: school.to_string(),
                    name: name.clone(),
                    capacity: input.capacity,
                },
            )?;
            let room = Room {
                id,
                name,
                capacity: input.capacity,
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("room.create", "room", &id.to_string()),
                None,
                Some(json!(room)),
            )?;
            Ok(room)
        })
        .await?;
    Ok(HttpResponse::Created().json(room))
}

/// Subjects of the school, in Russian alphabetical order.
#[utoipa::path(tag = "structure", security(("bearer" = [])), responses((status = 200, body = Vec<Subject>)))]
#[get("/subjects")]
pub async fn list_subjects(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let list = state
        .read(move |conn| {
            db::subjects(conn, caller.school_id)?
                .into_iter()
                .map(|s| {
                    Ok(Subject {
                        id: uuid_of(&s.id)?,
                        name: s.name,
                        short_name: s.short_name,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Add a subject (R-B3).
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = SubjectInput,
    responses((status = 201, body = Subject), (status = 409, description = "`subject_exists`", body = Problem, content_type = "application/problem+json")))]
#[post("/subjects")]
pub async fn create_subject(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<SubjectInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let subject = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let name = input.name.trim().to_owned();
            if db::subjects(conn, school)?.iter().any(|s| s.name == name) {
                return Err(ApiError::conflict(
                    ErrorCode::SubjectExists,
                    format!("the subject «{name}» exists"),
                ));
            }
            let id = Uuid::new_v4();
            let row = roster::Subject {
                id: id.to_string(),
                school_id: school.to_string(),
                name: name.clone(),
                short_name: input.short_name.trim().to_owned(),
            };
            roster::insert_subjects(conn, std::slice::from_ref(&row))?;
            let subject = Subject {
                id,
                name,
                short_name: row.short_name,
            };
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("subject.create", "subject", &id.to_string()),
                None,
                Some(json!(subject)),
            )?;
            Ok(subject)
        })
        .await?;
    Ok(HttpResponse::Created().json(subject))
}

pub(crate) fn class_view(c: &ClassRow) -> Result<Class, ApiError> {
    let opt = |s: &Option<String>| s.as_deref().map(uuid_of).transpose();
    Ok(Class {
        id: uuid_of(&c.id)?,
        name: c.name(),
        grade: c.grade.clamp(0, 255) as u8,
        letter: c.letter.clone(),
        year_id: opt(&c.year_id)?,
        class_teacher_id: opt(&c.class_teacher_id)?,
        week_days: c.week_days.clamp(0, 255) as u8,
        bell_schedule_id: opt(&c.bell_schedule_id)?,
    })
}

/// Classes of the school (of one year), by grade and letter.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(ClassFilter), responses((status = 200, body = Vec<Class>)))]
#[get("/classes")]
pub async fn list_classes(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<ClassFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let year = query.0.year_id.map(|y| y.to_string());
    let list = state
        .read(move |conn| {
            db::classes(conn, caller.school_id, year.as_deref())?
                .iter()
                .map(class_view)
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Whether `user` holds `role` in the school: the check behind every person id in a request body.
fn holds(
    conn: &mut DbConnection,
    school: SchoolId,
    user: Uuid,
    role: Role,
) -> Result<bool, ApiError> {
    Ok(users::roles_in(conn, UserId(user), school)?.contains(&role))
}

/// Open a class in a year, with its class teacher, week mode and bell schedule (R-B2, R-B3).
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = ClassInput,
    responses(
        (status = 201, body = Class),
        (status = 404, description = "the year, teacher or bell schedule is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`class_exists`, `year_archived`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/classes")]
pub async fn create_class(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<ClassInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let class = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let year = db::year(conn, school, &input.year_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            if let Some(t) = input.class_teacher_id {
                if !holds(conn, school, t, Role::Teacher)? {
                    return Err(ApiError::bad_request(
                        ErrorCode::ClassTeacherNotTeacher,
                        "the class teacher must be a teacher of the school",
                    ));
                }
            }
            if let Some(b) = input.bell_schedule_id {
                if !db::bell_schedule_exists(conn, school, &b.to_string())? {
                    return Err(ApiError::not_found());
                }
            }
            let exists = db::classes(conn, school, Some(&year.year.id))?
                .iter()
                .any(|c| c.grade == i32::from(input.grade) && c.letter == input.letter);
            if exists {
                return Err(ApiError::conflict(
                    ErrorCode::ClassExists,
                    format!(
                        "{}{} exists in {}",
                        input.grade, input.letter, year.year.name
                    ),
                ));
            }
            let row = ClassRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                grade: i32::from(input.grade),
                letter: input.letter.clone(),
                class_teacher_id: input.class_teacher_id.map(|t| t.to_string()),
                created_at: now(),
                year_id: Some(year.year.id.clone()),
                week_days: i32::from(input.week_days),
                bell_schedule_id: input.bell_schedule_id.map(|b| b.to_string()),
            };
            db::insert_class(conn, &row)?;
            let view = class_view(&row)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("class.create", "class", &row.id),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(class))
}

/// Teaching assignments of the school, of a class or of a teacher.
#[utoipa::path(tag = "structure", security(("bearer" = [])), params(AssignmentFilter), responses((status = 200, body = Vec<Assignment>)))]
#[get("/assignments")]
pub async fn list_assignments(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<AssignmentFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let f = query.0;
    let list = state
        .read(move |conn| {
            let rows = db::assignments(
                conn,
                caller.school_id,
                f.class_id.map(|c| c.to_string()).as_deref(),
                f.teacher_id.map(|t| t.to_string()).as_deref(),
            )?;
            let names = AssignmentNames::load(conn, caller.school_id, &rows)?;
            rows.iter()
                .map(|a| names.view(a))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Assign a teacher a subject in a class for the class's year, with hours per week (R-B4); with
/// `group_id`, to a group of the class (a subgroup, a stream it is in, an individual plan) instead
/// of the whole class. The same teacher may teach a subject to several groups of one class.
#[utoipa::path(tag = "structure", security(("bearer" = [])), request_body = AssignmentInput,
    responses(
        (status = 201, body = Assignment),
        (status = 404, description = "the teacher, subject, class or group is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`assignment_exists`, `year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`group_class_mismatch` (the class is not one of the group's)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/assignments")]
pub async fn create_assignment(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<AssignmentInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let created = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let class = db::class(conn, school, &input.class_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            let year_id = class.year_id.clone().ok_or_else(|| {
                ApiError::conflict(
                    ErrorCode::ClassWithoutYear,
                    "the class belongs to no school year",
                )
            })?;
            let year = db::year(conn, school, &year_id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            if db::subject_name(conn, school, &input.subject_id.to_string())?.is_none()
                || !holds(conn, school, input.teacher_id, Role::Teacher)?
            {
                return Err(ApiError::not_found());
            }
            let group = match input.group_id {
                Some(g) => {
                    let g = journal_db::groups::group(conn, school, &g.to_string())?
                        .ok_or_else(ApiError::not_found)?;
                    // The group's classes are of its year, so this checks the year too.
                    if !g.classes.contains(&class.id) {
                        return Err(ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            ErrorCode::GroupClassMismatch,
                            format!("{} is not a class of «{}»", class.name(), g.row.name),
                        ));
                    }
                    Some(g)
                }
                None => None,
            };
            let group_id = group.as_ref().map(|g| g.row.id.clone());
            let duplicate = db::assignments(
                conn,
                school,
                Some(&class.id),
                Some(&input.teacher_id.to_string()),
            )?
            .iter()
            .any(|a| a.subject_id == input.subject_id.to_string() && a.group_id == group_id);
            if duplicate {
                return Err(ApiError::conflict(
                    ErrorCode::AssignmentExists,
                    match &group {
                        Some(g) => format!(
                            "this teacher already teaches this subject to «{}»",
                            g.row.name
                        ),
                        None => "this teacher already teaches this subject in this class".into(),
                    },
                ));
            }
            let class_id = match &group {
                Some(g) => g
                    .first_class()
                    .cloned()
                    .ok_or_else(|| ApiError::internal("group without classes"))?,
                None => class.id.clone(),
            };
            let row = db::Assignment {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                year_id,
                teacher_id: input.teacher_id.to_string(),
                subject_id: input.subject_id.to_string(),
                class_id,
                hours_per_week: i32::from(input.hours_per_week),
                created_at: now(),
                group_id,
            };
            db::insert_assignment(conn, &row)?;
            let view = assignment_view(conn, school, &row)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("assignment.create", "assignment", &row.id),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}
