//! Browser hardening headers on every answer: the SPA, the API, the docs page and downloads.
//!
//! - `Content-Security-Policy`: scripts only from the server itself (no inline script; the SPA's
//!   WebAssembly may compile), no plugins, no framing (`frame-ancestors 'none'`), forms and base
//!   URLs only to the server. Inline styles stay allowed (the docs page and printable pages use
//!   them; styles cannot run code).
//! - `X-Frame-Options: DENY` for browsers without CSP level 2, `X-Content-Type-Options: nosniff`,
//!   `Referrer-Policy: no-referrer` (a journal's URLs hold ids), `Cross-Origin-Opener-Policy`,
//!   a `Permissions-Policy` that turns off camera, microphone and location.
//! - `Cache-Control: no-store` on API answers that set no caching of their own: tokens and
//!   personal data never stay in a shared or browser cache.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::Error;

/// The policy for every answer.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

const FIXED: [(&str, &str); 6] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    ),
];

/// Middleware (`actix_web::middleware::from_fn(security_headers::middleware)`).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let api = req.path().starts_with("/api/");
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    for (name, value) in FIXED {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
