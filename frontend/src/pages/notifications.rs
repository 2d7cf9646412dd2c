//! «Уведомления» (R-D4): which e-mail a guardian gets (marks, absences, announcements) and when.

use crate::components::problem::FormProblem;
use crate::i18n::{t, Key};
use crate::pages::{load_failed, loading, use_load_keyed, use_title, Load};
use crate::services::state::use_app;
use journal_api_types::messages::{DeliveryMode, NotificationPreferences};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn NotificationsPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::NtTitle);
    let reload = use_state(|| 0_u32);
    let data = use_load_keyed((), *reload, |c, _| async move {
        c.notification_preferences().await
    });
    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(p) => html! { <PrefsForm initial={p.clone()} /> },
    };
    html! {
        <section class="page notifications" id="notifications">
            <h1>{ t(lang, Key::NtTitle) }</h1>
            <p class="muted">{ t(lang, Key::NtIntro) }</p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PrefsProps {
    initial: NotificationPreferences,
}

#[component]
fn PrefsForm(props: &PrefsProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let prefs = use_state(|| props.initial.clone());
    let problem = use_state(|| None::<FormProblem>);
    let busy = use_state(|| false);
    let saved = use_state(|| false);
    let set = |f: fn(&mut NotificationPreferences, bool)| {
        let (prefs, saved) = (prefs.clone(), saved.clone());
        Callback::from(move |e: Event| {
            let i: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*prefs).clone();
            f(&mut next, i.checked());
            prefs.set(next);
            saved.set(false);
        })
    };
    let onsubmit = {
        let (api, prefs, problem, busy, saved) = (
            app.api.clone(),
            prefs.clone(),
            problem.clone(),
            busy.clone(),
            saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            problem.set(None);
            let (api, prefs, problem, busy, saved) = (
                api.clone(),
                prefs.clone(),
                problem.clone(),
                busy.clone(),
                saved.clone(),
            );
            let request = (*prefs).clone();
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.set_notification_preferences(&request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(p) => {
                        prefs.set(p);
                        saved.set(true);
                    }
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let check = |id: &'static str, key: Key, checked: bool, onchange: Callback<Event>| {
        html! {
            <label class="check" for={id}>
                <input type="checkbox" {id} {checked} {onchange} />
                <span>{ t(lang, key) }</span>
            </label>
        }
    };
    let radio = |id: &'static str, key: Key, mode: DeliveryMode| {
        let onchange = {
            let (prefs, saved) = (prefs.clone(), saved.clone());
            Callback::from(move |_: Event| {
                let mut next = (*prefs).clone();
                next.delivery = mode;
                prefs.set(next);
                saved.set(false);
            })
        };
        html! {
            <label class="check" for={id}>
                <input type="radio" name="delivery" {id} checked={prefs.delivery == mode} {onchange} />
                <span>{ t(lang, key) }</span>
            </label>
        }
    };
    html! {
        <form class="form" id="notifications-form" {onsubmit}>
            <fieldset>
                <legend>{ t(lang, Key::NtWhat) }</legend>
                { check("notify-marks", Key::NtMarks, prefs.marks, set(|p, v| p.marks = v)) }
                { check("notify-absences", Key::NtAbsences, prefs.absences, set(|p, v| p.absences = v)) }
                { check("notify-announcements", Key::NtAnnouncements, prefs.announcements, set(|p, v| p.announcements = v)) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, Key::NtDelivery) }</legend>
                { radio("delivery-immediate", Key::NtImmediate, DeliveryMode::Immediate) }
                { radio("delivery-digest", Key::NtDigest, DeliveryMode::Digest) }
            </fieldset>
            if let Some(p) = &*problem {
                { p.view(lang, "notifications-problem") }
            }
            if *saved {
                <p class="form-ok" role="status" id="notifications-saved">{ t(lang, Key::NtSaved) }</p>
            }
            <div class="form-actions">
                <button type="submit" id="notifications-save" class="button primary" disabled={*busy}>
                    { t(lang, Key::NtSave) }
                </button>
            </div>
        </form>
    }
}
