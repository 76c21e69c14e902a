//! Comparing options under a willingness to pay (docs/model.md section 7): net benefit, the
//! probability that each option is best and the cost-effectiveness acceptability curve (CEAC),
//! the expected value of perfect information (EVPI), and the incremental analysis against the
//! baseline with dominance and extended dominance.
//!
//! The inputs are columns `effect[option][iteration]`, in units of the effect metric
//! (`completions` unless the user names another), and `cost[option][iteration]`, the metric
//! `cost_pv` in £ (real, discounted). A willingness to pay λ is in £ per unit of effect. The
//! net benefit of an option in an iteration, in £, is NB = λ × effect − cost, evaluated as
//! exactly that f64 expression (`lambda * effect - cost`, no fused multiply-add), so anyone
//! holding the samples CSV can recompute every figure here to the last bit:
//!
//! - a mean is the sum in index order, starting from +0, divided by the number of iterations
//!   (as [`crate::stats::summarise`]);
//! - a probability of being best counts wins in integers; a tie of k options gives each 1/k,
//!   as [`crate::results::probability_best`], to which it is bit-identical when there are no
//!   ties (with ties the shares are added in a different order and may differ in the last bit).
//!
//! The columns must all have the same length, and the values must be finite (they are for
//! `cost_pv`, `completions` and `engaged`); λ must be finite.

use rayon::prelude::*;
use serde::Serialize;

/// Iterations handled together: small enough that a block of every option's effect and cost
/// stays in the core's cache while each λ of a chunk of the grid passes over it.
const BLOCK: usize = 1024;

/// Share of iterations in which each option has the highest net benefit at `lambda` (£ per
/// unit of effect); a tie of k options gives each 1/k, as [`crate::results::probability_best`].
/// The shares sum to 1 up to rounding. With no iterations every share is NaN.
///
/// # Panics
/// If `effect` and `cost` do not have one column per option, all of the same length.
pub fn probability_best_nb(effect: &[Vec<f64>], cost: &[Vec<f64>], lambda: f64) -> Vec<f64> {
    let n = iterations(effect, cost);
    sweep(effect, cost, &[lambda], false)[0].shares(n)
}

/// The cost-effectiveness acceptability curve: for each λ of `grid` (£ per unit of effect),
/// each option's probability of having the highest net benefit, indexed `[lambda][option]`.
///
/// Runs in parallel over chunks of the grid (rayon). Each λ is computed by one thread in index
/// order, so row k is bit-identical to `probability_best_nb(effect, cost, grid[k])` whatever
/// the number of threads.
///
/// # Panics
/// As [`probability_best_nb`].
pub fn ceac(effect: &[Vec<f64>], cost: &[Vec<f64>], grid: &[f64]) -> Vec<Vec<f64>> {
    let n = iterations(effect, cost);
    sweep_parallel(effect, cost, grid, false)
        .iter()
        .map(|t| t.shares(n))
        .collect()
}

/// The expected value of perfect information at `lambda`, in £ per decision: the mean over
/// iterations of the highest net benefit, minus the highest of the options' mean net benefits.
/// It is the most it would be worth paying to remove all uncertainty before choosing.
///
/// It is never negative, and it is exactly 0 when one option has the highest net benefit in
/// every iteration. No clamping is needed for either: both means are sums in index order with
/// the same association, and rounded addition and division are monotone, so since the highest
/// net benefit of each iteration is at least every option's, the first mean is at least every
/// option's mean, bit for bit; and when one option is highest throughout, the two sums add the
/// same numbers in the same order. NaN when there are no iterations or no options.
///
/// # Panics
/// As [`probability_best_nb`].
pub fn evpi(effect: &[Vec<f64>], cost: &[Vec<f64>], lambda: f64) -> f64 {
    let n = iterations(effect, cost);
    sweep(effect, cost, &[lambda], true)[0].evpi(n)
}

/// The default grid of λ for the acceptability curve: `points` values evenly spaced from 0 to
/// a top value, the first exactly 0 and the last exactly the top.
///
/// The top is 3 × the largest mean cost per unit of effect (mean cost / mean effect, £ per
/// unit) among options with a positive mean effect. When no option has a positive mean effect,
/// or that ratio is not positive, it is 3 × the largest mean cost; when that is not positive
/// either (nothing costs anything), it is £1 per unit, so the grid is never degenerate.
///
/// # Panics
/// As [`probability_best_nb`].
pub fn default_grid(effect: &[Vec<f64>], cost: &[Vec<f64>], points: usize) -> Vec<f64> {
    iterations(effect, cost);
    let mean_effect: Vec<f64> = effect.iter().map(|c| mean(c)).collect();
    let mean_cost: Vec<f64> = cost.iter().map(|c| mean(c)).collect();
    let ratio = mean_effect
        .iter()
        .zip(&mean_cost)
        .filter(|(e, _)| **e > 0.0)
        .map(|(e, c)| c / e)
        .fold(f64::NEG_INFINITY, f64::max);
    let largest_cost = mean_cost.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let usable = |x: f64| x > 0.0 && x.is_finite();
    let top = [3.0 * ratio, 3.0 * largest_cost]
        .into_iter()
        .find(|x| usable(*x))
        .unwrap_or(1.0);
    match points {
        0 => Vec::new(),
        1 => vec![0.0],
        _ => (0..points)
            .map(|k| top * (k as f64 / (points - 1) as f64))
            .collect(),
    }
}

/// Where an option stands in the incremental analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IcerStatus {
    /// The reference for the deltas: the option of kind `baseline`, or the least costly option
    /// when there is none (see [`analyse`]).
    Baseline,
    /// Strongly dominated: another option is at least as effective and no more costly, and
    /// strictly better on one of the two.
    Dominated,
    /// Extendedly dominated: a mix of the two frontier options either side of it in effect
    /// would give its effect for less; its ICER against the previous frontier option is higher
    /// than that of the next frontier option.
    ExtendedlyDominated,
    /// On the cost-effectiveness frontier: ICERs increase along it.
    Frontier,
}

/// One option in the incremental analysis. Costs are in £ (`cost_pv`), effects in units of the
/// effect metric, ratios in £ per unit of effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IcerRow {
    /// The option (as passed in `names`).
    pub option: String,
    /// Mean cost (£).
    pub mean_cost: f64,
    /// Mean effect (units of the effect metric).
    pub mean_effect: f64,
    /// Mean cost minus the reference's mean cost (£).
    pub delta_cost: f64,
    /// Mean effect minus the reference's mean effect (units).
    pub delta_effect: f64,
    /// `delta_cost / delta_effect` (£ per unit); `None` when `delta_effect` is 0, as for the
    /// reference itself. The ratio alone does not say which quadrant the option is in: a
    /// positive ratio may mean "costs more, achieves more" or "saves money, achieves less";
    /// read the signs of the deltas.
    pub icer_vs_baseline: Option<f64>,
    /// Dominance status. The reference is always `baseline`, whatever its place on the
    /// frontier; `icer_on_frontier` and `dominated_by` still tell where it stands.
    pub status: IcerStatus,
    /// For an option on the frontier, its ICER against the next less effective frontier option
    /// (£ per unit); `None` for the least effective frontier option and for dominated options.
    pub icer_on_frontier: Option<f64>,
    /// For a strongly dominated option, the least costly of the options that dominate it (the
    /// more effective first among equally costly ones); for an extendedly dominated option, the
    /// next more effective frontier option, which mixed with the next less effective one
    /// dominates it. `None` otherwise.
    pub dominated_by: Option<String>,
}

/// The incremental analysis (Drummond et al., *Methods for the Economic Evaluation of Health
/// Care Programmes*, 4th ed., 2015, section 4.5): one row per option, in the order given,
/// with deltas and ICERs against `baseline` (an index into `names`) and each option's
/// dominance status.
///
/// Every option takes part in the dominance analysis, the reference included. An option is
/// strongly dominated when another is at least as effective and no more costly, one of them
/// strictly. The rest, sorted by mean effect, have strictly increasing mean cost; an option is
/// extendedly dominated when its ICER against the previous frontier option is strictly higher
/// than the next option's ICER against it, and such options are removed until ICERs increase
/// along what remains (computed as the lower convex hull in one pass; options on a straight
/// stretch of the frontier, with equal ICERs, stay on it). Options with exactly the same mean
/// cost and mean effect dominate neither each other nor anything the other does not: they
/// share one place, status and frontier ICER.
///
/// # Panics
/// If the three slices differ in length or `baseline` is not an index into them. Means must be
/// finite.
pub fn icer_table(
    names: &[String],
    mean_cost: &[f64],
    mean_effect: &[f64],
    baseline: usize,
) -> Vec<IcerRow> {
    let m = names.len();
    assert!(
        mean_cost.len() == m && mean_effect.len() == m,
        "icer_table needs one mean cost and one mean effect per option"
    );
    assert!(
        baseline < m,
        "baseline {baseline} is not one of {m} options"
    );
    let (c, e) = (mean_cost, mean_effect);
    let dominates =
        |a: usize, b: usize| e[a] >= e[b] && c[a] <= c[b] && (e[a] > e[b] || c[a] < c[b]);
    // The least costly dominator, the more effective among equals: nothing dominates it, since
    // whatever did would dominate the option too and be chosen instead.
    let dominator: Vec<Option<usize>> = (0..m)
        .map(|b| {
            (0..m)
                .filter(|&a| dominates(a, b))
                .min_by(|&x, &y| c[x].total_cmp(&c[y]).then(e[y].total_cmp(&e[x])))
        })
        .collect();

    // The undominated options by increasing effect, identical points next to each other.
    // Between two distinct undominated points both effect and cost strictly increase.
    let mut undominated: Vec<usize> = (0..m).filter(|&o| dominator[o].is_none()).collect();
    undominated.sort_by(|&x, &y| e[x].total_cmp(&e[y]).then(c[x].total_cmp(&c[y])));
    let same_point = |a: usize, b: usize| e[a] == e[b] && c[a] == c[b];
    let icer = |from: usize, to: usize| (c[to] - c[from]) / (e[to] - e[from]);

    // Lower convex hull over the distinct points, each represented by its first option.
    let mut hull: Vec<usize> = Vec::new();
    for (k, &p) in undominated.iter().enumerate() {
        if k > 0 && same_point(undominated[k - 1], p) {
            continue;
        }
        while let [.., a, b] = hull[..] {
            if icer(a, b) > icer(b, p) {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(p);
    }

    (0..m)
        .map(|o| {
            let (mut status, mut on_frontier, mut by) = (IcerStatus::Dominated, None, None);
            if let Some(d) = dominator[o] {
                by = Some(d);
            } else if let Some(h) = hull.iter().position(|&p| same_point(p, o)) {
                status = IcerStatus::Frontier;
                on_frontier = h.checked_sub(1).map(|prev| icer(hull[prev], hull[h]));
            } else {
                status = IcerStatus::ExtendedlyDominated;
                // The most effective undominated point is always on the hull.
                by = hull.iter().copied().find(|&p| e[p] > e[o]);
            }
            if o == baseline {
                status = IcerStatus::Baseline;
            }
            let delta_cost = c[o] - c[baseline];
            let delta_effect = e[o] - e[baseline];
            IcerRow {
                option: names[o].clone(),
                mean_cost: c[o],
                mean_effect: e[o],
                delta_cost,
                delta_effect,
                icer_vs_baseline: (delta_effect != 0.0).then(|| delta_cost / delta_effect),
                status,
                icer_on_frontier: on_frontier,
                dominated_by: by.map(|d| names[d].clone()),
            }
        })
        .collect()
}

/// Everything about the options under one willingness to pay, for the JSON results, the
/// terminal and the report's charts. Vectors indexed by option follow the order of the names
/// passed to [`analyse`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WtpAnalysis {
    /// The metric counted as effect (`completions` unless the user names another).
    pub effect_metric: String,
    /// The willingness to pay analysed (£ per unit of effect).
    pub lambda: f64,
    /// Mean net benefit of each option at `lambda` (£): the mean of λ × effect − cost_pv.
    pub net_benefit_mean: Vec<f64>,
    /// Share of iterations in which each option has the highest net benefit at `lambda`.
    pub probability_best: Vec<f64>,
    /// Expected value of perfect information at `lambda` (£ per decision).
    pub evpi: f64,
    /// Willingness-to-pay values of the acceptability curve (£ per unit of effect).
    pub grid: Vec<f64>,
    /// The acceptability curve, `[grid point][option]`: each option's probability of having
    /// the highest net benefit at that λ.
    pub ceac: Vec<Vec<f64>>,
    /// EVPI at each λ of `grid` (£ per decision).
    pub evpi_curve: Vec<f64>,
    /// The incremental analysis against the reference, one row per option (see [`icer_table`]).
    pub icer: Vec<IcerRow>,
}

/// The whole analysis at willingness to pay `lambda` (£ per unit of `effect_metric`), with the
/// acceptability and EVPI curves over `grid` (see [`default_grid`]).
///
/// `baseline` is the index of the option of kind `baseline`. When there is none the reference
/// for the incremental analysis is the option with the lowest mean cost (the more effective
/// among equally costly ones, then the first), and its row has status `baseline`.
///
/// One parallel pass over the data gives every λ (the grid and `lambda`); each figure is
/// bit-identical to what [`probability_best_nb`] and [`evpi`] give alone, and the mean net
/// benefit to the mean of [`crate::stats::summarise`] over the net benefit column.
///
/// # Panics
/// If `names`, `effect` and `cost` do not have one entry per option, or the columns differ in
/// length.
pub fn analyse(
    names: &[String],
    effect: &[Vec<f64>],
    cost: &[Vec<f64>],
    effect_metric: &str,
    lambda: f64,
    grid: Vec<f64>,
    baseline: Option<usize>,
) -> WtpAnalysis {
    let n = iterations(effect, cost);
    assert_eq!(names.len(), effect.len(), "one name per option");
    let mut lambdas = grid.clone();
    lambdas.push(lambda);
    let mut tallies = sweep_parallel(effect, cost, &lambdas, true);
    let at_lambda = tallies.pop().expect("lambda was pushed");
    let mean_cost: Vec<f64> = cost.iter().map(|c| mean(c)).collect();
    let mean_effect: Vec<f64> = effect.iter().map(|c| mean(c)).collect();
    let reference = baseline.or_else(|| {
        (0..names.len()).min_by(|&x, &y| {
            mean_cost[x]
                .total_cmp(&mean_cost[y])
                .then(mean_effect[y].total_cmp(&mean_effect[x]))
        })
    });
    WtpAnalysis {
        effect_metric: effect_metric.to_string(),
        lambda,
        net_benefit_mean: at_lambda.sum_nb.iter().map(|s| s / n as f64).collect(),
        probability_best: at_lambda.shares(n),
        evpi: at_lambda.evpi(n),
        ceac: tallies.iter().map(|t| t.shares(n)).collect(),
        evpi_curve: tallies.iter().map(|t| t.evpi(n)).collect(),
        grid,
        icer: reference.map_or_else(Vec::new, |r| icer_table(names, &mean_cost, &mean_effect, r)),
    }
}

/// The number of iterations, after checking that the columns fit together.
fn iterations(effect: &[Vec<f64>], cost: &[Vec<f64>]) -> usize {
    assert_eq!(
        effect.len(),
        cost.len(),
        "effect and cost need one column per option"
    );
    let n = effect.first().map_or(0, Vec::len);
    assert!(
        effect.iter().chain(cost).all(|c| c.len() == n),
        "every effect and cost column needs one value per iteration"
    );
    n
}

/// Sum in index order from +0, divided by the count (as `stats::summarise`).
fn mean(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |s, v| s + v) / x.len() as f64
}

/// What one pass over the iterations gathers for one λ.
struct Tally {
    /// Number of options.
    nopt: usize,
    /// Per option, the iterations in which it alone had the highest net benefit.
    sole: Vec<u64>,
    /// At `o * (nopt + 1) + k`: the iterations in which option o tied with k − 1 others for the
    /// highest net benefit.
    tied: Vec<u64>,
    /// Per option, Σ NB in index order from +0 (only when sums are asked for).
    sum_nb: Vec<f64>,
    /// Σ over iterations of the highest NB, in index order from +0 (likewise).
    sum_max: f64,
}

impl Tally {
    fn new(nopt: usize) -> Tally {
        Tally {
            nopt,
            sole: vec![0; nopt],
            tied: vec![0; nopt * (nopt + 1)],
            sum_nb: vec![0.0; nopt],
            sum_max: 0.0,
        }
    }

    /// Share of `n` iterations in which each option is best, ties shared.
    fn shares(&self, n: usize) -> Vec<f64> {
        (0..self.nopt)
            .map(|o| {
                let mut wins = self.sole[o] as f64;
                for k in 2..=self.nopt {
                    wins += self.tied[o * (self.nopt + 1) + k] as f64 / k as f64;
                }
                wins / n as f64
            })
            .collect()
    }

    /// EVPI over `n` iterations (see [`evpi`]).
    fn evpi(&self, n: usize) -> f64 {
        let best_mean = self
            .sum_nb
            .iter()
            .map(|s| s / n as f64)
            .fold(f64::NAN, f64::max);
        self.sum_max / n as f64 - best_mean
    }
}

/// [`sweep`] over chunks of `lambdas` in parallel, results in the order of `lambdas`.
fn sweep_parallel(
    effect: &[Vec<f64>],
    cost: &[Vec<f64>],
    lambdas: &[f64],
    sums: bool,
) -> Vec<Tally> {
    // A few chunks per thread balance the load; each chunk reads the data once from memory.
    // Whole groups of lanes, so that only the last chunk may leave lanes of `Lanes` unused.
    let chunk = lambdas
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .next_multiple_of(LANES)
        .max(LANES);
    let parts: Vec<Vec<Tally>> = lambdas
        .par_chunks(chunk)
        .map(|ls| sweep(effect, cost, ls, sums))
        .collect();
    parts.into_iter().flatten().collect()
}

/// One pass over the iterations, block by block, tallying every λ of `lambdas` on each block
/// while it is in cache; with `sums`, the sums of net benefit too. Each λ sees the iterations
/// in index order.
fn sweep(effect: &[Vec<f64>], cost: &[Vec<f64>], lambdas: &[f64], sums: bool) -> Vec<Tally> {
    let n = iterations(effect, cost);
    let nopt = effect.len();
    let mut tallies: Vec<Tally> = lambdas.iter().map(|_| Tally::new(nopt)).collect();
    if nopt == 0 {
        return tallies;
    }
    let mut lanes: Vec<Lanes> = if sums {
        lambdas
            .chunks(LANES)
            .map(|ls| Lanes::new(ls, nopt))
            .collect()
    } else {
        Vec::new()
    };
    let mut best = vec![0.0; BLOCK.min(n)];
    let mut count = vec![0; BLOCK.min(n)];
    let mut columns = Vec::with_capacity(nopt);
    for start in (0..n).step_by(BLOCK) {
        let block = start..(start + BLOCK).min(n);
        columns.clear();
        columns.extend(
            effect
                .iter()
                .zip(cost)
                .map(|(e, c)| (&e[block.clone()], &c[block.clone()])),
        );
        let best = &mut best[..block.len()];
        let count = &mut count[..block.len()];
        for (t, &lambda) in tallies.iter_mut().zip(lambdas) {
            tally_block(&columns, lambda, best, count, t);
        }
        for l in &mut lanes {
            l.add_block(&columns);
        }
    }
    for (l, ts) in lanes.iter().zip(tallies.chunks_mut(LANES)) {
        for (k, t) in ts.iter_mut().enumerate() {
            t.sum_nb = l.sum_nb.iter().map(|s| s[k]).collect();
            t.sum_max = l.sum_max[k];
        }
    }
    tallies
}

/// Adds one block of iterations at `lambda` to `t`: `columns` holds each option's effect and
/// cost over the block; `best` and `count` are scratch with one slot per iteration of the
/// block. Written as simple loops over slices so that they vectorise.
fn tally_block(
    columns: &[(&[f64], &[f64])],
    lambda: f64,
    best: &mut [f64],
    count: &mut [u32],
    t: &mut Tally,
) {
    let nb = |e: f64, c: f64| lambda * e - c;
    let column = |o: usize| {
        let (e, c) = columns[o];
        e.iter().zip(c).map(move |(e, c)| nb(*e, *c))
    };
    // The highest net benefit of each iteration.
    for (b, x) in best.iter_mut().zip(column(0)) {
        *b = x;
    }
    for o in 1..columns.len() {
        for (b, x) in best.iter_mut().zip(column(o)) {
            *b = if x > *b { x } else { *b };
        }
    }
    // Count every option reaching it as a sole winner; if there were more winners than
    // iterations, some iterations had ties, and those are moved to `tied`.
    let mut winners = 0;
    for (o, sole) in t.sole.iter_mut().enumerate() {
        let wins: u64 = best
            .iter()
            .zip(column(o))
            .map(|(b, x)| u64::from(x == *b))
            .sum();
        *sole += wins;
        winners += wins;
    }
    if winners > best.len() as u64 {
        // How many options reach the highest in each iteration; those reaching it with others
        // move from `sole` to `tied`.
        count.fill(0);
        for o in 0..columns.len() {
            for (k, (b, x)) in count.iter_mut().zip(best.iter().zip(column(o))) {
                *k += u32::from(x == *b);
            }
        }
        let nopt = columns.len();
        for (o, tied) in t.tied.chunks_exact_mut(nopt + 1).enumerate() {
            let mut moved = 0;
            for ((b, x), &k) in best.iter().zip(column(o)).zip(count.iter()) {
                if k > 1 && x == *b {
                    tied[k as usize] += 1;
                    moved += 1;
                }
            }
            t.sole[o] -= moved;
        }
    }
}

/// Values of λ whose sums run side by side, one per lane of a vector instruction.
const LANES: usize = 8;

/// The sums of net benefit (see [`Tally`]) for up to [`LANES`] values of λ. A sum adds one
/// iteration at a time, in index order, so it must not be split across iterations to run in
/// parallel; running several λ side by side instead keeps the vector units busy without
/// changing any sum.
struct Lanes {
    /// The values of λ; unused lanes repeat the last one.
    lambda: [f64; LANES],
    /// Per option, Σ NB for each lane.
    sum_nb: Vec<[f64; LANES]>,
    /// Σ of the highest NB for each lane.
    sum_max: [f64; LANES],
}

impl Lanes {
    fn new(lambdas: &[f64], nopt: usize) -> Lanes {
        let last = *lambdas.last().expect("chunks are not empty");
        Lanes {
            lambda: std::array::from_fn(|k| lambdas.get(k).copied().unwrap_or(last)),
            sum_nb: vec![[0.0; LANES]; nopt],
            sum_max: [0.0; LANES],
        }
    }

    /// Adds one block of iterations (`columns` as in [`tally_block`]).
    fn add_block(&mut self, columns: &[(&[f64], &[f64])]) {
        // A few iterations at a time, option by option, so that each option's sums stay in
        // registers while the highest NB of those iterations waits in `best`.
        const STEP: usize = 64;
        let lambda = self.lambda;
        let mut best = [[0.0; LANES]; STEP];
        for from in (0..columns[0].0.len()).step_by(STEP) {
            let to = (from + STEP).min(columns[0].0.len());
            let best = &mut best[..to - from];
            for (o, ((e, c), total)) in columns.iter().zip(&mut self.sum_nb).enumerate() {
                let mut sum = *total;
                for ((e, c), b) in e[from..to].iter().zip(&c[from..to]).zip(best.iter_mut()) {
                    for k in 0..LANES {
                        let x = lambda[k] * e - c;
                        sum[k] += x;
                        // The highest as in `tally_block`: option 0, replaced by any higher.
                        b[k] = if o == 0 || x > b[k] { x } else { b[k] };
                    }
                }
                *total = sum;
            }
            for b in best.iter() {
                for (s, x) in self.sum_max.iter_mut().zip(b) {
                    *s += x;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::probability_best;
    use crate::stats::summarise;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha12Rng;

    /// Random effect and cost columns; `ties` draws small whole numbers so that net benefits
    /// often tie.
    fn random_data(seed: u64, nopt: usize, n: usize, ties: bool) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        let mut column = |scale: f64| -> Vec<f64> {
            (0..n)
                .map(|_| {
                    if ties {
                        rng.random_range(0..4) as f64 * scale
                    } else {
                        rng.random_range(0.0..scale)
                    }
                })
                .collect()
        };
        let effect = (0..nopt).map(|_| column(100.0)).collect();
        let cost = (0..nopt).map(|_| column(100_000.0)).collect();
        (effect, cost)
    }

    fn net_benefit(effect: &[Vec<f64>], cost: &[Vec<f64>], lambda: f64) -> Vec<Vec<f64>> {
        effect
            .iter()
            .zip(cost)
            .map(|(e, c)| e.iter().zip(c).map(|(e, c)| lambda * e - c).collect())
            .collect()
    }

    fn names(ns: &[&str]) -> Vec<String> {
        ns.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ceac_shares_sum_to_one_and_match_probability_best() {
        // 3,000 iterations: not a multiple of the block, so the last block is short.
        for (seed, ties) in [(1, false), (2, true)] {
            let (effect, cost) = random_data(seed, 4, 3_000, ties);
            let grid: Vec<f64> = (0..40).map(|k| k as f64 * 100.0).collect();
            let curve = ceac(&effect, &cost, &grid);
            assert_eq!(curve.len(), grid.len());
            for (row, &lambda) in curve.iter().zip(&grid) {
                let sum: f64 = row.iter().sum();
                assert!((sum - 1.0).abs() < 1e-12, "λ = {lambda}: sum {sum}");
                assert_eq!(*row, probability_best_nb(&effect, &cost, lambda));
                let reference = probability_best(&net_benefit(&effect, &cost, lambda), false);
                if ties {
                    for (a, b) in row.iter().zip(&reference) {
                        assert!((a - b).abs() < 1e-12, "λ = {lambda}: {a} != {b}");
                    }
                } else {
                    assert_eq!(*row, reference);
                }
            }
        }
    }

    #[test]
    fn ties_share_the_win() {
        // NB at λ = 1: [5, 5, 2], [0, 0, 0], [1, 3, 3], [7, 1, 0].
        let effect = vec![
            vec![5.0, 0.0, 1.0, 7.0],
            vec![6.0, 1.0, 3.0, 1.0],
            vec![2.0, 0.0, 4.0, 0.0],
        ];
        let cost = vec![
            vec![0.0, 0.0, 0.0, 0.0],
            vec![1.0, 1.0, 0.0, 0.0],
            vec![0.0, 0.0, 1.0, 0.0],
        ];
        let p = probability_best_nb(&effect, &cost, 1.0);
        assert_eq!(p[0], (0.5 + 1.0 / 3.0 + 1.0) / 4.0);
        assert_eq!(p[1], (0.5 + 1.0 / 3.0 + 0.5) / 4.0);
        assert_eq!(p[2], (1.0 / 3.0 + 0.5) / 4.0);
    }

    #[test]
    fn ceac_does_not_depend_on_threads() {
        let (effect, cost) = random_data(3, 3, 5_000, true);
        let grid: Vec<f64> = (0..25).map(|k| k as f64 * 37.5).collect();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| ceac(&effect, &cost, &grid))
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(7));
    }

    #[test]
    fn cheapest_wins_at_zero_and_most_effective_at_large_lambda() {
        let (_, cost) = random_data(4, 4, 2_000, false);
        // Effects 4m + o: distinct across options by at least 1 in every iteration, so at
        // λ = 10⁶ a unit of effect outweighs any cost difference (< 10⁵).
        let mut rng = ChaCha12Rng::seed_from_u64(5);
        let mult: Vec<f64> = (0..2_000)
            .map(|_| rng.random_range(0..1000) as f64)
            .collect();
        let effect: Vec<Vec<f64>> = (0..4)
            .map(|o| mult.iter().map(|m| 4.0 * m + o as f64).collect())
            .collect();
        let effect: Vec<Vec<f64>> = effect
            .iter()
            .enumerate()
            .map(|(o, col)| {
                col.iter()
                    .enumerate()
                    .map(|(i, x)| if (i + o) % 3 == 0 { 4000.0 - x } else { *x })
                    .collect()
            })
            .collect();
        let curve = ceac(&effect, &cost, &[0.0, 1e6]);
        assert_eq!(curve[0], probability_best(&cost, true));
        assert_eq!(curve[1], probability_best(&effect, false));
        // Neither is trivial: every option wins somewhere in both.
        assert!(curve.iter().flatten().all(|p| *p > 0.05));
    }

    #[test]
    fn evpi_is_never_negative() {
        for seed in 0..20 {
            let (effect, mut cost) = random_data(100 + seed, 3, 1_000, seed % 2 == 0);
            // Make option 0 nearly always best, so EVPI is close to 0 and rounding matters.
            for c in &mut cost[0] {
                *c -= 150_000.0;
            }
            for lambda in [0.0, 10.0, 450.0, 1234.5, 1e4] {
                let v = evpi(&effect, &cost, lambda);
                assert!(v >= 0.0, "seed {seed}, λ = {lambda}: EVPI {v}");
            }
        }
    }

    #[test]
    fn evpi_is_zero_when_one_option_always_wins() {
        let (effect, cost) = random_data(6, 3, 10_000, false);
        let lambda = 800.0;
        // Option 2 gets the best net benefit of each iteration plus a random margin, written
        // back into its cost column.
        let nb = net_benefit(&effect, &cost, lambda);
        let mut rng = ChaCha12Rng::seed_from_u64(7);
        let mut cost = cost;
        for i in 0..10_000 {
            let target = nb[0][i].max(nb[1][i]) + rng.random_range(0.01..500.0);
            cost[2][i] = lambda * effect[2][i] - target;
        }
        let p = probability_best_nb(&effect, &cost, lambda);
        assert_eq!(p, vec![0.0, 0.0, 1.0]);
        assert_eq!(evpi(&effect, &cost, lambda), 0.0);
        // Whereas at another λ the best option changes and information has value.
        assert!(evpi(&effect, &cost, 0.0) > 0.0);
    }

    #[test]
    fn evpi_by_hand() {
        // At λ = 10, NB of A = [20 − 10, 10 − 6, 10 − 9] = [10, 4, 1], mean 5;
        // NB of B = [10 − 6, 10 − 3, 20 − 10] = [4, 7, 10], mean 7.
        // Highest NB per iteration [10, 7, 10], mean 9. EVPI = 9 − 7 = 2.
        let effect = vec![vec![2.0, 1.0, 1.0], vec![1.0, 1.0, 2.0]];
        let cost = vec![vec![10.0, 6.0, 9.0], vec![6.0, 3.0, 10.0]];
        assert_eq!(evpi(&effect, &cost, 10.0), 2.0);
        assert_eq!(
            probability_best_nb(&effect, &cost, 10.0),
            vec![1.0 / 3.0, 2.0 / 3.0]
        );
        let a = analyse(
            &names(&["a", "b"]),
            &effect,
            &cost,
            "completions",
            10.0,
            vec![],
            None,
        );
        assert_eq!(a.net_benefit_mean, vec![5.0, 7.0]);
        assert_eq!(a.evpi, 2.0);
    }

    #[test]
    fn icer_with_strong_and_extended_dominance() {
        // bau → in_house: 52,000 / 28 = 13,000/7 ≈ 1,857 per unit; in_house → partnership:
        // 51,000 / 43 ≈ 1,186: lower, so in_house is extendedly dominated, and the frontier is
        // bau → partnership at 103,000 / 71 ≈ 1,451. commissioned (171,000; 110) costs more and
        // achieves less than in_house (152,000; 118): strongly dominated.
        let rows = icer_table(
            &names(&["in_house", "bau", "commissioned", "partnership"]),
            &[152_000.0, 100_000.0, 171_000.0, 203_000.0],
            &[118.0, 90.0, 110.0, 161.0],
            1,
        );
        let row = |option: &str,
                   mean_cost: f64,
                   mean_effect: f64,
                   delta_cost: f64,
                   delta_effect: f64,
                   icer_vs_baseline: Option<f64>,
                   status: IcerStatus,
                   icer_on_frontier: Option<f64>,
                   dominated_by: Option<&str>| IcerRow {
            option: option.into(),
            mean_cost,
            mean_effect,
            delta_cost,
            delta_effect,
            icer_vs_baseline,
            status,
            icer_on_frontier,
            dominated_by: dominated_by.map(String::from),
        };
        use IcerStatus::*;
        let expected = vec![
            row(
                "in_house",
                152_000.0,
                118.0,
                52_000.0,
                28.0,
                Some(13_000.0 / 7.0),
                ExtendedlyDominated,
                None,
                Some("partnership"),
            ),
            row("bau", 100_000.0, 90.0, 0.0, 0.0, None, Baseline, None, None),
            row(
                "commissioned",
                171_000.0,
                110.0,
                71_000.0,
                20.0,
                Some(3_550.0),
                Dominated,
                None,
                Some("in_house"),
            ),
            row(
                "partnership",
                203_000.0,
                161.0,
                103_000.0,
                71.0,
                Some(103_000.0 / 71.0),
                Frontier,
                Some(103_000.0 / 71.0),
                None,
            ),
        ];
        assert_eq!(rows, expected);
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(json["status"], "extendedly_dominated");
        assert_eq!(json["icer_on_frontier"], serde_json::Value::Null);
    }

    #[test]
    fn icer_frontier_ties_and_a_dominated_baseline() {
        // a (10; 1) is the baseline. b (10; 3) is as cheap and more effective: a is dominated.
        // c (10; 3) is the same point as b. d (30; 3) ties b on effect at higher cost:
        // dominated. e (40; 8): b → e at 30/5 = 6, but e → f (70; 14) at 30/6 = 5 is lower,
        // so e is extendedly dominated and the frontier runs b/c → f at 60/11. g (130; 24):
        // f → g at 60/10 = 6 > 60/11, on the frontier.
        let n = names(&["a", "b", "c", "d", "e", "f", "g"]);
        let cost = [10.0, 10.0, 10.0, 30.0, 40.0, 70.0, 130.0];
        let effect = [1.0, 3.0, 3.0, 3.0, 8.0, 14.0, 24.0];
        let rows = icer_table(&n, &cost, &effect, 0);
        let status: Vec<IcerStatus> = rows.iter().map(|r| r.status).collect();
        use IcerStatus::*;
        assert_eq!(
            status,
            [
                Baseline,
                Frontier,
                Frontier,
                Dominated,
                ExtendedlyDominated,
                Frontier,
                Frontier
            ]
        );
        let by: Vec<Option<&str>> = rows.iter().map(|r| r.dominated_by.as_deref()).collect();
        assert_eq!(
            by,
            [Some("b"), None, None, Some("b"), Some("f"), None, None]
        );
        let on: Vec<Option<f64>> = rows.iter().map(|r| r.icer_on_frontier).collect();
        assert_eq!(
            on,
            [None, None, None, None, None, Some(60.0 / 11.0), Some(6.0)]
        );
        // Zero Δcost with nonzero Δeffect is a ratio of 0; zero Δeffect has none.
        assert_eq!(rows[1].icer_vs_baseline, Some(0.0));
        let flat = icer_table(&n[..2], &[10.0, 20.0], &[5.0, 5.0], 0);
        assert_eq!(flat[1].icer_vs_baseline, None);
        assert_eq!(flat[1].delta_cost, 10.0);
        assert_eq!(flat[1].status, Dominated);

        // Collinear points stay on the frontier (equal ICERs are not "higher").
        let line = icer_table(&n[..3], &[0.0, 10.0, 20.0], &[0.0, 1.0, 2.0], 0);
        assert_eq!(line[1].status, Frontier);
        assert_eq!(line[2].icer_on_frontier, Some(10.0));
    }

    #[test]
    fn without_a_baseline_the_least_costly_is_the_reference() {
        // Mean costs 30, 10, 10; mean effects 5, 1, 2: option "z" is least costly and, of the
        // two, more effective.
        let effect = vec![vec![5.0, 5.0], vec![1.0, 1.0], vec![1.0, 3.0]];
        let cost = vec![vec![30.0, 30.0], vec![10.0, 10.0], vec![12.0, 8.0]];
        let a = analyse(
            &names(&["x", "y", "z"]),
            &effect,
            &cost,
            "engaged",
            1.0,
            vec![0.0, 10.0],
            None,
        );
        let status: Vec<IcerStatus> = a.icer.iter().map(|r| r.status).collect();
        use IcerStatus::*;
        assert_eq!(status, [Frontier, Dominated, Baseline]);
        assert_eq!(a.icer[0].icer_vs_baseline, Some(20.0 / 3.0));
        let with = analyse(
            &names(&["x", "y", "z"]),
            &effect,
            &cost,
            "engaged",
            1.0,
            vec![0.0, 10.0],
            Some(1),
        );
        assert_eq!(with.icer[1].status, Baseline);
        assert_eq!(with.icer[2].status, Frontier);
    }

    #[test]
    fn analyse_agrees_with_the_parts() {
        let (effect, cost) = random_data(8, 4, 4_321, false);
        let grid = default_grid(&effect, &cost, 30);
        let lambda = 1_500.0;
        let a = analyse(
            &names(&["a", "b", "c", "d"]),
            &effect,
            &cost,
            "completions",
            lambda,
            grid.clone(),
            Some(2),
        );
        assert_eq!(a.grid, grid);
        assert_eq!(a.ceac, ceac(&effect, &cost, &grid));
        let curve: Vec<f64> = grid.iter().map(|l| evpi(&effect, &cost, *l)).collect();
        assert_eq!(a.evpi_curve, curve);
        assert_eq!(a.evpi, evpi(&effect, &cost, lambda));
        assert_eq!(
            a.probability_best,
            probability_best_nb(&effect, &cost, lambda)
        );
        let nb = net_benefit(&effect, &cost, lambda);
        let means: Vec<f64> = nb.iter().map(|c| summarise(c).mean).collect();
        assert_eq!(a.net_benefit_mean, means);
        // The EVPI by its definition, from the net benefit columns and summarise.
        let best: Vec<f64> = (0..4_321)
            .map(|i| nb.iter().map(|c| c[i]).fold(f64::NEG_INFINITY, f64::max))
            .collect();
        let by_definition =
            summarise(&best).mean - means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(a.evpi, by_definition);
        let mean_cost: Vec<f64> = cost.iter().map(|c| summarise(c).mean).collect();
        assert_eq!(a.icer[0].mean_cost, mean_cost[0]);
        assert_eq!(a.icer[0].delta_cost, mean_cost[0] - mean_cost[2]);
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["ceac"].as_array().unwrap().len(), 30);
        assert_eq!(json["icer"][2]["status"], "baseline");
    }

    #[test]
    fn default_grid_endpoints() {
        // Mean cost per unit of effect: a 1,000/4 = 250, b 3,000/10 = 300; c has no effect
        // and is left out despite its higher cost. Top = 3 × 300 = 900.
        let effect = vec![vec![3.0, 5.0], vec![10.0, 10.0], vec![0.0, 0.0]];
        let cost = vec![
            vec![500.0, 1_500.0],
            vec![2_000.0, 4_000.0],
            vec![5_000.0, 5_000.0],
        ];
        assert_eq!(
            default_grid(&effect, &cost, 5),
            vec![0.0, 225.0, 450.0, 675.0, 900.0]
        );
        let g = default_grid(&effect, &cost, 101);
        assert_eq!((g[0], g[100], g.len()), (0.0, 900.0, 101));
        // No positive effect: 3 × the largest mean cost (5,000).
        let none = vec![vec![0.0, 0.0]; 3];
        assert_eq!(default_grid(&none, &cost, 3), vec![0.0, 7_500.0, 15_000.0]);
        // Nothing costs anything either: up to £1 per unit.
        let free = vec![vec![0.0, 0.0]; 3];
        assert_eq!(default_grid(&none, &free, 3), vec![0.0, 0.5, 1.0]);
        assert_eq!(default_grid(&effect, &cost, 1), vec![0.0]);
        assert!(default_grid(&effect, &cost, 0).is_empty());
    }

    #[test]
    #[should_panic(expected = "one value per iteration")]
    fn columns_must_match() {
        probability_best_nb(&[vec![1.0, 2.0]], &[vec![1.0]], 1.0);
    }

    /// Run by hand, in release:
    /// `cargo test --release --lib ceac_timing -- --ignored --nocapture`.
    /// Prints wall time and the process's CPU time (all threads), which other load on the
    /// machine does not inflate.
    #[test]
    #[ignore]
    fn ceac_timing() {
        // utime + stime of this process, in clock ticks (1/100 s on Linux).
        let cpu = || -> f64 {
            let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
            let after = stat.rsplit(')').next().unwrap_or("");
            let f: Vec<f64> = after
                .split_whitespace()
                .map(|x| x.parse().unwrap_or(0.0))
                .collect();
            (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) * 10.0
        };
        let n = 1_000_000;
        let (effect, cost) = random_data(9, 4, n, false);
        let grid = default_grid(&effect, &cost, 100);
        let nm = names(&["a", "b", "c", "d"]);
        let time = |f: &dyn Fn()| {
            let (t, c) = (std::time::Instant::now(), cpu());
            f();
            format!(
                "{:.0} ms wall, {:.0} ms CPU",
                t.elapsed().as_secs_f64() * 1e3,
                cpu() - c
            )
        };
        for _ in 0..3 {
            let ceac_time = time(&|| {
                ceac(&effect, &cost, &grid);
            });
            let analyse_time = time(&|| {
                analyse(
                    &nm,
                    &effect,
                    &cost,
                    "completions",
                    1e3,
                    grid.clone(),
                    Some(0),
                );
            });
            let one_time = time(&|| {
                probability_best_nb(&effect, &cost, 1e3);
            });
            println!(
                "{} threads, 4 options × {n}: ceac, 100 λ: {ceac_time}; analyse, 101 λ: \
                 {analyse_time}; probability_best_nb, 1 λ: {one_time}",
                rayon::current_num_threads()
            );
        }
        // The slow path for ties: values in {0, 1, 2, 3} × scale tie in many iterations.
        let (effect, cost) = random_data(10, 4, n, true);
        let ceac_time = time(&|| {
            ceac(&effect, &cost, &grid);
        });
        println!("with ties in most iterations: ceac, 100 λ: {ceac_time}");
    }
}
