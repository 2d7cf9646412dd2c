//! Pure rules of the Journal (no I/O). The server and the SPA share this crate, so a rule written here
//! answers the same way on both sides. Requirement ids (R-…) refer to `SPEC.md`.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod clients;
pub mod collate;
pub mod compromise;
pub mod devices;
pub mod diary;
pub mod groups;
pub mod ids;
pub mod import;
pub mod journal;
pub mod locking;
pub mod logins;
pub mod marks;
pub mod messaging;
pub mod oneroster;
pub mod page;
pub mod password;
pub mod people;
pub mod plan;
pub mod policy;
pub mod printed;
pub mod regions;
pub mod remarks;
pub mod reports;
pub mod retention;
pub mod role;
pub mod text;
pub mod throttle;
pub mod timetable;

pub use ids::*;
pub use policy::{Action, Caller, Denied, ObjectScope};
pub use role::Role;
