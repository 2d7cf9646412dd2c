//! Integration clients (R-A10) and the OAuth 2.0 token endpoint (RFC 6749 §4.4).

use chrono::{DateTime, Utc};
pub use journal_domain::clients::Scope;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

/// A registered client, as its school's admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrationClient {
    /// The `client_id` it authenticates with.
    pub client_id: Uuid,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    /// Who registered it.
    pub created_by_name: String,
    /// When its current secret was issued (tokens issued before then no longer work).
    pub secret_set_at: DateTime<Utc>,
    /// The last call it made (to the minute); none before its first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked: it gets no token and its tokens no longer work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The school's clients (`GET /integration-clients`), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrationClients {
    pub clients: Vec<IntegrationClient>,
    /// The token endpoint's path (`/oauth/token`), for the client's configuration.
    pub token_path: String,
}

fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        return Err(ValidationError::new("blank"));
    }
    Ok(())
}

fn some_scope(scopes: &[Scope]) -> Result<(), ValidationError> {
    if scopes.is_empty() {
        return Err(ValidationError::new("no_scope"));
    }
    Ok(())
}

/// `POST /integration-clients`: a new client with a name and the scopes it may ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewIntegrationClient {
    /// What it is, e.g. «Библиотечная система» (shown in the audit log beside each call).
    #[validate(length(min = 1, max = 120), custom(function = "not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 120,
            pattern = r"^[^\u0000]*[^\u0000\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$"
        )
    )]
    pub name: String,
    /// At least one; each at most once.
    #[validate(length(min = 1, max = 6), custom(function = "some_scope"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 6))]
    pub scopes: Vec<Scope>,
}

/// A client with its secret: answered once, at registration and at each rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientSecret {
    pub client: IntegrationClient,
    /// Shown once: only its hash is kept.
    pub client_secret: String,
}

/// `POST /oauth/token` (form `application/x-www-form-urlencoded`): the client-credentials grant.
/// The client authenticates with HTTP Basic (`client_id:client_secret`) or with the two form
/// fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenRequest {
    /// `client_credentials`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    /// Space-separated scopes; the client's registered scopes when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// A client's access token (RFC 6749 §5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientToken {
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Seconds it is valid for.
    pub expires_in: i64,
    /// The scopes granted, space-separated.
    pub scope: String,
}

/// A refused token request (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `unsupported_grant_type` or `invalid_scope`.
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}
