//! What every input must satisfy, whatever its text: shared by the seeded mutation test
//! (`tests/mutation/main.rs`) and the cargo-fuzz targets (`tests/fuzz/`).
//!
//! - parse + validate, as `appraise validate` does it (the scenario, then each variant): an
//!   input is accepted or rejected with a message, never a panic;
//! - parse + validate + a short run: every scenario that validation accepts runs
//!   [`appraise::run::DRY_RUN_ITERATIONS`] iterations with finite results, and its summary
//!   renders.

use appraise::document::{Document, RunDocument};
use appraise::render::Format;
use appraise::results::Results;
use appraise::run::{Run, dry_run};
use appraise::scenario::{self, LoadError, Loaded};

/// Parses and validates `text` (named `name` in messages) and each variant it declares, as
/// `appraise validate` does. Returns what loaded; a rejected input must say why.
pub fn validate(name: &str, text: &str) -> Vec<Loaded> {
    let load = |variant: Option<&str>| {
        scenario::from_text_variant(
            name,
            text.to_string(),
            variant,
            &[],
            text.as_bytes().to_vec(),
        )
    };
    let base = match load(None) {
        Ok(l) => l,
        Err(e) => {
            said_why(&e);
            return Vec::new();
        }
    };
    let _ = appraise::analysis::validate::check(&base);
    let names: Vec<String> = base.variants.iter().map(|v| v.name.clone()).collect();
    let mut loaded = vec![base];
    for v in names {
        match load(Some(&v)) {
            Ok(l) => loaded.push(l),
            Err(e) => said_why(&e),
        }
    }
    loaded
}

fn said_why(e: &LoadError) {
    let shown = e.to_string();
    assert!(
        shown.contains("error"),
        "a rejection without a message:\n{shown}"
    );
}

/// Runs a scenario that validation accepted for a dry run's iterations, and checks that it
/// finished, that every summary is finite, that its SWOT items were checked and that its results
/// render as a table and as JSON.
///
/// # Errors
/// What is wrong, in words (a defect: validation accepted the scenario).
pub fn run(loaded: &Loaded) -> Result<(), String> {
    let run: Run = dry_run(loaded).map_err(|e| format!("validation accepted it, but:\n{e}"))?;
    let _ = appraise::analysis::swot::check(&run);
    finite_results(&run.results)?;
    let mca = appraise::analysis::mca::of_run(&run);
    let doc = Document::Run(Box::new(RunDocument {
        results: run.results,
        wtp: None,
        mca,
        value_of_information: None,
        convergence: None,
        samples: None,
    }));
    for format in [Format::Table, Format::Json] {
        format
            .renderer(None)
            .render(&doc)
            .map_err(|e| format!("the results do not render: {e}"))?;
    }
    Ok(())
}

/// Every statistic of every metric is finite (a metric undefined in every iteration, a ratio
/// whose divisor is always 0, excepted), and so are the probabilities and the inputs' summaries.
pub fn finite_results(r: &Results) -> Result<(), String> {
    for o in &r.options {
        for (name, s) in &o.metrics.0 {
            let stats = [
                s.mean, s.sd, s.mcse, s.min, s.max, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95,
            ];
            if s.undefined_share < 1.0 && stats.iter().any(|x| !x.is_finite()) {
                return Err(format!("option {}: {name} is not finite: {s:?}", o.id));
            }
        }
        if !o.p_over_budget.is_finite() {
            return Err(format!(
                "option {}: p_over_budget {}",
                o.id, o.p_over_budget
            ));
        }
        let ranked = o.metrics.get(&r.comparison.ranking_metric);
        if !o.p_best.is_finite() && ranked.is_some_and(|s| s.undefined_share < 1.0) {
            return Err(format!("option {}: p_best {}", o.id, o.p_best));
        }
    }
    for i in &r.inputs {
        if [i.mean, i.p5, i.p50, i.p95].iter().any(|x| !x.is_finite()) {
            return Err(format!("input {} is not finite: {i:?}", i.path));
        }
    }
    Ok(())
}
