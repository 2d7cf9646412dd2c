//! Service information.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    /// Version of the `journal` binary.
    pub version: String,
    /// Database backend in use: `sqlite` or `postgres`.
    pub database: String,
}
