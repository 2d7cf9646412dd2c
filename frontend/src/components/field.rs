//! A labelled input with an optional hint and error, tied together for screen readers.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub autofocus: bool,
    /// Shown after the label in a lighter colour, e.g. "optional".
    #[prop_or_default]
    pub note: Option<AttrValue>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let input_ref = use_node_ref();
    {
        // The `autofocus` attribute only works for the first page load; the SPA draws pages later.
        let input_ref = input_ref.clone();
        let autofocus = props.autofocus;
        use_effect_with((), move |_| {
            if autofocus {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    }
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let mut described = Vec::new();
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
    if props.error.is_some() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if let Some(note) = &props.note {
                    <span class="label-note">{ format!(" ({note})") }</span>
                }
            </label>
            <input ref={input_ref} id={props.id.clone()} name={props.id.clone()} type={props.kind.clone()}
                value={props.value.clone()} {oninput}
                autocomplete={props.autocomplete.clone()}
                placeholder={props.placeholder.clone()}
                required={props.required} disabled={props.disabled} autofocus={props.autofocus}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={described} />
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id}>{ error.clone() }</p>
            }
        </div>
    }
}
