//! Access tokens (R-S3): HS256 JWTs with the algorithm pinned and `iss`, `aud`, `exp`, `sub`
//! required. Claims: `sub` (user), `school` (active school), `roles`, `iss`, `aud`, `exp`, `iat`,
//! `typ` (`access`), and `pwd` (true while the password must be changed).

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "journal";
pub const AUDIENCE: &str = "journal-api";
pub const ACCESS_TYPE: &str = "access";
/// Minimum secret length for HS256 (bytes).
pub const MIN_SECRET_LEN: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub school: String,
    pub roles: Vec<String>,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub typ: String,
    /// The session may only change the password.
    #[serde(default)]
    pub pwd: bool,
    /// The session (sign-in) the token belongs to: ending it stops the token at once (R-S6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// The signing and verification keys.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    /// Keys from a secret of at least [`MIN_SECRET_LEN`] bytes.
    pub fn from_secret(secret: &[u8]) -> Result<Self, String> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(format!(
                "the JWT secret must be at least {MIN_SECRET_LEN} bytes, got {}",
                secret.len()
            ));
        }
        Ok(Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        })
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        self.sign_as(claims)
    }

    /// Sign any claims (an integration client's, R-A10) the same way.
    pub fn sign_as<T: Serialize>(&self, claims: &T) -> Result<String, jsonwebtoken::errors::Error> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// Verify signature, algorithm, issuer, audience and expiry; return the claims.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        self.verify_as(token)
    }

    /// [`JwtKeys::verify`] into any claims (an integration client's, R-A10).
    pub fn verify_as<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
    ) -> Result<T, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        validation.validate_exp = true;
        Ok(decode::<T>(token, &self.decoding, &validation)?.claims)
    }
}

/// The second an access token is issued at: never before the account's `not_before`, rounded up,
/// so a token issued right after "log out everywhere" is valid and every earlier one is not.
pub fn issued_at(now: DateTime<Utc>, not_before: DateTime<Utc>) -> i64 {
    now.timestamp().max(ceil_seconds(not_before))
}

/// Whether a token issued at `iat` is still accepted given the account's `not_before` (R-S5).
pub fn issued_after(iat: i64, not_before: DateTime<Utc>) -> bool {
    iat >= ceil_seconds(not_before)
}

/// The `not_before` that ends every token issued so far ("log out everywhere", password change):
/// a whole second later than any `iat` handed out until now, so tokens issued within the same
/// second as the previous cut-off cannot survive this one.
pub fn next_not_before(now: DateTime<Utc>, previous: DateTime<Utc>) -> DateTime<Utc> {
    let secs = (now.timestamp() + 1).max(ceil_seconds(previous) + 1);
    DateTime::from_timestamp(secs, 0).unwrap_or(now)
}

fn ceil_seconds(t: DateTime<Utc>) -> i64 {
    if t.timestamp_subsec_nanos() > 0 {
        t.timestamp() + 1
    } else {
        t.timestamp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn not_before_splits_tokens_within_one_second() {
        let t0 = DateTime::from_timestamp(1_700_000_000, 300_000_000).unwrap_or_default();
        let logout_all = t0 + Duration::milliseconds(400);
        let old_iat = issued_at(t0, DateTime::UNIX_EPOCH);
        assert!(
            !issued_after(old_iat, logout_all),
            "a token from before is refused"
        );
        let new_iat = issued_at(logout_all + Duration::milliseconds(100), logout_all);
        assert!(
            issued_after(new_iat, logout_all),
            "a token from after is accepted"
        );
    }

    #[test]
    fn every_cut_off_ends_every_token_issued_before_it() {
        let created = DateTime::from_timestamp(1_700_000_000, 200_000_000).unwrap_or_default();
        let t = created + Duration::milliseconds(100);
        let first = issued_at(t, created);
        let cut = next_not_before(t, created);
        assert!(!issued_after(first, cut));
        let second = issued_at(t + Duration::milliseconds(100), cut);
        assert!(issued_after(second, cut));
        let cut_again = next_not_before(t + Duration::milliseconds(200), cut);
        assert!(
            !issued_after(second, cut_again),
            "a second cut-off in the same second still works"
        );
        assert!(issued_after(issued_at(t, cut_again), cut_again));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(JwtKeys::from_secret(b"short").is_err());
        assert!(JwtKeys::from_secret(&[7; 32]).is_ok());
    }
}
