//! The weekly timetable, dated lessons, changes to single lessons and the substitution report
//! (R-T1, R-T2, R-R8). The deputy and director form the timetable; a lesson is written by its
//! teacher, or by the substitute when it is covered.

use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::lessons::{
    access_to, ensure_lesson_open, lessons, locate, relation, Located, Lookup, Scope, Shown, Wanted,
};
use crate::services::page;
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use journal_api_types::journal::CellChange;
use journal_api_types::timetable::{
    ChangeInput, EndEntryRequest, Entry, EntryInput, Lesson, LessonFilter, LessonRecordInput,
    ReportSpan, SubstitutionLine, TimetableFilter,
};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::groups as gdb;
use journal_db::journal as jdb;
use journal_db::structure as sdb;
use journal_db::timetable::{self as tdb, ChangeRow, EntryRow};
use journal_db::{audit, now, users, DbConnection};
use journal_domain::calendar::{Span, WeekMode};
use journal_domain::journal::Refusal;
use journal_domain::timetable::{check_entry, first_clash};
use journal_domain::{Action, Role, SchoolId, UserId};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Longest span of dated lessons one request may ask for.
const MAX_SPAN_DAYS: i64 = 62;

const WEEKDAYS: [&str; 7] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn span(from: NaiveDate, to: NaiveDate) -> Result<Span, ApiError> {
    crate::input::span(from, to, MAX_SPAN_DAYS)?;
    Ok(Span::new(from, to))
}

/// The lessons of the school that take place at `date`, lesson `number` (R-T1, R-T2): scheduled
/// there and neither cancelled nor moved away, or moved there.
fn held_in_slot(
    conn: &mut DbConnection,
    lookup: &mut Lookup,
    date: NaiveDate,
    number: u8,
) -> Result<Vec<Lesson>, ApiError> {
    let range = Span::new(date, date);
    let entries = tdb::entries_in(conn, lookup.school, None, None, range)?;
    Ok(
        lessons(conn, lookup, &entries, &[], range, Scope::Where(&|_| true))?
            .into_iter()
            .filter(|l| l.lesson_number == number && l.takes_place())
            .collect(),
    )
}

/// Refuse a lesson at a slot where its teacher, its students or its room already have a lesson
/// (409, the detail names the lesson in the way), by the timetable's clash rules: parallel groups
/// of one division may share a slot (R-T1, R-B3). `own` is the lesson placed there by `entry`
/// (scheduled at `own.1`), taught by `teacher` in `room`; the held lessons are left as they are.
fn refuse_slot_clash(
    conn: &mut DbConnection,
    school: SchoolId,
    held: &[Lesson],
    (entry, scheduled): (&EntryRow, NaiveDate),
    (teacher, who): (Uuid, &str),
    room: Option<Uuid>,
) -> Result<(), ApiError> {
    let others: Vec<&Lesson> = held
        .iter()
        .filter(|l| (l.entry_id.to_string(), l.scheduled_date) != (entry.id.clone(), scheduled))
        .collect();
    let ids: Vec<String> = others.iter().map(|l| l.entry_id.to_string()).collect();
    let mut rows = vec![entry.clone()];
    rows.extend(tdb::entries_by_ids(conn, school, &ids)?);
    let mut entries = tdb::domain_entries(conn, school, &rows)?;
    // Every lesson as it is held in the slot: its teacher in charge and its room that day.
    let slot = |e: &mut journal_domain::timetable::Entry, teacher: Uuid, room: Option<Uuid>| {
        e.teacher_id = UserId(teacher);
        e.room_id = room.map(|r| r.to_string());
        e.weekday = 0;
        e.lesson_number = 0;
        e.valid = Span::new(scheduled, scheduled);
    };
    let mut candidate = entries.remove(0);
    slot(&mut candidate, teacher, room);
    for (e, l) in entries.iter_mut().zip(&others) {
        slot(e, l.teacher_in_charge(), l.room_id);
    }
    let Some(clash) = first_clash(&candidate, &entries) else {
        return Ok(());
    };
    let Some(l) = entries
        .iter()
        .position(|e| e.id == clash.with.id)
        .map(|i| others[i])
    else {
        return Err(ApiError::internal("clash without a lesson"));
    };
    let describe = match &l.group_name {
        Some(g) => format!("«{g}» ({}, {})", l.class_name, l.subject_name),
        None => format!("{} ({})", l.class_name, l.subject_name),
    };
    let detail = match clash.kind {
        journal_domain::timetable::ClashKind::Teacher => {
            format!("{who} already teaches {describe} at that time")
        }
        journal_domain::timetable::ClashKind::Room => format!(
            "room {} is taken by {describe} at that time",
            l.room_name.clone().unwrap_or_default()
        ),
        journal_domain::timetable::ClashKind::Class => {
            format!("the students already have {describe} at that time")
        }
    };
    Err(ApiError::conflict((&clash.kind).into(), detail))
}

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
                ));
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

/// Dated lessons of a class, or of a teacher including the lessons they cover (R-T1, R-T2):
/// holidays and days outside the periods are skipped; substitutions, cancellations and moves are
/// shown on each lesson.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(LessonFilter),
    responses((status = 200, body = Vec<Lesson>), (status = 400, description = "`class_or_teacher`, `invalid_span`", body = Problem, content_type = "application/problem+json")))]
#[get("/lessons")]
pub async fn list_lessons(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<LessonFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let caller = session.caller.clone();
    caller.authorize(Action::ViewStructure)?;
    let f = query.0;
    if f.class_id.is_none() == f.teacher_id.is_none() {
        return Err(ApiError::bad_request(
            ErrorCode::ClassOrTeacher,
            "give exactly one of class_id and teacher_id",
        ));
    }
    let range = span(f.from, f.to)?;
    let list = state
        .read(move |conn| {
            let school = caller.school_id;
            let class = f.class_id.map(|c| c.to_string());
            let teacher = f.teacher_id.map(|t| t.to_string());
            let entries =
                tdb::entries_in(conn, school, class.as_deref(), teacher.as_deref(), range)?;
            let mut extra = Vec::new();
            if let Some(t) = &teacher {
                let covered = tdb::covered_by(conn, school, t, range)?;
                let ids: Vec<String> = covered.iter().map(|c| c.entry_id.clone()).collect();
                let rows = tdb::entries_among(conn, school, &ids)?;
                for c in covered {
                    if let Some(e) = rows.iter().find(|e| e.id == c.entry_id) {
                        extra.push((e.clone(), c.lesson_date));
                    }
                }
            }
            let mut lookup = Lookup::new(school);
            let in_scope = |e: &EntryRow| {
                class.as_deref() == Some(e.class_id.as_str())
                    || teacher.as_deref() == Some(e.teacher_id.as_str())
            };
            let mut list = lessons(
                conn,
                &mut lookup,
                &entries,
                &extra,
                range,
                Scope::Where(&in_scope),
            )?;
            hide_what_is_not_theirs(&session, &lookup, &mut list);
            Ok(list)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The timetable is open to staff, but what was written in a lesson (held or not, topic,
/// homework) only to those who may read that lesson (R-A4, R-A5, R-A11).
fn hide_what_is_not_theirs(session: &Session, lookup: &Lookup, lessons: &mut [Lesson]) {
    for l in lessons.iter_mut() {
        if !access_to(session, lookup, l).0 {
            l.conducted = false;
            l.topic = None;
            l.homework = None;
        }
    }
}

/// One dated lesson: its teacher, change and what was written. Readable by its teacher (also
/// when covered by someone else), the substitute, the class teacher, the deputy and director.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)),
    responses((status = 200, body = Lesson), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, description = "`no_such_lesson`", body = Problem, content_type = "application/problem+json")))]
#[get("/lessons/{entry_id}/{date}")]
pub async fn get_lesson(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (entry, date) = path.into_inner();
    let lesson = state
        .read(move |conn| {
            let (located, mut lookup) = locate(conn, session.caller.school_id, entry, date)?;
            let change = located.change.as_ref().and_then(ChangeRow::change);
            if !relation(&session, &located, change.as_ref()).may_read() {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "this lesson is not yours",
                ));
            }
            let record = tdb::record_of(conn, &located.entry.id, date)?;
            lookup.lesson_view(
                conn,
                &located.entry,
                located.date,
                located.change.as_ref(),
                record.as_ref(),
                Shown::Held,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(lesson))
}

/// Write what was done in a lesson: held or not, topic, homework (R-J1). Only the lesson's
/// teacher, or the substitute when the deputy registered one (and then only the substitute), and
/// the deputy and director (R-A4, R-T2). The lesson is written on its journal page, by the same
/// decision as the page's save (`journal_domain::journal`): a cancelled lesson takes nothing, a
/// closed period takes nothing, and new homework is due by the next lesson. What only the page
/// sets (plan topic, work types, a homework note, a due date for the same homework) stays.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)), request_body = LessonRecordInput,
    responses(
        (status = 200, body = Lesson),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_such_lesson`, `no_such_page` (the date is in no period of the class)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_page`: the lesson's journal page changed while it was written; try again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`lesson_cancelled`", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`period_locked`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/lessons/{entry_id}/{date}")]
pub async fn write_lesson(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
    body: Valid<LessonRecordInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let (entry, date) = path.into_inner();
    let input = body.0;
    let st = state.clone();
    let lesson = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let (located, mut lookup) = locate(conn, school, entry, date)?;
            let mut page = page::of_lesson(conn, school, &located.entry.assignment_id, date)?;
            let access = page::access(&session, &page)?;
            ensure_lesson_open(conn, school, &lookup, &located)?;
            let key = (page.assignment.id.clone(), page.period.id.clone());
            if !jdb::bump_version(conn, school, (&key.0, &key.1), page.version)? {
                return Err(page::stale());
            }
            let before = tdb::record_of(conn, &located.entry.id, date)?;
            let homework = input
                .homework
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty());
            let change = CellChange::Lesson {
                entry_id: entry,
                lesson_date: date,
                conducted: input.conducted,
                topic: input.topic,
                plan_topic_id: before
                    .as_ref()
                    .and_then(|b| b.plan_topic_id.as_deref())
                    .map(uuid_of)
                    .transpose()?,
                work_types: before
                    .as_ref()
                    .map(|b| page::split_codes(&b.work_types))
                    .unwrap_or_default(),
                // A due date set on the page stays while the homework is the same.
                homework_due: before
                    .as_ref()
                    .filter(|b| b.homework == homework)
                    .and_then(|b| b.homework_due),
                homework,
                homework_note: before.as_ref().and_then(|b| b.homework_note.clone()),
            };
            let events =
                page::save(conn, &session, &mut page, access, &[change])?.map_err(|r| match r {
                    page::Refused::Changes(list)
                        if list.iter().any(|(_, r)| *r == Refusal::Forbidden) =>
                    {
                        ApiError::forbidden(
                            ErrorCode::Forbidden,
                            "only the lesson's teacher (or its substitute) writes it",
                        )
                    }
                    page::Refused::Changes(list) => match list.first() {
                        Some((_, r)) => unprocessable((*r).into(), &r.to_string()),
                        None => ApiError::internal("an empty refusal"),
                    },
                    locked => page::refused_error(locked),
                })?;
            audit::record_many(conn, &st.audit_key, &events)?;
            let record = tdb::record_of(conn, &located.entry.id, date)?;
            lookup.lesson_view(
                conn,
                &located.entry,
                date,
                located.change.as_ref(),
                record.as_ref(),
                Shown::Held,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(lesson))
}

fn unprocessable(code: ErrorCode, detail: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail)
}

/// A move's target must be another slot, a teaching day of the class in an open year, a lesson
/// number of the class's bells, and free for the teacher, the class and the room (R-T1, R-T2).
fn check_move_target(
    conn: &mut DbConnection,
    lookup: &mut Lookup,
    located: &Located,
    to_date: NaiveDate,
    to_lesson: u8,
    room: Option<Uuid>,
) -> Result<(), ApiError> {
    let e = &located.entry;
    if (to_date, i32::from(to_lesson)) == (located.date, e.lesson_number) {
        return Err(unprocessable(
            ErrorCode::MoveToSameSlot,
            "a lesson cannot be moved to its own slot",
        ));
    }
    let class = lookup.class(&e.class_id)?.clone();
    let calendar = match class.year_id.as_deref() {
        Some(year) => lookup.calendar(conn, year)?,
        None => None,
    };
    let week = WeekMode::from_days(class.week_days.clamp(0, 7) as u8).unwrap_or(WeekMode::FiveDays);
    let teaching =
        calendar.is_some_and(|c| c.is_teaching_day(class.grade.clamp(0, 11) as u8, week, to_date));
    if !teaching {
        return Err(unprocessable(
            ErrorCode::MoveTargetNotTeachingDay,
            "the class has no lessons on that date (holiday, weekend or outside the year)",
        ));
    }
    let has_bell = |schedule: &String| {
        lookup
            .bells
            .contains_key(&(schedule.clone(), i32::from(to_lesson)))
    };
    if class
        .bell_schedule_id
        .as_ref()
        .is_some_and(|b| !has_bell(b))
    {
        return Err(unprocessable(
            ErrorCode::NoSuchLessonNumber,
            "the class's bell schedule has no lesson with that number",
        ));
    }
    let held = held_in_slot(conn, lookup, to_date, to_lesson)?;
    let room = room.or(e.room_id.as_deref().map(uuid_of).transpose()?);
    refuse_slot_clash(
        conn,
        lookup.school,
        &held,
        (e, located.date),
        (uuid_of(&e.teacher_id)?, "the teacher"),
        room,
    )
}

/// Register a substitution, cancellation or move of one dated lesson (R-T2); deputy and director
/// only. A substitute must be a teacher of the school and free at that time.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)), request_body = ChangeInput,
    responses(
        (status = 201, body = Lesson),
        (status = 409, description = "`lesson_already_changed`, `teacher_double_booked` (the substitute is busy)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`substitute_required`, `move_target_required`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/lessons/{entry_id}/{date}/change")]
pub async fn change_lesson(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
    body: Valid<ChangeInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageTimetable)?;
    let (entry, date) = path.into_inner();
    let input = body.0;
    let st = state.clone();
    let lesson = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let (located, mut lookup) = locate(conn, school, entry, date)?;
            ensure_lesson_open(conn, school, &lookup, &located)?;
            if located.change.is_some() {
                return Err(ApiError::conflict(
                    ErrorCode::LessonAlreadyChanged,
                    "this lesson already has a registered change",
                ));
            }
            let mut row = ChangeRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                entry_id: located.entry.id.clone(),
                lesson_date: date,
                kind: input.kind.clone(),
                substitute_id: None,
                subject_id: None,
                room_id: input.room_id.map(|r| r.to_string()),
                moved_to_date: None,
                moved_to_lesson: None,
                reason: input
                    .reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned),
                created_by: session.caller.user_id.to_string(),
                created_at: now(),
            };
            if let Some(r) = input.room_id {
                sdb::room(conn, school, &r.to_string())?.ok_or_else(ApiError::not_found)?;
            }
            match input.kind.as_str() {
                "substitution" => {
                    let sub = input.substitute_id.ok_or_else(|| {
                        unprocessable(
                            ErrorCode::SubstituteRequired,
                            "a substitution needs substitute_id",
                        )
                    })?;
                    if !users::roles_in(conn, UserId(sub), school)?.contains(&Role::Teacher) {
                        return Err(ApiError::not_found());
                    }
                    if sub.to_string() == located.entry.teacher_id {
                        return Err(unprocessable(
                            ErrorCode::SubstituteIsTeacher,
                            "the substitute must be another teacher",
                        ));
                    }
                    if let Some(s) = input.subject_id {
                        sdb::subject_name(conn, school, &s.to_string())?
                            .ok_or_else(ApiError::not_found)?;
                    }
                    let number = located.entry.lesson_number.clamp(0, 255) as u8;
                    let held = held_in_slot(conn, &mut lookup, date, number)?;
                    refuse_slot_clash(
                        conn,
                        school,
                        &held,
                        (&located.entry, date),
                        (sub, "the substitute"),
                        input.room_id.or(located
                            .entry
                            .room_id
                            .as_deref()
                            .map(uuid_of)
                            .transpose()?),
                    )?;
                    row.substitute_id = Some(sub.to_string());
                    row.subject_id = input.subject_id.map(|s| s.to_string());
                }
                "move" => {
                    let (to_date, to_lesson) =
                        input.to_date.zip(input.to_lesson).ok_or_else(|| {
                            unprocessable(
                                ErrorCode::MoveTargetRequired,
                                "a move needs to_date and to_lesson",
                            )
                        })?;
                    check_move_target(
                        conn,
                        &mut lookup,
                        &located,
                        to_date,
                        to_lesson,
                        input.room_id,
                    )?;
                    row.moved_to_date = Some(to_date);
                    row.moved_to_lesson = Some(i32::from(to_lesson));
                }
                _ => {}
            }
            tdb::insert_change(conn, &row)?;
            let view =
                lookup.lesson_view(conn, &located.entry, date, Some(&row), None, Shown::Held)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageTimetable,
                (
                    &format!("lesson.{}", row.kind),
                    "lesson",
                    format!("{}/{}", located.entry.id, date),
                ),
                None,
                Some(json!(view.change)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(lesson))
}

/// Withdraw the change registered for a lesson (a substitution registered by mistake, a
/// cancellation called off); deputy and director (R-A6, R-T2). What a substitute already wrote
/// stays in the lesson's record and in the audit log.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)),
    responses(
        (status = 204, description = "The change is withdrawn"),
        (status = 404, description = "`no_such_lesson`, `no_change`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/lessons/{entry_id}/{date}/change")]
pub async fn withdraw_change(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageTimetable)?;
    let (entry, date) = path.into_inner();
    let st = state.clone();
    state
        .write(move |conn| {
            let school = session.caller.school_id;
            let (located, mut lookup) = locate(conn, school, entry, date)?;
            ensure_lesson_open(conn, school, &lookup, &located)?;
            let change = located.change.clone().ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    ErrorCode::NoChange,
                    "this lesson has no registered change",
                )
            })?;
            let before =
                lookup.lesson_view(conn, &located.entry, date, Some(&change), None, Shown::Held)?;
            tdb::delete_change(conn, &change.id)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageTimetable,
                (
                    "lesson.change_withdrawn",
                    "lesson",
                    format!("{}/{}", located.entry.id, date),
                ),
                Some(json!(before.change)),
                None,
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Substituted, cancelled and moved lessons per teacher for a span (R-R8): what pays
/// substitution hours. Deputy and director.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(ReportSpan),
    responses((status = 200, body = Vec<SubstitutionLine>), (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/reports/substitutions")]
pub async fn substitution_report(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<ReportSpan>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ManageTimetable)?;
    let f = query.0;
    // A report spans at most a school year and a bit.
    crate::input::span(f.from, f.to, 400)?;
    let range = Span::new(f.from, f.to);
    let report = state
        .read(move |conn| {
            let school = caller.school_id;
            let changes: Vec<ChangeRow> = tdb::changes_in(conn, school, range)?
                .into_iter()
                .filter(|c| range.contains(c.lesson_date))
                .collect();
            let ids: Vec<String> = changes
                .iter()
                .map(|c| c.entry_id.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let entries: HashMap<String, EntryRow> = tdb::entries_among(conn, school, &ids)?
                .into_iter()
                .map(|e| (e.id.clone(), e))
                .collect();
            let mut lookup = Lookup::new(school);
            let mut wanted = Wanted::default();
            for e in entries.values() {
                wanted.entry(e);
            }
            for c in &changes {
                wanted.change(c);
            }
            lookup.load(conn, wanted)?;
            let mut lines: Vec<SubstitutionLine> = Vec::new();
            for c in &changes {
                let Some(e) = entries.get(&c.entry_id) else {
                    continue;
                };
                let lesson =
                    lookup.lesson_view(conn, e, c.lesson_date, Some(c), None, Shown::Held)?;
                let mut bump = |lines: &mut Vec<SubstitutionLine>,
                                lookup: &mut Lookup,
                                teacher: &str,
                                f: &dyn Fn(&mut SubstitutionLine)|
                 -> Result<(), ApiError> {
                    let id = uuid_of(teacher)?;
                    if !lines.iter().any(|l| l.teacher_id == id) {
                        let name = lookup.person(conn, teacher)?;
                        lines.push(SubstitutionLine {
                            teacher_id: id,
                            teacher_name: name,
                            covered: 0,
                            substituted: 0,
                            cancelled: 0,
                            moved: 0,
                            lessons: Vec::new(),
                        });
                    }
                    if let Some(l) = lines.iter_mut().find(|l| l.teacher_id == id) {
                        f(l);
                        l.lessons.push(lesson.clone());
                    }
                    Ok(())
                };
                match c.kind.as_str() {
                    "substitution" => {
                        bump(&mut lines, &mut lookup, &e.teacher_id, &|l| {
                            l.substituted += 1
                        })?;
                        if let Some(s) = &c.substitute_id {
                            bump(&mut lines, &mut lookup, s, &|l| l.covered += 1)?;
                        }
                    }
                    "cancellation" => bump(&mut lines, &mut lookup, &e.teacher_id, &|l| {
                        l.cancelled += 1
                    })?,
                    _ => bump(&mut lines, &mut lookup, &e.teacher_id, &|l| l.moved += 1)?,
                }
            }
            lines.sort_by_cached_key(|l| journal_domain::collate::ru_key(&l.teacher_name));
            Ok(lines)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
