//! Uncertain quantities: the distributions a scenario may give for any number
//! (docs/model.md section 2).
//!
//! A [`Dist`] is one quantity as the commissioner wrote it. Only its constructors
//! build one, and they check the rules of the table in docs/model.md, returning a
//! [`DistError`] in plain English when a rule is broken; so every `Dist` is valid.
//! A `Dist` answers exact questions (mean, variance, CDF, the probability of
//! falling outside a domain, the quantile) analytically, with statrs for the
//! special functions (`cdf.rs`), and builds a [`Sampler`] (`sampler.rs`): a
//! precomputed, allocation-free generator for the engine's hot loop.
//!
//! Parameterisations (the contract, pinned by `tests/dist.rs`):
//! - PERT, λ = 4: x = a + (b − a)·B, B ~ Beta(1 + 4(m − a)/(b − a), 1 + 4(b − m)/(b − a)).
//! - lognormal90: ln X ~ Normal(μ, σ), μ = (ln p5 + ln p95)/2,
//!   σ = (ln p95 − ln p5)/(2 · [`Z95`]).
//! - observed [k, n]: Beta(k + 1, n − k + 1), the posterior of a rate after k
//!   successes in n trials from a uniform prior.
//! - choice: P(value_i) = w_i / Σw.

mod beta;
mod beta_inverse;
mod beta_table;
mod cdf;
mod error;
mod gamma;
mod inverse;
mod normal;
mod sampler;

pub use error::DistError;
pub use inverse::InverseCdf;
pub use normal::{Z95, std_normal_cdf, std_normal_quantile};
pub use sampler::Sampler;

use beta::ScaledBeta;
use cdf::choice_table;
use normal::log_params;
use serde::Serialize;
use std::fmt;

/// One uncertain quantity as written in a scenario (docs/model.md section 2).
///
/// Build it with the constructors ([`Dist::pert`] and so on), which enforce
/// the rules; its parameters cannot be changed afterwards, so a `Dist` is always
/// valid. It prints as the assumptions log writes it (`pert(34000, 37000, 42000)`).
///
/// Values are in the units of the quantity they describe (pounds, months,
/// a share, …). Serialises externally tagged with the form's name, e.g.
/// `{"pert":{"a":10.0,"m":14.0,"b":18.0}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Dist(Form);

/// The forms of docs/model.md section 2, with their parameters as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Form {
    /// A known value.
    Fixed(f64),
    /// Uniform on [a, b].
    Uniform { a: f64, b: f64 },
    /// Triangular with minimum `a`, mode `m` and maximum `b`.
    Triangular { a: f64, m: f64, b: f64 },
    /// Beta-PERT (λ = 4) with minimum `a`, mode `m` and maximum `b`.
    Pert { a: f64, m: f64, b: f64 },
    /// Normal with mean `mu` and standard deviation `sd` (0: fixed at `mu`).
    Normal { mu: f64, sd: f64 },
    /// Lognormal whose 5th and 95th percentiles are `p5` and `p95`.
    LogNormal90 { p5: f64, p95: f64 },
    /// Beta on [0, 1] with shapes `alpha` and `beta`.
    Beta { alpha: f64, beta: f64 },
    /// A rate learnt from `k` successes in `n` trials: Beta(k + 1, n − k + 1).
    Observed { k: u64, n: u64 },
    /// `values[i]` with probability `weights[i] / Σ weights`.
    Choice { values: Vec<f64>, weights: Vec<f64> },
}

/// The largest size of a number in a uniform, triangular, PERT, normal or choice quantity, and
/// of a lognormal90's 95th percentile: far beyond any real quantity, and small enough that means,
/// variances and every draw stay finite (docs/model.md section 2, "Limits").
pub const MAX_MAGNITUDE: f64 = 1e100;
/// The smallest 5th percentile of a lognormal90 quantity.
pub const MIN_P5: f64 = 1e-100;
/// The largest ratio p95/p5 of a lognormal90 quantity (σ ≤ 9.8 on the log scale), so that its
/// mean, variance and tails stay finite.
pub const MAX_SPREAD: f64 = 1e14;
/// The smallest beta shape: below it a beta is two point masses at 0 and 1 to within any
/// precision that matters, and its CDF and quantile lose their precision.
pub const MIN_SHAPE: f64 = 1e-3;
/// The largest beta shape: statrs's incomplete beta is good to about 2 × 10⁻⁹ relative up to here
/// and loses precision in proportion beyond (4 × 10⁻⁸ at 10⁷, 2 × 10⁻⁶ at 10⁹).
pub const MAX_SHAPE: f64 = 1e6;
/// The largest smaller shape of a beta: statrs's continued fraction for the incomplete beta
/// stops after 140 steps, short of convergence when both shapes are large (errors of 10⁻⁹ at
/// Beta(5 × 10⁴, 5 × 10⁴)'s median, 3 × 10⁻⁷ at Beta(10⁵, 10⁵)'s, 2% at Beta(10⁶, 10⁶)'s).
pub const MAX_SMALLER_SHAPE: f64 = 1e5;
/// The most trials of an observed rate (its shapes k + 1 and n − k + 1 then stay within about
/// [`MAX_SHAPE`]).
pub const MAX_TRIALS: u64 = 1_000_000;

fn finite(what: &'static str, value: f64) -> Result<(), DistError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(DistError::NotFinite { what, value })
    }
}

/// Finite and at most [`MAX_MAGNITUDE`] in size.
fn bounded(what: &'static str, value: f64) -> Result<(), DistError> {
    finite(what, value)?;
    if value.abs() > MAX_MAGNITUDE {
        return Err(DistError::TooLarge { what, value });
    }
    Ok(())
}

/// The rules shared by triangular and PERT: bounded, a ≤ m ≤ b, a < b.
fn check_three_point(a: f64, m: f64, b: f64) -> Result<(), DistError> {
    bounded("minimum", a)?;
    bounded("most likely value", m)?;
    bounded("maximum", b)?;
    if a > b {
        return Err(DistError::MinAboveMax { min: a, max: b });
    }
    if a > m {
        return Err(DistError::MinAboveMode { min: a, mode: m });
    }
    if m > b {
        return Err(DistError::ModeAboveMax { mode: m, max: b });
    }
    if a == b {
        return Err(DistError::NoRange { value: a });
    }
    Ok(())
}

impl Dist {
    /// A known value. Errors: not finite.
    pub fn fixed(x: f64) -> Result<Dist, DistError> {
        finite("value", x)?;
        Ok(Dist(Form::Fixed(x)))
    }

    /// Uniform on [a, b]. Errors: not finite, a > b. `a == b` is allowed and
    /// behaves as fixed.
    pub fn uniform(a: f64, b: f64) -> Result<Dist, DistError> {
        bounded("minimum", a)?;
        bounded("maximum", b)?;
        if a > b {
            return Err(DistError::MinAboveMax { min: a, max: b });
        }
        Ok(Dist(Form::Uniform { a, b }))
    }

    /// Triangular with minimum `a`, most likely `m`, maximum `b`. Errors: not
    /// finite, not a ≤ m ≤ b, or a == b.
    pub fn triangular(a: f64, m: f64, b: f64) -> Result<Dist, DistError> {
        check_three_point(a, m, b)?;
        Ok(Dist(Form::Triangular { a, m, b }))
    }

    /// Beta-PERT (λ = 4) with minimum `a`, most likely `m`, maximum `b`.
    /// Errors: not finite, not a ≤ m ≤ b, or a == b.
    pub fn pert(a: f64, m: f64, b: f64) -> Result<Dist, DistError> {
        check_three_point(a, m, b)?;
        Ok(Dist(Form::Pert { a, m, b }))
    }

    /// Normal with mean `mu` and standard deviation `sd`. Errors: not finite,
    /// sd < 0. `sd == 0` is allowed and behaves as fixed.
    pub fn normal(mu: f64, sd: f64) -> Result<Dist, DistError> {
        bounded("mean", mu)?;
        bounded("standard deviation", sd)?;
        if sd < 0.0 {
            return Err(DistError::NegativeSd { sd });
        }
        Ok(Dist(Form::Normal { mu, sd }))
    }

    /// Lognormal with 5th percentile `p5` and 95th percentile `p95`. Errors:
    /// not finite, p5 ≤ 0, p5 ≥ p95.
    pub fn lognormal90(p5: f64, p95: f64) -> Result<Dist, DistError> {
        finite("5th percentile", p5)?;
        finite("95th percentile", p95)?;
        if p5 <= 0.0 {
            return Err(DistError::NonPositiveP5 { p5 });
        }
        if p5 >= p95 {
            return Err(DistError::PercentilesOutOfOrder { p5, p95 });
        }
        if p5 < MIN_P5 {
            return Err(DistError::P5TooSmall { p5 });
        }
        bounded("95th percentile", p95)?;
        if p95 / p5 > MAX_SPREAD {
            return Err(DistError::TooSpread { p5, p95 });
        }
        Ok(Dist(Form::LogNormal90 { p5, p95 }))
    }

    /// Beta on [0, 1] with shapes `alpha`, `beta`. Errors: not finite, a shape ≤ 0, a shape
    /// outside [[`MIN_SHAPE`], [`MAX_SHAPE`]], both shapes above [`MAX_SMALLER_SHAPE`].
    pub fn beta(alpha: f64, beta: f64) -> Result<Dist, DistError> {
        finite("beta shape alpha", alpha)?;
        finite("beta shape beta", beta)?;
        for (name, value) in [("alpha", alpha), ("beta", beta)] {
            if value <= 0.0 {
                return Err(DistError::NonPositiveShape { name, value });
            }
            if value < MIN_SHAPE {
                return Err(DistError::ShapeTooSmall { name, value });
            }
            if value > MAX_SHAPE {
                return Err(DistError::ShapeTooLarge { name, value });
            }
        }
        if alpha.min(beta) > MAX_SMALLER_SHAPE {
            return Err(DistError::ShapesTooLarge { alpha, beta });
        }
        Ok(Dist(Form::Beta { alpha, beta }))
    }

    /// A rate after `k` successes in `n` trials, Beta(k + 1, n − k + 1).
    /// Errors: k > n, n above [`MAX_TRIALS`], both k and n − k at [`MAX_SMALLER_SHAPE`] or more.
    pub fn observed(k: u64, n: u64) -> Result<Dist, DistError> {
        if k > n {
            return Err(DistError::BadCounts { k, n });
        }
        if n > MAX_TRIALS {
            return Err(DistError::TooManyTrials { n });
        }
        if (k.min(n - k) as f64) >= MAX_SMALLER_SHAPE {
            return Err(DistError::CountsTooLarge { k, n });
        }
        Ok(Dist(Form::Observed { k, n }))
    }

    /// A discrete choice among `values`, with probabilities proportional to
    /// `weights`, or equal when `weights` is `None`. Errors: no values, a
    /// value or weight not finite, a different number of weights and values,
    /// a negative weight, weights summing to 0.
    pub fn choice(values: Vec<f64>, weights: Option<Vec<f64>>) -> Result<Dist, DistError> {
        let weights = weights.unwrap_or_else(|| vec![1.0; values.len()]);
        if values.is_empty() {
            return Err(DistError::EmptyChoice);
        }
        if values.len() != weights.len() {
            return Err(DistError::WeightCount {
                values: values.len(),
                weights: weights.len(),
            });
        }
        for &v in &values {
            bounded("value", v)?;
        }
        for &w in &weights {
            bounded("weight", w)?;
            if w < 0.0 {
                return Err(DistError::BadWeights);
            }
        }
        let total: f64 = weights.iter().sum();
        finite("sum of the weights", total)?;
        if total <= 0.0 {
            return Err(DistError::BadWeights);
        }
        Ok(Dist(Form::Choice { values, weights }))
    }

    /// The name of the form as written in a scenario: "fixed", "uniform",
    /// "triangular", "pert", "normal", "lognormal90", "beta", "observed" or
    /// "choice".
    pub fn form(&self) -> &'static str {
        match self.0 {
            Form::Fixed(_) => "fixed",
            Form::Uniform { .. } => "uniform",
            Form::Triangular { .. } => "triangular",
            Form::Pert { .. } => "pert",
            Form::Normal { .. } => "normal",
            Form::LogNormal90 { .. } => "lognormal90",
            Form::Beta { .. } => "beta",
            Form::Observed { .. } => "observed",
            Form::Choice { .. } => "choice",
        }
    }

    /// True when the quantity can take only one value: fixed, a uniform with
    /// a == b, a normal with sd == 0, or a choice whose values with positive
    /// weight are all the same.
    pub fn is_fixed(&self) -> bool {
        self.point().is_some()
    }

    /// The single value of a quantity that [`is_fixed`](Dist::is_fixed).
    fn point(&self) -> Option<f64> {
        match self.0 {
            Form::Fixed(x) => Some(x),
            Form::Uniform { a, b } if a == b => Some(a),
            Form::Normal { mu, sd: 0.0 } => Some(mu),
            Form::Choice {
                ref values,
                ref weights,
            } => {
                let mut support = values
                    .iter()
                    .zip(weights)
                    .filter(|&(_, &w)| w > 0.0)
                    .map(|(&v, _)| v);
                let first = support.next()?;
                support.all(|v| v == first).then_some(first)
            }
            _ => None,
        }
    }

    /// The interval of a PERT, beta or observed quantity: its Monte Carlo draws never leave it
    /// (the sampler adds a non-negative amount to its lower end and caps the sum at its upper
    /// end). `None` for any other distribution.
    pub fn beta_interval(&self) -> Option<(f64, f64)> {
        self.scaled_beta().map(|s| (s.lo, s.hi))
    }

    /// The beta on an interval that a PERT, beta or observed quantity is.
    fn scaled_beta(&self) -> Option<ScaledBeta> {
        match self.0 {
            Form::Pert { a, m, b } => {
                let w = b - a;
                Some(ScaledBeta {
                    lo: a,
                    hi: b,
                    alpha: 1.0 + 4.0 * (m - a) / w,
                    beta: 1.0 + 4.0 * (b - m) / w,
                })
            }
            Form::Beta { alpha, beta } => Some(ScaledBeta {
                lo: 0.0,
                hi: 1.0,
                alpha,
                beta,
            }),
            Form::Observed { k, n } => Some(ScaledBeta {
                lo: 0.0,
                hi: 1.0,
                alpha: k as f64 + 1.0,
                beta: (n - k) as f64 + 1.0,
            }),
            _ => None,
        }
    }

    /// The smallest and largest values the quantity can take (infinite for
    /// the unbounded tails of normal and lognormal), in its own units.
    pub fn support(&self) -> (f64, f64) {
        if let Some(c) = self.point() {
            return (c, c);
        }
        if let Some(s) = self.scaled_beta() {
            return (s.lo, s.hi);
        }
        match self.0 {
            Form::Uniform { a, b } | Form::Triangular { a, b, .. } => (a, b),
            Form::LogNormal90 { .. } => (0.0, f64::INFINITY),
            Form::Choice {
                ref values,
                ref weights,
            } => {
                let (sorted, _) = choice_table(values, weights);
                (sorted[0], sorted[sorted.len() - 1])
            }
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// The mean, exactly (analytic), in the quantity's units. PERT gives
    /// (a + 4m + b)/6; lognormal90 exp(μ + σ²/2).
    pub fn mean(&self) -> f64 {
        if let Some(c) = self.point() {
            return c;
        }
        match self.0 {
            Form::Pert { a, m, b } => (a + 4.0 * m + b) / 6.0,
            Form::Uniform { a, b } => (a + b) / 2.0,
            Form::Triangular { a, m, b } => (a + m + b) / 3.0,
            Form::Normal { mu, .. } => mu,
            Form::LogNormal90 { p5, p95 } => {
                let (mu, sigma) = log_params(p5, p95);
                (mu + sigma * sigma / 2.0).exp()
            }
            Form::Choice {
                ref values,
                ref weights,
            } => {
                let total: f64 = weights.iter().sum();
                values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / total
            }
            _ => self.scaled_beta().expect("beta family").mean(),
        }
    }

    /// The variance, exactly (analytic), in the quantity's units squared.
    pub fn variance(&self) -> f64 {
        if self.point().is_some() {
            return 0.0;
        }
        match self.0 {
            Form::Uniform { a, b } => (b - a).powi(2) / 12.0,
            Form::Triangular { a, m, b } => (a * a + m * m + b * b - a * m - a * b - m * b) / 18.0,
            Form::Normal { sd, .. } => sd * sd,
            Form::LogNormal90 { p5, p95 } => {
                let (mu, sigma) = log_params(p5, p95);
                let s2 = sigma * sigma;
                s2.exp_m1() * (2.0 * mu + s2).exp()
            }
            Form::Choice {
                ref values,
                ref weights,
            } => {
                let mean = self.mean();
                let total: f64 = weights.iter().sum();
                values
                    .iter()
                    .zip(weights)
                    .map(|(v, w)| w / total * (v - mean).powi(2))
                    .sum::<f64>()
            }
            _ => self.scaled_beta().expect("beta family").variance(),
        }
    }

    /// The standard deviation, √[`variance`](Dist::variance).
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }
}

/// How the assumptions log writes a quantity: the value of a fixed one, else the form and its
/// parameters as written (`pert(34000, 37000, 42000)`, `observed(6 of 9)`), whole numbers below
/// 10¹⁵ without a decimal point.
impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |x: &f64| {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{}", *x as i64)
            } else {
                format!("{x}")
            }
        };
        let list = |xs: &[f64]| xs.iter().map(n).collect::<Vec<_>>().join(", ");
        match &self.0 {
            Form::Fixed(x) => write!(f, "{}", n(x)),
            Form::Uniform { a, b } => write!(f, "uniform({})", list(&[*a, *b])),
            Form::Triangular { a, m, b } => write!(f, "triangular({})", list(&[*a, *m, *b])),
            Form::Pert { a, m, b } => write!(f, "pert({})", list(&[*a, *m, *b])),
            Form::Normal { mu, sd } => write!(f, "normal({})", list(&[*mu, *sd])),
            Form::LogNormal90 { p5, p95 } => write!(f, "lognormal90({})", list(&[*p5, *p95])),
            Form::Beta { alpha, beta } => write!(f, "beta({})", list(&[*alpha, *beta])),
            Form::Observed { k, n: trials } => write!(f, "observed({k} of {trials})"),
            Form::Choice { values, weights } => {
                write!(f, "choice({}; weights {})", list(values), list(weights))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_the_assumptions_log_writes_it() {
        let cases = [
            (Dist::fixed(3.0), "3"),
            (Dist::fixed(-0.25), "-0.25"),
            (Dist::fixed(1e15), "1000000000000000"),
            (Dist::uniform(0.0, 1.5), "uniform(0, 1.5)"),
            (Dist::triangular(1.0, 2.0, 6.0), "triangular(1, 2, 6)"),
            (
                Dist::pert(34000.0, 37000.0, 42000.0),
                "pert(34000, 37000, 42000)",
            ),
            (Dist::normal(-3e5, 1e4), "normal(-300000, 10000)"),
            (Dist::lognormal90(20.0, 80.5), "lognormal90(20, 80.5)"),
            (Dist::beta(0.5, 2.0), "beta(0.5, 2)"),
            (Dist::observed(6, 9), "observed(6 of 9)"),
            (
                Dist::choice(vec![5.0, 1.0], Some(vec![0.5, 0.2])),
                "choice(5, 1; weights 0.5, 0.2)",
            ),
            (
                Dist::choice(vec![2.0, 3.0], None),
                "choice(2, 3; weights 1, 1)",
            ),
        ];
        for (dist, text) in cases {
            assert_eq!(dist.unwrap().to_string(), text);
        }
    }

    #[test]
    fn serialises_tagged_with_the_form() {
        let json = |d: Dist| serde_json::to_string(&d).unwrap();
        assert_eq!(
            json(Dist::pert(10.0, 14.0, 18.0).unwrap()),
            r#"{"pert":{"a":10.0,"m":14.0,"b":18.0}}"#
        );
        assert_eq!(json(Dist::fixed(2.0).unwrap()), r#"{"fixed":2.0}"#);
        assert_eq!(
            json(Dist::observed(6, 9).unwrap()),
            r#"{"observed":{"k":6,"n":9}}"#
        );
    }

    #[test]
    fn form_names_and_fixedness() {
        let cases = [
            (Dist::fixed(1.0), "fixed", true),
            (Dist::uniform(0.0, 1.0), "uniform", false),
            (Dist::uniform(3.0, 3.0), "uniform", true),
            (Dist::triangular(0.0, 0.5, 1.0), "triangular", false),
            (Dist::pert(0.0, 0.5, 1.0), "pert", false),
            (Dist::normal(0.0, 1.0), "normal", false),
            (Dist::normal(0.0, 0.0), "normal", true),
            (Dist::lognormal90(1.0, 2.0), "lognormal90", false),
            (Dist::beta(1.0, 1.0), "beta", false),
            (Dist::observed(0, 0), "observed", false),
            (Dist::choice(vec![1.0, 2.0], None), "choice", false),
            (Dist::choice(vec![2.0, 2.0], None), "choice", true),
        ];
        for (dist, form, fixed) in cases {
            let dist = dist.unwrap();
            assert_eq!((dist.form(), dist.is_fixed()), (form, fixed), "{dist:?}");
        }
    }
}
