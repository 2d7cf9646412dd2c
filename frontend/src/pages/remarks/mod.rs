//! «Замечания» (R-R2): the caller's inspection remarks — the school's for the deputy and the
//! director, those on their own pages for a teacher — open ones by default, each linking to its
//! journal page, with the same steps as on the page.

mod item;

pub use item::RemarkList;

use crate::components::pager::Pager;
use crate::i18n::{t, tf, Key};
use crate::pages::{load_failed, loading, use_list_load, use_title, Load};
use crate::services::remarks::{leads, sees_remarks};
use crate::services::state::use_app;
use journal_api_types::remarks::RemarkFilter;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Remarks on one screen of the list.
const LIMIT: i64 = 100;

#[component]
pub fn RemarksPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::NavRemarks);
    let all = use_state(|| false);
    let offset = use_state(|| 0_i64);
    let reload = use_state(|| 0_u32);
    let me = app.me();
    let enabled = me.as_deref().is_some_and(sees_remarks);
    let (data, refreshing) = use_list_load(
        (*all, *offset),
        *reload,
        enabled,
        |c, (all, offset)| async move {
            let filter = RemarkFilter {
                open_only: (!all).then_some(true),
                offset: Some(offset),
                limit: Some(LIMIT),
                ..RemarkFilter::default()
            };
            c.list_remarks(&filter).await.map(Rc::new)
        },
    );
    let Some(me) = me else {
        return Html::default();
    };
    if !enabled {
        return html! {
            <section class="page" id="remarks-page">
                <h1>{ t(lang, Key::RmTitle) }</h1>
                <p class="form-error" role="alert" id="remarks-forbidden">{ t(lang, Key::ForbiddenText) }</p>
            </section>
        };
    }
    let on_toggle = {
        let (all, offset) = (all.clone(), offset.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            all.set(input.checked());
            offset.set(0);
        })
    };
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(page) if page.items.is_empty() && page.offset == 0 => {
            let key = if *all { Key::RmEmpty } else { Key::RmEmptyOpen };
            html! { <p class="muted" id="remarks-empty">{ t(lang, key) }</p> }
        }
        Load::Ready(page) => {
            let on_page = {
                let offset = offset.clone();
                Callback::from(move |o: i64| offset.set(o))
            };
            html! {
                <div class={classes!("remarks-body", refreshing.then_some("is-loading"))}>
                    <RemarkList items={Rc::new(page.items.clone())} show_page=true
                        on_changed={on_changed.clone()} />
                    if page.total > page.limit {
                        <p class="muted">
                            { tf(lang, Key::RmShownOf, &[("shown", &page.items.len().to_string()), ("total", &page.total.to_string())]) }
                        </p>
                        <Pager offset={page.offset} limit={page.limit} total={page.total} {on_page} />
                    }
                </div>
            }
        }
    };
    let intro = if leads(&me) {
        Key::RmIntroLeads
    } else {
        Key::RmIntroTeacher
    };
    html! {
        <section class="page remarks-page" id="remarks-page">
            <h1>{ t(lang, Key::RmTitle) }</h1>
            <p class="muted">{ t(lang, intro) }</p>
            <div class="filters">
                <label class="check" for="remarks-all">
                    <input type="checkbox" id="remarks-all" checked={*all} onchange={on_toggle} />
                    { t(lang, Key::RmShowAll) }
                </label>
            </div>
            { body }
        </section>
    }
}
