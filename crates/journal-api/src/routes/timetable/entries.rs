//! The weekly timetable: adding weekly lessons (a clash is refused and named), listing, ending.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::lessons::Lookup;
use crate::services::record_audit;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::timetable::{EndEntryRequest, Entry, EntryInput, TimetableFilter};
use journal_api_types::ErrorCode;
use journal_api_types::{Clash, Problem};
use journal_db::groups as gdb;
use journal_db::now;
use journal_db::structure as sdb;
use journal_db::timetable::{self as tdb, EntryRow};
use journal_domain::calendar::{Span, WeekMode};
use journal_domain::timetable::{check_entry, first_clash};
use journal_domain::Action;
use serde_json::json;
use uuid::Uuid;

const WEEKDAYS: [&str; 7] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Add a weekly lesson of a teaching assignment (R-T1); an assignment to a group gives a lesson to
/// that group. Refused with 409 when the teacher, the room or the students are already busy at
/// that weekday and lesson number within the validity: a whole-class lesson clashes with any group
/// lesson of the class and a stream's lesson with those of all its classes, but parallel groups of
/// one division (English group 1 and 2) may have lessons at the same time. The problem names the
/// clash, and the group when there is one.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), request_body = EntryInput,
    responses(
        (status = 201, body = Entry),
        (status = 409, description = "`teacher_double_booked`, `room_double_booked`, `class_double_booked` (detail names the clash), `year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`weekday_not_in_week_mode`, `entry_dates`, `group_mismatch` (`group_id` is not the assignment's group)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/timetable")]
pub async fn create_entry(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<EntryInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageTimetable)?;
    let input = body.0;
    let st = state.clone();
    let entry = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let a = sdb::assignment(conn, school, &input.assignment_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            let class = sdb::class(conn, school, &a.class_id)?.ok_or_else(ApiError::not_found)?;
            let year = sdb::year(conn, school, &a.year_id)?.ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            if let Some(r) = input.room_id {
                sdb::room(conn, school, &r.to_string())?.ok_or_else(ApiError::not_found)?;
            }
            if input
                .group_id
                .is_some_and(|g| a.group_id != Some(g.to_string()))
            {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::GroupMismatch,
                    "group_id must be the group of the assignment",
                ));
            }
            let today = session.today();
            let row = EntryRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                assignment_id: a.id.clone(),
                class_id: a.class_id.clone(),
                teacher_id: a.teacher_id.clone(),
                room_id: input.room_id.map(|r| r.to_string()),
                weekday: i32::from(input.weekday),
                lesson_number: i32::from(input.lesson_number),
                valid_from: input
                    .valid_from
                    .unwrap_or_else(|| year.year.starts_on.max(today.min(year.year.ends_on))),
                valid_to: input.valid_to.unwrap_or(year.year.ends_on),
                created_at: now(),
                group_id: a.group_id.clone(),
            };
            let week = WeekMode::from_days(class.week_days.clamp(0, 7) as u8)
                .unwrap_or(WeekMode::FiveDays);
            let candidate = tdb::domain_entries(conn, school, std::slice::from_ref(&row))?
                .pop()
                .ok_or_else(|| ApiError::internal("entry view"))?;
            check_entry(&candidate, week).map_err(|p| {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, p.into(), p.to_string())
            })?;
            let existing_rows = tdb::entries_at(
                conn,
                school,
                row.weekday,
                row.lesson_number,
                candidate.valid,
            )?;
            let existing = tdb::domain_entries(conn, school, &existing_rows)?;
            if let Some(clash) = first_clash(&candidate, &existing) {
                let other = existing_rows
                    .iter()
                    .find(|r| r.id == clash.with.id)
                    .ok_or_else(|| ApiError::internal("clash row"))?;
                let mut lookup = Lookup::new(school);
                let view = lookup.entry_view(conn, other)?;
                let who = match clash.kind {
                    journal_domain::timetable::ClashKind::Teacher => {
                        format!("the teacher {} already teaches", view.teacher_name)
                    }
                    journal_domain::timetable::ClashKind::Room => format!(
                        "the room {} is already taken by",
                        view.room_name.clone().unwrap_or_default()
                    ),
                    journal_domain::timetable::ClashKind::Class => match &candidate.group {
                        Some(g) => format!("the students of «{}» already have", g.name),
                        None => format!("the class {} already has", class.name()),
                    },
                };
                let whom = match &view.group_name {
                    Some(g) => format!("«{g}» ({})", view.class_name),
                    None => view.class_name.clone(),
                };
                return Err(ApiError::conflict(
                    (&clash.kind).into(),
                    format!(
                        "{who} {} {} ({}) on {}, lesson {}, valid {}–{}",
                        whom,
                        view.subject_name,
                        view.teacher_name,
                        WEEKDAYS[usize::from(view.weekday.min(6))],
                        view.lesson_number,
                        view.valid_from,
                        view.valid_to
                    ),
                )
                .with_clash(Clash {
                    class_name: view.class_name.clone(),
                    group_name: view.group_name.clone(),
                    subject_name: view.subject_name.clone(),
                    teacher_name: view.teacher_name.clone(),
                    room_name: view.room_name.clone(),
                    weekday: Some(view.weekday),
                    date: None,
                    lesson_number: view.lesson_number,
                }));
            }
            tdb::insert_entry(conn, &row)?;
            let mut lookup = Lookup::new(school);
            let view = lookup.entry_view(conn, &row)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageTimetable,
                ("timetable.create", "timetable_entry", row.id.clone()),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(entry))
}

/// The weekly timetable of a class (with the lessons of its subgroups, streams and individual
/// plans), of a teacher or of a group, valid on a date (default today). `group_id` with
/// `class_id` narrows the class's timetable to that group.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(TimetableFilter),
    responses((status = 200, body = Vec<Entry>), (status = 400, description = "`class_or_teacher`", body = Problem, content_type = "application/problem+json")))]
#[get("/timetable")]
pub async fn list_entries(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<TimetableFilter>,
) -> Result<HttpResponse, ApiError> {
    let today = auth.0.today();
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let f = query.0;
    if f.class_id.is_some() && f.teacher_id.is_some()
        || f.class_id.is_none() && f.teacher_id.is_none() && f.group_id.is_none()
    {
        return Err(ApiError::bad_request(
            ErrorCode::ClassOrTeacher,
            "give exactly one of class_id and teacher_id, or group_id",
        ));
    }
    let date = f.date.unwrap_or(today);
    let list = state
        .read(move |conn| {
            let group = f.group_id.map(|g| g.to_string());
            let mut class = f.class_id.map(|c| c.to_string());
            if let (Some(g), None, None) = (&group, &class, f.teacher_id) {
                // A group's lessons are among those of its (first) class.
                class =
                    gdb::group(conn, caller.school_id, g)?.and_then(|g| g.first_class().cloned());
                if class.is_none() {
                    return Ok(Vec::new());
                }
            }
            let mut rows = tdb::entries_in(
                conn,
                caller.school_id,
                class.as_deref(),
                f.teacher_id.map(|t| t.to_string()).as_deref(),
                Span::new(date, date),
            )?;
            if let Some(g) = &group {
                rows.retain(|r| r.group_id.as_ref() == Some(g));
            }
            let mut lookup = Lookup::of_entries(conn, caller.school_id, &rows)?;
            rows.iter()
                .map(|r| lookup.entry_view(conn, r))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// End a weekly lesson on a day (the timetable changes mid-year); lessons already held keep it.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = EndEntryRequest,
    responses((status = 200, body = Entry), (status = 422, description = "`entry_dates`", body = Problem, content_type = "application/problem+json")))]
#[post("/timetable/{id}/end")]
pub async fn end_entry(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<EndEntryRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageTimetable)?;
    let id = path.into_inner().to_string();
    let last_day = body.0.last_day;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let row = tdb::entry(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            if last_day < row.valid_from || last_day > row.valid_to {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::EntryDates,
                    "the last day must lie within the entry's validity",
                ));
            }
            tdb::end_entry(conn, &id, last_day)?;
            let mut lookup = Lookup::new(school);
            let before = lookup.entry_view(conn, &row)?;
            let after = lookup.entry_view(
                conn,
                &EntryRow {
                    valid_to: last_day,
                    ..row
                },
            )?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageTimetable,
                ("timetable.end", "timetable_entry", id),
                Some(json!(before)),
                Some(json!(after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
