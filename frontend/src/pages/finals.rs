//! «Сводная ведомость» (R-F5): the finals in force of a class — students × subjects × periods, the
//! year, the exam and the final — with Н/А, deferrals and their dates, and liquidated debts; for
//! the class teacher of the class, the deputy and the director. Printable.

use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::mark_text;
use crate::pages::{load_failed, loading, use_current_classes, use_load_keyed, use_title, Load};
use crate::services::diary::sheet_classes;
use crate::services::finals::{columns, debts, final_in, final_text, Column, FinalText, SheetView};
use crate::services::state::use_app;
use crate::services::week::full_date;
use journal_api_types::journal::{PagePeriod, SummarySheet};
use journal_api_types::Role;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FinalsProps {
    pub class_id: Option<Uuid>,
}

fn period_short(lang: Lang, p: &PagePeriod) -> String {
    let key = match p.kind.as_str() {
        "quarter" => Key::FsPeriodShort,
        "trimester" => Key::FsTrimesterShort,
        _ => Key::FsHalfShort,
    };
    tf(lang, key, &[("n", &p.number.to_string())])
}

fn column_head(lang: Lang, sheet: &SummarySheet, c: Column) -> (String, String) {
    match c {
        Column::Period(id) => {
            let p = sheet.periods.iter().find(|p| p.id == id);
            let short = p.map(|p| period_short(lang, p)).unwrap_or_default();
            let long = p
                .map(|p| crate::pages::journal::period_name(lang, &p.kind, p.number))
                .unwrap_or_default();
            (short, long)
        }
        Column::Kind(kind) => {
            let (short, long) = match kind {
                "year" => (Key::FsYear, Key::FsYearLong),
                "exam" => (Key::FsExam, Key::FsExamLong),
                _ => (Key::FsFinalKind, Key::FsFinalLong),
            };
            (t(lang, short).to_owned(), t(lang, long).to_owned())
        }
    }
}

fn view_value(v: SheetView) -> String {
    match v {
        SheetView::All => String::new(),
        SheetView::Only(Column::Period(id)) => id.to_string(),
        SheetView::Only(Column::Kind(kind)) => kind.to_owned(),
    }
}

fn parse_view(value: &str) -> SheetView {
    if let Ok(id) = Uuid::parse_str(value) {
        return SheetView::Only(Column::Period(id));
    }
    match value {
        "year" => SheetView::Only(Column::Kind("year")),
        "exam" => SheetView::Only(Column::Kind("exam")),
        "final" => SheetView::Only(Column::Kind("final")),
        _ => SheetView::All,
    }
}

#[component]
pub fn FinalsPage(props: &FinalsProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::FsTitle);
    let navigator = use_navigator();
    let me = app.me();
    let leads = me
        .as_ref()
        .is_some_and(|m| m.roles.contains(&Role::Deputy) || m.roles.contains(&Role::Director));
    let user = me.as_ref().map_or(Uuid::nil(), |m| m.user_id);
    let classes = use_current_classes(true);
    let retry = use_state(|| 0_u32);
    let view = use_state(|| SheetView::All);
    let sheet = use_load_keyed(props.class_id, *retry, |c, class| async move {
        match class {
            Some(id) => c.summary_sheet(id).await.map(|s| Some(Rc::new(s))),
            None => Ok(None),
        }
    });
    // The classes offered: every class for the deputy and the director, the led ones otherwise.
    let offered: Vec<(Uuid, String)> = classes
        .ready()
        .map(|list| sheet_classes(list, leads, user))
        .unwrap_or_default();
    let on_class = {
        let navigator = navigator.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let (Ok(class_id), Some(n)) = (Uuid::parse_str(&select.value()), &navigator) {
                n.push(&Route::ClassFinals { class_id });
            }
        })
    };
    let chooser = html! {
        <div class="field inline no-print">
            <label for="finals-class">{ t(lang, Key::FsChoose) }</label>
            <select id="finals-class" onchange={on_class}>
                <option value="" selected={props.class_id.is_none()}>{ t(lang, Key::FsChooseClass) }</option>
                { for offered.iter().map(|(id, name)| html! {
                    <option value={id.to_string()} selected={props.class_id == Some(*id)}>{ name.clone() }</option>
                }) }
            </select>
        </div>
    };
    // A class teacher of one class goes straight to its sheet.
    {
        let navigator = navigator.clone();
        let target = (props.class_id.is_none() && !leads && offered.len() == 1)
            .then(|| offered.first().map(|(id, _)| *id))
            .flatten();
        use_effect_with(target, move |target| {
            if let (Some(class_id), Some(n)) = (target, navigator) {
                n.replace(&Route::ClassFinals {
                    class_id: *class_id,
                });
            }
        });
    }
    let body = match (&*sheet, props.class_id) {
        (_, None) => {
            if classes.ready().is_some() && offered.is_empty() {
                html! { <p class="muted" id="finals-no-classes">{ t(lang, Key::FsNoClasses) }</p> }
            } else {
                Html::default()
            }
        }
        (Load::Loading, _) => loading(lang),
        (Load::Failed(e), _) if matches!(e.status(), Some(403) | Some(404)) => html! {
            <p class="form-error" role="alert" id="finals-forbidden">{ t(lang, Key::FsForbidden) }</p>
        },
        (Load::Failed(e), _) => load_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(*retry + 1))
        }),
        (Load::Ready(None), _) => Html::default(),
        (Load::Ready(Some(s)), _) => sheet_view(lang, s, *view, {
            let view = view.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                view.set(parse_view(&select.value()));
            })
        }),
    };
    let title = match sheet.ready() {
        Some(Some(s)) => tf(lang, Key::FsTitleOf, &[("class", &s.class_name)]),
        _ => t(lang, Key::FsTitle).to_owned(),
    };
    html! {
        <section class="page wide" id="finals">
            <h1 id="finals-title">{ title }</h1>
            { chooser }
            { body }
        </section>
    }
}

/// Columns of finals on one printed landscape sheet, beside the names.
const PRINT_COLUMNS: usize = 24;

/// The subjects of each printed sheet, in order: as many whole subjects as fit in `max` columns
/// (`counts[i]` columns for subject `i`), a subject wider than a sheet alone on its own.
fn print_sheets(counts: &[usize], max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, n) in counts.iter().enumerate() {
        if used > 0 && used + n > max {
            out.push(start..i);
            (start, used) = (i, 0);
        }
        used += n;
    }
    if start < counts.len() {
        out.push(start..counts.len());
    }
    out
}

fn sheet_view(lang: Lang, s: &SummarySheet, view: SheetView, on_view: Callback<Event>) -> Html {
    let on_print = Callback::from(|_: MouseEvent| crate::services::browser::print());
    let mut options: Vec<(String, String)> =
        vec![(String::new(), t(lang, Key::FsShowAll).to_owned())];
    for p in &s.periods {
        options.push((
            p.id.to_string(),
            crate::pages::journal::period_name(lang, &p.kind, p.number),
        ));
    }
    for (kind, key) in [
        ("year", Key::FsYearLong),
        ("exam", Key::FsExamLong),
        ("final", Key::FsFinalLong),
    ] {
        options.push((kind.to_owned(), t(lang, key).to_owned()));
    }
    let chosen = view_value(view);
    let subject_columns: Vec<(usize, Vec<Column>)> = s
        .subjects
        .iter()
        .enumerate()
        .map(|(i, sub)| (i, columns(s, sub.id, view)))
        .collect();
    let cell = |line: &journal_api_types::journal::SummaryLine, subject: Uuid, c: Column| {
        let f = final_in(line, subject, c);
        let text = f.map_or(FinalText::Empty, |f| {
            final_text(f.value.as_deref(), f.deferred_until, f.liquidation)
        });
        match text {
            FinalText::Empty => html! { <td class="fin"></td> },
            FinalText::Deferred(d) => html! {
                <td class="fin deferred" title={tf(lang, Key::FsDeferredLong, &[("date", &full_date(lang, d))])}
                    data-deferred={d.to_string()}>
                    { tf(lang, Key::JrDeferredShort, &[("date", &d.format("%d.%m").to_string())]) }
                </td>
            },
            FinalText::Value { value, liquidation } => {
                let failing = crate::services::finals::is_debt(Some(&value), None);
                html! {
                    <td class={classes!("fin", failing.then_some("failing"), liquidation.then_some("liquidated"))}
                        data-value={value.clone()} data-liquidation={liquidation.then_some("true")}
                        title={liquidation.then(|| t(lang, Key::FsLiquidatedLong))}>
                        { mark_text(lang, &value) }
                        if liquidation {
                            { " " }<span class="liq">{ t(lang, Key::FsLiquidated) }</span>
                        }
                    </td>
                }
            }
        }
    };
    let table = |subjects: &[(usize, Vec<Column>)], with_debts: bool, id: Option<&'static str>| {
        html! {
            <table class="finals-sheet" id={id} aria-labelledby="finals-title">
                <thead>
                    <tr>
                        <th scope="col" rowspan="2" class="num">{ "№" }</th>
                        <th scope="col" rowspan="2" class="student">{ t(lang, Key::JrStudent) }</th>
                        { for subjects.iter().map(|(i, cols)| html! {
                            <th scope="colgroup" colspan={cols.len().to_string()} class="subject">
                                { s.subjects[*i].name.clone() }
                            </th>
                        }) }
                        if with_debts {
                            <th scope="col" rowspan="2" class="debts" title={t(lang, Key::FsDebtsLong)}>
                                { t(lang, Key::FsDebts) }
                            </th>
                        }
                    </tr>
                    <tr>
                        { for subjects.iter().flat_map(|(_, cols)| cols.iter().copied()).map(|c| {
                            let (short, long) = column_head(lang, s, c);
                            html! { <th scope="col" class="kind" title={long}>{ short }</th> }
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for s.students.iter().enumerate().map(|(r, line)| {
                        let n = debts(line);
                        html! {
                            <tr data-student-id={line.student_id.to_string()}>
                                <td class="num">{ r + 1 }</td>
                                <th scope="row" class="student">{ line.name.clone() }</th>
                                { for subjects.iter().flat_map(|(i, cols)| {
                                    let subject = s.subjects[*i].id;
                                    cols.iter().map(move |c| (subject, *c))
                                }).map(|(subject, c)| cell(line, subject, c)) }
                                if with_debts {
                                    <td class={classes!("debts", (n > 0).then_some("failing"))}>
                                        { if n > 0 { n.to_string() } else { String::new() } }
                                    </td>
                                }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        }
    };
    let counts: Vec<usize> = subject_columns.iter().map(|(_, c)| c.len()).collect();
    html! {
        <>
            <div class="journal-bar no-print">
                <div class="field inline">
                    <label for="finals-view">{ t(lang, Key::FsShow) }</label>
                    <select id="finals-view" onchange={on_view}>
                        { for options.iter().map(|(v, text)| html! {
                            <option value={v.clone()} selected={*v == chosen}>{ text.clone() }</option>
                        }) }
                    </select>
                </div>
                <button type="button" id="finals-print" class="button secondary" onclick={on_print}>
                    { t(lang, Key::FsPrint) }
                </button>
            </div>
            if s.students.is_empty() {
                <p class="muted">{ t(lang, Key::FsNoStudents) }</p>
            } else {
                <div class="table-wrap finals-wrap no-print">
                    { table(&subject_columns, true, Some("finals-sheet")) }
                </div>
                <div class="print-only print-landscape finals-print" aria-hidden="true">
                    { for print_sheets(&counts, PRINT_COLUMNS).into_iter().map(|range| {
                        let last = range.end == subject_columns.len();
                        table(&subject_columns[range], last, None)
                    }) }
                </div>
            }
            <p class="muted small" id="finals-legend">{ t(lang, Key::FsLegend) }</p>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    // One sheet is one range of subjects: a list of ranges, not a range to collect.
    #[allow(clippy::single_range_in_vec_init)]
    fn the_printed_summary_takes_every_subject_on_as_many_sheets_as_it_needs() {
        // Issue 12: nothing after «История» was printed.
        assert_eq!(print_sheets(&[5; 15], 24), [0..4, 4..8, 8..12, 12..15]);
        assert_eq!(print_sheets(&[1; 15], 24), [0..15]);
        // A subject wider than a sheet still gets one.
        assert_eq!(print_sheets(&[30, 2, 2], 24), [0..1, 1..3]);
        assert!(print_sheets(&[], 24).is_empty());
    }
}
