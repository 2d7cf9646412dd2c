//! Printed documents (R-P1): the API's side of the one PDF engine, `journal_print` (Typst as a
//! library, PDF/A-2b, fonts compiled in). Typesetting runs in the heavy pool, never on a request
//! worker.

use crate::error::ApiError;
use crate::state::Heavy;
use chrono::NaiveDate;
pub use journal_print::{Line, LinesDoc, Template};
use serde::Serialize;

/// Typeset `data` with `template` in the heavy pool. `today` is the school's local date.
pub async fn print<T>(
    heavy: &Heavy,
    template: Template,
    data: T,
    today: NaiveDate,
) -> Result<Vec<u8>, ApiError>
where
    T: Serialize + Send + 'static,
{
    heavy
        .run(move || journal_print::render(template, &data, today).map_err(ApiError::internal))
        .await
}

/// Lines of text on A4 portrait with page numbers (the extract, the credential slips).
pub async fn typeset(
    heavy: &Heavy,
    title: String,
    lines: Vec<Line>,
    today: NaiveDate,
) -> Result<Vec<u8>, ApiError> {
    print(heavy, Template::Lines, LinesDoc { title, lines }, today).await
}

/// A PDF answered as a download named `{file}.pdf` (UTF-8 names as RFC 6266 `filename*`).
pub fn attachment(bytes: Vec<u8>, file: &str) -> actix_web::HttpResponse {
    use actix_web::http::header::{
        Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
    };
    let name = format!("{file}.pdf");
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.into_bytes(),
            }),
        ],
    };
    actix_web::HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(disposition)
        .body(bytes)
}
