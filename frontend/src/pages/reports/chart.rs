//! Horizontal bar charts drawn as SVG elements (no script library): shares (one bar per item) and
//! counts stacked by kind (one bar per item, a part per kind, with a legend). Each row has its
//! name and figure above its bar. A chart is an image with a title and a description that reads
//! every figure, and the same figures are in the report's table beside it.

use crate::pages::reports::Shared;
use crate::services::reports::{bar_chart, percent_text, stacked_chart, CHART_BAR, CHART_WIDTH};
use crate::services::state::use_app;
use yew::prelude::*;

/// The longest label drawn; the whole name is in the bar's tooltip and the description.
const LABEL_CHARS: usize = 44;

fn clipped(label: &str) -> String {
    if label.chars().count() > LABEL_CHARS {
        let head: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{head}…")
    } else {
        label.to_owned()
    }
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub desc: AttrValue,
    /// The items' names and shares (per cent; `None` for no figure).
    pub items: Shared<Vec<(String, Option<f64>)>>,
}

#[component]
pub fn BarChartView(props: &BarChartProps) -> Html {
    let lang = use_app().lang();
    let chart = bar_chart(props.items.iter().cloned());
    let title_id = format!("{}-svg-title", props.id);
    let desc_id = format!("{}-desc", props.id);
    let figures: Vec<String> = chart
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, percent_text(lang, b.value)))
        .collect();
    let desc = format!("{} {}.", props.desc, figures.join("; "));
    let view_box = format!("0 0 {CHART_WIDTH} {}", chart.height);
    html! {
        <figure class="report-chart" id={props.id.clone()}>
            <h3 class="chart-title">{ props.title.clone() }</h3>
            <svg class="bar-chart" viewBox={view_box} preserveAspectRatio="xMinYMin meet"
                role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ desc }</desc>
                { for chart.bars.iter().map(|b| {
                    let text_y = b.y + 13.0;
                    let bar_y = b.y + 18.0;
                    html! {
                        <g class="bar">
                            <title>{ format!("{}: {}", b.label, percent_text(lang, b.value)) }</title>
                            <text x="0" y={text_y.to_string()} class="bar-label">{ clipped(&b.label) }</text>
                            <text x={CHART_WIDTH.to_string()} y={text_y.to_string()} text-anchor="end"
                                class="bar-value">{ percent_text(lang, b.value) }</text>
                            <rect x="0" y={bar_y.to_string()} width={CHART_WIDTH.to_string()}
                                height={CHART_BAR.to_string()} rx="3" class="bar-track" />
                            if b.length > 0.0 {
                                <rect x="0" y={bar_y.to_string()} width={format!("{:.1}", b.length)}
                                    height={CHART_BAR.to_string()} rx="3" class="bar-fill" />
                            }
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct StackedChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub desc: AttrValue,
    /// The names of the kinds stacked, in the order of each item's counts (drawn in the colours
    /// `series-0`, `series-1`… of the style sheet).
    pub series: Shared<Vec<String>>,
    /// The items' names and counts per kind.
    pub items: Shared<Vec<(String, Vec<u32>)>>,
}

/// Counts stacked by kind: one bar per item, scaled to the largest total, with a legend.
#[component]
pub fn StackedChartView(props: &StackedChartProps) -> Html {
    let chart = stacked_chart(props.items.iter().cloned());
    let title_id = format!("{}-svg-title", props.id);
    let desc_id = format!("{}-desc", props.id);
    // «Сентябрь 2025: 10 (по болезни 6, без уважительной причины 2…)».
    let read = |label: &str, total: u32, values: &[u32]| {
        let parts: Vec<String> = props
            .series
            .iter()
            .zip(values)
            .filter(|(_, v)| **v > 0)
            .map(|(name, v)| format!("{name} {v}"))
            .collect();
        if parts.is_empty() {
            format!("{label}: {total}")
        } else {
            format!("{label}: {total} ({})", parts.join(", "))
        }
    };
    let figures: Vec<String> = props
        .items
        .iter()
        .map(|(label, values)| read(label, values.iter().sum(), values))
        .collect();
    let desc = format!("{} {}.", props.desc, figures.join("; "));
    let view_box = format!("0 0 {CHART_WIDTH} {}", chart.height);
    html! {
        <figure class="report-chart stacked" id={props.id.clone()}>
            <h3 class="chart-title">{ props.title.clone() }</h3>
            <ul class="chart-legend" aria-hidden="true">
                { for props.series.iter().enumerate().map(|(i, name)| html! {
                    <li><span class={classes!("swatch", format!("series-{i}"))}></span>{ name.clone() }</li>
                }) }
            </ul>
            <svg class="bar-chart" viewBox={view_box} preserveAspectRatio="xMinYMin meet"
                role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ desc }</desc>
                { for chart.bars.iter().zip(props.items.iter()).map(|(b, (_, values))| {
                    let text_y = b.y + 13.0;
                    let bar_y = b.y + 18.0;
                    html! {
                        <g class="bar">
                            <title>{ read(&b.label, b.total, values) }</title>
                            <text x="0" y={text_y.to_string()} class="bar-label">{ clipped(&b.label) }</text>
                            <text x={CHART_WIDTH.to_string()} y={text_y.to_string()} text-anchor="end"
                                class="bar-value">{ b.total }</text>
                            <rect x="0" y={bar_y.to_string()} width={CHART_WIDTH.to_string()}
                                height={CHART_BAR.to_string()} class="bar-track" />
                            { for b.segments.iter().map(|s| html! {
                                <rect x={format!("{:.1}", s.x)} y={bar_y.to_string()} width={format!("{:.1}", s.width)}
                                    height={CHART_BAR.to_string()} class={classes!("bar-part", format!("series-{}", s.series))} />
                            }) }
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}
