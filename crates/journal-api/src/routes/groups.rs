//! Groups (R-B3): subgroups of a class, streams across classes and individual-plan students, with
//! dated members; the curriculum and the deputy's check of assigned hours against it (R-B4).
//!
//! Groups are set up by those who manage the structure (admin, deputy, director); their member
//! lists also by the class teacher of a subgroup's class (R-A5), checked on the object. Every id
//! is looked up in the caller's school only, so another school's group, class or student is "not
//! found" and nothing is written (R-A11). Every write is audited in its transaction (R-P4).

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::clean;
use crate::input::{Valid, ValidQuery};
use crate::services::ensure_open;
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use chrono::NaiveDate;
use journal_api_types::groups::{
    AddMemberRequest, CurriculumCheckLine, CurriculumInput, CurriculumLine, CurriculumQuery, Group,
    GroupClass, GroupFilter, GroupInput, GroupMember, GroupPatch, HoursStatus, LeaveGroupRequest,
    MembersQuery,
};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::curriculum::{self as cdb, CurriculumLine as LineRow};
use journal_db::groups::{self as gdb, GroupRow, MemberRow};
use journal_db::people as pdb;
use journal_db::structure as sdb;
use journal_db::{now, DbConnection};
use journal_domain::collate::ru_key;
use journal_domain::groups::{
    check_classes, check_join, check_leave, clean_division, GroupKind, GroupView, MembershipProblem,
};
use journal_domain::{Action, ClassId, ObjectScope, SchoolId, StudentId};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

fn unprocessable(code: ErrorCode, detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail)
}

fn membership_problem(p: MembershipProblem) -> ApiError {
    unprocessable((&p).into(), p.to_string())
}

/// A group of the caller's school, or 404 (R-A11).
fn group_in(conn: &mut DbConnection, school: SchoolId, id: Uuid) -> Result<gdb::Group, ApiError> {
    gdb::group(conn, school, &id.to_string())?.ok_or_else(ApiError::not_found)
}

/// The group's year must be open (an archived year is read-only, R-B7).
fn ensure_group_open(
    conn: &mut DbConnection,
    school: SchoolId,
    g: &gdb::Group,
) -> Result<(), ApiError> {
    let year = sdb::year(conn, school, &g.row.year_id)?.ok_or_else(ApiError::not_found)?;
    ensure_open(&year.year)
}

/// Views of groups, with their class names and today's member counts, loaded once.
fn group_views(
    conn: &mut DbConnection,
    school: SchoolId,
    day: NaiveDate,
    groups: &[gdb::Group],
) -> Result<Vec<Group>, ApiError> {
    let names: HashMap<String, String> = sdb::classes(conn, school, None)?
        .into_iter()
        .map(|c| (c.id.clone(), c.name()))
        .collect();
    let ids: Vec<&str> = groups.iter().map(|g| g.row.id.as_str()).collect();
    let counts = gdb::member_counts(conn, school, &ids, day)?;
    groups
        .iter()
        .map(|g| {
            let count = counts.get(&g.row.id).copied().unwrap_or(0);
            Ok(Group {
                id: uuid_of(&g.row.id)?,
                year_id: uuid_of(&g.row.year_id)?,
                name: g.row.name.clone(),
                kind: g.row.kind(),
                division: g.row.division.clone(),
                classes: g
                    .classes
                    .iter()
                    .map(|c| {
                        Ok(GroupClass {
                            id: uuid_of(c)?,
                            name: names.get(c).cloned().unwrap_or_default(),
                        })
                    })
                    .collect::<Result<Vec<_>, ApiError>>()?,
                member_count: u32::try_from(count).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

fn group_view(
    conn: &mut DbConnection,
    school: SchoolId,
    day: NaiveDate,
    g: &gdb::Group,
) -> Result<Group, ApiError> {
    group_views(conn, school, day, std::slice::from_ref(g))?
        .pop()
        .ok_or_else(|| ApiError::internal("group view"))
}

/// Groups of the school, of a year or drawing from a class: by their first class, then in Russian
/// order of their names.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(GroupFilter),
    responses((status = 200, body = Vec<Group>), (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/groups")]
pub async fn list_groups(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<GroupFilter>,
) -> Result<HttpResponse, ApiError> {
    let day = auth.0.today();
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let f = query.0;
    let list = state
        .read(move |conn| {
            let groups = gdb::groups(
                conn,
                caller.school_id,
                f.year_id.map(|y| y.to_string()).as_deref(),
                f.class_id.map(|c| c.to_string()).as_deref(),
            )?;
            group_views(conn, caller.school_id, day, &groups)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Create a group (R-B3): a subgroup of one class, a stream of two or more classes of the year, or
/// an individual plan of one student (a group of one class; name it «ИУП: Фамилия И.»). Groups of
/// one `division` are parallel: a student is in at most one of them at a time, and their lessons
/// may run at the same time.
#[utoipa::path(tag = "groups", security(("bearer" = [])), request_body = GroupInput,
    responses(
        (status = 201, body = Group),
        (status = 404, description = "the year or a class is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`group_exists`, `year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`group_classes` (a subgroup or individual plan has one class, a stream two or more), `group_class_year`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/groups")]
pub async fn create_group(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<GroupInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let st = state.clone();
    let created = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let year = sdb::year(conn, school, &input.year_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            let mut classes = Vec::new();
            for id in &input.class_ids {
                classes.push(
                    sdb::class(conn, school, &id.to_string())?.ok_or_else(ApiError::not_found)?,
                );
            }
            let checked: Vec<(ClassId, Option<&str>)> = classes
                .iter()
                .map(|c| Ok((ClassId(uuid_of(&c.id)?), c.year_id.as_deref())))
                .collect::<Result<_, ApiError>>()?;
            check_classes(input.kind, &checked, &year.year.id)
                .map_err(|p| unprocessable(p.into(), p.to_string()))?;
            let name = clean(&input.name);
            if gdb::groups(conn, school, Some(&year.year.id), None)?
                .iter()
                .any(|g| g.row.name == name)
            {
                return Err(ApiError::conflict(
                    ErrorCode::GroupExists,
                    format!("the group «{name}» exists in {}", year.year.name),
                ));
            }
            let row = GroupRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                year_id: year.year.id.clone(),
                name,
                kind: input.kind.as_str().to_owned(),
                division: clean_division(input.division.as_deref()),
                created_at: now(),
            };
            let class_ids: Vec<String> = classes.iter().map(|c| c.id.clone()).collect();
            gdb::insert_group(conn, &row, &class_ids)?;
            let g = gdb::group(conn, school, &row.id)?.ok_or_else(ApiError::not_found)?;
            let view = group_view(conn, school, session.today(), &g)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("group.create", "group", &row.id),
                None,
                Some(json!(view)),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// A group.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Group), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/groups/{id}")]
pub async fn get_group(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let day = auth.0.today();
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let id = path.into_inner();
    let view = state
        .read(move |conn| {
            let g = group_in(conn, caller.school_id, id)?;
            group_view(conn, caller.school_id, day, &g)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Rename a group or change its division (an empty division clears it). Its kind and classes
/// stay: make another group for another split.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = GroupPatch,
    responses(
        (status = 200, body = Group),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`group_exists`, `year_archived`, `division_taken` (members would be in two groups of the division at once)", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/groups/{id}")]
pub async fn update_group(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<GroupPatch>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let id = path.into_inner();
    let patch = body.0;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let g = group_in(conn, school, id)?;
            ensure_group_open(conn, school, &g)?;
            let before = group_view(conn, school, session.today(), &g)?;
            let name = patch
                .name
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| g.row.name.clone());
            let division = match &patch.division {
                Some(d) => clean_division(Some(d)),
                None => g.row.division.clone(),
            };
            if name != g.row.name
                && gdb::groups(conn, school, Some(&g.row.year_id), None)?
                    .iter()
                    .any(|other| other.row.name == name)
            {
                return Err(ApiError::conflict(
                    ErrorCode::GroupExists,
                    format!("the group «{name}» exists"),
                ));
            }
            if division.is_some() && division != g.row.division {
                // Joining a division must not put a member into two of its groups at once.
                for m in gdb::members(conn, school, &g.row.id, None)? {
                    let clash = gdb::memberships_of(conn, school, &m.student_id, &g.row.year_id)?
                        .into_iter()
                        .find(|(_, other)| {
                            other.group_id != g.row.id
                                && other.division == division
                                && other.tenure.overlaps(m.tenure())
                        });
                    if let Some((_, other)) = clash {
                        return Err(ApiError::conflict(
                            ErrorCode::DivisionTaken,
                            format!(
                                "a member is also in «{}» of that division at the same time",
                                other.group_name
                            ),
                        ));
                    }
                }
            }
            gdb::update_group(conn, &g.row.id, &name, division.as_deref())?;
            let g = group_in(conn, school, id)?;
            let after = group_view(conn, school, session.today(), &g)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                ("group.update", "group", &g.row.id),
                Some(json!(before)),
                Some(json!(after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Delete a group with its member lists. A group with teaching assignments (and so maybe
/// lessons) is refused: remove those first.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`group_has_assignments`, `year_archived`", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/groups/{id}")]
pub async fn delete_group(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let id = path.into_inner();
    let st = state.clone();
    state
        .write(move |conn| {
            let school = session.caller.school_id;
            let g = group_in(conn, school, id)?;
            ensure_group_open(conn, school, &g)?;
            let (assignments, entries) = gdb::uses_of(conn, &g.row.id)?;
            if assignments > 0 || entries > 0 {
                return Err(ApiError::conflict(
                    ErrorCode::GroupHasAssignments,
                    format!(
                        "«{}» has {assignments} teaching assignment(s) and {entries} timetable lesson(s); remove them first",
                        g.row.name
                    ),
                ));
            }
            let before = group_view(conn, school, session.today(), &g)?;
            let members = gdb::members(conn, school, &g.row.id, None)?.len();
            gdb::delete_group(conn, &g.row.id)?;
            record_audit(conn, &st.audit_key, &session, Action::ManageStructure, ("group.delete", "group", &g.row.id), Some(json!({ "group": before, "memberships": members })), None)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Member views, in Russian order of the students' names.
fn member_views(
    conn: &mut DbConnection,
    school: SchoolId,
    rows: &[MemberRow],
) -> Result<Vec<GroupMember>, ApiError> {
    let classes = pdb::classes_of(conn, school)?;
    let ids: Vec<String> = rows.iter().map(|m| m.student_id.clone()).collect();
    let students = pdb::find_students(conn, school, &ids)?;
    let mut out = Vec::new();
    for m in rows {
        // A student may stand in the group twice (left and came back): each stay is a row.
        let Some(s) = students.get(&m.student_id).cloned() else {
            continue;
        };
        out.push(GroupMember {
            student_id: uuid_of(&s.id)?,
            class_name: s
                .class_id
                .as_ref()
                .and_then(|c| classes.iter().find(|k| &k.id == c))
                .map(|c| c.name()),
            last_name: s.last_name,
            first_name: s.first_name,
            middle_name: s.middle_name,
            from_date: m.from_date,
            to_date: m.to_date,
        });
    }
    out.sort_by_cached_key(|m| {
        (
            ru_key(&m.last_name),
            ru_key(&m.first_name),
            m.middle_name.as_deref().map(ru_key),
            m.from_date,
        )
    });
    Ok(out)
}

/// The members of a group on a date (default today), or every membership with `all=true`.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("id" = Uuid, Path), MembersQuery),
    responses((status = 200, body = Vec<GroupMember>), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/groups/{id}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<MembersQuery>,
) -> Result<HttpResponse, ApiError> {
    let day = auth.0.today();
    let caller = auth.0.caller;
    caller.authorize(Action::ViewPeople)?;
    let id = path.into_inner();
    let q = query.0;
    let on = if q.all == Some(true) {
        None
    } else {
        Some(q.on.unwrap_or(day))
    };
    let list = state
        .read(move |conn| {
            let g = group_in(conn, caller.school_id, id)?;
            let rows = gdb::members(conn, caller.school_id, &g.row.id, on)?;
            member_views(conn, caller.school_id, &rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Who may keep a group's list: the structure roles, and for a subgroup the class teacher of its
/// class (R-A5).
fn members_scope(
    conn: &mut DbConnection,
    school: SchoolId,
    g: &gdb::Group,
) -> Result<ObjectScope, ApiError> {
    let mut class_teachers = Vec::new();
    if g.row.kind() == GroupKind::Subgroup {
        for c in &g.classes {
            class_teachers.extend(pdb::class_teacher(conn, school, c)?);
        }
    }
    Ok(ObjectScope {
        school,
        class_teachers,
    })
}

/// Add a student to a group from a date (R-B3). The student must be in one of the group's
/// classes, not already in another group of the same division then, and an individual-plan group
/// has one student at a time. The class teacher of a subgroup's class may do it too (R-A5).
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = AddMemberRequest,
    responses(
        (status = 201, body = GroupMember),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "the group or the student is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`membership_dates`, `student_not_in_group_class`, `already_member`, `division_taken` (names the other group), `individual_group_taken`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/groups/{id}/members")]
pub async fn add_member(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<AddMemberRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageGroupMembers)?;
    let id = path.into_inner();
    let req = body.0;
    let st = state.clone();
    let member = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let g = group_in(conn, school, id)?;
            session.caller.authorize_on(
                Action::ManageGroupMembers,
                &members_scope(conn, school, &g)?,
            )?;
            ensure_group_open(conn, school, &g)?;
            let student = pdb::find_student(conn, school, StudentId(req.student_id))?
                .ok_or_else(ApiError::not_found)?;
            let classes: Vec<ClassId> = g
                .classes
                .iter()
                .map(|c| Ok(ClassId(uuid_of(c)?)))
                .collect::<Result<_, ApiError>>()?;
            let view = GroupView {
                id: &g.row.id,
                kind: g.row.kind(),
                division: g.row.division.as_deref(),
                classes: &classes,
            };
            let student_class = student
                .class_id
                .as_deref()
                .map(uuid_of)
                .transpose()?
                .map(ClassId);
            let tenure = journal_domain::groups::Tenure::new(req.from_date, req.to_date);
            let theirs: Vec<_> = gdb::memberships_of(conn, school, &student.id, &g.row.year_id)?
                .into_iter()
                .map(|(_, m)| m)
                .collect();
            let others: Vec<_> = gdb::members(conn, school, &g.row.id, None)?
                .iter()
                .filter(|m| m.student_id != student.id)
                .map(MemberRow::tenure)
                .collect();
            check_join(&view, student_class, tenure, &theirs, &others)
                .map_err(membership_problem)?;
            let row = MemberRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                group_id: g.row.id.clone(),
                student_id: student.id.clone(),
                from_date: req.from_date,
                to_date: req.to_date,
            };
            gdb::insert_members(conn, std::slice::from_ref(&row))?;
            let out = member_views(conn, school, std::slice::from_ref(&row))?
                .pop()
                .ok_or_else(|| ApiError::internal("member view"))?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageGroupMembers,
                ("group.member_add", "group", &g.row.id),
                None,
                Some(json!({ "group": g.row.name, "member": out })),
            )?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Created().json(member))
}

/// A student leaves a group: their membership holding on `last_day` ends that day.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("id" = Uuid, Path), ("student_id" = Uuid, Path)), request_body = LeaveGroupRequest,
    responses(
        (status = 200, body = GroupMember),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_a_member` on that day, or the group is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/groups/{id}/members/{student_id}/leave")]
pub async fn leave_group(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, Uuid)>,
    body: Valid<LeaveGroupRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageGroupMembers)?;
    let (id, student) = path.into_inner();
    let last_day = body.0.last_day;
    let st = state.clone();
    let member = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let g = group_in(conn, school, id)?;
            session.caller.authorize_on(
                Action::ManageGroupMembers,
                &members_scope(conn, school, &g)?,
            )?;
            ensure_group_open(conn, school, &g)?;
            let current = gdb::members(conn, school, &g.row.id, None)?
                .into_iter()
                .find(|m| m.student_id == student.to_string() && m.tenure().contains(last_day))
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::NOT_FOUND,
                        ErrorCode::NotAMember,
                        "the student is not a member of this group on that day",
                    )
                })?;
            let ended = check_leave(current.tenure(), last_day).map_err(membership_problem)?;
            let before = member_views(conn, school, std::slice::from_ref(&current))?;
            gdb::end_member(conn, &current.id, last_day)?;
            let after_row = MemberRow {
                to_date: ended.to,
                ..current
            };
            let out = member_views(conn, school, std::slice::from_ref(&after_row))?
                .pop()
                .ok_or_else(|| ApiError::internal("member view"))?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageGroupMembers,
                ("group.member_leave", "group", &g.row.id),
                Some(json!({ "group": g.row.name, "member": before })),
                Some(json!({ "group": g.row.name, "member": out })),
            )?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(member))
}

fn line_views(
    conn: &mut DbConnection,
    school: SchoolId,
    rows: &[LineRow],
) -> Result<Vec<CurriculumLine>, ApiError> {
    let subjects: HashMap<String, String> = sdb::subjects(conn, school)?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut out = rows
        .iter()
        .map(|l| {
            Ok(CurriculumLine {
                grade: l.grade.clamp(0, 255) as u8,
                profile: l.profile.clone(),
                subject_id: uuid_of(&l.subject_id)?,
                subject_name: subjects.get(&l.subject_id).cloned().unwrap_or_default(),
                hours_per_week: l.hours_per_week.clamp(0, 255) as u8,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    out.sort_by_cached_key(|l| (l.grade, ru_key(&l.profile), ru_key(&l.subject_name)));
    Ok(out)
}

/// The curriculum of a year: hours per week of each subject per grade and profile (R-B4).
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(CurriculumQuery),
    responses((status = 200, body = Vec<CurriculumLine>), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/curriculum")]
pub async fn get_curriculum(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<CurriculumQuery>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let year = query.0.year_id.to_string();
    let list = state
        .read(move |conn| {
            let school = caller.school_id;
            sdb::year(conn, school, &year)?.ok_or_else(ApiError::not_found)?;
            let rows = cdb::lines(conn, school, &year)?;
            line_views(conn, school, &rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Replace the curriculum of one year, grade and profile as a whole (lines with 0 hours are
/// left out). Answers the new lines of that grade and profile.
#[utoipa::path(tag = "groups", security(("bearer" = [])), request_body = CurriculumInput,
    responses(
        (status = 200, body = Vec<CurriculumLine>),
        (status = 404, description = "the year or a subject is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`year_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`duplicate_subject`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/curriculum")]
pub async fn replace_curriculum(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<CurriculumInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ManageStructure)?;
    let input = body.0;
    let mut subjects: Vec<Uuid> = input.lines.iter().map(|l| l.subject_id).collect();
    subjects.sort();
    subjects.dedup();
    if subjects.len() != input.lines.len() {
        return Err(unprocessable(
            ErrorCode::DuplicateSubject,
            "each subject appears once in a grade's curriculum",
        ));
    }
    let st = state.clone();
    let lines = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let year = sdb::year(conn, school, &input.year_id.to_string())?
                .ok_or_else(ApiError::not_found)?;
            ensure_open(&year.year)?;
            let subjects = sdb::subjects(conn, school)?;
            if input
                .lines
                .iter()
                .any(|l| !subjects.iter().any(|s| s.id == l.subject_id.to_string()))
            {
                return Err(ApiError::not_found());
            }
            let profile = clean(&input.profile);
            let rows: Vec<LineRow> = input
                .lines
                .iter()
                .filter(|l| l.hours_per_week > 0)
                .map(|l| LineRow {
                    id: Uuid::new_v4().to_string(),
                    school_id: school.to_string(),
                    year_id: year.year.id.clone(),
                    grade: i32::from(input.grade),
                    profile: profile.clone(),
                    subject_id: l.subject_id.to_string(),
                    hours_per_week: i32::from(l.hours_per_week),
                })
                .collect();
            let before = cdb::replace_lines(
                conn,
                school,
                &year.year.id,
                i32::from(input.grade),
                &profile,
                &rows,
            )?;
            let before = line_views(conn, school, &before)?;
            let after = line_views(conn, school, &rows)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                Action::ManageStructure,
                (
                    "curriculum.replace",
                    "curriculum",
                    &format!("{}/{}/{}", year.year.id, input.grade, profile),
                ),
                Some(json!(before)),
                Some(json!(after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(lines))
}

/// The deputy's workload check (R-B4): for every class of the year and every subject of its
/// grade's general curriculum or of its assignments, the curriculum's hours against the hours
/// assigned — what a student of the class gets (whole-class assignments plus the largest of its
/// subgroups' and streams') and what teachers are paid for (every assignment of the class and of
/// its groups, individual plans included).
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(CurriculumQuery),
    responses((status = 200, body = Vec<CurriculumCheckLine>), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/curriculum/check")]
pub async fn check_curriculum(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<CurriculumQuery>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewStructure)?;
    let year = query.0.year_id.to_string();
    let list = state
        .read(move |conn| {
            let school = caller.school_id;
            sdb::year(conn, school, &year)?.ok_or_else(ApiError::not_found)?;
            let lines = cdb::lines(conn, school, &year)?;
            let subjects: HashMap<String, String> = sdb::subjects(conn, school)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
            let groups: HashMap<String, gdb::Group> = gdb::groups(conn, school, Some(&year), None)?
                .into_iter()
                .map(|g| (g.row.id.clone(), g))
                .collect();
            let assignments: Vec<sdb::Assignment> = sdb::assignments(conn, school, None, None)?
                .into_iter()
                .filter(|a| a.year_id == year)
                .collect();
            let mut out = Vec::new();
            for class in sdb::classes(conn, school, Some(&year))? {
                // subject → (whole-class hours, hours per group, all groups' hours)
                let mut hours: HashMap<String, (i32, HashMap<String, i32>, i32)> = HashMap::new();
                for l in lines
                    .iter()
                    .filter(|l| l.grade == class.grade && l.profile.is_empty())
                {
                    hours.entry(l.subject_id.clone()).or_default();
                }
                for a in &assignments {
                    match a.group_id.as_ref().and_then(|g| groups.get(g)) {
                        None if a.class_id == class.id && a.group_id.is_none() => {
                            hours.entry(a.subject_id.clone()).or_default().0 += a.hours_per_week;
                        }
                        Some(g) if g.classes.contains(&class.id) => {
                            let h = hours.entry(a.subject_id.clone()).or_default();
                            h.2 += a.hours_per_week;
                            if g.row.kind() != GroupKind::Individual {
                                *h.1.entry(g.row.id.clone()).or_default() += a.hours_per_week;
                            }
                        }
                        _ => {}
                    }
                }
                for (subject, (whole, per_group, all_groups)) in hours {
                    let planned = lines.iter().find(|l| {
                        l.grade == class.grade && l.profile.is_empty() && l.subject_id == subject
                    });
                    let curriculum = planned.map_or(0, |l| l.hours_per_week);
                    let assigned = whole + per_group.values().copied().max().unwrap_or(0);
                    let status = match planned {
                        None => HoursStatus::NotInCurriculum,
                        Some(_) if assigned == curriculum => HoursStatus::Ok,
                        Some(_) if assigned < curriculum => HoursStatus::Under,
                        Some(_) => HoursStatus::Over,
                    };
                    let small = |n: i32| n.clamp(0, 255) as u8;
                    out.push(CurriculumCheckLine {
                        class_id: uuid_of(&class.id)?,
                        class_name: class.name(),
                        subject_id: uuid_of(&subject)?,
                        subject_name: subjects.get(&subject).cloned().unwrap_or_default(),
                        curriculum_hours: small(curriculum),
                        assigned_hours: small(assigned),
                        teacher_hours: small(whole + all_groups),
                        status,
                    });
                }
            }
            let order: HashMap<Uuid, usize> = sdb::classes(conn, school, Some(&year))?
                .iter()
                .enumerate()
                .filter_map(|(i, c)| Some((uuid_of(&c.id).ok()?, i)))
                .collect();
            out.sort_by_cached_key(|l| {
                (
                    order.get(&l.class_id).copied().unwrap_or(usize::MAX),
                    ru_key(&l.subject_name),
                )
            });
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
