//! People and planning: the secretary imports a students file (R-B5, R-B6, R-A8); the deputy
//! plans control works, one a day per class (R-T3, R-A6).

use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use fantoccini::{Client as Browser, Locator};
use journal_api_types::people::StudentFilter;
use journal_api_types::planning::ControlWorkFilter;
use journal_api_types::structure::ClassFilter;
use journal_client::Client;
use journal_e2e::api::{teaching_day, year_for_today};
use journal_e2e::browser::{
    choose_file, click, fill, screenshot, select, set_date, sign_in, sign_out, text_of,
    wait_enabled, wait_gone, wait_text, write_upload,
};
use journal_e2e::{in_browser, Server, DEMO_PASSWORD};

/// A students file for the secretary's import: the header, a good row and the third line as given.
fn students_csv(third_line: &str) -> String {
    format!(
        "Фамилия;Имя;Отчество;Дата рождения;Класс;Дата зачисления\n\
         Тестова;Алиса;Игоревна;12.03.2015;5А;\n\
         {third_line}\n"
    )
}

/// Students named `last_name` through the secretary's API session.
async fn students_named(client: &Client, last_name: &str) -> Result<i64> {
    let filter = StudentFilter {
        q: Some(last_name.to_owned()),
        ..StudentFilter::default()
    };
    Ok(client.list_students(&filter).await?.total)
}

/// The secretary imports a students file: the check lists the bad row and writes nothing; the
/// fixed file imports and the new student is in «Ученики» (R-B5, R-B6, R-A8).
async fn import_scenario(browser: &Browser, base: &str) -> Result<()> {
    let mut secretary = Client::new(base);
    let tokens = secretary.login("secretary", DEMO_PASSWORD).await?;
    secretary.set_access_token(Some(tokens.access_token));
    ensure!(
        students_named(&secretary, "Тестова").await? == 0,
        "the demo has no student named Тестова"
    );

    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "secretary", DEMO_PASSWORD).await?;
    click(browser, "#main-nav a[href='/import']").await?;
    wait_text(browser, "#import-page h1", "Импорт").await?;
    select(browser, "#import-kind", "students").await?;

    // 31 February is no date: line 3 is bad.
    let bad = write_upload(
        "students-bad.csv",
        &students_csv("Ошибкин;Пётр;;31.02.2014;5А;"),
    )?;
    choose_file(browser, "#import-file", &bad).await?;
    wait_text(browser, "#import-file-hint", "students-bad.csv").await?;
    click(browser, "#import-check").await?;
    wait_text(browser, "#import-summary", "с ошибками — 1").await?;
    let row = text_of(browser, "#import-problems tr[data-line='3']").await?;
    ensure!(
        row.contains("Дата рождения") && row.contains("Не дата"),
        "the report names line 3, its column and the reason: {row:?}"
    );
    wait_enabled(browser, "#import-run", false).await?;
    screenshot(browser, "30-import-dry-run-bad-row.png").await?;
    ensure!(
        students_named(&secretary, "Тестова").await? == 0,
        "a dry run writes nothing"
    );

    // The fixed file: checked clean, then imported.
    let good = write_upload(
        "students-good.csv",
        &students_csv("Ошибкин;Пётр;;28.02.2014;5А;"),
    )?;
    choose_file(browser, "#import-file", &good).await?;
    wait_text(browser, "#import-file-hint", "students-good.csv").await?;
    wait_gone(browser, "#import-report").await?;
    wait_enabled(browser, "#import-run", false).await?;
    click(browser, "#import-check").await?;
    wait_text(browser, "#import-summary", "Ошибок нет").await?;
    wait_enabled(browser, "#import-run", true).await?;
    click(browser, "#import-run").await?;
    wait_text(browser, "#import-summary", "Загружено записей: 2").await?;
    screenshot(browser, "31-import-done.png").await?;
    ensure!(
        students_named(&secretary, "Тестова").await? == 1,
        "the import wrote the student"
    );

    // The new student in «Ученики», and her card with the admission.
    click(browser, "#main-nav a[href='/students']").await?;
    wait_text(browser, "#students h1", "Ученики").await?;
    fill(browser, "#students-q", "Тестова").await?;
    click(browser, "#students-search").await?;
    wait_text(browser, "#students-table", "Тестова Алиса Игоревна").await?;
    wait_gone(browser, "#students-table tr.student-row:nth-of-type(2)").await?;
    screenshot(browser, "32-students-search.png").await?;
    click(browser, "#students-table a.student-link").await?;
    wait_text(browser, "#student-name", "Тестова Алиса Игоревна").await?;
    wait_text(browser, "#student-class", "5А").await?;
    wait_text(browser, "#movements-table", "Зачисление").await?;
    screenshot(browser, "33-student-card.png").await?;
    sign_out(browser).await
}

/// The deputy plans a control work for 5А; a second one the same day is refused and the page
/// names the first (R-T3, R-A6).
async fn control_work_scenario(browser: &Browser, base: &str, today: NaiveDate) -> Result<()> {
    let mut deputy = Client::new(base);
    let tokens = deputy.login("deputy", DEMO_PASSWORD).await?;
    deputy.set_access_token(Some(tokens.access_token));
    let year = year_for_today(&deputy, today).await?;
    let class = deputy
        .list_classes(&ClassFilter {
            year_id: Some(year.year.id),
        })
        .await?
        .into_iter()
        .find(|c| c.name == "5А")
        .context("the demo has 5А this year")?;
    let subject = deputy
        .list_subjects()
        .await?
        .into_iter()
        .find(|s| s.name == "Математика")
        .context("the demo teaches Математика")?;
    let day = (1..120)
        .map(|n| today + chrono::Duration::days(n))
        .find(|d| teaching_day(&year, *d))
        .context("a teaching day in the next months")?;
    let planned = deputy
        .list_control_works(&ControlWorkFilter {
            class_id: class.id,
            from: day,
            to: day,
        })
        .await?;
    ensure!(planned.is_empty(), "5А has no control work on {day} yet");
    let title = "Контрольная работа № 1 «Дроби»";

    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    click(browser, "#main-nav a[href='/control-works']").await?;
    wait_text(browser, "#control-works h1", "Контрольные работы").await?;
    select(browser, "#cw-class", &class.id.to_string()).await?;
    set_date(browser, "#cw-from", day - chrono::Duration::days(1)).await?;
    set_date(browser, "#cw-to", day + chrono::Duration::days(6)).await?;
    wait_text(browser, "#cw-table caption", "5А").await?;
    select(browser, "#cw-subject", &subject.id.to_string()).await?;
    set_date(browser, "#cw-date", day).await?;
    fill(browser, "#cw-title", title).await?;
    // Enter in a field submits the form.
    browser
        .find(Locator::Css("#cw-title"))
        .await?
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await?;
    wait_text(browser, "#cw-created", "Назначена").await?;
    let iso_day = day.format("%Y-%m-%d").to_string();
    wait_text(
        browser,
        &format!("#cw-table tr[data-date='{iso_day}']"),
        title,
    )
    .await?;
    screenshot(browser, "34-control-work-planned.png").await?;

    // The same day again: refused, and the page says which work is already there.
    fill(browser, "#cw-title", "Диктант").await?;
    click(browser, "#cw-submit").await?;
    wait_text(browser, "#cw-error", "уже есть контрольная").await?;
    wait_text(browser, "#cw-error", title).await?;
    screenshot(browser, "35-control-work-limit.png").await?;
    let planned = deputy
        .list_control_works(&ControlWorkFilter {
            class_id: class.id,
            from: day,
            to: day,
        })
        .await?;
    ensure!(
        planned.len() == 1 && planned[0].title == title,
        "one control work is stored: {planned:?}"
    );
    sign_out(browser).await
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn people_import_and_control_works_end_to_end() -> Result<()> {
    let server = Server::start("people-").await?;
    println!("journal serve at {}", server.base);
    let today = journal_e2e::demo_today();

    let base = &server.base;
    in_browser("people-", |b| async move {
        import_scenario(&b, base).await?;
        control_work_scenario(&b, base, today).await
    })
    .await
}
