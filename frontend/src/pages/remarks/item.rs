//! One inspection remark (R-R2) with what the reader may do with it: the page's teacher answers
//! and marks it done, the deputy or the director confirms it or returns it with a comment.

use crate::app::Route;
use crate::components::form::{send, textarea_setter};
use crate::components::problem::FormProblem;
use crate::i18n::{t, tf, Key};
use crate::services::remarks::{
    answers, event_key, grouped, leads, remark_page, reply_text, status_class, status_key, TEXT_MAX,
};
use crate::services::state::use_app;
use crate::services::time::local_time;
use crate::services::week::full_date;
use journal_api_types::remarks::{RemarkEventKind, RemarkStatus, RemarkView};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RemarkItemProps {
    pub remark: Rc<RemarkView>,
    /// The reader is the deputy or the director: confirms and returns.
    pub leads: bool,
    /// The reader is the page's teacher: answers.
    pub answers: bool,
    /// Name the page (class, subject, teacher) with a link to it: off on the page itself.
    #[prop_or_default]
    pub show_page: bool,
    /// The lesson as the page names it («Урок 12.11.2025, 3-й»); else its date.
    #[prop_or_default]
    pub lesson: Option<AttrValue>,
    /// A step was taken: the list is to be loaded again.
    pub on_changed: Callback<()>,
}

#[component]
pub fn RemarkItem(props: &RemarkItemProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let answer = use_state(String::new);
    let comment = use_state(String::new);
    let returning = use_state(|| false);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let r = &props.remark;
    let id = r.id;

    let on_done = {
        let (api, busy, problem, answer, on_changed) = (
            app.api.clone(),
            busy.clone(),
            problem.clone(),
            answer.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match reply_text(&answer, Key::RmAnswerRequired) {
                Err(key) => problem.set(Some(FormProblem::Local(key))),
                Ok(text) => {
                    let (answer, on_changed) = (answer.clone(), on_changed.clone());
                    send(
                        &api,
                        &busy,
                        &problem,
                        text,
                        move |c, text| async move { c.remark_done(id, &text).await },
                        move |_| {
                            answer.set(String::new());
                            on_changed.emit(());
                        },
                    );
                }
            }
        })
    };
    let on_confirm = {
        let (api, busy, problem, on_changed) = (
            app.api.clone(),
            busy.clone(),
            problem.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let on_changed = on_changed.clone();
            send(
                &api,
                &busy,
                &problem,
                (),
                move |c, ()| async move { c.confirm_remark(id).await },
                move |_| on_changed.emit(()),
            );
        })
    };
    let on_return = {
        let (api, busy, problem, comment, returning, on_changed) = (
            app.api.clone(),
            busy.clone(),
            problem.clone(),
            comment.clone(),
            returning.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match reply_text(&comment, Key::RmCommentRequired) {
                Err(key) => problem.set(Some(FormProblem::Local(key))),
                Ok(text) => {
                    let (comment, returning, on_changed) =
                        (comment.clone(), returning.clone(), on_changed.clone());
                    send(
                        &api,
                        &busy,
                        &problem,
                        text,
                        move |c, text| async move { c.return_remark(id, &text).await },
                        move |_| {
                            comment.set(String::new());
                            returning.set(false);
                            on_changed.emit(());
                        },
                    );
                }
            }
        })
    };
    let toggle_return = {
        let (returning, problem) = (returning.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            problem.set(None);
            returning.set(!*returning);
        })
    };

    let lesson = props.lesson.clone().map(|l| l.to_string()).or_else(|| {
        r.lesson_date
            .map(|d| tf(lang, Key::RmLessonOn, &[("date", &full_date(lang, d))]))
    });
    // The comment the remark was last returned with, while it waits for the teacher again.
    let returned_with = (r.status == RemarkStatus::Returned)
        .then(|| {
            r.history
                .iter()
                .rev()
                .find(|e| e.kind == RemarkEventKind::Returned)
                .and_then(|e| e.text.clone())
        })
        .flatten();
    let page_name = remark_page(r);
    let may_answer = props.answers && r.status.awaits_teacher();
    let may_check = props.leads && r.status == RemarkStatus::Done;
    let title_id = format!("remark-title-{id}");

    html! {
        <article class={classes!("remark", r.overdue.then_some("overdue"))} id={format!("remark-{id}")}
            data-status={r.status.as_str()} data-overdue={r.overdue.to_string()}
            aria-labelledby={title_id.clone()}>
            <p class="remark-head">
                <span class={classes!("badge", "remark-status", status_class(r.status))}>
                    { t(lang, status_key(r.status)) }
                </span>
                if r.overdue {
                    <span class="badge danger remark-overdue">{ t(lang, Key::RmOverdue) }</span>
                }
                <span class={classes!("remark-due", r.overdue.then_some("overdue"))}>
                    { tf(lang, Key::RmDueOn, &[("date", &full_date(lang, r.due_on))]) }
                </span>
            </p>
            if props.show_page {
                <p class="remark-page">
                    <Link<Route> to={Route::JournalGrid { assignment_id: r.assignment_id, period_id: r.period_id }}
                        classes="remark-page-link">
                        { page_name }
                    </Link<Route>>
                    // A teacher reads their own pages' remarks: their name says nothing.
                    if props.leads {
                        <span class="muted">{ " · " }{ tf(lang, Key::RmTeacherIs, &[("name", &r.teacher_name)]) }</span>
                    }
                </p>
            }
            if let Some(lesson) = lesson {
                <p class="remark-lesson">{ lesson }</p>
            }
            <p class="remark-text" id={title_id}>{ r.text.clone() }</p>
            <p class="muted remark-meta">
                { tf(lang, Key::RmWrittenBy, &[("name", &r.created_by_name), ("time", &local_time(lang, r.created_at))]) }
            </p>
            if let Some(answer) = &r.answer {
                <div class="remark-answer">
                    <p class="remark-label">{ t(lang, Key::RmAnswerOf) }</p>
                    <p>{ answer.clone() }</p>
                </div>
            }
            if let Some(comment) = returned_with {
                <div class="remark-returned">
                    <p class="remark-label">{ t(lang, Key::RmReturnedWith) }</p>
                    <p>{ comment }</p>
                </div>
            }
            if !r.history.is_empty() {
                <details class="remark-history">
                    <summary>{ format!("{} ({})", t(lang, Key::RmHistory), r.history.len()) }</summary>
                    <ol>
                        { for r.history.iter().map(|e| html! {
                            <li class="remark-event" data-kind={e.kind.as_str()}>
                                <time datetime={e.at.to_rfc3339()}>{ local_time(lang, e.at) }</time>
                                { format!(" · {} ", e.actor_name) }{ t(lang, event_key(e.kind)) }
                                if let Some(text) = e.text.as_ref().filter(|_| e.kind != RemarkEventKind::Created) {
                                    <span class="remark-event-text">{ format!(": {text}") }</span>
                                }
                            </li>
                        }) }
                    </ol>
                </details>
            }
            if may_answer {
                <form class="form remark-form" id={format!("remark-done-form-{id}")} onsubmit={on_done} novalidate=true>
                    <div class="field">
                        <label for={format!("remark-answer-{id}")}>{ t(lang, Key::RmAnswerLabel) }</label>
                        <textarea id={format!("remark-answer-{id}")} rows="2" maxlength={TEXT_MAX.to_string()}
                            value={(*answer).clone()} oninput={textarea_setter(&answer)} />
                    </div>
                    <div class="form-actions">
                        <button type="submit" id={format!("remark-done-{id}")} class="button primary" disabled={*busy}>
                            { t(lang, if *busy { Key::Saving } else { Key::RmDoneSubmit }) }
                        </button>
                    </div>
                </form>
            }
            if may_check {
                <div class="form-actions remark-actions">
                    <button type="button" id={format!("remark-confirm-{id}")} class="button primary"
                        onclick={on_confirm} disabled={*busy}>
                        { t(lang, Key::RmConfirm) }
                    </button>
                    <button type="button" id={format!("remark-return-{id}")} class="button secondary"
                        onclick={toggle_return.clone()} disabled={*busy}
                        aria-expanded={returning.to_string()} aria-controls={format!("remark-return-form-{id}")}>
                        { t(lang, Key::RmReturn) }
                    </button>
                </div>
                if *returning {
                    <form class="form remark-form" id={format!("remark-return-form-{id}")} onsubmit={on_return} novalidate=true>
                        <div class="field">
                            <label for={format!("remark-comment-{id}")}>{ t(lang, Key::RmCommentLabel) }</label>
                            <textarea id={format!("remark-comment-{id}")} rows="2" maxlength={TEXT_MAX.to_string()}
                                value={(*comment).clone()} oninput={textarea_setter(&comment)} />
                        </div>
                        <div class="form-actions">
                            <button type="submit" id={format!("remark-return-submit-{id}")} class="button primary" disabled={*busy}>
                                { t(lang, if *busy { Key::Saving } else { Key::RmReturnSubmit }) }
                            </button>
                            <button type="button" class="button ghost" onclick={toggle_return}>{ t(lang, Key::Cancel) }</button>
                        </div>
                    </form>
                }
            }
            if let Some(p) = &*problem {
                { p.view(lang, &format!("remark-error-{id}")) }
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct RemarkListProps {
    pub items: Rc<Vec<RemarkView>>,
    #[prop_or_default]
    pub show_page: bool,
    /// The lesson of a remark as the page names it.
    #[prop_or_default]
    pub lesson_of: Option<Callback<Rc<RemarkView>, Option<AttrValue>>>,
    /// The heading level of the groups: 2 on the «Замечания» page, 3 inside the journal.
    #[prop_or(2)]
    pub level: u8,
    pub on_changed: Callback<()>,
}

/// Remarks in groups by who acts next ([`grouped`]), each with the reader's actions.
#[component]
pub fn RemarkList(props: &RemarkListProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let Some(me) = app.me() else {
        return Html::default();
    };
    let leads = leads(&me);
    let groups = grouped(&props.items, leads);
    html! {
        <div class="remark-groups" id="remarks-list">
            { for groups.into_iter().map(|(group, list)| {
                let heading = format!("{} ({})", t(lang, group.key(leads)), list.len());
                let heading = if props.level == 3 {
                    html! { <h3>{ heading }</h3> }
                } else {
                    html! { <h2>{ heading }</h2> }
                };
                html! {
                    <section class="remark-group" id={format!("remarks-{}", group.code())}>
                        { heading }
                        { for list.into_iter().map(|r| {
                            let remark = Rc::new(r.clone());
                            let lesson = props.lesson_of.as_ref().and_then(|f| f.emit(remark.clone()));
                            html! {
                                <RemarkItem key={r.id.to_string()} {remark} {leads}
                                    answers={answers(&me, r.teacher_id)}
                                    show_page={props.show_page} {lesson}
                                    on_changed={props.on_changed.clone()} />
                            }
                        }) }
                    </section>
                }
            }) }
        </div>
    }
}
