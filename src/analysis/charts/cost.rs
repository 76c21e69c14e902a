//! The distribution of each option's total cost: one histogram per option on shared bins, from
//! the iterations, with the median and 80% range from the run's summary.

use super::scale::{Scale, nice_step};
use super::span;
use crate::stats::{Extent, Histogram, Summary, quantiles};
use rayon::prelude::*;
use serde::Serialize;

/// One option's total cost in each iteration, with the summary of that column.
pub struct CostColumn<'a> {
    /// The option's name, as the user wrote it.
    pub name: &'a str,
    /// Real total cost over the horizon per iteration, £.
    pub values: &'a [f64],
    /// The summary of `values` (the run's `cost` metric of this option).
    pub summary: &'a Summary,
}

/// Histograms of every option's total cost on shared bins, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostDistribution {
    /// The x axis, £ thousands: every option's finite costs, or about their 0.1st to 99.9th
    /// percentiles when a few extreme iterations would squash the rest.
    pub scale: Scale,
    /// Width of each bin, £ thousands: a round step that gives about 2.5 ∛n bins (12 to 100).
    pub bin_width: f64,
    /// The bins' edges, £ thousands: `scale.lo + b × bin_width` for b = 0 … bins.
    pub edges: Vec<f64>,
    /// One entry per option, in the order given.
    pub options: Vec<OptionCost>,
    /// Iterations of the options drawn as histograms that lie off the scale.
    pub outside: usize,
    /// Iterations of the options drawn as histograms.
    pub counted: usize,
}

/// One option's costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCost {
    /// The option's name, as the user wrote it.
    pub name: String,
    /// The number and extremes of the finite costs, £ (None: no iteration has one).
    pub extent: Option<Extent>,
    /// The costs counted in the bins (None when the cost does not vary, or there is none).
    pub histogram: Option<Histogram>,
    /// 10th percentile, median and 90th percentile of the cost, £, from the run's summary.
    pub p10_p50_p90: [f64; 3],
}

impl OptionCost {
    /// Whether the cost takes more than one value.
    pub fn varies(&self) -> bool {
        self.extent.is_some_and(|e| e.min < e.max)
    }
}

/// Bins a histogram has at least and at most.
const BINS: (f64, f64) = (12.0, 100.0);

/// Bins each option's costs on one shared scale. Non-finite costs are left out. The scale
/// spans every option's costs unless the full range is more than 1.5 times the range from the
/// smallest 0.1st to the largest 99.9th percentile (type 7), in which case it spans the latter
/// and the iterations beyond it count as off the scale. O(n) per option, options in parallel.
pub fn cost_distribution(columns: &[CostColumn<'_>]) -> CostDistribution {
    let extents: Vec<Option<Extent>> = columns.par_iter().map(|c| Extent::of(c.values)).collect();
    let varies = |e: &Option<Extent>| e.is_some_and(|e| e.min < e.max);

    // The scale spans every option's values unless a few extremes would squash the rest.
    let full = span(extents.iter().flatten().flat_map(|e| [e.min, e.max]));
    let central: Vec<[f64; 2]> = columns
        .par_iter()
        .zip(&extents)
        .map(|(c, e)| match e {
            Some(e) if e.min < e.max => {
                quantiles(c.values, &[0.001, 0.999]).map_or([e.min, e.max], |q| [q[0], q[1]])
            }
            Some(e) => [e.min, e.max],
            None => [f64::NAN; 2],
        })
        .collect();
    let central = span(central.into_iter().flatten());
    let clipped = match (full, central) {
        (Some((a, b)), Some((c, d))) => b - a > 1.5 * (d - c),
        _ => false,
    };
    let (lo, hi) = (if clipped { central } else { full }).unwrap_or((0.0, 1000.0));
    let scale = Scale::nice(lo / 1e3, hi / 1e3, 7, false);

    // Bins of a round width.
    let most = extents.iter().flatten().map(|e| e.n).max().unwrap_or(0);
    let target_bins = (2.5 * (most as f64).cbrt()).round().clamp(BINS.0, BINS.1);
    let bin_width = nice_step((scale.hi - scale.lo) / target_bins);
    let bins = (((scale.hi - scale.lo) / bin_width).round() as usize).clamp(1, 1000);
    let edges = (0..=bins)
        .map(|b| scale.lo + b as f64 * bin_width)
        .collect();
    let histograms: Vec<Option<Histogram>> = columns
        .par_iter()
        .zip(&extents)
        .map(|(c, e)| {
            varies(e).then(|| Histogram::count(c.values, scale.lo * 1e3, scale.hi * 1e3, bins))
        })
        .collect();
    let (outside, counted) = histograms
        .iter()
        .flatten()
        .fold((0, 0), |(o, t), h| (o + h.outside(), t + h.n()));
    let options = columns
        .iter()
        .zip(extents)
        .zip(histograms)
        .map(|((c, extent), histogram)| OptionCost {
            name: c.name.to_owned(),
            extent,
            histogram,
            p10_p50_p90: [c.summary.p10, c.summary.p50, c.summary.p90],
        })
        .collect();
    CostDistribution {
        scale,
        bin_width,
        edges,
        options,
        outside,
        counted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::summarise;

    /// `n` costs spread over `lo..hi` by a fixed low-discrepancy sequence.
    fn spread(n: usize, lo: f64, hi: f64) -> Vec<f64> {
        (0..n)
            .map(|i| lo + (hi - lo) * ((i as f64 * 0.618_033_988_749_895) % 1.0))
            .collect()
    }

    fn distribution(columns: &[(&str, Vec<f64>)]) -> CostDistribution {
        let summaries: Vec<Summary> = columns.iter().map(|(_, v)| summarise(v)).collect();
        let columns: Vec<CostColumn<'_>> = columns
            .iter()
            .zip(&summaries)
            .map(|((name, values), summary)| CostColumn {
                name,
                values,
                summary,
            })
            .collect();
        cost_distribution(&columns)
    }

    #[test]
    fn every_finite_cost_is_counted_in_its_bin() {
        let mut gappy = spread(5_000, 150e3, 420e3);
        gappy[7] = f64::NAN;
        gappy[8] = f64::INFINITY;
        let d = distribution(&[("A", spread(20_000, 250e3, 480e3)), ("B", gappy)]);
        let bins = d.edges.len() - 1;
        assert_eq!(d.edges[0], d.scale.lo);
        assert!((d.edges[bins] - d.scale.hi).abs() < 1e-9 * d.scale.hi);
        // 2.5 × ∛20,000 ≈ 68 bins wanted; a round width gives about that many.
        assert!((40..=100).contains(&bins), "{bins} bins");
        for (o, n) in d.options.iter().zip([20_000, 4_998]) {
            let h = o.histogram.as_ref().expect("varies");
            assert_eq!((h.n(), h.outside(), o.extent.unwrap().n), (n, 0, n));
            assert_eq!(h.counts.len(), bins);
        }
        assert_eq!((d.outside, d.counted), (0, 24_998));
        // Each bin holds the costs between its edges (£k), away from the edges themselves.
        let values = spread(20_000, 250e3, 480e3);
        let counts = &d.options[0].histogram.as_ref().unwrap().counts;
        for (b, &count) in counts.iter().enumerate() {
            let (lo, hi) = (d.edges[b] * 1e3, d.edges[b + 1] * 1e3);
            let inside = values.iter().filter(|&&v| lo < v && v < hi).count();
            let near = values
                .iter()
                .filter(|&&v| (v - lo).abs() < 1e-6 || (v - hi).abs() < 1e-6)
                .count();
            assert!(inside <= count && count <= inside + near, "bin {b}");
        }
    }

    #[test]
    fn quantiles_come_from_the_summary() {
        let values = spread(3_001, 1e5, 2e5);
        let d = distribution(&[("A", values.clone())]);
        let s = summarise(&values);
        assert_eq!(d.options[0].p10_p50_p90, [s.p10, s.p50, s.p90]);
    }

    #[test]
    fn a_few_extreme_costs_are_left_off_the_scale() {
        let mut values = spread(10_000, 100e3, 200e3);
        values[0] = 10e6;
        let d = distribution(&[("A", values)]);
        assert!(d.scale.hi < 1_000.0, "{:?}", d.scale);
        assert_eq!((d.outside, d.counted), (1, 10_000));
        // Without the extreme, the scale spans everything.
        let d = distribution(&[("A", spread(10_000, 100e3, 200e3))]);
        assert!(d.scale.lo <= 100.0 && d.scale.hi >= 200.0);
        assert_eq!(d.outside, 0);
    }

    #[test]
    fn constant_empty_and_undefined_options_have_no_histogram() {
        let d = distribution(&[
            ("Fixed", vec![5e4; 10]),
            ("Empty", vec![]),
            ("NaN", vec![f64::NAN; 4]),
        ]);
        let fixed = &d.options[0];
        assert!(!fixed.varies() && fixed.histogram.is_none());
        assert_eq!(fixed.extent.map(|e| (e.min, e.max)), Some((5e4, 5e4)));
        assert!(d.options[1..].iter().all(|o| o.extent.is_none()));
        assert_eq!((d.outside, d.counted), (0, 0));
        let nothing = cost_distribution(&[]);
        assert!(nothing.options.is_empty() && nothing.edges.len() >= 2);
    }
}
