//! The archive of closed periods and years (R-P2, R-P5): the school's packages, writing one on
//! demand, checking one against the school's published seal key, and that key — as data or as a
//! page to print for the director's order.

use crate::{Client, Result};
use journal_api_types::archives::{Archive, ArchiveCheck, ArchiveKey, CreateArchive};
use journal_api_types::journal::{SheetFormat, SummaryQuery};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/archives`: the school's packages, newest first; the deputy, the director and
    /// the admin.
    pub async fn list_archives(&self) -> Result<Vec<Archive>> {
        Self::send(self.request(Method::GET, "/archives")).await
    }

    /// `POST /api/v1/archives`: write a package of one period (`period_id`) or of a whole school
    /// year (`year_id`) now — exactly one of the two, else `400 period_or_year`; the deputy and
    /// the director. The answer comes when the package is sealed: for a big school that takes up
    /// to a minute.
    pub async fn create_archive(&self, request: &CreateArchive) -> Result<Archive> {
        self.post("/archives", request).await
    }

    /// `GET /api/v1/archives/{id}`: one package.
    pub async fn archive(&self, archive_id: Uuid) -> Result<Archive> {
        Self::send(self.request(Method::GET, &format!("/archives/{archive_id}"))).await
    }

    /// `POST /api/v1/archives/{id}/verify`: check a package — its seal, the sealed manifests and
    /// every file — against the school's published key; the answer names the first thing that
    /// differs.
    pub async fn verify_archive(&self, archive_id: Uuid) -> Result<ArchiveCheck> {
        Self::send(self.request(Method::POST, &format!("/archives/{archive_id}/verify"))).await
    }

    /// `GET /api/v1/archive-key`: the public half of the school's seal key; `404 no_archive_key`
    /// before the first package is written.
    pub async fn archive_key(&self) -> Result<ArchiveKey> {
        Self::send(self.request(Method::GET, "/archive-key")).await
    }

    /// `GET /api/v1/archive-key?format=pdf`: the key on a page to print and sign for the
    /// director's order, as the PDF's bytes; `404 no_archive_key` before the first package.
    pub async fn archive_key_pdf(&self) -> Result<Vec<u8>> {
        let query = SummaryQuery {
            format: SheetFormat::Pdf,
        };
        Self::send_bytes(self.request(Method::GET, "/archive-key").query(&query)).await
    }
}
