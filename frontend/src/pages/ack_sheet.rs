//! «Ознакомление родителей»: for a class the caller leads (any class for the deputy and the
//! director), which guardians acknowledged a week, their consents and diary accounts, and who has
//! not signed in lately (R-D2, R-D5).

use crate::components::week_picker::WeekPicker;
use crate::i18n::{t, tf, Key};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::people::relation_name;
use crate::pages::{load_failed, loading, use_current_classes, use_load_keyed, use_title, Load};
use crate::services::access::sees_acknowledgement_sheet;
use crate::services::diary::{consent_key, sheet_classes, sheet_summary, INACTIVE_CHOICES};
use crate::services::state::use_app;
use crate::services::time::local_time;
use crate::services::week::{monday_of, today};
use chrono::NaiveDate;
use journal_api_types::diary::{AcknowledgementSheetQuery, SheetGuardian};
use journal_api_types::Role;
use journal_domain::people::Relation;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[component]
pub fn AckSheetPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::NavAckSheet);
    let me = app.me();
    let allowed = me.as_ref().is_some_and(|m| sees_acknowledgement_sheet(m));
    let leads = me
        .as_ref()
        .is_some_and(|m| m.roles.contains(&Role::Deputy) || m.roles.contains(&Role::Director));
    let user = me.as_ref().map_or(Uuid::nil(), |m| m.user_id);
    let classes = use_current_classes(allowed);
    let chosen = use_state(|| None::<Uuid>);
    let monday = use_state(|| monday_of(today()));
    let inactive = use_state(|| 14_u16);
    let reload = use_state(|| 0_u32);
    let offered = classes
        .ready()
        .map(|list| sheet_classes(list, leads, user))
        .unwrap_or_default();
    let class = (*chosen).or_else(|| offered.first().map(|(id, _)| *id));
    let sheet = use_load_keyed(
        (class, *monday, *inactive),
        *reload,
        |c, (class, monday, inactive)| async move {
            match class {
                Some(id) => c
                    .acknowledgement_sheet(
                        id,
                        &AcknowledgementSheetQuery {
                            week_of: Some(monday),
                            inactive_days: Some(inactive),
                        },
                    )
                    .await
                    .map(Some),
                None => Ok(None),
            }
        },
    );
    if !allowed {
        return html! { <ForbiddenPage /> };
    }
    let on_class = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            chosen.set(Uuid::parse_str(&select.value()).ok());
        })
    };
    let on_inactive = {
        let inactive = inactive.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = select.value().parse() {
                inactive.set(n);
            }
        })
    };
    let on_week = {
        let monday = monday.clone();
        Callback::from(move |m: NaiveDate| monday.set(m))
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let body = match (&*classes, &*sheet) {
        (Load::Loading, _) | (_, Load::Loading) => loading(lang),
        (Load::Failed(e), _) | (_, Load::Failed(e)) => load_failed(lang, e, retry),
        (_, Load::Ready(None)) => {
            html! { <p class="muted">{ t(lang, Key::AckSheetNoClasses) }</p> }
        }
        (_, Load::Ready(Some(s))) => {
            let (done, total) = sheet_summary(s);
            html! {
                <>
                    <p id="ack-sheet-summary" class="lead">
                        { tf(lang, Key::AckSheetSummary, &[("class", &s.class_name), ("n", &done.to_string()), ("total", &total.to_string())]) }
                    </p>
                    <ol id="ack-sheet" class="plain-list sheet-list">
                        { for s.students.iter().map(|st| html! {
                            <li class="card sheet-student" data-student={st.student_id.to_string()}>
                                <h2 class="sheet-student-name">{ st.name.clone() }</h2>
                                if st.guardians.is_empty() {
                                    <p class="muted">{ t(lang, Key::AckSheetNoGuardians) }</p>
                                } else {
                                    <ul class="plain-list">
                                        { for st.guardians.iter().map(|g| guardian_line(lang, g)) }
                                    </ul>
                                }
                            </li>
                        }) }
                    </ol>
                </>
            }
        }
    };
    html! {
        <section class="page" id="ack-sheet-page">
            <h1>{ t(lang, Key::NavAckSheet) }</h1>
            <p class="muted">{ t(lang, Key::AckSheetIntro) }</p>
            <form class="filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="ack-sheet-class">{ t(lang, Key::AckSheetClass) }</label>
                    <select id="ack-sheet-class" onchange={on_class}>
                        { for offered.iter().map(|(id, name)| html! {
                            <option value={id.to_string()} selected={class == Some(*id)}>{ name.clone() }</option>
                        }) }
                    </select>
                </div>
                <WeekPicker id="ack-sheet-week" monday={*monday} on_change={on_week} />
                <div class="field">
                    <label for="ack-sheet-inactive">{ t(lang, Key::AckSheetInactiveDays) }</label>
                    <select id="ack-sheet-inactive" onchange={on_inactive}>
                        { for INACTIVE_CHOICES.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == *inactive}>
                                { tf(lang, Key::AckSheetDays, &[("n", &n.to_string())]) }
                            </option>
                        }) }
                    </select>
                </div>
            </form>
            { body }
        </section>
    }
}

fn guardian_line(lang: crate::i18n::Lang, g: &SheetGuardian) -> Html {
    let relation = match g.relation.as_str() {
        "mother" => Relation::Mother,
        "father" => Relation::Father,
        _ => Relation::Guardian,
    };
    let yes_no = |b: bool| t(lang, if b { Key::Yes } else { Key::No });
    html! {
        <li class="sheet-guardian" data-guardian={g.guardian_id.to_string()}>
            <strong class="sheet-guardian-name">{ format!("{} ({})", g.name, relation_name(lang, relation)) }</strong>
            if let Some(at) = g.acknowledged_at {
                <span class="badge ok sheet-ack">{ tf(lang, Key::AckSheetAckAt, &[("time", &local_time(lang, at))]) }</span>
            } else {
                <span class="badge warn sheet-ack">{ t(lang, Key::AckSheetNotAck) }</span>
            }
            <span>{ tf(lang, Key::AckSheetConsent, &[("v", t(lang, consent_key(g.consent.as_deref())))]) }</span>
            <span>{ tf(lang, Key::AckSheetAccount, &[("v", yes_no(g.has_account))]) }</span>
            if g.inactive {
                <span class="badge danger">{ t(lang, Key::AckSheetInactive) }</span>
            }
        </li>
    }
}
