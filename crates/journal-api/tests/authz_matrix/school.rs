//! The fixture: two schools, each with its roles and two of everything, built through the API.

use super::*;

/// The lesson of the fixtures: a Monday of the second quarter of 2025/2026.
pub(crate) const LESSON_DATE: &str = "2025-11-10";

/// The ids of one kind of object each (`student`, `class`, …), by kind.
pub(crate) type Ids = BTreeMap<&'static str, String>;

/// One school of the fixture: the tokens of its roles and two of everything. `first` is the
/// caller's own side (7А, led by `teacher`, the child of `parent`, the `student` account);
/// `second` belongs to others (7Б led by `teacher2`, the child of `parent2`).
pub(crate) struct Side {
    pub(crate) school: SchoolId,
    pub(crate) tokens: HashMap<&'static str, String>,
    pub(crate) first: Ids,
    pub(crate) second: Ids,
}

/// The callers: one account of each role.
pub(crate) const ROLES: &[&str] = &[
    "admin",
    "director",
    "deputy",
    "secretary",
    "teacher",
    "parent",
    "student",
];

pub(crate) fn people(p: &str) -> Vec<(String, Vec<Role>)> {
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

pub(crate) fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

/// A call that must succeed with `want`: the answer.
pub(crate) async fn must<S, B>(
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
pub(crate) async fn upload<S, B>(app: &S, path: &str, token: &str, bytes: &[u8]) -> Value
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
pub(crate) async fn build_school<S, B>(app: &S, db: &TestDb, p: &str) -> Side
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
        // An inspection remark of the deputy on the page's lesson (R-R2).
        let remark = json!({"text": "Проверьте тему урока", "due_on": "2100-01-01",
            "entry_id": ids["entry"], "lesson_date": LESSON_DATE});
        let remark = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            &format!("{page}/remarks"),
            &deputy,
            Some(remark),
        )
        .await);
        // An archive package of the period (R-P2).
        let archive = id(&must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/archives",
            &deputy,
            Some(json!({"period_id": ids["period"]})),
        )
        .await);
        // A report of compromised credentials (R-S5), of an account made for it.
        let leaked = json!({"login": format!("{p}.leaked.{teacher}"), "last_name": "Утечкин",
            "first_name": "Пётр", "roles": ["teacher"]});
        let leaked = must(
            app,
            StatusCode::CREATED,
            "POST",
            "/api/v1/users",
            &t("admin"),
            Some(leaked),
        )
        .await;
        let path = format!(
            "/api/v1/users/{}/compromise",
            leaked["user"]["id"].as_str().unwrap()
        );
        let compromise = must(
            app,
            StatusCode::CREATED,
            "POST",
            &path,
            &t("admin"),
            Some(json!({})),
        )
        .await;
        // A session of its own (R-S6): a second sign-in of the admin.
        let second = sign_in(app, &login("admin")).await;
        let sessions = must(
            app,
            StatusCode::OK,
            "GET",
            "/api/v1/me/sessions",
            &second,
            None,
        )
        .await;
        let session = sessions
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["current"] == true)
            .unwrap();
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
            ("remark", remark),
            ("archive", archive),
            ("compromise", id(&compromise["compromise"])),
            ("session", id(session)),
        ]);
    }
    // The school's region (R-A9): its id is another region to the other school's people.
    let region = uuid::Uuid::new_v4().to_string();
    {
        let mut conn = db.conn();
        journal_db::regions::insert(
            &mut conn,
            &journal_db::regions::Region {
                id: region.clone(),
                name: format!("Округ {p}"),
                created_at: journal_db::now(),
            },
        )
        .unwrap();
        journal_db::regions::set_region(&mut conn, &school.to_string(), &region).unwrap();
    }
    // An integration client of the school (R-A10).
    let client = must(
        app,
        StatusCode::CREATED,
        "POST",
        "/api/v1/integration-clients",
        &t("admin"),
        Some(json!({"name": format!("Клиент {p}"),
            "scopes": ["https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly"]})),
    )
    .await;
    let client = client["client"]["client_id"].as_str().unwrap().to_owned();
    for ids in &mut sides {
        ids.insert("region", region.clone());
        ids.insert("integration_client", client.clone());
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
