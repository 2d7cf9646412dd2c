//! Everything that is not drawing: the API session, browser storage, the page and time helpers.

pub mod access;
pub mod api;
pub mod browser;
pub mod lessons;
pub mod state;
pub mod time;
pub mod week;
