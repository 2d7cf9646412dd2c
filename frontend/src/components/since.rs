//! «Подозреваю с»: a date and a time on the school's clock, both optional, for a report of a
//! compromised password (R-S5).

use crate::i18n::{t, Key};
use crate::services::state::use_app;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SinceFieldsProps {
    /// Prefix of the inputs' ids: `{id}-date`, `{id}-time`.
    pub id: AttrValue,
    pub date: AttrValue,
    pub time: AttrValue,
    pub on_date: Callback<String>,
    pub on_time: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

#[component]
pub fn SinceFields(props: &SinceFieldsProps) -> Html {
    let lang = use_app().lang();
    let setter = |cb: &Callback<String>| {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let (date_id, time_id) = (format!("{}-date", props.id), format!("{}-time", props.id));
    let (hint_id, error_id) = (format!("{}-hint", props.id), format!("{}-error", props.id));
    let described = match props.error {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    let invalid = props.error.is_some().then_some("true");
    html! {
        <fieldset class={classes!("since", props.error.is_some().then_some("has-error"))}>
            <legend>{ t(lang, Key::CpSince) }</legend>
            <div class="form-row">
                <div class="field">
                    <label for={date_id.clone()}>{ t(lang, Key::CpSinceDate) }</label>
                    <input type="date" id={date_id} value={props.date.clone()}
                        onchange={setter(&props.on_date)} aria-describedby={described.clone()}
                        aria-invalid={invalid} />
                </div>
                <div class="field">
                    <label for={time_id.clone()}>{ t(lang, Key::CpSinceTime) }</label>
                    <input type="time" id={time_id} value={props.time.clone()}
                        onchange={setter(&props.on_time)} aria-describedby={described}
                        aria-invalid={invalid} />
                </div>
            </div>
            <p class="hint" id={hint_id}>{ t(lang, Key::CpSinceHint) }</p>
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id}>{ error.clone() }</p>
            }
        </fieldset>
    }
}
