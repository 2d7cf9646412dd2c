//! Typed client of the Journal REST API (`/api/v1`). The SPA, the end-to-end tests and third-party
//! programs use it; it builds natively and for `wasm32-unknown-unknown` (through the browser's fetch).
//!
//! ```no_run
//! # async fn demo() -> Result<(), journal_client::ClientError> {
//! let mut client = journal_client::Client::new("http://127.0.0.1:8080");
//! let tokens = client.login("admin", "journal-demo").await?;
//! client.set_access_token(Some(tokens.access_token));
//! let me = client.me().await?;
//! println!("{} — {}", me.login, me.school_name);
//! # Ok(()) }
//! ```
//!
//! [`Client`] and its plumbing live here; its calls, one module per resource of the API (`auth`,
//! `users`, `structure`, `timetable`, `people`, `diary`, `import`, `planning`, `groups`, `journal`,
//! `remarks`, `messages`, `reports`, `archives`, `backups`, `integrations`), are methods of the
//! same type.

mod archives;
mod auth;
mod backups;
mod diary;
mod groups;
mod import;
mod integrations;
mod journal;
mod messages;
mod people;
mod planning;
mod regions;
mod remarks;
mod reports;
mod sessions;
mod structure;
mod timetable;
mod users;

pub use journal::{JournalSave, VersionedPage};

use chrono::NaiveDate;
use journal_api_types::system::Health;
use journal_api_types::{ErrorCode, Problem};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

/// What can go wrong calling the API.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a problem (`application/problem+json`).
    #[error("{} ({}): {}", .0.code, .0.status, .0.detail.as_deref().unwrap_or(&.0.title))]
    Api(Problem),
    /// The server could not be reached or the answer could not be read.
    #[error("network error: {0}")]
    Network(String),
}

impl ClientError {
    /// The stable problem code, when the server answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api(p) => Some(p.code),
            ClientError::Network(_) => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api(p) => Some(p.status),
            ClientError::Network(_) => None,
        }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        ClientError::Network(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A connection to one Journal server, optionally carrying an access token.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    access_token: Option<String>,
}

impl Client {
    /// `base_url` is the server's root, e.g. `http://127.0.0.1:8080` (no `/api/v1`).
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base_url.into().trim_end_matches('/').to_owned(),
            access_token: None,
        }
    }

    /// Use this access token for the following calls (`None` to call anonymously).
    pub fn set_access_token(&mut self, token: Option<String>) {
        self.access_token = token;
    }

    /// The access token in use.
    pub fn access_token(&self) -> Option<&str> {
        self.access_token.as_deref()
    }

    /// The server root this client talks to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let rb = self
            .http
            .request(method, format!("{}/api/v1{}", self.base, path));
        match &self.access_token {
            Some(token) => rb.bearer_auth(token),
            None => rb,
        }
    }

    async fn send<T: DeserializeOwned>(rb: RequestBuilder) -> Result<T> {
        let response = rb.send().await?;
        if response.status().is_success() {
            Ok(response.json::<T>().await?)
        } else {
            Err(Self::problem(response).await)
        }
    }

    async fn send_empty(rb: RequestBuilder) -> Result<()> {
        let response = rb.send().await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(Self::problem(response).await)
        }
    }

    /// A successful answer's raw bytes (files, exports, extracts).
    async fn send_bytes(rb: RequestBuilder) -> Result<Vec<u8>> {
        let response = rb.send().await?;
        if response.status().is_success() {
            Ok(response.bytes().await?.to_vec())
        } else {
            Err(Self::problem(response).await)
        }
    }

    async fn problem(response: reqwest::Response) -> ClientError {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        problem_of(status, text)
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T> {
        Self::send(self.request(Method::POST, path).json(body)).await
    }

    /// `GET /api/v1/health` (no token needed).
    pub async fn health(&self) -> Result<Health> {
        Self::send(self.request(Method::GET, "/health")).await
    }

    /// `GET /api/v1/openapi.json`: the API description.
    pub async fn openapi(&self) -> Result<serde_json::Value> {
        Self::send(self.request(Method::GET, "/openapi.json")).await
    }
}

/// `/lessons/{entry_id}/{YYYY-MM-DD}`.
fn lesson_path(entry_id: Uuid, date: NaiveDate) -> String {
    format!("/lessons/{entry_id}/{}", date.format("%Y-%m-%d"))
}

/// The problem an error answer's body holds, or one made from its status.
fn problem_of(status: StatusCode, text: String) -> ClientError {
    match serde_json::from_str::<Problem>(&text) {
        Ok(problem) => ClientError::Api(problem),
        Err(_) => ClientError::Api(Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("error").into(),
            status: status.as_u16(),
            code: fallback_code(status),
            detail: (!text.is_empty()).then_some(text),
            errors: Vec::new(),
            clash: None,
        }),
    }
}

fn fallback_code(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        _ => ErrorCode::HttpError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_paths_carry_the_iso_date() {
        let id = Uuid::nil();
        let date = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default();
        assert_eq!(
            lesson_path(id, date),
            "/lessons/00000000-0000-0000-0000-000000000000/2025-09-01"
        );
    }
}
