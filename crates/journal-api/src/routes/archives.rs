//! The archive (R-P2, R-P5): the school's packages of closed periods and years, writing one on
//! demand, checking one against the school's published seal key, and that key (also as a page to
//! print for the director's order). A package is also written by itself when a period is closed
//! for the whole school (`journal::close_period`).

use crate::archive::{self, bag, What};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::pdf::{self, Line};
use crate::services::utc;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use journal_api_types::archives::{
    Archive, ArchiveCheck, ArchiveFault, ArchiveKey, ArchivePart, ArchiveProblem, CreateArchive,
};
use journal_api_types::import::FileBytes;
use journal_api_types::journal::{SheetFormat, SummaryQuery};
use journal_api_types::{ErrorCode, Problem};
use journal_db::{archives as adb, schools, users};
use journal_domain::Action;
use std::collections::HashMap;
use uuid::Uuid;

/// The archive is the leadership's and the admin's (R-P2).
fn may_view(session: &Session) -> Result<(), ApiError> {
    session.caller.authorize(Action::ViewArchives).map_err(|_| {
        ApiError::forbidden(
            ErrorCode::Forbidden,
            "the archive is the leadership's and the admin's",
        )
    })
}

/// The school's archive packages, newest first: the deputy, the director and the admin.
#[utoipa::path(tag = "archive", security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Archive>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/archives")]
pub async fn list_archives(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    may_view(&session)?;
    let list = state
        .read(move |conn| {
            let rows = adb::list(conn, session.caller.school_id)?;
            // Who wrote them, in one query.
            let ids: Vec<String> = rows.iter().filter_map(|r| r.created_by.clone()).collect();
            let names: HashMap<String, String> = users::find_many(conn, &ids)?
                .into_iter()
                .map(|u| (u.id.clone(), u.full_name()))
                .collect();
            rows.iter()
                .map(|r| {
                    let mut view = archive::view(r)?;
                    view.created_by_name =
                        r.created_by.as_ref().and_then(|id| names.get(id).cloned());
                    Ok(view)
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Write a package of a closed period or a year now (R-P2): the printed journal and summary sheet
/// of every class, the journal pages as JSON and CSV, sealed with the school's key (made on first
/// use). The deputy and the director. It takes a while for a large school: the answer comes when
/// the package is sealed.
#[utoipa::path(tag = "archive", security(("bearer" = [])), request_body = CreateArchive,
    responses(
        (status = 201, body = Archive),
        (status = 400, description = "`period_or_year`: give exactly one of `period_id` and `year_id`; `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A period or year that is not the school's", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/archives")]
pub async fn create_archive(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<CreateArchive>,
) -> Result<HttpResponse, ApiError> {
    let what = match (body.0.period_id, body.0.year_id) {
        (Some(p), None) => What::Period(p),
        (None, Some(y)) => What::Year(y),
        _ => {
            return Err(ApiError::bad_request(
                ErrorCode::PeriodOrYear,
                "give exactly one of `period_id` and `year_id`",
            ))
        }
    };
    let made = archive::create(&state, auth.0, what).await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(made))
}

/// One package.
#[utoipa::path(tag = "archive", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Archive),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/archives/{id}")]
pub async fn get_archive(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    may_view(&session)?;
    let id = path.into_inner().to_string();
    let view = state
        .read(move |conn| {
            let row =
                adb::get(conn, session.caller.school_id, &id)?.ok_or_else(ApiError::not_found)?;
            archive::view_with_author(conn, &row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Check a package against the school's published key (R-P2): the seal, the sealed manifests and
/// every file. The answer names the first thing that differs; a package that checks says how many
/// files it holds.
#[utoipa::path(tag = "archive", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = ArchiveCheck),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/archives/{id}/verify")]
pub async fn verify_archive(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    may_view(&session)?;
    let id = path.into_inner().to_string();
    let school = session.caller.school_id;
    let (row, key) = state
        .read(move |conn| {
            let row = adb::get(conn, school, &id)?.ok_or_else(ApiError::not_found)?;
            Ok((row, archive::published_key(conn, school)?))
        })
        .await?;
    let dir = state.archive.school_dir(school).join(&row.name);
    let checked_at = utc(session.clock.now().naive_utc());
    let found = state
        .guard
        .heavy
        .run(move || {
            Ok(match key {
                None => Err(ArchiveProblem {
                    part: ArchivePart::Seal,
                    fault: ArchiveFault::NoPublishedKey,
                    path: None,
                    reason: "the school has no published key".into(),
                }),
                Some(key) => bag::verify(&dir, Some(&key)).map_err(|b| ArchiveProblem {
                    part: b.fault.part(),
                    fault: b.fault,
                    reason: b.detail,
                    path: b.path,
                }),
            })
        })
        .await?;
    let check = match found {
        Ok(v) => ArchiveCheck {
            ok: true,
            files: u32::try_from(v.files).unwrap_or(u32::MAX),
            size_bytes: v.bytes,
            problem: None,
            checked_at,
        },
        Err(p) => ArchiveCheck {
            ok: false,
            files: 0,
            size_bytes: 0,
            problem: Some(p),
            checked_at,
        },
    };
    Ok(HttpResponse::Ok().json(check))
}

/// The public half of the school's seal key (R-P5), to quote in the director's order and to check
/// packages with; with `format=pdf`, a page to print and sign. `404 no_archive_key` before the
/// first package is written.
#[utoipa::path(tag = "archive", security(("bearer" = [])), params(SummaryQuery),
    responses(
        (status = 200, description = "The key; with `format=pdf` a page to print", content(
            (ArchiveKey = "application/json"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_archive_key`: no package has been written yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/archive-key")]
pub async fn archive_key(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    may_view(&session)?;
    let school = session.caller.school_id;
    let today = session.today();
    let (key, school_name) = state
        .read(move |conn| {
            let key = adb::public_key(conn, school)?;
            let name = schools::find(conn, school)?
                .map(|s| s.name)
                .unwrap_or_default();
            Ok((key, name))
        })
        .await?;
    let (public_key, created_at) = key.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NoArchiveKey,
            "the school's archive key is made with its first archive package",
        )
    })?;
    let parsed = archive::parse_public_key(&public_key)
        .ok_or_else(|| ApiError::internal("the published archive key is not an Ed25519 key"))?;
    let view = ArchiveKey {
        fingerprint: archive::fingerprint(&parsed),
        public_key,
        created_at: utc(created_at),
    };
    if query.0.format == SheetFormat::Json {
        return Ok(HttpResponse::Ok().json(view));
    }
    let (first, second) = view.public_key.split_at(32);
    let lines = vec![
        Line::new(school_name, 12.0),
        Line::new("Открытый ключ проверки архива электронного журнала", 15.0).after_gap(10.0),
        Line::new(
            "Пакеты архива (классные журналы и сводные ведомости за период и год) заверяются \
             электронной подписью Ed25519 школы. Подлинность пакета проверяется этим ключом: \
             командой «journal archive verify» или в разделе «Архив».",
            10.5,
        )
        .after_gap(8.0),
        Line::new("Открытый ключ (Ed25519, 64 шестнадцатеричные цифры):", 10.5).after_gap(10.0),
        Line::new(first, 13.0).indented(14.0).after_gap(4.0),
        Line::new(second, 13.0).indented(14.0),
        Line::new(format!("Отпечаток (SHA-256): {}", view.fingerprint), 10.5).after_gap(8.0),
        Line::new(
            format!(
                "Ключ создан: {}",
                journal_domain::printed::date(created_at.date())
            ),
            10.5,
        )
        .after_gap(4.0),
        Line::new(
            "Директор ____________________      «___» ____________ 20___ г.",
            11.0,
        )
        .after_gap(28.0),
    ];
    let bytes = pdf::typeset(
        &state.guard.heavy,
        "Открытый ключ проверки архива".into(),
        lines,
        today,
    )
    .await?;
    Ok(pdf::attachment(bytes, "archive-key"))
}
