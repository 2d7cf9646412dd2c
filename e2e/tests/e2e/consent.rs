//! Consents and diary accounts (R-D5): no diary account for a guardian who refused the
//! processing of personal data, until the secretary records a new consent.

use anyhow::{bail, ensure, Result};
use fantoccini::Client as Browser;
use journal_api_types::people::StudentFilter;
use journal_e2e::api::client_as;
use journal_e2e::browser::{
    click, click_in_view, fill, screenshot, select, sign_in, sign_out, text_of, wait_text,
};
use journal_e2e::{in_browser, poll_until, Server, DEMO_PASSWORD, DEMO_SCHOOL, UI_DEADLINE};
use uuid::Uuid;

/// A family that refused the processing of personal data (the demo has two), found through the
/// API: the student and the guardian.
struct ConsentSetup {
    student: Uuid,
    guardian: Uuid,
    guardian_name: String,
}

async fn consent_setup(base: &str) -> Result<ConsentSetup> {
    let office = client_as(base, "secretary").await?;
    let students = office
        .list_students(&StudentFilter {
            limit: Some(500),
            ..StudentFilter::default()
        })
        .await?;
    for s in &students.items {
        let detail = office.student(s.id).await?;
        for g in &detail.guardians {
            let consents = office.consents(g.guardian.id).await?;
            if consents
                .iter()
                .find(|c| c.in_force)
                .is_some_and(|c| c.decision == "refused")
            {
                return Ok(ConsentSetup {
                    student: s.id,
                    guardian: g.guardian.id,
                    guardian_name: format!("{} {}", g.guardian.last_name, g.guardian.first_name),
                });
            }
        }
    }
    bail!("the demo has a guardian who refused consent")
}

/// R-D5 in the browser: the secretary cannot give a diary account to a guardian who refused;
/// records the new consent with its document; gives the account; the guardian signs in with the
/// one-time password, chooses a password and lands on the child's diary.
async fn consent_scenario(browser: &Browser, base: &str, s: &ConsentSetup) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "secretary", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    browser
        .goto(&format!("{base}/students/{}", s.student))
        .await?;
    let consents = format!("#consents-{}", s.guardian);
    wait_text(browser, &format!("{consents}-table"), "Отказ").await?;
    let access = format!("#access-guardian-{}", s.guardian);

    // A refusal closes the diary: the account is refused with the reason.
    click_in_view(browser, &format!("{access} .access-give")).await?;
    fill(browser, &format!("{access}-login"), "e2e.family").await?;
    click_in_view(browser, &format!("{access}-form button[type='submit']")).await?;
    wait_text(browser, &format!("{access}-error"), "отказ").await?;
    screenshot(browser, "consent-01-refused.png").await?;
    click_in_view(browser, &format!("{access}-form button.ghost")).await?;

    // The family changed its mind: the new consent, with its document.
    click_in_view(browser, &format!("{consents} .consent-add")).await?;
    let form = format!("#consent-form-{}", s.guardian);
    select(browser, &format!("{form}-decision"), "given").await?;
    fill(
        browser,
        &format!("{form}-document"),
        "Заявление № 77 от 23.11.2026",
    )
    .await?;
    click_in_view(browser, &format!("{form} button[type='submit']")).await?;
    wait_text(browser, &format!("{consents}-saved"), "").await?;
    wait_text(browser, &format!("{consents}-table"), "Заявление № 77").await?;
    screenshot(browser, "consent-02-given.png").await?;

    // Now the account: a login and a one-time password shown once.
    click_in_view(browser, &format!("{access} .access-give")).await?;
    fill(browser, &format!("{access}-login"), "e2e.family").await?;
    click_in_view(browser, &format!("{access}-form button[type='submit']")).await?;
    let issued = format!("{access}-issued");
    wait_text(browser, &format!("{issued} .access-login"), "e2e.family").await?;
    let one_time = text_of(browser, &format!("{issued} .access-password")).await?;
    ensure!(!one_time.trim().is_empty(), "a one-time password is shown");
    screenshot(browser, "consent-03-account.png").await?;
    click_in_view(browser, &format!("{issued} .access-close")).await?;
    sign_out(browser).await?;

    // The guardian's first sign-in: a password of their own, then the child's diary.
    sign_in(browser, "e2e.family", one_time.trim()).await?;
    wait_text(browser, "#change-password-submit", "Сменить пароль").await?;
    let own = "утро туманное над Волгой 1";
    fill(browser, "#current-password", one_time.trim()).await?;
    fill(browser, "#new-password", own).await?;
    fill(browser, "#new-password-repeat", own).await?;
    click(browser, "#change-password-submit").await?;
    poll_until("a child's diary", UI_DEADLINE, || async {
        Ok((browser.current_url().await?.path().starts_with("/diary/")).then_some(()))
    })
    .await?;
    wait_text(browser, "#diary-student", "").await?;
    wait_text(browser, "#user-name", &s.guardian_name).await?;
    screenshot(browser, "consent-04-first-diary.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn consent_and_diary_account_end_to_end() -> Result<()> {
    let server = Server::start("consent-").await?;
    println!("journal serve at {}", server.base);
    let setup = consent_setup(&server.base).await?;
    let (base, s) = (&server.base, &setup);
    in_browser("consent-", |b| async move {
        consent_scenario(&b, base, s).await
    })
    .await?;
    // The register keeps both decisions, the new one in force.
    let office = client_as(&server.base, "secretary").await?;
    let consents = office.consents(setup.guardian).await?;
    let in_force: Vec<&str> = consents
        .iter()
        .filter(|c| c.in_force)
        .map(|c| c.decision.as_str())
        .collect();
    ensure!(
        in_force == ["given"] && consents.len() == 2,
        "the refusal stays in the register, the consent is in force: {consents:?}"
    );
    Ok(())
}
