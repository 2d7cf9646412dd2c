//! Messages and class announcements (R-D3, R-A11). Families (guardians, students) write only to
//! the staff of their child — its subject teachers of the current year, its class teacher and the
//! administration — and never to another family (403 `other_family`). Staff write to staff. A
//! thread, a message or an attachment of a thread the caller does not take part in answers 404,
//! as if it did not exist. Announcements go to every guardian and student account of a class;
//! families read them without answering. Every write is audited in its transaction; marking a
//! thread read is a receipt, not a change of school records, and is not audited.

mod announcements;
mod attachments;
mod preferences;
mod recipients;
mod threads;

pub use announcements::{
    __path_create_announcement, __path_list_announcements, create_announcement, list_announcements,
};
pub use attachments::{
    __path_download_attachment, __path_upload_attachment, download_attachment, upload_attachment,
};
pub use preferences::{
    __path_get_preferences, __path_put_preferences, get_preferences, put_preferences,
};
pub use recipients::{__path_list_recipients, list_recipients};
pub use threads::{
    __path_create_thread, __path_get_thread, __path_list_threads, __path_mark_read,
    __path_post_message, __path_unread_counts, create_thread, get_thread, list_threads, mark_read,
    post_message, unread_counts,
};

use crate::auth::Session;
use crate::error::ApiError;
use crate::services::{utc, uuid_of};
use journal_api_types::messages::{
    AttachmentView, MessageView, Participant, ThreadKind, ThreadSummary, ThreadView,
};
use journal_db::messages::{self as mdb, MessageRow, ParticipantRow, ThreadRow};
use journal_db::DbConnection;
use journal_domain::messaging::{MessageDenied, Side};
use journal_domain::Role;
use std::collections::BTreeMap;

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
