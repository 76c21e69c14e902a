//! SWOT items filled in from each option's own results: each item is a template that may quote
//! the option's numbers, such as "Cost likely to exceed £100k (P = {{ p_over_budget | pct }})".

use crate::error::SwotError;
use crate::format::template::filters_environment;
use crate::metric::col;
use crate::run::Run;
use minijinja::value::{Serde, Value};
use minijinja::{Error, ErrorKind, context};
use serde::Serialize;

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

/// Renders every SWOT item of every option against that option's results. Each item is a
/// template with `p_over_budget`, `p_best`, `p_start_within(m)`, `p_cost_above(x)` and
/// `metric(name)`, and the report's filters.
pub fn render_swot(run: &Run) -> Result<Vec<RenderedSwot>, SwotError> {
    let columns = &run.simulation.columns;
    let mut out = Vec::with_capacity(run.results.options.len());
    for (o, result) in run.results.options.iter().enumerate() {
        let mut env = filters_environment(run.results.years.clone());
        let start: Vec<f64> = columns.columns[o][col::START_MONTH].clone();
        let cost: Vec<f64> = columns.columns[o][col::COST].clone();
        let n = columns.n as f64;
        env.add_function("p_start_within", move |months: f64| {
            start.iter().filter(|s| **s <= months).count() as f64 / n
        });
        env.add_function("p_cost_above", move |amount: f64| {
            cost.iter().filter(|c| **c > amount).count() as f64 / n
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
        let render = |section: &'static str, items: &[String]| -> Result<Vec<String>, SwotError> {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    env.render_str(item, ctx.clone()).map_err(|e| SwotError {
                        option: result.id.clone(),
                        section,
                        index: i + 1,
                        item: item.clone(),
                        message: swot_message(&e),
                    })
                })
                .collect()
        };
        let s = &result.swot;
        out.push(RenderedSwot {
            strengths: render("strengths", &s.strengths)?,
            weaknesses: render("weaknesses", &s.weaknesses)?,
            opportunities: render("opportunities", &s.opportunities)?,
            threats: render("threats", &s.threats)?,
        });
    }
    Ok(out)
}

/// A template error of scenario text in plain words (also used for questions).
pub(crate) fn swot_message(e: &Error) -> String {
    let what = match e.kind() {
        ErrorKind::UndefinedError => "it names a value that does not exist".to_string(),
        ErrorKind::UnknownFunction => "it calls a function that does not exist".to_string(),
        ErrorKind::UnknownFilter => "it uses a filter that does not exist".to_string(),
        ErrorKind::SyntaxError => "its {{ }} expression is not valid".to_string(),
        k => k.to_string(),
    };
    match e.detail() {
        Some(d) => format!("{what} ({d})"),
        None => what,
    }
}
