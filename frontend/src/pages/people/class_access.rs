//! «Доступ к дневнику» for a whole class (R-S1, R-D5, R-A3): the class teacher (or the office)
//! sees who of the class's guardians and students has an account, issues accounts for everyone
//! who may have one in one step, re-issues a lost slip, and prints the slips to cut — from the
//! browser or as a PDF. The one-time passwords are shown once, on this page only.

use crate::app::Route;
use crate::components::form::send_then;
use crate::i18n::{error_key, t, tf, Key, Lang};
use crate::pages::{load_failed, loading, use_load_keyed, use_title, Load};
use crate::services::api::describe;
use crate::services::browser;
use crate::services::files::download;
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::diary::{
    AccessKind, AccessPerson, AccountStage, ClassAccess, IssueAccess, IssuedAccess, Slip,
    SlipPassword, SlipsInput,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClassAccessProps {
    pub class_id: Uuid,
}

fn kind_name(lang: Lang, kind: AccessKind) -> &'static str {
    t(
        lang,
        match kind {
            AccessKind::Guardian => Key::CaGuardian,
            AccessKind::Student => Key::CaStudent,
        },
    )
}

fn stage_badge(lang: Lang, p: &AccessPerson) -> Html {
    let (class, key) = match (p.account, p.refused) {
        (AccountStage::Active, _) => ("badge ok", Key::CaStateActive),
        (AccountStage::Waiting, _) => ("badge", Key::CaStateWaiting),
        (AccountStage::None, Some(_)) => ("badge warn", Key::CaStateNone),
        (AccountStage::None, None) => ("badge", Key::CaStateNone),
    };
    html! {
        <>
            <span class={class}>{ t(lang, key) }</span>
            if let (AccountStage::None, Some(code)) = (p.account, p.refused) {
                <span class="muted small refusal">{ t(lang, error_key(code)) }</span>
            }
        </>
    }
}

/// How many people issuing "for everyone" would give a slip: no account and nothing refused.
fn to_issue(access: &ClassAccess) -> usize {
    access
        .people
        .iter()
        .filter(|p| p.account == AccountStage::None && p.refused.is_none())
        .count()
}

#[component]
pub fn ClassAccessPage(props: &ClassAccessProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::CaTitlePlain);
    let reload = use_state(|| 0_u32);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let issued = use_state(|| None::<Rc<IssuedAccess>>);
    let class_id = props.class_id;
    let access = use_load_keyed(class_id, *reload, |c, id| async move {
        c.class_access(id).await
    });

    let issue = {
        let (api, busy, error, issued, reload) = (
            app.api.clone(),
            busy.clone(),
            error.clone(),
            issued.clone(),
            reload.clone(),
        );
        Callback::from(move |people: Vec<Uuid>| {
            if *busy {
                return;
            }
            error.set(None);
            let (error, issued, reload) = (error.clone(), issued.clone(), reload.clone());
            let input = IssueAccess { people };
            let call = move |c: journal_client::Client, input: IssueAccess| async move {
                c.issue_access(class_id, &input).await
            };
            send_then(&api, &busy, input, call, move |result| match result {
                Ok(out) => {
                    issued.set(Some(Rc::new(out)));
                    reload.set(reload.wrapping_add(1));
                }
                Err(e) => error.set(Some(describe(lang, &e))),
            });
        })
    };

    let body = match &*access {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(a) => people_table(lang, a, *busy, &issue),
    };
    let title = match access.ready() {
        Some(a) => tf(lang, Key::CaTitle, &[("class", &a.class_name)]),
        None => t(lang, Key::CaTitlePlain).to_owned(),
    };
    let count = access.ready().map(to_issue).unwrap_or(0);
    let on_all = {
        let issue = issue.clone();
        Callback::from(move |_: MouseEvent| issue.emit(Vec::new()))
    };
    html! {
        <section class="page wide" id="class-access">
            <div class="no-print">
                <p><Link<Route> to={Route::Students}>{ t(lang, Key::CaBack) }</Link<Route>></p>
                <h1 id="class-access-title">{ title }</h1>
                <p class="muted">{ t(lang, Key::CaIntro) }</p>
                if let Some(e) = &*error {
                    <p class="form-error" role="alert" id="class-access-error">{ e.clone() }</p>
                }
            </div>
            if let Some(out) = &*issued {
                <SlipsView class_id={class_id} issued={out.clone()} />
            }
            <div class="no-print">
                if access.ready().is_some() {
                    <div class="actions">
                        if count > 0 {
                            <button type="button" id="class-access-issue" class="button"
                                onclick={on_all} disabled={*busy}>
                                { if *busy { t(lang, Key::CaIssuing).to_owned() }
                                  else { tf(lang, Key::CaIssueAll, &[("count", &count.to_string())]) } }
                            </button>
                        } else {
                            <p class="muted" id="class-access-done">{ t(lang, Key::CaNothingToIssue) }</p>
                        }
                    </div>
                }
                { body }
            </div>
        </section>
    }
}

fn people_table(lang: Lang, a: &ClassAccess, busy: bool, issue: &Callback<Vec<Uuid>>) -> Html {
    let row = |p: &AccessPerson| {
        let reissue = {
            let (issue, id, name) = (issue.clone(), p.id, p.name.clone());
            Callback::from(move |_: MouseEvent| {
                let question = tf(lang, Key::CaReissueConfirm, &[("name", &name)]);
                if browser::confirm(&question) {
                    issue.emit(vec![id]);
                }
            })
        };
        let give = {
            let (issue, id) = (issue.clone(), p.id);
            Callback::from(move |_: MouseEvent| issue.emit(vec![id]))
        };
        html! {
            <tr id={format!("access-{}", p.id)} class="access-row">
                <td data-label={t(lang, Key::CaColWho)}>{ kind_name(lang, p.kind) }</td>
                <td data-label={t(lang, Key::ColFullName)}>
                    { p.name.clone() }
                    if !p.children.is_empty() {
                        <span class="muted small access-children">{ p.children.join(", ") }</span>
                    }
                </td>
                <td data-label={t(lang, Key::CaColLogin)}>
                    <code>{ p.login.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }</code>
                </td>
                <td data-label={t(lang, Key::CaColState)}>{ stage_badge(lang, p) }</td>
                <td data-label={t(lang, Key::CaColAction)}>
                    if p.account != AccountStage::None && p.refused.is_none() {
                        <button type="button" class="button small secondary access-reissue"
                            disabled={busy} onclick={reissue}
                            aria-label={tf(lang, Key::CaReissueOf, &[("name", &p.name)])}>
                            { t(lang, Key::CaReissue) }
                        </button>
                    } else if p.refused.is_none() {
                        <button type="button" class="button small secondary access-one"
                            disabled={busy} onclick={give}
                            aria-label={tf(lang, Key::CaGiveOf, &[("name", &p.name)])}>
                            { t(lang, Key::CaGive) }
                        </button>
                    }
                </td>
            </tr>
        }
    };
    html! {
        <div class="table-wrap">
            <table id="class-access-table" class="table">
                <caption class="visually-hidden">{ tf(lang, Key::CaTitle, &[("class", &a.class_name)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::CaColWho) }</th>
                        <th scope="col">{ t(lang, Key::ColFullName) }</th>
                        <th scope="col">{ t(lang, Key::CaColLogin) }</th>
                        <th scope="col">{ t(lang, Key::CaColState) }</th>
                        <th scope="col">{ t(lang, Key::CaColAction) }</th>
                    </tr>
                </thead>
                <tbody>
                    if a.people.is_empty() {
                        <tr><td colspan="5" class="empty">{ t(lang, Key::NoStudents) }</td></tr>
                    }
                    { for a.people.iter().map(row) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SlipsViewProps {
    class_id: Uuid,
    issued: Rc<IssuedAccess>,
}

/// The slips of one issue, shown once: to print from the browser (only the slips reach paper)
/// or to download as a PDF; and who got none, and why.
#[component]
fn SlipsView(props: &SlipsViewProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let error = use_state(|| None::<String>);
    let out = &props.issued;
    let site = browser::site();
    let on_print = Callback::from(|_: MouseEvent| browser::print());
    let on_pdf = {
        let (api, error, out, site, class_id) = (
            app.api.clone(),
            error.clone(),
            out.clone(),
            site.clone(),
            props.class_id,
        );
        Callback::from(move |_: MouseEvent| {
            let input = SlipsInput {
                site: site.clone(),
                slips: out
                    .slips
                    .iter()
                    .map(|s| SlipPassword {
                        person_id: s.person_id,
                        one_time_password: s.one_time_password.clone(),
                    })
                    .collect(),
            };
            let name = tf(lang, Key::CaPdfName, &[("class", &out.class_name)]);
            let (api, error) = (api.clone(), error.clone());
            spawn_local(async move {
                let call = |c: journal_client::Client| {
                    let input = input.clone();
                    async move { c.access_slips(class_id, &input).await }
                };
                match api.call(call).await {
                    Ok(bytes) => error.set(download(&name, "application/pdf", &bytes).err()),
                    Err(e) => error.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    html! {
        <section id="access-slips" class="slips" aria-labelledby="access-slips-title">
            <div class="no-print">
                <h2 id="access-slips-title">
                    { tf(lang, Key::CaSlipsTitle, &[("count", &out.slips.len().to_string())]) }
                </h2>
                if out.slips.is_empty() {
                    <p class="muted" role="status">{ t(lang, Key::CaNoSlips) }</p>
                } else {
                    <p class="note" role="status"><strong>{ t(lang, Key::CaShownOnce) }</strong></p>
                    <div class="actions">
                        <button type="button" id="access-print" class="button" onclick={on_print}>
                            { t(lang, Key::CaPrint) }
                        </button>
                        <button type="button" id="access-pdf" class="button secondary" onclick={on_pdf}>
                            { t(lang, Key::CaDownloadPdf) }
                        </button>
                    </div>
                }
                if let Some(e) = &*error {
                    <p class="form-error" role="alert">{ e.clone() }</p>
                }
                if !out.skipped.is_empty() {
                    <h3>{ t(lang, Key::CaSkippedTitle) }</h3>
                    <ul id="access-skipped">
                        { for out.skipped.iter().map(|s| html! {
                            <li>{ format!("{} — {}", s.name, t(lang, error_key(s.code))) }</li>
                        }) }
                    </ul>
                }
            </div>
            <div class="slip-sheet">
                { for out.slips.iter().map(|s| slip_card(lang, out, &site, s)) }
            </div>
        </section>
    }
}

fn slip_card(lang: Lang, out: &IssuedAccess, site: &str, s: &Slip) -> Html {
    let whose = match s.kind {
        AccessKind::Guardian => Key::CaSlipForGuardian,
        AccessKind::Student => Key::CaSlipForStudent,
    };
    html! {
        <article class="slip" id={format!("slip-{}", s.person_id)}>
            <p class="slip-school">
                { tf(lang, Key::CaSlipHeading, &[("school", &out.school_name), ("class", &out.class_name)]) }
            </p>
            <p class="slip-who"><strong>{ format!("{}: {}", t(lang, whose), s.name) }</strong></p>
            if !s.children.is_empty() {
                <p>{ tf(lang, Key::CaSlipChild, &[("names", &s.children.join(", "))]) }</p>
            }
            <dl class="slip-credentials">
                <dt>{ t(lang, Key::CaSlipSite) }</dt><dd>{ site.to_owned() }</dd>
                <dt>{ t(lang, Key::CaColLogin) }</dt><dd><code class="slip-login">{ s.login.clone() }</code></dd>
                <dt>{ t(lang, Key::CaSlipPassword) }</dt>
                <dd><code class="slip-password">{ s.one_time_password.clone() }</code></dd>
            </dl>
            <p class="small">
                { tf(lang, Key::CaSlipHowTo, &[("date", &local_time(lang, s.expires_at))]) }
            </p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(
        account: AccountStage,
        refused: Option<journal_api_types::ErrorCode>,
    ) -> AccessPerson {
        AccessPerson {
            id: Uuid::nil(),
            kind: AccessKind::Guardian,
            name: "Иванова Мария Петровна".into(),
            children: vec!["Иванов Пётр".into()],
            login: None,
            account,
            refused,
        }
    }

    #[test]
    fn the_issue_button_counts_those_without_an_account_who_may_have_one() {
        use journal_api_types::ErrorCode;
        let access = ClassAccess {
            class_id: Uuid::nil(),
            class_name: "7А".into(),
            people: vec![
                person(AccountStage::None, None),
                person(AccountStage::None, None),
                person(AccountStage::None, Some(ErrorCode::ConsentMissing)),
                person(AccountStage::Waiting, None),
                person(AccountStage::Active, None),
            ],
        };
        assert_eq!(to_issue(&access), 2);
    }
}
