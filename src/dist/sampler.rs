//! Drawing a [`Dist`]: a precomputed, allocation-free generator for the engine's hot loop.

use super::beta_table::BetaTable;
use super::cdf::choice_table;
use super::gamma::StdGamma;
use super::normal::log_params;
use super::{Dist, Form};
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;
use statrs::distribution::{ContinuousCDF, Triangular};

/// A precomputed sampler for one [`Dist`]: construct once with
/// [`Dist::sampler`], draw millions of times with [`Sampler::sample`].
///
/// Methods (a contract: changing one changes every result for a given seed):
/// - fixed, and the degenerate forms that [`Dist::is_fixed`]: the constant,
///   **without drawing from the generator**;
/// - uniform: a + (b − a)·u, one uniform u in [0, 1);
/// - triangular: the inverse CDF at one uniform;
/// - PERT, beta, observed: lo + (hi − lo)·X, X ~ Beta(α, β) drawn from a table when
///   1 ≤ α, β and α + β ≤ 64 (every PERT: `beta_table.rs`), otherwise as X/(X + Y) with
///   X ~ Gamma(α, 1) then Y ~ Gamma(β, 1) (Marsaglia–Tsang, drawn exactly as rand_distr 0.6
///   draws them: see `gamma.rs`); a variable number of generator words per draw;
/// - normal: μ + σ·Z, Z from rand_distr's ziggurat `StandardNormal`;
/// - lognormal90: exp(μ + σ·Z);
/// - choice: one uniform against the cumulative weights of the sorted
///   values (binary search).
///
/// Bounded forms never leave their [lo, hi]. Drawing does not allocate.
#[derive(Debug, Clone)]
pub struct Sampler(DrawMethod);

/// How a [`Sampler`] draws: one variant per method of the list above, with its constants.
#[derive(Debug, Clone)]
enum DrawMethod {
    Constant(f64),
    Uniform {
        a: f64,
        width: f64,
        b: f64,
    },
    Triangular(Triangular),
    TableBeta {
        lo: f64,
        width: f64,
        hi: f64,
        table: BetaTable,
    },
    ScaledBeta {
        lo: f64,
        width: f64,
        hi: f64,
        x: StdGamma,
        y: StdGamma,
        /// α/(α + β), for the limit when both gamma draws underflow to 0.
        mean01: f64,
    },
    Normal {
        mu: f64,
        sd: f64,
    },
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Choice {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
}

impl Dist {
    /// A precomputed sampler for this quantity (see [`Sampler`]).
    pub fn sampler(&self) -> Sampler {
        if let Some(c) = self.point() {
            return Sampler(DrawMethod::Constant(c));
        }
        if let Some(s) = self.scaled_beta() {
            if let Some(table) = BetaTable::new(s.alpha, s.beta) {
                return Sampler(DrawMethod::TableBeta {
                    lo: s.lo,
                    width: s.width(),
                    hi: s.hi,
                    table,
                });
            }
            return Sampler(DrawMethod::ScaledBeta {
                lo: s.lo,
                width: s.width(),
                hi: s.hi,
                x: StdGamma::new(s.alpha),
                y: StdGamma::new(s.beta),
                mean01: s.alpha / (s.alpha + s.beta),
            });
        }
        Sampler(match self.0 {
            Form::Uniform { a, b } => DrawMethod::Uniform { a, width: b - a, b },
            Form::Triangular { a, m, b } => DrawMethod::Triangular(
                Triangular::new(a, b, m).expect("triangular parameters are validated"),
            ),
            Form::Normal { mu, sd } => DrawMethod::Normal { mu, sd },
            Form::LogNormal90 { p5, p95 } => {
                let (mu, sigma) = log_params(p5, p95);
                DrawMethod::LogNormal { mu, sigma }
            }
            Form::Choice {
                ref values,
                ref weights,
            } => {
                let (values, cumulative) = choice_table(values, weights);
                DrawMethod::Choice { values, cumulative }
            }
            _ => unreachable!("points and the beta family are handled above"),
        })
    }
}

/// The triangular inverse CDF at u in [0, 1), within [a, b].
#[inline]
fn triangular_at(t: &Triangular, u: f64) -> f64 {
    t.inverse_cdf(u).clamp(t.min(), t.max())
}

/// X/(X + Y) for X, Y the two gamma draws; when both underflow to 0 (both
/// shapes tiny) the mass sits at the ends, 1 with probability α/(α + β).
#[inline]
fn beta_from_gammas<R: Rng + ?Sized>(gx: f64, gy: f64, mean01: f64, rng: &mut R) -> f64 {
    let sum = gx + gy;
    if sum > 0.0 {
        gx / sum
    } else if rng.random::<f64>() < mean01 {
        1.0
    } else {
        0.0
    }
}

impl Sampler {
    /// One draw, in the quantity's units.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let mut x = [0.0];
        self.fill(rng, &mut x);
        x[0]
    }

    /// Bytes of the table this sampler draws from (0 when it has none), shared by its clones.
    pub fn table_bytes(&self) -> usize {
        match self.0 {
            DrawMethod::TableBeta { .. } => BetaTable::BYTES,
            _ => 0,
        }
    }

    /// Fills `out` with draws in order (the same as that many calls of [`Sampler::sample`]),
    /// choosing the method once for the whole slice rather than once a draw.
    #[inline]
    pub fn fill<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        match self.0 {
            DrawMethod::Constant(c) => out.fill(c),
            DrawMethod::Uniform { a, width, b } => {
                for v in out.iter_mut() {
                    *v = (a + width * rng.random::<f64>()).min(b);
                }
            }
            DrawMethod::Triangular(ref t) => {
                for v in out.iter_mut() {
                    *v = triangular_at(t, rng.random());
                }
            }
            DrawMethod::TableBeta {
                lo,
                width,
                hi,
                ref table,
            } => {
                for v in out.iter_mut() {
                    *v = (lo + width * table.sample(rng)).min(hi);
                }
            }
            DrawMethod::ScaledBeta {
                lo,
                width,
                hi,
                ref x,
                ref y,
                mean01,
            } => {
                for v in out.iter_mut() {
                    let gx = x.sample(rng);
                    let gy = y.sample(rng);
                    *v = (lo + width * beta_from_gammas(gx, gy, mean01, rng)).min(hi);
                }
            }
            DrawMethod::Normal { mu, sd } => {
                for v in out.iter_mut() {
                    *v = mu + sd * rng.sample::<f64, _>(StandardNormal);
                }
            }
            DrawMethod::LogNormal { mu, sigma } => {
                for v in out.iter_mut() {
                    *v = (mu + sigma * rng.sample::<f64, _>(StandardNormal)).exp();
                }
            }
            DrawMethod::Choice {
                ref values,
                ref cumulative,
            } => {
                for v in out.iter_mut() {
                    let u: f64 = rng.random();
                    let i = cumulative.partition_point(|&c| c <= u);
                    *v = values[i.min(values.len() - 1)];
                }
            }
        }
    }
}

impl rand::distr::Distribution<f64> for Sampler {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        Sampler::sample(self, rng)
    }
}
