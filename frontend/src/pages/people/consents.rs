//! A guardian's personal-data consents (R-D5): the register and the form for a new decision.

use super::diary_access::{AccountFor, DiaryAccess};
use super::forms::FormEnd;
use crate::components::field::TextField;
use crate::components::form::{accepted, send, text_setter, SelectField};
use crate::components::problem::{field_message, FormProblem};
use crate::i18n::{t, Key, Lang};
use crate::pages::{load_failed, loading, use_load_keyed, Load};
use crate::services::people;
use crate::services::state::use_app;
use crate::services::time::local_time;
use crate::services::week::{full_date, iso, today};
use journal_api_types::diary::ConsentView;
use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct GuardianDiaryProps {
    pub(super) guardian_id: Uuid,
    pub(super) name: AttrValue,
}

/// A guardian's personal-data consents (R-D5) — the register and a form for a new decision — and
/// their diary access.
#[component]
pub(super) fn GuardianDiary(props: &GuardianDiaryProps) -> Html {
    let lang = use_app().lang();
    let reload = use_state(|| 0_u32);
    let adding = use_state(|| false);
    let saved = use_state(|| false);
    let consents = use_load_keyed(props.guardian_id, *reload, |c, id| async move {
        c.consents(id).await
    });
    let prefix = format!("consents-{}", props.guardian_id);
    let title_id = format!("{prefix}-title");
    let register = match &*consents {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(list) => consents_table(lang, &prefix, list),
    };
    let hint = consents.ready().and_then(|l| people::account_hint(l));
    let open = {
        let (adding, saved) = (adding.clone(), saved.clone());
        Callback::from(move |_: MouseEvent| {
            saved.set(false);
            adding.set(true);
        })
    };
    let on_saved = {
        let (adding, saved, reload) = (adding.clone(), saved.clone(), reload.clone());
        Callback::from(move |()| {
            adding.set(false);
            saved.set(true);
            reload.set(reload.wrapping_add(1));
        })
    };
    let on_cancel = {
        let adding = adding.clone();
        Callback::from(move |()| adding.set(false))
    };
    html! {
        <div class="guardian-diary stack">
            <section class="guardian-consents" id={prefix.clone()} aria-labelledby={title_id.clone()}>
                <h3 id={title_id}>{ t(lang, Key::ConsentsTitle) }</h3>
                { register }
                if *saved {
                    <p class="success" role="status" id={format!("{prefix}-saved")}>{ t(lang, Key::ConsentSaved) }</p>
                }
                if *adding {
                    <ConsentForm guardian_id={props.guardian_id} {on_saved} {on_cancel} />
                } else {
                    <div class="actions">
                        <button type="button" class="button small secondary consent-add" onclick={open}
                            aria-label={format!("{}: {}", t(lang, Key::ConsentRegister), props.name)}>
                            { t(lang, Key::ConsentRegister) }
                        </button>
                    </div>
                }
            </section>
            <DiaryAccess target={AccountFor::Guardian(props.guardian_id)} name={props.name.clone()}
                {hint} />
        </div>
    }
}

/// The register of a guardian's decisions, newest first, the one in force marked.
fn consents_table(lang: Lang, prefix: &str, list: &[ConsentView]) -> Html {
    if list.is_empty() {
        return html! { <p class="muted" id={format!("{prefix}-empty")}>{ t(lang, Key::ConsentsEmpty) }</p> };
    }
    let current = people::in_force(list);
    html! {
        <div class="table-wrap">
            <table id={format!("{prefix}-table")} class="table consents-table">
                <caption class="visually-hidden">{ t(lang, Key::ConsentsTitle) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::ConsentColDecision) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColDate) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColDocument) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColRecorded) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColStatus) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for people::newest_first(list).into_iter().map(|c| {
                        let in_force = current.is_some_and(|f| std::ptr::eq(f, c));
                        html! {
                            <tr class="consent" data-decision={c.decision.clone()} data-in-force={in_force.to_string()}>
                                <td data-label={t(lang, Key::ConsentColDecision)}>{ t(lang, people::decision_key(&c.decision)) }</td>
                                <td data-label={t(lang, Key::ConsentColDate)}>{ full_date(lang, c.decided_on) }</td>
                                <td data-label={t(lang, Key::ConsentColDocument)}>{ c.document.clone() }</td>
                                <td data-label={t(lang, Key::ConsentColRecorded)}>
                                    { format!("{}, {}", c.recorded_by_name, local_time(lang, c.recorded_at)) }
                                </td>
                                <td data-label={t(lang, Key::ConsentColStatus)}>
                                    if in_force {
                                        <span class={classes!("badge", if c.decision == "given" { "ok" } else { "warn" })}>
                                            { t(lang, Key::ConsentInForce) }
                                        </span>
                                    } else {
                                        <span class="muted">{ t(lang, Key::ConsentSuperseded) }</span>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ConsentFormProps {
    guardian_id: Uuid,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

/// Registers a signed consent or refusal: the decision, the document's date and its reference.
#[component]
fn ConsentForm(props: &ConsentFormProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let decision = use_state(String::new);
    let decided_on = use_state(|| iso(today()));
    let document = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let prefix = format!("consent-form-{}", props.guardian_id);
    let onsubmit = {
        let (api, decision, decided_on, document, busy, problem) = (
            app.api.clone(),
            decision.clone(),
            decided_on.clone(),
            document.clone(),
            busy.clone(),
            problem.clone(),
        );
        let (id, on_saved) = (props.guardian_id, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let checked = people::consent_input(&decision, &decided_on, &document);
            let Some(input) = accepted(&problem, checked) else {
                return;
            };
            let on_saved = on_saved.clone();
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.record_consent(id, &input).await },
                move |_| on_saved.emit(()),
            );
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let err = |field: &str| field_message(lang, problem.as_ref(), field);
    let options = people::DECISIONS
        .iter()
        .filter_map(|d| d.code())
        .map(|code| {
            (
                code.to_owned(),
                t(lang, people::decision_key(code)).to_owned(),
            )
        })
        .collect::<Vec<_>>();
    html! {
        <form id={prefix.clone()} class="form grid consent-form" {onsubmit} novalidate=true>
            <SelectField id={format!("{prefix}-decision")} label={t(lang, Key::ConsentDecisionLabel)}
                value={(*decision).clone()} {options} placeholder={t(lang, Key::ConsentDecisionChoose)}
                onchange={text_setter(&decision)} required=true
                hint={err("decision")} />
            <TextField id={format!("{prefix}-date")} kind="date" label={t(lang, Key::ConsentDateLabel)}
                value={(*decided_on).clone()} oninput={text_setter(&decided_on)} required=true
                error={err("decided_on")} />
            <TextField id={format!("{prefix}-document")} label={t(lang, Key::ConsentDocumentLabel)}
                value={(*document).clone()} placeholder={t(lang, Key::ConsentDocumentPlaceholder)}
                oninput={text_setter(&document)} required=true autocomplete="off"
                error={err("document")} />
            <FormEnd error_id={format!("{prefix}-error")} problem={(*problem).clone()} busy={*busy}
                label={Key::ConsentSubmit} on_cancel={cancel} />
        </form>
    }
}
