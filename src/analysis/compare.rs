//! The scenario and each of its variants, run on the same seed: what changes under each
//! what-if.

use crate::error::Error;
use crate::request::Request;
use crate::results::Results;
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
    let mut runs = vec![VariantResults {
        variant: None,
        results: run_loaded(loaded, &base)?.results,
    }];
    for v in declared {
        let mut r = base.clone();
        r.variant = Some(v.name.clone());
        runs.push(VariantResults {
            results: run(&r)?.results,
            variant: Some(v),
        });
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
            });
        }
    }
    out
}
