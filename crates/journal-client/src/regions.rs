//! The region's figures (R-A9, R-E4): the caller's regions and their aggregates over a period.

use crate::{Client, Result};
use journal_api_types::regions::{AggregatesQuery, MyRegions, RegionAggregates};
use journal_api_types::reports::ReportFormat;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/regions`: the regions the caller reads (a region account's own).
    pub async fn my_regions(&self) -> Result<MyRegions> {
        Self::send(self.request(Method::GET, "/regions")).await
    }

    /// `GET /api/v1/regions/{id}/aggregates`: the region's figures by school, class and subject.
    pub async fn region_aggregates(
        &self,
        region: Uuid,
        query: &AggregatesQuery,
    ) -> Result<RegionAggregates> {
        let mut query = query.clone();
        query.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, &format!("/regions/{region}/aggregates"))
                .query(&query),
        )
        .await
    }
}
