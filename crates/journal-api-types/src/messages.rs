//! Messages, class announcements (R-D3) and notification preferences (R-D4).
//!
//! A thread joins staff and at most one family (guardians and students sharing a child). Families
//! write only to the staff of their child and never to another family; they read class
//! announcements but do not answer them.

use chrono::{DateTime, Utc};
use journal_domain::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        Err(ValidationError::new("blank"))
    } else {
        Ok(())
    }
}

/// `direct` (a conversation) or `announcement` (a class announcement: families read only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ThreadKind {
    Direct,
    Announcement,
}

impl ThreadKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ThreadKind::Direct => "direct",
            ThreadKind::Announcement => "announcement",
        }
    }
}

/// `POST /api/v1/threads`: start a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewThread {
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub subject: String,
    #[validate(length(min = 1, max = 20000), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub body: String,
    /// Accounts to write to (see `GET /messages/recipients`), besides the caller.
    #[validate(length(min = 1, max = 50))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub recipients: Vec<Uuid>,
}

/// `POST /api/v1/threads/{id}/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    #[validate(length(min = 1, max = 20000), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub body: String,
}

/// `POST /api/v1/classes/{id}/announcements`: to the guardians and students of a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAnnouncement {
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub subject: String,
    #[validate(length(min = 1, max = 20000), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub body: String,
}

/// Someone taking part in a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub user_id: Uuid,
    /// "Фамилия Имя Отчество".
    pub name: String,
    /// Whether they may write to the thread (families only read announcements).
    pub may_post: bool,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub uploaded_at: DateTime<Utc>,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    pub id: Uuid,
    pub thread_id: Uuid,
    pub author_id: Uuid,
    pub author_name: String,
    pub body: String,
    pub sent_at: DateTime<Utc>,
    pub attachments: Vec<AttachmentView>,
}

/// A thread in the caller's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadSummary {
    pub id: Uuid,
    pub kind: ThreadKind,
    pub subject: String,
    /// The class of an announcement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<Uuid>,
    pub created_by: Uuid,
    pub last_message_at: DateTime<Utc>,
    /// The start of the newest message (up to 200 characters).
    pub last_message: String,
    /// Messages of others the caller has not read.
    pub unread: i64,
    /// Whether the caller may write to it.
    pub may_post: bool,
}

/// `GET /api/v1/threads/{id}`: a thread with all its messages, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadView {
    pub thread: ThreadSummary,
    pub participants: Vec<Participant>,
    pub messages: Vec<MessageView>,
}

/// `GET /api/v1/threads`: `q` searches subjects and message texts (case-insensitive, Ё read as
/// Е); `kind` keeps one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ThreadQuery {
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    #[serde(default)]
    pub kind: Option<ThreadKind>,
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<i64>,
}

/// Unread messages of one thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadUnread {
    pub thread_id: Uuid,
    pub unread: i64,
}

/// `GET /api/v1/threads/unread`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCounts {
    pub total: i64,
    /// Threads with unread messages.
    pub threads: Vec<ThreadUnread>,
}

/// How a recipient is related to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecipientRelation {
    /// The class teacher of the caller's child.
    ClassTeacher,
    /// A teacher of the caller's child.
    Teacher,
    /// Director, deputy or secretary.
    Administration,
    /// Another member of staff (for staff callers).
    Colleague,
    /// A guardian of a student the caller teaches, leads or administers.
    Guardian,
    /// A student the caller teaches, leads or administers.
    Student,
}

/// `GET /api/v1/messages/recipients`: someone the caller may write to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    pub user_id: Uuid,
    pub name: String,
    /// Roles in the school.
    pub roles: Vec<Role>,
    /// Every way they are related to the caller, closest first.
    pub relations: Vec<RecipientRelation>,
    /// Subjects a teacher teaches the caller's children, or the children a family account stands
    /// for, as names.
    pub about: Vec<String>,
    /// For a family with several children: the children (with their class, «Иванов Пётр, 7А»)
    /// through whom this member of staff is related, so a parent knows whose teacher it is.
    #[serde(default)]
    pub children: Vec<String>,
}

/// `GET /api/v1/messages/recipients`: `q` matches the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RecipientQuery {
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
}

/// When mail goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMode {
    /// A letter per event.
    Immediate,
    /// One letter a day with everything since the last one.
    Digest,
}

/// `GET/PUT /api/v1/me/notification-preferences` (R-D4): which notifications come by e-mail (to
/// the address the school holds for the guardian) and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// New marks of the caller's children.
    pub marks: bool,
    /// Absences and lateness.
    pub absences: bool,
    /// Class announcements.
    pub announcements: bool,
    pub delivery: DeliveryMode,
}
