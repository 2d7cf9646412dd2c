//! One module per screen.

pub mod ack_sheet;
pub mod announcements;
pub mod archive;
pub mod audit;
pub mod backups;
pub mod compromises;
pub mod control_works;
pub mod diary;
pub mod finals;
pub mod home;
pub mod import;
pub mod integrations;
pub mod journal;
pub mod journal_settings;
pub mod lesson;
pub mod login;
pub mod messages;
pub mod my_week;
pub mod not_found;
pub mod notifications;
pub mod overview;
pub mod password;
pub mod people;
pub mod plan;
pub mod profile;
pub mod region;
pub mod remarks;
pub mod reports;
pub mod results;
pub mod sessions;
pub mod structure;
pub mod substitutions;
pub mod timetable;
pub mod users;

use crate::i18n::{t, Key};
use crate::services::browser;
use crate::services::state::use_app;
use journal_client::{Client, ClientError};
use std::future::Future;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Names the browser tab after the page, in the interface language.
#[hook]
pub fn use_title(page: Key) {
    let lang = use_app().lang();
    use_effect_with((lang, page), |(lang, page)| {
        browser::set_title(t(*lang, *page), t(*lang, Key::AppName));
    });
}

/// Data a page loads from the server.
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(Rc<ClientError>),
}

impl<T> Load<T> {
    /// The data, once loaded.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(data) => Some(data),
            _ => None,
        }
    }
}

/// Loads data through the session whenever `deps` change; see [`use_load_keyed`].
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, load: F) -> UseStateHandle<Load<T>>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(Client, D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    use_load_keyed(deps, 0, load)
}

/// Loads data through the session whenever `key` or `reload` change. A new `key` (another class,
/// another week) shows "loading" at once; a new `reload` (the same data after a change) keeps the
/// data shown until the fresh answer arrives, so forms and focus stay where they are. An answer to
/// an older request arriving late is dropped.
#[hook]
pub fn use_load_keyed<T, K, F, Fut>(key: K, reload: u32, load: F) -> UseStateHandle<Load<T>>
where
    T: 'static,
    K: PartialEq + Clone + 'static,
    F: Fn(Client, K) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let api = use_app().api;
    let state = use_state(|| Load::Loading);
    let seq = use_mut_ref(|| 0_u64);
    let last_key = use_mut_ref(|| None::<K>);
    {
        let state = state.clone();
        use_effect_with((key, reload), move |(key, _)| {
            let mine = {
                let mut seq = seq.borrow_mut();
                *seq += 1;
                *seq
            };
            let same_key = last_key.borrow().as_ref() == Some(key);
            if !same_key {
                *last_key.borrow_mut() = Some(key.clone());
                if !matches!(*state, Load::Loading) {
                    state.set(Load::Loading);
                }
            }
            let key = key.clone();
            spawn_local(async move {
                let result = api.call(|c| load(c, key.clone())).await;
                if *seq.borrow() != mine {
                    return;
                }
                state.set(match result {
                    Ok(data) => Load::Ready(data),
                    Err(e) => Load::Failed(Rc::new(e)),
                });
            });
        });
    }
    state
}

/// Loads a list whenever `filter` or `reload` change, while `enabled`. Unlike [`use_load_keyed`]
/// the list shown stays until the new one arrives, with `true` beside it meanwhile (the table is
/// dimmed); an answer to an older filter arriving late is dropped.
#[hook]
pub fn use_list_load<T, K, F, Fut>(
    filter: K,
    reload: u32,
    enabled: bool,
    load: F,
) -> (UseStateHandle<Load<T>>, bool)
where
    T: 'static,
    K: PartialEq + Clone + 'static,
    F: Fn(Client, K) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let api = use_app().api;
    let data = use_state(|| Load::Loading);
    let loading = use_state(|| false);
    let request_seq = use_mut_ref(|| 0_u64);
    {
        let (data, loading) = (data.clone(), loading.clone());
        use_effect_with((filter, reload, enabled), move |(filter, _, enabled)| {
            if *enabled {
                let seq = {
                    let mut seq = request_seq.borrow_mut();
                    *seq += 1;
                    *seq
                };
                let filter = filter.clone();
                loading.set(true);
                spawn_local(async move {
                    let result = api.call(|c| load(c, filter.clone())).await;
                    if *request_seq.borrow() != seq {
                        return;
                    }
                    data.set(match result {
                        Ok(page) => Load::Ready(page),
                        Err(e) => Load::Failed(Rc::new(e)),
                    });
                    loading.set(false);
                });
            }
        });
    }
    (data, *loading)
}

/// A member of staff to choose in a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: uuid::Uuid,
    /// "Фамилия Имя Отчество".
    pub name: String,
}

/// The school's teachers in Russian alphabetical order. Listing accounts needs
/// `Action::ViewAccounts`; without it (`enabled` false) the list stays empty.
#[hook]
pub fn use_teachers(enabled: bool) -> UseStateHandle<Load<Rc<Vec<Person>>>> {
    use journal_api_types::users::UserFilter;
    use journal_api_types::Role;
    use_load(enabled, |c, enabled| async move {
        if !enabled {
            return Ok(Rc::new(Vec::new()));
        }
        let filter = UserFilter {
            role: Some(Role::Teacher),
            limit: Some(500),
            ..UserFilter::default()
        };
        let page = c.list_users(&filter).await?;
        let mut people: Vec<Person> = page
            .items
            .into_iter()
            .map(|u| Person {
                id: u.id,
                name: crate::services::access::full_name(
                    &u.last_name,
                    &u.first_name,
                    u.middle_name.as_deref(),
                ),
            })
            .collect();
        people.sort_by_cached_key(|p| journal_domain::collate::ru_key(&p.name));
        Ok(Rc::new(people))
    })
}

/// The classes of the current school year (the one holding today, else the newest), by grade and
/// letter. Needs `Action::ViewStructure`; without it (`enabled` false) the list stays empty.
#[hook]
pub fn use_current_classes(
    enabled: bool,
) -> UseStateHandle<Load<Rc<Vec<journal_api_types::structure::Class>>>> {
    use crate::services::week::{current_year, today};
    use journal_api_types::structure::ClassFilter;
    use_load(enabled, |c, enabled| async move {
        if !enabled {
            return Ok(Rc::new(Vec::new()));
        }
        let years = c.list_years().await?;
        let Some(year_id) = current_year(&years, today()) else {
            return Ok(Rc::new(Vec::new()));
        };
        let mut classes = c
            .list_classes(&ClassFilter {
                year_id: Some(year_id),
            })
            .await?;
        classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
        Ok(Rc::new(classes))
    })
}

/// A page's load failure with a button to try again.
pub fn load_failed(lang: crate::i18n::Lang, e: &ClientError, retry: Callback<MouseEvent>) -> Html {
    html! {
        <div class="form-error" role="alert">
            <p>{ crate::services::api::describe(lang, e) }</p>
            <button type="button" class="button secondary" onclick={retry}>{ t(lang, Key::Retry) }</button>
        </div>
    }
}

/// "Loading…" while a page part loads.
pub fn loading(lang: crate::i18n::Lang) -> Html {
    html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> }
}
