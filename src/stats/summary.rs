//! The summary of one metric over the Monte Carlo iterations (docs/model.md section 6): mean,
//! standard deviation, Monte Carlo standard error, extremes and type-7 percentiles.
//!
//! Every number here is a contract: someone holding a CSV of the samples must be able to
//! recompute it to the last bit. So every sum runs single-threaded in index order, and each
//! function's documentation states the exact floating-point formula it evaluates. Running
//! many columns in parallel ([`summarise_columns`]) does not change any column's result.
//!
//! Undefined values (a `bcr` when `cost_pv` = 0, say: docs/model.md section 5) arrive as NaN and
//! are left out of the statistics; [`Summary::undefined_share`] reports how many there were.

use super::quantile::{from_order_key, order_key, quantiles_of_keys};
use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};

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
    /// 5th percentile (type 7, see [`quantile_type7`](super::quantile_type7)).
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
/// Reads `values` where they are, without copying or reordering them. The formulas are those
/// documented on the fields of [`Summary`]; percentiles are type 7 at [`PERCENTILES`].
/// Infinite values are defined values and take part (they make the mean and sd infinite or
/// NaN). An empty slice gives all statistics NaN, `n` = 0 and `undefined_share` = 0. Cost is
/// O(n), three passes over the values and no sort: the sum and extremes, then the radix
/// selection of [`quantiles_of_keys`](super::quantile) on integer keys ordered exactly as
/// [`f64::total_cmp`] orders the values, computed as they are read, whose first pass also sums
/// the squared deviations (about 5 ms per 1,000,000 values).
pub fn summarise(values: &[f64]) -> Summary {
    summarise_by(|| values.iter().copied())
}

/// The count of values, of defined ones, their sum in order and the extremes of their keys.
/// A function of its own, not inlined, so that the running sum stays in a register: inlined
/// into the summary, it was stored and loaded again at every value, doubling the pass's time.
#[inline(never)]
fn first_pass(values: impl Iterator<Item = f64>) -> (usize, usize, f64, i64, i64) {
    values.fold(
        (0usize, 0usize, 0.0, i64::MAX, i64::MIN),
        |(len, defined, sum, lo, hi), x| {
            if x.is_nan() {
                (len + 1, defined, sum, lo, hi)
            } else {
                let key = order_key(x);
                (len + 1, defined + 1, sum + x, lo.min(key), hi.max(key))
            }
        },
    )
}

/// As [`summarise`], of the values that `values()` yields, in index order: it is called once
/// for each of the three passes and must yield the same values each time. The values need not
/// be held anywhere: a constant metric of an option run once is the same value repeated.
pub fn summarise_by<I: Iterator<Item = f64>>(values: impl Fn() -> I) -> Summary {
    // One pass in index order: the sum, the extremes and the count of defined values.
    let (len, defined, sum, min_key, max_key) = first_pass(values());
    let undefined_share = if len == 0 {
        0.0
    } else {
        (len - defined) as f64 / len as f64
    };
    if defined == 0 {
        return Summary::undefined(undefined_share);
    }

    let n = defined as f64;
    let mean = sum / n;
    // The squared deviations are summed in the first pass of the selection, over the defined
    // values in index order: the sum of the formula.
    let square = |squares: f64, key: i64| {
        let deviation = from_order_key(key) - mean;
        squares + deviation * deviation
    };
    let (percentiles, squares) = if defined == len {
        let keys = || values().map(order_key);
        quantiles_of_keys(keys, defined, min_key, max_key, &PERCENTILES, 0.0, square)
    } else {
        let keys = || values().filter(|x| !x.is_nan()).map(order_key);
        quantiles_of_keys(keys, defined, min_key, max_key, &PERCENTILES, 0.0, square)
    };
    let sd = if defined == 1 {
        0.0
    } else {
        (squares / (n - 1.0)).sqrt()
    };
    let mcse = sd / n.sqrt();

    let [p5, p10, p25, p50, p75, p90, p95] =
        percentiles.try_into().expect("one quantile per percentile");
    Summary {
        mean,
        sd,
        mcse,
        min: from_order_key(min_key),
        max: from_order_key(max_key),
        p5,
        p10,
        p25,
        p50,
        p75,
        p90,
        p95,
        undefined_share,
        n: defined as u64,
    }
}

/// Summarises many columns, in parallel across columns (rayon), in the order given.
///
/// Each column is summarised by [`summarise`] on one thread, so the results are bit-identical
/// whatever the number of threads.
pub fn summarise_columns<C: AsRef<[f64]> + Sync>(columns: &[C]) -> Vec<Summary> {
    columns.par_iter().map(|c| summarise(c.as_ref())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::testing::*;
    use crate::stats::{quantile_type7, ranks};
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha12Rng;

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

    /// An option run once is summarised from its one value repeated, never written out: the
    /// summary must be that of the column of copies, bit for bit, signed zero included.
    #[test]
    fn a_value_repeated_is_summarised_as_the_column_of_its_copies() {
        let same = |a: &Summary, b: &Summary| {
            let bits = |s: &Summary| {
                let mut v = vec![s.mean, s.sd, s.mcse, s.min, s.max, s.undefined_share];
                v.extend(s.percentiles());
                v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>()
            };
            bits(a) == bits(b) && a.n == b.n
        };
        for x in [0.0, -0.0, 1.0 / 3.0, -2.5e9, 1e-310, f64::MAX, f64::NAN] {
            for n in [0, 1, 2, 1_000, 20_001] {
                let column = vec![x; n];
                let repeated = summarise_by(|| std::iter::repeat_n(x, n));
                assert!(same(&repeated, &summarise(&column)), "{x} × {n}");
            }
        }
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
