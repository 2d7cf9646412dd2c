//! Messages and class announcements (R-D3, R-A11). Families (guardians, students) write only to
//! the staff of their child — its subject teachers of the current year, its class teacher and the
//! administration — and never to another family (403 `other_family`). Staff write to staff. A
//! thread, a message or an attachment of a thread the caller does not take part in answers 404,
//! as if it did not exist. Announcements go to every guardian and student account of a class;
//! families read them without answering. Every write is audited in its transaction; marking a
//! thread read is a receipt, not a change of school records, and is not audited.

use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::notify;
use crate::services::files::Upload;
use crate::services::record_audit;
use crate::services::{utc, uuid_of};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::journal::FileName;
use journal_api_types::messages::{
    AttachmentView, DeliveryMode, MessageView, NewAnnouncement, NewMessage, NewThread,
    NotificationPreferences, Participant, Recipient, RecipientQuery, RecipientRelation, ThreadKind,
    ThreadQuery, ThreadSummary, ThreadUnread, ThreadView, UnreadCounts,
};
use journal_api_types::ErrorCode;
use journal_api_types::{Page, Problem};
use journal_db::messages::{
    self as mdb, AttachmentRow, MessageRow, ParticipantRow, StaffRelation, ThreadFilter, ThreadRow,
};
use journal_db::notifications as ndb;
use journal_db::{now, people, users, DbConnection};
use journal_domain::messaging::{
    fold, may_announce, may_write, one_family, MessageDenied, Preferences, Side,
};
use journal_domain::{ClassId, Role, SchoolId, UserId};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Roles in the order the audit log names the one a message is written in.
const MESSAGING_ROLES: &[Role] = &[
    Role::Director,
    Role::Deputy,
    Role::Secretary,
    Role::Admin,
    Role::ClassTeacher,
    Role::Teacher,
    Role::Guardian,
    Role::Student,
];

impl From<MessageDenied> for ApiError {
    fn from(d: MessageDenied) -> Self {
        ApiError::forbidden(d.into(), d.to_string())
    }
}

fn side(session: &Session) -> Result<Side, ApiError> {
    Side::of(&session.caller.roles).ok_or_else(|| MessageDenied::NoMessaging.into())
}

fn full_name(last: &str, first: &str, middle: Option<&str>) -> String {
    match middle {
        Some(m) => format!("{last} {first} {m}"),
        None => format!("{last} {first}"),
    }
}

/// The thread, if the caller takes part in it; otherwise "not found" (R-A11: nothing revealed).
fn my_thread(
    conn: &mut DbConnection,
    session: &Session,
    id: &str,
) -> Result<(ThreadRow, ParticipantRow), ApiError> {
    let school = session.caller.school_id;
    let me = session.caller.user_id.to_string();
    let thread = mdb::thread(conn, school, id)?.ok_or_else(ApiError::not_found)?;
    let part = mdb::participant(conn, school, id, &me)?.ok_or_else(ApiError::not_found)?;
    Ok((thread, part))
}

fn snippet(body: &str) -> String {
    body.chars().take(200).collect()
}

fn summary(
    t: &ThreadRow,
    part: &ParticipantRow,
    last: Option<&MessageRow>,
    unread: i64,
) -> Result<ThreadSummary, ApiError> {
    Ok(ThreadSummary {
        id: uuid_of(&t.id)?,
        kind: if t.kind == "announcement" {
            ThreadKind::Announcement
        } else {
            ThreadKind::Direct
        },
        subject: t.subject.clone(),
        class_id: t.class_id.as_deref().map(uuid_of).transpose()?,
        created_by: uuid_of(&t.created_by)?,
        last_message_at: utc(t.last_message_at),
        last_message: last.map(|m| snippet(&m.body)).unwrap_or_default(),
        unread,
        may_post: part.may_post,
    })
}

fn attachment_view(a: &mdb::AttachmentInfo) -> Result<AttachmentView, ApiError> {
    Ok(AttachmentView {
        id: uuid_of(&a.id)?,
        file_name: a.file_name.clone(),
        content_type: a.content_type.clone(),
        size_bytes: u64::try_from(a.size_bytes).unwrap_or(0),
        uploaded_at: utc(a.created_at),
    })
}

fn message_view(
    m: &MessageRow,
    names: &BTreeMap<String, String>,
    attachments: &[mdb::AttachmentInfo],
) -> Result<MessageView, ApiError> {
    Ok(MessageView {
        id: uuid_of(&m.id)?,
        thread_id: uuid_of(&m.thread_id)?,
        author_id: uuid_of(&m.author_id)?,
        author_name: names.get(&m.author_id).cloned().unwrap_or_default(),
        body: m.body.clone(),
        sent_at: utc(m.created_at),
        attachments: attachments
            .iter()
            .filter(|a| a.message_id == m.id)
            .map(attachment_view)
            .collect::<Result<_, _>>()?,
    })
}

/// The whole thread as the caller sees it.
fn thread_view(
    conn: &mut DbConnection,
    session: &Session,
    t: &ThreadRow,
    part: &ParticipantRow,
) -> Result<ThreadView, ApiError> {
    let school = session.caller.school_id;
    let me = session.caller.user_id.to_string();
    let people = mdb::participants_of(conn, &t.id)?;
    let names: BTreeMap<String, String> = people
        .iter()
        .map(|(p, l, f, m)| (p.user_id.clone(), full_name(l, f, m.as_deref())))
        .collect();
    let msgs = mdb::messages_of(conn, &t.id)?;
    let ids: Vec<String> = msgs.iter().map(|m| m.id.clone()).collect();
    let files = mdb::attachments_of(conn, &ids)?;
    let unread = mdb::unread(conn, school, &me)?
        .get(&t.id)
        .copied()
        .unwrap_or(0);
    // Families see the staff and their own family; an announcement does not list the other
    // families it went to.
    let family_view = side(session)? == Side::Family;
    let mut participants: Vec<Participant> = people
        .iter()
        .filter(|(p, ..)| {
            !(family_view && t.kind == "announcement") || p.may_post || p.user_id == me
        })
        .map(|(p, l, f, m)| {
            Ok(Participant {
                user_id: uuid_of(&p.user_id)?,
                name: full_name(l, f, m.as_deref()),
                may_post: p.may_post,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    participants.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(ThreadView {
        thread: summary(t, part, msgs.last(), unread)?,
        participants,
        messages: msgs
            .iter()
            .map(|m| message_view(m, &names, &files))
            .collect::<Result<_, _>>()?,
    })
}

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

fn list(
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

fn new_message(t: &ThreadRow, author: &str, body: &str, at: chrono::NaiveDateTime) -> MessageRow {
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

/// Attach a file to the caller's own message; up to the school's homework file limit
/// (`schools.homework_file_limit`, 5 MiB by default), so one setting bounds every upload.
#[utoipa::path(tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The message"), FileName),
    request_body(description = "The file", content((FileBytes = "application/octet-stream"))),
    responses(
        (status = 201, body = AttachmentView),
        (status = 403, description = "`forbidden`: not the caller's message", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large`, `body_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`empty_file`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/messages/{id}/attachments")]
pub async fn upload_attachment(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    path: web::Path<Uuid>,
    query: ValidQuery<FileName>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let upload = Upload::read(&req, &query.0.name, payload).await?;
    let st = state.clone();
    let view = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let m = mdb::message(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            my_thread(conn, &session, &m.thread_id)?;
            if m.author_id != session.caller.user_id.to_string() {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "files are attached by the message's author",
                ));
            }
            upload.check(conn, school)?;
            let size_bytes = upload.size();
            let row = AttachmentRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                message_id: m.id.clone(),
                file_name: upload.name,
                content_type: upload.content_type,
                size_bytes,
                content: upload.bytes,
                created_at: now(),
            };
            mdb::insert_attachment(conn, &row)?;
            let info = mdb::AttachmentInfo {
                id: row.id.clone(),
                message_id: row.message_id.clone(),
                file_name: row.file_name.clone(),
                content_type: row.content_type.clone(),
                size_bytes: row.size_bytes,
                created_at: row.created_at,
            };
            let view = attachment_view(&info)?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                session.acting_role(MESSAGING_ROLES),
                ("message.attach", "message_thread", m.thread_id.clone()),
                None,
                Some(json!({"message_id": m.id, "attachment": view})),
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Download an attachment of a thread the caller takes part in.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The file", content((FileBytes = "application/octet-stream"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/message-attachments/{id}")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner().to_string();
    let file = state
        .read(move |conn| {
            let (file, thread) = mdb::attachment(conn, session.caller.school_id, &id)?
                .ok_or_else(ApiError::not_found)?;
            my_thread(conn, &session, &thread)?;
            Ok(file)
        })
        .await?;
    Ok(crate::services::files::attachment(
        &file.file_name,
        &file.content_type,
        file.content,
    ))
}

/// Whom the caller may write to, with names, roles and how they are related: for a guardian or
/// student, the staff of their children (class teacher, teachers, administration); for staff, the
/// colleagues and the families of children they teach, lead or administer.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(RecipientQuery),
    responses(
        (status = 200, body = Vec<Recipient>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/messages/recipients")]
pub async fn list_recipients(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<RecipientQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let q = query
        .0
        .q
        .as_deref()
        .map(fold)
        .filter(|q| !q.trim().is_empty());
    let list = state
        .read(move |conn| recipients_of(conn, &session, q.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

fn recipients_of(
    conn: &mut DbConnection,
    session: &Session,
    q: Option<&str>,
) -> Result<Vec<Recipient>, ApiError> {
    let school = session.caller.school_id;
    let me = session.caller.user_id.to_string();
    let day = session.today();
    let mut found: BTreeMap<String, (BTreeSet<RecipientRelation>, BTreeSet<String>)> =
        BTreeMap::new();
    match side(session)? {
        Side::Family => {
            let kids = mdb::children_of(conn, school, &me)?;
            let staff = mdb::staff_of_children(conn, school, &kids, day)?;
            let subjects: BTreeMap<String, String> = journal_db::structure::subjects(conn, school)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
            for (user, rel) in staff {
                let e = found.entry(user).or_default();
                e.0.extend(rel.relations.iter().map(|r| match r {
                    StaffRelation::ClassTeacher => RecipientRelation::ClassTeacher,
                    StaffRelation::Teacher => RecipientRelation::Teacher,
                    StaffRelation::Administration => RecipientRelation::Administration,
                }));
                e.1.extend(
                    rel.subject_ids
                        .iter()
                        .filter_map(|s| subjects.get(s).cloned()),
                );
            }
        }
        Side::Staff => {
            let staff_roles = ["director", "deputy", "admin", "secretary", "teacher"];
            for (user, roles) in mdb::accounts_with_roles(conn, school, &staff_roles)? {
                let rel = if roles
                    .iter()
                    .any(|r| matches!(r.as_str(), "director" | "deputy" | "secretary"))
                {
                    RecipientRelation::Administration
                } else {
                    RecipientRelation::Colleague
                };
                found.entry(user).or_default().0.insert(rel);
            }
            let admin = session
                .caller
                .roles
                .iter()
                .any(|r| matches!(r, Role::Director | Role::Deputy | Role::Secretary));
            let students = mdb::students_of_staff(conn, school, &me, admin, day)?;
            let names: BTreeMap<String, String> = people::students_of_school(conn, school)?
                .into_iter()
                .map(|s| (s.id.clone(), format!("{} {}", s.last_name, s.first_name)))
                .collect();
            for (user, fam) in mdb::families_of(conn, school, &students)? {
                let e = found.entry(user).or_default();
                e.0.insert(if fam.kind == "student" {
                    RecipientRelation::Student
                } else {
                    RecipientRelation::Guardian
                });
                e.1.extend(fam.student_ids.iter().filter_map(|s| names.get(s).cloned()));
            }
        }
    }
    found.remove(&me);
    let ids: Vec<String> = found.keys().cloned().collect();
    let accounts = users::find_many(conn, &ids)?;
    let mut out = Vec::new();
    for u in accounts {
        let name = u.full_name();
        if q.is_some_and(|q| !fold(&name).contains(q)) {
            continue;
        }
        let Some((rels, about)) = found.remove(&u.id) else {
            continue;
        };
        let uid: UserId = u.id.parse().map_err(ApiError::internal)?;
        out.push(Recipient {
            user_id: uid.0,
            name,
            roles: users::roles_in(conn, uid, school)?,
            relations: rels.into_iter().collect(),
            about: about.into_iter().collect(),
        });
    }
    out.sort_by_cached_key(|r| {
        (
            r.relations.first().copied(),
            journal_domain::collate::ru_key(&r.name),
        )
    });
    Ok(out)
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

fn prefs_view(p: &Preferences) -> NotificationPreferences {
    NotificationPreferences {
        marks: p.marks,
        absences: p.absences,
        announcements: p.announcements,
        delivery: if p.digest_only {
            DeliveryMode::Digest
        } else {
            DeliveryMode::Immediate
        },
    }
}

/// The caller's e-mail notification preferences (R-D4); without a choice: everything, at once.
#[utoipa::path(tag = "messages", security(("bearer" = [])),
    responses((status = 200, body = NotificationPreferences)))]
#[get("/me/notification-preferences")]
pub async fn get_preferences(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let p = state
        .read(move |conn| {
            Ok(ndb::preferences(
                conn,
                session.caller.school_id,
                &session.caller.user_id.to_string(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(prefs_view(&p)))
}

/// Set which notifications come by e-mail and whether at once or in a daily digest (audited).
#[utoipa::path(tag = "messages", security(("bearer" = [])), request_body = NotificationPreferences,
    responses(
        (status = 200, body = NotificationPreferences),
        (status = 400, description = "`validation_failed`, `invalid_body`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/me/notification-preferences")]
pub async fn put_preferences(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<NotificationPreferences>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let b = body.0;
    let st = state.clone();
    let p = Preferences {
        marks: b.marks,
        absences: b.absences,
        announcements: b.announcements,
        digest_only: b.delivery == DeliveryMode::Digest,
    };
    state
        .write(move |conn| {
            let school: SchoolId = session.caller.school_id;
            let me = session.caller.user_id.to_string();
            let before = ndb::preferences(conn, school, &me)?;
            ndb::set_preferences(conn, school, &me, &p, now())?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                session.acting_role(MESSAGING_ROLES),
                ("notification_preferences.update", "user", me),
                Some(json!(prefs_view(&before))),
                Some(json!(prefs_view(&p))),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(prefs_view(&p)))
}
