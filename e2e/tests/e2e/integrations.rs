//! Integrations (R-A10): the admin opens «Интеграции», connects «Библиотека» with the core roster
//! scope and reads its client id and secret from the box shown once; the library gets a token at
//! `/oauth/token` with HTTP Basic and reads the demo school from OneRoster's `orgs`; after a reload
//! the list says when it last called; a new secret stops the old one; «Отозвать» ends its access.

use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use fantoccini::Client as Browser;
use journal_api_types::integrations::ClientToken;
use journal_api_types::oneroster::OrgSet;
use journal_e2e::browser::{
    axe_violations, click, click_in_view, fill, nav_to, no_sideways_scroll, screenshot, sign_in,
    text_of, wait_gone, wait_text,
};
use journal_e2e::UI_DEADLINE;
use journal_e2e::{demo_today, in_browser, poll_until, Server, DEMO_PASSWORD, DEMO_SCHOOL};

const NAME: &str = "Библиотека";
const ROSTER_CORE: &str = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly";

/// The library's row of the list.
fn row(part: &str) -> String {
    format!("#integrations-table tr[data-name='{NAME}'] {part}")
}

/// A date as the Russian screen shows it.
fn ru_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// `POST /oauth/token` with the client's id and secret in HTTP Basic: the token, or the status.
async fn token(
    base: &str,
    id: &str,
    secret: &str,
) -> Result<std::result::Result<ClientToken, u16>> {
    let response = reqwest::Client::new()
        .post(format!("{base}/oauth/token"))
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .context("asking for a token")?;
    let status = response.status();
    if !status.is_success() {
        return Ok(Err(status.as_u16()));
    }
    Ok(Ok(response.json::<ClientToken>().await?))
}

/// The client id and the secret in the box shown once.
async fn shown_secret(browser: &Browser) -> Result<(String, String)> {
    wait_text(
        browser,
        "#client-secret-once",
        "Скопируйте секрет сейчас: он больше не будет показан",
    )
    .await?;
    let id = text_of(browser, "#client-id-value")
        .await?
        .trim()
        .to_owned();
    let secret = text_of(browser, "#client-secret-value")
        .await?
        .trim()
        .to_owned();
    ensure!(
        id.len() == 36 && !secret.is_empty(),
        "the box shows the client id and the secret: {id:?}"
    );
    Ok((id, secret))
}

async fn scenario(browser: &Browser, base: &str) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "admin", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    wait_text(browser, "#main-nav", "Интеграции").await?;
    nav_to(browser, "/integrations").await?;
    wait_text(browser, "#integrations h1", "Интеграции").await?;
    wait_text(browser, "#integrations-table", "").await?;

    // The form wants a name and a scope.
    click_in_view(browser, "#new-client-submit").await?;
    wait_text(browser, "#new-client-name-error", "название").await?;
    wait_text(browser, "#new-client-scopes-error", "хотя бы один").await?;

    // Connect the library with the core roster.
    fill(browser, "#new-client-name", NAME).await?;
    click_in_view(browser, "#new-client-scope-roster-core").await?;
    click_in_view(browser, "#new-client-submit").await?;
    let (id, secret) = shown_secret(browser).await?;
    wait_text(browser, "#client-secret-title", NAME).await?;
    wait_text(browser, "#client-token-url", &format!("{base}/oauth/token")).await?;
    wait_text(browser, "#client-curl", &format!("curl -u {id}:{secret}")).await?;
    wait_text(browser, "#client-curl", "grant_type=client_credentials").await?;
    wait_text(
        browser,
        &row(".client-scopes"),
        "Состав школы (OneRoster, основное)",
    )
    .await?;
    wait_text(browser, &row(".client-status"), "Действует").await?;
    wait_text(browser, &row(".client-last-used"), "ещё не обращался").await?;
    screenshot(browser, "integrations-secret.png").await?;
    let violations = axe_violations(browser).await?;
    ensure!(
        violations.is_empty(),
        "axe-core on «Интеграции»:\n{}",
        violations.join("\n")
    );

    // The library gets a token and reads the school.
    let before = demo_today();
    let granted = token(base, &id, &secret)
        .await?
        .map_err(|status| anyhow::anyhow!("the token request was refused with {status}"))?;
    ensure!(
        granted.token_type.eq_ignore_ascii_case("bearer") && granted.scope.contains(ROSTER_CORE),
        "a bearer token with the core roster scope: {} {}",
        granted.token_type,
        granted.scope
    );
    let orgs = reqwest::Client::new()
        .get(format!("{base}/ims/oneroster/rostering/v1p2/orgs"))
        .bearer_auth(&granted.access_token)
        .send()
        .await?;
    ensure!(orgs.status().is_success(), "orgs: {}", orgs.status());
    let orgs: OrgSet = orgs.json().await?;
    ensure!(
        orgs.orgs.iter().any(|o| o.name == DEMO_SCHOOL),
        "the library reads the demo school: {:?}",
        orgs.orgs.iter().map(|o| &o.name).collect::<Vec<_>>()
    );

    // After a reload the secret is gone and the list says when the library last called.
    browser.refresh().await?;
    wait_text(browser, "#integrations h1", "Интеграции").await?;
    let days = [ru_date(before), ru_date(demo_today())];
    let last_used = poll_until("the last request's time", UI_DEADLINE, || async {
        let text = text_of(browser, &row(".client-last-used")).await?;
        Ok(days
            .iter()
            .any(|d| text.contains(d.as_str()))
            .then_some(text))
    })
    .await?;
    ensure!(
        !last_used.contains("ещё не обращался"),
        "the library has called: {last_used}"
    );
    wait_gone(browser, "#client-secret-panel").await?;

    // A new secret: the old one no longer gets a token, the new one does.
    click_in_view(browser, &row(".rotate-secret")).await?;
    browser.accept_alert().await?;
    let (same_id, new_secret) = shown_secret(browser).await?;
    ensure!(same_id == id, "a new secret keeps the client id");
    ensure!(new_secret != secret, "the secret is new");
    wait_text(
        browser,
        "#client-secret-panel",
        "старый больше не действует",
    )
    .await?;
    ensure!(
        token(base, &id, &secret).await?.is_err(),
        "the old secret no longer gets a token"
    );
    ensure!(
        token(base, &id, &new_secret).await?.is_ok(),
        "the new secret gets a token"
    );
    click(browser, "#client-secret-close").await?;
    wait_gone(browser, "#client-secret-panel").await?;

    // «Отозвать»: the status says so and the library gets no token.
    click_in_view(browser, &row(".revoke-client")).await?;
    browser.accept_alert().await?;
    wait_text(browser, "#integrations-message", "отозван").await?;
    wait_text(browser, &row(".client-status"), "Отозван").await?;
    let status = text_of(browser, &row(".client-status")).await?;
    ensure!(
        days.iter().any(|d| status.contains(d.as_str())) || status.contains(&ru_date(demo_today())),
        "the status names the day of the revocation: {status}"
    );
    wait_gone(browser, &row(".revoke-client")).await?;
    match token(base, &id, &new_secret).await? {
        Err(status) => ensure!(status == 401 || status == 400, "refused with {status}"),
        Ok(_) => anyhow::bail!("a revoked client must get no token"),
    }
    screenshot(browser, "integrations-revoked.png").await?;

    // On a phone the list reads as cards and nothing scrolls sideways.
    browser.set_window_size(390, 844).await?;
    wait_text(browser, &row(".client-status"), "Отозван").await?;
    no_sideways_scroll(browser, "«Интеграции» at 390 px").await?;
    screenshot(browser, "integrations-390px.png").await?;
    browser.set_window_size(1280, 900).await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn the_admin_connects_an_external_system_that_reads_the_school_then_revokes_it() -> Result<()>
{
    let server = Server::start("integrations-").await?;
    println!("journal serve at {}", server.base);
    let base = server.base.as_str();
    in_browser("integrations-", |b| async move { scenario(&b, base).await }).await
}
