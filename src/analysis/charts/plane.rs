//! The cost-effectiveness plane: each option's difference from the baseline in effect and
//! cost, per iteration, thinned to a point cloud, with the means over every iteration.

use super::cloud::thin;
use rayon::prelude::*;
use serde::Serialize;

/// One option's difference from the baseline option in each iteration, in the same order.
pub struct PlaneSeries<'a> {
    /// The option's position in the scenario (from 0), which picks its colour.
    pub option: usize,
    /// The option's name, as the user wrote it.
    pub name: &'a str,
    /// Effect of the option minus that of the baseline, per iteration, in units of effect.
    pub delta_effect: &'a [f64],
    /// Cost of the option minus that of the baseline, per iteration, £.
    pub delta_cost: &'a [f64],
}

/// The cost-effectiveness plane, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CePlane {
    /// One entry per option other than the baseline.
    pub options: Vec<PlaneOption>,
    /// The willingness to pay, £ per unit of effect, when finite.
    pub lambda: Option<f64>,
    /// The most iterations of any option (the points are a thinned selection of them).
    pub iterations: usize,
}

/// One option on the plane.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaneOption {
    /// The option's position in the scenario (from 0), which picks its colour.
    pub option: usize,
    /// The option's name, as the user wrote it.
    pub name: String,
    /// (incremental effect, incremental cost £) of every k-th iteration, those with both
    /// finite.
    pub points: Vec<(f64, f64)>,
    /// The means over every iteration with both differences finite (None: there is none).
    pub mean: Option<PlaneMean>,
}

/// An option's means on the cost-effectiveness plane.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlaneMean {
    /// Iterations where both differences are finite.
    pub n: usize,
    /// Mean incremental effect, units of effect: the sum in index order divided by `n`.
    pub effect: f64,
    /// Mean incremental cost, £, summed likewise.
    pub cost: f64,
    /// Iterations with a positive net benefit at λ, λ × effect − cost > 0 (0 without λ).
    pub accepted: usize,
}

/// The plane of `series`: at most `max_points` points per option (every k-th iteration, k the
/// smallest that gives no more than `max_points`) and each option's means over all
/// iterations. Iterations where either difference is non-finite are skipped; a non-finite
/// `lambda` counts as none.
pub fn ce_plane(series: &[PlaneSeries<'_>], lambda: Option<f64>, max_points: usize) -> CePlane {
    let lambda = lambda.filter(|l| l.is_finite());
    let len = |s: &PlaneSeries<'_>| s.delta_effect.len().min(s.delta_cost.len());
    let means: Vec<Option<PlaneMean>> = series
        .par_iter()
        .map(|s| {
            let n = len(s);
            let (mut count, mut effect, mut cost, mut accepted) = (0usize, 0.0, 0.0, 0usize);
            for (&e, &c) in s.delta_effect[..n].iter().zip(&s.delta_cost[..n]) {
                if e.is_finite() && c.is_finite() {
                    count += 1;
                    effect += e;
                    cost += c;
                    accepted += usize::from(lambda.is_some_and(|l| l * e - c > 0.0));
                }
            }
            (count > 0).then(|| PlaneMean {
                n: count,
                effect: effect / count as f64,
                cost: cost / count as f64,
                accepted,
            })
        })
        .collect();
    let options = series
        .iter()
        .zip(means)
        .map(|(s, mean)| PlaneOption {
            option: s.option,
            name: s.name.to_owned(),
            points: thin(s.delta_effect, s.delta_cost, max_points),
            mean,
        })
        .collect();
    CePlane {
        options,
        lambda,
        iterations: series.iter().map(len).max().unwrap_or(0),
    }
}

/// Each option's column minus the `reference` option's, iteration by iteration, for every
/// option but the reference, in order.
pub fn differences<C: AsRef<[f64]>>(columns: &[C], reference: usize) -> Vec<Vec<f64>> {
    let base = columns[reference].as_ref();
    columns
        .iter()
        .enumerate()
        .filter(|(o, _)| *o != reference)
        .map(|(_, c)| c.as_ref().iter().zip(base).map(|(x, b)| x - b).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_and_acceptance_over_every_finite_iteration() {
        let effect = [1.0, 2.0, f64::NAN, 4.0, -1.0];
        let cost = [1e3, 5e3, 0.0, 2e3, -3e3];
        let series = [PlaneSeries {
            option: 1,
            name: "A",
            delta_effect: &effect,
            delta_cost: &cost,
        }];
        let plane = ce_plane(&series, Some(2e3), 2);
        let m = plane.options[0].mean.expect("finite iterations");
        // Iterations 0, 1, 3, 4: effect 6/4, cost 5,000/4; 2,000 × e − c > 0 for 0, 3 and 4.
        assert_eq!((m.n, m.effect, m.cost, m.accepted), (4, 1.5, 1250.0, 3));
        // Every third iteration: 0 and 3.
        assert_eq!(plane.options[0].points, vec![(1.0, 1e3), (4.0, 2e3)]);
        assert_eq!(plane.iterations, 5);
        let none = ce_plane(&series, Some(f64::NAN), 2);
        assert_eq!(
            (none.lambda, none.options[0].mean.unwrap().accepted),
            (None, 0)
        );
        let empty = PlaneSeries {
            option: 2,
            name: "B",
            delta_effect: &[],
            delta_cost: &[],
        };
        assert_eq!(ce_plane(&[empty], None, 10).options[0].mean, None);
    }

    #[test]
    fn differences_leave_out_the_reference() {
        let columns = [vec![1.0, 2.0], vec![5.0, 7.0], vec![0.5, 0.0]];
        assert_eq!(
            differences(&columns, 1),
            vec![vec![-4.0, -5.0], vec![-4.5, -7.0]]
        );
    }
}
