//! Everything that is not drawing: the API session, browser storage, the page and time helpers.

pub mod access;
pub mod api;
pub mod archive;
pub mod backups;
pub mod browser;
pub mod diary;
pub mod files;
pub mod finals;
pub mod journal;
pub mod lessons;
pub mod messages;
pub mod overview;
pub mod people;
pub mod regions;
pub mod remarks;
pub mod reports;
pub mod sessions;
pub mod settings;
pub mod state;
pub mod time;
pub mod week;
