//! Class announcements: posting one to a class and listing those received or posted.

use super::thread_view;
use super::threads::{list, new_message};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::notify;
use crate::services::record_audit;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::messages::{NewAnnouncement, ThreadQuery, ThreadSummary, ThreadView};
use journal_api_types::ErrorCode;
use journal_api_types::{Page, Problem};
use journal_db::messages::{self as mdb, ParticipantRow, ThreadRow};
use journal_db::{now, people};
use journal_domain::messaging::{fold, may_announce};
use journal_domain::{ClassId, Role};
use serde_json::json;
use uuid::Uuid;

/// Class announcements the caller received or posted, newest first (`GET /threads?kind=announcement`).
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(ThreadQuery),
    responses(
        (status = 200, body = Page<ThreadSummary>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/announcements")]
pub async fn list_announcements(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<ThreadQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let q = query.0;
    let page = state
        .read(move |conn| list(conn, &session, &q, Some("announcement")))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Post an announcement to a class: every guardian and student account of the class's students
/// reads it (and guardians get it by e-mail per their preferences, R-D4); families cannot answer.
/// The class teacher of that class, the deputy or the director (R-A5, R-A6).
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(("class_id" = Uuid, Path)),
    request_body = NewAnnouncement,
    responses(
        (status = 201, body = ThreadView),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/classes/{class_id}/announcements")]
pub async fn create_announcement(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<NewAnnouncement>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let class_id = ClassId(path.into_inner());
    let body = body.0;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let me = session.caller.user_id.to_string();
            let class = people::find_class(conn, school, class_id)?.ok_or_else(ApiError::not_found)?;
            let leads = class.class_teacher_id.as_deref() == Some(me.as_str());
            if !may_announce(&session.caller.roles, leads) {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "announcements are posted by the class teacher, the deputy or the director",
                ));
            }
            let at = now();
            let subject = body.subject.trim().to_owned();
            let t = ThreadRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                kind: "announcement".into(),
                search: fold(&subject),
                subject: subject.clone(),
                class_id: Some(class.id.clone()),
                created_by: me.clone(),
                created_at: at,
                last_message_at: at,
            };
            mdb::insert_thread(conn, &t)?;
            let students = mdb::students_of_class(conn, school, &class.id)?;
            let families = mdb::families_of(conn, school, &students)?;
            let mut parts = vec![ParticipantRow {
                school_id: t.school_id.clone(),
                thread_id: t.id.clone(),
                user_id: me.clone(),
                may_post: true,
                last_read_at: None,
            }];
            parts.extend(families.keys().filter(|u| **u != me).map(|u| ParticipantRow {
                school_id: t.school_id.clone(),
                thread_id: t.id.clone(),
                user_id: u.clone(),
                may_post: false,
                last_read_at: None,
            }));
            mdb::insert_participants(conn, &parts)?;
            let m = new_message(&t, &me, &body.body, at);
            mdb::insert_message(conn, &m)?;
            mdb::mark_read(conn, &t.id, &me)?;
            let queued = notify::enqueue_announcement(
                conn,
                school,
                &students,
                &class.name(),
                (&subject, &m.body),
            )?;
            record_audit(conn, &st.audit_key, &session, session.acting_role(&[Role::ClassTeacher, Role::Teacher, Role::Deputy, Role::Director]), ("announcement.create", "message_thread", t.id.clone()), None, Some(json!({"class_id": class.id, "subject": subject, "readers": parts.len() - 1, "emails_queued": queued, "message_id": m.id})))?;
            let part = mdb::participant(conn, school, &t.id, &me)?.ok_or_else(ApiError::not_found)?;
            thread_view(conn, &session, &t, &part)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}
