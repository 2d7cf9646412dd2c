//! Changes to single lessons (substitution, cancellation, move), withdrawn, and their report.

use super::unprocessable;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::lessons::{
    ensure_lesson_open, lessons, locate, Located, Lookup, Scope, Shown, Wanted,
};
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::NaiveDate;
use journal_api_types::timetable::{
    BusyTeacher, ChangeInput, Lesson, ReportSpan, SubstitutionLine,
};
use journal_api_types::ErrorCode;
use journal_api_types::{Clash, Problem};
use journal_db::structure as sdb;
use journal_db::timetable::{self as tdb, ChangeRow, EntryRow};
use journal_db::{now, users, DbConnection};
use journal_domain::calendar::{Span, WeekMode};
use journal_domain::timetable::first_clash;
use journal_domain::{Action, Role, SchoolId, UserId};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

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
    Err(
        ApiError::conflict((&clash.kind).into(), detail).with_clash(Clash {
            class_name: l.class_name.clone(),
            group_name: l.group_name.clone(),
            subject_name: l.subject_name.clone(),
            teacher_name: l
                .change
                .as_ref()
                .and_then(|c| c.substitute_name.clone())
                .unwrap_or_else(|| l.teacher_name.clone()),
            room_name: l.room_name.clone(),
            weekday: None,
            date: Some(l.date),
            lesson_number: l.lesson_number,
        }),
    )
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

/// Who is busy at a dated lesson's time (R-T2): the teacher in charge of every other lesson held
/// in that slot that day, with what they teach — the substitute picker shows who is free. Deputy
/// and director, as for changes.
#[utoipa::path(tag = "timetable", security(("bearer" = [])), params(("entry_id" = Uuid, Path), ("date" = NaiveDate, Path)),
    responses(
        (status = 200, body = Vec<BusyTeacher>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lesson on that date", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/lessons/{entry_id}/{date}/busy")]
pub async fn busy_teachers(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageTimetable)?;
    let (entry, date) = path.into_inner();
    let busy = state
        .read(move |conn| {
            let school = session.caller.school_id;
            let (located, mut lookup) = locate(conn, school, entry, date)?;
            let number = located.entry.lesson_number.clamp(0, 255) as u8;
            let held = held_in_slot(conn, &mut lookup, date, number)?;
            Ok(held
                .into_iter()
                .filter(|l| (l.entry_id, l.scheduled_date) != (entry, located.date))
                .map(|l| BusyTeacher {
                    teacher_id: l.teacher_in_charge(),
                    class_name: l.class_name,
                    group_name: l.group_name,
                    subject_name: l.subject_name,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(busy))
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
