//! One error type for every handler and extractor, answered as `application/problem+json` with a
//! stable `code` (the SPA translates codes; people read `detail`). Bad input never becomes a 500.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use journal_api_types::{Clash, ErrorCode, FieldError, Problem};
use journal_domain::password::PasswordProblem;
use journal_domain::policy::CredentialsDenied;
use journal_domain::Denied;
use std::fmt;

/// An error answer of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    /// Seconds for a `Retry-After` header (throttling).
    pub retry_after: Option<i64>,
    /// The lesson in the way of a timetable write.
    pub clash: Option<Box<Clash>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: Some(detail.into()),
            errors: Vec::new(),
            retry_after: None,
            clash: None,
        }
    }

    /// The problem names the lesson in the way (`*_double_booked`).
    pub fn with_clash(mut self, clash: Clash) -> Self {
        self.clash = Some(Box::new(clash));
        self
    }

    pub fn bad_request(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub fn unauthorized(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    pub fn forbidden(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, detail)
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "no such object")
    }

    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    /// An unexpected failure: logged in full, answered without internals.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "an unexpected error occurred; it has been logged",
        )
    }

    /// A request body that failed its validation rules, field by field.
    pub fn validation(errors: &validator::ValidationErrors) -> Self {
        let mut fields: Vec<FieldError> = Vec::new();
        collect_field_errors("", errors, &mut fields);
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        Self {
            status: StatusCode::BAD_REQUEST,
            code: ErrorCode::ValidationFailed,
            detail: Some("the request has invalid fields".into()),
            errors: fields,
            retry_after: None,
            clash: None,
        }
    }

    fn problem(&self) -> Problem {
        Problem {
            kind: format!("urn:journal:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            code: self.code.to_owned(),
            detail: self.detail.clone(),
            errors: self.errors.clone(),
            clash: self.clash.clone(),
        }
    }
}

fn collect_field_errors(
    prefix: &str,
    errors: &validator::ValidationErrors,
    out: &mut Vec<FieldError>,
) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| FieldError {
                field: name.clone(),
                code: e.code.to_string(),
                message: e.message.as_ref().map(|m| m.to_string()),
            })),
            ValidationErrorsKind::Struct(inner) => collect_field_errors(&name, inner, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect_field_errors(&format!("{name}[{i}]"), inner, out);
                }
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let Some(secs) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"journal\""));
        }
        response.json(self.problem())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        ApiError::internal(e)
    }
}

impl From<journal_db::DbError> for ApiError {
    fn from(e: journal_db::DbError) -> Self {
        match e {
            journal_db::DbError::Pool(e) => unavailable(e),
            other => ApiError::internal(other),
        }
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(e: r2d2::Error) -> Self {
        unavailable(e)
    }
}

fn unavailable(cause: impl fmt::Display) -> ApiError {
    tracing::error!(%cause, "database unavailable");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::DatabaseUnavailable,
        "the database is not reachable; try again shortly",
    )
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::internal(e)
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Role => {
                ApiError::forbidden(ErrorCode::Forbidden, "your role does not allow this")
            }
            // R-A11: another school's object is indistinguishable from a missing one.
            Denied::OtherSchool => ApiError::not_found(),
        }
    }
}

impl From<CredentialsDenied> for ApiError {
    fn from(d: CredentialsDenied) -> Self {
        match d {
            CredentialsDenied::Denied(d) => d.into(),
            CredentialsDenied::OtherSchools(_) => ApiError::forbidden(
                ErrorCode::AccountInOtherSchools,
                "this account also belongs to another school: its password and sessions can be \
                 managed only by an administrator of every school it belongs to, or on the server \
                 with `journal user reset-password`",
            ),
        }
    }
}

impl From<PasswordProblem> for ApiError {
    fn from(p: PasswordProblem) -> Self {
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, p.into(), p.to_string());
        e.errors.push(FieldError {
            field: "new_password".into(),
            code: p.code().into(),
            message: Some(p.to_string()),
        });
        e
    }
}
