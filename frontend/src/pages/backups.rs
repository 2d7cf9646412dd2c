//! «Резервные копии» on the home screen of the admin and the director (`GET /backups`, R-P3):
//! the schedule, how old the last backup is, a warning when it is older than the schedule allows,
//! the newest backups with their size, and how a backup is restored. Backups are taken and
//! restored on the server (`journal backup`, `journal restore DIR`): the card only shows them.

use crate::i18n::{t, Key, Lang};
use crate::pages::overview::tile;
use crate::pages::{load_failed, loading, use_load_keyed, Load};
use crate::services::access::sees_backups;
use crate::services::backups::{
    age_words, alert, backup_facts, last_at, recent, schedule_words, total_size,
};
use crate::services::files::human_size;
use crate::services::state::use_app;
use crate::services::time::local_time;
use chrono::{DateTime, Utc};
use journal_api_types::backups::{BackupStatus, BackupView};
use std::rc::Rc;
use yew::prelude::*;

/// The card; nothing for those who do not see backups, nor when the server refuses (`403`).
#[component]
pub fn HomeBackups() -> Html {
    let app = use_app();
    let lang = app.lang();
    let me = app.me();
    let sees = me.as_deref().is_some_and(sees_backups);
    let reload = use_state(|| 0_u32);
    let key = (me.as_ref().map(|m| (m.user_id, m.school_id)), sees);
    let data = use_load_keyed(key, *reload, |c, (_, on)| async move {
        if !on {
            return Ok(None);
        }
        Ok(Some(Rc::new(c.backup_status().await?)))
    });
    if !sees {
        return Html::default();
    }
    match &*data {
        Load::Loading => {
            html! { <section class="card overview backups" id="backups">{ loading(lang) }</section> }
        }
        Load::Failed(e) if e.status() == Some(403) => Html::default(),
        Load::Failed(e) => html! {
            <section class="card overview backups" id="backups">
                <h2>{ t(lang, Key::BkTitle) }</h2>
                { load_failed(lang, e, {
                    let reload = reload.clone();
                    Callback::from(move |_| reload.set(reload.wrapping_add(1)))
                }) }
            </section>
        },
        Load::Ready(None) => Html::default(),
        Load::Ready(Some(s)) => card(lang, s, Utc::now()),
    }
}

fn card(lang: Lang, s: &BackupStatus, now: DateTime<Utc>) -> Html {
    let alert = alert(s);
    html! {
        <section class="card overview backups" id="backups" aria-labelledby="backups-title"
            data-overdue={s.overdue.to_string()}>
            <div class="overview-head">
                <h2 id="backups-title">{ t(lang, Key::BkTitle) }</h2>
                <span class="muted" id="backups-schedule">{ schedule_words(lang, s.every_hours, s.keep) }</span>
            </div>
            if let Some(a) = alert {
                if a.is_warning() {
                    <p class="notice warn backups-alert" id="backups-alert">
                        <strong>{ t(lang, a.key()) }</strong>
                    </p>
                } else {
                    <p class="muted" id="backups-empty">{ t(lang, a.key()) }</p>
                }
            }
            if let Some(last) = last_at(s) {
                <dl class="stats">
                    { tile("stat-backup-age", t(lang, Key::BkLast), age_words(lang, last, now), s.overdue) }
                    { tile("stat-backup-count", t(lang, Key::BkCount), s.backups.len().to_string(), false) }
                    { tile("stat-backup-size", t(lang, Key::BkTotalSize), human_size(lang, total_size(s)), false) }
                </dl>
            }
            if !s.backups.is_empty() {
                <h3>{ t(lang, Key::BkRecent) }</h3>
                <ul class="overview-list" id="backups-list">
                    { for recent(s).iter().map(|b| item(lang, b)) }
                </ul>
            }
            <p class="hint" id="backups-restore">{ t(lang, Key::BkRestoreHint) }</p>
        </section>
    }
}

/// One backup: when it was taken, then «12,3 МБ · 45 678 строк · SQLite»; its folder's name (what
/// `journal restore` takes) on hover.
fn item(lang: Lang, b: &BackupView) -> Html {
    html! {
        <li class="backup-item" data-name={b.name.clone()} title={b.name.clone()}>
            <span class="backup-when">{ local_time(lang, b.created_at) }</span>
            <span class="overview-counts">{ backup_facts(lang, b) }</span>
        </li>
    }
}
