//! The control reports (R-R1, R-R3–R-R7, R-R9) and the home screen at a glance: JSON, or the same
//! figures as a CSV, XLSX or PDF file.

use crate::{Client, Result};
use journal_api_types::reports::{
    Achievement, AttendanceFilter, AttendanceReport, ClassReport, ClassReportQuery,
    ControlWorksReport, CurriculumReport, JournalControl, MovementFilter, MovementReport, Overview,
    PeriodFilter, ReportFormat, SpanFilter,
};
use reqwest::Method;
use uuid::Uuid;

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

    /// `GET /api/v1/reports/attendance`: absences by class, month and student (R-R4).
    pub async fn attendance_report(&self, filter: &AttendanceFilter) -> Result<AttendanceReport> {
        let mut filter = filter.clone();
        filter.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, "/reports/attendance")
                .query(&filter),
        )
        .await
    }

    /// `GET /api/v1/reports/control-works`: control-work results across classes (R-R9).
    pub async fn control_works_report(&self, filter: &SpanFilter) -> Result<ControlWorksReport> {
        let mut filter = filter.clone();
        filter.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, "/reports/control-works")
                .query(&filter),
        )
        .await
    }

    /// `GET /api/v1/reports/curriculum`: planned against held lessons (R-R5).
    pub async fn curriculum_report(&self, filter: &SpanFilter) -> Result<CurriculumReport> {
        let mut filter = filter.clone();
        filter.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, "/reports/curriculum")
                .query(&filter),
        )
        .await
    }

    /// `GET /api/v1/reports/movement`: class sizes and student movement (R-R6).
    pub async fn movement_report(&self, filter: &MovementFilter) -> Result<MovementReport> {
        let mut filter = filter.clone();
        filter.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, "/reports/movement")
                .query(&filter),
        )
        .await
    }

    /// `GET /api/v1/reports/class/{class_id}`: the class teacher's period or preliminary report
    /// (R-R7).
    pub async fn class_report(
        &self,
        class_id: Uuid,
        query: &ClassReportQuery,
    ) -> Result<ClassReport> {
        let mut query = query.clone();
        query.format = ReportFormat::Json;
        Self::send(
            self.request(Method::GET, &format!("/reports/class/{class_id}"))
                .query(&query),
        )
        .await
    }

    /// `GET /api/v1/reports/overview`: what needs attention this week.
    pub async fn overview(&self) -> Result<Overview> {
        Self::send(self.request(Method::GET, "/reports/overview")).await
    }

    /// A report as a file: `path` is the report's path under `/api/v1` (`/reports/…`) and `query`
    /// its filters with `format` set to `csv`, `xlsx` or `pdf`.
    pub async fn report_file<Q: serde::Serialize + ?Sized>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<Vec<u8>> {
        Self::send_bytes(self.request(Method::GET, path).query(query)).await
    }
}
