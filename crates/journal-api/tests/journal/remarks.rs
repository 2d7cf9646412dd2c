//! Inspection remarks ("Проверка журнала", R-R2): the deputy records remarks on a page (or one of
//! its lessons) with a due date, the page's teacher sees and resolves them, the deputy returns or
//! confirms; nobody else sees them (R-A11), steps out of turn are refused, and "overdue" goes by
//! the school's own date.

use super::*;
use chrono::TimeZone;
use journal_api::clock::Clock;

/// Thursday 20 November 2025, 09:00 in Moscow.
fn thursday() -> Clock {
    Clock::fixed(chrono::Utc.with_ymd_and_hms(2025, 11, 20, 6, 0, 0).unwrap())
}

/// `/api/v1/journal/{assignment}/{period}/remarks` of a page path.
fn remarks_of(page: &str) -> String {
    format!("{page}/remarks")
}

/// The assignment and the period of a page path.
fn page_ids(page: &str) -> (String, String) {
    let mut parts = page.trim_start_matches("/api/v1/journal/").split('/');
    let assignment = parts.next().unwrap().to_owned();
    let period = parts.next().unwrap().to_owned();
    (assignment, period)
}

/// A call that must answer `want`: the answer.
async fn expect<S, B>(
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

/// A step that must be refused with `want` and `code`.
async fn refused<S, B>(
    app: &S,
    (want, code): (StatusCode, &str),
    path: &str,
    token: &str,
    body: Option<Value>,
) where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, problem) = call(app, "POST", path, Some(token), body).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (want, Some(code)),
        "POST {path}: {problem}"
    );
}

fn ids_of(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn r_r2_the_deputy_remarks_the_teacher_resolves_the_deputy_returns_and_confirms() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db, thursday());
    let s = setup!(&app);
    let (assignment, period) = page_ids(&s.page);
    let ivanova_id =
        call_ok(&app, "GET", "/api/v1/me", Some(&s.ivanova), None).await["user_id"].clone();

    // A remark on the page, and one on Monday's lesson of 17 November.
    let body = json!({"text": "  Не заполнены темы уроков за ноябрь ", "due_on": "2025-11-27"});
    let page_remark = expect(
        &app,
        StatusCode::CREATED,
        "POST",
        &remarks_of(&s.page),
        &s.deputy,
        Some(body),
    )
    .await;
    assert_eq!(page_remark["status"], "open");
    assert_eq!(page_remark["text"], "Не заполнены темы уроков за ноябрь");
    assert_eq!(page_remark["assignment_id"], assignment.as_str());
    assert_eq!(page_remark["period_id"], period.as_str());
    assert_eq!(page_remark["class_name"], "7А");
    assert_eq!(page_remark["subject_name"], "Математика");
    assert_eq!(page_remark["teacher_id"], ivanova_id);
    assert_eq!(page_remark["teacher_name"], "Тестова Анна");
    assert_eq!(page_remark["created_by_name"], "Тестова Анна");
    assert_eq!(page_remark["due_on"], "2025-11-27");
    assert_eq!(page_remark["overdue"], false);
    assert!(page_remark.get("entry_id").is_none() && page_remark.get("answer").is_none());
    assert_eq!(page_remark["history"].as_array().unwrap().len(), 1);
    assert_eq!(page_remark["history"][0]["kind"], "created");
    let id = page_remark["id"].as_str().unwrap().to_owned();
    let remark = format!("/api/v1/remarks/{id}");

    let body = json!({"text": "Не записано домашнее задание", "due_on": "2025-11-21",
        "entry_id": s.monday, "lesson_date": "2025-11-17"});
    let lesson_remark = expect(
        &app,
        StatusCode::CREATED,
        "POST",
        &remarks_of(&s.page),
        &s.deputy,
        Some(body),
    )
    .await;
    assert_eq!(
        (
            lesson_remark["entry_id"].as_str(),
            lesson_remark["lesson_date"].as_str()
        ),
        (Some(s.monday.as_str()), Some("2025-11-17"))
    );
    let lesson_id = lesson_remark["id"].as_str().unwrap().to_owned();

    // The page's teacher sees both, newest first, and each by id.
    let mine = expect(
        &app,
        StatusCode::OK,
        "GET",
        "/api/v1/remarks",
        &s.ivanova,
        None,
    )
    .await;
    assert_eq!(mine["total"], 2);
    assert_eq!(ids_of(&mine), [lesson_id.clone(), id.clone()]);
    let path = format!("/api/v1/remarks?status=open&assignment_id={assignment}&period_id={period}");
    let filtered = expect(&app, StatusCode::OK, "GET", &path, &s.ivanova, None).await;
    assert_eq!(filtered["total"], 2);
    let one = expect(&app, StatusCode::OK, "GET", &remark, &s.ivanova, None).await;
    assert_eq!(one, page_remark);

    // Done, returned with a comment, done again, confirmed.
    let done = |answer: &str| json!({ "answer": answer });
    let answered = expect(
        &app,
        StatusCode::OK,
        "POST",
        &format!("{remark}/done"),
        &s.ivanova,
        Some(done("Темы заполнены")),
    )
    .await;
    assert_eq!(
        (answered["status"].as_str(), answered["answer"].as_str()),
        (Some("done"), Some("Темы заполнены"))
    );
    refused(
        &app,
        (StatusCode::CONFLICT, "remark_not_open"),
        &format!("{remark}/done"),
        &s.ivanova,
        Some(done("Ещё раз")),
    )
    .await;
    let returned = expect(
        &app,
        StatusCode::OK,
        "POST",
        &format!("{remark}/return"),
        &s.deputy,
        Some(json!({"comment": "Не заполнены темы 19 ноября"})),
    )
    .await;
    assert_eq!(returned["status"], "returned");
    assert_eq!(
        returned["answer"], "Темы заполнены",
        "the last answer stays"
    );
    for step in ["confirm", "return"] {
        refused(
            &app,
            (StatusCode::CONFLICT, "remark_not_done"),
            &format!("{remark}/{step}"),
            &s.deputy,
            (step == "return").then(|| json!({"comment": "Снова"})),
        )
        .await;
    }
    expect(
        &app,
        StatusCode::OK,
        "POST",
        &format!("{remark}/done"),
        &s.ivanova,
        Some(done("Заполнены все темы")),
    )
    .await;
    let confirmed = expect(
        &app,
        StatusCode::OK,
        "POST",
        &format!("{remark}/confirm"),
        &s.deputy,
        None,
    )
    .await;
    assert_eq!(confirmed["status"], "confirmed");
    assert_eq!(confirmed["answer"], "Заполнены все темы");
    assert_eq!(confirmed["overdue"], false);

    // The history: five steps in order, with who took them and what they wrote.
    let history: Vec<(&str, Option<&str>)> = confirmed["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["text"].as_str()))
        .collect();
    assert_eq!(
        history,
        [
            ("created", Some("Не заполнены темы уроков за ноябрь")),
            ("done", Some("Темы заполнены")),
            ("returned", Some("Не заполнены темы 19 ноября")),
            ("done", Some("Заполнены все темы")),
            ("confirmed", None),
        ]
    );
    let actors: Vec<&Value> = confirmed["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["actor_id"])
        .collect();
    assert_eq!(actors[1], &ivanova_id);
    assert_eq!(actors[3], &ivanova_id);
    assert_ne!(actors[2], &ivanova_id);

    // Confirmed is final.
    refused(
        &app,
        (StatusCode::CONFLICT, "remark_closed"),
        &format!("{remark}/done"),
        &s.ivanova,
        Some(done("Ещё")),
    )
    .await;
    for step in ["confirm", "return"] {
        refused(
            &app,
            (StatusCode::CONFLICT, "remark_closed"),
            &format!("{remark}/{step}"),
            &s.deputy,
            (step == "return").then(|| json!({"comment": "Снова"})),
        )
        .await;
    }

    // The audit log holds each step in the transaction of its write (R-P4), with the role acted in.
    assert_eq!(
        audit_actions(&app, &s.deputy, &id).await,
        [
            "remark.confirm",
            "remark.done",
            "remark.return",
            "remark.done",
            "remark.create"
        ]
    );
    let log = expect(
        &app,
        StatusCode::OK,
        "GET",
        &format!("/api/v1/audit?entity_id={id}"),
        &s.deputy,
        None,
    )
    .await;
    let roles: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor_role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["deputy", "teacher", "deputy", "teacher", "deputy"]);
    assert_eq!(log["items"][0]["entity"], "journal_remark");
    assert_eq!(
        audit_actions(&app, &s.deputy, &lesson_id).await,
        ["remark.create"]
    );

    // Open ones only: the lesson's remark is left.
    let open = expect(
        &app,
        StatusCode::OK,
        "GET",
        "/api/v1/remarks?open_only=true",
        &s.deputy,
        None,
    )
    .await;
    assert_eq!(ids_of(&open), [lesson_id]);
    let path = "/api/v1/remarks?status=confirmed";
    let done_list = expect(&app, StatusCode::OK, "GET", path, &s.deputy, None).await;
    assert_eq!(ids_of(&done_list), [id]);
    let path = format!("/api/v1/remarks?class_id={}", s.class_7b);
    let other_class = expect(&app, StatusCode::OK, "GET", &path, &s.deputy, None).await;
    assert_eq!(other_class["total"], 0, "7Б has no remarks");
}

#[actix_web::test]
async fn r_r2_only_the_pages_teacher_and_the_leadership_see_a_remark_and_no_one_else_moves_it() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    school_with(&db, "Другая школа", &[("zavuch", &[Role::Deputy])]);
    let app = app!(&db, thursday());
    let s = setup!(&app);
    let body = json!({"text": "Нет отметок за контрольную работу", "due_on": "2025-11-27"});
    let created = expect(
        &app,
        StatusCode::CREATED,
        "POST",
        &remarks_of(&s.page),
        &s.deputy,
        Some(body.clone()),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let remark = format!("/api/v1/remarks/{id}");
    let answer = Some(json!({"answer": "Исправлено"}));
    let comment = Some(json!({"comment": "Нет"}));

    // Petrov teaches (and leads 7А) but not this page: the remark does not exist for him.
    let (status, _) = call(&app, "GET", &remark, Some(&s.petrov), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let theirs = expect(
        &app,
        StatusCode::OK,
        "GET",
        "/api/v1/remarks",
        &s.petrov,
        None,
    )
    .await;
    assert_eq!(
        (theirs["total"].as_i64(), ids_of(&theirs).len()),
        (Some(0), 0)
    );
    let sidorov = expect(
        &app,
        StatusCode::OK,
        "GET",
        "/api/v1/remarks",
        &s.sidorov,
        None,
    )
    .await;
    assert_eq!(sidorov["total"], 0);
    refused(
        &app,
        (StatusCode::NOT_FOUND, "not_found"),
        &format!("{remark}/done"),
        &s.petrov,
        answer.clone(),
    )
    .await;
    // Nor does a teacher list another teacher's remarks by naming them.
    let ivanova_id = created["teacher_id"].as_str().unwrap();
    let path = format!("/api/v1/remarks?teacher_id={ivanova_id}");
    let by_name = expect(&app, StatusCode::OK, "GET", &path, &s.petrov, None).await;
    assert_eq!(by_name["total"], 0);
    let own = expect(&app, StatusCode::OK, "GET", &path, &s.ivanova, None).await;
    assert_eq!(ids_of(&own), [id.as_str()]);

    // Teachers do not record remarks, not even on their own page.
    for teacher in [&s.ivanova, &s.petrov] {
        refused(
            &app,
            (StatusCode::FORBIDDEN, "forbidden"),
            &remarks_of(&s.page),
            teacher,
            Some(body.clone()),
        )
        .await;
    }
    // The deputy does not answer for the teacher; the teacher neither confirms nor returns.
    refused(
        &app,
        (StatusCode::FORBIDDEN, "forbidden"),
        &format!("{remark}/done"),
        &s.deputy,
        answer.clone(),
    )
    .await;
    refused(
        &app,
        (StatusCode::FORBIDDEN, "forbidden"),
        &format!("{remark}/confirm"),
        &s.ivanova,
        None,
    )
    .await;
    refused(
        &app,
        (StatusCode::FORBIDDEN, "forbidden"),
        &format!("{remark}/return"),
        &s.ivanova,
        comment.clone(),
    )
    .await;
    // Students have no journal and no remarks.
    let (status, _) = call(&app, "GET", "/api/v1/remarks", Some(&s.pupil), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, "GET", &remark, Some(&s.pupil), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Another school's deputy: nothing to see, nothing to move, no page to remark on (R-A11).
    let zavuch = sign_in(&app, "zavuch").await;
    let (status, _) = call(&app, "GET", &remark, Some(&zavuch), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for (step, body) in [("confirm", None), ("return", comment.clone())] {
        refused(
            &app,
            (StatusCode::NOT_FOUND, "not_found"),
            &format!("{remark}/{step}"),
            &zavuch,
            body,
        )
        .await;
    }
    let listed = expect(
        &app,
        StatusCode::OK,
        "GET",
        "/api/v1/remarks",
        &zavuch,
        None,
    )
    .await;
    assert_eq!(listed["total"], 0);
    refused(
        &app,
        (StatusCode::NOT_FOUND, "no_such_page"),
        &remarks_of(&s.page),
        &zavuch,
        Some(body),
    )
    .await;
    let unknown = format!("/api/v1/remarks/{}", uuid::Uuid::new_v4());
    let (status, _) = call(&app, "GET", &unknown, Some(&s.deputy), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Nothing of that moved it.
    let still = expect(&app, StatusCode::OK, "GET", &remark, &s.deputy, None).await;
    assert_eq!(still["status"], "open");
    assert_eq!(still["history"].as_array().unwrap().len(), 1);
    assert_eq!(audit_actions(&app, &s.deputy, &id).await, ["remark.create"]);
}

#[actix_web::test]
async fn r_r2_a_remarks_lesson_is_the_pages_its_due_date_not_past_and_overdue_is_the_schools_date()
{
    let db = TestDb::new();
    let school = school_with(&db, "Школа", PEOPLE);
    set_timezone(&db, school, "Asia/Vladivostok");
    // Thursday 20 November, 16:00 in Vladivostok.
    let app = app!(&db, thursday());
    let s = setup!(&app);
    let path = remarks_of(&s.page);
    let with = |extra: Value| {
        let mut body = json!({"text": "Проверьте тему урока", "due_on": "2025-11-21"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let not_on_page = (StatusCode::UNPROCESSABLE_ENTITY, "lesson_not_on_page");
    for lesson in [
        // A Tuesday: no lesson of the Monday entry.
        json!({"entry_id": s.monday, "lesson_date": "2025-11-18"}),
        // A lesson of the first quarter, not of this page.
        json!({"entry_id": s.monday, "lesson_date": "2025-10-20"}),
        // Half a lesson.
        json!({"entry_id": s.monday}),
        json!({"lesson_date": "2025-11-17"}),
        // An entry that is no lesson at all.
        json!({"entry_id": uuid::Uuid::new_v4(), "lesson_date": "2025-11-17"}),
    ] {
        refused(&app, not_on_page, &path, &s.deputy, Some(with(lesson))).await;
    }
    refused(
        &app,
        (StatusCode::UNPROCESSABLE_ENTITY, "remark_due_past"),
        &path,
        &s.deputy,
        Some(json!({"text": "Поздно", "due_on": "2025-11-19"})),
    )
    .await;
    for (bad, code) in [
        (
            json!({"text": " ", "due_on": "2025-11-21"}),
            "validation_failed",
        ),
        (
            json!({"text": "я".repeat(2001), "due_on": "2025-11-21"}),
            "validation_failed",
        ),
        (
            json!({"text": "Т", "due_on": "2025-11-21", "severity": "high"}),
            "invalid_body",
        ),
    ] {
        refused(
            &app,
            (StatusCode::BAD_REQUEST, code),
            &path,
            &s.deputy,
            Some(bad),
        )
        .await;
    }
    let (status, list) = call(&app, "GET", "/api/v1/remarks", Some(&s.deputy), None).await;
    assert_eq!(
        (status, list["total"].as_i64()),
        (StatusCode::OK, Some(0)),
        "nothing written"
    );

    let created = expect(
        &app,
        StatusCode::CREATED,
        "POST",
        &path,
        &s.deputy,
        Some(with(
            json!({"entry_id": s.wednesday, "lesson_date": "2025-11-19"}),
        )),
    )
    .await;
    let remark = format!("/api/v1/remarks/{}", created["id"].as_str().unwrap());
    assert_eq!(created["overdue"], false);

    // Friday 21 November, 23:30 in Vladivostok (16:30 in Moscow): the due day still.
    let late_friday = Clock::fixed(
        chrono::Utc
            .with_ymd_and_hms(2025, 11, 21, 13, 30, 0)
            .unwrap(),
    );
    let friday = app!(&db, late_friday);
    let seen = expect(&friday, StatusCode::OK, "GET", &remark, &s.ivanova, None).await;
    assert_eq!(seen["overdue"], false);
    // Saturday 22 November, 01:30 in Vladivostok — still Friday in Moscow and in UTC: overdue.
    let early_saturday = Clock::fixed(
        chrono::Utc
            .with_ymd_and_hms(2025, 11, 21, 15, 30, 0)
            .unwrap(),
    );
    let saturday = app!(&db, early_saturday);
    let seen = expect(&saturday, StatusCode::OK, "GET", &remark, &s.ivanova, None).await;
    assert_eq!(seen["overdue"], true);
    let listed = expect(
        &saturday,
        StatusCode::OK,
        "GET",
        "/api/v1/remarks",
        &s.deputy,
        None,
    )
    .await;
    assert_eq!(listed["items"][0]["overdue"], true);
    // Answered, it waits for the deputy, not for the teacher.
    let done = expect(
        &saturday,
        StatusCode::OK,
        "POST",
        &format!("{remark}/done"),
        &s.ivanova,
        Some(json!({"answer": "Тема записана"})),
    )
    .await;
    assert_eq!(
        (done["status"].as_str(), done["overdue"].as_bool()),
        (Some("done"), Some(false))
    );
    // Returned after the due day, it is overdue again.
    let returned = expect(
        &saturday,
        StatusCode::OK,
        "POST",
        &format!("{remark}/return"),
        &s.deputy,
        Some(json!({"comment": "Тема не совпадает с планом"})),
    )
    .await;
    assert_eq!(returned["overdue"], true);
}
