//! Sessions and compromised credentials (R-S5, R-S6): the teacher, also signed in elsewhere, opens
//! the profile, sees this session as «Текущий сеанс» and ends the other one; the admin reports the
//! teacher's password compromised on the users page and gets a new one-time password; the deputy
//! opens «Компрометации» and the report with the teacher's operations; the secretary reports their
//! own password and lands on the sign-in page told what to do.

use anyhow::{ensure, Result};
use journal_client::{Client, ClientError};
use journal_e2e::browser::{
    click, click_in_view, fill, nav_to, no_sideways_scroll, screenshot, sign_in, sign_out, text_of,
    wait_text,
};
use journal_e2e::{in_browser, Server, DEMO_PASSWORD, DEMO_SCHOOL};

async fn scenario(browser: &fantoccini::Client, base: &str) -> Result<()> {
    // The teacher is signed in on another device too.
    let elsewhere = Client::new(base);
    let other = elsewhere.login("teacher", DEMO_PASSWORD).await?;

    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    nav_to(browser, "/profile").await?;
    wait_text(browser, "#sessions-title", "Сеансы и входы").await?;
    wait_text(
        browser,
        "#sessions-table tr[data-current='true'] .session-status",
        "Текущий сеанс",
    )
    .await?;
    wait_text(browser, "#sessions-table", "Активен").await?;
    screenshot(browser, "sessions-profile.png").await?;

    // «Завершить» on the other device's session: it ends, this one stays.
    click_in_view(browser, "#sessions-table button.end-session").await?;
    browser.accept_alert().await?;
    wait_text(browser, "#sessions-message", "Сеанс завершён").await?;
    wait_text(browser, "#sessions-table", "завершён вами").await?;
    match elsewhere.refresh(&other.refresh_token).await {
        Err(ClientError::Api(problem)) => ensure!(problem.status == 401, "{problem:?}"),
        other => anyhow::bail!("the other session must have ended, got {other:?}"),
    }
    wait_text(
        browser,
        "#sessions-table tr[data-current='true'] .session-status",
        "Текущий сеанс",
    )
    .await?;

    // The profile on a phone: the sessions read as cards, nothing wider than the window.
    browser.set_window_size(390, 844).await?;
    wait_text(browser, "#self-compromise-title", "Пароль мог попасть").await?;
    no_sideways_scroll(browser, "the profile with its sessions at 390 px").await?;
    screenshot(browser, "sessions-profile-390px.png").await?;
    browser.set_window_size(1280, 900).await?;
    sign_out(browser).await?;

    // The admin reports the teacher's password compromised and gets a one-time password.
    sign_in(browser, "admin", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    nav_to(browser, "/users").await?;
    fill(browser, "#users-q", "teacher").await?;
    click(browser, "#users-search").await?;
    click_in_view(browser, "tr[data-login='teacher'] .report-compromise").await?;
    wait_text(browser, "#compromise-title", "Пароль скомпрометирован").await?;
    click(browser, "#compromise-submit").await?;
    wait_text(browser, "#users-message", "Компрометация зарегистрирована").await?;
    let one_time = text_of(browser, "#initial-password")
        .await?
        .trim()
        .to_owned();
    ensure!(!one_time.is_empty(), "the new one-time password is shown");
    wait_text(browser, "#initial-password-user", "teacher").await?;
    screenshot(browser, "sessions-compromise-reported.png").await?;
    // The old password no longer works.
    match Client::new(base).login("teacher", DEMO_PASSWORD).await {
        Err(ClientError::Api(problem)) => ensure!(problem.status == 401, "{problem:?}"),
        other => anyhow::bail!("the old password must stop working, got {other:?}"),
    }
    sign_out(browser).await?;

    // The deputy finds the report under «Компрометации» and opens it.
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Компрометации").await?;
    nav_to(browser, "/compromises").await?;
    wait_text(
        browser,
        "#compromises-table tr[data-login='teacher']",
        "teacher",
    )
    .await?;
    screenshot(browser, "sessions-compromises.png").await?;
    click_in_view(
        browser,
        "#compromises-table tr[data-login='teacher'] a.compromise-account",
    )
    .await?;
    wait_text(browser, "#compromise-details", "teacher").await?;
    // The teacher's sign-ins in the window are listed, not reverted automatically.
    wait_text(browser, "#operations-table", "Вход в систему").await?;
    wait_text(browser, "#operations-table", "Не отменяется автоматически").await?;
    click_in_view(browser, "#revert-all").await?;
    browser.accept_alert().await?;
    let outcome = text_of(browser, "#revert-outcome").await?;
    ensure!(!outcome.trim().is_empty(), "the revert says what it did");
    screenshot(browser, "sessions-compromise-detail.png").await?;
    sign_out(browser).await?;

    // The secretary reports their own password: signed out at once, told what to do.
    sign_in(browser, "secretary", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    nav_to(browser, "/profile").await?;
    click_in_view(browser, "#self-compromise-open").await?;
    click_in_view(browser, "#self-compromise-submit").await?;
    wait_text(browser, "#self-compromise-error", "Подтвердите").await?;
    click_in_view(browser, "#self-compromise-understand").await?;
    click_in_view(browser, "#self-compromise-submit").await?;
    wait_text(browser, "#login-notice", "администратора").await?;
    screenshot(browser, "sessions-self-reported.png").await?;
    match Client::new(base).login("secretary", DEMO_PASSWORD).await {
        Err(ClientError::Api(problem)) => ensure!(problem.status == 401, "{problem:?}"),
        other => anyhow::bail!("the secretary's old password must stop working, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn sessions_are_listed_and_a_compromise_is_reported_and_reviewed() -> Result<()> {
    let server = Server::start("sessions-").await?;
    println!("journal serve at {}", server.base);
    let base = server.base.as_str();
    in_browser("sessions-", |b| async move { scenario(&b, base).await }).await
}
