//! Integration clients (R-A10): the school's admin registers external systems, gets each one's
//! secret once, issues a new secret and revokes a system's access.

use crate::{Client, Result};
use journal_api_types::integrations::{
    ClientSecret, IntegrationClient, IntegrationClients, NewIntegrationClient,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/integration-clients`: the school's clients, newest first, and the token path.
    pub async fn integration_clients(&self) -> Result<IntegrationClients> {
        Self::send(self.request(Method::GET, "/integration-clients")).await
    }

    /// `POST /api/v1/integration-clients`: register a client; the answer holds its secret, shown
    /// this once.
    pub async fn create_integration_client(
        &self,
        client: &NewIntegrationClient,
    ) -> Result<ClientSecret> {
        self.post("/integration-clients", client).await
    }

    /// `POST /api/v1/integration-clients/{id}/rotate-secret`: a new secret (shown this once); the
    /// old one and the tokens issued with it stop working at once.
    pub async fn rotate_client_secret(&self, client_id: Uuid) -> Result<ClientSecret> {
        Self::send(self.request(
            Method::POST,
            &format!("/integration-clients/{client_id}/rotate-secret"),
        ))
        .await
    }

    /// `POST /api/v1/integration-clients/{id}/revoke`: the client gets no more tokens and its
    /// tokens stop working.
    pub async fn revoke_client(&self, client_id: Uuid) -> Result<IntegrationClient> {
        Self::send(self.request(
            Method::POST,
            &format!("/integration-clients/{client_id}/revoke"),
        ))
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::integrations::Scope;

    /// A client never used nor revoked reads; its scopes are URIs.
    #[test]
    fn a_fresh_client_reads() {
        let c: IntegrationClient = serde_json::from_str(
            r#"{"client_id":"6f1c1f9e-5d1a-4d0e-9f55-1d2b3c4d5e6f","name":"Библиотека",
                "scopes":["https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly",
                          "journal.exports.readonly"],
                "created_at":"2026-12-05T08:00:00Z","created_by_name":"Админов Алексей",
                "secret_set_at":"2026-12-05T08:00:00Z"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.scopes, vec![Scope::RosterCore, Scope::Exports]);
        assert!(c.last_used_at.is_none() && c.revoked_at.is_none());
    }
}
