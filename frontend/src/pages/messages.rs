//! «Сообщения» (R-D3): the caller's threads, one thread with its messages and a reply box, and a new
//! message to someone from `GET /messages/recipients`.

use crate::app::Route;
use crate::components::form::{input_setter, textarea_setter};
use crate::components::layout::UnreadRefresh;
use crate::components::problem::FormProblem;
use crate::i18n::{t, tf, Key};
use crate::pages::{load_failed, loading, use_load, use_load_keyed, use_title, Load};
use crate::services::api::describe;
use crate::services::files::{content_type_of, download, kib_of};
use crate::services::messages::{
    about_line, author_relation, draft_problem, group_recipients, kib_from_detail, newest_first,
    relation_code, reply_problem, thread_line, toggle, too_large, when_short,
};
use crate::services::state::use_app;
use crate::services::time::local_time;
use chrono::Utc;
use journal_api_types::messages::{
    NewThread, Recipient, RecipientQuery, ThreadQuery, ThreadSummary, ThreadView,
};
use journal_client::ClientError;
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// The thread list, shared by «Сообщения» and «Объявления».
#[derive(Properties, PartialEq)]
pub struct ThreadListProps {
    pub threads: Rc<Vec<ThreadSummary>>,
    pub empty: Key,
}

#[component]
pub fn ThreadList(props: &ThreadListProps) -> Html {
    let lang = use_app().lang();
    if props.threads.is_empty() {
        return html! { <p class="muted" id="threads-empty">{ t(lang, props.empty) }</p> };
    }
    let now = Utc::now();
    html! {
        <ul class="thread-list" id="thread-list" aria-label={t(lang, Key::MsgThreadsLabel)}>
            { for props.threads.iter().map(|s| {
                let line = thread_line(lang, s);
                let id = s.id;
                html! {
                    <li class={classes!("thread-item", line.unread.is_some().then_some("unread"))}
                        id={format!("thread-{id}")}>
                        <Link<Route> to={Route::Thread { id }} classes="thread-link">
                            <span class="visually-hidden">{ line.label.clone() }</span>
                            <span class="thread-top" aria-hidden="true">
                                <span class="thread-subject">
                                    if let Some(kind) = line.kind {
                                        <span class="badge">{ kind }</span>{ " " }
                                    }
                                    { line.subject.clone() }
                                </span>
                                <time class="thread-when" datetime={s.last_message_at.to_rfc3339()}>
                                    { when_short(lang, s.last_message_at, now) }
                                </time>
                            </span>
                            <span class="thread-bottom" aria-hidden="true">
                                <span class="thread-preview">{ line.preview.clone() }</span>
                                if let Some(unread) = line.unread.clone() {
                                    <span class="unread-count">{ unread }</span>
                                }
                            </span>
                        </Link<Route>>
                    </li>
                }
            }) }
        </ul>
    }
}

#[component]
pub fn MessagesPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::MsgTitle);
    let query = use_state(String::new);
    let applied = use_state(String::new);
    let reload = use_state(|| 0_u32);
    let data = use_load_keyed((*applied).clone(), *reload, |c, q| async move {
        let query = ThreadQuery {
            q: (!q.trim().is_empty()).then(|| q.trim().to_owned()),
            limit: Some(200),
            ..ThreadQuery::default()
        };
        let mut items = c.list_threads(&query).await?.items;
        newest_first(&mut items);
        Ok(Rc::new(items))
    });
    let onsubmit = {
        let (query, applied, reload) = (query.clone(), applied.clone(), reload.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set((*query).clone());
            reload.set(reload.wrapping_add(1));
        })
    };
    let oninput = input_setter(&query);
    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(threads) => {
            let empty = if applied.trim().is_empty() {
                Key::MsgEmpty
            } else {
                Key::MsgNothingFound
            };
            html! { <ThreadList threads={threads.clone()} {empty} /> }
        }
    };
    html! {
        <section class="page messages" id="messages">
            <div class="page-head">
                <h1>{ t(lang, Key::MsgTitle) }</h1>
                <Link<Route> to={Route::NewMessage} classes="button primary new-message">
                    { t(lang, Key::MsgNew) }
                </Link<Route>>
            </div>
            <p class="muted">{ t(lang, Key::MsgIntro) }</p>
            <form class="search-row" role="search" {onsubmit}>
                <label for="thread-search" class="visually-hidden">{ t(lang, Key::MsgSearch) }</label>
                <input id="thread-search" type="search" value={(*query).clone()} {oninput}
                    placeholder={t(lang, Key::MsgSearch)} />
                <button type="submit" class="button secondary">{ t(lang, Key::MsgSearchButton) }</button>
            </form>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ThreadPageProps {
    pub id: Uuid,
}

struct Loaded {
    view: ThreadView,
    recipients: Vec<Recipient>,
}

/// One thread: opening it marks it read, so the menu's unread count is asked again.
#[component]
pub fn ThreadPage(props: &ThreadPageProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::MsgTitle);
    let refresh_unread = use_context::<UnreadRefresh>();
    let reload = use_state(|| 0_u32);
    let data = use_load_keyed(props.id, *reload, |c, id| async move {
        let view = c.thread(id).await?;
        let _ = c.mark_thread_read(id).await;
        // Who the authors are to the caller; without it only names are shown.
        let recipients = c
            .message_recipients(&RecipientQuery::default())
            .await
            .unwrap_or_default();
        Ok(Rc::new(Loaded { view, recipients }))
    });
    {
        let loaded = data.ready().is_some();
        let id = props.id;
        use_effect_with((id, loaded, *reload), move |(_, loaded, _)| {
            if *loaded {
                if let Some(refresh) = refresh_unread {
                    refresh.0.emit(());
                }
            }
        });
    }
    let me = app.me().map(|m| m.user_id);
    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(loaded) => {
            let view = &loaded.view;
            let on_sent = {
                let reload = reload.clone();
                Callback::from(move |()| reload.set(reload.wrapping_add(1)))
            };
            let others: Vec<String> = view
                .participants
                .iter()
                .filter(|p| Some(p.user_id) != me)
                .map(|p| p.name.clone())
                .collect();
            html! {
                <>
                    <h1 id="thread-subject">
                        if let Some(kind) = thread_line(lang, &view.thread).kind {
                            <span class="badge">{ kind }</span>{ " " }
                        }
                        { view.thread.subject.clone() }
                    </h1>
                    <p class="muted thread-participants">
                        { t(lang, Key::MsgParticipants) }{ ": " }{ others.join(", ") }
                    </p>
                    <ol class="message-list" id="message-list">
                        { for view.messages.iter().map(|m| {
                            let mine = Some(m.author_id) == me;
                            let relation = if mine {
                                Some(t(lang, Key::MsgYou).to_owned())
                            } else {
                                author_relation(lang, m.author_id, &loaded.recipients)
                            };
                            html! {
                                <li class={classes!("message", mine.then_some("mine"))} id={format!("message-{}", m.id)}>
                                    <div class="message-head">
                                        <span class="message-author">{ m.author_name.clone() }</span>
                                        if let Some(relation) = relation {
                                            <span class="message-relation">{ relation }</span>
                                        }
                                        <time class="message-when" datetime={m.sent_at.to_rfc3339()}>
                                            { local_time(lang, m.sent_at) }
                                        </time>
                                    </div>
                                    <div class="message-body">{ m.body.clone() }</div>
                                    if !m.attachments.is_empty() {
                                        <ul class="attachments">
                                            { for m.attachments.iter().map(|a| html! {
                                                <li><AttachmentLink id={a.id} name={a.file_name.clone()}
                                                    mime={a.content_type.clone()} size={a.size_bytes} /></li>
                                            }) }
                                        </ul>
                                    }
                                </li>
                            }
                        }) }
                    </ol>
                    if view.thread.may_post {
                        <ReplyBox thread={view.thread.id} {on_sent} />
                    } else {
                        <p class="muted" id="thread-read-only">{ t(lang, Key::MsgReadOnly) }</p>
                    }
                </>
            }
        }
    };
    html! {
        <section class="page thread" id="thread">
            <p class="back-link">
                <Link<Route> to={Route::Messages}>{ "← " }{ t(lang, Key::MsgBack) }</Link<Route>>
            </p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AttachmentLinkProps {
    id: Uuid,
    name: String,
    mime: String,
    size: u64,
}

/// A button that downloads an attachment through the session.
#[component]
fn AttachmentLink(props: &AttachmentLinkProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let problem = use_state(|| None::<String>);
    let onclick = {
        let (api, problem) = (app.api.clone(), problem.clone());
        let (id, name, mime) = (props.id, props.name.clone(), props.mime.clone());
        Callback::from(move |_: MouseEvent| {
            let (api, problem, name, mime) =
                (api.clone(), problem.clone(), name.clone(), mime.clone());
            spawn_local(async move {
                match api
                    .call(|c| async move { c.message_attachment(id).await })
                    .await
                {
                    Ok(bytes) => problem.set(download(&name, &mime, &bytes).err()),
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    html! {
        <>
            <button type="button" class="button ghost small attachment" {onclick}
                aria-label={tf(lang, Key::MsgDownload, &[("name", &props.name)])}>
                { "📎 " }{ props.name.clone() }{ " · " }
                { tf(lang, Key::JrFileSize, &[("kib", &kib_of(props.size).to_string())]) }
            </button>
            if let Some(p) = &*problem {
                <span class="inline-error" role="alert">{ p.clone() }</span>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ReplyProps {
    thread: Uuid,
    on_sent: Callback<()>,
}

#[component]
fn ReplyBox(props: &ReplyProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let text = use_state(String::new);
    let problem = use_state(|| None::<FormProblem>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (api, text, problem, busy) =
            (app.api.clone(), text.clone(), problem.clone(), busy.clone());
        let (thread, on_sent) = (props.thread, props.on_sent.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            if let Some(key) = reply_problem(&text) {
                problem.set(Some(FormProblem::Local(key)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let (api, text, problem, busy, on_sent) = (
                api.clone(),
                text.clone(),
                problem.clone(),
                busy.clone(),
                on_sent.clone(),
            );
            let body = (*text).clone();
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let body = body.clone();
                        async move { c.post_message(thread, &body).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        text.set(String::new());
                        on_sent.emit(());
                    }
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let oninput = textarea_setter(&text);
    html! {
        <form class="form reply-box" id="reply-form" {onsubmit} novalidate=true>
            <div class="field">
                <label for="reply-text">{ t(lang, Key::MsgReply) }</label>
                <textarea id="reply-text" rows="4" maxlength="20000" value={(*text).clone()} {oninput} />
            </div>
            if let Some(p) = &*problem {
                { p.view(lang, "reply-problem") }
            }
            <div class="form-actions">
                <button type="submit" id="reply-send" class="button primary" disabled={*busy}>
                    { t(lang, if *busy { Key::MsgSending } else { Key::MsgReplySend }) }
                </button>
            </div>
        </form>
    }
}

/// A file chosen to attach.
#[derive(Clone, PartialEq)]
struct Picked {
    name: String,
    bytes: Rc<Vec<u8>>,
}

/// What went wrong with one file, in words: `file_too_large` names the school's limit.
fn file_problem(
    lang: crate::i18n::Lang,
    name: &str,
    e: &ClientError,
    limit: Option<u32>,
) -> String {
    match e {
        ClientError::Api(p) if p.code == "file_too_large" => {
            let kib = p.detail.as_deref().and_then(kib_from_detail).or(limit);
            too_large_text(lang, name, kib)
        }
        _ => describe(lang, e),
    }
}

fn too_large_text(lang: crate::i18n::Lang, name: &str, kib: Option<u32>) -> String {
    match kib {
        Some(kib) => tf(
            lang,
            Key::MsgFileTooLarge,
            &[("name", name), ("kib", &kib.to_string())],
        ),
        None => tf(lang, Key::MsgFileTooLargeShort, &[("name", name)]),
    }
}

/// «Новое сообщение».
#[component]
pub fn NewMessagePage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::MsgNew);
    let navigator = use_navigator();
    let recipients = use_load((), |c, _| async move {
        Ok(Rc::new(
            c.message_recipients(&RecipientQuery::default()).await?,
        ))
    });
    // The school's file limit, asked only by those who may read the journal settings (staff); a
    // family's attachment is checked by the server, which names the limit in its answer.
    let reads_settings = app
        .me()
        .is_some_and(|me| crate::services::access::may(&me, journal_domain::Action::ViewStructure));
    let limit = use_load(reads_settings, |c, reads| async move {
        if !reads {
            return Ok(None);
        }
        Ok(c.journal_settings().await.ok().map(|s| s.homework_file_kib))
    });
    let limit_kib = limit.ready().copied().flatten();
    let chosen = use_state(Vec::<Uuid>::new);
    let subject = use_state(String::new);
    let text = use_state(String::new);
    let files = use_state(Vec::<Picked>::new);
    let problem = use_state(|| None::<FormProblem>);
    let file_note = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let sent = use_state(|| None::<Uuid>);

    let on_files = {
        let (files, file_note) = (files.clone(), file_note.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let picked: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            input.set_value("");
            let (files, file_note) = (files.clone(), file_note.clone());
            spawn_local(async move {
                let mut next = (*files).clone();
                let mut notes = Vec::new();
                for file in picked {
                    let name = file.name();
                    if too_large(file.size() as usize, limit_kib) {
                        notes.push(too_large_text(lang, &name, limit_kib));
                        continue;
                    }
                    match JsFuture::from(file.array_buffer()).await {
                        Ok(buffer) => next.push(Picked {
                            name,
                            bytes: Rc::new(js_sys::Uint8Array::new(&buffer).to_vec()),
                        }),
                        Err(_) => notes.push(t(lang, Key::ErrUnreadableFile).to_owned()),
                    }
                }
                files.set(next);
                file_note.set((!notes.is_empty()).then(|| notes.join(" ")));
            });
        })
    };

    let onsubmit = {
        let sent = sent.clone();
        let (api, chosen, subject, text, files, problem, busy, file_note) = (
            app.api.clone(),
            chosen.clone(),
            subject.clone(),
            text.clone(),
            files.clone(),
            problem.clone(),
            busy.clone(),
            file_note.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy || sent.is_some() {
                return;
            }
            if let Some(key) = draft_problem(&subject, &text, &chosen) {
                problem.set(Some(FormProblem::Local(key)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let request = NewThread {
                subject: subject.trim().to_owned(),
                body: (*text).clone(),
                recipients: (*chosen).clone(),
            };
            let (api, files, problem, busy, file_note, navigator) = (
                api.clone(),
                (*files).clone(),
                problem.clone(),
                busy.clone(),
                file_note.clone(),
                navigator.clone(),
            );
            let sent = sent.clone();
            spawn_local(async move {
                let created = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.create_thread(&request).await }
                    })
                    .await;
                let view = match created {
                    Ok(view) => view,
                    Err(e) => {
                        busy.set(false);
                        problem.set(Some(FormProblem::api(e)));
                        return;
                    }
                };
                let mut notes = Vec::new();
                if let Some(message) = view.messages.first() {
                    for f in &files {
                        let (id, name, bytes) = (message.id, f.name.clone(), f.bytes.clone());
                        let result = api
                            .call(|c| {
                                let (name, bytes) = (name.clone(), bytes.clone());
                                async move {
                                    c.attach_to_message(
                                        id,
                                        &name,
                                        content_type_of(&name),
                                        (*bytes).clone(),
                                    )
                                    .await
                                }
                            })
                            .await;
                        if let Err(e) = result {
                            let reason = file_problem(lang, &f.name, &e, limit_kib);
                            notes.push(tf(
                                lang,
                                Key::MsgAttachFailed,
                                &[("name", &f.name), ("reason", &reason)],
                            ));
                        }
                    }
                }
                busy.set(false);
                if notes.is_empty() {
                    if let Some(navigator) = navigator {
                        navigator.push(&Route::Thread { id: view.thread.id });
                    }
                } else {
                    // The message went; say which files did not and link to it.
                    file_note.set(Some(notes.join(" ")));
                    sent.set(Some(view.thread.id));
                }
            });
        })
    };

    let picker = match &*recipients {
        Load::Loading => loading(lang),
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => html! {
            <p class="muted" id="no-recipients">{ t(lang, Key::MsgNoRecipientsAvailable) }</p>
        },
        Load::Ready(list) => html! {
            <fieldset class="recipients" id="recipients" aria-describedby="recipients-hint">
                <legend>{ t(lang, Key::MsgRecipients) }</legend>
                <p class="muted" id="recipients-hint">{ t(lang, Key::MsgRecipientsHint) }</p>
                { for group_recipients(list).into_iter().map(|(group, members)| html! {
                    <div class="recipient-group">
                        <h3>{ group.title(lang) }</h3>
                        <ul>
                            { for members.iter().map(|r| {
                                let id = r.user_id;
                                let checked = chosen.contains(&id);
                                let about = about_line(lang, r);
                                let relations: Vec<&str> = r.relations.iter().map(|rel| relation_code(*rel)).collect();
                                let onchange = {
                                    let chosen = chosen.clone();
                                    Callback::from(move |_: Event| chosen.set(toggle(&chosen, id)))
                                };
                                html! {
                                    <li>
                                        <label class="check recipient" for={format!("recipient-{id}")}
                                            data-relations={relations.join(" ")}>
                                            <input type="checkbox" id={format!("recipient-{id}")} {checked} {onchange} />
                                            <span class="recipient-text">
                                                <span class="recipient-name">{ r.name.clone() }</span>
                                                if !about.is_empty() {
                                                    <span class="recipient-about muted">{ about }</span>
                                                }
                                            </span>
                                        </label>
                                    </li>
                                }
                            }) }
                        </ul>
                    </div>
                }) }
            </fieldset>
        },
    };

    let hint = match limit_kib {
        Some(kib) => tf(lang, Key::MsgAttachHint, &[("kib", &kib.to_string())]),
        None => t(lang, Key::MsgAttachHintShort).to_owned(),
    };
    html! {
        <section class="page new-message" id="new-message-page">
            <p class="back-link">
                <Link<Route> to={Route::Messages}>{ "← " }{ t(lang, Key::MsgBack) }</Link<Route>>
            </p>
            <h1>{ t(lang, Key::MsgNew) }</h1>
            <form class="form" id="new-message-form" {onsubmit} novalidate=true>
                { picker }
                <div class="field">
                    <label for="message-subject">{ t(lang, Key::MsgSubject) }</label>
                    <input id="message-subject" type="text" maxlength="200" value={(*subject).clone()}
                        oninput={input_setter(&subject)} />
                </div>
                <div class="field">
                    <label for="message-body">{ t(lang, Key::MsgBody) }</label>
                    <textarea id="message-body" rows="6" maxlength="20000" value={(*text).clone()}
                        oninput={textarea_setter(&text)} />
                </div>
                <div class="field">
                    <label for="message-files">{ t(lang, Key::MsgAttachments) }</label>
                    <input id="message-files" type="file" multiple=true onchange={on_files}
                        aria-describedby="message-files-hint" />
                    <p class="hint muted" id="message-files-hint">{ hint }</p>
                    if !files.is_empty() {
                        <ul class="picked-files" id="picked-files">
                            { for files.iter().enumerate().map(|(i, f)| {
                                let onclick = {
                                    let files = files.clone();
                                    Callback::from(move |_: MouseEvent| {
                                        let mut next = (*files).clone();
                                        next.remove(i);
                                        files.set(next);
                                    })
                                };
                                html! {
                                    <li>
                                        { f.name.clone() }{ " · " }
                                        { tf(lang, Key::JrFileSize, &[("kib", &kib_of(f.bytes.len() as u64).to_string())]) }
                                        { " " }
                                        <button type="button" class="button ghost small" {onclick}
                                            aria-label={tf(lang, Key::MsgRemoveFileOf, &[("name", &f.name)])}>
                                            { t(lang, Key::MsgRemoveFile) }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                    if let Some(note) = &*file_note {
                        <p class="form-error" role="alert" id="file-problem">{ note.clone() }</p>
                    }
                    if let Some(id) = *sent {
                        <p><Link<Route> to={Route::Thread { id }}>{ t(lang, Key::MsgOpenSent) }</Link<Route>></p>
                    }
                </div>
                if let Some(p) = &*problem {
                    { p.view(lang, "message-problem") }
                }
                <div class="form-actions">
                    <button type="submit" id="message-send" class="button primary" disabled={*busy}>
                        { t(lang, if *busy { Key::MsgSending } else { Key::MsgSend }) }
                    </button>
                </div>
            </form>
        </section>
    }
}
