//! Chart data that comes straight from summaries: cash by year and people (from the run's
//! [`Results`]), tornado bars (from the sensitivity analysis), the acceptability curve (from the
//! willingness-to-pay analysis) and the lines of a sweep.

use crate::engine::model::{InputRole, Model};
use crate::results::Results;
use crate::scenario::Budget;
use crate::stats::Summary;
use serde::Serialize;

/// Cash by financial year, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CashByYear {
    /// The year labels, such as "2026/27".
    pub years: Vec<String>,
    /// One entry per option.
    pub options: Vec<CashSeries>,
    /// The annual budget, £ cash, when the budget is annual.
    pub annual_budget: Option<f64>,
}

/// One option's cash in each financial year: the 10th, 50th and 90th percentiles over
/// iterations, £, one value per year in the order of the year labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CashSeries {
    /// The option's name, as the user wrote it.
    pub name: String,
    /// 10th percentile of cash per year, £.
    pub p10: Vec<f64>,
    /// Median cash per year, £.
    pub p50: Vec<f64>,
    /// 90th percentile of cash per year, £.
    pub p90: Vec<f64>,
}

/// Cash by year of every option, from the summaries of the `cash_0`, `cash_1`, … metrics.
///
/// # Panics
/// If an option lacks the cash metric of a year of the horizon (the results always have them).
pub fn cash_by_year(results: &Results) -> CashByYear {
    let years = results.years.len();
    let options = results
        .options
        .iter()
        .map(|o| {
            let s = |y: usize| *o.metrics.get(&format!("cash_{y}")).expect("cash metric");
            CashSeries {
                name: o.name.clone(),
                p10: (0..years).map(|y| s(y).p10).collect(),
                p50: (0..years).map(|y| s(y).p50).collect(),
                p90: (0..years).map(|y| s(y).p90).collect(),
            }
        })
        .collect();
    CashByYear {
        years: results.years.clone(),
        options,
        annual_budget: match results.budget {
            Some(Budget::Annual(b)) => Some(b),
            _ => None,
        },
    }
}

/// One option's people over the horizon, each as `[p10, mean, p90]` over iterations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleBars {
    /// The option's name, as the user wrote it.
    pub name: String,
    /// People engaged: 10th percentile, mean, 90th percentile.
    pub engaged: [f64; 3],
    /// People completing: 10th percentile, mean, 90th percentile.
    pub completions: [f64; 3],
}

/// People engaged and completing of every option, from the summaries of `engaged` and
/// `completions`.
///
/// # Panics
/// If an option lacks either metric (the results always have them).
pub fn people(results: &Results) -> Vec<PeopleBars> {
    let three = |s: &Summary| [s.p10, s.mean, s.p90];
    results
        .options
        .iter()
        .map(|o| {
            let m = |n: &str| o.metrics.get(n).expect("metric");
            PeopleBars {
                name: o.name.clone(),
                engaged: three(m("engaged")),
                completions: three(m("completions")),
            }
        })
        .collect()
}

/// A tornado, ready to draw: one bar per input, largest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    /// The chart's title.
    pub title: String,
    /// The x axis's title.
    pub axis_label: String,
    /// The metric with every input at its base value (0 for a rank tornado; NaN for none).
    pub base: f64,
    /// The bars, largest first.
    pub bars: Vec<TornadoBar>,
    /// Whether the metric is in £ (ticks as £k) rather than a plain number.
    pub money_axis: bool,
}

/// One input's bar in a [`Tornado`]: the metric at the low and at the high end of the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The input, as the user knows it: usually its key path, such as
    /// `options.in_house_specialists.capacity.caseload`.
    pub label: String,
    /// The metric with the input at its low end (its 10th percentile in a swing tornado), in
    /// the units of the axis.
    pub low: f64,
    /// The metric with the input at its high end (its 90th percentile in a swing tornado); in
    /// a rank tornado, the rank correlation.
    pub high: f64,
    /// What the low and the high end mean when they are not percentiles to the reader, each to
    /// follow "it": for a risk's occurrence, `["occurs", "does not occur"]` (see
    /// [`occurrence_ends`]). None for an ordinary input.
    pub ends: Option<[String; 2]>,
}

/// What the ends of a swing-tornado bar mean when `input` (a path in `model`) is a risk's
/// occurrence draw, None otherwise. The swing analysis holds every other input at its median,
/// so the risk occurs at a draw u exactly when u is below the median of its probability (as the
/// model draws it: docs/model.md section 3): at the low draw (0.1) it usually occurs, at the
/// high draw (0.9) it usually does not.
pub fn occurrence_ends(
    model: &Model,
    input: &str,
    low_value: f64,
    high_value: f64,
) -> Option<[String; 2]> {
    let occurs = model.inputs.iter().find(|i| i.path == input)?;
    let InputRole::Occurs { probability } = occurs.role else {
        return None;
    };
    let p = &model.inputs[probability];
    // The median as the swing analysis takes it: a fixed input's value, else the clamped
    // quantile.
    let median = p
        .fixed
        .unwrap_or_else(|| p.domain.clamp(p.dist.quantile(0.5)));
    let end = |u: f64| {
        if u < median {
            "occurs"
        } else {
            "does not occur"
        }
        .to_owned()
    };
    Some([end(low_value), end(high_value)])
}

/// The cost-effectiveness acceptability curve, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acceptability {
    /// One unit of effect, in the singular ("completion").
    pub effect_label: String,
    /// Willingness to pay λ at each point, £ per unit of effect.
    pub grid: Vec<f64>,
    /// `probability[l][o]`: the probability (0 to 1) that option `o` has the highest net
    /// benefit at `grid[l]`.
    pub probability: Vec<Vec<f64>>,
    /// The options' names.
    pub names: Vec<String>,
    /// The willingness to pay of the analysis, when one was given.
    pub marked_lambda: Option<f64>,
}

/// A sweep of one input, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepLines {
    /// The input swept, as the user knows it.
    pub param_label: String,
    /// The input's values, in the order run (NaN for a value that is not a number).
    pub values: Vec<f64>,
    /// The options' names.
    pub names: Vec<String>,
    /// `p_over_budget[v][o]`: option `o`'s probability of going over budget at `values[v]`.
    pub p_over_budget: Vec<Vec<f64>>,
    /// `p_best[v][o]`: option `o`'s probability of being best at `values[v]`.
    pub p_best: Vec<Vec<f64>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::compile;

    #[test]
    fn a_risk_occurs_at_the_low_draw_and_not_at_the_high_one() {
        let path = std::path::Path::new("scenarios/norfolk-2023.toml");
        let loaded = crate::scenario::load(path, &[]).expect("shipped scenario");
        let model = compile(&loaded.scenario);
        let risk = model
            .inputs
            .iter()
            .find(|i| i.path.ends_with(".occurs"))
            .expect("Norfolk has a risk");
        // Its probability is PERT(0.1, 0.25, 0.4): a median of about 0.25.
        let ends = occurrence_ends(&model, &risk.path, 0.1, 0.9);
        assert_eq!(ends, Some(["occurs".into(), "does not occur".into()]));
        // Draws either side of the median.
        let ends = occurrence_ends(&model, &risk.path, 0.3, 0.2);
        assert_eq!(ends, Some(["does not occur".into(), "occurs".into()]));
        let other = &model.inputs[0].path;
        assert_eq!(occurrence_ends(&model, other, 0.1, 0.9), None);
        assert_eq!(occurrence_ends(&model, "no.such.input", 0.1, 0.9), None);
    }
}
