//! «Мои уроки»: a teacher's lessons of a week, including those they cover for a colleague and
//! their own lessons covered by someone else (R-A4, R-T2). Each lesson opens its page.

use crate::app::Route;
use crate::components::week_picker::WeekPicker;
use crate::i18n::{t, tf, Key};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::timetable::{change_badge, lesson_number};
use crate::pages::{use_load_keyed, use_title, Load};
use crate::services::api::describe;
use crate::services::lessons::{mine, ChangeKind, Mine};
use crate::services::state::use_app;
use crate::services::week::{
    day_month, day_of_week, iso, monday_of, short_person, today, weekday_name, weekday_number,
};
use chrono::{Duration, NaiveDate};
use journal_api_types::timetable::{Lesson, LessonFilter};
use journal_api_types::Role;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn MyWeekPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::MyWeekTitle);
    let me = app.me();
    let teacher = me
        .as_ref()
        .filter(|me| me.roles.contains(&Role::Teacher))
        .map(|me| me.user_id);
    let monday = use_state(|| monday_of(today()));
    let reload = use_state(|| 0_u32);
    let lessons = use_load_keyed(
        (teacher, *monday),
        *reload,
        |c, (teacher, monday)| async move {
            let Some(teacher_id) = teacher else {
                return Ok(Vec::new());
            };
            let filter = LessonFilter {
                class_id: None,
                teacher_id: Some(teacher_id),
                from: monday,
                to: monday + Duration::days(6),
            };
            c.list_lessons(&filter).await
        },
    );
    let Some(user) = teacher else {
        return html! { <ForbiddenPage /> };
    };

    let on_week = {
        let monday = monday.clone();
        Callback::from(move |m: NaiveDate| monday.set(m))
    };
    let list: &[Lesson] = lessons.ready().map(Vec::as_slice).unwrap_or_default();
    let days: u8 = if list.iter().any(|l| weekday_number(l.date) == 6) {
        6
    } else {
        5
    };

    let body = match &*lessons {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! {
            <div class="form-error" role="alert">
                <p>{ describe(lang, e) }</p>
                <button type="button" class="button secondary"
                    onclick={let reload = reload.clone(); Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))}>
                    { t(lang, Key::Retry) }
                </button>
            </div>
        },
        Load::Ready(list) => html! {
            <div id="my-week" class="week-days">
                { for (1..=days).map(|n| {
                    let date = day_of_week(*monday, n);
                    let today_class = (date == today()).then_some("today");
                    let of_day: Vec<&Lesson> = list.iter().filter(|l| l.date == date).collect();
                    let heading_id = format!("day-{}", iso(date));
                    html! {
                        <section class={classes!("day", today_class)} data-date={iso(date)} aria-labelledby={heading_id.clone()}>
                            <h2 id={heading_id}>
                                { weekday_name(lang, n) }
                                <span class="day-date">{ day_month(lang, date) }</span>
                                if date == today() {
                                    <span class="badge ok">{ t(lang, Key::Today) }</span>
                                }
                            </h2>
                            if of_day.is_empty() {
                                <p class="muted no-lessons">{ t(lang, Key::NoLessonsThisDay) }</p>
                            } else {
                                <ol class="lesson-list">
                                    { for of_day.iter().map(|l| lesson_item(lang, user, l)) }
                                </ol>
                            }
                        </section>
                    }
                }) }
            </div>
        },
    };

    html! {
        <section class="page" id="my-week-page">
            <h1>{ t(lang, Key::MyWeekTitle) }</h1>
            <p class="muted">{ t(lang, Key::MyWeekIntro) }</p>
            <form class="filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <WeekPicker id="my-week-date" monday={*monday} {days} on_change={on_week} />
            </form>
            { body }
        </section>
    }
}

fn lesson_item(lang: crate::i18n::Lang, user: uuid::Uuid, l: &Lesson) -> Html {
    let relation = mine(user, l);
    let kind = l.change.as_ref().map(|c| c.kind);
    let time = match (&l.starts_at, &l.ends_at) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    };
    let relation_line = match &relation {
        Mine::Covering { teacher } => Some(html! {
            <span class="badge change sub covering">
                { tf(lang, Key::CoveringFor, &[("name", &short_person(teacher))]) }
            </span>
        }),
        Mine::CoveredBy { substitute } => Some(html! {
            <span class="badge change sub covered">
                { tf(lang, Key::SubstitutedBy, &[("name", &short_person(substitute))]) }
            </span>
        }),
        Mine::Own => None,
    };
    let other_change = match (&relation, &l.change) {
        (Mine::Own, Some(_)) => Some(html! {
            <span class="tt-change">{ change_badge(lang, l) }</span>
        }),
        _ => None,
    };
    let readonly =
        matches!(relation, Mine::CoveredBy { .. }) || kind == Some(ChangeKind::Cancellation);
    let held = if l.conducted {
        html! { <span class="badge ok">{ t(lang, Key::Conducted) }</span> }
    } else if readonly {
        Html::default()
    } else {
        html! { <span class="badge warn">{ t(lang, Key::NotConducted) }</span> }
    };
    let read_only = if readonly {
        html! { <span class="badge">{ t(lang, Key::ReadOnly) }</span> }
    } else {
        Html::default()
    };
    html! {
        <li class={classes!("lesson-item", kind.map(|k| k.as_str()), readonly.then_some("readonly"), l.is_moved_away().then_some("moved-away"))}
            data-date={iso(l.date)} data-lesson={l.lesson_number.to_string()} data-entry={l.entry_id.to_string()}>
            <Link<Route> to={Route::Lesson { entry_id: l.entry_id, date: l.scheduled_date }} classes="lesson-link">
                <span class="lesson-when">
                    <span class="lesson-n">{ lesson_number(lang, l.lesson_number) }</span>
                    <span class="lesson-time">{ time }</span>
                </span>
                <span class="lesson-what">
                    <span class="lesson-subject">{ format!("{}, {}", l.subject_name, l.class_name) }</span>
                    if let Some(room) = &l.room_name {
                        <span class="lesson-room">{ room.clone() }</span>
                    }
                    if let Some(topic) = &l.topic {
                        <span class="lesson-topic">{ tf(lang, Key::TopicLine, &[("topic", topic)]) }</span>
                    }
                </span>
                <span class="lesson-marks">
                    { for relation_line }
                    { for other_change }
                    { held }
                    { read_only }
                </span>
            </Link<Route>>
        </li>
    }
}
