//! School years and their calendars (R-B2): periods per grade range and holidays, edited as two
//! small tables. The server checks the calendar as a whole and names each problem's row
//! (`calendar.periods[1]`); the message is shown under that row.

mod calendar;
mod editor;
#[cfg(test)]
mod tests;

use editor::YearEditor;

use crate::i18n::{t, Key, Lang};
use crate::pages::{use_load, use_load_keyed, Load};
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::week::full_date;
use journal_api_types::structure::{SchoolYear, YearDetail};
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct YearsTabProps {
    pub can_manage: bool,
}

#[component]
pub fn YearsTab(props: &YearsTabProps) -> Html {
    let lang = use_app().lang();
    let reload = use_state(|| 0_u32);
    let editing = use_state(|| None::<Uuid>);
    let years = use_load_keyed((), *reload, |c, _| async move { c.list_years().await });
    let detail = use_load(*editing, |c, id| async move {
        match id {
            Some(id) => c.year(id).await.map(Some),
            None => Ok(None),
        }
    });
    let on_saved = {
        let (reload, editing) = (reload.clone(), editing.clone());
        Callback::from(move |id: Uuid| {
            reload.set(reload.wrapping_add(1));
            editing.set(Some(id));
        })
    };
    let on_new = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(None))
    };
    let list = match &*years {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="years-empty">{ t(lang, Key::NoYearsYet) }</p> }
        }
        Load::Ready(list) => html! {
            <div class="table-wrap">
                <table id="years-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::ColName) }</th>
                            <th scope="col">{ t(lang, Key::ColDates) }</th>
                            <th scope="col">{ t(lang, Key::ColStatus) }</th>
                            <th scope="col">{ t(lang, Key::ColActions) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|y| year_row(lang, y, *editing == Some(y.id), &editing)) }
                    </tbody>
                </table>
            </div>
        },
    };
    let existing: Vec<String> = years
        .ready()
        .map(|l| l.iter().map(|y| y.name.clone()).collect())
        .unwrap_or_default();
    let editor = match (*editing, &*detail) {
        (None, _) if props.can_manage => html! {
            <YearEditor key="new" detail={None::<Rc<YearDetail>>} existing={Rc::new(existing)} can_manage=true {on_saved} />
        },
        (None, _) => Html::default(),
        (Some(_), Load::Ready(Some(d))) => html! {
            <YearEditor key={d.year.id.to_string()} detail={Some(Rc::new(d.clone()))} existing={Rc::new(existing)}
                can_manage={props.can_manage} {on_saved} />
        },
        (Some(_), Load::Failed(e)) => {
            html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> }
        }
        (Some(_), _) => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
    };
    html! {
        <section aria-labelledby="years-title">
            <h2 id="years-title">{ t(lang, Key::TabYears) }</h2>
            { list }
            if editing.is_some() && props.can_manage {
                <p><button type="button" id="year-new" class="button secondary" onclick={on_new}>{ t(lang, Key::NewYear) }</button></p>
            }
            { editor }
        </section>
    }
}

fn year_row(
    lang: Lang,
    y: &SchoolYear,
    open: bool,
    editing: &UseStateHandle<Option<Uuid>>,
) -> Html {
    let onclick = {
        let (editing, id) = (editing.clone(), y.id);
        Callback::from(move |_: MouseEvent| editing.set(Some(id)))
    };
    let status = if y.status == "archived" {
        html! { <span class="badge">{ t(lang, Key::YearArchived) }</span> }
    } else {
        html! { <span class="badge ok">{ t(lang, Key::YearOpen) }</span> }
    };
    html! {
        <tr data-year={y.id.to_string()} class={classes!(open.then_some("selected"))}>
            <td data-label={t(lang, Key::ColName)}>{ y.name.clone() }</td>
            <td data-label={t(lang, Key::ColDates)} class="nowrap">
                { format!("{} – {}", full_date(lang, y.starts_on), full_date(lang, y.ends_on)) }
            </td>
            <td data-label={t(lang, Key::ColStatus)}>{ status }</td>
            <td data-label={t(lang, Key::ColActions)}>
                <button type="button" class="button small secondary year-edit" {onclick}
                    aria-label={format!("{}: {}", t(lang, Key::Calendar), y.name)}>
                    { t(lang, Key::Calendar) }
                </button>
            </td>
        </tr>
    }
}
