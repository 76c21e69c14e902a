//! Statistics of the Monte Carlo iterations, each file named after the maths
//! (docs/model.md sections 6 and 8):
//!
//! - [`summary`]: mean, standard deviation, Monte Carlo standard error, extremes and the
//!   percentiles of one metric, the [`Summary`] every output reads;
//! - [`quantile`]: type-7 sample quantiles, from a sorted sample or by selection;
//! - [`correlation`]: average ranks, Spearman's rank correlation and Pearson's correlation;
//! - [`histogram`]: counts of values in equal-width bins;
//! - [`mcse`]: the Monte Carlo standard error of a share of iterations, the quantile a budget
//!   must reach to cover a share of iterations, and its binomial interval;
//! - [`cholesky`]: the Cholesky factor of a correlation matrix, which the scenario reader
//!   uses to check that correlations are consistent and the engine's copula draws through;
//! - [`simplex`]: weight vectors uniform on the simplex, restricted by bounds or a rank order
//!   (the multi-criteria analysis draws its weights with it, the scenario reader checks them).
//!
//! Every number here is a contract: someone holding a CSV of the samples must be able to
//! recompute it to the last bit, so each function documents the exact floating-point formula
//! it evaluates.

pub mod cholesky;
pub mod correlation;
pub mod histogram;
pub mod mcse;
pub mod quantile;
pub mod simplex;
pub mod summary;

pub use correlation::{pearson, ranks, spearman};
pub use histogram::{Extent, Histogram};
pub use quantile::{quantile_type7, quantiles, quantiles_type7};
pub use summary::{PERCENTILES, Summary, summarise, summarise_by, summarise_columns};

pub use cholesky::cholesky;

/// Helpers shared by the statistics tests.
#[cfg(test)]
pub(crate) mod testing {
    use rand::RngExt;
    use rand_chacha::ChaCha12Rng;

    pub fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() <= 1e-12 * expected.abs().max(1.0)
    }

    pub fn assert_close(actual: f64, expected: f64) {
        assert!(close(actual, expected), "{actual} != {expected}");
    }

    /// Equal, or both NaN.
    pub fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    pub fn sorted(values: &[f64]) -> Vec<f64> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        v
    }

    pub fn random_column(rng: &mut ChaCha12Rng, n: usize, ties: bool) -> Vec<f64> {
        (0..n)
            .map(|_| {
                if ties {
                    rng.random_range(-20i32..20) as f64
                } else {
                    rng.random_range(-1.0e6..1.0e6)
                }
            })
            .collect()
    }
}
