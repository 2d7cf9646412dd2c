//! OneRoster 1.2 (R-E3): the standard's REST binding for integration clients (R-A10), under
//! `/ims/oneroster/rostering/v1p2`. A client's token (`POST /oauth/token`) reads its own school;
//! another school's `sourcedId` is `unknownobject`.
//!
//! Every list takes the standard's `limit` (default 100, at most 1 000) and `offset`, `sort` and
//! `orderBy`, `filter` (`journal_domain::oneroster::parse_filter`) and `fields`, answers its
//! envelope (`{"orgs": [...]}`) with `X-Total-Count` and a `Link` header (first, prev, next,
//! last), and refuses with the standard's `imsx_StatusInfo`: `invalid_filter_field`,
//! `invalid_selection_field`, `invaliddata`, `unauthorisedrequest`, `forbidden`,
//! `unknownobject`, `server_busy`.

mod rostering;

pub use rostering::*;

use crate::auth::client::{self, ClientCaller};
use crate::error::ApiError;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use journal_api_types::oneroster::ImsxStatusInfo;
use journal_domain::clients::Scope;
use journal_domain::oneroster::{parse_fields, parse_filter, Filter};
use serde::Serialize;
use serde_json::{Map, Value};

/// The rostering service's base.
pub const ROSTERING_BASE: &str = "/ims/oneroster/rostering/v1p2";

/// The default and the largest page.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

/// A refusal in the standard's shape.
#[derive(Debug)]
pub struct OrError {
    status: StatusCode,
    reason: &'static str,
    description: String,
    retry_after: Option<i64>,
}

impl OrError {
    fn new(status: StatusCode, reason: &'static str, description: impl Into<String>) -> Self {
        OrError {
            status,
            reason,
            description: description.into(),
            retry_after: None,
        }
    }

    /// `404 unknownobject`: no such record in the client's school.
    pub fn unknown(kind: &str, id: &str) -> Self {
        OrError::new(
            StatusCode::NOT_FOUND,
            "unknownobject",
            format!("no {kind} with sourcedId {id}"),
        )
    }

    fn invalid(reason: &'static str, description: impl Into<String>) -> Self {
        OrError::new(StatusCode::BAD_REQUEST, reason, description)
    }

    pub fn response(&self) -> HttpResponse {
        let mut r = HttpResponse::build(self.status);
        if let Some(secs) = self.retry_after {
            r.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        r.json(ImsxStatusInfo::failure(
            self.reason,
            self.description.clone(),
        ))
    }
}

impl From<ApiError> for OrError {
    fn from(e: ApiError) -> Self {
        let status = e.status;
        let reason = match status.as_u16() {
            401 => "unauthorisedrequest",
            403 => "forbidden",
            404 => "unknownobject",
            429 | 503 => "server_busy",
            400 | 422 => "invaliddata",
            _ => "internal_server_error",
        };
        let mut out = OrError::new(status, reason, e.detail.clone().unwrap_or_default());
        out.retry_after = e.retry_after;
        out
    }
}

/// The client's call, with the scope the operation needs.
pub(crate) async fn client_for(req: &HttpRequest, needed: Scope) -> Result<ClientCaller, OrError> {
    let caller = client::authenticate(req).await?;
    caller.require(needed)?;
    Ok(caller)
}

/// The standard's list parameters, read from the query string.
#[derive(Debug, Default)]
pub(crate) struct ListQuery {
    limit: usize,
    offset: usize,
    sort: Option<String>,
    descending: bool,
    filter: Option<String>,
    fields: Option<String>,
}

impl ListQuery {
    pub(crate) fn of(req: &HttpRequest) -> Result<ListQuery, OrError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string())
            .map_err(|_| OrError::invalid("invaliddata", "the query string is malformed"))?;
        let mut q = ListQuery {
            limit: DEFAULT_LIMIT,
            ..ListQuery::default()
        };
        for (name, value) in pairs {
            let number = |v: &str| {
                v.parse::<usize>().map_err(|_| {
                    OrError::invalid("invaliddata", format!("`{name}` must be a whole number"))
                })
            };
            match name.as_str() {
                "limit" => {
                    q.limit = number(&value)?;
                    if q.limit == 0 {
                        return Err(OrError::invalid(
                            "invaliddata",
                            "`limit` must be at least 1",
                        ));
                    }
                    q.limit = q.limit.min(MAX_LIMIT);
                }
                "offset" => q.offset = number(&value)?,
                "sort" => q.sort = Some(value),
                "orderBy" => {
                    q.descending = match value.as_str() {
                        "asc" => false,
                        "desc" => true,
                        _ => {
                            return Err(OrError::invalid(
                                "invaliddata",
                                "`orderBy` is `asc` or `desc`",
                            ))
                        }
                    }
                }
                "filter" => q.filter = Some(value),
                "fields" => q.fields = Some(value),
                _ => {}
            }
        }
        Ok(q)
    }
}

/// A record's field as the filter and the sort compare it: text as it is, numbers and booleans
/// as written; none for a structure or a missing field.
fn scalar(record: &Map<String, Value>, field: &str) -> Option<String> {
    match record.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The records as JSON objects.
fn objects<T: Serialize>(records: &[T]) -> Result<Vec<Map<String, Value>>, OrError> {
    records
        .iter()
        .map(|r| match serde_json::to_value(r) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(OrError::from(ApiError::internal(
                "a record is not an object",
            ))),
        })
        .collect()
}

/// Answer a list: filtered, sorted, paged and narrowed to `fields` as the query asks, in the
/// envelope `{key: [...]}`, with `X-Total-Count` (after the filter) and `Link`. `fields` are the
/// list's own fields (for `filter`, `sort` and `fields`).
pub(crate) fn list<T: Serialize>(
    req: &Called,
    q: &ListQuery,
    key: &str,
    fields: &[&str],
    records: &[T],
) -> Result<Answer, OrError> {
    let filter: Option<Filter> = match q.filter.as_deref() {
        Some(f) => Some(
            parse_filter(f, fields).map_err(|e| OrError::invalid(e.code_minor(), e.to_string()))?,
        ),
        None => None,
    };
    let selected: Option<Vec<&str>> = match q.fields.as_deref() {
        Some(f) => Some(
            parse_fields(f, fields).map_err(|e| OrError::invalid(e.code_minor(), e.to_string()))?,
        ),
        None => None,
    };
    if let Some(s) = q.sort.as_deref() {
        if !fields.contains(&s) {
            return Err(OrError::invalid(
                "invaliddata",
                format!("`{s}` is not a field of this list to sort by"),
            ));
        }
    }
    let mut rows = objects(records)?;
    if let Some(f) = &filter {
        rows.retain(|r| {
            let values: Vec<(String, Option<String>)> = fields
                .iter()
                .map(|name| ((*name).to_owned(), scalar(r, name)))
                .collect();
            f.keeps(|name| {
                values
                    .iter()
                    .find(|(n, _)| n == name)
                    .and_then(|(_, v)| v.as_deref())
            })
        });
    }
    if let Some(s) = q.sort.as_deref() {
        rows.sort_by_cached_key(|r| scalar(r, s));
        if q.descending {
            rows.reverse();
        }
    }
    let total = rows.len();
    let page: Vec<Value> = rows
        .into_iter()
        .skip(q.offset)
        .take(q.limit)
        .map(|mut r| {
            if let Some(keep) = &selected {
                r.retain(|k, _| keep.contains(&k.as_str()));
            }
            Value::Object(r)
        })
        .collect();
    let mut envelope = Map::new();
    envelope.insert(key.to_owned(), Value::Array(page));
    Ok(Answer::List {
        body: Value::Object(envelope),
        total,
        link: link_header(req, q, total),
    })
}

/// A read's answer, made on the database thread and sent as a response on the worker.
#[derive(Debug)]
pub(crate) enum Answer {
    /// A page of a list and its headers.
    List {
        body: Value,
        total: usize,
        link: Option<String>,
    },
    /// One record in its envelope.
    One(Value),
}

impl Answer {
    pub(crate) fn response(self) -> HttpResponse {
        match self {
            Answer::One(body) => HttpResponse::Ok().json(body),
            Answer::List { body, total, link } => {
                let mut r = HttpResponse::Ok();
                r.insert_header(("X-Total-Count", total.to_string()));
                if let Some(link) = link {
                    r.insert_header((header::LINK, link));
                }
                r.json(body)
            }
        }
    }
}

/// `Link: <…?limit=&offset=>; rel="first", …` for the pages around this one.
fn link_header(req: &Called, q: &ListQuery, total: usize) -> Option<String> {
    let base = format!("{}{}", req.origin, req.path);
    let others: Vec<(String, String)> =
        serde_urlencoded::from_str::<Vec<(String, String)>>(&req.query)
            .ok()?
            .into_iter()
            .filter(|(k, _)| k != "limit" && k != "offset")
            .collect();
    let at = |offset: usize| -> Option<String> {
        let mut params = others.clone();
        params.push(("limit".into(), q.limit.to_string()));
        params.push(("offset".into(), offset.to_string()));
        Some(format!(
            "{base}?{}",
            serde_urlencoded::to_string(&params).ok()?
        ))
    };
    let last = if total == 0 {
        0
    } else {
        (total - 1) / q.limit * q.limit
    };
    let mut links = vec![format!("<{}>; rel=\"first\"", at(0)?)];
    if q.offset > 0 {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            at(q.offset.saturating_sub(q.limit))?
        ));
    }
    if q.offset + q.limit < total {
        links.push(format!("<{}>; rel=\"next\"", at(q.offset + q.limit)?));
    }
    links.push(format!("<{}>; rel=\"last\"", at(last)?));
    Some(links.join(", "))
}

/// What a handler keeps of the request for its answer (the request itself stays on its worker):
/// the scheme and host the client called (for the `href`s of references and `Link`), the path
/// and the query.
#[derive(Debug, Clone)]
pub(crate) struct Called {
    pub(crate) origin: String,
    pub(crate) path: String,
    pub(crate) query: String,
}

impl Called {
    pub(crate) fn of(req: &HttpRequest) -> Called {
        let info = req.connection_info();
        Called {
            origin: format!("{}://{}", info.scheme(), info.host()),
            path: req.path().to_owned(),
            query: req.query_string().to_owned(),
        }
    }
}

/// Answer one record in its envelope (`{"org": {...}}`).
pub(crate) fn single<T: Serialize>(key: &str, record: &T) -> Answer {
    let mut envelope = Map::new();
    envelope.insert(
        key.to_owned(),
        serde_json::to_value(record).unwrap_or(Value::Null),
    );
    Answer::One(Value::Object(envelope))
}

/// A time as the standard writes it: UTC with milliseconds.
pub(crate) fn timestamp(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
