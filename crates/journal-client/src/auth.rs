//! Signing in and out, tokens and passwords, the caller (`/auth`, `/me`).

use crate::{Client, Result};
use journal_api_types::auth::{
    ChangePasswordRequest, LoginRequest, Me, RefreshRequest, SwitchSchoolRequest, TokenPair,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// `POST /api/v1/auth/login`.
    pub async fn login(&self, login: &str, password: &str) -> Result<TokenPair> {
        let body = LoginRequest {
            login: login.into(),
            password: password.into(),
        };
        self.post("/auth/login", &body).await
    }

    /// `POST /api/v1/auth/refresh`: trade a refresh token for a new pair (the old one stops working).
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        self.post("/auth/refresh", &body).await
    }

    /// `POST /api/v1/auth/logout`: end the session of this refresh token.
    pub async fn logout(&self, refresh_token: &str) -> Result<()> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        Self::send_empty(self.request(Method::POST, "/auth/logout").json(&body)).await
    }

    /// `POST /api/v1/auth/logout-all`: end every session of the caller, on every device.
    pub async fn logout_all(&self) -> Result<()> {
        Self::send_empty(self.request(Method::POST, "/auth/logout-all")).await
    }

    /// `POST /api/v1/auth/password`: change one's password; answers with fresh tokens.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<TokenPair> {
        let body = ChangePasswordRequest {
            current_password: current.into(),
            new_password: new.into(),
        };
        self.post("/auth/password", &body).await
    }

    /// `POST /api/v1/auth/switch-school`: tokens for another school of the caller.
    pub async fn switch_school(&self, school_id: Uuid) -> Result<TokenPair> {
        self.post("/auth/switch-school", &SwitchSchoolRequest { school_id })
            .await
    }

    /// `GET /api/v1/me`.
    pub async fn me(&self) -> Result<Me> {
        Self::send(self.request(Method::GET, "/me")).await
    }
}
