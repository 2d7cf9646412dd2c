//! Control works (R-T3) and lesson plans (R-T4).

use crate::{Client, Result};
use journal_api_types::planning::{
    ControlWork, ControlWorkFilter, ControlWorkInput, Plan, PlanInput,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/control-works`: the control works of a class between two dates.
    pub async fn list_control_works(&self, filter: &ControlWorkFilter) -> Result<Vec<ControlWork>> {
        Self::send(self.request(Method::GET, "/control-works").query(filter)).await
    }

    /// `POST /api/v1/control-works`: plan a control work (deputy, director).
    pub async fn create_control_work(&self, request: &ControlWorkInput) -> Result<ControlWork> {
        self.post("/control-works", request).await
    }

    /// `DELETE /api/v1/control-works/{id}`: withdraw a planned control work (deputy, director).
    pub async fn delete_control_work(&self, id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, &format!("/control-works/{id}"))).await
    }

    /// `GET /api/v1/assignments/{id}/plan`: the lesson plan with plan versus fact.
    pub async fn plan(&self, assignment_id: Uuid) -> Result<Plan> {
        Self::send(self.request(Method::GET, &format!("/assignments/{assignment_id}/plan"))).await
    }

    /// `PUT /api/v1/assignments/{id}/plan`: replace the whole lesson plan.
    pub async fn replace_plan(&self, assignment_id: Uuid, request: &PlanInput) -> Result<Plan> {
        Self::send(
            self.request(Method::PUT, &format!("/assignments/{assignment_id}/plan"))
                .json(request),
        )
        .await
    }

    /// `POST /api/v1/assignments/{id}/plan/import`: the plan from CSV text (`№;Тема;Часы`); bad
    /// lines come back as `422 plan_invalid` with one error per line (`field` = `line N`).
    pub async fn import_plan(&self, assignment_id: Uuid, csv: String) -> Result<Plan> {
        Self::send(
            self.request(
                Method::POST,
                &format!("/assignments/{assignment_id}/plan/import"),
            )
            .header("Content-Type", "text/csv; charset=utf-8")
            .body(csv),
        )
        .await
    }
}
