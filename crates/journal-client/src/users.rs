//! The school's accounts and its audit log (`/users`, `/audit`, `/audit/export`).

use crate::{Client, Result};
use journal_api_types::audit::{AuditEntry, AuditExportQuery, AuditFilter};
use journal_api_types::users::{CreateUserRequest, InitialPassword, UserFilter, UserSummary};
use journal_api_types::Page;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/users`: accounts of the caller's school.
    pub async fn list_users(&self, filter: &UserFilter) -> Result<Page<UserSummary>> {
        Self::send(self.request(Method::GET, "/users").query(filter)).await
    }

    /// `POST /api/v1/users`: create an account; the answer holds its one-time password.
    pub async fn create_user(&self, request: &CreateUserRequest) -> Result<InitialPassword> {
        self.post("/users", request).await
    }

    /// `POST /api/v1/users/{id}/initial-password`: issue a new one-time password.
    pub async fn issue_initial_password(&self, user_id: Uuid) -> Result<InitialPassword> {
        Self::send(self.request(Method::POST, &format!("/users/{user_id}/initial-password"))).await
    }

    /// `POST /api/v1/users/{id}/logout-all`: end every session of another account.
    pub async fn logout_user_everywhere(&self, user_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::POST, &format!("/users/{user_id}/logout-all"))).await
    }

    /// `GET /api/v1/audit`: the school's audit log, newest first.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Page<AuditEntry>> {
        Self::send(self.request(Method::GET, "/audit").query(filter)).await
    }

    /// `GET /api/v1/audit/export`: what [`Client::audit`] lists with `filter` (its paging
    /// aside), as the CSV file for Excel (UTF-8 with a BOM, `;`-separated).
    pub async fn audit_export(&self, filter: &AuditFilter) -> Result<Vec<u8>> {
        Self::send_bytes(
            self.request(Method::GET, "/audit/export")
                .query(&AuditExportQuery::from(filter)),
        )
        .await
    }
}
