//! One dated lesson: held or not, topic and homework (R-J1). Written by its teacher, or by the
//! substitute when the lesson is covered (R-A4, R-T2); read-only for everyone else.

use crate::app::Route;
use crate::components::form::SubmitButton;
use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{t, tf, Key};
use crate::pages::timetable::{change_badge, lesson_number};
use crate::pages::{use_load_keyed, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::lessons::{may_write, mine, ChangeKind, Mine};
use crate::services::state::use_app;
use crate::services::week::{full_date, short_person, weekday_name, weekday_number};
use chrono::NaiveDate;
use journal_api_types::timetable::{Lesson, LessonRecordInput};
use journal_api_types::Role;
use journal_client::ClientError;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPageProps {
    pub entry_id: Uuid,
    pub date: NaiveDate,
}

fn is_forbidden(e: &ClientError) -> bool {
    e.status() == Some(403)
}

#[component]
pub fn LessonPage(props: &LessonPageProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::LessonTitle);
    let reload = use_state(|| 0_u32);
    let lesson = use_load_keyed(
        (props.entry_id, props.date),
        *reload,
        |c, (entry, date)| async move { c.lesson(entry, date).await },
    );
    let me = app.me();
    let back = match &me {
        Some(me) if me.roles.contains(&Role::Teacher) => {
            html! { <Link<Route> to={Route::MyWeek} classes="back-link">{ t(lang, Key::BackToMyWeek) }</Link<Route>> }
        }
        Some(me) if may(me, Action::ViewStructure) => {
            html! { <Link<Route> to={Route::Timetable} classes="back-link">{ t(lang, Key::BackToTimetable) }</Link<Route>> }
        }
        _ => Html::default(),
    };
    let content = match (&*lesson, &me) {
        (Load::Loading, _) | (_, None) => {
            html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> }
        }
        (Load::Failed(e), _) if is_forbidden(e) => html! {
            <p id="lesson-forbidden" class="form-error" role="alert">{ t(lang, Key::LessonOfAnotherTeacher) }</p>
        },
        (Load::Failed(e), _) => html! {
            <div class="form-error" role="alert" id="lesson-load-error">
                <p>{ describe(lang, e) }</p>
                <button type="button" class="button secondary"
                    onclick={let reload = reload.clone(); Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))}>
                    { t(lang, Key::Retry) }
                </button>
            </div>
        },
        (Load::Ready(l), Some(me)) => {
            let writable = may_write(me.user_id, &me.roles, l);
            let relation = mine(me.user_id, l);
            html! { <LessonView lesson={Rc::new(l.clone())} {writable} {relation} /> }
        }
    };
    html! {
        <section class="page narrow" id="lesson">
            <p>{ back }</p>
            { content }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    lesson: Rc<Lesson>,
    writable: bool,
    relation: Mine,
}

/// Why the form is read-only.
fn readonly_reason(lang: crate::i18n::Lang, l: &Lesson, relation: &Mine) -> String {
    match (relation, l.change.as_ref().map(|c| c.kind)) {
        (Mine::CoveredBy { substitute }, _) => tf(
            lang,
            Key::ReadOnlyCovered,
            &[("name", &short_person(substitute))],
        ),
        (_, Some(ChangeKind::Cancellation)) => t(lang, Key::ReadOnlyCancelled).to_owned(),
        _ => t(lang, Key::LessonOfAnotherTeacher).to_owned(),
    }
}

#[component]
fn LessonView(props: &ViewProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let l = props.lesson.clone();
    let conducted = use_state(|| l.conducted);
    let topic = use_state(|| l.topic.clone().unwrap_or_default());
    let homework = use_state(|| l.homework.clone().unwrap_or_default());
    let busy = use_state(|| false);
    let saved = use_state(|| false);
    let problem = use_state(|| None::<Failure>);
    let invalid = use_state(|| false);
    // A 403 on saving: the server knows better (e.g. a substitution registered meanwhile).
    let refused = use_state(|| false);
    let writable = props.writable && !*refused;

    let on_conducted = {
        let (conducted, saved) = (conducted.clone(), saved.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            saved.set(false);
            conducted.set(input.checked());
        })
    };
    let on_topic = {
        let (topic, saved) = (topic.clone(), saved.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            saved.set(false);
            topic.set(input.value());
        })
    };
    let on_homework = {
        let (homework, saved) = (homework.clone(), saved.clone());
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            saved.set(false);
            homework.set(area.value());
        })
    };
    let onsubmit = {
        let api = app.api.clone();
        let (conducted, topic, homework, busy, saved, problem, invalid, refused) = (
            conducted.clone(),
            topic.clone(),
            homework.clone(),
            busy.clone(),
            saved.clone(),
            problem.clone(),
            invalid.clone(),
            refused.clone(),
        );
        let (entry_id, date) = (l.entry_id, l.scheduled_date);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let text = |s: &str| {
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_owned())
            };
            let record = LessonRecordInput {
                conducted: *conducted,
                topic: text(&topic),
                homework: text(&homework),
                attendance_taken: false,
            };
            if record.validate().is_err() {
                invalid.set(true);
                return;
            }
            invalid.set(false);
            busy.set(true);
            saved.set(false);
            problem.set(None);
            let (api, busy, saved, problem, refused, topic, homework, conducted) = (
                api.clone(),
                busy.clone(),
                saved.clone(),
                problem.clone(),
                refused.clone(),
                topic.clone(),
                homework.clone(),
                conducted.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let record = record.clone();
                        async move { c.write_lesson(entry_id, date, &record).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(stored) => {
                        // Show what the server kept (it trims the texts).
                        conducted.set(stored.conducted);
                        topic.set(stored.topic.unwrap_or_default());
                        homework.set(stored.homework.unwrap_or_default());
                        saved.set(true);
                    }
                    Err(e) if is_forbidden(&e) => refused.set(true),
                    Err(e) => problem.set(Some(Failure::from(e))),
                }
            });
        })
    };

    let when = tf(
        lang,
        Key::TtPanelWhen,
        &[
            ("day", weekday_name(lang, weekday_number(l.date))),
            ("date", &full_date(lang, l.date)),
            ("lesson", &lesson_number(lang, l.lesson_number)),
        ],
    );
    let time = match (&l.starts_at, &l.ends_at) {
        (Some(a), Some(b)) => format!(" ({a}–{b})"),
        _ => String::new(),
    };
    let relation_note = match &props.relation {
        Mine::Covering { teacher } => Some(tf(
            lang,
            Key::CoveringFor,
            &[("name", &short_person(teacher))],
        )),
        _ => None,
    };
    let reason = if *refused {
        Some(t(lang, Key::LessonOfAnotherTeacher).to_owned())
    } else if !props.writable {
        Some(readonly_reason(lang, &l, &props.relation))
    } else {
        None
    };

    html! {
        <>
            <h1 id="lesson-title">{ format!("{}, {}", l.subject_name, l.class_name) }</h1>
            <dl class="details compact">
                <dt>{ t(lang, Key::When) }</dt>
                <dd id="lesson-when">{ format!("{when}{time}") }</dd>
                <dt>{ t(lang, Key::TtTeacher) }</dt>
                <dd>{ l.teacher_name.clone() }</dd>
                <dt>{ t(lang, Key::Room) }</dt>
                <dd>{ l.room_name.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }</dd>
                if let Some(c) = &l.change {
                    <dt>{ t(lang, Key::ChangeLabel) }</dt>
                    <dd id="lesson-change">
                        { change_badge(lang, &l) }
                        if let Some(r) = &c.reason {
                            <span class="muted">{ format!(" — {r}") }</span>
                        }
                    </dd>
                }
            </dl>
            if let Some(note) = relation_note {
                <p class="notice" id="lesson-covering">{ note }</p>
            }
            if let Some(reason) = reason.clone() {
                <p class="notice warn" id="lesson-readonly" role="status">{ reason }</p>
            }
            <form id="lesson-form" class="form card" onsubmit={onsubmit} novalidate=true>
                <fieldset class="plain" disabled={!writable}>
                    <legend class="visually-hidden">{ t(lang, Key::LessonRecord) }</legend>
                    <label class="check" for="lesson-conducted">
                        <input type="checkbox" id="lesson-conducted" checked={*conducted} onchange={on_conducted} />
                        <span>{ t(lang, Key::LessonConducted) }</span>
                    </label>
                    <div class="field">
                        <label for="lesson-topic">{ t(lang, Key::LessonTopic) }</label>
                        <input type="text" id="lesson-topic" value={(*topic).clone()} oninput={on_topic}
                            maxlength="500" autocomplete="off" readonly={!writable}
                            aria-invalid={(*invalid).then_some("true")} />
                    </div>
                    <div class="field">
                        <label for="lesson-homework">{ t(lang, Key::Homework) }</label>
                        <textarea id="lesson-homework" rows="4" value={(*homework).clone()} oninput={on_homework}
                            maxlength="4000" readonly={!writable} />
                    </div>
                </fieldset>
                if *invalid {
                    <p id="lesson-error" class="form-error" role="alert">{ t(lang, Key::ErrLessonTooLong) }</p>
                }
                if let Some(e) = &*problem {
                    <ProblemMessage id="lesson-error" error={e.clone()} />
                }
                if *saved {
                    <p id="lesson-saved" class="success" role="status">{ t(lang, Key::LessonSaved) }</p>
                }
                if writable {
                    <div class="form-actions">
                        <SubmitButton id="lesson-save" busy={*busy} label={Key::Save} />
                    </div>
                }
            </form>
        </>
    }
}
