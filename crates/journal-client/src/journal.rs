//! The class journal (R-J, R-F): pages saved against their `ETag`, closing and reopening, the
//! history, the journal settings, the finals' summary sheet and homework files.

use crate::{lesson_path, Client, ClientError, Result};
use chrono::NaiveDate;
use journal_api_types::journal::{
    BulkClose, BulkLockResult, BulkReopen, ClosePage, FileName, HistoryFilter, HistoryItem,
    HomeworkFile, JournalPage, JournalSettings, JournalSettingsInput, PrintedJournalQuery,
    ReopenPage, SaveCells, SheetFormat, SubjectScale, SummaryQuery, SummarySheet, WorkTypeInput,
};
use journal_api_types::Problem;
use reqwest::{Method, RequestBuilder};
use uuid::Uuid;

/// A journal page with the `ETag` to send back in `If-Match` when saving (R-J7).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionedPage {
    pub page: JournalPage,
    /// The `ETag` header as the server sent it, e.g. `"7"` (quotes included).
    pub etag: String,
}

/// How a save of journal cells ended, apart from the failures every call can have.
#[derive(Debug, Clone, PartialEq)]
pub enum JournalSave {
    /// Written: the fresh page and its new `ETag`.
    Saved(Box<VersionedPage>),
    /// `412 stale_page`: somebody saved the page since it was read; nothing was written. Reload it
    /// and apply the changes again.
    Stale(Problem),
}

/// The `ETag` of a page answer: the header, or the page's version when a proxy dropped it.
fn etag_of(header: Option<&str>, page: &JournalPage) -> String {
    match header.map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) => h.to_owned(),
        None => format!("\"{}\"", page.version),
    }
}

/// `/journal/{assignment_id}/{period_id}`.
fn journal_path(assignment_id: Uuid, period_id: Uuid) -> String {
    format!("/journal/{assignment_id}/{period_id}")
}

impl Client {
    async fn versioned(rb: RequestBuilder) -> Result<VersionedPage> {
        let response = rb.send().await?;
        if !response.status().is_success() {
            return Err(Self::problem(response).await);
        }
        let header = response
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let page = response.json::<JournalPage>().await?;
        let etag = etag_of(header.as_deref(), &page);
        Ok(VersionedPage { page, etag })
    }

    /// `GET /api/v1/journal/{assignment_id}/{period_id}`: the page of a teaching assignment in a
    /// period with its `ETag`.
    pub async fn journal_page(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
    ) -> Result<VersionedPage> {
        Self::versioned(self.request(Method::GET, &journal_path(assignment_id, period_id))).await
    }

    /// `POST /api/v1/journal/{assignment_id}/{period_id}` with `If-Match: etag`: save a batch of
    /// cell changes atomically. A stale `etag` gives [`JournalSave::Stale`] (nothing written);
    /// refused changes come back as `422 invalid_changes` with `errors[].field` = `changes[i]`, a
    /// closed period as `423 period_locked`.
    pub async fn save_journal(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        etag: &str,
        cells: &SaveCells,
    ) -> Result<JournalSave> {
        let rb = self
            .request(Method::POST, &journal_path(assignment_id, period_id))
            .header(reqwest::header::IF_MATCH, etag)
            .json(cells);
        match Self::versioned(rb).await {
            Ok(page) => Ok(JournalSave::Saved(Box::new(page))),
            Err(ClientError::Api(p)) if p.status == 412 => Ok(JournalSave::Stale(p)),
            Err(e) => Err(e),
        }
    }

    /// `POST /api/v1/journal/{assignment_id}/{period_id}/close`: close the period for the page
    /// (R-F2).
    pub async fn close_journal(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        request: &ClosePage,
    ) -> Result<VersionedPage> {
        Self::versioned(
            self.request(
                Method::POST,
                &format!("{}/close", journal_path(assignment_id, period_id)),
            )
            .json(request),
        )
        .await
    }

    /// `POST /api/v1/journal/{assignment_id}/{period_id}/reopen`: deputy or director, with a
    /// reason (R-F2).
    pub async fn reopen_journal(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        request: &ReopenPage,
    ) -> Result<VersionedPage> {
        Self::versioned(
            self.request(
                Method::POST,
                &format!("{}/reopen", journal_path(assignment_id, period_id)),
            )
            .json(request),
        )
        .await
    }

    /// `POST /api/v1/journal/close`: close a period for every page of a class, or of the whole
    /// school without `class_id` (R-F2); the deputy or the director. The pages closed and those
    /// left as they were, with the code why (`period_already_closed`, `year_archived`).
    pub async fn bulk_close(&self, request: &BulkClose) -> Result<BulkLockResult> {
        Self::send(self.request(Method::POST, "/journal/close").json(request)).await
    }

    /// `POST /api/v1/journal/reopen`: reopen a period for every closed page of a class, or of the
    /// whole school, with a reason (R-F2); the deputy or the director. `until` before today
    /// answers `422 reopen_until_past` and reopens nothing.
    pub async fn bulk_reopen(&self, request: &BulkReopen) -> Result<BulkLockResult> {
        Self::send(self.request(Method::POST, "/journal/reopen").json(request)).await
    }

    /// `GET /api/v1/journal/{assignment_id}/{period_id}/history`: who changed what, newest first;
    /// narrowed to one cell by the filter.
    pub async fn journal_history(
        &self,
        assignment_id: Uuid,
        period_id: Uuid,
        filter: &HistoryFilter,
    ) -> Result<Vec<HistoryItem>> {
        Self::send(
            self.request(
                Method::GET,
                &format!("{}/history", journal_path(assignment_id, period_id)),
            )
            .query(filter),
        )
        .await
    }

    /// `GET /api/v1/journal-settings`: thresholds, the fewest marks, the automatic lock, the
    /// homework file limit, work types and scales of the school (R-J2, R-F2, R-F6).
    pub async fn journal_settings(&self) -> Result<JournalSettings> {
        Self::send(self.request(Method::GET, "/journal-settings")).await
    }

    /// `PUT /api/v1/journal-settings`: deputy or director; `422 thresholds_not_rising` when the
    /// thresholds do not rise.
    pub async fn update_journal_settings(
        &self,
        request: &JournalSettingsInput,
    ) -> Result<JournalSettings> {
        Self::send(self.request(Method::PUT, "/journal-settings").json(request)).await
    }

    /// `PUT /api/v1/work-types/{code}`: add or change a work type (deputy or director).
    pub async fn save_work_type(
        &self,
        code: &str,
        request: &WorkTypeInput,
    ) -> Result<JournalSettings> {
        Self::send(
            self.request(Method::PUT, &format!("/work-types/{code}"))
                .json(request),
        )
        .await
    }

    /// `PUT /api/v1/subject-scales`: a subject's scale in a grade (deputy or director).
    pub async fn set_subject_scale(&self, request: &SubjectScale) -> Result<JournalSettings> {
        Self::send(self.request(Method::PUT, "/subject-scales").json(request)).await
    }

    /// `GET /api/v1/classes/{id}/finals`: the summary sheet of a class's finals (R-F5); the class
    /// teacher, the deputy and the director.
    pub async fn summary_sheet(&self, class_id: Uuid) -> Result<SummarySheet> {
        Self::send(self.request(Method::GET, &format!("/classes/{class_id}/finals"))).await
    }

    /// `GET /api/v1/classes/{id}/finals?format=pdf`: the summary sheet of a class's finals typeset
    /// for printing (R-F5, R-P1), as the PDF's bytes; the class teacher, the deputy and the
    /// director.
    pub async fn summary_sheet_pdf(&self, class_id: Uuid) -> Result<Vec<u8>> {
        let query = SummaryQuery {
            format: SheetFormat::Pdf,
        };
        Self::send_bytes(
            self.request(Method::GET, &format!("/classes/{class_id}/finals"))
                .query(&query),
        )
        .await
    }

    /// `GET /api/v1/classes/{id}/printed-journal`: the printed class journal (R-P1) of one period,
    /// or of the whole school year when `period_id` is `None`, as the PDF's bytes; the class
    /// teacher of the class, the deputy and the director.
    pub async fn printed_journal(
        &self,
        class_id: Uuid,
        period_id: Option<Uuid>,
    ) -> Result<Vec<u8>> {
        let query = PrintedJournalQuery { period_id };
        Self::send_bytes(
            self.request(Method::GET, &format!("/classes/{class_id}/printed-journal"))
                .query(&query),
        )
        .await
    }

    /// `GET /api/v1/lessons/{entry_id}/{date}/files`: the files of a lesson's homework.
    pub async fn homework_files(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
    ) -> Result<Vec<HomeworkFile>> {
        Self::send(self.request(
            Method::GET,
            &format!("{}/files", lesson_path(entry_id, date)),
        ))
        .await
    }

    /// `POST /api/v1/lessons/{entry_id}/{date}/files?name=…`: attach a file to the homework; a
    /// file over the school's limit answers `413 file_too_large`.
    pub async fn upload_homework_file(
        &self,
        entry_id: Uuid,
        date: NaiveDate,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<HomeworkFile> {
        Self::send(
            self.request(
                Method::POST,
                &format!("{}/files", lesson_path(entry_id, date)),
            )
            .query(&FileName {
                name: name.to_owned(),
            })
            .header("Content-Type", content_type)
            .body(bytes),
        )
        .await
    }

    /// `GET /api/v1/files/{id}`: a homework file's bytes.
    pub async fn download_file(&self, id: Uuid) -> Result<Vec<u8>> {
        Self::send_bytes(self.request(Method::GET, &format!("/files/{id}"))).await
    }

    /// `DELETE /api/v1/files/{id}`: remove a homework file (the lesson's teacher).
    pub async fn delete_file(&self, id: Uuid) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, &format!("/files/{id}"))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(version: i32) -> JournalPage {
        serde_json::from_value(serde_json::json!({
            "assignment_id": Uuid::nil(), "class_id": Uuid::nil(), "class_name": "7А",
            "subject_id": Uuid::nil(), "subject_name": "Математика",
            "teacher_id": Uuid::nil(), "teacher_name": "Иванова Мария Петровна",
            "period": {"id": Uuid::nil(), "kind": "quarter", "number": 2,
                "starts_on": "2025-11-05", "ends_on": "2025-12-28"},
            "scale": "five_point", "work_types": [],
            "thresholds": {"three": 2.5, "four": 3.5, "five": 4.5},
            "version": version, "locked": false, "access": "keep", "leads_class": false, "locks": [], "lessons": [], "students": []
        }))
        .unwrap_or_else(|e| panic!("a page: {e}"))
    }

    #[test]
    fn the_etag_is_kept_as_sent_or_made_from_the_version() {
        let p = page(7);
        assert_eq!(etag_of(Some("\"7\""), &p), "\"7\"");
        assert_eq!(etag_of(Some(" W/\"7\" "), &p), "W/\"7\"");
        assert_eq!(etag_of(None, &p), "\"7\"");
        assert_eq!(etag_of(Some(""), &p), "\"7\"");
        // An older server without `min_marks` still reads.
        assert_eq!(p.min_marks, 0);
    }

    #[test]
    fn saves_send_the_etag_in_if_match() {
        let id = Uuid::nil();
        let request = Client::new("http://127.0.0.1:1")
            .request(Method::POST, &journal_path(id, id))
            .header(reqwest::header::IF_MATCH, "\"3\"")
            .build()
            .map_err(|e| e.to_string());
        let request = request.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            request.url().path(),
            "/api/v1/journal/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(
            request
                .headers()
                .get(reqwest::header::IF_MATCH)
                .and_then(|v| v.to_str().ok()),
            Some("\"3\"")
        );
    }
}
