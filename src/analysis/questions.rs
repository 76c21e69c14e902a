//! The scenario's own questions (`[[questions]]`), answered from the results: each answer is a
//! template, filled in as SWOT items are, with expressions over the whole run
//! (docs/scenario-format.md, "Questions"):
//!
//! - `option("id")`: that option's results (`p_over_budget`, `p_best`, `p_best_within_budget`,
//!   `budget_needed.p80`, `over_budget_by.p90`, `metrics.cost.p50`, `risks`, `name`, …);
//! - `variant("name")`: the choices under a variant (`"base"` for the scenario without one):
//!   `best.name`, `best.p_best`, `best_within_budget.name`, `option.ID.…`;
//! - `p_start_within("id", months)`, `p_cost_above("id", pounds)`: shares of iterations;
//! - every field of the JSON results (`comparison`, `budget`, `options`, …) and the filters of
//!   the report.

use super::swot::swot_message;
use crate::error::QuestionError;
use crate::format::template::filters_environment;
use crate::metric::col;
use crate::run::Run;
use minijinja::value::{Serde, Value};
use minijinja::{Error, ErrorKind};
use serde::Serialize;

/// A question and its answer, filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question, as written.
    pub question: String,
    /// The answer, filled in from the results.
    pub answer: String,
}

/// An error naming what exists, for a lookup by name that failed.
fn unknown(what: &str, given: &str, known: &[String]) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "there is no {what} '{given}'; choose from: {}",
            known.join(", ")
        ),
    )
}

/// Answers every question of `run`'s scenario. `variants` holds, for each run beside the
/// document (by name, `"base"` first), what `variant(name)` returns: its view, or why it could
/// not be run.
///
/// # Errors
/// The first answer that cannot be filled in.
pub fn answer_questions(
    run: &Run,
    variants: Vec<(String, Result<Value, String>)>,
) -> Result<Vec<Answer>, QuestionError> {
    let questions = &run.loaded.scenario.questions;
    if questions.is_empty() {
        return Ok(Vec::new());
    }
    let r = &run.results;
    let ids: Vec<String> = r.options.iter().map(|o| o.id.clone()).collect();
    let mut env = filters_environment(r.years.clone());
    let options: Vec<(String, Value)> = r
        .options
        .iter()
        .map(|o| (o.id.clone(), Value::from(Serde(o))))
        .collect();
    let known = ids.clone();
    env.add_function("option", move |id: String| -> Result<Value, Error> {
        options
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| unknown("option", &id, &known))
    });
    let names: Vec<String> = variants.iter().map(|(n, _)| n.clone()).collect();
    env.add_function("variant", move |name: String| -> Result<Value, Error> {
        match variants.iter().find(|(n, _)| *n == name) {
            Some((_, Ok(v))) => Ok(v.clone()),
            Some((_, Err(why))) => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("the variant '{name}' could not be run: {why}"),
            )),
            None if names.is_empty() => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("there is no variant '{name}': the scenario declares no [[variants]]"),
            )),
            None => Err(unknown("variant", &name, &names)),
        }
    });
    let columns = &run.simulation.columns;
    let column = |c: usize| -> Vec<(String, Vec<f64>)> {
        ids.iter()
            .enumerate()
            .map(|(o, id)| (id.clone(), columns.columns[o][c].clone()))
            .collect()
    };
    let n = columns.n as f64;
    for (function, c) in [
        ("p_start_within", col::START_MONTH),
        ("p_cost_above", col::COST),
    ] {
        let values = column(c);
        let known = ids.clone();
        let starts = c == col::START_MONTH;
        env.add_function(function, move |id: String, x: f64| -> Result<f64, Error> {
            let (_, v) = values
                .iter()
                .find(|(k, _)| *k == id)
                .ok_or_else(|| unknown("option", &id, &known))?;
            let count = if starts {
                v.iter().filter(|s| **s <= x).count()
            } else {
                v.iter().filter(|s| **s > x).count()
            };
            Ok(count as f64 / n)
        });
    }
    let ctx = Value::from(Serde(r));
    questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let answer = env
                .render_str(&q.answer, ctx.clone())
                .map_err(|e| QuestionError {
                    index: i + 1,
                    question: q.question.clone(),
                    answer: q.answer.clone(),
                    message: swot_message(&e),
                })?;
            Ok(Answer {
                question: q.question.clone(),
                answer,
            })
        })
        .collect()
}
