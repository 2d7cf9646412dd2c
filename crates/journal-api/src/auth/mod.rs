//! Authentication: passwords, tokens and the extractors that make "who is calling" a handler
//! argument, so no handler can forget it.

pub mod check;
pub mod client;
pub mod extract;
pub mod jwt;
pub mod passwords;
pub mod tokens;

pub use extract::{Auth, PendingAuth, Session};
