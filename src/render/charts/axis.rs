//! Axes: a linear axis whose ticks are the round numbers of a [`Scale`], and tick labels.

use crate::analysis::charts::Scale;
use crate::format::num;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// Tick labels for `axis`: in £ when `money` ("£250", "£20k", "£1.5m", the unit chosen by
/// the step), else plain numbers.
pub(super) fn money_ticks(axis: &Axis, money: bool) -> impl Fn(&f64) -> String {
    let step = axis.step();
    let big = axis.lo.abs().max(axis.hi.abs());
    let (scale, suffix) = if !money {
        (1.0, "")
    } else if big >= 1e6 && step >= 1e5 {
        (1e6, "m")
    } else if step >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let d = decimals(step / scale);
    move |v: &f64| {
        let s = num(*v / scale, d);
        if !money {
            return s;
        }
        if s.chars().all(|c| c == '0' || c == '.') {
            return "£0".to_owned();
        }
        match s.strip_prefix('−') {
            Some(abs) => format!("−£{abs}{suffix}"),
            None => format!("£{s}{suffix}"),
        }
    }
}

/// An axis from `lo` to `hi` with ticks at round numbers, labelled with `decimals` places,
/// drawn `inset` pixels in from each end of the plot so that marks at the ends stay clear of
/// the other axis.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) ticks: Vec<f64>,
    pub(super) decimals: usize,
    pub(super) inset: i32,
}

impl Axis {
    pub(super) fn inset(self, inset: i32) -> Axis {
        Axis { inset, ..self }
    }

    /// The distance between ticks (the whole axis if it has fewer than two).
    pub(super) fn step(&self) -> f64 {
        match self.ticks[..] {
            [a, b, ..] => b - a,
            _ => self.hi - self.lo,
        }
    }

    /// An axis of `count` categories at 0, 1, …, with room for half a category either side.
    pub(super) fn categories(count: usize) -> Axis {
        Axis {
            lo: -0.5,
            hi: count.max(1) as f64 - 0.5,
            ticks: (0..count).map(|i| i as f64).collect(),
            decimals: 0,
            inset: 0,
        }
    }

    /// The axis of [`Scale::nice`]: about `target` intervals of 1, 2, 2.5 or 5 × 10^k covering
    /// `lo..=hi`, ending on ticks, with 0 in range when `zero`.
    pub(super) fn nice(lo: f64, hi: f64, target: usize, zero: bool) -> Axis {
        Axis::from(Scale::nice(lo, hi, target, zero))
    }
}

impl From<Scale> for Axis {
    /// The axis of a scale, labelled with the decimals its step needs.
    fn from(scale: Scale) -> Axis {
        Axis {
            lo: scale.lo,
            hi: scale.hi,
            decimals: decimals(scale.step),
            ticks: scale.ticks,
            inset: 0,
        }
    }
}

/// A linear axis whose ticks (and grid lines) are exactly `ticks`.
impl Ranged for Axis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, v: &f64, (from, to): (i32, i32)) -> i32 {
        let inset = self.inset * (to - from).signum();
        let (from, to) = (from + inset, to - inset);
        let share = (v - self.lo) / (self.hi - self.lo);
        from + (f64::from(to - from) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Decimal places that show multiples of `step` exactly (at most 6).
pub(super) fn decimals(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step.abs() * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() <= 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

/// Maximal runs of consecutive indices in 0..n where `ok` holds.
pub(super) fn runs(n: usize, ok: impl Fn(usize) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=n {
        match (start, i < n && ok(i)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}
