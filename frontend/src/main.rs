//! The Journal single-page application: Yew in WebAssembly, served by the `journal` binary. It talks
//! to the server only through `journal-client` and the shared `journal-api-types`.

mod app;
mod components;
mod i18n;
mod pages;
mod services;

fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            // Replace the "loading" text index.html shows while the module downloads.
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
