//! Weight vectors drawn uniformly from the unit simplex {w : w ≥ 0, Σ w = 1}, whole or
//! restricted by bounds on each weight or by a rank order of the weights: the weight space of
//! stochastic multicriteria acceptability analysis (Lahdelma & Salminen 2001; Tervonen &
//! Lahdelma 2007, "Implementing stochastic multicriteria acceptability analysis", EJOR 178).
//!
//! - **Whole simplex**: m independent standard exponential draws divided by their sum (the
//!   flat Dirichlet distribution).
//! - **Rank order**: a draw from the whole simplex sorted in decreasing order and handed out by
//!   rank (rank 1 the largest); criteria of equal rank share their block of values in a random
//!   order. Every ordering consistent with the ranks has the same volume, so this is uniform on
//!   the restricted region.
//! - **Bounds** lo_j ≤ w_j ≤ hi_j: with v_j = w_j − lo_j, u_j = hi_j − lo_j and
//!   s = 1 − Σ lo_j, the region is {0 ≤ v ≤ u, Σ v = s}. It is sampled by rejection from
//!   whichever of two proposals accepts more often: the scaled simplex s × Dirichlet(1) over
//!   the weights that may vary, or the box that draws every varying weight but the one with the
//!   widest range uniformly on [0, min(u_j, s)] and sets that one to what is left. Both
//!   proposals are uniform on a set containing the region, in coordinates in which the region
//!   is a linear image, so the accepted draws are uniform on it. The acceptance rates are exact,
//!   by inclusion and exclusion over the bounds that a draw breaks:
//!   vol = Σ_{S} (−1)^{|S|} (s − Σ_{j∈S} u_j)₊^{k} / k!, over subsets S of the k + 1 weights
//!   that vary.

use rand::RngExt;

/// The most weights that may vary within bounds (2^this subsets are summed to check them).
pub const MAX_BOUNDED: usize = 20;
/// The smallest acceptance rate allowed for bounds: below it the bounds leave almost no room,
/// and drawing would take more than a thousand proposals a weight vector on average.
pub const MIN_ACCEPTANCE: f64 = 1e-3;

/// How the weights are restricted.
#[derive(Debug, Clone, PartialEq)]
pub enum Restriction {
    /// Every weight vector of the simplex equally likely.
    None,
    /// Each weight within [lo, hi] (0 ≤ lo ≤ hi ≤ 1).
    Bounds(Vec<(f64, f64)>),
    /// Each criterion's rank, 1 the most important; a smaller rank never has a smaller weight.
    /// Equal ranks are not ordered among themselves.
    Ranks(Vec<u32>),
}

/// Why bounds cannot be sampled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimplexError {
    /// The lower bounds add up to more than 1.
    #[error("the smallest weights allowed add up to {0}, more than 1")]
    LowerAboveOne(f64),
    /// The upper bounds add up to less than 1.
    #[error("the largest weights allowed add up to {0}, less than 1")]
    UpperBelowOne(f64),
    /// Too many weights are bounded to compute the acceptance rate.
    #[error("{0} weights are given ranges; at most {MAX_BOUNDED} may be")]
    TooMany(usize),
    /// The bounds leave almost no room on the simplex.
    #[error(
        "the ranges leave almost no room: only {:.4}% of the weight vectors drawn would fit them",
        100.0 * .0
    )]
    TooNarrow(f64),
}

/// Draws weight vectors of m criteria uniformly from the restricted simplex.
#[derive(Debug, Clone)]
pub struct WeightSampler {
    m: usize,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Simplex,
    /// Criteria in order of rank, with the end of each group of equal rank.
    Ranks {
        order: Vec<usize>,
        groups: Vec<std::ops::Range<usize>>,
    },
    Bounds(Bounds),
}

#[derive(Debug, Clone)]
struct Bounds {
    lo: Vec<f64>,
    /// The weights that vary (lo < hi), and u = hi − lo for each.
    free: Vec<usize>,
    u: Vec<f64>,
    /// 1 − Σ lo.
    s: f64,
    proposal: Proposal,
    acceptance: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proposal {
    /// s × a flat Dirichlet draw over the free weights.
    Simplex,
    /// Uniform on a box over the free weights but `last` (an index into `free`).
    Box { last: usize },
}

impl WeightSampler {
    /// A sampler of `m` weights under `restriction` (whose vectors must have `m` entries).
    ///
    /// # Errors
    /// Bounds that cannot hold together, or leave too little room (see [`SimplexError`]).
    pub fn new(m: usize, restriction: &Restriction) -> Result<WeightSampler, SimplexError> {
        let kind = match restriction {
            Restriction::None => Kind::Simplex,
            Restriction::Ranks(ranks) => {
                assert_eq!(ranks.len(), m, "one rank per criterion");
                let mut order: Vec<usize> = (0..m).collect();
                order.sort_by_key(|&j| (ranks[j], j));
                let mut groups = Vec::new();
                let mut start = 0;
                for i in 1..=m {
                    if i == m || ranks[order[i]] != ranks[order[start]] {
                        groups.push(start..i);
                        start = i;
                    }
                }
                Kind::Ranks { order, groups }
            }
            Restriction::Bounds(b) => {
                assert_eq!(b.len(), m, "one range per criterion");
                Kind::Bounds(Bounds::new(b)?)
            }
        };
        Ok(WeightSampler { m, kind })
    }

    /// The share of proposals accepted (1 unless bounds are given).
    pub fn acceptance(&self) -> f64 {
        match &self.kind {
            Kind::Bounds(b) => b.acceptance,
            _ => 1.0,
        }
    }

    /// Draws one weight vector into `out` (m entries, each ≥ 0, summing to 1 up to rounding).
    pub fn draw<R: rand::Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        assert_eq!(out.len(), self.m, "one weight per criterion");
        match &self.kind {
            Kind::Simplex => dirichlet(rng, out, 1.0),
            Kind::Ranks { order, groups } => {
                let mut w = vec![0.0; self.m];
                dirichlet(rng, &mut w, 1.0);
                w.sort_by(|a, b| b.total_cmp(a));
                for g in groups {
                    // Fisher–Yates shuffle of the group's values among its members.
                    let block = &mut w[g.clone()];
                    for i in (1..block.len()).rev() {
                        let j = rng.random_range(0..=i);
                        block.swap(i, j);
                    }
                }
                for (k, &j) in order.iter().enumerate() {
                    out[j] = w[k];
                }
            }
            Kind::Bounds(b) => b.draw(rng, out),
        }
    }
}

/// A flat Dirichlet draw scaled to sum to `total`: independent standard exponentials
/// −ln(1 − U) divided by their sum.
fn dirichlet<R: rand::Rng + ?Sized>(rng: &mut R, out: &mut [f64], total: f64) {
    loop {
        for x in out.iter_mut() {
            let u: f64 = rng.random();
            *x = -(1.0 - u).ln();
        }
        let sum: f64 = out.iter().sum();
        if sum > 0.0 {
            for x in out.iter_mut() {
                *x *= total / sum;
            }
            return;
        }
    }
}

impl Bounds {
    fn new(b: &[(f64, f64)]) -> Result<Bounds, SimplexError> {
        let lo: Vec<f64> = b.iter().map(|r| r.0).collect();
        let sum_lo: f64 = lo.iter().sum();
        let sum_hi: f64 = b.iter().map(|r| r.1).sum();
        if sum_lo > 1.0 + 1e-9 {
            return Err(SimplexError::LowerAboveOne(sum_lo));
        }
        if sum_hi < 1.0 - 1e-9 {
            return Err(SimplexError::UpperBelowOne(sum_hi));
        }
        let free: Vec<usize> = (0..b.len()).filter(|&j| b[j].1 > b[j].0).collect();
        if free.len() > MAX_BOUNDED {
            return Err(SimplexError::TooMany(free.len()));
        }
        let u: Vec<f64> = free.iter().map(|&j| b[j].1 - b[j].0).collect();
        let s = (1.0 - sum_lo).max(0.0);
        let mut bounds = Bounds {
            lo,
            free,
            u,
            s,
            proposal: Proposal::Simplex,
            acceptance: 1.0,
        };
        if bounds.free.len() >= 2 && s > 0.0 {
            let (p_simplex, p_box, last) = bounds.acceptance_rates();
            (bounds.proposal, bounds.acceptance) = if p_box > p_simplex {
                (Proposal::Box { last }, p_box)
            } else {
                (Proposal::Simplex, p_simplex)
            };
            if bounds.acceptance < MIN_ACCEPTANCE {
                return Err(SimplexError::TooNarrow(bounds.acceptance));
            }
        }
        Ok(bounds)
    }

    /// The acceptance rates of the simplex and the box proposals, and the box's last weight.
    fn acceptance_rates(&self) -> (f64, f64, usize) {
        let (s, u) = (self.s, &self.u);
        let k = u.len() - 1;
        // Σ over subsets S of (−1)^|S| ((s − Σ_S u)₊ / s)^k: the region's volume over the
        // volume of the simplex of size s.
        let mut ratio = 0.0;
        for mask in 0u64..(1u64 << u.len()) {
            let used: f64 = (0..u.len())
                .filter(|j| mask & (1 << j) != 0)
                .map(|j| u[j])
                .sum();
            let rest = (s - used).max(0.0) / s;
            let sign = if mask.count_ones() % 2 == 0 {
                1.0
            } else {
                -1.0
            };
            ratio += sign * rest.powi(k as i32);
        }
        let p_simplex = ratio.clamp(0.0, 1.0);
        let last = (0..u.len())
            .max_by(|&a, &b| u[a].total_cmp(&u[b]).then(b.cmp(&a)))
            .expect("two or more free weights");
        // The box has volume Π c_j over the others; the simplex of size s has s^k / k!.
        let mut box_over_simplex = 1.0;
        for (i, j) in (0..u.len()).filter(|&j| j != last).enumerate() {
            box_over_simplex *= u[j].min(s) / s * (i + 1) as f64;
        }
        let p_box = (p_simplex / box_over_simplex).clamp(0.0, 1.0);
        (p_simplex, p_box, last)
    }

    fn draw<R: rand::Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        out.copy_from_slice(&self.lo);
        let k = self.free.len();
        if k == 0 {
            return;
        }
        if k == 1 || self.s == 0.0 {
            out[self.free[0]] += self.s;
            return;
        }
        let mut v = vec![0.0; k];
        loop {
            let ok = match self.proposal {
                Proposal::Simplex => {
                    dirichlet(rng, &mut v, self.s);
                    v.iter().zip(&self.u).all(|(x, u)| x <= u)
                }
                Proposal::Box { last } => {
                    let mut used = 0.0;
                    for (j, x) in v.iter_mut().enumerate() {
                        if j != last {
                            let u: f64 = rng.random();
                            *x = u * self.u[j].min(self.s);
                            used += *x;
                        }
                    }
                    v[last] = self.s - used;
                    (0.0..=self.u[last]).contains(&v[last])
                }
            };
            if ok {
                break;
            }
        }
        for (x, &j) in v.iter().zip(&self.free) {
            out[j] += x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha12Rng;

    fn draws(sampler: &WeightSampler, n: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        (0..n)
            .map(|_| {
                let mut w = vec![0.0; sampler.m];
                sampler.draw(&mut rng, &mut w);
                w
            })
            .collect()
    }

    fn mean(xs: impl Iterator<Item = f64>) -> (f64, f64) {
        let v: Vec<f64> = xs.collect();
        let n = v.len() as f64;
        let m = v.iter().sum::<f64>() / n;
        let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        (m, sd / n.sqrt())
    }

    #[test]
    fn the_whole_simplex_has_beta_marginals() {
        // On the simplex of 3 weights each weight is Beta(1, 2): mean 1/3, P(w < 1/2) = 3/4.
        let s = WeightSampler::new(3, &Restriction::None).unwrap();
        let w = draws(&s, 20_000, 1);
        for x in &w {
            assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!(x.iter().all(|v| *v >= 0.0));
        }
        let (m, se) = mean(w.iter().map(|x| x[0]));
        assert!((m - 1.0 / 3.0).abs() < 4.0 * se, "{m} ± {se}");
        let (p, se) = mean(w.iter().map(|x| f64::from(u8::from(x[2] < 0.5))));
        assert!((p - 0.75).abs() < 4.0 * se, "{p} ± {se}");
    }

    #[test]
    fn rank_orders_hold_and_are_uniform() {
        // Ranks 2, 1, 2: the second weight is the largest, the others unordered. Uniform on
        // {w1 ≥ w0, w1 ≥ w2}: by symmetry w0 and w2 have the same mean, and the largest of
        // three flat Dirichlet weights has mean (1 + 1/2 + 1/3) / 3 = 11/18.
        let s = WeightSampler::new(3, &Restriction::Ranks(vec![2, 1, 2])).unwrap();
        let w = draws(&s, 20_000, 2);
        assert!(w.iter().all(|x| x[1] >= x[0] && x[1] >= x[2]));
        let (m1, se1) = mean(w.iter().map(|x| x[1]));
        assert!((m1 - 11.0 / 18.0).abs() < 4.0 * se1, "{m1} ± {se1}");
        let (d, se) = mean(w.iter().map(|x| x[0] - x[2]));
        assert!(d.abs() < 4.0 * se, "{d} ± {se}");
        assert!(w.iter().any(|x| x[0] > x[2]) && w.iter().any(|x| x[2] > x[0]));
    }

    #[test]
    fn bounds_hold_and_both_proposals_agree() {
        let b = vec![(0.1, 0.5), (0.2, 0.3), (0.0, 1.0), (0.05, 0.4)];
        let s = WeightSampler::new(4, &Restriction::Bounds(b.clone())).unwrap();
        let mut forced = s.clone();
        let Kind::Bounds(inner) = &mut forced.kind else {
            unreachable!()
        };
        let other = match inner.proposal {
            Proposal::Simplex => Proposal::Box { last: 2 },
            Proposal::Box { .. } => Proposal::Simplex,
        };
        inner.proposal = other;
        let (a, c) = (draws(&s, 20_000, 3), draws(&forced, 20_000, 4));
        for x in a.iter().chain(&c) {
            assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            for (v, (lo, hi)) in x.iter().zip(&b) {
                assert!(*v >= lo - 1e-12 && *v <= hi + 1e-12, "{x:?}");
            }
        }
        for j in 0..4 {
            let (ma, sa) = mean(a.iter().map(|x| x[j]));
            let (mc, sc) = mean(c.iter().map(|x| x[j]));
            let se = (sa * sa + sc * sc).sqrt();
            assert!(
                (ma - mc).abs() < 4.0 * se,
                "weight {j}: {ma} vs {mc} ± {se}"
            );
        }
    }

    #[test]
    fn the_acceptance_rate_is_exact() {
        // Three weights each in [0, 0.5]: the region is the simplex with its three corners cut
        // off, each a quarter of it, so a quarter is left.
        let s = WeightSampler::new(3, &Restriction::Bounds(vec![(0.0, 0.5); 3])).unwrap();
        let Kind::Bounds(b) = &s.kind else {
            unreachable!()
        };
        let (p_simplex, p_box, _) = b.acceptance_rates();
        assert!((p_simplex - 0.25).abs() < 1e-12, "{p_simplex}");
        // The box [0, 0.5]² has area 1/4 against the simplex's 1/2: p_box = 0.25 × 2 = 0.5.
        assert!((p_box - 0.5).abs() < 1e-12, "{p_box}");
        assert!((s.acceptance() - 0.5).abs() < 1e-12);
        // And the share of plain simplex draws that fit agrees.
        let all = WeightSampler::new(3, &Restriction::None).unwrap();
        let w = draws(&all, 40_000, 5);
        let (p, se) = mean(
            w.iter()
                .map(|x| f64::from(u8::from(x.iter().all(|v| *v <= 0.5)))),
        );
        assert!((p - 0.25).abs() < 4.0 * se, "{p} ± {se}");
    }

    #[test]
    fn impossible_or_narrow_bounds_are_refused() {
        let r = |b: Vec<(f64, f64)>| WeightSampler::new(b.len(), &Restriction::Bounds(b));
        assert!(matches!(
            r(vec![(0.6, 0.7), (0.5, 0.9)]),
            Err(SimplexError::LowerAboveOne(_))
        ));
        assert!(matches!(
            r(vec![(0.1, 0.2), (0.1, 0.3)]),
            Err(SimplexError::UpperBelowOne(_))
        ));
        // Fixed weights that add up to 1 are fine; so is one weight left to take the rest.
        let fixed = r(vec![(0.25, 0.25), (0.75, 0.75)]).unwrap();
        assert_eq!(draws(&fixed, 1, 6)[0], vec![0.25, 0.75]);
        let one = r(vec![(0.25, 0.25), (0.0, 1.0)]).unwrap();
        assert_eq!(draws(&one, 1, 7)[0], vec![0.25, 0.75]);
    }
}
