//! «Тематическое планирование» (КТП, R-T4): the ordered topics with hours of a teaching
//! assignment against the lessons held so far (plan versus fact). The assignment's teacher keeps
//! their plan — edited here or imported from CSV; the deputy and the director see and keep any.

use crate::components::form::{text_setter, textarea_setter, SelectField, SubmitButton};
use crate::components::problem::{Failure, FormProblem, ProblemMessage};
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{
    load_failed, loading, use_current_classes, use_load, use_load_keyed, use_title, Load,
};
use crate::services::access::may;
use crate::services::files::read_picked;
use crate::services::state::use_app;
use crate::services::week::{current_year, today};
use journal_api_types::planning::{Plan, PlanInput, PlanTopic, PlanTopicInput};
use journal_api_types::structure::{Assignment, AssignmentFilter};
use journal_client::ClientError;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Most hours one topic may have (as the API checks).
const MAX_HOURS: u16 = 200;

fn progress_badge(lang: Lang, progress: &str) -> Html {
    let (class, key) = match progress {
        "done" => ("badge ok", Key::PlanDone),
        "in_progress" => ("badge warn", Key::PlanInProgress),
        _ => ("badge", Key::PlanAhead),
    };
    html! { <span class={class}>{ t(lang, key) }</span> }
}

fn assignment_label(a: &Assignment, with_class: bool) -> String {
    if with_class {
        format!("{} — {} ({})", a.class_name, a.subject_name, a.teacher_name)
    } else {
        format!("{} — {}", a.subject_name, a.teacher_name)
    }
}

#[component]
pub fn PlanPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::PlanTitle);
    let me = app.me();
    let can_view = me.as_ref().is_some_and(|me| may(me, Action::ViewStructure));
    let can_manage = me
        .as_ref()
        .is_some_and(|me| may(me, Action::ManageTimetable));
    let user_id = me.as_ref().map(|me| me.user_id);

    let classes = use_current_classes(can_view && can_manage);
    let class_id = use_state(String::new);
    let assignment_id = use_state(String::new);
    let reload = use_state(|| 0_u32);

    // The deputy picks a class, then one of its assignments; a teacher picks among their own.
    let class = Uuid::parse_str(&class_id).ok();
    let assignments = use_load(
        (can_view, can_manage, class, user_id),
        |c, (ok, manage, class, user)| async move {
            if !ok {
                return Ok(Rc::new(Vec::new()));
            }
            let filter = match (manage, class, user) {
                (true, Some(class_id), _) => AssignmentFilter {
                    class_id: Some(class_id),
                    teacher_id: None,
                },
                (false, _, Some(teacher_id)) => AssignmentFilter {
                    class_id: None,
                    teacher_id: Some(teacher_id),
                },
                _ => return Ok(Rc::new(Vec::new())),
            };
            let years = c.list_years().await?;
            let year = current_year(&years, today());
            let mut list: Vec<Assignment> = c
                .list_assignments(&filter)
                .await?
                .into_iter()
                .filter(|a| Some(a.year_id) == year)
                .collect();
            list.sort_by_cached_key(|a| {
                (
                    journal_domain::collate::class_key(&a.class_name),
                    journal_domain::collate::ru_key(&a.subject_name),
                )
            });
            Ok(Rc::new(list))
        },
    );
    let chosen = Uuid::parse_str(&assignment_id).ok();
    let plan = use_load_keyed(chosen, *reload, |c, id| async move {
        match id {
            Some(id) => c.plan(id).await.map(Some),
            None => Ok(None),
        }
    });
    // Start on the first assignment offered.
    {
        let assignment_id = assignment_id.clone();
        let first = assignments
            .ready()
            .and_then(|list| list.first().map(|a| a.id));
        use_effect_with(first, move |first| {
            if let Some(first) = first {
                if assignment_id.is_empty() {
                    assignment_id.set(first.to_string());
                }
            }
        });
    }

    if !can_view {
        return html! { <ForbiddenPage /> };
    }
    let on_class = {
        let (class_id, assignment_id) = (class_id.clone(), assignment_id.clone());
        Callback::from(move |v: String| {
            assignment_id.set(String::new());
            class_id.set(v);
        })
    };
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
    };
    let list: Rc<Vec<Assignment>> = assignments.ready().cloned().unwrap_or_default();

    let pickers = html! {
        <div class="filters" role="group" aria-label={t(lang, Key::PlanPick)}>
            if can_manage {
                <SelectField id="plan-class" label={t(lang, Key::ColClass)} value={(*class_id).clone()}
                    placeholder={t(lang, Key::ChooseOption)}
                    options={classes.ready().map(|cs| cs.iter().map(|c| (c.id.to_string(), c.name.clone())).collect::<Vec<_>>()).unwrap_or_default()}
                    onchange={on_class} />
            }
            <SelectField id="plan-assignment" label={t(lang, Key::AssignmentLabel)} value={(*assignment_id).clone()}
                placeholder={t(lang, Key::ChooseOption)}
                options={list.iter().map(|a| (a.id.to_string(), assignment_label(a, !can_manage))).collect::<Vec<_>>()}
                onchange={text_setter(&assignment_id)} />
        </div>
    };

    let body = match &*plan {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(None) => {
            let empty = assignments.ready().is_some_and(|l| l.is_empty())
                && (!can_manage || class.is_some());
            html! {
                <p class="muted" id="plan-none">
                    { t(lang, if empty { Key::PlanNoAssignments } else { Key::PlanChoose }) }
                </p>
            }
        }
        Load::Ready(Some(plan)) => {
            let may_keep = can_manage || Some(plan.assignment.teacher_id) == user_id;
            html! { <PlanView plan={Rc::new(plan.clone())} {may_keep} {on_saved} /> }
        }
    };

    html! {
        <section class="page" id="plan">
            <h1>{ t(lang, Key::PlanTitle) }</h1>
            <p class="muted">{ t(lang, if can_manage { Key::PlanIntroManage } else { Key::PlanIntro }) }</p>
            { pickers }
            { body }
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    View,
    Edit,
    Import,
}

#[derive(Properties, PartialEq)]
struct PlanViewProps {
    plan: Rc<Plan>,
    may_keep: bool,
    on_saved: Callback<()>,
}

#[component]
fn PlanView(props: &PlanViewProps) -> Html {
    let lang = use_app().lang();
    let mode = use_state(|| Mode::View);
    let saved = use_state(|| false);
    let p = &props.plan;
    let a = &p.assignment;
    let set_mode = |m: Mode| {
        let (mode, saved) = (mode.clone(), saved.clone());
        Callback::from(move |_: MouseEvent| {
            saved.set(false);
            mode.set(m);
        })
    };
    let done = {
        let (mode, saved, cb) = (mode.clone(), saved.clone(), props.on_saved.clone());
        Callback::from(move |_: ()| {
            mode.set(Mode::View);
            saved.set(true);
            cb.emit(());
        })
    };
    let cancel = {
        let mode = mode.clone();
        Callback::from(move |_: ()| mode.set(Mode::View))
    };
    let behind = p.held > p.planned_hours;
    html! {
        <section class="card" aria-labelledby="plan-head" id="plan-card" data-assignment={a.id.to_string()}>
            <h2 id="plan-head">{ format!("{}, {}", a.subject_name, a.class_name) }</h2>
            <p class="muted">{ tf(lang, Key::PlanTeacher, &[("teacher", &a.teacher_name), ("hours", &a.hours_per_week.to_string())]) }</p>
            <p id="plan-fact" class="lead">
                { tf(lang, Key::PlanFact, &[("planned", &p.planned_hours.to_string()), ("held", &p.held.to_string())]) }
            </p>
            if p.planned_hours > 0 {
                <meter id="plan-meter" min="0" max={p.planned_hours.to_string()} value={p.held.min(p.planned_hours).to_string()}
                    aria-label={t(lang, Key::PlanMeterLabel)}></meter>
            }
            if behind {
                <p class="notice warn">{ t(lang, Key::PlanExceeded) }</p>
            }
            if *saved {
                <p class="success" role="status" id="plan-saved">{ t(lang, Key::PlanSaved) }</p>
            }
            { match *mode {
                Mode::View => html! {
                    <>
                        { topics_table(lang, &p.topics) }
                        if props.may_keep {
                            <div class="form-actions">
                                <button type="button" id="plan-edit" class="button secondary" onclick={set_mode(Mode::Edit)}>
                                    { t(lang, Key::PlanEdit) }
                                </button>
                                <button type="button" id="plan-import" class="button secondary" onclick={set_mode(Mode::Import)}>
                                    { t(lang, Key::PlanImport) }
                                </button>
                            </div>
                        }
                    </>
                },
                Mode::Edit => html! {
                    <PlanEditor assignment_id={a.id} topics={p.topics.clone()} on_saved={done} on_cancel={cancel} />
                },
                Mode::Import => html! {
                    <PlanImport assignment_id={a.id} on_saved={done} on_cancel={cancel} />
                },
            } }
        </section>
    }
}

fn topics_table(lang: Lang, topics: &[PlanTopic]) -> Html {
    html! {
        <div class="table-wrap">
            <table id="plan-table" class="table">
                <caption class="visually-hidden">{ t(lang, Key::PlanTitle) }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="num">{ "№" }</th>
                        <th scope="col">{ t(lang, Key::PlanTopic) }</th>
                        <th scope="col" class="num">{ t(lang, Key::PlanHours) }</th>
                        <th scope="col">{ t(lang, Key::ColStatus) }</th>
                    </tr>
                </thead>
                <tbody>
                    if topics.is_empty() {
                        <tr><td colspan="4" class="empty">{ t(lang, Key::PlanEmpty) }</td></tr>
                    }
                    { for topics.iter().map(|tp| html! {
                        <tr class="plan-topic" data-progress={tp.progress.clone()}>
                            <td class="num">{ tp.position }</td>
                            <td data-label={t(lang, Key::PlanTopic)}>{ tp.title.clone() }</td>
                            <td data-label={t(lang, Key::PlanHours)} class="num">{ tp.hours }</td>
                            <td data-label={t(lang, Key::ColStatus)}>{ progress_badge(lang, &tp.progress) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// A topic row being edited: the title and the hours as typed.
#[derive(Clone, PartialEq)]
struct Row {
    title: String,
    hours: String,
}

/// The plan to send, or the numbers (from 1) of the rows that are wrong.
fn plan_input(rows: &[Row]) -> Result<PlanInput, Vec<usize>> {
    let mut bad = Vec::new();
    let mut topics = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let title = row.title.trim();
        let hours = row.hours.trim().parse::<u16>().ok();
        match hours {
            Some(h)
                if (1..=MAX_HOURS).contains(&h)
                    && !title.is_empty()
                    && title.chars().count() <= 300 =>
            {
                topics.push(PlanTopicInput {
                    title: title.to_owned(),
                    hours: h,
                })
            }
            _ => bad.push(i + 1),
        }
    }
    if bad.is_empty() && !topics.is_empty() {
        Ok(PlanInput { topics })
    } else {
        Err(bad)
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    assignment_id: Uuid,
    topics: Vec<PlanTopic>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

#[component]
fn PlanEditor(props: &EditorProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let rows = {
        let initial: Vec<Row> = props
            .topics
            .iter()
            .map(|tp| Row {
                title: tp.title.clone(),
                hours: tp.hours.to_string(),
            })
            .collect();
        use_state(move || {
            if initial.is_empty() {
                vec![Row {
                    title: String::new(),
                    hours: "1".into(),
                }]
            } else {
                initial
            }
        })
    };
    let bad_rows = use_state(Vec::<usize>::new);
    let problem = use_state(|| None::<Failure>);
    let busy = use_state(|| false);

    let update = |i: usize, f: fn(&mut Row, String)| {
        let rows = rows.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*rows).clone();
            if let Some(row) = next.get_mut(i) {
                f(row, input.value());
            }
            rows.set(next);
        })
    };
    let reorder = |i: usize, op: i8| {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*rows).clone();
            match op {
                -1 if i > 0 => next.swap(i, i - 1),
                1 if i + 1 < next.len() => next.swap(i, i + 1),
                0 => {
                    next.remove(i);
                }
                _ => {}
            }
            rows.set(next);
        })
    };
    let add = {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*rows).clone();
            next.push(Row {
                title: String::new(),
                hours: "1".into(),
            });
            rows.set(next);
        })
    };
    let onsubmit = {
        let (api, rows, bad_rows, problem, busy) = (
            app.api.clone(),
            rows.clone(),
            bad_rows.clone(),
            problem.clone(),
            busy.clone(),
        );
        let (id, on_saved) = (props.assignment_id, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let input = match plan_input(&rows) {
                Ok(input) => input,
                Err(bad) => {
                    bad_rows.set(bad);
                    return;
                }
            };
            bad_rows.set(Vec::new());
            problem.set(None);
            busy.set(true);
            let (api, problem, busy, on_saved) =
                (api.clone(), problem.clone(), busy.clone(), on_saved.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let input = input.clone();
                        async move { c.replace_plan(id, &input).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => on_saved.emit(()),
                    Err(e) => problem.set(Some(Failure::from(e))),
                }
            });
        })
    };
    let cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let total: u32 = rows
        .iter()
        .filter_map(|r| r.hours.trim().parse::<u32>().ok())
        .sum();
    let count = rows.len();
    html! {
        <form id="plan-editor" class="form stack" {onsubmit} novalidate=true>
            <table class="table edit-table">
                <caption>{ tf(lang, Key::PlanEditCaption, &[("hours", &total.to_string())]) }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="num">{ "№" }</th>
                        <th scope="col">{ t(lang, Key::PlanTopic) }</th>
                        <th scope="col">{ t(lang, Key::PlanHours) }</th>
                        <th scope="col">{ t(lang, Key::ColActions) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().enumerate().map(|(i, row)| {
                        let n = i + 1;
                        let wrong = bad_rows.contains(&n);
                        let label = tf(lang, Key::PlanRowLabel, &[("n", &n.to_string())]);
                        html! {
                            <tr class={classes!("plan-row", wrong.then_some("has-error"))}>
                                <td class="num">{ n }</td>
                                <td>
                                    <label for={format!("plan-title-{n}")} class="visually-hidden">
                                        { format!("{label}: {}", t(lang, Key::PlanTopic)) }
                                    </label>
                                    <input id={format!("plan-title-{n}")} type="text" value={row.title.clone()} maxlength="300"
                                        aria-invalid={wrong.then_some("true")}
                                        oninput={update(i, |r, v| r.title = v)} />
                                </td>
                                <td>
                                    <label for={format!("plan-hours-{n}")} class="visually-hidden">
                                        { format!("{label}: {}", t(lang, Key::PlanHours)) }
                                    </label>
                                    <input id={format!("plan-hours-{n}")} type="number" min="1" max={MAX_HOURS.to_string()} value={row.hours.clone()}
                                        class="narrow" aria-invalid={wrong.then_some("true")}
                                        oninput={update(i, |r, v| r.hours = v)} />
                                </td>
                                <td class="row-actions">
                                    <div class="actions">
                                        <button type="button" class="button small ghost" onclick={reorder(i, -1)} disabled={i == 0}
                                            aria-label={format!("{label}: {}", t(lang, Key::MoveUp))} title={t(lang, Key::MoveUp)}>{ "↑" }</button>
                                        <button type="button" class="button small ghost" onclick={reorder(i, 1)} disabled={n == count}
                                            aria-label={format!("{label}: {}", t(lang, Key::MoveDown))} title={t(lang, Key::MoveDown)}>{ "↓" }</button>
                                        <button type="button" class="button small danger-outline" onclick={reorder(i, 0)} disabled={count == 1}
                                            aria-label={format!("{label}: {}", t(lang, Key::RemoveRow))}>{ t(lang, Key::RemoveRow) }</button>
                                    </div>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div>
                <button type="button" id="plan-add-row" class="button secondary" onclick={add}>{ t(lang, Key::PlanAddTopic) }</button>
            </div>
            if !bad_rows.is_empty() {
                <p class="form-error" role="alert" id="plan-editor-error">
                    { tf(lang, Key::PlanRowsWrong, &[
                        ("rows", &bad_rows.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
                        ("max", &MAX_HOURS.to_string()),
                    ]) }
                </p>
            }
            if let Some(e) = &*problem {
                <ProblemMessage id="plan-editor-error" error={e.clone()} />
            }
            <div class="form-actions">
                <SubmitButton id="plan-save" busy={*busy} label={Key::PlanSave} />
                <button type="button" class="button ghost" onclick={cancel}>{ t(lang, Key::Cancel) }</button>
            </div>
        </form>
    }
}

/// The text of a line problem of a plan file.
fn plan_line_text(lang: Lang, code: &str) -> Option<&'static str> {
    Some(t(
        lang,
        match code {
            "missing_topic" => Key::PlanLineMissingTopic,
            "bad_hours" => Key::PlanLineBadHours,
            "bad_columns" => Key::PlanLineBadColumns,
            "empty_plan" => Key::PlanLineEmpty,
            _ => return None,
        },
    ))
}

/// `line 12` → 12.
fn line_number(field: &str) -> Option<usize> {
    field.strip_prefix("line ")?.trim().parse().ok()
}

#[derive(Properties, PartialEq)]
struct ImportProps {
    assignment_id: Uuid,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

#[component]
fn PlanImport(props: &ImportProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let text = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);

    let on_file = {
        let (text, problem) = (text.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (text, problem) = (text.clone(), problem.clone());
            spawn_local(async move {
                if let Some(file) = read_picked(&input).await {
                    match journal_domain::text::decode(&file.bytes) {
                        Some(s) => {
                            problem.set(None);
                            text.set(s.into_owned());
                        }
                        None => problem.set(Some(FormProblem::Local(Key::PlanNotUtf8))),
                    }
                }
            });
        })
    };
    let on_text = textarea_setter(&text);
    let onsubmit = {
        let (api, text, busy, problem) =
            (app.api.clone(), text.clone(), busy.clone(), problem.clone());
        let (id, on_saved) = (props.assignment_id, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            if text.trim().is_empty() {
                problem.set(Some(FormProblem::Local(Key::PlanLineEmpty)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let csv = (*text).clone();
            let (api, busy, problem, on_saved) =
                (api.clone(), busy.clone(), problem.clone(), on_saved.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let csv = csv.clone();
                        async move { c.import_plan(id, csv).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => on_saved.emit(()),
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let line_problems = match &*problem {
        Some(FormProblem::Api(Failure(e))) => match e.as_ref() {
            ClientError::Api(p) if p.code == "plan_invalid" => Some(p.errors.clone()),
            _ => None,
        },
        _ => None,
    };
    html! {
        <form id="plan-import-form" class="form stack" {onsubmit} novalidate=true>
            <div class="field">
                <label for="plan-file">{ t(lang, Key::PlanFileLabel) }</label>
                <input type="file" id="plan-file" accept=".csv,text/csv,text/plain" onchange={on_file} />
            </div>
            <div class="field">
                <label for="plan-csv">{ t(lang, Key::PlanCsvLabel) }</label>
                <textarea id="plan-csv" rows="10" value={(*text).clone()} oninput={on_text}
                    aria-describedby="plan-csv-hint" spellcheck="false" />
                <p class="hint" id="plan-csv-hint">{ t(lang, Key::PlanCsvHint) }</p>
            </div>
            { match (&line_problems, &*problem) {
                (Some(lines), _) => html! {
                    <div class="form-error" role="alert" id="plan-import-error">
                        <p>{ t(lang, Key::PlanImportBad) }</p>
                        <table class="table" id="plan-import-problems">
                            <thead>
                                <tr>
                                    <th scope="col" class="num">{ t(lang, Key::ColLine) }</th>
                                    <th scope="col">{ t(lang, Key::ColProblem) }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for lines.iter().map(|fe| html! {
                                    <tr>
                                        <td class="num">{ line_number(&fe.field).map(|n| n.to_string()).unwrap_or_else(|| fe.field.clone()) }</td>
                                        <td>{ plan_line_text(lang, &fe.code).map(str::to_owned)
                                            .unwrap_or_else(|| fe.message.clone().unwrap_or_else(|| fe.code.clone())) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                },
                (None, Some(p)) => p.view(lang, "plan-import-error"),
                (None, None) => Html::default(),
            } }
            <div class="form-actions">
                <SubmitButton id="plan-import-submit" busy={*busy} label={Key::PlanImportSubmit} />
                <button type="button" class="button ghost" onclick={cancel}>{ t(lang, Key::Cancel) }</button>
            </div>
            <p class="hint">{ t(lang, Key::PlanImportReplaces) }</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str, hours: &str) -> Row {
        Row {
            title: title.into(),
            hours: hours.into(),
        }
    }

    #[test]
    fn wrong_rows_are_named_by_number() {
        let rows = [
            row("Дроби", "4"),
            row("", "2"),
            row("Проценты", "0"),
            row("Уравнения", "x"),
        ];
        assert_eq!(plan_input(&rows), Err(vec![2, 3, 4]));
        assert_eq!(
            plan_input(&[row(" Дроби ", "4")]).map(|p| p.topics),
            Ok(vec![PlanTopicInput {
                title: "Дроби".into(),
                hours: 4
            }])
        );
        assert_eq!(plan_input(&[]), Err(vec![]));
    }

    #[test]
    fn line_fields_give_the_line() {
        assert_eq!(line_number("line 12"), Some(12));
        assert_eq!(line_number("title"), None);
        assert!(plan_line_text(Lang::Ru, "bad_hours").is_some());
    }
}
