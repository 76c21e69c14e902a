//! The model run one option at a time, for a command that needs only the summary: each option's
//! columns are simulated, handed over to be summarised, and dropped, except the few that the
//! comparison of the options reads. The working set is one option's columns rather than every
//! option's, and each pass draws only the inputs its option reads.
//!
//! The results are those of [`super::run`], bit for bit: a draw depends only on the seed, the
//! input's path and the iteration, not on which other inputs are drawn beside it, and each
//! column's values are the same numbers in the same order. Draws clamped into their domain are
//! counted once per input, in the first pass that draws it; an input that no option reads (a
//! criterion's score, say) is drawn in a last pass only when its draws could fall outside its
//! domain, so its count is the whole run's too.

use super::model::{Input, Model};
use super::sample::{BLOCK, Plan};
use super::simulate::{Scratch, simulate};
use super::{Columns, Settings, add_counts, by_block, progress_bar, simulate_block};
use crate::metric::{col, stored_columns};
use crate::scenario::Method;
use rayon::prelude::*;

/// One option's stored metrics as [`run_by_option`] hands them over.
pub enum Simulated<'a> {
    /// Its columns, `[column][iteration]`, which the receiver may empty once it has finished
    /// with them. `over_budget` is empty: it is the cash columns compared with the budget
    /// ([`exceeds`](super::simulate::exceeds)), so it is not stored while the others are.
    Columns(&'a mut [Vec<f64>]),
    /// The stored metrics of an option with nothing uncertain, simulated once: the same in every
    /// iteration.
    Constant(&'a [f64]),
}

/// Runs the model one option at a time. `each(o, simulated)` receives option `o`'s stored
/// metrics as soon as they are simulated, in option order. Of the columns `each` leaves, the run
/// keeps those `c` with `keep[o][c]` and empties the others; an option run once keeps its row
/// ([`Columns::constant`]) and no column.
///
/// # Errors
/// The first error `each` returns; the options after it are not run.
pub fn run_by_option<E>(
    model: &Model,
    settings: &Settings,
    keep: &[Vec<bool>],
    mut each: impl FnMut(usize, Simulated) -> Result<(), E>,
) -> Result<Columns, E> {
    let n = settings.iterations as usize;
    let ninputs = model.inputs.len();
    let plan = Plan::new(model, settings.seed, settings.method, settings.iterations);
    let members: Vec<usize> = model
        .copula
        .as_ref()
        .map_or(Vec::new(), |c| c.members.clone());
    let bar = progress_bar(settings, (n * model.options.len()) as u64);
    let mut counted = vec![false; ninputs];
    let mut clamped = vec![0u64; ninputs];
    // The members' draws, once a pass has drawn them (at once when there are none).
    let mut correlated: Option<Vec<Vec<f64>>> = members.is_empty().then(Vec::new);
    let mut columns = Vec::with_capacity(model.options.len());
    let mut constant = Vec::with_capacity(model.options.len());
    for (o, option) in model.options.iter().enumerate() {
        let mut draw = vec![false; ninputs];
        for &k in &option.inputs_used {
            draw[k] = true;
        }
        let pass = Pass::new(model, &plan, draw, &members, correlated.is_none(), n);
        let (mut cols, block_clamped, drawn_members, row) = pass.simulate(Some(o), bar.as_ref());
        count(&pass.draw, &block_clamped, &mut counted, &mut clamped);
        if !pass.members.is_empty() {
            correlated = Some(drawn_members);
        }
        match &row {
            Some(row) => each(o, Simulated::Constant(row))?,
            None => each(o, Simulated::Columns(&mut cols))?,
        }
        columns.push(cols);
        keep_only(&mut columns[o..], &keep[o..=o]);
        constant.push(row);
    }
    let rest: Vec<bool> = (0..ninputs)
        .map(|k| !counted[k] && may_clamp(&model.inputs[k], settings.method, &members, k))
        .collect();
    if rest.iter().any(|&r| r) || correlated.is_none() {
        let pass = Pass::new(model, &plan, rest, &members, correlated.is_none(), n);
        let (_, block_clamped, drawn_members, _) = pass.simulate(None, None);
        count(&pass.draw, &block_clamped, &mut counted, &mut clamped);
        if !pass.members.is_empty() {
            correlated = Some(drawn_members);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(Columns {
        n,
        columns,
        clamped,
        correlated: correlated.unwrap_or_default(),
        constant,
    })
}

/// Empties every stored column `c` of option `o` without `keep[o][c]`.
pub fn keep_only(columns: &mut [Vec<Vec<f64>>], keep: &[Vec<bool>]) {
    for (cols, keep) in columns.iter_mut().zip(keep) {
        for (column, keep) in cols.iter_mut().zip(keep) {
            if !keep {
                *column = Vec::new();
            }
        }
    }
}

/// Adds the clamped draws of the inputs drawn in a pass and not counted before.
fn count(draw: &[bool], block: &[u64], counted: &mut [bool], clamped: &mut [u64]) {
    for k in 0..draw.len() {
        if draw[k] && !counted[k] {
            clamped[k] += block[k];
            counted[k] = true;
        }
    }
}

/// True when a draw of input `k` could fall outside its domain and be clamped. A PERT, beta or
/// observed input drawn by Monte Carlo stays within its interval ([`crate::dist::Dist::beta_interval`]),
/// so it cannot when its domain holds the interval; every other input is drawn to be sure.
fn may_clamp(input: &Input, method: Method, members: &[usize], k: usize) -> bool {
    if input.fixed.is_some() {
        return false;
    }
    let Some((lo, hi)) = input.dist.beta_interval() else {
        return true;
    };
    let inside = input.domain.lo <= lo && hi <= input.domain.hi;
    !(method == Method::MonteCarlo && !members.contains(&k) && inside)
}

/// One pass over every block of iterations: the inputs `draw` drawn, one option simulated (or
/// none), the draws of the copula's `members` kept (none when the pass need not keep them).
struct Pass<'a> {
    model: &'a Model,
    plan: &'a Plan,
    draw: Vec<bool>,
    members: &'a [usize],
    n: usize,
}

impl<'a> Pass<'a> {
    /// A pass drawing the inputs `draw`, and every member of the copula with any of them (so
    /// that they are drawn jointly). With `keep_members` (no pass has kept the members' draws
    /// yet), it draws the members whatever `draw` holds, and keeps their draws.
    fn new(
        model: &'a Model,
        plan: &'a Plan,
        mut draw: Vec<bool>,
        members: &'a [usize],
        keep_members: bool,
        n: usize,
    ) -> Pass<'a> {
        let joint = members.iter().any(|&k| draw[k]) || (keep_members && !members.is_empty());
        if joint {
            members.iter().for_each(|&k| draw[k] = true);
        }
        Pass {
            model,
            plan,
            draw,
            members: if joint && keep_members { members } else { &[] },
            n,
        }
    }
}

impl Pass<'_> {
    /// The option's stored columns (none for `None`) but `over_budget`, which is left empty; the
    /// clamped draws per input; the draws of the members; and, for an option with nothing
    /// uncertain, its one row of stored metrics instead of its columns (each left empty).
    #[allow(clippy::type_complexity)]
    fn simulate(
        &self,
        option: Option<usize>,
        bar: Option<&indicatif::ProgressBar>,
    ) -> (Vec<Vec<f64>>, Vec<u64>, Vec<Vec<f64>>, Option<Vec<f64>>) {
        let (model, n) = (self.model, self.n);
        let ncols = if option.is_some() {
            stored_columns(model.years)
        } else {
            0
        };
        let ninputs = model.inputs.len();
        if let Some(o) = option
            && self.members.is_empty()
            && (0..ninputs).all(|k| !self.draw[k] || model.inputs[k].fixed.is_some())
        {
            // Nothing uncertain: every iteration is the same, so the option is simulated once.
            let mut values = vec![0.0; ninputs];
            let mut none = vec![0u64; ninputs];
            self.plan.fill_block_of(
                &model.inputs,
                Some(&self.draw),
                0,
                1,
                &mut values,
                &mut none,
            );
            let mut metrics = vec![0.0; ncols];
            simulate(
                model,
                &model.options[o],
                &values[..],
                &mut Scratch::default(),
                &mut metrics,
            );
            if let Some(bar) = bar {
                bar.inc(n as u64);
            }
            let cols = (0..ncols).map(|_| Vec::new()).collect();
            return (cols, none, Vec::new(), Some(metrics));
        }
        let mut cols: Vec<Vec<f64>> = (0..ncols).map(|c| stored(c, || vec![0.0; n])).collect();
        let mut kept: Vec<Vec<f64>> = self.members.iter().map(|_| vec![0.0; n]).collect();
        let per_block = by_block(cols.iter_mut().chain(kept.iter_mut()), n);
        let clamped = per_block
            .into_par_iter()
            .enumerate()
            // One buffer of input values per task, not per block: only the inputs drawn are
            // written and read, each in full, so what another block left in the others is never
            // read (and zeroing a buffer of every input for every block cost 3% of the run).
            .map_init(
                || vec![0.0; ninputs * BLOCK],
                |buffer, (b, mut outs)| {
                    let len = BLOCK.min(n - b * BLOCK);
                    let mut clamped = vec![0u64; ninputs];
                    let values = &mut buffer[..ninputs * len];
                    self.plan.fill_block_of(
                        &model.inputs,
                        Some(&self.draw),
                        b,
                        len,
                        values,
                        &mut clamped,
                    );
                    if let Some(o) = option {
                        let scratch = &mut Scratch::default();
                        simulate_block(model, &model.options[o], values, len, &mut outs, scratch);
                    }
                    for (j, &k) in self.members.iter().enumerate() {
                        outs[ncols + j].copy_from_slice(&values[k * len..(k + 1) * len]);
                    }
                    if let Some(bar) = bar {
                        bar.inc(len as u64);
                    }
                    clamped
                },
            )
            .reduce(|| vec![0u64; ninputs], add_counts);
        (cols, clamped, kept, None)
    }
}

/// Stored column `c` as `column()` makes it, or empty for `over_budget`, which is not stored.
fn stored(c: usize, column: impl FnOnce() -> Vec<f64>) -> Vec<f64> {
    if c == col::OVER_BUDGET {
        Vec::new()
    } else {
        column()
    }
}
