//! «Структура школы» (R-B2–R-B4): school years with their calendars, bell schedules, rooms,
//! subjects, classes, groups, teaching assignments and the curriculum. Everyone with `ViewStructure` reads it; the
//! admin, deputy and director (`ManageStructure`) add to it.

mod classes;
mod curriculum;
mod groups;
mod lists;
mod years;

use crate::components::form::SubmitButton;
use crate::components::problem::FormProblem;
use crate::i18n::{t, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::use_title;
use crate::services::access::may;
use crate::services::state::use_app;
use journal_domain::Action;
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Years,
    Bells,
    Rooms,
    Subjects,
    Classes,
    Groups,
    Assignments,
    Curriculum,
}

impl Tab {
    const ALL: [Tab; 8] = [
        Tab::Years,
        Tab::Bells,
        Tab::Rooms,
        Tab::Subjects,
        Tab::Classes,
        Tab::Groups,
        Tab::Assignments,
        Tab::Curriculum,
    ];

    fn id(self) -> &'static str {
        match self {
            Tab::Years => "years",
            Tab::Bells => "bells",
            Tab::Rooms => "rooms",
            Tab::Subjects => "subjects",
            Tab::Classes => "classes",
            Tab::Assignments => "assignments",
            Tab::Groups => "groups",
            Tab::Curriculum => "curriculum",
        }
    }

    fn key(self) -> Key {
        match self {
            Tab::Years => Key::TabYears,
            Tab::Bells => Key::TabBells,
            Tab::Rooms => Key::TabRooms,
            Tab::Subjects => Key::TabSubjects,
            Tab::Classes => Key::TabClasses,
            Tab::Assignments => Key::TabAssignments,
            Tab::Groups => Key::TabGroups,
            Tab::Curriculum => Key::TabCurriculum,
        }
    }
}

#[component]
pub fn StructurePage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::StructureTitle);
    let tab = use_state(|| Tab::Years);
    let me = app.me();
    let allowed = |action| me.as_ref().is_some_and(|me| may(me, action));
    let can_view = allowed(Action::ViewStructure);
    let can_manage = allowed(Action::ManageStructure);
    let can_people = allowed(Action::ViewAccounts);
    if !can_view {
        return html! { <ForbiddenPage /> };
    }
    let panel = match *tab {
        Tab::Years => html! { <years::YearsTab {can_manage} /> },
        Tab::Bells => html! { <lists::BellsTab {can_manage} /> },
        Tab::Rooms => html! { <lists::RoomsTab {can_manage} /> },
        Tab::Subjects => html! { <lists::SubjectsTab {can_manage} /> },
        Tab::Classes => html! { <classes::ClassesTab {can_manage} {can_people} /> },
        Tab::Assignments => html! { <classes::AssignmentsTab {can_manage} {can_people} /> },
        Tab::Groups => html! { <groups::GroupsTab {can_manage} /> },
        Tab::Curriculum => html! { <curriculum::CurriculumTab {can_manage} /> },
    };
    html! {
        <section class="page" id="structure">
            <h1>{ t(lang, Key::StructureTitle) }</h1>
            <p class="muted">{ t(lang, if can_manage { Key::StructureIntroManage } else { Key::StructureIntro }) }</p>
            <div class="tabs" id="structure-tabs" role="group" aria-label={t(lang, Key::StructureSections)}>
                { for Tab::ALL.iter().map(|tb| {
                    let on = *tab == *tb;
                    let onclick = {
                        let (tab, tb) = (tab.clone(), *tb);
                        Callback::from(move |_: MouseEvent| tab.set(tb))
                    };
                    html! {
                        <button type="button" id={format!("tab-{}", tb.id())} {onclick}
                            class={classes!("tab", on.then_some("active"))} aria-pressed={on.to_string()}
                            aria-controls="structure-panel">
                            { t(lang, tb.key()) }
                        </button>
                    }
                }) }
            </div>
            <div id="structure-panel" class="tab-panel" data-tab={tab.id()}>
                { panel }
            </div>
        </section>
    }
}

/// How a tab's «create» form is laid out: as a grid, its end spans the whole width.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    Grid,
    Stack,
}

/// The end of a tab's «create» form: what went wrong, «Сохранено» after the last one was
/// created, and the submit button; the ids are `{prefix}-error`, `-created` and `-submit`.
fn create_form_end(
    lang: Lang,
    prefix: &str,
    layout: Layout,
    problem: Option<&FormProblem>,
    created: bool,
    busy: bool,
) -> Html {
    let span = (layout == Layout::Grid).then_some("span-all");
    let error_id = format!("{prefix}-error");
    html! {
        <>
            if let Some(p) = problem {
                if layout == Layout::Grid {
                    <div class="span-all">{ p.view(lang, &error_id) }</div>
                } else {
                    { p.view(lang, &error_id) }
                }
            }
            if created {
                <p id={format!("{prefix}-created")} class={classes!("success", span)} role="status">{ t(lang, Key::Saved) }</p>
            }
            <div class={classes!("form-actions", span)}>
                <SubmitButton id={format!("{prefix}-submit")} {busy} label={Key::CreateSubmitShort} />
            </div>
        </>
    }
}
