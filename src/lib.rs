//! appraise: appraising public-service delivery options under uncertainty.
//!
//! The pipeline runs one way: scenario file → parse → validate → compile → sample and simulate
//! → summarise → render. [`appraise`] runs it up to the results; the `output` module renders.

pub mod analysis;
pub mod cli;
pub mod diag;
pub mod dist;
pub mod engine;
pub mod format;
pub mod output;
pub mod render;
pub mod report;
pub mod results;
pub mod scenario;
pub mod stats;

use engine::model::{Model, compile};
use engine::{Run, RunError, Settings};
use results::Results;
use scenario::{LoadError, Loaded, Method};
use std::path::PathBuf;

/// The seed used when neither the command line nor the scenario gives one.
pub const DEFAULT_SEED: u64 = 2025;

/// What to run.
#[derive(Debug, Clone)]
pub struct Request {
    /// The scenario file.
    pub file: PathBuf,
    /// The scenario's variant to apply, if any.
    pub variant: Option<String>,
    /// `--set PATH=VALUE` overrides, in order (applied after the variant's).
    pub overrides: Vec<String>,
    /// Iterations, overriding the scenario's.
    pub iterations: Option<u64>,
    /// Seed, overriding the scenario's.
    pub seed: Option<u64>,
    /// Method, overriding the scenario's.
    pub method: Option<Method>,
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Show a progress bar on stderr (only when it is a terminal and the run is long).
    pub progress: bool,
}

impl Request {
    /// A request for `file` with every setting left to the scenario.
    pub fn new(file: impl Into<PathBuf>) -> Request {
        Request {
            file: file.into(),
            variant: None,
            overrides: Vec::new(),
            iterations: None,
            seed: None,
            method: None,
            threads: None,
            progress: false,
        }
    }
}

/// A finished run: the scenario, the model, the raw columns and their summary.
pub struct Appraisal {
    /// The scenario as loaded.
    pub loaded: Loaded,
    /// The compiled model.
    pub model: Model,
    /// How it was run.
    pub settings: Settings,
    /// The stored metric columns.
    pub run: Run,
    /// The summary every output reads.
    pub results: Results,
}

/// Why appraise stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario could not be read or has problems.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The command line asked for something impossible.
    #[error("error: {0}")]
    Usage(String),
    /// The model could not run.
    #[error("error: {0}")]
    Run(#[from] RunError),
    /// An output could not be written.
    #[error("error: {0}")]
    Output(String),
    /// A report could not be rendered.
    #[error(transparent)]
    Report(report::ReportError),
}

impl Error {
    /// The process exit code: 2 for the user's input or usage, 1 for anything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Load(_) | Error::Usage(_) => 2,
            Error::Run(_) | Error::Output(_) => 1,
            Error::Report(e) => e.exit_code(),
        }
    }
}

/// How a run with `--precision` ended.
#[derive(Debug, Clone, serde::Serialize)]
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
/// to ±0.01 (95%), or `max_iterations` is reached. Monte Carlo sampling only: a run of N
/// iterations is then exactly the first N iterations of any longer run.
pub fn appraise_to_precision(
    req: &Request,
    relative: f64,
    max_iterations: u64,
) -> Result<(Appraisal, Convergence), Error> {
    const P_BEST_HALF_WIDTH: f64 = 0.01;
    let loaded = scenario::load_variant(&req.file, req.variant.as_deref(), &req.overrides)?;
    let method = req.method.unwrap_or(loaded.scenario.appraisal.method);
    if method != Method::MonteCarlo {
        return Err(Error::Usage(
            "--precision adds iterations to a Monte Carlo run; Latin hypercube strata depend on the total\n  = allowed: --method monte_carlo with --precision, or --iterations N with latin_hypercube".into(),
        ));
    }
    let block = engine::sample::BLOCK as u64;
    let max = max_iterations.max(1);
    let mut n = (10 * block).min(max);
    let mut tried = Vec::new();
    loop {
        let mut r = req.clone();
        r.iterations = Some(n);
        r.method = Some(method);
        let a = appraise_loaded(loaded.clone(), &r)?;
        tried.push(n);
        let (rel, half) = precision_of(&a.results);
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
            return Ok((a, c));
        }
        n = (2 * n).min(max);
    }
}

/// Loads, validates, runs and summarises a scenario.
pub fn appraise(req: &Request) -> Result<Appraisal, Error> {
    let loaded = scenario::load_variant(&req.file, req.variant.as_deref(), &req.overrides)?;
    appraise_loaded(loaded, req)
}

/// Runs and summarises a scenario already loaded (`req.file` and `req.overrides` are not read
/// again).
pub fn appraise_loaded(loaded: Loaded, req: &Request) -> Result<Appraisal, Error> {
    let a = &loaded.scenario.appraisal;
    let settings = Settings {
        iterations: req.iterations.unwrap_or(a.iterations),
        seed: req.seed.or(a.seed).unwrap_or(DEFAULT_SEED),
        method: req.method.unwrap_or(a.method),
        threads: req.threads,
        progress: req.progress,
    };
    let model = compile(&loaded.scenario);
    let run = engine::run(&model, &settings)?;
    let results = results::summarise_run(&loaded, &model, &run, settings.seed, settings.method);
    Ok(Appraisal {
        loaded,
        model,
        settings,
        run,
        results,
    })
}
