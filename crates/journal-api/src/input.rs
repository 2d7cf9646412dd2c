//! Request input: JSON bodies and query strings are parsed strictly (unknown fields refused) and
//! validated before a handler sees them; every failure is a 400 problem, never a 500.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
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
        let json = web::Json::<T>::from_request(req, payload);
        Box::pin(async move {
            let body = json.await?.into_inner();
            body.validate().map_err(|e| ApiError::validation(&e))?;
            Ok(Valid(body))
        })
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
        let parsed = web::Query::<T>::from_query(req.query_string())
            .map_err(|e| ApiError::bad_request("invalid_query", e.to_string()))
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
                    "body_too_large",
                    err.to_string(),
                ),
                JsonPayloadError::ContentType => ApiError::new(
                    actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as application/json",
                ),
                _ => ApiError::bad_request("invalid_body", err.to_string()),
            };
            api.into()
        })
}

/// Path segments that do not parse (e.g. a malformed UUID) are `404 not_found`: no such object.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| ApiError::not_found().into())
}
