//! The root component: state, session, routes, and which screen a session phase may see.

use crate::components::layout::Layout;
use crate::i18n::{t, Key};
use crate::pages::audit::AuditPage;
use crate::pages::home::HomePage;
use crate::pages::lesson::LessonPage;
use crate::pages::login::LoginPage;
use crate::pages::my_week::MyWeekPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::password::PasswordPage;
use crate::pages::profile::ProfilePage;
use crate::pages::structure::StructurePage;
use crate::pages::substitutions::SubstitutionReportPage;
use crate::pages::timetable::TimetablePage;
use crate::pages::users::UsersPage;
use crate::services::api::Api;
use crate::services::browser;
use crate::services::state::{use_app, AppContext, AppState, Phase};
use chrono::NaiveDate;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Client-side routes; the server answers every one of them with index.html.
#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/password")]
    Password,
    #[at("/users")]
    Users,
    #[at("/audit")]
    Audit,
    #[at("/profile")]
    Profile,
    #[at("/timetable")]
    Timetable,
    #[at("/my-week")]
    MyWeek,
    /// One dated lesson; the date is `YYYY-MM-DD`.
    #[at("/lessons/:entry_id/:date")]
    Lesson { entry_id: Uuid, date: NaiveDate },
    #[at("/structure")]
    Structure,
    #[at("/reports/substitutions")]
    SubstitutionReport,
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState {
        lang: browser::stored_lang(),
        phase: Phase::Restoring,
    });
    let api = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Api::new(browser::origin(), dispatcher))
    };
    {
        let api = (*api).clone();
        use_effect_with((), move |_| {
            spawn_local(async move { api.restore().await });
        });
    }
    use_effect_with(state.lang, |lang| browser::store_lang(*lang));

    let context = AppContext {
        state: state.clone(),
        api: (*api).clone(),
    };
    html! {
        <ContextProvider<AppContext> {context}>
            <BrowserRouter>
                <Root />
            </BrowserRouter>
        </ContextProvider<AppContext>>
    }
}

/// Chooses the screen: the sign-in page without a session, the password page while a password
/// change is required, the layout with the routed page otherwise.
#[component]
fn Root() -> Html {
    let app = use_app();
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    let lang = app.lang();
    match &app.state.phase {
        Phase::Restoring => html! {
            <div class="splash" role="status" aria-live="polite">
                <span class="spinner" aria-hidden="true"></span>
                { t(lang, Key::Loading) }
            </div>
        },
        Phase::SignedOut(notice) => {
            if route == Route::Login {
                html! { <LoginPage notice={*notice} /> }
            } else {
                html! { <Replace to={Route::Login} /> }
            }
        }
        Phase::MustChangePassword { login } => {
            if route == Route::Password {
                html! { <PasswordPage forced=true login={login.clone()} /> }
            } else {
                html! { <Replace to={Route::Password} /> }
            }
        }
        Phase::SignedIn(_) => {
            let page = match route {
                Route::Login => return html! { <Replace to={Route::Home} /> },
                Route::Home => html! { <HomePage /> },
                Route::Password => html! { <PasswordPage forced=false /> },
                Route::Users => html! { <UsersPage /> },
                Route::Audit => html! { <AuditPage /> },
                Route::Profile => html! { <ProfilePage /> },
                Route::Timetable => html! { <TimetablePage /> },
                Route::MyWeek => html! { <MyWeekPage /> },
                Route::Lesson { entry_id, date } => html! { <LessonPage {entry_id} {date} /> },
                Route::Structure => html! { <StructurePage /> },
                Route::SubstitutionReport => html! { <SubstitutionReportPage /> },
                Route::NotFound => html! { <NotFoundPage /> },
            };
            html! { <Layout>{ page }</Layout> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct ReplaceProps {
    to: Route,
}

/// Goes to another route without leaving a history entry (unlike yew-router's `Redirect`).
#[component]
fn Replace(props: &ReplaceProps) -> Html {
    let navigator = use_navigator();
    use_effect_with(props.to.clone(), move |to| {
        if let Some(navigator) = navigator {
            navigator.replace(to);
        }
    });
    Html::default()
}
