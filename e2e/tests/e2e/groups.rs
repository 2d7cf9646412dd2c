//! Groups and the curriculum: a student leaves one English group of 7А for the other, and the
//! curriculum's hours meet the workload check (R-B3, R-B4, R-A6).

use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use fantoccini::Client as Browser;
use journal_api_types::groups::{Group, GroupFilter, MembersQuery};
use journal_api_types::structure::ClassFilter;
use journal_client::Client;
use journal_e2e::api::year_for_today;
use journal_e2e::browser::{
    click, click_in_view, fill, nav_to, screenshot, select, set_date, sign_in, sign_out, wait_text,
    wait_value,
};
use journal_e2e::{in_browser, Server, DEMO_PASSWORD};
use uuid::Uuid;

/// The demo group of `name` drawing from `class` this year.
async fn group_named(client: &Client, year: Uuid, class: Uuid, name: &str) -> Result<Group> {
    client
        .list_groups(&GroupFilter {
            year_id: Some(year),
            class_id: Some(class),
        })
        .await?
        .into_iter()
        .find(|g| g.name == name)
        .with_context(|| format!("the demo has the group «{name}»"))
}

async fn member_ids(client: &Client, group: Uuid, on: NaiveDate) -> Result<Vec<Uuid>> {
    Ok(client
        .group_members(
            group,
            &MembersQuery {
                on: Some(on),
                all: None,
            },
        )
        .await?
        .into_iter()
        .map(|m| m.student_id)
        .collect())
}

/// The deputy opens 7А's English «1 группа», records a student's last day in it (today), adds the
/// student to «2 группа» (from tomorrow, after a refusal for today that names the first group),
/// then raises 7th grade's hours of a subject in the curriculum and sees the workload check
/// (R-B3, R-B4, R-A6).
async fn groups_scenario(browser: &Browser, base: &str, today: NaiveDate) -> Result<()> {
    let mut deputy = Client::new(base);
    let tokens = deputy.login("deputy", DEMO_PASSWORD).await?;
    deputy.set_access_token(Some(tokens.access_token));
    let year = year_for_today(&deputy, today).await?;
    let tomorrow = today + chrono::Duration::days(1);
    ensure!(
        tomorrow <= year.year.ends_on,
        "the scenario needs tomorrow in this school year"
    );
    let class = deputy
        .list_classes(&ClassFilter {
            year_id: Some(year.year.id),
        })
        .await?
        .into_iter()
        .find(|c| c.name == "7А")
        .context("the demo has 7А this year")?;
    let first = group_named(
        &deputy,
        year.year.id,
        class.id,
        "7А английский язык, 1 группа",
    )
    .await?;
    let second = group_named(
        &deputy,
        year.year.id,
        class.id,
        "7А английский язык, 2 группа",
    )
    .await?;
    let moved = deputy
        .group_members(first.id, &MembersQuery::default())
        .await?
        .into_iter()
        .next()
        .context("«1 группа» has members today")?;
    let sid = moved.student_id;

    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    nav_to(browser, "/structure").await?;
    click(browser, "#tab-groups").await?;
    click_in_view(browser, &format!("#group-open-{}", first.id)).await?;
    wait_text(browser, "#group-card-title", &first.name).await?;
    let row = format!("#group-members tr[data-student='{sid}']");
    wait_text(browser, &row, &moved.last_name).await?;
    screenshot(browser, "40-group-card.png").await?;

    // «Выбыл(а) из группы»: the last day is today.
    click_in_view(browser, &format!("#leave-{sid}")).await?;
    wait_value(
        browser,
        "#leave-date",
        &today.format("%Y-%m-%d").to_string(),
    )
    .await?;
    set_date(browser, "#leave-date", today).await?;
    click_in_view(browser, "#leave-submit").await?;
    wait_text(browser, "#leave-done", "Выбытие записано").await?;
    wait_text(browser, &row, &today.format("%d.%m.%Y").to_string()).await?;
    screenshot(browser, "41-group-member-left.png").await?;

    // «2 группа» from today is refused in words that name «1 группа»; from tomorrow it is taken.
    click_in_view(browser, &format!("#group-open-{}", second.id)).await?;
    wait_text(browser, "#group-card-title", &second.name).await?;
    set_date(browser, "#group-on", tomorrow).await?;
    wait_value(
        browser,
        "#member-from",
        &tomorrow.format("%Y-%m-%d").to_string(),
    )
    .await?;
    select(browser, "#member-student", &sid.to_string()).await?;
    set_date(browser, "#member-from", today).await?;
    click_in_view(browser, "#member-submit").await?;
    wait_text(browser, "#member-error", "«7А английский язык, 1 группа»").await?;
    wait_text(browser, "#member-error", "сначала отметьте выбытие").await?;
    screenshot(browser, "42-group-division-taken.png").await?;
    set_date(browser, "#member-from", tomorrow).await?;
    select(browser, "#member-student", &sid.to_string()).await?;
    click_in_view(browser, "#member-submit").await?;
    wait_text(browser, "#member-done", "добавлен").await?;
    wait_text(browser, &row, &moved.last_name).await?;
    screenshot(browser, "43-group-member-joined.png").await?;

    ensure!(
        member_ids(&deputy, first.id, today).await?.contains(&sid)
            && !member_ids(&deputy, first.id, tomorrow)
                .await?
                .contains(&sid),
        "the student's last day in «1 группа» is today"
    );
    ensure!(
        !member_ids(&deputy, second.id, today).await?.contains(&sid)
            && member_ids(&deputy, second.id, tomorrow)
                .await?
                .contains(&sid),
        "the student is in «2 группа» from tomorrow"
    );

    // «Учебный план»: one more hour of 7th grade's first subject, saved as a whole, and the check.
    let plan: Vec<_> = deputy
        .curriculum(year.year.id)
        .await?
        .into_iter()
        .filter(|l| l.grade == 7 && l.profile.is_empty())
        .collect();
    let line = plan
        .first()
        .context("the demo has a 7th grade curriculum")?;
    let hours = line.hours_per_week + 1;
    click_in_view(browser, "#tab-curriculum").await?;
    select(browser, "#curriculum-grade", "7").await?;
    wait_value(browser, "#cl-0-subject", &line.subject_id.to_string()).await?;
    fill(browser, "#cl-0-hours", &hours.to_string()).await?;
    click_in_view(browser, "#curriculum-save").await?;
    wait_text(browser, "#curriculum-saved", "сохранён").await?;
    let stored = deputy.curriculum(year.year.id).await?;
    ensure!(
        stored
            .iter()
            .filter(|l| l.grade == 7 && l.profile.is_empty())
            .count()
            == plan.len()
            && stored.iter().any(|l| l.grade == 7
                && l.profile.is_empty()
                && l.subject_id == line.subject_id
                && l.hours_per_week == hours),
        "7th grade's plan has {hours} hours of {} and its other lines",
        line.subject_name
    );
    let checked = deputy
        .curriculum_check(year.year.id)
        .await?
        .into_iter()
        .find(|l| l.class_id == class.id && l.subject_id == line.subject_id)
        .context("the check has 7А's line of the subject")?;
    ensure!(
        checked.curriculum_hours == hours,
        "the check reads the new hours"
    );
    select(browser, "#check-class", &class.id.to_string()).await?;
    click_in_view(browser, "#check-only-problems").await?;
    let status = serde_json::to_value(checked.status)?;
    let status = status.as_str().context("a status is a string")?;
    let check_row = format!(
        "#curriculum-check tr[data-class='{}'][data-subject='{}'][data-status='{status}']",
        class.id, line.subject_id
    );
    wait_text(browser, &check_row, &line.subject_name).await?;
    wait_text(browser, "#curriculum-check", "Английский язык").await?;
    click_in_view(browser, "#curriculum-check-title").await?;
    screenshot(browser, "44-curriculum-check.png").await?;
    sign_out(browser).await
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn groups_and_curriculum_end_to_end() -> Result<()> {
    let server = Server::start("groups-").await?;
    println!("journal serve at {}", server.base);
    let today = journal_e2e::demo_today();

    let base = &server.base;
    in_browser("groups-", |b| async move {
        groups_scenario(&b, base, today).await
    })
    .await
}
