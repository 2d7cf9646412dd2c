//! Diary access for a whole class on a phone (R-S1, issue 12): the class teacher of 7А issues
//! access in one step and downloads the slips as a PDF; a parent signs in with a slip, fails the
//! new password once, signs in again with the same slip and finishes.

use anyhow::{ensure, Context, Result};
use fantoccini::Client as Browser;
use journal_e2e::browser::{
    click, click_in_view, downloaded, fill, forget_download, no_sideways_scroll, pdf_text,
    screenshot, sign_in, sign_out, wait_text,
};
use journal_e2e::{in_browser, poll_until, Server, DEMO_PASSWORD, UI_DEADLINE};

/// A slip as the page shows it.
struct ShownSlip {
    login: String,
    password: String,
}

async fn shown_slips(browser: &Browser) -> Result<Vec<ShownSlip>> {
    let v = browser
        .execute(
            "return Array.from(document.querySelectorAll('#access-slips .slip')).map(s => [
                s.querySelector('.slip-login').textContent.trim(),
                s.querySelector('.slip-password').textContent.trim()]);",
            vec![],
        )
        .await?;
    let rows = v.as_array().context("the slips are a list")?;
    rows.iter()
        .map(|r| {
            let text = |i: usize| r[i].as_str().map(str::to_owned).context("a slip's text");
            Ok(ShownSlip {
                login: text(0)?,
                password: text(1)?,
            })
        })
        .collect()
}

async fn class_access_on_a_phone(browser: &Browser, base: &str) -> Result<()> {
    browser.set_window_size(390, 844).await?;
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#user-name", "").await?;

    // The class teacher's students list opens on 7А, with the class's diary access.
    browser.goto(&format!("{base}/students")).await?;
    wait_text(browser, "#students-table", "").await?;
    click_in_view(browser, ".students-class-access").await?;
    wait_text(browser, "#class-access-title", "7А").await?;
    wait_text(browser, "#class-access-table", "нет доступа").await?;
    no_sideways_scroll(browser, "the class's diary access at 390 px").await?;
    screenshot(browser, "access-01-class-390px.png").await?;

    // One step for the whole class: a slip per guardian with consent.
    click_in_view(browser, "#class-access-issue").await?;
    wait_text(browser, "#access-slips-title", "Листки с доступом").await?;
    let slips = shown_slips(browser).await?;
    ensure!(
        slips.len() >= 20,
        "a slip for each family of 7А: {}",
        slips.len()
    );
    screenshot(browser, "access-02-slips-390px.png").await?;

    // The PDF to cut holds every login issued.
    let pdf_name = "Доступ к дневнику 7А.pdf";
    forget_download(pdf_name)?;
    click_in_view(browser, "#access-pdf").await?;
    let pdf = downloaded(pdf_name).await?;
    let text = pdf_text(&pdf)?;
    for s in &slips {
        ensure!(text.contains(&s.login), "the PDF holds {}", s.login);
        ensure!(
            text.contains(&s.password),
            "the PDF holds {}'s password",
            s.login
        );
    }
    ensure!(
        text.contains(base),
        "the PDF gives the site's address {base}"
    );
    sign_out(browser).await?;

    // A parent with the slip: the first new password is refused…
    let slip = &slips[0];
    sign_in(browser, &slip.login, &slip.password).await?;
    wait_text(browser, "#change-password-submit", "Сменить пароль").await?;
    screenshot(browser, "access-03-first-sign-in-390px.png").await?;
    fill(browser, "#current-password", &slip.password).await?;
    fill(browser, "#new-password", &slip.login).await?;
    fill(browser, "#new-password-repeat", &slip.login).await?;
    click(browser, "#change-password-submit").await?;
    wait_text(browser, "#password-error", "").await?;
    screenshot(browser, "access-04-password-refused-390px.png").await?;
    // …the parent gives up for now, and comes back with the same slip.
    click(browser, "#password-logout").await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    sign_in(browser, &slip.login, &slip.password).await?;
    wait_text(browser, "#change-password-submit", "Сменить пароль").await?;
    let own = "вечерний звон над рекой 7";
    fill(browser, "#current-password", &slip.password).await?;
    fill(browser, "#new-password", own).await?;
    fill(browser, "#new-password-repeat", own).await?;
    click(browser, "#change-password-submit").await?;
    poll_until("the child's diary", UI_DEADLINE, || async {
        Ok((browser.current_url().await?.path().starts_with("/diary/")).then_some(()))
    })
    .await?;
    wait_text(browser, "#diary-student", "").await?;
    screenshot(browser, "access-05-diary-390px.png").await?;

    // The class teacher sees the parent using the diary now.
    sign_out(browser).await?;
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#user-name", "").await?;
    browser.goto(&format!("{base}/students")).await?;
    click_in_view(browser, ".students-class-access").await?;
    wait_text(browser, "#class-access-table", "пользуется дневником").await?;
    screenshot(browser, "access-06-in-use-390px.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn a_class_teacher_gives_a_class_diary_access_on_a_phone() -> Result<()> {
    let server = Server::start("access-").await?;
    println!("journal serve at {}", server.base);
    let base = &server.base;
    in_browser("access-", |b| async move {
        class_access_on_a_phone(&b, base).await
    })
    .await
}
