//! Sessions (R-S6) and compromised credentials (R-S5): one's own sign-ins and their end, the
//! report of a leaked password, and the review and revert of what the account did.

use crate::{Client, Result};
use journal_api_types::sessions::{
    Compromise, CompromiseDetail, CompromisePaging, CompromiseReported, ReportCompromise,
    RevertOperations, RevertOutcome, SessionView,
};
use journal_api_types::Page;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/me/sessions`: the caller's active sessions and recent sign-ins, newest first.
    pub async fn my_sessions(&self) -> Result<Vec<SessionView>> {
        Self::send(self.request(Method::GET, "/me/sessions")).await
    }

    /// `POST /api/v1/me/sessions/{id}/end`: end one of the caller's sessions.
    pub async fn end_my_session(&self, id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::POST, &format!("/me/sessions/{id}/end"))).await
    }

    /// `POST /api/v1/me/compromise`: report one's own password leaked; every session ends, this
    /// one too.
    pub async fn report_my_compromise(&self, report: &ReportCompromise) -> Result<Compromise> {
        self.post("/me/compromise", report).await
    }

    /// `POST /api/v1/users/{id}/compromise`: the admin reports an account's password leaked; the
    /// answer holds its new one-time password.
    pub async fn report_compromise(
        &self,
        user_id: Uuid,
        report: &ReportCompromise,
    ) -> Result<CompromiseReported> {
        self.post(&format!("/users/{user_id}/compromise"), report)
            .await
    }

    /// `GET /api/v1/compromises`: the school's reports, newest first.
    pub async fn compromises(&self, paging: &CompromisePaging) -> Result<Page<Compromise>> {
        Self::send(self.request(Method::GET, "/compromises").query(paging)).await
    }

    /// `GET /api/v1/compromises/{id}`: a report with a page of the account's operations.
    pub async fn compromise(
        &self,
        id: Uuid,
        paging: &CompromisePaging,
    ) -> Result<CompromiseDetail> {
        Self::send(
            self.request(Method::GET, &format!("/compromises/{id}"))
                .query(paging),
        )
        .await
    }

    /// `POST /api/v1/compromises/{id}/revert`: revert the operations `seqs`.
    pub async fn revert_operations(&self, id: Uuid, seqs: Vec<i64>) -> Result<RevertOutcome> {
        self.post(
            &format!("/compromises/{id}/revert"),
            &RevertOperations { seqs },
        )
        .await
    }

    /// `POST /api/v1/compromises/{id}/revert-all`: revert everything a revert can put back now.
    pub async fn revert_all(&self, id: Uuid) -> Result<RevertOutcome> {
        Self::send(self.request(Method::POST, &format!("/compromises/{id}/revert-all"))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::sessions::OperationStanding;

    /// A session without a known browser or an end reads; standings are snake case.
    #[test]
    fn sessions_and_standings_read() {
        let s: SessionView = serde_json::from_str(
            r#"{"id":"6f1c1f9e-5d1a-4d0e-9f55-1d2b3c4d5e6f","started_at":"2026-12-05T08:00:00Z",
                "last_seen_at":"2026-12-05T09:00:00Z","active":true,"current":false}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.device, None);
        assert!(s.active && !s.current);
        let changed: OperationStanding =
            serde_json::from_str(r#""changed_later""#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(changed, OperationStanding::ChangedLater);
    }
}
