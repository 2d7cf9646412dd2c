//! Messages (R-D3): threads, messages and attachments, class announcements, and notification
//! preferences (R-D4).

use crate::{Client, Result};
use journal_api_types::messages::{
    AttachmentView, MessageView, NewAnnouncement, NewMessage, NewThread, NotificationPreferences,
    Recipient, RecipientQuery, ThreadQuery, ThreadSummary, ThreadView, UnreadCounts,
};
use journal_api_types::Page;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/threads`: the caller's threads, newest first, with unread counts; `q`
    /// searches subjects and messages.
    pub async fn list_threads(&self, query: &ThreadQuery) -> Result<Page<ThreadSummary>> {
        Self::send(self.request(Method::GET, "/threads").query(query)).await
    }

    /// `POST /api/v1/threads`: start a thread (R-D3); a guardian or student writing to another
    /// family gets `403 other_family`, to unrelated staff `403 recipient_not_allowed`.
    pub async fn create_thread(&self, request: &NewThread) -> Result<ThreadView> {
        self.post("/threads", request).await
    }

    /// `GET /api/v1/threads/{id}`: the thread with its messages; marks it read.
    pub async fn thread(&self, thread_id: Uuid) -> Result<ThreadView> {
        Self::send(self.request(Method::GET, &format!("/threads/{thread_id}"))).await
    }

    /// `POST /api/v1/threads/{id}/messages`: answer in a thread.
    pub async fn post_message(&self, thread_id: Uuid, body: &str) -> Result<MessageView> {
        let request = NewMessage {
            body: body.to_owned(),
        };
        self.post(&format!("/threads/{thread_id}/messages"), &request)
            .await
    }

    /// `POST /api/v1/threads/{id}/read`: mark the thread read.
    pub async fn mark_thread_read(&self, thread_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::POST, &format!("/threads/{thread_id}/read"))).await
    }

    /// `GET /api/v1/threads/unread`: unread messages in total and per thread.
    pub async fn unread_counts(&self) -> Result<UnreadCounts> {
        Self::send(self.request(Method::GET, "/threads/unread")).await
    }

    /// `GET /api/v1/messages/recipients`: whom the caller may write to.
    pub async fn message_recipients(&self, query: &RecipientQuery) -> Result<Vec<Recipient>> {
        Self::send(
            self.request(Method::GET, "/messages/recipients")
                .query(query),
        )
        .await
    }

    /// `POST /api/v1/messages/{id}/attachments?name=`: attach a file to the caller's message.
    pub async fn attach_to_message(
        &self,
        message_id: Uuid,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<AttachmentView> {
        Self::send(
            self.request(Method::POST, &format!("/messages/{message_id}/attachments"))
                .query(&[("name", name)])
                .header("Content-Type", content_type)
                .body(bytes),
        )
        .await
    }

    /// `GET /api/v1/message-attachments/{id}`: an attachment's bytes.
    pub async fn message_attachment(&self, attachment_id: Uuid) -> Result<Vec<u8>> {
        let response = self
            .request(
                Method::GET,
                &format!("/message-attachments/{attachment_id}"),
            )
            .send()
            .await?;
        if response.status().is_success() {
            Ok(response.bytes().await?.to_vec())
        } else {
            Err(Self::problem(response).await)
        }
    }

    /// `POST /api/v1/classes/{id}/announcements`: announce to the families of a class.
    pub async fn create_announcement(
        &self,
        class_id: Uuid,
        request: &NewAnnouncement,
    ) -> Result<ThreadView> {
        self.post(&format!("/classes/{class_id}/announcements"), request)
            .await
    }

    /// `GET /api/v1/announcements`: the class announcements the caller received or posted.
    pub async fn list_announcements(&self, query: &ThreadQuery) -> Result<Page<ThreadSummary>> {
        Self::send(self.request(Method::GET, "/announcements").query(query)).await
    }

    /// `GET /api/v1/me/notification-preferences`.
    pub async fn notification_preferences(&self) -> Result<NotificationPreferences> {
        Self::send(self.request(Method::GET, "/me/notification-preferences")).await
    }

    /// `PUT /api/v1/me/notification-preferences`.
    pub async fn set_notification_preferences(
        &self,
        request: &NotificationPreferences,
    ) -> Result<NotificationPreferences> {
        Self::send(
            self.request(Method::PUT, "/me/notification-preferences")
                .json(request),
        )
        .await
    }
}
