//! Decision analysis on top of a run: sensitivity and comparison under a willingness to pay.

pub mod sensitivity;
pub mod wtp;

use crate::engine::simulate::col;
use crate::results::{METRICS, metric_column};
use crate::scenario::OptionKind;
use crate::{Appraisal, Error};

/// Metrics that may count as the effect in a willingness-to-pay analysis.
pub const EFFECT_METRICS: [&str; 5] =
    ["completions", "engaged", "victims", "children", "referrals"];

/// The willingness-to-pay analysis of a finished run: net benefit λ × effect − cost_pv,
/// the acceptability and EVPI curves over `points` values of λ (from 0 to three times the largest
/// mean cost per unit of effect), and the incremental analysis against the baseline.
/// Options are named by id.
pub fn wtp(
    a: &Appraisal,
    lambda: f64,
    effect_metric: &str,
    points: usize,
) -> Result<wtp::WtpAnalysis, Error> {
    if !EFFECT_METRICS.contains(&effect_metric) {
        return Err(Error::Usage(format!(
            "'{effect_metric}' cannot be the effect of a willingness to pay\n  = allowed: one of {}",
            EFFECT_METRICS.join(", ")
        )));
    }
    if !(lambda.is_finite() && lambda >= 0.0) {
        return Err(Error::Usage(format!(
            "--wtp {lambda} is not a willingness to pay\n  = allowed: £ per unit of effect, 0 or more, e.g. --wtp 5000"
        )));
    }
    debug_assert!(METRICS.contains(&effect_metric));
    let n = a.model.options.len();
    let effect: Vec<Vec<f64>> = (0..n)
        .map(|o| {
            metric_column(&a.run, o, effect_metric)
                .expect("effect metric")
                .into_owned()
        })
        .collect();
    let cost: Vec<Vec<f64>> = (0..n)
        .map(|o| a.run.columns[o][col::COST_PV].clone())
        .collect();
    let names: Vec<String> = a.model.options.iter().map(|o| o.id.clone()).collect();
    let baseline = a
        .model
        .options
        .iter()
        .position(|o| o.kind == OptionKind::Baseline);
    let mut grid = wtp::default_grid(&effect, &cost, points.max(2));
    // Keep the willingness to pay of the analysis inside the curve's range.
    if grid.last().is_some_and(|top| lambda > *top) {
        let top = 1.5 * lambda;
        let k = grid.len() - 1;
        grid = (0..=k).map(|i| top * i as f64 / k as f64).collect();
    }
    Ok(wtp::analyse(
        &names,
        &effect,
        &cost,
        effect_metric,
        lambda,
        grid,
        baseline,
    ))
}
