//! Inspection remarks (R-R2): the deputy or the director records a remark on a journal page (or one
//! lesson of it) with a due date; the page's teacher answers and marks it done; the deputy or the
//! director confirms it or returns it with a comment.

use crate::{Client, Result};
use journal_api_types::remarks::{NewRemark, RemarkAnswer, RemarkFilter, RemarkReturn, RemarkView};
use journal_api_types::Page;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `POST /api/v1/journal/{assignment_id}/{period_id}/remarks`: record a remark on the page
    /// (deputy or director); a lesson not of the page answers `422 lesson_not_on_page`, a due
    /// date before today `422 remark_due_past`.
    pub async fn create_remark(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        request: &NewRemark,
    ) -> Result<RemarkView> {
        self.post(
            &format!("/journal/{assignment_id}/{period_id}/remarks"),
            request,
        )
        .await
    }

    /// `GET /api/v1/remarks`: the school's remarks for the deputy and the director, a teacher's
    /// own pages' remarks for a teacher, newest first.
    pub async fn list_remarks(&self, filter: &RemarkFilter) -> Result<Page<RemarkView>> {
        Self::send(self.request(Method::GET, "/remarks").query(filter)).await
    }

    /// `GET /api/v1/remarks/{id}`: one remark with its history.
    pub async fn remark(&self, remark_id: Uuid) -> Result<RemarkView> {
        Self::send(self.request(Method::GET, &format!("/remarks/{remark_id}"))).await
    }

    /// `POST /api/v1/remarks/{id}/done`: the page's teacher answers and marks it done; out of
    /// turn `409 remark_not_open` or `409 remark_closed`.
    pub async fn remark_done(&self, remark_id: Uuid, answer: &str) -> Result<RemarkView> {
        let request = RemarkAnswer {
            answer: answer.to_owned(),
        };
        self.post(&format!("/remarks/{remark_id}/done"), &request)
            .await
    }

    /// `POST /api/v1/remarks/{id}/confirm`: the deputy or the director confirms the resolution;
    /// out of turn `409 remark_not_done` or `409 remark_closed`.
    pub async fn confirm_remark(&self, remark_id: Uuid) -> Result<RemarkView> {
        Self::send(self.request(Method::POST, &format!("/remarks/{remark_id}/confirm"))).await
    }

    /// `POST /api/v1/remarks/{id}/return`: the deputy or the director gives it back with a
    /// comment; out of turn `409 remark_not_done` or `409 remark_closed`.
    pub async fn return_remark(&self, remark_id: Uuid, comment: &str) -> Result<RemarkView> {
        let request = RemarkReturn {
            comment: comment.to_owned(),
        };
        self.post(&format!("/remarks/{remark_id}/return"), &request)
            .await
    }
}
