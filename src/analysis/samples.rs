//! The samples table: one row per iteration and option, with every input the option's metrics
//! depend on (as used, after clamping), the criteria's scores and weights, and every metric, so
//! that any row can be recomputed by hand from docs/model.md (sections 10 and 15).
//!
//! The input columns are shared between options, so that the table grows with the options and
//! not with their square: an option's own input `options.ID.REST` is the column `option.REST`,
//! filled from that option's input in its rows; a criterion's score `criteria.C.scores.ID` is the
//! column `criteria.C.score`; inputs of no one option (parameters, demand, weights) keep their
//! paths.

use super::mca;
use crate::engine::input_columns;
use crate::engine::model::InputRole;
use crate::metric;
use crate::results::metric_column;
use crate::run::Run;

/// Every iteration's inputs and metrics.
#[derive(Debug, Clone)]
pub struct Samples {
    /// Iterations.
    pub n: usize,
    /// Option ids, in scenario order.
    pub options: Vec<String>,
    /// Every input, in model order, then the criteria's weights.
    pub inputs: Vec<SampleInput>,
    /// The input columns of the table, in order.
    pub columns: Vec<SampleColumn>,
    /// Metric names, in output order.
    pub metric_names: Vec<String>,
    /// `metrics[option][metric][iteration]`; NaN where a metric is undefined.
    pub metrics: Vec<Vec<Vec<f64>>>,
}

/// One input's values.
#[derive(Debug, Clone)]
pub struct SampleInput {
    /// Its path in the scenario.
    pub path: String,
    /// Whether each option's metrics depend on it (in option order).
    pub used_by: Vec<bool>,
    /// Its value in each iteration: a fixed value, or one per iteration (for a risk's
    /// occurrence, 1 when it occurred and 0 when not).
    pub values: SampleValues,
}

/// One input column of the table: its name, and which input fills it in each option's rows.
#[derive(Debug, Clone)]
pub struct SampleColumn {
    /// `option.REST` for an option's own input, `criteria.C.score` for a criterion's score,
    /// else the input's path.
    pub name: String,
    /// Per option (in option order), the index in [`Samples::inputs`] of the input whose values
    /// fill the column in that option's rows; `None` where the column is left empty.
    pub fill: Vec<Option<usize>>,
}

/// The column of an input `path`, and the option that owns it (`None` for a shared input).
fn column_name(path: &str, options: &[String]) -> (String, Option<usize>) {
    for (o, id) in options.iter().enumerate() {
        if let Some(rest) = path
            .strip_prefix("options.")
            .and_then(|p| p.strip_prefix(id.as_str()))
            .and_then(|p| p.strip_prefix('.'))
        {
            return (format!("option.{rest}"), Some(o));
        }
        if let Some(criterion) = path
            .strip_prefix("criteria.")
            .and_then(|p| p.strip_suffix(id.as_str()))
            .and_then(|p| p.strip_suffix(".scores."))
        {
            return (format!("criteria.{criterion}.score"), Some(o));
        }
    }
    (path.to_string(), None)
}

/// The input columns of `inputs`, in the order each name first appears: a column is filled in
/// an option's rows by the input of that name the option uses (its own, or a shared one).
fn input_columns_of(inputs: &[SampleInput], options: &[String]) -> Vec<SampleColumn> {
    let mut columns: Vec<SampleColumn> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (k, input) in inputs.iter().enumerate() {
        let (name, owner) = column_name(&input.path, options);
        let c = *index.entry(name.clone()).or_insert_with(|| {
            columns.push(SampleColumn {
                name,
                fill: vec![None; options.len()],
            });
            columns.len() - 1
        });
        for (o, used) in input.used_by.iter().enumerate() {
            if *used && owner.is_none_or(|owner| owner == o) {
                columns[c].fill[o] = Some(k);
            }
        }
    }
    columns
}

/// An input's values over the iterations.
#[derive(Debug, Clone)]
pub enum SampleValues {
    /// The same value in every iteration.
    Fixed(f64),
    /// One value per iteration.
    Drawn(Vec<f64>),
}

impl SampleValues {
    /// The value in iteration `i`.
    pub fn at(&self, i: usize) -> f64 {
        match self {
            SampleValues::Fixed(x) => *x,
            SampleValues::Drawn(v) => v[i],
        }
    }
}

/// The samples of a finished run: its draws, regenerated from their streams (a draw depends
/// only on the seed, the input's path and the iteration), and its metric columns.
pub fn of_run(run: &Run) -> Samples {
    let sim = &run.simulation;
    let model = &sim.model;
    let n = sim.columns.n;
    let drawn: Vec<usize> = (0..model.inputs.len())
        .filter(|&k| model.inputs[k].fixed.is_none())
        .collect();
    let mut columns = input_columns(model, sim.settings.seed, sim.settings.method, n, &drawn);
    let column_of = |k: usize| drawn.binary_search(&k).ok();
    let value = |columns: &[Vec<f64>], k: usize, i: usize| match column_of(k) {
        Some(c) => columns[c][i],
        None => model.inputs[k].fixed.expect("an input is fixed or drawn"),
    };
    // Occurrences first, while every draw is still at hand.
    let mut values: Vec<Option<SampleValues>> = model
        .inputs
        .iter()
        .enumerate()
        .map(|(k, input)| match input.role {
            InputRole::Occurs { probability } => Some(SampleValues::Drawn(
                (0..n)
                    .map(|i| {
                        let occurs = value(&columns, k, i) < value(&columns, probability, i);
                        if occurs { 1.0 } else { 0.0 }
                    })
                    .collect(),
            )),
            InputRole::Quantity => None,
        })
        .collect();
    for (k, v) in values.iter_mut().enumerate() {
        if v.is_none() {
            *v = Some(match column_of(k) {
                Some(c) => SampleValues::Drawn(std::mem::take(&mut columns[c])),
                None => SampleValues::Fixed(value(&columns, k, 0)),
            });
        }
    }
    // A criterion's score belongs to the row of the option it scores (docs/model.md section 15).
    let scores: Vec<(usize, usize)> = mca::score_inputs(run).into_iter().flatten().collect();
    let mut inputs: Vec<SampleInput> = model
        .inputs
        .iter()
        .zip(values)
        .enumerate()
        .map(|(k, (input, values))| SampleInput {
            path: input.path.clone(),
            used_by: (model.options.iter().enumerate())
                .map(|(o, m)| m.inputs_used.binary_search(&k).is_ok() || scores.contains(&(k, o)))
                .collect(),
            values: values.expect("every input has its values"),
        })
        .collect();
    inputs.extend(
        mca::weight_columns(run)
            .into_iter()
            .map(|(path, w)| SampleInput {
                path,
                used_by: vec![true; model.options.len()],
                values: SampleValues::Drawn(w),
            }),
    );
    let metric_names = metric::names(model.years);
    let metrics = (0..model.options.len())
        .map(|o| {
            metric_names
                .iter()
                .map(|m| {
                    metric_column(&sim.columns, o, m)
                        .expect("known metric")
                        .into_owned()
                })
                .collect()
        })
        .collect();
    let options: Vec<String> = model.options.iter().map(|o| o.id.clone()).collect();
    Samples {
        n,
        columns: input_columns_of(&inputs, &options),
        options,
        inputs,
        metric_names,
        metrics,
    }
}
