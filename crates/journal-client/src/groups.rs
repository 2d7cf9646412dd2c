//! Groups (subgroups, streams, individual plans) with their members, and the curriculum (R-B3,
//! R-B4).

use crate::{Client, Result};
use chrono::NaiveDate;
use journal_api_types::groups::{
    AddMemberRequest, CurriculumCheckLine, CurriculumInput, CurriculumLine, CurriculumQuery, Group,
    GroupFilter, GroupInput, GroupMember, GroupPatch, LeaveGroupRequest, MembersQuery,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/groups`: groups of the school, of a year or drawing from a class.
    pub async fn list_groups(&self, filter: &GroupFilter) -> Result<Vec<Group>> {
        Self::send(self.request(Method::GET, "/groups").query(filter)).await
    }

    /// `POST /api/v1/groups`: a subgroup, a stream or an individual plan.
    pub async fn create_group(&self, request: &GroupInput) -> Result<Group> {
        self.post("/groups", request).await
    }

    /// `GET /api/v1/groups/{id}`.
    pub async fn group(&self, group_id: Uuid) -> Result<Group> {
        Self::send(self.request(Method::GET, &format!("/groups/{group_id}"))).await
    }

    /// `PATCH /api/v1/groups/{id}`: rename, or change the division.
    pub async fn update_group(&self, group_id: Uuid, patch: &GroupPatch) -> Result<Group> {
        Self::send(
            self.request(Method::PATCH, &format!("/groups/{group_id}"))
                .json(patch),
        )
        .await
    }

    /// `DELETE /api/v1/groups/{id}`: refused with `409 group_has_assignments` while it has any.
    pub async fn delete_group(&self, group_id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, &format!("/groups/{group_id}"))).await
    }

    /// `GET /api/v1/groups/{id}/members`: the members on a date (default today), or all.
    pub async fn group_members(
        &self,
        group_id: Uuid,
        query: &MembersQuery,
    ) -> Result<Vec<GroupMember>> {
        Self::send(
            self.request(Method::GET, &format!("/groups/{group_id}/members"))
                .query(query),
        )
        .await
    }

    /// `POST /api/v1/groups/{id}/members`: a student joins from a date.
    pub async fn add_group_member(
        &self,
        group_id: Uuid,
        request: &AddMemberRequest,
    ) -> Result<GroupMember> {
        self.post(&format!("/groups/{group_id}/members"), request)
            .await
    }

    /// `POST /api/v1/groups/{id}/members/{student_id}/leave`: the student's last day in the group.
    pub async fn leave_group(
        &self,
        group_id: Uuid,
        student_id: Uuid,
        last_day: NaiveDate,
    ) -> Result<GroupMember> {
        self.post(
            &format!("/groups/{group_id}/members/{student_id}/leave"),
            &LeaveGroupRequest { last_day },
        )
        .await
    }

    /// `GET /api/v1/curriculum`: the curriculum of a year.
    pub async fn curriculum(&self, year_id: Uuid) -> Result<Vec<CurriculumLine>> {
        Self::send(
            self.request(Method::GET, "/curriculum")
                .query(&CurriculumQuery { year_id }),
        )
        .await
    }

    /// `PUT /api/v1/curriculum`: replace one grade and profile of a year's curriculum.
    pub async fn replace_curriculum(
        &self,
        request: &CurriculumInput,
    ) -> Result<Vec<CurriculumLine>> {
        Self::send(self.request(Method::PUT, "/curriculum").json(request)).await
    }

    /// `GET /api/v1/curriculum/check`: curriculum hours against assigned hours per class and
    /// subject.
    pub async fn curriculum_check(&self, year_id: Uuid) -> Result<Vec<CurriculumCheckLine>> {
        Self::send(
            self.request(Method::GET, "/curriculum/check")
                .query(&CurriculumQuery { year_id }),
        )
        .await
    }
}
