//! The archive of closed periods and years (R-P2, R-P5): packages, their checks, the seal key.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// An archive package of a period or a year: the printed journals and summary sheets of every
/// class and the journal pages as data, sealed with the school's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Archive {
    pub id: Uuid,
    pub year_id: Uuid,
    /// None for a year's package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    /// «I четверть, 2026/2027 учебный год».
    pub title: String,
    /// The package's folder name (`journal archive verify` takes its path).
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Who wrote it; none when the server wrote it on a period's close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_name: Option<String>,
    /// The journals in it are kept until this day (5 years after the school year).
    pub journals_until: NaiveDate,
    /// The summary sheets, and so the package, until this day (25 years).
    pub summary_until: NaiveDate,
    pub files: u32,
    pub size_bytes: u64,
    /// The SHA-256 of its `manifest-sha256.txt`.
    pub manifest_sha256: String,
}

/// `POST /api/v1/archives`: a package of one period, or of a whole year: exactly one of the two
/// (else `400 period_or_year`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateArchive {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_id: Option<Uuid>,
}

/// Which part of a package a check found broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArchivePart {
    /// The package folder or a tag file is missing.
    Package,
    /// The seal: the signature, the key, or a manifest that differs from the sealed one.
    Seal,
    /// A payload file differs, is missing, or is not in the manifest.
    File,
}

/// What exactly a check found different: a stable code to word on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArchiveFault {
    /// The package folder, a tag file or `data/` is missing or unreadable (`path`).
    Unreadable,
    /// A tag file is not UTF-8 (`path`).
    NotUtf8,
    /// A manifest line is not `digest  path` (`path`: the manifest).
    Malformed,
    /// The seal holds no public key.
    NoPublicKey,
    /// The seal holds no signature.
    NoSignature,
    /// Sealed with another key than the school's.
    OtherKey,
    /// The signature does not match the tag manifest (`path`).
    SignatureMismatch,
    /// A tag file is not in the sealed tag manifest (`path`).
    NotSealed,
    /// A tag file differs from the sealed one: the manifest changed (`path`).
    TagFileChanged,
    /// The manifest names a path outside `data/` (`path`).
    OutsideData,
    /// A payload file is missing (`path`).
    FileMissing,
    /// A payload file's SHA-256 differs from the manifest (`path`).
    FileChanged,
    /// A payload file is not in the manifest (`path`).
    FileNotListed,
    /// The school has no published key to check against.
    NoPublishedKey,
}

impl ArchiveFault {
    /// Which part of the package the fault is in.
    pub fn part(self) -> ArchivePart {
        use ArchiveFault::*;
        match self {
            Unreadable => ArchivePart::Package,
            FileMissing | FileChanged | FileNotListed => ArchivePart::File,
            NotUtf8 | Malformed | NoPublicKey | NoSignature | OtherKey | SignatureMismatch
            | NotSealed | TagFileChanged | OutsideData | NoPublishedKey => ArchivePart::Seal,
        }
    }
}

/// The first thing a check found different.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchiveProblem {
    pub part: ArchivePart,
    pub fault: ArchiveFault,
    /// The file concerned: `data/classes/7А/journal.pdf`, `manifest-sha256.txt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// In English, for the log and the command line.
    pub reason: String,
}

/// `POST /api/v1/archives/{id}/verify`: the package checked against the school's published key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchiveCheck {
    pub ok: bool,
    pub files: u32,
    pub size_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<ArchiveProblem>,
    pub checked_at: DateTime<Utc>,
}

/// `GET /api/v1/archive-key`: the public half of the school's seal key, for the director's order
/// and for anyone checking a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchiveKey {
    /// 64 hex digits.
    pub public_key: String,
    /// The first 16 bytes of its SHA-256, `AB12:…`, to compare by eye.
    pub fingerprint: String,
    pub created_at: DateTime<Utc>,
}
