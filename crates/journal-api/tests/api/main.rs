//! The API through the real actix stack with real tokens. Each test runs on the backend named by
//! JOURNAL_TEST_BACKEND; `make test` runs the suite on SQLite and on PostgreSQL.
//!
//! One test binary, its tests in modules by area: `security` (sign-in, tokens and sessions,
//! throttling, hardening headers), `accounts` (who manages accounts, the audit chain), `audit_reading`
//! (reading the log: filters by person and span, the CSV export), `service`
//! (health, the contract and its docs, input refused at the edge).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod audit_reading;
mod integrations;
#[path = "../shared/oneroster_schema.rs"]
mod oneroster_schema;
mod security;
mod service;
mod sessions;

use actix_web::http::StatusCode;
use actix_web::test;
use base64::Engine;
use common::*;
use journal_api::auth::jwt::Claims;
use journal_db::audit;
use journal_db::now;
use journal_db::testing::TestDb;
use journal_domain::Role;
use serde_json::{json, Value};
