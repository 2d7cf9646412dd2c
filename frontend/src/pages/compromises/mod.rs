//! «Компрометации» (R-S5): the school's reports of compromised credentials for the deputy, the
//! admin and the director; a report's operations and their revert are in `detail.rs`, the admin's
//! report form of the users page in `report.rs`.

mod detail;
mod report;

pub use detail::CompromisePage;
pub use report::ReportCompromiseForm;

use crate::app::Route;
use crate::components::pager::Pager;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, loading, use_list_load, use_title, Load};
use crate::services::access::may;
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::sessions::{Compromise, CompromisePaging};
use journal_domain::Action;
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE_SIZE: i64 = 50;

/// «с 02.11.2026 09:30 по 05.11.2026 14:00»: the reviewed time of a report.
pub fn window_text(lang: Lang, c: &Compromise) -> String {
    tf(
        lang,
        Key::CpWindow,
        &[
            ("from", &local_time(lang, c.suspected_since)),
            ("to", &local_time(lang, c.reported_at)),
        ],
    )
}

#[component]
pub fn CompromisesPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::CpTitle);
    let paging = use_state(|| CompromisePaging {
        offset: None,
        limit: Some(PAGE_SIZE),
    });
    let reload = use_state(|| 0_u32);
    let can_view = app
        .me()
        .is_some_and(|me| may(&me, Action::ReviewCompromises));
    let (data, busy) = use_list_load(
        (*paging).clone(),
        *reload,
        can_view,
        |c, paging| async move { c.compromises(&paging).await },
    );
    if !can_view {
        return html! { <ForbiddenPage /> };
    }
    let on_page = {
        let paging = paging.clone();
        Callback::from(move |offset: i64| {
            paging.set(CompromisePaging {
                offset: Some(offset),
                ..(*paging).clone()
            })
        })
    };

    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => {
            let reload = reload.clone();
            load_failed(
                lang,
                e,
                Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1))),
            )
        }
        Load::Ready(page) => html! {
            <>
                <div class={classes!("table-wrap", busy.then_some("is-loading"))}>
                    <table id="compromises-table" class="table">
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::CpColAccount) }</th>
                                <th scope="col">{ t(lang, Key::CpColReportedBy) }</th>
                                <th scope="col">{ t(lang, Key::CpColReportedAt) }</th>
                                <th scope="col">{ t(lang, Key::CpColWindow) }</th>
                                <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            if page.items.is_empty() {
                                <tr><td colspan="5" class="empty">{ t(lang, Key::CpNone) }</td></tr>
                            }
                            { for page.items.iter().map(|c| row(lang, c)) }
                        </tbody>
                    </table>
                </div>
                <Pager offset={page.offset} limit={page.limit} total={page.total} {on_page} />
            </>
        },
    };

    html! {
        <section class="page" id="compromises">
            <h1>{ t(lang, Key::CpTitle) }</h1>
            <p class="muted">{ t(lang, Key::CpIntro) }</p>
            { body }
        </section>
    }
}

fn row(lang: Lang, c: &Compromise) -> Html {
    html! {
        <tr id={format!("compromise-{}", c.id)} data-login={c.user_login.clone()}>
            <td data-label={t(lang, Key::CpColAccount)}>
                <Link<Route> to={Route::Compromise { id: c.id }} classes="compromise-account">
                    { c.user_name.clone() }
                </Link<Route>>
                { " " }<code>{ c.user_login.clone() }</code>
            </td>
            <td data-label={t(lang, Key::CpColReportedBy)}>{ c.reported_by_name.clone() }</td>
            <td data-label={t(lang, Key::CpColReportedAt)} class="nowrap">{ local_time(lang, c.reported_at) }</td>
            <td data-label={t(lang, Key::CpColWindow)}>{ window_text(lang, c) }</td>
            <td class="row-actions">
                <Link<Route> to={Route::Compromise { id: c.id }} classes="button small secondary">
                    { t(lang, Key::CpOpen) }
                    <span class="visually-hidden">{ format!(": {}", c.user_name) }</span>
                </Link<Route>>
            </td>
        </tr>
    }
}
