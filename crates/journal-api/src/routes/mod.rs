//! One module per resource.

pub mod access;
pub mod archives;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod compromises;
pub mod diary;
pub mod extract;
pub mod files;
pub mod groups;
pub mod import;
pub mod integrations;
pub mod journal;
pub mod me;
pub mod messages;
pub mod oneroster;
pub mod people;
pub mod planning;
pub mod print;
pub mod remarks;
pub mod reports;
pub mod structure;
pub mod system;
pub mod timetable;
pub mod users;
