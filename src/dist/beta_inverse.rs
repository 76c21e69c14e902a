//! A fast inverse of the regularised incomplete beta I_x(α, β) for one lower half, p ≤ ½:
//! a table of cells built once per distribution, each answering a quantile with one short
//! polynomial, as fast as a Monte Carlo draw and as exact as the iterative solver.
//!
//! The lower half [x_p, median] is cut into cells [x₀, x₀ + w]. On a cell the density is
//! f(x₀ + wt) = f(x₀)·exp(g(t)), with g(t) = (α − 1)·ln(1 + ut) + (β − 1)·ln(1 − vt),
//! u = w/x₀, v = w/(1 − x₀), whose power series in t is exact; exp of it is a power series by
//! the recurrence e_n = (1/n)·Σ k·g_k·e_{n−k}; integrating gives the CDF on the cell as
//! F(x₀ + wt) = F(x₀) + D·P(t), P(0) = 0, P(1) = 1, D = F(x₀ + w) − F(x₀), with both ends
//! from statrs's `beta_reg`, so a cell agrees with [`Dist::cdf`](super::Dist::cdf) at its ends.
//! Lagrange inversion turns P into its inverse series t(s) = Σ b_n sⁿ, and a quantile is
//! x = x₀ + w·t((p − F(x₀))/D): a table lookup and [`ORDER`] multiply–adds.
//!
//! Every cell is checked when it is built: the series of g must be small (Σ|g_k| ≤ 1, so the
//! exponential has no cancellation), P's last terms negligible, and t(s) must solve P(t) = s
//! to within one unit in the last place of x at s = ¼, ½, ¾ and 1; a cell that fails is halved.
//! Below the lowest cell (p < about 2⁻¹⁶, or wherever [`MAX_CELLS`] cells end) the caller
//! uses the iterative solver.

use super::beta::{ScaledBeta, beta_quantile};

/// Terms of the series of g, of exp(g) and of P used to build a cell.
const TERMS: usize = 40;
/// Terms of a cell's inverse series: the multiply–adds per quantile.
const ORDER: usize = 16;
/// The table stops once a cell starts below this probability.
const FLOOR: f64 = 1.0 / 65536.0;
/// At most this many cells in one half (a beta with a tiny shape would need thousands), and at
/// most 8 times as many tries at one.
const MAX_CELLS: usize = 1024;
/// Mantissa bits of p kept in the lookup key: 2⁶ guide buckets per octave of p.
const KEY_SHIFT: u32 = 46;

/// One cell [x0, x0 + w]: for p0 ≤ p, x = x0 + w·t(s), s = (p − p0)·inv_d, t(s) = Σ b_n sⁿ.
#[derive(Debug, Clone)]
struct Cell {
    p0: f64,
    inv_d: f64,
    x0: f64,
    w: f64,
    /// b[n − 1] = b_n, n = 1 … ORDER.
    b: [f64; ORDER],
}

/// The cells of one lower half, ascending, with a guide from the leading bits of p to the cell
/// that holds it.
#[derive(Debug, Clone)]
pub(super) struct HalfTable {
    cells: Vec<Cell>,
    /// Each cell's p0, and +∞ after the last: the cell that holds p is found here.
    starts: Vec<f64>,
    /// `guide[key(p) − base]`: the last cell starting at or below the smallest p with that key.
    guide: Vec<u32>,
    /// The most cells that start within one guide bucket: the steps from the guide's cell to
    /// the one that holds p.
    steps: usize,
    base: u64,
}

/// The lookup key of a probability: its exponent and 4 leading mantissa bits (monotone in p
/// for p ≥ 0).
fn key(p: f64) -> u64 {
    p.to_bits() >> KEY_SHIFT
}

impl HalfTable {
    /// The table of I_x(alpha, beta) between the median `median` and the floor, or `None`
    /// when not even the first cell can be built.
    pub(super) fn new(alpha: f64, beta: f64, median: f64) -> Option<HalfTable> {
        let cdf = |x: f64| statrs::function::beta::beta_reg(alpha, beta, x);
        let mut cells = Vec::new();
        let (mut right, mut p_right) = (median, cdf(median));
        let mut w = median / 4.0;
        let mut trials = 0;
        while cells.len() < MAX_CELLS && p_right > FLOOR && trials < 8 * MAX_CELLS {
            trials += 1;
            w = w.min(right / 4.0);
            let x0 = right - w;
            if !(x0 > 0.0 && w > right * f64::EPSILON) {
                break;
            }
            let p0 = cdf(x0);
            match (p0 < p_right)
                .then(|| Cell::new(alpha, beta, x0, w, p0, p_right - p0))
                .flatten()
            {
                Some(cell) => {
                    cells.push(cell);
                    (right, p_right) = (x0, p0);
                    w *= 1.5;
                }
                None => w /= 2.0,
            }
        }
        if cells.is_empty() {
            return None;
        }
        cells.reverse();
        let base = key(cells[0].p0);
        let top = key(0.5);
        let mut guide = Vec::with_capacity((top - base + 1) as usize);
        let mut j = 0;
        for k in base..=top {
            let lower = f64::from_bits(k << KEY_SHIFT);
            while j + 1 < cells.len() && cells[j + 1].p0 <= lower {
                j += 1;
            }
            guide.push(j as u32);
        }
        // A p of the last bucket is at most ½, so its cell is at most the last.
        let steps = guide
            .iter()
            .zip(guide.iter().skip(1).chain([&((cells.len() - 1) as u32)]))
            .map(|(&from, &to)| (to - from) as usize)
            .max()
            .unwrap_or(0);
        let starts = cells.iter().map(|c| c.p0).chain([f64::INFINITY]).collect();
        Some(HalfTable {
            cells,
            starts,
            guide,
            steps,
            base,
        })
    }

    /// The p-quantile for p in [the lowest cell's start, ½], or `None` below the table.
    #[inline]
    pub(super) fn quantile(&self, p: f64) -> Option<f64> {
        let (c, s) = self.locate(p)?;
        let mut t = 0.0;
        for &b in c.b.iter().rev() {
            t = t * s + b;
        }
        Some(c.at(t, s))
    }

    /// The cell that holds p and the cell's s for it, or `None` below the table.
    #[inline]
    fn locate(&self, p: f64) -> Option<(&Cell, f64)> {
        if p < self.cells[0].p0 {
            return None;
        }
        let g = ((key(p) - self.base) as usize).min(self.guide.len() - 1);
        let mut j = self.guide[g] as usize;
        // The last cell starting at or below p: a fixed number of steps, each taken only while
        // the next cell starts at or below p (the starts ascend, so once one does not, none does).
        for _ in 0..self.steps {
            j += usize::from(self.starts[j + 1] <= p);
        }
        let c = &self.cells[j];
        Some((c, (p - c.p0) * c.inv_d))
    }
}

impl Cell {
    /// x = x0 + w·t(s), from t(s)/s = Σ b_n s^(n−1), as [`HalfTable::quantile`] sums it.
    #[inline]
    fn at(&self, t: f64, s: f64) -> f64 {
        self.x0 + self.w * (t * s).clamp(0.0, 1.0)
    }
}

/// A cell that stands in for a lane with no cell in [`BetaInverse::quantiles`].
const NO_CELL: Cell = Cell {
    p0: 0.0,
    inv_d: 0.0,
    x0: 0.0,
    w: 0.0,
    b: [0.0; ORDER],
};

/// Quantiles [`BetaInverse::quantiles`] evaluates side by side: their polynomials are
/// independent chains of multiply–adds, which a processor runs at once.
const LANES: usize = 8;

/// Σ c_k t^k for k = 1 … len, with c[k − 1] = c_k; and its derivative.
fn series(c: &[f64], t: f64) -> (f64, f64) {
    let (mut value, mut slope) = (0.0, 0.0);
    for (k, &ck) in c.iter().enumerate().rev() {
        slope = slope * t + (k + 1) as f64 * ck;
        value = value * t + ck;
    }
    (value * t, slope)
}

/// a·b truncated to [`ORDER`] terms (both series start at t⁰).
fn product(a: &[f64; ORDER], b: &[f64; ORDER]) -> [f64; ORDER] {
    std::array::from_fn(|n| (0..=n).map(|i| a[i] * b[n - i]).sum())
}

impl Cell {
    /// The cell [x0, x0 + w] with F(x0) = p0 and D = F(x0 + w) − F(x0), if it passes its checks.
    fn new(alpha: f64, beta: f64, x0: f64, w: f64, p0: f64, d: f64) -> Option<Cell> {
        let (u, v) = (w / x0, w / (1.0 - x0));
        if u > 1.0 / 3.0 || v > 1.0 / 3.0 {
            return None;
        }
        // g(t) = Σ g_k t^k: ln(1 + ut) = Σ (−1)^(k+1) u^k/k, ln(1 − vt) = −Σ v^k/k.
        let mut g = [0.0; TERMS];
        let (mut uk, mut vk) = (1.0, 1.0);
        for (k, gk) in g.iter_mut().enumerate().skip(1) {
            uk *= -u;
            vk *= v;
            *gk = -((alpha - 1.0) * uk + (beta - 1.0) * vk) / k as f64;
        }
        if g.iter().map(|x| x.abs()).sum::<f64>() > 1.0 {
            return None;
        }
        // e = exp(g), then P(t) ∝ ∫₀ᵗ e, scaled so that P(1) = 1.
        let mut e = [0.0; TERMS];
        e[0] = 1.0;
        for n in 1..TERMS {
            e[n] = (1..=n).map(|k| k as f64 * g[k] * e[n - k]).sum::<f64>() / n as f64;
        }
        let mut a: [f64; TERMS] = std::array::from_fn(|n| e[n] / (n + 1) as f64);
        let total: f64 = a.iter().sum();
        a.iter_mut().for_each(|x| *x /= total);
        if a[TERMS - 3..].iter().map(|x| x.abs()).sum::<f64>() > f64::EPSILON / 1024.0 {
            return None;
        }
        // Lagrange inversion: P(t) = a₁t·φ(t), ψ = 1/φ, b_n = [t^(n−1)] ψⁿ / (n·a₁ⁿ).
        let phi: [f64; ORDER] = std::array::from_fn(|k| a[k] / a[0]);
        let mut psi = [0.0; ORDER];
        psi[0] = 1.0;
        for n in 1..ORDER {
            psi[n] = -(1..=n).map(|k| phi[k] * psi[n - k]).sum::<f64>();
        }
        let mut b = [0.0; ORDER];
        let mut power = psi;
        for n in 1..=ORDER {
            b[n - 1] = power[n - 1] / (n as f64 * a[0].powi(n as i32));
            if n < ORDER {
                power = product(&power, &psi);
            }
        }
        let cell = Cell {
            p0,
            inv_d: 1.0 / d,
            x0,
            w,
            b,
        };
        let solves = |s: f64| {
            let (t, _) = series(&cell.b, s);
            let (value, slope) = series(&a, t);
            let error = w * (value - s).abs() / slope;
            slope > 0.0 && error <= f64::EPSILON / 2.0 * (x0 + w * t)
        };
        [0.25, 0.5, 0.75, 1.0]
            .into_iter()
            .all(solves)
            .then_some(cell)
    }
}

/// The quantiles of a beta on [lo, hi]: a [`HalfTable`] for each half, the upper one built on
/// the mirrored Beta(β, α) and asked for 1 − p (exact for p ≥ ½), so that a value near 0 keeps
/// its relative precision and a value near 1 its absolute precision, as in
/// [`beta_quantile`]; the iterative solver below the tables.
#[derive(Debug, Clone)]
pub(super) struct BetaInverse {
    beta: ScaledBeta,
    lower: Option<HalfTable>,
    upper: Option<HalfTable>,
}

impl BetaInverse {
    pub(super) fn new(beta: ScaledBeta) -> BetaInverse {
        let (a, b) = (beta.alpha, beta.beta);
        let median = beta_quantile(a, b, 0.5);
        BetaInverse {
            beta,
            lower: HalfTable::new(a, b, median),
            upper: HalfTable::new(b, a, 1.0 - median),
        }
    }

    /// The p-quantile, p in [0, 1], within [lo, hi].
    #[inline]
    pub(super) fn quantile(&self, p: f64) -> f64 {
        self.scale(self.standard(p))
    }

    /// Each value p of `ps` (in [0, 1]) replaced by its quantile, as [`BetaInverse::quantile`]
    /// gives it, bit for bit: the same arithmetic, with the polynomials of [`LANES`] values
    /// evaluated side by side rather than one after another.
    pub(super) fn quantiles(&self, ps: &mut [f64]) {
        for chunk in ps.chunks_mut(LANES) {
            // Each lane's cell and s, and whether it is in the upper half; `NO_CELL` for a
            // value the tables do not hold.
            let mut cells = [&NO_CELL; LANES];
            let mut s = [0.0; LANES];
            let mut upper = [false; LANES];
            let mut tabled = [false; LANES];
            for (l, &p) in chunk.iter().enumerate() {
                let found = if p <= 0.0 || p >= 1.0 {
                    None
                } else if p <= 0.5 {
                    self.lower.as_ref().and_then(|t| t.locate(p))
                } else {
                    upper[l] = true;
                    self.upper.as_ref().and_then(|t| t.locate(1.0 - p))
                };
                if let Some((c, sl)) = found {
                    (cells[l], s[l], tabled[l]) = (c, sl, true);
                }
            }
            let mut t = [0.0; LANES];
            for k in (0..ORDER).rev() {
                for l in 0..LANES {
                    t[l] = t[l] * s[l] + cells[l].b[k];
                }
            }
            for (l, p) in chunk.iter_mut().enumerate() {
                let standard = if !tabled[l] {
                    self.standard(*p)
                } else if upper[l] {
                    1.0 - cells[l].at(t[l], s[l])
                } else {
                    cells[l].at(t[l], s[l])
                };
                *p = self.scale(standard);
            }
        }
    }

    /// The quantile of p in [0, 1] of the standard beta on [0, 1].
    #[inline]
    fn standard(&self, p: f64) -> f64 {
        let (a, b) = (self.beta.alpha, self.beta.beta);
        if p <= 0.0 {
            0.0
        } else if p >= 1.0 {
            1.0
        } else if p <= 0.5 {
            let table = self.lower.as_ref().and_then(|t| t.quantile(p));
            table.unwrap_or_else(|| beta_quantile(a, b, p))
        } else {
            let q = 1.0 - p;
            let table = self.upper.as_ref().and_then(|t| t.quantile(q));
            1.0 - table.unwrap_or_else(|| beta_quantile(b, a, q))
        }
    }

    /// A value of the standard beta on [0, 1] in [lo, hi].
    #[inline]
    fn scale(&self, standard: f64) -> f64 {
        let ScaledBeta { lo, hi, .. } = self.beta;
        (lo + self.beta.width() * standard).clamp(lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guide and its fixed steps find the last cell starting at or below p, as a search
    /// through every cell does, at each cell's start, just either side of it, and at ½.
    #[test]
    fn locate_finds_the_cell_that_holds_p() {
        for (alpha, beta) in [
            (1.0, 5.0),
            (3.0, 3.0),
            (4.6, 1.4),
            (0.2, 3.0),
            (40.0, 900.0),
        ] {
            let table = HalfTable::new(alpha, beta, beta_quantile(alpha, beta, 0.5)).unwrap();
            let starts: Vec<f64> = table.cells.iter().map(|c| c.p0).collect();
            let probes = starts
                .iter()
                .flat_map(|&p| [p.next_down(), p, p.next_up()])
                .chain([0.5]);
            for p in probes.filter(|&p| p >= starts[0] && p <= 0.5) {
                let want = starts.partition_point(|&s| s <= p) - 1;
                let (cell, _) = table.locate(p).unwrap();
                assert!(
                    std::ptr::eq(cell, &table.cells[want]),
                    "Beta({alpha}, {beta}) at {p}"
                );
            }
        }
    }

    fn units_in_last_place(x: f64, truth: f64) -> f64 {
        ((x - truth) / (truth.abs() * f64::EPSILON)).abs()
    }

    /// Against quantiles with closed forms, in both halves and below the tables: no further from
    /// the truth than the iterative solver, give or take 16 units in the last place. (Both rest
    /// on statrs's incomplete beta, which is good to some tens of units in the last place.)
    #[test]
    fn quantiles_match_closed_forms() {
        type Quantile = fn(f64) -> f64;
        let cases: [(f64, f64, Quantile); 4] = [
            (1.0, 1.0, |p| p),
            (5.0, 1.0, |p| p.powf(0.2)),
            (1.0, 5.0, |p| -((-p).ln_1p() / 5.0).exp_m1()),
            (0.5, 0.5, |p| {
                (std::f64::consts::FRAC_PI_2 * p).sin().powi(2)
            }),
        ];
        for (alpha, beta, truth) in cases {
            let inverse = BetaInverse::new(ScaledBeta {
                lo: 0.0,
                hi: 1.0,
                alpha,
                beta,
            });
            let cells = inverse.lower.as_ref().map_or(0, |t| t.cells.len());
            assert!(
                (30..200).contains(&cells),
                "Beta({alpha}, {beta}): {cells} cells"
            );
            let solver = |p| beta_quantile(alpha, beta, p);
            for i in 1..4000 {
                for p in [f64::from(i) / 4000.0, f64::from(i) / 4e8] {
                    let table = units_in_last_place(inverse.quantile(p), truth(p));
                    let solved = units_in_last_place(solver(p), truth(p));
                    assert!(
                        table <= solved + 16.0,
                        "Beta({alpha}, {beta}) at {p}: {table} ulps, the solver {solved}"
                    );
                }
            }
            assert_eq!((inverse.quantile(0.0), inverse.quantile(1.0)), (0.0, 1.0));
        }
    }

    /// Against the iterative solver, for PERT shapes and a few betas and observed rates; below
    /// the tables the two are the same function.
    #[test]
    fn quantiles_match_the_iterative_solver() {
        let mut shapes = vec![
            (0.2, 3.0),
            (2.0, 5.0),
            (7.0, 4.0),
            (1001.0, 999.0),
            (4.0, 997.0),
        ];
        for m in 0..=8 {
            let alpha = 1.0 + 4.0 * f64::from(m) / 8.0;
            shapes.push((alpha, 6.0 - alpha));
        }
        for (alpha, beta) in shapes {
            let scaled = ScaledBeta {
                lo: 10.0,
                hi: 18.0,
                alpha,
                beta,
            };
            let inverse = BetaInverse::new(scaled);
            for i in 1..1000 {
                let p = f64::from(i) / 1000.0;
                let (fast, exact) = (inverse.quantile(p), scaled.quantile(p));
                assert!(
                    units_in_last_place(fast, exact) <= 64.0,
                    "Beta({alpha}, {beta}) at {p}: {fast} against {exact}"
                );
            }
            for p in [1e-9, 1.0 - 1e-9] {
                assert_eq!(
                    inverse.quantile(p),
                    scaled.quantile(p),
                    "Beta({alpha}, {beta})"
                );
            }
        }
    }

    /// Many quantiles at once are each quantile one at a time, bit for bit: in both halves, at
    /// ½, below and above the tables, at 0 and 1, in a slice that does not fill its last lanes.
    #[test]
    fn quantiles_at_once_are_each_quantile() {
        for (alpha, beta) in [(0.2, 3.0), (2.0, 5.0), (3.0, 3.0), (1001.0, 999.0)] {
            let inverse = BetaInverse::new(ScaledBeta {
                lo: -3.0,
                hi: 40.0,
                alpha,
                beta,
            });
            let mut ps: Vec<f64> = (0..=1001).map(|i| f64::from(i) / 1001.0).collect();
            ps.extend([
                0.5,
                1e-9,
                1e-6,
                1.0 - 1e-9,
                1.0 - 1e-6,
                0.0,
                1.0,
                0.25,
                0.75,
            ]);
            let mut at_once = ps.clone();
            inverse.quantiles(&mut at_once);
            for (p, q) in ps.iter().zip(&at_once) {
                let one = inverse.quantile(*p);
                assert_eq!(q.to_bits(), one.to_bits(), "Beta({alpha}, {beta}) at {p}");
            }
        }
    }
}
