//! One page for the reports over a span of days narrowed by class, subject and teacher — the
//! journal-keeping control (R-R1), control-work results (R-R9) and curriculum completion (R-R5):
//! the filters read from and written to the address, the report loaded, the files, print and the
//! refusals. Each report brings only its own view of the answer.

use super::span::SpanBar;
use super::{
    chosen_name, offer_for, print_heading, report_failed, use_structure, FileActions, FileQuery,
    NarrowingFields,
};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::access::sees_reports;
use crate::services::reports::{ControlView, Narrowing, ReportQuery, SpanPreset};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, today};
use journal_api_types::reports::{
    ControlWorksReport, CurriculumReport, JournalControl, ReportFormat, SpanFilter,
};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// Which span report a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    JournalControl,
    ControlWorks,
    Curriculum,
}

/// A span report as loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum SpanReport {
    JournalControl(Rc<JournalControl>),
    ControlWorks(Rc<ControlWorksReport>),
    Curriculum(Rc<CurriculumReport>),
}

impl SpanKind {
    fn title(self) -> Key {
        match self {
            SpanKind::JournalControl => Key::RpControlTitle,
            SpanKind::ControlWorks => Key::RpWorksTitle,
            SpanKind::Curriculum => Key::RpCurriculumTitle,
        }
    }

    fn intro(self) -> Key {
        match self {
            SpanKind::JournalControl => Key::RpControlIntro,
            SpanKind::ControlWorks => Key::RpWorksIntro,
            SpanKind::Curriculum => Key::RpCurriculumIntro,
        }
    }

    /// The prefix of the page's element ids.
    fn prefix(self) -> &'static str {
        match self {
            SpanKind::JournalControl => "control",
            SpanKind::ControlWorks => "works",
            SpanKind::Curriculum => "curriculum",
        }
    }

    fn section_id(self) -> &'static str {
        match self {
            SpanKind::JournalControl => "journal-control",
            SpanKind::ControlWorks => "control-works-report",
            SpanKind::Curriculum => "curriculum-report",
        }
    }

    fn route(self) -> Route {
        match self {
            SpanKind::JournalControl => Route::JournalControlReport,
            SpanKind::ControlWorks => Route::ControlWorksReport,
            SpanKind::Curriculum => Route::CurriculumReport,
        }
    }

    /// The week for the weekly control; the longer reports open on the school year so far.
    fn view_of(self, q: &ReportQuery, today: chrono::NaiveDate) -> ControlView {
        match self {
            SpanKind::JournalControl => ControlView::from_query(q, today),
            _ => ControlView::from_query_or(q, SpanPreset::SchoolYear.span(today)),
        }
    }

    fn presets(self) -> &'static [SpanPreset] {
        match self {
            SpanKind::JournalControl => &SpanPreset::ALL[..],
            _ => &SpanPreset::LONG[..],
        }
    }

    fn file_query(self, filter: SpanFilter) -> FileQuery {
        match self {
            SpanKind::JournalControl => FileQuery::Control(filter),
            SpanKind::ControlWorks => FileQuery::ControlWorks(filter),
            SpanKind::Curriculum => FileQuery::Curriculum(filter),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SpanPageProps {
    pub kind: SpanKind,
    /// The report's own view of its answer, in the language, with the span in words.
    pub view: Callback<(Lang, SpanReport, AttrValue), Html>,
}

#[component]
pub fn SpanReportPage(props: &SpanPageProps) -> Html {
    let kind = props.kind;
    let app = use_app();
    let lang = app.lang();
    use_title(kind.title());
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| sees_reports(m));
    let location = use_location();
    let navigator = use_navigator();
    let today = today();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let view = kind.view_of(&query, today);
    let retry = use_state(|| 0_u32);
    let structure = use_structure(can);
    let report = use_load_keyed((can, view), *retry, move |c, (can, view)| async move {
        if !can {
            return Ok(None);
        }
        let filter = view.filter(ReportFormat::Json);
        Ok(Some(match kind {
            SpanKind::JournalControl => {
                SpanReport::JournalControl(Rc::new(c.journal_control(&filter).await?))
            }
            SpanKind::ControlWorks => {
                SpanReport::ControlWorks(Rc::new(c.control_works_report(&filter).await?))
            }
            SpanKind::Curriculum => {
                SpanReport::Curriculum(Rc::new(c.curriculum_report(&filter).await?))
            }
        }))
    });
    let Some(me) = me else {
        return Html::default();
    };
    if !can {
        return html! { <ForbiddenPage /> };
    }
    let go = {
        let navigator = navigator.clone();
        move |v: ControlView| {
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&kind.route(), &v.query());
            }
        }
    };
    let (whole_school, offer) = offer_for(
        &me,
        structure.ready().map(|s| &**s),
        view.narrowing.class_id,
    );
    let offer = Rc::new(offer);
    let on_span = {
        let go = go.clone();
        Callback::from(move |(from, to)| go(ControlView { from, to, ..view }))
    };
    let on_narrow = {
        let go = go.clone();
        Callback::from(move |narrowing: Narrowing| go(ControlView { narrowing, ..view }))
    };
    let on_reset = view.narrowing.any().then(|| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| {
            go(ControlView {
                narrowing: Narrowing::default(),
                ..view
            })
        })
    });
    let span = tf(
        lang,
        Key::RpSpanText,
        &[
            ("from", &full_date(lang, view.from)),
            ("to", &full_date(lang, view.to)),
        ],
    );
    let about: Vec<String> = [
        Some(span.clone()),
        chosen_name(&offer.classes, view.narrowing.class_id),
        chosen_name(&offer.subjects, view.narrowing.subject_id),
        chosen_name(&offer.teachers, view.narrowing.teacher_id),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parts = vec![iso(view.from), iso(view.to)];
    parts.extend(about.iter().skip(1).cloned());
    let ready = report.ready().and_then(|r| r.clone());
    let body = match &*report {
        Load::Loading => loading(lang),
        Load::Failed(e) => report_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(retry.wrapping_add(1)))
        }),
        Load::Ready(None) => Html::default(),
        Load::Ready(Some(r)) => props
            .view
            .emit((lang, r.clone(), AttrValue::from(span.clone()))),
    };
    let prefix = kind.prefix();
    html! {
        <section class="page wide report" id={kind.section_id()}>
            <h1>{ t(lang, kind.title()) }</h1>
            <p class="muted no-print">{ t(lang, kind.intro()) }</p>
            { print_heading(lang, &about) }
            <SpanBar {prefix} from={view.from} to={view.to}
                presets={kind.presets()} {on_span} {on_reset}>
                <NarrowingFields {prefix} offer={offer.clone()} value={view.narrowing}
                    {whole_school} on_change={on_narrow} />
            </SpanBar>
            <FileActions {prefix}
                query={ready.map(|_| kind.file_query(view.filter(ReportFormat::Json)))}
                base={t(lang, kind.title()).to_owned()} {parts} />
            { body }
        </section>
    }
}
