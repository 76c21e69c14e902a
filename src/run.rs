//! One run of the pipeline up to its results: load → compile → simulate → summarise. Every
//! analysis starts from a [`Run`]; the analyses that run the model again (sweeps, variants,
//! precision) call [`run`] or [`run_loaded`] once per run they need.

use crate::engine::{Settings, Simulation, simulate_scenario};
use crate::error::Error;
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
/// [`Error::Load`] when the scenario cannot be read or has problems.
pub fn run(req: &Request) -> Result<Run, Error> {
    let loaded = load(req)?;
    Ok(run_loaded(loaded, req))
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
pub fn run_loaded(loaded: Loaded, req: &Request) -> Run {
    let settings = Settings::of(&loaded, req.iterations, req.seed, req.method, req.progress);
    let work = settings.iterations * loaded.scenario.options.len() as u64;
    let simulation = simulate_scenario(&loaded, settings);
    let step = Step::spinner(req.progress, work, "summarising");
    let results = summarise(&loaded, &simulation);
    drop(step);
    Run {
        loaded,
        simulation,
        results,
    }
}
