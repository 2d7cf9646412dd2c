//! The family's side (R-D1, R-D2, R-D5): diaries, results and extracts, acknowledgements,
//! consents and diary accounts.

use crate::{Client, Result};
use journal_api_types::diary::{
    Acknowledge, AcknowledgementSheet, AcknowledgementSheetQuery, AcknowledgementView, ClassAccess,
    ConsentInput, ConsentView, Diary, DiaryAccount, DiaryAccountInput, DiaryQuery, ExtractQuery,
    IssueAccess, IssuedAccess, Results, ResultsQuery, SlipsInput,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/students/{id}/diary`: the diary of a span (a week by default) (R-D1).
    pub async fn diary(&self, student_id: Uuid, query: &DiaryQuery) -> Result<Diary> {
        Self::send(
            self.request(Method::GET, &format!("/students/{student_id}/diary"))
                .query(query),
        )
        .await
    }

    /// `GET /api/v1/students/{id}/results`: marks, averages, forecasts and finals of a period.
    pub async fn results(&self, student_id: Uuid, query: &ResultsQuery) -> Result<Results> {
        Self::send(
            self.request(Method::GET, &format!("/students/{student_id}/results"))
                .query(query),
        )
        .await
    }

    /// `GET /api/v1/students/{id}/extract`: the printed extract of a span (PDF or HTML bytes).
    pub async fn extract(&self, student_id: Uuid, query: &ExtractQuery) -> Result<Vec<u8>> {
        Self::send_bytes(
            self.request(Method::GET, &format!("/students/{student_id}/extract"))
                .query(query),
        )
        .await
    }

    /// `POST /api/v1/students/{id}/acknowledgements`: the guardian has seen the week or period.
    pub async fn acknowledge(
        &self,
        student_id: Uuid,
        what: &Acknowledge,
    ) -> Result<AcknowledgementView> {
        self.post(&format!("/students/{student_id}/acknowledgements"), what)
            .await
    }

    /// `GET /api/v1/classes/{id}/acknowledgements`: the class teacher's sheet of a week.
    pub async fn acknowledgement_sheet(
        &self,
        class_id: Uuid,
        query: &AcknowledgementSheetQuery,
    ) -> Result<AcknowledgementSheet> {
        Self::send(
            self.request(
                Method::GET,
                &format!("/classes/{class_id}/acknowledgements"),
            )
            .query(query),
        )
        .await
    }

    /// `GET /api/v1/guardians/{id}/consents`: registered consents and refusals.
    pub async fn consents(&self, guardian_id: Uuid) -> Result<Vec<ConsentView>> {
        Self::send(self.request(Method::GET, &format!("/guardians/{guardian_id}/consents"))).await
    }

    /// `POST /api/v1/guardians/{id}/consents`: register a consent or a refusal (R-D5).
    pub async fn record_consent(
        &self,
        guardian_id: Uuid,
        input: &ConsentInput,
    ) -> Result<ConsentView> {
        self.post(&format!("/guardians/{guardian_id}/consents"), input)
            .await
    }

    /// `POST /api/v1/guardians/{id}/account`: a diary account with a one-time password.
    pub async fn guardian_account(
        &self,
        guardian_id: Uuid,
        input: &DiaryAccountInput,
    ) -> Result<DiaryAccount> {
        self.post(&format!("/guardians/{guardian_id}/account"), input)
            .await
    }

    /// `POST /api/v1/students/{id}/account`: a student's own account, from 14 (R-A3).
    pub async fn student_account(
        &self,
        student_id: Uuid,
        input: &DiaryAccountInput,
    ) -> Result<DiaryAccount> {
        self.post(&format!("/students/{student_id}/account"), input)
            .await
    }

    /// `GET /api/v1/classes/{id}/diary-access`: the class's guardians and students and their
    /// diary access (R-S1).
    pub async fn class_access(&self, class_id: Uuid) -> Result<ClassAccess> {
        Self::send(self.request(Method::GET, &format!("/classes/{class_id}/diary-access"))).await
    }

    /// `POST /api/v1/classes/{id}/diary-access`: accounts and one-time passwords for the class.
    pub async fn issue_access(&self, class_id: Uuid, input: &IssueAccess) -> Result<IssuedAccess> {
        self.post(&format!("/classes/{class_id}/diary-access"), input)
            .await
    }

    /// `POST /api/v1/classes/{id}/diary-access/slips`: the slips as a PDF (bytes).
    pub async fn access_slips(&self, class_id: Uuid, input: &SlipsInput) -> Result<Vec<u8>> {
        Self::send_bytes(
            self.request(
                Method::POST,
                &format!("/classes/{class_id}/diary-access/slips"),
            )
            .json(input),
        )
        .await
    }
}
