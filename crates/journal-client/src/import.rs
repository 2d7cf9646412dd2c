//! Lists imported from and exported to CSV or XLSX files (R-B6).

use crate::{problem_of, Client, Result};
use journal_api_types::import::{
    ExportFormat, ExportQuery, ImportKind, ImportQuery, ImportRejected, ImportReport,
};
use reqwest::{Method, StatusCode};

/// The content type of an imported file: XLSX files are ZIP archives (`PK`), anything else is
/// sent as CSV text.
fn file_type(file: &[u8]) -> &'static str {
    if file.starts_with(b"PK\x03\x04") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv"
    }
}

impl Client {
    /// `POST /api/v1/import/{kind}`: check (`dry_run`) or import a CSV or XLSX file. A real import
    /// refused because of bad rows (`422 import_rejected`) also answers with its report: nothing
    /// was imported (`imported` is 0) and every problem is listed, as after a dry run.
    pub async fn import_list(
        &self,
        kind: ImportKind,
        dry_run: bool,
        file: Vec<u8>,
    ) -> Result<ImportReport> {
        let rb = self
            .request(Method::POST, &format!("/import/{}", kind.as_str()))
            .query(&ImportQuery {
                dry_run: Some(dry_run),
            })
            .header("Content-Type", file_type(&file))
            .body(file);
        let response = rb.send().await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response.json::<ImportReport>().await?);
        }
        let text = response.text().await.unwrap_or_default();
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            if let Ok(rejected) = serde_json::from_str::<ImportRejected>(&text) {
                return Ok(rejected.report);
            }
        }
        Err(problem_of(status, text))
    }

    /// `GET /api/v1/export/{kind}`: the list as a file, in the columns its import reads.
    pub async fn export_list(&self, kind: ImportKind, format: ExportFormat) -> Result<Vec<u8>> {
        Self::send_bytes(
            self.request(Method::GET, &format!("/export/{}", kind.as_str()))
                .query(&ExportQuery {
                    format: Some(format),
                }),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_files_are_told_from_csv_by_their_zip_signature() {
        assert_eq!(
            file_type(b"PK\x03\x04rest"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(file_type("Фамилия;Имя".as_bytes()), "text/csv");
    }
}
