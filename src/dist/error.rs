//! Why a quantity's parameters were rejected, in words for the person who typed them.

use super::{
    MAX_MAGNITUDE, MAX_SHAPE, MAX_SMALLER_SHAPE, MAX_SPREAD, MAX_TRIALS, MIN_P5, MIN_SHAPE,
};
use std::fmt;

/// Why a quantity's parameters were rejected. The messages are written for the
/// commissioner who typed the numbers; the caller adds where they were typed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistError {
    /// A parameter is NaN or infinite.
    #[error("the {what} must be a finite number, not {}", Num(*.value))]
    NotFinite {
        /// The parameter's name in words ("minimum", "standard deviation", …).
        what: &'static str,
        /// The value given.
        value: f64,
    },
    /// The minimum of a range is above its maximum.
    #[error("the minimum ({}) is greater than the maximum ({})", Num(*.min), Num(*.max))]
    MinAboveMax {
        /// The minimum given.
        min: f64,
        /// The maximum given.
        max: f64,
    },
    /// The minimum is above the most likely value.
    #[error("the minimum ({}) is greater than the most likely value ({})", Num(*.min), Num(*.mode))]
    MinAboveMode {
        /// The minimum given.
        min: f64,
        /// The most likely value given.
        mode: f64,
    },
    /// The most likely value is above the maximum.
    #[error("the most likely value ({}) is greater than the maximum ({})", Num(*.mode), Num(*.max))]
    ModeAboveMax {
        /// The most likely value given.
        mode: f64,
        /// The maximum given.
        max: f64,
    },
    /// A triangular or PERT quantity whose minimum equals its maximum.
    #[error(
        "the minimum and the maximum are both {v}: give a maximum above the minimum, \
         or write {v} on its own as a fixed number",
        v = Num(*.value)
    )]
    NoRange {
        /// The common value of minimum, most likely value and maximum.
        value: f64,
    },
    /// A normal quantity with a negative standard deviation.
    #[error("the standard deviation ({}) must be ≥ 0", Num(*.sd))]
    NegativeSd {
        /// The standard deviation given.
        sd: f64,
    },
    /// A lognormal90 quantity whose 5th percentile is not positive.
    #[error("the 5th percentile ({}) must be greater than 0, as a lognormal quantity is always positive", Num(*.p5))]
    NonPositiveP5 {
        /// The 5th percentile given.
        p5: f64,
    },
    /// A lognormal90 quantity whose 5th percentile is not below its 95th.
    #[error("the 5th percentile ({}) must be less than the 95th percentile ({})", Num(*.p5), Num(*.p95))]
    PercentilesOutOfOrder {
        /// The 5th percentile given.
        p5: f64,
        /// The 95th percentile given.
        p95: f64,
    },
    /// A beta shape that is not positive.
    #[error("the beta shape {name} ({}) must be greater than 0", Num(*.value))]
    NonPositiveShape {
        /// "alpha" or "beta".
        name: &'static str,
        /// The shape given.
        value: f64,
    },
    /// Observed counts with more successes than trials.
    #[error("k and n must be whole numbers with 0 ≤ k ≤ n, but k = {k} and n = {n}")]
    BadCounts {
        /// Successes given.
        k: u64,
        /// Trials given.
        n: u64,
    },
    /// A choice with no values.
    #[error("a choice needs at least one value")]
    EmptyChoice,
    /// A choice with a different number of weights than values.
    #[error("there are {values} values but {weights} weights: give one weight per value")]
    WeightCount {
        /// Number of values.
        values: usize,
        /// Number of weights.
        weights: usize,
    },
    /// A negative weight, or weights that sum to 0.
    #[error("weights must be ≥ 0 and sum to more than 0")]
    BadWeights,
    /// A number of a distribution beyond [`MAX_MAGNITUDE`] in size.
    #[error(
        "the {what} ({}) is too large to compute with: numbers in a distribution must be \
         between -{max} and {max}",
        Num(*.value),
        max = Num(MAX_MAGNITUDE)
    )]
    TooLarge {
        /// The parameter's name in words.
        what: &'static str,
        /// The value given.
        value: f64,
    },
    /// A lognormal90 quantity whose 5th percentile is below [`MIN_P5`].
    #[error(
        "the 5th percentile ({}) is too small to compute with: it must be at least {}",
        Num(*.p5),
        Num(MIN_P5)
    )]
    P5TooSmall {
        /// The 5th percentile given.
        p5: f64,
    },
    /// A lognormal90 quantity whose 95th percentile is more than [`MAX_SPREAD`] times its 5th.
    #[error(
        "the 95th percentile ({}) is more than {:e} times the 5th ({}): a lognormal quantity \
         this spread out has a mean and tails beyond what can be computed with; narrow the range",
        Num(*.p95),
        MAX_SPREAD,
        Num(*.p5)
    )]
    TooSpread {
        /// The 5th percentile given.
        p5: f64,
        /// The 95th percentile given.
        p95: f64,
    },
    /// A beta shape below [`MIN_SHAPE`].
    #[error(
        "the beta shape {name} ({}) must be at least {}: a beta with a smaller shape cannot be \
         computed accurately (its mass sits at 0 and 1)",
        Num(*.value),
        Num(MIN_SHAPE)
    )]
    ShapeTooSmall {
        /// "alpha" or "beta".
        name: &'static str,
        /// The shape given.
        value: f64,
    },
    /// A beta shape above [`MAX_SHAPE`].
    #[error(
        "the beta shape {name} ({}) must be at most {}: the beta distribution's CDF cannot \
         be computed accurately with larger shapes",
        Num(*.value),
        Num(MAX_SHAPE)
    )]
    ShapeTooLarge {
        /// "alpha" or "beta".
        name: &'static str,
        /// The shape given.
        value: f64,
    },
    /// Beta shapes that are both above [`MAX_SMALLER_SHAPE`].
    #[error(
        "the beta shapes alpha ({}) and beta ({}) are both above {max}: the smaller must be \
         at most {max} for the beta distribution's CDF to be computed accurately",
        Num(*.alpha),
        Num(*.beta),
        max = Num(MAX_SMALLER_SHAPE)
    )]
    ShapesTooLarge {
        /// The first shape given.
        alpha: f64,
        /// The second shape given.
        beta: f64,
    },
    /// Observed counts with more trials than [`MAX_TRIALS`].
    #[error("n ({n}) must be at most {} trials", MAX_TRIALS)]
    TooManyTrials {
        /// Trials given.
        n: u64,
    },
    /// Observed counts with both successes and failures at [`MAX_SMALLER_SHAPE`] or more.
    #[error(
        "with k = {k} successes and n − k = {} failures, both are {} or more: the rate is \
         known too precisely to compute its beta distribution accurately; write it as the fixed \
         value k/n = {}",
        .n - .k,
        Num(MAX_SMALLER_SHAPE),
        Num(*.k as f64 / *.n as f64)
    )]
    CountsTooLarge {
        /// Successes given.
        k: u64,
        /// Trials given.
        n: u64,
    },
}

/// A number in a message: as typed for everyday sizes, in scientific
/// notation when it would otherwise run to dozens of digits.
pub(super) struct Num(pub(super) f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = self.0.abs();
        if size.is_finite() && size != 0.0 && !(1e-6..1e15).contains(&size) {
            write!(f, "{:e}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}
