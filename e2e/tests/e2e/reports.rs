//! Control and remarks (issue 13, R-R1, R-R2): the deputy opens the journal-keeping control
//! report, finds the class teacher's lesson without a topic, and writes a remark on the journal
//! page; the teacher sees it on the home screen, fills the topic and marks the remark done; the
//! deputy confirms it. Screenshots of the «Отчёты» screens and of the homes.

use anyhow::{ensure, Context, Result};
use chrono::{Duration, NaiveDate};
use fantoccini::Client as Browser;
use journal_api_types::remarks::{RemarkFilter, RemarkStatus};
use journal_api_types::reports::{LessonGap, ReportFormat, SpanFilter};
use journal_api_types::structure::AssignmentFilter;
use journal_api_types::timetable::LessonRecordInput;
use journal_e2e::api::{client_as, monday_of};
use journal_e2e::browser::{
    click, click_in_view, fill, screenshot, sign_in, sign_out, wait_focus, wait_gone, wait_path,
    wait_text,
};
use journal_e2e::{in_browser, poll_until, Server, DEMO_PASSWORD, UI_DEADLINE};
use uuid::Uuid;

const REMARK: &str = "Не записана тема урока";
const TOPIC: &str = "Решение задач на проценты";
const ANSWER: &str = "Тема записана";

/// The lesson the scenario is about: the class teacher's latest algebra lesson in 7А this week,
/// its topic cleared through the API so the control report lists it.
struct Setup {
    assignment: Uuid,
    period: Uuid,
    entry: Uuid,
    date: NaiveDate,
    /// The lesson's column on the journal page.
    col: usize,
    from: NaiveDate,
    to: NaiveDate,
}

async fn setup(base: &str) -> Result<Setup> {
    let teacher = client_as(base, "teacher").await?;
    let me = teacher.me().await?;
    let assignment = teacher
        .list_assignments(&AssignmentFilter {
            teacher_id: Some(me.user_id),
            class_id: None,
        })
        .await?
        .into_iter()
        .find(|a| a.class_name == "7А" && a.subject_name == "Алгебра" && a.group_id.is_none())
        .context("the demo teacher teaches algebra in 7А")?;
    let sheet = teacher.summary_sheet(assignment.class_id).await?;
    // The school's today, by its clock.
    let today =
        (chrono::Utc::now() + Duration::minutes(i64::from(me.utc_offset_minutes))).date_naive();
    let period = sheet
        .periods
        .iter()
        .find(|p| p.starts_on <= today && today <= p.ends_on)
        .or(sheet.periods.last())
        .context("the year has periods")?;
    let page = teacher.journal_page(assignment.id, period.id).await?.page;
    let (col, lesson) = page
        .lessons
        .iter()
        .enumerate()
        .rfind(|(_, l)| l.held_on <= today && l.change.is_none())
        .context("a lesson of the page held by today")?;
    let cleared = LessonRecordInput {
        conducted: true,
        topic: None,
        homework: lesson.homework.clone(),
        attendance_taken: true,
    };
    teacher
        .write_lesson(lesson.entry_id, lesson.lesson_date, &cleared)
        .await?;
    let from = monday_of(today).min(lesson.held_on);
    Ok(Setup {
        assignment: assignment.id,
        period: period.id,
        entry: lesson.entry_id,
        date: lesson.lesson_date,
        col,
        from,
        to: today,
    })
}

/// Whether the control report (as the deputy) lists the lesson as without a topic.
async fn listed_without_topic(base: &str, s: &Setup) -> Result<bool> {
    let deputy = client_as(base, "deputy").await?;
    let report = deputy
        .journal_control(&SpanFilter {
            from: s.from,
            to: s.to,
            class_id: None,
            subject_id: None,
            teacher_id: None,
            format: ReportFormat::Json,
        })
        .await?;
    Ok(report
        .pages
        .iter()
        .filter(|l| l.page.assignment_id == s.assignment)
        .flat_map(|l| &l.lessons)
        .any(|g| g.entry_id == s.entry && g.gaps.contains(&LessonGap::NoTopic)))
}

async fn the_remark(base: &str, s: &Setup) -> Result<(Uuid, RemarkStatus)> {
    let deputy = client_as(base, "deputy").await?;
    let list = deputy
        .list_remarks(&RemarkFilter {
            assignment_id: Some(s.assignment),
            ..RemarkFilter::default()
        })
        .await?;
    let r = list
        .items
        .into_iter()
        .find(|r| r.text.contains(REMARK))
        .context("the deputy's remark is recorded")?;
    Ok((r.id, r.status))
}

async fn scenario(browser: &Browser, base: &str, s: &Setup) -> Result<()> {
    // The deputy: the school at a glance, then the control report of the week.
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#overview-filling", "").await?;
    screenshot(browser, "reports-01-deputy-home.png").await?;
    click_in_view(browser, "#card-reports .card-link").await?;
    wait_path(browser, "/reports").await?;
    wait_text(browser, "#reports", "").await?;
    screenshot(browser, "reports-02-index.png").await?;
    browser
        .goto(&format!(
            "{base}/reports/journal-control?from={}&to={}",
            s.from, s.to
        ))
        .await?;
    wait_text(browser, "#control-pages", "7А").await?;
    screenshot(browser, "reports-03-journal-control.png").await?;
    let row = format!("tr[data-assignment='{}'] .expander", s.assignment);
    click_in_view(browser, &row).await?;
    let details = format!("#control-page-{}", s.assignment);
    wait_text(browser, &details, "без темы").await?;
    screenshot(browser, "reports-04-lessons-without-topic.png").await?;

    // From the report to the journal page, and a remark on it.
    click_in_view(browser, &format!("{details} .open-journal")).await?;
    wait_path(browser, &format!("/journal/{}/{}", s.assignment, s.period)).await?;
    wait_text(browser, "#remarks", "").await?;
    fill(
        browser,
        "#remark-text",
        &format!("{REMARK} ({})", s.date.format("%d.%m")),
    )
    .await?;
    click_in_view(browser, "#remark-submit").await?;
    wait_text(browser, "#remarks", REMARK).await?;
    screenshot(browser, "reports-05-remark-written.png").await?;
    let (remark, status) = the_remark(base, s).await?;
    ensure!(
        status == RemarkStatus::Open,
        "a new remark is open: {status:?}"
    );
    sign_out(browser).await?;

    // The teacher: the remark on the home screen; the topic filled; the remark done.
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#attention-remarks", REMARK).await?;
    screenshot(browser, "reports-06-teacher-home.png").await?;
    browser
        .goto(&format!("{base}/journal/{}/{}", s.assignment, s.period))
        .await?;
    wait_text(browser, "#journal-grid", "").await?;
    click_in_view(browser, &format!("#lesson-head-{}", s.col)).await?;
    wait_focus(browser, "panel-topic").await?;
    fill(browser, "#panel-topic", TOPIC).await?;
    click(browser, "#panel-save").await?;
    wait_gone(browser, "#lesson-panel").await?;
    poll_until("the topic saved", UI_DEADLINE, || async {
        Ok((!listed_without_topic(base, s).await?).then_some(()))
    })
    .await?;
    fill(browser, &format!("#remark-answer-{remark}"), ANSWER).await?;
    click_in_view(browser, &format!("#remark-done-{remark}")).await?;
    wait_text(
        browser,
        &format!("#remark-{remark}[data-status='done']"),
        ANSWER,
    )
    .await?;
    screenshot(browser, "reports-07-remark-done.png").await?;
    sign_out(browser).await?;

    // The deputy confirms it.
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#overview", "").await?;
    browser.goto(&format!("{base}/remarks")).await?;
    wait_text(browser, &format!("#remark-{remark}"), ANSWER).await?;
    click_in_view(browser, &format!("#remark-confirm-{remark}")).await?;
    poll_until("the remark confirmed", UI_DEADLINE, || async {
        let (_, status) = the_remark(base, s).await?;
        Ok((status == RemarkStatus::Confirmed).then_some(()))
    })
    .await?;
    screenshot(browser, "reports-08-remark-confirmed.png").await?;

    // The achievement report of the period, for the screenshots of «Отчёты».
    browser
        .goto(&format!(
            "{base}/reports/achievement?period_id={}",
            s.period
        ))
        .await?;
    wait_text(browser, "#achievement", "").await?;
    screenshot(browser, "reports-09-achievement.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn the_deputy_finds_a_missing_topic_and_the_teacher_resolves_the_remark() -> Result<()> {
    let server = Server::start("reports-").await?;
    println!("journal serve at {}", server.base);
    let setup = setup(&server.base).await?;
    ensure!(
        listed_without_topic(&server.base, &setup).await?,
        "the control report lists the lesson without a topic"
    );
    let (base, s) = (&server.base, &setup);
    in_browser("reports-", |b| async move { scenario(&b, base, s).await }).await
}
