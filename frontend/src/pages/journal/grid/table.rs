//! The grid's table: the lessons' heads and a row per student with its cells, average and final.

use super::keys::{cell_id, lesson_head_keydown};
use super::state::GridAction;
use super::Ctx;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::cancelled;
use crate::pages::journal::words::{mark_text, reason_short, reason_text, refusal_text};
use crate::services::journal::{
    attendance_in, cell_of, is_make_up, marks_in, period_final, CellKey,
};
use crate::services::week::{full_date, iso};
use journal_api_types::journal::{PageLesson, PageStudent};
use journal_domain::marks::{format_average, Risk, Scale};
use journal_domain::timetable::ChangeKind;
use yew::prelude::*;

/// The head of lesson column `i`: the lesson's day and a marker of its change; it opens the lesson
/// panel.
pub(super) fn lesson_head(
    cx: &Ctx,
    i: usize,
    l: &PageLesson,
    panel: &UseStateHandle<Option<usize>>,
) -> Html {
    let (lang, state, ac, final_col) = (cx.lang, cx.state, cx.ac, cx.final_col);
    let cell_writable = |l: &PageLesson| cx.cell_writable(l);
    let marker = l.change.map(|k| match k {
        ChangeKind::Substitution => ("З", Key::JrSubstitution),
        ChangeKind::Cancellation => ("✕", Key::JrCancelled),
        ChangeKind::Move => ("↷", Key::JrMoved),
    });
    let open = {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| panel.set(Some(i)))
    };
    let onkeydown = lesson_head_keydown(state.dispatcher(), i, final_col);
    let mut title = full_date(lang, l.held_on);
    if let Some(topic) = &l.topic {
        title = format!("{title}: {topic}");
    }
    if let Some((_, key)) = marker {
        title = format!("{title} ({})", t(lang, key));
    }
    html! {
        <th scope="col" class={classes!("lesson-col", (i == ac).then_some("active-col"),
                cancelled(l).then_some("cancelled"), (!cell_writable(l)).then_some("readonly"),
                l.conducted.then_some("conducted"))}
            data-entry-id={l.entry_id.to_string()} data-date={iso(l.lesson_date)}>
            <button type="button" id={format!("lesson-head-{i}")} class="lesson-head"
                onclick={open} onkeydown={onkeydown} title={title.clone()} aria-label={title}
                tabindex="-1">
                { l.held_on.format("%d.%m").to_string() }
                if let Some((m, _)) = marker {
                    <span class="lesson-marker" aria-hidden="true">{ m }</span>
                }
            </button>
        </th>
    }
}

/// The row of student `r`: the lessons' cells, then the average, forecast, risks and period final.
pub(super) fn student_row(cx: &Ctx, r: usize, s: &PageStudent) -> Html {
    let (lang, page, state) = (cx.lang, cx.page, cx.state);
    let (ar, ac, final_col) = (cx.ar, cx.ac, cx.final_col);
    let final_writable = |s: &PageStudent| cx.final_writable(s);
    let cells = page
        .lessons
        .iter()
        .enumerate()
        .map(|(c, l)| lesson_cell(cx, r, c, s, l));
    let f = &s.forecast;
    let average = f
        .average
        .map(|a| format_average(a, lang == Lang::Ru))
        .unwrap_or_default();
    let final_view = period_final(s);
    let final_text = match final_view {
        Some(fv) => match (&fv.value, fv.deferred_until) {
            (Some(v), _) => mark_text(lang, v),
            (None, Some(d)) => tf(
                lang,
                Key::JrDeferredShort,
                &[("date", &d.format("%d.%m").to_string())],
            ),
            _ => String::new(),
        },
        None => String::new(),
    };
    let final_active = (r, final_col) == (ar, ac);
    let final_click = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(GridAction::Move((r, final_col))))
    };
    html! {
        <tr data-student-id={s.id.to_string()} class={classes!((r == ar).then_some("active-row"))}>
            <td class="num">{ r + 1 }</td>
            <th scope="row" class="student" title={s.name.clone()}>
                <span class="name-full">{ s.name.clone() }</span>
                <span class="name-short" aria-hidden="true">{ surname_and_initial(&s.name) }</span>
            </th>
            { for cells }
            <td class="avg" data-average={f.average.map(|a| format!("{a:.2}"))}>{ average }</td>
            <td class="forecast">{ f.mark.map(|m| m.to_string()).unwrap_or_default() }</td>
            <td class="risks">
                { for f.risks.iter().map(|risk| match risk {
                    Risk::TooFewMarks => html! { <span class="badge warn" title={t(lang, Key::JrRiskFewLong)}>{ t(lang, Key::JrRiskFew) }</span> },
                    Risk::Failing => html! { <span class="badge danger" title={t(lang, Key::JrRiskFailingLong)}>{ t(lang, Key::JrRiskFailing) }</span> },
                }) }
            </td>
            if page.scale != Scale::NoMarks {
                <td id={cell_id(r, final_col)} role="gridcell"
                    tabindex={if final_active { "0" } else { "-1" }}
                    aria-selected={if final_active { "true" } else { "false" }}
                    aria-readonly={(!final_writable(s)).then_some("true")}
                    aria-label={format!("{}: {} {}", s.name, t(lang, Key::JrFinal), final_text)}
                    class={classes!("cell", "final", final_active.then_some("active"),
                        (!final_writable(s)).then_some("readonly"))}
                    data-student-id={s.id.to_string()} data-col={final_col.to_string()}
                    onclick={final_click} data-liquidation={final_view.filter(|f| f.liquidation).map(|_| "true")}>
                    { final_text.clone() }
                    if final_view.is_some_and(|f| f.liquidation) {
                        { " " }<span class="liq" title={t(lang, Key::JrLiquidation)}>{ t(lang, Key::FsLiquidated) }</span>
                    }
                </td>
            }
        </tr>
    }
}

/// The cell of student `r` in lesson column `c`: attendance with its reason and the marks, its
/// refusal or pending change in its label.
fn lesson_cell(cx: &Ctx, r: usize, c: usize, s: &PageStudent, l: &PageLesson) -> Html {
    let (lang, page, state, ar, ac) = (cx.lang, cx.page, cx.state, cx.ar, cx.ac);
    let cell_writable = |l: &PageLesson| cx.cell_writable(l);
    let active = (r, c) == (ar, ac);
    let marks = marks_in(page, s, l);
    let att = attendance_in(s, l);
    let key = CellKey::of(s, l);
    let refused = state.refused.get(&key);
    let pending = state.queue.iter().any(|q| cell_of(q) == Some(key));
    let onclick = {
        let dispatcher = state.dispatcher();
        let picker = cx.picker.clone();
        let writable = cell_writable(l);
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(GridAction::Move((r, c)));
            // On a phone a tap opens the mark picker: no keyboard is at hand.
            if writable && super::picker::phone_layout() {
                picker.set(Some((r, c)));
            }
        })
    };
    let names: Vec<String> = marks
        .iter()
        .map(|m| {
            let wt = page
                .work_types
                .iter()
                .find(|w| w.code == m.work_type)
                .map_or(m.work_type.as_str(), |w| w.name.as_str());
            let mut line = format!("{} — {wt}", mark_text(lang, &m.value));
            if is_make_up(m, l) {
                line = format!(
                    "{line} ({})",
                    tf(
                        lang,
                        Key::JrMakeUp,
                        &[("date", &m.given_on.format("%d.%m").to_string())]
                    )
                );
            }
            if let Some(c) = &m.comment {
                line = format!("{line}: «{c}»");
            }
            line
        })
        .collect();
    let mut label = format!("{}, {}", s.name, full_date(lang, l.held_on));
    if let Some(a) = att {
        // The name holds what the cell shows («нб»), then what it means (WCAG 2.5.3).
        let late = a.status == "late";
        let shown = format!(
            "{}{}",
            t(
                lang,
                if late {
                    Key::JrLateShort
                } else {
                    Key::JrAbsentShort
                }
            ),
            a.reason.as_deref().map_or("", |r| reason_short(lang, r))
        );
        label = format!(
            "{label}: {shown} — {}",
            t(lang, if late { Key::JrLate } else { Key::JrAbsent })
        );
        if let Some(r) = &a.reason {
            label = format!("{label} ({})", reason_text(lang, r));
        }
    }
    if !names.is_empty() {
        label = format!("{label}; {}", names.join("; "));
    }
    if let Some(code) = refused {
        label = format!("{label}. {}", refusal_text(lang, code));
    }
    html! {
        <td id={cell_id(r, c)} role="gridcell" tabindex={if active { "0" } else { "-1" }}
            aria-selected={if active { "true" } else { "false" }}
            aria-readonly={(!cell_writable(l)).then_some("true")}
            aria-label={label.clone()} title={label}
            class={classes!("cell", active.then_some("active"), (c == ac).then_some("active-col"),
                (!cell_writable(l)).then_some("readonly"), cancelled(l).then_some("cancelled"),
                refused.is_some().then_some("refused"), pending.then_some("pending"))}
            data-student-id={s.id.to_string()} data-entry-id={l.entry_id.to_string()}
            data-date={iso(l.lesson_date)} data-col={c.to_string()} {onclick}>
            if let Some(a) = att {
                <span class={classes!("att", a.status.as_str())} data-reason={a.reason.clone()}>
                    { t(lang, if a.status == "late" { Key::JrLateShort } else { Key::JrAbsentShort }) }
                    if let Some(r) = &a.reason {
                        <span class="reason">{ reason_short(lang, r) }</span>
                    }
                </span>
            }
            { for marks.iter().map(|m| html! {
                <span class={classes!("mark", format!("m{}", m.value), m.comment.is_some().then_some("commented"),
                        is_make_up(m, l).then_some("makeup"))}
                    data-work-type={m.work_type.clone()} data-comment={m.comment.clone()}
                    data-given-on={is_make_up(m, l).then(|| iso(m.given_on))}>
                    { mark_text(lang, &m.value) }
                </span>
            }) }
        </td>
    }
}

/// A student's name in the phone's narrow column: the surname and the first name's initial
/// («Александрова П.»); the full name is the cell's title and the picker's heading.
fn surname_and_initial(full: &str) -> String {
    let mut words = full.split_whitespace();
    match (words.next(), words.next().and_then(|w| w.chars().next())) {
        (Some(last), Some(initial)) => format!("{last} {initial}."),
        (Some(last), None) => last.to_owned(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::surname_and_initial;

    #[test]
    fn the_phone_shows_the_surname_and_the_initial() {
        assert_eq!(
            surname_and_initial("Александрова Полина Романовна"),
            "Александрова П."
        );
        assert_eq!(surname_and_initial("Ли"), "Ли");
        assert_eq!(surname_and_initial(""), "");
    }
}
