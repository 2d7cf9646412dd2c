//! A guardian's «Ознакомлен(а)» (R-D2) for a span of the diary — a week, a period — and who has
//! acknowledged it when.

use crate::components::form::send_then;
use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{t, tf, Key};
use crate::services::diary::acknowledged_by_me;
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::diary::{Acknowledge, AcknowledgementView};
use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AcknowledgementProps {
    /// The card's id; its title is `{id}-title`, what went wrong `{id}-error`.
    pub id: AttrValue,
    pub title: Key,
    #[prop_or_default]
    pub list_id: Option<AttrValue>,
    /// Said above the button.
    #[prop_or_default]
    pub hint: Option<Key>,
    pub button_id: AttrValue,
    /// Said instead of the button while the span may not be acknowledged yet.
    pub not_yet: Key,
    /// Said while nobody has acknowledged the span (it names the span: a week, a period).
    pub none: Key,
    /// Whether the span may be acknowledged (it has begun or ended, as the span requires).
    pub may: bool,
    pub student_id: Uuid,
    pub what: Acknowledge,
    /// The acknowledgements of the span.
    pub acks: Vec<AcknowledgementView>,
    pub on_done: Callback<()>,
}

/// The acknowledgements of a span and, until the guardian has acknowledged it, the button.
#[component]
pub fn Acknowledgement(props: &AcknowledgementProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Failure>);
    let mine = acknowledged_by_me(&props.acks.iter().collect::<Vec<_>>());
    let onclick = {
        let (api, busy, problem, done) = (
            app.api.clone(),
            busy.clone(),
            problem.clone(),
            props.on_done.clone(),
        );
        let (student, what) = (props.student_id, props.what.clone());
        Callback::from(move |_: MouseEvent| {
            let (problem, done) = (problem.clone(), done.clone());
            send_then(
                &api,
                &busy,
                what.clone(),
                move |c, what| async move { c.acknowledge(student, &what).await },
                move |result| match result {
                    Ok(_) => {
                        problem.set(None);
                        done.emit(());
                    }
                    Err(e) => problem.set(Some(Failure::from(e))),
                },
            );
        })
    };
    let id = &props.id;
    html! {
        <section id={id.clone()} class="card diary-ack" aria-labelledby={format!("{id}-title")}>
            <h2 id={format!("{id}-title")}>{ t(lang, props.title) }</h2>
            if props.acks.is_empty() {
                <p class="muted">{ t(lang, props.none) }</p>
            } else {
                <ul id={props.list_id.clone()} class="plain-list">
                    { for props.acks.iter().map(|a| html! {
                        <li class="badge ok">{ tf(lang, Key::DiaryAckDone, &[("name", &a.guardian_name), ("time", &local_time(lang, a.at))]) }</li>
                    }) }
                </ul>
            }
            if !mine {
                if props.may {
                    if let Some(hint) = props.hint {
                        <p class="hint">{ t(lang, hint) }</p>
                    }
                    <button type="button" id={props.button_id.clone()} class="button" {onclick} disabled={*busy}>
                        { t(lang, if *busy { Key::DiaryAcknowledging } else { Key::DiaryAcknowledge }) }
                    </button>
                } else {
                    <p class="muted">{ t(lang, props.not_yet) }</p>
                }
            }
            if let Some(e) = &*problem {
                <ProblemMessage id={format!("{id}-error")} error={e.clone()} />
            }
        </section>
    }
}
