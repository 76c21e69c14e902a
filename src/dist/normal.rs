//! The standard normal Φ and Φ⁻¹, which normal and lognormal90 quantities and the copula share.

use statrs::function::erf::erfc_inv;
use statrs::function::gamma::{gamma_lr, gamma_ur};

/// The 95th percentile of the standard normal, Φ⁻¹(0.95): a lognormal90
/// quantity spans μ ± `Z95`·σ on the log scale between its p5 and p95.
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// Φ(z), the standard normal CDF, to about 1e-15 relative in both tails.
///
/// Computed as Φ(−|z|) = Q(½, z²/2)/2 with statrs's regularised incomplete
/// gamma Q, not with statrs's `erfc` (nor its `Normal::cdf`, which calls it):
/// in statrs 0.19 the interval constants of `erfc` carry only 10 significant
/// digits, which costs about 1e-10 relative error (statrs PR #412).
pub fn std_normal_cdf(z: f64) -> f64 {
    let half_z2 = 0.5 * z * z;
    if z.is_nan() {
        f64::NAN
    } else if half_z2 == 0.0 {
        0.5
    } else if half_z2.is_infinite() {
        if z > 0.0 { 1.0 } else { 0.0 }
    } else if z < 0.0 {
        0.5 * gamma_ur(0.5, half_z2)
    } else {
        0.5 + 0.5 * gamma_lr(0.5, half_z2)
    }
}

/// Φ⁻¹(p) = −√2 · erfc⁻¹(2p), the standard normal quantile, for p in [0, 1]:
/// Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞, NaN outside [0, 1].
///
/// A normal quantity's quantile is μ + σ·Φ⁻¹(p), in that order of rounding;
/// statrs's `Normal::inverse_cdf` rounds μ − (σ√2)·erfc⁻¹(2p) instead, which
/// differs in the last bit and would change every Latin hypercube draw.
pub fn std_normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// The mean μ and standard deviation σ of ln X for a lognormal90 quantity:
/// μ = (ln p5 + ln p95)/2, σ = (ln p95 − ln p5)/(2·[`Z95`]).
pub(super) fn log_params(p5: f64, p95: f64) -> (f64, f64) {
    let (l5, l95) = (p5.ln(), p95.ln());
    ((l5 + l95) / 2.0, (l95 - l5) / (2.0 * Z95))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phi_inverse_inverts_phi() {
        assert_eq!(std_normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(std_normal_quantile(1.0), f64::INFINITY);
        assert_eq!(std_normal_quantile(0.5), 0.0);
        assert!((std_normal_quantile(0.95) - Z95).abs() <= 4.0 * f64::EPSILON);
        for p in [1e-300, 1e-10, 0.001, 0.2, 0.7, 0.999] {
            let back = std_normal_cdf(std_normal_quantile(p));
            assert!(((back - p) / p).abs() <= 1e-12, "Φ(Φ⁻¹({p:e})) = {back:e}");
        }
        assert!(std_normal_quantile(-0.1).is_nan() && std_normal_quantile(f64::NAN).is_nan());
    }
}
