//! Monte Carlo error of the figures a decision quotes (docs/model.md section 6): the standard
//! error of a share of iterations, and the quantile that a budget must reach to cover a share
//! of iterations, with a distribution-free interval from the binomial law of order statistics.

/// The standard normal quantile of 0.975: a 95% two-sided interval is ± this many standard
/// errors.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Monte Carlo standard error of a share of iterations: √(p(1 − p)/n), the binomial standard
/// error of a proportion p estimated from n independent iterations. NaN when n = 0.
pub fn proportion_mcse(p: f64, n: usize) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    (p * (1.0 - p) / n as f64).max(0.0).sqrt()
}

/// Monte Carlo standard error of the mean of per-iteration scores w_i in [0, 1] (a share of
/// wins, a tie of k options scoring 1/k each): √((Σw²/n − (Σw/n)²)/n), the population variance
/// of the scores over n. When every score is 0 or 1, Σw² = Σw and this is exactly the binomial
/// √(p(1 − p)/n) of [`proportion_mcse`]. NaN when n = 0.
pub fn score_mcse(sum: f64, sum_of_squares: f64, n: usize) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    let n = n as f64;
    let mean = sum / n;
    (sum_of_squares / n - mean * mean).max(0.0).sqrt() / n.sqrt()
}

/// The 1-based rank k = ⌈p·n⌉ (at least 1) of the order statistic that the p-quantile of
/// [`covering_quantile`] picks. p·n is computed in f64 and a whole number up to rounding noise
/// (1e-9) counts as whole, so that 0.8 × 20,000 gives 16,000 and not 16,001.
pub fn covering_rank(p: f64, n: usize) -> usize {
    ((p * n as f64 - 1e-9).ceil() as usize).clamp(1, n)
}

/// The smallest value of the sample that at least a share p of it does not exceed: the order
/// statistic x₍ₖ₎ with k = ⌈p·n⌉ of the sample sorted ascending (Hyndman and Fan's definition 1,
/// the inverse of the empirical distribution function). A budget equal to it covers at least
/// a share p of the iterations, which a type-7 percentile interpolated between two order
/// statistics does not promise.
///
/// # Panics
/// If `sorted` is empty or `p` is outside (0, 1]. `sorted` must be sorted ascending; that is not
/// checked.
pub fn covering_quantile(sorted: &[f64], p: f64) -> f64 {
    assert!(!sorted.is_empty(), "quantile of an empty sample");
    assert!(p > 0.0 && p <= 1.0, "probability {p} is outside (0, 1]");
    sorted[covering_rank(p, sorted.len()) - 1]
}

/// A 95% interval for the p-quantile of the distribution that `sorted` samples, free of any
/// assumption about that distribution: [x₍ₗ₎, x₍ᵤ₎] with l = ⌊np − z√(np(1 − p))⌋ and
/// u = ⌈np + z√(np(1 − p))⌉, z = [`Z95`], both kept within 1 … n. The number of draws below
/// the true quantile is binomial (n, p), so the true quantile lies between those order
/// statistics with probability about 95% (the normal approximation to the binomial; Conover,
/// *Practical Nonparametric Statistics*, section 3.2).
///
/// # Panics
/// As [`covering_quantile`].
pub fn quantile_interval(sorted: &[f64], p: f64) -> [f64; 2] {
    assert!(!sorted.is_empty(), "quantile of an empty sample");
    assert!(p > 0.0 && p <= 1.0, "probability {p} is outside (0, 1]");
    interval_ranks(p, sorted.len()).map(|r| sorted[r - 1])
}

/// The 1-based ranks [l, u] of the order statistics that bound [`quantile_interval`] for a
/// sample of n.
pub fn interval_ranks(p: f64, n: usize) -> [usize; 2] {
    let size = n as f64;
    let centre = size * p;
    let half = Z95 * (size * p * (1.0 - p)).sqrt();
    let rank = |r: f64| (r.max(1.0) as usize).min(n);
    [rank((centre - half).floor()), rank((centre + half).ceil())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_zeros_and_ones_has_the_binomial_error() {
        // 3 wins in 10: p = 0.3, √(0.3 × 0.7 / 10).
        let expected = (0.3f64 * 0.7 / 10.0).sqrt();
        assert!((score_mcse(3.0, 3.0, 10) - expected).abs() < 1e-15);
        assert!((proportion_mcse(0.3, 10) - expected).abs() < 1e-15);
        assert_eq!(proportion_mcse(1.0, 10), 0.0);
        assert!(score_mcse(0.0, 0.0, 0).is_nan());
        // Ties shared: scores ½, ½, 1, 0 have mean ½ and population variance 1/8.
        let tied = score_mcse(2.0, 1.5, 4);
        assert!((tied - (0.125f64 / 4.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn the_covering_quantile_covers_its_share() {
        let sorted: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(covering_quantile(&sorted, 0.8), 8.0);
        assert_eq!(covering_quantile(&sorted, 0.81), 9.0);
        assert_eq!(covering_quantile(&sorted, 0.9), 9.0);
        assert_eq!(covering_quantile(&sorted, 1.0), 10.0);
        assert_eq!(covering_quantile(&[5.0], 0.5), 5.0);
        let big: Vec<f64> = (1..=20_000).map(f64::from).collect();
        assert_eq!(covering_quantile(&big, 0.8), 16_000.0);
        for p in [0.5, 0.8, 0.9, 0.95] {
            for n in 1..40 {
                let s: Vec<f64> = (1..=n).map(f64::from).collect();
                let q = covering_quantile(&s, p);
                let covered = s.iter().filter(|x| **x <= q).count() as f64 / n as f64;
                assert!(covered >= p - 1e-12, "n {n}, p {p}: {covered}");
                let below = s.iter().filter(|x| **x < q).count() as f64 / n as f64;
                assert!(below < p, "n {n}, p {p}: a smaller value would do");
            }
        }
    }

    #[test]
    fn the_quantile_interval_is_binomial() {
        let sorted: Vec<f64> = (1..=10_000).map(f64::from).collect();
        // np = 8000, √(np(1 − p)) = 40, z·40 = 78.4: ranks 7921 and 8079.
        assert_eq!(quantile_interval(&sorted, 0.8), [7921.0, 8079.0]);
        assert_eq!(quantile_interval(&[1.0, 2.0], 0.9), [1.0, 2.0]);
        assert_eq!(quantile_interval(&[3.0], 0.8), [3.0, 3.0]);
    }
}
