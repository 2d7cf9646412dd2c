//! The filter bar of a report over a span of days: the quick spans, the two dates with «Показать»,
//! the report's own fields after them (class, subject, teacher) and «Сбросить». The dates are a
//! draft until shown; the span shown is in the address.

use crate::i18n::{t, Key};
use crate::services::reports::{valid_span, SpanPreset};
use crate::services::state::use_app;
use crate::services::week::{iso, parse_iso, today};
use chrono::NaiveDate;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SpanBarProps {
    /// The ids' prefix: `attendance-from`, `attendance-show`, `attendance-quick-month`.
    pub prefix: &'static str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub presets: &'static [SpanPreset],
    /// A new span shown (a quick span, or the dates with «Показать»).
    pub on_span: Callback<(NaiveDate, NaiveDate)>,
    /// «Сбросить» the report's own fields, when any is chosen.
    #[prop_or_default]
    pub on_reset: Option<Callback<MouseEvent>>,
    /// The report's own fields, after the dates.
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn SpanBar(props: &SpanBarProps) -> Html {
    let lang = use_app().lang();
    let drafts = use_state(|| (iso(props.from), iso(props.to)));
    let wrong = use_state(|| false);
    {
        let (drafts, wrong) = (drafts.clone(), wrong.clone());
        use_effect_with((props.from, props.to), move |(from, to)| {
            drafts.set((iso(*from), iso(*to)));
            wrong.set(false);
        });
    }
    let prefix = props.prefix;
    let today = today();
    let pressed = SpanPreset::among(props.presets, props.from, props.to, today);
    let quick = props.presets.iter().map(|p| {
        let (p, on_span) = (*p, props.on_span.clone());
        let onclick = Callback::from(move |_: MouseEvent| on_span.emit(p.span(today)));
        let on = pressed == Some(p);
        html! {
            <button type="button" id={format!("{prefix}-quick-{}", p.code())}
                class={classes!("button", "small", if on { "primary" } else { "secondary" })}
                aria-pressed={on.to_string()} {onclick}>
                { t(lang, p.key()) }
            </button>
        }
    });
    let on_date = |first: bool| {
        let drafts = drafts.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*drafts).clone();
            if first {
                next.0 = input.value();
            } else {
                next.1 = input.value();
            }
            drafts.set(next);
        })
    };
    let onsubmit = {
        let (drafts, wrong, on_span) = (drafts.clone(), wrong.clone(), props.on_span.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match (parse_iso(&drafts.0), parse_iso(&drafts.1)) {
                (Some(from), Some(to)) if valid_span(from, to) => {
                    wrong.set(false);
                    on_span.emit((from, to));
                }
                _ => wrong.set(true),
            }
        })
    };
    html! {
        <>
            <div class="quick-spans no-print" role="group" aria-label={t(lang, Key::RpQuick)}>
                { for quick }
            </div>
            <form class="filters report-filters no-print" role="search" aria-label={t(lang, Key::RpFilters)}
                {onsubmit} novalidate=true>
                <div class="field">
                    <label for={format!("{prefix}-from")}>{ t(lang, Key::DateFrom) }</label>
                    <input type="date" id={format!("{prefix}-from")} value={drafts.0.clone()} onchange={on_date(true)} />
                </div>
                <div class="field">
                    <label for={format!("{prefix}-to")}>{ t(lang, Key::DateTo) }</label>
                    <input type="date" id={format!("{prefix}-to")} value={drafts.1.clone()} onchange={on_date(false)} />
                </div>
                <div class="field actions">
                    <button type="submit" id={format!("{prefix}-show")} class="button primary">{ t(lang, Key::ShowReport) }</button>
                </div>
                { props.children.clone() }
                if let Some(on_reset) = props.on_reset.clone() {
                    <div class="field actions">
                        <button type="button" id={format!("{prefix}-reset")} class="button ghost" onclick={on_reset}>
                            { t(lang, Key::Reset) }
                        </button>
                    </div>
                }
            </form>
            if *wrong {
                <p class="form-error" role="alert" id={format!("{prefix}-span-error")}>{ t(lang, Key::RpSpanWrong) }</p>
            }
        </>
    }
}
