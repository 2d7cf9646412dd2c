//! «Печать журнала» (R-P1): a class's printed journal — of one period, or of the whole school
//! year — and its summary sheet of finals, each as a PDF the server typesets. The deputy and the
//! director choose any class of the year, a class teacher the classes they lead. The period opens
//! on the last one over (the one the deputy prints and files); the class and the period live in
//! the address.

use super::class_report::periods_of;
use super::{class_offer, refused, use_structure};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::period_name;
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_title, Load};
use crate::services::api::describe;
use crate::services::files::download;
use crate::services::reports::{
    file_mime, journal_file_name, print_span, reads_classes, summary_file_name, PrintSpan,
    PrintView, ReportQuery,
};
use crate::services::state::use_app;
use crate::services::week::today;
use journal_api_types::reports::ReportFormat;
use journal_client::{Client, ClientError};
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// The two files of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    Journal,
    Summary,
}

/// How the last download went: the file saved, or what went wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Saved(String),
    Failed(String),
}

/// A refusal in words: who prints a class's journal (403), else the problem as the server
/// names it.
fn failure(lang: Lang, e: &ClientError) -> String {
    if e.status() == Some(403) {
        t(lang, Key::PjForbidden).to_owned()
    } else {
        tf(lang, Key::PjFailed, &[("reason", &describe(lang, e))])
    }
}

#[component]
pub fn PrintJournalPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::PjTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| reads_classes(m));
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let view = PrintView::from_query(&query);
    let structure = use_structure(can);
    let busy = use_state(|| None::<Doc>);
    let outcome = use_state(|| None::<Outcome>);
    let Some(me) = me else {
        return Html::default();
    };
    if !can {
        return html! { <ForbiddenPage /> };
    }
    let s = structure.ready().cloned();
    let offer = class_offer(&me, s.as_deref());
    // A class teacher of one class has it chosen; a class not theirs (an old link) is dropped.
    let class = view
        .class_id
        .filter(|id| offer.classes.iter().any(|c| c.id == *id))
        .or(match offer.classes.as_slice() {
            [one] => Some(one.id),
            _ => None,
        });
    let class_name = class
        .and_then(|id| offer.classes.iter().find(|c| c.id == id))
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let grade = class.and_then(|id| s.as_ref().and_then(|s| s.grade_of(id)));
    let periods = match (&s, class) {
        (Some(s), Some(_)) => periods_of(s, grade),
        _ => Vec::new(),
    };
    let span = print_span(view.span, &periods, today());
    let span_label = span
        .period_id()
        .and_then(|id| periods.iter().find(|p| p.id == Some(id)))
        .map(|p| period_name(lang, &p.kind, p.number))
        .unwrap_or_default();

    let go = {
        let navigator = navigator.clone();
        let outcome = outcome.clone();
        Callback::from(move |v: PrintView| {
            outcome.set(None);
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&Route::PrintJournal, &v.query());
            }
        })
    };
    let on_class = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            // Another grade may have other periods: a period the new class lacks gives way to
            // its default.
            go.emit(PrintView {
                class_id: Uuid::parse_str(&select.value()).ok(),
                span: view.span,
            });
        })
    };
    let on_period = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            go.emit(PrintView {
                class_id: class,
                span: PrintSpan::parse(&select.value()),
            });
        })
    };
    let fetch = |doc: Doc| {
        let (api, busy, outcome) = (app.api.clone(), busy.clone(), outcome.clone());
        let name = match doc {
            Doc::Journal => journal_file_name(lang, &class_name, &span_label),
            Doc::Summary => summary_file_name(lang, &class_name),
        };
        Callback::from(move |_: MouseEvent| {
            let Some(class_id) = class else {
                return;
            };
            if busy.is_some() {
                return;
            }
            let (api, busy, outcome, name) =
                (api.clone(), busy.clone(), outcome.clone(), name.clone());
            busy.set(Some(doc));
            outcome.set(None);
            spawn_local(async move {
                let period = span.period_id();
                let call = move |c: Client| async move {
                    match doc {
                        Doc::Journal => c.printed_journal(class_id, period).await,
                        Doc::Summary => c.summary_sheet_pdf(class_id).await,
                    }
                };
                let result = match api.call(call).await {
                    Ok(bytes) => match download(&name, file_mime(ReportFormat::Pdf), &bytes) {
                        Ok(()) => Outcome::Saved(tf(lang, Key::PjDone, &[("name", &name)])),
                        Err(_) => Outcome::Failed(t(lang, Key::PjSaveFailed).to_owned()),
                    },
                    Err(e) => Outcome::Failed(failure(lang, &e)),
                };
                outcome.set(Some(result));
                busy.set(None);
            });
        })
    };

    let reload = Callback::from(|_: MouseEvent| {
        // The structure is loaded once per visit: load the page again.
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let body = match &*structure {
        Load::Loading => loading(lang),
        Load::Failed(e) => refused(lang, e, reload, Key::RpClassesForbidden),
        Load::Ready(_) if offer.classes.is_empty() => html! {
            <p class="muted" id="print-journal-no-classes">{ t(lang, Key::PjNoClasses) }</p>
        },
        Load::Ready(_) => {
            let idle = class.is_none() || busy.is_some();
            let label = |doc: Doc, key: Key| {
                if *busy == Some(doc) {
                    html! {
                        <>
                            <span class="spinner" aria-hidden="true"></span>
                            { t(lang, Key::RpDownloading) }
                        </>
                    }
                } else {
                    html! { <>{ t(lang, key) }</> }
                }
            };
            let status = match (&*busy, &*outcome) {
                (Some(_), _) => Some(t(lang, Key::PjBusy).to_owned()),
                (None, Some(Outcome::Saved(text))) => Some(text.clone()),
                _ => None,
            };
            html! {
                <>
                    <form class="filters report-filters print-journal-filters" role="search"
                        aria-label={t(lang, Key::PjChoose)}
                        onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
                        <div class="field">
                            <label for="print-journal-class">{ t(lang, Key::TtClass) }</label>
                            <select id="print-journal-class" onchange={on_class} disabled={busy.is_some()}>
                                if class.is_none() {
                                    <option value="" selected=true>{ t(lang, Key::PjChooseClass) }</option>
                                }
                                { for offer.classes.iter().map(|c| html! {
                                    <option value={c.id.to_string()} selected={class == Some(c.id)}>{ c.name.clone() }</option>
                                }) }
                            </select>
                        </div>
                        if class.is_some() {
                            <div class="field">
                                <label for="print-journal-period">{ t(lang, Key::RpPeriod) }</label>
                                <select id="print-journal-period" onchange={on_period} disabled={busy.is_some()}>
                                    { for periods.iter().filter_map(|p| p.id.map(|id| (id, p))).map(|(id, p)| html! {
                                        <option value={id.to_string()} selected={span == PrintSpan::Period(id)}>
                                            { period_name(lang, &p.kind, p.number) }
                                        </option>
                                    }) }
                                    <option value={PrintSpan::Year.value()} selected={span == PrintSpan::Year}>
                                        { t(lang, Key::PjWholeYear) }
                                    </option>
                                </select>
                            </div>
                        }
                    </form>
                    if class.is_none() {
                        <p class="muted" id="print-journal-choose">{ t(lang, Key::PjChooseFirst) }</p>
                    }
                    <div class="report-actions print-journal-actions" role="group"
                        aria-label={t(lang, Key::PjActions)} aria-busy={busy.is_some().to_string()}>
                        <button type="button" id="print-journal-pdf" class="button primary"
                            onclick={fetch(Doc::Journal)} disabled={idle}>
                            { label(Doc::Journal, Key::PjDownloadJournal) }
                        </button>
                        <button type="button" id="print-journal-summary" class="button secondary"
                            onclick={fetch(Doc::Summary)} disabled={idle}>
                            { label(Doc::Summary, Key::PjDownloadSummary) }
                        </button>
                    </div>
                    <p class="muted print-journal-note" id="print-journal-summary-note">{ t(lang, Key::PjSummaryNote) }</p>
                    <p id="print-journal-status" role="status" aria-live="polite"
                        class={classes!("print-journal-status", status.is_some().then_some("notice"))}>
                        { status.unwrap_or_default() }
                    </p>
                    if let Some(Outcome::Failed(text)) = &*outcome {
                        <p class="form-error" role="alert" id="print-journal-error">{ text.clone() }</p>
                    }
                </>
            }
        }
    };
    let item = |key: Key| html! { <li>{ t(lang, key) }</li> };
    html! {
        <section class="page report" id="print-journal">
            <h1>{ t(lang, Key::PjTitle) }</h1>
            <p class="muted">{ t(lang, Key::PjIntro) }</p>
            { body }
            <section class="card print-journal-contents" aria-labelledby="print-journal-contents-title">
                <h2 id="print-journal-contents-title">{ t(lang, Key::PjContentsTitle) }</h2>
                <ol class="print-journal-parts">
                    { item(Key::PjContTitleSheet) }
                    { item(Key::PjContContents) }
                    { item(Key::PjContSubjects) }
                    { item(Key::PjContTopics) }
                    { item(Key::PjContSummary) }
                    { item(Key::PjContCertify) }
                </ol>
            </section>
        </section>
    }
}
