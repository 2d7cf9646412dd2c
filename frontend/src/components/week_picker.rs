//! Choosing a school week: any date of it, or the previous, next or current week.

use crate::i18n::{t, Key};
use crate::services::state::use_app;
use crate::services::week::{iso, monday_of, parse_iso, today, week_span};
use chrono::{Duration, NaiveDate};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WeekPickerProps {
    /// The id of the date input; the buttons are `{id}-prev`, `{id}-next`, `{id}-today`.
    pub id: AttrValue,
    /// The Monday of the week shown.
    pub monday: NaiveDate,
    /// School days shown (5 or 6), for the span under the input.
    #[prop_or(5)]
    pub days: u8,
    pub on_change: Callback<NaiveDate>,
}

#[component]
pub fn WeekPicker(props: &WeekPickerProps) -> Html {
    let lang = use_app().lang();
    let id = props.id.to_string();
    let shift = |weeks: i64| {
        let (cb, monday) = (props.on_change.clone(), props.monday);
        Callback::from(move |_: MouseEvent| cb.emit(monday + Duration::weeks(weeks)))
    };
    let on_today = {
        let cb = props.on_change.clone();
        Callback::from(move |_: MouseEvent| cb.emit(monday_of(today())))
    };
    let on_date = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(date) = parse_iso(&input.value()) {
                cb.emit(monday_of(date));
            }
        })
    };
    let this_week = monday_of(today()) == props.monday;
    html! {
        <div class="week-picker" role="group" aria-labelledby={format!("{id}-label")}>
            <div class="field">
                <label for={id.clone()} id={format!("{id}-label")}>{ t(lang, Key::WeekLabel) }</label>
                <div class="week-controls">
                    <button type="button" id={format!("{id}-prev")} class="button secondary"
                        onclick={shift(-1)} aria-label={t(lang, Key::WeekPrev)} title={t(lang, Key::WeekPrev)}>
                        { "←" }
                    </button>
                    <input type="date" id={id.clone()} value={iso(props.monday)} onchange={on_date}
                        aria-describedby={format!("{id}-span")} />
                    <button type="button" id={format!("{id}-next")} class="button secondary"
                        onclick={shift(1)} aria-label={t(lang, Key::WeekNext)} title={t(lang, Key::WeekNext)}>
                        { "→" }
                    </button>
                    <button type="button" id={format!("{id}-today")} class="button ghost"
                        onclick={on_today} disabled={this_week}>
                        { t(lang, Key::WeekCurrent) }
                    </button>
                </div>
                <p class="hint" id={format!("{id}-span")} aria-live="polite">
                    { week_span(lang, props.monday, props.days) }
                </p>
            </div>
        </div>
    }
}
