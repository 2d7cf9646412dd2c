//! The printed class journal (R-P1): the deputy opens «Отчёты» → «Печать журнала», chooses 7А
//! and the quarter just over (the screen opens on it), and downloads the journal as a PDF. Its
//! text holds the title sheet, the class, the quarter, the summary sheet and a page count equal
//! to the PDF's pages; the first two pages are rendered to PNG beside the screenshots. The
//! summary sheet downloads alone as well, a report screen offers its PDF beside XLSX and CSV, and
//! the screen fits a phone.

use anyhow::{ensure, Context, Result};
use chrono::{Duration, NaiveDate};
use fantoccini::Client as Browser;
use journal_api_types::structure::{ClassFilter, PeriodInput};
use journal_e2e::api::client_as;
use journal_e2e::browser::{
    axe_violations, click_in_view, forget_download, nav_to, no_sideways_scroll, pdf_text,
    screenshot, select, sign_in, wait_enabled, wait_path, wait_text, wait_value,
};
use journal_e2e::{artifacts_dir, downloads_dir, in_browser, poll_until, Server, DEMO_PASSWORD};
use std::path::{Path, PathBuf};
use std::process::Command;
use uuid::Uuid;

/// How long the server gets to typeset a whole quarter's journal.
const PDF_DEADLINE: std::time::Duration = std::time::Duration::from_secs(120);

/// What the scenario chooses, from the API.
struct Setup {
    class: Uuid,
    period: Uuid,
    /// The period as the SPA names it: «1 четверть».
    screen_name: String,
    /// The period as the printed journal names it: «I четверть».
    printed_name: String,
}

/// A period's name on paper: a Roman numeral and the kind's word, «I четверть».
fn printed_name(p: &PeriodInput) -> String {
    let roman = ["I", "II", "III", "IV"]
        .get(usize::from(p.number).wrapping_sub(1))
        .map_or_else(|| p.number.to_string(), |r| (*r).to_owned());
    let word = match p.kind.as_str() {
        "quarter" => "четверть",
        "trimester" => "триместр",
        _ => "полугодие",
    };
    format!("{roman} {word}")
}

/// A period's name on the screen: «1 четверть».
fn screen_name(p: &PeriodInput) -> String {
    let word = match p.kind.as_str() {
        "quarter" => "четверть",
        "trimester" => "триместр",
        _ => "полугодие",
    };
    format!("{} {word}", p.number)
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
    let class = deputy
        .list_classes(&ClassFilter {
            year_id: Some(year.id),
        })
        .await?
        .into_iter()
        .find(|c| c.name == "7А")
        .context("the demo school has 7А")?;
    let of_grade: Vec<&PeriodInput> = detail
        .periods
        .iter()
        .filter(|p| p.id.is_some() && p.grade_from <= class.grade && class.grade <= p.grade_to)
        .collect();
    // The period the deputy prints: the last one over by today (the screen's default).
    let period = of_grade
        .iter()
        .filter(|p| p.ends_on < today)
        .max_by_key(|p| p.ends_on)
        .copied()
        .with_context(|| format!("a period of 7А over by {today}"))?;
    println!(
        "today {today}: printing {} ({} – {})",
        printed_name(period),
        period.starts_on,
        period.ends_on
    );
    Ok(Setup {
        class: class.id,
        period: period.id.context("a stored period")?,
        screen_name: screen_name(period),
        printed_name: printed_name(period),
    })
}

/// The file `name` once Chromium has saved it whole (the PDF takes the server a few seconds).
async fn saved(name: &str) -> Result<PathBuf> {
    let path = downloads_dir()?.join(name);
    poll_until(&format!("the download {name}"), PDF_DEADLINE, || async {
        let partial = downloads_dir()?.join(format!("{name}.crdownload"));
        Ok((path.is_file() && !partial.exists()).then(|| path.clone()))
    })
    .await
}

/// The number of pages of a PDF, by poppler's `pdfinfo`; checked against the form feeds
/// `pdftotext` puts after each page.
fn page_count(pdf: &Path, text: &str) -> Result<usize> {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .context("running pdfinfo (Debian's poppler-utils; `make e2e` installs it)")?;
    ensure!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    let info = String::from_utf8_lossy(&out.stdout);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .with_context(|| format!("no page count in pdfinfo's answer: {info}"))?;
    let feeds = text.matches('\u{c}').count();
    ensure!(
        feeds == pages,
        "pdftotext's pages ({feeds}) are pdfinfo's ({pages})"
    );
    Ok(pages)
}

/// The count the title sheet prints: «В журнале N стр.».
fn printed_count(text: &str) -> Result<usize> {
    text.split("В журнале ")
        .nth(1)
        .and_then(|rest| rest.split("стр.").next())
        .and_then(|n| n.trim().parse::<usize>().ok())
        .context("the title sheet says «В журнале N стр.»")
}

/// The first two pages as `print-journal-1.png` and `print-journal-2.png` in the artifacts, by
/// `pdftoppm -r 60` (it numbers its files with as many digits as the document's pages need).
fn render_first_pages(pdf: &Path) -> Result<()> {
    let dir = artifacts_dir()?;
    let work = tempfile::tempdir_in(&dir).context("a folder for pdftoppm")?;
    let prefix = work.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-f", "1", "-l", "2"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .context("running pdftoppm (Debian's poppler-utils; `make e2e` installs it)")?;
    ensure!(status.success(), "pdftoppm failed on {}", pdf.display());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(work.path())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    ensure!(pages.len() == 2, "pdftoppm rendered {} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let target = dir.join(format!("print-journal-{}.png", i + 1));
        std::fs::copy(page, &target)
            .with_context(|| format!("copying {} to {}", page.display(), target.display()))?;
        println!("rendered: {}", target.display());
    }
    Ok(())
}

async fn scenario(browser: &Browser, base: &str, s: &Setup) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#user-name", "").await?;

    // «Отчёты» → «Печать журнала».
    nav_to(browser, "/reports").await?;
    wait_text(browser, "#card-print-journal", "Печать журнала").await?;
    click_in_view(browser, "#card-print-journal .card-link").await?;
    wait_path(browser, "/reports/print").await?;
    wait_text(browser, "#print-journal", "Что в напечатанном журнале").await?;
    wait_text(browser, "#print-journal-choose", "Выберите класс").await?;
    wait_enabled(browser, "#print-journal-pdf", false).await?;

    // 7А: the period opens on the quarter just over; the deputy keeps it.
    select(browser, "#print-journal-class", &s.class.to_string()).await?;
    wait_value(browser, "#print-journal-period", &s.period.to_string()).await?;
    select(browser, "#print-journal-period", &s.period.to_string()).await?;
    wait_text(browser, "#print-journal-period", &s.screen_name).await?;
    wait_text(browser, "#print-journal-period", "Весь учебный год").await?;
    wait_enabled(browser, "#print-journal-pdf", true).await?;
    screenshot(browser, "print-journal-screen.png").await?;
    let violations = axe_violations(browser).await?;
    ensure!(
        violations.is_empty(),
        "«Печать журнала» passes axe-core: {violations:#?}"
    );

    // The journal: the title sheet, the class, the quarter, the summary sheet and the page count.
    let name = format!("Классный журнал 7А {}.pdf", s.screen_name);
    forget_download(&name)?;
    click_in_view(browser, "#print-journal-pdf").await?;
    let pdf = saved(&name).await?;
    wait_text(browser, "#print-journal-status", "Готово").await?;
    screenshot(browser, "print-journal-screen-done.png").await?;
    let text = pdf_text(&pdf)?;
    std::fs::write(artifacts_dir()?.join("print-journal.txt"), &text)?;
    for needle in [
        "КЛАССНЫЙ ЖУРНАЛ",
        "7А",
        s.printed_name.as_str(),
        "Сводная ведомость",
    ] {
        ensure!(
            text.contains(needle),
            "the printed journal holds «{needle}»"
        );
    }
    let pages = page_count(&pdf, &text)?;
    let count = printed_count(&text)?;
    ensure!(
        count == pages,
        "the title sheet counts {count} pages, the PDF has {pages}"
    );
    ensure!(
        pages >= 4,
        "a quarter's journal has more than {pages} pages"
    );
    render_first_pages(&pdf)?;

    // The summary sheet alone.
    let summary = "Сводная ведомость 7А.pdf";
    forget_download(summary)?;
    click_in_view(browser, "#print-journal-summary").await?;
    let sheet = saved(summary).await?;
    let sheet_text = pdf_text(&sheet)?;
    ensure!(
        sheet_text.contains("Сводная ведомость") && sheet_text.contains("7А"),
        "the summary sheet's PDF names itself and the class"
    );

    // A report screen offers its PDF beside XLSX and CSV: 7А's class report of the quarter.
    browser
        .goto(&format!(
            "{base}/reports/class/{}?period_id={}&kind=period",
            s.class, s.period
        ))
        .await?;
    wait_text(browser, "#class-report-title", "7А").await?;
    wait_enabled(browser, "#class-report-pdf", true).await?;
    let report = format!(
        "Отчёты классного руководителя 7А {} Итоги периода.pdf",
        s.screen_name
    );
    forget_download(&report)?;
    click_in_view(browser, "#class-report-pdf").await?;
    let report_text = pdf_text(&saved(&report).await?)?;
    ensure!(
        report_text.contains("7А"),
        "the class report's PDF names the class"
    );

    // On a phone: the same screen, nothing wider than the window.
    browser.set_window_size(390, 844).await?;
    browser
        .goto(&format!(
            "{base}/reports/print?class_id={}&period_id={}",
            s.class, s.period
        ))
        .await?;
    wait_value(browser, "#print-journal-period", &s.period.to_string()).await?;
    no_sideways_scroll(browser, "«Печать журнала» at 390 px").await?;
    screenshot(browser, "print-journal-screen-390px.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn the_deputy_downloads_the_printed_journal_of_the_quarter_just_over() -> Result<()> {
    let server = Server::start("print-journal-").await?;
    println!("journal serve at {}", server.base);
    let setup = setup(&server.base).await?;
    let (base, s) = (&server.base, &setup);
    in_browser(
        "print-journal-",
        |b| async move { scenario(&b, base, s).await },
    )
    .await
}
