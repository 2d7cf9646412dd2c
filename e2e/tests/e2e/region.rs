//! A region (municipality) account (R-A9, R-E4): `region` signs in and lands on «Показатели
//! школ» — the demo school with the figures of the first quarter, as the API gives them — opens
//! the school onto its classes, switches the period to the year and sees the table follow, and
//! saves the XLSX. Its menu holds no school page, axe-core finds no WCAG 2.1 AA violation, and on
//! a phone nothing but the tables scrolls sideways.

use anyhow::{ensure, Context, Result};
use chrono::Datelike;
use fantoccini::Client as Browser;
use journal_api_types::regions::{AggregatesQuery, RegionAggregates};
use journal_api_types::reports::ReportFormat;
use journal_client::Client;
use journal_e2e::api::client_as;
use journal_e2e::browser::{
    axe_violations, click_in_view, downloaded, forget_download, no_sideways_scroll, screenshot,
    select, sign_in, wait_enabled, wait_path, wait_text, wait_value,
};
use journal_e2e::{demo_today, in_browser, Server, DEMO_PASSWORD, DEMO_SCHOOL};
use uuid::Uuid;

/// The class the scenario looks for in the school's lines.
const CLASS: &str = "7А";

/// What the API gives the region account: its region and the figures the page must show.
struct Setup {
    region_name: String,
    /// The school year holding the demo's today, by the year it starts in.
    year: i32,
    school: Uuid,
    /// The region's students over the first quarter.
    quarter_students: u32,
    /// The region's students over the year.
    year_students: u32,
}

async fn figures(c: &Client, region: Uuid, year: i32, period: &str) -> Result<RegionAggregates> {
    let q = AggregatesQuery {
        year,
        period: period.to_owned(),
        format: ReportFormat::Json,
    };
    Ok(c.region_aggregates(region, &q).await?)
}

async fn setup(base: &str) -> Result<Setup> {
    let c = client_as(base, "region").await?;
    let regions = c.my_regions().await?.regions;
    ensure!(
        regions.len() == 1,
        "the demo region account reads one region: {}",
        regions.len()
    );
    let region = &regions[0];
    let today = demo_today();
    let year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let quarter = figures(&c, region.region_id, year, "quarter-1").await?;
    let school = quarter
        .schools
        .iter()
        .find(|s| s.school_name == DEMO_SCHOOL)
        .context("the demo school is in the region")?;
    ensure!(
        school.from.is_some() && school.counts.standings.students > 0,
        "the demo school has figures of the first quarter"
    );
    ensure!(
        !quarter.subjects.is_empty(),
        "the region has finals of the first quarter by subject"
    );
    ensure!(
        school.classes.iter().any(|c| c.class_name == CLASS),
        "the demo school's first quarter has a line for {CLASS}"
    );
    let whole = figures(&c, region.region_id, year, "year").await?;
    Ok(Setup {
        region_name: region.name.clone(),
        year,
        school: school.school_id,
        quarter_students: quarter.total.standings.students,
        year_students: whole.total.standings.students,
    })
}

/// The addresses of the menu's entries.
async fn menu(browser: &Browser) -> Result<Vec<String>> {
    let v = browser
        .execute(
            "return Array.from(document.querySelectorAll('#main-nav a')).map(a => a.getAttribute('href'));",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .context("the menu's links are a list")?
        .iter()
        .filter_map(|h| h.as_str().map(str::to_owned))
        .collect())
}

async fn scenario(browser: &Browser, base: &str, s: &Setup) -> Result<()> {
    // The region account lands on its figures, not on a school's home page.
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "region", DEMO_PASSWORD).await?;
    wait_path(browser, "/region").await?;
    wait_text(browser, "#region-name", &s.region_name).await?;
    wait_text(browser, "#region-schools", DEMO_SCHOOL).await?;
    wait_value(browser, "#region-year", &s.year.to_string()).await?;
    wait_value(browser, "#region-period", "quarter-1").await?;
    wait_text(browser, "#region-year", &format!("{}/", s.year)).await?;
    wait_text(
        browser,
        "#region-total-students",
        &s.quarter_students.to_string(),
    )
    .await?;
    wait_text(browser, "#region-subjects", "").await?;
    let links = menu(browser).await?;
    ensure!(
        links == ["/region", "/profile"],
        "the region account's menu holds its figures and its profile only: {links:?}"
    );
    screenshot(browser, "region-01-quarter.png").await?;

    // The school opens onto its classes and subjects.
    let row = format!("tr[data-school='{}'] .expander", s.school);
    click_in_view(browser, &row).await?;
    let classes = format!("#region-school-{}-classes", s.school);
    wait_text(browser, &classes, CLASS).await?;
    wait_text(browser, &format!("#region-school-{}", s.school), "Предметы").await?;
    screenshot(browser, "region-02-school-open.png").await?;
    let violations = axe_violations(browser).await?;
    ensure!(
        violations.is_empty(),
        "«Показатели школ» passes axe-core: {violations:#?}"
    );

    // Another period: the address and the table follow.
    select(browser, "#region-period", "year").await?;
    wait_text(browser, "#region-schools[data-period='year']", DEMO_SCHOOL).await?;
    wait_text(
        browser,
        "#region-total-students",
        &s.year_students.to_string(),
    )
    .await?;
    let url = browser.current_url().await?;
    ensure!(
        url.query().is_some_and(|q| q.contains("period=year")),
        "the chosen period is in the address: {url}"
    );
    screenshot(browser, "region-03-year.png").await?;

    // The same figures as a spreadsheet.
    wait_enabled(browser, "#region-xlsx", true).await?;
    wait_enabled(browser, "#region-csv", true).await?;
    wait_enabled(browser, "#region-pdf", true).await?;
    let name = format!(
        "Показатели школ {}-{:02} Год.xlsx",
        s.year,
        (s.year + 1) % 100
    );
    forget_download(&name)?;
    click_in_view(browser, "#region-xlsx").await?;
    let file = downloaded(&name).await?;
    let bytes = std::fs::read(&file)?;
    ensure!(
        bytes.starts_with(b"PK"),
        "the XLSX is a spreadsheet (a zip): {} bytes",
        bytes.len()
    );

    // On a phone: the page fits the window, the tables scroll inside their frames.
    browser.set_window_size(390, 844).await?;
    browser.refresh().await?;
    wait_text(browser, "#region-schools[data-period='year']", DEMO_SCHOOL).await?;
    no_sideways_scroll(browser, "«Показатели школ» at 390 px").await?;
    screenshot(browser, "region-04-phone-390px.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn the_region_reads_its_schools_figures_by_period() -> Result<()> {
    let server = Server::start("region-").await?;
    println!("journal serve at {}", server.base);
    let setup = setup(&server.base).await?;
    let (base, s) = (&server.base, &setup);
    in_browser("region-", |b| async move { scenario(&b, base, s).await }).await
}
