//! Ranks and correlation of paired samples: average ranks with ties, Spearman's rank correlation
//! and Pearson's product-moment correlation (docs/model.md section 8).

use super::quantile::{from_order_key, order_key};

/// Ranks 1..=n of `values`, ties given the average of the ranks they span (so [10, 20, 20, 30]
/// ranks as [1, 2.5, 2.5, 4]). Values tie when they compare equal with `==` (so −0 ties +0).
///
/// NaN values get rank NaN and the others are ranked among themselves, 1..=m for m defined
/// values. Ranks are exact: whole numbers or halves. Cost: one sort, O(n log n).
pub fn ranks(values: &[f64]) -> Vec<f64> {
    // Integer order keys sort faster than f64::total_cmp, in the same order.
    let mut order: Vec<(i64, usize)> = values
        .iter()
        .enumerate()
        .filter(|(_, x)| !x.is_nan())
        .map(|(i, &x)| (order_key(x), i))
        .collect();
    order.sort_unstable_by_key(|&(key, _)| key);
    let mut result = vec![f64::NAN; values.len()];
    let mut start = 0;
    while start < order.len() {
        let value = from_order_key(order[start].0);
        let mut end = start + 1;
        while end < order.len() && from_order_key(order[end].0) == value {
            end += 1;
        }
        // Positions start..end (0-based) hold ranks start + 1 ..= end; their average:
        let rank = (start + 1 + end) as f64 / 2.0;
        for &(_, i) in &order[start..end] {
            result[i] = rank;
        }
        start = end;
    }
    result
}

/// Spearman's rank correlation: the Pearson correlation ([`pearson`]) of the average ranks
/// ([`ranks`]) of `x` and `y` (Spearman 1904, "The proof and measurement of association
/// between two things", *American Journal of Psychology* 15(1), 72–101).
///
/// Pairs in which either side is NaN (undefined) are left out before ranking. NaN when fewer
/// than two pairs remain or either side is constant. To correlate many NaN-free columns
/// against the same one, rank each once and call [`pearson`] on the ranks: same result, fewer
/// sorts (a rank costs about 40 ms per 1,000,000 values).
///
/// # Panics
/// If `x` and `y` differ in length.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    assert_eq!(x.len(), y.len(), "spearman of columns of different lengths");
    let (xs, ys): (Vec<f64>, Vec<f64>) = x
        .iter()
        .zip(y)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(&a, &b)| (a, b))
        .unzip();
    pearson(&ranks(&xs), &ranks(&ys))
}

/// Pearson's product-moment correlation of paired samples.
///
/// With means mx, my (sums in index order, divided by n), two-pass and in index order:
/// sxy = Σ(x − mx)(y − my), sxx = Σ(x − mx)², syy = Σ(y − my)², and r = sxy / √(sxx·syy),
/// clamped to [−1, 1] against rounding. Pairs in which either side is NaN are left out. NaN
/// when fewer than two pairs remain or either side is constant (all its values equal).
///
/// # Panics
/// If `x` and `y` differ in length.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    assert_eq!(x.len(), y.len(), "pearson of columns of different lengths");
    let pairs = || {
        x.iter()
            .copied()
            .zip(y.iter().copied())
            .filter(|(a, b)| !a.is_nan() && !b.is_nan())
    };
    let Some((x0, y0)) = pairs().next() else {
        return f64::NAN;
    };
    let (mut n, mut sum_x, mut sum_y) = (0usize, 0.0, 0.0);
    let (mut x_constant, mut y_constant) = (true, true);
    for (a, b) in pairs() {
        n += 1;
        sum_x += a;
        sum_y += b;
        x_constant &= a == x0;
        y_constant &= b == y0;
    }
    // A constant column's mean need not equal its value after rounding, so test it directly.
    if n < 2 || x_constant || y_constant {
        return f64::NAN;
    }
    let (mean_x, mean_y) = (sum_x / n as f64, sum_y / n as f64);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in pairs() {
        let (dx, dy) = (a - mean_x, b - mean_y);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::testing::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha12Rng;

    #[test]
    fn ranks_with_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 30.0]), [1.0, 2.5, 2.5, 4.0]);
        assert_eq!(ranks(&[3.0, 1.0, 2.0]), [3.0, 1.0, 2.0]);
        assert_eq!(ranks(&[5.0, 5.0, 5.0]), [2.0, 2.0, 2.0]);
        assert_eq!(
            ranks(&[0.0, -1.0, 7.0, -1.0, 7.0, 7.0, -0.0]),
            [3.5, 1.5, 6.0, 1.5, 6.0, 6.0, 3.5]
        );
        let r = ranks(&[2.0, f64::NAN, 1.0]);
        assert_eq!((r[0], r[2]), (2.0, 1.0));
        assert!(r[1].is_nan());
        assert!(ranks(&[]).is_empty());
    }

    #[test]
    fn spearman_of_monotone_transforms() {
        let mut rng = ChaCha12Rng::seed_from_u64(3);
        let x = random_column(&mut rng, 1_000, false);
        let cubed: Vec<f64> = x.iter().map(|v| v * v * v + 1.0).collect();
        let reversed: Vec<f64> = x.iter().map(|v| (-v / 1.0e5).exp()).collect();
        assert_eq!(spearman(&x, &cubed), 1.0);
        assert_eq!(spearman(&x, &reversed), -1.0);
    }

    #[test]
    fn spearman_by_hand() {
        // No ties: 1 − 6Σd²/(n(n² − 1)) = 1 − 6·4/120.
        assert_close(
            spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 1.0, 4.0, 3.0, 5.0]),
            0.8,
        );
        // Ties: ranks of y are [1, 3.5, 3.5, 2]; sxy = 1.5, sxx = 5, syy = 4.5, r = √0.1.
        assert_close(
            spearman(&[1.0, 2.0, 3.0, 4.0], &[10.0, 30.0, 30.0, 20.0]),
            0.316_227_766_016_837_94,
        );
        // The NaN pair is left out before ranking, leaving the first example (2.5 would
        // change the ranks of y if it were ranked).
        assert_close(
            spearman(
                &[1.0, 2.0, f64::NAN, 3.0, 4.0, 5.0],
                &[2.0, 1.0, 2.5, 4.0, 3.0, 5.0],
            ),
            0.8,
        );
    }

    #[test]
    fn correlation_undefined_cases() {
        assert!(spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]).is_nan());
        assert!(spearman(&[1.0], &[2.0]).is_nan());
        assert!(spearman(&[], &[]).is_nan());
        // The mean of three 0.1s rounds away from 0.1; constancy must still be seen.
        assert!(pearson(&[0.1, 0.1, 0.1], &[1.0, 2.0, 3.0]).is_nan());
        assert!(pearson(&[1.0, 2.0, 3.0], &[0.1, 0.1, 0.1]).is_nan());
        assert!(pearson(&[f64::NAN, 1.0], &[1.0, 2.0]).is_nan());
    }

    #[test]
    fn pearson_by_hand() {
        // sxy = 3, sxx = 2, syy = 14/3: r = 3/√(28/3).
        assert_close(
            pearson(&[1.0, 2.0, 3.0], &[1.0, 2.0, 4.0]),
            0.981_980_506_061_965_7,
        );
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[-2.0, -4.0, -6.0]), -1.0);
        // Unclamped, rounding makes this 1.0000000000000002.
        let x = [16.5, 16.5, 4.199_999_999_999_999];
        let tripled = x.map(|v| v * 3.0);
        assert_eq!(pearson(&x, &tripled), 1.0);
    }

    #[test]
    #[should_panic(expected = "different lengths")]
    fn correlation_rejects_unequal_lengths() {
        spearman(&[1.0, 2.0], &[1.0]);
    }
}
