//! Groups, their members, group assignments and lessons, and the curriculum through the API (R-B3,
//! R-B4, R-T1, R-A5, R-A11). Each test runs on the backend named by JOURNAL_TEST_BACKEND; `make
//! test` runs the suite on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::http::StatusCode;
use common::*;
use journal_db::testing::TestDb;
use journal_domain::Role;
use serde_json::{json, Value};

const PEOPLE: &[(&str, &[Role])] = &[
    ("deputy", &[Role::Deputy]),
    ("ivanova", &[Role::Teacher]),
    ("petrov", &[Role::Teacher, Role::ClassTeacher]),
    ("sidorov", &[Role::Teacher, Role::ClassTeacher]),
];

fn year_2025() -> Value {
    json!({
        "name": "2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31",
        "calendar": {"periods": [
            {"kind": "half", "number": 1, "grade_from": 1, "grade_to": 11, "starts_on": "2025-09-01", "ends_on": "2025-12-26"},
            {"kind": "half", "number": 2, "grade_from": 1, "grade_to": 11, "starts_on": "2026-01-12", "ends_on": "2026-05-26"}]}
    })
}

struct School {
    deputy: String,
    petrov_token: String,
    ivanova_token: String,
    ivanova: String,
    petrov: String,
    sidorov: String,
    year: String,
    class_7a: String,
    class_7b: String,
    english: String,
    math: String,
    /// Students of 7А, then of 7Б.
    a: Vec<String>,
    b: Vec<String>,
}

fn id_of(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

macro_rules! setup {
    ($app:expr) => {{
        let app = $app;
        let tok = |l: &'static str| async move { token(&login(app, l, PASSWORD).await.1, "access_token") };
        let deputy = tok("deputy").await;
        let petrov_token = tok("petrov").await;
        let ivanova_token = tok("ivanova").await;
        let me = |t: String| async move { call(app, "GET", "/api/v1/me", Some(&t), None).await.1["user_id"].as_str().unwrap().to_owned() };
        let ivanova = me(ivanova_token.clone()).await;
        let petrov = me(petrov_token.clone()).await;
        let sidorov = me(tok("sidorov").await).await;
        let (s, y) = call(app, "POST", "/api/v1/years", Some(&deputy), Some(year_2025())).await;
        assert_eq!(s, StatusCode::CREATED, "{y}");
        let year = y["year"]["id"].as_str().unwrap().to_owned();
        let mut classes = Vec::new();
        for (letter, teacher) in [("А", &petrov), ("Б", &sidorov)] {
            let body = json!({"year_id": year, "grade": 7, "letter": letter, "class_teacher_id": teacher, "week_days": 5});
            let (s, c) = call(app, "POST", "/api/v1/classes", Some(&deputy), Some(body)).await;
            assert_eq!(s, StatusCode::CREATED, "{c}");
            classes.push(id_of(&c));
        }
        let english = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(json!({"name": "Английский язык", "short_name": "Англ."}))).await;
        let math = call_ok(app, "POST", "/api/v1/subjects", Some(&deputy), Some(json!({"name": "Математика", "short_name": "Мат."}))).await;
        let mut admitted = Vec::new();
        for (class, names) in [(&classes[0], ["Андреев", "Борисова", "Ёлкин"]), (&classes[1], ["Гусев", "Дроздова", "Жуков"])] {
            let mut ids = Vec::new();
            for n in names {
                let body = json!({"last_name": n, "first_name": "Саша", "birth_date": "2012-03-01", "class_id": class, "on_date": "2025-09-01"});
                let (s, st) = call(app, "POST", "/api/v1/students", Some(&deputy), Some(body)).await;
                assert_eq!(s, StatusCode::CREATED, "{st}");
                ids.push(st["student"]["id"].as_str().unwrap().to_owned());
            }
            admitted.push(ids);
        }
        let b = admitted.pop().unwrap();
        let a = admitted.pop().unwrap();
        School {
            deputy, petrov_token, ivanova_token, ivanova, petrov, sidorov, year,
            class_7a: classes[0].clone(), class_7b: classes[1].clone(),
            english: id_of(&english), math: id_of(&math), a, b,
        }
    }};
}

async fn new_group<S, B>(
    app: &S,
    s: &School,
    name: &str,
    kind: &str,
    division: Option<&str>,
    classes: &[&str],
) -> (StatusCode, Value)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let body = json!({"year_id": s.year, "name": name, "kind": kind, "division": division, "class_ids": classes});
    call(app, "POST", "/api/v1/groups", Some(&s.deputy), Some(body)).await
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|m| m["last_name"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn group_members_follow_the_date_and_one_group_of_a_division_at_a_time() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let (st, g1) = new_group(
        &app,
        &s,
        "7А английский, 1 группа",
        "subgroup",
        Some("Английский язык"),
        &[&s.class_7a],
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{g1}");
    assert_eq!(g1["kind"], "subgroup");
    assert_eq!(g1["classes"][0]["name"], "7А");
    let (_, g2) = new_group(
        &app,
        &s,
        "7А английский, 2 группа",
        "subgroup",
        Some(" Английский   язык "),
        &[&s.class_7a],
    )
    .await;
    assert_eq!(g2["division"], "Английский язык", "division cleaned");
    // Shapes refused.
    let (st, p) = new_group(&app, &s, "Поток", "stream", None, &[&s.class_7a]).await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("group_classes"))
    );
    let (st, p) = new_group(
        &app,
        &s,
        "Два класса",
        "subgroup",
        None,
        &[&s.class_7a, &s.class_7b],
    )
    .await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("group_classes"))
    );
    let (st, p) = new_group(
        &app,
        &s,
        "7А английский, 1 группа",
        "subgroup",
        None,
        &[&s.class_7a],
    )
    .await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("group_exists"))
    );

    let (g1, g2) = (id_of(&g1), id_of(&g2));
    let add = |group: &str, student: &str, from: &str| {
        let url = format!("/api/v1/groups/{group}/members");
        let body = json!({"student_id": student, "from_date": from});
        let t = s.deputy.clone();
        let app = &app;
        async move { call(app, "POST", &url, Some(&t), Some(body)).await }
    };
    assert_eq!(add(&g1, &s.a[0], "2025-09-01").await.0, StatusCode::CREATED);
    let (st, m) = add(&g1, &s.a[1], "2025-09-01").await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    assert_eq!(add(&g2, &s.a[2], "2025-09-01").await.0, StatusCode::CREATED);
    // Another group of the same division at the same time: refused, naming the group.
    let (st, p) = add(&g2, &s.a[0], "2025-10-01").await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("division_taken"))
    );
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("7А английский, 1 группа"),
        "{p}"
    );
    let (st, p) = add(&g1, &s.b[0], "2025-09-01").await;
    assert_eq!(p["code"], "student_not_in_group_class", "{st}");
    let (st, p) = add(&g1, &s.a[0], "2025-11-01").await;
    assert_eq!(p["code"], "already_member", "{st}");
    // Борисова moves from group 1 to group 2 after the first half.
    let url = format!("/api/v1/groups/{g1}/members/{}/leave", s.a[1]);
    let (st, left) = call(
        &app,
        "POST",
        &url,
        Some(&s.deputy),
        Some(json!({"last_day": "2025-12-26"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{left}");
    assert_eq!(left["to_date"], "2025-12-26");
    assert_eq!(add(&g2, &s.a[1], "2025-12-27").await.0, StatusCode::CREATED);
    let members = |group: &str, q: &str| {
        let url = format!("/api/v1/groups/{group}/members?{q}");
        let t = s.deputy.clone();
        let app = &app;
        async move { call(app, "GET", &url, Some(&t), None).await.1 }
    };
    assert_eq!(
        names(&members(&g1, "on=2025-12-26").await),
        ["Андреев", "Борисова"]
    );
    assert_eq!(names(&members(&g1, "on=2026-01-12").await), ["Андреев"]);
    assert_eq!(
        names(&members(&g2, "on=2026-01-12").await),
        ["Борисова", "Ёлкин"]
    );
    assert_eq!(members(&g1, "all=true").await.as_array().unwrap().len(), 2);
    // The student list by group on a date.
    let url = format!("/api/v1/students?group_id={g2}&on=2025-10-01");
    let (st, page) = call(&app, "GET", &url, Some(&s.deputy), None).await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert_eq!(names(&page["items"]), ["Ёлкин"]);
    // An individual plan: a group of one.
    let (st, iup) = new_group(
        &app,
        &s,
        "ИУП: Жуков С.",
        "individual",
        None,
        &[&s.class_7b],
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{iup}");
    let iup = id_of(&iup);
    assert_eq!(
        add(&iup, &s.b[2], "2025-09-01").await.0,
        StatusCode::CREATED
    );
    let (_, p) = add(&iup, &s.b[1], "2025-09-01").await;
    assert_eq!(p["code"], "individual_group_taken");
    let page = call_ok(
        &app,
        "GET",
        "/api/v1/students?individual_plan=true&on=2025-10-01",
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(names(&page["items"]), ["Жуков"]);
    // Groups of a class: its subgroups, not the other class's individual plan.
    let url = format!("/api/v1/groups?class_id={}", s.class_7a);
    let list = call_ok(&app, "GET", &url, Some(&s.ivanova_token), None).await;
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    // A transfer ends the student's groups of the old class.
    let url = format!("/api/v1/students/{}/transfer", s.a[2]);
    let (st, t) = call(
        &app,
        "POST",
        &url,
        Some(&s.deputy),
        Some(json!({"to_class_id": s.class_7b, "on_date": "2026-02-02"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{t}");
    assert_eq!(
        names(&members(&g2, "on=2026-02-01").await),
        ["Борисова", "Ёлкин"]
    );
    assert_eq!(names(&members(&g2, "on=2026-02-02").await), ["Борисова"]);
    // Rename and division change; a division shared by a member's other group at once is refused.
    let url = format!("/api/v1/groups/{iup}");
    let (st, g) = call(
        &app,
        "PATCH",
        &url,
        Some(&s.deputy),
        Some(json!({"name": "ИУП: Жуков Сергей"})),
    )
    .await;
    assert_eq!(
        (st, g["name"].as_str()),
        (StatusCode::OK, Some("ИУП: Жуков Сергей"))
    );
}

#[actix_web::test]
async fn who_may_keep_group_lists_and_foreign_ids_are_not_found() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let other = school_with(
        &db,
        "Другая школа",
        &[("admin2", &[Role::Admin, Role::Deputy])],
    );
    let _ = other;
    let app = app!(&db);
    let s = setup!(&app);
    let (_, g1) = new_group(
        &app,
        &s,
        "7А английский, 1 группа",
        "subgroup",
        Some("Английский язык"),
        &[&s.class_7a],
    )
    .await;
    let (_, g7b) = new_group(
        &app,
        &s,
        "7Б английский, 1 группа",
        "subgroup",
        Some("Английский язык"),
        &[&s.class_7b],
    )
    .await;
    let (_, stream) = new_group(
        &app,
        &s,
        "7 поток",
        "stream",
        None,
        &[&s.class_7a, &s.class_7b],
    )
    .await;
    let (g1, g7b, stream) = (id_of(&g1), id_of(&g7b), id_of(&stream));
    let add = |token: String, group: String, student: String| {
        let app = &app;
        async move {
            let url = format!("/api/v1/groups/{group}/members");
            call(
                app,
                "POST",
                &url,
                Some(&token),
                Some(json!({"student_id": student, "from_date": "2025-09-01"})),
            )
            .await
        }
    };
    // The class teacher of 7А keeps the lists of 7А's subgroups (R-A5)…
    let (st, m) = add(s.petrov_token.clone(), g1.clone(), s.a[0].clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    // …but not another class's, nor a stream's, and makes no groups.
    assert_eq!(
        add(s.petrov_token.clone(), g7b.clone(), s.b[0].clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        add(s.petrov_token.clone(), stream.clone(), s.a[1].clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let body =
        json!({"year_id": s.year, "name": "Своя", "kind": "subgroup", "class_ids": [s.class_7a]});
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/groups",
            Some(&s.petrov_token),
            Some(body.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // A subject teacher does neither.
    assert_eq!(
        add(s.ivanova_token.clone(), g1.clone(), s.a[1].clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/api/v1/groups",
            Some(&s.ivanova_token),
            Some(body)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let leave = format!("/api/v1/groups/{g1}/members/{}/leave", s.a[0]);
    assert_eq!(
        call(
            &app,
            "POST",
            &leave,
            Some(&s.ivanova_token),
            Some(json!({"last_day": "2025-10-01"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // Another school's admin finds nothing and writes nothing.
    let foreign = token(&login(&app, "admin2", PASSWORD).await.1, "access_token");
    for (method, url, body) in [
        ("GET", format!("/api/v1/groups/{g1}"), None),
        ("GET", format!("/api/v1/groups/{g1}/members"), None),
        (
            "PATCH",
            format!("/api/v1/groups/{g1}"),
            Some(json!({"name": "Чужая"})),
        ),
        ("DELETE", format!("/api/v1/groups/{g1}"), None),
        (
            "POST",
            format!("/api/v1/groups/{g1}/members"),
            Some(json!({"student_id": s.a[1], "from_date": "2025-09-01"})),
        ),
        (
            "POST",
            leave.clone(),
            Some(json!({"last_day": "2025-10-01"})),
        ),
    ] {
        let (st, p) = call(&app, method, &url, Some(&foreign), body).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{method} {url}: {p}");
    }
    // Their own group cannot take our students or classes either.
    let theirs = call_ok(&app, "GET", "/api/v1/years", Some(&foreign), None).await;
    assert!(theirs.as_array().unwrap().is_empty());
    let body =
        json!({"year_id": s.year, "name": "Чужая", "kind": "subgroup", "class_ids": [s.class_7a]});
    assert_eq!(
        call(&app, "POST", "/api/v1/groups", Some(&foreign), Some(body))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let url = format!("/api/v1/groups/{g1}");
    let g = call_ok(&app, "GET", &url, Some(&s.deputy), None).await;
    assert_eq!(
        (g["name"].as_str(), g["member_count"].as_u64()),
        (Some("7А английский, 1 группа"), Some(1))
    );
    let all = call_ok(
        &app,
        "GET",
        &format!("/api/v1/groups/{g1}/members?all=true"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(names(&all), ["Андреев"]);
    assert!(
        all[0].get("to_date").is_none(),
        "the leave was refused: {all}"
    );
}

#[actix_web::test]
async fn parallel_groups_share_a_lesson_slot_and_the_class_does_not() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let (_, g1) = new_group(
        &app,
        &s,
        "7А английский, 1 группа",
        "subgroup",
        Some("Английский язык"),
        &[&s.class_7a],
    )
    .await;
    let (_, g2) = new_group(
        &app,
        &s,
        "7А английский, 2 группа",
        "subgroup",
        Some("Английский язык"),
        &[&s.class_7a],
    )
    .await;
    let (_, stream) = new_group(
        &app,
        &s,
        "7 поток: математика",
        "stream",
        None,
        &[&s.class_7b, &s.class_7a],
    )
    .await;
    assert_eq!(
        stream["classes"][0]["name"], "7А",
        "classes in Russian order"
    );
    let (g1, g2, stream) = (id_of(&g1), id_of(&g2), id_of(&stream));
    let assign = |teacher: &str, subject: &str, class: &str, group: Option<&str>| {
        let body = json!({"teacher_id": teacher, "subject_id": subject, "class_id": class, "hours_per_week": 3, "group_id": group});
        let t = s.deputy.clone();
        let app = &app;
        async move { call(app, "POST", "/api/v1/assignments", Some(&t), Some(body)).await }
    };
    // One teacher takes both subgroups; the same group twice is refused.
    let (st, a1) = assign(&s.ivanova, &s.english, &s.class_7a, Some(&g1)).await;
    assert_eq!(st, StatusCode::CREATED, "{a1}");
    assert_eq!(a1["group_name"], "7А английский, 1 группа");
    let (st, a2) = assign(&s.ivanova, &s.english, &s.class_7a, Some(&g2)).await;
    assert_eq!(st, StatusCode::CREATED, "{a2}");
    let (st, p) = assign(&s.ivanova, &s.english, &s.class_7a, Some(&g1)).await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("assignment_exists"))
    );
    let (st, p) = assign(&s.ivanova, &s.english, &s.class_7b, Some(&g1)).await;
    assert_eq!(
        (st, p["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("group_class_mismatch")
        )
    );
    // The stream's assignment records its first class, whichever class was named.
    let (st, a_stream) = assign(&s.sidorov, &s.math, &s.class_7b, Some(&stream)).await;
    assert_eq!(st, StatusCode::CREATED, "{a_stream}");
    assert_eq!(a_stream["class_name"], "7А");
    let (_, whole) = assign(&s.sidorov, &s.english, &s.class_7a, None).await;
    let entry = |a: &Value, n: u8| json!({"assignment_id": a["id"], "weekday": 1, "lesson_number": n, "valid_from": "2025-09-01", "valid_to": "2026-05-31"});
    let post = |body: Value| {
        let t = s.deputy.clone();
        let app = &app;
        async move { call(app, "POST", "/api/v1/timetable", Some(&t), Some(body)).await }
    };
    // Group 1 and group 2 at the same time: fine, once different teachers teach them.
    let (st, e1) = post(entry(&a1, 2)).await;
    assert_eq!(st, StatusCode::CREATED, "{e1}");
    assert_eq!(e1["group_name"], "7А английский, 1 группа");
    let (st, p) = post(entry(&a2, 2)).await;
    assert_eq!(
        p["code"], "teacher_double_booked",
        "{st}: one teacher for both"
    );
    let (_, a2b) = assign(&s.petrov, &s.english, &s.class_7a, Some(&g2)).await;
    let (st, e2) = post(entry(&a2b, 2)).await;
    assert_eq!(st, StatusCode::CREATED, "{e2}");
    // The whole class at that time clashes, naming the group.
    let (_, whole_math) = assign(&s.ivanova, &s.math, &s.class_7a, None).await;
    let (st, p) = post(entry(&whole_math, 3)).await;
    assert_eq!(st, StatusCode::CREATED, "{p}");
    let (st, p) = post(entry(&whole, 2)).await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("class_double_booked"))
    );
    assert!(
        p["detail"].as_str().unwrap().contains("«7А английский, "),
        "names the group: {p}"
    );
    // The stream occupies both its classes.
    let (st, p) = post(entry(&a_stream, 2)).await;
    assert_eq!(p["code"], "class_double_booked", "{st}");
    let (st, p) = post(entry(&a_stream, 3)).await;
    assert_eq!(
        p["code"], "class_double_booked",
        "{st}: 7А has mathematics then"
    );
    let (st, es) = post(entry(&a_stream, 4)).await;
    assert_eq!(st, StatusCode::CREATED, "{es}");
    // A group_id other than the assignment's is refused.
    let mut wrong = entry(&a1, 5);
    wrong["group_id"] = json!(g2);
    let (st, p) = post(wrong).await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("group_mismatch"))
    );
    // 7Б's timetable shows the stream; 7А's its groups; the group filter narrows it.
    let grid = |q: String| {
        let t = s.ivanova_token.clone();
        let app = &app;
        async move {
            let (st, v) = call(
                app,
                "GET",
                &format!("/api/v1/timetable?{q}&date=2025-09-01"),
                Some(&t),
                None,
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{v}");
            v.as_array()
                .unwrap()
                .iter()
                .map(|e| e["lesson_number"].as_u64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(grid(format!("class_id={}", s.class_7b)).await, [4]);
    let mut a_lessons = grid(format!("class_id={}", s.class_7a)).await;
    a_lessons.sort();
    assert_eq!(a_lessons, [2, 2, 3, 4]);
    assert_eq!(
        grid(format!("class_id={}&group_id={g2}", s.class_7a)).await,
        [2]
    );
    assert_eq!(grid(format!("group_id={stream}")).await, [4]);
    // Dated lessons of a group lesson carry the group.
    let url = format!(
        "/api/v1/lessons?class_id={}&from=2025-09-01&to=2025-09-01",
        s.class_7b
    );
    let lessons = call_ok(&app, "GET", &url, Some(&s.deputy), None).await;
    assert_eq!(lessons[0]["group_name"], "7 поток: математика", "{lessons}");
    // A group with assignments is not deleted; an empty one is.
    let (st, p) = call(
        &app,
        "DELETE",
        &format!("/api/v1/groups/{g1}"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("group_has_assignments"))
    );
    let (_, spare) = new_group(&app, &s, "Запасная", "subgroup", None, &[&s.class_7a]).await;
    let (st, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/groups/{}", id_of(&spare)),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = call(
        &app,
        "GET",
        &format!("/api/v1/groups/{}", id_of(&spare)),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_curriculum_is_replaced_per_grade_and_checked_against_the_assignments() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let put = |token: &str, body: Value| {
        let t = token.to_owned();
        let app = &app;
        async move { call(app, "PUT", "/api/v1/curriculum", Some(&t), Some(body)).await }
    };
    let plan = json!({"year_id": s.year, "grade": 7, "lines": [
        {"subject_id": s.english, "hours_per_week": 3}, {"subject_id": s.math, "hours_per_week": 5}]});
    let (st, lines) = put(&s.deputy, plan.clone()).await;
    assert_eq!(st, StatusCode::OK, "{lines}");
    assert_eq!(lines.as_array().unwrap().len(), 2);
    assert_eq!(put(&s.ivanova_token, plan).await.0, StatusCode::FORBIDDEN);
    let dup = json!({"year_id": s.year, "grade": 7, "lines": [
        {"subject_id": s.math, "hours_per_week": 5}, {"subject_id": s.math, "hours_per_week": 4}]});
    let (st, p) = put(&s.deputy, dup).await;
    assert_eq!(
        (st, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("duplicate_subject"))
    );
    // A profile's lines live beside the general ones.
    let profile = json!({"year_id": s.year, "grade": 7, "profile": "Углублённый", "lines": [{"subject_id": s.math, "hours_per_week": 6}]});
    assert_eq!(put(&s.deputy, profile).await.0, StatusCode::OK);
    let url = format!("/api/v1/curriculum?year_id={}", s.year);
    let all = call_ok(&app, "GET", &url, Some(&s.ivanova_token), None).await;
    assert_eq!(all.as_array().unwrap().len(), 3, "{all}");
    // 7А: English by two parallel subgroups (3 h each), mathematics 4 of 5 h.
    let (_, g1) = new_group(
        &app,
        &s,
        "1 группа",
        "subgroup",
        Some("Английский язык"),
        &[&s.class_7a],
    )
    .await;
    let (_, g2) = new_group(
        &app,
        &s,
        "2 группа",
        "subgroup",
        Some("Английский язык"),
        &[&s.class_7a],
    )
    .await;
    for (teacher, subject, group, hours) in [
        (&s.ivanova, &s.english, Some(id_of(&g1)), 3),
        (&s.petrov, &s.english, Some(id_of(&g2)), 3),
        (&s.ivanova, &s.math, None, 4),
    ] {
        let body = json!({"teacher_id": teacher, "subject_id": subject, "class_id": s.class_7a, "hours_per_week": hours, "group_id": group});
        assert_eq!(
            call(
                &app,
                "POST",
                "/api/v1/assignments",
                Some(&s.deputy),
                Some(body)
            )
            .await
            .0,
            StatusCode::CREATED
        );
    }
    let url = format!("/api/v1/curriculum/check?year_id={}", s.year);
    let (st, check) = call(&app, "GET", &url, Some(&s.deputy), None).await;
    assert_eq!(st, StatusCode::OK, "{check}");
    let line = |class: &str, subject: &str| {
        check
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["class_name"] == class && l["subject_name"] == subject)
            .cloned()
            .unwrap_or_else(|| panic!("{class} {subject} in {check}"))
    };
    let english = line("7А", "Английский язык");
    assert_eq!(
        (
            english["curriculum_hours"].as_u64(),
            english["assigned_hours"].as_u64(),
            english["teacher_hours"].as_u64(),
            english["status"].as_str()
        ),
        (Some(3), Some(3), Some(6), Some("ok"))
    );
    assert_eq!(line("7А", "Математика")["status"], "under");
    assert_eq!(line("7Б", "Математика")["assigned_hours"], 0);
    // Emptying a grade's lines.
    let (st, lines) = put(
        &s.deputy,
        json!({"year_id": s.year, "grade": 7, "lines": []}),
    )
    .await;
    assert_eq!((st, lines.as_array().unwrap().len()), (StatusCode::OK, 0));
    let all = call_ok(
        &app,
        "GET",
        &format!("/api/v1/curriculum?year_id={}", s.year),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(all.as_array().unwrap().len(), 1, "the profile stays: {all}");
}
