//! Type-7 sample quantiles (Hyndman & Fan 1996, definition 7): from a sorted sample, and from an
//! unsorted one by selection, including the radix selection that [`super::summarise`] uses.

use std::cmp::Ordering;

/// A key whose integer order is the order of [`f64::total_cmp`] (the same bit trick), so
/// selection can compare integers, which is faster than comparing floats.
pub(crate) fn order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// The inverse of [`order_key`].
pub(crate) fn from_order_key(key: i64) -> f64 {
    f64::from_bits((key ^ ((((key >> 63) as u64) >> 1) as i64)) as u64)
}

/// Where the p-quantile sits in a sorted sample of `n` values: the 0-based index `floor(h)`
/// of the lower order statistic and the fraction `h − floor(h)`, where h = (n − 1)·p.
pub(crate) fn type7_position(n: usize, p: f64) -> (usize, f64) {
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

/// The type-7 quantiles (see [`quantile_type7`]) of the defined (non-NaN) values of `values` at
/// each probability in `ps`, in the order of `ps`; None when no value is defined. The same
/// numbers as [`super::summarise`] gives for its percentiles, bit for bit, by the same radix
/// selection: O(n), and `values` is left as it is.
///
/// # Panics
/// If some p is outside [0, 1].
pub fn quantiles(values: &[f64], ps: &[f64]) -> Option<Vec<f64>> {
    quantiles_by(|| values.iter().copied(), ps)
}

/// As [`quantiles`], of the values that `values()` yields: it is called once for each pass over
/// them (three) and must yield the same values each time, so that they need not be gathered in
/// one place.
pub fn quantiles_by<I: Iterator<Item = f64>>(
    values: impl Fn() -> I,
    ps: &[f64],
) -> Option<Vec<f64>> {
    let defined = || values().filter(|x| !x.is_nan()).map(order_key);
    let (count, min, max) = extent(defined());
    (count > 0).then(|| quantiles_of_keys(defined, count, min, max, ps, (), |(), _| ()).0)
}

/// The number, smallest and largest of `keys` (`i64::MAX` and `i64::MIN` when there are none).
pub(crate) fn extent(keys: impl Iterator<Item = i64>) -> (usize, i64, i64) {
    keys.fold((0, i64::MAX, i64::MIN), |(n, lo, hi), k| {
        (n + 1, lo.min(k), hi.max(k))
    })
}

/// The type-7 quantiles at each of `ps` of `count` values (not none) whose [`order_key`]s
/// `keys()` yields, the smallest and largest of which are `min` and `max`. `keys` is called
/// once for each pass over the values and must yield the same keys each time: the values are
/// read where they are, not copied. With them comes `visit` folded over every key from `init`,
/// in order (see [`radix_order_statistics`]).
pub(crate) fn quantiles_of_keys<I: Iterator<Item = i64>, S>(
    keys: impl Fn() -> I,
    count: usize,
    min: i64,
    max: i64,
    ps: &[f64],
    init: S,
    visit: impl Fn(S, i64) -> S,
) -> (Vec<f64>, S) {
    let positions: Vec<(usize, f64)> = ps.iter().map(|&p| type7_position(count, p)).collect();
    let wanted = needed_order_statistics(&positions);
    let (found, folded) = radix_order_statistics(keys, min, max, &wanted, init, visit);
    let at = |i: usize| {
        let slot = wanted.binary_search(&i).expect("a wanted order statistic");
        from_order_key(found[slot])
    };
    let quantiles = positions
        .iter()
        .map(|&position| type7_from(at, position))
        .collect();
    (quantiles, folded)
}

/// The order statistics of `values` at the 0-based `ranks` (in any order), where a sort by
/// [`f64::total_cmp`] would put them, without sorting or copying: the selection of
/// [`quantiles_of_keys`]. One value per rank, in the order of `ranks`.
///
/// # Panics
/// If a rank is not below the number of values.
pub fn order_statistics(values: &[f64], ranks: &[usize]) -> Vec<f64> {
    let keys = || values.iter().map(|&x| order_key(x));
    let (count, min, max) = extent(keys());
    let mut wanted = ranks.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    assert!(
        wanted.last().is_none_or(|&r| r < count),
        "a rank past the end"
    );
    let (found, ()) = radix_order_statistics(keys, min, max, &wanted, (), |(), _| ());
    ranks
        .iter()
        .map(|r| from_order_key(found[wanted.binary_search(r).expect("wanted")]))
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

/// The order statistics at the sorted, distinct indices `wanted` of the keys that `keys()`
/// yields (whose smallest and largest are `min` and `max`), exactly, in two passes over them:
/// a histogram of the keys on 2^16 equal-width buckets of [min, max] finds the bucket that holds
/// each wanted rank, then only the keys in those buckets are gathered and selected among. For
/// the smooth distributions of Monte Carlo output each such bucket holds a few dozen keys, so
/// this is several times faster than selecting in the whole column. A bucket of more than
/// [`LARGE_BUCKET`] keys is gathered only if they are not all one value (a third pass).
///
/// `visit` is folded over every key from `init`, in order, in the first pass (or in a pass of
/// its own when every key is the same), so that a caller can take another sum over the values
/// without a pass of its own. (A fold, computed in [`histogram`], rather than a closure that
/// adds to a captured variable, whose running value was stored and loaded again at every key.)
fn radix_order_statistics<I: Iterator<Item = i64>, S>(
    keys: impl Fn() -> I,
    min: i64,
    max: i64,
    wanted: &[usize],
    init: S,
    visit: impl Fn(S, i64) -> S,
) -> (Vec<i64>, S) {
    if min == max {
        // A constant column (an option that does nothing, a fixed metric).
        let folded = keys().fold(init, visit);
        return (vec![min; wanted.len()], folded);
    }
    const BITS: u32 = 16;
    let range = max.wrapping_sub(min) as u64;
    let shift = (64 - range.leading_zeros()).saturating_sub(BITS);
    let bucket = |k: i64| (k.wrapping_sub(min) as u64 >> shift) as usize;
    let mut counts = vec![0u32; bucket(max) + 1];
    let folded = histogram(keys(), bucket, &mut counts, init, visit);
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
    // A large bucket often holds one value repeated (a cap reached, a fixed score, a 0/1
    // metric): its extremes are taken first, and it is gathered only if they differ.
    let large: Vec<bool> = buckets
        .iter()
        .map(|&b| counts[b] as usize > LARGE_BUCKET)
        .collect();
    let mut extremes = vec![(i64::MAX, i64::MIN); buckets.len()];
    let mut gathered: Vec<Vec<i64>> = buckets
        .iter()
        .zip(&large)
        .map(|(&b, &large)| Vec::with_capacity(if large { 0 } else { counts[b] as usize }))
        .collect();
    // One pass: the keys of the buckets `collect` gathered, the extremes of the others.
    let pass = |collect: &[bool], gathered: &mut [Vec<i64>], extremes: &mut [(i64, i64)]| {
        for k in keys() {
            let m = marks[bucket(k)];
            if m == u8::MAX {
                continue;
            }
            let m = m as usize;
            if collect[m] {
                gathered[m].push(k);
            } else {
                let (lo, hi) = &mut extremes[m];
                (*lo, *hi) = ((*lo).min(k), (*hi).max(k));
            }
        }
    };
    let small: Vec<bool> = large.iter().map(|l| !l).collect();
    pass(&small, &mut gathered, &mut extremes);
    let spread: Vec<bool> = (0..buckets.len())
        .map(|m| large[m] && extremes[m].0 != extremes[m].1)
        .collect();
    if spread.contains(&true) {
        // Rare: a large bucket of many values. Its keys are gathered in a pass of their own.
        for (m, g) in gathered.iter_mut().enumerate() {
            if spread[m] {
                g.reserve_exact(counts[buckets[m]] as usize);
            }
        }
        pass(&spread, &mut gathered, &mut vec![(0, 0); buckets.len()]);
    }
    let found = slots
        .iter()
        .map(|&(b, rank)| {
            let m = buckets.binary_search(&b).expect("gathered bucket");
            if large[m] && !spread[m] {
                extremes[m].0
            } else {
                *gathered[m].select_nth_unstable(rank).1
            }
        })
        .collect();
    (found, folded)
}

/// Counts each key in its bucket and folds `visit` over the keys from `init`, in order. A
/// function of its own, not inlined, so that the running fold stays in a register.
#[inline(never)]
fn histogram<S>(
    keys: impl Iterator<Item = i64>,
    bucket: impl Fn(i64) -> usize,
    counts: &mut [u32],
    init: S,
    visit: impl Fn(S, i64) -> S,
) -> S {
    let mut folded = init;
    for k in keys {
        counts[bucket(k)] += 1;
        folded = visit(folded, k);
    }
    folded
}

/// Keys in a bucket above which [`radix_order_statistics`] looks for one value repeated before
/// it gathers them.
const LARGE_BUCKET: usize = 1 << 12;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::PERCENTILES;
    use crate::stats::testing::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha12Rng;

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
    fn order_statistics_are_those_of_a_sort() {
        let mut rng = ChaCha12Rng::seed_from_u64(31);
        for n in [1, 2, 7, 1001, 40_000] {
            for ties in [false, true] {
                let column = random_column(&mut rng, n, ties);
                let sorted = sorted(&column);
                let ranks = [n - 1, 0, n / 2, n / 2, (n * 9) / 10, n.saturating_sub(2)];
                let got = order_statistics(&column, &ranks);
                for (x, &r) in got.iter().zip(&ranks) {
                    assert_eq!(x.to_bits(), sorted[r].to_bits(), "n {n} rank {r}");
                }
            }
        }
    }

    /// The range of a criterion is taken from every option's values where they are: chained,
    /// they must give the quantiles of the values gathered in one column.
    #[test]
    fn quantiles_of_values_read_where_they_are_are_those_of_the_values_gathered() {
        let mut rng = ChaCha12Rng::seed_from_u64(23);
        let parts: Vec<Vec<f64>> = [3_000, 1, 0, 7_777]
            .iter()
            .map(|&n| {
                let mut column = random_column(&mut rng, n, n > 5_000);
                column.iter_mut().step_by(97).for_each(|x| *x = f64::NAN);
                column
            })
            .collect();
        let ps = [0.0, 0.01, 0.5, 0.99, 1.0];
        let gathered: Vec<f64> = parts.concat();
        let chained = quantiles_by(|| parts.iter().flatten().copied(), &ps).expect("values");
        let expected = quantiles(&gathered, &ps).expect("values");
        assert_eq!(
            chained.iter().map(|q| q.to_bits()).collect::<Vec<_>>(),
            expected.iter().map(|q| q.to_bits()).collect::<Vec<_>>()
        );
        let defined: Vec<f64> = gathered.into_iter().filter(|x| !x.is_nan()).collect();
        let sorted = sorted(&defined);
        for (q, p) in chained.iter().zip(ps) {
            assert_eq!(q.to_bits(), quantile_type7(&sorted, p).to_bits(), "p {p}");
        }
    }

    /// Large buckets of the radix selection: one value repeated (a 0/1 metric, a cap, a fixed
    /// score) and many close values far from an outlier (one bucket holds them all).
    #[test]
    fn order_statistics_in_large_buckets_are_those_of_a_sort() {
        let mut rng = ChaCha12Rng::seed_from_u64(41);
        let n = 50_000;
        let zeros_and_ones: Vec<f64> = (0..n).map(|i| f64::from(i % 3 == 0)).collect();
        let capped: Vec<f64> = random_column(&mut rng, n, false)
            .iter()
            .map(|x| x.min(2.5e5))
            .collect();
        let mut clustered: Vec<f64> = random_column(&mut rng, n, false)
            .iter()
            .map(|x| 1.0 + x * 1e-12)
            .collect();
        clustered[7] = 1e300;
        clustered[9] = -1e300;
        for column in [zeros_and_ones, capped, clustered] {
            let sorted = sorted(&column);
            let ranks = [0, 1, n / 20, n / 2, n / 2 + 1, (n * 19) / 20, n - 2, n - 1];
            let got = order_statistics(&column, &ranks);
            for (x, &r) in got.iter().zip(&ranks) {
                assert_eq!(x.to_bits(), sorted[r].to_bits(), "rank {r}");
            }
            let q = quantiles(&column, &[0.05, 0.5, 0.95]).expect("values");
            for (q, p) in q.iter().zip([0.05, 0.5, 0.95]) {
                assert_eq!(q.to_bits(), quantile_type7(&sorted, p).to_bits(), "p {p}");
            }
        }
    }

    #[test]
    fn quantiles_of_unsorted_values_match_sorting() {
        let mut rng = ChaCha12Rng::seed_from_u64(17);
        let ps = [0.0, 0.001, 0.1, 0.5, 0.9, 0.999, 1.0];
        for n in [1, 2, 9, 5_000] {
            for ties in [false, true] {
                let mut column = random_column(&mut rng, n, ties);
                column.push(f64::NAN);
                let before = column.clone();
                let got = quantiles(&column, &ps).expect("defined values");
                assert!(column.iter().zip(&before).all(|(a, b)| same(*a, *b)));
                let sorted = sorted(&column[..n]);
                for (q, &p) in got.iter().zip(&ps) {
                    assert_eq!(
                        q.to_bits(),
                        quantile_type7(&sorted, p).to_bits(),
                        "n {n} p {p}"
                    );
                }
            }
        }
        assert_eq!(quantiles(&[f64::NAN], &[0.5]), None);
        assert_eq!(quantiles(&[], &[0.5]), None);
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
}
