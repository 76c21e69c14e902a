//! A sweep: one input over several values, every point run on the same seed, so that the
//! differences between points come from the input alone (common random numbers).

use crate::error::Error;
use crate::request::Request;
use crate::results::Results;
use serde::Serialize;

/// One point of a sweep: the value given to the input and the results there.
#[derive(Debug, Clone)]
pub struct Point {
    /// The value, as written (TOML).
    pub value: String,
    /// The results with that value.
    pub results: Results,
}

/// Runs the scenario once per value of `param`, each with the same seed and iterations.
///
/// # Errors
/// The scenario's problems, or those of a value.
pub fn run(req: &Request, param: &str, values: &[String]) -> Result<Vec<Point>, Error> {
    let mut points = Vec::with_capacity(values.len());
    for v in values {
        let mut r = req.clone();
        r.overrides.push(format!("{param}={v}"));
        let a = crate::run::run(&r)?;
        points.push(Point {
            value: v.clone(),
            results: a.results,
        });
    }
    Ok(points)
}

/// One option at one point.
#[derive(Debug, Clone, Serialize)]
pub struct SweepRow {
    /// The swept input.
    pub param: String,
    /// Its value.
    pub value: String,
    /// Option id.
    pub option: String,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// Mean completions.
    pub completions_mean: f64,
    /// P(over budget).
    pub p_over_budget: f64,
    /// P(best) on the ranking metric.
    pub p_best: f64,
    /// P(best) among the options within budget in each iteration.
    pub p_best_within_budget: f64,
    /// The budget needed to stay within it with 80% confidence (£ cash, a year or in total).
    pub budget_needed_p80: f64,
    /// The budget needed to stay within it with 90% confidence.
    pub budget_needed_p90: f64,
    /// True for the option most often best at this value (the unconstrained choice).
    pub best: bool,
    /// True for the option most often best within budget at this value.
    pub best_within_budget: bool,
}

/// Every option at every point.
pub fn rows(param: &str, points: &[Point]) -> Vec<SweepRow> {
    let mut out = Vec::new();
    for p in points {
        for o in &p.results.options {
            let m = |n: &str| *o.metrics.get(n).expect("metric");
            let (
                p_best_within_budget,
                budget_needed_p80,
                budget_needed_p90,
                best,
                best_within_budget,
            ) = super::compare::choice_cells(&p.results, o);
            out.push(SweepRow {
                param: param.to_string(),
                value: p.value.clone(),
                option: o.id.clone(),
                cost_p50: m("cost").p50,
                completions_mean: m("completions").mean,
                p_over_budget: o.p_over_budget,
                p_best: o.p_best,
                p_best_within_budget,
                budget_needed_p80,
                budget_needed_p90,
                best,
                best_within_budget,
            });
        }
    }
    out
}
