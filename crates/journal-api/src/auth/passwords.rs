//! Password hashing with argon2id (R-S2) and one-time password generation (R-S1).

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

/// Characters of generated one-time passwords: no look-alikes (0/O, 1/l/I), so a password read
/// off a printed slip is typed right the first time.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Length of a one-time password: 10 characters of a 31-letter alphabet ≈ 49 bits.
const ONE_TIME_LENGTH: usize = 10;

/// The argon2id hash (PHC string) of a password, with default parameters (19 MiB, 2 passes).
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spend the same time as [`verify`] when there is no account, so the answer time does not tell
/// an unknown login from a wrong password (R-S4).
pub fn verify_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("no such account, nothing to match").unwrap_or_default());
    let _ = verify(password, dummy);
}

/// A random one-time password.
pub fn one_time_password() -> String {
    let mut bytes = [0_u8; ONE_TIME_LENGTH];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// 256 random bits, base64url: refresh tokens.
pub fn random_token() -> String {
    use base64::Engine;
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let a = hash("летом едем на дачу").unwrap_or_default();
        let b = hash("летом едем на дачу").unwrap_or_default();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("летом едем на дачу", &a));
        assert!(!verify("летом едем на море", &a));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn one_time_passwords_use_the_unambiguous_alphabet() {
        let p = one_time_password();
        assert_eq!(p.len(), ONE_TIME_LENGTH);
        assert!(p.bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(one_time_password(), one_time_password());
    }
}
