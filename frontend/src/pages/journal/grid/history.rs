//! The history of a cell or of a student's finals: who changed what, before and after.

use super::state::GridAction;
use super::Ctx;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::words::{mark_text, reason_text};
use crate::pages::{loading, Load};
use crate::services::api::{describe, Api};
use crate::services::week::full_date;
use chrono::Local;
use journal_api_types::journal::{HistoryFilter, HistoryItem};
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The history shown: its title and the entries.
pub(super) type Shown = Option<(String, Load<Rc<Vec<HistoryItem>>>)>;

/// Loads and shows the history of a cell (row, column); the finals column shows only finals.
pub(super) fn open_history(
    cx: &Ctx,
    api: &Api,
    history: &UseStateHandle<Shown>,
    a_id: Uuid,
    p_id: Uuid,
) -> Callback<(usize, usize)> {
    let lang = cx.lang;
    let history = history.clone();
    let api = api.clone();
    let page = cx.page.clone();
    Callback::from(move |(r, c): (usize, usize)| {
        let Some(s) = page.students.get(r) else {
            return;
        };
        let lesson = page.lessons.get(c);
        let filter = HistoryFilter {
            student_id: Some(s.id),
            entry_id: lesson.map(|l| l.entry_id),
            lesson_date: lesson.map(|l| l.lesson_date),
        };
        let title = match lesson {
            Some(l) => format!("{}, {}", s.name, full_date(lang, l.held_on)),
            None => format!("{}, {}", s.name, t(lang, Key::JrFinal)),
        };
        let only_finals = lesson.is_none();
        history.set(Some((title.clone(), Load::Loading)));
        let (api, history) = (api.clone(), history.clone());
        spawn_local(async move {
            let result = api
                .call(|c| {
                    let filter = filter.clone();
                    async move { c.journal_history(a_id, p_id, &filter).await }
                })
                .await;
            history.set(Some((
                title,
                match result {
                    Ok(items) => Load::Ready(Rc::new(
                        items
                            .into_iter()
                            .filter(|i| !only_finals || i.action == "journal.final")
                            .collect(),
                    )),
                    Err(e) => Load::Failed(Rc::new(e)),
                },
            )));
        });
    })
}

/// The history card, while a history is open; closing it puts the focus back on the active cell.
pub(super) fn history_card(cx: &Ctx, history: &UseStateHandle<Shown>) -> Html {
    let (lang, state, ar, ac) = (cx.lang, cx.state, cx.ar, cx.ac);
    let history = history.clone();
    html! {
        if let Some((title, items)) = &*history {
            <section class="card" id="journal-history" aria-live="polite">
                <h2>{ tf(lang, Key::JrHistoryOf, &[("cell", title)]) }</h2>
                { match items {
                    Load::Loading => loading(lang),
                    Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
                    Load::Ready(items) if items.is_empty() => html! { <p class="muted">{ t(lang, Key::JrHistoryEmpty) }</p> },
                    Load::Ready(items) => html! {
                        <ol class="journal-history">
                            { for items.iter().map(|i| html! {
                                <li>
                                    <span class="muted">{ i.at.with_timezone(&Local).format("%d.%m.%Y %H:%M").to_string() }</span>
                                    { " · " }<strong>{ i.actor_name.clone() }</strong>{ " · " }
                                    { history_line(lang, i) }
                                </li>
                            }) }
                        </ol>
                    },
                } }
                <button type="button" class="button secondary" id="journal-history-close"
                    onclick={{ let history = history.clone(); let dispatcher = state.dispatcher();
                        Callback::from(move |_| { history.set(None); dispatcher.dispatch(GridAction::Move((ar, ac))); }) }}>
                    { t(lang, Key::Close) }
                </button>
            </section>
        }
    }
}

/// One history entry: what changed, before → after.
fn history_line(lang: Lang, i: &HistoryItem) -> String {
    let side = |v: &Option<serde_json::Value>| -> String {
        let Some(v) = v else {
            return t(lang, Key::Dash).to_owned();
        };
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        if let Some(value) = text("value") {
            let wt = text("work_type")
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            let comment = text("comment")
                .map(|c| format!(" «{c}»"))
                .unwrap_or_default();
            let liquidation = if v.get("liquidation").and_then(|l| l.as_bool()) == Some(true) {
                format!(", {}", t(lang, Key::JrLiquidation))
            } else {
                String::new()
            };
            return format!("{}{wt}{comment}{liquidation}", mark_text(lang, &value));
        }
        if let Some(d) = text("deferred_until") {
            return tf(lang, Key::JrDeferredShort, &[("date", &d)]);
        }
        if let Some(status) = text("status") {
            let what = t(
                lang,
                if status == "late" {
                    Key::JrLate
                } else {
                    Key::JrAbsent
                },
            );
            return match text("reason") {
                Some(r) => format!("{what} ({})", reason_text(lang, &r)),
                None => what.to_owned(),
            };
        }
        if v.get("conducted").is_some() {
            return text("topic").unwrap_or_else(|| t(lang, Key::Dash).to_owned());
        }
        if let Some(reason) = text("reason") {
            return reason;
        }
        t(lang, Key::Dash).to_owned()
    };
    let what = match i.action.as_str() {
        "journal.mark" => t(lang, Key::JrHMark),
        "journal.attendance" => t(lang, Key::JrHAttendance),
        "journal.lesson" => t(lang, Key::JrHLesson),
        "journal.final" => t(lang, Key::JrFinal),
        "journal.close" => t(lang, Key::JrHClose),
        "journal.reopen" => t(lang, Key::JrHReopen),
        other => other,
    };
    format!("{what}: {} → {}", side(&i.before), side(&i.after))
}
