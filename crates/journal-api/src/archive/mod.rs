//! The archive (R-P2, R-P5): when a period or a year is closed, a package of it is written — the
//! printed journals and summary sheets of every class, the journal pages as JSON and CSV — in the
//! BagIt layout ([`bag`]), sealed with the school's Ed25519 key. Packages live under the archive
//! folder (`JOURNAL_DATA_DIR/archives` by default), one folder per school; the secret half of each
//! school's key beside them in `keys/`, the public half in the database for the SPA and for
//! checks. How long a package is kept is `journal_domain::retention`.

pub mod bag;
mod build;

pub use build::{create, view, view_with_author, write, What};

use crate::error::ApiError;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::NaiveDateTime;
use ed25519_dalek::{SigningKey, VerifyingKey};
use journal_db::{archives as adb, DbConnection};
use journal_domain::SchoolId;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the packages and the schools' seal keys are kept.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    on_close: bool,
}

impl Store {
    /// Packages under `dir`, written when asked (`POST /archives`, `journal archive create`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Store {
            dir: dir.into(),
            on_close: false,
        }
    }

    /// Also write a period's package by itself when the period is closed for the whole school
    /// (as `journal serve` does).
    pub fn written_on_close(mut self) -> Self {
        self.on_close = true;
        self
    }

    pub fn on_close(&self) -> bool {
        self.on_close
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder of a school's packages.
    pub fn school_dir(&self, school: SchoolId) -> PathBuf {
        self.dir.join(school.to_string())
    }

    fn key_path(&self, school: SchoolId) -> PathBuf {
        self.dir.join("keys").join(format!("{school}.ed25519"))
    }

    /// The school's seal key. Made once, on first use: its secret half written (owner-only) to the
    /// keys folder and its public half recorded in the database (in `conn`'s transaction). A key
    /// file that is missing while the database knows a public key, or that does not match it, is
    /// an error: a new key is never made silently in place of the published one.
    pub fn signing_key(
        &self,
        conn: &mut DbConnection,
        school: SchoolId,
        at: NaiveDateTime,
    ) -> Result<SigningKey, ApiError> {
        let path = self.key_path(school);
        let published = adb::public_key(conn, school)?.map(|(k, _)| k);
        let key = match std::fs::read_to_string(&path) {
            Ok(text) => hex::decode(text.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .map(|seed| SigningKey::from_bytes(&seed))
                .ok_or_else(|| {
                    ApiError::internal(format!("{} is not an Ed25519 key", path.display()))
                })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && published.is_none() => {
                let mut seed = [0u8; 32];
                OsRng.fill_bytes(&mut seed);
                write_secret(&path, &hex::encode(seed)).map_err(ApiError::internal)?;
                SigningKey::from_bytes(&seed)
            }
            Err(e) => {
                return Err(ApiError::internal(format!(
                    "the school's archive key {}: {e}",
                    path.display()
                )))
            }
        };
        let public = hex::encode(key.verifying_key().as_bytes());
        match published {
            Some(p) if p != public => Err(ApiError::internal(format!(
                "{} does not match the school's published archive key",
                path.display()
            ))),
            Some(_) => Ok(key),
            None => {
                adb::set_public_key(conn, school, &public, at)?;
                Ok(key)
            }
        }
    }
}

/// The school's published key, for checks.
pub fn published_key(
    conn: &mut DbConnection,
    school: SchoolId,
) -> Result<Option<VerifyingKey>, ApiError> {
    Ok(adb::public_key(conn, school)?.and_then(|(k, _)| parse_public_key(&k)))
}

/// A public key written as 64 hex digits.
pub fn parse_public_key(hex_key: &str) -> Option<VerifyingKey> {
    hex::decode(hex_key.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
}

/// A key's fingerprint to read aloud or print: the first 16 bytes of its SHA-256, in groups.
pub fn fingerprint(key: &VerifyingKey) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(key.as_bytes());
    digest[..16]
        .chunks(2)
        .map(hex::encode)
        .collect::<Vec<_>>()
        .join(":")
        .to_uppercase()
}

fn write_secret(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Write the package of a period or year the server closed (R-P2), in the background when the
/// server archives on close (`Store::on_close`): a year of a large school takes a while. The
/// package is listed under /archives when sealed; a failure is logged.
pub fn in_background(state: &crate::state::AppState, closer: crate::auth::Session, what: What) {
    if !state.archive.on_close() {
        return;
    }
    let state = state.clone();
    actix_web::rt::spawn(async move {
        if let Err(e) = write(&state, closer, what).await {
            tracing::error!(error = %e, "an archive package was not written");
        }
    });
}
