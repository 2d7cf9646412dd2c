//! The timetable: the deputy registers a substitution, the substitute writes the lesson, the
//! teacher of the lesson sees it covered and read-only (R-T1, R-T2, R-A4, R-R8).

use anyhow::{anyhow, bail, ensure, Result};
use chrono::{Datelike, NaiveDate};
use fantoccini::{Client as Browser, Locator};
use journal_api_types::structure::{
    AssignmentInput, BellInput, BellScheduleInput, ClassFilter, ClassInput, RoomInput,
    SubjectInput, YearDetail,
};
use journal_api_types::timetable::{EntryInput, LessonFilter, LessonRecordInput, TimetableFilter};
use journal_client::{Client, ClientError};
use journal_e2e::api::{monday_of, teaching_day, user_id, year_for_today};
use journal_e2e::browser::{
    click, click_in_view, fill, nav_to, screenshot, select, set_date, sign_in, sign_out, wait_text,
    wait_value,
};
use journal_e2e::{in_browser, Server, DEMO_PASSWORD};
use uuid::Uuid;

/// The name of a demo teacher as the timetable shows it (short form).
const IVANOVA_SHORT: &str = "Иванова М. П.";
const KOZLOV_SHORT: &str = "Козлов В. Н.";
/// Letters tried for the test's own 7th-grade class, so as not to meet classes a seed may bring.
const FREE_LETTERS: &str = "ВГДЕЖЗИКЛМНОП";

/// What the API setup created for the browser part.
struct TimetableSetup {
    class_id: Uuid,
    /// Иванова's weekly maths lesson that the deputy has Козлов cover.
    entry_id: Uuid,
    /// The day (this week) and lesson number of that lesson.
    date: NaiveDate,
    lesson: u8,
    /// Козлов's own geometry lesson the same day, which the deputy cancels.
    geometry_entry: Uuid,
    geometry_lesson: u8,
    /// Козлов's geometry assignment in the class (used to provoke a clash in the browser).
    kozlov_assignment: Uuid,
    ivanova: Uuid,
    kozlov: Uuid,
    /// The school year the class belongs to, with its calendar.
    year: YearDetail,
}

async fn subject_named(client: &Client, name: &str, short: &str) -> Result<Uuid> {
    if let Some(s) = client
        .list_subjects()
        .await?
        .into_iter()
        .find(|s| s.name == name)
    {
        return Ok(s.id);
    }
    let created = client
        .create_subject(&SubjectInput {
            name: name.into(),
            short_name: short.into(),
        })
        .await?;
    Ok(created.id)
}

/// Lesson numbers of `teacher` on the weekday of `date` in the weekly timetable valid that day.
async fn busy_numbers(client: &Client, teacher: Uuid, date: NaiveDate) -> Result<Vec<u8>> {
    let weekday = u8::try_from(date.weekday().number_from_monday())?;
    let filter = TimetableFilter {
        class_id: None,
        teacher_id: Some(teacher),
        group_id: None,
        date: Some(date),
    };
    Ok(client
        .list_entries(&filter)
        .await?
        .into_iter()
        .filter(|e| e.weekday == weekday)
        .map(|e| e.lesson_number)
        .collect())
}

/// As the deputy, through the API: a year holding today, a bell schedule, a 7th-grade class,
/// maths for Иванова and geometry for Козлов in it, and their weekly lessons on a school day of
/// this week at numbers where both are free.
async fn timetable_setup(base: &str, today: NaiveDate) -> Result<TimetableSetup> {
    let mut client = Client::new(base);
    let tokens = client.login("deputy", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));

    let year = year_for_today(&client, today).await?;
    let monday = monday_of(today);
    let date = (0..5)
        .map(|i| monday + chrono::Duration::days(i))
        .find(|d| teaching_day(&year, *d) && year.year.starts_on <= *d && *d <= year.year.ends_on)
        .ok_or_else(|| anyhow!("no school day for grade 7 in the week of {monday}"))?;
    let weekday = u8::try_from(date.weekday().number_from_monday())?;

    let ivanova = user_id(&client, "teacher").await?;
    let kozlov = user_id(&client, "kozlov.vn").await?;

    let bells = client
        .create_bell_schedule(&BellScheduleInput {
            name: "Звонки 7-х классов".into(),
            bells: [
                ("08:30", "09:10"),
                ("09:20", "10:00"),
                ("10:20", "11:00"),
                ("11:20", "12:00"),
                ("12:10", "12:50"),
                ("13:00", "13:40"),
            ]
            .iter()
            .zip(1_u8..)
            .map(|((a, b), n)| BellInput {
                lesson_number: n,
                starts_at: (*a).into(),
                ends_at: (*b).into(),
            })
            .collect(),
        })
        .await?;

    let taken: Vec<String> = client
        .list_classes(&ClassFilter {
            year_id: Some(year.year.id),
        })
        .await?
        .into_iter()
        .filter(|c| c.grade == 7)
        .map(|c| c.letter)
        .collect();
    let letter = FREE_LETTERS
        .chars()
        .map(String::from)
        .find(|l| !taken.contains(l))
        .ok_or_else(|| anyhow!("every letter of grade 7 is taken: {taken:?}"))?;
    let class = client
        .create_class(&ClassInput {
            year_id: year.year.id,
            grade: 7,
            letter,
            class_teacher_id: None,
            week_days: 5,
            bell_schedule_id: Some(bells.id),
        })
        .await?;

    let maths = subject_named(&client, "Математика", "Мат.").await?;
    let geometry = subject_named(&client, "Геометрия", "Геом.").await?;
    let assign = |teacher: Uuid, subject: Uuid, hours: u8| AssignmentInput {
        teacher_id: teacher,
        subject_id: subject,
        class_id: class.id,
        hours_per_week: hours,
        group_id: None,
    };
    let ivanova_maths = client.create_assignment(&assign(ivanova, maths, 4)).await?;
    let kozlov_geometry = client
        .create_assignment(&assign(kozlov, geometry, 2))
        .await?;

    let room = match client
        .list_rooms()
        .await?
        .into_iter()
        .find(|r| r.name == "Каб. 214")
    {
        Some(r) => r.id,
        None => {
            client
                .create_room(&RoomInput {
                    name: "Каб. 214".into(),
                    capacity: Some(30),
                })
                .await?
                .id
        }
    };

    // Lesson numbers where both teachers are free that day; the substitute must be free too. The
    // demo's full timetable keeps them busy in the morning, so look up to the twelfth lesson.
    let mut busy = busy_numbers(&client, ivanova, date).await?;
    busy.extend(busy_numbers(&client, kozlov, date).await?);
    let free: Vec<u8> = (1..=12).filter(|n| !busy.contains(n)).collect();
    let (Some(&lesson), Some(&geometry_lesson)) = (free.first(), free.get(1)) else {
        bail!("Иванова and Козлов have no two free lessons in common on {date}");
    };
    let valid_from = Some(monday.max(year.year.starts_on));
    let entry = |assignment: Uuid, room: Option<Uuid>, n: u8| EntryInput {
        assignment_id: assignment,
        group_id: None,
        room_id: room,
        weekday,
        lesson_number: n,
        valid_from,
        valid_to: Some(year.year.ends_on),
    };
    let maths_entry = match client
        .create_entry(&entry(ivanova_maths.id, Some(room), lesson))
        .await
    {
        Ok(e) => e,
        // The room may be someone else's at that time in a seeded timetable.
        Err(e) if e.code().is_some_and(|c| c == "room_double_booked") => {
            client
                .create_entry(&entry(ivanova_maths.id, None, lesson))
                .await?
        }
        Err(e) => return Err(e.into()),
    };
    let geometry_entry = client
        .create_entry(&entry(kozlov_geometry.id, None, geometry_lesson))
        .await?;

    let lessons = client
        .list_lessons(&LessonFilter {
            class_id: Some(class.id),
            teacher_id: None,
            from: monday,
            to: monday + chrono::Duration::days(6),
        })
        .await?;
    ensure!(
        lessons
            .iter()
            .any(|l| l.entry_id == maths_entry.id && l.date == date && l.change.is_none()),
        "the maths lesson of {date} is among the class's lessons: {lessons:?}"
    );
    client.logout(&tokens.refresh_token).await?;
    Ok(TimetableSetup {
        class_id: class.id,
        entry_id: maths_entry.id,
        date,
        lesson,
        geometry_entry: geometry_entry.id,
        geometry_lesson,
        kozlov_assignment: kozlov_geometry.id,
        ivanova,
        kozlov,
        year,
    })
}

async fn timetable_scenario(browser: &Browser, base: &str, s: &TimetableSetup) -> Result<()> {
    let day = s.date.format("%Y-%m-%d").to_string();
    let cell = format!(
        "#timetable-grid td[data-date='{day}'][data-lesson='{}']",
        s.lesson
    );
    let topic = "Решение линейных уравнений";
    let homework = "№ 245, 247 (учебник, с. 88)";

    // The deputy opens the class's week.
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Расписание").await?;
    nav_to(browser, "/timetable").await?;
    select(browser, "#timetable-class", &s.class_id.to_string()).await?;
    wait_text(browser, &cell, "Математика").await?;
    wait_text(browser, &cell, IVANOVA_SHORT).await?;
    wait_value(
        browser,
        "#timetable-week",
        &monday_of(s.date).format("%Y-%m-%d").to_string(),
    )
    .await?;
    wait_text(browser, "#timetable-grid thead", "Пн").await?;
    screenshot(browser, "20-timetable-grid.png").await?;

    // A second lesson in the same slot: the clash is refused and named.
    select(
        browser,
        "#add-lesson-assignment",
        &s.kozlov_assignment.to_string(),
    )
    .await?;
    let weekday = s.date.weekday().number_from_monday().to_string();
    select(browser, "#add-lesson-weekday", &weekday).await?;
    select(browser, "#add-lesson-number", &s.lesson.to_string()).await?;
    click_in_view(browser, "#add-lesson-submit").await?;
    wait_text(browser, "#add-lesson-error", "уже стоит урок").await?;

    // Козлов covers Иванова's lesson.
    click_in_view(browser, &format!("{cell} .tt-lesson")).await?;
    wait_text(browser, "#lesson-panel", "Математика").await?;
    select(browser, "#substitute-select", &s.kozlov.to_string()).await?;
    fill(browser, "#change-reason", "болезнь учителя").await?;
    click_in_view(browser, "#substitution-submit").await?;
    wait_text(browser, &cell, &format!("Замена: {KOZLOV_SHORT}")).await?;
    wait_text(browser, "#lesson-panel-change", "болезнь учителя").await?;
    let marked = browser.find(Locator::Css("#timetable-grid")).await?;
    browser
        .execute(
            "arguments[0].scrollIntoView({ block: 'start' });",
            vec![serde_json::to_value(&marked)?],
        )
        .await?;
    screenshot(browser, "21-substitution.png").await?;
    browser.set_window_size(375, 812).await?;
    wait_text(browser, &cell, "Замена").await?;
    screenshot(browser, "28-timetable-375px.png").await?;
    browser.set_window_size(1280, 900).await?;

    // Козлов's own geometry lesson that day is cancelled.
    let geometry_cell = format!(
        "#timetable-grid td[data-date='{day}'][data-lesson='{}']",
        s.geometry_lesson
    );
    click_in_view(browser, &format!("{geometry_cell} .tt-lesson")).await?;
    wait_text(browser, "#lesson-panel-title", "Геометрия").await?;
    click_in_view(browser, "#change-kind-cancellation").await?;
    fill(browser, "#change-reason", "экскурсия").await?;
    wait_text(browser, "#substitution-submit", "Отменить урок").await?;
    click_in_view(browser, "#substitution-submit").await?;
    wait_text(browser, &geometry_cell, "Урок отменён").await?;

    // Козлов's week as the deputy sees it: the lesson he covers and his cancelled one.
    click_in_view(browser, "#timetable-mode-teacher").await?;
    select(browser, "#timetable-teacher", &s.kozlov.to_string()).await?;
    wait_text(browser, &cell, "7").await?;
    wait_text(browser, &cell, "Замена").await?;
    wait_text(browser, &geometry_cell, "Урок отменён").await?;
    screenshot(browser, "30-timetable-teacher.png").await?;

    // The school structure: the year's calendar refuses an overlapping period and says so under
    // the row it names.
    nav_to(browser, "/structure").await?;
    click_in_view(
        browser,
        &format!("#years-table tr[data-year='{}'] .year-edit", s.year.year.id),
    )
    .await?;
    let first = s
        .year
        .periods
        .first()
        .ok_or_else(|| anyhow!("the year has periods"))?;
    let row = s.year.periods.len();
    click_in_view(browser, "#add-period").await?;
    select(browser, &format!("#period-{row}-kind"), &first.kind).await?;
    fill(
        browser,
        &format!("#period-{row}-grade-from"),
        &first.grade_from.to_string(),
    )
    .await?;
    fill(
        browser,
        &format!("#period-{row}-grade-to"),
        &first.grade_to.to_string(),
    )
    .await?;
    set_date(browser, &format!("#period-{row}-starts"), first.starts_on).await?;
    set_date(browser, &format!("#period-{row}-ends"), first.ends_on).await?;
    click_in_view(browser, "#year-submit").await?;
    wait_text(browser, &format!("#period-{row}-error"), "пересекается").await?;
    wait_text(browser, "#year-error", "исправьте строки").await?;
    screenshot(browser, "29-calendar-error.png").await?;
    click_in_view(browser, "#tab-classes").await?;
    wait_text(browser, "#classes-table", "7").await?;
    click_in_view(browser, "#tab-assignments").await?;
    wait_text(browser, "#assignments-table", "Козлов Виктор Николаевич").await?;
    click_in_view(browser, "#tab-rooms").await?;
    fill(browser, "#room-name", "Актовый зал").await?;
    fill(browser, "#room-capacity", "120").await?;
    click_in_view(browser, "#room-submit").await?;
    wait_text(browser, "#rooms-table", "Актовый зал").await?;

    // The substitution report counts it for both teachers.
    nav_to(browser, "/reports/substitutions").await?;
    set_date(browser, "#report-from", monday_of(s.date)).await?;
    set_date(browser, "#report-to", s.date).await?;
    click(browser, "#report-submit").await?;
    wait_text(
        browser,
        &format!(
            "#substitution-report tr[data-teacher='{}'] .covered",
            s.kozlov
        ),
        "1",
    )
    .await?;
    wait_text(
        browser,
        &format!(
            "#substitution-report tr[data-teacher='{}'] .substituted",
            s.ivanova
        ),
        "1",
    )
    .await?;
    screenshot(browser, "25-substitution-report.png").await?;
    sign_out(browser).await?;

    // Козлов finds the covered lesson in his week and writes it.
    sign_in(browser, "kozlov.vn", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Мои уроки").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav a[href='/timetable']"))
            .await?
            .is_empty(),
        "a teacher does not form the timetable"
    );
    nav_to(browser, "/my-week").await?;
    let item = format!(
        "#my-week li[data-entry='{}'][data-date='{day}']",
        s.entry_id
    );
    wait_text(browser, &item, &format!("Замена за {IVANOVA_SHORT}")).await?;
    let cancelled = format!(
        "#my-week li[data-entry='{}'][data-date='{day}']",
        s.geometry_entry
    );
    wait_text(browser, &cancelled, "Урок отменён").await?;
    wait_text(browser, &cancelled, "только просмотр").await?;
    screenshot(browser, "22-my-week-substitute.png").await?;
    click_in_view(browser, &format!("{item} a")).await?;
    wait_text(browser, "#lesson-covering", IVANOVA_SHORT).await?;
    click_in_view(browser, "#lesson-conducted").await?;
    fill(browser, "#lesson-topic", topic).await?;
    fill(browser, "#lesson-homework", homework).await?;
    click_in_view(browser, "#lesson-save").await?;
    wait_text(browser, "#lesson-saved", "Сохранено").await?;
    browser.refresh().await?;
    wait_value(browser, "#lesson-topic", topic).await?;
    wait_value(browser, "#lesson-homework", homework).await?;
    ensure!(
        browser
            .find(Locator::Css("#lesson-conducted"))
            .await?
            .is_selected()
            .await?,
        "the lesson stays marked as held after a reload"
    );
    screenshot(browser, "23-lesson-written.png").await?;
    sign_out(browser).await?;

    // Иванова sees her lesson covered, and may read but not write it.
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    nav_to(browser, "/my-week").await?;
    wait_text(browser, &item, &format!("Замена: {KOZLOV_SHORT}")).await?;
    wait_text(browser, &item, "только просмотр").await?;
    screenshot(browser, "24-teacher-week.png").await?;
    click_in_view(browser, &format!("{item} a")).await?;
    wait_text(
        browser,
        "#lesson-readonly",
        "Этот урок ведёт другой учитель",
    )
    .await?;
    wait_value(browser, "#lesson-topic", topic).await?;
    ensure!(
        browser
            .find_all(Locator::Css("#lesson-save"))
            .await?
            .is_empty(),
        "no save button on a lesson someone else covers"
    );
    ensure!(
        browser
            .find(Locator::Css("#lesson-topic"))
            .await?
            .attr("readonly")
            .await?
            .is_some(),
        "the topic is read-only"
    );
    screenshot(browser, "26-teacher-lesson-readonly.png").await?;

    // The same week on a phone.
    browser.set_window_size(375, 812).await?;
    nav_to(browser, "/my-week").await?;
    wait_text(browser, &item, &format!("Замена: {KOZLOV_SHORT}")).await?;
    screenshot(browser, "27-my-week-375px.png").await?;
    browser.set_window_size(1280, 900).await?;
    Ok(())
}

/// The server agrees with what the browser showed: the substitute's record is stored, and the
/// lesson's own teacher is refused when she writes it (R-A4, R-T2).
async fn timetable_api_checks(base: &str, s: &TimetableSetup) -> Result<()> {
    let mut ivanova = Client::new(base);
    let tokens = ivanova.login("teacher", DEMO_PASSWORD).await?;
    ivanova.set_access_token(Some(tokens.access_token));
    let lesson = ivanova.lesson(s.entry_id, s.date).await?;
    ensure!(
        lesson.topic.as_deref() == Some("Решение линейных уравнений") && lesson.conducted,
        "the substitute's record is stored: {lesson:?}"
    );
    ensure!(
        lesson.change.as_ref().and_then(|c| c.substitute_id) == Some(s.kozlov),
        "the lesson is covered by Козлов: {lesson:?}"
    );
    let attempt = LessonRecordInput {
        conducted: true,
        topic: Some("Чужая запись".into()),
        homework: None,
        attendance_taken: false,
    };
    match ivanova.write_lesson(s.entry_id, s.date, &attempt).await {
        Err(ClientError::Api(problem)) => ensure!(problem.status == 403, "{problem:?}"),
        other => bail!("the covered teacher must not write the lesson, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn timetable_substitution_end_to_end() -> Result<()> {
    let server = Server::start("timetable-").await?;
    println!("journal serve at {}", server.base);
    // The browser and this test run on the same machine: "this week" is the same for both.
    let today = journal_e2e::demo_today();
    let setup = timetable_setup(&server.base, today).await?;

    let (base, s) = (&server.base, &setup);
    in_browser("timetable-", |b| async move {
        timetable_scenario(&b, base, s).await
    })
    .await?;
    timetable_api_checks(&server.base, &setup).await
}
