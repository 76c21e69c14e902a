//! Runs to a precision: more and more iterations until the Monte Carlo error of the figures
//! that decide the choice is small enough.

use crate::error::{Error, UsageError};
use crate::request::Request;
use crate::results::Results;
use crate::run::{Run, load, run_loaded};
use crate::scenario::Method;
use serde::Serialize;

/// The half-width asked for on every P(best) (95%: 1.96 standard errors).
pub const P_BEST_HALF_WIDTH: f64 = 0.01;

/// How a run with `--precision` ended.
#[derive(Debug, Clone, Serialize)]
pub struct Convergence {
    /// The relative precision asked for: MCSE of each option's mean ranking metric ≤ this × |mean|.
    pub target_relative_mcse: f64,
    /// The half-width asked for on every P(best) (95%: 1.96 standard errors).
    pub target_p_best_half_width: f64,
    /// Iterations of the final run (the results are those of a fixed run of this size).
    pub iterations: u64,
    /// Whether both targets were met before `max_iterations`.
    pub converged: bool,
    /// The largest MCSE / |mean| of the ranking metric over the options (0 when every option's
    /// metric is constant).
    pub achieved_relative_mcse: f64,
    /// The largest 95% half-width of P(best) over the options.
    pub achieved_p_best_half_width: f64,
    /// The iteration counts tried, in order.
    pub tried: Vec<u64>,
}

/// The precision a run achieved: (largest relative MCSE of the mean ranking metric, largest 95%
/// half-width of P(best)).
pub fn precision_of(results: &Results) -> (f64, f64) {
    let metric = &results.comparison.ranking_metric;
    let mut rel: f64 = 0.0;
    let mut half: f64 = 0.0;
    for o in &results.options {
        let m = o
            .metrics
            .get(metric)
            .expect("the ranking metric is summarised");
        let r = if m.mcse == 0.0 {
            0.0
        } else if m.mean == 0.0 {
            f64::INFINITY
        } else {
            m.mcse / m.mean.abs()
        };
        rel = rel.max(r);
        let n = results.audit.iterations as f64;
        half = half.max(1.96 * (o.p_best * (1.0 - o.p_best) / n).sqrt());
    }
    (rel, half)
}

/// Runs with more and more iterations (doubling, in whole blocks, from 10,240) until the MCSE of
/// every option's mean ranking metric is at most `relative` × |mean| and every P(best) is known
/// to ±[`P_BEST_HALF_WIDTH`] (95%), or `max_iterations` is reached. Monte Carlo sampling only:
/// a run of N iterations is then exactly the first N iterations of any longer run.
///
/// # Errors
/// The scenario's problems; [`UsageError::PrecisionNeedsMonteCarlo`] for Latin hypercube.
pub fn run_to_precision(
    req: &Request,
    relative: f64,
    max_iterations: u64,
) -> Result<(Run, Convergence), Error> {
    let loaded = load(req)?;
    let method = req.method.unwrap_or(loaded.scenario.appraisal.method);
    if method != Method::MonteCarlo {
        return Err(UsageError::PrecisionNeedsMonteCarlo.into());
    }
    let block = crate::engine::sample::BLOCK as u64;
    let max = max_iterations.max(1);
    let mut n = (10 * block).min(max);
    let mut tried = Vec::new();
    loop {
        let mut r = req.clone();
        r.iterations = Some(n);
        r.method = Some(method);
        let run = run_loaded(loaded.clone(), &r)?;
        tried.push(n);
        let (rel, half) = precision_of(&run.results);
        let converged = rel <= relative && half <= P_BEST_HALF_WIDTH;
        if converged || n >= max {
            let c = Convergence {
                target_relative_mcse: relative,
                target_p_best_half_width: P_BEST_HALF_WIDTH,
                iterations: n,
                converged,
                achieved_relative_mcse: rel,
                achieved_p_best_half_width: half,
                tried,
            };
            return Ok((run, c));
        }
        n = (2 * n).min(max);
    }
}
