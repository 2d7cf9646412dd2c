//! Request input: JSON bodies and query strings are parsed strictly (unknown fields refused) and
//! validated before a handler sees them; every failure is a 400 problem, never a 500.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::NaiveDate;
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use journal_api_types::ErrorCode;
use journal_domain::calendar::{year_accepted, EARLIEST_YEAR, LATEST_YEAR};
use serde::de::DeserializeOwned;
use validator::Validate;

/// A JSON body that parsed and passed its validation rules.
#[derive(Debug)]
pub struct Valid<T>(pub T);

impl<T> FromRequest for Valid<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let mut value = json.await?.into_inner();
            check_text_in(&value, "")?;
            check_dates_in(&value, "")?;
            integral_numbers(&mut value);
            let body: T = serde_json::from_value(value)
                .map_err(|e| ApiError::bad_request(ErrorCode::InvalidBody, e.to_string()))?;
            body.validate().map_err(|e| ApiError::validation(&e))?;
            Ok(Valid(body))
        })
    }
}

/// JSON has numbers, not integers and floats: `3.0` and `3e0` are the integer 3 (as JSON Schema,
/// and so the contract, says), so every number without a fraction is read as an integer before
/// the body meets its Rust type. A float field still takes it.
fn integral_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64() {
                // `as` saturates; the range check keeps the conversion exact.
                if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// Text may not hold U+0000: PostgreSQL cannot store it, so it is refused at the edge on every
/// backend alike (`400 nul_character`; the contract says so on every text field).
fn nul_in_text(field: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(
        ErrorCode::NulCharacter,
        format!("`{field}`: text may not hold the character U+0000"),
    )
}

fn check_text_in(value: &serde_json::Value, path: &str) -> Result<(), ApiError> {
    use serde_json::Value;
    match value {
        Value::String(s) if s.contains('\0') => Err(nul_in_text(path)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_text_in(v, &format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().try_for_each(|(k, v)| {
            if k.contains('\0') {
                return Err(nul_in_text(format!("{path} (a field name)")));
            }
            let field = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            check_text_in(v, &field)
        }),
        _ => Ok(()),
    }
}

/// A query string that parsed and passed its validation rules.
#[derive(Debug)]
pub struct ValidQuery<T>(pub T);

impl<T> FromRequest for ValidQuery<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = check_dates_in_query(req.query_string())
            .and_then(|()| {
                web::Query::<T>::from_query(req.query_string())
                    .map_err(|e| ApiError::bad_request(ErrorCode::InvalidQuery, e.to_string()))
            })
            .and_then(|q| {
                let q = q.into_inner();
                q.validate().map_err(|e| ApiError::validation(&e))?;
                Ok(ValidQuery(q))
            })
            .map_err(actix_web::Error::from);
        std::future::ready(parsed)
    }
}

/// Body limits and error mapping for JSON bodies: malformed JSON, a wrong content type, unknown
/// fields and oversize bodies are all `400 invalid_body` (413 for size) with the parser's reason.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(256 * 1024)
        .error_handler(|err, _req| {
            use actix_web::error::JsonPayloadError;
            let api = match &err {
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. } => ApiError::new(
                    actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::BodyTooLarge,
                    err.to_string(),
                ),
                JsonPayloadError::ContentType => ApiError::new(
                    actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::UnsupportedMediaType,
                    "send the body as application/json",
                ),
                _ => ApiError::bad_request(ErrorCode::InvalidBody, err.to_string()),
            };
            api.into()
        })
}

/// Path segments that do not parse (e.g. a malformed UUID) are `404 not_found`: no such object.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| ApiError::not_found().into())
}

/// `400 invalid_span` unless `from` ≤ `to` and the span holds at most `max_days` days.
pub fn span(from: NaiveDate, to: NaiveDate, max_days: i64) -> Result<(), ApiError> {
    if from > to || (to - from).num_days() >= max_days {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidSpan,
            format!("`from` must not be after `to`, and the span at most {max_days} days"),
        ));
    }
    Ok(())
}

/// The year of a text that starts like an ISO date or date-time (`YYYY-MM-DD…`, the year with an
/// optional sign and any number of digits, as chrono reads it); `None` for any other text. A year
/// too long to hold is `i64::MAX`.
fn date_year(text: &str) -> Option<i64> {
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => (1, text),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let tail = rest.as_bytes().get(digits..)?;
    let shaped = digits >= 4
        && tail.len() >= 6
        && tail[0] == b'-'
        && tail[1].is_ascii_digit()
        && tail[2].is_ascii_digit()
        && tail[3] == b'-'
        && tail[4].is_ascii_digit()
        && tail[5].is_ascii_digit()
        && tail.get(6).is_none_or(|c| matches!(c, b'T' | b't' | b' '));
    if !shaped {
        return None;
    }
    Some(rest[..digits].parse::<i64>().map_or(i64::MAX, |y| sign * y))
}

fn date_out_of_range(field: &str, text: &str) -> ApiError {
    ApiError::bad_request(
        ErrorCode::DateOutOfRange,
        format!(
            "`{field}`: {text} is outside the dates the journal accepts ({EARLIEST_YEAR}-01-01 to {LATEST_YEAR}-12-31)"
        ),
    )
}

/// Every date in a request is checked at the edge, before anything parses or computes with it:
/// a date outside 1900–2100 is `400 date_out_of_range` (no date arithmetic can overflow, and no
/// nonsense such as a birth on 0000-01-01 is stored).
fn check_dates_in(value: &serde_json::Value, path: &str) -> Result<(), ApiError> {
    use serde_json::Value;
    match value {
        Value::String(s) => match date_year(s) {
            Some(year) if !year_accepted(year) => Err(date_out_of_range(path, s)),
            _ => Ok(()),
        },
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_dates_in(v, &format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().try_for_each(|(k, v)| {
            let field = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            check_dates_in(v, &field)
        }),
        _ => Ok(()),
    }
}

/// Middleware (`from_fn(input::path_dates)`): a date in an API path (`/lessons/{id}/{date}`)
/// outside 1900–2100 names no lesson: `404 not_found` before any handler computes with it.
pub async fn path_dates(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let bad = req.path().starts_with("/api/")
        && req
            .path()
            .split('/')
            .filter_map(|segment| date_year(&crate::notify::percent_decode(segment)))
            .any(|y| !year_accepted(y));
    if bad {
        let res = actix_web::ResponseError::error_response(&ApiError::not_found());
        return Ok(req.into_response(res).map_into_right_body());
    }
    next.call(req).await.map(|r| r.map_into_left_body())
}

fn check_dates_in_query(query: &str) -> Result<(), ApiError> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query)
        .map_err(|e| ApiError::bad_request(ErrorCode::InvalidQuery, e.to_string()))?;
    for (field, value) in pairs.iter() {
        if field.contains('\0') || value.contains('\0') {
            return Err(nul_in_text(field.replace('\0', "")));
        }
        if let Some(year) = date_year(value) {
            if !year_accepted(year) {
                return Err(date_out_of_range(field, value));
            }
        }
    }
    Ok(())
}

/// A trimmed text.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A trimmed optional text; blank is absent.
pub(crate) fn clean_opt(s: Option<&str>) -> Option<String> {
    s.map(clean).filter(|s| !s.is_empty())
}

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// A request body of at most [`MAX_FILE_BYTES`], read as it arrives (413 past it).
pub(crate) async fn body_bytes(payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    body_upto(
        payload,
        MAX_FILE_BYTES,
        &format!("files up to {} MiB are accepted", MAX_FILE_BYTES >> 20),
    )
    .await
}

/// A request body of at most `limit` bytes, read as it arrives (413 `body_too_large` saying
/// `too_large` past it).
pub(crate) async fn body_upto(
    mut payload: web::Payload,
    limit: usize,
    too_large: &str,
) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request(ErrorCode::InvalidBody, e.to_string()))?;
        if out.len() + chunk.len() > limit {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                too_large,
            ));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_the_accepted_years_are_found_in_any_shape() {
        assert_eq!(date_year("2026-12-04"), Some(2026));
        assert_eq!(date_year("2026-12-04T10:00:00Z"), Some(2026));
        assert_eq!(date_year("+262142-12-25"), Some(262_142));
        assert_eq!(date_year("-262143-01-01"), Some(-262_143));
        assert_eq!(date_year("99999999999999999999999-01-01"), Some(i64::MAX));
        assert_eq!(date_year("0000-01-01"), Some(0));
        for text in [
            "Иванова",
            "2026",
            "2026-12",
            "12.04.2026",
            "2026-12-04x",
            "",
        ] {
            assert_eq!(date_year(text), None, "{text}");
        }
        let body = serde_json::json!({"student": {"birth_date": "0000-01-01"}, "to": "2026-01-01"});
        let e = check_dates_in(&body, "").unwrap_err();
        assert_eq!(e.code, "date_out_of_range");
        assert!(e.detail.unwrap().contains("student.birth_date"));
        assert!(check_dates_in_query("from=2026-01-01&to=2100-12-31").is_ok());
        assert_eq!(
            crate::notify::percent_decode("%2B262142-12-25"),
            "+262142-12-25"
        );
        assert_eq!(crate::notify::percent_decode("100%"), "100%");
        assert_eq!(
            check_dates_in_query("from=%2B262142-12-25")
                .unwrap_err()
                .code,
            "date_out_of_range"
        );
    }
}

#[cfg(test)]
mod integral_tests {
    use super::{check_dates_in_query, check_text_in, integral_numbers};
    use serde_json::json;

    #[test]
    fn text_with_nul_is_refused_wherever_it_is() {
        for body in [
            json!({"name": "a\0b"}),
            json!({"list": [{"x": "\0"}]}),
            json!({"\0": 1}),
        ] {
            assert_eq!(check_text_in(&body, "").unwrap_err().code, "nul_character");
        }
        assert!(check_text_in(&json!({"name": "Иванова", "n": 1}), "").is_ok());
        for query in ["q=a%00b", "q%00=1"] {
            assert_eq!(
                check_dates_in_query(query).unwrap_err().code,
                "nul_character"
            );
        }
    }

    #[test]
    fn numbers_without_a_fraction_are_integers() {
        let mut v = json!({"a": 3.0, "b": [1e2, 2.5, -4.0], "c": {"d": 7}, "e": 1e300});
        integral_numbers(&mut v);
        assert_eq!(
            v,
            json!({"a": 3, "b": [100, 2.5, -4], "c": {"d": 7}, "e": 1e300})
        );
        let n: u8 = serde_json::from_value(json!(3)).unwrap();
        assert_eq!(n, 3);
        let f: f64 = serde_json::from_value(json!(3)).unwrap();
        assert_eq!(f, 3.0);
    }
}
