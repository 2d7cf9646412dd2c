//! Accounts and sessions: sign-in checks through the typed client, then the SPA: sign-in, the
//! two languages, users and one-time passwords, the forced and the voluntary password change, the
//! audit log, signing out everywhere (R-S4, R-S5), a rotated signing key and sessions ended from
//! elsewhere.

use anyhow::{ensure, Result};
use fantoccini::{Client as Browser, Locator};
use journal_api_types::users::UserFilter;
use journal_client::{Client, ClientError};
use journal_e2e::browser::{
    click, fill, nav_to, screenshot, sign_in, text_of, wait_gone, wait_text,
};
use journal_e2e::{in_browser, Server, DEMO_PASSWORD, DEMO_SCHOOL, JWT_SECRET_ROTATED};

/// API checks through the typed client.
async fn api_checks(base: &str) -> Result<()> {
    let mut client = Client::new(base);

    let health = client.health().await?;
    assert_eq!(health.status, "ok", "health: {health:?}");
    assert_eq!(health.database, "sqlite", "health: {health:?}");

    // R-S4: one answer for a wrong password and for an unknown login.
    for (login, password) in [
        ("admin", "not-the-password"),
        ("nobody-here", DEMO_PASSWORD),
    ] {
        match client.login(login, password).await {
            Err(ClientError::Api(problem)) => {
                assert_eq!(problem.status, 401, "{login}: {problem:?}");
                assert_eq!(problem.code, "invalid_credentials", "{login}: {problem:?}");
            }
            other => panic!("login {login}/{password} should be refused, got {other:?}"),
        }
    }

    let tokens = client.login("admin", DEMO_PASSWORD).await?;
    assert!(
        !tokens.must_change_password,
        "the demo admin has a permanent password"
    );
    client.set_access_token(Some(tokens.access_token));
    let me = client.me().await?;
    assert_eq!(me.school_name, DEMO_SCHOOL);
    assert_eq!(me.login, "admin");

    for demo in [
        "admin",
        "director",
        "deputy",
        "secretary",
        "teacher",
        "parent",
        "student",
    ] {
        let filter = UserFilter {
            q: Some(demo.to_owned()),
            ..UserFilter::default()
        };
        let found = client.list_users(&filter).await?;
        assert!(
            found.items.iter().any(|u| u.login == demo),
            "demo account {demo} is listed: {found:?}"
        );
    }
    client.logout(&tokens.refresh_token).await?;
    Ok(())
}

/// The SPA, driven like a person would.
async fn browser_scenario(browser: &Browser, server: &mut Server) -> Result<()> {
    let base = server.base.clone();
    let base = base.as_str();
    // Sign-in page, in Russian by default.
    browser.goto(&format!("{base}/")).await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    ensure!(
        browser.current_url().await?.path() == "/login",
        "signed out, `/` goes to /login"
    );
    screenshot(browser, "01-login.png").await?;

    // A wrong password: the translated problem.
    sign_in(browser, "admin", "wrong-password").await?;
    wait_text(browser, "#login-error", "Неверный логин или пароль").await?;

    // The demo admin.
    sign_in(browser, "admin", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    wait_text(browser, "#user-roles", "Администратор").await?;
    wait_text(browser, "#logout", "Выйти").await?;
    wait_text(browser, "#main-nav", "Журнал аудита").await?;
    screenshot(browser, "02-home-ru.png").await?;

    // English and back; the choice is kept in localStorage.
    click(browser, "#lang-switch").await?;
    wait_text(browser, "#logout", "Log out").await?;
    wait_text(browser, "#lang-switch", "Русский").await?;
    wait_text(browser, "#main-nav", "Users").await?;
    screenshot(browser, "03-home-en.png").await?;
    click(browser, "#lang-switch").await?;
    wait_text(browser, "#logout", "Выйти").await?;

    // A reload keeps the session of this tab (refresh token in sessionStorage).
    browser.refresh().await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;

    // An unknown address.
    browser.goto(&format!("{base}/no-such-page")).await?;
    wait_text(browser, "#not-found", "Страница не найдена").await?;

    // Users: create an account and read its one-time password.
    nav_to(browser, "/users").await?;
    text_of(browser, "#users-table tbody tr").await?;
    fill(browser, "#users-q", "director").await?;
    click(browser, "#users-search").await?;
    wait_text(browser, "#users-table tbody", "Директор").await?;
    fill(browser, "#new-user-last-name", "Смирнова").await?;
    fill(browser, "#new-user-first-name", "Анна").await?;
    fill(browser, "#new-user-middle-name", "Сергеевна").await?;
    fill(browser, "#new-user-login", "e2e.smirnova").await?;
    click(browser, "#new-user-role-teacher").await?;
    click(browser, "#new-user-submit").await?;
    let one_time = text_of(browser, "#initial-password")
        .await?
        .trim()
        .to_owned();
    ensure!(!one_time.is_empty(), "the one-time password is shown");
    wait_text(browser, "#initial-password-expires", "Действует до").await?;
    screenshot(browser, "04-initial-password.png").await?;
    fill(browser, "#users-q", "e2e.smirnova").await?;
    click(browser, "#users-search").await?;
    wait_text(
        browser,
        "tr[data-login='e2e.smirnova']",
        "Ожидает первого входа",
    )
    .await?;
    screenshot(browser, "05-user-listed.png").await?;

    // The same login again: the field error.
    fill(browser, "#new-user-last-name", "Смирнова").await?;
    fill(browser, "#new-user-first-name", "Анна").await?;
    fill(browser, "#new-user-login", "e2e.smirnova").await?;
    click(browser, "#new-user-role-teacher").await?;
    click(browser, "#new-user-submit").await?;
    wait_text(browser, "#new-user-login-error", "уже занят").await?;

    // The audit log shows the creation, translated.
    nav_to(browser, "/audit").await?;
    wait_text(browser, "#audit-table", "Создание учётной записи").await?;
    click(
        browser,
        "#audit-table tbody tr:first-child button[aria-expanded]",
    )
    .await?;
    wait_text(browser, "#audit-table .detail-row", "e2e.smirnova").await?;
    screenshot(browser, "06-audit.png").await?;

    // Sign out.
    click(browser, "#logout").await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    wait_gone(browser, "#school-name").await?;
    screenshot(browser, "07-logged-out.png").await?;

    // The new person signs in with the one-time password and must choose a password first.
    sign_in(browser, "e2e.smirnova", &one_time).await?;
    wait_text(browser, "#change-password-submit", "Сменить пароль").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav"))
            .await?
            .is_empty(),
        "nothing but the password change is shown"
    );
    ensure!(
        browser.current_url().await?.path() == "/password",
        "the forced password change lives at /password"
    );
    screenshot(browser, "08-forced-password.png").await?;

    // A common password is refused with a translated reason.
    fill(browser, "#current-password", &one_time).await?;
    fill(browser, "#new-password", "qwerty123").await?;
    fill(browser, "#new-password-repeat", "qwerty123").await?;
    click(browser, "#change-password-submit").await?;
    wait_text(browser, "#password-error", "распространён").await?;

    let own_password = "тихий вечер на Оке 2025";
    fill(browser, "#current-password", &one_time).await?;
    fill(browser, "#new-password", own_password).await?;
    fill(browser, "#new-password-repeat", own_password).await?;
    click(browser, "#change-password-submit").await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    wait_text(browser, "#user-roles", "Учитель").await?;
    wait_text(browser, "#user-name", "Смирнова Анна Сергеевна").await?;
    wait_text(browser, "#welcome", "Анна Сергеевна").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav a[href='/users']"))
            .await?
            .is_empty(),
        "a teacher does not get the users section"
    );
    screenshot(browser, "09-new-user-home.png").await?;

    // The one-time password is spent; the new one works through the API too.
    let client = Client::new(base);
    match client.login("e2e.smirnova", &one_time).await {
        Err(ClientError::Api(problem)) => assert_eq!(problem.status, 401, "{problem:?}"),
        other => panic!("the one-time password must be spent, got {other:?}"),
    }
    let tokens = client.login("e2e.smirnova", own_password).await?;
    ensure!(
        !tokens.must_change_password,
        "the new password is permanent"
    );

    // A voluntary change from the profile, then the profile on a phone-sized window.
    nav_to(browser, "/profile").await?;
    click(browser, "#profile-change-password").await?;
    let second_password = "другой пароль для проверки";
    fill(browser, "#current-password", own_password).await?;
    fill(browser, "#new-password", second_password).await?;
    fill(browser, "#new-password-repeat", second_password).await?;
    click(browser, "#change-password-submit").await?;
    wait_text(browser, "#password-success", "Пароль изменён").await?;
    browser.set_window_size(375, 812).await?;
    nav_to(browser, "/profile").await?;
    wait_text(browser, "#profile-login", "e2e.smirnova").await?;
    screenshot(browser, "10-profile-375px.png").await?;

    // Signing out everywhere ends the API session opened above as well (R-S5).
    click(browser, "#logout-all").await?;
    browser.accept_alert().await?;
    wait_text(browser, "#login-notice", "на всех устройствах").await?;
    let mut other_device = Client::new(base);
    other_device.set_access_token(Some(tokens.access_token));
    match other_device.me().await {
        Err(ClientError::Api(problem)) => assert_eq!(problem.status, 401, "{problem:?}"),
        other => panic!("the other session must have ended, got {other:?}"),
    }
    match client.refresh(&tokens.refresh_token).await {
        Err(ClientError::Api(problem)) => assert_eq!(problem.status, 401, "{problem:?}"),
        other => panic!("the other refresh token must have ended, got {other:?}"),
    }

    // The users list on a phone: rows become cards.
    sign_in(browser, "admin", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    nav_to(browser, "/users").await?;
    fill(browser, "#users-q", "e2e").await?;
    click(browser, "#users-search").await?;
    wait_text(browser, "#users-table tbody", "e2e.smirnova").await?;
    let table = browser.find(Locator::Css("#users-table")).await?;
    browser
        .execute(
            "arguments[0].scrollIntoView({block: 'start'});",
            vec![serde_json::to_value(&table)?],
        )
        .await?;
    screenshot(browser, "11-users-375px.png").await?;
    browser.set_window_size(1280, 900).await?;

    // The server restarts with another signing key: the SPA's access token is refused with
    // `401 invalid_token`; the SPA refreshes once, repeats the call and carries on.
    server.restart_with_secret(JWT_SECRET_ROTATED).await?;
    nav_to(browser, "/audit").await?;
    wait_text(browser, "#audit-table", "Вход в систему").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#login-form"))
            .await?
            .is_empty(),
        "the session survives a refused access token"
    );

    // The admin's sessions are ended from elsewhere: the SPA's next call is refused, its refresh
    // too, and it returns to the sign-in page saying why.
    let mut elsewhere = Client::new(base);
    let admin = elsewhere.login("admin", DEMO_PASSWORD).await?;
    elsewhere.set_access_token(Some(admin.access_token));
    elsewhere.logout_all().await?;
    nav_to(browser, "/users").await?;
    wait_text(browser, "#login-notice", "Сеанс завершён").await?;
    wait_gone(browser, "#main-nav").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn journal_end_to_end() -> Result<()> {
    let mut server = Server::start("").await?;
    println!("journal serve at {}", server.base);

    api_checks(&server.base).await?;

    let server = &mut server;
    in_browser("", |browser| async move {
        let outcome = browser_scenario(&browser, server).await;
        server.ensure_running()?;
        outcome
    })
    .await
}
