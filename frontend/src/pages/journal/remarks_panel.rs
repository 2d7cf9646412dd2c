//! «Замечания» on a journal page (R-R2): the page's inspection remarks with their steps, and for
//! the deputy and the director the form to write a new one, on the page or on one of its lessons.

use super::cancelled;
use crate::components::form::{change_setter, send, textarea_setter, SelectField};
use crate::components::problem::FormProblem;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::remarks::RemarkList;
use crate::pages::{load_failed, loading, use_list_load, Load};
use crate::services::remarks::{
    default_due, leads, lesson_value, new_remark, sees_page_remarks, TEXT_MAX,
};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso, today};
use chrono::NaiveDate;
use journal_api_types::journal::{JournalPage, PageLesson};
use journal_api_types::remarks::{RemarkFilter, RemarkView};
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct RemarksPanelProps {
    pub(super) page: Rc<JournalPage>,
    pub(super) assignment_id: Uuid,
    pub(super) period_id: Uuid,
    /// Told how many of the page's remarks are open (not confirmed), for the notice at the top.
    pub(super) on_open: Callback<usize>,
}

/// A lesson as the page names it: «Урок 12.11.2025, 3-й» (the day it was held).
fn lesson_name(lang: Lang, l: &PageLesson) -> String {
    tf(
        lang,
        Key::JrLessonOf,
        &[
            ("date", &full_date(lang, l.held_on)),
            ("n", &l.lesson_number.to_string()),
        ],
    )
}

/// The page's lessons held by `today` to choose from, the latest first: «Урок 12.11.2025, 3-й —
/// Дроби».
fn lesson_options(lang: Lang, lessons: &[PageLesson], today: NaiveDate) -> Vec<(String, String)> {
    lessons
        .iter()
        .rev()
        .filter(|l| l.held_on <= today)
        .map(|l| {
            let mut text = lesson_name(lang, l);
            if let Some(topic) = &l.topic {
                let short: String = topic.chars().take(40).collect();
                let more = if short.chars().count() < topic.chars().count() {
                    "…"
                } else {
                    ""
                };
                text = format!("{text} — {short}{more}");
            }
            if cancelled(l) {
                text = format!("{text} ({})", t(lang, Key::JrCancelled));
            }
            (lesson_value(l.entry_id, l.lesson_date), text)
        })
        .collect()
}

#[component]
pub(super) fn RemarksPanel(props: &RemarksPanelProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let me = app.me();
    let shown = me
        .as_deref()
        .is_some_and(|me| sees_page_remarks(me, props.page.teacher_id));
    let reload = use_state(|| 0_u32);
    let (data, refreshing) = use_list_load(
        (props.assignment_id, props.period_id),
        *reload,
        shown,
        |c, (a, p)| async move {
            let filter = RemarkFilter {
                assignment_id: Some(a),
                period_id: Some(p),
                limit: Some(200),
                ..RemarkFilter::default()
            };
            c.list_remarks(&filter)
                .await
                .map(|page| Rc::new(page.items))
        },
    );
    let Some(me) = me.filter(|_| shown) else {
        return Html::default();
    };
    let leads = leads(&me);
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let lesson_of = {
        let page = props.page.clone();
        Callback::from(move |r: Rc<RemarkView>| {
            let (entry_id, date) = (r.entry_id?, r.lesson_date?);
            page.lessons
                .iter()
                .find(|l| l.entry_id == entry_id && l.lesson_date == date)
                .map(|l| AttrValue::from(lesson_name(lang, l)))
        })
    };
    let open = data.ready().map_or(0, |items| {
        items.iter().filter(|r| r.status.is_open()).count()
    });
    {
        let on_open = props.on_open.clone();
        use_effect_with(open, move |open| on_open.emit(*open));
    }
    let list = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(items) if items.is_empty() => {
            html! { <p class="muted" id="remarks-empty">{ t(lang, Key::RmPageEmpty) }</p> }
        }
        Load::Ready(items) => html! {
            <div class={classes!(refreshing.then_some("is-loading"))}>
                <RemarkList items={items.clone()} level={3} lesson_of={Some(lesson_of)}
                    on_changed={on_changed.clone()} />
            </div>
        },
    };
    html! {
        <section class="card remarks" id="remarks" aria-labelledby="remarks-title">
            <h2 id="remarks-title" tabindex="-1">
                { t(lang, Key::RmPageTitle) }
                if open > 0 {
                    { " " }
                    <span class="badge warn" id="remarks-open-count">
                        { tf(lang, Key::RmOpenCount, &[("n", &open.to_string())]) }
                    </span>
                }
            </h2>
            <p class="muted">{ t(lang, if leads { Key::RmPageIntroLeads } else { Key::RmPageIntroTeacher }) }</p>
            { list }
            if leads {
                <NewRemarkForm lessons={lesson_options(lang, &props.page.lessons, today())}
                    assignment_id={props.assignment_id} period_id={props.period_id}
                    on_created={on_changed} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NewRemarkFormProps {
    /// `(value, text)` of the page's lessons.
    lessons: Vec<(String, String)>,
    assignment_id: Uuid,
    period_id: Uuid,
    on_created: Callback<()>,
}

/// «Написать замечание»: the text, the due date (a few school days ahead) and optionally a lesson.
#[component]
fn NewRemarkForm(props: &NewRemarkFormProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let text = use_state(String::new);
    let due = use_state(|| iso(default_due(today())));
    let lesson = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let created = use_state(|| false);
    let onsubmit = {
        let (api, text, due, lesson, busy, problem, created) = (
            app.api.clone(),
            text.clone(),
            due.clone(),
            lesson.clone(),
            busy.clone(),
            problem.clone(),
            created.clone(),
        );
        let (a, p, on_created) = (
            props.assignment_id,
            props.period_id,
            props.on_created.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            created.set(false);
            match new_remark(&text, parse_iso(&due), &lesson, today()) {
                Err(key) => problem.set(Some(FormProblem::Local(key))),
                Ok(request) => {
                    let (text, lesson, created, on_created) = (
                        text.clone(),
                        lesson.clone(),
                        created.clone(),
                        on_created.clone(),
                    );
                    send(
                        &api,
                        &busy,
                        &problem,
                        request,
                        move |c, request| async move { c.create_remark(a, p, &request).await },
                        move |_| {
                            text.set(String::new());
                            lesson.set(String::new());
                            created.set(true);
                            on_created.emit(());
                        },
                    );
                }
            }
        })
    };
    let on_lesson = {
        let lesson = lesson.clone();
        Callback::from(move |v: String| lesson.set(v))
    };
    html! {
        <form class="form remark-new" id="remark-form" {onsubmit} novalidate=true aria-labelledby="remark-form-title">
            <h3 id="remark-form-title">{ t(lang, Key::RmWrite) }</h3>
            <div class="field">
                <label for="remark-text">{ t(lang, Key::RmTextLabel) }</label>
                <textarea id="remark-text" rows="3" maxlength={TEXT_MAX.to_string()}
                    placeholder={t(lang, Key::RmTextPlaceholder)}
                    value={(*text).clone()} oninput={textarea_setter(&text)} />
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="remark-due">{ t(lang, Key::RmDueLabel) }</label>
                    <input type="date" id="remark-due" min={iso(today())} value={(*due).clone()}
                        onchange={change_setter(&due)} aria-describedby="remark-due-hint" />
                    <p class="hint" id="remark-due-hint">{ t(lang, Key::RmDueHint) }</p>
                </div>
                <SelectField id="remark-lesson" label={t(lang, Key::RmLessonLabel)}
                    value={(*lesson).clone()} options={props.lessons.clone()}
                    placeholder={Some(AttrValue::from(t(lang, Key::RmWholePage)))}
                    onchange={on_lesson} hint={Some(AttrValue::from(t(lang, Key::RmLessonHint)))} />
            </div>
            if let Some(p) = &*problem {
                { p.view(lang, "remark-error") }
            }
            if *created {
                <p class="success" role="status" id="remark-created">{ t(lang, Key::RmCreated) }</p>
            }
            <div class="form-actions">
                <button type="submit" id="remark-submit" class="button primary" disabled={*busy}>
                    { t(lang, if *busy { Key::Saving } else { Key::RmSubmit }) }
                </button>
            </div>
        </form>
    }
}

/// The notice at the top of a page with open remarks, with a button down to them.
pub(super) fn remarks_notice(lang: Lang, open: usize) -> Html {
    if open == 0 {
        return Html::default();
    }
    let onclick = Callback::from(|_: MouseEvent| {
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(heading) = document.and_then(|d| d.get_element_by_id("remarks-title")) {
            heading.scroll_into_view();
            if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
                let _ = heading.focus();
            }
        }
    });
    html! {
        <p class="notice warn no-print" id="remarks-notice" role="status">
            { tf(lang, Key::RmNotice, &[("n", &open.to_string())]) }
            { " " }
            <button type="button" class="link-button" id="remarks-jump" {onclick}>{ t(lang, Key::RmJump) }</button>
        </p>
    }
}
