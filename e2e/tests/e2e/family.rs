//! The family: the diary on a phone, acknowledgement, messages with attachments, announcements,
//! notification settings (R-D1–R-D4).

use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use fantoccini::{Client as Browser, Locator};
use journal_api_types::users::UserFilter;
use journal_e2e::api::{client_as, monday_of};
use journal_e2e::browser::{
    choose_file, click, click_in_view, fill, nav_to, no_sideways_scroll, screenshot,
    scrolls_sideways, select, sign_in, sign_out, text_of, wait_gone, wait_path, wait_text,
    write_upload,
};
use journal_e2e::{in_browser, poll_until, Server, DEMO_PASSWORD, DEMO_SCHOOL, UI_DEADLINE};
use uuid::Uuid;

/// What the demo parent's diary holds this week, read through the API: the child whose class
/// has this week's substitution, marks and homework, the other child, and who leads that class.
struct DiarySetup {
    child: journal_api_types::diary::MyStudent,
    other: journal_api_types::diary::MyStudent,
    monday: NaiveDate,
    mark_subject: String,
    homework: String,
    substitute: String,
    class_teacher_id: Uuid,
    class_teacher_name: String,
    class_teacher_login: String,
}

async fn diary_setup(base: &str, today: NaiveDate) -> Result<DiarySetup> {
    use journal_api_types::diary::DiaryQuery;
    let client = client_as(base, "parent").await?;
    let me = client.me().await?;
    ensure!(
        me.students.len() == 2,
        "the demo parent has two children: {:?}",
        me.students
    );
    let monday = monday_of(today);
    let mut found = None;
    for (i, s) in me.students.iter().enumerate() {
        let diary = client
            .diary(
                s.id,
                &DiaryQuery {
                    from: Some(monday),
                    to: None,
                },
            )
            .await?;
        let lessons = || diary.days.iter().flat_map(|d| d.lessons.iter());
        let marked = lessons().find(|l| !l.marks.is_empty());
        let homework = lessons().find_map(|l| l.lesson.homework.clone());
        let substitute = lessons().find_map(|l| {
            l.lesson
                .change
                .as_ref()
                .filter(|c| c.kind == "substitution")
                .and_then(|c| c.substitute_name.clone())
        });
        if let (Some(m), Some(h), Some(sub)) = (marked, homework, substitute) {
            found = Some((
                i,
                m.lesson.subject_name.clone(),
                h,
                sub,
                diary
                    .class_teacher_name
                    .clone()
                    .context("the class has a class teacher")?,
            ));
            break;
        }
    }
    let (i, mark_subject, homework, substitute, class_teacher) = found
        .context("one of the parent's children has marks, homework and a substitution this week")?;
    // The class teacher's account, found by name among the accounts (the administrator lists them).
    let admin = client_as(base, "admin").await?;
    let users = admin
        .list_users(&UserFilter {
            limit: Some(500),
            ..UserFilter::default()
        })
        .await?;
    let teacher = users
        .items
        .iter()
        .find(|u| {
            let full = match &u.middle_name {
                Some(m) => format!("{} {} {m}", u.last_name, u.first_name),
                None => format!("{} {}", u.last_name, u.first_name),
            };
            full == class_teacher
        })
        .with_context(|| format!("an account of the class teacher {class_teacher}"))?;
    Ok(DiarySetup {
        child: me.students[i].clone(),
        other: me.students[1 - i].clone(),
        monday,
        mark_subject,
        homework,
        substitute,
        class_teacher_id: teacher.id,
        class_teacher_name: class_teacher,
        class_teacher_login: teacher.login.clone(),
    })
}

/// The guardian's week on a phone: switching child, marks, homework, the substitution, weeks in
/// the address, «Ознакомлен(а)» and the period results.
async fn parent_diary(browser: &Browser, base: &str, s: &DiarySetup) -> Result<()> {
    browser.set_window_size(390, 844).await?;
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "parent", DEMO_PASSWORD).await?;
    // A guardian lands on the diary of the first child (alphabetically), this week.
    let first = if s.child.name < s.other.name {
        &s.child
    } else {
        &s.other
    };
    wait_path(browser, &format!("/diary/{}/{}", first.id, s.monday)).await?;
    wait_text(browser, "#diary-student", &first.name).await?;
    wait_text(browser, "#diary-days", "урок").await?;
    // Switching child: the other child, then the one with this week's substitution and marks.
    for child in [&s.other, &s.child] {
        click(
            browser,
            &format!(".child-name[data-student='{}']", child.id),
        )
        .await?;
        wait_path(browser, &format!("/diary/{}/{}", child.id, s.monday)).await?;
        wait_text(browser, "#diary-student", &child.name).await?;
    }
    wait_text(
        browser,
        ".diary-lesson.substitution .lesson-change",
        "Замена:",
    )
    .await?;
    let substitute_last = s.substitute.split_whitespace().next().unwrap_or_default();
    wait_text(browser, ".diary-lesson.substitution", substitute_last).await?;
    wait_text(browser, "#diary-days", &s.homework).await?;
    wait_text(browser, "#diary-days", &s.mark_subject).await?;
    let marks = browser
        .find_all(Locator::Css(".diary-mark .mark-value"))
        .await?;
    ensure!(!marks.is_empty(), "this week's marks are shown");
    wait_text(browser, ".diary-mark .mark-about", "вес").await?;
    wait_text(browser, "#diary-teachers", "Классный руководитель").await?;
    ensure!(
        !scrolls_sideways(browser).await?,
        "the diary does not scroll sideways at 390 px"
    );
    screenshot(browser, "family-01-week-390px.png").await?;

    // The previous week and back: the address follows.
    click(browser, "#diary-week-prev").await?;
    let previous = s.monday - chrono::Duration::weeks(1);
    wait_path(browser, &format!("/diary/{}/{}", s.child.id, previous)).await?;
    click(browser, "#diary-week-today").await?;
    wait_path(browser, &format!("/diary/{}/{}", s.child.id, s.monday)).await?;

    // «Ознакомлен(а)» for the week: afterwards it says who acknowledged and when.
    click(browser, "#acknowledge-week").await?;
    wait_text(browser, "#week-ack-list", "Ознакомлен(а): Егорова Ева").await?;
    wait_gone(browser, "#acknowledge-week").await?;
    screenshot(browser, "family-02-acknowledged-390px.png").await?;

    // Period results of the child.
    click(browser, "#diary-results-link").await?;
    wait_path(browser, &format!("/results/{}", s.child.id)).await?;
    wait_text(browser, "#results-subjects", "Средний балл").await?;
    ensure!(
        !scrolls_sideways(browser).await?,
        "the results do not scroll sideways at 390 px"
    );
    screenshot(browser, "family-03-results-390px.png").await?;
    Ok(())
}

/// The class teacher sees the mother's acknowledgement on the sheet of the child's class.
async fn teacher_sees_acknowledgement(browser: &Browser, s: &DiarySetup) -> Result<()> {
    nav_to(browser, "/acknowledgements").await?;
    wait_text(browser, "#ack-sheet-summary", &s.child.class_name).await?;
    let line = format!("#ack-sheet .sheet-student[data-student='{}']", s.child.id);
    wait_text(browser, &line, "Ознакомлен(а)").await?;
    let mut mother = None;
    for g in browser
        .find_all(Locator::Css(&format!("{line} .sheet-guardian")))
        .await?
    {
        let text = g.text().await?;
        if text.contains("Егорова Ева") {
            mother = Some(text);
        }
    }
    let mother = mother.context("the mother is on the sheet")?;
    ensure!(
        mother.contains("Ознакомлен(а) ") && mother.contains("Доступ к дневнику: да"),
        "the mother's acknowledgement is on the sheet: {mother}"
    );
    ensure!(
        !scrolls_sideways(browser).await?,
        "the sheet does not scroll sideways at 390 px"
    );
    screenshot(browser, "family-08-sheet-390px.png").await?;
    Ok(())
}

/// The number on the menu's unread badge (on the menu's button while the phone's drawer is
/// closed); 0 without a badge.
async fn unread_badge(browser: &Browser) -> Result<i64> {
    for css in ["#menu-unread", "#unread-badge"] {
        if let Ok(badge) = browser.find(Locator::Css(css)).await {
            if badge.is_displayed().await? {
                return Ok(badge.text().await?.trim().parse()?);
            }
        }
    }
    Ok(0)
}

const ATTACHMENT_NAME: &str = "справка.txt";
const ATTACHMENT_TEXT: &str = "Справка № 15 от участкового педиатра: освобождён с 16 по 20 ноября.";
const MESSAGE_SUBJECT: &str = "Справка после болезни";
const MESSAGE_BODY: &str = "Здравствуйте! Сын был болен, справку прикладываю.";
const REPLY: &str = "Спасибо, выздоравливайте!";
const ANNOUNCEMENT: &str = "Родительское собрание в четверг";

/// The id of the unread thread in the list whose line holds `subject`, once it is shown.
async fn unread_thread(browser: &Browser, subject: &str) -> Result<String> {
    poll_until(
        &format!("an unread thread {subject:?} in the list"),
        UI_DEADLINE,
        || async {
            for item in browser
                .find_all(Locator::Css("#thread-list .thread-item.unread"))
                .await?
            {
                if item.text().await?.contains(subject) {
                    return Ok(item.attr("id").await?);
                }
            }
            Ok(None)
        },
    )
    .await
}

/// The guardian writes to the class teacher with a file attached.
async fn parent_writes(browser: &Browser, s: &DiarySetup) -> Result<()> {
    nav_to(browser, "/messages").await?;
    wait_text(browser, "#messages h1", "Сообщения").await?;
    text_of(browser, "#thread-list .thread-item").await?;
    no_sideways_scroll(browser, "the thread list").await?;
    screenshot(browser, "family-04-messages-390px.png").await?;

    // «Новое сообщение» to the class teacher, found in the group of that relation.
    click_in_view(browser, "a.new-message").await?;
    wait_text(browser, "#recipients", "Классный руководитель").await?;
    let label = format!("label[for='recipient-{}']", s.class_teacher_id);
    let relations = browser
        .find(Locator::Css(&label))
        .await?
        .attr("data-relations")
        .await?
        .unwrap_or_default();
    ensure!(
        relations.split(' ').any(|r| r == "class_teacher"),
        "{} is listed as a class teacher: {relations:?}",
        s.class_teacher_name
    );
    wait_text(browser, &label, &s.class_teacher_name).await?;
    no_sideways_scroll(browser, "the new message form").await?;

    // Sending without a subject is refused before asking the server.
    click_in_view(browser, &format!("#recipient-{}", s.class_teacher_id)).await?;
    fill(browser, "#message-body", MESSAGE_BODY).await?;
    click_in_view(browser, "#message-send").await?;
    wait_text(browser, "#message-problem", "Укажите тему").await?;

    fill(browser, "#message-subject", MESSAGE_SUBJECT).await?;
    let upload = write_upload(ATTACHMENT_NAME, ATTACHMENT_TEXT)?;
    choose_file(browser, "#message-files", &upload).await?;
    wait_text(browser, "#picked-files", ATTACHMENT_NAME).await?;
    screenshot(browser, "family-05-new-message-390px.png").await?;
    click_in_view(browser, "#message-send").await?;
    wait_text(browser, "#thread-subject", MESSAGE_SUBJECT).await?;
    wait_text(browser, "#message-list", MESSAGE_BODY).await?;
    wait_text(
        browser,
        "#message-list .message.mine .attachment",
        ATTACHMENT_NAME,
    )
    .await?;
    wait_text(
        browser,
        "#message-list .message.mine .message-relation",
        "вы",
    )
    .await?;
    no_sideways_scroll(browser, "the thread").await?;
    screenshot(browser, "family-06-sent-390px.png").await?;
    Ok(())
}

/// The guardian asks for one letter a day and no letters about absences; the choice is kept.
async fn parent_sets_notifications(browser: &Browser) -> Result<()> {
    nav_to(browser, "/notifications").await?;
    wait_text(browser, "#notifications h1", "Уведомления").await?;
    click_in_view(browser, "#delivery-digest").await?;
    click_in_view(browser, "#notify-absences").await?;
    click_in_view(browser, "#notifications-save").await?;
    wait_text(browser, "#notifications-saved", "сохранены").await?;
    no_sideways_scroll(browser, "the notification settings").await?;
    screenshot(browser, "family-07-notifications-390px.png").await?;
    browser.refresh().await?;
    wait_text(browser, "#notifications h1", "Уведомления").await?;
    let checked = |css: &'static str| async move {
        let v = browser
            .find(Locator::Css(css))
            .await?
            .prop("checked")
            .await?;
        Ok::<_, anyhow::Error>(v.as_deref() == Some("true"))
    };
    poll_until("the saved choice after a reload", UI_DEADLINE, || async {
        Ok((checked("#delivery-digest").await?
            && !checked("#notify-absences").await?
            && checked("#notify-marks").await?)
            .then_some(()))
    })
    .await
}

/// The class teacher finds the mother's message unread, opens it with its attachment, answers,
/// and announces a meeting to the child's class.
async fn teacher_answers_and_announces(browser: &Browser, s: &DiarySetup) -> Result<()> {
    let badge = poll_until("the unread badge", UI_DEADLINE, || async {
        let n = unread_badge(browser).await?;
        Ok((n > 0).then_some(n))
    })
    .await?;
    nav_to(browser, "/messages").await?;
    let item = unread_thread(browser, MESSAGE_SUBJECT).await?;
    let line = text_of(browser, &format!("#{item}")).await?;
    ensure!(line.contains("1 новое"), "the new thread reads {line:?}");
    screenshot(browser, "family-09-teacher-messages-390px.png").await?;
    click_in_view(browser, &format!("#{item} .thread-link")).await?;
    wait_text(browser, "#thread-subject", MESSAGE_SUBJECT).await?;
    wait_text(browser, "#message-list", MESSAGE_BODY).await?;
    wait_text(browser, "#message-list .attachment", ATTACHMENT_NAME).await?;
    screenshot(browser, "family-10-teacher-reads-390px.png").await?;
    // Reading it takes it off the badge.
    poll_until("the badge to count one less", UI_DEADLINE, || async {
        Ok((unread_badge(browser).await? == badge - 1).then_some(()))
    })
    .await?;
    fill(browser, "#reply-text", REPLY).await?;
    click_in_view(browser, "#reply-send").await?;
    wait_text(browser, "#message-list", REPLY).await?;

    // «Объявления»: a meeting for the child's class.
    nav_to(browser, "/announcements").await?;
    wait_text(browser, "#announcements h1", "Объявления").await?;
    click_in_view(browser, "#announcement-new").await?;
    let class_id = s.child.class_id.context("the child is in a class")?;
    select(browser, "#announcement-class", &class_id.to_string()).await?;
    fill(browser, "#announcement-subject", ANNOUNCEMENT).await?;
    fill(
        browser,
        "#announcement-body",
        "Начало в 18:00, кабинет 12. Повестка: итоги первой четверти.",
    )
    .await?;
    click_in_view(browser, "#announcement-post").await?;
    // The posted announcement opens, addressed to the class's families.
    wait_text(browser, "#thread-subject", ANNOUNCEMENT).await?;
    wait_text(browser, "#thread", "Участники:").await?;
    no_sideways_scroll(browser, "the announcements").await?;
    screenshot(browser, "family-11-announced-390px.png").await?;
    Ok(())
}

/// Back as the guardian: the answer in the thread, the announcement among the announcements,
/// read-only.
async fn parent_reads_answer_and_announcement(browser: &Browser) -> Result<()> {
    nav_to(browser, "/messages").await?;
    let item = unread_thread(browser, MESSAGE_SUBJECT).await?;
    click_in_view(browser, &format!("#{item} .thread-link")).await?;
    wait_text(browser, "#message-list", REPLY).await?;
    nav_to(browser, "/announcements").await?;
    let item = unread_thread(browser, ANNOUNCEMENT).await?;
    ensure!(
        browser
            .find_all(Locator::Css("#announcement-form"))
            .await?
            .is_empty(),
        "a guardian does not post announcements"
    );
    click_in_view(browser, &format!("#{item} .thread-link")).await?;
    wait_text(browser, "#thread-subject", ANNOUNCEMENT).await?;
    wait_text(browser, "#thread-read-only", "").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#reply-form"))
            .await?
            .is_empty(),
        "an announcement takes no replies"
    );
    no_sideways_scroll(browser, "the announcement").await?;
    screenshot(browser, "family-12-announcement-390px.png").await?;
    Ok(())
}

/// The acceptance scenario of the family issue, on a phone: the guardian's week, acknowledgement
/// and message; the class teacher's view of both, answer and announcement; the guardian reads them.
async fn family_scenario(browser: &Browser, base: &str, s: &DiarySetup) -> Result<()> {
    browser.set_window_size(390, 844).await?;
    parent_diary(browser, base, s).await?;
    parent_writes(browser, s).await?;
    parent_sets_notifications(browser).await?;
    sign_out(browser).await?;

    sign_in(browser, &s.class_teacher_login, DEMO_PASSWORD).await?;
    teacher_sees_acknowledgement(browser, s).await?;
    teacher_answers_and_announces(browser, s).await?;
    sign_out(browser).await?;

    sign_in(browser, "parent", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    parent_reads_answer_and_announcement(browser).await
}

/// What the browser did, read back through the API: the attachment's bytes as the class teacher
/// downloads them, and the mother's notification settings.
async fn family_api_checks(base: &str, s: &DiarySetup) -> Result<()> {
    use journal_api_types::messages::{DeliveryMode, ThreadQuery};
    let teacher = client_as(base, &s.class_teacher_login).await?;
    let threads = teacher
        .list_threads(&ThreadQuery {
            q: Some(MESSAGE_SUBJECT.into()),
            ..ThreadQuery::default()
        })
        .await?;
    let summary = threads
        .items
        .first()
        .context("the class teacher finds the mother's thread")?;
    let thread = teacher.thread(summary.id).await?;
    let attachment = thread
        .messages
        .iter()
        .flat_map(|m| m.attachments.iter())
        .find(|a| a.file_name == ATTACHMENT_NAME)
        .context("the attachment is on the message")?;
    let bytes = teacher.message_attachment(attachment.id).await?;
    ensure!(
        bytes == ATTACHMENT_TEXT.as_bytes(),
        "the class teacher downloads the file the mother chose"
    );
    let parent = client_as(base, "parent").await?;
    let prefs = parent.notification_preferences().await?;
    ensure!(
        prefs.delivery == DeliveryMode::Digest && !prefs.absences && prefs.marks,
        "the mother's settings are kept: {prefs:?}"
    );
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn family_end_to_end() -> Result<()> {
    let server = Server::start("family-").await?;
    println!("journal serve at {}", server.base);
    // The browser and this test run on the same machine: "this week" is the same for both.
    let today = journal_e2e::demo_today();
    let setup = diary_setup(&server.base, today).await?;
    let (base, s) = (&server.base, &setup);
    in_browser(
        "family-",
        |b| async move { family_scenario(&b, base, s).await },
    )
    .await?;
    family_api_checks(&server.base, &setup).await
}
