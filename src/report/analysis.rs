//! The decision-analysis sections of a report: which assumptions matter (tornadoes and switching
//! values), value for money under a willingness to pay, and a sweep when one is asked for.

use super::context::ChartOut;
use super::{Options, ReportError, charts};
use crate::Appraisal;
use crate::analysis::charts as data;
use crate::analysis::sensitivity::{self, SensitivityError};
use crate::analysis::wtp::{IcerStatus, WtpAnalysis};
use crate::engine::simulate::col;
use crate::output::sensitivity::label;
use crate::results::metric_column;
use serde::Serialize;
use std::collections::BTreeMap;

/// Iterations per point when the report searches for switching values.
const SWITCHING_ITERATIONS: u64 = 2_000;
/// Bars in a tornado.
const TORNADO_BARS: usize = 10;
/// Points of the acceptability curve.
const WTP_POINTS: usize = 100;

/// What the decision-analysis sections show.
#[derive(Debug, Default)]
pub(super) struct Extra {
    pub sensitivity: Option<SensitivityOut>,
    pub wtp: Option<WtpOut>,
    pub wtp_given: bool,
    pub sweep: Option<SweepOut>,
    pub charts: BTreeMap<String, ChartOut>,
}

#[derive(Debug, Serialize)]
pub(super) struct SensitivityOut {
    option: String,
    metric: String,
    base: f64,
    swing: Vec<SwingRow>,
    rank: Vec<RankRow>,
    /// Inputs that change the preferred option within their range.
    switching: Vec<SwitchingRow>,
    /// How many searched inputs do not.
    unchanged: usize,
    switching_iterations: u64,
    money: bool,
}

#[derive(Debug, Serialize)]
struct SwingRow {
    input: String,
    low_value: f64,
    high_value: f64,
    metric_low: f64,
    metric_high: f64,
}

#[derive(Debug, Serialize)]
struct RankRow {
    input: String,
    rho: f64,
}

#[derive(Debug, Serialize)]
struct SwitchingRow {
    input: String,
    value: Option<f64>,
    range: (f64, f64),
    below: String,
    above: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct WtpOut {
    pub(super) effect_metric: String,
    lambda: f64,
    evpi: f64,
    rows: Vec<WtpRow>,
    /// The acceptability curve at a few willingness-to-pay values, for tables.
    curve: Vec<CurvePoint>,
}

#[derive(Debug, Serialize)]
struct WtpRow {
    name: String,
    net_benefit_mean: f64,
    probability_best: f64,
    mean_cost: f64,
    mean_effect: f64,
    delta_cost: f64,
    delta_effect: f64,
    icer: Option<f64>,
    status: String,
}

#[derive(Debug, Serialize)]
struct CurvePoint {
    lambda: f64,
    probability: Vec<f64>,
    evpi: f64,
}

#[derive(Debug, Serialize)]
pub(super) struct SweepOut {
    param: String,
    rows: Vec<SweepRow>,
}

#[derive(Debug, Serialize)]
struct SweepRow {
    value: String,
    options: Vec<SweepCell>,
}

#[derive(Debug, Serialize)]
struct SweepCell {
    name: String,
    cost_p50: f64,
    completions_mean: f64,
    p_over_budget: f64,
    p_best: f64,
}

fn money_metric(metric: &str) -> bool {
    matches!(
        metric,
        "npv" | "cost" | "cost_pv" | "benefit_pv" | "peak_cash"
    ) || metric.starts_with("cash_")
}

/// Computes the decision-analysis sections.
pub(super) fn extra(a: &Appraisal, opts: &Options, html: bool) -> Result<Extra, ReportError> {
    let r = &a.results;
    let name_of = |id: &str| {
        r.options
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.name.clone())
    };
    let mut extra = Extra::default();
    let fail = |e: SensitivityError| ReportError::Unsupported(e.to_string());

    // Which assumptions matter, for the option most often best, on the ranking metric.
    let metric = r.comparison.ranking_metric.clone();
    if let Ok(option) = sensitivity::option_index(&a.model, &r.comparison.most_often_best) {
        let swing = sensitivity::swing_tornado(&a.model, option, &metric).map_err(fail)?;
        let rank = sensitivity::rank_tornado(a, option, &metric).map_err(fail)?;
        let switching =
            match sensitivity::switching_values(a, a.settings.iterations.min(SWITCHING_ITERATIONS))
            {
                Ok(s) => s,
                Err(SensitivityError::TooFewOptions(_)) => Vec::new(),
                Err(e) => return Err(fail(e)),
            };
        let mut switching_rows: Vec<SwitchingRow> = switching
            .iter()
            .map(|s| SwitchingRow {
                input: label(&a.model, &s.input),
                value: s.value,
                range: s.range,
                below: name_of(&s.preferred_below),
                above: s.preferred_above.as_deref().map(name_of),
            })
            .collect();
        let searched = switching_rows.len();
        switching_rows.retain(|s| s.value.is_some());
        let unchanged = searched - switching_rows.len();
        let out = SensitivityOut {
            option: name_of(&r.comparison.most_often_best),
            metric: metric.clone(),
            base: swing.base,
            swing: swing
                .entries
                .iter()
                .take(TORNADO_BARS)
                .map(|e| SwingRow {
                    input: label(&a.model, &e.input),
                    low_value: e.low_value,
                    high_value: e.high_value,
                    metric_low: e.metric_low,
                    metric_high: e.metric_high,
                })
                .collect(),
            rank: rank
                .iter()
                .take(TORNADO_BARS)
                .map(|e| RankRow {
                    input: label(&a.model, &e.input),
                    rho: e.rho,
                })
                .collect(),
            switching: switching_rows,
            unchanged,
            switching_iterations: a.settings.iterations.min(SWITCHING_ITERATIONS),
            money: money_metric(&metric),
        };
        if html {
            let label = super::context::metric_label(&metric);
            let swing = data::Tornado {
                title: format!("What moves {label} most"),
                axis_label: capitalise(label),
                base: out.base,
                bars: swing
                    .entries
                    .iter()
                    .zip(&out.swing)
                    .map(|(e, row)| data::TornadoBar {
                        label: row.input.clone(),
                        low: row.metric_low,
                        high: row.metric_high,
                        ends: data::occurrence_ends(&a.model, &e.input, e.low_value, e.high_value),
                    })
                    .collect(),
                money_axis: out.money,
            };
            extra
                .charts
                .insert("swing".into(), charts::tornado(&swing).into());
            let rank = data::Tornado {
                title: format!("Inputs most correlated with {label}"),
                axis_label: "Spearman rank correlation".into(),
                base: 0.0,
                bars: out
                    .rank
                    .iter()
                    .map(|e| data::TornadoBar {
                        label: e.input.clone(),
                        low: 0.0,
                        high: e.rho,
                        ends: None,
                    })
                    .collect(),
                money_axis: false,
            };
            extra
                .charts
                .insert("rank".into(), charts::tornado(&rank).into());
        }
        extra.sensitivity = Some(out);
    }

    // Value for money under a willingness to pay.
    let w: WtpAnalysis = crate::analysis::wtp(a, opts.wtp.unwrap_or(0.0), &opts.effect, WTP_POINTS)
        .map_err(|e| {
            ReportError::Unsupported(e.to_string().trim_start_matches("error: ").to_string())
        })?;
    extra.wtp_given = opts.wtp.is_some();
    let names: Vec<String> = r.options.iter().map(|o| o.name.clone()).collect();
    let rows = w
        .icer
        .iter()
        .enumerate()
        .map(|(i, row)| WtpRow {
            name: name_of(&row.option),
            net_benefit_mean: w.net_benefit_mean[i],
            probability_best: w.probability_best[i],
            mean_cost: row.mean_cost,
            mean_effect: row.mean_effect,
            delta_cost: row.delta_cost,
            delta_effect: row.delta_effect,
            icer: row.icer_vs_baseline,
            status: match row.status {
                IcerStatus::Baseline => "reference".into(),
                IcerStatus::Frontier => "on the frontier".into(),
                IcerStatus::Dominated => format!(
                    "dominated by {}",
                    row.dominated_by
                        .as_deref()
                        .map_or("another option".into(), name_of)
                ),
                IcerStatus::ExtendedlyDominated => format!(
                    "extendedly dominated (a mix with {} does better)",
                    row.dominated_by
                        .as_deref()
                        .map_or("another option".into(), name_of)
                ),
            },
        })
        .collect();
    let picks = [
        0,
        w.grid.len() / 4,
        w.grid.len() / 2,
        3 * w.grid.len() / 4,
        w.grid.len() - 1,
    ];
    let mut curve: Vec<CurvePoint> = Vec::new();
    for &i in &picks {
        if curve.last().is_some_and(|c| c.lambda == w.grid[i]) {
            continue;
        }
        curve.push(CurvePoint {
            lambda: w.grid[i],
            probability: w.ceac[i].clone(),
            evpi: w.evpi_curve[i],
        });
    }
    if html {
        let unit = w.effect_metric.trim_end_matches('s');
        let acceptability = data::Acceptability {
            effect_label: unit.to_owned(),
            grid: w.grid.clone(),
            probability: w.ceac.clone(),
            names: names.clone(),
            marked_lambda: opts.wtp,
        };
        extra
            .charts
            .insert("ceac".into(), charts::ceac(&acceptability).into());
        let n = a.model.options.len();
        let reference = w
            .icer
            .iter()
            .position(|row| row.status == IcerStatus::Baseline)
            .unwrap_or(0);
        let effect: Vec<_> = (0..n)
            .map(|o| metric_column(&a.run, o, &w.effect_metric).expect("effect"))
            .collect();
        let cost: Vec<&[f64]> = (0..n)
            .map(|o| &a.run.columns[o][col::COST_PV][..])
            .collect();
        let (delta_effect, delta_cost) = (
            data::differences(&effect, reference),
            data::differences(&cost, reference),
        );
        let series: Vec<data::PlaneSeries<'_>> = (0..n)
            .filter(|o| *o != reference)
            .zip(delta_effect.iter().zip(&delta_cost))
            .map(|(o, (de, dc))| data::PlaneSeries {
                option: o,
                name: &names[o],
                delta_effect: de,
                delta_cost: dc,
            })
            .collect();
        let plane = data::ce_plane(&series, opts.wtp, 300);
        extra
            .charts
            .insert("plane".into(), charts::ce_plane(unit, &plane).into());
    }
    extra.wtp = Some(WtpOut {
        effect_metric: w.effect_metric.clone(),
        lambda: w.lambda,
        evpi: w.evpi,
        rows,
        curve,
    });

    // A sweep, when asked for.
    if let Some(s) = &opts.sweep {
        let rows: Vec<SweepRow> = s
            .points
            .iter()
            .map(|(value, res)| SweepRow {
                value: value.clone(),
                options: res
                    .options
                    .iter()
                    .map(|o| {
                        let m = |n: &str| *o.metrics.get(n).expect("metric");
                        SweepCell {
                            name: o.name.clone(),
                            cost_p50: m("cost").p50,
                            completions_mean: m("completions").mean,
                            p_over_budget: o.p_over_budget,
                            p_best: o.p_best,
                        }
                    })
                    .collect(),
            })
            .collect();
        if html {
            let values: Vec<f64> = s
                .points
                .iter()
                .map(|(v, _)| v.parse().unwrap_or(f64::NAN))
                .collect();
            let over: Vec<Vec<f64>> = s
                .points
                .iter()
                .map(|(_, res)| res.options.iter().map(|o| o.p_over_budget).collect())
                .collect();
            let best: Vec<Vec<f64>> = s
                .points
                .iter()
                .map(|(_, res)| res.options.iter().map(|o| o.p_best).collect())
                .collect();
            let lines = data::SweepLines {
                param_label: s.param.clone(),
                values,
                names: names.clone(),
                p_over_budget: over,
                p_best: best,
            };
            extra
                .charts
                .insert("sweep".into(), charts::sweep(&lines).into());
        }
        extra.sweep = Some(SweepOut {
            param: s.param.clone(),
            rows,
        });
    }
    Ok(extra)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
