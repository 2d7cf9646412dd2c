//! «Учебный план» (R-B4): the hours a week of each subject per grade and profile, edited as a table
//! and saved as a whole (`PUT /curriculum`, atomic), and the «Проверка нагрузки»: each class's
//! curriculum hours against the hours its teaching assignments give.

use super::classes::year_select;
use super::groups::loading;
use crate::components::problem::FormProblem;
use crate::i18n::{t, Key, Lang};
use crate::pages::{use_load, use_load_keyed};
use crate::services::state::use_app;
use crate::services::week::{current_year, today};
use journal_api_types::groups::{
    CurriculumCheckLine, CurriculumInput, CurriculumLine, CurriculumLineInput, HoursStatus,
};
use journal_api_types::structure::{ClassFilter, Subject};
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CurriculumProps {
    pub can_manage: bool,
}

fn status_key(s: HoursStatus) -> Key {
    match s {
        HoursStatus::Ok => Key::HoursOk,
        HoursStatus::Under => Key::HoursUnder,
        HoursStatus::Over => Key::HoursOver,
        HoursStatus::NotInCurriculum => Key::HoursNotInCurriculum,
    }
}

fn status_id(s: HoursStatus) -> &'static str {
    match s {
        HoursStatus::Ok => "ok",
        HoursStatus::Under => "under",
        HoursStatus::Over => "over",
        HoursStatus::NotInCurriculum => "not_in_curriculum",
    }
}

/// «Параллель 7» or «Параллель 10, технологический».
fn plan_title(lang: Lang, grade: u8, profile: &str) -> String {
    if profile.is_empty() {
        format!("{} {grade}", t(lang, Key::Grade))
    } else {
        format!("{} {grade}, {profile}", t(lang, Key::Grade))
    }
}

/// One line of the editor as typed: the subject's id (empty until chosen) and the hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLine {
    pub subject: String,
    pub hours: String,
}

/// The editor's lines for a grade and profile of the stored curriculum.
pub fn draft_of(lines: &[CurriculumLine], grade: u8, profile: &str) -> Vec<DraftLine> {
    lines
        .iter()
        .filter(|l| l.grade == grade && l.profile == profile)
        .map(|l| DraftLine {
            subject: l.subject_id.to_string(),
            hours: l.hours_per_week.to_string(),
        })
        .collect()
}

/// The request lines of a draft, or the first problem and the lines it concerns.
pub fn lines_of(draft: &[DraftLine]) -> Result<Vec<CurriculumLineInput>, (Key, Vec<usize>)> {
    let missing: Vec<usize> = (0..draft.len())
        .filter(|i| Uuid::parse_str(&draft[*i].subject).is_err())
        .collect();
    if !missing.is_empty() {
        return Err((Key::ErrCurriculumLineSubject, missing));
    }
    let bad: Vec<usize> = (0..draft.len())
        .filter(|i| !matches!(draft[*i].hours.trim().parse::<u8>(), Ok(h) if h <= 40))
        .collect();
    if !bad.is_empty() {
        return Err((Key::ErrCurriculumHours, bad));
    }
    let twice: Vec<usize> = (0..draft.len())
        .filter(|i| {
            draft
                .iter()
                .filter(|l| l.subject == draft[*i].subject)
                .count()
                > 1
        })
        .collect();
    if !twice.is_empty() {
        return Err((Key::ErrDuplicateSubject, twice));
    }
    Ok(draft
        .iter()
        .filter_map(|l| {
            Some(CurriculumLineInput {
                subject_id: Uuid::parse_str(&l.subject).ok()?,
                hours_per_week: l.hours.trim().parse().ok()?,
            })
        })
        .collect())
}

#[derive(Clone, PartialEq)]
enum Outcome {
    Saved,
    Local(Key, Vec<usize>),
    Refused(FormProblem),
}

#[component]
pub fn CurriculumTab(props: &CurriculumProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let chosen = use_state(|| None::<Uuid>);
    let reload = use_state(|| 0_u32);
    let years = use_load((), |c, _| async move { c.list_years().await });
    let year = (*chosen).or_else(|| years.ready().and_then(|y| current_year(y, today())));
    let lines = use_load_keyed(year, *reload, |c, year| async move {
        match year {
            Some(y) => c.curriculum(y).await,
            None => Ok(Vec::new()),
        }
    });
    let check = use_load_keyed(year, *reload, |c, year| async move {
        match year {
            Some(y) => c.curriculum_check(y).await,
            None => Ok(Vec::new()),
        }
    });
    let can_manage = props.can_manage;
    let subjects = use_load(can_manage, |c, can| async move {
        if can {
            c.list_subjects().await
        } else {
            Ok(Vec::new())
        }
    });
    let classes = use_load(year, |c, year| async move {
        match year {
            Some(year_id) => {
                c.list_classes(&ClassFilter {
                    year_id: Some(year_id),
                })
                .await
            }
            None => Ok(Vec::new()),
        }
    });
    let grade = use_state(|| None::<u8>);
    let profile = use_state(String::new);
    let draft = use_state(Vec::<DraftLine>::new);
    let outcome = use_state(|| None::<Outcome>);
    let busy = use_state(|| false);
    let check_class = use_state(|| None::<Uuid>);
    let only_problems = use_state(|| true);

    // The grade edited: the chosen one, else the first of the plan, else of the classes.
    let grade_now = (*grade)
        .or_else(|| lines.ready().and_then(|l| l.first()).map(|l| l.grade))
        .or_else(|| {
            classes
                .ready()
                .and_then(|l| l.iter().map(|c| c.grade).min())
        })
        .unwrap_or(1);
    {
        // The draft follows the stored plan of the chosen grade and profile (and its reloads).
        let draft = draft.clone();
        let stored = lines.ready().cloned();
        use_effect_with(
            (grade_now, (*profile).clone(), stored),
            move |(grade, profile, stored)| {
                if let Some(stored) = stored {
                    draft.set(draft_of(stored, *grade, profile));
                }
            },
        );
    }

    let on_year = {
        let (chosen, outcome, check_class) = (chosen.clone(), outcome.clone(), check_class.clone());
        Callback::from(move |y: Option<Uuid>| {
            outcome.set(None);
            check_class.set(None);
            chosen.set(y);
        })
    };
    let on_grade = {
        let (grade, outcome) = (grade.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            outcome.set(None);
            grade.set(select.value().parse().ok());
        })
    };
    let on_profile = {
        let (profile, outcome) = (profile.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            outcome.set(None);
            profile.set(input.value().trim().to_owned());
        })
    };
    let on_add_line = {
        let (draft, subjects) = (draft.clone(), subjects.clone());
        Callback::from(move |_: MouseEvent| {
            let mut now = (*draft).clone();
            // The first subject not in the plan yet, to save a choice.
            let free = subjects.ready().and_then(|list| {
                list.iter()
                    .find(|s| !now.iter().any(|l| l.subject == s.id.to_string()))
                    .map(|s| s.id.to_string())
            });
            now.push(DraftLine {
                subject: free.unwrap_or_default(),
                hours: "1".into(),
            });
            draft.set(now);
        })
    };
    let onsubmit = {
        let api = app.api.clone();
        let (draft, profile, busy, outcome, reload) = (
            draft.clone(),
            profile.clone(),
            busy.clone(),
            outcome.clone(),
            reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(year_id) = year else {
                outcome.set(Some(Outcome::Local(Key::ErrFieldsRequired, Vec::new())));
                return;
            };
            let lines = match lines_of(&draft) {
                Ok(lines) => lines,
                Err((key, rows)) => {
                    outcome.set(Some(Outcome::Local(key, rows)));
                    return;
                }
            };
            let input = CurriculumInput {
                year_id,
                grade: grade_now,
                profile: (*profile).clone(),
                lines,
            };
            busy.set(true);
            outcome.set(None);
            let (api, busy, outcome, reload) =
                (api.clone(), busy.clone(), outcome.clone(), reload.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let input = input.clone();
                        async move { c.replace_curriculum(&input).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        outcome.set(Some(Outcome::Saved));
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(e) => outcome.set(Some(Outcome::Refused(FormProblem::Api(e.into())))),
                }
            });
        })
    };

    let plans = loading(lang, &lines).unwrap_or_else(|| match lines.ready() {
        Some(list) if list.is_empty() => {
            html! { <p class="muted" id="curriculum-empty">{ t(lang, Key::NoCurriculumYet) }</p> }
        }
        Some(list) => {
            let mut plans: Vec<(u8, String)> =
                list.iter().map(|l| (l.grade, l.profile.clone())).collect();
            plans.sort();
            plans.dedup();
            html! {
                <div class="cards" id="curriculum">
                    { for plans.iter().enumerate().map(|(i, (g, p))| {
                        let of = |l: &&CurriculumLine| l.grade == *g && l.profile == *p;
                        let total: u32 = list.iter().filter(of).map(|l| u32::from(l.hours_per_week)).sum();
                        let edit = {
                            let (grade, profile, outcome, g, p) =
                                (grade.clone(), profile.clone(), outcome.clone(), *g, p.clone());
                            Callback::from(move |_: MouseEvent| {
                                outcome.set(None);
                                grade.set(Some(g));
                                profile.set(p.clone());
                            })
                        };
                        let editing = can_manage && grade_now == *g && *profile == *p;
                        html! {
                            <section class={classes!("card", editing.then_some("selected"))} data-grade={g.to_string()} data-profile={p.clone()}>
                                <h3>{ plan_title(lang, *g, p) }</h3>
                                <table class="table compact">
                                    <tbody>
                                        { for list.iter().filter(of).map(|l| html! {
                                            <tr data-subject={l.subject_id.to_string()}>
                                                <td>{ l.subject_name.clone() }</td>
                                                <td class="num">{ l.hours_per_week }</td>
                                            </tr>
                                        }) }
                                    </tbody>
                                    <tfoot>
                                        <tr><th scope="row">{ t(lang, Key::CurriculumTotal) }</th><td class="num">{ total }</td></tr>
                                    </tfoot>
                                </table>
                                if can_manage {
                                    <button type="button" id={format!("curriculum-edit-{i}")} class="button ghost small"
                                        aria-controls="curriculum-form" onclick={edit}>
                                        { format!("{}: {}", t(lang, Key::CurriculumEdit), plan_title(lang, *g, p)) }
                                    </button>
                                }
                            </section>
                        }
                    }) }
                </div>
            }
        }
        None => Html::default(),
    });

    let editor = if can_manage {
        editor_view(EditorView {
            lang,
            grade: grade_now,
            profile: &profile,
            profiles: lines
                .ready()
                .map(|l| {
                    let mut p: Vec<String> = l
                        .iter()
                        .filter(|l| !l.profile.is_empty())
                        .map(|l| l.profile.clone())
                        .collect();
                    p.sort();
                    p.dedup();
                    p
                })
                .unwrap_or_default(),
            subjects: subjects.ready().map(Vec::as_slice).unwrap_or_default(),
            draft: &draft,
            outcome: &outcome,
            busy: *busy,
            on_grade,
            on_profile,
            on_add_line,
            onsubmit,
        })
    } else {
        Html::default()
    };

    let class_choices: Vec<(Uuid, String)> = {
        let mut seen: Vec<(Uuid, String)> = Vec::new();
        for l in check.ready().map(Vec::as_slice).unwrap_or_default() {
            if !seen.iter().any(|(id, _)| *id == l.class_id) {
                seen.push((l.class_id, l.class_name.clone()));
            }
        }
        seen
    };
    let on_check_class = {
        let check_class = check_class.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            check_class.set(Uuid::parse_str(&select.value()).ok());
        })
    };
    let on_only = {
        let only_problems = only_problems.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            only_problems.set(input.checked());
        })
    };
    let checked = loading(lang, &check).unwrap_or_else(|| match check.ready() {
        Some(list) => check_view(lang, list, *check_class, *only_problems),
        None => Html::default(),
    });
    html! {
        <section aria-labelledby="curriculum-title">
            <h2 id="curriculum-title">{ t(lang, Key::TabCurriculum) }</h2>
            if let Some(list) = years.ready() {
                { year_select(lang, list, year, on_year) }
            }
            { plans }
            { editor }
            <section aria-labelledby="curriculum-check-title">
                <h3 id="curriculum-check-title">{ t(lang, Key::CurriculumCheck) }</h3>
                <p class="muted">{ t(lang, Key::CurriculumCheckIntro) }</p>
                <div class="filters" role="group" aria-labelledby="curriculum-check-title">
                    <div class="field">
                        <label for="check-class">{ t(lang, Key::TtClass) }</label>
                        <select id="check-class" onchange={on_check_class}>
                            <option value="" selected={check_class.is_none()}>{ t(lang, Key::AllClasses) }</option>
                            { for class_choices.iter().map(|(id, name)| html! {
                                <option value={id.to_string()} selected={Some(*id) == *check_class}>{ name.clone() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label class="check" for="check-only-problems">
                            <input type="checkbox" id="check-only-problems" checked={*only_problems} onchange={on_only} />
                            { t(lang, Key::CheckOnlyProblems) }
                        </label>
                    </div>
                </div>
                { checked }
            </section>
        </section>
    }
}

struct EditorView<'a> {
    lang: Lang,
    grade: u8,
    profile: &'a str,
    profiles: Vec<String>,
    subjects: &'a [Subject],
    draft: &'a UseStateHandle<Vec<DraftLine>>,
    outcome: &'a Option<Outcome>,
    busy: bool,
    on_grade: Callback<Event>,
    on_profile: Callback<Event>,
    on_add_line: Callback<MouseEvent>,
    onsubmit: Callback<SubmitEvent>,
}

fn editor_view(v: EditorView<'_>) -> Html {
    let lang = v.lang;
    let bad_rows: &[usize] = match v.outcome {
        Some(Outcome::Local(_, rows)) => rows,
        _ => &[],
    };
    let total: u32 = v
        .draft
        .iter()
        .filter_map(|l| l.hours.trim().parse::<u32>().ok())
        .sum();
    let edit = |i: usize, f: fn(&mut DraftLine, String)| {
        let draft = v.draft.clone();
        move |value: String| {
            let mut now = (*draft).clone();
            if let Some(line) = now.get_mut(i) {
                f(line, value);
            }
            draft.set(now);
        }
    };
    let message = match v.outcome {
        Some(Outcome::Saved) => html! {
            <p id="curriculum-saved" class="success" role="status">{ t(lang, Key::CurriculumSaved) }</p>
        },
        Some(Outcome::Local(key, _)) => html! {
            <p id="curriculum-error" class="form-error" role="alert">{ t(lang, *key) }</p>
        },
        Some(Outcome::Refused(p)) => p.view(lang, "curriculum-error"),
        None => Html::default(),
    };
    html! {
        <section class="card" aria-labelledby="curriculum-form-title">
            <h3 id="curriculum-form-title">{ t(lang, Key::CurriculumEditorTitle) }</h3>
            <p class="muted">{ t(lang, Key::CurriculumEditorIntro) }</p>
            <form id="curriculum-form" class="form" onsubmit={v.onsubmit} novalidate=true>
                <div class="filters">
                    <div class="field">
                        <label for="curriculum-grade">{ t(lang, Key::Grade) }</label>
                        <select id="curriculum-grade" onchange={v.on_grade}>
                            { for (1..=11_u8).map(|g| html! {
                                <option value={g.to_string()} selected={g == v.grade}>{ g }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field grow">
                        <label for="curriculum-profile">{ t(lang, Key::CurriculumProfile) }</label>
                        <input id="curriculum-profile" list="curriculum-profiles" value={v.profile.to_owned()}
                            onchange={v.on_profile} aria-describedby="curriculum-profile-hint" />
                        <datalist id="curriculum-profiles">
                            { for v.profiles.iter().map(|p| html! { <option value={p.clone()} /> }) }
                        </datalist>
                        <p class="hint muted" id="curriculum-profile-hint">{ t(lang, Key::CurriculumProfileHint) }</p>
                    </div>
                </div>
                if v.draft.is_empty() {
                    <p class="muted" id="curriculum-draft-empty">{ t(lang, Key::CurriculumEmptyDraft) }</p>
                } else {
                    <div class="table-wrap">
                        <table id="curriculum-editor" class="table edit-table">
                            <caption class="visually-hidden">{ plan_title(lang, v.grade, v.profile) }</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{ t(lang, Key::TtSubject) }</th>
                                    <th scope="col">{ t(lang, Key::HoursPerWeek) }</th>
                                    <th scope="col"><span class="visually-hidden">{ t(lang, Key::CurriculumRemoveLine) }</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                { for v.draft.iter().enumerate().map(|(i, line)| {
                                    let on_subject = {
                                        let set = edit(i, |l, s| l.subject = s);
                                        Callback::from(move |e: Event| {
                                            let select: HtmlSelectElement = e.target_unchecked_into();
                                            set(select.value());
                                        })
                                    };
                                    let on_hours = {
                                        let set = edit(i, |l, s| l.hours = s);
                                        Callback::from(move |e: InputEvent| {
                                            let input: HtmlInputElement = e.target_unchecked_into();
                                            set(input.value());
                                        })
                                    };
                                    let remove = {
                                        let draft = v.draft.clone();
                                        Callback::from(move |_: MouseEvent| {
                                            let mut now = (*draft).clone();
                                            if i < now.len() {
                                                now.remove(i);
                                            }
                                            draft.set(now);
                                        })
                                    };
                                    let bad = bad_rows.contains(&i);
                                    let subject_label = format!("{} {}", t(lang, Key::TtSubject), i + 1);
                                    html! {
                                        <tr data-line={i.to_string()} class={classes!(bad.then_some("has-error"))}>
                                            <td data-label={t(lang, Key::TtSubject)}>
                                                <select id={format!("cl-{i}-subject")} onchange={on_subject}
                                                    aria-label={subject_label} aria-invalid={bad.then_some("true")}>
                                                    <option value="" selected={line.subject.is_empty()}>{ t(lang, Key::CurriculumPickSubject) }</option>
                                                    { for v.subjects.iter().map(|s| html! {
                                                        <option value={s.id.to_string()} selected={line.subject == s.id.to_string()}>{ s.name.clone() }</option>
                                                    }) }
                                                </select>
                                            </td>
                                            <td data-label={t(lang, Key::HoursPerWeek)}>
                                                <input id={format!("cl-{i}-hours")} type="number" min="0" max="40" step="1" inputmode="numeric"
                                                    value={line.hours.clone()} oninput={on_hours}
                                                    aria-label={format!("{}: {}", t(lang, Key::HoursPerWeek), i + 1)}
                                                    aria-invalid={bad.then_some("true")} />
                                            </td>
                                            <td class="row-actions">
                                                <button type="button" id={format!("cl-{i}-remove")} class="button ghost small" onclick={remove}
                                                    aria-label={format!("{} {}", t(lang, Key::CurriculumRemoveLine), i + 1)}>
                                                    { t(lang, Key::CurriculumRemoveLine) }
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{ t(lang, Key::CurriculumTotal) }</th>
                                    <td class="num" id="curriculum-draft-total">{ total }</td>
                                    <td></td>
                                </tr>
                            </tfoot>
                        </table>
                    </div>
                }
                { message }
                <div class="form-actions">
                    <button type="button" id="cl-add" class="button secondary" onclick={v.on_add_line}>
                        { t(lang, Key::CurriculumAddLine) }
                    </button>
                    <button type="submit" id="curriculum-save" class="button primary" disabled={v.busy}>
                        { t(lang, if v.busy { Key::Saving } else { Key::CurriculumSave }) }
                    </button>
                </div>
            </form>
        </section>
    }
}

fn check_view(
    lang: Lang,
    list: &[CurriculumCheckLine],
    class: Option<Uuid>,
    only_problems: bool,
) -> Html {
    let shown: Vec<&CurriculumCheckLine> = list
        .iter()
        .filter(|l| class.is_none_or(|c| l.class_id == c))
        .filter(|l| !only_problems || l.status != HoursStatus::Ok)
        .collect();
    if shown.is_empty() {
        if only_problems {
            return html! { <p class="success" id="curriculum-check-ok">{ t(lang, Key::CurriculumAllAssigned) }</p> };
        }
        return html! { <p class="muted" id="curriculum-check-empty">{ t(lang, Key::CheckNothing) }</p> };
    }
    html! {
        <div class="table-wrap">
            <table id="curriculum-check" class="table">
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtClass) }</th>
                        <th scope="col">{ t(lang, Key::TtSubject) }</th>
                        <th scope="col">{ t(lang, Key::CurriculumHours) }</th>
                        <th scope="col">{ t(lang, Key::AssignedHours) }</th>
                        <th scope="col">{ t(lang, Key::TeacherHours) }</th>
                        <th scope="col">{ t(lang, Key::HoursStatusLabel) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for shown.iter().map(|l| {
                        let off = l.status != HoursStatus::Ok;
                        html! {
                            <tr data-class={l.class_id.to_string()} data-subject={l.subject_id.to_string()}
                                data-status={status_id(l.status)} class={classes!(off.then_some("mismatch"))}>
                                <td data-label={t(lang, Key::TtClass)}>{ l.class_name.clone() }</td>
                                <td data-label={t(lang, Key::TtSubject)}>{ l.subject_name.clone() }</td>
                                <td data-label={t(lang, Key::CurriculumHours)} class="num">{ l.curriculum_hours }</td>
                                <td data-label={t(lang, Key::AssignedHours)} class="num">{ l.assigned_hours }</td>
                                <td data-label={t(lang, Key::TeacherHours)} class="num">{ l.teacher_hours }</td>
                                <td data-label={t(lang, Key::HoursStatusLabel)}>
                                    if off {
                                        <strong>{ t(lang, status_key(l.status)) }</strong>
                                    } else {
                                        { t(lang, status_key(l.status)) }
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(subject: &str, hours: &str) -> DraftLine {
        DraftLine {
            subject: subject.into(),
            hours: hours.into(),
        }
    }

    #[test]
    fn a_draft_becomes_request_lines() {
        let a = Uuid::new_v4().to_string();
        let b = Uuid::new_v4().to_string();
        let lines = lines_of(&[line(&a, "5"), line(&b, " 0 ")]).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].hours_per_week, 5);
        assert_eq!(lines[1].hours_per_week, 0);
        assert_eq!(lines_of(&[]).unwrap(), Vec::new());
    }

    #[test]
    fn a_bad_draft_names_its_lines() {
        let a = Uuid::new_v4().to_string();
        let b = Uuid::new_v4().to_string();
        assert_eq!(
            lines_of(&[line(&a, "1"), line("", "2")]),
            Err((Key::ErrCurriculumLineSubject, vec![1]))
        );
        assert_eq!(
            lines_of(&[line(&a, "41"), line(&b, "x"), line(&a, "2")]).map_err(|e| e.1),
            Err(vec![0, 1])
        );
        assert_eq!(
            lines_of(&[line(&a, "1"), line(&b, "2"), line(&a, "3")]),
            Err((Key::ErrDuplicateSubject, vec![0, 2]))
        );
    }

    #[test]
    fn the_draft_holds_one_grade_and_profile() {
        let id = Uuid::new_v4();
        let stored = vec![
            CurriculumLine {
                grade: 7,
                profile: String::new(),
                subject_id: id,
                subject_name: "Алгебра".into(),
                hours_per_week: 3,
            },
            CurriculumLine {
                grade: 10,
                profile: "технологический".into(),
                subject_id: id,
                subject_name: "Алгебра".into(),
                hours_per_week: 4,
            },
        ];
        assert_eq!(draft_of(&stored, 7, ""), vec![line(&id.to_string(), "3")]);
        assert_eq!(
            draft_of(&stored, 10, "технологический"),
            vec![line(&id.to_string(), "4")]
        );
        assert!(draft_of(&stored, 10, "").is_empty());
    }
}
