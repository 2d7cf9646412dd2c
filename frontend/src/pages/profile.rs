//! The person's own account: details, password change, signing out everywhere, the sessions and
//! sign-ins, and reporting one's own password compromised (R-S5, R-S6).

use crate::app::Route;
use crate::i18n::{roles_line, t, Key};
use crate::pages::sessions::{SelfCompromise, SessionsSection};
use crate::pages::use_title;
use crate::services::access::full_name;
use crate::services::api::describe;
use crate::services::browser;
use crate::services::state::use_app;
use crate::services::time::local_time;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn ProfilePage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::ProfileTitle);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let Some(me) = app.me() else {
        return Html::default();
    };

    let on_logout_all = {
        let api = app.api.clone();
        let (error, busy) = (error.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(t(lang, Key::ConfirmLogoutAll)) {
                return;
            }
            let (api, error, busy) = (api.clone(), error.clone(), busy.clone());
            busy.set(true);
            spawn_local(async move {
                if let Err(e) = api.logout_all().await {
                    error.set(Some(describe(lang, &e)));
                    busy.set(false);
                }
            });
        })
    };

    let dash = t(lang, Key::Dash);
    html! {
        <section class="page narrow" id="profile">
            <h1>{ t(lang, Key::ProfileTitle) }</h1>
            <div class="card">
                <dl class="details">
                    <dt>{ t(lang, Key::FullName) }</dt>
                    <dd id="profile-name">{ full_name(&me.last_name, &me.first_name, me.middle_name.as_deref()) }</dd>
                    <dt>{ t(lang, Key::LoginLabel) }</dt>
                    <dd id="profile-login"><code>{ me.login.clone() }</code></dd>
                    <dt>{ t(lang, Key::School) }</dt>
                    <dd>{ me.school_name.clone() }</dd>
                    <dt>{ t(lang, Key::Roles) }</dt>
                    <dd>{ roles_line(lang, &me.roles, &me.led_classes) }</dd>
                    if !me.led_classes.is_empty() {
                        <dt>{ t(lang, Key::LedClasses) }</dt>
                        <dd>{ me.led_classes.join(", ") }</dd>
                    }
                    <dt>{ t(lang, Key::LastLogin) }</dt>
                    <dd>{ me.previous_login_at.map(|at| local_time(lang, at)).unwrap_or_else(|| dash.to_owned()) }</dd>
                </dl>
            </div>
            <h2>{ t(lang, Key::Security) }</h2>
            <div class="card stack">
                <div>
                    <Link<Route> to={Route::Password} classes="button secondary">
                        <span id="profile-change-password">{ t(lang, Key::ChangePassword) }</span>
                    </Link<Route>>
                </div>
                <div>
                    <p class="muted">{ t(lang, Key::LogoutAllHint) }</p>
                    <button type="button" id="logout-all" class="button danger" onclick={on_logout_all} disabled={*busy}>
                        { t(lang, Key::LogoutAll) }
                    </button>
                    if let Some(error) = &*error {
                        <p class="form-error" role="alert">{ error.clone() }</p>
                    }
                </div>
            </div>
            <SessionsSection />
            <SelfCompromise />
        </section>
    }
}
