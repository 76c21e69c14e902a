//! One run of the pipeline up to its results: load → compile → simulate → check that every
//! metric is finite ([`crate::finite`]) → summarise. Every analysis starts from a [`Run`]; the
//! analyses that run the model again (sweeps, variants, precision) call [`run`] or
//! [`run_loaded`] once per run they need.

use crate::engine::{Settings, Simulation, simulate_within_memory};
use crate::error::Error;
use crate::finite;
use crate::progress::Step;
use crate::request::Request;
use crate::results::{Results, summarise};
use crate::scenario::{self, Loaded};

/// A finished run: the scenario as loaded, its simulation and the summary of it.
pub struct Run {
    /// The scenario as loaded.
    pub loaded: Loaded,
    /// The compiled model, its settings and the stored metric columns.
    pub simulation: Simulation,
    /// The summary every document reads.
    pub results: Results,
}

/// Loads, validates, runs and summarises a scenario.
///
/// # Errors
/// [`Error::Load`] when the scenario cannot be read or has problems; [`Error::NonFinite`] when
/// a metric is not a finite number.
pub fn run(req: &Request) -> Result<Run, Error> {
    let loaded = load(req)?;
    run_loaded(loaded, req)
}

/// Loads and validates the scenario a request names, with its variant and overrides.
///
/// # Errors
/// [`Error::Load`] when the scenario cannot be read or has problems.
pub fn load(req: &Request) -> Result<Loaded, Error> {
    Ok(scenario::load_variant(
        &req.file,
        req.variant.as_deref(),
        &req.overrides,
    )?)
}

/// Runs and summarises a scenario already loaded (`req.file` and `req.overrides` are not read
/// again).
///
/// # Errors
/// [`Error::Memory`] when the run would not fit in the memory available (nothing runs);
/// [`Error::NonFinite`] when a metric is not a finite number (nothing is summarised).
pub fn run_loaded(loaded: Loaded, req: &Request) -> Result<Run, Error> {
    let settings = Settings::of(&loaded, req.iterations, req.seed, req.method, req.progress);
    let work = settings.iterations * loaded.scenario.options.len() as u64;
    let simulation = simulate_within_memory(&loaded, settings, req.analyses)?;
    finite::check(&simulation, loaded.variant.as_deref())?;
    let step = Step::spinner(req.progress, work, "summarising");
    let results = summarise(&loaded, &simulation);
    drop(step);
    Ok(Run {
        loaded,
        simulation,
        results,
    })
}

/// Iterations of a dry run: enough for every expression of the scenario to meet values like a
/// real run's, few enough to take milliseconds.
pub const DRY_RUN_ITERATIONS: u64 = 100;

/// A dry run of a loaded scenario: [`DRY_RUN_ITERATIONS`] iterations on the scenario's seed, so
/// that `validate` can fill in the scenario's expressions and check that its metrics are finite
/// without a full run.
///
/// # Errors
/// [`Error::NonFinite`] when a metric is not a finite number.
pub fn dry_run(loaded: &Loaded) -> Result<Run, Error> {
    let mut req = Request::new(&loaded.sources.file_name);
    req.iterations = Some(DRY_RUN_ITERATIONS);
    run_loaded(loaded.clone(), &req)
}
