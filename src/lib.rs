//! appraise: appraising public-service delivery options under uncertainty.
//!
//! The pipeline runs one way: scenario file → parse → validate → compile → sample and simulate
//! → summarise → render. [`appraise`] runs it up to the results; the `output` module renders.

pub mod cli;
pub mod diag;
pub mod dist;
pub mod engine;
pub mod format;
pub mod output;
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
