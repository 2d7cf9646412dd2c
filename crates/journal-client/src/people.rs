//! People (R-B5): students, their movements and guardians.

use crate::{Client, Result};
use journal_api_types::people::{
    AdmitStudentRequest, GuardianFilter, GuardianRequest, GuardianView, LinkGuardianRequest,
    LinkedGuardian, StudentDetail, StudentFilter, StudentSummary, TransferRequest,
    UpdateStudentRequest, WithdrawRequest,
};
use journal_api_types::Page;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/students`: a page of the school's students in Russian order.
    pub async fn list_students(&self, filter: &StudentFilter) -> Result<Page<StudentSummary>> {
        Self::send(self.request(Method::GET, "/students").query(filter)).await
    }

    /// `GET /api/v1/students/{id}`: the student with contacts, guardians and movement history.
    pub async fn student(&self, student_id: Uuid) -> Result<StudentDetail> {
        Self::send(self.request(Method::GET, &format!("/students/{student_id}"))).await
    }

    /// `POST /api/v1/students`: admit a student into a class.
    pub async fn admit_student(&self, request: &AdmitStudentRequest) -> Result<StudentDetail> {
        self.post("/students", request).await
    }

    /// `PUT /api/v1/students/{id}`: correct a student's personal data.
    pub async fn update_student(
        &self,
        student_id: Uuid,
        request: &UpdateStudentRequest,
    ) -> Result<StudentDetail> {
        Self::send(
            self.request(Method::PUT, &format!("/students/{student_id}"))
                .json(request),
        )
        .await
    }

    /// `POST /api/v1/students/{id}/transfer`: into another class from a date.
    pub async fn transfer_student(
        &self,
        student_id: Uuid,
        request: &TransferRequest,
    ) -> Result<StudentDetail> {
        self.post(&format!("/students/{student_id}/transfer"), request)
            .await
    }

    /// `POST /api/v1/students/{id}/withdraw`: the student leaves the school.
    pub async fn withdraw_student(
        &self,
        student_id: Uuid,
        request: &WithdrawRequest,
    ) -> Result<StudentDetail> {
        self.post(&format!("/students/{student_id}/withdraw"), request)
            .await
    }

    /// `GET /api/v1/guardians`: a page of the school's guardians.
    pub async fn list_guardians(&self, filter: &GuardianFilter) -> Result<Page<GuardianView>> {
        Self::send(self.request(Method::GET, "/guardians").query(filter)).await
    }

    /// `POST /api/v1/guardians`: a new guardian (link them with [`Client::link_guardian`]).
    pub async fn create_guardian(&self, request: &GuardianRequest) -> Result<GuardianView> {
        self.post("/guardians", request).await
    }

    /// `PUT /api/v1/guardians/{id}`: correct a guardian's data.
    pub async fn update_guardian(
        &self,
        guardian_id: Uuid,
        request: &GuardianRequest,
    ) -> Result<GuardianView> {
        Self::send(
            self.request(Method::PUT, &format!("/guardians/{guardian_id}"))
                .json(request),
        )
        .await
    }

    /// `POST /api/v1/students/{id}/guardians`: link a guardian to a student.
    pub async fn link_guardian(
        &self,
        student_id: Uuid,
        request: &LinkGuardianRequest,
    ) -> Result<LinkedGuardian> {
        self.post(&format!("/students/{student_id}/guardians"), request)
            .await
    }

    /// `DELETE /api/v1/students/{id}/guardians/{guardian_id}`: unlink a guardian.
    pub async fn unlink_guardian(&self, student_id: Uuid, guardian_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(
            Method::DELETE,
            &format!("/students/{student_id}/guardians/{guardian_id}"),
        ))
        .await
    }
}
