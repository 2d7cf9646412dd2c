//! Homework files of a lesson (R-J1).

use crate::i18n::{t, tf, Key};
use crate::pages::{loading, use_load, use_load_keyed, Load};
use crate::services::api::describe;
use crate::services::browser;
use crate::services::state::use_app;
use chrono::NaiveDate;
use journal_api_types::ErrorCode;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct HomeworkFilesProps {
    pub(super) entry_id: Uuid,
    pub(super) date: NaiveDate,
    pub(super) writable: bool,
}

#[component]
pub(super) fn HomeworkFiles(props: &HomeworkFilesProps) -> Html {
    use crate::services::files::{content_type_of, download, kib_of, read_picked, too_large};
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let files = use_load_keyed(
        (props.entry_id, props.date),
        *reload,
        |c, (entry, date)| async move { c.homework_files(entry, date).await },
    );
    // The school's limit, to say it and to check before sending; the server checks anyway.
    let limit = use_load((), |c, _| async move {
        Ok(c.journal_settings().await.ok().map(|s| s.homework_file_kib))
    });
    let limit_kib = limit.ready().copied().flatten();
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let too_large_text = move |kib: Option<u32>| match kib {
        Some(kib) => tf(lang, Key::ErrFileTooLarge, &[("kib", &kib.to_string())]),
        None => t(lang, Key::ErrFileTooLargeShort).to_owned(),
    };
    let on_pick = {
        let (api, problem, busy, reload) = (
            app.api.clone(),
            problem.clone(),
            busy.clone(),
            reload.clone(),
        );
        let (entry, date) = (props.entry_id, props.date);
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (api, problem, busy, reload) =
                (api.clone(), problem.clone(), busy.clone(), reload.clone());
            spawn_local(async move {
                let Some(file) = read_picked(&input).await else {
                    return;
                };
                input.set_value("");
                if too_large(file.bytes.len(), limit_kib) {
                    problem.set(Some(too_large_text(limit_kib)));
                    return;
                }
                busy.set(true);
                problem.set(None);
                let result = api
                    .call(|c| {
                        let file = file.clone();
                        async move {
                            c.upload_homework_file(
                                entry,
                                date,
                                &file.name,
                                content_type_of(&file.name),
                                file.bytes,
                            )
                            .await
                        }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => reload.set(reload.wrapping_add(1)),
                    Err(e)
                        if matches!(
                            e.code(),
                            Some(ErrorCode::FileTooLarge | ErrorCode::BodyTooLarge)
                        ) =>
                    {
                        problem.set(Some(too_large_text(limit_kib)))
                    }
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    let list = match &*files {
        Load::Loading => loading(lang),
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="panel-no-files">{ t(lang, Key::JrNoFiles) }</p> }
        }
        Load::Ready(list) => html! {
            <ul class="journal-files" id="panel-files">
                { for list.iter().map(|f| {
                    let on_download = {
                        let (api, problem) = (app.api.clone(), problem.clone());
                        let (id, name, mime) = (f.id, f.file_name.clone(), f.content_type.clone());
                        Callback::from(move |_: MouseEvent| {
                            let (api, problem, name, mime) = (api.clone(), problem.clone(), name.clone(), mime.clone());
                            spawn_local(async move {
                                match api.call(|c| async move { c.download_file(id).await }).await {
                                    Ok(bytes) => {
                                        if let Err(e) = download(&name, &mime, &bytes) {
                                            problem.set(Some(e));
                                        }
                                    }
                                    Err(e) => problem.set(Some(describe(lang, &e))),
                                }
                            });
                        })
                    };
                    let on_delete = {
                        let (api, problem, reload) = (app.api.clone(), problem.clone(), reload.clone());
                        let (id, name) = (f.id, f.file_name.clone());
                        Callback::from(move |_: MouseEvent| {
                            if !browser::confirm(&tf(lang, Key::JrFileDeleteConfirm, &[("name", &name)])) {
                                return;
                            }
                            let (api, problem, reload) = (api.clone(), problem.clone(), reload.clone());
                            spawn_local(async move {
                                match api.call(|c| async move { c.delete_file(id).await }).await {
                                    Ok(()) => reload.set(reload.wrapping_add(1)),
                                    Err(e) => problem.set(Some(describe(lang, &e))),
                                }
                            });
                        })
                    };
                    html! {
                        <li data-file-id={f.id.to_string()}>
                            <button type="button" class="link-button" onclick={on_download}
                                aria-label={tf(lang, Key::JrFileDownload, &[("name", &f.file_name)])}>
                                { f.file_name.clone() }
                            </button>
                            <span class="muted">{ tf(lang, Key::JrFileSize, &[("kib", &kib_of(f.size_bytes).to_string())]) }</span>
                            if props.writable {
                                <button type="button" class="button small secondary" onclick={on_delete}
                                    aria-label={tf(lang, Key::JrFileDeleteOf, &[("name", &f.file_name)])}>
                                    { t(lang, Key::JrFileDelete) }
                                </button>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <fieldset class="plain" id="panel-files-box">
            <legend>{ t(lang, Key::JrFiles) }</legend>
            { list }
            if props.writable {
                <div class="field">
                    <label for="panel-file">{ t(lang, Key::JrFileAdd) }</label>
                    <input type="file" id="panel-file" onchange={on_pick} disabled={*busy}
                        aria-describedby="panel-file-hint" />
                    <span class="hint" id="panel-file-hint">
                        { if *busy { t(lang, Key::JrFileUploading).to_owned() }
                          else { limit_kib.map(|k| tf(lang, Key::JrFileLimit, &[("kib", &k.to_string())])).unwrap_or_default() } }
                    </span>
                </div>
            }
            if let Some(message) = &*problem {
                <p class="form-error" role="alert" id="panel-file-error">{ message.clone() }</p>
            }
        </fieldset>
    }
}
