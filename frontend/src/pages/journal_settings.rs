//! «Настройки журнала» (R-J2, R-F2, R-F6): the rounding thresholds, the fewest marks per period, the
//! automatic lock, the homework file limit, work types with weights, and the mark scale of every
//! subject in every grade. The deputy and the director.

use crate::components::field::TextField;
use crate::components::form::send;
use crate::components::problem::{field_message, refused_fields, FormMessage, FormProblem};
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::{load_failed, loading, use_load_keyed, use_title, Load};
use crate::services::access::sees_journal_settings;
use crate::services::api::describe;
use crate::services::settings::{
    code_for, moved_positions, scale_of, show_decimal, GeneralForm, WorkTypeForm,
};
use crate::services::state::use_app;
use journal_api_types::journal::{JournalSettings, SubjectScale, WorkTypeInput, WorkTypeView};
use journal_api_types::structure::Subject;
use journal_domain::marks::Scale;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The name of a scale.
pub fn scale_name(lang: Lang, scale: Scale) -> &'static str {
    t(
        lang,
        match scale {
            Scale::FivePoint => Key::ScaleFivePoint,
            Scale::PassFail => Key::ScalePassFail,
            Scale::Mastery => Key::ScaleMastery,
            Scale::NoMarks => Key::ScaleNoMarks,
        },
    )
}

struct Loaded {
    settings: JournalSettings,
    subjects: Vec<Subject>,
}

#[component]
pub fn JournalSettingsPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::JsTitle);
    let allowed = app.me().is_some_and(|me| sees_journal_settings(&me));
    let reload = use_state(|| 0_u32);
    let data = use_load_keyed(allowed, *reload, |c, allowed| async move {
        if !allowed {
            return Ok(None);
        }
        let settings = c.journal_settings().await?;
        let mut subjects = c.list_subjects().await?;
        subjects.sort_by_cached_key(|s| journal_domain::collate::ru_key(&s.name));
        Ok(Some(Rc::new(Loaded { settings, subjects })))
    });
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let body = match &*data {
        _ if !allowed => html! {
            <p class="form-error" role="alert" id="settings-forbidden">{ t(lang, Key::JsForbidden) }</p>
        },
        Load::Loading | Load::Ready(None) => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(Some(loaded)) => html! {
            <>
                <General settings={Rc::new(loaded.settings.clone())} on_saved={on_saved.clone()} />
                <WorkTypes work_types={loaded.settings.work_types.clone()} on_saved={on_saved.clone()} />
                <Scales settings={Rc::new(loaded.settings.clone())} subjects={loaded.subjects.clone()}
                    on_saved={on_saved} />
            </>
        },
    };
    html! {
        <section class="page" id="journal-settings">
            <h1>{ t(lang, Key::JsTitle) }</h1>
            <p class="muted">{ t(lang, Key::JsIntro) }</p>
            { body }
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Thresholds, the fewest marks, the automatic lock, the file limit.

#[derive(Properties, PartialEq)]
struct GeneralProps {
    settings: Rc<JournalSettings>,
    on_saved: Callback<()>,
}

#[component]
fn General(props: &GeneralProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let form = use_state(|| GeneralForm::of(&props.settings, lang == Lang::Ru));
    let problem = use_state(|| None::<FormProblem>);
    let busy = use_state(|| false);
    let saved = use_state(|| false);
    let set = |f: fn(&mut GeneralForm, String)| {
        let (form, saved) = (form.clone(), saved.clone());
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
            saved.set(false);
        })
    };
    let onsubmit = {
        let (api, form, problem, busy, saved) = (
            app.api.clone(),
            form.clone(),
            problem.clone(),
            busy.clone(),
            saved.clone(),
        );
        let on_saved = props.on_saved.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let input = match form.input() {
                Ok(input) => input,
                Err(errors) => {
                    problem.set(Some(refused_fields(errors)));
                    saved.set(false);
                    return;
                }
            };
            let (saved, on_saved) = (saved.clone(), on_saved.clone());
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.update_journal_settings(&input).await },
                move |_| {
                    saved.set(true);
                    on_saved.emit(());
                },
            );
        })
    };
    let p = (*problem).clone();
    let error = |field: &str| field_message(lang, p.as_ref(), field);
    let thresholds_error = error("thresholds");
    html! {
        <section class="card" id="settings-general">
            <h2>{ t(lang, Key::JsGeneral) }</h2>
            <form class="form" id="settings-general-form" {onsubmit} novalidate=true>
                <fieldset class="plain" aria-describedby="settings-thresholds-hint">
                    <legend>{ t(lang, Key::JsThresholds) }</legend>
                    <p class="hint" id="settings-thresholds-hint">{ t(lang, Key::JsThresholdsHint) }</p>
                    <div class="form-row">
                        <TextField id="settings-three" label={t(lang, Key::JsThree)} kind="text"
                            value={form.three.clone()} oninput={set(|f, v| f.three = v)}
                            error={error("thresholds.three")} />
                        <TextField id="settings-four" label={t(lang, Key::JsFour)} kind="text"
                            value={form.four.clone()} oninput={set(|f, v| f.four = v)}
                            error={error("thresholds.four")} />
                        <TextField id="settings-five" label={t(lang, Key::JsFive)} kind="text"
                            value={form.five.clone()} oninput={set(|f, v| f.five = v)}
                            error={error("thresholds.five")} />
                    </div>
                    if let Some(message) = thresholds_error {
                        <p class="field-error" id="settings-thresholds-error">{ message }</p>
                    }
                </fieldset>
                <TextField id="settings-min-marks" label={t(lang, Key::JsMinMarks)} kind="number"
                    value={form.min_marks.clone()} oninput={set(|f, v| f.min_marks = v)}
                    hint={t(lang, Key::JsMinMarksHint)} error={error("min_marks_per_period")} />
                <TextField id="settings-auto-lock" label={t(lang, Key::JsAutoLock)} kind="number"
                    value={form.auto_lock_days.clone()} oninput={set(|f, v| f.auto_lock_days = v)}
                    hint={t(lang, Key::JsAutoLockHint)} error={error("auto_lock_days")} />
                <TextField id="settings-file-kib" label={t(lang, Key::JsFileKib)} kind="number"
                    value={form.file_kib.clone()} oninput={set(|f, v| f.file_kib = v)}
                    hint={t(lang, Key::JsFileKibHint)} error={error("homework_file_kib")} />
                <FormMessage id="settings-general-error" problem={p.clone()} />
                if *saved {
                    <p class="success" role="status" id="settings-general-saved">{ t(lang, Key::JsSaved) }</p>
                }
                <div class="form-actions">
                    <button type="submit" id="settings-general-save" class="button primary" disabled={*busy}>
                        { if *busy { t(lang, Key::Saving) } else { t(lang, Key::Save) } }
                    </button>
                </div>
            </form>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Work types.

#[derive(Properties, PartialEq)]
struct WorkTypesProps {
    work_types: Vec<WorkTypeView>,
    on_saved: Callback<()>,
}

#[component]
fn WorkTypes(props: &WorkTypesProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let problem = use_state(|| None::<FormProblem>);
    let status = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let new = use_state(WorkTypeForm::default);
    let codes: Vec<String> = props.work_types.iter().map(|w| w.code.clone()).collect();

    // Saves work types one after another, then reloads the settings.
    let save_all = {
        let (api, problem, status, busy) = (
            app.api.clone(),
            problem.clone(),
            status.clone(),
            busy.clone(),
        );
        let on_saved = props.on_saved.clone();
        Callback::from(
            move |(puts, done): (Vec<(String, WorkTypeInput)>, String)| {
                if *busy {
                    return;
                }
                busy.set(true);
                problem.set(None);
                status.set(None);
                let (api, problem, status, busy, on_saved) = (
                    api.clone(),
                    problem.clone(),
                    status.clone(),
                    busy.clone(),
                    on_saved.clone(),
                );
                spawn_local(async move {
                    let mut failed = None;
                    for (code, input) in puts {
                        let result = api
                            .call(|c| {
                                let (code, input) = (code.clone(), input.clone());
                                async move { c.save_work_type(&code, &input).await }
                            })
                            .await;
                        if let Err(e) = result {
                            failed = Some(e);
                            break;
                        }
                    }
                    busy.set(false);
                    match failed {
                        None => status.set(Some(done)),
                        Some(e) => problem.set(Some(FormProblem::api(e))),
                    }
                    on_saved.emit(());
                });
            },
        )
    };

    let input_of = |w: &WorkTypeView, position: Option<u8>| WorkTypeInput {
        name: w.name.clone(),
        weight: w.weight,
        archived: w.archived,
        position,
    };
    let move_row = |from: usize, to: usize| {
        let puts: Vec<(String, WorkTypeInput)> = moved_positions(&codes, from, to)
            .into_iter()
            .filter_map(|(code, position)| {
                let w = props.work_types.iter().find(|w| w.code == code)?;
                Some((code, input_of(w, Some(position))))
            })
            .collect();
        let name = props
            .work_types
            .get(from)
            .map(|w| w.name.clone())
            .unwrap_or_default();
        let save_all = save_all.clone();
        let done = tf(lang, Key::JsRowSaved, &[("name", &name)]);
        Callback::from(move |_: MouseEvent| save_all.emit((puts.clone(), done.clone())))
    };

    let on_add = {
        let (new, problem, save_all) = (new.clone(), problem.clone(), save_all.clone());
        let codes = codes.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match new.input() {
                Ok(input) => {
                    let code = code_for(&input.name, &codes);
                    let done = tf(lang, Key::JsAdded, &[("name", &input.name)]);
                    new.set(WorkTypeForm::default());
                    save_all.emit((vec![(code, input)], done));
                }
                Err(errors) => problem.set(Some(refused_fields(errors))),
            }
        })
    };
    let p = (*problem).clone();
    let last = props.work_types.len().saturating_sub(1);
    html! {
        <section class="card" id="settings-work-types">
            <h2>{ t(lang, Key::JsWorkTypes) }</h2>
            <p class="hint">{ t(lang, Key::JsWorkTypesHint) }</p>
            <div class="table-wrap">
                <table class="table" id="work-types-table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::JsOrder) }</th>
                            <th scope="col">{ t(lang, Key::JsName) }</th>
                            <th scope="col">{ t(lang, Key::JsWeight) }</th>
                            <th scope="col">{ t(lang, Key::JsArchived) }</th>
                            <th scope="col">{ t(lang, Key::JsActions) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for props.work_types.iter().enumerate().map(|(i, w)| html! {
                            <WorkTypeRow key={w.code.clone()} index={i} work_type={w.clone()}
                                busy={*busy}
                                on_save={save_all.clone()}
                                on_up={(i > 0).then(|| move_row(i, i - 1))}
                                on_down={(i < last).then(|| move_row(i, i + 1))} />
                        }) }
                    </tbody>
                </table>
            </div>
            if let Some(message) = &*status {
                <p class="success" role="status" id="work-types-status">{ message.clone() }</p>
            }
            <form class="form" id="work-type-add" onsubmit={on_add} novalidate=true>
                <h3>{ t(lang, Key::JsAdd) }</h3>
                <div class="form-row">
                    <TextField id="work-type-new-name" label={t(lang, Key::JsName)}
                        value={new.name.clone()}
                        oninput={{ let new = new.clone(); Callback::from(move |v: String| {
                            let mut f = (*new).clone(); f.name = v; new.set(f); }) }}
                        error={field_message(lang, p.as_ref(), "name")} />
                    <TextField id="work-type-new-weight" label={t(lang, Key::JsWeight)}
                        value={new.weight.clone()} hint="0,1 – 10"
                        oninput={{ let new = new.clone(); Callback::from(move |v: String| {
                            let mut f = (*new).clone(); f.weight = v; new.set(f); }) }}
                        error={field_message(lang, p.as_ref(), "weight")} />
                </div>
                <FormMessage id="work-types-error" problem={p.clone()} />
                <div class="form-actions">
                    <button type="submit" id="work-type-add-submit" class="button secondary" disabled={*busy}>
                        { t(lang, Key::JsAddSubmit) }
                    </button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct WorkTypeRowProps {
    index: usize,
    work_type: WorkTypeView,
    busy: bool,
    on_save: Callback<(Vec<(String, WorkTypeInput)>, String)>,
    on_up: Option<Callback<MouseEvent>>,
    on_down: Option<Callback<MouseEvent>>,
}

#[component]
fn WorkTypeRow(props: &WorkTypeRowProps) -> Html {
    let lang = use_app().lang();
    let w = &props.work_type;
    let form = use_state(|| WorkTypeForm {
        name: w.name.clone(),
        weight: show_decimal(w.weight, lang == Lang::Ru),
        archived: w.archived,
    });
    let error = use_state(|| None::<FormProblem>);
    let code = w.code.clone();
    let onsubmit = {
        let (form, error, on_save) = (form.clone(), error.clone(), props.on_save.clone());
        let code = code.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.input() {
                Ok(input) => {
                    error.set(None);
                    let done = tf(lang, Key::JsRowSaved, &[("name", &input.name)]);
                    on_save.emit((vec![(code.clone(), input)], done));
                }
                Err(errors) => error.set(Some(refused_fields(errors))),
            }
        })
    };
    let form_id = format!("wt-form-{code}");
    let p = (*error).clone();
    let name_error = field_message(lang, p.as_ref(), "name");
    let weight_error = field_message(lang, p.as_ref(), "weight");
    html! {
        <tr data-code={code.clone()} class={classes!(w.archived.then_some("archived"))}>
            <td>{ props.index + 1 }</td>
            <td>
                <form id={form_id.clone()} {onsubmit} novalidate=true></form>
                <input type="text" id={format!("wt-name-{code}")} form={form_id.clone()} maxlength="100"
                    aria-label={tf(lang, Key::JsNameOf, &[("name", &w.name)])}
                    aria-invalid={name_error.is_some().then_some("true")}
                    value={form.name.clone()}
                    oninput={{ let form = form.clone(); Callback::from(move |e: InputEvent| {
                        let i: HtmlInputElement = e.target_unchecked_into();
                        let mut f = (*form).clone(); f.name = i.value(); form.set(f); }) }} />
                if let Some(m) = name_error {
                    <p class="field-error">{ m }</p>
                }
            </td>
            <td>
                <input type="text" inputmode="decimal" id={format!("wt-weight-{code}")} form={form_id.clone()}
                    class="narrow" aria-label={tf(lang, Key::JsWeightOf, &[("name", &w.name)])}
                    aria-invalid={weight_error.is_some().then_some("true")}
                    value={form.weight.clone()}
                    oninput={{ let form = form.clone(); Callback::from(move |e: InputEvent| {
                        let i: HtmlInputElement = e.target_unchecked_into();
                        let mut f = (*form).clone(); f.weight = i.value(); form.set(f); }) }} />
                if let Some(m) = weight_error {
                    <p class="field-error">{ m }</p>
                }
            </td>
            <td>
                <input type="checkbox" id={format!("wt-archived-{code}")} form={form_id.clone()}
                    aria-label={tf(lang, Key::JsArchivedOf, &[("name", &w.name)])}
                    checked={form.archived}
                    onchange={{ let form = form.clone(); Callback::from(move |e: Event| {
                        let i: HtmlInputElement = e.target_unchecked_into();
                        let mut f = (*form).clone(); f.archived = i.checked(); form.set(f); }) }} />
            </td>
            <td class="actions">
                <button type="submit" form={form_id} id={format!("wt-save-{code}")} class="button small primary"
                    disabled={props.busy} aria-label={tf(lang, Key::JsSaveRowOf, &[("name", &w.name)])}>
                    { t(lang, Key::JsSaveRow) }
                </button>
                <button type="button" id={format!("wt-up-{code}")} class="button small secondary"
                    disabled={props.busy || props.on_up.is_none()}
                    onclick={props.on_up.clone().unwrap_or_default()}
                    aria-label={tf(lang, Key::JsMoveUp, &[("name", &w.name)])}>
                    <span aria-hidden="true">{ "↑ " }</span>{ t(lang, Key::JsUp) }
                </button>
                <button type="button" id={format!("wt-down-{code}")} class="button small secondary"
                    disabled={props.busy || props.on_down.is_none()}
                    onclick={props.on_down.clone().unwrap_or_default()}
                    aria-label={tf(lang, Key::JsMoveDown, &[("name", &w.name)])}>
                    <span aria-hidden="true">{ "↓ " }</span>{ t(lang, Key::JsDown) }
                </button>
            </td>
        </tr>
    }
}

// ---------------------------------------------------------------------------------------------
// Scales per subject and grade.

#[derive(Properties, PartialEq)]
struct ScalesProps {
    settings: Rc<JournalSettings>,
    subjects: Vec<Subject>,
    on_saved: Callback<()>,
}

#[component]
fn Scales(props: &ScalesProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let status = use_state(|| None::<Result<String, String>>);
    let on_scale = {
        let (api, status, on_saved) = (app.api.clone(), status.clone(), props.on_saved.clone());
        Callback::from(
            move |(subject, name, grade, scale): (Uuid, String, u8, Scale)| {
                let (api, status, on_saved) = (api.clone(), status.clone(), on_saved.clone());
                spawn_local(async move {
                    let request = SubjectScale {
                        subject_id: subject,
                        grade,
                        scale,
                    };
                    let result = api
                        .call(|c| {
                            let request = request.clone();
                            async move { c.set_subject_scale(&request).await }
                        })
                        .await;
                    status.set(Some(match result {
                        Ok(_) => Ok(tf(
                            lang,
                            Key::JsScaleSaved,
                            &[("subject", &name), ("grade", &grade.to_string())],
                        )),
                        Err(e) => Err(describe(lang, &e)),
                    }));
                    on_saved.emit(());
                });
            },
        )
    };
    html! {
        <section class="card" id="settings-scales">
            <h2>{ t(lang, Key::JsScales) }</h2>
            <p class="hint">{ t(lang, Key::JsScalesHint) }</p>
            { match &*status {
                Some(Ok(message)) => html! { <p class="success" role="status" id="scales-status">{ message.clone() }</p> },
                Some(Err(message)) => html! { <p class="form-error" role="alert" id="scales-status">{ message.clone() }</p> },
                None => html! { <p role="status" id="scales-status"></p> },
            } }
            <div class="table-wrap">
                <table class="table scales" id="scales-table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::JsSubject) }</th>
                            { for (1..=11u8).map(|g| html! {
                                <th scope="col">{ tf(lang, Key::JsGrade, &[("n", &g.to_string())]) }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for props.subjects.iter().map(|s| html! {
                            <tr data-subject-id={s.id.to_string()}>
                                <th scope="row">{ s.name.clone() }</th>
                                { for (1..=11u8).map(|grade| {
                                    let current = scale_of(&props.settings, s.id, grade);
                                    let onchange = {
                                        let on_scale = on_scale.clone();
                                        let (id, name) = (s.id, s.name.clone());
                                        Callback::from(move |e: Event| {
                                            let select: HtmlSelectElement = e.target_unchecked_into();
                                            if let Some(scale) = Scale::parse(&select.value()) {
                                                on_scale.emit((id, name.clone(), grade, scale));
                                            }
                                        })
                                    };
                                    html! {
                                        <td>
                                            <select id={format!("scale-{}-{grade}", s.id)} {onchange}
                                                aria-label={tf(lang, Key::JsScaleOf, &[("subject", &s.name), ("grade", &grade.to_string())])}>
                                                { for Scale::ALL.iter().map(|sc| html! {
                                                    <option value={sc.code()} selected={*sc == current}>{ scale_name(lang, *sc) }</option>
                                                }) }
                                            </select>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
