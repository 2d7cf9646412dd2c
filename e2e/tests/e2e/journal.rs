//! The class journal: the teacher fills a lesson on the grid at the keyboard; the deputy sets the
//! journal's thresholds and weights, and the class teacher reads the finals' summary sheet
//! (R-J, R-F).

use anyhow::{bail, ensure, Context, Result};
use chrono::NaiveDate;
use fantoccini::{Client as Browser, Locator};
use journal_api_types::structure::{ClassFilter, PeriodInput};
use journal_client::Client;
use journal_e2e::api::year_for_today;
use journal_e2e::browser::{
    click, click_in_view, fill, focused_id, nav_to, no_sideways_scroll, screenshot, sign_in,
    sign_out, text_of, type_keys, wait_focus, wait_gone, wait_text, wait_value,
};
use journal_e2e::{in_browser, poll_until, Server, DEMO_PASSWORD, UI_DEADLINE};
use uuid::Uuid;

/// The demo teacher's 7А mathematics page (from grade 7 mathematics is algebra and geometry: the
/// algebra page) in the period the grid opens on, and the lesson to fill.
struct JournalSetup {
    assignment: Uuid,
    period: Uuid,
    /// The lesson column: the last lesson held by today she writes (not cancelled).
    col: usize,
    entry: Uuid,
    date: NaiveDate,
    students: Vec<Uuid>,
}

async fn journal_setup(base: &str, today: NaiveDate) -> Result<JournalSetup> {
    use journal_api_types::structure::AssignmentFilter;
    let mut client = Client::new(base);
    let tokens = client.login("teacher", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let me = client.me().await?;
    let year = year_for_today(&client, today).await?;
    let assignment = client
        .list_assignments(&AssignmentFilter {
            teacher_id: Some(me.user_id),
            class_id: None,
        })
        .await?
        .into_iter()
        .find(|a| a.class_name == "7А" && a.subject_name == "Алгебра" && a.group_id.is_none())
        .context("the demo teacher teaches algebra in 7А")?;
    // The period the SPA opens: the one holding today, else the latest begun, else the first.
    let mut periods: Vec<&PeriodInput> = year
        .periods
        .iter()
        .filter(|p| p.grade_from <= 7 && 7 <= p.grade_to)
        .collect();
    periods.sort_by_key(|p| p.starts_on);
    let period = periods
        .iter()
        .find(|p| p.starts_on <= today && today <= p.ends_on)
        .or_else(|| periods.iter().rev().find(|p| p.starts_on <= today))
        .or_else(|| periods.first())
        .and_then(|p| p.id)
        .context("a period for grade 7")?;
    let page = client.journal_page(assignment.id, period).await?.page;
    ensure!(!page.locked, "the demo page is open for writing");
    // A lesson she writes with nothing in it yet: the demo journal has filled the lessons before
    // today, so this is today's lesson if there is one, else the next.
    let untouched = |l: &journal_api_types::journal::PageLesson| {
        let here = |entry: Uuid, date: NaiveDate| entry == l.entry_id && date == l.lesson_date;
        l.topic.is_none()
            && page.students.iter().all(|s| {
                !s.marks.iter().any(|m| here(m.entry_id, m.lesson_date))
                    && !s.attendance.iter().any(|a| here(a.entry_id, a.lesson_date))
            })
    };
    let usable = |l: &journal_api_types::journal::PageLesson| {
        l.writable && l.change.is_none_or(|k| k != "cancellation") && untouched(l)
    };
    let col = page
        .lessons
        .iter()
        .rposition(|l| usable(l) && l.held_on <= today)
        .or_else(|| page.lessons.iter().position(usable))
        .context("a lesson the teacher writes in the period")?;
    let lesson = &page.lessons[col];
    ensure!(
        page.students.len() >= 23,
        "7А has its demo students: {}",
        page.students.len()
    );
    Ok(JournalSetup {
        assignment: assignment.id,
        period,
        col,
        entry: lesson.entry_id,
        date: lesson.lesson_date,
        students: page.students.iter().map(|s| s.id).collect(),
    })
}

const JOURNAL_TOPIC: &str = "Сложение и вычитание дробей";
const JOURNAL_HOMEWORK: &str = "№ 215, 217 (а, б)";
/// Rows marked absent (they get no mark).
const ABSENT_ROWS: [usize; 2] = [1, 4];

fn journal_mark(row: usize) -> &'static str {
    ["5", "4", "3", "5", "4", "2"][row % 6]
}

async fn journal_scenario(browser: &Browser, base: &str, s: &JournalSetup) -> Result<()> {
    use fantoccini::key::Key;
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Журнал").await?;
    click(browser, "#main-nav a[href='/journal']").await?;
    click(
        browser,
        &format!("#journal-mine span[data-assignment-id='{}']", s.assignment),
    )
    .await?;
    wait_text(browser, "#journal-title", "7А — Алгебра").await?;
    let url = browser.current_url().await?;
    ensure!(
        url.path() == format!("/journal/{}/{}", s.assignment, s.period),
        "the page opens on the current period: {url}"
    );
    // The grid takes the keyboard focus on its active cell; from there on, keys only.
    poll_until("the focus in the grid", UI_DEADLINE, || async {
        Ok(focused_id(browser)
            .await?
            .starts_with("cell-0-")
            .then_some(()))
    })
    .await?;
    let mut keys = Key::Home.to_string();
    for _ in 0..s.col {
        keys.push_str(&Key::Right);
    }
    type_keys(browser, &keys).await?;
    wait_focus(browser, &format!("cell-0-{}", s.col)).await?;

    // The lesson panel: arrow up to the column's header, Enter; topic, Tab, homework, Ctrl+Enter.
    type_keys(browser, &Key::Up).await?;
    wait_focus(browser, &format!("lesson-head-{}", s.col)).await?;
    type_keys(browser, &Key::Enter).await?;
    wait_focus(browser, "panel-topic").await?;
    type_keys(browser, JOURNAL_TOPIC).await?;
    type_keys(browser, &Key::Tab).await?;
    wait_focus(browser, "panel-homework").await?;
    type_keys(browser, JOURNAL_HOMEWORK).await?;
    type_keys(browser, &(Key::Control + &Key::Enter)).await?;
    wait_gone(browser, "#lesson-panel").await?;
    wait_focus(browser, &format!("cell-0-{}", s.col)).await?;

    // Down the column: a mark for each student, two absences; «н» goes on to the next student as
    // a digit does (issue 12).
    for row in 0..s.students.len() {
        if ABSENT_ROWS.contains(&row) {
            type_keys(browser, "n").await?;
        } else {
            type_keys(browser, journal_mark(row)).await?;
        }
        let next = (row + 1).min(s.students.len() - 1);
        wait_focus(browser, &format!("cell-{next}-{}", s.col)).await?;
    }
    type_keys(browser, &Key::Enter).await?;
    poll_until("the journal saved", UI_DEADLINE, || async {
        let saved = !browser
            .find_all(Locator::Css("#journal-status[data-saved='true']"))
            .await?
            .is_empty();
        let pending = browser
            .find_all(Locator::Css("#journal-grid td.pending"))
            .await?
            .len();
        Ok((saved && pending == 0).then_some(()))
    })
    .await?;
    screenshot(browser, "journal-grid.png").await?;

    // After a reload the page shows what was saved.
    browser.refresh().await?;
    wait_text(browser, "#journal-title", "7А — Алгебра").await?;
    for row in 0..s.students.len() {
        let want = if ABSENT_ROWS.contains(&row) {
            "н"
        } else {
            journal_mark(row)
        };
        let got = text_of(browser, &format!("#cell-{row}-{}", s.col)).await?;
        ensure!(got.trim() == want, "row {row}: {got:?}, expected {want:?}");
    }
    let head = browser
        .find(Locator::Css(&format!("#lesson-head-{}", s.col)))
        .await?
        .attr("title")
        .await?
        .unwrap_or_default();
    ensure!(
        head.contains(JOURNAL_TOPIC),
        "the column names its topic: {head}"
    );
    screenshot(browser, "journal-reloaded.png").await?;
    Ok(())
}

/// What the server stored, read through the API.
async fn journal_api_checks(base: &str, s: &JournalSetup) -> Result<()> {
    let mut client = Client::new(base);
    let tokens = client.login("teacher", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let page = client.journal_page(s.assignment, s.period).await?.page;
    let lesson = page
        .lessons
        .iter()
        .find(|l| l.entry_id == s.entry && l.lesson_date == s.date)
        .context("the lesson is on the page")?;
    ensure!(lesson.topic.as_deref() == Some(JOURNAL_TOPIC), "{lesson:?}");
    ensure!(
        lesson.homework.as_deref() == Some(JOURNAL_HOMEWORK),
        "{lesson:?}"
    );
    for (row, student) in s.students.iter().enumerate() {
        let st = page
            .students
            .iter()
            .find(|x| x.id == *student)
            .context("the student is on the page")?;
        let marks: Vec<&str> = st
            .marks
            .iter()
            .filter(|m| m.entry_id == s.entry && m.lesson_date == s.date)
            .map(|m| m.value.as_str())
            .collect();
        let absent = st
            .attendance
            .iter()
            .any(|a| a.entry_id == s.entry && a.lesson_date == s.date && a.status == "absent");
        if ABSENT_ROWS.contains(&row) {
            ensure!(absent && marks.is_empty(), "row {row}: {st:?}");
        } else {
            ensure!(!absent && marks == [journal_mark(row)], "row {row}: {st:?}");
            ensure!(st.forecast.average.is_some(), "row {row} has an average");
        }
    }
    Ok(())
}

/// The journal on a phone (issue 12): short names in a narrow column, a tap on a cell opens the
/// mark picker; a 5 for the first student and «н» for the second by taps, saved, and still there
/// after a reload.
async fn phone_scenario(browser: &Browser, base: &str, s: &JournalSetup) -> Result<()> {
    browser.set_window_size(390, 844).await?;
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    nav_to(browser, "/journal").await?;
    click_in_view(
        browser,
        &format!("#journal-mine span[data-assignment-id='{}']", s.assignment),
    )
    .await?;
    wait_text(browser, "#journal-title", "7А — Алгебра").await?;
    no_sideways_scroll(browser, "the journal page at 390 px").await?;
    screenshot(browser, "phone-journal-01-grid-390px.png").await?;

    let first = format!("#cell-0-{}", s.col);
    click_in_view(browser, &first).await?;
    wait_text(browser, "#mark-picker", "").await?;
    screenshot(browser, "phone-journal-02-picker-390px.png").await?;
    click(browser, "#mark-picker button[data-key='5']").await?;
    // The picker goes on to the next student.
    poll_until("the picker on the second student", UI_DEADLINE, || async {
        Ok((focused_id(browser).await? == format!("cell-1-{}", s.col)).then_some(()))
    })
    .await?;
    click(browser, "#mark-picker button[data-key='н']").await?;
    click(browser, "#mark-picker-close").await?;
    wait_gone(browser, "#mark-picker").await?;
    click_in_view(browser, "#journal-save").await?;
    poll_until("the journal saved", UI_DEADLINE, || async {
        Ok((!browser
            .find_all(Locator::Css("#journal-status[data-saved='true']"))
            .await?
            .is_empty())
        .then_some(()))
    })
    .await?;
    screenshot(browser, "phone-journal-03-saved-390px.png").await?;

    browser.refresh().await?;
    wait_text(browser, "#journal-title", "7А — Алгебра").await?;
    wait_text(browser, &format!("{first} .mark.m5"), "5").await?;
    wait_text(browser, &format!("#cell-1-{} .att", s.col), "н").await?;
    screenshot(browser, "phone-journal-04-reloaded-390px.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn the_journal_on_a_phone_takes_marks_by_taps() -> Result<()> {
    let server = Server::start("phone-journal-").await?;
    println!("journal serve at {}", server.base);
    let today = journal_e2e::demo_today();
    let setup = journal_setup(&server.base, today).await?;
    let (base, s) = (&server.base, &setup);
    in_browser("phone-journal-", |b| async move {
        phone_scenario(&b, base, s).await
    })
    .await?;
    // The server has them: the mark and the absence, as the taps put them.
    let client = journal_e2e::api::client_as(&server.base, "teacher").await?;
    let page = client
        .journal_page(setup.assignment, setup.period)
        .await?
        .page;
    let here = |entry: Uuid, date: NaiveDate| entry == setup.entry && date == setup.date;
    let first = page
        .students
        .iter()
        .find(|x| x.id == setup.students[0])
        .context("first")?;
    let second = page
        .students
        .iter()
        .find(|x| x.id == setup.students[1])
        .context("second")?;
    ensure!(
        first
            .marks
            .iter()
            .any(|m| here(m.entry_id, m.lesson_date) && m.value == "5"),
        "the 5 is saved"
    );
    ensure!(
        second
            .attendance
            .iter()
            .any(|a| here(a.entry_id, a.lesson_date) && a.status == "absent"),
        "the absence is saved"
    );
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn journal_grid_end_to_end() -> Result<()> {
    let server = Server::start("journal-").await?;
    println!("journal serve at {}", server.base);
    let today = journal_e2e::demo_today();
    let setup = journal_setup(&server.base, today).await?;

    let (base, s) = (&server.base, &setup);
    in_browser("journal-", |b| async move {
        journal_scenario(&b, base, s).await
    })
    .await?;
    journal_api_checks(&server.base, &setup).await
}

/// The class teacher of the demo's 5А.
const FINALS_CLASS_TEACHER: &str = "volkova.id";

/// The demo's 5А, where the demo teacher's first page holds the demo's liquidated debt and deferral
/// (R-F3, R-F4): its id and what its summary sheet holds, read by its class teacher through the API.
struct FinalsSetup {
    class: Uuid,
    /// A student with the demo's liquidated debt (R-F4) and one with a deferral (R-F3).
    liquidated: Uuid,
    deferred: Uuid,
}

async fn finals_setup(base: &str) -> Result<FinalsSetup> {
    let mut client = Client::new(base);
    let tokens = client.login(FINALS_CLASS_TEACHER, DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let me = client.me().await?;
    ensure!(
        me.led_classes == ["5А"],
        "{FINALS_CLASS_TEACHER} leads 5А: {:?}",
        me.led_classes
    );
    let class = client
        .list_classes(&ClassFilter { year_id: None })
        .await?
        .into_iter()
        .find(|c| c.name == "5А")
        .context("the demo has 5А")?;
    let sheet = client.summary_sheet(class.id).await?;
    let with = |f: &dyn Fn(&journal_api_types::journal::SummaryFinal) -> bool| {
        sheet
            .students
            .iter()
            .find(|s| s.finals.iter().any(f))
            .map(|s| s.student_id)
    };
    let liquidated = with(&|f| f.liquidation && f.value.is_some())
        .context("the 5А sheet shows the demo's liquidated debt")?;
    let deferred =
        with(&|f| f.deferred_until.is_some()).context("the 5А sheet shows the demo's deferral")?;
    // Another class's sheet is not hers.
    let other = client
        .list_classes(&ClassFilter { year_id: None })
        .await?
        .into_iter()
        .find(|c| c.name == "5Б")
        .context("the demo has 5Б")?;
    match client.summary_sheet(other.id).await {
        Err(e) => ensure!(e.status() == Some(403), "5Б's sheet: {e}"),
        Ok(_) => bail!("the 5А class teacher read 5Б's summary sheet"),
    }
    Ok(FinalsSetup {
        class: class.id,
        liquidated,
        deferred,
    })
}

async fn settings_and_finals_scenario(
    browser: &Browser,
    base: &str,
    s: &FinalsSetup,
) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    // The deputy changes a rounding threshold and a work type's weight.
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Настройки журнала").await?;
    click(browser, "#main-nav a[href='/journal-settings']").await?;
    wait_value(browser, "#settings-four", "3,5").await?;
    fill(browser, "#settings-four", "3,6").await?;
    fill(browser, "#settings-min-marks", "4").await?;
    click(browser, "#settings-general-save").await?;
    wait_text(browser, "#settings-general-saved", "Настройки сохранены").await?;
    wait_value(browser, "#wt-weight-control", "2").await?;
    fill(browser, "#wt-weight-control", "2,5").await?;
    click_in_view(browser, "#wt-save-control").await?;
    wait_text(
        browser,
        "#work-types-status",
        "Сохранено: Контрольная работа",
    )
    .await?;
    // A refused value is explained in Russian and not saved.
    fill(browser, "#settings-three", "3,7").await?;
    click(browser, "#settings-general-save").await?;
    wait_text(
        browser,
        "#settings-thresholds-error",
        "Пороги должны возрастать",
    )
    .await?;
    screenshot(browser, "journal-settings.png").await?;

    // After a reload the screen shows what was saved.
    browser.refresh().await?;
    wait_value(browser, "#settings-four", "3,6").await?;
    wait_value(browser, "#settings-three", "2,5").await?;
    wait_value(browser, "#settings-min-marks", "4").await?;
    wait_value(browser, "#wt-weight-control", "2,5").await?;
    sign_out(browser).await?;

    // The class teacher of 5А opens the summary sheet of her class.
    sign_in(browser, FINALS_CLASS_TEACHER, DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Сводная ведомость").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav a[href='/journal-settings']"))
            .await?
            .is_empty(),
        "a teacher has no journal settings in the menu"
    );
    click(browser, "#main-nav a[href='/finals']").await?;
    wait_text(browser, "#finals-title", "5А").await?;
    let url = browser.current_url().await?;
    ensure!(
        url.path() == format!("/finals/{}", s.class),
        "a class teacher of one class goes straight to its sheet: {url}"
    );
    let row = |id: Uuid| format!("#finals-sheet tr[data-student-id='{id}']");
    wait_text(
        browser,
        &format!("{} td[data-liquidation='true']", row(s.liquidated)),
        "ликв.",
    )
    .await?;
    wait_text(
        browser,
        &format!("{} td.deferred", row(s.deferred)),
        "отл. до",
    )
    .await?;
    let marks = browser
        .find_all(Locator::Css("#finals-sheet td.fin[data-value]"))
        .await?
        .len();
    ensure!(marks > 20, "the sheet shows the demo's finals: {marks}");
    wait_text(browser, "#finals-legend", "ликвидирована").await?;
    screenshot(browser, "finals-sheet.png").await?;
    Ok(())
}

/// What the deputy saved, read back through the API.
async fn settings_api_checks(base: &str) -> Result<()> {
    let mut client = Client::new(base);
    let tokens = client.login("deputy", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let settings = client.journal_settings().await?;
    ensure!(
        (settings.thresholds.four - 3.6).abs() < 1e-9
            && (settings.thresholds.three - 2.5).abs() < 1e-9,
        "{:?}",
        settings.thresholds
    );
    ensure!(settings.min_marks_per_period == 4, "{settings:?}");
    let control = settings
        .work_types
        .iter()
        .find(|w| w.code == "control")
        .context("the control work type")?;
    ensure!((control.weight - 2.5).abs() < 1e-9, "{control:?}");
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn journal_settings_and_finals_end_to_end() -> Result<()> {
    let server = Server::start("finals-").await?;
    println!("journal serve at {}", server.base);
    let setup = finals_setup(&server.base).await?;

    let (base, s) = (&server.base, &setup);
    in_browser("finals-", |b| async move {
        settings_and_finals_scenario(&b, base, s).await
    })
    .await?;
    settings_api_checks(&server.base).await
}
