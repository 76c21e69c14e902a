//! One run of the pipeline up to its results: load → compile → simulate → check that every
//! metric is finite ([`crate::finite`]) → summarise. Every analysis starts from a [`Run`]; the
//! analyses that run the model again (sweeps, variants, precision) call [`run`] or
//! [`run_loaded`] once per run they need.

use crate::engine::by_option::{self, Simulated};
use crate::engine::{Settings, Simulation, memory, model, simulate_within_memory};
use crate::error::{Error, NonFiniteError};
use crate::finite;
use crate::metric::{self, stored_columns};
use crate::progress::Step;
use crate::request::Request;
use crate::results::{
    Results, compared_columns, summarise, summarise_constant, summarise_parts, summarise_releasing,
};
use crate::scenario::{self, Loaded, Scenario};

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
    if req.analyses.summary_only {
        return run_summary_only(loaded, req, settings);
    }
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

/// [`run_loaded`] for a command that reads only the summary and the multi-criteria appraisal:
/// each option is simulated, checked and summarised in turn ([`by_option`]), keeping only the
/// columns that the comparison of the options reads; once the options are compared, only those
/// of the criteria's metrics are kept. The results are those of a whole run, bit for bit.
fn run_summary_only(loaded: Loaded, req: &Request, settings: Settings) -> Result<Run, Error> {
    let model = model::compile(&loaded.scenario);
    memory::check(&model, settings.iterations, req.analyses)?;
    let s = &loaded.scenario;
    let criteria = criteria_columns(s, model.years);
    let keep: Vec<Vec<bool>> = compared_columns(s, model.years)
        .into_iter()
        .zip(&criteria)
        .map(|(a, b)| a.iter().zip(b).map(|(x, y)| *x || *y).collect())
        .collect();
    let n = settings.iterations as usize;
    let variant = loaded.variant.as_deref();
    let mut parts = Vec::with_capacity(model.options.len());
    let columns = by_option::run_by_option(&model, &settings, &keep, |o, simulated| {
        match simulated {
            Simulated::Columns(c) => {
                finite::check_option(&model, &settings, o, c, n, variant)?;
                parts.push(summarise_releasing(&model, c, n, &keep[o]));
            }
            Simulated::Constant(row) => {
                // One iteration stands for all: the first non-finite value is in the first.
                let c: Vec<Vec<f64>> = row.iter().map(|x| vec![*x]).collect();
                finite::check_option(&model, &settings, o, &c, n, variant)?;
                parts.push(summarise_constant(&model, row, n));
            }
        }
        Ok::<(), Box<NonFiniteError>>(())
    })?;
    let mut simulation = Simulation {
        model,
        settings,
        columns,
    };
    let results = summarise_parts(&loaded, &simulation, parts);
    by_option::keep_only(&mut simulation.columns.columns, &criteria);
    Ok(Run {
        loaded,
        simulation,
        results,
    })
}

/// The stored columns each option's criteria read (`[option][column]`): those of each
/// criterion's metric, for the options it measures (those without a score of their own).
pub fn criteria_columns(s: &Scenario, years: usize) -> Vec<Vec<bool>> {
    let mut keep = vec![vec![false; stored_columns(years)]; s.options.len()];
    for c in &s.criteria {
        let Some(name) = &c.metric else { continue };
        let m = metric::find(name, years).expect("a criterion's metric is checked when read");
        for (o, keep) in keep.iter_mut().enumerate() {
            if c.scores[o].is_none() {
                metric::stored_inputs(&m, years)
                    .into_iter()
                    .for_each(|k| keep[k] = true);
            }
        }
    }
    keep
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
