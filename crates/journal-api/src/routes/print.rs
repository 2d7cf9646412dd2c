//! The printed class journal (R-P1, [s001 5.2–5.3; s003 3.3]): a class's journal of a period or
//! of the year as a PDF, shaped by `services::print` and typeset by `journal_print` in the heavy
//! pool. The class teacher, the deputy and the director print it.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::print::journal_book;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::journal::PrintedJournalQuery;
use journal_api_types::Problem;
use journal_print::Template;
use uuid::Uuid;

/// The printed journal of a class (R-P1): one period's with `period_id`, else the whole year's. A
/// PDF/A document: the title sheet names the school, class, year, period and class teacher and
/// counts the pages; the contents lists each subject's first page.
#[utoipa::path(tag = "journal", security(("bearer" = [])), params(("class_id" = Uuid, Path), PrintedJournalQuery),
    responses(
        (status = 200, description = "The journal as a PDF", body = FileBytes, content_type = "application/pdf"),
        (status = 400, description = "`invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not the class teacher, the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A class or period that is not the school's, or a period of other grades", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/classes/{class_id}/printed-journal")]
pub async fn printed_journal(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<PrintedJournalQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let today = session.today();
    let class_id = path.into_inner();
    let period = query.0.period_id;
    let (book, file, _) = state
        .read(move |conn| journal_book(conn, &session, class_id, period))
        .await?;
    let bytes = crate::pdf::print(&state.guard.heavy, Template::Journal, book, today).await?;
    Ok(crate::pdf::attachment(bytes, &file))
}
