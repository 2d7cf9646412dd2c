//! «Движение учащихся» (R-R6): each class's size the day before a span and on its last day, the
//! admissions, transfers and withdrawals between, the sizes by level of education on the last day
//! (what a school reports on 20 September — a quick span gives it), and the movements with their
//! reason and order. The leadership read every class, a class teacher the classes they lead. The
//! filters live in the address.

use super::span::SpanBar;
use super::{
    chosen_name, class_offer, count as count_cell, figure, head, print_heading, refused,
    use_structure, FileActions, FileQuery, NarrowingFields, Shared,
};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::reports::{
    level_key, move_key, reads_classes, MovementView, Narrowing, ReportQuery, SpanPreset,
};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, today};
use chrono::Duration;
use journal_api_types::reports::{ClassMovement, MovementReport, ReportFormat};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn MovementReportPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpMovementTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| reads_classes(m));
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let view = MovementView::from_query(&query, today());
    let retry = use_state(|| 0_u32);
    let structure = use_structure(can);
    let report = use_load_keyed((can, view), *retry, |c, (can, view)| async move {
        if can {
            let r = c.movement_report(&view.filter(ReportFormat::Json)).await?;
            Ok(Some(Rc::new(r)))
        } else {
            Ok(None)
        }
    });
    let Some(me) = me else {
        return Html::default();
    };
    if !can {
        return html! { <ForbiddenPage /> };
    }
    let go = {
        let navigator = navigator.clone();
        Callback::from(move |v: MovementView| {
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&Route::MovementReport, &v.query());
            }
        })
    };
    let offer = Rc::new(class_offer(&me, structure.ready().map(|s| &**s)));
    let on_span = {
        let go = go.clone();
        Callback::from(move |(from, to)| go.emit(MovementView { from, to, ..view }))
    };
    let on_narrow = {
        let go = go.clone();
        Callback::from(move |n: Narrowing| {
            go.emit(MovementView {
                class_id: n.class_id,
                ..view
            })
        })
    };
    let on_reset = view.class_id.is_some().then(|| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| {
            go.emit(MovementView {
                class_id: None,
                ..view
            })
        })
    });
    let span = tf(
        lang,
        Key::RpSpanText,
        &[
            ("from", &full_date(lang, view.from)),
            ("to", &full_date(lang, view.to)),
        ],
    );
    let about: Vec<String> = [
        Some(span.clone()),
        chosen_name(&offer.classes, view.class_id),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parts = vec![iso(view.from), iso(view.to)];
    parts.extend(about.iter().skip(1).cloned());
    let ready = report.ready().and_then(|r| r.clone());
    let body = match &*report {
        Load::Loading => loading(lang),
        Load::Failed(e) => refused(
            lang,
            e,
            {
                let retry = retry.clone();
                Callback::from(move |_| retry.set(retry.wrapping_add(1)))
            },
            Key::RpClassesForbidden,
        ),
        Load::Ready(None) => Html::default(),
        Load::Ready(Some(r)) => report_view(lang, &span, Shared(r.clone())),
    };
    html! {
        <section class="page wide report" id="movement-report">
            <h1>{ t(lang, Key::RpMovementTitle) }</h1>
            <p class="muted no-print">{ t(lang, Key::RpMovementIntro) }</p>
            { print_heading(lang, &about) }
            <SpanBar prefix="movement" from={view.from} to={view.to}
                presets={&SpanPreset::MOVEMENT[..]} {on_span} {on_reset}>
                <NarrowingFields prefix="movement" offer={offer.clone()}
                    value={Narrowing { class_id: view.class_id, ..Narrowing::default() }}
                    whole_school=true on_change={on_narrow} />
            </SpanBar>
            <FileActions prefix="movement"
                query={ready.map(|_| FileQuery::Movement(view.filter(ReportFormat::Json)))}
                base={t(lang, Key::RpMovementTitle).to_owned()} {parts}
                forbidden={Key::RpClassesForbidden} />
            { body }
        </section>
    }
}

fn report_view(lang: Lang, span: &str, r: Shared<MovementReport>) -> Html {
    if r.classes.is_empty() {
        return html! { <p class="muted" id="movement-empty">{ t(lang, Key::RpMoveNoClasses) }</p> };
    }
    let day_before = full_date(lang, r.from - Duration::days(1));
    let last_day = full_date(lang, r.to);
    html! {
        <>
            <h2 id="movement-levels-title">{ tf(lang, Key::RpLevelsOn, &[("date", &last_day)]) }</h2>
            { levels_table(lang, &last_day, &r) }
            <h2 id="movement-classes-title">{ t(lang, Key::RpClasses) }</h2>
            <p class="report-note">
                { tf(lang, Key::RpMoveSizesNote, &[("start", &day_before), ("end", &last_day)]) }
            </p>
            { classes_table(lang, span, &r) }
            <h2 id="movement-list-title">{ t(lang, Key::RpMovements) }</h2>
            if r.movements.is_empty() {
                <p class="muted" id="movement-none">{ t(lang, Key::RpMoveNone) }</p>
            } else {
                { movements_table(lang, span, &r) }
            }
        </>
    }
}

fn levels_table(lang: Lang, last_day: &str, r: &MovementReport) -> Html {
    let classes: u32 = r.levels.iter().map(|l| l.classes).sum();
    let students: u32 = r.levels.iter().map(|l| l.students).sum();
    html! {
        <div class="table-wrap report-wrap report-narrow">
            <table class="report-table" id="movement-levels">
                <caption class="visually-hidden">{ tf(lang, Key::RpLevelsOn, &[("date", last_day)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::RpColLevel) }</th>
                        { head(lang, Key::RpColClasses, None) }
                        { head(lang, Key::RpColStudents, None) }
                    </tr>
                </thead>
                <tbody>
                    { for r.levels.iter().map(|l| html! {
                        <tr data-level={l.level.to_string()}>
                            <th scope="row">{ t(lang, level_key(l.level)) }</th>
                            { figure(l.classes.to_string(), false) }
                            { figure(l.students.to_string(), false) }
                        </tr>
                    }) }
                </tbody>
                if r.levels.len() > 1 {
                    <tfoot>
                        <tr id="movement-levels-total">
                            <th scope="row">{ t(lang, Key::Total) }</th>
                            { figure(classes.to_string(), false) }
                            { figure(students.to_string(), false) }
                        </tr>
                    </tfoot>
                }
            </table>
        </div>
    }
}

/// The cells of a class's movement: the end marked when the counts do not add up.
fn movement_cells(lang: Lang, m: &ClassMovement) -> Html {
    let balanced = m.balances();
    html! {
        <>
            { figure(m.at_start.to_string(), false) }
            { count_cell(m.admitted, false) }
            { count_cell(m.transferred_in, false) }
            { count_cell(m.transferred_out, false) }
            { count_cell(m.withdrawn, false) }
            <td class={classes!("num", (!balanced).then_some("problem"))}
                title={(!balanced).then(|| t(lang, Key::RpMoveUnbalanced))}>
                { m.at_end }
            </td>
        </>
    }
}

fn classes_table(lang: Lang, span: &str, r: &MovementReport) -> Html {
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="movement-classes">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionMovement, &[("span", span)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtClass) }</th>
                        { head(lang, Key::RpColAtStart, Some(Key::RpColAtStartLong)) }
                        { head(lang, Key::RpColAdmitted, None) }
                        { head(lang, Key::RpColTransferredIn, None) }
                        { head(lang, Key::RpColTransferredOut, None) }
                        { head(lang, Key::RpColWithdrawn, None) }
                        { head(lang, Key::RpColAtEnd, Some(Key::RpColAtEndLong)) }
                    </tr>
                </thead>
                <tbody>
                    { for r.classes.iter().map(|c| html! {
                        <tr data-class={c.class_id.to_string()}>
                            <th scope="row">{ c.class_name.clone() }</th>
                            { movement_cells(lang, &c.movement) }
                        </tr>
                    }) }
                </tbody>
                if r.classes.len() > 1 {
                    <tfoot>
                        <tr id="movement-total">
                            <th scope="row">{ t(lang, Key::Total) }</th>
                            { movement_cells(lang, &r.total) }
                        </tr>
                    </tfoot>
                }
            </table>
        </div>
    }
}

fn movements_table(lang: Lang, span: &str, r: &MovementReport) -> Html {
    let text = |v: &Option<String>| {
        v.clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| t(lang, Key::Dash).to_owned())
    };
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="movement-list">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionMovements, &[("span", span)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::RpColDate) }</th>
                        <th scope="col">{ t(lang, Key::JrStudent) }</th>
                        <th scope="col">{ t(lang, Key::RpColMove) }</th>
                        <th scope="col">{ t(lang, Key::RpColFromClass) }</th>
                        <th scope="col">{ t(lang, Key::RpColToClass) }</th>
                        <th scope="col">{ t(lang, Key::RpColReason) }</th>
                        <th scope="col">{ t(lang, Key::RpColOrder) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for r.movements.iter().map(|m| html! {
                        <tr data-student={m.student.student_id.to_string()}>
                            <th scope="row" class="nowrap">{ full_date(lang, m.on_date) }</th>
                            <td>{ m.student.name.clone() }</td>
                            <td>{ t(lang, move_key(m.kind)) }</td>
                            <td>{ text(&m.from_class) }</td>
                            <td>{ text(&m.to_class) }</td>
                            <td>{ text(&m.reason) }</td>
                            <td>{ text(&m.order_ref) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
