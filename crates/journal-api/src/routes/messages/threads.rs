//! Threads and their messages: listing, reading, unread counts, starting one and writing to it.

use super::{message_view, my_thread, side, summary, thread_view, MESSAGING_ROLES};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::record_audit;
use crate::services::uuid_of;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::messages::{
    MessageView, NewMessage, NewThread, ThreadKind, ThreadQuery, ThreadSummary, ThreadUnread,
    ThreadView, UnreadCounts,
};
use journal_api_types::ErrorCode;
use journal_api_types::{Page, Problem};
use journal_db::messages::{self as mdb, MessageRow, ParticipantRow, ThreadFilter, ThreadRow};
use journal_db::{now, users, DbConnection};
use journal_domain::messaging::{fold, may_write, one_family, MessageDenied, Side};
use journal_domain::UserId;
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The caller's threads, newest activity first, with unread counts; `q` searches subjects and
/// messages of the caller's threads only.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(ThreadQuery),
    responses(
        (status = 200, body = Page<ThreadSummary>),
        (status = 403, description = "`forbidden` (no messaging for this account)", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/threads")]
pub async fn list_threads(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<ThreadQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let q = query.0;
    let page = state
        .read(move |conn| list(conn, &session, &q, q.kind.map(ThreadKind::as_str)))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

pub(super) fn list(
    conn: &mut DbConnection,
    session: &Session,
    q: &ThreadQuery,
    kind: Option<&str>,
) -> Result<Page<ThreadSummary>, ApiError> {
    side(session)?;
    let school = session.caller.school_id;
    let me = session.caller.user_id.to_string();
    let (offset, limit) = (q.offset.unwrap_or(0), q.limit.unwrap_or(50));
    let filter = ThreadFilter {
        query: q.q.as_deref().map(fold).filter(|t| !t.trim().is_empty()),
        kind: kind.map(str::to_owned),
        offset,
        limit,
    };
    let listed = mdb::list_threads(conn, school, &me, &filter)?;
    let ids: Vec<String> = listed.rows.iter().map(|t| t.id.clone()).collect();
    let last = mdb::last_messages(conn, &ids)?;
    let unread = mdb::unread(conn, school, &me)?;
    let parts = mdb::participations(conn, school, &ids, &me)?;
    let items = listed
        .rows
        .iter()
        .map(|t| {
            let part = parts.get(&t.id).ok_or_else(ApiError::not_found)?;
            summary(
                t,
                part,
                last.get(&t.id),
                unread.get(&t.id).copied().unwrap_or(0),
            )
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Page {
        items,
        total: listed.total,
        offset,
        limit,
    })
}

/// Unread messages of the caller, in total and per thread.
#[utoipa::path(tag = "messages", security(("bearer" = [])),
    responses(
        (status = 200, body = UnreadCounts),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/threads/unread")]
pub async fn unread_counts(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let counts = state
        .read(move |conn| {
            side(&session)?;
            let me = session.caller.user_id.to_string();
            let per = mdb::unread(conn, session.caller.school_id, &me)?;
            Ok(UnreadCounts {
                total: per.values().sum(),
                threads: per
                    .iter()
                    .map(|(t, n)| {
                        Ok(ThreadUnread {
                            thread_id: uuid_of(t)?,
                            unread: *n,
                        })
                    })
                    .collect::<Result<_, ApiError>>()?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(counts))
}

/// A thread with its messages, oldest first; opening it marks it read for the caller.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = ThreadView),
        (status = 404, description = "`not_found`: no such thread, or the caller takes no part in it", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/threads/{id}")]
pub async fn get_thread(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let view = state
        .write(move |conn| {
            let (t, part) = my_thread(conn, &session, &id)?;
            mdb::mark_read(conn, &t.id, &part.user_id)?;
            thread_view(conn, &session, &t, &part)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Mark everything in a thread read.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Read"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/threads/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    state
        .write(move |conn| {
            let (t, part) = my_thread(conn, &session, &id)?;
            Ok(mdb::mark_read(conn, &t.id, &part.user_id)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Check that the caller may write to each of `recipients` and that the thread holds at most one
/// family (R-D3).
fn check_recipients(
    conn: &mut DbConnection,
    session: &Session,
    recipients: &[String],
) -> Result<(), ApiError> {
    let school = session.caller.school_id;
    let me = session.caller.user_id.to_string();
    let my_side = side(session)?;
    let day = session.today();
    let mut families: Vec<Vec<String>> = Vec::new();
    let my_staff = if my_side == Side::Family {
        let kids = mdb::children_of(conn, school, &me)?;
        let staff = mdb::staff_of_children(conn, school, &kids, day)?;
        families.push(kids);
        staff
    } else {
        BTreeMap::new()
    };
    for r in recipients {
        let user: UserId = r
            .parse()
            .map_err(|_| ApiError::from(MessageDenied::NotRelated))?;
        let roles = users::roles_in(conn, user, school)?;
        let their_side = Side::of(&roles).ok_or(MessageDenied::NotRelated)?;
        let related = match (my_side, their_side) {
            (Side::Family, Side::Staff) => my_staff.contains_key(r),
            (Side::Staff, Side::Family) => {
                let kids = mdb::children_of(conn, school, r)?;
                let related = mdb::staff_of_children(conn, school, &kids, day)?.contains_key(&me);
                families.push(kids);
                related
            }
            _ => false,
        };
        may_write(my_side, their_side, related)?;
    }
    one_family(&families)?;
    Ok(())
}

/// Start a thread: the caller and the recipients take part. A guardian or student may address
/// only the staff of their child (403 `recipient_not_allowed`), never another guardian or student
/// (403 `other_family`); staff may address colleagues and the families of children they teach,
/// lead or — as the administration — any family, one family per thread.
#[utoipa::path(tag = "messages", security(("bearer" = [])), request_body = NewThread,
    responses(
        (status = 201, body = ThreadView),
        (status = 403, description = "`other_family`, `recipient_not_allowed`, `forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`no_recipients`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/threads")]
pub async fn create_thread(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<NewThread>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let body = body.0;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let me = session.caller.user_id.to_string();
            let mut recipients: Vec<String> = body
                .recipients
                .iter()
                .map(Uuid::to_string)
                .filter(|r| *r != me)
                .collect();
            recipients.sort();
            recipients.dedup();
            if recipients.is_empty() {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::NoRecipients,
                    "name at least one recipient besides yourself",
                ));
            }
            check_recipients(conn, &session, &recipients)?;
            let at = now();
            let subject = body.subject.trim().to_owned();
            let t = ThreadRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                kind: "direct".into(),
                search: fold(&subject),
                subject,
                class_id: None,
                created_by: me.clone(),
                created_at: at,
                last_message_at: at,
            };
            mdb::insert_thread(conn, &t)?;
            let parts: Vec<ParticipantRow> = std::iter::once(&me)
                .chain(recipients.iter())
                .map(|u| ParticipantRow {
                    school_id: t.school_id.clone(),
                    thread_id: t.id.clone(),
                    user_id: u.clone(),
                    may_post: true,
                    last_read_at: None,
                })
                .collect();
            mdb::insert_participants(conn, &parts)?;
            let m = new_message(&t, &me, &body.body, at);
            mdb::insert_message(conn, &m)?;
            mdb::mark_read(conn, &t.id, &me)?;
            record_audit(conn, &st.audit_key, &session, session.acting_role(MESSAGING_ROLES), ("thread.create", "message_thread", t.id.clone()), None, Some(json!({"subject": t.subject, "participants": parts.iter().map(|p| &p.user_id).collect::<Vec<_>>(), "message_id": m.id})))?;
            let part = mdb::participant(conn, school, &t.id, &me)?.ok_or_else(ApiError::not_found)?;
            thread_view(conn, &session, &t, &part)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

pub(super) fn new_message(
    t: &ThreadRow,
    author: &str,
    body: &str,
    at: chrono::NaiveDateTime,
) -> MessageRow {
    let body = body.trim().to_owned();
    MessageRow {
        id: Uuid::new_v4().to_string(),
        school_id: t.school_id.clone(),
        thread_id: t.id.clone(),
        author_id: author.to_owned(),
        search: fold(&body),
        body,
        created_at: at,
    }
}

/// Write to a thread the caller takes part in. Families only read announcements (403
/// `announcement_read_only`).
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = NewMessage,
    responses(
        (status = 201, body = MessageView),
        (status = 403, description = "`announcement_read_only`", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/threads/{id}/messages")]
pub async fn post_message(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<NewMessage>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let body = body.0;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let (t, part) = my_thread(conn, &session, &id)?;
            if !part.may_post {
                return Err(MessageDenied::ReadOnly.into());
            }
            let m = new_message(&t, &part.user_id, &body.body, now());
            mdb::insert_message(conn, &m)?;
            mdb::mark_read(conn, &t.id, &part.user_id)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                session.acting_role(MESSAGING_ROLES),
                ("message.send", "message_thread", t.id.clone()),
                None,
                Some(json!({"message_id": m.id})),
            )?;
            let names = BTreeMap::from([(part.user_id.clone(), author_name(conn, &part.user_id)?)]);
            message_view(&m, &names, &[])
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

fn author_name(conn: &mut DbConnection, user: &str) -> Result<String, ApiError> {
    let u = users::find_many(conn, &[user.to_owned()])?;
    Ok(u.first().map(|u| u.full_name()).unwrap_or_default())
}
