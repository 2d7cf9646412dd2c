//! End-to-end: the release `journal` binary on a demo database, the API through `journal-client`,
//! and the SPA in headless Chromium through chromedriver (WebDriver, fantoccini). One module per
//! area; the harness they share is this crate's library (`journal_e2e`).
//!
//! Run with `make e2e`, or by hand after `cargo build --release -p journal-server` and
//! `frontend/build.sh`:
//!
//! ```text
//! cargo test -p journal-e2e -- --ignored --nocapture
//! ```
//!
//! `JOURNAL_BIN` and `JOURNAL_SPA_DIR` point at another binary or SPA build. Screenshots and the
//! server and chromedriver logs go to `e2e/artifacts/`.

mod a11y;
mod access;
mod accounts;
mod archive;
mod consent;
mod family;
mod groups;
mod integrations;
mod journal;
mod people;
mod print;
mod printed_journal;
mod region;
mod reports;
mod sessions;
mod timetable;
