//! SMAA-2 (Lahdelma & Salminen 2001, "SMAA-2: Stochastic multicriteria acceptability
//! analysis for group decision making", Operations Research 49(3)) on sampled values and
//! weights: rank acceptabilities, central weight vectors and confidence factors.
//!
//! In iteration i each option o has the utility U_oi = Σ_j w_ij · v_joi, summed over criteria j
//! in order from +0, where v_joi ∈ [0, 1] is its value on criterion j and w_i the weight
//! vector. Options are ranked by utility, highest first. A tie of k options over ranks
//! r … r + k − 1 gives each of them 1/k of each of those ranks, so shares still sum to 1.
//!
//! - rank acceptability b_o^r: the share of iterations in which o has rank r;
//! - central weights w_o^c: the mean weight vector of the iterations in which o ranks first
//!   (each weighted by its share of first place), undefined when o never does;
//! - confidence factor p_o^c: the share of iterations in which o ranks first when every
//!   iteration's weights are replaced by w_o^c (the values stay as drawn).

use rayon::prelude::*;

/// What SMAA-2 found; vectors indexed by option, then by rank or criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Smaa {
    /// `[option][rank]`: the share of iterations at each rank (rank 1 first).
    pub rank_acceptability: Vec<Vec<f64>>,
    /// `[option]`: the central weight vector, or `None` when the option never ranks first.
    pub central_weights: Vec<Option<Vec<f64>>>,
    /// `[option]`: the confidence factor, or `None` when there are no central weights.
    pub confidence: Vec<Option<f64>>,
    /// The mean weight vector over every iteration.
    pub mean_weights: Vec<f64>,
}

/// The values SMAA-2 ranks: v_joi ∈ [0, 1] for criterion j, option o and iteration i, read a
/// run of iterations at a time, so that they need not all be held at once.
pub trait Values: Sync {
    /// The numbers of criteria, options and iterations.
    fn shape(&self) -> (usize, usize, usize);
    /// Writes v_joi for the iterations `start .. start + out.len()` to `out`.
    fn fill(&self, j: usize, o: usize, start: usize, out: &mut [f64]);
}

/// Values held as they are: `values[criterion][option][iteration]`.
impl Values for [Vec<Vec<f64>>] {
    fn shape(&self) -> (usize, usize, usize) {
        let nopt = self.first().map_or(0, Vec::len);
        let n = self.first().and_then(|c| c.first()).map_or(0, Vec::len);
        (self.len(), nopt, n)
    }

    fn fill(&self, j: usize, o: usize, start: usize, out: &mut [f64]) {
        out.copy_from_slice(&self[j][o][start..start + out.len()]);
    }
}

/// The weight vectors SMAA-2 ranks under, m per iteration, read a chunk of iterations at a time
/// (chunks of [`CHUNK`] iterations from the first, so that a source drawn a block at a time can
/// draw each chunk's own).
pub trait Weights: Sync {
    /// Writes the weight vectors of iterations `start ..`, m each, to `out` (iteration-major:
    /// `out.len() / m` iterations).
    fn read(&self, m: usize, start: usize, out: &mut [f64]);
}

/// Weights held as they are, iteration-major: iteration i's at `weights[i * m .. (i + 1) * m]`.
impl Weights for [f64] {
    fn read(&self, m: usize, start: usize, out: &mut [f64]) {
        out.copy_from_slice(&self[start * m..start * m + out.len()]);
    }
}

/// Iterations a task works through: values, weights, utilities and places of one chunk; the
/// engine's block, so that weights drawn a block at a time come a chunk at a time.
pub const CHUNK: usize = crate::engine::sample::BLOCK;
/// Chunks placed in parallel before their places are summed, in iteration order: enough to
/// keep every thread busy, few enough that their results (about 120 kB a chunk) stay small.
const BATCH: usize = 32;

/// Runs SMAA-2 on `values` and `weights` (see [`Values`] and [`Weights`]).
///
/// Chunks of iterations are ranked in parallel on the current rayon pool; every sum is then
/// taken in iteration order, so the result is the same, bit for bit, whatever the number of
/// threads, and the same as ranking one iteration after another.
///
/// # Panics
/// If `weights` has fewer than m per iteration.
pub fn smaa<V: Values + ?Sized, W: Weights + ?Sized>(values: &V, weights: &W) -> Smaa {
    let (m, nopt, n) = values.shape();
    let mut ranks = vec![vec![0.0; nopt]; nopt];
    let mut first = vec![0.0; nopt];
    let mut central = vec![vec![0.0; m]; nopt];
    let mut mean_weights = vec![0.0; m];
    in_chunks(
        n,
        |start, len| {
            // The chunk's weights, and each option's (lo, hi) in each iteration, both
            // iteration-major.
            let mut w = vec![0.0; len * m];
            weights.read(m, start, &mut w);
            let mut places = vec![(0, 0); len * nopt];
            Chunk::load(values, start, len).places(
                |i| &w[i * m..(i + 1) * m],
                |i, o, lo, hi| places[i * nopt + o] = (lo, hi),
            );
            (w, places)
        },
        |len, (weights, places)| {
            for i in 0..len {
                let w = &weights[i * m..(i + 1) * m];
                for (o, &(lo, hi)) in places[i * nopt..(i + 1) * nopt].iter().enumerate() {
                    let share = 1.0 / (hi - lo) as f64;
                    ranks[o][lo..hi].iter_mut().for_each(|r| *r += share);
                    if lo == 0 {
                        first[o] += share;
                        for (c, x) in central[o].iter_mut().zip(w) {
                            *c += share * x;
                        }
                    }
                }
                for (s, x) in mean_weights.iter_mut().zip(w) {
                    *s += x;
                }
            }
        },
    );
    let central_weights: Vec<Option<Vec<f64>>> = (0..nopt)
        .map(|o| (first[o] > 0.0).then(|| central[o].iter().map(|c| c / first[o]).collect()))
        .collect();
    let confidence = confidence_factors(values, &central_weights);
    Smaa {
        rank_acceptability: ranks
            .into_iter()
            .map(|r| r.into_iter().map(|x| x / n as f64).collect())
            .collect(),
        central_weights,
        confidence,
        mean_weights: mean_weights.into_iter().map(|x| x / n as f64).collect(),
    }
}

/// Each option's confidence factor: the share of iterations in which it ranks first under its
/// central weights (1/k of an iteration when k options tie first), `None` without them.
fn confidence_factors<V: Values + ?Sized>(
    values: &V,
    central_weights: &[Option<Vec<f64>>],
) -> Vec<Option<f64>> {
    let n = values.shape().2;
    let with: Vec<(usize, &[f64])> = central_weights
        .iter()
        .enumerate()
        .filter_map(|(o, wc)| Some((o, wc.as_deref()?)))
        .collect();
    if with.is_empty() {
        return vec![None; central_weights.len()];
    }
    let mut wins = vec![0.0; with.len()];
    in_chunks(
        n,
        |start, len| {
            // For each option with central weights and each iteration, how many options share
            // first place with it (itself included), 0 when it is not first.
            let mut chunk = Chunk::load(values, start, len);
            let mut firsts = vec![0; with.len() * len];
            for (firsts, &(o, wc)) in firsts.chunks_exact_mut(len).zip(&with) {
                chunk.utilities_under(wc);
                chunk.first_ties(o, firsts);
            }
            firsts
        },
        |len, firsts| {
            for (wins, firsts) in wins.iter_mut().zip(firsts.chunks_exact(len)) {
                for &k in firsts.iter().filter(|&&k| k > 0) {
                    *wins += 1.0 / k as f64;
                }
            }
        },
    );
    let mut wins = wins.into_iter();
    central_weights
        .iter()
        .map(|wc| wc.as_ref().and_then(|_| wins.next()).map(|w| w / n as f64))
        .collect()
}

/// Computes `task(start, len)` for every chunk of [`CHUNK`] iterations of `n`, in parallel a
/// batch at a time, and hands each result to `sum(len, result)` in iteration order. A batch is
/// summed while the next is computed, so that the sums, which must be taken in order on one
/// thread, leave no thread idle.
fn in_chunks<T: Send>(
    n: usize,
    task: impl Fn(usize, usize) -> T + Sync,
    mut sum: impl FnMut(usize, T) + Send,
) {
    let chunks = n.div_ceil(CHUNK);
    let len = |c: usize| CHUNK.min(n - c * CHUNK);
    let compute = |batch: usize| -> Vec<T> {
        (batch..chunks.min(batch + BATCH))
            .into_par_iter()
            .map(|c| task(c * CHUNK, len(c)))
            .collect()
    };
    let mut sum_batch = |(batch, done): (usize, Vec<T>)| {
        for (c, result) in (batch..).zip(done) {
            sum(len(c), result);
        }
    };
    let mut pending: Option<(usize, Vec<T>)> = None;
    for batch in (0..chunks).step_by(BATCH) {
        let previous = pending.take();
        let (done, ()) = rayon::join(
            || compute(batch),
            || previous.into_iter().for_each(&mut sum_batch),
        );
        pending = Some((batch, done));
    }
    pending.into_iter().for_each(sum_batch);
}

/// The values of a chunk of iterations and room to rank its options.
struct Chunk {
    /// Options.
    nopt: usize,
    /// Iterations.
    len: usize,
    /// v_joi at `v[(j * nopt + o) * len + i]`, i counted from the chunk's start.
    v: Vec<f64>,
    /// U_oi at `utility[o * len + i]`.
    utility: Vec<f64>,
}

impl Chunk {
    fn load<V: Values + ?Sized>(values: &V, start: usize, len: usize) -> Chunk {
        let (m, nopt, _) = values.shape();
        let mut v = vec![0.0; m * nopt * len];
        for (jo, out) in v.chunks_exact_mut(len.max(1)).enumerate() {
            values.fill(jo / nopt, jo % nopt, start, out);
        }
        Chunk {
            nopt,
            len,
            v,
            utility: vec![0.0; nopt * len],
        }
    }

    /// The utilities under one weight vector `w` in every iteration: the same sums as
    /// [`Chunk::places`] takes, a criterion at a time from +0.
    fn utilities_under(&mut self, w: &[f64]) {
        let len = self.len;
        self.utility.fill(0.0);
        for (jo, v) in self.v.chunks_exact(len.max(1)).enumerate() {
            let (j, o) = (jo / self.nopt, jo % self.nopt);
            let wj = w[j];
            for (u, x) in self.utility[o * len..(o + 1) * len].iter_mut().zip(v) {
                *u += wj * x;
            }
        }
    }

    /// For each iteration i of the chunk, from the utilities as they stand: `out[i]` = the number
    /// of options tied first when option `o` is among them, else 0; the first group exactly as
    /// [`for_each_place`] forms it (the options equal to the greatest utility in `total_cmp`'s
    /// order; only that one when it is NaN), found in one pass instead of a sort.
    fn first_ties(&self, o: usize, out: &mut [usize]) {
        let (nopt, len) = (self.nopt, self.len);
        for (i, out) in out.iter_mut().enumerate().take(len) {
            let at = |p: usize| self.utility[p * len + i];
            let mut best = 0;
            for p in 1..nopt {
                if at(p).total_cmp(&at(best)).is_gt() {
                    best = p;
                }
            }
            let top = at(best);
            *out = if top.is_nan() {
                usize::from(o == best)
            } else if at(o) == top {
                (0..nopt).filter(|&p| at(p) == top).count()
            } else {
                0
            };
        }
    }

    /// Ranks the options in each iteration of the chunk by their utilities under the weights
    /// `weight(i)`, and calls `place(i, option, lo, hi)` as [`for_each_place`] does.
    fn places<'w>(
        &mut self,
        weight: impl Fn(usize) -> &'w [f64],
        mut place: impl FnMut(usize, usize, usize, usize),
    ) {
        let (nopt, len) = (self.nopt, self.len);
        // U_oi = Σ_j w_ij · v_joi in criterion order from +0, a criterion at a time.
        self.utility.fill(0.0);
        for (jo, v) in self.v.chunks_exact(len.max(1)).enumerate() {
            let (j, o) = (jo / nopt, jo % nopt);
            for (i, (u, x)) in self.utility[o * len..(o + 1) * len]
                .iter_mut()
                .zip(v)
                .enumerate()
            {
                *u += weight(i)[j] * x;
            }
        }
        let mut utility = vec![0.0; nopt];
        let mut order: Vec<usize> = (0..nopt).collect();
        for i in 0..len {
            for (o, u) in utility.iter_mut().enumerate() {
                *u = self.utility[o * len + i];
            }
            for_each_place(&utility, &mut order, |o, lo, hi| place(i, o, lo, hi));
        }
    }
}

/// Calls `place(option, lo, hi)` for each option, where its group of tied options holds ranks
/// lo … hi − 1 (from 0), best utility first.
fn for_each_place(
    utility: &[f64],
    order: &mut [usize],
    mut place: impl FnMut(usize, usize, usize),
) {
    order.sort_by(|&a, &b| utility[b].total_cmp(&utility[a]).then(a.cmp(&b)));
    let mut lo = 0;
    while lo < order.len() {
        let mut hi = lo + 1;
        while hi < order.len() && utility[order[hi]] == utility[order[lo]] {
            hi += 1;
        }
        for &o in &order[lo..hi] {
            place(o, lo, hi);
        }
        lo = hi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::simplex::{Restriction, WeightSampler};
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha12Rng;

    fn uniform_weights(m: usize, n: usize, seed: u64) -> Vec<f64> {
        let sampler = WeightSampler::new(m, &Restriction::None).unwrap();
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        let mut w = vec![0.0; n * m];
        for row in w.chunks_mut(m) {
            sampler.draw(&mut rng, row);
        }
        w
    }

    #[test]
    fn two_options_two_criteria_match_the_closed_form() {
        // A = (0.8, 0.2), B = (0.3, 0.6) with weights (w, 1 − w), w uniform on [0, 1]:
        // A wins when 0.8w + 0.2(1 − w) > 0.3w + 0.6(1 − w), that is when w > 4/9. So
        // P(A first) = 5/9; A's central weight on criterion 1 is E[w | w > 4/9] = 13/18, and B's
        // is E[w | w < 4/9] = 2/9. Scores are fixed, so each confidence factor is 1.
        let n = 40_000;
        let values = vec![
            vec![vec![0.8; n], vec![0.3; n]],
            vec![vec![0.2; n], vec![0.6; n]],
        ];
        let s = smaa(values.as_slice(), uniform_weights(2, n, 1).as_slice());
        let p = 5.0 / 9.0;
        let se = (p * (1.0 - p) / n as f64).sqrt();
        assert!((s.rank_acceptability[0][0] - p).abs() < 4.0 * se);
        assert!((s.rank_acceptability[1][1] - p).abs() < 4.0 * se);
        // w given A first is uniform on [4/9, 1]: sd (5/9)/√12 over about 5n/9 iterations.
        let se_a = (5.0 / 9.0) / 12f64.sqrt() / (p * n as f64).sqrt();
        let wa = s.central_weights[0].as_ref().unwrap();
        assert!((wa[0] - 13.0 / 18.0).abs() < 4.0 * se_a, "{wa:?}");
        assert!((wa[0] + wa[1] - 1.0).abs() < 1e-12);
        let se_b = (4.0 / 9.0) / 12f64.sqrt() / ((1.0 - p) * n as f64).sqrt();
        let wb = s.central_weights[1].as_ref().unwrap();
        assert!((wb[0] - 2.0 / 9.0).abs() < 4.0 * se_b, "{wb:?}");
        assert_eq!(s.confidence, vec![Some(1.0), Some(1.0)]);
    }

    /// Values in quarters, so that options tie, and weights with every seventh row equal, so
    /// that equal values tie exactly: `values[criterion][option][iteration]`.
    fn tied(n: usize, nopt: usize, m: usize, seed: u64) -> (Vec<Vec<Vec<f64>>>, Vec<f64>) {
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        let values = (0..m)
            .map(|_| {
                (0..nopt)
                    .map(|_| {
                        (0..n)
                            .map(|_| rng.random_range(0..5) as f64 / 4.0)
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut weights = uniform_weights(m, n, seed + 1);
        for row in weights.chunks_mut(m).step_by(7) {
            row.fill(1.0 / m as f64);
        }
        (values, weights)
    }

    /// The first group found in one pass is the sort's, for utilities drawn from values that
    /// tie, with both zeros and NaNs of either sign among them.
    #[test]
    fn first_ties_are_the_sorts_first_group() {
        let palette = [0.25, 0.5, 0.0, -0.0, f64::NAN, -f64::NAN, 1.0];
        let (nopt, len) = (4, 2_000);
        let mut rng = ChaCha12Rng::seed_from_u64(5);
        let utility: Vec<f64> = (0..nopt * len)
            .map(|_| palette[rng.random_range(0..palette.len())])
            .collect();
        let chunk = Chunk {
            nopt,
            len,
            v: Vec::new(),
            utility: utility.clone(),
        };
        let mut order: Vec<usize> = (0..nopt).collect();
        for o in 0..nopt {
            let mut fast = vec![0; len];
            chunk.first_ties(o, &mut fast);
            for (i, fast) in fast.iter().enumerate() {
                let u: Vec<f64> = (0..nopt).map(|p| utility[p * len + i]).collect();
                let mut sorted = 0;
                for_each_place(&u, &mut order, |p, lo, hi| {
                    if p == o && lo == 0 {
                        sorted = hi - lo;
                    }
                });
                assert_eq!(*fast, sorted, "option {o}, utilities {u:?}");
            }
        }
    }

    #[test]
    fn acceptabilities_sum_to_one_by_option_and_by_rank() {
        // Four options, three criteria, random values with many ties.
        let (n, nopt) = (5_000, 4);
        let (values, weights) = tied(n, nopt, 3, 2);
        let s = smaa(values.as_slice(), weights.as_slice());
        for o in 0..nopt {
            let by_option: f64 = s.rank_acceptability[o].iter().sum();
            assert!((by_option - 1.0).abs() < 1e-9, "option {o}: {by_option}");
        }
        for r in 0..nopt {
            let by_rank: f64 = s.rank_acceptability.iter().map(|b| b[r]).sum();
            assert!((by_rank - 1.0).abs() < 1e-9, "rank {r}: {by_rank}");
        }
        let mean: f64 = s.mean_weights.iter().sum();
        assert!((mean - 1.0).abs() < 1e-9);
    }

    /// SMAA-2 one iteration after another, every sum taken as it goes: what [`smaa`] computes.
    fn sequential(values: &[Vec<Vec<f64>>], weights: &[f64]) -> Smaa {
        let (m, nopt, n) = values.shape();
        let utilities = |w: &[f64], i: usize| -> Vec<f64> {
            (0..nopt)
                .map(|o| (0..m).fold(0.0, |s, j| s + w[j] * values[j][o][i]))
                .collect()
        };
        let mut ranks = vec![vec![0.0; nopt]; nopt];
        let mut first = vec![0.0; nopt];
        let mut central = vec![vec![0.0; m]; nopt];
        let mut mean_weights = vec![0.0; m];
        let mut order: Vec<usize> = (0..nopt).collect();
        for (i, w) in weights.chunks(m).enumerate() {
            for_each_place(&utilities(w, i), &mut order, |o, lo, hi| {
                let share = 1.0 / (hi - lo) as f64;
                ranks[o][lo..hi].iter_mut().for_each(|r| *r += share);
                if lo == 0 {
                    first[o] += share;
                    for (c, x) in central[o].iter_mut().zip(w) {
                        *c += share * x;
                    }
                }
            });
            for (s, x) in mean_weights.iter_mut().zip(w) {
                *s += x;
            }
        }
        let central_weights: Vec<Option<Vec<f64>>> = (0..nopt)
            .map(|o| (first[o] > 0.0).then(|| central[o].iter().map(|c| c / first[o]).collect()))
            .collect();
        let confidence = (0..nopt)
            .map(|o| {
                let wc = central_weights[o].as_ref()?;
                let mut wins = 0.0;
                for i in 0..n {
                    for_each_place(&utilities(wc, i), &mut order, |p, lo, hi| {
                        if p == o && lo == 0 {
                            wins += 1.0 / (hi - lo) as f64;
                        }
                    });
                }
                Some(wins / n as f64)
            })
            .collect();
        Smaa {
            rank_acceptability: ranks
                .into_iter()
                .map(|r| r.into_iter().map(|x| x / n as f64).collect())
                .collect(),
            central_weights,
            confidence,
            mean_weights: mean_weights.into_iter().map(|x| x / n as f64).collect(),
        }
    }

    #[test]
    fn chunks_in_parallel_give_the_sequential_sums_whatever_the_threads() {
        // More than a batch, ending in a part chunk; five options over four criteria, with
        // ties, so every sum has shares of 1, 1/2, 1/3 … in an order that matters.
        let n = BATCH * CHUNK + 3 * CHUNK + 17;
        let (values, weights) = tied(n, 5, 4, 5);
        let expected = sequential(&values, &weights);
        assert!(expected.central_weights.iter().all(Option::is_some));
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let s = pool.install(|| smaa(values.as_slice(), weights.as_slice()));
            assert_eq!(s, expected, "{threads} threads");
        }
    }

    #[test]
    fn a_dominated_option_is_never_first_and_has_no_central_weights() {
        let n = 1_000;
        let values = vec![
            vec![vec![0.9; n], vec![0.5; n], vec![0.1; n]],
            vec![vec![0.2; n], vec![0.7; n], vec![0.1; n]],
        ];
        let s = smaa(values.as_slice(), uniform_weights(2, n, 4).as_slice());
        assert_eq!(s.rank_acceptability[2], vec![0.0, 0.0, 1.0]);
        assert_eq!(s.central_weights[2], None);
        assert_eq!(s.confidence[2], None);
    }
}
