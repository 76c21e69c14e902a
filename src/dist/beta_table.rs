//! Beta(α, β) draws for 1 ≤ α, β and α + β ≤ [`MAX_SHAPE_SUM`] (every PERT among them), by
//! rejection from a hat that is constant on each of [`CELLS`] equal cells of [0, 1]
//! (docs/model.md section 3, "Monte Carlo draws").
//!
//! The density is unimodal and bounded, so on a cell it lies between its smallest and largest
//! value there: the cell is cut into a *floor*, the rectangle under the smallest value, whose
//! points are all under the density, and a *cap* above it, up to the largest. One generator word
//! picks a piece in proportion to its area (Walker's alias method) and a second places the draw
//! uniformly across the cell. A floor's draw is accepted as it is; a cap's draw is accepted when a
//! third uniform height falls under the density there, and otherwise the draw starts again. The
//! accepted points are uniform under the density, so the draws are exactly Beta(α, β) (to the
//! rounding of the density itself). The caps hold about 2·max f / [`CELLS`] of the area (about
//! 1% for a PERT, 3.5% at most), so a draw almost always takes two generator words and no
//! logarithm, where Marsaglia and Tsang's method takes two gamma draws, each a normal and a
//! uniform, and a logarithm in about one draw in five.
//!
//! The method, the table's layout and the use of each word are part of the random-stream
//! contract: a change to any of them changes every result. That is why the alias table is written
//! here rather than taken from a crate, whose sampling could change with its version.

use rand::Rng;
use std::sync::Arc;

/// Equal cells of [0, 1] (a power of two, so a cell's edges are exact).
pub(super) const CELLS: usize = 512;
/// Bits of a generator word that number a piece (a cell's floor or cap).
const PIECE_BITS: u32 = CELLS.trailing_zeros() + 1;
/// The largest α + β drawn from a table; a more concentrated beta occupies too few cells for
/// the hat to fit it closely, and is drawn by Marsaglia and Tsang's method.
pub(super) const MAX_SHAPE_SUM: f64 = 64.0;
/// The relative margin by which a cap's top is raised and a floor lowered, so that the density
/// as computed (with its rounding) never rises above the hat nor falls below a floor.
const MARGIN: f64 = 1e-12;

/// The shared table of one Beta(α, β) (see the module's documentation).
#[derive(Debug, Clone)]
pub(super) struct BetaTable(Arc<Table>);

#[derive(Debug)]
struct Table {
    /// α − 1 and β − 1.
    a1: f64,
    b1: f64,
    /// The mode, where the density (scaled to 1 there) is largest.
    mode: f64,
    /// Per piece (cell c's floor at 2c, its cap at 2c + 1): the alias method's threshold, as
    /// a 53-bit integer compared with 53 bits of the word, and the piece it stands in for.
    threshold: Vec<u64>,
    alias: Vec<u32>,
    /// Per cell: the floor's height and the cap's top.
    floor: Vec<f64>,
    top: Vec<f64>,
}

impl BetaTable {
    /// Bytes of one table: per piece a threshold and an alias, per cell a floor and a top.
    pub(super) const BYTES: usize = 2 * CELLS * (8 + 4) + CELLS * (8 + 8);

    /// The table for Beta(α, β), or `None` when α or β is below 1 or α + β is above
    /// [`MAX_SHAPE_SUM`].
    pub(super) fn new(alpha: f64, beta: f64) -> Option<BetaTable> {
        if !(alpha >= 1.0 && beta >= 1.0 && alpha + beta <= MAX_SHAPE_SUM) {
            return None;
        }
        let (a1, b1) = (alpha - 1.0, beta - 1.0);
        let mode = if a1 + b1 > 0.0 { a1 / (a1 + b1) } else { 0.5 };
        let mut table = Table {
            a1,
            b1,
            mode,
            threshold: Vec::new(),
            alias: Vec::new(),
            floor: Vec::with_capacity(CELLS),
            top: Vec::with_capacity(CELLS),
        };
        let width = 1.0 / CELLS as f64;
        let mut left = table.density(0.0);
        for c in 0..CELLS {
            let (x0, x1) = (c as f64 * width, (c + 1) as f64 * width);
            let right = table.density(x1);
            let low = left.min(right);
            let high = if x0 <= mode && mode <= x1 {
                1.0
            } else {
                left.max(right)
            };
            table.floor.push(low * (1.0 - MARGIN));
            table.top.push(high * (1.0 + MARGIN));
            left = right;
        }
        let areas: Vec<f64> = (0..CELLS)
            .flat_map(|c| [table.floor[c], table.top[c] - table.floor[c]])
            .collect();
        (table.threshold, table.alias) = alias_table(&areas);
        Some(BetaTable(Arc::new(table)))
    }

    /// One draw in [0, 1].
    #[inline(always)]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let t = &*self.0;
        loop {
            let word = rng.next_u64();
            let mut piece = (word & ((1 << PIECE_BITS) - 1)) as usize;
            if word >> (64 - 53) >= t.threshold[piece] {
                piece = t.alias[piece] as usize;
            }
            let cell = piece >> 1;
            let across = unit(rng.next_u64());
            let x = (cell as f64 + across) * (1.0 / CELLS as f64);
            if piece & 1 == 0 {
                return x;
            }
            let (floor, top) = (t.floor[cell], t.top[cell]);
            let height = floor + (top - floor) * unit(rng.next_u64());
            if height < t.density(x) {
                return x;
            }
        }
    }
}

impl Table {
    /// The density at x scaled to 1 at the mode: (x/m)^(α−1)·((1 − x)/(1 − m))^(β−1), a
    /// factor left out when its exponent is 0.
    fn density(&self, x: f64) -> f64 {
        let mut log = 0.0;
        if self.a1 != 0.0 {
            log += self.a1 * (x / self.mode).ln();
        }
        if self.b1 != 0.0 {
            log += self.b1 * ((1.0 - x) / (1.0 - self.mode)).ln();
        }
        log.exp()
    }
}

/// A uniform in [0, 1) from a word's top 53 bits.
#[inline(always)]
fn unit(word: u64) -> f64 {
    (word >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Walker's alias table (Vose's construction) for pieces of the given areas: piece i is taken
/// when 53 uniform bits fall below `threshold[i]`, and `alias[i]` otherwise.
fn alias_table(areas: &[f64]) -> (Vec<u64>, Vec<u32>) {
    let n = areas.len();
    let total: f64 = areas.iter().sum();
    let mut scaled: Vec<f64> = areas.iter().map(|a| a * n as f64 / total).collect();
    let mut threshold = vec![1u64 << 53; n];
    let mut alias: Vec<u32> = (0..n as u32).collect();
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| scaled[i] < 1.0);
    while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
        threshold[s] = (scaled[s] * (1u64 << 53) as f64) as u64;
        alias[s] = l as u32;
        scaled[l] -= 1.0 - scaled[s];
        if scaled[l] < 1.0 {
            large.pop();
            small.push(l);
        }
    }
    // What is left stands for itself (its scaled area is 1 up to rounding).
    (threshold, alias)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;
    use statrs::distribution::{Beta, ContinuousCDF};
    use statrs::statistics::Distribution;

    /// Shapes at the edges of the table's range: uniform, the most skewed PERTs, a symmetric and
    /// a skewed PERT, and two concentrated betas.
    const SHAPES: [(f64, f64); 7] = [
        (1.0, 1.0),
        (1.0, 5.0),
        (5.0, 1.0),
        (3.0, 3.0),
        (1.4, 4.6),
        (20.0, 40.0),
        (30.0, 34.0),
    ];

    /// The alias table gives each piece its share of the area exactly (to rounding).
    #[test]
    fn alias_shares_are_the_areas() {
        let areas = [0.5, 0.0, 3.0, 1.25, 0.25, 2.0, 0.0, 1.0];
        let (threshold, alias) = alias_table(&areas);
        let total: f64 = areas.iter().sum();
        let mut share = vec![0.0; areas.len()];
        for i in 0..areas.len() {
            let p = threshold[i] as f64 / (1u64 << 53) as f64;
            share[i] += p / areas.len() as f64;
            share[alias[i] as usize] += (1.0 - p) / areas.len() as f64;
        }
        for (s, a) in share.iter().zip(areas) {
            assert!((s - a / total).abs() < 1e-15, "{share:?}");
        }
    }

    /// The hat covers the density and the floors lie under it, at many points of every cell.
    #[test]
    fn the_hat_covers_the_density() {
        for (a, b) in SHAPES {
            let t = BetaTable::new(a, b).unwrap();
            for c in 0..CELLS {
                for k in 0..=16 {
                    let x = (c as f64 + k as f64 / 16.0) / CELLS as f64;
                    let f = t.0.density(x);
                    assert!(
                        t.0.floor[c] <= f && f <= t.0.top[c],
                        "Beta({a}, {b}) at {x}"
                    );
                }
            }
        }
    }

    /// The empirical distribution of 400,000 draws against the exact CDF at nine points, for
    /// each of [`SHAPES`]: each difference within five standard errors of
    /// a proportion (so a correct sampler fails one point in about 3.5 million).
    #[test]
    fn draws_follow_the_beta_distribution() {
        const N: usize = 400_000;
        for (a, b) in SHAPES {
            let t = BetaTable::new(a, b).unwrap();
            let exact = Beta::new(a, b).unwrap();
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
            let draws: Vec<f64> = (0..N).map(|_| t.sample(&mut rng)).collect();
            assert!(draws.iter().all(|x| (0.0..=1.0).contains(x)));
            for q in [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99] {
                let x = exact.inverse_cdf(q);
                let p = draws.iter().filter(|&&d| d <= x).count() as f64 / N as f64;
                let se = (q * (1.0 - q) / N as f64).sqrt();
                assert!(
                    (p - q).abs() < 5.0 * se,
                    "Beta({a}, {b}): P(X ≤ {x}) = {p}, not {q}"
                );
            }
            let mean = draws.iter().sum::<f64>() / N as f64;
            let se = (exact.variance().unwrap() / N as f64).sqrt();
            let want = a / (a + b);
            assert!(
                (mean - want).abs() < 5.0 * se,
                "Beta({a}, {b}): mean {mean}"
            );
        }
    }

    #[test]
    fn shapes_outside_the_range_have_no_table() {
        assert!(BetaTable::new(0.5, 2.0).is_none());
        assert!(BetaTable::new(2.0, 0.99).is_none());
        assert!(BetaTable::new(40.0, 30.0).is_none());
        assert!(BetaTable::new(f64::NAN, 2.0).is_none());
        assert!(BetaTable::new(32.0, 32.0).is_some());
    }
}
