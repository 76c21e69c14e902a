//! SWOT items filled in from each option's own results: each item is a template that may quote
//! the option's numbers, such as "Cost likely to exceed £100k (P = {{ p_over_budget | pct }})".

use super::expression::{fill, problem};
use crate::diag::Problem;
use crate::error::ExpressionError;
use crate::format::template::expression_environment;
use crate::metric::col;
use crate::run::Run;
use minijinja::value::{Serde, Value};
use minijinja::{Environment, Error, ErrorKind, context};
use serde::Serialize;

/// The old name of [`super::expression::explain`], still used for the answers to questions.
pub(crate) use super::expression::explain as swot_message;

/// SWOT items of one option after rendering.
#[derive(Debug, Clone, Serialize)]
pub struct RenderedSwot {
    /// Strengths.
    pub strengths: Vec<String>,
    /// Weaknesses.
    pub weaknesses: Vec<String>,
    /// Opportunities.
    pub opportunities: Vec<String>,
    /// Threats.
    pub threats: Vec<String>,
}

/// What a SWOT item may be, for the message of an item that cannot be filled in.
pub const ALLOWED: &str = "text with expressions such as {{ p_over_budget | pct }}, {{ p_start_within(6) | pct }}, {{ p_cost_above(100000) | pct }}, {{ metric(\"cost\").p50 | money }}, {{ p_best | pct }}; see docs/reports.md";

/// Renders every SWOT item of every option against that option's results. Each item is a
/// template with `p_over_budget`, `p_best`, `p_start_within(m)`, `p_cost_above(x)` and
/// `metric(name)`, and the report's filters, filled in within bounded work and length
/// ([`crate::format::template::fill_expression`]).
///
/// # Errors
/// Every item that cannot be filled in, each located at its text in the scenario.
pub fn render_swot(run: &Run) -> Result<Vec<RenderedSwot>, Box<ExpressionError>> {
    let mut out = Vec::with_capacity(run.results.options.len());
    let mut problems = Vec::new();
    for (o, result) in run.results.options.iter().enumerate() {
        let (env, ctx) = scope(run, o);
        let mut render = |section: &str, items: &[String]| -> Vec<String> {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    fill(&env, item, ctx.clone()).unwrap_or_else(|e| {
                        let path = format!("options.{}.swot.{section}[{i}]", result.id);
                        let what = "this SWOT item";
                        let sources = &run.loaded.sources;
                        problems.push(problem(sources, &path, item, what, &e, ALLOWED));
                        String::new()
                    })
                })
                .collect()
        };
        let s = &result.swot;
        out.push(RenderedSwot {
            strengths: render("strengths", &s.strengths),
            weaknesses: render("weaknesses", &s.weaknesses),
            opportunities: render("opportunities", &s.opportunities),
            threats: render("threats", &s.threats),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Box::new(ExpressionError {
            sources: run.loaded.sources.clone(),
            problems,
        }))
    }
}

/// The problems of the SWOT items of a run (none when every item can be filled in): what
/// `appraise validate` reports, against a dry run.
pub fn check(run: &Run) -> Vec<Problem> {
    render_swot(run).err().map_or_else(Vec::new, |e| e.problems)
}

/// The environment and context of option `o`'s SWOT items: its results, and functions over its
/// iterations (each answered by a binary search of the sorted column, so that no item can make
/// the work grow with the iterations).
fn scope(run: &Run, o: usize) -> (Environment<'static>, Value) {
    let columns = &run.simulation.columns;
    let result = &run.results.options[o];
    let mut env = expression_environment(run.results.years.clone());
    let sorted = |c: usize| {
        let mut v: Vec<f64> = columns.columns[o][c].clone();
        v.sort_unstable_by(f64::total_cmp);
        v
    };
    let (start, cost) = (sorted(col::START_MONTH), sorted(col::COST));
    let n = columns.n as f64;
    env.add_function("p_start_within", move |months: f64| {
        start.partition_point(|s| *s <= months) as f64 / n
    });
    env.add_function("p_cost_above", move |amount: f64| {
        let above = if amount.is_nan() {
            0
        } else {
            cost.len() - cost.partition_point(|c| *c <= amount)
        };
        above as f64 / n
    });
    let metrics = result.metrics.clone();
    env.add_function("metric", move |name: String| -> Result<Value, Error> {
        match metrics.get(&name) {
            Some(s) => Ok(Value::from(Serde(s))),
            None => {
                let names: Vec<&str> = metrics.0.iter().map(|(n, _)| n.as_str()).collect();
                Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("there is no metric '{name}'; metrics: {}", names.join(", ")),
                ))
            }
        }
    });
    let ctx = context! {
        p_over_budget => result.p_over_budget,
        p_best => result.p_best,
        name => result.name.clone(),
        id => result.id.clone(),
    };
    (env, ctx)
}
