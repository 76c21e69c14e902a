//! The beta family on an interval: PERT, beta and observed are each a Beta(α, β) stretched onto
//! [lo, hi], and share its moments, CDF and quantile.

use statrs::distribution::{Beta, ContinuousCDF};
use statrs::function::beta::{beta_reg, ln_beta};

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
/// statrs's AS 109 estimate ([`as109_estimate`], statrs's `inv_beta_reg` with
/// bounded loops), polished by Newton's method on the regularised
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
    let start = as109_estimate(alpha, beta, p);
    if start <= 0.5 {
        polish_beta_quantile(alpha, beta, p, start)
    } else {
        1.0 - polish_beta_quantile(beta, alpha, 1.0 - p, 1.0 - start)
    }
}

/// statrs 0.19.1's `inv_beta_reg(a, b, x)`, the quantile of Beta(a, b) at x: the AS 64
/// starting value (Carter's for a, b > 1, AS R19), then the Newton steps of AS 109 with the
/// step control of AS R83. It is copied line for line, so its results are bit-identical to
/// statrs's, with one change: every loop has a bound. statrs's loops have none, and where its
/// `beta_reg` stops short of convergence (shapes in the millions and above, as in
/// Beta(1e12, 1e12)) they never end. At a bound the current estimate is returned; the polish
/// that follows finds the quantile from any start.
fn as109_estimate(mut a: f64, mut b: f64, mut x: f64) -> f64 {
    const SAE: i32 = -30;
    const FPU: f64 = 1e-30;
    /// Newton steps, and step reductions (g /= 3 underflows g to 0 after about 680).
    const STEPS: usize = 1000;
    let ln_beta = ln_beta(a, b);
    if x == 0.0 {
        return 0.0;
    }
    if x == 1.0 {
        return 1.0;
    }
    let mut p;
    let mut q;
    let flip = 0.5 < x;
    if flip {
        p = a;
        a = b;
        b = p;
        x = 1.0 - x;
    }
    p = (-(x * x).ln()).sqrt();
    q = p - (2.30753 + 0.27061 * p) / (1.0 + (0.99229 + 0.04481 * p) * p);
    if 1.0 < a && 1.0 < b {
        let r = (q * q - 3.0) / 6.0;
        let s = 1.0 / (2.0 * a - 1.0);
        let t = 1.0 / (2.0 * b - 1.0);
        let h = 2.0 / (s + t);
        let w = q * (h + r).sqrt() / h - (t - s) * (r + 5.0 / 6.0 - 2.0 / (3.0 * h));
        p = a / (a + b * (2.0 * w).exp());
    } else {
        let mut t = 1.0 / (9.0 * b);
        t = 2.0 * b * (1.0 - t + q * t.sqrt()).powf(3.0);
        if t <= 0.0 {
            p = 1.0 - ((((1.0 - x) * b).ln() + ln_beta) / b).exp();
        } else {
            t = 2.0 * (2.0 * a + b - 1.0) / t;
            if t <= 1.0 {
                p = (((x * a).ln() + ln_beta) / a).exp();
            } else {
                p = 1.0 - 2.0 / (t + 1.0);
            }
        }
    }
    p = p.clamp(0.0001, 0.9999);
    let e = (-5.0 / a / a - 1.0 / x.powf(0.2) - 13.0) as i32;
    let acu = if e > SAE { f64::powi(10.0, e) } else { FPU };
    let mut pnext;
    let mut qprev = 0.0;
    let mut sq = 1.0;
    let mut prev = 1.0;
    'outer: for _ in 0..STEPS {
        q = beta_reg(a, b, p);
        q = (q - x) * (ln_beta + (1.0 - a) * p.ln() + (1.0 - b) * (1.0 - p).ln()).exp();
        if q * qprev <= 0.0 {
            prev = if sq > FPU { sq } else { FPU };
        }
        let mut g = 1.0;
        let mut reductions = 0;
        loop {
            loop {
                let adj = g * q;
                sq = adj * adj;
                if sq < prev {
                    pnext = p - adj;
                    if (0.0..=1.0).contains(&pnext) {
                        break;
                    }
                }
                g /= 3.0;
                reductions += 1;
                if reductions > STEPS {
                    break 'outer;
                }
            }
            if prev <= acu || q * q <= acu {
                p = pnext;
                break 'outer;
            }
            if pnext != 0.0 && pnext != 1.0 {
                break;
            }
            g /= 3.0;
            reductions += 1;
            if reductions > STEPS {
                break 'outer;
            }
        }
        if pnext == p {
            break;
        }
        p = pnext;
        qprev = q;
    }
    if flip { 1.0 - p } else { p }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit for bit statrs's `inv_beta_reg` wherever that ends, so that exact quantiles (the
    /// assumptions log's p5, p50 and p95) are unchanged.
    #[test]
    fn the_estimate_is_statrs_inv_beta_reg() {
        let shapes = [0.2, 0.5, 1.0, 1.4, 2.5, 4.6, 5.0, 37.0, 1000.0];
        for a in shapes {
            for b in shapes {
                for i in 0..=200 {
                    let x = f64::from(i) / 200.0;
                    let theirs = statrs::function::beta::inv_beta_reg(a, b, x);
                    let ours = as109_estimate(a, b, x);
                    assert_eq!(ours.to_bits(), theirs.to_bits(), "Beta({a}, {b}) at {x}");
                }
            }
        }
    }
}
