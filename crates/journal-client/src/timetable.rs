//! The weekly timetable, dated lessons and their changes (substitutions, cancellations, moves),
//! the substitutions report (R-T1, R-T2).

use crate::{lesson_path, Client, Result};
use chrono::NaiveDate;
use journal_api_types::timetable::{
    BusyTeacher, ChangeInput, EndEntryRequest, Entry, EntryInput, Lesson, LessonFilter,
    LessonRecordInput, ReportSpan, SubstitutionLine, TimetableFilter,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `POST /api/v1/timetable`: a weekly lesson; a double booking is refused with `409` and a
    /// `detail` naming the clash.
    pub async fn create_entry(&self, request: &EntryInput) -> Result<Entry> {
        self.post("/timetable", request).await
    }

    /// `GET /api/v1/timetable`: the weekly entries of a class or a teacher valid on a date.
    pub async fn list_entries(&self, filter: &TimetableFilter) -> Result<Vec<Entry>> {
        Self::send(self.request(Method::GET, "/timetable").query(filter)).await
    }

    /// `POST /api/v1/timetable/{id}/end`: the entry's last day.
    pub async fn end_entry(&self, entry_id: Uuid, last_day: NaiveDate) -> Result<Entry> {
        self.post(
            &format!("/timetable/{entry_id}/end"),
            &EndEntryRequest { last_day },
        )
        .await
    }

    /// `GET /api/v1/lessons`: dated lessons of a class, or of a teacher including those they cover.
    pub async fn list_lessons(&self, filter: &LessonFilter) -> Result<Vec<Lesson>> {
        Self::send(self.request(Method::GET, "/lessons").query(filter)).await
    }

    /// `GET /api/v1/lessons/{entry_id}/{date}`: one dated lesson.
    pub async fn lesson(&self, entry_id: Uuid, date: NaiveDate) -> Result<Lesson> {
        Self::send(self.request(Method::GET, &lesson_path(entry_id, date))).await
    }

    /// `PUT /api/v1/lessons/{entry_id}/{date}`: what was done in the lesson.
    pub async fn write_lesson(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
        record: &LessonRecordInput,
    ) -> Result<Lesson> {
        Self::send(
            self.request(Method::PUT, &lesson_path(entry_id, date))
                .json(record),
        )
        .await
    }

    /// `GET /api/v1/lessons/{entry_id}/{date}/busy`: the teachers with a lesson at that time.
    pub async fn busy_teachers(&self, entry_id: Uuid, date: NaiveDate) -> Result<Vec<BusyTeacher>> {
        Self::send(self.request(
            Method::GET,
            &format!("{}/busy", lesson_path(entry_id, date)),
        ))
        .await
    }

    /// `POST /api/v1/lessons/{entry_id}/{date}/change`: register a substitution, cancellation or
    /// move of one dated lesson.
    pub async fn change_lesson(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
        change: &ChangeInput,
    ) -> Result<Lesson> {
        self.post(&format!("{}/change", lesson_path(entry_id, date)), change)
            .await
    }

    /// `DELETE /api/v1/lessons/{entry_id}/{date}/change`: withdraw a registered change (the lesson
    /// takes place as timetabled again).
    pub async fn withdraw_lesson_change(&self, entry_id: Uuid, date: NaiveDate) -> Result<()> {
        Self::send_empty(self.request(
            Method::DELETE,
            &format!("{}/change", lesson_path(entry_id, date)),
        ))
        .await
    }

    /// `GET /api/v1/reports/substitutions`: substituted, cancelled and moved lessons per teacher.
    pub async fn substitution_report(&self, span: &ReportSpan) -> Result<Vec<SubstitutionLine>> {
        Self::send(
            self.request(Method::GET, "/reports/substitutions")
                .query(span),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_filters_are_left_out_of_the_query() {
        let filter = LessonFilter {
            class_id: None,
            teacher_id: Some(Uuid::nil()),
            from: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default(),
            to: NaiveDate::from_ymd_opt(2025, 9, 7).unwrap_or_default(),
        };
        let request = Client::new("http://127.0.0.1:1")
            .request(Method::GET, "/lessons")
            .query(&filter)
            .build()
            .map_err(|e| e.to_string());
        assert_eq!(
            request.map(|r| r.url().query().map(str::to_owned)),
            Ok(Some(
                "teacher_id=00000000-0000-0000-0000-000000000000&from=2025-09-01&to=2025-09-07"
                    .to_owned()
            ))
        );
    }
}
