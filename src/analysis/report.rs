//! What a report shows beyond the results: the SWOT items filled in, cash by year against the
//! budget, which assumptions matter (tornadoes and switching values), value for money under a
//! willingness to pay, a sweep when one is asked for, and the data of the charts. Everything a
//! report template reads that is not in the results is computed here, before rendering.

use super::charts::{
    Acceptability, CePlane, PlaneSeries, RankAcceptability, ResultsCharts, SweepLines, Tornado,
    TornadoBar, ce_plane, differences, occurrence_ends, results_charts,
};
use super::compare::Alongside;
use super::decision::{self, Decision};
use super::glossary::{self, Term};
use super::labels::{AssumptionGroup, InputLabel, assumption_groups, input_label, input_labels};
use super::mca::{self, McaReport};
use super::notice::{self, NoticeData};
use super::sensitivity;
use super::sweep::{HeatMap, Point};
use super::swot::{RenderedSwot, render_swot};
use super::voi::{self, VoiReport};
use super::wtp::{self, IcerStatus, WtpAnalysis};
use crate::engine::simulate::PENNY_TOLERANCE;
use crate::error::{Error, SensitivityError};
use crate::metric::{self, col};
use crate::results::metric_column;
use crate::run::Run;
use crate::scenario::Budget;
use serde::Serialize;

/// Iterations per point when the report searches for switching values.
const SWITCHING_ITERATIONS: u64 = 2_000;
/// Bars in a tornado.
const TORNADO_BARS: usize = 10;
/// Points of the acceptability curve.
const WTP_POINTS: usize = 100;

/// What a report is asked to show.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    /// Prepare the data of the charts (for HTML).
    pub charts: bool,
    /// Willingness to pay to mark (£ per unit of `effect`), if the user gave one.
    pub wtp: Option<f64>,
    /// The effect metric of the willingness-to-pay analysis.
    pub effect: String,
    /// A sweep to show, if the user asked for one: the swept input and its points.
    pub sweep: Option<(String, Vec<Point>)>,
    /// The heat map of a two-way sweep, if the user asked for one.
    pub heat_map: Option<HeatMap>,
    /// The base scenario and each of its variants beside the report (see
    /// [`super::compare::alongside`]); empty to leave them out.
    pub alongside: Vec<Alongside>,
}

/// Everything a report shows beyond the results.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The decision in words: the choice with and without the budget, budgets needed, what
    /// changes under each variant, the scenario's questions answered.
    pub decision: Decision,
    /// The SWOT items of each option, filled in from its results.
    pub swot: Vec<RenderedSwot>,
    /// Each option's cash by year: mean, P50, P90 and the chance of exceeding an annual budget.
    pub cash: Vec<CashRow>,
    /// Which assumptions matter, for the option most often best.
    pub sensitivity: Option<SensitivityOut>,
    /// Value for money under the willingness to pay (0 when none was given).
    pub wtp: WtpOut,
    /// The whole willingness-to-pay analysis behind `wtp`, for its charts.
    pub wtp_analysis: WtpAnalysis,
    /// True when the user gave a willingness to pay.
    pub wtp_given: bool,
    /// The sweep, when one was asked for.
    pub sweep: Option<SweepOut>,
    /// The heat map of a two-way sweep, when one was asked for.
    pub heat_map: Option<HeatMap>,
    /// Each option's optimism bias as written and its mean.
    pub optimism: Vec<OptimismRow>,
    /// The iterations the charts draw, when charts were asked for.
    pub charts: Option<ReportCharts>,
    /// The multi-criteria appraisal, when the scenario has criteria.
    pub mca: Option<McaReport>,
    /// What is worth finding out before deciding.
    pub voi: VoiReport,
    /// The assumptions log by group (shared, demand, each option), labelled for people.
    pub assumptions: Vec<AssumptionGroup>,
    /// Each input's label and group, in the order of the results' `inputs`.
    pub labels: Vec<InputLabel>,
    /// The plain-words glossary.
    pub glossary: Vec<Term>,
    /// The decision notice's own parts.
    pub notice: NoticeData,
}

/// One row of the cash table: an option's cash in each year (£ cash).
#[derive(Debug, Clone, Serialize)]
pub struct CashRow {
    /// Option id.
    pub id: String,
    /// Option name.
    pub name: String,
    /// Mean cash per year.
    pub mean: Vec<f64>,
    /// Median cash per year.
    pub p50: Vec<f64>,
    /// 90th percentile of cash per year.
    pub p90: Vec<f64>,
    /// P(cash in that year exceeds the annual budget), when the budget is annual.
    pub p_over: Vec<Option<f64>>,
}

/// An option's optimism bias, for the report's method section.
#[derive(Debug, Clone, Serialize)]
pub struct OptimismRow {
    /// Option name.
    pub name: String,
    /// The distribution as written.
    pub distribution: String,
    /// Its mean (a share of cost).
    pub mean: f64,
}

/// The data of a report's charts.
#[derive(Debug, Clone)]
pub struct ReportCharts {
    /// Cost, cash by year, people, cost against completions.
    pub results: ResultsCharts,
    /// What moves the ranking metric most (swing tornado).
    pub swing: Option<Tornado>,
    /// Inputs most correlated with the ranking metric (rank tornado).
    pub rank: Option<Tornado>,
    /// The cost-effectiveness acceptability curve.
    pub ceac: Acceptability,
    /// The cost-effectiveness plane, and the name of one unit of effect; `None` without a
    /// reference option to measure against.
    pub plane: Option<(String, CePlane)>,
    /// A sweep, when there is one.
    pub sweep: Option<SweepLines>,
    /// The multi-criteria rank acceptabilities, when the scenario has criteria.
    pub ranks: Option<RankAcceptability>,
}

/// The sensitivity section: tornado rows and switching values, labelled for people.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityOut {
    /// Name of the option analysed.
    pub option: String,
    /// The metric analysed (the ranking metric).
    pub metric: String,
    /// The metric with every input at its median.
    pub base: f64,
    /// The swing tornado's largest bars.
    pub swing: Vec<SwingRow>,
    /// The rank tornado's largest bars.
    pub rank: Vec<RankRow>,
    /// Inputs that change the preferred option within their range.
    pub switching: Vec<SwitchingRow>,
    /// How many searched inputs do not.
    pub unchanged: usize,
    /// Iterations per point of the switching-value search.
    pub switching_iterations: u64,
    /// True when the metric is money.
    pub money: bool,
}

/// One bar of the swing tornado.
#[derive(Debug, Clone, Serialize)]
pub struct SwingRow {
    /// The input's label.
    pub input: String,
    /// The input's 10th percentile.
    pub low_value: f64,
    /// The input's 90th percentile.
    pub high_value: f64,
    /// The metric with the input at its 10th percentile.
    pub metric_low: f64,
    /// The metric with the input at its 90th percentile.
    pub metric_high: f64,
    /// For a risk's occurrence: whether the risk occurs at the low and at the high end.
    pub ends: Option<[String; 2]>,
}

/// One bar of the rank tornado.
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// The input's label.
    pub input: String,
    /// Spearman's rank correlation with the metric.
    pub rho: f64,
}

/// One switching value.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchingRow {
    /// The input's label.
    pub input: String,
    /// Where the preferred option changes.
    pub value: Option<f64>,
    /// The range searched (P1 to P99).
    pub range: (f64, f64),
    /// Name of the option preferred below the value.
    pub below: String,
    /// Name of the option preferred above it.
    pub above: Option<String>,
    /// Monte Carlo standard error of `value` (delta method); `None` when unknown.
    pub mcse: Option<f64>,
}

/// Value for money under a willingness to pay.
#[derive(Debug, Clone, Serialize)]
pub struct WtpOut {
    /// The effect metric.
    pub effect_metric: String,
    /// The willingness to pay (£ per unit of effect).
    pub lambda: f64,
    /// EVPI at `lambda` (£ per decision).
    pub evpi: f64,
    /// Monte Carlo standard error of `evpi`.
    pub evpi_mcse: f64,
    /// Name of the option the incremental figures are against; `None` when they are left out
    /// (no baseline and no `appraisal.reference`).
    pub reference: Option<String>,
    /// One row per option.
    pub rows: Vec<WtpRow>,
    /// The acceptability curve at a few willingness-to-pay values, for tables.
    pub curve: Vec<CurvePoint>,
}

/// One option under a willingness to pay.
#[derive(Debug, Clone, Serialize)]
pub struct WtpRow {
    /// Option name.
    pub name: String,
    /// Mean net benefit (£).
    pub net_benefit_mean: f64,
    /// P(best on net benefit).
    pub probability_best: f64,
    /// Mean PV of cost (£).
    pub mean_cost: f64,
    /// Mean effect.
    pub mean_effect: f64,
    /// Mean cost minus the reference's (£); NaN without a reference.
    pub delta_cost: f64,
    /// Mean effect minus the reference's; NaN without a reference.
    pub delta_effect: f64,
    /// ICER against the reference (£ per unit).
    pub icer: Option<f64>,
    /// Its place in the incremental analysis, in words.
    pub status: String,
}

/// The acceptability curve at one willingness to pay.
#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    /// Willingness to pay (£ per unit of effect).
    pub lambda: f64,
    /// Each option's P(best on net benefit).
    pub probability: Vec<f64>,
    /// EVPI (£ per decision).
    pub evpi: f64,
}

/// The sweep section.
#[derive(Debug, Clone, Serialize)]
pub struct SweepOut {
    /// The swept input.
    pub param: String,
    /// One row per value.
    pub rows: Vec<SweepRowOut>,
}

/// One value of a sweep.
#[derive(Debug, Clone, Serialize)]
pub struct SweepRowOut {
    /// The value as written.
    pub value: String,
    /// Each option there.
    pub options: Vec<SweepCell>,
}

/// One option at one value of a sweep.
#[derive(Debug, Clone, Serialize)]
pub struct SweepCell {
    /// Option name.
    pub name: String,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// Mean completions.
    pub completions_mean: f64,
    /// P(over budget).
    pub p_over_budget: f64,
    /// P(best).
    pub p_best: f64,
}

/// Computes what a report shows beyond the results.
///
/// # Errors
/// A SWOT item that cannot be filled in; an `[[information]]` group naming no input.
pub fn prepare(run: &Run, req: &ReportRequest) -> Result<ReportData, Error> {
    let a = run;
    let model = &run.simulation.model;
    let scenario = &run.loaded.scenario;
    let label = |path: &str| input_label(model, scenario, path);
    let r = &run.results;
    let name_of = |id: &str| {
        r.options
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.name.clone())
    };
    let swot = render_swot(run)?;
    let mca_out = mca::of_run(run).map(|m| mca::report(run, &m));
    // The draws of the inputs, regenerated once for value of information and the rank tornado.
    let draws = voi::Draws::of_run(run);
    let value_of_information =
        voi::of_draws(run, req.wtp.map(|l| (l, req.effect.as_str())), &draws)?;
    let mut sensitivity_out = None;

    // Which assumptions matter, for the option most often best, on the ranking metric.
    let metric = r.comparison.ranking_metric.clone();
    let iterations = run.simulation.settings.iterations;
    if let Ok(option) = sensitivity::option_index(model, &r.comparison.most_often_best) {
        let swing = sensitivity::swing_tornado(model, option, &metric)
            .expect("the ranking metric is a metric");
        let rank = sensitivity::rank_tornado_with(a, option, &metric, |k| draws.ranks(k))
            .expect("the ranking metric is a metric");
        drop(draws);
        let switching = match sensitivity::switching_values(a, iterations.min(SWITCHING_ITERATIONS))
        {
            Ok(s) => s,
            Err(SensitivityError::TooFewOptions(_)) => Vec::new(),
            Err(e) => unreachable!("switching values of a finished run: {e}"),
        };
        let mut switching_rows: Vec<SwitchingRow> = switching
            .iter()
            .map(|s| SwitchingRow {
                input: label(&s.input),
                value: s.value,
                range: s.range,
                below: name_of(&s.preferred_below),
                above: s.preferred_above.as_deref().map(name_of),
                mcse: s.mcse,
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
                    input: label(&e.input),
                    low_value: e.low_value,
                    high_value: e.high_value,
                    metric_low: e.metric_low,
                    metric_high: e.metric_high,
                    ends: occurrence_ends(model, &e.input, e.low_value, e.high_value),
                })
                .collect(),
            rank: rank
                .iter()
                .take(TORNADO_BARS)
                .map(|e| RankRow {
                    input: label(&e.input),
                    rho: e.rho,
                })
                .collect(),
            switching: switching_rows,
            unchanged,
            switching_iterations: iterations.min(SWITCHING_ITERATIONS),
            money: metric::find(&metric, model.years).is_some_and(|m| m.unit.is_money()),
        };
        sensitivity_out = Some(out);
    }

    // Value for money under a willingness to pay.
    let w: WtpAnalysis = wtp::of_run(a, req.wtp.unwrap_or(0.0), &req.effect, WTP_POINTS);
    let names: Vec<String> = r.options.iter().map(|o| o.name.clone()).collect();
    let rows = r
        .options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let row = w.icer.iter().find(|row| row.option == option.id);
            WtpRow {
                name: option.name.clone(),
                net_benefit_mean: w.net_benefit_mean[i],
                probability_best: w.probability_best[i],
                mean_cost: row.map_or(f64::NAN, |x| x.mean_cost),
                mean_effect: row.map_or(f64::NAN, |x| x.mean_effect),
                delta_cost: row.map_or(f64::NAN, |x| x.delta_cost),
                delta_effect: row.map_or(f64::NAN, |x| x.delta_effect),
                icer: row.and_then(|x| x.icer_vs_baseline),
                status: row.map_or_else(String::new, |row| icer_status(row, &name_of)),
            }
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
    let wtp_out = WtpOut {
        effect_metric: w.effect_metric.clone(),
        lambda: w.lambda,
        evpi: w.evpi,
        evpi_mcse: w.evpi_mcse,
        reference: r.comparison.reference.as_deref().map(name_of),
        rows,
        curve,
    };

    // A sweep, when asked for.
    let mut sweep_out = None;
    let mut sweep_lines = None;
    if let Some((param, points)) = &req.sweep {
        let rows: Vec<SweepRowOut> = points
            .iter()
            .map(|p| SweepRowOut {
                value: p.value.clone(),
                options: p
                    .results
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
        if req.charts {
            let each = |f: fn(&crate::results::OptionResult) -> f64| -> Vec<Vec<f64>> {
                points
                    .iter()
                    .map(|p| p.results.options.iter().map(f).collect())
                    .collect()
            };
            sweep_lines = Some(SweepLines {
                param_label: param.clone(),
                values: points
                    .iter()
                    .map(|p| p.value.parse().unwrap_or(f64::NAN))
                    .collect(),
                names: names.clone(),
                p_over_budget: each(|o| o.p_over_budget),
                p_best: each(|o| o.p_best),
            });
        }
        sweep_out = Some(SweepOut {
            param: param.clone(),
            rows,
        });
    }
    let charts = req.charts.then(|| {
        let given = req.wtp;
        let (swing, rank) = match &sensitivity_out {
            Some(out) => {
                let (swing, rank) = tornadoes(out, model.years);
                (Some(swing), Some(rank))
            }
            None => (None, None),
        };
        ReportCharts {
            results: results_charts(&run.simulation.columns, r, 300),
            swing,
            rank,
            ceac: Acceptability {
                effect_label: w.effect_metric.trim_end_matches('s').to_owned(),
                grid: w.grid.clone(),
                probability: w.ceac.clone(),
                names: names.clone(),
                marked_lambda: given,
            },
            plane: plane(run, &w, &names, given)
                .map(|p| (w.effect_metric.trim_end_matches('s').to_owned(), p)),
            sweep: sweep_lines,
            ranks: mca_out.as_ref().map(|m| m.chart.clone()),
        }
    });
    Ok(ReportData {
        decision: decision::prepare(run, &req.alongside)?,
        swot,
        cash: cash_rows(run),
        sensitivity: sensitivity_out,
        wtp: wtp_out,
        wtp_analysis: w,
        wtp_given: req.wtp.is_some(),
        sweep: sweep_out,
        heat_map: req.heat_map.clone(),
        optimism: model
            .options
            .iter()
            .map(|o| {
                let input = &model.inputs[o.optimism_bias];
                OptimismRow {
                    name: o.name.clone(),
                    distribution: input.dist.to_string(),
                    mean: input.dist.mean(),
                }
            })
            .collect(),
        charts,
        mca: mca_out,
        voi: voi::report(&value_of_information, model.years),
        assumptions: assumption_groups(model, scenario, &r.inputs),
        labels: input_labels(model, scenario, &r.inputs),
        glossary: glossary::terms(),
        notice: notice::prepare(r, &scenario.decision),
    })
}

/// An option's place in the incremental analysis, in words.
fn icer_status(row: &wtp::IcerRow, name_of: &dyn Fn(&str) -> String) -> String {
    let by = || {
        row.dominated_by
            .as_deref()
            .map_or("another option".into(), name_of)
    };
    match row.status {
        IcerStatus::Baseline => "reference".into(),
        IcerStatus::Frontier => "on the frontier".into(),
        IcerStatus::Dominated => format!("dominated by {}", by()),
        IcerStatus::ExtendedlyDominated => {
            format!("extendedly dominated (a mix with {} does better)", by())
        }
    }
}

/// Each option's cash by year, with the chance of exceeding an annual budget in each year.
fn cash_rows(run: &Run) -> Vec<CashRow> {
    let r = &run.results;
    let years = r.years.len();
    let annual = match r.budget {
        Some(Budget::Annual(b)) => Some(b),
        _ => None,
    };
    r.options
        .iter()
        .enumerate()
        .map(|(o, opt)| {
            let get = |y: usize| *opt.metrics.get(&format!("cash_{y}")).expect("cash metric");
            CashRow {
                id: opt.id.clone(),
                name: opt.name.clone(),
                mean: (0..years).map(|y| get(y).mean).collect(),
                p50: (0..years).map(|y| get(y).p50).collect(),
                p90: (0..years).map(|y| get(y).p90).collect(),
                p_over: (0..years)
                    .map(|y| {
                        annual.map(|b| {
                            let c = &run.simulation.columns.columns[o][col::CASH0 + y];
                            c.iter().filter(|x| **x > b + PENNY_TOLERANCE).count() as f64
                                / c.len().max(1) as f64
                        })
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The swing and rank tornadoes of the sensitivity section.
fn tornadoes(out: &SensitivityOut, years: usize) -> (Tornado, Tornado) {
    let label = metric::find(&out.metric, years).map_or("the ranking metric", |m| m.phrase);
    let swing = Tornado {
        title: format!("What moves {label} most"),
        axis_label: capitalise(label),
        base: out.base,
        bars: out
            .swing
            .iter()
            .map(|row| TornadoBar {
                label: row.input.clone(),
                low: row.metric_low,
                high: row.metric_high,
                ends: row.ends.clone(),
            })
            .collect(),
        money_axis: out.money,
    };
    let rank = Tornado {
        title: format!("Inputs most correlated with {label}"),
        axis_label: "Spearman rank correlation".into(),
        base: 0.0,
        bars: out
            .rank
            .iter()
            .map(|e| TornadoBar {
                label: e.input.clone(),
                low: 0.0,
                high: e.rho,
                ends: None,
            })
            .collect(),
        money_axis: false,
    };
    (swing, rank)
}

/// The cost-effectiveness plane: each option but the reference of the incremental analysis,
/// with its effect and PV of cost minus the reference's in each iteration.
fn plane(run: &Run, w: &WtpAnalysis, names: &[String], lambda: Option<f64>) -> Option<CePlane> {
    let columns = &run.simulation.columns;
    let n = names.len();
    let reference = w
        .icer
        .iter()
        .position(|row| row.status == IcerStatus::Baseline)?;
    let effect: Vec<_> = (0..n)
        .map(|o| metric_column(columns, o, &w.effect_metric).expect("effect"))
        .collect();
    let cost: Vec<&[f64]> = (0..n)
        .map(|o| &columns.columns[o][col::COST_PV][..])
        .collect();
    let (delta_effect, delta_cost) = (
        differences(&effect, reference),
        differences(&cost, reference),
    );
    let series: Vec<PlaneSeries<'_>> = (0..n)
        .filter(|o| *o != reference)
        .zip(delta_effect.iter().zip(&delta_cost))
        .map(|(o, (de, dc))| PlaneSeries {
            option: o,
            name: &names[o],
            delta_effect: de,
            delta_cost: dc,
        })
        .collect();
    Some(ce_plane(&series, lambda, 300))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
