//! Sensitivity (docs/model.md section 8): which inputs move a metric, and how far one must move before
//! the preferred option changes.
//!
//! - [`rank_tornado`]: Spearman's rank correlation between each sampled input and a metric of
//!   one option, over the iterations of a finished run, using the run's own draws.
//! - [`swing_tornado`]: the metric with one input at its 10th and then its 90th percentile and
//!   every other input at its median, in one run without sampling.
//! - [`switching_values`]: for each sampled input, the value at which the option preferred by
//!   the mean of the ranking metric changes, found by re-running the model with that input
//!   fixed.
//!
//! Every input has its own random streams, keyed by the seed and its path (docs/model.md section 3), so
//! fixing one input leaves every other input's draws unchanged: a re-run with one input fixed
//! differs from the run only through that input (common random numbers). Everything here is
//! deterministic for a given scenario, seed and number of iterations, whatever the number of
//! threads: work is split by input or by block of iterations, and every sum runs in iteration
//! order on one thread.

mod rerun;

use crate::engine::model::{Input, InputRole, Model};
use crate::engine::simulate::{Scratch, simulate};
use crate::engine::{Columns, Settings};
use crate::error::SensitivityError;
use crate::metric::{self, stored_columns};
use crate::progress::Step;
use crate::results::{metric_column, ranking_metric};
use crate::run::Run;
use crate::stats::{pearson, ranks};
use rayon::prelude::*;
use rerun::Rerun;
use serde::Serialize;

/// Intervals of the coarse scan of an input's range for switching values.
pub const SCAN_INTERVALS: usize = 16;

/// Bisection stops when the bracket around a switching value is narrower than this share of
/// the input's range (P1 to P99).
pub const RELATIVE_TOLERANCE: f64 = 1e-6;

/// One bar of the rank tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankEntry {
    /// The input's path, e.g. `parameters.specialist_salary`.
    pub input: String,
    /// Spearman's rank correlation (−1 to 1) between the input and the metric over the
    /// iterations in which the metric is defined. For a risk's occurrence input the 0/1
    /// occurrence is correlated (1 when the risk occurred), as in the samples CSV, so a
    /// positive value means the metric is higher when the risk occurs. NaN (`null` in JSON)
    /// when the metric is constant or defined in fewer than two iterations.
    pub rho: f64,
}

/// The swing tornado of one option and metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwingTornado {
    /// The metric with every input at its median (a risk's occurrence draw at 0.5), in the
    /// metric's units. NaN (`null`) when the metric is undefined there.
    pub base: f64,
    /// One entry per sampled input the option uses, by |`metric_high` − `metric_low`|
    /// descending, then by path; entries whose metric is undefined come last.
    pub entries: Vec<SwingEntry>,
}

/// One bar of the swing tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwingEntry {
    /// The input's path.
    pub input: String,
    /// The input's 10th percentile, within its domain, in its own units. For a risk's
    /// occurrence draw, 0.1: the risk occurs when its probability exceeds 0.1.
    pub low_value: f64,
    /// The input's 90th percentile, within its domain (0.9 for an occurrence draw).
    pub high_value: f64,
    /// The metric with this input at `low_value` and every other input at its median.
    pub metric_low: f64,
    /// The metric with this input at `high_value` and every other input at its median.
    pub metric_high: f64,
}

/// The switching value of one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchingValue {
    /// The input's path.
    pub input: String,
    /// The value (in the input's units) at which the option preferred by the mean of the
    /// ranking metric changes, with the input fixed there in every iteration; `None` when the
    /// preferred option is the same across the whole range. When the coarse scan finds more
    /// than one change, the one nearest the input's median.
    pub value: Option<f64>,
    /// The option (id) preferred just below `value`, or across the whole range when there is
    /// no switching value.
    pub preferred_below: String,
    /// The option (id) preferred just above `value`; `None` when there is no switching value.
    pub preferred_above: Option<String>,
    /// The means of the ranking metric of `preferred_below` and `preferred_above`, in that
    /// order, with the input fixed at `value`. They agree to within the change of the
    /// difference over a bracket of [`RELATIVE_TOLERANCE`] of the range.
    pub means_at_switch: Option<(f64, f64)>,
    /// The range searched: the input's 1st and 99th percentiles, within its domain.
    pub range: (f64, f64),
    /// Monte Carlo standard error of `value` by the delta method (docs/model.md section 13):
    /// the standard error of the mean difference of the two options' ranking metric at
    /// `value`, over the slope of that difference across the scan interval that brackets it.
    /// `None` without a switching value or when the slope is zero there.
    pub mcse: Option<f64>,
}

/// Everything `appraise sensitivity` finds for one option and metric.
#[derive(Debug, Clone, Serialize)]
pub struct Sensitivity {
    /// The option analysed (id).
    pub option: String,
    /// The metric analysed.
    pub metric: String,
    /// Spearman rank correlation of each sampled input with the metric.
    pub rank_tornado: Vec<RankEntry>,
    /// The metric with each input at its P10 and P90, the rest at their medians.
    pub swing_tornado: SwingTornado,
    /// Where the option preferred on the mean ranking metric would change.
    pub switching_values: Vec<SwitchingValue>,
    /// The ranking metric that switching values refer to.
    pub ranking_metric: String,
    /// Iterations used to search for switching values.
    pub switching_iterations: u64,
}

/// Iterations per point of the switching-value search when none is asked for: the run's, at
/// most this many.
pub const SWITCHING_ITERATIONS: u64 = 5_000;

/// Re-runs of the model per input searched for its switching value (see [`switching_values`]).
const SWITCHING_RERUNS: u64 = 34;

/// The whole sensitivity analysis of a run: for `option` (default: the option most often best)
/// and `metric` (default: the ranking metric), the rank and swing tornadoes, and the switching
/// values of every input searched with `switching_iterations` iterations per point (default:
/// the run's, at most [`SWITCHING_ITERATIONS`]).
///
/// # Errors
/// An unknown option or metric, or too few options for switching values.
pub fn analyse(
    run: &Run,
    option: Option<&str>,
    metric: Option<&str>,
    switching_iterations: Option<u64>,
) -> Result<Sensitivity, SensitivityError> {
    let comparison = &run.results.comparison;
    let option_id = option.unwrap_or(&comparison.most_often_best).to_string();
    let model = &run.simulation.model;
    let index = option_index(model, &option_id)?;
    let metric = metric.unwrap_or(&comparison.ranking_metric).to_string();
    let switching_iterations = switching_iterations
        .unwrap_or_else(|| run.simulation.settings.iterations.min(SWITCHING_ITERATIONS));
    Ok(Sensitivity {
        rank_tornado: rank_tornado(run, index, &metric)?,
        swing_tornado: swing_tornado(model, index, &metric)?,
        switching_values: switching_values(run, switching_iterations)?,
        option: option_id,
        metric,
        ranking_metric: comparison.ranking_metric.clone(),
        switching_iterations,
    })
}

/// A readable label for an input: its path, or, for a risk's occurrence draw, the path with
/// the risk's name.
pub fn input_label(model: &Model, path: &str) -> String {
    for (k, input) in model.inputs.iter().enumerate() {
        if input.path == path
            && let InputRole::Occurs { .. } = input.role
        {
            for o in &model.options {
                if let Some(r) = o.risks.iter().find(|r| r.occurs == k) {
                    return format!("{path} (\"{}\" occurs)", r.name);
                }
            }
        }
    }
    path.to_string()
}

/// The index of the option with identifier `id`.
///
/// # Errors
/// [`SensitivityError::UnknownOption`], listing the identifiers, when there is none.
pub fn option_index(model: &Model, id: &str) -> Result<usize, SensitivityError> {
    model
        .options
        .iter()
        .position(|o| o.id == id)
        .ok_or_else(|| unknown_option(model, id))
}

/// The rank tornado of one option's metric: Spearman's rank correlation between each sampled
/// (non-fixed) input the option uses and the metric, over the iterations of the run, sorted by
/// |rho| descending, then by path (undefined correlations last).
///
/// The input values are the run's own draws, regenerated one input at a time from its streams.
/// Iterations in which the metric is undefined (a `bcr` with no cost) are left out.
///
/// # Errors
/// When `option` is not an option's index or `metric` not a metric's name.
pub fn rank_tornado(
    run: &Run,
    option: usize,
    metric: &str,
) -> Result<Vec<RankEntry>, SensitivityError> {
    rank_tornado_with(run, option, metric, |_| None)
}

/// [`rank_tornado`], taking an input's ranks over every iteration from `known` when it has them
/// (`stats::ranks` of the values [`rank_tornado`] would regenerate, as value of information's
/// `voi::Draws::ranks` gives them) and the metric is defined in every iteration.
///
/// # Errors
/// As [`rank_tornado`].
pub fn rank_tornado_with(
    run: &Run,
    option: usize,
    metric: &str,
    known: impl Fn(usize) -> Option<Vec<f64>> + Sync,
) -> Result<Vec<RankEntry>, SensitivityError> {
    let model = &run.simulation.model;
    check(model, option, metric)?;
    let y = metric_column(&run.simulation.columns, option, metric).expect("the metric was checked");
    let defined: Vec<usize> = (0..y.len()).filter(|&i| !y[i].is_nan()).collect();
    let y_ranks = ranks(&defined.iter().map(|&i| y[i]).collect::<Vec<_>>());
    let inputs = sampled(model, option);
    let step = Step::counted(
        run.simulation.settings.progress,
        (inputs.len() * y.len()) as u64,
        "rank tornado: inputs",
        inputs.len() as u64,
    );
    let mut entries: Vec<RankEntry> = inputs
        .par_iter()
        .map(|&k| {
            step.inc();
            let x_ranks = (defined.len() == y.len())
                .then(|| known(k))
                .flatten()
                .unwrap_or_else(|| {
                    let x = input_values(model, k, &run.simulation.settings);
                    ranks(&defined.iter().map(|&i| x[i]).collect::<Vec<_>>())
                });
            // Inputs are never NaN, so this is `stats::spearman(x, y)` with the ranks of y
            // computed once.
            RankEntry {
                input: model.inputs[k].path.clone(),
                rho: pearson(&x_ranks, &y_ranks),
            }
        })
        .collect();
    by_size(&mut entries, |e| e.rho, |e| &e.input);
    Ok(entries)
}

/// The swing tornado of one option's metric, without sampling: every input at its median
/// (a fixed input at its value, a risk's occurrence draw at 0.5, so a risk occurs exactly when
/// its probability exceeds one half), then each sampled input the option uses in turn at its
/// 10th and 90th percentiles (0.1 and 0.9 for an occurrence draw). Percentiles are exact, from
/// the inverse CDF, clamped to the input's domain as draws are.
///
/// # Errors
/// When `option` is not an option's index or `metric` not a metric's name.
pub fn swing_tornado(
    model: &Model,
    option: usize,
    metric: &str,
) -> Result<SwingTornado, SensitivityError> {
    check(model, option, metric)?;
    let medians: Vec<f64> = model.inputs.iter().map(|i| percentile(i, 0.5)).collect();
    let base = metric_of_row(model, option, &medians, metric);
    let mut row = medians.clone();
    let mut entries: Vec<SwingEntry> = sampled(model, option)
        .into_iter()
        .map(|k| {
            let input = &model.inputs[k];
            let (low_value, high_value) = (percentile(input, 0.1), percentile(input, 0.9));
            row[k] = low_value;
            let metric_low = metric_of_row(model, option, &row, metric);
            row[k] = high_value;
            let metric_high = metric_of_row(model, option, &row, metric);
            row[k] = medians[k];
            SwingEntry {
                input: input.path.clone(),
                low_value,
                high_value,
                metric_low,
                metric_high,
            }
        })
        .collect();
    by_size(&mut entries, |e| e.metric_high - e.metric_low, |e| &e.input);
    Ok(SwingTornado { base, entries })
}

/// Switching values on the ranking metric (docs/model.md section 7) for every sampled input that any
/// option uses, in model order (parameters, demand, then each option's inputs). Risk
/// occurrence draws are left out: a risk's switching value is that of its probability.
///
/// For each input, the model is re-run with the input fixed at a value in every iteration and
/// every other input drawn as in a run of `iterations` iterations with the appraisal's seed
/// and method (common random numbers), and the option with the best mean of the ranking
/// metric is found. The input's range, its 1st to 99th percentile, is scanned at
/// [`SCAN_INTERVALS`] + 1 evenly spaced values; where the preferred option changes between
/// two neighbours (the pair nearest the median when there are several), bisection narrows the
/// bracket to [`RELATIVE_TOLERANCE`] of the range, and a last step of linear interpolation
/// between its ends gives the value at which the two options' means cross.
///
/// Cost: per input, 34 re-runs (17 for the scan, in one pass, 16 for bisection, 1 to
/// interpolate) of the options that use it, each simulating only the iterations in which the
/// option reads the input (see `rerun`); memory of 8 bytes × inputs × `iterations` for the
/// draws, generated once. Parallel across inputs and chunks of iterations.
///
/// The mean of a risk's probability input is a step function (each iteration's risk occurs
/// or not as the probability passes its draw), so there the two means at the switch agree
/// only to within one iteration's step: the effect of the risk in one iteration ÷ iterations.
///
/// # Errors
/// When `iterations` is 0 or the scenario has fewer than two options.
pub fn switching_values(
    run: &Run,
    iterations: u64,
) -> Result<Vec<SwitchingValue>, SensitivityError> {
    let model = &run.simulation.model;
    if iterations == 0 {
        return Err(SensitivityError::NoIterations);
    }
    if model.options.len() < 2 {
        return Err(SensitivityError::TooFewOptions(model.options.len()));
    }
    let metric = ranking_metric(&run.loaded.scenario);
    let rerun = Rerun::new(model, &run.simulation.settings, iterations, &metric);
    let inputs: Vec<usize> = (0..model.inputs.len())
        .filter(|&k| {
            let input = &model.inputs[k];
            input.fixed.is_none()
                && input.role == InputRole::Quantity
                && model
                    .options
                    .iter()
                    .any(|o| o.inputs_used.binary_search(&k).is_ok())
        })
        .collect();
    let step = Step::counted(
        run.simulation.settings.progress,
        SWITCHING_RERUNS * iterations * inputs.len() as u64,
        "switching values: inputs",
        inputs.len() as u64,
    );
    Ok(inputs
        .par_iter()
        .map(|&k| {
            let found = rerun.switching(k);
            step.inc();
            found
        })
        .collect())
}

fn unknown_option(model: &Model, given: &str) -> SensitivityError {
    SensitivityError::UnknownOption {
        given: given.to_string(),
        choices: model
            .options
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn check(model: &Model, option: usize, metric: &str) -> Result<(), SensitivityError> {
    if option >= model.options.len() {
        return Err(unknown_option(model, &format!("number {option}")));
    }
    let names = metric::names(model.years);
    if !names.iter().any(|n| n == metric) {
        return Err(SensitivityError::UnknownMetric {
            given: metric.to_string(),
            choices: names.join(", "),
        });
    }
    Ok(())
}

/// The sampled (non-fixed) inputs an option uses, ascending.
fn sampled(model: &Model, option: usize) -> Vec<usize> {
    model.options[option]
        .inputs_used
        .iter()
        .copied()
        .filter(|&k| model.inputs[k].fixed.is_none())
        .collect()
}

/// Sorts by |size| descending, then by path; NaN sizes last.
fn by_size<T>(entries: &mut [T], size: impl Fn(&T) -> f64, path: impl Fn(&T) -> &str) {
    let key = |e: &T| {
        let s = size(e).abs();
        if s.is_nan() { f64::NEG_INFINITY } else { s }
    };
    entries.sort_by(|a, b| key(b).total_cmp(&key(a)).then_with(|| path(a).cmp(path(b))));
}

/// The p-quantile of an input as a draw would be: a fixed input's value, else the exact
/// quantile clamped to the input's domain. An occurrence draw is uniform on [0, 1], so its
/// p-quantile is p.
fn percentile(input: &Input, p: f64) -> f64 {
    input
        .fixed
        .unwrap_or_else(|| input.domain.clamp(input.dist.quantile(p)))
}

/// A metric of one option for one row of input values, derived as for a run.
fn metric_of_row(model: &Model, option: usize, row: &[f64], metric: &str) -> f64 {
    let mut out = vec![0.0; stored_columns(model.years)];
    simulate(
        model,
        &model.options[option],
        row,
        &mut Scratch::default(),
        &mut out,
    );
    let run = Columns {
        n: 1,
        columns: vec![out.iter().map(|m| vec![*m]).collect()],
        clamped: Vec::new(),
        correlated: Vec::new(),
        constant: Vec::new(),
    };
    metric_column(&run, 0, metric).expect("the metric was checked")[0]
}

/// The values input `k` took in each iteration of a run with `settings`, regenerated block by
/// block from its own streams alone (a draw depends only on the seed, the path and the
/// iteration, and a plan over one input keys its streams by that input's path). A risk's
/// occurrence input gives 1 when the risk occurred and 0 when not, as in the samples CSV.
fn input_values(model: &Model, k: usize, settings: &Settings) -> Vec<f64> {
    let draws = |k: usize| {
        crate::engine::input_columns(
            model,
            settings.seed,
            settings.method,
            settings.iterations as usize,
            &[k],
        )
        .remove(0)
    };
    match model.inputs[k].role {
        InputRole::Quantity => draws(k),
        InputRole::Occurs { probability } => draws(k)
            .iter()
            .zip(draws(probability))
            .map(|(u, p)| if *u < p { 1.0 } else { 0.0 })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_sort_by_size_then_path_with_undefined_last() {
        let mut v = vec![
            ("d", f64::NAN),
            ("c", 0.2),
            ("b", -0.5),
            ("a", 0.2),
            ("e", -0.0),
        ];
        by_size(&mut v, |e| e.1, |e| e.0);
        let order: Vec<&str> = v.iter().map(|e| e.0).collect();
        assert_eq!(order, ["b", "a", "c", "e", "d"]);
    }
}
