//! WCAG 2.1 AA (issue 12, item 9): axe-core finds no violation of the A and AA rules on the
//! screens people use most, at desktop and phone sizes; the journal grid is one Tab stop.

use anyhow::{ensure, Result};
use fantoccini::key::Key;
use fantoccini::Client as Browser;
use journal_e2e::browser::{
    axe_violations, focused_id, screenshot, sign_in, sign_out, type_keys, wait_text,
};
use journal_e2e::{in_browser, poll_until, Server, DEMO_PASSWORD, UI_DEADLINE};

/// The sizes every screen is checked at: a desktop and a phone.
const SIZES: [(u32, u32, &str); 2] = [(1280, 900, "desktop"), (390, 844, "phone")];

/// Checks the page at both sizes; the violations found go to `found`, named by screen and size.
async fn check(browser: &Browser, screen: &str, found: &mut Vec<String>) -> Result<()> {
    for (w, h, size) in SIZES {
        browser.set_window_size(w, h).await?;
        // The layout settles at the new size before the check.
        wait_text(browser, "body", "").await?;
        for v in axe_violations(browser).await? {
            found.push(format!("{screen} ({size}): {v}"));
        }
        screenshot(browser, &format!("a11y-{screen}-{size}.png")).await?;
    }
    browser.set_window_size(1280, 900).await?;
    Ok(())
}

/// A page of the signed-in SPA, once `ready` (a CSS selector) is on it.
async fn visit(browser: &Browser, base: &str, path: &str, ready: &str) -> Result<()> {
    browser.goto(&format!("{base}{path}")).await?;
    wait_text(browser, ready, "").await?;
    Ok(())
}

async fn a11y_scenario(browser: &Browser, base: &str) -> Result<()> {
    let mut found = Vec::new();
    browser.goto(&format!("{base}/")).await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    check(browser, "sign-in", &mut found).await?;

    // The teacher: home and the journal grid.
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#main", "").await?;
    wait_text(browser, "#user-name", "").await?;
    check(browser, "teacher-home", &mut found).await?;
    visit(browser, base, "/journal", "#journal-mine").await?;
    journal_e2e::browser::click_in_view(browser, "#journal-mine span[data-assignment-id]").await?;
    wait_text(browser, "#journal-grid", "").await?;
    check(browser, "journal-grid", &mut found).await?;

    // The grid is one Tab stop: from its active cell one Tab reaches the next control after it,
    // and Esc leaves it too.
    let cell = poll_until("the focus in the grid", UI_DEADLINE, || async {
        let id = focused_id(browser).await?;
        Ok(id.starts_with("cell-").then_some(id))
    })
    .await?;
    type_keys(browser, &Key::Tab).await?;
    let after = focused_in_grid(browser).await?;
    ensure!(!after, "one Tab leaves the grid");
    // Back on the same cell (as Shift+Tab from the next control would), then Esc.
    browser
        .execute(
            "document.getElementById(arguments[0]).focus();",
            vec![serde_json::Value::String(cell.clone())],
        )
        .await?;
    journal_e2e::browser::wait_focus(browser, &cell).await?;
    type_keys(browser, &Key::Escape).await?;
    ensure!(!focused_in_grid(browser).await?, "Esc leaves the grid");
    sign_out(browser).await?;

    // A parent: the diary and the period results.
    sign_in(browser, "parent", DEMO_PASSWORD).await?;
    wait_text(browser, "#diary-days", "").await?;
    check(browser, "diary", &mut found).await?;
    journal_e2e::browser::click_in_view(browser, "#diary-results-link").await?;
    wait_text(browser, "#results-subjects", "").await?;
    check(browser, "results", &mut found).await?;
    sign_out(browser).await?;

    // The deputy's timetable and the admin's users list.
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#user-name", "").await?;
    visit(browser, base, "/timetable", "#timetable-year").await?;
    check(browser, "timetable", &mut found).await?;
    sign_out(browser).await?;
    sign_in(browser, "admin", DEMO_PASSWORD).await?;
    wait_text(browser, "#user-name", "").await?;
    visit(browser, base, "/users", "#users-table").await?;
    check(browser, "users", &mut found).await?;

    ensure!(
        found.is_empty(),
        "axe-core found {} WCAG 2.1 A/AA violations:\n{}",
        found.len(),
        found.join("\n")
    );
    Ok(())
}

/// Whether the keyboard focus is inside the journal grid.
async fn focused_in_grid(browser: &Browser) -> Result<bool> {
    let v = browser
        .execute(
            "const g = document.getElementById('journal-grid');
             return !!(g && document.activeElement && g.contains(document.activeElement));",
            vec![],
        )
        .await?;
    Ok(v.as_bool().unwrap_or(false))
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn every_main_screen_passes_axe_core_at_desktop_and_phone_sizes() -> Result<()> {
    let server = Server::start("a11y-").await?;
    println!("journal serve at {}", server.base);
    let base = &server.base;
    in_browser("a11y-", |b| async move { a11y_scenario(&b, base).await }).await
}
