//! The scenario and each of its variants, run on the same seed: what changes under each
//! what-if.

use super::sweep::runs_step;
use crate::affordability::BudgetNeeded;
use crate::error::Error;
use crate::request::{Analyses, Request};
use crate::results::{OptionResult, Results};
use crate::run::{load, run, run_loaded};
use crate::scenario::Variant;
use serde::Serialize;

/// One run of a comparison: the base scenario (`variant` is `None`) or one of its variants.
#[derive(Debug, Clone)]
pub struct VariantResults {
    /// The variant, or `None` for the base scenario.
    pub variant: Option<Variant>,
    /// Its results.
    pub results: Results,
}

/// Runs the base scenario (with the request's overrides but no variant) and then each variant
/// it declares, in order, every run with the same seed and iterations.
///
/// # Errors
/// The problems of the scenario or of any variant.
pub fn variants(req: &Request) -> Result<Vec<VariantResults>, Error> {
    let mut base = req.clone();
    base.variant = None;
    let loaded = load(&base)?;
    let declared = loaded.variants.clone();
    let (step, base) = runs_step(&base, 1 + declared.len(), "variants run");
    let mut runs = vec![VariantResults {
        variant: None,
        results: run_loaded(loaded, &base)?.results,
    }];
    step.inc();
    for v in declared {
        let mut r = base.clone();
        r.variant = Some(v.name.clone());
        runs.push(VariantResults {
            results: run(&r)?.results,
            variant: Some(v),
        });
        step.inc();
    }
    Ok(runs)
}

/// The key numbers of one option in one run of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    /// Variant name, or "base".
    pub variant: String,
    /// Option id.
    pub option: String,
    /// Option name.
    pub name: String,
    /// 10th percentile of total real cost (£).
    pub cost_p10: f64,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// 90th percentile of total real cost (£).
    pub cost_p90: f64,
    /// Mean completions.
    pub completions_mean: f64,
    /// Mean net present value (£).
    pub npv_mean: f64,
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
    /// True for the option most often best in this run (the unconstrained choice).
    pub best: bool,
    /// True for the option most often best within budget in this run.
    pub best_within_budget: bool,
}

/// The choice figures of option `o` in `r`: P(best) within budget, the budgets needed at 80%
/// and 90%, and whether it is the choice without and within the budget.
pub fn choice_cells(r: &Results, o: &OptionResult) -> (f64, f64, f64, bool, bool) {
    let need = |f: fn(&BudgetNeeded) -> f64| o.budget_needed.as_ref().map_or(f64::NAN, f);
    (
        o.p_best_within_budget,
        need(|b| b.p80),
        need(|b| b.p90),
        r.comparison.most_often_best == o.id,
        r.comparison.within_budget.most_often_best == o.id,
    )
}

/// One row per run and option, in order.
pub fn rows(runs: &[VariantResults]) -> Vec<CompareRow> {
    let mut out = Vec::new();
    for r in runs {
        let variant = r
            .variant
            .as_ref()
            .map_or("base".to_string(), |v| v.name.clone());
        for o in &r.results.options {
            let m = |n: &str| *o.metrics.get(n).expect("metric");
            let (
                p_best_within_budget,
                budget_needed_p80,
                budget_needed_p90,
                best,
                best_within_budget,
            ) = choice_cells(&r.results, o);
            out.push(CompareRow {
                variant: variant.clone(),
                option: o.id.clone(),
                name: o.name.clone(),
                cost_p10: m("cost").p10,
                cost_p50: m("cost").p50,
                cost_p90: m("cost").p90,
                completions_mean: m("completions").mean,
                npv_mean: m("npv").mean,
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

/// One run shown beside a document: the base scenario or one of its variants, with its results
/// or, when it could not be run with the document's overrides, why.
#[derive(Debug, Clone)]
pub struct Alongside {
    /// The variant, or `None` for the base scenario.
    pub variant: Option<Variant>,
    /// True for the run the document itself is of.
    pub current: bool,
    /// Its results, or the first line of the reason it could not be run.
    pub results: Result<Results, String>,
}

/// The base scenario and each of its `declared` variants beside the document of `req` (whose
/// own results are `current`, reused rather than run again), every run with the same seed,
/// iterations and overrides. A variant that cannot be run with the request's overrides is kept
/// with the reason, so that the document still renders.
pub fn alongside(req: &Request, current: &Results, declared: &[Variant]) -> Vec<Alongside> {
    let runs: Vec<Option<&Variant>> = std::iter::once(None)
        .chain(declared.iter().map(Some))
        .collect();
    runs.into_iter()
        .map(|v| {
            let name = v.map(|v| v.name.clone());
            let is_current = name == req.variant;
            let results = if is_current {
                Ok(current.clone())
            } else {
                let mut r = req.clone();
                r.variant = name;
                r.progress = false;
                // Only the variant's summary is read: it is run one option at a time.
                r.analyses = Analyses::summary_only();
                run(&r).map(|a| a.results).map_err(|e| {
                    let text = e.to_string();
                    text.lines()
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches("error: ")
                        .to_string()
                })
            };
            Alongside {
                variant: v.cloned(),
                current: is_current,
                results,
            }
        })
        .collect()
}
