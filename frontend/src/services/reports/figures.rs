//! The figures of the report screens as people read them: shares and averages in Russian number
//! format, which figures are problems, a lesson's gaps in words, the files' names, and the bars
//! of the charts.

use crate::i18n::{t, Key, Lang};
use journal_api_types::reports::{LessonGap, ReportFormat};

/// A number with `places` decimals, with a decimal comma in Russian.
fn decimal(lang: Lang, value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    match lang {
        Lang::Ru => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A share as read in a report: «66,7 %» in Russian, «66.7%» in English, «—» when there is
/// nobody to count.
pub fn percent_text(lang: Lang, value: Option<f64>) -> String {
    match (value, lang) {
        (None, _) => t(lang, Key::Dash).to_owned(),
        (Some(v), Lang::Ru) => format!("{}\u{a0}%", decimal(lang, v, 1)),
        (Some(v), Lang::En) => format!("{}%", decimal(lang, v, 1)),
    }
}

/// An average mark to two decimals: «4,25»; «—» when there is none.
pub fn average_text(lang: Lang, value: Option<f64>) -> String {
    value.map_or_else(|| t(lang, Key::Dash).to_owned(), |v| decimal(lang, v, 2))
}

/// `part` of `whole` as a share text («—» for nobody), for counts the server gives without a
/// share (families signed in).
pub fn share_text(lang: Lang, part: u32, whole: u32) -> String {
    percent_text(lang, journal_domain::reports::percent(part, whole))
}

/// Gaps and late entries are problems whenever there is one.
pub fn count_is_problem(n: u32) -> bool {
    n > 0
}

/// A student without a single mark over the span is a problem (R-R1).
pub fn without_marks_is_problem(share: Option<f64>) -> bool {
    share.is_some_and(|s| s > 0.0)
}

/// Half the students or more with a single mark is a problem: too few marks to stand on.
pub const ONE_MARK_PROBLEM: f64 = 50.0;

pub fn one_mark_is_problem(share: Option<f64>) -> bool {
    share.is_some_and(|s| s >= ONE_MARK_PROBLEM)
}

/// A held lesson without its topic is a problem: the filling is short of 100 %.
pub fn topics_is_problem(share: Option<f64>) -> bool {
    share.is_some_and(|s| s < 100.0)
}

/// A page that held fewer lessons than the timetable planned is behind its programme (R-R5).
pub fn completion_is_problem(share: Option<f64>) -> bool {
    share.is_some_and(|s| s < 100.0)
}

/// Whether an assignment's hours a week differ from the curriculum's for the subject in the grade
/// (none in the curriculum: nothing to compare).
pub fn hours_differ(assignment: u32, curriculum: Option<u32>) -> bool {
    curriculum.is_some_and(|c| c != assignment)
}

/// Failing or not attested finals, and finals missing, are problems in achievement.
pub fn failing_is_problem(n: u32) -> bool {
    n > 0
}

/// The words of a lesson's gap in a list: «без темы», «отметки с опозданием».
pub fn gap_key(gap: LessonGap) -> Key {
    match gap {
        LessonGap::NoTopic => Key::RpGapNoTopic,
        LessonGap::NoHomework => Key::RpGapNoHomework,
        LessonGap::NoAttendance => Key::RpGapNoAttendance,
        LessonGap::LateMarks => Key::RpGapLateMarks,
        LessonGap::LateTopic => Key::RpGapLateTopic,
        LessonGap::LateHomework => Key::RpGapLateHomework,
    }
}

/// A lesson's gaps in words, in the server's order: «без темы, без домашнего задания».
pub fn gaps_text(lang: Lang, gaps: &[LessonGap]) -> String {
    gaps.iter()
        .map(|g| t(lang, gap_key(*g)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name a report's file is saved under: `base`, then the parts (dates, period), then the
/// extension of `format`.
pub fn file_name(base: &str, parts: &[String], format: ReportFormat) -> String {
    let ext = match format {
        ReportFormat::Xlsx => "xlsx",
        ReportFormat::Csv => "csv",
        ReportFormat::Json => "json",
        ReportFormat::Pdf => "pdf",
    };
    let mut name = base.to_owned();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        name.push(' ');
        name.push_str(p);
    }
    // Characters file systems refuse are dropped.
    let name: String = name
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    format!("{name}.{ext}")
}

/// The content type of a report file.
pub fn file_mime(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportFormat::Csv => "text/csv;charset=utf-8",
        ReportFormat::Json => "application/json",
        ReportFormat::Pdf => "application/pdf",
    }
}

/// The drawing width of a chart, in SVG units (it scales to the screen).
pub const CHART_WIDTH: f64 = 360.0;
/// The height of one bar's row: its label above, the bar under it.
pub const CHART_ROW: f64 = 36.0;
/// The thickness of a bar.
pub const CHART_BAR: f64 = 12.0;

/// The length of a bar for `value` on a scale of `max` drawn `width` long: in 0..=`width`, none
/// for no value.
pub fn scaled(value: Option<f64>, max: f64, width: f64) -> f64 {
    match value {
        Some(v) if max > 0.0 && v.is_finite() => (v / max).clamp(0.0, 1.0) * width,
        _ => 0.0,
    }
}

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    /// The top of the row.
    pub y: f64,
    pub length: f64,
}

/// A horizontal bar chart of shares (0–100 %), one row per item.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub bars: Vec<Bar>,
    pub height: f64,
}

pub fn bar_chart(items: impl IntoIterator<Item = (String, Option<f64>)>) -> BarChart {
    let bars: Vec<Bar> = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| Bar {
            label,
            value,
            y: i as f64 * CHART_ROW,
            length: scaled(value, 100.0, CHART_WIDTH),
        })
        .collect();
    BarChart {
        height: (bars.len() as f64 * CHART_ROW).max(CHART_ROW),
        bars,
    }
}

/// One part of a stacked bar: a series' count, where it starts and how long it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The index of the series (its colour and its name in the legend).
    pub series: usize,
    pub value: u32,
    pub x: f64,
    pub width: f64,
}

/// One stacked bar: its label, its total, the top of its row and its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBar {
    pub label: String,
    pub total: u32,
    pub y: f64,
    pub segments: Vec<Segment>,
}

/// A horizontal stacked bar chart of counts, scaled to the largest total.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedChart {
    pub bars: Vec<StackedBar>,
    /// The largest total: the full width of the chart.
    pub max: u32,
    pub height: f64,
}

/// The stacked bars of `items` (a label and the counts of each series): parts of nothing are
/// not drawn, and the longest bar fills the chart's width.
pub fn stacked_chart(items: impl IntoIterator<Item = (String, Vec<u32>)>) -> StackedChart {
    let items: Vec<(String, Vec<u32>)> = items.into_iter().collect();
    let max = items
        .iter()
        .map(|(_, v)| v.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    let bars: Vec<StackedBar> = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, values))| {
            let mut x = 0.0;
            let mut segments = Vec::new();
            for (series, value) in values.iter().copied().enumerate() {
                let width = scaled(Some(f64::from(value)), f64::from(max), CHART_WIDTH);
                if value > 0 && width > 0.0 {
                    segments.push(Segment {
                        series,
                        value,
                        x,
                        width,
                    });
                    x += width;
                }
            }
            StackedBar {
                label,
                total: values.iter().sum(),
                y: i as f64 * CHART_ROW,
                segments,
            }
        })
        .collect();
    StackedChart {
        height: (bars.len() as f64 * CHART_ROW).max(CHART_ROW),
        bars,
        max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_in_a_russian_report() {
        assert_eq!(percent_text(Lang::Ru, Some(66.7)), "66,7\u{a0}%");
        assert_eq!(percent_text(Lang::Ru, Some(100.0)), "100,0\u{a0}%");
        assert_eq!(percent_text(Lang::Ru, Some(0.0)), "0,0\u{a0}%");
        assert_eq!(percent_text(Lang::En, Some(51.75)), "51.8%");
        assert_eq!(percent_text(Lang::Ru, None), "—");
        assert_eq!(average_text(Lang::Ru, Some(4.0)), "4,00");
        assert_eq!(average_text(Lang::Ru, Some(3.666)), "3,67");
        assert_eq!(average_text(Lang::En, Some(4.25)), "4.25");
        assert_eq!(average_text(Lang::En, None), "—");
        assert_eq!(share_text(Lang::Ru, 2, 3), "66,7\u{a0}%");
        assert_eq!(share_text(Lang::Ru, 0, 0), "—");
    }

    #[test]
    fn problems_are_told_apart() {
        assert!(count_is_problem(1) && !count_is_problem(0));
        assert!(without_marks_is_problem(Some(4.2)));
        assert!(!without_marks_is_problem(Some(0.0)) && !without_marks_is_problem(None));
        assert!(one_mark_is_problem(Some(50.0)) && !one_mark_is_problem(Some(49.9)));
        assert!(topics_is_problem(Some(99.9)) && !topics_is_problem(Some(100.0)));
        assert!(!topics_is_problem(None));
        assert!(completion_is_problem(Some(83.3)) && !completion_is_problem(Some(100.0)));
        assert!(
            !completion_is_problem(None),
            "nothing planned is not behind"
        );
        assert!(hours_differ(3, Some(4)) && !hours_differ(4, Some(4)) && !hours_differ(4, None));
    }

    #[test]
    fn gaps_read_in_russian_words() {
        let all = [
            LessonGap::NoTopic,
            LessonGap::NoHomework,
            LessonGap::NoAttendance,
            LessonGap::LateMarks,
            LessonGap::LateTopic,
            LessonGap::LateHomework,
        ];
        let cyrillic = |s: &str| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
        let mut seen = std::collections::HashSet::new();
        for g in all {
            let ru = t(Lang::Ru, gap_key(g));
            assert!(cyrillic(ru) && seen.insert(ru), "{g:?}: {ru}");
            assert!(!cyrillic(t(Lang::En, gap_key(g))), "{g:?}");
        }
        assert_eq!(
            gaps_text(Lang::Ru, &[LessonGap::NoTopic, LessonGap::NoHomework]),
            "без темы, без домашнего задания"
        );
    }

    #[test]
    fn files_are_named_after_the_report() {
        assert_eq!(
            file_name(
                "Контроль ведения журнала",
                &["2025-11-03".into(), "2025-11-16".into()],
                ReportFormat::Xlsx
            ),
            "Контроль ведения журнала 2025-11-03 2025-11-16.xlsx"
        );
        assert_eq!(
            file_name(
                "Успеваемость",
                &["2 четверть".into(), String::new()],
                ReportFormat::Csv
            ),
            "Успеваемость 2 четверть.csv"
        );
        assert_eq!(file_name("a/b:c", &[], ReportFormat::Csv), "abc.csv");
        assert!(file_mime(ReportFormat::Csv).starts_with("text/csv"));
        assert_eq!(
            file_name("Классный журнал", &["7А".into()], ReportFormat::Pdf),
            "Классный журнал 7А.pdf"
        );
        assert_eq!(file_mime(ReportFormat::Pdf), "application/pdf");
    }

    #[test]
    fn bars_are_scaled_to_the_chart() {
        assert_eq!(scaled(Some(50.0), 100.0, 400.0), 200.0);
        assert_eq!(scaled(Some(100.0), 100.0, 400.0), 400.0);
        assert_eq!(scaled(Some(130.0), 100.0, 400.0), 400.0, "clamped");
        assert_eq!(scaled(Some(-5.0), 100.0, 400.0), 0.0);
        assert_eq!(scaled(None, 100.0, 400.0), 0.0);
        assert_eq!(scaled(Some(5.0), 0.0, 400.0), 0.0, "no scale");
        assert_eq!(scaled(Some(f64::NAN), 100.0, 400.0), 0.0);
        let chart = bar_chart([("7А".to_owned(), Some(75.0)), ("7Б".to_owned(), None)]);
        assert_eq!(chart.bars.len(), 2);
        assert_eq!(
            (chart.bars[0].y, chart.bars[0].length),
            (0.0, 0.75 * CHART_WIDTH)
        );
        assert_eq!((chart.bars[1].y, chart.bars[1].length), (CHART_ROW, 0.0));
        assert_eq!(chart.height, 2.0 * CHART_ROW);
        assert_eq!(bar_chart(Vec::new()).height, CHART_ROW);
    }

    #[test]
    fn stacked_bars_share_one_scale() {
        let chart = stacked_chart([
            ("Сентябрь 2025".to_owned(), vec![6, 0, 2, 2]),
            ("Октябрь 2025".to_owned(), vec![1, 1, 0, 3]),
            ("Ноябрь 2025".to_owned(), vec![0, 0, 0, 0]),
        ]);
        assert_eq!(chart.max, 10);
        let sep = &chart.bars[0];
        assert_eq!((sep.total, sep.y), (10, 0.0));
        // The series without absences has no part; the others follow one another.
        assert_eq!(
            sep.segments
                .iter()
                .map(|s| (s.series, s.value))
                .collect::<Vec<_>>(),
            [(0, 6), (2, 2), (3, 2)]
        );
        assert_eq!(sep.segments[0].x, 0.0);
        assert!((sep.segments[1].x - 0.6 * CHART_WIDTH).abs() < 1e-9);
        let end = sep.segments[2].x + sep.segments[2].width;
        assert!(
            (end - CHART_WIDTH).abs() < 1e-9,
            "the largest fills the width"
        );
        let oct = &chart.bars[1];
        let oct_end = oct.segments.last().map(|s| s.x + s.width).unwrap();
        assert!((oct_end - 0.5 * CHART_WIDTH).abs() < 1e-9);
        assert_eq!(chart.bars[1].y, CHART_ROW);
        assert!(chart.bars[2].segments.is_empty());
        assert_eq!(chart.height, 3.0 * CHART_ROW);
        let empty = stacked_chart(Vec::new());
        assert_eq!((empty.max, empty.height), (0, CHART_ROW));
        let nothing = stacked_chart([("x".to_owned(), vec![0, 0])]);
        assert!(nothing.bars[0].segments.is_empty(), "no scale, no parts");
    }
}
