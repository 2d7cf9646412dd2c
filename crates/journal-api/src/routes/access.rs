//! Diary access for a whole class at once (R-S1, R-D5, R-A3): the class teacher (or the office)
//! sees who of the class's guardians and students has an account, issues accounts with one-time
//! passwords for everyone who may have one, re-issues a lost slip, and prints the slips to cut.
//! Logins come from names by `journal_domain::logins`; who may have an account is
//! `journal_domain::diary::issue`.

use crate::accounts::{self, FirstPassword, PreparedOneTime};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::Valid;
use crate::pdf::{self, Line};
use crate::services::diary::{open_account, AccountFor};
use crate::services::{record_audit, uuid_of};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use journal_api_types::diary::{
    AccessKind, AccessPerson, AccountStage, ClassAccess, IssueAccess, IssuedAccess, SkippedPerson,
    Slip, SlipsInput,
};
use journal_api_types::{ErrorCode, Problem};
use journal_db::audit::AuditKey;
use journal_db::diary as ddb;
use journal_db::people::{self as store, StudentRecord};
use journal_db::roster::{self, Guardian};
use journal_db::users::{self, User};
use journal_db::{schools, DbConnection};
use journal_domain::accounts::PasswordState;
use journal_domain::collate::ru_key;
use journal_domain::diary::{self as rules, AccountRefused, Consent, Issue};
use journal_domain::logins::{first_free, login_base};
use journal_domain::{Action, ClassId, ObjectScope, SchoolId, UserId};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A guardian or student of the class as the issue sees them.
struct Person {
    kind: AccessKind,
    guardian: Option<Guardian>,
    student: Option<StudentRecord>,
    children: Vec<String>,
    account: Option<User>,
    may: Result<(), AccountRefused>,
}

impl Person {
    fn id(&self) -> &str {
        match (&self.guardian, &self.student) {
            (Some(g), _) => &g.id,
            (None, Some(s)) => &s.id,
            (None, None) => "",
        }
    }

    fn names(&self) -> (&str, &str, Option<&str>) {
        match (&self.guardian, &self.student) {
            (Some(g), _) => (&g.last_name, &g.first_name, g.middle_name.as_deref()),
            (None, Some(s)) => (&s.last_name, &s.first_name, s.middle_name.as_deref()),
            (None, None) => ("", "", None),
        }
    }

    fn name(&self) -> String {
        let (last, first, middle) = self.names();
        [Some(last), Some(first), middle]
            .into_iter()
            .flatten()
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn who(&self) -> Option<AccountFor<'_>> {
        match (&self.guardian, &self.student) {
            (Some(g), _) => Some(AccountFor::guardian(g)),
            (None, Some(s)) => Some(AccountFor::student(s)),
            (None, None) => None,
        }
    }

    fn stage(&self) -> AccountStage {
        match &self.account {
            None => AccountStage::None,
            Some(u) => match u.password_state() {
                PasswordState::Permanent => AccountStage::Active,
                _ => AccountStage::Waiting,
            },
        }
    }
}

fn refusal_code(r: AccountRefused) -> ErrorCode {
    match r {
        AccountRefused::NoConsent => ErrorCode::ConsentMissing,
        AccountRefused::ConsentRefused => ErrorCode::ConsentRefused,
        AccountRefused::TooYoung => ErrorCode::TooYoung,
    }
}

/// The class, once the caller may manage its people (its class teacher or the office).
fn class_in_scope(
    conn: &mut DbConnection,
    session: &Session,
    id: Uuid,
) -> Result<roster::Class, ApiError> {
    let school = session.caller.school_id;
    let class = store::find_class(conn, school, ClassId(id))?.ok_or_else(ApiError::not_found)?;
    let scope = ObjectScope {
        school,
        class_teachers: store::class_teacher(conn, school, &class.id)?
            .into_iter()
            .collect(),
    };
    session.caller.authorize_on(Action::EditPeople, &scope)?;
    Ok(class)
}

/// The class's guardians (each once, with their children in the class) and its students, with
/// their accounts and whether they may have one: five queries whatever the size of the class.
fn people_of(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &roster::Class,
    today: NaiveDate,
) -> Result<Vec<Person>, ApiError> {
    let mut students = ddb::active_students_of_class(conn, school, &class.id)?;
    students.sort_by_cached_key(|s| (ru_key(&s.last_name), ru_key(&s.first_name)));
    let ids: Vec<String> = students.iter().map(|s| s.id.clone()).collect();
    let links = store::guardians_of_students(conn, school, &ids)?;
    let guardian_ids: Vec<String> = links.iter().map(|(_, g)| g.id.clone()).collect();
    let consents = ddb::consents_in_force(conn, school, &guardian_ids)?;
    let user_ids: Vec<String> = students
        .iter()
        .filter_map(|s| s.user_id.clone())
        .chain(links.iter().filter_map(|(_, g)| g.user_id.clone()))
        .collect();
    let mut accounts: HashMap<String, User> = users::find_many(conn, &user_ids)?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let child_name = |id: &str| {
        students
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} {}", s.last_name, s.first_name))
            .unwrap_or_default()
    };
    let mut out: Vec<Person> = Vec::new();
    for (link, g) in links {
        let child = child_name(&link.student_id);
        if let Some(p) = out
            .iter_mut()
            .find(|p| p.guardian.as_ref().is_some_and(|x| x.id == g.id))
        {
            if !p.children.contains(&child) {
                p.children.push(child);
            }
            continue;
        }
        let consent = consents.get(&g.id).copied().unwrap_or(Consent::Unknown);
        out.push(Person {
            kind: AccessKind::Guardian,
            account: g.user_id.as_ref().and_then(|u| accounts.remove(u)),
            guardian: Some(g),
            student: None,
            children: vec![child],
            may: rules::guardian_account(consent),
        });
    }
    for p in &mut out {
        p.children.sort_by_cached_key(|c| ru_key(c));
    }
    for s in students.iter().cloned() {
        out.push(Person {
            kind: AccessKind::Student,
            account: s.user_id.as_ref().and_then(|u| accounts.remove(u)),
            may: rules::student_account(s.birth_date, today),
            guardian: None,
            student: Some(s),
            children: Vec::new(),
        });
    }
    Ok(out)
}

fn view(p: &Person) -> Result<AccessPerson, ApiError> {
    Ok(AccessPerson {
        id: uuid_of(p.id())?,
        kind: p.kind,
        name: p.name(),
        children: p.children.clone(),
        login: p.account.as_ref().map(|u| u.login.clone()),
        account: p.stage(),
        refused: p.may.err().map(refusal_code),
    })
}

/// The guardians (with a consent on record) and students of a class with their diary access:
/// the login and whether the one-time password has been replaced yet (R-S1, R-D5, R-A3).
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Class id")),
    responses(
        (status = 200, body = ClassAccess),
        (status = 403, description = "Neither the class teacher nor the office", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/classes/{id}/diary-access")]
pub async fn class_access(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let out = state
        .read(move |conn| {
            let class = class_in_scope(conn, &session, id)?;
            let people = people_of(conn, session.caller.school_id, &class, session.today())?;
            Ok(ClassAccess {
                class_id: id,
                class_name: class.name(),
                people: people.iter().map(view).collect::<Result<_, _>>()?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Who gets what: each person of the class with their issue, and the named ids that are nobody
/// of the class.
fn decide<'a>(people: &'a [Person], named: &[Uuid]) -> (Vec<(&'a Person, Issue)>, Vec<Uuid>) {
    let named_ids: HashSet<String> = named.iter().map(Uuid::to_string).collect();
    let decided = people
        .iter()
        .filter(|p| named.is_empty() || named_ids.contains(p.id()))
        .map(|p| {
            let issue = rules::issue(!named.is_empty(), p.account.is_some(), p.may);
            (p, issue)
        })
        .collect();
    let unknown = named
        .iter()
        .filter(|n| !people.iter().any(|p| p.id() == n.to_string()))
        .copied()
        .collect();
    (decided, unknown)
}

/// Free logins for the people given new accounts (in the order given): the rule of
/// `journal_domain::logins`, numbered past the logins taken in the deployment and by each other.
fn free_logins(conn: &mut DbConnection, bases: &[String]) -> Result<Vec<String>, ApiError> {
    const TRIES: usize = 10;
    let mut out: Vec<Option<String>> = vec![None; bases.len()];
    let mut chosen: HashSet<String> = HashSet::new();
    for round in 0..20 {
        let first = round * TRIES + 1;
        let open: Vec<usize> = (0..bases.len()).filter(|i| out[*i].is_none()).collect();
        if open.is_empty() {
            break;
        }
        let candidates: Vec<String> = open
            .iter()
            .flat_map(|i| {
                (first..first + TRIES).map(|n| journal_domain::logins::candidate(&bases[*i], n))
            })
            .collect();
        let taken = users::taken_logins(conn, &candidates)?;
        for i in open {
            let free = first_free(&bases[i], first, TRIES, |c| {
                taken.contains(c) || chosen.contains(c)
            });
            if let Some(login) = free {
                chosen.insert(login.clone());
                out[i] = Some(login);
            }
        }
    }
    out.into_iter()
        .map(|l| l.ok_or_else(|| ApiError::internal("no free login")))
        .collect()
}

/// How many people of this class the issue would give a password, counted before the write so
/// the passwords are hashed outside it.
fn passwords_needed(decided: &[(&Person, Issue)]) -> usize {
    decided
        .iter()
        .filter(|(_, i)| matches!(i, Issue::Open | Issue::Reissue))
        .count()
}

/// Give a re-issued account its new one-time password: every session of it ends (R-S1, R-S5).
fn reissue(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    person: &Person,
    account: &User,
    prepared: PreparedOneTime,
) -> Result<Slip, ApiError> {
    let user = UserId(account.id.parse().map_err(ApiError::internal)?);
    accounts::end_all_sessions(conn, user, "password")?;
    let one_time = accounts::set_prepared_one_time(conn, user, prepared)?;
    record_audit(
        conn,
        key,
        session,
        Action::EditPeople,
        ("user.initial_password", "user", account.id.clone()),
        None,
        Some(json!({"login": account.login, "for": person.id(), "reissued": true})),
    )?;
    slip_of(
        person,
        account.login.clone(),
        one_time.password,
        one_time.expires_at,
        true,
    )
}

fn slip_of(
    person: &Person,
    login: String,
    one_time_password: String,
    expires_at: DateTime<Utc>,
    reissued: bool,
) -> Result<Slip, ApiError> {
    Ok(Slip {
        person_id: uuid_of(person.id())?,
        kind: person.kind,
        name: person.name(),
        children: person.children.clone(),
        login,
        one_time_password,
        expires_at,
        reissued,
    })
}

/// Issue diary access for a class (R-S1): an account with a one-time password for every guardian
/// with a consent on record and every student from 14 who has none (or for the people named),
/// logins made from names (`journal_domain::logins`). A named person with an account gets a new
/// one-time password, and the old one stops working. The answer holds the slips once; print them
/// from it (`POST /classes/{id}/diary-access/slips`). Every account made or re-issued is audited.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Class id")),
    request_body = IssueAccess,
    responses(
        (status = 200, body = IssuedAccess),
        (status = 400, description = "`validation_failed`, `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the class teacher nor the office", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/classes/{id}/diary-access")]
pub async fn issue_access(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<IssueAccess>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let named = body.0.people;
    let today = session.today();
    // Count first, hash in the heavy pool, then write: argon2 never holds the write lock.
    let (counted, asked) = (session.clone(), named.clone());
    let needed = state
        .read(move |conn| {
            let class = class_in_scope(conn, &counted, id)?;
            let people = people_of(conn, counted.caller.school_id, &class, today)?;
            Ok(passwords_needed(&decide(&people, &asked).0))
        })
        .await?;
    let mut prepared: Vec<PreparedOneTime> = state
        .guard
        .heavy
        .run(move || (0..needed).map(|_| PreparedOneTime::new()).collect())
        .await?;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let class = class_in_scope(conn, &session, id)?;
            let school_name = schools::find(conn, school)?
                .map(|s| s.name)
                .unwrap_or_default();
            let people = people_of(conn, school, &class, today)?;
            let (decided, unknown) = decide(&people, &named);
            let opening: Vec<&Person> = decided
                .iter()
                .filter(|(_, i)| *i == Issue::Open)
                .map(|(p, _)| *p)
                .collect();
            let bases: Vec<String> = opening
                .iter()
                .map(|p| {
                    let (last, first, middle) = p.names();
                    login_base(last, first, middle)
                })
                .collect();
            let mut logins = free_logins(conn, &bases)?.into_iter();
            let mut slips = Vec::new();
            let mut skipped: Vec<SkippedPerson> = unknown
                .into_iter()
                .map(|person_id| SkippedPerson {
                    person_id,
                    name: String::new(),
                    code: ErrorCode::NotFound,
                })
                .collect();
            for (person, issue) in decided {
                match issue {
                    Issue::Open | Issue::Reissue => {
                        // Somebody who joined the class between the count and the write is hashed
                        // for here.
                        let password = match prepared.pop() {
                            Some(p) => p,
                            None => PreparedOneTime::new()?,
                        };
                        let slip = match (&person.account, person.who()) {
                            (Some(account), _) => {
                                reissue(conn, &key, &session, person, account, password)?
                            }
                            (None, Some(who)) => {
                                let login = logins.next().unwrap_or_default();
                                let first = FirstPassword::Prepared(password);
                                let made = open_account(conn, &key, &session, &login, who, first)?;
                                slip_of(
                                    person,
                                    made.login,
                                    made.one_time_password,
                                    made.expires_at,
                                    false,
                                )?
                            }
                            (None, None) => continue,
                        };
                        slips.push(slip);
                    }
                    // Asked for everyone, the students under 14 are not worth a line each.
                    Issue::Refused(why) if !named.is_empty() || why != AccountRefused::TooYoung => {
                        skipped.push(SkippedPerson {
                            person_id: uuid_of(person.id())?,
                            name: person.name(),
                            code: refusal_code(why),
                        });
                    }
                    Issue::Refused(_) | Issue::HasAccount => {}
                }
            }
            Ok(IssuedAccess {
                school_name,
                class_name: class.name(),
                slips,
                skipped,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Slips on one A4 page: four fit with room for a long name or two children, and a slip is never
/// cut in two by a page break.
const SLIPS_PER_PAGE: usize = 4;

/// What every slip of a class repeats.
struct SlipHeading {
    school_name: String,
    class_name: String,
    site: String,
}

/// The lines of one slip: the school, who it is for, the login and password, the site and how to
/// sign in the first time.
fn slip_lines(heading: &SlipHeading, slip: &Slip, first_on_page: bool) -> Vec<Line> {
    let whose = match slip.kind {
        AccessKind::Guardian => format!("Для родителя (законного представителя): {}", slip.name),
        AccessKind::Student => format!("Для ученика: {}", slip.name),
    };
    let cut = Line::new(
        "✂ - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
        8.0,
    );
    let mut lines = vec![
        if first_on_page {
            cut.on_new_page()
        } else {
            cut
        },
        Line::new(
            format!(
                "{} · {} класс · доступ к электронному дневнику",
                heading.school_name, heading.class_name
            ),
            9.0,
        )
        .after_gap(4.0),
        Line::new(whose, 11.0).after_gap(2.0),
    ];
    if !slip.children.is_empty() {
        lines.push(Line::new(
            format!("Ребёнок: {}", slip.children.join(", ")),
            10.0,
        ));
    }
    lines.extend([
        Line::new(format!("Адрес: {}", heading.site), 11.0).after_gap(4.0),
        Line::new(format!("Логин: {}", slip.login), 11.0),
        Line::new(
            format!("Одноразовый пароль: {}", slip.one_time_password),
            11.0,
        ),
        Line::new(
            format!(
                "Первый вход: откройте адрес, введите логин и одноразовый пароль, затем придумайте \
                 свой пароль. Одноразовый пароль действует до {} или до смены пароля; никому его \
                 не сообщайте.",
                slip.expires_at.format("%d.%m.%Y")
            ),
            8.5,
        )
        .after_gap(2.0),
    ]);
    lines
}

/// Typeset a class's slips as an A4 PDF to print and cut (R-S1): per person the child, the login,
/// the one-time password, the site's address and how to sign in the first time. The server keeps
/// no one-time password: the passwords are those of the issue's answer; names, children and
/// logins are read from the class.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Class id")),
    request_body = SlipsInput,
    responses(
        (status = 200, description = "The slips as a PDF", content_type = "application/pdf"),
        (status = 400, description = "`validation_failed`, `invalid_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the class teacher nor the office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class, or a person who is no guardian or student of it with an account", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/classes/{id}/diary-access/slips")]
pub async fn slips_pdf(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<SlipsInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let today = session.today();
    let id = path.into_inner();
    let input = body.0;
    let (heading, slips) = state
        .read(move |conn| {
            let school = session.caller.school_id;
            let class = class_in_scope(conn, &session, id)?;
            let people = people_of(conn, school, &class, session.today())?;
            let slips = input
                .slips
                .into_iter()
                .map(|asked| {
                    let person = people
                        .iter()
                        .find(|p| p.id() == asked.person_id.to_string())
                        .ok_or_else(ApiError::not_found)?;
                    let account = person.account.as_ref().ok_or_else(ApiError::not_found)?;
                    let expires_at = match account.password_state() {
                        PasswordState::OneTime { expires_at } => expires_at,
                        _ => Utc::now(),
                    };
                    let login = account.login.clone();
                    slip_of(person, login, asked.one_time_password, expires_at, false)
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let school_name = schools::find(conn, school)?
                .map(|s| s.name)
                .unwrap_or_default();
            let heading = SlipHeading {
                school_name,
                class_name: class.name(),
                site: input.site,
            };
            Ok((heading, slips))
        })
        .await?;
    let title = format!("Доступ к дневнику — {}", heading.class_name);
    let lines: Vec<Line> = slips
        .iter()
        .enumerate()
        .flat_map(|(i, s)| slip_lines(&heading, s, i % SLIPS_PER_PAGE == 0))
        .collect();
    let bytes = pdf::typeset(&state.guard.heavy, title, lines, today).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/pdf"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"diary-access-{id}.pdf\""),
        ))
        .body(bytes))
}
