//! Import and export of the school's lists: staff, classes, students, guardians and links (R-B6).
//!
//! An import reads the whole file, checks every row with the rules of `journal_domain::import`
//! against the school's data and reports every bad row with its line. A dry run (the default)
//! writes nothing. A real run writes nothing either when any row is bad (422, same report);
//! otherwise every row is written in one transaction, all or nothing, with the checks repeated
//! inside it so nothing changes between check and write.
//!
//! Audit (R-P4): one entry per created object, exactly as if each had been created through its own
//! endpoint (`user.create`, `class.create`, `student.admit`, `guardian.create`,
//! `student.link_guardian`), plus one `import.<kind>` entry summing up the file. Per-object entries
//! keep each object's history complete when the log is filtered by entity id (who created this
//! student, and how); the summary ties them together with the request id. An import is bounded
//! by [`tables::MAX_ROWS`], so the number of entries is too.

use crate::accounts::{self, FirstPassword, NewAccount};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::input::{body_bytes, clean, clean_opt};
use crate::services::record_audit;
use crate::state::AppState;
use crate::tables::{self, Format, CSV_MIME, XLSX_MIME};
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use journal_api_types::import::{
    ExportFormat, ExportQuery, FileBytes, ImportFailure, ImportKind, ImportQuery, ImportRejected,
    ImportReport, IssuedCredential, RowProblem,
};
use journal_api_types::Problem;
use journal_db::audit::AuditKey;
use journal_db::people::{self as store, Movement, StudentRecord};
use journal_db::roster::{self, Class, Guardian, GuardianLink, StaffPosition};
use journal_db::{now, users, DbConnection};
use journal_domain::import::{self as rules, Checked, Problem as RowIssue, Row};
use journal_domain::people::{fold, phone_digits, MovementKind, Relation, StudentStatus};
use journal_domain::{Action, ClassId, GuardianId, SchoolId, StudentId, UserId};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

fn row_problem(p: &RowIssue) -> RowProblem {
    RowProblem {
        line: p.line,
        column: p.column.clone(),
        code: p.code.to_owned(),
        message: p.message.clone(),
    }
}

/// What an import did, before it is answered.
struct Outcome {
    rows: usize,
    valid: usize,
    problems: Vec<RowIssue>,
    created_ids: Vec<Uuid>,
    credentials: Vec<IssuedCredential>,
}

impl Outcome {
    fn checked<T>(rows: &[Row], checked: &Checked<T>) -> Self {
        let mut bad: Vec<usize> = checked.problems.iter().map(|p| p.line).collect();
        bad.dedup();
        Self {
            rows: rows.len(),
            valid: rows.len().saturating_sub(bad.len()),
            problems: checked.problems.clone(),
            created_ids: Vec::new(),
            credentials: Vec::new(),
        }
    }

    /// Whether the rows may be written.
    fn writes(&self, dry_run: bool) -> bool {
        !dry_run && self.problems.is_empty()
    }
}

/// Everything an import needs inside its connection.
struct Run {
    kind: ImportKind,
    dry_run: bool,
    format: Format,
    session: Session,
    key: AuditKey,
}

impl Run {
    fn school(&self) -> SchoolId {
        self.session.caller.school_id
    }

    fn audit(
        &self,
        conn: &mut DbConnection,
        verb: &str,
        entity: &str,
        id: String,
        after: serde_json::Value,
    ) -> Result<(), ApiError> {
        let action = self.kind.import_action();
        record_audit(
            conn,
            &self.key,
            &self.session,
            action,
            (verb, entity, id),
            None,
            Some(after),
        )?;
        Ok(())
    }

    fn execute(&self, conn: &mut DbConnection, rows: &[Row]) -> Result<Outcome, ApiError> {
        let mut outcome = match self.kind {
            ImportKind::Staff => self.staff(conn, rows)?,
            ImportKind::Classes => self.classes(conn, rows)?,
            ImportKind::Students => self.students(conn, rows)?,
            ImportKind::Guardians => self.guardians(conn, rows)?,
            ImportKind::Links => self.links(conn, rows)?,
        };
        outcome.problems.sort_by_key(|p| p.line);
        if outcome.writes(self.dry_run) {
            self.audit(
                conn,
                &format!("import.{}", self.kind.as_str()),
                "import",
                self.kind.as_str().to_owned(),
                json!({
                    "format": self.format.as_str(),
                    "rows": outcome.rows,
                    "imported": outcome.created_ids.len(),
                    "created_ids": outcome.created_ids,
                }),
            )?;
        }
        Ok(outcome)
    }

    fn staff(&self, conn: &mut DbConnection, rows: &[Row]) -> Result<Outcome, ApiError> {
        let school = self.school();
        let existing = store::existing_logins(conn, school, &rules::staff_logins(rows))?;
        let checked = rules::check_staff(rows, &existing);
        let mut outcome = Outcome::checked(rows, &checked);
        if !outcome.writes(self.dry_run) {
            return Ok(outcome);
        }
        for (_, row) in &checked.rows {
            let account = NewAccount {
                login: row.login.clone(),
                last_name: row.last_name.clone(),
                first_name: row.first_name.clone(),
                middle_name: row.middle_name.clone(),
                roles: row.roles.clone(),
            };
            let (user, one_time) =
                accounts::create(conn, school, &account, FirstPassword::OneTime)?;
            let one_time = one_time.ok_or_else(|| ApiError::internal("no one-time password"))?;
            if let Some(position) = &row.position {
                roster::insert_staff(
                    conn,
                    &[StaffPosition {
                        school_id: school.to_string(),
                        user_id: user.id.clone(),
                        position: clean(position),
                    }],
                )?;
            }
            self.audit(
                conn,
                "user.create",
                "user",
                user.id.clone(),
                json!({
                    "login": user.login,
                    "last_name": user.last_name,
                    "first_name": user.first_name,
                    "middle_name": user.middle_name,
                    "roles": row.roles,
                    "position": row.position,
                    "import": true,
                }),
            )?;
            let id = crate::services::uuid_of(&user.id)?;
            outcome.created_ids.push(id);
            outcome.credentials.push(IssuedCredential {
                user_id: id,
                login: user.login.clone(),
                full_name: user.full_name(),
                initial_password: one_time.password,
                expires_at: one_time.expires_at,
            });
        }
        Ok(outcome)
    }

    fn classes(&self, conn: &mut DbConnection, rows: &[Row]) -> Result<Outcome, ApiError> {
        let school = self.school();
        let existing: HashSet<String> = store::classes_of(conn, school)?
            .iter()
            .map(Class::name)
            .collect();
        let staff: HashMap<String, UserId> = store::staff_of(conn, school)?
            .into_iter()
            .filter_map(|m| Some((m.login, m.user_id.parse().ok()?)))
            .collect();
        let checked = rules::check_classes(rows, &existing, &staff);
        let mut outcome = Outcome::checked(rows, &checked);
        if !outcome.writes(self.dry_run) {
            return Ok(outcome);
        }
        let at = now();
        // Imported classes join the current school year (R-B2) with a five-day week; the deputy
        // sets their bells and week mode afterwards.
        let year = journal_db::structure::current_year(conn, school, self.session.today())?;
        let classes: Vec<Class> = checked
            .rows
            .iter()
            .map(|(_, r)| Class {
                id: ClassId::new().to_string(),
                school_id: school.to_string(),
                grade: r.name.grade,
                letter: r.name.letter.clone(),
                class_teacher_id: r.class_teacher.map(|t| t.to_string()),
                created_at: at,
                year_id: year.as_ref().map(|y| y.id.clone()),
                week_days: 5,
                bell_schedule_id: None,
            })
            .collect();
        roster::insert_classes(conn, &classes)?;
        for c in &classes {
            self.audit(
                conn,
                "class.create",
                "class",
                c.id.clone(),
                json!({"name": c.name(), "class_teacher_id": c.class_teacher_id, "import": true}),
            )?;
            outcome.created_ids.push(crate::services::uuid_of(&c.id)?);
        }
        Ok(outcome)
    }

    fn students(&self, conn: &mut DbConnection, rows: &[Row]) -> Result<Outcome, ApiError> {
        let school = self.school();
        let classes = store::classes_of(conn, school)?;
        let ctx = rules::StudentContext {
            classes: classes
                .iter()
                .filter_map(|c| Some((c.name(), c.id.parse().ok()?)))
                .collect(),
            existing: store::students_of_school(conn, school)?
                .iter()
                .filter(|s| s.status() == StudentStatus::Active)
                .map(|s| {
                    rules::student_key(
                        &s.last_name,
                        &s.first_name,
                        s.middle_name.as_deref(),
                        s.birth_date,
                    )
                })
                .collect(),
            today: self.session.today(),
        };
        let checked = rules::check_students(rows, &ctx);
        let mut outcome = Outcome::checked(rows, &checked);
        if !outcome.writes(self.dry_run) {
            return Ok(outcome);
        }
        let at = now();
        let by = self.session.caller.user_id.to_string();
        let mut students = Vec::new();
        let mut movements = Vec::new();
        for (_, r) in &checked.rows {
            let student = StudentRecord {
                id: StudentId::new().to_string(),
                school_id: school.to_string(),
                class_id: Some(r.class.to_string()),
                user_id: None,
                last_name: clean(&r.last_name),
                first_name: clean(&r.first_name),
                middle_name: clean_opt(r.middle_name.as_deref()),
                birth_date: r.birth_date,
                created_at: at,
                status: StudentStatus::Active.as_str().into(),
                phone: clean_opt(r.phone.as_deref()),
                email: clean_opt(r.email.as_deref()),
            };
            movements.push(Movement {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                student_id: student.id.clone(),
                kind: MovementKind::Admission.as_str().into(),
                on_date: r.admission_date,
                from_class_id: None,
                to_class_id: student.class_id.clone(),
                reason: None,
                order_ref: None,
                created_at: at,
                created_by: Some(by.clone()),
            });
            students.push(student);
        }
        store::insert_students(conn, &students)?;
        store::insert_movements(conn, &movements)?;
        for (s, m) in students.iter().zip(&movements) {
            let class_name = classes
                .iter()
                .find(|c| Some(&c.id) == s.class_id.as_ref())
                .map(Class::name);
            self.audit(
                conn,
                "student.admit",
                "student",
                s.id.clone(),
                json!({
                    "last_name": s.last_name,
                    "first_name": s.first_name,
                    "middle_name": s.middle_name,
                    "birth_date": s.birth_date,
                    "class_id": s.class_id,
                    "class_name": class_name,
                    "admission_date": m.on_date,
                    "phone": s.phone,
                    "email": s.email,
                    "import": true,
                }),
            )?;
            outcome.created_ids.push(crate::services::uuid_of(&s.id)?);
        }
        Ok(outcome)
    }

    fn guardians(&self, conn: &mut DbConnection, rows: &[Row]) -> Result<Outcome, ApiError> {
        let school = self.school();
        let existing: HashSet<rules::GuardianKey> = store::guardians_of_school(conn, school)?
            .iter()
            .map(|g| {
                rules::guardian_key(
                    &g.last_name,
                    &g.first_name,
                    g.middle_name.as_deref(),
                    g.phone.as_deref(),
                )
            })
            .collect();
        let checked = rules::check_guardians(rows, &existing);
        let mut outcome = Outcome::checked(rows, &checked);
        if !outcome.writes(self.dry_run) {
            return Ok(outcome);
        }
        let at = now();
        let guardians: Vec<Guardian> = checked
            .rows
            .iter()
            .map(|(_, r)| Guardian {
                id: GuardianId::new().to_string(),
                school_id: school.to_string(),
                user_id: None,
                last_name: clean(&r.last_name),
                first_name: clean(&r.first_name),
                middle_name: clean_opt(r.middle_name.as_deref()),
                phone: clean_opt(r.phone.as_deref()),
                email: clean_opt(r.email.as_deref()),
                created_at: at,
            })
            .collect();
        store::insert_guardians(conn, &guardians)?;
        for g in &guardians {
            self.audit(
                conn,
                "guardian.create",
                "guardian",
                g.id.clone(),
                json!({
                    "last_name": g.last_name,
                    "first_name": g.first_name,
                    "middle_name": g.middle_name,
                    "phone": g.phone,
                    "email": g.email,
                    "import": true,
                }),
            )?;
            outcome.created_ids.push(crate::services::uuid_of(&g.id)?);
        }
        Ok(outcome)
    }

    fn links(&self, conn: &mut DbConnection, rows: &[Row]) -> Result<Outcome, ApiError> {
        let school = self.school();
        let mut ctx = rules::LinkContext::default();
        for s in store::students_of_school(conn, school)? {
            let key = rules::student_key(
                &s.last_name,
                &s.first_name,
                s.middle_name.as_deref(),
                s.birth_date,
            );
            ctx.students
                .entry(key)
                .or_default()
                .push(s.id.parse().map_err(ApiError::internal)?);
        }
        for g in store::guardians_of_school(conn, school)? {
            let names = (
                fold(&g.last_name),
                fold(&g.first_name),
                fold(g.middle_name.as_deref().unwrap_or("")),
            );
            ctx.guardians
                .entry(names)
                .or_default()
                .push(rules::KnownGuardian {
                    id: g.id.parse().map_err(ApiError::internal)?,
                    phone: g.phone.as_deref().map(phone_digits).unwrap_or_default(),
                });
        }
        for l in store::links_of_school(conn, school)? {
            if let (Ok(s), Ok(g)) = (l.student_id.parse(), l.guardian_id.parse()) {
                ctx.existing.insert((s, g));
            }
        }
        let checked = rules::check_links(rows, &ctx);
        let mut outcome = Outcome::checked(rows, &checked);
        if !outcome.writes(self.dry_run) {
            return Ok(outcome);
        }
        let links: Vec<GuardianLink> = checked
            .rows
            .iter()
            .map(|(_, l)| GuardianLink {
                school_id: school.to_string(),
                student_id: l.student.to_string(),
                guardian_id: l.guardian.to_string(),
                relation: l.relation.as_str().into(),
            })
            .collect();
        roster::insert_links(conn, &links)?;
        for l in &links {
            self.audit(
                conn,
                "student.link_guardian",
                "student",
                l.student_id.clone(),
                json!({"guardian_id": l.guardian_id, "relation": l.relation, "import": true}),
            )?;
            outcome
                .created_ids
                .push(crate::services::uuid_of(&l.student_id)?);
        }
        Ok(outcome)
    }
}

/// Import a list from a CSV or XLSX file (R-B6). The columns of each kind are in docs/import.md.
#[utoipa::path(
    tag = "import",
    security(("bearer" = [])),
    params(
        ("kind" = ImportKind, Path, description = "What the file holds: staff, classes, students, guardians or links"),
        ImportQuery,
    ),
    request_body(
        description = "The file: CSV in UTF-8 or Windows-1251 with a header row (`;` or `,` separated), or XLSX (first sheet)",
        content(
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    ),
    responses(
        (status = 200, description = "The report: a dry run (nothing written, every bad row listed) or a completed import", body = ImportReport),
        (status = 400, description = "`unreadable_file`, `invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff and classes: the admin; people lists: the admin and the secretary", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown kind", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`body_too_large`, `too_many_rows`, `too_many_columns`, `file_too_large_unpacked` (an XLSX unpacking to more than 64 MiB), `file_too_complex` (reading took too long)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: too many files being read; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`import_rejected`: a real run with bad rows, nothing written (an `ImportRejected`, the report is in `report`); `bad_encoding`, `empty_file` (a plain `Problem`)", body = ImportFailure, content_type = "application/problem+json"),
    )
)]
#[post("/import/{kind}")]
pub async fn import_list(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<ImportKind>,
    query: ValidQuery<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let kind = path.into_inner();
    session.caller.authorize(kind.import_action())?;
    let dry_run = query.0.dry_run.unwrap_or(true);
    let bytes = body_bytes(payload).await?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let format = Format::detect(content_type, &bytes);
    // Reading is bounded (rows, columns, unpacked size, time) and runs in the heavy pool, off the
    // request workers.
    let table = state
        .guard
        .heavy
        .run(move || tables::read(format, &bytes))
        .await?;
    let run = Run {
        kind,
        dry_run,
        format,
        session,
        key: state.audit_key.clone(),
    };
    let outcome = match rules::read(kind, &table) {
        Err(problems) => Outcome {
            rows: table.rows.len(),
            valid: 0,
            problems,
            created_ids: Vec::new(),
            credentials: Vec::new(),
        },
        Ok(rows) if dry_run => state.read(move |conn| run.execute(conn, &rows)).await?,
        Ok(rows) => state.write(move |conn| run.execute(conn, &rows)).await?,
    };
    let report = ImportReport {
        kind,
        dry_run,
        rows: outcome.rows,
        valid: outcome.valid,
        imported: outcome.created_ids.len(),
        problems: outcome.problems.iter().map(row_problem).collect(),
        created_ids: outcome.created_ids,
        credentials: outcome.credentials,
    };
    if !dry_run && !report.problems.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let body = ImportRejected {
            kind: "urn:journal:problem:import_rejected".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            code: "import_rejected".into(),
            detail: format!(
                "{} of {} rows have problems; nothing was imported",
                report.rows - report.valid,
                report.rows
            ),
            report,
        };
        return Ok(HttpResponse::build(status)
            .content_type("application/problem+json")
            .json(body));
    }
    Ok(HttpResponse::Ok().json(report))
}

/// The cells of one exported row, by column key; written in the order of the kind's columns.
type Cells = HashMap<&'static str, String>;

fn cells<const N: usize>(pairs: [(&'static str, Option<String>); N]) -> Cells {
    pairs
        .into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect()
}

fn date(d: chrono::NaiveDate) -> Option<String> {
    Some(rules::format_date(d))
}

fn export_rows(
    conn: &mut DbConnection,
    school: SchoolId,
    kind: ImportKind,
) -> Result<Vec<Cells>, ApiError> {
    let classes = store::classes_of(conn, school)?;
    let class_name =
        |id: Option<&String>| classes.iter().find(|c| Some(&c.id) == id).map(Class::name);
    Ok(match kind {
        ImportKind::Staff => store::staff_of(conn, school)?
            .into_iter()
            .map(|m| {
                let roles: Vec<&str> = m.roles.iter().map(|r| rules::role_ru(*r)).collect();
                cells([
                    ("last_name", Some(m.last_name)),
                    ("first_name", Some(m.first_name)),
                    ("middle_name", m.middle_name),
                    ("login", Some(m.login)),
                    ("position", m.position),
                    ("roles", Some(roles.join(", "))),
                ])
            })
            .collect(),
        ImportKind::Classes => {
            let mut out = Vec::new();
            for c in &classes {
                let teacher = match &c.class_teacher_id {
                    Some(id) => {
                        users::find(conn, id.parse().map_err(ApiError::internal)?)?.map(|u| u.login)
                    }
                    None => None,
                };
                out.push(cells([
                    ("class", Some(c.name())),
                    ("class_teacher_login", teacher),
                ]));
            }
            out
        }
        ImportKind::Students => {
            let admitted = store::admission_dates(conn, school)?;
            store::students_of_school(conn, school)?
                .into_iter()
                .filter(|s| s.status() == StudentStatus::Active)
                .map(|s| {
                    cells([
                        (
                            "admission_date",
                            admitted.get(&s.id).copied().and_then(date),
                        ),
                        ("class", class_name(s.class_id.as_ref())),
                        ("last_name", Some(s.last_name)),
                        ("first_name", Some(s.first_name)),
                        ("middle_name", s.middle_name),
                        ("birth_date", date(s.birth_date)),
                        ("phone", s.phone),
                        ("email", s.email),
                    ])
                })
                .collect()
        }
        ImportKind::Guardians => store::guardians_of_school(conn, school)?
            .into_iter()
            .map(|g| {
                cells([
                    ("last_name", Some(g.last_name)),
                    ("first_name", Some(g.first_name)),
                    ("middle_name", g.middle_name),
                    ("phone", g.phone),
                    ("email", g.email),
                ])
            })
            .collect(),
        ImportKind::Links => {
            // Students in Russian order, each with their guardians in Russian order.
            let students: Vec<StudentRecord> = store::students_of_school(conn, school)?
                .into_iter()
                .filter(|s| s.status() == StudentStatus::Active)
                .collect();
            let mut out = Vec::new();
            for s in students {
                let id = StudentId(crate::services::uuid_of(&s.id)?);
                for (link, g) in store::guardians_of(conn, school, id)? {
                    let relation = Relation::parse(&link.relation).unwrap_or(Relation::Guardian);
                    out.push(cells([
                        ("student_last_name", Some(s.last_name.clone())),
                        ("student_first_name", Some(s.first_name.clone())),
                        ("student_middle_name", s.middle_name.clone()),
                        ("student_birth_date", date(s.birth_date)),
                        ("guardian_last_name", Some(g.last_name)),
                        ("guardian_first_name", Some(g.first_name)),
                        ("guardian_middle_name", g.middle_name),
                        ("guardian_phone", g.phone),
                        ("relation", Some(relation.ru().to_owned())),
                    ]));
                }
            }
            out
        }
    })
}

/// Export a list in the columns its import reads (Russian headers), so an export re-imports.
/// Students: those on the roll (active); links: those of active students.
#[utoipa::path(
    tag = "import",
    security(("bearer" = [])),
    params(
        ("kind" = ImportKind, Path, description = "staff, classes, students, guardians or links"),
        ExportQuery,
    ),
    responses(
        (status = 200, description = "The file: CSV (UTF-8 with a BOM, `;`-separated) or XLSX", content(
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "`invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the admin and the secretary export lists", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown kind", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/export/{kind}")]
pub async fn export_list(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<ImportKind>,
    query: ValidQuery<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    session.caller.authorize(Action::ExportLists)?;
    let kind = path.into_inner();
    let format = query.0.format.unwrap_or_default();
    let key = state.audit_key.clone();
    let rows = state
        .write(move |conn| {
            let rows = export_rows(conn, session.caller.school_id, kind)?;
            // Lists of people leave the system: recorded like a change (152-FZ: access logged).
            record_audit(
                conn,
                &key,
                &session,
                Action::ExportLists,
                (
                    &format!("export.{}", kind.as_str()),
                    "export",
                    kind.as_str(),
                ),
                None,
                Some(json!({"rows": rows.len(), "format": format})),
            )?;
            Ok(rows)
        })
        .await?;
    // Writing the file (an XLSX is a compressed archive) is CPU work: in the heavy pool.
    let (bytes, mime, ext) = state
        .guard
        .heavy
        .run(move || {
            let columns = kind.columns();
            let header: Vec<&str> = columns.iter().map(|c| c.ru).collect();
            let table: Vec<Vec<String>> = rows
                .into_iter()
                .map(|mut r| {
                    columns
                        .iter()
                        .map(|c| r.remove(c.key).unwrap_or_default())
                        .collect()
                })
                .collect();
            Ok(match format {
                ExportFormat::Csv => (tables::write_csv(&header, &table)?, CSV_MIME, "csv"),
                ExportFormat::Xlsx => (
                    tables::write_xlsx(kind.as_str(), &header, &table)?,
                    XLSX_MIME,
                    "xlsx",
                ),
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.{ext}\"", kind.as_str()),
        ))
        .body(bytes))
}
