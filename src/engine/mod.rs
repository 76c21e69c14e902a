//! The Monte Carlo engine: sample every input, run every option, keep the metric columns.
//!
//! Work is split into fixed blocks of iterations ([`sample::BLOCK`]); each block draws its own
//! streams and writes its own slice of every column, so the result is the same, bit for bit,
//! whatever the number of threads. The work runs on the current rayon thread pool: the caller
//! decides how many threads it has.

pub mod by_option;
pub mod memory;
pub mod model;
pub mod sample;
pub mod simulate;

use crate::metric::stored_columns;
use crate::request::Analyses;
use crate::scenario::{Loaded, Method};
use memory::MemoryError;
use model::{Model, OptionModel};
use rayon::prelude::*;
use sample::{BLOCK, Plan};
use simulate::{Scratch, Strided, simulate};

/// How to run the model.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Number of iterations.
    pub iterations: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Sampling method.
    pub method: Method,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

impl Settings {
    /// The settings of a run of `loaded`: each value given here, else the scenario's.
    pub fn of(
        loaded: &Loaded,
        iterations: Option<u64>,
        seed: Option<u64>,
        method: Option<Method>,
        progress: bool,
    ) -> Settings {
        let a = &loaded.scenario.appraisal;
        Settings {
            iterations: iterations.unwrap_or(a.iterations),
            seed: seed.or(a.seed).unwrap_or(DEFAULT_SEED),
            method: method.unwrap_or(a.method),
            progress,
        }
    }
}

/// The seed used when neither the command line nor the scenario gives one.
pub const DEFAULT_SEED: u64 = 2025;

/// The stored metric columns of a run.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Iterations run.
    pub n: usize,
    /// `columns[option][column][iteration]`, columns as in [`crate::metric::col`].
    pub columns: Vec<Vec<Vec<f64>>>,
    /// Draws clamped into their domain, per input.
    pub clamped: Vec<u64>,
    /// The draws of each correlated parameter (the copula's members, in their order), kept so
    /// that the correlation achieved can be measured; empty without correlations.
    pub correlated: Vec<Vec<f64>>,
    /// For an option with nothing uncertain run once ([`by_option`]), its one row of stored
    /// metrics, the same in every iteration: its columns are then left empty. Empty, or `None`
    /// for each option, when every column is held.
    pub constant: Vec<Option<Vec<f64>>>,
}

impl Columns {
    /// Stored column `k` of option `o`, filled in from its one row for an option run once.
    pub fn stored(&self, o: usize, k: usize) -> std::borrow::Cow<'_, [f64]> {
        match self.constant.get(o) {
            Some(Some(row)) => std::borrow::Cow::Owned(vec![row[k]; self.n]),
            _ => std::borrow::Cow::Borrowed(&self.columns[o][k]),
        }
    }
}

/// A simulated scenario: the compiled model, how it was run and what it stored.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The compiled model.
    pub model: Model,
    /// How it was run.
    pub settings: Settings,
    /// The stored metric columns.
    pub columns: Columns,
}

/// Compiles a loaded scenario and runs it.
pub fn simulate_scenario(loaded: &Loaded, settings: Settings) -> Simulation {
    simulate_model(model::compile(&loaded.scenario), settings)
}

/// Compiles a loaded scenario and runs it, if the run (with the analyses asked of it) fits in
/// the memory available.
///
/// # Errors
/// [`MemoryError`] when it would not fit; nothing has run.
pub fn simulate_within_memory(
    loaded: &Loaded,
    settings: Settings,
    analyses: Analyses,
) -> Result<Simulation, MemoryError> {
    let model = model::compile(&loaded.scenario);
    memory::check(&model, settings.iterations, analyses)?;
    Ok(simulate_model(model, settings))
}

/// Runs a compiled model and keeps it with its settings and columns.
fn simulate_model(model: Model, settings: Settings) -> Simulation {
    let columns = run(&model, &settings);
    Simulation {
        model,
        settings,
        columns,
    }
}

/// Runs the model.
pub fn run(model: &Model, settings: &Settings) -> Columns {
    let n = settings.iterations as usize;
    let ncols = stored_columns(model.years);
    let nopt = model.options.len();
    let mut cols: Vec<Vec<Vec<f64>>> = (0..nopt)
        .map(|_| (0..ncols).map(|_| vec![0.0; n]).collect())
        .collect();
    let members: Vec<usize> = model
        .copula
        .as_ref()
        .map_or(Vec::new(), |c| c.members.clone());
    let mut correlated: Vec<Vec<f64>> = members.iter().map(|_| vec![0.0; n]).collect();
    let per_block = by_block(cols.iter_mut().flatten().chain(correlated.iter_mut()), n);
    let plan = Plan::new(model, settings.seed, settings.method, settings.iterations);
    let bar = progress_bar(settings, n as u64);
    let ninputs = model.inputs.len();
    let clamped = per_block
        .into_par_iter()
        .enumerate()
        .map(|(b, mut outs)| {
            let len = outs.first().map_or(0, |c| c.len());
            let mut clamped = vec![0u64; ninputs];
            let values = block_inputs(model, &plan, b, len, &mut clamped);
            let mut scratch = Scratch::default();
            for (o, option) in outs.chunks_mut(ncols).zip(&model.options) {
                simulate_block(model, option, &values, len, o, &mut scratch);
            }
            for (j, &k) in members.iter().enumerate() {
                outs[nopt * ncols + j].copy_from_slice(&values[k * len..(k + 1) * len]);
            }
            if let Some(bar) = &bar {
                bar.inc(len as u64);
            }
            clamped
        })
        .reduce(|| vec![0u64; ninputs], add_counts);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Columns {
        n,
        columns: cols,
        clamped,
        correlated,
        constant: Vec::new(),
    }
}

/// Simulates `option` in each of the `len` iterations of a block whose input values are `values`
/// (input-major, as [`block_inputs`] gives them), writing its stored metrics into
/// `outs[column][iteration]` (none into an empty column).
fn simulate_block(
    model: &Model,
    option: &OptionModel,
    values: &[f64],
    len: usize,
    outs: &mut [&mut [f64]],
    scratch: &mut Scratch,
) {
    let mut metrics = vec![0.0; stored_columns(model.years)];
    for i in 0..len {
        let row = Strided {
            data: values,
            len,
            i,
        };
        simulate(model, option, &row, scratch, &mut metrics);
        for (column, m) in outs.iter_mut().zip(&metrics) {
            if let Some(out) = column.get_mut(i) {
                *out = *m;
            }
        }
    }
}

/// The columns of `n` values cut into blocks of [`BLOCK`]: `[block][column]`, for the work on
/// each block to write its own part of every column. An empty column is one not stored: each
/// block gets an empty part of it, which [`simulate_block`] leaves alone.
fn by_block<'a>(
    columns: impl Iterator<Item = &'a mut Vec<f64>>,
    n: usize,
) -> Vec<Vec<&'a mut [f64]>> {
    let mut per_block: Vec<Vec<&mut [f64]>> = (0..n.div_ceil(BLOCK)).map(|_| Vec::new()).collect();
    for column in columns {
        if column.is_empty() {
            per_block.iter_mut().for_each(|b| b.push(&mut []));
        }
        for (b, chunk) in column.chunks_mut(BLOCK).enumerate() {
            per_block[b].push(chunk);
        }
    }
    per_block
}

/// Two blocks' counts of clamped draws per input, added.
fn add_counts(mut a: Vec<u64>, b: Vec<u64>) -> Vec<u64> {
    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
    a
}

/// The input values of block `b` (input-major, `len` per input), as the run used them.
pub fn block_inputs(
    model: &Model,
    plan: &Plan,
    b: usize,
    len: usize,
    clamped: &mut [u64],
) -> Vec<f64> {
    let mut values = vec![0.0; model.inputs.len() * len];
    plan.fill_block(&model.inputs, b, len, &mut values, clamped);
    values
}

/// The values inputs `which` took in each iteration of a run of `n` iterations (`columns[j]` for
/// `which[j]`), regenerated exactly as the run drew them: a draw depends only on the seed, the
/// input's path and the iteration, so a plan over just these inputs (plus any parameters they
/// are correlated with) reproduces them.
pub fn input_columns(
    model: &Model,
    seed: u64,
    method: Method,
    n: usize,
    which: &[usize],
) -> Vec<Vec<f64>> {
    let mut keep: Vec<usize> = which.to_vec();
    if let Some(c) = &model.copula
        && which.iter().any(|k| c.members.contains(k))
    {
        keep.extend(&c.members);
    }
    keep.sort_unstable();
    keep.dedup();
    let local = |k: usize| keep.iter().position(|x| *x == k).expect("kept");
    let copula = model.copula.as_ref().and_then(|c| {
        c.members
            .iter()
            .all(|m| keep.contains(m))
            .then(|| model::Copula {
                members: c.members.iter().map(|m| local(*m)).collect(),
                cholesky: c.cholesky.clone(),
                targets: Vec::new(),
            })
    });
    let reduced = Model {
        inputs: keep.iter().map(|k| model.inputs[*k].clone()).collect(),
        options: Vec::new(),
        years: model.years,
        discount: Vec::new(),
        uplift: Vec::new(),
        budget: None,
        copula,
    };
    let plan = Plan::new(&reduced, seed, method, n as u64);
    let mut all: Vec<Vec<f64>> = (0..keep.len()).map(|_| vec![0.0; n]).collect();
    // Each block fills its own slice of every column, as in `run`.
    let mut per_block: Vec<Vec<&mut [f64]>> = (0..n.div_ceil(BLOCK))
        .map(|_| Vec::with_capacity(keep.len()))
        .collect();
    for column in &mut all {
        for (b, chunk) in column.chunks_mut(BLOCK).enumerate() {
            per_block[b].push(chunk);
        }
    }
    per_block.into_par_iter().enumerate().for_each(|(b, outs)| {
        let len = BLOCK.min(n - b * BLOCK);
        let mut clamped = vec![0u64; keep.len()];
        let values = block_inputs(&reduced, &plan, b, len, &mut clamped);
        for (j, out) in outs.into_iter().enumerate() {
            out.copy_from_slice(&values[j * len..(j + 1) * len]);
        }
    });
    which
        .iter()
        .map(|k| std::mem::take(&mut all[local(*k)]))
        .collect()
}

fn progress_bar(settings: &Settings, n: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !settings.progress || n < 200_000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} running {pos}/{len} iterations [{bar:30}] {eta} left",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}
