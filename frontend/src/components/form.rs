//! Small pieces of forms: state setters for text fields and text areas, and a labelled select.

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Sets `s` to what a [`TextField`](super::field::TextField) reports.
pub fn text_setter(s: &UseStateHandle<String>) -> Callback<String> {
    let s = s.clone();
    Callback::from(move |v: String| s.set(v))
}

/// Sets `s` to the text of a `<textarea>` as it is typed.
pub fn textarea_setter(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        s.set(area.value());
    })
}

/// The text of an optional field: `None` when blank.
pub fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The chosen value (`""` for the placeholder option).
    pub value: AttrValue,
    /// `(value, text)` of each option, in order.
    pub options: Vec<(String, String)>,
    /// The text of a first, empty option; none when absent.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// A labelled `<select>`.
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(select.value());
        })
    };
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} name={props.id.clone()} {onchange}
                required={props.required} disabled={props.disabled}
                aria-describedby={props.hint.as_ref().map(|_| hint_id.clone())}>
                if let Some(placeholder) = &props.placeholder {
                    <option value="" selected={props.value.is_empty()}>{ placeholder.clone() }</option>
                }
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={props.value == value.as_str()}>{ text.clone() }</option>
                }) }
            </select>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint.clone() }</p>
            }
        </div>
    }
}
