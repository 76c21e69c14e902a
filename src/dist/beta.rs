//! The beta family on an interval: PERT, beta and observed are each a Beta(α, β) stretched onto
//! [lo, hi], and share its moments, CDF and quantile.

use statrs::distribution::{Beta, ContinuousCDF};
use statrs::function::beta::{beta_reg, inv_beta_reg, ln_beta};

/// A Beta(alpha, beta) stretched onto [lo, hi]: X = lo + (hi − lo)·B.
#[derive(Debug, Clone, Copy)]
pub(super) struct ScaledBeta {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) alpha: f64,
    pub(super) beta: f64,
}

impl ScaledBeta {
    pub(super) fn width(&self) -> f64 {
        self.hi - self.lo
    }

    /// Where `x` falls on [0, 1].
    fn standardise(&self, x: f64) -> f64 {
        (x - self.lo) / self.width()
    }

    fn standard(&self) -> Beta {
        Beta::new(self.alpha, self.beta).expect("beta shapes are validated")
    }

    pub(super) fn mean(&self) -> f64 {
        self.lo + self.width() * self.alpha / (self.alpha + self.beta)
    }

    /// Var = w²·αβ / ((α + β)²(α + β + 1)).
    pub(super) fn variance(&self) -> f64 {
        let s = self.alpha + self.beta;
        self.width().powi(2) * self.alpha * self.beta / (s * s * (s + 1.0))
    }

    /// P(X ≤ x), from statrs's regularised incomplete beta.
    pub(super) fn cdf(&self, x: f64) -> f64 {
        self.standard().cdf(self.standardise(x))
    }

    /// P(X > x), from statrs, which keeps the precision of small upper tails.
    pub(super) fn sf(&self, x: f64) -> f64 {
        self.standard().sf(self.standardise(x))
    }

    /// The p-quantile, clamped to [lo, hi].
    pub(super) fn quantile(&self, p: f64) -> f64 {
        (self.lo + self.width() * beta_quantile(self.alpha, self.beta, p)).clamp(self.lo, self.hi)
    }
}

/// The quantile of Beta(alpha, beta) at p, for p in [0, 1].
///
/// statrs's AS 109 estimate (`inv_beta_reg`, which is also its
/// `Beta::inverse_cdf`), polished by Newton's method on the regularised
/// incomplete beta: AS 109 alone can be off by 1e-5 in probability for small
/// shapes (Beta(0.2, 3) near p = 0.001). A quantile above ½ is solved as
/// 1 − the lower quantile of Beta(beta, alpha), so that a value near 0 keeps
/// its relative precision and a value near 1 its absolute precision.
pub(super) fn beta_quantile(alpha: f64, beta: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let start = inv_beta_reg(alpha, beta, p);
    if start <= 0.5 {
        polish_beta_quantile(alpha, beta, p, start)
    } else {
        1.0 - polish_beta_quantile(beta, alpha, 1.0 - p, 1.0 - start)
    }
}

/// Solves I_x(alpha, beta) = p for x by Newton's method from `start`,
/// falling back to bisection (geometric while the bracket spans orders of
/// magnitude) whenever a step leaves the bracket of the root.
fn polish_beta_quantile(alpha: f64, beta: f64, p: f64, start: f64) -> f64 {
    let ln_b = ln_beta(alpha, beta);
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    let mut x = if start > 0.0 && start < 1.0 {
        start
    } else {
        0.5
    };
    for _ in 0..500 {
        let f = beta_reg(alpha, beta, x) - p;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let pdf = ((alpha - 1.0) * x.ln() + (beta - 1.0) * (-x).ln_1p() - ln_b).exp();
        let newton = x - f / pdf;
        let next = if newton > lo && newton < hi {
            newton
        } else if lo == 0.0 {
            hi / 8.0
        } else if hi > 2.0 * lo {
            (lo * hi).sqrt()
        } else {
            0.5 * (lo + hi)
        };
        if (next - x).abs() <= 4.0 * f64::EPSILON * next || hi - lo <= 4.0 * f64::EPSILON * hi {
            return next;
        }
        x = next;
    }
    x
}
