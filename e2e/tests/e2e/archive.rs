//! The archive (R-P2, R-P5): the deputy opens «Архив» from the menu, where no package and no seal
//! key exist yet, writes the package of the quarter just over (the demo's «I четверть»; the
//! answer comes when the package is sealed), sees it on top of the list, checks it («Пакет цел»),
//! reads the seal key's fingerprint and downloads the key's page for the director's order. The
//! screen passes axe-core at desktop and phone sizes and fits a phone.

use anyhow::{bail, ensure, Context, Result};
use chrono::{Duration, NaiveDate};
use fantoccini::{Client as Browser, Locator};
use journal_e2e::api::client_as;
use journal_e2e::browser::{
    axe_violations, click_in_view, forget_download, nav_to, no_sideways_scroll, pdf_text,
    screenshot, select, sign_in, text_of, wait_path, wait_text, wait_value,
};
use journal_e2e::{downloads_dir, in_browser, poll_until, Server, DEMO_PASSWORD};
use uuid::Uuid;

/// How long the server gets to write and seal a quarter's package of the whole demo school, and
/// to check it (the release build takes up to a minute or so on a slow machine).
const ARCHIVE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(300);

/// What the scenario archives, from the API.
struct Setup {
    period: Uuid,
    /// «I четверть, 2026/2027 учебный год», as the server names the package.
    title: String,
    /// The deputy's last name, shown as the package's author.
    author: String,
}

async fn setup(base: &str) -> Result<Setup> {
    let deputy = client_as(base, "deputy").await?;
    let me = deputy.me().await?;
    // The school's today, by its clock.
    let today: NaiveDate =
        (chrono::Utc::now() + Duration::minutes(i64::from(me.utc_offset_minutes))).date_naive();
    let year = deputy
        .list_years()
        .await?
        .into_iter()
        .find(|y| y.starts_on <= today && today <= y.ends_on)
        .context("the demo school's year holds today")?;
    let detail = deputy.year(year.id).await?;
    // The quarter just over: the one the deputy archives.
    let period = detail
        .periods
        .iter()
        .filter(|p| p.id.is_some() && p.kind == "quarter" && p.ends_on < today)
        .max_by_key(|p| p.ends_on)
        .with_context(|| format!("a quarter over by {today}"))?;
    let roman = ["I", "II", "III", "IV"]
        .get(usize::from(period.number).wrapping_sub(1))
        .context("a quarter numbered 1 to 4")?;
    // Nothing is archived in a fresh demo school: no package, no key.
    ensure!(
        deputy.list_archives().await?.is_empty(),
        "a fresh demo school has no archive packages"
    );
    let no_key = deputy.archive_key().await.err().and_then(|e| e.status());
    ensure!(
        no_key == Some(404),
        "no seal key before the first package (got {no_key:?})"
    );
    println!(
        "today {today}: archiving {roman} четверть ({} – {})",
        period.starts_on, period.ends_on
    );
    Ok(Setup {
        period: period.id.context("a stored period")?,
        title: format!("{roman} четверть, {} учебный год", year.name),
        author: me.last_name,
    })
}

/// Waits until the element `css` holds `done`; fails at once when `#error` shows instead.
async fn wait_done(browser: &Browser, css: &str, done: &str, error: &str) -> Result<String> {
    poll_until(
        &format!("`{css}` to say {done:?}"),
        ARCHIVE_DEADLINE,
        || async {
            if let Ok(e) = browser.find(Locator::Css(error)).await {
                bail!("`{error}`: {}", e.text().await?);
            }
            match browser.find(Locator::Css(css)).await {
                Ok(element) => {
                    let text = element.text().await?;
                    Ok(text.contains(done).then_some(text))
                }
                Err(_) => Ok(None),
            }
        },
    )
    .await
}

/// Scrolls the element `css` to the `block` edge of the window (`start`, `end`), for a screenshot.
async fn scroll_to(browser: &Browser, css: &str, block: &str) -> Result<()> {
    let element = browser.find(Locator::Css(css)).await?;
    browser
        .execute(
            "arguments[0].scrollIntoView({ block: arguments[1] });",
            vec![
                serde_json::to_value(&element)?,
                serde_json::to_value(block)?,
            ],
        )
        .await?;
    Ok(())
}

async fn scenario(browser: &Browser, base: &str, s: &Setup) -> Result<()> {
    let deputy = client_as(base, "deputy").await?;
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#user-name", "").await?;

    // «Архив» from the menu: what a package holds, no package and no key yet.
    nav_to(browser, "/archive").await?;
    wait_path(browser, "/archive").await?;
    wait_text(browser, "#archive-about", "сводные ведомости").await?;
    wait_text(browser, "#archive-about", "25 лет").await?;
    wait_text(browser, "#archive-empty", "Пакетов пока нет").await?;
    wait_text(
        browser,
        "#archive-key-none",
        "Ключ будет создан вместе с первым архивом",
    )
    .await?;

    // The quarter just over opens the choice; the deputy keeps it and writes the package.
    wait_value(browser, "#archive-span", &s.period.to_string()).await?;
    wait_text(browser, "#archive-span", "Весь учебный год").await?;
    select(browser, "#archive-span", &s.period.to_string()).await?;
    click_in_view(browser, "#archive-create").await?;
    let status = wait_done(
        browser,
        "#archive-create-status",
        "Архив создан",
        "#archive-create-error",
    )
    .await?;
    ensure!(
        status.contains(&s.title),
        "the status names the package: {status}"
    );

    // The new package is on top of the list, as the API has it.
    let archive = deputy
        .list_archives()
        .await?
        .into_iter()
        .next()
        .context("the package is listed")?;
    ensure!(
        archive.title == s.title,
        "the package is «{}»",
        archive.title
    );
    ensure!(
        archive.period_id == Some(s.period),
        "the package is of the period"
    );
    let item = format!("#archive-{}", archive.id);
    wait_text(
        browser,
        "#archive-list > li:first-child .archive-title",
        &s.title,
    )
    .await?;
    let first = browser
        .find(Locator::Css("#archive-list > li:first-child"))
        .await?
        .attr("data-archive-id")
        .await?;
    ensure!(
        first.as_deref() == Some(archive.id.to_string().as_str()),
        "the new package is first in the list"
    );
    wait_text(browser, &format!("{item} .archive-written"), &s.author).await?;
    wait_text(
        browser,
        &format!("{item} .archive-files"),
        &archive.files.to_string(),
    )
    .await?;
    let size = text_of(browser, &format!("{item} .archive-size")).await?;
    ensure!(
        size.ends_with(" КБ") || size.ends_with(" МБ"),
        "the size reads in КБ or МБ: {size}"
    );
    let kept = archive.summary_until.format("%d.%m.%Y").to_string();
    wait_text(browser, &format!("{item} .archive-kept"), &kept).await?;

    // «Проверить»: the package is whole.
    click_in_view(browser, &format!("{item}-verify")).await?;
    let result = wait_done(
        browser,
        &format!("{item}-result"),
        "Пакет цел",
        &format!("{item}-result [data-ok='false']"),
    )
    .await?;
    ensure!(
        result.contains(&archive.files.to_string()),
        "the check counts the package's {} files: {result}",
        archive.files
    );

    // The key the first package made: its fingerprint, and its page for the director's order.
    let key = deputy.archive_key().await?;
    wait_text(browser, "#archive-key-fingerprint", &key.fingerprint).await?;
    wait_text(browser, "#archive-key-value", &key.public_key[..32]).await?;
    scroll_to(browser, "#archive-key", "end").await?;
    screenshot(browser, "archive.png").await?;
    let violations = axe_violations(browser).await?;
    ensure!(
        violations.is_empty(),
        "«Архив» passes axe-core: {violations:#?}"
    );
    let name = "Ключ проверки архива.pdf";
    forget_download(name)?;
    click_in_view(browser, "#archive-key-pdf").await?;
    let path = downloads_dir()?.join(name);
    let pdf = poll_until(
        &format!("the download {name}"),
        ARCHIVE_DEADLINE,
        || async {
            let partial = downloads_dir()?.join(format!("{name}.crdownload"));
            Ok((path.is_file() && !partial.exists()).then(|| path.clone()))
        },
    )
    .await?;
    let text = pdf_text(&pdf)?;
    for needle in [&key.public_key[..32], &key.public_key[32..]] {
        ensure!(text.contains(needle), "the key's page holds {needle}");
    }

    // On a phone: the same screen, nothing wider than the window.
    browser.set_window_size(390, 844).await?;
    browser.goto(&format!("{base}/archive")).await?;
    wait_text(browser, &format!("{item} .archive-title"), &s.title).await?;
    wait_text(browser, "#archive-key-fingerprint", &key.fingerprint).await?;
    no_sideways_scroll(browser, "«Архив» at 390 px").await?;
    let violations = axe_violations(browser).await?;
    ensure!(
        violations.is_empty(),
        "«Архив» at 390 px passes axe-core: {violations:#?}"
    );
    scroll_to(browser, &item, "center").await?;
    screenshot(browser, "archive-390px.png").await?;
    scroll_to(browser, "#archive-key", "center").await?;
    screenshot(browser, "archive-390px-key.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn the_deputy_archives_the_quarter_just_over_and_checks_the_package() -> Result<()> {
    let server = Server::start("archive-").await?;
    println!("journal serve at {}", server.base);
    let setup = setup(&server.base).await?;
    let (base, s) = (&server.base, &setup);
    in_browser("archive-", |b| async move { scenario(&b, base, s).await }).await
}
