//! Journal-keeping control through the API (R-R1, R-J5, the home screen): the figures of a
//! hand-made week by fixed clocks, who reads the report (tested with foreign ids), the XLSX holding
//! the JSON's figures, «все присутствуют». The other reports are in `report_figures`.

use super::*;
use chrono::TimeZone;
use journal_api::clock::Clock;

/// 2025-11-17 (Monday) at `h:m` in Moscow, as UTC.
pub(super) fn moscow(day: u32, h: u32, m: u32) -> Clock {
    Clock::fixed(
        chrono::Utc
            .with_ymd_and_hms(2025, 11, day, h, m, 0)
            .unwrap()
            - chrono::Duration::hours(3),
    )
}

pub(super) async fn report<S, B>(app: &S, token: &str, path: &str) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, body) = call(app, "GET", path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

pub(super) async fn status_of<S, B>(app: &S, token: &str, path: &str) -> StatusCode
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    call(app, "GET", path, Some(token), None).await.0
}

/// A week of Ivanova's mathematics in 7А (Monday 17 November 2025), the school in Moscow:
/// at 23:50 on Monday she writes the topic (no homework), a 5 for Алексеев and Белова absent; at
/// 00:10 on Tuesday a 4 for Васильев — late (R-J5: marks on the lesson's day). Wednesday's lesson
/// is not yet held on Tuesday.
///
/// By hand, on Tuesday for 17–18 November: 1 lesson held, without a topic 0, without homework 1,
/// without attendance 0 (an absence was recorded), late marks 1, late topics 0; 25 students, 23
/// without a mark (92 %), 2 with a single mark (8 %); topics 1/1 = 100 %.
#[actix_web::test]
async fn the_control_report_counts_gaps_and_late_marks_by_the_schools_clock() {
    let db = TestDb::new();
    let school = school_with(&db, "Школа", PEOPLE);
    set_timezone(&db, school, "Europe/Moscow");
    let evening = app!(&db, moscow(17, 23, 50));
    let s = setup!(&evening);
    let (_, etag) = read(&evening, &s.ivanova, &s.page).await;
    let monday = json!({"changes": [
        {"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-17", "conducted": true, "topic": "Дроби"},
        mark(&s.monday, "2025-11-17", &s.students[0], "oral", "5"),
        absent(&s.monday, "2025-11-17", &s.students[1]),
    ]});
    let (_, etag) = save(&evening, &s.page, &s.ivanova, &etag, monday).await;
    let night = app!(&db, moscow(18, 0, 10));
    save(
        &night,
        &s.page,
        &s.ivanova,
        &etag.unwrap(),
        json!({"changes": [mark(&s.monday, "2025-11-17", &s.students[2], "oral", "4")]}),
    )
    .await;

    let path = "/api/v1/reports/journal-control?from=2025-11-17&to=2025-11-18";
    let r = report(&night, &s.deputy, path).await;
    assert_eq!(r["today"], "2025-11-18");
    let pages = r["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1, "{r}");
    let line = &pages[0];
    assert_eq!(line["page"]["subject_name"], "Математика");
    assert_eq!(line["page"]["class_name"], "7А");
    let f = &line["filling"];
    assert_eq!(
        [
            "lessons_held",
            "without_topic",
            "without_homework",
            "without_attendance",
            "late_marks",
            "late_topics",
            "students",
            "students_without_marks",
            "students_with_one_mark"
        ]
        .map(|k| f[k].as_u64().unwrap()),
        [1, 0, 1, 0, 1, 0, 25, 23, 2],
        "{f}"
    );
    assert_eq!(
        (
            line["without_marks_share"].as_f64(),
            line["one_mark_share"].as_f64(),
            line["topics_share"].as_f64()
        ),
        (Some(92.0), Some(8.0), Some(100.0))
    );
    // The figure opens the lesson behind it: Monday, homework missing, a late mark.
    assert_eq!(
        line["lessons"],
        json!([{"entry_id": s.monday, "date": "2025-11-17", "lesson_number": 2,
            "teacher_id": line["page"]["teacher_id"], "teacher_name": line["page"]["teacher_name"],
            "gaps": ["no_homework", "late_marks"]}])
    );
    assert_eq!(line["students_with_one_mark"].as_array().unwrap().len(), 2);
    let ivanova = &r["teachers"][0];
    assert_eq!(
        ivanova["teacher"]["teacher_name"],
        line["page"]["teacher_name"]
    );
    assert_eq!(ivanova["filling"]["late_marks"], 1);

    // The XLSX holds the JSON's figures (re-read with calamine).
    let (status, ct, bytes) = request(
        &night,
        "GET",
        &format!("{path}&format=xlsx"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(
        (status, ct.as_str()),
        (
            StatusCode::OK,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    );
    use calamine::{DataType, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Страницы журнала").unwrap();
    let row: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &row[..4],
        [
            "7А",
            "",
            "Математика",
            line["page"]["teacher_name"].as_str().unwrap()
        ]
    );
    let numbers: Vec<f64> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .skip(4)
        .map(|c| c.as_f64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 25.0, 23.0, 92.0, 2.0, 8.0, 100.0]
    );
    let (status, _, csv) = request(
        &night,
        "GET",
        &format!("{path}&format=csv"),
        Some(&s.deputy),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.starts_with('\u{feff}') && csv.contains("7А;;Математика;"),
        "{csv}"
    );
}

/// Who reads the control report (R-R1, R-A5, R-A6): the deputy the school; Ivanova her own page,
/// not Petrov's pages; Sidorov (7Б's class teacher) nothing of 7А; a pupil nothing; the deputy of
/// another school gets 404 for this school's class.
#[actix_web::test]
async fn the_control_report_is_read_by_relation_only() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    school_with(&db, "Другая школа", &[("deputy2", &[Role::Deputy])]);
    let app = app!(&db);
    let s = setup!(&app);
    // Class teachers hold their role from a fresh sign-in (the classes came after the first).
    let sidorov = sign_in(&app, "sidorov").await;
    let petrov = sign_in(&app, "petrov").await;
    let other = sign_in(&app, "deputy2").await;
    let base = "/api/v1/reports/journal-control?from=2025-11-10&to=2025-11-16";
    let school = report(&app, &s.deputy, base).await;
    let class_7a = school["pages"][0]["page"]["class_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ivanova_id = report(&app, &s.ivanova, "/api/v1/me").await["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let petrov_id = report(&app, &petrov, "/api/v1/me").await["user_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let own = report(&app, &s.ivanova, base).await;
    assert_eq!(own["pages"].as_array().unwrap().len(), 1);
    assert_eq!(own["families"], json!([]), "a teacher leads no class");
    assert_eq!(
        status_of(&app, &s.ivanova, &format!("{base}&teacher_id={petrov_id}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status_of(&app, &s.ivanova, &format!("{base}&class_id={}", s.class_7b)).await,
        StatusCode::FORBIDDEN
    );
    // Petrov leads 7А: its pages (Ivanova's) and its families.
    let led = report(
        &app,
        &petrov,
        &format!("{base}&class_id={class_7a}&teacher_id={ivanova_id}"),
    )
    .await;
    assert_eq!(led["pages"].as_array().unwrap().len(), 1, "{led}");
    assert_eq!(led["families"][0]["class_name"], "7А");
    assert_eq!(led["families"][0]["students"], 25);
    assert_eq!(
        status_of(&app, &sidorov, &format!("{base}&class_id={class_7a}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status_of(&app, &sidorov, &format!("{base}&teacher_id={ivanova_id}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(report(&app, &sidorov, base).await["pages"], json!([]));
    assert_eq!(status_of(&app, &s.pupil, base).await, StatusCode::FORBIDDEN);
    assert_eq!(
        status_of(&app, &other, &format!("{base}&class_id={class_7a}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        report(&app, &other, base).await["pages"],
        json!([]),
        "nothing of another school"
    );
    assert_eq!(
        status_of(
            &app,
            &s.deputy,
            "/api/v1/reports/journal-control?from=2025-11-16&to=2025-11-10"
        )
        .await,
        StatusCode::BAD_REQUEST
    );
}

/// «Все присутствуют» (R-R1): a lesson where nobody was absent counts as attendance taken once its
/// teacher confirms it; the page shows it, and the control report no longer lists the lesson.
#[actix_web::test]
async fn confirming_everyone_present_takes_attendance() {
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app);
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let lesson = |date: &str, taken: bool| json!({"kind": "lesson", "entry_id": s.monday, "lesson_date": date, "conducted": true, "topic": "Дроби", "homework": "№ 1", "attendance_taken": taken});
    let (page, _) = save(
        &app,
        &s.page,
        &s.ivanova,
        &etag,
        json!({"changes": [lesson("2025-11-10", false), lesson("2025-11-17", true)]}),
    )
    .await;
    let taken: Vec<(String, bool)> = page["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["entry_id"] == s.monday.as_str())
        .filter(|l| ["2025-11-10", "2025-11-17"].contains(&l["lesson_date"].as_str().unwrap()))
        .map(|l| {
            (
                l["lesson_date"].as_str().unwrap().to_owned(),
                l["attendance_taken"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        taken,
        [
            ("2025-11-10".to_owned(), false),
            ("2025-11-17".to_owned(), true)
        ]
    );
    let r = report(
        &app,
        &s.deputy,
        "/api/v1/reports/journal-control?from=2025-11-10&to=2025-11-17",
    )
    .await;
    let line = &r["pages"][0];
    assert_eq!(
        (
            line["filling"]["lessons_held"].as_u64(),
            line["filling"]["without_attendance"].as_u64()
        ),
        (Some(3), Some(2))
    );
    let without: Vec<&str> = line["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            l["gaps"]
                .as_array()
                .unwrap()
                .contains(&json!("no_attendance"))
        })
        .map(|l| l["date"].as_str().unwrap())
        .collect();
    assert_eq!(without, ["2025-11-10", "2025-11-12"]);
}

/// The home screen at a glance on Wednesday 19 November 2025, 10:00 in Moscow: Monday's lesson has
/// its topic, homework and attendance and a 2 for Алексеев, all written now (late); Wednesday's has
/// nothing yet; the deputy
/// wrote one remark on the page, due today. The deputy sees the school (2 lessons held, 1 without
/// topic, Ivanova first among the teachers behind, 1 open remark, 1 student with a 2); Ivanova sees
/// her Wednesday lesson to fill and the remark; Sidorov nothing of hers.
#[actix_web::test]
async fn the_home_screen_says_what_needs_attention_this_week() {
    let db = TestDb::new();
    let school = school_with(&db, "Школа", PEOPLE);
    set_timezone(&db, school, "Europe/Moscow");
    let app = app!(&db, moscow(19, 10, 0));
    let s = setup!(&app);
    let (_, etag) = read(&app, &s.ivanova, &s.page).await;
    let monday = json!({"changes": [
        {"kind": "lesson", "entry_id": s.monday, "lesson_date": "2025-11-17", "conducted": true, "topic": "Дроби", "homework": "№ 5", "attendance_taken": true},
        mark(&s.monday, "2025-11-17", &s.students[0], "oral", "2"),
    ]});
    save(&app, &s.page, &s.ivanova, &etag, monday).await;
    let body = json!({"text": "Нет темы урока 19.11", "due_on": "2025-11-19"});
    let (status, remark) = call(
        &app,
        "POST",
        &format!("{}/remarks", s.page),
        Some(&s.deputy),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{remark}");

    let school_view = report(&app, &s.deputy, "/api/v1/reports/overview").await;
    assert_eq!(
        (
            school_view["whole_school"].as_bool(),
            school_view["week_from"].as_str()
        ),
        (Some(true), Some("2025-11-17"))
    );
    let f = &school_view["filling"];
    assert_eq!(
        (
            f["lessons_held"].as_u64(),
            f["without_topic"].as_u64(),
            f["without_attendance"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(school_view["topics_share"].as_f64(), Some(50.0));
    assert_eq!(school_view["teachers"].as_array().unwrap().len(), 1);
    assert_eq!(
        [
            &school_view["changes_today"],
            &school_view["open_remarks"],
            &school_view["overdue_remarks"],
            &school_view["students_with_failing_marks"]
        ],
        [&json!(0), &json!(1), &json!(0), &json!(1)]
    );
    let own = report(&app, &s.ivanova, "/api/v1/reports/overview").await;
    assert_eq!(own["whole_school"], false);
    let lessons: Vec<(&str, Value)> = own["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["lesson"]["date"].as_str().unwrap(),
                l["lesson"]["gaps"].clone(),
            )
        })
        .collect();
    // Monday's entries were made on Wednesday: late (R-J5).
    assert_eq!(
        lessons,
        [
            (
                "2025-11-17",
                json!(["late_topic", "late_homework", "late_marks"])
            ),
            (
                "2025-11-19",
                json!(["no_topic", "no_homework", "no_attendance"])
            ),
        ]
    );
    assert_eq!(
        (
            own["open_remarks"].as_u64(),
            own["students_with_failing_marks"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert!(own.get("changes_today").is_none());
    let sidorov = report(&app, &s.sidorov, "/api/v1/reports/overview").await;
    assert_eq!(
        (
            sidorov["open_remarks"].as_u64(),
            sidorov["lessons"].as_array().unwrap().len()
        ),
        (Some(0), 0)
    );
    assert_eq!(
        status_of(&app, &s.pupil, "/api/v1/reports/overview").await,
        StatusCode::FORBIDDEN
    );
}
