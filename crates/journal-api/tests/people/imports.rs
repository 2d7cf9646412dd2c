//! Imports (R-B6): the check lists every bad row and writes nothing, staff get one-time
//! passwords, XLSX files with Excel dates and numbers.

use super::*;

const STUDENTS_BAD: &str = "\u{feff}Фамилия;Имя;Отчество;Дата рождения;Класс;Телефон\r\n\
Иванов;Пётр;Сергеевич;01.02.2014;7А;\r\n\
;Анна;;03.04.2014;7А;\r\n\
Сидоров;Олег;;31.02.2014;7А;\r\n\
Орлова;Вера;;05.06.2014;9Я;\r\n\
иванов;петр;сергеевич;2014-02-01;7 а;\r\n\
Белов;Лев;;07.08.2014;8Б;позвоните маме\r\n";

const STUDENTS_FIXED: &str = "\u{feff}Фамилия;Имя;Отчество;Дата рождения;Класс;Телефон\r\n\
Иванов;Пётр;Сергеевич;01.02.2014;7А;\r\n\
Смирнова;Анна;;03.04.2014;7А;\r\n\
Сидоров;Олег;;28.02.2014;7А;\r\n\
Орлова;Вера;;05.06.2014;5А;\r\n\
Иванов;Павел;Сергеевич;2014-02-01;7 а;\r\n\
Белов;Лев;;07.08.2014;8Б;+7 912 345-67-89\r\n";

#[actix_web::test]
async fn dry_run_lists_every_bad_row_and_writes_nothing_then_the_fixed_file_imports() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let admin = sign_in(&app, "admin").await;
    let before = counts(&db, school);
    let expected = [
        (3, "missing_field".to_owned()),
        (4, "bad_date".to_owned()),
        (5, "unknown_class".to_owned()),
        (6, "duplicate_in_file".to_owned()),
        (7, "bad_phone".to_owned()),
    ];

    let bad = STUDENTS_BAD.as_bytes().to_vec();
    let (status, report) =
        import(&app, &secretary, "students", true, "text/csv", bad.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(problems(&report), expected);
    assert_eq!(
        (
            report["rows"].clone(),
            report["valid"].clone(),
            report["imported"].clone()
        ),
        (json!(6), json!(1), json!(0))
    );
    assert_eq!(report["problems"][0]["column"], "last_name");
    assert!(report["problems"][3]["message"]
        .as_str()
        .unwrap()
        .contains("line 2"));
    assert_eq!(counts(&db, school), before, "a dry run writes nothing");

    // The same file for real: refused whole, with the same report.
    let (status, rejected) = import(&app, &secretary, "students", false, "text/csv", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problems(&rejected), expected);
    assert_eq!(
        counts(&db, school),
        before,
        "a refused import writes nothing"
    );

    // Fixed: the dry run is clean and the real run imports every row, each with its admission.
    let fixed = STUDENTS_FIXED.as_bytes().to_vec();
    let (status, clean) = import(
        &app,
        &secretary,
        "students",
        true,
        "text/csv",
        fixed.clone(),
    )
    .await;
    assert_eq!((status, problems(&clean)), (StatusCode::OK, vec![]));
    assert_eq!(counts(&db, school), before);
    let (status, done) = import(
        &app,
        &secretary,
        "students",
        false,
        "text/csv",
        fixed.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["imported"], 6);
    assert_eq!(
        counts(&db, school),
        (before.0 + 6, before.1, before.2, before.3 + 6)
    );
    let listed = call_ok(
        &app,
        "GET",
        "/api/v1/students?limit=50",
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(
        names(&listed),
        ["Белов", "Иванов", "Иванов", "Орлова", "Сидоров", "Смирнова"]
    );
    let belov = listed["items"][0]["id"].as_str().unwrap().to_owned();
    let detail = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{belov}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(detail["student"]["class_name"], "8Б");
    assert_eq!(detail["phone"], "+7 912 345-67-89");
    assert_eq!(detail["movements"][0]["kind"], "admission");
    assert_eq!(audit_actions(&app, &admin, &belov).await, ["student.admit"]);
    let summary = call_ok(
        &app,
        "GET",
        "/api/v1/audit?action=import.students",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(summary["items"][0]["after"]["imported"], 6);

    // Importing it again: every row already exists.
    let (_, again) = import(&app, &secretary, "students", true, "text/csv", fixed).await;
    assert_eq!(
        problems(&again).iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6, 7]
    );
    assert!(problems(&again).iter().all(|(_, c)| c == "already_exists"));
}

#[actix_web::test]
async fn a_real_import_with_one_bad_row_writes_nothing() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    // English headers, comma-separated, one bad e-mail on line 4 of 5.
    let file = "last_name,first_name,middle_name,phone,email\n\
                Иванова,Мария,Петровна,+7 912 000-00-01,ivanova@example.ru\n\
                Петров,Иван,,8 912 000 00 02,\n\
                Сидорова,Анна,,,sidorova(at)example.ru\n\
                Орлов,Олег,,,\n";
    let before = counts(&db, school);
    let (status, report) = import(
        &app,
        &secretary,
        "guardians",
        false,
        "text/csv",
        file.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(problems(&report), [(4, "bad_email".to_owned())]);
    assert_eq!(report["imported"], 0);
    assert_eq!(counts(&db, school), before);
    let listed = call_ok(&app, "GET", "/api/v1/guardians", Some(&secretary), None).await;
    assert_eq!(listed["total"], 0);

    // A header it cannot map is reported on line 1, and nothing is read further.
    let (status, report) = import(
        &app,
        &secretary,
        "guardians",
        true,
        "text/csv",
        "Фамилия;Имя;Рост\nИванова;Мария;170\n".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(problems(&report), [(1, "unknown_column".to_owned())]);

    // An unknown list is no endpoint at all.
    let (status, _, _) = request(
        &app,
        "POST",
        "/api/v1/import/teachers?dry_run=true",
        Some(&secretary),
        Some(("text/csv", b"a;b\n".to_vec())),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn staff_import_creates_accounts_with_one_time_passwords() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    school_with_classes(&db, "Школа Б", &[("taken", &[Role::Teacher])], &[]);
    let app = app!(&db);
    let admin = sign_in(&app, "admin").await;
    let file = "Фамилия;Имя;Отчество;Логин;Должность;Роли\n\
                Петрова;Елена;Александровна;Petrova.EA;учитель математики;учитель\n\
                Сидоров;Олег;;sidorov;заместитель директора по УВР;\"завуч, учитель\"\n\
                Занятый;Логин;;taken;учитель;учитель\n\
                Уже;Здесь;;teacher;учитель;учитель\n";
    let (status, report) = import(
        &app,
        &admin,
        "staff",
        true,
        "text/csv",
        file.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        problems(&report),
        [
            (4, "login_taken".to_owned()),
            (5, "already_exists".to_owned())
        ]
    );
    let fixed: String = file.lines().take(3).map(|l| format!("{l}\n")).collect();
    let (status, report) =
        import(&app, &admin, "staff", false, "text/csv", fixed.into_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let creds = report["credentials"].as_array().unwrap();
    assert_eq!(creds.len(), 2);
    assert_eq!(creds[0]["login"], "petrova.ea");
    assert_eq!(creds[0]["full_name"], "Петрова Елена Александровна");
    let otp = creds[1]["initial_password"].as_str().unwrap().to_owned();

    // The one-time password signs in once and forces a change (R-S1).
    let (status, first) = call(
        &app,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"login": "sidorov", "password": otp})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["must_change_password"], true);
    let mut conn = db.conn();
    let sidorov = users::find_by_login(&mut conn, "sidorov").unwrap().unwrap();
    let roles = users::roles_in(&mut conn, sidorov.id.parse::<UserId>().unwrap(), school).unwrap();
    assert_eq!(roles, [Role::Deputy, Role::Teacher]);
    drop(conn);
    let log = call_ok(
        &app,
        "GET",
        "/api/v1/audit?action=user.create",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(log["total"], 2);
    assert!(!log.to_string().contains(&otp), "no password in the log");

    // Export writes the same columns back: the imported rows come out as they went in.
    let (_, csv) = export(&app, &admin, "staff", "csv").await;
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("Петрова;Елена;Александровна;petrova.ea;учитель математики;учитель\r\n"));
    assert!(text.contains(
        "Сидоров;Олег;;sidorov;заместитель директора по УВР;заместитель директора, учитель\r\n"
    ));
    // Re-importing the export finds every row already on the staff.
    let (_, again) = import(&app, &admin, "staff", true, "text/csv", text.into_bytes()).await;
    let codes: Vec<String> = problems(&again).into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        again["rows"], 9,
        "seven accounts of the fixture and the two imported"
    );
    assert!(
        codes.iter().all(|c| c == "already_exists") && codes.len() == 9,
        "{again}"
    );
}

#[actix_web::test]
async fn xlsx_with_excel_dates_and_numbers_imports() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in [
        "Фамилия",
        "Имя",
        "Дата рождения",
        "Класс",
        "Дата зачисления",
        "Телефон",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let born = rust_xlsxwriter::ExcelDateTime::from_ymd(2014, 3, 8).unwrap();
    ws.write_string(1, 0, "Ёлкина").unwrap();
    ws.write_string(1, 1, "Алёна").unwrap();
    ws.write_datetime_with_format(1, 2, &born, &date).unwrap();
    ws.write_string(1, 3, "8Б").unwrap();
    ws.write_string(1, 4, "01.09.2025").unwrap();
    ws.write_number(1, 5, 79123456789.0).unwrap();
    ws.write_string(2, 0, "Без").unwrap();
    ws.write_string(2, 1, "Даты").unwrap();
    ws.write_string(2, 3, "8Б").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    // Detected by content: the type says octet-stream, the bytes are a ZIP.
    let (status, report) = import(
        &app,
        &secretary,
        "students",
        false,
        "application/octet-stream",
        bytes.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problems(&report), [(3, "missing_field".to_owned())]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "Фамилия",
        "Имя",
        "Дата рождения",
        "Класс",
        "Дата зачисления",
        "Телефон",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Ёлкина").unwrap();
    ws.write_string(1, 1, "Алёна").unwrap();
    ws.write_datetime_with_format(1, 2, &born, &date).unwrap();
    ws.write_string(1, 3, "8Б").unwrap();
    ws.write_string(1, 4, "01.09.2025").unwrap();
    ws.write_number(1, 5, 79123456789.0).unwrap();
    let (status, report) = import(
        &app,
        &secretary,
        "students",
        false,
        XLSX,
        book.save_to_buffer().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&db, school).0, 1);
    let id = report["created_ids"][0].as_str().unwrap();
    let s = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{id}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(s["student"]["birth_date"], "2014-03-08");
    assert_eq!(s["phone"], "79123456789");
    assert_eq!(s["movements"][0]["on_date"], "2025-09-01");
}

/// `text` as Russian Excel saves plain CSV: Windows-1251, no BOM (Cyrillic, Ё/ё and ASCII only).
fn windows_1251(text: &str) -> Vec<u8> {
    text.trim_start_matches('\u{feff}')
        .chars()
        .map(|c| match c {
            'Ё' => 0xA8,
            'ё' => 0xB8,
            'А'..='я' => 0xC0 + (u32::from(c) - u32::from('А')) as u8,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} is not in this test's Windows-1251"),
        })
        .collect()
}

/// Issue 12: a Windows-1251 CSV (Russian Excel's plain «CSV») reads as the same rows as UTF-8.
#[actix_web::test]
async fn windows_1251_and_utf8_files_of_the_same_rows_import_alike() {
    let db = TestDb::new();
    let (school, _) = school_a(&db);
    let app = app!(&db);
    let secretary = sign_in(&app, "secretary").await;
    let cp1251 = windows_1251(STUDENTS_BAD);
    assert!(std::str::from_utf8(&cp1251).is_err(), "not UTF-8 any more");
    let (status, from_utf8) = import(
        &app,
        &secretary,
        "students",
        true,
        "text/csv",
        STUDENTS_BAD.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{from_utf8}");
    let (status, from_1251) = import(&app, &secretary, "students", true, "text/csv", cp1251).await;
    assert_eq!(status, StatusCode::OK, "{from_1251}");
    assert_eq!(from_1251, from_utf8);

    let (status, report) = import(
        &app,
        &secretary,
        "students",
        false,
        "text/csv",
        windows_1251(STUDENTS_FIXED),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&db, school).0, 6);
    let id = report["created_ids"][0].as_str().unwrap();
    let s = call_ok(
        &app,
        "GET",
        &format!("/api/v1/students/{id}"),
        Some(&secretary),
        None,
    )
    .await;
    assert_eq!(s["student"]["first_name"], "Пётр");
}
