//! `appraise diff A B`: the inputs that differ between two scenarios, and the change in each
//! option's headline figures, both scenarios run with the same seed and iterations.

use super::paths::{ChangedInput, changed_inputs, input_paths};
use crate::error::Error;
use crate::request::Request;
use crate::results::{OptionResult, Results};
use serde::Serialize;
use std::path::Path;

/// A headline figure: its name, its label, and how to read it from an option's results.
pub type Figure = (&'static str, &'static str, fn(&OptionResult) -> f64);

/// The headline figures compared.
pub const FIGURES: [Figure; 6] = [
    ("cost_p50", "Cost P50", |o| stat(o, "cost", |s| s.p50)),
    ("cost_pv_mean", "PV cost mean", |o| {
        stat(o, "cost_pv", |s| s.mean)
    }),
    ("completions_mean", "Completed mean", |o| {
        stat(o, "completions", |s| s.mean)
    }),
    ("npv_mean", "NPV mean", |o| stat(o, "npv", |s| s.mean)),
    ("p_over_budget", "P(over budget)", |o| o.p_over_budget),
    ("p_best", "P(best)", |o| o.p_best),
];

fn stat(o: &OptionResult, metric: &str, f: fn(&crate::stats::Summary) -> f64) -> f64 {
    o.metrics.get(metric).map_or(f64::NAN, f)
}

/// Two scenarios compared.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// The two files, as given.
    pub files: [String; 2],
    /// Seed of both runs.
    pub seed: u64,
    /// Iterations of both runs.
    pub iterations: u64,
    /// The inputs that differ.
    pub inputs: Vec<ChangedInput>,
    /// Each option of either scenario (the first's order, then the second's new ones).
    pub options: Vec<OptionChange>,
}

/// One option's headline figures in each scenario.
#[derive(Debug, Clone, Serialize)]
pub struct OptionChange {
    /// Option id.
    pub id: String,
    /// Its name (in the second scenario when it has it).
    pub name: String,
    /// Each figure of [`FIGURES`], in order.
    pub figures: Vec<FigureChange>,
}

/// A headline figure before and after (`None` where the scenario has no such option).
#[derive(Debug, Clone, Serialize)]
pub struct FigureChange {
    /// The figure's name, e.g. `cost_p50`.
    pub figure: &'static str,
    /// In the first scenario.
    pub before: Option<f64>,
    /// In the second.
    pub after: Option<f64>,
}

/// Runs both scenarios with the first's seed and iterations (or those `a` gives) and compares
/// them.
///
/// # Errors
/// The problems of either scenario.
pub fn diff(a: &Request, b: &Path) -> Result<Diff, Error> {
    let run_a = crate::run::run(a)?;
    let mut rb = a.clone();
    rb.file = b.to_path_buf();
    rb.seed = Some(run_a.results.audit.seed);
    rb.iterations = Some(run_a.results.audit.iterations);
    let run_b = crate::run::run(&rb)?;
    let inputs = changed_inputs(
        &input_paths(&run_a.loaded.scenario),
        &input_paths(&run_b.loaded.scenario),
    );
    Ok(Diff {
        files: [
            run_a.results.audit.scenario_file.clone(),
            run_b.results.audit.scenario_file.clone(),
        ],
        seed: run_a.results.audit.seed,
        iterations: run_a.results.audit.iterations,
        inputs,
        options: option_changes(&run_a.results, &run_b.results),
    })
}

fn option_changes(a: &Results, b: &Results) -> Vec<OptionChange> {
    let find = |r: &'_ Results, id: &str| r.options.iter().find(|o| o.id == id).cloned();
    let mut ids: Vec<&str> = a.options.iter().map(|o| o.id.as_str()).collect();
    ids.extend(
        b.options
            .iter()
            .map(|o| o.id.as_str())
            .filter(|id| find(a, id).is_none()),
    );
    ids.into_iter()
        .map(|id| {
            let (before, after) = (find(a, id), find(b, id));
            let name = after
                .as_ref()
                .or(before.as_ref())
                .map_or_else(String::new, |o| o.name.clone());
            OptionChange {
                id: id.to_string(),
                name,
                figures: FIGURES
                    .iter()
                    .map(|(figure, _, read)| FigureChange {
                        figure,
                        before: before.as_ref().map(read),
                        after: after.as_ref().map(read),
                    })
                    .collect(),
            }
        })
        .collect()
}
