//! Request and response bodies of the Journal REST API (`/api/v1`). Shared by the server, the typed
//! client and the SPA, so no side copies them by hand. Field names are snake_case; request bodies
//! refuse unknown fields.

pub mod archives;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod codes;
pub mod diary;
pub mod groups;
pub mod import;
pub mod integrations;
pub mod journal;
pub mod messages;
pub mod oneroster;
pub mod people;
pub mod planning;
pub mod problem;
pub mod regions;
pub mod remarks;
pub mod reports;
pub mod sessions;
pub mod structure;
pub mod system;
pub mod timetable;
pub mod users;

pub use codes::ErrorCode;
pub use journal_domain::Role;
pub use problem::{Clash, FieldError, Problem};

/// A page of a list: the items plus what is needed to ask for the next one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of items matching the filters, over all pages.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}
