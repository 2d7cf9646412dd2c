//! The authorisation matrix (issue 9, R-A11): every operation of the OpenAPI document that takes
//! an id — in its path, its query or its body — called by every role of one school with ids it
//! has no right to: another school's objects, another family's child, another teacher's journal
//! page. Every answer must be a refusal (403/404, or 400/422 for a body that does not fit; never
//! 2xx) and nothing may be written: the rows of every table, the audit log among them, are
//! counted before and after each operation.
//!
//! The operations are read from `journal_api::openapi()`, so a new endpoint joins the matrix by
//! being documented. An operation the test cannot build a request for fails the test, unless it
//! is in [`NOT_ID_TAKING`] with the reason. Positive controls call a few operations with the same
//! ids as their owner and expect success, so the ids are real.
//!
//! Runs on the backend named by JOURNAL_TEST_BACKEND (`make test-sqlite`, `make test-postgres`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::http::StatusCode;
use common::*;
use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use journal_db::testing::TestDb;
use journal_db::{write_tx, DbConnection};
use journal_domain::{Role, SchoolId};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Operations with a path parameter that names no object of a school, with the reason. Anything
/// else the test cannot build a request for fails it.
const NOT_ID_TAKING: &[(&str, &str)] = &[
    (
        "GET /api/v1/export/{kind}",
        "`kind` names a list (staff, students…); the export is of the caller's own school",
    ),
    (
        "POST /api/v1/import/{kind}",
        "`kind` names a list; the rows are matched by names within the caller's own school, never by id",
    ),
    (
        "PUT /api/v1/work-types/{code}",
        "`code` is a work type of the caller's own school (created when missing)",
    ),
];

/// Why the log's readers may export it filtered by another school's ids.
const AUDIT_EXPORT: &str = "the export is always of the caller's own school's log: a filter by an \
     id of another school (`actor_id`, `entity_id`) matches nothing there, so the file is the \
     header line alone; and every export is itself recorded in the log (`export.audit`, R-P4)";

/// Answers that are not refusals on purpose, with the reason: `(operation, category, role, why)`.
/// Such a call may succeed (and write); every other call of the matrix must be refused.
const ALLOWED: &[(&str, &str, &str, &str)] = &[
    (
        "GET /api/v1/audit/export",
        "another school",
        "admin",
        AUDIT_EXPORT,
    ),
    (
        "GET /api/v1/audit/export",
        "another school",
        "director",
        AUDIT_EXPORT,
    ),
    (
        "GET /api/v1/audit/export",
        "another school",
        "deputy",
        AUDIT_EXPORT,
    ),
    (
        "GET /api/v1/assignments/{id}/plan",
        "another teacher's page",
        "teacher",
        "a lesson plan is school structure (Action::ViewStructure): colleagues read it; only its \
         teacher, the deputy and the director change it (R-T4)",
    ),
    (
        "GET /api/v1/students/{id}",
        "a child the teacher does not teach",
        "teacher",
        "staff read the school's student cards (Action::ViewPeople); the diary, results and \
         extract of a child the teacher does not teach stay refused",
    ),
];

/// The lesson of the fixtures: a Monday of the second quarter of 2025/2026.
const LESSON_DATE: &str = "2025-11-10";

/// The ids of one kind of object each (`student`, `class`, …), by kind.
type Ids = BTreeMap<&'static str, String>;

/// One school of the fixture: the tokens of its roles and two of everything. `first` is the
/// caller's own side (7А, led by `teacher`, the child of `parent`, the `student` account);
/// `second` belongs to others (7Б led by `teacher2`, the child of `parent2`).
struct Side {
    school: SchoolId,
    tokens: HashMap<&'static str, String>,
    first: Ids,
    second: Ids,
}

/// The callers: one account of each role.
const ROLES: &[&str] = &[
    "admin",
    "director",
    "deputy",
    "secretary",
    "teacher",
    "parent",
    "student",
];

fn people(p: &str) -> Vec<(String, Vec<Role>)> {
    [
        ("admin", Role::Admin),
        ("director", Role::Director),
        ("deputy", Role::Deputy),
        ("secretary", Role::Secretary),
        ("teacher", Role::Teacher),
        ("teacher2", Role::Teacher),
        ("parent", Role::Guardian),
        ("parent2", Role::Guardian),
        ("student", Role::Student),
    ]
    .into_iter()
    .map(|(who, role)| (format!("{p}.{who}"), vec![role]))
    .collect()
}

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

/// A call that must succeed with `want`: the answer.
async fn must<S, B>(
    app: &S,
    want: StatusCode,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, answer) = call(app, method, path, Some(token), body).await;
    assert_eq!(status, want, "{method} {path}: {answer}");
    answer
}

/// A raw upload that must answer 201: the answer.
async fn upload<S, B>(app: &S, path: &str, token: &str, bytes: &[u8]) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, _, body) = request(
        app,
        "POST",
        path,
        Some(token),
        Some(("text/plain", bytes.to_vec())),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{path}: {}",
        String::from_utf8_lossy(&body)
    );
    serde_json::from_slice(&body).unwrap()
}

/// A school with two classes, teachers, families and something of every kind, built through the
/// API as its staff would (accounts and the links of accounts to guardians and students through
/// the database, as the office does when it hands them out).
async fn build_school<S, B>(app: &S, db: &TestDb, p: &str) -> Side
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let people = people(p);
    let refs: Vec<(&str, &[Role])> = people
        .iter()
        .map(|(l, r)| (l.as_str(), r.as_slice()))
        .collect();
    let school = school_with(db, &format!("Школа {p}"), &refs);
    let login = |who: &str| format!("{p}.{who}");
    let mut tok = HashMap::new();
    let mut user = HashMap::new();
    for (who, _) in people
        .iter()
        .map(|(l, r)| (l.split_once('.').unwrap().1, r))
    {
        let t = sign_in(app, &login(who)).await;
        let me = must(app, StatusCode::OK, "GET", "/api/v1/me", &t, None).await;
        user.insert(who.to_owned(), me["user_id"].as_str().unwrap().to_owned());
        tok.insert(who.to_owned(), t);
    }
    let t = |who: &str| tok[who].clone();
    let deputy = t("deputy");
    let secretary = t("secretary");

    let year = must(
        app,
        StatusCode::CREATED,
        "POST",
        "/api/v1/years",
        &deputy,
        Some(year_2025()),
    )
    .await;
    let period = year["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "quarter" && x["number"] == 2)
        .map(id)
        .unwrap();
    let year = id(&year["year"]);
    let bells = json!({"name": "Основное", "bells": [
        {"lesson_number": 1, "starts_at": "08:30", "ends_at": "09:10"},
        {"lesson_number": 2, "starts_at": "09:20", "ends_at": "10:00"},
        {"lesson_number": 3, "starts_at": "10:20", "ends_at": "11:00"}]});
    let bells = id(&must(
        app,
        StatusCode::CREATED,
        "POST",
        "/api/v1/bell-schedules",
        &deputy,
        Some(bells),
    )
    .await);
    let subject = json!({"name": "Математика", "short_name": "Мат."});
    let subject = id(&must(
        app,
        StatusCode::CREATED,
        "POST",
        "/api/v1/subjects",
        &deputy,
        Some(subject),
    )
    .await);
    let room = json!({"name": "101", "capacity": 30});
    let room = id(&must(
        app,
        StatusCode::CREATED,
        "POST",
        "/api/v1/rooms",
        &deputy,
        Some(room),
    )
    .await);

    let mut sides = [Ids::new(), Ids::new()];
    for (n, (letter, teacher, parent, lesson)) in [
        ("А", "teacher", "parent", 2),
        ("Б", "teacher2", "parent2", 3),
    ]
    .into_iter()
    .enumerate()
    {
        let ids = &mut sides[n];
        let body = json!({"year_id": year, "grade": 7, "letter": letter, "class_teacher_id": user[teacher],
            "week_days": 5, "bell_schedule_id": bells});
        let class = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/classes",
            &deputy,
            Some(body),
        )
        .await);
        let body = json!({"teacher_id": user[teacher], "subject_id": subject, "class_id": class, "hours_per_week": 2});
        let assignment = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/assignments",
            &deputy,
            Some(body),
        )
        .await);
        let body = json!({"assignment_id": assignment, "weekday": 1, "lesson_number": lesson,
            "valid_from": "2025-09-01", "valid_to": "2026-05-31", "room_id": room});
        let entry = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/timetable",
            &deputy,
            Some(body),
        )
        .await);
        let body = json!({"last_name": format!("Ученик{letter}"), "first_name": "Саша", "birth_date": "2011-03-01",
            "class_id": class, "on_date": "2025-09-01"});
        let student = must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/students",
            &secretary,
            Some(body),
        )
        .await;
        let student = id(&student["student"]);
        let body = json!({"last_name": format!("Родитель{letter}"), "first_name": "Мария", "email": "parent@example.org"});
        let guardian = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/guardians",
            &secretary,
            Some(body),
        )
        .await);
        let link = json!({"guardian_id": guardian, "relation": "mother"});
        must(
            app,
            StatusCode::CREATED,
            "POST",
            &format!("/api/v1/students/{student}/guardians"),
            &secretary,
            Some(link),
        )
        .await;
        let mut conn = db.conn();
        write_tx(&mut conn, |c| {
            journal_db::diary::set_guardian_user(c, &guardian, &user[parent])?;
            if n == 0 {
                journal_db::diary::set_student_user(c, &student, &user["student"])?;
            }
            Ok::<_, diesel::result::Error>(())
        })
        .unwrap();
        drop(conn);
        let body = json!({"year_id": year, "name": format!("Английский {letter}"), "kind": "subgroup",
            "class_ids": [class], "division": "Английский язык"});
        let group = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/groups",
            &deputy,
            Some(body),
        )
        .await);
        let body = json!({"student_id": student, "from_date": "2025-09-01"});
        must(
            app,
            StatusCode::CREATED,
            "POST",
            &format!("/api/v1/groups/{group}/members"),
            &deputy,
            Some(body),
        )
        .await;
        let body = json!({"class_id": class, "subject_id": subject, "date": "2025-11-12", "title": "Контрольная работа"});
        let control_work = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/control-works",
            &deputy,
            Some(body),
        )
        .await);

        ids.extend([
            ("year", year.clone()),
            ("period", period.clone()),
            ("subject", subject.clone()),
            ("room", room.clone()),
            ("class", class),
            ("assignment", assignment),
            ("entry", entry),
            ("date", LESSON_DATE.to_owned()),
            ("student", student),
            ("guardian", guardian),
            ("group", group),
            ("control_work", control_work),
            ("teacher", user[teacher].clone()),
            ("user", user[teacher].clone()),
            ("school", school.to_string()),
        ]);
    }
    // Leading a class shows in the token from the next sign-in.
    for who in ["teacher", "teacher2"] {
        tok.insert(who.to_owned(), sign_in(app, &login(who)).await);
    }
    let t = |who: &str| tok[who].clone();
    for (ids, (teacher, parent)) in sides
        .iter_mut()
        .zip([("teacher", "parent"), ("teacher2", "parent2")])
    {
        let lesson = format!("/api/v1/lessons/{}/{LESSON_DATE}", ids["entry"]);
        let record = json!({"conducted": true, "topic": "Линейные уравнения", "homework": "№ 1"});
        must(
            app,
            StatusCode::OK,
            "PUT",
            &lesson,
            &t(teacher),
            Some(record),
        )
        .await;
        let file = upload(
            app,
            &format!("{lesson}/files?name=task.txt"),
            &t(teacher),
            "№ 1, 2".as_bytes(),
        )
        .await;
        let plan = json!({"topics": [{"title": "Уравнения", "hours": 2}]});
        let path = format!("/api/v1/assignments/{}/plan", ids["assignment"]);
        must(app, StatusCode::OK, "PUT", &path, &t(teacher), Some(plan)).await;
        let page = format!("/api/v1/journal/{}/{}", ids["assignment"], ids["period"]);
        let (status, _, etag) =
            call_matching(app, "GET", &page, Some(&t(teacher)), None, None).await;
        assert_eq!(status, StatusCode::OK);
        let changes = json!({"changes": [{"kind": "mark", "entry_id": ids["entry"], "lesson_date": LESSON_DATE,
            "student_id": ids["student"], "work_type": "oral", "value": "5"}]});
        let (status, body, _) = call_matching(
            app,
            "POST",
            &page,
            Some(&t(teacher)),
            etag.as_deref(),
            Some(changes),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let thread =
            json!({"subject": "Вопрос", "body": "Здравствуйте", "recipients": [ids["teacher"]]});
        let thread = must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/threads",
            &t(parent),
            Some(thread),
        )
        .await;
        let message = id(&thread["messages"][0]);
        let path = format!("/api/v1/messages/{message}/attachments?name=note.txt");
        let attachment = upload(app, &path, &t(parent), b"note").await;
        ids.extend([
            ("file", id(&file)),
            ("thread", id(&thread["thread"])),
            ("message", message),
            ("attachment", id(&attachment)),
        ]);
    }
    let [first, second] = sides;
    Side {
        school,
        tokens: ROLES
            .iter()
            .chain(&["teacher2", "parent2"])
            .map(|r| (*r, t(r)))
            .collect(),
        first,
        second,
    }
}

/// The kind of object a path parameter names: by the collection the path starts with and the
/// parameter's name. `None` for a parameter the test does not know: the test fails then.
fn path_kind(path: &str, param: &str) -> Option<&'static str> {
    let collection = path.trim_start_matches("/api/v1/").split('/').next()?;
    Some(match (collection, param) {
        ("students", "id") | (_, "student_id") => "student",
        ("students", "guardian_id") | ("guardians", "id") => "guardian",
        ("groups", "id") => "group",
        ("assignments", "id") | ("journal", "assignment_id") => "assignment",
        ("journal", "period_id") => "period",
        ("classes", "id" | "class_id") => "class",
        ("control-works", "id") => "control_work",
        ("files", "id") => "file",
        ("message-attachments", "id") => "attachment",
        ("messages", "id") => "message",
        ("threads", "id") => "thread",
        ("timetable", "id") => "entry",
        ("lessons", "entry_id") => "entry",
        ("lessons", "date") => "date",
        ("users", "id") => "user",
        ("years", "id") => "year",
        _ => return None,
    })
}

/// The kind of object a query parameter names, or the value of a required one that names none.
enum QueryValue {
    Id(&'static str),
    Fixed(&'static str),
    Unknown,
}

fn query_value(name: &str) -> QueryValue {
    use QueryValue::*;
    match name {
        "class_id" => Id("class"),
        "teacher_id" => Id("teacher"),
        "group_id" => Id("group"),
        "student_id" => Id("student"),
        "entry_id" => Id("entry"),
        "year_id" => Id("year"),
        "period_id" => Id("period"),
        "entity_id" => Id("student"),
        "actor_id" => Id("user"),
        "lesson_date" | "on" | "date" | "week_of" | "from" => Fixed(LESSON_DATE),
        "to" => Fixed("2025-11-16"),
        "name" => Fixed("x.txt"),
        _ => Unknown,
    }
}

/// Request bodies of the operations that take one, with `$kind` where an id of that kind goes.
fn body_template(op: &str) -> Option<Value> {
    Some(match op {
        "POST /api/v1/assignments" => {
            json!({"teacher_id": "$teacher", "subject_id": "$subject", "class_id": "$class", "hours_per_week": 1})
        }
        "PUT /api/v1/assignments/{id}/plan" => {
            json!({"topics": [{"title": "Чужая тема", "hours": 1}]})
        }
        "POST /api/v1/auth/switch-school" => json!({"school_id": "$school"}),
        "POST /api/v1/classes" => {
            json!({"year_id": "$year", "grade": 8, "letter": "В", "class_teacher_id": "$teacher", "week_days": 5})
        }
        "POST /api/v1/classes/{id}/diary-access" => json!({}),
        "POST /api/v1/classes/{id}/diary-access/slips" => {
            json!({"site": "https://journal.example", "slips": [{"person_id": "$student", "one_time_password": "abcdefghjk"}]})
        }
        "POST /api/v1/classes/{class_id}/announcements" => {
            json!({"subject": "Объявление", "body": "Текст"})
        }
        "POST /api/v1/control-works" => {
            json!({"class_id": "$class", "subject_id": "$subject", "date": "2025-11-13", "title": "Чужая"})
        }
        "PUT /api/v1/curriculum" => {
            json!({"year_id": "$year", "grade": 7, "lines": [{"subject_id": "$subject", "hours_per_week": 1}]})
        }
        "POST /api/v1/groups" => {
            json!({"year_id": "$year", "name": "Чужая группа", "kind": "subgroup", "class_ids": ["$class"], "division": "Д"})
        }
        "PATCH /api/v1/groups/{id}" => json!({"name": "Переименована"}),
        "POST /api/v1/groups/{id}/members" => {
            json!({"student_id": "$student", "from_date": "2025-09-02"})
        }
        "POST /api/v1/groups/{id}/members/{student_id}/leave" => json!({"last_day": "2025-11-11"}),
        "PUT /api/v1/guardians/{id}" => json!({"last_name": "Подмена", "first_name": "Имя"}),
        "POST /api/v1/guardians/{id}/account" => json!({"login": "stolen.account"}),
        "POST /api/v1/guardians/{id}/consents" => {
            json!({"decision": "given", "decided_on": "2025-09-01", "document": "Заявление"})
        }
        "POST /api/v1/journal/{assignment_id}/{period_id}" => json!({"changes": [
            {"kind": "mark", "entry_id": "$entry", "lesson_date": "$date", "student_id": "$student",
             "work_type": "oral", "value": "2"}]}),
        "POST /api/v1/journal/close" => json!({"period_id": "$period", "class_id": "$class"}),
        "POST /api/v1/journal/reopen" => {
            json!({"period_id": "$period", "class_id": "$class", "reason": "Открыть чужое"})
        }
        "POST /api/v1/journal/{assignment_id}/{period_id}/close" => json!({"reason": "Закрыть"}),
        "POST /api/v1/journal/{assignment_id}/{period_id}/reopen" => {
            json!({"reason": "Открыть чужое"})
        }
        "PUT /api/v1/lessons/{entry_id}/{date}" => {
            json!({"conducted": true, "topic": "Подмена темы"})
        }
        "POST /api/v1/lessons/{entry_id}/{date}/change" => {
            json!({"kind": "substitution", "substitute_id": "$teacher", "room_id": "$room", "reason": "x"})
        }
        "PUT /api/v1/students/{id}" => {
            json!({"last_name": "Подмена", "first_name": "Имя", "birth_date": "2011-03-01"})
        }
        "POST /api/v1/students/{id}/account" => json!({"login": "stolen.pupil"}),
        "POST /api/v1/students/{id}/acknowledgements" => {
            json!({"kind": "period", "period_id": "$period"})
        }
        "POST /api/v1/students/{id}/guardians" => {
            json!({"guardian_id": "$guardian", "relation": "father"})
        }
        "POST /api/v1/students/{id}/transfer" => {
            json!({"to_class_id": "$class", "on_date": "2025-11-11"})
        }
        "POST /api/v1/students/{id}/withdraw" => {
            json!({"on_date": "2025-11-11", "reason": "Переезд"})
        }
        "PUT /api/v1/subject-scales" => {
            json!({"subject_id": "$subject", "grade": 7, "scale": "pass_fail"})
        }
        "POST /api/v1/threads" => {
            json!({"subject": "Чужим", "body": "Текст", "recipients": ["$user"]})
        }
        "POST /api/v1/threads/{id}/messages" => json!({"body": "Чужое сообщение"}),
        "POST /api/v1/timetable" => {
            json!({"assignment_id": "$assignment", "weekday": 2, "lesson_number": 1, "room_id": "$room",
                   "valid_from": "2025-09-01", "valid_to": "2026-05-31"})
        }
        "POST /api/v1/timetable/{id}/end" => json!({"last_day": "2025-11-11"}),
        "POST /api/v1/students" => {
            json!({"last_name": "Подкидыш", "first_name": "Имя", "birth_date": "2012-01-01",
                   "class_id": "$class", "on_date": "2025-09-01"})
        }
        // The `id` of a calendar's period is ignored on input (a period is kept by its kind,
        // number and grades), so these carry no id but the year's in the path.
        "POST /api/v1/years" => year_2025(),
        "POST /api/v1/years/{id}/rollover" => {
            // The next year: valid, so that only the caller's right to the year refuses it.
            let next = year_2025()
                .to_string()
                .replace("2026", "2027")
                .replace("2025", "2026");
            serde_json::from_str(&next).unwrap()
        }
        "PUT /api/v1/years/{id}/calendar" => year_2025()["calendar"].clone(),
        _ => return None,
    })
}

/// The kinds a template names (`$kind`).
fn placeholders(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) if s.starts_with('$') => {
            out.insert(s[1..].to_owned());
        }
        Value::Array(a) => a.iter().for_each(|x| placeholders(x, out)),
        Value::Object(o) => o.values().for_each(|x| placeholders(x, out)),
        _ => {}
    }
}

/// A template with its `$kind`s filled from `ids` (`None` when one is missing).
fn fill(v: &Value, ids: &Ids) -> Option<Value> {
    Some(match v {
        Value::String(s) if s.starts_with('$') => json!(ids.get(&s[1..])?),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, ids)).collect::<Option<_>>()?),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| Some((k.clone(), fill(x, ids)?)))
                .collect::<Option<_>>()?,
        ),
        other => other.clone(),
    })
}

/// Whether a schema (resolved through `$ref`s) holds a uuid anywhere.
fn has_uuid(schema: &Value, doc: &Value, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        return has_uuid(&doc["components"]["schemas"][name], doc, depth + 1);
    }
    if schema["format"] == "uuid" {
        return true;
    }
    let nested = |key: &str| match &schema[key] {
        Value::Array(a) => a.iter().any(|s| has_uuid(s, doc, depth + 1)),
        Value::Object(o) if key == "properties" => o.values().any(|s| has_uuid(s, doc, depth + 1)),
        Value::Object(_) => has_uuid(&schema[key], doc, depth + 1),
        _ => false,
    };
    ["properties", "items", "oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| nested(k))
}

/// One operation of the document.
struct Operation {
    method: String,
    path: String,
    /// The names of its path parameters, and `(name, required)` of its query parameters.
    path_params: Vec<String>,
    query: Vec<(String, bool)>,
    /// Whether it takes an `If-Match` header (the journal save).
    if_match: bool,
    /// The content type of its body, when it takes one.
    body: Option<String>,
    /// Whether its JSON body's schema holds a uuid.
    body_has_ids: bool,
}

impl Operation {
    fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

fn operations() -> Vec<Operation> {
    let doc = serde_json::to_value(journal_api::openapi()).unwrap();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let of = |place: &str| {
                params
                    .iter()
                    .filter(|p| p["in"] == place)
                    .map(|p| {
                        (
                            p["name"].as_str().unwrap().to_owned(),
                            p["required"].as_bool().unwrap_or(false),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let content = &op["requestBody"]["content"];
            let body = content.as_object().and_then(|c| c.keys().next().cloned());
            let schema = &content["application/json"]["schema"];
            let body_has_ids = schema.is_object() && has_uuid(schema, &doc, 0);
            ops.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                path_params: of("path").into_iter().map(|(n, _)| n).collect(),
                query: of("query"),
                if_match: of("header")
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("if-match")),
                body,
                body_has_ids,
            });
        }
    }
    ops
}

/// What a category of foreign ids is, and who calls with it. `ids` are what the requests name;
/// `foreign` the kinds among them that are not the caller's (another teacher's page shares its
/// period and lesson date with the caller's own).
struct Category {
    name: &'static str,
    roles: &'static [&'static str],
    ids: Ids,
    foreign: Vec<&'static str>,
    /// Whether to also call with the caller's own object in the path and the foreign ids in the
    /// body or query only.
    home_variants: bool,
}

/// One request of the matrix.
struct Probe {
    op: String,
    category: &'static str,
    role: &'static str,
    method: String,
    uri: String,
    body: Option<(String, Vec<u8>)>,
    if_match: bool,
    /// A list filtered by a foreign id may answer 200 with nothing in it.
    empty_list_ok: bool,
}

/// The requests for one operation and category, as `(uri, JSON body, whether an empty list is an
/// acceptable answer)`: none when the category has none of the ids the operation takes; an error
/// when the test cannot build one. `home` (the caller's own objects) fills what the category
/// lacks, and the path of the variants that put the foreign ids in the body or the query only.
fn probes(
    op: &Operation,
    cat: &Category,
    home: &Ids,
) -> Result<Vec<(String, Option<Value>, bool)>, String> {
    let mut out = Vec::new();
    let mut kinds = Vec::new();
    for p in &op.path_params {
        kinds.push(
            path_kind(&op.path, p)
                .ok_or_else(|| format!("path parameter `{p}` names no known kind"))?,
        );
    }
    let template = match (&op.body, body_template(&op.key())) {
        (Some(ct), None) if ct == "application/json" && (op.body_has_ids || !kinds.is_empty()) => {
            return Err("no request body template".into());
        }
        (_, t) => t,
    };
    let mut wanted = BTreeSet::new();
    if let Some(t) = &template {
        placeholders(t, &mut wanted);
    }
    let path_with = |ids: &Ids| -> Option<String> {
        let mut path = op.path.clone();
        for (p, k) in op.path_params.iter().zip(&kinds) {
            path = path.replace(&format!("{{{p}}}"), ids.get(k)?);
        }
        Some(path)
    };
    let query_with = |ids: &Ids, only: Option<&str>| -> Result<Option<String>, String> {
        let mut q = Vec::new();
        for (name, required) in &op.query {
            match query_value(name) {
                QueryValue::Id(kind) => {
                    let chosen = only.is_none_or(|o| o == name);
                    match ids.get(kind).filter(|_| chosen) {
                        Some(v) => q.push(format!("{name}={v}")),
                        None if *required => match home.get(kind) {
                            Some(v) => q.push(format!("{name}={v}")),
                            None => return Ok(None),
                        },
                        None => {}
                    }
                }
                QueryValue::Fixed(v) if *required => q.push(format!("{name}={v}")),
                QueryValue::Fixed(_) => {}
                QueryValue::Unknown if *required => {
                    return Err(format!("required query parameter `{name}` has no value"));
                }
                QueryValue::Unknown => {}
            }
        }
        Ok(Some(if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        }))
    };
    let mut merged = home.clone();
    merged.extend(cat.ids.iter().map(|(k, v)| (*k, v.clone())));
    let body_of = |ids: &Ids| template.as_ref().and_then(|t| fill(t, ids));

    if !kinds.is_empty() {
        // The foreign object in the path (and the body's ids foreign too, where it has any).
        if let Some(path) = path_with(&cat.ids) {
            if let Some(query) = query_with(&cat.ids, None)? {
                out.push((format!("{path}{query}"), body_of(&merged), false));
            }
        }
        // The caller's own object in the path, the foreign ids in the body.
        let foreign_in_body =
            cat.home_variants && wanted.iter().any(|k| cat.foreign.contains(&k.as_str()));
        if foreign_in_body {
            if let (Some(path), Some(query)) = (path_with(home), query_with(home, Some(""))?) {
                out.push((format!("{path}{query}"), body_of(&merged), false));
            }
        }
        // The caller's own object in the path, a foreign id in a query filter (a filter may
        // answer an empty list).
        for (name, _) in &op.query {
            if let QueryValue::Id(kind) = query_value(name) {
                if cat.home_variants && cat.foreign.contains(&kind) {
                    if let (Some(path), Some(query)) =
                        (path_with(home), query_with(&merged, Some(name))?)
                    {
                        out.push((format!("{path}{query}"), body_of(home), op.method == "GET"));
                    }
                }
            }
        }
    } else {
        // No path ids: each foreign id of the query alone, and the body with the foreign ids.
        for (name, _) in &op.query {
            if let QueryValue::Id(kind) = query_value(name) {
                if cat.foreign.contains(&kind) {
                    if let Some(query) = query_with(&merged, Some(name))? {
                        out.push((
                            format!("{}{query}", op.path),
                            body_of(home),
                            op.method == "GET",
                        ));
                    }
                }
            }
        }
        if wanted.iter().any(|k| cat.foreign.contains(&k.as_str())) {
            if let Some(query) = query_with(home, Some(""))? {
                out.push((format!("{}{query}", op.path), body_of(&merged), false));
            }
        }
    }
    Ok(out)
}

/// Whether a JSON answer lists nothing: every array in it is empty.
fn lists_nothing(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(lists_nothing),
        _ => true,
    }
}

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The number of rows of every table of the database.
fn row_counts(db: &TestDb) -> BTreeMap<String, i64> {
    macro_rules! counts {
        ($conn:expr, $list:expr) => {{
            let names: Vec<TableName> = diesel::sql_query($list).load($conn).unwrap();
            assert!(names.len() > 20, "the tables are found: {}", names.len());
            names
                .into_iter()
                .map(|t| {
                    let q = format!("SELECT COUNT(*) AS n FROM \"{}\"", t.name);
                    let n: Vec<Count> = diesel::sql_query(q).load($conn).unwrap();
                    (t.name, n[0].n)
                })
                .collect()
        }};
    }
    let mut conn = db.conn();
    match &mut *conn {
        DbConnection::Sqlite(c) => counts!(
            c,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ),
        DbConnection::Pg(c) => counts!(
            c,
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        ),
    }
}

async fn send_probe<S, B>(app: &S, token: &str, p: &Probe) -> (StatusCode, Vec<u8>)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    // A journal save names the page's version: the one the caller reads, so that the refusal
    // comes from who the caller is and what the body names, not from a stale version.
    let etag = if p.if_match {
        let (_, _, _, etag) = send(
            app,
            "GET",
            p.uri.split('?').next().unwrap(),
            Some(token),
            None,
            None,
        )
        .await;
        Some(etag.unwrap_or_else(|| "\"1\"".to_owned()))
    } else {
        None
    };
    let body = p.body.as_ref().map(|(ct, b)| (ct.as_str(), b.clone()));
    let (status, _, bytes, _) =
        send(app, &p.method, &p.uri, Some(token), etag.as_deref(), body).await;
    (status, bytes)
}

fn raw_body(content_type: &str) -> Vec<u8> {
    match content_type {
        "text/csv" => "Тема;1\n".as_bytes().to_vec(),
        _ => b"payload".to_vec(),
    }
}

#[actix_web::test]
async fn no_role_reaches_what_is_not_theirs_by_any_id_taking_operation() {
    let db = TestDb::new();
    let app = app!(&db);
    let a = build_school(&app, &db, "a").await;
    let b = build_school(&app, &db, "b").await;
    assert_ne!(a.school, b.school);

    // Positive controls: the owners reach these very ids.
    let controls: &[(&Side, &str, &str, String)] = &[
        (
            &b,
            "secretary",
            "GET",
            format!("/api/v1/students/{}", b.second["student"]),
        ),
        (
            &b,
            "parent2",
            "GET",
            format!(
                "/api/v1/students/{}/diary?from={LESSON_DATE}",
                b.second["student"]
            ),
        ),
        (
            &a,
            "parent2",
            "GET",
            format!(
                "/api/v1/students/{}/diary?from={LESSON_DATE}",
                a.second["student"]
            ),
        ),
        (
            &a,
            "secretary",
            "GET",
            format!("/api/v1/guardians/{}/consents", a.second["guardian"]),
        ),
        (
            &a,
            "teacher2",
            "GET",
            format!(
                "/api/v1/journal/{}/{}",
                a.second["assignment"], a.second["period"]
            ),
        ),
        (
            &a,
            "teacher2",
            "GET",
            format!("/api/v1/assignments/{}/plan", a.second["assignment"]),
        ),
        (
            &a,
            "teacher2",
            "GET",
            format!("/api/v1/files/{}", a.second["file"]),
        ),
        (
            &b,
            "teacher2",
            "GET",
            format!(
                "/api/v1/journal/{}/{}",
                b.second["assignment"], b.second["period"]
            ),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/groups/{}", b.second["group"]),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/years/{}", b.second["year"]),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/lessons/{}/{LESSON_DATE}", b.second["entry"]),
        ),
        (
            &b,
            "teacher2",
            "GET",
            format!("/api/v1/threads/{}", b.second["thread"]),
        ),
        (
            &b,
            "teacher2",
            "GET",
            format!("/api/v1/message-attachments/{}", b.second["attachment"]),
        ),
        (
            &b,
            "deputy",
            "GET",
            format!("/api/v1/classes/{}/finals", b.second["class"]),
        ),
    ];
    for (side, who, method, path) in controls {
        let (status, _, body) = request(&app, method, path, Some(&side.tokens[*who]), None).await;
        assert!(
            status.is_success(),
            "control {who} {method} {path}: {status} {}",
            String::from_utf8_lossy(&body)
        );
    }

    let foreign_school = Category {
        name: "another school",
        roles: ROLES,
        ids: b.second.clone(),
        foreign: b.second.keys().copied().collect(),
        home_variants: true,
    };
    let family = |k: &'static str| (k, a.second[k].clone());
    let other_family = Category {
        name: "another family's child",
        roles: &["parent", "student"],
        ids: ["student", "guardian"].into_iter().map(family).collect(),
        foreign: vec!["student", "guardian"],
        home_variants: true,
    };
    // The teacher leads 7А and keeps its families (R-A5): the other family's child and guardian
    // only in the path (linking a guardian record of the school to a child of her own class is
    // hers to do).
    let untaught_child = Category {
        name: "a child the teacher does not teach",
        roles: &["teacher"],
        ids: ["student", "guardian"].into_iter().map(family).collect(),
        foreign: vec!["student", "guardian"],
        home_variants: false,
    };
    let other_teacher = Category {
        name: "another teacher's page",
        roles: &["teacher", "parent", "student"],
        ids: ["assignment", "period", "entry", "date", "file"]
            .into_iter()
            .map(|k| (k, a.second[k].clone()))
            .collect(),
        foreign: vec!["assignment", "entry", "file"],
        home_variants: true,
    };
    let categories = [foreign_school, other_family, untaught_child, other_teacher];
    let excepted: BTreeMap<&str, &str> = NOT_ID_TAKING.iter().copied().collect();

    let mut unbuildable = Vec::new();
    let mut failures = Vec::new();
    let mut probed = BTreeSet::new();
    let mut calls = 0;
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut answered_empty = BTreeSet::new();
    let ops = operations();
    let mut counts = row_counts(&db);
    assert!(ops.len() > 90, "the document lists the API: {}", ops.len());
    for op in &ops {
        let key = op.key();
        let takes_ids = !op.path_params.is_empty()
            || op.body_has_ids
            || op
                .query
                .iter()
                .any(|(n, _)| matches!(query_value(n), QueryValue::Id(_)));
        if !takes_ids {
            continue;
        }
        if excepted.contains_key(key.as_str()) {
            continue;
        }
        for cat in &categories {
            let built = match probes(op, cat, &a.first) {
                Ok(b) => b,
                Err(why) => {
                    unbuildable.push(format!("{key}: {why}"));
                    break;
                }
            };
            for (uri, json_body, empty_list_ok) in built {
                let body = match (&op.body, json_body) {
                    (_, Some(v)) => {
                        Some(("application/json".to_owned(), v.to_string().into_bytes()))
                    }
                    (Some(ct), None) if ct != "application/json" => {
                        Some((ct.clone(), raw_body(ct)))
                    }
                    _ => None,
                };
                for role in cat.roles {
                    let probe = Probe {
                        op: key.clone(),
                        category: cat.name,
                        role,
                        method: op.method.clone(),
                        uri: uri.clone(),
                        body: body.clone(),
                        if_match: op.if_match,
                        empty_list_ok,
                    };
                    let (status, bytes) = send_probe(&app, &a.tokens[role], &probe).await;
                    let after = row_counts(&db);
                    let before = std::mem::replace(&mut counts, after.clone());
                    calls += 1;
                    probed.insert(key.clone());
                    *statuses.entry(status.as_u16()).or_default() += 1;
                    let refused = matches!(status.as_u16(), 400 | 403 | 404 | 422);
                    let empty = probe.empty_list_ok
                        && status == StatusCode::OK
                        && serde_json::from_slice::<Value>(&bytes).is_ok_and(|v| lists_nothing(&v));
                    let allowed = ALLOWED.iter().any(|(o, c, r, _)| {
                        *o == probe.op && *c == probe.category && *r == probe.role
                    });
                    if empty {
                        answered_empty.insert(format!("{} ({})", probe.op, probe.category));
                    }
                    if !(refused || empty || allowed) {
                        failures.push(format!(
                            "{} as {} with {}: {} {} → {status} {}",
                            probe.op,
                            probe.role,
                            probe.category,
                            probe.method,
                            probe.uri,
                            String::from_utf8_lossy(&bytes)
                                .chars()
                                .take(200)
                                .map(|c| if c.is_control() { ' ' } else { c })
                                .collect::<String>()
                        ));
                    }
                    if before != after && !allowed {
                        let changed: Vec<String> = after
                            .iter()
                            .filter(|(t, n)| before.get(*t) != Some(n))
                            .map(|(t, n)| {
                                format!("{t}: {} → {n}", before.get(t).copied().unwrap_or(0))
                            })
                            .collect();
                        failures.push(format!(
                            "{} as {} with {} WROTE {}: {status}",
                            probe.op,
                            probe.role,
                            probe.category,
                            changed.join(", ")
                        ));
                    }
                }
            }
        }
    }
    println!(
        "authorisation matrix: {calls} calls over {} operations; statuses {statuses:?}",
        probed.len()
    );
    println!(
        "lists filtered by a foreign id that answered an empty list:\n  {}",
        answered_empty.into_iter().collect::<Vec<_>>().join("\n  ")
    );
    assert!(unbuildable.is_empty(), "operations the matrix cannot call (build a request for them or list them in NOT_ID_TAKING):\n{}", unbuildable.join("\n"));
    assert!(
        failures.is_empty(),
        "{} refusals missing:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every id-taking operation was called at least once.
    let missing: Vec<String> = ops
        .iter()
        .filter(|op| !op.path_params.is_empty() && !excepted.contains_key(op.key().as_str()))
        .map(Operation::key)
        .filter(|k| !probed.contains(k))
        .collect();
    assert!(missing.is_empty(), "operations never called: {missing:?}");
    for (key, _) in NOT_ID_TAKING {
        assert!(
            ops.iter().any(|op| op.key() == *key),
            "the exception {key} names no operation"
        );
    }
}
