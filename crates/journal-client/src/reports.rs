//! The control reports (R-R1, R-R3): JSON, or the same figures as a CSV or XLSX file.

use crate::{Client, Result};
use journal_api_types::reports::{
    Achievement, JournalControl, PeriodFilter, ReportFormat, SpanFilter,
};
use reqwest::Method;

impl Client {
    /// `GET /api/v1/reports/journal-control`: journal keeping over a span (R-R1, R-J5).
    pub async fn journal_control(&self, filter: &SpanFilter) -> Result<JournalControl> {
        let mut filter = filter.clone();
        filter.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, "/reports/journal-control")
                .query(&filter),
        )
        .await
    }

    /// `GET /api/v1/reports/achievement`: the finals of a period or year (R-R3).
    pub async fn achievement(&self, filter: &PeriodFilter) -> Result<Achievement> {
        let mut filter = filter.clone();
        filter.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, "/reports/achievement")
                .query(&filter),
        )
        .await
    }

    /// A report as a file: `path` is the report's path under `/api/v1` (`/reports/…`) and `query`
    /// its filters with `format` set to `csv` or `xlsx`.
    pub async fn report_file<Q: serde::Serialize + ?Sized>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<Vec<u8>> {
        Self::send_bytes(self.request(Method::GET, path).query(query)).await
    }
}
