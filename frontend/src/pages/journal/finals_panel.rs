//! Finals of a student: period, year, exam, final; Н/А, deferrals, liquidation (R-F1–R-F4).

use super::cell_panel::{on_select, on_text};
use super::today_local;
use super::words::mark_text;
use crate::components::focus::use_focus_on;
use crate::components::form::change_setter;
use crate::i18n::{t, tf, Key, Lang};
use crate::services::journal::{final_change, final_settable, finals_of};
use crate::services::state::use_app;
use crate::services::week::parse_iso;
use journal_api_types::journal::{CellChange, JournalPage};
use journal_domain::marks::NOT_ATTESTED;
use std::rc::Rc;
use yew::prelude::*;

const FINAL_KINDS: [(&str, Key); 4] = [
    ("period", Key::JrKindPeriod),
    ("year", Key::JrKindYear),
    ("exam", Key::JrKindExam),
    ("final", Key::JrKindFinal),
];

#[derive(Properties, PartialEq)]
pub(super) struct FinalsPanelProps {
    pub(super) page: Rc<JournalPage>,
    pub(super) row: usize,
    pub(super) keeper: bool,
    pub(super) on_apply: Callback<Vec<CellChange>>,
    pub(super) on_close: Callback<()>,
}

fn final_words(lang: Lang, f: &journal_api_types::journal::FinalView) -> String {
    let mut text = match (&f.value, f.deferred_until) {
        (Some(v), _) => mark_text(lang, v),
        (None, Some(d)) => tf(
            lang,
            Key::JrDeferredShort,
            &[("date", &d.format("%d.%m.%Y").to_string())],
        ),
        _ => String::new(),
    };
    text = format!(
        "{text} {}",
        tf(
            lang,
            Key::JrFinalSetOn,
            &[("date", &f.set_on.format("%d.%m.%Y").to_string())]
        )
    );
    if f.liquidation {
        text = format!("{text}, {}", t(lang, Key::JrLiquidation));
    }
    if let Some(c) = &f.comment {
        text = format!("{text} — {c}");
    }
    text
}

#[component]
pub(super) fn FinalsPanel(props: &FinalsPanelProps) -> Html {
    let lang = use_app().lang();
    let page = &props.page;
    let kind = use_state(|| "period".to_owned());
    let value = use_state(String::new);
    let deferred = use_state(String::new);
    let comment = use_state(String::new);
    let problem = use_state(|| false);
    let first_ref = use_focus_on(());
    let Some(student) = page.students.get(props.row) else {
        return Html::default();
    };
    let settable = final_settable(page, student, &kind, today_local());
    let onsubmit = {
        let (kind, value, deferred, comment, problem) = (
            kind.clone(),
            value.clone(),
            deferred.clone(),
            comment.clone(),
            problem.clone(),
        );
        let (on_apply, id) = (props.on_apply.clone(), student.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match final_change(id, &kind, &value, parse_iso(&deferred), &comment) {
                Some(change) => {
                    problem.set(false);
                    value.set(String::new());
                    deferred.set(String::new());
                    comment.set(String::new());
                    on_apply.emit(vec![change]);
                }
                None => problem.set(true),
            }
        })
    };
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            }
        })
    };
    let liquidating = page.locked && settable;
    html! {
        <section class="card journal-panel" id="finals-panel" role="dialog" aria-labelledby="finals-panel-title" {onkeydown}>
            <h2 id="finals-panel-title">{ tf(lang, Key::JrFinalsOf, &[("student", &student.name)]) }</h2>
            <dl class="finals-list">
                { for FINAL_KINDS.iter().map(|(k, key)| {
                    let list = finals_of(page, student, k);
                    let current = list.last().filter(|f| f.current);
                    let earlier: Vec<_> = list.iter().filter(|f| !f.current).collect();
                    html! {
                        <>
                            <dt>{ t(lang, *key) }</dt>
                            <dd id={format!("final-current-{k}")} data-liquidation={current.filter(|f| f.liquidation).map(|_| "true")}>
                                { current.map_or_else(|| t(lang, Key::JrFinalNone).to_owned(), |f| final_words(lang, f)) }
                                if !earlier.is_empty() {
                                    <ul class="final-history" aria-label={t(lang, Key::JrFinalHistory)}>
                                        { for earlier.iter().map(|f| html! {
                                            <li><span class="superseded">{ final_words(lang, f) }</span></li>
                                        }) }
                                    </ul>
                                }
                            </dd>
                        </>
                    }
                }) }
            </dl>
            if props.keeper {
                if page.locked {
                    <p class="notice warn">{ t(lang, Key::JrFinalLockedHint) }</p>
                }
                <form id="finals-form" class="form" {onsubmit} novalidate=true>
                    <div class="form-row">
                        <div class="field">
                            <label for="final-kind">{ t(lang, Key::JrFinalKind) }</label>
                            <select id="final-kind" ref={first_ref} onchange={on_select(&kind)}>
                                { for FINAL_KINDS.iter().map(|(k, key)| html! {
                                    <option value={*k} selected={*kind == *k}>{ t(lang, *key) }</option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="final-value">{ t(lang, Key::JrFinalValue) }</label>
                            <select id="final-value" onchange={on_select(&value)} disabled={!settable}>
                                <option value="" selected={value.is_empty()}>{ t(lang, Key::JrMarkNone) }</option>
                                { for page.scale.values().iter().chain([NOT_ATTESTED].iter()).map(|v| html! {
                                    <option value={*v} selected={*value == *v}>{ mark_text(lang, v) }</option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="final-defer">{ t(lang, Key::JrFinalDefer) }</label>
                            <input type="date" id="final-defer" value={(*deferred).clone()} disabled={!settable || !value.is_empty()}
                                onchange={change_setter(&deferred)} />
                        </div>
                        <div class="field">
                            <label for="final-comment">{ t(lang, Key::JrFinalComment) }</label>
                            <input type="text" id="final-comment" maxlength="500" value={(*comment).clone()}
                                disabled={!settable} oninput={on_text(&comment)} />
                        </div>
                    </div>
                    if *problem {
                        <p class="form-error" role="alert" id="finals-form-error">{ t(lang, Key::JrFinalChooseValue) }</p>
                    }
                    <div class="form-actions">
                        <button type="submit" id="final-set" class="button primary" disabled={!settable}>
                            { t(lang, if liquidating { Key::JrFinalLiquidate } else { Key::JrFinalSet }) }
                        </button>
                        <button type="button" id="finals-close" class="button secondary"
                            onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                            { t(lang, Key::Close) }
                        </button>
                    </div>
                </form>
            } else {
                <button type="button" id="finals-close" class="button secondary" ref={first_ref}
                    onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                    { t(lang, Key::Close) }
                </button>
            }
        </section>
    }
}
