//! Moving the keyboard focus to what has just appeared.

use web_sys::HtmlElement;
use yew::prelude::*;

/// A reference for an element that takes the focus when it is first drawn and again whenever
/// `shown` changes, so that keyboard and screen-reader users find what has just appeared (a new
/// password, a report, the first field of a dialogue).
#[hook]
pub fn use_focus_on<D>(shown: D) -> NodeRef
where
    D: PartialEq + 'static,
{
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(shown, move |_| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    node
}
