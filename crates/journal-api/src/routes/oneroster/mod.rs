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

/// The documented parameters and answers of a OneRoster list.
macro_rules! or_list_doc {
    ($(#[$doc:meta])* [$($param:tt)*] [$($not_found:tt)*] $body:ty, $item:item) => {
        $(#[$doc])*
        #[utoipa::path(tag = "oneroster", security(("oauth2" = [])),
            params(
                $($param)*
                ("limit" = Option<u32>, Query, description = "At most this many (default 100, at most 1 000)"),
                ("offset" = Option<u32>, Query, description = "Skip this many"),
                ("sort" = Option<String>, Query, description = "A field to sort by"),
                ("orderBy" = Option<String>, Query, description = "`asc` or `desc`"),
                ("filter" = Option<String>, Query, description = "`field='value'`, up to two clauses joined by ` AND ` or ` OR `; predicates = != > >= < <= ~"),
                ("fields" = Option<String>, Query, description = "Comma-separated fields to answer"),
            ),
            responses(
                (status = 200, description = "The records; `X-Total-Count` and `Link` headers", body = $body),
                (status = 400, description = "`invalid_filter_field`, `invalid_selection_field` or `invaliddata`", body = ImsxStatusInfo),
                (status = 401, description = "`unauthorisedrequest`: no valid client token", body = ImsxStatusInfo),
                (status = 403, description = "`forbidden`: the token lacks the scope", body = ImsxStatusInfo),
                $($not_found)*
                (status = 429, description = "`server_busy`: too many calls; wait for `Retry-After`", body = ImsxStatusInfo),
                (status = 500, description = "`internal_server_error`: an unexpected failure, logged with the request id", body = ImsxStatusInfo),
                (status = 503, description = "`server_busy`: the database does not answer; try again shortly", body = ImsxStatusInfo),
            ))]
        $item
    };
}

/// A list of the client's school: `$build(conn, called, school, query)`.
macro_rules! or_list {
    ($(#[$doc:meta])* $fn:ident, $path:literal, $scope:expr, $body:ty, $build:expr) => {
        or_list_doc!($(#[$doc])* [] [] $body,
        #[get($path)]
        pub async fn $fn(
            state: actix_web::web::Data<crate::state::AppState>,
            req: actix_web::HttpRequest,
        ) -> actix_web::HttpResponse {
            nested(&state, &req, $scope, move |conn, r, school, q| {
                #[allow(clippy::redundant_closure_call)]
                $build(conn, r, school, q)
            })
            .await
        });
    };
}

/// A list under one record (`/classes/{id}/students`): `$build(conn, called, school, query, id)`.
macro_rules! or_nested {
    ($(#[$doc:meta])* $fn:ident, $path:literal, $param:literal, $what:literal, $scope:expr, $body:ty, $build:expr) => {
        or_list_doc!($(#[$doc])*
        [($param = String, Path, description = $what),]
        [(status = 404, description = "`unknownobject`: no such record in the client's school", body = ImsxStatusInfo),]
        $body,
        #[get($path)]
        pub async fn $fn(
            state: actix_web::web::Data<crate::state::AppState>,
            req: actix_web::HttpRequest,
            path: actix_web::web::Path<String>,
        ) -> actix_web::HttpResponse {
            let id = path.into_inner();
            nested(&state, &req, $scope, move |conn, r, school, q| {
                #[allow(clippy::redundant_closure_call)]
                $build(conn, r, school, q, id.as_str())
            })
            .await
        });
    };
}

/// A list under a class of a school (`/schools/{s}/classes/{c}/students`):
/// `$build(conn, called, school, query, class)` once the school is the client's.
macro_rules! or_school_class {
    ($(#[$doc:meta])* $fn:ident, $path:literal, $body:ty, $build:expr) => {
        or_list_doc!($(#[$doc])*
        [("schoolSourcedId" = String, Path, description = "The school"),
         ("classSourcedId" = String, Path, description = "The class"),]
        [(status = 404, description = "`unknownobject`: no such school or class of the client's", body = ImsxStatusInfo),]
        $body,
        #[get($path)]
        pub async fn $fn(
            state: actix_web::web::Data<crate::state::AppState>,
            req: actix_web::HttpRequest,
            path: actix_web::web::Path<(String, String)>,
        ) -> actix_web::HttpResponse {
            let (school_id, class) = path.into_inner();
            nested(
                &state,
                &req,
                journal_domain::clients::Scope::Roster,
                move |conn, r, school, q| {
                    if let Err(e) = own_school(school, &school_id) {
                        return Ok(Err(e));
                    }
                    #[allow(clippy::redundant_closure_call)]
                    $build(conn, r, school, q, class.as_str())
                },
            )
            .await
        });
    };
}

/// One record by its `sourcedId`: `$build(conn, called, school, id)`.
macro_rules! or_single {
    ($(#[$doc:meta])* $fn:ident, $path:literal, $scope:expr, $body:ty, $build:expr) => {
        $(#[$doc])*
        #[utoipa::path(tag = "oneroster", security(("oauth2" = [])),
            params(("sourcedId" = String, Path, description = "The record's sourcedId")),
            responses(
                (status = 200, body = $body),
                (status = 401, description = "`unauthorisedrequest`: no valid client token", body = ImsxStatusInfo),
                (status = 403, description = "`forbidden`: the token lacks the scope", body = ImsxStatusInfo),
                (status = 404, description = "`unknownobject`: no such record in the client's school", body = ImsxStatusInfo),
                (status = 429, description = "`server_busy`: too many calls; wait for `Retry-After`", body = ImsxStatusInfo),
                (status = 500, description = "`internal_server_error`: an unexpected failure, logged with the request id", body = ImsxStatusInfo),
                (status = 503, description = "`server_busy`: the database does not answer; try again shortly", body = ImsxStatusInfo),
            ))]
        #[get($path)]
        pub async fn $fn(
            state: actix_web::web::Data<crate::state::AppState>,
            req: actix_web::HttpRequest,
            path: actix_web::web::Path<String>,
        ) -> actix_web::HttpResponse {
            let id = path.into_inner();
            let r = Called::of(&req);
            read(&state, &req, $scope, move |conn, school| {
                #[allow(clippy::redundant_closure_call)]
                $build(conn, &r, school, id.as_str())
            })
            .await
        }
    };
}

mod classes;
mod gradebook;
mod people;
mod rostering;

pub use classes::*;
pub use gradebook::*;
pub use people::*;
pub use rostering::*;

use crate::auth::client::{self, ClientCaller};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use journal_api_types::oneroster::{GuidRef, ImsxStatusInfo};
use journal_db::oneroster::Window;
use journal_db::DbConnection;
use journal_domain::clients::Scope;
use journal_domain::oneroster::{parse_fields, parse_filter, Filter};
use journal_domain::SchoolId;
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
            // An empty `sort`, `filter` or `fields` asks for nothing: as if it were not given.
            if value.trim().is_empty() && matches!(name.as_str(), "sort" | "filter" | "fields") {
                continue;
            }
            // The standard's `limit` and `offset` are 32-bit integers.
            let number = |v: &str| {
                v.parse::<u32>()
                    .ok()
                    .filter(|n| i32::try_from(*n).is_ok())
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| {
                        OrError::invalid(
                            "invaliddata",
                            format!("`{name}` must be a whole number up to 2147483647"),
                        )
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

/// A record's field as the sort compares it: text as it is, numbers and booleans as written; none
/// for a structure or a missing field.
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

/// A batch of a list's records read from its source, with how many rows were read and the last
/// row's key (for the next batch: a source may leave rows out, as demographics does without
/// consent).
pub(crate) struct Batch<R> {
    pub(crate) records: Vec<R>,
    pub(crate) read: usize,
    pub(crate) last: Option<String>,
}

impl<R> Batch<R> {
    /// Every row read kept, `key` telling each one's.
    pub(crate) fn all(records: Vec<R>, key: impl Fn(&R) -> &str) -> Batch<R> {
        Batch {
            read: records.len(),
            last: records.last().map(|r| key(r).to_owned()),
            records,
        }
    }
}

/// How many rows a scan reads at a time.
const SCAN_BATCH: i64 = 1000;

/// Counts a source's records.
pub(crate) type Counter<'a> = Box<dyn FnMut(&mut DbConnection) -> Result<i64, ApiError> + 'a>;
/// Reads a window of a source's records.
pub(crate) type Fetcher<'a, R> =
    Box<dyn FnMut(&mut DbConnection, &Window) -> Result<Batch<R>, ApiError> + 'a>;

/// Where a list's records come from: the database (a view, in `sourcedId` order, counted and paged
/// there) or a few records already read.
pub(crate) struct Source<'a, R> {
    /// How many records there are, when the source can say without reading them (else they are
    /// counted as they are read).
    pub(crate) count: Option<Counter<'a>>,
    /// A window of records in `sourcedId` order.
    pub(crate) fetch: Fetcher<'a, R>,
}

impl<'a, R: 'a> Source<'a, R> {
    /// The same records, each made into another.
    pub(crate) fn map<U>(self, f: impl Fn(R) -> U + 'a) -> Source<'a, U> {
        let mut fetch = self.fetch;
        Source {
            count: self.count,
            fetch: Box::new(move |conn: &mut DbConnection, w: &Window| {
                let b = fetch(conn, w)?;
                Ok(Batch {
                    records: b.records.into_iter().map(&f).collect(),
                    read: b.read,
                    last: b.last,
                })
            }),
        }
    }
}

/// Answer a list: filtered, sorted, paged and narrowed to `fields` as the query asks, in the
/// envelope `{key: [...]}`, with `X-Total-Count` (after the filter) and `Link`. `fields` are the
/// list's own fields (for `filter`, `sort` and `fields`).
///
/// Unfiltered and in `sourcedId` order, the database counts and pages (the request reads its
/// page). Filtered or sorted by another field, the source is read in batches of 1 000 and only the
/// records up to the end of the page are kept.
pub(crate) fn paged<R: Serialize>(
    conn: &mut DbConnection,
    req: &Called,
    q: &ListQuery,
    key: &str,
    fields: &[&str],
    mut source: Source<'_, R>,
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
    let sort = match q.sort.as_deref() {
        Some(s) if !fields.contains(&s) => {
            return Err(OrError::invalid(
                "invaliddata",
                format!("`{s}` is not a field of this list to sort by"),
            ))
        }
        Some("sourcedId") | None => None,
        Some(s) => Some(s),
    };
    let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);
    let limit = i64::try_from(q.limit).unwrap_or(i64::MAX);
    let (total, page) = match (&filter, sort, source.count.as_mut()) {
        (None, None, Some(count)) => {
            let total = count(conn)?;
            let batch = (source.fetch)(
                conn,
                &Window {
                    after: None,
                    offset,
                    limit,
                    descending: q.descending,
                },
            )?;
            (
                usize::try_from(total).unwrap_or(0),
                objects(&batch.records)?,
            )
        }
        _ => scan(conn, q, fields, filter.as_ref(), sort, &mut source)?,
    };
    let page: Vec<Value> = page
        .into_iter()
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

/// Read the whole source in batches: the records the filter keeps counted, the page's kept (sorted
/// by `sort` when given, keeping no more than the records up to the page's end).
fn scan<R: Serialize>(
    conn: &mut DbConnection,
    q: &ListQuery,
    fields: &[&str],
    filter: Option<&Filter>,
    sort: Option<&str>,
    source: &mut Source<'_, R>,
) -> Result<(usize, Vec<Map<String, Value>>), OrError> {
    let end = q.offset.saturating_add(q.limit);
    let order = |a: &Map<String, Value>, b: &Map<String, Value>| {
        let by = sort.unwrap_or("sourcedId");
        let o = scalar(a, by).cmp(&scalar(b, by));
        if q.descending {
            o.reverse()
        } else {
            o
        }
    };
    let mut window = Window {
        after: None,
        offset: 0,
        limit: SCAN_BATCH,
        // In `sourcedId` order the scan goes the asked way, so the page is met in order.
        descending: sort.is_none() && q.descending,
    };
    let mut total = 0usize;
    let mut kept: Vec<Map<String, Value>> = Vec::new();
    loop {
        let batch = (source.fetch)(conn, &window)?;
        for r in objects(&batch.records)? {
            let keeps = filter.is_none_or(|f| {
                let values: Vec<(&str, Option<String>)> = fields
                    .iter()
                    .map(|name| (*name, scalar(&r, name)))
                    .collect();
                f.keeps(|name| {
                    values
                        .iter()
                        .find(|(n, _)| *n == name)
                        .and_then(|(_, v)| v.as_deref())
                })
            });
            if !keeps {
                continue;
            }
            total += 1;
            if sort.is_some() {
                kept.push(r);
                if kept.len() > end.saturating_mul(2).max(1024) {
                    kept.sort_by(order);
                    kept.truncate(end);
                }
            } else if total > q.offset && total <= end {
                kept.push(r);
            }
        }
        if batch.read < usize::try_from(SCAN_BATCH).unwrap_or(usize::MAX) || batch.last.is_none() {
            break;
        }
        window.after = batch.last;
    }
    if sort.is_some() {
        kept.sort_by(order);
        kept = kept.into_iter().skip(q.offset).take(q.limit).collect();
    }
    Ok((total, kept))
}

/// Answer a list of records already read (a school's orgs, its years and periods).
pub(crate) fn list<T: Serialize>(
    conn: &mut DbConnection,
    req: &Called,
    q: &ListQuery,
    key: &str,
    fields: &[&str],
    records: &[T],
) -> Result<Answer, OrError> {
    let source = Source {
        count: Some(Box::new(|_: &mut DbConnection| {
            Ok(i64::try_from(records.len()).unwrap_or(i64::MAX))
        })),
        // The key of a batch's last record is its position: the next batch starts after it.
        fetch: Box::new(|_: &mut DbConnection, w: &Window| {
            let start = match &w.after {
                Some(at) => at.parse::<usize>().unwrap_or(usize::MAX),
                None => usize::try_from(w.offset).unwrap_or(usize::MAX),
            };
            let take = usize::try_from(w.limit).unwrap_or(usize::MAX);
            let ordered: Box<dyn Iterator<Item = &T>> = if w.descending {
                Box::new(records.iter().rev())
            } else {
                Box::new(records.iter())
            };
            let page: Vec<&T> = ordered.skip(start).take(take).collect();
            Ok(Batch {
                read: page.len(),
                last: Some((start.saturating_add(page.len())).to_string()),
                records: page,
            })
        }),
    };
    paged(conn, req, q, key, fields, source)
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

/// What a builder answers: a page or a record, a refusal in the standard's shape, or the
/// database's failure.
pub(crate) type Built = Result<Result<Answer, OrError>, ApiError>;

/// A reference to a record of the rostering service.
pub(crate) fn reference(req: &Called, path: &str, id: &str, kind: &str) -> GuidRef {
    reference_in(ROSTERING_BASE, req, path, id, kind)
}

/// A reference to a record of the service at `base`.
pub(crate) fn reference_in(base: &str, req: &Called, path: &str, id: &str, kind: &str) -> GuidRef {
    GuidRef {
        href: format!("{}{base}/{path}/{id}", req.origin),
        sourced_id: id.to_owned(),
        kind: kind.to_owned(),
    }
}

/// Run a read for a client with `scope`: its answer, or the refusal in the standard's shape.
pub(crate) async fn read<F>(state: &AppState, req: &HttpRequest, scope: Scope, f: F) -> HttpResponse
where
    F: FnOnce(&mut DbConnection, SchoolId) -> Built + Send + 'static,
{
    let outcome = async {
        let client = client_for(req, scope).await?;
        let school = client.school_id;
        state
            .read(move |conn| f(conn, school))
            .await
            .map_err(OrError::from)?
    }
    .await;
    match outcome {
        Ok(answer) => answer.response(),
        Err(e) => e.response(),
    }
}

/// A list: the client judged first, then its query, then `build`.
pub(crate) async fn nested<F>(
    state: &AppState,
    req: &HttpRequest,
    scope: Scope,
    build: F,
) -> HttpResponse
where
    F: FnOnce(&mut DbConnection, &Called, SchoolId, &ListQuery) -> Built + Send + 'static,
{
    let q = ListQuery::of(req);
    let r = Called::of(req);
    read(state, req, scope, move |conn, school| match q {
        Ok(q) => build(conn, &r, school, &q),
        Err(e) => Ok(Err(e)),
    })
    .await
}

/// Whether `id` is the client's school (else `unknownobject`).
pub(crate) fn own_school(school: SchoolId, id: &str) -> Result<(), OrError> {
    if id.parse::<uuid::Uuid>().ok() == Some(school.0) {
        Ok(())
    } else {
        Err(OrError::unknown("school", id))
    }
}

/// The first record of a source, if any.
pub(crate) fn first<R>(
    conn: &mut DbConnection,
    mut source: Source<'_, R>,
) -> Result<Option<R>, ApiError> {
    let w = Window {
        limit: 1,
        ..Window::default()
    };
    Ok((source.fetch)(conn, &w)?.records.into_iter().next())
}

/// One record of a source by its `sourcedId` in its envelope (`{key: {...}}`), or
/// `unknownobject` naming `what`.
pub(crate) fn one<R: Serialize>(
    conn: &mut DbConnection,
    source: Source<'_, R>,
    key: &str,
    what: &str,
    id: &str,
) -> Built {
    Ok(match first(conn, source)? {
        Some(r) => Ok(single(key, &r)),
        None => Err(OrError::unknown(what, id)),
    })
}
