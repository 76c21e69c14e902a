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

/// Runs SMAA-2 on `values[criterion][option][iteration]` (each in [0, 1]) and `weights`, m per
/// iteration (iteration-major: iteration i's at `weights[i * m .. (i + 1) * m]`).
///
/// # Panics
/// If the columns differ in length or `weights` does not have m per iteration.
pub fn smaa(values: &[Vec<Vec<f64>>], weights: &[f64]) -> Smaa {
    let m = values.len();
    let nopt = values.first().map_or(0, Vec::len);
    let n = values.first().and_then(|c| c.first()).map_or(0, Vec::len);
    assert!(
        values
            .iter()
            .all(|c| c.len() == nopt && c.iter().all(|v| v.len() == n)),
        "one value per criterion, option and iteration"
    );
    assert_eq!(weights.len(), n * m, "m weights per iteration");
    let mut ranks = vec![vec![0.0; nopt]; nopt];
    let mut first = vec![0.0; nopt];
    let mut central = vec![vec![0.0; m]; nopt];
    let mut mean_weights = vec![0.0; m];
    let mut utility = vec![0.0; nopt];
    let mut order: Vec<usize> = (0..nopt).collect();
    for i in 0..n {
        let w = &weights[i * m..(i + 1) * m];
        utilities(values, w, i, &mut utility);
        for_each_place(&utility, &mut order, |o, lo, hi| {
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
    let confidence = central_weights
        .iter()
        .enumerate()
        .map(|(o, wc)| {
            let wc = wc.as_ref()?;
            let mut wins = 0.0;
            for i in 0..n {
                utilities(values, wc, i, &mut utility);
                for_each_place(&utility, &mut order, |p, lo, hi| {
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

/// U_o = Σ_j w_j · v_joi for every option, summed in criterion order from +0.
fn utilities(values: &[Vec<Vec<f64>>], w: &[f64], i: usize, out: &mut [f64]) {
    for (o, u) in out.iter_mut().enumerate() {
        *u = values
            .iter()
            .zip(w)
            .fold(0.0, |s, (column, wj)| s + wj * column[o][i]);
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
        let s = smaa(&values, &uniform_weights(2, n, 1));
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

    #[test]
    fn acceptabilities_sum_to_one_by_option_and_by_rank() {
        // Four options, three criteria, random values with many ties (values in quarters).
        let (n, nopt, m) = (5_000, 4, 3);
        let mut rng = ChaCha12Rng::seed_from_u64(2);
        let values: Vec<Vec<Vec<f64>>> = (0..m)
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
        let mut weights = uniform_weights(m, n, 3);
        // Some iterations with equal weights, so that equal values tie exactly.
        for row in weights.chunks_mut(m).step_by(7) {
            row.fill(1.0 / 3.0);
        }
        let s = smaa(&values, &weights);
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

    #[test]
    fn a_dominated_option_is_never_first_and_has_no_central_weights() {
        let n = 1_000;
        let values = vec![
            vec![vec![0.9; n], vec![0.5; n], vec![0.1; n]],
            vec![vec![0.2; n], vec![0.7; n], vec![0.1; n]],
        ];
        let s = smaa(&values, &uniform_weights(2, n, 4));
        assert_eq!(s.rank_acceptability[2], vec![0.0, 0.0, 1.0]);
        assert_eq!(s.central_weights[2], None);
        assert_eq!(s.confidence[2], None);
    }
}
