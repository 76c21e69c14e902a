//! Gamma(shape, 1) draws for the beta family's sampler when its shapes are outside the table's
//! range (`beta_table.rs`), by Marsaglia and Tsang's method ("A simple method for generating
//! gamma variables", ACM TOMS 26(3), 2000).
//!
//! This is rand_distr 0.6's `Gamma` written out, with the same arithmetic in the same order and
//! the same calls on the generator, so its draws are bit-identical to it (pinned by
//! `tests/value_stability.rs`). rand_distr's version is not inlined into the engine's fill
//! loop, and the two gamma draws of one beta draw each go through its dispatch on the shape;
//! written here, the loop compiles to straight-line code and a PERT draw takes about half the
//! time.

use rand::distr::Open01;
use rand::{Rng, RngExt};
use rand_distr::{Exp1, StandardNormal};

/// A Gamma(shape, 1) distribution for a finite shape > 0.
#[derive(Debug, Clone, Copy)]
pub(super) enum StdGamma {
    /// Shape 1: a standard exponential.
    One,
    /// Shape > 1: Marsaglia and Tsang's squeeze and rejection.
    Large(Squeeze),
    /// Shape < 1: Gamma(shape + 1) · U^(1/shape), U uniform on (0, 1), drawn first.
    Small {
        /// 1 / shape.
        inv_shape: f64,
        /// The method for shape + 1.
        large: Squeeze,
    },
}

/// Marsaglia and Tsang's constants for a shape α ≥ 1: d = α − 1/3, c = 1/√(9d).
#[derive(Debug, Clone, Copy)]
pub(super) struct Squeeze {
    c: f64,
    d: f64,
}

impl Squeeze {
    fn new(shape: f64) -> Squeeze {
        let d = shape - 1.0 / 3.0;
        Squeeze {
            c: 1.0 / (9.0 * d).sqrt(),
            d,
        }
    }

    /// v with d·v ~ Gamma(α, 1): Z standard normal, v = (1 + cZ)³ when positive, accepted
    /// when U < 1 − 0.0331·Z⁴ (the squeeze) or ln U < Z²/2 + d(1 − v + ln v).
    #[inline(always)]
    fn unscaled<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let x: f64 = rng.sample(StandardNormal);
            let v_cbrt = 1.0 + self.c * x;
            if v_cbrt <= 0.0 {
                continue;
            }
            let v = v_cbrt * v_cbrt * v_cbrt;
            let u: f64 = rng.sample(Open01);
            let x_sqr = x * x;
            if u < 1.0 - 0.0331 * x_sqr * x_sqr
                || u.ln() < 0.5 * x_sqr + self.d * (1.0 - v + v.ln())
            {
                return v;
            }
        }
    }
}

impl StdGamma {
    /// Gamma(shape, 1), for a finite shape > 0 (the beta family's constructors ensure it).
    pub(super) fn new(shape: f64) -> StdGamma {
        debug_assert!(shape > 0.0 && shape.is_finite(), "gamma shape {shape}");
        if shape == 1.0 {
            StdGamma::One
        } else if shape < 1.0 {
            StdGamma::Small {
                inv_shape: 1.0 / shape,
                large: Squeeze::new(shape + 1.0),
            }
        } else {
            StdGamma::Large(Squeeze::new(shape))
        }
    }

    /// One draw.
    #[inline(always)]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            StdGamma::One => rng.sample(Exp1),
            StdGamma::Large(ref s) => s.unscaled(rng) * s.d,
            StdGamma::Small {
                inv_shape,
                ref large,
            } => {
                let u: f64 = rng.sample(Open01);
                let a = large.unscaled(rng);
                a * u.powf(inv_shape) * large.d
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::distr::Distribution;
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Bit for bit rand_distr's draws, for shapes on each of its three paths and at their edges.
    #[test]
    fn draws_are_rand_distrs() {
        for shape in [
            1e-3, 0.2, 0.5, 0.999, 1.0, 1.000_001, 1.5, 3.0, 5.0, 37.0, 1e4, 1e7,
        ] {
            let ours = StdGamma::new(shape);
            let theirs = rand_distr::Gamma::new(shape, 1.0).unwrap();
            let mut a = Xoshiro256PlusPlus::seed_from_u64(7);
            let mut b = a.clone();
            for i in 0..20_000 {
                let (x, y) = (ours.sample(&mut a), theirs.sample(&mut b));
                assert_eq!(
                    x.to_bits(),
                    y.to_bits(),
                    "shape {shape}, draw {i}: {x} vs {y}"
                );
            }
        }
    }
}
