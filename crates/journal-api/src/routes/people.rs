//! Students, guardians, their links and student movement (R-B5).
//!
//! Reading is for staff (R-A2, R-A3 keep families out); admission, transfer and withdrawal are the
//! office's (R-A8, R-A6, R-A7); personal data and guardian links may also be kept by the class
//! teacher of the student's class, checked on the object (R-A5, R-A11). Every id is looked up in
//! the caller's school only, so another school's student or guardian is "not found" and nothing is
//! written. Every write is audited in its own transaction (R-P4).

use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{clean, clean_opt};
use crate::input::{Valid, ValidQuery};
use crate::services::{record_audit, utc, uuid_of};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use journal_api_types::people::{
    AdmitStudentRequest, GuardianFilter, GuardianRequest, GuardianView, LinkGuardianRequest,
    LinkedGuardian, MovementView, StudentDetail, StudentFilter, StudentSummary, TransferRequest,
    UpdateStudentRequest, WithdrawRequest,
};
use journal_api_types::ErrorCode;
use journal_api_types::{Page, Problem};
use journal_db::audit::AuditKey;
use journal_db::people::{self as store, GuardianPerson, Movement, StudentPerson, StudentRecord};
use journal_db::roster::{Class, Guardian, GuardianLink};
use journal_db::{now, DbConnection};
use journal_domain::people::{self as rules, MovementKind, MovementRefused, Relation};
use journal_domain::{Action, ClassId, GuardianId, ObjectScope, SchoolId, StudentId};
use serde_json::json;
use uuid::Uuid;

/// A refused movement: 422 with the rule's code.
fn refused(e: MovementRefused) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, (&e).into(), e.to_string())
}

fn no_class() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such class in this school",
    )
}

fn opt_uuid(s: Option<&String>) -> Result<Option<Uuid>, ApiError> {
    s.map(|s| uuid_of(s)).transpose()
}

fn class_name(classes: &[Class], id: Option<&String>) -> Option<String> {
    let id = id?;
    classes.iter().find(|c| &c.id == id).map(Class::name)
}

pub(crate) fn summary(s: &StudentRecord, classes: &[Class]) -> Result<StudentSummary, ApiError> {
    Ok(StudentSummary {
        id: uuid_of(&s.id)?,
        last_name: s.last_name.clone(),
        first_name: s.first_name.clone(),
        middle_name: s.middle_name.clone(),
        birth_date: s.birth_date,
        class_id: opt_uuid(s.class_id.as_ref())?,
        class_name: class_name(classes, s.class_id.as_ref()),
        status: s.status(),
    })
}

pub(crate) fn guardian_view(g: &Guardian) -> Result<GuardianView, ApiError> {
    Ok(GuardianView {
        id: uuid_of(&g.id)?,
        last_name: g.last_name.clone(),
        first_name: g.first_name.clone(),
        middle_name: g.middle_name.clone(),
        phone: g.phone.clone(),
        email: g.email.clone(),
    })
}

fn linked(link: &GuardianLink, g: &Guardian) -> Result<LinkedGuardian, ApiError> {
    Ok(LinkedGuardian {
        guardian: guardian_view(g)?,
        relation: Relation::parse(&link.relation).unwrap_or(Relation::Guardian),
    })
}

fn movement_view(m: &Movement, classes: &[Class]) -> Result<MovementView, ApiError> {
    Ok(MovementView {
        id: uuid_of(&m.id)?,
        kind: MovementKind::parse(&m.kind)
            .ok_or_else(|| ApiError::internal(format!("unknown movement kind {}", m.kind)))?,
        on_date: m.on_date,
        from_class_id: opt_uuid(m.from_class_id.as_ref())?,
        from_class_name: class_name(classes, m.from_class_id.as_ref()),
        to_class_id: opt_uuid(m.to_class_id.as_ref())?,
        to_class_name: class_name(classes, m.to_class_id.as_ref()),
        reason: m.reason.clone(),
        order_ref: m.order_ref.clone(),
        created_at: utc(m.created_at),
    })
}

/// A student of the caller's school, or 404 (R-A11).
fn student_in(
    conn: &mut DbConnection,
    school: SchoolId,
    id: Uuid,
) -> Result<StudentRecord, ApiError> {
    store::find_student(conn, school, StudentId(id))?.ok_or_else(ApiError::not_found)
}

/// A guardian of the caller's school, or 404 (R-A11).
fn guardian_in(conn: &mut DbConnection, school: SchoolId, id: Uuid) -> Result<Guardian, ApiError> {
    store::find_guardian(conn, school, GuardianId(id))?.ok_or_else(ApiError::not_found)
}

/// What the policy needs to decide on a student: the class teacher of their current class.
fn student_scope(
    conn: &mut DbConnection,
    school: SchoolId,
    s: &StudentRecord,
) -> Result<ObjectScope, ApiError> {
    let class_teachers = match &s.class_id {
        Some(class) => store::class_teacher(conn, school, class)?
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    Ok(ObjectScope {
        school,
        class_teachers,
    })
}

fn detail(
    conn: &mut DbConnection,
    school: SchoolId,
    s: &StudentRecord,
) -> Result<StudentDetail, ApiError> {
    let classes = store::classes_of(conn, school)?;
    let id = StudentId(uuid_of(&s.id)?);
    let guardians = store::guardians_of(conn, school, id)?
        .iter()
        .map(|(l, g)| linked(l, g))
        .collect::<Result<Vec<_>, _>>()?;
    let movements = store::movements_of(conn, school, id)?
        .iter()
        .map(|m| movement_view(m, &classes))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StudentDetail {
        student: summary(s, &classes)?,
        phone: s.phone.clone(),
        email: s.email.clone(),
        guardians,
        movements,
    })
}

/// Students of the caller's school in Russian alphabetical order (Ё after Е), filtered by class,
/// status, name, group membership on a date and individual plan.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(StudentFilter),
    responses(
        (status = 200, description = "A page of students", body = Page<StudentSummary>),
        (status = 400, description = "`invalid_query` or `validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Families and other non-staff roles", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/students")]
pub async fn list_students(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<StudentFilter>,
) -> Result<HttpResponse, ApiError> {
    let today = auth.0.today();
    let caller = auth.0.caller;
    caller.authorize(Action::ViewPeople)?;
    let f = query.0;
    let mut filter = store::StudentFilter {
        class_id: f.class_id.map(ClassId),
        status: f.status,
        only: None,
        query: f.q,
        offset: f.offset.unwrap_or(0),
        limit: f.limit.unwrap_or(50),
    };
    let on = f.on.unwrap_or(today);
    let page = state
        .read(move |conn| {
            let school = caller.school_id;
            let mut only: Option<Vec<String>> = None;
            if let Some(g) = f.group_id {
                only = Some(journal_db::groups::member_ids_on(
                    conn,
                    school,
                    &g.to_string(),
                    on,
                )?);
            }
            if f.individual_plan == Some(true) {
                let ids = journal_db::groups::individual_plan_student_ids(conn, school, on)?;
                only = Some(match only {
                    Some(prev) => prev.into_iter().filter(|i| ids.contains(i)).collect(),
                    None => ids,
                });
            }
            filter.only = only;
            let listed = store::list_students(conn, caller.school_id, &filter)?;
            let classes = store::classes_of(conn, caller.school_id)?;
            let items = listed
                .rows
                .iter()
                .map(|s| summary(s, &classes))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page {
                items,
                total: listed.total,
                offset: filter.offset,
                limit: filter.limit,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// A student with contacts, guardians and movement history.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id")),
    responses(
        (status = 200, description = "The student", body = StudentDetail),
        (status = 403, description = "Families and other non-staff roles", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student in the caller's school", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/students/{id}")]
pub async fn get_student(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewPeople)?;
    let id = path.into_inner();
    let found = state
        .read(move |conn| {
            let s = student_in(conn, caller.school_id, id)?;
            detail(conn, caller.school_id, &s)
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Admit a student into a class on a date (зачисление): the student is created with an admission
/// in their movement history.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    request_body = AdmitStudentRequest,
    responses(
        (status = 201, description = "Admitted", body = StudentDetail),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the secretary, admin, deputy and director admit", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`date_before_birth`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/students")]
pub async fn admit_student(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<AdmitStudentRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::MoveStudents)?;
    let req = body.0;
    let key = state.audit_key.clone();
    let created = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let class =
                store::find_class(conn, school, ClassId(req.class_id))?.ok_or_else(no_class)?;
            rules::admit(req.birth_date, req.on_date).map_err(refused)?;
            let at = now();
            let id = StudentId::new();
            let student = StudentRecord {
                id: id.to_string(),
                school_id: school.to_string(),
                class_id: Some(class.id.clone()),
                user_id: None,
                last_name: clean(&req.last_name),
                first_name: clean(&req.first_name),
                middle_name: clean_opt(req.middle_name.as_deref()),
                birth_date: req.birth_date,
                created_at: at,
                status: rules::StudentStatus::Active.as_str().into(),
                phone: clean_opt(req.phone.as_deref()),
                email: clean_opt(req.email.as_deref()),
            };
            store::insert_students(conn, std::slice::from_ref(&student))?;
            store::insert_movements(
                conn,
                &[Movement {
                    id: Uuid::new_v4().to_string(),
                    school_id: school.to_string(),
                    student_id: student.id.clone(),
                    kind: MovementKind::Admission.as_str().into(),
                    on_date: req.on_date,
                    from_class_id: None,
                    to_class_id: Some(class.id.clone()),
                    reason: None,
                    order_ref: clean_opt(req.order_ref.as_deref()),
                    created_at: at,
                    created_by: Some(session.caller.user_id.to_string()),
                }],
            )?;
            let out = detail(conn, school, &student)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::MoveStudents,
                ("student.admit", "student", id.to_string()),
                None,
                Some(json!(out)),
            )?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// A transfer or a withdrawal: checked by the movement rules (dates never go backwards), then the
/// student's class and status follow and the movement joins the history.
struct Requested {
    mv: rules::Move,
    on: chrono::NaiveDate,
    reason: Option<String>,
    order_ref: Option<String>,
}

fn move_student(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    id: Uuid,
    req: Requested,
) -> Result<StudentDetail, ApiError> {
    let Requested {
        mv,
        on,
        reason,
        order_ref,
    } = req;
    let school = session.caller.school_id;
    let student = student_in(conn, school, id)?;
    if let rules::Move::Transfer { to } = &mv {
        store::find_class(conn, school, *to)?.ok_or_else(no_class)?;
    }
    let sid = StudentId(id);
    let history = store::movements_of(conn, school, sid)?;
    let current = rules::Placement {
        class: opt_uuid(student.class_id.as_ref())?.map(ClassId),
        status: student.status(),
        birth_date: student.birth_date,
        last_movement: history.iter().map(|m| m.on_date).max(),
    };
    let next = rules::apply(&current, &mv, on).map_err(refused)?;
    let classes = store::classes_of(conn, school)?;
    let before = json!(summary(&student, &classes)?);
    store::set_placement(conn, school, sid, next.class, next.status)?;
    // Group memberships follow the class: those of groups the new class is not in end the day
    // before the movement (R-B3).
    journal_db::groups::end_memberships_on_move(
        conn,
        school,
        &student.id,
        next.class.map(|c| c.to_string()).as_deref(),
        on,
    )?;
    let (kind, verb) = match mv {
        rules::Move::Transfer { .. } => (MovementKind::Transfer, "student.transfer"),
        rules::Move::Withdraw => (MovementKind::Withdrawal, "student.withdraw"),
    };
    let movement = Movement {
        id: Uuid::new_v4().to_string(),
        school_id: school.to_string(),
        student_id: student.id.clone(),
        kind: kind.as_str().into(),
        on_date: on,
        from_class_id: student.class_id.clone(),
        to_class_id: next.class.map(|c| c.to_string()),
        reason,
        order_ref,
        created_at: now(),
        created_by: Some(session.caller.user_id.to_string()),
    };
    store::insert_movements(conn, std::slice::from_ref(&movement))?;
    let updated = student_in(conn, school, id)?;
    let out = detail(conn, school, &updated)?;
    record_audit(
        conn,
        key,
        session,
        Action::MoveStudents,
        (verb, "student", id.to_string()),
        Some(before),
        Some(json!({
            "student": out.student,
            "movement": movement_view(&movement, &classes)?,
        })),
    )?;
    Ok(out)
}

/// Transfer a student to another class of the school from a date (перевод).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id")),
    request_body = TransferRequest,
    responses(
        (status = 200, description = "Transferred", body = StudentDetail),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the secretary, admin, deputy and director transfer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student or class in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`movement_date_before_previous`, `student_withdrawn`, `same_class`, `date_before_birth`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/students/{id}/transfer")]
pub async fn transfer_student(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<TransferRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::MoveStudents)?;
    let id = path.into_inner();
    let req = body.0;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            move_student(
                conn,
                &key,
                &session,
                id,
                Requested {
                    mv: rules::Move::Transfer {
                        to: ClassId(req.to_class_id),
                    },
                    on: req.on_date,
                    reason: clean_opt(req.reason.as_deref()),
                    order_ref: clean_opt(req.order_ref.as_deref()),
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Withdraw a student from the school on a date, for a reason (выбытие); the student keeps their
/// history and has no class from then on.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id")),
    request_body = WithdrawRequest,
    responses(
        (status = 200, description = "Withdrawn", body = StudentDetail),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the secretary, admin, deputy and director withdraw", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`movement_date_before_previous`, `student_withdrawn`, `date_before_birth`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/students/{id}/withdraw")]
pub async fn withdraw_student(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<WithdrawRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::MoveStudents)?;
    let id = path.into_inner();
    let req = body.0;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            move_student(
                conn,
                &key,
                &session,
                id,
                Requested {
                    mv: rules::Move::Withdraw,
                    on: req.on_date,
                    reason: Some(clean(&req.reason)),
                    order_ref: clean_opt(req.order_ref.as_deref()),
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Correct a student's names, birth date and contacts. The office, or the class teacher of the
/// student's class (R-A5).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id")),
    request_body = UpdateStudentRequest,
    responses(
        (status = 200, description = "Updated", body = StudentDetail),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the office nor the class teacher of this student's class", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`date_before_birth`: the birth date would come after the admission", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/students/{id}")]
pub async fn update_student(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<UpdateStudentRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::EditPeople)?;
    let id = path.into_inner();
    let req = body.0;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let student = student_in(conn, school, id)?;
            let scope = student_scope(conn, school, &student)?;
            session.caller.authorize_on(Action::EditPeople, &scope)?;
            let sid = StudentId(id);
            if let Some(first) = store::movements_of(conn, school, sid)?
                .iter()
                .map(|m| m.on_date)
                .min()
            {
                rules::admit(req.birth_date, first).map_err(refused)?;
            }
            let before = detail(conn, school, &student)?;
            let person = StudentPerson {
                last_name: clean(&req.last_name),
                first_name: clean(&req.first_name),
                middle_name: clean_opt(req.middle_name.as_deref()),
                birth_date: req.birth_date,
                phone: clean_opt(req.phone.as_deref()),
                email: clean_opt(req.email.as_deref()),
            };
            store::update_student(conn, school, sid, &person)?;
            let updated = student_in(conn, school, id)?;
            let out = detail(conn, school, &updated)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::EditPeople,
                ("student.update", "student", id.to_string()),
                Some(json!({"student": before.student, "phone": before.phone, "email": before.email})),
                Some(json!({"student": out.student, "phone": out.phone, "email": out.email})),
            )?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Guardians of the caller's school in Russian alphabetical order.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(GuardianFilter),
    responses(
        (status = 200, description = "A page of guardians", body = Page<GuardianView>),
        (status = 400, description = "`invalid_query` or `validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Families and other non-staff roles", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/guardians")]
pub async fn list_guardians(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<GuardianFilter>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.0.caller;
    caller.authorize(Action::ViewPeople)?;
    let f = query.0;
    let filter = store::GuardianFilter {
        query: f.q,
        offset: f.offset.unwrap_or(0),
        limit: f.limit.unwrap_or(50),
    };
    let page = state
        .read(move |conn| {
            let listed = store::list_guardians(conn, caller.school_id, &filter)?;
            let items = listed
                .rows
                .iter()
                .map(guardian_view)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page {
                items,
                total: listed.total,
                offset: filter.offset,
                limit: filter.limit,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Create a guardian (then link them to a child). The office or a class teacher (R-A5).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    request_body = GuardianRequest,
    responses(
        (status = 201, description = "Created", body = GuardianView),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the office nor a class teacher", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/guardians")]
pub async fn create_guardian(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<GuardianRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::EditPeople)?;
    let req = body.0;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let g = Guardian {
                id: GuardianId::new().to_string(),
                school_id: school.to_string(),
                user_id: None,
                last_name: clean(&req.last_name),
                first_name: clean(&req.first_name),
                middle_name: clean_opt(req.middle_name.as_deref()),
                phone: clean_opt(req.phone.as_deref()),
                email: clean_opt(req.email.as_deref()),
                created_at: now(),
            };
            store::insert_guardians(conn, std::slice::from_ref(&g))?;
            let out = guardian_view(&g)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::EditPeople,
                ("guardian.create", "guardian", g.id.clone()),
                None,
                Some(json!(out)),
            )?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

/// Correct a guardian's names and contacts. The office, or the class teacher of one of the
/// guardian's children (R-A5).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Guardian id")),
    request_body = GuardianRequest,
    responses(
        (status = 200, description = "Updated", body = GuardianView),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the office nor the class teacher of one of the guardian's children", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guardian in the caller's school", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/guardians/{id}")]
pub async fn update_guardian(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<GuardianRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::EditPeople)?;
    let id = path.into_inner();
    let req = body.0;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let before = guardian_in(conn, school, id)?;
            let scope = ObjectScope {
                school,
                class_teachers: store::class_teachers_of_guardian(conn, school, GuardianId(id))?,
            };
            session.caller.authorize_on(Action::EditPeople, &scope)?;
            let person = GuardianPerson {
                last_name: clean(&req.last_name),
                first_name: clean(&req.first_name),
                middle_name: clean_opt(req.middle_name.as_deref()),
                phone: clean_opt(req.phone.as_deref()),
                email: clean_opt(req.email.as_deref()),
            };
            store::update_guardian(conn, school, GuardianId(id), &person)?;
            let after = guardian_in(conn, school, id)?;
            let out = guardian_view(&after)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::EditPeople,
                ("guardian.update", "guardian", id.to_string()),
                Some(json!(guardian_view(&before)?)),
                Some(json!(out)),
            )?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Link an existing guardian of the school to a student, as mother, father or guardian. The
/// office, or the class teacher of the student's class (R-A5).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id")),
    request_body = LinkGuardianRequest,
    responses(
        (status = 201, description = "Linked", body = LinkedGuardian),
        (status = 400, description = "`validation_failed` or `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the office nor the class teacher of this student's class", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student or guardian in the caller's school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_linked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/students/{id}/guardians")]
pub async fn link_guardian(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<LinkGuardianRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::EditPeople)?;
    let id = path.into_inner();
    let req = body.0;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let student = student_in(conn, school, id)?;
            let guardian = guardian_in(conn, school, req.guardian_id)?;
            let scope = student_scope(conn, school, &student)?;
            session.caller.authorize_on(Action::EditPeople, &scope)?;
            let (sid, gid) = (StudentId(id), GuardianId(req.guardian_id));
            if store::find_link(conn, school, sid, gid)?.is_some() {
                return Err(ApiError::conflict(
                    ErrorCode::AlreadyLinked,
                    "the guardian is already linked to this student",
                ));
            }
            let link = GuardianLink {
                school_id: school.to_string(),
                student_id: student.id.clone(),
                guardian_id: guardian.id.clone(),
                relation: req.relation.as_str().into(),
            };
            journal_db::roster::insert_links(conn, std::slice::from_ref(&link))?;
            let out = linked(&link, &guardian)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::EditPeople,
                ("student.link_guardian", "student", id.to_string()),
                None,
                Some(json!(out)),
            )?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

/// Unlink a guardian from a student. The office, or the class teacher of the student's class
/// (R-A5).
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Student id"),
        ("guardian_id" = Uuid, Path, description = "Guardian id"),
    ),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 403, description = "Not the office nor the class teacher of this student's class", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student, guardian or link in the caller's school", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/students/{id}/guardians/{guardian_id}")]
pub async fn unlink_guardian(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::EditPeople)?;
    let (id, guardian_id) = path.into_inner();
    let key = state.audit_key.clone();
    state
        .write(move |conn| {
            let school = session.caller.school_id;
            let student = student_in(conn, school, id)?;
            let (sid, gid) = (StudentId(id), GuardianId(guardian_id));
            let link = store::find_link(conn, school, sid, gid)?.ok_or_else(ApiError::not_found)?;
            let scope = student_scope(conn, school, &student)?;
            session.caller.authorize_on(Action::EditPeople, &scope)?;
            let guardian = guardian_in(conn, school, guardian_id)?;
            store::delete_link(conn, school, sid, gid)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::EditPeople,
                ("student.unlink_guardian", "student", id.to_string()),
                Some(json!(linked(&link, &guardian)?)),
                None,
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
