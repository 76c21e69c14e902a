//! Cost against people completing: a thinned point cloud per option and its medians.

use crate::stats::Summary;
use serde::Serialize;

/// One option's cost and completions in each iteration, in the same order, with their
/// summaries.
pub struct CloudColumns<'a> {
    /// The option's name, as the user wrote it.
    pub name: &'a str,
    /// Real total cost over the horizon per iteration, £.
    pub cost: &'a [f64],
    /// People completing per iteration.
    pub completions: &'a [f64],
    /// The summary of `cost` (the run's `cost` metric of this option).
    pub cost_summary: &'a Summary,
    /// The summary of `completions`.
    pub completions_summary: &'a Summary,
}

/// Cost against completions, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostCompletions {
    /// One entry per option, in the order given.
    pub options: Vec<CloudOption>,
    /// The most iterations of any option (the points are a thinned selection of them).
    pub iterations: usize,
}

/// One option's point cloud.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloudOption {
    /// The option's name, as the user wrote it.
    pub name: String,
    /// (cost £, completions) of every k-th iteration (see [`cost_vs_completions`]), those with
    /// both values finite.
    pub points: Vec<(f64, f64)>,
    /// (median cost £, median completions) from the summaries; None unless both are finite.
    pub median: Option<(f64, f64)>,
}

/// Thins each option's iterations to at most `max_points` points, chosen deterministically:
/// every k-th iteration, k the smallest that gives no more than `max_points`. Iterations where
/// either value is non-finite are skipped; when the two columns differ in length, the shorter
/// one's length counts.
pub fn cost_vs_completions(columns: &[CloudColumns<'_>], max_points: usize) -> CostCompletions {
    let options = columns
        .iter()
        .map(|c| {
            let finite = |v: f64| v.is_finite().then_some(v);
            CloudOption {
                name: c.name.to_owned(),
                points: thin(c.cost, c.completions, max_points),
                median: finite(c.cost_summary.p50).zip(finite(c.completions_summary.p50)),
            }
        })
        .collect();
    let iterations = columns
        .iter()
        .map(|c| c.cost.len().min(c.completions.len()))
        .max()
        .unwrap_or(0);
    CostCompletions {
        options,
        iterations,
    }
}

/// Every k-th pair of `x` and `y` (k the smallest that gives at most `max_points`), leaving
/// out pairs with a non-finite value.
pub(super) fn thin(x: &[f64], y: &[f64], max_points: usize) -> Vec<(f64, f64)> {
    let n = x.len().min(y.len());
    if max_points == 0 || n == 0 {
        return Vec::new();
    }
    (0..n)
        .step_by(n.div_ceil(max_points))
        .map(|i| (x[i], y[i]))
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::summarise;

    #[test]
    fn clouds_are_thinned_evenly_and_medians_come_from_the_summaries() {
        let cost: Vec<f64> = (0..10_000).map(|i| 1e5 + f64::from(i)).collect();
        let done: Vec<f64> = (0..10_000).map(|i| f64::from(i % 50)).collect();
        let (sc, sd) = (summarise(&cost), summarise(&done));
        let column = CloudColumns {
            name: "A",
            cost: &cost,
            completions: &done,
            cost_summary: &sc,
            completions_summary: &sd,
        };
        for (max, shown) in [
            (0, 0),
            (1, 1),
            (7, 7),
            (600, 589),
            (10_000, 10_000),
            (50_000, 10_000),
        ] {
            let c = cost_vs_completions(std::slice::from_ref(&column), max);
            assert_eq!(c.options[0].points.len(), shown, "max {max}");
            assert!(shown <= max);
            assert_eq!(c.iterations, 10_000);
        }
        let c = cost_vs_completions(&[column], 600);
        assert_eq!(c.options[0].points[1], (cost[17], done[17]));
        assert_eq!(c.options[0].median, Some((sc.p50, sd.p50)));
    }

    #[test]
    fn non_finite_pairs_are_skipped() {
        assert_eq!(
            thin(&[1.0, f64::NAN, 3.0], &[1.0, 2.0], 10),
            vec![(1.0, 1.0)]
        );
        assert!(thin(&[], &[], 10).is_empty());
    }
}
