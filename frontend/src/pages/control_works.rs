//! «Контрольные работы» (R-T3): the schedule of control works of a class over a span of dates.
//! The deputy and the director plan them (one a day per class by default, on teaching days
//! only); teachers and class teachers read the schedule of the classes they teach or lead.

use crate::components::field::TextField;
use crate::components::form::{text_setter, SelectField, SubmitButton};
use crate::components::problem::{
    checked, field_message, refused_fields, required, FormMessage, FormProblem,
};
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{
    load_failed, loading, use_current_classes, use_load, use_load_keyed, use_title, Load,
};
use crate::services::access::may;
use crate::services::browser;
use crate::services::state::use_app;
use crate::services::week::{
    full_date, iso, monday_of, parse_iso, today, weekday_number, weekday_short,
};
use chrono::{Duration, NaiveDate};
use journal_api_types::planning::{ControlWork, ControlWorkFilter, ControlWorkInput};
use journal_api_types::structure::{AssignmentFilter, Class};
use journal_api_types::ErrorCode;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

/// How far ahead the schedule looks by default.
const WEEKS_AHEAD: i64 = 8;

/// A date with its weekday: «Пн 15.09.2025».
fn dated(lang: Lang, date: NaiveDate) -> String {
    format!(
        "{} {}",
        weekday_short(lang, weekday_number(date)),
        full_date(lang, date)
    )
}

#[component]
pub fn ControlWorksPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::ControlWorksTitle);
    let me = app.me();
    let allowed = |action| me.as_ref().is_some_and(|me| may(me, action));
    let can_view = allowed(Action::ViewStructure);
    let can_manage = allowed(Action::ManageTimetable);
    let user_id = me.as_ref().map(|me| me.user_id);

    let classes = use_current_classes(can_view);
    // Teachers see the classes they teach or lead; the deputy and the director every class.
    let taught = use_load(
        (can_view && !can_manage, user_id),
        |c, (load, user)| async move {
            match (load, user) {
                (true, Some(teacher_id)) => {
                    let list = c
                        .list_assignments(&AssignmentFilter {
                            class_id: None,
                            teacher_id: Some(teacher_id),
                        })
                        .await?;
                    Ok(Rc::new(
                        list.into_iter().map(|a| a.class_id).collect::<Vec<_>>(),
                    ))
                }
                _ => Ok(Rc::new(Vec::new())),
            }
        },
    );
    let subjects = use_load(can_manage, |c, ok| async move {
        if ok {
            let mut list = c.list_subjects().await?;
            list.sort_by_cached_key(|s| journal_domain::collate::ru_key(&s.name));
            Ok(list)
        } else {
            Ok(Vec::new())
        }
    });

    let class_id = use_state(String::new);
    let from = use_state(|| iso(monday_of(today())));
    let to =
        use_state(|| iso(monday_of(today()) + Duration::weeks(WEEKS_AHEAD) - Duration::days(1)));
    let reload = use_state(|| 0_u32);
    let deleted = use_state(|| None::<String>);
    let delete_problem = use_state(|| None::<FormProblem>);
    let span = (
        Uuid::parse_str(&class_id).ok(),
        parse_iso(&from),
        parse_iso(&to),
    );
    let works = use_load_keyed(span, *reload, |c, span| async move {
        match span {
            (Some(class_id), Some(from), Some(to)) if from <= to => c
                .list_control_works(&ControlWorkFilter { class_id, from, to })
                .await
                .map(Some),
            _ => Ok(None),
        }
    });

    let visible: Vec<Class> = match (classes.ready(), taught.ready()) {
        (Some(all), _) if can_manage => all.to_vec(),
        (Some(all), Some(taught)) => all
            .iter()
            .filter(|c| {
                taught.contains(&c.id) || (user_id.is_some() && c.class_teacher_id == user_id)
            })
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    // Start on the first class offered.
    {
        let class_id = class_id.clone();
        let first = visible.first().map(|c| c.id);
        use_effect_with(first, move |first| {
            if class_id.is_empty() {
                if let Some(first) = first {
                    class_id.set(first.to_string());
                }
            }
        });
    }

    if !can_view {
        return html! { <ForbiddenPage /> };
    }
    let still_loading = classes.ready().is_none() || (!can_manage && taught.ready().is_none());
    let class_name = visible
        .iter()
        .find(|c| c.id.to_string() == *class_id)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let on_created = {
        let (reload, deleted) = (reload.clone(), deleted.clone());
        Callback::from(move |_: ControlWork| {
            deleted.set(None);
            reload.set(reload.wrapping_add(1));
        })
    };
    // Withdrawing a work asks first; the schedule reloads and says what was withdrawn.
    let on_delete = can_manage.then(|| {
        let (api, reload, deleted, delete_problem) = (
            app.api.clone(),
            reload.clone(),
            deleted.clone(),
            delete_problem.clone(),
        );
        Callback::from(move |w: ControlWork| {
            let date = dated(lang, w.date);
            let what = [("title", w.title.as_str()), ("date", date.as_str())];
            if !browser::confirm(&tf(lang, Key::CwConfirmDelete, &what)) {
                return;
            }
            let done = tf(lang, Key::CwDeleted, &what);
            let (api, reload, deleted, delete_problem) = (
                api.clone(),
                reload.clone(),
                deleted.clone(),
                delete_problem.clone(),
            );
            delete_problem.set(None);
            spawn_local(async move {
                match api
                    .call(|c| async move { c.delete_control_work(w.id).await })
                    .await
                {
                    Ok(()) => {
                        deleted.set(Some(done));
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(e) => {
                        deleted.set(None);
                        delete_problem.set(Some(FormProblem::api(e)));
                    }
                }
            });
        })
    });

    let list = match &*works {
        _ if still_loading => loading(lang),
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(None) => html! { <p class="muted">{ t(lang, Key::CwChooseClassAndDates) }</p> },
        Load::Ready(Some(list)) => works_table(lang, &class_name, list, on_delete),
    };

    html! {
        <section class="page" id="control-works">
            <h1>{ t(lang, Key::ControlWorksTitle) }</h1>
            <p class="muted">{ t(lang, if can_manage { Key::CwIntroManage } else { Key::CwIntro }) }</p>
            if !still_loading && visible.is_empty() {
                <p class="notice" id="cw-no-classes">{ t(lang, Key::CwNoClasses) }</p>
            } else {
                <div class="filters" role="group" aria-label={t(lang, Key::CwFilters)}>
                    <SelectField id="cw-class" label={t(lang, Key::ColClass)} value={(*class_id).clone()}
                        options={visible.iter().map(|c| (c.id.to_string(), c.name.clone())).collect::<Vec<_>>()}
                        onchange={text_setter(&class_id)} />
                    <TextField id="cw-from" kind="date" label={t(lang, Key::DateFrom)} value={(*from).clone()}
                        oninput={text_setter(&from)} />
                    <TextField id="cw-to" kind="date" label={t(lang, Key::DateTo)} value={(*to).clone()}
                        oninput={text_setter(&to)} />
                </div>
                if let Some(text) = &*deleted {
                    <p class="success" role="status" id="cw-deleted">{ text.clone() }</p>
                }
                if let Some(p) = &*delete_problem {
                    { p.view(lang, "cw-delete-error") }
                }
                { list }
                if can_manage {
                    if let Some(class) = Uuid::parse_str(&class_id).ok() {
                        <ControlWorkForm class_id={class} class_name={class_name.clone()}
                            subjects={subjects.ready().cloned().map(Rc::new).unwrap_or_default()}
                            {on_created} />
                    }
                }
            }
        </section>
    }
}

/// The schedule; with `on_delete` (the deputy, the director) each work has a delete button.
fn works_table(
    lang: Lang,
    class_name: &str,
    list: &[ControlWork],
    on_delete: Option<Callback<ControlWork>>,
) -> Html {
    let columns = if on_delete.is_some() { "4" } else { "3" };
    html! {
        <div class="table-wrap">
            <table id="cw-table" class="table">
                <caption>{ tf(lang, Key::CwCaption, &[("class", class_name)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::ColDate) }</th>
                        <th scope="col">{ t(lang, Key::Subject) }</th>
                        <th scope="col">{ t(lang, Key::CwWork) }</th>
                        if on_delete.is_some() {
                            <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                        }
                    </tr>
                </thead>
                <tbody>
                    if list.is_empty() {
                        <tr><td colspan={columns} class="empty">{ t(lang, Key::CwNone) }</td></tr>
                    }
                    { for list.iter().map(|w| html! {
                        <tr class="control-work" id={format!("cw-{}", w.id)} data-date={iso(w.date)}>
                            <td data-label={t(lang, Key::ColDate)} class="nowrap">{ dated(lang, w.date) }</td>
                            <td data-label={t(lang, Key::Subject)}>{ w.subject_name.clone() }</td>
                            <td data-label={t(lang, Key::CwWork)}>{ w.title.clone() }</td>
                            if let Some(on_delete) = &on_delete {
                                <td class="actions">
                                    <button type="button" class="button small danger-outline cw-delete"
                                        onclick={{
                                            let (cb, w) = (on_delete.clone(), w.clone());
                                            Callback::from(move |_: MouseEvent| cb.emit(w.clone()))
                                        }}
                                        aria-label={format!("{}: {}, {}", t(lang, Key::CwDelete), w.title, dated(lang, w.date))}>
                                        { t(lang, Key::CwDelete) }
                                    </button>
                                </td>
                            }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    class_id: Uuid,
    class_name: AttrValue,
    subjects: Rc<Vec<journal_api_types::structure::Subject>>,
    on_created: Callback<ControlWork>,
}

/// Why a control work was refused, with the works already planned that day when that is why.
#[derive(Clone, PartialEq)]
enum Refusal {
    Form(FormProblem),
    DayTaken(NaiveDate, Rc<Vec<ControlWork>>),
}

#[component]
fn ControlWorkForm(props: &FormProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let subject = use_state(String::new);
    let date = use_state(String::new);
    let title = use_state(String::new);
    let busy = use_state(|| false);
    let refusal = use_state(|| None::<Refusal>);
    let created = use_state(|| None::<ControlWork>);

    let onsubmit = {
        let (api, subject, date, title, busy, refusal, created) = (
            app.api.clone(),
            subject.clone(),
            date.clone(),
            title.clone(),
            busy.clone(),
            refusal.clone(),
            created.clone(),
        );
        let (class_id, on_created) = (props.class_id, props.on_created.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (subject_id, day) = (Uuid::parse_str(&subject).ok(), parse_iso(&date));
            let mut errors = Vec::new();
            if subject_id.is_none() {
                errors.push(required("subject_id"));
            }
            if day.is_none() {
                errors.push(required("date"));
            }
            let input = ControlWorkInput {
                class_id,
                subject_id: subject_id.unwrap_or_default(),
                date: day.unwrap_or_default(),
                title: title.trim().to_owned(),
            };
            let input = match checked(input, errors, &[("title", &title)]) {
                Ok(input) => input,
                Err(errors) => {
                    refusal.set(Some(Refusal::Form(refused_fields(errors))));
                    return;
                }
            };
            busy.set(true);
            refusal.set(None);
            created.set(None);
            let (api, busy, refusal, created, title, on_created) = (
                api.clone(),
                busy.clone(),
                refusal.clone(),
                created.clone(),
                title.clone(),
                on_created.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let input = input.clone();
                        async move { c.create_control_work(&input).await }
                    })
                    .await;
                match result {
                    Ok(work) => {
                        title.set(String::new());
                        created.set(Some(work.clone()));
                        on_created.emit(work);
                    }
                    Err(e) if e.code() == Some(ErrorCode::ControlWorkLimit) => {
                        // Name the work already planned that day, in the person's language.
                        let day = input.date;
                        let filter = ControlWorkFilter {
                            class_id: input.class_id,
                            from: day,
                            to: day,
                        };
                        let same_day = api
                            .call(|c| {
                                let filter = filter.clone();
                                async move { c.list_control_works(&filter).await }
                            })
                            .await;
                        refusal.set(Some(match same_day {
                            Ok(list) if !list.is_empty() => Refusal::DayTaken(day, Rc::new(list)),
                            _ => Refusal::Form(FormProblem::api(e)),
                        }));
                    }
                    Err(e) => refusal.set(Some(Refusal::Form(FormProblem::api(e)))),
                }
                busy.set(false);
            });
        })
    };

    let problem = match &*refusal {
        Some(Refusal::Form(p)) => Some(p.clone()),
        _ => None,
    };
    let err = |field: &str| field_message(lang, problem.as_ref(), field);
    let day_taken = match &*refusal {
        Some(Refusal::DayTaken(day, works)) => {
            let names = works
                .iter()
                .map(|w| format!("«{}» ({})", w.title, w.subject_name))
                .collect::<Vec<_>>()
                .join(", ");
            Some(tf(
                lang,
                Key::CwDayTaken,
                &[
                    ("class", &props.class_name),
                    ("date", &full_date(lang, *day)),
                    ("works", &names),
                ],
            ))
        }
        _ => None,
    };
    html! {
        <section class="card" aria-labelledby="cw-form-title">
            <h2 id="cw-form-title">{ tf(lang, Key::CwAddTitle, &[("class", &props.class_name)]) }</h2>
            <form id="cw-form" class="form grid" {onsubmit} novalidate=true>
                <div>
                    <SelectField id="cw-subject" label={t(lang, Key::Subject)} value={(*subject).clone()}
                        placeholder={t(lang, Key::ChooseOption)}
                        options={props.subjects.iter().map(|s| (s.id.to_string(), s.name.clone())).collect::<Vec<_>>()}
                        onchange={text_setter(&subject)} required=true />
                    if let Some(e) = err("subject_id") {
                        <p class="field-error">{ e }</p>
                    }
                </div>
                <TextField id="cw-date" kind="date" label={t(lang, Key::ColDate)} value={(*date).clone()}
                    oninput={text_setter(&date)} required=true error={err("date")} />
                <TextField id="cw-title" label={t(lang, Key::CwWork)} value={(*title).clone()}
                    placeholder={t(lang, Key::CwTitlePlaceholder)}
                    oninput={text_setter(&title)} required=true autocomplete="off" error={err("title")} />
                <div class="span-all">
                    if let Some(text) = day_taken {
                        <p id="cw-error" class="form-error" role="alert">{ text }</p>
                    }
                    <FormMessage id="cw-error" problem={problem.clone()} />
                    if let Some(w) = &*created {
                        <p class="success" role="status" id="cw-created">
                            { tf(lang, Key::CwCreated, &[("title", &w.title), ("date", &dated(lang, w.date))]) }
                        </p>
                    }
                </div>
                <div class="form-actions span-all">
                    <SubmitButton id="cw-submit" busy={*busy} label={Key::CwSubmit} />
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_carry_their_weekday() {
        let d = NaiveDate::from_ymd_opt(2025, 9, 15).unwrap_or_default();
        assert_eq!(dated(Lang::Ru, d), "Пн 15.09.2025");
    }
}
