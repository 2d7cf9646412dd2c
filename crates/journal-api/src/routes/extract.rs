//! The printed extract of a student's marks and attendance (R-D6), for guardians without internet
//! or who refused the diary (R-D5): a PDF made here (see `crate::pdf`) or a printable page, from
//! the same diary the family reads, with the same access rules.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::pdf::{self, Line};
use crate::services::diary::{build_diary, target};
use crate::state::AppState;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use journal_api_types::diary::{Diary, ExtractQuery};
use journal_api_types::import::FileBytes;
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::schools;
use journal_domain::collate::ru_key;
use journal_domain::journal::Attendance;
use journal_domain::marks::{format_average, weighted_average, Scale};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The longest span of a printed extract: a quarter.
const MAX_EXTRACT_DAYS: i64 = 93;

/// One subject of an extract: its dated lines in date order, and the points with weights of its
/// five-point marks for the average.
#[derive(Default)]
struct SubjectLines {
    rows: Vec<String>,
    points: Vec<(u8, f64)>,
}

/// What a printed extract says, line by line (R-D6): the heading, then per subject the marks by
/// date with their work types, the absences, and the weighted average of the span.
/// The lines of the extract; `made_at` is the school's wall-clock time it was made.
fn extract_lines(school: &str, book: &Diary, made_at: NaiveDateTime) -> Vec<Line> {
    let d = |x: NaiveDate| x.format("%d.%m.%Y").to_string();
    let mut lines = vec![
        Line::new("Выписка из электронного журнала", 15.0),
        Line::new(school, 11.0).after_gap(4.0),
        Line::new(
            format!(
                "Обучающийся: {}, {} класс",
                book.student.name, book.student.class_name
            ),
            11.0,
        )
        .after_gap(4.0),
        Line::new(
            format!("Период: с {} по {}", d(book.from), d(book.to)),
            11.0,
        ),
    ];
    let mut subjects: BTreeMap<String, SubjectLines> = BTreeMap::new();
    for day in &book.days {
        for l in &day.lessons {
            if l.lesson.is_moved_away() {
                continue;
            }
            let entry = subjects.entry(l.lesson.subject_name.clone()).or_default();
            let date = day.date.format("%d.%m").to_string();
            if !l.marks.is_empty() {
                let marks: Vec<String> = l
                    .marks
                    .iter()
                    .map(|m| format!("{} ({})", m.value, m.work_type_name.to_lowercase()))
                    .collect();
                entry.rows.push(format!("{date}: {}", marks.join(", ")));
                entry.points.extend(
                    l.marks
                        .iter()
                        .filter_map(|m| Scale::FivePoint.points(&m.value).map(|p| (p, m.weight))),
                );
            }
            if let Some(a) = &l.attendance {
                let what = if a.status == Attendance::Late {
                    "опоздание"
                } else {
                    "отсутствие"
                };
                let why = match a.reason.as_deref() {
                    Some("illness") => " по болезни",
                    Some("excused") => " по уважительной причине",
                    Some("unexcused") => " без уважительной причины",
                    _ => "",
                };
                entry.rows.push(format!("{date}: {what}{why}"));
            }
        }
    }
    let mut names: Vec<&String> = subjects.keys().collect();
    names.sort_by_cached_key(|n| ru_key(n));
    let mut any = false;
    for name in names {
        let SubjectLines { rows, points } = &subjects[name];
        if rows.is_empty() {
            continue;
        }
        any = true;
        lines.push(Line::new(name.clone(), 12.0).after_gap(10.0));
        for r in rows {
            lines.push(Line::new(r.clone(), 10.0).indented(14.0));
        }
        if let Some(avg) = weighted_average(points) {
            lines.push(
                Line::new(format!("Средний балл: {}", format_average(avg, true)), 10.0)
                    .indented(14.0),
            );
        }
    }
    if !any {
        lines.push(Line::new("За этот период отметок и пропусков нет.", 11.0).after_gap(10.0));
    }
    lines.push(
        Line::new(
            format!(
                "Сформировано {}. Подпись классного руководителя: ____________",
                made_at.format("%d.%m.%Y в %H:%M")
            ),
            9.0,
        )
        .after_gap(18.0),
    );
    lines
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The same lines as a printable page.
fn extract_html(title: &str, lines: &[Line]) -> String {
    let mut body = String::new();
    for l in lines {
        let tag = if l.size >= 14.0 {
            "h1"
        } else if l.size >= 12.0 {
            "h2"
        } else {
            "p"
        };
        let class = if l.indent > 0.0 { " class=\"row\"" } else { "" };
        body.push_str(&format!("<{tag}{class}>{}</{tag}>\n", html_escape(&l.text)));
    }
    format!(
        "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em}}\
         h1{{font-size:1.4em}}h2{{font-size:1.1em;margin:1em 0 .3em}}p{{margin:.2em 0}}\
         .row{{margin-left:1.2em}}@media print{{body{{margin:0}}}}</style></head>\
         <body>\n{body}</body></html>\n",
        html_escape(title)
    )
}

/// A printed extract of a student's marks and attendance for a span of up to 93 days (R-D6), for
/// guardians without internet or who refused the diary: a PDF (default) or a printable page.
/// Readable by whoever reads the student's diary; the class teacher prints it for the family.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id"), ExtractQuery),
    responses(
        (status = 200, description = "The extract", content(
            (FileBytes = "application/pdf"),
            (String = "text/html"),
        )),
        (status = 400, description = "`invalid_span`, `invalid_format`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`consent_refused`", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/students/{id}/extract")]
pub async fn extract(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<ExtractQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let q = query.0;
    crate::input::span(q.from, q.to, MAX_EXTRACT_DAYS)?;
    let pdf = match q.format.as_deref() {
        None | Some("pdf") => true,
        Some("html") => false,
        Some(_) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidFormat,
                "`format` is `pdf` or `html`",
            ))
        }
    };
    let made_at = session.local_now();
    let today = made_at.date();
    let (school, book) = state
        .read(move |conn| {
            let school = session.caller.school_id;
            let t = target(conn, &session, id, false)?;
            let name = schools::find(conn, school)?
                .map(|s| s.name)
                .unwrap_or_default();
            Ok((name, build_diary(conn, school, &t, q.from, q.to)?))
        })
        .await?;
    let title = format!("Выписка — {}", book.student.name);
    let lines = extract_lines(&school, &book, made_at);
    let file = format!(
        "vypiska-{}-{}.{}",
        book.from.format("%Y%m%d"),
        book.to.format("%Y%m%d"),
        if pdf { "pdf" } else { "html" }
    );
    let disposition = ContentDisposition {
        disposition: if pdf {
            DispositionType::Attachment
        } else {
            DispositionType::Inline
        },
        parameters: vec![DispositionParam::Filename(file)],
    };
    if pdf {
        let bytes = pdf::typeset(&state.guard.heavy, title, lines, today).await?;
        Ok(HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "application/pdf"))
            .insert_header(disposition)
            .body(bytes))
    } else {
        Ok(HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header(disposition)
            .body(extract_html(&title, &lines)))
    }
}
