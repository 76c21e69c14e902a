//! Summaries of a metric over the Monte Carlo iterations (docs/model.md sections 6 and 8):
//! mean, standard deviation, Monte Carlo standard error, extremes, type-7 percentiles,
//! and rank (Spearman) and Pearson correlation for the sensitivity tornado.
//!
//! Every number here is a contract: someone holding a CSV of the samples must be able to
//! recompute it to the last bit. So every sum runs single-threaded in index order, and each
//! function's documentation states the exact floating-point formula it evaluates. Running
//! many columns in parallel ([`summarise_columns`]) does not change any column's result.
//!
//! Undefined values (a `bcr` when `cost_pv` = 0, say: docs/model.md section 5) arrive as NaN and
//! are left out of the statistics; [`Summary::undefined_share`] reports how many there were.

use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};
use std::cmp::Ordering;

/// The probabilities of the percentiles in a [`Summary`], in the order of its fields
/// `p5` … `p95`.
pub const PERCENTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

/// Statistics of one metric over the iterations (docs/model.md section 6). All statistics are in
/// the metric's own units except `undefined_share` and `n`.
///
/// Values that are undefined in an iteration are passed as NaN and left out; `undefined_share`
/// is their share. When every value is undefined (or there are none), every statistic is NaN
/// and `n` is 0. JSON has no NaN: serde_json writes NaN (and ±∞) as `null`, and
/// deserialising reads `null` back as NaN.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Arithmetic mean of the defined values: their sum in index order, divided by `n`.
    #[serde(deserialize_with = "null_as_nan")]
    pub mean: f64,
    /// Sample standard deviation (divisor `n` − 1), two-pass: √(Σ(x − mean)² / (n − 1)),
    /// the sum in index order. 0 when `n` = 1.
    #[serde(deserialize_with = "null_as_nan")]
    pub sd: f64,
    /// Monte Carlo standard error of the mean: `sd` / √`n`.
    #[serde(deserialize_with = "null_as_nan")]
    pub mcse: f64,
    /// Smallest defined value.
    #[serde(deserialize_with = "null_as_nan")]
    pub min: f64,
    /// Largest defined value.
    #[serde(deserialize_with = "null_as_nan")]
    pub max: f64,
    /// 5th percentile (type 7, see [`quantile_type7`]).
    #[serde(deserialize_with = "null_as_nan")]
    pub p5: f64,
    /// 10th percentile (type 7).
    #[serde(deserialize_with = "null_as_nan")]
    pub p10: f64,
    /// 25th percentile, the lower quartile (type 7).
    #[serde(deserialize_with = "null_as_nan")]
    pub p25: f64,
    /// 50th percentile, the median (type 7).
    #[serde(deserialize_with = "null_as_nan")]
    pub p50: f64,
    /// 75th percentile, the upper quartile (type 7).
    #[serde(deserialize_with = "null_as_nan")]
    pub p75: f64,
    /// 90th percentile (type 7).
    #[serde(deserialize_with = "null_as_nan")]
    pub p90: f64,
    /// 95th percentile (type 7).
    #[serde(deserialize_with = "null_as_nan")]
    pub p95: f64,
    /// Share of the iterations (0 to 1) in which the metric was undefined (NaN).
    /// 0 for an empty column: no iteration was undefined.
    #[serde(deserialize_with = "null_as_nan")]
    pub undefined_share: f64,
    /// Number of defined values, the `n` in the formulas above.
    pub n: u64,
}

/// Reads a JSON `null` as NaN, since serde_json writes non-finite floats as `null`.
fn null_as_nan<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
}

impl Summary {
    /// The summary of a column with no defined value: every statistic NaN.
    fn undefined(undefined_share: f64) -> Summary {
        let nan = f64::NAN;
        Summary {
            mean: nan,
            sd: nan,
            mcse: nan,
            min: nan,
            max: nan,
            p5: nan,
            p10: nan,
            p25: nan,
            p50: nan,
            p75: nan,
            p90: nan,
            p95: nan,
            undefined_share,
            n: 0,
        }
    }

    /// The percentiles in the order of [`PERCENTILES`].
    pub fn percentiles(&self) -> [f64; 7] {
        [
            self.p5, self.p10, self.p25, self.p50, self.p75, self.p90, self.p95,
        ]
    }
}

/// Summarises a column (one metric, one value per iteration; NaN = undefined).
///
/// Does not reorder `values`: it works on an internal copy of the defined values. The formulas
/// are those documented on the fields of [`Summary`]; percentiles are type 7 at
/// [`PERCENTILES`]. Infinite values are defined values and take part (they make the mean and
/// sd infinite or NaN). An empty slice gives all statistics NaN, `n` = 0 and
/// `undefined_share` = 0. Cost is O(n): no full sort; the percentiles come from the recursive
/// selection of [`quantiles_type7`], run on integer keys ordered exactly as
/// [`f64::total_cmp`] orders the values (about 9 ms per 1,000,000 values).
pub fn summarise(values: &[f64]) -> Summary {
    // One pass in index order: the sum, the extremes, and the defined values as order keys
    // for selection. Branch-free on NaN for speed: adding +0 in place of a NaN leaves the sum
    // bit-identical to skipping it, since a sum started at +0 is never −0.
    let mut keys: Vec<i64> = vec![0; values.len()];
    let mut defined = 0;
    let mut sum = 0.0;
    let (mut min_key, mut max_key) = (i64::MAX, i64::MIN);
    for &x in values {
        let is_defined = !x.is_nan();
        let key = order_key(x);
        keys[defined] = key;
        defined += usize::from(is_defined);
        sum += if is_defined { x } else { 0.0 };
        if is_defined {
            min_key = min_key.min(key);
            max_key = max_key.max(key);
        }
    }
    keys.truncate(defined);
    let undefined_share = if values.is_empty() {
        0.0
    } else {
        (values.len() - defined) as f64 / values.len() as f64
    };
    if defined == 0 {
        return Summary::undefined(undefined_share);
    }

    let n = keys.len() as f64;
    let mean = sum / n;
    let sd = if keys.len() == 1 {
        0.0
    } else {
        let mut squares = 0.0;
        for &x in values {
            let deviation = x - mean;
            squares += if x.is_nan() {
                0.0
            } else {
                deviation * deviation
            };
        }
        (squares / (n - 1.0)).sqrt()
    };
    let mcse = sd / n.sqrt();

    let [p5, p10, p25, p50, p75, p90, p95] = PERCENTILES.map(|p| type7_position(keys.len(), p));
    let wanted = needed_order_statistics(&[p5, p10, p25, p50, p75, p90, p95]);
    let found = radix_order_statistics(&keys, min_key, max_key, &wanted);
    let at = |i: usize| {
        let slot = wanted.binary_search(&i).expect("a wanted order statistic");
        from_order_key(found[slot])
    };
    let quantile = |position| type7_from(at, position);
    Summary {
        mean,
        sd,
        mcse,
        min: from_order_key(min_key),
        max: from_order_key(max_key),
        p5: quantile(p5),
        p10: quantile(p10),
        p25: quantile(p25),
        p50: quantile(p50),
        p75: quantile(p75),
        p90: quantile(p90),
        p95: quantile(p95),
        undefined_share,
        n: keys.len() as u64,
    }
}

/// A key whose integer order is the order of [`f64::total_cmp`] (the same bit trick), so
/// selection can compare integers, which is faster than comparing floats.
fn order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// The inverse of [`order_key`].
fn from_order_key(key: i64) -> f64 {
    f64::from_bits((key ^ ((((key >> 63) as u64) >> 1) as i64)) as u64)
}

/// Summarises many columns, in parallel across columns (rayon), in the order given.
///
/// Each column is summarised by [`summarise`] on one thread, so the results are bit-identical
/// whatever the number of threads.
pub fn summarise_columns<C: AsRef<[f64]> + Sync>(columns: &[C]) -> Vec<Summary> {
    columns.par_iter().map(|c| summarise(c.as_ref())).collect()
}

/// Where the p-quantile sits in a sorted sample of `n` values: the 0-based index `floor(h)`
/// of the lower order statistic and the fraction `h − floor(h)`, where h = (n − 1)·p.
fn type7_position(n: usize, p: f64) -> (usize, f64) {
    assert!(
        (0.0..=1.0).contains(&p),
        "probability {p} is outside [0, 1]"
    );
    let h = (n - 1) as f64 * p;
    let floor = h.floor();
    (floor as usize, h - floor)
}

/// The type-7 quantile at `position` (from [`type7_position`]), reading the order statistic
/// at a 0-based index with `x`: x(⌊h⌋) + (h − ⌊h⌋)·(x(⌊h⌋ + 1) − x(⌊h⌋)). When h is whole, or
/// the two order statistics are equal, it is x(⌊h⌋) itself (as in R), which the formula also
/// gives for finite values; this only matters for infinities.
pub(crate) fn type7_from(mut x: impl FnMut(usize) -> f64, (lo, fraction): (usize, f64)) -> f64 {
    let below = x(lo);
    if fraction == 0.0 {
        return below;
    }
    let above = x(lo + 1);
    if above == below {
        below
    } else {
        below + fraction * (above - below)
    }
}

/// The p-quantile of a sorted sample by linear interpolation between order statistics:
/// definition 7 of Hyndman & Fan (1996), "Sample quantiles in statistical packages",
/// *The American Statistician* 50(4), 361–365; the default of R's `quantile` and numpy's
/// `percentile`.
///
/// With n values `x[0] ≤ … ≤ x[n − 1]` (counting from 0), h = (n − 1)·p and the result is
/// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])`, evaluated in exactly that order in f64
/// (`x[⌊h⌋]` itself when h is a whole number or the two order statistics are equal). R and
/// numpy arrange the same arithmetic slightly differently and may differ in the last bit.
/// With infinite values the formula can meet ∞ − ∞ and give NaN (−∞ and 5, say).
///
/// # Panics
/// If `sorted` is empty or `p` is outside [0, 1]. `sorted` must be sorted ascending; that is
/// not checked.
pub fn quantile_type7(sorted: &[f64], p: f64) -> f64 {
    assert!(!sorted.is_empty(), "quantile of an empty sample");
    type7_from(|i| sorted[i], type7_position(sorted.len(), p))
}

/// The type-7 quantiles (see [`quantile_type7`]) of an unsorted sample at each probability in
/// `ps`, in the order of `ps`, without a full sort. Reorders `values`.
///
/// Gives the same results as sorting `values` by [`f64::total_cmp`] and calling
/// [`quantile_type7`]. It places only the order statistics the quantiles need (⌊h⌋ and
/// ⌊h⌋ + 1 for each p) by recursive selection: select the middle requested index, then recurse
/// on the requested indices left and right of it. Cost O(n log k) for k requested indices.
/// NaN should be filtered out first; if present they are ordered as `total_cmp` orders them.
///
/// # Panics
/// If `values` is empty or some p is outside [0, 1].
pub fn quantiles_type7(values: &mut [f64], ps: &[f64]) -> Vec<f64> {
    assert!(!values.is_empty(), "quantiles of an empty sample");
    let positions: Vec<(usize, f64)> = ps
        .iter()
        .map(|&p| type7_position(values.len(), p))
        .collect();
    let wanted = needed_order_statistics(&positions);
    select_order_statistics(values, 0, &wanted, &f64::total_cmp);
    positions
        .iter()
        .map(|&position| type7_from(|i| values[i], position))
        .collect()
}

/// The sorted, distinct indices of the order statistics that the quantiles at `positions`
/// (from [`type7_position`]) read: ⌊h⌋, and ⌊h⌋ + 1 unless h is a whole number.
fn needed_order_statistics(positions: &[(usize, f64)]) -> Vec<usize> {
    let mut needed: Vec<usize> = Vec::with_capacity(2 * positions.len());
    for &(lo, fraction) in positions {
        needed.push(lo);
        if fraction > 0.0 {
            needed.push(lo + 1);
        }
    }
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// The order statistics at the sorted, distinct indices `wanted` of `keys` (whose smallest and
/// largest are `min` and `max`), exactly, in two passes over the data: a histogram of the keys
/// on 2^16 equal-width buckets of [min, max] finds the bucket that holds each wanted rank, then
/// only the keys in those buckets are gathered and selected among. For the smooth distributions
/// of Monte Carlo output each such bucket holds a few dozen keys, so this is several times
/// faster than selecting in the whole column.
fn radix_order_statistics(keys: &[i64], min: i64, max: i64, wanted: &[usize]) -> Vec<i64> {
    if min == max {
        // A constant column (an option that does nothing, a fixed metric).
        return vec![min; wanted.len()];
    }
    const BITS: u32 = 16;
    let range = max.wrapping_sub(min) as u64;
    let shift = (64 - range.leading_zeros()).saturating_sub(BITS);
    let bucket = |k: i64| (k.wrapping_sub(min) as u64 >> shift) as usize;
    let mut counts = vec![0u32; bucket(max) + 1];
    for &k in keys {
        counts[bucket(k)] += 1;
    }
    // For each wanted rank: its bucket and its rank within the bucket.
    let mut slots: Vec<(usize, usize)> = Vec::with_capacity(wanted.len());
    let (mut b, mut below) = (0usize, 0usize);
    for &rank in wanted {
        while below + counts[b] as usize <= rank {
            below += counts[b] as usize;
            b += 1;
        }
        slots.push((b, rank - below));
    }
    let mut buckets: Vec<usize> = slots.iter().map(|s| s.0).collect();
    buckets.dedup();
    let mut marks = vec![u8::MAX; counts.len()];
    for (i, &b) in buckets.iter().enumerate() {
        marks[b] = i as u8;
    }
    let mut gathered: Vec<Vec<i64>> = buckets
        .iter()
        .map(|&b| Vec::with_capacity(counts[b] as usize))
        .collect();
    for &k in keys {
        let m = marks[bucket(k)];
        if m != u8::MAX {
            gathered[m as usize].push(k);
        }
    }
    slots
        .iter()
        .map(|&(b, rank)| {
            let g = &mut gathered[buckets.binary_search(&b).expect("gathered bucket")];
            *g.select_nth_unstable(rank).1
        })
        .collect()
}

/// Puts the order statistics at the sorted, distinct indices `wanted` (relative to the whole
/// sample; `slice` starts at index `offset` of it) where a full sort by `compare` would put
/// them.
fn select_order_statistics<T, F>(slice: &mut [T], offset: usize, wanted: &[usize], compare: &F)
where
    F: Fn(&T, &T) -> Ordering,
{
    if wanted.is_empty() {
        return;
    }
    let middle = wanted.len() / 2;
    let k = wanted[middle] - offset;
    // The standard library (currently) turns index 0 and the last index into a min or max scan,
    // so the neighbour ⌊h⌋ + 1 of an already placed ⌊h⌋ costs one pass over its sub-slice.
    let (left, _, right) = slice.select_nth_unstable_by(k, compare);
    select_order_statistics(left, offset, &wanted[..middle], compare);
    select_order_statistics(right, offset + k + 1, &wanted[middle + 1..], compare);
}

/// The lower-triangular Cholesky factor L of a symmetric matrix (L·Lᵀ = m), or `None` when m
/// is not positive definite (to a tolerance of 1e-10 on the pivots). `m` is given by rows.
pub fn cholesky(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = m[i][i] - s;
                if d <= 1e-10 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

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
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha12Rng;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() <= 1e-12 * expected.abs().max(1.0)
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!(close(actual, expected), "{actual} != {expected}");
    }

    /// Equal, or both NaN.
    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    fn sorted(values: &[f64]) -> Vec<f64> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        v
    }

    // Expected values worked by hand from h = (n − 1)p; they match numpy.percentile and
    // R quantile(type = 7).
    #[test]
    fn quantile_type7_by_hand() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_close(quantile_type7(&x, 0.25), 1.75);
        assert_close(quantile_type7(&x, 0.5), 2.5);
        assert_close(quantile_type7(&x, 0.9), 3.7);
        assert_close(quantile_type7(&x, 0.1), 1.3);
        assert_eq!(quantile_type7(&x, 0.0), 1.0);
        assert_eq!(quantile_type7(&x, 1.0), 4.0);

        for p in [0.0, 0.05, 0.5, 0.95, 1.0] {
            assert_eq!(quantile_type7(&[10.0], p), 10.0);
        }

        let x = sorted(&[3.0, 1.0, 2.0]);
        assert_close(quantile_type7(&x, 0.25), 1.5);
        assert_eq!(quantile_type7(&x, 0.5), 2.0);
        assert_close(quantile_type7(&x, 0.9), 2.8);

        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let expected = [2.7, 3.4, 4.0, 4.5, 5.5, 7.6, 8.3];
        for (p, e) in PERCENTILES.iter().zip(expected) {
            assert_close(quantile_type7(&x, *p), e);
        }

        let x = [-5.0, -1.0, 0.0, 10.0, 100.0];
        assert_close(quantile_type7(&x, 0.3), -0.8);
        assert_close(quantile_type7(&x, 0.8), 28.0);
    }

    #[test]
    fn quantile_type7_with_infinities() {
        let inf = f64::INFINITY;
        assert_eq!(quantile_type7(&[1.0, 2.0, inf], 0.5), 2.0);
        assert_eq!(quantile_type7(&[1.0, 2.0, inf], 1.0), inf);
        assert_eq!(quantile_type7(&[1.0, 2.0, inf], 0.75), inf);
        assert_eq!(quantile_type7(&[-inf, -inf, 1.0], 0.25), -inf);
        assert!(quantile_type7(&[-inf, 5.0], 0.5).is_nan());
    }

    #[test]
    #[should_panic(expected = "outside [0, 1]")]
    fn quantile_rejects_probability_above_one() {
        quantile_type7(&[1.0, 2.0], 1.5);
    }

    #[test]
    #[should_panic(expected = "empty")]
    fn quantile_rejects_empty_sample() {
        quantile_type7(&[], 0.5);
    }

    fn random_column(rng: &mut ChaCha12Rng, n: usize, ties: bool) -> Vec<f64> {
        (0..n)
            .map(|_| {
                if ties {
                    rng.random_range(-20i32..20) as f64
                } else {
                    rng.random_range(-1.0e6..1.0e6)
                }
            })
            .collect()
    }

    #[test]
    fn selection_matches_full_sort() {
        let mut rng = ChaCha12Rng::seed_from_u64(20240601);
        let ps = [
            0.0, 0.05, 0.10, 0.25, 0.5, 0.5, 0.75, 0.90, 0.95, 1.0, 0.001, 0.999, 0.333,
        ];
        for n in [1, 2, 3, 10, 1001, 100_000] {
            for ties in [false, true] {
                let column = random_column(&mut rng, n, ties);
                let sorted = sorted(&column);
                let expected: Vec<f64> = ps.iter().map(|&p| quantile_type7(&sorted, p)).collect();
                let mut work = column.clone();
                let actual = quantiles_type7(&mut work, &ps);
                for (a, e) in actual.iter().zip(&expected) {
                    assert_eq!(a.to_bits(), e.to_bits(), "n = {n}, ties = {ties}");
                }
                // Reordered, never changed.
                assert_eq!(self::sorted(&work), sorted);
            }
        }
    }

    #[test]
    fn summarise_by_hand() {
        let s = summarise(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(s.n, 8);
        assert_eq!(s.undefined_share, 0.0);
        assert_eq!(s.mean, 5.0);
        // Σ(x − 5)² = 32, so sd = √(32/7) and mcse = √(32/7)/√8 = √(4/7).
        assert_close(s.sd, 2.138_089_935_299_395);
        assert_close(s.mcse, 0.755_928_946_018_454_4);
        assert_eq!(s.min, 2.0);
        assert_eq!(s.max, 9.0);
        let expected = [2.7, 3.4, 4.0, 4.5, 5.5, 7.6, 8.3];
        for (actual, e) in s.percentiles().iter().zip(expected) {
            assert_close(*actual, e);
        }
    }

    #[test]
    fn summarise_single_value() {
        let s = summarise(&[-3.5]);
        assert_eq!((s.n, s.mean, s.sd, s.mcse), (1, -3.5, 0.0, 0.0));
        assert_eq!(
            (s.min, s.max, s.p5, s.p50, s.p95),
            (-3.5, -3.5, -3.5, -3.5, -3.5)
        );
    }

    #[test]
    fn summarise_leaves_out_undefined_values() {
        let nan = f64::NAN;
        let s = summarise(&[1.0, nan, 3.0, nan]);
        assert_eq!(s.n, 2);
        assert_eq!(s.undefined_share, 0.5);
        assert_eq!(s.mean, 2.0);
        assert_close(s.sd, std::f64::consts::SQRT_2);
        assert_close(s.mcse, 1.0);
        assert_eq!((s.min, s.max, s.p50), (1.0, 3.0, 2.0));
        assert_close(s.p25, 1.5);

        let s = summarise(&[nan, 7.0, nan, nan]);
        assert_eq!((s.n, s.undefined_share, s.mean, s.p95), (1, 0.75, 7.0, 7.0));
    }

    #[test]
    fn summarise_all_undefined() {
        let s = summarise(&[f64::NAN; 5]);
        assert_eq!(s.n, 0);
        assert_eq!(s.undefined_share, 1.0);
        for stat in [s.mean, s.sd, s.mcse, s.min, s.max] {
            assert!(stat.is_nan());
        }
        assert!(s.percentiles().iter().all(|p| p.is_nan()));
    }

    #[test]
    fn summarise_empty() {
        let s = summarise(&[]);
        assert_eq!(s.n, 0);
        assert_eq!(s.undefined_share, 0.0);
        assert!(s.mean.is_nan() && s.sd.is_nan() && s.p50.is_nan() && s.min.is_nan());
    }

    #[test]
    fn summarise_random_column_matches_definitions() {
        let mut rng = ChaCha12Rng::seed_from_u64(7);
        let mut column = random_column(&mut rng, 10_001, false);
        for i in (0..column.len()).step_by(10) {
            column[i] = f64::NAN;
        }
        let defined: Vec<f64> = column.iter().copied().filter(|x| !x.is_nan()).collect();
        let n = defined.len() as f64;
        let mut sum = 0.0;
        for &x in &defined {
            sum += x;
        }
        let mean = sum / n;
        let mut squares = 0.0;
        for &x in &defined {
            squares += (x - mean) * (x - mean);
        }
        let sd = (squares / (n - 1.0)).sqrt();
        let sorted = sorted(&defined);

        let before = column.clone();
        let s = summarise(&column);
        assert!(column.iter().zip(&before).all(|(a, b)| same(*a, *b)));
        assert_eq!(s.n, 9_000);
        assert_eq!(s.undefined_share, 1_001.0 / 10_001.0);
        assert_eq!(s.mean.to_bits(), mean.to_bits());
        assert_eq!(s.sd.to_bits(), sd.to_bits());
        assert_eq!(s.mcse.to_bits(), (sd / n.sqrt()).to_bits());
        assert_eq!(s.min, sorted[0]);
        assert_eq!(s.max, sorted[sorted.len() - 1]);
        for (actual, p) in s.percentiles().iter().zip(PERCENTILES) {
            assert_eq!(actual.to_bits(), quantile_type7(&sorted, p).to_bits());
        }
    }

    /// The radix selection must be exact on awkward shapes too: a heavy tail that puts most
    /// values in one histogram bucket, a 0/1 column, a handful of distinct values, and a
    /// column spanning the sign.
    #[test]
    fn summarise_percentiles_match_sorting_on_awkward_shapes() {
        let mut rng = ChaCha12Rng::seed_from_u64(99);
        let n = 50_001;
        let uniform = |rng: &mut ChaCha12Rng| rng.random::<f64>();
        let shapes: Vec<Vec<f64>> = vec![
            (0..n)
                .map(|_| (1.0 / (1e-9 + uniform(&mut rng))).powi(3))
                .collect(),
            (0..n).map(|_| f64::from(uniform(&mut rng) < 0.3)).collect(),
            (0..n)
                .map(|_| (uniform(&mut rng) * 4.0).floor() * 1e5)
                .collect(),
            (0..n).map(|_| (uniform(&mut rng) - 0.5) * 1e6).collect(),
        ];
        for column in shapes {
            let s = summarise(&column);
            let sorted = sorted(&column);
            for (actual, p) in s.percentiles().iter().zip(PERCENTILES) {
                assert_eq!(
                    actual.to_bits(),
                    quantile_type7(&sorted, p).to_bits(),
                    "p = {p}"
                );
            }
        }
    }

    #[test]
    fn summarise_with_ties_zeros_and_infinities_matches_sorting() {
        let mut rng = ChaCha12Rng::seed_from_u64(5);
        for n in [1, 2, 3, 10, 1001, 100_000] {
            let mut column = random_column(&mut rng, n, true);
            for x in column.iter_mut() {
                match rng.random_range(0..20) {
                    0 => *x = f64::NAN,
                    1 => *x = -0.0,
                    2 => *x = 0.0,
                    3 if n > 100 => *x = f64::INFINITY,
                    4 if n > 100 => *x = f64::NEG_INFINITY,
                    _ => {}
                }
            }
            let sorted = sorted(
                &column
                    .iter()
                    .copied()
                    .filter(|x| !x.is_nan())
                    .collect::<Vec<_>>(),
            );
            let s = summarise(&column);
            assert_eq!(s.n as usize, sorted.len());
            if sorted.is_empty() {
                continue;
            }
            assert_eq!(s.min.to_bits(), sorted[0].to_bits(), "n = {n}");
            assert_eq!(
                s.max.to_bits(),
                sorted[sorted.len() - 1].to_bits(),
                "n = {n}"
            );
            for (actual, p) in s.percentiles().iter().zip(PERCENTILES) {
                let expected = quantile_type7(&sorted, p);
                assert!(
                    same(*actual, expected),
                    "n = {n}, p = {p}: {actual} != {expected}"
                );
            }
        }
    }

    #[test]
    fn order_keys_follow_total_cmp() {
        let specials = [
            f64::NEG_INFINITY,
            f64::MIN,
            -1.5,
            -f64::MIN_POSITIVE,
            -1e-310,
            -0.0,
            0.0,
            1e-310,
            f64::MIN_POSITIVE,
            2.0,
            f64::MAX,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in specials {
            assert_eq!(from_order_key(order_key(a)).to_bits(), a.to_bits());
            for b in specials {
                assert_eq!(
                    order_key(a).cmp(&order_key(b)),
                    a.total_cmp(&b),
                    "{a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn summarise_columns_matches_summarise() {
        let mut rng = ChaCha12Rng::seed_from_u64(11);
        let columns: Vec<Vec<f64>> = (0..9)
            .map(|i| random_column(&mut rng, 1_000 + i, i % 2 == 0))
            .collect();
        let together = summarise_columns(&columns);
        assert_eq!(together.len(), columns.len());
        for (summary, column) in together.iter().zip(&columns) {
            assert_eq!(*summary, summarise(column));
        }
    }

    #[test]
    fn json_round_trip_with_nan() {
        let undefined = summarise(&[f64::NAN, f64::NAN]);
        let json = serde_json::to_string(&undefined).unwrap();
        assert!(json.contains("\"mean\":null"), "{json}");
        assert!(json.contains("\"undefined_share\":1.0"), "{json}");
        let back: Summary = serde_json::from_str(&json).unwrap();
        assert_eq!(back.n, 0);
        assert_eq!(back.undefined_share, 1.0);
        assert!(back.mean.is_nan() && back.sd.is_nan() && back.max.is_nan());
        assert!(back.percentiles().iter().all(|p| p.is_nan()));

        let mut mixed = summarise(&[1.0, 2.0, 3.0, f64::NAN]);
        mixed.sd = f64::NAN;
        let back: Summary = serde_json::from_str(&serde_json::to_string(&mixed).unwrap()).unwrap();
        assert!(back.sd.is_nan());
        mixed.sd = 0.0;
        let back = Summary { sd: 0.0, ..back };
        assert_eq!(back, mixed);
    }

    #[test]
    fn cholesky_factors_and_rejects() {
        let m = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let l = cholesky(&m).unwrap();
        assert_eq!(l, vec![vec![2.0, 0.0], vec![1.0, 2f64.sqrt()]]);
        // Three variables each correlated 0.9 with one another but two of them −0.9: impossible.
        let bad = vec![
            vec![1.0, 0.9, 0.9],
            vec![0.9, 1.0, -0.9],
            vec![0.9, -0.9, 1.0],
        ];
        assert!(cholesky(&bad).is_none());
    }

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

    /// Timing, run by hand: `cargo test --release -- --ignored --nocapture summarise_speed`.
    #[test]
    #[ignore]
    fn summarise_speed() {
        let mut rng = ChaCha12Rng::seed_from_u64(1);
        let column: Vec<f64> = (0..1_000_000)
            .map(|_| rng.random_range(-1.0e6..1.0e6))
            .collect();
        let mut times = Vec::new();
        for _ in 0..21 {
            let start = std::time::Instant::now();
            let s = summarise(std::hint::black_box(&column));
            times.push(start.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(s);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "summarise, 1,000,000 values: min {:.2} ms, median {:.2} ms, max {:.2} ms",
            times[0], times[10], times[20]
        );
        let mut sorted_times = Vec::new();
        for _ in 0..5 {
            let mut copy = column.clone();
            let start = std::time::Instant::now();
            copy.sort_unstable_by(f64::total_cmp);
            sorted_times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        sorted_times.sort_by(f64::total_cmp);
        println!("full sort for comparison: median {:.2} ms", sorted_times[2]);
        let mut rank_times = Vec::new();
        for _ in 0..5 {
            let start = std::time::Instant::now();
            std::hint::black_box(ranks(&column));
            rank_times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        rank_times.sort_by(f64::total_cmp);
        println!("ranks, 1,000,000 values: median {:.2} ms", rank_times[2]);
    }
}
