//! Integration clients (R-A10) and the first OneRoster 1.2 reads (R-E3): the admin registers a
//! client and gets its secret once; the client gets a token with HTTP Basic or form fields
//! (RFC 6749 §4.4, its errors as §5.2 names them), reads its school's orgs and academic sessions
//! with the standard's paging, filter and fields, gets `unknownobject` for another school's
//! `sourcedId` and 401/403 beyond its token or scopes; every call is audited with the client's
//! name; a rotated secret and a revoked client stop their tokens at once. The answers are checked
//! against the 1EdTech definitions' schemas.

use super::*;
use crate::oneroster_schema::assert_schema;
use actix_web::http::header::HeaderMap;

const RO: &str = "/ims/oneroster/rostering/v1p2";
const ROSTER_CORE: &str = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly";
const GRADEBOOK_CORE: &str =
    "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook-core.readonly";

/// Any request: the status, the headers and the JSON body (`null` when empty or not JSON).
async fn raw<S, B>(app: &S, req: test::TestRequest) -> (StatusCode, HeaderMap, Value)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let resp = test::call_service(app, req.to_request()).await;
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = test::read_body(resp).await;
    (
        status,
        headers,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

/// `POST /oauth/token` with a form, and HTTP Basic when `basic` is given.
async fn token_request<S, B>(
    app: &S,
    basic: Option<(&str, &str)>,
    form: &str,
) -> (StatusCode, HeaderMap, Value)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let mut req = test::TestRequest::post()
        .uri("/oauth/token")
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(form.to_owned());
    if let Some((id, secret)) = basic {
        let pair = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        req = req.insert_header(("Authorization", format!("Basic {pair}")));
    }
    raw(app, req).await
}

/// A OneRoster read with a bearer token.
async fn or_get<S, B>(app: &S, token: &str, path: &str) -> (StatusCode, HeaderMap, Value)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::get()
        .uri(&format!("{RO}{path}"))
        .insert_header(("Authorization", format!("Bearer {token}")));
    raw(app, req).await
}

/// The reason of a OneRoster refusal.
fn code_minor(v: &Value) -> &str {
    assert_eq!(v["imsx_codeMajor"], "failure", "{v}");
    v["imsx_CodeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
        .as_str()
        .unwrap_or_else(|| panic!("no reason in {v}"))
}

#[actix_web::test]
async fn a_client_registered_by_the_admin_reads_its_school_with_its_scopes_only() {
    let db = TestDb::new();
    let school = school_with(
        &db,
        "Школа",
        &[
            ("admin", &[Role::Admin]),
            ("deputy", &[Role::Deputy]),
            ("teacher", &[Role::Teacher]),
        ],
    );
    let other = school_with(&db, "Другая", &[("admin2", &[Role::Admin])]);
    let app = app!(&db);
    let (admin, deputy, teacher, admin2) = (
        sign_in(&app, "admin").await,
        sign_in(&app, "deputy").await,
        sign_in(&app, "teacher").await,
        sign_in(&app, "admin2").await,
    );
    call_ok(
        &app,
        "POST",
        "/api/v1/years",
        Some(&deputy),
        Some(year_2025()),
    )
    .await;

    // Only the admin registers clients; a client needs a name and a scope.
    let new = json!({"name": "Библиотека", "scopes": [ROSTER_CORE]});
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/integration-clients",
        Some(&teacher),
        Some(new.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/integration-clients",
        Some(&admin),
        Some(json!({"name": "X", "scopes": []})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, made) = call(
        &app,
        "POST",
        "/api/v1/integration-clients",
        Some(&admin),
        Some(new),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["client"]["client_id"].as_str().unwrap().to_owned();
    let secret = made["client_secret"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 32);
    let listed = call_ok(
        &app,
        "GET",
        "/api/v1/integration-clients",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(listed["clients"][0]["client_id"], id.as_str());
    assert_eq!(listed["clients"][0]["scopes"], json!([ROSTER_CORE]));
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is shown once"
    );
    let theirs = call_ok(
        &app,
        "GET",
        "/api/v1/integration-clients",
        Some(&admin2),
        None,
    )
    .await;
    assert_eq!(
        theirs["clients"],
        json!([]),
        "another school's admin sees none"
    );

    // The token: HTTP Basic, or the form's fields; the registered scopes when none is asked.
    let (status, headers, body) =
        token_request(&app, Some((&id, &secret)), "grant_type=client_credentials").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], ROSTER_CORE);
    assert!(body["expires_in"].as_i64().unwrap() > 0);
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let client_token = body["access_token"].as_str().unwrap().to_owned();
    let form = format!(
        "grant_type=client_credentials&client_id={id}&client_secret={secret}&scope={}",
        ROSTER_CORE.replace(':', "%3A").replace('/', "%2F")
    );
    let (status, _, body) = token_request(&app, None, &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // RFC 6749 §5.2 refusals.
    let (status, headers, body) =
        token_request(&app, Some((&id, "wrong")), "grant_type=client_credentials").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    assert!(headers.get("www-authenticate").is_some());
    for (form, error) in [
        ("grant_type=password", "unsupported_grant_type"),
        ("scope=x", "invalid_request"),
        ("grant_type=client_credentials&scope=https%3A%2F%2Fpurl.imsglobal.org%2Fspec%2For%2Fv1p2%2Fscope%2Fgradebook.readonly", "invalid_scope"),
        ("grant_type=client_credentials&grant_type=client_credentials", "invalid_request"),
    ] {
        let (status, _, body) = token_request(&app, Some((&id, &secret)), form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{form}: {body}");
        assert_eq!(body["error"], error, "{form}");
    }
    let both = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
    let (_, _, body) = token_request(&app, Some((&id, &secret)), &both).await;
    assert_eq!(
        body["error"], "invalid_request",
        "one way of authenticating"
    );

    // OneRoster reads of its school.
    let (status, headers, orgs) = or_get(&app, &client_token, "/orgs").await;
    assert_eq!(status, StatusCode::OK, "{orgs}");
    assert_schema("OrgSetDType", &orgs);
    assert_eq!(orgs["orgs"][0]["sourcedId"], school.to_string());
    assert_eq!(orgs["orgs"][0]["type"], "school");
    assert_eq!(headers.get("x-total-count").unwrap(), "1");
    let (status, _, one) = or_get(&app, &client_token, &format!("/schools/{school}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_schema("SingleOrgDType", &one);
    let (status, _, body) = or_get(&app, &client_token, &format!("/schools/{other}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(code_minor(&body), "unknownobject");
    assert_schema("imsx_StatusInfoDType", &body);

    let (status, headers, sessions) = or_get(&app, &client_token, "/academicSessions").await;
    assert_eq!(status, StatusCode::OK);
    assert_schema("AcademicSessionSetDType", &sessions);
    let all = sessions["academicSessions"].as_array().unwrap();
    let periods = all.iter().filter(|s| s["type"] == "gradingPeriod").count();
    assert!(
        periods >= 2 && all.iter().any(|s| s["type"] == "term"),
        "{sessions}"
    );
    assert_eq!(
        headers.get("x-total-count").unwrap(),
        &all.len().to_string()
    );
    let (_, headers, page) = or_get(
        &app,
        &client_token,
        "/gradingPeriods?limit=1&offset=1&sort=startDate",
    )
    .await;
    assert_eq!(page["academicSessions"].as_array().unwrap().len(), 1);
    assert_eq!(headers.get("x-total-count").unwrap(), &periods.to_string());
    let link = headers.get("link").unwrap().to_str().unwrap();
    assert!(
        link.contains("rel=\"prev\"")
            && link.contains("rel=\"first\"")
            && link.contains("rel=\"last\""),
        "{link}"
    );
    let term = all.iter().find(|s| s["type"] == "term").unwrap()["sourcedId"]
        .as_str()
        .unwrap();
    // A relationship list needs `roster.readonly`, which this client was not given.
    let (status, _, body) = or_get(
        &app,
        &client_token,
        &format!("/terms/{term}/gradingPeriods"),
    )
    .await;
    assert_eq!(
        (status, code_minor(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let filter = "/academicSessions?filter=type%3D%27gradingPeriod%27%20AND%20startDate%3E%272025-09-01%27&fields=sourcedId,title";
    let (status, _, narrowed) = or_get(&app, &client_token, filter).await;
    assert_eq!(status, StatusCode::OK, "{narrowed}");
    let narrowed = narrowed["academicSessions"].as_array().unwrap();
    let later = all
        .iter()
        .filter(|s| s["type"] == "gradingPeriod" && s["startDate"].as_str().unwrap() > "2025-09-01")
        .count();
    assert!(later > 0 && later < periods);
    assert_eq!(narrowed.len(), later);
    assert_eq!(narrowed[0].as_object().unwrap().len(), 2, "{narrowed:?}");
    for (query, reason) in [
        ("filter=colour%3D%27red%27", "invalid_filter_field"),
        ("filter=type%3DgradingPeriod", "invalid_filter_field"),
        ("fields=sourcedId,colour", "invalid_selection_field"),
        ("limit=0", "invaliddata"),
        ("offset=2147483648", "invaliddata"),
    ] {
        let (status, _, body) =
            or_get(&app, &client_token, &format!("/academicSessions?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(code_minor(&body), reason, "{query}");
        assert_schema("imsx_StatusInfoDType", &body);
    }

    // An empty `fields`, `sort` or `filter` asks for nothing: the records whole.
    let (status, _, whole) = or_get(&app, &client_token, "/orgs?fields=&sort=&filter=").await;
    assert_eq!(status, StatusCode::OK, "{whole}");
    assert_schema("OrgSetDType", &whole);

    // A person's token, no token, a token without the scope: refused in the standard's shape.
    let (status, _, body) = or_get(&app, &admin, "/orgs").await;
    assert_eq!(
        (status, code_minor(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorisedrequest")
    );
    let (status, _, body) = raw(&app, test::TestRequest::get().uri(&format!("{RO}/orgs"))).await;
    assert_eq!(
        (status, code_minor(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorisedrequest")
    );
    let (_, made) = call(
        &app,
        "POST",
        "/api/v1/integration-clients",
        Some(&admin),
        Some(json!({"name": "Оценки", "scopes": [GRADEBOOK_CORE]})),
    )
    .await;
    let (gid, gsecret) = (
        made["client"]["client_id"].as_str().unwrap(),
        made["client_secret"].as_str().unwrap(),
    );
    let (_, _, body) =
        token_request(&app, Some((gid, gsecret)), "grant_type=client_credentials").await;
    let grades_token = body["access_token"].as_str().unwrap().to_owned();
    let (status, _, body) = or_get(&app, &grades_token, "/orgs").await;
    assert_eq!(
        (status, code_minor(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    // A client token is no person's: the school API refuses it.
    let (status, _) = call(&app, "GET", "/api/v1/me", Some(&client_token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Every call is in the school's log with the client's name; the list says when it was used.
    let actions = audit_actions(&app, &admin, &id).await;
    for a in [
        "integration.create",
        "integration.token",
        "integration.call",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let (_, log) = call(
        &app,
        "GET",
        &format!("/api/v1/audit?entity_id={id}&limit=100"),
        Some(&admin),
        None,
    )
    .await;
    assert!(log.to_string().contains("Библиотека"));
    let listed = call_ok(
        &app,
        "GET",
        "/api/v1/integration-clients",
        Some(&admin),
        None,
    )
    .await;
    let mine = listed["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_id"] == id.as_str())
        .unwrap()
        .clone();
    assert!(mine["last_used_at"].is_string(), "{mine}");

    // Rotation: the old secret and its tokens stop, the new secret works.
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/integration-clients/{id}/rotate-secret"),
        Some(&admin2),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another school's client");
    let rotated = call_ok(
        &app,
        "POST",
        &format!("/api/v1/integration-clients/{id}/rotate-secret"),
        Some(&admin),
        None,
    )
    .await;
    let new_secret = rotated["client_secret"].as_str().unwrap().to_owned();
    let (status, _, _) = or_get(&app, &client_token, "/orgs").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a token of the old secret"
    );
    let (status, _, _) =
        token_request(&app, Some((&id, &secret)), "grant_type=client_credentials").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old secret");
    let (status, _, body) = token_request(
        &app,
        Some((&id, &new_secret)),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let fresh = body["access_token"].as_str().unwrap().to_owned();
    let (status, _, _) = or_get(&app, &fresh, "/orgs").await;
    assert_eq!(status, StatusCode::OK);

    // Revocation: its tokens and its secret stop at once.
    let revoked = call_ok(
        &app,
        "POST",
        &format!("/api/v1/integration-clients/{id}/revoke"),
        Some(&admin),
        None,
    )
    .await;
    assert!(revoked["revoked_at"].is_string());
    let (status, _, _) = or_get(&app, &fresh, "/orgs").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, body) = token_request(
        &app,
        Some((&id, &new_secret)),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/integration-clients/{id}/rotate-secret"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let actions = audit_actions(&app, &admin, &id).await;
    for a in ["integration.rotate", "integration.revoke"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}
