//! Counts of values in equal-width bins (a histogram), and the extent of the finite values that
//! a histogram's range is usually chosen from.

use serde::Serialize;

/// The number, smallest and largest of the finite values of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Extent {
    /// Finite values.
    pub n: usize,
    /// The smallest finite value.
    pub min: f64,
    /// The largest finite value.
    pub max: f64,
}

impl Extent {
    /// The extent of the finite values (NaN and ±∞ left out), or None if there are none. One
    /// pass.
    pub fn of(values: &[f64]) -> Option<Extent> {
        // Eight independent lanes, so that the comparisons do not wait on one another.
        const LANES: usize = 8;
        let (mut n, mut lo, mut hi) = (
            [0usize; LANES],
            [f64::INFINITY; LANES],
            [f64::NEG_INFINITY; LANES],
        );
        let chunks = values.chunks_exact(LANES);
        let rest = chunks.remainder();
        for chunk in chunks {
            for i in 0..LANES {
                let v = chunk[i];
                let finite = v.is_finite();
                n[i] += usize::from(finite);
                let (below, above) = if finite {
                    (v, v)
                } else {
                    (f64::INFINITY, f64::NEG_INFINITY)
                };
                lo[i] = if below < lo[i] { below } else { lo[i] };
                hi[i] = if above > hi[i] { above } else { hi[i] };
            }
        }
        let mut n: usize = n.iter().sum();
        let mut min = lo.into_iter().fold(f64::INFINITY, f64::min);
        let mut max = hi.into_iter().fold(f64::NEG_INFINITY, f64::max);
        for &v in rest.iter().filter(|v| v.is_finite()) {
            n += 1;
            min = min.min(v);
            max = max.max(v);
        }
        (n > 0).then_some(Extent { n, min, max })
    }
}

/// How many finite values fall in each of a number of equal-width bins between `lo` and `hi`,
/// and how many fall outside.
///
/// With `k` bins, x = (v − lo) × (k / (hi − lo)) and bin ⌊x⌋ holds v when 0 ≤ x < k, so bin b
/// covers [lo + b·w, lo + (b + 1)·w) with w = (hi − lo) / k, up to rounding in that formula;
/// `hi` itself falls in the last bin. A value's bin never decreases as the value grows. When
/// `lo..hi` is empty, reversed or too wide for f64, every finite value falls in the first bin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Lower end of the first bin.
    pub lo: f64,
    /// Upper end of the last bin.
    pub hi: f64,
    /// Finite values per bin, lowest bin first.
    pub counts: Vec<usize>,
    /// Finite values below `lo`.
    pub below: usize,
    /// Finite values above `hi`.
    pub above: usize,
}

impl Histogram {
    /// Counts the finite values of `values` (NaN and ±∞ are left out) in `bins` equal-width bins
    /// between `lo` and `hi` (at least one bin). One pass.
    pub fn count(values: &[f64], lo: f64, hi: f64, bins: usize) -> Histogram {
        let bins = bins.max(1);
        let scale = bins as f64 / (hi - lo);
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            0.0
        };
        // Slot 0 counts values below, slot bins + 1 values above.
        let mut slots = vec![0usize; bins + 2];
        for &v in values.iter().filter(|v| v.is_finite()) {
            let slot = if scale == 0.0 {
                1
            } else {
                let x = (v - lo) * scale;
                if x < 0.0 {
                    0
                } else if x < bins as f64 {
                    x as usize + 1
                } else if v <= hi {
                    bins
                } else {
                    bins + 1
                }
            };
            slots[slot] += 1;
        }
        Histogram {
            lo,
            hi,
            below: slots[0],
            above: slots[bins + 1],
            counts: slots[1..=bins].to_vec(),
        }
    }

    /// The finite values counted, inside and outside the bins.
    pub fn n(&self) -> usize {
        self.below + self.above + self.counts.iter().sum::<usize>()
    }

    /// The values outside the bins.
    pub fn outside(&self) -> usize {
        self.below + self.above
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_never_decrease_and_include_the_top() {
        let values = [
            -1.0,
            0.0,
            0.5,
            1.0,
            1.999,
            2.0,
            2.001,
            1e300,
            f64::NAN,
            f64::INFINITY,
        ];
        let h = Histogram::count(&values, 0.0, 2.0, 2);
        assert_eq!(h.counts, vec![2, 3]);
        assert_eq!((h.below, h.above, h.n()), (1, 2, 8));
        let each: Vec<usize> = values[..8]
            .iter()
            .map(|&v| {
                let h = Histogram::count(&[v], 0.0, 2.0, 2);
                if h.below == 1 {
                    0
                } else if h.above == 1 {
                    3
                } else {
                    h.counts.iter().position(|&c| c == 1).unwrap() + 1
                }
            })
            .collect();
        assert_eq!(each, vec![0, 1, 1, 2, 2, 2, 3, 3]);
    }

    #[test]
    fn degenerate_ranges_put_everything_in_the_first_bin() {
        for (lo, hi) in [(1.0, 1.0), (2.0, 1.0), (-1e308, 1e308), (f64::NAN, 1.0)] {
            let h = Histogram::count(&[-5.0, 1.0, 7.0], lo, hi, 3);
            assert_eq!(
                (h.counts.clone(), h.outside()),
                (vec![3, 0, 0], 0),
                "{lo}..{hi}"
            );
        }
        assert_eq!(Histogram::count(&[], 0.0, 1.0, 0).counts, vec![0]);
    }

    #[test]
    fn extent_of_finite_values() {
        let values: Vec<f64> = (0..21)
            .map(|i| match i % 7 {
                0 => f64::NAN,
                1 => f64::NEG_INFINITY,
                _ => f64::from(i) - 10.0,
            })
            .collect();
        let e = Extent::of(&values).unwrap();
        assert_eq!((e.n, e.min, e.max), (15, -8.0, 10.0));
        assert_eq!(Extent::of(&[f64::NAN, f64::INFINITY]), None);
        assert_eq!(Extent::of(&[]), None);
    }
}
