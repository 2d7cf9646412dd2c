//! «Объявления» (R-D3): families read the announcements of their children's classes; the class
//! teacher, the deputy and the director post one to a class.

use crate::app::Route;
use crate::components::form::{input_setter, textarea_setter};
use crate::components::problem::FormProblem;
use crate::i18n::{t, Key};
use crate::pages::messages::ThreadList;
use crate::pages::{load_failed, loading, use_current_classes, use_load_keyed, use_title, Load};
use crate::services::access::posts_announcements;
use crate::services::messages::{announce_classes, draft_problem, newest_first};
use crate::services::state::use_app;
use journal_api_types::messages::{NewAnnouncement, ThreadQuery};
use journal_api_types::Role;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn AnnouncementsPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::AnnTitle);
    let me = app.me();
    let posts = me.as_ref().is_some_and(|me| posts_announcements(me));
    let reload = use_state(|| 0_u32);
    let data = use_load_keyed((), *reload, |c, _| async move {
        let query = ThreadQuery {
            limit: Some(200),
            ..ThreadQuery::default()
        };
        let mut items = c.list_announcements(&query).await?.items;
        newest_first(&mut items);
        Ok(Rc::new(items))
    });
    let on_posted = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(list) => html! { <ThreadList threads={list.clone()} empty={Key::AnnEmpty} /> },
    };
    html! {
        <section class="page announcements" id="announcements">
            <h1>{ t(lang, Key::AnnTitle) }</h1>
            <p class="muted">{ t(lang, Key::AnnIntro) }</p>
            if posts {
                <AnnouncementForm {on_posted} />
            }
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    on_posted: Callback<()>,
}

#[component]
fn AnnouncementForm(props: &FormProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let navigator = use_navigator();
    let me = app.me();
    let me_id = me.as_ref().map(|m| m.user_id).unwrap_or_default();
    let heads = me
        .as_ref()
        .is_some_and(|m| m.roles.contains(&Role::Deputy) || m.roles.contains(&Role::Director));
    let classes = use_current_classes(true);
    let class_id = use_state(|| None::<Uuid>);
    let subject = use_state(String::new);
    let text = use_state(String::new);
    let problem = use_state(|| None::<FormProblem>);
    let busy = use_state(|| false);
    let mine = classes
        .ready()
        .map(|list| announce_classes(list, me_id, heads))
        .unwrap_or_default();
    let chosen = (*class_id).or_else(|| mine.first().map(|c| c.id));
    let onsubmit = {
        let (api, subject, text, problem, busy) = (
            app.api.clone(),
            subject.clone(),
            text.clone(),
            problem.clone(),
            busy.clone(),
        );
        let on_posted = props.on_posted.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(class) = chosen else {
                problem.set(Some(FormProblem::Local(Key::MsgNeedRecipient)));
                return;
            };
            if let Some(key) = draft_problem(&subject, &text, &[class]) {
                problem.set(Some(FormProblem::Local(key)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let request = NewAnnouncement {
                subject: subject.trim().to_owned(),
                body: (*text).clone(),
            };
            let (api, problem, busy, on_posted, navigator) = (
                api.clone(),
                problem.clone(),
                busy.clone(),
                on_posted.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.create_announcement(class, &request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(view) => {
                        on_posted.emit(());
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Thread { id: view.thread.id });
                        }
                    }
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let class_field = match &*classes {
        Load::Loading => loading(lang),
        Load::Failed(e) => {
            html! { <p class="form-error" role="alert">{ crate::services::api::describe(lang, e) }</p> }
        }
        Load::Ready(_) => html! {
            <div class="field">
                <label for="announcement-class">{ t(lang, Key::AnnClass) }</label>
                <select id="announcement-class" onchange={{
                    let class_id = class_id.clone();
                    Callback::from(move |e: Event| {
                        let s: HtmlSelectElement = e.target_unchecked_into();
                        class_id.set(Uuid::parse_str(&s.value()).ok());
                    })
                }}>
                    { for mine.iter().map(|c| html! {
                        <option value={c.id.to_string()} selected={Some(c.id) == chosen}>{ c.name.clone() }</option>
                    }) }
                </select>
            </div>
        },
    };
    html! {
        <details class="card announcement-form" open={false}>
            <summary id="announcement-new">{ t(lang, Key::AnnNew) }</summary>
            <form class="form" id="announcement-form" {onsubmit} novalidate=true>
                { class_field }
                <div class="field">
                    <label for="announcement-subject">{ t(lang, Key::MsgSubject) }</label>
                    <input id="announcement-subject" type="text" maxlength="200" value={(*subject).clone()}
                        oninput={input_setter(&subject)} />
                </div>
                <div class="field">
                    <label for="announcement-body">{ t(lang, Key::MsgBody) }</label>
                    <textarea id="announcement-body" rows="5" maxlength="20000" value={(*text).clone()}
                        oninput={textarea_setter(&text)} />
                </div>
                if let Some(p) = &*problem {
                    { p.view(lang, "announcement-problem") }
                }
                <div class="form-actions">
                    <button type="submit" id="announcement-post" class="button primary" disabled={*busy || mine.is_empty()}>
                        { t(lang, if *busy { Key::MsgSending } else { Key::AnnPost }) }
                    </button>
                </div>
            </form>
        </details>
    }
}
