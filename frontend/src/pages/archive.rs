//! «Архив» (R-P2, R-P5): the school's archive packages of closed periods and years — what a
//! package holds, the list with a check of each, writing one by hand (the deputy and the
//! director) and the school's seal key with its page for the director's order. The admin reads
//! and checks; a period closed for the whole school writes its package by itself.

use crate::components::form::send_then;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::{offered_periods, period_label};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, loading, use_load, use_load_keyed, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::archive::{check_words, create_request, key_lines, CheckWords};
use crate::services::files::{download, human_size};
use crate::services::reports::{print_span, PrintSpan};
use crate::services::state::use_app;
use crate::services::time::local_time;
use crate::services::week::{current_year, full_date, today};
use journal_api_types::archives::{Archive, ArchiveKey};
use journal_api_types::structure::PeriodInput;
use journal_api_types::ErrorCode;
use journal_client::ClientError;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn ArchivePage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::ArTitle);
    let me = app.me();
    let reads = me.as_ref().is_some_and(|m| may(m, Action::ViewArchives));
    let writes = me.as_ref().is_some_and(|m| may(m, Action::CreateArchives));
    // A package written here: loaded again with the list and the key (the first one makes it).
    let reload = use_state(|| 0_u32);
    let fresh = use_state(|| None::<Rc<Archive>>);
    let list = use_load_keyed(reads, *reload, |c, reads| async move {
        if reads {
            c.list_archives().await.map(Rc::new)
        } else {
            Ok(Rc::new(Vec::new()))
        }
    });
    let on_created = {
        let (reload, fresh) = (reload.clone(), fresh.clone());
        Callback::from(move |archive: Archive| {
            fresh.set(Some(Rc::new(archive)));
            reload.set(reload.wrapping_add(1));
        })
    };
    if me.is_none() {
        return Html::default();
    }
    if !reads {
        return html! { <ForbiddenPage /> };
    }
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let new_id = fresh.as_ref().map(|a| a.id);
    let body = match &*list {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, retry),
        Load::Ready(items) => {
            // The package just written is on top even before the list comes back with it.
            let mut shown: Vec<Rc<Archive>> = items.iter().cloned().map(Rc::new).collect();
            if let Some(a) = &*fresh {
                if !shown.iter().any(|s| s.id == a.id) {
                    shown.insert(0, a.clone());
                }
            }
            if shown.is_empty() {
                html! { <p class="muted" id="archive-empty">{ t(lang, Key::ArEmpty) }</p> }
            } else {
                html! {
                    <ul class="plain-list archive-list" id="archive-list">
                        { for shown.into_iter().map(|a| {
                            let (key, fresh) = (a.id.to_string(), Some(a.id) == new_id);
                            html! { <ArchiveItem {key} {fresh} archive={a} /> }
                        }) }
                    </ul>
                }
            }
        }
    };
    let item = |key: Key| html! { <li>{ t(lang, key) }</li> };
    html! {
        <section class="page archive-page" id="archive">
            <h1>{ t(lang, Key::ArTitle) }</h1>
            <p class="muted">{ t(lang, Key::ArIntro) }</p>
            <section class="card archive-about" id="archive-about" aria-labelledby="archive-about-title">
                <h2 id="archive-about-title">{ t(lang, Key::ArAboutTitle) }</h2>
                <ul>
                    { item(Key::ArAboutPrinted) }
                    { item(Key::ArAboutData) }
                    { item(Key::ArAboutKept) }
                    { item(Key::ArAboutSeal) }
                </ul>
            </section>
            if writes {
                <CreateArchiveForm {on_created} />
            }
            <section class="archive-packages" aria-labelledby="archive-list-title">
                <h2 id="archive-list-title">{ t(lang, Key::ArListTitle) }</h2>
                { body }
            </section>
            <KeyCard reload={*reload} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ArchiveItemProps {
    archive: Rc<Archive>,
    /// Written just now on this screen.
    fresh: bool,
}

/// How the last check of a package went.
#[derive(Clone, PartialEq)]
enum Check {
    Running,
    Done(CheckWords, String),
    Failed(String),
}

/// One package: what it is, when and by whom it was written, its size and terms, and its check.
#[component]
fn ArchiveItem(props: &ArchiveItemProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let check = use_state(|| None::<Check>);
    let a = &props.archive;
    let id = a.id;
    let on_check = {
        let (api, check) = (app.api.clone(), check.clone());
        Callback::from(move |_: MouseEvent| {
            if *check == Some(Check::Running) {
                return;
            }
            check.set(Some(Check::Running));
            let (api, check) = (api.clone(), check.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| async move { c.verify_archive(id).await })
                    .await;
                check.set(Some(match result {
                    Ok(found) => Check::Done(
                        check_words(lang, &found),
                        local_time(lang, found.checked_at),
                    ),
                    Err(e) => Check::Failed(tf(
                        lang,
                        Key::ArCheckFailed,
                        &[("reason", &describe(lang, &e))],
                    )),
                }));
            });
        })
    };
    let when = local_time(lang, a.created_at);
    let written = match &a.created_by_name {
        Some(who) => tf(lang, Key::ArWrittenBy, &[("when", &when), ("who", who)]),
        None => tf(lang, Key::ArWrittenAuto, &[("when", &when)]),
    };
    let running = *check == Some(Check::Running);
    let prefix = format!("archive-{id}");
    let result = match &*check {
        None => Html::default(),
        Some(Check::Running) => html! {
            <><span class="spinner" aria-hidden="true"></span>{ t(lang, Key::ArVerifying) }</>
        },
        Some(Check::Done(words, at)) => html! {
            <span class={classes!("archive-check", if words.ok { "success" } else { "form-error" })}
                data-ok={words.ok.to_string()}>
                { format!("{} · {}", words.text, tf(lang, Key::ArCheckedAt, &[("when", at)])) }
            </span>
        },
        Some(Check::Failed(text)) => html! {
            <span class="archive-check form-error" data-ok="false">{ text.clone() }</span>
        },
    };
    html! {
        <li class={classes!("card", "archive-item", props.fresh.then_some("fresh"))} id={prefix.clone()}
            data-archive-id={id.to_string()}>
            <h3 class="archive-title" id={format!("{prefix}-title")}>
                { a.title.clone() }
                if props.fresh {
                    { " " }<span class="badge ok">{ t(lang, Key::ArNew) }</span>
                }
            </h3>
            <dl class="details archive-details">
                <dt>{ t(lang, Key::ArWritten) }</dt>
                <dd class="archive-written">{ written }</dd>
                <dt>{ t(lang, Key::ArFiles) }</dt>
                <dd class="archive-files">{ a.files }</dd>
                <dt>{ t(lang, Key::ArSize) }</dt>
                <dd class="archive-size">{ human_size(lang, a.size_bytes) }</dd>
                <dt>{ t(lang, Key::ArKeptUntil) }</dt>
                <dd class="archive-kept">{ full_date(lang, a.summary_until) }</dd>
                <dt>{ t(lang, Key::ArJournalsUntil) }</dt>
                <dd class="archive-journals">{ full_date(lang, a.journals_until) }</dd>
            </dl>
            <div class="form-actions archive-actions">
                <button type="button" class="button secondary archive-verify" id={format!("{prefix}-verify")}
                    onclick={on_check} disabled={running}
                    aria-label={tf(lang, Key::ArVerifyOf, &[("title", &a.title)])}>
                    { t(lang, Key::ArVerify) }
                </button>
            </div>
            <p class="archive-result" id={format!("{prefix}-result")} role="status" aria-live="polite">
                { result }
            </p>
        </li>
    }
}

/// What the form offers: the current year and its periods.
struct YearChoice {
    year_id: Uuid,
    periods: Vec<PeriodInput>,
}

#[derive(Properties, PartialEq)]
struct CreateArchiveFormProps {
    on_created: Callback<Archive>,
}

/// How the last request to write a package ended.
#[derive(Clone, PartialEq)]
enum Outcome {
    Created(String),
    Failed(String),
}

/// «Создать архив»: a period of the current year, or the whole year; the answer comes when the
/// package is sealed.
#[component]
fn CreateArchiveForm(props: &CreateArchiveFormProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let year = use_load((), |c, _| async move {
        let years = c.list_years().await?;
        let Some(year_id) = current_year(&years, today()) else {
            return Ok(None);
        };
        let detail = c.year(year_id).await?;
        let periods = offered_periods(&detail.periods, None)
            .into_iter()
            .cloned()
            .collect();
        Ok(Some(Rc::new(YearChoice { year_id, periods })))
    });
    let chosen = use_state(|| None::<PrintSpan>);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Outcome>);
    let body = match &*year {
        Load::Loading => loading(lang),
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(None) => {
            html! { <p class="muted" id="archive-no-year">{ t(lang, Key::ArNoYear) }</p> }
        }
        Load::Ready(Some(choice)) => {
            // The period just over opens the list, as for printing: the one to file.
            let span = print_span(*chosen, &choice.periods, today());
            let on_span = {
                let (chosen, outcome) = (chosen.clone(), outcome.clone());
                Callback::from(move |e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    chosen.set(PrintSpan::parse(&select.value()));
                    outcome.set(None);
                })
            };
            let on_submit = {
                let (api, busy, outcome, on_created) = (
                    app.api.clone(),
                    busy.clone(),
                    outcome.clone(),
                    props.on_created.clone(),
                );
                let request = create_request(span, choice.year_id);
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if *busy {
                        return;
                    }
                    outcome.set(None);
                    let (outcome, on_created) = (outcome.clone(), on_created.clone());
                    send_then(
                        &api,
                        &busy,
                        request.clone(),
                        |c, r| async move { c.create_archive(&r).await },
                        move |result: Result<Archive, ClientError>| match result {
                            Ok(archive) => {
                                outcome.set(Some(Outcome::Created(tf(
                                    lang,
                                    Key::ArCreated,
                                    &[("title", &archive.title)],
                                ))));
                                on_created.emit(archive);
                            }
                            Err(e) => outcome.set(Some(Outcome::Failed(tf(
                                lang,
                                Key::ArCreateFailed,
                                &[("reason", &describe(lang, &e))],
                            )))),
                        },
                    );
                })
            };
            let status = if *busy {
                html! { <><span class="spinner" aria-hidden="true"></span>{ t(lang, Key::ArCreating) }</> }
            } else if let Some(Outcome::Created(text)) = &*outcome {
                html! { <>{ text.clone() }</> }
            } else {
                Html::default()
            };
            let noticed = *busy || matches!(*outcome, Some(Outcome::Created(_)));
            html! {
                <>
                    <form class="filters archive-create-form" onsubmit={on_submit} novalidate=true
                        aria-busy={busy.to_string()}>
                        <div class="field grow">
                            <label for="archive-span">{ t(lang, Key::ArCreateSpan) }</label>
                            <select id="archive-span" onchange={on_span} disabled={*busy}>
                                { for choice.periods.iter().filter_map(|p| p.id.map(|id| (id, p))).map(|(id, p)| html! {
                                    <option value={id.to_string()} selected={span == PrintSpan::Period(id)}>
                                        { period_label(lang, p) }
                                    </option>
                                }) }
                                <option value={PrintSpan::Year.value()} selected={span == PrintSpan::Year}>
                                    { t(lang, Key::PjWholeYear) }
                                </option>
                            </select>
                        </div>
                        <button type="submit" id="archive-create" class="button primary" disabled={*busy}>
                            { t(lang, Key::ArCreateSubmit) }
                        </button>
                    </form>
                    <p id="archive-create-status" role="status" aria-live="polite"
                        class={classes!("archive-create-status", noticed.then_some("notice"))}>
                        { status }
                    </p>
                    if let Some(Outcome::Failed(text)) = &*outcome {
                        <p class="form-error" role="alert" id="archive-create-error">{ text.clone() }</p>
                    }
                </>
            }
        }
    };
    html! {
        <section class="card archive-create" id="archive-create-card" aria-labelledby="archive-create-title">
            <h2 id="archive-create-title">{ t(lang, Key::ArCreateTitle) }</h2>
            <p class="muted">{ t(lang, Key::ArCreateIntro) }</p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct KeyCardProps {
    /// Loaded again with the list: the first package makes the key.
    reload: u32,
}

/// «Ключ подписи архива»: the public key in two lines, its fingerprint and date, and the page to
/// print for the director's order; before the first package, that it comes with it.
#[component]
fn KeyCard(props: &KeyCardProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let retry = use_state(|| 0_u32);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Result<String, String>>);
    let key = use_load_keyed((), props.reload.wrapping_add(*retry), |c, _| async move {
        match c.archive_key().await {
            Ok(key) => Ok(Some(Rc::new(key))),
            Err(e) if e.code() == Some(ErrorCode::NoArchiveKey) => Ok(None),
            Err(e) => Err(e),
        }
    });
    let on_download = {
        let (api, busy, outcome) = (app.api.clone(), busy.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            outcome.set(None);
            let (api, busy, outcome) = (api.clone(), busy.clone(), outcome.clone());
            spawn_local(async move {
                let name = format!("{}.pdf", t(lang, Key::ArKeyFile));
                let result = match api.call(|c| async move { c.archive_key_pdf().await }).await {
                    Ok(bytes) => match download(&name, "application/pdf", &bytes) {
                        Ok(()) => Ok(tf(lang, Key::PjDone, &[("name", &name)])),
                        Err(_) => Err(t(lang, Key::PjSaveFailed).to_owned()),
                    },
                    Err(e) => Err(tf(
                        lang,
                        Key::ArKeyFailed,
                        &[("reason", &describe(lang, &e))],
                    )),
                };
                outcome.set(Some(result));
                busy.set(false);
            });
        })
    };
    let body = match &*key {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_: MouseEvent| retry.set(retry.wrapping_add(1)))
        }),
        Load::Ready(None) => {
            html! { <p class="muted" id="archive-key-none">{ t(lang, Key::ArKeyNone) }</p> }
        }
        Load::Ready(Some(k)) => key_view(lang, k, on_download, *busy, &outcome),
    };
    html! {
        <section class="card archive-key" id="archive-key" aria-labelledby="archive-key-title">
            <h2 id="archive-key-title">{ t(lang, Key::ArKeyTitle) }</h2>
            <p class="muted">{ t(lang, Key::ArKeyIntro) }</p>
            { body }
        </section>
    }
}

fn key_view(
    lang: Lang,
    k: &ArchiveKey,
    on_download: Callback<MouseEvent>,
    busy: bool,
    outcome: &Option<Result<String, String>>,
) -> Html {
    let (first, second) = key_lines(&k.public_key);
    html! {
        <>
            <dl class="details archive-key-details">
                <dt>{ t(lang, Key::ArKeyPublic) }</dt>
                <dd>
                    <code class="archive-key-value" id="archive-key-value" translate="no">
                        <span>{ first.to_owned() }</span>
                        <span>{ second.to_owned() }</span>
                    </code>
                </dd>
                <dt>{ t(lang, Key::ArKeyFingerprint) }</dt>
                <dd><code class="archive-fingerprint" id="archive-key-fingerprint" translate="no">{ k.fingerprint.clone() }</code></dd>
                <dt>{ t(lang, Key::ArKeyCreated) }</dt>
                <dd id="archive-key-created">{ local_time(lang, k.created_at) }</dd>
            </dl>
            <div class="report-actions archive-key-actions">
                <button type="button" id="archive-key-pdf" class="button secondary"
                    onclick={on_download} disabled={busy} aria-busy={busy.to_string()}>
                    if busy {
                        <span class="spinner" aria-hidden="true"></span>
                        { t(lang, Key::RpDownloading) }
                    } else {
                        { t(lang, Key::ArKeyDownload) }
                    }
                </button>
            </div>
            <p id="archive-key-status" role="status" aria-live="polite">
                if let Some(Ok(text)) = outcome { { text.clone() } }
            </p>
            if let Some(Err(text)) = outcome {
                <p class="form-error" role="alert" id="archive-key-error">{ text.clone() }</p>
            }
        </>
    }
}
