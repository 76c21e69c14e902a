//! One pass over the iterations that tallies, for many values of λ at once, which option has
//! the highest net benefit and the sums of net benefit (for means and EVPI).

use super::iterations;
use rayon::prelude::*;

/// Iterations handled together: small enough that a block of every option's effect and cost
/// stays in the core's cache while each λ of a chunk of the grid passes over it.
const BLOCK: usize = 1024;

/// What one pass over the iterations gathers for one λ.
pub(super) struct Tally {
    /// Number of options.
    nopt: usize,
    /// Per option, the iterations in which it alone had the highest net benefit.
    sole: Vec<u64>,
    /// At `o * (nopt + 1) + k`: the iterations in which option o tied with k − 1 others for the
    /// highest net benefit.
    tied: Vec<u64>,
    /// Per option, Σ NB in index order from +0 (only when sums are asked for).
    pub(super) sum_nb: Vec<f64>,
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
    pub(super) fn shares(&self, n: usize) -> Vec<f64> {
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
    pub(super) fn evpi(&self, n: usize) -> f64 {
        let best_mean = self
            .sum_nb
            .iter()
            .map(|s| s / n as f64)
            .fold(f64::NAN, f64::max);
        self.sum_max / n as f64 - best_mean
    }
}

/// [`sweep`] over chunks of `lambdas` in parallel, results in the order of `lambdas`.
pub(super) fn sweep_parallel(
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
pub(super) fn sweep(
    effect: &[Vec<f64>],
    cost: &[Vec<f64>],
    lambdas: &[f64],
    sums: bool,
) -> Vec<Tally> {
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
