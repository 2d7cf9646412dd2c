//! Import and export of lists (R-B6). The file formats are described in `docs/import.md`.

use chrono::{DateTime, Utc};
pub use journal_domain::import::ImportKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// `POST /api/v1/import/{kind}` query.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// `true` (the default): check every row and write nothing. `false`: import every row in one
    /// transaction, or nothing at all when any row is bad (422 with the same report).
    #[serde(default)]
    pub dry_run: Option<bool>,
}

/// The bytes of a CSV or XLSX file (in the OpenAPI document: a binary string).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
pub struct FileBytes(pub Vec<u8>);

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// UTF-8 with a BOM, `;`-separated, CRLF: opens in Excel with Cyrillic intact.
    #[default]
    Csv,
    Xlsx,
}

/// `GET /api/v1/export/{kind}` query.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `csv` (the default) or `xlsx`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ExportFormat>,
}

/// One bad row (or the header, line 1) of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    /// Line in the file; the header is line 1 (for XLSX: the sheet's row number).
    pub line: usize,
    /// The column to blame (English key, e.g. `birth_date`), when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Stable reason: `missing_field`, `bad_date`, `unknown_class`, `duplicate_in_file`,
    /// `already_exists`, `login_taken`, … (listed in docs/import.md).
    pub code: String,
    pub message: String,
}

/// An account created by a staff import, with its one-time password to hand over (R-S1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedCredential {
    pub user_id: Uuid,
    pub login: String,
    /// "Фамилия Имя Отчество".
    pub full_name: String,
    /// Valid once, until `expires_at`; must be changed at first sign-in.
    pub initial_password: String,
    pub expires_at: DateTime<Utc>,
}

/// What an import did or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub kind: ImportKind,
    pub dry_run: bool,
    /// Data rows read (blank rows are skipped).
    pub rows: usize,
    /// Rows without problems.
    pub valid: usize,
    /// Objects written: 0 on a dry run and on a refused import.
    pub imported: usize,
    /// Every problem, by line.
    pub problems: Vec<RowProblem>,
    /// Ids of the created objects (students, guardians, classes, accounts), in file order; for
    /// links, the students linked.
    pub created_ids: Vec<Uuid>,
    /// Staff imports: the created logins with their one-time passwords. Shown once.
    pub credentials: Vec<IssuedCredential>,
}

/// `422` answer of a real import with bad rows: a problem (`code` = `import_rejected`) carrying
/// the report; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRejected {
    /// `urn:journal:problem:import_rejected`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub code: String,
    pub detail: String,
    pub report: ImportReport,
}

/// The `422` body of `POST /import/{kind}`: [`ImportRejected`] (`import_rejected`, with the
/// report) or a plain [`crate::Problem`] (`bad_encoding`, `empty_file`). Only a schema: the
/// server writes one or the other.
#[cfg(feature = "openapi")]
pub struct ImportFailure;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ImportFailure {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AnyOfBuilder, Schema};
        use utoipa::openapi::Ref;
        Schema::AnyOf(
            AnyOfBuilder::new()
                .item(Ref::from_schema_name("ImportRejected"))
                .item(Ref::from_schema_name("Problem"))
                .description(Some(
                    "`import_rejected` with the report, or a plain problem \
                     (`bad_encoding`, `empty_file`)",
                ))
                .build(),
        )
        .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ImportFailure {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        use utoipa::PartialSchema;
        schemas.push(("ImportRejected".into(), ImportRejected::schema()));
        <ImportRejected as utoipa::ToSchema>::schemas(schemas);
        schemas.push(("Problem".into(), crate::Problem::schema()));
        <crate::Problem as utoipa::ToSchema>::schemas(schemas);
    }
}
