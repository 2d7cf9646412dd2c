//! What needs attention, on the home screen (`GET /reports/overview`, R-R1, R-R2): for the deputy
//! and the director «Школа на этой неделе» — the journal's filling, the teachers behind, today's
//! timetable changes, remarks, failing marks, acknowledgements; for a teacher «Требует внимания» —
//! their open remarks and their lessons with gaps this week.

use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::{load_failed, loading, use_load_keyed, Load};
use crate::services::overview::{gaps_by_day, gaps_words, late_entries, page_name, ControlQuery};
use crate::services::remarks::{remark_page, status_class, status_key};
use crate::services::reports::percent_text;
use crate::services::state::use_app;
use crate::services::week::{full_date, weekday_name, weekday_number};
use journal_api_types::remarks::{RemarkFilter, RemarkView};
use journal_api_types::reports::{Filling, Overview, TeacherControl};
use journal_api_types::Role;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The overview, and for a teacher their open remarks.
struct Attention {
    overview: Overview,
    remarks: Vec<RemarkView>,
}

/// The block of the home screen; nothing for those the overview is not for.
#[component]
pub fn HomeOverview() -> Html {
    let app = use_app();
    let lang = app.lang();
    let me = app.me();
    let leads = me.as_deref().is_some_and(crate::services::remarks::leads);
    let teaches = me.as_deref().is_some_and(|me| {
        me.roles.contains(&Role::Teacher) || me.roles.contains(&Role::ClassTeacher)
    });
    let answers = me
        .as_deref()
        .is_some_and(|me| me.roles.contains(&Role::Teacher));
    let reload = use_state(|| 0_u32);
    let key = (
        me.as_ref().map(|m| (m.user_id, m.school_id)),
        leads || teaches,
        answers,
    );
    let data = use_load_keyed(key, *reload, |c, (_, on, answers)| async move {
        if !on {
            return Ok(None);
        }
        let overview = c.overview().await?;
        // A teacher's own remarks; the leadership reads the school's figures instead.
        let remarks = if answers && !overview.whole_school {
            let filter = RemarkFilter {
                open_only: Some(true),
                limit: Some(50),
                ..RemarkFilter::default()
            };
            c.list_remarks(&filter).await?.items
        } else {
            Vec::new()
        };
        Ok(Some(Rc::new(Attention { overview, remarks })))
    });
    if !(leads || teaches) {
        return Html::default();
    }
    match &*data {
        Load::Loading => {
            html! { <section class="card overview" id="overview">{ loading(lang) }</section> }
        }
        Load::Failed(e) => html! {
            <section class="card overview" id="overview">
                { load_failed(lang, e, {
                    let reload = reload.clone();
                    Callback::from(move |_| reload.set(reload.wrapping_add(1)))
                }) }
            </section>
        },
        Load::Ready(None) => Html::default(),
        Load::Ready(Some(a)) if a.overview.whole_school => school_week(lang, &a.overview),
        Load::Ready(Some(a)) => needs_attention(lang, &a.overview, &a.remarks),
    }
}

/// One figure: its words, its value, and whether it is a problem.
pub(crate) fn tile(id: &'static str, label: &str, value: String, problem: bool) -> Html {
    html! {
        <div class={classes!("stat", problem.then_some("problem"))} id={id}>
            <dt>{ label.to_owned() }</dt>
            <dd>{ value }</dd>
        </div>
    }
}

fn filling_tiles(lang: Lang, f: &Filling, topics_share: Option<f64>) -> Html {
    let late = late_entries(f);
    html! {
        <dl class="stats" id="overview-filling">
            { tile("stat-held", t(lang, Key::HmHeld), f.lessons_held.to_string(), false) }
            { tile("stat-no-topic", t(lang, Key::HmNoTopic), f.without_topic.to_string(), f.without_topic > 0) }
            { tile("stat-no-homework", t(lang, Key::HmNoHomework), f.without_homework.to_string(), f.without_homework > 0) }
            { tile("stat-no-attendance", t(lang, Key::HmNoAttendance), f.without_attendance.to_string(), f.without_attendance > 0) }
            { tile("stat-late", t(lang, Key::HmLate), late.to_string(), late > 0) }
            { tile("stat-topics-share", t(lang, Key::HmTopicsShare), percent_text(lang, topics_share),
                topics_share.is_some_and(|s| s < 100.0)) }
        </dl>
    }
}

/// A teacher's gaps in words: «без темы: 3 · с опозданием: 2».
fn teacher_counts(lang: Lang, f: &Filling) -> String {
    [
        (Key::HmCntNoTopic, f.without_topic),
        (Key::HmCntNoHomework, f.without_homework),
        (Key::HmCntNoAttendance, f.without_attendance),
        (Key::HmCntLate, late_entries(f)),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(key, n)| tf(lang, key, &[("n", &n.to_string())]))
    .collect::<Vec<_>>()
    .join(" · ")
}

fn teacher_item(lang: Lang, o: &Overview, tc: &TeacherControl) -> Html {
    let query = ControlQuery::teacher(o.week_from, o.today, tc.teacher.teacher_id);
    html! {
        <li class="overview-teacher" data-teacher-id={tc.teacher.teacher_id.to_string()}>
            <Link<Route, ControlQuery> to={Route::JournalControlReport} query={Some(query)}
                classes="overview-teacher-link">
                { tc.teacher.teacher_name.clone() }
            </Link<Route, ControlQuery>>
            <span class="overview-counts">{ teacher_counts(lang, &tc.filling) }</span>
        </li>
    }
}

/// «Школа на этой неделе»: the deputy's and the director's week.
fn school_week(lang: Lang, o: &Overview) -> Html {
    let span = tf(
        lang,
        Key::HmWeekOf,
        &[
            ("from", &full_date(lang, o.week_from)),
            ("to", &full_date(lang, o.today)),
        ],
    );
    let acknowledged = match (o.acknowledged_last_week, o.guardians_with_accounts) {
        (Some(n), Some(total)) if total > 0 => {
            let share = percent_text(lang, journal_domain::reports::percent(n, total));
            format!(
                "{} ({share})",
                tf(
                    lang,
                    Key::HmOutOf,
                    &[("n", &n.to_string()), ("total", &total.to_string())]
                )
            )
        }
        _ => t(lang, Key::Dash).to_owned(),
    };
    html! {
        <section class="card overview" id="overview" data-scope="school" aria-labelledby="overview-title">
            <div class="overview-head">
                <h2 id="overview-title">{ t(lang, Key::HmSchoolWeek) }</h2>
                <span class="muted">{ span }</span>
            </div>
            { filling_tiles(lang, &o.filling, o.topics_share) }
            <div class="overview-columns">
                <div class="overview-part" id="overview-teachers">
                    <h3>{ t(lang, Key::HmTeachersBehind) }</h3>
                    if o.teachers.is_empty() {
                        <p class="muted" id="overview-teachers-none">{ t(lang, Key::HmTeachersNone) }</p>
                    } else {
                        <p class="hint">{ t(lang, Key::HmTeacherHint) }</p>
                        <ul class="overview-list">
                            { for o.teachers.iter().map(|tc| teacher_item(lang, o, tc)) }
                        </ul>
                    }
                </div>
                <div class="overview-part">
                    <dl class="stats compact">
                        <div class={classes!("stat", o.changes_today.is_some_and(|n| n > 0).then_some("note"))} id="stat-changes-today">
                            <dt>{ t(lang, Key::HmChangesToday) }</dt>
                            <dd>
                                { o.changes_today.unwrap_or(0) }
                                <Link<Route> to={Route::SubstitutionReport} classes="stat-link">
                                    { t(lang, Key::HmChangesLink) }
                                </Link<Route>>
                            </dd>
                        </div>
                        <div class={classes!("stat", (o.open_remarks > 0).then_some("note"))} id="stat-open-remarks">
                            <dt>{ t(lang, Key::HmOpenRemarks) }</dt>
                            <dd>
                                { o.open_remarks }
                                <Link<Route> to={Route::Remarks} classes="stat-link">{ t(lang, Key::HmRemarksLink) }</Link<Route>>
                            </dd>
                        </div>
                        { tile("stat-overdue-remarks", t(lang, Key::HmOverdueRemarks), o.overdue_remarks.to_string(), o.overdue_remarks > 0) }
                        { tile("stat-failing", t(lang, Key::HmFailing), o.students_with_failing_marks.to_string(), o.students_with_failing_marks > 0) }
                        { tile("stat-acknowledged", t(lang, Key::HmAcknowledged), acknowledged, false) }
                    </dl>
                </div>
            </div>
        </section>
    }
}

fn remark_item(lang: Lang, r: &RemarkView) -> Html {
    let page = remark_page(r);
    html! {
        <li class={classes!("overview-remark", r.overdue.then_some("overdue"))} data-remark-id={r.id.to_string()}
            data-status={r.status.as_str()}>
            <Link<Route> to={Route::JournalGrid { assignment_id: r.assignment_id, period_id: r.period_id }}
                classes="overview-remark-link">
                { page }
            </Link<Route>>
            if let Some(date) = r.lesson_date {
                <span class="overview-remark-lesson">
                    { tf(lang, Key::RmLessonOn, &[("date", &full_date(lang, date))]) }
                </span>
            }
            <span class="overview-remark-text">{ r.text.clone() }</span>
            <span class="overview-remark-meta">
                <span class={classes!("badge", status_class(r.status))}>{ t(lang, status_key(r.status)) }</span>
                { " " }
                <span class={classes!("remark-due", r.overdue.then_some("overdue"))}>
                    { tf(lang, Key::RmDueOn, &[("date", &full_date(lang, r.due_on))]) }
                </span>
                if r.overdue {
                    { " " }<span class="badge danger">{ t(lang, Key::RmOverdue) }</span>
                }
            </span>
        </li>
    }
}

/// «Требует внимания»: a teacher's open remarks and their lessons with gaps this week.
fn needs_attention(lang: Lang, o: &Overview, remarks: &[RemarkView]) -> Html {
    let mut remarks: Vec<&RemarkView> = remarks.iter().filter(|r| r.status.is_open()).collect();
    remarks.sort_by_key(|r| (!r.overdue, !r.status.awaits_teacher(), r.due_on));
    let clear = remarks.is_empty() && o.lessons.is_empty();
    let days = gaps_by_day(&o.lessons);
    html! {
        <section class="card overview" id="overview" data-scope="own" aria-labelledby="overview-title">
            <h2 id="overview-title">{ t(lang, Key::HmAttention) }</h2>
            if clear {
                <p class="overview-clear" id="attention-clear">
                    <strong>{ t(lang, Key::HmAllFilled) }</strong>
                    { " " }{ t(lang, Key::HmAllFilledText) }
                </p>
            } else {
                <div class="overview-part" id="attention-remarks">
                    <h3>{ t(lang, Key::HmMyRemarks) }</h3>
                    if remarks.is_empty() {
                        <p class="muted">{ t(lang, Key::HmNoOpenRemarks) }</p>
                    } else {
                        <ul class="overview-list">{ for remarks.iter().map(|r| remark_item(lang, r)) }</ul>
                        <p><Link<Route> to={Route::Remarks} classes="section-link">{ t(lang, Key::HmRemarksLink) }</Link<Route>></p>
                    }
                </div>
                <div class="overview-part" id="attention-lessons">
                    <h3>{ t(lang, Key::HmMyLessons) }</h3>
                    if days.is_empty() {
                        <p class="muted">{ t(lang, Key::HmLessonsFilled) }</p>
                    } else {
                        { for days.into_iter().map(|(date, list)| html! {
                            <div class="gap-day">
                                <h4>{ format!("{}, {}", weekday_name(lang, weekday_number(date)), full_date(lang, date)) }</h4>
                                <ul class="overview-list">
                                    { for list.into_iter().map(|g| {
                                        let what = format!("{}, {}", page_name(&g.page),
                                            tf(lang, Key::LessonNumber, &[("n", &g.lesson.lesson_number.to_string())]));
                                        html! {
                                            <li class="overview-gap" data-entry-id={g.lesson.entry_id.to_string()}
                                                data-date={g.lesson.date.to_string()}>
                                                if let Some(period_id) = g.period_id {
                                                    <Link<Route> to={Route::JournalGrid { assignment_id: g.page.assignment_id, period_id }}
                                                        classes="overview-gap-link">{ what }</Link<Route>>
                                                } else {
                                                    <span>{ what }</span>
                                                }
                                                <span class="overview-gaps">{ gaps_words(lang, &g.lesson.gaps) }</span>
                                            </li>
                                        }
                                    }) }
                                </ul>
                            </div>
                        }) }
                    }
                </div>
            }
        </section>
    }
}
