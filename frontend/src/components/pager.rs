//! Offset/limit pagination under a table.

use crate::i18n::{t, tf, Key};
use crate::services::state::use_app;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PagerProps {
    pub offset: i64,
    pub limit: i64,
    pub total: i64,
    /// Called with the offset of the page to show.
    pub on_page: Callback<i64>,
}

#[component]
pub fn Pager(props: &PagerProps) -> Html {
    let lang = use_app().lang();
    let PagerProps {
        offset,
        limit,
        total,
        ..
    } = *props;
    let limit = limit.max(1);
    let range = if total == 0 {
        t(lang, Key::PagerEmpty).to_owned()
    } else {
        let from = (offset + 1).min(total);
        let to = (offset + limit).min(total);
        tf(
            lang,
            Key::PagerRange,
            &[
                ("from", &from.to_string()),
                ("to", &to.to_string()),
                ("total", &total.to_string()),
            ],
        )
    };
    let has_prev = offset > 0;
    let has_next = offset + limit < total;
    let prev = {
        let cb = props.on_page.clone();
        Callback::from(move |_: MouseEvent| cb.emit((offset - limit).max(0)))
    };
    let next = {
        let cb = props.on_page.clone();
        Callback::from(move |_: MouseEvent| cb.emit(offset + limit))
    };
    html! {
        <nav class="pager" aria-label={t(lang, Key::PagerLabel)}>
            <button type="button" class="button secondary pager-prev" disabled={!has_prev} onclick={prev}>
                { t(lang, Key::PagerPrev) }
            </button>
            <span class="pager-range" aria-live="polite">{ range }</span>
            <button type="button" class="button secondary pager-next" disabled={!has_next} onclick={next}>
                { t(lang, Key::PagerNext) }
            </button>
        </nav>
    }
}
