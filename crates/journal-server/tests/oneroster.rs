//! OneRoster 1.2 rostering (R-E3) over the demo school: an integration client with the roster and
//! demographics scopes reads every operation of the 1EdTech rostering definitions that Journal
//! serves, each answer checked against the definitions' own schema of its 200 response; the
//! answers agree with the school (7А's students, its class teacher, the guardians as agents,
//! demographics only where consent allows); paging walks the users to the end; another school's
//! `sourcedId` is `unknownobject` and a narrower client is refused beyond its scopes. Runs on the
//! backend under test (JOURNAL_TEST_BACKEND).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "../../journal-api/tests/shared/oneroster_schema.rs"]
mod oneroster_schema;

use actix_web::test;
use base64::Engine;
use common::{journal, sign_in, state, text};
use diesel::prelude::*;
use journal_db::schema::{finals, guardian_consents, marks, schools, students};
use journal_db::testing::TestDb;
use oneroster_schema::assert_schema;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

const DEMO_DAY: &str = "2026-11-18";
const RO: &str = "/ims/oneroster/rostering/v1p2";
const GB: &str = "/ims/oneroster/gradebook/v1p2";
const SCOPE: &str = "https://purl.imsglobal.org/spec/or/v1p2/scope/";

/// A OneRoster rostering GET: the status, `X-Total-Count`, `Link` and the JSON body.
async fn or_get<S, B>(app: &S, token: &str, path: &str) -> (u16, Option<usize>, String, Value)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    or_get_at(app, token, RO, path).await
}

/// A OneRoster GET under `base`.
async fn or_get_at<S, B>(
    app: &S,
    token: &str,
    base: &str,
    path: &str,
) -> (u16, Option<usize>, String, Value)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::get()
        .uri(&format!("{base}{path}"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .to_request();
    let resp = test::call_service(app, req).await;
    let status = resp.status().as_u16();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let total = header("x-total-count").map(|t| t.parse().unwrap());
    let link = header("link").unwrap_or_default();
    let body = test::read_body(resp).await;
    (
        status,
        total,
        link,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

/// The records of a list answer.
fn records<'v>(body: &'v Value, key: &str) -> &'v Vec<Value> {
    body[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {body}"))
}

fn ids(list: &[Value]) -> BTreeSet<String> {
    list.iter()
        .map(|r| r["sourcedId"].as_str().unwrap().to_owned())
        .collect()
}

/// A client of the demo school with `scopes`: its token, by HTTP Basic.
async fn client_token<S, B>(app: &S, admin: &str, name: &str, scopes: &[&str]) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let scopes: Vec<String> = scopes.iter().map(|s| format!("{SCOPE}{s}")).collect();
    let req = test::TestRequest::post()
        .uri("/api/v1/integration-clients")
        .insert_header(("Authorization", admin.to_owned()))
        .set_json(json!({"name": name, "scopes": scopes}))
        .to_request();
    let resp = test::call_service(app, req).await;
    assert_eq!(resp.status(), 201, "{name} registered");
    let made: Value = test::read_body_json(resp).await;
    let pair = format!(
        "{}:{}",
        made["client"]["client_id"].as_str().unwrap(),
        made["client_secret"].as_str().unwrap()
    );
    let req = test::TestRequest::post()
        .uri("/oauth/token")
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .insert_header((
            "Authorization",
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            ),
        ))
        .set_payload("grant_type=client_credentials")
        .to_request();
    let resp = test::call_service(app, req).await;
    assert_eq!(resp.status(), 200, "{name} gets a token");
    let body: Value = test::read_body_json(resp).await;
    body["access_token"].as_str().unwrap().to_owned()
}

/// Call every GET of a 1EdTech definitions file (but the assessment ones, which Journal does not
/// serve) under `base`, its path parameters filled from `fill` (by name) and `by_collection` (a
/// `{sourcedId}` by the path's first segment); each answer must be 200 and hold to the schema the
/// definitions give it, a list must list something with `X-Total-Count` and `Link`. The number of
/// operations called.
async fn walk<S, B>(
    app: &S,
    token: &str,
    definitions: &str,
    base: &str,
    fill: &HashMap<&str, &str>,
    by_collection: &HashMap<&str, &str>,
) -> usize
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let file = format!(
        "{}/../../openapi/oneroster/onerosterv1p2{definitions}_openapi3_v1p0.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let mut served = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let Some(op) = ops.get("get") else { continue };
        if path.starts_with("/assessment") {
            continue;
        }
        let collection = path.trim_start_matches('/').split('/').next().unwrap();
        let mut uri = path.clone();
        if path.contains("{sourcedId}") {
            uri = uri.replace("{sourcedId}", by_collection[collection]);
        }
        for (name, value) in fill {
            uri = uri.replace(&format!("{{{name}}}"), value);
        }
        let (status, total, link, body) = or_get_at(app, token, base, &uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        let schema = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap()
            .trim_start_matches("#/components/schemas/");
        assert_schema(schema, &body);
        if schema.contains("Set") {
            let key = body.as_object().unwrap().keys().next().unwrap().clone();
            let n = records(&body, &key).len();
            assert!(n > 0, "{uri} lists something");
            assert!(total.unwrap() >= n, "{uri}: X-Total-Count");
            assert!(link.contains("rel=\"first\""), "{uri}: Link");
        }
        served += 1;
    }
    served
}

#[actix_web::test]
async fn a_client_reads_the_demo_school_roster_as_the_standard_defines_it() {
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = journal(&db, &data, args);
        assert!(out.status.success(), "journal {args:?}: {}", text(&out));
    };
    run(&["seed-demo", "--today", DEMO_DAY]);
    run(&[
        "user",
        "create-admin",
        "--school",
        "МБОУ СОШ № 2",
        "--login",
        "admin2",
    ]);
    let mut conn = db.conn();
    let demo: String = schools::table
        .filter(schools::is_demo.eq(true))
        .select(schools::id)
        .first(&mut conn)
        .unwrap();
    let other: String = schools::table
        .filter(schools::name.eq("МБОУ СОШ № 2"))
        .select(schools::id)
        .first(&mut conn)
        .unwrap();

    let app =
        test::init_service(actix_web::App::new().configure(journal_api::mount(state(&db)))).await;
    let admin = sign_in(&app, "admin").await;
    let token = client_token(
        &app,
        &admin,
        "Расписание",
        &[
            "roster.readonly",
            "roster-demographics.readonly",
            "gradebook.readonly",
        ],
    )
    .await;

    // The records the paths below are filled with.
    let (status, _, _, homerooms) = or_get(
        &app,
        &token,
        "/classes?filter=title%3D%277%D0%90%27%20AND%20classType%3D%27homeroom%27",
    )
    .await;
    assert_eq!(status, 200, "{homerooms}");
    let homerooms = records(&homerooms, "classes");
    assert_eq!(homerooms.len(), 1, "7А is one homeroom class");
    let class_7a = homerooms[0]["sourcedId"].as_str().unwrap().to_owned();
    let (_, _, _, scheduled) = or_get(
        &app,
        &token,
        "/classes?filter=classType%3D%27scheduled%27&limit=1",
    )
    .await;
    let scheduled = records(&scheduled, "classes")[0].clone();
    let course = scheduled["course"]["sourcedId"]
        .as_str()
        .unwrap()
        .to_owned();
    let term = homerooms[0]["terms"][0]["sourcedId"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, _, _, periods) = or_get(&app, &token, "/gradingPeriods?limit=1").await;
    let period = records(&periods, "academicSessions")[0]["sourcedId"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, total_students, _, in_7a) =
        or_get(&app, &token, &format!("/classes/{class_7a}/students")).await;
    assert_eq!(status, 200);
    let in_7a = records(&in_7a, "users").clone();
    let student = in_7a[0]["sourcedId"].as_str().unwrap().to_owned();
    // 7А's class teacher (a teacher may teach nothing this year).
    let (_, _, _, leads) = or_get(&app, &token, &format!("/classes/{class_7a}/teachers")).await;
    let leads = records(&leads, "users").clone();
    let teacher = leads[0]["sourcedId"].as_str().unwrap().to_owned();
    let (_, _, _, enrollments) = or_get(&app, &token, "/enrollments?limit=1").await;
    let enrollment = records(&enrollments, "enrollments")[0]["sourcedId"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, _, demographics) = or_get(&app, &token, "/demographics?limit=1").await;
    assert_eq!(status, 200, "{demographics}");
    let consented = records(&demographics, "demographics")[0]["sourcedId"]
        .as_str()
        .unwrap()
        .to_owned();

    // Every GET of the 1EdTech rostering definitions, its answer checked against the schema the
    // definitions give its 200.
    let fill: HashMap<&str, &str> = [
        ("schoolSourcedId", demo.as_str()),
        ("classSourcedId", class_7a.as_str()),
        ("courseSourcedId", course.as_str()),
        ("studentSourcedId", student.as_str()),
        ("teacherSourcedId", teacher.as_str()),
        ("termSourcedId", term.as_str()),
        ("userSourcedId", student.as_str()),
    ]
    .into_iter()
    .collect();
    let by_collection: HashMap<&str, &str> = [
        ("academicSessions", term.as_str()),
        ("classes", class_7a.as_str()),
        ("courses", course.as_str()),
        ("demographics", consented.as_str()),
        ("enrollments", enrollment.as_str()),
        ("gradingPeriods", period.as_str()),
        ("orgs", demo.as_str()),
        ("schools", demo.as_str()),
        ("students", student.as_str()),
        ("teachers", teacher.as_str()),
        ("terms", term.as_str()),
        ("users", student.as_str()),
    ]
    .into_iter()
    .collect();
    let served = walk(&app, &token, "rostersservice", RO, &fill, &by_collection).await;
    assert_eq!(served, 41, "every rostering GET is served");

    // 7А's students are the school's active students of 7А; its class teacher teaches it.
    let expected: i64 = students::table
        .filter(students::class_id.eq(&class_7a))
        .filter(students::status.eq("active"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(total_students, Some(usize::try_from(expected).unwrap()));
    assert_eq!(leads.len(), 1, "7А's class teacher");
    assert_eq!(leads[0]["roles"][0]["role"], "teacher");
    let (_, _, _, enrolled) = or_get(
        &app,
        &token,
        &format!("/schools/{demo}/classes/{class_7a}/enrollments?limit=1000"),
    )
    .await;
    let enrolled = records(&enrolled, "enrollments");
    assert_eq!(enrolled.len(), in_7a.len() + 1);
    assert!(enrolled
        .iter()
        .any(|e| e["role"] == "teacher" && e["primary"] == "true"));

    // A student's guardians are their agents, and each guardian's agents include the student.
    let (_, _, _, one) = or_get(&app, &token, &format!("/students/{student}")).await;
    let agents = one["user"]["agents"].as_array().unwrap();
    assert!(!agents.is_empty(), "{one}");
    assert_eq!(one["user"]["roles"][0]["role"], "student");
    assert_eq!(one["user"]["grades"], json!(["7"]));
    let guardian = agents[0]["sourcedId"].as_str().unwrap();
    let (_, _, _, g) = or_get(&app, &token, &format!("/users/{guardian}")).await;
    let role = g["user"]["roles"][0]["role"].as_str().unwrap();
    assert!(role == "parent" || role == "guardian", "{g}");
    assert!(g["user"]["agents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["sourcedId"] == student.as_str()));
    let (_, _, _, theirs) = or_get(
        &app,
        &token,
        &format!("/students/{student}/classes?limit=1000"),
    )
    .await;
    let theirs = records(&theirs, "classes");
    assert!(theirs.iter().any(|c| c["sourcedId"] == class_7a.as_str()));
    assert!(theirs.iter().any(|c| c["classType"] == "scheduled"));

    // Paging walks the users to the end: each once, as many as counted.
    let mut seen = BTreeSet::new();
    let mut offset = 0;
    let total = loop {
        let (status, total, link, page) =
            or_get(&app, &token, &format!("/users?limit=100&offset={offset}")).await;
        assert_eq!(status, 200);
        let page = records(&page, "users");
        for id in ids(page) {
            assert!(seen.insert(id), "a user twice");
        }
        offset += 100;
        if !link.contains("rel=\"next\"") {
            break total.unwrap();
        }
    };
    assert_eq!(seen.len(), total);
    assert!(total > in_7a.len() * 3, "students, guardians and staff");

    // Filter and sort: the filtered users are those the full list holds, in the asked order.
    let (status, count, _, named) = or_get(
        &app,
        &token,
        "/users?filter=familyName~%27%D0%BE%D0%B2%27%20AND%20enabledUser%3D%27true%27&sort=familyName&orderBy=desc&limit=1000&fields=sourcedId,familyName,enabledUser",
    )
    .await;
    assert_eq!(status, 200, "{named}");
    let named = records(&named, "users");
    assert!(!named.is_empty());
    assert_eq!(count, Some(named.len()));
    let families: Vec<&str> = named
        .iter()
        .map(|u| u["familyName"].as_str().unwrap())
        .collect();
    let mut sorted = families.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(families, sorted, "descending by family name");
    assert!(named.iter().all(|u| u["enabledUser"] == "true"
        && u["familyName"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("ов")
        && u.as_object().unwrap().len() == 3));

    // Demographics: only students with a guardian's consent and no refusal.
    let (_, shown, _, _) = or_get(&app, &token, "/demographics?limit=1").await;
    let refused: Vec<String> = guardian_consents::table
        .filter(guardian_consents::decision.eq("refused"))
        .select(guardian_consents::guardian_id)
        .load(&mut conn)
        .unwrap();
    assert!(!refused.is_empty(), "the demo has a refusal");
    let (_, all_students, _, _) = or_get(&app, &token, "/students?limit=1").await;
    assert!(shown.unwrap() < all_students.unwrap());
    let (_, _, _, refusing) = or_get(&app, &token, &format!("/users/{}", refused[0])).await;
    for child in refusing["user"]["agents"].as_array().unwrap() {
        let id = child["sourcedId"].as_str().unwrap();
        let (status, _, _, body) = or_get(&app, &token, &format!("/demographics/{id}")).await;
        assert_eq!(status, 404, "a refusal withholds {id}: {body}");
    }

    // Another school's records are unknown; a client without the scope is refused.
    for uri in [
        format!("/schools/{other}/classes"),
        format!("/schools/{other}/classes/{class_7a}/students"),
        format!("/classes/{other}/students"),
        format!("/users/{other}"),
    ] {
        let (status, _, _, body) = or_get(&app, &token, &uri).await;
        assert_eq!(status, 404, "{uri}");
        assert_eq!(
            body["imsx_CodeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"],
            "unknownobject"
        );
    }
    let core = client_token(&app, &admin, "Каталог", &["roster-core.readonly"]).await;
    let (status, _, _, _) = or_get(&app, &core, "/classes").await;
    assert_eq!(status, 200, "core lists classes");
    for uri in [
        format!("/classes/{class_7a}/students"),
        "/demographics".to_owned(),
    ] {
        let (status, _, _, body) = or_get(&app, &core, &uri).await;
        assert_eq!(status, 403, "{uri}: {body}");
    }

    let (status, _, _, body) = or_get_at(&app, &core, GB, "/results").await;
    assert_eq!(status, 403, "a roster client reads no marks: {body}");

    // The gradebook: every GET of its definitions but the assessments', against their schemas.
    let mark: (String, String, String) = marks::table
        .filter(marks::value.eq("5"))
        .order(marks::id)
        .select((marks::id, marks::entry_id, marks::student_id))
        .first(&mut conn)
        .unwrap();
    let (status, _, _, one) = or_get_at(&app, &token, GB, &format!("/results/{}", mark.0)).await;
    assert_eq!(status, 200, "{one}");
    let result = &one["result"];
    assert_eq!(result["score"], 5.0);
    assert_eq!(result["scoreStatus"], "fully graded");
    assert_eq!(result["student"]["sourcedId"], mark.2.as_str());
    let item = result["lineItem"]["sourcedId"].as_str().unwrap().to_owned();
    assert!(
        item.starts_with(&format!("{}.", mark.1)),
        "the lesson's line item: {item}"
    );
    let class = result["class"]["sourcedId"].as_str().unwrap().to_owned();
    let scale = result["scoreScale"]["sourcedId"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, _, _, categories) = or_get_at(&app, &token, GB, "/categories").await;
    let categories = records(&categories, "categories");
    assert!(categories
        .iter()
        .any(|c| c["weight"].as_f64().is_some_and(|w| w > 1.0)));
    let category = categories[0]["sourcedId"].as_str().unwrap().to_owned();
    let fill: HashMap<&str, &str> = [
        ("schoolSourcedId", demo.as_str()),
        ("classSourcedId", class.as_str()),
        ("lineItemSourcedId", item.as_str()),
        ("studentSourcedId", mark.2.as_str()),
    ]
    .into_iter()
    .collect();
    let by_collection: HashMap<&str, &str> = [
        ("categories", category.as_str()),
        ("lineItems", item.as_str()),
        ("results", mark.0.as_str()),
        ("scoreScales", scale.as_str()),
    ]
    .into_iter()
    .collect();
    let served = walk(&app, &token, "gradebookservice", GB, &fill, &by_collection).await;
    assert_eq!(served, 15, "every gradebook GET but the assessments'");

    // Every mark is a result, and the finals with a value besides; Н/А reads as text.
    let (marks_n, finals_n): (i64, i64) = (
        marks::table.count().get_result(&mut conn).unwrap(),
        finals::table
            .filter(finals::value.is_not_null())
            .count()
            .get_result(&mut conn)
            .unwrap(),
    );
    let (_, results_n, _, _) = or_get_at(&app, &token, GB, "/results?limit=1").await;
    let results_n = i64::try_from(results_n.unwrap()).unwrap();
    assert!(
        results_n > marks_n && results_n <= marks_n + finals_n,
        "{results_n} results of {marks_n} marks and {finals_n} finals"
    );
    let (status, _, _, mine) = or_get_at(
        &app,
        &token,
        GB,
        &format!("/classes/{class}/students/{}/results?limit=1000", mark.2),
    )
    .await;
    assert_eq!(status, 200);
    let mine = records(&mine, "results");
    assert!(mine.iter().any(|r| r["sourcedId"] == mark.0.as_str()));
    assert!(mine
        .iter()
        .all(|r| r["student"]["sourcedId"] == mark.2.as_str()
            && r["class"]["sourcedId"] == class.as_str()));
    let na: i64 = finals::table
        .filter(finals::value.eq("na"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    if na > 0 {
        let (status, shown, _, body) = or_get_at(
            &app,
            &token,
            GB,
            "/results?filter=textScore%3D%27%D0%BD%2F%D0%B0%27&limit=5",
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert!(shown.unwrap() > 0, "Н/А finals as textScore");
        assert!(records(&body, "results")
            .iter()
            .all(|r| r["score"].is_null()));
    }
}
