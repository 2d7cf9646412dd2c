//! Print that works (issue 12): the finals' summary sheet and a journal page, printed by Chromium
//! to PDF, hold every subject of the class and every lesson of the period.

use anyhow::{Context, Result};
use fantoccini::wd::{PrintConfiguration, PrintOrientation};
use fantoccini::Client as Browser;
use journal_api_types::structure::AssignmentFilter;
use journal_e2e::api::client_as;
use journal_e2e::browser::{pdf_text, sign_in, wait_text};
use journal_e2e::{artifacts_dir, in_browser, Server, DEMO_PASSWORD};
use uuid::Uuid;

/// What the printouts must hold, from the API.
struct PrintSetup {
    class: Uuid,
    subjects: Vec<String>,
    page: String,
    /// The first and the last lesson of the page's period, as the sheet prints them («05.09»).
    first_lesson: String,
    last_lesson: String,
    lessons: usize,
}

async fn print_setup(base: &str) -> Result<PrintSetup> {
    let client = client_as(base, "teacher").await?;
    let me = client.me().await?;
    let assignment = client
        .list_assignments(&AssignmentFilter {
            teacher_id: Some(me.user_id),
            class_id: None,
        })
        .await?
        .into_iter()
        .find(|a| a.class_name == "7А" && a.subject_name == "Алгебра" && a.group_id.is_none())
        .context("the demo teacher teaches algebra in 7А")?;
    let sheet = client.summary_sheet(assignment.class_id).await?;
    // The first period of the year: over by the demo's today, every lesson of it held.
    let period = sheet.periods.first().context("the year has periods")?;
    let page = client.journal_page(assignment.id, period.id).await?.page;
    let date = |l: Option<&journal_api_types::journal::PageLesson>| {
        l.map(|l| l.held_on.format("%d.%m").to_string())
            .context("the period has lessons")
    };
    Ok(PrintSetup {
        class: assignment.class_id,
        subjects: sheet.subjects.iter().map(|s| s.name.clone()).collect(),
        page: format!("/journal/{}/{}", assignment.id, period.id),
        first_lesson: date(page.lessons.first())?,
        last_lesson: date(page.lessons.last())?,
        lessons: page.lessons.len(),
    })
}

/// The page printed by Chromium (landscape A4), saved beside the screenshots, and its text.
async fn printed(browser: &Browser, name: &str) -> Result<String> {
    let config = PrintConfiguration::builder()
        .orientation(PrintOrientation::Landscape)
        .build()
        .map_err(|e| anyhow::anyhow!("the print configuration: {e:?}"))?;
    let pdf = browser.print(config).await.context("printing the page")?;
    let path = artifacts_dir()?.join(name);
    std::fs::write(&path, &pdf)?;
    println!("printed: {}", path.display());
    pdf_text(&path)
}

/// Whether every word of `name` is in `text` (a header may wrap inside its cell).
fn holds_words(text: &str, name: &str) -> bool {
    name.split_whitespace().all(|w| text.contains(w))
}

async fn print_scenario(browser: &Browser, base: &str, s: &PrintSetup) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#user-name", "").await?;

    // The summary of finals: every subject, and the debts column after the last one.
    browser.goto(&format!("{base}/finals/{}", s.class)).await?;
    wait_text(browser, "#finals-sheet", "").await?;
    let text = printed(browser, "print-finals.pdf").await?;
    for subject in &s.subjects {
        anyhow::ensure!(
            holds_words(&text, subject),
            "the printed summary holds «{subject}»"
        );
    }
    anyhow::ensure!(
        text.contains("Долги"),
        "the printed summary holds the debts column"
    );
    anyhow::ensure!(!text.contains("Печать"), "no button of the app on paper");

    // A journal page: every lesson of the period, the first and the last.
    browser.goto(&format!("{base}{}", s.page)).await?;
    wait_text(browser, "#journal-grid", "").await?;
    let text = printed(browser, "print-journal.pdf").await?;
    for date in [&s.first_lesson, &s.last_lesson] {
        anyhow::ensure!(
            text.contains(date.as_str()),
            "the printed page holds the lesson of {date}"
        );
    }
    anyhow::ensure!(
        s.lessons > 20,
        "the period's lessons span more than one sheet: {}",
        s.lessons
    );
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn the_summary_of_finals_and_a_journal_page_print_whole() -> Result<()> {
    let server = Server::start("print-").await?;
    println!("journal serve at {}", server.base);
    let setup = print_setup(&server.base).await?;
    let (base, s) = (&server.base, &setup);
    in_browser(
        "print-",
        |b| async move { print_scenario(&b, base, s).await },
    )
    .await
}
