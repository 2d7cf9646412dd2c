//! «Дневник»: a student's week for their guardians and themselves (R-D1, R-D2, R-A2, R-A3): the
//! lessons of each day with changes, topics, homework, marks and attendance; upcoming control
//! works and the teachers of the class; a guardian acknowledges the week.

use crate::app::Route;
use crate::components::acknowledge::Acknowledgement;
use crate::components::week_picker::WeekPicker;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::mark_text;
use crate::pages::timetable::{change_badge, lesson_number};
use crate::pages::{load_failed, loading, use_load_keyed, use_title, Load};
use crate::services::access::{acknowledges, sees_diary};
use crate::services::api::{describe, Api};
use crate::services::diary::{
    attendance_text, chosen_student, extract_file_name, extract_query, is_canonical, shown_days,
    upcoming, week_acknowledgements, week_asked, week_begun, weight_text,
};
use crate::services::files::download;
use crate::services::state::use_app;
use crate::services::week::{
    day_month, full_date, iso, short_person, today, weekday_name, weekday_number,
};
use chrono::NaiveDate;
use journal_api_types::diary::{
    Acknowledge, AcknowledgementView, Diary, DiaryDay, DiaryLesson, DiaryQuery, MyStudent,
};
use journal_api_types::journal::HomeworkFile;
use journal_client::Client;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiaryProps {
    #[prop_or_default]
    pub student_id: Option<Uuid>,
    #[prop_or_default]
    pub date: Option<NaiveDate>,
}

#[component]
pub fn DiaryPage(props: &DiaryProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::DiaryTitle);
    let navigator = use_navigator();
    let me = app.me();
    let students: Vec<MyStudent> = me.as_ref().map(|m| m.students.clone()).unwrap_or_default();
    let student = chosen_student(&students, props.student_id).cloned();
    let monday = week_asked(props.date, today());
    let reload = use_state(|| 0_u32);
    let file_error = use_state(|| None::<String>);
    let diary = use_load_keyed(
        (student.as_ref().map(|s| s.id), monday),
        *reload,
        |c, (student, monday)| async move {
            match student {
                Some(id) => c
                    .diary(
                        id,
                        &DiaryQuery {
                            from: Some(monday),
                            to: None,
                        },
                    )
                    .await
                    .map(Some),
                None => Ok(None),
            }
        },
    );
    // The address always names the student and the Monday shown, so a reload or a shared link
    // opens the same diary.
    {
        let navigator = navigator.clone();
        let canonical = student
            .as_ref()
            .filter(|s| !is_canonical(props.student_id, props.date, s.id, monday))
            .map(|s| Route::DiaryWeek {
                student_id: s.id,
                monday,
            });
        use_effect_with(canonical, move |to| {
            if let (Some(to), Some(navigator)) = (to, navigator) {
                navigator.replace(to);
            }
        });
    }

    // On a phone the first screen shows today's lessons: the current week scrolls to today.
    {
        let loaded = diary.ready().is_some_and(|d| d.is_some());
        use_effect_with((loaded, monday), move |(loaded, monday)| {
            if *loaded && *monday == journal_domain::diary::week_start(today()) {
                crate::services::browser::scroll_to_on_phone(".week-days .day.today");
            }
        });
    }

    let Some(me) = me else {
        return Html::default();
    };
    if !sees_diary(&me) || student.is_none() {
        return html! {
            <section class="page" id="diary-page">
                <h1>{ t(lang, Key::DiaryTitle) }</h1>
                <p id="diary-empty" class="muted">{ t(lang, Key::DiaryNoStudents) }</p>
            </section>
        };
    }
    let student = student.unwrap_or_else(|| students[0].clone());

    let on_week = {
        let (navigator, id) = (navigator.clone(), student.id);
        Callback::from(move |m: NaiveDate| {
            if let Some(navigator) = &navigator {
                navigator.push(&Route::DiaryWeek {
                    student_id: id,
                    monday: m,
                });
            }
        })
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let days = diary
        .ready()
        .and_then(|d| d.as_ref())
        .map_or(5, |d| shown_days(&d.days).len().max(5) as u8);

    let body = match &*diary {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, retry),
        Load::Ready(None) => Html::default(),
        Load::Ready(Some(d)) => {
            let on_done = {
                let reload = reload.clone();
                Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
            };
            let acks: Vec<AcknowledgementView> = week_acknowledgements(&d.acknowledgements, monday)
                .into_iter()
                .cloned()
                .collect();
            html! {
                <div class="diary-layout">
                    <div class="diary-main">
                        if acknowledges(&me) {
                            <Acknowledgement id="week-ack" title={Key::DiaryAckTitle} list_id="week-ack-list"
                                hint={Key::DiaryAckHint} button_id="acknowledge-week" not_yet={Key::DiaryAckNotBegun} none={Key::DiaryAckNone}
                                may={week_begun(monday, today())} student_id={d.student.id}
                                what={Acknowledge::Week { week_of: monday }} {acks} {on_done} />
                        }
                        if let Some(e) = &*file_error {
                            <p id="diary-file-error" class="form-error" role="alert">{ e.clone() }</p>
                        }
                        <div id="diary-days" class="week-days">
                            { for shown_days(&d.days).into_iter().map(|day| day_view(lang, &app.api, &file_error, day)) }
                        </div>
                    </div>
                    { aside(lang, d, monday) }
                </div>
            }
        }
    };

    html! {
        <section class="page diary-page" id="diary-page">
            <h1>{ t(lang, Key::DiaryTitle) }</h1>
            if students.len() > 1 {
                <nav class="child-switch" aria-label={t(lang, Key::DiaryChildren)}>
                    <ul>
                        { for students.iter().map(|s| {
                            let current = s.id == student.id;
                            html! {
                                <li>
                                    <Link<Route> to={Route::DiaryWeek { student_id: s.id, monday }}
                                        classes={classes!("child-link", current.then_some("current"))}>
                                        <span class="child-name" data-student={s.id.to_string()}
                                            aria-current={current.then_some("page")}>{ s.name.clone() }</span>
                                        <span class="child-class">{ s.class_name.clone() }</span>
                                    </Link<Route>>
                                </li>
                            }
                        }) }
                    </ul>
                </nav>
            }
            <p id="diary-student" class="lead" data-student={student.id.to_string()}>
                { tf(lang, Key::DiaryOf, &[("name", &student.name), ("class", &student.class_name)]) }
            </p>
            <div class="diary-tools">
                <form class="filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <WeekPicker id="diary-week" {monday} {days} on_change={on_week} />
                </form>
                <Link<Route> to={Route::Results { student_id: student.id }} classes="button secondary" >
                    <span id="diary-results-link">{ t(lang, Key::DiaryResultsLink) }</span>
                </Link<Route>>
                { extract_button(lang, &app.api, &file_error, student.id, monday) }
            </div>
            { body }
        </section>
    }
}

fn day_view(lang: Lang, api: &Api, error: &UseStateHandle<Option<String>>, day: &DiaryDay) -> Html {
    let n = weekday_number(day.date);
    let heading = format!("diary-day-{}", iso(day.date));
    html! {
        <section class={classes!("day", (day.date == today()).then_some("today"))}
            data-date={iso(day.date)} aria-labelledby={heading.clone()}>
            <h2 id={heading}>
                { weekday_name(lang, n) }
                <span class="day-date">{ day_month(lang, day.date) }</span>
                if day.date == today() {
                    <span class="badge ok">{ t(lang, Key::Today) }</span>
                }
                if let Some(h) = &day.holiday {
                    <span class="badge holiday">{ h.clone() }</span>
                }
            </h2>
            if day.lessons.is_empty() {
                if day.holiday.is_none() {
                    <p class="muted no-lessons">{ t(lang, Key::NoLessonsThisDay) }</p>
                }
            } else {
                <ol class="diary-lessons">
                    { for day.lessons.iter().map(|l| lesson_view(lang, api, error, l)) }
                </ol>
            }
        </section>
    }
}

fn lesson_view(
    lang: Lang,
    api: &Api,
    error: &UseStateHandle<Option<String>>,
    dl: &DiaryLesson,
) -> Html {
    let l = &dl.lesson;
    let kind = l.change.as_ref().map(|c| c.kind.as_str());
    let time = match (&l.starts_at, &l.ends_at) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    };
    let who = match &l.room_name {
        Some(room) => tf(
            lang,
            Key::DiaryTeacherRoom,
            &[("teacher", &short_person(&l.teacher_name)), ("room", room)],
        ),
        None => short_person(&l.teacher_name),
    };
    html! {
        <li class={classes!("diary-lesson", kind, l.is_moved_away().then_some("moved-away"))}
            data-date={iso(l.date)} data-lesson={l.lesson_number.to_string()}>
            <div class="diary-lesson-head">
                <span class="lesson-n">{ lesson_number(lang, l.lesson_number) }</span>
                <span class="lesson-time">{ time }</span>
            </div>
            <div class="diary-lesson-body">
                <p class="lesson-subject">{ l.subject_name.clone() }</p>
                <p class="lesson-teacher muted">{ who }</p>
                if l.change.is_some() {
                    <p class="lesson-change">{ change_badge(lang, l) }</p>
                }
                if let Some(topic) = &l.topic {
                    <p class="lesson-topic">{ tf(lang, Key::TopicLine, &[("topic", topic)]) }</p>
                }
                if l.homework.is_some() || !dl.files.is_empty() {
                    <div class="lesson-homework">
                        <span class="label-note">{ t(lang, Key::DiaryHomework) }</span>
                        { " " }
                        if let Some(hw) = &l.homework {
                            <span class="homework-text">{ hw.clone() }</span>
                        }
                        if let Some(due) = dl.homework_due {
                            { " " }
                            <span class="homework-due">{ tf(lang, Key::DiaryDue, &[("date", &day_month(lang, due))]) }</span>
                        }
                        if let Some(note) = &dl.homework_note {
                            <p class="homework-note muted">{ note.clone() }</p>
                        }
                        if !dl.files.is_empty() {
                            <ul class="homework-files plain-list">
                                { for dl.files.iter().map(|f| file_button(lang, api, error, f)) }
                            </ul>
                        }
                    </div>
                }
                if !dl.marks.is_empty() {
                    <ul class="diary-marks plain-list" aria-label={t(lang, Key::DiaryMarksLabel)}>
                        { for dl.marks.iter().map(|m| html! {
                            <li class="diary-mark">
                                <span class={classes!("mark-value", format!("m{}", m.value))}>{ mark_text(lang, &m.value) }</span>
                                <span class="mark-about">
                                    { format!("{}, {}", m.work_type_name, weight_text(lang, m.weight)) }
                                    if m.given_on != l.date {
                                        { format!(", {}", tf(lang, Key::DiaryGivenOn, &[("date", &full_date(lang, m.given_on))])) }
                                    }
                                    if let Some(c) = &m.comment {
                                        <span class="mark-comment">{ tf(lang, Key::DiaryComment, &[("text", c)]) }</span>
                                    }
                                </span>
                            </li>
                        }) }
                    </ul>
                }
                if let Some(a) = &dl.attendance {
                    <p class={classes!("diary-attendance", a.status.as_str())}>{ attendance_text(lang, a) }</p>
                }
            </div>
        </li>
    }
}

/// «Выписка за неделю (PDF)»: the printed extract of the week shown (R-D6), for families who
/// keep a paper copy or the class teacher who prints it for them.
fn extract_button(
    lang: Lang,
    api: &Api,
    error: &UseStateHandle<Option<String>>,
    student: Uuid,
    monday: NaiveDate,
) -> Html {
    let onclick = {
        let (api, error) = (api.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let (api, error) = (api.clone(), error.clone());
            let query = extract_query(monday);
            let name = extract_file_name(monday);
            spawn_local(async move {
                let call = |c: Client| {
                    let query = query.clone();
                    async move { c.extract(student, &query).await }
                };
                match api.call(call).await {
                    Ok(bytes) => error.set(download(&name, "application/pdf", &bytes).err()),
                    Err(e) => error.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    html! {
        <button type="button" id="diary-extract" class="button secondary" {onclick}>
            { t(lang, Key::DiaryExtract) }
        </button>
    }
}

fn file_button(
    lang: Lang,
    api: &Api,
    error: &UseStateHandle<Option<String>>,
    f: &HomeworkFile,
) -> Html {
    let onclick = {
        let (api, error) = (api.clone(), error.clone());
        let (id, name, mime) = (f.id, f.file_name.clone(), f.content_type.clone());
        Callback::from(move |_: MouseEvent| {
            let (api, error, name, mime) = (api.clone(), error.clone(), name.clone(), mime.clone());
            spawn_local(async move {
                match api.call(|c| async move { c.download_file(id).await }).await {
                    Ok(bytes) => error.set(download(&name, &mime, &bytes).err()),
                    Err(e) => error.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    html! {
        <li>
            <button type="button" class="button ghost file-download" {onclick}
                aria-label={tf(lang, Key::DiaryDownload, &[("name", &f.file_name)])}>
                { format!("📎 {}", f.file_name) }
            </button>
        </li>
    }
}

fn aside(lang: Lang, d: &Diary, monday: NaiveDate) -> Html {
    let works = upcoming(&d.control_works, monday);
    html! {
        <aside class="diary-aside">
            <section class="card" id="diary-control-works">
                <h2>{ t(lang, Key::DiaryControlWorks) }</h2>
                if works.is_empty() {
                    <p class="muted">{ t(lang, Key::DiaryNoControlWorks) }</p>
                } else {
                    <ul class="plain-list">
                        { for works.iter().map(|w| html! {
                            <li><strong>{ day_month(lang, w.date) }</strong>{ format!(" — {}: {}", w.subject_name, w.title) }</li>
                        }) }
                    </ul>
                }
            </section>
            <section class="card" id="diary-teachers">
                if let Some(ct) = &d.class_teacher_name {
                    <h2>{ t(lang, Key::DiaryClassTeacher) }</h2>
                    <p id="diary-class-teacher">{ ct.clone() }</p>
                }
                <h2>{ t(lang, Key::DiaryTeachers) }</h2>
                <ul class="plain-list">
                    { for d.teachers.iter().map(|tch| html! {
                        <li>{ format!("{} — {}", tch.subject_name, tch.teacher_name) }</li>
                    }) }
                </ul>
            </section>
        </aside>
    }
}
