//! The finiteness check, the step between simulation and summary: every metric a run stores,
//! and every metric derived from them, must be a finite number. Validation bounds every input
//! so that this holds (docs/scenario-format.md, "Magnitudes"); this step makes sure of it, so
//! that no NaN or infinity is ever summarised, ranked or printed as a result. A value that is
//! not finite stops the run with the option, the metric, the iteration and the inputs that
//! produced it.
//!
//! The only values allowed to be NaN are the ratio metrics' defined "undefined" cases: a
//! benefit–cost ratio or cost per person whose divisor is 0 (see [`crate::metric::ratio`]).

use crate::engine::model::Model;
use crate::engine::sample::{BLOCK, Plan};
use crate::engine::{Settings, Simulation, block_inputs};
use crate::error::NonFiniteError;
use crate::metric::{self, Derive, Metric, col};
use rayon::prelude::*;

/// How many of the option's inputs a [`NonFiniteError`] lists (the largest in size first).
pub const INPUTS_SHOWN: usize = 8;

/// Checks that every metric of every option in every iteration is finite, or undefined only
/// where a ratio's divisor is 0. `variant` names the scenario's variant the run applied, if any,
/// for the message.
///
/// # Errors
/// [`NonFiniteError`] for the first value that is not (options in scenario order, metrics in
/// output order, the stored metrics before those derived from them).
pub fn check(sim: &Simulation, variant: Option<&str>) -> Result<(), Box<NonFiniteError>> {
    let c = &sim.columns;
    (0..c.columns.len())
        .try_for_each(|o| check_option(&sim.model, &sim.settings, o, &c.columns[o], c.n, variant))
}

/// [`check`] for option `o` alone, from its stored columns `c` over `n` iterations.
///
/// # Errors
/// [`NonFiniteError`] for the option's first value that is not.
pub fn check_option(
    model: &Model,
    settings: &Settings,
    o: usize,
    c: &[Vec<f64>],
    n: usize,
    variant: Option<&str>,
) -> Result<(), Box<NonFiniteError>> {
    let Some((m, i)) = first_non_finite(c, model.years) else {
        return Ok(());
    };
    let mut e = explain(model, settings, n, o, c, &m, i);
    e.variant = variant.map(str::to_string);
    Err(Box::new(e))
}

/// Every metric, the stored ones (including cash by year) first.
fn metrics(years: usize) -> Vec<Metric> {
    let stored = |m: &Metric| matches!(m.derive, Derive::Stored(_) | Derive::Cash(_));
    let all: Vec<Metric> = metric::TABLE
        .iter()
        .copied()
        .chain((0..years).map(metric::cash))
        .collect();
    let (mut first, later): (Vec<Metric>, Vec<Metric>) = all.into_iter().partition(stored);
    first.extend(later);
    first
}

/// The first (metric, iteration) of one option's stored columns `c` whose value is neither
/// finite nor a defined "undefined". Each column is scanned once, as a slice, the metrics in
/// parallel (the first in metric order is the one found); the derived metrics follow
/// [`metric::derive`].
fn first_non_finite(c: &[Vec<f64>], years: usize) -> Option<(Metric, usize)> {
    let finite = |x: f64| x.is_finite();
    metrics(years).into_par_iter().find_map_first(|m| {
        let bad = match m.derive {
            Derive::Stored(k) => c[k].iter().position(|x| !finite(*x)),
            Derive::Cash(y) => c[col::CASH0 + y].iter().position(|x| !finite(*x)),
            Derive::Difference(a, b) => c[a].iter().zip(&c[b]).position(|(x, y)| !finite(x - y)),
            Derive::Ratio(a, b) => c[a]
                .iter()
                .zip(&c[b])
                .position(|(x, y)| *y != 0.0 && !finite(metric::ratio(*x, *y))),
            // The largest of a year or more of finite cash figures is finite.
            Derive::PeakCash => None,
        };
        bad.map(|i| (m, i))
    })
}

/// The error for option `o` (stored columns `c`), metric `m` in iteration `i` of `n`: the value
/// and the option's inputs (and the shared ones) as they were drawn in that iteration.
fn explain(
    model: &Model,
    settings: &Settings,
    n: usize,
    o: usize,
    c: &[Vec<f64>],
    m: &Metric,
    i: usize,
) -> NonFiniteError {
    let years = model.years;
    let value = metric::derive(m, |k| c[k][i], years);
    let option = &model.options[o];
    let plan = Plan::new(model, settings.seed, settings.method, settings.iterations);
    let b = i / BLOCK;
    let len = BLOCK.min(n - b * BLOCK);
    let mut clamped = vec![0u64; model.inputs.len()];
    let values = block_inputs(model, &plan, b, len, &mut clamped);
    let own = format!("options.{}.", option.id);
    let mut inputs: Vec<(String, f64)> = model
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, input)| input.path.starts_with(&own) || !input.path.starts_with("options."))
        .map(|(k, input)| (input.path.clone(), values[k * len + i % BLOCK]))
        .collect();
    inputs.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let more = inputs.len().saturating_sub(INPUTS_SHOWN);
    inputs.truncate(INPUTS_SHOWN);
    NonFiniteError {
        option: option.id.clone(),
        variant: None,
        metric: match m.derive {
            Derive::Cash(y) => format!("cash_{y}"),
            _ => m.name.to_string(),
        },
        phrase: m.phrase.to_string(),
        value,
        iteration: i + 1,
        iterations: n,
        seed: settings.seed,
        inputs,
        more,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Settings, simulate_scenario};
    use crate::scenario::{Method, from_text};

    const SCENARIO: &str = "[appraisal]\ntitle = \"t\"\nprice_base_year = 2025\nstart = \"2025-04\"\nhorizon_years = 2\n\n[[demand]]\nid = \"r\"\nper_year = { pert = [40, 60, 90] }\n\n[[options]]\nid = \"as_now\"\nkind = \"baseline\"\nname = \"As now\"\n\n[[options]]\nid = \"w\"\nkind = \"in_house\"\nname = \"Worker\"\nreach = { r = 1 }\ncapacity = { places_per_year = 35 }\n[[options.costs]]\nname = \"Salary\"\nbasis = \"annual\"\namount = { pert = [29000, 31000, 34000] }\n";

    fn simulation(n: u64) -> Simulation {
        let loaded = from_text("t.toml", SCENARIO.into(), &[], Vec::new()).unwrap();
        let settings = Settings {
            iterations: n,
            seed: 7,
            method: Method::MonteCarlo,
            progress: false,
        };
        simulate_scenario(&loaded, settings)
    }

    #[test]
    fn a_run_of_valid_inputs_is_finite() {
        let sim = simulation(2_000);
        // The baseline engages no one: its cost per person is undefined, which is allowed.
        assert!(
            sim.columns.columns[0][col::ENGAGED]
                .iter()
                .all(|x| *x == 0.0)
        );
        assert!(check(&sim, None).is_ok());
    }

    #[test]
    fn a_stored_value_that_is_not_finite_names_option_metric_iteration_and_inputs() {
        let mut sim = simulation(2_000);
        sim.columns.columns[1][col::COST][1_500] = f64::INFINITY;
        let e = check(&sim, None).unwrap_err();
        assert_eq!((e.option.as_str(), e.metric.as_str()), ("w", "cost"));
        assert_eq!((e.iteration, e.iterations), (1_501, 2_000));
        assert!(e.value.is_infinite());
        // The option's own inputs and the shared demand, largest first, as drawn.
        assert_eq!(e.inputs[0].0, "options.w.costs[0].amount");
        assert!((29_000.0..=34_000.0).contains(&e.inputs[0].1));
        assert!(e.inputs.iter().any(|(p, _)| p == "demand.r.per_year"));
        assert!(
            e.inputs
                .iter()
                .all(|(p, _)| !p.starts_with("options.as_now"))
        );
        let shown = e.to_string();
        assert!(
            shown.contains("option 'w'") && shown.contains("cost"),
            "{shown}"
        );
    }

    #[test]
    fn derived_values_are_checked_and_a_zero_divisor_is_allowed() {
        let mut sim = simulation(100);
        // NaN in a stored column is caught as that column, before what derives from it.
        sim.columns.columns[1][col::BENEFIT_PV][3] = f64::NAN;
        assert_eq!(check(&sim, None).unwrap_err().metric, "benefit_pv");
        // Finite columns whose difference overflows: npv.
        let mut sim = simulation(100);
        sim.columns.columns[1][col::BENEFIT_PV][3] = f64::MAX;
        sim.columns.columns[1][col::COST_PV][3] = -f64::MAX;
        assert_eq!(check(&sim, None).unwrap_err().metric, "npv");
        // A ratio whose divisor is tiny but not 0 is infinite: not allowed.
        let mut sim = simulation(100);
        sim.columns.columns[1][col::COST_PV][5] = 1e-310;
        sim.columns.columns[1][col::BENEFIT_PV][5] = 1e10;
        assert_eq!(check(&sim, None).unwrap_err().metric, "bcr");
        // Cash by year is named by its year.
        let mut sim = simulation(100);
        sim.columns.columns[1][col::CASH0 + 1][0] = f64::NEG_INFINITY;
        assert_eq!(check(&sim, None).unwrap_err().metric, "cash_1");
    }
}
