//! The contract tells the truth (`openapi/openapi.json`): the statuses any operation can answer
//! besides its own — from the extractors every handler shares (sign-in, path, query, JSON body)
//! and from the database — are added here, in one place, to every operation they apply to; a
//! handler's annotation documents only what its own code answers. And a known path asked with a
//! method it does not have answers `405` with `Allow`, read from the same document.
//!
//! Checked from outside by schemathesis (`make schemathesis`, part of `make test`).

use crate::error::ApiError;
use actix_web::http::{header, Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use journal_api_types::ErrorCode;
use std::sync::OnceLock;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayItems, KnownFormat, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};
use utoipa::Number;

/// Handlers that take `PendingAuth`: a session that must still change its one-time password is
/// let in, so they never answer `403 password_change_required`.
const PENDING_SESSION_OK: &[&str] = &["me", "logout_all", "change_password"];

/// A problem+json response with `description`.
fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.patch.as_mut(),
    ]
    .into_iter()
    .flatten()
}

/// The methods a path item has, as in an `Allow` header.
fn methods(item: &PathItem) -> Vec<Method> {
    [
        (item.get.is_some(), Method::GET),
        (item.put.is_some(), Method::PUT),
        (item.post.is_some(), Method::POST),
        (item.delete.is_some(), Method::DELETE),
        (item.patch.is_some(), Method::PATCH),
    ]
    .into_iter()
    .filter_map(|(has, m)| has.then_some(m))
    .collect()
}

/// Add the shared statuses to every operation of `api` (kept where a handler documents its own)
/// and state in every schema what the Rust types enforce besides (see [`complete_schema`]).
pub(crate) fn complete(api: &mut OpenApi) {
    for (path, item) in api.paths.paths.iter_mut() {
        // OneRoster's operations answer every refusal in the standard's own shape and document
        // each (`routes::oneroster`): none of the API's shared problem+json answers apply.
        let oneroster = path.starts_with("/ims/oneroster/");
        for op in operations_mut(item) {
            if !oneroster {
                complete_operation(op);
            }
            for p in op.parameters.iter_mut().flatten() {
                if let RefOr::T(p) = p {
                    if let Some(schema) = p.schema.as_mut() {
                        visit(schema, &mut complete_schema);
                    }
                }
            }
            if let Some(RefOr::T(body)) = op.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(c) = content {
                        if let Some(schema) = c.schema.as_mut() {
                            visit(schema, &mut complete_schema);
                        }
                    }
                }
            }
        }
    }
    // Text the server reads never holds U+0000 (`input` refuses it): said on every text field
    // of what requests carry.
    let mut read: Vec<String> = Vec::new();
    for item in api.paths.paths.values_mut() {
        for op in operations_mut(item) {
            for p in op.parameters.iter_mut().flatten() {
                if let RefOr::T(p) = p {
                    if let Some(schema) = p.schema.as_mut() {
                        refs_in(schema, &mut read);
                        visit(schema, &mut no_nul);
                    }
                }
            }
            if let Some(RefOr::T(body)) = op.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(c) = content {
                        if let Some(schema) = c.schema.as_mut() {
                            refs_in(schema, &mut read);
                            visit(schema, &mut no_nul);
                        }
                    }
                }
            }
        }
    }
    if let Some(components) = api.components.as_mut() {
        let mut i = 0;
        while let Some(name) = read.get(i).cloned() {
            if let Some(schema) = components.schemas.get(&name) {
                refs_in(schema, &mut read);
            }
            i += 1;
        }
        for name in &read {
            if let Some(schema) = components.schemas.get_mut(name) {
                visit(schema, &mut no_nul);
            }
        }
        for schema in components.schemas.values_mut() {
            visit(schema, &mut complete_schema);
        }
        if let Some(RefOr::T(Schema::OneOf(changes))) = components.schemas.get_mut("CellChange") {
            for variant in &mut changes.items {
                across_fields(variant);
            }
        }
    }
}

/// The rules across the fields of a journal change that `CellChange::check` enforces, which
/// utoipa cannot write down: an attendance `reason` needs a `status`; a final has a `value` or a
/// `deferred_until`, not both.
fn across_fields(variant: &mut RefOr<Schema>) {
    use utoipa::openapi::schema::{AllOfBuilder, AnyOfBuilder, ObjectBuilder, OneOfBuilder};
    let RefOr::T(Schema::Object(o)) = &*variant else {
        return;
    };
    let kind = match o.properties.get("kind") {
        Some(RefOr::T(Schema::Object(k))) => k.enum_values.as_ref().and_then(|v| v.first()),
        _ => None,
    };
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let null = || ObjectBuilder::new().schema_type(Type::Null);
    let rule: Schema = match kind.and_then(|k| k.as_str()) {
        Some("attendance") => AnyOfBuilder::new()
            .description(Some("A `reason` needs a `status`"))
            .item(ObjectBuilder::new().property("reason", null()))
            .item(
                ObjectBuilder::new()
                    .property("status", string())
                    .required("status"),
            )
            .into(),
        Some("final") => OneOfBuilder::new()
            .description(Some("A `value` or a `deferred_until`, not both"))
            .item(
                ObjectBuilder::new()
                    .property("value", string())
                    .property("deferred_until", null())
                    .required("value"),
            )
            .item(
                ObjectBuilder::new()
                    .property("deferred_until", string())
                    .property("value", null())
                    .required("deferred_until"),
            )
            .into(),
        _ => return,
    };
    let fields = std::mem::replace(variant, RefOr::T(Schema::default()));
    *variant = RefOr::T(AllOfBuilder::new().item(fields).item(rule).into());
}

/// The component schemas `schema` refers to, added to `out`.
fn refs_in(schema: &RefOr<Schema>, out: &mut Vec<String>) {
    fn walk(schema: &RefOr<Schema>, out: &mut Vec<String>) {
        match schema {
            RefOr::Ref(r) => {
                if let Some(name) = r.ref_location.strip_prefix("#/components/schemas/") {
                    if !out.iter().any(|n| n == name) {
                        out.push(name.to_owned());
                    }
                }
            }
            RefOr::T(Schema::Object(o)) => {
                o.properties.values().for_each(|p| walk(p, out));
                if let Some(AdditionalProperties::RefOr(s)) = o.additional_properties.as_deref() {
                    walk(s, out);
                }
            }
            RefOr::T(Schema::Array(a)) => {
                if let ArrayItems::RefOrSchema(items) = &a.items {
                    walk(items, out);
                }
            }
            RefOr::T(Schema::OneOf(o)) => o.items.iter().for_each(|s| walk(s, out)),
            RefOr::T(Schema::AllOf(o)) => o.items.iter().for_each(|s| walk(s, out)),
            RefOr::T(Schema::AnyOf(o)) => o.items.iter().for_each(|s| walk(s, out)),
            RefOr::T(_) => {}
        }
    }
    walk(schema, out);
}

/// Text without U+0000: `input` refuses it in every request (PostgreSQL cannot store it).
const NO_NUL: &str = "^[^\\u0000]*$";

/// A plain text field (no format, enum or pattern of its own) says it holds no U+0000; the
/// patterns written on fields exclude it themselves.
fn no_nul(schema: &mut Schema) {
    if let Schema::Object(o) = schema {
        let text = match &o.schema_type {
            SchemaType::Type(t) => *t == Type::String,
            SchemaType::Array(ts) => ts.contains(&Type::String),
            SchemaType::AnyValue => false,
        };
        if text && o.format.is_none() && o.enum_values.is_none() && o.pattern.is_none() {
            o.pattern = Some(NO_NUL.to_owned());
        }
    }
}

/// Apply `f` to `schema` and every schema inside it.
fn visit(schema: &mut RefOr<Schema>, f: &mut impl FnMut(&mut Schema)) {
    let RefOr::T(schema) = schema else { return };
    f(schema);
    match schema {
        Schema::Object(o) => {
            for p in o.properties.values_mut() {
                visit(p, f);
            }
            if let Some(AdditionalProperties::RefOr(s)) = o.additional_properties.as_deref_mut() {
                visit(s, f);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                visit(items, f);
            }
        }
        Schema::OneOf(o) => o.items.iter_mut().for_each(|s| visit(s, f)),
        Schema::AllOf(o) => o.items.iter_mut().for_each(|s| visit(s, f)),
        Schema::AnyOf(o) => o.items.iter_mut().for_each(|s| visit(s, f)),
        _ => {}
    }
}

/// The years a date may have (`journal_domain::calendar::year_accepted`, checked at the edge by
/// `input`): 1900–2100.
const ACCEPTED_YEARS: &str =
    "^(?:19[0-9]{2}|20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";

/// What the Rust types enforce and utoipa does not write down:
/// - an integer field takes only what its Rust type holds (`u8` 0–255, `i32`, …): the bounds of
///   its type, unless the field states narrower ones, with the format `int32` or `int64`;
/// - a date (or date-time) is of the years 1900–2100: [`ACCEPTED_YEARS`];
/// - a tagged union (`#[serde(tag = "kind", deny_unknown_fields)]`) refuses unknown fields in
///   each variant, as a struct does (utoipa marks only structs so).
fn complete_schema(schema: &mut Schema) {
    match schema {
        Schema::Object(o) if is_integer(&o.schema_type) => {
            let bounds = match &o.format {
                Some(SchemaFormat::KnownFormat(f)) => integer_bounds(f),
                _ => None,
            };
            if let Some((min, max)) = bounds {
                let below = |n: &Number| match n {
                    Number::Int(v) => (*v as i128) < min,
                    Number::UInt(v) => (*v as i128) < min,
                    Number::Float(v) => *v < min as f64,
                };
                if o.minimum.as_ref().is_none_or(below) {
                    o.minimum = Some(number(min));
                }
                let above = |n: &Number| match n {
                    Number::Int(v) => (*v as i128) > max,
                    Number::UInt(v) => (*v as i128) > max,
                    Number::Float(v) => *v > max as f64,
                };
                if o.maximum.as_ref().is_none_or(above) {
                    o.maximum = Some(number(max));
                }
                // With the bounds stated, the standard formats say the rest (utoipa would write
                // `u-int8` and the like, which no generator knows).
                o.format = Some(SchemaFormat::KnownFormat(if max <= i32::MAX.into() {
                    KnownFormat::Int32
                } else {
                    KnownFormat::Int64
                }));
            }
        }
        Schema::Object(o)
            if matches!(
                o.format,
                Some(SchemaFormat::KnownFormat(
                    KnownFormat::Date | KnownFormat::DateTime
                ))
            ) && o.pattern.is_none() =>
        {
            o.pattern = Some(ACCEPTED_YEARS.to_owned());
        }
        Schema::OneOf(one) => {
            for item in &mut one.items {
                if let RefOr::T(Schema::Object(variant)) = item {
                    if !variant.properties.is_empty() && variant.additional_properties.is_none() {
                        variant.additional_properties =
                            Some(Box::new(AdditionalProperties::FreeForm(false)));
                    }
                }
            }
        }
        _ => {}
    }
}

fn is_integer(t: &SchemaType) -> bool {
    match t {
        SchemaType::Type(t) => *t == Type::Integer,
        SchemaType::Array(ts) => ts.contains(&Type::Integer),
        SchemaType::AnyValue => false,
    }
}

fn integer_bounds(format: &KnownFormat) -> Option<(i128, i128)> {
    Some(match format {
        KnownFormat::Int8 => (i8::MIN.into(), i8::MAX.into()),
        KnownFormat::Int16 => (i16::MIN.into(), i16::MAX.into()),
        KnownFormat::Int32 => (i32::MIN.into(), i32::MAX.into()),
        KnownFormat::Int64 => (i64::MIN.into(), i64::MAX.into()),
        KnownFormat::UInt8 => (0, u8::MAX.into()),
        KnownFormat::UInt16 => (0, u16::MAX.into()),
        KnownFormat::UInt32 => (0, u32::MAX.into()),
        KnownFormat::UInt64 => (0, u64::MAX.into()),
        _ => return None,
    })
}

fn number(n: i128) -> Number {
    match isize::try_from(n) {
        Ok(i) => Number::Int(i),
        Err(_) => Number::UInt(usize::try_from(n).unwrap_or(usize::MAX)),
    }
}

fn complete_operation(op: &mut Operation) {
    let params = op.parameters.as_deref().unwrap_or_default();
    let param_in = |place: ParameterIn| {
        params
            .iter()
            .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == place))
    };
    let in_path = param_in(ParameterIn::Path);
    let in_query_or_header = param_in(ParameterIn::Query) || param_in(ParameterIn::Header);
    let (json_body, raw_body) = match &op.request_body {
        Some(RefOr::T(body)) => {
            let json = body.content.contains_key("application/json");
            (json, !json)
        }
        Some(RefOr::Ref(_)) => (true, false),
        None => (false, false),
    };
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let pending_ok = op
        .operation_id
        .as_deref()
        .is_some_and(|id| PENDING_SESSION_OK.contains(&id));

    let mut shared: Vec<(&str, &str)> = Vec::new();
    // A path that does not parse names no object: 404, below.
    if in_query_or_header || json_body || raw_body {
        shared.push((
            "400",
            "The request does not hold together: `invalid_query` (a query parameter does not \
             parse), `invalid_body` (malformed JSON, unknown or missing fields), \
             `validation_failed` (field rules; `errors` lists the fields), `date_out_of_range` \
             (a date outside 1900-01-01..2100-12-31), `nul_character` (text holding U+0000)",
        ));
    }
    if secured {
        shared.push((
            "401",
            "`unauthorized` (no `Authorization: Bearer …`) or `invalid_token` (expired, \
             malformed, or the session was ended); with `WWW-Authenticate: Bearer`",
        ));
        if !pending_ok {
            shared.push((
                "403",
                "`password_change_required`: the session was opened with a one-time password; \
                 change it first (`POST /api/v1/auth/password`)",
            ));
        }
    }
    if in_path {
        shared.push((
            "404",
            "`not_found`: no such object, one of another school, or a path segment that does \
             not parse (e.g. a malformed id)",
        ));
    }
    if json_body || raw_body {
        shared.push((
            "413",
            "`body_too_large`: the request body is over the limit",
        ));
    }
    if json_body {
        shared.push((
            "415",
            "`unsupported_media_type`: the body must be sent as `application/json`",
        ));
    }
    shared.push((
        "500",
        "`internal`: an unexpected failure; logged with the request id (`X-Request-Id`)",
    ));
    shared.push((
        "503",
        "`database_unavailable`: the database does not answer; try again shortly",
    ));
    for (status, description) in shared {
        match op.responses.responses.get_mut(status) {
            // The handler documents its own answers with this status: name the shared ones too.
            Some(RefOr::T(own)) => {
                let code = description.split('`').nth(1).unwrap_or_default();
                if !own.description.contains(code) {
                    let own_text = own.description.trim_end_matches('.');
                    own.description = format!("{own_text}. Also: {description}");
                }
            }
            Some(RefOr::Ref(_)) => {}
            None => {
                op.responses
                    .responses
                    .insert(status.to_owned(), problem(description));
            }
        }
    }
}

/// One path of the document: its segments (`None` for a `{parameter}`) and its methods.
type Route = (Vec<Option<String>>, Vec<Method>);

fn routes() -> &'static [Route] {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        crate::openapi()
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                    .collect();
                (segments, methods(item))
            })
            .collect()
    })
}

/// The methods of the documented paths `path` matches (`/threads/unread` matches
/// `/threads/{id}` too), if it matches one.
fn allowed(path: &str) -> Option<Vec<Method>> {
    let asked: Vec<&str> = path.split('/').collect();
    let mut methods: Vec<Method> = Vec::new();
    let mut found = false;
    for (segments, of_path) in routes() {
        let matches = segments.len() == asked.len()
            && segments.iter().zip(&asked).all(|(s, a)| match s {
                Some(s) => s == a,
                None => !a.is_empty(),
            });
        if matches {
            found = true;
            methods.extend(of_path.iter().cloned());
        }
    }
    found.then(|| {
        let order = [
            Method::GET,
            Method::PUT,
            Method::POST,
            Method::DELETE,
            Method::PATCH,
        ];
        order.into_iter().filter(|m| methods.contains(m)).collect()
    })
}

/// What `/api/v1` answers when no handler took the request: `405` with `Allow` for a documented
/// path asked with another method, `404 no_such_endpoint` otherwise. Both problem+json.
pub(crate) fn unmatched(req: &HttpRequest) -> HttpResponse {
    match allowed(req.path()) {
        Some(methods) if !methods.contains(req.method()) => {
            let allow = methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let mut response = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                format!("{} is not allowed here; allowed: {allow}", req.method()),
            )
            .error_response();
            if let Ok(value) = header::HeaderValue::from_str(&allow) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        _ => ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NoSuchEndpoint,
            "no such API endpoint; see /api/v1/openapi.json",
        )
        .error_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documented_path_knows_its_methods() {
        let users = allowed("/api/v1/users").expect("documented");
        assert!(users.contains(&Method::GET) && users.contains(&Method::POST));
        let diary = allowed("/api/v1/students/123/diary").expect("documented");
        assert_eq!(diary, [Method::GET]);
        assert!(allowed("/api/v1/students//diary").is_none());
        // A literal path and a template that both match: the methods of both.
        let unread = allowed("/api/v1/threads/unread").expect("documented");
        assert!(unread.contains(&Method::GET));
        assert!(allowed("/api/v1/nothing").is_none());
    }

    #[test]
    fn the_pending_session_operations_exist() {
        let api = crate::openapi();
        let ids: Vec<String> = api
            .paths
            .paths
            .values()
            .flat_map(|item| [&item.get, &item.put, &item.post, &item.delete])
            .filter_map(|op| op.as_ref()?.operation_id.clone())
            .collect();
        for id in PENDING_SESSION_OK {
            assert!(ids.iter().any(|i| i == id), "{id}");
        }
    }

    #[test]
    fn the_date_pattern_names_the_accepted_years() {
        use journal_domain::calendar::{EARLIEST_YEAR, LATEST_YEAR};
        assert_eq!(
            (EARLIEST_YEAR, LATEST_YEAR),
            (1900, 2100),
            "ACCEPTED_YEARS must name the accepted years"
        );
    }

    #[test]
    fn every_reference_resolves() {
        let doc = serde_json::to_value(crate::openapi()).expect("serializes");
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            let name = r.strip_prefix("#/components/schemas/").expect(&r);
            assert!(
                doc["components"]["schemas"].get(name).is_some(),
                "{r} is not in the document"
            );
        }
    }

    fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|v| collect_refs(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_operation_documents_the_shared_statuses() {
        let api = crate::openapi();
        for (path, item) in &api.paths.paths {
            for (method, op) in [
                ("get", &item.get),
                ("put", &item.put),
                ("post", &item.post),
                ("delete", &item.delete),
            ] {
                let Some(op) = op else { continue };
                let has = |s: &str| op.responses.responses.contains_key(s);
                assert!(has("500") && has("503"), "{method} {path}");
                if op.security.is_some() {
                    assert!(has("401"), "{method} {path}");
                }
                if path.contains('{') {
                    assert!(has("404"), "{method} {path}");
                }
            }
        }
    }
}
