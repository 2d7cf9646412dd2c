//! Services the routes share: what more than one route module needs lives here, so no route
//! module imports another.

pub(crate) mod lessons;
pub(crate) mod page;

use crate::error::ApiError;
use journal_api_types::ErrorCode;

/// Refuse writes into an archived year (R-B7).
pub(crate) fn ensure_open(year: &journal_db::structure::SchoolYear) -> Result<(), ApiError> {
    if year.is_archived() {
        Err(ApiError::conflict(
            ErrorCode::YearArchived,
            format!("the year {} is archived and read-only", year.name),
        ))
    } else {
        Ok(())
    }
}
