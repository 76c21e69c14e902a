//! Round numbers for chart scales: an axis range that ends on ticks at 1, 2, 2.5 or 5 × 10^k
//! (after Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990), and the round step
//! nearest a raw one. The chart-data step chooses a histogram's bins with these, and the charts
//! draw their axes with the same numbers.

use serde::Serialize;

/// A linear scale from `lo` to `hi` with ticks at round numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    /// Lower end, a tick.
    pub lo: f64,
    /// Upper end, a tick.
    pub hi: f64,
    /// The round step between ticks (`hi − lo` when no round step fits).
    pub step: f64,
    /// The ticks, `lo` to `hi`.
    pub ticks: Vec<f64>,
}

impl Scale {
    /// About `target` intervals of 1, 2, 2.5 or 5 × 10^k covering `lo..=hi`, the scale ending
    /// on ticks. With `zero`, the scale also covers 0. A single value gets a range around it
    /// (0 to 1 for zero); a range that is not finite or reversed is taken as 0 to 1.
    pub fn nice(lo: f64, hi: f64, target: usize, zero: bool) -> Scale {
        let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        if zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if hi - lo <= 1e-9 * hi.abs().max(lo.abs()) || hi == lo {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            (lo, hi) = if lo >= 0.0 && lo - pad < 0.0 {
                (0.0, hi + pad)
            } else {
                (lo - pad, hi + pad)
            };
        }
        // Among round steps near (hi − lo) / target, the one whose axis wastes least space,
        // with at least half and at most two more than `target` intervals; on a tie, the one
        // with nearest `target` intervals.
        let raw = (hi - lo) / target.max(1) as f64;
        let (fewest, most) = ((target as f64 / 2.0).ceil().max(2.0), (target + 2) as f64);
        let best = round_steps_near(raw)
            .filter_map(|step| {
                let (first, last) = ((lo / step).floor(), (hi / step).ceil());
                let intervals = last - first;
                let fits =
                    first.is_finite() && last.is_finite() && (fewest..=most).contains(&intervals);
                fits.then_some((step, first, last))
            })
            .min_by(|a, b| {
                let span = |(step, first, last): &(f64, f64, f64)| (last - first) * step;
                let off = |(_, first, last): &(f64, f64, f64)| (last - first - target as f64).abs();
                span(a)
                    .total_cmp(&span(b))
                    .then(off(a).total_cmp(&off(b)))
                    .then(b.0.total_cmp(&a.0))
            });
        let Some((step, first, last)) = best else {
            return Scale {
                lo,
                hi,
                step: hi - lo,
                ticks: vec![lo, hi],
            };
        };
        let ticks: Vec<f64> = (first as i64..=last as i64)
            .map(|i| i as f64 * step)
            .collect();
        Scale {
            lo: first * step,
            hi: last * step,
            step,
            ticks,
        }
    }
}

/// Steps of 1, 2, 2.5 and 5 × 10^k from a decade below `raw` to a decade above.
fn round_steps_near(raw: f64) -> impl Iterator<Item = f64> {
    let e = if raw.is_finite() && raw > 0.0 {
        raw.log10().floor() as i32
    } else {
        0
    };
    (e - 1..=e + 1).flat_map(|e| [1.0, 2.0, 2.5, 5.0].map(|m| m * 10f64.powi(e)))
}

/// The step of 1, 2, 2.5 or 5 × 10^k nearest to `raw` by ratio (1 for nonsense).
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    round_steps_near(raw)
        .min_by(|a, b| (a / raw).ln().abs().total_cmp(&(b / raw).ln().abs()))
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_end_on_round_ticks() {
        let a = Scale::nice(99.2, 449.0, 7, false);
        assert_eq!((a.lo, a.hi, a.step), (50.0, 450.0, 50.0));
        assert_eq!(
            a.ticks,
            vec![50.0, 100.0, 150.0, 200.0, 250.0, 300.0, 350.0, 400.0, 450.0]
        );
        let wider = Scale::nice(99.2, 451.0, 7, false);
        assert_eq!((wider.lo, wider.hi, wider.ticks.len()), (50.0, 500.0, 10));
        let b = Scale::nice(0.0, 0.0, 5, false);
        assert_eq!((b.lo, b.hi), (0.0, 1.0));
        let c = Scale::nice(50.0, 50.0, 5, false);
        assert!(c.lo < 50.0 && c.hi > 50.0 && c.lo >= 0.0);
        let d = Scale::nice(0.013, 0.049, 4, true);
        assert_eq!((d.lo, d.step), (0.0, 0.01));
        let e = Scale::nice(f64::NAN, 3.0, 5, false);
        assert!(e.lo < e.hi);
        let f = Scale::nice(90.0, 480.0, 7, false);
        assert_eq!((f.lo, f.hi, f.ticks.len()), (50.0, 500.0, 10));
        // No round step fits a range this wide: the ends themselves.
        let g = Scale::nice(-1e308, 1e308, 5, false);
        assert_eq!((g.ticks.len(), g.lo, g.hi), (2, -1e308, 1e308));
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
        assert_eq!(nice_step(23.0), 25.0);
        assert_eq!(nice_step(6.6), 5.0);
        assert_eq!(nice_step(2.0), 2.0);
        assert_eq!(nice_step(0.0031), 0.0025);
    }
}
